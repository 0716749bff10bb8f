"""Reasoning: HermiT proves the build consistent and catches inconsistent data; the materialised graph holds
what the alignments entail, and every class membership HermiT infers."""

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from csto_kg import namespaces as ns
from csto_kg.build import assemble
from csto_kg.errors import CheckFailed
from csto_kg.reasoning import hermit

FIXTURES = Path(__file__).parent / "fixtures" / "inconsistent"


def test_the_build_was_proved_consistent(built):
    import json

    assert json.loads(built.file("build-info.json").read_text())["hermit"] == "consistent"


@pytest.mark.parametrize(
    "fixture, line, cause",
    [
        ("person-is-an-event.ttl", 5, "disjoint classes: kg:tokayev — kgo:Event, kgo:Person"),
        (
            "two-numbers-for-one-figure.ttl",
            6,
            "two values for a functional property: kg:kyrgyz-deployment-personnel — kgo:numericValue",
        ),
    ],
)
def test_an_inconsistent_fixture_is_found_inconsistent_and_located(project_copy, fixture, line, cause):
    shutil.copy(FIXTURES / fixture, project_copy.graph_dir / fixture)
    with pytest.raises(CheckFailed) as error:
        assemble(project_copy)
    message = str(error.value)
    assert message.startswith("HermiT: ontology + data are inconsistent; likely causes:")
    assert cause in message
    cause_line = next(m for m in message.splitlines() if cause in m)
    assert f"graph/{fixture}:{line}" in cause_line


def test_hermit_memberships_are_all_materialised(store):
    """The OWL 2 RL rules are complete for our ontology: whatever class HermiT infers for an individual, the
    materialised store already states."""
    inferred = ox.NamedNode(ns.INFERRED_GRAPH)
    asserted = [q for q in store if q.graph_name != inferred]
    # HermiT realises every individual: the evidence graph's annotations and selectors (half the quads at fifty
    # sources, none of them a kg: individual, no term of it with a domain or range on one) only cost it minutes
    evidence = ox.NamedNode(ns.EVIDENCE_GRAPH)
    memberships = hermit([q for q in asserted if q.graph_name != evidence])
    ours = {(i, c) for i, c in memberships if i.startswith(ns.KG) and not c.startswith(ns.OWL)}
    typed = {
        q.subject.value for q in asserted if q.predicate.value == ns.RDF_TYPE and q.subject.value.startswith(ns.KG)
    }
    assert {i for i, _ in ours} == typed
    missing = [
        (ns.curie(i), ns.curie(c))
        for i, c in ours
        if not any(True for _ in store.quads_for_pattern(ox.NamedNode(i), ox.NamedNode(ns.RDF_TYPE), ox.NamedNode(c)))
    ]
    assert missing == []


ENTAILED = {
    "schema.org types": (
        "ASK { kg:tokayev a schema:Person . kg:csto a schema:Organization . kg:almaty a schema:City }",
        True,
    ),
    "schema.org roles and dates": (
        'ASK { ?e schema:agent kg:tokayev ; schema:startDate "2022-01-11"^^xsd:date . '
        "?r schema:toLocation kg:kyrgyzstan ; schema:fromLocation kg:kazakhstan }",
        True,
    ),
    "Wikidata instance-of from class alignments": (
        "ASK { kg:tokayev wdt:P31 wd:Q5 . kg:csto wdt:P31 wd:Q1127126 . kg:kazakhstan wdt:P31 wd:Q6256 , wd:Q3624078 }",
        True,
    ),
    "Wikidata membership and position held (property chain)": (
        "ASK { kg:armenia wdt:P463 kg:csto . kg:pashinyan wdt:P39 kg:prime-minister-of-armenia . "
        "kg:pashinyan p:P39 ?st . ?st ps:P39 kg:chair-of-csto-collective-security-council }",
        True,
    ),
    "transitive location": (
        "ASK { kg:almaty-tpp-2 kgo:locatedIn kg:kazakhstan . kg:zhanaozen wdt:P131 kg:kazakhstan }",
        True,
    ),
    "inverse membership": ("ASK { kg:csto kgo:hasMember kg:belarus ; schema:member kg:belarus }", True),
    "sub-events roll up": (
        "ASK { kg:almaty-pogroms kgo:subEventOf kg:kazakh-unrest . "
        "kg:kazakh-unrest schema:subEvent kg:almaty-pogroms }",
        True,
    ),
    "inferred triples are never restated": (
        f"ASK {{ GRAPH <{ns.INFERRED_GRAPH}> {{ ?s ?p ?o }} GRAPH ?g {{ ?s ?p ?o }} "
        f"FILTER(?g != <{ns.INFERRED_GRAPH}>) }}",
        False,
    ),
    "nothing inferred about the ontology itself": (
        f"ASK {{ GRAPH <{ns.INFERRED_GRAPH}> {{ ?s ?p ?o }} GRAPH <{ns.ONTOLOGY_GRAPH}> {{ ?s a owl:Class }} }}",
        False,
    ),
}


@pytest.mark.parametrize("name", list(ENTAILED))
def test_materialisation(ask, name):
    query, expected = ENTAILED[name]
    assert ask(query) is expected
