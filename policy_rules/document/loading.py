"""Reading a policy: bytes to text, format detection, and the one-call :func:`load_policy`.

A linter must never answer a bad file with a traceback. Everything that can go wrong with the input
(missing, a directory, unreadable, binary, not UTF-8, empty) becomes an :class:`InputError` that names
the file and, for decoding errors, the line and column, so the user can fix the file.

PDF and Word (.docx) files are recognised by their first bytes (``%PDF-``; a ZIP archive) or their
extension before any decoding, and read by :mod:`.pdf_reader` and :mod:`.docx_reader`: their Source
text is the text extracted from them.

The decoded text is kept exactly as read (``\\r\\n`` included); only a byte-order mark is removed, and
all offsets count code points from the first character after it.
"""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path

from ..bounded_read import MB, read_bounded
from ..errors import InputError
from ..gc_pause import collector_paused
from .builder import build_document
from .docx_reader import is_zip, read_docx
from .html_parser import parse_html
from .markdown_parser import parse_markdown
from .model import PolicyDocument
from .pdf_reader import is_pdf, read_pdf
from .rawblock import RawBlock
from .source import Source, SourceFormat
from .text_parser import parse_text

__all__ = ["container_format", "load_policy", "parse_source", "read_source", "sniff_format"]

_EXTENSIONS: dict[str, SourceFormat] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
_CONTAINERS = ("pdf", "docx")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The largest policy read by default (bytes): far above any real policy, far below a mistake.
DEFAULT_MAX_SIZE = 10 * MB
_SIZE_HINT = "raise the limit to read it anyway (--max-size MB; max_size=None in Python: no limit)"
_SNIFF_LIMIT = 65536
_URL_RE = re.compile(r"https?://\S+\Z", re.IGNORECASE)
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_BINARY_PROBE = 8192
_HTML_RE = re.compile(r"<(?:html|body|p|div|h[1-6]|ul|ol|li|table|br|span|section|article)\b", re.IGNORECASE)
_MD_HEADING_RE = re.compile(r"^#{1,6} ", re.MULTILINE)
_MD_LIST_RE = re.compile(r"^- ", re.MULTILINE)
_MD_MARKUP_RE = re.compile(r"\]\(|\*\*|__|^\|.*\|[ \t]*$|^> |^```", re.MULTILINE)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def sniff_format(text: str) -> SourceFormat:
    """Guess the format of text that came without a telling file name.

    Markdown needs a ``#`` heading line, or ``-`` list lines together with other Markdown markup: a
    plain-text policy with a dash list parses better as text, where one line is one block, than as
    Markdown, where consecutive lines are glued into one paragraph.
    """
    head = text[:_SNIFF_LIMIT]
    if head.lstrip().startswith("<") or _HTML_RE.search(head):
        return "html"
    if _MD_HEADING_RE.search(head) or (_MD_LIST_RE.search(head) and _MD_MARKUP_RE.search(head)):
        return "markdown"
    return "text"


def _format_from_name(name: str | None) -> SourceFormat | None:
    if not name:
        return None
    return _EXTENSIONS.get(os.path.splitext(name)[1].lower())


def _reject_surrogates(text: str, path: str | None) -> None:
    """Text handed over as ``str`` has not been through a decoder, so it may hold a lone surrogate
    (``"\\ud800"``, from ``surrogateescape`` or a broken JSON string). Nothing downstream can encode
    it: refuse it here, positioned, rather than crash when a report is written as UTF-8."""
    m = _SURROGATE_RE.search(text)
    if m is None:
        return
    line, column = Source(text[: m.start()]).position(m.start())
    raise InputError(
        f"lone surrogate U+{ord(m.group()):04X} at line {line}, column {column}: not Unicode text",
        path=path,
        line=line,
        column=column,
    )


