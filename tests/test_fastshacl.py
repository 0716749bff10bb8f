"""`csto-kg validate --shapes` on the cases where the old fast engine said "conforms" without checking, on literals
the store would rewrite, on relative IRIs, on the SHACL report's form, and on what must be refused (exit 2)."""

from __future__ import annotations

import json

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.namespace import RDF, SH

from csto_kg.cli import main

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def validate(tmp_path, data: str, shapes: str, *options, engine: str = "fast", suffix: str = ".ttl"):
    data_file, shapes_file = tmp_path / f"data{suffix}", tmp_path / "shapes.ttl"
    data_file.write_text((PREFIXES if suffix == ".ttl" else "") + data)
    shapes_file.write_text(PREFIXES + shapes)
    return CliRunner().invoke(
        main, ["validate", str(data_file), "--shapes", str(shapes_file), "--engine", engine, "-f", "json", *options]
    )


def results(result) -> list[dict]:
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["results"]


# Each case: (data, shapes, how many results). pySHACL is the reference: both engines must find them.
SILENT_BEFORE = {
    "implicit class target": (
        "ex:a a ex:Person .",
        "ex:Person a rdfs:Class, sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .",
        1,
    ),
    "property shape with its own target": (
        'ex:a ex:age "x" .',
        "ex:S a sh:PropertyShape ; sh:targetSubjectsOf ex:age ; sh:path ex:age ; sh:datatype xsd:integer .",
        1,
    ),
    "targets but no rdf:type sh:NodeShape": ("ex:a ex:p ex:b .", "ex:S sh:targetNode ex:a ; sh:class ex:Thing .", 1),
    "node shape with objects-of target": (
        "ex:a ex:knows ex:b .",
        "ex:S a sh:NodeShape ; sh:targetObjectsOf ex:knows ; sh:nodeKind sh:Literal .",
        1,
    ),
    "SPARQL constraint with FILTER NOT EXISTS on $this": (
        'ex:a a ex:Person . ex:b a ex:Person ; ex:name "B" .',
        'ex:S a sh:NodeShape ; sh:targetClass ex:Person ; sh:sparql [ sh:select "SELECT $this WHERE { FILTER NOT '
        'EXISTS { $this <http://example.org/name> ?n } }" ] .',
        1,
    ),
    "SPARQL-based constraint component": (
        'ex:a ex:code "AB" . ex:b ex:code "ABC" .',
        '''ex:LengthComponent a sh:ConstraintComponent ; sh:parameter [ sh:path ex:exactLength ] ;
           sh:propertyValidator [ a sh:SPARQLSelectValidator ; sh:select """SELECT $this ?value WHERE {
               $this $PATH ?value FILTER(STRLEN(?value) != $exactLength) }""" ] .
           ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:code ; sh:property [ sh:path ex:code ; ex:exactLength 3 ] .''',
        1,
    ),
    "one uniqueLang result per repeated language": (
        'ex:a ex:label "a"@en, "b"@en, "c"@ru, "d"@ru, "e"@de .',
        "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:label ; sh:uniqueLang true ] .",
        2,
    ),
    "two sh:class values, two results": ("ex:a ex:p ex:b .", "ex:S sh:targetNode ex:b ; sh:class ex:C1, ex:C2 .", 2),
    "sequence, alternative and inverse paths": (
        "ex:a ex:p ex:b . ex:b ex:q ex:c . ex:d ex:r ex:a .",
        "ex:S sh:targetNode ex:a ; sh:property [ sh:path ( ex:p ex:q ) ; sh:class ex:C ] ; "
        "sh:property [ sh:path [ sh:alternativePath ( ex:p [ sh:inversePath ex:r ] ) ] ; sh:maxCount 1 ] .",
        2,
    ),
}


