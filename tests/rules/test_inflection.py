"""Inflection-aware term matching: "erase" matches "erased", "sell" matches "sold" (see rules.inflection)."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_rules import load_ruleset
from policy_rules.errors import RulesetError
from policy_rules.rules import inflection
from policy_rules.rules.terms import terms_regex
from policy_rules.rules.tokens import TermSet, TokenIndex, parse_term


def by_index(term: str, text: str) -> list[str]:
    """What the word index finds (the path every case-insensitive term list takes)."""
    parsed = parse_term(term)
    assert parsed is not None
    return [text[a:b] for a, b in TermSet((parsed,)).find(TokenIndex(text))]


def by_regex(term: str, text: str, flags: int = re.IGNORECASE) -> list[str]:
    """What the single regex finds (case-sensitive lists, terms with edge punctuation)."""
    return [m.group() for m in re.finditer(terms_regex([term]), text, flags)]


def both(term: str, text: str) -> list[str]:
    found = by_index(term, text)
    assert found == by_regex(term, text), (term, text)
    return found


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("erase", "you can ask for your data to be erased"),
        ("restrict", "processing is restricted"),
        ("port", "the data can be ported"),
        ("delete", "it is deleted after a year"),
        ("object", "if you are objecting to it"),
        ("sell", "we have never sold any data"),  # irregular, from the library
        ("send", "we sent it to you"),
        ("keep", "records are kept for a year"),
        ("withdraw", "consent can be withdrawn"),
        ("child", "services for children"),
        ("policy", "our policies"),  # the regular plural, as before
    ],
)
def test_a_term_matches_its_inflections(term: str, text: str) -> None:
    assert both(term, text)


def test_every_word_of_a_phrase_inflects() -> None:
    assert both("delete your data", "we deleted your data") == ["deleted your data"]
    assert both("delete your data", "after deleting your data") == ["deleting your data"]
    assert both("opt out", "once you have opted-out") == ["opted-out"]
    assert both("have not sold", "the company has not sold it") == ["has not sold"]


def test_base_forms_only_inflect() -> None:
    """An inflected word in a term is taken as written: "shared" does not match "share"."""
    assert not both("shared", "we share data")
    assert both("shared", "data we shared")


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("will", "we would"),  # modal verbs keep their meaning
        ("may", "you might"),
        ("SEND", "we sent"),  # all capitals: an acronym, not a word to inflect
    ],
)
def test_words_that_are_not_inflected(term: str, text: str) -> None:
    assert not both(term, text)


def test_a_contraction_is_not_inflected() -> None:
    assert inflection.word_forms("don") != frozenset({"don"})  # the library knows "don" (donned) ...
    assert not both("don't sell", "donned't sell")  # ... but "don" of "don't" is no word of its own
    assert both("don't sell", "we don’t sell") == ["don’t sell"]
    assert both("don't sell", "we don't sold")  # the last word still inflects


def test_exact_terms_opt_out() -> None:
    """A leading = keeps the words as written; the last word still takes a regular plural."""
    assert not both("=restrict", "age-restricted goods")
    assert both("restrict", "age-restricted goods") == ["restricted"]
    assert both("=restrict", "it restricts use") == ["restricts"]
    assert not both("=delete your data", "we deleted your data")
    assert both("=data subject", "data subjects") == ["data subjects"]
    assert both("= restrict", "restrict") == ["restrict"]


def test_wildcards_do_not_inflect_their_stem_but_do_the_other_words() -> None:
    assert both("delet*", "deleted, deletion") == ["deleted", "deletion"]
    assert not both("sel*", "we sold it")  # a stem is a prefix: irregular forms need the word itself
    assert both("opt out*", "opting outright") == ["opting outright"]


def test_case_sensitive_lists_inflect_in_the_authors_case() -> None:
    assert by_regex("Sell", "We Sold it", 0) == ["Sold"]
    assert not by_regex("Sell", "we sold it", 0)
    assert by_regex("sell", "we sold it", 0) == ["sold"]
    assert by_regex("DPF", "DPFs", 0) == ["DPFs"]  # acronyms: the plural only


def test_the_table_matches_the_library_and_the_builtin_rulesets() -> None:
    """The precomputed table is lemminflect's answer for every word of the built-in rulesets;
    regenerate it with ``python -m policy_rules.rules.inflection`` when this fails."""
    text = resources.files("policy_rules").joinpath("data/inflections.json").read_text(encoding="utf-8")
    assert json.loads(text) == inflection.build_table(inflection.builtin_words())


def test_a_word_outside_the_table_asks_the_library() -> None:
    assert "forsake" not in inflection._table()
    assert {"forsook", "forsaken", "forsaking"} <= inflection.word_forms("forsake")
    assert both("forsake", "they forsook it") == ["forsook"]


def test_exact_cannot_apply_to_a_vocabulary(tmp_path: Path) -> None:
    path = tmp_path / "house.yaml"
    path.write_text(
        "id: house\ntitle: House\nversion: '1'\nvocabularies:\n  dpo: [DPO]\nrules:\n"
        "  - id: house.dpo\n    title: DPO\n    citation: x\n    severity: error\n"
        "    expect:\n      terms: ['=@dpo']\n",
        encoding="utf-8",
    )
    with pytest.raises(RulesetError) as info:
        load_ruleset(path)
    assert "cannot apply to a vocabulary" in info.value.message
    assert info.value.line == 12


def test_an_empty_exact_term_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "house.yaml"
    path.write_text(
        "id: house\ntitle: House\nversion: '1'\nrules:\n"
        "  - id: house.x\n    title: X\n    citation: x\n    severity: error\n"
        "    expect:\n      terms: ['=']\n",
        encoding="utf-8",
    )
    with pytest.raises(RulesetError, match="has no words"):
        load_ruleset(path)


_INFLECTED = sorted(w for w, forms in inflection._table().items() if forms)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(_INFLECTED),
    st.data(),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_", min_size=1, max_size=3),
)
def test_every_library_inflection_matches_as_a_whole_word(word: str, data: st.DataObject, glue: str) -> None:
    form = data.draw(st.sampled_from(inflection.library_forms(word)))
    text = f"We {form}, then"
    assert both(word, text) == [form]
    assert both(word, text.upper()) == [form.upper()]
    # never inside a longer word (unless the longer word is itself a form: "chose" + "n")
    forms = {word, *inflection.library_forms(word)}
    for longer in (f"{glue}{form}", f"{form}{glue}"):
        assert both(word, longer) == ([longer] if longer in forms else [])
    assert not both(word, f"{glue}{word}{glue}")
