"""The on-disk cache of compiled rulesets (policy_rules.rules.cache): a hit is the same ruleset, any
change to what went into it is a miss, and a damaged or unsafe cache is ignored, never an error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from policy_rules import check, load_policy
from policy_rules.cli.main import main
from policy_rules.errors import RulesetError
from policy_rules.rules import cache, loader, yaml_source
from policy_rules.rules.registry import available

REPO = Path(__file__).resolve().parents[2]

BASE = """\
id: base
title: Base rules
version: "1"
rules:
  - id: base.dpo
    title: DPO named
    citation: Internal 1
    severity: error
    expect:
      terms: [data protection officer]
"""
CHILD = """\
id: child
title: Child rules
version: "1"
extends: base.yaml
rules:
  - id: child.contact
    title: Contact given
    citation: Internal 2
    severity: warning
    expect:
      terms: [contact us]
"""
SYNTHETIC = [
    "# Privacy\n\nContact our data protection officer at dpo@example.org. You may lodge a complaint"
    " with a supervisory authority. We keep your data for two years.\n",
    "We never sell personal information to third parties. Children under 13 may not use the service.\n",
    "<html><body><h1>Notice</h1><p>We transfer data outside the EEA under standard contractual"
    " clauses.</p></body></html>\n",
]


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    directory = tmp_path / "cache"
    monkeypatch.setenv("POLICY_RULES_CACHE_DIR", str(directory))
    monkeypatch.delenv("POLICY_RULES_NO_CACHE", raising=False)
    forget()
    yield directory
    forget()


def forget() -> None:
    """A new process, as far as the loader knows: nothing compiled in memory."""
    loader._CACHE.clear()
    loader._EDGES.clear()


class Compiles:
    """Counts the rulesets actually compiled (not taken from a cache)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = loader._read_model

        def counted(path: Path) -> Any:
            self.count += 1
            return real(path)

        monkeypatch.setattr(loader, "_read_model", counted)


