"""Inputs: files, directories, globs, standard input; exit statuses for every case."""

from __future__ import annotations

import io
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from policy_rules.cli.main import main
from policy_rules.errors import UsageError
from policy_rules.lint.inputs import expand
from policy_rules.lint.runner import CheckOptions, run_check

CLEAN = (
    "Northwind Ltd is the controller under the GDPR. Write to privacy@northwind.example.\n\n"
    "We use your e-mail address to send receipts, on the basis of our contract with you.\n"
)


def test_directories_recurse_by_extension(project: Path) -> None:
    (project / "docs" / "legal").mkdir()
    (project / "docs" / "legal" / "cookies.html").write_text("<p>x</p>", encoding="utf-8")
    (project / "docs" / "notes.py").write_text("x = 1\n", encoding="utf-8")
    (project / "docs" / ".hidden").mkdir()
    (project / "docs" / ".hidden" / "a.md").write_text("x", encoding="utf-8")
    assert expand(["docs"]) == ["docs/legal/cookies.html", "docs/privacy.md"]


def test_globs_and_duplicates(project: Path) -> None:
    assert expand(["docs/*.md", "docs/privacy.md"]) == ["docs/privacy.md"]
    assert expand(["docs/**/*.md"]) == ["docs/privacy.md"]


def test_exclude(project: Path) -> None:
    (project / "docs" / "terms.md").write_text("x", encoding="utf-8")
    assert expand(["docs"], exclude=["*/privacy.md"]) == ["docs/terms.md"]


def test_glob_matching_nothing_is_an_error(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["check", "policies/*.md", "-r", "gdpr"]) == 2
    assert "policies/*.md: pattern matches no files" in capsys.readouterr().err


