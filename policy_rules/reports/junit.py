"""JUnit XML: one test case per rule and document, for CI systems that chart test results.

XML 1.0 cannot carry most C0 characters, lone surrogates or U+FFFE/U+FFFF, even as character
references, and ElementTree writes them anyway; every value therefore passes through
:func:`~.escaping.visible`, which shows them as backslash escapes.
"""

from __future__ import annotations

import os
from xml.etree import ElementTree as ET

from ..engine.findings import DocumentResult, Outcome, Report
from .base import Formatter, Write
from .escaping import one_line, visible
from .locations import report_path
from .streaming import Spool


class JunitFormatter(Formatter):
    """The root element carries the run's totals, so the test suites wait in a :class:`Spool` until
    :meth:`end` knows them."""

    name = "junit"

    def begin(self, head: Report, write: Write) -> None:
        super().begin(head, write)
        self._spool = Spool()
        self._totals = [0, 0, 0]  # tests, failures, skipped

    def document(self, doc: DocumentResult) -> None:
        path = visible(report_path(doc.path))
        suite = ET.Element("testsuite", name=path)
        if doc.applicability:
            props = ET.SubElement(suite, "properties")
            for a in doc.applicability:
                ET.SubElement(props, "property", name=f"applicability.{visible(a.ruleset)}")
                props[-1].set("value", visible(one_line(a.describe())))
        n = f_count = s_count = 0
        for f in doc.findings:
            n += 1
            case = ET.SubElement(suite, "testcase", classname=path, name=visible(f.rule_id))
            case.set("file", path)
            if f.anchor is not None:
                case.set("line", str(f.anchor.line))
            if f.outcome is Outcome.NOT_APPLICABLE or f.suppression is not None:
                s_count += 1
                why = f.suppression.reason if f.suppression else (f.reason or "not applicable")
                ET.SubElement(case, "skipped", message=one_line(why))
            elif f.outcome in (Outcome.FAIL, Outcome.MISSING):
                f_count += 1
                failure = ET.SubElement(case, "failure", message=one_line(f.message), type=f.outcome.value)
                detail = [f"{one_line(f.citation)} ({visible(f.severity)})"]
                detail += [f"{path}:{e.span.line}:{e.span.column}: {one_line(e.text)}" for e in f.evidence]
                if f.remediation:
                    detail.append(f"Fix: {one_line(f.remediation)}")
                failure.text = "\n".join(detail)
        suite.set("tests", str(n))
        suite.set("failures", str(f_count))
        suite.set("errors", "0")
        suite.set("skipped", str(s_count))
        self._totals = [self._totals[0] + n, self._totals[1] + f_count, self._totals[2] + s_count]
        ET.indent(suite, level=1)  # as indenting the whole tree would
        self._spool.write("\n  " + ET.tostring(suite, encoding="unicode"))

    def abort(self) -> None:
        self._spool.close()

    def end(self) -> None:
        suites = ET.Element("testsuites", name="policy-rules")
        tests, failures, skipped = self._totals
        suites.set("tests", str(tests))
        suites.set("failures", str(failures))
        suites.set("errors", "0")
        suites.set("skipped", str(skipped))
        self.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        if self._spool.empty:
            self._spool.copy_to(self.write)
            self.write(ET.tostring(suites, encoding="unicode") + "\n")
            return
        mark = os.urandom(16).hex()
        suites.text = mark
        opening = ET.tostring(suites, encoding="unicode").split(mark)[0]
        self.write(opening)
        self._spool.copy_to(self.write)
        self.write("\n</testsuites>\n")
