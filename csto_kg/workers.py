"""Queries with a time limit: each runs in a worker process holding the store open read-only, so a query that
takes too long is stopped by ending its process (pyoxigraph has no query timeout). Workers are reused; a stopped
one is replaced.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from dataclasses import dataclass

RESULT_FORMATS = {  # media type -> pyoxigraph format name
    "application/sparql-results+json": "JSON", "application/sparql-results+xml": "XML",
    "text/csv": "CSV", "text/tab-separated-values": "TSV",
}
GRAPH_FORMATS = {"text/turtle": "TURTLE", "application/ld+json": "JSON_LD", "application/n-triples": "N_TRIPLES"}


@dataclass
class Outcome:
    status: int              # 200, or 400 (bad query), 413 (result too large), 504 (too slow), 500
    body: bytes
    media_type: str
    kind: str = ""           # rows, boolean, graph


class LimitedBuffer:
    """A file-like sink that refuses to grow past `limit` bytes: pyoxigraph stops serialising when it refuses."""

    def __init__(self, limit: int):
        self.limit, self.parts, self.size, self.overflowed = limit, [], 0, False

    def write(self, data) -> int:
        self.size += len(data)
        if self.size > self.limit:
            self.overflowed = True
            raise OSError("result too large")
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def _run(store, text: str, substitutions, accept_rows: str, accept_graph: str, limit: int, prefixes: dict) -> tuple:
    import pyoxigraph as ox

    try:
        result = store.query(text, use_default_graph_as_union=True, substitutions=substitutions or None, prefixes=prefixes)
    except SyntaxError as exc:
        return 400, f"SPARQL syntax error: {exc.msg}".encode(), "text/plain; charset=utf-8", ""
    sink = LimitedBuffer(limit)
    try:
        if isinstance(result, ox.QueryBoolean):
            fmt = accept_rows if accept_rows in ("application/sparql-results+json", "application/sparql-results+xml") else "application/sparql-results+json"
            result.serialize(sink, format=getattr(ox.QueryResultsFormat, RESULT_FORMATS[fmt]))
            return 200, sink.getvalue(), fmt, "boolean"
        if isinstance(result, ox.QueryTriples):
            if accept_graph == "text/turtle":  # the project's prefixes make Turtle readable; other syntaxes have none
                ox.serialize(result, sink, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
            else:
                ox.serialize(result, sink, format=getattr(ox.RdfFormat, GRAPH_FORMATS[accept_graph]))
            return 200, sink.getvalue(), accept_graph, "graph"
        result.serialize(sink, format=getattr(ox.QueryResultsFormat, RESULT_FORMATS[accept_rows]))
        return 200, sink.getvalue(), accept_rows, "rows"
    except Exception:
        if sink.overflowed:
            return 413, f"the result is larger than the {limit:,} byte limit: narrow the query, or use LIMIT".encode(), "text/plain; charset=utf-8", ""
        raise


def _worker(store_path: str, requests, responses) -> None:
    import pyoxigraph as ox

    store = ox.Store.read_only(store_path)
    while True:
        job = requests.get()
        if job is None:
            return
        try:
            responses.put(_run(store, *job))
        except Exception as exc:  # noqa: BLE001 - reported to the client as a 500, the worker lives on
            responses.put((500, f"query failed: {exc}".encode(), "text/plain; charset=utf-8", ""))


class Worker:
    def __init__(self, store_path: str):
        context = multiprocessing.get_context("spawn")
        self.requests, self.responses = context.Queue(), context.Queue()
        self.process = context.Process(target=_worker, args=(store_path, self.requests, self.responses), daemon=True)
        self.process.start()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)


class WorkerPool:
    """`size` workers; `run` waits at most `timeout` seconds for an answer, then ends that worker."""

    def __init__(self, store_path: str, size: int = 2, timeout: float = 10.0, limit: int = 20_000_000, prefixes: dict | None = None):
        self.store_path, self.timeout, self.limit, self.prefixes = store_path, timeout, limit, prefixes or {}
        self.idle: queue.Queue = queue.Queue()
        self.lock = threading.Lock()
        self.workers = [Worker(store_path) for _ in range(size)]
        for worker in self.workers:
            self.idle.put(worker)

    def run(self, text: str, substitutions=None, accept_rows: str = "application/sparql-results+json",
            accept_graph: str = "text/turtle") -> Outcome:
        worker = self.idle.get()
        try:
            worker.requests.put((text, substitutions, accept_rows, accept_graph, self.limit, self.prefixes))
            try:
                status, body, media_type, kind = worker.responses.get(timeout=self.timeout)
            except queue.Empty:
                worker.stop()
                with self.lock:
                    self.workers.remove(worker)
                    worker = Worker(self.store_path)
                    self.workers.append(worker)
                return Outcome(504, f"the query ran longer than the {self.timeout:g} s limit and was stopped".encode(),
                               "text/plain; charset=utf-8")
            return Outcome(status, body, media_type, kind)
        finally:
            self.idle.put(worker)

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
