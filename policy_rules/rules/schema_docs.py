"""The rule language reference page, generated from ``ruleset.schema.json``.

The JSON Schema is the contract the loader enforces; writing the reference by hand would let the two
drift apart the first time someone adds a key. ``policy-rules docs schema --output docs/reference.md``
writes this page and a test regenerates it and compares, so a schema change without a docs update
fails the suite.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .schema import ruleset_schema

Schema = dict[str, Any]

_TITLE = "Rule language reference"
_GENERATED = "<!-- Generated from policy_rules/rules/ruleset.schema.json by `policy-rules docs schema`; do not edit by hand. -->"  # noqa: E501


def _slug(title: str) -> str:
    """The anchor MkDocs (and GitHub) give a heading, so cross-links work in both."""
    text = re.sub(r"[^\w\s-]", "", title.lower()).strip()
    return re.sub(r"[-\s]+", "-", text)


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _code(value: Any) -> str:
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    return f"`{value}`"


class _Page:
    """Walks the schema once; inline object schemas become their own sections, linked from their key."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.defs: dict[str, Schema] = schema.get("$defs", {})
        # (title, schema) of sections still to render, in the order they were first linked.
        self.sections: list[tuple[str, Schema]] = []

    # -- types -------------------------------------------------------------------------------------

    def _ref_name(self, node: Schema) -> str | None:
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return ref[len("#/$defs/") :]
        return None

    def _link_def(self, name: str) -> str:
        return f"[{name}](#{_slug(name)})"

    def _inline_section(self, title: str, node: Schema) -> str:
        if all(t != title for t, _ in self.sections):
            self.sections.append((title, node))
        return f"[object](#{_slug(title)})"

    def type_of(self, node: Schema, path: str) -> str:
        """A short type description with links to the sections that describe nested structures."""
        name = self._ref_name(node)
        if name is not None:
            return self._link_def(name)
        if "oneOf" in node and "type" not in node and "enum" not in node:
            return " or ".join(self.type_of(alt, path) for alt in node["oneOf"])
        if "enum" in node:
            return "string"
        if "const" in node:
            return _code(node["const"])
        kind = node.get("type")
        if isinstance(kind, list):
            return " or ".join(kind)
        if kind == "array":
            items = node.get("items", {})
            return f"list of {self.type_of(items, path + ' (item)')}"
        if kind == "object":
            if "properties" in node:
                return self._inline_section(path, node)
            extra = node.get("additionalProperties")
            if isinstance(extra, dict):
                return f"mapping of name to {self.type_of(extra, path + ' (value)')}"
            return "mapping"
        if kind == "string" and node.get("format") == "date":
            return "date (YYYY-MM-DD)"
        return str(kind) if kind else "any"

    def allowed(self, node: Schema) -> str:
        """Allowed values and constraints, from the node and the definition it refers to."""
        name = self._ref_name(node)
        target = self.defs.get(name, {}) if name else node
        parts: list[str] = []
        if "enum" in target:
            parts.append(", ".join(_code(v) for v in target["enum"]))
        for alt in target.get("oneOf", []):
            if "const" in alt:
                parts.append(_code(alt["const"]))
            if alt.get("type") == "boolean":
                parts.append("`true`, `false`")
        if "pattern" in node:
            parts.append(f"pattern `{node['pattern']}`")
        if "minimum" in node:
            parts.append(f"≥ {node['minimum']}")
        if node.get("minItems"):
            parts.append(f"at least {node['minItems']} item{'s' if node['minItems'] > 1 else ''}")
        if node.get("minLength"):
            parts.append("non-empty")
        names = node.get("propertyNames", {})
        if isinstance(names, dict) and "pattern" in names:
            parts.append(f"names match `{names['pattern']}`")
        return "; ".join(parts)

    def description(self, node: Schema) -> str:
        """The key's own description, else that of the definition it refers to."""
        text = node.get("description")
        if not text:
            name = self._ref_name(node)
            if name is not None:
                text = self.defs.get(name, {}).get("description")
        return str(text or "")

    # -- sections ----------------------------------------------------------------------------------

    def table(self, node: Schema, path: str) -> list[str]:
        required = set(node.get("required", []))
        out = ["| key | type | required | allowed values | description |", "| --- | --- | --- | --- | --- |"]
        for key, prop in node.get("properties", {}).items():
            sub_path = f"{path}.{key}" if path else key
            out.append(
                f"| `{key}` | {self.type_of(prop, sub_path)} | {'yes' if key in required else 'no'} "
                f"| {_cell(self.allowed(prop))} | {_cell(self.description(prop))} |"
            )
        return out

    def exactly_one(self, node: Schema) -> str | None:
        """The ``oneOf: [{required: [...]}]`` idiom as a sentence."""
        choices = [alt.get("required") for alt in node.get("oneOf", []) if "required" in alt]
        if not choices:
            return None
        shown = [" + ".join(f"`{k}`" for k in keys) for keys in choices]
        return "Exactly one of: " + ", ".join(shown) + "."

    def section(self, title: str, node: Schema, *, level: str = "##", path: str | None = None) -> list[str]:
        out = [f"{level} {title}", ""]
        if node.get("description"):
            out += [" ".join(str(node["description"]).split()), ""]
        rule = self.exactly_one(node)
        if rule:
            out += [rule, ""]
        if "properties" in node:
            out += [*self.table(node, title if path is None else path), ""]
        elif "enum" in node:
            out += ["Allowed values: " + ", ".join(_code(v) for v in node["enum"]) + ".", ""]
        return out

    def render(self) -> str:
        out = [f"# {_TITLE}", "", _GENERATED, ""]
        out += [
            "Every key a ruleset file may contain, generated from the JSON Schema the loader validates "
            "against (`policy_rules/rules/ruleset.schema.json`; point your editor's YAML language server "
            "at it for completion). Unknown keys are errors. For a tutorial see the "
            "[authoring guide](authoring.md).",
            "",
        ]
        out += self.section("Ruleset file", self.schema, path="")
        out += ["## Definitions", ""]
        for name, node in self.defs.items():
            out += self.section(name, node, level="###")
        # Inline objects found while rendering (references items, overrides, messages), breadth first.
        rendered: set[str] = set()
        while len(rendered) < len(self.sections):
            for title, node in list(self.sections):
                if title not in rendered:
                    rendered.add(title)
                    out += self.section(title, node, level="###")
        return "\n".join(out).rstrip() + "\n"


def schema_markdown(schema: Schema | None = None) -> str:
    """The reference page for ``schema`` (default: the shipped ruleset schema) as Markdown."""
    return _Page(schema if schema is not None else ruleset_schema()).render()


def undocumented_keys(schema: Schema | None = None) -> list[str]:
    """Schema properties with no description of their own or through ``$ref``: gaps in the reference."""
    page = _Page(schema if schema is not None else ruleset_schema())

    def walk(node: Any, path: str) -> Iterator[str]:
        if isinstance(node, dict):
            for key, prop in node.get("properties", {}).items():
                where = f"{path}.{key}" if path else key
                if not page.description(prop):
                    yield where
                yield from walk(prop, where)
            for key in ("items", "additionalProperties"):
                if isinstance(node.get(key), dict):
                    yield from walk(node[key], path)

    found = list(walk(page.schema, ""))
    for name, node in page.defs.items():
        found += list(walk(node, f"$defs.{name}"))
    return found
