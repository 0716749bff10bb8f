"""The one HTTP client for every SPARQL 1.1 server the code talks to: a server holding our build (load it by the
Graph Store HTTP Protocol or SPARQL Update, run the same queries there) and the Wikidata endpoint the linker asks.
The protocol has no parameter binding: a canned query's parameters are written into its text by
`sparql_text.substitute`, as the validated RDF terms pyoxigraph writes.
"""

from __future__ import annotations

import base64
import http.client
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

import pyoxigraph as ox

from .errors import KgError, ServiceError
from .formats import by_media, rdf_syntax
from .sparql_text import substitute

MAX_ANSWER_BYTES = 200_000_000


def http_request(
    url: str,
    *,
    data: bytes | None = None,
    method: str = "GET",
    headers: dict | None = None,
    timeout: float = 60.0,
    retries: int = 0,
    backoff: float = 1.0,
    max_wait: float = 60.0,
    sleep=time.sleep,
    max_bytes: int = MAX_ANSWER_BYTES,
) -> tuple[bytes, str]:
    """One exchange with a SPARQL server: (body, Content-Type), the whole answer within `timeout` seconds (not
    each read: a server that drips a byte at a time is cut off too) and at most `max_bytes` long. Answers 429
    and 5xx are retried `retries` times, waiting as Retry-After says, else with exponential back-off (never more
    than `max_wait`). Every failure is a ServiceError naming the URL; nothing else escapes."""
    from . import __version__

    headers = {"User-Agent": f"csto-kg/{__version__} (https://w3id.org/csto-kg)", **(headers or {})}
    for attempt in range(retries + 1):
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        deadline = time.monotonic() + timeout
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return _read_within(response, deadline, timeout, max_bytes, url), response.headers.get(
                    "Content-Type", ""
                )
        except urllib.error.HTTPError as exc:
            if (exc.code == 429 or exc.code >= 500) and attempt < retries:
                sleep(_wait(attempt, exc.headers.get("Retry-After"), backoff, max_wait))
                continue
            detail = exc.read(300).decode("utf-8", "replace").strip()
            raise ServiceError(
                f"{url} answered HTTP {exc.code} {exc.reason}"
                + (f" after {attempt + 1} attempts" if attempt else "")
                + (f": {detail}" if detail else "")
            ) from None
        except (socket.timeout, TimeoutError):
            raise ServiceError(f"{url} did not answer within {timeout:g} s") from None
        except http.client.HTTPException as exc:  # a truncated body (IncompleteRead), a garbled status line
            raise ServiceError(
                f"{url} sent a broken answer ({type(exc).__name__}"
                + (
                    f": {exc.partial and len(exc.partial) or 0} of {exc.expected + len(exc.partial or b'')} bytes "
                    f"arrived"
                    if isinstance(exc, http.client.IncompleteRead)
                    else ""
                )
                + ")"
            ) from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (socket.timeout, TimeoutError)):
                raise ServiceError(f"{url} did not answer within {timeout:g} s") from None
            raise ServiceError(f"cannot reach {url}: {exc.reason}") from None
        except OSError as exc:
            raise ServiceError(f"cannot reach {url}: {exc}") from None
    raise AssertionError("unreachable: the last attempt returns or raises")


def _read_within(response, deadline: float, timeout: float, max_bytes: int, url: str) -> bytes:
    """The body, read a chunk at a time; each read waits at most until the deadline."""
    sock = getattr(getattr(response.fp, "raw", None), "_sock", None)  # the socket under http.client's reader
    parts, size = [], 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise ServiceError(f"{url} did not send its whole answer within {timeout:g} s ({size:,} bytes came)")
        if sock is not None:
            sock.settimeout(remaining)
        chunk = response.read1(1 << 16)
        if not chunk:
            if response.length:  # Content-Length promised more than came before the connection closed
                raise ServiceError(
                    f"{url} sent a broken answer: {size:,} of {size + response.length:,} bytes arrived, "
                    "then the connection closed"
                )
            return b"".join(parts)
        size += len(chunk)
        if size > max_bytes:
            raise ServiceError(f"{url} sent more than {max_bytes:,} bytes: narrow the query")
        parts.append(chunk)


def _wait(attempt: int, retry_after: str | None, backoff: float, max_wait: float) -> float:
    if retry_after:
        if retry_after.strip().isdigit():
            return min(float(retry_after), max_wait)
        import datetime
        from email.utils import parsedate_to_datetime

        try:
            when = parsedate_to_datetime(retry_after)
            return min(max((when - datetime.datetime.now(datetime.timezone.utc)).total_seconds(), 0.0), max_wait)
        except (TypeError, ValueError):
            pass
    return min(backoff * 2**attempt, max_wait)


