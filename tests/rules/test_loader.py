from __future__ import annotations

import pickle
from pathlib import Path
from textwrap import dedent

import pytest

from policy_rules import check, load_policy, load_ruleset
from policy_rules.errors import RulesetError, UsageError
from policy_rules.rules.registry import available

MINIMAL = """\
id: house
title: House rules
version: "1"
vocabularies:
  dpo: [data protection officer, DPO]
rules:
  - id: house.dpo.named
    title: DPO named
    citation: Internal policy 1.2
    severity: error
    expect:
      terms: ["@dpo"]
    examples:
      - {text: "Our DPO is Jane Roe.", outcome: pass}
      - {text: "We care about privacy.", outcome: missing}
"""


def ruleset_file(write, text: str, name: str = "house.yaml") -> Path:  # type: ignore[no-untyped-def]
    return write(name, dedent(text))  # type: ignore[no-any-return]


def error_for(write, text: str) -> RulesetError:  # type: ignore[no-untyped-def]
    path = ruleset_file(write, text)
    with pytest.raises(RulesetError) as info:
        load_ruleset(path)
    return info.value


def test_minimal_ruleset_loads_and_checks(write) -> None:  # type: ignore[no-untyped-def]
    rs = load_ruleset(ruleset_file(write, MINIMAL))
    assert rs.id == "house" and [r.id for r in rs.rules] == ["house.dpo.named"]
    report = check(load_policy("You can reach our DPO at dpo@example.org."), rs)
    assert [f.outcome.value for f in report.findings] == ["pass"]


def test_unknown_key_names_key_line_and_column(write) -> None:  # type: ignore[no-untyped-def]
    err = error_for(
        write, MINIMAL.replace("    severity: error\n", "    severity: error\n    severty: high\n")
    )
    assert "unknown key 'severty'" in err.message
    assert err.line == 11 and err.column == 5
    assert err.key is not None and err.key.endswith("severty")


def test_wrong_type_is_positioned(write) -> None:  # type: ignore[no-untyped-def]
    err = error_for(write, MINIMAL.replace("severity: error", "severity: fatal"))
    assert err.line == 10
    assert "fatal" in err.message


def test_missing_required_key(write) -> None:  # type: ignore[no-untyped-def]
    err = error_for(write, MINIMAL.replace("    citation: Internal policy 1.2\n", ""))
    assert "citation" in err.message and err.line == 7


def test_duplicate_rule_id(write) -> None:  # type: ignore[no-untyped-def]
    doubled = MINIMAL + (
        "  - id: house.dpo.named\n    title: again\n    citation: x\n"
        "    severity: info\n    expect: {terms: [x]}\n"
    )
    err = error_for(write, doubled)
    assert "duplicate rule id 'house.dpo.named'" in err.message
    assert err.line == 16


def test_unknown_vocabulary(write) -> None:  # type: ignore[no-untyped-def]
    err = error_for(write, MINIMAL.replace('"@dpo"', '"@officer"'))
    assert "unknown vocabulary '@officer'" in err.message
    assert err.line == 12


NESTED = MINIMAL.replace(
    "  dpo: [data protection officer, DPO]\n",
    "  dpo: [data protection officer, DPO, '@privacy_team']\n  privacy_team: [privacy team, privacy office]\n",
)


def test_a_vocabulary_can_name_another(write) -> None:  # type: ignore[no-untyped-def]
    rs = load_ruleset(ruleset_file(write, NESTED))
    assert [f.outcome.value for f in check(load_policy("Write to our privacy office."), rs).findings] == [
        "pass"
    ]
    # the reference is replaced by the terms, never matched as text
    assert [f.outcome.value for f in check(load_policy("Write to @privacy_team."), rs).findings] == [
        "missing"
    ]


def test_an_unknown_vocabulary_inside_a_vocabulary_is_positioned(write) -> None:  # type: ignore[no-untyped-def]
    err = error_for(write, NESTED.replace("'@privacy_team']", "'@privacy_staff']"))
    assert "unknown vocabulary '@privacy_staff'" in err.message
    assert (err.line, err.column) == (5, 39)


def test_vocabularies_that_name_each_other_are_an_error(write) -> None:  # type: ignore[no-untyped-def]
    err = error_for(write, NESTED.replace("[privacy team, privacy office]", "[privacy team, '@dpo']"))
    assert "vocabularies name each other in a cycle: @dpo -> @privacy_team -> @dpo" in err.message
    assert err.line == 6


def test_nesting_cannot_multiply_a_vocabulary_without_bound(write) -> None:  # type: ignore[no-untyped-def]
    # each level doubles the one below: 2**20 terms from 21 short lines
    levels = "".join(f"  v{k}: ['@v{k + 1}', '@v{k + 1}']\n" for k in range(20)) + "  v20: [x]\n"
    text = MINIMAL.replace("  dpo: [data protection officer, DPO]\n", levels).replace('"@dpo"', '"@v0"')
    err = error_for(write, text)
    assert "expands to more than 100,000 terms" in err.message


