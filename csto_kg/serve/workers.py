"""Queries with a deadline, each in a worker process of its own (pyoxigraph has no query timeout: a query that
runs too long is stopped by ending its process, at once, and only that query is lost).

The pool lives in the server's event loop. A request has one deadline, from its arrival to its answer, which
covers its wait for a worker; the wait is a bounded queue (full: 503 with Retry-After). Workers are forked from a
server process that has pyoxigraph loaded (a new one is ready in milliseconds), kept at `workers` when idle and
added up to `max_workers` while requests wait, so a cheap query is not stuck behind long ones. A request whose
client went away frees its worker; a worker that dies is reported to its request at once (502). A worker serves
one build, its generation: when the build changes, new requests go to workers of the new build only, and the old
ones end when their query does, so no answer ever mixes two builds.

A worker reads each query before its engine does (results.answer: updates, SERVICE and deep nesting refused), so
that reading never holds up the server's event loop; it lives in a network namespace with no interface (unless
SERVICE is allowed), so its engine cannot reach any host whatever the query asks; its memory is bounded (past the
bound it ends, and its request gets 507); and it answers on a thread with a large stack (see `limits`).
"""

from __future__ import annotations

import asyncio
import collections
import multiprocessing
import os
import pickle
import signal
import socket
import struct
import time
from dataclasses import dataclass, field

from ..formats import PLAIN_TEXT as TEXT
from ..limits import bound_memory, isolate_network, on_large_stack
from .results import Guards, answer

FRAME = struct.Struct("!Q")  # a message's length, before its pickle
SPAWN_AFTER = 0.05  # seconds a request waits, every worker stuck, before it gets a worker of its own
STUCK_AFTER = 0.25  # seconds a worker holds one query before it counts as stuck on a slow one
SPAWN_AT_ONCE = 16  # workers started per look, so that starting them does not starve the server
LONG_QUERY = 0.2  # seconds after which a running query yields the CPU to newer ones (its process is niced)
WATCH_EVERY = 0.025  # seconds between looks at what runs and waits


@dataclass
class Outcome:
    status: int  # 200; 400 bad query; 403 update; 406 format; 413 too large; 502 worker died; 503 busy;
    # 504 deadline; 507 the memory bound
    media_type: str
    body: bytes
    headers: dict = field(default_factory=dict)


# --- the worker process --------------------------------------------------------------------------------------


