"""Is an occurrence stated in the negative?

"We do not sell your data" must not count as a disclosure of selling, and "we do not transfer data
outside the EEA" must switch a transfer rule off rather than trigger it. The test is deliberately local:
a negation cue earlier in the same clause, within a few words, with no clause break in between.
"""

from __future__ import annotations

import re

_WINDOW = 80
_CUE = re.compile(
    r"(?<!\w)(?:not(?!\s+(?:only|limited|later|more|less|exceed|to\s+exceed|just|necessarily))"
    r"|never|no(?!\s+(?:later|more|less|longer\s+than|matter))|none|nor|neither|without|cannot"
    r"|unable|refuse[sd]?|decline[sd]?)(?!\w)"
    r"|n['’]t(?!\w)",
    re.IGNORECASE,
)
_BREAK = re.compile(
    r"[;:()]|[.!?]\s|,\s*(?:and\s+|so\s+|then\s+)?(?:you|we|they|it|he|she|users?)(?!\w)|(?<!\w)(?:but|however|although|except|unless|whereas|instead|rather|if|when|where"
    r"|which|who|that)(?!\w)",
    re.IGNORECASE,
)


def is_negated(text: str, start: int, floor: int = 0) -> bool:
    """True when ``text[start:]`` sits in a negated clause; ``floor`` is where the sentence begins."""
    lo = max(floor, start - _WINDOW)
    window = text[lo:start]
    cut = 0
    for m in _BREAK.finditer(window):
        cut = m.end()
    return _CUE.search(window, cut) is not None
