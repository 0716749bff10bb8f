"""SHACL's constraint components, one class each, named after the component, in the order of the W3C
Recommendation (https://www.w3.org/TR/shacl/). Each holds what the spec says of its component: the IRI, the
section that defines it (number, title and anchor), its parameters and how a shape's values of them are read, its
default message, and its logic: a SPARQL expression on one value node where the component is about each value
alone (`test`), else how its results are found (`results`).

`REGISTRY` holds the Core components and sh:sparql's by IRI; `of` finds a constraint's component: one in the
registry, or `SPARQL_BASED` for a component the shapes graph declares with SPARQL validators (section 6); any
other is refused by name. The logic is written against the engine (`engine.Engine`), which finds the focus and
value nodes, runs the queries and makes the results; each component compiles its part of a query from the parsed
shapes graph (terms of the data reach queries as substitutions).

>>> c = REGISTRY["http://www.w3.org/ns/shacl#MinCountConstraintComponent"]
>>> c.section, c.title, c.spec
('4.2.1', 'sh:minCount', 'https://www.w3.org/TR/shacl/#MinCountConstraintComponent')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF, SH, XSD

from .. import namespaces as ns
from .. import sparql_text, written
from ..errors import KgError
from . import literals
from .findings import Path, shown, to_oxigraph_term

SPEC = "https://www.w3.org/TR/shacl/"
TRUE = rdflib.Literal("true", datatype=XSD.boolean)
SHAPES_GRAPH = "urn:csto-kg:shapes-graph"  # the name $shapesGraph gives the shapes graph in a user's query


@dataclass(frozen=True)
class Constraint:
    """One constraint of a shape: a component with the values of its parameters."""

    component: str  # the component's IRI
    value: object  # the main parameter's value (a SPARQL constraint's node)
    extra: tuple = ()  # (parameter, value) of the qualifying parameters

    def get(self, parameter, default=None):
        return dict(self.extra).get(parameter, default)


class Component:
    """A constraint component. Subclasses set the class attributes; a component with a `test` is checked by
    finding the value nodes that fail it, any other overrides `results`."""

    iri: ClassVar[str]
    section: ClassVar[str]  # the number of the section of the spec that defines it: "4.2.1"
    title: ClassVar[str]  # that section's title: "sh:minCount"
    anchor: ClassVar[str] = ""  # that section's fragment in the spec, where it is not the IRI's local name
    parameters: ClassVar[tuple] = ()  # the main parameter first, then those that qualify it
    shape_parameters: ClassVar[tuple] = ()  # parameters whose values are shapes
    shape_list_parameters: ClassVar[tuple] = ()  # parameters whose values are lists of shapes
    property_shapes_only: ClassVar[bool] = False  # its parameter has no meaning without sh:path
    one_value: ClassVar[bool] = False  # about each value node alone: `test` decides, a shape's such tests share a scan
    message: ClassVar[str | None] = None  # the default message; {} is the main parameter's value
    functions: ClassVar[dict] = {}  # the SPARQL functions its test calls, by IRI

    @property
    def name(self) -> str:
        return self.iri.removeprefix(str(SH))

    @property
    def spec(self) -> str:
        return f"{SPEC}#{self.anchor or self.name}"

    def read(self, reading, value) -> Constraint | None:
        """The constraint a shape's value of the main parameter makes, or None where it makes none; a malformed
        value is refused by name (`reading`: shapes.Reading)."""
        return Constraint(self.iri, value)

    def test(self, engine, constraint: Constraint, var: str) -> str | None:
        """A SPARQL expression, true when the node in `var` satisfies the constraint (an error counts as false);
        None when the constraint is not about one value alone."""
        return None

    def results(self, engine, shape, constraint: Constraint, focus) -> list:
        """The results of the constraint on the focus nodes: here, one for each value node that fails the test."""
        var = engine.value_var(shape)
        rows = engine.value_rows(shape, focus, f"FILTER(!{engine.value_test(constraint, var)})")
        return [engine.finding(shape, constraint, r["this"], r["value"]) for r in rows]

    def referenced_shapes(self, constraint: Constraint) -> tuple:
        """The shapes the constraint checks nodes against."""
        return ()

    def default_messages(self, engine, constraint: Constraint) -> tuple:
        if self.message is None:
            return ()
        value = constraint.value
        said = ", ".join(shown(v) for v in value) if isinstance(value, tuple) else shown(value)
        return (("en", self.message.format(said)),)


REGISTRY: dict[str, Component] = {}


def registered(cls: type[Component]) -> type[Component]:
    """Adds a component to the registry; an IRI is one component's alone."""
    if cls.iri in REGISTRY:
        raise ValueError(f"{cls.__name__}: {cls.iri} is already {type(REGISTRY[cls.iri]).__name__}")
    REGISTRY[cls.iri] = cls()
    return cls


def of(constraint: Constraint, declared: dict) -> Component:
    """The component of a constraint: the registry's, or SPARQL_BASED for one of `declared` (the components the
    shapes graph declares, by IRI); any other is refused by name."""
    found = REGISTRY.get(constraint.component)
    if found is not None:
        return found
    if rdflib.URIRef(constraint.component) in declared:
        return SPARQL_BASED
    raise KgError(f"constraint component {ns.curie(constraint.component)} is not one this engine knows")


# --- parameter values, read as the components' sections say ----------------------------------------------


