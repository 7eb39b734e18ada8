from __future__ import annotations

from policy_rules.document.model import BlockKind
from policy_rules.document.rawblock import RawBlock
from policy_rules.document.sections import build_sections
from policy_rules.document.textmap import TextMap


def block(kind: BlockKind, text: str, level: int = 0) -> RawBlock:
    return RawBlock(kind, level, text, TextMap.identity(0, len(text)))


def h(level: int, text: str) -> RawBlock:
    return block(BlockKind.HEADING, text, level)


def p(text: str = "para") -> RawBlock:
    return block(BlockKind.PARAGRAPH, text)


def test_no_headings_only_root() -> None:
    sections, owners = build_sections([p(), p()])
    assert len(sections) == 1
    root = sections[0]
    assert (root.title, root.level, root.heading_block, root.parent) == ("", 0, None, None)
    assert (root.first_block, root.last_block) == (0, 1)
    assert owners == [0, 0]


def test_nesting_and_closing() -> None:
    blocks = [
        p("preamble"),
        h(1, "Policy"),
        p(),
        h(2, "Collect"),
        p(),
        h(3, "Cookies"),
        p(),
        h(2, "Share"),
        p(),
    ]
    sections, owners = build_sections(blocks)
    titles = [s.title for s in sections]
    assert titles == ["", "Policy", "Collect", "Cookies", "Share"]
    assert owners == [0, 1, 1, 2, 2, 3, 3, 4, 4]
    policy, collect, cookies, share = sections[1:]
    assert (policy.first_block, policy.last_block, policy.parent) == (1, 8, 0)
    assert (collect.first_block, collect.last_block, collect.parent) == (3, 6, 1)
    assert (cookies.first_block, cookies.last_block, cookies.parent) == (5, 6, 2)
    assert (share.first_block, share.last_block, share.parent) == (7, 8, 1)
    assert cookies.heading_path == ("Policy", "Collect", "Cookies")
    assert sections[0].children == (1,)
    assert policy.children == (2, 4)
    assert collect.children == (3,)
    assert cookies.heading_block == 5


def test_same_level_heading_closes_and_deeper_then_shallower() -> None:
    blocks = [h(3, "A"), p(), h(1, "B"), h(3, "C"), h(2, "D"), p()]
    sections, owners = build_sections(blocks)
    a, b, c, d = sections[1:]
    assert a.parent == 0 and b.parent == 0
    assert c.parent == b.index and d.parent == b.index
    assert (c.first_block, c.last_block) == (3, 3)
    assert owners == [1, 1, 2, 3, 4, 4]


def test_heading_as_last_block() -> None:
    sections, owners = build_sections([p(), h(2, "End")])
    end = sections[1]
    assert (end.first_block, end.last_block) == (1, 1)
    assert owners == [0, 1]
    assert sections[0].last_block == 1


def test_title_whitespace_is_normalised() -> None:
    sections, _ = build_sections([h(1, "Your\n  Rights")])
    assert sections[1].title == "Your Rights"


def test_empty_document() -> None:
    sections, owners = build_sections([])
    assert len(sections) == 1 and owners == []
