"""Where a command's output goes: standard output, report files, and one-line messages on stderr.

A full disk, a directory where a file should be, a closed or broken pipe, or a terminal whose encoding
cannot hold a quote belong to the user's environment, not to policy-rules: each becomes an
:class:`~policy_rules.errors.OutputError` (one line, exit status 2) instead of a traceback. Python
reports some of these only when it flushes standard output at exit, after ``main`` has returned, so
:func:`flush_stdout` flushes while the error can still be reported, and a failed stream is pointed at
the null device so that the interpreter's own final flush stays quiet.

A reader that stops early (``| head``, ``| grep -q``) is not an error: the rest of standard output is
discarded, report files are still written, and the exit status is the command's own (as ripgrep does),
so a pipeline neither prints noise nor hides findings.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Mapping
from pathlib import Path

from ..errors import OutputError


def _reason(exc: BaseException) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__


def _park_stdout() -> None:
    """Point file descriptor 1 at the null device, so buffered bytes no one can receive go nowhere."""
    try:
        fd = sys.stdout.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real file behind it (captured in tests) or closed
        pass


def _stdout_failed(exc: BaseException) -> OutputError:
    _park_stdout()
    if isinstance(exc, UnicodeEncodeError):
        char = exc.object[exc.start : exc.end][:1]
        encoding = getattr(sys.stdout, "encoding", None) or exc.encoding
        return OutputError(
            f"standard output ({encoding}) cannot encode {char!r}: set PYTHONIOENCODING=utf-8 "
            "or write the report with --output FORMAT=PATH"
        )
    return OutputError(f"cannot write to standard output: {_reason(exc)}")


def stdout_is_terminal() -> bool:
    stream = sys.stdout
    try:
        return stream is not None and stream.isatty()
    except ValueError:  # closed
        return False


def use_color(choice: str, env: Mapping[str, str], is_terminal: bool) -> bool:
    """Whether human output is coloured: the one place that decides it.

    ``--color always|never`` wins over everything. Otherwise a non-empty ``NO_COLOR`` switches colour
    off (https://no-color.org), then a ``FORCE_COLOR`` that is non-empty and not ``0`` switches it on
    (so NO_COLOR wins when both are set, as in CPython), and otherwise colour goes only to a terminal
    that is not ``TERM=dumb``.
    """
    if choice in ("always", "never"):
        return choice == "always"
    if env.get("NO_COLOR"):
        return False
    force = env.get("FORCE_COLOR")
    if force and force != "0":
        return True
    return is_terminal and env.get("TERM") != "dumb"


#: Width of human output when standard output is not a terminal and ``COLUMNS`` says nothing.
DEFAULT_WIDTH = 100
#: Narrower than this, hanging indents leave no room for text.
MIN_WIDTH = 40


def text_width(env: Mapping[str, str], is_terminal: bool) -> int:
    """Columns that human output is wrapped to: ``COLUMNS`` if set, else the terminal's width when
    standard output is one, else :data:`DEFAULT_WIDTH`; never less than :data:`MIN_WIDTH`."""
    columns = env.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        width = int(columns)
    elif is_terminal:
        import shutil

        width = shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    else:
        width = DEFAULT_WIDTH
    return max(MIN_WIDTH, width)


def write_stdout(text: str) -> None:
    """Write ``text`` to standard output; an :class:`OutputError` if it cannot be written."""
    stream = sys.stdout
    if stream is None:  # started with standard output closed (``>&-``)
        raise OutputError("standard output is closed")
    try:
        stream.write(text)
    except BrokenPipeError:
        _park_stdout()
    except (OSError, ValueError) as exc:  # ValueError: write to a closed file; covers UnicodeEncodeError
        raise _stdout_failed(exc) from None


def write_lines(lines: list[str], end: str = "\n") -> None:
    """Human output (rule listings, explanations, parse trees): each line through
    :func:`~policy_rules.reports.escaping.for_log`, since it quotes policies and rulesets."""
    from ..reports.escaping import for_log

    write_stdout("\n".join(for_log(line) for line in lines) + end)


def flush_stdout() -> None:
    """Flush standard output now, so a full disk or a closed pipe is an error rather than a warning
    printed by the interpreter on its way out."""
    stream = sys.stdout
    if stream is None:
        return
    try:
        stream.flush()
    except BrokenPipeError:
        _park_stdout()
    except (OSError, ValueError) as exc:
        raise _stdout_failed(exc) from None


def write_file(path: str | Path, text: str) -> None:
    """Write a report file (creating its folder); an :class:`OutputError` naming it if that fails.

    A regular file left half-written (full disk) is removed, so a later step such as a SARIF upload
    does not pick up a truncated report; a file that could not even be opened is left alone.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = open(target, "w", encoding="utf-8")  # noqa: SIM115 -- closed below, and on failure
    except FileExistsError:  # mkdir: something that is not a folder is in the way
        raise OutputError("cannot write the report: a parent is not a folder", path=str(path)) from None
    except OSError as exc:
        raise OutputError(f"cannot write the report: {_reason(exc)}", path=str(path)) from None
    regular = stat.S_ISREG(os.fstat(handle.fileno()).st_mode)
    try:
        handle.write(text)
        handle.close()
    except (OSError, ValueError) as exc:
        with contextlib.suppress(OSError, ValueError):
            handle.close()
        if regular:
            target.unlink(missing_ok=True)
        raise OutputError(f"cannot write the report: {_reason(exc)}", path=str(path)) from None


def say(line: str) -> None:
    """Print one line on standard error; if even that fails there is no one left to tell."""
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(line + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass
