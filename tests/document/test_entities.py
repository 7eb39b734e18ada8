from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_rules.document.dates import DATE_PATTERN
from policy_rules.document.entities import find_entities, find_policy_date
from policy_rules.document.entities.combine import DETECTORS
from policy_rules.document.model import EntityKind

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def found(text: str, kind: EntityKind) -> list[tuple[str, str | None]]:
    return [(text[s:e], v) for k, s, e, v in find_entities(text) if k is kind]


def texts(text: str, kind: EntityKind) -> list[str]:
    return [t for t, _ in found(text, kind)]


# -- e-mail --------------------------------------------------------------------------------------------


def test_email_plain_is_lowercased() -> None:
    text = "Questions? Write to Privacy.Team@Example-Shop.CO.UK or dpo@example.org."
    assert found(text, EntityKind.EMAIL) == [
        ("Privacy.Team@Example-Shop.CO.UK", "privacy.team@example-shop.co.uk"),
        ("dpo@example.org", "dpo@example.org"),
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("reach us at help [at] widgetco [dot] com today", "help@widgetco.com"),
        ("mail: help(at)widgetco.com", "help@widgetco.com"),
        ("mail: help {AT} widgetco {DOT} co {DOT} uk", "help@widgetco.co.uk"),
    ],
)
def test_obfuscated_email_is_reconstructed(text: str, value: str) -> None:
    assert [v for _, v in found(text, EntityKind.EMAIL)] == [value]


def test_email_glued_to_next_word_is_cut_back() -> None:
    assert [v for _, v in found("email hello@widgetco.comIf you", EntityKind.EMAIL)] == ["hello@widgetco.com"]


def test_not_emails() -> None:
    assert found("a@b, @handle, name@localhost and x@y.z", EntityKind.EMAIL) == []


# -- URL -----------------------------------------------------------------------------------------------


def test_urls_and_trailing_punctuation() -> None:
    text = (
        "See https://widgetco.example/privacy?lang=en). Visit www.widgetco.example, "
        "or widgetco.example/legal; and (http://example.org/a_(b))."
    )
    assert texts(text, EntityKind.URL) == [
        "https://widgetco.example/privacy?lang=en",
        "www.widgetco.example",
        "widgetco.example/legal",
        "http://example.org/a_(b)",
    ]


def test_bare_domain_without_path_is_not_a_url() -> None:
    assert texts("We run widgetco.com and and/or e.g./i.e. things", EntityKind.URL) == []


def test_url_inside_email_is_not_reported() -> None:
    text = "write to team@www.widgetco.com now"
    assert texts(text, EntityKind.URL) == []
    assert texts(text, EntityKind.EMAIL) == ["team@www.widgetco.com"]


def test_nothing_reported_inside_a_url() -> None:
    text = "read https://blog.example.com/2020-07-21/555-123-4567/acme-inc"
    kinds = {k for k, *_ in find_entities(text)}
    assert kinds == {EntityKind.URL}


# -- phone ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Call +1 (555) 201-4477 now", "+15552014477"),
        ("Call 555-201-4477 now", "5552014477"),
        ("Call (555) 201-4477 now", "5552014477"),
        ("Call 555.201.4477 now", "5552014477"),
        ("Call +44 20 7946 0123 now", "+442079460123"),
        ("Call +49 (0)30 1234567 now", "+49301234567"),
        ("Call 020 7946 0123 now", "02079460123"),
        ("Call 1-800-FLOWERS now", "+18003569377"),
        ("Phone: 9812345670", "9812345670"),
    ],
)
def test_phone_shapes(text: str, value: str) -> None:
    assert [v for _, v in found(text, EntityKind.PHONE)] == [value]


@pytest.mark.parametrize(
    "text",
    [
        "Founded in 2020, we moved in 2021.",
        "Version v2.3.1 and build 10.0.19041.",
        "Our office is at ZIP 94105 or 94105-1234.",
        "The dates 07-21-2020 and 2020-07-21 are not phones.",
        "Order number 12345678901 shipped.",
        "Social security numbers look like 123-45-6789.",
        "Between 1990 2000 2010 the numbers grew.",
    ],
)
def test_not_phones(text: str) -> None:
    assert found(text, EntityKind.PHONE) == []


# -- postal address ------------------------------------------------------------------------------------


def test_us_address_over_two_lines() -> None:
    text = "Mail us at:\n1200 Harbor View Blvd, Suite 300\nOakridge, CA 94110, USA\n\nOther text."
    assert found(text, EntityKind.POSTAL_ADDRESS) == [
        ("1200 Harbor View Blvd, Suite 300\nOakridge, CA 94110, USA", "94110")
    ]


