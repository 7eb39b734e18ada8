"""Compiled matchers: what a rule looks for, evaluated against one document.

A matcher returns hits (document-text ranges with their sentence). Leaves scan the text; ``all``
groups its parts' hits by a scope unit (sentence, block, section, document) and keeps the units where
every positive part matched, no ``not`` part did, and every ``heading`` constraint holds. ``heading``
is a constraint on location, never evidence: a heading alone discloses nothing.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import regex

from ..document.model import EntityKind
from ..errors import RulesetError
from .context import EvalContext, Hit, hits_in_range
from .negation import SentenceNegation
from .regex_budget import RegexBudgetSpent, budget_for
from .regex_safety import compile_user_regex
from .tokens import TermSet

NegationMode = bool | Literal["any"]
ScopeName = Literal["sentence", "block", "section", "document"]


@dataclass(frozen=True)
class Origin:
    """Where a matcher was written, so run-time failures can name the ruleset file position."""

    path: str
    line: int | None
    column: int | None
    key: str


class Matcher(Protocol):
    def hits(self, ctx: EvalContext) -> list[Hit]: ...

    def describe(self) -> str: ...


@dataclass(frozen=True)
class PatternLeaf:
    """A ruleset regex (``user_regex``) or the pattern built from a term list. Both share the
    document's time budget (:mod:`.regex_budget`): a hostile term list can be as slow as a regex."""

    source: str
    flags: int
    negated: NegationMode
    in_headings: bool
    user_regex: bool
    label: str
    origin: Origin

    def __post_init__(self) -> None:
        # Compiled once here; dataclass pickling recompiles from ``source`` in the worker.
        compiled: object
        if self.user_regex:  # checked by the compiler; a worker recompiling it cannot fail
            compiled = compile_user_regex(self.source, self.flags)
        else:  # built by .terms from escaped words: nothing to refuse, but it runs on the budget too
            compiled = regex.compile(self.source, self.flags | regex.VERSION0)
        object.__setattr__(self, "_compiled", compiled)

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state.pop("_compiled", None)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.__post_init__()

    def _matches(self, ctx: EvalContext) -> list[tuple[int, int]]:
        key = ("pattern", self.source, self.flags, self.user_regex)
        cached: list[tuple[int, int]] | None = ctx.cache.get(key)
        if cached is not None:
            return cached
        text = ctx.document.text
        compiled = self.__dict__["_compiled"]
        try:
            found = budget_for(ctx.cache, len(text)).spans(compiled, text)
        except RegexBudgetSpent as spent:
            o = self.origin
            what = "regex" if self.user_regex else "term list"
            raise RulesetError(
                f"{what} ran out of time: the {spent.seconds:.1f}s budget for all patterns on"
                f" {ctx.document.source.display_path} was spent (catastrophic backtracking?);"
                f" simplify the {what}",
                path=o.path,
                line=o.line,
                column=o.column,
                key=o.key,
            ) from None
        found = [(s, e) for s, e in found if e > s]
        ctx.cache[key] = found
        return found

    def hits(self, ctx: EvalContext) -> list[Hit]:
        return leaf_hits(self, ctx)

    def describe(self) -> str:
        return self.label


@dataclass(frozen=True)
class TermLeaf:
    """A term list matched through the document's word index (see :mod:`.tokens`).

    Terms that cannot be matched word by word (leading or trailing punctuation) go to ``fallback``,
    an ordinary case-insensitive pattern.
    """

    terms: TermSet
    fallback: PatternLeaf | None
    negated: NegationMode
    in_headings: bool
    label: str

    def _matches(self, ctx: EvalContext) -> list[tuple[int, int]]:
        found = self.terms.find(ctx.token_index())
        if self.fallback is not None:
            found = sorted(set(found) | set(self.fallback._matches(ctx)))
        return found

    def hits(self, ctx: EvalContext) -> list[Hit]:
        return leaf_hits(self, ctx)

    def describe(self) -> str:
        return self.label


def leaf_hits(leaf: PatternLeaf | TermLeaf, ctx: EvalContext) -> list[Hit]:
    """A text leaf's hits, computed once per document (leaves live as long as the ruleset)."""
    key = ("hits", id(leaf))
    cached: list[Hit] | None = ctx.cache.get(key)
    if cached is None:
        cached = located_hits(ctx, leaf._matches(ctx), leaf.negated, leaf.in_headings)
        ctx.cache[key] = cached
    return cached


