"""Suppression comments with reasons, and baselines."""

from __future__ import annotations

import contextlib
import json
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from policy_rules import load_policy
from policy_rules.cli.main import main
from policy_rules.errors import InputError
from policy_rules.lint.suppressions import _comments, _ids_and_reason, parse_directives

BASE = ["check", "docs/privacy.md", "-r", "gdpr", "--date", "2026-01-01", "--format", "json"]


def findings(capsys) -> dict[str, dict]:  # type: ignore[no-untyped-def,type-arg]
    data = json.loads(capsys.readouterr().out)
    return {f["rule_id"]: f for f in data["documents"][0]["findings"]}


def edit(project: Path, old: str, new: str) -> None:
    policy = project / "docs" / "privacy.md"
    policy.write_text(policy.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_next_block_suppression_with_reason(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    edit(
        project,
        "We keep your personal data indefinitely.",
        "<!-- policy-rules-disable gdpr.art13.2.a.retention_period -- archive kept under a legal hold -->\n"
        "We keep your personal data indefinitely.",
    )
    main([*BASE, "--fail-on", "fail", "--disable", "gdpr.art12.3.response_time_limit"])
    f = findings(capsys)["gdpr.art13.2.a.retention_period"]
    assert f["outcome"] == "fail"
    assert f["suppressed"] == {"kind": "inline", "reason": "archive kept under a legal hold", "line": 9}
    code = main([*BASE, "--fail-on", "fail", "--disable", "gdpr.art12.3.response_time_limit"])
    capsys.readouterr()
    assert code == 0


def test_suppression_only_covers_the_next_block(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    edit(
        project,
        "## How long we keep data",
        "<!-- policy-rules-disable gdpr.art13.2.a.retention_period -- wrong place -->\n\n## How long we keep data",
    )
    main(BASE)
    assert findings(capsys)["gdpr.art13.2.a.retention_period"]["suppressed"] is None


def test_file_level_suppression_covers_missing_findings(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    edit(
        project,
        "# Privacy Policy",
        "<!-- policy-rules-disable-file gdpr.art13.2.b.right_to_erasure -- app stores no data -->\n# Privacy Policy",
    )
    main(BASE)
    f = findings(capsys)["gdpr.art13.2.b.right_to_erasure"]
    assert f["outcome"] == "missing" and f["suppressed"]["kind"] == "file"


def test_reason_is_required(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    edit(
        project,
        "# Privacy Policy",
        "<!-- policy-rules-disable gdpr.art13.2.a.retention_period -->\n# Privacy Policy",
    )
    assert main(BASE) == 2
    assert "docs/privacy.md:1:1: suppression needs a reason" in capsys.readouterr().err


def test_unknown_rule_id_is_an_error(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    edit(project, "# Privacy Policy", "# Privacy Policy\n\n<!-- policy-rules-disable gdpr.nope -- x -->")
    assert main(BASE) == 2
    assert "docs/privacy.md:3:1: suppression names unknown rule id 'gdpr.nope'" in capsys.readouterr().err


def test_unused_suppressions_are_reported(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    edit(
        project,
        "You have the right to access",
        "<!-- policy-rules-disable gdpr.art13.2.b.right_of_access -- passes anyway -->\nYou have the right to access",
    )
    assert main([*BASE, "--fail-on", "fail", "--disable", "gdpr.art12.3.response_time_limit",
                 "--disable", "gdpr.art13.2.a.retention_period"]) == 0  # fmt: skip
    capsys.readouterr()
    code = main([*BASE, "--fail-on", "fail", "--disable", "gdpr.art12.3.response_time_limit",
                 "--disable", "gdpr.art13.2.a.retention_period", "--report-unused-suppressions"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    assert "docs/privacy.md:13:1: unused suppression for gdpr.art13.2.b.right_of_access" in err


def test_suppressed_findings_stay_in_sarif(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    edit(
        project,
        "We keep your personal data indefinitely.",
        "<!-- policy-rules-disable gdpr.art13.2.a.retention_period -- legal hold -->\nWe keep your personal data indefinitely.",
    )
    main([*BASE, "--output", "sarif=r.sarif"])
    capsys.readouterr()
    log = json.loads((project / "r.sarif").read_text(encoding="utf-8"))
    result = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "gdpr.art13.2.a.retention_period")
    assert result["suppressions"] == [
        {"kind": "inSource", "status": "accepted", "justification": "legal hold"}
    ]


def test_baseline_only_new_findings_fail(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main([*BASE, "--write-baseline", "baseline.json"]) == 0
    capsys.readouterr()
    recorded = json.loads((project / "baseline.json").read_text(encoding="utf-8"))
    assert recorded["version"] == 1 and recorded["findings"]
    assert main([*BASE, "--baseline", "baseline.json"]) == 0
    assert all(f["suppressed"] for f in findings(capsys).values() if f["outcome"] in ("fail", "missing"))
    # an edit above the findings keeps them baselined; a new problem fails
    edit(project, "# Privacy Policy", "# Privacy Policy\n\nBy using the app you agree to this policy.")
    code = main([*BASE, "--baseline", "baseline.json"])
    new = [f for f in findings(capsys).values() if f["outcome"] == "fail" and not f["suppressed"]]
    assert code == 1
    assert [f["rule_id"] for f in new] == ["gdpr.art7.no_deemed_consent"]


def test_bad_baseline_file(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (project / "b.json").write_text("{not json", encoding="utf-8")
    assert main([*BASE, "--baseline", "b.json"]) == 2
    assert "baseline is not valid JSON" in capsys.readouterr().err
    assert main([*BASE, "--baseline", "absent.json"]) == 2
    assert "no such baseline file" in capsys.readouterr().err


def test_baseline_path_the_os_refuses_is_named_not_a_crash(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """Found by fuzzing: ``Path.exists`` raised ENAMETOOLONG (exit 70) and called a symlink loop a
    missing baseline; each now gives the OS's reason on one line."""
    long_name = "b" * 300 + ".json"
    assert main([*BASE, "--baseline", long_name]) == 2
    err = capsys.readouterr().err
    assert "File name too long" in err and err.count("\n") == 1
    (project / "loop.json").symlink_to("loop.json")
    assert main([*BASE, "--baseline", "loop.json"]) == 2
    err = capsys.readouterr().err
    assert "Too many levels of symbolic links" in err and "no such" not in err


# The single regex the scanner replaced: the reference for what a suppression comment is.
_OLD_COMMENT = re.compile(r"<!--\s*policy-rules-disable(?P<file>-file)?\b(?P<body>.*?)-->", re.DOTALL)
_OLD_BODY = re.compile(r"^\s*(?P<ids>[^\s].*?)\s*(?:--\s*(?P<reason>.*?))?\s*$", re.DOTALL)


def _old_parse(text: str) -> list[tuple[int, bool, list[str], str]]:
    out = []
    for m in _OLD_COMMENT.finditer(text):
        body = _OLD_BODY.match(m.group("body"))
        ids = re.split(r"[\s,]+", body.group("ids").strip()) if body else []
        reason = (body.group("reason") or "").strip() if body else ""
        out.append((m.start(), bool(m.group("file")), ids, reason))
    return out


def _new_parse(text: str) -> list[tuple[int, bool, list[str], str]]:
    return [(start, file_level, *_ids_and_reason(body)) for start, _, file_level, body in _comments(text)]


_PIECES = ["<!--", "-->", " policy-rules-disable", "policy-rules-disable-file", "-file", "--", "-", " ", "\n",
           "gdpr", "a,b", "x", "reason", ",", "<p>"]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
@example("<!-- policy-rules-disable -- r -->")
@example("<!-- policy-rules-disable --x -->")
@example("<!-- policy-rules-disable-filex a -- r --> <!-- policy-rules-disable a")
def test_scanner_reads_comments_as_the_regex_did(text: str) -> None:
    """The linear scanner finds the same comments, ids and reasons as the regex it replaced."""
    assert _new_parse(text) == _old_parse(text)


def _directive_time(text: str) -> float:
    document = load_policy(text, format="html")
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        with contextlib.suppress(InputError):  # "spaces in the body" needs a reason: the time counts
            parse_directives(document, {"gdpr"})
        best = min(best, time.perf_counter() - start)
    return best


_SHAPES: dict[str, tuple[Callable[[int], str], int]] = {
    # found by fuzzing: both ran for minutes on a file of a few hundred kilobytes
    "unclosed openings": (lambda n: "<p>x</p>" + "<!-- policy-rules-disable gdpr\n" * n, 1000),
    "spaces in the body": (lambda n: "<p>x</p><!-- policy-rules-disable a" + " " * n + "b -->", 1000),
    "many directives": (
        lambda n: "".join(f"<!-- policy-rules-disable gdpr -- r --><p>{i}</p>" for i in range(n)),
        500,
    ),
}


@pytest.mark.parametrize("name", list(_SHAPES))
def test_reading_suppressions_is_linear(name: str) -> None:
    make, n = _SHAPES[name]
    small = max(_directive_time(make(n)), 1e-3)
    large = _directive_time(make(8 * n))
    assert large / small < 30, f"{name}: {small:.4f}s at N, {large:.4f}s at 8N"
