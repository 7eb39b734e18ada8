"""Page regions around the main content: site header, footer, sidebars, dialogs and cookie banners.

A policy saved from, or fetched off, a website sits inside the site's page: a header with the logo
and a slogan, a footer with the copyright and a dozen links, a cookie banner ("We use cookies to give
you the best experience ... Accept"). Their text reads like prose and can satisfy a rule, so the HTML
parser records which such region each block sits in (:attr:`RawBlock.region`), and boilerplate
removal (:mod:`.boilerplate`) drops those blocks. Nothing is dropped here: this only names regions.

The regions follow the ARIA landmarks that browsers and screen readers derive from the markup: an
explicit ``role`` (``banner``, ``contentinfo``, ``complementary``, ``dialog``) anywhere, and ``<header>``,
``<footer>`` and ``<aside>`` only when no ``<article>``, ``<main>`` or ``<section>`` is open around them
(inside one, a ``<header>`` is the article's own title block, not the site's, as in HTML-AAM). Cookie
consent banners rarely carry a role, so an element whose ``id`` or ``class`` names a cookie or consent
banner, bar, popup or dialog (or a common consent manager's) is one as well. A name is not enough that
could be the policy itself: ``cookie-policy``, ``cookie-notice``, ``ccpa-notice``, ``cmp-text`` (a
page builder's "component"), the cookie tables consent managers render *into* a cookie policy.
A misread region cannot take the policy with it: see :func:`~.boilerplate.boilerplate_mask`.
"""

from __future__ import annotations

import re

__all__ = ["SECTIONING", "region_of"]

#: Elements that make a ``<header>``/``<footer>``/``<aside>`` inside them part of the content.
SECTIONING = frozenset({"article", "main", "section"})
_ROLES = {
    "banner": "header",
    "contentinfo": "footer",
    "complementary": "aside",
    "dialog": "dialog",
    "alertdialog": "dialog",
}
_TAGS = {"header": "header", "footer": "footer", "aside": "aside"}
_CONSENT_RE = re.compile(
    r"(?<![a-z])(?:cookie|consent|gdpr)s?[-_]?(?:(?:law[-_]?info|notice|info|consent)[-_]?)?"
    r"(?:banner|bar|popup|pop[-_]up|modal|dialog|overlay|confirmation|consent)(?![a-z])"
    r"|onetrust-(?:consent-sdk|banner)|cookiebot|cookieyes|cky-consent|truste-consent|qc-cmp2?-ui"
    r"|usercentrics|didomi-host|osano-cm",
    re.IGNORECASE,
)


def region_of(tag: str, attrs: list[tuple[str, str | None]], in_sectioning: bool) -> str:
    """The region an element starts ("header", "footer", "aside", "dialog", "cookie"), or ""."""
    role = ""
    names = ""
    for k, v in attrs:
        if not v:
            continue
        k = k.lower()
        if k == "role":
            role = v.strip().lower()
        elif k in ("id", "class"):
            names += " " + v
    if role in _ROLES:
        return _ROLES[role]
    if tag == "dialog":
        return "dialog"
    if tag in _TAGS and not in_sectioning:
        return _TAGS[tag]
    if names and _CONSENT_RE.search(names):
        return "cookie"
    return ""
