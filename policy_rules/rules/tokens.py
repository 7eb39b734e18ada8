"""Fast term matching over a word index of the document.

Scanning the text once per term list with a big regex alternation costs milliseconds per list, and a
ruleset has hundreds of lists. Instead the document's words are indexed once (lower-cased, with their
offsets), and each term is looked up by its first word and verified word by word: a dictionary lookup
per term instead of a scan per list. Semantics match :mod:`policy_rules.rules.terms`: whole words,
case-insensitive, each word in any of its inflections (:mod:`.inflection`, computed when the term is
parsed), plural-tolerant last word, ``*`` wildcard, and any mix of spaces, hyphens and line breaks
between words; other punctuation inside a term ("Art. 6(1)(f)") must be present in the text.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import inflection

_WORD = re.compile(r"\w+")
_WORD_SPLIT = re.compile(r"(\w+)")
_SOFT_GAP = re.compile(r"[\s\-‐‑–]+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})


def _gap_key(gap: str) -> str:
    """A gap between two words, reduced to what must match: spaces and hyphens are interchangeable."""
    return _SOFT_GAP.sub("", gap.translate(_APOSTROPHES))


@dataclass
class TokenIndex:
    """Words of a text with offsets; built once per document and shared by every term leaf."""

    text: str
    words: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    positions: dict[str, list[int]] = field(default_factory=dict)
    found: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    #: What each :class:`TermSet` found, by its terms (equal lists in several rules are found once).
    sets: dict[tuple[Term, ...], list[tuple[int, int]]] = field(default_factory=dict)
    _vocabulary: list[str] | None = None
    _unions: dict[frozenset[str], list[int]] = field(default_factory=dict)
    _pairs: dict[tuple[str, str], list[int]] | None = None
    _spans: list[tuple[int, int]] | None = None

    def __post_init__(self) -> None:
        self.words, self.starts, self.ends = _split_words(self.text)
        positions: dict[str, list[int]] = {}
        for i, word in enumerate(self.words):
            bucket = positions.get(word)
            if bucket is None:
                positions[word] = [i]
            else:
                bucket.append(i)
        self.positions = positions

    def gap(self, i: int) -> str:
        """Text between word ``i`` and word ``i + 1``."""
        return self.text[self.ends[i] : self.starts[i + 1]]

    def positions_of(self, forms: frozenset[str]) -> list[int]:
        """Where any of the forms occurs (not sorted; not to be modified). Many terms share a word,
        and :func:`word_forms` gives them the same set: the union is built once per document."""
        positions = self.positions
        present = positions.keys() & forms  # a set operation in C: most forms are not in the text
        if not present:
            found: list[int] = []
        elif len(present) == 1:  # the usual case: that form's own list, no copy
            found = positions[next(iter(present))]
        else:
            found = list(itertools.chain.from_iterable(positions[w] for w in present))
        self._unions[forms] = found
        return found

    def pair_positions(self) -> dict[tuple[str, str], list[int]]:
        """Where each pair of consecutive words starts (ascending), built on first use: a term of
        several words anchors on its rarest pair, which most policies have far fewer of than of its
        rarest word ("third" and "party" are everywhere; "third party" after "opt-out" is not)."""
        pairs = self._pairs
        if pairs is None:
            pairs = self._pairs = {}
            words = self.words
            for i, pair in enumerate(zip(words, itertools.islice(words, 1, None), strict=False)):
                bucket = pairs.get(pair)
                if bucket is None:
                    pairs[pair] = [i]
                else:
                    bucket.append(i)
        return pairs

    def spans(self) -> list[tuple[int, int]]:
        """``(start, end)`` of every word, made once: a one-word term's matches are picked from it."""
        spans = self._spans
        if spans is None:
            spans = self._spans = list(zip(self.starts, self.ends, strict=True))
        return spans

    def with_prefix(self, prefix: str) -> Iterable[str]:
        if self._vocabulary is None:
            self._vocabulary = sorted(self.positions)
        vocabulary = self._vocabulary
        lo = bisect.bisect_left(vocabulary, prefix)
        for word in vocabulary[lo:]:
            if not word.startswith(prefix):
                break
            yield word


