"""The diff decision: pairing by rule id, direction, blocking at the threshold, regimes, invariants."""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policy_rules
from policy_rules import load_policy, load_ruleset
from policy_rules.document.source import Span
from policy_rules.engine.diff import Direction, compare_findings, diff_policies, diff_results
from policy_rules.engine.findings import (
    Applicability,
    DocumentResult,
    Evidence,
    Finding,
    Outcome,
    Suppression,
)

DATE = dt.date(2026, 1, 1)
POLICY = """\
# Privacy Policy

Last updated: 1 February 2025

Lumen Garden Ltd is the controller of your personal data. Write to us at privacy@lumen-garden.example.

## Your rights

If you live in the European Economic Area, the GDPR gives you the rights below.

You have the right to access the personal data we hold about you.

You have the right to object to processing based on our legitimate interests.

## Keeping data

We delete account data 30 days after you close your account.
"""
OBJECT = "You have the right to object to processing based on our legitimate interests.\n\n"


@cache
def _gdpr():  # type: ignore[no-untyped-def]
    return load_ruleset("gdpr")


def _diff(old: str, new: str, **kw):  # type: ignore[no-untyped-def]
    return diff_policies(load_policy(old), load_policy(new), _gdpr(), evaluation_date=DATE, **kw)


def _finding(outcome: Outcome, quote: str = "", severity: str = "error", **kw) -> Finding:  # type: ignore[no-untyped-def]
    evidence = (Evidence(Span(0, len(quote), 1, 1, 1, len(quote) + 1), quote),) if quote else ()
    return Finding("r.one", "r", outcome, severity, "Art. 1", "Rule one", "msg", evidence=evidence, **kw)


def test_removed_disclosure_is_a_blocking_regression() -> None:
    diff = _diff(POLICY, POLICY.replace(OBJECT, ""))
    change = next(c for c in diff.changes if c.rule_id == "gdpr.art13.2.b.right_to_object")
    assert (change.old_outcome, change.new_outcome) == (Outcome.PASS, Outcome.MISSING)
    assert change.direction is Direction.REGRESSION and change.blocking
    assert change.old is not None and "right to object" in change.old.evidence[0].text
    assert change in diff.blocking
    assert diff.changes[0].blocking  # blocking changes come first


def test_identical_versions_have_no_change() -> None:
    diff = _diff(POLICY, POLICY)
    assert diff.empty and not diff.blocking
    assert diff.unchanged == len(_gdpr().rules)


def test_edits_elsewhere_that_only_shift_lines_are_no_change() -> None:
    shifted = POLICY.replace("# Privacy Policy\n", "# Privacy Policy\n\nWelcome.\n")
    assert _diff(POLICY, shifted).empty


def test_added_disclosure_is_an_improvement() -> None:
    added = POLICY.replace(OBJECT, OBJECT + "You can ask to receive your data in a portable format.\n\n")
    diff = _diff(POLICY, added)
    change = next(c for c in diff.changes if c.rule_id == "gdpr.art13.2.b.right_to_portability")
    assert change.direction is Direction.IMPROVEMENT and not change.blocking
    assert not diff.blocking


def test_regime_that_stops_applying_is_reported_once() -> None:
    diff = _diff(
        POLICY,
        POLICY.replace(
            "If you live in the European Economic Area, the GDPR gives you the rights below.\n\n", ""
        ),
    )
    assert [(r.ruleset, r.old and r.old.applies, r.new and r.new.applies) for r in diff.regimes] == [
        ("gdpr", True, False)
    ]
    assert diff.regimes[0].rules > 0 and "no longer applies" in diff.regimes[0].describe()
    folded = [c for c in diff.changes if c.by_regime]
    assert len(folded) == diff.regimes[0].rules
    assert all(c.new_outcome is Outcome.NOT_APPLICABLE and c.direction is Direction.NEUTRAL for c in folded)
    assert not diff.blocking


def test_regime_that_starts_applying_blocks_on_its_missing_rules() -> None:
    no_gdpr = POLICY.replace(
        "If you live in the European Economic Area, the GDPR gives you the rights below.\n\n", ""
    )
    diff = _diff(no_gdpr, POLICY)
    assert diff.regimes[0].started
    blocking = diff.blocking
    assert blocking and all(c.old_outcome is Outcome.NOT_APPLICABLE for c in blocking)
    assert not any(c.by_regime for c in blocking)


@pytest.mark.parametrize(
    ("old", "new", "fail_on", "direction", "blocking"),
    [
        (Outcome.PASS, Outcome.MISSING, "error", Direction.REGRESSION, True),
        (Outcome.PASS, Outcome.MISSING, "fail", Direction.REGRESSION, False),
        (Outcome.MISSING, Outcome.FAIL, "error", Direction.REGRESSION, False),  # already at the threshold
        (Outcome.MISSING, Outcome.FAIL, "fail", Direction.REGRESSION, True),
        (Outcome.FAIL, Outcome.PASS, "error", Direction.IMPROVEMENT, False),
        (Outcome.MISSING, Outcome.NOT_APPLICABLE, "error", Direction.NEUTRAL, False),
        (Outcome.PASS, Outcome.NOT_APPLICABLE, "error", Direction.NEUTRAL, False),
        (Outcome.NOT_APPLICABLE, Outcome.MISSING, "error", Direction.REGRESSION, True),
        (Outcome.NOT_APPLICABLE, Outcome.MISSING, "fail", Direction.NEUTRAL, False),
    ],
)
def test_direction_and_blocking(
    old: Outcome, new: Outcome, fail_on: str, direction: Direction, blocking: bool
) -> None:
    change = compare_findings(_finding(old), _finding(new), fail_on)
    assert change is not None and change.kind == "outcome"
    assert (change.direction, change.blocking) == (direction, blocking)


