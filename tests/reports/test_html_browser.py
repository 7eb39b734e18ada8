"""The HTML report in headless Chromium: it loads cleanly, shows one highlight per evidence span, its
links reach their targets both ways, the filters work, and it draws a real page (not a blank one).

Run on a synthetic policy, on a hand-made result whose spans nest and cross, and on a corpus policy.
Set ``POLICY_RULES_SHOTS`` to a directory to keep the screenshots."""

from __future__ import annotations

import os
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest

from policy_rules.document.source import Source
from policy_rules.engine.findings import DocumentResult, Evidence, Finding, Outcome, Report
from policy_rules.reports import FORMATTERS

from .conftest import SYNTHETIC, checked, distinct_spans, real_policy

DISTINCT_MARKS = "return new Set([...document.querySelectorAll('mark[data-s]')].map(m => m.dataset.s)).size"
IN_VIEW = """
const r = arguments[0].getBoundingClientRect();
return r.height > 0 && r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth;
"""


def open_page(browser: Any, tmp_path: Path, page: str, name: str) -> Path:
    path = tmp_path / f"{name}.html"
    path.write_text(page, encoding="utf-8")
    browser.get_log("browser")  # drop what earlier pages logged
    browser.get(path.as_uri())
    return path


def console_errors(browser: Any) -> list[dict[str, Any]]:
    return [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]


def target_id(browser: Any) -> str | None:
    found = browser.execute_script("const t = document.querySelector(':target'); return t && t.id;")
    return str(found) if found else None


def follow_evidence_link(browser: Any) -> None:
    """Click a finding's quote: its span becomes the :target and is scrolled into view; then click the
    span's reference back: the finding is the :target."""
    from selenium.webdriver.common.by import By

    link = browser.find_element(By.CSS_SELECTOR, ".finding.o-pass a.qt, .finding.o-fail a.qt")
    sid = link.get_attribute("href").split("#", 1)[1]
    card = browser.execute_script("return arguments[0].closest('article').id", link)
    browser.execute_script("arguments[0].scrollIntoView()", link)
    link.click()
    mark = browser.find_element(By.ID, sid)
    # a loaded machine may run the click handler late: wait (bounded) for what it must bring about
    # ... the span is the target, in view, and lit by the script (every fragment of it)
    settle(
        browser,
        lambda b: (
            target_id(b) == sid and b.execute_script(IN_VIEW, mark) and "hit" in mark.get_attribute("class")
        ),
    )
    assert mark.tag_name == "mark"
    ref = browser.find_element(By.CSS_SELECTOR, f'mark[data-s="{sid}"] sup.refs a[href="#{card}"]')
    ref.click()
    settle(browser, lambda b: target_id(b) == card and b.execute_script(IN_VIEW, b.find_element(By.ID, card)))