def test_po_box() -> None:
    assert found("Send it to P.O. Box 4410, Millbrook, NY 12545.", EntityKind.POSTAL_ADDRESS) == [
        ("P.O. Box 4410, Millbrook, NY 12545", "12545")
    ]


@pytest.mark.parametrize(
    ("text", "address", "value"),
    [
        ("Sitz: Lindenstraße 8, 10969 Berlin.", "Lindenstraße 8, 10969 Berlin", "10969"),
        ("Siège : 7 rue des Lilas, 69003 Lyon", "7 rue des Lilas, 69003 Lyon", "69003"),
        ("Registered office: 4 Quarry Road, Bristol BS8 1TH.", "4 Quarry Road, Bristol BS8 1TH", "BS8 1TH"),
        ("Our office in Dublin 2, Ireland handles it.", "Dublin 2, Ireland", "Dublin 2"),
        ("Write to us in Leeds LS1 4DY today.", "Leeds LS1 4DY", "LS1 4DY"),
    ],
)
def test_eu_and_uk_addresses(text: str, address: str, value: str) -> None:
    assert found(text, EntityKind.POSTAL_ADDRESS) == [(address, value)]


def test_address_crosses_a_blank_line_only_between_short_address_lines() -> None:
    text = "1200 Harbor View Blvd\n\nOakridge, CA 94110"
    assert found(text, EntityKind.POSTAL_ADDRESS) == [(text, "94110")]
    prose = "We used to rent a small office at 1200 Harbor View Blvd before we moved.\n\nOakridge, CA 94110"
    spans = found(prose, EntityKind.POSTAL_ADDRESS)
    assert all("\n\n" not in t for t, _ in spans)
    assert ("Oakridge, CA 94110", "94110") in spans


def test_not_addresses() -> None:
    text = "We keep 30 days of logs. Section 5 Road safety. Windows 10, 2004 Update is old."
    assert found(text, EntityKind.POSTAL_ADDRESS) == []


# -- organisation --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("This app is operated by Brightfield Widgets Ltd. and nobody else.", "Brightfield Widgets Ltd."),
        ("Brightfield, Inc. collects data.", "Brightfield, Inc."),
        ("owned by Brightfield Corp for years", "Brightfield Corp"),
        ("Brightfield Corporation is the controller", "Brightfield Corporation"),
        ("the controller is Brightfield LLC.", "Brightfield LLC"),
        ("the controller is Brightfield L.L.C. today", "Brightfield L.L.C."),
        ("Brightfield Limited is registered", "Brightfield Limited"),
        ("Brightfield GmbH ist verantwortlich", "Brightfield GmbH"),
        ("Brightfield AG ist verantwortlich", "Brightfield AG"),
        ("Brightfield S.A. est responsable", "Brightfield S.A."),
        ("Brightfield SAS est responsable", "Brightfield SAS"),
        ("Brightfield S.r.l. è responsabile", "Brightfield S.r.l."),
        ("Brightfield B.V. is verantwoordelijk", "Brightfield B.V."),
        ("Brightfield Pty Ltd is responsible", "Brightfield Pty Ltd"),
        ("Brightfield PLC is responsible", "Brightfield PLC"),
        ("Osaka Brightfield Co., Ltd. is responsible", "Osaka Brightfield Co., Ltd."),
        ("Brightfield Oy vastaa", "Brightfield Oy"),
        ("Brightfield A/S er ansvarlig", "Brightfield A/S"),
        ("The Bank of Brightfield Ltd lends", "Bank of Brightfield Ltd"),
        ("Smith & Jones Ltd acts", "Smith & Jones Ltd"),
        ("We, Brightfield Inc., respect you", "Brightfield Inc."),
        ("Copyright 2024 Brightfield Inc.", "Brightfield Inc."),
        ("Brightfield Incorporated acts", "Brightfield Incorporated"),
    ],
)
def test_organisations(text: str, name: str) -> None:
    assert [v for _, v in found(text, EntityKind.ORGANIZATION)] == [name]


@pytest.mark.parametrize(
    "text",
    [
        "The Company may update this policy.",
        "Incorporated in Delaware, we operate widely.",
        "We are a California Corporation.",
        "THE SERVICES ARE PROVIDED AS IS AND SUCH AS AVAILABLE.",
        "Our Incorporation documents are public.",
        "we use Inc-style naming and the word Limited alone.",
    ],
)
def test_not_organisations(text: str) -> None:
    assert found(text, EntityKind.ORGANIZATION) == []


