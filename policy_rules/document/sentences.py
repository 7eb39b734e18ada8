"""Sentence boundaries inside one block's plain text.

Rules quote sentences as evidence, so a false break cuts a disclosure in half ("... such as Google
Inc." / "and its affiliates") and a missed break glues two unrelated statements together. Policies are
full of abbreviations, company suffixes, e-mail addresses, URLs and list numbering, which is why this
is not a naive split on full stops.

The scan is linear: one regular expression finds every candidate gap (terminal punctuation followed by
whitespace, or a line break), and each candidate is judged by looking at a bounded window around it.
Nothing here can backtrack over more than the punctuation run it matched, so a 50 MB block costs about
as much as reading it.
"""

from __future__ import annotations

import re

__all__ = ["split_sentences"]


def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


# A gap candidate: the last of a run of terminal marks plus closing quotes/brackets, then whitespace;
# or a bare line break (with the whitespace after it). Each alternative starts on a character that the
# other cannot start on, and neither can re-scan what it consumed, which keeps finditer linear.
_GAP_RE = re.compile(r"([.!?…:;])[\"'”’»)\]]*(\s+)|(\r\n?|\n)\s*")

_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«([¿¡"

# Lower-cased tokens (with their final dot) after which a full stop is not a sentence end.
_ABBREVIATIONS = _words(
    """
    mr. mrs. ms. dr. prof. st. jr. sr. rev. hon. gen. capt. lt. col. sgt. gov. sen. rep.
    no. nos. nr. vs. v. art. arts. sec. secs. para. paras. p. pp. fig. figs. ch. chap. cf. ca. al.
    approx. dept. est. ref. refs. vol. vols. ed. eds. ibid. op. cit. viz. seq. incl. excl.
    jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec.
    mon. tue. tues. wed. thu. thur. thurs. fri. sat. sun.
    cal. civ. stat. reg. regs. ann. amend. const. cl. subsec. subpara. ord.
    ave. blvd. rd. ste. fl. apt. bldg. mt. ft.
    e.g. i.e. eg. ie. a.k.a. aka. resp. min. max. tel. ph. fax. ext.
    """
)

# Company suffixes (and "etc.") usually sit mid-sentence ("COOPT Inc. Terms of Use"), but a sentence can
# end on them too; they end it only when the next word is a typical sentence opener.
_SOFT_ABBREVIATIONS = _words(
    "inc. ltd. co. corp. llc. plc. gmbh. s.a. b.v. n.v. pty. l.p. etc. u.s. u.k. e.u."
)
_SENTENCE_OPENERS = _words(
    """
    we you our if the this these those that in for when where to please your it its they there
    as at by all any each some no not any however additionally also under such note after before
    once while unless upon with without from on an a i he she his her my us personal information
    """
)

_INITIALISM_RE = re.compile(r"(?:[A-Za-z]\.){2,}")
_ENUMERATOR_RE = re.compile(r"[(\[]?(?:\d{1,3}(?:\.\d{1,3})*|[A-Za-z]|[ivxlcdmIVXLCDM]{1,6})[.)\]]")
_LIST_START_RE = re.compile(r"[-*•·‣◦▪■●–—]\s|\(?(?:\d{1,3}|[A-Za-z]|[ivxlcdm]{1,6})[.)]\s")
_CONNECTOR_WORDS = _words(
    "and or of the a an to in on for with by from as at that which who our your their its is are be"
)

_TOKEN_WINDOW = 40
_SHORT_LINE = 40
_BRACKET_WINDOW = 200


def _token_before(text: str, p: int) -> tuple[int, str]:
    """The whitespace-delimited token ending at ``p`` (inclusive), looking back at most a few dozen
    characters: abbreviations are short, and the bound keeps the scan linear."""
    lo = max(0, p - _TOKEN_WINDOW)
    i = p
    while i > lo and not text[i - 1].isspace():
        i -= 1
    token = text[i : p + 1].lstrip(_OPENERS)
    return i, token


def _at_line_start(text: str, i: int) -> bool:
    """Whether only spaces separate position ``i`` from the start of its line (or of the text)."""
    j = i
    lo = max(0, i - _TOKEN_WINDOW)
    while j > lo and text[j - 1] in " \t":
        j -= 1
    return j == 0 or text[j - 1] in "\r\n"


def _next_word(text: str, k: int) -> str:
    m = re.match(r"[A-Za-z]{1,20}", text[k : k + 21])
    return m.group(0).lower() if m else ""


def _full_stop_ends(text: str, p: int, k: int, newline: bool) -> bool:
    """Whether the '.' at ``p`` ends a sentence, the next sentence starting at ``k``."""
    if p > 0 and text[p - 1] == ".":
        return newline  # an ellipsis "..." continues the sentence unless the line ends there
    start, token = _token_before(text, p)
    low = token.lower().rsplit("-", 1)[-1]  # "EU-U.S." and "Swiss-U.S." end like "U.S."
    if low in _ABBREVIATIONS:
        return False
    if low in _SOFT_ABBREVIATIONS:
        return _next_word(text, k) in _SENTENCE_OPENERS
    if len(token) == 2 and token[0].isalpha() and token[0].isupper():
        return newline  # an initial: "J. Smith", "N. Remington Ave."
    if _INITIALISM_RE.fullmatch(token):
        return newline and not token[-2].islower()
    return not (_ENUMERATOR_RE.fullmatch(token) and _at_line_start(text, start))


def _line_before(text: str, end: int) -> str:
    """Up to ``_SHORT_LINE + 1`` characters of the line that ends at ``end``."""
    lo = max(0, end - _SHORT_LINE - 1)
    nl = max(text.rfind("\n", lo, end), text.rfind("\r", lo, end))
    return text[nl + 1 if nl >= 0 else lo : end]


def _line_break_ends(text: str, end: int, gap: str, k: int) -> bool:
    """A line break without terminal punctuation before it: a blank line, a following list item, or a
    short complete-looking line (an address line, a label) followed by a capitalised line."""
    if gap.count("\n") + gap.count("\r") - gap.count("\r\n") >= 2:
        return True
    if _LIST_START_RE.match(text, k):
        return True
    line = _line_before(text, end)
    if len(line) > _SHORT_LINE or not line.strip():
        return False
    nxt = text[k]
    if not (nxt.isupper() or nxt.isdigit()):
        return False
    last = line.rstrip()[-1]
    if last in ",-–—(&/":
        return False
    words = line.split()
    return not (words and words[-1].lower() in _CONNECTOR_WORDS)


def _inside_brackets(text: str, start: int, p: int) -> bool:
    """Whether ``p`` sits inside a parenthesis opened in the current sentence (from ``start``) and
    closed a little later on the same line: "(see Sec. 4. Retention)" is one aside, not two sentences.
    Both looks are bounded, which keeps the scan linear."""
    lo = max(start, p - _BRACKET_WINDOW)
    opened = text.rfind("(", lo, p)
    if opened < 0 or text.find(")", opened, p) >= 0:
        return False
    close = text.find(")", p, p + _BRACKET_WINDOW)
    return close >= 0 and "\n" not in text[p:close] and "(" not in text[p:close]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence ranges ``(start, end)`` in ``text``, each trimmed of whitespace and non-empty, in order."""
    n = len(text)
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in _GAP_RE.finditer(text):
        k = m.end()
        if k >= n:
            break
        if m.group(3) is not None:
            end = m.start()
            if not _line_break_ends(text, end, m.group(0), k):
                continue
        else:
            p = m.start(1)
            mark = text[p]
            gap = m.group(2)
            newline = "\n" in gap or "\r" in gap
            end = m.start(2)
            nxt = text[k]
            if mark in ":;…" and not newline:
                continue  # a colon or semicolon ends a sentence only at a line break
            if mark not in ":;…" and not newline and not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
                continue
            if mark == "." and not _full_stop_ends(text, p, k, newline):
                continue
            if not newline and _inside_brackets(text, start, end):
                continue
        bounds.append((start, end))
        start = k
    bounds.append((start, n))

    out: list[tuple[int, int]] = []
    for s, e in bounds:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out
