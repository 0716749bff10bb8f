"""The fast SHACL engine: each constraint of the shapes compiled to one SPARQL query on the pyoxigraph store.

It covers what our shapes use (targets by class; node-level sh:class; property shapes on a predicate or an
inverse path with minCount, maxCount, datatype, class, pattern, minInclusive, languageIn, uniqueLang, nodeKind
sh:IRI, and a qualified value shape made of sh:class; SHACL-SPARQL constraints) and refuses anything else by
name, so it never silently skips a constraint. Tests check that it reports exactly what pySHACL reports, on the
build and on every valid and invalid case. Instances are found as SHACL defines them: rdf:type followed by
rdfs:subClassOf* in the data.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF, RDFS, SH, XSD

from . import namespaces as ns
from .errors import KgError
from .validation import Finding, to_rdflib_term

CASTABLE = {str(XSD[t]) for t in ("date", "dateTime", "integer", "decimal", "boolean", "double")}
SUPPORTED_ON_PROPERTY_SHAPES = {SH.path, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.pattern, SH.minInclusive,
                                SH.languageIn, SH.uniqueLang, SH.nodeKind, SH.qualifiedValueShape, SH.qualifiedMinCount,
                                SH.message, SH.severity, RDF.type}
SUPPORTED_ON_NODE_SHAPES = {SH.targetClass, SH.property, SH.sparql, SH["class"], SH.message, SH.severity, RDF.type}


@dataclass
class Check:
    """One compiled constraint: its query yields ?this (and ?value, or template variables)."""

    shape: str
    component: str
    severity: str
    path: str | None
    messages: tuple
    query: str
    templated: bool = False


def _iri(term) -> str:
    return f"<{term}>"


def _messages(shapes: rdflib.Graph, node) -> tuple:
    return tuple(sorted((m.language or "en", str(m)) for m in shapes.objects(node, SH.message)))


def _severity(shapes: rdflib.Graph, node) -> str:
    value = shapes.value(node, SH.severity)
    return str(value).rsplit("#", 1)[1] if value is not None else "Violation"


def _refuse_unknown(shapes: rdflib.Graph, node, allowed: set) -> None:
    unknown = sorted({p for p in shapes.predicates(node) if p not in allowed and str(p).startswith(str(SH))})
    if unknown:
        raise KgError(f"shape {ns.curie(str(node))} uses {', '.join('sh:' + str(p).removeprefix(str(SH)) for p in unknown)}, "
                      "which the fast engine does not compile: run validate with --engine pyshacl")


def _path(shapes: rdflib.Graph, node) -> tuple[str, str]:
    """(SPARQL path, path as reported)."""
    path = shapes.value(node, SH.path)
    if isinstance(path, rdflib.URIRef):
        return _iri(path), ns.curie(str(path))
    inverse = shapes.value(path, SH.inversePath) if path is not None else None
    if isinstance(inverse, rdflib.URIRef):
        return f"^{_iri(inverse)}", f"^{ns.curie(str(inverse))}"
    raise KgError(f"shape {ns.curie(str(node))} has a path the fast engine does not compile (only a predicate or sh:inversePath)")


def _value_test(shapes: rdflib.Graph, node, predicate, value, classes: "Classes") -> str | None:
    """A SPARQL expression true when ?v satisfies the constraint, for value-based constraints."""
    if predicate == SH.datatype:
        if value == RDF.langString:
            return 'isLiteral(?v) && LANG(?v) != ""'
        wellformed = f" && COALESCE(<{value}>(?v) = ?v, false)" if str(value) in CASTABLE else ""
        return f"isLiteral(?v) && DATATYPE(?v) = {_iri(value)}{wellformed}"
    if predicate == SH["class"]:
        return classes.test("?v", value)
    if predicate == SH.pattern:
        return f"!isBlank(?v) && REGEX(STR(?v), {_quote(str(value))})"
    if predicate == SH.minInclusive:
        return f"COALESCE(?v >= {value.n3()}, false)"
    if predicate == SH.nodeKind:
        if value != SH.IRI:
            raise KgError(f"shape {ns.curie(str(node))}: the fast engine compiles sh:nodeKind sh:IRI only")
        return "isIRI(?v)"
    if predicate == SH.languageIn:
        languages = list(rdflib.collection.Collection(shapes, value))
        return "isLiteral(?v) && (" + " || ".join(f"LANGMATCHES(LANG(?v), {_quote(str(t))})" for t in languages) + ")"
    return None


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Classes:
    """SHACL instances of a class: rdf:type followed by rdfs:subClassOf* in the data. The subclass closure is read
    from the store once per class, so the compiled queries test rdf:type against a fixed list."""

    def __init__(self, store: ox.Store):
        self.store, self.closure = store, {}

    def of(self, cls) -> list[str]:
        if cls not in self.closure:
            query = f"SELECT DISTINCT ?sub WHERE {{ ?sub <{RDFS.subClassOf}>* <{cls}> }}"
            subs = {s["sub"].value for s in self.store.query(query, use_default_graph_as_union=True)} | {str(cls)}
            self.closure[cls] = sorted(subs)
        return self.closure[cls]

    def focus(self, targets) -> str:
        """A subquery binding ?this to every focus node of the targets."""
        return f"{{ SELECT DISTINCT ?this WHERE {{ {self.membership(targets)} }} }}"

    def membership(self, targets) -> str:
        classes = sorted({c for t in targets for c in self.of(t)})
        return f"VALUES ?targetClass {{ {' '.join(map(_iri, classes))} }} ?this rdf:type ?targetClass"

    def test(self, node: str, cls) -> str:
        return f"EXISTS {{ {node} rdf:type ?c FILTER(?c IN ({', '.join(map(_iri, self.of(cls)))})) }}"


def compile_shapes(shapes: rdflib.Graph, store: ox.Store) -> list[Check]:
    """One query per constraint. A property shape shared by several node shapes is compiled once, for the
    union of their targets."""
    classes = Classes(store)
    checks: list[Check] = []
    prefixes = {str(shapes.value(n, SH.prefix)): str(shapes.value(n, SH.namespace)) for n in shapes.subjects(SH.prefix, None)}
    prologue = ns.sparql_prologue() + "".join(f"PREFIX {p}: <{v}>\n" for p, v in prefixes.items() if p not in ns.PREFIXES)
    targets_of_property: dict = {}
    for node_shape in sorted(shapes.subjects(RDF.type, SH.NodeShape), key=str):
        _refuse_unknown(shapes, node_shape, SUPPORTED_ON_NODE_SHAPES)
        targets = list(shapes.objects(node_shape, SH.targetClass))
        if not targets:
            continue
        focus = classes.focus(targets)
        for cls in shapes.objects(node_shape, SH["class"]):
            checks.append(Check(str(node_shape), "ClassConstraintComponent", _severity(shapes, node_shape), None,
                                _messages(shapes, node_shape),
                                prologue + f"SELECT ?this (?this AS ?value) WHERE {{ {focus} FILTER(!{classes.test('?this', cls)}) }}"))
        for constraint in shapes.objects(node_shape, SH.sparql):
            inner = str(shapes.value(constraint, SH.select)).replace("$this", "?this")
            # the shape's severity, as SHACL says: a constraint node's own sh:severity means nothing
            checks.append(Check(str(constraint), "SPARQLConstraintComponent", _severity(shapes, node_shape), None,
                                _messages(shapes, constraint), prologue + f"SELECT * WHERE {{ {focus} {{ {inner} }} }}", templated=True))
        for prop in shapes.objects(node_shape, SH.property):
            targets_of_property.setdefault(prop, set()).update(targets)
    for prop, targets in sorted(targets_of_property.items(), key=lambda item: str(item[0])):
        checks += _compile_property(shapes, prop, targets, prologue, classes)
    return checks


def _compile_property(shapes: rdflib.Graph, prop, targets, prologue: str, classes: Classes) -> list[Check]:
    """Queries shaped for the planner: violations are rare, so a query first finds candidate violations from the
    property's own triples and only then asks whether the node is a focus node; only counts below a minimum
    must start from the focus nodes."""
    _refuse_unknown(shapes, prop, SUPPORTED_ON_PROPERTY_SHAPES)
    path, shown = _path(shapes, prop)
    severity, messages, name = _severity(shapes, prop), _messages(shapes, prop), str(prop)
    focus, is_focus = classes.focus(targets), f"FILTER EXISTS {{ {classes.membership(targets)} }}"
    checks = []

    def add(component: str, query: str) -> None:
        checks.append(Check(name, component, severity, shown, messages, prologue + query))

    if (n := shapes.value(prop, SH.minCount)) is not None:
        if int(n) == 1:
            add("MinCountConstraintComponent", f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {path} ?v }} }}")
        else:
            add("MinCountConstraintComponent",
                f"SELECT ?this WHERE {{ {focus} MINUS {{ SELECT ?this WHERE {{ ?this {path} ?v }} GROUP BY ?this "
                f"HAVING (COUNT(DISTINCT ?v) >= {int(n)}) }} }}")
    if (n := shapes.value(prop, SH.maxCount)) is not None:
        add("MaxCountConstraintComponent",
            f"SELECT ?this WHERE {{ {{ SELECT ?this WHERE {{ ?this {path} ?v }} GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {int(n)}) }} "
            f"{is_focus} }}")
    for predicate, component in ((SH.datatype, "Datatype"), (SH["class"], "Class"), (SH.pattern, "Pattern"),
                                 (SH.minInclusive, "MinInclusive"), (SH.nodeKind, "NodeKind"), (SH.languageIn, "LanguageIn")):
        for value in shapes.objects(prop, predicate):
            test = _value_test(shapes, prop, predicate, value, classes)
            add(component + "ConstraintComponent", f"SELECT DISTINCT ?this (?v AS ?value) WHERE {{ ?this {path} ?v . FILTER(!({test})) {is_focus} }}")
    if shapes.value(prop, SH.uniqueLang) == rdflib.Literal(True):
        # a node repeats a language exactly when it has more tagged values than distinct tags
        add("UniqueLangConstraintComponent",
            f'SELECT ?this WHERE {{ {{ SELECT ?this WHERE {{ ?this {path} ?v . FILTER(LANG(?v) != "") }} GROUP BY ?this '
            f"HAVING (COUNT(DISTINCT ?v) > COUNT(DISTINCT LCASE(LANG(?v)))) }} {is_focus} }}")
    qualified = shapes.value(prop, SH.qualifiedValueShape)
    if qualified is not None:
        qualified_classes = list(shapes.objects(qualified, SH["class"]))
        extra = {p for p in shapes.predicates(qualified) if p not in (SH["class"], RDF.type)}
        n = shapes.value(prop, SH.qualifiedMinCount)
        if len(qualified_classes) != 1 or extra or n is None:
            raise KgError(f"shape {ns.curie(name)}: the fast engine compiles a qualified value shape of one sh:class with sh:qualifiedMinCount only")
        add("QualifiedMinCountConstraintComponent",
            f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {path} ?v . FILTER({classes.test('?v', qualified_classes[0])}) }} }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {int(n)})")
    return checks


_TEMPLATE = re.compile(r"\{\?(\w+)\}")


def _fill(text: str, row: dict) -> str:
    def term(match):
        value = row.get(match.group(1))
        if value is None:
            return match.group(0)
        return value.value if isinstance(value, ox.Literal) else ns.curie(value.value)

    return _TEMPLATE.sub(term, text)


def validate(store: ox.Store, shapes: rdflib.Graph) -> list[Finding]:
    return run(store, compile_shapes(shapes, store))


def _rows(store: ox.Store, check: Check) -> list[dict]:
    solutions = store.query(check.query, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [{n: solution[n] for n in names} for solution in solutions]


def run(store: ox.Store, checks: list[Check], pool: ThreadPoolExecutor | None = None) -> list[Finding]:
    """Run the compiled queries, on every core (pyoxigraph releases the GIL while it queries), in `pool` if given."""
    if pool is None:
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as own:
            return run(store, checks, own)
    findings = set()
    for found in pool.map(lambda check: _findings(store, check), checks):
        findings.update(found)
    return list(findings)


def _findings(store: ox.Store, check: Check) -> list[Finding]:
    """One compiled query's results as findings, made in the worker: this Python work then overlaps the other
    workers' queries."""
    found = []
    for row in _rows(store, check):
        messages = tuple(sorted((lang, _fill(text, row)) for lang, text in check.messages)) if check.templated else check.messages
        found.append(Finding(check.severity, check.shape, check.component, to_rdflib_term(row["this"]), check.path,
                             to_rdflib_term(row.get("value")), messages))
    return found
