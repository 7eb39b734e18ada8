from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy_rules.rules.terms import term_regex, terms_regex


def matches(terms: list[str], text: str) -> bool:
    return re.search(terms_regex(terms), text, re.IGNORECASE) is not None


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("opt-out", "you can opt out at any time"),
        ("opt out", "use the opt-out link"),
        ("third party", "shared with third-parties"),
        ("third party", "shared with third\nparties"),
        ("data broker", "Data Brokers"),
        ("delet*", "deletion of your data"),
        ("don't sell", "we don’t sell"),
        ("service provider", "our service providers"),
    ],
)
def test_tolerant_matches(term: str, text: str) -> None:
    assert matches([term], text)


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("access", "accessibility statement"),
        ("DPO", "DPOXYZ"),
        ("us", "business"),
        ("rights", "copyrights"),
    ],
)
def test_word_boundaries(term: str, text: str) -> None:
    assert not matches([term], text)


def test_longest_alternative_first() -> None:
    m = re.search(terms_regex(["data", "data controller"]), "the data controller is", re.IGNORECASE)
    assert m is not None and m.group(0) == "data controller"


def test_empty_term_is_rejected() -> None:
    with pytest.raises(ValueError):
        term_regex(" - ")


@given(
    st.lists(
        st.text(min_size=1, max_size=20).filter(lambda t: any(c.isalnum() for c in t)), min_size=1, max_size=5
    )
)
def test_any_term_list_compiles_and_finds_itself(terms: list[str]) -> None:
    pattern = re.compile(terms_regex(terms), re.IGNORECASE)
    for term in terms:
        core = term.strip().rstrip("*").strip()
        if core and core[0].isalnum() and core[-1].isalnum():
            assert pattern.search(f" {core} ") is not None


@given(
    st.lists(
        st.sampled_from(["data", "data controller", "(c)", "$5", "opt-out", "us", "use*", "it's"]), min_size=1
    ),
    st.text(alphabet="data controler()$5 opt-usi'’\n", max_size=60),
)
def test_factored_alternation_matches_like_separate_terms(terms: list[str], text: str) -> None:
    """terms_regex factors the word-start guard out; it must find exactly what the plain alternation finds."""
    plain = "|".join(f"(?:{term_regex(t)})" for t in sorted(set(terms), key=lambda t: (-len(t), t)))
    got = [m.span() for m in re.finditer(terms_regex(terms), text, re.IGNORECASE)]
    want = [m.span() for m in re.finditer(plain, text, re.IGNORECASE)]
    assert got == want
