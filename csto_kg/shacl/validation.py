"""Validation: the SHACL shapes in shapes/ (run by the fast engine in shacl.engine, or by pySHACL) and the
whole-graph checks in queries/checks/*-violation.rq (SPARQL on the store that must return no rows), as one list of
findings. This module loads and runs; the findings module says what a finding is, the report module renders them.

Conforms (the exit code) means: no finding of severity Violation. Warnings and infos are reported but do not fail.
"""

from __future__ import annotations

import logging
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.namespace import SH

from .. import namespaces as ns
from .. import written
from ..catalogue import CannedQuery, parse_query_file
from ..errors import KgError
from ..formats import RDF_DATA, by_suffix, rdf_syntax
from ..loader import BOM, RdfFile, first_lines, read_text
from ..querying import execute
from .engine import Engine
from .findings import SEVERITIES, Finding, parse_path, to_rdflib_graph, to_rdflib_term

# --- inputs ---------------------------------------------------------------------------------------------


def to_rdflib(triples) -> rdflib.Graph:
    """Convert pyoxigraph triples to an rdflib graph once, through N-Triples (the fastest path between the two;
    for pySHACL, which reads rdflib's terms). Stand-ins for literals go back to their written form."""
    graph = rdflib.Graph()
    data = ox.serialize(
        (ox.Triple(t.subject, t.predicate, written.decode(t.object)) for t in triples), format=rdf_syntax("ntriples")
    )
    if data:
        graph.parse(data=data.decode("utf-8"), format="nt")
    return graph


def _format(path: Path, shown: str) -> ox.RdfFormat:
    known = by_suffix(path.suffix, RDF_DATA) if path.suffix else None
    if known is None:
        raise KgError(
            "cannot tell the RDF format from the file name (use .ttl, .trig, .nt, .nq, .jsonld or .rdf)", shown
        )
    return known.pyoxigraph()


def _base(path: Path, base: str | None) -> str:
    """Relative IRIs in a file resolve against --base, else the file's own URL."""
    return base or path.resolve().as_uri()


def load_shapes(paths: list[Path], shown, base: str | None = None) -> rdflib.Graph:
    """The shapes graph, literals as written (SHACL tells "1"^^xsd:boolean from "true")."""
    if not paths:
        raise KgError("no shapes: shapes/ has no .ttl file and --shapes named none")
    quads = []
    for path in paths:
        try:
            quads += ox.parse(path=str(path), format=_format(path, shown(path)), base_iri=_base(path, base))
        except OSError as exc:
            raise KgError(f"cannot read: {exc.strerror}", shown(path)) from None
        except SyntaxError as exc:
            raise KgError(f"syntax error: {exc.msg}", shown(path), exc.lineno) from None
    return to_rdflib_graph(quads)


def load_data_files(paths: list[Path], store: ox.Store, base: str | None = None) -> tuple[list[RdfFile], bool]:
    """Load RDF files into the store; keep their text to locate nodes. Returns the files and whether the store
    holds stand-ins for literals it would have rewritten (see the `written` module): then the engine must read
    through them.

    N-Triples and N-Quads load straight into the store (no Python object per triple) while the other core reads
    the text, indexes it by line and looks for literals the store would rewrite; only if it finds one (or a
    byte-order mark) are the files parsed again, triple by triple, with stand-ins. Other formats are always
    parsed triple by triple. Text that is not UTF-8 is an error naming its line."""
    files, fast = [], True
    with ThreadPoolExecutor(max_workers=1) as beside:
        for path in paths:
            fmt = _format(path, str(path))
            line_format = fmt in (rdf_syntax("ntriples"), rdf_syntax("nquads"))
            indexed = beside.submit(_read_and_index, path, line_format)
            failed = None
            if line_format and fast:
                try:
                    _load(store, path, fmt, base)
                except KgError as exc:
                    failed = exc
            text, lines, needs_keeping, bom = indexed.result()
            if failed is not None and not bom:
                raise failed
            fast = fast and line_format and not needs_keeping and not bom
            files.append(RdfFile(path, str(path), text, _first_lines=lines))
    if fast:
        return files, False
    store.clear()
    changed = 0
    for path in paths:
        changed += _load_keeping(store, path, _format(path, str(path)), base)
    return files, changed > 0


