"""Shared by the HTML report tests: a synthetic policy, a check that gives both reports, a browser."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from policy_rules.api import load_builtin_rulesets, load_policy
from policy_rules.engine.check import check
from policy_rules.engine.findings import Report
from policy_rules.reports import FORMATTERS

EVAL_DATE = "2026-01-01"

# Written for these tests: a controller that says the GDPR applies, keeps data forever (a fail), has a
# "Your rights" section missing most rights (missing, placed under that heading), and hostile text.
SYNTHETIC = """\
# Privacy Notice of Quillfeather Labs

Last updated: 2 February 2025

Quillfeather Labs GmbH is the controller of your personal data under the GDPR. Write to
privacy@quillfeather.example or Quillfeather Labs GmbH, Lindenweg 4, 10115 Berlin, Germany.

## Data we collect

We collect your name, your e-mail address and the pages you visit. We use your e-mail address to send
you receipts, and page visits to make the site faster. We process your data to perform our contract
with you.

## Sharing

We share your data with our hosting provider, who acts on our instructions.

## Retention

We keep your personal data indefinitely.

## Your rights

You have the right to access your personal data. </mark><script>alert("owned")</script> <img src=x onerror=alert(2)>
"""


def checked(policy: str | Path) -> tuple[Report, dict[str, Any], str]:
    """Check a policy (Markdown text, or a file) with every built-in ruleset, GDPR taken to apply:
    the report, its JSON and its HTML."""
    import datetime as dt

    document = load_policy(policy) if isinstance(policy, Path) else load_policy(policy, format="markdown")
    report = check(
        document,
        load_builtin_rulesets(),
        facts={"gdpr_applies": True},
        evaluation_date=dt.date.fromisoformat(EVAL_DATE),
    )
    return report, json.loads(FORMATTERS["json"]().render(report)), FORMATTERS["html"]().render(report)


def distinct_spans(data: dict[str, Any], index: int = 0) -> set[tuple[int, int]]:
    """The distinct evidence spans of one document of a JSON report (findings and regimes)."""
    doc = data["documents"][index]
    items = [e for f in doc["findings"] for e in f["evidence"]]
    items += [e for a in doc["applicability"] for e in a["evidence"]]
    return {(e["start"], e["end"]) for e in items}


def real_policy(corpus: Path) -> Path:
    policies = sorted((corpus / "gt200-dev" / "policies").glob("*.md"))
    if not policies:
        pytest.skip("no gt200-dev policies in the corpus")
    return policies[0]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium through Selenium and the system chromedriver (nothing downloaded).

    Missing in CI is a failure, not a skip: ``.ci/run`` installs both."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver") or (
        "/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None
    )
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:  # pragma: no cover - the test extra installs it
        webdriver = None
    if chromium is None or driver is None or webdriver is None:
        message = "headless Chromium, chromedriver and selenium are needed (apt-get install chromium chromium-driver)"
        if os.environ.get("CI"):
            pytest.fail(message + "; .ci/run should have installed them")
        pytest.skip(message)
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1440,1000", "--hide-scrollbars", "--force-device-scale-factor=1"):  # fmt: skip
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    session = webdriver.Chrome(service=Service(executable_path=driver), options=options)
    try:
        yield session
    finally:
        session.quit()
