"""Project configuration: ``[tool.policy-rules]`` in ``pyproject.toml`` or ``.policy-rules.yaml``.

Found by walking up from the working directory (the nearest directory with either file wins; in one
directory ``.policy-rules.yaml`` wins over ``pyproject.toml``), or named with ``--config``. Paths in
the file are relative to it. Command-line options override it, and ``policy-rules config`` shows
every effective value with where it came from. Unknown keys are errors: a typo must not silently
switch a check off.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..bounded_read import MB, is_missing, limit_from_megabytes, read_text_bounded
from ..errors import UsageError

YAML_NAMES = (".policy-rules.yaml", ".policy-rules.yml")
SEVERITIES = ("error", "warning", "info")
FORMATS = ("text", "json", "jsonl", "sarif", "github", "junit", "markdown", "html")
FAIL_ON = ("fail", "missing", "error", "warning", "info")
#: Largest configuration file (``.policy-rules.yaml`` or ``pyproject.toml``) read.
MAX_CONFIG_BYTES = 16 * MB

#: key -> (description, default)
KEYS: dict[str, tuple[str, Any]] = {
    "rulesets": ("ruleset names or paths (default: every built-in ruleset)", []),
    "facts": ("profile facts, e.g. {gdpr_art3_2: true}", {}),
    "facts_file": ("a YAML/JSON file of profile facts", None),
    "date": ("evaluation date YYYY-MM-DD, or 'policy' (default: today)", None),
    "disable": ("rule ids (or ruleset ids) to switch off", []),
    "severity": ("severity overrides: {rule_id: error|warning|info}", {}),
    "files": ("files, directories or globs checked when none are given", []),
    "exclude": ("globs of files never checked", []),
    "fail_on": ("what makes the exit status 1: fail, missing, error, warning or info", "error"),
    "format": ("output format on standard output", "text"),
    "outputs": ("more reports written to files: {sarif: report.sarif, junit: junit.xml}", {}),
    "baseline": ("baseline file: findings recorded in it do not fail the run", None),
    "report_unused_suppressions": ("report suppression comments that suppress nothing", False),
    "max_size": ("largest policy file checked, in MB (0: no limit)", 10),
}


@dataclass
class Config:
    values: dict[str, Any] = field(default_factory=lambda: {k: v for k, (_, v) in KEYS.items()})
    sources: dict[str, str] = field(default_factory=lambda: dict.fromkeys(KEYS, "default"))
    path: Path | None = None

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def set(self, key: str, value: Any, source: str) -> None:
        self.values[key] = value
        self.sources[key] = source

    def describe(self) -> str:
        lines = [f"# configuration file: {self.path if self.path else 'none found'}"]
        for key in KEYS:
            lines.append(f"{key} = {self.values[key]!r}  # {self.sources[key]}")
        return "\n".join(lines) + "\n"


def find_config(start: Path) -> Path | None:
    """The nearest configuration file at or above ``start``."""
    for directory in (start, *start.parents):
        for name in YAML_NAMES:
            if (directory / name).is_file():
                return directory / name
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        tool = _read_toml(pyproject).get("tool", {})
        return isinstance(tool, dict) and "policy-rules" in tool
    except UsageError:
        return False


def _read_text(path: Path) -> str:
    return read_text_bounded(path, MAX_CONFIG_BYTES, error=UsageError, what="configuration file")


def _read_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):  # imported here: most runs find no pyproject.toml to read
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib

    text = _read_text(path)
    try:
        data: dict[str, Any] = tomllib.loads(text)
        return data
    except ValueError as exc:  # TOMLDecodeError, and plain ValueError for an int over 4300 digits
        raise UsageError(f"cannot read configuration: {exc}", path=str(path)) from None
    except RecursionError:  # tomllib recurses into nested arrays and inline tables
        raise UsageError("cannot read configuration: nested too deeply", path=str(path)) from None


def load_config(path: Path | None) -> Config:
    config = Config(path=path)
    if path is None:
        return config
    if is_missing(path):
        raise UsageError("no such configuration file", path=str(path))
    if path.name == "pyproject.toml" or path.suffix == ".toml":
        tool = _read_toml(path).get("tool", {})
        table = tool.get("policy-rules", {}) if isinstance(tool, dict) else None
        positions = _toml_positions(path)
        source = f"{path} [tool.policy-rules]"
    else:
        from ..rules.yaml_source import load_yaml  # PyYAML is imported only when there is YAML to read

        located = load_yaml(_read_text(path), str(path), what="configuration file")
        table = located.data
        positions = {k[0]: v for k, v in located.marks.items() if len(k) == 1 and isinstance(k[0], str)}
        source = str(path)
    if not isinstance(table, dict):
        raise UsageError("configuration must be a mapping of keys to values", path=str(path))
    base = path.parent
    for key, value in table.items():
        line, column = positions.get(key, (None, None))
        if key not in KEYS:
            raise UsageError(
                f"unknown configuration key {key!r} (known: {', '.join(KEYS)})",
                path=str(path),
                line=line,
                column=column,
                key=key,
            )
        try:
            config.set(key, _validate(key, value, base), source)
        except ValueError as exc:
            raise UsageError(str(exc), path=str(path), line=line, column=column, key=key) from None
    return config


def _toml_positions(path: Path) -> dict[str, tuple[int, int]]:
    """Line/column of each key in the [tool.policy-rules] table (tomllib keeps no positions)."""
    positions: dict[str, tuple[int, int]] = {}
    inside = False
    for number, line in enumerate(_read_text(path).splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = stripped in ("[tool.policy-rules]", '[tool."policy-rules"]')
            continue
        m = re.match(r"\s*([A-Za-z0-9_\-\"]+)\s*=", line)
        if inside and m:
            positions.setdefault(m.group(1).strip('"'), (number, m.start(1) + 1))
    return positions


def _strings(key: str, value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{key} must be a list of strings")
    return list(value)


def _validate(key: str, value: Any, base: Path) -> Any:
    if key == "rulesets":
        return [_rel(v, base) if _is_path(v) else v for v in _strings(key, value)]
    if key in ("files", "exclude"):
        return [_rel(v, base) for v in _strings(key, value)]
    if key == "disable":
        return _strings(key, value)
    if key == "facts":
        if not isinstance(value, dict) or not all(
            isinstance(v, (str, int, float, bool)) for v in value.values()
        ):
            raise ValueError("facts must be a mapping of fact names to strings, numbers or booleans")
        return dict(value)
    if key in ("facts_file", "baseline"):
        if not isinstance(value, str):
            raise ValueError(f"{key} must be a path")
        return _rel(value, base)
    if key == "date":
        if not isinstance(value, str):
            value = str(value)
        return value
    if key == "severity":
        if not isinstance(value, dict) or not all(v in SEVERITIES for v in value.values()):
            raise ValueError("severity must map rule ids to error, warning or info")
        return dict(value)
    if key == "fail_on":
        if value not in FAIL_ON:
            raise ValueError(f"fail_on must be one of {', '.join(FAIL_ON)}")
        return value
    if key == "format":
        if value not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}")
        return value
    if key == "outputs":
        if not isinstance(value, dict) or not all(
            k in FORMATS and isinstance(v, str) for k, v in value.items()
        ):
            raise ValueError(f"outputs must map formats ({', '.join(FORMATS)}) to file paths")
        return {k: _rel(v, base) for k, v in value.items()}
    if key == "max_size":
        try:
            limit_from_megabytes(value)
        except ValueError:
            raise ValueError("max_size must be a number of megabytes (0: no limit)") from None
        return value
    if key == "report_unused_suppressions":
        if not isinstance(value, bool):
            raise ValueError("report_unused_suppressions must be true or false")
        return value
    raise ValueError(f"unknown key {key}")  # pragma: no cover - KEYS is checked first


def _is_path(value: str) -> bool:
    return value.endswith((".yaml", ".yml")) or "/" in value


def _rel(value: str, base: Path) -> str:
    """``value`` resolved against the configuration's directory, shown relative to the working
    directory when it lies below it (reports and annotations want repository-relative paths)."""
    path = Path(value)
    if path.is_absolute():
        return value
    joined = base / path
    try:
        below = joined.resolve().is_relative_to(Path.cwd().resolve())
        return os.path.relpath(joined) if below else str(joined)
    except ValueError:
        return str(joined)
