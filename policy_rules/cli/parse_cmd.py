"""``policy-rules parse``: print the policy model, the rule author's debugging aid."""

from __future__ import annotations

import argparse
import json

from ..bounded_read import limit_from_megabytes
from ..document.source import INPUT_FORMATS
from .options import add_max_size_option
from .output import write_lines, write_stdout


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "parse",
        help="show how a policy is parsed (sections, blocks, sentences, entities)",
        description="Print the policy model that rules are matched against.",
    )
    p.add_argument("file", metavar="FILE", help="policy file ('-' for standard input)")
    p.add_argument("--format", "-f", choices=("tree", "json"), default="tree")
    p.add_argument("--input-format", choices=INPUT_FORMATS)
    add_max_size_option(p, default=10.0)
    p.add_argument("--sentences", action="store_true", help="tree format: list each block's sentences")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..document.loading import load_policy
    from ..reports.escaping import json_text

    document = load_policy(
        args.file if args.file == "-" else Path(args.file),
        format=args.input_format,
        max_size=limit_from_megabytes(args.max_size),
    )
    if args.format == "json":
        write_stdout(json_text(json.dumps(document.to_dict(), indent=2, ensure_ascii=False)) + "\n")
        return 0
    write_lines(render_tree(document, sentences=args.sentences).split("\n"), end="")
    return 0


def render_tree(document, *, sentences: bool = False) -> str:  # type: ignore[no-untyped-def]
    from ..document.model import BlockKind, PolicyDocument

    assert isinstance(document, PolicyDocument)
    out = [f"{document.source.display_path} ({document.source.format})"]
    if document.policy_date is not None:
        out.append(f"policy date: {document.policy_date.isoformat()}")

    def marks_of(block: int) -> frozenset[str]:
        """The jurisdictions a block addresses: shown on headings, and on blocks that differ from theirs."""
        marked = document.block_jurisdictions
        return marked[block] if block < len(marked) else frozenset()

    by_block: dict[int, list[str]] = {}
    for s in document.sentences:
        by_block.setdefault(s.block, []).append(s.text)
    for block in document.blocks:
        section = document.sections[block.section]
        depth = max(section.level, 0)
        indent = "  " * depth
        text = " ".join(block.text.split())
        if len(text) > 100:
            text = text[:99] + "…"
        marks = marks_of(block.index)
        if block.kind is BlockKind.HEADING:
            tag = f"  {{{', '.join(sorted(marks))}}}" if marks else ""
            out.append(f"{'  ' * (block.level - 1)}# [{block.span.line}:{block.span.column}] {text}{tag}")
            continue
        heading = section.heading_block
        inherited = marks_of(heading) if heading is not None else frozenset()
        tag = f"  {{{', '.join(sorted(marks)) or 'general'}}}" if marks != inherited else ""
        out.append(f"{indent}  {block.kind.value} [{block.span.line}:{block.span.column}] {text}{tag}")
        if sentences:
            for s_text in by_block.get(block.index, []):
                out.append(f"{indent}    - {' '.join(s_text.split())}")
    kinds: dict[str, int] = {}
    for e in document.entities:
        kinds[e.kind.value] = kinds.get(e.kind.value, 0) + 1
    out.append(
        f"{len(document.blocks)} blocks, {len(document.sections) - 1} sections, "
        f"{len(document.sentences)} sentences, "
        "entities: " + (", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) or "none")
    )
    return "\n".join(out) + "\n"
