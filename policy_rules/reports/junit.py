"""JUnit XML: one test case per rule and document, for CI systems that chart test results.

XML 1.0 cannot carry most C0 characters, lone surrogates or U+FFFE/U+FFFF, even as character
references, and ElementTree writes them anyway; every value therefore passes through
:func:`~.escaping.visible`, which shows them as backslash escapes.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from ..engine.findings import Outcome, Report
from .base import Formatter
from .escaping import one_line, visible
from .locations import report_path


class JunitFormatter(Formatter):
    name = "junit"

    def render(self, report: Report) -> str:
        suites = ET.Element("testsuites", name="policy-rules")
        total = failures = skipped = 0
        for doc in report.documents:
            path = visible(report_path(doc.path))
            suite = ET.SubElement(suites, "testsuite", name=path)
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
                    failure = ET.SubElement(
                        case, "failure", message=one_line(f.message), type=f.outcome.value
                    )
                    detail = [f"{one_line(f.citation)} ({visible(f.severity)})"]
                    detail += [
                        f"{path}:{e.span.line}:{e.span.column}: {one_line(e.text)}" for e in f.evidence
                    ]
                    if f.remediation:
                        detail.append(f"Fix: {one_line(f.remediation)}")
                    failure.text = "\n".join(detail)
            suite.set("tests", str(n))
            suite.set("failures", str(f_count))
            suite.set("errors", "0")
            suite.set("skipped", str(s_count))
            total, failures, skipped = total + n, failures + f_count, skipped + s_count
        suites.set("tests", str(total))
        suites.set("failures", str(failures))
        suites.set("errors", "0")
        suites.set("skipped", str(skipped))
        ET.indent(suites)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