def located_hits(
    ctx: EvalContext, matches: list[tuple[int, int]], negated: NegationMode, in_headings: bool
) -> list[Hit]:
    """Hits with their sentence, without heading text (unless asked) and filtered by negation."""
    doc = ctx.document
    if not doc.sentences:
        return []
    memo: dict[int, bool] = ctx.cache.setdefault("negated-at", {})
    out: list[Hit] = []
    for start, end in matches:
        sentence_index = ctx.sentence_of(start)
        if not in_headings and ctx.block_is_heading[ctx.block_of_sentence(sentence_index)]:
            continue
        if negated != "any":
            flag = memo.get(start)
            if flag is None:
                flag = memo[start] = negated_at(ctx, start, sentence_index)
            if flag is not negated:
                continue
        out.append(Hit(start, end, sentence_index))
    return out


def negated_at(ctx: EvalContext, start: int, sentence_index: int) -> bool:
    """Whether the word at ``start`` is negated; each sentence is scanned once per document."""
    scanner: SentenceNegation | None = ctx.cache.get("negation")
    if scanner is None:
        scanner = ctx.cache["negation"] = SentenceNegation(ctx.document.text)
    sentence = ctx.document.sentences[sentence_index]
    return scanner.negated(start, sentence.start, sentence.end)


@dataclass(frozen=True)
class EntityLeaf:
    kind: EntityKind
    negated: NegationMode

    def hits(self, ctx: EvalContext) -> list[Hit]:
        """Computed once per document and kind: many rules ask for e-mails or addresses."""
        key = ("entity", self.kind, self.negated)
        cached: list[Hit] | None = ctx.cache.get(key)
        if cached is None:
            cached = ctx.cache[key] = self._hits(ctx)
        return cached

    def _hits(self, ctx: EvalContext) -> list[Hit]:
        doc = ctx.document
        if not doc.sentences:
            return []
        if self.kind is EntityKind.POLICY_DATE:
            ent = doc.policy_date_entity
            entities = [ent] if ent is not None else []
        else:
            entities = [e for e in doc.entities if e.kind is self.kind]
        out = []
        for e in entities:
            sentence_index = ctx.sentence_of(e.start)
            if self.negated not in ("any", False) and not negated_at(ctx, e.start, sentence_index):
                continue
            out.append(Hit(e.start, e.end, sentence_index))
        return out

    def describe(self) -> str:
        return f"a {self.kind.value.replace('_', ' ')}"


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Matcher, ...]

    def hits(self, ctx: EvalContext) -> list[Hit]:
        seen: dict[tuple[int, int], Hit] = {}
        for part in self.parts:
            for h in part.hits(ctx):
                seen.setdefault((h.start, h.end), h)
        return sorted(seen.values(), key=lambda h: (h.start, h.end))

    def describe(self) -> str:
        return " or ".join(p.describe() for p in self.parts)


@dataclass(frozen=True)
class HeadingConstraint:
    """Holds for text under a heading that ``inner`` matches."""

    inner: Matcher

    def sections(self, ctx: EvalContext) -> frozenset[int]:
        key = ("heading", id(self))
        cached: frozenset[int] | None = ctx.cache.get(key)
        if cached is not None:
            return cached
        doc = ctx.document
        result = set()
        for h in self.inner.hits(ctx):
            block = doc.blocks[ctx.block_of_sentence(h.sentence)]
            if ctx.block_is_heading[block.index]:
                result.add(block.section)
        frozen = frozenset(result)
        ctx.cache[key] = frozen
        return frozen

    def describe(self) -> str:
        return f"under a heading with {self.inner.describe()}"


