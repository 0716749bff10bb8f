"""The graph on a SPARQL 1.1 server: loaded by `csto-kg push`, queried by `csto-kg --endpoint URL query|sparql`,
checked by `csto-kg validate --endpoint URL` (the shapes' compiled queries and the checks sent there). The servers
are real: Oxigraph's (PyPI `oxigraph`) and OpenLink Virtuoso 7, started on 127.0.0.1 by the tests."""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from csto_kg import namespaces as ns
from csto_kg.catalogue import load_catalogue
from csto_kg.cli import main
from csto_kg.querying import Names, run_select
from csto_kg.remote import Endpoint, EndpointStore
from csto_kg.shacl.literals import XSD, well_formed
from csto_kg.shacl.validation import load_shapes
from csto_kg.shacl.validation import validate as run_validation
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
            result.exit_code == 2
            and "apply to query, sparql, validate and push" in result.stderr
            and command[0] in result.stderr
        )


def test_validate_on_the_server_gives_the_findings_validate_gives_here(server, built):
    """The same report, finding for finding (shape, focus node, path, value, messages), and the same exit code."""
    local = CliRunner().invoke(main, ["--build-dir", str(built.path), "validate", "-f", "json"])
    remote = CliRunner().invoke(main, ["--build-dir", str(built.path), "validate", "--endpoint", server, "-f", "json"])
    assert remote.exit_code == local.exit_code, remote.output
    findings = json.loads(local.stdout)
    assert len(findings["results"] if isinstance(findings, dict) else findings) > 10  # there is something to compare
    assert remote.stdout == local.stdout
    if server.endswith("/query"):  # the global option too, as query and sparql take it: that is option parsing,
        # not the server's work, so it is checked on Oxigraph only (Virtuoso spends 8 s on a validation)
        again = CliRunner().invoke(
            main, ["--build-dir", str(built.path), "--endpoint", server, "validate", "-f", "json"]
        )
        assert again.stdout == local.stdout


def test_validate_on_the_server_reads_the_servers_data_with_standard_sparql(built, store):
    """What only the server holds is found there, as the engine finds it here in the same quads: a year and a URL
    that are not of their datatypes' lexical spaces (xsd:gYear and xsd:anyURI, checked by patterns a server runs,
    not by a function of ours), a second year, a label another entity has."""
    shapes = load_shapes(sorted((ROOT / "shapes").glob("*.ttl")), str)
    source = next(q.subject for q in store.quads_for_pattern(None, ox.NamedNode(ns.KGO + "url"), None))
    event = next(
        q.subject for q in store.quads_for_pattern(None, ox.NamedNode(ns.RDF_TYPE), ox.NamedNode(ns.KGO + "Return"))
    )
    g = ox.NamedNode(ns.GRAPH + "test-extra")
    extra = [
        ox.Quad(event, ox.NamedNode(ns.KGO + "year"), ox.Literal("20x2", datatype=ox.NamedNode(XSD + "gYear")), g),
        ox.Quad(event, ox.NamedNode(ns.KGO + "year"), ox.Literal("2022", datatype=ox.NamedNode(XSD + "gYear")), g),
        ox.Quad(
            source, ox.NamedNode(ns.KGO + "url"), ox.Literal("http://a b", datatype=ox.NamedNode(XSD + "anyURI")), g
        ),
        ox.Quad(ox.NamedNode(ns.KG + "test-twin"), ox.NamedNode(ns.RDFS_LABEL), ox.Literal("Almaty", language="en"), g),
    ]
    here = ox.Store()
    here.extend(list(store) + extra)
    with oxigraph_server([], union_default_graph=True) as base:
        result = CliRunner().invoke(main, ["--build-dir", str(built.path), "--graph-store", base + "/store", "push"])
        assert result.exit_code == 0, result.output
        Endpoint(base + "/query", graph_store_url=base + "/store").load(extra)
        there = run_validation(EndpointStore(Endpoint(base + "/query")), shapes, ROOT / "queries" / "checks")
    local = run_validation(here, shapes, ROOT / "queries" / "checks")
    assert there == local  # Finding compares what a result says: severity, shape, component, focus, path, value, text
    found = {(f.component, f.path, str(f.value)) for f in there}
    assert {("DatatypeConstraintComponent", "kgo:year", "20x2"), ("MaxCountConstraintComponent", "kgo:year", "None"),
            ("DatatypeConstraintComponent", "kgo:url", "http://a b")} <= found  # fmt: skip
    assert any(f.shape == "check:shared-label-violation" and str(f.focus).endswith("/test-twin") for f in there)


SERVER_CHECKED = ["integer", "byte", "unsignedLong", "decimal", "double", "boolean", "time", "gYear", "gYearMonth",
                  "gMonthDay", "gDay", "duration", "dayTimeDuration", "hexBinary", "base64Binary", "language", "token",
                  "NMTOKEN", "NCName", "anyURI"]  # fmt: skip


@pytest.mark.parametrize("datatype", SERVER_CHECKED)
def test_the_patterns_a_server_runs_for_sh_datatype_agree_with_the_engines_function(datatype):
    """What a server is sent instead of our function (literals.portable_lexical_space), run by pyoxigraph's
    engine, tells the same lexical forms well-formed as literals.well_formed does."""
    from csto_kg.shacl.components import _portable_well_formed

    forms = ["", "0", "-1", "+12", "127", "128", "-129", "18446744073709551615", "18446744073709551616", "12.5", ".5",
             "1e3", "INF", "NaN", "true", "2022", "0022", "22", "2022+14:00", "2022+14:01", "2022-01", "2022-13",
             "--02-29", "--02-30", "--04-31", "---31", "---32", "P", "PT", "P1YT", "PT1H", "-P1Y2M3DT4H5M6.5S",
             "PT1.5S", "24:00:00", "24:00:01", "00:00:00.5Z", "abcd", "abc", "AB==", "ABC=", "QUJ D", "en-GB",
             "toolonglang", "a b", "a  b", " a", "x:y", "1a", "_a", "a.b", "http://x/y", "http://x y", "a<b",
             "é"]  # fmt: skip
    test = _portable_well_formed(XSD + datatype, "?v")
    query = f"SELECT ?v ?ok WHERE {{ BIND(COALESCE({test}, false) AS ?ok) }}"
    engine = ox.Store()
    said = {
        f: next(iter(engine.query(query, substitutions={ox.Variable("v"): ox.Literal(f)})))["ok"].value for f in forms
    }
    assert {f: said[f] == "true" for f in forms} == {f: well_formed(f, XSD + datatype) for f in forms}


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
