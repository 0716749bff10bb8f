"""The shapes graph, read as SHACL says (section 2.1): which nodes are shapes, their targets, their constraints
(one per component and value: two sh:class values are two constraints), severities, messages and deactivation,
the SPARQL-based constraints and the constraint components a shapes graph declares.

A shape is a SHACL instance of sh:NodeShape or sh:PropertyShape, the subject of a target or of a component's
parameter, or the value of a shape-expecting parameter (sh:node, sh:property, sh:not, sh:qualifiedValueShape,
the members of sh:and, sh:or, sh:xone). Anything malformed that a validation would have to guess at (a count that
is no integer, a list that is no list, a path that is no path, shapes that refer to themselves) is refused by
name, with the shape it belongs to. Each component reads its own parameters (`components`, a class each); this
module finds the shapes and hands each value of a component's main parameter to it.

>>> import rdflib
>>> g = rdflib.Graph().parse(data='''@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
... ex:S sh:targetClass ex:C ; sh:class ex:A, ex:B ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .''', format="turtle")
>>> shapes = read_shapes(g)
>>> for c in shapes[rdflib.URIRef("http://example.org/S")].constraints:
...     print(c.component.split("#")[1], c.value if c.value.startswith("http") else "[a property shape]")
ClassConstraintComponent http://example.org/A
ClassConstraintComponent http://example.org/B
PropertyConstraintComponent [a property shape]
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field

import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SH

from .. import namespaces as ns
from ..errors import KgError
from .components import REGISTRY, TRUE, Constraint, PropertyConstraintComponent
from .findings import Path, parse_path

TARGETS = (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf)
# what section 2.1 needs to know of the components' parameters to tell which nodes are shapes
PARAMETERS = {p for c in REGISTRY.values() for p in c.parameters}
SHAPE_VALUED = {p for c in REGISTRY.values() for p in c.shape_parameters}
SHAPE_LISTS = {p for c in REGISTRY.values() for p in c.shape_list_parameters}


@dataclass
class Validator:
    """A SPARQL-based component's validator: an ASK (true when the value conforms) or a SELECT (rows are
    violations), with its prefixes and messages."""

    kind: str  # ask or select
    text: str
    prefixes: str
    messages: tuple


@dataclass
class Component:
    """A constraint component the shapes graph declares (SHACL-SPARQL, section 6)."""

    iri: str
    parameters: list  # (predicate, optional)
    validators: dict  # node / property -> Validator
    messages: tuple


@dataclass
class Shape:
    node: object
    path: Path | None
    targets: list  # (target predicate, value)
    constraints: list[Constraint]
    severity: str  # an IRI; sh:Violation unless said
    messages: tuple  # (language, text) of sh:message
    deactivated: bool
    parameter_values: dict = field(default_factory=dict)  # for SPARQL components: predicate -> values

    @property
    def is_property_shape(self) -> bool:
        return self.path is not None

    def name(self) -> str:
        return shape_name(self.node)


def shape_name(node) -> str:
    return f"_:{node}" if isinstance(node, rdflib.BNode) else str(node)


class ShapesGraph:
    """The shapes of a graph, keyed by node; `targeted()` are the ones validation starts from."""

    def __init__(self, graph: rdflib.Graph):
        self.graph = graph
        _READING.graph = graph
        try:
            self._read(graph)
        finally:
            _READING.graph = None

    def _read(self, graph: rdflib.Graph) -> None:
        self.components = _components(graph)
        classes = instances(graph, RDFS.Class)
        self.shapes: dict = {}
        for node in sorted(_shape_nodes(graph, self.components), key=str):
            self.shapes[node] = _read_shape(graph, node, self.components, classes)
        _refuse_cycles(self)

    def __getitem__(self, node) -> Shape:
        return self.shapes[node]

    def targeted(self) -> list[Shape]:
        return [s for s in self.shapes.values() if s.targets and not s.deactivated]

    def parents_of(self, node) -> list[Shape]:
        return [
            s
            for s in self.shapes.values()
            if any(c.component == PropertyConstraintComponent.iri and c.value == node for c in s.constraints)
        ]


def read_shapes(graph: rdflib.Graph) -> ShapesGraph:
    return ShapesGraph(graph)


def instances(graph: rdflib.Graph, cls) -> set:
    """SHACL instances of `cls` in `graph`: rdf:type followed by rdfs:subClassOf*."""
    classes = {cls} | set(graph.transitive_subjects(RDFS.subClassOf, cls))
    return {s for c in classes for s in graph.subjects(RDF.type, c)}


def _components(graph: rdflib.Graph) -> dict:
    components = {}
    for iri in instances(graph, SH.ConstraintComponent):
        if not isinstance(iri, rdflib.URIRef):
            raise KgError(f"constraint component {_described(iri)} is a blank node: a component is named by an IRI")
        parameters = []
        for parameter in graph.objects(iri, SH.parameter):
            path = graph.value(parameter, SH.path)
            if not isinstance(path, rdflib.URIRef):
                raise KgError(f"constraint component {_described(iri)}: a parameter's sh:path must be an IRI")
            parameters.append((path, graph.value(parameter, SH.optional) == TRUE))
        if not parameters:
            raise KgError(f"constraint component {_described(iri)} declares no sh:parameter")
        validators = {}
        for kind, predicates in (
            ("node", (SH.nodeValidator, SH.validator)),
            ("property", (SH.propertyValidator, SH.validator)),
        ):
            for predicate in predicates:
                found = [v for v in graph.objects(iri, predicate)]
                if found:
                    if len(found) > 1:
                        raise KgError(
                            f"constraint component {_described(iri)} has {len(found)} values of "
                            f"{ns.curie(str(predicate))}"
                        )
                    validators[kind] = _validator(graph, iri, found[0], predicate)
                    break
        components[iri] = Component(str(iri), parameters, validators, _messages(graph, iri))
    return components


def _validator(graph, component, node, predicate) -> Validator:
    ask, select = graph.value(node, SH.ask), graph.value(node, SH.select)
    if predicate == SH.validator and ask is None:
        raise KgError(
            f"constraint component {_described(component)}: sh:validator must be a SPARQL ASK validator (sh:ask)"
        )
    if (ask is None) == (select is None):
        raise KgError(f"constraint component {_described(component)}: a validator has either sh:ask or sh:select")
    return Validator(
        "ask" if ask is not None else "select",
        str(ask if ask is not None else select),
        prefixes(graph, node),
        _messages(graph, node),
    )


def _shape_nodes(graph: rdflib.Graph, components: dict) -> set:
    nodes = instances(graph, SH.NodeShape) | instances(graph, SH.PropertyShape)
    parameters = PARAMETERS | {p for c in components.values() for p, _ in c.parameters}
    for s, p, o in graph:
        if p in TARGETS or p in parameters:
            nodes.add(s)
        if p in SHAPE_VALUED:
            nodes.add(o)
        if p in SHAPE_LISTS:
            nodes.update(_members(graph, o, s, p))
    return {n for n in nodes if isinstance(n, (rdflib.URIRef, rdflib.BNode))}


def _read_shape(graph: rdflib.Graph, node, components: dict, classes: set) -> Shape:
    paths = list(graph.objects(node, SH.path))
    if len(paths) > 1:
        raise KgError(f"shape {_described(node)} has {len(paths)} values of sh:path")
    path = parse_path(graph, paths[0]) if paths else None
    targets = [(p, o) for p in TARGETS for o in graph.objects(node, p)]
    for predicate, value in targets:
        if predicate != SH.targetNode and not isinstance(value, rdflib.URIRef):
            raise KgError(f"shape {_described(node)}: {ns.curie(str(predicate))} takes an IRI, not {_described(value)}")
    if node in classes:
        targets.append((SH.targetClass, node))  # an implicit class target
    severities = list(graph.objects(node, SH.severity))
    if len(severities) > 1 or (severities and not isinstance(severities[0], rdflib.URIRef)):
        raise KgError(f"shape {_described(node)}: sh:severity takes one IRI")
    deactivated = list(graph.objects(node, SH.deactivated))
    shape = Shape(
        node,
        path,
        targets,
        [],
        str(severities[0]) if severities else str(SH.Violation),
        _messages(graph, node),
        deactivated == [TRUE],
    )
    for component in REGISTRY.values():
        predicate = component.parameters[0]  # the main one: each of its values makes a constraint
        for value in sorted(graph.objects(node, predicate), key=_order):
            reading = Reading(graph, node, predicate)
            if component.property_shapes_only and path is None:
                raise KgError(f"{reading.where} applies to property shapes only (it has no sh:path)")
            constraint = component.read(reading, value)
            if constraint is not None:
                shape.constraints.append(constraint)
    for component in components.values():
        values = [list(graph.objects(node, p)) for p, _ in component.parameters]
        if any(not v and not optional for v, (_, optional) in zip(values, component.parameters)):
            continue
        if all(not v for v in values):
            continue
        kind = "property" if path is not None else "node"
        if kind not in component.validators:
            raise KgError(
                f"shape {_described(node)} uses constraint component {_described(rdflib.URIRef(component.iri))}, "
                f"which has "
                f"no validator for {kind} shapes"
            )
        names = [p for p, _ in component.parameters]
        for combination in itertools.product(*[v or [None] for v in values]):
            extra = tuple((p, v) for p, v in zip(names, combination) if v is not None)
            shape.constraints.append(Constraint(component.iri, None, extra))
    return shape


def _order(term):
    return (type(term).__name__, str(term))


@dataclass(frozen=True)
class Reading:
    """A shape's value of a component's parameter being read (by the component's `read`): the graph, the shape,
    the parameter, and how to say where a malformed value is."""

    graph: rdflib.Graph
    node: object  # the shape
    predicate: rdflib.URIRef  # the parameter

    @property
    def where(self) -> str:
        return f"shape {_described(self.node)}: {ns.curie(str(self.predicate))}"

    def members(self, head, predicate=None) -> list:
        return _members(self.graph, head, self.node, predicate or self.predicate)

    @staticmethod
    def described(term) -> str:
        return _described(term)


def _members(graph: rdflib.Graph, head, node, predicate) -> list:
    """The members of an RDF list, refused by name if it is none."""
    members, seen = [], set()
    while head != RDF.nil:
        first, rest = list(graph.objects(head, RDF.first)), list(graph.objects(head, RDF.rest))
        if len(first) != 1 or len(rest) != 1 or head in seen:
            raise KgError(f"shape {_described(node)}: {ns.curie(str(predicate))} takes a well-formed RDF list")
        seen.add(head)
        members.append(first[0])
        head = rest[0]
    return members


def _messages(graph: rdflib.Graph, node) -> tuple:
    return tuple(
        sorted((m.language or "", str(m)) for m in graph.objects(node, SH.message) if isinstance(m, rdflib.Literal))
    )


def prefixes(graph: rdflib.Graph, node) -> str:
    """The PREFIX lines a SPARQL constraint or validator declares through sh:prefixes (sh:declare), with those
    of the ontologies the prefixes' node imports (owl:imports)."""
    lines, sources, seen = {}, list(graph.objects(node, SH.prefixes)), set()
    while sources:
        source = sources.pop()
        if source in seen:
            continue
        seen.add(source)
        sources += graph.objects(source, OWL.imports)  # declarations of imported ontologies count too
        for declaration in graph.objects(source, SH.declare):
            prefix, namespace = graph.value(declaration, SH.prefix), graph.value(declaration, SH.namespace)
            if prefix is None or namespace is None:
                raise KgError(f"{_described(source)}: an sh:declare needs sh:prefix and sh:namespace")
            if lines.get(str(prefix), str(namespace)) != str(namespace):
                raise KgError(f"{_described(source)}: prefix {prefix}: is declared twice, with two namespaces")
            lines[str(prefix)] = str(namespace)
    return "".join(f"PREFIX {p}: <{n}>\n" for p, n in sorted(lines.items()))


def _references(shape: Shape, shapes: ShapesGraph):
    for c in shape.constraints:
        component = REGISTRY.get(c.component)  # a SPARQL-based component's parameters are no shapes
        if component is not None:
            yield from component.referenced_shapes(c)


def _refuse_cycles(shapes: ShapesGraph) -> None:
    """SHACL leaves validation with recursive shapes undefined: refused, with the cycle."""
    state: dict = {}

    def visit(node, trail):
        if state.get(node) == "done" or node not in shapes.shapes:
            return
        if state.get(node) == "open":
            cycle = trail[trail.index(node) :] + [node]
            raise KgError(
                "recursive shapes (SHACL leaves their validation undefined): " + " → ".join(map(_described, cycle))
            )
        state[node] = "open"
        for ref in _references(shapes.shapes[node], shapes):
            visit(ref, trail + [node])
        state[node] = "done"

    for node in list(shapes.shapes):
        visit(node, [])


_READING = threading.local()  # the shapes graph being read, to describe blank-node shapes in errors


def _described(node) -> str:
    if isinstance(node, rdflib.URIRef):
        return ns.curie(str(node))
    if isinstance(node, rdflib.BNode):
        graph = getattr(_READING, "graph", None)
        if graph is not None:
            path = graph.value(node, SH.path)
            parent = next(
                (s for p in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape) for s in graph.subjects(p, node)),
                None,
            )
            said = " with sh:path " + _described(path) if isinstance(path, rdflib.URIRef) else ""
            if parent is not None and parent != node:
                said += " in " + _described(parent)
            if said:
                return "[" + said.strip() + "]"
        return f"_:{node}"
    return node.n3() if isinstance(node, rdflib.Literal) else repr(node)
