"""Hostile input against the installed ``policy-rules`` command: each case must end in time, in memory,
with exit status 0, 1 or 2 and no traceback (issue 10's bar).

    python benchmarks/hostile.py [--executable PATH] [--only NAME ...] [--time-limit S] [--memory-cap MB]

Every case writes its own inputs into a fresh temporary directory (nothing hostile is stored in the
repository), runs the command there with its address space capped (``RLIMIT_AS``) and a time limit,
and is judged from the exit status, the wall time, the peak resident memory (``os.wait4``) and, for
the output cases, a property of what was written (no stray ``::`` workflow command, no ESC byte on
a terminal, well-formed JUnit XML, no secret echoed). Prints a Markdown table; exits 1 if any case
fails. The cases are in ``benchmarks/hostile_cases.py``; ``tests/hostile/test_hostile.py`` runs them
all against the command installed in the current environment.

Written by hand rather than with a benchmark library: what is measured is a child process under
resource limits, killed on time-out, and judged on its output, which is a few dozen lines of
``subprocess`` and ``resource``.
"""

from __future__ import annotations

import argparse
import contextlib
import fnmatch
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script or loaded by path (tests)

from hostile_cases import DIRECTORY, FIFO, TRACEBACK, Case, Run, catalogue, text_of

_OUTPUT_CAP = 200 * 1024 * 1024  #: RLIMIT_FSIZE: a runaway report must not fill the disk


# ---------------------------------------------------------------------------------------- running
def _write_inputs(root: Path, files: Mapping[str, bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if content == FIFO:
            os.mkfifo(path)
        elif content == DIRECTORY:
            path.mkdir()
        else:
            path.write_bytes(content)


#: Runs the command under the limits and reports its peak memory. A forked child's ``ru_maxrss``
#: starts at its parent's peak (Linux keeps it across ``exec``): measured straight from a test run
#: that had grown to 200 MB, every probe looked 200 MB large. The launcher is a fresh small process,
#: so the command it forks is measured from nothing; it writes the command's peak (KiB) to a file
#: and ends as the command ended (the same exit status, or the same signal).
_LAUNCH = """\
import os, resource, signal, subprocess, sys
cap, out, report = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
def limits():
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    resource.setrlimit(resource.RLIMIT_FSIZE, (out, out))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
child = subprocess.Popen(sys.argv[4:], preexec_fn=limits)
_, status, usage = os.wait4(child.pid, 0)
with open(report, "w") as f:
    f.write(str(usage.ru_maxrss))
if os.WIFSIGNALED(status):
    if os.WTERMSIG(status) != signal.SIGKILL:
        signal.signal(os.WTERMSIG(status), signal.SIG_DFL)
    os.kill(os.getpid(), os.WTERMSIG(status))
sys.exit(os.WEXITSTATUS(status))
"""


def _launcher(memory_cap: int, report: Path) -> list[str]:
    return [sys.executable, "-S", "-c", _LAUNCH, str(memory_cap), str(_OUTPUT_CAP), str(report)]


def _environment(case: Case) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "PYTHONIO", "POLICY_RULES"))}
    env.update(case.env)
    return env


@dataclass
class _Running:
    case: Case
    proc: subprocess.Popen[bytes]
    started: float
    deadline: float
    directory: tempfile.TemporaryDirectory[str]
    out: Path
    err: Path


def _start(case: Case, executable: str, memory_cap: int, seconds: float | None) -> _Running:
    holder = tempfile.TemporaryDirectory(prefix=f"hostile-{case.name}-")
    root = Path(holder.name)
    _write_inputs(root / "in", case.files)
    (root / "in" / case.cwd).mkdir(parents=True, exist_ok=True)
    out, err = root / "stdout", root / "stderr"
    try:
        with (
            open(case.stdin or os.devnull, "rb") as stdin,
            out.open("wb") as stdout,
            err.open("wb") as stderr,
        ):
            command = os.path.abspath(shutil.which(executable) or executable)
            proc = subprocess.Popen(
                [*_launcher(memory_cap, root / "peak"), command, *case.argv],
                cwd=root / "in" / case.cwd,
                stdin=stdin,
                stdout=stdout,
                stderr=stderr,
                env=_environment(case),
                start_new_session=True,
            )
    except BaseException:
        holder.cleanup()
        raise
    started = time.monotonic()
    return _Running(case, proc, started, started + (seconds or case.seconds), holder, out, err)


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def _reap(job: _Running, timed_out: bool) -> Run:
    """Kill what is left of the process group (stray workers), then collect the exit status and
    the peak memory. The leader is still a zombie here, so its pid (the group id) cannot be reused."""
    elapsed = time.monotonic() - job.started
    _kill_group(job.proc.pid)
    _, wait_status, usage = os.wait4(job.proc.pid, 0)
    job.proc.returncode = os.waitstatus_to_exitcode(wait_status)
    status = None if timed_out else job.proc.returncode
    root = Path(job.directory.name)
    try:  # the command's own peak, as the launcher saw it; else (killed first) the launcher's
        peak_kib = int((root / "peak").read_text())
    except (OSError, ValueError):
        peak_kib = usage.ru_maxrss
    return Run(status, elapsed, peak_kib / 1024, _head(job.out), _head(job.err), root / "in")


