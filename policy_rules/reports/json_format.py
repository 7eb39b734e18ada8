"""The JSON report: the stable machine-readable contract (``version`` 1).

Written through :func:`~.escaping.json_text`, so a non-UTF-8 file name cannot make it unwritable and a
quote cannot rewrite the terminal it is printed on.
"""

from __future__ import annotations

import json

from ..engine.findings import Report
from .base import Formatter
from .escaping import json_text


class JsonFormatter(Formatter):
    name = "json"

    def render(self, report: Report) -> str:
        return json_text(json.dumps(report.to_dict(), indent=2, ensure_ascii=False, sort_keys=False)) + "\n"
