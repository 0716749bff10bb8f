"""Limits on what a query may take, and the walls around the engine:

- time and Ctrl-C: a command's query runs in a thread (pyoxigraph releases the GIL while it evaluates) and writes
  its rows as they come; the engine cannot be stopped once it runs, so a deadline or Ctrl-C ends the process at
  once, with a message: what was printed stays printed, and nothing holds the terminal;
- memory: with a bound, the command's query runs in a child process whose data may grow at most that much
  (RLIMIT_DATA); past it the engine's allocation fails and the child ends, and the parent says so in one line;
- the stack: queries run on a thread with a large stack, so that what the screen lets through (sparql_text's
  bounds on nesting and chains) is far from overflowing the engine's recursive parser and evaluator;
- the network: the server's query workers live in a network namespace of their own, with no interface at all
  (not even loopback), so the engine cannot open a connection, whatever a query asks (SERVICE).
"""

from __future__ import annotations

import errno
import os
import select
import signal
import socket
import sys
import threading
import time
import traceback

from .errors import KgError

TIMED_OUT = 3  # the exit code of a time limit, as of a service that did not answer in time
OUT_OF_MEMORY = 4  # the exit code of a query that needed more memory than its bound
INTERRUPTED = 130  # the shell's code for Ctrl-C
QUERY_STACK = 256 << 20  # bytes of stack for a query's thread (address space; only what is used is memory)
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
# how the engine says an allocation failed before it aborts: Rust's handler, and C++'s (RocksDB) for a failed
# allocation or a thread it could not start
ALLOCATION_FAILED = (b"memory allocation of ", b"terminate called after throwing")


def within(seconds: float | None, work, what: str = "the query", memory_mb: int | None = None):
    """Run `work()`; return its result or raise its error. After `seconds` (None or 0: no limit), or on Ctrl-C,
    end the process. With `memory_mb`, `work` runs in a child process whose memory is bounded (see the module's
    doc): this function returns (or raises) in the child, which finishes the command; the parent waits for it and
    exits with its code. The bound needs a process of its own: in a caller that has replaced the standard streams
    (a test's CliRunner, a program using the commands as a library) there is none."""
    own_process = sys.stdout is sys.__stdout__ and sys.stderr is sys.__stderr__
    if memory_mb and own_process:
        _supervise(seconds, memory_mb, what)  # from here on, this is the child
        seconds = None  # the parent keeps the deadline
    # Ending the process is the command's answer to a deadline or Ctrl-C; a caller that replaced the standard streams
    # (a test's CliRunner, a program using the commands as a library) gets an error instead: its process lives on.
    end = _end if own_process else _raise
    outcome: dict = {}

    def target():
        try:
            outcome["result"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread, which raises it
            # the frames' locals go now, in this thread: pyoxigraph's results may only be dropped where they were made
            traceback.clear_frames(exc.__traceback__)
            outcome["error"] = exc

    thread = on_large_stack(target, "query")
    deadline = time.monotonic() + seconds if seconds else None
    try:
        thread.start()  # inside: a Ctrl-C the moment the query starts must not leave it running at exit
        while thread.is_alive():
            thread.join(0.05 if deadline is None else max(0.0, min(0.05, deadline - time.monotonic())))
            if deadline is not None and time.monotonic() >= deadline and thread.is_alive():
                end(TIMED_OUT, _timed_out(what, seconds))
    except KeyboardInterrupt:
        end(INTERRUPTED, f"Interrupted: {what} was stopped")
    if "error" in outcome:
        error = outcome["error"]
        if isinstance(error, MemoryError) and memory_mb:
            end(OUT_OF_MEMORY, _out_of_memory(what, memory_mb))
        raise error
    return outcome.get("result")


def on_large_stack(target, name: str) -> threading.Thread:
    """A thread (not started) that runs `target` with QUERY_STACK bytes of stack."""
    previous = threading.stack_size(QUERY_STACK)
    try:
        return threading.Thread(target=target, name=name, daemon=True)
    finally:
        threading.stack_size(previous)


def _timed_out(what: str, seconds: float) -> str:
    return f"Error: {what} ran longer than {seconds:g} s and was stopped (--timeout; 0 for no limit)"


def _out_of_memory(what: str, memory_mb: int) -> str:
    return f"Error: {what} needed more than {memory_mb:,} MB of memory and was stopped (--max-memory-mb)"


def bound_memory(extra_bytes: int) -> None:
    """Let this process's data (heap and private mappings) grow at most `extra_bytes` beyond what it holds now."""
    import resource

    held = 0
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmData:"):
                held = int(line.split()[1]) * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    wanted = held + extra_bytes
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (wanted, hard))


