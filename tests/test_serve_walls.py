"""The two walls between a query and the network, each tested alone, against a canary: an HTTP server on 127.0.0.1
that counts every connection it is offered and must be offered none.

1. The screen (sparql_text.refusal) reads a query with SPARQL's own terminals. For every spelling the attacks
   found, and for a seeded fuzzer over prefixed names with escapes, comments, strings, IRIs and `<` around a SERVICE
   keyword, the screen must refuse every query that pyoxigraph (here, in this process, with the network) actually
   runs a SERVICE for.
2. The network wall: a worker of `csto-kg serve` has no network at all, so that even with the screen bypassed
   (SERVICE allowed by the screen, the wall kept) the canary is offered nothing; the same query with the wall
   lifted does reach it, so the canary is reachable and the wall is what stops it.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
import subprocess
import sys
import threading
import urllib.parse

import pyoxigraph as ox
import pytest

from csto_kg import namespaces as ns
from csto_kg.serve.results import Guards
from csto_kg.serve.workers import Pool, WorkerLimits
from csto_kg.sparql_text import refusal

from .conftest import ROOT
from .test_serve import PROJECT, http, start, stop

EMPTY_RESULTS = b'{"head": {"vars": []}, "results": {"bindings": []}}'


@contextlib.contextmanager
def canary():
    """A TCP server on 127.0.0.1 that records every connection (and answers an HTTP request with empty SPARQL
    results). Yields (base URL, the list of connections seen)."""
    seen: list[bytes] = []
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    listener.settimeout(0.2)
    stopping = threading.Event()

    def serve():
        while not stopping.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            with connection:
                connection.settimeout(2)
                try:
                    request = connection.recv(65536)
                except OSError:
                    request = b""
                seen.append(request)
                head = b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nConnection: close\r\n"
                with contextlib.suppress(OSError):
                    connection.sendall(head + b"Content-Length: %d\r\n\r\n" % len(EMPTY_RESULTS) + EMPTY_RESULTS)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/x", seen
    finally:
        stopping.set()
        thread.join()
        listener.close()


def spellings(target: str) -> list[str]:
    """The ways the attacks hid SERVICE, and the ways the engine reads SERVICE without a space after it."""
    group = "{ ?c ?p ?o }"
    return [
        f"PREFIX ex: <http://ex/> SELECT ?c WHERE {{ VALUES ?z {{ ex:a\\#b }} SERVICE <{target}> {group} }}",
        f"PREFIX ex: <http://ex/> SELECT ?c WHERE {{ VALUES ?z {{ ex:a\\' }} SERVICE <{target}> {group} }}",
        f"PREFIX ex: <http://ex/> SELECT ?c WHERE {{ VALUES ?z {{ ex:a\\)\\# }} SERVICE <{target}> {group} }}",
        f"SELECT ?c WHERE {{ #\rSERVICE <{target}> {group} }}",
        f"SELECT ?c WHERE {{ FILTER(1<2)SERVICE#>\n<{target}>{group} }}",
        f"PREFIX : <{target}> SELECT ?c WHERE {{ SERVICE:x{group} }}",
        f"PREFIX ex: <{target}> SELECT ?c WHERE {{ SERVICEex:x{group} }}",
        f"SELECT ?c WHERE {{ sErViCe SILENT <{target}> {group} }}",
        f"SELECT ?c WHERE {{ OPTIONAL{{}}SERVICE<{target}>{group} }}",
    ]


def engine_calls_service(store: ox.Store, query: str, seen: list) -> bool:
    """Whether pyoxigraph, with the network, offers the canary a connection for this query."""
    before = len(seen)
    with contextlib.suppress(Exception):  # a syntax error, or SERVICE failing: only the canary matters
        result = store.query(query)
        if not isinstance(result, ox.QueryBoolean):
            list(result)
    return len(seen) > before


@pytest.fixture(scope="module")
def one_triple() -> ox.Store:
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://ex/s"), ox.NamedNode("http://ex/p"), ox.NamedNode("http://ex/o")))
    return store


# --- the screen alone -------------------------------------------------------------------------------------------


def test_the_screen_refuses_every_spelling_the_engine_runs(one_triple):
    with canary() as (target, seen):
        for query in spellings(target):
            ran = engine_calls_service(one_triple, query, seen)
            assert ran, f"the engine does not call SERVICE for {query!r}: this spelling proves nothing"
            _, refused = refusal(query)
            assert refused is not None and refused.kind == "service", query


PIECES = [
    "ex:a\\#b",
    "ex:a\\'",
    'ex:a\\"',
    "ex:a\\(",
    "ex:a\\)",
    "ex:a\\.",
    "ex:a%23",
    "ex:a.b",
    "ex:a\\\\",
    "ex:\\-x",
    ":a",
    "ex:",
    "?v",
    "$v",
    "_:b",
    '"s"',
    "'s'",
    '"s\\"t"',
    "'s\\'t'",
    '"""s"t"""',
    "'''s''t'''",
    '"s#t"',
    "<http://ex/#a>",
    "<http://ex/a'b>",
    "<a#b>",
    "1",
    "1.5",
    "true",
    '"x"@en',
    "#c",
    "#'",
    '#"',
    "\n",
    "\r",
    " ",
    "'",
    '"',
    "<",
    ">",
    "(",
    ")",
    "\\",
    "{}",
    ".",
    ";",
    ",",
    "=",
    "FILTER(1<2)",
    "FILTER(?v<?w)",
    "FILTER(1)",
    "#>",
    "BIND(1 AS ?q)",
    "VALUES ?z { ex:a }",
]
TERMS = [  # terms the engine reads, whose escapes and quotes a tokenizer may misread
    "ex:a\\#b",
    "ex:a\\'",
    "ex:a\\(",
    "ex:a\\)",
    "ex:a\\.",
    "ex:a%23",
    "ex:a.b",
    "ex:\\-x",
    "ex:a\\#",
    ":a",
    "ex:",
    '"s\\"t"',
    "'s\\'t'",
    '"""s"t"""',
    "'''s''t'''",
    '"s#t"',
    "'s#t'",
    "<http://ex/#a>",
    "<http://ex/a'b>",
    "1",
    "true",
    '"x"@en',
    "UNDEF",
]
BETWEEN = [" ", "", "#c\n", "#c\r", "#'\n", '#"\n', "#>\n", "\n"]
KEYWORDS = ["SERVICE", "service", "SeRvIcE", "SERVICE SILENT", "SERVICE:x", "SERVICEex:x"]


