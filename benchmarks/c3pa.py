"""C3PA as a development measure for the ``ccpa`` ruleset: converter to the corpus gold format, and report.

    python benchmarks/c3pa.py convert [--source DIR] --out DIR [--evidence N] [--evidence-chars N]
    python benchmarks/c3pa.py report GOLD [--ruleset NAME|PATH] [--date YYYY-MM-DD] [--markdown FILE]

**What C3PA is.** Bin Musa et al., "C3PA: An Open Dataset of Expert-Annotated and Regulation-Aware
Privacy Policies to Enable Scalable Regulatory Compliance Audits", EMNLP 2024
(github.com/MaazBinMusa/C3PA_Dataset, commit d482b94). 400 U.S. privacy policies crawled in 2023 as HTML
(``Htmls/WS``: 170 websites, ``Htmls/DB``: 230 data brokers), each with a CSV of the spans six legal
annotators marked (columns ``RANumb,Text,Label``: annotator, span text, one of 13 CCPA labels). The
spans carry no offsets; the CSV stores line breaks as the two characters ``\\n`` and table cells
joined by ``|||``.

**Licence status.** The repository has no licence file and its README states none (the arXiv listing
of the paper, CC BY-NC-SA 4.0, covers the paper only). It is used here for research measurement only:
nothing of it is copied into the project, its tests or fixtures. The tarballs stay in
``../shared/corpus/c3pa`` and this script extracts them into a directory *outside* the repository.

**Label -> requirement id** (``../shared/requirements.md`` §3.7). A gold row says "present" when the
policy has at least one non-empty span of a label mapped to the requirement (for two rules, a span that
passes a test, below), else "absent". The reasons come from reading a sample of each label's spans.

=====================================================  =================================================
C3PA label                                             requirement id
=====================================================  =================================================
Categories of Personal Information Collected           ``ccpa.7011.e.1.A.categories_collected``
Categories of Personal Information Sold                ``ccpa.7011.e.1.D_F.sale_sharing_disclosure``
Categories of Personal Information Shared / Disclosed  ``ccpa.7011.e.1.H_J.business_purpose_disclosure``
Description of Right to Know PI Collected, or
Description of Right to Know PI sold / shared          ``ccpa.7011.e.2.A.right_to_know``
Description of Right to Delete                         ``ccpa.7011.e.2.B.right_to_delete``
Description of Right to Correct Information            ``ccpa.7011.e.2.C.right_to_correct``
Description of Right to Opt-out of sale of PI          ``ccpa.7011.e.2.D.right_to_opt_out``
Description of Right to Limit use of PI                ``ccpa.7011.e.2.E.right_to_limit`` (spans naming
                                                       sensitive PI only)
Description of Right to Non-discrimination ...         ``ccpa.7011.e.2.F.non_discrimination``
Methods to exercise rights                             ``ccpa.7011.e.3.A_B.request_methods``
Updated Privacy Policy                                 ``ccpa.7011.e.4.last_updated_date`` (dated spans
                                                       only; present rows only)
Others                                                 (unmapped)
=====================================================  =================================================

Why:

* *Collected*, *Sold*, *Shared / Disclosed*, *Delete*, *Correct*, *Non-discrimination*, *Methods*: the
  label names the requirement. The annotators read them broadly: "collected" also takes sources,
  purposes, retention and cookie notices; "sold" takes the "we do not sell or share" statements (which
  §7011(e)(1)(D)-(F) accepts); "shared / disclosed" takes any sharing text, not only business-purpose
  lists; "methods" takes unsubscribe links and industry ad opt-out pages. A present row therefore means
  "the policy addresses the topic", not "in the statutory form".
* *Right to Know* (two labels): §7011(e)(2)(A) is one right covering what is collected and what is sold
  or shared (§§1798.110, 1798.115), so either label makes it present. About 1 policy in 12 has only
  "access your data" spans (present + weak in the catalog's terms).
* *Opt-out*: kept whole, though in 27 of its 380 policies no span says sell, sale or share (opt-outs of
  interest-based advertising, which may be the CPRA "sharing" opt-out).
* *Limit*: the label is used for any choice over use: in 74 of its 174 policies no span mentions
  sensitive PI (GDPR restriction and objection, ad and cookie opt-outs). The CCPA right is the right to
  limit the use of *sensitive* PI (§1798.121), so only spans naming sensitive PI count, and those 74
  policies become absent rows (3 of them have "limit ... sensitive" anywhere in their text).
* *Updated Privacy Policy*: not mostly dates. 972 of its 2,023 spans give a date ("Last updated: ..."),
  the rest are "we may change this policy" paragraphs. Only a dated span shows the date §7011(e)(4)
  asks for, so only those count. A policy without a dated span is no evidence of a missing date: 27 of
  the 61 such policies do state one, unmarked. So this rule gets present rows only.
* *Others* (children, EU transfers, other states' notices): no single requirement.

**Data problems handled.** All 400 HTML files and CSVs are present and non-empty, but in 7 policies
(DB/37, DB/92, DB/120, DB/137, WS/11, WS/151, WS/157) almost none of the annotated spans occur in the
HTML (under :data:`MIN_SPANS_FOUND`; the median policy has 99% of them): the annotators saw another
page or version (WS/151's HTML is a shop's pricing page, its spans a CCPA notice; WS/157's only "span"
is the annotation tool's upload path). Their rows would judge a text the checker never sees, so they
are skipped ("annotations not in the html"). In 17 CSVs some spans were stored as UTF-8 read as
Windows-1252 ("donâ€™t"); :func:`repair_mojibake` undoes that so the evidence can be found. Spans with
no text (1,363 of 46,483) count for nothing. Most policies were read by 3 annotators,
35 by one; a label is present when any of them marked it.

**No real negatives.** C3PA annotates what each policy discloses; it never says "this item is missing".
An absent row only means no annotator marked a span for the label, and most labels occur in almost
every policy (the collected-categories label in 394 of 400), so a rule has very few absent rows: its
recall on present rows is measured well, its precision (a pass where nothing was marked) hardly at all,
and an absent row may be an annotator's omission. ``report`` prints precision as "n/a" below
:data:`MIN_NEGATIVES` absent rows. The labels also follow the annotators' broad reading (GDPR access
and restriction text counts as the CCPA right), where the ruleset deliberately does not let text
addressed to EEA readers decide a CCPA item: a miss there may be the rule being right.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import html
import json
import lzma
import os
import re
import shutil
import sys
import tarfile
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from policy_rules import load_ruleset
from policy_rules.errors import PolicyRulesError
from policy_rules.evaluation.gold import read_gold
from policy_rules.evaluation.metrics import Tally
from policy_rules.evaluation.runner import evaluate

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO.parent / "shared" / "corpus" / "c3pa"
TARBALLS = ("C3PA_annotations_crawl.tar.gz", "C3PA_Htmls_WS.tar.xz", "C3PA_Htmls_DB.tar.xz")
FOLDERS = ("WS", "DB")
#: The only members extracted: the policies and their annotations (not the crawl logs or README).
_WANTED = re.compile(r"(?:Htmls/(?:WS|DB)/[0-9]+\.html|Annotations/(?:WS|DB)/[0-9]+\.csv)")
#: Largest member extracted: the biggest C3PA HTML is under 3 MB; anything far larger is not C3PA.
MAX_MEMBER_BYTES = 64 * 1024 * 1024
#: Largest annotation cell read (whole sections are sometimes one span).
_FIELD_LIMIT = 16 * 1024 * 1024
HEADER = ("RANumb", "Text", "Label")
#: Spans kept as a row's evidence (``--evidence``; 0: all), each cut to about ``EVIDENCE_CHARS``
#: (``--evidence-chars``). Five is a sample: the collected-categories label has about 36 spans per
#: policy, and a pass quoting an unkept one does not count as overlap. A span kept at 250 characters
#: or more is a paragraph-level quote to ``policy-rules eval`` (it stands for the rest of its block).
EVIDENCE_PER_ROW = 5
EVIDENCE_CHARS = 200
#: Below this many absent rows, a rule's precision says nothing and is not printed.
MIN_NEGATIVES = 10
EVALUATION_DATE = dt.date(2026, 12, 1)
FACTS = {"ccpa_business": True}

LABELS = (
    "Categories of Personal Information Collected",
    "Categories of Personal Information Shared / Disclosed",
    "Categories of Personal Information Sold",
    "Methods to exercise rights",
    "Description of Right to Know PI Collected",
    "Description of Right to Opt-out of sale of PI",
    "Updated Privacy Policy",
    "Description of Right to Delete",
    "Description of Right to Know PI sold / shared",
    "Description of Right to Non-discrimination on exercising rights",
    "Description of Right to Correct Information",
    "Description of Right to Limit use of PI",
    "Others",
)

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
#: A calendar date as policies write it: "June 1, 2023", "1 June 2023", "June 2023", "06/01/2023",
#: "2023-06-01", "06.03.2023".
_DATE = re.compile(
    rf"\b(?:{_MONTH}\s+[0-9]{{1,2}}(?:st|nd|rd|th)?,?\s+[0-9]{{4}}"
    rf"|[0-9]{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+[0-9]{{4}}"
    rf"|{_MONTH},?\s+[0-9]{{4}}"
    r"|[0-9]{1,2}[/.-][0-9]{1,2}[/.-](?:[0-9]{4}|[0-9]{2})"
    r"|[0-9]{4}-[0-9]{2}-[0-9]{2})\b",
    re.IGNORECASE,
)


_SENSITIVE = re.compile(r"\bsensitive\b|\bSPI\b", re.IGNORECASE)


def mentions_sensitive(span: str) -> bool:
    """Whether a span is about sensitive personal information (what the right to limit covers)."""
    return _SENSITIVE.search(span) is not None


def states_date(span: str) -> bool:
    """Whether an annotated span gives a calendar date (the "Last updated: ..." kind of span)."""
    return _DATE.search(span) is not None


@dataclass(frozen=True)
class Mapping:
    """One requirement id and the C3PA labels that stand for it."""

    rule: str
    labels: tuple[str, ...]
    #: Only spans passing this test count (None: every non-empty span).
    span_test: Callable[[str], bool] | None = None
    #: Whether a policy without a counting span is written as an absent row.
    absent_rows: bool = True


MAPPINGS = (
    Mapping("ccpa.7011.e.1.A.categories_collected", ("Categories of Personal Information Collected",)),
    Mapping("ccpa.7011.e.1.D_F.sale_sharing_disclosure", ("Categories of Personal Information Sold",)),
    Mapping(
        "ccpa.7011.e.1.H_J.business_purpose_disclosure",
        ("Categories of Personal Information Shared / Disclosed",),
    ),
    Mapping(
        "ccpa.7011.e.2.A.right_to_know",
        ("Description of Right to Know PI Collected", "Description of Right to Know PI sold / shared"),
    ),
    Mapping("ccpa.7011.e.2.B.right_to_delete", ("Description of Right to Delete",)),
    Mapping("ccpa.7011.e.2.C.right_to_correct", ("Description of Right to Correct Information",)),
    Mapping("ccpa.7011.e.2.D.right_to_opt_out", ("Description of Right to Opt-out of sale of PI",)),
    Mapping(
        "ccpa.7011.e.2.E.right_to_limit",
        ("Description of Right to Limit use of PI",),
        span_test=mentions_sensitive,
    ),
    Mapping(
        "ccpa.7011.e.2.F.non_discrimination",
        ("Description of Right to Non-discrimination on exercising rights",),
    ),
    Mapping("ccpa.7011.e.3.A_B.request_methods", ("Methods to exercise rights",)),
    Mapping(
        "ccpa.7011.e.4.last_updated_date",
        ("Updated Privacy Policy",),
        span_test=states_date,
        absent_rows=False,
    ),
)


class ConvertError(Exception):
    """Bad input (missing or hostile tarball, unreadable gold file): reported in one line, exit 2."""


# --- extraction -------------------------------------------------------------------------------------


def _refuse_unsafe(name: str, tarball: Path) -> None:
    """Refuse the whole archive when any member could land outside the output directory: the C3PA
    tarballs have none, so one means the file is not what it claims to be."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\\" in name or (path.parts and ":" in path.parts[0]):
        raise ConvertError(f"{tarball}: refusing unsafe member {name!r} (absolute path or '..')")


