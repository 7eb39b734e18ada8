"""Synthetic policy pages for the web tests: a bare policy, and the same policy inside a site's page.

Written for these tests (no corpus text). The site around the policy says things a rule would take
as disclosures (a cookie banner on consent and withdrawing it, a footer with a contact address and a
"we share with partners" teaser), so a test can tell whether the boilerplate was dropped.
"""

from __future__ import annotations

import html

POLICY_PARAGRAPHS = [
    ("h1", "Privacy Policy"),
    ("p", "Last updated: 2 February 2025"),
    ("h2", "Who we are"),
    (
        "p",
        "Quillfeather Studio Ltd, 12 Harbour Lane, Bristol BS1 4XX, United Kingdom, is the controller "
        "of the personal data described in this policy. You can reach us at privacy@quillfeather.example.",
    ),
    ("h2", "What we collect and why"),
    (
        "p",
        "We collect your name, email address and order history in order to deliver the sketchbooks you "
        "buy from us and to answer your questions. We process this data because it is necessary to perform "
        "our contract with you.",
    ),
    ("h2", "How long we keep it"),
    (
        "p",
        "We keep order records for six years after the end of the financial year in which the order was "
        "placed, because tax law requires it, and then delete them.",
    ),
    ("h2", "Your rights"),
    (
        "p",
        "You have the right to request access to the personal data we hold about you, and to ask us to "
        "correct it or to delete it.",
    ),
]

BANNER = (
    '<div id="cookie-banner" class="cookie-consent-banner"><p>We and our advertising partners use cookies '
    "and similar technologies to analyse traffic and personalise ads, and we share information about your "
    "use of our site with our social media and analytics partners. You can withdraw your consent at any "
    "time from the cookie settings, and you have the right to object to profiling.</p>"
    "<button>Accept all</button><button>Reject</button></div>"
)
HEADER = (
    '<header class="site-header"><div class="logo">Quillfeather</div>'
    "<p>Hand-bound sketchbooks for people who draw every day. Free shipping on orders over 40 pounds!</p>"
    '<nav><a href="/">Home</a> <a href="/shop">Shop</a> <a href="/about">About</a></nav></header>'
)
FOOTER = (
    "<footer><h3>Company</h3><ul><li><a href='/about'>About us</a></li><li><a href='/careers'>Careers</a>"
    "</li><li><a href='/press'>Press</a></li></ul><p>Our data protection officer can be reached at "
    "dpo@quillfeather.example. You may lodge a complaint with the Information Commissioner's Office.</p>"
    "<p>© 2025 Quillfeather Studio Ltd. All rights reserved.</p></footer>"
)
# A footer without semantic elements: only its links, copyright line and position give it away.
DIV_FOOTER = (
    "<div class='bottom'><div><a href='/about'>About us</a></div><div><a href='/careers'>Careers</a></div>"
    "<div><a href='/press'>Press</a></div><div><a href='/blog'>Blog</a></div>"
    "<div><a href='/partners'>Our partners and the recipients of our newsletter</a></div>"
    "<p>© 2025 Quillfeather Studio Ltd. Complaints? Write to the supervisory authority.</p></div>"
)


def policy_text() -> str:
    """The bare policy as plain text, one paragraph a block."""
    return "\n\n".join(text for _, text in POLICY_PARAGRAPHS) + "\n"


def policy_html() -> str:
    return "\n".join(f"<{tag}>{html.escape(text)}</{tag}>" for tag, text in POLICY_PARAGRAPHS)


def site_page(*, semantic: bool = True) -> str:
    """The policy inside a site's page: header, menu, cookie banner, footer."""
    footer = FOOTER if semantic else DIV_FOOTER
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Privacy | Quillfeather</title>"
        "<style>.x{}</style></head><body>"
        f"{HEADER}{BANNER}<main><article>{policy_html()}</article></main>{footer}"
        "<script>console.log('analytics')</script></body></html>"
    )
