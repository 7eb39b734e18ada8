"""The HTML report: one self-contained page a privacy lawyer can open in a browser and mail on.

Per document it shows which regimes apply and why, the counts per outcome, the findings grouped by
regime and outcome, and the policy text with every evidence span highlighted, each highlight linked to
the findings that cite it and back. Missing disclosures are shown in the text under the heading where
they belong (the finding's ``location``, from the rule's ``belongs_under``), or in a note above the
text when the policy has no such section.

The page loads nothing: a Content-Security-Policy of ``default-src 'none'`` allows only the inline
style and script whose hashes it names, so even a bug in escaping could not run injected script. The
script only adds filters and highlights all fragments of a followed span; without it the page reads
the same. Text from the policy and the rulesets is escaped (:mod:`.html_text`), never trusted.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Iterable
from importlib import resources

from ..engine.findings import Applicability, DocumentResult, Evidence, Finding, Outcome, Report
from .base import Formatter, Write
from .escaping import one_line, visible
from .html_text import Highlight, render_text
from .locations import report_path
from .streaming import Spool

OUTCOME_ORDER = (Outcome.FAIL, Outcome.MISSING, Outcome.PASS, Outcome.NOT_APPLICABLE)
LABEL = {
    Outcome.FAIL: "Fail",
    Outcome.MISSING: "Missing",
    Outcome.PASS: "Pass",
    Outcome.NOT_APPLICABLE: "Not applicable",
}
CLASS = {
    Outcome.FAIL: "o-fail",
    Outcome.MISSING: "o-missing",
    Outcome.PASS: "o-pass",
    Outcome.NOT_APPLICABLE: "o-na",
}
_QUOTE = 240  # characters of a quote shown in a finding card (the whole span is in the text)


def esc(text: str) -> str:
    """Prose from a policy or a ruleset on one line, escaped for HTML text and attribute values."""
    return html.escape(one_line(text), quote=True)


def _asset(name: str) -> str:
    return (resources.files("policy_rules.reports") / "html_assets" / name).read_text("utf-8")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _quote(text: str) -> str:
    quote = " ".join(text.split())
    return quote if len(quote) <= _QUOTE else quote[: _QUOTE - 1] + "…"


def _spans(doc: DocumentResult, prefix: str) -> dict[tuple[int, int], str]:
    """Each distinct evidence span of the document (findings and regimes) and its element id."""
    keys: set[tuple[int, int]] = set()
    for f in doc.findings:
        keys.update((e.span.start, e.span.end) for e in f.evidence)
    for a in doc.applicability:
        keys.update((e.span.start, e.span.end) for e in a.evidence)
    ordered = sorted(keys, key=lambda k: (k[0], -k[1]))
    return {k: f"{prefix}-s{n + 1}" for n, k in enumerate(ordered)}


class _Doc:
    """Ids and cross-references of one document's page section."""

    def __init__(self, index: int, doc: DocumentResult) -> None:
        self.doc = doc
        self.prefix = f"d{index}"
        self.spans = _spans(doc, self.prefix)
        self.number = {id(f): n + 1 for n, f in enumerate(doc.findings)}
        self.regimes = list(
            dict.fromkeys([a.ruleset for a in doc.applicability] + [f.ruleset for f in doc.findings])
        )
        self.has_text = doc.source is not None and all(
            e.span.end <= len(doc.source.text) for f in doc.findings for e in f.evidence
        )

    def fid(self, f: Finding) -> str:
        return f"{self.prefix}-f{self.number[id(f)]}"

    def rid(self, ruleset: str) -> str:
        return f"{self.prefix}-r{self.regimes.index(ruleset) + 1}"

    def gid(self, f: Finding) -> str | None:
        """Id of the note in the text where a missing disclosure belongs, if it is shown there."""
        if not self.has_text or f.outcome is not Outcome.MISSING or f.suppression is not None:
            return None
        return f"{self.prefix}-g{self.number[id(f)]}"

    def evidence_link(self, e: Evidence) -> str:
        where = f"line {e.span.line}"
        quote = esc(_quote(e.text))
        if not self.has_text:
            return f'<blockquote class="quote"><span class="where">{where}</span> {quote}</blockquote>'
        sid = self.spans[(e.span.start, e.span.end)]
        return (
            f'<blockquote class="quote"><a class="where" href="#{sid}">{where} →</a> '
            f'<a class="qt" href="#{sid}">{quote}</a></blockquote>'
        )


