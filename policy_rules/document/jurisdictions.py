"""Which jurisdiction each block of a policy addresses.

A global policy often carries sections for particular places: "Your California privacy rights",
"Information for users in the EEA", a paragraph opening "If you are a resident of Nevada, ...". A
45-day response window in the California section is the CCPA's rule, not a breach of GDPR Art. 12(3),
and a GDPR section's "one month" says nothing about a U.S. law. Marking each block with the
jurisdictions its heading path or lead-in addresses lets a rule say whose text may decide it (the
rule language's ``jurisdictions:`` key).

A section is marked from its heading; a block inherits the innermost marked section above it. A
paragraph whose first clause is a lead-in naming a place ("For California residents:", "Under the
GDPR, ...") is marked itself, and when it ends in a colon, so are the list items under it. The
cue terms live in ``policy_rules/data/jurisdictions.json`` so they can be read and extended as data:
per jurisdiction id a label and its terms, whole words or phrases matched case-insensitively. (JSON,
not YAML: the table is read at the first policy parsed, and PyYAML would add a fiftieth of a second
to every one-file run.) Unmarked text is ``general``.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources

from .model import BlockKind, PolicyDocument

GENERAL = "general"

#: How much of a block's start is read for a lead-in: the first clause of its first sentence.
_LEAD_CHARS = 160
#: How much of a heading is read: a heading that addresses a place says so early, and the bound keeps
#: a pathological one-line "heading" of megabytes from costing a scan per cue.
_HEADING_CHARS = 300
_CLAUSE_END = re.compile(r"[,:;.!?](?:\s|$)|\s[-–—]\s")
_LEAD = re.compile(
    r"(?:(?:if|where|when)\s+you\b|for\b|to\b|under\b|pursuant\s+to\b|in\s+accordance\s+with\b"
    r"|this\s+(?:section|notice|part|paragraph|addendum|supplement)\b|the\s+following\b"
    r"|these\s+(?:rights|provisions|terms|disclosures)\b"
    r"|(?:[\w.'’-]+\s+){1,3}(?:residents?|users?|consumers?|individuals|visitors|customers|data\s+subjects)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Cues:
    """The compiled cue table: one alternation per jurisdiction, matched as whole words."""

    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    labels: dict[str, str]

    def find(self, text: str) -> frozenset[str]:
        return frozenset(name for name, pattern in self.patterns if pattern.search(text))


@functools.lru_cache(maxsize=1)
def cues() -> Cues:
    raw = resources.files("policy_rules").joinpath("data/jurisdictions.json").read_text(encoding="utf-8")
    data = json.loads(raw)["jurisdictions"]
    patterns = []
    labels = {GENERAL: "text addressed to no jurisdiction in particular"}
    for name, entry in data.items():
        terms = sorted(entry["terms"], key=len, reverse=True)
        body = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in terms)
        patterns.append((name, re.compile(rf"(?<![\w.])(?:{body})(?![\w])", re.IGNORECASE)))
        labels[name] = entry["label"]
    return Cues(tuple(patterns), labels)


def known_jurisdictions() -> tuple[str, ...]:
    """The ids a rule may name in ``jurisdictions:``."""
    return (GENERAL, *(name for name, _ in cues().patterns))


def lead_in(text: str) -> frozenset[str]:
    """The jurisdictions a block's opening clause addresses ("If you live in the EEA, ...")."""
    head = text[:_LEAD_CHARS]
    end = _CLAUSE_END.search(head)
    clause = head[: end.start()] if end else head
    if not _LEAD.match(clause):
        return frozenset()
    return cues().find(clause)


def mark_jurisdictions(doc: PolicyDocument) -> list[frozenset[str]]:
    """For every block, the jurisdictions it addresses (empty: general text)."""
    table = cues()
    marked: list[frozenset[str]] = []
    for s in doc.sections:  # parents come before children, so a parent's mark is ready
        inherited = marked[s.parent] if s.parent is not None else frozenset()
        own = table.find(s.title[:_HEADING_CHARS]) if s.heading_block is not None else frozenset()
        marked.append(own or inherited)
    out: list[frozenset[str]] = []
    carried: frozenset[str] = frozenset()  # a lead-in ending in ":" speaks for the list under it
    for b in doc.blocks:
        if b.kind is BlockKind.HEADING:
            carried = frozenset()
            out.append(marked[b.section])
            continue
        if b.kind is BlockKind.LIST_ITEM and carried:
            out.append(carried)
            continue
        own = lead_in(b.text)
        carried = own if own and b.text.rstrip().endswith(":") else frozenset()
        out.append(own or marked[b.section])
    return out
