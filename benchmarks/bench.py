"""Parse + check timings over the shared corpus (not a test: run it by hand or in a perf job).

    python benchmarks/bench.py [--corpus ../shared/corpus] [--ruleset NAME ...] [--repeat 3]

Every policy in ``seeds/`` and ``gt200-dev/policies`` is parsed and checked against the rulesets
(default: all built-in). Rulesets are compiled once, before timing, as in real use. Reports median,
90th percentile and maximum per policy, for parsing, checking and both, on one core, and the start-up
time of ``policy-rules --version``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import time
from pathlib import Path

from policy_rules import check, load_policy, load_ruleset
from policy_rules.rules.registry import available


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def row(name: str, values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (
        f"{name:<14} median {statistics.median(ms):7.2f} ms   p90 {percentile(ms, 0.9):7.2f} ms"
        f"   max {max(ms):7.2f} ms"
    )


def main() -> int:
    here = Path(__file__).resolve().parents[1]
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=here.parent / "shared" / "corpus")
    parser.add_argument("--ruleset", action="append", default=[])
    parser.add_argument(
        "--repeat", type=int, default=3, help="passes over the corpus; the best is kept per file"
    )
    args = parser.parse_args()

    files = sorted((args.corpus / "seeds").glob("*.txt")) + sorted(
        (args.corpus / "gt200-dev" / "policies").glob("*.md")
    )
    if not files:
        print(f"no policies under {args.corpus}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    rulesets = [load_ruleset(name) for name in (args.ruleset or list(available()))]
    compile_s = time.perf_counter() - t0
    n_rules = sum(len(r.rules) for r in rulesets)
    date = dt.date(2026, 1, 1)

    parse_t: dict[Path, float] = {}
    check_t: dict[Path, float] = {}
    sizes: dict[Path, int] = {}
    for _ in range(args.repeat):
        for path in files:
            a = time.perf_counter()
            document = load_policy(path)
            b = time.perf_counter()
            check(document, rulesets, evaluation_date=date)
            c = time.perf_counter()
            parse_t[path] = min(parse_t.get(path, 1e9), b - a)
            check_t[path] = min(check_t.get(path, 1e9), c - b)
            sizes[path] = len(document.source.text)

    total = [parse_t[p] + check_t[p] for p in files]
    print(f"{len(files)} policies (median {statistics.median(sizes.values()) / 1000:.1f} k characters), "
          f"{len(rulesets)} rulesets, {n_rules} rules, compiled in {compile_s * 1000:.0f} ms")  # fmt: skip
    print(row("parse", list(parse_t.values())))
    print(row("check", list(check_t.values())))
    print(row("parse+check", total))
    per_100 = [check_t[p] * 100 / n_rules for p in files]
    print(row("check/100 rules", per_100))
    print(row("parse+check/100", [parse_t[p] + c for p, c in zip(files, per_100, strict=True)]))

    runs = []
    for _ in range(5):
        a = time.perf_counter()
        subprocess.run([sys.executable, "-m", "policy_rules", "--version"], check=True, capture_output=True)
        runs.append(time.perf_counter() - a)
    print(row("--version", runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