def _lowers_in_place(text: str) -> bool:
    """Whether ``text.lower()`` lower-cases each character on its own into one character of the same
    kind (word or not): then the lowered text has the same words at the same offsets, and each is the
    lower-cased word. Checked on the distinct non-ASCII characters only: ASCII always does. The capital
    sigma lowers by context (final or not), so a text holding it takes the slow road."""
    if text.isascii():
        return True
    for c in set(text):
        if c.isascii():
            continue
        low = c.lower()
        if c == "\u03a3" or len(low) != 1 or (c.isalnum() or c == "_") != (low.isalnum() or low == "_"):
            return False
    return True


def _split_words(text: str) -> tuple[list[str], list[int], list[int]]:
    """The lower-cased words of ``text`` with their start and end offsets.

    Splitting on the captured words gives gap, word, gap, ... as strings made in C, and the running
    sum of their lengths gives every offset, where a match object per word costs a Python step each."""
    if not _lowers_in_place(text):
        found = list(_WORD.finditer(text))
        return [m.group().lower() for m in found], [m.start() for m in found], [m.end() for m in found]
    pieces = _WORD_SPLIT.split(text.lower())
    offsets = list(itertools.accumulate(map(len, pieces)))
    return pieces[1::2], offsets[0:-1:2], offsets[1::2]


def _plurals(word: str) -> tuple[str, ...]:
    """A last word and its regular plurals: policy, policies; right, rights; process, processes."""
    if not word[-1:].isalpha():
        return (word,)
    forms = [word, word + "s", word + "es"]
    if len(word) > 1 and word.endswith("y") and word[-2] not in "aeiou":
        forms.append(word[:-1] + "ies")
    return tuple(forms)


@functools.cache
def word_forms(word: str, last: bool, exact: bool) -> frozenset[str]:
    """What one word of a term matches in the text (lower-cased): its inflections
    (:mod:`.inflection`) unless the term is exact, and for the last word its regular plurals too."""
    forms = {word.lower()} if exact else set(inflection.word_forms(word))
    if last:
        forms.update(_plurals(word.lower()))
    return frozenset(forms)


