"""The explain mode shows where each matcher matched and why a rule decided as it did."""

from __future__ import annotations

from pathlib import Path

from policy_rules.cli.main import main

POLICY = """\
# Privacy

## Your rights

- Erasure of your data
- We do not sell your data.

## Retention

We keep data for 45 days after you respond to a request.
"""

RULESET = """\
id: t
title: T
version: "1"
rules:
  - id: t.erasure
    title: Erasure
    citation: c
    severity: error
    applies_when: {fact: eu, otherwise: {text: {terms: [data]}}}
    expect:
      all:
        - heading: {terms: [rights]}
        - terms: [erasure]
    contradict:
      terms: [sell]
  - id: t.window
    title: Window
    citation: c
    severity: error
    kind: prohibition
    values:
      - where: {terms: [request]}
        max_days: 30
"""


def run(capsys, tmp_path: Path, rule: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    (tmp_path / "p.md").write_text(POLICY, encoding="utf-8")
    (tmp_path / "r.yaml").write_text(RULESET, encoding="utf-8")
    code = main(
        ["explain", str(tmp_path / "p.md"), rule, "-r", str(tmp_path / "r.yaml"), "--date", "2026-01-01"]
    )
    return code, capsys.readouterr().out


def test_explains_pass_with_heading_and_discarded_negation(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out = run(capsys, tmp_path, "t.erasure")
    assert code == 0
    assert "outcome: pass" in out
    assert "applies_when: holds (the policy says 'data')" in out
    assert "terms 'sell' → 0 hits (1 discarded: heading text or negation, affirmative only)" in out
    assert "all (scope: sentence) → 1 hit in 1 sentence" in out
    assert '5:3 "Erasure" in: Erasure of your data' in out
    assert "under a heading with 'rights': \"Your rights\"" in out
    assert f"defined at {tmp_path / 'r.yaml'}:5" in out


def test_explains_value_checks(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out = run(capsys, tmp_path, "t.window")
    assert code == 0
    assert "outcome: fail" in out
    assert "value check: stated periods at most 30 days" in out
    assert "→ 1 violation, 0 conforming values" in out
    assert "10:1 We keep data for 45 days" in out


def test_unknown_rule(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _ = run(capsys, tmp_path, "t.nope")
    assert code == 2
