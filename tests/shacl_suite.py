"""The W3C SHACL test suite (tests/w3c/shacl): its entries, read from the manifests, and one entry run with the
fast engine and judged as the suite's page says. Used by tests/test_shacl_suite.py and bench/shacl_earl.py."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SH

from csto_kg.errors import KgError
from csto_kg.shacl.engine import Engine
from csto_kg.shacl.findings import to_rdflib_graph
from csto_kg.shacl.report import report_turtle
from csto_kg.shacl.validation import load_data_files, load_shapes

SUITE = Path(__file__).resolve().parent / "w3c" / "shacl"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = rdflib.Namespace("http://www.w3.org/ns/shacl-test#")
# result properties whose objects are nodes of the data or shapes graph, not part of the report
_NOT_FOLLOWED = {SH.focusNode, SH.value, SH.sourceShape, SH.sourceConstraint}
_DROPPED = {SH.message, SH.resultMessage}


@dataclass
class Entry:
    name: str  # the entry's IRI, relative to the suite: core/node/class-001
    file: Path
    data: Path
    shapes: Path
    expected: rdflib.Graph | None  # the expected report; None for sht:Failure
    graph: rdflib.Graph  # the whole test file (the expected report's triples are in it)
    report_node: object | None


def read(path: Path) -> rdflib.Graph:
    return to_rdflib_graph(ox.parse(path=str(path), base_iri=path.resolve().as_uri()))


def entries(manifest: Path = SUITE / "manifest.ttl") -> list[Entry]:
    graph = read(manifest)
    found = []
    for include in graph.objects(None, MF.include):
        found += entries(_path(include))
    for node in graph.objects(None, MF.entries):
        for entry in Collection(graph, node):
            found.append(_entry(graph, entry, manifest))
    return found


def _path(iri) -> Path:
    return Path(str(iri).removeprefix("file://"))


def _entry(graph: rdflib.Graph, entry, manifest: Path) -> Entry:
    action, result = graph.value(entry, MF.action), graph.value(entry, MF.result)
    name = str(entry).removeprefix(SUITE.resolve().as_uri() + "/")
    if result == SHT.Failure:
        expected = None
    else:
        expected = _closure(graph, result)
    return Entry(
        name,
        manifest,
        _path(graph.value(action, SHT.dataGraph)),
        _path(graph.value(action, SHT.shapesGraph)),
        expected,
        graph,
        result,
    )


def _closure(graph: rdflib.Graph, node, only: set | None = None) -> rdflib.Graph:
    """The report's triples: from its node, through blank nodes, except into the data and shapes graphs (and
    only the predicates in `only`, if given)."""
    out, todo, seen = rdflib.Graph(), [node], set()
    while todo:
        subject = todo.pop()
        if subject in seen:
            continue
        seen.add(subject)
        for p, o in graph.predicate_objects(subject):
            if p in _DROPPED or (only is not None and p not in only):
                continue
            out.add((subject, p, o))
            if isinstance(o, rdflib.BNode) and p not in _NOT_FOLLOWED:
                todo.append(o)
    return out


def run(entry: Entry) -> tuple[bool, str, rdflib.Graph | None]:
    """(passed, why, our report): the report compared with the expected one, or the refusal an sht:Failure
    entry expects."""
    store = ox.Store()
    try:
        _, written = load_data_files([entry.data], store)
        shapes = load_shapes([entry.shapes], str)
        findings = Engine(store, shapes, written=written).validate()
    except KgError as exc:
        if entry.expected is None:
            return True, f"refused as expected: {exc}", None
        return False, f"refused: {exc}", None
    # the report as `validate -f turtle` writes it, read back by a Turtle parser (as the expected one is read)
    ours = to_rdflib_graph(ox.parse(report_turtle(findings).encode("utf-8"), format=ox.RdfFormat.TURTLE))
    if entry.expected is None:
        return False, "validated where the suite expects a failure", ours
    comparable = _comparable(ours, entry.expected)
    if isomorphic(comparable, entry.expected):
        return True, f"{len(findings)} result(s), as expected", ours
    return False, _difference(comparable, entry.expected), ours


def _comparable(ours: rdflib.Graph, expected: rdflib.Graph) -> rdflib.Graph:
    """Our report without messages and without the result properties the expected report does not use."""
    used = {p for s, p, o in expected} | {RDF.first, RDF.rest}
    return _closure(ours, next(ours.subjects(RDF.type, SH.ValidationReport)), only=used)


def _difference(ours: rdflib.Graph, expected: rdflib.Graph) -> str:
    return "expected:\n" + expected.serialize(format="turtle") + "\nfound:\n" + ours.serialize(format="turtle")
