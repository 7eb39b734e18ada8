"""The corpus summary: counts that add up in any grouping, CSV and Markdown that say what they count,
and ``policy-rules summary`` on JSONL written elsewhere. None of this needs a cluster or dask."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_rules.cli.main import main
from policy_rules.distributed.corpus import split
from policy_rules.distributed.summary import OUTCOMES, CorpusSummary, summarize_jsonl
from policy_rules.errors import InputError

RULES = [("r.one", "alpha"), ("r.two", "alpha"), ("r.three", "beta")]


def _document(outcomes: list[tuple[str, bool]]) -> dict[str, Any]:
    findings = [
        {"rule_id": rule, "ruleset": ruleset, "title": f"Title of {rule}", "outcome": outcome,
         "suppressed": {"kind": "inline", "reason": "why", "line": 1} if suppressed else None}
        for (rule, ruleset), (outcome, suppressed) in zip(RULES, outcomes, strict=True)
    ]  # fmt: skip
    return {"path": "p.md", "findings": findings}


documents = st.lists(
    st.lists(st.tuples(st.sampled_from(OUTCOMES), st.booleans()), min_size=3, max_size=3).map(_document),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(documents, st.integers(1, 5))
def test_partial_summaries_add_up_to_the_whole(docs: list[dict[str, Any]], parts: int) -> None:
    whole = CorpusSummary()
    for d in docs:
        whole.add_document(d)
    merged = CorpusSummary()
    for chunk in split(docs, parts) if docs else []:
        partial = CorpusSummary()
        for d in chunk:
            partial.add_document(d)
        merged.merge(partial)
    assert merged.to_csv() == whole.to_csv() and merged.documents == whole.documents == len(docs)
    for r in whole.rules.values():
        assert r.documents == len(docs)
        assert sum(r.rate(o) for o in OUTCOMES) == pytest.approx(1.0)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(), max_size=30), st.integers(1, 40))
def test_split_keeps_order_and_balances(items: list[int], parts: int) -> None:
    chunks = split(items, parts)
    assert [x for c in chunks for x in c] == items
    if items:
        assert len(chunks) == min(parts, len(items)) and all(chunks)
        assert max(map(len, chunks)) - min(map(len, chunks)) <= 1


def test_csv_and_markdown() -> None:
    summary = CorpusSummary()
    summary.add_document(_document([("pass", False), ("fail", True), ("not_applicable", False)]))
    summary.add_document(_document([("missing", False), ("fail", False), ("not_applicable", False)]))
    summary.add_document(_document([("pass", False), ("pass", False), ("not_applicable", False)]))
    summary.unreadable = 1
    rows = list(csv.DictReader(io.StringIO(summary.to_csv())))
    assert rows[0] == {
        "rule_id": "r.one", "ruleset": "alpha", "title": "Title of r.one", "documents": "3", "pass": "2",
        "fail": "0", "missing": "1", "not_applicable": "0", "suppressed": "0", "pass_rate": "0.6667",
        "fail_rate": "0.0000", "missing_rate": "0.3333", "not_applicable_rate": "0.0000",
    }  # fmt: skip
    assert (rows[1]["fail"], rows[1]["suppressed"], rows[2]["not_applicable_rate"]) == ("2", "1", "1.0000")
    md = summary.to_markdown().splitlines()
    assert md[:3] == ["# Corpus summary", "", "3 documents checked; 1 file could not be read."]
    assert (
        md[7]
        == "| <code>r.two</code> | alpha | Title of r.two | 3 | 1 (33.3%) | 2 (66.7%) | 0 (0.0%) | 0 (0.0%) | 1 |"
    )
    assert CorpusSummary().to_markdown() == "# Corpus summary\n\n0 documents checked.\n"


def test_untrusted_titles_cannot_break_the_table_or_the_spreadsheet() -> None:
    summary = CorpusSummary()
    summary.add_document(
        {"findings": [{"rule_id": "x", "ruleset": "s", "title": "=HYPERLINK(1) | a", "outcome": "pass"}]}
    )
    assert "'=HYPERLINK(1) | a" in summary.to_csv()
    row = summary.to_markdown().splitlines()[-1]
    assert row.count(" | ") == 8 and "\\|" in row


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not a JSON line"),
        ('{"path": "a"}', "not a document object"),
        ("[1, 2]", "not a document object"),
        ('{"findings": [{"rule_id": "x", "ruleset": "s", "outcome": "great"}]}', "a finding without"),
    ],
)
def test_bad_lines_are_errors_at_their_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps(_document([("pass", False)] * 3)) + "\n\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        summarize_jsonl([path])
    assert (info.value.path, info.value.line) == (str(path), 3)


def test_summary_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parts = tmp_path / "run"
    parts.mkdir()
    (parts / "part-00000.jsonl").write_text(
        json.dumps(_document([("pass", False)] * 3)) + "\n", encoding="utf-8"
    )
    (parts / "part-00001.jsonl").write_text(
        json.dumps(_document([("fail", False)] * 3)) + "\n", encoding="utf-8"
    )
    (parts / "errors.jsonl").write_text('{"path": "x", "error": "x: no such file"}\n', encoding="utf-8")
    assert main(["summary", str(parts), "--format", "csv", "--output-dir", str(tmp_path / "s")]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].startswith("r.one,alpha,Title of r.one,2,1,1,0,0,0,0.5000,0.5000,")
    assert (tmp_path / "s" / "summary.csv").read_text(encoding="utf-8") == out
    assert (
        (tmp_path / "s" / "summary.md")
        .read_text(encoding="utf-8")
        .startswith("# Corpus summary\n\n2 documents")
    )
    assert main(["summary", str(parts / "part-00000.jsonl")]) == 0
    assert "1 document checked." in capsys.readouterr().out
    assert main(["summary", str(tmp_path / "s")]) == 2  # a directory without partitions
    assert main(["summary", str(tmp_path / "nothing.jsonl")]) == 2
    err = capsys.readouterr().err
    assert "no part-*.jsonl files in directory" in err and "nothing.jsonl: cannot read" in err


def test_no_dask_until_a_cluster_is_used() -> None:
    """The CLI, the summary and the worker code import nothing of dask: the extra stays optional."""
    code = (
        "import sys\n"
        "from policy_rules.cli.main import build_parser; build_parser()\n"
        "import policy_rules.distributed.summary, policy_rules.distributed.worker, policy_rules.distributed.corpus\n"
        "from policy_rules.distributed import CorpusSummary\n"
        "print([m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "[]"


def test_missing_extra_is_a_clear_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = (
        "import sys\n"
        "sys.modules['distributed'] = None  # as if the extra were not installed\n"
        "from policy_rules.cli.main import main\n"
        f"sys.exit(main(['scan', {str(tmp_path)!r}, '--output-dir', {str(tmp_path / 'o')!r}]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 2
    assert done.stderr == (
        "policy-rules: error: running on a Dask cluster needs the dask extra: "
        "pip install 'policy-rules[dask]' (on this machine and every worker)\n"
    )
