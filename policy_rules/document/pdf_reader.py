"""PDF policies: the text layer, page by page, read as a plain-text policy.

A PDF has no paragraphs or headings, only glyphs placed on pages. pypdf's layout mode lays each page's
text out as lines with blank lines where the page has vertical gaps, which is what the plain-text
parser (:mod:`.text_parser`) reads well: paragraphs, hard-wrapped lines, numbered and ALL-CAPS
headings. The extracted text is the :class:`~.source.Source` text; pages are separated by a form feed
ending the last line of a page (``"\\f\\n"``), and ``Source.page_starts`` gives every span its page.
Where the PDF has an outline (bookmarks), a paragraph whose text is a bookmark's title becomes a
heading at the bookmark's depth: that is the author's own table of contents.

Untrusted PDFs: every failure of the library becomes an :class:`InputError` (never a traceback), the
page count and the extracted text are bounded, and extraction stops after :data:`TIME_LIMIT`
seconds. A PDF with no text at all is a scan: the error says to run OCR first. A PDF that does not end
in ``%%EOF`` was cut short; pypdf would read what is left of it, which would check half a policy.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import time
import warnings
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from ..errors import InputError
from .model import BlockKind
from .rawblock import RawBlock
from .source import Source
from .text_parser import parse_text

__all__ = ["MAX_PAGES", "PAGE_SEPARATOR", "TIME_LIMIT", "is_pdf", "read_pdf"]

#: Ends every page but the last in the extracted text.
PAGE_SEPARATOR = "\f\n"
#: More pages than any policy has; a PDF past it is refused before its pages are read.
MAX_PAGES = 2000
#: Seconds of text extraction after which a PDF is refused (checked between pages).
TIME_LIMIT = 60.0
#: Extracted characters; about 30 times the longest real policy.
MAX_TEXT = 20_000_000
_HEADER_PROBE = 1024
_WORD_RE = re.compile(r"\w")
# A page's first or last line that is only its number ("3", "- 3 -", "Page 3 of 10").
_PAGE_NUMBER_RE = re.compile(r"[\s\-–—]*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?[\s\-–—]*", re.I)
_BLANKS_RE = re.compile(r"\n{3,}")
_SPACE_RE = re.compile(r"\s+")


def is_pdf(data: bytes) -> bool:
    """Whether ``data`` is a PDF: it opens with ``%PDF-`` (after blanks, as readers accept it). A text
    that merely mentions "%PDF-" is still a text."""
    return data[:_HEADER_PROBE].lstrip(b" \t\r\n\x00").startswith(b"%PDF-")


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """pypdf reports what it repairs through ``logging`` and ``warnings``; a linter's output is its
    findings, so those notes are held back while a PDF is read."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _why(exc: BaseException) -> str:
    text = _SPACE_RE.sub(" ", str(exc)).strip()[:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _open(data: bytes, path: str | None) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):  # many PDFs are encrypted only against editing
                    raise FileNotDecryptedError("needs a password")
            except (FileNotDecryptedError, DependencyError, NotImplementedError) as e:
                raise InputError(
                    f"encrypted PDF that cannot be opened without a password ({_why(e)}); "
                    "save an unencrypted copy and check that",
                    path=path,
                ) from None
        return reader
    except InputError:
        raise
    except (Exception, RecursionError) as e:  # pypdf raises many kinds on damaged files
        raise InputError(f"broken PDF, cannot be read ({_why(e)})", path=path) from None


def _page_text(page: Any, number: int, path: str | None) -> str:
    try:
        return str(page.extract_text(extraction_mode="layout"))
    except (Exception, RecursionError):
        pass  # layout mode is stricter about fonts than plain mode: try that
    try:
        return str(page.extract_text())
    except (Exception, RecursionError) as e:
        raise InputError(f"broken PDF: page {number} cannot be read ({_why(e)})", path=path) from None


