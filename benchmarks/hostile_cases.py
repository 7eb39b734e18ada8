"""The hostile-input catalogue run by ``benchmarks/hostile.py``: what each case writes, runs and checks.

A case is data: the files to create in a fresh directory (never stored in the repository), the
arguments, the limits and the exit statuses it may end with, and checks of its output (a problem
found, or ``None``). Kept apart from the runner so that adding a case is a few lines here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

FIFO = b"\0FIFO"  #: a file content that makes the harness create a named pipe instead
DIRECTORY = b"\0DIR"  #: ... an empty directory
ANY_EXIT = frozenset({0, 1, 2})
ERROR = frozenset({2})
RESULT = frozenset({0, 1})  #: the run must produce a result, not give up with an error
TRACEBACK = "Traceback (most recent call last)"


@dataclass(frozen=True)
class Run:
    """What one case did: inputs for the verdict and the output checks."""

    status: int | None  # exit status; negative: killed by that signal; None: timed out
    seconds: float
    peak_mb: float
    stdout: bytes
    stderr: bytes
    directory: Path  # where the inputs were written (removed once the run is judged)


Check = Callable[[Run], "str | None"]  # a problem with the output, or None


@dataclass(frozen=True)
class Case:
    """One hostile input: ``files`` (relative path -> bytes, or :data:`FIFO` / :data:`DIRECTORY`)
    written into a fresh directory, ``argv`` run in its ``cwd`` with ``stdin``, within ``seconds``
    of wall time and ``memory_mb`` of peak resident memory, ending with one of ``exits``."""

    name: str
    argv: tuple[str, ...]
    files: Mapping[str, bytes] = field(default_factory=dict)
    seconds: float = 10.0
    memory_mb: int = 500
    exits: frozenset[int] = ANY_EXIT
    env: Mapping[str, str] = field(default_factory=dict)
    cwd: str = "."
    stdin: str | None = None
    checks: tuple[Check, ...] = ()


# ---------------------------------------------------------------------------------------- inputs
POLICY = (
    "Harbor Lane Ltd is the controller of your personal data. Contact: privacy@harbor.example.\n\n"
    "We keep your personal data for 30 days.\n"
)


def policy_with(evidence: str) -> bytes:
    """A policy whose failing retention sentence (quoted as evidence) carries ``evidence``."""
    return (
        "Harbor Lane Ltd is the controller of your personal data. Contact: privacy@harbor.example.\n\n"
        f"We keep your personal data indefinitely {evidence} and we never tell you.\n"
    ).encode("utf-8", "surrogatepass")


def rule(i: int, expect: str) -> str:
    return (
        f"  - id: hostile.r{i}\n    title: Rule {i}\n    citation: none\n    severity: error\n"
        f"    expect: {expect}\n"
    )


def ruleset(rules: str = "", head: str = "", rid: str = "hostile") -> bytes:
    body = rules or rule(0, "{terms: [data]}")
    return f'id: {rid}\ntitle: Hostile input\nversion: "1"\n{head}rules:\n{body}'.encode()


def alias_bomb(indent: str = "") -> str:
    """Nine levels of nine aliases each (about 1 KB): 387 million strings once expanded."""
    lines = [f"{indent}a0: &a0 [{', '.join(['lol'] * 9)}]"]
    lines += [f"{indent}a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    return "\n".join(lines) + "\n"


def regex_rule(pattern: str) -> bytes:
    return ruleset(rule(0, "{regex: '" + pattern.replace("'", "''") + "'}"))


def extends_chain(length: int) -> dict[str, bytes]:
    files = {
        f"chain/r{i}.yaml": ruleset(rid=f"r{i}", head=f"extends: ./r{i + 1}.yaml\n", rules="  []\n")
        for i in range(length - 1)
    }
    files[f"chain/r{length - 1}.yaml"] = ruleset(rid=f"r{length - 1}")
    return files


def slow_rules(count: int) -> bytes:
    """Each rule backtracks for most of a second on the policy below, none long enough to time out."""
    return ruleset("".join(rule(i, "{regex: '((a+)\\2)+b(?#" + str(i) + ")'}") for i in range(count)))


SLOW_POLICY = ("a" * 38 + "!\nWe keep your personal data for thirty days, then delete it.\n").encode()
SECRET = "TOPSECRET-4242"


# ---------------------------------------------------------------------------------------- checks
def text_of(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def one_error_line(run: Run) -> str | None:
    """Exit 2 with exactly one ``policy-rules: error:`` line, as every bad input must end."""
    lines = text_of(run.stderr).splitlines()
    if run.status == 2 and (len(lines) != 1 or not lines[0].startswith("policy-rules: error: ")):
        return f"stderr is {len(lines)} lines, not one 'policy-rules: error:' line"
    return None


def mentions(needle: str) -> Check:
    def check(run: Run) -> str | None:
        return None if needle in text_of(run.stderr) else f"stderr does not name {needle!r}"

    return check


def no_secret(run: Run) -> str | None:
    return f"{SECRET} echoed" if SECRET in text_of(run.stdout + run.stderr) else None


def no_policy_read(run: Run) -> str | None:
    return "a policy was checked" if run.stdout.strip() else None


_COMMAND = re.compile(r"::(?:error|warning|notice|debug)(?: [^\n]*?)?::|::(?:group|endgroup)::")


def github_commands_only(run: Run) -> str | None:
    """Only the annotations policy-rules means to write start a line with ``::``; file names are
    escaped into their properties and cannot start one of their own."""
    for line in re.split(r"\r\n|\r|\n", text_of(run.stdout)):
        bare = line.lstrip()
        if bare.startswith("::") and not _COMMAND.match(bare):
            return f"stray workflow command {bare[:40]!r}"
        if re.match(r"::\w+ title=PWNED::", bare):
            return f"injected workflow command {bare[:40]!r}"
    return None


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def no_control_characters(run: Run) -> str | None:
    """Nothing a terminal acts on (ESC sequences, BEL, C1 CSI) in the text report."""
    for stream, data in (("stdout", run.stdout), ("stderr", run.stderr)):
        found = _CONTROL.search(text_of(data))
        if found:
            return f"raw U+{ord(found.group()):04X} on {stream}"
    return None


def markdown_inert(run: Run) -> str | None:
    """Evidence and paths render as text: no raw HTML, comment or @mention outside code spans."""
    text = text_of(run.stdout)
    if text.count("<details") != text.count("</details>"):
        return "unbalanced <details>"
    outside = re.sub(r"`[^`\n]*`", "", text)
    for raw in ("<img", "<!--"):
        if raw in outside.lower():
            return f"raw {raw}"
    if re.search(r"(?<![\w\\`&])@hostileuser", outside):
        return "raw @mention"
    return None


def junit_well_formed(run: Run) -> str | None:
    try:
        ET.fromstring(run.stdout)
    except ET.ParseError as exc:
        return f"JUnit XML does not parse: {exc}"
    return None


# ---------------------------------------------------------------------------------------- catalogue
def catalogue() -> list[Case]:
    p = {"p.txt": POLICY.encode()}
    gdpr = ("-r", "gdpr")
    bomb_doc = alias_bomb().encode()
    html = b"<p>We keep your personal data for 30 days.</p>\n"
    md_table = "|a" * 8000 + "|\n" + "|-" * 8000 + "|\n" + "|x" * 8000 + "|\n"
    utf16 = b"\xff\xfe" + "We keep your data \ud800 for 30 days.\n".encode("utf-16-le", "surrogatepass")
    return [
        Case("yaml-bomb-ruleset", ("check", "p.txt", "-r", "bomb.yaml"),
             {**p, "bomb.yaml": ruleset(head="vocabularies:\n" + alias_bomb("  "))}, exits=ERROR),
        Case("yaml-bomb-config-found", ("check", "p.txt", *gdpr),
             {"proj/.policy-rules.yaml": bomb_doc, "proj/sub/p.txt": POLICY.encode()}, cwd="proj/sub",
             exits=ERROR),
        Case("yaml-bomb-config-option", ("check", "p.txt", *gdpr, "--config", "cfg.yaml"),
             {**p, "cfg.yaml": bomb_doc}, exits=ERROR),
        Case("yaml-bomb-facts", ("check", "p.txt", *gdpr, "--facts", "facts.yaml"),
             {**p, "facts.yaml": bomb_doc}, exits=ERROR),
        Case("yaml-control-character", ("check", "p.txt", "-r", "r.yaml"),
             {**p, "r.yaml": ruleset().replace(b"Hostile input", b"Hostile \x01 input")}, exits=ERROR),
        Case("yaml-int-abc", ("check", "p.txt", "-r", "r.yaml"),
             {**p, "r.yaml": ruleset().replace(b"Hostile input", b"!!int abc")}, exits=ERROR),
        Case("yaml-out-of-range-date", ("check", "p.txt", "-r", "r.yaml"),
             {**p, "r.yaml": ruleset().replace(b"Hostile input", b"2024-02-30")}, exits=ERROR),
        Case("yaml-500-levels", ("check", "p.txt", "-r", "r.yaml"),
             {**p, "r.yaml": ruleset(head="description: " + "[" * 500 + "]" * 500 + "\n")}, exits=ERROR),
        Case("yaml-200-nested-any", ("check", "p.txt", "-r", "r.yaml"),
             {**p, "r.yaml": ruleset(rule(0, "{any: [" * 200 + "{terms: [data]}" + "]}" * 200))}),
        Case("extends-chain-300", ("check", "p.txt", "-r", "chain/r0.yaml"), {**p, **extends_chain(300)}),
        Case("dev-zero-policy", ("check", "/dev/zero", *gdpr), exits=ERROR, checks=(one_error_line,)),
        Case("dev-zero-stdin", ("check", "-", *gdpr), stdin="/dev/zero", exits=ERROR,
             checks=(one_error_line,)),
        Case("dev-zero-ruleset", ("check", "p.txt", "-r", "/dev/zero"), p, exits=ERROR,
             checks=(one_error_line,)),
        Case("dev-zero-facts", ("check", "p.txt", *gdpr, "--facts", "/dev/zero"), p, exits=ERROR,
             checks=(one_error_line,)),
        Case("dev-zero-baseline", ("check", "p.txt", *gdpr, "--baseline", "/dev/zero"), p, exits=ERROR,
             checks=(one_error_line,)),
        Case("fifo-policy", ("check", "pipe.md", *gdpr), {"pipe.md": FIFO}, exits=ERROR,
             checks=(one_error_line,)),
        Case("fifo-in-scanned-dir", ("check", "docs", *gdpr),
             {"docs/a.md": POLICY.encode(), "docs/x.md": FIFO}, exits=ERROR, checks=(mentions("docs/x.md"),)),
        Case("empty-path-argument", ("check", "", *gdpr), p, exits=ERROR,
             checks=(one_error_line, no_policy_read)),
        Case("max-size-negative", ("check", "p.txt", *gdpr, "--max-size", "-1"), p, exits=ERROR,
             checks=(mentions("--max-size"), no_policy_read)),
        Case("max-size-nan", ("check", "p.txt", *gdpr, "--max-size", "nan"), p, exits=ERROR,
             checks=(mentions("--max-size"), no_policy_read)),
        Case("regex-V1-flag", ("check", "p.txt", "-r", "r.yaml"), {**p, "r.yaml": regex_rule("(?V1)")},
             exits=ERROR, checks=(one_error_line,)),
        Case("regex-500-nested-groups", ("check", "p.txt", "-r", "r.yaml"),
             {**p, "r.yaml": regex_rule("(" * 500 + "a" + ")" * 500)}, exits=ERROR, checks=(one_error_line,)),
        Case("regex-recursion", ("check", "p.txt", "-r", "r.yaml"), {**p, "r.yaml": regex_rule("(?R)")},
             exits=ERROR, checks=(one_error_line,)),
        Case("regex-repeat-product", ("check", "p.txt", "-r", "r.yaml"),
             {**p, "r.yaml": regex_rule("(?:(?:a{1000}){1000}){1000}")}, exits=ERROR,
             checks=(one_error_line,)),
        Case("regex-30-slow-rules", ("check", "p.txt", "-r", "r.yaml"),
             {"p.txt": SLOW_POLICY, "r.yaml": slow_rules(30)}),
        Case("builtin-5000-digits", ("check", "p.txt"),
             {"p.txt": f"We keep your data for {'7' * 5000} days.\n".encode()}, exits=RESULT),
        Case("builtin-40000-parens", ("check", "p.txt"),
             {"p.txt": b"We keep your data (" + b"(" * 40_000 + b"\n"}, exits=RESULT),
        Case("html-8000-unclosed-b", ("check", "p.html", *gdpr), {"p.html": html + b"<b " * 8000}),
        Case("html-3mb-unclosed-b", ("check", "p.html", *gdpr), {"p.html": html + b"<b " * 1_000_000},
             seconds=20, memory_mb=1000),
        Case("markdown-8000-columns", ("check", "p.md", *gdpr),
             {"p.md": b"# Policy\n\n" + md_table.encode()}),
        Case("github-stop-commands-name", ("check", "::stop-commands::x.md", *gdpr, "--format", "github"),
             {"::stop-commands::x.md": POLICY.encode()}, checks=(github_commands_only,)),
        Case("github-newline-name", ("check", "a\n::error title=PWNED::b.md", *gdpr, "--format", "github"),
             {"a\n::error title=PWNED::b.md": POLICY.encode()}, checks=(github_commands_only,)),
        Case("text-esc-in-evidence", ("check", "p.txt", *gdpr, "--format", "text"),
             {"p.txt": policy_with("\x1b[2J\x1b]0;PWNED\x07 \x9b31m\x1b[1A")},
             checks=(no_control_characters,)),
        Case("markdown-html-in-evidence", ("check", "p.txt", *gdpr, "--format", "markdown"),
             {"p.txt": policy_with("</details> <img src=x onerror=alert(1)> <!-- @hostileuser")},
             checks=(markdown_inert,)),
        Case("markdown-html-in-path", ("check", "x`@hostileuser <img src=x> <!--.txt", *gdpr,
                                       "--format", "markdown"),
             {"x`@hostileuser <img src=x> <!--.txt": policy_with("")}, checks=(markdown_inert,)),
        Case("junit-c0-characters", ("check", "p.txt", "c\x01\x1b.txt", *gdpr, "--format", "junit"),
             {"p.txt": policy_with("\x01\x02\x0b\x0c\x1b\x7f"), "c\x01\x1b.txt": policy_with("")},
             checks=(junit_well_formed,)),
        Case("output-dev-full", ("check", "p.txt", *gdpr, "--output", "json=/dev/full"), p, exits=ERROR,
             checks=(one_error_line,)),
        Case("output-directory", ("check", "p.txt", *gdpr, "--output", "json=out"),
             {**p, "out": DIRECTORY}, exits=ERROR, checks=(one_error_line,)),
        Case("pythonioencoding-ascii", ("check", "p.txt", *gdpr), {"p.txt": policy_with("— für immer")},
             env={"PYTHONIOENCODING": "ascii"}, checks=(one_error_line,)),
        Case("extends-secret-env", ("check", "p.txt", "-r", "r.yaml"),
             {**p, "r.yaml": ruleset(head="extends: ./secret.env\n"),
              "secret.env": f"DB_PASSWORD=hunter2-{SECRET}\nAPI_TOKEN=ghp_{SECRET}\n".encode()},
             exits=ERROR, checks=(no_secret, one_error_line)),
        Case("extends-secret-key", ("check", "p.txt", "-r", "r.yaml"),
             {**p, "r.yaml": ruleset(head="extends: ./id_ed25519\n"),
              "id_ed25519": f"-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl: {SECRET}: [x\n"
                            "-----END OPENSSH PRIVATE KEY-----\n".encode()},
             exits=ERROR, checks=(no_secret, one_error_line)),
        Case("lone-surrogate-utf16-policy", ("check", "p.txt", *gdpr), {"p.txt": utf16}, exits=ERROR,
             checks=(one_error_line,)),
        Case("lone-surrogate-yaml-escape", ("check", "p.txt", "-r", "r.yaml"),
             {**p, "r.yaml": ruleset().replace(b"Hostile input", b'"Hostile \\ud800 input"')}, exits=ERROR,
             checks=(one_error_line,)),
    ]  # fmt: skip