def _chip(cls: str, label: str, count: int, attr: str) -> str:
    return (
        f'<button type="button" class="chip {cls}" {attr} aria-pressed="true" disabled>'
        f'<span class="n">{count}</span> {label}</button>'
    )


def _bar(d: _Doc) -> str:
    doc = d.doc
    s = doc.summary()
    chips = [
        _chip(CLASS[o], LABEL[o].lower(), s[o.value], f'data-outcome="{o.value}"') for o in OUTCOME_ORDER
    ]
    if s["suppressed"]:
        chips.append(f'<span class="chip o-sup"><span class="n">{s["suppressed"]}</span> suppressed</span>')
    regimes = [
        f'<button type="button" class="chip rg" data-regime="{esc(r)}" aria-pressed="true" disabled>'
        f"{esc(r)}</button>"
        for r in d.regimes
    ]
    dates = f"checked as of {esc(doc.evaluation_date)}"
    if doc.policy_date:
        dates += f" · policy dated {esc(doc.policy_date)}"
    return (
        f'<div class="bar"><h2><a href="#{d.prefix}">{esc(report_path(doc.path))}</a></h2>'
        f'<p class="dates">{dates}</p>'
        f'<div class="chips" role="group" aria-label="outcomes">{"".join(chips)}</div>'
        f'<div class="chips regimes" role="group" aria-label="regimes">{"".join(regimes)}</div></div>'
    )


