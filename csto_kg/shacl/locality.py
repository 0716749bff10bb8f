"""Which constraints a node's neighbourhood decides: for validating a graph cut into pieces by node (the pipeline
does, on Spark) with the findings validating it whole gives.

A constraint of a shape is *node-local* when its verdict on a focus node n reads no more than n's **star**: every
quad whose subject is n, every quad whose object is n but rdf:type statements (a class's star would hold every
instance of the class), in any graph; the rdf:type statements of the nodes at the other end of n's quads but its
rdf:type ones; and the class hierarchy (rdfs:subClassOf statements, wherever they are). Then validating, for each
node, a store holding its star gives that node's findings as the whole graph gives them (nodes a piece holds only
in part are reported by the piece that holds their star). What is local, by the components of SHACL Core:

- targets by class and subjects-of, and objects-of but of rdf:type: n's types and n's quads (not sh:targetNode:
  the node may have no quad anywhere, so no piece would hold it);
- a property shape on n whose path takes one step (a predicate, the inverse of one but rdf:type, alternatives or
  zero-or-one of such);
- on a value node (n, or one step away): tests of the term alone (datatype, node kind, ranges, lengths, pattern,
  languages, sh:in, sh:hasValue) and sh:class (the value's types: not a class n is an instance of, whose types
  the star leaves out); counts of values (min, max, unique language);
- on n itself: comparisons with another property of n (equals, disjoint, less than), sh:closed, nested property
  shapes and conformance to nested shapes (node, and, or, not, xone, qualified value shapes without
  qualifiedValueShapesDisjoint) when what they check is local in turn, counting the step already taken.

Anything else, SPARQL-based constraints above all (they may join anything), reads the whole graph.

>>> import rdflib
>>> g = rdflib.Graph().parse(data='''@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
... ex:S sh:targetClass ex:C ; sh:property ex:P , ex:Q .
... ex:P sh:path ex:p ; sh:minCount 1 ; sh:class ex:D .
... ex:Q sh:path ( ex:p ex:q ) ; sh:minCount 1 .''', format="turtle")
>>> shapes = ShapesGraph(g)
>>> local = node_local(shapes)
>>> for shape in shapes.shapes.values():
...     print(str(shape.node)[-1], [(c.component.split("#")[1][:-19], local(shape, c)) for c in shape.constraints])
P [('Class', True), ('MinCount', True)]
Q [('MinCount', False)]
S [('Property', True), ('Property', False)]
"""

from __future__ import annotations

from rdflib.namespace import RDF, SH

from . import components
from .components import Constraint
from .shapes import Shape, ShapesGraph

TERM_TESTS = {
    str(SH[name])
    for name in (
        "DatatypeConstraintComponent", "NodeKindConstraintComponent", "MinExclusiveConstraintComponent",
        "MinInclusiveConstraintComponent", "MaxExclusiveConstraintComponent", "MaxInclusiveConstraintComponent",
        "MinLengthConstraintComponent", "MaxLengthConstraintComponent", "PatternConstraintComponent",
        "LanguageInConstraintComponent", "InConstraintComponent", "HasValueConstraintComponent",
    )
}  # fmt: skip
CLASS = str(SH.ClassConstraintComponent)
COUNTS = {
    str(SH.MinCountConstraintComponent),
    str(SH.MaxCountConstraintComponent),
    str(SH.UniqueLangConstraintComponent),
}
OWN_PROPERTIES = {
    str(SH[name])
    for name in (
        "EqualsConstraintComponent", "DisjointConstraintComponent", "LessThanConstraintComponent",
        "LessThanOrEqualsConstraintComponent", "ClosedConstraintComponent",
    )
}  # fmt: skip
CONFORMANCE = {
    str(SH[name])
    for name in ("NodeConstraintComponent", "AndConstraintComponent", "OrConstraintComponent",
                 "XoneConstraintComponent", "NotConstraintComponent")
}  # fmt: skip
QUALIFIED = {str(SH.QualifiedMinCountConstraintComponent), str(SH.QualifiedMaxCountConstraintComponent)}
PROPERTY = str(SH.PropertyConstraintComponent)


def node_local(shapes: ShapesGraph):
    """local(shape, constraint): whether the constraint, on the focus nodes the shape's targets (or its parents'
    class targets) give, is decided by each focus node's star."""

    def local(shape: Shape, constraint: Constraint) -> bool:
        for predicate, value in shape.targets:
            if predicate == SH.targetNode or (predicate == SH.targetObjectsOf and str(value) == str(RDF.type)):
                return False
        return _constraint(shapes, shape, constraint)

    return local


# where a path's values lie: the focus node itself, a neighbour whose types the star holds, or a class the focus
# node is an instance of (one step along rdf:type: the star holds not its types)
ITSELF, NEIGHBOUR, CLASS_OF = (0, True), (1, True), (1, False)


def _steps(path) -> tuple | None:
    """Where the values of a path lie (ITSELF, NEIGHBOUR, CLASS_OF); None for further, unbounded, or a class's
    instances."""
    if path.kind == "predicate":
        return (CLASS_OF,) if path.iri == str(RDF.type) else (NEIGHBOUR,)
    if path.kind == "inverse" and path.parts[0].kind == "predicate":
        return None if path.parts[0].iri == str(RDF.type) else (NEIGHBOUR,)
    if path.kind == "alternative":
        parts = [_steps(p) for p in path.parts]
        return None if any(p is None for p in parts) else tuple(sorted({s for p in parts for s in p}))
    if path.kind == "zeroOrOne":
        inner = _steps(path.parts[0])
        return None if inner is None else tuple(sorted({ITSELF, *inner}))
    return None


def _shape(shapes: ShapesGraph, shape: Shape, focus: tuple) -> bool:
    """Whether every constraint of `shape` on a node where `focus` says is decided by n's star."""
    return shape.deactivated or all(_constraint(shapes, shape, c, focus) for c in shape.constraints)


def _constraint(shapes: ShapesGraph, shape: Shape, constraint: Constraint, focus: tuple = ITSELF) -> bool:
    component = constraint.component
    if shape.path is None:
        values = (focus,)
    else:
        steps = _steps(shape.path)
        if focus != ITSELF or steps is None:  # the quads of a node one step away are not in n's star
            return False
        values = steps
    if component in TERM_TESTS or component in COUNTS:
        return True
    if component == CLASS:  # the values' types
        return all(typed for _, typed in values)
    if component in OWN_PROPERTIES:  # the focus node's other properties
        return focus == ITSELF
    if component == PROPERTY:
        return _shape(shapes, shapes[constraint.value], focus)
    if component in CONFORMANCE:
        referenced = components.of(constraint, shapes.components).referenced_shapes(constraint)
        return all(_shape(shapes, shapes[s], v) for s in referenced for v in values)
    if component in QUALIFIED:
        if constraint.get(SH.qualifiedValueShapesDisjoint):
            return False  # the sibling shapes count too
        return all(_shape(shapes, shapes[constraint.get(SH.qualifiedValueShape)], v) for v in values)
    return False  # SPARQL-based constraints and components: they may read anything
