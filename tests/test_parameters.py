"""One reading of every parameter: a label or an entity given on the command line, in a URL of `csto-kg serve` or
against `--endpoint` is read against the graph's names the same way (any case, alias, language and inflection),
and a name the graph does not have is refused with the nearest ones (exit 2, HTTP 400)."""

from __future__ import annotations

import json
import urllib.parse

import pytest
from click.testing import CliRunner

from csto_kg.cli import main

from .servers import oxigraph_server
from .test_serve import http, start, stop


@pytest.fixture(scope="module")
def cli(built):
    def invoke(*args):
        return CliRunner(env={"COLUMNS": "250"}).invoke(main, ["--build-dir", str(built.path), *args])

    return invoke


@pytest.fixture(scope="module")
def served(built):
    app, server, url = start(str(built.current / "store"), timeout=30.0)
    yield url
    stop(app, server)


def bindings(text: str) -> list[dict]:
    return json.loads(text)["results"]["bindings"]


def over_http(base: str, query: str, **params) -> tuple[int, bytes]:
    url = f"{base}/queries/{query}?" + urllib.parse.urlencode(params)
    code, _, body = http(url, headers={"Accept": "application/sparql-results+json"})
    return code, body


@pytest.mark.parametrize("place", ["Алматы", "Almaty", "almaty", "kg:almaty", "в Алматы"])
def test_an_entity_parameter_reads_a_name_in_any_language_case_and_inflection(cli, place):
    result = cli("query", "events-at", "-p", "place", place, "-f", "json")
    assert result.exit_code == 0, result.output
    events = {b["event"]["value"].rsplit("/", 1)[1] for b in bindings(result.stdout)}
    assert {"almaty-clashes", "almaty-curfew"} <= events


def test_an_unknown_entity_is_refused_with_the_nearest_names(cli, served):
    result = cli("query", "events-at", "-p", "place", "Atlantis")
    assert result.exit_code == 2 and result.stdout == ""
    assert "parameter 'place': no entity 'Atlantis' in the graph; did you mean kg:" in result.stderr
    code, body = over_http(served, "events-at", place="Atlantis")
    assert code == 400 and body.decode() in result.stderr


@pytest.mark.parametrize("query, param, value", [("events-at", "place", "Алматы"), ("who-said", "by", "Токаева")])
def test_the_server_reads_a_parameter_as_the_command_line_does(cli, served, query, param, value):
    result = cli("query", query, "-p", param, value, "-f", "json")
    assert result.exit_code == 0 and "read as" in result.stderr
    code, body = over_http(served, query, **{param: value})
    assert code == 200
    # the protocol answers with every column, the bound parameters' too; the command line leaves those out
    served_rows = [{k: v for k, v in b.items() if k not in (param, "lang")} for b in bindings(body)]
    assert served_rows == bindings(result.stdout) and len(served_rows) > 3


def test_against_an_endpoint_names_are_read_from_the_server(cli, built):
    local = cli("query", "who-said", "-p", "by", "Токаева", "-f", "json")
    with oxigraph_server([], union_default_graph=True) as base:
        pushed = cli("--graph-store", base + "/store", "push")
        assert pushed.exit_code == 0, pushed.output
        remote = cli("--endpoint", base + "/query", "query", "who-said", "-p", "by", "Токаева", "-f", "json")
        unknown = cli("--endpoint", base + "/query", "query", "events-at", "-p", "place", "Atlantis")
    assert remote.exit_code == 0, remote.output
    assert "by 'Токаева': read as 'Токаев' (kg:tokayev)" in remote.stderr
    key = lambda b: json.dumps(b, sort_keys=True)  # noqa: E731 - rows in the server's order
    assert sorted(map(key, bindings(remote.stdout))) == sorted(map(key, bindings(local.stdout)))
    assert unknown.exit_code == 2 and "no entity 'Atlantis'" in unknown.stderr


def test_why_reads_names_as_parameters_do(cli):
    assert cli("why", "Токаеву").stdout.startswith("kg:tokayev — ")
    refused = cli("why", "Atlantis")
    assert refused.exit_code == 2 and "no entity 'Atlantis' in the graph; did you mean" in refused.stderr
