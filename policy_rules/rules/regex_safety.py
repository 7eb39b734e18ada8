"""Refusing ruleset regexes that would exhaust memory, the stack or the clock when compiled.

The ``regex`` module has no limits of its own. It unrolls counted repeats when it compiles, so
``(?:(?:a{1000}){1000}){1000}`` asks for a billion nodes (gigabytes, then ``MemoryError``); its parser
recurses once per group, so 500 nested groups end in ``RecursionError``; ``(?R)`` and group calls
recurse without bound (``MemoryError`` even on empty text); ``(?V1)`` clashes with the VERSION0 flag
rulesets are compiled with (``ValueError``); and compile time grows with pattern length, quadratically
in the number of capture groups. None of that may reach the user as a traceback or a stuck machine.

So before a pattern is compiled it is scanned here once, left to right and without recursion, and
refused with a message an author can act on. The scanner is hand-written because no maintained
library parses the ``regex`` module's dialect, and the module's own parser is private and recursive
(the very problem). It need not understand every construct; it must only never *under*-estimate:

* every character, class and group costs 1 (more for the few that compile to branches), alternatives
  add up, and a quantifier multiplies what it repeats by its largest count (its smallest when
  unbounded) -- at least what the compiler unrolls;
* character classes, escapes and ``(?#...)`` comments are skipped exactly as the ``regex`` parser
  skips them (checked against its source), so a ``(`` or ``{1000}`` inside them is not syntax, and
  nothing outside them can hide from the count;
* verbose mode ``(?x)`` is refused rather than modelled: it lets whitespace and ``#`` comments appear
  inside counts, names and flags (``{1 0 0 0}`` is a thousand), which a small scanner cannot mirror
  safely. Rulesets are YAML, where a pattern is one line anyway.

The bounds on terms and on a whole ruleset file's patterns live here too; the compiler applies them
(:mod:`.compiler`), because many small patterns cost as much to compile and keep as one big one.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import regex

#: Longest regex a ruleset may contain; the built-in rulesets' longest is under 600 characters.
MAX_PATTERN_LENGTH = 10_000
#: Deepest nesting of groups; the ``regex`` parser recurses per level (the built-ins need 4).
MAX_GROUP_DEPTH = 50
#: Largest size of a pattern with its counted repeats unrolled (``(?:ab){500}`` is 1,500: two
#: characters and a group, 500 times); an item costs about 300 bytes compiled. The built-ins need 621.
MAX_UNROLLED_SIZE = 100_000
#: Longest term, in characters; the built-in rulesets' longest is under 60.
MAX_TERM_LENGTH = 200
#: Most terms one ruleset file may use, counting a vocabulary once per reference.
MAX_TERMS_PER_RULESET = 100_000
#: Most pattern text (regexes and the patterns built from term lists) one ruleset file may compile.
MAX_PATTERN_CHARS_PER_RULESET = 250_000
#: Largest unrolled size of all of one ruleset file's regexes together (each compiled one is kept).
MAX_UNROLLED_PER_RULESET = 300_000

# A counted repeat as the regex parser reads it outside verbose mode: {m}, {m,}, {,n}, {m,n}, {,}.
_COUNTS = re.compile(r"\{([0-9]*)(,([0-9]*))?\}")
# Inline flags: (?flags), (?flags:...), (?on-off), (?on-off:...).
_FLAGS = re.compile(r"((?:[abefiLmprsuwx]|V[01])*)(?:-((?:[abefiLmprsuwx]|V[01])+))?([:)])")
# After \N, \p, \P: a braced name the regex parser consumes whole; after \g, \L: an angled name.
_BRACED = re.compile(r"\{[\w \-.:=&/^]*\}")
_ANGLED = re.compile(r"<\w*>")
_POSIX = re.compile(r"\[:\^?[A-Za-z0-9_]+:\]")
_GROUP_PREFIX = re.compile(r"\?(?::|=|!|<=|<!|>|\||P?<(?![=!])\w*>)")
_CALL = re.compile(r"\?(?:R|[0-9]|[+-][0-9]|&|P[>&])")
_FULLCASE = re.compile(r"\(\?[a-zA-Z0-9]*f")  # may also match inside a class: only ever over-counts
_MAX_COUNT_DIGITS = 10  # the regex module refuses counts of 2**32 - 1 and above itself


class _Refused(Exception):
    pass


class _Group:
    """One open group: alternatives already closed, the current one, and the atom a quantifier
    would repeat (kept apart so ``ab{3}`` multiplies only ``b``)."""

    __slots__ = ("closed", "current", "last")

    def __init__(self) -> None:
        self.closed = 0
        self.current = 0
        self.last = 0

    def atom(self, size: int) -> None:
        self.current += self.last
        self.last = size

    def size(self) -> int:
        return self.closed + self.current + self.last


@functools.lru_cache(maxsize=4096)
def unrolled_size(source: str) -> int:
    """The size ``source`` compiles to, in items; ValueError saying why it may not be compiled.

    Memoized: the compiler sizes a pattern, compiles it, and a worker recompiles it after unpickling;
    YAML aliases repeat the same pattern many times. A refusal raises every time (not cached)."""
    if len(source) > MAX_PATTERN_LENGTH:
        raise ValueError(f"regex is {len(source):,} characters long (at most {MAX_PATTERN_LENGTH:,})")
    try:
        return _scan(source)
    except _Refused as exc:
        raise ValueError(str(exc)) from None


def regex_problem(source: str) -> str | None:
    """Why ``source`` may not be compiled, or None when it is within every bound."""
    try:
        unrolled_size(source)
    except ValueError as exc:
        return str(exc)
    return None


@functools.lru_cache(maxsize=4096)
def compile_user_regex(source: str, flags: int) -> Any:
    """``source`` compiled with VERSION0 semantics, or ValueError saying why it may not be.
    Compiled patterns are immutable, so one is shared by every leaf that uses the same source."""
    unrolled_size(source)
    try:
        return regex.compile(source, flags | regex.VERSION0)
    except (regex.error, ValueError, OverflowError, RecursionError) as exc:
        raise ValueError(f"regex does not compile: {exc}") from None


def _scan(src: str) -> int:
    # Items are weighed by what they cost compiled (about 300 bytes for a character): a grapheme
    # (\X) or line break (\R) is a small branch, and full case folding turns characters into branches.
    unit = 4 if _FULLCASE.search(src) else 1
    stack = [_Group()]
    i, n = 0, len(src)
    while i < n:
        top = stack[-1]
        c = src[i]
        if c == "\\":
            heavy = src[i + 1 : i + 2] in ("X", "R")
            i = _skip_escape(src, i)
            top.atom(unit * (6 if heavy else 1))
        elif c == "[":
            i = _skip_class(src, i)
            top.atom(unit)
        elif c == "(":
            i = _open(src, i, stack)
        elif c == ")":
            i += 1
            if len(stack) > 1:  # an unbalanced ")" is the compiler's error to report
                stack.pop()
                _bounded(stack[-1], top.size() + unit)  # a group is an item of its own
        elif c == "|":
            top.closed += top.current + top.last
            top.current = top.last = 0
            i += 1
        elif c == "{" and (m := _COUNTS.match(src, i)) and (m.group(1) or m.group(2)):
            low, high = m.group(1), m.group(3)
            if len(low) > _MAX_COUNT_DIGITS or len(high or "") > _MAX_COUNT_DIGITS:
                raise _Refused("regex repeat count too big")
            factor = int(high) if high else int(low or 0)
            top.last *= max(factor, 1)
            _check(top.size())
            i = m.end()
        else:  # a literal, ".", an anchor, or a "*", "+", "?" (which unroll nothing)
            if c not in "*+?":
                top.atom(unit)
            i += 1
        _check(top.size())
    while len(stack) > 1:  # unclosed groups: the compiler reports them, but count them first
        top = stack.pop()
        _bounded(stack[-1], top.size() + unit)
    _check(stack[0].size())
    return stack[0].size()


def _bounded(parent: _Group, size: int) -> None:
    parent.atom(size)
    _check(parent.size())


def _check(size: int) -> None:
    if size > MAX_UNROLLED_SIZE:
        raise _Refused(
            f"regex repeats unroll to more than {MAX_UNROLLED_SIZE:,} items (nested counted repeats"
            " multiply: (?:(?:a{100}){100}){100} is a million); use * or + or smaller counts"
        )


def _open(src: str, i: int, stack: list[_Group]) -> int:
    """Handle the group, flag, comment or call starting at ``src[i] == "("``; the index after its
    opening part."""
    if src.startswith("(?#", i):
        j = i + 3
        while j < len(src) and src[j] != ")":
            j += 2 if src[j] == "\\" else 1
        return j + 1
    if _CALL.match(src, i + 1):
        raise _Refused("recursion and group calls ((?R), (?1), (?&name), (?P>name)) are not supported")
    if src.startswith("(?", i) and (f := _FLAGS.match(src, i + 2)):
        on, off, end = f.group(1), f.group(2) or "", f.group(3)
        if "V1" in on or "V1" in off:
            raise _Refused("(?V1) is not supported: ruleset regexes use the regex module's VERSION0 rules")
        if "x" in on:
            raise _Refused("verbose mode (?x) is not supported in rulesets: write the pattern on one line")
        if end == ")":
            return f.end()  # inline flags: nothing opens
        _push(stack)
        return f.end()
    _push(stack)
    if src.startswith("(?(", i):  # a conditional: its condition "(1)" or "(?=...)" is scanned as a group
        return i + 2
    g = _GROUP_PREFIX.match(src, i + 1)
    return g.end() if g else i + 1


def _push(stack: list[_Group]) -> None:
    if len(stack) > MAX_GROUP_DEPTH:
        raise _Refused(f"regex groups are nested more than {MAX_GROUP_DEPTH} deep")
    stack.append(_Group())


def _skip_escape(src: str, i: int) -> int:
    """The index after the escape at ``src[i] == "\\"``: the backslash, one character, and the
    braced or angled name that the regex parser reads after ``\\N``, ``\\p``, ``\\P``, ``\\g``, ``\\L``."""
    kind = src[i + 1 : i + 2]
    j = i + 2
    if kind in ("N", "p", "P"):
        m = _BRACED.match(src, j)
        return m.end() if m else j
    if kind in ("g", "L"):
        m = _ANGLED.match(src, j)
        return m.end() if m else j
    return j


def _skip_class(src: str, i: int) -> int:
    """The index after the character class at ``src[i] == "["`` (VERSION0 rules: a ``]`` first is a
    literal, ``[:name:]`` is a POSIX class, any other ``[`` is a literal, a backslash escapes)."""
    j = i + 1
    if src.startswith("^", j):
        j += 1
    if src.startswith("]", j):
        j += 1
    n = len(src)
    while j < n:
        c = src[j]
        if c == "\\":
            j = _skip_escape(src, j)
        elif c == "]":
            return j + 1
        elif c == "[" and (m := _POSIX.match(src, j)):
            j = m.end()
        else:
            j += 1
    return n