def _decode(data: bytes, path: str | None) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as e:
                # The decoders refuse lone surrogates too ("illegal UTF-16 surrogate"): say where.
                label = codec.upper().replace("-SIG", "")
                prefix = data[: e.start].decode(codec, errors="replace")
                line, column = Source(prefix).position(len(prefix))
                raise InputError(
                    f"not valid {label} text (byte offset {e.start}, line {line}, column {column}); "
                    "re-save the file as UTF-8",
                    path=path,
                    line=line,
                    column=column,
                ) from None
    if b"\x00" in data[:_BINARY_PROBE]:
        raise InputError("binary file, not a policy text", path=path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        prefix = data[: e.start].decode("utf-8", errors="replace")
        line, column = Source(prefix).position(len(prefix))
        raise InputError(
            f"not valid UTF-8 text (byte 0x{data[e.start]:02x} at line {line}, column {column}); "
            "re-save the file as UTF-8",
            path=path,
            line=line,
            column=column,
        ) from None


def container_format(data: bytes, name: str | None, declared: SourceFormat | None) -> SourceFormat | None:
    """``"pdf"`` or ``"docx"`` when ``data`` is to be read as such a file, else ``None`` (decode it).

    A declared format wins; then the first bytes (a file's content, not its name, says what it is;
    any ZIP archive goes to the Word reader, which says what it is if it is no .docx); then the
    extension, so a ``.pdf`` or ``.docx`` that is neither gets an error saying so, not a decoding one.
    """
    if declared is not None:
        return declared if declared in _CONTAINERS else None
    if is_pdf(data):
        return "pdf"
    if is_zip(data) or data.startswith(_OLE_MAGIC):
        return "docx"
    by_name = _format_from_name(name)
    return by_name if by_name in _CONTAINERS else None


def _read_container(data: bytes, fmt: SourceFormat, path: str | None) -> Source:
    if fmt == "pdf":
        if not is_pdf(data):
            raise InputError("not a PDF file (it does not start with %PDF-)", path=path)
        return read_pdf(data, path)
    return read_docx(data, path)


def read_policy_bytes(path: str, max_size: int | None = DEFAULT_MAX_SIZE, *, hint: str = _SIZE_HINT) -> bytes:
    """The bytes of a policy file, or of standard input for ``"-"``, never more than ``max_size``.

    Goes through :func:`~policy_rules.bounded_read.read_bounded`, so a FIFO, a device such as
    ``/dev/zero`` or a huge file ends in an :class:`InputError` instead of a hang or all memory.
    ``hint`` ends the over-the-limit message: the command line names its ``--max-size`` option.
    """
    if path != "-" and os.path.isdir(path):
        raise InputError("is a directory; pass the policy files inside it", path=path)
    return read_bounded(path, max_size, error=InputError, what="file", hint=hint)


def read_source(
    path: str | os.PathLike[str] | None = None,
    *,
    text: str | None = None,
    data: bytes | None = None,
    format: SourceFormat | None = None,
    name: str | None = None,
    max_size: int | None = DEFAULT_MAX_SIZE,
) -> Source:
    """A :class:`Source` from a file path (``"-"`` is standard input), from text, or from bytes.

    ``name`` is the path reported in spans and errors (defaults to ``path``); ``format`` overrides the
    guess from the file extension or the content. A file (or standard input) larger than ``max_size``
    bytes is refused before more than ``max_size + 1`` bytes are read (``None``: no limit).

    A PDF or Word file (by content or extension, or ``format="pdf"``/``"docx"``) is read from a path
    or from ``data``; its source text is the extracted text (see :mod:`.pdf_reader`,
    :mod:`.docx_reader`).
    """
    if sum(x is not None for x in (path, text, data)) != 1:
        raise TypeError("read_source() takes exactly one of path, text or data")
    shown = name
    if path is not None:
        p = os.fspath(path)
        if shown is None and p != "-":
            shown = p
        data = read_policy_bytes(p, max_size)
    if data is not None:
        container = container_format(data, shown, format)
        if container is not None:
            return _read_container(data, container, shown)
        decoded = _decode(data, shown)
    else:
        assert text is not None
        if format in _CONTAINERS:
            raise InputError(
                f"a {format.upper()} policy is read from its file or bytes, not from text", path=shown
            )
        decoded = text[1:] if text.startswith("\ufeff") else text
        _reject_surrogates(decoded, shown)
    if not decoded.strip():
        raise InputError("empty file: nothing to check", path=shown)
    fmt = format or _format_from_name(shown) or sniff_format(decoded)
    return Source(decoded, shown, fmt)


def parse_source(source: Source) -> PolicyDocument:
    """The document for an already-read source, parsed according to ``source.format``.

    The cyclic garbage collector is paused meanwhile (:mod:`policy_rules.gc_pause`): on a large file
    its repeated scans of the blocks, spans and sentences would otherwise cost a third of the time.
    """
    with collector_paused():
        raw: list[RawBlock]
        if source.blocks is not None:  # a PDF or Word file: its reader found the blocks
            raw = list(source.blocks)
        elif source.format == "markdown":
            raw = parse_markdown(source)
        elif source.format == "html":
            raw = parse_html(source)
        else:
            raw = parse_text(source)
        return build_document(source, raw)


def _names_file(candidate: str) -> bool:
    try:
        return candidate == "-" or os.path.exists(candidate)
    except (OSError, ValueError):  # a long text or one with NUL is not a path
        return False


def _looks_like_file_name(candidate: str) -> bool:
    """A single word ending in a policy extension: a mistyped path, not a one-word policy."""
    return not any(c.isspace() for c in candidate) and _format_from_name(candidate) is not None


def load_policy(
    path_or_text: str | os.PathLike[str] | bytes,
    *,
    format: SourceFormat | None = None,
    max_size: int | None = DEFAULT_MAX_SIZE,
) -> PolicyDocument:
    """Parse a policy given as a path (``Path``, or a string naming a file; ``"-"`` for stdin), as the
    policy text itself (a string with a line break, or one that names no file), or as the bytes of a
    file (a PDF or .docx read into memory, say). A string that is only an ``http(s)://`` URL is
    refused: fetching is :func:`~policy_rules.document.web.load_url`'s job.

    ``max_size`` bounds what is read from a file or standard input, in bytes (``None``: no limit).
    """
    if isinstance(path_or_text, bytes):
        return parse_source(read_source(data=path_or_text, format=format))
    if isinstance(path_or_text, str):
        if "\n" in path_or_text or "\r" in path_or_text or not _names_file(path_or_text):
            if _URL_RE.match(path_or_text):  # never fetched behind the caller's back
                raise InputError(
                    "a URL, not a file or a policy text: fetch it with load_url()", path=path_or_text
                )
            if _looks_like_file_name(path_or_text):
                raise InputError("no such file", path=path_or_text)
            return parse_source(read_source(text=path_or_text, format=format))
        return parse_source(read_source(path_or_text, format=format, max_size=max_size))
    return parse_source(read_source(Path(path_or_text), format=format, max_size=max_size))
