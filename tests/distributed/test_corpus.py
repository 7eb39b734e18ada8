"""The corpus run on a LocalCluster gives what ``policy-rules check`` gives, file for file, byte for byte."""

from __future__ import annotations

import csv
import io
import json
import socket
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from policy_rules.cli.main import main
from policy_rules.distributed import check_corpus, summarize_jsonl
from policy_rules.distributed.corpus import split
from policy_rules.errors import UsageError

SETTINGS = ["--date", "2026-01-01", "--fact", "gdpr_applies=true", "--ruleset", "gdpr", "--ruleset", "coppa"]


def _serial(capsys: pytest.CaptureFixture[str], paths: list[str]) -> tuple[list[dict[str, Any]], list[str]]:
    """The documents of ``policy-rules check --format json`` and its error lines."""
    code = main(["check", *paths, *SETTINGS, "--format", "json", "--no-config"])
    out, err = capsys.readouterr()
    assert code == 2  # the broken PDF
    return json.loads(out)["documents"], [line for line in err.splitlines() if line]


def _lines(folder: Path) -> list[str]:
    return [
        line
        for part in sorted(folder.glob("part-*.jsonl"))
        for line in part.read_text(encoding="utf-8").splitlines(True)
    ]


def test_same_documents_as_check_byte_for_byte(
    dask_client: Any, corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(corpus_dir / "gone.md")
    paths = [str(corpus_dir), missing]
    serial, serial_errors = _serial(capsys, paths)
    assert len(serial) == 9
    run = check_corpus(
        paths, ["gdpr", "coppa"], scheduler=dask_client, partitions=3, output_dir=tmp_path / "out",
        facts={"gdpr_applies": True}, evaluation_date="2026-01-01",
    )  # fmt: skip
    # Each line is the JSON report's document object, as json.dumps writes it on one line.
    assert _lines(tmp_path / "out") == [json.dumps(d, ensure_ascii=False) + "\n" for d in serial]
    # Files that cannot be read are reported as check reports them, in input order, and kept out.
    assert [f"policy-rules: error: {e.message}" for e in run.errors] == serial_errors
    assert [e.path for e in run.errors] == [str(corpus_dir / "sub" / "broken.pdf"), missing]
    written = [json.loads(line) for line in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()]
    assert written == [e.to_dict() for e in run.errors]
    assert run.documents == 9 and run.summary.unreadable == 2
    assert run.reaches_fail_on  # gdpr retention fails in a third of them
    suppressed = [f for d in serial for f in d["findings"] if f["suppressed"]]
    assert suppressed, "the suppression comment is applied on the workers too"


def test_partitions_are_complete_and_in_input_order(
    dask_client: Any, corpus_dir: Path, tmp_path: Path
) -> None:
    files = sorted(str(p) for p in corpus_dir.rglob("policy*.*"))
    finished: list[int] = []
    run = check_corpus(
        files,
        ["gdpr"],
        scheduler=dask_client,
        partitions=4,
        output_dir=tmp_path,
        evaluation_date="2026-01-01",
        on_partition=lambda p: finished.append(p.index),
    )
    assert sorted(finished) == [0, 1, 2, 3]
    names = [Path(p.path).name for p in run.partitions]
    assert names == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl", "part-00003.jsonl"]
    expected = split(files, 4)
    for part, chunk in zip(run.partitions, expected, strict=True):
        lines = Path(part.path).read_text(encoding="utf-8").splitlines()
        assert [json.loads(line)["path"] for line in lines] == chunk
        assert part.documents == len(chunk) and not part.errors
    assert not list(tmp_path.glob(".part-*"))  # no temporary file left


def test_summary_counts(
    dask_client: Any, corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serial, _ = _serial(capsys, [str(corpus_dir)])
    run = check_corpus(
        [str(corpus_dir)], ["gdpr", "coppa"], scheduler=dask_client, output_dir=tmp_path,
        facts={"gdpr_applies": True}, evaluation_date="2026-01-01",
    )  # fmt: skip
    expected = Counter((f["rule_id"], f["outcome"]) for d in serial for f in d["findings"])
    rows = list(csv.DictReader(io.StringIO((tmp_path / "summary.csv").read_text(encoding="utf-8"))))
    rule_ids = list(dict.fromkeys(f["rule_id"] for f in serial[0]["findings"]))
    assert [r["rule_id"] for r in rows] == rule_ids
    for row in rows:
        for outcome in ("pass", "fail", "missing", "not_applicable"):
            count = expected[(row["rule_id"], outcome)]
            assert int(row[outcome]) == count
            assert float(row[f"{outcome}_rate"]) == pytest.approx(count / 9, abs=5e-5)
        assert int(row["documents"]) == 9
    retention = next(r for r in rows if r["rule_id"] == "gdpr.art13.2.a.retention_period")
    assert int(retention["suppressed"]) == 1
    assert int(retention["fail"]) == 3  # policies 0, 3 and 6 keep data indefinitely; 3 says why (suppressed)
    # The same summary read back from the partitions (what `policy-rules summary` does).
    again = summarize_jsonl(sorted(tmp_path.glob("part-*.jsonl")))
    assert again.to_csv() == run.summary.to_csv()
    assert (
        (tmp_path / "summary.md")
        .read_text(encoding="utf-8")
        .startswith("# Corpus summary\n\n9 documents checked; 1 file could not be read.\n")
    )


def test_scan_command_on_the_cluster(
    dask_client: Any, corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    address = dask_client.scheduler.address
    out = tmp_path / "out"
    code = main(
        [
            "scan",
            str(corpus_dir),
            "--scheduler",
            address,
            "--output-dir",
            str(out),
            "--partitions",
            "2",
            *SETTINGS,
        ]
    )
    stdout, stderr = capsys.readouterr()
    assert code == 2  # as check: a file that cannot be read
    assert f"policy-rules: error: {corpus_dir / 'sub' / 'broken.pdf'}: not a PDF file" in stderr
    assert stdout.splitlines() == [
        str(out / n)
        for n in ("part-00000.jsonl", "part-00001.jsonl", "errors.jsonl", "summary.csv", "summary.md")
    ]
    serial, _ = _serial(capsys, [str(corpus_dir)])
    assert _lines(out) == [json.dumps(d, ensure_ascii=False) + "\n" for d in serial]
    # A second run into the same directory must say so instead of mixing two runs' partitions.
    assert main(["scan", str(corpus_dir), "--scheduler", address, "--output-dir", str(out), *SETTINGS]) == 2
    assert "already holds partition files" in capsys.readouterr().err
    code = main(
        [
            "scan",
            str(corpus_dir / "policy0.md"),
            "--scheduler",
            address,
            "--output-dir",
            str(out),
            "--overwrite",
            *SETTINGS,
        ]
    )
    assert code == 1  # retention fails: findings at the default --fail-on, as check
    assert [p.name for p in sorted(out.glob("part-*.jsonl"))] == ["part-00000.jsonl"]
    capsys.readouterr()
    code = main(
        [
            "scan",
            str(corpus_dir / "policy0.md"),
            "--scheduler",
            address,
            "--output-dir",
            str(out),
            "--overwrite",
            "--exit-zero",
            *SETTINGS,
        ]
    )
    assert code == 0


def test_local_scheduler_starts_and_stops_its_own_cluster(
    corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.distributed.conftest import _children

    before = _children()
    code = main(
        [
            "scan",
            str(corpus_dir / "sub" / "policy1.txt"),
            "--scheduler",
            "local:1",
            "--output-dir",
            str(tmp_path),
            "--exit-zero",
            *SETTINGS,
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert len((tmp_path / "part-00000.jsonl").read_text(encoding="utf-8").splitlines()) == 1
    assert _children() <= before


def test_unreachable_scheduler_is_a_one_line_error(
    tmp_path: Path, corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    code = main(
        [
            "scan",
            str(corpus_dir),
            "--scheduler",
            address,
            "--connect-timeout",
            "0.5",
            "--output-dir",
            str(tmp_path / "o"),
            *SETTINGS,
        ]
    )
    _, err = capsys.readouterr()
    assert code == 2
    assert err.startswith(f"policy-rules: error: cannot reach the Dask scheduler at {address}")
    assert "Traceback" not in err and len(err.splitlines()) == 1
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scheduler", "not an address"], "--scheduler must be 'local', 'local:N' or a scheduler address"),
        (["--scheduler", "local:0"], "needs N of 1 or more"),
        (["--disable", "gdpr.no_such_rule"], "unknown rule id 'gdpr.no_such_rule'"),
        (["--severity", "gdpr.art13.2.a.retention_period=loud"], "must be error, warning or info"),
        (["--date", "yesterday"], "--date must be YYYY-MM-DD"),
    ],
)
def test_usage_errors_before_any_cluster(
    args: list[str], message: str, corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["scan", str(corpus_dir), "--output-dir", str(tmp_path / "o"), "-r", "gdpr", *args])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and "Traceback" not in err


def test_standard_input_cannot_go_to_a_cluster(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="standard input"):
        check_corpus(["-"], ["gdpr"], output_dir=tmp_path, scheduler="local:1")


def test_rulesets_are_shipped_once_not_with_each_task(
    dask_client: Any, corpus_dir: Path, tmp_path: Path
) -> None:
    """Every partition task depends on one scattered key holding the settings (rulesets included),
    held by both workers before any task runs; no task carries a copy of its own."""
    from distributed.diagnostics.plugin import SchedulerPlugin

    scheduler = dask_client.cluster.scheduler  # the LocalCluster's scheduler runs in this process
    seen: list[tuple[list[str], int]] = []

    class Watch(SchedulerPlugin):
        def transition(self, key: Any, start: str, finish: str, *args: Any, **kwargs: Any) -> None:
            if finish == "processing" and str(key).startswith("policy-rules-"):
                deps = scheduler.tasks[key].dependencies
                seen.append(([str(d.key) for d in deps], min(len(d.who_has or ()) for d in deps)))

    scheduler.add_plugin(Watch(), name="policy-rules-test-watch")
    try:
        check_corpus(
            [str(corpus_dir)],
            ["gdpr"],
            scheduler=dask_client,
            partitions=5,
            output_dir=tmp_path,
            evaluation_date="2026-01-01",
        )
    finally:
        scheduler.remove_plugin("policy-rules-test-watch")
    assert len(seen) == 5
    keys = {k for deps, _ in seen for k in deps}
    assert len(keys) == 1 and all(len(deps) == 1 for deps, _ in seen)
    assert all(holders == 2 for _, holders in seen)  # broadcast: on both workers
