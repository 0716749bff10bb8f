"""The engine's constraint components against the spec: every component of SHACL Core (as the W3C SHACL vocabulary
declares them) has exactly one class in `csto_kg.shacl.components`, registered under its IRI with the parameters
the vocabulary gives it, and every class names a real section of the Recommendation; the engine asks the registry
and nothing else, and refuses by name a component it does not know."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
import rdflib
from rdflib.namespace import RDF, SH

from csto_kg.errors import KgError
from csto_kg.shacl import components
from csto_kg.shacl.engine import Engine, Focus
from csto_kg.shacl.shapes import instances
from csto_kg.shacl.validation import load_shapes

from . import shacl_suite
from .test_fastshacl import validate

# The W3C SHACL vocabulary (https://www.w3.org/ns/shacl.ttl, 2017-07-20), as pySHACL ships it
VOCABULARY = Path(pyshacl.__file__).parent / "assets" / "shacl.ttl"
# components the vocabulary file declares that are not in the Recommendation: SHACL-JS and SHACL Advanced
# Features are Working Group Notes, and the engine implements neither
NOT_IN_THE_RECOMMENDATION = {SH.JSConstraintComponent, SH.ExpressionConstraintComponent}

# The sections of the Recommendation (https://www.w3.org/TR/shacl/, 2017-07-20) that define constraint
# components: number, anchor, title
SECTIONS = {
    ("4.1.1", "ClassConstraintComponent", "sh:class"),
    ("4.1.2", "DatatypeConstraintComponent", "sh:datatype"),
    ("4.1.3", "NodeKindConstraintComponent", "sh:nodeKind"),
    ("4.2.1", "MinCountConstraintComponent", "sh:minCount"),
    ("4.2.2", "MaxCountConstraintComponent", "sh:maxCount"),
    ("4.3.1", "MinExclusiveConstraintComponent", "sh:minExclusive"),
    ("4.3.2", "MinInclusiveConstraintComponent", "sh:minInclusive"),
    ("4.3.3", "MaxExclusiveConstraintComponent", "sh:maxExclusive"),
    ("4.3.4", "MaxInclusiveConstraintComponent", "sh:maxInclusive"),
    ("4.4.1", "MinLengthConstraintComponent", "sh:minLength"),
    ("4.4.2", "MaxLengthConstraintComponent", "sh:maxLength"),
    ("4.4.3", "PatternConstraintComponent", "sh:pattern"),
    ("4.4.4", "LanguageInConstraintComponent", "sh:languageIn"),
    ("4.4.5", "UniqueLangConstraintComponent", "sh:uniqueLang"),
    ("4.5.1", "EqualsConstraintComponent", "sh:equals"),
    ("4.5.2", "DisjointConstraintComponent", "sh:disjoint"),
    ("4.5.3", "LessThanConstraintComponent", "sh:lessThan"),
    ("4.5.4", "LessThanOrEqualsConstraintComponent", "sh:lessThanOrEquals"),
    ("4.6.1", "NotConstraintComponent", "sh:not"),
    ("4.6.2", "AndConstraintComponent", "sh:and"),
    ("4.6.3", "OrConstraintComponent", "sh:or"),
    ("4.6.4", "XoneConstraintComponent", "sh:xone"),
    ("4.7.1", "NodeConstraintComponent", "sh:node"),
    ("4.7.2", "PropertyConstraintComponent", "sh:property"),
    (
        "4.7.3",
        "QualifiedValueShapeConstraintComponent",
        "sh:qualifiedValueShape, sh:qualifiedMinCount, sh:qualifiedMaxCount",
    ),
    ("4.8.1", "ClosedConstraintComponent", "sh:closed, sh:ignoredProperties"),
    ("4.8.2", "HasValueConstraintComponent", "sh:hasValue"),
    ("4.8.3", "InConstraintComponent", "sh:in"),
    ("5", "sparql-constraints", "SPARQL-based Constraints"),
    ("6", "sparql-constraint-components", "SPARQL-based Constraint Components"),
}


@pytest.fixture(scope="module")
def vocabulary() -> rdflib.Graph:
    return rdflib.Graph().parse(VOCABULARY, format="turtle")


def _declared(vocabulary: rdflib.Graph) -> dict:
    """The vocabulary's constraint components and the paths of their parameters."""
    return {
        str(c): {vocabulary.value(p, SH.path) for p in vocabulary.objects(c, SH.parameter)}
        for c in vocabulary.subjects(RDF.type, SH.ConstraintComponent)
        if c not in NOT_IN_THE_RECOMMENDATION
    }


