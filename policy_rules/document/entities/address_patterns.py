"""The regular expressions that postal addresses are read with (:mod:`.addresses` uses them).

An address is anchored on its most distinctive part: a house number followed by a street word (U.S., UK
and Romance styles), a "P.O. Box", a postcode after a city (UK, Eircode, U.S. state and ZIP, Indian PIN,
Singapore) or a Germanic street name with its number. Pieces are joined by ``CSEP``: a comma and/or one
line break, never a blank line.
"""

from __future__ import annotations

import re

from ._base import words

_STATE = (
    "(?:"
    + "|".join(
        words(
            "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM",
            "NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP",
        )
    )
    + ")"
)
# Between address parts: a comma and/or one line break (never a blank line), or spaces.
CSEP = r"(?:[ \t]{0,3},[ \t]{0,3}(?:\r?\n[ \t]{0,3})?|[ \t]{0,3}\r?\n[ \t]{0,3})"
_SEP = r"(?:" + CSEP + r"|[ \t]{1,3})"
CAPWORD = r"[A-ZÀ-Ý][A-Za-zÀ-ÿ'’.\-]{0,30}"
CAPWORDS = CAPWORD + r"(?:[ ]" + CAPWORD + r"){0,3}"
STREET_SUFFIX = (
    r"(?:Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Court|Ct|Place|Pl|Parkway|Pkwy"
    r"|Highway|Hwy|Square|Sq|Terrace|Ter|Circle|Cir|Plaza|Trail|Trl|Alley|Row|Crescent|Close|Mews|Walk"
    r"|Gardens|Park|Hill|Quay|Wharf|Broadway|Center|Centre|Expressway|Freeway|Turnpike|Pike"
    r"|STREET|ST|AVENUE|AVE|ROAD|RD|BOULEVARD|BLVD|DRIVE|DR|LANE|WAY|COURT|PLACE|PARKWAY|HIGHWAY|SQUARE)"
)
UNIT = (
    r"(?:" + _SEP + r"(?:Suite|Ste|STE|SUITE|Unit|UNIT|Floor|Fl|Apt|Apartment|Room|Rm|Building|Bldg|Level"
    r"|Office|Dept)\.?[ \t]{0,2}#?[ \t]{0,2}[A-Za-z0-9\-]{1,6}"
    r"|" + _SEP + r"#[ \t]?\d{1,6}"
    r"|" + _SEP + r"\d{1,3}(?:st|nd|rd|th)[ \t]Floor)"
)
_ZIP = r"(?P<zip>\d{5}(?:-\d{4})?)"
_UK_POSTCODE = r"(?P<uk>[A-Z]{1,2}\d[A-Z\d]?[ ]?\d[ABD-HJLNP-UW-Z]{2})"
_EIRCODE = r"(?P<eir>(?:[AC-FHKNPRTV-Y]\d{2}|D6W)[ ]?[0-9AC-FHKNPRTV-Y]{4})"
_EU_POSTCODE = r"(?P<eu>(?:[A-Z]{1,2}-)?\d{4,5}(?:[ ]?[A-Z]{2}(?![A-Za-z]))?)"
# Indian PIN codes ("560001", "400 001") and Singapore's six-digit codes, which always follow the word.
_PIN = r"(?P<pin>[1-9]\d{2}[ ]?\d{3})(?![\w\-]|[.,]\d)"
_SINGAPORE = r"Singapore[ \t]{1,2}\(?(?P<sg>\d{6})\)?(?![\w\-])"
# Between an Indian city and its PIN: a space, a comma or a dash ("Mumbai - 400 001").
PIN_GAP = r"(?:[ \t]{0,2}[\-–][ \t]{0,2}|,?[ \t]{1,3})"
COUNTRY = (
    r"(?:U\.S\.(?:A\.)?|USA|US|United[ ]States(?:[ ]of[ ]America)?|United[ ]Kingdom|UK|U\.K\.|Ireland"
    r"|Germany|France|Italy|Spain|Netherlands|The[ ]Netherlands|Belgium|Luxembourg|Austria|Switzerland"
    r"|Sweden|Denmark|Norway|Finland|Poland|Portugal|Canada|Australia|England|Scotland|Wales|Deutschland"
    r"|India|Singapore|Hong[ ]Kong(?:[ ]SAR)?|Japan|New[ ]Zealand|Malaysia|Philippines|Indonesia|Brazil"
    r"|Mexico|Israel|South[ ]Africa|Nigeria|Kenya|United[ ]Arab[ ]Emirates|UAE|Czech[ ]Republic|Greece)"
)
# City, state and postcode after a street line: "San Francisco, CA 94105", "London EC1A 1BB",
# "Gorey, Co. Wexford, Y25 E704", "10115 Berlin".
_CITY_TAIL = (
    r"(?:" + CSEP + CAPWORDS + r"){0,3}(?:"
    r"(?:"
    + CSEP
    + r"|[ \t]{1,3})"
    + _STATE
    + r"\.?[ \t]{1,3}"
    + _ZIP
    + r"|(?:"
    + CSEP
    + r"|[ \t]{1,3})"
    + _UK_POSTCODE
    + r"|"
    + CSEP
    + _EIRCODE
    + r"|"
    + CSEP
    + _EU_POSTCODE
    + r"[ \t]{1,3}"
    + CAPWORDS
    + r"|"
    + PIN_GAP
    + _PIN
    + r"|(?:"
    + CSEP
    + r"|[ \t]{1,3})"
    + _SINGAPORE
    + r")"
)
COUNTRY_TAIL = r"(?:" + CSEP + COUNTRY + r"(?![\w]))?"

