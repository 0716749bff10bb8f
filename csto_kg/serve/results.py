"""A query's answer as the server sends it, computed in a worker process: the query read first (sparql_text's
screen: updates, SERVICE, unreadable text and deep nesting never reach the engine), the format negotiated, the
answer serialised in a format of the registry and refused (413) past a size limit while it is being written, never
held whole beyond it. A syntax error is a 400 with the engine's message; an XML answer that would hold a character
XML 1.0 cannot (U+0000, most control characters, U+FFFE, U+FFFF) is refused (406), never sent ill-formed."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from ..formats import PLAIN_TEXT as TEXT
from ..formats import by_name, media_types, negotiate
from ..sparql_text import refusal

FORM_HOLDS = {"SELECT": "rows", "ASK": "boolean", "CONSTRUCT": "graph", "DESCRIBE": "graph"}
DEFAULT_FORMAT = {"rows": "json", "boolean": "json", "graph": "turtle"}
REFUSED_WITH = {"update": 403, "service": 400, "unreadable": 400, "nesting": 400}
XML_FORMATS = {"xml", "rdfxml"}
# in UTF-8: C0 controls but tab, line feed and carriage return; U+FFFE and U+FFFF (surrogates cannot occur)
NOT_IN_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")


@dataclass(frozen=True)
class Guards:
    """What a query must not do before the engine sees it (see sparql_text.refusal)."""

    allow_service: bool = False
    max_depth: int = 100
    max_elements: int = 2000


class LimitedBuffer:
    """A file-like sink that refuses to grow past `limit` bytes: pyoxigraph stops serialising when it refuses."""

    def __init__(self, limit: int):
        self.limit, self.parts, self.size, self.overflowed = limit, [], 0, False

    def write(self, data) -> int:
        self.size += len(data)
        if self.size > self.limit:
            self.overflowed = True
            raise OSError("result too large")
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def answer(
    store,
    text: str,
    substitutions: dict | None,
    accept: str,
    dataset: tuple | None,
    base: str | None,
    *,
    limit: int,
    prefixes: dict,
    guards: Guards,
) -> tuple[int, str, bytes]:
    """A query from the protocol, answered in the format `accept` prefers (or refused, with the reason)."""
    reading, refused = refusal(
        text, allow_service=guards.allow_service, max_depth=guards.max_depth, max_elements=guards.max_elements
    )
    if refused is not None:
        return REFUSED_WITH[refused.kind], TEXT, refused.message.encode()
    holds = FORM_HOLDS.get(reading.form or "SELECT", "rows")
    offered = media_types(holds)
    chosen = negotiate(accept, offered, by_name(DEFAULT_FORMAT[holds]).media_type)
    if chosen is None:
        return (
            406,
            TEXT,
            f"cannot answer in {accept}: the answer to {reading.form or 'this query'} is offered as "
            f"{', '.join(offered)}".encode(),
        )
    if dataset is None and reading.dataset:
        dataset = ()  # FROM and FROM NAMED in the query: its own dataset, as SPARQL says
    return serialized_answer(store, text, substitutions, offered[chosen].name, limit, prefixes, dataset, base)


def serialized_answer(
    store,
    text: str,
    substitutions: dict | None,
    fmt: str,
    limit: int,
    prefixes: dict,
    dataset: tuple | None = None,
    base: str | None = None,
) -> tuple[int, str, bytes]:
    """One query, its answer serialised in format `fmt` (a name of the formats registry). `dataset`:
    (default graphs, named graphs) given by the protocol, () for the query's own FROM and FROM NAMED, else (None)
    the union of all graphs is the default graph; `base`: the IRI relative IRIs in the query resolve against."""
    options: dict = {"use_default_graph_as_union": True}
    if dataset == ():
        options = {}
    elif dataset is not None:
        defaults, named = dataset
        options = {
            "default_graph": [ox.NamedNode(g) for g in defaults],
            "named_graphs": [ox.NamedNode(g) for g in named],
        }
    try:
        result = store.query(text, substitutions=substitutions or None, prefixes=prefixes, base_iri=base, **options)
    except SyntaxError as exc:
        return 400, TEXT, f"SPARQL syntax error: {exc.msg}".encode()
    target = by_name(fmt)
    sink = LimitedBuffer(limit)
    try:
        if isinstance(result, ox.QueryTriples):
            if target.name == "turtle":  # the project's prefixes make Turtle readable; other syntaxes have none
                ox.serialize(result, sink, format=target.pyoxigraph(), prefixes=prefixes)
            else:
                ox.serialize(result, sink, format=target.pyoxigraph())
        else:
            result.serialize(sink, format=target.pyoxigraph())
    except Exception:
        if sink.overflowed:
            return (
                413,
                TEXT,
                f"the result is larger than the {limit:,} byte limit: narrow the query, or use LIMIT".encode(),
            )
        raise
    body = sink.getvalue()
    if target.name in XML_FORMATS:
        bad = NOT_IN_XML.search(body)
        if bad is not None:
            character = bad.group().decode("utf-8")
            return (
                406,
                TEXT,
                f"the answer holds U+{ord(character):04X}, which XML 1.0 cannot hold: ask for it as "
                f"{'JSON, CSV or TSV' if target.name == 'xml' else 'Turtle, N-Triples or JSON-LD'}".encode(),
            )
    media = target.media_type + ("; charset=utf-8" if target.media_type.startswith("text/") else "")
    return 200, media, body
