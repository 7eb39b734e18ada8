from __future__ import annotations

import re

from policy_rules.document.html_parser import parse_html
from policy_rules.document.model import BlockKind
from policy_rules.document.rawblock import RawBlock
from policy_rules.document.source import Source


def parse(text: str) -> tuple[Source, list[RawBlock]]:
    source = Source(text, "p.html", "html")
    return source, parse_html(source)


def source_of(source: Source, block: RawBlock, start: int = 0, end: int | None = None) -> str:
    m = block.textmap
    stop = len(block.text) if end is None else end
    return source.text[m.to_source_start(start) : m.to_source_end(stop)]


PAGE = """<!DOCTYPE html>
<html><head><title>Privacy</title><style>p { color: red }</style>
<script>var s = "<p>not text</p>";</script></head>
<body>
<nav><a href="/">Home</a> <a href="/legal">Legal</a></nav>
<h1>Privacy &amp; Cookies</h1>
<p>We   collect
   your <b>name</b>&nbsp;and <a href="/x">e-mail</a>.</p>
<h2 id="r">Your Rights</h2>
<ul><li>Access</li><li>Erasure <em>now</em></ul>
<table><tr><th>Data</th><td>Purpose</td></tr></table>
<noscript>Enable JS</noscript>
<template><p>hidden</p></template>
</body></html>
"""


def test_blocks_kinds_and_levels() -> None:
    _, blocks = parse(PAGE)
    assert [(b.kind, b.level, b.text) for b in blocks] == [
        (BlockKind.HEADING, 1, "Privacy & Cookies"),
        (BlockKind.PARAGRAPH, 0, "We collect your name and e-mail."),
        (BlockKind.HEADING, 2, "Your Rights"),
        (BlockKind.LIST_ITEM, 0, "Access"),
        (BlockKind.LIST_ITEM, 0, "Erasure now"),
        (BlockKind.TABLE_ROW, 0, "Data | Purpose"),
    ]
    assert [b.depth for b in blocks[3:5]] == [1, 1]


def test_spans_point_into_the_markup() -> None:
    src, blocks = parse(PAGE)
    heading, para = blocks[0], blocks[1]
    amp = heading.text.index("&")
    assert source_of(src, heading, amp, amp + 1) == "&amp;"
    assert source_of(src, heading) == "Privacy &amp; Cookies"
    assert source_of(src, para).startswith("We   collect\n   your <b>name</b>&nbsp;and")
    assert source_of(src, para).endswith("e-mail</a>.")
    line, col = src.position(para.textmap.to_source_start(para.text.index("your")))
    assert (line, col) == (8, 4)


def test_every_word_maps_to_itself() -> None:
    src, blocks = parse(PAGE)
    for b in blocks:
        for m in re.finditer(r"[A-Za-z]+", b.text):
            assert source_of(src, b, m.start(), m.end()) == m.group()


def test_unclosed_tags_and_implied_ends() -> None:
    _, blocks = parse("<p>One.<p>Two.<ul><li>A<li>B</ul><table><tr><td>x<td>y<tr><td>z</table><p>End")
    assert [(b.kind.value, b.text) for b in blocks] == [
        ("paragraph", "One."),
        ("paragraph", "Two."),
        ("list_item", "A"),
        ("list_item", "B"),
        ("table_row", "x | y"),
        ("table_row", "z"),
        ("paragraph", "End"),
    ]


def test_nested_list_items_are_separate_blocks() -> None:
    _, blocks = parse("<ul><li>Outer<ul><li>Inner</li></ul>tail</li></ul>")
    assert [b.text for b in blocks] == ["Outer", "Inner", "tail"]
    assert all(b.kind is BlockKind.LIST_ITEM for b in blocks)


def test_stray_angle_brackets_and_broken_markup() -> None:
    _, blocks = parse("<div>a < b and c > d</div><p>x <<< y <b unclosed")
    assert blocks[0].text == "a < b and c > d"
    assert blocks[1].text.startswith("x <<< y")


def test_text_directly_in_body_and_sections() -> None:
    _, blocks = parse("<body>Loose text<section>In section<article>In article</article></section></body>")
    assert [b.text for b in blocks] == ["Loose text", "In section", "In article"]


def test_br_splits_lines_inside_one_block() -> None:
    src, blocks = parse("<p>Privacy Office<br>8 Market Place<br/>Baltimore</p>")
    assert len(blocks) == 1
    assert blocks[0].text == "Privacy Office\n8 Market Place\nBaltimore"
    assert source_of(src, blocks[0]) == "Privacy Office<br>8 Market Place<br/>Baltimore"


def test_bold_only_paragraph_is_a_heading() -> None:
    _, blocks = parse(
        "<h2>Rights</h2><p><strong>Access</strong></p><p>You may ask.</p><p><b>Note:</b> text</p>"
    )
    assert [(b.kind.value, b.level) for b in blocks] == [
        ("heading", 2),
        ("heading", 3),
        ("paragraph", 0),
        ("paragraph", 0),
    ]


def test_character_references() -> None:
    src, blocks = parse("<p>&lt;b&gt; &#65;&#x42; &copy 2024 &unknown; R&amp;D</p>")
    b = blocks[0]
    assert b.text == "<b> AB © 2024 &unknown; R&D"
    i = b.text.index("R&D")
    assert source_of(src, b, i, i + 3) == "R&amp;D"


def test_head_without_close_does_not_swallow_body() -> None:
    _, blocks = parse("<html><head><title>x</title><body><p>Visible</p>")
    assert [b.text for b in blocks] == ["Visible"]


def test_crlf_and_cr_sources() -> None:
    for nl in ("\r\n", "\r"):
        text = f"<p>first{nl}second</p>{nl}<p>third</p>"
        src, blocks = parse(text)
        assert [b.text for b in blocks] == ["first second", "third"]
        assert source_of(src, blocks[1]) == "third"


def test_empty_and_script_only() -> None:
    assert parse("")[1] == []
    assert parse("<script>alert(1)</script><style>x</style>")[1] == []


def test_plain_paragraph_with_a_heading_shape_is_promoted() -> None:
    body = "<p>We collect the information you give us when you create an account.</p>"
    _, blocks = parse(f"<h1>Policy</h1><p>WHAT WE COLLECT</p>{body}<p>Contact Us</p>")
    assert [(b.kind.value, b.level, b.text) for b in blocks] == [
        ("heading", 1, "Policy"),
        ("heading", 2, "WHAT WE COLLECT"),
        ("paragraph", 0, "We collect the information you give us when you create an account."),
        ("paragraph", 0, "Contact Us"),
    ]


def test_numeric_reference_too_long_for_int_is_a_replacement_character() -> None:
    """Found by fuzzing: ``html.unescape`` raises ValueError on a decimal reference over 4300 digits;
    the tokenizer stopped mid-input, and re-reading from the start at close() put positions past the
    last line (IndexError, exit 70). Leading zeros do not count; a number still too long is U+FFFD."""
    huge = "9" * 5000
    source, blocks = parse(f"\n&#{huge};")
    assert [b.text for b in blocks] == ["\ufffd"]
    assert source_of(source, blocks[0]) == f"&#{huge};"
    _, blocks = parse(f"<p>A &#{huge}; b &#{'0' * 5000}65; c</p>\n<p>next</p>")
    assert [b.text for b in blocks] == ["A \ufffd b A c", "next"]
