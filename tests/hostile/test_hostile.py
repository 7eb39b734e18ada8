"""Issue 10's bar: every case of ``benchmarks/hostile_cases.py``, run by ``benchmarks/hostile.py``
against the ``policy-rules`` command installed in this environment, ends within its time and memory
limits with exit status 0, 1 or 2 (the one the case expects), no traceback, and safe output."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
EXECUTABLE = Path(sys.executable).with_name("policy-rules")


def _harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("hostile_harness", REPO / "benchmarks" / "hostile.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


hostile = _harness()
cases = sys.modules["hostile_cases"]  # the catalogue, imported by the runner
CASES = cases.catalogue()


def _run(selected: list[Any], executable: str, **kwargs: Any) -> list[tuple[Any, Any, str]]:
    options = {"memory_cap_mb": 2000, "seconds": None, "jobs": min(4, os.cpu_count() or 1), **kwargs}
    results: list[tuple[Any, Any, str]] = hostile.run_cases(selected, executable, **options)
    return results


@pytest.fixture(scope="module")
def results() -> dict[str, tuple[Any, str]]:
    """The whole catalogue, run once, in parallel (about half a minute)."""
    assert EXECUTABLE.is_file(), f"no installed command at {EXECUTABLE}: pip install -e . first"
    return {case.name: (run, judged) for case, run, judged in _run(CASES, str(EXECUTABLE))}


def test_catalogue_covers_issue_10() -> None:
    names = {case.name for case in CASES}
    assert len(names) == len(CASES) >= 40
    for prefix in ("yaml-bomb-", "dev-zero-", "fifo-", "regex-", "builtin-", "html-", "github-", "extends-"):
        assert any(name.startswith(prefix) for name in names), prefix


@pytest.mark.parametrize("name", [case.name for case in CASES])
def test_hostile_case(results: dict[str, tuple[Any, str]], name: str) -> None:
    run, judged = results[name]
    stderr = run.stderr.decode("utf-8", "replace").strip().splitlines()
    assert judged == "ok", (
        f"{name}: {judged} (exit {run.status}, {run.seconds:.1f} s, {run.peak_mb:.0f} MB); "
        f"stderr ends: {stderr[-3:]}"
    )


# The harness must be able to fail: each verdict, provoked by a stand-in for the command.
@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("import time; time.sleep(30)", "TIMEOUT"),
        ("b = bytearray(300_000_000); b[::4096] = b'x' * len(b[::4096])", "MEMORY"),
        ("b = bytearray(5_000_000_000)", "MEMORY"),
        ("raise ValueError('boom')", "TRACEBACK"),
        ("raise SystemExit(3)", "BAD-EXIT"),
        ("import os; os.kill(os.getpid(), 9)", "BAD-EXIT"),
        ("raise SystemExit(2)", "BAD-OUTPUT: exit 2 without a message"),
        ("print('x.md: 1 pass'); print('::stop-commands::tok')", "BAD-OUTPUT: stray workflow command"),
        ("print('::error title=PWNED::x')", "BAD-OUTPUT: injected workflow command"),
        ("print('a \\x1b[2J b')", "BAD-OUTPUT: raw U+001B on stdout"),
        ("print('<details>x</details></details>')", "BAD-OUTPUT: unbalanced <details>"),
        ("print('`<img ok>` @hostileuser')", "BAD-OUTPUT: raw @mention"),
        ("print('<a>\\x01</a>')", "BAD-OUTPUT: JUnit XML does not parse"),
        ("import sys; print('policy-rules: error: TOPSECRET-4242', file=sys.stderr); raise SystemExit(2)",
         "BAD-OUTPUT: TOPSECRET-4242 echoed"),
        ("import sys; print('a\\nb', file=sys.stderr); raise SystemExit(2)", "BAD-OUTPUT: stderr is 2 lines"),
        ("print('`<img ok>` `@hostileuser` &#64;x <b>')", "ok"),
    ],
)  # fmt: skip
def test_harness_verdicts(code: str, expected: str) -> None:
    h = cases
    checks = (
        h.github_commands_only,
        h.no_control_characters,
        h.markdown_inert,
        h.no_secret,
        h.one_error_line,
    )
    if "<a>" in code:
        checks = (h.junit_well_formed,)
    case = h.Case("probe", ("-c", code), seconds=2, memory_mb=200, exits=h.ANY_EXIT, checks=checks)
    [(_, run, judged)] = _run([case], sys.executable)
    assert judged.startswith(expected), (judged, run)
    assert run.seconds < 10


def test_a_large_test_process_does_not_make_small_probes_look_large() -> None:
    """Linux keeps a forked child's peak memory from its parent across exec: the harness must
    measure the probe itself, not the (here deliberately grown) process that started it."""
    ballast = bytearray(300 * 1024 * 1024)
    ballast[::4096] = b"\1" * len(ballast[::4096])  # touched, so resident
    small = cases.Case("small", ("-c", "print(1)"), seconds=5, memory_mb=100)
    grows = cases.Case("grows", ("-c", "x = bytearray(150 << 20); x[::4096] = b'1' * len(x[::4096])"),
                       seconds=5, memory_mb=100)  # fmt: skip
    (_, small_run, small_verdict), (_, grows_run, grows_verdict) = _run([small, grows], sys.executable)
    del ballast
    assert small_verdict == "ok" and small_run.peak_mb < 100, small_run
    assert grows_verdict == "MEMORY" and grows_run.peak_mb > 150, grows_run
