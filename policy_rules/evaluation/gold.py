"""Reading gold files: one JSON object per line, one line per (document, requirement).

``{"document": "policies/x.md", "rule": "gdpr.art13.1.c.purposes", "expected": "present",
"evidence": ["..."]}``, with ``document`` relative to the gold file and ``expected`` one of
present / absent / contradicted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

EXPECTED = ("present", "absent", "contradicted")


@dataclass(frozen=True)
class GoldRow:
    document: Path
    rule: str
    expected: str
    evidence: tuple[str, ...]
    line: int


def read_gold(path: str | Path) -> list[GoldRow]:
    gold_path = Path(path)
    try:
        text = gold_path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("no such gold file", path=str(gold_path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read gold file: {exc}", path=str(gold_path)) from None
    rows = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"not valid JSON: {exc.msg}", path=str(gold_path), line=number, column=exc.colno
            ) from None
        if not isinstance(data, dict):
            raise InputError("each line must be a JSON object", path=str(gold_path), line=number)
        missing = [k for k in ("document", "rule", "expected") if k not in data]
        if missing:
            raise InputError(f"missing key(s): {', '.join(missing)}", path=str(gold_path), line=number)
        if data["expected"] not in EXPECTED:
            raise InputError(
                f"expected must be one of {', '.join(EXPECTED)}, not {data['expected']!r}",
                path=str(gold_path),
                line=number,
            )
        evidence = data.get("evidence") or []
        if not isinstance(evidence, list) or not all(isinstance(e, str) for e in evidence):
            raise InputError("evidence must be a list of strings", path=str(gold_path), line=number)
        rows.append(
            GoldRow(
                gold_path.parent / str(data["document"]),
                str(data["rule"]),
                data["expected"],
                tuple(evidence),
                number,
            )
        )
    return rows
