"""Reasoning: what the ontology entails is materialised; HermiT proves ontology + data consistent.

Materialisation applies the OWL 2 RL rules for exactly the constructs the ontology uses (subclass, subproperty,
domain, range, inverse, transitive, two-step property chains, hasValue restrictions) as SPARQL updates on the
store, until nothing new follows. The rules read the schema from the ontology graph only and write into the
inferred graph, never repeating a triple already stated. HermiT (through owlready2, Java) is the complete OWL 2
DL check; tests verify that every class membership it infers is materialised too.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox

from . import namespaces as ns
from .errors import CheckFailed, KgError

# Each rule: (name, schema pattern read from the ontology graph, data pattern(s), conclusion).
RULES = {
    "cax-sco": ("?c rdfs:subClassOf+ ?d . FILTER(isIRI(?d))", ["?x a ?c"], "?x a ?d"),
    "cls-hv1": ("?c rdfs:subClassOf ?r . ?r owl:hasValue ?v ; owl:onProperty ?p", ["?x a ?c"], "?x ?p ?v"),
    "prp-spo1": ("?p rdfs:subPropertyOf+ ?q . FILTER(isIRI(?q))", ["?x ?p ?y"], "?x ?q ?y"),
    "prp-dom": ("?p rdfs:domain ?c . FILTER(isIRI(?c))", ["?x ?p ?y"], "?x a ?c"),
    "prp-rng": ("?p rdfs:range ?c . FILTER(isIRI(?c))", ["?x ?p ?y . FILTER(!isLiteral(?y))"], "?y a ?c"),
    "prp-inv1": ("?p owl:inverseOf ?q", ["?x ?p ?y"], "?y ?q ?x"),
    "prp-inv2": ("?q owl:inverseOf ?p", ["?x ?p ?y"], "?y ?q ?x"),
    "prp-trp": ("?p a owl:TransitiveProperty", ["?x ?p ?y", "?y ?p ?z"], "?x ?p ?z"),
    "prp-spo2": ("?p owl:propertyChainAxiom ?l . ?l rdf:first ?p1 ; rdf:rest ?r . ?r rdf:first ?p2 ; rdf:rest rdf:nil",
                 ["?x ?p1 ?y", "?y ?p2 ?z"], "?x ?p ?z"),
}


def _rule_update(schema: str, data: list[str], conclusion: str) -> str:
    subject = conclusion.split(" ", 1)[0]
    data_patterns = "\n".join(f"GRAPH ?g{i} {{ {p} }} FILTER(?g{i} != <{ns.ONTOLOGY_GRAPH}>)" for i, p in enumerate(data))
    return (ns.sparql_prologue() +
            f"INSERT {{ GRAPH <{ns.INFERRED_GRAPH}> {{ {conclusion} }} }}\n"
            f"WHERE {{ GRAPH <{ns.ONTOLOGY_GRAPH}> {{ {schema} }}\n{data_patterns}\n"
            f"FILTER(isIRI({subject}) || isBlank({subject}))\n"
            f"FILTER NOT EXISTS {{ GRAPH ?any {{ {conclusion} }} }} }}")


RULE_UPDATES = {name: _rule_update(*rule) for name, rule in RULES.items()}


def materialise(store: ox.Store, max_rounds: int = 50) -> int:
    """Apply the rules until a fixpoint; returns the number of inferred triples."""
    inferred = ox.NamedNode(ns.INFERRED_GRAPH)

    def count() -> int:
        return sum(1 for _ in store.quads_for_pattern(None, None, None, inferred))

    before = count()
    for _ in range(max_rounds):
        for update in RULE_UPDATES.values():
            store.update(update)
        after = count()
        if after == before:
            return after
        before = after
    raise KgError(f"materialisation did not reach a fixpoint in {max_rounds} rounds")


# --- HermiT -------------------------------------------------------------------------------------------

_XSD_DATE = ns.XSD + "date"
_XSD_DATETIME = ns.XSD + "dateTime"


_WKT = "http://www.opengis.net/ont/geosparql#wktLiteral"


def _for_hermit(quads) -> list[ox.Triple]:
    """OWL 2 has no xsd:date; map dates to midnight xsd:dateTime values. The map is injective and keeps order,
    so a clash (two dates for a functional property, a date where a date is not allowed) stays a clash."""
    out = []
    for q in quads:
        obj = q.object
        if isinstance(obj, ox.Literal) and obj.datatype.value == _XSD_DATE:
            obj = ox.Literal(obj.value + "T00:00:00", datatype=ox.NamedNode(_XSD_DATETIME))
        elif isinstance(obj, ox.NamedNode) and obj.value == _XSD_DATE:
            obj = ox.NamedNode(_XSD_DATETIME)
        elif isinstance(obj, ox.Literal) and obj.datatype.value == _WKT:  # nor GeoSPARQL's: coordinates as text
            obj = ox.Literal(obj.value)
        out.append(ox.Triple(q.subject, q.predicate, obj))
    return out


def java_available() -> bool:
    return shutil.which("java") is not None


def hermit(quads) -> set[tuple[str, str]]:
    """Run HermiT on ontology + data. Returns the (individual, class) memberships it infers;
    raises CheckFailed if the whole is inconsistent."""
    if not java_available():
        raise KgError("HermiT needs Java and `java` is not on PATH: run `make setup` (it installs default-jre-headless), "
                      "or build with --no-hermit to skip the consistency proof")
    import owlready2  # heavy: imported only when reasoning

    with tempfile.TemporaryDirectory(prefix="csto-kg-hermit-") as tmp:
        path = Path(tmp) / "input.nt"
        ox.serialize(_for_hermit(quads), output=str(path), format=ox.RdfFormat.N_TRIPLES)
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load()
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            raise CheckFailed("HermiT: ontology + data are inconsistent") from None
        except owlready2.OwlReadyJavaError as exc:
            raise KgError(f"HermiT failed: {str(exc).strip().splitlines()[-1]}") from None
        memberships = set()
        typed = {q.subject.value for q in quads if q.predicate.value == ns.RDF_TYPE and isinstance(q.subject, ox.NamedNode)
                 and not q.object.value.startswith(ns.OWL)}
        for iri in sorted(typed):
            individual = world[iri]
            for cls in getattr(individual, "INDIRECT_is_a", ()):
                iri = getattr(cls, "iri", None)
                if iri and iri != ns.OWL + "Thing":
                    memberships.add((individual.iri, iri))
        world.close()
    return memberships


# --- Explaining an inconsistency --------------------------------------------------------------------

EXPLAIN_QUERIES = {
    "disjoint classes": f"""
        SELECT DISTINCT ?x ?c1 ?c2 WHERE {{
          GRAPH <{ns.ONTOLOGY_GRAPH}> {{ ?d a owl:AllDisjointClasses ; owl:members ?list .
            ?list rdf:rest*/rdf:first ?c1 . ?list rdf:rest*/rdf:first ?c2 . FILTER(STR(?c1) < STR(?c2)) }}
          ?x a ?c1 , ?c2 .
        }}""",
    "two values for a functional property": f"""
        SELECT DISTINCT ?x ?p ?v1 ?v2 WHERE {{
          GRAPH <{ns.ONTOLOGY_GRAPH}> {{ ?p a owl:FunctionalProperty }}
          GRAPH ?g1 {{ ?x ?p ?v1 }} GRAPH ?g2 {{ ?x ?p ?v2 }}
          FILTER(?g1 != <{ns.ONTOLOGY_GRAPH}> && ?g2 != <{ns.ONTOLOGY_GRAPH}> && STR(?v1) < STR(?v2))
        }}""",
}


def explain_inconsistency(store: ox.Store) -> list[tuple[str, str]]:
    """Likely causes of an inconsistency, found by SPARQL over the materialised store: (subject IRI, description)."""
    found = []
    for kind, query in EXPLAIN_QUERIES.items():
        for row in store.query(ns.sparql_prologue() + query, use_default_graph_as_union=True):
            terms = [ns.curie(t.value) if isinstance(t, ox.NamedNode) else str(t) for t in row]
            found.append((row[0].value, f"{kind}: {terms[0]} — {', '.join(terms[1:])}"))
    return found
