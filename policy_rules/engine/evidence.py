"""Choosing the spans a finding cites.

A rule's matchers may hit dozens of sentences; a reader (and a gold annotator) looks at the few that
say the thing. Candidates are ranked, best first:

1. text before headings: a heading names a topic, it does not disclose it, so a heading is cited only
   when nothing else matched;
2. statements before glossary entries ("Processor means …", anything under a "Definitions" heading)
   and questions ("What data do we collect?"), which name a topic without saying anything about it;
3. text in a section where the rule says the disclosure belongs (its ``belongs_under``) before text
   elsewhere: a rights sentence under "Your rights" is the disclosure, the same words in the cookie
   section are usually a passing mention;
4. more specific matches before less specific ones, measured as the number of words the rule's hits
   cover in the sentence: a sentence where several parts of an ``all`` met, or a multi-word phrase
   matched, says more than one where a single generic word did. Counted up to
   :data:`SPECIFIC_ENOUGH` words, because beyond that a longer sentence is only a longer list: on the
   labelled corpora, longest-first ranking cited run-on paragraphs over the sentence annotators chose;
5. document order.

One span per block (ten recipients named in one paragraph are one citation) before a second from the
same block, and at most :data:`MAX_EVIDENCE`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..document.source import Span
from ..rules.context import EvalContext, Hit
from .findings import Evidence

#: Evidence spans quoted per finding, best first.
MAX_EVIDENCE = 3
#: Words of matched text beyond which a sentence counts as no more specific.
SPECIFIC_ENOUGH = 3

_GLOSSARY_ENTRY = re.compile(
    r"^\W*[\w“”\"'’()\- ]{1,60}?\s+"
    r"(?:means|refers\s+to|shall\s+mean|is\s+defined\s+as|has\s+the\s+meaning)\b",
    re.IGNORECASE,
)
_NAMES_ONLY = "evidence-names-only"
_GLOSSARY_HEADING = re.compile(r"\b(?:definitions?|glossary|interpretation|terms\s+used)\b", re.IGNORECASE)


def _covered_words(ctx: EvalContext, hits: Sequence[Hit]) -> int:
    """Words covered by the union of the hits (overlapping hits count once)."""
    total = 0
    reach = -1
    for hit in sorted(hits, key=lambda h: (h.start, h.end)):
        start = max(hit.start, reach)
        if hit.end > start:
            total += max(1, ctx.word_at(hit.end) - ctx.word_at(start))
            reach = hit.end
    return total


def _names_only(ctx: EvalContext, sentence: int) -> bool:
    """A question or a glossary entry: it names a topic but states nothing about it (decided once per
    sentence and document: many findings cite the same sentences)."""
    known: dict[int, bool] = ctx.cache.setdefault(_NAMES_ONLY, {})
    answer = known.get(sentence)
    if answer is None:
        doc = ctx.document
        text = doc.sentences[sentence].text.rstrip()
        answer = known[sentence] = bool(
            text.endswith("?")
            or _GLOSSARY_ENTRY.search(text)
            or any(
                _GLOSSARY_HEADING.search(heading)
                for heading in doc.sections[ctx.section_of_sentence(sentence)].heading_path
            )
        )
    return answer


def evidence_for(
    ctx: EvalContext, hits: Sequence[Hit], prefer: frozenset[int] = frozenset()
) -> tuple[Evidence, ...]:
    """The best sentences (or list items) containing the hits, ranked as the module explains.

    ``prefer`` holds the sections where the disclosure belongs (their subsections count too)."""
    doc = ctx.document
    by_sentence: dict[int, list[Hit]] = {}
    for hit in hits:
        by_sentence.setdefault(hit.sentence, []).append(hit)
    ranked = []
    for sentence, sentence_hits in by_sentence.items():
        block = ctx.block_of_sentence(sentence)
        key = (
            ctx.block_is_heading[block] if ctx.block_is_heading else False,
            _names_only(ctx, sentence),
            not (prefer and ctx.under(ctx.section_of_sentence(sentence), prefer)),
            -min(_covered_words(ctx, sentence_hits), SPECIFIC_ENOUGH),
            sentence,
        )
        ranked.append((key, block, sentence_hits))
    ranked.sort(key=lambda item: item[0])
    # Best sentence of each block first; then, if slots remain, the next best of blocks already cited
    # (where a block-scoped ``all`` met in two sentences of one paragraph, both are the evidence).
    firsts: list[tuple[int, list[Hit]]] = []
    seconds: list[tuple[int, list[Hit]]] = []
    blocks: set[int] = set()
    for (*_, sentence), block, sentence_hits in ranked:
        (seconds if block in blocks else firsts).append((sentence, sentence_hits))
        blocks.add(block)
    spans: list[Span] = []
    for sentence, sentence_hits in (firsts + seconds)[:MAX_EVIDENCE]:
        first = min(sentence_hits, key=lambda h: (h.start, h.end))
        s = doc.sentences[sentence]
        if s.start <= first.start and first.end <= s.end:
            spans.append(s.span)
        else:
            spans.append(doc.source_span(first.start, first.end))
    text = doc.source.text
    return tuple(Evidence(span, text[span.start : span.end]) for span in spans)
