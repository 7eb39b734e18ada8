"""Every report format stays valid and inert whatever text a policy, a file name or a ruleset holds.

Findings are built directly (no checking), so hypothesis can try many hostile strings quickly: control
characters, newlines, ``::`` workflow commands, ``##[`` legacy commands, HTML and Markdown markup.
"""

from __future__ import annotations

import json
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from policy_rules.document.source import Span
from policy_rules.engine.findings import (
    DocumentResult,
    Evidence,
    Finding,
    Outcome,
    Report,
    RuleInfo,
    Suppression,
)
from policy_rules.reports import FORMATTERS
from policy_rules.reports.escaping import ZWSP, one_line, visible
from policy_rules.reports.locations import report_path

SCHEMAS = Path(__file__).resolve().parents[2].parent / "shared" / "schemas"
REPORT_SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "policy_rules" / "reports" / "report.schema.json").read_text()
)
HOSTILE = [
    "::", "::error::x", "\n::warning file=a::b", "  ::stop-commands::tok", "##[error]x", "%", "%0A", "\r",
    "\n", "\r\n", "\t", "\x00", "\x07", "\x0b", "\x0c", "\x1b[2J", "\x1b]0;t\x07", "\x7f", "\x85", "\x9b",
    "\u2028", "\u202e", "\u2066", "\ufffe", "\uffff", "</details>", "<details>", "<img src=x>", "<!--",
    "-->", "@octocat", "#12", "`", "``", "|", "\\", "\\|", "**", "_", "[a](b)", "![i](x)", "$x$", "&amp;",
    "&", "<", ">", ":", ",", " ", "é", "☃", "\U0001f600",
]  # fmt: skip
hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=6)), max_size=8).map("".join)
SPAN = Span(0, 4, 1, 1, 1, 5)


@st.composite
def reports(draw: st.DrawFn) -> Report:
    documents = []
    for _ in range(draw(st.integers(1, 2))):
        findings = []
        for _ in range(draw(st.integers(0, 3))):
            evidence = tuple(Evidence(SPAN, draw(hostile_text)) for _ in range(draw(st.integers(0, 2))))
            suppressed = draw(st.booleans())
            findings.append(
                Finding(
                    rule_id=draw(hostile_text), ruleset=draw(hostile_text),
                    outcome=draw(st.sampled_from(list(Outcome))),
                    severity=draw(st.sampled_from(["error", "warning", "info"])),
                    citation=draw(hostile_text), title=draw(hostile_text), message=draw(hostile_text),
                    remediation=draw(st.none() | hostile_text), evidence=evidence,
                    reason=draw(st.none() | hostile_text), location=draw(st.none() | st.just(SPAN)),
                    suppression=Suppression("inline", draw(hostile_text), 1) if suppressed else None,
                )
            )  # fmt: skip
        path = draw(hostile_text.filter(lambda p: p.strip() not in ("", ".", "-")))
        documents.append(DocumentResult(path, tuple(findings), "2026-01-01"))
    rules = {  # one per rule id, as in a real run
        f.rule_id: RuleInfo(f.rule_id, f.ruleset, f.title, f.citation, f.severity, f.reason, f.remediation)
        for d in documents
        for f in d.findings
    }
    return Report(
        documents, [{"id": draw(hostile_text), "version": draw(hostile_text)}], list(rules.values())
    )


def render(fmt: str, report: Report) -> str:
    out = FORMATTERS[fmt]().render(report)
    out.encode("utf-8")  # writable: no lone surrogates
    return out


def problems(doc: DocumentResult) -> list[Finding]:
    return [f for f in doc.findings if f.outcome in (Outcome.FAIL, Outcome.MISSING) and f.suppression is None]


@pytest.fixture(scope="module")
def sarif_valid():  # type: ignore[no-untyped-def]
    """A function that validates a SARIF log (a function, so hypothesis prints it briefly)."""
    path = SCHEMAS / "sarif-schema-2.1.0.json"
    if not path.is_file():
        pytest.skip(f"official SARIF schema not present at {path}")
    return jsonschema.Draft7Validator(json.loads(path.read_text(encoding="utf-8"))).validate