def _send(sock, message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    sock.sendall(FRAME.pack(len(data)) + data)


def _receive(sock):
    def exactly(n: int) -> bytes:
        parts = []
        while n:
            part = sock.recv(min(n, 1 << 20))
            if not part:
                raise EOFError
            parts.append(part)
            n -= len(part)
        return b"".join(parts)

    return pickle.loads(exactly(FRAME.unpack(exactly(FRAME.size))[0]))


@dataclass(frozen=True)
class WorkerLimits:
    """What a worker may do: the screen's bounds, the memory a query may take, and whether it has a network."""

    guards: Guards = Guards()
    memory_bytes: int = 0  # 0: no bound
    network: bool = False  # False: the worker lives in a network namespace with no interface (see limits)


def worker_main(
    sock,
    store_path: str,
    queries_dir: str,
    sources_dir: str,
    limit: int,
    prefixes: dict,
    limits: WorkerLimits = WorkerLimits(),
) -> None:
    """A worker: raise the network wall, open the build read-only, bound its memory, say it is ready, then answer
    one job at a time, on a thread with a large stack, until the server ends it. Messages are length-prefixed
    pickles on a socket pair (the server reads them without blocking; a socket pair knows no network namespace)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle; it ends the workers
    if not limits.network:
        problem = isolate_network()  # first: a user namespace can only be entered while single-threaded
        if problem is not None:
            _send(sock, ("failed", problem))
            return
    import pyoxigraph as ox

    from .pages import Pages

    try:
        store = ox.Store.read_only(store_path)
        pages = Pages(store, queries_dir, sources_dir)
    except Exception as exc:  # noqa: BLE001 - said to the server, which reports it
        _send(sock, ("failed", f"cannot open the store {store_path}: {exc}"))
        return
    if limits.memory_bytes:
        os.environ["RUST_BACKTRACE"] = "0"  # past the bound the engine aborts: one line in the log, not a backtrace
        bound_memory(limits.memory_bytes)
    thread = on_large_stack(lambda: _serve_jobs(sock, store, pages, limit, prefixes, limits), "jobs")
    thread.start()
    thread.join()


def _serve_jobs(sock, store, pages, limit: int, prefixes: dict, limits: WorkerLimits) -> None:
    from ..catalogue import Given
    from ..errors import KgError
    from ..querying import Names

    names = None  # the build's names, read at the first canned query that needs them
    try:
        _send(sock, ("ready", os.getpid()))
    except OSError:  # the server ended this worker before it was ready
        return
    while True:
        try:
            job = _receive(sock)
        except (EOFError, OSError):
            return
        kind, args = job
        try:
            if kind == "query":
                text, substitutions, accept, dataset, base = args
                if isinstance(substitutions, Given):  # a canned query's parameters, read against this build's names
                    names = names or Names.of_store(store)
                    substitutions = substitutions.bind(names)
                result = answer(
                    store,
                    text,
                    substitutions,
                    accept,
                    dataset,
                    base,
                    limit=limit,
                    prefixes=prefixes,
                    guards=limits.guards,
                )
            else:
                result = pages.render(kind, *args)
        except KgError as exc:  # a parameter the graph has no name for: the client's mistake
            result = (400, TEXT, str(exc).encode())
        except MemoryError:
            result = (507, TEXT, _out_of_memory(limits.memory_bytes))
        except Exception as exc:  # noqa: BLE001 - a failed job is a 500 for its request; the worker lives on
            result = (500, TEXT, f"the query failed: {exc}".encode())
        try:
            _send(sock, ("done", result))
        except OSError:
            return


def _out_of_memory(memory_bytes: int) -> bytes:
    return (
        f"the query needed more than the {memory_bytes >> 20:,} MB of memory a query may take here "
        "(--max-memory-mb) and was stopped"
    ).encode()


# --- the pool, in the server's event loop --------------------------------------------------------------------


def _current_task() -> asyncio.Task | None:
    """The task running now, if any (the pool is also closed after its loop has stopped)."""
    try:
        return asyncio.current_task()
    except RuntimeError:
        return None


@dataclass
class Pending:
    job: tuple
    deadline: float  # loop time
    future: asyncio.Future
    arrived: float
    timer: asyncio.TimerHandle | None = None


@dataclass
class Worker:
    process: multiprocessing.process.BaseProcess
    writer: asyncio.StreamWriter | None
    generation: int
    ready: bool = False
    pending: Pending | None = None
    idle_since: float = 0.0
    started: float = 0.0  # when its current job began
    niced: bool = False
    ended: bool = False
    task: asyncio.Task | None = None


class Pool:
    def __init__(
        self,
        store_path: str,
        queries_dir: str,
        sources_dir: str,
        *,
        workers: int = 2,
        max_workers: int = 64,
        queue: int = 256,
        timeout: float = 10.0,
        limit: int = 20_000_000,
        prefixes: dict | None = None,
        limits: WorkerLimits = WorkerLimits(),
    ):
        self.store_path, self.queries_dir, self.sources_dir = store_path, queries_dir, sources_dir
        self.limits = limits
        self.min_workers, self.max_workers, self.max_queue = workers, max(workers, max_workers), queue
        self.timeout, self.limit, self.prefixes = timeout, limit, prefixes or {}
        self.generation = 0
        self.workers: list[Worker] = []
        self.queue: collections.deque[Pending] = collections.deque()
        self.starting = 0
        self.finished = 0.0  # when a worker last finished a job
        self._watch_timer: asyncio.TimerHandle | None = None
        self.failure: str | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(["csto_kg.serve.workers", "csto_kg.serve.pages"])

    # lifecycle

    async def start(self) -> None:
        """Start the idle workers and wait until they are ready (or say why they cannot be)."""
        self.loop = asyncio.get_running_loop()
        for _ in range(self.min_workers):
            self._spawn()
        deadline = time.monotonic() + 60
        while sum(w.ready for w in self.workers) < self.min_workers and time.monotonic() < deadline:
            if self.failure:
                raise RuntimeError(self.failure)
            await asyncio.sleep(0.01)
        self.loop.create_task(self._retire_idle())

    def close(self) -> None:
        for worker in list(self.workers):
            self._end(worker)
        for pending in self.queue:
            if not pending.future.done():
                pending.future.set_result(Outcome(503, TEXT, b"the server is stopping"))
        self.queue.clear()

    def switch(self, store_path: str) -> None:
        """A new build: from now on only workers of it answer; idle old ones end now, busy ones after their job."""
        self.store_path, self.generation = store_path, self.generation + 1
        for worker in [w for w in self.workers if w.generation != self.generation and w.pending is None]:
            self._end(worker)
        while self._count() < self.min_workers:
            self._spawn()

    # running

    async def run(
        self, job: tuple, arrived: float | None = None, disconnected: asyncio.Future | None = None
    ) -> Outcome:
        """Run a job within the deadline counted from `arrived` (loop time); give up at once if `disconnected`
        completes (the client left)."""
        loop = self.loop
        arrived = loop.time() if arrived is None else arrived
        if len(self.queue) >= self.max_queue:
            return Outcome(
                503,
                TEXT,
                f"the server is busy: {len(self.queue)} requests wait for a worker; try again".encode(),
                {"Retry-After": "1"},
            )
        pending = Pending(job, arrived + self.timeout, loop.create_future(), arrived)
        pending.timer = loop.call_at(pending.deadline, self._expire, pending)
        self.queue.append(pending)
        self._dispatch()
        if disconnected is None:
            return await pending.future
        done, _ = await asyncio.wait({pending.future, disconnected}, return_when=asyncio.FIRST_COMPLETED)
        if pending.future in done:
            return pending.future.result()
        self._cancel(pending)
        return Outcome(499, TEXT, b"the client went away")

    def _dispatch(self) -> None:
        while self.queue:
            worker = next(
                (
                    w
                    for w in self.workers
                    if w.ready and w.pending is None and w.generation == self.generation and not w.ended
                ),
                None,
            )
            if worker is None:
                break
            pending = self.queue.popleft()
            if pending.future.done():
                continue
            worker.pending, worker.started = pending, self.loop.time()
            data = pickle.dumps(pending.job, protocol=pickle.HIGHEST_PROTOCOL)
            worker.writer.write(FRAME.pack(len(data)) + data)  # buffered: the loop never waits on a worker
        if (self.queue or any(w.pending for w in self.workers)) and self._watch_timer is None:
            self._watch_timer = self.loop.call_later(WATCH_EVERY, self._watch)

    def _watch(self) -> None:
        """While anything runs or waits, every WATCH_EVERY seconds:
        - a query that has run LONG_QUERY seconds is niced (the OS then gives the CPU to the others first: a cheap
          query is not slowed by long ones; its worker ends after it, since niceness cannot be undone);
        - when every worker has held its query for SPAWN_AFTER, the requests that waited that long get workers of
          their own, and one more is started, so that the next request finds one free."""
        self._watch_timer = None
        now = self.loop.time()
        busy = [w for w in self.workers if w.pending is not None and not w.ended]
        for worker in busy:
            if not worker.niced and now - worker.started > LONG_QUERY:
                worker.niced = True
                try:
                    os.setpriority(os.PRIO_PROCESS, worker.process.pid, 19)
                except OSError:
                    pass
        # when no worker has finished a job for STUCK_AFTER, the workers are stuck on slow queries; quick queries
        # queuing behind quick ones are served fastest by the workers there are (more processes would only
        # compete, and a busy loop reads answers late, so a shorter bound would mistake quick workers for stuck)
        stuck_workers = (
            bool(busy)
            and now - self.finished > STUCK_AFTER
            and all(now - w.started > STUCK_AFTER for w in busy if w.started <= self.finished)
        )
        if stuck_workers:
            stuck = sum(1 for p in self.queue if now - p.arrived >= SPAWN_AFTER and not p.future.done())
            free = any(
                w.ready and w.pending is None and not w.ended and w.generation == self.generation for w in self.workers
            )
            wanted = max(stuck, 0 if free else 1) - self.starting  # and one spare, for the next request
            for _ in range(min(wanted, SPAWN_AT_ONCE, self.max_workers - self._count())):
                self._spawn()
        if self.queue or busy:
            self._watch_timer = self.loop.call_later(WATCH_EVERY, self._watch)

    def _count(self) -> int:
        return sum(1 for w in self.workers if w.generation == self.generation and not w.ended)

    def _spawn(self) -> None:
        mine, theirs = socket.socketpair()
        process = self.context.Process(
            target=worker_main,
            daemon=True,
            args=(theirs, self.store_path, self.queries_dir, self.sources_dir, self.limit, self.prefixes, self.limits),
        )
        process.start()
        theirs.close()
        worker = Worker(process, None, self.generation)
        self.workers.append(worker)
        self.starting += 1
        worker.task = self.loop.create_task(self._read(worker, mine))

    async def _read(self, worker: Worker, sock) -> None:
        """Read what a worker says, frame by frame, until it ends."""
        reader, worker.writer = await asyncio.open_connection(sock=sock)
        try:
            while True:
                size = FRAME.unpack(await reader.readexactly(FRAME.size))[0]
                message, value = pickle.loads(await reader.readexactly(size))
                self._heard(worker, message, value)
        except (asyncio.IncompleteReadError, ConnectionError):
            self._died(worker)
        except asyncio.CancelledError:
            pass

    def _heard(self, worker: Worker, message: str, value) -> None:
        if message == "ready":
            worker.ready, worker.idle_since = True, self.loop.time()
            self.starting -= 1
        elif message == "failed":
            self.starting -= 1
            self.failure = value
            self._end(worker)
            return
        else:
            pending, worker.pending = worker.pending, None
            worker.idle_since = self.finished = self.loop.time()
            if pending is not None and not pending.future.done():
                status, media, body = value
                pending.future.set_result(Outcome(status, media, body))
                pending.timer.cancel()
            if worker.generation != self.generation or worker.niced:
                self._end(worker)
                self._replace()
        self._dispatch()

    def _expire(self, pending: Pending) -> None:
        """The deadline: a request still waiting is answered; a running one has its worker ended."""
        if pending.future.done():
            return
        running = next((w for w in self.workers if w.pending is pending), None)
        if running is None:
            waited = self.loop.time() - pending.arrived
            pending.future.set_result(
                Outcome(
                    504,
                    TEXT,
                    f"no worker was free within the {self.timeout:g} s limit "
                    f"(waited {waited:.1f} s): the server is busy; try again".encode(),
                    {"Retry-After": "1"},
                )
            )
            return
        pending.future.set_result(
            Outcome(504, TEXT, f"the query ran longer than the {self.timeout:g} s limit and was stopped".encode())
        )
        self._end(running)
        self._replace()

    def _cancel(self, pending: Pending) -> None:
        pending.timer.cancel()
        if pending in self.queue:
            self.queue.remove(pending)
        running = next((w for w in self.workers if w.pending is pending), None)
        if running is not None:  # its query cannot be stopped but by ending its process: the worker is freed so
            self._end(running)
            self._replace()
        if not pending.future.done():
            pending.future.set_result(Outcome(499, TEXT, b"the client went away"))

    def _died(self, worker: Worker) -> None:
        if worker.ended:
            self._forget(worker)
            return
        worker.process.join(timeout=0.5)  # it has closed its end: it is exiting, or gone
        code = worker.process.exitcode
        cause = (
            f"signal {-code} ({signal.Signals(-code).name})" if code is not None and code < 0 else f"exit code {code}"
        )
        pending = worker.pending
        if pending is not None and not pending.future.done():
            if code == -signal.SIGABRT and self.limits.memory_bytes:  # how the engine ends when an allocation fails
                outcome = Outcome(507, TEXT, _out_of_memory(self.limits.memory_bytes))
            else:
                outcome = Outcome(
                    502,
                    TEXT,
                    f"the query engine's process died ({cause}) while running this query; the server goes on".encode(),
                )
            pending.future.set_result(outcome)
            pending.timer.cancel()
        if not worker.ready:
            self.starting -= 1
        worker.ended = True
        self._forget(worker)
        self._replace()

    def _end(self, worker: Worker) -> None:
        """End a worker at once (SIGKILL: its query may be deep in the engine)."""
        if worker.ended:
            return
        worker.ended = True
        if not worker.ready:
            self.starting -= 1
        if worker.process.is_alive():
            os.kill(worker.process.pid, signal.SIGKILL)
        self._forget(worker)

    def _forget(self, worker: Worker) -> None:
        if worker.writer is not None:
            worker.writer.close()
        if worker.task is not None and worker.task is not _current_task():
            worker.task.cancel()
        if worker in self.workers:
            self.workers.remove(worker)
        self._reap(worker.process)

    def _reap(self, process) -> None:
        """Collect an ended process without blocking the loop (a killed one exits within milliseconds)."""
        if process.exitcode is None and process.is_alive():
            self.loop.call_later(0.05, self._reap, process)
        else:
            process.join(timeout=0)

    def _replace(self) -> None:
        while self._count() < self.min_workers:
            self._spawn()
        self._dispatch()

    async def _retire_idle(self) -> None:
        """Workers added while requests waited end after 10 s idle, down to the number kept."""
        while True:
            await asyncio.sleep(2)
            idle = [w for w in self.workers if w.ready and w.pending is None and not w.ended]
            now = self.loop.time()
            for worker in sorted(idle, key=lambda w: w.idle_since)[: max(0, self._count() - self.min_workers)]:
                if now - worker.idle_since > 10:
                    self._end(worker)

    def status(self) -> dict:
        return {
            "workers": self._count(),
            "busy": sum(1 for w in self.workers if w.pending is not None),
            "queued": len(self.queue),
            "generation": self.generation,
        }