def extract(source: Path, out: Path) -> int:
    """Extract the policies and annotations of the three C3PA tarballs in ``source`` into ``out``;
    return the number of files written. Only regular-file members named like ``Htmls/WS/12.html`` or
    ``Annotations/DB/3.csv`` are written, each by hand from its checked name (tarfile's extraction
    filters are missing from some supported Pythons, e.g. Debian's 3.11.2, and only plain files with
    names the pattern allows are needed)."""
    if not source.is_dir():
        raise ConvertError(f"{source}: no such directory (expected the C3PA tarballs {', '.join(TARBALLS)})")
    missing = [name for name in TARBALLS if not (source / name).is_file()]
    if missing:
        raise ConvertError(f"{source}: missing {', '.join(missing)}")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConvertError(f"{out}: cannot create the output folder ({exc.strerror or exc})") from None
    written = 0
    for name in TARBALLS:
        tarball = source / name
        try:
            with tarfile.open(tarball, "r:*") as archive:
                wanted = []
                for member in archive.getmembers():
                    _refuse_unsafe(member.name, tarball)
                    if not _WANTED.fullmatch(member.name):
                        continue
                    if not member.isfile():
                        raise ConvertError(f"{tarball}: {member.name!r} is not a regular file")
                    if member.size > MAX_MEMBER_BYTES:
                        raise ConvertError(f"{tarball}: {member.name!r} is {member.size} bytes, too large")
                    wanted.append(member)
                for member in wanted:
                    target = out / member.name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    stream = archive.extractfile(member)
                    if stream is None:
                        raise ConvertError(f"{tarball}: {member.name!r} cannot be read")
                    with stream, target.open("wb") as sink:
                        shutil.copyfileobj(stream, sink)
                written += len(wanted)
        except ConvertError:
            raise
        except (tarfile.TarError, EOFError, ValueError, lzma.LZMAError, zlib.error) as exc:
            raise ConvertError(f"{tarball}: not a readable tarball ({exc})") from None
        except OSError as exc:
            raise ConvertError(f"{tarball}: {exc.strerror or exc}") from None
    return written


