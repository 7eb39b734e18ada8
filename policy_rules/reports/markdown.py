"""A Markdown report for a pull-request comment or a GitHub job summary."""

from __future__ import annotations

from ..engine.findings import Outcome, Report
from .base import Formatter
from .locations import report_path

_ICON = {
    Outcome.FAIL: "❌ fail",
    Outcome.MISSING: "⚠️ missing",
    Outcome.PASS: "✅ pass",
    Outcome.NOT_APPLICABLE: "➖ n/a",
}


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


class MarkdownFormatter(Formatter):
    name = "markdown"

    def render(self, report: Report) -> str:
        out = ["## policy-rules report", ""]
        out += [
            "| file | pass | fail | missing | not applicable | suppressed |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for doc in report.documents:
            s = doc.summary()
            out.append(
                f"| `{report_path(doc.path)}` | {s['pass']} | {s['fail']} | {s['missing']} | "
                f"{s['not_applicable']} | {s['suppressed']} |"
            )
        for doc in report.documents:
            path = report_path(doc.path)
            problems = [
                f
                for f in doc.findings
                if f.outcome in (Outcome.FAIL, Outcome.MISSING) and f.suppression is None
            ]
            out += ["", f"### `{path}`", ""]
            if not problems:
                out.append("No problems found.")
                continue
            out += ["| outcome | rule | where | message | citation |", "| --- | --- | --- | --- | --- |"]
            for f in problems:
                where = f"line {f.anchor.line}" if f.anchor else "—"
                cells = [_ICON[f.outcome], f"`{f.rule_id}`", where, _cell(f.message), _cell(f.citation)]
                out.append("| " + " | ".join(cells) + " |")
            quoted = [f for f in problems if f.evidence]
            if quoted:
                out += ["", "<details><summary>Evidence</summary>", ""]
                for f in quoted:
                    for e in f.evidence:
                        out.append(f"- `{f.rule_id}` line {e.span.line}: > {_cell(e.text)}")
                out += ["", "</details>"]
            suppressed = [f for f in doc.findings if f.suppression is not None]
            if suppressed:
                listed = ", ".join(
                    f"`{f.rule_id}` ({_cell(f.suppression.reason)})" for f in suppressed if f.suppression
                )
                out += ["", f"{len(suppressed)} suppressed: {listed}"]
        return "\n".join(out) + "\n"
