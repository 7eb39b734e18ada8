"""Word (.docx) policies: paragraphs, headings, list items and table rows as the file's styles say.

A Word file knows its structure: a paragraph styled "Heading 2" (or with outline level 2) is a
heading, one with numbering is a list item, a table row is a row. python-docx reads the body in order;
each block's text is written into the extracted text (blocks separated by a blank line, a table row's
cells joined by " | " as the HTML and Markdown parsers join them) and the block maps onto exactly that
slice, so evidence quotes the extracted text character for character. Hyperlinks keep their targets.

A .docx is a ZIP archive of XML parts: the archive is checked before python-docx unpacks it (its
parts' unpacked size and count are bounded, so a ZIP bomb is refused), and a damaged archive, another
kind of archive or a legacy binary .doc file each get an :class:`InputError` that says what it is.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from ..errors import InputError
from .limits import MAX_BLOCKS, too_many_blocks
from .model import BlockKind
from .rawblock import RawBlock, RawLink
from .source import Source
from .textmap import TextMap

__all__ = ["BLOCK_GAP", "CELL_SEPARATOR", "is_zip", "read_docx"]

#: Between two blocks in the extracted text.
BLOCK_GAP = "\n\n"
#: Between the cells of a table row, as in HTML and Markdown tables.
CELL_SEPARATOR = " | "
#: What the parts of a .docx may unpack to, in bytes, and how many there may be.
MAX_UNPACKED = 256_000_000
MAX_PARTS = 10_000
_DOCUMENT_PART = "word/document.xml"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADING_RE = re.compile(r"heading\s*([1-9])", re.IGNORECASE)
_LIST_STYLE_RE = re.compile(r"list\s+(?:bullet|number|continue)(?:\s+([2-9]))?", re.IGNORECASE)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_STYLE_DEPTH = 20


def is_zip(data: bytes) -> bool:
    """Whether ``data`` opens like a ZIP archive (a .docx is one)."""
    return data.startswith((b"PK\x03\x04", b"PK\x05\x06"))


def _check_archive(data: bytes, path: str | None) -> None:
    if not is_zip(data):
        if data.startswith(_OLE_MAGIC):
            raise InputError(
                "a legacy Word .doc file or a password-protected document, not a .docx; "
                "save it as .docx (or PDF) without a password",
                path=path,
            )
        raise InputError("not a Word .docx file (it is no ZIP archive)", path=path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as e:
        raise InputError(f"broken Word file: damaged ZIP archive ({e})", path=path) from None
    if not any(i.filename == _DOCUMENT_PART for i in infos):
        raise InputError(
            f"a ZIP archive without {_DOCUMENT_PART}: not a Word .docx file "
            "(a spreadsheet, a presentation or another archive?)",
            path=path,
        )
    if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > MAX_UNPACKED:
        raise InputError(
            f"Word file whose parts unpack to more than {MAX_UNPACKED // 1_000_000} MB "
            f"or number more than {MAX_PARTS:,}: refused as a ZIP bomb",
            path=path,
        )


def _styles(paragraph: Any) -> list[Any]:
    """The paragraph's style and the styles it is based on, nearest first."""
    out: list[Any] = []
    style = paragraph.style
    while style is not None and len(out) < _STYLE_DEPTH:
        out.append(style)
        style = style.base_style
    return out


def _val(element: Any, path: str) -> str | None:
    """The ``w:val`` of the first element at ``path`` under ``element`` (``None`` if there is none)."""
    if element is None:
        return None
    found = element.find(path)
    if found is None:
        return None
    value = found.get(f"{_W}val")
    return str(value) if value is not None else None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _kind(paragraph: Any) -> tuple[BlockKind, int, int]:
    """``(kind, heading level, list depth)`` from the paragraph's own properties and its styles."""
    p_pr = paragraph._p.pPr
    styles = _styles(paragraph)
    elements = [p_pr, *(s.element.pPr for s in styles)]
    for el in elements:  # outline level: the paragraph's own first, then its styles'
        level = _int(_val(el, f"{_W}outlineLvl"))
        if level is not None:
            if level < 9:
                return BlockKind.HEADING, min(level + 1, 6), 0
            break
    for style in styles:
        name = str(style.name or "")
        if name.casefold() == "title":
            return BlockKind.HEADING, 1, 0
        m = _HEADING_RE.fullmatch(name.strip())
        if m:
            return BlockKind.HEADING, min(int(m.group(1)), 6), 0
    for el in elements:
        num_id = _int(_val(el, f"{_W}numPr/{_W}numId"))
        if num_id is not None:
            if num_id == 0:  # numbering switched off
                break
            ilvl = _int(_val(p_pr, f"{_W}numPr/{_W}ilvl")) or _int(_val(el, f"{_W}numPr/{_W}ilvl")) or 0
            return BlockKind.LIST_ITEM, 0, min(max(ilvl, 0), 8) + 1
    for style in styles:
        m = _LIST_STYLE_RE.fullmatch(str(style.name or "").strip())
        if m:
            return BlockKind.LIST_ITEM, 0, int(m.group(1) or 1)
    return BlockKind.PARAGRAPH, 0, 0


