from __future__ import annotations

import pytest

from policy_rules.errors import RulesetError
from policy_rules.rules.yaml_source import load_yaml


def test_positions_are_recorded_for_keys_and_items() -> None:
    located = load_yaml("a: 1\nb:\n  - x\n  - {c: 2}\n", "f.yaml")
    assert located.data == {"a": 1, "b": ["x", {"c": 2}]}
    assert located.marks[("b",)] == (2, 1)
    assert located.marks[("b", 1, "c")] == (4, 6)
    assert located.locate(("b", 1, "c", "deeper")) == (4, 6)


def test_duplicate_key_is_an_error_with_position() -> None:
    with pytest.raises(RulesetError) as info:
        load_yaml("id: x\ntitle: a\ntitle: b\n", "dup.yaml")
    assert (info.value.line, info.value.column) == (3, 1)
    assert "duplicate key 'title'" in str(info.value)
    assert str(info.value).startswith("dup.yaml:3:1:")


def test_code_executing_tags_are_refused() -> None:
    with pytest.raises(RulesetError) as info:
        load_yaml("a: !!python/object/apply:os.system ['true']\n", "evil.yaml")
    assert info.value.line == 1
    assert "tag" in info.value.message
    with pytest.raises(RulesetError, match="tag"):
        load_yaml("a: !!python/name:os.system\n", "evil2.yaml")


def test_syntax_error_names_line_and_column() -> None:
    with pytest.raises(RulesetError) as info:
        load_yaml("rules:\n  - id: [unclosed\n", "bad.yaml")
    assert info.value.path == "bad.yaml"
    assert info.value.line is not None and info.value.line >= 2


def test_empty_document_is_an_error() -> None:
    with pytest.raises(RulesetError, match="empty"):
        load_yaml("# nothing\n", "empty.yaml")


def test_dates_stay_strings() -> None:
    assert load_yaml("d: 2020-01-01\n", "f.yaml").data == {"d": "2020-01-01"}
