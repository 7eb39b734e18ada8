"""Literal prefilters for ruleset regexes: skip the scan when a word the pattern needs is absent.

Most ruleset regexes find nothing in most policies (a Privacy Shield denial, a fee regex, a
COPPA safe-harbor programme), yet each scan walks the whole text. A pattern such as
``\\bno\\s+longer\\s+rel(?:y|ies)\\s+on\\s+Privacy\\s+Shield`` cannot match a text without "shield" in it,
and a substring test costs a fraction of the scan. :func:`required_literals` reads the pattern once, when
the ruleset compiles, and returns literals one of which every match must contain; the leaf runs the
regex only when one of them occurs in the document. Literals and text are compared case-folded,
whatever the pattern's flags: a match's case-folded text contains the case-folded literal, so the
test can only be weaker than the pattern, never stricter.

The pattern is read with the standard library's own regex parser (``re._parser``): it is the only
maintained parser of this syntax in Python, and the prefilter only ever answers "cannot match", so a
pattern it cannot read (syntax of the ``regex`` module that ``re`` lacks) simply runs unfiltered.
Soundness rests on reading only what a match must contain: literal runs in the mandatory part of the
pattern, a group repeated at least once, and a branch where every alternative has a literal.
"""

from __future__ import annotations

import functools
import importlib
from types import ModuleType
from typing import Any


def _stdlib(name: str, before_3_11: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError:  # pragma: no cover - Python 3.10 names
        return importlib.import_module(before_3_11)


_c: Any = _stdlib("re._constants", "sre_constants")
_p: Any = _stdlib("re._parser", "sre_parse")

#: Literals shorter than this occur in nearly every policy: not worth the test.
MIN_LITERAL = 4

_Need = frozenset[str] | None  # literals one of which must occur; None = unknown


def _best(a: _Need, b: _Need) -> _Need:
    """The more selective of two requirements (a longer shortest literal occurs less often)."""
    if a is None:
        return b
    if b is None:
        return a
    return a if min(map(len, a)) >= min(map(len, b)) else b


def _sequence(items: Any) -> _Need:
    """What a sequence of parsed items needs: its best single requirement, counting each run of
    consecutive literals as one literal."""
    best: _Need = None
    run: list[str] = []

    def flush() -> None:
        nonlocal best, run
        if len(run) >= MIN_LITERAL:
            best = _best(best, frozenset({"".join(run).casefold()}))
        run = []

    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        flush()
        if op is _c.SUBPATTERN:
            best = _best(best, _sequence(av[-1]))
        elif op in _REPEATS:
            low, _, body = av
            if low >= 1:
                best = _best(best, _sequence(body))
        elif op is _c.BRANCH:
            best = _best(best, _branch(av[1]))
        # anything else (an anchor, a class, a backreference, a look-around) needs nothing we can name
    flush()
    return best


def _branch(alternatives: Any) -> _Need:
    needs: set[str] = set()
    for alternative in alternatives:
        need = _sequence(alternative)
        if need is None:
            return None
        needs |= need
    return frozenset(needs)


_REPEATS = tuple(op for op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)) if op)
#: Flags that change how the pattern reads (the others only change what it matches).
_READING = _c.SRE_FLAG_VERBOSE


@functools.cache
def required_literals(source: str, flags: int = 0) -> frozenset[str] | None:
    """Case-folded literals one of which occurs in every match of ``source`` compiled with ``flags``
    (``re``/``regex`` flag values), or ``None`` when the pattern names none or cannot be read here."""
    try:
        parsed = _p.parse(source, flags & _READING)
    except Exception:
        return None
    return _sequence(list(parsed))