def _count(reading, value) -> None:
    if not (isinstance(value, rdflib.Literal) and value.datatype == XSD.integer and str(value).lstrip("+").isdigit()):
        raise KgError(f"{reading.where} takes a non-negative xsd:integer, not {reading.described(value)}")


def _iri(reading, value) -> None:
    if not isinstance(value, rdflib.URIRef):
        raise KgError(f"{reading.where} takes an IRI, not {reading.described(value)}")


def _shape(reading, value) -> None:
    if not isinstance(value, (rdflib.URIRef, rdflib.BNode)):
        raise KgError(f"{reading.where} takes a shape (an IRI or a blank node), not {reading.described(value)}")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def _counted(pattern: str, test: str) -> str:
    """A subquery: the ?this whose count of distinct ?csto_kg_v in `pattern` passes `test` (such as "> 1")."""
    return f"{{ SELECT ?this WHERE {{ {pattern} }} GROUP BY ?this HAVING (COUNT(DISTINCT ?csto_kg_v) {test}) }}"


def _predicate(term) -> Path:
    return Path("predicate", term.value)


# --- 4.1 Value Type Constraint Components ---------------------------------------------------------------


@registered
class ClassConstraintComponent(Component):
    iri = str(SH.ClassConstraintComponent)
    section, title = "4.1.1", "sh:class"
    parameters = (SH["class"],)
    one_value = True
    message = "Value is not an instance of {}"

    def read(self, reading, value):
        _iri(reading, value)
        return Constraint(self.iri, value)

    def test(self, engine, constraint, var):
        return engine.classes.test(var, str(constraint.value))


WELL_FORMED = "urn:csto-kg:function:well-formed"
# types whose well-formed values a cast gives back equal (ill-formed ones fail the cast): tested in SPARQL
CASTABLE = {str(XSD[t]) for t in ("date", "dateTime", "integer", "decimal", "boolean")}


def _well_formed(term):
    term = written.decode(term)
    ok = isinstance(term, ox.Literal) and literals.well_formed(term.value, term.datatype.value)
    return ox.Literal("true" if ok else "false", datatype=ox.NamedNode(str(XSD.boolean)))


@registered
class DatatypeConstraintComponent(Component):
    iri = str(SH.DatatypeConstraintComponent)
    section, title = "4.1.2", "sh:datatype"
    parameters = (SH.datatype,)
    one_value = True
    message = "Value is not a well-formed {}"
    functions = {WELL_FORMED: _well_formed}

    def read(self, reading, value):
        _iri(reading, value)
        return Constraint(self.iri, value)

    def test(self, engine, constraint, var):
        datatype = str(constraint.value)
        if datatype == str(RDF.langString):
            return f'(isLiteral({var}) && LANG({var}) != "")'
        said = written.datatype_expression(var) if engine.written else f"DATATYPE({var})"
        test = f'isLiteral({var}) && LANG({var}) = "" && {said} = <{datatype}>'
        if datatype == str(XSD.string) or not datatype.startswith(str(XSD)):
            return f"({test})"
        if datatype in CASTABLE and not engine.written:
            return f"({test} && COALESCE(<{datatype}>({var}) = {var}, false))"
        if engine.portable:  # on a server: no function of ours, the lexical space as patterns
            return f"({test} && {_portable_well_formed(datatype, var)})"
        return f"({test} && <{WELL_FORMED}>({var}))"


def _portable_well_formed(datatype: str, var: str) -> str:
    found = literals.portable_lexical_space(datatype)
    if found is None:
        raise KgError(f"sh:datatype {ns.curie(datatype)} cannot be checked on a server: no pattern or cast tests it")
    patterns, bounds = found
    tests = [f"REGEX(STR({var}), {ox.Literal(p)})" for p in patterns]
    if bounds is not None:
        value = f"<{XSD.decimal}>(STR({var}))"  # not xsd:integer: a server's may stop at 64 bits, before 2^64 - 1
        tests += [f"{value} {op} {bound}.0" for op, bound in zip((">=", "<="), bounds) if bound is not None]
    return "(" + " && ".join(tests) + ")"


@registered
class NodeKindConstraintComponent(Component):
    iri = str(SH.NodeKindConstraintComponent)
    section, title = "4.1.3", "sh:nodeKind"
    parameters = (SH.nodeKind,)
    one_value = True
    message = "Value is not of node kind {}"
    kinds: ClassVar[dict] = {
        SH.IRI: "isIRI({v})",
        SH.BlankNode: "isBlank({v})",
        SH.Literal: "isLiteral({v})",
        SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
        SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
        SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
    }

    def read(self, reading, value):
        if value not in self.kinds:
            raise KgError(
                f"{reading.where} takes one of sh:IRI, sh:BlankNode, sh:Literal, sh:BlankNodeOrIRI, "
                f"sh:BlankNodeOrLiteral, sh:IRIOrLiteral, not {reading.described(value)}"
            )
        return Constraint(self.iri, value)

    def test(self, engine, constraint, var):
        return self.kinds[constraint.value].format(v=var)


# --- 4.2 Cardinality Constraint Components ----------------------------------------------------------------


