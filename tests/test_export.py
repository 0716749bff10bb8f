"""`csto-kg export`: every syntax round-trips through an independent parser to exactly the build's graph."""

from __future__ import annotations

import json
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from pyld import jsonld

from csto_kg import namespaces as ns
from csto_kg.cli import main
from csto_kg.errors import KgError
from csto_kg.export import export
from csto_kg.project import Project

from .conftest import ROOT

PROJECT = Project(ROOT)


def canonical(quads) -> set:
    """Quads with blank nodes relabelled by RDFC-1.0: equal sets mean isomorphic datasets."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return set(dataset)


def merged(quads) -> list:
    return list({ox.Quad(q.subject, q.predicate, q.object) for q in quads})


def from_jsonld(data: bytes) -> list:
    """Independent reading: pyld expands the document and writes N-Quads, pyoxigraph parses those."""
    nquads = jsonld.to_rdf(jsonld.expand(json.loads(data)), {"format": "application/n-quads"})
    return list(ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS))


@pytest.fixture(scope="module")
def dataset(store):
    return list(store)


@pytest.mark.parametrize("syntax, fmt", [("trig", ox.RdfFormat.TRIG), ("nquads", ox.RdfFormat.N_QUADS)])
def test_quad_syntaxes_round_trip_the_whole_dataset(store, dataset, syntax, fmt):
    data = export(store, PROJECT, syntax)
    assert canonical(ox.parse(data, format=fmt)) == canonical(dataset)


@pytest.mark.parametrize(
    "syntax, fmt",
    [("turtle", ox.RdfFormat.TURTLE), ("ntriples", ox.RdfFormat.N_TRIPLES), ("rdfxml", ox.RdfFormat.RDF_XML)],
)
def test_triple_syntaxes_round_trip_the_merged_graph(store, dataset, syntax, fmt):
    data = export(store, PROJECT, syntax)
    assert canonical(ox.parse(data, format=fmt)) == canonical(merged(dataset))


def test_jsonld_round_trips_the_merged_graph_through_pyld(store, dataset):
    data = export(store, PROJECT, "jsonld")
    assert canonical(from_jsonld(data)) == canonical(merged(dataset))


def test_jsonld_read_by_rdflib_as_one_graph_holds_every_triple(store, dataset):
    """What the docs say: JSON-LD, like Turtle, holds the merge of the named graphs in its default graph, so a
    reader of one graph (rdflib.Graph) gets every triple, not an empty default graph beside 115 named ones."""
    import rdflib

    graph = rdflib.Graph().parse(data=export(store, PROJECT, "jsonld"), format="json-ld")
    assert len(graph) == len(merged(dataset)) > 5000


def test_jsonld_uses_the_shipped_context_short_keys_and_language_maps(store):
    document = json.loads(export(store, PROJECT, "jsonld"))
    shipped = json.loads((ROOT / "ontology" / "csto-kg.context.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == shipped["@context"]
    nodes = document["@graph"]
    assert not any("@graph" in n for n in nodes)  # one graph: the merge
    tokayev = next(n for n in nodes if n.get("id") == "kg:tokayev" and "label" in n)
    assert tokayev["label"] == {"en": "Kassym-Jomart Tokayev", "ru": "Касым-Жомарт Токаев"}
    arrival = next(n for n in nodes if n.get("id") == "kg:kyrgyz-arrival" and "date" in n)
    assert arrival["date"] == "2022-01-07" and arrival["agent"] == "kg:kyrgyz-contingent"


def test_the_context_has_a_short_key_for_every_property_of_the_ontology():
    context = json.loads((ROOT / "ontology" / "csto-kg.context.jsonld").read_text(encoding="utf-8"))["@context"]
    ontology = ox.Store()
    ontology.load(path=str(ROOT / "ontology" / "csto-kg.ttl"), format=ox.RdfFormat.TURTLE)
    for kind, coerced in (("ObjectProperty", True), ("DatatypeProperty", False)):
        for row in ontology.query(
            f"SELECT ?p WHERE {{ ?p a <{ns.OWL}{kind}> FILTER(STRSTARTS(STR(?p), '{ns.KGO}')) }}"
        ):
            name = row["p"].value.removeprefix(ns.KGO)
            assert context[name]["@id"] == f"kgo:{name}", name
            assert (context[name].get("@type") == "@id") == coerced, name


def test_framed_jsonld_nests_each_events_participants_and_places(store, dataset):
    document = json.loads(export(store, PROJECT, "jsonld", framed=True))
    events = {n["id"]: n for n in document["@graph"]}
    assert all("kgo:Event" in n["type"] for n in events.values())
    guarding = events["kg:kyrgyz-guarding"]
    assert guarding["participant"]["label"]["ru"] == "кыргызский контингент сил ОДКБ"
    assert guarding["location"]["id"] == "kg:almaty" and guarding["location"]["label"]["en"] == "Almaty"
    # nothing invented: every statement of the framed form is in the build
    assert canonical(from_jsonld(json.dumps(document).encode())) <= canonical(merged(dataset))


def test_schema_profile_is_schema_org_only_and_round_trips(store):
    data = export(store, PROJECT, "jsonld", "schema")
    triples = from_jsonld(data)
    assert triples and all(
        q.predicate.value.startswith("http://schema.org/")
        or (q.predicate.value == ns.RDF_TYPE and q.object.value.startswith("http://schema.org/"))
        for q in triples
    )
    expected = export(store, PROJECT, "ntriples", "schema")
    assert canonical(triples) == canonical(ox.parse(expected, format=ox.RdfFormat.N_TRIPLES))
    names = {(q.subject.value, q.object.value) for q in triples if q.predicate.value == "http://schema.org/name"}
    assert (ns.KG + "almaty", "Алматы") in names
    types = {(q.subject.value, q.object.value) for q in triples if q.predicate.value == ns.RDF_TYPE}
    assert (ns.KG + "tokayev", "http://schema.org/Person") in types


def test_wikidata_profile_speaks_wikidata_and_uses_items_where_linked(store):
    triples = list(ox.parse(export(store, PROJECT, "ntriples", "wikidata"), format=ox.RdfFormat.N_TRIPLES))
    predicates = {q.predicate.value for q in triples}
    assert (
        "http://www.wikidata.org/prop/direct/P39" in predicates
        and "http://www.wikidata.org/prop/direct/P463" in predicates
    )
    assert all(
        p.startswith("http://www.wikidata.org/prop/") or p in (ns.RDFS_LABEL, ns.SKOS + "altLabel") for p in predicates
    )
    linked = {
        r["s"].value: r["w"].value
        for r in store.query(
            "SELECT ?s ?w WHERE { ?s <http://www.w3.org/2002/07/owl#sameAs> ?w }", use_default_graph_as_union=True
        )
    }
    subjects = {q.subject.value for q in triples}
    assert not subjects & set(linked), "a linked entity must appear as its Wikidata item"


@pytest.fixture
def cli(built):
    return lambda *args: CliRunner().invoke(main, ["--build-dir", str(built.path), *args])


def test_export_writes_the_file_named_with_the_syntax_of_its_extension(cli, tmp_path, dataset):
    target = tmp_path / "graph.nq"
    result = cli("export", "-o", str(target))
    assert result.exit_code == 0 and "nquads" in result.stderr
    assert canonical(ox.parse(path=str(target), format=ox.RdfFormat.N_QUADS)) == canonical(dataset)


def test_a_failed_export_leaves_the_previous_file_untouched(built, project_copy, tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("out")
    target = out_dir / "out.jsonld"
    target.write_text("previous export\n")
    (project_copy.ontology_dir / "csto-kg.context.jsonld").write_text("{ not json")
    result = CliRunner().invoke(
        main, ["--root", str(project_copy.root), "--build-dir", str(built.path), "export", "-o", str(target)]
    )
    assert result.exit_code == 2 and "csto-kg.context.jsonld" in result.stderr and "Traceback" not in result.output
    assert target.read_text() == "previous export\n" and list(out_dir.iterdir()) == [target]


@pytest.mark.parametrize(
    "args, message",
    [
        (["export", "-f", "turtle", "--framed"], "--framed applies to --format jsonld only"),
        (["export", "-f", "yaml"], "Invalid value for '-f'"),
        (["export", "--profile", "dbpedia"], "Invalid value for '--profile'"),
        (["export", "-o", "{tmp}/x.xyz"], "cannot tell an RDF syntax from '.xyz'"),
        (["export", "-o", "{tmp}/graph"], "cannot tell an RDF syntax from 'a name without a suffix'"),
    ],
)
def test_export_refuses_bad_options_with_exit_2(cli, args, message, tmp_path):
    result = cli(*[a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == 2 and message in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_our_jsonld_writer_handles_the_awkward_cases_as_pyld_reads_them():
    from csto_kg.export import compact_jsonld, context_document

    kg, kgo = ns.KG, ns.KGO
    quads = [
        ox.Quad(
            ox.NamedNode(kg + "a"),
            ox.NamedNode(kgo + "date"),
            ox.Literal("2022", datatype=ox.NamedNode(ns.XSD + "gYear")),
        ),
        ox.Quad(
            ox.NamedNode(kg + "a"),
            ox.NamedNode(kgo + "date"),
            ox.Literal("2022-01-05", datatype=ox.NamedNode(ns.XSD + "date")),
        ),
        ox.Quad(ox.NamedNode(kg + "a"), ox.NamedNode(ns.RDFS_LABEL), ox.Literal("no language")),
        ox.Quad(ox.NamedNode(kg + "a"), ox.NamedNode(ns.RDFS_LABEL), ox.Literal("a", language="en")),
        ox.Quad(ox.NamedNode(kg + "a"), ox.NamedNode(ns.RDFS_LABEL), ox.Literal("б", language="ru")),
        ox.Quad(ox.NamedNode(kg + "a"), ox.NamedNode(ns.RDFS_LABEL), ox.Literal("в", language="ru")),
        ox.Quad(ox.NamedNode(kg + "a"), ox.NamedNode(kgo + "about"), ox.Literal("a literal where an IRI is expected")),
        ox.Quad(ox.NamedNode(kg + "a"), ox.NamedNode(kgo + "about"), ox.BlankNode("b1")),
        ox.Quad(
            ox.NamedNode(kg + "//odd"),
            ox.NamedNode("http://example.org/p"),
            ox.NamedNode("urn:x:y"),
            ox.NamedNode(kg + "g"),
        ),
        ox.Quad(ox.BlankNode("b1"), ox.NamedNode(ns.RDF_TYPE), ox.NamedNode(kgo + "Event")),
    ]
    document = compact_jsonld(quads, context_document(PROJECT))
    assert canonical(from_jsonld(json.dumps(document).encode())) == canonical(quads)


def _sorted_lists(value):
    """A JSON value with every array sorted: framing leaves the order of a property's values open."""
    if isinstance(value, dict):
        return {k: _sorted_lists(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted(
            (_sorted_lists(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False)
        )
    return value


def _synthetic_store(statements: int) -> ox.Store:
    """bench/generate.py's stories, with what the build would infer, beside the ontology."""
    import io
    import sys

    from csto_kg.reasoning import materialise

    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate

    text = io.StringIO()
    generate(statements, text, claims=True)
    store = ox.Store()
    store.load(text.getvalue().encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    store.load(
        path=str(ROOT / "ontology" / "csto-kg.ttl"),
        format=ox.RdfFormat.TURTLE,
        to_graph=ox.NamedNode(ns.ONTOLOGY_GRAPH),
    )
    materialise(store)
    return store


@pytest.mark.parametrize("where", ["build", "synthetic"])
@pytest.mark.parametrize("profile", ["full", "schema", "wikidata"])
def test_our_framing_is_pylds_framing(store, where, profile):
    """`--framed` is written by our own code for the frames we ship (pyld needs minutes at 10^5 statements);
    it must give pyld's document: the same nodes, keys and values (value order aside). pyld drops @graph for
    one or no match; ours always has it, so that the shape does not depend on the count."""
    from csto_kg import export as exporting

    source = store if where == "build" else _synthetic_store(3000)
    quads = exporting.profile_quads(source, PROJECT, profile)
    quads = exporting._story(quads) if profile == "full" else quads
    context = {"@context": exporting.SCHEMA_CONTEXT} if profile == "schema" else exporting.context_document(PROJECT)
    frame = exporting._frame(PROJECT) if profile != "schema" else {"@type": "Event"}
    assert exporting._simple_frame(frame)
    ours = exporting.frame_jsonld(quads, context, frame)
    theirs = json.loads(json.dumps(exporting._pyld_frame(quads, context, frame)))
    theirs.setdefault("@graph", [])
    assert _sorted_lists(ours) == _sorted_lists(theirs)
    if profile != "wikidata":  # Wikidata's terms have no kgo:Event: nothing to match there
        assert len(ours["@graph"]) >= 30


def test_other_frames_go_to_pyld():
    from csto_kg.export import _simple_frame

    assert not _simple_frame({"@type": "kgo:Event", "participant": {"@embed": "@last"}})
    assert not _simple_frame({"@type": ["kgo:Event", "kgo:Arrival"]})
    assert not _simple_frame(
        {"@type": "kgo:Event", "participant": {"@embed": "@always", "@explicit": True, "rdfs:label": {"@default": "?"}}}
    )


def test_a_frame_may_name_its_properties_by_term_curie_or_iri(store):
    from csto_kg import export as exporting

    quads = exporting._story(exporting.profile_quads(store, PROJECT, "full"))
    context = exporting.context_document(PROJECT)
    shipped = exporting.frame_jsonld(quads, context, exporting._frame(PROJECT))
    spelled = {
        "@type": "https://w3id.org/csto-kg/ontology#Event",
        "kgo:participant": {"@embed": "@always", "@explicit": True, "rdfs:label": {}},
        "location": {"@embed": "@always", "@explicit": True, "http://www.w3.org/2000/01/rdf-schema#label": {}},
    }
    assert exporting._simple_frame(spelled) and exporting.frame_jsonld(quads, context, spelled) == shipped


def test_rdf_xml_refuses_a_literal_no_xml_can_hold_and_names_it():
    """An outsider's trial: a title with a BEL was exported as RDF/XML that no parser reads (exit 0). Turtle holds
    the character (escaped); RDF/XML cannot, so the export says where it is instead of writing broken XML."""
    from csto_kg.export import serialize

    quad = ox.Quad(ox.NamedNode(ns.KG + "some-source"), ox.NamedNode(ns.RDFS_LABEL), ox.Literal("Troops leave\a"))
    with pytest.raises(KgError) as refused:
        serialize([quad], "rdfxml")
    assert "U+0007" in str(refused.value) and "kg:some-source rdfs:label" in str(refused.value)
    assert [q.triple for q in ox.parse(serialize([quad], "turtle"), format=ox.RdfFormat.TURTLE)] == [quad.triple]
    written = ox.serialize([quad.triple], format=ox.RdfFormat.RDF_XML)  # what pyoxigraph writes unasked
    with pytest.raises(ElementTree.ParseError):  # not well-formed XML
        ElementTree.fromstring(written)
    ElementTree.fromstring(serialize([ox.Quad(quad.subject, quad.predicate, ox.Literal("Troops leave"))], "rdfxml"))
