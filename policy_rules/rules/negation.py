"""Is an occurrence stated in the negative?

"We do not sell your data" must not count as a disclosure of selling, and "we do not transfer data
outside the EEA" must switch a transfer rule off rather than trigger it. Policies deny in more ways
than "not": they *prevent* ("we take steps to prevent data being kept indefinitely"), *avoid*,
*cease* ("we no longer rely on the Privacy Shield"), *refrain*, or do one thing *rather than*
another. A word is negated when such a cue stands earlier in the same clause.

The scope is the clause, not a word window: it runs back from the word to the nearest clause break
(a sentence end, ``;`` or ``:``, a bracket, "but", "however", "unless", "except", "other than",
"if", "when", "where", "which", "that", or a comma that starts a new subject): what follows
"except" or "other than" is the exception, which is done. A cue in a subordinate clause
("if you do not agree, …") therefore does not reach into the main clause after it. The look-back is
capped at :data:`MAX_CLAUSE` characters so a run-on sentence costs a bounded scan per word.

A list item's first clause continues its lead-in: after "We do not:", "sell your data" is denied.
:meth:`SentenceNegation.first_clause` and :meth:`SentenceNegation.tail` let the matcher carry a
lead-in's open denial into its items (see :func:`policy_rules.rules.matchers.negated_at`).
"""

from __future__ import annotations

import bisect
import re

#: Longest stretch of a clause searched for a cue before the word (characters).
MAX_CLAUSE = 240
#: How far a cue's own look-ahead ("not" but not "not only") may read past the word.
_LOOKAHEAD = 30

_CUE = re.compile(
    r"(?<!\w)(?:"
    # Denial: not, never, no, none, nor, neither, without, cannot, unable, refuse, decline, deny.
    r"not(?!\s+(?:only|limited|later|more|less|exceed|to\s+exceed|just|necessarily))"
    r"|never|no(?!\s+(?:later|more|less|longer\s+than|matter))"
    r"|none|nor|neither|without|cannot|unable|refus(?:e|es|ed|ing)|declin(?:e|es|ed|ing)"
    r"|den(?:y|ies|ied|ying)"
    # Prevention and avoidance: the act is what is stopped.
    r"|prevent(?:s|ed|ing)?|avoid(?:s|ed|ing)?|refrain(?:s|ed|ing)?|prohibit(?:s|ed|ing)?"
    r"|forbid(?:s|den)?|preclude[sd]?|protect\s+(?:you|your\s+\w+|it|them)\s+(?:from|against)"
    # Cessation: no longer, ceased, stopped, discontinued, withdrawn from.
    r"|cease[sd]?|ceasing|stop(?:s|ped|ping)?|discontinu(?:e|es|ed|ing)|withdr[ae]w(?:n)?\s+from"
    r"|rather\s+than|instead\s+of"
    r")(?!\w)"
    r"|n['’]t(?!\w)",
    re.IGNORECASE,
)
_BREAK = re.compile(
    r"[;:()]|[.!?]\s"
    r"|,\s*(?:and\s+|so\s+|then\s+|or\s+)?(?:you|we|they|it|he|she|users?|our\s+\w+|this|these)(?!\w)"
    r"|(?<!\w)(?:but|however|although|though|except|unless|whereas|instead(?!\s+of)|if|when|whenever"
    r"|where|which|who|whom|that|so\s+that|because|while|until|provided|other\s+than|apart\s+from)(?!\w)",
    re.IGNORECASE,
)


def is_negated(text: str, start: int, floor: int = 0) -> bool:
    """True when ``text[start:]`` sits in a negated clause; ``floor`` is where the sentence begins."""
    lo = max(floor, start - MAX_CLAUSE)
    cut = lo
    for m in _BREAK.finditer(text, lo, start):
        cut = m.end()
    # The cue must end before the word, but may look past it ("not only" is no denial).
    return any(m.end() <= start for m in _CUE.finditer(text, cut, min(len(text), start + _LOOKAHEAD)))


class SentenceNegation:
    """:func:`is_negated` for many words of one document, scanning each sentence for clause breaks
    and cues once instead of once per word (a ruleset asks about thousands of words)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._cues: dict[int, tuple[list[int], list[int]]] = {}
        self._breaks: dict[int, list[int]] = {}

    def _scan_cues(self, floor: int, end: int) -> tuple[list[int], list[int]]:
        found = self._cues.get(floor)
        if found is None:
            spans = [m.span() for m in _CUE.finditer(self.text, floor, end)]
            found = self._cues[floor] = ([s for s, _ in spans], [e for _, e in spans])
        return found

    def _scan_breaks(self, floor: int, end: int) -> list[int]:
        """The clause breaks of a sentence, scanned only when it is asked about (most sentences hold
        no cue at all, and then where their clauses break does not matter)."""
        found = self._breaks.get(floor)
        if found is None:
            found = self._breaks[floor] = [m.end() for m in _BREAK.finditer(self.text, floor, end)]
        return found

    def negated(self, start: int, floor: int, end: int) -> bool:
        """Whether the word at ``start`` is negated, in the sentence ``[floor, end)``."""
        if start - floor > MAX_CLAUSE:  # rare: keep the exact bounded look-back
            return is_negated(self.text, start, floor)
        cues, cue_ends = self._scan_cues(floor, end)
        # A cue that ends before the word is needed; with none, no clause break can matter.
        if not cues or cue_ends[0] > start:
            return False
        breaks = self._scan_breaks(floor, end)
        i = bisect.bisect_right(breaks, start) - 1
        cut = breaks[i] if i >= 0 else floor
        j = bisect.bisect_left(cues, cut)
        return j < len(cues) and cue_ends[j] <= start

    def first_clause(self, start: int, floor: int, end: int) -> bool:
        """Whether no clause break stands between the sentence start ``floor`` and ``start``: the
        words a lead-in completes ("We do not:" / "sell your data, but we ...": only "sell your data")."""
        if start - floor > MAX_CLAUSE:
            return False
        breaks = self._scan_breaks(floor, end)
        return not breaks or breaks[0] > start

    def tail(self, floor: int, end: int) -> int:
        """Where the open end of a lead-in sentence ``[floor, end)`` is, before its colon or dash: a
        word there is negated when the lead-in's last clause is ("We do not:")."""
        text = self.text
        while end > floor and (text[end - 1].isspace() or text[end - 1] in ":—–-"):
            end -= 1
        return end


#: A table cell that answers the row with a denial ("We don't share"): a GLBA-style table says "For
#: joint marketing | No | We don't share", and its first cell alone would read as a disclosure. A bare
#: "No" is not enough: which question it answers depends on its column ("Can you limit this?").
_DENIAL_CELL = re.compile(
    r"^\W*(?:we|they|it)\s+(?:do\s+not|don['’]t|does\s+not|doesn['’]t|never)\s+(?:share|sell|disclose|rent)\b"
    r"|^\W*(?:not\s+(?:shared|sold|disclosed))\W*$",
    re.IGNORECASE,
)


def row_denied(row: str) -> bool:
    """Whether a table row (cells joined by " | ") answers itself with a denial in a later cell."""
    cells = row.split(" | ")
    return any(_DENIAL_CELL.search(cell.strip()) for cell in cells[1:])