@registered
class MinCountConstraintComponent(Component):
    iri = str(SH.MinCountConstraintComponent)
    section, title = "4.2.1", "sh:minCount"
    parameters = (SH.minCount,)
    property_shapes_only = True
    message = "Fewer than {} values"

    def read(self, reading, value):
        _count(reading, value)
        return Constraint(self.iri, value)

    def results(self, engine, shape, constraint, focus):
        n = int(constraint.value)
        if n == 0:
            return []
        path = shape.path.sparql()
        if n == 1:
            body = f"{focus.first()} FILTER NOT EXISTS {{ ?this {path} ?csto_kg_v }}"
        else:
            body = f"{focus.first()} MINUS {_counted(f'?this {path} ?csto_kg_v', f'>= {n}')}"
        return engine.focus_nodes_where(shape, constraint, focus, body)


@registered
class MaxCountConstraintComponent(Component):
    iri = str(SH.MaxCountConstraintComponent)
    section, title = "4.2.2", "sh:maxCount"
    parameters = (SH.maxCount,)
    property_shapes_only = True
    message = "More than {} values"

    def read(self, reading, value):
        _count(reading, value)
        return Constraint(self.iri, value)

    def results(self, engine, shape, constraint, focus):
        path, more = shape.path.sparql(), f"> {int(constraint.value)}"
        if focus.classes is not None:  # count first, then keep the focus nodes among the few found
            body = f"{_counted(f'?this {path} ?csto_kg_v', more)} {focus.member()}"
        else:
            body = _counted(f"{focus.first()} ?this {path} ?csto_kg_v", more)
        return engine.focus_nodes_where(shape, constraint, focus, body)


# --- 4.3 Value Range Constraint Components ----------------------------------------------------------------


class _Range(Component):
    """A value compared with the parameter's literal by `operator`; values that do not compare fail."""

    one_value = True
    operator: ClassVar[str]

    def read(self, reading, value):
        if not isinstance(value, rdflib.Literal):
            raise KgError(f"{reading.where} takes a literal, not {reading.described(value)}")
        return Constraint(self.iri, value)

    def test(self, engine, constraint, var):
        said = written.value_expression(var) if engine.written else var
        return f"({said} {self.operator} {written.decode(to_oxigraph_term(constraint.value))})"


@registered
class MinExclusiveConstraintComponent(_Range):
    iri = str(SH.MinExclusiveConstraintComponent)
    section, title = "4.3.1", "sh:minExclusive"
    parameters = (SH.minExclusive,)
    operator = ">"
    message = "Value is not > {}"


@registered
class MinInclusiveConstraintComponent(_Range):
    iri = str(SH.MinInclusiveConstraintComponent)
    section, title = "4.3.2", "sh:minInclusive"
    parameters = (SH.minInclusive,)
    operator = ">="
    message = "Value is not >= {}"


@registered
class MaxExclusiveConstraintComponent(_Range):
    iri = str(SH.MaxExclusiveConstraintComponent)
    section, title = "4.3.3", "sh:maxExclusive"
    parameters = (SH.maxExclusive,)
    operator = "<"
    message = "Value is not < {}"


@registered
class MaxInclusiveConstraintComponent(_Range):
    iri = str(SH.MaxInclusiveConstraintComponent)
    section, title = "4.3.4", "sh:maxInclusive"
    parameters = (SH.maxInclusive,)
    operator = "<="
    message = "Value is not <= {}"


# --- 4.4 String-based Constraint Components ---------------------------------------------------------------


class _Length(Component):
    """The length of a value's string form compared with the parameter by `operator`; blank nodes fail."""

    one_value = True
    operator: ClassVar[str]

    def read(self, reading, value):
        _count(reading, value)
        return Constraint(self.iri, value)

    def test(self, engine, constraint, var):
        return f"(!isBlank({var}) && STRLEN(STR({var})) {self.operator} {int(constraint.value)})"


@registered
class MinLengthConstraintComponent(_Length):
    iri = str(SH.MinLengthConstraintComponent)
    section, title = "4.4.1", "sh:minLength"
    parameters = (SH.minLength,)
    operator = ">="
    message = "Value is shorter than {}"


@registered
class MaxLengthConstraintComponent(_Length):
    iri = str(SH.MaxLengthConstraintComponent)
    section, title = "4.4.2", "sh:maxLength"
    parameters = (SH.maxLength,)
    operator = "<="
    message = "Value is longer than {}"


@registered
class PatternConstraintComponent(Component):
    iri = str(SH.PatternConstraintComponent)
    section, title = "4.4.3", "sh:pattern"
    parameters = (SH.pattern, SH.flags)
    one_value = True
    message = "Value does not match {}"

    def read(self, reading, value):
        flags = list(reading.graph.objects(reading.node, SH.flags))
        if (
            not isinstance(value, rdflib.Literal)
            or len(flags) > 1
            or (flags and not isinstance(flags[0], rdflib.Literal))
        ):
            raise KgError(f"{reading.where} takes a string, with at most one string of sh:flags")
        return Constraint(self.iri, value, ((SH.flags, str(flags[0]) if flags else ""),))

    def test(self, engine, constraint, var):
        pattern, flags = _quote(str(constraint.value)), _quote(constraint.get(SH.flags, ""))
        return f"(!isBlank({var}) && REGEX(STR({var}), {pattern}, {flags}))"