def _load(store: ox.Store, path: Path, fmt, base: str | None) -> None:
    try:
        store.load(path=str(path), format=fmt, base_iri=_base(path, base))
    except OSError as exc:
        raise KgError(f"cannot read: {exc.strerror}", path) from None
    except SyntaxError as exc:
        raise KgError(f"syntax error: {exc.msg}", path, exc.lineno) from None


def _load_keeping(store: ox.Store, path: Path, fmt, base: str | None) -> int:
    """Parse triple by triple, a stand-in for each literal the store would rewrite; how many there were."""
    changed = 0

    def kept(quads):
        nonlocal changed
        for quad in quads:
            new = written.keep_quad(quad)
            changed += new is not quad
            yield new

    data = read_text(path, str(path)).encode("utf-8")  # checked UTF-8, its byte-order mark dropped
    try:
        store.extend(kept(ox.parse(data, format=fmt, base_iri=_base(path, base))))
    except SyntaxError as exc:
        raise KgError(f"syntax error: {exc.msg}", path, exc.lineno) from None
    return changed


def _read_and_index(path: Path, line_format: bool) -> tuple[str, dict[str, int], bool, bool]:
    """(text, first line of each IRI, whether the store would rewrite a literal, whether a byte-order mark leads)."""
    try:
        data = path.read_bytes()
    except OSError:
        return "", {}, True, False  # the loader reports what is wrong with the file
    bom = data.startswith(BOM.encode("utf-8"))
    try:
        text = data.decode("utf-8").removeprefix(BOM)
    except UnicodeDecodeError:
        return "", {}, True, True  # read_text, on the slow path, names the line
    needs_keeping = written.line_format_needs_keeping(text) if line_format else True
    return text, first_lines(text, prefixed_names=not line_format), needs_keeping, bom


# --- running -------------------------------------------------------------------------------------------


def run_shapes(data: rdflib.Graph, shapes: rdflib.Graph) -> list[Finding]:
    """pySHACL, the reference engine, on the whole data graph. (Not its focus_nodes mode: in pySHACL 0.40 that
    mode skips qualified-value-shape checks on value nodes outside the focus set.)"""
    import pyshacl  # heavy: only when validating with it

    # rdflib logs a traceback for every ill-typed literal (a wrong date); the report already says it.
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    try:
        _, report, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=False)
    except Exception as exc:  # pySHACL raises its own errors for broken shapes
        raise KgError(f"the shapes are broken: {str(exc).strip().splitlines()[0]}") from None
    findings = []
    # the report's results, not the ones pySHACL nests under them as sh:detail (why a value fails sh:node)
    for result in report.objects(None, SH.result):
        messages = tuple(sorted((m.language or "en", str(m)) for m in report.objects(result, SH.resultMessage)))
        severity, component = (
            str(report.value(result, SH.resultSeverity)),
            str(report.value(result, SH.sourceConstraintComponent)),
        )
        shape = report.value(result, SH.sourceConstraint) or report.value(result, SH.sourceShape)
        path_node = report.value(result, SH.resultPath)
        path = parse_path(report, path_node) if path_node is not None else None
        findings.append(
            Finding(
                severity=severity.removeprefix(str(SH)) if severity.removeprefix(str(SH)) in SEVERITIES else severity,
                # a SHACL-SPARQL result names its node shape as source and the rule itself as sh:sourceConstraint
                shape=f"_:{shape}" if isinstance(shape, rdflib.BNode) else str(shape),
                component=component.removeprefix(str(SH)) if component.startswith(str(SH)) else component,
                focus=report.value(result, SH.focusNode),
                path=path.text() if path else None,
                value=report.value(result, SH.value),
                messages=messages,
                path_structure=path,
            )
        )
    return findings


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
    solutions = execute(store, check.text, None, str(check.path))
    names = {v.value for v in solutions.variables}
    findings = []
    for row in solutions:
        value = row["value"] if "value" in names else None
        shown_value = (
            ns.curie(value.value) if isinstance(value, ox.NamedNode) else value.value if value is not None else ""
        )
        messages = tuple(
            (lang, check.meta.get(key, "").replace("{?value}", shown_value))
            for lang, key in (("en", "message"), ("ru", "message-ru"))
            if check.meta.get(key)
        )
        findings.append(
            Finding(
                severity=severity,
                shape=f"check:{check.name}",
                component="SPARQLCheck",
                focus=to_rdflib_term(row["this"]),
                path=ns.curie(row["path"].value) if "path" in names and row["path"] is not None else None,
                value=to_rdflib_term(value),
                messages=messages or ((("en", check.title),)),
            )
        )
    return findings


