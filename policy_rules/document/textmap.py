"""Mapping from a block's plain text back to the source it was extracted from.

Markdown and HTML blocks have plain text that is not a slice of the file (markup is dropped, entities
decoded), yet evidence must point at the file the user edits. A ``TextMap`` records, run by run, where
each stretch of plain text came from, so any plain-text offset can be turned into a source offset.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TextMap:
    """Piecewise map: plain text ``[plain_starts[i], plain_starts[i]+lengths[i])`` came from source
    ``[source_starts[i], source_starts[i]+lengths[i])`` when ``exact[i]`` (copied verbatim), or from the
    whole source run ``[source_starts[i], source_ends[i])`` otherwise (e.g. "&amp;" became "&").

    ``source_end`` is where the block ends in the source (the end of its last run).
    """

    plain_starts: tuple[int, ...]
    lengths: tuple[int, ...]
    source_starts: tuple[int, ...]
    source_ends: tuple[int, ...]
    exact: tuple[bool, ...]

    @classmethod
    def identity(cls, source_start: int, length: int) -> TextMap:
        return cls((0,), (length,), (source_start,), (source_start + length,), (True,))

    @classmethod
    def from_runs(cls, runs: Sequence[tuple[int, int, int, int]]) -> TextMap:
        """Build from ``(plain_start, plain_length, source_start, source_end)`` runs in plain order.

        A run whose source length equals its plain length is taken as a verbatim copy.
        """
        if not runs:
            raise ValueError("a text map needs at least one run")
        return cls(
            tuple(r[0] for r in runs),
            tuple(r[1] for r in runs),
            tuple(r[2] for r in runs),
            tuple(r[3] for r in runs),
            tuple(r[3] - r[2] == r[1] for r in runs),
        )

    def _run(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.plain_starts, offset) - 1)

    def to_source_start(self, offset: int) -> int:
        """Source offset where the plain character at ``offset`` begins."""
        i = self._run(offset)
        if self.exact[i]:
            return self.source_starts[i] + min(offset - self.plain_starts[i], self.lengths[i])
        if offset >= self.plain_starts[i] + self.lengths[i]:
            return self.source_ends[i]
        return self.source_starts[i]

    def to_source_end(self, offset: int) -> int:
        """Source offset just past the plain character before ``offset`` (exclusive end)."""
        if offset <= 0:
            return self.source_starts[0]
        i = self._run(offset - 1)
        if self.exact[i]:
            return self.source_starts[i] + min(offset - self.plain_starts[i], self.lengths[i])
        return self.source_ends[i]

    @property
    def source_start(self) -> int:
        return self.source_starts[0]

    @property
    def source_end(self) -> int:
        return self.source_ends[-1]
