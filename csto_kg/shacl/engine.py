"""The fast SHACL engine: SHACL Core and SHACL-SPARQL, each constraint run as SPARQL on the pyoxigraph store.

What each constraint component means, and the section of the spec that says so, is in the `components` module,
one class per component; the engine finds the focus and value nodes, runs the queries, makes the results, and
hands each constraint to its component through the registry there.

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
import threading
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF, RDFS, SH

from .. import sparql_text, written
from ..errors import KgError
from . import components
from .components import FUNCTIONS, SHAPES_GRAPH, Constraint, PropertyConstraintComponent
from .findings import Finding, to_oxigraph_term, to_rdflib_term
from .shapes import Shape, ShapesGraph, prefixes, shape_name

RDF_TYPE, SUBCLASS = f"<{RDF.type}>", f"<{RDFS.subClassOf}>"
SHACL = str(SH)  # the namespace, as a str once (results name sh: terms by their local name)
PROPERTY = PropertyConstraintComponent.iri
_fresh = itertools.count()


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
    `written` module) and must be read through them. A store marked `portable` (remote.EndpointStore: a SPARQL
    server) is sent standard SPARQL only: no function of this program. `shapes`: a shapes graph, or one already
    read (ShapesGraph) to validate many stores against."""

    def __init__(self, store: ox.Store, shapes: rdflib.Graph | ShapesGraph, *, written: bool = False):
        self.store, self.written = store, written
        self.portable = getattr(store, "portable", False)
        try:
            self.shapes = shapes if isinstance(shapes, ShapesGraph) else ShapesGraph(shapes)
        except KgError as exc:
            raise KgError(f"the shapes are broken: {exc.message}") from None
        self.graph = self.shapes.graph
        self.classes = Classes(store)
        self._conforms: dict = {}
        self._results: dict = {}
        self._sparql_stores: dict = {}
        self._multiplicities: dict = {}
        self._lock = threading.Lock()

    # --- running ---------------------------------------------------------------------------------------

    def validate(self, pool: ThreadPoolExecutor | None = None, keep=None) -> list[Finding]:
        """Every shape with targets on its focus nodes. A property shape that several node shapes share is run
        once on the union of their class targets, and each result counted once per shape that reaches it.
        `keep(shape, constraint)`: run only the constraints it keeps (see the locality module); a shared property
        shape's are kept or not one by one, any other nested shape with the constraint that names it."""
        if pool is None:
            with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as own:
                return self.validate(own, keep)
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
                        and not any(c.component == PROPERTY for c in nested.constraints)
                    ):
                        shared.setdefault(nested.node, []).append(focus)
                    elif keep is None or keep(shape, constraint):
                        tasks.append((shape, (constraint,), focus, None))
        for node, foci in shared.items():
            nested = self.shapes[node]
            groups = self._groups(nested, keep)
            if len(foci) == 1:
                tasks += [(nested, group, foci[0], None) for group in groups]
                continue
            union = sorted({c for f in foci for c in f.classes})
            focus = self._class_focus(union)
            tasks = [(nested, group, focus, foci) for group in groups] + tasks  # the long scans first
        findings = []
        for found in pool.map(lambda task: self._task(*task), tasks):
            findings += found
        return findings

    def _groups(self, shape: Shape, keep=None) -> list[tuple]:
        """A property shape's constraints (those `keep` keeps) as tasks: its value tests together (one scan of the
        values), the others one by one."""
        kept = [c for c in shape.constraints if keep is None or keep(shape, c)]
        tests = tuple(c for c in kept if self.component(c).one_value)
        return ([tests] if tests else []) + [(c,) for c in kept if not self.component(c).one_value]

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
        many = {to_rdflib_term(r["this"]): int(r["n"].value) for r in self.select(query)}
        with self._lock:
            self._multiplicities[parents] = many
        return many

    def _nested_property(self, shape: Shape, constraint: Constraint) -> Shape | None:
        if constraint.component != PROPERTY:
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

    def select(self, query: str, focus: Focus | None = None, store: ox.Store | None = None, **options) -> list[dict]:
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

    # --- what the components call ----------------------------------------------------------------------

    def component(self, constraint: Constraint) -> components.Component:
        return components.of(constraint, self.shapes.components)

    def value_test(self, constraint: Constraint, var: str) -> str | None:
        """A SPARQL expression, never an error, true when the node in `var` satisfies the constraint; None
        when the constraint is not about one value alone."""
        test = self.component(constraint).test(self, constraint, var)
        return None if test is None else f"COALESCE({test}, false)"

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

    def check(self, shape: Shape, constraint: Constraint, focus: Focus) -> list[Finding]:
        """The results of one constraint of a shape on the focus nodes, as its component finds them."""
        return self.component(constraint).results(self, shape, constraint, focus)

    @staticmethod
    def value_var(shape: Shape, var: str = "?value") -> str:
        """The variable that holds a value node: a node shape's value node is the focus node itself. (Not a
        BIND of ?this: pyoxigraph leaves BIND(?this AS ?v) unbound where ?this is substituted.)"""
        return var if shape.path is not None else "?this"

    def value_pattern(self, shape: Shape, var: str = "?value") -> str:
        return f"?this {shape.path.sparql()} {var} ." if shape.path is not None else ""

    def _value_tests(self, shape: Shape, constraints: tuple, focus: Focus) -> list[Finding]:
        """Several value tests of one shape in one scan of its values: each test's verdict bound, rows kept
        where any fails."""
        var = self.value_var(shape)
        names = [f"?csto_kg_ok{i}" for i in range(len(constraints))]
        binds = " ".join(f"BIND({self.value_test(c, var)} AS {n})" for c, n in zip(constraints, names))
        rows = self.value_rows(shape, focus, f"{binds} FILTER({' || '.join('!' + n for n in names)})", " ".join(names))
        return [
            self.finding(shape, c, r["this"], r["value"])
            for r in rows
            for c, n in zip(constraints, names)
            if r[n[1:]].value == "false"
        ]

    def value_rows(self, shape: Shape, focus: Focus, condition: str, also: str = "") -> list[dict]:
        """(focus node, value node) pairs meeting `condition` (written on value_var). A constraint on a class's
        instances starts from the values (violations are rare; the planner then tests few nodes for membership);
        others from the focus nodes."""
        pattern = self.value_pattern(shape)
        if focus.classes is not None and shape.path is not None and shape.path.kind in ("predicate", "inverse"):
            body = f"{pattern} {condition} {focus.member()}"
        else:
            body = f"{focus.first()} {pattern} {condition}"
        projection = ("?this ?value " if shape.path is not None else "?this ") + also
        rows = self.select(f"SELECT DISTINCT {projection} WHERE {{ {body} }}", focus)
        if shape.path is None:
            for row in rows:
                row["value"] = row["this"]
        return rows

    def focus_nodes_where(self, shape: Shape, constraint: Constraint, focus: Focus, body: str) -> list[Finding]:
        """A result for each ?this the group pattern `body` finds."""
        return [
            self.finding(shape, constraint, r["this"]) for r in self.select(f"SELECT ?this WHERE {{ {body} }}", focus)
        ]

    def finding(
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
        """A result of `constraint`; its message the shape's, else the component's default."""
        iri = constraint.component
        name = component or iri.removeprefix(SHACL)
        if messages is None:
            messages = shape.messages or self.component(constraint).default_messages(self, constraint)
        path_structure = path if path is not None else shape.path
        severity = shape.severity.removeprefix(SHACL)
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
                    self.select(f"SELECT ?this WHERE {{ FILTER({expression}) }}", Focus(node=node))
                )
            else:
                focus = Focus(node=node)
                self._conforms[key] = not any(self.check(shape, c, focus) for c in shape.constraints)
        return self._conforms[key]

    # --- where a user's SPARQL runs (SHACL-SPARQL) -------------------------------------------------------

    def prefixes(self, node) -> str:
        """The PREFIX lines a SPARQL constraint of the shapes graph declares."""
        return prefixes(self.graph, node)

    def sparql_store(self, query: str) -> tuple[ox.Store, dict]:
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
