"""Paths as report consumers want them: relative to the working directory, with forward slashes."""

from __future__ import annotations

import os
from pathlib import Path


def report_path(path: str) -> str:
    if path in ("-", "<stdin>"):
        return "stdin"
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            return p.as_posix()
    return Path(os.path.normpath(p)).as_posix()
