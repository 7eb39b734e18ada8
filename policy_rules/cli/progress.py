"""A progress bar on standard error, for people watching a long run in a terminal; nothing otherwise.

``auto`` shows the bar only when standard error is a terminal (not ``TERM=dumb``, not under ``CI``),
and only once the run has lasted a second (tqdm's ``delay``), so a quick check, a CI log, a redirect and
a test's captured output never see it. ``always`` forces it (at once), ``never`` switches it off.
While the bar is shown, report text written to the same terminal clears it first and redraws it after,
so the two never share a line.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TextIO

#: Seconds a run lasts before ``auto`` shows the bar.
DELAY = 1.0


def _is_terminal(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except ValueError:
        return False


def wanted(choice: str, stream: TextIO | None, env: Mapping[str, str]) -> bool:
    """Whether a bar may be shown: ``always``/``never`` as said, ``auto`` on an interactive terminal."""
    if choice in ("always", "never"):
        return choice == "always"
    return _is_terminal(stream) and env.get("TERM") != "dumb" and not env.get("CI")


class Progress:
    """Counts documents; draws a tqdm bar on standard error when :func:`wanted`."""

    def __init__(self, total: int, choice: str, env: Mapping[str, str] | None = None) -> None:
        self._bar: Any = None
        stream = sys.stderr
        if total < 1 or not wanted(choice, stream, os.environ if env is None else env):
            return
        from tqdm import tqdm

        class _Bar(tqdm):  # type: ignore[misc]
            monitor_interval = 0  # no monitor thread: worker processes may still be forked

        self._bar = _Bar(
            total=total, unit="doc", file=stream, delay=0 if choice == "always" else DELAY, leave=False,
            dynamic_ncols=True,
        )  # fmt: skip

    def update(self) -> None:
        if self._bar is not None:
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def around(self, write: Callable[[str], None]) -> Callable[[str], None]:
        """``write`` for text going to the terminal the bar is on: the bar steps aside for it."""
        if self._bar is None:
            return write
        bar = self._bar

        def stepping_aside(text: str) -> None:
            with bar.external_write_mode():
                write(text)

        return stepping_aside

    @contextlib.contextmanager
    def running(self) -> Iterator[Progress]:
        try:
            yield self
        finally:
            self.close()
