"""The version of a policy file at a git ref, for ``policy-rules diff --base REF``.

A pull request check compares each policy with the base branch; asking git for the old text (``git
cat-file`` on ``REF:./path``) spares CI scripts the temporary files and the quoting. A file that does
not exist at the ref is a new policy (every finding is new), which is not an error; an unknown ref, a
directory that is not a work tree or a missing ``git`` are usage errors with git's own reason. Only
``git`` itself is run, with an argument list (no shell), a timeout, and the policy size limit checked
before the blob is read.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import InputError, UsageError

Runner = Callable[[Sequence[str]], "subprocess.CompletedProcess[bytes]"]
GIT_TIMEOUT_S = 60


def run_git(args: Sequence[str]) -> subprocess.CompletedProcess[bytes]:
    """``git ARGS`` in the working directory, output captured, never a prompt or a hang."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
    try:
        return subprocess.run(
            ["git", *args], capture_output=True, timeout=GIT_TIMEOUT_S, check=False, env=env
        )
    except FileNotFoundError:
        raise UsageError("--base needs git, and no 'git' command was found") from None
    except subprocess.TimeoutExpired:
        raise UsageError(f"git {' '.join(args[:2])} did not finish within {GIT_TIMEOUT_S} s") from None


def _reason(result: subprocess.CompletedProcess[bytes]) -> str:
    text = result.stderr.decode("utf-8", "replace").strip().splitlines()
    return text[-1] if text else f"git exited with status {result.returncode}"


def check_ref(ref: str, run: Runner = run_git) -> None:
    """A usage error unless ``ref`` names a commit (``main``, ``origin/main``, a SHA, ``HEAD~1``)."""
    if not ref or ref.startswith("-"):
        raise UsageError(f"--base needs a git ref such as origin/main, not {ref!r}")
    result = run(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"])
    if result.returncode != 0:
        detail = _reason(result) if result.stderr.strip() else "not a commit in this repository"
        raise UsageError(f"--base {ref!r}: {detail} (in CI, fetch it: actions/checkout with fetch-depth: 0)")


def _object(ref: str, path: str) -> str:
    """``REF:./path``: git resolves ``./`` against the working directory, not the repository root."""
    relative = os.path.relpath(path) if os.path.isabs(path) else path
    return f"{ref}:./{Path(relative).as_posix()}"


def read_at_ref(ref: str, path: str, max_size: int | None, run: Runner = run_git) -> bytes | None:
    """The bytes of ``path`` at ``ref``, or ``None`` when the file does not exist there (a new file).

    ``max_size`` bytes at most (``None``: no limit); a larger blob is an input error, as for a file.
    """
    name = _object(ref, path)
    size = run(["cat-file", "-s", name])
    if size.returncode != 0:
        return None
    try:
        length = int(size.stdout.strip() or b"-1")
    except ValueError:
        length = -1
    if length < 0:
        raise UsageError(f"git cat-file -s {name}: unexpected answer {size.stdout[:40]!r}")
    if max_size is not None and length > max_size:
        raise InputError(
            f"the version at {ref} is larger than the limit ({length} bytes); pass --max-size MB",
            path=path,
        )
    blob = run(["cat-file", "blob", name])
    if blob.returncode != 0:
        raise UsageError(f"git cat-file blob {name}: {_reason(blob)}")
    return blob.stdout
