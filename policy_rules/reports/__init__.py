"""Report formatters, one small class per output format, all behind :class:`Formatter`."""

from __future__ import annotations

from .base import Formatter
from .github import GithubFormatter
from .html import HtmlFormatter
from .json_format import JsonFormatter, JsonlFormatter
from .junit import JunitFormatter
from .markdown import MarkdownFormatter
from .sarif import SarifFormatter
from .text import TextFormatter

FORMATTERS: dict[str, type[Formatter]] = {
    cls.name: cls
    for cls in (
        TextFormatter,
        JsonFormatter,
        JsonlFormatter,
        SarifFormatter,
        GithubFormatter,
        JunitFormatter,
        MarkdownFormatter,
        HtmlFormatter,
    )
}

__all__ = [
    "FORMATTERS",
    "Formatter",
    "GithubFormatter",
    "HtmlFormatter",
    "JsonFormatter",
    "JsonlFormatter",
    "JunitFormatter",
    "MarkdownFormatter",
    "SarifFormatter",
    "TextFormatter",
]