@dataclass(frozen=True, eq=False)
class Term:
    """One parsed term. Identical terms are interned (see :func:`parse_term`), so results can be
    cached per document by identity. ``forms[k]`` is what word ``k`` matches; a wildcard's last word
    matches any word it begins."""

    words: tuple[str, ...]
    gaps: tuple[str, ...]
    wildcard: bool
    forms: tuple[frozenset[str], ...] = ()

    @classmethod
    def parse(cls, term: str) -> Term | None:
        """None when the term cannot be matched by words (it starts or ends with punctuation)."""
        exact, text = inflection.split_exact(term)
        text = text.translate(_APOSTROPHES)
        wildcard = text.endswith("*")
        text = text.rstrip("*").strip()
        matches = list(_WORD.finditer(text))
        if not matches or matches[0].start() != 0 or matches[-1].end() != len(text):
            return None
        written = [m.group() for m in matches]
        words = tuple(w.lower() for w in written)
        gaps = tuple(_gap_key(text[a.end() : b.start()]) for a, b in itertools.pairwise(matches))
        last = len(words) - 1
        # A word joined to the next by other punctuation ("don't", "Art. 6") is not a word of its own.
        alone = [(k == 0 or not gaps[k - 1]) and (k == last or not gaps[k]) for k in range(len(words))]
        forms = tuple(
            frozenset((w.lower(),))
            if wildcard and k == last
            else word_forms(w, k == last, exact or not alone[k])
            for k, w in enumerate(written)
        )
        return cls(words, gaps, wildcard, forms)

    def _positions(self, index: TokenIndex, k: int) -> list[int]:
        """Where word ``k`` of the term occurs in the document, in any of its forms (not to be
        modified: it may be the index's own list)."""
        if self.wildcard and k == len(self.words) - 1:
            positions = index.positions
            return [i for w in index.with_prefix(self.words[k]) for i in positions[w]]
        forms = self.forms[k]
        found = index._unions.get(forms)
        return index.positions_of(forms) if found is None else found

    def find(self, index: TokenIndex) -> list[tuple[int, int]]:
        cached = index.found.get(id(self))
        if cached is not None:
            return cached
        out = self._find(index)
        index.found[id(self)] = out
        return out

    def _find(self, index: TokenIndex) -> list[tuple[int, int]]:
        words = self.words
        if len(words) == 1:  # sorted like every term's matches: a TermSet may return them as they are
            return list(map(index.spans().__getitem__, sorted(self._positions(index, 0))))
        if not self.wildcard:
            return self._find_by_pairs(index)
        starts, ends = index.starts, index.ends
        # Anchor on the rarest word: most terms have a word the document never uses, and exit here.
        # The wildcard's prefix scan is the dearest lookup, so it comes last.
        anchor_k, anchor = 0, None
        unions, last = index._unions, len(words) - 1
        for k, forms_k in enumerate(self.forms):
            if k == last and self.wildcard:
                p = self._positions(index, k)
            else:  # inlined: this loop runs for every term on every document
                p = unions.get(forms_k)  # type: ignore[assignment]
                if p is None:
                    p = index.positions_of(forms_k)
            if not p:
                return []
            if anchor is None or len(p) < len(anchor):
                anchor_k, anchor = k, p
        assert anchor is not None
        doc_words = index.words
        forms, prefix = self.forms, words[last] if self.wildcard else None
        out = []
        for j in anchor:
            i = j - anchor_k
            if i < 0 or i + last >= len(doc_words):
                continue
            for k in range(len(words)):
                w = doc_words[i + k]
                if not (w.startswith(prefix) if k == last and prefix is not None else w in forms[k]):
                    break
                if k and _gap_key(index.gap(i + k - 1)) != self.gaps[k - 1]:
                    break
            else:
                out.append((starts[i], ends[i + last]))
        out.sort()
        return out

    def _find_by_pairs(self, index: TokenIndex) -> list[tuple[int, int]]:
        """A term of several words (no wildcard): the starts of its rarest pair of consecutive words
        (:meth:`TokenIndex.pair_positions`), each checked for the other words and for the gaps."""
        vocabulary = index.positions.keys()
        present = []
        for forms_k in self.forms:
            found = vocabulary & forms_k  # a set operation in C: usually one form, often none
            if not found:
                return []
            present.append(found)
        pairs = index.pair_positions()
        anchor_k, anchor = 0, None
        for k in range(len(present) - 1):
            lists = [p for a in present[k] for b in present[k + 1] if (p := pairs.get((a, b)))]
            if not lists:
                return []
            at = lists[0] if len(lists) == 1 else sorted(itertools.chain.from_iterable(lists))
            if anchor is None or len(at) < len(anchor):
                anchor_k, anchor = k, at
        assert anchor is not None
        doc_words, starts, ends = index.words, index.starts, index.ends
        forms, gaps, last = self.forms, self.gaps, len(self.words) - 1
        text = index.text
        out = []
        paired = (anchor_k, anchor_k + 1)  # the anchor pair's words are known to match
        for j in anchor:
            i = j - anchor_k
            if i < 0 or i + last >= len(doc_words):
                continue
            for k in range(last + 1):
                if k not in paired and doc_words[i + k] not in forms[k]:
                    break
                if k:
                    gap = text[ends[i + k - 1] : starts[i + k]]
                    if ("" if gap == " " else _gap_key(gap)) != gaps[k - 1]:
                        break
            else:
                out.append((starts[i], ends[i + last]))
        return out  # ascending: the anchor's starts are


_INTERNED: dict[str, Term | None] = {}
_BY_MATCH: dict[tuple[object, ...], Term] = {}