# --- gold -------------------------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")


def _continuation_chars() -> str:
    """The characters that UTF-8 continuation bytes (0x80-0xBF) become when read as Windows-1252
    (Latin-1 where 1252 leaves the byte undefined)."""
    chars = []
    for byte in range(0x80, 0xC0):
        try:
            chars.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            chars.append(chr(byte))
    return "".join(chars)


#: A UTF-8 sequence read as Windows-1252: a lead byte (Â, Ã, â, ...) and its continuation bytes.
_MOJIBAKE = re.compile(f"[\u00c2-\u00f4][{re.escape(_continuation_chars())}]{{1,3}}")


def _as_cp1252_byte(char: str) -> int:
    return ord(char) if ord(char) < 0x100 else char.encode("cp1252")[0]


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as Windows-1252 ("â€™" -> "’"), which 17 C3PA annotation files have, sequence
    by sequence; a sequence that does not decode is left as it is."""

    def fix(match: re.Match[str]) -> str:
        try:
            return bytes(_as_cp1252_byte(c) for c in match.group(0)).decode("utf-8")
        except (UnicodeError, ValueError):
            return match.group(0)

    return _MOJIBAKE.sub(fix, text)


def clean_span(text: str) -> str:
    """A span as it reads in the policy: the CSV's escaped line breaks and table-cell joins undone,
    mis-decoded characters repaired, white space collapsed. Table cells become ``[...]``-separated
    fragments (the gold format's separator), since the cells are not contiguous text in the policy."""
    text = repair_mojibake(text)
    text = text.replace("\\r", " ").replace("\\n", " ").replace("\\t", " ")
    text = text.replace("|||", " [...] ")
    text = _SPACE.sub(" ", text).strip()
    while text.startswith("[...]"):
        text = text[5:].lstrip()
    while text.endswith("[...]"):
        text = text[:-5].rstrip()
    return text


def cut(text: str, limit: int = EVIDENCE_CHARS) -> str:
    """``text`` cut to about ``limit`` characters, at a word boundary (0: not cut)."""
    if limit <= 0 or len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ")
    if space >= limit // 2:
        head = head[:space]
    head = head.rstrip()
    while head.endswith("[...]"):
        head = head[:-5].rstrip()
    return head


def read_annotations(path: Path) -> list[tuple[str, str]]:
    """``(label, raw span text)`` per row of one C3PA CSV."""
    csv.field_size_limit(_FIELD_LIMIT)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None or tuple(h.strip() for h in header) != HEADER:
                raise ConvertError(f"{path}: header is {header!r}, not {','.join(HEADER)}")
            rows = []
            for number, row in enumerate(reader, start=2):
                if not row:
                    continue
                if len(row) != len(HEADER):
                    raise ConvertError(f"{path}:{number}: {len(row)} columns, not {len(HEADER)}")
                rows.append((row[2].strip(), row[1]))
            return rows
    except UnicodeDecodeError as exc:
        raise ConvertError(f"{path}: not UTF-8 ({exc.reason})") from None
    except csv.Error as exc:
        raise ConvertError(f"{path}: {exc}") from None


_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.S | re.I)
#: A span is looked up in the HTML by its first characters (past them, markup or a cut may differ).
PROBE_CHARS = 30
#: Below this share of spans found in its HTML, a policy's annotations describe another page. Nearly
#: every policy is at 0.8 or more (median 0.99); 7 are under 0.1 (a different page or version was
#: annotated); the next lowest is 0.46.
MIN_SPANS_FOUND = 0.25


