"""``check()`` applies suppression comments as ``policy-rules check`` does: one document, one answer."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from policy_rules import InputError, check, load_policy, load_ruleset
from policy_rules.cli.main import main

DATE = "2026-01-01"
COMMENTS = {
    "# Privacy Policy": "<!-- policy-rules-disable-file gdpr.art13.2.b.right_to_erasure -- app stores no data -->\n"
    "# Privacy Policy",
    "We keep your personal data indefinitely.": "<!-- policy-rules-disable gdpr.art13.2.a.retention_period -- legal hold -->\n"
    "We keep your personal data indefinitely.",
}


def _annotate(project: Path) -> Path:
    policy = project / "docs" / "privacy.md"
    text = policy.read_text(encoding="utf-8")
    for old, new in COMMENTS.items():
        text = text.replace(old, new)
    policy.write_text(text, encoding="utf-8")
    return policy


def _marks(findings: list[dict]) -> dict[str, tuple[str, object]]:  # type: ignore[type-arg]
    return {f["rule_id"]: (f["outcome"], f["suppressed"]) for f in findings}


def test_library_and_cli_suppress_the_same_findings(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    policy = _annotate(project)
    main(["check", "docs/privacy.md", "-r", "gdpr", "--date", DATE, "--format", "json"])
    cli = json.loads(capsys.readouterr().out)["documents"][0]["findings"]
    report = check(load_policy(policy), [load_ruleset("gdpr")], evaluation_date=dt.date.fromisoformat(DATE))
    library = [f.to_dict() for f in report.documents[0].findings]
    assert _marks(library) == _marks(cli)
    suppressed = {k: v for k, v in _marks(library).items() if v[1] is not None}
    assert suppressed == {
        "gdpr.art13.2.a.retention_period": ("fail", {"kind": "inline", "reason": "legal hold", "line": 10}),
        "gdpr.art13.2.b.right_to_erasure": (
            "missing",
            {"kind": "file", "reason": "app stores no data", "line": 1},
        ),
    }


def test_suppressions_can_be_switched_off(project: Path) -> None:
    document = load_policy(_annotate(project))
    report = check(document, load_ruleset("gdpr"), evaluation_date=dt.date(2026, 1, 1), suppressions=False)
    assert all(f.suppression is None for f in report.documents[0].findings)


def test_a_bad_comment_is_an_input_error_at_its_line() -> None:
    document = load_policy(
        "# P\n\n<!-- policy-rules-disable gdpr.nope -- x -->\n\nText.\n", format="markdown"
    )
    with pytest.raises(InputError, match=r"unknown rule id 'gdpr\.nope'") as info:
        check(document, load_ruleset("gdpr"))
    assert (info.value.line, info.value.column) == (3, 1)
    # ignored comments are not read, so they cannot be wrong
    assert check(document, load_ruleset("gdpr"), suppressions=False).documents