@dataclass(frozen=True)
class AllOf:
    positive: tuple[Matcher, ...]
    negative: tuple[Matcher, ...]
    headings: tuple[HeadingConstraint, ...]
    negative_headings: tuple[HeadingConstraint, ...]
    scope: ScopeName
    within: int | None = None

    def _unit(self, ctx: EvalContext, hit: Hit) -> int:
        if self.scope == "sentence":
            return hit.sentence
        if self.scope == "block":
            return ctx.block_of_sentence(hit.sentence)
        return 0

    def _order(self) -> tuple[int, ...]:
        order: tuple[int, ...] | None = self.__dict__.get("_cost_order")
        if order is None:
            costs = [cost(p) for p in self.positive]
            order = tuple(sorted(range(len(costs)), key=lambda i: costs[i]))
            object.__setattr__(self, "_cost_order", order)
        return order

    def _location_ok(self, ctx: EvalContext, section: int) -> bool:
        for c in self.headings:
            if not ctx.under(section, c.sections(ctx)):
                return False
        return all(not ctx.under(section, c.sections(ctx)) for c in self.negative_headings)

    def hits(self, ctx: EvalContext) -> list[Hit]:
        located = bool(self.headings or self.negative_headings)
        found: dict[int, list[Hit]] = {}
        # Cheapest parts first, stopping at the first that cannot match: a word-index lookup often
        # spares a regex scan. The parts keep their written order in what follows (within anchors
        # on the first).
        for i in self._order():
            hs = self.positive[i].hits(ctx)
            if located:
                hs = [h for h in hs if self._location_ok(ctx, ctx.section_of_sentence(h.sentence))]
            if not hs:
                return []
            found[i] = hs
        part_hits = [found[i] for i in range(len(self.positive))]
        if self.scope == "section":
            return self._section_hits(ctx, part_hits)
        units: set[int] = {self._unit(ctx, h) for h in part_hits[0]}
        for hs in part_hits[1:]:
            units &= {self._unit(ctx, h) for h in hs}
        for neg in self.negative:
            if not units:
                break
            units -= {self._unit(ctx, h) for h in neg.hits(ctx)}
        if not units:
            return []
        if self.within is not None:
            kept = [[h for h in hs if self._unit(ctx, h) in units] for hs in part_hits]
            return _bound(ctx, kept, self.within, lambda h: self._unit(ctx, h))
        out: dict[tuple[int, int], Hit] = {}
        for hs in part_hits:
            for h in hs:
                if self._unit(ctx, h) in units:
                    out.setdefault((h.start, h.end), h)
        return sorted(out.values(), key=lambda h: (h.start, h.end))

    def _section_hits(self, ctx: EvalContext, part_hits: list[list[Hit]]) -> list[Hit]:
        blocks_of = [sorted({ctx.block_of_sentence(h.sentence) for h in hs}) for hs in part_hits]
        neg_blocks = [sorted({ctx.block_of_sentence(h.sentence) for h in n.hits(ctx)}) for n in self.negative]
        qualifying: list[tuple[int, int, int]] = []
        for section, first, last in ctx.section_units:
            if not self._location_ok(ctx, section):
                continue
            if all(hits_in_range(b, first, last) for b in blocks_of) and not any(
                hits_in_range(b, first, last) for b in neg_blocks
            ):
                qualifying.append((section, first, last))
        # Keep the innermost qualifying sections: evidence should come from where the topic is treated.
        starts, ends = _merged_ranges(_innermost(qualifying))
        out: dict[tuple[int, int], Hit] = {}
        for hs in part_hits:
            for h in hs:
                b = ctx.block_of_sentence(h.sentence)
                i = bisect.bisect_right(starts, b) - 1
                if i >= 0 and b <= ends[i]:
                    out.setdefault((h.start, h.end), h)
        return sorted(out.values(), key=lambda h: (h.start, h.end))

    def describe(self) -> str:
        parts = [p.describe() for p in self.positive]
        parts += [f"not {n.describe()}" for n in self.negative]
        parts += [c.describe() for c in self.headings]
        parts += [f"not {c.describe()}" for c in self.negative_headings]
        near = f" within {self.within} words" if self.within is not None else ""
        return f"({' and '.join(parts)}{near} in one {self.scope})"


def cost(matcher: object) -> int:
    """A rough rank of what a matcher costs on a document: word-index lookups and entities (0),
    term patterns (1), ruleset regexes (2); a combination costs what its dearest part does."""
    if isinstance(matcher, PatternLeaf):
        return 2 if matcher.user_regex else 1
    if isinstance(matcher, TermLeaf):
        return 0 if matcher.fallback is None else 1
    if isinstance(matcher, AnyOf):
        return max((cost(p) for p in matcher.parts), default=0)
    if isinstance(matcher, AllOf):
        return max((cost(p) for p in (*matcher.positive, *matcher.negative)), default=0)
    if isinstance(matcher, Unless):
        return max(cost(matcher.inner), cost(matcher.qualifier))
    return 0


