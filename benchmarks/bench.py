"""Speed report over the shared dev corpora (not a test: run it by hand or in a perf job).

    python benchmarks/bench.py [--corpus ../shared/corpus] [--ruleset NAME ...] [--repeat 3]
                               [--markdown FILE] [--no-cli]

One run, one process, five measurements (the table in ``docs/performance.md`` is its output):

1. **Parse + check per policy, by size band** (words: <1k, 1-3k, 3-5k, >5k) over ``seeds/``,
   ``gt200-dev/policies`` and ``goppc-dev/policies``, against the rulesets (default: all built-in),
   compiled once before timing. Beside it, the **Aho-Corasick floor**: one pass of an automaton of
   every term word and phrase of those rulesets over the case-folded text of the same policy, the
   least any term matcher must do; and the ratio between the two.
2. **Scaling**: one policy (the median of the 3-5k band) concatenated with itself 1x to 50x, cost per
   word relative to 1x (a check that is linear in the text stays near 1.0).
3. **CLI start-up** (``policy-rules --version``), a one-file ``check``, and **ruleset load** (all
   rulesets, in a fresh process, so a compiled-ruleset cache counts when there is one).
4. **Cores**: ``policy-rules check --jobs N`` against ``--jobs 1`` on the same files, when the CLI
   has ``--jobs`` ("n/a" otherwise).

Each policy keeps its best of ``--repeat`` passes (the machine may be shared: the best is the least
disturbed); times are process CPU time for in-process figures and wall time for the CLI ones.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import ahocorasick

from policy_rules import check, load_policy, load_ruleset
from policy_rules.rules.compiled import Ruleset
from policy_rules.rules.registry import available
from policy_rules.rules.tokens import TermSet

DATE = dt.date(2026, 1, 1)
BANDS = (("<1k", 0, 1000), ("1-3k", 1000, 3000), ("3-5k", 3000, 5000), (">5k", 5000, 10**12))
SCALES = (1, 2, 5, 10, 20, 50)


def term_sets(rulesets: Iterable[Ruleset]) -> list[TermSet]:
    """Every term list compiled into the rulesets' matchers (a walk over the compiled objects)."""
    found: dict[int, TermSet] = {}
    seen: set[int] = set()
    stack: list[object] = list(rulesets)
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, str | bytes | int | float | bool | type(None)):
            continue
        seen.add(id(obj))
        if isinstance(obj, TermSet):
            found[id(obj)] = obj
            continue
        if isinstance(obj, dict):
            stack.extend(obj.values())
        elif isinstance(obj, list | tuple | set | frozenset):
            stack.extend(obj)
        elif type(obj).__module__.startswith("policy_rules"):
            stack.extend(getattr(obj, "__dict__", {}).values())
    return list(found.values())


def floor_automaton(rulesets: list[Ruleset]) -> ahocorasick.Automaton:
    """An automaton of every term of the rulesets: each term as written (its words, one space
    apart) and every form each of its words matches (inflections, plurals)."""
    automaton = ahocorasick.Automaton()
    keys: set[str] = set()
    for ts in term_sets(rulesets):
        for term in ts.terms:
            keys.add(" ".join(term.words))
            for forms in term.forms:
                keys.update(forms)
    for key in keys:
        automaton.add_word(key, len(key))
    automaton.make_automaton()
    return automaton


def floor_pass(automaton: ahocorasick.Automaton, text: str) -> None:
    """The floor: case-fold the text and run the automaton over it once, consuming every match."""
    collections.deque(automaton.iter(text.casefold()), maxlen=0)


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """The least CPU time of ``repeat`` runs (seconds)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    return best


def wall(cmd: list[str], runs: int) -> float:
    """Median wall time of ``cmd`` (seconds), output discarded."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def cli() -> list[str]:
    return [sys.executable, "-m", "policy_rules"]


