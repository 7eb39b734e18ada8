"""Structure as people write it: lead-ins, run-on and sentence headings, tables of contents, table rows,
links (synthetic snippets only)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from policy_rules import load_policy
from policy_rules.document.model import BlockKind, EntityKind, PolicyDocument, SentenceRole
from policy_rules.document.structure import is_sentence_heading


def md(text: str) -> PolicyDocument:
    return load_policy(text, format="markdown")


def html(text: str) -> PolicyDocument:
    return load_policy(text, format="html")


def sentence(doc: PolicyDocument, text: str) -> int:
    return next(s.index for s in doc.sentences if s.text == text)


def lead_text(doc: PolicyDocument, text: str) -> str | None:
    lead = doc.lead_in[sentence(doc, text)]
    return None if lead is None else doc.sentences[lead].text


# -- lead-ins ----------------------------------------------------------------------------------------


def test_list_items_record_the_colon_lead_in() -> None:
    doc = md("You have the right to ask us to:\n\n- restrict how we use your data\n- erase your data\n")
    assert lead_text(doc, "restrict how we use your data") == "You have the right to ask us to:"
    assert lead_text(doc, "erase your data") == "You have the right to ask us to:"
    assert lead_text(doc, "You have the right to ask us to:") is None


def test_an_unfinished_clause_is_a_lead_in_and_a_finished_one_is_not() -> None:
    doc = md("We collect data such as\n\n- your name\n\nWe collect data.\n\n- your e-mail\n")
    assert lead_text(doc, "your name") == "We collect data such as"
    assert lead_text(doc, "your e-mail") is None


def test_only_the_last_sentence_of_the_block_before_leads_in() -> None:
    doc = md("We care about privacy. You may ask us to:\n\n- stop\n")
    assert lead_text(doc, "stop") == "You may ask us to:"


def test_nested_lists_chain_through_their_parent_item() -> None:
    doc = md("You may ask us to:\n\n- erase data, including:\n  - backups\n- stop\n")
    assert lead_text(doc, "erase data, including:") == "You may ask us to:"
    assert lead_text(doc, "backups") == "erase data, including:"
    assert lead_text(doc, "stop") == "You may ask us to:"


def test_an_item_that_stands_on_its_own_has_no_lead_in() -> None:
    doc = md(
        "We may share data in these cases:\n\n- If you register with us, we keep your e-mail address.\n- audits\n"
    )
    assert lead_text(doc, "If you register with us, we keep your e-mail address.") is None
    assert lead_text(doc, "audits") == "We may share data in these cases:"


def test_a_heading_is_no_lead_in() -> None:
    doc = md("## You may ask us to:\n\n- stop\n")
    assert lead_text(doc, "stop") is None


def test_html_lists_have_depths_and_lead_ins() -> None:
    doc = html(
        "<p>We may share data with:</p><ul><li>hosts<ul><li>in the EU</li></ul></li><li>banks</li></ul>"
    )
    assert [(b.text, b.depth) for b in doc.blocks if b.kind is BlockKind.LIST_ITEM] == [
        ("hosts", 1),
        ("in the EU", 2),
        ("banks", 1),
    ]
    assert lead_text(doc, "banks") == "We may share data with:"


# -- headings ----------------------------------------------------------------------------------------


def test_a_heading_that_runs_on_is_one_sentence_with_the_paragraph() -> None:
    text = "# Policy\n\n### We may share your data\n\nwith our service providers. We never sell it.\n"
    doc = md(text)
    joined = doc.sentences[1]
    assert " ".join(joined.text.split()) == "We may share your data with our service providers."
    assert joined.role is SentenceRole.TEXT
    assert doc.blocks[joined.block].kind is BlockKind.PARAGRAPH
    assert (
        text[joined.span.start : joined.span.end] == "We may share your data\n\nwith our service providers."
    )
    assert doc.blocks[1].kind is BlockKind.HEADING  # still opens its section
    assert doc.sections[doc.blocks[2].section].title == "We may share your data"


def test_a_title_followed_by_a_capitalised_paragraph_stays_a_title() -> None:
    doc = md("## Your rights\n\nYou may ask us for a copy.\n")
    assert [s.role for s in doc.sentences] == [SentenceRole.TITLE, SentenceRole.TEXT]


def test_run_ons_need_only_markup_between_the_pieces() -> None:
    doc = html("<h3>Identity data</h3>\n<p>includes your name and title.</p>")
    assert doc.sentences[0].text.startswith("Identity data") and len(doc.sentences) == 1
    lists = md("## Identity data\n\n- a) includes your name\n")
    assert lists.sentences[0].role is SentenceRole.TITLE


def test_a_heading_that_is_a_sentence_is_text() -> None:
    doc = md("## We do not sell your personal information.\n\nMore text.\n")
    assert doc.sentences[0].role is SentenceRole.TEXT
    assert doc.blocks[0].kind is BlockKind.HEADING
    assert is_sentence_heading("You can ask us to delete your data") is False
    assert is_sentence_heading("Cookies and similar technologies.") is False
    assert is_sentence_heading("Do we sell your data?") is False
    long = (
        "We keep your data only for as long as we need it to provide the service to you and then we delete it"
    )
    assert is_sentence_heading(long)


# -- navigation --------------------------------------------------------------------------------------


def test_a_table_of_contents_is_navigation() -> None:
    text = (
        "- What we collect\n- How we use it\n- Your rights\n\n"
        "## What we collect\n\nWe collect e-mail addresses.\n\n"
        "## How we use it\n\nTo reply.\n\n## Your rights\n\nYou may ask for a copy.\n"
    )
    doc = md(text)
    assert [b.kind for b in doc.blocks[:3]] == [BlockKind.TOC] * 3
    assert {doc.sentences[i].role for i in range(3)} == {SentenceRole.NAVIGATION}


def test_a_statement_between_contents_entries_stays_text() -> None:
    text = (
        "- What we collect\n\nWe collect e-mail addresses.\n\n- Your rights\n\n"
        "## What we collect\n\nDetails.\n\n## Your rights\n\nYou may ask for a copy.\n"
    )
    doc = md(text)
    assert [b.kind for b in doc.blocks[:3]] == [BlockKind.TOC, BlockKind.PARAGRAPH, BlockKind.TOC]


def test_a_list_that_repeats_no_heading_is_no_table_of_contents() -> None:
    doc = md("- e-mail addresses\n- names\n\n## What we collect\n\nWe collect data.\n")
    assert doc.blocks[0].kind is BlockKind.LIST_ITEM


def test_anchor_links_are_navigation() -> None:
    doc = md("[Back to top](#top)\n\nWe collect data, see [rights](#rights).\n")
    assert doc.blocks[0].kind is BlockKind.TOC
    assert doc.blocks[1].kind is BlockKind.PARAGRAPH


# -- tables ------------------------------------------------------------------------------------------


def test_markdown_table_rows_lead_with_their_header() -> None:
    doc = md("| Purpose | Legal basis |\n|---|---|\n| Send newsletter | Consent |\n")
    assert [b.text for b in doc.blocks] == ["Purpose | Legal basis", "Send newsletter | Consent"]
    assert lead_text(doc, "Send newsletter | Consent") == "Purpose | Legal basis"


def test_html_table_rows_are_blocks_and_layout_cells_stay_cells() -> None:
    doc = html(
        "<table><tr><th>Purpose</th><th>Basis</th></tr><tr><td>Billing</td><td></td><td>Contract</td></tr>"
        "</table><table><tr><td><p>Layout text.</p></td></tr></table>"
    )
    assert [(b.kind, b.header, b.text) for b in doc.blocks] == [
        (BlockKind.TABLE_ROW, True, "Purpose | Basis"),
        (BlockKind.TABLE_ROW, False, "Billing | Contract"),
        (BlockKind.TABLE_CELL, False, "Layout text."),
    ]
    assert lead_text(doc, "Billing | Contract") == "Purpose | Basis"


# -- links -------------------------------------------------------------------------------------------


def test_links_keep_their_text_and_give_entities() -> None:
    doc = md("Read our [cookie policy](https://example.com/cookies) or [mail us](mailto:Team@Example.org).\n")
    assert doc.blocks[0].text == "Read our cookie policy or mail us."
    assert [(k.text, k.target) for k in doc.links] == [
        ("cookie policy", "https://example.com/cookies"),
        ("mail us", "mailto:Team@Example.org"),
    ]
    assert [(e.kind, e.text, e.value) for e in doc.entities] == [
        (EntityKind.URL, "cookie policy", "https://example.com/cookies"),
        (EntityKind.EMAIL, "mail us", "team@example.org"),
    ]


def test_raw_link_syntax_reads_as_its_text() -> None:
    text = "See [the form](https://example.com/a b) now.\n\n<div>Read [this page](https://example.com/p).</div>\n"
    doc = md(text)
    assert [b.text for b in doc.blocks] == ["See the form now.", "Read this page."]
    for k in doc.links:
        assert text[k.span.start : k.span.end] == k.text
    assert [e.value for e in doc.entities if e.kind is EntityKind.URL] == [
        "https://example.com/a b",
        "https://example.com/p",
    ]


def test_a_link_spelling_out_its_address_is_one_entity() -> None:
    doc = md("Visit <https://example.com/privacy>.\n")
    assert len([e for e in doc.entities if e.kind is EntityKind.URL]) == 1


def test_html_links() -> None:
    doc = html('<p>Read <a href="https://example.com/x">our notice</a> and <a href="/y">this</a>.</p>')
    assert [(k.text, k.target) for k in doc.links] == [
        ("our notice", "https://example.com/x"),
        ("this", "/y"),
    ]
    assert [e.text for e in doc.entities if e.kind is EntityKind.URL] == ["our notice"]


# -- invariants --------------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "You may ask us to:\n\n",
        "- erase data\n",
        "  - backups\n",
        "## We may share data\n\n",
        "with hosts.\n\n",
        "## We do not sell data.\n\n",
        "| A | B |\n|---|---|\n| x | y |\n\n",
        "[top](#top)\n\n",
        "See [x](https://e.com/a b).\n\n",
        "Text (e.g. U.S. Inc.) here. More.\n\n",
        "<ul><li>item</li></ul>\n\n",
    ]
)


@settings(max_examples=120, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=12).map("".join), st.sampled_from(["markdown", "html", "text"]))
def test_sentences_are_ordered_disjoint_and_lead_ins_come_first(text: str, fmt: str) -> None:
    doc = load_policy(text, format=fmt)  # type: ignore[arg-type]
    prev_end = -1
    for s in doc.sentences:
        assert prev_end <= s.start < s.end and s.span.start >= 0
        assert doc.text[s.start : s.end] == s.text
        prev_end = s.end
    assert len(doc.lead_in) == len(doc.sentences)
    for i, lead in enumerate(doc.lead_in):
        assert lead is None or lead < i
    for k in doc.links:
        assert doc.text[k.start : k.end] == k.text
