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


@contextlib.contextmanager
def oxigraph_server(files: list[Path], *, union_default_graph: bool = False):
    """Start `oxigraph serve` in memory on a free loopback port, load `files` (Turtle) through the Graph Store
    Protocol, yield the base URL; stop the server afterwards."""
    port = free_port()
    command = [oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{port}"] + (["--union-default-graph"] if union_default_graph else [])
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"oxigraph serve did not start: {process.stderr.read().decode()}")
                time.sleep(0.1)
        for path in files:
            request = urllib.request.Request(base + "/store?default", data=path.read_bytes(), method="POST",
                                             headers={"Content-Type": "text/turtle"})
            urllib.request.urlopen(request, timeout=30).read()
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


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
