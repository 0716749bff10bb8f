"""The graph on a SPARQL 1.1 server: loaded by `csto-kg push`, queried by `csto-kg --endpoint URL query|sparql`.
The servers are real: Oxigraph's (PyPI `oxigraph`) and OpenLink Virtuoso 7, started on 127.0.0.1 by the tests."""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from csto_kg.catalogue import load_catalogue
from csto_kg.cli import main
from csto_kg.querying import Names, run_select
from csto_kg.remote import Endpoint
from csto_kg.sparql_text import substitute

from .conftest import ROOT
from .servers import misbehaving_server, oxigraph_server, reply, virtuoso_server

CATALOGUE = load_catalogue(ROOT / "queries")


def _cases():
    for name, query in sorted(CATALOGUE.items()):
        yield name, {p.name: p.example for p in query.params}
        if all(p.default is not None for p in query.params):
            yield name, {}


XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def server(request, built, tmp_path_factory):
    """The build pushed (Graph Store Protocol) to a real server on 127.0.0.1; yields its query URL."""
    if request.param == "oxigraph":
        context, store_path, query_path = oxigraph_server([], union_default_graph=True), "/store", "/query"
    else:
        context, store_path, query_path = (
            virtuoso_server(tmp_path_factory.mktemp("virtuoso")),
            "/sparql-graph-crud",
            "/sparql",
        )
    with context as base:
        result = CliRunner().invoke(main, ["--build-dir", str(built.path), "--graph-store", base + store_path, "push"])
        assert result.exit_code == 0, result.output
        yield base + query_path


