"""`policy-rules check URL`: fetched pages in reports, one-line errors and exit 2 for bad ones."""

from __future__ import annotations

import json

import pytest

from policy_rules.cli.main import main

from .pages import site_page


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_url_reports_the_url(server: str, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"{server}/site"
    code, out, err = run(capsys, "check", url, "-r", "gdpr", "--date", "2026-01-01", "-f", "json")
    assert code == 1 and err == ""
    report = json.loads(out)
    assert [d["path"] for d in report["documents"]] == [url]
    for finding in report["documents"][0]["findings"]:
        for e in finding["evidence"]:
            assert site_page()[e["start"] : e["end"]] == e["text"]


def test_redirect_is_noted_on_stderr(server: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", f"{server}/old", "-r", "gdpr", "--date", "2026-01-01")
    assert code == 1
    assert f"policy-rules: note: {server}/old: redirected to {server}/site (2 redirects)" in err
    assert f"{server}/old" in out


def test_url_with_a_query_string_is_no_glob(server: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", f"{server}/missing?lang=en", "-r", "gdpr")
    assert code == 2
    assert f"{server}/missing?lang=en: HTTP 404" in err


@pytest.mark.parametrize(
    ("path", "extra", "message"),
    [
        ("/missing", [], "HTTP 404 Not Found"),
        ("/500", [], "HTTP 500"),
        ("/loop-a", [], "redirect loop"),
        ("/policy.pdf", [], "content type application/pdf"),
        ("/slow", ["--timeout", "0.5"], "timed out after 0.5 s"),
        ("/big", ["--max-size", "0.05"], "over the 50,000 bytes limit"),
    ],
)
def test_bad_urls_exit_2_with_one_line(
    server: str, capsys: pytest.CaptureFixture[str], path: str, extra: list[str], message: str
) -> None:
    code, _, err = run(capsys, "check", server + path, "-r", "gdpr", *extra)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    assert lines[0].startswith(f"policy-rules: error: {server}{path}: ") and message in lines[0]


def test_refused_connection_exits_2(refused_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", refused_url, "-r", "gdpr")
    assert code == 2
    assert err.strip() == f"policy-rules: error: {refused_url}: connection refused by 127.0.0.1"


def test_boilerplate_option_for_local_files(write, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    page = write("privacy.html", site_page())
    common = [
        "check",
        str(page),
        "-r",
        "gdpr",
        "--date",
        "2026-01-01",
        "--fact",
        "gdpr_applies=true",
        "-f",
        "json",
    ]

    def outcome(*extra: str) -> str:
        code, out, _ = run(capsys, *common, *extra)
        assert code in (0, 1)
        findings = json.loads(out)["documents"][0]["findings"]
        return next(f["outcome"] for f in findings if f["rule_id"] == "gdpr.art13.2.c.withdraw_consent")

    assert outcome() == outcome("--boilerplate", "keep") == "pass"  # the cookie banner's words count
    assert outcome("--boilerplate", "strip") == "not_applicable"


def test_timeout_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "https://example.com/privacy", "--timeout", "0"]) == 2
    assert "positive number of seconds" in capsys.readouterr().err
