"""The command line: exit statuses, formats, one-line errors for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from policy_rules.cli.main import main

GOOD = """\
Privacy Policy

Last updated: March 3, 2025

Northwind Apps Ltd ("we", "us") is the controller of your personal data under the GDPR.
Contact us at privacy@northwind.example.

We keep your personal data indefinitely.
"""


def run(capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_text_output_and_exit_1(capsys, write) -> None:  # type: ignore[no-untyped-def]
    policy = write("p.txt", GOOD)
    code, out, err = run(capsys, "check", str(policy), "--ruleset", "gdpr", "--date", "2026-01-01")
    assert code == 1
    assert err == ""
    assert f"{policy}:8:1: fail" in out
    assert "gdpr.art13.2.a.retention_period" in out
    assert "> We keep your personal data indefinitely." in out
    assert "missing" in out and "pass" in out


def test_check_json_contract(capsys, write) -> None:  # type: ignore[no-untyped-def]
    policy = write("p.txt", GOOD)
    code, out, _ = run(capsys, "check", str(policy), "-r", "gdpr", "--format", "json", "--date", "2026-01-01")
    data = json.loads(out)
    assert code == 1
    assert data["version"] == 1
    doc = data["documents"][0]
    assert doc["path"] == str(policy)
    assert set(doc["summary"]) == {"pass", "fail", "missing", "not_applicable", "suppressed"}
    f = next(f for f in doc["findings"] if f["outcome"] == "fail")
    for key in ("rule_id", "outcome", "severity", "citation", "title", "message", "evidence"):
        assert key in f
    e = f["evidence"][0]
    assert GOOD[e["start"] : e["end"]] == e["text"]
    assert (e["line"], e["column"]) == (8, 1)
    assert {"end_line", "end_column"} <= set(e)


def test_fail_on_threshold(capsys, write) -> None:  # type: ignore[no-untyped-def]
    policy = write("p.txt", "Under the GDPR, we keep your personal data for 30 days.")
    code, _, _ = run(capsys, "check", str(policy), "-r", "gdpr", "--fail-on", "fail")
    assert code == 0
    code, _, _ = run(capsys, "check", str(policy), "-r", "gdpr", "--fail-on", "missing")
    assert code == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"\x00\x01\x02binary\x00", "binary"),
        (b"caf\xe9 policy text", "UTF-8"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, write, content: bytes, message: str) -> None:  # type: ignore[no-untyped-def]
    policy = write("bad.txt", content)
    code, _, err = run(capsys, "check", str(policy), "-r", "gdpr")
    assert code == 2
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert str(policy) in err


def test_missing_file_and_directory(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(capsys, "check", str(tmp_path / "nope.txt"), "-r", "gdpr")
    assert code == 2 and "no such file" in err
    code, _, err = run(capsys, "check", str(tmp_path), "-r", "gdpr")
    assert code == 2 and "directory" in err


def test_utf16_and_crlf_are_read(capsys, write) -> None:  # type: ignore[no-untyped-def]
    text = GOOD.replace("\n", "\r\n")
    policy = write("p16.txt", text.encode("utf-16"))
    code, out, _ = run(capsys, "check", str(policy), "-r", "gdpr", "--format", "json", "--date", "2026-01-01")
    assert code == 1
    f = next(f for f in json.loads(out)["documents"][0]["findings"] if f["outcome"] == "fail")
    assert f["evidence"][0]["line"] == 8
    assert f["evidence"][0]["text"] == "We keep your personal data indefinitely."


def test_malformed_ruleset_exit_2(capsys, write) -> None:  # type: ignore[no-untyped-def]
    policy = write("p.txt", GOOD)
    bad = write("bad.yaml", "id: x\ntitle: [unclosed\n")
    code, _, err = run(capsys, "check", str(policy), "-r", str(bad))
    assert code == 2
    assert f"{bad}:" in err and "invalid YAML" in err


def test_validate(capsys, write) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "validate", "gdpr")
    assert code == 0 and "ok" in out
    bad = write(
        "bad.yaml",
        'id: x\ntitle: t\nversion: "1"\nrules:\n  - id: x.y\n'
        "    title: t\n    citation: c\n    severity: high\n",
    )
    code, _, err = run(capsys, "validate", str(bad))
    assert code == 2 and f"{bad}:8:" in err


def test_unknown_ruleset_is_usage_error(capsys, write) -> None:  # type: ignore[no-untyped-def]
    policy = write("p.txt", GOOD)
    code, _, err = run(capsys, "check", str(policy), "-r", "nonexistent")
    assert code == 2 and "unknown ruleset" in err


def test_bad_date_and_facts(capsys, write) -> None:  # type: ignore[no-untyped-def]
    policy = write("p.txt", GOOD)
    code, _, err = run(capsys, "check", str(policy), "--date", "yesterday")
    assert code == 2 and "--date" in err
    facts = write("facts.yaml", "gdpr_applies: [1, 2]\n")
    code, _, err = run(capsys, "check", str(policy), "--facts", str(facts))
    assert code == 2 and "facts" in err


def test_facts_switch_regime_off(capsys, write) -> None:  # type: ignore[no-untyped-def]
    policy = write("p.txt", GOOD)
    code, out, _ = run(
        capsys, "check", str(policy), "-r", "gdpr", "--fact", "gdpr_applies=false", "-f", "json"
    )
    assert code == 0
    outcomes = {f["outcome"] for f in json.loads(out)["documents"][0]["findings"]}
    assert outcomes == {"not_applicable"}


def test_parse_tree_and_json(capsys, write) -> None:  # type: ignore[no-untyped-def]
    policy = write("p.md", "# Privacy\n\n## Your rights\n\nYou may ask for a copy. Write to a@b.example.\n")
    code, out, _ = run(capsys, "parse", str(policy))
    assert code == 0 and "Your rights" in out
    code, out, _ = run(capsys, "parse", str(policy), "--format", "json")
    data = json.loads(out)
    assert [s["title"] for s in data["sections"][1:]] == ["Privacy", "Your rights"]
    assert any(e["kind"] == "email" for e in data["entities"])


def test_parse_tree_shows_jurisdictions(capsys, write) -> None:  # type: ignore[no-untyped-def]
    text = "# P\n\n## California rights\n\nWe respond.\n\n## Rights\n\nIf you live in the EEA, you may object.\n\nText.\n"
    code, out, _ = run(capsys, "parse", str(write("p.md", text)))
    lines = out.splitlines()
    assert code == 0
    assert any(line.endswith("California rights  {california}") for line in lines)
    assert any(line.endswith("you may object.  {eea}") for line in lines)
    assert any(line.endswith("Text.") for line in lines)  # general text under an unmarked heading: no tag


def test_rules_list_and_show(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "rules", "list")
    assert code == 0 and "gdpr.art13.1.a.controller_identity" in out and "built-in" in out
    code, out, _ = run(capsys, "rules", "show", "gdpr.art12.3.response_time_limit")
    assert code == 0 and "Art. 12(3)" in out
    code, _, err = run(capsys, "rules", "show", "no.such.rule")
    assert code == 2 and "no rule" in err


def test_test_command_reports_per_rule(capsys, write) -> None:  # type: ignore[no-untyped-def]
    ruleset = write(
        "r.yaml",
        'id: r\ntitle: R\nversion: "1"\nrules:\n  - id: r.a\n'
        "    title: A\n    citation: c\n    severity: error\n"
        "    expect: {terms: [alpha]}\n    examples:\n      - {text: alpha here, outcome: pass}\n"
        "      - {text: alpha again, outcome: missing}\n",
    )
    code, out, _ = run(capsys, "test", str(ruleset))
    assert code == 1
    assert "FAIL r.a (1/2 examples)" in out
    assert f"{ruleset}:12: example 2: expected missing, got pass" in out


def test_version_is_fast_and_standalone() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from policy_rules.cli.main import main; raise SystemExit(main(['--version']))",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and result.stdout.startswith("policy-rules ")
    probe = subprocess.run(
        [sys.executable, "-c", "import sys; from policy_rules.cli.main import main; main(['--version']);"
         "print('pydantic' in sys.modules, 'jsonschema' in sys.modules)"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert probe.stdout.strip().endswith("False False")
