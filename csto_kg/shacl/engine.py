"""The fast SHACL engine: SHACL Core and SHACL-SPARQL, each constraint run as SPARQL on the pyoxigraph store.

Focus nodes come either from a shape's targets, as a SPARQL pattern joined into one query per constraint (the
whole graph at once), or as one node pre-bound with pyoxigraph's substitutions (a value node checked against a
nested shape). A constraint on values is one FILTER expression; a nested shape made only of such constraints is
inlined into its parent's expression; any other nested shape is checked per value node, remembered per node.

Literals are judged as written: where the store would have changed a literal, it holds a stand-in (see the
`written` module) that the expressions read through. Instances are found as SHACL says: rdf:type followed by
rdfs:subClassOf* in the data. What SHACL leaves undefined or forbids (recursive shapes, MINUS or VALUES with
pre-bound variables, …) is refused by name, never skipped. The tests run the W3C SHACL test suite on it and
compare it with pySHACL on the project's shapes.
"""

from __future__ import annotations

import itertools
import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF, RDFS, SH, XSD

from .. import namespaces as ns
from .. import sparql_text, written
from ..errors import KgError
from . import literals
from .findings import Finding, Path, shown, to_oxigraph_term, to_rdflib_term
from .shapes import Constraint, Shape, ShapesGraph, prefixes, shape_name

RDF_TYPE, SUBCLASS = f"<{RDF.type}>", f"<{RDFS.subClassOf}>"
WELL_FORMED = "urn:csto-kg:function:well-formed"
SHAPES_GRAPH = "urn:csto-kg:shapes-graph"
# types whose well-formed values a cast gives back equal (ill-formed ones fail the cast): tested in SPARQL
CASTABLE = {str(XSD[t]) for t in ("date", "dateTime", "integer", "decimal", "boolean")}
NODE_KIND_TESTS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
COMPARISONS = {
    "MinExclusiveConstraintComponent": ">",
    "MinInclusiveConstraintComponent": ">=",
    "MaxExclusiveConstraintComponent": "<",
    "MaxInclusiveConstraintComponent": "<=",
}
VALUE_TESTS = {
    "ClassConstraintComponent",
    "DatatypeConstraintComponent",
    "NodeKindConstraintComponent",
    "MinLengthConstraintComponent",
    "MaxLengthConstraintComponent",
    "PatternConstraintComponent",
    "LanguageInConstraintComponent",
    "InConstraintComponent",
    *COMPARISONS,
}
SHAPE_TESTS = {
    "NodeConstraintComponent",
    "NotConstraintComponent",
    "AndConstraintComponent",
    "OrConstraintComponent",
    "XoneConstraintComponent",
}
DEFAULT_MESSAGES = {
    "ClassConstraintComponent": "Value is not an instance of {}",
    "DatatypeConstraintComponent": "Value is not a well-formed {}",
    "NodeKindConstraintComponent": "Value is not of node kind {}",
    "MinCountConstraintComponent": "Fewer than {} values",
    "MaxCountConstraintComponent": "More than {} values",
    "MinExclusiveConstraintComponent": "Value is not > {}",
    "MinInclusiveConstraintComponent": "Value is not >= {}",
    "MaxExclusiveConstraintComponent": "Value is not < {}",
    "MaxInclusiveConstraintComponent": "Value is not <= {}",
    "MinLengthConstraintComponent": "Value is shorter than {}",
    "MaxLengthConstraintComponent": "Value is longer than {}",
    "PatternConstraintComponent": "Value does not match {}",
    "LanguageInConstraintComponent": "Language is not one of {}",
    "UniqueLangConstraintComponent": "Language used more than once",
    "EqualsConstraintComponent": "Values differ from those of {}",
    "DisjointConstraintComponent": "Value is also a value of {}",
    "LessThanConstraintComponent": "Value is not less than a value of {}",
    "LessThanOrEqualsConstraintComponent": "Value is not less than or equal to a value of {}",
    "NotConstraintComponent": "Value conforms to {}",
    "AndConstraintComponent": "Value does not conform to all of the shapes",
    "OrConstraintComponent": "Value conforms to none of the shapes",
    "XoneConstraintComponent": "Value does not conform to exactly one of the shapes",
    "NodeConstraintComponent": "Value does not conform to {}",
    "QualifiedMinCountConstraintComponent": "Fewer than {} values conform to the qualified shape",
    "QualifiedMaxCountConstraintComponent": "More than {} values conform to the qualified shape",
    "ClosedConstraintComponent": "Predicate is not allowed (closed shape)",
    "HasValueConstraintComponent": "Missing value {}",
    "InConstraintComponent": "Value is not among the allowed values",
}
_fresh = itertools.count()


