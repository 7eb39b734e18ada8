"""What a ruleset regex needs and how far it reaches, read once when the ruleset compiles.

Most ruleset regexes find nothing in most policies (a Privacy Shield denial, a fee regex, a COPPA
safe-harbor programme), yet a scan walks the whole text. A pattern such as
``\\bno\\s+longer\\s+rel(?:y|ies)\\s+on\\s+Privacy\\s+Shield`` cannot match a text without "shield" in it,
and cannot start more than a few words before it. :func:`read_pattern` gives, for one pattern:

- ``literals``: case-folded literals one of which every match contains (literal runs in the
  mandatory part of the pattern, a group repeated at least once, a branch where every alternative
  has one). Literals and text are compared case-folded, whatever the pattern's flags: a match's
  case-folded text contains the case-folded literal, so the test can only be weaker than the pattern.
- ``lead``: the most characters between a match's start and that literal's start;
- ``width``: the most characters a match takes; ``reach``: the most its look-aheads read past
  the point they start from.

Widths are :data:`Width` vectors, not numbers: ``\\s+`` is unbounded in the pattern but can take no
more than the longest white-space run of the text it runs on, so a width is a constant plus how many
of the document's longest white-space, word and non-space runs it may span (:mod:`.regex_windows`
fills them in). Anything else unbounded (``.*``, ``[^.]+``) makes the pattern unbounded: ``None``.

The pattern is read with the standard library's own regex parser (``re._parser``): it is the only
maintained parser of this syntax in Python, and every answer here only narrows where a scan looks;
a pattern it cannot read (syntax of the ``regex`` module that ``re`` lacks) is simply scanned whole.
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass
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
MIN_LITERAL = 3
_REPEATS = tuple(op for op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)) if op)
_ATOMIC = getattr(_c, "ATOMIC_GROUP", None)
#: Flags that change how the pattern reads (the others only change what it matches).
_READING = _c.SRE_FLAG_VERBOSE

#: A constant plus coefficients of the document's longest white-space, word and non-space runs.
Width = tuple[int, int, int, int]
ZERO: Width = (0, 0, 0, 0)


def _add(a: Width | None, b: Width | None) -> Width | None:
    if a is None or b is None:
        return None
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3])


def _times(a: Width | None, n: int) -> Width | None:
    return None if a is None else (a[0] * n, a[1] * n, a[2] * n, a[3] * n)


def _widest(widths: list[Width | None]) -> Width | None:
    if any(w is None for w in widths):
        return None
    out = ZERO
    for w in widths:
        assert w is not None
        out = (max(out[0], w[0]), max(out[1], w[1]), max(out[2], w[2]), max(out[3], w[3]))
    return out


def _char_kind(ch: int) -> int:
    """1 white space, 2 word, 3 other non-space character."""
    c = chr(ch)
    if c.isspace():
        return 1
    return 2 if c.isalnum() or c == "_" else 3


def _unit_kind(op: Any, av: Any) -> int | None:
    """Which run bounds repeats of one single-character item: 1 white space, 2 word, 3 non-space,
    or ``None`` when nothing in the text bounds it (a dot, a negated class, space mixed with words)."""
    if op is _c.LITERAL:
        return _char_kind(av)
    if op is _c.CATEGORY:
        if av in (_c.CATEGORY_SPACE, _c.CATEGORY_UNI_SPACE):
            return 1
        if av in (_c.CATEGORY_WORD, _c.CATEGORY_UNI_WORD, _c.CATEGORY_DIGIT, _c.CATEGORY_UNI_DIGIT):
            return 2
        return 3 if av in (_c.CATEGORY_NOT_SPACE, _c.CATEGORY_UNI_NOT_SPACE) else None
    kinds: set[int | None]
    if op is _c.RANGE:
        low, high = av
        if high - low > 256:
            return None
        kinds = {_char_kind(x) for x in range(low, high + 1)}
    elif op is _c.IN:
        if any(item[0] is _c.NEGATE for item in av):
            return None
        kinds = {_unit_kind(*item) for item in av}
    else:
        return None
    if None in kinds or not kinds:
        return None
    if len(kinds) == 1:
        return kinds.pop()
    return 3 if kinds == {2, 3} else None


def _item_width(op: Any, av: Any) -> Width | None:
    """The most characters one parsed item can take (``None``: unbounded)."""
    if op is _c.BRANCH:
        return _widest([_width(alternative) for alternative in av[1]])
    if op is _c.SUBPATTERN:
        return _width(av[-1])
    if op is _ATOMIC:
        return _width(av)
    if op in _REPEATS:
        _, high, body = av
        if high < _c.MAXREPEAT:
            return _times(_width(body), high)
        kind = _unit_kind(*body[0]) if len(body) == 1 else None
        if kind is None:
            return None
        return (0, int(kind == 1), int(kind == 2), int(kind == 3))
    if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
        return ZERO
    if op in (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN, _c.CATEGORY, _c.RANGE):
        return (1, 0, 0, 0)
    return None  # a backreference, a conditional group: not worth reasoning about


def _width(items: Any) -> Width | None:
    total: Width | None = ZERO
    for op, av in items:
        total = _add(total, _item_width(op, av))
        if total is None:
            return None
    return total


def _reach(items: Any) -> Width | None:
    """What the look-aheads in ``items`` may read to the right of the point where they start,
    summed over every one (nested ones too): an over-estimate only makes a scan look wider."""
    total: Width | None = ZERO
    for op, av in items:
        if op in (_c.ASSERT, _c.ASSERT_NOT):
            direction, body = av
            inner = _reach(body)
            total = _add(total, _add(inner, _width(body)) if direction > 0 else inner)
        elif op in _REPEATS:
            _, high, body = av
            inner = _reach(body)
            if inner is not None and inner != ZERO and high >= _c.MAXREPEAT:
                return None
            total = _add(total, _times(inner, max(1, high)))
        elif op is _c.SUBPATTERN:
            total = _add(total, _reach(av[-1]))
        elif op is _ATOMIC:
            total = _add(total, _reach(av))
        elif op is _c.BRANCH:
            for alternative in av[1]:
                total = _add(total, _reach(alternative))
        if total is None:
            return None
    return total


@dataclass(frozen=True)
class _Need:
    """Literals one of which occurs in every match, at most ``lead`` after the match's start."""

    literals: frozenset[str]
    lead: Width | None


