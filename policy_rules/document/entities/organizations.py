"""Organisations named with a legal form ("Brightfield Widgets Ltd.", "Acme, Inc.", "Beispiel GmbH").

The legal form is the rare anchor; the name is read backwards from it and trimmed of the sentence
around it ("operated by", "We,"), so the entity is the controller's legal name as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import EntityKind
from ._base import Found, back, words

# Legal forms, longest first within a family. "AS" and "SE"-like words that double as English in
# capitals are checked below.
_LEGAL_FORM_RE = re.compile(
    r"(?:Co\.,?[ ]Ltd\.?|Co\.,?[ ]Limited|Company[ ]Limited|Pty\.?[ ]Ltd\.?|Pty\.?[ ]Limited|Pte\.?[ ]Ltd\.?"
    r"|Pvt\.?[ ]Ltd\.?|Private[ ]Limited|Sdn\.?[ ]Bhd\.?|GmbH[ ]&[ ]Co\.?[ ]KG|GmbH"
    r"|L\.L\.C\.|L\.L\.P\.|LLC|LLP|L\.P\.|Inc\.|Inc(?![\w.])|Incorporated|INC\.?|Corp\.|Corp(?![\w.])|CORP\.?"
    r"|Corporation|CORPORATION|Ltd\.|Ltd(?![\w.])|LTD\.?|Limited|LIMITED|PLC|plc|P\.L\.C\."
    r"|S\.A\.S\.|S\.A\.[ ]de[ ]C\.V\.|S\.A\.|SAS|SARL|S\.à[ ]r\.l\.|S\.a\.r\.l\.|S\.r\.l\.|Srl|SRL"
    r"|S\.p\.A\.|SpA|S\.L\.U\.|S\.L\.|B\.V\.|BV|N\.V\.|NV|Oyj|Oy|AB|A/S|ApS|ASA|AG|SE|KGaA|KG|UG"
    r"|K\.K\.|Ltda\.?|SA)"
    r"(?![\w&]|-\w|/\w)"
)
_AMBIGUOUS_FORMS = words("SA SE AG AB KG UG NV BV Oy SAS ASA INC INC. SRL SARL")
_ORG_NAME_WORD = r"(?:[A-Z0-9][\w'’&+\-]{0,40}(?:\.[A-Za-z0-9][\w'’&+\-]{0,20}){0,3}|&)"
_ORG_CONNECTOR = r"(?:of|and|de|du|des|la|le|les|van|von|der|den|del|della|di|da|do|dos|y|e|et|für|und|for)"
# Name words right before the form, matched on the text that precedes it (anchored at its end).
_ORG_NAME_RE = re.compile(
    r"(?<![\w'’&.\-])"
    + _ORG_NAME_WORD
    + r"(?:[ \t](?:"
    + _ORG_CONNECTOR
    + r"[ \t])?"
    + _ORG_NAME_WORD
    + r"){0,5}\Z"
)
# A name never starts with these: they are the sentence around it ("We", "The", "Provided By").
_ORG_BREAK = words(
    "the a an we our us you your this that these those by from with to for at in on as is are was were be",
    "and or if when where which who whom whose it its their his her please see contact copyright provided",
    "operated owned controlled managed including such under between via about all each both any other no",
    "not also only dear hi hello thank thanks welcome company between named called",
)
_NOT_ORG_NAMES = words(
    "Delaware California Nevada Texas Florida Washington Massachusetts Illinois Ireland England Wales",
    "Private Public Incorporated Limited Privacy Policy Section Article Terms",
)


def organizations(text: str) -> Iterator[Found]:
    """Every legal entity named with its legal form ("Acme Ltd", "Acme, Inc."), valued as written."""
    for m in _LEGAL_FORM_RE.finditer(text):
        form = m.group()
        # The form follows the name after a space or a comma and a space: "Acme Ltd", "Acme, Inc.".
        j = m.start()
        while j > 0 and m.start() - j < 2 and text[j - 1] in " \t":
            j -= 1
        if j == m.start():
            continue
        if j > 0 and text[j - 1] == ",":
            j -= 1
        if j == 0 or not (text[j - 1].isalnum() or text[j - 1] in ".'’)"):
            continue
        nm = _ORG_NAME_RE.search(text, back(text, j, 200, "\n,;("), j)
        if nm is None:
            continue
        words = nm.group().split()
        cut = 0
        for i, w in enumerate(words):
            if w.lower().rstrip(".,") in _ORG_BREAK or w == "©":
                cut = i + 1
        while cut < len(words) and (words[cut].islower() or words[cut] == "&" or words[cut].isdigit()):
            cut += 1
        if cut >= len(words):
            continue
        start = nm.start()
        for w in words[:cut]:
            start = text.index(w, start) + len(w)
        start = text.index(words[cut], start)
        name = " ".join(words[cut:])
        if name in _NOT_ORG_NAMES or name.replace(" ", "").isdigit():
            continue
        # In all-caps prose "SUCH AS" or "NO AG" are words, not companies.
        if form in _AMBIGUOUS_FORMS and (name.isupper() or len(name) < 2):
            continue
        end = m.end()
        if form in ("LLC.", "LLP.", "PLC.", "GmbH.", "AG.", "SE."):
            end -= 1  # a sentence full stop, not the form's own
        yield (EntityKind.ORGANIZATION, start, end, " ".join(text[start:end].split()))
