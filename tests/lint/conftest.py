from __future__ import annotations

from pathlib import Path

import pytest

POLICY_MD = """\
# Privacy Policy

Last updated: March 3, 2025

Harbor Lane Ltd ("we") is the controller of your personal data under the GDPR. Contact: privacy@harbor.example.

## How long we keep data

We keep your personal data indefinitely.

## Your rights

You have the right to access the personal data we hold about you.
We will respond to your request within 45 days.
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository-like directory with one Markdown policy, used as the working directory."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "privacy.md").write_text(POLICY_MD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path
