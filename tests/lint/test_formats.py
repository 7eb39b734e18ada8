"""Every output format, on one run; SARIF validated against the official 2.1.0 schema."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from policy_rules.cli.main import main
from policy_rules.reports.github import _escape_data, _escape_property

SCHEMAS = Path(__file__).resolve().parents[2].parent / "shared" / "schemas"
REPORT_SCHEMA = Path(__file__).resolve().parents[2] / "policy_rules" / "reports" / "report.schema.json"
BASE = ["check", "docs/privacy.md", "-r", "gdpr", "--date", "2026-01-01"]


def run(capsys, *args: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    code = main([*BASE, *args])
    return code, capsys.readouterr().out


def test_several_formats_in_one_run(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out = run(
        capsys, "--format", "text", "--output", "sarif=out/r.sarif", "--output", "junit=out/j.xml",
        "--output", "markdown=out/s.md", "--output", "json=out/r.json",
    )  # fmt: skip
    assert code == 1
    assert "docs/privacy.md:9:1: fail" in out
    for name in ("r.sarif", "j.xml", "s.md", "r.json"):
        assert (project / "out" / name).stat().st_size > 0


@pytest.fixture
def sarif_schema() -> dict:  # type: ignore[type-arg]
    path = SCHEMAS / "sarif-schema-2.1.0.json"
    if not path.is_file():
        pytest.skip(f"official SARIF schema not present at {path}")
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_sarif_is_valid_and_useful(project: Path, capsys, sarif_schema: dict) -> None:  # type: ignore[no-untyped-def,type-arg]
    run(capsys, "--output", "sarif=r.sarif")
    log = json.loads((project / "r.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(sarif_schema).validate(log)
    run_ = log["runs"][0]
    rules = {r["id"]: r for r in run_["tool"]["driver"]["rules"]}
    assert "GDPR Art. 13(2)(a)" in rules["gdpr.art13.2.a.retention_period"]["help"]["text"]
    results = {r["ruleId"]: r for r in run_["results"]}
    fail = results["gdpr.art13.2.a.retention_period"]
    region = fail["locations"][0]["physicalLocation"]["region"]
    assert fail["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "docs/privacy.md"
    assert (region["startLine"], region["startColumn"]) == (9, 1)
    assert region["snippet"]["text"] == "We keep your personal data indefinitely."
    assert fail["ruleIndex"] == list(rules).index("gdpr.art13.2.a.retention_period")
    missing = results["gdpr.art13.2.b.right_to_erasure"]
    assert missing["properties"]["outcome"] == "missing"
    # a missing disclosure is anchored at the section where it belongs
    assert missing["locations"][0]["physicalLocation"]["region"]["startLine"] == 11
    assert all("passed" not in r["message"]["text"] for r in run_["results"])


def test_sarif_fingerprints_survive_edits_above(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    run(capsys, "--output", "sarif=a.sarif")
    policy = project / "docs" / "privacy.md"
    policy.write_text(
        "<!-- moved -->\n\nIntro paragraph.\n\n" + policy.read_text(encoding="utf-8"), encoding="utf-8"
    )
    run(capsys, "--output", "sarif=b.sarif")

    def prints(name: str) -> dict[str, tuple[str, int]]:
        log = json.loads((project / name).read_text(encoding="utf-8"))
        return {
            r["ruleId"]: (r["partialFingerprints"]["policyRulesFinding/v1"],
                          r["locations"][0]["physicalLocation"]["region"]["startLine"])
            for r in log["runs"][0]["results"]
        }  # fmt: skip

    a, b = prints("a.sarif"), prints("b.sarif")
    rule = "gdpr.art13.2.a.retention_period"
    assert a[rule][0] == b[rule][0]
    assert a[rule][1] != b[rule][1]


def test_json_report_matches_published_schema(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    _, out = run(capsys, "--format", "json")
    schema = json.loads(REPORT_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(json.loads(out))


def test_github_annotations(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    _, out = run(capsys, "--format", "github")
    line = next(x for x in out.splitlines() if "retention_period" in x)
    assert line.startswith("::error file=docs/privacy.md,line=9,col=1,endLine=9,endColumn=41,title=")
    assert "::" in line[2:]
    assert all(x.startswith("::") or ": " in x for x in out.splitlines())


def test_github_format_is_automatic_on_actions(project: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, out = run(capsys)
    assert out.startswith("::")
    _, out = run(capsys, "--format", "text")
    assert not out.startswith("::")


def test_github_escaping() -> None:
    assert _escape_data("50% done\nnext") == "50%25 done%0Anext"
    assert _escape_property("a:b,c") == "a%3Ab%2Cc"


def test_junit_one_case_per_rule_and_document(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    run(capsys, "--output", "junit=j.xml")
    root = ET.parse(project / "j.xml").getroot()
    suite = root.find("testsuite")
    assert suite is not None and suite.get("name") == "docs/privacy.md"
    cases = suite.findall("testcase")
    assert len(cases) == 27
    failed = [c for c in cases if c.find("failure") is not None]
    assert int(suite.get("failures", "0")) == len(failed) > 0
    retention = next(c for c in cases if c.get("name") == "gdpr.art13.2.a.retention_period")
    failure = retention.find("failure")
    assert failure is not None and failure.get("type") == "fail"
    assert "indefinitely" in (failure.text or "")
    assert any(c.find("skipped") is not None for c in cases)


def test_markdown_summary(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    _, out = run(capsys, "--format", "markdown")
    assert out.startswith("## policy-rules report")
    assert "| <code>docs/privacy.md</code> |" in out
    assert "<code>gdpr.art13.2.a.retention\\_period</code> | line 9 |" in out
