"""Validation reports: findings rendered for people (grouped by shape, or a table, in English or Russian), as
JSON, and as a SHACL validation report in RDF.

The RDF report is the one SHACL defines (every result, as many times as shapes reach it): sh:conforms is false as soon
as there is any result (of any severity),
each result has its focus node, severity, source shape (a blank-node shape as a blank node), component, path (a
SHACL path node for every path form), value and the SPARQL constraint it came from. The exit code of `validate`
is another matter: it fails on violations only (see `conforms`).
"""

from __future__ import annotations

import json
from collections import defaultdict

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF, SH

from .. import namespaces as ns
from ..loader import RdfFile
from .findings import SEVERITIES, Finding, conforms

_LABEL = ox.NamedNode(ns.RDFS_LABEL)


class Context:
    """What a report needs besides the findings: labels of nodes, and where our files first name them."""

    def __init__(self, store: ox.Store, files: list[RdfFile], lang: str):
        self.store, self.files, self.lang = store, files, lang
        self._labels: dict[str, str] = {}
        self._shape_names: dict[str, str] = {}

    def label(self, node) -> str:
        """The node's label in the report's language, else any label. Looked up per node (and remembered):
        a report names far fewer nodes than a large graph labels."""
        if not isinstance(node, rdflib.URIRef):
            return ""
        if (known := self._labels.get(str(node))) is None:
            known = ""
            for quad in self.store.quads_for_pattern(ox.NamedNode(str(node)), _LABEL, None):
                if quad.object.language == self.lang or not known:
                    known = quad.object.value
            self._labels[str(node)] = known
        return known

    def shape_name(self, shape: str) -> str:
        """A shape's CURIE (or the check's name, or a blank node's label); a report repeats a few shapes many
        times, so each is made once."""
        if (name := self._shape_names.get(shape)) is None:
            name = self._shape_names[shape] = shape if shape.startswith(("check:", "_:")) else ns.curie(shape)
        return name

    def where(self, node) -> tuple[str, int] | None:
        if isinstance(node, rdflib.URIRef):
            for f in self.files:
                line = f.line_of(str(node))
                if line:
                    return f.shown_as, line
        return None


def _node(node) -> str:
    if node is None:
        return ""
    if isinstance(node, rdflib.URIRef):
        return ns.curie(str(node))
    if isinstance(node, rdflib.BNode):
        return f"_:{node}"
    return f'"{node}"' + (f"@{node.language}" if node.language else "")


def _severity_name(severity: str) -> str:
    return severity if severity in SEVERITIES else ns.curie(severity)


def _row(f: Finding, ctx: Context) -> dict:
    where = ctx.where(f.focus)
    return {
        "severity": _severity_name(f.severity),
        "shape": ctx.shape_name(f.shape),
        "focus": _node(f.focus),
        "label": ctx.label(f.focus),
        "path": f.path or "",
        "value": _node(f.value),
        "component": f.component if f.component.isidentifier() else ns.curie(f.component),
        "message": f.message(ctx.lang),
        "file": where[0] if where else None,
        "line": where[1] if where else None,
    }


SUMMARY = {
    "en": "{v} violation(s), {w} warning(s), {i} info(s){o}: {verdict}",
    "ru": "нарушений: {v}, предупреждений: {w}, замечаний: {i}{o} — {verdict}",
}
OTHER = {"en": ", {n} of other severities", "ru": ", прочих: {n}"}
VERDICT = {
    ("en", True): "conforms",
    ("en", False): "does not conform",
    ("ru", True): "соответствует",
    ("ru", False): "не соответствует",
}
SEVERITY_NAMES = {"ru": {"Violation": "Нарушение", "Warning": "Предупреждение", "Info": "Замечание"}}


def distinct(findings: list[Finding]) -> list[Finding]:
    """Each result once. SHACL reports a result once per shape that reaches it (a property shape shared by two
    node shapes that both target a node gives two identical results); the SHACL report keeps them all, the
    formats for people show each once. Results that only their constraint tells apart (sh:class ex:A and ex:B,
    two repeated languages) stay apart."""
    return list({(f, str(f.detail), str(f.constraint)): f for f in findings}.values())


def summary(findings: list[Finding], lang: str) -> str:
    findings = distinct(findings)
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    other = len(findings) - sum(counts.values())
    return SUMMARY[lang].format(
        v=counts["Violation"],
        w=counts["Warning"],
        i=counts["Info"],
        o=OTHER[lang].format(n=other) if other else "",
        verdict=VERDICT[(lang, conforms(findings))],
    )


