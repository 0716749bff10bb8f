"""`csto-kg validate` and validation inside `build`: exit codes 0/1/2, every format, both languages."""

import json

import pytest
import rdflib
from click.testing import CliRunner

from csto_kg.cli import main

from .conftest import CLAIMS_FILE

BAD_QUANTITY = """@prefix kg: <https://w3id.org/csto-kg/id/> .
@prefix kgo: <https://w3id.org/csto-kg/ontology#> .

kg:test-q a kgo:Quantity ;
    kgo:numericValue -150 ;
    kgo:countOf kgo:Personnel ; kgo:unit kgo:Item ; kgo:bound kgo:Exactly .
"""


@pytest.fixture(scope="module")
def cli(built):
    def invoke(*args):
        # a wide terminal: these tests read the content, test_output_for_people_fits_the_terminal the folding
        return CliRunner(env={"COLUMNS": "250"}).invoke(main, ["--build-dir", str(built.path), *args])

    return invoke


@pytest.fixture
def bad_file(tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text(BAD_QUANTITY, encoding="utf-8")
    return path


def test_the_build_conforms_with_warnings_only(cli):
    result = cli("validate", "-f", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["conforms"] is True
    assert report["results"] and {r["severity"] for r in report["results"]} == {"Warning"}
    assert {r["shape"] for r in report["results"]} == {"kgs:wikidata-link-present"}
    unlinked = next(r for r in report["results"] if r["focus"] == "kg:ministry-of-defence-of-russia")
    assert unlinked["file"] == "graph/entities.ttl" and unlinked["line"] > 0
    assert unlinked["label"] == "Ministry of Defence of the Russian Federation"
    assert not any(r["focus"] == "kg:tokayev" for r in report["results"])  # linked in graph/wikidata/links.trig


def test_a_violating_file_exits_1_and_names_file_line_path_value(cli, bad_file):
    result = cli("validate", str(bad_file))
    assert result.exit_code == 1
    out = result.stdout
    assert out.startswith("1 violation(s), 0 warning(s), 0 info(s): does not conform")
    assert (
        "Violation · kgs:Quantity-numericValue · A quantity has exactly one number, a non-negative integer. (1)" in out
    )
    assert f'kg:test-q  path kgo:numericValue  value "-150"  [MinInclusiveConstraintComponent]  {bad_file}:4' in out


def test_russian_report(cli, bad_file):
    result = cli("validate", str(bad_file), "--lang", "ru")
    assert result.exit_code == 1
    assert result.stdout.startswith("нарушений: 1, предупреждений: 0, замечаний: 0 — не соответствует")
    assert (
        "Нарушение · kgs:Quantity-numericValue · У количества ровно одно число — неотрицательное целое."
        in result.stdout
    )


def test_turtle_report_is_a_shacl_validation_report(cli, bad_file):
    result = cli("validate", str(bad_file), "-f", "turtle")
    assert result.exit_code == 1
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    report = graph.value(predicate=rdflib.RDF.type, object=SH.ValidationReport)
    assert graph.value(report, SH.conforms).toPython() is False
    (result_node,) = graph.objects(report, SH.result)
    assert graph.value(result_node, SH.sourceConstraintComponent) == SH.MinInclusiveConstraintComponent
    assert {m.language for m in graph.objects(result_node, SH.resultMessage)} == {"en", "ru"}


def test_table_report(cli, bad_file):
    result = cli("validate", str(bad_file), "-f", "table")
    assert result.exit_code == 1
    header, rule, row = result.stdout.splitlines()[:3]
    assert header.split()[:4] == ["severity", "shape", "focus", "label"] and row.startswith("Violation")


@pytest.mark.parametrize(
    "content, message",
    [
        ("@prefix kg: <https://w3id.org/csto-kg/id/> .\nkg:a kg:b .\n", "syntax error"),
    ],
)
def test_unreadable_input_exits_2(cli, tmp_path, content, message):
    path = tmp_path / "broken.ttl"
    path.write_text(content)
    result = cli("validate", str(path))
    assert result.exit_code == 2 and f"{path}:2: {message}" in result.stderr


def test_unknown_format_exits_2(cli, tmp_path):
    path = tmp_path / "data.xyz"
    path.write_text("x")
    result = cli("validate", str(path))
    assert result.exit_code == 2 and "cannot tell the RDF format" in result.stderr


def _break_a_quantity(project):
    path = project.claims_dir / CLAIMS_FILE.name
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("kgo:numericValue 8 ;", "kgo:numericValue -8 ;"), encoding="utf-8"
    )  # a figure only the seed gives


def test_build_refuses_a_graph_that_violates_a_shape(project_copy, tmp_path):
    _break_a_quantity(project_copy)
    args = ["--root", str(project_copy.root), "--build-dir", str(tmp_path / "out"), "build", "--no-hermit"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "the graph violates its shapes" in result.stderr
    assert 'kg:kyrgyz-deployment-armour «8 armoured vehicles»  path kgo:numericValue  value "-8"' in result.stderr
    assert not (tmp_path / "out" / "current").exists()
    allowed = CliRunner().invoke(main, args + ["--allow-invalid"])
    assert allowed.exit_code == 0 and "Violation 1 × kgs:Quantity-numericValue" in " ".join(allowed.stderr.split())
    assert (tmp_path / "out" / "current" / "store").is_dir()


def test_a_day_from_one_claim_and_an_interval_from_another_are_no_violation(tmp_path, cli):
    """One claim may not give an event a day and an interval; two claims (two sources) may: the per-claim checks
    look inside one named graph at a time. A file without named graphs is one claim."""
    prefixes = (
        "@prefix kg: <https://w3id.org/csto-kg/id/> . @prefix kgo: <https://w3id.org/csto-kg/ontology#> . "
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix c: <https://w3id.org/csto-kg/claim/x/> .\n"
    )
    two_claims = tmp_path / "two-claims.trig"
    two_claims.write_text(
        prefixes + 'c:a { kg:e a kgo:Event ; kgo:date "2022-01-06"^^xsd:date . }\n'
        'c:b { kg:e a kgo:Event ; kgo:startDate "2022-01-05"^^xsd:date ; kgo:endDate "2022-01-06"^^xsd:date . }\n'
    )
    one_file = tmp_path / "one-claim.ttl"
    one_file.write_text(
        prefixes + 'kg:e a kgo:Event ; kgo:date "2022-01-06"^^xsd:date ; kgo:startDate "2022-01-05"^^xsd:date .\n'
    )
    per_claim = "check:day-or-interval-in-one-claim-violation"
    assert per_claim not in cli("validate", str(two_claims), "-f", "table").stdout
    assert per_claim in cli("validate", str(one_file), "-f", "table").stdout
