"""A ruleset shipped as a Python package is found by name once installed (examples/ruleset-package).

Builds and installs policy-rules and the example package into a fresh virtual environment, then runs
that environment's ``policy-rules`` as a user would. Everything installs offline
(``--no-index --no-build-isolation``), so the build backend (hatchling) and policy-rules' dependencies
must come from the environment running the tests. ``--system-site-packages`` would not do that: it
exposes the *base* interpreter's packages, not those of the venv the tests run in (``.venv`` in CI),
so the new venv gets a ``.pth`` file naming this interpreter's own site-packages instead. Those paths
come after the new venv's site-packages, so the wheels installed there win over the editable install
of this checkout.
"""

from __future__ import annotations

import importlib.util
import json
import os
import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "examples" / "ruleset-package"
POLICY = """\
# Privacy policy

## Contact

Questions? Write to privacy@shop.example. We have appointed a data protection officer.

## Your rights

We respond to requests within 45 days.
"""


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The venv's bin directory, with policy-rules and acme-policy-rules installed."""
    assert importlib.util.find_spec("hatchling") is not None, (
        "hatchling (the build backend, part of the test extras) is missing: pip install -e '.[test]'"
    )
    root = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(system_site_packages=False, with_pip=False).create(root)
    bin_dir = root / ("Scripts" if sys.platform == "win32" else "bin")
    python = bin_dir / ("python.exe" if sys.platform == "win32" else "python")
    new_site = Path(sysconfig.get_path("purelib", vars={"base": str(root), "platbase": str(root)}))
    ours = dict.fromkeys(
        [*site.getsitepackages(), sysconfig.get_path("purelib"), sysconfig.get_path("platlib")]
    )
    (new_site / "_policy_rules_test_env.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    done = run(
        python, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index", "--quiet",
        REPO, PACKAGE,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return bin_dir


def test_installed_ruleset_is_listed_with_its_package(installed: Path) -> None:
    listing = run(installed / "policy-rules", "rules", "list")
    assert listing.returncode == 0, listing.stderr
    line = next(ln for ln in listing.stdout.splitlines() if ln.startswith("acme-house "))
    assert "(package acme-policy-rules (entry point acme_rules):" in line
    assert "site-packages" in line and "acme-house.yaml" in line
    assert "acme.dpo.email" in listing.stdout
    # The built-in rulesets are still there, from the installed wheel.
    assert any(ln.startswith("gdpr ") and "(built-in:" in ln for ln in listing.stdout.splitlines())


def test_installed_ruleset_checks_and_tests_by_name(installed: Path, tmp_path: Path) -> None:
    (tmp_path / "privacy.md").write_text(POLICY, encoding="utf-8")
    check = run(
        installed / "policy-rules", "check", "privacy.md", "--ruleset", "acme-house", "--date", "2026-01-01",
        "--format", "json", "--no-config",
        cwd=tmp_path,
    )  # fmt: skip
    assert check.returncode == 1, check.stderr  # an error-severity disclosure is missing
    report = json.loads(check.stdout)
    assert [r["id"] for r in report["rulesets"]] == ["acme-house"]
    assert report["rulesets"][0]["origin"].startswith("package acme-policy-rules")
    outcomes = {f["rule_id"]: f["outcome"] for f in report["documents"][0]["findings"]}
    assert outcomes["acme.dpo.email"] == "missing"
    assert outcomes["acme.rights.response_time"] == "fail"
    assert outcomes["acme.retention.not_indefinite"] == "pass"

    examples = run(installed / "policy-rules", "test", "acme-house")
    assert examples.returncode == 0, examples.stdout
    assert "ok   acme.dpo.email" in examples.stdout
