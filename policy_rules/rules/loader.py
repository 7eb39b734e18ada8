"""Loading a ruleset: read, validate, resolve ``extends`` and ``overrides``, compile.

The result is cached in memory per file and modification time, so checking many documents (or running
the test suite) compiles each ruleset once, and on disk by the content of every file that went into it
(:mod:`.cache`), so the next process does not compile it again. The schema validator, the pydantic
model and the compiler are imported only to compile: a cache hit needs none of them.

A ruleset file is read bounded (:data:`MAX_RULESET_BYTES`, regular files only) and an ``extends`` chain
may be at most :data:`MAX_EXTENDS_DEPTH` rulesets deep, so neither a huge file nor a long chain can
exhaust memory or the stack. An ``extends`` target that fails to load as a ruleset is reported by
name and position only: it may be any file the author pointed at (``/etc/shadow``, a secrets file),
and the schema's messages would quote its contents.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..bounded_read import MB, read_text_bounded
from ..errors import RulesetError, UsageError
from . import cache
from .compiled import Reference, RegimeExample, Rule, Ruleset
from .registry import available, find, looks_like_path

if TYPE_CHECKING:
    from .model import RulesetModel
    from .yaml_source import LocatedYaml

_CACHE: dict[tuple[str, int, int], Ruleset] = {}
#: The files that went into each ruleset in ``_CACHE`` (its own first), for the disk cache's key.
_EDGES: dict[tuple[str, int, int], tuple[cache.Edge, ...]] = {}

#: Largest ruleset file read (the biggest built-in one is under 0.1 MB).
MAX_RULESET_BYTES = 16 * MB
#: Longest chain of ``extends`` (a ruleset, its base, the base's base, ...).
MAX_EXTENDS_DEPTH = 32


def load_ruleset(name_or_path: str | os.PathLike[str]) -> Ruleset:
    """A built-in or installed ruleset by name (``gdpr``), or a ruleset file by path."""
    path, origin = resolve(str(name_or_path))
    resolved = _resolved(path)
    key = _memory_key(resolved)
    if key is not None and key in _CACHE:
        return _CACHE[key]
    identity = f"{origin}\n{path}\n{resolved}"
    found = cache.load(identity, _unchanged)
    if found is not None:
        ruleset, recorded = found
        if key is not None:
            _CACHE[key], _EDGES[key] = ruleset, recorded
        return ruleset
    edges: list[cache.Edge] = []
    ruleset = _load(path, origin, (), edges, None)
    cache.store(identity, edges, ruleset)
    return ruleset


def _memory_key(resolved: Path) -> tuple[str, int, int] | None:
    try:
        info = resolved.stat()
    except OSError:
        return None
    return (str(resolved), info.st_mtime_ns, info.st_size)


def resolve(name: str, relative_to: Path | None = None) -> tuple[Path, str]:
    if looks_like_path(name):
        path = Path(name)
        if relative_to is not None and not path.is_absolute():
            path = relative_to / path
        return path, "file"
    source = find(name)
    if source is not None:
        return source.path, source.origin
    known = ", ".join(sorted(available())) or "none"
    raise UsageError(f"unknown ruleset {name!r} (available: {known}; or give a path to a .yaml file)")


def read_located(path: Path) -> LocatedYaml:
    return _read_located(path)[0]


def _read_located(path: Path) -> tuple[LocatedYaml, str]:
    """The parsed file and the digest of the text parsed (:func:`.cache.text_sha256`)."""
    from .yaml_source import load_yaml

    text = read_text_bounded(path, MAX_RULESET_BYTES, error=RulesetError, what="ruleset file")
    return load_yaml(text, str(path)), cache.text_sha256(text)


def _unchanged(edges: list[cache.Edge]) -> bool:
    """Whether every recorded edge still resolves to the same file with the same content."""
    for edge in edges:
        try:
            if edge.parent is not None:
                path, _ = resolve(edge.name, relative_to=Path(edge.parent).parent)
                if str(_resolved(path)) != edge.resolved:
                    return False
        except (RulesetError, UsageError):
            return False
        if cache.file_sha256(Path(edge.resolved), MAX_RULESET_BYTES) != edge.sha256:
            return False
    return True


def _resolved(path: Path) -> Path:
    """The absolute path that keys the cache and the cycle check. ``Path.resolve`` raises on names the
    OS refuses: a symlink loop (``RuntimeError``), a NUL byte (``ValueError``), a name too long."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        if isinstance(exc, RuntimeError):
            reason = "symbolic link loop"
        raise RulesetError(f"cannot read the ruleset file: {reason}", path=str(path)) from None


