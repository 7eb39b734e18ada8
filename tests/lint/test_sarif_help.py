"""SARIF rules link to their section of the generated ruleset page (``helpUri``)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest
import yaml

from policy_rules.cli.main import main
from policy_rules.reports.sarif import DOCS_URL, DOCS_URL_ENV
from policy_rules.rules.registry import available

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[2]
SARIF_SCHEMA = REPO.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
CUSTOM = """\
id: acme
title: Acme
version: "1"
rules:
  - id: acme.contact.email
    title: Contact e-mail
    citation: Acme 1
    severity: warning
    expect: {entity: email}
"""


def _sarif(*extra: str) -> dict:  # type: ignore[type-arg]
    assert main(
        ["check", "docs/privacy.md", "--date", "2026-01-01", "--output", "sarif=r.sarif", *extra]
    ) in (0, 1)
    return json.loads(Path("r.sarif").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _rules(log: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    return {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}


def test_docs_url_is_the_projects_documentation_url() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    site = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    assert project["urls"]["Documentation"] == DOCS_URL == site


def test_builtin_rules_link_to_their_anchor_on_the_generated_page(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert SARIF_SCHEMA.is_file(), f"official SARIF schema missing at {SARIF_SCHEMA}"
    log = _sarif("-r", "gdpr", "-r", "coppa")
    capsys.readouterr()
    jsonschema.Draft7Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(log)
    rules = _rules(log)
    assert rules["gdpr.art13.2.a.retention_period"]["helpUri"] == (
        DOCS_URL + "rulesets/gdpr/#gdpr.art13.2.a.retention_period"
    )
    for rule in rules.values():
        uri = urlsplit(rule["helpUri"])
        assert rule["helpUri"].startswith(DOCS_URL)
        page = REPO / "docs" / (unquote(uri.path[len(urlsplit(DOCS_URL).path) :].rstrip("/")) + ".md")
        anchors = re.findall(r'<a id="([^"]+)"></a>', page.read_text(encoding="utf-8"))
        assert unquote(uri.fragment) in anchors, rule["id"]


def test_custom_rules_link_only_to_a_site_that_is_named(project: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (project / "acme.yaml").write_text(CUSTOM, encoding="utf-8")
    rules = _rules(_sarif("-r", "gdpr", "-r", "acme.yaml"))
    assert "helpUri" not in rules["acme.contact.email"]
    assert "helpUri" in rules["gdpr.art13.2.a.retention_period"]
    monkeypatch.setenv(DOCS_URL_ENV, "https://docs.acme.example/policy")
    rules = _rules(_sarif("-r", "gdpr", "-r", "acme.yaml"))
    capsys.readouterr()
    assert (
        rules["acme.contact.email"]["helpUri"]
        == "https://docs.acme.example/policy/rulesets/acme/#acme.contact.email"
    )
    assert rules["gdpr.art13.2.a.retention_period"]["helpUri"].startswith("https://docs.acme.example/policy/")


def test_a_local_ruleset_named_like_a_builtin_gets_no_link(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (project / "gdpr.yaml").write_text(CUSTOM.replace("id: acme", "id: gdpr", 1), encoding="utf-8")
    rules = _rules(_sarif("-r", "./gdpr.yaml"))
    capsys.readouterr()
    assert all("helpUri" not in r for r in rules.values())


@pytest.mark.parametrize("name", sorted(available()))
def test_every_rule_anchor_is_on_its_page(name: str) -> None:
    from policy_rules.rules.loader import load_ruleset

    page = (REPO / "docs" / "rulesets" / f"{name}.md").read_text(encoding="utf-8")
    anchors = re.findall(r'<a id="([^"]+)"></a>', page)
    assert anchors == [r.id for r in load_ruleset(name).rules]
