"""Benchmark: `csto-kg serve` against the Oxigraph server on the same store, in the same run, with wrk.

    python bench/serve_bench.py [--seconds 10]

Needs a build (`csto-kg build`), wrk (apt `wrk`, installed by `make setup`) and the `oxigraph` server (PyPI, a
test dependency). Both servers run on 127.0.0.1 with their defaults (Oxigraph: `serve-read-only
--union-default-graph` on a copy of the store, since ours answers over the union of all graphs too). wrk uses
keep-alive unless the row says "Connection: close". Then the runaway case, ours only: 50 queries that cannot
finish in flight, a cheap query timed meanwhile, and when each runaway ended against its deadline. Prints
Markdown tables; docs/benchmarks.md keeps the figures.
"""

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SMALL = (
    "SELECT ?label WHERE { <https://w3id.org/csto-kg/id/tokayev> <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
)
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CHEAP = (
    "ASK { <https://w3id.org/csto-kg/id/kyrgyzstan> <https://w3id.org/csto-kg/ontology#memberOf> "
    "<https://w3id.org/csto-kg/id/csto> }"
)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.1)
    raise SystemExit(f"{url} did not come up")


def timeline_text() -> str:
    """The canned timeline with its default parameters written in: the same text for both servers."""
    from csto_kg import namespaces as ns
    from csto_kg.catalogue import load_catalogue
    from csto_kg.sparql_text import substitute

    query = load_catalogue(ROOT / "queries")["timeline"]
    return ns.sparql_prologue() + substitute(query.text, query.bindings({}))


def wrk(url: str, clients: int, seconds: int, *headers: str) -> dict:
    command = ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--latency", "--timeout", "5s", url]
    for header in headers:
        command[1:1] = ["-H", header]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rate": rate,
        "p99": p99_ms,
        "errors": sum(map(int, errors.groups())) if errors else 0,
        "timeouts": int(errors.group(4)) if errors else 0,
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
    }


def row(what: str, ours: dict, theirs: dict | None) -> str:
    def cell(r):
        return (
            f"{r['rate']:,.0f} req/s, p99 {r['p99']:.1f} ms"
            + (f", {r['errors']} socket errors" if r["errors"] else "")
            + (f", {r['non2xx']} non-2xx" if r["non2xx"] else "")
        )

    return f"| {what} | {cell(ours)} | {cell(theirs) if theirs else '—'} |"


def runaway_case(base: str, timeout: float) -> list[str]:
    ended = []

    def runaway():
        started = time.monotonic()
        try:
            urllib.request.urlopen(f"{base}/sparql?query={urllib.parse.quote(RUNAWAY)}", timeout=60).read()
            status = 200
        except urllib.error.HTTPError as exc:
            status = exc.code
        ended.append((status, time.monotonic() - started))

    threads = [threading.Thread(target=runaway) for _ in range(50)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    cheap = []
    for _ in range(5):
        started = time.monotonic()
        urllib.request.urlopen(f"{base}/sparql?query={urllib.parse.quote(CHEAP)}", timeout=60).read()
        cheap.append(time.monotonic() - started)
        time.sleep(0.2)
    for thread in threads:
        thread.join()
    statuses = sorted({s for s, _ in ended})
    return [
        f"| 50 runaway queries in flight, deadline {timeout:g} s | cheap query answered in {min(cheap) * 1000:.0f}–"
        f"{max(cheap) * 1000:.0f} ms (5 tries) | runaways ended with {statuses} after {min(s for _, s in ended):.2f}–"
        f"{max(s for _, s in ended):.2f} s |"
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: run make setup (it installs wrk with apt)")
    store = ROOT / "build" / "current" / "store"
    if not store.is_dir():
        raise SystemExit("no build: run csto-kg build first")
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "store"
        shutil.copytree(store.resolve(), copy)
        ours_port, theirs_port = free_port(), free_port()
        ours = subprocess.Popen(
            [sys.executable, "-c", "from csto_kg.cli import main; main()", "serve", "--port", str(ours_port)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        uncached_port = free_port()
        uncached = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from csto_kg.cli import main; main()",
                "serve",
                "--port",
                str(uncached_port),
                "--cache-mb",
                "0",
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
        theirs = subprocess.Popen(
            [
                oxigraph,
                "serve-read-only",
                "--location",
                str(copy),
                "--bind",
                f"127.0.0.1:{theirs_port}",
                "--union-default-graph",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base, other = f"http://127.0.0.1:{ours_port}", f"http://127.0.0.1:{theirs_port}"
            bare = f"http://127.0.0.1:{uncached_port}"
            wait_up(base + "/queries")
            wait_up(bare + "/queries")
            wait_up(other + "/query?query=" + urllib.parse.quote("ASK {}"))
            small, timeline = urllib.parse.quote(SMALL), urllib.parse.quote(timeline_text())
            json_accept = "Accept: application/sparql-results+json"
            lines = [
                "| load (wrk, 2 threads, " + f"{args.seconds} s) | csto-kg serve | Oxigraph server 0.5 |",
                "|---|---|---|",
            ]

            def measure(title, query, clients, *extra, uncached=False):
                """One row: csto-kg serve (the instance keeping no answers, if uncached) and the Oxigraph server."""
                headers = (json_accept, *extra)
                ours_url = f"{bare if uncached else base}/sparql?query={query}"
                theirs = None if uncached else wrk(f"{other}/query?query={query}", clients, args.seconds, *headers)
                return row(title, wrk(ours_url, clients, args.seconds, *headers), theirs)

            # without the answers kept per build first: the engine's own rate, then the defaults
            lines += [
                measure("small SELECT, 8 clients, answers not kept (--cache-mb 0)", small, 8, uncached=True),
                measure("small SELECT, 128 clients, answers not kept", small, 128, uncached=True),
                measure("timeline, 32 clients, answers not kept", timeline, 32, uncached=True),
                measure("small SELECT, 8 clients", small, 8),
                measure("small SELECT, 8 clients, Connection: close", small, 8, "Connection: close"),
                measure("small SELECT, 128 clients", small, 128),
                measure("timeline (the canned query's text), 32 clients", timeline, 32),
            ]
            print("\n".join(lines))
            print("\n| case | the cheap query | the runaways |\n|---|---|---|")
            print("\n".join(runaway_case(base, 10.0)))
        finally:
            for process in (ours, uncached, theirs):
                process.terminate()
                process.wait(timeout=30)


if __name__ == "__main__":
    main()