def _regime_rows(d: _Doc) -> str:
    if not d.doc.applicability:
        return ""
    rows = []
    for a in d.doc.applicability:
        verdict = (
            '<span class="yes">applies</span>' if a.applies else '<span class="no">does not apply</span>'
        )
        basis = {"fact": "your facts", "text": "the text", "assumed": "a default", "always": "no condition"}
        evidence = "".join(d.evidence_link(e) for e in a.evidence)
        override = (
            f'<p class="override">To reverse: <code>{esc(a.options())}</code></p>' if a.override else ""
        )
        rows.append(
            f'<tr id="{d.rid(a.ruleset)}"><th scope="row"><code>{esc(a.ruleset)}</code></th>'
            f'<td class="verdict">{verdict}<span class="basis">from {esc(basis.get(a.basis, a.basis))}'
            "</span></td>"
            f"<td>{esc(a.reason)}{evidence}{override}</td></tr>"
        )
    return (
        '<section class="regimes-table"><h3>Regimes</h3><table><thead><tr><th>regime</th><th>verdict</th>'
        f"<th>why</th></tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


def _card(d: _Doc, f: Finding) -> str:
    parts = [
        f'<article class="finding {CLASS[f.outcome]}" id="{d.fid(f)}" data-outcome="{f.outcome.value}" '
        f'data-regime="{esc(f.ruleset)}">',
        f'<header><span class="num">#{d.number[id(f)]}</span> <span class="badge {CLASS[f.outcome]}">'
        f"{LABEL[f.outcome]}</span> <span class='title'>{esc(f.title)}</span></header>",
        f'<p class="meta"><code>{esc(f.rule_id)}</code> · {esc(f.severity)} · {esc(f.citation)}</p>',
        f'<p class="msg">{esc(f.message)}</p>',
    ]
    if f.suppression is not None:
        parts.append(
            f'<p class="sup">Suppressed ({esc(f.suppression.kind)}): {esc(f.suppression.reason)}</p>'
        )
    gid = d.gid(f)
    if gid is not None:
        where = "where it belongs in the text" if f.location is not None else "noted above the text"
        parts.append(f'<p class="goto"><a href="#{gid}">Show {where} →</a></p>')
    if f.remediation and f.outcome in (Outcome.FAIL, Outcome.MISSING):
        parts.append(f'<p class="fix"><strong>Fix:</strong> {esc(f.remediation)}</p>')
    parts.extend(d.evidence_link(e) for e in f.evidence)
    parts.append("</article>")
    return "".join(parts)


def _findings(d: _Doc) -> str:
    out = ['<section class="findings"><h3>Findings</h3>']
    off = d.doc.regimes_off()
    for regime in d.regimes:
        mine = [f for f in d.doc.findings if f.ruleset == regime]
        if not mine:
            continue
        status = " — does not apply" if regime in off else ""
        out.append(
            f'<section class="regime" data-regime="{esc(regime)}"><h4><code>{esc(regime)}</code>{status}</h4>'
        )
        for outcome in OUTCOME_ORDER:
            group = [f for f in mine if f.outcome is outcome]
            if not group:
                continue
            cards = "".join(_card(d, f) for f in group)
            label = (
                f'<span class="badge {CLASS[outcome]}">{LABEL[outcome]}</span> '
                f'<span class="count">{len(group)}</span>'
            )
            if outcome is Outcome.NOT_APPLICABLE:  # long and rarely read: folded
                out.append(
                    f'<details class="group" data-outcome="{outcome.value}"><summary>{label}</summary>'
                    f"{cards}</details>"
                )
            else:
                out.append(f'<div class="group" data-outcome="{outcome.value}"><h5>{label}</h5>{cards}</div>')
        out.append("</section>")
    if not d.doc.findings:
        out.append("<p>No findings.</p>")
    out.append("</section>")
    return "".join(out)


def _worst(outcomes: Iterable[Outcome]) -> str:
    seen = set(outcomes)
    return next((CLASS[o] for o in OUTCOME_ORDER if o in seen), "o-regime")


def _highlights(d: _Doc) -> list[Highlight]:
    citing: dict[tuple[int, int], list[Finding]] = {k: [] for k in d.spans}
    regimes: dict[tuple[int, int], list[Applicability]] = {k: [] for k in d.spans}
    for f in d.doc.findings:
        for k in dict.fromkeys((e.span.start, e.span.end) for e in f.evidence):
            citing[k].append(f)
    for a in d.doc.applicability:
        for k in dict.fromkeys((e.span.start, e.span.end) for e in a.evidence):
            regimes[k].append(a)
    out = []
    for key, sid in d.spans.items():
        fs, rs = citing[key], regimes[key]
        counted = [f.outcome for f in fs if f.suppression is None] or [f.outcome for f in fs]
        links = [
            f'<a class="ref {CLASS[f.outcome]}" href="#{d.fid(f)}" title="{esc(f.rule_id)}">'
            f"{d.number[id(f)]}</a>"
            for f in fs
        ] + [f'<a class="ref o-regime" href="#{d.rid(a.ruleset)}">{esc(a.ruleset)}</a>' for a in rs]
        title = "; ".join(
            [f"#{d.number[id(f)]} {visible(f.rule_id)} ({f.outcome.value})" for f in fs[:8]]
            + (["…"] if len(fs) > 8 else [])
            + [f"regime {visible(a.ruleset)}" for a in rs]
        )
        refs = f'<sup class="refs">{"".join(links)}</sup>'
        out.append(Highlight(key[0], key[1], sid, f"ev {_worst(counted)}", title, refs))
    return out


def _gap_note(d: _Doc, fs: list[Finding], where: str) -> str:
    items = "".join(
        f'<li id="{d.gid(f)}"><a href="#{d.fid(f)}">#{d.number[id(f)]} {esc(f.title)}</a> '
        f"<code>{esc(f.rule_id)}</code></li>"
        for f in fs
    )
    return f'<span class="gap" role="note"><span class="gap-h">{where}</span><ul>{items}</ul></span>'


def _text(d: _Doc) -> str:
    source = d.doc.source
    if source is None or not d.has_text:
        return (
            '<section class="text"><h3>Policy text</h3><p class="note">The policy text is not part of '
            "this result (it was rebuilt without its document), so the findings are shown without it.</p>"
            "</section>"
        )
    missing = [f for f in d.doc.findings if d.gid(f) is not None]
    here: dict[int, list[Finding]] = {}
    nowhere = []
    for f in missing:
        if f.location is None or f.location.end > len(source.text):
            nowhere.append(f)
            continue
        line = source.position(f.location.end)[0]  # after the heading's line
        at = source.line_starts[line] if line < len(source.line_starts) else len(source.text)
        here.setdefault(at, []).append(f)
    inserts = {at: _gap_note(d, fs, "Missing here:") for at, fs in here.items()}
    top = ""
    if nowhere:
        top = _gap_note(d, nowhere, "Missing, and the policy has no section where it belongs:")
    body = render_text(source.text, _highlights(d), inserts, source.format)
    return f'<section class="text"><h3>Policy text</h3>{top}<div class="policy">{body}</div></section>'


def _document(index: int, doc: DocumentResult) -> str:
    d = _Doc(index, doc)
    return (
        f'<section class="doc" id="{d.prefix}">{_bar(d)}<div class="cols"><div class="left">'
        f"{_regime_rows(d)}{_findings(d)}</div>{_text(d)}</div></section>"
    )


def _index_row(index: int, doc: DocumentResult) -> str:
    s = doc.summary()
    counts = "".join(f'<td class="{CLASS[o]}">{s[o.value]}</td>' for o in OUTCOME_ORDER)
    return f'<tr><th scope="row"><a href="#d{index}">{esc(report_path(doc.path))}</a></th>{counts}</tr>'


def _index(rows: list[str]) -> str:
    if len(rows) < 2:
        return ""
    head = "".join(f"<th>{LABEL[o].lower()}</th>" for o in OUTCOME_ORDER)
    return (
        f'<nav class="index"><table><thead><tr><th>document</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></nav>"
    )


class HtmlFormatter(Formatter):
    """The page starts with the number of documents and their index, so each document's section (its
    whole text, marked up) waits in a :class:`Spool`; only the index rows stay in memory."""

    name = "html"
    needs_source = True

    def begin(self, head: Report, write: Write) -> None:
        super().begin(head, write)
        self._rows: list[str] = []
        self._spool = Spool()

    def document(self, doc: DocumentResult) -> None:
        index = len(self._rows)
        self._rows.append(_index_row(index, doc))
        self._spool.write(_document(index, doc))

    def abort(self) -> None:
        self._spool.close()

    def end(self) -> None:
        css, js = _asset("report.css"), _asset("report.js")
        csp = (
            f"default-src 'none'; style-src '{_sha256(css)}'; script-src '{_sha256(js)}'; "
            "img-src 'none'; base-uri 'none'; form-action 'none'"
        )
        sets = ", ".join(f"{esc(r.get('id', ''))} {esc(r.get('version', ''))}" for r in self.head.rulesets)
        count = len(self._rows)
        self.write(
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<meta name="referrer" content="no-referrer">'
            f"<title>policy-rules report</title><style>{css}</style></head><body>"
            f'<header class="top"><h1>policy-rules report</h1><p>{count} document{"s" if count != 1 else ""}'
            f"{' · rulesets: ' + sets if sets else ''}</p></header>"
            f"<main>{_index(self._rows)}"
        )
        self._spool.copy_to(self.write)
        self.write(f"</main><script>{js}</script></body></html>\n")
