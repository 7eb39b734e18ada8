"""Fetching a policy page: load_url() and fetch_url() against a local server."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

import policy_rules
from policy_rules import InputError, check, load_policy, load_ruleset
from policy_rules.document.fetch import USER_AGENT, fetch_url, is_url
from policy_rules.document.web import load_url

from . import conftest
from .pages import policy_text, site_page

DATE = dt.date(2026, 1, 1)
FACTS = {"gdpr_applies": True}
_TAG_RE = re.compile(r"<[^>]*>")


@pytest.fixture(scope="module")
def rulesets() -> list[policy_rules.Ruleset]:
    return [load_ruleset(n) for n in ("gdpr", "ccpa-shine-the-light", "coppa")]


def outcomes(doc: policy_rules.PolicyDocument, rulesets: list[policy_rules.Ruleset]) -> dict[str, str]:
    report = check(doc, rulesets, evaluation_date=DATE, facts=FACTS)
    return {f.rule_id: f.outcome.value for f in report.findings}


def test_load_url_is_exported() -> None:
    assert policy_rules.load_url is load_url
    assert "load_url" in policy_rules.__all__


def test_site_page_gives_the_outcomes_of_the_bare_policy(server: str, rulesets: list) -> None:  # type: ignore[type-arg]
    bare = outcomes(load_policy(policy_text()), rulesets)
    fetched = outcomes(load_url(f"{server}/site"), rulesets)
    kept = outcomes(load_url(f"{server}/site", boilerplate=False), rulesets)
    assert fetched == bare
    # the site's banner and footer do say things rules take as disclosures: kept, they change outcomes
    changed = {r for r in bare if kept[r] != bare[r]}
    assert {"gdpr.art13.2.c.withdraw_consent", "gdpr.art13.1.b.dpo_contact"} <= changed


def test_page_without_semantic_markup_loses_its_menu_and_copyright(server: str, rulesets: list) -> None:  # type: ignore[type-arg]
    doc = load_url(f"{server}/site-divs")
    texts = [b.text for b in doc.blocks]
    assert not any("Careers" in t or "©" in t or "cookies" in t for t in texts)
    assert texts[0] == "Privacy Policy" and texts[-1].startswith("You have the right to request access")
    assert outcomes(doc, rulesets) == outcomes(load_policy(policy_text()), rulesets)


def test_spans_slice_the_fetched_html_exactly(server: str, rulesets: list) -> None:  # type: ignore[type-arg]
    page = fetch_url(f"{server}/site")
    assert page.source.text == site_page()
    doc = load_url(f"{server}/site")
    assert doc.source.text == site_page() and doc.source.path == f"{server}/site"
    for block in doc.blocks:
        raw = doc.source.text[block.span.start : block.span.end]
        assert " ".join(html.unescape(_TAG_RE.sub("", raw)).split()) == " ".join(block.text.split())
    report = check(doc, rulesets, evaluation_date=DATE, facts=FACTS)
    evidence = [e for f in report.findings for e in f.evidence]
    assert evidence
    for e in evidence:
        assert site_page()[e.span.start : e.span.end] == e.text


def test_plain_text_and_markdown_by_content_type(server: str) -> None:
    text = load_url(f"{server}/bare.txt")
    assert text.source.format == "text" and text.source.text == policy_text()
    assert load_url(f"{server}/policy.md").source.format == "markdown"
    assert load_url(f"{server}/bare.txt", format="markdown").source.format == "markdown"


def test_user_agent_names_policy_rules(server: str) -> None:
    load_url(f"{server}/bare.txt")
    assert conftest.SEEN_AGENTS[-1] == USER_AGENT
    assert USER_AGENT.startswith(f"policy-rules/{policy_rules.__version__}")


def test_redirects_are_followed_and_reported(server: str) -> None:
    page = fetch_url(f"{server}/old")
    assert page.url == f"{server}/old"
    assert page.redirects == (f"{server}/moved", f"{server}/site")
    assert page.final_url == f"{server}/site"
    assert page.source.path == f"{server}/old"  # reports name the URL asked for


def test_charset_from_header_and_meta(server: str) -> None:
    assert "électronique" in load_url(f"{server}/latin1").blocks[0].text
    assert load_url(f"{server}/meta-charset").blocks[0].text == "We won’t sell your data."


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/loop-a", "redirect loop"),
        ("/hop/0", "more than 10 redirects"),
        ("/to-ftp", "not an http(s) URL: ftp://"),
        ("/missing", "HTTP 404 Not Found"),
        ("/500", "HTTP 500 Internal Server Error"),
        ("/policy.pdf", "content type application/pdf is not a policy page"),
        ("/bad-utf8", "not valid UTF-8 text"),
        ("/empty", "empty"),
    ],
)
def test_bad_pages_are_input_errors_naming_the_url(server: str, path: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        load_url(server + path, timeout=5)
    assert info.value.path == server + path
    assert message in info.value.message


def test_slow_server_times_out(server: str) -> None:
    with pytest.raises(InputError, match="timed out") as info:
        load_url(f"{server}/slow", timeout=0.5)
    assert info.value.path == f"{server}/slow"


def test_dribbling_server_hits_the_overall_deadline(server: str) -> None:
    # every read succeeds within the timeout; only the deadline for the whole fetch ends it
    with pytest.raises(InputError, match=r"timed out after 0\.6 s"):
        load_url(f"{server}/drip", timeout=0.6)


@pytest.mark.parametrize("path", ["/big", "/big-declared"])
def test_oversized_body_is_refused(server: str, path: str) -> None:
    with pytest.raises(InputError, match="over the 50,000 bytes limit"):
        load_url(server + path, max_size=50_000)


def test_refused_connection(refused_url: str) -> None:
    with pytest.raises(InputError, match=r"connection refused by 127\.0\.0\.1") as info:
        load_url(refused_url, timeout=5)
    assert info.value.path == refused_url


@pytest.mark.parametrize("url", ["ftp://example.com/p", "http://", "file:///etc/passwd"])
def test_only_http_urls_with_a_host(url: str) -> None:
    with pytest.raises(InputError):
        load_url(url)


def test_is_url() -> None:
    assert is_url("https://example.com/privacy") and is_url("HTTP://example.com")
    assert not is_url("policy.html") and not is_url("http://a b") and not is_url("see https://x.y")


def test_load_policy_does_not_fetch_a_url_string() -> None:
    with pytest.raises(InputError, match="load_url"):
        load_policy("https://example.com/privacy")


def test_tls_error(server: str) -> None:
    url = server.replace("http://", "https://") + "/site"  # TLS to a plain-HTTP server
    with pytest.raises(InputError, match=r"TLS error talking to 127\.0\.0\.1") as info:
        load_url(url, timeout=5)
    assert info.value.path == url


def test_network_error_reasons() -> None:
    import requests

    from policy_rules.document.fetch import _Deadline, _network_error

    deadline = _Deadline("http://shop.example/privacy", 5)
    dns = requests.exceptions.ConnectionError(
        "Failed to resolve 'shop.example' ([Errno -2] Name or service not known)"
    )
    assert _network_error(dns, deadline.url, deadline).message == "cannot resolve host name shop.example"
    timeout = requests.exceptions.ReadTimeout("Read timed out. (read timeout=5)")
    assert _network_error(timeout, deadline.url, deadline).message.startswith("timed out after 5 s")
    other = requests.exceptions.TooManyRedirects("x")
    assert _network_error(other, deadline.url, deadline).message == "cannot fetch: TooManyRedirects"
