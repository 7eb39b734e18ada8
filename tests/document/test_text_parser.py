from __future__ import annotations

from policy_rules.document.model import BlockKind
from policy_rules.document.rawblock import RawBlock
from policy_rules.document.source import Source
from policy_rules.document.text_parser import parse_text


def parse(text: str) -> list[RawBlock]:
    source = Source(text, "p.txt", "text")
    blocks = parse_text(source)
    for b in blocks:
        start, end = b.textmap.source_start, b.textmap.source_end
        assert text[start:end] == b.text, "a text block must be its exact source slice"
        assert b.text == b.text.strip() and b.text
    return blocks


def kinds(text: str) -> list[tuple[str, int, str]]:
    return [(b.kind.value, b.level, b.text) for b in parse(text)]


BODY = "We collect the information you give us when you create an account with us."


def test_blank_line_paragraphs() -> None:
    assert kinds(f"{BODY}\n\n{BODY}\n") == [("paragraph", 0, BODY), ("paragraph", 0, BODY)]


def test_one_paragraph_per_line() -> None:
    text = f"{BODY}\nWe share it with processors who act for us under contract only.\n"
    assert [k for k, _, _ in kinds(text)] == ["paragraph", "paragraph"]


def test_hard_wrapped_paragraph_is_one_block() -> None:
    text = (
        "We receive and store any information you enter on our website\n"
        "or give us in any other way, including the Internet\n"
        "protocol address used to connect your computer.\n"
    )
    blocks = parse(text)
    assert len(blocks) == 1
    assert blocks[0].text == text.strip()


def test_wrapped_chunk_with_capitalised_continuation() -> None:
    text = (
        "Payment gateways used by our company follow the rules set by the PCI\n"
        "Security Standards Council, a joint effort of brands like Visa and\n"
        "Mastercard, when they handle card data for us and our partners.\n"
    )
    assert len(parse(text)) == 1


def test_list_of_clauses_is_not_merged() -> None:
    text = "Your rights are:\nthe right to access;\nthe right to erasure; and\nthe right to object.\n"
    assert [b.text for b in parse(text)] == [
        "Your rights are:",
        "the right to access;",
        "the right to erasure; and",
        "the right to object.",
    ]


def test_title_case_heading_needs_body_after_it() -> None:
    text = f"Your Rights\n{BODY}\nContact Us\n"
    assert kinds(text) == [
        ("heading", 2, "Your Rights"),
        ("paragraph", 0, BODY),
        ("paragraph", 0, "Contact Us"),
    ]


def test_sentence_case_heading() -> None:
    text = f"How we use your information\n\n{BODY}\n"
    assert kinds(text)[0] == ("heading", 2, "How we use your information")


def test_all_caps_heading_level_one() -> None:
    assert kinds(f"WHAT WE COLLECT\n{BODY}\n")[0] == ("heading", 1, "WHAT WE COLLECT")


def test_numbered_headings_levels_by_depth() -> None:
    text = f"1. Introduction\n{BODY}\n2.3 Data Retention\n{BODY}\n2.3.1 Backups\n{BODY}\n"
    heads = [(b.level, b.text) for b in parse(text) if b.kind is BlockKind.HEADING]
    assert heads == [(1, "1. Introduction"), (2, "2.3 Data Retention"), (3, "2.3.1 Backups")]


def test_section_and_roman_headings() -> None:
    text = f"Section 4 – Cookies\n{BODY}\nIV. CHILDREN\n{BODY}\nArticle 2\n{BODY}\n"
    heads = [(b.level, b.text) for b in parse(text) if b.kind is BlockKind.HEADING]
    assert heads == [(1, "Section 4 – Cookies"), (1, "IV. CHILDREN"), (1, "Article 2")]


def test_markdown_style_headings_in_text() -> None:
    text = f"# Privacy Policy #\n\n### What we collect\n\n{BODY}\n"
    assert kinds(text) == [
        ("heading", 1, "Privacy Policy"),
        ("heading", 3, "What we collect"),
        ("paragraph", 0, BODY),
    ]


def test_bold_line_heading_is_below_previous_heading() -> None:
    text = f"# Policy\n\n**Your Rights**\n\n{BODY}\n"
    assert kinds(text)[1] == ("heading", 3, "Your Rights")