def test_warning_regression_below_the_threshold_is_not_blocking() -> None:
    change = compare_findings(
        _finding(Outcome.PASS, severity="warning"), _finding(Outcome.MISSING, severity="warning"), "error"
    )
    assert change is not None and change.direction is Direction.REGRESSION and not change.blocking
    strict = compare_findings(
        _finding(Outcome.PASS, severity="warning"), _finding(Outcome.MISSING, severity="warning"), "warning"
    )
    assert strict is not None and strict.blocking


def test_same_outcome_other_quote_is_neutral_evidence_change() -> None:
    change = compare_findings(
        _finding(Outcome.PASS, "We keep data for a year."),
        _finding(Outcome.PASS, "We keep data  for two years."),
        "error",
    )
    assert change is not None and (change.kind, change.direction) == ("evidence", Direction.NEUTRAL)
    same = compare_findings(
        _finding(Outcome.PASS, "We keep\ndata."), _finding(Outcome.PASS, "We keep data."), "error"
    )
    assert same is None  # whitespace only


def test_suppression_added_is_neutral() -> None:
    quiet = _finding(Outcome.MISSING, suppression=Suppression("inline", "accepted"))
    change = compare_findings(_finding(Outcome.MISSING), quiet, "error")
    assert change is not None and (change.kind, change.direction, change.blocking) == (
        "suppression",
        Direction.NEUTRAL,
        False,
    )
    back = compare_findings(quiet, _finding(Outcome.MISSING), "error")
    assert back is not None and back.blocking and back.direction is Direction.REGRESSION


def test_rules_only_in_one_version_are_added_or_removed() -> None:
    old = DocumentResult("a", (_finding(Outcome.PASS),), "2026-01-01")
    other = Finding("r.two", "r", Outcome.MISSING, "error", "Art. 2", "Rule two", "msg")
    new = DocumentResult("b", (other,), "2026-01-01")
    diff = diff_results(old, new)
    kinds = {c.rule_id: (c.kind, c.direction, c.blocking) for c in diff.changes}
    assert kinds == {
        "r.two": ("added", Direction.REGRESSION, True),
        "r.one": ("removed", Direction.NEUTRAL, False),
    }
    assert "rule added" in diff.changes[0].describe()


def test_regime_decided_in_one_version_only() -> None:
    decided = Applicability("r", True, "always", "no condition")
    diff = diff_results(DocumentResult("a", (), "d"), DocumentResult("b", (), "d", applicability=(decided,)))
    assert [(r.ruleset, r.old, r.started) for r in diff.regimes] == [("r", None, True)]


def test_bad_threshold_is_refused() -> None:
    with pytest.raises(ValueError, match="fail_on"):
        diff_results(DocumentResult("a", (), "d"), DocumentResult("b", (), "d"), fail_on="sometimes")


def test_public_api_is_exported() -> None:
    assert policy_rules.diff_policies is diff_policies
    for name in ("PolicyDiff", "FindingChange", "RegimeChange", "Direction", "diff_results"):
        assert name in policy_rules.__all__ and getattr(policy_rules, name) is not None


def test_to_dict_field_names_are_stable() -> None:
    diff = _diff(POLICY, POLICY.replace(OBJECT, ""))
    data = diff.to_dict()
    assert set(data) == {"version", "old_path", "new_path", "fail_on", "summary", "regimes", "changes"}
    assert set(data["summary"]) == {
        "regression",
        "improvement",
        "neutral",
        "blocking",
        "regimes",
        "unchanged",
    }
    change = data["changes"][0]
    assert set(change) == {
        "rule_id", "ruleset", "title", "citation", "severity", "kind", "direction", "blocking",
        "by_regime", "old_outcome", "new_outcome", "old", "new",
    }  # fmt: skip


_SENTENCES = st.sampled_from(
    [
        "You have the right to access the personal data we hold about you.",
        "You have the right to object to processing based on our legitimate interests.",
        "We delete account data 30 days after you close your account.",
        "We keep your personal data indefinitely.",
        "By using the app, you consent to this policy.",
        "Lumen Garden Ltd is the controller of your personal data.",
        "If you live in the European Economic Area, the GDPR gives you these rights.",
        "You may complain to a supervisory authority.",
        "We will respond to your request within 45 days.",
    ]
)
_HEADINGS = st.sampled_from(["## Your rights", "## Keeping data", "## Who we are", ""])


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(_HEADINGS, st.lists(_SENTENCES, min_size=1, max_size=3)), min_size=1, max_size=4))
def test_a_policy_diffed_with_itself_has_no_change(parts: list[tuple[str, list[str]]]) -> None:
    text = (
        "# Privacy Policy\n\n"
        + "\n\n".join(f"{h}\n\n{' '.join(s)}" if h else " ".join(s) for h, s in parts)
        + "\n"
    )
    diff = _diff(text, text)
    assert diff.empty and diff.unchanged == len(_gdpr().rules)
