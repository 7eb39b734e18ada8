"""policy-rules: lint privacy policies against legal checklists, with cited evidence.

>>> from policy_rules import load_policy, load_ruleset, check
>>> report = check(load_policy("policy.md"), [load_ruleset("gdpr")])
>>> report = check(load_url("https://example.com/privacy"), [load_ruleset("gdpr")])

Names are imported lazily so that ``policy-rules --version`` and small scripts start fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_policy": "policy_rules.document.loading",
    "read_source": "policy_rules.document.loading",
    "load_url": "policy_rules.document.web",
    "PolicyDocument": "policy_rules.document.model",
    "Block": "policy_rules.document.model",
    "BlockKind": "policy_rules.document.model",
    "Section": "policy_rules.document.model",
    "Sentence": "policy_rules.document.model",
    "Entity": "policy_rules.document.model",
    "EntityKind": "policy_rules.document.model",
    "Source": "policy_rules.document.source",
    "Span": "policy_rules.document.source",
    "load_ruleset": "policy_rules.rules.loader",
    "Ruleset": "policy_rules.rules.compiled",
    "Rule": "policy_rules.rules.compiled",
    "check": "policy_rules.engine.check",
    "check_many": "policy_rules.engine.batch",
    "Report": "policy_rules.engine.findings",
    "DocumentResult": "policy_rules.engine.findings",
    "Finding": "policy_rules.engine.findings",
    "Evidence": "policy_rules.engine.findings",
    "Outcome": "policy_rules.engine.findings",
    "diff_policies": "policy_rules.engine.diff",
    "diff_results": "policy_rules.engine.diff",
    "PolicyDiff": "policy_rules.engine.diff",
    "FindingChange": "policy_rules.engine.diff",
    "RegimeChange": "policy_rules.engine.diff",
    "Direction": "policy_rules.engine.diff",
    "load_builtin_rulesets": "policy_rules.api",
    "PolicyRulesError": "policy_rules.errors",
    "InputError": "policy_rules.errors",
    "RulesetError": "policy_rules.errors",
    "UsageError": "policy_rules.errors",
}

__all__ = [
    "Block",
    "BlockKind",
    "Direction",
    "DocumentResult",
    "Entity",
    "EntityKind",
    "Evidence",
    "Finding",
    "FindingChange",
    "InputError",
    "Outcome",
    "PolicyDiff",
    "PolicyDocument",
    "PolicyRulesError",
    "RegimeChange",
    "Report",
    "Rule",
    "Ruleset",
    "RulesetError",
    "Section",
    "Sentence",
    "Source",
    "Span",
    "UsageError",
    "__version__",
    "check",
    "check_many",
    "diff_policies",
    "diff_results",
    "load_builtin_rulesets",
    "load_policy",
    "load_ruleset",
    "load_url",
    "read_source",
]

if TYPE_CHECKING:
    from .api import load_builtin_rulesets
    from .document.loading import load_policy, read_source
    from .document.model import Block, BlockKind, Entity, EntityKind, PolicyDocument, Section, Sentence
    from .document.source import Source, Span
    from .document.web import load_url
    from .engine.batch import check_many
    from .engine.check import check
    from .engine.diff import Direction, FindingChange, PolicyDiff, RegimeChange, diff_policies, diff_results
    from .engine.findings import DocumentResult, Evidence, Finding, Outcome, Report
    from .errors import InputError, PolicyRulesError, RulesetError, UsageError
    from .rules.compiled import Rule, Ruleset
    from .rules.loader import load_ruleset


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'policy_rules' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