def _bound(
    ctx: EvalContext, part_hits: list[list[Hit]], within: int, unit: Callable[[Hit], int]
) -> list[Hit]:
    """Hits of every part that lie within ``within`` words of a hit of the first part, for the
    first-part hits that have such a neighbour from every other part.

    Each part's hits are sorted, so the nearest one to an anchor is found by bisection: the cost is
    O(anchors x parts x log hits), not the product of all the parts' hits."""
    positions = [[ctx.word_at(h.start) for h in hs] for hs in part_hits]
    out: dict[tuple[int, int], Hit] = {}
    for anchor, at in zip(part_hits[0], positions[0], strict=True):
        chosen = [anchor]
        for hs, ps in zip(part_hits[1:], positions[1:], strict=True):
            i = bisect.bisect_left(ps, at)
            near = [
                j
                for j in (i - 1, i)
                if 0 <= j < len(ps) and abs(ps[j] - at) <= within and unit(hs[j]) == unit(anchor)
            ]
            best = min(near, key=lambda j: abs(ps[j] - at), default=None)
            if best is None:
                break
            chosen.append(hs[best])
        else:
            for h in chosen:
                out.setdefault((h.start, h.end), h)
    return sorted(out.values(), key=lambda h: (h.start, h.end))


@dataclass(frozen=True)
class Unless:
    """Hits of ``inner``, except those sharing a ``scope`` unit with a hit of ``qualifier``: the
    exception that the law (or the sentence after) attaches to a statement, e.g. a fee that may be
    charged only for manifestly unfounded or excessive requests (GDPR Art. 12(5))."""

    inner: Matcher
    qualifier: Matcher
    scope: ScopeName

    def _unit(self, ctx: EvalContext, sentence: int) -> int:
        if self.scope == "sentence":
            return sentence
        if self.scope == "block":
            return ctx.block_of_sentence(sentence)
        if self.scope == "section":
            return ctx.section_of_sentence(sentence)
        return 0

    def hits(self, ctx: EvalContext) -> list[Hit]:
        hits = self.inner.hits(ctx)
        if not hits:
            return hits
        excluded = {self._unit(ctx, q.sentence) for q in self.qualifier.hits(ctx)}
        return [h for h in hits if self._unit(ctx, h.sentence) not in excluded]

    def describe(self) -> str:
        return f"{self.inner.describe()} unless {self.qualifier.describe()} in the same {self.scope}"


def _innermost(units: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """The ``(section, first_block, last_block)`` units that contain no other unit's block range.

    Sorting by first block (descending) and sweeping keeps this O(n log n): a policy with thousands
    of qualifying sections must not cost a comparison of every pair."""
    ordered = sorted(units, key=lambda u: (-u[1], u[2]))
    out: list[tuple[int, int, int]] = []
    least_last_after = None  # smallest last block among units that start later
    i = 0
    while i < len(ordered):
        j = i
        while j < len(ordered) and ordered[j][1] == ordered[i][1]:
            j += 1
        group = ordered[i:j]  # same first block, by last block ascending
        for k, u in enumerate(group):
            inside_same_start = k > 0 or (len(group) > 1 and group[1][2] <= u[2])
            inside_later = least_last_after is not None and least_last_after <= u[2]
            if not inside_same_start and not inside_later:
                out.append(u)
        least_last_after = group[0][2] if least_last_after is None else min(least_last_after, group[0][2])
        i = j
    return out


def _merged_ranges(units: list[tuple[int, int, int]]) -> tuple[list[int], list[int]]:
    """The block ranges of ``units`` merged into sorted, disjoint ``[start, end]`` ranges."""
    starts: list[int] = []
    ends: list[int] = []
    for _, first, last in sorted(units, key=lambda u: u[1]):
        if ends and first <= ends[-1]:
            ends[-1] = max(ends[-1], last)
        else:
            starts.append(first)
            ends.append(last)
    return starts, ends


def describe_terms(terms: Sequence[str], limit: int = 4) -> str:
    shown = ", ".join(f"'{t}'" for t in terms[:limit])
    return shown + (f" (+{len(terms) - limit} more)" if len(terms) > limit else "")


def shorten(text: str, limit: int = 100) -> str:
    """Cut a matcher description at a term boundary: a hint of what was looked for, not all of it."""
    if len(text) <= limit:
        return text
    cut = text.rfind("', '", 0, limit)
    return (text[: cut + 1] if cut > 0 else text[:limit]) + " …"
