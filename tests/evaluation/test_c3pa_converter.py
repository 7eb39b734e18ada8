"""``benchmarks/c3pa.py``: the C3PA -> gold converter, on tiny C3PA-shaped tarballs written here (own
snippets, no corpus text), and once on the real corpus when ``../shared/corpus/c3pa`` is beside the
checkout (CI has it; skipped cleanly otherwise). The full evaluation is not run here: it takes a minute.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import json
import sys
import tarfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from policy_rules import load_ruleset
from policy_rules.evaluation.gold import read_gold
from policy_rules.evaluation.runner import evaluate

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus" / "c3pa"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("c3pa_converter", REPO / "benchmarks" / "c3pa.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


c3pa = _load()

COLLECTED = "Categories of Personal Information Collected"
SOLD = "Categories of Personal Information Sold"
KNOW_SOLD = "Description of Right to Know PI sold / shared"
LIMIT = "Description of Right to Limit use of PI"
UPDATED = "Updated Privacy Policy"
OTHERS = "Others"


def _page(*paragraphs: str) -> bytes:
    """A policy page holding the given texts: a line break starts a new element, "|||" a new cell."""
    body = "".join(
        "<table><tr>" + "".join(f"<td>{cell}</td>" for cell in text.split("|||")) + "</tr></table>"
        if "|||" in text
        else "".join(
            f"<p><strong>{line}</strong></p>" if i == 0 else f"<p>{line}</p>"
            for i, line in enumerate(text.split("\n"))
        )
        for text in paragraphs
    )
    return (
        f"<html><head><title>Privacy</title><style>p {{}}</style></head><body>{body}</body></html>".encode()
    )


def _csv(rows: Sequence[tuple[str, str]]) -> bytes:
    """A C3PA annotation CSV: line breaks inside spans written as the two characters backslash-n."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["RANumb", "Text", "Label"])
    for text, label in rows:
        writer.writerow(["ra1", text.replace("\n", "\\n"), label])
    return out.getvalue().encode()


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    archive.addfile(info, io.BytesIO(data))


def _tarball(path: Path, files: Mapping[str, bytes], extra: Sequence[tarfile.TarInfo] = ()) -> None:
    mode = "w:gz" if path.name.endswith(".gz") else "w:xz"
    with tarfile.open(path, mode) as archive:  # type: ignore[call-overload]
        for name, data in files.items():
            _add(archive, name, data)
        for info in extra:
            archive.addfile(info, io.BytesIO(b"x" * info.size) if info.isfile() else None)


LONG = " ".join(["We describe here, in our own words, each kind of detail we keep about a visitor."] * 8)
#: Stored in the CSV as UTF-8 read as Windows-1252 ("donâ€™t"), as some C3PA files are.
GARBLED = "We don’t sell the personal information of our visitors."

SPANS: dict[str, list[tuple[str, str]]] = {
    # WS/1: most labels; right to know only through the "sold / shared" label; a dated update span.
    "WS/1": [
        ("Information We Collect\nWe collect your name and e-mail address.", COLLECTED),
        ("Category ||| Identifiers ||| Sold to ad networks", SOLD),
        (GARBLED, SOLD),
        (LONG, COLLECTED),
        ("   ", COLLECTED),
        ("We collect your name and e-mail address.", COLLECTED),
        ("You may ask which personal information we sold about you.", KNOW_SOLD),
        ("You may limit our use of sensitive personal information.", LIMIT),
        ("Last updated: March 3, 2025", UPDATED),
        ("We may change this notice from time to time.", UPDATED),
    ],
    # WS/2: no mapped label except a non-sensitive "limit" span and an undated update span.
    "WS/2": [
        ("You may object to our direct marketing e-mails.", LIMIT),
        ("We may revise this notice whenever our practices change.", UPDATED),
        ("Children under 13 may not use the site.", OTHERS),
    ],
    "WS/3": [("We collect cookies.", COLLECTED)],  # no HTML
    # WS/4: annotations of another page than the HTML.
    "WS/4": [
        ("We collect the serial number of your thermostat.", COLLECTED),
        ("You may ask us to delete your thermostat readings.", "Description of Right to Delete"),
    ],
    "DB/1": [(f"Span number {i} about what we collect from brokers.", COLLECTED) for i in range(9)],
    "DB/3": [("We collect cookies.", COLLECTED)],  # empty HTML
    "DB/4": [],  # no rows
}


def _stored(text: str) -> str:
    return text.encode().decode("cp1252") if text == GARBLED else text