def test_directory_without_policies_is_an_error(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (project / "empty").mkdir()
    assert main(["check", "empty", "-r", "gdpr"]) == 2
    assert "no policy files" in capsys.readouterr().err


def test_stdin(project: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(CLEAN.encode()), encoding="utf-8"))
    code = main(["check", "-", "-r", "gdpr", "--format", "json", "--fail-on", "fail"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["documents"][0]["path"] == "<stdin>"


def test_results_per_file_and_unreadable_file_is_never_a_pass(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (project / "docs" / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (project / "docs" / "broken.txt").write_bytes(b"\xff\xfe\x00\x00\x00garbage\x00")
    code = main(
        ["check", "docs/clean.txt", "docs/broken.txt", "-r", "gdpr", "--format", "json", "--fail-on", "fail"]
    )
    out, err = capsys.readouterr()
    assert code == 2
    assert [d["path"] for d in json.loads(out)["documents"]] == ["docs/clean.txt"]
    assert "docs/broken.txt" in err


# The exit-status table of docs/ci.md, case by case.
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["docs/clean.txt", "--fail-on", "fail"], 0),
        (["docs/privacy.md", "--fail-on", "fail"], 1),
        (["docs/privacy.md", "--fail-on", "missing"], 1),
        (["docs/clean.txt", "--fail-on", "missing"], 1),
        (["docs/clean.txt", "--fail-on", "error"], 1),
        (["docs/privacy.md", "--exit-zero"], 0),
        (["docs/nope.md"], 2),
        (["docs/privacy.md", "--fail-on", "sometimes"], 2),
        (["docs/privacy.md", "--ruleset", "broken.yaml"], 2),
    ],
)
def test_exit_status(project: Path, capsys, args: list[str], expected: int) -> None:  # type: ignore[no-untyped-def]
    (project / "docs" / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (project / "broken.yaml").write_text("id: [\n", encoding="utf-8")
    rulesets = [] if "--ruleset" in args else ["-r", "gdpr"]
    assert main(["check", *args, *rulesets, "--date", "2026-01-01"]) == expected
    capsys.readouterr()


def test_severity_threshold(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (project / "docs" / "clean.txt").write_text(CLEAN, encoding="utf-8")
    args = ["check", "docs/clean.txt", "-r", "gdpr", "--date", "2026-01-01"]
    demoted = [a for rid in ("gdpr.art13.2.b.right_of_access",) for a in ("--severity", f"{rid}=info")]
    assert main([*args, "--fail-on", "error", *demoted]) == 1
    capsys.readouterr()


def test_oversized_file_is_refused_with_a_way_round(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    big = project / "docs" / "big.txt"
    big.write_text(CLEAN[: 600_000 // 4_000] * 4_000, encoding="utf-8")  # 0.6 MB
    assert main(["check", "docs/big.txt", "-r", "gdpr", "--max-size", "0.5"]) == 2
    err = capsys.readouterr().err
    assert "docs/big.txt: file is 0.6 MB, over the 0.5 MB limit" in err and "--max-size" in err
    assert main(["check", "docs/big.txt", "-r", "gdpr", "--max-size", "0", "--fail-on", "fail", "-q"]) == 0
    capsys.readouterr()


def test_fifo_in_a_scanned_directory_is_an_error_naming_it(project: Path, capsys, deadline) -> None:  # type: ignore[no-untyped-def]
    (project / "docs" / "clean.txt").write_text(CLEAN, encoding="utf-8")
    os.mkfifo(project / "docs" / "x.md")
    assert "docs/x.md" in expand(["docs"])  # listed, so that it is reported, not silently skipped
    code = main(["check", "docs", "-r", "gdpr", "--format", "json", "--fail-on", "fail"])
    out, err = capsys.readouterr()
    assert code == 2
    assert [d["path"] for d in json.loads(out)["documents"]] == ["docs/clean.txt", "docs/privacy.md"]
    assert (
        err
        == "policy-rules: error: docs/x.md: is a FIFO (named pipe), not a regular file; only regular files are read\n"
    )


def test_fifo_matched_by_a_glob_is_an_error(project: Path, capsys, deadline) -> None:  # type: ignore[no-untyped-def]
    os.mkfifo(project / "docs" / "x.md")
    assert expand(["docs/*.md"]) == ["docs/privacy.md", "docs/x.md"]
    assert main(["check", "docs/*.md", "-r", "gdpr", "-q"]) == 2
    assert "docs/x.md: is a FIFO" in capsys.readouterr().err


def test_fifo_named_on_the_installed_command_does_not_hang(project: Path) -> None:
    os.mkfifo(project / "pipe.md")
    command = Path(sys.executable).with_name("policy-rules")
    done = subprocess.run(
        [str(command), "check", "pipe.md", "-r", "gdpr"], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 2
    assert (
        done.stderr
        == "policy-rules: error: pipe.md: is a FIFO (named pipe), not a regular file; only regular files are read\n"
    )


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_devices_are_refused_with_one_line(project: Path, capsys, deadline, device: str) -> None:  # type: ignore[no-untyped-def]
    assert main(["check", device, "-r", "gdpr", "--max-size", "0"]) == 2
    err = capsys.readouterr().err
    assert (
        err
        == f"policy-rules: error: {device}: is a character device, not a regular file; only regular files are read\n"
    )


def test_empty_path_argument_is_refused(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["check", "", "-r", "gdpr"]) == 2  # not the working directory
    assert capsys.readouterr() == (
        "",
        "policy-rules: error: empty path argument: name a policy file, directory or glob ('-': stdin)\n",
    )
    assert main(["check", "docs/privacy.md", "", "-r", "gdpr"]) == 2
    capsys.readouterr()


@pytest.mark.parametrize("value", ["-1", "-0.5", "nan", "NaN", "inf", "-inf", "1e400", "ten"])
def test_bad_max_size_is_a_usage_error(project: Path, capsys, value: str) -> None:  # type: ignore[no-untyped-def]
    assert main(["check", "docs/privacy.md", "-r", "gdpr", f"--max-size={value}"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "argument --max-size:" in err and repr(value) in err and "Traceback" not in err


@pytest.mark.parametrize("value", ["-1", ".nan", ".inf", "-.inf", "ten", "true"])
def test_bad_max_size_in_the_configuration(project: Path, capsys, value: str) -> None:  # type: ignore[no-untyped-def]
    (project / ".policy-rules.yaml").write_text(f"max_size: {value}\n", encoding="utf-8")
    assert main(["check", "docs/privacy.md", "-r", "gdpr"]) == 2
    err = capsys.readouterr().err
    assert err.endswith(
        ".policy-rules.yaml:1:1: max_size must be a number of megabytes (0: no limit) [max_size]\n"
    )


@pytest.mark.parametrize("value", [-1.0, math.nan, math.inf])
def test_bad_max_size_from_the_library(project: Path, value: float) -> None:
    with pytest.raises(UsageError, match="--max-size must be 0"):
        run_check(CheckOptions(files=["docs/privacy.md"], rulesets=[], max_size_mb=value))


def test_stdin_over_the_limit_is_refused(project: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    data = io.BytesIO(CLEAN.encode() * 10_000)  # 1.6 MB
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(data, encoding="utf-8"))
    assert main(["check", "-", "-r", "gdpr", "--max-size", "1"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "policy-rules: error: <stdin>: standard input is over the 1.0 MB limit; "
        "pass --max-size MB to check it anyway\n"
    )
    assert data.tell() <= 1_000_001 + 8192  # read up to the limit (plus the text wrapper's look-ahead)


@pytest.mark.parametrize("value", ["nan", "inf", "-1"])
def test_bad_max_size_in_pyproject(project: Path, capsys, value: str) -> None:  # type: ignore[no-untyped-def]
    (project / "pyproject.toml").write_text(f"[tool.policy-rules]\nmax_size = {value}\n", encoding="utf-8")
    assert main(["check", "docs/privacy.md", "-r", "gdpr"]) == 2
    assert "max_size must be a number of megabytes (0: no limit)" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["check", "-r", "gdpr"], ["parse"]])
def test_max_size_too_big_for_bytes_means_no_practical_limit(
    project: Path, capsys, command: list[str]
) -> None:  # type: ignore[no-untyped-def]
    """Found by fuzzing: 1e308 MB is finite, but 1e308 * 1e6 bytes is infinity and ``int()`` of it
    raised OverflowError (exit 70); the limit is capped instead, above any file."""
    code = main([*command, "docs/privacy.md", "--max-size=1e308"])
    out, err = capsys.readouterr()
    assert code in (0, 1) and err == "" and out
    (project / ".policy-rules.yaml").write_text("max_size: 1.0e+308\n", encoding="utf-8")
    assert main(["check", "docs/privacy.md", "-r", "gdpr", "-q"]) == 1
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("name", ["a" * 300, "a" * 300 + ".md", "a" * 300 + "/privacy.md"])
def test_file_name_the_os_refuses_is_one_error_line(project: Path, capsys, name: str) -> None:  # type: ignore[no-untyped-def]
    """Found by fuzzing: ``Path.is_dir`` raises ENAMETOOLONG rather than answering False."""
    assert main(["check", name, "-r", "gdpr"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"policy-rules: error: {name}: cannot read the file: File name too long")
    assert err.count("\n") == 1
