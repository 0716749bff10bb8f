"""graph/wikidata/, in one place: where Wikidata's data comes from (the shipped snapshot, in-process, or a SPARQL
endpoint over HTTP), and the two files the project keeps of it, read for the build and written with
pyoxigraph's TriG serializer:

- links.trig (`csto-kg link --write`): a named graph per link, holding one owl:sameAs from an entity to a
  Wikidata item; beside it, in the default graph, the link's score, the reasons that decided it and the date of
  the Wikidata data used;
- enrichment.trig (`csto-kg enrich`): Wikidata's own statements about the linked items, in Wikidata's terms and
  on Wikidata's items, all in one named graph, so that they can never pass for an article's facts.

Queries go to either source the same way: values are written into the text by `sparql_text` (escaped terms),
the one place that does so; the endpoint is asked through `remote.Endpoint`, the one HTTP client.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from . import namespaces as ns
from .errors import KgError
from .formats import rdf_syntax
from .loader import RdfFile, read_rdf
from .sparql_text import substitute, with_values

SNAPSHOT = ns.GRAPH + "wikidata-snapshot"
ENRICHMENT_GRAPH = ns.GRAPH + "wikidata-enrichment"
USER_AGENT = "csto-kg/{version} (https://w3id.org/csto-kg; Wikidata linker; offline-first)"
LINKS_HEADER = """\
# Wikidata links written by `csto-kg link --write` (review them before committing): one named graph per
# link, holding one owl:sameAs; beside it the link's score, the evidence that decided it, and the date of
# the Wikidata data used. The build reads this file; `csto-kg link --write` rewrites it.
"""
ENRICHMENT_HEADER = """\
# Wikidata statements about the linked items, written by `csto-kg enrich`: Wikidata's claims, kept in their
# own named graph beside the article's, never mixed with them. The build reads this file.
"""
PREFIXES = {
    "kg": ns.KG,
    "kgo": ns.KGO,
    "link": ns.LINK,
    "owl": ns.OWL,
    "wd": ns.WD,
    "wdt": ns.WDT,
    "p": ns.P,
    "ps": ns.PS,
    "pq": ns.PQ,
    "xsd": ns.XSD,
    "schema": ns.SCHEMA,
}


# --- where Wikidata's data comes from ---------------------------------------------------------------------


class WikidataSource:
    """Where the linker's and the enrichment's queries go."""

    def select_terms(self, query: str, *, bindings: dict | None = None, values: dict | None = None) -> list[dict]:
        """Rows of RDF terms, unbound variables left out. `bindings`: variable -> term; `values`: a VALUES block,
        (variables) -> rows of terms."""
        raise NotImplementedError

    def select(self, query: str, **options) -> list[dict[str, str]]:
        return [{name: term.value for name, term in row.items()} for row in self.select_terms(query, **options)]

    @staticmethod
    def _text(query: str, bindings: dict | None, values: dict | None) -> str:
        for variables, rows in (values or {}).items():
            query = with_values(query, variables, rows)
        return substitute(query, {ox.Variable(k): v for k, v in (bindings or {}).items()})


class SnapshotSource(WikidataSource):
    """graph/wikidata/snapshot.ttl (or another file in Wikidata's RDF shape), queried in-process."""

    def __init__(self, path: Path):
        self.store = ox.Store()
        try:
            self.store.load(path=str(path), format=rdf_syntax("turtle"))
        except OSError as exc:
            raise KgError(f"cannot read the Wikidata snapshot: {exc.strerror}", path) from None
        except SyntaxError as exc:
            raise KgError(f"syntax error in the Wikidata snapshot: {exc.msg}", path, exc.lineno) from None
        self.path = path

    def select_terms(self, query: str, *, bindings: dict | None = None, values: dict | None = None) -> list[dict]:
        solutions = self.store.query(self._text(query, bindings, values))  # the very text an endpoint would get
        names = [v.value for v in solutions.variables]
        return [{n: s[n] for n in names if s[n] is not None} for s in solutions]

    def snapshot_date(self) -> str | None:
        rows = self.select("SELECT ?d WHERE { ?s <http://schema.org/dateModified> ?d }")
        return rows[0]["d"] if rows else None


class EndpointSource(WikidataSource):
    """A SPARQL 1.1 endpoint over HTTP (the Wikidata Query Service, or any server holding Wikidata's RDF shape),
    asked with a descriptive User-Agent; `timeout` bounds each whole answer; 429 and 5xx answers are retried with
    exponential back-off, honouring Retry-After."""

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 1.0,
        max_wait: float = 60.0,
        sleep=None,
    ):
        from . import __version__
        from .remote import Endpoint

        if not re.match(r"https?://", url):
            raise KgError(f"--endpoint must be an http(s) URL, not {url!r}")
        self.url = url
        self.endpoint = Endpoint(
            url,
            timeout=timeout,
            retries=retries,
            backoff=backoff,
            max_wait=max_wait,
            sleep=sleep,
            user_agent=USER_AGENT.format(version=__version__),
        )

    def select_terms(self, query: str, *, bindings: dict | None = None, values: dict | None = None) -> list[dict]:
        from .sparql_text import projected

        text = self._text(query, bindings, values)
        return self.endpoint.select_rows(text, expected=projected(text))


