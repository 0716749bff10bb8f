"""`csto-kg serve` under attack and load: each defect an attacker or a crowd found, as a test (the server on
127.0.0.1, in this process, with small limits), and the SPARQL 1.1 Protocol points a read-only endpoint must get
right."""

from __future__ import annotations

import http.client as httpclient
import os
import shutil
import signal
import socket
import threading
import time
import urllib.parse

import pytest
from click.testing import CliRunner

from csto_kg.cli import main
from csto_kg.project import Project

from .conftest import ROOT
from .servers import misbehaving_server, reply
from .test_serve import http, start, stop

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CHEAP = "ASK { kg:kyrgyzstan kgo:memberOf kg:csto }"


def q(text: str) -> str:
    return urllib.parse.quote(text, safe="")


@pytest.fixture(scope="module")
def guarded(built):
    app, handle, url = start(
        str(built.current / "store"), timeout=2.0, max_body_bytes=100_000, workers=1, max_workers=64
    )
    yield app, url
    stop(app, handle)


def raw(url: str, data: bytes, read_timeout: float = 10.0) -> bytes:
    """Send bytes as they are on a fresh connection; what comes back until the server closes or stops."""
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=read_timeout) as sock:
        sock.sendall(data)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
                if b"\r\n\r\n" in b"".join(chunks):
                    break
        except socket.timeout:
            pass
        return b"".join(chunks)


# 1. SERVICE cannot hide from the guard -------------------------------------------------------------------


@pytest.mark.parametrize("hiding", ["#\rSERVICE", "# a comment\r SERVICE", "sErViCe", "#x\r\n  Service"])
def test_service_is_refused_however_it_is_written(guarded, hiding):
    _, url = guarded
    calls = []
    with misbehaving_server(lambda handler, count: (calls.append(count), reply(handler, 200, b"{}"))) as (internal, _):
        query = f"SELECT * WHERE {{ {hiding} <{internal}> {{ ?s ?p ?o }} }}"
        status, _, body = http(f"{url}/sparql?query={q(query)}")
    assert status == 400 and b"SERVICE" in body and calls == []


def test_the_word_service_in_a_string_or_iri_is_no_service(guarded):
    _, url = guarded
    query = q('SELECT * WHERE { BIND("SERVICE <http://127.0.0.1:9/>" AS ?x) }')
    status, _, body = http(f"{url}/sparql?query={query}", headers={"Accept": "text/csv"})
    assert status == 200 and b"SERVICE" in body


# 2. no denial of service by queueing ------------------------------------------------------------------------