def html_text(path: Path) -> str:
    """The text of an HTML file (tags, scripts and styles dropped, entities decoded, white space
    collapsed, lower case): enough to tell whether it is empty and whether a span is in it."""
    try:
        raw = path.read_bytes()
    except OSError:
        return ""
    text = html.unescape(_TAG.sub(" ", raw.decode("utf-8", "replace")))
    return _SPACE.sub(" ", text).strip().lower()


def spans_found(text: str, spans: Iterable[str]) -> float | None:
    """Share of the spans (of a fragment of :data:`PROBE_CHARS`+ characters) whose start occurs in
    ``text`` (None: no such span)."""
    probes = [
        [f[:PROBE_CHARS].lower() for f in span.split(" [...] ") if len(f) >= PROBE_CHARS] for span in spans
    ]
    probes = [p for p in probes if p]
    if not probes:
        return None
    return sum(any(p in text for p in span) for span in probes) / len(probes)


@dataclass
class Stats:
    """What a conversion found (printed by ``convert``, checked by the tests)."""

    policies: int = 0
    rows: int = 0
    skipped: dict[str, list[str]] = field(default_factory=dict)
    label_spans: Counter[str] = field(default_factory=Counter)
    label_policies: Counter[str] = field(default_factory=Counter)
    empty_spans: Counter[str] = field(default_factory=Counter)
    unknown_labels: Counter[str] = field(default_factory=Counter)
    present: Counter[str] = field(default_factory=Counter)
    absent: Counter[str] = field(default_factory=Counter)

    def skip(self, reason: str, key: str) -> None:
        self.skipped.setdefault(reason, []).append(key)

    def to_dict(self) -> dict[str, object]:
        return {
            "policies": self.policies,
            "rows": self.rows,
            "skipped": {reason: sorted(keys) for reason, keys in sorted(self.skipped.items())},
            "label_spans": dict(self.label_spans.most_common()),
            "label_policies": dict(self.label_policies.most_common()),
            "empty_spans": dict(self.empty_spans.most_common()),
            "unknown_labels": dict(self.unknown_labels.most_common()),
            "present": {m.rule: self.present[m.rule] for m in MAPPINGS},
            "absent": {m.rule: self.absent[m.rule] for m in MAPPINGS},
        }