def entries(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.rsc"))


def test_hit_gives_the_same_findings_as_a_fresh_compile(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    names = sorted(available())
    with cache.disabled():
        fresh = [loader.load_ruleset(n) for n in names]
    assert entries(cache_dir) == []
    forget()
    stored = [loader.load_ruleset(n) for n in names]  # compiled and written
    assert len(entries(cache_dir)) == len(names)
    forget()
    compiles = Compiles(monkeypatch)
    cached = [loader.load_ruleset(n) for n in names]
    assert compiles.count == 0
    documents = [load_policy(REPO / "examples" / "policy.md")]
    for i, text in enumerate(SYNTHETIC):
        path = tmp_path / f"doc{i}.{'html' if text.startswith('<') else 'md'}"
        path.write_text(text, encoding="utf-8")
        documents.append(load_policy(path))
    for document in documents:
        for a, b, c in zip(fresh, stored, cached, strict=True):
            want = json.dumps(check(document, a).to_dict(), sort_keys=True)
            assert json.dumps(check(document, b).to_dict(), sort_keys=True) == want
            assert json.dumps(check(document, c).to_dict(), sort_keys=True) == want


def test_cli_report_is_identical_with_and_without_the_cache(tmp_path: Path) -> None:
    env = {**os.environ, "POLICY_RULES_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "policy_rules.cli.main", "check", str(REPO / "examples" / "policy.md")]
    command += ["--no-config", "--date", "2026-01-01", "--format", "json"]
    runs = [subprocess.run([*command, *extra], capture_output=True, env=env, check=False) for extra in
            (["--no-cache"], [], [])]  # fmt: skip
    assert len(entries(tmp_path / "cache")) == len(available())  # the last run was a hit
    assert runs[0].stdout and runs[0].stdout == runs[1].stdout == runs[2].stdout
    assert {r.returncode for r in runs} == {runs[0].returncode}


def test_a_check_from_the_cache_needs_no_validation_models(tmp_path: Path) -> None:
    # pydantic and the ruleset schema cost a fresh process a tenth of a second: a hit must not import them
    env = {**os.environ, "POLICY_RULES_CACHE_DIR": str(tmp_path / "cache")}
    script = (
        "import sys, datetime as dt\n"
        "from policy_rules import check, load_policy, load_ruleset\n"
        "from policy_rules.rules.registry import available\n"
        "rulesets = [load_ruleset(n) for n in available()]\n"
        f"report = check(load_policy({str(REPO / 'examples' / 'policy.md')!r}), rulesets,"
        " evaluation_date=dt.date(2026, 1, 1))\n"
        "assert report.documents[0].findings\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic' or m.endswith('rules.model')))\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env) for _ in "ab"
    ]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr + runs[1].stderr
    assert runs[0].stdout.strip() != "[]"  # the first run compiled: it validated with the models
    assert runs[1].stdout.strip() == "[]"


def test_a_one_file_check_from_the_cache_imports_only_what_it_uses(tmp_path: Path) -> None:
    # Each of these costs a fresh process 5-20 ms and a serial check of a Markdown file with no
    # configuration needs none: YAML (the jurisdiction cues are JSON, the rulesets come pickled),
    # TOML (no pyproject.toml is read), process pools (one document), uuid (a token is os.urandom)
    env = {**os.environ, "POLICY_RULES_CACHE_DIR": str(tmp_path / "cache")}
    script = (
        "import sys\n"
        "from policy_rules.cli.main import main\n"
        f"code = main(['check', {str(REPO / 'examples' / 'policy.md')!r}, '--no-config', '-q'])\n"
        "assert code == 1, code\n"
        "heavy = ('yaml', 'tomllib', 'multiprocessing', 'concurrent.futures', 'uuid', 'pydantic')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env) for _ in "ab"
    ]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr + runs[1].stderr
    assert "yaml" in runs[0].stdout  # the first run compiled the rulesets from their YAML
    assert runs[1].stdout.strip().splitlines()[-1] == "[]"


def test_editing_a_ruleset_or_its_base_is_a_miss(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    base, child = tmp_path / "base.yaml", tmp_path / "child.yaml"
    base.write_text(BASE, encoding="utf-8")
    child.write_text(CHILD, encoding="utf-8")
    assert loader.load_ruleset(child).rule("base.dpo").title == "DPO named"  # type: ignore[union-attr]
    compiles = Compiles(monkeypatch)
    forget()
    loader.load_ruleset(child)
    assert compiles.count == 0
    base.write_text(BASE.replace("DPO named", "DPO given"), encoding="utf-8")
    forget()
    assert loader.load_ruleset(child).rule("base.dpo").title == "DPO given"  # type: ignore[union-attr]
    assert compiles.count == 2  # child and base
    child.write_text(CHILD.replace("Contact given", "Contact named"), encoding="utf-8")
    forget()
    assert loader.load_ruleset(child).rule("child.contact").title == "Contact named"  # type: ignore[union-attr]
    assert len(entries(cache_dir)) == 1  # rewritten in place, not piled up


def test_an_extends_target_that_now_resolves_elsewhere_is_a_miss(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "base.yaml").write_text(BASE, encoding="utf-8")
    (tmp_path / "b" / "base.yaml").write_text(BASE.replace("DPO named", "Other"), encoding="utf-8")
    link = tmp_path / "rules"
    link.symlink_to(tmp_path / "a")
    (tmp_path / "child.yaml").write_text(CHILD.replace("base.yaml", "rules/base.yaml"), encoding="utf-8")
    loader.load_ruleset(tmp_path / "child.yaml")
    link.unlink()
    link.symlink_to(tmp_path / "b")
    forget()
    assert loader.load_ruleset(tmp_path / "child.yaml").rule("base.dpo").title == "Other"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated mid-write
        lambda data: data[:-10] + b"0123456789",  # payload bytes changed
        lambda data: b"garbage",
        lambda data: b"",
        lambda data: data.replace(b'"environment": "', b'"environment": "0', 1),  # another version's entry
        lambda data: data.replace(b"\n", b"\n999999999999\n", 1),  # absurd header size
    ],
)
def test_a_damaged_or_foreign_entry_is_ignored_and_rewritten(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, damage: Any
) -> None:
    path = tmp_path / "base.yaml"
    path.write_text(BASE, encoding="utf-8")
    want = loader.load_ruleset(path)
    [entry] = entries(cache_dir)
    good = entry.read_bytes()
    entry.write_bytes(damage(good))
    forget()
    compiles = Compiles(monkeypatch)
    assert loader.load_ruleset(path) == want
    assert compiles.count == 1
    assert entry.read_bytes() == good  # rewritten whole
    forget()
    loader.load_ruleset(path)
    assert compiles.count == 1


def test_unsafe_cache_directory_or_entry_is_refused(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "base.yaml"
    path.write_text(BASE, encoding="utf-8")
    loader.load_ruleset(path)
    [entry] = entries(cache_dir)
    compiles = Compiles(monkeypatch)
    os.chmod(entry, 0o666)  # anyone may write the entry
    forget()
    loader.load_ruleset(path)
    assert compiles.count == 1
    os.chmod(cache_dir, 0o777)  # anyone may put a file in the directory
    before = entry.read_bytes()
    entry.write_bytes(b"not to be read")
    os.chmod(entry, 0o600)
    forget()
    loader.load_ruleset(path)
    assert compiles.count == 2
    assert entry.read_bytes() == b"not to be read"  # nothing written to an unsafe directory either
    os.chmod(cache_dir, 0o700)
    entry.unlink()
    (cache_dir / entry.name).symlink_to(tmp_path / "elsewhere.rsc")
    (tmp_path / "elsewhere.rsc").write_bytes(before)
    forget()
    loader.load_ruleset(path)
    assert compiles.count == 3  # a symbolic link is not followed


def test_unsafe_directory_check_needs_the_owner(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache_dir.mkdir(mode=0o700)
    assert cache._safe_dir(cache_dir)
    monkeypatch.setattr(os, "geteuid", lambda: os.stat(cache_dir).st_uid + 1)
    assert not cache._safe_dir(cache_dir)


def test_environment_variable_and_option_turn_it_off(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "base.yaml"
    path.write_text(BASE, encoding="utf-8")
    monkeypatch.setenv("POLICY_RULES_NO_CACHE", "1")
    loader.load_ruleset(path)
    assert not cache_dir.exists()
    monkeypatch.setenv("POLICY_RULES_NO_CACHE", "0")
    forget()
    for argv in (
        ["--no-cache", "rules", "list", "-r", str(path)],
        ["rules", "list", "--no-cache", "-r", str(path)],
    ):
        assert main(argv) == 0
        forget()
    assert "base.dpo" in capsys.readouterr().out
    assert not cache_dir.exists()
    assert cache.enabled()  # --no-cache lasts for its command only
    assert main(["rules", "list", "-r", str(path)]) == 0
    assert len(entries(cache_dir)) == 1


def test_unwritable_cache_directory_is_not_an_error(cache_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    os.environ["POLICY_RULES_CACHE_DIR"] = str(blocker / "cache")  # under a regular file: cannot exist
    path = tmp_path / "base.yaml"
    path.write_text(BASE, encoding="utf-8")
    assert loader.load_ruleset(path).id == "base"


def test_errors_from_a_broken_ruleset_are_positioned_with_the_c_loader(
    cache_dir: Path, tmp_path: Path
) -> None:
    assert yaml_source._Loader is getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    path = tmp_path / "base.yaml"
    path.write_text(BASE, encoding="utf-8")
    loader.load_ruleset(path)  # cached while good
    cases = {
        BASE.replace("severity: error", "severity: fatal"): (8, 5),
        BASE.replace("    expect:\n", "    expect:\n   bad: [\n"): (10, 4),
        BASE.replace("title: DPO named", "title: DPO named\n    title: again"): (7, 5),
    }
    for text, (line, column) in cases.items():
        path.write_text(text, encoding="utf-8")
        forget()
        with pytest.raises(RulesetError) as info:
            loader.load_ruleset(path)
        assert (info.value.path, info.value.line, info.value.column) == (str(path), line, column), info.value
