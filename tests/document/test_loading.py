from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_rules.document import BlockKind, load_policy, read_source
from policy_rules.document.loading import read_policy_bytes
from policy_rules.errors import InputError

POLICY = "Your Rights\nYou may ask us for a copy of the personal data we hold about you at any time.\n"


def test_reads_text_file(tmp_path: Path) -> None:
    f = tmp_path / "policy.txt"
    f.write_text(POLICY, encoding="utf-8")
    doc = load_policy(f)
    assert doc.source.format == "text"
    assert doc.path == str(f)
    assert doc.blocks[0].kind is BlockKind.HEADING
    # A string naming an existing file is a path too.
    assert load_policy(str(f)).to_dict() == doc.to_dict()


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.md", "markdown"),
        ("a.markdown", "markdown"),
        ("a.html", "html"),
        ("a.htm", "html"),
        ("a.text", "text"),
    ],
)
def test_format_from_extension(tmp_path: Path, name: str, fmt: str) -> None:
    f = tmp_path / name
    f.write_text(POLICY, encoding="utf-8")
    assert read_source(f).format == fmt


def test_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    f = tmp_path / "policy.dat"
    f.write_text("<html><body><p>We collect data.</p></body></html>", encoding="utf-8")
    assert read_source(f).format == "html"
    f.write_text("# Policy\n\nWe collect data.\n", encoding="utf-8")
    assert read_source(f).format == "markdown"
    f.write_text(POLICY, encoding="utf-8")
    assert read_source(f).format == "text"


def test_text_argument_is_the_policy_itself() -> None:
    doc = load_policy(POLICY)
    assert doc.path is None and doc.source.format == "text"
    assert load_policy("<p>We collect data.</p>").source.format == "html"
    assert load_policy("# Policy\n\nWe collect data.").source.format == "markdown"
    assert load_policy("We collect data.").blocks[0].text == "We collect data."
    assert load_policy("We collect data.", format="markdown").source.format == "markdown"


