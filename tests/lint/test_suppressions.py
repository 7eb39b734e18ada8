"""Suppression comments with reasons, and baselines."""

from __future__ import annotations

import json
from pathlib import Path

from policy_rules.cli.main import main

BASE = ["check", "docs/privacy.md", "-r", "gdpr", "--date", "2026-01-01", "--format", "json"]


def findings(capsys) -> dict[str, dict]:  # type: ignore[no-untyped-def,type-arg]
    data = json.loads(capsys.readouterr().out)
    return {f["rule_id"]: f for f in data["documents"][0]["findings"]}


def edit(project: Path, old: str, new: str) -> None:
    policy = project / "docs" / "privacy.md"
    policy.write_text(policy.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_next_block_suppression_with_reason(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    edit(
        project,
        "We keep your personal data indefinitely.",
        "<!-- policy-rules-disable gdpr.art13.2.a.retention_period -- archive kept under a legal hold -->\n"
        "We keep your personal data indefinitely.",
    )
    main([*BASE, "--fail-on", "fail", "--disable", "gdpr.art12.3.response_time_limit"])
    f = findings(capsys)["gdpr.art13.2.a.retention_period"]
    assert f["outcome"] == "fail"
    assert f["suppressed"] == {"kind": "inline", "reason": "archive kept under a legal hold", "line": 9}
    code = main([*BASE, "--fail-on", "fail", "--disable", "gdpr.art12.3.response_time_limit"])
    capsys.readouterr()
    assert code == 0


def test_suppression_only_covers_the_next_block(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    edit(
        project,
        "## How long we keep data",
        "<!-- policy-rules-disable gdpr.art13.2.a.retention_period -- wrong place -->\n\n## How long we keep data",
    )
    main(BASE)
    assert findings(capsys)["gdpr.art13.2.a.retention_period"]["suppressed"] is None


def test_file_level_suppression_covers_missing_findings(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    edit(project, "# Privacy Policy", "<!-- policy-rules-disable-file gdpr.art13.2.b.right_to_erasure -- app stores no data -->\n# Privacy Policy")
    main(BASE)
    f = findings(capsys)["gdpr.art13.2.b.right_to_erasure"]
    assert f["outcome"] == "missing" and f["suppressed"]["kind"] == "file"


def test_reason_is_required(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    edit(project, "# Privacy Policy", "<!-- policy-rules-disable gdpr.art13.2.a.retention_period -->\n# Privacy Policy")
    assert main(BASE) == 2
    assert "docs/privacy.md:1:1: suppression needs a reason" in capsys.readouterr().err


def test_unknown_rule_id_is_an_error(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    edit(project, "# Privacy Policy", "# Privacy Policy\n\n<!-- policy-rules-disable gdpr.nope -- x -->")
    assert main(BASE) == 2
    assert "docs/privacy.md:3:1: suppression names unknown rule id 'gdpr.nope'" in capsys.readouterr().err


def test_unused_suppressions_are_reported(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    edit(
        project,
        "You have the right to access",
        "<!-- policy-rules-disable gdpr.art13.2.b.right_of_access -- passes anyway -->\nYou have the right to access",
    )
    assert main([*BASE, "--fail-on", "fail", "--disable", "gdpr.art12.3.response_time_limit",
                 "--disable", "gdpr.art13.2.a.retention_period"]) == 0  # fmt: skip
    capsys.readouterr()
    code = main([*BASE, "--fail-on", "fail", "--disable", "gdpr.art12.3.response_time_limit",
                 "--disable", "gdpr.art13.2.a.retention_period", "--report-unused-suppressions"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    assert "docs/privacy.md:13:1: unused suppression for gdpr.art13.2.b.right_of_access" in err


def test_suppressed_findings_stay_in_sarif(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    edit(
        project,
        "We keep your personal data indefinitely.",
        "<!-- policy-rules-disable gdpr.art13.2.a.retention_period -- legal hold -->\nWe keep your personal data indefinitely.",
    )
    main([*BASE, "--output", "sarif=r.sarif"])
    capsys.readouterr()
    log = json.loads((project / "r.sarif").read_text(encoding="utf-8"))
    result = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "gdpr.art13.2.a.retention_period")
    assert result["suppressions"] == [{"kind": "inSource", "status": "accepted", "justification": "legal hold"}]


def test_baseline_only_new_findings_fail(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main([*BASE, "--write-baseline", "baseline.json"]) == 0
    capsys.readouterr()
    recorded = json.loads((project / "baseline.json").read_text(encoding="utf-8"))
    assert recorded["version"] == 1 and recorded["findings"]
    assert main([*BASE, "--baseline", "baseline.json"]) == 0
    assert all(f["suppressed"] for f in findings(capsys).values() if f["outcome"] in ("fail", "missing"))
    # an edit above the findings keeps them baselined; a new problem fails
    edit(project, "# Privacy Policy", "# Privacy Policy\n\nBy using the app you agree to this policy.")
    code = main([*BASE, "--baseline", "baseline.json"])
    new = [f for f in findings(capsys).values() if f["outcome"] == "fail" and not f["suppressed"]]
    assert code == 1
    assert [f["rule_id"] for f in new] == ["gdpr.art7.no_deemed_consent"]


def test_bad_baseline_file(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (project / "b.json").write_text("{not json", encoding="utf-8")
    assert main([*BASE, "--baseline", "b.json"]) == 2
    assert "baseline is not valid JSON" in capsys.readouterr().err
    assert main([*BASE, "--baseline", "absent.json"]) == 2
    assert "no such baseline file" in capsys.readouterr().err
