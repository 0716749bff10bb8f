"""Benchmark: a cheap query's answer time while `csto-kg serve` is under attack, against the same cheap query
with no attack, in the same run.

    python bench/attack_bench.py [--seconds 15]

Starts `csto-kg serve` on 127.0.0.1 (its defaults, a free port) over the current build, then, phase by phase,
runs one attack from a separate process while this one asks the cheap query (an ASK, on a new connection each
time, one after the other) and records each answer's time and status:

- none: no attack (the baseline);
- slowloris: 3,000 connections that send a request line and then one header byte every few seconds;
- header flood: 16 clients sending 1 MB headers, over and over;
- 1 MB query flood: 20 clients posting 1 MB queries, each different (nothing cached);
- nesting bombs: 16 clients posting 6,000 levels of [ ] and 10,000 chained + (each crashed the engine once);
- memory bombs: 8 clients posting a query whose string doubles 40 times (8 TB were there no bound).

Prints a Markdown table (median, p99 and their ratio to the baseline, answers that were not 200); the figures
are kept in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse

from serve_bench import CHEAP, ROOT, free_port  # the same cheap query, beside this file


def ask(port: int, method: str, path: str, body: bytes = b"", headers: dict | None = None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response.status
    except (OSError, http.client.HTTPException):
        return 0
    finally:
        connection.close()


def wait_up(port: int, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ask(port, "GET", "/queries") == 200:
            return
        time.sleep(0.2)
    raise SystemExit("the server did not come up")


# --- the attacks, each in a process of its own ----------------------------------------------------------------


def slowloris(port: int, stop) -> None:
    held = []
    for _ in range(3000):
        try:
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(b"GET /sparql?query=x HTTP/1.1\r\nHost: x\r\n")
            held.append(sock)
        except OSError:
            break
    while not stop.is_set():  # a byte of header every few seconds; reconnect what the server closed
        for i, sock in enumerate(held):
            try:
                sock.sendall(b"X")
            except OSError:
                sock.close()
                try:
                    held[i] = socket.create_connection(("127.0.0.1", port), timeout=5)
                    held[i].sendall(b"GET /sparql?query=x HTTP/1.1\r\nHost: x\r\n")
                except OSError:
                    pass
        stop.wait(3)


def repeat(port: int, stop, clients: int, make) -> None:
    """`clients` threads sending make(i) (method, path, body, headers) over and over."""
    import threading

    def client(i: int) -> None:
        n = 0
        while not stop.is_set():
            method, path, body, headers = make(i * 100_000 + n)
            n += 1
            if method == "RAW":
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
                        sock.sendall(body)
                        sock.recv(1024)
                except OSError:
                    pass
            else:
                ask(port, method, path, body, headers)

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    stop.wait()


def header_flood(port: int, stop) -> None:
    head = b"GET / HTTP/1.1\r\nHost: x\r\nX-Flood: " + b"y" * 1_000_000 + b"\r\n\r\n"
    repeat(port, stop, 16, lambda n: ("RAW", "", head, {}))


def query_flood(port: int, stop) -> None:
    def one(n: int):
        chooser = random.Random(n)
        values = " ".join(str(chooser.randrange(10**9)) for _ in range(100_000))[: 1_000_000 - 100]
        query = f"SELECT ?x WHERE {{ VALUES ?x {{ {values} }} }} LIMIT 1"
        return "POST", "/sparql", query.encode(), {"Content-Type": "application/sparql-query"}

    repeat(port, stop, 20, one)


def nesting_bombs(port: int, stop) -> None:
    brackets = "SELECT * WHERE { ?s ?p " + "[ <http://p> " * 6000 + "1" + " ]" * 6000 + " }"
    chain = "SELECT * WHERE { FILTER(" + "+".join(["1"] * 10_000) + " > 0) }"
    bombs = [q.encode() for q in (brackets, chain)]
    repeat(port, stop, 16, lambda n: ("POST", "/sparql", bombs[n % 2], {"Content-Type": "application/sparql-query"}))


def memory_bombs(port: int, stop) -> None:
    binds = " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(40))
    bomb = f'SELECT (STRLEN(?s40) AS ?n) WHERE {{ BIND("aaaaaaaa" AS ?s0) {binds} }}'.encode()
    repeat(port, stop, 8, lambda n: ("POST", "/sparql", bomb, {"Content-Type": "application/sparql-query"}))


ATTACKS = {
    "none": None,
    "slowloris (3,000 connections)": slowloris,
    "header flood (1 MB headers)": header_flood,
    "1 MB query flood": query_flood,
    "nesting bombs": nesting_bombs,
    "memory bombs": memory_bombs,
}


def time_cheap(port: int, seconds: float) -> tuple[list[float], int]:
    """The cheap query, asked one after the other for `seconds`: each answer's time, and the answers not 200."""
    times, failed = [], 0
    path = "/sparql?query=" + urllib.parse.quote(CHEAP, safe="")
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        started = time.perf_counter()
        status = ask(port, "GET", path, headers={"Accept": "text/csv"})
        times.append(time.perf_counter() - started)
        failed += status != 200
        time.sleep(0.01)
    return times, failed


def p99(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.99) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=15.0, help="timing per phase, after 3 s of warm-up")
    options = parser.parse_args()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "csto_kg.cli", "serve", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
    )
    rows = []
    try:
        wait_up(port)
        baseline = None
        for name, attack in ATTACKS.items():
            stop = multiprocessing.Event()
            attacker = None
            if attack is not None:
                attacker = multiprocessing.Process(target=attack, args=(port, stop), daemon=True)
                attacker.start()
                time.sleep(3)  # the attack under way
            times, failed = time_cheap(port, options.seconds)
            stop.set()
            if attacker is not None:
                attacker.join(10)
                if attacker.is_alive():
                    attacker.kill()
            alive = server.poll() is None
            median, tail = statistics.median(times), p99(times)
            baseline = baseline or (median, tail)
            rows.append((name, len(times), median, tail, median / baseline[0], tail / baseline[1], failed, alive))
            time.sleep(2)  # the server settles: workers retired, connections closed
    finally:
        server.terminate()
        server.wait(30)
    print("| attack | cheap queries | median ms | p99 ms | median / none | p99 / none | not 200 | server up |")
    print("|---|---|---|---|---|---|---|---|")
    for name, count, median, tail, ratio, tail_ratio, failed, alive in rows:
        print(
            f"| {name} | {count} | {median * 1000:.1f} | {tail * 1000:.1f} | {ratio:.2f}× | {tail_ratio:.2f}× | "
            f"{failed} | {'yes' if alive else 'NO'} |"
        )


if __name__ == "__main__":
    main()