def test_push_loads_every_quad(server, store):
    ours = sorted({q.graph_name.value for q in store if isinstance(q.graph_name, ox.NamedNode)})
    for graph in (ours[0], ours[len(ours) // 2], ours[-1]):
        rows = Endpoint(server).select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")[1]
        assert int(rows[0][0].value) == sum(
            1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        ), graph


@pytest.mark.parametrize("name, params", list(_cases()), ids=[f"{n}{'-example' if p else ''}" for n, p in _cases()])
def test_every_canned_query_gives_the_same_result_on_the_server(server, store, name, params):
    query = CATALOGUE[name]
    bindings = query.bindings(params, names=Names.of_endpoint(Endpoint(server)))  # the names as the server has them
    local = run_select(store, query.text, bindings)
    remote = Endpoint(server).select(query.text, bindings)
    assert remote[0] == local[0]
    # SPARQL leaves the order inside GROUP_CONCAT to the engine, and whether a common language tag stays (Oxigraph
    # keeps it, Virtuoso writes a plain string): compare those cells as sets of their parts' text
    concatenated = {
        column: separator
        for separator, column in re.findall(
            r'GROUP_CONCAT\(.*?separator\s*=\s*"([^"]*)"\)(?:\s*,\s*""\))?\s+AS\s+\?(\w+)', query.text
        )
    }
    for line in query.text.splitlines():  # a column made of a concatenated one (MAX over a sub-SELECT's cells)
        if (made := re.search(r"AS\s+\?(\w+)\)\s*$", line)) and made.group(1) not in concatenated:
            parts = [c for c in concatenated if re.search(rf"\?{c}\b", line)]
            if parts:
                concatenated[made.group(1)] = concatenated[parts[0]]

    def cell(column, term):
        if term is None:
            return None
        if column in concatenated:  # an empty group: "" (the standard, Virtuoso) or unbound (Oxigraph)
            return " | ".join(sorted(term.value.split(concatenated[column]))) if term.value else None
        if isinstance(term, ox.Literal) and term.datatype.value == XSD_BOOLEAN:  # Virtuoso writes true as "1"
            return str(ox.Literal({"1": "true", "0": "false"}.get(term.value, term.value), datatype=term.datatype))
        return str(term)

    as_text = lambda rows: [[cell(c, t) for c, t in zip(local[0], row)] for row in rows]  # noqa: E731
    # the same rows (compared sorted: engines may order ties differently)
    assert sorted(as_text(remote[1]), key=str) == sorted(as_text(local[1]), key=str)


def test_query_command_with_endpoint(server, built):
    result = CliRunner().invoke(main, ["--endpoint", server, "query", "csto-members", "-p", "lang", "ru", "-f", "json"])
    assert result.exit_code == 0, result.output
    names = {b["name"]["value"] for b in json.loads(result.stdout)["results"]["bindings"]}
    assert "Кыргызстан" in names and len(names) == 6


def _sparql(*args):
    return CliRunner().invoke(main, [*args])


def test_sparql_command_with_endpoint_gives_the_local_answers(server, built):
    """SELECT, ASK, CONSTRUCT and DESCRIBE on the server give what the same command gives on the embedded store."""
    local = ["--build-dir", str(built.path)]
    remote = [*local, "--endpoint", server]
    select = "SELECT ?member WHERE { ?member kgo:memberOf kg:csto } ORDER BY ?member"
    assert (
        _sparql(*remote, "sparql", select, "-f", "csv").stdout == _sparql(*local, "sparql", select, "-f", "csv").stdout
    )
    for ask, expected in (
        ("ASK { kg:kyrgyzstan kgo:memberOf kg:csto }", "true"),
        ("ASK { kg:csto kgo:memberOf kg:kyrgyzstan }", "false"),
    ):
        result = _sparql(*remote, "sparql", ask)
        assert result.exit_code == 0 and result.stdout.strip() == expected, result.output
    construct = "CONSTRUCT { ?member kgo:memberOf kg:csto } WHERE { ?member kgo:memberOf kg:csto }"
    graphs = [_sparql(*args, "sparql", construct, "-f", "ntriples") for args in (remote, local)]
    assert all(g.exit_code == 0 for g in graphs), graphs[0].output
    as_set = lambda text: set(ox.parse(text.encode(), format=ox.RdfFormat.N_TRIPLES))  # noqa: E731
    assert as_set(graphs[0].stdout) == as_set(graphs[1].stdout) and len(as_set(graphs[0].stdout)) == 6
    described = _sparql(*remote, "sparql", "DESCRIBE kg:kyrgyz-contingent", "-f", "ntriples")
    assert described.exit_code == 0 and "/id/kyrgyz-contingent>" in described.stdout, described.output


def test_sparql_with_endpoint_checks_the_query_here_first(server):
    result = _sparql("--endpoint", server, "sparql", "SELECT ?x WHERE {\n ?x ?y }")
    assert result.exit_code == 2 and "line 2" in result.stderr and "Traceback" not in result.output
    result = _sparql("--endpoint", server, "sparql", "DROP ALL")
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_endpoint_options_are_refused_by_commands_that_read_only_the_embedded_store(built):
    for command in (["stats"], ["why", "tokayev"], ["export", "-f", "turtle"]):
        result = CliRunner().invoke(
            main, ["--build-dir", str(built.path), "--endpoint", "http://127.0.0.1:9/q", *command]
        )
        assert (
            result.exit_code == 2 and "apply to query, sparql and push" in result.stderr and command[0] in result.stderr
        )


def test_push_with_sparql_update_gives_the_same_graphs(built, store):
    with oxigraph_server([], union_default_graph=True) as base:
        result = CliRunner().invoke(
            main, ["--build-dir", str(built.path), "--update-endpoint", base + "/update", "push"]
        )
        assert result.exit_code == 0, result.output
        rows = Endpoint(base + "/query").select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[1]
    assert int(rows[0][0].value) == sum(1 for q in store if isinstance(q.graph_name, ox.NamedNode))


@pytest.mark.parametrize("value", ['"} ; DROP ALL ; SELECT * {', 'x\\" ) } INSERT DATA { <a:b> <a:b> <a:b> } #'])
def test_substituted_terms_are_escaped_literals(value):
    text = substitute("SELECT ?x ?by WHERE { ?x ?p ?n FILTER(STR(?n) = ?by) }", {ox.Variable("by"): ox.Literal(value)})
    parsed = ox.Store().query(text)  # still one valid query, with the value as one literal
    assert [v.value for v in parsed.variables] == ["x", "by"]
    assert str(ox.Literal(value)) in text


def test_push_without_a_writable_endpoint_is_refused(built):
    result = CliRunner().invoke(
        main, ["--build-dir", str(built.path), "--endpoint", "http://127.0.0.1:9/query", "push"]
    )
    assert result.exit_code == 2 and "push needs --graph-store" in result.stderr


@pytest.mark.parametrize(
    "query, body, content_type, message",
    [
        (
            "ASK { ?s ?p ?o }",
            b'{"boolean": "yes"}',
            "application/sparql-results+json",
            "did not return a SPARQL boolean result",
        ),
        ("SELECT ?s WHERE { ?s ?p ?o }", b"<html>busy</html>", "text/html", "did not return SPARQL results JSON"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", b"<html>busy</html>", "text/turtle", "did not return RDF"),
    ],
)
def test_sparql_with_an_endpoint_that_answers_garbage_exits_3(query, body, content_type, message):
    def answer(handler, count):
        reply(handler, 200, body, content_type)

    with misbehaving_server(answer) as (url, _):
        result = CliRunner().invoke(main, ["--endpoint", url, "sparql", query])
    assert result.exit_code == 3 and message in result.stderr and "Traceback" not in result.output, result.output


def test_credentials_are_sent_as_basic_authentication():
    """--user with --password (or CSTO_KG_PASSWORD) reaches the server as HTTP basic authentication; without them a
    server that requires it gives a clear error naming the status, exit 3."""
    import base64

    expected = "Basic " + base64.b64encode("analyst:s3cret:x".encode()).decode()

    def guarded(handler, count):
        if handler.headers.get("Authorization") != expected:
            reply(handler, 401, WWW_Authenticate='Basic realm="sparql"')
            return
        body = (
            b'{"head": {"vars": ["member"]}, "results": {"bindings": [{"member": {"type": "uri", "value": '
            b'"https://w3id.org/csto-kg/id/armenia"}}]}}'
        )
        reply(handler, 200, body, "application/sparql-results+json")

    query = ["sparql", "SELECT ?member WHERE { ?member kgo:memberOf kg:csto }", "-f", "csv"]
    with misbehaving_server(guarded) as (url, requests):
        refused = CliRunner().invoke(main, ["--endpoint", url, *query])
        by_option = CliRunner().invoke(main, ["--endpoint", url, "--user", "analyst", "--password", "s3cret:x", *query])
        by_environment = CliRunner(env={"CSTO_KG_PASSWORD": "s3cret:x"}).invoke(
            main, ["--endpoint", url, "--user", "analyst", *query]
        )
    assert refused.exit_code == 3 and "HTTP 401" in refused.stderr and "Traceback" not in refused.output
    for result in (by_option, by_environment):
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines() == ["member", "kg:armenia"]
    assert "Authorization" not in requests[0] and requests[1]["Authorization"] == expected


def test_a_federated_query_is_left_to_the_endpoint():
    """`sparql` checks a query on an empty local store before sending it; one with SERVICE is not run locally, or
    the service would be called twice (and from this machine)."""

    def service(handler, count):
        body = (
            b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "from the '
            b'service"}}]}}'
        )
        reply(handler, 200, body, "application/sparql-results+json")

    with misbehaving_server(service) as (service_url, calls), oxigraph_server([]) as base:
        result = CliRunner().invoke(
            main,
            [
                "--endpoint",
                base + "/query",
                "sparql",
                f"SELECT ?x WHERE {{ SERVICE <{service_url}> {{ ?x ?p ?o }} }}",
                "-f",
                "csv",
            ],
        )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["x", "from the service"] and len(calls) == 1