@registered
class LanguageInConstraintComponent(Component):
    iri = str(SH.LanguageInConstraintComponent)
    section, title = "4.4.4", "sh:languageIn"
    parameters = (SH.languageIn,)
    one_value = True
    message = "Language is not one of {}"

    def read(self, reading, value):
        tags = reading.members(value)
        if not all(isinstance(t, rdflib.Literal) for t in tags):
            raise KgError(f"{reading.where} takes a list of strings")
        return Constraint(self.iri, tuple(str(t) for t in tags))

    def test(self, engine, constraint, var):
        tags = " || ".join(f"LANGMATCHES(LANG({var}), {_quote(t)})" for t in constraint.value) or "false"
        return f"(isLiteral({var}) && ({tags}))"


@registered
class UniqueLangConstraintComponent(Component):
    iri = str(SH.UniqueLangConstraintComponent)
    section, title = "4.4.5", "sh:uniqueLang"
    parameters = (SH.uniqueLang,)
    property_shapes_only = True
    message = "Language used more than once"

    def read(self, reading, value):
        # only true switches it on ("1"^^xsd:boolean does not: the suite's uniqueLang-002)
        return Constraint(self.iri, value) if value == TRUE else None

    def results(self, engine, shape, constraint, focus):
        # one result per language tag two values share (tags compare case-insensitively): one grouped scan, the
        # few repeats it finds then tested for being focus nodes
        path = shape.path.sparql()
        values = f'?this {path} ?csto_kg_v . FILTER(LANG(?csto_kg_v) != "") BIND(LCASE(LANG(?csto_kg_v)) AS ?lang)'
        if focus.classes is not None:
            query = (
                f"SELECT ?this ?lang WHERE {{ {{ SELECT ?this ?lang WHERE {{ {values} }} GROUP BY ?this ?lang "
                f"HAVING (COUNT(DISTINCT ?csto_kg_v) > 1) }} {focus.member()} }}"
            )
        else:
            query = (
                f"SELECT ?this ?lang WHERE {{ {focus.first()} {values} }} GROUP BY ?this ?lang HAVING "
                f"(COUNT(DISTINCT ?csto_kg_v) > 1)"
            )
        return [
            engine.finding(shape, constraint, r["this"], detail=r["lang"].value) for r in engine.select(query, focus)
        ]


# --- 4.5 Property Pair Constraint Components --------------------------------------------------------------


@registered
class EqualsConstraintComponent(Component):
    iri = str(SH.EqualsConstraintComponent)
    section, title = "4.5.1", "sh:equals"
    parameters = (SH.equals,)
    message = "Values differ from those of {}"

    def read(self, reading, value):
        _iri(reading, value)
        return Constraint(self.iri, value)

    def results(self, engine, shape, constraint, focus):
        other = f"<{constraint.value}>"
        first = focus.first()  # in each branch: a branch is evaluated on its own, before the union is joined
        if shape.path is None:
            body = (
                f"{{ {first} FILTER NOT EXISTS {{ ?this {other} ?this }} BIND(true AS ?csto_kg_self) }} UNION "
                f"{{ {first} ?this {other} ?value FILTER(!sameTerm(?value, ?this)) }}"
            )
        else:
            ours, theirs = engine.value_pattern(shape), engine.value_pattern(shape, "?csto_kg_w")
            body = (
                f"{{ {first} {ours} FILTER NOT EXISTS {{ ?this {other} ?value }} }} UNION "
                f"{{ {first} ?this {other} ?value FILTER NOT EXISTS {{ {theirs} FILTER(sameTerm(?csto_kg_w, ?value)) "
                f"}} }}"
            )
        rows = engine.select(f"SELECT DISTINCT ?this ?value ?csto_kg_self WHERE {{ {body} }}", focus)
        return [
            engine.finding(shape, constraint, r["this"], r["this"] if r.get("csto_kg_self") else r["value"])
            for r in rows
        ]


@registered
class DisjointConstraintComponent(Component):
    iri = str(SH.DisjointConstraintComponent)
    section, title = "4.5.2", "sh:disjoint"
    parameters = (SH.disjoint,)
    message = "Value is also a value of {}"

    def read(self, reading, value):
        _iri(reading, value)
        return Constraint(self.iri, value)

    def results(self, engine, shape, constraint, focus):
        condition = f"FILTER EXISTS {{ ?this <{constraint.value}> {engine.value_var(shape)} }}"
        rows = engine.value_rows(shape, focus, condition)
        return [engine.finding(shape, constraint, r["this"], r["value"]) for r in rows]


class _Order(Component):
    """Each value compared by `operator` with each value of another property of the focus node."""

    property_shapes_only = True
    operator: ClassVar[str]

    def read(self, reading, value):
        _iri(reading, value)
        return Constraint(self.iri, value)

    def results(self, engine, shape, constraint, focus):
        a = written.value_expression("?value") if engine.written else "?value"
        b = written.value_expression("?csto_kg_o") if engine.written else "?csto_kg_o"
        body = (
            f"{focus.first()} {engine.value_pattern(shape)} ?this <{constraint.value}> ?csto_kg_o "
            f"FILTER(!COALESCE({a} {self.operator} {b}, false))"
        )
        # one result per pair of values that fails, as SHACL says
        return [
            engine.finding(shape, constraint, r["this"], r["value"])
            for r in engine.select(f"SELECT DISTINCT ?this ?value ?csto_kg_o WHERE {{ {body} }}", focus)
        ]