ANNOTATIONS = {
    **{
        f"Annotations/{key}.csv": _csv([(_stored(t), label) for t, label in spans])
        for key, spans in SPANS.items()
    },
    "Crawl/ws.csv": b"Link\nhttps://example.com/privacy\n",
    "README.md": b"# not extracted\n",
}
HTML_WS = {
    "Htmls/WS/1.html": _page(*(t for t, _ in SPANS["WS/1"])),
    "Htmls/WS/2.html": _page(*(t for t, _ in SPANS["WS/2"])),
    "Htmls/WS/4.html": _page("Our bakery uses flour from local mills and bakes every morning."),
}
HTML_DB = {
    "Htmls/DB/1.html": _page(*(t for t, _ in SPANS["DB/1"])),
    "Htmls/DB/2.html": _page("A policy nobody annotated."),  # no CSV
    "Htmls/DB/3.html": b"<html><body>  <script>var x = 1;</script> </body></html>",
    "Htmls/DB/4.html": _page("Annotated with nothing."),
}


def _source(tmp_path: Path, *, db_extra: Sequence[tarfile.TarInfo] = ()) -> Path:
    source = tmp_path / "source"
    source.mkdir()
    _tarball(source / "C3PA_annotations_crawl.tar.gz", ANNOTATIONS)
    _tarball(source / "C3PA_Htmls_WS.tar.xz", HTML_WS)
    _tarball(source / "C3PA_Htmls_DB.tar.xz", HTML_DB, db_extra)
    return source


