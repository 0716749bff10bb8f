"""Benchmark: `csto-kg pipeline` on 1 and 2 workers against the single-process path, on the same generated corpus,
in the same run.

    python bench/pipeline_bench.py [--articles 1e4] [--articles-per-shard 250] [--baseline-ref REF] [--json FILE]
                                   [--paths local[2],single,local[1]]

The corpus is bench/corpus.py's (its world built first, as extract needs). Each path runs in a child process of
its own, timed from its start to its output, its memory watched (the largest resident set of each process it
starts, polled every 0.2 s):

- **single process**, what a user does today on one machine: `add` each article, `extract` it, `review
  --accept-above` at the corpus's bar (`bench/corpus.py`'s ACCEPT_ABOVE), then `build --no-hermit` (which validates:
  the same shapes and checks as `validate`); the library's functions in one process, with the world's build for
  extract as the pipeline has it. Run on this checkout and, for "no slower than today", on the checkout at
  `--baseline-ref` (default: where this branch left main), the same interpreter and packages, in the same run.
- **pipeline**, `local[1]` and `local[2]`, a fresh Spark context each (its start-up counted: "with start-up";
  "warm" leaves out the JVM and the context, nothing else), shards of a fixed size (`--articles-per-shard`).

Per worker: articles a second and triples (output quads) a second. Ratios: the single process's time over the
pipeline's (target ≥ 1.7× at 2 workers), and 1 worker's over 2 workers'. The pipeline's output is then checked
against the planted truth (corpus.py check) and the single process's quads counted beside the pipeline's. Prints a
Markdown table; docs/benchmarks.md keeps the figures. `--paths` runs some of them: at 10^4 articles the single
process takes hours (review reads every source reviewed before it), so a curve of the pipeline alone is
`--paths local[2],local[1]`. `--check` exits 1 unless the output holds every planted item and nothing wrong: CI
runs `make pipeline-truth` (10^4 articles on `local[2]`, about 5 minutes here) after `make test`.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


# --- the children ---------------------------------------------------------------------------------------------------


def single(corpus: Path, work: Path, accepted_at: str, accept_above: float) -> dict:
    """add, extract, review --accept-above and build, one article after another, in this process."""
    import pyoxigraph as ox

    from csto_kg.build import build
    from csto_kg.ingest.add import add_source
    from csto_kg.ingest.extract import Extractor, write_candidates
    from csto_kg.ingest.requirements import Requirements
    from csto_kg.ingest.review import Session
    from csto_kg.project import Project
    from csto_kg.store import BuildDir

    start = time.perf_counter()
    shutil.copytree(corpus / "world", work / "world", symlinks=True)  # sources are added to a copy
    project = Project(work / "world")
    build_dir = BuildDir(work / "world" / "build")
    seconds = {}
    t = time.perf_counter()
    with open(corpus / "metadata.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    ids = []
    for row in rows:
        added = add_source(
            project, corpus / "articles" / row["file"], publisher=row["publisher"], published=row["published"],
            language=row["lang"], url=row["url"],
        )  # fmt: skip
        ids.append(added.id)
    seconds["add"] = time.perf_counter() - t
    t = time.perf_counter()
    graph = build_dir.open_store()
    extractor = Extractor(graph, None, Requirements(project), None)
    from csto_kg.sources import load_source_text

    for source in ids:
        text, language, published = load_source_text(project, source)
        write_candidates(project, extractor.extract(source, text, language, published))
    seconds["extract"] = time.perf_counter() - t
    t = time.perf_counter()
    import csto_kg.ingest.review as review

    review.now = lambda: accepted_at  # the time recorded with each accepted claim, as the pipeline is given it
    for source in ids:
        with Session(project, source, None, graph, holder="--accept-above") as session:
            session.accept_above(accept_above)
    del graph
    seconds["review --accept-above"] = time.perf_counter() - t
    t = time.perf_counter()
    build(project, build_dir, run_hermit=False, allow_invalid=True)
    seconds["build (validates)"] = time.perf_counter() - t
    seconds["total"] = time.perf_counter() - start
    store = ox.Store.read_only(str(build_dir.current / "store"))
    return {"seconds": seconds, "quads": len(store), "articles": len(rows)}


def pipeline(corpus: Path, work: Path, master: str, shards: int, accepted_at: str, accept_above: float) -> dict:
    from csto_kg.pipeline.run import run_pipeline
    from csto_kg.project import Project

    start = time.perf_counter()
    report = run_pipeline(
        Project(corpus / "world"), work / "out", master=master, input_dir=corpus / "articles",
        metadata=corpus / "metadata.csv", shards=shards, accepted_at=accepted_at, accept_above=accept_above,
        build_store=corpus / "world" / "build" / "current" / "store",
    )  # fmt: skip
    seconds = dict(report.seconds)
    seconds["wall"] = time.perf_counter() - start
    return {"seconds": seconds, "counts": report.counts, "output": str(work / "out")}


# --- watching a child's processes -----------------------------------------------------------------------------------


class Watch:
    """The peak resident set of every process under a child, by kind (the JVM, Spark's Python workers, the rest),
    the CPU time they took, and the machine's load meanwhile (it is shared: other work takes cores too)."""

    def __init__(self, pid: int):
        self.pid, self.peaks, self.cpu, self.load, self._stop = pid, {}, {}, [], threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self._stop.is_set():
            for pid in self._tree():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                    command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                self.cpu[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
                rss = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
                kind = "jvm" if "java" in command.split(" ")[0] else "worker" if "pyspark" in command else "driver"
                key = (kind, pid)
                self.peaks[key] = max(self.peaks.get(key, 0), rss)
            self.load.append(os.getloadavg()[0])
            time.sleep(0.2)

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    parent = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                children.setdefault(parent, []).append(int(entry))
        found, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo += children.get(pid, [])
        return found

    def stop(self) -> dict:
        self._stop.set()
        self.thread.join()
        out = {}
        for (kind, _), kb in self.peaks.items():
            out[kind] = max(out.get(kind, 0), kb // 1024)
        out["workers"] = sum(1 for kind, _ in self.peaks if kind == "worker")
        out["cpu_seconds"] = round(sum(self.cpu.values()), 1)
        out["load_average"] = round(sum(self.load) / max(1, len(self.load)), 2)
        return out


def run_child(args: list[str], accept_above: float, env: dict | None = None) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        result_path = f.name
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", *args, "--accept-above", str(accept_above), "--result", result_path],
        env={**os.environ, **(env or {})},
        stderr=subprocess.PIPE,
        text=True,
    )
    watch = Watch(process.pid)
    _, stderr = process.communicate()
    memory = watch.stop()
    if process.returncode != 0:
        raise SystemExit(f"child {args[0]} failed:\n{stderr[-3000:]}")
    result = json.loads(Path(result_path).read_text())
    os.unlink(result_path)
    result["memory_mb"] = memory
    return result


def baseline_package(ref: str, into: Path) -> Path:
    """The csto_kg package as it is at `ref`, for the same run on today's code."""
    into.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "csto_kg"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


# --- the table -------------------------------------------------------------------------------------------------------


def table(n: int, shards: int, results: dict) -> str:
    checked = next(name for name in ("local[2]", "local[1]") if name in results)
    quads = results[checked]["counts"]["quads"]
    lines = [
        f"{n:,} articles, {shards} shards ({n // shards} articles, about {quads // shards:,} quads a shard); "
        f"output {quads:,} quads",
        "",
        "| path | workers | seconds (with start-up) | seconds (warm) | articles/s per worker (warm) | "
        "quads/s per worker (warm) | peak MB per worker | CPU s | load | × single process (with start-up / warm) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    base = results["single"]["seconds"]["total"] if "single" in results else None
    for name in ("single", "baseline", "local[1]", "local[2]"):
        r = results.get(name)
        if r is None:
            continue
        if name in ("single", "baseline"):
            total = warm = r["seconds"]["total"]
            workers, memory = 1, r["memory_mb"].get("driver", 0)
            out_quads = r["quads"]
        else:
            total, warm = r["seconds"]["wall"], r["seconds"]["wall"] - r["seconds"]["start-up"]
            workers = int(name[6:-1])
            memory = r["memory_mb"].get("worker", 0)
            out_quads = r["counts"]["quads"]
        label = {"single": "single process (this checkout)", "baseline": "single process (baseline)"}.get(
            name, f"pipeline {name}"
        )
        lines.append(
            f"| {label} | {workers} | {total:.1f} | {warm:.1f} | {n / warm / workers:.1f} | "
            f"{out_quads / warm / workers:,.0f} | {memory:,} | {r['memory_mb']['cpu_seconds']:,.0f} | "
            f"{r['memory_mb']['load_average']:.1f} | "
            + (f"{base / total:.2f} / {base / warm:.2f} |" if base else "not run |")
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=float, default=1e4)
    parser.add_argument("--articles-per-shard", type=int, default=250)
    parser.add_argument("--baseline-ref", help="a git ref for the single process on today's code (default: where "
                        "this branch left main; 'none' to skip)")  # fmt: skip
    parser.add_argument("--corpus", type=Path, help="a corpus generated before (else one is made and removed)")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--paths", default="local[2],single,local[1]", help="which paths to run, in this order")
    parser.add_argument("--check", action="store_true", help="exit 1 unless the output holds every planted item "
                        "and nothing wrong (`make pipeline-truth`, in CI)")  # fmt: skip
    parser.add_argument("--accept-above", type=float, help="the bar candidates are accepted at, on every path "
                        "(default: corpus.ACCEPT_ABOVE, the generated corpus's)")  # fmt: skip
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args()
    accepted_at = "2026-12-04T00:00:00Z"
    if args.accept_above is None:
        import corpus as generator

        args.accept_above = generator.ACCEPT_ABOVE
    if args.child:
        kind, corpus, work = args.child[0], Path(args.child[1]), Path(args.child[2])
        if kind == "single":
            result = single(corpus, work, accepted_at, args.accept_above)
        else:
            result = pipeline(corpus, work, args.child[3], int(args.child[4]), accepted_at, args.accept_above)
        Path(args.result).write_text(json.dumps(result))
        return 0

    import corpus as generator

    paths = args.paths.split(",")
    if unknown := set(paths) - {"local[2]", "single", "local[1]"}:
        parser.error(f"--paths: unknown {', '.join(sorted(unknown))} (known: local[2], single, local[1])")

    n = int(args.articles)
    shards = max(1, round(n / args.articles_per_shard))
    scratch = Path(tempfile.mkdtemp(prefix="pipeline-bench-"))
    try:
        corpus = args.corpus
        if corpus is None:
            corpus = scratch / "corpus"
            t = time.perf_counter()
            generator.generate(n, corpus, log=lambda message: None)
            generator.build_world(corpus)
            print(f"corpus of {n:,} articles and its world built in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        results = {}
        children = {
            "local[2]": ["pipeline", str(corpus), str(scratch / "p2"), "local[2]", str(shards)],
            "single": ["single", str(corpus), str(scratch / "single")],
            "local[1]": ["pipeline", str(corpus), str(scratch / "p1"), "local[1]", str(shards)],
        }
        for name in paths:
            child = children[name]
            (scratch / child[2]).mkdir(parents=True, exist_ok=True)
            results[name] = run_child(child, args.accept_above)
            print(f"{name}: {json.dumps(results[name]['seconds'])}", file=sys.stderr)
        ref = (
            "none"
            if "single" not in paths
            else (
                args.baseline_ref
                or subprocess.run(
                    ["git", "-C", str(ROOT), "merge-base", "HEAD", "main"], capture_output=True, text=True
                ).stdout.strip()
            )
        )
        if ref and ref != "none":
            package = baseline_package(ref, scratch / "baseline-package")
            (scratch / "baseline").mkdir()
            results["baseline"] = run_child(
                ["single", str(corpus), str(scratch / "baseline")], args.accept_above, {"PYTHONPATH": str(package)}
            )
            results["baseline"]["ref"] = ref
            print(f"baseline {ref[:10]}: {json.dumps(results['baseline']['seconds'])}", file=sys.stderr)
        checked = next((name for name in ("local[2]", "local[1]") if name in results), None)
        check = generator.compare(corpus / "truth.jsonl", Path(results[checked]["output"])) if checked else {}
        print(table(n, shards, results) if checked else "(no pipeline path run)")
        print()
        if checked:
            print(f"planted truth in the {checked} output: " + "; ".join(
                f"{kind} {r['found']}/{r['planted']} found, {r['wrong_count']} wrong" for kind, r in check.items()
            ))  # fmt: skip
        if checked and "single" in results:
            print(f"quads: single process {results['single']['quads']:,}, pipeline "
                  f"{results[checked]['counts']['quads']:,}")  # fmt: skip
        if "local[1]" in results and "local[2]" in results:
            one, two = results["local[1]"]["seconds"], results["local[2]"]["seconds"]
            print(f"local[1] over local[2]: {one['wall'] / two['wall']:.2f} with start-up, "
                  f"{(one['wall'] - one['start-up']) / (two['wall'] - two['start-up']):.2f} warm")  # fmt: skip
        for name in ("local[1]", "local[2]", "single"):
            if name in results:
                stages = ", ".join(f"{k} {v:.1f}" for k, v in results[name]["seconds"].items())
                print(f"{name} stages: {stages}")
        if args.json:
            args.json.write_text(json.dumps({"articles": n, "shards": shards, "results": results, "check": check},
                                            indent=1, default=str))  # fmt: skip
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if args.check:
        failed = {kind: r for kind, r in check.items() if r["missed_count"] or r["wrong_count"]}
        if not check or failed:
            for kind, r in failed.items():
                print(f"{kind}: {r['missed_count']} missed {r['missed'][:5]}", file=sys.stderr)
                print(f"{kind}: {r['wrong_count']} wrong {r['wrong'][:5]}", file=sys.stderr)
            print("planted truth NOT found" if check else "no pipeline path run: nothing checked", file=sys.stderr)
            return 1
        found = ", ".join(f"{kind} {r['planted']}" for kind, r in check.items())
        print(f"planted truth found: {found}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
