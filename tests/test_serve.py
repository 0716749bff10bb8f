"""`csto-kg serve` for real: the server on 127.0.0.1, a standard SPARQL client (SPARQLWrapper), raw HTTP for the
protocol's status codes and content types, and the web page in headless Chromium (Debian's, driven by Playwright)."""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from csto_kg.cli import main
from csto_kg.project import Project
from csto_kg.serve.server import App, ServerSettings, make_server

from .conftest import ROOT, SOURCE_COUNT

PROJECT = Project(ROOT)


def start(store_path: str, project: Project = PROJECT, **limits):
    """The server in a thread of this process, on a free port; returns once its workers are ready."""
    app = App(ServerSettings(store_path, project.queries_dir, project.sources_dir, **limits))
    ready = threading.Event()
    server, sock = make_server(app, "127.0.0.1", 0, lambda url: ready.set())
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    assert ready.wait(60), "the server did not start"
    return app, (server, thread), app.url.rstrip("/")


def stop(app, handle):
    server, thread = handle
    server.should_exit = True
    thread.join(timeout=20)


@pytest.fixture(scope="module")
def base(built):
    """The server as a user runs it, with limits a test can reach (a generous deadline: a busy machine is slow)."""
    app, server, url = start(
        str(built.current / "store"), timeout=30.0, max_result_bytes=200_000, max_body_bytes=100_000
    )
    yield url
    stop(app, server)


@pytest.fixture(scope="module")
def hurried(built):
    """The server with a 2 s deadline, for the runaway query that must be stopped by it."""
    app, server, url = start(str(built.current / "store"), timeout=2.0)
    yield url
    stop(app, server)


