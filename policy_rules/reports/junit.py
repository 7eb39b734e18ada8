"""JUnit XML: one test case per rule and document, for CI systems that chart test results."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from ..engine.findings import Outcome, Report
from .base import Formatter
from .locations import report_path


class JunitFormatter(Formatter):
    name = "junit"

    def render(self, report: Report) -> str:
        suites = ET.Element("testsuites", name="policy-rules")
        total = failures = skipped = 0
        for doc in report.documents:
            path = report_path(doc.path)
            suite = ET.SubElement(suites, "testsuite", name=path)
            n = f_count = s_count = 0
            for f in doc.findings:
                n += 1
                case = ET.SubElement(suite, "testcase", classname=path, name=f.rule_id)
                case.set("file", path)
                if f.anchor is not None:
                    case.set("line", str(f.anchor.line))
                if f.outcome is Outcome.NOT_APPLICABLE or f.suppression is not None:
                    s_count += 1
                    why = f.suppression.reason if f.suppression else (f.reason or "not applicable")
                    ET.SubElement(case, "skipped", message=why)
                elif f.outcome in (Outcome.FAIL, Outcome.MISSING):
                    f_count += 1
                    failure = ET.SubElement(case, "failure", message=f.message, type=f.outcome.value)
                    detail = [f"{f.citation} ({f.severity})"]
                    detail += [f"{path}:{e.span.line}:{e.span.column}: {e.text}" for e in f.evidence]
                    if f.remediation:
                        detail.append(f"Fix: {' '.join(f.remediation.split())}")
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
