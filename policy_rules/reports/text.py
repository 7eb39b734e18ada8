"""Human output, in the order a reader acts on it: per document, per regime, problems first.

For each document: each regime that applies (with why, one quoted span and the ``--fact`` that reverses
it), then its findings as ``fail``, ``missing`` and ``pass`` entries in document order, then its
``not_applicable`` rules one line each; each regime that does not apply is one entry with its reason,
not one line per rule. A summary line per document and a totals line end the report. ``quiet`` keeps
only the findings that reach ``fail_on`` (those that make the exit status 1) and the summaries.

Lines are wrapped to ``width`` with hanging indents. Every piece of text from a policy or a ruleset goes
through :func:`~.escaping.for_log`, so a file name or a quote cannot move the cursor, recolour the
terminal or issue a CI command.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..document.source import Span, format_location
from ..engine.findings import Applicability, DocumentResult, Finding, Outcome, Report
from ..engine.threshold import reaches_threshold
from .base import Formatter, Write
from .escaping import ZWSP, for_log, leading_path, one_line

# -- Layout. textwrap counts colour escapes as text and cannot cap a paragraph at a number of lines with
# an ellipsis, so the report lays out its own words. Words must already be safe to print (for_log):
# layout only adds spaces, line breaks, "…" and our own colour codes. Every line fits the width (a word
# longer than a line is cut), and no line's text starts with "::", which a GitHub Actions runner reads
# as a command whatever the indentation.

RESET = "\033[0m"
STYLES = {
    "fail": "\033[31;1m",
    "missing": "\033[33m",
    "pass": "\033[32m",
    "dim": "\033[2m",
    "bold": "\033[1m",
    "fix": "\033[36m",
}
ELLIPSIS = "…"


@dataclass(frozen=True)
class Word:
    text: str
    style: str = ""


def words(text: str, style: str = "") -> list[Word]:
    """``text`` (one line, already escaped) as words, all in one style."""
    return [Word(w, style) for w in text.split(" ") if w]


def _pieces(word: Word, room: int) -> list[Word]:
    """A word longer than ``room`` columns, cut into pieces that fit."""
    if len(word.text) <= room:
        return [word]
    return [Word(word.text[i : i + room], word.style) for i in range(0, len(word.text), room)]


def _truncate(line: list[Word], room: int) -> list[Word]:
    """The last line kept of a paragraph cut short: words dropped until ``…`` fits after them."""
    line = list(line)
    while line and sum(len(w.text) + 1 for w in line) + len(ELLIPSIS) > room + 1:
        if len(line) == 1:
            cut = max(0, room - len(ELLIPSIS))
            line = [Word(line[0].text[:cut], line[0].style)]
            break
        line.pop()
    if line:
        line[-1] = Word(line[-1].text + ELLIPSIS, line[-1].style)
    else:
        line = [Word(ELLIPSIS)]
    return line


def wrap(
    parts: list[Word],
    width: int,
    indent: int,
    hang: int,
    *,
    color: bool = False,
    max_lines: int | None = None,
) -> list[str]:
    """``parts`` as lines of at most ``width`` columns: the first indented by ``indent`` spaces, the rest
    by ``hang``; at most ``max_lines`` lines, the last ending in ``…`` when words were left out."""
    room = max(1, width - max(indent, hang))
    lines: list[list[Word]] = [[]]
    used = indent
    for part in parts:
        for piece in _pieces(part, room):
            need = len(piece.text) + (1 if lines[-1] else 0)
            if lines[-1] and used + need > width:
                lines.append([])
                used, need = hang, len(piece.text)
            lines[-1].append(piece)
            used += need
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _truncate(lines[-1], width - (indent if max_lines == 1 else hang))
    out = []
    for number, line in enumerate(lines):
        if " ".join(w.text for w in line).lstrip().startswith("::"):
            first = next(i for i, w in enumerate(line) if w.text.strip())
            line[first] = Word(ZWSP + line[first].text.lstrip(), line[first].style)
        text = " ".join(paint(" ".join(w.text for w in run), style, color) for style, run in _runs(line))
        out.append(" " * (indent if number == 0 else hang) + text)
    return out


def _runs(line: list[Word]) -> list[tuple[str, list[Word]]]:
    """Neighbouring words of one style, so that a coloured phrase gets one pair of colour codes."""
    runs: list[tuple[str, list[Word]]] = []
    for w in line:
        if runs and runs[-1][0] == w.style:
            runs[-1][1].append(w)
        else:
            runs.append((w.style, [w]))
    return runs


def paint(text: str, style: str, color: bool) -> str:
    return f"{STYLES[style]}{text}{RESET}" if color and style else text


# -- The report.

DEFAULT_WIDTH = 100
#: Lines a quote may take: a failing sentence is what the reader must find and fix; a passing one or
#: a regime's is only a pointer.
_QUOTE_LINES = {Outcome.FAIL: 3}
_ORDER = (Outcome.FAIL, Outcome.MISSING, Outcome.PASS)
_LABEL = {Outcome.NOT_APPLICABLE: "not applicable"}
_INDENT, _DETAIL = 2, 6
_BASIS = {"fact": "from your facts", "text": "from the text", "assumed": "assumed", "always": "always"}


def position(span: Span) -> str:
    """Where a span starts, as a reader looks it up: ``line:column``, or the page and line of a PDF."""
    return format_location(span)


def location(path: str, span: Span | None) -> str:
    """A finding's place: ``path:line:column`` (what editors and terminals turn into a link)."""
    return format_location(span, path) if span is not None else path