# "123 Main Street, Suite 400, San Francisco, CA 94105"
US_STREET_RE = re.compile(
    r"(?=\d)(?<![\w\-.,/])"
    r"\d{1,6}[A-Za-z]?(?:-\d{1,5})?"
    r"(?:[ \t]{1,2}(?:[NSEW]\.?|North|South|East|West|[NS][EW]\.?))?"
    r"(?:[ \t]{1,2}(?:" + CAPWORD + r"|\d{1,3}(?:st|nd|rd|th))){1,4}"
    r"[ \t]{1,2}" + STREET_SUFFIX + r"\.?"
    r"(?:[ \t]{1,2}(?:[NSEW]\.?|NE|NW|SE|SW)(?![\w]))?"
    r"(?P<unit>" + UNIT + r")?"
    r"(?P<tail>" + _CITY_TAIL + r")?" + COUNTRY_TAIL + r"(?![\w])"
)
# "P.O. Box 123, Springfield, IL 62704"
PO_BOX_RE = re.compile(
    r"[Pp](?<![\w][Pp])(?:\.?[ ]?[Oo]\.?[ ]?|ost[ ]Office[ ]|OST[ ]OFFICE[ ])(?:Box|BOX|box)"
    r"[ \t]{0,3}\d{1,7}(?:-\d{1,7})?"
    r"(?P<tail>" + _CITY_TAIL + r")?" + COUNTRY_TAIL + r"(?![\w])"
)
EU_STREET_WORD = (
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
EU_ROMANCE_WORD = (
    "(?:"
    + "|".join(
        sorted(
            {re.escape(v) for w in words(*_ROMANCE_WORDS) for v in (w, w.lower(), w.capitalize(), w.upper())},
            key=lambda v: (-len(v), v),  # longest first, and the same pattern on every run
        )
    )
    + ")"
)
_NAMEWORD = r"[^\W\d_][\w'’.\-]{0,30}"
# House number then postcode and city; the street name is either after the number (French style,
# "12 rue de la Paix, 75002 Paris") or before it and checked separately ("Hauptstraße 12, 10115 Berlin").
EU_NUMBER_RE = re.compile(
    r"(?=\d)(?<![\w\-.,/])"
    r"\d{1,4}[a-zA-Z]?(?:[\-/]\d{1,4}[a-zA-Z]?)?"
    r"(?P<after>(?:[ ]?(?:bis|ter))?,?[ ](?=[A-Za-zÀ-ÿ])"
    + EU_ROMANCE_WORD
    + r"(?:[ ]"
    + _NAMEWORD
    + r"){1,5})?"
    r"(?:" + CSEP + r"|[ \t]{1,3})" + _EU_POSTCODE + r"[ \t]{1,3}" + CAPWORDS + COUNTRY_TAIL + r"(?![\w])"
)
EU_STREET_BEFORE_RE = re.compile(
    r"(?<![\w\-])(?:" + EU_STREET_WORD + r"|" + EU_ROMANCE_WORD + r"(?:[ ]" + _NAMEWORD + r"){1,5})"
    r"[ \t]{1,2}\Z"
)
# Addresses found from their last line: "London EC1A 1BB", "Dublin 2, Ireland", "Austin, TX 78701".
CITY_POST_RE = re.compile(
    r"(?=[A-Z,])(?:"
    r"(?<![\w\-])" + _UK_POSTCODE + r"(?![\w])"
    r"|Dublin[ \t]{1,2}(?P<dub>\d{1,2}W?|D\d{2})(?![\w])(?:(?:" + CSEP + r"|[ \t]{1,3})"
    r"(?:Ireland(?![\w])|" + _EIRCODE + r"(?![\w])))?"
    r"|,[ \t]{1,3}" + _STATE + r"\.?[ \t]{1,3}" + _ZIP + r"(?![\w\-])"
    r"|(?<![\w\-])" + _SINGAPORE + r")" + COUNTRY_TAIL
)
CITY_BEFORE_RE = re.compile(r"(?<![\w\-])" + CAPWORDS + r"(?P<gap>[ \t]{1,3}|,[ \t]{1,3}|)\Z")
CITY_STOP = words(
    "The This That These Those We Our Us You Your If When In On At For To By From And Or Of With Please",
    "See Contact Call Email Phone Write Send Mail Address Version Section Article Page Model Room Code",
    "Order Ticket Invoice Account Reference Ref Number No ID Case Batch Serial Item Product Build Release",
)
# An Indian PIN code read from its digits back to the city: "Bengaluru 560001", "Mumbai - 400 001".
PIN_RE = re.compile(r"(?=[1-9])(?<![\w\-.,/])" + _PIN + COUNTRY_TAIL)
PIN_CITY_RE = re.compile(r"(?<![\w\-])" + CAPWORDS + r"(?P<gap>" + PIN_GAP + r")\Z")
