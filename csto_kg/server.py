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
from .sparql_text import keywords
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
            return _not_found(f"No entity <code>{html.escape(name)}</code> in the graph.")
        labels = self._labels(iri)
        explanation = explain(self.store, iri, "en")
        links = [q.object.value for q in self.store.quads_for_pattern(iri, ox.NamedNode(ns.OWL_SAME_AS), None)]
        parts = [f'<h1 lang="en">{html.escape(labels.get("en", name))}</h1>',
                 f'<p class="ru" lang="ru">{html.escape(labels.get("ru", ""))}</p>',
                 f'<p><code>{html.escape(ns.curie(iri.value))}</code>']
        for link in links:
            parts.append(f' · Wikidata: <a class="wikidata" href="{html.escape(link)}">{html.escape(link.rsplit("/", 1)[1])}</a>')
        parts.append("</p><h2>Facts, their sources and the words behind them</h2><table class=\"facts\"><tr><th>subject</th>"
                     "<th>property</th><th>object</th><th>sources</th><th>quote</th></tr>")
        spans: dict[str, list[tuple[int, int]]] = {}
        facts: dict[tuple, dict] = {}
        for row in explanation.rows:  # one table row per fact: every source that states it, every quote
            source = explanation.sources[row[0].value]
            start, end = int(row[5].value), int(row[6].value)
            spans.setdefault(source, []).append((start, end))
            fact = facts.setdefault(tuple(row[1:4]), {"sources": [], "quotes": []})
            if source not in fact["sources"]:
                fact["sources"].append(source)
            if (source, start, end) not in [(s, a, b) for s, a, b, _ in fact["quotes"]]:
                fact["quotes"].append((source, start, end, row[4].value))
        for (subject, predicate, obj), fact in facts.items():
            quotes = "<br>".join(f'<a href="/source/{_local(s)}#q{a}-{b}">[{a}:{b}]</a> «{html.escape(text)}»' for s, a, b, text in fact["quotes"])
            parts.append(f"<tr><td>{self._cell(subject)}</td><td>{self._cell(predicate)}</td><td>{self._cell(obj)}</td>"
                         f"<td class=\"count\">{len(fact['sources'])}: {self._source_links(fact['sources'])}</td><td>{quotes}</td></tr>")
        parts.append("</table>")
        if explanation.set_aside:
            parts.append('<h2>Set aside: said by a source, not believed</h2><table class="set-aside"><tr><th>statement</th>'
                         "<th>source</th><th>why</th><th>quote</th></tr>")
            for claim, source, s_, p_, o_, why, exact, start, end in explanation.set_aside:
                parts.append(f"<tr><td>{self._cell(s_)} {self._cell(p_)} {self._cell(o_)}</td><td>{self._source_links([source.value])}</td>"
                             f"<td>{html.escape(why.value)}</td><td>«{html.escape(exact.value)}»</td></tr>")
            parts.append("</table>")
        if explanation.disagreements:
            parts.append('<h2>Where the sources disagree about it</h2><table class="disagreements"><tr><th>about</th><th>one says</th>'
                         "<th>the other says</th><th>what the build did</th></tr>")
            for aspect, value1, claim1, value2, claim2, resolution in explanation.disagreements:
                parts.append(f"<tr><td>{html.escape(aspect.value)}</td><td>{html.escape(value1.value)} ({self._claim_source(claim1)})</td>"
                             f"<td>{html.escape(value2.value)} ({self._claim_source(claim2)})</td><td>{html.escape(resolution.value)}</td></tr>")
            parts.append("</table>")
        for source in sorted(spans, key=lambda s: (explanation.about_sources.get(s, ("", ""))[0], s)):
            text = self._source_text(source)
            if text is not None:
                published, publisher = explanation.about_sources.get(source, ("", ""))
                parts.append(f'<h2>{html.escape(publisher or ns.curie(source))}, {html.escape(published)}: '
                             f'<a href="/source/{_local(source)}">the article</a>, with the quotes marked</h2>')
                parts.append(f'<div class="article">{_highlight(text, spans[source])}</div>')
        return 200, "text/html; charset=utf-8", _page(labels.get("en", name), "".join(parts))

    def sources_page(self) -> tuple[int, str, bytes]:
        """Every source: publisher, date and how it is known, language, claims, agreements and disagreements."""
        from .catalogue import run_select

        query = self.catalogue["sources"]
        variables, rows = run_select(self.store, query.text, query.bindings({}))
        column = {v: i for i, v in enumerate(variables)}
        parts = ['<h1>The sources</h1><table class="sources"><tr><th>source</th><th>publisher</th><th>published</th>'
                 "<th>date known</th><th>language</th><th>claims</th><th>facts shared with others</th><th>disagreements</th></tr>"]
        for row in rows:
            cell = lambda name: html.escape(row[column[name]].value) if row[column[name]] is not None else ""  # noqa: E731
            source = row[column["source"]].value
            parts.append(f'<tr><td><a href="/source/{_local(source)}">{html.escape(_local(source))}</a></td><td>{cell("publisherName")}</td>'
                         f'<td>{cell("published")}</td><td>{cell("dateKnown")}</td><td>{cell("language")}</td><td>{cell("claims")}</td>'
                         f'<td>{cell("sharedFacts")}</td><td>{cell("disagreements")}</td></tr>')
        parts.append('</table><p><a href="/conflicts">Where the sources disagree</a></p>')
        return 200, "text/html; charset=utf-8", _page("The sources", "".join(parts))

    def source_page(self, name: str) -> tuple[int, str, bytes]:
        """One source: what is known of it, its verbatim text with every quote marked, and each of its claims."""
        iri = ox.NamedNode(ns.SRC + name) if re.fullmatch(r"[\w.-]+", name) else None
        text = self._source_text(iri.value) if iri is not None else None
        if text is None or not any(True for _ in self.store.quads_for_pattern(iri, ox.NamedNode(ns.RDF_TYPE), None)):
            return _not_found(f"No source <code>{html.escape(name)}</code> in the graph.")
        about = {v: str(row[v].value) for row in self.store.query(ns.sparql_prologue() + SOURCE_ABOUT, substitutions={
            ox.Variable("source"): iri}, use_default_graph_as_union=True) for v in ("label", "published", "language", "publisher",
                                                                                  "known", "url", "complete") if row[v] is not None}
        claims: dict[str, dict] = {}
        for row in self.store.query(ns.sparql_prologue() + SOURCE_CLAIMS, substitutions={ox.Variable("source"): iri},
                                    use_default_graph_as_union=True):
            claim = claims.setdefault(row["claim"].value, {"quotes": set(), "facts": [], "error": None})
            claim["quotes"].add((int(row["start"].value), int(row["end"].value), row["exact"].value))
            if row["error"] is not None:
                claim["error"] = row["error"].value
        for claim, entry in claims.items():
            entry["facts"] = [[q.subject, q.predicate, q.object] for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(claim))]
        parts = [f"<h1>{html.escape(about.get('label', name))}</h1><table class=\"about\">"]
        for key, title in (("publisher", "publisher"), ("published", "published"), ("known", "date known"), ("language", "language"),
                           ("complete", "text kept"), ("url", "read at")):
            if key in about:
                value = html.escape(about[key])
                if key == "complete":
                    value = "complete" if about[key] == "true" else "in part: the text stops mid-sentence"
                parts.append(f"<tr><th>{title}</th><td>{value}</td></tr>")  # the URL as text: no link leaves this server
        parts.append(f'</table><h2>The text, verbatim, with the {sum(len(c["quotes"]) for c in claims.values())} quotes marked</h2>')
        parts.append(f'<div class="article" lang="{html.escape(about.get("language", ""))}">'
                     f'{_highlight(text, [(a, b) for c in claims.values() for a, b, _ in c["quotes"]])}</div>')
        parts.append(f"<h2>Its {len(claims)} claims</h2>")
        for claim in sorted(claims, key=lambda c: min(claims[c]["quotes"])):
            entry = claims[claim]
            parts.append(f'<h3 id="{html.escape(claim.rsplit("/", 1)[1])}">{html.escape(ns.curie(claim))}</h3><ul>')
            parts += [f'<li><a href="#q{a}-{b}">[{a}:{b}]</a> «{html.escape(exact)}»</li>' for a, b, exact in sorted(entry["quotes"])]
            parts.append("</ul>")
            if entry["error"]:
                parts.append(f'<p class="error">The source\'s error: {html.escape(entry["error"])}</p>')
            parts.append('<table class="facts">' + "".join(
                f"<tr><td>{self._cell(s_)}</td><td>{self._cell(p_)}</td><td>{self._cell(o_)}</td></tr>" for s_, p_, o_ in entry["facts"]) + "</table>")
        return 200, "text/html; charset=utf-8", _page(about.get("label", name), "".join(parts))

    def conflicts_page(self, lang: str) -> tuple[int, str, bytes]:
        """Every disagreement, both sides' values, sources, dates and quotes side by side."""
        from .catalogue import run_select

        query = self.catalogue["conflicts"]
        variables, rows = run_select(self.store, query.text, query.bindings({"lang": lang}))
        column = {v: i for i, v in enumerate(variables)}
        value = lambda row, name: row[column[name]].value if row[column[name]] is not None else ""  # noqa: E731
        parts = ["<h1>Where the sources disagree</h1>",
                 f"<p>{len(rows)} disagreement(s) the build found between two claims, or between a claim and the background "
                 "knowledge (the entity register, the Wikidata enrichment). Both sides are kept.</p>",
                 '<table class="conflicts"><tr><th>about</th><th>what</th><th>one source</th><th>the other</th><th>what the build did</th></tr>']
        for row in rows:
            sides = []
            for n in ("1", "2"):
                source = value(row, "source" + n)
                who = (f'{self._source_links([source])}, {html.escape(value(row, "reported" + n))}' if source
                       else html.escape(ns.curie(value(row, "claim" + n))))
                sides.append(f'<td><strong>{html.escape(value(row, "value" + n))}</strong><br>{who}'
                             + (f'<br>«{html.escape(value(row, "quote" + n))}»' if value(row, "quote" + n) else "") + "</td>")
            parts.append(f"<tr><td>{self._cell(row[column['entity']])}</td><td>{html.escape(value(row, 'aspect'))}</td>"
                         f"{''.join(sides)}<td>{html.escape(value(row, 'resolution'))}</td></tr>")
        parts.append("</table>")
        return 200, "text/html; charset=utf-8", _page("Where the sources disagree", "".join(parts))

    def _source_links(self, sources: list[str]) -> str:
        return ", ".join(f'<a href="/source/{_local(s)}">{html.escape(self._publisher(s) or _local(s))}</a>' for s in sources)

    def _publisher(self, source: str) -> str:
        for q in self.store.quads_for_pattern(ox.NamedNode(source), ox.NamedNode(ns.KGO + "publisher"), None):
            return self._labels(q.object).get("en", "")
        return ""

    def _claim_source(self, claim) -> str:
        for q in self.store.quads_for_pattern(claim, ox.NamedNode(ns.PROV + "wasDerivedFrom"), None):
            return self._source_links([q.object.value])
        return html.escape(ns.curie(claim.value))

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


