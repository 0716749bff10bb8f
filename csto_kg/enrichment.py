"""`csto-kg enrich`: chosen Wikidata statements about the linked items, copied beside the article's facts and
never mixed with them.

The statements keep Wikidata's own shape and subjects (wd:Q232 wdt:P463 wd:Q318693; p:P39/ps:P39 with pq:
qualifiers) and go into one named graph, <https://w3id.org/csto-kg/graph/wikidata-enrichment>, which says what
it is based on and when. Queries join them to our entities through the owl:sameAs links; the canned query
`wikidata-disagreements` lists where the two sources differ.
"""

from __future__ import annotations

from . import namespaces as ns
from .linking import WD, WDT, Source, _literal

P = "http://www.wikidata.org/prop/"
PS = "http://www.wikidata.org/prop/statement/"
PQ = "http://www.wikidata.org/prop/qualifier/"
PROPERTIES = ("P625", "P39", "P463", "P17", "P131")
ENRICHMENT_GRAPH = ns.GRAPH + "wikidata-enrichment"
SNAPSHOT = ns.GRAPH + "wikidata-snapshot"

DIRECT = """SELECT ?item ?p ?value WHERE {
  VALUES ?item { %s }
  VALUES ?p { %s }
  ?item ?p ?value .
}"""

QUALIFIED = """SELECT ?item ?statement ?pid ?value ?qualifier ?qvalue WHERE {
  VALUES ?item { %s }
  VALUES (?pid ?p ?ps) { %s }
  ?item ?p ?statement .
  ?statement ?ps ?value .
  OPTIONAL { ?statement ?qualifier ?qvalue . FILTER(STRSTARTS(STR(?qualifier), "http://www.wikidata.org/prop/qualifier/")) }
}"""

LINKED_ITEMS = """SELECT DISTINCT ?item WHERE { GRAPH ?link { ?entity owl:sameAs ?item } ?link a kgo:WikidataLink }"""


def linked_items(store) -> list[str]:
    return sorted(s["item"].value for s in store.query(ns.sparql_prologue() + LINKED_ITEMS, use_default_graph_as_union=True))


def statements(source: Source, items: list[str], properties: tuple[str, ...] = PROPERTIES) -> list[tuple]:
    """(subject, predicate, object) terms: direct claims of the chosen properties, and the qualified statement
    nodes (p:, ps:, pq:) of those the source holds in full form (P39 with its start and end)."""
    import pyoxigraph as ox

    if not items:
        return []
    values = " ".join(f"<{i}>" for i in items)
    triples = []
    for row in source.select_terms(DIRECT % (values, " ".join(f"<{WDT}{p}>" for p in properties))):
        triples.append((row["item"], row["p"], row["value"]))
    pairs = " ".join(f"({_literal(p)} <{P}{p}> <{PS}{p}>)" for p in properties)
    for row in source.select_terms(QUALIFIED % (values, pairs)):
        pid = row["pid"].value
        statement = row["statement"]
        triples.append((row["item"], ox.NamedNode(P + pid), statement))
        triples.append((statement, ox.NamedNode(PS + pid), row["value"]))
        if "qualifier" in row:
            triples.append((statement, row["qualifier"], row["qvalue"]))
    return sorted(set(triples), key=lambda t: tuple(map(str, t)))


def enrichment_trig(triples: list[tuple], based_on: str, date: str) -> str:
    def term(t) -> str:
        return str(t)

    lines = ["# Wikidata statements about the linked items, written by `csto-kg enrich`: Wikidata's claims, kept in their",
             "# own named graph beside the article's, never mixed with them. The build reads this file.", "",
             f"<{ENRICHMENT_GRAPH}> {{"]
    lines += [f"    {term(s)} {term(p)} {term(o)} ." for s, p, o in triples]
    lines += ["}", "",
              f'<{ENRICHMENT_GRAPH}> <http://schema.org/isBasedOn> <{based_on}> ;',
              f'    <http://schema.org/dateModified> "{date}"^^<{ns.XSD}date> .', ""]
    return "\n".join(lines)


__all__ = ["PROPERTIES", "ENRICHMENT_GRAPH", "linked_items", "statements", "enrichment_trig", "WD"]
