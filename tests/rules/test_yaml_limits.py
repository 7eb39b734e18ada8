"""Hostile YAML: every case is a positioned RulesetError, quickly and in little memory, on both loaders."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from policy_rules import load_ruleset
from policy_rules.errors import RulesetError
from policy_rules.rules import loader as loader_module
from policy_rules.rules import yaml_source
from policy_rules.rules.yaml_source import MAX_DEPTH, MAX_NODES, load_yaml

HEAD = 'id: h\ntitle: H\nversion: "1"\n'
RULE = (
    "rules:\n  - id: h.rule\n    title: R\n    citation: c\n    severity: error\n    expect: {terms: [x]}\n"
)

LOADERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])


@pytest.fixture(params=LOADERS, ids=lambda c: c.__name__)
def either_loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run the test with the pure-Python loader and, where installed, the C one: same limits."""
    monkeypatch.setattr(yaml_source, "_Loader", request.param)
    yield


def billion_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def nested_any(levels: int) -> str:
    matcher = "{terms: [x]}"
    for _ in range(levels):
        matcher = "{any: [" + matcher + "]}"
    return HEAD + RULE.replace("{terms: [x]}", matcher)


def refused(text: str) -> RulesetError:
    """The error for ``text``, checked to be positioned, fast and small (memory in a second run:
    tracing allocations slows the pure-Python loader several times over)."""
    started = time.perf_counter()
    with pytest.raises(RulesetError) as info:
        load_yaml(text, "hostile.yaml")
    assert time.perf_counter() - started < 2.0
    tracemalloc.start()
    try:
        with pytest.raises(RulesetError):
            load_yaml(text, "hostile.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50_000_000
    err = info.value
    assert err.path == "hostile.yaml" and err.line is not None and err.column is not None
    assert str(err).startswith(f"hostile.yaml:{err.line}:{err.column}: ")
    return err


@pytest.mark.usefixtures("either_loader")
class TestHostileYaml:
    def test_alias_bomb(self) -> None:
        err = refused(billion_laughs())
        assert "too large" in err.message and f"{MAX_NODES:,}" in err.message
        assert err.line is not None and err.line <= 10

    def test_merge_key_bomb(self) -> None:
        lines = ["a0: &a0 {" + ", ".join(f"k{i}: v" for i in range(10)) + "}"]
        for i in range(1, 8):
            lines.append(f"a{i}: &a{i} [" + ", ".join(f"{{<<: *a{i - 1}}}" for _ in range(10)) + "]")
        assert "too large" in refused("\n".join(lines) + "\n").message

    def test_aliases_within_budget_still_work(self) -> None:
        assert load_yaml(billion_laughs(levels=2), "ok.yaml").data["a2"][0][0] == ["lol"] * 9

    def test_alias_to_itself(self) -> None:
        err = refused("a: &x [1, *x]\n")
        assert "refers to itself" in err.message and (err.line, err.column) == (1, 11)

    @pytest.mark.parametrize("char", ["\x07", "\x01", "\x7f", "\ufffe"])
    def test_control_character(self, char: str) -> None:
        err = refused(f'a: 1\nb: "x{char}y"\n')
        assert "control character" in err.message and (err.line, err.column) == (2, 6)

    def test_bad_int(self) -> None:
        err = refused("a: 1\nb: !!int abc\n")
        assert "!!int" in err.message and (err.line, err.column) == (2, 4)

    def test_out_of_range_date(self) -> None:
        err = refused("when: 2026-13-45\n")
        assert "invalid date" in err.message and (err.line, err.column) == (1, 7)

    @pytest.mark.parametrize(
        "text", ["!!float nope: 1\n", "a: !!int\n", "a: !!bool x\n", "a: !!timestamp x\n"]
    )
    def test_value_its_tag_cannot_hold(self, text: str) -> None:
        err = refused(text)
        assert err.message.startswith("invalid ") and err.line == 1

    @pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 500, 20_000])
    def test_deep_flow_nesting(self, depth: int) -> None:
        err = refused("a: " + "[" * depth + "]" * depth + "\n")
        assert "nest" in err.message and err.line == 1

    def test_deep_block_nesting(self) -> None:
        text = "".join("  " * i + f"k{i}:\n" for i in range(500)) + "  " * 500 + "v\n"
        err = refused(text)
        assert f"deeper than {MAX_DEPTH}" in err.message and err.line == MAX_DEPTH + 1

    def test_nesting_at_the_limit_is_fine(self) -> None:
        depth = MAX_DEPTH - 1  # the top-level mapping is one level
        assert load_yaml("a: " + "[" * depth + "]" * depth + "\n", "ok.yaml").data is not None

    def test_too_many_plain_nodes(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(yaml_source, "MAX_NODES", 2_000)  # the real limit takes seconds in pure Python
        err = refused("a:\n" + "  - x\n" * 2_010)
        assert "over 2,000 values" in err.message and err.line == 1_999

    def test_lone_surrogate_escape(self) -> None:
        err = refused('a: 1\nb: "x\\ud800"\n')
        assert ("surrogate" in err.message or "Unicode" in err.message) and err.line == 2
        assert load_yaml('a: "\\u00e9\\U0001F600"\n', "ok.yaml").data == {"a": "é\U0001f600"}


@pytest.mark.usefixtures("either_loader")
def test_200_nested_any_is_a_ruleset_error(write) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RulesetError) as info:
        load_ruleset(write("anys.yaml", nested_any(200)))
    assert info.value.line == 9 and f"deeper than {MAX_DEPTH}" in info.value.message


