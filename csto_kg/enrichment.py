"""`csto-kg enrich`: chosen Wikidata statements about the linked items, copied beside the article's facts and
never mixed with them.

The statements keep Wikidata's own shape and subjects (wd:Q232 wdt:P463 wd:Q318693; p:P39/ps:P39 with pq:
qualifiers) and go into one named graph, <https://w3id.org/csto-kg/graph/wikidata-enrichment>, which says what
it is based on and when. Queries join them to our entities through the owl:sameAs links; the canned query
`wikidata-disagreements` lists where the two sources differ.
"""

from __future__ import annotations

import pyoxigraph as ox

from . import namespaces as ns
from .querying import solutions
from .wikidata import SNAPSHOT, WikidataSource

PROPERTIES = ("P625", "P39", "P463", "P17", "P131")

# the items and the properties come as VALUES blocks, written in by sparql_text (see wikidata.WikidataSource)
DIRECT = """SELECT ?item ?p ?value WHERE {
  ?item ?p ?value .
}"""

QUALIFIED = """SELECT ?item ?statement ?pid ?value ?qualifier ?qvalue WHERE {
  ?item ?p ?statement .
  ?statement ?ps ?value .
  OPTIONAL { ?statement ?qualifier ?qvalue . FILTER(STRSTARTS(STR(?qualifier), STR(?qualifiers))) }
}"""

LINKED_ITEMS = """SELECT DISTINCT ?item WHERE { GRAPH ?link { ?entity owl:sameAs ?item } ?link a kgo:WikidataLink }"""


def linked_items(store) -> list[str]:
    return sorted(s["item"].value for s in solutions(store, LINKED_ITEMS))


def statements(source: WikidataSource, items: list[str], properties: tuple[str, ...] = PROPERTIES) -> list[tuple]:
    """(subject, predicate, object) terms: direct claims of the chosen properties, and the qualified statement
    nodes (p:, ps:, pq:) of those the source holds in full form (P39 with its start and end)."""
    if not items:
        return []
    items_block = [ox.NamedNode(i) for i in items]
    triples = []
    direct = {"item": items_block, "p": [ox.NamedNode(ns.WDT + p) for p in properties]}
    for row in source.select_terms(DIRECT, values=direct):
        triples.append((row["item"], row["p"], row["value"]))
    qualified = {
        "item": items_block,
        ("pid", "p", "ps"): [(ox.Literal(p), ox.NamedNode(ns.P + p), ox.NamedNode(ns.PS + p)) for p in properties],
    }
    for row in source.select_terms(QUALIFIED, values=qualified, bindings={"qualifiers": ox.NamedNode(ns.PQ)}):
        pid = row["pid"].value
        statement = row["statement"]
        triples.append((row["item"], ox.NamedNode(ns.P + pid), statement))
        triples.append((statement, ox.NamedNode(ns.PS + pid), row["value"]))
        if "qualifier" in row:
            triples.append((statement, row["qualifier"], row["qvalue"]))
    return sorted(set(triples), key=lambda t: tuple(map(str, t)))


__all__ = ["PROPERTIES", "SNAPSHOT", "linked_items", "statements"]
