"""The corpus summary: per rule, how many documents pass, fail, miss it or are not concerned.

Counts are kept per rule in the order rules first appear (so in ruleset order when every document has
the same rulesets) and merge by addition, so partial summaries computed where the documents were
checked (a Dask worker's partition) add up to the summary of the whole corpus, in any grouping. The
same class reads any JSONL output of documents (``policy-rules scan`` partitions, or one document
object of the JSON report per line), so a corpus checked elsewhere can be summarised too.

This module does not import dask: ``policy-rules summary`` works without the ``dask`` extra.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..engine.findings import DocumentResult
from ..errors import InputError

OUTCOMES = ("pass", "fail", "missing", "not_applicable")
_CSV_FIELDS = (
    "rule_id", "ruleset", "title", "documents", *OUTCOMES, "suppressed", *(f"{o}_rate" for o in OUTCOMES),
)  # fmt: skip
# A cell starting with one of these is a formula to a spreadsheet (CSV injection); titles come from
# rulesets and JSONL files that anyone may have written.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class RuleCounts:
    """One rule's outcomes over the documents that report it; suppressed findings count in their outcome
    and, apart, in ``suppressed``."""

    rule_id: str
    ruleset: str
    title: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    suppressed: int = 0

    @property
    def documents(self) -> int:
        return sum(self.counts.values())

    def rate(self, outcome: str) -> float:
        """Share of the documents that report the rule with this outcome (0 when none does)."""
        total = self.documents
        return self.counts[outcome] / total if total else 0.0


@dataclass
class CorpusSummary:
    #: Documents counted (JSONL lines, checked files).
    documents: int = 0
    #: Files that could not be read, when the summary comes from a run that knows them (else 0).
    unreadable: int = 0
    rules: dict[tuple[str, str], RuleCounts] = field(default_factory=dict)

    def _count(self, rule_id: str, ruleset: str, title: str, outcome: str, suppressed: bool) -> None:
        key = (ruleset, rule_id)
        counts = self.rules.get(key)
        if counts is None:
            counts = self.rules[key] = RuleCounts(rule_id, ruleset, title)
        counts.counts[outcome] += 1
        counts.suppressed += suppressed

    def add_result(self, result: DocumentResult) -> None:
        self.documents += 1
        for f in result.findings:
            self._count(f.rule_id, f.ruleset, f.title, f.outcome.value, f.suppression is not None)

    def add_document(self, document: Mapping[str, Any], *, where: str = "", line: int | None = None) -> None:
        """One document object as the JSON report and JSONL outputs write it (``documents[]``)."""
        findings = document.get("findings") if isinstance(document, Mapping) else None
        if not isinstance(findings, list):
            raise InputError("not a document object (no 'findings' list)", path=where or None, line=line)
        checked = []
        for f in findings:
            ok = isinstance(f, Mapping) and all(isinstance(f.get(k), str) for k in ("rule_id", "ruleset"))
            if not ok or f.get("outcome") not in OUTCOMES:
                raise InputError(
                    "a finding without a rule_id, ruleset and outcome (one of " + ", ".join(OUTCOMES) + ")",
                    path=where or None,
                    line=line,
                )
            title = f.get("title")
            checked.append((f["rule_id"], f["ruleset"], title if isinstance(title, str) else "", f))
        self.documents += 1
        for rule_id, ruleset, title, f in checked:
            self._count(rule_id, ruleset, title, f["outcome"], bool(f.get("suppressed")))

    def merge(self, other: CorpusSummary) -> None:
        """Add ``other``'s counts; rules new to this summary come after the ones it has."""
        self.documents += other.documents
        self.unreadable += other.unreadable
        for key, theirs in other.rules.items():
            mine = self.rules.get(key)
            if mine is None:
                mine = self.rules[key] = RuleCounts(theirs.rule_id, theirs.ruleset, theirs.title)
            for outcome in OUTCOMES:
                mine.counts[outcome] += theirs.counts[outcome]
            mine.suppressed += theirs.suppressed

    def to_csv(self) -> str:
        """One row per rule: counts, then rates as fractions with four decimals."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(_CSV_FIELDS)
        for r in self.rules.values():
            writer.writerow([
                _cell(r.rule_id), _cell(r.ruleset), _cell(r.title), r.documents,
                *(r.counts[o] for o in OUTCOMES), r.suppressed, *(f"{r.rate(o):.4f}" for o in OUTCOMES),
            ])  # fmt: skip
        return out.getvalue()

    def to_markdown(self) -> str:
        """A heading, the document counts, and a table with each count and its rate (percent)."""
        from ..reports.markdown import md_text

        unread = self.unreadable
        lines = ["# Corpus summary", "", _plural(self.documents, "document") + " checked"]
        if unread:
            lines[-1] += f"; {_plural(unread, 'file')} could not be read"
        lines[-1] += "."
        if not self.rules:
            return "\n".join(lines) + "\n"
        lines += [
            "",
            "| rule | ruleset | title | documents | pass | fail | missing | not applicable | suppressed |",
            "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for r in self.rules.values():
            cells = [f"<code>{md_text(r.rule_id)}</code>", md_text(r.ruleset), md_text(r.title)]
            cells.append(str(r.documents))
            cells += [f"{r.counts[o]} ({100 * r.rate(o):.1f}%)" for o in OUTCOMES]
            cells.append(str(r.suppressed))
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines) + "\n"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _cell(text: str) -> str:
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def summarize_jsonl(paths: Iterable[str | Path]) -> CorpusSummary:
    """The summary of JSONL files, one document object a line (blank lines are skipped).

    Read a line at a time: memory grows with the number of rules, not of documents. A line that is
    not a document object is an :class:`InputError` at its file and line.
    """
    summary = CorpusSummary()
    for path in paths:
        name = str(path)
        try:
            with open(path, encoding="utf-8") as lines:
                for number, line in enumerate(lines, 1):
                    if not line.strip():
                        continue
                    try:
                        document = json.loads(line)
                    except ValueError as exc:
                        raise InputError(f"not a JSON line: {exc}", path=name, line=number) from None
                    summary.add_document(document, where=name, line=number)
        except UnicodeDecodeError:
            raise InputError("not UTF-8 text", path=name) from None
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", path=name) from None
    return summary


def write_summary(summary: CorpusSummary, directory: str | Path) -> tuple[Path, Path]:
    """``summary.csv`` and ``summary.md`` in ``directory``; an unwritable place is an OutputError."""
    from ..errors import OutputError

    folder = Path(directory)
    written = (folder / "summary.csv", folder / "summary.md")
    try:
        written[0].write_text(summary.to_csv(), encoding="utf-8", newline="")
        written[1].write_text(summary.to_markdown(), encoding="utf-8", newline="\n")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OutputError(f"cannot write the summary: {reason}", path=str(exc.filename or folder)) from None
    return written