def _prose(text: str) -> str:
    return for_log(one_line(text))


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


_RANK = {Outcome.FAIL: 0, Outcome.MISSING: 1, Outcome.PASS: 2, Outcome.NOT_APPLICABLE: 3}


def _reading_order(findings: Iterable[Finding]) -> list[Finding]:
    """fail, missing, pass, not_applicable; within each, in document order (rules that point nowhere
    last), and in ruleset order where they tie."""

    def key(f: Finding) -> tuple[int, int, int, int]:
        span = f.anchor
        return (_RANK[f.outcome], *((0, span.line, span.column) if span is not None else (1, 0, 0)))

    return sorted(findings, key=key)


def _by_ruleset(doc: DocumentResult) -> dict[str, list[Finding]]:
    """The findings that count (not suppressed) per ruleset, rulesets in the order decided, then any
    other in the order met."""
    out: dict[str, list[Finding]] = {a.ruleset: [] for a in doc.applicability}
    for f in doc.findings:
        if f.suppression is None:
            out.setdefault(f.ruleset, []).append(f)
    return out


class TextFormatter(Formatter):
    name = "text"

    def begin(self, head: Report, write: Write) -> None:
        super().begin(head, write)
        self._total: Counter[str] = Counter()
        self._at_threshold = 0
        self._documents = 0

    def document(self, doc: DocumentResult) -> None:
        doc_counts = self._counts(doc)
        self._total.update(doc_counts)
        self._at_threshold += any(reaches_threshold(f, self.fail_on) for f in doc.findings)
        self._documents += 1
        self.write("\n".join(self._document(doc, doc_counts)) + "\n")

    def end(self) -> None:
        self.write("\n".join(self._totals(self._documents, self._at_threshold, self._total)) + "\n")

    # -- layout helpers

    @property
    def _width(self) -> int:
        return self.width or DEFAULT_WIDTH

    def _para(self, parts: list[Word], indent: int, hang: int, max_lines: int | None = None) -> list[str]:
        return wrap(parts, self._width, indent, hang, color=self.color, max_lines=max_lines)

    def _quote(self, span: Span, text: str, indent: int, max_lines: int = 1) -> list[str]:
        head = f"{position(span)}  >"
        parts = [Word(head), *words(for_log(" ".join(text.split())))]
        return self._para(parts, indent, indent + len(head) + 1, max_lines)

    # -- one document

    def _counts(self, doc: DocumentResult) -> Counter[str]:
        off = doc.regimes_off()
        counts: Counter[str] = Counter()
        for f in doc.findings:
            if f.suppression is not None:
                counts["suppressed"] += 1
            elif f.outcome is Outcome.NOT_APPLICABLE and f.ruleset in off:
                counts["regime_off_rules"] += 1
            else:
                counts[f.outcome.value] += 1
        counts["regimes_off"] = len(off)
        return counts

    def _document(self, doc: DocumentResult, counts: Counter[str]) -> list[str]:
        path = leading_path(for_log(doc.path))
        body: list[str] = []
        if self.quiet:
            for findings in _by_ruleset(doc).values():
                for f in _reading_order(findings):
                    body += self._finding(path, f) if reaches_threshold(f, self.fail_on) else []
            return [*body, *self._summary(path, counts), ""]
        for group in self._groups(doc, path):
            body += [*group, ""]
        return [*self._para(words(path, "bold"), 0, 4), *body, *self._summary(path, counts), ""]

    def _groups(self, doc: DocumentResult, path: str) -> Iterable[list[str]]:
        """One block of lines per regime that applies (or that has findings but no decision), in ruleset
        order; then one block with the regimes that do not apply; suppressed findings last."""
        by_ruleset = _by_ruleset(doc)
        decided = {a.ruleset: a for a in doc.applicability}
        for ruleset, findings in by_ruleset.items():
            a = decided.get(ruleset)
            if a is None or a.applies:
                lines = self._decision(a, "bold") if a else self._para(words(for_log(ruleset), "bold"), 2, 6)
                yield lines + self._findings(path, findings)
        off = [a for a in doc.applicability if not a.applies]
        if off:
            yield [line for a in off for line in self._regime_off(path, a, by_ruleset.get(a.ruleset, []))]
        suppressed = [f for f in doc.findings if f.suppression is not None]
        if suppressed:
            yield [line for f in suppressed for line in self._suppressed(f)]

    def _decision(self, a: Applicability, style: str) -> list[str]:
        """A regime's decision in at most three lines: verdict, basis and the override first, so that a
        long reason is what gets cut; then the quoted span that comes first in the file, if any."""
        verdict = "applies" if a.applies else "does not apply"
        basis = _BASIS.get(a.basis, for_log(a.basis))
        options = [Word(f"--fact {for_log(o)}", style) for o in (a.override or "").split()]
        end = ":" if a.basis != "always" else ""
        parts = [Word("regime", style), Word(f"{for_log(a.ruleset)}:", style), *words(verdict, style)]
        if options:
            parts += [*words(f"({basis};", style), *options, *words(f"to override){end}", style)]
        else:
            parts += words(f"({basis}){end}", style)
        if end:
            parts += words(_prose(a.reason), style)
        out = self._para(parts, _INDENT, _DETAIL, max_lines=3)
        first = sorted(a.evidence, key=lambda e: (e.span.start, e.span.end))[:1]
        return out + [line for e in first for line in self._quote(e.span, e.text, _DETAIL)]

    def _findings(self, path: str, findings: list[Finding]) -> list[str]:
        out: list[str] = []
        for f in _reading_order(findings):
            if f.outcome is Outcome.NOT_APPLICABLE:
                out += self._not_applicable(f) if self.show_passing else []
            elif f.outcome is not Outcome.PASS or self.show_passing:
                out += self._finding(path, f)
        return out

    def _regime_off(self, path: str, a: Applicability, findings: list[Finding]) -> list[str]:
        """The decision, instead of one not_applicable line per rule (any other finding still shows)."""
        rest = [f for f in findings if f.outcome is not Outcome.NOT_APPLICABLE]
        return self._decision(a, "dim") + self._findings(path, rest)

    # -- one finding

    def _finding(self, path: str, f: Finding) -> list[str]:
        outcome = f.outcome.value
        head = [Word(f"{location(path, f.anchor)}:"), Word(outcome, outcome)]
        if f.outcome in (Outcome.FAIL, Outcome.MISSING):
            head.append(Word(f"({for_log(f.severity)})"))
        head.append(Word(for_log(f.rule_id)))
        out = self._para(head, _INDENT, _DETAIL)
        message = f.message if f.message.startswith(f.title) else f"{f.title}: {f.message}"
        out += self._para([*words(_prose(message)), Word(f"[{_prose(f.citation)}]")], _DETAIL, _DETAIL)
        if f.outcome in (Outcome.PASS, Outcome.FAIL):
            for e in f.evidence:
                out += self._quote(e.span, e.text, _DETAIL, _QUOTE_LINES.get(f.outcome, 1))
        if f.outcome in (Outcome.FAIL, Outcome.MISSING) and f.remediation:
            out += self._para([Word("fix:", "fix"), *words(_prose(f.remediation))], _DETAIL, _DETAIL + 5)
        return out

    def _not_applicable(self, f: Finding) -> list[str]:
        why = f" ({_prose(f.reason)})" if f.reason else ""
        text = f"not applicable: {for_log(f.rule_id)}{why}"
        return self._para(words(text, "dim"), _INDENT, _DETAIL)

    def _suppressed(self, f: Finding) -> list[str]:
        reason = _prose(f.suppression.reason) if f.suppression else ""
        text = f"suppressed: {for_log(f.rule_id)} ({f.outcome.value}): {reason}"
        return self._para(words(text, "dim"), _INDENT, _DETAIL)

    # -- summaries

    def _tally(self, counts: Counter[str]) -> list[Word]:
        parts: list[Word] = []
        for outcome in (*_ORDER, Outcome.NOT_APPLICABLE):
            n = counts[outcome.value]
            label = _LABEL.get(outcome, outcome.value)
            style = outcome.value if n and outcome in _ORDER else ""
            parts += [Word(str(n), style), *words(f"{label},", style)]
        if counts["suppressed"]:
            parts += words(f"{counts['suppressed']} suppressed,")
        parts[-1] = Word(parts[-1].text.rstrip(","), parts[-1].style)
        return parts

    def _summary(self, path: str, counts: Counter[str]) -> list[str]:
        parts = [Word(f"{path}:"), *self._tally(counts)]
        if counts["regimes_off"]:
            rules = _plural(counts["regime_off_rules"], "rule")
            parts[-1] = Word(parts[-1].text + ";", parts[-1].style)
            parts += words(f"{_plural(counts['regimes_off'], 'regime')} not applying ({rules})")
        return self._para(parts, 0, 4)

    def _totals(self, documents: int, at_threshold: int, counts: Counter[str]) -> list[str]:
        threshold = f"{at_threshold} with findings at --fail-on {for_log(self.fail_on)}:"
        head = f"total: {_plural(documents, 'document')}, {threshold}"
        return self._para([*words(head, "bold"), *self._tally(counts)], 0, 4)