def _well_formed(term):
    term = written.decode(term)
    ok = isinstance(term, ox.Literal) and literals.well_formed(term.value, term.datatype.value)
    return ox.Literal("true" if ok else "false", datatype=ox.NamedNode(str(XSD.boolean)))


FUNCTIONS = {ox.NamedNode(WELL_FORMED): _well_formed}


class Focus:
    """Focus nodes: a pattern binding ?this (from targets: one query for all of them), or one node pre-bound."""

    def __init__(self, pattern: str = "", membership: str = "", classes: list | None = None, node=None):
        self.pattern, self.membership, self.classes, self.node = pattern, membership, classes, node

    @property
    def substitutions(self):
        return {ox.Variable("this"): self.node} if self.node is not None else None

    def first(self) -> str:
        return self.pattern if self.node is None else ""

    def member(self) -> str:
        return f"FILTER EXISTS {{ {self.membership} }}" if self.node is None else ""


class Classes:
    """SHACL instances of a class in the data: its subclass closure is read from the store once per class."""

    def __init__(self, store: ox.Store):
        self.store, self.closure, self.lock = store, {}, threading.Lock()

    def of(self, cls: str) -> list[str]:
        with self.lock:
            if cls not in self.closure:
                query = f"SELECT DISTINCT ?sub WHERE {{ ?sub {SUBCLASS}* <{cls}> }}"
                found = {
                    s["sub"].value
                    for s in self.store.query(query, use_default_graph_as_union=True)
                    if isinstance(s["sub"], ox.NamedNode)
                }
                self.closure[cls] = sorted(found | {cls})
            return self.closure[cls]

    def test(self, var: str, cls: str) -> str:
        t = f"?csto_kg_t{next(_fresh)}"
        return f"EXISTS {{ {var} {RDF_TYPE} {t} FILTER({t} IN ({', '.join(f'<{c}>' for c in self.of(cls))})) }}"


