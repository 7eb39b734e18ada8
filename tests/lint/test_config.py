"""Configuration files: discovery, precedence, unknown keys, and `policy-rules config`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policy_rules.cli.main import main
from policy_rules.lint.config import find_config, load_config


def test_pyproject_table_is_found_walking_up(project: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.policy-rules]\nrulesets = ["gdpr"]\nfiles = ["docs/privacy.md"]\n'
        'date = "2026-01-01"\nfail_on = "fail"\n',
        encoding="utf-8",
    )
    sub = project / "docs"
    monkeypatch.chdir(sub)
    assert find_config(sub) == project / "pyproject.toml"
    code = main(["check", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    assert data["documents"][0]["path"] == "privacy.md"
    assert data["documents"][0]["evaluation_date"] == "2026-01-01"


def test_yaml_config_wins_over_pyproject_in_same_directory(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.policy-rules]\nfail_on = 'fail'\n", encoding="utf-8")
    (project / ".policy-rules.yaml").write_text("fail_on: missing\n", encoding="utf-8")
    config = load_config(find_config(project))
    assert config["fail_on"] == "missing"
    assert config.sources["fail_on"].endswith(".policy-rules.yaml")


def test_pyproject_without_table_is_skipped(project: Path) -> None:
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert find_config(project) is None


def test_unknown_key_is_an_error_with_position(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (project / ".policy-rules.yaml").write_text("rulesets: [gdpr]\nfail-on: fail\n", encoding="utf-8")
    code = main(["check", "docs/privacy.md"])
    err = capsys.readouterr().err
    assert code == 2
    assert ".policy-rules.yaml:2:1: unknown configuration key 'fail-on'" in err


def test_unknown_key_in_pyproject(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (project / "pyproject.toml").write_text("[tool.policy-rules]\nrulesets = ['gdpr']\nseverities = {}\n")
    assert main(["check", "docs/privacy.md"]) == 2
    assert "pyproject.toml:3:1: unknown configuration key 'severities'" in capsys.readouterr().err


def test_bad_values_are_errors(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (project / ".policy-rules.yaml").write_text("fail_on: sometimes\n", encoding="utf-8")
    assert main(["check", "docs/privacy.md"]) == 2
    assert "fail_on must be one of" in capsys.readouterr().err


def test_command_line_overrides_config(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (project / ".policy-rules.yaml").write_text(
        "rulesets: [gdpr]\nfiles: [docs/privacy.md]\nfail_on: info\ndisable: [gdpr.art13.2.a.retention_period]\n"
        "severity: {gdpr.art12.3.response_time_limit: info}\nfacts: {gdpr_art3_2: true}\n",
        encoding="utf-8",
    )
    assert main(["config", "--fail-on", "fail", "--date", "2026-01-01"]) == 0
    out = capsys.readouterr().out
    assert "fail_on = 'fail'  # command line" in out
    assert "disable = ['gdpr.art13.2.a.retention_period']  # " in out and ".policy-rules.yaml" in out
    assert "rulesets = ['gdpr']" in out
    main(["check", "--format", "json", "--date", "2026-01-01"])
    findings = json.loads(capsys.readouterr().out)["documents"][0]["findings"]
    ids = {f["rule_id"]: f for f in findings}
    assert "gdpr.art13.2.a.retention_period" not in ids
    assert ids["gdpr.art12.3.response_time_limit"]["severity"] == "info"
    assert ids["gdpr.art13.1.a.eu_representative"]["outcome"] != "not_applicable" or (
        "eu_establishment" in ids["gdpr.art13.1.a.eu_representative"].get("reason", "")
    )


def test_unknown_rule_in_disable_is_an_error(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["check", "docs/privacy.md", "-r", "gdpr", "--disable", "gdpr.nope"]) == 2
    assert "unknown rule id 'gdpr.nope'" in capsys.readouterr().err


def test_no_files_anywhere_is_a_usage_error(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["check"]) == 2
    assert "no files to check" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["missing.yaml", "missing.toml"])
def test_explicit_config_must_exist(project: Path, capsys, name: str) -> None:  # type: ignore[no-untyped-def]
    assert main(["check", "docs/privacy.md", "--config", name]) == 2
    assert "no such configuration file" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["too long", "symlink loop"])
def test_config_path_the_os_refuses_is_named_not_a_crash(project: Path, capsys, kind: str) -> None:  # type: ignore[no-untyped-def]
    """Found by fuzzing: ``Path.exists`` raised ENAMETOOLONG (exit 70) and called a symlink loop
    missing; both are now one line giving the OS's reason."""
    if kind == "too long":
        name, reason = "a" * 300 + ".yaml", "File name too long"
    else:
        name, reason = "loop.yaml", "Too many levels of symbolic links"
        (project / name).symlink_to(name)
    assert main(["check", "docs/privacy.md", "--config", name]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"policy-rules: error: {name}: ") and reason in err and err.count("\n") == 1


def test_toml_integer_over_the_digit_limit_is_a_usage_error(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """Found by fuzzing: tomllib raises a plain ValueError (not TOMLDecodeError) for an integer over
    Python's 4300-digit limit, which escaped as exit 70, even from a pyproject.toml found by discovery."""
    huge = "9" * 5000
    (project / "pyproject.toml").write_text(f"[tool.policy-rules]\nmax_size = {huge}\n", encoding="utf-8")
    assert main(["check", "docs/privacy.md", "-r", "gdpr", "--config", "pyproject.toml"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("policy-rules: error: pyproject.toml: cannot read configuration: Exceeds the limit")
    assert main(["check", "docs/privacy.md", "-r", "gdpr", "-q"]) == 1  # discovery skips it, as any bad TOML
    assert capsys.readouterr().err == ""