@registered
class LessThanConstraintComponent(_Order):
    iri = str(SH.LessThanConstraintComponent)
    section, title = "4.5.3", "sh:lessThan"
    parameters = (SH.lessThan,)
    operator = "<"
    message = "Value is not less than a value of {}"


@registered
class LessThanOrEqualsConstraintComponent(_Order):
    iri = str(SH.LessThanOrEqualsConstraintComponent)
    section, title = "4.5.4", "sh:lessThanOrEquals"
    parameters = (SH.lessThanOrEquals,)
    operator = "<="
    message = "Value is not less than or equal to a value of {}"


# --- 4.6 Logical Constraint Components, and 4.7.1 sh:node -------------------------------------------------


class _Conformance(Component):
    """A verdict on each value node from its conformance to shapes: one expression where every shape is one
    (`combined`), else each value node checked against each shape (`judged`)."""

    def members(self, constraint) -> tuple:
        return constraint.value if isinstance(constraint.value, tuple) else (constraint.value,)

    def referenced_shapes(self, constraint):
        return self.members(constraint)

    def combined(self, tests: list[str]) -> str:
        raise NotImplementedError

    def judged(self, conforming: list[bool]) -> bool:
        raise NotImplementedError

    def test(self, engine, constraint, var):
        inner = [engine.inline(engine.shapes[s], var) for s in self.members(constraint)]
        return None if any(i is None for i in inner) else self.combined(inner)

    def results(self, engine, shape, constraint, focus):
        if engine.value_test(constraint, engine.value_var(shape)) is not None:
            return super().results(engine, shape, constraint, focus)
        members = [engine.shapes[s] for s in self.members(constraint)]
        found = []
        for row in engine.value_rows(shape, focus, ""):
            if not self.judged([engine.conforms(row["value"], m) for m in members]):
                found.append(engine.finding(shape, constraint, row["this"], row["value"]))
        return found


class _OneShape(_Conformance):
    def read(self, reading, value):
        _shape(reading, value)
        return Constraint(self.iri, value)


class _ShapeList(_Conformance):
    def read(self, reading, value):
        members = tuple(reading.members(value))
        if not all(isinstance(m, (rdflib.URIRef, rdflib.BNode)) for m in members):
            raise KgError(f"{reading.where} takes a list of shapes (IRIs or blank nodes)")
        return Constraint(self.iri, members)


@registered
class NotConstraintComponent(_OneShape):
    iri = str(SH.NotConstraintComponent)
    section, title = "4.6.1", "sh:not"
    parameters = shape_parameters = (SH["not"],)
    message = "Value conforms to {}"

    def combined(self, tests):
        return f"!{tests[0]}"

    def judged(self, conforming):
        return not conforming[0]


@registered
class AndConstraintComponent(_ShapeList):
    iri = str(SH.AndConstraintComponent)
    section, title = "4.6.2", "sh:and"
    parameters = shape_list_parameters = (SH["and"],)
    message = "Value does not conform to all of the shapes"

    def combined(self, tests):
        return "(" + (" && ".join(tests) or "true") + ")"

    def judged(self, conforming):
        return all(conforming)


@registered
class OrConstraintComponent(_ShapeList):
    iri = str(SH.OrConstraintComponent)
    section, title = "4.6.3", "sh:or"
    parameters = shape_list_parameters = (SH["or"],)
    message = "Value conforms to none of the shapes"

    def combined(self, tests):
        return "(" + (" || ".join(tests) or "false") + ")"

    def judged(self, conforming):
        return any(conforming)


@registered
class XoneConstraintComponent(_ShapeList):
    iri = str(SH.XoneConstraintComponent)
    section, title = "4.6.4", "sh:xone"
    parameters = shape_list_parameters = (SH.xone,)
    message = "Value does not conform to exactly one of the shapes"

    def combined(self, tests):
        return "((" + (" + ".join(f"IF({t}, 1, 0)" for t in tests) or "0") + ") = 1)"

    def judged(self, conforming):
        return sum(conforming) == 1


# --- 4.7 Shape-based Constraint Components ----------------------------------------------------------------


@registered
class NodeConstraintComponent(_OneShape):
    iri = str(SH.NodeConstraintComponent)
    section, title = "4.7.1", "sh:node"
    parameters = shape_parameters = (SH.node,)
    message = "Value does not conform to {}"

    def combined(self, tests):
        return tests[0]

    def judged(self, conforming):
        return all(conforming)


@registered
class PropertyConstraintComponent(Component):
    iri = str(SH.PropertyConstraintComponent)
    section, title = "4.7.2", "sh:property"
    parameters = shape_parameters = (SH.property,)

    def read(self, reading, value):
        _shape(reading, value)
        return Constraint(self.iri, value)

    def referenced_shapes(self, constraint):
        return (constraint.value,)

    def results(self, engine, shape, constraint, focus):
        nested = engine.shapes[constraint.value]
        if nested.deactivated:
            return []
        if shape.path is None:
            return [f for c in nested.constraints for f in engine.check(nested, c, focus)]
        # the value nodes of a property shape are focus nodes of the nested shape, each checked alone (once, and
        # reported for each focus node it is a value of, as SHACL validates it once per focus node)
        found = []
        for row in engine.value_rows(shape, focus, ""):
            found += engine.results(row["value"], nested)
        return found


