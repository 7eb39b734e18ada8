"""docs/reference.md and docs/cli.md are generated; they must match the schema and the parser.

Regenerate with ``policy-rules docs schema --output docs/reference.md`` and
``policy-rules docs cli --output docs/cli.md``.
"""

from __future__ import annotations

import copy
from pathlib import Path

from policy_rules.cli.docs_cmd import cli_markdown
from policy_rules.cli.main import build_parser, main
from policy_rules.rules.schema import ruleset_schema
from policy_rules.rules.schema_docs import schema_markdown, undocumented_keys

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_reference_page_is_current() -> None:
    page = DOCS / "reference.md"
    assert page.is_file(), f"{page} missing: run `policy-rules docs schema --output docs/reference.md`"
    assert page.read_text(encoding="utf-8") == schema_markdown(), (
        f"{page} is stale: run `policy-rules docs schema --output docs/reference.md`"
    )


def test_cli_page_is_current() -> None:
    page = DOCS / "cli.md"
    assert page.is_file(), f"{page} missing: run `policy-rules docs cli --output docs/cli.md`"
    assert page.read_text(encoding="utf-8") == cli_markdown(), (
        f"{page} is stale: run `policy-rules docs cli --output docs/cli.md`"
    )


def test_every_schema_key_is_described() -> None:
    """A key without a description would be a blank cell in the reference."""
    assert undocumented_keys() == []


def test_reference_lists_every_key_and_allowed_value() -> None:
    schema = ruleset_schema()
    page = schema_markdown()
    for name, node in schema["$defs"].items():
        assert f"### {name}" in page
        for key in node.get("properties", {}):
            assert f"| `{key}` |" in page
        for value in node.get("enum", []):
            assert f"`{value}`" in page
    for key in schema["properties"]:
        assert f"| `{key}` |" in page
    for kind in schema["$defs"]["matcher"]["properties"]["entity"]["enum"]:
        assert f"`{kind}`" in page
    assert "Exactly one of: `where` + `max_days`, `max_policy_age_months`" in page
    assert "| `text` | string | yes |" in page  # example.text is required


def test_reference_follows_a_schema_change() -> None:
    """The page is derived from the schema it is given, not from a copy of today's keys."""
    schema = copy.deepcopy(ruleset_schema())
    schema["$defs"]["matcher"]["properties"]["gap_words"] = {"type": "integer", "description": "Words apart."}
    page = schema_markdown(schema)
    assert "| `gap_words` | integer | no |  | Words apart. |" in page
    assert "gap_words" not in schema_markdown()


def test_reference_links_resolve_to_headings() -> None:
    page = schema_markdown()
    import re

    anchors = set(re.findall(r"\]\(#([^)]+)\)", page))
    headings = {
        re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", h.lower()).strip())
        for h in re.findall(r"^#+ (.+)$", page, re.MULTILINE)
    }
    assert anchors and anchors <= headings, anchors - headings


def test_cli_page_covers_every_command() -> None:
    page = cli_markdown()
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name in sub.choices:  # type: ignore[union-attr]
        assert f"## `policy-rules {name}`" in page
    assert "### `policy-rules docs schema`" in page
    assert "`--fail-on {fail,missing,error,warning,info}`" in page


def test_docs_schema_command_writes_the_page(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "sub" / "reference.md"
    assert main(["docs", "schema", "--output", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == schema_markdown()
    assert main(["docs", "schema"]) == 0
    assert capsys.readouterr().out.endswith(schema_markdown())
    out_cli = tmp_path / "cli.md"
    assert main(["docs", "cli", "-o", str(out_cli)]) == 0
    assert out_cli.read_text(encoding="utf-8") == cli_markdown()
