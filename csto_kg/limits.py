"""A command's query under a time limit and Ctrl-C. The query runs in a thread (pyoxigraph releases the GIL while
it evaluates) and writes its rows as they come; the main thread waits for it, for the deadline or for Ctrl-C.
The engine cannot be stopped once it runs, so either of the last two ends the process at once, with a message:
what was printed stays printed, and nothing holds the terminal.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback

TIMED_OUT = 3  # the exit code of a time limit, as of a service that did not answer in time
INTERRUPTED = 130  # the shell's code for Ctrl-C


def within(seconds: float | None, work, what: str = "the query"):
    """Run `work()`; return its result or raise its error. After `seconds` (None or 0: no limit), or on Ctrl-C,
    end the process."""
    outcome: dict = {}

    def target():
        try:
            outcome["result"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread, which raises it
            # the frames' locals go now, in this thread: pyoxigraph's results may only be dropped where they were made
            traceback.clear_frames(exc.__traceback__)
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="query", daemon=True)
    deadline = time.monotonic() + seconds if seconds else None
    try:
        thread.start()  # inside: a Ctrl-C the moment the query starts must not leave it running at exit
        while thread.is_alive():
            thread.join(0.05 if deadline is None else max(0.0, min(0.05, deadline - time.monotonic())))
            if deadline is not None and time.monotonic() >= deadline and thread.is_alive():
                _end(
                    TIMED_OUT,
                    f"Error: {what} ran longer than {seconds:g} s and was stopped (--timeout; 0 for no limit)",
                )
    except KeyboardInterrupt:
        _end(INTERRUPTED, f"Interrupted: {what} was stopped")
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("result")


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
