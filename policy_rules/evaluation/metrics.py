"""Agreement between findings and gold labels, per rule and overall.

Outcomes map to gold classes: pass -> present, fail -> contradicted, missing and not_applicable ->
absent (a conditional rule whose trigger is absent agrees with an absent label). The "violation"
class is what a user wants caught: absent or contradicted.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..engine.findings import Finding, Outcome

_OUTCOME_CLASS = {
    Outcome.PASS: "present",
    Outcome.FAIL: "contradicted",
    Outcome.MISSING: "absent",
    Outcome.NOT_APPLICABLE: "absent",
}
_FRAGMENT_SPLIT = re.compile(r"\[\.\.\.\]|\[…\]|PLACEHOLDER|…|\.\.\.")
_SPACE = re.compile(r"\s+")
#: Fragments shorter than this are too common to place by search (a heading word occurs everywhere).
_LOCATABLE = 20
#: A gold quote this long annotates a paragraph, not a phrase.
PARAGRAPH_QUOTE = 250


def predicted_class(finding: Finding) -> str:
    return _OUTCOME_CLASS[finding.outcome]


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


class GoldLocator:
    """Finds gold phrases in a document's original text, ignoring case and runs of white space.

    Gold evidence is often a whole paragraph cut to a fixed length, so "the quote is inside the
    phrase" misses a sentence that straddles the cut: overlap is measured on spans, as the corpus
    format defines it, wherever a phrase can be found in the text. A phrase of at least
    :data:`PARAGRAPH_QUOTE` characters is a paragraph-level annotation (a cut one stops mid-paragraph),
    so it stands for the rest of the block it starts in, given the block ``ends`` (source offsets)."""

    def __init__(self, text: str, block_spans: Sequence[tuple[int, int]] = ()) -> None:
        chars: list[str] = []
        origin: list[int] = []
        previous_space = True
        for i, ch in enumerate(text):
            if ch.isspace():
                if previous_space:
                    continue
                ch = " "
                previous_space = True
            else:
                previous_space = False
            chars.append(ch.lower())
            origin.append(i)
        self._text = "".join(chars)
        self._origin = origin
        self._blocks = sorted(block_spans)
        self._starts = [start for start, _ in self._blocks]
        self._cache: dict[str, list[tuple[int, int]]] = {}

    def _paragraph_end(self, start: int, end: int) -> int:
        i = bisect.bisect_right(self._starts, start) - 1
        if i >= 0 and self._blocks[i][0] <= start < self._blocks[i][1]:
            return max(end, self._blocks[i][1])
        return end

    def spans(self, phrase: str) -> list[tuple[int, int]]:
        """Every occurrence of ``phrase`` as ``(start, end)`` offsets into the original text."""
        needle = _norm(phrase)
        found = self._cache.get(needle)
        if found is None:
            found = []
            at = self._text.find(needle) if needle else -1
            while at >= 0:
                start, end = self._origin[at], self._origin[at + len(needle) - 1] + 1
                if len(needle) >= PARAGRAPH_QUOTE:
                    end = self._paragraph_end(start, end)
                found.append((start, end))
                at = self._text.find(needle, at + 1)
            self._cache[needle] = found
        return found


def evidence_overlaps(finding: Finding, phrases: Iterable[str], locator: GoldLocator | None = None) -> bool:
    """Whether any quoted evidence contains a gold phrase (or a fragment of one of 3+ characters), is
    itself contained in one, or (given the document's ``locator``) shares characters with one where
    it stands in the text."""
    quotes = [_norm(e.text) for e in finding.evidence]
    if not quotes:
        return False
    for phrase in phrases:
        for fragment in _FRAGMENT_SPLIT.split(phrase):
            frag = _norm(fragment)
            if len(frag) < 3:
                continue
            if any(frag in q or (len(q) >= 3 and q in frag) for q in quotes):
                return True
            if locator is not None and len(frag) >= _LOCATABLE:
                for start, end in locator.spans(frag):
                    if any(e.span.start < end and start < e.span.end for e in finding.evidence):
                        return True
    return False


@dataclass
class Tally:
    """Counts for one rule (or all rules)."""

    n: int = 0
    correct: int = 0
    tp_violation: int = 0
    fp_violation: int = 0
    fn_violation: int = 0
    tp_present: int = 0
    fp_present: int = 0
    fn_present: int = 0
    pass_with_gold_evidence: int = 0
    pass_overlapping: int = 0
    confusion: dict[tuple[str, str], int] = field(default_factory=dict)

    def add(
        self,
        expected: str,
        finding: Finding,
        phrases: tuple[str, ...],
        locator: GoldLocator | None = None,
    ) -> None:
        got = predicted_class(finding)
        self.n += 1
        self.correct += got == expected
        self.confusion[(expected, got)] = self.confusion.get((expected, got), 0) + 1
        gold_violation = expected != "present"
        got_violation = got != "present"
        if gold_violation and got_violation:
            self.tp_violation += 1
        elif got_violation:
            self.fp_violation += 1
        elif gold_violation:
            self.fn_violation += 1
        if expected == "present" and got == "present":
            self.tp_present += 1
        elif got == "present":
            self.fp_present += 1
        elif expected == "present":
            self.fn_present += 1
        if finding.outcome is Outcome.PASS and expected == "present" and phrases:
            self.pass_with_gold_evidence += 1
            self.pass_overlapping += evidence_overlaps(finding, phrases, locator)

    def merge(self, other: Tally) -> None:
        for name in (
            "n", "correct", "tp_violation", "fp_violation", "fn_violation", "tp_present", "fp_present",
            "fn_present", "pass_with_gold_evidence", "pass_overlapping",
        ):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for key, value in other.confusion.items():
            self.confusion[key] = self.confusion.get(key, 0) + value

    def scores(self) -> dict[str, float | int | None]:
        vp, vr, vf = _prf(self.tp_violation, self.fp_violation, self.fn_violation)
        pp, pr, pf = _prf(self.tp_present, self.fp_present, self.fn_present)
        f1s = [f for f in (vf, pf) if f is not None]
        return {
            "n": self.n,
            "accuracy": _div(self.correct, self.n),
            "absent_precision": vp,
            "absent_recall": vr,
            "absent_f1": vf,
            "present_precision": pp,
            "present_recall": pr,
            "present_f1": pf,
            "macro_f1": sum(f1s) / len(f1s) if f1s else None,
            "evidence_overlap": _div(self.pass_overlapping, self.pass_with_gold_evidence),
        }


def _div(a: int, b: int) -> float | None:
    return a / b if b else None


def _prf(tp: int, fp: int, fn: int) -> tuple[float | None, float | None, float | None]:
    p = _div(tp, tp + fp)
    r = _div(tp, tp + fn)
    if p is None or r is None:
        # A class that never occurs on either side is perfectly handled; one that occurs on one side only
        # scores 0.
        if tp + fp + fn == 0:
            return None, None, None
        return p or 0.0, r or 0.0, 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f