def _supervise(seconds: float | None, memory_mb: int, what: str) -> None:
    """Fork: the child returns (its memory bounded, its standard error read by the parent); the parent never does.
    It ends the child at the deadline or on Ctrl-C, and turns the engine's failed allocation into one line."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    reader, writer = os.pipe()
    parent = os.getpid()
    child = os.fork()
    if child == 0:
        die_with_parent()
        if os.getppid() != parent:  # it died before the line above
            os._exit(INTERRUPTED)
        os.close(reader)
        os.dup2(writer, 2)
        os.close(writer)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it ends this process
        bound_memory(memory_mb << 20)
        return
    os.close(writer)
    deadline = time.monotonic() + seconds if seconds else None
    said_memory, pending, listening = False, b"", True
    try:
        while True:
            wait = 0.05 if deadline is None else max(0.0, min(0.05, deadline - time.monotonic()))
            if not listening:
                time.sleep(wait)
            elif select.select([reader], [], [], wait)[0]:
                data = os.read(reader, 65536)
                listening = bool(data)
                lines = (pending + data).split(b"\n")
                pending = lines.pop()
                for line in lines:
                    said_memory = said_memory or line.startswith(ALLOCATION_FAILED)
                    if not said_memory:  # after it, only the engine's backtrace: the one line below says it all
                        _write_error(line + b"\n")
            done, status = os.waitpid(child, os.WNOHANG)
            if done:
                break
            if deadline is not None and time.monotonic() >= deadline:
                os.kill(child, signal.SIGKILL)
                os.waitpid(child, 0)
                _end(TIMED_OUT, _timed_out(what, seconds))
    except KeyboardInterrupt:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        _end(INTERRUPTED, f"Interrupted: {what} was stopped")
    while data := os.read(reader, 65536):  # what the child said last
        pending += data
    for line in pending.split(b"\n"):
        said_memory = said_memory or line.startswith(ALLOCATION_FAILED)
        if line and not said_memory:
            _write_error(line + b"\n")
    code = os.waitstatus_to_exitcode(status)
    if code == -signal.SIGABRT and said_memory:
        _end(OUT_OF_MEMORY, _out_of_memory(what, memory_mb))
    if code < 0:
        _end(128 - code, f"Error: {what} ended with signal {-code} ({signal.Signals(-code).name})")
    os._exit(code)


def die_with_parent() -> None:
    """The kernel ends this (child) process when its parent ends, even by SIGKILL, which no cleanup code of the
    parent sees: a query or a reasoner is never left running on its own. Linux only; elsewhere, nothing."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _write_error(data: bytes) -> None:
    try:
        os.write(2, data)
    except OSError:
        pass


class LimitReached(KgError):
    """A deadline, Ctrl-C or a memory bound, in a process the command does not own: the query's thread is left to
    finish on its own (the engine cannot be stopped), its answer dropped."""

    def __init__(self, code: int, message: str):
        super().__init__(message.removeprefix("Error: "))
        self.exit_code = code


def _raise(code: int, message: str) -> None:
    raise LimitReached(code, message)


def _end(code: int, message: str) -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    try:
        sys.stderr.write(("\n" if code == INTERRUPTED else "") + message + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)


def isolate_network() -> str | None:
    """Put this process (single-threaded) in a new network namespace with no interface, and check that it can
    reach nothing, not even loopback; None when done, else why it could not be (one line)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    tried = []
    for flags, how in ((CLONE_NEWNET, "as root"), (CLONE_NEWUSER | CLONE_NEWNET, "in a user namespace")):
        if libc.unshare(flags) == 0:
            break
        tried.append(f"{how}: {os.strerror(ctypes.get_errno())}")
    else:
        return "cannot give the query workers a network namespace without interfaces (" + "; ".join(tried) + ")"
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        probe.settimeout(1)
        probe.connect(("127.0.0.1", 9))
    except OSError as exc:
        if exc.errno == errno.ENETUNREACH:
            return None
        return f"the query workers' network namespace still reaches 127.0.0.1 ({exc.strerror})"
    finally:
        probe.close()
    return "the query workers' network namespace still reaches 127.0.0.1"


def network_wall_problem() -> str | None:
    """Whether this machine lets a process give itself an empty network namespace (see isolate_network), asked
    of a child process, so that `serve` can refuse to start, in one line, before it listens."""
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(reader)
        problem = isolate_network()
        os.write(writer, (problem or "").encode())
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as said:
        problem = said.read().decode()
    os.waitpid(child, 0)
    return problem or None
