"""What the shapes require of every instance of a class: the properties with sh:minCount at violation severity,
read from shapes/ (and the ontology's class and property hierarchy). `extract` fills them from the sentence before
when the sentence leaves one out; `review` will not accept a claim that leaves one out on an event the graph knows
nothing more of, since the build would fail. Nor one that breaks a check of queries/checks/ made on one claim alone
(`# scope: one claim`: a past event dated after the source's publication), by the check's own query and message.
"""

from __future__ import annotations

import datetime

import pyoxigraph as ox

from .. import namespaces as ns
from ..catalogue import CannedQuery, parse_query_file
from ..formats import rdf_syntax
from ..project import Project
from ..querying import solutions

REQUIRED = """SELECT DISTINCT ?class ?path WHERE {
  ?shape sh:targetClass ?class ; sh:property ?property .
  ?property sh:path ?path ; sh:minCount ?least .
  FILTER(isIRI(?path) && ?least >= 1)
  FILTER NOT EXISTS { ?property sh:severity ?severity . FILTER(?severity != sh:Violation) }
  FILTER NOT EXISTS { ?shape sh:severity ?severity . FILTER(?severity != sh:Violation) }
}"""
# a value of a class the shapes want at least one of (sh:qualifiedMinCount): a city "says which country it lies in",
# kgo:locatedIn a kgo:Country, directly or through a region (trial 44's build failed on a city accepted without one)
QUALIFIED = """SELECT DISTINCT ?class ?path ?wanted WHERE {
  ?shape sh:targetClass ?class ; sh:property ?property .
  ?property sh:path ?path ; sh:qualifiedMinCount ?least ; sh:qualifiedValueShape ?value .
  ?value sh:class ?wanted .
  FILTER(isIRI(?path) && ?least >= 1)
  FILTER NOT EXISTS { ?property sh:severity ?severity . FILTER(?severity != sh:Violation) }
  FILTER NOT EXISTS { ?shape sh:severity ?severity . FILTER(?severity != sh:Violation) }
}"""
TRANSITIVE = """SELECT ?property WHERE { ?property a owl:TransitiveProperty }"""
# and what it may state once only (sh:maxCount 1): a second value, from the claim or the graph, fails the build
AT_MOST_ONE = REQUIRED.replace("sh:minCount ?least", "sh:maxCount 1").replace(" && ?least >= 1", "")
SUPERCLASSES = """SELECT ?class ?super WHERE { ?class rdfs:subClassOf* ?super }"""
VALUES_OF = """SELECT DISTINCT ?subject ?path ?value WHERE { ?subject ?path ?value }"""
TYPES_OF = """SELECT DISTINCT ?subject ?type WHERE { ?subject a ?type }"""
SUBPROPERTIES = """SELECT ?sub ?super WHERE { ?sub rdfs:subPropertyOf+ ?super }"""
ONE_CLAIM = "one claim"  # a check's scope (`# scope: one claim`): it reads one claim and its source's date only
KNOWN_FACTS = """SELECT DISTINCT ?event ?predicate WHERE { ?event ?predicate ?value }"""


