"""From a validated ruleset file to compiled checks.

Everything that can be wrong about a ruleset and is not a matter of JSON shape is found here, at load
time, with the position of the offending key: unknown vocabularies, regexes that do not compile,
misplaced ``heading``/``not``, unknown dates. Patterns are compiled exactly once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

import regex

from ..document.jurisdictions import known_jurisdictions
from ..document.model import EntityKind
from ..errors import RulesetError
from .combinators import AllOf, AnyOf, HeadingConstraint, Unless
from .compiled import Example, Messages, Rule
from .conditions import (
    AllConditions,
    AnyCondition,
    Condition,
    FactCondition,
    InForceFrom,
    NotCondition,
    TextCondition,
)
from .legal_dates import legal_dates
from .matchers import (
    EntityLeaf,
    Matcher,
    NegationMode,
    Origin,
    PatternLeaf,
    ScopeName,
    TermLeaf,
    describe_terms,
)
from .model import ConditionModel, MatcherModel, RuleModel, ValueCheckModel
from .regex_safety import (
    MAX_PATTERN_CHARS_PER_RULESET,
    MAX_TERM_LENGTH,
    MAX_TERMS_PER_RULESET,
    MAX_UNROLLED_PER_RULESET,
    compile_user_regex,
    unrolled_size,
)
from .terms import terms_regex
from .tokens import Term, parse_term, term_set
from .values import DEFAULT_NEAR_WORDS, MaxDays, MaxPolicyAge, NotAfter, ValueCheck
from .yaml_source import LocatedYaml, Path

DEFAULT_SCOPE: ScopeName = "sentence"


class Compiler:
    def __init__(self, located: LocatedYaml, vocabularies: Mapping[str, tuple[str, ...]]) -> None:
        self.located = located
        self.vocabularies = vocabularies
        # Bounds on what one ruleset file may make the loader compile (see :mod:`.regex_safety`).
        self._patterns: set[str] = set()
        self._pattern_chars = 0
        self._unrolled = 0
        self._terms = 0
        self._expanded: dict[str, tuple[str, ...]] = {}

    def error(self, message: str, where: Path) -> RulesetError:
        return self.located.error(message, where)

    # -- matchers ----------------------------------------------------------------------------------

    def matcher(self, m: MatcherModel, where: Path, negated: NegationMode = False) -> Matcher:
        """Compile ``m``; ``negated`` is inherited from an enclosing combinator unless ``m`` sets its own."""
        if m.heading is not None:
            raise self.error("heading is a location constraint: use it as a part of all", (*where, "heading"))
        if m.not_ is not None:
            raise self.error(
                "not is only meaningful as a part of all (use a condition's not for a whole document)",
                (*where, "not"),
            )
        if m.within is not None and m.all_ is None:
            raise self.error("within binds the parts of all: use it next to all", (*where, "within"))
        if m.unless_scope is not None and m.unless is None:
            raise self.error(
                "unless_scope says where unless looks: it needs unless", (*where, "unless_scope")
            )
        compiled = self._matcher(m, where, negated if m.negated is None else m.negated)
        if m.unless is None:
            return compiled
        # A qualifier counts however it is phrased: "unless", "except where", "no fee ... unless".
        qualifier = self.matcher(m.unless, (*where, "unless"), "any")
        return Unless(compiled, qualifier, m.unless_scope or "block")

    def _matcher(self, m: MatcherModel, where: Path, negated: NegationMode) -> Matcher:
        flags = 0 if m.case_sensitive else re.IGNORECASE
        if m.terms is not None:
            terms = self._expand_terms(m.terms, (*where, "terms"))
            if not m.case_sensitive:
                return self._term_leaf(terms, where, negated, m.in_headings)
            source = self._terms_pattern(terms, (*where, "terms"))
            return PatternLeaf(
                source,
                flags,
                negated,
                m.in_headings,
                False,
                describe_terms(terms),
                self._origin((*where, "terms")),
            )
        if m.regex is not None:
            rflags = 0 if m.case_sensitive else regex.IGNORECASE
            try:
                size = unrolled_size(m.regex)
                compile_user_regex(m.regex, rflags)
            except ValueError as exc:
                raise self.error(str(exc), (*where, "regex")) from None
            self._count_pattern(m.regex, (*where, "regex"), size)
            return PatternLeaf(
                m.regex, rflags, negated, m.in_headings, True, f"/{m.regex}/", self._origin((*where, "regex"))
            )
        if m.entity is not None:
            return EntityLeaf(EntityKind(m.entity), negated)
        if m.any_ is not None:
            return AnyOf(tuple(self.matcher(p, (*where, "any", i), negated) for i, p in enumerate(m.any_)))
        if m.all_ is not None:
            return self._all(m, where, negated)
        raise self.error("a matcher needs one of terms, regex, entity, all, any", where)

    def _term_leaf(self, terms: list[str], where: Path, negated: NegationMode, in_headings: bool) -> TermLeaf:
        parsed: list[Term] = []
        rest: list[str] = []
        for term in terms:
            t = parse_term(term)
            if t is None:
                rest.append(term)
            else:
                parsed.append(t)
        fallback = None
        if rest:
            source = self._terms_pattern(rest, (*where, "terms"))
            fallback = PatternLeaf(
                source, re.IGNORECASE, negated, in_headings, False, "", self._origin((*where, "terms"))
            )
        unique = tuple(dict.fromkeys(parsed))  # interned: terms that match alike are one object
        return TermLeaf(term_set(unique), fallback, negated, in_headings, describe_terms(terms))

    def _all(self, m: MatcherModel, where: Path, negated: NegationMode) -> AllOf:
        assert m.all_ is not None
        positive: list[Matcher] = []
        negative: list[Matcher] = []
        headings: list[HeadingConstraint] = []
        negative_headings: list[HeadingConstraint] = []
        for i, part in enumerate(m.all_):
            at: Path = (*where, "all", i)
            if part.heading is not None:
                headings.append(HeadingConstraint(self._heading(part.heading, (*at, "heading"))))
            elif part.not_ is not None:
                inner = part.not_
                if inner.heading is not None:
                    negative_headings.append(
                        HeadingConstraint(self._heading(inner.heading, (*at, "not", "heading")))
                    )
                else:
                    # Any mention excludes a unit, affirmative or not, unless the author says otherwise.
                    negative.append(self.matcher(inner, (*at, "not"), "any"))
            else:
                positive.append(self.matcher(part, at, negated))
        if not positive:
            raise self.error("all needs at least one part that is not a heading or a not", (*where, "all"))
        scope = m.scope or DEFAULT_SCOPE
        if m.within is not None and scope not in ("sentence", "block"):
            raise self.error("within works with sentence or block scope", (*where, "within"))
        return AllOf(
            tuple(positive),
            tuple(negative),
            tuple(headings),
            tuple(negative_headings),
            scope,
            m.within,
        )

    def _heading(self, m: MatcherModel, where: Path) -> Matcher:
        inner = m.model_copy(update={"in_headings": True, "negated": "any"}) if m.terms or m.regex else m
        return self.matcher(inner, where)

    def _expand_terms(self, terms: tuple[str, ...], where: Path) -> list[str]:
        out: list[str] = []
        for i, term in enumerate(terms):
            self._refuse_exact_vocabulary(term, (*where, i))
            if term.startswith("@"):
                out.extend(self._vocabulary(term[1:], (*where, i), ()))
            else:
                self._check_term(term, (*where, i))
                out.append(term)
        self._terms += len(out)
        if self._terms > MAX_TERMS_PER_RULESET:
            raise self.error(
                f"the ruleset uses more than {MAX_TERMS_PER_RULESET:,} terms (a vocabulary counts once per"
                " use); split it into several rulesets",
                where,
            )
        return out

    def _check_term(self, term: str, where: Path) -> None:
        if len(term) > MAX_TERM_LENGTH:
            raise self.error(
                f"term is {len(term):,} characters long (at most {MAX_TERM_LENGTH}); a term is a word or"
                " phrase, use a regex for anything longer",
                where,
            )

    def _refuse_exact_vocabulary(self, term: str, where: Path) -> None:
        if term.startswith("=") and term[1:].lstrip().startswith("@"):
            raise self.error(
                f"{term!r}: a leading = makes one term exact; it cannot apply to a vocabulary"
                " (put = on the vocabulary's terms)",
                where,
            )

    def _vocabulary(self, name: str, used_at: Path, using: tuple[str, ...]) -> tuple[str, ...]:
        """The terms of vocabulary ``name``, with the vocabularies it names (``"@other"`` among its
        terms) put in their place, as they are in a rule's ``terms``. Worked out once per ruleset;
        an unknown name, a cycle or an over-long term is reported where it is written (in this file's
        ``vocabularies``, else where the vocabulary is used)."""
        if name not in self.vocabularies:
            known = ", ".join(sorted(self.vocabularies)) or "none defined"
            raise self.error(f"unknown vocabulary '@{name}' (known: {known})", used_at)
        done = self._expanded.get(name)
        if done is not None:
            return done
        if name in using:
            cycle = " -> ".join(f"@{n}" for n in (*using[using.index(name) :], name))
            raise self.error(f"vocabularies name each other in a cycle: {cycle}", used_at)
        defined_here = ("vocabularies", name) in self.located.marks
        out: list[str] = []
        for j, term in enumerate(self.vocabularies[name]):
            at = ("vocabularies", name, j) if defined_here else used_at
            self._refuse_exact_vocabulary(term, at)
            if term.startswith("@"):
                out.extend(self._vocabulary(term[1:], at, (*using, name)))
            else:
                self._check_term(term, at)
                out.append(term)
            if len(out) > MAX_TERMS_PER_RULESET:  # nesting must not multiply a vocabulary without bound
                raise self.error(
                    f"vocabulary '@{name}' expands to more than {MAX_TERMS_PER_RULESET:,} terms", at
                )
        expanded = self._expanded[name] = tuple(out)
        return expanded

    def _terms_pattern(self, terms: list[str], where: Path) -> str:
        """One pattern for a term list that cannot go through the word index."""
        try:
            source = terms_regex(terms)
        except ValueError as exc:
            raise self.error(str(exc), where) from None
        self._count_pattern(source, where)
        return source

    def _count_pattern(self, source: str, where: Path, unrolled: int = 0) -> None:
        """Compiling costs time in proportion to pattern length, and every compiled regex is kept:
        bound the file's totals of both."""
        if source in self._patterns:
            return
        self._patterns.add(source)
        self._pattern_chars += len(source)
        self._unrolled += unrolled
        if self._pattern_chars > MAX_PATTERN_CHARS_PER_RULESET:
            raise self.error(
                f"the ruleset's regexes and term lists make more than {MAX_PATTERN_CHARS_PER_RULESET:,}"
                " characters of patterns to compile; split it into several rulesets",
                where,
            )
        if self._unrolled > MAX_UNROLLED_PER_RULESET:
            raise self.error(
                f"the ruleset's regexes unroll to more than {MAX_UNROLLED_PER_RULESET:,} items together"
                " (see the bound on counted repeats); use * or + or smaller counts",
                where,
            )

    def _origin(self, where: Path) -> Origin:
        line, column = self.located.locate(where)
        return Origin(self.located.path, line, column, ".".join(str(p) for p in where))

    # -- conditions --------------------------------------------------------------------------------

    def condition(self, c: ConditionModel, where: Path) -> Condition:
        if c.in_force_from is not None:
            date, label = self._date(c.in_force_from, (*where, "in_force_from"))
            return InForceFrom(date, label, c.reason)
        if c.fact is not None:
            other = self.condition(c.otherwise, (*where, "otherwise")) if c.otherwise else None
            return FactCondition(c.fact, c.equals, other, c.reason, c.default)
        if c.text is not None:
            return TextCondition(self.matcher(c.text, (*where, "text")), c.reason)
        if c.all_ is not None:
            return AllConditions(
                tuple(self.condition(p, (*where, "all", i)) for i, p in enumerate(c.all_)), c.reason
            )
        if c.any_ is not None:
            return AnyCondition(
                tuple(self.condition(p, (*where, "any", i)) for i, p in enumerate(c.any_)), c.reason
            )
        if c.not_ is not None:
            return NotCondition(self.condition(c.not_, (*where, "not")), c.reason)
        raise self.error("a condition needs one of fact, text, all, any, not", where)

    def _date(self, value: str, where: Path) -> tuple[dt.date, str]:
        """An ISO date, or the name of one in the bundled legal dates file."""
        dates = legal_dates()
        if value in dates:
            return dates[value], value
        try:
            return dt.date.fromisoformat(value), value
        except ValueError:
            known = ", ".join(sorted(dates))
            raise self.error(
                f"{value!r} is neither a date YYYY-MM-DD nor a known date name ({known})", where
            ) from None

    # -- value checks ------------------------------------------------------------------------------

    def value(self, v: ValueCheckModel, where: Path) -> ValueCheck:
        if v.max_policy_age_months is not None:
            return MaxPolicyAge(v.max_policy_age_months, v.message)
        assert v.where is not None
        matcher = self.matcher(v.where, (*where, "where"))
        if (v.near is not None or v.within is not None) and v.max_days is None:
            raise self.error("near and within bind a max_days period to its act", (*where, "near"))
        if v.within is not None and v.near is None:
            raise self.error("within needs near (the act the period belongs to)", (*where, "within"))
        if v.max_days is not None:
            near = self.matcher(v.near, (*where, "near"), "any") if v.near is not None else None
            return MaxDays(matcher, v.max_days, v.message, near, v.within or DEFAULT_NEAR_WORDS)
        if v.not_after is not None:
            try:
                date = dt.date.fromisoformat(v.not_after)
            except ValueError:
                raise self.error(
                    f"not_after must be a date YYYY-MM-DD, not {v.not_after!r}", (*where, "not_after")
                ) from None
            return NotAfter(matcher, date, v.not_after, v.message)
        assert v.date_ref is not None
        dates = legal_dates()
        if v.date_ref not in dates:
            raise self.error(
                f"unknown date_ref {v.date_ref!r} (known: {', '.join(sorted(dates))})", (*where, "date_ref")
            )
        return NotAfter(matcher, dates[v.date_ref], v.date_ref, v.message)

    def jurisdictions(self, names: tuple[str, ...] | None, where: Path) -> frozenset[str] | None:
        if names is None:
            return None
        known = known_jurisdictions()
        for i, name in enumerate(names):
            if name not in known:
                raise self.error(f"unknown jurisdiction {name!r} (known: {', '.join(known)})", (*where, i))
        return frozenset(names)

    # -- rules -------------------------------------------------------------------------------------

    def rule(self, r: RuleModel, where: Path, ruleset_id: str) -> Rule:
        if r.expect is None and r.kind not in ("prohibition", "temporal") and not r.values:
            raise self.error(f"rule {r.id} of kind {r.kind} needs expect (what discloses it)", where)
        line, _ = self.located.locate(where)
        return Rule(
            id=r.id,
            ruleset=ruleset_id,
            title=r.title,
            citation=r.citation,
            severity=r.severity,
            kind=r.kind,
            enabled=r.enabled,
            description=r.description,
            remediation=r.remediation,
            messages=Messages(
                r.messages.pass_, r.messages.fail, r.messages.missing, r.messages.not_applicable
            ),
            applies_when=self.condition(r.applies_when, (*where, "applies_when")) if r.applies_when else None,
            expect=self.matcher(r.expect, (*where, "expect")) if r.expect else None,
            contradict=self.matcher(r.contradict, (*where, "contradict")) if r.contradict else None,
            values=tuple(self.value(v, (*where, "values", i)) for i, v in enumerate(r.values)),
            jurisdictions=self.jurisdictions(r.jurisdictions, (*where, "jurisdictions")),
            examples=tuple(Example(**Example.fields_of(e), outcome=e.outcome) for e in r.examples),
            path=self.located.path,
            line=line,
            example_lines=tuple(
                self.located.locate((*where, "examples", i))[0] for i in range(len(r.examples))
            ),
            belongs_under=(
                HeadingConstraint(self._heading(r.belongs_under, (*where, "belongs_under")))
                if r.belongs_under
                else None
            ),
        )
