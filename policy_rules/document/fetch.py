"""Fetching a policy that is only on the website: ``http(s)://`` URLs to a :class:`~.source.Source`.

The HTTP client is ``requests``: maintained, everywhere already (mkdocs-material, pip's own vendored
copy), with connect and read timeouts, streamed bodies and TLS verification against certifi. It has no
overall deadline and follows redirects without saying where they went, so both are done here:

- every request gets what is left of one deadline (``timeout`` seconds for the whole fetch, redirects
  included) as its connect and read timeout, and the body is read in chunks with the deadline checked
  between them, so a server dribbling one byte at a time ends too (within one read timeout of the
  deadline; name resolution, done by the OS, is outside the socket timeouts);
- redirects are followed by hand, at most :data:`MAX_REDIRECTS`, a loop is named as one, only to
  ``http(s)`` URLs, and each hop is kept so the caller can report where the page came from;
- the body is streamed and refused as soon as it passes ``max_size`` bytes (a ``Content-Length``
  over the limit is refused before any is read); the limit counts decoded bytes, so a compressed
  response cannot expand past it;
- only text a policy can be in is accepted (HTML, XHTML, plain text, Markdown); a charset in the
  ``Content-Type`` is honoured, else a byte-order mark or an HTML ``<meta charset>``, else UTF-8.

Every failure (bad URL, DNS, refused connection, TLS, timeout, HTTP 4xx/5xx, wrong type, too large,
undecodable) is an :class:`~policy_rules.errors.InputError` naming the URL, exit status 2 on the
command line.
"""

from __future__ import annotations

import codecs
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from .. import __version__
from ..bounded_read import describe_size
from ..errors import InputError
from .loading import DEFAULT_MAX_SIZE, read_source
from .source import Source, SourceFormat

if TYPE_CHECKING:
    import requests

__all__ = ["DEFAULT_TIMEOUT", "MAX_REDIRECTS", "USER_AGENT", "FetchedPage", "fetch_url", "is_url"]

#: Seconds for the whole fetch, redirects included.
DEFAULT_TIMEOUT = 30.0
MAX_REDIRECTS = 10
USER_AGENT = f"policy-rules/{__version__} (privacy policy linter; +https://pypi.org/project/policy-rules/)"
_ACCEPT = "text/html, application/xhtml+xml, text/plain;q=0.9, text/markdown;q=0.9, */*;q=0.1"
_TYPES: dict[str, SourceFormat] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
}
_CHUNK = 65536
_META_PROBE = 1024
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_URL_RE = re.compile(r"https?://", re.IGNORECASE)
_SIZE_HINT = "pass --max-size MB to fetch it anyway (max_size=None in Python: no limit)"


def is_url(candidate: str) -> bool:
    """Whether a command-line argument or API string is an ``http://`` or ``https://`` URL."""
    return bool(_URL_RE.match(candidate)) and not any(c.isspace() for c in candidate)


@dataclass(frozen=True)
class FetchedPage:
    """A fetched policy: its :class:`Source` (``path`` is the URL asked for), where it ended up, how."""

    url: str
    final_url: str
    redirects: tuple[str, ...]
    content_type: str
    charset: str | None
    source: Source


class _Deadline:
    def __init__(self, url: str, seconds: float) -> None:
        self.url = url
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise self.expired()
        return left

    def expired(self) -> InputError:
        return InputError(f"timed out after {self.seconds:g} s (--timeout SECONDS)", path=self.url)


