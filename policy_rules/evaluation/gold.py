"""Reading gold files: one JSON object per line, one line per (document, requirement).

``{"document": "policies/x.md", "rule": "gdpr.art13.1.c.purposes", "expected": "present",
"evidence": ["..."]}``, with ``document`` relative to the gold file and ``expected`` one of
present / absent / contradicted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..bounded_read import MB, read_text_bounded
from ..errors import InputError
from ..rules.json_source import load_json

EXPECTED = ("present", "absent", "contradicted")
#: Largest gold file read: corpora are big, but a gold file is one short line per label.
MAX_GOLD_BYTES = 512 * MB


@dataclass(frozen=True)
class GoldRow:
    document: Path
    rule: str
    expected: str
    evidence: tuple[str, ...]
    line: int


def read_gold(path: str | Path) -> list[GoldRow]:
    gold_path = Path(path)
    text = read_text_bounded(gold_path, MAX_GOLD_BYTES, error=InputError, what="gold file")
    rows = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        data = load_json(raw, path=str(gold_path), error=InputError, what="gold line", line=number)
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
