"""The ruleset JSON Schema and validation with positioned, readable errors."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError, best_match

from ..errors import RulesetError
from .yaml_source import LocatedYaml


@functools.lru_cache(maxsize=1)
def ruleset_schema() -> dict[str, Any]:
    """The JSON Schema for ruleset files (shipped in the package for editors and tools)."""
    text = resources.files("policy_rules.rules").joinpath("ruleset.schema.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@functools.lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(ruleset_schema(), format_checker=jsonschema.FormatChecker())


def validate_located(located: LocatedYaml) -> None:
    errors = list(_validator().iter_errors(located.data))
    if not errors:
        return
    error = best_match(errors, key=_relevance)
    # Prefer the deepest, most specific error inside a oneOf: that is what the author got wrong.
    while error.context:
        error = best_match(error.context, key=_relevance)
    raise _to_ruleset_error(located, error)


def _relevance(error: ValidationError) -> tuple[int, int]:
    specific = error.validator not in ("oneOf", "anyOf", "required")
    return (len(error.absolute_path), int(specific))


def _to_ruleset_error(located: LocatedYaml, error: ValidationError) -> RulesetError:
    where = tuple(error.absolute_path)
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    key_path = ".".join(str(p) for p in where) or "(top level)"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = sorted(schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed))
        if extra:
            name = extra[0]
            hint = f" (allowed: {', '.join(allowed)})" if allowed else ""
            return located.error(
                f"unknown key {name!r}{hint}", (*where, name), key=f"{key_path}.{name}".lstrip(".")
            )
    if error.validator == "required":
        return located.error(
            error.message.replace("is a required property", "is required"), where, key=key_path
        )
    if error.validator == "oneOf" and isinstance(error.instance, dict):
        kinds = ", ".join(sorted(k for s in schema.get("oneOf", []) for k in s.get("required", [])))
        return located.error(f"needs exactly one of: {kinds}", where, key=key_path)
    message = error.message
    if len(message) > 200:
        message = message[:200] + "…"
    return located.error(message, where, key=key_path)
