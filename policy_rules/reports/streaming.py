"""Pieces that let a format be written one document at a time and still give the bytes of a whole report.

:class:`Spool` holds text a format may only write at the end (in memory while small, then in a
temporary file), so memory does not grow with the number of documents. :class:`JsonFrame` is the text of
``json.dumps(skeleton, indent=2)`` cut open at its list slots, so the items of a list can be dumped one
by one, each indented as the whole dump would indent it: the JSON and SARIF reports stay byte-identical
to dumping the whole report at once.
"""

from __future__ import annotations

import json
import os
import tempfile
from typing import Any

from .base import Write
from .escaping import json_text

_CHUNK = 1 << 20


class Spool:
    """Text kept for later: in memory up to a megabyte, then in a temporary file removed on close.

    Nothing is allocated until the first write; :meth:`copy_to` and :meth:`close` release it.
    """

    def __init__(self) -> None:
        self._file: Any = None

    @property
    def empty(self) -> bool:
        return self._file is None

    def write(self, text: str) -> None:
        if not text:
            return
        if self._file is None:
            # surrogatepass: what goes in comes back unchanged; the real output decides what it can encode
            self._file = tempfile.SpooledTemporaryFile(  # noqa: SIM115 -- closed in copy_to or close
                max_size=_CHUNK, mode="w+", encoding="utf-8", errors="surrogatepass", newline=""
            )
        self._file.write(text)

    def copy_to(self, write: Write) -> None:
        """Everything spooled, in order, to ``write``; the spool is closed afterwards."""
        if self._file is None:
            return
        try:
            self._file.seek(0)
            while chunk := self._file.read(_CHUNK):
                write(chunk)
        finally:
            self.close()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class JsonFrame:
    """``json.dumps(skeleton, indent=2, ensure_ascii=False)`` split at the lists made by :meth:`slot`.

    ``literals[i]`` is the text before slot ``i`` (the last one is the text after every slot); a slot's
    items are written with :meth:`item` and closed with :meth:`close`. All text passes through
    :func:`~.escaping.json_text`, which works character by character, so piecewise output equals the
    filtered whole.
    """

    def __init__(self, skeleton: Any) -> None:
        self._token = os.urandom(16).hex()
        text = json.dumps(self._fill(skeleton), indent=2, ensure_ascii=False)
        self.literals: list[str] = []
        self.indents: list[tuple[str, str]] = []  # (item indent, closing-bracket indent) per slot
        rest = text
        while (at := rest.find(self._marker())) >= 0:
            open_at = rest.rindex("[", 0, at)
            close_at = rest.index("]", at)
            self.literals.append(json_text(rest[:open_at]))
            self.indents.append((rest[open_at + 2 : at], rest[at + len(self._marker()) + 1 : close_at]))
            rest = rest[close_at + 1 :]
        self.literals.append(json_text(rest))

    SLOT = object()

    def _marker(self) -> str:
        return json.dumps(f"slot-{self._token}")

    def _fill(self, value: Any) -> Any:
        if value is JsonFrame.SLOT:
            return [f"slot-{self._token}"]
        if isinstance(value, dict):
            return {k: self._fill(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self._fill(v) for v in value]
        return value

    def item(self, slot: int, value: Any, first: bool) -> str:
        """One item of list ``slot``, with the bracket or comma that precedes it."""
        indent = self.indents[slot][0]
        dumped = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + indent)
        return ("[\n" if first else ",\n") + indent + json_text(dumped)

    def close(self, slot: int, count: int) -> str:
        """The end of list ``slot`` after ``count`` items (``[]`` for none)."""
        return "[]" if count == 0 else "\n" + self.indents[slot][1] + "]"