class Engine:
    """Validates a store against a shapes graph. `written`: the store may hold stand-ins for literals (see the
    `written` module) and must be read through them."""

    def __init__(self, store: ox.Store, shapes: rdflib.Graph, *, written: bool = False):
        self.store, self.graph, self.written = store, shapes, written
        try:
            self.shapes = ShapesGraph(shapes)
        except KgError as exc:
            raise KgError(f"the shapes are broken: {exc.message}") from None
        self.classes = Classes(store)
        self._conforms: dict = {}
        self._results: dict = {}
        self._sparql_stores: dict = {}
        self._multiplicities: dict = {}
        self._lock = threading.Lock()

    # --- running ---------------------------------------------------------------------------------------

    def validate(self, pool: ThreadPoolExecutor | None = None) -> list[Finding]:
        """Every shape with targets on its focus nodes. A property shape that several node shapes share is run
        once on the union of their class targets, and each result counted once per shape that reaches it."""
        if pool is None:
            with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as own:
                return self.validate(own)
        tasks = []
        shared: dict = {}
        for shape in self.shapes.targeted():
            for focus in self.target_foci(shape):
                for constraint in shape.constraints:
                    nested = self._nested_property(shape, constraint)
                    if (
                        nested is not None
                        and focus.classes is not None
                        and shape.path is None
                        and not any(c.local == "PropertyConstraintComponent" for c in nested.constraints)
                    ):
                        shared.setdefault(nested.node, []).append(focus)
                    else:
                        tasks.append((shape, (constraint,), focus, None))
        for node, foci in shared.items():
            nested = self.shapes[node]
            if len(foci) == 1:
                tasks += [(nested, group, foci[0], None) for group in self._groups(nested)]
                continue
            union = sorted({c for f in foci for c in f.classes})
            focus = self._class_focus(union)
            tasks = [(nested, group, focus, foci) for group in self._groups(nested)] + tasks  # the long scans first
        findings = []
        for found in pool.map(lambda task: self._task(*task), tasks):
            findings += found
        return findings

    def _groups(self, shape: Shape) -> list[tuple]:
        """A property shape's constraints as tasks: its value tests together (one scan of the values), the
        others one by one."""
        tests = tuple(c for c in shape.constraints if c.local in VALUE_TESTS)
        return ([tests] if tests else []) + [(c,) for c in shape.constraints if c.local not in VALUE_TESTS]

    def _task(self, shape: Shape, constraints: tuple, focus: Focus, parents: list | None) -> list[Finding]:
        if len(constraints) > 1:
            found = self._value_tests(shape, constraints, focus)
        else:
            found = self.check(shape, constraints[0], focus)
        if parents is None or not found:
            return found
        counted = []
        many = self._multiplicity(tuple(tuple(p.classes) for p in parents))
        for finding in found:  # once per node shape whose targets hold the focus node
            counted += [finding] * many.get(finding.focus, 1)
        return counted

    def _multiplicity(self, parents: tuple) -> dict:
        """For node shapes (given by their target classes) that share a property shape: the focus nodes that
        more than one of them targets, and how many. One grouped scan, remembered."""
        with self._lock:
            if parents in self._multiplicities:
                return self._multiplicities[parents]
        rows = " ".join(f"(<{c}> {i})" for i, classes in enumerate(parents) for c in classes)
        query = (
            f"SELECT ?this (COUNT(DISTINCT ?csto_kg_parent) AS ?n) WHERE {{ VALUES (?csto_kg_class ?csto_kg_parent) "
            f"{{ {rows} }} "
            f"?this {RDF_TYPE} ?csto_kg_class }} GROUP BY ?this HAVING (COUNT(DISTINCT ?csto_kg_parent) > 1)"
        )
        many = {to_rdflib_term(r["this"]): int(r["n"].value) for r in self._select(query)}
        with self._lock:
            self._multiplicities[parents] = many
        return many

    def _nested_property(self, shape: Shape, constraint: Constraint) -> Shape | None:
        if constraint.local != "PropertyConstraintComponent":
            return None
        nested = self.shapes[constraint.value]
        return None if nested.deactivated or nested.path is None else nested

    def target_foci(self, shape: Shape) -> list[Focus]:
        parts, classes, nodes = [], [], []
        for predicate, value in shape.targets:
            if predicate == SH.targetClass:
                classes += self.classes.of(str(value))
            elif predicate == SH.targetNode:
                nodes.append(value)
            elif predicate == SH.targetSubjectsOf:
                parts.append(f"?this <{value}> ?csto_kg_o")
            else:
                parts.append(f"?csto_kg_s <{value}> ?this")
        foci = []
        blank = [n for n in nodes if isinstance(n, rdflib.BNode)]
        foci += [Focus(node=ox.BlankNode(str(n))) for n in blank]  # a shapes-graph node, with no triples in the data
        listed = [self.term(n) for n in nodes if not isinstance(n, rdflib.BNode)]
        if listed:
            parts.append(f"VALUES ?this {{ {' '.join(map(str, listed))} }}")
        if classes and not parts:
            foci.append(self._class_focus(sorted(set(classes))))
        elif classes or parts:
            if classes:
                parts.append(self._class_membership(sorted(set(classes))))
            membership = parts[0] if len(parts) == 1 else " UNION ".join(f"{{ {p} }}" for p in parts)
            foci.append(Focus(f"{{ SELECT DISTINCT ?this WHERE {{ {membership} }} }}", membership))
        return foci

    def _class_membership(self, classes: list[str]) -> str:
        return f"VALUES ?csto_kg_class {{ {' '.join(f'<{c}>' for c in classes)} }} ?this {RDF_TYPE} ?csto_kg_class"

    def _class_focus(self, classes: list[str]) -> Focus:
        membership = self._class_membership(classes)
        return Focus(f"{{ SELECT DISTINCT ?this WHERE {{ {membership} }} }}", membership, classes)

    def _select(self, query: str, focus: Focus | None = None, store: ox.Store | None = None, **options) -> list[dict]:
        substitutions = dict(focus.substitutions or {}) if focus is not None else {}
        substitutions.update(options.pop("bindings", {}))
        try:
            solutions = (store or self.store).query(
                query,
                use_default_graph_as_union=options.pop("union", True),
                substitutions=substitutions or None,
                custom_functions=FUNCTIONS,
                **options,
            )
        except SyntaxError as exc:
            raise KgError(f"SPARQL error in a query made from the shapes: {exc}\n{query}") from None
        names = [v.value for v in solutions.variables]
        return [{n: s[n] for n in names} for s in solutions]

    def term(self, node):
        """A shapes-graph term as the store keeps it."""
        term = to_oxigraph_term(node)
        return term if self.written else written.decode(term)

    # --- expressions on one value ----------------------------------------------------------------------

    def value_test(self, constraint: Constraint, var: str) -> str | None:
        """A SPARQL expression, never an error, true when the node in `var` satisfies the constraint; None
        when the constraint is not about one value alone."""
        local, value = constraint.local, constraint.value
        if local == "ClassConstraintComponent":
            test = self.classes.test(var, str(value))
        elif local == "DatatypeConstraintComponent":
            test = self._datatype_test(var, str(value))
        elif local == "NodeKindConstraintComponent":
            test = NODE_KIND_TESTS[value].format(v=var)
        elif local in COMPARISONS:
            shown = written.value_expression(var) if self.written else var
            test = f"({shown} {COMPARISONS[local]} {written.decode(to_oxigraph_term(value))})"
        elif local in ("MinLengthConstraintComponent", "MaxLengthConstraintComponent"):
            test = f"(!isBlank({var}) && STRLEN(STR({var})) {'>=' if local.startswith('Min') else '<='} {int(value)})"
        elif local == "PatternConstraintComponent":
            test = (
                f"(!isBlank({var}) && REGEX(STR({var}), {_quote(str(value))}, {_quote(constraint.get(SH.flags, ''))}))"
            )
        elif local == "LanguageInConstraintComponent":
            tags = " || ".join(f"LANGMATCHES(LANG({var}), {_quote(t)})" for t in value) or "false"
            test = f"(isLiteral({var}) && ({tags}))"
        elif local == "InConstraintComponent":
            test = self._same_as_any(var, value)
        elif local == "HasValueConstraintComponent":
            test = self._same_as_any(var, [value])
        elif local in SHAPE_TESTS:
            inner = [self.inline(self.shapes[s], var) for s in (value if isinstance(value, tuple) else [value])]
            if any(i is None for i in inner):
                return None
            if local == "NodeConstraintComponent":
                test = inner[0]
            elif local == "NotConstraintComponent":
                test = f"!{inner[0]}"
            elif local == "AndConstraintComponent":
                test = "(" + (" && ".join(inner) or "true") + ")"
            elif local == "OrConstraintComponent":
                test = "(" + (" || ".join(inner) or "false") + ")"
            else:
                test = "((" + (" + ".join(f"IF({i}, 1, 0)" for i in inner) or "0") + ") = 1)"
        else:
            return None
        return f"COALESCE({test}, false)"

    def _datatype_test(self, var: str, datatype: str) -> str:
        if datatype == str(RDF.langString):
            return f'(isLiteral({var}) && LANG({var}) != "")'
        shown = written.datatype_expression(var) if self.written else f"DATATYPE({var})"
        test = f'isLiteral({var}) && LANG({var}) = "" && {shown} = <{datatype}>'
        if datatype == str(XSD.string) or not datatype.startswith(str(XSD)):
            return f"({test})"
        if datatype in CASTABLE and not self.written:
            return f"({test} && COALESCE(<{datatype}>({var}) = {var}, false))"
        return f"({test} && <{WELL_FORMED}>({var}))"

    def _same_as_any(self, var: str, members) -> str:
        # a shapes-graph blank node is no node of the data: it can equal none
        terms = [self.term(m) for m in members if not isinstance(m, rdflib.BNode)]
        return "(" + (" || ".join(f"sameTerm({var}, {t})" for t in terms) or "false") + ")"

    def inline(self, shape: Shape, var: str) -> str | None:
        """Conformance to `shape` as one expression, if the shape only constrains the node itself."""
        if shape.deactivated:
            return "true"
        if shape.path is not None:
            return None
        tests = [self.value_test(c, var) for c in shape.constraints]
        if any(t is None for t in tests):
            return None
        return "(" + (" && ".join(tests) or "true") + ")"

    # --- one constraint --------------------------------------------------------------------------------

    def check(self, shape: Shape, constraint: Constraint, focus: Focus) -> list[Finding]:
        local = constraint.local
        if local == "PropertyConstraintComponent":
            return self._property(shape, constraint, focus)
        if not constraint.component.startswith(str(SH)):
            return self._component(shape, constraint, focus)
        if local == "SPARQLConstraintComponent":
            return self._sparql(shape, constraint, focus)
        var = self._value_var(shape)
        if local in VALUE_TESTS or (local in SHAPE_TESTS and self.value_test(constraint, var) is not None):
            rows = self._value_rows(shape, focus, f"FILTER(!{self.value_test(constraint, var)})")
            return [self._finding(shape, constraint, r["this"], r["value"]) for r in rows]
        if local in SHAPE_TESTS:
            return self._shape_test(shape, constraint, focus)
        method = getattr(self, "_" + local.removesuffix("ConstraintComponent").lower())
        return method(shape, constraint, focus)

    @staticmethod
    def _value_var(shape: Shape, var: str = "?value") -> str:
        """The variable that holds a value node: a node shape's value node is the focus node itself. (Not a
        BIND of ?this: pyoxigraph leaves BIND(?this AS ?v) unbound where ?this is substituted.)"""
        return var if shape.path is not None else "?this"

    def _value_pattern(self, shape: Shape, var: str = "?value") -> str:
        return f"?this {shape.path.sparql()} {var} ." if shape.path is not None else ""

    def _value_tests(self, shape: Shape, constraints: tuple, focus: Focus) -> list[Finding]:
        """Several value tests of one shape in one scan of its values: each test's verdict bound, rows kept
        where any fails."""
        var = self._value_var(shape)
        names = [f"?csto_kg_ok{i}" for i in range(len(constraints))]
        binds = " ".join(f"BIND({self.value_test(c, var)} AS {n})" for c, n in zip(constraints, names))
        rows = self._value_rows(shape, focus, f"{binds} FILTER({' || '.join('!' + n for n in names)})", " ".join(names))
        return [
            self._finding(shape, c, r["this"], r["value"])
            for r in rows
            for c, n in zip(constraints, names)
            if r[n[1:]].value == "false"
        ]

    def _value_rows(self, shape: Shape, focus: Focus, condition: str, also: str = "") -> list[dict]:
        """(focus node, value node) pairs meeting `condition` (written on _value_var). A constraint on a class's
        instances starts from the values (violations are rare; the planner then tests few nodes for membership);
        others from the focus nodes."""
        pattern = self._value_pattern(shape)
        if focus.classes is not None and shape.path is not None and shape.path.kind in ("predicate", "inverse"):
            body = f"{pattern} {condition} {focus.member()}"
        else:
            body = f"{focus.first()} {pattern} {condition}"
        projection = ("?this ?value " if shape.path is not None else "?this ") + also
        rows = self._select(f"SELECT DISTINCT {projection} WHERE {{ {body} }}", focus)
        if shape.path is None:
            for row in rows:
                row["value"] = row["this"]
        return rows

    def _finding(
        self,
        shape: Shape,
        constraint: Constraint,
        focus,
        value=None,
        *,
        path=None,
        messages=None,
        component: str | None = None,
        source=None,
        detail=None,
    ) -> Finding:
        local = constraint.local
        name = component or (local if constraint.component.startswith(str(SH)) else constraint.component)
        if messages is None:
            messages = shape.messages or self._default_message(constraint)
        path_structure = path if path is not None else shape.path
        severity = shape.severity.removeprefix(str(SH)) if shape.severity.startswith(str(SH)) else shape.severity
        return Finding(
            severity,
            shape_name(source) if source is not None else shape.name(),
            name,
            to_rdflib_term(focus),
            path_structure.text() if path_structure is not None else None,
            to_rdflib_term(value) if value is not None else None,
            tuple((lang or "en", text) for lang, text in messages),
            shape_node=shape.node,
            path_structure=path_structure,
            constraint=source,
            detail=detail if detail is not None else (constraint.value, constraint.extra),
        )

    def _default_message(self, constraint: Constraint) -> tuple:
        template = DEFAULT_MESSAGES.get(constraint.local)
        if template is None:
            component = self.shapes.components.get(rdflib.URIRef(constraint.component))
            return component.messages if component else ()
        value = constraint.value
        said = ", ".join(shown(v) for v in value) if isinstance(value, tuple) else shown(value)
        return (("en", template.format(said)),)

    # --- the components that are not one expression on a value ----------------------------------------

    def _property(self, shape: Shape, constraint: Constraint, focus: Focus) -> list[Finding]:
        nested = self.shapes[constraint.value]
        if nested.deactivated:
            return []
        if shape.path is None:
            return [f for c in nested.constraints for f in self.check(nested, c, focus)]
        # the value nodes of a property shape are focus nodes of the nested shape, each checked alone (once, and
        # reported for each focus node it is a value of, as SHACL validates it once per focus node)
        found = []
        for row in self._value_rows(shape, focus, ""):
            found += self.results(row["value"], nested)
        return found

    def results(self, node, shape: Shape) -> list[Finding]:
        """All results of validating one node against a shape (its targets aside), remembered."""
        key = (shape.node, node)
        if key not in self._results:
            focus = Focus(node=node)
            self._results[key] = (
                [] if shape.deactivated else [f for c in shape.constraints for f in self.check(shape, c, focus)]
            )
        return self._results[key]

    def conforms(self, node, shape: Shape) -> bool:
        key = (shape.node, node)
        if key not in self._conforms:
            if shape.deactivated:
                self._conforms[key] = True
            elif (expression := self.inline(shape, "?this")) is not None:
                self._conforms[key] = bool(
                    self._select(f"SELECT ?this WHERE {{ FILTER({expression}) }}", Focus(node=node))
                )
            else:
                focus = Focus(node=node)
                self._conforms[key] = not any(self.check(shape, c, focus) for c in shape.constraints)
        return self._conforms[key]

    def _shape_test(self, shape: Shape, constraint: Constraint, focus: Focus) -> list[Finding]:
        local, value = constraint.local, constraint.value
        members = [self.shapes[s] for s in (value if isinstance(value, tuple) else [value])]
        found = []
        for row in self._value_rows(shape, focus, ""):
            conforming = [self.conforms(row["value"], m) for m in members]
            ok = {
                "NodeConstraintComponent": all(conforming),
                "NotConstraintComponent": not conforming[0],
                "AndConstraintComponent": all(conforming),
                "OrConstraintComponent": any(conforming),
                "XoneConstraintComponent": sum(conforming) == 1,
            }[local]
            if not ok:
                found.append(self._finding(shape, constraint, row["this"], row["value"]))
        return found

    def _focus_nodes_where(self, shape: Shape, constraint: Constraint, focus: Focus, body: str) -> list[Finding]:
        """A result for each ?this the group pattern `body` finds."""
        return [
            self._finding(shape, constraint, r["this"]) for r in self._select(f"SELECT ?this WHERE {{ {body} }}", focus)
        ]

    def _mincount(self, shape: Shape, constraint: Constraint, focus: Focus) -> list[Finding]:
        n = int(constraint.value)
        if n == 0:
            return []
        path = shape.path.sparql()
        if n == 1:
            body = f"{focus.first()} FILTER NOT EXISTS {{ ?this {path} ?csto_kg_v }}"
        else:
            body = f"{focus.first()} MINUS {_counted(f'?this {path} ?csto_kg_v', f'>= {n}')}"
        return self._focus_nodes_where(shape, constraint, focus, body)

    def _maxcount(self, shape: Shape, constraint: Constraint, focus: Focus) -> list[Finding]:
        path, more = shape.path.sparql(), f"> {int(constraint.value)}"
        if focus.classes is not None:  # count first, then keep the focus nodes among the few found
            body = f"{_counted(f'?this {path} ?csto_kg_v', more)} {focus.member()}"
        else:
            body = _counted(f"{focus.first()} ?this {path} ?csto_kg_v", more)
        return self._focus_nodes_where(shape, constraint, focus, body)

    def _uniquelang(self, shape: Shape, constraint: Constraint, focus: Focus) -> list[Finding]:
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
        return [self._finding(shape, constraint, r["this"], detail=r["lang"].value) for r in self._select(query, focus)]

    def _hasvalue(self, shape: Shape, constraint: Constraint, focus: Focus) -> list[Finding]:
        var = self._value_var(shape, "?csto_kg_v")
        test = self._same_as_any(var, [constraint.value])
        body = f"{focus.first()} FILTER NOT EXISTS {{ {self._value_pattern(shape, var)} FILTER({test}) }}"
        return self._focus_nodes_where(shape, constraint, focus, body)

    def _equals(self, shape: Shape, constraint: Constraint, focus: Focus) -> list[Finding]:
        other = f"<{constraint.value}>"
        first = focus.first()  # in each branch: a branch is evaluated on its own, before the union is joined
        if shape.path is None:
            body = (
                f"{{ {first} FILTER NOT EXISTS {{ ?this {other} ?this }} BIND(true AS ?csto_kg_self) }} UNION "
                f"{{ {first} ?this {other} ?value FILTER(!sameTerm(?value, ?this)) }}"
            )
        else:
            ours, theirs = self._value_pattern(shape), self._value_pattern(shape, "?csto_kg_w")
            body = (
                f"{{ {first} {ours} FILTER NOT EXISTS {{ ?this {other} ?value }} }} UNION "
                f"{{ {first} ?this {other} ?value FILTER NOT EXISTS {{ {theirs} FILTER(sameTerm(?csto_kg_w, ?value)) "
                f"}} }}"
            )
        rows = self._select(f"SELECT DISTINCT ?this ?value ?csto_kg_self WHERE {{ {body} }}", focus)
        return [
            self._finding(shape, constraint, r["this"], r["this"] if r.get("csto_kg_self") else r["value"])
            for r in rows
        ]

    def _disjoint(self, shape: Shape, constraint: Constraint, focus: Focus) -> list[Finding]:
        rows = self._value_rows(
            shape, focus, f"FILTER EXISTS {{ ?this <{constraint.value}> {self._value_var(shape)} }}"
        )
        return [self._finding(shape, constraint, r["this"], r["value"]) for r in rows]

    def _lessthan(self, shape: Shape, constraint: Constraint, focus: Focus, operator: str = "<") -> list[Finding]:
        a = written.value_expression("?value") if self.written else "?value"
        b = written.value_expression("?csto_kg_o") if self.written else "?csto_kg_o"
        body = (
            f"{focus.first()} {self._value_pattern(shape)} ?this <{constraint.value}> ?csto_kg_o "
            f"FILTER(!COALESCE({a} {operator} {b}, false))"
        )
        # one result per pair of values that fails, as SHACL says
        return [
            self._finding(shape, constraint, r["this"], r["value"])
            for r in self._select(f"SELECT DISTINCT ?this ?value ?csto_kg_o WHERE {{ {body} }}", focus)
        ]

    def _lessthanorequals(self, shape: Shape, constraint: Constraint, focus: Focus) -> list[Finding]:
        return self._lessthan(shape, constraint, focus, "<=")

    def _closed(self, shape: Shape, constraint: Constraint, focus: Focus) -> list[Finding]:
        allowed = constraint.get(SH.ignoredProperties)
        test = f"FILTER(?csto_kg_p NOT IN ({', '.join(f'<{p}>' for p in allowed)}))" if allowed else ""
        var = self._value_var(shape, "?csto_kg_n")
        body = f"{focus.first()} {self._value_pattern(shape, var)} {var} ?csto_kg_p ?value {test}"
        found = []
        for r in self._select(f"SELECT DISTINCT ?this ?csto_kg_p ?value WHERE {{ {body} }}", focus):
            found.append(self._finding(shape, constraint, r["this"], r["value"], path=_predicate(r["csto_kg_p"])))
        return found

    def _qualified(self, shape: Shape, constraint: Constraint, focus: Focus, too_few: bool) -> list[Finding]:
        qualified = self.shapes[constraint.get(SH.qualifiedValueShape)]
        siblings = []
        if constraint.get(SH.qualifiedValueShapesDisjoint):
            for parent in self.shapes.parents_of(shape.node):
                for c in parent.constraints:
                    if c.local == "PropertyConstraintComponent":
                        for q in self.shapes[c.value].constraints:
                            shape_node = q.get(SH.qualifiedValueShape)
                            if (
                                shape_node is not None
                                and shape_node != qualified.node
                                and shape_node not in [s.node for s in siblings]
                            ):
                                siblings.append(self.shapes[shape_node])
        n = int(constraint.value)
        var = self._value_var(shape, "?csto_kg_v")
        tests = [self.inline(qualified, var)] + [self.inline(s, var) for s in siblings]
        if all(t is not None for t in tests):
            test = " && ".join([tests[0]] + [f"!{t}" for t in tests[1:]])
            counted = (
                f"{{ SELECT ?this (COUNT(DISTINCT {var}) AS ?csto_kg_n) WHERE {{ {focus.first()} "
                f"{self._value_pattern(shape, var)} FILTER({test}) }} GROUP BY ?this }}"
            )
            compare = f"COALESCE(?csto_kg_n, 0) {'<' if too_few else '>'} {n}"
            body = (
                f"{focus.first()} OPTIONAL {counted} FILTER({compare})" if too_few else f"{counted} FILTER({compare})"
            )
            rows = self._select(f"SELECT DISTINCT ?this WHERE {{ {body} }}", focus)
            return [self._finding(shape, constraint, r["this"]) for r in rows]
        counts: dict = {}
        if too_few:
            for r in (
                self._select(f"SELECT DISTINCT ?this WHERE {{ {focus.first()} }}", focus)
                if focus.node is None
                else [{"this": focus.node}]
            ):
                counts[r["this"]] = 0
        for r in self._value_rows(shape, focus, ""):
            ok = self.conforms(r["value"], qualified) and not any(self.conforms(r["value"], s) for s in siblings)
            counts[r["this"]] = counts.get(r["this"], 0) + ok
        return [
            self._finding(shape, constraint, node)
            for node, count in counts.items()
            if (count < n if too_few else count > n)
        ]

    def _qualifiedmincount(self, shape: Shape, constraint: Constraint, focus: Focus) -> list[Finding]:
        return self._qualified(shape, constraint, focus, too_few=True)

    def _qualifiedmaxcount(self, shape: Shape, constraint: Constraint, focus: Focus) -> list[Finding]:
        return self._qualified(shape, constraint, focus, too_few=False)

    # --- SHACL-SPARQL ------------------------------------------------------------------------------------

    def _sparql_store(self, query: str) -> tuple[ox.Store, dict]:
        """Where a user's SPARQL runs: the store itself, or a copy where literals are as the engine keeps them
        (no stand-ins: a user's FILTER compares values) and, if the query asks for it, the shapes graph is a
        named graph (for $shapesGraph)."""
        with_shapes = "shapesGraph" in {v[1:] for k, v in sparql_text.tokens_of(query) if k == "var"}
        if not self.written and not with_shapes:
            return self.store, {}
        with self._lock:
            if with_shapes not in self._sparql_stores:
                copy = ox.Store()
                copy.extend(ox.Quad(q.subject, q.predicate, written.decode(q.object), q.graph_name) for q in self.store)
                graphs = [ox.DefaultGraph()] + list(copy.named_graphs())
                if with_shapes:
                    copy.extend(
                        ox.Quad(
                            to_oxigraph_term(s),
                            to_oxigraph_term(p),
                            written.decode(to_oxigraph_term(o)),
                            ox.NamedNode(SHAPES_GRAPH),
                        )
                        for s, p, o in self.graph
                    )
                self._sparql_stores[with_shapes] = (copy, {"union": False, "default_graph": graphs})
            return self._sparql_stores[with_shapes]

    def _prepare(self, text: str, where: str, prebound: set[str], shape: Shape, constants: dict) -> str:
        problem = sparql_text.prebinding_problem(text, prebound | set(constants))
        if problem:
            raise KgError(f"{where}: {problem}")
        if shape.path is not None:
            text = sparql_text.replace_variable(text, "PATH", shape.path.sparql())
        return sparql_text.bound_as_true(text, prebound | set(constants))

    def _constants(self, shape: Shape, extra: dict | None = None) -> dict:
        constants = {
            "currentShape": self.term(shape.node)
            if not isinstance(shape.node, rdflib.BNode)
            else ox.BlankNode(str(shape.node)),
            "shapesGraph": ox.NamedNode(SHAPES_GRAPH),
        }
        constants.update(extra or {})
        return constants

    @staticmethod
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

    def _run_select(self, text: str, shape: Shape, focus: Focus, constants: dict) -> list[tuple]:
        """(focus node, row) for every row a SELECT gives, $this pre-bound: joined into the top group for all
        focus nodes at once where that is the same thing, else one focus node at a time."""
        store, options = self._sparql_store(text)
        if focus.node is None and sparql_text.only_in_top_group(text, "this"):
            query, engine_bindings = self._bind(
                sparql_text.as_select(sparql_text.insert_in_top_group(text, focus.pattern), {"this"}), constants
            )
            rows = self._select(query, None, store, bindings=engine_bindings, **options)
            return [(row["this"], row) for row in rows if row.get("this") is not None]
        nodes = (
            [focus.node]
            if focus.node is not None
            else [r["this"] for r in self._select(f"SELECT DISTINCT ?this WHERE {{ {focus.pattern} }}")]
        )
        found = []
        for node in nodes:
            node = written.decode(node) if store is not self.store else node
            query, engine_bindings = self._bind(text, {**constants, "this": node})
            found += [(node, row) for row in self._select(query, None, store, bindings=engine_bindings, **options)]
        return found

    def _sparql(self, shape: Shape, constraint: Constraint, focus: Focus) -> list[Finding]:
        node = constraint.value
        where = f"SPARQL constraint {shown(node)} of shape {shown(shape.node)}"
        constants = self._constants(shape)
        text = self._prepare(
            prefixes(self.graph, node) + str(self.graph.value(node, SH.select)), where, {"this"}, shape, constants
        )
        messages = (
            tuple(sorted((m.language or "", str(m)) for m in self.graph.objects(node, SH.message))) or shape.messages
        )
        return self._sparql_findings(
            shape, constraint, focus, text, constants, messages, source=node, component="SPARQLConstraintComponent"
        )

    def _sparql_findings(
        self, shape, constraint, focus, text, constants, messages, *, source=None, component=None
    ) -> list[Finding]:
        found = []
        for focus_node, row in self._run_select(text, shape, focus, constants):
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
                self._finding(
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

    def _component(self, shape: Shape, constraint: Constraint, focus: Focus) -> list[Finding]:
        component = self.shapes.components[rdflib.URIRef(constraint.component)]
        validator = component.validators["property" if shape.path is not None else "node"]
        parameters = {_local_name(p): self.term(v) for p, v in constraint.extra}
        constants = self._constants(shape, parameters)
        where = f"the validator of {shown(rdflib.URIRef(component.iri))} (shape {shown(shape.node)})"
        messages = shape.messages or validator.messages or component.messages
        if validator.kind == "select":
            text = self._prepare(validator.prefixes + validator.text, where, {"this"}, shape, constants)
            return self._sparql_findings(shape, constraint, focus, text, constants, messages)
        text = self._prepare(validator.prefixes + validator.text, where, {"this", "value"}, shape, constants)
        store, options = self._sparql_store(text)
        found = []
        for row in self._value_rows(shape, focus, ""):
            this, value = row["this"], row["value"]
            if store is not self.store:
                this, value = written.decode(this), written.decode(value)
            query, engine_bindings = self._bind(text, {**constants, "this": this, "value": value})
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
                    self._finding(
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


def _counted(pattern: str, test: str) -> str:
    """A subquery: the ?this whose count of distinct ?csto_kg_v in `pattern` passes `test` (such as "> 1")."""
    return f"{{ SELECT ?this WHERE {{ {pattern} }} GROUP BY ?this HAVING (COUNT(DISTINCT ?csto_kg_v) {test}) }}"


def _predicate(term) -> Path:
    return Path("predicate", term.value)


def _local_name(iri) -> str:
    return re.split(r"[#/:]", str(iri))[-1]


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


_TEMPLATE = re.compile(r"\{[?$](\w+)\}")


def _fill(text: str, row: dict, constants: dict) -> str:
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
