"""The command line where an attacker, a full disk or a careless pipe found tracebacks, hangs or lost files: each
case as a test. Commands that end the process (a time limit, Ctrl-C) run as real processes."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from csto_kg import build as build_module
from csto_kg.cli import main

from .conftest import ROOT
from .servers import misbehaving_server, reply, trickler

CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def command(built, *args) -> list[str]:
    return [sys.executable, "-c", "from csto_kg.cli import main; main()", "--build-dir", str(built.path), *args]


def run(built, *args, **options) -> subprocess.CompletedProcess:
    return subprocess.run(command(built, *args), capture_output=True, timeout=120, cwd=ROOT, **options)


def one_line_error(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace")
    assert "Traceback" not in text, text
    return text


# -o writes in place where replacing would destroy ------------------------------------------------------------


def test_export_into_a_fifo_feeds_its_reader(built, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(f"wc -c < {fifo}", shell=True, stdout=subprocess.PIPE)
    result = run(built, "export", "-f", "ntriples", "-o", str(fifo))
    count = int(reader.communicate(timeout=30)[0])
    assert result.returncode == 0 and count > 100_000 and fifo.is_fifo()


def test_export_through_a_link_keeps_the_link(built, tmp_path):
    target, link = tmp_path / "real.nt", tmp_path / "link.nt"
    link.symlink_to(target)
    assert run(built, "export", "-f", "ntriples", "-o", str(link)).returncode == 0
    assert link.is_symlink() and target.stat().st_size > 100_000


def test_export_to_dev_stdout_and_dash_writes_standard_output(built):
    for output in ("/dev/stdout", "-"):
        result = run(built, "export", "-f", "ntriples", "-o", output)
        assert result.returncode == 0 and result.stdout.count(b"\n") > 1000
    assert Path("/dev/stdout").is_symlink()


def test_export_to_a_full_device_is_one_line(built):
    result = run(built, "export", "-f", "ntriples", "-o", "/dev/full")
    assert result.returncode == 2 and "No space left on device" in one_line_error(result.stderr)


def test_a_full_standard_output_is_one_line(built):
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            command(built, "export", "-f", "ntriples"), stdout=full, stderr=subprocess.PIPE, timeout=60, cwd=ROOT
        )
    assert result.returncode == 2 and "No space left on device (standard output)" in one_line_error(result.stderr)


# tracebacks where one line is promised ---------------------------------------------------------------------------


def test_a_truncated_answer_is_a_service_error(built):
    def truncated(handler, count):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        handler.send_header("Content-Length", "5000")
        handler.end_headers()
        handler.wfile.write(b'{"head": {"vars": ["m"]}, "results": {"bindings": [')
        handler.close_connection = True

    with misbehaving_server(truncated) as (url, _):
        result = CliRunner().invoke(main, ["--build-dir", str(built.path), "--endpoint", url, "query", "csto-members"])
    assert (
        result.exit_code == 3
        and "sent a broken answer" in result.stderr
        and "then the connection closed" in result.stderr
    )


def test_an_answer_with_other_variables_is_a_service_error(built):
    payload = json.dumps(
        {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "1"}}]}}
    ).encode()
    with misbehaving_server(lambda h, n: reply(h, 200, payload, "application/sparql-results+json")) as (url, _):
        result = CliRunner().invoke(main, ["--build-dir", str(built.path), "link", "--endpoint", url, "--retries", "0"])
    assert result.exit_code == 3 and "answered with the variables x" in result.stderr


def test_link_timeout_bounds_the_whole_answer(built):
    """A byte every 0.1 s keeps each read short; the 2 s limit still ends the answer: the command hangs up, naming
    the limit, while the server still has most of its minute of bytes to send."""
    hung_up: list = []
    with misbehaving_server(trickler(hung_up)) as (url, _):
        result = run(built, "link", "--endpoint", url, "--timeout", "2", "--retries", "0")
        for _ in range(100):  # the server notices at its next write
            if hung_up:
                break
            time.sleep(0.1)
    assert result.returncode == 3 and "within 2 s" in one_line_error(result.stderr)
    assert hung_up == [True]


def test_disk_full_during_a_build_is_one_line_and_keeps_the_build(project_copy, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert (
        CliRunner()
        .invoke(main, ["--root", str(project_copy.root), "--build-dir", str(out), "build", "--no-hermit", "-q"])
        .exit_code
        == 0
    )
    before = (out / "current").resolve()

    def full(store, project, folder, report, log):
        (folder / "dataset.trig").write_text("half")
        raise OSError(28, "No space left on device", str(folder / "dataset.nq"))

    monkeypatch.setattr(build_module, "write_release", full)
    result = CliRunner().invoke(
        main, ["--root", str(project_copy.root), "--build-dir", str(out), "build", "--no-hermit", "-q"]
    )
    assert result.exit_code == 2 and "cannot write the build: No space left on device" in result.stderr
    assert (out / "current").resolve() == before and not list((out / "releases").glob("*.partial"))


def test_a_build_folder_that_cannot_be_written_fails_before_the_work(project_copy):
    """Before the work, not after it: with an ontology the build would refuse, the error is still the build
    folder's (the ontology was never read)."""
    (project_copy.ontology_dir / "csto-kg.ttl").write_text("this is not Turtle", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from csto_kg.cli import main; main()",
            "--root",
            str(project_copy.root),
            "--build-dir",
            "/proc/csto-kg-build",
            "build",
            "--no-hermit",
            "-q",
        ],
        capture_output=True,
        timeout=60,
        cwd=ROOT,
    )
    assert result.returncode == 2 and "cannot write builds here" in one_line_error(result.stderr)
    assert b"csto-kg.ttl" not in result.stderr