class _Qualified(Component):
    """How many value nodes conform to the qualified shape (and, with sh:qualifiedValueShapesDisjoint, to none
    of the qualified shapes of the sibling property shapes), against the parameter by `too_few`."""

    section, title = "4.7.3", "sh:qualifiedValueShape, sh:qualifiedMinCount, sh:qualifiedMaxCount"
    anchor = "QualifiedValueShapeConstraintComponent"
    too_few: ClassVar[bool]

    def read(self, reading, value):
        _count(reading, value)
        shapes = list(reading.graph.objects(reading.node, SH.qualifiedValueShape))
        if not shapes:
            return None  # the component's other mandatory parameter is missing: no constraint
        if len(shapes) != 1:
            raise KgError(f"{reading.where} needs exactly one sh:qualifiedValueShape, not {len(shapes)}")
        disjoint = reading.graph.value(reading.node, SH.qualifiedValueShapesDisjoint)
        return Constraint(
            self.iri, value, ((SH.qualifiedValueShape, shapes[0]), (SH.qualifiedValueShapesDisjoint, disjoint == TRUE))
        )

    def referenced_shapes(self, constraint):
        return (constraint.get(SH.qualifiedValueShape),)

    def _siblings(self, engine, shape, qualified) -> list:
        siblings = []
        for parent in engine.shapes.parents_of(shape.node):
            for c in parent.constraints:
                if c.component == PropertyConstraintComponent.iri:
                    for q in engine.shapes[c.value].constraints:
                        shape_node = q.get(SH.qualifiedValueShape)
                        if (
                            shape_node is not None
                            and shape_node != qualified.node
                            and shape_node not in [s.node for s in siblings]
                        ):
                            siblings.append(engine.shapes[shape_node])
        return siblings

    def results(self, engine, shape, constraint, focus):
        qualified = engine.shapes[constraint.get(SH.qualifiedValueShape)]
        siblings = self._siblings(engine, shape, qualified) if constraint.get(SH.qualifiedValueShapesDisjoint) else []
        n, too_few = int(constraint.value), self.too_few
        var = engine.value_var(shape, "?csto_kg_v")
        tests = [engine.inline(qualified, var)] + [engine.inline(s, var) for s in siblings]
        if all(t is not None for t in tests):
            test = " && ".join([tests[0]] + [f"!{t}" for t in tests[1:]])
            counted = (
                f"{{ SELECT ?this (COUNT(DISTINCT {var}) AS ?csto_kg_n) WHERE {{ {focus.first()} "
                f"{engine.value_pattern(shape, var)} FILTER({test}) }} GROUP BY ?this }}"
            )
            compare = f"COALESCE(?csto_kg_n, 0) {'<' if too_few else '>'} {n}"
            body = (
                f"{focus.first()} OPTIONAL {counted} FILTER({compare})" if too_few else f"{counted} FILTER({compare})"
            )
            rows = engine.select(f"SELECT DISTINCT ?this WHERE {{ {body} }}", focus)
            return [engine.finding(shape, constraint, r["this"]) for r in rows]
        counts: dict = {}
        if too_few:
            for r in (
                engine.select(f"SELECT DISTINCT ?this WHERE {{ {focus.first()} }}", focus)
                if focus.node is None
                else [{"this": focus.node}]
            ):
                counts[r["this"]] = 0
        for r in engine.value_rows(shape, focus, ""):
            ok = engine.conforms(r["value"], qualified) and not any(engine.conforms(r["value"], s) for s in siblings)
            counts[r["this"]] = counts.get(r["this"], 0) + ok
        return [
            engine.finding(shape, constraint, node)
            for node, count in counts.items()
            if (count < n if too_few else count > n)
        ]


@registered
class QualifiedMinCountConstraintComponent(_Qualified):
    iri = str(SH.QualifiedMinCountConstraintComponent)
    parameters = (SH.qualifiedMinCount, SH.qualifiedValueShape, SH.qualifiedValueShapesDisjoint)
    shape_parameters = (SH.qualifiedValueShape,)
    too_few = True
    message = "Fewer than {} values conform to the qualified shape"


@registered
class QualifiedMaxCountConstraintComponent(_Qualified):
    iri = str(SH.QualifiedMaxCountConstraintComponent)
    parameters = (SH.qualifiedMaxCount, SH.qualifiedValueShape, SH.qualifiedValueShapesDisjoint)
    shape_parameters = (SH.qualifiedValueShape,)
    too_few = False
    message = "More than {} values conform to the qualified shape"


# --- 4.8 Other Constraint Components ----------------------------------------------------------------------


@registered
class ClosedConstraintComponent(Component):
    iri = str(SH.ClosedConstraintComponent)
    section, title = "4.8.1", "sh:closed, sh:ignoredProperties"
    parameters = (SH.closed, SH.ignoredProperties)
    message = "Predicate is not allowed (closed shape)"

    def read(self, reading, value):
        if value != TRUE:  # only true closes a shape
            return None
        graph, node = reading.graph, reading.node
        ignored = [
            i for v in graph.objects(node, SH.ignoredProperties) for i in reading.members(v, SH.ignoredProperties)
        ]
        allowed = {
            str(graph.value(p, SH.path))
            for p in graph.objects(node, SH.property)
            if isinstance(graph.value(p, SH.path), rdflib.URIRef)
        }
        return Constraint(self.iri, True, ((SH.ignoredProperties, tuple(sorted(allowed | {str(i) for i in ignored}))),))

    def results(self, engine, shape, constraint, focus):
        allowed = constraint.get(SH.ignoredProperties)
        test = f"FILTER(?csto_kg_p NOT IN ({', '.join(f'<{p}>' for p in allowed)}))" if allowed else ""
        var = engine.value_var(shape, "?csto_kg_n")
        body = f"{focus.first()} {engine.value_pattern(shape, var)} {var} ?csto_kg_p ?value {test}"
        found = []
        for r in engine.select(f"SELECT DISTINCT ?this ?csto_kg_p ?value WHERE {{ {body} }}", focus):
            found.append(engine.finding(shape, constraint, r["this"], r["value"], path=_predicate(r["csto_kg_p"])))
        return found


