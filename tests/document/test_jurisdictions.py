"""Blocks know which jurisdiction they address, from headings and lead-ins."""

from __future__ import annotations

import json
from pathlib import Path

from policy_rules import load_policy
from policy_rules.document.jurisdictions import cues, known_jurisdictions, lead_in

POLICY = """# Privacy policy

We collect your e-mail address.

## Your California privacy rights

We respond to requests within 45 days.

### How to ask

Write to us.

## Your rights

You may access your data.

If you are located in the EEA or the UK, you may also object to processing.

For residents of Nevada:

- you may opt out of sales.
- you may ask us questions.

Other text.

## Notice to users in Canada

We answer within 30 days.
"""


def marks(text: str) -> list[tuple[str, list[str]]]:
    doc = load_policy(text, format="markdown")
    return [(b.text, sorted(doc.block_jurisdictions[b.index])) for b in doc.blocks]


def test_headings_lead_ins_and_lists() -> None:
    got = dict(marks(POLICY))
    assert got["We collect your e-mail address."] == []
    assert got["We respond to requests within 45 days."] == ["california"]
    assert got["Write to us."] == ["california"]  # inherited from the enclosing section
    assert got["You may access your data."] == []
    assert got["If you are located in the EEA or the UK, you may also object to processing."] == ["eea"]
    assert got["you may opt out of sales."] == ["us"]  # the lead-in ends in a colon: its list follows it
    assert got["Other text."] == []  # a lead-in speaks for itself, not for the rest of the section
    assert got["We answer within 30 days."] == ["canada"]


def test_lead_in_needs_an_opening_that_addresses_someone() -> None:
    assert lead_in("Under the GDPR, you may complain to an authority.") == {"eea"}
    assert lead_in("California residents may request a list.") == {"california"}
    assert lead_in("We store data in Germany.") == frozenset()  # a place, not an audience
    assert lead_in("Where possible, we anonymise data before sending it to the EU.") == frozenset()


def test_parse_json_shows_the_marks() -> None:
    doc = load_policy(POLICY, format="markdown")
    blocks = doc.to_dict()["blocks"]
    assert any(b["jurisdictions"] == ["california"] for b in blocks)


def test_schema_enum_matches_the_data_file() -> None:
    schema = json.loads(
        (Path(__file__).resolve().parents[2] / "policy_rules/rules/ruleset.schema.json").read_text("utf-8")
    )
    enum = schema["properties"]["jurisdictions"]["items"]["enum"]
    assert tuple(enum) == known_jurisdictions()
    assert set(cues().labels) == set(enum)
