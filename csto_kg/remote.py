"""Any SPARQL 1.1 server as the store: load the build into it (Graph Store HTTP Protocol, or SPARQL Update) and
run the same queries there.

The protocol has no parameter binding, so a canned query's parameters are bound the way pyoxigraph's
`substitutions` bind them locally: every occurrence of the variable becomes the RDF term, written by pyoxigraph
(escaped, typed). The term never comes from the user's text as such: it is the validated, converted value. Where
the variable must stay a variable (a SELECT's projection, GROUP BY) it becomes `(TERM AS ?name)`, which keeps
the query valid and the result columns the same.

>>> import pyoxigraph as ox
>>> print(substitute('SELECT ?x ?lang WHERE { ?x ?p ?l FILTER(LANG(?l) = ?lang) }', {ox.Variable("lang"): ox.Literal("ru")}))
SELECT ?x ?lang WHERE { BIND("ru" AS ?lang) ?x ?p ?l FILTER(LANG(?l) = "ru") }
"""

from __future__ import annotations

import base64
import json
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

import pyoxigraph as ox

from .errors import KgError, ServiceError

_TOKEN = re.compile(r'''
    (?P<comment>\#[^\n]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z_0-9\u00B7-\uFFFF]+)
  | (?P<word>[A-Za-z_][A-Za-z_0-9-]*)
  | (?P<open>[{(])
  | (?P<close>[})])
  | (?P<other>.)
''', re.VERBOSE | re.DOTALL)

_CLAUSE_END = {"WHERE", "HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES", "FROM", "GROUP"}


def keywords(query: str) -> set[str]:
    """The words of a query outside its strings, IRIs and comments, upper-cased (SELECT, SERVICE, …)."""
    return {m.group().upper() for m in _TOKEN.finditer(query) if m.lastgroup == "word"}