def tidy_page(text: str) -> str:
    """A page's text with trailing blanks and the common indentation removed, runs of blank lines
    cut to one, and a bare page number on its first or last line dropped."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line.replace("\f", " ") for line in lines]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    for index in (-1, 0):
        if len(lines) > 1 and _PAGE_NUMBER_RE.fullmatch(lines[index]):
            lines.pop(index)
    indent = min((len(x) - len(x.lstrip()) for x in lines if x), default=0)
    body = "\n".join(x[indent:] for x in lines).strip("\n")
    return _BLANKS_RE.sub("\n\n", body)


def _outline(reader: Any) -> list[tuple[str, int]]:
    """Bookmark titles with their depth (1 for top level), in order; empty when there are none or
    the outline is damaged (it is a help, not the text)."""
    out: list[tuple[str, int]] = []

    def walk(items: Any, depth: int) -> None:
        for item in items:
            if len(out) >= 10_000 or depth > 32:
                return
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                title = _SPACE_RE.sub(" ", str(getattr(item, "title", "") or "")).strip().casefold()
                if title:
                    out.append((title, depth))

    try:
        walk(reader.outline, 1)
    except (Exception, RecursionError):
        return []
    return out


def _apply_outline(blocks: list[RawBlock], outline: list[tuple[str, int]]) -> list[RawBlock]:
    """Paragraphs whose text is a bookmark title, taken in order, become headings at its depth."""
    if not outline:
        return blocks
    wanted: dict[str, list[int]] = {}
    for title, depth in reversed(outline):
        wanted.setdefault(title, []).append(depth)
    out: list[RawBlock] = []
    for b in blocks:
        if b.kind in (BlockKind.PARAGRAPH, BlockKind.HEADING) and len(b.text) <= 300:
            depths = wanted.get(_SPACE_RE.sub(" ", b.text).strip().casefold())
            if depths:
                b = replace(b, kind=BlockKind.HEADING, level=min(depths.pop(), 6), depth=0)
        out.append(b)
    return out


def read_pdf(data: bytes, path: str | None) -> Source:
    """The :class:`Source` of a PDF: its text layer, with pages and blocks (see the module docstring)."""
    if b"%%EOF" not in data[-_HEADER_PROBE:]:
        raise InputError(
            "truncated PDF (no %%EOF at its end): the download or copy was cut short; get the whole file",
            path=path,
        )
    with _quiet():
        reader = _open(data, path)
        try:
            pages = reader.pages
            count = len(pages)
        except (Exception, RecursionError) as e:
            raise InputError(f"broken PDF: its page tree cannot be read ({_why(e)})", path=path) from None
        if count > MAX_PAGES:
            raise InputError(f"PDF of {count:,} pages (more than {MAX_PAGES:,}): split it", path=path)
        deadline = time.monotonic() + TIME_LIMIT
        texts: list[str] = []
        total = 0
        for i in range(count):
            if time.monotonic() > deadline:
                raise InputError(
                    f"reading the text of this PDF took more than {TIME_LIMIT:.0f} s (stopped at page "
                    f"{i + 1} of {count}); it may be damaged or built to stall readers",
                    path=path,
                )
            try:
                page = pages[i]
            except (Exception, RecursionError) as e:
                raise InputError(f"broken PDF: page {i + 1} cannot be read ({_why(e)})", path=path) from None
            texts.append(tidy_page(_page_text(page, i + 1, path)))
            total += len(texts[-1])
            if total > MAX_TEXT:
                raise InputError(f"PDF with more than {MAX_TEXT:,} characters of text: split it", path=path)
        outline = _outline(reader)
    if not any(_WORD_RE.search(t) for t in texts):
        raise InputError(
            "no text layer: this PDF is a scan or an image of text; run OCR on it first "
            "(e.g. ocrmypdf) or check the policy's text version",
            path=path,
        )
    starts: list[int] = []
    pos = 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + len(PAGE_SEPARATOR)
    source = Source(PAGE_SEPARATOR.join(texts), path, "pdf", page_starts=tuple(starts))
    return replace(source, blocks=tuple(_apply_outline(parse_text(source), outline)))
