"""Compiled matchers: what a rule looks for, evaluated against one document.

A matcher returns hits (document-text ranges with their sentence). The leaves here scan the text (a
ruleset regex, a term list through the word index, an entity kind); :mod:`.combinators` builds
``any``, ``all`` and ``unless`` from them.
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import regex

from ..document.model import EntityKind
from ..errors import RulesetError
from .context import MAX_LEAD_CHAIN, EvalContext, Hit
from .negation import SentenceNegation, row_denied
from .regex_budget import RegexBudgetSpent, Windows, budget_for
from .regex_reading import required_literals
from .regex_safety import compile_user_regex
from .regex_windows import LITERALS, WindowPlan, regions, window_plan, worth_windows
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
        # Compiled once here, so a bad pattern is refused at load time.
        object.__setattr__(self, "_compiled", self._compile())
        needs = required_literals(self.source, self.flags)
        if needs is not None:
            LITERALS.register(needs)
        object.__setattr__(self, "_needs", needs)
        object.__setattr__(self, "_windows", window_plan(self.source, self.flags, regex.FULLCASE))

    def _compile(self) -> object:
        if self.user_regex:  # checked by the compiler; recompiling it after unpickling cannot fail
            return compile_user_regex(self.source, self.flags)
        # built by .terms from escaped words: nothing to refuse, but it runs on the budget too
        return regex.compile(self.source, self.flags | regex.VERSION0)

    def __getstate__(self) -> dict[str, object]:
        # The reading of the pattern (needed literals, window plan) is plain data and travels; the
        # compiled pattern does not pickle (``regex`` recompiles it), so an unpickled leaf compiles
        # it at its first use: most leaves of a cached ruleset (:mod:`.cache`) or of a worker's copy
        # are never run on a given document, because none of their needed literals occurs in it.
        state = dict(self.__dict__)
        state.pop("_compiled", None)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        needs = state.get("_needs")
        if isinstance(needs, frozenset):
            LITERALS.register(needs)

    def compiled(self) -> object:
        """The compiled pattern, compiled now if this leaf was unpickled and not run yet."""
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self._compile()
            object.__setattr__(self, "_compiled", compiled)
        return compiled

    def _matches(self, ctx: EvalContext) -> list[tuple[int, int]]:
        key = ("pattern", self.source, self.flags, self.user_regex)
        cached: list[tuple[int, int]] | None = ctx.cache.get(key)
        if cached is not None:
            return cached
        text = ctx.document.text
        needs: frozenset[str] | None = self.__dict__["_needs"]
        try:
            budget = budget_for(ctx.cache, len(text))
            if needs is None:
                found = budget.spans(self.compiled(), text)
            else:
                at = ctx.literal_positions()
                occurrences = [(start, len(lit)) for lit in needs for start in at.get(lit, ())]
                if not occurrences:
                    ctx.cache[key] = []
                    return []
                found = budget.spans(self.compiled(), text, self._windows_for(ctx, occurrences))
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

    def _windows_for(self, ctx: EvalContext, occurrences: list[tuple[int, int]]) -> Windows | None:
        """The regions worth trying instead of a whole-text scan (:mod:`.regex_windows`), if any."""
        plan: WindowPlan | None = self.__dict__["_windows"]
        text = ctx.document.text
        # Folding that changed the length would shift the literals off the text's offsets.
        if plan is None or len(ctx.folded_text()) != len(text):
            return None
        margins = plan.margins(ctx.text_runs())
        if margins is None:
            return None
        found = regions(occurrences, margins[0], margins[1])
        return (found, margins) if worth_windows(found, margins, len(text)) else None

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
        matches = leaf._matches(ctx)
        # Leaves with the same term list get the same list of matches (see TermSet.find): they are
        # located once. The entry keeps the list, so its id cannot be reused while the entry lives.
        same = ("located", id(matches), leaf.negated, leaf.in_headings)
        entry: tuple[list[tuple[int, int]], list[Hit]] | None = ctx.cache.get(same)
        if entry is not None and entry[0] is matches:
            cached = entry[1]
        else:
            cached = located_hits(ctx, matches, leaf.negated, leaf.in_headings)
            ctx.cache[same] = (matches, cached)
        ctx.cache[key] = cached
    return cached


def located_hits(
    ctx: EvalContext, matches: list[tuple[int, int]], negated: NegationMode, in_headings: bool
) -> list[Hit]:
    """Hits with their sentence, without heading text (unless asked) and filtered by negation.

    This runs for every match of every leaf (thousands per document), so the per-hit work is
    inlined: a bisection on the sentence starts (:meth:`EvalContext.sentence_of`), a look-up in the
    per-sentence readability list (:meth:`EvalContext.readable`) and the per-document negation memo."""
    if not ctx.document.sentences:
        return []
    memo: dict[int, bool] = ctx.cache.setdefault("negated-at", {})
    starts = ctx.sentence_starts
    readable = ctx.readable_by[in_headings]
    check_negation = negated != "any"
    out: list[Hit] = []
    append = out.append
    for start, end in matches:
        sentence_index = bisect_right(starts, start) - 1
        if sentence_index < 0:
            sentence_index = 0
        if not readable[sentence_index]:
            continue
        if check_negation:
            flag = memo.get(start)
            if flag is None:
                flag = memo[start] = negated_at(ctx, start, sentence_index)
            if flag is not negated:
                continue
        append(_new_hit((start, end, sentence_index)))
    return out


#: ``Hit(start, end, sentence)`` made in C: the named tuple's own constructor is a Python function.
_new_hit = functools.partial(tuple.__new__, Hit)


def negated_at(ctx: EvalContext, start: int, sentence_index: int) -> bool:
    """Whether the word at ``start`` is negated; each sentence is scanned once per document. A word
    in the first clause of a list item is also negated by its lead-in's open denial ("We do not:")."""
    scanner: SentenceNegation | None = ctx.cache.get("negation")
    if scanner is None:
        scanner = ctx.cache["negation"] = SentenceNegation(ctx.document.text)
    sentences = ctx.document.sentences
    if ctx.table_row[sentence_index] and row_denied(sentences[sentence_index].text):
        return True
    leads = ctx.document.lead_in
    for _ in range(MAX_LEAD_CHAIN + 1):
        sentence = sentences[sentence_index]
        if scanner.negated(start, sentence.start, sentence.end):
            return True
        lead = leads[sentence_index] if sentence_index < len(leads) else None
        if lead is None or not scanner.first_clause(start, sentence.start, sentence.end):
            return False
        sentence_index = lead
        start = scanner.tail(sentences[lead].start, sentences[lead].end)
    return False


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


def describe_terms(terms: Sequence[str], limit: int = 4) -> str:
    shown = ", ".join(f"'{t}'" for t in terms[:limit])
    return shown + (f" (+{len(terms) - limit} more)" if len(terms) > limit else "")


def shorten(text: str, limit: int = 100) -> str:
    """Cut a matcher description at a term boundary: a hint of what was looked for, not all of it."""
    if len(text) <= limit:
        return text
    cut = text.rfind("', '", 0, limit)
    return (text[: cut + 1] if cut > 0 else text[:limit]) + " …"
