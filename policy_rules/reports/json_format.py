"""The JSON report: the stable machine-readable contract (``version`` 1), and JSON Lines for corpora.

Written through :func:`~.escaping.json_text`, so a non-UTF-8 file name cannot make it unwritable and a
quote cannot rewrite the terminal it is printed on. The ``documents`` array is written one document at
a time (:class:`~.streaming.JsonFrame`), byte-identical to dumping the whole report at once.

``jsonl`` is one line per document and nothing else: each line is the document object of the JSON
report (``path``, ``evaluation_date``, ``applicability``, ``findings``, ``summary``), compact. No header
line: concatenated or resumed files (``check --resume``) stay valid, and each line stands alone.
"""

from __future__ import annotations

import json

from ..engine.findings import REPORT_VERSION, DocumentResult, Report
from .base import Formatter, Write
from .escaping import json_text
from .streaming import JsonFrame


class JsonFormatter(Formatter):
    name = "json"

    def begin(self, head: Report, write: Write) -> None:
        super().begin(head, write)
        self._frame = JsonFrame(
            {"version": REPORT_VERSION, "rulesets": head.rulesets, "documents": JsonFrame.SLOT}
        )
        self._count = 0
        write(self._frame.literals[0])

    def document(self, doc: DocumentResult) -> None:
        self.write(self._frame.item(0, doc.to_dict(), self._count == 0))
        self._count += 1

    def end(self) -> None:
        self.write(self._frame.close(0, self._count) + self._frame.literals[1] + "\n")


def jsonl_line(doc: DocumentResult) -> str:
    """One document as one line (``\\n`` included): no raw line break of any kind can occur inside."""
    return json_text(json.dumps(doc.to_dict(), ensure_ascii=False, separators=(",", ":"))) + "\n"


class JsonlFormatter(Formatter):
    name = "jsonl"

    def document(self, doc: DocumentResult) -> None:
        self.write(jsonl_line(doc))
