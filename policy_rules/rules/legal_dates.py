"""The bundled table of legal dates (``policy_rules/data/dates.yaml``) that temporal rules refer to."""

from __future__ import annotations

import datetime as dt
import functools
from importlib import resources

import yaml


@functools.lru_cache(maxsize=1)
def legal_dates() -> dict[str, dt.date]:
    text = resources.files("policy_rules").joinpath("data/dates.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    out: dict[str, dt.date] = {}
    for name, entry in data["dates"].items():
        value = entry["date"]
        out[name] = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return out