def http(url: str, *, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


# --- the SPARQL 1.1 Protocol ---------------------------------------------------------------------------------


def test_sparqlwrapper_select_ask_construct(base):
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

    client = SPARQLWrapper(base + "/sparql")
    client.setQuery(
        "PREFIX kgo: <https://w3id.org/csto-kg/ontology#> PREFIX kg: <https://w3id.org/csto-kg/id/> "
        "SELECT DISTINCT ?m WHERE { ?m kgo:memberOf kg:csto } ORDER BY ?m"
    )
    client.setReturnFormat(JSON)
    members = [b["m"]["value"].rsplit("/", 1)[1] for b in client.queryAndConvert()["results"]["bindings"]]
    assert members == ["armenia", "belarus", "kazakhstan", "kyrgyzstan", "russia", "tajikistan"]
    client.setQuery("ASK { kg:kyrgyzstan kgo:memberOf kg:csto }")  # the project's prefixes are predeclared
    assert client.queryAndConvert()["boolean"] is True
    client.setQuery("CONSTRUCT { ?m a kgo:State } WHERE { ?m kgo:memberOf kg:csto }")
    client.setReturnFormat(TURTLE)
    client.setMethod("POST")
    assert client.queryAndConvert().decode().count("State") == 6


@pytest.mark.parametrize(
    "accept, media, check",
    [
        (
            "application/sparql-results+json",
            "application/sparql-results+json",
            lambda b: json.loads(b)["head"]["vars"] == ["m"],
        ),
        (
            "application/sparql-results+xml",
            "application/sparql-results+xml",
            lambda b: ET.fromstring(b).tag.endswith("sparql"),
        ),
        ("text/csv", "text/csv", lambda b: b.startswith(b"m\r\n")),
        ("text/tab-separated-values", "text/tab-separated-values", lambda b: b.startswith(b"?m\n")),
        (
            "text/html;q=0.9, application/sparql-results+xml;q=0.5",
            "application/sparql-results+xml",
            lambda b: b"<sparql" in b,
        ),
        ("*/*", "application/sparql-results+json", lambda b: b.startswith(b"{")),
    ],
)
def test_results_content_negotiation(base, accept, media, check):
    query = urllib.parse.quote("SELECT ?m WHERE { ?m kgo:memberOf kg:csto }")
    status, content_type, body = http(f"{base}/sparql?query={query}", headers={"Accept": accept})
    assert status == 200 and content_type.startswith(media) and check(body)


@pytest.mark.parametrize(
    "accept, media, syntax",
    [
        ("text/turtle", "text/turtle", ox.RdfFormat.TURTLE),
        ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
    ],
)
def test_graph_content_negotiation(base, store, accept, media, syntax):
    query = urllib.parse.quote("DESCRIBE kg:tokayev")
    status, content_type, body = http(f"{base}/sparql?query={query}", headers={"Accept": accept})
    assert status == 200 and content_type.startswith(media)
    expected = set(store.query("DESCRIBE <https://w3id.org/csto-kg/id/tokayev>", use_default_graph_as_union=True))
    assert {q.triple for q in ox.parse(body, format=syntax)} == expected and len(expected) > 10
    if syntax == ox.RdfFormat.TURTLE:
        assert b"@prefix kgo: <https://w3id.org/csto-kg/ontology#>" in body  # the project's prefixes, for people


@pytest.mark.parametrize(
    "request_args, status, message",
    [
        ({"path": "/sparql"}, 400, b"missing the query parameter"),
        ({"path": "/sparql?query=SELECT%20%3Fs%20WHERE%20%7B%20%3Fs"}, 400, b"SPARQL syntax error"),
        ({"path": "/sparql?update=DROP%20ALL"}, 403, b"read-only"),
        (
            {"path": "/sparql", "data": b"DROP ALL", "headers": {"Content-Type": "application/sparql-update"}},
            403,
            b"read-only",
        ),
        (
            {
                "path": "/sparql",
                "data": b"update=DROP+ALL",
                "headers": {"Content-Type": "application/x-www-form-urlencoded"},
            },
            403,
            b"read-only",
        ),
        (
            {
                "path": "/sparql?query="
                + urllib.parse.quote("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", safe="")
            },
            400,
            b"SERVICE",
        ),
        ({"path": "/sparql?query=ASK%7B%7D", "headers": {"Accept": "image/png"}}, 406, b"cannot answer in image/png"),
        (
            {"path": "/sparql", "data": b"x" * 200_000, "headers": {"Content-Type": "application/sparql-query"}},
            413,
            b"request body over",
        ),
        (
            {"path": "/sparql?query=SELECT%20*%20WHERE%20%7B%20%3Fa%20%3Fb%20%3Fc%20.%20%3Fd%20%3Fe%20%3Ff%20%7D"},
            413,
            b"byte limit",
        ),
        (
            {"path": "/sparql", "data": b"<x/>", "headers": {"Content-Type": "text/xml"}},
            415,
            b"application/sparql-query",
        ),
        ({"path": "/queries/timelin"}, 404, b"no canned query named 'timelin'"),
        ({"path": "/queries/timeline?from=2022-13-40"}, 400, b"parameter 'from'"),
        (
            {"path": "/queries/evidence"},
            400,
            b"needs parameter 'about' (iri: an IRI or a CURIE such as kg:tokayev, or the name of an entity), e.g. "
            b"?about=kg:kyrgyz-contingent",
        ),
        ({"path": "/entity/%3Cscript%3E"}, 404, b"&lt;script&gt;"),
    ],
)
def test_protocol_errors_have_the_right_status(base, request_args, status, message):
    path = request_args.pop("path")
    code, _, body = http(base + path, **request_args)
    assert code == status and message in body


def test_a_runaway_query_is_stopped_at_the_deadline(hurried):
    query = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", safe="")
    code, _, body = http(hurried + "/sparql?query=" + query)  # the query alone would run for hours
    assert code == 504 and b"s limit and was stopped" in body


def test_the_server_survives_a_stopped_query(hurried):
    query = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", safe="")
    assert http(hurried + "/sparql?query=" + query)[0] == 504
    code, _, body = http(
        hurried + "/queries/csto-members?lang=ru", headers={"Accept": "application/sparql-results+json"}
    )
    assert code == 200 and "Кыргызстан" in body.decode()


def test_canned_queries_over_http_match_the_command_line(base, built):
    code, _, body = http(base + "/queries/troop-contributions", headers={"Accept": "application/sparql-results+json"})
    assert code == 200, body[:300]
    cli = CliRunner().invoke(main, ["--build-dir", str(built.path), "query", "troop-contributions", "-f", "json"])
    served = [{k: v for k, v in b.items() if k != "lang"} for b in json.loads(body)["results"]["bindings"]]
    assert code == 200 and served == json.loads(cli.stdout)["results"]["bindings"]


def test_openapi_describes_every_canned_query(base):
    code, content_type, body = http(base + "/openapi.json")
    spec = json.loads(body)
    assert code == 200 and spec["openapi"].startswith("3.")
    for path in (ROOT / "queries").glob("*.rq"):
        assert f"/queries/{path.stem}" in spec["paths"]
    timeline = spec["paths"]["/queries/timeline"]["get"]["parameters"]
    assert {p["name"] for p in timeline} == {"from", "to", "lang"}


def test_every_asset_is_local(base):
    code, _, page = http(base + "/")
    assert code == 200
    assets = re.findall(rb'src="([^"]+)"', page) + re.findall(rb'<link[^>]*href="([^"]+)"', page)
    assert len(assets) >= 3  # the script, the stylesheet, the timeline picture
    for reference in assets:
        assert reference.startswith(b"/"), reference  # nothing from another host
        assert http(base + reference.decode())[0] == 200, reference
    assert not re.search(rb'(?:src|href)="(?:https?:)?//', page)


# --- many sources: an entity's sources and disagreements, a page per source, the conflicts ------------------------


def _text(page: bytes) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page.decode()).split())


