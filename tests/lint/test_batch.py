"""check_many and the ordered worker pool: order, streaming, errors, and no worker left behind."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import pickle
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import policy_rules
from policy_rules import load_builtin_rulesets, load_policy
from policy_rules.engine import batch
from policy_rules.engine.batch import check_many, ordered_map, resolve_jobs, usable_cores
from policy_rules.errors import InputError, RulesetError, UsageError

DATE = dt.date(2026, 1, 1)


def policy_text(i: int, padding: int = 0) -> str:
    """A synthetic policy whose findings depend on ``i`` (retention stated or not, contact or not)."""
    keep = "We keep your personal data for 30 days." if i % 2 else "We keep your personal data indefinitely."
    contact = f"Contact: privacy{i}@example.test." if i % 3 else ""
    filler = "\n\nWe describe our services in plain words here. " * padding
    return (
        f"# Privacy Policy {i}\n\nLast updated: March {1 + i % 27}, 2025\n\n"
        f'Example Co {i} ("we") is the controller of your personal data under the GDPR. {contact}\n\n'
        f"## Retention\n\n{keep}\n\n## Your rights\n\nYou have the right to access your data.{filler}\n"
    )


@pytest.fixture(scope="module")
def rulesets() -> list[policy_rules.Ruleset]:
    return [r for r in load_builtin_rulesets() if r.id == "gdpr"]


@pytest.fixture
def corpus(tmp_path: Path) -> list[Path]:
    paths = []
    for i in range(12):
        p = tmp_path / f"p{i:02}.md"
        # the first files are much longer, so with workers they finish after later ones
        p.write_text(policy_text(i, padding=400 if i < 2 else 0), encoding="utf-8")
        paths.append(p)
    return paths


def test_results_come_in_input_order_and_equal_the_serial_run(corpus, rulesets) -> None:  # type: ignore[no-untyped-def]
    serial = [r.to_dict() for r in check_many(corpus, rulesets, jobs=1, evaluation_date=DATE)]
    pooled = [r.to_dict() for r in check_many(corpus, rulesets, jobs=3, evaluation_date=DATE)]
    assert [d["path"] for d in pooled] == [str(p) for p in corpus]
    assert pooled == serial
    # the same as checking each one by one with check()
    one = policy_rules.check(load_policy(corpus[5]), rulesets, evaluation_date=DATE).documents[0]
    assert pooled[5] == one.to_dict()


def test_documents_and_sources_go_to_workers_too(corpus, rulesets) -> None:  # type: ignore[no-untyped-def]
    documents = [load_policy(p) for p in corpus[:4]]
    results = list(check_many(documents, rulesets, jobs=2, evaluation_date=DATE))
    assert [r.path for r in results] == [str(p) for p in corpus[:4]]
    assert all(
        r.source is not None and r.source.text == d.source.text
        for r, d in zip(results, documents, strict=True)
    )
    lean = list(check_many(corpus[:4], rulesets, jobs=2, evaluation_date=DATE, keep_source=False))
    assert all(r.source is None for r in lean)
    assert [r.findings for r in lean] == [r.findings for r in results]


def test_results_stream_before_the_input_is_exhausted(corpus, rulesets) -> None:  # type: ignore[no-untyped-def]
    events: list[str] = []

    def slow() -> Iterator[Path]:
        for i in range(40):
            events.append(f"in {i}")
            time.sleep(0.01)
            yield corpus[i % len(corpus)]

    for jobs in (1, 2):
        events.clear()
        for n, _ in enumerate(check_many(slow(), rulesets, jobs=jobs, evaluation_date=DATE)):
            events.append(f"out {n}")
        first_out = events.index("out 0")
        assert first_out < events.index("in 39"), jobs
        # never more than a few items per worker read ahead of the result being waited for
        assert sum(e.startswith("in") for e in events[:first_out]) <= max(2, jobs * batch.AHEAD), jobs


def test_one_input_needs_no_pool(corpus, rulesets, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool was started for one document")

    import concurrent.futures

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    assert len(list(check_many(corpus[:1], rulesets, jobs=4, evaluation_date=DATE))) == 1
    assert len(list(check_many(corpus[:3], rulesets, jobs=1, evaluation_date=DATE))) == 3
    with pytest.raises(AssertionError, match="pool"):
        list(check_many(corpus[:2], rulesets, jobs=2, evaluation_date=DATE))


def test_an_unreadable_input_raises_at_its_place_with_its_location(corpus, rulesets, tmp_path) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "gone.md"
    got = []
    with pytest.raises(InputError) as info:
        for r in check_many(
            [corpus[0], corpus[1], missing, corpus[2]], rulesets, jobs=2, evaluation_date=DATE
        ):
            got.append(r.path)
    assert got == [str(corpus[0]), str(corpus[1])]
    assert info.value.path == str(missing)
    assert multiprocessing.active_children() == []


def test_errors_keep_file_line_and_column_across_processes() -> None:
    error = RulesetError("bad pattern", path="r.yaml", line=3, column=7, key="rules[0]")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is RulesetError and str(copy) == str(error) == "r.yaml:3:7: bad pattern [rules[0]]"


def _interrupting(corpus: list[Path], seen: list[int]) -> Iterator[Path]:
    for i in range(30):
        if i == 20:
            seen.extend(p.pid for p in multiprocessing.active_children() if p.pid is not None)
            raise KeyboardInterrupt
        yield corpus[i % len(corpus)]


def _gone(pid: int) -> bool:
    """No such process, not even a zombie waiting to be reaped."""
    return not Path(f"/proc/{pid}").exists()


def test_keyboard_interrupt_leaves_no_worker_behind(corpus, rulesets) -> None:  # type: ignore[no-untyped-def]
    seen: list[int] = []
    with pytest.raises(KeyboardInterrupt):
        for _ in check_many(_interrupting(corpus, seen), rulesets, jobs=2, evaluation_date=DATE):
            pass
    assert len(seen) == 2
    assert multiprocessing.active_children() == []
    assert all(_gone(pid) for pid in seen)  # terminated and reaped: not even a zombie


def test_stopping_early_stops_the_workers(corpus, rulesets) -> None:  # type: ignore[no-untyped-def]
    results = check_many(corpus * 3, rulesets, jobs=2, evaluation_date=DATE)
    next(results)
    assert len(multiprocessing.active_children()) == 2
    results.close()
    assert multiprocessing.active_children() == []


def test_ordered_map_on_plain_functions() -> None:
    assert list(ordered_map(abs, [-3, 2, -1, 0, -7], jobs=2)) == [3, 2, 1, 0, 7]
    assert list(ordered_map(abs, [], jobs=2)) == []


def test_jobs_are_validated() -> None:
    assert resolve_jobs(None) == usable_cores() >= 1
    assert usable_cores() <= (os.cpu_count() or 1)
    for bad in (0, -1, True, 1.5):
        with pytest.raises(UsageError, match="at least 1"):
            resolve_jobs(bad)  # type: ignore[arg-type]


def test_check_many_is_exported() -> None:
    assert policy_rules.check_many is check_many
    assert "check_many" in policy_rules.__all__