# -- placeholder ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "snippet",
    [
        "[Insert telephone number]",
        "[COMPANY NAME]",
        "[insert date]",
        "<Company Name>",
        "{{company}}",
        "[Your Email]",
        "XXX-XXX-XXXX",
        "[●]",
        "___",
        "[business name]",
    ],
)
def test_placeholders(snippet: str) -> None:
    text = f"Contact {snippet} for details."
    assert texts(text, EntityKind.PLACEHOLDER) == [snippet]


@pytest.mark.parametrize(
    "text",
    [
        "See [Google Analytics](https://example.com) for details.",
        "As noted in [1] and [2].",
        "Use the <br> tag or <p class=x>.",
        "Cookies [hide] and [show more]",
        "contact [email protected] for details",
        "Explain the XXXL size and my_var___x",
    ],
)
def test_not_placeholders(text: str) -> None:
    assert found(text, EntityKind.PLACEHOLDER) == []


# -- policy date ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date_text", "date"),
    [
        ("Widget Privacy Policy\n\nLast Updated: 07-21-2020\n\nWe care.", "07-21-2020", dt.date(2020, 7, 21)),
        ("Effective Date: May 25, 2018\n\nWelcome.", "May 25, 2018", dt.date(2018, 5, 25)),
        ("LAST UPDATED SEPTEMBER 14, 2022\n\nHello.", "SEPTEMBER 14, 2022", dt.date(2022, 9, 14)),
        ("Intro text.\n\nRevised 5/26/2017", "5/26/2017", dt.date(2017, 5, 26)),
        ("Updated 2020-07-21\n\nBody.", "2020-07-21", dt.date(2020, 7, 21)),
        ("This policy is effective as of 21 July 2020.", "21 July 2020", dt.date(2020, 7, 21)),
        ("Date of last revision: 3 March 2021", "3 March 2021", dt.date(2021, 3, 3)),
        ("Version 2.1 dated 4 April 2022", "4 April 2022", dt.date(2022, 4, 4)),
        ("This policy was last changed on Jan 9, 2023.", "Jan 9, 2023", dt.date(2023, 1, 9)),
        ("Effective: 2021-01-05", "2021-01-05", dt.date(2021, 1, 5)),
    ],
)
def test_policy_date_labels(text: str, date_text: str, date: dt.date) -> None:
    result = find_policy_date(text, find_entities(text))
    assert result is not None
    s, e, d = result
    assert text[s:e] == date_text
    assert d == date


def test_last_updated_beats_effective_and_top_wins() -> None:
    text = (
        "Effective date: January 1, 2019\n\nLast updated: March 2, 2021\n\n"
        "Our 2018 notice was last revised on June 5, 2018."
    )
    result = find_policy_date(text, find_entities(text))
    assert result is not None and result[2] == dt.date(2021, 3, 2)


def test_policy_date_needs_a_label_nearby() -> None:
    assert (
        find_policy_date(
            "We were founded on May 25, 2018.", find_entities("We were founded on May 25, 2018.")
        )
        is None
    )
    far = "Last updated" + " and so on" * 10 + " May 25, 2018"
    assert find_policy_date(far, find_entities(far)) is None
    split = "Last updated. We moved on May 25, 2018."
    assert find_policy_date(split, find_entities(split)) is None
    other_line = "Last updated:\nMay 25, 2018"
    assert find_policy_date(other_line, find_entities(other_line)) is None


def test_policy_date_scans_text_when_given_no_entities() -> None:
    text = "Last updated: 2022-02-02"
    assert find_policy_date(text, []) == (14, 24, dt.date(2022, 2, 2))


# -- general properties --------------------------------------------------------------------------------


def test_sorted_and_typed() -> None:
    text = (
        "Brightfield Ltd., 4 Quarry Road, Bristol BS8 1TH. Call +44 117 496 0123 or mail "
        "dpo@brightfield.example. Last updated 2 May 2024. See https://brightfield.example/privacy. [DATE]"
    )
    ents = find_entities(text)
    assert ents == sorted(ents, key=lambda x: (x[1], x[2]))
    assert {k for k, *_ in ents} == {
        EntityKind.ORGANIZATION,
        EntityKind.POSTAL_ADDRESS,
        EntityKind.PHONE,
        EntityKind.EMAIL,
        EntityKind.DATE,
        EntityKind.URL,
        EntityKind.PLACEHOLDER,
    }
    assert EntityKind.POLICY_DATE not in {k for k, *_ in ents}


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*"aAzZ019 .,:;-/@+()[]<>{}_\nXx#&'", "Inc", "May", "www.", "St", "\n\n"]),
        max_size=80,
    ).map("".join)
    | st.text(max_size=120)
)
def test_find_entities_never_raises_and_offsets_are_sane(text: str) -> None:
    ents = find_entities(text)
    assert ents == sorted(ents, key=lambda x: (x[1], x[2]))
    for kind, s, e, value in ents:
        assert isinstance(kind, EntityKind)
        assert 0 <= s < e <= len(text)
        assert value is None or isinstance(value, str)
    find_policy_date(text, ents)


