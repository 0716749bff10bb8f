"""`csto-kg serve --review SOURCE`: the review as a web page, for one person on this machine.

The page shows the candidate the terminal would show next (its sentence with the quote marked, its triples, what the
shapes still want) and forms to accept, edit, reject with a reason, skip and undo; each form posts to the same
Session the terminal drives, so the files written are the same. It listens on loopback only and takes a form only
with the token of the page it served (another site open in the same browser cannot post decisions) and from its own
origin. Plain HTML forms: no script runs on the page.
"""

from __future__ import annotations

import html
import http.server
import ipaddress
import secrets
import socket
import threading
from urllib.parse import parse_qs, urlsplit

from . import namespaces as ns
from .errors import KgError
from .review import EDITABLE, Candidate, Session, check_edit, triple_lines

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


class ReviewPage:
    """State of one review over HTTP: the session, what was skipped and the edits not yet accepted."""

    def __init__(self, session: Session):
        self.session = session
        self.token = secrets.token_urlsafe(24)
        self.skipped: set[str] = set()
        self.edits: dict[str, list[tuple[str, str]]] = {}
        self.message = ""
        self.lock = threading.Lock()

    def current(self) -> Candidate | None:
        queue = [c for c in self.session.undecided() if c.key not in self.skipped]
        return queue[0] if queue else None

    def render(self) -> str:
        s = self.session
        done, total = s.progress()
        candidate = self.current()
        parts = [
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
            f"<title>Review {html.escape(s.source)}</title><style>{STYLE}</style></head><body>",
            f"<h1>Review of {html.escape(s.source)}</h1>",
            f"<p id='progress'>{done} of {total} decided; {len(self.skipped)} skipped.</p>",
        ]
        if self.message:
            parts.append(f"<p class='error' id='message'>{html.escape(self.message)}</p>")
        if candidate is None:
            parts.append(f"<p id='done'>Nothing left to decide. Claims: {html.escape(str(s.claims_path.name))}.</p>")
        else:
            parts += self._candidate(candidate)
        parts.append(self._form("undo", "Undo the last decision"))
        parts.append("</body></html>")
        return "".join(parts)

    def _candidate(self, c: Candidate) -> list[str]:
        text = self.session.text
        start = max(text.rfind("\n", 0, c.start) + 1, c.start - 300)
        end = text.find("\n", c.end)
        end = min(len(text) if end < 0 else end, c.end + 300)
        sentence = (
            html.escape(text[start : c.start])
            + f"<mark id='quote'>{html.escape(text[c.start : c.end])}</mark>"
            + html.escape(text[c.end : end])
        )
        lines = triple_lines(c)
        edits = self.edits.get(c.key, [])
        missing = self.session.missing(c, edits)
        out = [
            f"<h2 id='type'>{html.escape(c.event_type)}</h2>",
            f"<p>confidence {c.confidence:.2f}: {html.escape(c.reason)}</p>",
            f"<p id='sentence'>{sentence}</p>",
            f"<div class='triples' id='triples'>{html.escape(chr(10).join(lines))}</div>",
        ]
        for iri, entity in c.new_entities.items():
            out.append(f"<p>new entity {html.escape(ns.curie(iri))}: «{html.escape(entity['label'].value)}»</p>")
        if edits:
            items = "".join(f"<li>{html.escape(f)} = {html.escape(v)}</li>" for f, v in edits)
            out.append(f"<ul id='edits'>{items}</ul>")
        if missing:
            out.append(f"<p class='want' id='missing'>The shapes also want: {html.escape(', '.join(missing))}</p>")
        out.append(self._form("accept", "Accept", key=c.key))
        out.append(
            self._form("reject", "Reject", key=c.key, fields="<input name='reason' placeholder='reason' required>")
        )
        out.append(self._form("skip", "Skip", key=c.key))
        options = "".join(f"<option>{html.escape(f)}</option>" for f in EDITABLE)
        for iri, lang in self.session.missing_labels(c, edits):
            options += f"<option>{html.escape(f'{iri} label@{lang}')}</option>"
        out.append(
            self._form(
                "edit",
                "Edit",
                key=c.key,
                fields=f"<select name='field'>{options}</select><input name='value' placeholder='value' required>",
            )
        )
        return out

    def _form(self, action: str, label: str, key: str = "", fields: str = "") -> str:
        return (
            f"<form method='post' action='/decide' id='form-{action}'>"
            f"<input type='hidden' name='token' value='{self.token}'>"
            f"<input type='hidden' name='action' value='{action}'>"
            f"<input type='hidden' name='key' value='{html.escape(key)}'>{fields}"
            f"<button type='submit' id='{action}'>{html.escape(label)}</button></form>"
        )

    def act(self, form: dict[str, str]) -> None:
        """Apply one posted form; a refusal is shown on the page, never a half-applied decision."""
        action, key = form.get("action", ""), form.get("key", "")
        self.message = ""
        try:
            if action == "undo":
                last = self.session.undo()
                if last:
                    self.skipped.discard(last.key)
                self.message = "" if last else "nothing to undo"
                return
            candidate = self.session.by_key(key)
            if candidate.key in self.session.decisions.decided():
                raise KgError("already decided (the page was out of date)")
            if action == "accept":
                self.session.decide(candidate, "accepted", edits=self.edits.get(key, []))
            elif action == "reject":
                self.session.decide(candidate, "rejected", reason=form.get("reason", ""))
            elif action == "skip":
                self.skipped.add(key)
            elif action == "edit":
                field_name, value = form.get("field", ""), form.get("value", "")
                check_edit(field_name, value, candidate, self.session.text)
                self.edits.setdefault(key, []).append((field_name, value))
            else:
                raise KgError(f"unknown action '{action}'")
        except KgError as exc:
            self.message = str(exc)


