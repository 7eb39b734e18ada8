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


class FileSink:
    """A report file written piece by piece as a run goes (creating its folder); every failure is an
    :class:`OutputError` naming it.

    Opened at once, so a path that cannot be written stops the run before any file is checked. A
    regular file left unfinished (full disk, an error or Ctrl-C mid-run) is removed by :meth:`abort`,
    so a later step such as a SARIF upload does not pick up a truncated report, unless ``keep_partial``
    (JSON Lines: every complete line stands alone, and ``--resume`` goes on from them). ``append``
    adds to what the file holds. A file that could not even be opened is left alone.
    """

    def __init__(self, path: str | Path, *, append: bool = False, keep_partial: bool = False) -> None:
        self.path = Path(path)
        self.keep_partial = keep_partial
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = open(self.path, "a" if append else "w", encoding="utf-8")  # noqa: SIM115
        except FileExistsError:  # mkdir: something that is not a folder is in the way
            raise OutputError("cannot write the report: a parent is not a folder", path=str(path)) from None
        except OSError as exc:
            raise OutputError(f"cannot write the report: {_reason(exc)}", path=str(path)) from None
        self._regular = stat.S_ISREG(os.fstat(self._handle.fileno()).st_mode)

    def write(self, text: str) -> None:
        try:
            self._handle.write(text)
        except (OSError, ValueError) as exc:
            self.abort()
            raise OutputError(f"cannot write the report: {_reason(exc)}", path=str(self.path)) from None

    def flush(self) -> None:
        """Hand what was written to the operating system (a line that is written survives a kill)."""
        try:
            self._handle.flush()
        except (OSError, ValueError) as exc:
            self.abort()
            raise OutputError(f"cannot write the report: {_reason(exc)}", path=str(self.path)) from None

    def close(self) -> None:
        try:
            self._handle.close()
        except (OSError, ValueError) as exc:
            self.abort()
            raise OutputError(f"cannot write the report: {_reason(exc)}", path=str(self.path)) from None

    def abort(self) -> None:
        """Close, and remove the file unless it is kept partial or is no regular file."""
        with contextlib.suppress(OSError, ValueError):
            self._handle.close()
        if self._regular and not self.keep_partial:
            with contextlib.suppress(OSError):
                self.path.unlink(missing_ok=True)


def write_file(path: str | Path, text: str) -> None:
    """Write a whole report file at once (:class:`FileSink`)."""
    sink = FileSink(path)
    sink.write(text)
    sink.close()


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
