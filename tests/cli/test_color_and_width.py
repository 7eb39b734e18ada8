"""Who decides colour and width of human output: --color, NO_COLOR, FORCE_COLOR, COLUMNS, the terminal."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from policy_rules.cli.main import main
from policy_rules.cli.output import DEFAULT_WIDTH, MIN_WIDTH, text_width, use_color

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = str(REPO / "examples" / "policy.md")


@pytest.mark.parametrize(
    ("choice", "env", "terminal", "expected"),
    [
        ("auto", {}, True, True),
        ("auto", {}, False, False),
        ("auto", {"NO_COLOR": "1"}, True, False),
        ("auto", {"NO_COLOR": ""}, True, True),  # empty: not set (no-color.org)
        ("auto", {"FORCE_COLOR": "1"}, False, True),
        ("auto", {"FORCE_COLOR": "0"}, False, False),
        ("auto", {"FORCE_COLOR": ""}, False, False),
        ("auto", {"FORCE_COLOR": "0"}, True, True),  # "0" does not force it off either
        ("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False, False),  # NO_COLOR wins, as in CPython
        ("auto", {"TERM": "dumb"}, True, False),
        ("auto", {"TERM": "dumb", "FORCE_COLOR": "3"}, False, True),
        ("always", {"NO_COLOR": "1"}, False, True),  # the option wins over both
        ("never", {"FORCE_COLOR": "1"}, True, False),
        ("never", {}, True, False),
    ],
)
def test_colour_precedence(choice: str, env: dict[str, str], terminal: bool, expected: bool) -> None:
    assert use_color(choice, env, terminal) is expected


def test_width_from_columns_or_a_default() -> None:
    assert text_width({}, False) == DEFAULT_WIDTH == 100
    assert text_width({"COLUMNS": "132"}, False) == 132
    assert text_width({"COLUMNS": "132"}, True) == 132
    assert text_width({"COLUMNS": "10"}, False) == MIN_WIDTH
    assert text_width({"COLUMNS": "wide"}, False) == DEFAULT_WIDTH
    assert text_width({"COLUMNS": "0"}, False) == DEFAULT_WIDTH
    assert text_width({}, True) >= MIN_WIDTH


def _check(capsys, monkeypatch, env: dict[str, str], *args: str) -> str:  # type: ignore[no-untyped-def]
    for name in ("NO_COLOR", "FORCE_COLOR", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(["check", EXAMPLE, "--no-config", "-r", "gdpr", "--date", "2026-01-01", *args]) == 1
    return capsys.readouterr().out  # type: ignore[no-any-return]


def test_the_command_applies_the_decision(capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert "\x1b[" not in _check(capsys, monkeypatch, {})  # captured output is not a terminal
    assert "\x1b[" in _check(capsys, monkeypatch, {"FORCE_COLOR": "1"})
    assert "\x1b[" not in _check(capsys, monkeypatch, {"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" in _check(capsys, monkeypatch, {"NO_COLOR": "1"}, "--color", "always")
    assert "\x1b[" not in _check(capsys, monkeypatch, {"FORCE_COLOR": "1"}, "--color", "never")
    assert "\x1b[" not in _check(capsys, monkeypatch, {"FORCE_COLOR": "1"}, "--format", "json")


def test_the_command_wraps_to_columns(capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for columns, expected in (("60", 60), ("", 100), ("200", 200)):
        out = _check(capsys, monkeypatch, {"COLUMNS": columns} if columns else {})
        widest = max(len(line) for line in out.splitlines())
        assert expected - 25 < widest <= expected, (columns, widest)


def test_quiet_on_the_command_line(capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    full = _check(capsys, monkeypatch, {})
    quiet = _check(capsys, monkeypatch, {}, "--quiet")
    assert "regime gdpr" in full and "regime gdpr" not in quiet and ": pass " not in quiet
    assert "gdpr.art13.2.a.retention_period" in quiet
    assert "gdpr.art21.4.objection_right_highlighted" not in quiet  # a warning: below --fail-on error
    assert "objection_right_highlighted" in _check(capsys, monkeypatch, {}, "-q", "--fail-on", "missing")
    assert quiet.rstrip().splitlines()[-1].startswith("total: 1 document, 1 with findings at --fail-on error")


def test_version_is_still_fast() -> None:
    """Nothing the text report needs is imported at start-up."""
    cmd = [
        sys.executable,
        "-c",
        "import sys; from policy_rules.cli.main import main; sys.exit(main(['--version']))",
    ]
    subprocess.run(cmd, check=True, capture_output=True)  # warm the bytecode cache
    best = min(_timed(cmd) for _ in range(3))
    assert best < 0.2, best
    modules = subprocess.run(
        [sys.executable, "-c", "import sys; from policy_rules.cli import main; print(' '.join(sys.modules))"],
        check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    assert not {"policy_rules.reports", "policy_rules.reports.text", "shutil"} & set(modules)


def _timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - start