def _check_url(url: str, shown: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise InputError(f"not an http(s) URL: {url}", path=shown)
    if not parts.hostname:
        raise InputError("URL has no host name", path=shown)


def _network_error(exc: Exception, url: str, deadline: _Deadline) -> InputError:
    """A one-line reason for a failed request: DNS, refused, TLS, timeout, or the client's own words."""
    import requests

    chain: list[BaseException] = []
    e: BaseException | None = exc
    while e is not None and len(chain) < 8:
        chain.append(e)
        e = (
            e.__cause__
            or e.__context__
            or (e.args[0] if e.args and isinstance(e.args[0], BaseException) else None)
        )
    text = " ".join(str(x) for x in chain)
    host = urlsplit(url).hostname or url
    if isinstance(exc, requests.exceptions.SSLError):
        reason = re.search(r"\[SSL[^\]]*\][^()']*|certificate verify failed[^()']*", text)
        return InputError(
            f"TLS error talking to {host}: {(reason.group() if reason else 'handshake failed').strip()}",
            path=url,
        )
    if isinstance(exc, requests.exceptions.Timeout) or "timed out" in text:
        return deadline.expired()
    if re.search(
        r"Name or service not known|nodename nor servname|getaddrinfo failed|NameResolution|"
        r"Temporary failure in name resolution|No address associated",
        text,
    ):
        return InputError(f"cannot resolve host name {host}", path=url)
    if re.search(r"Connection refused|Errno 111|WinError 10061", text):
        return InputError(f"connection refused by {host}", path=url)
    if isinstance(exc, (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError)):
        return InputError("the server sent a broken response body", path=url)
    if isinstance(exc, requests.exceptions.InvalidURL):
        return InputError(f"invalid URL: {exc}", path=url)
    return InputError(f"cannot fetch: {type(exc).__name__}", path=url)


def _media_type(header: str | None) -> tuple[str, str | None]:
    if not header:
        return "", None
    from email.message import Message  # the header grammar; imported for URLs only

    msg = Message()
    msg["content-type"] = header
    charset = msg.get_param("charset")
    return msg.get_content_type().lower(), (charset.strip() if isinstance(charset, str) else None)


def _get(session: requests.Session, url: str, deadline: _Deadline) -> requests.Response:
    """One request; an error names the URL asked for (``deadline.url``) and the hop that failed."""
    import requests

    left = deadline.left()
    try:
        return session.get(url, stream=True, allow_redirects=False, timeout=(left, left))
    except requests.exceptions.RequestException as exc:
        error = _network_error(exc, url, deadline)
        if url != deadline.url:
            error = InputError(f"{error.message} (redirected to {url})", path=deadline.url)
        raise error from None


def _follow(session: requests.Session, url: str, deadline: _Deadline) -> tuple[requests.Response, list[str]]:
    """The final response and the URLs redirected to on the way (a loop or too many is an error)."""
    seen = {url}
    hops: list[str] = []
    current = url
    while True:
        response = _get(session, current, deadline)
        if not response.is_redirect:
            return response, hops
        response.close()
        target = urljoin(current, response.headers.get("location", "").strip())
        _check_url(target, url)
        if target in seen:
            raise InputError(f"redirect loop: {' -> '.join([current, target])}", path=url)
        if len(hops) >= MAX_REDIRECTS:
            raise InputError(f"more than {MAX_REDIRECTS} redirects (last to {target})", path=url)
        seen.add(target)
        hops.append(target)
        current = target


def _read_body(response: requests.Response, url: str, max_size: int | None, deadline: _Deadline) -> bytes:
    import requests

    length = response.headers.get("content-length", "")
    if max_size is not None and length.isdigit() and int(length) > max_size:
        raise InputError(
            f"page is {describe_size(int(length))}, over the {describe_size(max_size)} limit; {_SIZE_HINT}",
            path=url,
        )
    chunks: list[bytes] = []
    total = 0
    try:
        for chunk in response.iter_content(_CHUNK):
            total += len(chunk)
            if max_size is not None and total > max_size:
                raise InputError(f"page is over the {describe_size(max_size)} limit; {_SIZE_HINT}", path=url)
            chunks.append(chunk)
            deadline.left()
    except requests.exceptions.RequestException as exc:
        raise _network_error(exc, url, deadline) from None
    finally:
        response.close()
    return b"".join(chunks)


def _decode(data: bytes, charset: str | None, fmt: SourceFormat | None, url: str) -> Source:
    """The page text: a BOM wins, then the header's charset, then an HTML ``<meta charset>``, else UTF-8
    (through :func:`~.loading.read_source`, which reports an undecodable byte by line and column)."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        charset = None
    elif charset is None and fmt in (None, "html"):
        m = _META_CHARSET_RE.search(data[:_META_PROBE])
        charset = m.group(1).decode("ascii") if m else None
    if charset is not None:
        try:
            codec = codecs.lookup(charset).name
        except LookupError:
            raise InputError(f"unknown charset {charset!r} in the server's Content-Type", path=url) from None
        if codec not in ("utf-8", "ascii"):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as e:
                raise InputError(f"not valid {charset} text (byte offset {e.start})", path=url) from None
            return read_source(text=text, name=url, format=fmt)
    return read_source(data=data, name=url, format=fmt)


def fetch_url(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_size: int | None = DEFAULT_MAX_SIZE,
    format: SourceFormat | None = None,
) -> FetchedPage:
    """Fetch a policy page. ``timeout`` bounds the whole fetch in seconds, ``max_size`` the body in
    bytes (``None``: no limit); ``format`` overrides the one the ``Content-Type`` implies."""
    import requests

    _check_url(url, url)
    if not timeout > 0:
        raise InputError(f"timeout must be a positive number of seconds, not {timeout!r}", path=url)
    deadline = _Deadline(url, timeout)
    with requests.Session() as session:
        session.headers.update({"User-Agent": USER_AGENT, "Accept": _ACCEPT})
        response, hops = _follow(session, url, deadline)
        final = hops[-1] if hops else url
        if response.status_code >= 400:
            response.close()
            where = f" (after redirect to {final})" if hops else ""
            raise InputError(
                f"HTTP {response.status_code} {response.reason or ''}".rstrip() + where, path=url
            )
        media, charset = _media_type(response.headers.get("content-type"))
        if media and media not in _TYPES:
            response.close()
            accepted = "text/html, text/plain or text/markdown"
            raise InputError(f"content type {media} is not a policy page ({accepted})", path=url)
        data = _read_body(response, url, max_size, deadline)
    source = _decode(data, charset, format or _TYPES.get(media), url)
    return FetchedPage(url, final, tuple(hops), media, charset, source)
