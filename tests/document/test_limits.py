"""Documents too large for any reader are refused with one positioned error, before they cost
gigabytes: lines, blocks, sentences and entities are capped, and Markdown by length."""

from __future__ import annotations

import pytest

from policy_rules.document import (
    Source,
    build_document,
    builder,
    html_parser,
    markdown_parser,
    parse_html,
    parse_markdown,
    parse_text,
    text_parser,
)
from policy_rules.document.limits import MAX_LINES, MAX_MARKDOWN_MARKUP, check_markdown_size
from policy_rules.errors import InputError


@pytest.mark.parametrize("parse", [parse_text, parse_markdown])
def test_more_lines_than_the_limit_are_refused_before_parsing(parse: object) -> None:
    source = Source("a\n" * (MAX_LINES + 1), "big.txt")
    with pytest.raises(InputError, match="more than 200,000 lines") as info:
        parse(source)  # type: ignore[operator]
    assert info.value.line == MAX_LINES + 1 and info.value.path == "big.txt"


@pytest.mark.parametrize("parse", [parse_text, parse_markdown])
def test_a_file_of_exactly_the_limit_of_lines_is_parsed(parse: object) -> None:
    text = "a" + "\n" * MAX_LINES  # MAX_LINES lines, the last one ending the file
    assert len(parse(Source(text, "big.txt"))) == 1  # type: ignore[operator]


def test_markdown_with_more_markup_than_the_limit_is_refused() -> None:
    with pytest.raises(InputError, match="markup characters"):
        parse_markdown(Source("*a* " * (MAX_MARKDOWN_MARKUP // 2 + 1), "big.md", "markdown"))


def test_markdown_is_limited_by_markup_not_length() -> None:
    # Long prose is cheap for markdown-it: only inline markup costs it tokens.
    prose = "We keep your data for as long as your account is open and delete it then.\n\n" * 50_000
    check_markdown_size(Source(prose, "long.md", "markdown"))  # 3.8 MB, no error
    check_markdown_size(Source("*a* " * (MAX_MARKDOWN_MARKUP // 2), "edge.md", "markdown"))  # at the limit


@pytest.mark.parametrize(
    ("module", "parse", "text", "line"),
    [
        (html_parser, parse_html, "<p>intro</p>\n" + "<li>a\n" * 20, 11),
        (markdown_parser, parse_markdown, "Intro.\n\n" + "- a\n" * 20, 12),
        (text_parser, parse_text, "Intro.\n\n" + "- a\n" * 20, 12),
    ],
)
def test_more_blocks_than_the_limit_are_refused_with_the_line_of_the_first_extra(
    monkeypatch: pytest.MonkeyPatch, module: object, parse: object, text: str, line: int
) -> None:
    monkeypatch.setattr(module, "MAX_BLOCKS", 10)
    with pytest.raises(InputError, match="more than 100,000 blocks") as info:
        parse(Source(text, "p"))  # type: ignore[operator]
    assert info.value.line == line


def test_blocks_at_the_limit_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_parser, "MAX_BLOCKS", 10)
    assert len(parse_html(Source("<li>a" * 10, "p", "html"))) == 10


@pytest.mark.parametrize(
    ("text", "what"), [("Ab. " * 30, "sentences"), ("Mail a@b.co or c@d.co now. " * 10, "entities")]
)
def test_more_sentences_or_entities_than_the_limit_are_refused(
    monkeypatch: pytest.MonkeyPatch, text: str, what: str
) -> None:
    monkeypatch.setattr(builder, "MAX_ITEMS", 12)
    source = Source(text, "p")
    with pytest.raises(InputError, match=f"more than 200,000 {what}"):
        build_document(source, parse_text(source))