def test_mistyped_file_name_is_an_error_not_a_policy(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_policy(str(tmp_path / "missing.txt"))


def test_missing_path_object(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        load_policy(tmp_path / "nope.txt")
    assert err.value.message == "no such file"
    assert err.value.path == str(tmp_path / "nope.txt")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory; pass the policy files inside it"):
        load_policy(tmp_path)


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "locked.txt"
    f.write_text(POLICY, encoding="utf-8")
    real_open = os.open

    def refuse(path: str, *args: int, **kwargs: int) -> int:  # chmod does not stop root
        if os.fspath(path) == str(f):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(InputError, match="permission denied") as err:
        load_policy(f)
    assert err.value.path == str(f)


def test_boms_are_stripped_and_offsets_follow_the_text() -> None:
    for encoded in (
        b"\xef\xbb\xbf" + POLICY.encode("utf-8"),
        POLICY.encode("utf-16"),
        b"\xfe\xff" + POLICY.encode("utf-16-be"),
        b"\xff\xfe" + POLICY.encode("utf-16-le"),
        POLICY.encode("utf-32"),
    ):
        src = read_source(data=encoded, name="p.txt")
        assert src.text == POLICY
        assert src.path == "p.txt"


def test_invalid_utf8_names_line_and_column() -> None:
    data = "Line one\nLine twö ok\nbad \u00e9".encode() + b"\xff tail"
    with pytest.raises(InputError) as err:
        read_source(data=data, name="p.txt")
    e = err.value
    assert e.line == 3 and e.column == 6
    assert e.message == "not valid UTF-8 text (byte 0xff at line 3, column 6); re-save the file as UTF-8"
    assert str(e).startswith("p.txt:3:6: ")


def test_binary_file(tmp_path: Path) -> None:
    f = tmp_path / "image.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="binary file, not a policy text"):
        load_policy(f)


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n", b"\xef\xbb\xbf \n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    f = tmp_path / "empty.txt"
    f.write_bytes(content)
    with pytest.raises(InputError, match="empty file: nothing to check") as err:
        load_policy(f)
    assert err.value.path == str(f)


def test_crlf_is_kept(tmp_path: Path) -> None:
    f = tmp_path / "crlf.txt"
    f.write_bytes(POLICY.replace("\n", "\r\n").encode())
    doc = load_policy(f)
    assert "\r\n" in doc.source.text
    second = doc.blocks[1]
    assert second.span.line == 2 and second.span.column == 1
    assert doc.source.text[second.span.start : second.span.end] == second.text


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeStdin(io.StringIO):
        buffer = io.BytesIO(POLICY.encode())

    monkeypatch.setattr(sys, "stdin", FakeStdin())
    doc = load_policy("-")
    assert doc.path is None and doc.source.display_path == "<stdin>"
    assert doc.blocks[0].text == "Your Rights"


def test_read_source_needs_exactly_one_input() -> None:
    with pytest.raises(TypeError):
        read_source()
    with pytest.raises(TypeError):
        read_source("a.txt", text="x")


def test_file_over_the_limit_is_refused_and_none_lifts_it(tmp_path: Path) -> None:
    f = tmp_path / "long.txt"
    f.write_text(POLICY * 100, encoding="utf-8")  # 9,000 bytes
    with pytest.raises(InputError) as err:
        load_policy(f, max_size=1_000)
    assert err.value.path == str(f)
    assert err.value.message.startswith(f"file is {len(POLICY) * 100:,} bytes,")
    assert "over the 1,000 bytes limit" in err.value.message and "max_size" in err.value.message
    assert load_policy(f, max_size=None).source.text == POLICY * 100
    assert read_source(f, max_size=len(POLICY) * 100).text == POLICY * 100  # the limit itself is allowed


def test_default_limit_is_ten_megabytes(tmp_path: Path) -> None:
    from policy_rules.document.loading import DEFAULT_MAX_SIZE

    assert DEFAULT_MAX_SIZE == 10_000_000
    f = tmp_path / "huge.txt"
    with f.open("wb") as fh:  # sparse: no 10 MB written to the disk
        fh.truncate(DEFAULT_MAX_SIZE + 1)
    with pytest.raises(InputError, match=r"over the 10\.0 MB limit"):
        read_source(f)


def test_stdin_is_read_only_up_to_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    buffer = io.BytesIO(POLICY.encode() * 1_000)

    class FakeStdin(io.StringIO):
        pass

    stdin = FakeStdin()
    stdin.buffer = buffer  # type: ignore[misc]
    monkeypatch.setattr(sys, "stdin", stdin)
    with pytest.raises(InputError, match=r"standard input .* over the 500 bytes limit") as err:
        load_policy("-", max_size=500)
    assert err.value.path == "<stdin>"
    assert buffer.tell() == 501  # the rest of the stream was never read


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_devices_are_refused_before_reading(device: str, deadline: None) -> None:
    with pytest.raises(InputError, match="character device, not a regular file") as err:
        load_policy(Path(device), max_size=None)
    assert err.value.path == device


def test_fifo_is_refused_without_blocking(tmp_path: Path, deadline: None) -> None:
    fifo = tmp_path / "policy.md"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="FIFO") as err:
        load_policy(fifo)
    assert err.value.path == str(fifo)
    with pytest.raises(InputError, match="FIFO"):
        load_policy(str(fifo))  # a string naming the FIFO is a path too, not the policy text


def test_socket_is_refused(tmp_path: Path, deadline: None) -> None:
    import socket

    path = tmp_path / "s.txt"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        with pytest.raises(InputError) as err:
            load_policy(path)
    assert err.value.path == str(path)
    # Linux refuses to open a socket (ENXIO) before its kind can be told; either way, no read.
    assert "socket" in err.value.message or "No such device or address" in err.value.message


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=64), st.integers(min_value=0, max_value=80))
def test_a_file_is_read_whole_exactly_when_it_fits(tmp_path: Path, data: bytes, limit: int) -> None:
    f = tmp_path / "policy.txt"
    f.write_bytes(data)
    if len(data) <= limit:
        assert read_policy_bytes(str(f), limit) == data
    else:
        with pytest.raises(InputError, match=f"over the {limit:,} bytes limit"):
            read_policy_bytes(str(f), limit)


def test_unreadable_standard_input_is_an_input_error() -> None:
    # pytest's captured stdin refuses reads with OSError, as a closed stdin does
    from policy_rules.errors import InputError

    with pytest.raises(InputError, match="cannot read standard input"):
        load_policy("-")