HOSTILE = [
    "a" * 200_000 + "@",
    "a." * 100_000 + "@",
    "1-" * 100_000,
    "1 " * 100_000,
    "[" * 100_000,
    "[a" * 100_000,
    "<" * 100_000,
    "www." * 50_000,
    "http://" * 30_000,
    "a.b" * 70_000 + "/",
    "Aa " * 70_000 + "Inc",
    "A " * 100_000 + "Ltd",
    "1 A " * 50_000 + "Street",
    "+1 " * 70_000,
    "(0)" * 70_000,
    "X" * 200_000,
    "_" * 200_000,
    "9" * 200_000,
    "May 1, " * 30_000,
    "Last updated " * 20_000 + "2020-01-01",
    "x [at] " * 30_000,
    ", CA 94110" * 20_000,
    "a at b dot " * 30_000,
    " dot " * 50_000,
    "privacy at " * 30_000 + "x dot com",
    "Bengaluru 560001 " * 20_000,
    "Bengaluru 560001\n" * 20_000,
    "12 Main Street\n\n" * 20_000 + "Leeds LS1 4DY",
    "Suite 1, " * 30_000 + "Leeds LS1 4DY",
    "Singapore 018956\n\n" * 20_000,
    "0049 " * 50_000,
    "+44 20 7946 0000 " * 10_000,
    "1-800-FLOWERS " * 15_000,
    "Phone: 12 34 " * 20_000,
    "555-201-4477 ext. 1 " * 10_000,
]


@pytest.mark.parametrize("hostile", HOSTILE, ids=[repr(h[:12]) for h in HOSTILE])
def test_detectors_are_fast_on_hostile_input(hostile: str) -> None:
    """A guard against catastrophic backtracking: each detector must stay roughly linear."""
    for detect in DETECTORS:
        t0 = time.perf_counter()
        for _ in detect(hostile):
            pass
        elapsed = time.perf_counter() - t0
        assert elapsed < 2.0, (detect.__name__, elapsed)
    t0 = time.perf_counter()
    find_policy_date(hostile, find_entities(hostile))
    assert time.perf_counter() - t0 < 4.0


# -- corpus (skipped when the shared corpus is absent) -------------------------------------------------

_LABEL_RE = re.compile(r"last (?:updated|revised|modified)|effective", re.IGNORECASE)


def _corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not present at {CORPUS}")
    files = sorted((CORPUS / "seeds").glob("*.txt")) + sorted(
        (CORPUS / "gt200-dev" / "policies").glob("*.md")
    )
    if not files:
        pytest.skip("corpus has no policies")
    return files


def test_corpus_policy_dates_found_where_labelled() -> None:
    """Files with a labelled date on one line (found independently here) should get a policy date."""
    labelled = hit = 0
    for path in _corpus_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        has_label = any(
            (lm := _LABEL_RE.search(line)) is not None and DATE_PATTERN.search(line, lm.end()) is not None
            for line in text.splitlines()
        )
        if not has_label:
            continue
        labelled += 1
        if find_policy_date(text, find_entities(text)) is not None:
            hit += 1
    assert labelled >= 5
    assert hit >= 0.8 * labelled, (hit, labelled)


def test_corpus_emails_found() -> None:
    simple = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
    with_email = hit = 0
    for path in _corpus_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        if simple.search(text) is None:
            continue
        with_email += 1
        if any(k is EntityKind.EMAIL for k, *_ in find_entities(text)):
            hit += 1
    assert hit >= 0.9 * with_email, (hit, with_email)


@pytest.mark.parametrize(
    "sentence",
    [
        "Effective January 1, 2020, the California Consumer Privacy Act gives residents new rights.",
        "Effective May 25, 2018, the General Data Protection Regulation applies to us.",
        "Effective July 1, 2023 the Colorado Privacy Act requires this notice.",
    ],
)
def test_the_date_a_law_took_effect_is_not_the_policys(sentence: str) -> None:
    text = f"Harbor Goods sells lamps.\n\n{sentence}\n\nEffective date: March 3, 2026"
    result = find_policy_date(text, find_entities(text))
    assert result is not None and result[2] == dt.date(2026, 3, 3)
    assert find_policy_date(sentence, find_entities(sentence)) is None


def test_an_effective_date_followed_by_the_policy_is_kept() -> None:
    text = "Effective January 1, 2026, this Privacy Policy describes how we use your data."
    result = find_policy_date(text, find_entities(text))
    assert result is not None and result[2] == dt.date(2026, 1, 1)