def test_a_damaged_store_is_one_line(built, tmp_path):
    damaged = tmp_path / "store"
    shutil.copytree(built.current / "store", damaged)
    for name in os.listdir(damaged):
        if name.startswith(("MANIFEST", "CURRENT", "OPTIONS")):
            (damaged / name).write_bytes(b"\x00garbage\xff" * 10)
    result = subprocess.run(
        [sys.executable, "-c", "from csto_kg.cli import main; main()", "--store", str(damaged), "query", "timeline"],
        capture_output=True,
        timeout=60,
        cwd=ROOT,
    )
    assert result.returncode == 2 and "cannot open the store" in one_line_error(result.stderr)


def test_arguments_that_are_not_utf8_are_one_line(built):
    result = subprocess.run(
        [
            sys.executable.encode(),
            b"-c",
            b"from csto_kg.cli import main; main()",
            b"--build-dir",
            str(built.path).encode(),
            b"query",
            b"timeline",
            b"-p",
            b"from",
            b"2022-\xff-01",
        ],
        capture_output=True,
        timeout=60,
        cwd=ROOT,
    )
    assert (
        result.returncode == 2
        and "argument 7" in one_line_error(result.stderr)
        and "not valid UTF-8" in result.stderr.decode()
    )


def test_cli_py_without_the_project_s_python_says_what_to_do():
    bare = shutil.which("python3") or sys.executable
    result = subprocess.run([bare, "-S", "cli.py", "--help"], capture_output=True, timeout=60, cwd=ROOT)
    assert result.returncode == 2 and b"make setup" in result.stderr and b"Traceback" not in result.stderr


# the query's time limit, Ctrl-C, and rows as they come ----------------------------------------------------------


def _child_max_rss_mb(process: subprocess.Popen) -> float:
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / 1024


