"""Boilerplate removal: which of the HTML parser's blocks are the site, and what is never dropped."""

from __future__ import annotations

from policy_rules.document import Source, parse_html
from policy_rules.document.boilerplate import boilerplate_mask, strip_boilerplate
from policy_rules.document.web import parse_source_stripped

PROSE = (
    "<p>We collect the email address you give us when you sign up, and we use it only to send you the "
    "newsletter you asked for and to answer your questions about your account.</p>"
)
MENU = "".join(f"<div><a href='/{w}'>{w.title()}</a></div>" for w in ("shop", "blog", "careers", "press"))


def kept(page: str) -> list[str]:
    return [b.text for b in strip_boilerplate(parse_html(Source(page, None, "html")))]


def test_regions_are_named_by_landmarks() -> None:
    page = (
        "<header><p>Acme</p></header><div role='dialog'><p>Settings</p></div><aside><p>Ad</p></aside>"
        "<div class='cookie-notice-bar'><p>Cookies!</p></div><main><header><h1>Privacy</h1></header>"
        f"{PROSE}<footer><p>Article footer</p></footer></main><footer><p>Site footer</p></footer>"
    )
    regions = {b.text: b.region for b in parse_html(Source(page, None, "html"))}
    assert (
        regions
        == {
            "Acme": "header",
            "Settings": "dialog",
            "Ad": "aside",
            "Cookies!": "cookie",
            "Privacy": "",  # an article's own header is content
            PROSE[3:-4]: "",
            "Article footer": "",
            "Site footer": "footer",
        }
    )


def test_names_that_may_be_the_policy_are_no_region() -> None:
    for name in ("cookie-policy", "cookie-notice", "ccpa-notice", "cmp-text", "ot-sdk-cookie-policy"):
        blocks = parse_html(Source(f"<div class='{name}'>{PROSE}</div>", None, "html"))
        assert blocks[0].region == "", name


def test_menus_and_copyright_around_the_content_go() -> None:
    page = f"{MENU}<h1>Privacy Policy</h1><p>Updated 1 May 2025</p>{PROSE}{MENU}<p>© 2025 Acme Ltd</p>"
    assert kept(page) == ["Privacy Policy", "Updated 1 May 2025", PROSE[3:-4]]


def test_closing_contact_lines_and_data_tables_are_kept() -> None:
    contact = (
        "<h2>Contact us</h2><ul><li>Acme Ltd</li><li>1 Main Street, Springfield</li>"
        "<li>Email: <a href='/contact'>email us</a></li><li><a href='mailto:p@acme.example'>p@acme.example</a></li></ul>"
    )
    table = (
        "<table><tr><th>Vendor</th><th>Policy</th></tr>"
        + "".join(
            f"<tr><td>V{i}</td><td><a href='https://v{i}.example/privacy'>https://v{i}.example/privacy</a></td></tr>"
            for i in range(5)
        )
        + "</table>"
    )
    page = f"<h1>Privacy</h1>{PROSE}{table}{contact}<footer>{MENU}</footer>"
    texts = kept(page)
    assert texts[-4:] == ["Acme Ltd", "1 Main Street, Springfield", "Email: email us", "p@acme.example"]
    assert "V4 | https://v4.example/privacy" in texts
    assert not any(t in texts for t in ("Shop", "Careers"))


def test_a_region_that_holds_the_policy_is_content() -> None:
    page = "<div role='dialog'><h1>Privacy</h1>" + PROSE * 3 + "</div><div class='cookie-banner'>Hi</div>"
    assert kept(page) == ["Privacy", *[PROSE[3:-4]] * 3]


def test_without_prose_only_regions_go() -> None:
    page = "<header><p>Acme</p></header><h1>Privacy</h1><p>We sell nothing.</p>"
    assert kept(page) == ["Privacy", "We sell nothing."]
    assert boilerplate_mask([]) == []


def test_other_languages_use_their_stop_words() -> None:
    prosa = (
        "<p>Wir verarbeiten Ihre E-Mail-Adresse nur, um Ihnen den Newsletter zu senden, den Sie bei uns "
        "bestellt haben, und um Ihre Fragen zu Ihrem Konto zu beantworten.</p>"
    )
    page = f"{MENU}<h1>Datenschutz</h1>{prosa}{MENU}"
    assert kept(page) == ["Datenschutz", prosa[3:-4]]


def test_site_header_prose_goes_its_title_stays_and_the_footer_continues_the_content() -> None:
    slogan = (
        "<p>Hand-made notebooks for people who write every single day, shipped to your door for free.</p>"
    )
    page = (
        f"<header>{slogan}<p>Privacy Policy</p><p>Updated 1 May 2025</p></header><main>{PROSE}</main>"
        f"<footer><p>Write to us at: Acme Ltd, 1 Main Street</p>{MENU}</footer>"
    )
    assert kept(page) == [
        "Privacy Policy",
        "Updated 1 May 2025",
        PROSE[3:-4],
        "Write to us at: Acme Ltd, 1 Main Street",
    ]


def test_stripped_document_keeps_spans_into_the_page() -> None:
    page = "<div id='gdpr-cookie-banner'><p>We use cookies.</p></div><h1>Privacy</h1>" + PROSE
    doc = parse_source_stripped(Source(page, "p.html", "html"))
    assert [b.text for b in doc.blocks] == ["Privacy", PROSE[3:-4]]
    assert all(page[b.span.start : b.span.end].endswith(b.text) or b.text in page for b in doc.blocks)
    assert page[doc.blocks[1].span.start : doc.blocks[1].span.end] == PROSE[3:-4]
