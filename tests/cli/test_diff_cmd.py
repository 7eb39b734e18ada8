"""``policy-rules diff``: exit statuses, every format, --base against a real git repository, the Action."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from policy_rules.cli.main import main

REPO = Path(__file__).resolve().parents[2]
POLICY = """\
# Privacy Policy

Last updated: 1 February 2025

Lumen Garden Ltd is the controller of your personal data. Write to us at privacy@lumen-garden.example.

## Your rights

If you live in the European Economic Area, the GDPR gives you the rights below.

You have the right to access the personal data we hold about you.

You have the right to object to processing based on our legitimate interests (100% of them).

## Keeping data

We delete account data 30 days after you close your account.
"""
OBJECT = "You have the right to object to processing based on our legitimate interests (100% of them).\n\n"
RULE = "gdpr.art13.2.b.right_to_object"
EEA = "If you live in the European Economic Area, the GDPR gives you the rights below.\n\n"
OPTS = ("--ruleset", "gdpr", "--date", "2026-01-01", "--no-config")


@pytest.fixture(autouse=True)
def _no_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def run(capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(["diff", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _pair(write, new_text: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    return str(write("old/privacy.md", POLICY)), str(write("new/privacy.md", new_text))


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "github"])
def test_removed_disclosure_exits_1_and_names_the_rule(capsys, write, fmt: str) -> None:  # type: ignore[no-untyped-def]
    old, new = _pair(write, POLICY.replace(OBJECT, ""))
    code, out, err = run(capsys, old, new, *OPTS, "--format", fmt)
    assert (code, err) == (1, "")
    assert RULE in out.replace("\\_", "_")
    if fmt == "json":
        data = json.loads(out)
        change = next(c for d in data["diffs"] for c in d["changes"] if c["rule_id"] == RULE)
        assert (change["direction"], change["blocking"]) == ("regression", True)
        assert (change["old_outcome"], change["new_outcome"]) == ("pass", "missing")
        assert "right to object" in change["old"]["evidence"][0]["text"]
        assert data["blocking"] >= 1
    elif fmt == "github":
        line = next(ln for ln in out.splitlines() if RULE in ln)
        assert line.startswith(f"::error file={Path(new).as_posix()},line=")
        assert "regression%3A pass -> missing" in line and "(100%25 of them)" in line
        assert all(ln.startswith(("::error ", "::warning ", "::notice ", "/")) for ln in out.splitlines())
    elif fmt == "markdown":
        assert "regression (blocking)" in out and "newly at the" in out
    else:
        flowing = " ".join(out.split())  # long temporary paths wrap the heading line
        assert "regression BLOCKING pass -> missing" in flowing
        assert "old 13:1 > You have the right to object" in flowing
        assert all(len(line) <= 100 for line in out.splitlines())  # wrapped like check's report


def test_identical_files_exit_0_with_nothing_changed(capsys, write) -> None:  # type: ignore[no-untyped-def]
    old, new = _pair(write, POLICY)
    code, out, _ = run(capsys, old, new, *OPTS)
    assert code == 0
    assert "no finding changed" in out and "0 regression(s)" in out
    code, out, _ = run(capsys, old, new, *OPTS, "-f", "json")
    assert json.loads(out)["diffs"][0]["changes"] == []
    code, out, _ = run(capsys, old, new, *OPTS, "-f", "github")
    assert not any(ln.startswith("::") for ln in out.splitlines())


def test_added_disclosure_is_an_improvement_exit_0(capsys, write) -> None:  # type: ignore[no-untyped-def]
    added = POLICY.replace(OBJECT, OBJECT + "You can ask to receive your data in a portable format.\n\n")
    old, new = _pair(write, added)
    code, out, _ = run(capsys, old, new, *OPTS, "-f", "json")
    assert code == 0
    change = json.loads(out)["diffs"][0]["changes"][0]
    assert (change["rule_id"], change["direction"]) == ("gdpr.art13.2.b.right_to_portability", "improvement")
    assert change["new"]["evidence"][0]["line"] == 15  # a location in NEW


def test_regime_that_stops_applying_is_reported(capsys, write) -> None:  # type: ignore[no-untyped-def]
    old, new = _pair(write, POLICY.replace(EEA, ""))
    code, out, _ = run(capsys, old, new, *OPTS)
    assert code == 0
    assert "regime gdpr: no longer applies" in out
    assert "not_applicable" in out and RULE not in out  # folded under the regime, not listed per rule
    code, out, _ = run(capsys, old, new, *OPTS, "-f", "markdown")
    assert "regime gdpr: no longer applies" in out
    code, out, _ = run(capsys, old, new, *OPTS, "-f", "github")
    assert out.startswith("::notice ") and "title=regime gdpr" in out


def test_suppression_comments_apply_as_in_check(capsys, write) -> None:  # type: ignore[no-untyped-def]
    comment = f"<!-- policy-rules-disable-file {RULE} -- objection handled by the controller's DPO -->\n\n"
    old, new = _pair(write, comment + POLICY.replace(OBJECT, ""))
    _, out, _ = run(capsys, old, new, *OPTS, "-f", "json")
    change = next(c for c in json.loads(out)["diffs"][0]["changes"] if c["rule_id"] == RULE)
    assert (change["new_outcome"], change["blocking"]) == ("missing", False)
    assert change["new"]["suppressed"]["kind"]


def test_fail_on_and_exit_zero(capsys, write) -> None:  # type: ignore[no-untyped-def]
    old, new = _pair(write, POLICY.replace(OBJECT, ""))
    assert run(capsys, old, new, *OPTS, "--fail-on", "fail")[0] == 0  # missing never reaches 'fail'
    assert run(capsys, old, new, *OPTS, "--exit-zero")[0] == 0


def test_output_file_and_old_label(capsys, write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    old, new = _pair(write, POLICY.replace(OBJECT, ""))
    target = tmp_path / "out" / "diff.md"
    code, out, _ = run(capsys, old, new, *OPTS, "--old-label", "main:privacy.md", "-o", f"markdown={target}")
    assert code == 1
    assert "diff main:privacy.md ->" in out
    assert "<code>main:privacy.md</code>" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.md", "{new}"], "missing.md: no such file"),
        (["{new}"], "diff needs OLD and NEW"),
        (["{dir}", "{new}"], "is a directory"),
        (["-", "-"], "only one of OLD and NEW"),
        (["{new}", "{new}", "-o", "sarif=x.sarif"], "--output format must be one of"),
        (["{new}", "{new}", "--disable", "no.such.rule"], "unknown rule id"),
        (["{new}", "{new}", "--date", "soon"], "--date must be"),
    ],
)
def test_errors_exit_2_with_one_line(capsys, write, tmp_path: Path, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    new = str(write("new.md", POLICY))
    filled = [a.format(new=new, dir=str(tmp_path)) for a in args]
    code, out, err = run(capsys, *OPTS, *filled)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err and err.count("\n") == 1


def test_unknown_ruleset_exits_2(capsys, write) -> None:  # type: ignore[no-untyped-def]
    new = str(write("new.md", POLICY))
    code, _, err = run(capsys, new, new, "--ruleset", "no-such-ruleset", "--no-config")
    assert code == 2 and "no-such-ruleset" in err


# --- --base REF: the version in git -------------------------------------------------------------


def _git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid"}
    env |= {
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with docs/privacy.md committed on branch main, as the working directory."""
    assert shutil.which("git"), "git is needed for --base (CI clones the repository, so it has git)"
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "privacy.md").write_text(POLICY, encoding="utf-8")
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "policy")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_base_ref_compares_with_the_committed_version(capsys, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "docs" / "privacy.md").write_text(POLICY.replace(OBJECT, ""), encoding="utf-8")
    code, out, err = run(capsys, "--base", "main", "docs/privacy.md", *OPTS)
    assert (code, err) == (1, "")
    assert "diff main:docs/privacy.md -> docs/privacy.md" in out and RULE in out
    code, out, _ = run(capsys, "--base", "main", "docs", *OPTS, "-f", "json")  # a directory expands
    assert code == 1 and json.loads(out)["diffs"][0]["old_path"] == "main:docs/privacy.md"