def test_list_items_lose_their_markers() -> None:
    text = (
        "We collect:\n- your name\n* your e-mail\n• your phone\n"
        "1) your address\na) your age\n(b) your city\ni. your job\n"
    )
    blocks = parse(text)
    assert [b.kind for b in blocks[1:]] == [BlockKind.LIST_ITEM] * 7
    assert [b.text for b in blocks[1:]] == [
        "your name",
        "your e-mail",
        "your phone",
        "your address",
        "your age",
        "your city",
        "your job",
    ]


def test_long_numbered_sentence_is_a_list_item() -> None:
    text = f"{BODY}\n1. We collect your name when you register for an account on our site.\n"
    blocks = parse(text)
    assert blocks[1].kind is BlockKind.LIST_ITEM
    assert blocks[1].text.startswith("We collect your name")


def test_short_numbered_run_is_a_list_not_headings() -> None:
    text = f"We collect:\n1. Name\n2. E-mail\n3. Phone\n{BODY}\n"
    assert [b.kind for b in parse(text)][1:4] == [BlockKind.LIST_ITEM] * 3


def test_wrapped_list_item_continues() -> None:
    text = "* To contact our visitors and users with general or\npersonalised notices and messages\n"
    blocks = parse(text)
    assert len(blocks) == 1 and blocks[0].kind is BlockKind.LIST_ITEM
    assert blocks[0].text.endswith("messages")


def test_table_of_contents_is_not_headings() -> None:
    text = (
        "Contents\n1. What we collect\n2. How we use it\n3. Your choices\n"
        f"What we collect\n{BODY}\nHow we use it\n{BODY}\nYour choices\n{BODY}\n"
    )
    blocks = parse(text)
    heads = [b.text for b in blocks if b.kind is BlockKind.HEADING]
    assert heads == ["What we collect", "How we use it", "Your choices"]
    assert blocks[1].kind is BlockKind.PARAGRAPH and blocks[1].text == "1. What we collect"


def test_dot_leaders_are_not_headings() -> None:
    text = f"Introduction ........ 3\n{BODY}\n"
    assert parse(text)[0].kind is BlockKind.PARAGRAPH


def test_navigation_residue_is_not_headings() -> None:
    text = (
        "https://example.com/legal/privacy\nSkip to content\nHome > Legal > Privacy\nExample Home\n"
        f"Introduction\n{BODY}\nBack to top\nPrint\n"
    )
    blocks = parse(text)
    assert [b.text for b in blocks if b.kind is BlockKind.HEADING] == ["Introduction"]
    assert blocks[0].text == "https://example.com/legal/privacy"


def test_address_and_date_lines_are_not_headings() -> None:
    text = (
        "Last Updated 07-21-2020\n"
        f"{BODY}\n"
        "Jane Q. Doe\nAddress:\nExample Inc.\n12 Main Street\nSpringfield, IL 62701\n"
        "Email: privacy@example.com\n"
        f"{BODY}\n"
    )
    assert not [b for b in parse(text) if b.kind is BlockKind.HEADING]


def test_heading_then_deeper_heading() -> None:
    text = f"PRIVACY POLICY\nIntroduction\n{BODY}\n"
    assert [(b.kind.value, b.level) for b in parse(text)][:2] == [("heading", 1), ("heading", 2)]


def test_crlf_and_cr_line_ends() -> None:
    for nl in ("\r\n", "\r"):
        text = f"Your Rights{nl}{BODY}{nl}{nl}{BODY}{nl}"
        blocks = parse(text)
        assert [b.text for b in blocks] == ["Your Rights", BODY, BODY]
        assert all("\r" not in b.text for b in blocks)


def test_wrapped_block_keeps_crlf_inside() -> None:
    text = "We may share your data with partners and\r\nservice providers.\r\n"
    blocks = parse(text)
    assert blocks[0].text == "We may share your data with partners and\r\nservice providers."


def test_leading_whitespace_and_rules_are_dropped() -> None:
    text = f"   {BODY}   \n-----\n\t{BODY}\n"
    blocks = parse(text)
    assert [b.text for b in blocks] == [BODY, BODY]
    assert blocks[0].textmap.source_start == 3


def test_empty_and_whitespace() -> None:
    assert parse("") == []
    assert parse(" \n\n \t\n") == []
