"""`csto-kg stats`: totals, instances per class and uses per property."""

from __future__ import annotations

import pyoxigraph as ox

from . import namespaces as ns

TOTALS = {
    "triples": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g NOT IN (%s)) } }",
    "claims": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a kgo:Claim }",
    "inferred claims": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a kgo:InferredClaim }",
    "quotes": "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a oa:Annotation }",
    "sources": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a kgo:SourceArticle }",
}


def stats_rows(store: ox.Store, *, lang: str = "en", everything: bool = False, asserted: bool = False):
    """Rows of (kind, term, label, count). Ontology triples are never counted; `asserted` leaves out inference."""
    excluded = ", ".join([f"<{ns.ONTOLOGY_GRAPH}>"] + ([f"<{ns.INFERRED_GRAPH}>"] if asserted else []))
    scope = "" if everything else f'FILTER(STRSTARTS(STR(?term), "{ns.KGO}"))'
    integer = ox.NamedNode(ns.XSD + "integer")

    def select(query: str, **bindings):
        return store.query(ns.sparql_prologue() + query, use_default_graph_as_union=True,
                           substitutions={ox.Variable(k): v for k, v in bindings.items()} or None)

    def grouped(kind: str, pattern: str) -> list[list]:
        query = f"""SELECT ?term (SAMPLE(?l) AS ?label) (COUNT(*) AS ?n) ?lang WHERE {{
              {{ SELECT DISTINCT ?term ?x ?y WHERE {{ GRAPH ?g {{ {pattern} }} FILTER(?g NOT IN ({excluded})) {scope} }} }}
              OPTIONAL {{ GRAPH <{ns.ONTOLOGY_GRAPH}> {{ ?term rdfs:label ?l FILTER(LANG(?l) = ?lang) }} }}
            }} GROUP BY ?term ?lang ORDER BY DESC(?n) ?term"""
        return [[ox.Literal(kind), s["term"], s["label"], s["n"]] for s in select(query, lang=ox.Literal(lang))]

    rows = [[ox.Literal("total"), ox.Literal(name), None,
             ox.Literal(next(iter(select(query.replace("%s", excluded))))["n"].value, datatype=integer)]
            for name, query in TOTALS.items()]
    rows += grouped("class", "?x a ?term . BIND(?x AS ?y)")
    rows += grouped("property", "?x ?term ?y")
    return ["kind", "term", "label", "count"], rows