def results_json(
    payload: bytes, content_type: str, url: str, expected: tuple[str, ...] = ()
) -> tuple[list[str] | None, list[dict]]:
    """SPARQL 1.1 Query Results JSON: (the variables if the head names them, rows of pyoxigraph terms keyed by
    variable, unbound ones left out). Anything else, or a head without the `expected` variables, is a
    ServiceError that shows what came instead."""
    try:
        data = json.loads(payload)
        variables = data.get("head", {}).get("vars")
        missing = [v for v in expected if v not in (variables or [])]
        if missing:
            raise ServiceError(
                f"{url} answered with the variables {', '.join(variables or []) or 'none'}, not "
                f"{', '.join(expected)}: it did not run the query sent"
            )
        rows = [{name: _term(term) for name, term in row.items()} for row in data["results"]["bindings"]]
    except (ValueError, KeyError, TypeError, AttributeError):
        shown = payload[:80].decode("utf-8", "replace")
        raise ServiceError(
            f"{url} did not return SPARQL results JSON (Content-Type {content_type or 'none'}; it began {shown!r})"
        ) from None
    return variables, rows


def _term(binding: dict):
    """A term of the SPARQL 1.1 Query Results JSON format as a pyoxigraph term."""
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if "xml:lang" in binding:
        return ox.Literal(value, language=binding["xml:lang"])
    return ox.Literal(value, datatype=ox.NamedNode(binding["datatype"])) if "datatype" in binding else ox.Literal(value)


@dataclass
class Endpoint:
    """A SPARQL 1.1 server: query URL, and optionally an update URL and a Graph Store Protocol URL."""

    query_url: str
    update_url: str | None = None
    graph_store_url: str | None = None
    user: str | None = None
    password: str | None = None
    timeout: float = 60.0
    retries: int = 0  # of 429 and 5xx answers, with back-off (see http_request)
    backoff: float = 1.0
    max_wait: float = 60.0
    sleep: object = None
    user_agent: str | None = None

    def _request(
        self, url: str, *, data: bytes | None = None, method: str = "GET", headers: dict | None = None
    ) -> tuple[bytes, str]:
        headers = dict(headers or {})
        if self.user is not None:
            token = base64.b64encode(f"{self.user}:{self.password or ''}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        if self.user_agent:
            headers["User-Agent"] = self.user_agent
        return http_request(
            url,
            data=data,
            method=method,
            headers=headers,
            timeout=self.timeout,
            retries=self.retries,
            backoff=self.backoff,
            max_wait=self.max_wait,
            sleep=self.sleep or time.sleep,
        )

    def _query(self, query: str, accept: str) -> tuple[bytes, str]:
        return self._request(
            self.query_url,
            data=urllib.parse.urlencode({"query": query}).encode("utf-8"),
            method="POST",
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        )

    def select_rows(self, query: str, expected: tuple[str, ...] = ()) -> list[dict]:
        """Run a SELECT as it is; rows of pyoxigraph terms keyed by variable (unbound ones left out). A head
        without the `expected` variables is a ServiceError."""
        payload, content_type = self._query(query, "application/sparql-results+json")
        return results_json(payload, content_type, self.query_url, expected)[1]

    def select(self, query: str, bindings: dict | None = None) -> tuple[list[str], list[list]]:
        """Run a SELECT; rows of pyoxigraph terms, in the server's order, the bound parameters' columns left out."""
        from .querying import shown_columns

        payload, content_type = self._query(substitute(query, bindings or {}), "application/sparql-results+json")
        variables, rows = results_json(payload, content_type, self.query_url)
        if variables is None:
            raise ServiceError(f"{self.query_url} returned SPARQL results JSON without the head's variables")
        kept = shown_columns(variables, bindings)
        return [variables[i] for i in kept], [[row.get(variables[i]) for i in kept] for row in rows]

    def ask(self, query: str) -> bool:
        payload, content_type = self._query(query, "application/sparql-results+json")
        try:
            data = json.loads(payload)
            answer = data.get("boolean")
            if answer is None and data["head"]["vars"] == ["__ASK_RETVAL"]:  # Virtuoso 7: a one-row table of 1 or 0
                answer = any(b["__ASK_RETVAL"]["value"] == "1" for b in data["results"]["bindings"])
        except (ValueError, KeyError, TypeError, AttributeError):
            answer = None
        if not isinstance(answer, bool):
            raise ServiceError(
                f"{self.query_url} did not return a SPARQL boolean result (Content-Type {content_type or 'none'})"
            )
        return answer

    def graph(self, query: str) -> list[ox.Triple]:
        """Run a CONSTRUCT or DESCRIBE; the triples in whichever RDF syntax the server chose from our Accept."""
        payload, content_type = self._query(
            query, "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
        )
        media_type = content_type.split(";")[0].strip().lower()
        known = by_media(media_type, "graph") if media_type else None
        try:
            return list(
                ox.parse(payload, format=known.pyoxigraph() if known else rdf_syntax("turtle"))
            )  # text/plain is N-Triples, which Turtle reads
        except (SyntaxError, ValueError) as exc:
            raise ServiceError(
                f"{self.query_url} did not return RDF (Content-Type {content_type or 'none'}): {exc}"
            ) from None

    def load(self, quads: list[ox.Quad], progress=None) -> int:
        """Replace each graph of the dataset on the server: Graph Store Protocol PUT per graph when a graph store URL
        is given, else SPARQL Update (DROP SILENT GRAPH, then INSERT DATA in chunks). Returns the graphs loaded."""
        graphs: dict = {}
        for q in quads:
            graphs.setdefault(q.graph_name, []).append(ox.Triple(q.subject, q.predicate, q.object))
        for graph, triples in graphs.items():
            if self.graph_store_url:
                target = (
                    "default"
                    if isinstance(graph, ox.DefaultGraph)
                    else "graph=" + urllib.parse.quote(graph.value, safe="")
                )
                url = self.graph_store_url + ("&" if "?" in self.graph_store_url else "?") + target
                self._request(
                    url,
                    data=ox.serialize(triples, format=rdf_syntax("ntriples")),
                    method="PUT",
                    headers={"Content-Type": "text/turtle"},
                )  # N-Triples is Turtle; every server reads Turtle
            else:
                if not self.update_url:
                    raise KgError(
                        "loading needs --update-endpoint (SPARQL Update) or --graph-store (Graph Store Protocol)"
                    )
                name = "DEFAULT" if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph}"
                self._update(
                    f"DROP SILENT {name}" if not isinstance(graph, ox.DefaultGraph) else "CLEAR SILENT DEFAULT"
                )
                for start in range(0, len(triples), 2000):
                    data = ox.serialize(triples[start : start + 2000], format=rdf_syntax("ntriples")).decode("utf-8")
                    self._update(
                        f"INSERT DATA {{ {data} }}"
                        if isinstance(graph, ox.DefaultGraph)
                        else f"INSERT DATA {{ {name} {{ {data} }} }}"
                    )
            if progress:
                progress(1)
        return len(graphs)

    def _update(self, update: str) -> None:
        body = urllib.parse.urlencode({"update": update}).encode("utf-8")
        self._request(
            self.update_url, data=body, method="POST", headers={"Content-Type": "application/x-www-form-urlencoded"}
        )


