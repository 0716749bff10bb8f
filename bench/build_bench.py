"""Benchmark: `csto-kg build` at one source (the seed alone) and at every source of the checkout, in the same run.

    python bench/build_bench.py [--runs N]

For each project it times, over N runs each (median, min, max wall seconds, in a fresh process per run, as a user
runs the command):
- the build without the reasoner (`--no-hermit`);
- the build with HermiT when it must run (its remembered verdict deleted first);
- the build with HermiT's verdict remembered (what it reads unchanged);
- HermiT alone on what the build gives it: the consistency check the build runs (`-k`), and, as the baseline,
  owlready2's `sync_reasoner_hermit`, which also classifies every class and property and realises every individual
  (what the build ran until the many-sources change).
The one-source project is a copy of the checkout without the other sources and their claims. Prints a Markdown
table; docs/benchmarks.md keeps the figures.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def seed_only(target: Path) -> Path:
    """A copy of the project holding only the seed (the source Kloop published) and its claims."""
    for folder in ("ontology", "graph", "queries", "shapes"):
        shutil.copytree(ROOT / folder, target / folder)
    sources = target / "graph" / "sources"
    seed = next(p.stem for p in sources.glob("*.ttl") if "kgo:publisher kg:kloop" in p.read_text(encoding="utf-8"))
    for path in list(sources.iterdir()) + list((target / "graph" / "claims").iterdir()):
        if path.stem != seed:
            path.unlink() if path.is_file() else shutil.rmtree(path)
    # the register and the links name entities of every source and stay (background, no source needed), but for the
    # curated links from a plan to what carried it out, which name events only the other sources' claims type
    register = target / "graph" / "entities.ttl"
    register.write_text(
        "".join(
            line
            for line in register.read_text(encoding="utf-8").splitlines(keepends=True)
            if "kgo:realisedBy" not in line
        ),
        encoding="utf-8",
    )
    return target


def run(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "csto_kg.cli", *args],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    return time.perf_counter() - start


def timings(root: Path, build_dir: Path, runs: int) -> dict[str, list[float]]:
    base = ["--root", str(root), "--build-dir", str(build_dir), "build", "-q"]
    cache = build_dir / "cache"
    out: dict[str, list[float]] = {
        "without the reasoner": [],
        "with HermiT (must run)": [],
        "with HermiT (verdict remembered)": [],
    }
    run(base)  # warm the file cache and bytecode
    for _ in range(runs):
        out["without the reasoner"].append(run(base + ["--no-hermit"]))
        shutil.rmtree(cache, ignore_errors=True)
        out["with HermiT (must run)"].append(run(base))
        out["with HermiT (verdict remembered)"].append(run(base))
    return out


def reasoner(root: Path, runs: int) -> dict[str, list[float]]:
    import pyoxigraph as ox

    from csto_kg import namespaces as ns
    from csto_kg.build import assemble
    from csto_kg.project import Project
    from csto_kg.reasoning import hermit, hermit_consistency, hermit_input

    store, _ = assemble(Project(root), run_hermit=False)
    skip = {ox.NamedNode(ns.INFERRED_GRAPH), ox.NamedNode(ns.DISAGREEMENTS_GRAPH)}
    asserted = [q for q in store if q.graph_name not in skip]
    data = hermit_input(asserted)
    out: dict[str, list[float]] = {
        "HermiT consistency check (-k), the build's": [],
        "owlready2 sync_reasoner_hermit (baseline)": [],
    }
    for _ in range(runs):
        start = time.perf_counter()
        hermit_consistency(data)
        out["HermiT consistency check (-k), the build's"].append(time.perf_counter() - start)
        start = time.perf_counter()
        hermit(asserted, data)
        out["owlready2 sync_reasoner_hermit (baseline)"].append(time.perf_counter() - start)
    out["_triples"] = [len(data.splitlines())]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="csto-kg-build-bench-") as tmp:
        projects = {"1 source (the seed)": seed_only(Path(tmp) / "one"), "6 sources (the checkout)": ROOT}
        for name, root in projects.items():
            sources = len(list((root / "graph" / "sources").glob("*.ttl")))
            measured = timings(root, Path(tmp) / f"build-{sources}", args.runs) | reasoner(root, args.runs)
            triples = measured.pop("_triples")[0]
            for what, seconds in measured.items():
                rows.append((name, f"{triples:,}", what, statistics.median(seconds), min(seconds), max(seconds)))
    print(f"| project | triples HermiT reads | what | median s | min s | max s |   ({args.runs} runs each)")
    print("|---|---|---|---|---|---|")
    for project, triples, what, median, low, high in rows:
        print(f"| {project} | {triples} | {what} | {median:.2f} | {low:.2f} | {high:.2f} |")


if __name__ == "__main__":
    main()
