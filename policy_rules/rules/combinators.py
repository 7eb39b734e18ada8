"""Combinators: matchers built from other matchers.

``any`` unites its parts' hits; ``all`` groups them by a scope unit (sentence, block, section,
document) and keeps the units where every positive part matched, no ``not`` part did, and every
``heading`` constraint holds (a heading is a constraint on location, never evidence, unless it is a
sentence: see :mod:`policy_rules.document.structure`); ``within`` binds the parts by distance in
words; ``unless`` drops hits that a qualifier excuses.

A sentence or block is read with its lead-ins (``PolicyDocument.lead_in``): the hits of "You have the
right to ask us to:" count for each list item under it, a ``not`` part or an ``unless`` qualifier
there speaks for the items too, and ``within`` measures as if the lead-in stood right before the item.
Section and document scope need nothing of the sort: a lead-in and its items share their section.
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
            # The block at the hit, not the sentence's: a heading that runs on into the paragraph
            # below shares its sentence with that paragraph, and is still a heading.
            block = doc.block_at(h.start)
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
        # A heading no section has rules out every part: cheaper than the parts themselves, which
        # may be as broad as "any word" (a heading, never evidence alone, needs text under it).
        if any(not c.sections(ctx) for c in self.headings):
            return []
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
        reach = ctx.followers(self.scope) if self.scope in ("sentence", "block") else {}
        # the lead-in reading only where a positive part matched in a lead-in (most matches are
        # elsewhere; an exclusion in a lead-in vetoes only items that borrow from it)
        if reach and any(h.sentence in reach for hs in part_hits for h in hs):
            return self._led_hits(ctx, part_hits, reach)
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

    def _led_hits(
        self, ctx: EvalContext, part_hits: list[list[Hit]], reach: dict[int, tuple[int, ...]]
    ) -> list[Hit]:
        """Sentence or block scope where lead-ins exist: a hit in a lead-in ("You have the right to
        ask us to:") counts for every unit it leads into. The hits kept are those in a qualifying unit
        and those in a lead-in of one."""

        scope = self.scope

        sentence_block = ctx.sentence_block

        def own(hs: list[Hit]) -> set[int]:
            if scope == "sentence":
                return {h.sentence for h in hs}
            return {sentence_block[h.sentence] for h in hs}

        leads = reach.keys()

        def covered(hs: list[Hit]) -> set[int]:
            out = own(hs)
            sentences = out if scope == "sentence" else {h.sentence for h in hs}
            if sentences.isdisjoint(leads):  # the usual case: no hit in any lead-in
                return out
            for h in hs:
                if h.sentence in reach:
                    out.update(ctx.led(h, scope))
            return out

        units = covered(part_hits[0])
        for hs in part_hits[1:]:
            units &= covered(hs)
        # An item that says it all by itself is a statement of its own: only its own ``not`` hits veto
        # it (an exclusion read in a long lead-in, "We share data with providers acting on our behalf
        # and with:", says nothing about it). An item that borrows from its lead-in takes the lead-in's
        # exclusions with it ("We sell your data to the following categories of third parties:").
        # A denial in the lead-in ("We do not:") reaches the items through negation.
        if self.negative and units:
            whole = own(part_hits[0])
            for hs in part_hits[1:]:
                whole &= own(hs)
            for neg in self.negative:
                neg_hits = neg.hits(ctx)
                units -= own(neg_hits) | (covered(neg_hits) - whole)
                if not units:
                    break
        if self.within is not None:
            return _bound_led(ctx, part_hits, units, self.within, self.scope)
        out: dict[tuple[int, int], Hit] = {}
        for hs in part_hits:
            for h in hs:
                if self._unit(ctx, h) in units or (
                    h.sentence in reach and not units.isdisjoint(ctx.led(h, scope))
                ):
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


def _bound_led(
    ctx: EvalContext,
    part_hits: list[list[Hit]],
    units: set[int],
    within: int,
    scope: str,
) -> list[Hit]:
    """:func:`_bound` with lead-ins: a hit in a lead-in is placed, for each unit it leads into, as if
    the lead-in stood right before that unit ("to ask us to: restrict" is two words apart in every
    item), so distances read the lead-in and the item as one sentence."""
    doc = ctx.document
    unit_start: dict[int, int] = {}

    def start_of(unit: int) -> int:
        at = unit_start.get(unit)
        if at is None:
            offset = doc.sentences[unit].start if scope == "sentence" else doc.blocks[unit].text_start
            at = unit_start[unit] = ctx.word_at(offset)
        return at

    placed: list[list[tuple[int, int, Hit]]] = []
    for hs in part_hits:
        rows: list[tuple[int, int, Hit]] = []
        for h in hs:
            at = ctx.word_at(h.start)
            own = h.sentence if scope == "sentence" else ctx.block_of_sentence(h.sentence)
            if own in units:
                rows.append((own, at, h))
            led = ctx.led(h, scope)
            if led:
                before_end = ctx.word_at(doc.sentences[h.sentence].end) - at
                rows.extend((u, start_of(u) - before_end, h) for u in led if u in units)
        rows.sort(key=lambda r: (r[0], r[1]))
        placed.append(rows)
    keys = [[(u, p) for u, p, _ in rows] for rows in placed]
    out: dict[tuple[int, int], Hit] = {}
    for unit, at, anchor in placed[0]:
        chosen = [anchor]
        for rows, ks in zip(placed[1:], keys[1:], strict=True):
            i = bisect.bisect_left(ks, (unit, at))
            near = [
                j
                for j in (i - 1, i)
                if 0 <= j < len(ks) and ks[j][0] == unit and abs(ks[j][1] - at) <= within
            ]
            best = min(near, key=lambda j: abs(ks[j][1] - at), default=None)
            if best is None:
                break
            chosen.append(rows[best][2])
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
        qualifiers = self.qualifier.hits(ctx)
        excluded = {self._unit(ctx, q.sentence) for q in qualifiers}
        if self.scope in ("sentence", "block"):  # a qualifier in a lead-in speaks for its items
            for q in qualifiers:
                excluded.update(ctx.led(q, self.scope))
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
