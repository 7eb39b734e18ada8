"""What a rule costs grows with what its leaves match: a leaf as broad as "any word" turns every
word of a policy into a hit to locate and read for negation (a regex ``\\w`` under a heading once
made the ccpa ruleset five times slower than all the others together). These tests pin the two
defences: no built-in leaf is that broad, and an ``all`` whose heading the policy lacks never runs
its other parts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from policy_rules import load_policy, load_ruleset
from policy_rules.api import load_builtin_rulesets
from policy_rules.rules.context import EvalContext
from policy_rules.rules.matchers import PatternLeaf, TermLeaf

ROOT = Path(__file__).resolve().parents[2]
#: The project's own policies: the README example and the synthetic regime corpora.
POLICIES = [ROOT / "examples" / "policy.md", *sorted((ROOT / "tests" / "regimes").glob("*/policies/*.md"))]
#: The most hits a leaf may have per word of a policy. The commonest words of a policy ("we",
#: "information", "data") stay far below it; a leaf that matches any word or character is above 1.
MOST_PER_WORD = 0.25


def _leaves() -> dict[tuple[str, str], PatternLeaf | TermLeaf]:
    found: dict[tuple[str, str], PatternLeaf | TermLeaf] = {}
    seen: set[int] = set()
    stack: list[Any] = [(rs.id, rule) for rs in load_builtin_rulesets() for rule in rs.rules]
    while stack:
        owner, obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, PatternLeaf | TermLeaf):
            found.setdefault((owner, obj.describe()), obj)
        elif isinstance(obj, list | tuple):
            stack.extend((owner, o) for o in obj)
        elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            stack.extend((owner, getattr(obj, f.name)) for f in dataclasses.fields(obj))
    return found


LEAVES = _leaves()


def test_the_walk_finds_the_leaves() -> None:
    # every built-in ruleset has text leaves; a walk that found few would make the next test vacuous
    assert len({owner for owner, _ in LEAVES}) == len(load_builtin_rulesets())
    assert len(LEAVES) > 500


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_no_built_in_leaf_matches_nearly_every_word(path: Path) -> None:
    document = load_policy(path)
    words = len(document.text.split())
    ctx = EvalContext(document, {}, dt.date(2026, 1, 1))
    broad = {
        f"{owner}: {label[:80]}": n
        for (owner, label), leaf in LEAVES.items()
        if (n := len(leaf._matches(ctx))) > MOST_PER_WORD * words
    }
    assert not broad, f"leaves matching more than {MOST_PER_WORD} times per word of {path.name}: {broad}"


def _ruleset(write: Callable[[str, str], Path], expect: dict[str, Any]) -> Any:
    rule = {"id": "t.rule", "title": "T", "citation": "c", "severity": "error", "expect": expect}
    return load_ruleset(
        write("t.yaml", json.dumps({"id": "t", "title": "t", "version": "1", "rules": [rule]}))
    )


UNDER_CONTACT = {
    "all": [{"heading": {"terms": ["contact"]}}, {"regex": r"(?m)^[^\w\n]*\w[^\n]*", "negated": "any"}]
}


def test_an_all_under_a_missing_heading_runs_none_of_its_parts(write: Callable[[str, str], Path]) -> None:
    ruleset = _ruleset(write, UNDER_CONTACT)
    document = load_policy("# Your rights\n\nYou may ask for a copy of your data.\n", format="markdown")
    ctx = EvalContext(document, {}, dt.date(2026, 1, 1))
    assert ruleset.rules[0].expect.hits(ctx) == []
    assert not [key for key in ctx.cache if isinstance(key, tuple) and key[0] == "pattern"]


def test_an_all_under_a_present_heading_reads_the_text_under_it(write: Callable[[str, str], Path]) -> None:
    ruleset = _ruleset(write, UNDER_CONTACT)
    text = "# Your rights\n\nYou may ask.\n\n# Contact us\n\nWrite to us.\n\nOr call.\n"
    document = load_policy(text, format="markdown")
    ctx = EvalContext(document, {}, dt.date(2026, 1, 1))
    lines = [document.text[h.start : h.end] for h in ruleset.rules[0].expect.hits(ctx)]
    assert lines == ["Write to us.", "Or call."]
