"""Markup that never closes is read as text, once, with exact spans (not rescanned to the end)."""

from __future__ import annotations

import pytest

from policy_rules.document import Source, parse_html
from policy_rules.document.html_guard import PLACEHOLDER, neutralize_unterminated


def blocks(text: str) -> list[tuple[str, str]]:
    """(plain text, the source it spans) of each block."""
    return [
        (b.text, text[b.textmap.source_start : b.textmap.source_end])
        for b in parse_html(Source(text, "p", "html"))
    ]


def test_closed_markup_is_fed_unchanged() -> None:
    text = "<p title='a>b'>We <b>collect</b> data.<!-- note --><![CDATA[x]]></p>"
    assert neutralize_unterminated(text) is text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<p>a</p><b <b x", f"<p>a</p>{PLACEHOLDER}b {PLACEHOLDER}b x"),
        ("<!-- a --><p>b</p><!-- c <p>d</p>", f"<!-- a --><p>b</p>{PLACEHOLDER}!-- c <p>d</p>"),
        ("<!-->x<![CDATA[x]]><![CDATA[ y >", f"<!-->x<![CDATA[x]]>{PLACEHOLDER}![CDATA[ y >"),
    ],
)
def test_only_hopeless_openers_are_replaced_and_lengths_are_kept(text: str, expected: str) -> None:
    out = neutralize_unterminated(text)
    assert out == expected and len(out) == len(text)


def test_unclosed_tags_at_the_end_are_text_with_exact_spans() -> None:
    assert blocks("<p>We collect data.</p><b <b x") == [
        ("We collect data.", "We collect data."),
        ("<b <b x", "<b <b x"),
    ]


def test_an_unclosed_comment_does_not_swallow_the_policy() -> None:
    assert blocks("<!-- open <p>We collect data.</p>") == [
        ("<!-- open", "<!-- open"),
        ("We collect data.", "We collect data."),
    ]


def test_tags_whose_quotes_swallow_the_rest_are_recovered_a_bounded_number_of_times() -> None:
    # Each "<p title='>'" opens a quote that the next one closes, so every tag runs to the end of the
    # input: the tokenizer can complete none of them, and the stdlib retried each one (quadratic).
    tail = "<p title='>'" * 50 + " tail"
    assert blocks("<p>Intro.</p>" + tail) == [("Intro.", "Intro."), (tail, tail)]
