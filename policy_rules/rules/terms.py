"""Turning a term list into one regular expression.

Rule authors write words the way the law and policies do ("opt-out", "third party", "delet*"); policies
write them with hyphens or spaces, in the plural or another inflection ("erased", "sold": see
:mod:`.inflection`), broken across lines, with curly apostrophes. One alternation per term list,
longest terms first, keeps matching to a single pass over the text. Term lists go this way only when
they cannot use the word index (:mod:`.tokens`): case-sensitive lists and terms that begin or end with
punctuation.
"""

from __future__ import annotations

import re

from . import inflection

_WORD_SPLIT = re.compile(r"[\s\-‐‑–]+")
_SEPARATOR = r"[\s\-‐‑–]*"
_APOSTROPHE = re.compile(r"\\?['’]")
_CONSONANT_Y = re.compile(r"[^aeiou]y$", re.IGNORECASE)


def _inflections(word: str, plural: bool) -> list[str]:
    """The word's inflections other than itself (and its regular plurals, matched anyway), in the
    author's case (so a case-sensitive "Sell" matches "Sold"), longest first."""
    lower = word.lower()
    forms = set(inflection.word_forms(word)) - {lower}
    if plural:
        forms -= {lower + "s", lower + "es", lower[:-1] + "ies"}
    if word[:1].isupper():
        if not word[1:].islower():
            return []
        forms = {f.capitalize() for f in forms}
    return sorted(forms, key=lambda f: (-len(f), f))


def _word(word: str, last: bool, wildcard: bool, exact: bool) -> str:
    escaped = _APOSTROPHE.sub("['’]", re.escape(word))
    if last and wildcard:
        return escaped + r"\w*"
    if last and _CONSONANT_Y.search(word):
        base = re.escape(word[:-1]) + "(?:y|ies)"
    elif last and word[-1:].isalpha():
        base = escaped + "(?:s|es)?"
    else:
        base = escaped
    others = [] if exact else _inflections(word, base != escaped)
    return f"(?:{base}|{'|'.join(others)})" if others else base


_WORD_START = r"(?<!\w)"


def term_regex(term: str) -> str:
    """Pattern for one term; matches whole words only."""
    exact, text = inflection.split_exact(term)
    wildcard = text.endswith("*")
    text = text.rstrip("*").strip()
    words = [w for w in _WORD_SPLIT.split(text) if w]
    if not words:
        raise ValueError(f"term {term!r} has no words")
    last = len(words) - 1
    body = _SEPARATOR.join(_word(w, i == last, wildcard, exact) for i, w in enumerate(words))
    start = _WORD_START if words[0][:1].isalnum() or words[0][:1] == "_" else ""
    end = r"(?!\w)" if not wildcard and (words[-1][-1:].isalnum() or words[-1][-1:] == "_") else ""
    return start + body + end


def terms_regex(terms: list[str]) -> str:
    """One alternation for many terms, longest first so the longest phrase wins at a position.

    The word-start guard is factored out of the terms that begin with a word character, so the
    alternation is only tried at word starts (about ten times faster on long term lists). This cannot
    change which term wins: such terms and the others never match at the same position."""
    unique = sorted(set(terms), key=lambda t: (-len(t), t))
    word_start: list[str] = []
    other: list[str] = []
    for t in unique:
        pattern = term_regex(t)
        if pattern.startswith(_WORD_START):
            word_start.append(f"(?:{pattern[len(_WORD_START) :]})")
        else:
            other.append(f"(?:{pattern})")
    groups = [f"{_WORD_START}(?:{'|'.join(word_start)})"] if word_start else []
    groups += other
    return "|".join(groups)
