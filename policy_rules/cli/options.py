"""Options shared by several sub-commands: rulesets, facts and the evaluation date."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from ..bounded_read import MB, limit_from_megabytes, read_text_bounded
from ..errors import InputError, UsageError

#: Largest facts file read (a profile is a handful of names and values).
MAX_FACTS_BYTES = 16 * MB


def add_max_size_option(parser: argparse.ArgumentParser, default: float | None = None) -> None:
    """``--max-size MB``; ``check`` leaves the default to its configuration (10 MB unless set)."""
    parser.add_argument(
        "--max-size", type=_megabytes, default=default, metavar="MB",
        help="largest policy file read (default 10 MB; 0: no limit)",
    )  # fmt: skip


def add_rule_overrides(parser: argparse.ArgumentParser) -> None:
    """``--disable RULE_ID`` and ``--severity RULE_ID=LEVEL``, as every checking command takes them."""
    parser.add_argument(
        "--disable", action="append", default=[], metavar="RULE_ID", help="switch a rule or ruleset off"
    )
    parser.add_argument(
        "--severity", action="append", default=[], metavar="RULE_ID=LEVEL", help="override a rule's severity"
    )


def add_input_format_option(
    parser: argparse.ArgumentParser, help: str = "treat every input as this format"
) -> None:
    from ..document.source import INPUT_FORMATS

    parser.add_argument("--input-format", choices=INPUT_FORMATS, help=help)


def key_value_pairs(items: list[str], option: str) -> dict[str, str]:
    """``KEY=VALUE`` arguments of a repeatable option (``--severity``, ``--output``) as a mapping."""
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise UsageError(f"{option} needs KEY=VALUE, not {item!r}")
        out[key.strip()] = value.strip()
    return out


def add_web_options(parser: argparse.ArgumentParser) -> None:
    """``--timeout`` for fetching URLs and ``--boilerplate`` for dropping site chrome from HTML."""
    parser.add_argument(
        "--timeout", type=_seconds, default=30.0, metavar="SECONDS",
        help="fetching a URL: give up after this many seconds, redirects included (default 30)",
    )  # fmt: skip
    parser.add_argument(
        "--boilerplate", choices=("auto", "strip", "keep"), default="auto",
        help="drop site navigation, header, footer and cookie banners from HTML: 'auto' for fetched "
        "pages only (default), 'strip' for local .html files too, 'keep' never",
    )  # fmt: skip


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not (value > 0 and value < float("inf")):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, not {text!r}")
    return value


def _megabytes(text: str) -> float:
    """``--max-size``: argparse's ``float`` alone accepts ``-1``, ``nan`` and ``inf``, none a size."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of megabytes: {text!r}") from None
    try:
        limit_from_megabytes(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be 0 (no limit) or a positive number of MB, not {text!r}"
        ) from None
    return value


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
    """The facts in a YAML or JSON file, read bounded and parsed with the ruleset loader's limits."""
    from ..rules.json_source import load_json
    from ..rules.yaml_source import load_yaml

    text = read_text_bounded(path, MAX_FACTS_BYTES, error=InputError, what="facts file")
    marks: dict[Any, tuple[int, int]] = {}
    if path.suffix == ".json":
        data = load_json(text, path=str(path), error=InputError, what="facts file")
    else:
        located = load_yaml(text, str(path), what="facts file", allow_empty=True)
        data, marks = located.data, located.marks
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        raise InputError("facts file must be a mapping of fact names to values", path=str(path))
    for key, value in data.items():
        if not isinstance(value, (str, int, float, bool)):
            line, column = marks.get((key,), (None, None))
            raise InputError(
                f"fact {key!r} must be a string, number or boolean", path=str(path), line=line, column=column
            )
    return dict(data)
