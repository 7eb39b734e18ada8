"""The JSON report: the stable machine-readable contract (``version`` 1)."""

from __future__ import annotations

import json

from ..engine.findings import Report
from .base import Formatter


class JsonFormatter(Formatter):
    name = "json"

    def render(self, report: Report) -> str:
        return json.dumps(report.to_dict(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
