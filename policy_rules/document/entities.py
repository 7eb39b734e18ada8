"""Entity detectors: the concrete things rules cite as evidence (a contact e-mail, a dated policy, a
controller's legal name, an unfilled template slot).

Detectors run over whole documents, tens of megabytes in batch use, so each is built to stay linear and
cheap:

* a scan starts from a rare anchor (an ``@``, a ``://``, a legal form, a digit at a word start) and the
  rest of the entity is matched around it, forwards with ``match`` or backwards with a ``\\Z``-anchored
  search over a short window;
* a scanning pattern begins with a literal or a one-character look-ahead, so the regex engine can skip
  non-candidate characters without entering the pattern; IGNORECASE is avoided on whole-text scans for
  the same reason (it is several times slower);
* repeated pieces are separated by a mandatory delimiter, so a string splits one way only, and most
  repetitions are bounded, so a failed attempt costs a constant.

Entities never cross a block separator (a blank line): separators inside patterns allow one line break.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator

from .dates import DATE_PATTERN, match_to_date
from .model import EntityKind

__all__ = ["find_entities", "find_policy_date"]

_Found = tuple[EntityKind, int, int, "str | None"]


def _words(*chunks: str) -> frozenset[str]:
    return frozenset(" ".join(chunks).split())


def _find_all(text: str, needle: str) -> Iterator[int]:
    i = text.find(needle)
    while i != -1:
        yield i
        i = text.find(needle, i + 1)


# ---------------------------------------------------------------------------------------------------
# E-mail
# ---------------------------------------------------------------------------------------------------

_LOCAL = r"[A-Za-z0-9_%+\-][A-Za-z0-9._%+\-]{0,63}"
_LABEL = r"[A-Za-z0-9][A-Za-z0-9\-]{0,62}"
_EMAIL_LOCAL_RE = re.compile(r"(?<![A-Za-z0-9._%+\-])" + _LOCAL + r"\Z")
_EMAIL_DOMAIN_RE = re.compile(
    _LABEL + r"(?:\." + _LABEL + r"){0,6}\.[A-Za-z]{2,24}(?![A-Za-z0-9\-]|\.[A-Za-z0-9])"
)

# "privacy [at] example [dot] com", "privacy(at)example.com", "privacy {AT} example {DOT} co {DOT} uk".
_OB_AT_RE = re.compile(r"[\[({<][ \t]?(?:at|AT|At)[ \t]?[\])}>]")
_OB_DOT = r"(?:[ \t]{0,2}[\[({<][ \t]?(?:dot|DOT|Dot)[ \t]?[\])}>][ \t]{0,2}|\.)"
_OB_DOT_RE = re.compile(_OB_DOT)
_OB_LOCAL_RE = re.compile(r"(?<![A-Za-z0-9._%+\-])(?P<local>" + _LOCAL + r")[ \t]{0,2}\Z")
_OB_DOMAIN_RE = re.compile(
    r"[ \t]{0,2}(?P<domain>" + _LABEL + r"(?:" + _OB_DOT + _LABEL + r"){1,6})(?![A-Za-z0-9\-])"
)


_COMMON_TLDS = ("com", "org", "net", "edu", "gov", "info")
_KNOWN_TLDS = _words(
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


def _back(text: str, end: int, width: int, stops: str) -> int:
    """Start of the window for a backward search ending at ``end``.

    A backward search costs in proportion to its window, so the window stops at the nearest character
    the entity cannot contain; on text dense with anchors this keeps each search short.
    """
    lo = max(0, end - width)
    for c in stops:
        k = text.rfind(c, lo, end)
        if k >= lo:
            lo = k + 1
    return lo


def _emails(text: str) -> Iterator[_Found]:
    for at in _find_all(text, "@"):
        local = _EMAIL_LOCAL_RE.search(text, _back(text, at, 65, " \n"), at)
        if local is None:
            continue
        domain = _EMAIL_DOMAIN_RE.match(text, at + 1)
        if domain is None:
            continue
        end = domain.end() - _glued_tail(domain.group())
        yield (EntityKind.EMAIL, local.start(), end, text[local.start() : end].lower())
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


# ---------------------------------------------------------------------------------------------------
# URL
# ---------------------------------------------------------------------------------------------------

# Anchors: the ":" of "://", the "." of "www.", and the "." of a top-level domain followed by a path.
_URL_ANCHOR_RE = re.compile(r"[:.](?:(?<=:)//(?P<scheme>)|(?<=[wW]{3}\.)(?P<www>)|(?<=\.)[A-Za-z]{2,24}/)")
_SCHEME_RE = re.compile(r"(?<![\w.\-])(?:[Hh][Tt][Tt][Pp][Ss]?|[Ff][Tt][Pp])\Z")
_BARE_HOST_RE = re.compile(r"(?<![\w@.\-/])" + _LABEL + r"(?:\.[A-Za-z0-9\-]{1,63}){0,5}\Z")
_URL_BODY_RE = re.compile(r"[^\s<>\"'`“”‘’|\\^{}\[\]]*")
_WWW_HOST_RE = re.compile(r"[wW]{3}\." + _LABEL + r"(?:\.[A-Za-z0-9\-]{1,63}){0,5}\.[A-Za-z]{2,24}(?![\w\-])")
_TRAILING = frozenset(".,;:!?*_'\"»")


def _trim_url(url: str) -> str:
    """Drop sentence punctuation and unbalanced closing brackets that belong to the prose around."""
    while url:
        last = url[-1]
        if (
            last in _TRAILING
            or (last == ")" and url.count(")") > url.count("("))
            or (last == "]" and url.count("]") > url.count("["))
        ):
            url = url[:-1]
        else:
            break
    return url


def _urls(text: str) -> Iterator[_Found]:
    done = 0
    for m in _URL_ANCHOR_RE.finditer(text):
        i = m.start()
        if i < done:
            continue
        if m.group("scheme") is not None:
            scheme = _SCHEME_RE.search(text, max(0, i - 5), i)
            if scheme is None:
                continue
            start = scheme.start()
        elif m.group("www") is not None:
            start = i - 3
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_@.-/"):
                continue
        else:
            host = _BARE_HOST_RE.search(text, _back(text, i, 320, " \t\n<>\"'("), i)
            if host is None:
                continue
            start = host.start()
        body = _URL_BODY_RE.match(text, start)
        assert body is not None  # the body pattern matches the empty string
        url = _trim_url(body.group())
        if m.group("scheme") is not None:
            if not any(c.isalnum() for c in url[i - start + 3 : i - start + 4]):
                continue
        elif m.group("www") is not None and _WWW_HOST_RE.match(url) is None:
            continue
        done = start + len(url)
        yield (EntityKind.URL, start, done, url)


# ---------------------------------------------------------------------------------------------------
# Phone
# ---------------------------------------------------------------------------------------------------

_PHONE_RE = re.compile(
    r"(?=[+(\d])(?<![\w+\-./,])"
    r"(?:"
    # international: +44 20 7946 0958, +49 (0)30 1234567, +1 (555) 123-4567, +84357500987
    r"(?P<intl>\+[ ]?\d{1,4}(?:(?:[ .\-]|[ ]?\(\d{1,4}\)[ ]?)\d{1,8}){1,6}|\+\d{8,15})"
    # North American: (555) 123-4567, 555-123-4567, 1-555-123-4567, 555.123.4567
    r"|(?P<nanp>(?:1[ .\-]?)?(?:\(\d{3}\)[ ]?|\d{3}[ .\-])\d{3}[ .\-]\d{4})"
    # toll-free vanity numbers: 1-800-FLOWERS, 1-888-MY-BANK1
    r"|(?P<vanity>(?:1[ \-])?8(?:00|33|44|55|66|77|88)[ \-]"
    r"(?:[A-Z0-9]{3}-?[A-Z0-9]{4}|[A-Z]{2,4}-[A-Z0-9]{2,5}))"
    # national numbers with a trunk zero: 020 7946 0958, (030) 1234567, 01 89 16 77 39
    r"|(?P<trunk>(?:\(0\d{1,4}\)|0\d{1,4})(?:[ .\-]\d{2,8}){1,4})"
    # bare 10-13 digit runs, kept only next to a word such as "phone"
    r"|(?P<bare>\d{10,13})"
    r")"
    r"(?![\w\-]|[./,]\d)"
)
_PHONE_CONTEXT_RE = re.compile(
    r"(?:phone|tel|telephone|call|mobile|cell|fax|whatsapp|contact|hotline|helpline|dial|sms)"
    r"(?:[ ]?(?:no\.?|number|num|#)|[ ](?:us|me)(?:[ ](?:at|on))?|[ ](?:at|on))?\W{0,6}\Z",
    re.IGNORECASE,
)
_KEYPAD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "22233344455566677778889999")


def _phones(text: str) -> Iterator[_Found]:
    for m in _PHONE_RE.finditer(text):
        raw = m.group()
        if m.group("vanity"):
            digits = "".join(c for c in raw.upper().translate(_KEYPAD) if c.isdigit())
            yield (EntityKind.PHONE, m.start(), m.end(), digits)
            continue
        digits = "".join(c for c in raw if c.isdigit())
        if not 7 <= len(digits) <= 15:
            continue
        if m.group("bare"):
            if not _PHONE_CONTEXT_RE.search(text, max(0, m.start() - 40), m.start()):
                continue
        elif m.group("trunk") and len(digits) < 9:
            continue
        yield (EntityKind.PHONE, m.start(), m.end(), ("+" if raw[0] == "+" else "") + digits)


# ---------------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------------


def _dates(text: str) -> Iterator[_Found]:
    for m in DATE_PATTERN.finditer(text):
        d = match_to_date(m)
        if d is not None:
            yield (EntityKind.DATE, m.start(), m.end(), d.isoformat())


# ---------------------------------------------------------------------------------------------------
# Postal addresses
# ---------------------------------------------------------------------------------------------------

_STATE = (
    "(?:"
    + "|".join(
        _words(
            "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM",
            "NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP",
        )
    )
    + ")"
)
# Between address parts: a comma and/or one line break (never a blank line), or spaces.
_CSEP = r"(?:[ \t]{0,3},[ \t]{0,3}(?:\r?\n[ \t]{0,3})?|[ \t]{0,3}\r?\n[ \t]{0,3})"
_SEP = r"(?:" + _CSEP + r"|[ \t]{1,3})"
_CAPWORD = r"[A-ZÀ-Ý][A-Za-zÀ-ÿ'’.\-]{0,30}"
_CAPWORDS = _CAPWORD + r"(?:[ ]" + _CAPWORD + r"){0,3}"
_STREET_SUFFIX = (
    r"(?:Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Court|Ct|Place|Pl|Parkway|Pkwy"
    r"|Highway|Hwy|Square|Sq|Terrace|Ter|Circle|Cir|Plaza|Trail|Trl|Alley|Row|Crescent|Close|Mews|Walk"
    r"|Gardens|Park|Hill|Quay|Wharf|Broadway|Center|Centre|Expressway|Freeway|Turnpike|Pike"
    r"|STREET|ST|AVENUE|AVE|ROAD|RD|BOULEVARD|BLVD|DRIVE|DR|LANE|WAY|COURT|PLACE|PARKWAY|HIGHWAY|SQUARE)"
)
_UNIT = (
    r"(?:" + _SEP + r"(?:Suite|Ste|STE|SUITE|Unit|UNIT|Floor|Fl|Apt|Apartment|Room|Rm|Building|Bldg|Level"
    r"|Office|Dept)\.?[ \t]{0,2}#?[ \t]{0,2}[A-Za-z0-9\-]{1,6}"
    r"|" + _SEP + r"#[ \t]?\d{1,6}"
    r"|" + _SEP + r"\d{1,3}(?:st|nd|rd|th)[ \t]Floor)"
)
_ZIP = r"(?P<zip>\d{5}(?:-\d{4})?)"
_UK_POSTCODE = r"(?P<uk>[A-Z]{1,2}\d[A-Z\d]?[ ]?\d[ABD-HJLNP-UW-Z]{2})"
_EIRCODE = r"(?P<eir>(?:[AC-FHKNPRTV-Y]\d{2}|D6W)[ ]?[0-9AC-FHKNPRTV-Y]{4})"
_EU_POSTCODE = r"(?P<eu>(?:[A-Z]{1,2}-)?\d{4,5}(?:[ ]?[A-Z]{2}(?![A-Za-z]))?)"
_COUNTRY = (
    r"(?:U\.S\.(?:A\.)?|USA|US|United[ ]States(?:[ ]of[ ]America)?|United[ ]Kingdom|UK|U\.K\.|Ireland"
    r"|Germany|France|Italy|Spain|Netherlands|The[ ]Netherlands|Belgium|Luxembourg|Austria|Switzerland"
    r"|Sweden|Denmark|Norway|Finland|Poland|Portugal|Canada|Australia|England|Scotland|Wales|Deutschland)"
)
# City, state and postcode after a street line: "San Francisco, CA 94105", "London EC1A 1BB",
# "Gorey, Co. Wexford, Y25 E704", "10115 Berlin".
_CITY_TAIL = (
    r"(?:" + _CSEP + _CAPWORDS + r"){0,3}(?:"
    r"(?:"
    + _CSEP
    + r"|[ \t]{1,3})"
    + _STATE
    + r"\.?[ \t]{1,3}"
    + _ZIP
    + r"|(?:"
    + _CSEP
    + r"|[ \t]{1,3})"
    + _UK_POSTCODE
    + r"|"
    + _CSEP
    + _EIRCODE
    + r"|"
    + _CSEP
    + _EU_POSTCODE
    + r"[ \t]{1,3}"
    + _CAPWORDS
    + r")"
)
_COUNTRY_TAIL = r"(?:" + _CSEP + _COUNTRY + r"(?![\w]))?"

# "123 Main Street, Suite 400, San Francisco, CA 94105"
_US_STREET_RE = re.compile(
    r"(?=\d)(?<![\w\-.,/])"
    r"\d{1,6}[A-Za-z]?(?:-\d{1,5})?"
    r"(?:[ \t]{1,2}(?:[NSEW]\.?|North|South|East|West|[NS][EW]\.?))?"
    r"(?:[ \t]{1,2}(?:" + _CAPWORD + r"|\d{1,3}(?:st|nd|rd|th))){1,4}"
    r"[ \t]{1,2}" + _STREET_SUFFIX + r"\.?"
    r"(?:[ \t]{1,2}(?:[NSEW]\.?|NE|NW|SE|SW)(?![\w]))?"
    r"(?P<unit>" + _UNIT + r")?"
    r"(?P<tail>" + _CITY_TAIL + r")?" + _COUNTRY_TAIL + r"(?![\w])"
)
# "P.O. Box 123, Springfield, IL 62704"
_PO_BOX_RE = re.compile(
    r"[Pp](?<![\w][Pp])(?:\.?[ ]?[Oo]\.?[ ]?|ost[ ]Office[ ]|OST[ ]OFFICE[ ])(?:Box|BOX|box)"
    r"[ \t]{0,3}\d{1,7}(?:-\d{1,7})?"
    r"(?P<tail>" + _CITY_TAIL + r")?" + _COUNTRY_TAIL + r"(?![\w])"
)
_EU_STREET_WORD = (
    r"[A-ZÄÖÜÅØÆ][\wäöüßåøæé\-]{0,40}"
    r"(?:straße|strasse|str\.|weg|allee|platz|gasse|ring|damm|ufer|markt|gracht|straat|laan|plein|kade|dijk"
    r"|steeg|singel|vej|gade|gatan|vägen|väg|gata|katu|tie|veien|gaten)"
)
_ROMANCE_WORDS = (
    "Via Viale Piazza Piazzale Corso Largo Calle Avenida Avda. Av. Rua Carrer Plaza Paseo Pza. Travessa Rue",
    "Avenue Boulevard Bd Bld Place Quai Chemin Allée Impasse Route Cours Ulica ul. Aleje al. Plac Straße",
    "Strada Str.",
)
# Literal case variants rather than IGNORECASE: a case-insensitive alternation is tried letter by letter
# and dominated the cost of the EU pattern on number-dense text.
_EU_ROMANCE_WORD = (
    "(?:"
    + "|".join(
        sorted(
            {
                re.escape(v)
                for w in _words(*_ROMANCE_WORDS)
                for v in (w, w.lower(), w.capitalize(), w.upper())
            },
            key=lambda v: (-len(v), v),  # longest first, and the same pattern on every run
        )
    )
    + ")"
)
_NAMEWORD = r"[^\W\d_][\w'’.\-]{0,30}"
# House number then postcode and city; the street name is either after the number (French style,
# "12 rue de la Paix, 75002 Paris") or before it and checked separately ("Hauptstraße 12, 10115 Berlin").
_EU_NUMBER_RE = re.compile(
    r"(?=\d)(?<![\w\-.,/])"
    r"\d{1,4}[a-zA-Z]?(?:[\-/]\d{1,4}[a-zA-Z]?)?"
    r"(?P<after>(?:[ ]?(?:bis|ter))?,?[ ](?=[A-Za-zÀ-ÿ])"
    + _EU_ROMANCE_WORD
    + r"(?:[ ]"
    + _NAMEWORD
    + r"){1,5})?"
    r"(?:" + _CSEP + r"|[ \t]{1,3})" + _EU_POSTCODE + r"[ \t]{1,3}" + _CAPWORDS + _COUNTRY_TAIL + r"(?![\w])"
)
_EU_STREET_BEFORE_RE = re.compile(
    r"(?<![\w\-])(?:" + _EU_STREET_WORD + r"|" + _EU_ROMANCE_WORD + r"(?:[ ]" + _NAMEWORD + r"){1,5})"
    r"[ \t]{1,2}\Z"
)
# Addresses found from their last line: "London EC1A 1BB", "Dublin 2, Ireland", "Austin, TX 78701".
_CITY_POST_RE = re.compile(
    r"(?=[A-Z,])(?:"
    r"(?<![\w\-])" + _UK_POSTCODE + r"(?![\w])"
    r"|Dublin[ \t]{1,2}(?P<dub>\d{1,2}W?|D\d{2})(?![\w])(?:(?:" + _CSEP + r"|[ \t]{1,3})"
    r"(?:Ireland(?![\w])|" + _EIRCODE + r"(?![\w])))?"
    r"|,[ \t]{1,3}" + _STATE + r"\.?[ \t]{1,3}" + _ZIP + r"(?![\w\-])"
    r")" + _COUNTRY_TAIL
)
_CITY_BEFORE_RE = re.compile(r"(?<![\w\-])" + _CAPWORDS + r"(?P<gap>[ \t]{1,3}|,[ \t]{1,3}|)\Z")
_CITY_STOP = _words(
    "The This That These Those We Our Us You Your If When In On At For To By From And Or Of With Please",
    "See Contact Call Email Phone Write Send Mail Address Version Section Article Page Model Room Code",
)


def _postcode(m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    for name in ("zip", "uk", "eir", "eu"):
        v = groups.get(name)
        if v:
            return v
    return None


def _addresses(text: str) -> Iterator[_Found]:
    value: str | None
    for m in _US_STREET_RE.finditer(text):
        value = _postcode(m) if m.group("tail") else None
        yield (EntityKind.POSTAL_ADDRESS, m.start(), _rstrip_end(text, m.start(), m.end()), value)
    for m in _EU_NUMBER_RE.finditer(text):
        start = m.start()
        if not m.group("after"):
            street = _EU_STREET_BEFORE_RE.search(text, _back(text, start, 200, "\n,"), start)
            if street is None:
                continue
            start = street.start()
        yield (EntityKind.POSTAL_ADDRESS, start, _rstrip_end(text, start, m.end()), _postcode(m))
    for m in _PO_BOX_RE.finditer(text):
        value = _postcode(m) if m.group("tail") else None
        yield (EntityKind.POSTAL_ADDRESS, m.start(), _rstrip_end(text, m.start(), m.end()), value)
    for m in _CITY_POST_RE.finditer(text):
        start = m.start()
        if m.group("dub"):
            value = m.group("eir") or f"Dublin {m.group('dub')}"
        else:
            value = _postcode(m)
            # The postcode needs a city before it; prose words in front of the city are trimmed off.
            k = start
            while k > 0 and start - k < 4 and text[k - 1] in " \t,":
                k -= 1
            if k == 0 or not (text[k - 1].isalpha() or text[k - 1] == "."):
                continue
            city = _CITY_BEFORE_RE.search(text, _back(text, max(0, start - 2), 100, "\n,"), start)
            if city is None or (m.group("uk") and city.group("gap") == ""):
                continue
            words = city.group()[: len(city.group()) - len(city.group("gap"))].split(" ")
            start = city.start()
            while words and (words[0] in _CITY_STOP or words[0].endswith(".")):
                start += len(words[0]) + 1
                words = words[1:]
            if not words:
                continue
        yield (EntityKind.POSTAL_ADDRESS, start, _rstrip_end(text, start, m.end()), value)


def _rstrip_end(text: str, start: int, end: int) -> int:
    """End of an address without trailing separators or a sentence full stop ("... 75008 Paris.")."""
    while end > start and text[end - 1] in " \t\r\n,":
        end -= 1
    if end - start > 1 and text[end - 1] == "." and text[end - 2].islower():
        word_start = end - 1
        while word_start > start and text[word_start - 1].isalpha():
            word_start -= 1
        if end - 1 - word_start >= 4:  # "Paris." ends a sentence; "Ave." and "Dr." keep their dot
            end -= 1
    return end


# ---------------------------------------------------------------------------------------------------
# Organisations
# ---------------------------------------------------------------------------------------------------

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
_AMBIGUOUS_FORMS = _words("SA SE AG AB KG UG NV BV Oy SAS ASA INC INC. SRL SARL")
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
_ORG_BREAK = _words(
    "the a an we our us you your this that these those by from with to for at in on as is are was were be",
    "and or if when where which who whom whose it its their his her please see contact copyright provided",
    "operated owned controlled managed including such under between via about all each both any other no",
    "not also only dear hi hello thank thanks welcome company between named called",
)
_NOT_ORG_NAMES = _words(
    "Delaware California Nevada Texas Florida Washington Massachusetts Illinois Ireland England Wales",
    "Private Public Incorporated Limited Privacy Policy Section Article Terms",
)


def _organizations(text: str) -> Iterator[_Found]:
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
        nm = _ORG_NAME_RE.search(text, _back(text, j, 200, "\n,;("), j)
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


# ---------------------------------------------------------------------------------------------------
# Placeholders
# ---------------------------------------------------------------------------------------------------

_PLACEHOLDER_RE = re.compile(
    r"(?=[\[<{$%(XxL_])(?:"  # cheap first-character filter, see the module docstring
    r"(?P<bracket>\[[^\[\]\n]{1,80}\](?![(\[:]))"
    r"|(?P<angle><[^<>\n]{1,60}>)"
    r"|(?P<curly>\{\{[^{}\n]{1,60}\}\}|\$\{[A-Za-z_][\w.]{0,40}\}|%[A-Z][A-Z_]{2,40}%)"
    r"|(?P<xphone>(?:\(XXX\)|\(xxx\)|XXX[ .\-]|xxx[ .\-])[ ]?[Xx]{3}[ .\-][Xx]{4}(?![\w]))"
    r"|(?P<xrun>XXX+(?![\w]))"
    r"|(?P<under>___+)"
    r"|(?P<lorem>Lorem[ ]ipsum)"
    r")"
)
_PLACEHOLDER_FIRST = _words(
    "insert enter add your type fill specify include put name company business organization organisation",
    "date email e-mail phone telephone tel address website site url domain country state city jurisdiction",
    "app application product service placeholder tbd todo tba contact legal full street postal zip",
    "postcode owner operator controller entity brand number effective last dpo representative",
)
_PLACEHOLDER_WORDS = _words(
    "name email e-mail phone telephone address date url website number country city state jurisdiction",
    "company business organization organisation app",
)
_FILLER_CHARS = frozenset("●•…._-*?xX# ")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z\-]*")


def _placeholder_words(inner: str) -> bool:
    """Whether bracketed text reads like a slot to fill ("Insert date", "COMPANY NAME", "●")."""
    inner = inner.strip()
    if not inner:
        return False
    if all(c in _FILLER_CHARS for c in inner):
        return True
    words = _WORD_RE.findall(inner)
    if not words or len(words) > 8 or inner.lower() == "email protected":
        # "[email protected]" is Cloudflare hiding a real address, not a template slot.
        return False
    if words[0].lower() in _PLACEHOLDER_FIRST:
        return True
    letters = [c for c in inner if c.isalpha()]
    if len(letters) >= 3 and all(c.isupper() for c in letters):
        return len(words) >= 2 or any(w.lower() in _PLACEHOLDER_WORDS for w in words)
    return False


def _placeholders(text: str) -> Iterator[_Found]:
    for m in _PLACEHOLDER_RE.finditer(text):
        kind = m.lastgroup
        s = m.start()
        if kind in ("bracket", "angle"):
            inner = m.group()[1:-1]
            if "://" in inner or "@" in inner or "=" in inner or inner[:1] in "/!?":
                continue
            if kind == "angle" and not (inner[:1].isupper() or inner.startswith(("insert", "enter", "your"))):
                continue
            if not _placeholder_words(inner):
                continue
        elif (
            kind in ("xphone", "xrun", "lorem", "under")
            and s > 0
            and (text[s - 1].isalnum() or text[s - 1] == "_")
        ):
            continue
        yield (EntityKind.PLACEHOLDER, s, m.end(), None)


# ---------------------------------------------------------------------------------------------------
# Assembly
# ---------------------------------------------------------------------------------------------------

_DETECTORS: tuple[Callable[[str], Iterator[_Found]], ...] = (
    _emails,
    _urls,
    _phones,
    _dates,
    _addresses,
    _organizations,
    _placeholders,
)
# Text inside a URL or an e-mail is part of it: a date in a blog URL or digits in a path are not entities
# of their own.
_CONTAINERS = (EntityKind.URL, EntityKind.EMAIL)


class _SpanSet:
    """Spans sorted by start with a running maximum of ends, so an overlap query is one bisection."""

    __slots__ = ("_max_ends", "_starts")

    def __init__(self, entities: Iterable[_Found]) -> None:
        self._starts: list[int] = []
        self._max_ends: list[int] = []
        top = -1
        for _, s, e, _ in entities:  # callers pass entities sorted by start
            top = max(top, e)
            self._starts.append(s)
            self._max_ends.append(top)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, end)
        return i > 0 and self._max_ends[i - 1] > start


def find_entities(text: str) -> list[tuple[EntityKind, int, int, str | None]]:
    """All entities in ``text`` as ``(kind, start, end, value)``, sorted by ``(start, end)``.

    Different kinds may overlap (an address may contain an organisation name), with three exceptions
    that would otherwise be double counts: nothing is reported inside a URL or e-mail, a URL inside an
    e-mail is dropped, and so is a phone number that is really a date. Within one kind, an entity nested
    in another ("London EC1A 1BB" inside a full street address) is dropped.
    """
    found: list[_Found] = []
    for detect in _DETECTORS:
        for ent in detect(text):
            if ent[2] > ent[1] and "\n\n" not in text[ent[1] : ent[2]]:
                found.append(ent)
    found.sort(key=lambda x: (x[1], -x[2]))

    emails = _SpanSet(x for x in found if x[0] is EntityKind.EMAIL)
    containers = _SpanSet(
        x
        for x in found
        if x[0] in _CONTAINERS and not (x[0] is EntityKind.URL and emails.overlaps(x[1], x[2]))
    )
    dates = _SpanSet(x for x in found if x[0] is EntityKind.DATE and not containers.overlaps(x[1], x[2]))

    out: list[_Found] = []
    reach: dict[EntityKind, int] = {}
    # Longest first at each start, so an entity nested in another of its kind comes after it.
    for ent in found:
        kind, s, e, _ = ent
        if e <= reach.get(kind, -1):
            continue
        if kind is EntityKind.URL:
            if emails.overlaps(s, e):
                continue
        elif kind is not EntityKind.EMAIL and containers.overlaps(s, e):
            continue
        if kind is EntityKind.PHONE and dates.overlaps(s, e):
            continue
        out.append(ent)
        reach[kind] = e
    out.sort(key=lambda x: (x[1], x[2]))
    return out


# ---------------------------------------------------------------------------------------------------
# Policy date
# ---------------------------------------------------------------------------------------------------

_POLICY_LABEL_RE = re.compile(
    r"(?P<updated>\blast[ \t]+(?:updated|modified|revised|changed|amended|reviewed|edited)\b"
    r"|\bdate[ \t]+of[ \t]+(?:last[ \t]+)?(?:revision|update|modification)\b"
    r"|\b(?:updated|revised|modified|amended)\b"
    r"|\bversion\b[^\n]{0,30}?\bdated\b"
    r"|\brevision[ \t]+date\b)"
    r"|(?P<effective>\beffective\b|\bin[ \t]+(?:force|effect)[ \t]+(?:as[ \t]+of|from|since)\b)",
    re.IGNORECASE,
)
_LABEL_HINTS = re.compile(r"updat|revis|modif|amend|chang|effect|dated|force|revision")
_POLICY_WINDOW = 60
# What may not sit between a label and its date: a line break or the end of a sentence.
_GAP_BREAK_RE = re.compile(r"[.!?](?:\s|\Z)|\n")


def find_policy_date(
    text: str, entities: list[tuple[EntityKind, int, int, str | None]]
) -> tuple[int, int, dt.date] | None:
    """The date the policy says it was last updated (or, failing that, took effect).

    Policies announce it with a short label just before the date, on the same line and in the same
    sentence. "Last updated" beats "effective" because it tracks the latest text; among equals the
    first in the document wins, since the header date is the authoritative one and later mentions tend
    to be history or examples. Labels are looked for only just before each date, so the cost follows
    the number of dates, not the length of the text.
    """
    if any(k is EntityKind.DATE for k, *_ in entities):
        dates = sorted((s, e, v) for k, s, e, v in entities if k is EntityKind.DATE and v is not None)
    else:
        dates = sorted((s, e, v) for _, s, e, v in _dates(text) if v is not None)
    effective: tuple[int, int, dt.date] | None = None
    for s, e, v in dates:
        window_start = max(0, s - _POLICY_WINDOW - 40, text.rfind("\n", max(0, s - 100), s) + 1)
        if not _LABEL_HINTS.search(text[window_start:s].lower()):
            continue  # cheap pre-check: most dates have no label before them
        label = None
        for m in _POLICY_LABEL_RE.finditer(text, window_start, s):
            if s - m.end() <= _POLICY_WINDOW and not _GAP_BREAK_RE.search(text, m.end(), s):
                label = m  # the last label before the date is the one that names it
        if label is None:
            continue
        found = (s, e, dt.date.fromisoformat(v))
        if label.group("updated"):
            return found
        if effective is None:
            effective = found
    return effective