def _same_as_any(engine, var: str, members) -> str:
    # a shapes-graph blank node is no node of the data: it can equal none
    terms = [engine.term(m) for m in members if not isinstance(m, rdflib.BNode)]
    return "(" + (" || ".join(f"sameTerm({var}, {t})" for t in terms) or "false") + ")"


@registered
class HasValueConstraintComponent(Component):
    """Not `one_value`: a value node alone cannot fail it, only the set of them (the test serves nested shapes,
    whose value node is the focus node)."""

    iri = str(SH.HasValueConstraintComponent)
    section, title = "4.8.2", "sh:hasValue"
    parameters = (SH.hasValue,)
    message = "Missing value {}"

    def test(self, engine, constraint, var):
        return _same_as_any(engine, var, [constraint.value])

    def results(self, engine, shape, constraint, focus):
        var = engine.value_var(shape, "?csto_kg_v")
        test = _same_as_any(engine, var, [constraint.value])
        body = f"{focus.first()} FILTER NOT EXISTS {{ {engine.value_pattern(shape, var)} FILTER({test}) }}"
        return engine.focus_nodes_where(shape, constraint, focus, body)


@registered
class InConstraintComponent(Component):
    iri = str(SH.InConstraintComponent)
    section, title = "4.8.3", "sh:in"
    parameters = (SH["in"],)
    one_value = True
    message = "Value is not among the allowed values"

    def read(self, reading, value):
        return Constraint(self.iri, tuple(reading.members(value)))

    def test(self, engine, constraint, var):
        return _same_as_any(engine, var, constraint.value)


# --- 5 SPARQL-based Constraints ----------------------------------------------------------------------------
# 5.3.1 pre-binds $this, $shapesGraph, $currentShape (and $PATH); 5.3.2 maps solutions to results. The
# SPARQL-based components of section 6 run their validators the same way.


def _constants(engine, shape, extra: dict | None = None) -> dict:
    constants = {
        "currentShape": engine.term(shape.node)
        if not isinstance(shape.node, rdflib.BNode)
        else ox.BlankNode(str(shape.node)),
        "shapesGraph": ox.NamedNode(SHAPES_GRAPH),
    }
    constants.update(extra or {})
    return constants


def _prepare(text: str, where: str, prebound: set[str], shape, constants: dict) -> str:
    problem = sparql_text.prebinding_problem(text, prebound | set(constants))
    if problem:
        raise KgError(f"{where}: {problem}")
    if shape.path is not None:
        text = sparql_text.replace_variable(text, "PATH", shape.path.sparql())
    return sparql_text.bound_as_true(text, prebound | set(constants))


def _bind(text: str, bindings: dict) -> tuple[str, dict]:
    """Pre-bind variables (name -> term) the way SHACL defines it, by substitution: an IRI or a literal is
    written into the text (sparql_text.substitute); a blank node, which no query text can name, is handed to
    the engine's substitutions, for which the SELECT must project it."""
    used = {v[1:] for k, v in sparql_text.tokens_of(text) if k == "var"}
    textual = {ox.Variable(n): t for n, t in bindings.items() if n in used and not isinstance(t, ox.BlankNode)}
    blank = {n: t for n, t in bindings.items() if n in used and isinstance(t, ox.BlankNode)}
    text = sparql_text.substitute(text, textual)
    if blank:
        text = sparql_text.as_select(text, set(blank))
    return text, {ox.Variable(n): t for n, t in blank.items()}


def _run_select(engine, text: str, focus, constants: dict) -> list[tuple]:
    """(focus node, row) for every row a SELECT gives, $this pre-bound: joined into the top group for all
    focus nodes at once where that is the same thing, else one focus node at a time."""
    store, options = engine.sparql_store(text)
    if focus.node is None and sparql_text.only_in_top_group(text, "this"):
        query, engine_bindings = _bind(
            sparql_text.as_select(sparql_text.insert_in_top_group(text, focus.pattern), {"this"}), constants
        )
        rows = engine.select(query, None, store, bindings=engine_bindings, **options)
        return [(row["this"], row) for row in rows if row.get("this") is not None]
    nodes = (
        [focus.node]
        if focus.node is not None
        else [r["this"] for r in engine.select(f"SELECT DISTINCT ?this WHERE {{ {focus.pattern} }}")]
    )
    found = []
    for node in nodes:
        node = written.decode(node) if store is not engine.store else node
        query, engine_bindings = _bind(text, {**constants, "this": node})
        found += [(node, row) for row in engine.select(query, None, store, bindings=engine_bindings, **options)]
    return found


_TEMPLATE = re.compile(r"\{[?$](\w+)\}")


