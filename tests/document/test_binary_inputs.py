"""PDF and Word files that cannot be checked: each gets one clear error (exit 2), never a traceback.

Also how such files are found: by their first bytes before the text decoder, by extension, in
directories, and with ``--input-format``.
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import office_docs
import pytest
from pypdf import PdfReader, PdfWriter

from policy_rules import load_policy
from policy_rules.cli.main import main
from policy_rules.document import docx_reader, pdf_reader
from policy_rules.document.loading import container_format, read_source
from policy_rules.errors import InputError
from policy_rules.lint.inputs import expand

TEXT = "# Privacy\n\nWe keep your e-mail address for as long as your account is open.\n\nWe never sell it."


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return office_docs.to_pdf(TEXT)


@pytest.fixture(scope="module")
def docx() -> bytes:
    return office_docs.to_docx(TEXT)


def _encrypted(data: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts.items():
            z.writestr(name, body)
    return out.getvalue()


def _error(data: bytes, name: str = "policy") -> str:
    with pytest.raises(InputError) as err:
        read_source(data=data, name=name)
    assert err.value.path == name
    return err.value.message


def test_scan_without_text_layer_says_to_run_ocr() -> None:
    assert _error(office_docs.scan_pdf(), "scan.pdf").startswith("no text layer: this PDF is a scan")


def test_encrypted_pdf_needs_its_password(pdf: bytes) -> None:
    assert "encrypted PDF that cannot be opened without a password" in _error(_encrypted(pdf, "s3cret"))
    # Encrypted against editing only (empty user password): read as usual.
    assert "We never sell it." in read_source(data=_encrypted(pdf, ""), name="p.pdf").text


def test_truncated_and_broken_pdfs(pdf: bytes) -> None:
    assert _error(pdf[: len(pdf) // 2]).startswith("truncated PDF")
    assert _error(b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n").startswith("broken PDF")
    assert _error(
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"
    )


def test_wrong_magic_is_named() -> None:
    assert _error(b"We keep your data.\n", "policy.pdf") == "not a PDF file (it does not start with %PDF-)"
    assert _error(b"We keep your data.\n", "policy.docx") == "not a Word .docx file (it is no ZIP archive)"
    assert _error(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "old.doc").startswith(
        "a legacy Word .doc"
    )
    assert "without word/document.xml: not a Word .docx" in _error(_zip({"xl/workbook.xml": b"<x/>"}))
    assert _error(b"PK\x03\x04" + bytes(100), "p.docx").startswith("broken Word file: damaged ZIP archive")


def test_broken_and_empty_word_files(docx: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"][:300]
    assert _error(_zip(parts)).startswith("broken Word file, cannot be read")
    assert _error(office_docs.to_docx("")) == "empty Word file: nothing to check"
    monkeypatch.setattr(docx_reader, "MAX_UNPACKED", 1000)
    assert "refused as a ZIP bomb" in _error(docx)


def test_content_decides_before_the_name(pdf: bytes, docx: bytes) -> None:
    assert container_format(pdf, "policy.txt", None) == "pdf"
    assert container_format(docx, None, None) == "docx"
    assert container_format(b"%PDF-", "p.txt", "text") is None  # an explicit format wins
    assert container_format(b"Mentions %PDF- in prose.", None, None) is None
    assert read_source(data=pdf, name="policy.txt").format == "pdf"
    assert read_source(data=docx).format == "docx"
    with pytest.raises(InputError, match="read from its file or bytes"):
        read_source(text="We keep data.", format="pdf")


def test_cli_reports_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "scan.pdf").write_bytes(office_docs.scan_pdf())
    code = main(["check", str(tmp_path / "scan.pdf"), "-r", "gdpr", "--date", "2026-01-01"])
    err = capsys.readouterr().err
    assert code == 2 and "no text layer" in err and "Traceback" not in err


def test_cli_reads_pdf_and_docx(
    tmp_path: Path, pdf: bytes, docx: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.pdf").write_bytes(pdf)
    (tmp_path / "b.docx").write_bytes(docx)
    (tmp_path / "~$b.docx").write_bytes(b"lock")  # Word's lock file beside an open document
    (tmp_path / "noext").write_bytes(pdf)
    assert expand([str(tmp_path)]) == [str(tmp_path / "a.pdf"), str(tmp_path / "b.docx")]
    args = ["-r", "gdpr", "--date", "2026-01-01", "--fact", "gdpr_applies=true", "--format", "json"]
    assert main(["check", str(tmp_path), str(tmp_path / "noext"), *args]) == 1
    out = capsys.readouterr().out
    assert out.count('"page": 1') >= 1 and '"path"' in out
    assert main(["check", str(tmp_path / "noext"), "--input-format", "pdf", *args]) == 1
    capsys.readouterr()
    assert main(["check", str(tmp_path / "b.docx"), "--input-format", "pdf", *args]) == 2
    assert "not a PDF file" in capsys.readouterr().err


def test_max_size_is_respected(tmp_path: Path, pdf: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.pdf").write_bytes(pdf)
    assert main(["check", str(tmp_path / "a.pdf"), "-r", "gdpr", "--max-size", "0.0001"]) == 2
    assert "limit" in capsys.readouterr().err
    with pytest.raises(InputError, match="limit"):
        load_policy(tmp_path / "a.pdf", max_size=100)


def test_page_and_time_bounds(pdf: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 0)
    assert "PDF of 1 pages (more than 0)" in _error(pdf)
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 10)
    monkeypatch.setattr(pdf_reader, "TIME_LIMIT", -1.0)
    start = time.monotonic()
    assert "took more than" in _error(pdf)
    assert time.monotonic() - start < 5
