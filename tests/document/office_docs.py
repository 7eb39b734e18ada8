"""Test helpers: one policy text, written as Markdown, rendered as a PDF (fpdf2) and a Word file.

The Markdown is a small subset: ``#`` headings, paragraphs (lines up to a blank line) and ``- `` list
items. The PDF sets headings in larger bold type and registers them in the outline (bookmarks), as
word processors do when they export a PDF; the .docx uses Word's built-in Title, Heading and List
Bullet styles.

PDFs are made in a child process (``python office_docs.py pdf|scan``): fpdf2 brings fontTools and
Pillow, some 40 MB that would otherwise stay in the test process, whose size its children inherit as
their peak memory (which the hostile-input harness measures).
"""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import docx

Piece = tuple[str, int, str]  # (kind, level, text): kind is "heading", "paragraph", "item" or "page"


def pieces(markdown: str) -> Iterator[Piece]:
    for raw in markdown.strip().split("\n\n"):
        chunk = raw.strip()
        if raw.strip(" \n") == "\f":
            yield ("page", 0, "")
        elif chunk.startswith("#"):
            level = len(chunk) - len(chunk.lstrip("#"))
            yield ("heading", level, chunk.lstrip("#").strip())
        elif chunk.startswith("- "):
            for line in chunk.split("\n"):
                yield ("item", 1, line[2:].strip())
        else:
            yield ("paragraph", 0, " ".join(chunk.split()))


def _child(kind: str, markdown: str = "") -> bytes:
    done = subprocess.run(
        [sys.executable, str(Path(__file__)), kind],
        input=markdown.encode("utf-8"),
        capture_output=True,
        check=True,
        timeout=120,
    )
    return done.stdout


def to_pdf(markdown: str) -> bytes:
    """A PDF of ``markdown``; a chunk that is only a form feed starts a new page."""
    return _child("pdf", markdown)


def scan_pdf() -> bytes:
    """A page that is only a picture of text, as a scanner makes it: no text layer."""
    return _child("scan")


def _make_scan() -> bytes:
    from fpdf import FPDF
    from PIL import Image

    doc = FPDF()
    doc.add_page()
    doc.image(Image.new("RGB", (120, 40), "white"), x=10, y=10, w=120)
    return bytes(doc.output())


def _make_pdf(markdown: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    for kind, level, text in pieces(markdown):
        if kind == "page":
            pdf.add_page()
            continue
        if kind == "heading":
            pdf.start_section(text, level=level - 1)
            pdf.set_font("Helvetica", "B", 20 - 2 * level)
            pdf.multi_cell(0, 9, text, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("Helvetica", size=11)
            shown = f"- {text}" if kind == "item" else text
            pdf.multi_cell(0, 6, shown, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    return bytes(pdf.output())


def to_docx(markdown: str, table: list[list[str]] | None = None) -> bytes:
    """A .docx of ``markdown`` (an optional table at the end, its first row the header)."""
    document = docx.Document()
    first = True
    for kind, level, text in pieces(markdown):
        if kind == "page":
            document.add_page_break()
        elif kind == "heading":
            document.add_heading(text, level=0 if first and level == 1 else level)
        elif kind == "item":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)
        first = False
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


if __name__ == "__main__":
    source = sys.stdin.buffer.read().decode("utf-8")
    sys.stdout.buffer.write(_make_pdf(source) if sys.argv[1] == "pdf" else _make_scan())
