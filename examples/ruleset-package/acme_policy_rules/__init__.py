"""ACME Consulting's house checklist for privacy policies, shipped as a policy-rules ruleset.

policy-rules finds the ruleset through the ``policy_rules.rulesets`` entry point, which names
:data:`RULESET_DIR`. Only this path is imported; the YAML is data and is never executed.
"""

from __future__ import annotations

from pathlib import Path

#: The directory holding the ruleset files (a str, as the entry-point group expects).
RULESET_DIR = str(Path(__file__).resolve().parent / "rulesets")
