"""Combinators: matchers built from other matchers.

``any`` unites its parts' hits; ``all`` groups them by a scope unit (sentence, block, section,
document) and keeps the units where every positive part matched, no ``not`` part did, and every
``heading`` constraint holds (a heading is a constraint on location, never evidence); ``within``
binds the parts by distance in words; ``unless`` drops hits that a qualifier excuses.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass

from .context import EvalContext, Hit, hits_in_range
from .matchers import Matcher, PatternLeaf, ScopeName, TermLeaf


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Matcher, ...]

    def cheapest_first(self) -> tuple[Matcher, ...]:
        """The parts by :func:`cost`, for a caller that needs only one that matches."""
        return tuple(self.parts[i] for i in _cost_order(self, self.parts))

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
        return _cost_order(self, self.positive)

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


def _cost_order(owner: object, parts: tuple[Matcher, ...]) -> tuple[int, ...]:
    """Indices of ``parts`` from cheapest to dearest, worked out once per compiled matcher."""
    order: tuple[int, ...] | None = owner.__dict__.get("_cost_order")
    if order is None:
        costs = [cost(p) for p in parts]
        order = tuple(sorted(range(len(costs)), key=costs.__getitem__))
        object.__setattr__(owner, "_cost_order", order)
    return order


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
