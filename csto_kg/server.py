"""`csto-kg serve`: the graph over HTTP: a SPARQL 1.1 Protocol endpoint, the canned queries as endpoints (with an
OpenAPI description), and a web page to browse and query it. Read-only: updates are refused; every query runs in
a worker process with a time limit and a result-size limit (csto_kg/workers.py); SERVICE is refused unless
enabled; request bodies are bounded; every text from the data is escaped (HTML here; the page's script sets
textContent only). Every asset is served from the package: no CDN.
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox

from . import namespaces as ns
from .catalogue import PARAM_TYPES, load_catalogue
from .errors import KgError
from .output import fact_text
from .remote import keywords
from .workers import GRAPH_FORMATS, RESULT_FORMATS, WorkerPool

WEB = Path(__file__).parent / "web"
STATIC_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".html": "text/html; charset=utf-8"}


@dataclass
class Settings:
    store_path: str
    queries_dir: Path
    sources_dir: Path
    timeout: float = 10.0
    max_result_bytes: int = 20_000_000
    max_body_bytes: int = 1_000_000
    workers: int = 2
    allow_service: bool = False


def negotiate(accept: str, offered: dict[str, str], default: str) -> str | None:
    """The offered media type the Accept header prefers (q-values honoured); the default for */* or none."""
    if not accept.strip():
        return default
    choices = []
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        quality = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    quality = float(f[2:])
                except ValueError:
                    quality = 0.0
        choices.append((-quality, position, fields[0].lower()))
    for quality, _, media in sorted(choices):
        if quality == 0:
            continue
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            return default
    return None


class App:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.pool = WorkerPool(settings.store_path, settings.workers, settings.timeout, settings.max_result_bytes, ns.PREFIXES)
        self.store = ox.Store.read_only(settings.store_path)  # the pages' own, trusted queries
        self.catalogue = load_catalogue(settings.queries_dir)

    def close(self) -> None:
        self.pool.close()

    # --- the SPARQL protocol ---

    def sparql(self, query: str | None, accept: str, substitutions=None) -> tuple[int, str, bytes]:
        if not query:
            return 400, "text/plain; charset=utf-8", b"missing the query parameter (SPARQL 1.1 Protocol: ?query=...)"
        if not self.settings.allow_service and keywords(query) & {"SERVICE"}:
            return 400, "text/plain; charset=utf-8", b"SERVICE (federated query) is disabled on this server"
        rows = negotiate(accept, RESULT_FORMATS, "application/sparql-results+json")
        graph = negotiate(accept, GRAPH_FORMATS, "text/turtle")
        if rows is None and graph is None:
            offered = ", ".join(list(RESULT_FORMATS) + list(GRAPH_FORMATS))
            return 406, "text/plain; charset=utf-8", f"cannot answer in {accept}; offered: {offered}".encode()
        outcome = self.pool.run(query, substitutions, rows or "application/sparql-results+json", graph or "text/turtle")
        if outcome.status == 200 and ((outcome.kind == "graph" and graph is None) or (outcome.kind != "graph" and rows is None)):
            return 406, "text/plain; charset=utf-8", f"the query's result cannot be given as {accept}".encode()
        media = outcome.media_type if outcome.media_type.startswith("text/plain") else outcome.media_type + ("; charset=utf-8" if outcome.media_type.startswith("text/") else "")
        return outcome.status, media, outcome.body

    def canned(self, name: str, params: dict[str, str], accept: str) -> tuple[int, str, bytes]:
        query = self.catalogue.get(name)
        if query is None:
            return 404, "text/plain; charset=utf-8", f"no canned query named {name!r}; see /queries".encode()
        try:
            bindings = query.bindings(params, spelled="?{name}={value}")
        except KgError as exc:
            return 400, "text/plain; charset=utf-8", str(exc).encode()
        return self.sparql(query.text, accept, bindings)

    def catalogue_json(self) -> bytes:
        return json.dumps([{"name": q.name, "title": q.title, "description": q.description,
                            "params": [{"name": p.name, "type": p.type, "default": p.default, "example": p.example,
                                        "description": p.description} for p in q.params]}
                           for q in self.catalogue.values()], ensure_ascii=False).encode()

    def openapi(self) -> bytes:
        formats = {t: {} for t in RESULT_FORMATS}
        paths = {"/sparql": {
            "get": {"summary": "SPARQL 1.1 query (read-only)", "parameters": [
                {"name": "query", "in": "query", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "results", "content": formats | {t: {} for t in GRAPH_FORMATS}},
                              "400": {"description": "bad query"}, "406": {"description": "unsupported Accept"},
                              "413": {"description": "result too large"}, "504": {"description": "time limit"}}},
            "post": {"summary": "SPARQL 1.1 query by POST (form or application/sparql-query)",
                     "requestBody": {"content": {"application/sparql-query": {"schema": {"type": "string"}},
                                                 "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {"query": {"type": "string"}}}}}},
                     "responses": {"200": {"description": "results"}}}}}
        for q in self.catalogue.values():
            paths[f"/queries/{q.name}"] = {"get": {
                "summary": q.title, "description": q.description, "operationId": q.name.replace("-", "_"),
                "parameters": [{"name": p.name, "in": "query", "required": p.default is None,
                                "description": f"{p.description} ({PARAM_TYPES[p.type]})",
                                "schema": {"type": "string", **({"default": p.default} if p.default else {}),
                                           **({"format": "date"} if p.type == "date" else {})},
                                **({"example": p.example} if p.example else {})} for p in q.params],
                "responses": {"200": {"description": "SPARQL results", "content": formats}, "400": {"description": "bad parameter"}}}}
        return json.dumps({"openapi": "3.0.3", "info": {"title": "csto-kg", "version": "0.1.0",
                                                          "description": "The csto-kg knowledge graph: SPARQL endpoint and canned queries."},
                           "paths": paths}, ensure_ascii=False, indent=1).encode()

    # --- pages ---

    def entity_page(self, name: str) -> tuple[int, str, bytes]:
        from .why import explain

        iri = ox.NamedNode(ns.KG + name) if re.fullmatch(r"[\w.-]+", name) else None
        if iri is None or not any(True for _ in self.store.quads_for_pattern(iri, ox.NamedNode(ns.RDF_TYPE), None)):
            return 404, "text/html; charset=utf-8", _page("Not found", f"<p>No entity <code>{html.escape(name)}</code> in the graph.</p>")
        labels = self._labels(iri)
        explanation = explain(self.store, iri, "en")
        links = [q.object.value for q in self.store.quads_for_pattern(iri, ox.NamedNode(ns.OWL_SAME_AS), None)]
        parts = [f'<h1 lang="en">{html.escape(labels.get("en", name))}</h1>',
                 f'<p class="ru" lang="ru">{html.escape(labels.get("ru", ""))}</p>',
                 f'<p><code>{html.escape(ns.curie(iri.value))}</code>']
        for link in links:
            parts.append(f' · Wikidata: <a class="wikidata" href="{html.escape(link)}">{html.escape(link.rsplit("/", 1)[1])}</a>')
        parts.append("</p><h2>Facts and their evidence</h2><table class=\"facts\"><tr><th>subject</th><th>property</th><th>object</th><th>quote</th></tr>")
        spans = []
        seen = set()
        for row in explanation.rows:
            start, end = int(row[5].value), int(row[6].value)
            spans.append((start, end))
            if (tuple(row[1:4]), start) in seen:
                continue
            seen.add((tuple(row[1:4]), start))
            parts.append("<tr>" + "".join(f"<td>{self._cell(t)}</td>" for t in row[1:4]) +
                         f'<td><a href="#q{start}-{end}">[{start}:{end}]</a> «{html.escape(row[4].value)}»</td></tr>')
        parts.append("</table>")
        for source in sorted(set(explanation.sources.values())):
            text = self._source_text(source)
            if text is not None:
                parts.append(f"<h2>The article <code>{html.escape(ns.curie(source))}</code>, with the quotes marked</h2>")
                parts.append(f'<div class="article" lang="ru">{_highlight(text, spans)}</div>')
        return 200, "text/html; charset=utf-8", _page(labels.get("en", name), "".join(parts))

    def _cell(self, term) -> str:
        """A fact's term as HTML: an entity of ours as its English label linking to its page, else its CURIE."""
        if isinstance(term, ox.NamedNode) and term.value.startswith(ns.KG) and "/" not in term.value[len(ns.KG):]:
            label = self._labels(term).get("en")
            curie = ns.curie(term.value)
            return (f'<a href="/entity/{urllib.parse.quote(term.value[len(ns.KG):])}" title="{html.escape(curie)}">'
                    f'{html.escape(label or curie)}</a>')
        return html.escape(fact_text(term))

    def _labels(self, node: ox.NamedNode) -> dict[str, str]:
        """A node's labels by language."""
        return {q.object.language: q.object.value for q in self.store.quads_for_pattern(node, ox.NamedNode(ns.RDFS_LABEL), None)}

    def _source_text(self, source: str) -> str | None:
        path = self.settings.sources_dir / (source.rsplit("/", 1)[1] + ".txt")
        return path.read_text(encoding="utf-8") if path.is_file() else None

    def timeline_svg(self, lang: str) -> bytes:
        from .catalogue import run_select
        from .pictures import timeline_marks, timeline_svg

        query = self.catalogue["timeline"]
        variables, rows = run_select(self.store, query.text, query.bindings({"lang": lang}))
        return timeline_svg(timeline_marks(variables, rows), lang).encode("utf-8")


def _highlight(text: str, spans: list[tuple[int, int]]) -> str:
    """The article with each quoted span in <mark>; offsets count code points, as the evidence does."""
    out, position = [], 0
    for start, end in sorted(set(spans)):
        if start < position:  # overlapping quotes: mark the union
            continue
        out.append(html.escape(text[position:start]))
        out.append(f'<mark id="q{start}-{end}">{html.escape(text[start:end])}</mark>')
        position = end
    out.append(html.escape(text[position:]))
    return "".join(out).replace("\n", "<br>")


def _page(title: str, body: str) -> bytes:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} · csto-kg</title>'
            f'<link rel="stylesheet" href="/static/style.css"></head><body><nav><a href="/">csto-kg</a></nav>'
            f"<main>{body}</main></body></html>").encode("utf-8")


class Handler(BaseHTTPRequestHandler):
    app: App
    server_version = "csto-kg"

    def log_message(self, format, *args):  # noqa: A002 - quiet; errors go to the client
        pass

    def _send(self, status: int, media: str, body: bytes, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        params = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        accept = self.headers.get("Accept", "")
        path = url.path
        if path in ("/", "/index.html"):
            return self._send(200, STATIC_TYPES[".html"], (WEB / "index.html").read_bytes())
        if path.startswith("/static/"):
            name = path.removeprefix("/static/")
            file = WEB / name
            if "/" in name or file.suffix not in STATIC_TYPES or not file.is_file():
                return self._send(404, "text/plain; charset=utf-8", b"not found")
            return self._send(200, STATIC_TYPES[file.suffix], file.read_bytes())
        if path == "/sparql":
            if "update" in params:
                return self._refuse_update()
            return self._send(*self.app.sparql(params.get("query"), accept))
        if path == "/queries":
            return self._send(200, "application/json", self.app.catalogue_json())
        if path.startswith("/queries/"):
            return self._send(*self.app.canned(path.removeprefix("/queries/"), params, accept))
        if path == "/openapi.json":
            return self._send(200, "application/json", self.app.openapi())
        if path.startswith("/entity/"):
            return self._send(*self.app.entity_page(urllib.parse.unquote(path.removeprefix("/entity/"))))
        if path == "/timeline.svg":
            lang = params.get("lang", "en") if params.get("lang") in ("en", "ru") else "en"
            return self._send(200, "image/svg+xml", self.app.timeline_svg(lang))
        return self._send(404, "text/plain; charset=utf-8", b"not found")

    do_HEAD = do_GET

    def do_POST(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/sparql":
            return self._send(405, "text/plain; charset=utf-8", b"POST is accepted at /sparql only", {"Allow": "GET"})
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            return self._send(400, "text/plain; charset=utf-8", b"bad Content-Length")
        if length > self.app.settings.max_body_bytes:
            self.close_connection = True
            return self._send(413, "text/plain; charset=utf-8", f"request body over {self.app.settings.max_body_bytes:,} bytes".encode())
        body = self.rfile.read(length).decode("utf-8", "replace")
        media = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media == "application/sparql-update":
            return self._refuse_update()
        if media == "application/sparql-query":
            query = body
        elif media == "application/x-www-form-urlencoded":
            form = dict(urllib.parse.parse_qsl(body, keep_blank_values=True))
            if "update" in form:
                return self._refuse_update()
            query = form.get("query")
        else:
            return self._send(415, "text/plain; charset=utf-8", b"send application/sparql-query or a form with query=")
        self._send(*self.app.sparql(query, self.headers.get("Accept", "")))

    def _refuse_update(self) -> None:
        self._send(403, "text/plain; charset=utf-8", b"this endpoint is read-only: SPARQL Update is refused")


def make_server(app: App, host: str, port: int) -> ThreadingHTTPServer:
    handler = type("BoundHandler", (Handler,), {"app": app})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server
