"""The rulesets in the documentation must work: readers copy them, so a stale one is a bug.

The first ```yaml block of docs/authoring.md is the guide's complete house ruleset; it must load and
every example must pass. Every other ```yaml block in docs/*.md that is a whole ruleset (top-level
``id`` and ``rules``) must validate, and the examples of the rules it defines must pass too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from policy_rules import load_ruleset
from policy_rules.rules.examples import example_gaps, run_examples

DOCS = Path(__file__).resolve().parents[2] / "docs"
GUIDE = DOCS / "authoring.md"
_FENCE = re.compile(r"^```yaml[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


def yaml_blocks(path: Path) -> list[str]:
    return [m.group(1) for m in _FENCE.finditer(path.read_text(encoding="utf-8"))]


def is_ruleset(block: str) -> bool:
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError:
        return False
    return isinstance(data, dict) and "id" in data and "rules" in data


def first_block() -> str:
    blocks = yaml_blocks(GUIDE)
    assert blocks, f"{GUIDE} has no ```yaml block"
    return blocks[0]


def test_first_yaml_block_is_a_complete_ruleset_whose_examples_pass(tmp_path: Path) -> None:
    path = tmp_path / "acme-house.yaml"
    path.write_text(first_block(), encoding="utf-8")
    ruleset = load_ruleset(path)

    assert len(ruleset.rules) >= 3
    results = run_examples(ruleset)
    failures = [
        f"{r.rule_id}: {r.name}: expected {r.expected}, got {r.actual} ({r.detail})"
        for r in results
        if not r.ok
    ]
    assert not failures, "\n".join(failures)
    gaps = {rule.id: example_gaps(rule) for rule in ruleset.rules if example_gaps(rule)}
    assert not gaps
    # Every rule has examples, and the examples exercise all four outcomes between them.
    assert all(any(r.rule_id == rule.id for r in results) for rule in ruleset.rules)
    assert {r.actual for r in results} == {"pass", "fail", "missing", "not_applicable"}


def test_first_block_shows_what_the_guide_promises(tmp_path: Path) -> None:
    """The guide introduces it as using vocabularies, applies_when, contradict and a value check."""
    data = yaml.safe_load(first_block())
    assert data["vocabularies"] and data["applies_when"]
    rules = data["rules"]
    assert any("contradict" in r for r in rules)
    assert any("values" in r for r in rules)
    assert any("applies_when" in r for r in rules)


def test_example_package_ships_the_guides_ruleset() -> None:
    """examples/ruleset-package is what the guide says it is: the guide's first ruleset, unchanged."""
    package = DOCS.parent / "examples" / "ruleset-package" / "acme_policy_rules" / "rulesets"
    assert (package / "acme-house.yaml").read_text(encoding="utf-8") == first_block()


def _other_rulesets() -> list[tuple[str, int, str]]:
    found = []
    for page in sorted(DOCS.rglob("*.md")):
        for i, block in enumerate(yaml_blocks(page)):
            if page == GUIDE and i == 0:
                continue
            if is_ruleset(block):
                found.append((str(page.relative_to(DOCS)), i, block))
    return found


def test_the_guide_has_more_rulesets_than_the_first() -> None:
    """Guards the parametrised test below against silently checking nothing."""
    assert any(page == "authoring.md" for page, _, _ in _other_rulesets())


@pytest.mark.parametrize(
    ("page", "index", "block"), _other_rulesets(), ids=[f"{p}#{i}" for p, i, _ in _other_rulesets()]
)
def test_every_other_ruleset_block_validates(tmp_path: Path, page: str, index: int, block: str) -> None:
    # A block may extend the guide's house ruleset by its file name, as the guide suggests.
    (tmp_path / "acme-house.yaml").write_text(first_block(), encoding="utf-8")
    path = tmp_path / f"block-{index}.yaml"
    path.write_text(block, encoding="utf-8")
    ruleset = load_ruleset(path)
    own = {r["id"] for r in yaml.safe_load(block)["rules"]}
    bad = [r for r in run_examples(ruleset, own) if not r.ok]
    assert not bad, f"{page} block {index}: " + "; ".join(
        f"{r.rule_id} {r.name}: got {r.actual}" for r in bad
    )


RULE_KEYS = {
    "kind",
    "messages",
    "applies_when",
    "expect",
    "contradict",
    "belongs_under",
    "values",
    "examples",
}


def _fragments() -> list[tuple[int, dict[str, object]]]:
    """Guide snippets that are parts of a rule or ruleset rather than a whole ruleset."""
    found = []
    for i, block in enumerate(yaml_blocks(GUIDE)):
        data = yaml.safe_load(block)
        if (
            isinstance(data, dict)
            and not is_ruleset(block)
            and (set(data) <= RULE_KEYS or set(data) == {"vocabularies"})
        ):
            found.append((i, data))
    return found


def test_the_guide_has_rule_fragments() -> None:
    assert len(_fragments()) >= 10


@pytest.mark.parametrize(("index", "fragment"), _fragments(), ids=[f"block{i}" for i, _ in _fragments()])
def test_every_rule_fragment_in_the_guide_compiles(
    tmp_path: Path, index: int, fragment: dict[str, object]
) -> None:
    """Snippets are wrapped in a rule (or ruleset) that can see the vocabularies the guide uses."""
    (tmp_path / "acme-house.yaml").write_text(first_block(), encoding="utf-8")
    ruleset: dict[str, object] = {
        "id": "fragment",
        "title": "F",
        "version": "1",
        "extends": ["gdpr", "acme-house.yaml"],
    }
    if "vocabularies" in fragment:
        ruleset.update(fragment)
        ruleset["rules"] = []
    else:
        rule = {
            "id": "fragment.rule",
            "title": "F",
            "citation": "c",
            "severity": "info",
            "kind": "prohibition",
        }
        rule.update(fragment)
        ruleset["rules"] = [rule]
    path = tmp_path / f"fragment-{index}.yaml"
    path.write_text(yaml.safe_dump(ruleset, sort_keys=False), encoding="utf-8")
    load_ruleset(path)