def test_the_entity_page_shows_each_facts_sources_and_its_disagreements(base, ask):
    status, _, page = http(base + "/entity/csto-deployment")
    text = _text(page)
    assert status == 200, page
    # the deployment's destination is stated by as many sources as the claims say, each linked to its source page
    (stating,) = ask("""SELECT (COUNT(DISTINCT ?source) AS ?n) WHERE {
        GRAPH ?claim { kg:csto-deployment kgo:destination kg:kazakhstan } ?claim prov:wasDerivedFrom ?source }""")[0]
    row = next(r for r in page.decode().split("<tr>") if "kgo:destination" in r)
    assert _text(row.encode()).count("Kazinform") == 1 and f"{stating}:" in _text(row.encode())
    assert len(re.findall(r'href="/source/[^"#]+"', row)) == int(stating) >= 3
    assert len(re.findall(r'href="/source/[^"]+#q', row)) >= int(stating)
    assert (
        "Where the sources disagree about it" in text
        and "2030 personnel" in text
        and "more than 3000 personnel" in text
    )


def test_a_source_page_has_its_text_with_every_quote_marked_and_its_claims(base, ask):
    kazinform = next(s for (s,) in ask("SELECT ?s WHERE { ?s kgo:publisher kg:kazinform }")).removeprefix("src:")
    status, _, page = http(base + "/source/" + kazinform)
    quotes = {
        (a, b)
        for a, b in ask("""SELECT ?a ?b WHERE { ?claim prov:wasDerivedFrom ?s . ?s kgo:publisher kg:kazinform .
        ?x oa:hasBody ?claim ; oa:hasTarget/oa:hasSelector ?p . ?p a oa:TextPositionSelector ; oa:start ?a ; oa:end ?b
        }""")
    }
    marked = {(int(a), int(b)) for a, b in re.findall(r'<mark id="q(\d+)-(\d+)">', page.decode())}
    assert status == 200 and "Kazinform" in _text(page) and "2022-01-13" in _text(page)
    # overlapping quotes are marked as their union: every quote lies inside a mark
    assert all(any(a <= x and y <= b for a, b in marked) for x, y in quotes) and len(marked) >= 8
    assert f"&lt;https://w3id.org/csto-kg/claim/{kazinform}/total-force-and-its-senders&gt;" in _text(page)
    assert http(base + "/source/no-such-source")[0] == 404 and http(base + "/source/..%2Fsources")[0] == 404


