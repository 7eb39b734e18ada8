"""Properties every parse must have, whatever the input: no crash, spans inside the file, exact slices
for plain text, line/column arithmetic that round-trips, and deterministic output."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from policy_rules.document import Source, build_document, parse_html, parse_markdown, parse_text
from policy_rules.document.model import PolicyDocument
from policy_rules.document.sentences import split_sentences
from policy_rules.document.source import SourceFormat

PARSERS = {"text": parse_text, "markdown": parse_markdown, "html": parse_html}

# Characters that matter to the parsers: markup, line ends, punctuation, entities, non-ASCII.
_ALPHABET = st.sampled_from(
    [*"aZ 9.,;:!?-*#_>|[]()<>/&=\"'`\\\t\n\r\u00a0\u2028é€😀", "\r\n", "&amp;", "<p>", "</p>", "<li>", "<br>"]
)
_WORDS = st.sampled_from(
    [
        "We",
        "collect",
        "data",
        "Inc.",
        "e.g.",
        "U.S.",
        "1.",
        "- ",
        "* ",
        "# ",
        "## ",
        "**Bold**",
        "[a](b)",
        "<https://x.y>",
        "x@y.com",
        "PRIVACY POLICY",
        "Your Rights",
        "Back to top",
        "| a | b |",
        "|---|---|",
        "<h2>",
        "</h2>",
        "<ul>",
        "<td>",
        "<script>",
        "&copy;",
        "&#65;",
        "    code",
        "```",
        "> ",
    ]
)
texts = st.lists(st.one_of(_ALPHABET, _WORDS), max_size=80).map("".join)
formats = st.sampled_from(["text", "markdown", "html"])

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def build(text: str, fmt: SourceFormat) -> PolicyDocument:
    source = Source(text, "p", fmt)
    return build_document(source, PARSERS[fmt](source))


@FAST
@given(texts, formats)
def test_spans_stay_inside_the_source(text: str, fmt: SourceFormat) -> None:
    doc = build(text, fmt)
    n = len(text)
    spans = [b.span for b in doc.blocks] + [s.span for s in doc.sentences] + [e.span for e in doc.entities]
    for span in spans:
        assert 0 <= span.start <= span.end <= n
        assert (span.line, span.column) == doc.source.position(span.start)
        assert (span.end_line, span.end_column) == doc.source.position(span.end)
    for b in doc.blocks:
        assert b.text and b.text == b.text.strip()
        assert doc.text[b.text_start : b.text_end] == b.text
    for s in doc.sentences:
        assert s.text and doc.text[s.start : s.end] == s.text
        block = doc.blocks[s.block]
        assert s.start <= s.end <= block.text_end
        if s.start < block.text_start:  # a heading that runs on into this paragraph: one sentence
            heading = doc.blocks[s.block - 1]
            assert heading.kind.value == "heading" and s.start == heading.text_start
    for e in doc.entities:
        block = doc.block_at(e.start)
        assert block.text_start <= e.start < e.end <= block.text_end


@FAST
@given(texts)
@example("Data we collect\n\nincludes your name.")
def test_plain_text_blocks_and_sentences_are_exact_slices(text: str) -> None:
    doc = build(text, "text")
    for b in doc.blocks:
        assert text[b.span.start : b.span.end] == b.text
    for s in doc.sentences:
        quoted = text[s.span.start : s.span.end]
        if s.start < doc.blocks[s.block].text_start:  # a run-on heading: the blank between may differ
            assert quoted.split() == s.text.split()
        else:
            assert quoted == s.text


@FAST
@given(texts, formats)
def test_building_twice_gives_the_same_document(text: str, fmt: SourceFormat) -> None:
    assert build(text, fmt).to_dict() == build(text, fmt).to_dict()


@FAST
@given(texts, formats)
def test_sections_cover_their_blocks(text: str, fmt: SourceFormat) -> None:
    doc = build(text, fmt)
    for b in doc.blocks:
        sec = doc.sections[b.section]
        assert sec.first_block <= b.index <= sec.last_block
        if b.kind.value == "heading":
            assert sec.heading_block == b.index
    for sec in doc.sections[1:]:
        parent = doc.sections[sec.parent or 0]
        assert parent.first_block <= sec.first_block <= sec.last_block <= parent.last_block
        assert sec.index in parent.children


@FAST
@given(texts)
def test_position_and_offset_round_trip(text: str) -> None:
    source = Source(text)
    for offset in range(len(text) + 1):
        line, column = source.position(offset)
        assert source.offset(line, column) == offset


@FAST
@given(st.text(max_size=300))
def test_sentences_are_ordered_trimmed_ranges(text: str) -> None:
    last = 0
    for s, e in split_sentences(text):
        assert last <= s < e <= len(text)
        assert not text[s].isspace() and not text[e - 1].isspace()
        last = e


@FAST
@given(st.text(max_size=400), formats)
def test_arbitrary_unicode_never_crashes(text: str, fmt: SourceFormat) -> None:
    doc = build(text, fmt)
    for b in doc.blocks:
        assert 0 <= b.span.start <= b.span.end <= len(text)


@FAST
@given(texts, st.sampled_from(["markdown", "html"]))
@example("\xa0\r\na", "markdown")  # markdown-it trims the no-break-space line away: the map must skip it
@example("``\na``", "markdown")  # a code span across lines: its line break reads as a space
def test_one_to_one_runs_copy_the_source(text: str, fmt: SourceFormat) -> None:
    """Where a map claims a character-for-character copy, the characters agree (a collapsed line break
    may read as a space)."""
    source = Source(text, "p", fmt)

    def norm(x: str) -> str:
        return "".join(" " if ch.isspace() else ch for ch in x)

    for b in PARSERS[fmt](source):
        m = b.textmap
        for ps, pl, ss, se, exact in zip(
            m.plain_starts, m.lengths, m.source_starts, m.source_ends, m.exact, strict=True
        ):
            if exact:
                assert norm(b.text[ps : ps + pl]) == norm(text[ss:se])
