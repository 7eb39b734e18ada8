"""Shared fixtures: where the third-party corpus lives (beside the checkout, never inside it).

Property tests explore new random inputs on every local run, where a new failure is a find. In CI
(``CI`` set, as GitHub Actions and our ``.ci/run`` do) they run derandomized: the same examples every
time, so a submission lands or not on its own merits, never on the luck of a seed. Any input a local
run finds is then pinned with ``@example`` in its test.
"""

from __future__ import annotations

import atexit
import datetime as dt
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# The compiled-ruleset cache (policy_rules.rules.cache) of the test run, its CLI subprocesses included,
# is a directory of its own, never the user's.
_CACHE_DIR = tempfile.mkdtemp(prefix="policy-rules-test-cache-")
os.environ["POLICY_RULES_CACHE_DIR"] = _CACHE_DIR
os.environ.pop("POLICY_RULES_NO_CACHE", None)
atexit.register(shutil.rmtree, _CACHE_DIR, ignore_errors=True)

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
EVAL_DATE = dt.date(2026, 1, 1)


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not present at {CORPUS}")
    return CORPUS


@pytest.fixture
def write(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a file under tmp_path and return its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def deadline() -> Iterator[None]:
    """Fail, rather than hang the suite, if a read blocks (a FIFO opened without O_NONBLOCK would)."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError("a read blocked")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(10)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