def _numbered(folder: Path, suffix: str) -> set[int]:
    if not folder.is_dir():
        return set()
    return {int(p.stem) for p in folder.iterdir() if p.suffix == suffix and p.stem.isdigit()}


def _evidence(spans: Iterable[str], limit: int, chars: int) -> list[str]:
    """The first ``limit`` distinct spans (all with 0), each cut to about ``chars`` characters."""
    chosen: dict[str, None] = {}
    for span in spans:
        phrase = cut(span, chars)
        if len(phrase) >= 3:
            chosen.setdefault(phrase)
        if limit and len(chosen) >= limit:
            break
    return list(chosen)


def gold_rows(
    document: str,
    annotations: Sequence[tuple[str, str]],
    evidence: int = EVIDENCE_PER_ROW,
    evidence_chars: int = EVIDENCE_CHARS,
) -> list[dict[str, object]]:
    """The gold rows of one policy from its ``(label, span)`` pairs (spans as :func:`clean_span`
    gives them), one per mapped requirement (fewer where a mapping writes no absent rows)."""
    spans: dict[str, list[str]] = {}
    for label, text in annotations:
        if text:
            spans.setdefault(label, []).append(text)
    rows: list[dict[str, object]] = []
    for mapping in MAPPINGS:
        counting = [
            s
            for label in mapping.labels
            for s in spans.get(label, [])
            if mapping.span_test is None or mapping.span_test(s)
        ]
        if counting:
            rows.append(
                {
                    "document": document,
                    "rule": mapping.rule,
                    "expected": "present",
                    "evidence": _evidence(counting, evidence, evidence_chars),
                }
            )
        elif mapping.absent_rows:
            rows.append({"document": document, "rule": mapping.rule, "expected": "absent", "evidence": []})
    return rows


