"""Matcher semantics: scopes, combinators, negation, headings, entities."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from one_rule import run

from policy_rules import check, load_policy, load_ruleset
from policy_rules.engine.evidence import MAX_EVIDENCE
from policy_rules.rules.combinators import _innermost


def test_terms_pass_with_sentence_evidence(write) -> None:  # type: ignore[no-untyped-def]
    f = run(
        write, {"terms": ["erasure"]}, "Intro text here. You have a right to erasure of data. Other text."
    )
    assert f.outcome.value == "pass"
    assert [e.text for e in f.evidence] == ["You have a right to erasure of data."]


def test_negated_occurrence_does_not_count(write) -> None:  # type: ignore[no-untyped-def]
    assert run(write, {"terms": ["sell"]}, "We do not sell your data.").outcome.value == "missing"
    assert (
        run(write, {"terms": ["sell"], "negated": True}, "We do not sell your data.").outcome.value == "pass"
    )
    assert (
        run(write, {"terms": ["sell"], "negated": "any"}, "We do not sell your data.").outcome.value == "pass"
    )


def test_all_in_sentence_scope(write) -> None:  # type: ignore[no-untyped-def]
    expect = {"all": [{"terms": ["withdraw"]}, {"terms": ["consent"]}]}
    assert run(write, expect, "You may withdraw consent at any time.").outcome.value == "pass"
    assert run(write, expect, "You may withdraw money. We ask for consent.").outcome.value == "missing"


def test_all_in_block_and_document_scope(write) -> None:  # type: ignore[no-untyped-def]
    text = "You may withdraw money. We ask for consent.\n\nUnrelated paragraph."
    block = {"all": [{"terms": ["withdraw"]}, {"terms": ["consent"]}], "scope": "block"}
    assert run(write, block, text).outcome.value == "pass"
    split = "You may withdraw money.\n\nWe ask for consent."
    assert run(write, block, split).outcome.value == "missing"
    doc = {"all": [{"terms": ["withdraw"]}, {"terms": ["consent"]}], "scope": "document"}
    assert run(write, doc, split).outcome.value == "pass"


def test_section_scope_and_heading_constraint(write) -> None:  # type: ignore[no-untyped-def]
    md = "# Your rights\n\n- Erasure\n- Access\n\n# Cookies\n\nWe use cookies for access control.\n"
    under = {"all": [{"heading": {"terms": ["rights"]}}, {"terms": ["access"]}]}
    f = run(write, under, md, "markdown")
    assert f.outcome.value == "pass"
    assert [e.text for e in f.evidence] == ["Access"]
    not_under = {"all": [{"heading": {"terms": ["privacy"]}}, {"terms": ["access"]}]}
    assert run(write, not_under, md, "markdown").outcome.value == "missing"
    section = {"all": [{"terms": ["erasure"]}, {"terms": ["access"]}], "scope": "section"}
    assert run(write, section, md, "markdown").outcome.value == "pass"


def test_heading_text_alone_is_not_evidence(write) -> None:  # type: ignore[no-untyped-def]
    md = "# Right to erasure\n\nSee below.\n"
    assert run(write, {"terms": ["erasure"]}, md, "markdown").outcome.value == "missing"
    assert run(write, {"terms": ["erasure"], "in_headings": True}, md, "markdown").outcome.value == "pass"


def test_not_inside_all(write) -> None:  # type: ignore[no-untyped-def]
    expect = {"all": [{"terms": ["fee"]}, {"not": {"terms": ["excessive"]}}]}
    assert run(write, expect, "A fee applies to requests.").outcome.value == "pass"
    assert run(write, expect, "A fee applies to excessive requests.").outcome.value == "missing"


def test_any_and_entities(write) -> None:  # type: ignore[no-untyped-def]
    expect = {"any": [{"entity": "email"}, {"entity": "phone"}]}
    f = run(write, expect, "Write to privacy@example.org for help.")
    assert f.outcome.value == "pass"
    assert "privacy@example.org" in f.evidence[0].text
    assert run(write, expect, "Contact us.").outcome.value == "missing"


def test_user_regex(write) -> None:  # type: ignore[no-untyped-def]
    expect = {"regex": r"article\s+6\(1\)\([a-f]\)"}
    assert run(write, expect, "We rely on Article 6(1)(b) GDPR.").outcome.value == "pass"
    cased = {"regex": "GDPR", "case_sensitive": True}
    assert run(write, cased, "the gdpr applies").outcome.value == "missing"


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_evidence_slices_the_original_file(write, fmt: str) -> None:  # type: ignore[no-untyped-def]
    text = (
        "## Rights\n\nYou may **request erasure** of your data.\n"
        if fmt == "markdown"
        else "<h2>Rights</h2>\n<p>You may <b>request erasure</b> of your data.</p>\n"
    )
    document = load_policy(text, format=fmt)  # type: ignore[arg-type]
    f = run(write, {"terms": ["erasure"]}, text, fmt)
    assert f.outcome.value == "pass"
    e = f.evidence[0]
    assert document.source.text[e.span.start : e.span.end] == e.text
    assert e.span.line == (3 if fmt == "markdown" else 2)
    assert "erasure" in e.text


def _innermost_by_definition(units: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    return [u for u in units if not any(o != u and u[1] <= o[1] and o[2] <= u[2] for o in units)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8)), max_size=10))
def test_innermost_sections_match_their_definition(ranges: list[tuple[int, int]]) -> None:
    units = [(section, min(a, b), max(a, b)) for section, (a, b) in enumerate(ranges)]
    assert sorted(_innermost(units)) == sorted(_innermost_by_definition(units))


def test_section_scope_is_linear_in_the_number_of_sections(write) -> None:  # type: ignore[no-untyped-def]
    expect = {"all": [{"terms": ["officer"]}, {"entity": "email"}], "scope": "section"}
    rule = {"id": "t.rule", "title": "T", "citation": "c", "severity": "error", "expect": expect}
    ruleset = load_ruleset(
        write("t.yaml", json.dumps({"id": "t", "title": "t", "version": "1", "rules": [rule]}))
    )

    def seconds(sections: int) -> float:
        text = "".join(f"## Contact {i}\n\nOur officer: dpo{i}@example.com\n\n" for i in range(sections))
        document = load_policy(text, format="markdown")
        started = time.process_time()
        f = check(document, ruleset, evaluation_date=dt.date(2026, 1, 1)).findings[0]
        elapsed = time.process_time() - started
        assert f.outcome.value == "pass" and len(f.evidence) == MAX_EVIDENCE
        return elapsed

    for _ in range(3):  # a quadratic fails every attempt, a pause of the machine only one
        small, large = seconds(300), seconds(2400)
        if large < 30 * max(small, 0.005):
            return
    raise AssertionError(f"{large:.3f}s for 2,400 sections against {small:.3f}s for 300")