def send_query(url: str, query: str) -> socket.socket:
    """A request sent on a connection of its own, its answer left unread."""
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    sock = socket.create_connection((host, int(port)))
    sock.sendall(f"GET /sparql?query={q(query)} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    return sock


def unanswered(sock: socket.socket) -> bool:
    sock.setblocking(False)
    try:
        return sock.recv(1) is None
    except BlockingIOError:
        return True
    finally:
        sock.setblocking(True)


def wait_for(condition, what: str, seconds: float = 120) -> None:
    """Poll until `condition()` holds; give up (fail) only after `seconds`, far beyond any expected wait."""
    give_up = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < give_up, what
        time.sleep(0.02)


def test_fifty_runaway_queries_do_not_hold_up_a_cheap_one(built):
    """Order, not time: the cheap query is answered while every one of fifty runaways is still running."""
    app, handle, url = start(str(built.current / "store"), timeout=300.0, workers=1, max_workers=64)
    runaways = []
    try:
        runaways = [send_query(url, RUNAWAY) for _ in range(50)]
        wait_for(lambda: app.pool.status()["busy"] == 50, "the fifty runaways never all ran")
        status, _, body = http(f"{url}/sparql?query={q(CHEAP)}")
        assert status == 200 and b"true" in body
        assert app.pool.status()["busy"] == 50 and all(unanswered(sock) for sock in runaways)
    finally:
        for sock in runaways:
            sock.close()  # the clients leave: their workers are ended
        stop(app, handle)


def test_a_full_queue_answers_503_with_retry_after(built):
    app, handle, url = start(str(built.current / "store"), timeout=3.0, workers=1, max_workers=1, queue=2)
    try:
        results = []
        threads = [
            threading.Thread(target=lambda: results.append(http(f"{url}/sparql?query={q(RUNAWAY)}"))) for _ in range(3)
        ]
        for thread in threads:
            thread.start()
        time.sleep(0.5)  # one runs, two wait: the queue is full
        request = httpclient.HTTPConnection(urllib.parse.urlsplit(url).netloc, timeout=10)
        request.request("GET", f"/sparql?query={q(CHEAP)}")
        response = request.getresponse()
        assert response.status == 503 and response.getheader("Retry-After") == "1"
        assert b"busy" in response.read()
        for thread in threads:
            thread.join()
    finally:
        stop(app, handle)


def test_a_client_that_leaves_frees_its_worker(built):
    app, handle, url = start(str(built.current / "store"), timeout=300.0, workers=1, max_workers=1)
    try:
        sock = send_query(url, RUNAWAY)
        wait_for(lambda: app.pool.status()["busy"] == 1, "the runaway never ran")
        held = next(w for w in app.pool.workers if w.pending).process
        sock.close()  # the client gives up; its query must not keep the only worker until the deadline
        wait_for(lambda: not held.is_alive(), "the worker of a client that left was not ended")
        status, _, _ = http(f"{url}/sparql?query={q(CHEAP)}")
        assert status == 200
    finally:
        stop(app, handle)


def test_a_dead_worker_is_reported_at_once(guarded):
    app, url = guarded
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("answer", http(f"{url}/sparql?query={q(RUNAWAY)}")))
    thread.start()
    wait_for(lambda: any(w.pending for w in app.pool.workers), "a worker taking the query")
    busy = next(w for w in app.pool.workers if w.pending)
    os.kill(busy.process.pid, signal.SIGKILL)
    thread.join()
    status, _, body = result["answer"]  # 502 at once, not the deadline's 504
    assert status == 502 and b"died (signal 9 (SIGKILL))" in body
    assert http(f"{url}/sparql?query={q(CHEAP)}")[0] == 200  # and the server goes on


# 3. bodies read only to a validated length --------------------------------------------------------------


def test_a_negative_content_length_is_refused(guarded):
    _, url = guarded
    answer = raw(
        url,
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: -1\r\n\r\nASK "
        b"{}",
    )
    assert answer.startswith(b"HTTP/1.1 400")


def test_a_body_declared_too_large_is_refused_before_it_is_sent(guarded):
    _, url = guarded
    answer = raw(  # the body is never sent: an answer at all is one before it
        url,
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: "
        b"300000000\r\n\r\nASK",
    )
    assert answer.startswith(b"HTTP/1.1 413") and b"request body over" in answer


def test_chunked_bodies_are_read_and_limited(guarded):
    _, url = guarded
    netloc = urllib.parse.urlsplit(url).netloc
    connection = httpclient.HTTPConnection(netloc, timeout=10)
    connection.request(
        "POST",
        "/sparql",
        body=iter([b"ASK { kg:kyrgyzstan ", b"kgo:memberOf kg:csto }"]),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
        encode_chunked=True,
    )
    response = connection.getresponse()
    assert response.status == 200 and b"true" in response.read()
    host, port = netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nTransfer-Encoding: "
            b"chunked\r\n\r\n"
        )
        chunk = b"#" + b"x" * 59_999
        try:
            for _ in range(3):  # 180 kB in all, over the 100 kB limit: the server stops reading and answers
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        except (BrokenPipeError, ConnectionResetError):
            pass
        assert sock.recv(65536).startswith(b"HTTP/1.1 413")


def test_a_body_that_never_comes_ends_at_the_deadline(guarded):
    _, url = guarded
    answer = raw(
        url,
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nASK",
        read_timeout=60,
    )
    assert answer.startswith(b"HTTP/1.1 408")


# 5. one build per generation, for every worker ----------------------------------------------------------


