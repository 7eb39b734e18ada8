"""The five real policies the project started from, parsed end to end.

They live outside the repository (third-party text, never copied into it); the tests skip when the
corpus is not beside the checkout.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_rules.document import BlockKind, PolicyDocument, load_policy

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seeds"

if not SEEDS.is_dir() or not list(SEEDS.glob("*.txt")):
    pytest.skip(f"seed corpus not found at {SEEDS}", allow_module_level=True)


def seed(prefix: str) -> PolicyDocument:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return load_policy(path)


def headings(doc: PolicyDocument) -> list[str]:
    return [b.text for b in doc.blocks if b.kind is BlockKind.HEADING]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_spans_slice_the_source_and_sentences_are_sensible(prefix: str) -> None:
    doc = seed(prefix)
    text = doc.source.text
    for b in doc.blocks:
        assert text[b.span.start : b.span.end] == b.text
    for s in doc.sentences:
        assert text[s.span.start : s.span.end] == s.text
    for e in doc.entities:
        assert doc.text[e.start : e.end] == e.text
    paragraphs = [b for b in doc.blocks if b.kind is not BlockKind.HEADING]
    # Real prose: more sentences than blocks, and no sentence swallowing a whole long paragraph.
    assert len(doc.sentences) > len(paragraphs)
    assert max(len(s.text) for s in doc.sentences) < 1500
    assert 5 <= len(headings(doc)) <= 25


def test_001_title_case_headings_and_navigation_residue() -> None:
    doc = seed("001")
    heads = headings(doc)
    assert "Collected Data and Use" in heads
    assert "Your Rights" in heads
    assert "Introduction" in heads
    titles = [s.title for s in doc.sections]
    assert not any(t.startswith("http") for t in titles)
    assert not any(t.endswith("Home") for t in titles)
    first = doc.blocks[0]
    assert first.kind is BlockKind.PARAGRAPH and first.text.startswith("https://")
    # A hard-wrapped paragraph is one block, not one block per line.
    wrapped = [b for b in doc.blocks if "\n" in b.text]
    assert wrapped and all(b.kind is BlockKind.PARAGRAPH for b in wrapped)
    rights = doc.sections[titles.index("Your Rights")]
    assert rights.last_block - rights.first_block >= 5
    assert doc.policy_date is not None and doc.policy_date.year == 2018


def test_002_all_caps_headings_and_contact_lines() -> None:
    doc = seed("002")
    heads = headings(doc)
    assert len(heads) >= 10
    assert all(h == h.upper() for h in heads)
    assert sum(1 for b in doc.blocks if b.kind is BlockKind.LIST_ITEM) >= 15
    assert not any(ch.isdigit() for h in heads for ch in h)  # no address or date line became a heading


def test_003_markdown_style_text() -> None:
    doc = seed("003")
    levels = {b.level for b in doc.blocks if b.kind is BlockKind.HEADING}
    assert levels == {1, 3}
    items = [b for b in doc.blocks if b.kind is BlockKind.LIST_ITEM]
    assert items and not any(b.text.startswith("*") for b in items)


def test_004_table_of_contents_and_back_to_top() -> None:
    doc = seed("004")
    heads = headings(doc)
    assert not any(h[0].isdigit() for h in heads)  # the numbered contents lines stay paragraphs
    assert "Back to top" not in heads
    assert len(heads) == len(set(heads)) == 9
    assert all(s.title != "Back to top" for s in doc.sections)


def test_000_blank_line_paragraphs_with_bullets() -> None:
    doc = seed("000")
    assert sum(1 for b in doc.blocks if b.kind is BlockKind.LIST_ITEM) >= 8
    assert doc.policy_date is not None and doc.policy_date.isoformat() == "2020-07-21"
