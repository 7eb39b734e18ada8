"""Regex reading (needed literals, lead, width) and windowed scans: the same matches as finditer."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_rules.rules.regex_budget import RegexBudget
from policy_rules.rules.regex_reading import read_pattern, required_literals
from policy_rules.rules.regex_windows import (
    LiteralIndex,
    longest_runs,
    regions,
    window_plan,
    windowed_spans,
)

FLAGS = regex.IGNORECASE | regex.VERSION0


def test_literals_and_lead_of_a_plain_pattern() -> None:
    reading = read_pattern(r"\bno\s+longer\s+rel(?:y|ies)\s+on\s+Safe\s+Harbour")
    assert reading is not None
    assert reading.literals == {"harbour"}
    # "no", "longer", "rel", "y|ies", "on", "safe" and five \s+ come before "harbour"
    assert reading.lead == (2 + 6 + 3 + 3 + 2 + 4, 5, 0, 0)
    assert reading.width == (2 + 6 + 3 + 3 + 2 + 4 + 7, 5, 0, 0)


def test_the_words_every_policy_uses_are_passed_over() -> None:
    # "privacy" and "information" are the longest literals here, and the least selective
    assert required_literals(r"\bno\s+longer\s+rel(?:y|ies)\s+on\s+Privacy\s+Shield") == {"longer"}
    assert required_literals(r"\b(?:share|disclose)\s+(?:your\s+)?information\s+with") == {
        "share",
        "disclose",
    }
    # ... unless nothing else is needed
    assert required_literals(r"\bpersonal\s+information\b") == {"information"}


def test_three_letter_words_are_literals_too() -> None:
    assert required_literals(r"(?:operated|run|made)\s+by\b") == {"operated", "run", "made"}
    assert required_literals(r"\b(?:it|we)\s+sell") == {"sell"}


def test_an_alternation_needs_one_literal_of_each_branch_at_its_start() -> None:
    reading = read_pattern(r"\b(?:users?|visitors?|data\s+subjects?)\s+of\b")
    assert reading is not None
    assert reading.literals == {"user", "visitor", "subject"}
    assert reading.lead == (4, 1, 0, 0)  # "data" and a space run before "subject"


def test_unbounded_classes_other_than_space_word_and_non_space_are_unbounded() -> None:
    assert read_pattern(r"privacy.*shield").width is None  # type: ignore[union-attr]
    assert read_pattern(r"privacy[^.]+shield").width is None  # type: ignore[union-attr]
    assert read_pattern(r"privacy\w+\S*shield").width == (13, 0, 1, 1)  # type: ignore[union-attr]
    assert read_pattern(r"(?:\w+\s+){0,4}shield").width == (6, 4, 4, 0)  # type: ignore[union-attr]


def test_no_literal_and_unreadable_syntax_give_nothing() -> None:
    assert required_literals(r"\d{3}-\d{4}") is None
    assert required_literals(r"\p{L}+ shield") is None  # regex-module syntax re cannot read
    assert window_plan(r"\p{L}+ shield", FLAGS) is None


def test_look_aheads_reach_past_the_match() -> None:
    reading = read_pattern(r"privacy(?=\s+shield\b)")
    assert reading is not None
    assert reading.width == (7, 0, 0, 0)
    assert reading.reach == (6, 1, 0, 0)
    assert read_pattern(r"privacy(?!.*shield)").reach is None  # type: ignore[union-attr]


def test_a_literal_start_is_left_to_the_engine() -> None:
    assert window_plan(r"\bshield\s+\w+", FLAGS) is None
    assert window_plan(r"\b(?:privacy|data)\s+shield", FLAGS) is not None


def _windowed(source: str, text: str) -> list[tuple[int, int]] | None:
    """The windowed scan of ``source`` over ``text``, forced even where a whole scan is cheaper."""
    plan = window_plan(source, FLAGS, regex.FULLCASE)
    reading = read_pattern(source, FLAGS)
    folded = text.casefold()
    if plan is None or reading is None or len(folded) != len(text):
        return None
    index = LiteralIndex()
    index.register(reading.literals)
    at = index.positions(folded)
    occurrences = [(start, len(lit)) for lit in reading.literals for start in at.get(lit, ())]
    margins = plan.margins(longest_runs(text))
    if margins is None:
        return None
    compiled = regex.compile(source, FLAGS)
    return list(
        windowed_spans(compiled, text, regions(occurrences, margins[0], margins[1]), margins, lambda: 5.0)
    )


_PIECES = st.sampled_from(
    [
        r"\bdata",
        r"shield\b",
        r"(?:users?|people)",
        r"\s+",
        r"\s*",
        r"\w+",
        r"(?:\w+\s+){0,3}?",
        r"[^.]{0,12}",
        r"(?<!not\s)",
        r"(?=\s+(?:data|shield))",
        r"(?!\w)",
        r"(?:privacy|dat)",
        r"[\w-]+",
        r"\S*",
        r"(?m)^",
        r"a{1,3}",
    ]
)
_WORDS = st.sampled_from(
    ["data", "shield", "users", "people", "privacy", "not", "a", "datashield", "Data", "-", "."]
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_PIECES, min_size=1, max_size=5),
    st.sampled_from(["data", "shield", "privacy", "users"]),
    st.lists(_WORDS, max_size=60),
    st.lists(st.sampled_from([" ", " ", " ", "  ", " \n ", "\t", ""]), min_size=1, max_size=40),
)
def test_windowed_scan_gives_exactly_the_finditer_matches(
    pieces: list[str], anchor: str, words: list[str], gaps: list[str]
) -> None:
    # the anchor word is needed, with a space run on either side of it so that texts match often
    source = "".join(pieces[:1]) + r"\s*" + anchor + r"\s*" + "".join(pieces[1:])
    text = "".join(w + gaps[i % len(gaps)] for i, w in enumerate(words))
    windowed = _windowed(source, text)
    if windowed is None:
        return
    assert windowed == [m.span() for m in regex.compile(source, FLAGS).finditer(text)]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=" \t\n\u00a0\u2003ab_-.’é", max_size=200))
def test_longest_runs_never_fall_short(text: str) -> None:
    space, word, nonspace = longest_runs(text)
    assert all(len(m) <= space for m in regex.findall(r"\s+", text))
    assert all(len(m) <= word for m in regex.findall(r"\w+", text))
    assert all(len(m) <= nonspace for m in regex.findall(r"\S+", text))


def test_overlapping_literal_occurrences_are_all_found() -> None:
    index = LiteralIndex()
    index.register(frozenset({"datas", "tashield"}))
    assert index.positions("datashield") == {"datas": [0], "tashield": [2]}


def test_regions_merge_and_keep_their_bounds() -> None:
    # lead 3, width 10: an occurrence at 20 of length 4 starts a match in [17, 20]
    assert regions([(20, 4), (22, 4), (40, 4)], 3, 10) == [(17, 22), (37, 40)]
    assert regions([(2, 4)], 5, 10) == [(0, 2)]


def test_windowed_scan_through_the_budget_matches_a_whole_scan() -> None:
    source = r"\b(?:users?|people)\s+(?:\w+\s+){0,2}?data\b"
    text = "Some users of our data. People share data. Users, data! users data" * 20
    compiled = regex.compile(source, FLAGS)
    windowed = _windowed(source, text)
    assert windowed == RegexBudget(5.0).spans(compiled, text) == [m.span() for m in compiled.finditer(text)]
    assert windowed