def fuzzed_queries(target: str, count: int, seed: int):
    """Queries with a SERVICE keyword after random pieces: half of them terms the engine reads (escapes, quotes,
    comments between), half any pieces at all (most of which the engine refuses as syntax errors)."""
    chooser = random.Random(seed)
    for _ in range(count):
        if chooser.random() < 0.5:
            terms = "".join(chooser.choice(TERMS) + chooser.choice(BETWEEN) for _ in range(chooser.randint(1, 4)))
            before = "VALUES ?z { " + terms + " }" + chooser.choice(["", "FILTER(1<2)", "FILTER(?z<?z)"])
            after = ""
        else:
            pieces = "".join(chooser.choice(PIECES) + chooser.choice(["", " "]) for _ in range(chooser.randint(1, 4)))
            before = chooser.choice(["VALUES ?z { %s }", "%s", "BIND(%s AS ?b)", "FILTER(%s)"]).replace("%s", pieces)
            after = "".join(chooser.choice(PIECES) for _ in range(chooser.randint(0, 2)))
        keyword = chooser.choice(KEYWORDS)
        callee = "" if keyword.endswith(":x") else chooser.choice([f"<{target}>", f" <{target}>", "?svc "])
        yield (
            f"PREFIX ex: <{target}> PREFIX : <{target}> SELECT * WHERE {{ BIND(<{target}> AS ?svc) {before}"
            + chooser.choice(BETWEEN)
            + f"{keyword}{callee}{{ ?s ?p ?o }} {after} }}"
        )


def test_a_fuzzer_finds_no_service_call_the_screen_lets_through(one_triple):
    ran = 0
    with canary() as (target, seen):
        for query in fuzzed_queries(target, 3000, seed=17):
            if engine_calls_service(one_triple, query, seen):
                ran += 1
                _, refused = refusal(query)
                assert refused is not None, f"the engine calls SERVICE, the screen lets it through: {query!r}"
    assert ran > 300, f"the fuzzer reached the engine's SERVICE {ran} times only: it proves too little"


def test_service_in_a_string_an_iri_or_a_comment_is_no_service():
    for query in (
        'SELECT * WHERE { BIND("SERVICE <http://127.0.0.1:9/>" AS ?x) }',
        "SELECT * WHERE { BIND('''SERVICE''' AS ?x) } # SERVICE <http://127.0.0.1:9/>",
        "SELECT * WHERE { ?s <http://ex/SERVICE> ?o }",
        "PREFIX ex: <http://ex/> SELECT * WHERE { ?s ex:SERVICE ?o }",
        "SELECT * WHERE { ?s ?p <https://schema.org/Service> }",
    ):
        assert refusal(query)[1] is None, query


# --- the network wall alone -------------------------------------------------------------------------------------