def test_a_runaway_query_streams_its_rows_and_stops_at_its_time_limit(built):
    process = subprocess.Popen(
        command(built, "sparql", CARTESIAN, "-f", "csv", "--timeout", "3"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    first = process.stdout.readline()
    lines = 1 + sum(1 for _ in process.stdout)
    stderr = process.stderr.read()
    peak = _child_max_rss_mb(process)
    # (rows streamed before the limit stopped it: thousands written, then exit 3; no wall-clock bound here)
    assert first == b"a,b,c,d,e,f,g,h,i\n"
    assert process.returncode == 3 and b"ran longer than 3 s" in stderr and lines > 1000
    assert peak < 400, peak  # rows are written, not held: the 4 GB of the old behaviour cannot come back


def family(pid: int) -> list[int]:
    """The process and its descendants (a command runs its query in a child whose memory is bounded)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [pid] + [p for child in children for p in family(int(child))]


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process and its descendants have used so far (Linux /proc)."""
    total = 0
    for member in family(pid):
        try:
            fields = open(f"/proc/{member}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def test_ctrl_c_stops_a_query_at_once(built):
    process = subprocess.Popen(
        command(built, "sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "--timeout", "0"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        # as at a terminal: a shell that started the tests in the background (nohup, CI) passes SIGINT ignored,
        # and Python then leaves Ctrl-C ignored too
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    # Ctrl-C once the query runs: when the process has used more CPU than starting takes (about 0.5 s), not after
    # a fixed wait, which a busy machine can spend still importing
    try:
        deadline = time.monotonic() + 60
        while cpu_seconds(process.pid) < 1.5:
            assert time.monotonic() < deadline and process.poll() is None, "the query never started"
            time.sleep(0.05)
        running = family(process.pid)
        assert len(running) == 2  # the command, and its query's process
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=10)
        assert process.returncode == 130 and b"Interrupted" in stderr
        assert not any(Path(f"/proc/{pid}").exists() for pid in running[1:])  # no runaway query left behind
    finally:
        process.kill()  # a failure must not leave a runaway query eating a core for the rest of the suite


def test_the_engine_never_sees_deep_nesting(built):
    for query, said in (
        ("SELECT * WHERE { FILTER(" + "(" * 12_000 + "1" + ")" * 12_000 + ") }", "nests 12002 levels"),
        ("SELECT * WHERE { ?s ?p " + "[ kgo:p " * 6000 + "1" + " ]" * 6000 + " }", "nests 6001 levels"),  # was 139
        ("SELECT * WHERE { FILTER(" + "+".join(["1"] * 10_000) + " > 0) }", "chains 10003 operators"),
    ):
        result = run(built, "sparql", query)
        assert result.returncode == 2 and said in one_line_error(result.stderr), result.stderr


def test_a_query_past_its_memory_bound_is_stopped_in_one_line(built):
    binds = " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(40))
    query = f'SELECT (STRLEN(?s40) AS ?n) WHERE {{ BIND("aaaaaaaa" AS ?s0) {binds} }}'  # 8 TB, were there no bound
    result = run(built, "sparql", query, "--max-memory-mb", "128", env=os.environ | {"RUST_BACKTRACE": "1"})
    error = one_line_error(result.stderr)
    assert result.returncode == 4 and error.strip().splitlines() == [
        "Error: the query needed more than 128 MB of memory and was stopped (--max-memory-mb)"
    ]


def test_a_character_no_sparql_token_starts_with_is_named(built):
    result = run(built, "sparql", "SELECT * WHERE {\n  ?s ?p ?o % }")
    error = one_line_error(result.stderr)
    assert result.returncode == 2 and "line 2, column 12" in error and "'%'" in error


# files: a byte-order mark, bytes that are not UTF-8, an unknown prefix --------------------------------------------


def test_a_byte_order_mark_is_read_past(built, tmp_path):
    data = tmp_path / "bom.ttl"
    data.write_bytes("\ufeff@prefix ex: <http://example.org/> . ex:a ex:p 1 .\n".encode("utf-8"))
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
        "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["--build-dir", str(built.path), "validate", str(data), "--shapes", str(shapes)])
    assert result.exit_code == 0, result.output


def test_bytes_that_are_not_utf8_are_named_by_line(built, tmp_path):
    data = tmp_path / "latin1.ttl"
    data.write_bytes(b'@prefix ex: <http://example.org/> .\n\nex:a ex:p "Caf\xe9" .\n')
    result = CliRunner().invoke(main, ["--build-dir", str(built.path), "validate", str(data)])
    assert result.exit_code == 2 and f"{data}:3: not UTF-8 at column 15 (byte 0xe9)" in result.stderr


def test_an_unknown_prefix_is_named(built):
    result = CliRunner().invoke(main, ["--build-dir", str(built.path), "sparql", "SELECT * WHERE {\n  ?s foo:bar ?o }"])
    assert result.exit_code == 2 and "line 2" in result.stderr and "unknown prefix foo:" in result.stderr
    assert "u{" not in result.stderr  # not the engine's list of Unicode ranges


# HermiT does not outlive a killed build ---------------------------------------------------------------------------


def _java_children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
                status = (entry / "status").read_text()
            except OSError:
                continue
            parent = next((line.split()[1] for line in status.splitlines() if line.startswith("PPid:")), "")
            if b"HermiT" in cmdline and parent == str(pid):
                found.append(int(entry.name))
    return found


def test_hermit_ends_with_a_killed_build_and_leaves_no_file(project_copy, tmp_path):
    out = tmp_path / "out"
    build = [sys.executable, "-c", "from csto_kg.cli import main; main()"]
    build += ["--root", str(project_copy.root), "--build-dir", str(out), "build", "-q"]
    process = subprocess.Popen(
        build,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    java = []
    while not java and time.monotonic() < deadline and process.poll() is None:
        java = _java_children_of(process.pid)
        time.sleep(0.05)
    assert java, "HermiT never started"
    process.kill()
    process.wait()
    time.sleep(1.0)
    assert not any(
        Path(f"/proc/{pid}").exists() and b"HermiT" in Path(f"/proc/{pid}/cmdline").read_bytes() for pid in java
    )
    left = list((out / "cache" / "hermit").glob("csto-kg-hermit-*.nt"))
    assert left, "expected the killed build's input, to be removed by the next run"
    rerun = subprocess.run(
        build,
        capture_output=True,
        timeout=300,
        cwd=ROOT,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert not list((out / "cache" / "hermit").glob("csto-kg-hermit-*.nt"))


# client errors: one line, exit 2 -----------------------------------------------------------------------------------


def test_an_entity_that_is_no_iri_is_one_line(built, tmp_path):
    for args in (["why", "<a b>"], ["why", "<script>"], ["diagram", "<script>", "-o", str(tmp_path / "d.svg")]):
        result = run(built, *args)
        assert result.returncode == 2 and "no entity" in one_line_error(result.stderr), result.stderr
    assert not (tmp_path / "d.svg").exists()


def test_from_names_the_dataset_on_the_command_line(built):
    ontology = "https://w3id.org/csto-kg/graph/ontology"
    counts = []
    for query in (
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        f"SELECT (COUNT(*) AS ?n) FROM <{ontology}> WHERE {{ ?s ?p ?o }}",
        "SELECT (COUNT(*) AS ?n) FROM <http://nonexistent/> WHERE { ?s ?p ?o }",
    ):
        result = run(built, "sparql", query, "-f", "csv")
        assert result.returncode == 0, result.stderr
        counts.append(int(result.stdout.split()[1]))
    assert counts[0] > counts[1] > counts[2] == 0


def test_xml_rows_are_a_whole_document_or_nothing(built):
    result = run(built, "sparql", 'SELECT ?x WHERE { VALUES ?x { "fine" "a\\u0000b" } }', "-f", "xml")
    assert result.returncode == 2 and "U+0000, which XML 1.0 cannot hold" in one_line_error(result.stderr)
    assert result.stdout == b""  # not half a document


def test_a_deadline_in_a_process_the_command_does_not_own_is_an_error_not_an_exit(monkeypatch):
    """Under a caller that replaced the standard streams (CliRunner, a library user), a query past its deadline is a
    LimitReached with the time limit's exit code; the caller's process lives on (it used to end with os._exit)."""
    import io
    import threading

    import pytest

    from csto_kg.limits import TIMED_OUT, LimitReached, within

    monkeypatch.setattr(sys, "stdout", io.StringIO())
    released = threading.Event()
    with pytest.raises(LimitReached) as raised:
        within(0.05, lambda: released.wait(30), "query slow")
    released.set()
    assert raised.value.exit_code == TIMED_OUT
    assert "query slow ran longer than 0.05 s" in str(raised.value)