@pytest.mark.parametrize("name", SILENT_BEFORE)
def test_cases_the_old_engine_passed_in_silence_are_found_as_pyshacl_finds_them(tmp_path, name):
    data, shapes, expected = SILENT_BEFORE[name]
    fast = validate(tmp_path, data, shapes, "-f", "turtle")
    reference = validate(tmp_path, data, shapes, "-f", "turtle", engine="pyshacl")
    assert fast.exit_code == reference.exit_code == 1, fast.output
    assert report_results(fast) == report_results(reference) == expected


def report_results(result) -> int:
    """How many results a SHACL report lists (the other formats show results SHACL lists twice once)."""
    return len(set(rdflib.Graph().parse(data=result.stdout, format="turtle").subjects(RDF.type, SH.ValidationResult)))


def test_ill_formed_literals_of_every_datatype_are_found(tmp_path):
    """pySHACL reads literals through rdflib, which passes "22"^^xsd:gYear and "en_GB"^^xsd:language and turns
    "yes"^^xsd:boolean into false; ours reads them as written, against XML Schema's lexical spaces."""
    data = (
        'ex:a ex:v "300"^^xsd:byte, "2022-02-30"^^xsd:date, "22"^^xsd:gYear, "yes"^^xsd:boolean, "P"^^xsd:duration, '
        '"1.5"^^xsd:integer, "-1"^^xsd:nonNegativeInteger, "12:60:00"^^xsd:time, "en_GB"^^xsd:language, '
        '"127"^^xsd:byte, "2024-02-29"^^xsd:date, "2022"^^xsd:gYear, "0"^^xsd:boolean, "PT1H"^^xsd:duration, '
        '"24:00:00"^^xsd:time, "en-GB"^^xsd:language .'
    )
    types = ("byte", "date", "gYear", "boolean", "duration", "integer", "nonNegativeInteger", "time", "language")
    shapes = (
        "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:v ; sh:or ( "
        + " ".join(f"[ sh:datatype xsd:{t} ]" for t in types)
        + " ) ] ."
    )
    found = sorted(r["value"] for r in results(validate(tmp_path, data, shapes)))
    assert found == sorted(['"300"', '"2022-02-30"', '"22"', '"yes"', '"P"', '"1.5"', '"-1"', '"12:60:00"', '"en_GB"'])


def test_literals_are_judged_as_written_whatever_the_store_keeps(tmp_path):
    # the store would keep "12"^^xsd:byte as "12"^^xsd:integer and "01.50" as "1.5"; "1"^^xsd:boolean as "true"
    data = 'ex:a ex:b "12"^^xsd:byte ; ex:d "01.50"^^xsd:decimal ; ex:t "1"^^xsd:boolean .'
    shapes = """ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:b ; sh:datatype xsd:byte ; sh:maxInclusive 12 ] ;
                sh:property [ sh:path ex:d ; sh:pattern "^01\\\\.50$" ] ;
                sh:property [ sh:path ex:t ; sh:in ( true ) ] ."""
    found = results(validate(tmp_path, data, shapes))
    # only sh:in fails: "1"^^xsd:boolean is another term than true
    assert [(r["component"], r["value"]) for r in found] == [("InConstraintComponent", '"1"')]
    nt = '<http://example.org/a> <http://example.org/b> "12"^^<http://www.w3.org/2001/XMLSchema#byte> .\n'
    assert (
        validate(
            tmp_path,
            nt,
            "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:b ; sh:datatype xsd:byte ] .",
            suffix=".nt",
        ).exit_code
        == 0
    )


def test_relative_iris_resolve_against_the_file_or_base(tmp_path):
    shapes = "ex:S sh:targetSubjectsOf ex:p ; sh:nodeKind sh:BlankNode ."
    own = results(validate(tmp_path, "<thing> ex:p 1 .", shapes))
    assert own[0]["focus"] == f"<{(tmp_path / 'thing').as_uri()}>"
    based = results(validate(tmp_path, "<thing> ex:p 1 .", shapes, "--base", "http://example.org/data/"))
    assert based[0]["focus"] == "<http://example.org/data/thing>"


