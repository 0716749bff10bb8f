"""`csto-kg stats`: totals, instances per class and uses per property."""

from __future__ import annotations

import pyoxigraph as ox

from . import namespaces as ns
from .querying import solutions

# Each query is bound: ?ontology and ?inferred, the graphs not counted (?inferred is the ontology's again when
# inferences count); ?everything, whether terms outside kgo: count; ?lang, the labels' language.
EXCLUDED = "FILTER(?g != ?ontology && ?g != ?inferred)"
TOTALS = {
    "triples": f"""SELECT (COUNT(*) AS ?n) ?ontology ?inferred WHERE {{
        SELECT DISTINCT ?s ?p ?o ?ontology ?inferred WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {EXCLUDED} }} }} GROUP BY
        ?ontology ?inferred""",
    "claims": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a kgo:Claim }",
    "inferred claims": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a kgo:InferredClaim }",
    "quotes": "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a oa:Annotation }",
    "sources": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a kgo:SourceArticle }",
}
USES = """SELECT ?term (SAMPLE(?l) AS ?label) (COUNT(*) AS ?n) ?lang ?ontology ?inferred ?everything WHERE {
  { SELECT DISTINCT ?term ?x ?y ?ontology ?inferred ?everything WHERE {
      GRAPH ?g { PATTERN } EXCLUDED FILTER(?everything || STRSTARTS(STR(?term), STR(kgo:))) } }
  OPTIONAL { GRAPH ?ontology { ?term rdfs:label ?l FILTER(LANG(?l) = ?lang) } }
} GROUP BY ?term ?lang ?ontology ?inferred ?everything ORDER BY DESC(?n) ?term""".replace("EXCLUDED", EXCLUDED)
CLASS_USES = USES.replace("PATTERN", "?x a ?term . BIND(?x AS ?y)")
PROPERTY_USES = USES.replace("PATTERN", "?x ?term ?y")


def stats_rows(store: ox.Store, *, lang: str = "en", everything: bool = False, asserted: bool = False):
    """Rows of (kind, term, label, count). Ontology triples are never counted; `asserted` leaves out inference."""
    ontology = ox.NamedNode(ns.ONTOLOGY_GRAPH)
    bound = {
        "ontology": ontology,
        "inferred": ox.NamedNode(ns.INFERRED_GRAPH) if asserted else ontology,
        "everything": ox.Literal(everything),
        "lang": ox.Literal(lang),
    }
    integer = ox.NamedNode(ns.XSD + "integer")
    rows = []
    for name, query in TOTALS.items():
        variables = {"ontology", "inferred"} if "?ontology" in query else set()
        rows.append(
            [
                ox.Literal("total"),
                ox.Literal(name),
                None,
                ox.Literal(solutions(store, query, {k: bound[k] for k in variables})[0]["n"].value, datatype=integer),
            ]
        )
    for kind, query in (("class", CLASS_USES), ("property", PROPERTY_USES)):
        rows += [[ox.Literal(kind), s["term"], s["label"], s["n"]] for s in solutions(store, query, bound)]
    return ["kind", "term", "label", "count"], rows
