"""Web addresses: with a scheme, starting "www.", or a bare host followed by a path ("example.com/privacy").

A bare host without a path ("we run example.com") is not reported: too many product names and file names
share the shape.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import EntityKind
from ._base import LABEL, Found, back

# Anchors: the ":" of "://", the "." of "www.", and the "." of a top-level domain followed by a path.
_URL_ANCHOR_RE = re.compile(r"[:.](?:(?<=:)//(?P<scheme>)|(?<=[wW]{3}\.)(?P<www>)|(?<=\.)[A-Za-z]{2,24}/)")
_SCHEME_RE = re.compile(r"(?<![\w.\-])(?:[Hh][Tt][Tt][Pp][Ss]?|[Ff][Tt][Pp])\Z")
_BARE_HOST_RE = re.compile(r"(?<![\w@.\-/])" + LABEL + r"(?:\.[A-Za-z0-9\-]{1,63}){0,5}\Z")
_URL_BODY_RE = re.compile(r"[^\s<>\"'`“”‘’|\\^{}\[\]]*")
_WWW_HOST_RE = re.compile(r"[wW]{3}\." + LABEL + r"(?:\.[A-Za-z0-9\-]{1,63}){0,5}\.[A-Za-z]{2,24}(?![\w\-])")
_TRAILING = frozenset(".,;:!?*_'\"»")


def _trim_url(url: str) -> str:
    """Drop sentence punctuation and unbalanced closing brackets that belong to the prose around."""
    while url:
        last = url[-1]
        if (
            last in _TRAILING
            or (last == ")" and url.count(")") > url.count("("))
            or (last == "]" and url.count("]") > url.count("["))
        ):
            url = url[:-1]
        else:
            break
    return url


def urls(text: str) -> Iterator[Found]:
    """Every web address in ``text``; the value is the address as written, trailing punctuation cut."""
    done = 0
    for m in _URL_ANCHOR_RE.finditer(text):
        i = m.start()
        if i < done:
            continue
        if m.group("scheme") is not None:
            scheme = _SCHEME_RE.search(text, max(0, i - 5), i)
            if scheme is None:
                continue
            start = scheme.start()
        elif m.group("www") is not None:
            start = i - 3
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_@.-/"):
                continue
        else:
            host = _BARE_HOST_RE.search(text, back(text, i, 320, " \t\n<>\"'("), i)
            if host is None:
                continue
            start = host.start()
        body = _URL_BODY_RE.match(text, start)
        assert body is not None  # the body pattern matches the empty string
        url = _trim_url(body.group())
        if m.group("scheme") is not None:
            if not any(c.isalnum() for c in url[i - start + 3 : i - start + 4]):
                continue
        elif m.group("www") is not None and _WWW_HOST_RE.match(url) is None:
            continue
        done = start + len(url)
        yield (EntityKind.URL, start, done, url)
