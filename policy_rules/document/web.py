"""Web pages as policies: :func:`load_url`, and parsing an HTML source with its boilerplate dropped.

Kept apart from :func:`~.loading.load_policy` on purpose: a string given to ``load_policy`` is a path
or a policy text, never a request to the network. Fetching is asked for by name, ``load_url``.
"""

from __future__ import annotations

from ..gc_pause import collector_paused
from .boilerplate import strip_boilerplate
from .builder import build_document
from .fetch import DEFAULT_TIMEOUT, FetchedPage, fetch_url
from .html_parser import parse_html
from .loading import DEFAULT_MAX_SIZE, parse_source
from .model import PolicyDocument
from .source import Source, SourceFormat

__all__ = ["load_url", "parse_page", "parse_source_stripped"]


def parse_source_stripped(source: Source) -> PolicyDocument:
    """Like :func:`~.loading.parse_source`, but an HTML source loses its boilerplate blocks first
    (:mod:`.boilerplate`); other formats are parsed as they are. Spans still index ``source.text``."""
    if source.format != "html":
        return parse_source(source)
    with collector_paused():  # as parse_source: many long-lived objects, no cycles
        return build_document(source, strip_boilerplate(parse_html(source)))


def parse_page(page: FetchedPage, *, boilerplate: bool = True) -> PolicyDocument:
    """The document of a fetched page; ``boilerplate=False`` keeps the site's header, footer, banners."""
    return parse_source_stripped(page.source) if boilerplate else parse_source(page.source)


def load_url(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_size: int | None = DEFAULT_MAX_SIZE,
    format: SourceFormat | None = None,
    boilerplate: bool = True,
) -> PolicyDocument:
    """Fetch an ``http(s)`` policy page and parse it.

    ``timeout`` bounds the whole fetch (seconds, redirects included), ``max_size`` the body (bytes;
    ``None``: no limit); ``format`` overrides the one the server's ``Content-Type`` implies. An HTML
    page loses its navigation, site header and footer and cookie banners unless ``boilerplate`` is
    ``False``. ``document.source.path`` is ``url``; use :func:`~.fetch.fetch_url` and
    :func:`parse_page` to learn where redirects led. Every failure is an :class:`InputError`.
    """
    return parse_page(
        fetch_url(url, timeout=timeout, max_size=max_size, format=format), boilerplate=boilerplate
    )