def make_handler(page: ReviewPage, origin: str):
    port = origin.rsplit(":", 1)[1]
    origins = {None, "null", origin, f"http://localhost:{port}"}  # the page opened by either name

    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "csto-kg-review"

        def log_message(self, *args):  # the terminal is the reviewer's, not a log
            pass

        def _send(self, status: int, body: str = "", headers: dict | None = None) -> None:
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Security-Policy", CSP)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Cache-Control", "no-store")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if urlsplit(self.path).path != "/":
                return self._send(404, "<p>not found</p>")
            with page.lock:
                body = page.render()
            self._send(200, body)

        def do_POST(self):
            if urlsplit(self.path).path != "/decide":
                return self._send(404, "<p>not found</p>")
            sent_from = self.headers.get("Origin")
            if sent_from not in origins:
                return self._send(403, "<p>forms are taken from this page only</p>")
            try:
                length = int(self.headers.get("Content-Length", "0"))
            except ValueError:
                length = -1
            if not 0 <= length <= 100_000:
                return self._send(413, "<p>form too large</p>")
            fields = parse_qs(self.rfile.read(length).decode("utf-8", "replace"))
            form = {k: v[0] for k, v in fields.items()}
            if not secrets.compare_digest(form.get("token", ""), page.token):
                return self._send(403, "<p>stale or foreign form: reload the page</p>")
            with page.lock:
                page.act(form)
            self._send(303, "", {"Location": "/"})

    return Handler


def make_review_server(session: Session, host: str, port: int) -> tuple[http.server.ThreadingHTTPServer, str]:
    """The page's server, bound (loopback only) but not yet serving, and its URL."""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        raise KgError(f"--host {host}: the review page listens on loopback only (127.0.0.1 or ::1)")
    server_class = http.server.ThreadingHTTPServer
    if ":" in host:
        server_class = type("V6Server", (http.server.ThreadingHTTPServer,), {"address_family": socket.AF_INET6})
    try:
        server = server_class((host, port), None)
    except OSError as exc:
        raise KgError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    url = f"http://{'[' + host + ']' if ':' in host else host}:{server.server_address[1]}"
    server.RequestHandlerClass = make_handler(ReviewPage(session), url)
    return server, url + "/"


def serve_review(session: Session, host: str, port: int, listening) -> None:
    server, url = make_review_server(session, host, port)
    listening(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
