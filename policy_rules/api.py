"""The library's front door: the three calls most users need."""

from __future__ import annotations

from .document.loading import load_policy
from .engine.check import check
from .rules.compiled import Ruleset
from .rules.loader import load_ruleset
from .rules.registry import available


def load_builtin_rulesets() -> list[Ruleset]:
    """Every built-in and installed ruleset, in a stable order."""
    return [load_ruleset(name) for name in available()]


__all__ = ["check", "load_builtin_rulesets", "load_policy", "load_ruleset"]
