"""Every output format is a small class behind this base: it turns a report into text."""

from __future__ import annotations

from abc import ABC, abstractmethod

from ..engine.findings import Report


class Formatter(ABC):
    name: str = ""

    def __init__(self, *, color: bool = False, show_passing: bool = True) -> None:
        self.color = color
        self.show_passing = show_passing

    @abstractmethod
    def render(self, report: Report) -> str: ...
