"""Options shared by several sub-commands: rulesets, facts and the evaluation date."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

from ..errors import InputError, UsageError


def add_ruleset_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--ruleset", "-r", action="append", default=[], metavar="NAME|PATH",
        help="built-in ruleset name or path to a ruleset .yaml (repeatable; default: every built-in ruleset)",
    )  # fmt: skip


def add_context_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--facts", metavar="FILE", help="YAML or JSON file of profile facts (e.g. gdpr_art3_2: true)"
    )
    parser.add_argument(
        "--fact", action="append", default=[], metavar="NAME=VALUE",
        help="one profile fact (repeatable; overrides --facts)",
    )  # fmt: skip
    parser.add_argument(
        "--date", metavar="YYYY-MM-DD",
        help="evaluation date (default: today); 'policy' uses each policy's own last-updated date",
    )  # fmt: skip


def load_rulesets(names: list[str]) -> list[Any]:
    from ..rules.loader import load_ruleset
    from ..rules.registry import available

    chosen = names or list(available())
    if not chosen:
        raise UsageError("no rulesets found; pass --ruleset PATH")
    return [load_ruleset(n) for n in chosen]


def parse_date(value: str | None) -> dt.date | None:
    if value is None or value == "policy":
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--date must be YYYY-MM-DD or 'policy', not {value!r}") from None


def load_facts(path: str | None, pairs: list[str]) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    if path:
        facts.update(_read_facts_file(Path(path)))
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--fact needs NAME=VALUE, not {pair!r}")
        facts[name.strip()] = _scalar(raw.strip())
    return facts


def _scalar(raw: str) -> Any:
    lowered = raw.lower()
    if lowered in ("true", "yes", "on"):
        return True
    if lowered in ("false", "no", "off"):
        return False
    try:
        return int(raw)
    except ValueError:
        return raw


def _read_facts_file(path: Path) -> dict[str, Any]:
    import yaml

    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("no such facts file", path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read facts file: {exc}", path=str(path)) from None
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else getattr(exc, "lineno", None)
        column = mark.column + 1 if mark is not None else getattr(exc, "colno", None)
        raise InputError(
            "facts file is not valid YAML/JSON", path=str(path), line=line, column=column
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        raise InputError("facts file must be a mapping of fact names to values", path=str(path))
    for key, value in data.items():
        if not isinstance(value, (str, int, float, bool)):
            raise InputError(f"fact {key!r} must be a string, number or boolean", path=str(path))
    return dict(data)