class Solutions:
    """A SELECT's answer from a server, read as pyoxigraph's QuerySolutions are: `variables`, and rows whose
    `row[name]` is the term or None when unbound."""

    def __init__(self, variables: list[str], rows: list[dict]):
        self.variables = [ox.Variable(v) for v in variables]
        self._rows = rows

    def __iter__(self):
        return (_Row(row) for row in self._rows)


class _Row:
    def __init__(self, values: dict):
        self._values = values

    def __getitem__(self, name):
        return self._values.get(name.value if isinstance(name, ox.Variable) else name)


class EndpointStore:
    """A SPARQL server read through the query method of a pyoxigraph Store, for code written against a store (the
    SHACL engine, the checks): values the code binds by `substitutions` are written into the query as terms by
    `sparql_text.substitute`, as for the canned queries. The server's default graph must be the union of its graphs
    (Oxigraph --union-default-graph). What a server cannot do is refused by name, never approximated: a blank node
    (no query text can name the server's), a custom function, a dataset other than the union. An ASK's answer is
    one empty row for true and none for false (what code that counts rows reads alike)."""

    portable = True  # the queries sent must be standard SPARQL: no custom function

    def __init__(self, endpoint: Endpoint):
        self.endpoint = endpoint

    def query(
        self, query: str, *, use_default_graph_as_union=True, substitutions=None, custom_functions=None, **options
    ) -> Solutions:
        from .sparql_text import read_query

        reading = read_query(query)
        if options.get("default_graph") is not None or (not use_default_graph_as_union and not reading.dataset):
            raise KgError("a query that reads one graph as the default graph cannot run on a server")
        blank = sorted(v.value for v, t in (substitutions or {}).items() if isinstance(t, ox.BlankNode))
        if blank:
            raise KgError(f"?{blank[0]} is bound to a blank node, which no query sent to a server can name")
        called = sorted(f.value for f in (custom_functions or {}) if f"<{f.value}>" in query)
        if called:
            raise KgError(f"the query calls <{called[0]}>, a function of this program that a server does not have")
        text = substitute(query, substitutions or {})
        if reading.form == "ASK":
            return Solutions([], [{}] if self.endpoint.ask(text) else [])
        payload, content_type = self.endpoint._query(text, "application/sparql-results+json")
        variables, rows = results_json(payload, content_type, self.endpoint.query_url)
        if variables is None:
            raise ServiceError(f"{self.endpoint.query_url} returned SPARQL results JSON without the head's variables")
        return Solutions(variables, rows)

    def quads_for_pattern(self, subject=None, predicate=None, object=None, graph_name=None) -> list[ox.Quad]:
        """The triples matching a pattern in the server's union graph (graph names are not read: the default
        graph is given for each); what a report reads a node's labels with."""
        if graph_name is not None:
            raise KgError("a pattern in one graph cannot be read from a server's union graph")
        given = {ox.Variable(n): t for n, t in (("s", subject), ("p", predicate), ("o", object)) if t is not None}
        rows = self.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", substitutions=given)
        return [ox.Quad(r["s"] or subject, r["p"] or predicate, r["o"] or object, ox.DefaultGraph()) for r in rows]
