"""Hostile configuration, facts, baseline and gold files: one positioned line and exit 2, fast.

The ruleset side of the same limits is in ``tests/rules/test_yaml_limits.py``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from policy_rules.cli.main import main
from policy_rules.cli.options import load_facts
from policy_rules.errors import InputError, PolicyRulesError, RulesetError, UsageError
from policy_rules.evaluation.gold import read_gold
from policy_rules.lint.baseline import read_baseline
from policy_rules.lint.config import load_config
from policy_rules.rules.yaml_source import MAX_DEPTH

BOMB = "".join(
    [
        'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n',
        *(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 10)),
    ]
)
DEEP_JSON = "[" * 100_000 + "]" * 100_000

HOSTILE_YAML = {
    "bomb": BOMB,
    "control": 'a: "x\x07"\n',
    "badint": "a: !!int abc\n",
    "baddate": "a: 2026-13-45\n",
    "deep": "a: " + "[" * 500 + "]" * 500 + "\n",
    "recursive": "a: &x [*x]\n",
}


def fast(call: Callable[..., object], *args: object) -> PolicyRulesError:
    started = time.perf_counter()
    with pytest.raises(PolicyRulesError) as info:
        call(*args)
    assert time.perf_counter() - started < 2.0
    return info.value


@pytest.mark.parametrize("case", sorted(HOSTILE_YAML))
def test_hostile_config_yaml(tmp_path: Path, case: str) -> None:
    path = tmp_path / ".policy-rules.yaml"
    path.write_text(HOSTILE_YAML[case], encoding="utf-8")
    err = fast(load_config, path)
    assert isinstance(err, (RulesetError, UsageError))
    assert err.path == str(path) and err.line is not None and err.column is not None


@pytest.mark.parametrize("case", sorted(HOSTILE_YAML))
def test_hostile_facts_yaml(tmp_path: Path, case: str) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text(HOSTILE_YAML[case], encoding="utf-8")
    err = fast(load_facts, str(path), [])
    assert err.path == str(path) and err.line is not None and err.column is not None


def test_facts_value_error_is_positioned(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text("ok: true\nbad: [1, 2]\n", encoding="utf-8")
    err = fast(load_facts, str(path), [])
    assert isinstance(err, InputError) and (err.line, err.column) == (2, 1)


def test_facts_yaml_dates_and_empty_files_still_load(tmp_path: Path) -> None:
    (tmp_path / "f.yaml").write_text("since: 2024-05-01\nchild_directed: no\n", encoding="utf-8")
    assert load_facts(str(tmp_path / "f.yaml"), []) == {"since": "2024-05-01", "child_directed": False}
    (tmp_path / "empty.yaml").write_text("# none yet\n", encoding="utf-8")
    assert load_facts(str(tmp_path / "empty.yaml"), []) == {}


def test_deep_json_facts(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_text('{"a":\n ' + DEEP_JSON + "}", encoding="utf-8")
    err = fast(load_facts, str(path), [])
    assert isinstance(err, InputError) and f"deeper than {MAX_DEPTH}" in err.message
    assert (err.line, err.column) == (2, MAX_DEPTH + 1)


def test_json_brackets_inside_strings_are_not_nesting(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_text('{"a": "' + "[" * 500 + '\\"{{{", "b": 1}', encoding="utf-8")
    assert load_facts(str(path), []) == {"a": "[" * 500 + '"{{{', "b": 1}


def test_json_lone_surrogate_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_text('{"a": "\\ud800"}', encoding="utf-8")
    assert "surrogate" in fast(load_facts, str(path), []).message


def test_deep_baseline(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text('{"version": 1, "findings": ' + DEEP_JSON + "}", encoding="utf-8")
    err = fast(read_baseline, path)
    assert isinstance(err, InputError) and err.line == 1 and f"deeper than {MAX_DEPTH}" in err.message


def test_deep_gold_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    ok = '{"document": "p.md", "rule": "r.x", "expected": "present"}\n'
    path.write_text(ok + '{"document": "p.md", "rule": "r.x", "expected": ' + DEEP_JSON + "}\n")
    err = fast(read_gold, path)
    assert isinstance(err, InputError) and err.line == 2 and err.column is not None


def test_huge_json_integer_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text('{"version": ' + "9" * 5000 + "}", encoding="utf-8")
    assert isinstance(fast(read_baseline, path), InputError)


@pytest.mark.parametrize("special", ["/dev/zero", "fifo", "directory"])
def test_special_files_are_refused_everywhere(tmp_path: Path, special: str) -> None:
    if special == "fifo":
        target = tmp_path / "pipe.yaml"
        os.mkfifo(target)
    elif special == "directory":
        target = tmp_path / "dir.yaml"
        target.mkdir()
    else:
        target = Path(special)
    readers = [
        lambda: load_config(target),
        lambda: load_facts(str(target), []),
        lambda: read_baseline(target),
        lambda: read_gold(target),
    ]
    for read in readers:
        err = fast(read)
        assert "not a regular file" in err.message or "directory" in err.message
        assert err.path == str(target)


def test_deep_toml_config(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.policy-rules]\nfiles = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    assert isinstance(fast(load_config, path), UsageError)


def cli(capsys, *args: str) -> tuple[int, list[str]]:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    code = main(list(args))
    assert time.perf_counter() - started < 5.0
    return code, capsys.readouterr().err.splitlines()


@pytest.mark.parametrize("case", ["bomb", "badint", "deep"])
def test_cli_validate_and_check_exit_2_with_one_line(tmp_path: Path, capsys, case: str) -> None:  # type: ignore[no-untyped-def]
    ruleset = tmp_path / "hostile.yaml"
    ruleset.write_text('id: h\ntitle: H\nversion: "1"\n' + HOSTILE_YAML[case], encoding="utf-8")
    policy = tmp_path / "p.md"
    policy.write_text("# Privacy\n\nWe keep data.\n", encoding="utf-8")
    for args in (
        ["validate", str(ruleset)],
        ["check", str(policy), "--no-config", "--ruleset", str(ruleset)],
    ):
        code, err = cli(capsys, *args)
        assert code == 2 and len(err) == 1
        assert err[0].startswith(f"policy-rules: error: {ruleset}:")
        assert err[0].split(":")[3].isdigit() and err[0].split(":")[4].isdigit()


def test_cli_hostile_facts_exit_2_with_one_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    facts = tmp_path / "facts.yaml"
    facts.write_text(HOSTILE_YAML["bomb"], encoding="utf-8")
    policy = tmp_path / "p.md"
    policy.write_text("# Privacy\n\nWe keep data.\n", encoding="utf-8")
    code, err = cli(capsys, "check", str(policy), "--no-config", "-r", "gdpr", "--facts", str(facts))
    assert code == 2 and len(err) == 1 and err[0].startswith(f"policy-rules: error: {facts}:")
