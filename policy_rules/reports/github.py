"""GitHub Actions workflow commands: each problem becomes an annotation on the right line of the PR.

The runner reads every output line as a possible command, so nothing from a policy or a ruleset may
start a line or end one: command values are escaped per GitHub's rules (``%``, CR and LF in data; also
``:`` and ``,`` in properties), other control characters are shown as escapes, and the per-file summary
line starts with a path that cannot read as a command.
"""

from __future__ import annotations

from ..engine.findings import DocumentResult, Outcome, Report
from .base import Formatter, Write
from .escaping import for_log, leading_path
from .locations import report_path

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return for_log(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubFormatter(Formatter):
    name = "github"

    def begin(self, head: Report, write: Write) -> None:
        super().begin(head, write)
        self._documents = 0

    def document(self, doc: DocumentResult) -> None:
        lines = []
        path = report_path(doc.path)
        for f in doc.findings:
            if f.outcome not in (Outcome.FAIL, Outcome.MISSING) or f.suppression is not None:
                continue
            props = [f"file={_escape_property(path)}"]
            span = f.anchor
            if span is not None:
                props += [f"line={span.line}", f"col={span.column}", f"endLine={span.end_line}"]
                if span.end_line == span.line:
                    props.append(f"endColumn={span.end_column}")
            else:
                props.append("line=1")
            props.append(f"title={_escape_property(f'{f.rule_id} ({f.outcome.value})')}")
            body = f"{f.message} [{f.citation}]"
            if f.remediation:
                body += f"\nFix: {' '.join(f.remediation.split())}"
            level = _LEVEL.get(f.severity, "warning")
            lines.append(f"::{level} {','.join(props)}::{_escape_data(body)}")
        s = doc.summary()
        lines.append(
            f"{leading_path(for_log(path))}: {s['pass']} pass, {s['fail']} fail, {s['missing']} missing, "
            f"{s['not_applicable']} not applicable, {s['suppressed']} suppressed"
        )
        self._documents += 1
        self.write("".join(line + "\n" for line in lines))

    def end(self) -> None:
        if not self._documents:  # an empty report is one empty line, as it always was
            self.write("\n")