def render_report(findings: list[Finding], fmt: str, ctx: Context, width: int | None = None) -> str:
    """The findings in `fmt`; for people (human, table) folded to `width` columns when given."""
    if fmt == "turtle":
        return report_turtle(findings)
    findings = distinct(findings)
    rows = [_row(f, ctx) for f in findings]
    if fmt == "json":
        # one result a line: readable, and the C encoder (json's indent= falls back to pure Python, 10x slower)
        encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder: json.dumps with options builds one a call
        results = ",\n".join(map(encode, rows))
        return f'{{"conforms": {json.dumps(conforms(findings))}, "results": [\n{results}\n]}}\n'
    if fmt == "table":
        from ..output import render

        columns = ["severity", "shape", "focus", "label", "path", "value", "component", "message", "where"]
        table = [
            [
                ox.Literal(str(v))
                for v in (
                    r["severity"],
                    r["shape"],
                    r["focus"],
                    r["label"],
                    r["path"],
                    r["value"],
                    r["component"],
                    r["message"],
                    f"{r['file']}:{r['line']}" if r["file"] else "",
                )
            ]
            for r in rows
        ]
        return render(columns, table, "table", width)
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        groups[(r["severity"], r["shape"], r["message"])].append(r)
    out = [summary(findings, ctx.lang)]
    for (severity, shape, message), members in groups.items():
        name = SEVERITY_NAMES.get(ctx.lang, {}).get(severity, severity)
        out += ["", f"{name} · {shape} · {message} ({len(members)})"]
        for r in members:
            parts = [f"  {r['focus']}" + (f" «{r['label']}»" if r["label"] else "")]
            parts += [f"path {r['path']}"] if r["path"] else []
            parts += [f"value {r['value']}"] if r["value"] else []
            parts += [f"[{r['component']}]"] + ([f"{r['file']}:{r['line']}"] if r["file"] else [])
            out.append("  ".join(parts))
    from ..output import wrap_text

    return wrap_text("\n".join(out) + "\n", width)


def report_graph(findings: list[Finding]) -> rdflib.Graph:
    """The SHACL validation report (section 3.6 of the spec) as an RDF graph."""
    graph = rdflib.Graph()
    graph.bind("sh", SH)
    for prefix, namespace in ns.PREFIXES.items():
        graph.bind(prefix, namespace)
    report = rdflib.BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, rdflib.Literal(not findings)))
    for f in findings:
        result = rdflib.BNode()
        graph.add((report, SH.result, result))
        graph.add((result, RDF.type, SH.ValidationResult))
        graph.add(
            (result, SH.resultSeverity, SH[f.severity] if f.severity in SEVERITIES else rdflib.URIRef(f.severity))
        )
        graph.add((result, SH.focusNode, f.focus))
        graph.add((result, SH.sourceShape, _shape_node(f)))
        component = f.component
        if component == "SPARQLCheck":  # a whole-graph check of queries/checks, a SPARQL rule of ours
            component = "SPARQLConstraintComponent"
        graph.add(
            (
                result,
                SH.sourceConstraintComponent,
                SH[component] if component.isidentifier() else rdflib.URIRef(component),
            )
        )
        if f.constraint is not None:
            graph.add((result, SH.sourceConstraint, f.constraint))
        if f.path_structure is not None:
            graph.add((result, SH.resultPath, f.path_structure.write(graph)))
        elif f.path:
            graph.add((result, SH.resultPath, rdflib.URIRef(ns.expand(f.path))))
        if f.value is not None:
            graph.add((result, SH.value, f.value))
        for lang, text in f.messages:
            graph.add((result, SH.resultMessage, rdflib.Literal(text, lang=lang or None)))
    return graph


def report_turtle(findings: list[Finding]) -> str:
    """The report in Turtle, written by pyoxigraph: every literal with its lexical form and datatype, whatever it
    holds. (rdflib's Turtle writer prints an ill-formed boolean or number bare, `sh:value none`, which no Turtle
    parser reads.)"""
    from ..formats import rdf_syntax

    def term(node):
        if isinstance(node, rdflib.URIRef):
            return ox.NamedNode(str(node))
        if isinstance(node, rdflib.BNode):
            return ox.BlankNode(str(node))
        if node.language:
            return ox.Literal(str(node), language=node.language)
        return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype or ns.XSD + "string")))

    graph = report_graph(findings)
    report = next(graph.subjects(RDF.type, SH.ValidationReport))
    # the report first, then each result and path node with all its statements together
    ordered = sorted(graph, key=lambda t: (t[0] != report, str(t[0]), t[1] != RDF.type, str(t[1]), str(t[2])))
    triples = [ox.Triple(term(s), term(p), term(o)) for s, p, o in ordered]
    iris = {str(node) for t in ordered for node in t if isinstance(node, rdflib.URIRef)}
    iris |= {str(o.datatype) for _, _, o in ordered if isinstance(o, rdflib.Literal) and o.datatype}
    prefixes = {
        prefix: namespace
        for prefix, namespace in {"sh": str(SH), **ns.PREFIXES}.items()
        if any(iri.startswith(namespace) for iri in iris)
    }
    return ox.serialize(triples, format=rdf_syntax("turtle"), prefixes=prefixes).decode("utf-8")


def _shape_node(f: Finding):
    if f.shape_node is not None:
        return f.shape_node
    if f.shape.startswith("check:"):
        return rdflib.URIRef("urn:csto-kg:" + f.shape)  # a check has no node of its own: named after its file
    if f.shape.startswith("_:"):
        return rdflib.BNode(f.shape[2:])
    return rdflib.URIRef(f.shape)