def has_jobs() -> bool:
    help_text = subprocess.run([*cli(), "check", "--help"], capture_output=True, text=True).stdout
    return "--jobs" in help_text


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def main() -> int:
    here = Path(__file__).resolve().parents[1]
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=here.parent / "shared" / "corpus")
    parser.add_argument("--ruleset", action="append", default=[])
    parser.add_argument("--repeat", type=int, default=3, help="passes; the best is kept per policy")
    parser.add_argument("--markdown", type=Path, help="also write the report (Markdown) here")
    parser.add_argument("--no-cli", action="store_true", help="skip the sub-process measurements")
    args = parser.parse_args()

    corpus: Path = args.corpus
    files = (
        sorted((corpus / "seeds").glob("*.txt"))
        + sorted((corpus / "gt200-dev" / "policies").glob("*.md"))
        + sorted((corpus / "goppc-dev" / "policies").glob("*.md"))
    )
    if not files:
        print(f"no policies under {corpus}", file=sys.stderr)
        return 2
    names = args.ruleset or list(available())
    started = time.perf_counter()
    rulesets = [load_ruleset(name) for name in names]
    load_s = time.perf_counter() - started
    n_rules = sum(len(r.rules) for r in rulesets)
    automaton = floor_automaton(rulesets)

    # 1. parse + check per policy, with the floor over the same text
    total: dict[Path, float] = {}
    floor: dict[Path, float] = {}
    words: dict[Path, int] = {}
    for path in files:
        document = load_policy(path)
        text = document.text
        words[path] = len(text.split())
        total[path] = best_of(
            args.repeat, lambda p=path: check(load_policy(p), rulesets, evaluation_date=DATE)
        )
        floor[path] = best_of(args.repeat, lambda t=text: floor_pass(automaton, t))
    lines = [
        f"{len(files)} policies, {len(rulesets)} rulesets ({n_rules} rules), automaton of"
        f" {len(automaton)} term words and phrases; best of {args.repeat}, one core, {os.uname().machine}"
        f", load average {os.getloadavg()[0]:.1f} at the start.",
        "",
        "| words | policies | parse+check median (ms) | p90 (ms) | Aho-Corasick floor median (ms)"
        " | ratio (median of per-policy ratios) |",
        "|---|---|---|---|---|---|",
    ]
    for band, lo, hi in BANDS:
        chosen = [p for p in files if lo <= words[p] < hi]
        if not chosen:
            lines.append(f"| {band} | 0 | | | | |")
            continue
        t = sorted(total[p] for p in chosen)
        ratio = statistics.median(total[p] / max(floor[p], 1e-9) for p in chosen)
        lines.append(
            f"| {band} | {len(chosen)} | {ms(statistics.median(t))} | {ms(t[int(0.9 * (len(t) - 1))])}"
            f" | {statistics.median(floor[p] for p in chosen) * 1000:.2f} | {ratio:.0f}x |"
        )

    # 2. scaling from 1x to 50x one policy
    band = [p for p in files if 3000 <= words[p] < 5000] or files
    pick = sorted(band, key=lambda p: words[p])[len(band) // 2]
    source = pick.read_text(encoding="utf-8", errors="replace")
    lines += ["", f"Scaling: one {words[pick]}-word policy concatenated with itself.", ""]
    lines += ["| copies | words | parse+check (ms) | µs per word | per word vs 1x |", "|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        per_word_1x = None
        for k in SCALES:
            target = Path(tmp) / f"scaled{pick.suffix}"
            target.write_text("\n\n".join([source] * k), encoding="utf-8")
            n_words = len(load_policy(target).text.split())
            spent = best_of(
                args.repeat if k <= 10 else 1,
                lambda t=target: check(load_policy(t), rulesets, evaluation_date=DATE),
            )
            per_word = spent / n_words
            per_word_1x = per_word_1x or per_word
            lines.append(
                f"| {k}x | {n_words} | {ms(spent)} | {per_word * 1e6:.2f} | {per_word / per_word_1x:.2f} |"
            )

    # 3-4. command line
    lines += ["", "| command line | wall (ms) |", "|---|---|"]
    if args.no_cli:
        lines.append("| (skipped: --no-cli) | |")
    else:
        lines.append(f"| `policy-rules --version` (median of 5) | {ms(wall([*cli(), '--version'], 5))} |")
        one = [*cli(), "check", str(pick), "--no-config", "--date", DATE.isoformat(), "--format", "json"]
        lines.append(f"| one-file `check` (median of 3) | {ms(wall(one, 3))} |")
        load = (
            "import time; from policy_rules import load_ruleset; t = time.perf_counter();"
            f" [load_ruleset(n) for n in {names!r}]; print(time.perf_counter() - t)"
        )
        fresh = [
            float(subprocess.run([sys.executable, "-c", load], capture_output=True, text=True).stdout)
            for _ in range(3)
        ]
        lines.append(f"| ruleset load, fresh process (median of 3; in this one: {ms(load_s)}) |"
                     f" {ms(statistics.median(fresh))} |")  # fmt: skip
        lines += ["", *jobs_table(corpus)]
    report = "\n".join(lines)
    print(report)
    if args.markdown:
        args.markdown.write_text(report + "\n", encoding="utf-8")
    return 0


def jobs_table(corpus: Path) -> list[str]:
    """``check --jobs N`` against ``--jobs 1`` over the same directories, if the CLI has ``--jobs``."""
    cores = os.cpu_count() or 1
    rows = ["| `check` over gt200-dev + goppc-dev | wall (s) | vs serial |", "|---|---|---|"]
    if not has_jobs():
        return [*rows, "| `--jobs 1` | n/a | |", f"| `--jobs {cores}` | n/a | n/a (no `--jobs`) |"]
    dirs = [str(corpus / "gt200-dev" / "policies"), str(corpus / "goppc-dev" / "policies")]
    base = [*cli(), "check", *dirs, "--no-config", "--date", DATE.isoformat(), "--format", "json"]
    serial = wall([*base, "--jobs", "1"], 1)
    rows.append(f"| `--jobs 1` | {serial:.2f} | 1.00 |")
    counts = collections.OrderedDict.fromkeys(n for n in (2, cores) if n > 1)
    for n in counts:
        spent = wall([*base, "--jobs", str(n)], 1)
        rows.append(f"| `--jobs {n}` | {spent:.2f} | {spent / serial:.2f} |")
    return rows


if __name__ == "__main__":
    raise SystemExit(main())
