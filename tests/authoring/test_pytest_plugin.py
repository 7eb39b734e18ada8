"""The opt-in pytest plugin: one test item per embedded example, run in a pytest inside the test."""

from __future__ import annotations

import os
from importlib import metadata
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

RULESET = """\
id: house
title: House
version: "1"
rules:
  - id: house.dpo.email
    title: DPO reachable by e-mail
    citation: House 1
    severity: error
    expect:
      all:
        - terms: [DPO]
        - entity: email
    examples:
      - name: with address
        text: "Our DPO is at dpo@example.org."
        outcome: pass
      - name: without address
        text: "We have a DPO."
        outcome: missing
  - id: house.retention.not_forever
    title: No open-ended retention
    citation: House 2
    severity: error
    kind: prohibition
    contradict:
      all:
        - terms: [keep]
        - terms: [forever]
    examples:
      - {name: a period, text: "We keep data for a year.", outcome: pass}
      - {name: forever, text: "We keep data forever.", outcome: fail}
"""


def _plugin_args() -> tuple[str, ...]:
    """``-p policy_rules.pytest_plugin`` unless pytest already loads it through the installed entry point.

    Loading it both ways would register the module twice, which pytest refuses; and the test must not
    depend on whether the editable install's metadata has been refreshed since the entry point was added.
    """
    autoload = not os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    installed = any(
        ep.value == "policy_rules.pytest_plugin" for ep in metadata.entry_points(group="pytest11")
    )
    return () if autoload and installed else ("-p", "policy_rules.pytest_plugin")


def _args(pytester: pytest.Pytester, *extra: str) -> tuple[str, ...]:
    return (*_plugin_args(), "-p", "no:cacheprovider", *extra)


def test_pyproject_registers_the_plugin() -> None:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]

    pyproject = tomllib.loads(
        (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    )
    assert pyproject["project"]["entry-points"]["pytest11"] == {"policy_rules": "policy_rules.pytest_plugin"}


def test_option_generates_one_item_per_example(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", house=RULESET)
    collected = pytester.runpytest(
        *_args(pytester, "--policy-rules-ruleset", "house.yaml", "--collect-only", "-q")
    )
    collected.stdout.fnmatch_lines(
        [
            "house.yaml::house.dpo.email?with address?",
            "house.yaml::house.dpo.email?without address?",
            "house.yaml::house.retention.not_forever?a period?",
            "house.yaml::house.retention.not_forever?forever?",
            "4 tests collected*",
        ]
    )
    result = pytester.runpytest(*_args(pytester, "--policy-rules-ruleset", "house.yaml", "-k", "dpo"))
    result.assert_outcomes(passed=2, deselected=2)


def test_failing_example_reports_diff_and_yaml_line(pytester: pytest.Pytester) -> None:
    pytester.makefile(
        ".yaml",
        house=RULESET.replace(
            '"We keep data forever.", outcome: fail', '"We keep data forever.", outcome: pass'
        ),
    )
    result = pytester.runpytest(*_args(pytester, "--policy-rules-ruleset", "house.yaml"))
    # The broken example, the other three, and one item for the gap (no fail example left).
    result.assert_outcomes(passed=3, failed=2)
    result.stdout.fnmatch_lines(
        [
            "*house.yaml:31: house.retention.not_forever: forever",
            "*expected: pass",
            "*actual:   fail",
            "*1:1 'We keep data forever.'",
            "*house.retention.not_forever: no 'fail' example*",
        ]
    )


def test_ini_option_and_files_outside_the_test_paths(pytester: pytest.Pytester) -> None:
    rules = pytester.mkdir("rules")
    (rules / "house.yaml").write_text(RULESET, encoding="utf-8")
    tests = pytester.mkdir("tests")
    (tests / "test_other.py").write_text("def test_other():\n    assert 1 + 1 == 2\n", encoding="utf-8")
    pytester.makeini("[pytest]\ntestpaths = tests\npolicy_rules_rulesets =\n    rules/house.yaml\n")
    result = pytester.runpytest(*_args(pytester))
    result.assert_outcomes(passed=5)


def test_plugin_is_inert_without_the_option(pytester: pytest.Pytester) -> None:
    """Installed with policy-rules, it must not turn anyone's YAML files into tests."""
    pytester.makefile(".yaml", house=RULESET)
    pytester.makepyfile("def test_one():\n    assert True\n")
    result = pytester.runpytest(*_args(pytester))
    result.assert_outcomes(passed=1)


def test_unknown_ruleset_is_a_usage_error(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest(*_args(pytester, "--policy-rules-ruleset", "no-such-ruleset"))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--policy-rules-ruleset no-such-ruleset: *unknown ruleset*"])


def test_builtin_ruleset_by_name(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest(*_args(pytester, "--policy-rules-ruleset", "gdpr", "-q", "-k", "dpo_contact"))
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed", 0) >= 2 and "failed" not in outcomes


def test_invalid_ruleset_is_a_collection_error_with_its_position(pytester: pytest.Pytester) -> None:
    pytester.makefile(
        ".yaml",
        house=RULESET.replace(
            "    severity: error\n    kind: prohibition", "    severity: fatal\n    kind: prohibition"
        ),
    )
    result = pytester.runpytest(*_args(pytester, "--policy-rules-ruleset", "house.yaml"))
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["*house.yaml:23:5: *fatal* is not one of*rules.1.severity?"])
    result.stdout.no_fnmatch_line("*Traceback*")
