"""E-mail addresses, plain and obfuscated: the contact channel most rules accept as evidence.

Policies hide addresses from harvesters in three ways, all reported with a span over the whole
obfuscated run and the real address as value: brackets ("privacy [at] example [dot] com",
"privacy(at)example.com") and plain words ("privacy at example dot com"). The word form is read only
when it cannot be prose: a mailbox word that is not a word of the sentence around ("us", "look"), then
" at ", then a host written with " dot " and ending in a known top-level domain.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import EntityKind
from ._base import LABEL, Found, back, find_all, words

_LOCAL = r"[A-Za-z0-9_%+\-][A-Za-z0-9._%+\-]{0,63}"
_EMAIL_LOCAL_RE = re.compile(r"(?<![A-Za-z0-9._%+\-])" + _LOCAL + r"\Z")
_EMAIL_DOMAIN_RE = re.compile(
    LABEL + r"(?:\." + LABEL + r"){0,6}\.[A-Za-z]{2,24}(?![A-Za-z0-9\-]|\.[A-Za-z0-9])"
)

# "privacy [at] example [dot] com", "privacy(at)example.com", "privacy {AT} example {DOT} co {DOT} uk".
_OB_AT_RE = re.compile(r"[\[({<][ \t]?(?:at|AT|At)[ \t]?[\])}>]")
_OB_DOT = r"(?:[ \t]{0,2}[\[({<][ \t]?(?:dot|DOT|Dot)[ \t]?[\])}>][ \t]{0,2}|\.)"
_OB_DOT_RE = re.compile(_OB_DOT)
_OB_LOCAL_RE = re.compile(r"(?<![A-Za-z0-9._%+\-])(?P<local>" + _LOCAL + r")[ \t]{0,2}\Z")
_OB_DOMAIN_RE = re.compile(
    r"[ \t]{0,2}(?P<domain>" + LABEL + r"(?:" + _OB_DOT + LABEL + r"){1,6})(?![A-Za-z0-9\-])"
)

# "privacy at example dot com": found from its " dot " (far rarer than " at "), the mailbox and first
# label read backwards, the remaining labels forwards.
_WORD_HEAD_RE = re.compile(
    r"(?<![A-Za-z0-9._%+\-@])(?P<local>" + _LOCAL + r")[ ](?P<at>at|AT)[ ](?P<first>" + LABEL + r")\Z"
)
_WORD_TAIL_RE = re.compile(r"(?:[ ](?:dot|DOT)[ ](?:" + LABEL + r")){1,5}(?![A-Za-z0-9\-]|[ ](?:dot|DOT)[ ])")
_WORD_DOT_RE = re.compile(r"[ ](?:dot|DOT)[ ]")
# Words that stand before " at " in prose ("email us at", "look at"): never a mailbox.
_PROSE_BEFORE_AT = words(
    "us me him her them it you we they one look looking looked arrive arrived stay staying based located",
    "available aim aimed aiming or and the a an is are was were be been all any only even just not but",
    "up down out off here there where when home work office site online email e-mail mail write reach",
    "contact contacted call find found visit visiting shop shopping sign signed log logged rate rates",
    "least most best point times time once twice start starting stop stopping end ending",
    "met meet meeting sat held seen seen see go went came come noon night",
)
_FIRST_NOT_HOST = words("the a an our your this that any all least most some no")

_COMMON_TLDS = ("com", "org", "net", "edu", "gov", "info")
_KNOWN_TLDS = words(
    "com org net edu gov info io co ai app dev biz me tv us uk ie de fr it es nl be eu ch at se no dk fi pl",
    "pt ca au nz in jp cn hk sg kr br mx ru za ng ke ls gh online site store tech xyz email cloud",
)


def _glued_tail(domain: str) -> int:
    """How many letters of prose were glued onto the top-level domain when the page lost its spacing.

    Scraped policies read "write to help@example.comIf you..."; an unknown TLD that starts with a
    common one ("comif") is cut back to it.
    """
    tld = domain.rsplit(".", 1)[-1].lower()
    if tld in _KNOWN_TLDS:
        return 0
    for common in _COMMON_TLDS:
        if tld.startswith(common):
            return len(tld) - len(common)
    return 0


def _plain(text: str) -> Iterator[Found]:
    for at in find_all(text, "@"):
        local = _EMAIL_LOCAL_RE.search(text, back(text, at, 65, " \n"), at)
        if local is None:
            continue
        domain = _EMAIL_DOMAIN_RE.match(text, at + 1)
        if domain is None:
            continue
        end = domain.end() - _glued_tail(domain.group())
        yield (EntityKind.EMAIL, local.start(), end, text[local.start() : end].lower())


def _bracketed(text: str) -> Iterator[Found]:
    for m in _OB_AT_RE.finditer(text):
        local = _OB_LOCAL_RE.search(text, max(0, m.start() - 66), m.start())
        domain = _OB_DOMAIN_RE.match(text, m.end())
        if local is None or domain is None:
            continue
        host = _OB_DOT_RE.sub(".", domain.group("domain"))
        tld = host.rsplit(".", 1)[-1]
        if not (tld.isalpha() and len(tld) >= 2):
            continue
        yield (EntityKind.EMAIL, local.start(), domain.end(), f"{local.group('local')}@{host}".lower())


def _spelled(text: str) -> Iterator[Found]:
    for needle in (" dot ", " DOT "):
        done = 0
        for i in find_all(text, needle):
            if i < done:
                continue
            head = _WORD_HEAD_RE.search(text, back(text, i, 140, "\n"), i)
            if head is None:
                continue
            local, first = head.group("local"), head.group("first")
            low = local.lower()
            # Past participles ("located at", "aimed at") are the sentence, not a mailbox.
            if (
                low in _PROSE_BEFORE_AT
                or (low.isalpha() and low.endswith("ed"))
                or first.lower() in _FIRST_NOT_HOST
            ):
                continue
            # One spelling throughout: "AT" with "DOT", "at" with "dot".
            if (head.group("at") == "AT") != (needle == " DOT "):
                continue
            tail = _WORD_TAIL_RE.match(text, i)
            if tail is None:
                continue
            labels = [first, *_WORD_DOT_RE.split(tail.group())[1:]]
            if labels[-1].lower() not in _KNOWN_TLDS:
                continue
            done = tail.end()
            value = f"{local}@{'.'.join(labels)}".lower()
            yield (EntityKind.EMAIL, head.start(), tail.end(), value)


def emails(text: str) -> Iterator[Found]:
    """Every e-mail address in ``text``, value lower-cased (and de-obfuscated)."""
    yield from _plain(text)
    yield from _bracketed(text)
    yield from _spelled(text)