def run_in_pool(store_path, limits: WorkerLimits, query: str) -> tuple[int, bytes]:
    """One query job in a real worker of the server's pool (the screen as `limits` says)."""

    async def go():
        pool = Pool(
            str(store_path),
            str(PROJECT.queries_dir),
            str(PROJECT.sources_dir),
            workers=1,
            timeout=20,
            prefixes=ns.PREFIXES,
            limits=limits,
        )
        await pool.start()
        try:
            outcome = await pool.run(("query", (query, None, "text/csv", None, None)))
            return outcome.status, outcome.body
        finally:
            pool.close()

    return asyncio.run(go())


@pytest.fixture(scope="module")
def store_path(built):
    return built.current / "store"


def test_with_the_screen_bypassed_the_wall_lets_nothing_out(store_path):
    let_through = Guards(allow_service=True)  # the screen does not stop SERVICE: only the wall is left
    with canary() as (target, seen):
        for query in spellings(target)[:4] + [f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"]:
            status, body = run_in_pool(store_path, WorkerLimits(let_through, network=False), query)
            assert status >= 400, (query, body)
        assert seen == []
        # the control: the same worker without its wall reaches the canary
        plain = f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"
        status, _ = run_in_pool(store_path, WorkerLimits(let_through, network=True), plain)
        assert status == 200 and len(seen) == 1


def test_a_walled_worker_cannot_connect_anywhere(store_path):
    """Whatever the engine is asked, its process reaches no address: not loopback, not the canary's port."""
    with canary() as (target, seen):
        port = urllib.parse.urlsplit(target).port
        for host in ("127.0.0.1", "localhost", "[::1]", "0.0.0.0"):
            query = f"SELECT * WHERE {{ SERVICE <http://{host}:{port}/x> {{ ?s ?p ?o }} }}"
            status, body = run_in_pool(store_path, WorkerLimits(Guards(allow_service=True), network=False), query)
            assert status >= 400, body
        assert seen == []


def test_the_server_answers_every_spelling_with_400_and_the_canary_hears_nothing(built):
    app, handle, url = start(str(built.current / "store"), timeout=10.0, cors="*")
    try:
        with canary() as (target, seen):
            for query in spellings(target):
                status, _, body = http(f"{url}/sparql?query={urllib.parse.quote(query, safe='')}")
                assert status == 400 and b"SERVICE" in body, (query, body)
                status, _, body = http(
                    f"{url}/sparql", data=query.encode(), headers={"Content-Type": "application/sparql-query"}
                )
                assert status == 400, (query, body)
            assert seen == []
    finally:
        stop(app, handle)


def test_allow_service_lifts_the_wall_knowingly(built):
    app, handle, url = start(str(built.current / "store"), timeout=10.0, allow_service=True)
    try:
        with canary() as (target, seen):
            query = f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"
            status, _, _ = http(f"{url}/sparql?query={urllib.parse.quote(query, safe='')}")
            assert status == 200 and len(seen) == 1
    finally:
        stop(app, handle)


# a machine that cannot raise the wall ------------------------------------------------------------------------------

NO_NAMESPACES = (
    "echo 0 > /proc/sys/user/max_net_namespaces && echo 0 > /proc/sys/user/max_user_namespaces && exec "
    '"$0" -c "from csto_kg.cli import main; main()" --build-dir "$1" serve --port 0 $2'
)


def serve_where_no_namespace_can_be_made(built, *options) -> subprocess.Popen:
    """`csto-kg serve` in a user namespace whose limits allow no new network or user namespace: a machine
    (a container, a locked-down kernel) where the wall cannot be raised."""
    return subprocess.Popen(
        ["unshare", "-U", "-r", "sh", "-c", NO_NAMESPACES, sys.executable, str(built.path), " ".join(options)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )


def test_serve_refuses_to_run_without_its_wall_and_says_why(built):
    process = serve_where_no_namespace_can_be_made(built)
    _, stderr = process.communicate(timeout=120)
    lines = stderr.decode().strip().splitlines()
    assert process.returncode == 2 and len(lines) == 1, stderr
    assert "network namespace without interfaces" in lines[0] and "--no-network-wall" in lines[0]


def test_no_network_wall_serves_anyway_knowingly(built):
    process = serve_where_no_namespace_can_be_made(built, "--no-network-wall")
    try:
        line = process.stderr.readline().decode()
        assert line.startswith("csto-kg serving on http://127.0.0.1:"), line
        url = line.split(" on ", 1)[1].split()[0].rstrip("/")
        status, _, body = http(f"{url}/sparql?query={urllib.parse.quote('ASK { ?s ?p ?o }')}")
        assert status == 200 and b"true" in body
    finally:
        process.terminate()
        process.communicate(timeout=60)