# --- links.trig -------------------------------------------------------------------------------------------


def read_links(path: Path, shown_as: str) -> RdfFile:
    """A links file: each named graph holds one owl:sameAs from a kg: entity to a Wikidata item (refused by
    name otherwise); the links' metadata (score, reasons, snapshot date) goes from the file's default graph into
    the graph of links."""
    f = read_rdf(path, shown_as)
    for q in f.quads:
        if isinstance(q.graph_name, ox.NamedNode) and not (
            q.predicate.value == ns.OWL_SAME_AS
            and q.subject.value.startswith(ns.KG)
            and re.fullmatch(re.escape(ns.WD) + r"Q[1-9]\d*", q.object.value)
        ):
            raise f.error(
                f"a link graph may hold only owl:sameAs from a kg: entity to a Wikidata item, not "
                f"{ns.curie(q.subject.value)} {ns.curie(q.predicate.value)} …",
                iri=q.graph_name.value,
            )
    links = ox.NamedNode(ns.LINKS_GRAPH)
    f.quads = [
        q if isinstance(q.graph_name, ox.NamedNode) else ox.Quad(q.subject, q.predicate, q.object, links)
        for q in f.quads
    ]
    return f


def links_trig(links: list[tuple[str, str, float, str]], snapshot_date: str, method: str) -> str:
    """links.trig for (entity IRI, QID, score, reason) links."""
    quads = []
    for entity, qid, score, reason in sorted(links):
        link = ox.NamedNode(ns.LINK + entity.removeprefix(ns.KG))
        quads.append(ox.Quad(ox.NamedNode(entity), ox.NamedNode(ns.OWL_SAME_AS), ox.NamedNode(ns.WD + qid), link))
        quads += [
            ox.Quad(link, p, o)
            for p, o in (
                (ox.NamedNode(ns.RDF_TYPE), ox.NamedNode(ns.KGO + "WikidataLink")),
                (
                    ox.NamedNode(ns.KGO + "linkScore"),
                    ox.Literal(canonical_decimal(score), datatype=ox.NamedNode(ns.XSD + "decimal")),
                ),
                (
                    ox.NamedNode(ns.KGO + "snapshotDate"),
                    ox.Literal(snapshot_date, datatype=ox.NamedNode(ns.XSD + "date")),
                ),
                (ox.NamedNode(ns.KGO + "linkReason"), ox.Literal(f"{method}: {reason}")),
            )
        ]
    return LINKS_HEADER + "\n" + ox.serialize(quads, format=rdf_syntax("trig"), prefixes=PREFIXES).decode("utf-8")


def canonical_decimal(value: float) -> str:
    """A score to two places in xsd:decimal's canonical form (0.9, not 0.90; 1, not 1.00), as the store keeps it.

    >>> canonical_decimal(0.9), canonical_decimal(1.0), canonical_decimal(0.875)
    ('0.9', '1', '0.88')
    """
    return format(Decimal(f"{value:.2f}").normalize(), "f")


# --- enrichment.trig --------------------------------------------------------------------------------------


def read_enrichment(path: Path, shown_as: str) -> RdfFile:
    """An enrichment file: Wikidata's own statements about linked items, all in the enrichment graph, in
    Wikidata's terms only (refused by name otherwise)."""
    f = read_rdf(path, shown_as)
    graph = ox.NamedNode(ENRICHMENT_GRAPH)
    for q in f.quads:
        if isinstance(q.graph_name, ox.NamedNode):
            if q.graph_name.value != ENRICHMENT_GRAPH:
                raise f.error(
                    f"Wikidata statements belong in the graph <{ENRICHMENT_GRAPH}> only", iri=q.graph_name.value
                )
            if not (
                q.subject.value.startswith(ns.WIKIDATA_NAMESPACES)
                and q.predicate.value.startswith(ns.WIKIDATA_NAMESPACES)
            ):
                raise f.error(
                    f"the enrichment graph holds Wikidata's statements only (wd: subjects, Wikidata properties), "
                    f"not {ns.curie(q.subject.value)} {ns.curie(q.predicate.value)}",
                    iri=q.subject.value,
                )
    f.quads = [ox.Quad(q.subject, q.predicate, q.object, graph) for q in f.quads]
    return f


def enrichment_trig(triples: list[tuple], based_on: str, date: str) -> str:
    """enrichment.trig for (subject, predicate, object) terms, with what they are based on and when."""
    graph = ox.NamedNode(ENRICHMENT_GRAPH)
    quads = [ox.Quad(s, p, o, graph) for s, p, o in triples]
    quads += [
        ox.Quad(graph, ox.NamedNode(ns.SCHEMA + "isBasedOn"), ox.NamedNode(based_on)),
        ox.Quad(
            graph, ox.NamedNode(ns.SCHEMA + "dateModified"), ox.Literal(date, datatype=ox.NamedNode(ns.XSD + "date"))
        ),
    ]
    return ENRICHMENT_HEADER + "\n" + ox.serialize(quads, format=rdf_syntax("trig"), prefixes=PREFIXES).decode("utf-8")
