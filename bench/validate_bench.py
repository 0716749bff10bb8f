"""Benchmark: `csto-kg validate`'s fast engine against pySHACL with default settings, in the same run.

    python bench/validate_bench.py [SIZE ...] [--pyshacl-timeout SECONDS]     (default sizes: 1e5 1e6)

For each size it generates a synthetic graph (bench/generate.py), then validates it with the project's shapes
in a fresh process per engine, end to end (parse, validate, collect results), recording wall time and peak
memory (the child's max RSS). It then checks that both engines found the same results (severity, shape,
component, focus node, path, value; as a multiset). Prints a Markdown table; docs/benchmarks.md keeps the figures.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def child(engine: str, data: str, out: str) -> None:
    """Validate `data` (N-Triples) plus the ontology with one engine; write the comparable results to `out`."""
    import pyoxigraph as ox

    from csto_kg.shacl.validation import load_shapes

    shapes = load_shapes(sorted((ROOT / "shapes").glob("*.ttl")), str)
    ontology = sorted((ROOT / "ontology").glob("*.ttl"))
    if engine == "fast":
        from csto_kg.shacl import engine

        store = ox.Store()
        store.load(path=data, format=ox.RdfFormat.N_TRIPLES)
        for path in ontology:
            store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:ontology"))
        findings = engine.Engine(store, shapes).validate()
    else:
        import rdflib

        from csto_kg.shacl.validation import run_shapes

        graph = rdflib.Graph()
        graph.parse(data, format="nt")
        for path in ontology:
            graph.parse(path, format="turtle")
        findings = run_shapes(graph, shapes)
    # a multiset: SHACL lists a result once per shape that reaches it, and both engines must agree on that too
    rows = sorted((f.severity, f.shape, f.component, str(f.focus), f.path or "", str(f.value or "")) for f in findings)
    Path(out).write_text(json.dumps(rows))


def measure(engine: str, data: str, timeout: float) -> dict:
    out = tempfile.mktemp(suffix=".json")
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, __file__, "--child", engine, data, out])
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            process.kill()
            os.wait4(process.pid, 0)
            return {"seconds": None, "peak_mb": None, "results": None, "note": f"stopped after {timeout:.0f} s"}
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{engine} failed on {data}")
    results = json.loads(Path(out).read_text())
    os.unlink(out)
    return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "results": results}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:5])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", default=["1e5", "1e6"])
    parser.add_argument("--pyshacl-timeout", type=float, default=1800)
    args = parser.parse_args()
    from generate import generate

    print("| triples | fast: s | fast: peak MB | pySHACL: s | pySHACL: peak MB | speed-up | results | same |")
    print("|---:|---:|---:|---:|---:|---:|---:|---|")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            data = os.path.join(tmp, "data.nt")
            with open(data, "w", encoding="utf-8") as handle:
                triples = generate(int(float(size)), handle)
            fast = measure("fast", data, timeout=args.pyshacl_timeout)
            reference = measure("pyshacl", data, timeout=args.pyshacl_timeout)
        if reference["seconds"] is None:
            same, ref_s, ref_mb, ratio = "not compared", reference["note"], "", ""
        else:
            same = "yes" if fast["results"] == reference["results"] else "NO"
            ref_s, ref_mb = f"{reference['seconds']:.1f}", f"{reference['peak_mb']:.0f}"
            ratio = f"{reference['seconds'] / fast['seconds']:.0f}×"
        print(
            f"| {triples:,} | {fast['seconds']:.1f} | {fast['peak_mb']:.0f} | {ref_s} | {ref_mb} | {ratio} | "
            f"{len(fast['results'])} | {same} |",
            flush=True,
        )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
