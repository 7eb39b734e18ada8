"""Fast term matching over a word index of the document.

Scanning the text once per term list with a big regex alternation costs milliseconds per list, and a
ruleset has hundreds of lists. Instead the document's words are indexed once (lower-cased, with their
offsets), and each term is looked up by its first word and verified word by word: a dictionary lookup
per term instead of a scan per list. Semantics match :mod:`policy_rules.rules.terms`: whole words,
case-insensitive, plural-tolerant last word, ``*`` wildcard, and any mix of spaces, hyphens and line
breaks between words; other punctuation inside a term ("Art. 6(1)(f)") must be present in the text.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

_WORD = re.compile(r"\w+")
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
    _vocabulary: list[str] | None = None

    def __post_init__(self) -> None:
        found = list(_WORD.finditer(self.text))
        self.words = [m.group().lower() for m in found]
        self.starts = [m.start() for m in found]
        self.ends = [m.end() for m in found]
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

    def with_prefix(self, prefix: str) -> Iterable[str]:
        if self._vocabulary is None:
            self._vocabulary = sorted(self.positions)
        vocabulary = self._vocabulary
        lo = bisect.bisect_left(vocabulary, prefix)
        for word in vocabulary[lo:]:
            if not word.startswith(prefix):
                break
            yield word


def _forms(word: str) -> tuple[str, ...]:
    """A last word and its plurals: policy, policies; right, rights; process, processes."""
    if not word[-1:].isalpha():
        return (word,)
    forms = [word, word + "s", word + "es"]
    if len(word) > 1 and word.endswith("y") and word[-2] not in "aeiou":
        forms.append(word[:-1] + "ies")
    return tuple(forms)


@dataclass(frozen=True, eq=False)
class Term:
    """One parsed term. Identical terms are interned (see :func:`parse_term`), so results can be
    cached per document by identity."""

    words: tuple[str, ...]
    gaps: tuple[str, ...]
    wildcard: bool
    forms: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, term: str) -> Term | None:
        """None when the term cannot be matched by words (it starts or ends with punctuation)."""
        text = term.strip().translate(_APOSTROPHES)
        wildcard = text.endswith("*")
        text = text.rstrip("*").strip()
        matches = list(_WORD.finditer(text))
        if not matches or matches[0].start() != 0 or matches[-1].end() != len(text):
            return None
        words = tuple(m.group().lower() for m in matches)
        gaps = tuple(_gap_key(text[a.end() : b.start()]) for a, b in itertools.pairwise(matches))
        return cls(words, gaps, wildcard, frozenset(_forms(words[-1])))

    def _last_ok(self, word: str) -> bool:
        return word.startswith(self.words[-1]) if self.wildcard else word in self.forms

    def find(self, index: TokenIndex) -> list[tuple[int, int]]:
        cached = index.found.get(id(self))
        if cached is not None:
            return cached
        out = self._find(index)
        index.found[id(self)] = out
        return out

    def _find(self, index: TokenIndex) -> list[tuple[int, int]]:
        words = self.words
        positions = index.positions
        starts, ends = index.starts, index.ends
        if len(words) == 1:
            found = (
                [i for w in index.with_prefix(words[0]) for i in positions[w]]
                if self.wildcard
                else [i for w in self.forms for i in positions.get(w, ())]
            )
            return [(starts[i], ends[i]) for i in found]
        # Anchor on the rarest word: most terms have a word the document never uses, and exit here.
        anchor_k, anchor = 0, None
        for k, w in enumerate(words[:-1]):
            p = positions.get(w)
            if not p:
                return []
            if anchor is None or len(p) < len(anchor):
                anchor_k, anchor = k, p
        last = len(words) - 1
        last_positions = (
            [i for w in index.with_prefix(words[last]) for i in positions[w]]
            if self.wildcard
            else [i for w in self.forms for i in positions.get(w, ())]
        )
        if not last_positions:
            return []
        assert anchor is not None
        if len(last_positions) < len(anchor):
            anchor_k, anchor = last, last_positions
        doc_words = index.words
        out = []
        for j in anchor:
            i = j - anchor_k
            if i < 0 or i + last >= len(doc_words):
                continue
            for k in range(len(words)):
                w = doc_words[i + k]
                if k < last:
                    if w != words[k]:
                        break
                elif not self._last_ok(w):
                    break
                if k and _gap_key(index.gap(i + k - 1)) != self.gaps[k - 1]:
                    break
            else:
                out.append((starts[i], ends[i + last]))
        out.sort()
        return out


_INTERNED: dict[str, Term | None] = {}


def parse_term(term: str) -> Term | None:
    """:meth:`Term.parse`, interned: the same term text gives the same object across rules."""
    if term not in _INTERNED:
        _INTERNED[term] = Term.parse(term)
    return _INTERNED[term]


@dataclass(frozen=True)
class TermSet:
    """Many terms matched as one leaf; overlapping matches keep the longest at each start."""

    terms: tuple[Term, ...]

    def find(self, index: TokenIndex) -> list[tuple[int, int]]:
        best: dict[int, int] = {}
        for term in self.terms:
            for start, end in term.find(index):
                if end > best.get(start, -1):
                    best[start] = end
        return sorted(best.items())
