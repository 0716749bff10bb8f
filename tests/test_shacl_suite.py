"""The W3C SHACL test suite, run with the fast engine: every entry of the manifests passes, and no pass is silent
(removing one data triple that a result rests on changes the report)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SH, XSD

from csto_kg.shacl.engine import Engine
from csto_kg.shacl.report import report_graph
from csto_kg.shacl.validation import load_data_files, load_shapes

from . import shacl_suite

ENTRIES = shacl_suite.entries()


def test_every_entry_of_the_manifests_is_run():
    # 98 core and 22 SHACL-SPARQL entries (sparql/component/nodeValidator-001.ttl is in no manifest)
    assert len(ENTRIES) == 120
    assert sum(e.name.startswith("core/") for e in ENTRIES) == 98
    assert len({e.name for e in ENTRIES}) == 120


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_the_fast_engine_passes(entry):
    passed, why, _ = shacl_suite.run(entry)
    assert passed, why


def _report(store: ox.Store, shapes, written: bool):
    return report_graph(Engine(store, shapes, written=written).validate())


WITH_RESULTS = [e for e in ENTRIES if e.expected is not None and any(True for _ in e.expected.objects(None, SH.result))]


def _changes(store: ox.Store, shapes, written: bool, before, remove=(), add=()) -> bool:
    for quad in remove:
        store.remove(quad)
    store.extend(add)
    try:
        return not isomorphic(_report(store, shapes, written), before)
    finally:
        for quad in add:
            store.remove(quad)
        store.extend(remove)


@pytest.mark.parametrize("entry", WITH_RESULTS, ids=[e.name for e in WITH_RESULTS])
def test_each_result_rests_on_the_data(entry):
    """Each report must change when the data it was computed from changes:
    1. remove, one at a time, the data triples that mention a result's focus node or value; where a result is
       about something missing (too few values), removing cannot help, so
    2. give a result's focus node the triples of a node that has no result (graft), one node at a time;
    3. where the results are about nodes the shapes name themselves (sh:targetNode 32 against sh:datatype, or a
       SPARQL constraint that tests $this alone), no data triple is involved: removing one of the shape's
       constraints must then change the report.
    A report that stays the same whatever the data says was not computed from it."""
    store = ox.Store()
    _, written = load_data_files([entry.data], store)
    shapes = load_shapes([entry.shapes], str)
    before = _report(store, shapes, written)
    foci = {str(o) for o in before.objects(None, SH.focusNode)}
    mentioned = foci | {str(o) for o in before.objects(None, SH.value)}
    quads = list(store)
    if any(
        _changes(store, shapes, written, before, remove=[q])
        for q in quads
        if {str(q.subject.value), str(q.object.value)} & mentioned
    ):
        return
    focus_terms = {q.subject for q in quads if str(q.subject.value) in foci}
    donors = {q.subject for q in quads} - focus_terms
    for focus in focus_terms:
        for donor in sorted(donors, key=str):
            graft = [ox.Quad(focus, q.predicate, q.object, q.graph_name) for q in quads if q.subject == donor]
            if _changes(store, shapes, written, before, add=graft):
                return
    targeted = {str(n) for n in shapes.objects(None, SH.targetNode)}
    assert foci <= targeted, "no change of the data triples about the results' nodes changed the report"
    fixed = {RDF.type, SH.path, SH.targetNode, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.message}
    for shape in set(before.objects(None, SH.sourceShape)):
        for p, o in [(p, o) for p, o in shapes.predicate_objects(shape) if p not in fixed]:
            shapes.remove((shape, p, o))
            changed = not isomorphic(_report(store, shapes, written), before)
            shapes.add((shape, p, o))
            if changed:
                return
    pytest.fail("neither the data nor a constraint of the results' shapes changes the report")


CONFORMING = [e for e in ENTRIES if e.expected is not None and e not in WITH_RESULTS]
TRUE = rdflib.Literal("true", datatype=XSD.boolean)
# where no data triple can break a conforming entry, what switches its inert constraint on
SWITCHES = {
    SH.deactivated: lambda o: None,  # no longer deactivated
    SH.minCount: lambda o: rdflib.Literal(int(o) + 1, datatype=XSD.integer),  # sh:minCount 0 asks nothing
    SH.uniqueLang: lambda o: TRUE,  # only true switches it on
}


@pytest.mark.parametrize("entry", CONFORMING, ids=[e.name for e in CONFORMING])
def test_each_conforming_entry_was_checked(entry):
    """A conforming entry must stop conforming when one data triple goes, or, where its constraint is inert by
    design (deactivated, sh:minCount 0, sh:uniqueLang "1"), when that constraint is switched on."""
    store = ox.Store()
    _, written = load_data_files([entry.data], store)
    shapes = load_shapes([entry.shapes], str)
    before = _report(store, shapes, written)
    if any(_changes(store, shapes, written, before, remove=[q]) for q in list(store)):
        return
    for s, p, o in sorted((t for t in shapes if t[1] in SWITCHES), key=str):
        shapes.remove((s, p, o))
        if (switched := SWITCHES[p](o)) is not None:
            shapes.add((s, p, switched))
        changed = not isomorphic(_report(store, shapes, written), before)
        if switched is not None:
            shapes.remove((s, p, switched))
        shapes.add((s, p, o))
        if changed:
            return
    pytest.fail("neither the data nor a switch of an inert constraint changes the report")


def test_the_turtle_report_of_an_ill_formed_literal_parses():
    """core/property/or-datatypes-001 reports "none"^^xsd:boolean: `validate -f turtle` must write it with its
    lexical form and datatype (rdflib's writer printed `sh:value none`, which no Turtle parser reads)."""
    from click.testing import CliRunner

    from csto_kg.cli import main

    case = str(shacl_suite.SUITE / "core" / "property" / "or-datatypes-001.ttl")
    result = CliRunner().invoke(main, ["validate", case, "--shapes", case, "-f", "turtle"])
    assert result.exit_code == 1, result.output
    report = rdflib.Graph().parse(data=result.stdout, format="turtle")  # rdflib reads it (and normalises "none")
    assert len(list(report.subjects(RDF.type, SH.ValidationResult))) == 3  # 42, "none"^^xsd:boolean, owl:Thing
    assert '"none"^^xsd:boolean' in result.stdout