def query_form(query: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first of these words that is not part of a prefixed name."""
    tokens = [m.group() for m in _TOKEN.finditer(query)]
    for i, token in enumerate(tokens):
        if token.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE") and ":" not in (tokens[i - 1] if i else "", tokens[i + 1] if i + 1 < len(tokens) else ""):
            return token.upper()
    return None


def substitute(text: str, bindings: dict) -> str:
    """The query with each bound variable replaced by its term (see the module's doc). A grouped SELECT projects
    `(TERM AS ?name)` (a constant is allowed beside aggregates) and leaves the variable out of its GROUP BY; any
    other SELECT that projects the variable binds it first thing in its WHERE group: `{ BIND(TERM AS ?name) …`.
    (Virtuoso refuses `GROUP BY (TERM AS ?name)` with `?name` projected: "alias defined twice".)"""
    if not bindings:
        return text
    terms = {v.value: str(t) for v, t in bindings.items()}
    tokens = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(text)]
    grouped = _grouped_selects(tokens)
    out: list[str] = []
    depth, mode, mode_depth = 0, None, 0
    select_index = -1
    select_stack: list[tuple[int, int]] = []   # (depth of the SELECT, its index)
    projected: dict[int, list[str]] = {}       # parameters each SELECT projects
    for kind, value in tokens:
        upper = value.upper() if kind == "word" else ""
        current = select_stack[-1][1] if select_stack else None
        if kind == "word" and upper == "SELECT":
            select_index += 1
            select_stack.append((depth, select_index))
            mode, mode_depth = "select", depth
        elif kind == "word" and upper == "BY" and _last_word(out) == "GROUP":
            mode, mode_depth = "group", depth
        elif kind == "word" and upper in _CLAUSE_END and mode and depth == mode_depth:
            mode = None
        if kind == "open":
            opens_body = value == "{" and depth == mode_depth and mode in ("select", None) and current is not None \
                and (mode == "select" or _last_word(out) == "WHERE")
            if mode == "select" and value == "{" and depth == mode_depth:
                mode = None
            depth += 1
            out.append(value)
            if opens_body and current not in grouped and projected.get(current):
                out.append(" " + " ".join(f"BIND({terms[n]} AS ?{n})" for n in projected.pop(current)))
            continue
        if kind == "close":
            depth -= 1
            if mode == "group" and depth < mode_depth:
                mode = None
            while select_stack and value == "}" and depth < select_stack[-1][0]:
                select_stack.pop()
        if kind == "var" and value[1:] in terms:
            name, term = value[1:], terms[value[1:]]
            if mode == "select" and depth == mode_depth:
                if current in grouped:
                    out.append(f"({term} AS ?{name})")
                else:
                    projected.setdefault(current, []).append(name)
                    out.append(value)
            elif mode == "group" and depth == mode_depth:
                out.append("")  # grouping by a constant changes nothing
            else:
                out.append(term)
            continue
        out.append(value)
    # a GROUP BY left with nothing grouped only by constants: aggregating without it is the same single group
    return re.sub(r"\bGROUP\s+BY\s*(?=HAVING\b|ORDER\b|LIMIT\b|OFFSET\b|VALUES\b|\}|$)", "", "".join(out), flags=re.IGNORECASE)


def _last_word(out: list[str]) -> str:
    for value in reversed(out):
        if value.strip():
            return value.upper()
    return ""


def _grouped_selects(tokens) -> dict[int, set[str]]:
    """For each SELECT (by its order in the text), the variables its GROUP BY names plainly."""
    grouped: dict[int, set[str]] = {}
    depth, stack, index = 0, [], -1
    previous_word, in_group, group_depth, group_owner = "", False, 0, None
    last_closed: int | None = None
    for kind, value in tokens:
        upper = value.upper() if kind == "word" else ""
        if kind == "word" and upper == "SELECT":
            index += 1
            stack.append((depth, index))
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
            if in_group and depth < group_depth:
                in_group = False
            while stack and value == "}" and depth < stack[-1][0]:
                last_closed = stack.pop()[1]
        if kind == "word" and upper == "BY" and previous_word == "GROUP":
            # the GROUP BY belongs to the innermost SELECT still open at this depth, else the one just closed
            owners = [i for d, i in stack if d == depth]
            group_owner = owners[-1] if owners else last_closed
            in_group, group_depth = True, depth
        elif kind == "word" and upper in _CLAUSE_END - {"GROUP"} and in_group and depth == group_depth:
            in_group = False
        elif kind == "var" and in_group and depth == group_depth and group_owner is not None:
            grouped.setdefault(group_owner, set()).add(value[1:])
        if kind == "word":
            previous_word = upper
    return grouped


def http_request(url: str, *, data: bytes | None = None, method: str = "GET", headers: dict | None = None,
                 timeout: float = 60.0, retries: int = 0, backoff: float = 1.0, max_wait: float = 60.0,
                 sleep=time.sleep) -> tuple[bytes, str]:
    """One exchange with a SPARQL server: (body, Content-Type). Answers 429 and 5xx are retried `retries` times,
    waiting as Retry-After says, else with exponential back-off (never more than `max_wait`). Every failure is a
    ServiceError naming the URL; nothing else escapes."""
    from . import __version__

    headers = {"User-Agent": f"csto-kg/{__version__} (https://w3id.org/csto-kg)", **(headers or {})}
    for attempt in range(retries + 1):
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            if (exc.code == 429 or exc.code >= 500) and attempt < retries:
                sleep(_wait(attempt, exc.headers.get("Retry-After"), backoff, max_wait))
                continue
            detail = exc.read(300).decode("utf-8", "replace").strip()
            raise ServiceError(f"{url} answered HTTP {exc.code} {exc.reason}"
                               + (f" after {attempt + 1} attempts" if attempt else "") + (f": {detail}" if detail else "")) from None
        except (socket.timeout, TimeoutError):
            raise ServiceError(f"{url} did not answer within {timeout:g} s") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (socket.timeout, TimeoutError)):
                raise ServiceError(f"{url} did not answer within {timeout:g} s") from None
            raise ServiceError(f"cannot reach {url}: {exc.reason}") from None
        except OSError as exc:
            raise ServiceError(f"cannot reach {url}: {exc}") from None
    raise AssertionError("unreachable: the last attempt returns or raises")


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
    return min(backoff * 2 ** attempt, max_wait)


def results_json(payload: bytes, content_type: str, url: str) -> tuple[list[str] | None, list[dict]]:
    """SPARQL 1.1 Query Results JSON: (the variables if the head names them, rows of pyoxigraph terms keyed by
    variable, unbound ones left out). Anything else is a ServiceError that shows what came instead."""
    try:
        data = json.loads(payload)
        variables = data.get("head", {}).get("vars")
        rows = [{name: _term(term) for name, term in row.items()} for row in data["results"]["bindings"]]
    except (ValueError, KeyError, TypeError, AttributeError):
        shown = payload[:80].decode("utf-8", "replace")
        raise ServiceError(f"{url} did not return SPARQL results JSON (Content-Type {content_type or 'none'}; "
                           f"it began {shown!r})") from None
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

    def _request(self, url: str, *, data: bytes | None = None, method: str = "GET", headers: dict | None = None) -> tuple[bytes, str]:
        headers = dict(headers or {})
        if self.user is not None:
            token = base64.b64encode(f"{self.user}:{self.password or ''}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        return http_request(url, data=data, method=method, headers=headers, timeout=self.timeout)

    def _query(self, query: str, accept: str) -> tuple[bytes, str]:
        return self._request(self.query_url, data=urllib.parse.urlencode({"query": query}).encode("utf-8"), method="POST",
                             headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})

    def select(self, query: str, bindings: dict | None = None) -> tuple[list[str], list[list]]:
        """Run a SELECT; rows of pyoxigraph terms, in the server's order, the bound parameters' columns left out."""
        from .catalogue import shown_columns

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
            raise ServiceError(f"{self.query_url} did not return a SPARQL boolean result (Content-Type {content_type or 'none'})")
        return answer

    def graph(self, query: str) -> list[ox.Triple]:
        """Run a CONSTRUCT or DESCRIBE; the triples in whichever RDF syntax the server chose from our Accept."""
        payload, content_type = self._query(query, "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5")
        media_type = content_type.split(";")[0].strip().lower()
        syntax = ox.RdfFormat.from_media_type(media_type) if media_type else None
        try:
            return list(ox.parse(payload, format=syntax or ox.RdfFormat.TURTLE))  # text/plain is N-Triples, which Turtle reads
        except (SyntaxError, ValueError) as exc:
            raise ServiceError(f"{self.query_url} did not return RDF (Content-Type {content_type or 'none'}): {exc}") from None

    def load(self, quads: list[ox.Quad], progress=None) -> int:
        """Replace each graph of the dataset on the server: Graph Store Protocol PUT per graph when a graph store URL
        is given, else SPARQL Update (DROP SILENT GRAPH, then INSERT DATA in chunks). Returns the graphs loaded."""
        graphs: dict = {}
        for q in quads:
            graphs.setdefault(q.graph_name, []).append(ox.Triple(q.subject, q.predicate, q.object))
        for graph, triples in graphs.items():
            if self.graph_store_url:
                target = "default" if isinstance(graph, ox.DefaultGraph) else "graph=" + urllib.parse.quote(graph.value, safe="")
                url = self.graph_store_url + ("&" if "?" in self.graph_store_url else "?") + target
                self._request(url, data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), method="PUT",
                              headers={"Content-Type": "text/turtle"})  # N-Triples is Turtle; every server reads Turtle
            else:
                if not self.update_url:
                    raise KgError("loading needs --update-endpoint (SPARQL Update) or --graph-store (Graph Store Protocol)")
                name = "DEFAULT" if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph}"
                self._update(f"DROP SILENT {name}" if not isinstance(graph, ox.DefaultGraph) else "CLEAR SILENT DEFAULT")
                for start in range(0, len(triples), 2000):
                    data = ox.serialize(triples[start:start + 2000], format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
                    self._update(f"INSERT DATA {{ {data} }}" if isinstance(graph, ox.DefaultGraph) else f"INSERT DATA {{ {name} {{ {data} }} }}")
            if progress:
                progress(1)
        return len(graphs)

    def _update(self, update: str) -> None:
        body = urllib.parse.urlencode({"update": update}).encode("utf-8")
        self._request(self.update_url, data=body, method="POST", headers={"Content-Type": "application/x-www-form-urlencoded"})
