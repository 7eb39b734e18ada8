"""The documentation site builds with ``mkdocs build --strict``: no broken links, no missing pages.

The build runs offline (mkdocs.yml uses no plugin that fetches anything) and renders the Python API
from docstrings with mkdocstrings, so a renamed function breaks this test, not the published site.
"""

from __future__ import annotations

import html
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from policy_rules.rules.registry import available

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"


def _nav_pages(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [p for item in node for p in _nav_pages(item)]
    if isinstance(node, dict):
        return [p for value in node.values() for p in _nav_pages(value)]
    return []


def test_nav_lists_every_page_and_only_existing_ones() -> None:
    """A new generated ruleset page must be added to the nav, or the site hides it."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    listed = _nav_pages(config["nav"])
    pages = sorted(str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md"))
    assert sorted(listed) == pages, "update the nav in mkdocs.yml"
    for page in ("index.md", "authoring.md", "reference.md", "cli.md", "ci.md", "api.md"):
        assert page in listed


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    missing = [m for m in ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers.python")
               if importlib.util.find_spec(m.split(".")[0]) is None]  # fmt: skip
    assert not missing, (
        f"documentation tools (test extras) not installed: {', '.join(missing)}; pip install -e '.[test]'"
    )
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=REPO, capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def _text(page: Path) -> str:
    raw = page.read_text(encoding="utf-8")
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", raw)))


def test_site_builds_strict(site: Path) -> None:
    for page in ("index.html", "authoring/index.html", "reference/index.html", "cli/index.html",
                 "api/index.html", "rulesets/gdpr/index.html"):  # fmt: skip
        assert (site / page).is_file(), page


def test_api_page_renders_docstrings(site: Path) -> None:
    text = _text(site / "api" / "index.html")
    for name in ("load_policy", "load_ruleset", "check", "Report", "Finding", "Evidence", "Outcome",
                 "PolicyDocument", "assert_examples_pass", "check_gold"):  # fmt: skip
        assert name in text, name
    # Docstrings, not only names: the lazily exported API is read from its defining modules.
    assert "Parse a policy given as a path" in text
    assert "A built-in or installed ruleset by name" in text
    assert "Check one document" in text


def test_authoring_guide_renders_its_ruleset(site: Path) -> None:
    raw = (site / "authoring" / "index.html").read_text(encoding="utf-8")
    code = html.unescape(re.sub(r"<[^>]+>", "", raw))  # highlighted code is split into spans
    assert "id: acme-house" in code
    assert "$ policy-rules explain privacy.md acme.dpo.email" in code


@pytest.mark.parametrize("name", sorted(available()))
def test_ruleset_pages_show_examples_as_code_not_headings(site: Path, name: str) -> None:
    """The page's headings (and so its table of contents) are its title, its two sections and one per
    rule; every rule has the anchor SARIF's helpUri points at; every example is a code block."""
    from policy_rules.rules.loader import load_ruleset

    ruleset = load_ruleset(name)
    raw = (site / "rulesets" / name / "index.html").read_text(encoding="utf-8")
    article = raw[raw.index("<article") : raw.index("</article>")]
    headings = [html.unescape(re.sub(r"<[^>]+>", "", h)).replace("¶", "").strip()
                for h in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", article, re.DOTALL)]  # fmt: skip
    expected = [ruleset.title, *(["When the regime applies"] if ruleset.examples else []), "Rules"]
    assert headings == expected + [r.id for r in ruleset.rules]
    heading_ids = set(re.findall(r'<h[1-6] id="([^"]+)"', article))
    toc = set(re.findall(r'class="md-nav__link" href="#([^"]+)"', raw)) | set(
        re.findall(r'href="#([^"]+)"\s+class="md-nav__link"', raw)
    )
    assert toc and toc <= heading_ids
    anchors = re.findall(r'<a id="([^"]+)"></a>', article)
    assert anchors == [r.id for r in ruleset.rules]
    examples = len(ruleset.examples) + sum(len(r.examples) for r in ruleset.rules)
    assert article.count("<pre") == examples
