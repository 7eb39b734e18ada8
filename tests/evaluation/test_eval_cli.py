"""``policy-rules eval``: text and JSON output, and gold-file errors (exit 2, one line naming file:line)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policy_rules.cli.main import main

FIXTURES = Path(__file__).parent / "fixtures"
GOLD = FIXTURES / "gold.jsonl"
MINI = FIXTURES / "mini.yaml"


def run(capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_text_table(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, "eval", str(GOLD), "-r", str(MINI), "--date", "2026-01-01")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["rule", "n", "acc", "abs_P", "abs_R", "abs_F1", "pres_F1", "macroF1", "evid"]
    row = {line.split()[0]: line.split()[1:] for line in lines[1:] if line.startswith(("mini.", "TOTAL"))}
    assert row["mini.rights.delete"] == ["3", "0.667", "0.500", "1.000", "0.667", "0.667", "0.667", "1.000"]
    assert row["mini.fees.none"][-1] == "-"  # no pass with gold evidence: no overlap score
    assert row["TOTAL"][:2] == ["9", "0.778"]
    assert "documents: 3; mean per-rule macro-F1: 0.778" in out
    assert "gold rules with no enabled rule: other.rule.unknown" in out
    assert "expected present, got" not in out  # disagreements only on request


def test_text_disagreements_and_confusion(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(
        capsys,
        "eval",
        str(GOLD),
        "-r",
        str(MINI),
        "--date",
        "2026-01-01",
        "--show-disagreements",
        "--show-confusion",
    )
    assert code == 0
    assert "policies/plain.txt: mini.rights.delete: expected present, got absent" in out
    assert "policies/dpo.txt: mini.fees.none: expected absent, got present" in out
    assert "  mini.dpo.contact: no disagreements" in out
    assert "  mini.fees.none: absent->present 1" in out


def test_json_output(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "eval", str(GOLD), "-r", str(MINI), "--date", "2026-01-01", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert set(data) >= {"documents", "rules", "total", "unknown_rules", "disagreements", "confusion"}
    assert data["documents"] == 3
    assert data["total"]["accuracy"] == pytest.approx(7 / 9)
    assert data["rules"]["mini.dpo.contact"]["accuracy"] == 1.0
    assert data["confusion"]["mini.rights.delete"] == {
        "absent->absent": 1,
        "present->absent": 1,
        "present->present": 1,
    }
    assert {d["rule"] for d in data["disagreements"]} == {"mini.rights.delete", "mini.fees.none"}
    assert set(data["disagreements"][0]) == {"document", "rule", "expected", "got", "message"}


@pytest.mark.parametrize(
    ("second_line", "message"),
    [
        ('{"document": "policies/plain.txt", "rule": ', "not valid JSON"),
        ('["not", "an", "object"]', "must be a JSON object"),
        ('{"document": "policies/plain.txt", "expected": "present"}', "missing key(s): rule"),
        (
            '{"document": "policies/plain.txt", "rule": "mini.fees.none", "expected": "maybe"}',
            "expected must be",
        ),
        (
            '{"document": "policies/plain.txt", "rule": "mini.fees.none", "expected": "absent", "evidence": "x"}',
            "evidence",
        ),
    ],
)
def test_bad_gold_line_is_exit_2_with_file_and_line(capsys, write, second_line: str, message: str) -> None:  # type: ignore[no-untyped-def]
    first = '{"document": "policies/plain.txt", "rule": "mini.fees.none", "expected": "present"}'
    gold = write("bad/gold.jsonl", first + "\n" + second_line + "\n")
    code, out, err = run(capsys, "eval", str(gold), "-r", str(MINI))
    assert code == 2 and out == ""
    assert f"{gold}:2" in err
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_missing_gold_file_and_missing_policy(capsys, tmp_path: Path, write) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(capsys, "eval", str(tmp_path / "nope.jsonl"), "-r", str(MINI))
    assert code == 2 and "no such gold file" in err
    gold = write("g/gold.jsonl", '{"document": "gone.txt", "rule": "mini.fees.none", "expected": "absent"}\n')
    code, _, err = run(capsys, "eval", str(gold), "-r", str(MINI))
    assert code == 2 and "gone.txt" in err and "Traceback" not in err
