"""Validation: the SHACL shapes in shapes/ (run by the compiled engine in fastshacl, or by pySHACL) and the
whole-graph checks in queries/checks/*-violation.rq (SPARQL on the store that must return no rows), reported as
one list of findings.

Conforms means: no finding of severity Violation. Warnings and infos are reported but do not fail.
"""

from __future__ import annotations

import json
import logging
import os
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF, SH

from . import namespaces as ns
from .catalogue import CannedQuery, parse_query_file, syntax_error
from .errors import KgError
from .loader import RdfFile, first_lines, read_rdf

_LABEL = ox.NamedNode(ns.RDFS_LABEL)
SEVERITIES = ("Violation", "Warning", "Info")


@dataclass(frozen=True)
class Finding:
    severity: str                     # Violation, Warning or Info
    shape: str                        # IRI of the shape or constraint, or check:<name>
    component: str                    # e.g. MinCountConstraintComponent, SPARQLConstraintComponent, check
    focus: rdflib.term.Node
    path: str | None                  # a CURIE, ^CURIE for an inverse path
    value: rdflib.term.Node | None
    messages: tuple[tuple[str, str], ...]  # (language, text)

    def message(self, lang: str) -> str:
        by_lang = dict(self.messages)
        return by_lang.get(lang) or by_lang.get("en") or next(iter(by_lang.values()), "")


# --- inputs ---------------------------------------------------------------------------------------------

def to_rdflib(triples) -> rdflib.Graph:
    """Convert pyoxigraph triples to an rdflib graph once, through N-Triples (the fastest path between the two)."""
    graph = rdflib.Graph()
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    if data:
        graph.parse(data=data.decode("utf-8"), format="nt")
    return graph


def load_shapes(paths: list[Path], shown) -> rdflib.Graph:
    if not paths:
        raise KgError("no shapes: shapes/ has no .ttl file and --shapes named none")
    files = [read_rdf(p, shown(p)) for p in paths]
    return to_rdflib({q.triple for f in files for q in f.quads})


def load_data_files(paths: list[Path], store: ox.Store) -> list[RdfFile]:
    """Load RDF files straight into the store (no Python object per triple); keep their text to locate nodes.
    The text is read and indexed by line on the other core while the store loads (pyoxigraph releases the GIL)."""
    files = []
    with ThreadPoolExecutor(max_workers=1) as beside:
        for path in paths:
            fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) if path.suffix else None
            if fmt is None:
                raise KgError("cannot tell the RDF format from the file name (use .ttl, .trig, .nt, .nq, .jsonld or .rdf)", path)
            indexed = beside.submit(_read_and_index, path)
            try:
                store.load(path=str(path), format=fmt)
            except OSError as exc:
                raise KgError(f"cannot read: {exc.strerror}", path) from None
            except SyntaxError as exc:
                raise KgError(f"syntax error: {exc.msg}", path, exc.lineno) from None
            text, lines = indexed.result()
            files.append(RdfFile(path, str(path), text, _first_lines=lines))
    return files


def _read_and_index(path: Path) -> tuple[str, dict[str, int]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return "", {}  # the store's loader reports what is wrong with the file
    return text, first_lines(text, prefixed_names=path.suffix.lower() not in (".nt", ".nq"))


# --- running -------------------------------------------------------------------------------------------

def _curie_path(graph: rdflib.Graph, path) -> str | None:
    if path is None:
        return None
    if isinstance(path, rdflib.BNode):
        inverse = graph.value(path, SH.inversePath)
        return f"^{ns.curie(str(inverse))}" if inverse is not None else "(complex path)"
    return ns.curie(str(path))


def run_shapes(data: rdflib.Graph, shapes: rdflib.Graph) -> list[Finding]:
    """pySHACL, the reference engine, on the whole data graph. (Not its focus_nodes mode: in pySHACL 0.40 that
    mode skips qualified-value-shape checks on value nodes outside the focus set.)"""
    import pyshacl  # heavy: only when validating

    # rdflib logs a traceback for every ill-typed literal (a wrong date); the report already says it.
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    try:
        _, report, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=False)
    except Exception as exc:  # pySHACL raises its own errors for broken shapes
        raise KgError(f"the shapes are broken: {str(exc).strip().splitlines()[0]}") from None
    findings = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        messages = tuple(sorted((m.language or "en", str(m)) for m in report.objects(result, SH.resultMessage)))
        findings.add(Finding(
            severity=str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[1],
            # a SHACL-SPARQL result names its node shape as source and the rule itself as sh:sourceConstraint
            shape=str(report.value(result, SH.sourceConstraint) or report.value(result, SH.sourceShape)),
            component=str(report.value(result, SH.sourceConstraintComponent)).rsplit("#", 1)[1],
            focus=report.value(result, SH.focusNode),
            path=_curie_path(report, report.value(result, SH.resultPath)),
            value=report.value(result, SH.value),
            messages=messages,
        ))
    return list(findings)


