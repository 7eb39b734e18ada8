"""Entity detectors: the concrete things rules cite as evidence (a contact e-mail, a dated policy, a
controller's legal name, an unfilled template slot).

One module per kind (:mod:`.emails`, :mod:`.urls`, :mod:`.phones`, :mod:`.dates`, :mod:`.addresses`,
:mod:`.organizations`, :mod:`.placeholders`); :mod:`.combine` runs them and resolves overlaps. The
performance rules all detectors follow are in :mod:`._base`.
"""

from __future__ import annotations

from .combine import find_entities, find_policy_date

__all__ = ["find_entities", "find_policy_date"]
