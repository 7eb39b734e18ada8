"""Reading a user's file without trusting it: regular files (or standard input) only, never past a limit.

Every file policy-rules reads on a user's behalf (policies, rulesets, facts, configuration, baselines,
gold labels) comes through :func:`read_bounded`. ``open(path).read()`` would block forever on a FIFO,
never end on ``/dev/zero`` and take all memory on a huge file; here the file is opened without
blocking, anything but a regular file is refused before a byte is read, and at most ``limit + 1``
bytes are read, so a file over the limit is refused without reading the rest of it.
"""

from __future__ import annotations

import math
import os
import stat
import sys

from .errors import PolicyRulesError

__all__ = ["MB", "is_missing", "limit_from_megabytes", "read_bounded", "read_text_bounded"]

MB = 1_000_000
_CHUNK = 1 << 20
_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def limit_from_megabytes(megabytes: object) -> int | None:
    """Bytes for a ``--max-size``/``max_size`` in MB (``0``: no limit, ``None``); ``ValueError`` for
    what is no size (a bool, a string, a negative number, NaN, infinity). The one check behind the
    command line, the configuration and the library. A finite number of MB can still overflow to
    infinity in bytes (``1e308``): such a limit is capped at ``sys.maxsize``, already larger than any
    file, rather than crashing ``int()``."""
    if isinstance(megabytes, bool) or not isinstance(megabytes, (int, float)):
        raise ValueError(f"not a number of megabytes: {megabytes!r}")
    if not math.isfinite(megabytes) or megabytes < 0:
        raise ValueError(f"not 0 (no limit) or a positive number of megabytes: {megabytes!r}")
    if not megabytes:
        return None
    return int(min(megabytes * MB, sys.maxsize))


def describe_size(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB // 10 else f"{size:,} bytes"


def _too_big(
    error: type[PolicyRulesError], path: str | None, size: int | None, limit: int, what: str, hint: str
) -> PolicyRulesError:
    shown = f" is {describe_size(size)}," if size is not None else " is"
    message = f"{what}{shown} over the {describe_size(limit)} limit"
    return error(f"{message}; {hint}" if hint else message, path=path)


def _read_stream(fd: int, limit: int | None) -> bytes:
    """Up to ``limit + 1`` bytes (all, with no limit) from a descriptor, in chunks."""
    parts: list[bytes] = []
    total = 0
    while limit is None or total <= limit:
        want = _CHUNK if limit is None else min(_CHUNK, limit + 1 - total)
        chunk = os.read(fd, want)
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    return b"".join(parts)


def read_bounded(
    path: str | os.PathLike[str],
    limit: int | None,
    *,
    error: type[PolicyRulesError],
    what: str = "file",
    hint: str = "",
    allow_stdin: bool = True,
) -> bytes:
    """The bytes of a regular file (or of standard input for ``"-"``), refusing more than ``limit``.

    ``limit`` is in bytes (``None``: no limit). Problems raise ``error`` naming the path: missing,
    permission denied, not a regular file (directories, FIFOs, devices, sockets), or over the limit,
    with ``hint`` appended to the last (say, which option raises it).
    """
    name = os.fspath(path)
    if name == "":
        raise error(f"empty path: name a {what}")
    if name == "-" and allow_stdin:
        try:
            data = _read_stdin(limit)
        except (OSError, ValueError) as exc:  # closed, or captured by a host such as pytest
            raise error(f"cannot read standard input: {exc}", path="<stdin>") from None
        if limit is not None and len(data) > limit:
            raise _too_big(error, "<stdin>", None, limit, "standard input", hint)
        return data
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise error(f"no such {what}", path=name) from None
    except IsADirectoryError:
        raise error(f"is a directory, not a {what}", path=name) from None
    except PermissionError:
        raise error(f"permission denied: cannot read the {what}", path=name) from None
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise error(f"cannot read the {what}: {reason}", path=name) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = _kind(info.st_mode)
            raise error(f"is {kind}, not a regular file; only regular files are read", path=name)
        if limit is not None and info.st_size > limit:
            raise _too_big(error, name, info.st_size, limit, what, hint)
        try:
            data = _read_stream(fd, limit)
        except OSError as exc:
            raise error(f"cannot read the {what}: {exc.strerror or exc}", path=name) from None
        if limit is not None and len(data) > limit:
            raise _too_big(error, name, None, limit, what, hint)
        return data
    finally:
        os.close(fd)


def read_text_bounded(
    path: str | os.PathLike[str], limit: int | None, *, error: type[PolicyRulesError], what: str
) -> str:
    """A UTF-8 text file (a byte-order mark is dropped) read with :func:`read_bounded`, for the files
    policy-rules reads besides policies (rulesets, configuration, facts, baselines, gold files); a
    byte that is not UTF-8 is an error at its line and column."""
    raw = read_bounded(path, limit, error=error, what=what, allow_stdin=False)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        prefix = raw[: exc.start].decode("utf-8-sig", errors="replace")
        line = prefix.count("\n") + 1
        column = len(prefix) - (prefix.rfind("\n") + 1) + 1
        message = f"{what} is not valid UTF-8 (byte {exc.start})"
        raise error(message, path=os.fspath(path), line=line, column=column) from None


def is_missing(path: str | os.PathLike[str]) -> bool:
    """Whether nothing at all is at ``path``, for a friendlier "no such file" message than
    :func:`read_bounded` gives. ``Path.exists`` raises on a name the OS refuses (too long) and calls a
    symlink loop missing; here only "no such file" counts, and the rest is left to :func:`read_bounded`,
    which names the reason."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return True
    except (OSError, ValueError):
        return False
    return False


def _read_stdin(limit: int | None) -> bytes:
    """Standard input, bounded; also when it was replaced by a text or bytes stream (tests, embedding)."""
    want = limit + 1 if limit is not None else -1
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        return str(sys.stdin.read(want)).encode("utf-8", errors="surrogatepass")
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return bytes(stream.read(want))
    return _read_stream(fd, limit)
