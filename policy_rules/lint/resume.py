"""``check --resume``: which documents a JSON Lines report already holds, so an interrupted run goes on.

The report is the ``jsonl`` format: one document object per line, each ending in a line break written
with it. A run killed while writing leaves at most its last line without that break; such a tail is cut
off (truncating the file to its last complete line) and the document is checked again. Any complete
line that is not a document of a policy-rules report is an error naming the line: appending to
someone else's file, or to a damaged one, would hide the damage.

The file is read line by line, so its size does not decide the memory used; only the paths are kept.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..errors import InputError


def path_key(path: str) -> str:
    """How a report path and an input name are compared (``docs/./a.md`` is ``docs/a.md``)."""
    return os.path.normpath(path)


def checked_paths(report: Path) -> set[str]:
    """The :func:`path_key` of every document in the JSON Lines ``report`` (none if it does not exist
    yet); a last line cut short is removed from the file."""
    done: set[str] = set()
    try:
        handle = open(report, "r+b")  # noqa: SIM115 -- closed below
    except FileNotFoundError:
        return done
    except OSError as exc:
        raise InputError(
            f"cannot read the report to resume: {exc.strerror or exc}", path=str(report)
        ) from None
    with handle:
        good = 0
        for number, line in enumerate(handle, start=1):
            if not line.endswith(b"\n"):
                handle.truncate(good)  # cut off mid-write: checked again
                break
            try:
                path = json.loads(line)["path"]
            except (ValueError, TypeError, KeyError):
                path = None
            if not isinstance(path, str):
                raise InputError(
                    "not a line of a policy-rules JSON Lines report (--output jsonl=PATH); "
                    "--resume only appends to one",
                    path=str(report),
                    line=number,
                )
            done.add(path_key(path))
            good += len(line)
    return done
