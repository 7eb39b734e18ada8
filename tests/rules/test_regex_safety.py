"""Hostile ruleset regexes and terms are positioned ruleset errors, never crashes or gigabytes."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from policy_rules import load_ruleset
from policy_rules.errors import RulesetError
from policy_rules.rules.regex_safety import (
    MAX_GROUP_DEPTH,
    MAX_PATTERN_LENGTH,
    MAX_TERM_LENGTH,
    MAX_UNROLLED_SIZE,
    regex_problem,
)


def ruleset(expects: list[dict[str, object]], vocabularies: dict[str, list[str]] | None = None) -> str:
    rules = [
        {"id": f"t.r{i}", "title": "T", "citation": "c", "severity": "error", "expect": e}
        for i, e in enumerate(expects)
    ]
    doc: dict[str, object] = {"id": "t", "title": "t", "version": "1", "rules": rules}
    if vocabularies:
        doc["vocabularies"] = vocabularies
    return json.dumps(doc, indent=1)


def load_error(write, text: str) -> RulesetError:  # type: ignore[no-untyped-def]
    path = write("t.yaml", text)
    started = time.process_time()
    with pytest.raises(RulesetError) as info:
        load_ruleset(path)
    assert time.process_time() - started < 5, "refused, but only after the damage"
    assert info.value.path == str(path)
    return info.value


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


HOSTILE = {
    "version 1 switch": ("(?V1)[[a-z]--[aeiou]]", "(?V1) is not supported"),
    "version 1 scoped": ("a(?V1:b)", "(?V1) is not supported"),
    "500 nested groups": ("(" * 500 + "a" + ")" * 500, f"nested more than {MAX_GROUP_DEPTH} deep"),
    "nested lookarounds": ("(?=" * 60 + "a" + ")" * 60, "nested more than"),
    "whole-pattern recursion": ("a(?R)?b", "recursion and group calls"),
    "group 0 call": ("a(?0)?b", "recursion and group calls"),
    "numbered call": ("(a(?1)?b)", "recursion and group calls"),
    "relative call": ("(a(?-1)?b)", "recursion and group calls"),
    "named call": ("(?P<x>a(?&x)?b)", "recursion and group calls"),
    "python named call": ("(?P<x>a(?P>x)?b)", "recursion and group calls"),
    "repeat product": ("(?:(?:a{1000}){1000}){1000}", "unroll to more than"),
    "product of maxima": ("(?:(?:a{0,1000}){0,1000}){0,1000}", "unroll to more than"),
    "unbounded minimum": ("(?:(?:a{1000,}){1000,})", "unroll to more than"),
    "alternation product": ("(?:x{1000}|y{1000}){1000}", "unroll to more than"),
    "sum of repeats": ("a{60000}b{60000}", "unroll to more than"),
    "paren in a class does not close": ("(?:[)]a{1000}){1000}", "unroll to more than"),
    "escaped paren does not close": (r"(?:\)a{1000}){1000}", "unroll to more than"),
    "after a comment": ("(?#a comment (with parens)(?:a{1000}){1000}", "unroll to more than"),
    "after a POSIX class": ("[[:alpha:]](?:a{1000}){1000}", "unroll to more than"),
    "after a property": (r"\p{L}(?:a{1000}){1000}", "unroll to more than"),
    "huge count": ("a{" + "9" * 5000 + "}", "repeat count too big"),
    "verbose mode": ("(?x)(?:a{1 0 0 0}){1 0 0 0}", "verbose mode (?x) is not supported"),
    "too long": ("a" * (MAX_PATTERN_LENGTH + 1), f"at most {MAX_PATTERN_LENGTH:,}"),
}


@pytest.mark.parametrize("pattern, message", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_regex_is_a_positioned_ruleset_error(write, pattern: str, message: str) -> None:  # type: ignore[no-untyped-def]
    err = load_error(write, ruleset([{"terms": ["ok"]}, {"regex": pattern}]))
    assert message in err.message
    assert err.key == "rules.1.expect.regex"
    assert err.line == line_of(Path(err.path or ""), '"regex"')


def test_errors_from_the_regex_module_are_positioned_too(write) -> None:  # type: ignore[no-untyped-def]
    err = load_error(write, ruleset([{"regex": r"\L<names>"}]))
    assert err.message.startswith("regex does not compile: undefined named list")
    assert err.line == line_of(Path(err.path or ""), '"regex"')


ACCEPTED = [
    r"\b(?:sell|rent)\s+your\s+(?:personal\s+)?(?:data|information)\b",
    "(?i:a)(?-i:B)(?m)^x$",
    "(?#comment ((( )a{3}",
    "[(]{3}[)]{3}[{]{1000}",
    r"[]a]{2}[^]a]{2}[\]]{2}",
    "[[:alpha:]]{3}",
    r"\p{L}{2,5}\N{DIGIT ONE}\x41\u0041",
    r"(?P<n>a)(?P=n)\g<n>(b)\1",
    "(a)?(?(1)a|b)",
    "a{,5}b{0}c{3,}d{1000}",
    "(?>a+)a++a*+",
    "(?<=ab|c)(?<!x)(?=y)(?!z)",
    "(?|(a)|(b))",
    "x{e<=1}",
    "(?:(?:a{100}){100}){9}",
    "(" * MAX_GROUP_DEPTH + "a" + ")" * MAX_GROUP_DEPTH,
]


@pytest.mark.parametrize("pattern", ACCEPTED)
def test_ordinary_regexes_are_accepted(pattern: str) -> None:
    assert regex_problem(pattern) is None
    regex.compile(pattern, regex.VERSION0)


def test_the_bound_is_the_unrolled_size() -> None:
    assert regex_problem(f"a{{{MAX_UNROLLED_SIZE}}}") is None
    assert regex_problem(f"a{{{MAX_UNROLLED_SIZE + 1}}}") is not None
    assert regex_problem(f"(?:ab){{{MAX_UNROLLED_SIZE // 3}}}") is None  # two characters and a group
    assert regex_problem(f"(?:ab){{{MAX_UNROLLED_SIZE // 3 + 1}}}") is not None
    assert regex_problem(f"\\X{{{MAX_UNROLLED_SIZE // 6}}}") is None  # a grapheme is a small branch
    assert regex_problem(f"\\X{{{MAX_UNROLLED_SIZE // 6 + 1}}}") is not None
    assert regex_problem(f"(?fi)s{{{MAX_UNROLLED_SIZE // 4 + 1}}}") is not None  # full case folding


# Pieces that change how the regex parser reads what follows: classes, escapes, comments, groups.
TOKENS = st.sampled_from(
    [
        "a", "(", ")", "(?:", "[", "]", "[^", "^", "\\", "\\(", "\\[", "\\]", "\\)", "(?#", "[:alpha:]",
        "[:", ":]", "\\p{L}", "\\p{", "\\N{DIGIT ONE}", "{", "}", "{2}", "{,3}", "|", "*", "+", "?",
        "(?i)", "(?-i:", "(?=", "(?<=", "(?<!", "(?P<n>", "(?(1)", "\\g<1>", "\\g<", "-", " ", "#", "\n",
        "(*FAIL)", "(?>", "(?|", "'", "\"", "\\Q", "\\E",
    ]
)  # fmt: skip
BOMB = "(?P<bomb>(?:(?:a{%d}){%d}){%d})"


@settings(max_examples=300, deadline=None)
@given(st.lists(TOKENS, max_size=8), st.lists(TOKENS, max_size=8))
@example(["[", "[:alpha:]"], ["]"])
@example(["(?#", "\\"], [")"])
@example(["[", "\\p{L}"], ["]"])
def test_no_context_hides_a_live_bomb(before: list[str], after: list[str]) -> None:
    """Wherever the regex parser would see the bomb as live syntax, the scanner sees it too.

    Liveness is asked of the regex module itself with a harmless copy (counts of 1): its named group
    exists only if the parser read it as a group rather than text inside a class or a comment."""
    prefix, suffix = "".join(before), "".join(after)
    try:
        harmless = regex.compile(prefix + BOMB % (1, 1, 1) + suffix, regex.VERSION0)
    except (regex.error, ValueError, OverflowError, RecursionError):
        return  # does not compile whatever its counts: the compiler reports it
    if "bomb" in harmless.groupindex:
        assert regex_problem(prefix + BOMB % (1000, 1000, 1000) + suffix) is not None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_the_scanner_takes_any_text(pattern: str) -> None:
    assert regex_problem(pattern) is None or isinstance(regex_problem(pattern), str)


def test_term_length_is_bounded_where_the_term_is_written(write) -> None:  # type: ignore[no-untyped-def]
    long = "word " * (MAX_TERM_LENGTH // 5 + 1)
    err = load_error(write, ruleset([{"terms": ["fine", long]}]))
    assert f"at most {MAX_TERM_LENGTH}" in err.message
    assert err.key == "rules.0.expect.terms.1"
    err = load_error(write, ruleset([{"terms": ["@v"]}], {"v": ["fine", "(" + long + ")"]}))
    assert err.key == "vocabularies.v.1"
    assert err.line == line_of(Path(err.path or ""), '"(word')


def test_terms_per_ruleset_are_bounded(write, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("policy_rules.rules.compiler.MAX_TERMS_PER_RULESET", 1_000)
    vocab = {"v": [f"term{i}" for i in range(300)]}
    load_ruleset(write("ok.yaml", ruleset([{"terms": ["@v"]}] * 3, vocab)))
    err = load_error(write, ruleset([{"terms": ["@v"]}] * 4, vocab))
    assert "more than 1,000 terms" in err.message
    assert err.key == "rules.3.expect.terms"


def test_pattern_text_per_ruleset_is_bounded(write, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("policy_rules.rules.compiler.MAX_PATTERN_CHARS_PER_RULESET", 2_000)
    regexes = [{"regex": f"x{i}" + "a" * 480} for i in range(5)]
    load_ruleset(write("ok.yaml", ruleset(regexes[:4] + regexes[:4])))  # a repeated pattern counts once
    err = load_error(write, ruleset(regexes))
    assert "more than 2,000 characters of patterns" in err.message
    assert err.key == "rules.4.expect.regex"
    terms = [{"terms": [f"({i} word)" for i in range(100)], "case_sensitive": True}]
    err = load_error(write, ruleset(terms))
    assert err.key == "rules.0.expect.terms"


def test_unrolled_size_per_ruleset_is_bounded(write, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("policy_rules.rules.compiler.MAX_UNROLLED_PER_RULESET", 25_000)
    regexes = [{"regex": f"x{i}(?:ab){{3000}}"} for i in range(3)]  # 9,002 items each
    load_ruleset(write("ok.yaml", ruleset(regexes[:2] * 5)))
    err = load_error(write, ruleset(regexes))
    assert "unroll to more than 25,000 items together" in err.message
    assert err.key == "rules.2.expect.regex"
