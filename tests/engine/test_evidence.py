"""Which spans a finding cites: the best ones, not the first ones."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from policy_rules import check, load_policy, load_ruleset
from policy_rules.engine.evidence import MAX_EVIDENCE
from policy_rules.engine.findings import Finding


def ruleset(write, **rule: Any):  # type: ignore[no-untyped-def]
    base = {"id": "t.rule", "title": "T", "citation": "c", "severity": "error"}
    data = {"id": "t", "title": "t", "version": "1", "rules": [{**base, **rule}]}
    return load_ruleset(write("t.yaml", json.dumps(data)))


def finding(rs, text: str, fmt: str = "markdown") -> Finding:  # type: ignore[no-untyped-def]
    return check(load_policy(text, format=fmt), rs, evaluation_date=dt.date(2026, 1, 1)).findings[0]


def _sharing_ruleset():  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.yaml"
        return ruleset(
            lambda name, text: (path.write_text(text), path)[1], expect={"terms": ["share", "sharing"]}
        )


SHARING = _sharing_ruleset()


def quotes(f: Finding) -> list[str]:
    return [e.text for e in f.evidence]


def test_statements_before_glossary_entries_and_questions(write) -> None:  # type: ignore[no-untyped-def]
    rs = ruleset(write, expect={"terms": ["processor", "processors"]})
    text = (
        "## Definitions\n\nWe list terms here. Our processors are listed later.\n\n"
        "## About\n\nProcessor means a company that handles data for us.\n\n"
        "Who are our processors?\n\n"
        "## Sharing\n\nWe use a payment processor in Ireland.\n"
    )
    assert quotes(finding(rs, text))[0] == "We use a payment processor in Ireland."


def test_the_section_where_the_disclosure_belongs_comes_first(write) -> None:  # type: ignore[no-untyped-def]
    rs = ruleset(write, expect={"terms": ["delete"]}, belongs_under={"terms": ["your rights"]})
    text = (
        "## Cookies\n\nYou can delete cookies in your browser.\n\n"
        "## Your rights\n\nYou can ask us to delete your account data.\n"
    )
    assert quotes(finding(rs, text)) == [
        "You can ask us to delete your account data.",
        "You can delete cookies in your browser.",
    ]


def test_a_more_specific_match_comes_before_a_generic_one(write) -> None:  # type: ignore[no-untyped-def]
    rs = ruleset(write, expect={"terms": ["partners", "advertising partners and analytics providers"]})
    text = "Our partners help us.\n\nWe work with advertising partners and analytics providers.\n"
    assert (
        quotes(finding(rs, text, "text"))[0] == "We work with advertising partners and analytics providers."
    )


def test_one_span_per_block_before_a_second_from_the_same_block(write) -> None:  # type: ignore[no-untyped-def]
    rs = ruleset(write, expect={"terms": ["share"]})
    text = "We share data with Alpha. We share data with Beta.\n\nWe share data with Gamma.\n"
    assert quotes(finding(rs, text, "text")) == [
        "We share data with Alpha.",
        "We share data with Gamma.",
        "We share data with Beta.",
    ]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(["We share data.", "## Sharing", "Sharing means giving.", "Do we share?"]),
                min_size=1, max_size=12))  # fmt: skip
def test_evidence_is_bounded_unique_and_slices_the_source(pieces: list[str]) -> None:
    rs = SHARING
    text = "\n\n".join(pieces) + "\n"
    f = finding(rs, text)
    assert len(f.evidence) <= MAX_EVIDENCE
    if "We share data." in pieces:  # the one real statement is always cited first
        assert f.evidence[0].text == "We share data."
    assert len({(e.span.start, e.span.end) for e in f.evidence}) == len(f.evidence)
    for e in f.evidence:
        assert text[e.span.start : e.span.end] == e.text