def parse_term(term: str) -> Term | None:
    """:meth:`Term.parse`, interned: terms that match the same words give the same object across
    rules ("share" and "shared" inflect to one set of forms), so each is looked up once per document."""
    if term not in _INTERNED:
        parsed = Term.parse(term)
        if parsed is not None:
            key = (parsed.forms, parsed.gaps, parsed.wildcard, parsed.words[-1] if parsed.wildcard else None)
            parsed = _BY_MATCH.setdefault(key, parsed)
        _INTERNED[term] = parsed
    return _INTERNED[term]


@dataclass(frozen=True)
class TermSet:
    """Many terms matched as one leaf; overlapping matches keep the longest at each start.

    A term can only match where each of its words does, so each term is filed under the forms of one
    of its words (the gate: the longest word not a wildcard, as the likeliest to be rare). A document
    then tries only the terms whose gate word it uses, found by one set intersection with its
    vocabulary, instead of every term of the list; the result is cached per document and list."""

    terms: tuple[Term, ...]

    def __post_init__(self) -> None:
        gate: dict[str, list[Term]] = {}
        ungated: list[Term] = []
        for term in self.terms:
            k = _gate_word(term)
            if k is None:
                ungated.append(term)
                continue
            for form in term.forms[k]:
                gate.setdefault(form, []).append(term)
        # Tuples, not lists: a cached ruleset holds tens of thousands of these, mostly of one term,
        # and a tuple is the cheaper object to unpickle (see :mod:`.cache`).
        object.__setattr__(self, "_gate", {form: tuple(terms) for form, terms in gate.items()})
        object.__setattr__(self, "_gate_forms", frozenset(gate))
        object.__setattr__(self, "_ungated", tuple(ungated))

    def find(self, index: TokenIndex) -> list[tuple[int, int]]:
        cached = index.sets.get(self.terms)
        if cached is not None:
            return cached
        gate: dict[str, tuple[Term, ...]] = self.__dict__["_gate"]
        present = index.positions.keys() & self.__dict__["_gate_forms"]
        candidates: dict[int, Term] = {id(t): t for t in self.__dict__["_ungated"]}
        for form in present:
            for term in gate[form]:
                candidates[id(term)] = term
        found = index.found
        lists = []
        for key, term in candidates.items():
            matches = found.get(key)
            if matches is None:
                matches = term.find(index)
            if matches:
                lists.append(matches)
        if len(lists) == 1:  # one term matched: its own matches, sorted, one per start, are the answer
            out = lists[0]
        else:
            best: dict[int, int] = {}
            for matches in lists:
                for start, end in matches:
                    if end > best.get(start, -1):
                        best[start] = end
            out = sorted(best.items())
        index.sets[self.terms] = out
        return out


def _gate_word(term: Term) -> int | None:
    """Which word of ``term`` files it in a :class:`TermSet` (None: a lone wildcard, always tried)."""
    last = len(term.words) - 1
    choices = [k for k in range(len(term.words)) if not (term.wildcard and k == last)]
    if not choices:
        return None
    return max(choices, key=lambda k: (min(len(f) for f in term.forms[k]), -k))


_TERM_SETS: weakref.WeakValueDictionary[frozenset[Term], TermSet] = weakref.WeakValueDictionary()


def term_set(terms: tuple[Term, ...]) -> TermSet:
    """The one live :class:`TermSet` of ``terms``.

    A vocabulary is referenced from many rules (the Privacy Shield ruleset builds 558 term lists from
    73 distinct ones), and each list's gate index holds a few dozen entries per term. Sharing one
    object per list keeps the compiled ruleset, and its cached pickle, to the distinct lists: the
    pickle records a shared object once, so loading the built-in rulesets from the cache halves.
    The same terms in another order are the same set (what it matches does not depend on the order).
    Weak values: a set lives only as long as a compiled ruleset uses it.
    """
    key = frozenset(terms)
    found = _TERM_SETS.get(key)
    if found is None:
        found = TermSet(terms)
        _TERM_SETS[key] = found
    return found
