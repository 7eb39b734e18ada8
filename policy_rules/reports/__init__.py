"""Report formatters, one small class per output format."""

from __future__ import annotations

from .base import Formatter
from .json_format import JsonFormatter
from .text import TextFormatter

FORMATTERS: dict[str, type[Formatter]] = {cls.name: cls for cls in (TextFormatter, JsonFormatter)}

__all__ = ["FORMATTERS", "Formatter", "JsonFormatter", "TextFormatter"]
