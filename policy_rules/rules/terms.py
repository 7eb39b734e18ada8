"""Turning a term list into one regular expression.

Rule authors write words the way the law and policies do ("opt-out", "third party", "delet*"); policies
write them with hyphens or spaces, in the plural, broken across lines, with curly apostrophes. One
alternation per term list, longest terms first, keeps matching to a single pass over the text.
"""

from __future__ import annotations

import re

_WORD_SPLIT = re.compile(r"[\s\-‐‑–]+")
_SEPARATOR = r"[\s\-‐‑–]*"
_APOSTROPHE = re.compile(r"\\?['’]")
_CONSONANT_Y = re.compile(r"[^aeiou]y$", re.IGNORECASE)


def _word(word: str, last: bool, wildcard: bool) -> str:
    escaped = _APOSTROPHE.sub("['’]", re.escape(word))
    if not last:
        return escaped
    if wildcard:
        return escaped + r"\w*"
    if _CONSONANT_Y.search(word):
        return re.escape(word[:-1]) + "(?:y|ies)"
    if word[-1:].isalpha():
        return escaped + "(?:s|es)?"
    return escaped


_WORD_START = r"(?<!\w)"


def term_regex(term: str) -> str:
    """Pattern for one term; matches whole words only."""
    text = term.strip()
    wildcard = text.endswith("*")
    text = text.rstrip("*").strip()
    words = [w for w in _WORD_SPLIT.split(text) if w]
    if not words:
        raise ValueError(f"term {term!r} has no words")
    body = _SEPARATOR.join(_word(w, i == len(words) - 1, wildcard) for i, w in enumerate(words))
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