def test_the_conflicts_page_sets_both_sides_side_by_side(base, ask):
    status, _, page = http(base + "/conflicts")
    text = _text(page)
    (found,) = ask("SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a kgo:Disagreement }")[0]
    assert status == 200 and f"{found} disagreement(s)" in text
    assert re.search(r"2030 personnel Kazinform , 2022-01-13 «A total of 2,030 soldiers", text)
    assert re.search(
        r"more than 3000 personnel Kloop , 2022-01-14 «Всего на территории Казахстана более трёх тысяч", text
    )
    assert "both stand" in text and "обе" not in text
    assert "оба значения остаются" in _text(http(base + "/conflicts?lang=ru")[2])


def test_the_sources_page_lists_every_source(base):
    page = http(base + "/sources")[2].decode()
    assert len(re.findall(r'<a href="/source/[^"]+">', page)) == SOURCE_COUNT


# --- the web page in a real browser --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(built, tmp_path_factory):
    """A build whose entity label holds markup, served."""
    root = tmp_path_factory.mktemp("hostile")
    for folder in ("ontology", "graph", "queries", "shapes"):
        shutil.copytree(ROOT / folder, root / folder)
    entities = root / "graph" / "entities.ttl"
    entities.write_text(
        entities.read_text(encoding="utf-8").replace('"Almaty"@en', '"<script>window.pwned=1</script>Almaty"@en', 1),
        encoding="utf-8",
    )
    out = tmp_path_factory.mktemp("hostile-build")
    result = CliRunner().invoke(main, ["--root", str(root), "--build-dir", str(out), "build", "--no-hermit", "-q"])
    assert result.exit_code == 0, result.output
    app, server, url = start(str(out / "current" / "store"), Project(root), timeout=5.0)
    yield url
    stop(app, server)


def test_the_page_runs_a_canned_query_with_a_parameter_and_opens_an_entity(browser, base, store):
    from csto_kg.catalogue import load_catalogue
    from csto_kg.querying import run_select

    timeline = load_catalogue(ROOT / "queries")["timeline"]
    _, expected = run_select(store, timeline.text, timeline.bindings({"from": "2022-01-13", "lang": "ru"}))
    page = browser.new_page()
    page.goto(base + "/")
    page.click("button[data-query='timeline']")
    page.fill("#param-from", "2022-01-13")
    page.fill("#param-lang", "ru")
    page.click("#run-canned")
    page.wait_for_selector("#results tr td")
    rows = page.locator("#results tr").count() - 1
    text = page.inner_text("#results")
    assert (
        rows == len(expected) > 3
        and "Возвращение кыргызского контингента из Казахстана" in text
        and "2022-01-02" not in text
    )
    page.click("#results a.entity >> text=kg:kyrgyz-return")
    page.wait_for_selector("mark")
    assert page.inner_text("h1") == "Return of the Kyrgyz contingent from Kazakhstan"
    marked = page.locator("mark").all_inner_texts()
    assert "В Кыргызстан сегодня 14 января вернулись военнослужащие" in marked
    page.click("table.facts a >> text=Kyrgyz contingent of the CSTO force")  # facts link to their entities' pages
    page.wait_for_url("**/entity/kyrgyz-contingent")  # not a selector: the page it leaves has marks too
    page.wait_for_selector("mark")
    assert page.inner_text("h1") == "Kyrgyz contingent of the CSTO force"
    page.click("table.facts a >> text=AKIpress")  # a fact's source opens the source's page, at the quote
    page.wait_for_url("**/source/**")
    assert "AKIpress" in page.inner_text("table.about") and page.locator("mark").count() >= 8
    page.close()