def _load(
    path: Path, origin: str, chain: tuple[Path, ...], edges: list[cache.Edge], written: tuple[str, str] | None
) -> Ruleset:
    """``path`` loaded; the files that went into it are added to ``edges``. ``written`` is the
    ``extends`` name and the file it was written in (None for the ruleset the user named)."""
    from .compiler import Compiler

    resolved = _resolved(path)
    if resolved in chain:
        cycle = " -> ".join(str(p) for p in (*chain, resolved))
        raise RulesetError(f"extends cycle: {cycle}", path=str(path))
    key = _memory_key(resolved)
    name, parent = written if written is not None else (str(path), None)
    if key is not None and key in _CACHE:
        first, *rest = _EDGES[key]
        edges.extend((cache.Edge(name, parent, first.resolved, first.sha256), *rest))
        return _CACHE[key]
    if chain:
        try:
            located, model, digest = _read_model(path)
        except RulesetError as exc:
            raise _quiet(exc) from None
    else:
        located, model, digest = _read_model(path)
    own_edges = [cache.Edge(name, parent, str(resolved), digest)]

    bases = _bases(model, path, (*chain, resolved), located, own_edges)
    vocabularies: dict[str, tuple[str, ...]] = {}
    for base_vocab, _ in bases:
        vocabularies.update(base_vocab)
    vocabularies.update(model.vocabularies)
    compiler = Compiler(located, vocabularies)
    ruleset_condition = (
        compiler.condition(model.applies_when, ("applies_when",)) if model.applies_when else None
    )
    if ruleset_condition is None:  # a ruleset that extends a regime inherits when that regime applies
        inherited = {id(base.applies_when): base.applies_when for _, base in bases if base.applies_when}
        ruleset_condition = next(iter(inherited.values())) if len(inherited) == 1 else None

    ruleset_jurisdictions = compiler.jurisdictions(model.jurisdictions, ("jurisdictions",))
    own: list[Rule] = []
    seen: dict[str, int] = {}
    for i, rule_model in enumerate(model.rules):
        if rule_model.id in seen:
            raise located.error(
                f"duplicate rule id {rule_model.id!r} (first defined as rules[{seen[rule_model.id]}])",
                ("rules", i, "id"),
            )
        seen[rule_model.id] = i
        rule = compiler.rule(rule_model, ("rules", i), model.id)
        rule = replace(rule, regime=ruleset_condition)
        if rule.jurisdictions is None and ruleset_jurisdictions is not None:
            rule = replace(rule, jurisdictions=ruleset_jurisdictions)
        own.append(rule)

    merged: dict[str, Rule] = {}
    for _, base in bases:
        for rule in base.rules:
            merged[rule.id] = rule
    for rule in own:
        merged[rule.id] = rule  # a rule with an inherited id replaces the inherited one
    for rule_id, override in model.overrides.items():
        if rule_id not in merged:
            raise located.error(f"override for unknown rule {rule_id!r}", ("overrides", rule_id))
        rule = merged[rule_id]
        if override.enabled is not None:
            rule = replace(rule, enabled=override.enabled)
        if override.severity is not None:
            rule = replace(rule, severity=override.severity)
        merged[rule_id] = rule

    extends = _extends_names(model)
    ruleset = Ruleset(
        id=model.id,
        title=model.title,
        version=model.version,
        jurisdiction=model.jurisdiction,
        description=model.description,
        references=tuple(Reference(r.title, r.url, r.citation) for r in model.references),
        path=str(path),
        origin=origin,
        applies_when=ruleset_condition,
        rules=tuple(merged.values()),
        extends=extends,
        vocabularies=vocabularies,
        examples=tuple(
            RegimeExample(**RegimeExample.fields_of(e), applies=e.applies) for e in model.examples
        ),
        example_lines=tuple(located.locate(("examples", i))[0] for i in range(len(model.examples))),
    )
    if key is not None:
        _CACHE[key] = ruleset
        _EDGES[key] = tuple(own_edges)
    edges.extend(own_edges)
    return ruleset


def _read_model(path: Path) -> tuple[LocatedYaml, RulesetModel, str]:
    from pydantic import ValidationError

    from .model import RulesetModel
    from .schema import validate_located

    located, digest = _read_located(path)
    validate_located(located)
    try:
        model = RulesetModel.model_validate(located.data)
    except ValidationError as exc:  # the schema should have caught it; keep the message positioned
        first = exc.errors()[0]
        raise located.error(first["msg"], tuple(first["loc"])) from None
    return located, model, digest


def _quiet(exc: RulesetError) -> RulesetError:
    """The error about an ``extends`` target, without a word of the target's contents."""
    if exc.line is None:  # cannot be read at all: missing, not a regular file, too big
        return exc
    return RulesetError(
        f"extends target is not a valid ruleset (run `policy-rules validate {exc.path}` for details)",
        path=exc.path,
        line=exc.line,
        column=exc.column,
    )


def _bases(
    model: RulesetModel, path: Path, chain: tuple[Path, ...], located: LocatedYaml, edges: list[cache.Edge]
) -> list[tuple[dict[str, tuple[str, ...]], Ruleset]]:
    out = []
    names = _extends_names(model)
    if names and len(chain) >= MAX_EXTENDS_DEPTH:
        raise located.error(
            f"extends chain longer than {MAX_EXTENDS_DEPTH} rulesets",
            ("extends",),
        )
    for name in names:
        base_path, origin = resolve(name, relative_to=path.parent)
        base = _load(base_path, origin, chain, edges, (name, str(path)))
        out.append((base.vocabularies, base))
    return out


def _extends_names(model: RulesetModel) -> tuple[str, ...]:
    if isinstance(model.extends, tuple):
        return model.extends
    return (model.extends,) if model.extends else ()
