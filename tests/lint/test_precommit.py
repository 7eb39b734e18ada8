"""The pre-commit hook, end to end: `pre-commit try-repo` against this checkout on a temporary repo."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]


def test_hook_definition() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "policy-rules")
    assert hook["entry"] == "policy-rules check"
    assert set(hook["types_or"]) == {"markdown", "html", "plain-text"}
    assert hook["language"] == "python"


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_try_repo_end_to_end(tmp_path: Path) -> None:
    git = shutil.which("git")
    assert git is not None, "git is required for the pre-commit end-to-end test"
    target = tmp_path / "site"
    target.mkdir()
    _git(target, "init", "-q")
    (target / "privacy.md").write_text(
        "# Privacy\n\nUnder the GDPR, we keep your personal data indefinitely.\n", encoding="utf-8"
    )
    (target / "README.txt").write_text("not a policy", encoding="utf-8")
    _git(target, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "policy-rules", "--files", "privacy.md",
         "--verbose"],
        cwd=target, env=env, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "gdpr.art13.2.a.retention_period" in output
    assert "privacy.md:3:1: fail" in output
