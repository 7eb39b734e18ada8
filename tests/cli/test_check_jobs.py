"""``check --jobs``: the same bytes whatever the number of workers, streamed, resumable, interruptible."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest

from policy_rules.cli import progress
from policy_rules.cli.main import main
from policy_rules.reports import FORMATTERS

ROOT = Path(__file__).resolve().parents[2]
BASE = ["check", "-r", "gdpr", "--date", "2026-01-01"]


def policy_text(i: int) -> str:
    keep = "We keep your personal data for 30 days." if i % 2 else "We keep your personal data indefinitely."
    contact = f"Contact: privacy{i}@example.test." if i % 3 else ""
    note = (
        "<!-- policy-rules-disable gdpr.art13.2.a.retention_period -- kept under a legal hold -->\n\n"
        if i == 4
        else ""
    )
    return (
        f"# Privacy Policy {i}\n\nLast updated: March {1 + i}, 2025\n\n"
        f'Example Co {i} ("we") is the controller of your personal data under the GDPR. {contact}\n\n'
        f"## Retention\n\n{note}{keep}\n\n## Your rights\n\nYou have the right to access your data.\n"
    )


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    (tmp_path / "pol").mkdir()
    names = []
    for i in range(7):
        name = f"pol/p{i}.md"
        (tmp_path / name).write_text(policy_text(i), encoding="utf-8")
        names.append(name)
    return names


def run(capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main([*BASE, *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("fmt", sorted(FORMATTERS))
def test_output_is_byte_identical_across_jobs(corpus, capsys, tmp_path, fmt) -> None:  # type: ignore[no-untyped-def]
    results = []
    for jobs in ("1", "2", "3"):
        code, out, err = run(capsys, *corpus, "-j", jobs, "-f", fmt, "-o", f"{fmt}=out{jobs}/report")
        assert err == ""
        results.append((code, out, (tmp_path / f"out{jobs}" / "report").read_bytes()))
    assert results[0][0] == 1
    assert results[0] == results[1] == results[2]
    assert results[0][1].encode() == results[0][2]  # stdout and the file: the same report


def test_jsonl_is_one_document_of_the_json_report_per_line(corpus, capsys) -> None:  # type: ignore[no-untyped-def]
    _, lines, _ = run(capsys, *corpus, "-j", "2", "-f", "jsonl")
    _, whole, _ = run(capsys, *corpus, "-j", "2", "-f", "json")
    report = json.loads(whole)
    assert lines.endswith("\n") and lines.count("\n") == len(corpus)
    documents = [json.loads(line) for line in lines.splitlines()]
    assert documents == report["documents"]
    assert [d["path"] for d in documents] == corpus
    schema = json.loads((ROOT / "policy_rules" / "reports" / "report.schema.json").read_text("utf-8"))
    for d in documents:
        jsonschema.validate({**report, "documents": [d]}, schema)


def test_an_unreadable_file_is_reported_and_the_run_goes_on(corpus, capsys) -> None:  # type: ignore[no-untyped-def]
    Path("pol/bad.md").write_text(
        "# P\n\n<!-- policy-rules-disable no.such.rule -- why -->\n\nText.\n", encoding="utf-8"
    )
    files = [corpus[0], "pol/missing.md", "pol/bad.md", corpus[1]]
    code, out, err = run(capsys, *files, "-j", "2", "-f", "jsonl")
    assert code == 2
    assert [json.loads(line)["path"] for line in out.splitlines()] == [corpus[0], corpus[1]]
    lines = err.splitlines()
    assert len(lines) == 2 and "pol/missing.md: no such file" in lines[0]
    assert lines[1].startswith("policy-rules: error: pol/bad.md:3:1:")  # line and column survive a worker
    code, out, _ = run(capsys, *files, "-j", "1", "-f", "jsonl")
    assert code == 2 and [json.loads(line)["path"] for line in out.splitlines()] == [corpus[0], corpus[1]]


def test_resume_appends_what_is_missing_after_a_cut_off_line(corpus, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, _ = run(capsys, *corpus, "-j", "2", "-o", "jsonl=run/all.jsonl")
    complete = Path("run/all.jsonl").read_bytes()
    first_two = b"".join(complete.splitlines(keepends=True)[:2])
    # killed while writing the third line
    Path("run/all.jsonl").write_bytes(first_two + complete.splitlines(keepends=True)[2][:40])
    code2, out, _ = run(capsys, *corpus, "-j", "2", "-o", "jsonl=run/all.jsonl", "--resume")
    assert Path("run/all.jsonl").read_bytes() == complete
    assert (code, code2) == (1, 1)
    assert "total: 5 documents" in out and corpus[0] not in out and corpus[2] in out
    # nothing left to do: the file stays as it is
    code3, out, _ = run(capsys, *corpus, "-o", "jsonl=run/all.jsonl", "--resume")
    assert code3 == 0 and "total: 0 documents" in out
    assert Path("run/all.jsonl").read_bytes() == complete
    # a file that does not exist yet is simply written
    run(capsys, *corpus, "-o", "jsonl=run/new.jsonl", "--resume")
    assert Path("run/new.jsonl").read_bytes() == complete


def test_resume_refuses_a_file_that_is_not_a_jsonl_report(corpus, capsys) -> None:  # type: ignore[no-untyped-def]
    Path("notes.jsonl").write_text('{"path": "a.md"}\nnot json\n{"x": 1}\n', encoding="utf-8")
    code, _, err = run(capsys, *corpus, "-o", "jsonl=notes.jsonl", "--resume")
    assert code == 2 and "notes.jsonl:2: not a line of a policy-rules JSON Lines report" in err
    assert Path("notes.jsonl").read_text(encoding="utf-8").count("\n") == 3  # left alone
    code, _, err = run(capsys, *corpus, "--resume")
    assert code == 2 and "--resume needs" in err and "--output jsonl=PATH" in err


def test_baselines_suppressions_and_unused_reports_work_with_jobs(corpus, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(capsys, *corpus, "-j", "2", "--write-baseline", "base.json")
    assert code == 0 and "to baseline base.json" in err
    serial = Path("base.json").read_bytes()
    run(capsys, *corpus, "-j", "1", "--write-baseline", "base.json")
    assert Path("base.json").read_bytes() == serial
    code, out, _ = run(capsys, *corpus, "-j", "2", "--baseline", "base.json")
    assert code == 0 and "suppressed" in out
    Path("pol/p4.md").write_text(policy_text(5).replace("30 days", "two weeks"), encoding="utf-8")
    Path("pol/p4.md").write_text(
        "<!-- policy-rules-disable gdpr.art13.2.a.retention_period -- not needed -->\n\n" + policy_text(1),
        encoding="utf-8",
    )
    code, _, err = run(capsys, *corpus, "-j", "2", "--report-unused-suppressions", "--exit-zero")
    assert "pol/p4.md:1:1: unused suppression for gdpr.art13.2.a.retention_period" in err


def test_progress_bar_only_when_wanted(corpus, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _, _, err = run(capsys, *corpus, "-j", "2", "--progress", "auto")
    assert err == ""  # captured stderr is no terminal
    _, out, err = run(capsys, *corpus, "-j", "2", "--progress", "always")
    assert f"0/{len(corpus)}" in err and "doc/s" in err and "doc/s" not in out
    assert err.endswith("\r")  # cleared when done (leave=False): the terminal keeps only the report
    _, _, err = run(capsys, *corpus, "--progress", "never")
    assert err == ""

    master, slave = os.openpty()
    with os.fdopen(slave, "w") as tty:
        assert progress.wanted("auto", tty, {"TERM": "xterm"})
        assert not progress.wanted("auto", tty, {"TERM": "xterm", "CI": "true"})
        assert not progress.wanted("auto", tty, {"TERM": "dumb"})
        assert not progress.wanted("never", tty, {})
    os.close(master)
    assert not progress.wanted("auto", sys.stderr, {}) or sys.stderr.isatty()
    assert progress.wanted("always", None, {})


def test_text_streams_to_stdout_before_the_last_input_is_read(corpus, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Standard input, named last, is read only when its turn comes: the first report is out before."""
    with subprocess.Popen(
        [sys.executable, "-m", "policy_rules", *BASE, "-j", "1", "-f", "jsonl", corpus[0], corpus[1], "-"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path,
    ) as proc:  # fmt: skip
        assert proc.stdin is not None and proc.stdout is not None
        first = json.loads(proc.stdout.readline())
        assert first["path"] == corpus[0]
        proc.stdin.write(policy_text(2).encode())
        proc.stdin.close()
        rest = proc.stdout.read().decode().splitlines()
        assert proc.wait(timeout=60) == 1
    assert [json.loads(line)["path"] for line in rest] == [corpus[1], "<stdin>"]


def _children(pid: int) -> set[int]:
    out = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(") ", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == pid:
                out.add(int(entry.name))
    return out


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_ctrl_c_leaves_no_worker_behind(tmp_path) -> None:  # type: ignore[no-untyped-def]
    for i in range(60):
        (tmp_path / f"p{i}.md").write_text(policy_text(i), encoding="utf-8")
    with subprocess.Popen(
        [sys.executable, "-m", "policy_rules", *BASE, "-j", "2", "-f", "jsonl", *sorted(os.listdir(tmp_path))],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path,
    ) as proc:  # fmt: skip
        assert proc.stdout is not None
        proc.stdout.readline()  # the workers are running
        workers = _children(proc.pid)
        assert len(workers) >= 2
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert b"Traceback" not in err
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