def test_a_new_build_is_served_by_every_worker_at_once(tmp_path):
    root = tmp_path / "project"
    for folder in ("ontology", "graph", "queries", "shapes"):
        shutil.copytree(ROOT / folder, root / folder)
    out = tmp_path / "build"

    def build():
        result = CliRunner().invoke(main, ["--root", str(root), "--build-dir", str(out), "build", "--no-hermit", "-q"])
        assert result.exit_code == 0, result.output

    build()
    from csto_kg.serve.server import App, ServerSettings, make_server

    project = Project(root)
    app = App(ServerSettings(str(out / "current" / "store"), project.queries_dir, project.sources_dir, out, workers=3))
    ready = threading.Event()
    server, sock = make_server(app, "127.0.0.1", 0, lambda _: ready.set())
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    assert ready.wait(60)
    base = app.url.rstrip("/")
    label = q('SELECT ?l WHERE { kg:almaty rdfs:label ?l FILTER(LANG(?l) = "en") }')
    try:
        assert b"Almaty" in http(f"{base}/sparql?query={label}", headers={"Accept": "text/csv"})[2]
        entities = root / "graph" / "entities.ttl"
        entities.write_text(
            entities.read_text(encoding="utf-8").replace('"Almaty"@en', '"Alma-Ata"@en', 1), encoding="utf-8"
        )
        build()
        wait_for(
            lambda: b"Alma-Ata" in http(f"{base}/sparql?query={label}", headers={"Accept": "text/csv"})[2],
            "the new build served",
        )
        # from the switch on, every answer, from every worker and every page, is the new build's
        for _ in range(30):
            assert b"Alma-Ata" in http(f"{base}/sparql?query={label}", headers={"Accept": "text/csv"})[2]
            assert "Alma-Ata" in http(f"{base}/entity/almaty")[2].decode()
    finally:
        server.should_exit = True
        thread.join(timeout=20)


# 6. nesting bounded before the engine --------------------------------------------------------------------


def post(url: str, query: str):
    return http(f"{url}/sparql", data=query.encode(), headers={"Content-Type": "application/sparql-query"})


def deep(n: int) -> dict[str, str]:
    """Queries nesting or chaining n deep, each of which crashes the engine (SIGSEGV) at a few thousand."""
    return {
        "parentheses": "SELECT * WHERE { FILTER(" + "(" * n + "1" + ")" * n + ") }",
        "braces": "SELECT * WHERE " + "{" * n + "}" * n,
        "brackets": "SELECT * WHERE { ?s ?p " + "[ kgo:p " * n + "1" + " ]" * n + " }",
        "escapes that close nothing": (
            "SELECT * WHERE { VALUES ?x { " + "kg:a\\) " * n + "} FILTER(" + "(" * n + "1" + ")" * n + ") }"
        ),
        "a chain of +": "SELECT * WHERE { FILTER(" + "+".join(["1"] * n) + " > 0) }",
        "a chain of patterns": "SELECT * WHERE { " + " ".join(f"?s ?p ?o{i}." for i in range(n)) + " }",
        "a chain of UNION": "SELECT * WHERE { " + " UNION ".join(["{}"] * n) + " }",
    }


@pytest.mark.parametrize("kind", list(deep(1)))
def test_deep_nesting_of_every_kind_is_refused_before_the_engine_sees_it(guarded, kind):
    app, url = guarded
    workers = {w.process.pid for w in app.pool.workers}
    status, _, body = post(url, deep(6000)[kind])
    assert status == 400 and (b"levels of brackets deep" in body or b"operators, patterns and clauses" in body), body
    assert http(f"{url}/sparql?query={q(CHEAP)}")[0] == 200
    assert workers <= {w.process.pid for w in app.pool.workers}  # no worker died of it


def test_what_the_screen_lets_through_the_engine_survives(guarded):
    """The bounds and the workers' stack agree: the deepest and longest queries the screen passes are answered."""
    _, url = guarded
    deepest = "SELECT (" + "CONCAT(" * 97 + '"a"' + ', "a")' * 97 + " AS ?x) WHERE {}"
    longest = "SELECT * WHERE { FILTER(" + "(" * 90 + "+".join(["1"] * 1900) + ")" * 90 + " > 0) }"
    for query in (deepest, longest):
        status, _, body = post(url, query)
        assert status == 200, body


# memory bounded per query ----------------------------------------------------------------------------------------


def doubling(times: int) -> str:
    """A 1 kB query whose string doubles `times` times (8 bytes, then 2^times as many)."""
    binds = " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(times))
    return f'SELECT (STRLEN(?s{times}) AS ?n) WHERE {{ BIND("aaaaaaaa" AS ?s0) {binds} }}'


def test_a_query_past_the_memory_bound_gets_507_and_the_server_goes_on(built):
    app, handle, url = start(str(built.current / "store"), timeout=60.0, max_memory_mb=128)
    try:
        status, _, body = post(url, doubling(40))  # 8 TB, were there no bound
        assert status == 507 and b"more than the 128 MB" in body, body
        status, _, body = post(url, doubling(10))  # 8 kB: the same query, small, is answered
        assert status == 200 and b"8192" in body
    finally:
        stop(app, handle)


