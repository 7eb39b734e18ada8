"""Rulesets shipped by other packages through the ``policy_rules.rulesets`` entry-point group."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from policy_rules.rules import registry
from policy_rules.rules.loader import load_ruleset

PLUGIN = (
    'id: acme-house\ntitle: ACME\nversion: "1"\nrules:\n'
    "  - id: acme.x\n    title: X\n    citation: c\n    severity: info\n    expect: {terms: [acme]}\n"
)


class FakeEntryPoint:
    def __init__(self, name: str, target: Any, error: Exception | None = None) -> None:
        self.name = name
        self._target = target
        self._error = error
        self.dist = None

    def load(self) -> Any:
        if self._error:
            raise self._error
        return self._target


def fake_entry_points(eps: list[FakeEntryPoint]):  # type: ignore[no-untyped-def]
    def entry_points(*, group: str) -> list[FakeEntryPoint]:
        assert group == registry.ENTRY_POINT_GROUP
        return eps

    return entry_points


def test_entry_point_directory_is_listed_and_loadable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "acme-house.yaml").write_text(PLUGIN, encoding="utf-8")
    monkeypatch.setattr(metadata, "entry_points", fake_entry_points([FakeEntryPoint("acme", str(tmp_path))]))
    found = registry.available()
    assert "acme-house" in found and "gdpr" in found
    assert "entry point acme" in found["acme-house"].origin
    assert load_ruleset("acme-house").rules[0].id == "acme.x"


def test_builtin_wins_over_a_plugin_with_the_same_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "gdpr.yaml").write_text(PLUGIN, encoding="utf-8")
    monkeypatch.setattr(metadata, "entry_points", fake_entry_points([FakeEntryPoint("evil", str(tmp_path))]))
    assert registry.available()["gdpr"].origin == "built-in"


def test_broken_plugin_does_not_break_listing(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = FakeEntryPoint("broken", None, ImportError("no module named acme"))
    monkeypatch.setattr(metadata, "entry_points", fake_entry_points([broken]))
    assert "gdpr" in registry.available()