#: Words that nearly every privacy policy uses many times: a literal among them selects almost
#: nothing, however long it is ("information" is the longest literal of "share\s+information").
COMMON_WORDS = frozenset(
    {
        *("information", "personal", "data", "privacy", "policy", "service", "services", "website"),
        *("third", "party", "parties", "company", "account", "provide", "process", "processing"),
        *("collect", "collected", "your", "with", "that", "this", "from", "have", "will", "other"),
        *("such", "which", "these", "their", "about", "the", "and", "you", "our", "for", "are"),
        *("not", "may", "any", "can", "use", "all"),
    }
)


def _selectivity(need: _Need) -> tuple[bool, int]:
    """How selective a requirement is: free of the commonest words first, then the longer shortest
    literal (a longer literal occurs less often)."""
    return (not (need.literals & COMMON_WORDS), min(map(len, need.literals)))


def _best(a: _Need | None, b: _Need | None) -> _Need | None:
    """The more selective of two requirements (:func:`_selectivity`)."""
    if a is None:
        return b
    if b is None:
        return a
    return a if _selectivity(a) >= _selectivity(b) else b


def _sequence(items: Any) -> _Need | None:
    """What a sequence of parsed items needs: its best single requirement, counting each run of
    consecutive literals as one literal, with the width of what comes before it."""
    best: _Need | None = None
    run: list[str] = []
    before: Width | None = ZERO  # the width of the items before the current one
    run_lead: Width | None = ZERO

    def flush() -> None:
        nonlocal best, run
        if len(run) >= MIN_LITERAL:
            best = _best(best, _Need(frozenset({"".join(run).casefold()}), run_lead))
        run = []

    for op, av in items:
        if op is _c.LITERAL:
            if not run:
                run_lead = before
            run.append(chr(av))
            before = _add(before, (1, 0, 0, 0))
            continue
        flush()
        inner: _Need | None = None
        if op is _c.SUBPATTERN:
            inner = _sequence(av[-1])
        elif op in _REPEATS and av[0] >= 1:
            inner = _sequence(av[2])
        elif op is _c.BRANCH:
            inner = _branch(av[1])
        # anything else (an anchor, a class, a backreference, a look-around) needs nothing we can name
        if inner is not None:
            best = _best(best, _Need(inner.literals, _add(before, inner.lead)))
        before = _add(before, _item_width(op, av))
    flush()
    return best


def _branch(alternatives: Any) -> _Need | None:
    needs: set[str] = set()
    leads: list[Width | None] = []
    for alternative in alternatives:
        need = _sequence(alternative)
        if need is None:
            return None
        needs |= need.literals
        leads.append(need.lead)
    return _Need(frozenset(needs), _widest(leads))


@dataclass(frozen=True)
class PatternReading:
    """What one pattern needs (``literals``, case-folded) and its bounds (:data:`Width` vectors;
    ``None``: unbounded): ``lead`` from a match's start to the needed literal, ``width`` of a match,
    ``reach`` of its look-aheads past the point they start from."""

    literals: frozenset[str]
    lead: Width | None
    width: Width | None
    reach: Width | None
    #: the pattern begins (after anchors and look-arounds) with a run of literal characters, which
    #: the ``regex`` module finds with a fast string search instead of trying every position
    literal_start: bool = False


@functools.cache
def read_pattern(source: str, flags: int = 0) -> PatternReading | None:
    """The reading of ``source`` compiled with ``flags`` (``re``/``regex`` flag values), or ``None``
    when the pattern names no needed literal or cannot be read here."""
    try:
        parsed = list(_p.parse(source, flags & _READING))
    except Exception:
        return None
    need = _sequence(parsed)
    if need is None:
        return None
    return PatternReading(need.literals, need.lead, _width(parsed), _reach(parsed), _literal_start(parsed))


def _literal_start(items: Any) -> bool:
    run = 0
    for op, _ in items:
        if op is _c.LITERAL:
            run += 1
        elif run or op not in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            break
    return run >= 3


def required_literals(source: str, flags: int = 0) -> frozenset[str] | None:
    """Case-folded literals one of which occurs in every match (``None``: none can be named)."""
    reading = read_pattern(source, flags)
    return None if reading is None else reading.literals