def test_the_turtle_report_is_shacls(tmp_path):
    data = "ex:a ex:p ex:b . ex:c ex:q ex:a ."
    shapes = (
        "ex:S sh:targetNode ex:a ; sh:property [ sh:path [ sh:inversePath ex:q ] ; sh:class ex:C ; sh:severity "
        "sh:Warning ] ; "
        'sh:sparql [ sh:select "SELECT $this WHERE { $this <http://example.org/p> ?o }" ; sh:message "has p" ] .'
    )
    result = validate(tmp_path, data, shapes, "-f", "turtle")
    assert result.exit_code == 1
    report = rdflib.Graph().parse(data=result.stdout, format="turtle")
    assert next(report.objects(None, SH.conforms)) == rdflib.Literal(False)
    warning = next(r for r in report.subjects(SH.resultSeverity, SH.Warning))
    assert isinstance(report.value(warning, SH.sourceShape), rdflib.BNode)  # a blank-node shape stays one
    path = report.value(warning, SH.resultPath)
    assert report.value(path, SH.inversePath) == rdflib.URIRef("http://example.org/q")
    violation = next(r for r in report.subjects(SH.resultSeverity, SH.Violation))
    assert isinstance(report.value(violation, SH.sourceConstraint), rdflib.BNode)
    assert report.value(violation, SH.value) == rdflib.URIRef("http://example.org/a")
    assert len(set(report.subjects(RDF.type, SH.ValidationResult))) == 2


def test_a_warning_alone_exits_0_but_the_report_does_not_conform(tmp_path):
    result = validate(
        tmp_path, "ex:a ex:p 1 .", "ex:S sh:targetNode ex:a ; sh:severity sh:Warning ; sh:class ex:C .", "-f", "turtle"
    )
    assert result.exit_code == 0
    report = rdflib.Graph().parse(data=result.stdout, format="turtle")
    assert next(report.objects(None, SH.conforms)) == rdflib.Literal(False)


REFUSED = {
    "a malformed path": (
        "ex:S sh:targetNode ex:a ; sh:property [ sh:path [ sh:inversePath ex:p ; sh:zeroOrMorePath ex:q ] ; "
        "sh:minCount 1 ] .",
        "malformed SHACL path",
    ),
    "a one-member sequence": (
        "ex:S sh:targetNode ex:a ; sh:property [ sh:path ( ex:p ) ; sh:minCount 1 ] .",
        "at least two paths",
    ),
    "recursive shapes": ("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:node ex:S ] .", "recursive shapes"),
    "MINUS with $this": (
        'ex:S sh:targetNode ex:a ; sh:sparql [ sh:select "SELECT $this WHERE { $this ?p ?o MINUS { $this ?p 1 } }" ] .',
        "MINUS",
    ),
    "a subquery that drops $this": (
        'ex:S sh:targetNode ex:a ; sh:sparql [ sh:select "SELECT $this WHERE { { SELECT ?o WHERE { ?s ?p ?o } } }" ] .',
        "a subquery does not project $this",
    ),
    "AS onto $this": (
        'ex:S sh:targetNode ex:a ; sh:sparql [ sh:select "SELECT $this WHERE { BIND(1 AS $this) }" ] .',
        "assigns $this",
    ),
    "a count that is no integer": (
        'ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:maxCount "two" ] .',
        "sh:maxCount takes",
    ),
    "a broken list": ("ex:S sh:targetNode ex:a ; sh:in [ a ex:NotAList ] .", "well-formed RDF list"),
    "a component without a validator for property shapes": (
        'ex:C a sh:ConstraintComponent ; sh:parameter [ sh:path ex:x ] ; sh:nodeValidator [ sh:select "SELECT $this '
        'WHERE { }" ] . '
        "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; ex:x 1 ] .",
        "no validator for property shapes",
    ),
}


@pytest.mark.parametrize("name", REFUSED)
def test_what_shacl_leaves_undefined_or_forbids_is_refused_by_name(tmp_path, name):
    shapes, said = REFUSED[name]
    result = validate(tmp_path, "ex:a ex:p ex:b .", shapes)
    assert result.exit_code == 2 and said in result.stderr, result.output