def test_the_query_editor_and_the_timeline(browser, base):
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto(base + "/sparql")
    # the answer is held back, so the wait below always starts before it comes (as on a busy machine)
    page.route(
        "**/sparql",
        lambda route: (time.sleep(0.5), route.continue_()) if route.request.method == "POST" else route.continue_(),
    )
    page.fill("#sparql", "ASK { kg:kyrgyzstan kgo:memberOf kg:csto }")
    page.click("#run-sparql")
    # a locator assertion, polled by Playwright's own injected script: a string predicate (wait_for_function) is
    # compiled with eval in the page, which the page's CSP forbids, so it failed whenever the first check was early
    expect(page.locator("#status")).to_have_text(re.compile(r"^true · [\d.]+ s$"))
    page.goto(base + "/")
    expect(page.locator("#timeline")).to_have_js_property("complete", True)
    assert page.evaluate("document.getElementById('timeline').naturalWidth") > 500
    page.close()


def test_a_label_holding_markup_is_shown_as_text(browser, hostile):
    page = browser.new_page()
    page.goto(hostile + "/entity/almaty")
    assert page.inner_text("h1") == "<script>window.pwned=1</script>Almaty"
    assert "<script>window.pwned=1</script>Almaty" in page.inner_text("table.facts")  # the label in a fact's link too
    assert page.locator("table.facts script").count() == 0
    page.goto(hostile + "/")
    page.click("button[data-query='events-at']")
    page.fill("#param-place", "kg:almaty")
    page.click("#run-canned")
    page.wait_for_selector("#results tr td")
    assert "<script>window.pwned=1</script>Almaty" in page.inner_text("#results")
    assert page.evaluate("window.pwned") is None
    assert page.locator("#results script").count() == 0
    page.close()