def _fill(text: str, row: dict, constants: dict) -> str:
    """A message template with its {$var} and {?var} filled from a solution (or the pre-bound values)."""

    def term(match):
        value = row.get(match.group(1), constants.get(match.group(1)))
        if value is None:
            return match.group(0)
        value = written.decode(value)
        return (
            value.value
            if isinstance(value, ox.Literal)
            else ns.curie(value.value)
            if isinstance(value, ox.NamedNode)
            else f"_:{value.value}"
        )

    return _TEMPLATE.sub(term, text)


def _solution_findings(
    engine, shape, constraint, focus, text, constants, messages, *, source=None, component=None
) -> list:
    """The results of a SELECT: one per solution, its ?value, ?path and ?message taken where bound."""
    found = []
    for focus_node, row in _run_select(engine, text, focus, constants):
        value = row.get("value")
        if value is None and shape.path is None:
            value = focus_node
        path = row.get("path")
        row_messages = (
            (("", row["message"].value),)
            if isinstance(row.get("message"), ox.Literal)
            else tuple((lang, _fill(t, row, constants)) for lang, t in messages)
        )
        found.append(
            engine.finding(
                shape,
                constraint,
                row.get("this", focus_node),
                value,
                path=_predicate(path) if isinstance(path, ox.NamedNode) else None,
                messages=row_messages,
                component=component,
                source=source,
            )
        )
    return found


@registered
class SPARQLConstraintComponent(Component):
    iri = str(SH.SPARQLConstraintComponent)
    section, title = "5", "SPARQL-based Constraints"
    anchor = "sparql-constraints"
    parameters = (SH.sparql,)

    def read(self, reading, value):
        if reading.graph.value(value, SH.deactivated) == TRUE:
            return None
        if len(list(reading.graph.objects(value, SH.select))) != 1:
            said = reading.described(value)
            raise KgError(f"{reading.where}: the SPARQL constraint {said} needs exactly one sh:select")
        return Constraint(self.iri, value)

    def results(self, engine, shape, constraint, focus):
        node, graph = constraint.value, engine.graph
        where = f"SPARQL constraint {shown(node)} of shape {shown(shape.node)}"
        constants = _constants(engine, shape)
        text = _prepare(engine.prefixes(node) + str(graph.value(node, SH.select)), where, {"this"}, shape, constants)
        messages = tuple(sorted((m.language or "", str(m)) for m in graph.objects(node, SH.message))) or shape.messages
        return _solution_findings(
            engine, shape, constraint, focus, text, constants, messages, source=node, component=self.name
        )


# --- 6 SPARQL-based Constraint Components -----------------------------------------------------------------


def _local_name(iri) -> str:
    return re.split(r"[#/:]", str(iri))[-1]


class SPARQLBasedConstraintComponent(Component):
    """Any component the shapes graph declares (section 6.2), run by its validator for node or property shapes:
    a SELECT's solutions are results (6.2.3.1), an ASK is asked of each value node (6.2.3.2). Not in the registry:
    its IRI is the declaration's, its messages the declaration's."""

    iri = ""
    section, title = "6", "SPARQL-based Constraint Components"
    anchor = "sparql-constraint-components"

    def default_messages(self, engine, constraint):
        return engine.shapes.components[rdflib.URIRef(constraint.component)].messages

    def results(self, engine, shape, constraint, focus):
        component = engine.shapes.components[rdflib.URIRef(constraint.component)]
        validator = component.validators["property" if shape.path is not None else "node"]
        parameters = {_local_name(p): engine.term(v) for p, v in constraint.extra}
        constants = _constants(engine, shape, parameters)
        where = f"the validator of {shown(rdflib.URIRef(component.iri))} (shape {shown(shape.node)})"
        messages = shape.messages or validator.messages or component.messages
        if validator.kind == "select":
            text = _prepare(validator.prefixes + validator.text, where, {"this"}, shape, constants)
            return _solution_findings(engine, shape, constraint, focus, text, constants, messages)
        text = _prepare(validator.prefixes + validator.text, where, {"this", "value"}, shape, constants)
        store, options = engine.sparql_store(text)
        found = []
        for row in engine.value_rows(shape, focus, ""):
            this, value = row["this"], row["value"]
            if store is not engine.store:
                this, value = written.decode(this), written.decode(value)
            query, engine_bindings = _bind(text, {**constants, "this": this, "value": value})
            try:
                answer = store.query(
                    query,
                    use_default_graph_as_union=options.get("union", True),
                    default_graph=options.get("default_graph"),
                    substitutions=engine_bindings or None,
                    custom_functions=FUNCTIONS,
                )
            except SyntaxError as exc:
                raise KgError(f"{where}: SPARQL error: {exc}") from None
            if not (bool(answer) if isinstance(answer, ox.QueryBoolean) else any(True for _ in answer)):
                found.append(
                    engine.finding(
                        shape,
                        constraint,
                        row["this"],
                        row["value"],
                        messages=tuple(
                            (lang, _fill(t, {"this": this, "value": value}, constants)) for lang, t in messages
                        ),
                    )
                )
        return found


SPARQL_BASED = SPARQLBasedConstraintComponent()
# the SPARQL functions the components' tests call, handed to every query the engine runs
FUNCTIONS = {ox.NamedNode(iri): f for c in REGISTRY.values() for iri, f in c.functions.items()}
