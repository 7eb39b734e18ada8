"""Suppression comments, as the lint run reads them: see :mod:`policy_rules.engine.suppressions`.

The parser lives in ``engine`` so that the library's ``check()`` applies the same comments without
importing ``lint``; this module keeps the names the lint code and its users import.
"""

from __future__ import annotations

from ..engine.suppressions import Directive, apply_directives, known_rule_ids, parse_directives
from ..engine.suppressions import _comments as _comments
from ..engine.suppressions import _ids_and_reason as _ids_and_reason

__all__ = ["Directive", "apply_directives", "known_rule_ids", "parse_directives"]