def to_rdflib_term(term):
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == ns.XSD + "string":
        return rdflib.Literal(term.value)  # rdflib keeps simple literals untyped; so must we, to compare equal
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def run_checks(store: ox.Store, checks_dir: Path) -> list[Finding]:
    """Each `*-violation.rq` must return no rows; each row it returns is a finding (?this, ?path, ?value)."""
    return [finding for check in load_checks(checks_dir) for finding in run_check(store, check)]


def load_checks(checks_dir: Path) -> list[CannedQuery]:
    """The checks, each with a known severity (checked here, before any runs)."""
    checks = [parse_query_file(path) for path in sorted(checks_dir.glob("*-violation.rq"))]
    for check in checks:
        if _severity(check) not in SEVERITIES:
            raise KgError(f"severity must be one of {', '.join(SEVERITIES)}, not {_severity(check)!r}", check.path)
    return checks


def _severity(check: CannedQuery) -> str:
    return check.meta.get("severity", "Violation")


def run_check(store: ox.Store, check: CannedQuery) -> list[Finding]:
    severity = _severity(check)
    try:
        solutions = store.query(check.text, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise syntax_error(exc, str(check.path)) from None
    names = {v.value for v in solutions.variables}
    findings = []
    for row in solutions:
        value = row["value"] if "value" in names else None
        shown_value = ns.curie(value.value) if isinstance(value, ox.NamedNode) else value.value if value is not None else ""
        messages = tuple((lang, check.meta.get(key, "").replace("{?value}", shown_value))
                         for lang, key in (("en", "message"), ("ru", "message-ru")) if check.meta.get(key))
        findings.append(Finding(
            severity=severity, shape=f"check:{check.name}", component="SPARQLCheck",
            focus=to_rdflib_term(row["this"]),
            path=ns.curie(row["path"].value) if "path" in names and row["path"] is not None else None,
            value=to_rdflib_term(value), messages=messages or ((("en", check.title),)),
        ))
    return findings


def validate(store: ox.Store, shapes: rdflib.Graph, checks_dir: Path | None, *, engine: str = "fast",
             meta_shacl: bool = False) -> list[Finding]:
    """Shapes (by the fast SPARQL engine, or pySHACL) and checks over the union of the store's graphs."""
    if meta_shacl:
        check_shapes(shapes)
    with_checks = bool(checks_dir and checks_dir.is_dir())
    if engine == "fast":
        from . import fastshacl

        # one pool for the checks and the shapes' queries, on every core (pyoxigraph releases the GIL while it
        # queries); the checks first: each scans the whole graph, and long tasks first keep the cores evenly busy
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            checks = [pool.submit(run_check, store, check) for check in load_checks(checks_dir)] if with_checks else []
            findings = fastshacl.run(store, fastshacl.compile_shapes(shapes, store), pool)
            for check in checks:
                findings += check.result()
    else:
        findings = run_shapes(to_rdflib({q.triple for q in store}), shapes)
        findings += run_checks(store, checks_dir) if with_checks else []
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(findings, key=lambda f: (order[f.severity], f.shape, str(f.focus), f.path or "", str(f.value)))


def check_shapes(shapes: rdflib.Graph) -> None:
    """The shapes must conform to the SHACL-for-SHACL shapes."""
    from pyshacl.entrypoints import meta_validate

    conforms_, _, text = meta_validate(shapes)
    if not conforms_:
        first = next((line.strip() for line in text.splitlines() if line.strip().startswith("Message")), text.splitlines()[0])
        raise KgError(f"the shapes are broken: they do not conform to SHACL-for-SHACL: {first}")


def conforms(findings: list[Finding]) -> bool:
    return not any(f.severity == "Violation" for f in findings)


# --- reporting -------------------------------------------------------------------------------------------

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
        """A shape's CURIE (or the check's name); a report repeats a few shapes many times, so each is made once."""
        if (name := self._shape_names.get(shape)) is None:
            name = self._shape_names[shape] = ns.curie(shape) if not shape.startswith("check:") else shape
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


def _row(f: Finding, ctx: Context) -> dict:
    where = ctx.where(f.focus)
    return {"severity": f.severity, "shape": ctx.shape_name(f.shape),
            "focus": _node(f.focus), "label": ctx.label(f.focus), "path": f.path or "", "value": _node(f.value),
            "component": f.component, "message": f.message(ctx.lang),
            "file": where[0] if where else None, "line": where[1] if where else None}


SUMMARY = {
    "en": "{v} violation(s), {w} warning(s), {i} info(s): {verdict}",
    "ru": "нарушений: {v}, предупреждений: {w}, замечаний: {i} — {verdict}",
}
VERDICT = {("en", True): "conforms", ("en", False): "does not conform",
           ("ru", True): "соответствует", ("ru", False): "не соответствует"}
SEVERITY_NAMES = {"ru": {"Violation": "Нарушение", "Warning": "Предупреждение", "Info": "Замечание"}}


def summary(findings: list[Finding], lang: str) -> str:
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    return SUMMARY[lang].format(v=counts["Violation"], w=counts["Warning"], i=counts["Info"], verdict=VERDICT[(lang, conforms(findings))])


def render_report(findings: list[Finding], fmt: str, ctx: Context) -> str:
    rows = [_row(f, ctx) for f in findings]
    if fmt == "json":
        # one result a line: readable, and the C encoder (json's indent= falls back to pure Python, 10x slower)
        encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder: json.dumps with options builds one a call
        results = ",\n".join(map(encode, rows))
        return f'{{"conforms": {json.dumps(conforms(findings))}, "results": [\n{results}\n]}}\n'
    if fmt == "turtle":
        return _report_graph(findings).serialize(format="turtle")
    if fmt == "table":
        from .output import render

        columns = ["severity", "shape", "focus", "label", "path", "value", "component", "message", "where"]
        table = [[ox.Literal(str(v)) for v in (r["severity"], r["shape"], r["focus"], r["label"], r["path"], r["value"], r["component"],
                                               r["message"], f"{r['file']}:{r['line']}" if r["file"] else "")] for r in rows]
        return render(columns, table, "table")
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
    return "\n".join(out) + "\n"


def _report_graph(findings: list[Finding]) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.bind("sh", SH)
    for prefix, namespace in ns.PREFIXES.items():
        graph.bind(prefix, namespace)
    report = rdflib.BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, rdflib.Literal(conforms(findings))))
    for f in findings:
        result = rdflib.BNode()
        graph.add((report, SH.result, result))
        graph.add((result, RDF.type, SH.ValidationResult))
        graph.add((result, SH.resultSeverity, SH[f.severity]))
        graph.add((result, SH.focusNode, f.focus))
        graph.add((result, SH.sourceShape, rdflib.URIRef(f.shape) if not f.shape.startswith("check:") else rdflib.Literal(f.shape)))
        graph.add((result, SH.sourceConstraintComponent, SH[f.component] if f.component != "SPARQLCheck" else SH.SPARQLConstraintComponent))
        if f.path and not f.path.startswith(("^", "(")):
            graph.add((result, SH.resultPath, rdflib.URIRef(ns.expand(f.path))))
        if f.value is not None:
            graph.add((result, SH.value, f.value))
        for lang, text in f.messages:
            graph.add((result, SH.resultMessage, rdflib.Literal(text, lang=lang)))
    return graph


def project_files(project) -> list[RdfFile]:
    """The project's hand-edited RDF files, as text only: enough to say where a node is first named."""
    paths = sorted(project.ontology_dir.glob("*.ttl")) + sorted(project.graph_dir.rglob("*.ttl")) + sorted(project.claims_dir.rglob("*.trig"))
    return [RdfFile(p, project.relative(p), p.read_text(encoding="utf-8")) for p in paths]


def validate_store(store: ox.Store, project, *, engine: str = "fast", meta_shacl: bool = False) -> list[Finding]:
    """Validate a whole dataset (all graphs merged) against the project's shapes and checks."""
    shapes = load_shapes(sorted(project.shapes_dir.glob("*.ttl")), project.relative)
    return validate(store, shapes, project.queries_dir / "checks", engine=engine, meta_shacl=meta_shacl)
