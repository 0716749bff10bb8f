"""`csto-kg serve`: the graph over HTTP. A SPARQL 1.1 Protocol endpoint (read-only), the canned queries as
endpoints with an OpenAPI description, the graph's own IRIs served as Linked Data (/id/tokayev: HTML for a
browser, RDF for an RDF client), a search by label, and a web page with a query editor.

An ASGI application run by uvicorn (uvloop, httptools: HTTP/1.1 with keep-alive, a large listen backlog). Every
query and every page runs in a worker process with one deadline per request and a result-size limit (see
`workers`). Before a query reaches the engine a worker reads it with SPARQL's grammar: updates are refused (403),
SERVICE unless enabled, and nesting deeper than a bound (the engine's parser recurses); behind that screen the
workers have no network at all. The HTTP protocol is uvicorn's with limits around it (see GuardedProtocol): the
request head has a size bound (431) and a deadline, as has the body; an idle connection is closed; stalled
connections beyond a bound make room for new ones. Every asset is served from the package: no CDN.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import functools
import json
import pickle
import re
import socket
import struct
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from .. import namespaces as ns
from ..catalogue import PARAM_TYPES, Given, load_catalogue
from ..errors import KgError
from ..formats import PLAIN_TEXT as TEXT
from ..formats import media_types, negotiate
from .pages import RESOURCE_PATHS
from .results import Guards
from .workers import Outcome, Pool, WorkerLimits

WEB = Path(__file__).parent / "web"
STATIC_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".svg": "image/svg+xml",
}
CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'"
LANGS = ("en", "ru")
HOST = re.compile(r"(?:[A-Za-z0-9._~!$&'()*+,;=%-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")


@dataclass
class ServerSettings:
    store_path: str
    queries_dir: Path
    sources_dir: Path
    build_dir: Path | None = None  # watched: a new build there is served at once, by every worker
    timeout: float = 10.0
    max_result_bytes: int = 20_000_000
    max_body_bytes: int = 1_000_000
    workers: int = 2
    max_workers: int = 64
    queue: int = 256
    allow_service: bool = False  # SERVICE passes the screen, and the workers keep the machine's network
    network_wall: bool = True  # False: the workers share the machine's network (where no namespace can be made)
    cors: str | None = None
    max_nesting: int = 100
    max_elements: int = 2000
    max_memory_mb: int = 512  # what one query may take in its worker (0: no bound)
    cache_bytes: int = 64_000_000  # answers kept per build (0: none); a build never changes, so neither do they
    client_timeout: float = 10.0  # seconds a client may take for its request's head, or stall reading an answer
    max_head_bytes: int = 65_536  # request line and headers together; beyond, 431
    max_connections: int = 2048  # connections at once; beyond, the one waiting longest for its request is closed
    store_name: str = "store"  # which store of a new build: "checked" for csto-kg --checked-only serve


def wants_html(accept: str) -> bool:
    """A browser: text/html preferred to every RDF and results type."""
    offered = {"text/html": None} | media_types("graph") | media_types("rows")
    return negotiate(accept, offered, "") == "text/html"


def wants_rdf(accept: str) -> bool:
    """An RDF client: it names an RDF syntax, preferred to HTML (no Accept, or */*, is a page)."""
    offered = {"text/html": None} | media_types("graph")
    return negotiate(accept, offered, "text/html") not in ("text/html", None)


class Answers:
    """Answers kept for the build being served, least recently used out first, within a byte budget: a build
    never changes, so an answer holds until the next build (a new generation empties it)."""

    def __init__(self, budget: int, largest: int = 1_000_000):
        self.budget, self.largest, self.size = budget, largest, 0
        self.kept: collections.OrderedDict[bytes, Outcome] = collections.OrderedDict()
        self.generation = 0
        self.hits = self.misses = 0

    def key(self, generation: int, job: tuple) -> bytes | None:
        if not self.budget:
            return None
        if generation != self.generation:
            self.kept.clear()
            self.size, self.generation = 0, generation
        return pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)

    def get(self, key: bytes | None) -> Outcome | None:
        found = self.kept.get(key) if key is not None else None
        if found is not None:
            self.kept.move_to_end(key)
            self.hits += 1
            return Outcome(found.status, found.media_type, found.body, dict(found.headers))
        self.misses += 1
        return None

    def put(self, key: bytes | None, outcome: Outcome) -> None:
        if key is None or outcome.status != 200 or len(outcome.body) > self.largest or key in self.kept:
            return
        self.kept[key] = outcome
        self.size += len(outcome.body) + len(key)
        while self.size > self.budget and self.kept:
            old_key, old = self.kept.popitem(last=False)
            self.size -= len(old.body) + len(old_key)


class App:
    """The ASGI application."""

    def __init__(self, settings: ServerSettings):
        self.settings = settings
        self.catalogue = load_catalogue(settings.queries_dir)
        self.pool = Pool(
            settings.store_path,
            str(settings.queries_dir),
            str(settings.sources_dir),
            workers=settings.workers,
            max_workers=settings.max_workers,
            queue=settings.queue,
            timeout=settings.timeout,
            limit=settings.max_result_bytes,
            prefixes=ns.PREFIXES,
            limits=WorkerLimits(
                Guards(settings.allow_service, settings.max_nesting, settings.max_elements),
                settings.max_memory_mb << 20,
                network=settings.allow_service or not settings.network_wall,
            ),
        )
        self.static = {p.name: p.read_bytes() for p in WEB.iterdir() if p.suffix in STATIC_TYPES}
        self.answers = Answers(settings.cache_bytes)
        self.on_ready = None
        self.serving = Path(settings.store_path).resolve()

    # --- lifespan ---

    async def startup(self) -> None:
        await self.pool.start()
        if self.settings.build_dir is not None:
            asyncio.get_running_loop().create_task(self._watch_builds())
        if self.on_ready:
            self.on_ready()

    async def _watch_builds(self) -> None:
        """A new build (build/current now points elsewhere) is served by every worker from the next request on."""
        current = self.settings.build_dir / "current"
        while True:
            await asyncio.sleep(1)
            store = (current / self.settings.store_name).resolve()
            if store != self.serving and store.is_dir():
                self.serving = store
                self.pool.switch(str(store))

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    try:
                        await self.startup()
                    except Exception as exc:  # noqa: BLE001 - uvicorn reports it and exits
                        await send({"type": "lifespan.startup.failed", "message": str(exc)})
                        return
                    await send({"type": "lifespan.startup.complete"})
                else:
                    self.pool.close()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        request = Request(scope, receive, asyncio.get_running_loop().time())
        try:
            outcome = await self.route(request)
        except KgError as exc:
            outcome = Outcome(400, TEXT, str(exc).encode())
        await self.respond(request, send, outcome)
        request.done()

    async def respond(self, request: "Request", send, outcome: Outcome) -> None:
        if outcome.status == 499:  # the client left: nobody to answer
            return
        headers = [
            (b"content-type", outcome.media_type.encode()),
            (b"content-length", str(len(outcome.body)).encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"content-security-policy", CSP.encode()),
            (b"server", f"csto-kg/{__version__}".encode()),
        ]
        for key, value in outcome.headers.items():
            headers.append((key.lower().encode(), str(value).encode()))
        if self.settings.cors:
            headers.append((b"access-control-allow-origin", self.settings.cors.encode()))
            if self.settings.cors != "*":
                headers.append((b"vary", b"Origin"))
        await send({"type": "http.response.start", "status": outcome.status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if request.method == "HEAD" else outcome.body})

    # --- routing ---

    async def route(self, request: "Request") -> Outcome:
        path, method = request.path, request.method
        if not request.host_is_valid():
            return Outcome(400, TEXT, b"bad Host header: give one host name or address, with a port or none")
        if method == "OPTIONS":
            return self.options()
        if path == "/sparql":
            if method not in ("GET", "HEAD", "POST"):
                return _not_allowed("GET, HEAD, POST, OPTIONS")
            return await self.sparql_request(request)
        if method not in ("GET", "HEAD"):
            return _not_allowed("GET, HEAD, OPTIONS")
        lang = request.lang()
        if path in ("/", "/index.html"):
            return Outcome(200, STATIC_TYPES[".html"], self.static["index.html"])
        if path.startswith("/static/"):
            name = path.removeprefix("/static/")
            if "/" in name or name not in self.static:
                return Outcome(404, TEXT, b"not found")
            return Outcome(200, STATIC_TYPES[Path(name).suffix], self.static[name], {"Cache-Control": "max-age=300"})
        if path == "/queries":
            return Outcome(200, "application/json", self.catalogue_json())
        if path.startswith("/queries/"):
            return await self.canned(request, path.removeprefix("/queries/"))
        if path == "/openapi.json":
            return Outcome(200, "application/json", self.openapi())
        if path == "/search":
            text = request.one("q") or ""
            if not text.strip():
                return Outcome(400, TEXT, b"search needs q=, the text to look for in labels (e.g. /search?q=tokayev)")
            return await self.job(request, ("search", (text.strip()[:200], lang)))
        if path.startswith("/entity/"):
            return await self.job(request, ("entity", (urllib.parse.unquote(path.removeprefix("/entity/")), lang)))
        if path == "/sources":
            return await self.job(request, ("sources", (lang,)))
        if path == "/conflicts":
            return await self.job(request, ("conflicts", (lang,)))
        if path == "/timeline.svg":
            return await self.job(request, ("timeline", (lang,)))
        if path == "/ontology":
            return await self.rdf_or_page(request, None, ns.KGO)
        root, _, rest = path.lstrip("/").partition("/")
        if root in RESOURCE_PATHS and rest:
            return await self.rdf_or_page(request, root, RESOURCE_PATHS[root] + urllib.parse.unquote(rest))
        return Outcome(404, TEXT, b"not found")

    def options(self) -> Outcome:
        headers = {"Allow": "GET, HEAD, POST, OPTIONS"}
        if self.settings.cors:
            headers |= {
                "Access-Control-Allow-Methods": "GET, HEAD, POST, OPTIONS",
                "Access-Control-Allow-Headers": "Accept, Content-Type",
                "Access-Control-Max-Age": "600",
            }
        return Outcome(204, TEXT, b"", headers)

    async def job(self, request: "Request", job: tuple) -> Outcome:
        key = self.answers.key(self.pool.generation, job)
        kept = self.answers.get(key)
        if kept is not None:
            return kept
        outcome = await self.pool.run(job, request.arrived, request.disconnected())
        self.answers.put(key, outcome)
        return outcome

    # --- the SPARQL protocol ---

    async def sparql_request(self, request: "Request") -> Outcome:
        params = request.params
        if request.method == "POST":
            body = await request.body(self.settings.max_body_bytes, self.settings.timeout)
            if isinstance(body, Outcome):
                return body
            media, charset = request.content_type()
            if charset not in ("", "utf-8", "utf8", "us-ascii"):
                return Outcome(400, TEXT, f"the body is in {charset}: send it in UTF-8".encode())
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                return Outcome(400, TEXT, b"the body is not UTF-8")
            if media == "application/sparql-update":
                return _read_only()
            if media == "application/sparql-query":
                params = params | {"query": [text]}
            elif media == "application/x-www-form-urlencoded":
                form = urllib.parse.parse_qs(text, keep_blank_values=True)
                if "update" in form:
                    return _read_only()
                for key, values in form.items():
                    params = params | {key: params.get(key, []) + values}
            else:
                return Outcome(
                    415,
                    TEXT,
                    b"send the query as application/sparql-query, or as a form (application/x-www-form-urlencoded) "
                    b"with query=",
                )
        if "update" in params:
            return _read_only()
        queries = params.get("query", [])
        if len(queries) > 1:
            return Outcome(400, TEXT, b"more than one query parameter: send one query")
        if not queries or not queries[0].strip():
            if request.method != "POST" and wants_html(request.header("accept")):
                return Outcome(200, STATIC_TYPES[".html"], self.static["sparql.html"])
            return Outcome(400, TEXT, b"missing the query parameter (SPARQL 1.1 Protocol: ?query=...)")
        dataset = None
        if "default-graph-uri" in params or "named-graph-uri" in params:
            dataset = (tuple(params.get("default-graph-uri", [])), tuple(params.get("named-graph-uri", [])))
        return await self.sparql(request, queries[0], None, dataset)

    async def sparql(self, request: "Request", query: str, substitutions, dataset=None) -> Outcome:
        """A query, screened, negotiated and answered in a worker (results.answer): nothing here reads its text,
        so that a large one never holds up the event loop."""
        if dataset is not None:
            bad = next((g for g in dataset[0] + dataset[1] if not _is_iri(g)), None)
            if bad is not None:
                name = "default-graph-uri" if bad in dataset[0] else "named-graph-uri"
                return Outcome(400, TEXT, f"{name}: {bad!r} is not an absolute IRI".encode())
        job = ("query", (query, substitutions, request.header("accept"), dataset, request.endpoint()))
        outcome = await self.job(request, job)
        outcome.headers.setdefault("Vary", "Accept")
        return outcome

    async def canned(self, request: "Request", name: str) -> Outcome:
        query = self.catalogue.get(name)
        if query is None:
            return Outcome(404, TEXT, f"no canned query named {name!r}; see /queries".encode())
        given = tuple(sorted((k, v[-1]) for k, v in request.params.items()))
        query.check(dict(given), spelled="?{name}={value}")  # what needs no store is refused here (a KgError: 400)
        return await self.sparql(request, query.text, Given(query, given))  # the worker reads the names

    async def rdf_or_page(self, request: "Request", root: str | None, iri: str) -> Outcome:
        """One of the graph's IRIs, served here: a page for a browser, RDF for an RDF client (Linked Data)."""
        accept = request.header("accept")
        lang = request.lang()
        if not wants_rdf(accept):
            local = iri.rsplit("/", 1)[-1]
            if root == "id":
                outcome = await self.job(request, ("entity", (local, lang)))
            elif root == "source":
                outcome = await self.job(request, ("source", (local, lang)))
            elif root == "claim":
                source, _, claim = iri.removeprefix(ns.CLAIM).partition("/")
                where = f"/source/{urllib.parse.quote(source, safe='')}{'?lang=ru' if lang == 'ru' else ''}"
                return Outcome(
                    303, TEXT, b"", {"Location": f"{where}#{urllib.parse.quote(claim, safe='')}", "Vary": "Accept"}
                )
            else:
                return Outcome(303, TEXT, b"", {"Location": "/sparql", "Vary": "Accept"})
            outcome.headers["Vary"] = "Accept"
            return outcome
        offered = media_types("graph")
        chosen = negotiate(accept, offered, "text/turtle")
        if chosen is None:
            return Outcome(
                406,
                TEXT,
                f"cannot answer in {accept}; offered: text/html, {', '.join(offered)}".encode(),
                {"Vary": "Accept"},
            )
        if root is None:  # the ontology: the whole of it
            query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{ns.ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }}"
            outcome = await self.job(request, ("query", (query, None, chosen, None, None)))
        elif not _is_iri(iri):
            return Outcome(400, TEXT, f"{request.path!r} names no IRI of this graph: {iri!r} is not an IRI".encode())
        else:
            outcome = await self.job(request, ("resource", (iri, offered[chosen].name, ns.PREFIXES)))
        outcome.headers["Vary"] = "Accept"
        return outcome

    # --- descriptions ---

    def catalogue_json(self) -> bytes:
        return json.dumps(
            [
                {
                    "name": q.name,
                    "title": q.title,
                    "description": q.description,
                    "params": [
                        {
                            "name": p.name,
                            "type": p.type,
                            "default": p.default,
                            "example": p.example,
                            "description": p.description,
                        }
                        for p in q.params
                    ],
                }
                for q in self.catalogue.values()
            ],
            ensure_ascii=False,
        ).encode()

    @functools.cached_property
    def _openapi(self) -> bytes:
        rows = {t: {} for t in media_types("rows")}
        graphs = {t: {} for t in media_types("graph")}
        errors = {
            "400": {"description": "bad query or parameter"},
            "403": {"description": "an update: this endpoint is read-only"},
            "406": {"description": "no acceptable format"},
            "413": {"description": "result or body too large"},
            "431": {"description": "the request's line and headers are too large"},
            "502": {"description": "the query engine's process died"},
            "503": {"description": "busy: retry after the Retry-After seconds"},
            "504": {"description": "the time limit"},
            "507": {"description": "the query needed more memory than a query may take"},
        }
        query_param = {"name": "query", "in": "query", "required": True, "schema": {"type": "string"}}
        dataset = [
            {"name": n, "in": "query", "required": False, "schema": {"type": "array", "items": {"type": "string"}}}
            for n in ("default-graph-uri", "named-graph-uri")
        ]
        paths = {
            "/sparql": {
                "get": {
                    "summary": "SPARQL 1.1 query (read-only)",
                    "parameters": [query_param] + dataset,
                    "responses": {"200": {"description": "results", "content": rows | graphs}} | errors,
                },
                "post": {
                    "summary": "SPARQL 1.1 query by POST (form or application/sparql-query)",
                    "requestBody": {
                        "content": {
                            "application/sparql-query": {"schema": {"type": "string"}},
                            "application/x-www-form-urlencoded": {
                                "schema": {"type": "object", "properties": {"query": {"type": "string"}}}
                            },
                        }
                    },
                    "responses": {"200": {"description": "results", "content": rows | graphs}} | errors,
                },
            },
            "/search": {
                "get": {
                    "summary": "entities whose label or alias contains q (en and ru)",
                    "parameters": [
                        {"name": "q", "in": "query", "required": True, "schema": {"type": "string"}},
                        {
                            "name": "lang",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "string", "enum": list(LANGS)},
                        },
                    ],
                    "responses": {"200": {"description": "matches", "content": {"application/json": {}}}},
                }
            },
            "/id/{name}": {
                "get": {
                    "summary": "an entity: HTML for a browser, RDF for an RDF client",
                    "parameters": [{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {
                        "200": {"description": "the entity", "content": {"text/html": {}} | graphs},
                        "404": {"description": "no such entity"},
                    },
                }
            },
        }
        for q in self.catalogue.values():
            paths[f"/queries/{q.name}"] = {
                "get": {
                    "summary": q.title,
                    "description": q.description,
                    "operationId": q.name.replace("-", "_"),
                    "parameters": [
                        {
                            "name": p.name,
                            "in": "query",
                            "required": p.default is None,
                            "description": f"{p.description} ({PARAM_TYPES[p.type]})",
                            "schema": {
                                "type": "string",
                                **({"default": p.default} if p.default else {}),
                                **({"format": "date"} if p.type == "date" else {}),
                            },
                            **({"example": p.example} if p.example else {}),
                        }
                        for p in q.params
                    ],
                    "responses": {
                        "200": {"description": "SPARQL results", "content": rows},
                        "400": {"description": "bad parameter"},
                    },
                }
            }
        return json.dumps(
            {
                "openapi": "3.0.3",
                "info": {
                    "title": "csto-kg",
                    "version": __version__,
                    "description": "The csto-kg knowledge graph: SPARQL endpoint and canned queries.",
                },
                "paths": paths,
            },
            ensure_ascii=False,
            indent=1,
        ).encode()

    def openapi(self) -> bytes:
        return self._openapi


class Request:
    """What the routes need of an ASGI request."""

    def __init__(self, scope, receive, arrived: float):
        self.scope, self.receive, self.arrived = scope, receive, arrived
        self.method, self.path = scope["method"], scope["path"]
        self.params = urllib.parse.parse_qs(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        self.headers = {}
        for key, value in scope["headers"]:
            key = key.decode("latin-1").lower()
            value = value.decode("latin-1")
            self.headers[key] = self.headers[key] + ", " + value if key in self.headers else value
        self._disconnected: asyncio.Future | None = None
        self._watch: asyncio.Task | None = None

    def header(self, name: str) -> str:
        return self.headers.get(name, "")

    def host_is_valid(self) -> bool:
        """One Host header, a host name, IPv4 or [IPv6] address with an optional port (RFC 9112, 3.2), or none."""
        hosts = [value for key, value in self.scope["headers"] if key.lower() == b"host"]
        return len(hosts) <= 1 and (not hosts or HOST.fullmatch(hosts[0].decode("latin-1")) is not None)

    def endpoint(self) -> str:
        """The endpoint's own URL: the base IRI of the queries sent to it (SPARQL 1.1 Protocol, 2.1.4)."""
        host = self.header("host") or "{}:{}".format(*self.scope["server"])
        return f"{self.scope.get('scheme', 'http')}://{host}/sparql"

    def one(self, name: str) -> str | None:
        values = self.params.get(name)
        return values[-1] if values else None

    def lang(self) -> str:
        return self.one("lang") if self.one("lang") in LANGS else "en"

    def content_type(self) -> tuple[str, str]:
        media, _, rest = self.header("content-type").partition(";")
        charset = ""
        for part in rest.split(";"):
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset":
                charset = value.strip().strip('"').lower()
        return media.strip().lower(), charset

    async def body(self, limit: int, timeout: float) -> bytes | Outcome:
        """The body, read only up to `limit` bytes and within `timeout` seconds."""
        declared = self.header("content-length")
        if declared and (not declared.isdigit() or int(declared) > limit):
            if declared.isdigit():
                return Outcome(413, TEXT, f"request body over {limit:,} bytes".encode(), {"Connection": "close"})
            return Outcome(400, TEXT, b"bad Content-Length", {"Connection": "close"})
        parts, size = [], 0
        loop = asyncio.get_running_loop()
        while True:
            remaining = self.arrived + timeout - loop.time()
            try:
                message = await asyncio.wait_for(self.receive(), max(remaining, 0.001))
            except asyncio.TimeoutError:
                return Outcome(408, TEXT, b"the request body did not arrive in time", {"Connection": "close"})
            if message["type"] == "http.disconnect":
                return Outcome(499, TEXT, b"")
            size += len(message.get("body", b""))
            if size > limit:
                return Outcome(413, TEXT, f"request body over {limit:,} bytes".encode(), {"Connection": "close"})
            parts.append(message.get("body", b""))
            if not message.get("more_body"):
                return b"".join(parts)

    def disconnected(self) -> asyncio.Future:
        """Completes when the client goes away (the body, if any, has been read)."""
        if self._disconnected is None:
            loop = asyncio.get_running_loop()
            self._disconnected = loop.create_future()

            async def watch():
                while True:
                    message = await self.receive()
                    if message["type"] == "http.disconnect":
                        if not self._disconnected.done():
                            self._disconnected.set_result(True)
                        return

            self._watch = loop.create_task(watch())
        return self._disconnected

    def done(self) -> None:
        if self._watch is not None:
            self._watch.cancel()


def _is_iri(text: str) -> bool:
    """An absolute IRI, as the engine reads one."""
    import pyoxigraph as ox

    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def _read_only() -> Outcome:
    return Outcome(403, TEXT, b"this endpoint is read-only: SPARQL Update is refused")


def _not_allowed(allow: str) -> Outcome:
    return Outcome(405, TEXT, f"method not allowed here; allowed: {allow}".encode(), {"Allow": allow})


def guarded_protocol(settings: ServerSettings):
    """uvicorn's HTTP/1.1 protocol (httptools) with the limits it lacks, for one server:
    - the request line and headers: at most `max_head_bytes` (431 beyond, read no further: their cost stays linear),
      within `client_timeout` seconds of the connection or of the last answer (408 and closed; an idle connection is
      closed without a word);
    - a client that stops reading an answer for `client_timeout` seconds is disconnected;
    - at most `max_connections` at once: a new connection beyond makes room by closing the connection that has been
      waiting longest for a request's head (a stalled one), so stalled connections cannot lock others out."""
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    waiting: collections.OrderedDict = collections.OrderedDict()  # connections waiting for a head, oldest first

    class GuardedProtocol(HttpToolsProtocol):
        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            self.head_bytes, self.in_head, self.head_timer, self.send_timer = 0, True, None, None
            self.head_begun = False  # a request's first byte has come, its head has not ended
            self._wait_for_head()
            if len(self.connections) > settings.max_connections:
                oldest = next(iter(waiting))
                oldest._close(408, "the server is full and this connection sent no request in time")

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self.head_begun = True

        def _wait_for_head(self) -> None:
            if self.head_timer is not None:
                self.head_timer.cancel()
            self.head_timer = self.loop.call_later(settings.client_timeout, self._head_timed_out)
            waiting[self] = None
            waiting.move_to_end(self)

        def _head_timed_out(self) -> None:
            self.head_timer = None
            if self.cycle is None or self.cycle.response_complete:
                self._close(408, "the request's line and headers did not arrive in time")

        def _close(self, status: int, message: str) -> None:
            """Answer `status` (if a request had begun) and close."""
            waiting.pop(self, None)
            if self.transport.is_closing():
                return
            if self.head_begun:
                body = message.encode()
                self.transport.write(
                    b"HTTP/1.1 %d %s\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: %d\r\n"
                    b"connection: close\r\n\r\n%s" % (status, REASONS[status], len(body), body)
                )
            self.transport.close()

        def data_received(self, data: bytes) -> None:
            while data:
                if self.in_head:
                    room = settings.max_head_bytes - self.head_bytes
                    part, data = data[:room], data[room:]
                    self.head_bytes += len(part)
                else:
                    part, data = data, b""
                super().data_received(part)
                if self.transport.is_closing():
                    return
                if self.in_head and self.head_bytes >= settings.max_head_bytes:
                    self._close(431, f"the request's line and headers are over {settings.max_head_bytes:,} bytes")
                    return

        def on_headers_complete(self) -> None:
            self.in_head = self.head_begun = False
            waiting.pop(self, None)
            if self.head_timer is not None:
                self.head_timer.cancel()
                self.head_timer = None
            super().on_headers_complete()

        def on_message_complete(self) -> None:
            super().on_message_complete()
            self.in_head, self.head_bytes = True, 0

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing() and (self.cycle is None or self.cycle.response_complete):
                self._wait_for_head()

        def pause_writing(self) -> None:
            super().pause_writing()
            self.send_timer = self.loop.call_later(settings.client_timeout, self._drop)

        def _drop(self) -> None:
            """Let go of a client that reads nothing: reset the connection (a close would wait for it to read)."""
            waiting.pop(self, None)
            sock = self.transport.get_extra_info("socket")
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.transport.abort()

        def resume_writing(self) -> None:
            super().resume_writing()
            if self.send_timer is not None:
                self.send_timer.cancel()
                self.send_timer = None

        def connection_lost(self, exc) -> None:
            waiting.pop(self, None)
            for timer in (self.head_timer, self.send_timer):
                if timer is not None:
                    timer.cancel()
            super().connection_lost(exc)

    return GuardedProtocol


REASONS = {408: b"Request Timeout", 431: b"Request Header Fields Too Large"}


def _raise_file_limit(wanted: int) -> int:
    """Open files this process may have: raised towards `wanted` as far as the hard limit allows."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        soft = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    return soft


def make_server(app: App, host: str, port: int, on_listening=None, backlog: int = 4096):
    """A uvicorn server for the app, its socket bound (port 0: any free port). Returns (server, socket); run it
    with server.run(sockets=[socket]) (SIGINT and SIGTERM stop it when run in the main thread), stop it from
    another thread with server.should_exit = True. `on_listening(url)` is called once the workers are ready."""
    import dataclasses

    import uvicorn

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(backlog)
    bound = sock.getsockname()[1]
    display = f"[{host}]" if family == socket.AF_INET6 else host
    app.url = f"http://{display}:{bound}/"
    app.on_ready = (lambda: on_listening(app.url)) if on_listening else None
    settings = app.settings
    # room for the connections, each worker's socket pair and the store's files
    reserve = 4 * settings.max_workers + 256
    files = _raise_file_limit(settings.max_connections + reserve)
    if files < settings.max_connections + reserve:
        settings = dataclasses.replace(settings, max_connections=max(16, files - reserve))
    config = uvicorn.Config(
        app,
        loop="uvloop",
        http=guarded_protocol(settings),
        lifespan="on",
        access_log=False,
        log_level="warning",
        server_header=False,
        backlog=backlog,
        timeout_keep_alive=5,
        timeout_graceful_shutdown=3,
    )
    return uvicorn.Server(config), sock


class Stopped(Exception):
    """SIGINT or SIGTERM, once the server has shut down (uvicorn raises the signal again after its own exit)."""


def serve(app: App, host: str, port: int, on_listening=None) -> None:
    """Serve until SIGINT or SIGTERM, then return (the workers ended)."""
    import signal

    server, sock = make_server(app, host, port, on_listening)

    def stopped(signum, frame):
        raise Stopped

    previous = {s: signal.signal(s, stopped) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        server.run(sockets=[sock])
    except Stopped:
        pass
    except SystemExit:  # uvicorn's way to say the application could not start: the workers said why
        raise KgError(f"the server could not start: {app.pool.failure or 'see above'}") from None
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        app.pool.close()
