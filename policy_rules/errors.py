"""Errors a user can act on.

Every error the command line reports is one of these: it carries the file and, where there is one, the
line, column and key, so the message reads like a compiler's and the exit status is 2. Anything else
escaping to the top level is a bug in policy-rules.
"""

from __future__ import annotations


class PolicyRulesError(Exception):
    """Base class: a problem with the user's input, not with policy-rules."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        key: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.key = key

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled with its keyword fields, so an error raised in a worker process (``check --jobs``)
        still names its file, line and column where it is reported."""
        fields = {"path": self.path, "line": self.line, "column": self.column, "key": self.key}
        return (_rebuild, (type(self), self.message, fields))

    def __str__(self) -> str:
        where = self.path or ""
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        key = f" [{self.key}]" if self.key else ""
        return f"{where}: {self.message}{key}" if where else f"{self.message}{key}"


class InputError(PolicyRulesError):
    """A policy file that cannot be read or decoded."""


class RulesetError(PolicyRulesError):
    """A ruleset that cannot be loaded: bad YAML, schema violation, bad regex, unknown reference."""


class UsageError(PolicyRulesError):
    """A command-line or API call that does not make sense (unknown ruleset name, bad date)."""


class OutputError(PolicyRulesError):
    """A report that cannot be written: full disk, a directory or missing folder in the way, a closed
    standard output, or a terminal encoding that cannot hold the text."""


def _rebuild(cls: type[PolicyRulesError], message: str, fields: dict[str, object]) -> PolicyRulesError:
    return cls(message, **fields)  # type: ignore[arg-type]
