"""The graph on a SPARQL 1.1 server: loaded by `csto-kg push`, queried by `csto-kg query --endpoint`. The
server is real: Oxigraph's (PyPI `oxigraph`), started on 127.0.0.1 by the test."""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from csto_kg.catalogue import load_catalogue, run_select
from csto_kg.cli import main
from csto_kg.remote import Endpoint, substitute

from .conftest import ROOT
from .servers import oxigraph_server

CATALOGUE = load_catalogue(ROOT / "queries")


def _cases():
    for name, query in sorted(CATALOGUE.items()):
        yield name, {p.name: p.example for p in query.params}
        if all(p.default is not None for p in query.params):
            yield name, {}


@pytest.fixture(scope="module")
def server(built):
    with oxigraph_server([], union_default_graph=True) as base:
        result = CliRunner().invoke(main, ["--build-dir", str(built.path), "--graph-store", base + "/store", "push"])
        assert result.exit_code == 0, result.output
        yield base


def test_push_loads_every_quad(server, store):
    rows = Endpoint(server + "/query").select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[1]
    default = Endpoint(server + "/query").select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[1]
    in_named = sum(1 for q in store if isinstance(q.graph_name, ox.NamedNode))
    assert int(rows[0][0].value) == in_named and int(default[0][0].value) >= in_named


@pytest.mark.parametrize("name, params", list(_cases()), ids=[f"{n}{'-example' if p else ''}" for n, p in _cases()])
def test_every_canned_query_gives_the_same_result_on_the_server(server, store, name, params):
    query = CATALOGUE[name]
    bindings = query.bindings(params)
    local = run_select(store, query.text, bindings)
    remote = Endpoint(server + "/query").select(query.text, bindings)
    assert remote[0] == local[0]
    # SPARQL leaves the order inside GROUP_CONCAT to the engine: compare those cells as sets of their parts
    concatenated = {column: separator for separator, column in
                    re.findall(r'GROUP_CONCAT\(.*?separator\s*=\s*"([^"]*)"\)\s+AS\s+\?(\w+)', query.text)}

    def cell(column, term):
        if term is None:
            return None
        if column in concatenated:
            return " | ".join(sorted(term.value.split(concatenated[column])))
        return str(term)

    as_text = lambda rows: [[cell(c, t) for c, t in zip(local[0], row)] for row in rows]  # noqa: E731
    # the same rows; in the same order where ORDER BY decides it (engines may order ties differently)
    assert sorted(as_text(remote[1]), key=str) == sorted(as_text(local[1]), key=str)


def test_query_command_with_endpoint(server, built):
    result = CliRunner().invoke(main, ["--endpoint", server + "/query", "query", "csto-members", "-p", "lang", "ru", "-f", "json"])
    assert result.exit_code == 0, result.output
    names = {b["name"]["value"] for b in json.loads(result.stdout)["results"]["bindings"]}
    assert "Кыргызстан" in names and len(names) == 6


def test_push_with_sparql_update_gives_the_same_graphs(built, store):
    with oxigraph_server([], union_default_graph=True) as base:
        result = CliRunner().invoke(main, ["--build-dir", str(built.path), "--update-endpoint", base + "/update", "push"])
        assert result.exit_code == 0, result.output
        rows = Endpoint(base + "/query").select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[1]
    assert int(rows[0][0].value) == sum(1 for q in store if isinstance(q.graph_name, ox.NamedNode))


@pytest.mark.parametrize("value", ['"} ; DROP ALL ; SELECT * {', "x\\\" ) } INSERT DATA { <a:b> <a:b> <a:b> } #"])
def test_substituted_terms_are_escaped_literals(value):
    text = substitute('SELECT ?x ?by WHERE { ?x ?p ?n FILTER(STR(?n) = ?by) }', {ox.Variable("by"): ox.Literal(value)})
    parsed = ox.Store().query(text)  # still one valid query, with the value as one literal
    assert [v.value for v in parsed.variables] == ["x", "by"]
    assert str(ox.Literal(value)) in text


def test_push_without_a_writable_endpoint_is_refused(built):
    result = CliRunner().invoke(main, ["--build-dir", str(built.path), "--endpoint", "http://127.0.0.1:9/query", "push"])
    assert result.exit_code == 2 and "push needs --graph-store" in result.stderr
