"""Telephone numbers: a cheap shape scan finds candidates, the ``phonenumbers`` library judges the ones
whose shape alone does not settle it.

``phonenumbers`` (Google's libphonenumber metadata) knows every country's number lengths, so an
international number ("+44 20 7946 0000", "0049 30 1234567", "+49 (0)30 123456-0", "+33 1.23.45.67.89")
is kept only if that country can have it, and a U.S. vanity number ("1-800-FLOWERS") only if it dials a
real NANP number. It costs tens of microseconds a call and a 20 ms import, so it is imported on first
need and called only on runs the shape scan has already found; a North American "(555) 201-4477" and
national numbers with a trunk zero keep their shape rules (fictional 555 numbers are still numbers in a
policy template).

What is never a phone: a date (dropped where it overlaps one, see :mod:`.combine`), a postcode, a year
run, a version or IP address ("10.0.19041", "192.168.0.1"), or a bare digit run such as an order number
unless a word like "phone" or "call" stands just before it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from types import ModuleType

from ..model import EntityKind
from ._base import Found, find_all, number_starts, scan_at

# An extension after any shape: "ext. 12", "x123", ", extension 4".
_EXT = r"(?:[ ]?,?[ ]?(?:ext\.?|Ext\.?|EXT\.?|extension|Extension|x|X)[ ]?(?P<ext>\d{1,6}))?"
_PHONE_RE = re.compile(
    r"(?=[+(\d])(?<![\w+\-./,])"
    r"(?:"
    # international: +44 20 7946 0958, +49 (0)30 1234567, (+1) 555 123 4567, 0049 30 1234567, +84357500987
    r"(?P<intl>(?:\+|\(\+|00)[ ]?\d{1,4}\)?(?:(?:[ .\-]|[ ]?\(\d{1,4}\)[ ]?)\d{1,8}){1,6}|\+\d{8,15})"
    # North American: (555) 123-4567, 555-123-4567, 1-555-123-4567, 555.123.4567
    r"|(?P<nanp>(?:1[ .\-]?)?(?:\(\d{3}\)[ ]?|\d{3}[ .\-])\d{3}[ .\-]\d{4})"
    # vanity numbers: 1-800-FLOWERS, 1-888-MY-BANK1, (212) CALL-NOW
    r"|(?P<vanity>(?:1[ \-.])?(?:\(\d{3}\)[ ]?|[2-9]\d{2}[ \-.])(?=[A-Z0-9\-]{0,9}[A-Z]{3})"
    r"[A-Z0-9]{2,4}-?[A-Z0-9]{2,6})"
    # national numbers with a trunk zero: 020 7946 0958, (030) 1234567, 01 89 16 77 39
    r"|(?P<trunk>(?:\(0\d{1,4}\)|0\d{1,4})(?:[ .\-]\d{2,8}){1,4})"
    # other runs of eight or more digits, kept only next to a word such as "phone": 98765 43210
    r"|(?P<cued>(?=(?:\d[ .\-]?){8})\d{2,13}(?:[ .\-]\d{2,5}){0,4})"
    r")" + _EXT + r"(?![\w\-]|[./,]\d)"
)
_PHONE_CONTEXT_RE = re.compile(
    r"(?:phone|tel|telephone|call|mobile|cell|fax|whatsapp|contact|hotline|helpline|dial|sms)"
    r"(?:[ ]?(?:no\.?|number|num|#)|[ ](?:us|me)(?:[ ](?:at|on))?|[ ](?:at|on))?\W{0,6}\Z",
    re.IGNORECASE,
)
_IP_RE = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_KEYPAD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "22233344455566677778889999")


@functools.cache
def _lib() -> ModuleType:
    """``phonenumbers``, imported on first use: ``policy-rules --version`` should not pay for it."""
    import phonenumbers

    return phonenumbers


def _e164(raw: str, region: str | None, *, strict: bool) -> str | None:
    """The E.164 form of ``raw`` if it can be a number there (``strict``: is an assigned one), else None."""
    pn = _lib()
    try:
        number = pn.parse(raw, region)
    except pn.NumberParseException:
        return None
    ok = pn.is_valid_number(number) if strict else pn.is_possible_number(number)
    return pn.format_number(number, pn.PhoneNumberFormat.E164) if ok else None


def _international(raw: str) -> str | None:
    if raw.startswith("00") or raw.startswith("(+"):
        raw = "+" + raw[2:]
    # Written without any grouping the run could be any number: it must be an assigned one.
    return _e164(raw, None, strict=raw[1:].isdigit())


def _vanity(raw: str) -> str | None:
    """Letters dialled on a keypad; only the first seven after the area code count ("1-800-MATTRESS")."""
    head = re.match(r"(?:1[ \-.])?(?:\(\d{3}\)[ ]?|\d{3}[ \-.])", raw)
    assert head is not None  # the scan matched this prefix
    rest = "".join(c for c in raw[head.end() :] if c.isalnum())[:7]
    if len(rest) < 7:
        return None
    return _e164(head.group() + rest.translate(_KEYPAD), "US", strict=True)


def _starts(text: str) -> list[int]:
    """Where a number can start (:data:`_PHONE_RE` only matches there): a "+" or "(", or a digit that
    starts a number and does not follow a "+" (one the pattern's look-behind rejects)."""
    digits = [p for p in number_starts(text) if p == 0 or text[p - 1] != "+"]
    return sorted([*digits, *find_all(text, "+"), *find_all(text, "(")])


def phones(text: str) -> Iterator[Found]:
    """Every telephone number in ``text``; the value is E.164 where the library read it, else the digits,
    with ``;ext=N`` for an extension."""
    for m in scan_at(_PHONE_RE, text, _starts(text)):
        main = next(g for g in ("intl", "nanp", "vanity", "trunk", "cued") if m.group(g) is not None)
        value = _value_of(m, main, text)
        if value is None:
            continue
        ext = m.group("ext")
        if ext:
            value += f";ext={ext}"
        yield (EntityKind.PHONE, m.start(), m.end(), value)


def _value_of(m: re.Match[str], main: str, text: str) -> str | None:
    """The normalised number for a candidate of shape ``main``, or None when it is no phone after all."""
    raw = m.group(main)
    digits = "".join(c for c in raw if c.isdigit())
    kind = main
    if kind == "vanity":
        return _vanity(raw)
    if not 7 <= len(digits) <= 15 or _IP_RE.fullmatch(raw):
        return None
    if kind == "intl":
        value = _international(raw)
        if value is not None or not raw.startswith("00"):
            return value
        kind = "trunk"  # "00" that is no country prefix: judged as a national number below
    if kind == "cued":
        bare = raw.isdigit()
        if (bare and not 10 <= len(digits) <= 13) or (not bare and len(digits) < 8):
            return None
        if not _PHONE_CONTEXT_RE.search(text, max(0, m.start() - 40), m.start()):
            return None
    elif kind == "trunk" and len(digits) < 9:
        return None
    return ("+" if raw[0] == "+" else "") + digits
