"""Finding rulesets: built-in names, files by path, and rulesets shipped by other packages.

Other packages ship rulesets through the ``policy_rules.rulesets`` entry-point group: the entry point
names a module attribute holding a directory (or a single ``.yaml`` file); each ``*.yaml`` in it is a
ruleset named by its file stem. Only the path is imported; the YAML itself is never executed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENTRY_POINT_GROUP = "policy_rules.rulesets"
RULESET_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class RulesetSource:
    name: str
    path: Path
    origin: str


def builtin_dir() -> Path:
    """Where the built-in rulesets are: inside the installed wheel, or the checkout's ``rulesets/``."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "_rulesets"
    if installed.is_dir() and any(installed.glob("*.yaml")):
        return installed
    return package.parent / "rulesets"


def _yaml_files(directory: Path) -> list[Path]:
    if directory.is_file():
        return [directory]
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.suffix in RULESET_SUFFIXES and p.is_file())


def builtins() -> dict[str, RulesetSource]:
    """The built-in rulesets: a directory listing, no package metadata."""
    return {path.stem: RulesetSource(path.stem, path, "built-in") for path in _yaml_files(builtin_dir())}


def find(name: str) -> RulesetSource | None:
    """The ruleset named ``name``, as :func:`available` would give it. A built-in name is answered
    without scanning the installed packages' entry points (tens of milliseconds): built-ins are never
    shadowed."""
    found = builtins().get(name)
    return found if found is not None else available().get(name)


def available() -> dict[str, RulesetSource]:
    """Every ruleset that can be named on the command line, built-ins first, in a stable order."""
    from importlib import metadata  # tens of milliseconds to import: only when it is needed

    found = builtins()
    for ep in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        try:
            target = ep.load()
        except Exception as exc:  # a broken third-party package must not take the tool down
            found.setdefault(
                f"!{ep.name}", RulesetSource(f"!{ep.name}", Path(os.devnull), f"entry point {ep.name}: {exc}")
            )
            continue
        dist = ep.dist.name if ep.dist is not None else "unknown package"
        for path in _yaml_files(Path(str(target))):
            found.setdefault(
                path.stem, RulesetSource(path.stem, path, f"package {dist} (entry point {ep.name})")
            )
    return {k: v for k, v in found.items() if not k.startswith("!")}


def looks_like_path(name: str) -> bool:
    # os.path.exists, not Path.exists: it answers False for a name the OS refuses (too long, a NUL)
    # where Path.exists raises.
    return name.endswith(RULESET_SUFFIXES) or os.sep in name or "/" in name or os.path.exists(name)
