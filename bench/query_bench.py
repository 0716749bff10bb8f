"""Benchmark: each canned query answered cold, on the current build, against a trivial query in the same run.

    python bench/query_bench.py [NAME ...] [--runs N] [--example] [--build-dir DIR]

Each run is a fresh Python process that opens `BUILD_DIR/current/store` read-only, binds the query's default
parameters (or, with --example, each parameter's example) as `csto-kg query NAME` does, and times the query
alone: evaluation and reading every row (`querying.run_select`), not the interpreter's start or the store's
opening, nor the first query's one-off start (the package's SPARQL reader imported: ~0.1 s, paid by a trivial
query run first and reported apart). The baseline, timed in the same process just before the query, is a count of
every quad (`SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }`): a scan of the whole store, so the ratio says how many
whole-store scans a query costs, whatever the machine's load. Prints a Markdown table: per query, the median of N
runs (default 5), its spread, the rows, and the ratio of medians to the baseline.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRIVIAL = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
SCAN = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

# what one fresh process runs: argv is (build dir, query name, use examples "1" or "0", trivial query, scan query)
_CHILD = r"""
import json, sys, time
from pathlib import Path
from csto_kg.catalogue import load_catalogue
from csto_kg.querying import Names, run_select
from csto_kg.store import open_store

build, name, example = Path(sys.argv[1]), sys.argv[2], sys.argv[3] == "1"
store = open_store(build / "current" / "store")


def timed(text, bindings=None):
    start = time.perf_counter()
    _, rows = run_select(store, text, bindings, where=name)
    return time.perf_counter() - start, len(rows)


first, _ = timed(sys.argv[4])
query = load_catalogue(Path("queries"))[name]
given = {p.name: p.example for p in query.params} if example else {}
bindings = query.bindings(given, names=Names.of_store(store) if query.reads_names() else None)
scan, _ = timed(sys.argv[5])
seconds, rows = timed(query.text, bindings)
print(json.dumps({"first": first, "scan": scan, "seconds": seconds, "rows": rows}))
"""


def cold(build: Path, name: str, example: bool) -> dict:
    """One fresh process: the query's seconds and rows."""
    argv = [sys.executable, "-c", _CHILD, str(build), name, "1" if example else "0", TRIVIAL, SCAN]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from csto_kg.catalogue import load_catalogue

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="queries to time (default: every canned query)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--example", action="store_true", help="bind each parameter's example, not its default")
    parser.add_argument("--build-dir", type=Path, default=ROOT / "build")
    args = parser.parse_args()
    catalogue = load_catalogue(ROOT / "queries")
    names = args.names or sorted(catalogue)
    if args.example is False:  # a query with a required parameter has no default run
        names = [n for n in names if all(p.default is not None for p in catalogue[n].params)]
    print(f"{'example' if args.example else 'default'} parameters, {args.runs} cold runs each\n")
    print("| query | median ms | min–max ms | rows | first query ms | scan ms | × scan |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name in names:
        runs = [cold(args.build_dir, name, args.example) for _ in range(args.runs)]
        seconds = [r["seconds"] for r in runs]
        median, scan = statistics.median(seconds), statistics.median(r["scan"] for r in runs)
        print(
            f"| {name} | {median * 1000:.1f} | {min(seconds) * 1000:.1f}–{max(seconds) * 1000:.1f} "
            f"| {runs[0]['rows']} | {statistics.median(r['first'] for r in runs) * 1000:.0f} "
            f"| {scan * 1000:.1f} | {median / scan:.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