def _classes(base=components.Component) -> list[type]:
    found = []
    for cls in base.__subclasses__():
        found += [cls] + _classes(cls)
    return found


def test_every_component_of_the_vocabulary_has_exactly_one_class_registered_under_its_iri(vocabulary):
    declared = _declared(vocabulary)
    assert len(declared) == 30  # the 29 of SHACL Core and sh:sparql's
    assert sorted(components.REGISTRY) == sorted(declared)
    with_iri = [cls for cls in _classes() if getattr(cls, "iri", "")]
    for iri in declared:
        claiming = [cls.__name__ for cls in with_iri if cls.iri == iri]
        assert claiming == [iri.removeprefix(str(SH))], f"{iri} is implemented by {claiming}"
        assert type(components.REGISTRY[iri]).__name__ == claiming[0]


def test_each_registered_component_takes_the_parameters_the_vocabulary_gives_it(vocabulary):
    declared = _declared(vocabulary)
    for iri, component in components.REGISTRY.items():
        assert set(component.parameters) == declared[iri], iri
        # the main parameter, the one whose values make the constraints, is the parameter named after it
        main = component.parameters[0]
        assert component.name.lower().startswith(str(main).removeprefix(str(SH)).lower()), iri


def test_every_component_names_a_real_section_of_the_spec():
    named = set()
    for component in [*components.REGISTRY.values(), components.SPARQL_BASED]:
        anchor = component.anchor or component.name
        assert (component.section, anchor, component.title) in SECTIONS, type(component).__name__
        assert component.spec == f"https://www.w3.org/TR/shacl/#{anchor}"
        named.add((component.section, anchor, component.title))
    # and every section that defines a component is implemented by one
    assert named == SECTIONS


def test_every_component_the_w3c_suite_reports_is_registered_or_declared_by_its_shapes():
    seen = set()
    for entry in shacl_suite.entries():
        if entry.expected is None:
            continue
        declared = instances(load_shapes([entry.shapes], str), SH.ConstraintComponent)
        for iri in entry.expected.objects(None, SH.sourceConstraintComponent):
            assert str(iri) in components.REGISTRY or iri in declared, f"{entry.name}: {iri}"
            seen.add(str(iri))
    # the suite reports all but two: sh:property's results are its nested shape's, and no entry has a result of
    # sh:qualifiedMaxCount (test_every_component_finds_what_pyshacl_finds below has one)
    assert set(components.REGISTRY) - seen == {
        str(SH.PropertyConstraintComponent),
        str(SH.QualifiedMaxCountConstraintComponent),
    }


SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:minCount 2 ] ."""


def _engine() -> Engine:
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p"), ox.Literal("x")))
    return Engine(store, rdflib.Graph().parse(data=SHAPES, format="turtle"))


def test_the_engine_asks_the_registry_for_a_constraints_logic(monkeypatch):
    assert [f.component for f in _engine().validate()] == ["MinCountConstraintComponent"]

    class Lenient(components.MinCountConstraintComponent):
        def results(self, engine, shape, constraint, focus):
            return []

    monkeypatch.setitem(components.REGISTRY, str(SH.MinCountConstraintComponent), Lenient())
    assert _engine().validate() == []


def test_a_component_the_engine_does_not_know_is_refused_by_name():
    engine = _engine()
    shape = next(s for s in engine.shapes.shapes.values() if s.path is not None)
    unknown = components.Constraint("http://example.org/UnheardOfConstraintComponent", rdflib.Literal(1))
    with pytest.raises(KgError, match="UnheardOfConstraintComponent.* not one this engine knows"):
        engine.check(shape, unknown, Focus(node=ox.NamedNode("http://example.org/a")))


# One focus node per component (or pair of components), each with a value the constraint rejects
EVERY_COMPONENT_DATA = """
ex:class ex:p ex:b . ex:datatype ex:p "x" . ex:nodeKind ex:p "x" . ex:minCount ex:q 1 . ex:maxCount ex:p 1, 2 .
ex:range ex:p 5 . ex:length ex:p "abc" . ex:lang ex:p "a"@en, "b"@en, "c"@de .
ex:pair ex:p 1, 2 ; ex:q 2, 3 ; ex:r 0 . ex:logic ex:p 1 . ex:node ex:p ex:b . ex:property ex:p 1 .
ex:qualified ex:p ex:c1, ex:c2 . ex:c1 a ex:C . ex:c2 a ex:C . ex:closed ex:p 1 ; ex:q 2 . ex:hasValue ex:p 1 .
ex:in ex:p 3 . ex:sparql ex:p 1 .
"""
EVERY_COMPONENT_SHAPES = """
ex:Class sh:targetNode ex:class ; sh:property [ sh:path ex:p ; sh:class ex:C ] .
ex:Datatype sh:targetNode ex:datatype ; sh:property [ sh:path ex:p ; sh:datatype xsd:integer ] .
ex:NodeKind sh:targetNode ex:nodeKind ; sh:property [ sh:path ex:p ; sh:nodeKind sh:IRI ] .
ex:MinCount sh:targetNode ex:minCount ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .
ex:MaxCount sh:targetNode ex:maxCount ; sh:property [ sh:path ex:p ; sh:maxCount 1 ] .
ex:Range sh:targetNode ex:range ; sh:property [ sh:path ex:p ; sh:minExclusive 5 ; sh:minInclusive 6 ;
    sh:maxExclusive 5 ; sh:maxInclusive 4 ] .