def _head(path: Path, limit: int = 4 * 1024 * 1024) -> bytes:
    with path.open("rb") as fh:
        return fh.read(limit)


def run_cases(
    cases: list[Case], executable: str, *, memory_cap_mb: int, seconds: float | None, jobs: int
) -> list[tuple[Case, Run, str]]:
    """Run the cases, ``jobs`` at a time, polling for exits (no threads: ``preexec_fn`` is unsafe
    with them), and judge each. Results come back in catalogue order."""
    pending = list(cases)
    running: list[_Running] = []
    results: dict[str, tuple[Case, Run, str]] = {}
    try:
        while pending or running:
            while pending and len(running) < jobs:
                running.append(_start(pending.pop(0), executable, memory_cap_mb * 1024 * 1024, seconds))
            time.sleep(0.01)
            for job in list(running):
                exited = os.waitid(os.P_PID, job.proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
                if exited is None and time.monotonic() < job.deadline:
                    continue
                run = _reap(job, timed_out=exited is None)
                results[job.case.name] = (job.case, run, verdict(job.case, run))
                job.directory.cleanup()
                running.remove(job)
    finally:  # interrupted: leave no hostile run behind
        for job in running:
            _reap(job, timed_out=True)
            job.directory.cleanup()
    return [results[c.name] for c in cases]


def verdict(case: Case, run: Run) -> str:
    """``ok``, or the first thing wrong, worst first."""
    err = text_of(run.stderr)
    if run.status is None:
        return "TIMEOUT"
    if run.peak_mb > case.memory_mb or "MemoryError" in err:
        return "MEMORY"
    if TRACEBACK in err:
        return "TRACEBACK"
    if run.status not in case.exits:
        return "BAD-EXIT"
    if run.status == 2 and not err.strip():
        return "BAD-OUTPUT: exit 2 without a message"
    for check in case.checks:
        problem = check(run)
        if problem:
            return f"BAD-OUTPUT: {problem}"
    return "ok"


# ---------------------------------------------------------------------------------------- report
def _cell(text: str, width: int = 90) -> str:
    shown = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)
    shown = shown if len(shown) <= width else shown[: width - 1] + "…"
    return shown.replace("|", "\\|").replace("`", "'")


def _note(run: Run) -> str:
    lines = [line for line in text_of(run.stderr).splitlines() if line.strip()]
    return lines[-1] if lines else ""


def table(results: list[tuple[Case, Run, str]]) -> str:
    rows = [
        "| case | exit | time (s) | peak RSS (MB) | verdict | last stderr line |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    for case, run, judged in results:
        status = "killed" if run.status is None else str(run.status)
        rows.append(
            f"| {case.name} | {status} | {run.seconds:.2f} | {run.peak_mb:.0f} | {_cell(judged, 60)} "
            f"| {_cell(_note(run))} |"
        )
    failed = sum(judged != "ok" for _, _, judged in results)
    rows += ["", f"{len(results) - failed} of {len(results)} cases ok."]
    return "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = Path(sys.executable).with_name("policy-rules")
    parser.add_argument("--executable", default=str(default), help=f"command to run (default: {default})")
    parser.add_argument("--only", action="append", metavar="NAME", help="case name or glob (repeatable)")
    parser.add_argument("--time-limit", type=float, metavar="S", help="seconds per case, for every case")
    parser.add_argument("--memory-cap", type=int, default=2000, metavar="MB", help="address space cap")
    parser.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1), help="cases at a time")
    parser.add_argument("--list", action="store_true", help="list the case names and exit")
    args = parser.parse_args(argv)
    cases = [c for c in catalogue() if not args.only or any(fnmatch.fnmatch(c.name, o) for o in args.only)]
    if args.list or not cases:
        print("\n".join(c.name for c in catalogue()))
        return 0 if args.list else 2
    results = run_cases(
        cases, args.executable, memory_cap_mb=args.memory_cap, seconds=args.time_limit, jobs=args.jobs
    )
    limit = f"{args.time_limit:g} s for every case" if args.time_limit else "per case"
    print(f"`{args.executable}`: memory cap {args.memory_cap} MB, time limit {limit}\n")
    print(table(results), end="")
    return 0 if all(judged == "ok" for _, _, judged in results) else 1


if __name__ == "__main__":
    sys.exit(main())
