"""One term list referenced from many rules compiles to one shared TermSet (see tokens.term_set)."""

from __future__ import annotations

import gc
import pickle
from pathlib import Path

from policy_rules.rules.loader import load_ruleset
from policy_rules.rules.matchers import TermLeaf

RULESET = """\
id: house
title: House
version: '1'
vocabularies:
  contact: [data protection officer, privacy team, contact us]
rules:
  - id: house.a
    title: A
    citation: x
    severity: error
    expect:
      terms: ['@contact']
  - id: house.b
    title: B
    citation: x
    severity: error
    expect:
      all:
        - terms: ['@contact']
        - terms: [email]
  - id: house.c
    title: C
    citation: x
    severity: error
    expect:
      terms: [contact us, privacy team, data protection officer]
  - id: house.d
    title: D
    citation: x
    severity: error
    expect:
      terms: [privacy team]
"""


def _term_leaves(obj: object) -> list[TermLeaf]:
    seen: set[int] = set()
    found: list[TermLeaf] = []
    stack = [obj]
    while stack:
        item = stack.pop()
        if id(item) in seen or isinstance(item, (str, bytes, int, float, type)):
            continue
        seen.add(id(item))
        if isinstance(item, TermLeaf):
            found.append(item)
        stack.extend(gc.get_referents(item))
    return found


def _sets_by_rule(ruleset: object) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for rule in ruleset.rules:  # type: ignore[attr-defined]
        out[rule.id] = {id(leaf.terms) for leaf in _term_leaves(rule.expect) if "email" not in leaf.label}
    return out


def test_the_same_list_is_one_object_and_stays_one_through_pickle(tmp_path: Path) -> None:
    path = tmp_path / "house.yaml"
    path.write_text(RULESET, encoding="utf-8")
    ruleset = load_ruleset(path)
    for copy in (ruleset, pickle.loads(pickle.dumps(ruleset, protocol=pickle.HIGHEST_PROTOCOL))):
        sets = _sets_by_rule(copy)
        # the vocabulary in a, in b, and written out word for word in c (in another order) is one set
        assert sets["house.a"] == sets["house.b"] == sets["house.c"]
        assert len(sets["house.a"]) == 1
        # a different list is a different set
        assert sets["house.d"].isdisjoint(sets["house.a"])


def test_sharing_does_not_change_what_a_list_matches(tmp_path: Path) -> None:
    from policy_rules import check, load_policy

    path = tmp_path / "house.yaml"
    path.write_text(RULESET, encoding="utf-8")
    policy = tmp_path / "p.md"
    policy.write_text("# Privacy\n\nWrite to our privacy team by email.\n", encoding="utf-8")
    report = check(load_policy(policy), [load_ruleset(path)])
    outcomes = {f.rule_id: f.outcome.value for f in report.documents[0].findings}
    assert outcomes == {"house.a": "pass", "house.b": "pass", "house.c": "pass", "house.d": "pass"}
    quoted = {f.rule_id: [e.text for e in f.evidence] for f in report.documents[0].findings}
    assert all("privacy team" in " ".join(texts) for texts in quoted.values()), quoted