class Requirements:
    """What the shapes make every event of a class state (sh:minCount on a plain path, as a violation): a claim
    that leaves one out, on an event the graph knows nothing more of, would fail the build."""

    def __init__(self, project: Project, graph: ox.Store | None = None):
        self.schema = ox.Store()
        for path in sorted(project.shapes_dir.glob("*.ttl")) + sorted(project.ontology_dir.glob("*.ttl")):
            self.schema.load(path=str(path), format=rdf_syntax("turtle"))
        self.graph = graph
        self.by_class: dict[str, set[str]] = {}
        shacl = "PREFIX sh: <http://www.w3.org/ns/shacl#>\n"
        for row in solutions(self.schema, shacl + REQUIRED):
            self.by_class.setdefault(row["class"].value, set()).add(row["path"].value)
        self.once_by_class: dict[str, set[str]] = {}
        for row in solutions(self.schema, shacl + AT_MOST_ONE):
            self.once_by_class.setdefault(row["class"].value, set()).add(row["path"].value)
        self.qualified = [
            (row["class"].value, row["path"].value, row["wanted"].value)
            for row in solutions(self.schema, shacl + QUALIFIED)
        ]
        self.transitive = {row["property"].value for row in solutions(self.schema, TRANSITIVE)}
        self._wanted: dict[str, set[str]] = {}
        checks = sorted((project.queries_dir / "checks").glob("*-violation.rq"))
        self.claim_checks: list[CannedQuery] = [
            check for check in map(parse_query_file, checks) if check.meta.get("scope") == ONE_CLAIM
        ]
        self.supers: dict[str, set[str]] = {}
        for row in solutions(self.schema, SUBPROPERTIES):
            self.supers.setdefault(row["sub"].value, set()).add(row["super"].value)

    def wanted(self, cls: str) -> set[str]:
        """The properties every instance of `cls` (a class IRI) must have, its superclasses' included."""
        if cls not in self._wanted:
            self._wanted[cls] = set().union(*(self.by_class.get(c, set()) for c in self._classes(cls)))
        return self._wanted[cls]

    def once(self, cls: str) -> set[str]:
        """The properties an instance of `cls` may have one value of at most, its superclasses' included."""
        return set().union(*(self.once_by_class.get(c, set()) for c in self._classes(cls)))

    def _classes(self, cls: str) -> set[str]:
        return {r["super"].value for r in solutions(self.schema, SUPERCLASSES, {"class": ox.NamedNode(cls)})}

    def too_many(self, quads: list[ox.Quad], subject: ox.NamedNode) -> list[str]:
        """What the shapes allow `subject` one value of that `quads` and the graph together give two or more of, as
        CURIEs ("Exactly one person or body resigns": a claim naming another agent of the graph's resignation)."""
        crowded = []
        for path in sorted(set().union(*(self.once(t) for t in self._types(quads, subject)))):
            if len(self._values(quads, subject, path)) > 1:
                crowded.append(ns.curie(path))
        return crowded

    def broken_checks(
        self, quads: list[ox.Quad], claim: ox.NamedNode, source: str, published: datetime.date
    ) -> list[str]:
        """The messages of the one-claim checks the claim (`quads`, its graph `claim`) breaks, as the build would
        run them: the claim derived from `source`, published on `published`."""
        store = ox.Store()
        store.extend(quads)
        store.add(ox.Quad(claim, ox.NamedNode(ns.PROV + "wasDerivedFrom"), ox.NamedNode(source)))
        day = ox.Literal(published.isoformat(), datatype=ox.NamedNode(ns.XSD + "date"))
        store.add(ox.Quad(ox.NamedNode(source), ox.NamedNode(ns.SCHEMA + "datePublished"), day))
        broken = []
        for check in self.claim_checks:
            for row in solutions(store, check.text, where=str(check.path)):
                value = row["value"]
                shown = ns.curie(value.value) if isinstance(value, ox.NamedNode) else value.value if value else ""
                broken.append(check.meta.get("message", check.title).replace("{?value}", shown))
        return broken

    def given(self, predicates: set[str]) -> set[str]:
        """The predicates and every property they are sub-properties of (kgo:sender gives kgo:agent)."""
        return predicates.union(*(self.supers.get(p, set()) for p in predicates))

    def unqualified(self, quads: list[ox.Quad], node: ox.NamedNode) -> list[str]:
        """The values of a class the shapes want of `node` that neither `quads` nor the graph give, followed through
        a transitive property as the reasoner does (a city in a region in a country), as "PATH (to a CLASS)"."""
        classes = self._closure(self._types(quads, node))
        lacking = []
        for cls, path, wanted in self.qualified:
            if cls not in classes:
                continue
            seen, frontier = set(), [node]
            while frontier:
                values = {v for n in frontier for v in self._values(quads, n, path)} - seen
                seen |= values
                frontier = [v for v in values if isinstance(v, ox.NamedNode)] if path in self.transitive else []
            if not any(wanted in self._closure(self._types(quads, v)) for v in seen):
                lacking.append(f"{ns.curie(path)} (to a {ns.curie(wanted)})")
        return lacking

    def _closure(self, types: set[str]) -> set[str]:
        """The classes and every class they are subclasses of."""
        return set().union(*(self._classes(t) for t in types))

    def _types(self, quads: list[ox.Quad], node) -> set[str]:
        """The types `quads` and the graph give `node`."""
        types = {q.object.value for q in quads if q.subject == node and q.predicate.value == ns.RDF_TYPE}
        if self.graph is not None and isinstance(node, ox.NamedNode):
            types |= {r["type"].value for r in solutions(self.graph, TYPES_OF, {"subject": node})}
        return types

    def _values(self, quads: list[ox.Quad], node, path: str) -> set:
        """The values of `path` `quads` and the graph give `node`."""
        values = {q.object for q in quads if q.subject == node and q.predicate.value == path}
        if self.graph is not None and isinstance(node, ox.NamedNode):
            bound = {"subject": node, "path": ox.NamedNode(path)}
            values |= {r["value"] for r in solutions(self.graph, VALUES_OF, bound)}
        return values

    def missing(self, quads: list[ox.Quad], event: ox.NamedNode) -> list[str]:
        """What the shapes want of `event` that neither `quads` nor the graph state, as CURIEs."""
        types = [q.object.value for q in quads if q.subject == event and q.predicate.value == ns.RDF_TYPE]
        wanted = set().union(*(self.wanted(t) for t in types))
        stated = {q.predicate.value for q in quads if q.subject == event}
        if self.graph is not None:
            stated |= {r["predicate"].value for r in solutions(self.graph, KNOWN_FACTS, {"event": event})}
        return sorted(ns.curie(p) for p in wanted - self.given(stated))