def build_gold(out: Path, evidence: int = EVIDENCE_PER_ROW, evidence_chars: int = EVIDENCE_CHARS) -> Stats:
    """Write ``out/gold.jsonl`` and ``out/stats.json`` from the extracted ``Htmls/`` and
    ``Annotations/``: every policy whose HTML has text and whose CSV has rows that are found in that
    HTML; the others are counted in ``skipped``. Label counts cover every readable CSV with an HTML."""
    stats = Stats()
    known = set(LABELS)
    lines: list[str] = []
    for folder in FOLDERS:
        htmls = _numbered(out / "Htmls" / folder, ".html")
        csvs = _numbered(out / "Annotations" / folder, ".csv")
        for number in sorted(htmls | csvs):
            key = f"{folder}/{number}"
            html_path = out / "Htmls" / folder / f"{number}.html"
            annotations_path = out / "Annotations" / folder / f"{number}.csv"
            if number not in htmls:
                stats.skip("html missing", key)
                continue
            if number not in csvs:
                stats.skip("annotations missing", key)
                continue
            try:
                annotations = read_annotations(annotations_path)
            except ConvertError as exc:
                print(f"c3pa: skipping {key}: {exc}", file=sys.stderr)
                stats.skip("annotations unreadable", key)
                continue
            cleaned = [(label, clean_span(raw)) for label, raw in annotations]
            for label in {label for label, _ in cleaned}:
                stats.label_policies[label] += 1
            for label, span in cleaned:
                stats.label_spans[label] += 1
                if not span:
                    stats.empty_spans[label] += 1
                if label not in known:
                    stats.unknown_labels[label] += 1
            text = html_text(html_path)
            if not text:
                stats.skip("html empty", key)
                continue
            if not annotations:
                stats.skip("annotations empty", key)
                continue
            found = spans_found(text, (span for _, span in cleaned))
            if found is not None and found < MIN_SPANS_FOUND:
                stats.skip("annotations not in the html", key)
                continue
            stats.policies += 1
            for row in gold_rows(f"Htmls/{folder}/{number}.html", cleaned, evidence, evidence_chars):
                (stats.present if row["expected"] == "present" else stats.absent)[str(row["rule"])] += 1
                lines.append(json.dumps(row, ensure_ascii=False))
    stats.rows = len(lines)
    _write(out / "gold.jsonl", "".join(line + "\n" for line in lines))
    _write(out / "stats.json", json.dumps(stats.to_dict(), indent=1) + "\n")
    return stats


