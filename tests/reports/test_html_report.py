"""The HTML report without a browser: escaping, counts, self-containment and span nesting."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_rules.cli.main import main
from policy_rules.document.source import Source
from policy_rules.engine.findings import DocumentResult, Evidence, Finding, Outcome, Report
from policy_rules.reports import FORMATTERS
from policy_rules.reports.html_text import Highlight, render_text

from .conftest import SYNTHETIC, checked, distinct_spans, real_policy


class Page(HTMLParser):
    """Tags, attributes and the text inside each ``data-s`` span (refs excluded), checking nesting."""

    VOID: ClassVar[set[str]] = {"meta", "br", "img", "input", "link", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inside: dict[str, list[str]] = {}
        self.scripts: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        tags = [t for t, _ in self.stack]
        if tags and tags[-1] == "script":
            self.scripts.append(data)
            return
        if "sup" in tags or "style" in tags or "title" in tags:
            return
        self.text.append(data)
        for tag, attrs in self.stack:
            if tag == "mark" and attrs.get("data-s"):
                self.inside.setdefault(str(attrs["data-s"]), []).append(data)


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    assert parser.stack == [], parser.stack
    return parser


def marks(page: Page) -> set[str]:
    return {str(a["data-s"]) for t, a in page.tags if t == "mark"}


def test_synthetic_policy_one_highlight_per_evidence_span() -> None:
    report, data, page = checked(SYNTHETIC)
    parsed = parse(page)
    spans = distinct_spans(data)
    assert len(spans) >= 5
    assert len(marks(parsed)) == len(spans)
    text = report.documents[0].source.text  # type: ignore[union-attr]
    by_id = {str(a["id"]): (a["data-s"]) for t, a in parsed.tags if t == "mark" and a.get("id")}
    assert set(by_id) == marks(parsed)  # every span has exactly one element to link to
    quoted = {text[s:e] for s, e in spans}
    assert {"".join(parsed.inside[sid]) for sid in by_id} == quoted


def test_hostile_policy_text_stays_text() -> None:
    _, _, page = checked(SYNTHETIC)
    parsed = parse(page)
    assert [t for t, _ in parsed.tags].count("script") == 1  # ours, at the end
    assert not any(t == "img" for t, _ in parsed.tags)
    assert '</mark><script>alert("owned")</script>' in "".join(parsed.text)
    assert all(not k.startswith("on") for _, attrs in parsed.tags for k in attrs)


def test_page_is_self_contained_with_a_strict_policy() -> None:
    _, _, page = checked(SYNTHETIC)
    parsed = parse(page)
    csp = next(a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv"))
    assert csp and "default-src 'none'" in csp and "unsafe-inline" not in csp
    for _, attrs in parsed.tags:
        for name in ("src", "href", "action", "srcset", "data"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), (name, value)
    assert not re.search(r"https?://|url\(|@import", page.split("<main>")[0])  # CSS loads nothing


def test_summary_counts_and_groups_match_the_findings() -> None:
    report, _, page = checked(SYNTHETIC)
    parsed = parse(page)
    doc = report.documents[0]
    summary = doc.summary()
    cards = [a for t, a in parsed.tags if t == "article"]
    assert len(cards) == len(doc.findings)
    for outcome in Outcome:
        assert sum(1 for a in cards if a["data-outcome"] == outcome.value) == summary[outcome.value]
        chip = re.search(rf'data-outcome="{outcome.value}"[^>]*><span class="n">(\d+)</span>', page)
        assert chip and int(chip.group(1)) == summary[outcome.value]
    assert summary["fail"] >= 1 and summary["missing"] >= 1


def test_missing_findings_sit_under_the_heading_where_they_belong() -> None:
    report, _, page = checked(SYNTHETIC)
    doc = report.documents[0]
    placed = [f for f in doc.findings if f.outcome is Outcome.MISSING and f.location is not None]
    nowhere = [f for f in doc.findings if f.outcome is Outcome.MISSING and f.location is None]
    assert placed and nowhere
    body = page.split('<div class="policy">', 1)[1]
    top = page.split('<div class="policy">', 1)[0].rsplit("<h3>Policy text</h3>", 1)[1]
    for f in placed:
        heading = doc.source.text[f.location.start : f.location.end]  # type: ignore[union-attr]
        before, note = body.split(f"<code>{f.rule_id}</code>", 1)[0].rsplit('<span class="gap"', 1)
        assert heading in re.sub(r"<[^>]+>", "", before).splitlines()[-1]
        assert note
    for f in nowhere:
        assert f"<code>{f.rule_id}</code>" in top


def test_result_without_source_renders_findings_without_text() -> None:
    span = Source("We keep data forever.\n").span(0, 21)
    finding = Finding("r.keep", "demo", Outcome.FAIL, "error", "Art. 1", "Keeping", "kept forever",
                      evidence=(Evidence(span, "We keep data forever."),))  # fmt: skip
    page = FORMATTERS["html"]().render(Report([DocumentResult("a.md", (finding,), "2026-01-01")]))
    parsed = parse(page)
    assert not marks(parsed)
    assert "not part of this result" in page and "We keep data forever." in "".join(parsed.text)
    assert 'id="d0-f1"' in page


def test_source_is_not_in_the_json_report_nor_in_equality() -> None:
    report, data, _ = checked(SYNTHETIC)
    doc = report.documents[0]
    assert doc.source is not None and "source" not in data["documents"][0]
    from dataclasses import replace

    assert replace(doc, source=None) == doc


def test_html_sources_show_words_not_markup() -> None:
    text = "<html><head><style>p{}</style></head><body><p>We keep data &amp; logs.</p><script>x()</script></body></html>"
    start = text.index("We keep")
    out = render_text(
        text, [Highlight(start, start + len("We keep data &amp; logs."), "s1", "ev", "t", "")], {}, "html"
    )
    parsed = parse(f"<div>{out}</div>")
    assert "".join(parsed.text).strip() == "We keep data & logs."
    assert "".join(parsed.inside["s1"]) == "We keep data & logs."


def test_cli_writes_html_to_stdout_and_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = tmp_path / "p.md"
    policy.write_text(SYNTHETIC, encoding="utf-8")
    out = tmp_path / "r.html"
    code = main(["check", str(policy), "--date", "2026-01-01", "-f", "html", "-o", f"html={out}"])
    stdout = capsys.readouterr().out
    assert code == 1
    assert stdout.startswith("<!DOCTYPE html>") and out.read_text(encoding="utf-8") == stdout
    assert len(marks(parse(stdout))) > 0


def test_real_policy_counts(corpus: Path) -> None:
    for policy in sorted((corpus / "gt200-dev" / "policies").glob("*.md"))[:12] or [real_policy(corpus)]:
        report, data, page = checked(policy)
        parsed = parse(page)
        assert len(marks(parsed)) == len(distinct_spans(data)), policy.name
        text = report.documents[0].source.text  # type: ignore[union-attr]
        quoted = {text[s:e] for s, e in distinct_spans(data)}
        ids = {str(a["data-s"]) for t, a in parsed.tags if t == "mark" and a.get("id")}
        assert {"".join(parsed.inside[sid]) for sid in ids} == quoted, policy.name


# Invariants of the span renderer on arbitrary overlapping spans.

hostile = st.text(alphabet=st.sampled_from(list("ab <>&\"'\n\x1b\u202e\ud800")), min_size=1, max_size=40)


@settings(max_examples=150, deadline=None)
@given(text=hostile, data=st.data())
def test_any_spans_nest_or_split_and_keep_their_text(text: str, data: st.DataObject) -> None:
    n = len(text)
    pairs = data.draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n)), max_size=8))
    spans = sorted({(min(a, b), max(a, b)) for a, b in pairs})
    gaps = data.draw(st.lists(st.integers(0, n), max_size=3))
    highlights = [
        Highlight(s, e, f"s{i}", "ev", "<t>", f'<sup class="refs">{i}</sup>')
        for i, (s, e) in enumerate(spans)
    ]
    out = render_text(text, highlights, {g: '<span class="gap">!</span>' for g in gaps})
    parsed = parse(f"<div>{out}</div>")
    assert marks(parsed) == {h.sid for h in highlights}
    assert sum(1 for t, a in parsed.tags if t == "mark" and a.get("id")) == len(highlights)
    expected = re.sub("[\x1b\u202e\ud800]", "", text)
    shown = re.sub(r"\\x1b|\\u202e|\\ud800", "", "".join(parsed.text).replace("!", ""))
    assert shown == expected.replace("\r", "")
    for h in highlights:
        inside = re.sub(r"\\x1b|\\u202e|\\ud800", "", "".join(parsed.inside.get(h.sid, [])).replace("!", ""))
        assert inside == re.sub("[\x1b\u202e\ud800]", "", text[h.start : h.end])
