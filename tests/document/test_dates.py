from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_rules.document.dates import DATE_PATTERN, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07-21-2020", dt.date(2020, 7, 21)),
        ("5/26/2017", dt.date(2017, 5, 26)),
        ("25/12/2019", dt.date(2019, 12, 25)),  # first number > 12: day first
        ("4/3/21", dt.date(2021, 4, 3)),
        ("May 25, 2018", dt.date(2018, 5, 25)),
        ("May 25 2018", dt.date(2018, 5, 25)),
        ("SEPTEMBER 14, 2022", dt.date(2022, 9, 14)),
        ("september 14, 2022", dt.date(2022, 9, 14)),
        ("Sept. 14, 2022", dt.date(2022, 9, 14)),
        ("Oct 3, 2019", dt.date(2019, 10, 3)),
        ("2020-07-21", dt.date(2020, 7, 21)),
        ("2020/07/21", dt.date(2020, 7, 21)),
        ("2019-3-8", dt.date(2019, 3, 8)),
        ("21 July 2020", dt.date(2020, 7, 21)),
        ("21st July, 2020", dt.date(2020, 7, 21)),
        ("2nd of March 2023", dt.date(2023, 3, 2)),
        ("July 21st, 2020", dt.date(2020, 7, 21)),
        ("21.07.2020", dt.date(2020, 7, 21)),
        ("07.21.2020", dt.date(2020, 7, 21)),  # impossible as day.month, so month.day
        ("July 2020", dt.date(2020, 7, 1)),
        ("DECEMBER 2021", dt.date(2021, 12, 1)),
        ("9-Jan-23", dt.date(2023, 1, 9)),
        ("  March 3, 2021. ", dt.date(2021, 3, 3)),
    ],
)
def test_parse_date_accepts_common_shapes(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2020",
        "Feb 30, 2020",
        "2/30/2020",
        "31.02.2021",
        "13/13/2020",
        "2021-13-01",
        "v2.3.1",
        "1.2.3",
        "version 4.5",
        "May the force",
        "Maybe 12, 2020",
        "the 21st of July 2020 onwards",
    ],
)
def test_parse_date_rejects_non_dates(text: str) -> None:
    assert parse_date(text) is None


def test_pattern_finds_dates_in_running_text() -> None:
    text = (
        "Our notice changed on Aug 4, 2021 and again on 2023/01/09; the old text from 3 March 2019 "
        "is archived. Build v2.3.1 shipped with 1.2.2020.5 and code 12-34-5678."
    )
    found = [m.group() for m in DATE_PATTERN.finditer(text)]
    assert found == ["Aug 4, 2021", "2023/01/09", "3 March 2019"]


def test_pattern_respects_word_boundaries() -> None:
    assert [m.group() for m in DATE_PATTERN.finditer("x2020-07-21 ref/2020-07-21 12020-07-21")] == []
    assert [m.group() for m in DATE_PATTERN.finditer("(2020-07-21)")] == ["2020-07-21"]


def test_lowercase_may_is_not_a_date_in_text() -> None:
    assert list(DATE_PATTERN.finditer("you may 2020 times")) == []


@pytest.mark.parametrize(
    "hostile",
    ["1-" * 100_000, "2020-" * 50_000, "May " * 50_000, "1/1/" * 50_000, "21st " * 40_000, "9" * 200_000],
)
def test_pattern_is_linear_on_hostile_input(hostile: str) -> None:
    t0 = time.perf_counter()
    for _ in DATE_PATTERN.finditer(hostile):
        pass
    assert time.perf_counter() - t0 < 2.0


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_parse_date_never_raises(text: str) -> None:
    result = parse_date(text)
    assert result is None or isinstance(result, dt.date)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_round_trip_of_written_dates(d: dt.date) -> None:
    assert parse_date(d.isoformat()) == d
    assert parse_date(d.strftime("%B %d, %Y")) == d
    assert parse_date(f"{d.day} {d.strftime('%B')} {d.year}") == d
    assert parse_date(d.strftime("%m/%d/%Y")) == d
    assert parse_date(d.strftime("%d.%m.%Y")) == d