def test_the_serve_command_answers_and_stops_cleanly_on_sigterm(built):
    """The real command: it says where it listens, answers there, and a SIGTERM (as from a service manager) ends it
    with exit 0, its worker processes gone and nothing leaked."""
    import signal
    import subprocess
    import sys

    command = [
        sys.executable,
        "-c",
        "from csto_kg.cli import main; main()",
        "--build-dir",
        str(built.path),
        "serve",
        "--port",
        "0",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        first = process.stderr.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", first).group(0)
        assert "kyrgyzstan" in urllib.request.urlopen(url + "queries/csto-members", timeout=10).read().decode()
    finally:
        process.send_signal(signal.SIGTERM)
        _, rest = process.communicate(timeout=20)
    assert process.returncode == 0 and "Traceback" not in rest and "leaked" not in rest, rest


def test_service_runs_only_when_allowed(built, tmp_path):
    """Federation is off by default (400, tested above); with allow_service a query may join another endpoint's
    data, here an Oxigraph server on loopback."""
    from .servers import oxigraph_server

    remote_data = tmp_path / "remote.ttl"
    remote_data.write_text(
        '<https://w3id.org/csto-kg/id/kyrgyzstan> <http://example.org/capital> "Bishkek" .\n', encoding="utf-8"
    )
    query = urllib.parse.quote(
        "SELECT ?name ?capital WHERE { kg:kyrgyzstan rdfs:label ?name . FILTER(LANG(?name) = 'en') "
        "SERVICE <REMOTE> { kg:kyrgyzstan <http://example.org/capital> ?capital } }"
    )
    with oxigraph_server([remote_data]) as remote:
        federated = query.replace("REMOTE", urllib.parse.quote(remote + "/query", safe=""))
        for allowed, expected_status in ((False, 400), (True, 200)):
            app, server, url = start(str(built.current / "store"), allow_service=allowed, timeout=10.0)
            try:
                status, _, body = http(f"{url}/sparql?query={federated}", headers={"Accept": "text/csv"})
            finally:
                stop(app, server)
            assert status == expected_status, body
    assert body.decode().splitlines() == ["name,capital", "Kyrgyzstan,Bishkek"]


# --- the query editor, the search, the Russian interface, the graph's own IRIs ----------------------------------


def test_the_editor_highlights_declares_prefixes_remembers_and_links(browser, base):
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto(base + "/sparql")
    page.fill("#sparql", "SELECT ?x WHERE { ?x a schema:Event } LIMIT 3")
    page.dispatch_event("#sparql", "input")
    assert page.locator("#highlight .tok-kw").first.inner_text() == "SELECT"  # highlighted as written
    assert page.locator("#highlight .tok-var").count() == 2 and page.locator("#highlight .tok-pname").count() == 1
    page.click("#add-prefixes")
    assert page.input_value("#sparql").startswith("PREFIX schema: <http://schema.org/>\n")
    page.click("#run-sparql")
    expect(page.locator("#status")).to_have_text(re.compile(r"^3 rows"))
    assert page.locator("#history li").count() >= 1  # remembered
    page.click("#permalink")
    link = page.url
    assert "#query=" in link
    other = browser.new_page()
    other.goto(link)  # the link reopens the query and runs it
    expect(other.locator("#status")).to_have_text(re.compile(r"^3 rows"))
    assert other.input_value("#sparql") == page.input_value("#sparql")
    other.close()
    page.close()


def test_the_editor_shows_a_graph_as_turtle_and_offers_every_format_for_download(browser, base):
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto(base + "/sparql")
    page.fill("#sparql", "CONSTRUCT { kg:csto ?p ?o } WHERE { kg:csto ?p ?o }")
    page.dispatch_event("#sparql", "input")
    assert page.locator("#format option").all_inner_texts() == ["Turtle", "JSON-LD", "N-Triples", "RDF/XML"]
    page.click("#run-sparql")
    expect(page.locator("#raw")).to_contain_text("@prefix kgo:")
    with page.expect_download() as download:
        page.click("#download")
    assert download.value.suggested_filename == "result.ttl"
    page.fill("#sparql", "SELECT ?m WHERE { ?m kgo:memberOf kg:csto }")
    page.dispatch_event("#sparql", "input")
    page.select_option("#format", "csv")
    page.click("#run-sparql")
    expect(page.locator("#raw")).to_contain_text("m\r\n")
    with page.expect_download() as download:
        page.click("#download")
    assert download.value.suggested_filename == "result.csv"
    page.close()


def test_the_search_finds_entities_by_any_label(browser, base):
    page = browser.new_page()
    page.goto(base + "/?lang=ru")
    assert page.inner_text("h2 >> nth=0") == "Найти сущность"  # the interface in Russian
    page.fill("#search", "tokayev")
    page.click("#search-form button")
    page.wait_for_selector("#found a")
    assert page.locator("#found a").first.inner_text() == "Касым-Жомарт Токаев"  # found in English, shown in Russian
    page.locator("#found a").first.click()
    page.wait_for_url("**/entity/tokayev?lang=ru")
    assert page.inner_text("h1") == "Касым-Жомарт Токаев" and "Факты" in page.inner_text("main")
    page.close()


def test_the_graph_s_own_iris_are_served_here(base, store):
    status, media, body = http(base + "/id/tokayev", headers={"Accept": "text/turtle"})
    expected = set(store.query("DESCRIBE <https://w3id.org/csto-kg/id/tokayev>", use_default_graph_as_union=True))
    assert (
        status == 200
        and media.startswith("text/turtle")
        and {q.triple for q in ox.parse(body, format=ox.RdfFormat.TURTLE)} == expected
    )
    status, media, body = http(base + "/id/tokayev", headers={"Accept": "application/ld+json"})
    assert status == 200 and media.startswith("application/ld+json") and b"tokayev" in body
    status, media, body = http(base + "/id/tokayev", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert status == 200 and media.startswith("text/html") and "Kassym-Jomart Tokayev" in _text(body)
    status, _, _ = http(base + "/id/nobody", headers={"Accept": "text/turtle"})
    assert status == 404
    status, media, body = http(base + "/ontology", headers={"Accept": "text/turtle"})
    assert status == 200 and b"owl:Class" in body
