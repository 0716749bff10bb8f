"""`csto-kg review SOURCE --page`: the review as a web page, for one person on this machine.

The page shows what the terminal would show next (the sentence with the quote marked, the claim as it will be
written, what the shapes still want) and forms to accept, edit, reject with a reason, skip, undo and add a claim
from words of the text; each form acts on the same Session the terminal drives, so the files written are the same.

It is built to be attacked from the reviewer's own browser and machine:
- it listens on loopback only and answers only requests whose Host is a loopback name with its port (a page of
  another site that rebinds its own name to 127.0.0.1 gets nothing, not even the form's token);
- a form is taken only with the token of the page served, from the page's own origin (`Origin: null`, a sandboxed
  frame, is refused), and with the version of the page it was on: a form posted twice, or from a page out of date,
  does nothing a second time;
- one event loop serves every connection, with a deadline for the request head, the body and the answer: stalled
  clients cost no thread and are dropped (when connections run short, the one that has waited longest for its
  request head goes first, so a flood never keeps the reviewer out); a client that goes away is no error on the
  reviewer's terminal;
- plain HTML forms, every text escaped, no script.
"""

from __future__ import annotations

import asyncio
import html
import http
import ipaddress
import secrets
import socket
import sys
import threading
from urllib.parse import parse_qs, urlsplit

from .. import namespaces as ns
from ..errors import KgError
from .edits import FIELDS
from .review import REVIEWER, Candidate, Session

STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 62em; color: #222; }
mark { background: #ffe58a; padding: 0 .1em; }
.triples { font: 13px ui-monospace, monospace; background: #f6f6f6; padding: .6em; white-space: pre-wrap; }
.error { color: #a00; font-weight: bold; }
.want { color: #8a5a00; }
form { display: inline-block; margin: .3em .6em .3em 0; }
button { font-size: 14px; }
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
HEAD_LIMIT = 16_384  # bytes of request line and headers
BODY_LIMIT = 100_000  # bytes of a form


class ReviewPage:
    """What the page shows and what a posted form does, over one Session."""

    def __init__(self, session: Session):
        self.session = session
        self.token = secrets.token_urlsafe(24)
        self.message = ""

    def render(self) -> str:
        s = self.session
        done, total = s.progress()
        candidate = s.current()
        parts = [
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
            f"<title>Review {html.escape(s.source)}</title><style>{STYLE}</style></head><body>",
            f"<h1>Review of {html.escape(s.source)}</h1>",
            f"<p id='progress'>{done} of {total} decided; {len(s.skipped)} skipped.</p>",
        ]
        if self.message:
            parts.append(f"<p class='error' id='message'>{html.escape(self.message)}</p>")
        if candidate is None:
            parts.append(f"<p id='done'>Nothing left to decide. Claims: {html.escape(s.claims_path.name)}.</p>")
        else:
            parts += self._candidate(candidate)
        parts.append(self._form("undo", "Undo the last decision"))
        parts.append(
            self._form(
                "add",
                "Add a claim",
                fields="<input name='words' placeholder='words of the text, copied' required>"
                "<input name='what' placeholder='kgo:Arrival, or kg:x locatedIn kg:y' required>",
            )
        )
        parts.append("</body></html>")
        return "".join(parts)

    def _candidate(self, c: Candidate) -> list[str]:
        s = self.session
        text = s.text
        start = max(text.rfind("\n", 0, c.start) + 1, c.start - 300)
        end = text.find("\n", c.end)
        end = min(len(text) if end < 0 else end, c.end + 300)
        sentence = (
            html.escape(text[start : c.start])
            + f"<mark id='quote'>{html.escape(text[c.start : c.end])}</mark>"
            + html.escape(text[c.end : end])
        )
        edits = s.pending.get(c.key, [])
        missing = s.missing(c)
        out = [
            f"<h2><span id='position'>{s.position(c)}/{s.progress()[1]}</span> <span id='type'>"
            f"{html.escape(s.kind(c))}</span> <span id='name'>{html.escape(s.name(c))}</span></h2>",
            f"<p>confidence {c.confidence:.2f}: {html.escape(c.reason)}</p>",
            f"<p id='sentence'>{sentence}</p>",
            f"<p>{html.escape(ns.curie(c.iri))}, as it will be written:</p>",
            f"<div class='triples' id='triples'>{html.escape(chr(10).join(s.claim_lines(c)))}</div>",
        ]
        for line in s.new_entity_lines(c):
            out.append(f"<p>{html.escape(line)}</p>")
        if edits:
            items = "".join(f"<li>{html.escape(f)} = {html.escape(v)}</li>" for f, v in edits)
            out.append(f"<ol id='edits'>{items}</ol>")  # numbered: -edit N takes edit N away
        if missing:
            out.append(f"<p class='want' id='missing'>The shapes also want: {html.escape(', '.join(missing))}</p>")
        out.append(self._form("accept", "Accept", key=c.key))
        out.append(
            self._form("reject", "Reject", key=c.key, fields="<input name='reason' placeholder='reason' required>")
        )
        out.append(self._form("skip", "Skip", key=c.key))
        options = "".join(f"<option>{html.escape(f)}</option>" for f in FIELDS)
        for iri, lang in s.missing_labels(c):
            options += f"<option>{html.escape(f'{iri} label@{lang}')}</option>"
        out.append(
            self._form(
                "edit",
                "Edit",
                key=c.key,
                fields=f"<select name='field'>{options}</select><input name='value' placeholder='value'>",
            )
        )
        return out

    def _form(self, action: str, label: str, key: str = "", fields: str = "") -> str:
        return (
            f"<form method='post' action='/decide' id='form-{action}'>"
            f"<input type='hidden' name='token' value='{self.token}'>"
            f"<input type='hidden' name='version' value='{self.session.version}'>"
            f"<input type='hidden' name='action' value='{action}'>"
            f"<input type='hidden' name='key' value='{html.escape(key)}'>{fields}"
            f"<button type='submit' id='{action}'>{html.escape(label)}</button></form>"
        )

    def act(self, form: dict[str, str]) -> None:
        """Apply one posted form, once: a refusal is shown on the page, never a half-applied decision."""
        s = self.session
        action, key = form.get("action", ""), form.get("key", "")
        self.message = ""
        if form.get("version") != str(s.version):
            self.message = "the page was out of date (a form sent twice, or another tab): nothing was done"
            return
        try:
            if action == "undo":
                last = s.undo()
                self.message = "" if last else "nothing to undo"
            elif action == "add":
                s.add(form.get("words", ""), form.get("what", ""))
            else:
                candidate = s.by_key(key)
                if action == "accept":
                    s.decide(candidate, "accepted")
                elif action == "reject":
                    s.decide(candidate, "rejected", reason=form.get("reason", ""))
                elif action == "skip":
                    s.skip(candidate)
                elif action == "edit":
                    s.edit(candidate, form.get("field", ""), form.get("value", ""))
                else:
                    raise KgError(f"unknown action '{action}'")
        except KgError as exc:
            self.message = str(exc)


class ReviewServer:
    """The page's server: one asyncio loop on a loopback socket, with deadlines for every connection."""

    def __init__(
        self,
        session: Session,
        host: str,
        port: int,
        *,
        head_seconds: float = 10.0,
        body_seconds: float = 10.0,
        max_clients: int = 64,
        log=None,
    ):
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if not loopback:
            raise KgError(f"--host {host}: the review page listens on loopback only (127.0.0.1 or ::1)")
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.socket = socket.socket(family, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self.socket.bind((host, port))
            self.socket.listen(128)
        except OSError as exc:
            self.socket.close()
            raise KgError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
        self.socket.setblocking(False)
        self.port = self.socket.getsockname()[1]
        shown = f"[{host}]" if ":" in host else host
        self.url = f"http://{shown}:{self.port}/"
        self.hosts = {f"{name}:{self.port}" for name in ("127.0.0.1", "localhost", "[::1]")}
        self.origins = {f"http://{h}" for h in self.hosts}
        self.page = ReviewPage(session)
        self.head_seconds, self.body_seconds, self.max_clients = head_seconds, body_seconds, max_clients
        self.clients = 0
        self.heads: dict[asyncio.StreamWriter, None] = {}  # connections still sending their head, oldest first
        self.log = log or (lambda line: print(line, file=sys.stderr))
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready, self._done = threading.Event(), threading.Event()

    # --- running ------------------------------------------------------------------------------------------------

    def serve_forever(self) -> None:
        try:
            asyncio.run(self._serve())
        finally:
            self._ready.set()
            self._done.set()

    async def _serve(self) -> None:
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        self._loop.set_exception_handler(self._loop_error)
        server = await asyncio.start_server(self._client, sock=self.socket, limit=HEAD_LIMIT)
        self._ready.set()
        async with server:
            await self._stop.wait()

    def _loop_error(self, loop, context: dict) -> None:
        """What asyncio would print with a traceback (no file handles left to accept with, say): one line."""
        error = context.get("exception")
        self.log(f"review page: {context.get('message', '')}" + (f": {error}" if error else ""))

    def shutdown(self) -> None:
        """Stop serving, from another thread; returns once the loop has ended."""
        self._ready.wait()
        if self._loop is not None and self._stop is not None and not self._done.is_set():
            self._loop.call_soon_threadsafe(self._stop.set)
            self._done.wait()

    def server_close(self) -> None:
        self.socket.close()

    # --- one connection -----------------------------------------------------------------------------------------

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.clients >= self.max_clients:
            if not self.heads:
                writer.transport.abort()
                return
            oldest = next(iter(self.heads))  # a slow client makes room for a new one, not the other way round
            self.heads.pop(oldest)
            oldest.transport.abort()
        self.clients += 1
        self.heads[writer] = None
        try:
            answer = await self._answer(reader, writer)
            if answer is not None:
                writer.write(answer)
                await asyncio.wait_for(writer.drain(), self.body_seconds)
        except (ConnectionError, TimeoutError, asyncio.TimeoutError, asyncio.IncompleteReadError):
            pass  # the client went away or stalled: nothing to tell the reviewer
        except Exception as exc:  # a bug of ours: one line, the page keeps serving
            self.log(f"review page: {type(exc).__name__}: {exc}")
        finally:
            self.clients -= 1
            self.heads.pop(writer, None)
            writer.close()

    async def _answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bytes | None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), self.head_seconds)
        except asyncio.LimitOverrunError:
            return self._response(431, "<p>request head too large</p>")
        except asyncio.IncompleteReadError:
            return None
        finally:
            self.heads.pop(writer, None)
        lines = head.decode("latin-1").split("\r\n")
        request = lines[0].split(" ")
        if len(request) != 3 or not request[2].startswith("HTTP/1."):
            return self._response(400, "<p>not an HTTP/1 request</p>")
        method, target = request[0], request[1]
        headers: dict[str, str] = {}
        for line in lines[1:]:
            if not line:
                continue
            name, sep, value = line.partition(":")
            if not sep or not name or name != name.strip():
                return self._response(400, "<p>malformed header</p>")
            name = name.lower()
            if name in headers and name in ("host", "origin", "content-length"):
                return self._response(400, f"<p>two {html.escape(name)} headers</p>")
            headers[name] = value.strip()
        if headers.get("host", "").lower() not in self.hosts:
            # DNS rebinding: another site's name pointed at 127.0.0.1 reaches us with its own Host
            return self._response(421, "<p>this page answers only at its loopback address</p>")
        path = urlsplit(target).path
        if method == "GET" and path == "/":
            return self._response(200, self.page.render())
        if path not in ("/", "/decide"):
            return self._response(404, "<p>not found</p>")
        if method != "POST" or path != "/decide":
            return self._response(405, "<p>method not allowed</p>", {"Allow": "GET" if path == "/" else "POST"})
        origin = headers.get("origin")
        if origin is not None and origin not in self.origins:  # includes "null": a sandboxed frame or a file
            return self._response(403, "<p>forms are taken from this page only</p>")
        if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            return self._response(403, "<p>forms are taken from this page only</p>")
        if "transfer-encoding" in headers:
            return self._response(400, "<p>send the form with a Content-Length</p>")
        length = headers.get("content-length", "0")
        if not length.isdigit():
            return self._response(400, "<p>bad Content-Length</p>")
        if int(length) > BODY_LIMIT:
            return self._response(413, "<p>form too large</p>")
        body = await asyncio.wait_for(reader.readexactly(int(length)), self.body_seconds)
        try:
            fields = parse_qs(body.decode("utf-8", "replace"), max_num_fields=20)
        except ValueError:
            return self._response(400, "<p>too many form fields</p>")
        form = {k: v[0] for k, v in fields.items()}
        if not secrets.compare_digest(form.get("token", "").encode(), self.page.token.encode()):
            return self._response(403, "<p>stale or foreign form: reload the page</p>")
        self.page.act(form)
        return self._response(303, "", {"Location": "/"})

    def _response(self, status: int, body: str, headers: dict | None = None) -> bytes:
        data = body.encode("utf-8")
        head = [
            f"HTTP/1.1 {status} {http.HTTPStatus(status).phrase}",
            "Content-Type: text/html; charset=utf-8",
            f"Content-Security-Policy: {CSP}",
            "X-Content-Type-Options: nosniff",
            "Cache-Control: no-store",
            "Connection: close",
            f"Content-Length: {len(data)}",
            *(f"{k}: {v}" for k, v in (headers or {}).items()),
        ]
        return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + data


def make_review_server(session: Session, host: str, port: int, **options) -> tuple[ReviewServer, str]:
    """The page's server, bound (loopback only) but not yet serving, and its URL."""
    server = ReviewServer(session, host, port, **options)
    session.lock.describe(f"reviewer {session.reviewer.removeprefix(REVIEWER)} on the page {server.url}")
    return server, server.url


def serve_review(session: Session, host: str, port: int, listening) -> None:
    server, url = make_review_server(session, host, port)
    listening(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
