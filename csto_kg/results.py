"""A query's answer as the server sends it: serialised in a format of the registry, refused (413) past a size
limit while it is being written, never held whole beyond it; a syntax error is a 400 with the engine's message."""

from __future__ import annotations

import pyoxigraph as ox

from .formats import PLAIN_TEXT as TEXT
from .formats import by_name


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
    (default graphs, named graphs) given by the protocol, else the union of all graphs is the default graph;
    `base`: the IRI relative IRIs in the query resolve against (the endpoint's)."""
    options = {"use_default_graph_as_union": True}
    if dataset is not None:
        defaults, named = dataset
        options = {
            "default_graph": [ox.NamedNode(g) for g in defaults],
            **({"named_graphs": [ox.NamedNode(g) for g in named]} if named else {}),
        }
        if not named:
            options["named_graphs"] = []
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
    media = target.media_type + ("; charset=utf-8" if target.media_type.startswith("text/") else "")
    return 200, media, sink.getvalue()
