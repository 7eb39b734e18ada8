"""A cache of compiled rulesets on disk, so a one-file ``check`` does not compile five rulesets first.

Compiling the built-in rulesets (read the YAML, validate it against the schema, build the pydantic
model, compile every matcher and condition) takes most of a one-file run; loading the compiled
:class:`~.compiled.Ruleset` back takes a few milliseconds. An entry is keyed by the content of every
file that went into it:

* the environment, in the file name and again in the header: the cache format, the package version, a
  hash of every source and data file of the package (the compiler, the inflection table, the schema),
  the Python version and the versions of the libraries whose objects or results a compiled ruleset
  holds (regex, pydantic, PyYAML, lemminflect, pyahocorasick);
* the ruleset file and every ``extends`` target, in the header: each edge of the ``extends`` graph as
  written (name and the file it was written in), where it resolved to and the SHA-256 of that file.

A hit re-resolves every edge and re-hashes every file (no YAML is parsed): any difference is a miss,
and the ruleset is compiled and the entry rewritten. Entries are written to a temporary file in the
same directory and renamed over the old one, so a reader sees a whole entry or the old one; a
truncated, corrupted (the payload carries its SHA-256) or foreign entry is a miss, never an error.

Why loading a pickle here is safe: unpickling runs code named by the file, so the file must be as
trusted as policy-rules' own code. An entry is only read from a directory and a file that belong to
the current user and that no other user may write (checked on the open descriptor, symbolic links
refused), i.e. only someone who could already change the user's own files (their shell start-up
files, their installed packages) could have written it. Otherwise the cache is not used at all and
rulesets are compiled, silently. Platforms without POSIX ownership (Windows) do not use it. A
ruleset's own content is never executed: it is data in the pickle, as in memory. JSON of the validated
model was measured as the alternative: it saves the YAML and schema steps, but rebuilding the matchers
from it is the compile step itself (regex reading, term sets, inflections), about 260 ms for the
built-in rulesets against about 25 ms to unpickle them (compiled patterns are not pickled: a leaf
compiles its pattern at first use, see :class:`.matchers.PatternLeaf`).

``POLICY_RULES_CACHE_DIR`` chooses the directory (default: ``$XDG_CACHE_HOME/policy-rules``, or
``~/.cache/policy-rules``; ``~/Library/Caches/policy-rules`` on macOS); ``POLICY_RULES_NO_CACHE=1``
or the ``--no-cache`` option turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..gc_pause import collector_paused
from .compiled import Ruleset

#: Bumped whenever the layout of an entry changes.
CACHE_FORMAT = 1
_MAGIC = b"policy-rules compiled ruleset\n"
#: Largest header read (a few hundred bytes per ``extends`` edge).
_MAX_HEADER = 1 << 20
_SUFFIX = ".rsc"
#: Entries not used for this long are removed when another entry is written.
_STALE_SECONDS = 30 * 24 * 3600
_FALSE = ("", "0", "false", "no", "off")

_disabled = False


@dataclass(frozen=True)
class Edge:
    """One file that went into a ruleset: ``name`` as written in ``parent`` (None: the name the user
    gave), the file it resolved to, and that file's SHA-256."""

    name: str
    parent: str | None
    resolved: str
    sha256: str


def enabled() -> bool:
    return not _disabled and os.environ.get("POLICY_RULES_NO_CACHE", "").strip().lower() in _FALSE


@contextlib.contextmanager
def disabled() -> Iterator[None]:
    """No cache inside the block (``--no-cache``): rulesets are compiled and nothing is written."""
    global _disabled
    before, _disabled = _disabled, True
    try:
        yield
    finally:
        _disabled = before


def cache_dir() -> Path:
    chosen = os.environ.get("POLICY_RULES_CACHE_DIR", "").strip()
    if chosen:
        return Path(chosen).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "policy-rules"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "policy-rules"
    return Path.home() / ".cache" / "policy-rules"


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def file_sha256(path: Path, limit: int) -> str | None:
    """:func:`text_sha256` of a regular UTF-8 file of at most ``limit`` bytes as the loader reads it
    (a byte-order mark dropped), or None (missing, special, too big, not UTF-8)."""
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
                return None
            data = handle.read(limit + 1)
        return None if len(data) > limit else text_sha256(data.decode("utf-8-sig"))
    except (OSError, ValueError):
        return None


_ENVIRONMENT: str | None = None


def environment() -> str:
    """The digest of everything besides the ruleset files that a compiled ruleset depends on."""
    global _ENVIRONMENT
    if _ENVIRONMENT is None:
        from .. import __version__

        parts = [f"format {CACHE_FORMAT}", f"policy-rules {__version__}", f"code {_code_digest()}"]
        parts.append(f"python {sys.version} {sys.implementation.cache_tag}")
        parts.extend(f"{name} {version}" for name, version in _library_versions())
        _ENVIRONMENT = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return _ENVIRONMENT