def test_regex_that_does_not_compile(write) -> None:  # type: ignore[no-untyped-def]
    err = error_for(write, MINIMAL.replace('terms: ["@dpo"]', "regex: '(unclosed'"))
    assert "regex does not compile" in err.message
    assert err.line == 12 and err.column == 7


def test_matcher_with_two_kinds_is_rejected(write) -> None:  # type: ignore[no-untyped-def]
    err = error_for(write, MINIMAL.replace('terms: ["@dpo"]', 'terms: ["@dpo"]\n      regex: dpo'))
    assert err.line == 11 and "exactly one of" in err.message


def test_heading_outside_all_is_rejected(write) -> None:  # type: ignore[no-untyped-def]
    err = error_for(write, MINIMAL.replace('terms: ["@dpo"]', "heading: {terms: [rights]}"))
    assert "heading is a location constraint" in err.message


def test_hostile_regex_times_out_with_a_positioned_error(write) -> None:  # type: ignore[no-untyped-def]
    rs = load_ruleset(ruleset_file(write, MINIMAL.replace('terms: ["@dpo"]', "regex: '(a+)+$'")))
    document = load_policy("a" * 5000 + "!")
    with pytest.raises(RulesetError) as info:
        check(document, rs)
    assert "catastrophic backtracking" in info.value.message
    assert info.value.line == 12


def test_extends_and_overrides(write) -> None:  # type: ignore[no-untyped-def]
    ruleset_file(write, MINIMAL)
    child = ruleset_file(
        write,
        """\
        id: stricter
        title: Stricter
        version: "2"
        extends: house.yaml
        overrides:
          house.dpo.named: {severity: warning}
        rules:
          - id: stricter.dpo.email
            title: DPO e-mail
            citation: Internal policy 1.3
            severity: error
            expect:
              all:
                - terms: ["@dpo"]
                - entity: email
        """,
        "stricter.yaml",
    )
    rs = load_ruleset(child)
    assert [r.id for r in rs.rules] == ["house.dpo.named", "stricter.dpo.email"]
    assert rs.rule("house.dpo.named").severity == "warning"  # type: ignore[union-attr]
    report = check(load_policy("Our DPO: dpo@example.org"), rs)
    assert [f.outcome.value for f in report.findings] == ["pass", "pass"]


def test_override_can_disable(write) -> None:  # type: ignore[no-untyped-def]
    ruleset_file(write, MINIMAL)
    child = ruleset_file(
        write,
        'id: quiet\ntitle: Q\nversion: "1"\nextends: house.yaml\n'
        "overrides:\n  house.dpo.named: {enabled: false}\nrules: []\n",
        "quiet.yaml",
    )
    report = check(load_policy("nothing"), load_ruleset(child))
    assert report.findings == []


def test_override_of_unknown_rule(write) -> None:  # type: ignore[no-untyped-def]
    ruleset_file(write, MINIMAL)
    child = ruleset_file(
        write,
        'id: q\ntitle: Q\nversion: "1"\nextends: house.yaml\noverrides:\n  nope.rule: {enabled: false}\n',
        "q.yaml",
    )
    with pytest.raises(RulesetError, match=r"unknown rule 'nope\.rule'"):
        load_ruleset(child)


def test_extends_cycle(write) -> None:  # type: ignore[no-untyped-def]
    ruleset_file(write, 'id: a\ntitle: A\nversion: "1"\nextends: b.yaml\nrules: []\n', "a.yaml")
    b = ruleset_file(write, 'id: b\ntitle: B\nversion: "1"\nextends: a.yaml\nrules: []\n', "b.yaml")
    with pytest.raises(RulesetError, match="extends cycle"):
        load_ruleset(b)


def test_unknown_name_lists_available() -> None:
    with pytest.raises(UsageError) as info:
        load_ruleset("no-such-regime")
    assert "gdpr" in info.value.message


def test_builtin_rulesets_are_found() -> None:
    assert "gdpr" in available()


def test_compiled_ruleset_pickles(write) -> None:  # type: ignore[no-untyped-def]
    rs = load_ruleset("gdpr")
    clone = pickle.loads(pickle.dumps(rs))
    document = load_policy("You have the right to lodge a complaint with a supervisory authority.")
    a = check(document, rs).to_dict()
    b = check(document, clone).to_dict()
    assert a == b


def test_ruleset_path_the_os_refuses_is_a_ruleset_error(tmp_path: Path) -> None:
    """Found by fuzzing: ``Path.resolve`` and ``Path.exists`` raise on a symlink loop, a NUL byte or a
    name longer than the OS allows; each is a positioned RulesetError or an unknown name, not a crash."""
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    with pytest.raises(RulesetError, match="symbolic link loop"):
        load_ruleset(loop)
    with pytest.raises(UsageError, match="unknown ruleset"):
        load_ruleset("a" * 300)  # no suffix or slash: looked up by name, and exists() raises ENAMETOOLONG
    child = tmp_path / "child.yaml"
    child.write_text('id: c\ntitle: C\nversion: "1"\nextends: "a\\0b.yaml"\nrules: []\n', encoding="utf-8")
    with pytest.raises(RulesetError, match="embedded null byte"):
        load_ruleset(child)
