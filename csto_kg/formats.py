"""Every format the project reads or writes, in one table: its name on the command line, what it holds (rows of
a SELECT, a boolean, a graph, a dataset of named graphs), its media types (the first is the one we answer with),
its file suffixes and its pyoxigraph format. A new format is one row. Import-light on purpose: the command line
reads it at start-up (pyoxigraph's names are resolved only when asked for).

>>> by_name("turtle").media_types[0], by_suffix(".nq").name, by_media("application/sparql-results+xml", "rows").name
('text/turtle', 'nquads', 'xml')
>>> names("rows")
('table', 'csv', 'tsv', 'json', 'xml', 'markdown')
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    name: str
    holds: tuple[str, ...]         # rows, boolean, graph, dataset
    media_types: tuple[str, ...]   # the first is the one we send
    suffixes: tuple[str, ...] = ()
    oxigraph: str | None = None    # the name of a pyoxigraph RdfFormat or QueryResultsFormat member
    for_people: bool = False       # drawn by us (a table), not a standard syntax

    @property
    def media_type(self) -> str:
        return self.media_types[0]

    def pyoxigraph(self):
        import pyoxigraph as ox

        kind = ox.QueryResultsFormat if self.holds[0] in ("rows", "boolean") else ox.RdfFormat
        return getattr(kind, self.oxigraph) if self.oxigraph else None


FORMATS = (
    Format("table", ("rows",), ("text/plain",), for_people=True),
    Format("csv", ("rows", "boolean"), ("text/csv",), (".csv",), "CSV"),
    Format("tsv", ("rows", "boolean"), ("text/tab-separated-values",), (".tsv",), "TSV"),
    Format("json", ("rows", "boolean"), ("application/sparql-results+json", "application/json"), (".srj", ".json"), "JSON"),
    Format("xml", ("rows", "boolean"), ("application/sparql-results+xml", "application/xml"), (".srx", ".xml"), "XML"),
    Format("markdown", ("rows",), ("text/markdown",), (".md",), for_people=True),
    Format("turtle", ("graph",), ("text/turtle", "application/x-turtle"), (".ttl",), "TURTLE"),
    Format("ntriples", ("graph",), ("application/n-triples", "text/plain"), (".nt",), "N_TRIPLES"),
    Format("jsonld", ("graph", "dataset"), ("application/ld+json",), (".jsonld",), "JSON_LD"),
    Format("rdfxml", ("graph",), ("application/rdf+xml",), (".rdf", ".owl"), "RDF_XML"),
    Format("trig", ("dataset",), ("application/trig",), (".trig",), "TRIG"),
    Format("nquads", ("dataset",), ("application/n-quads",), (".nq",), "N_QUADS"),
)
_BY_NAME = {f.name: f for f in FORMATS}


def by_name(name: str) -> Format:
    return _BY_NAME[name]


def names(holds: str) -> tuple[str, ...]:
    return tuple(f.name for f in FORMATS if holds in f.holds)


def by_suffix(suffix: str) -> Format | None:
    return next((f for f in FORMATS if suffix.lower() in f.suffixes), None)


def by_media(media_type: str, holds: str) -> Format | None:
    """The format a media type names among those that hold `holds` (a standard syntax, not one for people)."""
    media_type = media_type.lower()
    return next((f for f in FORMATS if holds in f.holds and not f.for_people and media_type in f.media_types), None)


def media_types(holds: str) -> dict[str, Format]:
    """Media type -> format, for content negotiation: every standard format that holds `holds`."""
    return {m: f for f in FORMATS if holds in f.holds and not f.for_people for m in f.media_types}
