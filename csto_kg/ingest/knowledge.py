"""What review knows of the project now, not only at the last build: the build, the register and claim files written
since (graph/register/*.ttl, graph/claims/*.trig), and what the review in progress has accepted. An entity or an
event typed or labelled by any of them can be named by the next edit, and what the shapes want of a claim's subject
is read from all of them: no `csto-kg build` is needed between two claims of one review.

The ontology's part (`Schema`) says what a node's classes entail: its superclasses, the classes disjoint with them,
and the classes a property's domain and range give its subject and object, so that an edit making a person an event
is refused as it is typed, not by the reasoner at the next build; likewise the properties that never relate a node
to itself (an event its own sub-event).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .. import namespaces as ns
from ..errors import KgError
from ..formats import rdf_syntax
from ..project import Project
from ..querying import NAMES, Names, solutions

TYPES = "SELECT ?s ?class WHERE { ?s a ?class . FILTER(isIRI(?s) && isIRI(?class)) }"
TYPED_IN_FILES = """SELECT DISTINCT ?s WHERE { GRAPH ?file { ?s a ?class } FILTER(STRSTARTS(STR(?file), "file:")) }"""
SUPERCLASSES = """SELECT ?class ?super WHERE {
  ?class a owl:Class . ?class rdfs:subClassOf* ?super . FILTER(isIRI(?class) && isIRI(?super)) }"""
DISJOINT = """SELECT ?a ?b WHERE {
  { ?set a owl:AllDisjointClasses ; owl:members ?list .
    ?list rdf:rest*/rdf:first ?a . ?list rdf:rest*/rdf:first ?b . FILTER(?a != ?b) }
  UNION { ?a owl:disjointWith ?b } UNION { ?b owl:disjointWith ?a }
  FILTER(isIRI(?a) && isIRI(?b)) }"""
DOMAINS = """SELECT ?p ?class WHERE {
  ?p rdfs:subPropertyOf* ?q . ?q rdfs:domain ?class . FILTER(isIRI(?p) && isIRI(?class)) }"""
RANGES = """SELECT ?p ?class WHERE {
  ?p a owl:ObjectProperty ; rdfs:subPropertyOf* ?q . ?q rdfs:range ?class . FILTER(isIRI(?p) && isIRI(?class)) }"""
FUNCTIONAL = "SELECT ?p WHERE { ?p a owl:FunctionalProperty , owl:DatatypeProperty }"
# owl:IrreflexiveProperty, and kgo:irreflexive on the transitive ones (OWL 2 DL allows irreflexivity of simple
# properties only), with their sub-properties: what relates a node to itself by one of them relates it by the other
IRREFLEXIVE = """SELECT DISTINCT ?p WHERE {
  { ?q a owl:IrreflexiveProperty } UNION { ?q kgo:irreflexive true } ?p rdfs:subPropertyOf* ?q . FILTER(isIRI(?p)) }"""
LABELLING = {ns.RDFS_LABEL, ns.SKOS + "altLabel"}  # the properties NAMES reads
VALUES_OF = "SELECT DISTINCT ?node ?property ?value WHERE { ?node ?property ?value }"


@dataclass
class Schema:
    """What the ontology entails of a node's classes: superclasses, disjointness, domains and ranges, and which
    datatype properties take one value."""

    superclasses: dict[str, set[str]] = field(default_factory=dict)  # a class -> itself and every superclass
    disjoint: dict[str, set[str]] = field(default_factory=dict)  # a class -> the classes disjoint with it
    domains: dict[str, set[str]] = field(default_factory=dict)  # a property -> its (and its super-properties') domains
    ranges: dict[str, set[str]] = field(default_factory=dict)  # an object property -> its ranges, likewise
    functional: set[str] = field(default_factory=set)  # datatype properties with one value per node
    irreflexive: set[str] = field(default_factory=set)  # properties that never relate a node to itself

    @classmethod
    def of(cls, schema: ox.Store) -> Schema:
        found = cls()
        for row in solutions(schema, SUPERCLASSES):
            found.superclasses.setdefault(row["class"].value, {row["class"].value}).add(row["super"].value)
        for row in solutions(schema, DISJOINT):
            found.disjoint.setdefault(row["a"].value, set()).add(row["b"].value)
        for query, into in ((DOMAINS, found.domains), (RANGES, found.ranges)):
            for row in solutions(schema, query):
                into.setdefault(row["p"].value, set()).add(row["class"].value)
        found.functional = {row["p"].value for row in solutions(schema, FUNCTIONAL)}
        found.irreflexive = {row["p"].value for row in solutions(schema, IRREFLEXIVE)}
        return found

    def closure(self, classes) -> set[str]:
        """The classes and every superclass of them."""
        return set().union(*(self.superclasses.get(c, {c}) for c in classes)) if classes else set()

    def clash(self, classes: dict[str, str]) -> tuple[str, str] | None:
        """Two disjoint classes among `classes` (class -> why the node has it, superclasses included), if any."""
        for a in sorted(classes):
            for b in sorted(self.disjoint.get(a, set()) & set(classes)):
                return a, b
        return None


class Knowledge:
    """The project as it is now, in one store: the last build (without the claims of the source under review,
    which its decisions make again), the register and claim files on disk, and the claims and register entries
    the review in progress has accepted (`accepted`, replaced at each decision)."""

    def __init__(self, project: Project, graph: ox.Store | None, source: str | None = None):
        self.store = ox.Store()
        self.source = source
        own = f"{ns.CLAIM}{source}/" if source else None
        if graph is not None:
            self.store.extend(
                q
                for q in graph.quads_for_pattern(None, None, None, None)
                if not (own and isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(own))
            )
        for path in self._files(project):
            syntax = "trig" if path.suffix == ".trig" else "turtle"
            try:
                quads = ox.parse(path=str(path), format=rdf_syntax(syntax))
                graph_name = ox.NamedNode(path.resolve().as_uri())
                self.store.extend(q if syntax == "trig" else ox.Quad(q.subject, q.predicate, q.object, graph_name)
                                  for q in quads)  # fmt: skip
            except (SyntaxError, OSError) as exc:
                raise KgError(f"cannot read: {exc}", project.relative(path)) from None
        self._accepted: list[ox.Quad] = []
        # the classes and names of what is not the review's, read once: a decision adds those of its own quads
        # (read again at every one, they made accepting a thousand candidates take minutes)
        self._base_types: dict[str, set[str]] = {}
        for row in solutions(self.store, TYPES):
            self._base_types.setdefault(row["s"].value, set()).add(row["class"].value)
        self._base_names = {(row["x"].value, row["name"]): None for row in solutions(self.store, NAMES)}
        self._from_base()
        # what the project types apart from this review: its files, and the build but for the entries the review's
        # own register file (graph/register/SOURCE.ttl, made from its decisions) put there
        typed = set(self.types())
        own_register = project.register_dir / f"{source}.ttl" if source else None
        if own_register is not None and own_register.exists() and graph is not None:
            try:
                own = {q.subject.value for q in ox.parse(path=str(own_register), format=rdf_syntax("turtle"))}
            except SyntaxError as exc:
                raise KgError(f"cannot read: {exc}", project.relative(own_register)) from None
            in_files = {row["s"].value for row in solutions(self.store, TYPED_IN_FILES)}
            typed = (typed - own) | in_files
        self.elsewhere = typed

    def _files(self, project: Project) -> list[Path]:
        """The register and claim files, but those the review of this source writes (its decisions make them)."""
        own = {f"{self.source}.ttl", f"{self.source}.trig"} if self.source else set()
        files = project.register_files() + sorted(project.claims_dir.rglob("*.trig"))
        return [p for p in files if not (p.name in own and p.parent in (project.register_dir, project.claims_dir))]

    def accepted(self, claims: list[ox.Quad], register: list[ox.Triple]) -> None:
        """What the review has accepted so far, in place of what it had before (an undo takes a claim away)."""
        for q in self._accepted:
            self.store.remove(q)
        self._accepted = []
        self._from_base()
        self.also_accepted(claims, register)

    def _from_base(self) -> None:
        """The classes and names review knows: what is not the review's, before it accepted anything."""
        self._types = {node: set(classes) for node, classes in self._base_types.items()}
        self._names, self._names_read = dict(self._base_names), None

    def also_accepted(self, claims: list[ox.Quad], register: list[ox.Triple]) -> None:
        """More the review has accepted, beside what it had (`accept_above` deciding one candidate after another)."""
        graph = ox.NamedNode(f"{ns.BASE}review/{self.source}/register")
        added = list(claims) + [ox.Quad(t.subject, t.predicate, t.object, graph) for t in register]
        self._accepted += added
        self.store.extend(added)
        for q in added:  # as TYPES and NAMES read them
            if q.predicate.value == ns.RDF_TYPE and isinstance(q.subject, ox.NamedNode):
                if isinstance(q.object, ox.NamedNode):
                    self._types.setdefault(q.subject.value, set()).add(q.object.value)
            elif q.predicate.value in LABELLING and q.subject.value.startswith(ns.KG):
                if isinstance(q.subject, ox.NamedNode):
                    self._names[(q.subject.value, q.object)] = None
        self._names_read = None

    def types(self) -> dict[str, set[str]]:
        """Every node of the project with its classes (as stated and, from the build, as inferred). Not to be
        changed: it is what review knows."""
        return self._types

    def names(self) -> Names:
        if self._names_read is None:
            self._names_read = Names((iri, name.value) for iri, name in self._names)
        return self._names_read

    def values(self, node: str, prop: str) -> set[ox.Term]:
        """What the project states for `prop` of `node`."""
        bindings = {"node": ox.NamedNode(node), "property": ox.NamedNode(prop)}
        return {row["value"] for row in solutions(self.store, VALUES_OF, bindings)}
