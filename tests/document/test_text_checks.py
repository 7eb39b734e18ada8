"""Text that is not Unicode is refused where it enters, with the line and column of the bad spot.

A ``str`` handed to the API has not been through a decoder, so it can carry a lone surrogate; left
in, it crashes much later, when a report is encoded as UTF-8. Bytes are decoded strictly, and the
UTF-16 and UTF-32 decoders refuse lone surrogates too: those errors are positioned as well.
"""

from __future__ import annotations

import codecs
import json

import pytest

from policy_rules import check, load_policy, load_ruleset
from policy_rules.document.loading import read_source
from policy_rules.errors import InputError


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [("\ud800", 1, 1), ("We collect\ndata \udcff here.", 2, 6), ("a\r\nb\rc\udfffd", 3, 2)],
)
def test_lone_surrogates_in_text_are_refused_with_a_position(text: str, line: int, column: int) -> None:
    with pytest.raises(InputError) as info:
        read_source(text=text, name="policy.md")
    assert (info.value.line, info.value.column) == (line, column)
    assert "surrogate" in str(info.value) and str(info.value).startswith(f"policy.md:{line}:{column}:")


def test_load_policy_refuses_a_lone_surrogate_in_policy_text() -> None:
    with pytest.raises(InputError, match="lone surrogate U\\+D800"):
        load_policy("We collect your data.\nSee \ud800 below.")


def test_paired_surrogates_never_reach_a_str_and_astral_text_passes() -> None:
    doc = load_policy("We collect your data 😀.\nWe keep it.")
    report = check(doc, load_ruleset("gdpr"))
    json.dumps([f.to_dict() for f in report.findings], ensure_ascii=False).encode("utf-8")


@pytest.mark.parametrize(
    ("data", "label", "line", "column"),
    [
        (
            codecs.BOM_UTF16_LE + "ab\nc".encode("utf-16-le") + b"\x00\xd8" + "x".encode("utf-16-le"),
            "UTF-16",
            2,
            2,
        ),
        (codecs.BOM_UTF16_BE + "a\nbc".encode("utf-16-be") + b"\xdc\x00", "UTF-16", 2, 3),
        (codecs.BOM_UTF32_LE + "a\nb".encode("utf-32-le") + b"\x00\xd8\x00\x00", "UTF-32", 2, 2),
        (b"ok\n\xed\xa0\x80", "UTF-8", 2, 1),  # a surrogate encoded in UTF-8 is not UTF-8
    ],
)
def test_lone_surrogates_in_bytes_are_refused_with_a_position(
    data: bytes, label: str, line: int, column: int
) -> None:
    with pytest.raises(InputError, match=f"not valid {label} text") as info:
        read_source(data=data, name="p.txt")
    assert (info.value.line, info.value.column) == (line, column)
