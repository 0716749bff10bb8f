"""The canned query catalogue: golden results, declared parameters, and parameters that try to break out.

Golden results live in tests/golden/<query>.json (default parameters) and <query>.example.json (each
parameter's example value), in the SPARQL 1.1 Results JSON format. After a deliberate change to the data or a
query, refresh them and review the diff:

    .venv/bin/pytest tests/test_queries.py --refresh-golden && git diff tests/golden
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Variable

from csto_kg.catalogue import PARAM_TYPES, load_catalogue
from csto_kg.cli import main
from csto_kg.errors import KgError
from csto_kg.output import render
from csto_kg.querying import Names, run_select

from .conftest import ROOT

GOLDEN = Path(__file__).parent / "golden"
CATALOGUE = load_catalogue(ROOT / "queries")
REQUIRED = {
    "timeline",
    "csto-members",
    "troop-contributions",
    "people-and-offices",
    "events-at",
    "who-said",
    "evidence",
    "wikidata-links",
    "causes",
    "kyrgyz-contingent",
}


def test_the_catalogue_has_the_required_queries_each_with_title_and_description():
    assert REQUIRED <= set(CATALOGUE)
    for query in CATALOGUE.values():
        assert query.title and query.description, query.name
        for p in query.params:
            assert p.type in PARAM_TYPES and p.description and p.example, (query.name, p.name)


def _variables(text: str) -> tuple[set[str], set[str], set[str]]:
    """(free, in_patterns, projected) variables of a query, read from rdflib's SPARQL algebra. A free variable
    is used (in a FILTER, BIND or projection) but bound by nothing in the query: only a parameter can bind it."""
    used, in_patterns, extends, aggregates = set(), set(), [], {}

    def walk(node):
        if isinstance(node, CompValue):
            if node.name in ("BGP", "TriplesBlock"):
                for triple in node.triples:
                    in_patterns.update(x for x in triple if isinstance(x, Variable))
            if node.name in ("Graph", "GraphGraphPattern") and isinstance(node.term, Variable):
                in_patterns.add(node.term)
            if node.name in ("values", "ToMultiSet", "InlineData") and isinstance(node.get("var"), (list, tuple)):
                in_patterns.update(node.var)
            if node.name == "values" and node.get("res"):
                for row in node.res:
                    in_patterns.update(row)
            if node.name == "Extend":
                extends.append((node.var, node.expr))
            if node.name.startswith("Aggregate_"):
                aggregates[node.res] = (node.name, node.vars)
            for key, value in node.items():
                if key not in ("_vars", "PV"):
                    walk(value)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple, set)):
            for value in node:
                walk(value)
        elif isinstance(node, Variable):
            used.add(node)

    query = prepareQuery(text)
    walk(query.algebra)
    bound = set(in_patterns)
    for var, expr in extends:
        # a grouped query re-binds each GROUP BY variable from SAMPLE(itself): that binds nothing new
        if not (isinstance(expr, Variable) and aggregates.get(expr) == ("Aggregate_Sample", var)):
            bound.add(var)
    names = lambda vs: {str(v) for v in vs if not str(v).startswith("__agg")}  # noqa: E731
    return names(used - bound), names(in_patterns), names(query.algebra["PV"])


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_declared_parameters_are_exactly_the_variables_a_caller_binds(name):
    query = CATALOGUE[name]
    declared = {p.name for p in query.params}
    free, in_patterns, projected = _variables(query.text)
    assert free <= declared, f"{name}: {sorted(free - declared)} can only be bound by a caller but are not declared"
    assert declared <= free | in_patterns, f"{name}: {sorted(declared - free - in_patterns)} are declared but not used"
    assert declared <= projected, (
        f"{name}: the engine binds only projected variables; project {sorted(declared - projected)}"
    )


def test_the_check_finds_an_undeclared_input():
    free, _, _ = _variables("SELECT ?x ?y WHERE { ?x ?p ?o FILTER(?o = ?y) }")
    assert free == {"y"}


def _cases():
    for name, query in sorted(CATALOGUE.items()):
        if all(p.default is not None for p in query.params):
            yield name, name, {}
        yield f"{name}.example", name, {p.name: p.example for p in query.params}


CASES = list(_cases())


@pytest.mark.parametrize("golden, name, params", CASES, ids=[c[0] for c in CASES])
def test_no_canned_query_repeats_a_row(store, golden, name, params):
    """A fact several sources state is in several claim graphs, and the union default graph of Oxigraph 0.5 and
    Virtuoso repeats it once per graph: every query must be DISTINCT or grouped."""
    query = CATALOGUE[name]
    _, rows = run_select(store, query.text, query.bindings(params, names=Names.of_store(store)), where=name)
    keys = [tuple(str(t) for t in row) for row in rows]
    assert len(keys) == len(set(keys)), [k for k in keys if keys.count(k) > 1][:2]


@pytest.mark.parametrize("golden, name, params", CASES, ids=[c[0] for c in CASES])
def test_golden_results(store, request, golden, name, params):
    query = CATALOGUE[name]
    variables, rows = run_select(store, query.text, query.bindings(params, names=Names.of_store(store)), where=name)
    actual = json.loads(render(variables, rows, "json"))
    path = GOLDEN / f"{golden}.json"
    if request.config.getoption("--refresh-golden"):
        path.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert path.exists(), f"no golden result {path.name}: run pytest tests/test_queries.py --refresh-golden"
    assert actual == json.loads(path.read_text(encoding="utf-8")), f"{name} {params} differs from {path.name}"
    assert rows, f"{golden}: a canned query should show something on the seed graph"


def test_every_golden_file_belongs_to_a_case():
    assert {p.stem for p in GOLDEN.glob("*.json")} == {c[0] for c in CASES}


# --- hostile parameter values -------------------------------------------------------------------------

HOSTILE = [
    '"',
    "'",
    '"} ; DROP ALL ; SELECT * WHERE {',
    "} ; DROP ALL",
    "{ }",
    "line one\nline two",
    "<>",
    "<http://example.org/x> . ?s ?p ?o",
    "\\u0022",
    "x" * 1_000_000,
    ")) || true || ((",
    '*" || "*',
]


@pytest.mark.parametrize("value", HOSTILE, ids=[repr(v[:20]) for v in HOSTILE])
def test_hostile_values_are_refused_by_type_or_matched_as_literal(value):
    for query in CATALOGUE.values():
        for p in query.params:
            try:
                term = p.convert(value)
            except KgError as exc:
                assert repr(value[:20]) in str(exc) or p.name in str(exc)
                continue
            # accepted: only as a literal holding exactly the value (never as query text or an IRI)
            assert p.type in ("string", "label") and isinstance(term, ox.Literal) and term.value == value, (
                query.name,
                p.name,
            )


def test_a_hostile_label_matches_nothing_and_changes_nothing(store):
    query = CATALOGUE["who-said"]
    before = len(store)
    for value in HOSTILE:
        variables, rows = run_select(store, query.text, query.bindings({"by": value}), where="who-said")
        assert rows == [] and "by" not in variables
    assert len(store) == before


def test_the_label_parameter_matches_names_in_both_languages_any_case(store):
    query = CATALOGUE["who-said"]
    by_name = lambda name: {r[2].value for r in run_select(store, query.text, query.bindings({"by": name}))[1]}  # noqa: E731
    tokayev = by_name("Токаев")
    assert tokayev and tokayev == by_name("tokayev") == by_name("КАСЫМ-ЖОМАРТ ТОКАЕВ")
    assert by_name("*") > tokayev


@pytest.fixture(scope="module")
def cli(built):
    return lambda *args, **kw: CliRunner().invoke(main, ["--build-dir", str(built.path), *args], **kw)


@pytest.mark.parametrize("value", ["} ; DROP ALL", "<>", "x" * 1_000_000, "2022-01-01\n} DROP ALL"])
def test_hostile_values_through_the_command_line(cli, built, value):
    before = len(built.open_store())
    for name, query in CATALOGUE.items():
        for p in query.params:
            others = [a for q in query.params if q is not p for a in ("-p", q.name, q.example)]
            result = cli("query", name, *others, "-p", p.name, value, "-f", "json")
            assert result.exit_code in (0, 2) and "Traceback" not in result.output, (name, p.name)
            if result.exit_code == 2:
                assert f"parameter {p.name!r}" in result.stderr
            else:
                assert json.loads(result.stdout)["results"]["bindings"] == [], (name, p.name)
    assert len(built.open_store()) == before


def test_an_inflected_name_is_read_as_the_one_entity_it_names_and_says_so(cli):
    as_written = cli("query", "who-said", "-p", "by", "Токаев", "-f", "json")
    inflected = cli("query", "who-said", "-p", "by", "Токаевым", "-f", "json")
    assert as_written.exit_code == inflected.exit_code == 0, inflected.output
    assert "read as" not in as_written.stderr
    assert "by 'Токаевым': read as 'Токаев' (kg:tokayev)" in inflected.stderr
    rows = json.loads(inflected.stdout)["results"]["bindings"]
    assert rows and rows == json.loads(as_written.stdout)["results"]["bindings"]


def test_a_name_parameter_takes_the_entitys_curie_too(cli):
    """Trial 36: `-p by kg:tokayev` was refused with "no entity is named 'kg:tokayev' … did you mean kg:tokayev"."""
    by_name = cli("query", "who-said", "-p", "by", "Токаев", "-f", "json")
    by_curie = cli("query", "who-said", "-p", "by", "kg:tokayev", "-f", "json")
    assert by_curie.exit_code == 0, by_curie.output
    assert "by 'kg:tokayev': read as" in by_curie.stderr and "(kg:tokayev)" in by_curie.stderr
    rows = json.loads(by_curie.stdout)["results"]["bindings"]
    assert rows and rows == json.loads(by_name.stdout)["results"]["bindings"]
    assert cli("query", "who-said", "-p", "by", "kg:no-such-person").exit_code == 2


def test_a_name_that_names_nothing_is_an_error_naming_the_parameter(cli):
    result = cli("query", "who-said", "-p", "by", "Назарбаевская площадь")
    assert result.exit_code == 2
    assert "parameter 'by': no entity is named 'Назарбаевская площадь', in any inflection" in result.stderr
