"""The text report as a reader meets it: grouped, ordered, wrapped, summed up, and quiet on request."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from policy_rules.document.source import Span
from policy_rules.engine.findings import (
    Applicability,
    DocumentResult,
    Evidence,
    Finding,
    Outcome,
    Report,
    Suppression,
)
from policy_rules.reports import TextFormatter
from policy_rules.reports.escaping import ZWSP
from policy_rules.reports.text import location, words, wrap

PATH = "site/privacy.md"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def span(line: int, column: int = 1) -> Span:
    return Span(line * 100, line * 100 + 10, line, column, line, column + 10)


def finding(rule_id: str, outcome: Outcome, line: int | None = None, **kw: object) -> Finding:
    ruleset = rule_id.split(".")[0]
    evidence = (Evidence(span(line), f"Quoted sentence for {rule_id}."),) if line and outcome in (
        Outcome.PASS, Outcome.FAIL) else ()  # fmt: skip
    fields: dict[str, object] = {
        "severity": "error", "citation": f"Art. {rule_id}", "title": f"Title {rule_id}",
        "message": f"Title {rule_id}: {outcome.value}", "remediation": f"Fix {rule_id}.",
        "evidence": evidence, "location": span(line) if line and not evidence else None,
        "reason": "nothing in the text" if outcome is Outcome.NOT_APPLICABLE else None,
    }  # fmt: skip
    fields.update(kw)
    return Finding(rule_id, ruleset, outcome, **fields)  # type: ignore[arg-type]


def document(path: str = PATH, fail_line: int = 9) -> DocumentResult:
    """Two regimes that apply and one that does not; findings deliberately out of reading order."""
    findings = (
        finding("eu.pass_late", Outcome.PASS, 30),
        finding("eu.missing_nowhere", Outcome.MISSING),
        finding("eu.na", Outcome.NOT_APPLICABLE),
        finding("eu.fail_late", Outcome.FAIL, 40),
        finding("eu.missing_early", Outcome.MISSING, 3, severity="warning"),
        finding("eu.fail_early", Outcome.FAIL, fail_line),
        finding("eu.pass_early", Outcome.PASS, 2),
        finding(
            "eu.quiet_fail", Outcome.FAIL, 5, suppression=Suppression("inline", "agreed with counsel", 4)
        ),
        finding("kids.rule_a", Outcome.NOT_APPLICABLE, reason="the kids regime does not apply: x"),
        finding("kids.rule_b", Outcome.NOT_APPLICABLE, reason="the kids regime does not apply: x"),
        finding("house.pass", Outcome.PASS, 1),
    )
    applicability = (
        Applicability("eu", True, "text", "the policy names the GDPR", (Evidence(span(1), "Under the GDPR."),),
                      "eu_applies=false"),
        Applicability("kids", False, "text", "the service is not directed to children", (), "kids=true"),
        Applicability("house", True, "always", "the ruleset has no applicability condition"),
    )  # fmt: skip
    return DocumentResult(path, findings, "2026-01-01", applicability=applicability)


def render(*docs: DocumentResult, **kw: object) -> str:
    return TextFormatter(**kw).render(Report(list(docs)))  # type: ignore[arg-type]


def order_of(text: str, needles: list[str]) -> list[int]:
    return [text.index(n) for n in needles]


def test_grouped_by_regime_then_outcome_then_place() -> None:
    out = render(document(), width=120)
    lines = out.splitlines()
    assert lines[0] == PATH
    expected = [
        "regime eu: applies (from the text; --fact eu_applies=false to override): the policy names the GDPR",
        f"{PATH}:9:1: fail (error) eu.fail_early",
        f"{PATH}:40:1: fail (error) eu.fail_late",
        f"{PATH}:3:1: missing (warning) eu.missing_early",
        f"{PATH}: missing (error) eu.missing_nowhere",  # points nowhere: after the placed ones
        f"{PATH}:2:1: pass eu.pass_early",
        f"{PATH}:30:1: pass eu.pass_late",
        "not applicable: eu.na (nothing in the text)",
        "regime house: applies (always)",
        f"{PATH}:1:1: pass house.pass",
        "regime kids: does not apply (from the text; --fact kids=true to override): the service is not directed",
        "suppressed: eu.quiet_fail (fail): agreed with counsel",
        f"{PATH}: 2 fail, 2 missing, 3 pass, 1 not applicable, 1 suppressed; 1 regime not applying (2 rules)",
        "total: 1 document, 1 with findings at --fail-on error: 2 fail, 2 missing, 3 pass, 1 not applicable, 1 "
        "suppressed",
    ]
    positions = order_of(out, expected)
    assert positions == sorted(positions)
    assert "  1:1  > Under the GDPR." in out  # the regime's quote, under its decision


def test_a_regime_that_does_not_apply_is_one_entry_not_one_line_per_rule() -> None:
    out = render(document())
    assert "kids.rule_a" not in out and "kids.rule_b" not in out
    assert out.count("regime kids:") == 1
    entry = out[out.index("  regime kids:") :].splitlines()
    assert entry[1].startswith("      ") and not entry[2].startswith("      ")  # two lines at width 100


def test_severity_only_beside_fail_and_missing() -> None:
    out = render(document())
    for line in out.splitlines():
        if re.search(r"^  \S+: pass |^  not applicable", line):
            assert "error" not in line and "warning" not in line, line
    assert "fail (error)" in out and "missing (warning)" in out


def test_each_finding_has_place_message_citation_evidence_and_fix() -> None:
    out = render(document())
    block = out[out.index(f"{PATH}:9:1: fail") :].split(f"{PATH}:40:1")[0]
    assert "Title eu.fail_early: fail [Art. eu.fail_early]" in block
    assert "9:1  > Quoted sentence for eu.fail_early." in block
    assert "fix: Fix eu.fail_early." in block
    passing = out[out.index(f"{PATH}:2:1: pass") :].split(f"{PATH}:30:1")[0]
    assert "2:1  > Quoted sentence" in passing and "fix:" not in passing


def test_lines_fit_the_width_with_hanging_indents() -> None:
    long = Finding(
        "eu.long", "eu", Outcome.FAIL, "error", "Art. 1; Art. 2; " * 6, "Long", "Long: " + "word " * 80,
        "Do this " * 40, (Evidence(span(7), "A very long quoted sentence " * 20),),
    )  # fmt: skip
    doc = DocumentResult(PATH, (long,), "2026-01-01")
    for width in (40, 60, 100, 140):
        out = render(doc, width=width)
        lines = out.splitlines()
        assert max(len(line) for line in lines) <= width
        head = next(i for i, line in enumerate(lines) if "eu.long" in line)
        body = lines[head + 1 : lines.index("", head)]
        assert all(line.startswith("      ") for line in body)  # hanging indent under the finding
        quote = [line for line in body if "> A very long" in line or line.startswith(" " * 12 + "A very")]
        assert 1 <= len([line for line in body if "quoted sentence" in line]) <= 3 and quote
        assert any(line.endswith("…") for line in body)  # the quote was cut, and says so


def test_passing_quotes_take_one_line() -> None:
    ok = Finding("eu.ok", "eu", Outcome.PASS, "error", "Art. 1", "Ok", "Ok: disclosed", None,
                 (Evidence(span(3), "We tell you everything about it " * 10),))  # fmt: skip
    out = render(DocumentResult(PATH, (ok,), "2026-01-01"), width=80)
    (quote,) = [line for line in out.splitlines() if "We tell you" in line]
    assert quote.startswith("      3:1  > We tell you") and quote.endswith("…") and len(quote) <= 80


def test_totals_across_documents() -> None:
    clean = DocumentResult("b.md", (finding("eu.ok", Outcome.PASS, 1),), "2026-01-01")
    out = render(document(), clean, document("c.md"))
    last = out.rstrip("\n").splitlines()[-2:]
    assert " ".join(s.strip() for s in last) == (
        "total: 3 documents, 2 with findings at --fail-on error: 4 fail, 4 missing, 7 pass, 2 not "
        "applicable, 2 suppressed"
    )
    assert "b.md: 0 fail, 0 missing, 1 pass, 0 not applicable" in out
    assert "0 with findings at --fail-on fail" in render(clean, fail_on="fail")


def test_quiet_shows_only_what_reaches_the_threshold() -> None:
    doc = document()
    out = render(doc, quiet=True)
    assert re.findall(r"^  \S+: (\w+)", out, re.M) == ["fail", "fail", "missing"]  # warning is below error
    assert "  regime" not in out and ": pass" not in out and "not applicable:" not in out
    assert "suppressed:" not in out
    assert f"{PATH}: 2 fail, 2 missing, 3 pass" in out and out.count("total: 1 document") == 1
    only_fail = render(doc, quiet=True, fail_on="fail")
    assert re.findall(r"^  \S+: (\w+)", only_fail, re.M) == ["fail", "fail"]
    warnings = render(doc, quiet=True, fail_on="warning")
    assert "eu.missing_early" in warnings
    clean = DocumentResult("b.md", (finding("eu.ok", Outcome.PASS, 1),), "2026-01-01")
    assert render(clean, quiet=True).splitlines()[0].startswith("b.md: 0 fail")  # summary only


def test_colour_marks_outcomes_and_never_breaks_the_width() -> None:
    plain, coloured = render(document(), width=60), render(document(), width=60, color=True)
    assert "\x1b[" not in plain
    assert "\x1b[31;1mfail\x1b[0m" in coloured
    assert ANSI.sub("", coloured) == plain


def test_location_is_one_small_function() -> None:
    assert location("a.md", span(3, 7)) == "a.md:3:7"
    assert location("a.md", None) == "a.md"


def test_a_line_never_starts_with_a_runner_command() -> None:
    lines = wrap(words("word ::error::x ::warning::y " * 5), 20, 2, 6)
    assert all(not line.lstrip().startswith("::") for line in lines)
    assert any(line.lstrip().startswith(ZWSP + "::") for line in lines)


def test_max_lines_cuts_with_an_ellipsis() -> None:
    lines = wrap(words("alpha beta gamma delta " * 10), 30, 0, 4, max_lines=2)
    assert len(lines) == 2 and lines[-1].endswith("…") and all(len(line) <= 30 for line in lines)
    (one,) = wrap(words("x" * 100), 30, 4, 4, max_lines=1)
    assert one == "    " + "x" * 25 + "…"


text = st.lists(st.sampled_from([*"ab :é☃\x1b\n\t#[", "::", "##[", "supercalifragilisticexpialidocious"]),
                max_size=30).map("".join)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(
    width=st.integers(40, 120),
    parts=st.lists(
        st.tuples(st.sampled_from(list(Outcome)), text, st.none() | st.integers(1, 99)), max_size=5
    ),
    path=text.filter(lambda p: p.strip() != ""),
)
def test_every_line_fits_any_width(
    width: int, parts: list[tuple[Outcome, str, int | None]], path: str
) -> None:
    findings = tuple(
        Finding(f"eu.{t}", "eu", o, "error", t, t, t, t, (Evidence(span(n), t),) if n else (), t or None)
        for o, t, n in parts
    )
    doc = DocumentResult(path, findings, "2026-01-01")
    for quiet in (False, True):
        out = render(doc, width=width, quiet=quiet)
        for line in out.split("\n"):
            assert len(line.replace(ZWSP, "")) <= width, (width, line)
            assert not line.lstrip().startswith("::") and "\x1b" not in line


def test_show_passing_false_still_hides_pass_and_not_applicable() -> None:
    out = render(document(), show_passing=False)
    assert "eu.fail_early" in out and "eu.pass_early" not in out and "not applicable: eu.na" not in out
    assert "regime eu: applies" in out  # the decisions stay