def _inline(paragraph: Any) -> tuple[str, list[RawLink]]:
    """A paragraph's text and its hyperlinks (ranges in that text, with targets)."""
    parts: list[str] = []
    links: list[RawLink] = []
    pos = 0
    for item in paragraph.iter_inner_content():
        text = str(item.text or "")
        if hasattr(item, "url"):
            try:
                url = str(item.url or "")
            except (KeyError, AttributeError, ValueError):
                url = ""
            if url and text.strip():
                links.append((pos, pos + len(text), url))
        parts.append(text)
        pos += len(text)
    return "".join(parts), links


class _Writer:
    """Joins blocks into the extracted text, each block an exact slice of it."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.parts: list[str] = []
        self.pos = 0
        self.blocks: list[RawBlock] = []

    def add(
        self,
        kind: BlockKind,
        level: int,
        text: str,
        links: list[RawLink],
        depth: int = 0,
        header: bool = False,
    ) -> None:
        lead = len(text) - len(text.lstrip())
        body = text.strip()
        if not body:
            return
        if len(self.blocks) >= MAX_BLOCKS:
            raise too_many_blocks(self.path, None)
        if self.parts:
            self.parts.append(BLOCK_GAP)
            self.pos += len(BLOCK_GAP)
        n = len(body)
        moved = tuple(
            (max(s - lead, 0), min(e - lead, n), t)
            for s, e, t in links
            if min(e - lead, n) > max(s - lead, 0)
        )
        self.blocks.append(RawBlock(kind, level, body, TextMap.identity(self.pos, n), depth, header, moved))
        self.parts.append(body)
        self.pos += n


def _header_rows(table: Any) -> bool:
    """Whether the table's first row is a header: marked as a repeating header row, or formatted as
    one by the table style (``w:tblLook`` first row, on in Word's default table styles)."""
    tbl = table._tbl
    first = tbl.find(f"{_W}tr")
    if first is not None and first.find(f"{_W}trPr/{_W}tblHeader") is not None:
        return True
    look = tbl.find(f"{_W}tblPr/{_W}tblLook")
    if look is None:
        return False
    if look.get(f"{_W}firstRow") is not None:
        return look.get(f"{_W}firstRow") in ("1", "true", "on")
    try:
        return bool(int(look.get(f"{_W}val") or "0", 16) & 0x0020)
    except ValueError:
        return False


def _table(table: Any, out: _Writer) -> None:
    header = _header_rows(table)
    for r, row in enumerate(table.rows):
        seen: set[int] = set()
        cells: list[str] = []
        links: list[RawLink] = []
        pos = 0
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is listed once per grid column it spans
                continue
            seen.add(id(cell._tc))
            texts: list[str] = []
            for paragraph in cell.paragraphs:
                text, found = _inline(paragraph)
                stripped = text.strip()
                if not stripped:
                    continue
                lead = len(text) - len(text.lstrip())
                base = pos + sum(len(t) + 1 for t in texts) + (len(CELL_SEPARATOR) if cells else 0)
                links += [(base + s - lead, base + e - lead, t) for s, e, t in found]
                texts.append(stripped)
            cell_text = " ".join(texts)
            if not cell_text:
                continue
            if cells:
                pos += len(CELL_SEPARATOR)
            cells.append(cell_text)
            pos += len(cell_text)
        out.add(BlockKind.TABLE_ROW, 0, CELL_SEPARATOR.join(cells), links, header=header and r == 0)


def read_docx(data: bytes, path: str | None) -> Source:
    """The :class:`Source` of a .docx: its extracted text, with the blocks the styles give."""
    _check_archive(data, path)
    import docx
    from docx.table import Table

    out = _Writer(path)
    try:
        document = docx.Document(io.BytesIO(data))
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                _table(item, out)
            else:
                kind, level, depth = _kind(item)
                text, links = _inline(item)
                out.add(kind, level, text, links, depth)
    except InputError:
        raise
    except (Exception, RecursionError) as e:  # python-docx and lxml raise many kinds on damaged files
        detail = " ".join(str(e).split())[:200]
        raise InputError(
            f"broken Word file, cannot be read ({type(e).__name__}: {detail})", path=path
        ) from None
    if not out.blocks:
        raise InputError("empty Word file: nothing to check", path=path)
    return Source("".join(out.parts), path, "docx", blocks=tuple(out.blocks))