def _write(path: Path, text: str) -> None:
    """Write through a temporary file and rename it, so a run reading the gold file meanwhile sees
    the old one or the new one, never half of one."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    except OSError as exc:
        raise ConvertError(f"{path}: cannot write ({exc.strerror or exc})") from None


def convert(
    source: Path, out: Path, evidence: int = EVIDENCE_PER_ROW, evidence_chars: int = EVIDENCE_CHARS
) -> Stats:
    extract(source, out)
    return build_gold(out, evidence, evidence_chars)


# --- report -----------------------------------------------------------------------------------------


def _pct(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.3f}" if denominator else "-"


def report(gold: Path, ruleset: str, evaluation_date: dt.date = EVALUATION_DATE) -> str:
    """The evaluation of ``ruleset`` on the gold file, as Markdown: per mapped rule, positives
    (present rows), negatives (absent rows), TP/FN/FP/TN with "pass" as the positive prediction, so
    a ``fail`` on a present row is a false negative (counted apart in the ``fail`` column), recall,
    precision (n/a below :data:`MIN_NEGATIVES` negatives) and evidence overlap."""
    if gold.is_dir():
        gold = gold / "gold.jsonl"
    if not gold.is_file():
        raise ConvertError(f"{gold}: no gold file (run `convert --out DIR` first)")
    rules = load_ruleset(ruleset)
    in_gold: dict[str, Counter[str]] = {}
    for row in read_gold(gold):
        in_gold.setdefault(row.rule, Counter())[row.expected] += 1
    started = time.perf_counter()
    result = evaluate(str(gold), [rules], facts=FACTS, evaluation_date=evaluation_date)
    wall = time.perf_counter() - started
    lines = [
        f"C3PA: {result.documents} policies, ruleset `{ruleset}`, facts ccpa_business=true, "
        f"date {evaluation_date.isoformat()}",
        "",
        "| rule | positives | negatives | TP | FN | fail | FP | TN | recall | precision | evidence |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    total = Tally()
    sums = Counter[str]()
    for mapping in MAPPINGS:
        tally = result.per_rule.get(mapping.rule)
        if tally is None:
            counts = in_gold.get(mapping.rule, Counter())
            lines.append(
                f"| `{mapping.rule}` (no rule) | {counts['present']} | {counts['absent']} |" + " - |" * 8
            )
            continue
        total.merge(tally)
        c = tally.confusion
        positives = sum(n for (expected, _), n in c.items() if expected == "present")
        negatives = sum(n for (expected, _), n in c.items() if expected != "present")
        tp = c.get(("present", "present"), 0)
        fails = c.get(("present", "contradicted"), 0)
        fp = sum(n for (expected, got), n in c.items() if expected != "present" and got == "present")
        fn, tn = positives - tp, negatives - fp
        for name, value in (("pos", positives), ("neg", negatives), ("tp", tp), ("fail", fails), ("fp", fp)):
            sums[name] += value
        precision = _pct(tp, tp + fp) if negatives >= MIN_NEGATIVES else "n/a"
        evidence = _pct(tally.pass_overlapping, tally.pass_with_gold_evidence)
        lines.append(
            f"| `{mapping.rule}` | {positives} | {negatives} | {tp} | {fn} | {fails} | {fp} | {tn} | "
            f"{_pct(tp, positives)} | {precision} | {evidence} |"
        )
    pos, neg, tp, fp = sums["pos"], sums["neg"], sums["tp"], sums["fp"]
    lines.append(
        f"| **total** | {pos} | {neg} | {tp} | {pos - tp} | {sums['fail']} | {fp} | {neg - fp} | "
        f"{_pct(tp, pos)} | {_pct(tp, tp + fp) if neg >= MIN_NEGATIVES else 'n/a'} | "
        f"{_pct(total.pass_overlapping, total.pass_with_gold_evidence)} |"
    )
    lines += [
        "",
        f"accuracy {_pct(total.correct, total.n)} over {total.n} rows; wall time {wall:.1f} s "
        f"({wall / max(result.documents, 1):.2f} s per policy).",
        f"Precision is n/a below {MIN_NEGATIVES} negatives: C3PA marks what is disclosed, and an absent "
        "row only means no span was marked.",
    ]
    return "\n".join(lines) + "\n"


# --- command line -----------------------------------------------------------------------------------


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"not a count (0 or more): {text!r}")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="c3pa", description=__doc__.split("\n\n")[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True)
    conv = commands.add_parser("convert", help="extract the C3PA tarballs and write DIR/gold.jsonl")
    conv.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="folder of the C3PA tarballs")
    conv.add_argument("--out", type=Path, required=True, help="output folder (outside the repository)")
    conv.add_argument(
        "--evidence",
        type=_count,
        default=EVIDENCE_PER_ROW,
        metavar="N",
        help=f"spans kept as evidence per row (default {EVIDENCE_PER_ROW}; 0: all)",
    )
    conv.add_argument(
        "--evidence-chars",
        type=_count,
        default=EVIDENCE_CHARS,
        metavar="N",
        help=f"cut each evidence span to about N characters (default {EVIDENCE_CHARS}; 0: whole spans)",
    )
    rep = commands.add_parser("report", help="evaluate a ruleset on a converted gold file")
    rep.add_argument("gold", type=Path, help="gold.jsonl written by convert, or its folder")
    rep.add_argument("--ruleset", default="ccpa", help="ruleset name or file (default: ccpa)")
    rep.add_argument(
        "--date", type=_date, default=EVALUATION_DATE, help="evaluation date (default 2026-12-01)"
    )
    rep.add_argument("--markdown", type=Path, help="also write the table to this file")
    return parser


def _print_stats(stats: Stats, out: Path) -> None:
    print(f"{out / 'gold.jsonl'}: {stats.rows} rows for {stats.policies} policies")
    for reason, keys in sorted(stats.skipped.items()):
        print(f"  skipped ({reason}): {len(keys)}: {' '.join(sorted(keys)[:20])}")
    if stats.unknown_labels:
        print(f"  labels not in C3PA's 13: {dict(stats.unknown_labels)}")
    width = max(len(m.rule) for m in MAPPINGS)
    for m in MAPPINGS:
        print(f"  {m.rule:<{width}}  present {stats.present[m.rule]:>4}  absent {stats.absent[m.rule]:>4}")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "convert":
            out = args.out.resolve()
            if out == REPO or REPO in out.parents:
                raise ConvertError(f"{out}: inside the repository; C3PA must not be copied into the project")
            _print_stats(convert(args.source, out, args.evidence, args.evidence_chars), out)
        else:
            try:
                table = report(args.gold, args.ruleset, args.date)
            except PolicyRulesError as exc:
                raise ConvertError(str(exc)) from None
            print(table, end="")
            if args.markdown:
                try:
                    args.markdown.write_text(table, encoding="utf-8")
                except OSError as exc:
                    raise ConvertError(f"{args.markdown}: {exc.strerror or exc}") from None
    except ConvertError as exc:
        print(f"c3pa: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader of the output went away (`| head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
