"""Benchmark: the store, the canned queries, the exports and the cold start, against raw pyoxigraph
and plain rdflib in the same run.

    python bench/store_bench.py [SIZE ...] [--rdflib-max N]     (default: 1e4 1e5 1e6)

For each size, a synthetic graph in our ontology (bench/generate.py, each story a claim in its own named graph,
with the ontology beside it) is
- materialised with our OWL RL rules (as the build does), then loaded: raw pyoxigraph (`Store(path).bulk_load`
  of the same quads), ours (the build's write path: the in-memory store copied into the on-disk one with
  `bulk_extend`), rdflib (`Dataset.parse`, up to --rdflib-max statements: its queries take minutes beyond);
- queried with every canned query (default parameters): ours (`catalogue.run_select`: parameters typed and
  bound, rows read), raw pyoxigraph (`store.query` with the same substitutions, rows read), rdflib (same text,
  `initBindings`, up to --rdflib-max);
- exported in every syntax: ours (`export.export`) against raw `Store.dump` (JSON-LD: our compaction against
  pyoxigraph's own expanded JSON-LD), and rdflib's `serialize` (up to --rdflib-max).
Then the cold start of `csto-kg query timeline` (seed build) against `python -c pass` (the server has its own
benchmark, bench/serve_bench.py). Each timing is the median of
three runs (one for loads of 10^6 and for rdflib). Prints Markdown tables; docs/benchmarks.md keeps the figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def timed(function, repeat: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def ratio(ours: float, baseline: float) -> str:
    return f"{ours / baseline:.2f}×" if baseline > 0 else "—"


def bench_size(size: int, rdflib_max: int, work: Path) -> list[str]:
    import pyoxigraph as ox
    from generate import generate

    from csto_kg import namespaces as ns
    from csto_kg.catalogue import load_catalogue
    from csto_kg.export import SYNTAXES, export
    from csto_kg.project import Project
    from csto_kg.querying import run_select

    data = work / f"bench-{size}.nq"
    with open(data, "w", encoding="utf-8") as handle:
        statements = generate(size, handle, claims=True)
    from csto_kg.reasoning import materialise

    ontology = ROOT / "ontology" / "csto-kg.ttl"
    lines = [
        f"\n### {statements:,} statements (plus the ontology)\n",
        "| step | ours s | raw pyoxigraph s | ratio | rdflib s | rows |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    repeat = 1 if size >= 10**6 else 3

    def raw_load():  # the same quads (data, ontology, inferences) loaded from one N-Quads file
        folder = Path(tempfile.mkdtemp(dir=work))
        store = ox.Store(str(folder))
        store.bulk_load(path=str(materialised), format=ox.RdfFormat.N_QUADS)
        return store

    memory = ox.Store()
    memory.load(path=str(data), format=ox.RdfFormat.N_QUADS)
    memory.load(path=str(ontology), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ns.ONTOLOGY_GRAPH))
    materialise_seconds, _ = timed(
        lambda: materialise(memory), 1
    )  # what the build infers, so queries find kgo:Event etc.
    lines.append(
        f"| materialise (OWL RL rules, ours only) | {materialise_seconds:.2f} | | | | {len(memory):,} quads after |"
    )

    def our_load():  # the build's write path: the assembled in-memory store written to disk in one bulk operation
        folder = Path(tempfile.mkdtemp(dir=work))
        store = ox.Store(str(folder))
        store.bulk_extend(memory)
        store.flush()
        return store

    materialised = work / f"bench-{size}-materialised.nq"
    memory.dump(str(materialised), format=ox.RdfFormat.N_QUADS)
    raw_seconds, _ = timed(raw_load, repeat)
    our_seconds, store = timed(our_load, repeat)
    rdflib_graph, rdflib_seconds = None, None
    if statements <= rdflib_max:
        import rdflib

        def rdflib_load():
            graph = rdflib.Dataset(default_union=True)
            graph.parse(materialised, format="nquads")
            return graph

        rdflib_seconds, rdflib_graph = timed(rdflib_load, 1)
    lines.append(
        f"| load | {our_seconds:.2f} | {raw_seconds:.2f} | {ratio(our_seconds, raw_seconds)} | "
        f"{f'{rdflib_seconds:.2f}' if rdflib_seconds else 'not run'} | {len(store):,} quads |"
    )

    for name, query in sorted(load_catalogue(ROOT / "queries").items()):
        params = {p.name: p.example for p in query.params if p.default is None}
        params.update(SYNTHETIC_PARAMS.get(name, {}))
        bindings = query.bindings(params)
        ours, (_, rows) = timed(lambda query=query, bindings=bindings: run_select(store, query.text, bindings))
        raw, _ = timed(
            lambda query=query, bindings=bindings: [
                list(s) for s in store.query(query.text, use_default_graph_as_union=True, substitutions=bindings)
            ]
        )
        lib = None
        if rdflib_graph is not None:
            import rdflib

            init = {rdflib.Variable(v.value): _to_rdflib(t) for v, t in bindings.items()}
            try:
                lib, _ = timed(
                    lambda query=query, init=init: list(rdflib_graph.query(query.text, initBindings=init)), 1
                )
                lib = f"{lib:.3f}"
            except Exception as exc:  # noqa: BLE001 - rdflib's own failure is the figure
                lib = f"fails ({type(exc).__name__})"
        lines.append(
            f"| query {name} | {ours:.3f} | {raw:.3f} | {ratio(ours, raw)} | {lib if lib is not None else 'not run'} "
            f"| {len(rows):,} |"
        )

    project = Project(ROOT)
    for syntax in SYNTAXES:
        ours, data_out = timed(lambda syntax=syntax: export(store, project, syntax), 1 if size >= 10**6 else 3)
        raw_format = SYNTAXES[syntax] or ox.RdfFormat.JSON_LD
        if syntax in ("trig", "nquads", "jsonld"):
            raw, _ = timed(lambda raw_format=raw_format: store.dump(format=raw_format), 1 if size >= 10**6 else 3)
        else:
            raw, _ = timed(
                lambda raw_format=raw_format: ox.serialize({q.triple for q in store}, format=raw_format),
                1 if size >= 10**6 else 3,
            )
        lib = "not run"
        if rdflib_graph is not None:
            lib = _rdflib_export(rdflib_graph, syntax)
        lines.append(
            f"| export {syntax} | {ours:.2f} | {raw:.2f} | {ratio(ours, raw)} | {lib} | {len(data_out):,} bytes |"
        )
    return lines


RDFLIB_FORMATS = {
    "turtle": "turtle",
    "trig": "trig",
    "nquads": "nquads",
    "ntriples": "nt",
    "rdfxml": "xml",
    "jsonld": "json-ld",
}


def _rdflib_export(dataset, syntax: str) -> str:
    """rdflib writing the same syntax: quad syntaxes from the dataset, triple syntaxes from the merged graph
    (as ours do)."""
    import rdflib

    def write():
        if syntax in ("trig", "nquads"):
            return dataset.serialize(format=RDFLIB_FORMATS[syntax])
        merged = rdflib.Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            merged.add((s, p, o))
        return merged.serialize(format=RDFLIB_FORMATS[syntax])

    try:
        seconds, _ = timed(write, 1)
        return f"{seconds:.2f}"
    except Exception as exc:  # noqa: BLE001 - rdflib's own failure is the figure
        return f"fails ({type(exc).__name__})"


# The defaults name the seed article's entities (kg:csto, kg:kazakhstan …); these name the first synthetic story's,
# so that a query about one entity finds its rows in the synthetic graph too.
SYNTHETIC_PARAMS = {
    "csto-members": {"organisation": "<https://w3id.org/csto-kg/id/bench/alliance-0>"},
    "events-at": {"place": "<https://w3id.org/csto-kg/id/bench/state-a-0>"},
    "kyrgyz-contingent": {"contingent": "<https://w3id.org/csto-kg/id/bench/contingent-0>"},
    "evidence": {"about": "<https://w3id.org/csto-kg/claim/bench/0>"},
}


def _to_rdflib(term):
    from csto_kg.shacl.validation import to_rdflib_term

    return to_rdflib_term(term)


def cold_start(runs: int = 21) -> list[str]:
    csto_kg = Path(sys.executable).with_name("csto-kg")
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="")
    subprocess.run(
        [str(csto_kg), "query", "timeline"], stdout=subprocess.DEVNULL, env=env, check=True
    )  # warm the cache

    def median(command):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, env=env, check=True)
            times.append(time.perf_counter() - start)
        return statistics.median(times), min(times)

    ours, ours_min = median([str(csto_kg), "query", "timeline"])
    bare, bare_min = median([sys.executable, "-c", "pass"])
    return [
        "\n### Cold start (seed build, bytecode cached)\n",
        "| command | median s | min s |",
        "|---|---:|---:|",
        f"| `csto-kg query timeline` | {ours:.3f} | {ours_min:.3f} |",
        f"| `python -c pass` | {bare:.3f} | {bare_min:.3f} |",
        f"\nTarget < 0.15 s: {'met' if ours < 0.15 else 'NOT met'}; our own share {ours - bare:.3f} s.",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", default=["1e4", "1e5", "1e6"])
    parser.add_argument("--rdflib-max", type=float, default=2e4)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="csto-kg-bench-"))
    out = [f"Machine: {os.cpu_count()} cores; {time.strftime('%Y-%m-%d')}."]
    try:
        for size in args.sizes:
            out += bench_size(int(float(size)), int(args.rdflib_max), work)
            print("\n".join(out), flush=True)
            out = []
        out += cold_start()
        print("\n".join(out))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
