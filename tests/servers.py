"""Real servers for the tests, on 127.0.0.1 only: the Oxigraph SPARQL server (PyPI `oxigraph`), and small HTTP
servers that misbehave on purpose (hang, rate-limit, answer garbage)."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(found).exists():
        raise RuntimeError("the Oxigraph server (PyPI package `oxigraph`) is not installed: run make setup")
    return found


def wait_until_up(url: str, process: subprocess.Popen, seconds: float, failure) -> None:
    """Poll `url` until it answers; if the process exits or `seconds` pass first, raise with `failure()`."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(failure()) from None
            time.sleep(0.1)


def stop(process: subprocess.Popen, seconds: float) -> None:
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()


@contextlib.contextmanager
def oxigraph_server(files: list[Path], *, union_default_graph: bool = False):
    """Start `oxigraph serve` in memory on a free loopback port, load `files` (Turtle) through the Graph Store
    Protocol, yield the base URL; stop the server afterwards."""
    port = free_port()
    command = [oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{port}"] + (
        ["--union-default-graph"] if union_default_graph else []
    )
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(
            base + "/query?query=ASK%7B%7D",
            process,
            20,
            lambda: f"oxigraph serve did not start: {process.stderr.read().decode()}",
        )
        for path in files:
            request = urllib.request.Request(
                base + "/store?default", data=path.read_bytes(), method="POST", headers={"Content-Type": "text/turtle"}
            )
            urllib.request.urlopen(request, timeout=30).read()
        yield base
    finally:
        stop(process, 10)


def reply(handler, status: int, body: bytes = b"", content_type: str | None = None, **headers: str) -> None:
    """Answer one request of a misbehaving_server: status, headers (underscores read as hyphens), body."""
    handler.send_response(status)
    if content_type:
        handler.send_header("Content-Type", content_type)
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def trickler(hung_up: list, seconds: float = 60.0):
    """A response that never ends in time: headers, then a byte of JSON every 0.1 s for `seconds`. Appends True to
    `hung_up` when the client closes the connection before the last byte (a client whose time limit covers each
    read but not the whole answer would wait the full `seconds`)."""

    def respond(handler, count):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        handler.end_headers()
        for _ in range(int(seconds * 10)):
            try:
                handler.wfile.write(b" ")
                handler.wfile.flush()
            except OSError:
                hung_up.append(True)
                return
            time.sleep(0.1)

    return respond


@contextlib.contextmanager
def misbehaving_server(respond):
    """An HTTP server on a free loopback port; `respond(handler, count)` answers each request (count from 1).
    Yields (url, requests) where requests records each request's headers."""
    requests: list[dict] = []
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            self.rfile.read(length)
            with lock:
                requests.append(dict(self.headers))
                count = len(requests)
            respond(self, count)

        do_GET = do_POST

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", requests
    finally:
        server.shutdown()
        server.server_close()


VIRTUOSO_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .
CheckpointInterval = 0

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
MaxClientConnections = 5
ServerThreads = 5

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""


@contextlib.contextmanager
def virtuoso_server(workdir: Path):
    """OpenLink Virtuoso 7 (Debian `virtuoso-opensource`) in `workdir`, on free loopback ports, with SPARQL Update
    granted to its anonymous SPARQL user. Yields the base URL (query and update at /sparql, Graph Store Protocol
    at /sparql-graph-crud)."""
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql")
    if binary is None or isql is None:
        raise RuntimeError("Virtuoso (Debian package virtuoso-opensource) is not installed: run make setup")
    sql_port, http_port = free_port(), free_port()
    ini = workdir / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=workdir, sql_port=sql_port, http_port=http_port))
    process = subprocess.Popen(
        [binary, "-f", "-c", str(ini)], cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{http_port}"
    log = workdir / "virtuoso.log"
    try:
        wait_until_up(
            base + "/sparql?query=ASK%7B%7D",
            process,
            60,
            lambda: f"Virtuoso did not start: {log.read_text(errors='replace')[-2000:] if log.exists() else ''}",
        )
        subprocess.run(
            [isql, str(sql_port), "dba", "dba", 'exec=grant SPARQL_UPDATE to "SPARQL";'],
            check=True,
            capture_output=True,
            timeout=60,
        )
        yield base
    finally:
        stop(process, 30)
