"""Which files to check: paths, directories (recursively, by extension), globs, standard input and URLs.

Directories yield text, Markdown, HTML, PDF and Word (.docx) files; Word's lock files (``~$name.docx``,
left beside a document open in Word) are no policies and are left out.
"""

from __future__ import annotations

import fnmatch
import glob
import os
from pathlib import Path

from ..document.fetch import is_url
from ..errors import InputError, UsageError

POLICY_EXTENSIONS = (".md", ".markdown", ".html", ".htm", ".xhtml", ".txt", ".text", ".pdf", ".docx")
_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", "site"}


def expand(arguments: list[str], exclude: list[str] | None = None) -> list[str]:
    """Paths in a stable order, without duplicates. ``-`` stays ``-`` (standard input).

    An ``http(s)://`` URL is passed on as it is. A named file is always checked, whatever its
    extension; directories contribute only policy files. A glob that matches nothing, or a directory
    with no policy files, is an error: a CI job whose pattern matches nothing must not pass silently.
    An empty argument is an error too, not the working directory (``Path("")`` is ``.``): it is
    usually an unset shell variable.

    Directories and globs keep FIFOs, devices and sockets among the files they list (only
    subdirectories are left out): reading one is refused without blocking, so it is reported as an
    error naming the file instead of being skipped or hanging the run.
    """
    out: list[str] = []
    seen: set[str] = set()
    excluded = exclude or []

    def add(path: str) -> None:
        norm = path if is_url(path) else os.path.normpath(path)
        if norm in seen or any(fnmatch.fnmatch(norm, pat) or fnmatch.fnmatch(path, pat) for pat in excluded):
            return
        seen.add(norm)
        out.append(path)

    for arg in arguments:
        if arg == "":
            raise UsageError("empty path argument: name a policy file, directory or glob ('-': stdin)")
        if arg == "-":
            add("-")
            continue
        if is_url(arg):  # fetched by the runner; "?" in a query string is no glob
            add(arg)
            continue
        if os.path.isdir(arg):  # False, not OSError, for a name the OS refuses: reading it reports why
            found = sorted(_walk(Path(arg)))
            if not found:
                raise InputError(f"no policy files ({', '.join(POLICY_EXTENSIONS)}) in directory", path=arg)
            for f in found:
                add(f)
        elif any(ch in arg for ch in "*?["):
            matches = sorted(glob.glob(arg, recursive=True))
            files = [m for m in matches if not os.path.isdir(m)]
            if not files:
                raise InputError("pattern matches no files", path=arg)
            for f in files:
                add(f)
        else:
            add(arg)
    return out


def _walk(root: Path) -> list[str]:
    found = []
    for directory, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        for name in files:
            if name.lower().endswith(POLICY_EXTENSIONS) and not name.startswith("~$"):
                found.append(os.path.join(directory, name))
    return found