def _gold(out: Path) -> dict[tuple[str, str], dict[str, object]]:
    rows = [json.loads(line) for line in (out / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    return {(str(r["document"]), str(r["rule"])): r for r in rows}


@pytest.fixture
def converted(tmp_path: Path) -> tuple[Path, Any]:
    out = tmp_path / "out"
    stats = c3pa.convert(_source(tmp_path), out)
    return out, stats


def test_extracts_only_policies_and_annotations(converted: tuple[Path, Any]) -> None:
    out, _ = converted
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert "README.md" not in files and not any(f.startswith("Crawl") for f in files)
    assert "Htmls/WS/1.html" in files and "Annotations/DB/4.csv" in files
    policies = {name for name in ANNOTATIONS if name.startswith("Annotations/")} | set(HTML_WS) | set(HTML_DB)
    assert set(files) == policies | {"gold.jsonl", "stats.json"}


def test_one_row_per_policy_and_mapped_requirement(converted: tuple[Path, Any]) -> None:
    out, stats = converted
    gold = _gold(out)
    assert {doc for doc, _ in gold} == {"Htmls/WS/1.html", "Htmls/WS/2.html", "Htmls/DB/1.html"}
    per_doc = {doc: sum(1 for d, _ in gold if d == doc) for doc, _ in gold}
    mapped = len(c3pa.MAPPINGS)
    # WS/1 has a dated update span; the others get no last-updated row (present rows only).
    assert per_doc == {
        "Htmls/WS/1.html": mapped,
        "Htmls/WS/2.html": mapped - 1,
        "Htmls/DB/1.html": mapped - 1,
    }
    assert stats.policies == 3 and stats.rows == len(gold)
    # The document path resolves relative to the gold file, as the gold format requires.
    assert all(row.document.is_file() for row in read_gold(out / "gold.jsonl"))


def test_label_mapping(converted: tuple[Path, Any]) -> None:
    gold = _gold(converted[0])

    def expected(doc: str, rule: str) -> object:
        return gold[(f"Htmls/{doc}.html", rule)]["expected"]

    assert expected("WS/1", "ccpa.7011.e.1.A.categories_collected") == "present"
    assert expected("WS/1", "ccpa.7011.e.1.D_F.sale_sharing_disclosure") == "present"
    # Either right-to-know label makes the one §7011(e)(2)(A) right present.
    assert expected("WS/1", "ccpa.7011.e.2.A.right_to_know") == "present"
    # Right to limit: only a span about sensitive PI counts; "object to marketing" is not the CCPA right.
    assert expected("WS/1", "ccpa.7011.e.2.E.right_to_limit") == "present"
    assert expected("WS/2", "ccpa.7011.e.2.E.right_to_limit") == "absent"
    # Last updated: the dated span is the evidence, not the "we may change" one.
    assert gold[("Htmls/WS/1.html", "ccpa.7011.e.4.last_updated_date")]["evidence"] == [
        "Last updated: March 3, 2025"
    ]
    assert ("Htmls/WS/2.html", "ccpa.7011.e.4.last_updated_date") not in gold
    # "Others" maps to nothing.
    assert not any(OTHERS in str(r.get("evidence")) for r in gold.values())


def test_absent_rows(converted: tuple[Path, Any]) -> None:
    out, stats = converted
    gold = _gold(out)
    ws2 = {rule: row for (doc, rule), row in gold.items() if doc == "Htmls/WS/2.html"}
    assert {row["expected"] for row in ws2.values()} == {"absent"}
    assert all(row["evidence"] == [] for row in ws2.values())
    assert gold[("Htmls/WS/1.html", "ccpa.7011.e.2.B.right_to_delete")]["expected"] == "absent"
    assert stats.absent["ccpa.7011.e.2.E.right_to_limit"] == 2
    assert stats.present["ccpa.7011.e.2.E.right_to_limit"] == 1


def test_evidence_cleaned_cut_deduplicated_and_capped(converted: tuple[Path, Any]) -> None:
    gold = _gold(converted[0])
    collected = gold[("Htmls/WS/1.html", "ccpa.7011.e.1.A.categories_collected")]["evidence"]
    assert isinstance(collected, list)
    # Escaped line break undone, white space collapsed, duplicates and blank spans dropped.
    assert collected[0] == "Information We Collect We collect your name and e-mail address."
    assert collected[2] == "We collect your name and e-mail address."
    assert len(collected) == 3
    cut = collected[1]
    assert len(cut) <= c3pa.EVIDENCE_CHARS and LONG.startswith(cut) and LONG[len(cut)] == " "
    # Table cells become gold-format fragments.
    sold = gold[("Htmls/WS/1.html", "ccpa.7011.e.1.D_F.sale_sharing_disclosure")]["evidence"]
    assert sold == ["Category [...] Identifiers [...] Sold to ad networks", GARBLED]  # mis-decoding repaired
    many = gold[("Htmls/DB/1.html", "ccpa.7011.e.1.A.categories_collected")]["evidence"]
    assert isinstance(many, list) and len(many) == c3pa.EVIDENCE_PER_ROW


def test_evidence_count_option(tmp_path: Path) -> None:
    out = tmp_path / "out"
    argv = ["convert", "--source", str(_source(tmp_path)), "--out", str(out), "--evidence", "0"]
    assert c3pa.main([*argv, "--evidence-chars", "0"]) == 0
    gold = _gold(out)
    many = gold[("Htmls/DB/1.html", "ccpa.7011.e.1.A.categories_collected")]["evidence"]
    assert isinstance(many, list) and len(many) == 9
    whole = gold[("Htmls/WS/1.html", "ccpa.7011.e.1.A.categories_collected")]["evidence"]
    assert isinstance(whole, list) and LONG in whole
    with pytest.raises(SystemExit) as exit_info:
        c3pa.main(["convert", "--out", str(out), "--evidence", "-1"])
    assert exit_info.value.code == 2


def test_missing_and_empty_files_counted(converted: tuple[Path, Any]) -> None:
    _, stats = converted
    assert stats.skipped == {
        "annotations empty": ["DB/4"],
        "annotations missing": ["DB/2"],
        "html empty": ["DB/3"],
        "html missing": ["WS/3"],
        "annotations not in the html": ["WS/4"],
    }
    written = json.loads((converted[0] / "stats.json").read_text(encoding="utf-8"))
    assert written["skipped"]["html missing"] == ["WS/3"]
    # Every row of every CSV with an HTML, the blank one included.
    assert written["label_spans"][COLLECTED] == 4 + 9 + 1 + 1
    assert written["empty_spans"] == {COLLECTED: 1}


@pytest.mark.parametrize("name", ["../escape.html", "Htmls/WS/../../escape.html", "/tmp/abs.html"])
def test_hostile_member_refuses_the_archive(tmp_path: Path, name: str) -> None:
    info = tarfile.TarInfo(name)
    info.size = 4
    source = _source(tmp_path, db_extra=[info])
    out = tmp_path / "deep" / "out"
    with pytest.raises(c3pa.ConvertError, match="unsafe member"):
        c3pa.convert(source, out)
    assert not (tmp_path / "deep" / "escape.html").exists() and not (tmp_path / "escape.html").exists()
    assert not (out / "gold.jsonl").exists()


def test_link_member_with_a_policy_name_refused(tmp_path: Path) -> None:
    link = tarfile.TarInfo("Htmls/DB/9.html")
    link.type = tarfile.SYMTYPE
    link.linkname = "/etc/passwd"
    with pytest.raises(c3pa.ConvertError, match="not a regular file"):
        c3pa.convert(_source(tmp_path, db_extra=[link]), tmp_path / "out")


def test_command_line_errors_exit_2_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert c3pa.main(["convert", "--source", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")]) == 2
    assert "no such directory" in capsys.readouterr().err
    bad = tmp_path / "bad"
    bad.mkdir()
    for name in c3pa.TARBALLS:
        (bad / name).write_bytes(b"not a tarball")
    assert c3pa.main(["convert", "--source", str(bad), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "not a readable tarball" in err and "Traceback" not in err
    (bad / c3pa.TARBALLS[0]).unlink()
    assert c3pa.main(["convert", "--source", str(bad), "--out", str(tmp_path / "o")]) == 2
    assert "missing C3PA_annotations_crawl.tar.gz" in capsys.readouterr().err
    assert c3pa.main(["convert", "--source", str(bad), "--out", str(REPO / "c3pa-out")]) == 2
    assert "inside the repository" in capsys.readouterr().err
    assert not (REPO / "c3pa-out").exists()
    assert c3pa.main(["report", str(tmp_path / "nothing")]) == 2
    assert "no gold file" in capsys.readouterr().err
    broken = tmp_path / "gold.jsonl"
    broken.write_text('{"document": "x.html"}\n', encoding="utf-8")
    assert c3pa.main(["report", str(broken)]) == 2
    assert "missing key" in capsys.readouterr().err


def test_gold_scores_with_the_library_and_report(converted: tuple[Path, Any], tmp_path: Path) -> None:
    out, _ = converted
    result = evaluate(
        str(out / "gold.jsonl"),
        [load_ruleset("ccpa")],
        facts=c3pa.FACTS,
        evaluation_date=dt.date(2026, 12, 1),
    )
    assert result.documents == 3
    table = tmp_path / "report.md"
    assert c3pa.main(["report", str(out), "--markdown", str(table)]) == 0
    text = table.read_text(encoding="utf-8")
    assert "| `ccpa.7011.e.4.last_updated_date` | 1 | 0 |" in text
    assert "| **total** |" in text and "wall time" in text
    for mapping in c3pa.MAPPINGS:
        assert f"`{mapping.rule}`" in text


#: Spans and policies per label, as SOURCE.txt states them for the 400 C3PA policies.
SOURCE_COUNTS = {
    "Categories of Personal Information Collected": (14235, 394),
    "Categories of Personal Information Shared / Disclosed": (9971, 392),
    "Categories of Personal Information Sold": (5291, 382),
    "Methods to exercise rights": (4078, 395),
    "Description of Right to Know PI Collected": (2271, 392),
    "Description of Right to Opt-out of sale of PI": (2158, 380),
    "Updated Privacy Policy": (2023, 383),
    "Description of Right to Delete": (1783, 391),
    "Description of Right to Know PI sold / shared": (1566, 369),
    "Description of Right to Non-discrimination on exercising rights": (1087, 348),
    "Description of Right to Correct Information": (1034, 289),
    "Description of Right to Limit use of PI": (480, 174),
    "Others": (506, 150),
}


def test_real_corpus_counts(tmp_path: Path) -> None:
    if not all((CORPUS / name).is_file() for name in c3pa.TARBALLS):
        pytest.skip(f"C3PA tarballs not present at {CORPUS}")
    stats = c3pa.convert(CORPUS, tmp_path / "c3pa")
    # Seven annotation files describe another page or version than their HTML (or, for WS/157, hold
    # only the annotation tool's upload path).
    assert {reason: sorted(keys) for reason, keys in stats.skipped.items()} == {
        "annotations not in the html": ["DB/120", "DB/137", "DB/37", "DB/92", "WS/11", "WS/151", "WS/157"]
    }
    assert stats.policies == 393 and not stats.unknown_labels
    assert {label: (stats.label_spans[label], stats.label_policies[label]) for label in SOURCE_COUNTS} == (
        SOURCE_COUNTS
    )
    assert sum(stats.label_spans.values()) == 46483
    for mapping in c3pa.MAPPINGS:
        assert stats.present[mapping.rule] + stats.absent[mapping.rule] == (
            393 if mapping.absent_rows else 336
        )
    assert stats.present["ccpa.7011.e.2.A.right_to_know"] == 386
    assert stats.rows == 10 * 393 + 336