# 7. a crowd at once ------------------------------------------------------------------------------------------


def test_three_hundred_clients_at_once_are_all_answered(guarded):
    _, url = guarded
    statuses = []
    barrier = threading.Barrier(300)

    def client():
        barrier.wait()
        statuses.append(http(f"{url}/sparql?query={q(CHEAP)}")[0])

    threads = [threading.Thread(target=client) for _ in range(300)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 300


# 10. an update sent as a query -------------------------------------------------------------------------------


def test_an_update_sent_as_a_query_is_refused_with_a_hint(guarded):
    _, url = guarded
    status, _, body = http(f"{url}/sparql?query={q('DELETE WHERE { ?s ?p ?o }')}")
    assert status == 403 and b"read-only" in body and b"update=" in body


# the protocol's points -----------------------------------------------------------------------------------


def test_two_query_parameters_are_refused(guarded):
    _, url = guarded
    assert http(f"{url}/sparql?query={q(CHEAP)}&query={q(CHEAP)}")[0] == 400


def test_put_is_not_allowed_and_says_what_is(guarded):
    _, url = guarded
    connection = httpclient.HTTPConnection(urllib.parse.urlsplit(url).netloc, timeout=10)
    connection.request("PUT", "/sparql", body=b"x")
    response = connection.getresponse()
    assert response.status == 405 and "POST" in response.getheader("Allow")


def test_options_and_cors(built):
    app, handle, url = start(str(built.current / "store"), cors="https://example.org")
    try:
        connection = httpclient.HTTPConnection(urllib.parse.urlsplit(url).netloc, timeout=10)
        connection.request(
            "OPTIONS", "/sparql", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"}
        )
        response = connection.getresponse()
        response.read()
        assert response.status == 204 and response.getheader("Access-Control-Allow-Origin") == "https://example.org"
        assert "POST" in response.getheader("Access-Control-Allow-Methods")
        connection.request("GET", f"/sparql?query={q(CHEAP)}", headers={"Origin": "https://example.org"})
        response = connection.getresponse()  # the same connection: HTTP/1.1 keep-alive
        assert response.status == 200 and response.version == 11
        assert response.getheader("Access-Control-Allow-Origin") == "https://example.org"
    finally:
        stop(app, handle)


def test_ask_as_csv_and_construct_as_rdf_xml(guarded):
    _, url = guarded
    status, media, body = http(f"{url}/sparql?query={q(CHEAP)}", headers={"Accept": "text/csv"})
    assert status == 200 and media.startswith("text/csv") and body.strip() == b"true"
    status, media, body = http(
        f"{url}/sparql?query={q('CONSTRUCT WHERE { kg:csto ?p ?o }')}", headers={"Accept": "application/rdf+xml"}
    )
    assert status == 200 and media.startswith("application/rdf+xml") and b"<rdf:RDF" in body


def test_a_protocol_dataset_replaces_the_union(guarded):
    _, url = guarded
    count = q("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    ontology = q("https://w3id.org/csto-kg/graph/ontology")
    _, _, union = http(f"{url}/sparql?query={count}", headers={"Accept": "text/csv"})
    _, _, only = http(f"{url}/sparql?query={count}&default-graph-uri={ontology}", headers={"Accept": "text/csv"})
    _, _, none = http(f"{url}/sparql?query={count}&named-graph-uri={ontology}", headers={"Accept": "text/csv"})
    union_n, only_n, none_n = (int(b.split()[1]) for b in (union, only, none))
    assert union_n > only_n > 0 and none_n == 0


# client errors are 4xx with one line, never a 500 ---------------------------------------------------------------


@pytest.mark.parametrize(
    "path, headers, status, said",
    [
        ("/sparql?query=" + q(CHEAP) + "&default-graph-uri=" + q("not an iri"), {}, 400, b"default-graph-uri"),
        ("/sparql?query=" + q(CHEAP) + "&named-graph-uri=" + q("<x>"), {}, 400, b"named-graph-uri"),
        ("/id/%ZZ", {"Accept": "text/turtle"}, 400, b"is not an IRI"),
        ("/id/a%20b", {"Accept": "text/turtle"}, 400, b"is not an IRI"),
        ("/sparql?query=" + q("SELECT * WHERE { ?s ?p ?o } \x01"), {}, 400, b"U+0001"),
    ],
)
def test_client_errors_are_4xx_with_one_line(guarded, path, headers, status, said):
    _, url = guarded
    code, media, body = http(url + path, headers=headers)
    assert code == status and said in body and body.count(b"\n") <= 1 and media.startswith("text/plain"), body


def test_a_host_header_with_a_space_is_400(guarded):
    _, url = guarded
    answer = raw(url, f"GET /sparql?query={q(CHEAP)} HTTP/1.1\r\nHost: a b\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 400")


def test_a_claim_path_cannot_write_headers(guarded):
    _, url = guarded
    answer = raw(url, b"GET /claim/a%0d%0aX-Injected:1/b HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n\r\n")
    head = answer.split(b"\r\n\r\n")[0].lower()
    assert answer.startswith(b"HTTP/1.1 303") and b"\r\nx-injected" not in head
    assert b"location: /source/a%0d%0ax" in head


# FROM and FROM NAMED: the query's own dataset --------------------------------------------------------------------


def count(url: str, query: str, extra: str = "") -> int:
    status, _, body = http(f"{url}/sparql?query={q(query)}{extra}", headers={"Accept": "text/csv"})
    assert status == 200, body
    return int(body.split()[1])


def test_from_and_from_named_define_the_dataset(guarded):
    _, url = guarded
    ontology = "https://w3id.org/csto-kg/graph/ontology"
    every = count(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert count(url, "SELECT (COUNT(*) AS ?n) FROM <http://nonexistent/> WHERE { ?s ?p ?o }") == 0
    only = count(url, f"SELECT (COUNT(*) AS ?n) FROM <{ontology}> WHERE {{ ?s ?p ?o }}")
    assert 0 < only < every
    assert count(url, f"SELECT (COUNT(*) AS ?n) FROM NAMED <{ontology}> WHERE {{ ?s ?p ?o }}") == 0
    assert count(url, f"SELECT (COUNT(*) AS ?n) FROM NAMED <{ontology}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}") == only
    # the protocol's dataset replaces the query's (SPARQL 1.1 Protocol, 2.1.4)
    extra = "&default-graph-uri=" + q(ontology)
    assert count(url, "SELECT (COUNT(*) AS ?n) FROM <http://nonexistent/> WHERE { ?s ?p ?o }", extra) == only


# XML answers are well-formed, or refused --------------------------------------------------------------------------


def test_an_xml_answer_never_holds_what_xml_cannot(guarded):
    import xml.etree.ElementTree as ET

    _, url = guarded
    query = q('SELECT ?x WHERE { VALUES ?x { "a\\u0000b" "c" } }')
    status, _, body = http(f"{url}/sparql?query={query}", headers={"Accept": "application/sparql-results+xml"})
    assert status == 406 and b"U+0000" in body and b"JSON" in body
    graph = q('CONSTRUCT { kg:a kgo:p ?x } WHERE { VALUES ?x { "a\\u0001b" } }')
    status, _, body = http(f"{url}/sparql?query={graph}", headers={"Accept": "application/rdf+xml"})
    assert status == 406 and b"U+0001" in body
    status, _, body = http(f"{url}/sparql?query={query}", headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and b"a\\u0000b" in body
    fine = q('SELECT ?x WHERE { VALUES ?x { "a&<b>\\t" } }')
    status, _, body = http(f"{url}/sparql?query={fine}", headers={"Accept": "application/sparql-results+xml"})
    assert status == 200 and ET.fromstring(body) is not None


def test_what_the_server_keeps_of_queries_stays_within_cache_mb(built):
    """Every query the server keeps anything of (its answer, keyed by its text) counts in --cache-mb: a thousand
    different 50 kB queries leave it within its budget (the screen used to keep 4,096 query texts besides)."""
    budget = 1_000_000
    app, handle, url = start(str(built.current / "store"), timeout=30.0, cache_bytes=budget)
    try:
        for i in range(1000):
            padding = "#" + "x" * 50_000 + "\n"
            status, _, _ = post(url, f"{padding}ASK {{ ?s ?p {i} }}")
            assert status == 200
        assert 0 < app.answers.size <= budget and len(app.answers.kept) < 1000
    finally:
        stop(app, handle)
