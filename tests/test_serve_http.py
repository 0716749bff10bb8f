"""`csto-kg serve` against clients that stall, flood or lie at the HTTP level: each test starts the server on
127.0.0.1 with a short client timeout and proves what the server does by what the socket sees (an answer, then
the connection closed), never by how long it took."""

from __future__ import annotations

import socket
import time
import urllib.parse

import pytest

from .test_serve import http, start, stop

CHEAP = "ASK%20%7B%20kg%3Akyrgyzstan%20kgo%3AmemberOf%20kg%3Acsto%20%7D"


@pytest.fixture(scope="module")
def strict(built):
    app, handle, url = start(
        str(built.current / "store"), timeout=30.0, client_timeout=1.0, max_connections=32, max_head_bytes=8192
    )
    yield app, url
    stop(app, handle)


def connect(url: str) -> socket.socket:
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    return socket.create_connection((host, int(port)), timeout=60)


def until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (a reset counts as closed)."""
    chunks = []
    try:
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    except ConnectionResetError:
        pass
    return b"".join(chunks)


def test_a_request_line_without_the_end_of_its_headers_is_answered_408_and_closed(strict):
    _, url = strict
    with connect(url) as sock:
        sock.sendall(b"GET /x HTTP/1.1\r\nHost: x\r\n")
        answer = until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 408") and b"did not arrive in time" in answer


def test_a_connection_that_says_nothing_is_closed(strict):
    _, url = strict
    with connect(url) as sock:
        assert until_closed(sock) == b""


def test_an_idle_keep_alive_connection_is_closed(strict):
    _, url = strict
    with connect(url) as sock:
        sock.sendall(f"GET /sparql?query={CHEAP} HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n\r\n".encode())
        answer = until_closed(sock)  # keep-alive: only the server's timeout ends it
    assert answer.startswith(b"HTTP/1.1 200") and answer.rstrip().endswith(b"true")


def test_a_request_that_trickles_after_an_answer_is_closed(strict):
    _, url = strict
    with connect(url) as sock:
        sock.sendall(f"GET /sparql?query={CHEAP} HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n\r\nGET /".encode())
        answer = until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 200") and answer.count(b"HTTP/1.1 ") == 2 and b"408" in answer


@pytest.mark.parametrize(
    "head",
    [
        b"GET /sparql?query=" + b"x" * 100_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"y" * 100_000 + b"\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X-Many: z\r\n" * 10_000 + b"\r\n",
    ],
    ids=["a long URL", "a long header", "many headers"],
)
def test_a_head_over_the_bound_is_refused_with_431(strict, head):
    _, url = strict
    with connect(url) as sock:
        try:
            sock.sendall(head)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server stopped reading at the bound: what it answered is still to be read
        answer = until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 431") and b"over 8,192 bytes" in answer


def test_an_80_mb_header_is_refused_after_its_first_bytes(strict):
    """The server reads no further than its bound: the client cannot even send its 80 MB."""
    _, url = strict
    sent = 0
    with connect(url) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: ")
        chunk = b"y" * 65536
        try:
            while sent < 80_000_000:
                sock.sendall(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        answer = until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 431") and sent < 80_000_000


def test_stalled_connections_make_room_for_a_new_client(strict):
    """Twice the connection bound, all stalled mid-request: a new client is still answered, as the connections
    that waited longest are closed to make room."""
    _, url = strict
    stalled = []
    try:
        for _ in range(64):
            sock = connect(url)
            sock.sendall(b"GET /x HTTP/1.1\r\n")
            stalled.append(sock)
        status, _, body = http(f"{url}/sparql?query={CHEAP}", headers={"Accept": "text/csv"})
        assert status == 200 and body.strip() == b"true"
        assert until_closed(stalled[0]).startswith(b"HTTP/1.1 408")  # the oldest went first
    finally:
        for sock in stalled:
            sock.close()


def test_a_client_that_stops_reading_an_answer_is_disconnected(strict):
    """An answer larger than every buffer between server and client, never read: the server lets go of it."""
    _, url = strict
    query = urllib.parse.quote("SELECT * WHERE { ?s ?p ?o . ?a ?b ?c } LIMIT 60000", safe="")
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        host, port = urllib.parse.urlsplit(url).netloc.split(":")
        sock.settimeout(60)
        sock.connect((host, int(port)))
        sock.sendall(f"GET /sparql?query={query} HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n\r\n".encode())
        first = sock.recv(4096)
        assert first.startswith(b"HTTP/1.1 200")
        length = int(first.split(b"content-length: ")[1].split(b"\r\n")[0])
        assert length > 10_000_000  # more than the kernel buffers hold
        # the client reads nothing more: the server's writing stays paused, until it lets the connection go
        established = 1  # TCP_INFO's first byte: the connection's state
        give_up = time.monotonic() + 120
        while sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 8)[0] == established:
            assert time.monotonic() < give_up, "the server kept the connection of a client that reads nothing"
            time.sleep(0.05)
        rest = until_closed(sock)
    assert len(first) + len(rest) < length
