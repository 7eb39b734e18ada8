"""HTML ``<a href>`` targets are URL and e-mail entities, as Markdown links are (synthetic snippets)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from policy_rules import EntityKind, load_policy


def _links(text: str, fmt: str = "html") -> list[tuple[EntityKind, str, str | None, str]]:
    doc = load_policy(text, format=fmt)  # type: ignore[arg-type]
    return [
        (e.kind, e.text, e.value, text[e.span.start : e.span.end])
        for e in doc.entities
        if e.kind in (EntityKind.URL, EntityKind.EMAIL)
    ]


def test_the_entity_is_the_visible_link_text_carrying_the_target() -> None:
    text = '<p>Read our <a class="x" href="https://shop.example/cookies">cookie policy</a>.</p>'
    assert _links(text) == [
        (EntityKind.URL, "cookie policy", "https://shop.example/cookies", "cookie policy")
    ]


def test_markup_inside_the_link_stays_in_the_span_not_the_text() -> None:
    text = '<p>See the <a href="https://shop.example/c"><b>cookie</b>\n  policy</a> now.</p>'
    [(kind, shown, value, quoted)] = _links(text)
    assert (kind, shown, value) == (EntityKind.URL, "cookie policy", "https://shop.example/c")
    assert quoted == "cookie</b>\n  policy"


def test_mailto_and_escaped_hrefs() -> None:
    text = '<p><a href="mailto:DPO@Shop.example?subject=x">write to us</a> or <a href="https://shop.example/?a=1&amp;b=2">this form</a>.</p>'
    assert [(k, t, v) for k, t, v, _ in _links(text)] == [
        (EntityKind.EMAIL, "write to us", "dpo@shop.example"),
        (EntityKind.URL, "this form", "https://shop.example/?a=1&b=2"),
    ]


def test_a_link_without_visible_text_gives_no_entity() -> None:
    assert _links('<p>Follow us <a href="https://social.example/shop"><img src="x.png"></a>.</p>') == []


def test_relative_links_resolve_only_against_a_base_href() -> None:
    body = '<p>Our <a href="cookies.html">cookie policy</a>, <a href="#top">top</a>, <a href="/terms">terms</a>.</p>'
    assert _links(body) == []
    page = f'<html><head><base href="https://shop.example/legal/"></head><body>{body}</body></html>'
    assert [(t, v) for _, t, v, _ in _links(page)] == [
        ("cookie policy", "https://shop.example/legal/cookies.html"),
        ("terms", "https://shop.example/terms"),
    ]
    # a base that is not an absolute web address resolves nothing
    assert _links(page.replace("https://shop.example/legal/", "/legal/")) == []


def test_a_malformed_base_or_href_is_left_as_written() -> None:
    page = '<html><head><base href="https://[shop.example/"></head><body><p><a href="x">x page</a>.</p></body></html>'
    assert load_policy(page, format="html").links[0].target == "x"  # urljoin raised "Invalid IPv6 URL"


# words joined by single spaces: HTML collapses runs of whitespace as a browser shows them, Markdown does not
_TEXT = st.lists(st.text(st.sampled_from("abcxyz"), min_size=1, max_size=5), min_size=1, max_size=3).map(
    " ".join
)
_TARGET = st.sampled_from(
    ["https://shop.example/cookies", "http://a.example/b?c=d", "mailto:team@shop.example", "/relative", "#anchor",
     "www.shop.example/page"]
)  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(_TEXT, _TARGET)
def test_markdown_and_html_links_give_the_same_entities(shown: str, target: str) -> None:
    markdown = _links(f"Read [{shown}]({target}) here.\n", "markdown")
    html = _links(f'<p>Read <a href="{target}">{shown}</a> here.</p>')
    assert [e[:3] for e in markdown] == [e[:3] for e in html]
    assert all(quoted == e_text for _, e_text, _, quoted in html)
