"""Formats written one document at a time give the bytes of the whole report, in bounded memory."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from policy_rules.engine.findings import DocumentResult, Report
from policy_rules.reports import FORMATTERS
from policy_rules.reports.escaping import json_text
from policy_rules.reports.json_format import jsonl_line
from policy_rules.reports.sarif import sarif_log
from policy_rules.reports.streaming import JsonFrame, Spool

from .conftest import SYNTHETIC, checked


@pytest.fixture(scope="module")
def reports() -> list[Report]:
    report, _, _ = checked(SYNTHETIC)
    doc = report.documents[0]
    other = replace(doc, path="docs/other\u2028name\x1b.md", findings=doc.findings[::2])
    return [replace(report, documents=docs) for docs in ([], [doc], [doc, other, doc])]


def test_json_streams_the_bytes_of_one_dump(reports: list[Report]) -> None:
    for report in reports:
        whole = json_text(json.dumps(report.to_dict(), indent=2, ensure_ascii=False)) + "\n"
        assert FORMATTERS["json"]().render(report) == whole


def test_sarif_streams_the_bytes_of_one_dump(reports: list[Report]) -> None:
    for report in reports:
        whole = json_text(json.dumps(sarif_log(report), indent=2, ensure_ascii=False)) + "\n"
        assert FORMATTERS["sarif"]().render(report) == whole


@pytest.mark.parametrize("fmt", sorted(FORMATTERS))
def test_each_piece_is_written_as_the_stream_goes(reports: list[Report], fmt: str) -> None:
    """The same bytes however the stream is cut; formats that can write per document do."""
    report = reports[2]
    pieces: list[tuple[str, str]] = []
    formatter = FORMATTERS[fmt]()
    stage = "begin"
    formatter.begin(report, lambda text: pieces.append((stage, text)))
    for doc in report.documents:
        stage = "document"
        formatter.document(doc)
    stage = "end"
    formatter.end()
    assert "".join(t for _, t in pieces) == FORMATTERS[fmt]().render(report)
    during = [t for s, t in pieces if s == "document"]
    if fmt in ("text", "json", "jsonl", "github", "markdown"):
        assert len(during) >= len(report.documents)  # one piece (at least) per document, as it comes
    else:
        assert during == []  # held back in a spool: their first bytes depend on every document


def test_jsonl_lines_hold_no_line_break_of_any_kind(reports: list[Report]) -> None:
    doc = reports[2].documents[1]
    line = jsonl_line(doc)
    assert line.endswith("}\n") and len(line.splitlines()) == 1
    assert json.loads(line) == json.loads(json.dumps(doc.to_dict()))
    assert FORMATTERS["jsonl"]().render(Report()) == ""


def test_a_spool_moves_to_disk_and_returns_everything() -> None:
    spool = Spool()
    chunks = [f"{i:06d}\u00e9\ud800\n" * 1000 for i in range(300)]  # ~2.7 MB, a lone surrogate too
    for c in chunks:
        spool.write(c)
    out: list[str] = []
    spool.copy_to(out.append)
    assert "".join(out) == "".join(chunks)
    assert Spool().empty


def test_a_json_frame_keeps_the_indentation_of_nested_lists() -> None:
    skeleton = {"a": [{"b": JsonFrame.SLOT, "c": 1}], "d": JsonFrame.SLOT}
    frame = JsonFrame(skeleton)
    items = [{"x": [1, 2]}, "y"]
    text = (
        frame.literals[0]
        + "".join(frame.item(0, v, i == 0) for i, v in enumerate(items))
        + frame.close(0, len(items))
        + frame.literals[1]
        + frame.close(1, 0)
        + frame.literals[2]
    )
    assert text == json.dumps({"a": [{"b": items, "c": 1}], "d": []}, indent=2)


def test_a_result_without_source_still_streams() -> None:
    doc = DocumentResult("a.md", (), "2026-01-01")
    assert "a.md" in FORMATTERS["html"]().render(Report([doc, doc]))
