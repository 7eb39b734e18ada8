"""One time budget for all ruleset regexes on a document: slow patterns cannot add up to minutes."""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import replace
from pathlib import Path

import pytest
import regex

from policy_rules import check, load_policy, load_ruleset
from policy_rules.api import load_builtin_rulesets
from policy_rules.cli.main import main
from policy_rules.engine.check import evaluate_rule
from policy_rules.errors import RulesetError
from policy_rules.rules import regex_budget
from policy_rules.rules.context import EvalContext
from policy_rules.rules.regex_budget import RegexBudget, RegexBudgetSpent, budget_for

# Exponential backtracking on a run of "a"s; each rule's copy differs so none is served from the cache.
SLOW = r"(a|aa)+c|x{}"


def slow_ruleset(write, count: int) -> Path:  # type: ignore[no-untyped-def]
    rules = [
        {
            "id": f"t.r{i}",
            "title": "T",
            "citation": "c",
            "severity": "error",
            "expect": {"regex": SLOW.format(i)},
        }
        for i in range(count)
    ]
    return write("slow.yaml", json.dumps({"id": "t", "title": "t", "version": "1", "rules": rules}, indent=1))  # type: ignore[no-any-return]


def seconds_per_slow_regex(text: str) -> float:
    compiled = regex.compile(SLOW.format("probe"), regex.VERSION0 | regex.IGNORECASE)
    started = time.process_time()
    compiled.search(text)
    return time.process_time() - started


def test_slow_regexes_share_one_budget(write, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    text = "Our terms. " + "a" * 22 + "."
    each = seconds_per_slow_regex(text)
    # Each regex alone stays well inside the budget; forty of them do not.
    monkeypatch.setattr(regex_budget, "REGEX_MIN_SECONDS", each * 8)
    path = slow_ruleset(write, 40)
    rs = load_ruleset(path)
    started = time.process_time()
    with pytest.raises(RulesetError) as info:
        check(load_policy(text), rs)
    assert time.process_time() - started < each * 20
    err = info.value
    assert "ran out of time" in err.message and "budget for all patterns" in err.message
    rule = int((err.key or "").split(".")[1])
    assert rule >= 4, "the budget ran out before any single regex could have used it all"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert SLOW.format(rule) in lines[(err.line or 0) - 1].replace("\\\\", "\\")


def test_budget_is_spent_in_cpu_time_and_scales_with_the_text() -> None:
    small = RegexBudget.for_text(100)
    assert small.seconds == regex_budget.REGEX_MIN_SECONDS
    big = RegexBudget.for_text(10_000_000)
    assert big.seconds == pytest.approx(10 * regex_budget.REGEX_SECONDS_PER_MB)
    compiled = regex.compile(r"\w+")
    assert small.spans(compiled, "ab cd") == [(0, 2), (3, 5)]
    assert 0 < small.left <= small.seconds
    small.left = 0
    with pytest.raises(RegexBudgetSpent):
        small.spans(compiled, "ab")


def test_cli_reports_the_regex_that_ran_out(capsys, write, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    text = "Our terms. " + "a" * 22 + "."
    monkeypatch.setattr(regex_budget, "REGEX_MIN_SECONDS", seconds_per_slow_regex(text) * 3)
    path = slow_ruleset(write, 30)
    policy = write("p.txt", text)
    code = main(["check", str(policy), "--ruleset", str(path), "--no-config"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith(f"policy-rules: error: {path}:")
    assert "ran out of time" in err and "p.txt" in err


def test_the_built_in_rulesets_use_little_of_the_budget_on_ordinary_text() -> None:
    sentences = [
        "We collect your e-mail address and name to send receipts.",
        "You may withdraw your consent at any time (free of charge) by writing to privacy@example.com.",
        "A fee of $10 applies only to manifestly unfounded requests; we answer within 30 days.",
        'Northwind Ltd ("we", "us") is the controller, reachable at https://example.com/contact (see below).',
    ]
    document = load_policy("Privacy policy.\n\n" + " ".join(sentences) * 200)
    ctx = EvalContext(document, {}, dt.date(2026, 1, 1))
    for ruleset in load_builtin_rulesets():
        for rule in ruleset.rules:
            evaluate_rule(replace(rule, applies_when=None), ctx)
    budget = budget_for(ctx.cache, len(document.text))
    assert budget.left > 0.8 * budget.seconds


def test_a_hostile_term_list_is_metered_too(write, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Terms that start with punctuation and share a long prefix: each one is tried at every dot."""
    terms = [". " * 90 + f"x{i}" for i in range(100)]
    rule = {"id": "t.r0", "title": "T", "citation": "c", "severity": "error", "expect": {"terms": terms}}
    path = write("terms.yaml", json.dumps({"id": "t", "title": "t", "version": "1", "rules": [rule]}))
    monkeypatch.setattr(regex_budget, "REGEX_MIN_SECONDS", 0.05)
    document, ruleset = load_policy("Our terms. " + ". " * 20_000), load_ruleset(path)
    started = time.process_time()
    with pytest.raises(RulesetError) as info:
        check(document, ruleset)
    assert time.process_time() - started < 0.5
    assert info.value.message.startswith("term list ran out of time")
    assert info.value.key == "rules.0.expect.terms"
