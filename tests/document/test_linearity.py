"""Parsing time grows linearly with hostile input shapes.

Each shape is parsed at size N and 8N; a linear parser takes about 8 times as long, a quadratic one
about 64 times. The bound is generous (30x) so a busy machine does not fail the test, and sizes are
small so the whole file runs in a few seconds. Every shape here was measured before its fix: the
stdlib HTML tokenizer rescanned unclosed tags, and table rows were re-split for every cell.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from policy_rules.document import Source
from policy_rules.document.loading import parse_source
from policy_rules.document.sentences import split_sentences

RATIO = 30.0

SHAPES: dict[str, tuple[str, Callable[[int], str], int]] = {
    "html unclosed <b": ("html", lambda n: "<b " * n, 4000),
    "html quote swallowing tags": ("html", lambda n: "<p title='>'" * n, 600),
    "html unclosed comments": ("html", lambda n: "<p>x</p>" + "<!-- > " * n, 1500),
    "html unclosed CDATA": ("html", lambda n: "<![CDATA[ > " * n, 1500),
    "html unclosed <script>": ("html", lambda n: "<p>x</p><script>" + "a<b " * n, 4000),
    "html nested div": ("html", lambda n: "<div>" * n + "x" + "</div>" * n, 500),
    "html head/body pairs": ("html", lambda n: "<head><body>" * n, 500),
    "html CR/CRLF mix": ("html", lambda n: "<p>one\r\ntwo\rthree\n\r" * n, 300),
    "markdown wide table": (
        "markdown",
        lambda n: "|" + "a|" * n + "\n|" + "-|" * n + "\n|" + "b|" * n + "\n",
        300,
    ),
    "markdown list items": ("markdown", lambda n: "- item number here\n" * n, 300),
    "markdown deep quotes": ("markdown", lambda n: (">" * 30 + " deep words\n") * n, 100),
    "markdown deep lists": ("markdown", lambda n: "".join("  " * (i % 30) + "- x\n" for i in range(n)), 200),
    "markdown headings": ("markdown", lambda n: "## Heading\n\nBody text.\n\n" * n, 100),
    "markdown long paragraph": ("markdown", lambda n: "word " * n, 3000),
    "markdown * run": ("markdown", lambda n: "*a " * n, 1000),
    "markdown _ run": ("markdown", lambda n: "_a " * n, 1000),
    "markdown ` run": ("markdown", lambda n: "`a " * n, 1000),
    "markdown [ run": ("markdown", lambda n: "[a " * n, 400),
    "markdown unclosed links": ("markdown", lambda n: "[a](" * n, 400),
    "markdown code spans across lines": ("markdown", lambda n: "`a\nb` " * n, 500),
    "markdown indented code": ("markdown", lambda n: "    code line\n" * n, 500),
    "markdown html block of unclosed tags": ("markdown", lambda n: "<div>\n" + "<b \n" * n, 500),
    "markdown CR/CRLF mix": ("markdown", lambda n: "one\r\ntwo\rthree\n\r" * n, 150),
    "text long paragraph": ("text", lambda n: "lorem ipsum dolor sit amet " * n, 500),
    "text list items": ("text", lambda n: "- item number here\n" * n, 300),
    "text CR/CRLF mix": ("text", lambda n: "one\r\ntwo\rthree\n\r" * n, 150),
}


def _parse_time(fmt: str, text: str) -> float:
    best = float("inf")
    for _ in range(3):  # the fastest of three: a stall elsewhere on the machine is not the parser
        start = time.perf_counter()
        parse_source(Source(text, "p", fmt))  # type: ignore[arg-type]
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("name", list(SHAPES))
def test_parsing_is_linear(name: str) -> None:
    fmt, make, n = SHAPES[name]
    small = max(_parse_time(fmt, make(n)), 1e-3)  # below a millisecond, timer noise dominates
    large = _parse_time(fmt, make(8 * n))
    assert large / small < RATIO, f"{name}: {small:.4f}s at N, {large:.4f}s at 8N"


SENTENCE_SHAPES: dict[str, Callable[[int], str]] = {
    "abbreviations": lambda n: "e.g. Inc. U.S.A. " * n,
    "full stops": lambda n: ". " * n,
    "short capitalised lines": lambda n: "Ab\nCd\n" * n,
    "CR/CRLF breaks": lambda n: "a.\r\rB\r\n" * n,
    "one long sentence": lambda n: "word " * n,
}


@pytest.mark.parametrize("name", list(SENTENCE_SHAPES))
def test_sentence_splitting_is_linear(name: str) -> None:
    make = SENTENCE_SHAPES[name]

    def timed(text: str) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            split_sentences(text)
            best = min(best, time.perf_counter() - start)
        return best

    small = max(timed(make(4000)), 1e-3)
    large = timed(make(32000))
    assert large / small < RATIO, f"{name}: {small:.4f}s at N, {large:.4f}s at 8N"
