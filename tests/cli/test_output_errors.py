"""Output that cannot be written is one line and exit 2; a bug is one line and exit 70.

Most cases run in-process with ``sys.stdout`` replaced; two run the real command, because what Python
does with a failed flush at exit can only be seen from outside.
"""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

import policy_rules.cli.output as output
from policy_rules.cli.main import EXIT_INTERNAL, main

POLICY = "# Privacy\n\nFor users in the EEA: we keep your personal data indefinitely. Café \u00e9t\u00e9.\n"
CHECK = ["check", "-r", "gdpr", "--date", "2026-01-01", "--no-config"]


@pytest.fixture
def policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("POLICY_RULES_DEBUG", raising=False)
    path = tmp_path / "privacy.md"
    path.write_text(POLICY, encoding="utf-8")
    return path


def one_line_error(err: str, *needles: str) -> None:
    assert err.count("\n") == 1 and err.startswith("policy-rules: error: "), err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, err


def run(capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("target", "reason", "needs"),
    [
        ("/dev/full", "No space left on device", "/dev/full"),
        (".", "Is a directory", "."),
        ("privacy.md/report.json", "not a folder", "."),  # a file where a folder should be
        ("/proc/policy-rules-nonexistent/report.json", "No such file or directory", "/proc/self"),
    ],
)
def test_report_file_that_cannot_be_written(
    capsys, policy: Path, target: str, reason: str, needs: str
) -> None:  # type: ignore[no-untyped-def]
    if not Path(needs).exists():
        pytest.skip(f"needs {needs}")
    code, _, err = run(capsys, *CHECK, str(policy), "--format", "json", "--output", f"json={target}")
    assert code == 2
    one_line_error(err, target, reason)
    assert policy.read_text(encoding="utf-8") == POLICY


def test_half_written_report_is_removed(capsys, policy: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    real_open = open

    class Full(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    def full_open(path, mode, **kw):  # type: ignore[no-untyped-def]
        handle = real_open(path, mode, **kw)
        handle.write = Full().write  # type: ignore[method-assign]
        return handle

    monkeypatch.setattr(output, "open", full_open, raising=False)
    code, _, err = run(capsys, *CHECK, str(policy), "--output", f"sarif={policy.parent / 'out/r.sarif'}")
    assert code == 2
    one_line_error(err, "out/r.sarif", "No space left")
    assert not (policy.parent / "out" / "r.sarif").exists()


def test_baseline_that_cannot_be_written(capsys, policy: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(capsys, *CHECK, str(policy), "--write-baseline", str(policy.parent))
    assert code == 2
    one_line_error(err, "baseline", "Is a directory")


def test_docs_page_that_cannot_be_written(capsys, policy: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(capsys, "docs", "schema", "--output", str(policy.parent))
    assert code == 2
    one_line_error(err, "Is a directory")


def test_stdout_that_cannot_encode(capsys, policy: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO(), encoding="ascii"))
    code, _, err = run(capsys, *CHECK, str(policy), "--format", "json")
    assert code == 2
    one_line_error(err, "standard output (ascii) cannot encode", "PYTHONIOENCODING=utf-8")


def test_closed_stdout(capsys, policy: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "stdout", None)
    code, _, err = run(capsys, *CHECK, str(policy))
    assert code == 2
    one_line_error(err, "standard output is closed")
    monkeypatch.setattr(sys, "stdout", None)
    code, _, err = run(capsys, "rules", "list")
    assert code == 2


def test_reader_that_stops_early(capsys, policy: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """``| head``: the rest of the output is dropped quietly, files are written, the status is kept."""
    for args, status in (
        (["rules", "list"], 0),
        ([*CHECK, str(policy), "-o", f"sarif={policy.parent / 'r.sarif'}"], 1),
    ):
        read_end, write_end = os.pipe()
        os.close(read_end)
        with open(write_end, "w", encoding="utf-8") as stream, monkeypatch.context() as patch:
            patch.setattr(sys, "stdout", stream)
            code, _, err = run(capsys, *args)
        assert (code, err) == (status, "")
    assert (policy.parent / "r.sarif").stat().st_size > 0


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [[*CHECK, "privacy.md", "--format", "json"], ["rules", "list"]])
def test_stdout_on_a_full_disk(policy: Path, args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "policy_rules", *args], stdout=full, stderr=subprocess.PIPE, text=True,
            check=False, cwd=policy.parent,
        )  # fmt: skip
    assert result.returncode == 2
    one_line_error(result.stderr, "cannot write to standard output", "No space left")


def test_closed_stdout_of_the_real_command(policy: Path) -> None:
    """Started with file descriptor 1 closed (``>&-``), Python has no ``sys.stdout`` at all."""
    result = subprocess.run(
        [sys.executable, "-m", "policy_rules", *CHECK, "privacy.md"], stderr=subprocess.PIPE, text=True,
        check=False, cwd=policy.parent, preexec_fn=lambda: os.close(1),
    )  # fmt: skip
    assert result.returncode == 2
    one_line_error(result.stderr, "standard output is closed")


def test_a_bug_has_its_own_exit_status(capsys, policy: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import policy_rules.lint.runner as runner

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("\x1b[2Jsimulated bug\n::error::x")

    monkeypatch.setattr(runner, "input_names", broken)
    code, _, err = run(capsys, *CHECK, str(policy))
    assert code == EXIT_INTERNAL == 70
    assert err.count("\n") == 1 and "Traceback" not in err and "\x1b" not in err
    assert err.startswith("policy-rules: internal error: KeyError:") and "bug in policy-rules" in err
    assert "POLICY_RULES_DEBUG=1" in err

    monkeypatch.setenv("POLICY_RULES_DEBUG", "1")
    code, _, err = run(capsys, *CHECK, str(policy))
    assert code == 70
    first, rest = err.split("\n", 1)
    assert first.startswith("policy-rules: internal error:") and "Traceback (most recent call last)" in rest
    assert "in broken" in rest


def test_messages_on_stderr_are_one_inert_line(capsys, policy: Path) -> None:  # type: ignore[no-untyped-def]
    name = "gone\x1b[2J\n::error::INJECTED.md"
    code, _, err = run(capsys, *CHECK, name)
    assert code == 2
    one_line_error(err, "gone\\x1b[2J\\n::error::INJECTED.md")
    assert "\x1b" not in err


def test_unused_suppression_line_cannot_start_a_command(capsys, policy: Path) -> None:  # type: ignore[no-untyped-def]
    name = "::warning::x.md"
    (policy.parent / name).write_text(
        "<!-- policy-rules-disable gdpr.art13.2.a.retention_period -- kept for audits -->\n"
        "We delete your data after 30 days.\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, *CHECK, name, "--report-unused-suppressions")
    assert code == 1
    assert err.startswith("./::warning::x.md:1:1: unused suppression"), err
