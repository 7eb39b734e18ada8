"""The inflected forms a term's words match: "erase" also matches "erased", "sell" matches "sold".

Policies write the verbs and nouns of a rule in whatever form the sentence needs ("you may ask for your
data to be erased", "we have never sold"), and term lists that enumerate those forms by hand grow long
and still miss some. So every word of a term that the lemminflect library knows as a noun or verb lemma
matches its noun and verb inflections, irregular ones included (sell/sold, keep/kept, child/children).
Only the word as written is a lemma: "shared" is not inflected back to "share", so authors write base
forms. Not inflected: modal verbs ("will" must not match "would"), all-capital words (acronyms such as
"AS" or "IT"), words with digits, and the words of an exact term (a leading ``=``, see
:func:`split_exact`).

Loading lemminflect costs about half a second (numpy, its data tables and model), which would more than
double the time to load a built-in ruleset. The forms of every word of the built-in rulesets are
therefore precomputed into a small table, ``policy_rules/data/inflections.json``, read at the first
lookup (milliseconds); the library is imported lazily, only for a word outside the table (a user's
ruleset). ``python -m policy_rules.rules.inflection`` regenerates the table from the built-in rulesets;
a test fails when it is stale. Forms are computed at ruleset compile time and memoised per word: a
document is never inflected, matching stays one pass of the word index (or one regex).
"""

from __future__ import annotations

import functools
import json
import re
import sys
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

_TABLE = "data/inflections.json"
_TAGS = ("NN", "VB")  # noun and verb forms; adjective comparatives ("righter") are not wanted
_MODALS = frozenset(["can", "could", "may", "might", "must", "shall", "should", "will", "would", "ought"])
_INFLECTABLE = re.compile(r"[a-z]+")
_EXACT = "="


def split_exact(term: str) -> tuple[bool, str]:
    """A leading ``=`` marks an exact term: its words match only as written (the last word still
    takes a regular plural, as every term's does). Returns whether it was there and the term without it."""
    text = term.strip()
    if text.startswith(_EXACT):
        return True, text[len(_EXACT) :].lstrip()
    return False, text


def inflectable(word: str) -> bool:
    """Whether a term word (as the author wrote it) is looked up at all."""
    if len(word) > 1 and word.isupper():
        return False
    lower = word.lower()
    return _INFLECTABLE.fullmatch(lower) is not None and lower not in _MODALS


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, ...]]:
    text = resources.files("policy_rules").joinpath(_TABLE).read_text(encoding="utf-8")
    data: dict[str, list[str]] = json.loads(text)
    return {word: tuple(forms) for word, forms in data.items()}


def library_forms(word: str) -> tuple[str, ...]:
    """lemminflect's noun and verb inflections of a lemma, without the lemma itself; sorted."""
    from lemminflect import getAllInflections  # lazy: see the module docstring

    found = getAllInflections(word)
    forms = {f.lower() for tag, fs in found.items() if tag.startswith(_TAGS) for f in fs}
    forms.discard(word)
    return tuple(sorted(f for f in forms if _INFLECTABLE.fullmatch(f)))


@functools.cache
def word_forms(word: str) -> frozenset[str]:
    """The forms a term word matches, lower-cased, itself included."""
    lower = word.lower()
    if not inflectable(word):
        return frozenset((lower,))
    table = _table()
    forms = table.get(lower)
    if forms is None:
        forms = library_forms(lower)
    return frozenset((lower, *forms))


def term_words(terms: Iterable[str]) -> set[str]:
    """The inflectable words of some terms (what the precomputed table has to cover)."""
    out: set[str] = set()
    for term in terms:
        exact, text = split_exact(term)
        if exact or text.startswith("@"):
            continue
        words = re.findall(r"\w+", text.rstrip("*"))
        if text.rstrip().endswith("*") and words:
            words = words[:-1]
        out.update(w.lower() for w in words if inflectable(w))
    return out


def _ruleset_terms(data: object) -> Iterable[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "terms" and isinstance(value, list):
                yield from (t for t in value if isinstance(t, str))
            elif key == "vocabularies" and isinstance(value, dict):
                for terms in value.values():
                    if isinstance(terms, list):
                        yield from (t for t in terms if isinstance(t, str))
            else:
                yield from _ruleset_terms(value)
    elif isinstance(data, list):
        for item in data:
            yield from _ruleset_terms(item)


def builtin_words() -> set[str]:
    """Every inflectable word of the built-in rulesets."""
    import yaml

    from .registry import builtin_dir

    words: set[str] = set()
    for path in sorted(builtin_dir().glob("*.yaml")):
        words |= term_words(_ruleset_terms(yaml.safe_load(path.read_text(encoding="utf-8"))))
    return words


def build_table(words: Iterable[str]) -> dict[str, list[str]]:
    return {word: list(library_forms(word)) for word in sorted(words)}


def main() -> int:
    """Regenerate the precomputed table (run after adding words to a built-in ruleset)."""
    table = build_table(builtin_words())
    target = Path(__file__).resolve().parent.parent / _TABLE
    lines = (f"{json.dumps(word)}: {json.dumps(forms)}" for word, forms in table.items())
    target.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    print(f"{target}: {len(table)} words", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
