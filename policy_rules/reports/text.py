"""Human output: grouped by file, ``path:line:col``, outcome, rule id, message, quoted evidence.

Every piece of text from a policy or a ruleset goes through :func:`~.escaping.for_log`, so a file name
or a quote cannot move the cursor, recolour the terminal or issue a CI command.
"""

from __future__ import annotations

from ..document.source import format_location
from ..engine.findings import Applicability, DocumentResult, Finding, Outcome, Report
from .base import Formatter
from .escaping import for_log, leading_path, one_line

_COLORS = {
    Outcome.PASS: "\033[32m",
    Outcome.FAIL: "\033[31;1m",
    Outcome.MISSING: "\033[33m",
    Outcome.NOT_APPLICABLE: "\033[2m",
}
_RESET = "\033[0m"
_QUOTE_WIDTH = 160


def _prose(text: str) -> str:
    return for_log(one_line(text))


def _quote(text: str) -> str:
    quote = " ".join(text.split())
    if len(quote) > _QUOTE_WIDTH:
        quote = quote[: _QUOTE_WIDTH - 1] + "…"
    return for_log(quote)


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
        path = leading_path(for_log(doc.path))
        lines = [path]
        for a in doc.applicability:
            lines.extend(self._applicability(a))
        off = doc.regimes_off()
        for f in doc.findings:
            if not self.show_passing and f.outcome in (Outcome.PASS, Outcome.NOT_APPLICABLE):
                continue
            if f.outcome is Outcome.NOT_APPLICABLE and f.ruleset in off:
                continue  # said once above
            lines.extend(self._finding(path, f))
        s = doc.summary()
        suppressed = f", {s['suppressed']} suppressed" if s["suppressed"] else ""
        lines.append(
            f"{path}: {s['pass']} pass, {s['fail']} fail, {s['missing']} missing, "
            f"{s['not_applicable']} not applicable{suppressed}"
        )
        return lines

    def _applicability(self, a: Applicability) -> list[str]:
        out = [f"  regime {_prose(a.describe())}"]
        out += [f"      {e.span.line}:{e.span.column}  > {_quote(e.text)}" for e in a.evidence]
        return out

    def _finding(self, path: str, f: Finding) -> list[str]:
        where = format_location(f.anchor, path) if f.anchor else path
        outcome = self._paint(f.outcome, f"{f.outcome.value:<14}")
        suppressed = f"  (suppressed: {_prose(f.suppression.reason)})" if f.suppression else ""
        out = [
            f"  {where}: {outcome} {for_log(f.severity):<7} {for_log(f.rule_id)}  {_prose(f.message)}"
            f"  [{_prose(f.citation)}]{suppressed}"
        ]
        if f.outcome in (Outcome.PASS, Outcome.FAIL):
            out += [f"      {e.span.line}:{e.span.column}  > {_quote(e.text)}" for e in f.evidence]
        if f.outcome in (Outcome.FAIL, Outcome.MISSING) and f.remediation and not f.suppression:
            out.append(f"      fix: {_prose(f.remediation)}")
        return out
