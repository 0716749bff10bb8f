"""Every format the project reads or writes, in one table: its name on the command line, what it holds (rows of
a SELECT, a boolean, a graph, a dataset of named graphs), its media types (the first is the one we answer with),
its file suffixes and its pyoxigraph format. A new format is one row. Import-light on purpose: the command line
reads it at start-up (pyoxigraph's names are resolved only when asked for).

>>> by_name("turtle").media_types[0], by_suffix(".nq").name, by_media("application/sparql-results+xml", "rows").name
('text/turtle', 'nquads', 'xml')
>>> by_suffix(".json").name, by_suffix(".json", RDF_DATA).name, names_of(RDF_DATA)
('json', 'jsonld', ('turtle', 'trig', 'nquads', 'ntriples', 'jsonld', 'rdfxml'))
>>> names("rows")
('table', 'csv', 'tsv', 'json', 'xml', 'markdown')
"""

from __future__ import annotations

from dataclasses import dataclass

PLAIN_TEXT = "text/plain; charset=utf-8"  # what the server's own messages are in


@dataclass(frozen=True)
class Format:
    name: str
    holds: tuple[str, ...]  # rows, boolean, graph, dataset
    media_types: tuple[str, ...]  # the first is the one we send
    suffixes: tuple[str, ...] = ()
    oxigraph: str | None = None  # the name of a pyoxigraph RdfFormat or QueryResultsFormat member
    for_people: bool = False  # drawn by us (a table), not a standard syntax

    @property
    def media_type(self) -> str:
        return self.media_types[0]

    def pyoxigraph(self):
        import pyoxigraph as ox

        if "picture" in self.holds:
            return None
        kind = ox.QueryResultsFormat if self.holds[0] in ("rows", "boolean") else ox.RdfFormat
        return getattr(kind, self.oxigraph) if self.oxigraph else None


REGISTRY = (
    Format("table", ("rows",), ("text/plain",), for_people=True),
    Format("csv", ("rows", "boolean"), ("text/csv",), (".csv",), "CSV"),
    Format("tsv", ("rows", "boolean"), ("text/tab-separated-values",), (".tsv",), "TSV"),
    Format(
        "json", ("rows", "boolean"), ("application/sparql-results+json", "application/json"), (".srj", ".json"), "JSON"
    ),
    Format("xml", ("rows", "boolean"), ("application/sparql-results+xml", "application/xml"), (".srx", ".xml"), "XML"),
    Format("markdown", ("rows",), ("text/markdown",), (".md",), for_people=True),
    Format("turtle", ("graph",), ("text/turtle", "application/x-turtle"), (".ttl",), "TURTLE"),
    Format("trig", ("dataset",), ("application/trig",), (".trig",), "TRIG"),
    Format("nquads", ("dataset",), ("application/n-quads",), (".nq",), "N_QUADS"),
    Format("ntriples", ("graph",), ("application/n-triples", "text/plain"), (".nt",), "N_TRIPLES"),
    Format("jsonld", ("graph", "dataset"), ("application/ld+json",), (".jsonld", ".json"), "JSON_LD"),
    Format("rdfxml", ("graph",), ("application/rdf+xml",), (".rdf", ".owl", ".xml"), "RDF_XML"),
    Format("svg", ("picture",), ("image/svg+xml",), (".svg",)),
    Format("png", ("picture",), ("image/png",), (".png",)),
    Format("dot", ("picture",), ("text/vnd.graphviz",), (".dot",)),
)
RDF_DATA = ("graph", "dataset")  # what RDF files hold
_BY_NAME = {f.name: f for f in REGISTRY}


def by_name(name: str) -> Format:
    return _BY_NAME[name]


def names(holds: str) -> tuple[str, ...]:
    return tuple(f.name for f in REGISTRY if holds in f.holds)


def by_suffix(suffix: str, holds: tuple[str, ...] = ()) -> Format | None:
    """The format a file suffix names (among those that hold one of `holds`, if given)."""
    return next(
        (f for f in REGISTRY if suffix.lower() in f.suffixes and (not holds or set(holds) & set(f.holds))), None
    )


def names_of(holds: tuple[str, ...]) -> tuple[str, ...]:
    """The names of the formats that hold any of `holds`, in the table's order."""
    return tuple(f.name for f in REGISTRY if set(holds) & set(f.holds))


def rdf_syntax(name: str):
    """The pyoxigraph RdfFormat of a registry name (for the code that reads and writes RDF)."""
    return by_name(name).pyoxigraph()


def by_media(media_type: str, holds: str) -> Format | None:
    """The format a media type names among those that hold `holds` (a standard syntax, not one for people)."""
    media_type = media_type.lower()
    return next((f for f in REGISTRY if holds in f.holds and not f.for_people and media_type in f.media_types), None)


def media_types(holds: str) -> dict[str, Format]:
    """Media type -> format, for content negotiation: every standard format that holds `holds`."""
    return {m: f for f in REGISTRY if holds in f.holds and not f.for_people for m in f.media_types}


def negotiate(accept: str, offered: dict, default: str) -> str | None:
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
