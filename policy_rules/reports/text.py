"""Human output: grouped by file, ``path:line:col``, outcome, rule id, message, quoted evidence."""

from __future__ import annotations

from ..engine.findings import DocumentResult, Finding, Outcome, Report
from .base import Formatter

_COLORS = {
    Outcome.PASS: "\033[32m",
    Outcome.FAIL: "\033[31;1m",
    Outcome.MISSING: "\033[33m",
    Outcome.NOT_APPLICABLE: "\033[2m",
}
_RESET = "\033[0m"
_QUOTE_WIDTH = 160


class TextFormatter(Formatter):
    name = "text"

    def render(self, report: Report) -> str:
        lines: list[str] = []
        for doc in report.documents:
            lines.extend(self._document(doc))
            lines.append("")
        return "\n".join(lines)

    def _paint(self, outcome: Outcome, text: str) -> str:
        return f"{_COLORS[outcome]}{text}{_RESET}" if self.color else text

    def _document(self, doc: DocumentResult) -> list[str]:
        lines = [doc.path]
        for f in doc.findings:
            if not self.show_passing and f.outcome in (Outcome.PASS, Outcome.NOT_APPLICABLE):
                continue
            lines.extend(self._finding(doc.path, f))
        s = doc.summary()
        suppressed = f", {s['suppressed']} suppressed" if s["suppressed"] else ""
        lines.append(
            f"{doc.path}: {s['pass']} pass, {s['fail']} fail, {s['missing']} missing, "
            f"{s['not_applicable']} not applicable{suppressed}"
        )
        return lines

    def _finding(self, path: str, f: Finding) -> list[str]:
        where = f"{path}:{f.anchor.line}:{f.anchor.column}" if f.anchor else path
        outcome = self._paint(f.outcome, f"{f.outcome.value:<14}")
        suppressed = f"  (suppressed: {f.suppression.reason})" if f.suppression else ""
        out = [f"  {where}: {outcome} {f.severity:<7} {f.rule_id}  {f.message}  [{f.citation}]{suppressed}"]
        if f.outcome in (Outcome.PASS, Outcome.FAIL):
            for e in f.evidence:
                quote = " ".join(e.text.split())
                if len(quote) > _QUOTE_WIDTH:
                    quote = quote[: _QUOTE_WIDTH - 1] + "…"
                out.append(f"      {e.span.line}:{e.span.column}  > {quote}")
        if f.outcome in (Outcome.FAIL, Outcome.MISSING) and f.remediation and not f.suppression:
            out.append(f"      fix: {' '.join(f.remediation.split())}")
        return out
