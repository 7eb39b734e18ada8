"""The document layer: from a file to a :class:`PolicyDocument` with spans into the original text."""

from __future__ import annotations

from .builder import build_document
from .html_parser import parse_html
from .loading import load_policy, read_source
from .markdown_parser import parse_markdown
from .model import Block, BlockKind, Entity, EntityKind, PolicyDocument, Section, Sentence
from .source import Source, Span
from .text_parser import parse_text
from .textmap import TextMap

__all__ = [
    "Block",
    "BlockKind",
    "Entity",
    "EntityKind",
    "PolicyDocument",
    "Section",
    "Sentence",
    "Source",
    "Span",
    "TextMap",
    "build_document",
    "load_policy",
    "parse_html",
    "parse_markdown",
    "parse_text",
    "read_source",
]
