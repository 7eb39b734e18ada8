"""What changed between two versions of a policy: findings paired by rule id, each change classified.

A pull request that edits a policy should be asked "what did this break?", not "what is wrong with the
whole policy?". Both versions are checked with the same rulesets, facts and date (see
:func:`diff_policies`), their findings are paired by rule id, and every difference becomes a
:class:`FindingChange` classified as a regression, an improvement or neutral:

* an outcome that gets worse (pass -> missing -> fail) is a regression; better is an improvement;
* a change into or out of ``not_applicable`` is neutral (the rule stopped or started applying; the
  regime change is reported apart), unless the new finding newly reaches the ``--fail-on`` threshold;
* same outcome with different quoted text (the disclosure was reworded or moved) is neutral, and so
  is a suppression added or removed, or a different severity. Evidence that only shifted lines
  because of edits elsewhere is not a change;
* a rule checked in only one version (the rulesets differ) is ``added`` or ``removed``.

Whatever the direction, a change whose new finding reaches the threshold while the old one did not is
``blocking``: the same semantics as ``check`` (the finding would fail a check of the new version) but
only for what the edit introduced. The decision lives here, apart from the formatters
(:mod:`policy_rules.reports.diff_formats`) and the command line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any

from ..document.model import PolicyDocument
from ..rules.compiled import Ruleset
from .check import check_document
from .findings import Applicability, DocumentResult, Finding, Outcome
from .threshold import DEFAULT_FAIL_ON, FAIL_ON_CHOICES, reaches_threshold

DIFF_VERSION = 1
# Worse is larger; not_applicable is off this scale (it is neither better nor worse than a pass).
_RANK = {Outcome.PASS: 0, Outcome.MISSING: 1, Outcome.FAIL: 2}


class Direction(str, Enum):
    """Whether a change makes the policy better, worse, or neither."""

    REGRESSION = "regression"
    IMPROVEMENT = "improvement"
    NEUTRAL = "neutral"


_ORDER = {Direction.REGRESSION: 0, Direction.IMPROVEMENT: 1, Direction.NEUTRAL: 2}


@dataclass(frozen=True)
class FindingChange:
    """One rule whose finding differs between the two versions.

    ``kind`` says what differs: ``outcome``, ``evidence`` (same outcome, other quoted text),
    ``suppression``, ``severity``, ``added`` (rule only in the new check) or ``removed``.
    ``blocking`` is true when the new finding reaches the threshold and the old one did not.
    ``by_regime`` is true for a neutral change into or out of ``not_applicable`` that a
    :class:`RegimeChange` of the same diff explains: human reports count those under the regime instead
    of listing every rule of a ruleset that stopped applying.
    """

    rule_id: str
    kind: str
    direction: Direction
    blocking: bool
    old: Finding | None
    new: Finding | None
    by_regime: bool = False

    @property
    def current(self) -> Finding:
        """The finding that describes the rule: the new one, or the old one for a removed rule."""
        finding = self.new or self.old
        assert finding is not None  # a change has at least one side
        return finding

    @property
    def old_outcome(self) -> Outcome | None:
        return self.old.outcome if self.old else None

    @property
    def new_outcome(self) -> Outcome | None:
        return self.new.outcome if self.new else None

    def describe(self) -> str:
        """A few words for human reports: ``pass -> missing``, ``evidence changed``, ``rule added``."""
        if self.kind == "outcome" and self.old and self.new:
            return f"{self.old.outcome.value} -> {self.new.outcome.value}"
        if self.kind == "added":
            return f"rule added ({self.current.outcome.value})"
        if self.kind == "removed":
            return f"rule removed (was {self.current.outcome.value})"
        if self.kind == "suppression":
            return "suppressed" if self.new and self.new.suppression else "no longer suppressed"
        if self.kind == "severity" and self.old and self.new:
            return f"severity {self.old.severity} -> {self.new.severity}"
        return f"{self.current.outcome.value}, evidence changed"

    def to_dict(self) -> dict[str, Any]:
        f = self.current
        return {
            "rule_id": self.rule_id,
            "ruleset": f.ruleset,
            "title": f.title,
            "citation": f.citation,
            "severity": f.severity,
            "kind": self.kind,
            "direction": self.direction.value,
            "blocking": self.blocking,
            "by_regime": self.by_regime,
            "old_outcome": self.old_outcome.value if self.old_outcome else None,
            "new_outcome": self.new_outcome.value if self.new_outcome else None,
            "old": self.old.to_dict() if self.old else None,
            "new": self.new.to_dict() if self.new else None,
        }


@dataclass(frozen=True)
class RegimeChange:
    """A regime (ruleset) that started or stopped applying, or is decided in only one version."""

    ruleset: str
    old: Applicability | None
    new: Applicability | None
    #: neutral rule changes (into or out of ``not_applicable``) that this change explains
    rules: int = 0

    @property
    def started(self) -> bool:
        return bool(self.new and self.new.applies)

    def describe(self) -> str:
        if self.new is None:
            return f"{self.ruleset}: no longer checked"
        verdict = "now applies" if self.new.applies else "no longer applies"
        if self.old is None:
            verdict = "checked (applies)" if self.new.applies else "checked (does not apply)"
        moved = "out of" if self.new.applies else "to"
        count = f" ({self.rules} rule(s) moved {moved} not_applicable)" if self.rules else ""
        return f"{self.ruleset}: {verdict}{count}: {self.new.reason}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "ruleset": self.ruleset,
            "rules": self.rules,
            "old_applies": self.old.applies if self.old else None,
            "new_applies": self.new.applies if self.new else None,
            "old": self.old.to_dict() if self.old else None,
            "new": self.new.to_dict() if self.new else None,
        }


@dataclass(frozen=True)
class PolicyDiff:
    """Everything that changed between an old and a new check of one policy."""

    old_path: str
    new_path: str
    fail_on: str
    changes: tuple[FindingChange, ...]
    regimes: tuple[RegimeChange, ...]
    unchanged: int

    @property
    def empty(self) -> bool:
        return not self.changes and not self.regimes

    @property
    def blocking(self) -> tuple[FindingChange, ...]:
        """The changes that fail ``policy-rules diff``: new findings at the threshold."""
        return tuple(c for c in self.changes if c.blocking)

    def by_direction(self, direction: Direction) -> tuple[FindingChange, ...]:
        return tuple(c for c in self.changes if c.direction is direction)

    def summary(self) -> dict[str, int]:
        return {
            **{d.value: len(self.by_direction(d)) for d in Direction},
            "blocking": len(self.blocking),
            "regimes": len(self.regimes),
            "unchanged": self.unchanged,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": DIFF_VERSION,
            "old_path": self.old_path,
            "new_path": self.new_path,
            "fail_on": self.fail_on,
            "summary": self.summary(),
            "regimes": [r.to_dict() for r in self.regimes],
            "changes": [c.to_dict() for c in self.changes],
        }


def _quotes(finding: Finding) -> tuple[str, ...]:
    """The quoted texts, whitespace-normalised: what the evidence says, not where it sits."""
    return tuple(" ".join(e.text.split()) for e in finding.evidence)


def _direction(old: Finding, new: Finding) -> Direction:
    if Outcome.NOT_APPLICABLE in (old.outcome, new.outcome):
        return Direction.NEUTRAL
    delta = _RANK[new.outcome] - _RANK[old.outcome]
    if delta > 0:
        return Direction.REGRESSION
    return Direction.IMPROVEMENT if delta < 0 else Direction.NEUTRAL


def compare_findings(old: Finding | None, new: Finding | None, fail_on: str) -> FindingChange | None:
    """The change from ``old`` to ``new`` (either may be absent), or ``None`` when nothing changed."""
    if old is None and new is None:
        return None
    old_hit = old is not None and reaches_threshold(old, fail_on)
    new_hit = new is not None and reaches_threshold(new, fail_on)
    blocking = new_hit and not old_hit
    if old is None or new is None:
        present = new if old is None else old
        assert present is not None  # not both absent, checked above
        kind = "added" if old is None else "removed"
        direction = Direction.REGRESSION if blocking else Direction.NEUTRAL
        return FindingChange(present.rule_id, kind, direction, blocking, old, new)
    if old.outcome is not new.outcome:
        direction = Direction.REGRESSION if blocking else _direction(old, new)
        return FindingChange(new.rule_id, "outcome", direction, blocking, old, new)
    if (old.suppression is None) != (new.suppression is None):
        direction = Direction.REGRESSION if blocking else Direction.NEUTRAL
        return FindingChange(new.rule_id, "suppression", direction, blocking, old, new)
    if old.severity != new.severity:
        direction = Direction.REGRESSION if blocking else Direction.NEUTRAL
        return FindingChange(new.rule_id, "severity", direction, blocking, old, new)
    if _quotes(old) != _quotes(new):
        return FindingChange(new.rule_id, "evidence", Direction.NEUTRAL, False, old, new)
    return None


def _regime_changes(old: DocumentResult, new: DocumentResult) -> list[RegimeChange]:
    before = {a.ruleset: a for a in old.applicability}
    after = {a.ruleset: a for a in new.applicability}
    out = []
    for ruleset in dict.fromkeys([*before, *after]):
        a, b = before.get(ruleset), after.get(ruleset)
        if a is None or b is None or a.applies != b.applies:
            out.append(RegimeChange(ruleset, a, b))
    return out


def diff_results(old: DocumentResult, new: DocumentResult, *, fail_on: str = DEFAULT_FAIL_ON) -> PolicyDiff:
    """Pair the findings of two checks by rule id and keep what changed: blocking changes first, then
    regressions, improvements and neutral changes, each in the new check's order (rules only in the old
    check last)."""
    if fail_on not in FAIL_ON_CHOICES:
        raise ValueError(f"fail_on must be one of {', '.join(FAIL_ON_CHOICES)}, not {fail_on!r}")
    before = {f.rule_id: f for f in old.findings}
    after = {f.rule_id: f for f in new.findings}
    changes = []
    unchanged = 0
    for rule_id in dict.fromkeys([*after, *before]):
        change = compare_findings(before.get(rule_id), after.get(rule_id), fail_on)
        if change is None:
            unchanged += 1
        else:
            changes.append(change)
    regimes = _regime_changes(old, new)
    changes, regimes = _fold_into_regimes(changes, regimes)
    return PolicyDiff(
        old_path=old.path,
        new_path=new.path,
        fail_on=fail_on,
        changes=tuple(sorted(changes, key=lambda c: (not c.blocking, _ORDER[c.direction]))),
        regimes=tuple(regimes),
        unchanged=unchanged,
    )


def _fold_into_regimes(
    changes: list[FindingChange], regimes: list[RegimeChange]
) -> tuple[list[FindingChange], list[RegimeChange]]:
    """Mark the neutral applicability changes of rules whose regime switched, and count them there."""
    switched = {r.ruleset for r in regimes}
    counts: dict[str, int] = {}
    out = []
    for c in changes:
        na = Outcome.NOT_APPLICABLE in (c.old_outcome, c.new_outcome)
        ruleset = c.current.ruleset
        if c.kind == "outcome" and na and c.direction is Direction.NEUTRAL and ruleset in switched:
            c = replace(c, by_regime=True)
            counts[ruleset] = counts.get(ruleset, 0) + 1
        out.append(c)
    return out, [replace(r, rules=counts.get(r.ruleset, 0)) for r in regimes]


def diff_policies(
    old: PolicyDocument,
    new: PolicyDocument,
    rulesets: Ruleset | Sequence[Ruleset],
    *,
    facts: Mapping[str, Any] | None = None,
    evaluation_date: dt.date | None = None,
    disabled: Iterable[str] = (),
    severities: Mapping[str, str] | None = None,
    fail_on: str = DEFAULT_FAIL_ON,
) -> PolicyDiff:
    """Check both versions with the same rulesets, facts and date, and diff the results.

    The evaluation date defaults to today for both, so that only the text can make a difference.
    """
    sets = [rulesets] if isinstance(rulesets, Ruleset) else list(rulesets)
    date = evaluation_date or dt.date.today()
    off = list(disabled)
    results = [
        check_document(doc, sets, facts=facts, evaluation_date=date, disabled=off, severities=severities)
        for doc in (old, new)
    ]
    return diff_results(results[0], results[1], fail_on=fail_on)