NODE_LOCAL, WHOLE_GRAPH = "node-local", "whole-graph"


def validate(
    store: ox.Store,
    shapes: rdflib.Graph,
    checks_dir: Path | None,
    *,
    engine: str = "fast",
    meta_shacl: bool = False,
    written: bool = False,
    part: str | None = None,
    threads: int | None = None,
) -> list[Finding]:
    """Shapes (by the fast engine, or pySHACL) and checks over the union of the store's graphs. `written`: the
    store holds stand-ins for literals (see load_data_files). `part`: NODE_LOCAL, only the constraints each focus
    node's star decides (shacl.locality); WHOLE_GRAPH, the others and the checks; the two make the whole.
    `threads`: the engine's (default: one per core)."""
    if meta_shacl:
        check_shapes(shapes)
    with_checks = bool(checks_dir and checks_dir.is_dir()) and part != NODE_LOCAL
    if engine == "fast":
        engine_ = Engine(store, shapes, written=written)  # reads the shapes: refuses what it cannot run
        keep = None
        if part is not None:
            from .locality import node_local

            local = node_local(engine_.shapes)
            keep = local if part == NODE_LOCAL else (lambda shape, constraint: not local(shape, constraint))
        # one pool for the checks and the shapes' queries, on every core (pyoxigraph releases the GIL while it
        # queries); the checks first: each scans the whole graph, and long tasks first keep the cores evenly busy
        with ThreadPoolExecutor(max_workers=threads or os.cpu_count() or 1) as pool:
            checks = [pool.submit(run_check, store, check) for check in load_checks(checks_dir)] if with_checks else []
            findings = engine_.validate(pool, keep)
            for check in checks:
                findings += check.result()
    else:
        if part is not None:
            raise KgError("pySHACL validates the whole graph, not a part of its constraints")
        findings = run_shapes(to_rdflib(q.triple for q in store), shapes)
        findings += run_checks(store, checks_dir) if with_checks else []
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(
        findings, key=lambda f: (order.get(f.severity, len(order)), f.shape, str(f.focus), f.path or "", str(f.value))
    )


def check_shapes(shapes: rdflib.Graph) -> None:
    """The shapes must conform to the SHACL-for-SHACL shapes."""
    from pyshacl.entrypoints import meta_validate

    conforms_, _, text = meta_validate(shapes)
    if not conforms_:
        first = next(
            (line.strip() for line in text.splitlines() if line.strip().startswith("Message")), text.splitlines()[0]
        )
        raise KgError(f"the shapes are broken: they do not conform to SHACL-for-SHACL: {first}")


def project_files(project) -> list[RdfFile]:
    """The project's hand-edited RDF files, as text only: enough to say where a node is first named."""
    paths = (
        sorted(project.ontology_dir.glob("*.ttl"))
        + sorted(project.graph_dir.rglob("*.ttl"))
        + sorted(project.claims_dir.rglob("*.trig"))
    )
    return [RdfFile(p, project.relative(p), p.read_text(encoding="utf-8")) for p in paths]


def validate_store(
    store: ox.Store, project, *, engine: str = "fast", meta_shacl: bool = False, part: str | None = None
) -> list[Finding]:
    """Validate a whole dataset (all graphs merged) against the project's shapes and checks (or a `part`)."""
    shapes = load_shapes(sorted(project.shapes_dir.glob("*.ttl")), project.relative)
    return validate(store, shapes, project.queries_dir / "checks", engine=engine, meta_shacl=meta_shacl, part=part)
