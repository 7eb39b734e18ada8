"""How big a document the parsers build before they refuse it.

Parsing is linear, but a document model is not small: a block with its sentence, spans and text map
costs about a kilobyte, and markdown-it's tokens for a one-word list item twice that. A file of
nothing but one-word lines within the default size limit (10 MB) would therefore take gigabytes.
No policy a person can read comes near these numbers (the longest real ones have a few thousand
blocks), so past them the file is refused with a clear error instead.
"""

from __future__ import annotations

from ..errors import InputError
from .source import Source

__all__ = [
    "MAX_BLOCKS",
    "MAX_ITEMS",
    "MAX_LINES",
    "MAX_MARKDOWN_MARKUP",
    "check_lines",
    "check_markdown_size",
    "too_many",
    "too_many_blocks",
]

MAX_BLOCKS = 100_000
MAX_LINES = 200_000
# Sentences, and entities (e-mail addresses, dates, ...): each is a few hundred bytes with its span.
MAX_ITEMS = 200_000
# markdown-it keeps tokens of about a kilobyte for every emphasis marker, link, code span and entity, so
# what its memory grows with is inline markup, not length: 8 MB of real policies (0.03% markup
# characters) parse in 200 MB, 1 MB of nothing but "*a* " takes 530 MB. Real policies have a few
# thousand such characters.
MAX_MARKDOWN_MARKUP = 200_000
_MARKUP = "*_`[]<>!&\\"


def check_lines(source: Source) -> None:
    """Refuse a file with more than :data:`MAX_LINES` lines, before any parser allocates per line."""
    lines = len(source.line_starts) - (1 if source.text.endswith(("\n", "\r")) else 0)
    if lines > MAX_LINES:
        raise InputError(
            f"more than {MAX_LINES:,} lines: too large to check as one policy; split the file",
            path=source.path,
            line=MAX_LINES + 1,
        )


def check_markdown_size(source: Source) -> None:
    """Refuse Markdown with more than :data:`MAX_MARKDOWN_MARKUP` inline-markup characters before
    markdown-it tokenizes it (each ``str.count`` is one pass in C)."""
    markup = sum(source.text.count(c) for c in _MARKUP)
    if markup > MAX_MARKDOWN_MARKUP:
        raise InputError(
            f"Markdown with more than {MAX_MARKDOWN_MARKUP:,} markup characters ({_MARKUP}): too large to "
            "parse as one policy; split the file, or check it as plain text (--input-format text)",
            path=source.path,
        )


def too_many(what: str, source_path: str | None, line: int | None) -> InputError:
    """The error for a document past :data:`MAX_ITEMS` sentences or entities."""
    return InputError(
        f"more than {MAX_ITEMS:,} {what}: too large to check as one policy; split the file",
        path=source_path,
        line=line,
    )


def too_many_blocks(source_path: str | None, line: int | None) -> InputError:
    """The error for a document past :data:`MAX_BLOCKS` blocks; ``line`` is where the first extra one is."""
    return InputError(
        f"more than {MAX_BLOCKS:,} blocks (paragraphs, list items, table cells): too large to check as "
        "one policy; split the file",
        path=source_path,
        line=line,
    )
