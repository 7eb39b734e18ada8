"""Property: a mutated or truncated ruleset, configuration or facts file loads or is a PolicyRulesError.

Never a traceback of another kind, whichever bytes the fuzzer flips: YAML syntax, tags, anchors,
control characters, deep brackets and broken UTF-8 all end as one positioned, user-facing error.
"""

from __future__ import annotations

import contextlib
import itertools
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from policy_rules import load_ruleset
from policy_rules.cli.options import load_facts
from policy_rules.errors import PolicyRulesError
from policy_rules.lint.config import load_config
from policy_rules.rules import yaml_source

RULESET = """\
id: house
title: House rules
version: "1"
description: &desc Rules for the house.
vocabularies:
  dpo: [data protection officer, DPO]
applies_when: {not: {fact: exempt, default: false}}
rules:
  - id: house.dpo.named
    title: DPO named
    citation: Internal policy 1.2
    severity: error
    description: *desc
    expect:
      all:
        - terms: ["@dpo"]
        - any: [{entity: email}, {regex: 'contact\\s+us'}]
        - not: {terms: [no officer]}
    values:
      - {where: {terms: [respond]}, max_days: 30}
    examples:
      - {text: "Our DPO is Jane Roe.", outcome: pass}
      - {text: "We care about privacy.", outcome: missing}
overrides: {}
"""

CONFIG = """\
rulesets: [gdpr, house.yaml]
facts: {gdpr_art3_2: true, employees: 12}
disable: [gdpr.art13.1.f.transfers]
severity: {gdpr.art12.3.response_time_limit: warning}
files: ["docs/*.md"]
fail_on: warning
format: json
outputs: {sarif: report.sarif}
max_size: 2.5
date: 2026-01-01
"""

FACTS = "gdpr_applies: true\nemployees: 250\nsector: 'health'\nsince: 2024-01-01\n"

# Characters that matter to YAML, to UTF-8 and to the limits, plus ordinary ones.
ALPHABET = [*":-[]{}&*!|>'\"#%@,?<=~\\\n\t \x00\x07\x85\ufeff\u2028", "ab", "12", "\n  - ", "!!int"]

NAMES = itertools.count()


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


@st.composite
def mutated(draw: st.DrawFn, text: str) -> bytes:
    """``text`` with a few characters replaced, inserted or deleted, or a single truncation; as
    UTF-8 with occasionally a byte that is not UTF-8."""
    out = text
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(out)))
        op = draw(st.sampled_from(["replace", "insert", "delete", "truncate", "repeat"]))
        piece = draw(st.sampled_from(ALPHABET))
        if op == "replace":
            out = out[:where] + piece + out[where + 1 :]
        elif op == "insert":
            out = out[:where] + piece + out[where:]
        elif op == "delete":
            out = out[:where] + out[where + 1 :]
        elif op == "repeat":
            out = out[:where] + piece * draw(st.integers(2, 300)) + out[where:]
        else:
            out = out[:where]
    data = out.encode("utf-8")
    if draw(st.integers(0, 9)) == 0:
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + b"\xff" + data[cut:]
    return data


def fresh(folder: Path, name: str, data: bytes) -> Path:
    """A new file per example: the ruleset cache keys on path, mtime and size."""
    path = folder / str(next(NAMES)) / name
    path.parent.mkdir()
    path.write_bytes(data)
    return path


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_the_unmutated_files_load(folder: Path) -> None:
    assert load_ruleset(fresh(folder, "house.yaml", RULESET.encode())).id == "house"
    assert load_config(fresh(folder, ".policy-rules.yaml", CONFIG.encode()))["format"] == "json"
    assert load_facts(str(fresh(folder, "facts.yaml", FACTS.encode())), [])["employees"] == 250


@PROPERTY
@given(data=mutated(RULESET))
@example(data=RULESET[:200].encode())
@example(data=RULESET.replace("[data", "[" * 300 + "data").encode())
@example(data=RULESET.replace("*desc", "*nope").encode())
@example(data=RULESET.replace("Rules for", "!!int Rules for").encode())
def test_mutated_ruleset_loads_or_is_a_policy_rules_error(folder: Path, data: bytes) -> None:
    with contextlib.suppress(PolicyRulesError):
        load_ruleset(fresh(folder, "house.yaml", data))


@PROPERTY
@given(data=mutated(CONFIG))
@example(data=CONFIG.replace("2026-01-01", "2026-13-45").encode())
@example(data=CONFIG.replace("12}", "12, x: &a [*a]}").encode())
def test_mutated_config_loads_or_is_a_policy_rules_error(folder: Path, data: bytes) -> None:
    with contextlib.suppress(PolicyRulesError):
        load_config(fresh(folder, ".policy-rules.yaml", data))


@PROPERTY
@given(data=mutated(FACTS))
def test_mutated_facts_load_or_are_a_policy_rules_error(folder: Path, data: bytes) -> None:
    with contextlib.suppress(PolicyRulesError):
        load_facts(str(fresh(folder, "facts.yaml", data)), [])


@settings(max_examples=40, deadline=None)
@given(data=mutated(RULESET))
@example(data=b"!!int")
@example(data=b"a: !!bool x\nb: !!timestamp\n? !!float\n: 1\n")
def test_pure_python_loader_obeys_the_same_contract(data: bytes) -> None:
    original = yaml_source._Loader
    yaml_source._Loader = yaml.SafeLoader
    try:
        yaml_source.load_yaml(data.decode("utf-8", errors="replace"), "house.yaml")
    except PolicyRulesError:
        pass
    finally:
        yaml_source._Loader = original
