from __future__ import annotations

import re

import pytest

from policy_rules.document.markdown_parser import parse_markdown
from policy_rules.document.model import BlockKind
from policy_rules.document.rawblock import RawBlock
from policy_rules.document.source import Source
from policy_rules.errors import InputError


def parse(text: str) -> tuple[Source, list[RawBlock]]:
    source = Source(text, "p.md", "markdown")
    return source, parse_markdown(source)


def source_of(source: Source, block: RawBlock, start: int = 0, end: int | None = None) -> str:
    m = block.textmap
    stop = len(block.text) if end is None else end
    return source.text[m.to_source_start(start) : m.to_source_end(stop)]


def test_headings_and_paragraphs() -> None:
    src, blocks = parse("# Privacy Policy\n\n## What we collect\n\nWe collect your name.\n")
    assert [(b.kind, b.level, b.text) for b in blocks] == [
        (BlockKind.HEADING, 1, "Privacy Policy"),
        (BlockKind.HEADING, 2, "What we collect"),
        (BlockKind.PARAGRAPH, 0, "We collect your name."),
    ]
    assert source_of(src, blocks[1]) == "What we collect"


def test_setext_heading() -> None:
    _, blocks = parse("Your Rights\n-----------\n\nText here.\n")
    assert (blocks[0].kind, blocks[0].level, blocks[0].text) == (BlockKind.HEADING, 2, "Your Rights")


def test_markup_is_dropped_and_spans_point_into_the_file() -> None:
    text = 'Intro line.\n\nWe *never* sell **your** data; see [our policy](https://example.com/p "t") now.\n'
    src, blocks = parse(text)
    para = blocks[1]
    assert para.text == "We never sell your data; see our policy now."
    i = para.text.index("our policy")
    assert source_of(src, para, i, i + len("our policy")) == "our policy"
    j = para.text.index("never")
    start = para.textmap.to_source_start(j)
    assert src.position(start) == (3, 5)
    assert source_of(src, para) == text.splitlines()[2]


def test_autolinks_and_bare_urls_stay_as_text() -> None:
    _, blocks = parse(
        "Write to <privacy@example.com> or see <https://example.com/x> or https://example.org.\n"
    )
    assert (
        blocks[0].text == "Write to privacy@example.com or see https://example.com/x or https://example.org."
    )


def test_entities_and_escapes_map_to_their_source() -> None:
    src, blocks = parse("AT&amp;T \\*really\\* &copy; 2024\n")
    b = blocks[0]
    assert b.text == "AT&T *really* © 2024"
    amp = b.text.index("&")
    assert source_of(src, b, amp, amp + 1) == "&amp;"
    copy = b.text.index("©")
    assert source_of(src, b, copy, copy + 1) == "&copy;"
    assert source_of(src, b, b.text.index("really"), b.text.index("really") + 6) == "really"


def test_soft_and_hard_breaks() -> None:
    src, blocks = parse("first line\nsecond line  \nthird line\n")
    assert blocks[0].text == "first line second line\nthird line"
    i = blocks[0].text.index("third")
    assert src.position(blocks[0].textmap.to_source_start(i)) == (3, 1)


def test_lists_nested_lists_and_blockquotes() -> None:
    text = "- item one\n  continued\n  - nested *item*\n1. ordered\n\n> quoted text\n"
    src, blocks = parse(text)
    assert [(b.kind, b.text) for b in blocks] == [
        (BlockKind.LIST_ITEM, "item one continued"),
        (BlockKind.LIST_ITEM, "nested item"),
        (BlockKind.LIST_ITEM, "ordered"),
        (BlockKind.PARAGRAPH, "quoted text"),
    ]
    assert src.position(blocks[1].textmap.source_start) == (3, 5)
    assert source_of(src, blocks[3]) == "quoted text"


def test_table_rows_are_blocks_with_their_cells_joined() -> None:
    text = "| Data | Purpose |\n|---|---|\n| name | billing |\n| name | **support** |\n"
    src, blocks = parse(text)
    assert [(b.kind, b.header, b.text) for b in blocks] == [
        (BlockKind.TABLE_ROW, True, "Data | Purpose"),
        (BlockKind.TABLE_ROW, False, "name | billing"),
        (BlockKind.TABLE_ROW, False, "name | support"),
    ]
    assert src.position(blocks[1].textmap.source_start) == (3, 3)
    assert src.position(blocks[2].textmap.source_start) == (4, 3)
    assert source_of(src, blocks[1]) == "name | billing"
    assert source_of(src, blocks[2]) == "name | **support"


