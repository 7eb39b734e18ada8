"""The single-core fast paths give what the plain computations give.

Word splitting without match objects, term lists gated by one word of each term, lazily scanned
clause breaks: each is checked against the straightforward version it replaced, on synthetic text.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from policy_rules.rules.negation import SentenceNegation, is_negated
from policy_rules.rules.tokens import (
    TermSet,
    TokenIndex,
    _gap_key,
    _lowers_in_place,
    _split_words,
    parse_term,
)

_WORD = re.compile(r"\w+")


def plain_split(text: str) -> tuple[list[str], list[int], list[int]]:
    found = list(_WORD.finditer(text))
    return [m.group().lower() for m in found], [m.start() for m in found], [m.end() for m in found]


# Letters that lower-case to two characters (İ), by context (Σ), to another kind, and plain ones.
_ALPHABET = "aAbBzZ_09 \t\n-.,'’éÉßİΣσςΟΔǅⅫ²ﬁ\u0301"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=80))
def test_split_words_is_the_plain_split(text: str) -> None:
    assert _split_words(text) == plain_split(text)


def test_lowering_that_moves_offsets_takes_the_slow_road() -> None:
    assert _lowers_in_place("plain ascii text")
    assert _lowers_in_place("café über")
    assert not _lowers_in_place("İstanbul")  # lowers to two characters
    assert not _lowers_in_place("ΟΔΟΣ")  # the final sigma depends on what follows
    assert _split_words("İstanbul x") == plain_split("İstanbul x")


_TERMS = [
    "personal data",
    "data",
    "third party",
    "third-party cookies",
    "opt out",
    "sell*",
    "do not sell",
    "share",
    "right to erasure",
    "data protection officer",
    "don't",
    "=Art. 6",
]
_WORDS = [
    "personal",
    "data",
    "third",
    "party",
    "parties",
    "cookies",
    "opt",
    "out",
    "selling",
    "sells",
    "do",
    "not",
    "sell",
    "shared",
    "right",
    "to",
    "erasure",
    "protection",
    "officer",
    "don't",
    "Art.",
    "6",
    "we",
    "the",
]


def every_term(terms: list[str], index: TokenIndex) -> list[tuple[int, int]]:
    """The plain merge: every term tried, the longest match kept at each start."""
    best: dict[int, int] = {}
    for text in terms:
        term = parse_term(text)
        assert term is not None
        for start, end in term._find(index):
            best[start] = max(best.get(start, -1), end)
    return sorted(best.items())


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_TERMS), min_size=1, max_size=6, unique=True),
    st.lists(st.sampled_from(_WORDS), max_size=30),
    st.lists(st.sampled_from([" ", "-", " - ", "\n", ", ", ". "]), min_size=30, max_size=30),
)
def test_gated_term_set_finds_what_every_term_finds(
    terms: list[str], words: list[str], gaps: list[str]
) -> None:
    text = "".join(w + g for w, g in zip(words, gaps, strict=False))
    parsed = tuple(t for t in (parse_term(x) for x in terms) if t is not None)
    index = TokenIndex(text)
    found = TermSet(parsed).find(index)
    assert found == every_term(terms, TokenIndex(text))
    assert TermSet(parsed).find(index) is found  # the same list again: cached per document


_SENTENCES = st.lists(
    st.sampled_from(
        [
            "we",
            "do",
            "not",
            "sell",
            "data",
            ",",
            "but",
            "we",
            "share",
            "it",
            ";",
            "never",
            "if",
            "you",
            "no",
            "longer",
            "rather than",
            "only",
            ":",
        ]
    ),
    min_size=1,
    max_size=25,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_SENTENCES)
def test_lazy_clause_breaks_negate_like_the_plain_scan(sentence: str) -> None:
    scanner = SentenceNegation(sentence)
    for m in _WORD.finditer(sentence):
        assert scanner.negated(m.start(), 0, len(sentence)) == is_negated(sentence, m.start())


def plain_find(text: str, term: str) -> list[tuple[int, int]]:
    """A term tried at every word of the text: each word in its forms, each gap as the term's."""
    parsed = parse_term(term)
    assert parsed is not None
    index = TokenIndex(text)
    words, n = parsed.words, len(parsed.words)

    def word_ok(i: int, k: int) -> bool:
        if parsed.wildcard and k == n - 1:
            return index.words[i + k].startswith(words[k])
        return index.words[i + k] in parsed.forms[k]

    return [
        (index.starts[i], index.ends[i + n - 1])
        for i in range(len(index.words) - n + 1)
        if all(word_ok(i, k) for k in range(n))
        and all(_gap_key(index.gap(i + k)) == parsed.gaps[k] for k in range(n - 1))
    ]


_MULTI = ["opt out of the sale", "do not sell my personal data", "third party third party", "Art. 6"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([*_TERMS, *_MULTI]), st.data())
def test_a_term_finds_what_trying_every_word_finds(term: str, data: st.DataObject) -> None:
    # the text is made mostly of the term's own words, so near misses (a word out of place, a comma
    # or a full stop between two of them) are common
    own = [w for w in term.replace(".", " ").replace("*", "").split() if w]
    words = data.draw(st.lists(st.sampled_from([*own, "sells", "parties", "we", "Art."]), max_size=30))
    gaps = data.draw(
        st.lists(
            st.sampled_from([" ", "-", " - ", "\n", ", ", ". ", "  ", "\u2013"]), min_size=30, max_size=30
        )
    )
    text = "".join(w + g for w, g in zip(words, gaps, strict=False))
    parsed = parse_term(term)
    assert parsed is not None
    assert parsed._find(TokenIndex(text)) == plain_find(text, term)