def test_deepest_accepted_matcher_compiles_and_validates(write) -> None:  # type: ignore[no-untyped-def]
    # each any is two YAML levels (mapping, list); the rule itself sits four deep
    ruleset = load_ruleset(write("deep.yaml", nested_any((MAX_DEPTH - 6) // 2)))
    assert ruleset.rules[0].expect is not None


def test_deep_not_condition_validates(write) -> None:  # type: ignore[no-untyped-def]
    condition = "{fact: x}"
    for _ in range(MAX_DEPTH - 2):
        condition = "{not: " + condition + "}"
    ruleset = load_ruleset(write("nots.yaml", HEAD + f"applies_when: {condition}\n" + RULE))
    assert ruleset.applies_when is not None


def chain(tmp_path: Path, length: int) -> Path:
    for i in range(length):
        extends = f"extends: c{i + 1}.yaml\n" if i + 1 < length else ""
        (tmp_path / f"c{i}.yaml").write_text(f'id: c{i}\ntitle: C\nversion: "1"\n{extends}rules: []\n')
    return tmp_path / "c0.yaml"


def test_long_extends_chain_is_a_positioned_error(tmp_path: Path) -> None:
    started = time.perf_counter()
    with pytest.raises(RulesetError) as info:
        load_ruleset(chain(tmp_path, 300))
    assert time.perf_counter() - started < 5
    err = info.value
    assert "extends chain longer than" in err.message
    assert (err.line, err.column) == (4, 1) and err.path is not None and err.path.endswith(".yaml")


def test_extends_chain_at_the_limit_loads(tmp_path: Path) -> None:
    assert load_ruleset(chain(tmp_path, loader_module.MAX_EXTENDS_DEPTH)).id == "c0"


@pytest.mark.parametrize(
    "secret",
    [
        "API_TOKEN=hunter2-secret\nPASSWORD=hunter2-secret\n",
        "aws_secret_key: hunter2-secret\n",
        "root:$6$hunter2-secret:19000:0:99999:7:::\n",
        "- hunter2-secret\n- [unclosed hunter2-secret\n",
        "\x00hunter2-secret",
        b"\xffhunter2-secret",
    ],
)
def test_extends_target_contents_are_never_echoed(write, secret: str | bytes) -> None:  # type: ignore[no-untyped-def]
    write("secret.yaml", secret)
    child = write("child.yaml", HEAD + "extends: secret.yaml\n" + RULE)
    with pytest.raises(RulesetError) as info:
        load_ruleset(child)
    assert "hunter2" not in str(info.value)
    assert "secret.yaml" in str(info.value)


def test_extends_target_that_cannot_be_read_says_why(write) -> None:  # type: ignore[no-untyped-def]
    child = write("child.yaml", HEAD + "extends: /dev/zero.yaml\n" + RULE)
    with pytest.raises(RulesetError, match="no such ruleset file"):
        load_ruleset(child)


@pytest.mark.parametrize("name", ["/dev/zero", "/dev/null"])
def test_device_is_refused(name: str) -> None:
    with pytest.raises(RulesetError, match="not a regular file"):
        load_ruleset(name)


def test_fifo_and_directory_are_refused(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(RulesetError, match="FIFO"):
        load_ruleset(str(fifo))
    (tmp_path / "dir.yaml").mkdir()
    with pytest.raises(RulesetError, match="directory"):
        load_ruleset(str(tmp_path / "dir.yaml"))


def test_oversized_ruleset_is_refused_unread(write, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(loader_module, "MAX_RULESET_BYTES", 100)
    with pytest.raises(RulesetError, match="over the 100 bytes limit"):
        load_ruleset(write("big.yaml", HEAD + RULE + "#" * 200 + "\n"))


def test_undecodable_ruleset_is_positioned(write) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RulesetError) as info:
        load_ruleset(write("latin1.yaml", (HEAD + "description: caf\xe9\n" + RULE).encode("latin-1")))
    assert (info.value.line, info.value.column) == (4, 17)
