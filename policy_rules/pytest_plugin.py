"""pytest plugin: one test item per example embedded in a ruleset, opt-in.

Installed with policy-rules (entry point ``pytest11``), it does nothing until asked::

    pytest --policy-rules-ruleset rules/house.yaml        # repeatable; a path or an installed name

or, in the project's pytest configuration::

    [tool.pytest.ini_options]
    policy_rules_rulesets = ["rules/house.yaml"]

Each example becomes an item named ``<rule id>[<example name>]`` that reports the YAML file and line
of the example, so ``pytest -k``, ``--lf`` and CI test reports work per example; a rule without both
a passing and a missing (or failing) example gets one more, failing, item. Why not collect every
``*.yaml`` automatically: most YAML files in a repository are not rulesets, and loading one that is
not would turn an unrelated file into a test error.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .rules.compiled import Rule, Ruleset
    from .rules.examples import ExampleResult

_KEY = pytest.StashKey[set[Path]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("policy-rules", "policy-rules ruleset examples")
    group.addoption(
        "--policy-rules-ruleset",
        action="append",
        default=[],
        metavar="NAME|PATH",
        help="run the embedded examples of this ruleset as test items (repeatable)",
    )
    parser.addini(
        "policy_rules_rulesets",
        type="linelist",
        default=[],
        help="rulesets (paths relative to the rootdir, or installed names) whose examples are test items",
    )


def _resolve(name: str, rootdir: Path, from_ini: bool) -> Path:
    from .rules.registry import looks_like_path

    if from_ini and not os.path.isabs(name) and (rootdir / name).exists():
        return (rootdir / name).resolve()
    if looks_like_path(name):
        return Path(name).resolve()
    from .rules.loader import resolve

    path, _ = resolve(name)
    return path.resolve()


def pytest_configure(config: pytest.Config) -> None:
    wanted = [(n, False) for n in config.getoption("policy_rules_ruleset") or []]
    wanted += [(n, True) for n in config.getini("policy_rules_rulesets") or []]
    paths: set[Path] = set()
    for name, from_ini in wanted:
        try:
            path = _resolve(name, config.rootpath, from_ini)
        except Exception as exc:  # an unknown name is a usage error, reported like pytest's own
            raise pytest.UsageError(f"--policy-rules-ruleset {name}: {exc}") from None
        if not path.is_file():
            raise pytest.UsageError(f"--policy-rules-ruleset {name}: no such ruleset file {path}")
        paths.add(path)
        # Collect the file even when it lies outside the paths pytest was asked to collect.
        if str(path) not in config.args:
            config.args.append(str(path))
    config.stash[_KEY] = paths


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> RulesetFile | None:
    if file_path.resolve() in parent.config.stash.get(_KEY, set()):
        item: RulesetFile = RulesetFile.from_parent(parent, path=file_path)
        return item
    return None


class RulesetFile(pytest.File):
    """A ruleset YAML file: its rules' examples, run once per rule and cached."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._results: dict[str, list[ExampleResult]] = {}
        self.ruleset: Ruleset | None = None

    def collect(self) -> Iterator[pytest.Item]:
        from .errors import PolicyRulesError
        from .rules.examples import example_gaps
        from .rules.loader import load_ruleset

        try:
            self.ruleset = load_ruleset(self.path)
        except PolicyRulesError as exc:  # positioned message, not a traceback into the loader
            raise self.CollectError(str(exc)) from None
        for index, regime_example in enumerate(self.ruleset.examples):
            name = (regime_example.name or f"example {index + 1}").replace("::", ":")
            yield RegimeExampleItem.from_parent(
                self, name=f"{self.ruleset.id}.applies_when[{name}]", index=index
            )
        for rule in self.ruleset.rules:
            for index, example in enumerate(rule.examples):
                name = (example.name or f"example {index + 1}").replace("::", ":")
                yield ExampleItem.from_parent(self, name=f"{rule.id}[{name}]", rule=rule, index=index)
            for gap in example_gaps(rule):
                yield GapItem.from_parent(self, name=f"{rule.id}[{gap}]", rule=rule, gap=gap)

    def results(self, rule: Rule) -> list[ExampleResult]:
        if rule.id not in self._results:
            from .rules.examples import run_examples

            assert self.ruleset is not None
            self._results[rule.id] = run_examples(self.ruleset, {rule.id})
        return self._results[rule.id]


class ExampleFailed(AssertionError):
    """An example whose outcome or evidence differs from what the rule gives."""


class ExampleItem(pytest.Item):
    def __init__(self, *, rule: Rule, index: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rule = rule
        self.index = index

    def runtest(self) -> None:
        from .testing import example_report

        assert isinstance(self.parent, RulesetFile)
        result = self.parent.results(self.rule)[self.index]
        if not result.ok:
            raise ExampleFailed(example_report(self.rule, result))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ExampleFailed):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo, style=style))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        lines = self.rule.example_lines
        line = lines[self.index] if self.index < len(lines) else self.rule.line
        return self.path, (line - 1 if line is not None else None), self.name


class RegimeExampleItem(pytest.Item):
    """One of the ruleset's applicability examples: does the regime apply to this snippet?"""

    def __init__(self, *, index: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.index = index

    def _result(self) -> ExampleResult:
        from .rules.examples import run_regime_examples

        assert isinstance(self.parent, RulesetFile) and self.parent.ruleset is not None
        return run_regime_examples(self.parent.ruleset)[self.index]

    def runtest(self) -> None:
        r = self._result()
        if not r.ok:
            raise ExampleFailed(
                f"{r.path}:{r.line}: {r.name}: expected {r.expected}, got {r.actual}: {r.detail}"
            )

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ExampleFailed):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo, style=style))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        assert isinstance(self.parent, RulesetFile) and self.parent.ruleset is not None
        lines = self.parent.ruleset.example_lines
        line = lines[self.index] if self.index < len(lines) else None
        return self.path, (line - 1 if line is not None else None), self.name


class GapItem(pytest.Item):
    """A rule lacking a passing example or one showing the other side: always fails."""

    def __init__(self, *, rule: Rule, gap: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rule = rule
        self.gap = gap

    def runtest(self) -> None:
        raise ExampleFailed(f"{self.rule.path}:{self.rule.line}: {self.rule.id}: {self.gap}")

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        return str(excinfo.value)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = self.rule.line
        return self.path, (line - 1 if line is not None else None), self.name