def _code_digest() -> str:
    """SHA-256 over every source and data file of the package (about 120 files, ~2 ms): an edited
    compiler, matcher or inflection table in a development checkout is a miss like a new version."""
    package = Path(__file__).resolve().parent.parent
    files: list[str] = []
    pending = [str(package)]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in ("__pycache__", "_rulesets"):
                        pending.append(entry.path)
                elif entry.name.endswith((".py", ".json", ".yaml", ".yml", ".txt")):
                    files.append(entry.path)
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(os.path.relpath(name, package).encode() + b"\0")
        with open(name, "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()


def _library_versions() -> list[tuple[str, str]]:
    import regex

    out = [("regex", str(regex.__version__))]
    # Importing these costs time (lemminflect about half a second, pydantic a tenth, PyYAML a fiftieth,
    # and a cache hit needs none of them): their installed versions are read from the distribution
    # metadata instead, and whether PyYAML has its C loader from the files of its package.
    out.append(("pyyaml", f"{_dist_version('PyYAML', 'yaml')} libyaml={_has_libyaml()}"))
    out.append(("pydantic", _dist_version("pydantic", "pydantic")))
    out.append(("lemminflect", _dist_version("lemminflect", "lemminflect")))
    out.append(("pyahocorasick", _dist_version("pyahocorasick", "ahocorasick")))
    return out


def _has_libyaml() -> bool:
    """Whether PyYAML was built with libyaml (its ``yaml._yaml`` extension module is there)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("yaml")
    except (ImportError, ValueError):
        return False
    if spec is None or not spec.origin:
        return False
    try:
        names = os.listdir(Path(spec.origin).parent)
    except OSError:
        return False
    return any(name.startswith("_yaml.") and name.endswith((".so", ".pyd")) for name in names)


def _dist_version(dist: str, module: str) -> str:
    """The installed version of ``dist``, from the name of its ``.dist-info`` directory beside
    ``module`` (a directory listing), else from the package metadata (tens of milliseconds)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        return "not installed"
    origin = Path(spec.origin)
    site = origin.parent.parent if spec.submodule_search_locations else origin.parent
    prefix = f"{dist.lower()}-"
    with contextlib.suppress(OSError):
        found = sorted(
            name
            for name in os.listdir(site)
            if name.lower().startswith(prefix) and name.endswith(".dist-info")
        )
        if len(found) == 1:
            return found[0][len(prefix) : -len(".dist-info")]
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return f"at {spec.origin}"


def _entry_path(directory: Path, identity: str) -> Path:
    key = hashlib.sha256(f"{environment()}\n{identity}".encode()).hexdigest()
    return directory / f"{key[:32]}{_SUFFIX}"


def _safe_dir(directory: Path) -> bool:
    """The directory belongs to the current user and no one else may write to it."""
    getuid = getattr(os, "geteuid", None)
    if getuid is None:
        return False
    try:
        info = os.stat(directory)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == getuid() and not info.st_mode & 0o022


def load(identity: str, verify: Callable[[list[Edge]], bool]) -> tuple[Ruleset, tuple[Edge, ...]] | None:
    """The cached ruleset for ``identity`` (the root file as given) and its edges, or None.

    ``verify(edges)`` says whether the recorded edges still resolve to files with the same content.
    """
    if not enabled():
        return None
    directory = cache_dir()
    if not _safe_dir(directory):
        return None
    try:
        return _read(_entry_path(directory, identity), identity, verify)
    except Exception:  # a damaged or foreign entry is a miss; it is rewritten after compiling
        return None


def _read(
    path: Path, identity: str, verify: Callable[[list[Edge]], bool]
) -> tuple[Ruleset, tuple[Edge, ...]] | None:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o022:
            return None
        if handle.read(len(_MAGIC)) != _MAGIC:
            return None
        size = int(handle.readline(32))
        if not 0 < size <= _MAX_HEADER:
            return None
        header = json.loads(handle.read(size))
        if header.get("environment") != environment() or header.get("identity") != identity:
            return None
        edges = [Edge(**edge) for edge in header["edges"]]
        if not edges or not verify(edges):
            return None
        payload = handle.read()
    if hashlib.sha256(payload).hexdigest() != header["payload_sha256"]:
        return None
    with collector_paused():  # a hundred thousand objects and no cycles (see gc_pause)
        ruleset = pickle.loads(payload)
    if not isinstance(ruleset, Ruleset):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # used: not stale
    return ruleset, tuple(edges)


def store(identity: str, edges: list[Edge], ruleset: Ruleset) -> None:
    """Write the entry atomically; any failure (read-only, full disk, unsafe directory) is ignored."""
    if not enabled() or not edges:
        return
    directory = cache_dir()
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _safe_dir(directory):
            return
        payload = pickle.dumps(ruleset, protocol=pickle.HIGHEST_PROTOCOL)
        header = json.dumps(
            {
                "environment": environment(),
                "identity": identity,
                "edges": [edge.__dict__ for edge in edges],
                "payload_sha256": hashlib.sha256(payload).hexdigest(),
            },
            sort_keys=True,
        ).encode()
        target = _entry_path(directory, identity)
        fd, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=_SUFFIX, dir=directory)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(_MAGIC + b"%d\n" % len(header) + header + payload)
            os.replace(temporary, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        _prune(directory, keep=target)
    except Exception:
        return


def _prune(directory: Path, keep: Path) -> None:
    """Remove entries unused for a month (an upgraded package or an edited ruleset leaves one)."""
    now = time.time()
    with os.scandir(directory) as entries:
        for entry in entries:
            if not entry.name.endswith(_SUFFIX) or entry.path == str(keep):
                continue
            with contextlib.suppress(OSError):
                if now - entry.stat(follow_symlinks=False).st_mtime > _STALE_SECONDS:
                    os.unlink(entry.path)