def test_base_ref_from_a_subdirectory(capsys, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(repo / "docs")
    code, out, _ = run(capsys, "--base", "main", "privacy.md", *OPTS)
    assert code == 0 and "no finding changed" in out


def test_file_new_since_base_has_only_new_findings(capsys, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "docs" / "terms.md").write_text(POLICY.replace(OBJECT, ""), encoding="utf-8")
    code, out, _ = run(capsys, "--base", "main", "docs/terms.md", *OPTS, "-f", "json")
    diff = json.loads(out)["diffs"][0]
    assert code == 1
    assert {c["kind"] for c in diff["changes"]} == {"added"}
    assert any(c["rule_id"] == RULE and c["blocking"] for c in diff["changes"])
    assert diff["regimes"][0]["new_applies"] is True


@pytest.mark.parametrize("ref", ["no-such-branch", "--upload-pack=x"])
def test_bad_base_ref_exits_2(capsys, repo: Path, ref: str) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, f"--base={ref}", "docs/privacy.md", *OPTS)
    assert code == 2 and out == "" and "--base" in err and "Traceback" not in err


def test_base_outside_a_repository_exits_2(
    capsys, write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    write("p.md", POLICY)
    code, _, err = run(capsys, "--base", "main", "p.md", *OPTS)
    assert code == 2 and "--base 'main'" in err


# --- the composite Action's diff mode ----------------------------------------------------------


def _action_step(step_id: str) -> dict:  # type: ignore[type-arg]
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    return next(s for s in action["runs"]["steps"] if s.get("id") == step_id)


def _run_step(tmp_path: Path, env: dict[str, str]) -> tuple[list[str], str]:
    """Run the action's check step with a stand-in ``policy-rules`` that records its arguments."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "policy-rules"
    fake.write_text('#!/usr/bin/env bash\nprintf "%s\\n" "$@" > "$RECORD"\nexit 1\n', encoding="utf-8")
    fake.chmod(0o755)
    output = tmp_path / "github_output"
    full = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "RECORD": str(tmp_path / "args"),
        "GITHUB_OUTPUT": str(output),
        "RUNNER_TEMP": str(tmp_path),
        "PR_FILES": "",
        "PR_RULESETS": "",
        "PR_FAIL_ON": "",
        "PR_ARGS": "",
        "PR_SARIF": "policy-rules.sarif",
        "PR_DIFF_BASE": "",
        **env,
    }
    subprocess.run(["bash", "-c", _action_step("check")["run"]], env=full, check=True)
    return (tmp_path / "args").read_text(encoding="utf-8").splitlines(), output.read_text(encoding="utf-8")


def test_action_runs_diff_when_diff_base_is_set(tmp_path: Path) -> None:
    args, output = _run_step(
        tmp_path,
        {
            "PR_DIFF_BASE": "origin/main",
            "PR_FILES": "docs/privacy.md",
            "PR_RULESETS": "gdpr",
            "PR_FAIL_ON": "missing",
        },
    )
    assert args[:4] == ["diff", "--base", "origin/main", "--format"]
    assert f"markdown={tmp_path}/policy-rules-summary.md" in args
    assert not any(a.startswith("sarif=") for a in args)
    assert args[-5:] == ["--ruleset", "gdpr", "--fail-on", "missing", "docs/privacy.md"]
    assert output == "exit-code=1\n"


def test_action_runs_check_without_diff_base(tmp_path: Path) -> None:
    args, _ = _run_step(tmp_path, {"PR_FILES": "docs/privacy.md"})
    assert args[0] == "check" and "sarif=policy-rules.sarif" in args


def test_action_skips_sarif_upload_in_diff_mode() -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert "diff-base" in action["inputs"]
    upload = next(s for s in action["runs"]["steps"] if s.get("name") == "Upload SARIF")
    assert "inputs.diff-base == ''" in upload["if"]
