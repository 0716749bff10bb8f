"""The ontology: every term labelled in en and ru, defined, aligned; only verified Wikidata IDs; only the
OWL constructs the materialisation rules cover."""

import csv

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from .conftest import ROOT

KGO = rdflib.Namespace("https://w3id.org/csto-kg/ontology#")
SCHEMA = "http://schema.org/"
WD = "http://www.wikidata.org/"
REFERENCE = ROOT.parent / "shared" / "reference"


@pytest.fixture(scope="module")
def ontology():
    graph = rdflib.Graph()
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def our_terms(graph, kinds):
    return sorted({s for kind in kinds for s in graph.subjects(RDF.type, kind) if str(s).startswith(str(KGO))})


CLASSES_AND_PROPERTIES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def test_there_are_terms(ontology):
    assert (
        len(our_terms(ontology, [OWL.Class])) >= 40
        and len(our_terms(ontology, [OWL.ObjectProperty, OWL.DatatypeProperty])) >= 40
    )


def test_every_term_has_en_and_ru_labels_and_an_english_definition(ontology):
    for term in our_terms(ontology, CLASSES_AND_PROPERTIES + (OWL.NamedIndividual,)):
        languages = sorted(label.language for label in ontology.objects(term, RDFS.label))
        assert languages == ["en", "ru"], term
        assert [d.language for d in ontology.objects(term, SKOS.definition)] == ["en"], term


def test_every_class_and_property_is_aligned(ontology):
    """Each term has an alignment outside kgo:, and a schema.org one: entailing (subClassOf/subPropertyOf) or
    loose (skos:closeMatch). A loose or missing schema.org match must say why in kgo:schemaOrgGap."""
    for term in our_terms(ontology, CLASSES_AND_PROPERTIES):
        entailing = {
            str(o)
            for p in (RDFS.subClassOf, RDFS.subPropertyOf)
            for o in ontology.objects(term, p)
            if isinstance(o, rdflib.URIRef)
        }
        close = {str(o) for o in ontology.objects(term, SKOS.closeMatch)}
        assert any(not o.startswith(str(KGO)) for o in entailing | close), f"{term} is aligned to nothing outside kgo:"
        if any(o.startswith(SCHEMA) for o in entailing):
            continue
        assert (term, KGO.schemaOrgGap, None) in ontology, (
            f"{term} has no entailing schema.org alignment and does not say why"
        )


def _reference(name):
    path = REFERENCE / name
    if not path.exists():
        pytest.skip(f"{path} is not beside the checkout")
    rows = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return list(csv.reader(rows, delimiter="\t"))


def test_wikidata_alignments_use_only_verified_identifiers(ontology):
    verified_items = {row[3] for row in _reference("wikidata-verified.tsv") if row[4] == "verified"}
    verified_properties = {row[0] for row in _reference("wikidata-properties.tsv")}
    used = {str(t) for triple in ontology for t in triple if str(t).startswith(WD)}
    assert used
    for iri in used:
        local = iri.rsplit("/", 1)[1]
        assert local in (verified_items if local.startswith("Q") else verified_properties), iri


def test_each_verified_wikidata_class_we_model_is_aligned(ontology):
    """Where the reference lists a Wikidata class for a concept of ours, the class states it (P31 hasValue)."""
    ours = {
        "human": KGO.Person,
        "country": KGO.Country,
        "sovereign state": KGO.State,
        "military alliance": KGO.MilitaryAlliance,
        "international organization": KGO.InternationalOrganisation,
        "protest": KGO.Protest,
        "riot": KGO.Riot,
    }
    rows = {row[1]: row[3] for row in _reference("wikidata-verified.tsv") if row[0] == "class" and row[4] == "verified"}
    for label, cls in ours.items():
        values = {str(v) for r in ontology.objects(cls, RDFS.subClassOf) for v in ontology.objects(r, OWL.hasValue)}
        assert values == {f"http://www.wikidata.org/entity/{rows[label]}"}, cls


# The OWL vocabulary the ontology may use: what HermiT checks plus what the materialisation rules cover.
ALLOWED_OWL = {
    OWL[t]
    for t in (
        "Ontology",
        "Class",
        "ObjectProperty",
        "DatatypeProperty",
        "AnnotationProperty",
        "NamedIndividual",
        "FunctionalProperty",
        "TransitiveProperty",
        "inverseOf",
        "propertyChainAxiom",
        "Restriction",
        "onProperty",
        "hasValue",
        "AllDisjointClasses",
        "members",
        "AllDifferent",
        "distinctMembers",
        "versionInfo",
    )
}


def test_ontology_uses_only_constructs_the_rules_cover(ontology):
    """A new construct (equivalentClass, someValuesFrom, …) needs a materialisation rule first: see reasoning.RULES."""
    used = {t for triple in ontology for t in triple if isinstance(t, rdflib.URIRef) and str(t).startswith(str(OWL))}
    assert used <= ALLOWED_OWL, used - ALLOWED_OWL
