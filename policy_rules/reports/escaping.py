"""Untrusted text made harmless for the places reports go: terminals, CI logs, XML, JSON.

File names, quoted evidence and ruleset text come from whoever wrote the policy or the ruleset. A
terminal obeys ESC sequences, a GitHub log obeys ``::command::`` and ``##[command]`` lines, XML 1.0
forbids most C0 characters, and strict JSON readers reject lone surrogates (which a file name that is
not UTF-8 becomes in Python). No maintained library filters these sinks (``html.escape`` only knows
HTML), so the few hand-written filters live here; each is one regular-expression pass, linear in its
input. Markdown has its own module because its rules are a different kind (syntax, not characters).
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL (terminal commands, forbidden or discouraged in XML), the bidi embedding,
# override and isolate controls ("Trojan Source": they reorder what a reader sees), the Unicode line
# and paragraph separators (line breaks to some viewers), lone surrogates (not encodable in UTF-8) and
# the two noncharacters XML 1.0 forbids.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# The runner's legacy ``##[command]`` syntax is recognised anywhere in a log line, not only at its start.
_LEGACY_COMMAND = re.compile(r"##\[")
ZWSP = "\u200b"


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a non-UTF-8 file name (surrogateescape): show the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every character listed above shown as a backslash escape (``\\x1b``, ``\\n``).

    The result prints as one line, contains only characters XML 1.0 allows, and encodes in UTF-8.
    """
    return _UNSAFE.sub(_escape, text)


def one_line(text: str) -> str:
    """Runs of whitespace (newlines included) as one space, then :func:`visible`: for prose such as
    messages and remediation, whose line breaks carry no meaning in a one-line report."""
    return visible(" ".join(text.split()))


def for_log(text: str) -> str:
    """:func:`visible`, and ``##[`` broken by a zero-width space so a CI runner sees no legacy command."""
    return _LEGACY_COMMAND.sub(f"##{ZWSP}[", visible(text))


def leading_path(path: str) -> str:
    """A path that starts an output line, so that the line cannot read as a GitHub workflow command.

    The runner takes any line whose first non-blank characters are ``::`` as a command, and what follows
    a path on our lines is a ``:``, so a path that starts with one gets ``./`` in front: the same file.
    """
    return f"./{path}" if path.lstrip().startswith(":") else path


# What JSON output must not carry raw: lone surrogates (invalid UTF-8, rejected by strict readers) and
# the characters that rewrite a terminal but that ``json.dumps(ensure_ascii=False)`` leaves as they are.
_JSON_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def json_text(dumped: str) -> str:
    """Output of ``json.dumps(..., ensure_ascii=False)`` made safe to write and to print.

    Lone surrogates can only occur inside string literals, so replacing them with U+FFFD keeps the JSON
    valid; the other characters become ``\\uXXXX`` escapes, which decode to the same text.
    """
    dumped = _JSON_SURROGATE.sub("\ufffd", dumped)
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