# The runner splits lines at CR and LF; a command is a line whose first non-blank characters are "::",
# and a legacy command is "##[" anywhere in a line.
RUNNER_LINES = re.compile(r"\r\n|\r|\n")
OUR_COMMAND = re.compile(
    r"::(error|warning|notice) file=[^:,]*,line=\d+(,col=\d+,endLine=\d+(,endColumn=\d+)?)?,title=[^:,]*::"
)
URI_REFERENCE = re.compile(r"(file://)?([A-Za-z0-9\-._~!$&'()*+,;=@/]|%[0-9A-F]{2})*")


def unescape_property(value: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(code, char)
    return value


@settings(max_examples=40, deadline=None)
@given(report=reports())
def test_github_has_no_stray_commands(report: Report) -> None:
    out = render("github", report)
    lines = RUNNER_LINES.split(out.removesuffix("\n"))
    assert lines == out.removesuffix("\n").splitlines()  # no other line breaks either
    commands = [line for line in lines if OUR_COMMAND.match(line)]
    for line in lines:
        assert "##[" not in line
        assert line in commands or not line.lstrip().startswith("::")
    assert len(commands) == sum(len(problems(d)) for d in report.documents)
    assert len(lines) == len(commands) + len(report.documents)


@settings(max_examples=40, deadline=None)
@given(report=reports())
def test_text_has_no_raw_control_characters(report: Report) -> None:
    out = render("text", report)
    for char in set(out) - {"\n"}:
        assert unicodedata.category(char) != "Cc" and not "\u2028" <= char <= "\u202e", repr(char)
        assert not "\u2066" <= char <= "\u2069", repr(char)
    for line in out.split("\n"):
        assert not line.lstrip().startswith("::") and "##[" not in line


@settings(max_examples=40, deadline=None)
@given(report=reports())
def test_json_is_valid_against_the_published_schema(report: Report) -> None:
    data = json.loads(render("json", report))
    jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(data)
    assert [d["path"] for d in data["documents"]] == [d.path for d in report.documents]


@settings(max_examples=25, deadline=None)
@given(report=reports())
def test_sarif_is_valid_and_its_uris_are_encoded(report: Report, sarif_valid) -> None:  # type: ignore[no-untyped-def]
    log = json.loads(render("sarif", report))
    sarif_valid(log)
    uris = [a["location"]["uri"] for a in log["runs"][0]["artifacts"]]
    for uri in uris:
        assert URI_REFERENCE.fullmatch(uri), uri
    for rule in log["runs"][0]["tool"]["driver"]["rules"]:
        assert {t.lstrip("/") for t in rendered(rule["help"]["markdown"]).tags} <= {"p", "strong"}
    assert [unquote(u.removeprefix("file://")) for u in uris] == list(
        dict.fromkeys(report_path(d.path) for d in report.documents)
    )


@settings(max_examples=40, deadline=None)
@given(report=reports())
def test_junit_is_well_formed_xml(report: Report) -> None:
    root = ET.fromstring(render("junit", report).encode("utf-8"))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [visible(report_path(d.path)) for d in report.documents]
    assert int(root.get("tests", "-1")) == sum(len(d.findings) for d in report.documents)


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self.tags.append("/" + tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.tags.append("!--")


MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
ALLOWED_TAGS = {"h2", "h3", "p", "table", "thead", "tbody", "tr", "th", "td", "code", "details", "summary",
                "ul", "li"}  # fmt: skip


def rendered(markdown: str) -> _Html:
    page = _Html()
    page.feed(MARKDOWN.render(markdown))
    page.close()
    return page


@settings(max_examples=40, deadline=None)
@given(report=reports())
def test_markdown_shows_hostile_text_literally(report: Report) -> None:
    page = rendered(render("markdown", report))
    assert {t.lstrip("/") for t in page.tags} <= ALLOWED_TAGS
    quoted = sum(1 for d in report.documents if any(f.evidence for f in problems(d)))
    assert page.tags.count("details") == page.tags.count("/details") == quoted
    text = "".join(page.text)
    assert not re.search(r"@\w|#\d", text)  # no mention, no issue reference
    plain = text.replace(ZWSP, "")
    for doc in report.documents:
        assert one_line(report_path(doc.path)) in plain
        for f in problems(doc):
            assert one_line(f.message) in plain
            for e in f.evidence:
                assert one_line(e.text) in plain


# Concrete cases, end to end through the command line with real file names.


def _check(capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    from policy_rules.cli.main import main

    code = main(["check", "-r", "gdpr", "--date", "2026-01-01", *args])
    out, err = capsys.readouterr()
    return code, out, err


HOSTILE_POLICY = (
    "# Privacy\n\nUnder the GDPR, we keep your personal data indefinitely. \x1b[2J\x1b]0;owned\x07 \u202eevil\u202c "
    "</details><img src=x> <!-- @octocat `x` | #1 \x0b\x0c\x1f\ufffe\n"
)


@pytest.mark.parametrize(
    "name", ["::stop-commands::tok.md", "a\n::error file=x::INJECTED.md", "p%0A\r::warning::y.md", " ::x.md"]
)
def test_github_file_names_cannot_inject_commands(project: Path, capsys, name: str) -> None:  # type: ignore[no-untyped-def]
    (project / name).write_text(HOSTILE_POLICY, encoding="utf-8")
    code, out, err = _check(capsys, "--format", "github", name)
    assert code == 1 and err == ""
    lines = RUNNER_LINES.split(out.removesuffix("\n"))
    assert all(OUR_COMMAND.match(line) or not line.lstrip().startswith("::") for line in lines)
    prop = re.search(r"file=([^,]*),", lines[0])
    assert prop and unescape_property(prop.group(1)) == name
    if name.lstrip().startswith("::"):
        assert lines[-1].startswith("./")
    _, text, _ = _check(capsys, "--format", "text", name)
    assert all(not line.lstrip().startswith("::") for line in RUNNER_LINES.split(text))


def test_every_format_on_a_hostile_policy(project: Path, capsys, sarif_valid) -> None:  # type: ignore[no-untyped-def]
    name = "sp ace#h%25?q\u00e9\x1b[31m.md"
    (project / name).write_text(HOSTILE_POLICY, encoding="utf-8")
    outs = [f"{fmt}=out/r.{fmt}" for fmt in ("json", "sarif", "junit", "markdown", "github")]
    code, text, _ = _check(capsys, "--format", "text", name, *[x for o in outs for x in ("-o", o)])
    assert code == 1
    assert "\x1b" not in text and "\u202e" not in text and "\\x1b[2J" in text and "\\u202e" in text
    json.loads((project / "out/r.json").read_text(encoding="utf-8"))
    log = json.loads((project / "out/r.sarif").read_text(encoding="utf-8"))
    sarif_valid(log)
    assert log["runs"][0]["artifacts"][0]["location"]["uri"] == "sp%20ace%23h%2525%3Fq%C3%A9%1B%5B31m.md"
    ET.parse(project / "out/r.junit")
    page = rendered((project / "out/r.markdown").read_text(encoding="utf-8"))
    assert page.tags.count("details") == page.tags.count("/details") == 1 and "img" not in page.tags
    assert "</details><img src=x> <!-- @\u200boctocat `x` | #\u200b1" in "".join(page.text)


def test_lone_surrogates_never_break_json_or_text(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A file name that is not UTF-8 reaches the reports as lone surrogates (surrogateescape)."""
    (tmp_path / b"bad\xffname.md".decode("utf-8", "surrogateescape")).write_text(HOSTILE_POLICY, "utf-8")
    code, out, _ = _check(capsys, "--format", "json", str(tmp_path))
    assert code == 1
    assert json.loads(out)["documents"][0]["path"].endswith("bad\ufffdname.md")
    _, out, _ = _check(capsys, "--format", "text", str(tmp_path))
    assert "bad\\xffname.md" in out
    report = Report([DocumentResult("a\ud800b", (), "2026-01-01")])
    for fmt in FORMATTERS:
        render(fmt, report)


def test_a_wrapped_word_with_leading_spaces_cannot_start_a_command_line() -> None:
    from policy_rules.reports.text import Word, wrap

    lines = wrap([Word("x" * 30), Word("  ::stop-commands::tok")], 40, 2, 6)
    assert len(lines) == 2 and not any(line.lstrip().startswith("::") for line in lines)
    assert lines[1].lstrip() == ZWSP + "::stop-commands::tok"