def test_empty_cells_add_no_separator() -> None:
    _, blocks = parse("| a | b | c |\n|---|---|---|\n| x |  | z |\n")
    assert [b.text for b in blocks] == ["a | b | c", "x | z"]


def test_bold_line_heading() -> None:
    text = "## Rights\n\n**Access**\n\nYou may ask for a copy.\n\n**Note:** this is bold then text.\n"
    _, blocks = parse(text)
    assert (blocks[1].kind, blocks[1].level, blocks[1].text) == (BlockKind.HEADING, 3, "Access")
    assert blocks[3].kind is BlockKind.PARAGRAPH


def test_bold_line_ending_with_colon_is_not_a_heading() -> None:
    _, blocks = parse("**When you visit our site, we collect:**\n\n- name\n")
    assert blocks[0].kind is BlockKind.PARAGRAPH


def test_code_block_becomes_paragraphs() -> None:
    src, blocks = parse("Intro.\n\n    We keep logs.\n    For a year.\n\n    Then delete them.\n")
    assert [b.text for b in blocks] == ["Intro.", "We keep logs.\nFor a year.", "Then delete them."]
    assert src.position(blocks[2].textmap.source_start) == (6, 5)


def test_raw_html_block_goes_through_the_html_parser() -> None:
    src, blocks = parse("<div>\n<p>Tom &amp; Jerry</p>\n</div>\n\nAfter.\n")
    assert [b.text for b in blocks] == ["Tom & Jerry", "After."]
    assert source_of(src, blocks[0]) == "Tom &amp; Jerry"


def test_crlf_source() -> None:
    text = "# Title\r\n\r\nWe *collect*\r\nyour data.\r\n\r\n- item\r\n"
    src, blocks = parse(text)
    assert [b.text for b in blocks] == ["Title", "We collect your data.", "item"]
    para = blocks[1]
    i = para.text.index("your")
    assert src.position(para.textmap.to_source_start(i)) == (4, 1)
    assert source_of(src, para) == "We *collect*\r\nyour data."


def test_every_word_maps_to_itself() -> None:
    text = (
        "# Policy &amp; Terms\n\n> - **Bold** item with [a link](http://x.y) and `code`\n"
        "> continued _here_\n\n| A | B |\n|---|---|\n| x\\|y | ~~old~~ new |\n"
    )
    src, blocks = parse(text)
    for b in blocks:
        for m in re.finditer(r"[A-Za-z]+", b.text):
            assert source_of(src, b, m.start(), m.end()) == m.group(), (b.text, m.group())


def test_plain_text_style_headings_in_markdown() -> None:
    body = "We collect the information you give us when you create an account."
    text = (
        f"PERSONAL INFORMATION WE COLLECT\n\n{body}\n\nLast updated: April 2022\n\n{body}\n\n- Introduction\n"
    )
    _, blocks = parse(text)
    assert [(b.kind.value, b.level) for b in blocks] == [
        ("heading", 1),
        ("paragraph", 0),
        ("paragraph", 0),
        ("paragraph", 0),
        ("list_item", 0),
    ]


def test_nesting_within_the_limit_keeps_every_line() -> None:
    deep_list = "".join("  " * i + f"- item {i}\n" for i in range(30)) + "\nAfter the list.\n"
    quotes = ">" * 60 + " Deep quote.\n\nAfter the quote.\n"
    for text in (deep_list, quotes):
        texts = [b.text for b in parse_markdown(Source(text, "p.md", "markdown"))]
        assert texts[-1].startswith("After the")
    assert len(parse_markdown(Source(deep_list, "p.md", "markdown"))) == 31


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (">" * 10_000 + " deep\n", 1),
        ("- " * 10_000 + "x\n", 1),
        ("a\n\n" + "".join("  " * i + "- x\n" for i in range(100)), 34),
    ],
)
def test_nesting_markdown_it_would_cut_is_refused_with_a_line(text: str, line: int) -> None:
    """markdown-it drops everything inside containers nested past its limit, without a word."""
    with pytest.raises(InputError, match="nested more than 32 deep") as info:
        parse_markdown(Source(text, "p.md", "markdown"))
    assert info.value.line == line and info.value.path == "p.md"