def settle(browser: Any, condition: Any) -> None:
    """Wait up to five seconds for ``condition(browser)``; fail with the page's state if it never holds."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        WebDriverWait(browser, 5).until(condition)
    except TimeoutException:
        raise AssertionError(f"page never settled: :target is {target_id(browser)!r}") from None


def screenshot_colours(browser: Any, tmp_path: Path, name: str) -> int:
    from PIL import Image

    png = browser.get_screenshot_as_png()
    for folder in filter(None, [str(tmp_path), os.environ.get("POLICY_RULES_SHOTS")]):
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / f"{name}.png").write_bytes(png)
    image = Image.open(BytesIO(png)).convert("RGB")
    return len(image.getcolors(maxcolors=1 << 24) or [])


def check_page(browser: Any, tmp_path: Path, page: str, spans: int, name: str) -> None:
    open_page(browser, tmp_path, page, name)
    assert console_errors(browser) == []
    assert browser.execute_script(DISTINCT_MARKS) == spans
    assert screenshot_colours(browser, tmp_path, name) > 200  # text, marks, badges: not a blank page
    follow_evidence_link(browser)
    assert console_errors(browser) == []


def test_synthetic_policy_in_chromium(browser: Any, tmp_path: Path) -> None:
    _, data, page = checked(SYNTHETIC)
    check_page(browser, tmp_path, page, len(distinct_spans(data)), "synthetic")
    # the injected script in the policy text did not run, and it is shown as text
    assert browser.execute_script("return document.querySelectorAll('script').length") == 1
    assert '</mark><script>alert("owned")' in browser.find_element("css selector", ".policy").text


def test_filters_hide_and_show_findings(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    _, _, page = checked(SYNTHETIC)
    open_page(browser, tmp_path, page, "filters")
    passing = browser.find_elements(By.CSS_SELECTOR, '.finding[data-outcome="pass"]')
    assert passing and all(card.is_displayed() for card in passing)
    chip = browser.find_element(By.CSS_SELECTOR, '.bar button[data-outcome="pass"]')
    chip.click()
    assert chip.get_attribute("aria-pressed") == "false" and not any(c.is_displayed() for c in passing)
    assert browser.find_element(By.CSS_SELECTOR, '.finding[data-outcome="fail"]').is_displayed()
    chip.click()
    assert all(card.is_displayed() for card in passing)
    regime = browser.find_element(By.CSS_SELECTOR, '.bar button[data-regime="gdpr"]')
    regime.click()
    assert not any(
        c.is_displayed() for c in browser.find_elements(By.CSS_SELECTOR, '.finding[data-regime="gdpr"]')
    )
    assert console_errors(browser) == []


def test_page_works_without_javascript(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    _, data, page = checked(SYNTHETIC)
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        open_page(browser, tmp_path, page, "nojs")
        chip = browser.find_element(By.CSS_SELECTOR, '.bar button[data-outcome="pass"]')
        assert chip.get_attribute("disabled") is not None  # the script did not run
        link = browser.find_element(By.CSS_SELECTOR, ".finding.o-pass a.qt")
        sid = link.get_attribute("href").split("#", 1)[1]
        link.click()
        mark = browser.find_element(By.ID, sid)
        assert mark.is_displayed() and mark.rect["height"] > 0
        assert len(
            {m.get_attribute("data-s") for m in browser.find_elements(By.CSS_SELECTOR, "mark")}
        ) == len(distinct_spans(data))
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_nested_and_crossing_spans_in_chromium(browser: Any, tmp_path: Path) -> None:
    text = "Intro line.\n\nWe keep logs for 30 days. We delete them after that. Then more text here.\n"
    source = Source(text, "cross.md", "markdown")
    a, b = text.index("We keep"), text.index("We delete")
    block, first, second = (a, text.index(" Then")), (a, b - 1), (b, text.index(" Then"))
    crossing = (text.index("30 days"), text.index("them"))
    spans = [block, first, second, crossing]
    cited = [(block, Outcome.PASS), (first, Outcome.FAIL), (second, Outcome.PASS), (crossing, Outcome.PASS)]
    cited.append((first, Outcome.FAIL))  # a second rule citing the same sentence: still one highlight
    findings = tuple(
        Finding(
            f"demo.r{i}",
            "demo",
            outcome,
            "error",
            "Art. 5",
            f"Rule {i}",
            f"message {i}",
            evidence=(Evidence(source.span(*s), text[s[0] : s[1]]),),
        )
        for i, (s, outcome) in enumerate(cited)
    )
    doc = DocumentResult("cross.md", findings, "2026-01-01", source=source)
    page = FORMATTERS["html"]().render(Report([doc]))
    open_page(browser, tmp_path, page, "crossing")
    assert console_errors(browser) == []
    assert browser.execute_script(DISTINCT_MARKS) == len(set(spans)) == 4
    fragments = browser.execute_script("return document.querySelectorAll('mark').length")
    assert fragments > 4  # the crossing span was split
    follow_evidence_link(browser)


def test_real_policy_in_chromium(browser: Any, tmp_path: Path, corpus: Path) -> None:
    _, data, page = checked(real_policy(corpus))
    assert distinct_spans(data)
    check_page(browser, tmp_path, page, len(distinct_spans(data)), "real-policy")


@pytest.fixture(autouse=True)
def _fresh(browser: Any) -> None:
    browser.set_window_size(1440, 1000)