ex:Length sh:targetNode ex:length ; sh:property [ sh:path ex:p ; sh:minLength 4 ; sh:maxLength 2 ; sh:pattern "^z" ] .
ex:Lang sh:targetNode ex:lang ; sh:property [ sh:path ex:p ; sh:languageIn ( "fr" ) ; sh:uniqueLang true ] .
ex:Pair sh:targetNode ex:pair ; sh:property [ sh:path ex:p ; sh:equals ex:q ; sh:disjoint ex:q ; sh:lessThan ex:q ;
    sh:lessThanOrEquals ex:r ] .
ex:Logic sh:targetNode ex:logic ; sh:property [ sh:path ex:p ; sh:not [ sh:datatype xsd:integer ] ;
    sh:and ( [ sh:datatype xsd:integer ] [ sh:datatype xsd:string ] ) ;
    sh:or ( [ sh:datatype xsd:string ] [ sh:nodeKind sh:IRI ] ) ;
    sh:xone ( [ sh:datatype xsd:integer ] [ sh:nodeKind sh:Literal ] ) ] .
ex:Node sh:targetNode ex:node ; sh:property [ sh:path ex:p ; sh:node [ sh:class ex:C ] ] .
ex:Property sh:targetNode ex:property ; sh:property [ sh:path ex:p ; sh:property [ sh:path ex:q ; sh:minCount 1 ] ] .
ex:Qualified sh:targetNode ex:qualified ; sh:property [ sh:path ex:p ; sh:qualifiedValueShape [ sh:class ex:C ] ;
    sh:qualifiedMinCount 3 ; sh:qualifiedMaxCount 1 ] .
ex:Closed sh:targetNode ex:closed ; sh:closed true ; sh:property [ sh:path ex:p ] .
ex:HasValue sh:targetNode ex:hasValue ; sh:property [ sh:path ex:p ; sh:hasValue 2 ] .
ex:In sh:targetNode ex:in ; sh:property [ sh:path ex:p ; sh:in ( 1 2 ) ] .
ex:Sparql sh:targetNode ex:sparql ;
    sh:sparql [ sh:select "SELECT $this ?value WHERE { $this <http://example.org/p> ?value }" ] .
"""


def _turtle_results(result) -> Counter:
    assert result.exit_code == 1, result.output
    report = rdflib.Graph().parse(data=result.stdout, format="turtle")
    fields = (SH.resultSeverity, SH.focusNode, SH.resultPath, SH.value, SH.sourceConstraintComponent)
    return Counter(tuple(report.value(r, f) for f in fields) for r in report.subjects(RDF.type, SH.ValidationResult))


def test_every_component_finds_what_pyshacl_finds(tmp_path):
    """Each component of the registry finds the fault made for it (sh:property: its nested shape's), and the
    whole report is pySHACL's, result for result."""
    ours = _turtle_results(validate(tmp_path, EVERY_COMPONENT_DATA, EVERY_COMPONENT_SHAPES, "-f", "turtle"))
    reference = _turtle_results(
        validate(tmp_path, EVERY_COMPONENT_DATA, EVERY_COMPONENT_SHAPES, "-f", "turtle", engine="pyshacl")
    )
    assert ours == reference
    found = {str(key[4]) for key in ours}
    assert set(components.REGISTRY) - found == {str(SH.PropertyConstraintComponent)}
    q = rdflib.URIRef("http://example.org/q")  # the value 1 of ex:property has no ex:q
    assert ours[(SH.Violation, rdflib.Literal(1), q, None, SH.MinCountConstraintComponent)] == 1