SOURCE_ABOUT = """SELECT ?label ?published ?language ?publisher ?known ?url ?complete ?source WHERE {
  ?source schema:datePublished ?published ; schema:inLanguage ?language .
  OPTIONAL { ?source rdfs:label ?label . FILTER(LANG(?label) = "en") }
  OPTIONAL { ?source kgo:publisher/rdfs:label ?publisher . FILTER(LANG(?publisher) = "en") }
  OPTIONAL { ?source kgo:dateCertainty/rdfs:label ?known . FILTER(LANG(?known) = "en") }
  OPTIONAL { ?source kgo:url ?url } OPTIONAL { ?source kgo:complete ?complete } } LIMIT 1"""

SOURCE_CLAIMS = """SELECT DISTINCT ?claim ?exact ?start ?end ?error ?source WHERE {
  ?claim prov:wasDerivedFrom ?source . ?annotation oa:hasBody ?claim ; oa:hasTarget ?target .
  ?target oa:hasSelector ?quote , ?position . ?quote oa:exact ?exact .
  ?position a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  OPTIONAL { ?claim kgo:errorReason ?error } }"""


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[1]


def _not_found(message: str) -> tuple[int, str, bytes]:
    return 404, "text/html; charset=utf-8", _page("Not found", f"<p>{message}</p>")


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
            f'<link rel="stylesheet" href="/static/style.css"></head><body><nav><a href="/">csto-kg</a> · '
            f'<a href="/sources">sources</a> · <a href="/conflicts">where they disagree</a></nav>'
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
        if path == "/sources":
            return self._send(*self.app.sources_page())
        if path.startswith("/source/"):
            return self._send(*self.app.source_page(urllib.parse.unquote(path.removeprefix("/source/"))))
        if path == "/conflicts":
            return self._send(*self.app.conflicts_page(params.get("lang", "en") if params.get("lang") in ("en", "ru") else "en"))
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
