"""The command line through click's CliRunner: query, stats, why, help, errors and exit codes."""

import json
import re

import pytest
import rdflib
from click.testing import CliRunner

from csto_kg import namespaces as ns
from csto_kg.cli import main

from .conftest import ROOT, SOURCE_ID, SOURCE_TEXT


@pytest.fixture(scope="module")
def cli(built):
    def invoke(*args):
        # a wide terminal: these tests read the content, test_output_for_people_fits_the_terminal the folding
        return CliRunner(env={"COLUMNS": "250"}).invoke(main, ["--build-dir", str(built.path), *args])

    invoke.build_dir = str(built.path)
    return invoke


def rows_of(result):
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return data["head"]["vars"], [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def test_timeline_is_in_date_order_and_hides_parameter_columns(cli):
    variables, rows = rows_of(cli("query", "timeline", "-f", "json"))
    assert variables[:4] == ["date", "precision", "event", "what"] and not {"from", "to", "lang"} & set(variables)
    starts = [r["date"][:10] for r in rows]
    stated = rdflib.Dataset()
    for path in sorted((ROOT / "graph" / "claims").rglob("*.trig")):
        stated.parse(path, format="trig")
    days = sorted(
        str(o)
        for p in ("date", "startDate", "endDate")
        for _, _, o, _ in stated.quads((None, rdflib.URIRef(ns.KGO + p), None, None))
    )
    assert starts == sorted(starts) and starts[0] == days[0] and starts[-1] <= days[-1]
    night = next(r for r in rows if r["event"].endswith("government-resignation"))
    assert night["date"] == "2022-01-04/2022-01-05" and night["precision"] == "interval"


def test_timeline_parameters_filter_and_translate(cli):
    _, rows = rows_of(
        cli("query", "timeline", "-p", "from", "2022-01-11", "-p", "to", "2022-01-13", "--lang", "ru", "-f", "json")
    )
    _, everything = rows_of(cli("query", "timeline", "-f", "json"))
    assert 0 < len(rows) < len(everything)
    for row in rows:  # each shown event's span overlaps the days asked for
        start, _, end = row["date"].partition("/")
        assert start <= "2022-01-13" and (end if end and end != ".." else "9999") >= "2022-01-11", row
    assert "Минобороны России сообщает о начале передачи объектов" in {r["what"] for r in rows}


def test_table_output_is_readable(cli):
    result = cli("query", "timeline", "-p", "to", "2022-01-03")
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["date", "precision", "event"] and set(lines[1]) <= {"-", " "}
    assert "Protest in Zhanaozen" in result.stdout


@pytest.mark.parametrize(
    "fmt, check",
    [
        ("csv", lambda out: out.startswith("date,precision,event,")),
        ("tsv", lambda out: out.startswith("date\tprecision\tevent\t")),
        ("markdown", lambda out: out.startswith("| date | precision | event |")),
    ],
)
def test_other_formats(cli, fmt, check):
    result = cli("query", "timeline", "-f", fmt)
    assert result.exit_code == 0 and check(result.stdout)


@pytest.mark.parametrize(
    "args, message",
    [
        (["query", "timelin"], "no canned query named 'timelin'; did you mean timeline?"),
        (["query", "timeline", "-p", "form", "2022-01-01"], "has no parameter 'form' (did you mean 'from'?)"),
        (["query", "timeline", "-p", "from", "2022-13-01"], "parameter 'from': '2022-13-01' is not a day, YYYY-MM-DD"),
        (["query", "timeline", "-p", "from", '"} ; DROP ALL'], "parameter 'from': '\"} ; DROP ALL' is not a day"),
        (["why", "nobody-at-all"], "no entity 'nobody-at-all' in the graph"),
        (["why", ""], "give an entity's name, label or kg: name (it is empty)"),
    ],
)
def test_bad_input_gives_a_clear_message_and_exit_2(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.output


def test_commands_need_a_build(tmp_path):
    result = CliRunner().invoke(main, ["--build-dir", str(tmp_path), "stats"])
    assert result.exit_code == 2 and "run `csto-kg build` first" in result.stderr


def test_stats_counts_match_an_independent_reading_of_the_sources(cli):
    _, rows = rows_of(cli("stats", "-f", "json"))
    counts = {(r["kind"], r["term"]): int(r["count"]) for r in rows}
    dataset = rdflib.Dataset()
    for path in sorted((ROOT / "graph" / "claims").rglob("*.trig")):
        dataset.parse(path, format="trig")
    claim_graphs = {g.identifier for g in dataset.graphs() if "/claim/" in str(g.identifier)}
    entities = rdflib.Graph()
    for path in [ROOT / "graph" / "entities.ttl", *sorted((ROOT / "graph" / "register").glob("*.ttl"))]:
        entities.parse(path)
    person = rdflib.URIRef("https://w3id.org/csto-kg/ontology#Person")
    persons = set(entities.subjects(rdflib.RDF.type, person))
    persons |= {s for s, _, _, _ in dataset.quads((None, rdflib.RDF.type, person, None))}
    assert counts[("total", "claims")] == len(claim_graphs) > 28
    assert counts[("total", "sources")] == len(list((ROOT / "graph" / "sources").glob("*.ttl")))
    assert counts[("class", "https://w3id.org/csto-kg/ontology#Person")] == len(persons) >= 4
    assert counts[("property", "https://w3id.org/csto-kg/ontology#memberOf")] == 6
    asserted = {(r["kind"], r["term"]): int(r["count"]) for r in rows_of(cli("stats", "--asserted", "-f", "json"))[1]}
    assert (
        asserted[("class", "https://w3id.org/csto-kg/ontology#Event")]
        < counts[("class", "https://w3id.org/csto-kg/ontology#Event")]
    )


def test_why_prints_quotes_whose_offsets_slice_the_source(cli):
    result = cli("why", "Жапаров")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("kg:japarov — Sadyr Japarov")
    assert re.search(r"^\s+quote\s+\[\d+:\d+\] «", result.stdout, flags=re.M)
    assert re.search(r"^\s+sentence\s+\[\d+:\d+\] ", result.stdout, flags=re.M)
    _, rows = rows_of(cli("why", "Жапаров", "-f", "json"))
    texts = {}
    for row in (r for r in rows if r.get("quote")):
        source = row["claim"].removeprefix(ns.CLAIM).split("/")[0]
        if source not in texts:
            texts[source] = (ROOT / "graph" / "sources" / f"{source}.txt").read_text(encoding="utf-8")
        text = texts[source]
        assert text[int(row["start"]) : int(row["end"])] == row["quote"]
        assert text[int(row["sentence_start"]) : int(row["sentence_end"])] == row["sentence"]
    assert SOURCE_ID in texts and len(texts) > 1  # the seed's quotes among the other sources'
    assert "inferred  The article says 'President' without naming the country" in result.stdout
    assert "background (curated in graph/entities.ttl" in result.stdout


def test_why_rows_cover_every_claim_about_the_entity(cli, ask):
    _, rows = rows_of(cli("why", "kg:kyrgyz-contingent", "-f", "json"))
    claims = {
        c
        for (c,) in ask(
            "SELECT DISTINCT ?c WHERE { ?c a kgo:Claim . GRAPH ?c { ?s ?p ?o } FILTER(?s = kg:kyrgyz-contingent || ?o "
            "= kg:kyrgyz-contingent) }"
        )
    }
    assert {f"<{r['claim']}>" for r in rows} == claims and len(claims) >= 6


def test_every_command_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        result = CliRunner().invoke(main, [name, "--help"])
        first_sentence = " ".join(command.help.split()).split(". ")[0]
        assert result.exit_code == 0 and first_sentence in " ".join(result.output.split()), name
        assert f"csto-kg {name}" in readme, name


def test_every_canned_query_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in (ROOT / "queries").glob("*.rq"):
        assert f"csto-kg query {path.stem}" in readme


def test_offsets_quoted_in_the_readme_slice_the_source():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    spans = re.findall(r"(?:quote|sentence)\s+\[(\d+):(\d+)\] «?(.*?)»?$", readme, flags=re.M)
    assert spans
    for start, end, text in spans:
        assert SOURCE_TEXT[int(start) : int(end)] == text


def test_the_group_help_lists_every_command_and_query_help_lists_every_canned_query():
    listing = CliRunner().invoke(main, ["--help"]).output
    assert all(name in listing for name in main.commands)
    query_help = " ".join(CliRunner().invoke(main, ["query", "--help"]).output.split())
    for path in (ROOT / "queries").glob("*.rq"):
        assert path.stem in query_help, path.stem


def test_xml_results_carry_the_same_bindings_as_json(cli):
    import xml.etree.ElementTree as ET

    _, json_rows = rows_of(cli("query", "troop-contributions", "-f", "json"))
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(cli("query", "troop-contributions", "-f", "xml").stdout)
    xml_rows = [
        {b.get("name"): "".join(b.itertext()) for b in result.findall("r:binding", ns)}
        for result in root.find("r:results", ns)
    ]
    assert xml_rows == json_rows and len(xml_rows) >= 6
    integer = root.find(".//r:literal[@datatype]", ns)
    assert integer is None or integer.get("datatype").startswith("http://www.w3.org/2001/XMLSchema#")


# --- csto-kg sparql ---------------------------------------------------------------------------------------


def test_sparql_select_with_predeclared_prefixes(cli):
    _, rows = rows_of(cli("sparql", "SELECT DISTINCT ?m WHERE { ?m kgo:memberOf kg:csto } ORDER BY ?m", "-f", "json"))
    assert [r["m"].rsplit("/", 1)[1] for r in rows] == [
        "armenia",
        "belarus",
        "kazakhstan",
        "kyrgyzstan",
        "russia",
        "tajikistan",
    ]


@pytest.mark.parametrize("fmt, expected", [("table", "true\n"), ("json", '{"head": {}, "boolean": true}\n')])
def test_sparql_ask(cli, fmt, expected):
    result = cli("sparql", "ASK { kg:kyrgyzstan kgo:memberOf kg:csto }", "-f", fmt)
    assert result.exit_code == 0 and result.stdout == expected
    assert cli("sparql", "ASK { kg:kyrgyzstan kgo:memberOf kg:russia }").stdout == "false\n"


def test_sparql_construct_and_describe_give_graphs(cli):
    result = cli("sparql", "CONSTRUCT { ?m a kgo:State } WHERE { ?m kgo:memberOf kg:csto }", "-f", "ntriples")
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 6
    described = rdflib.Graph().parse(data=cli("sparql", "DESCRIBE kg:tokayev").stdout, format="turtle")
    assert (
        rdflib.URIRef("https://w3id.org/csto-kg/id/tokayev"),
        rdflib.RDFS.label,
        rdflib.Literal("Токаев", lang="ru"),
    ) not in described
    assert (
        rdflib.URIRef("https://w3id.org/csto-kg/id/tokayev"),
        rdflib.RDFS.label,
        rdflib.Literal("Касым-Жомарт Токаев", lang="ru"),
    ) in described
    as_jsonld = json.loads(cli("sparql", "DESCRIBE kg:tokayev", "-f", "jsonld").stdout)
    assert any(node.get("@id") == "https://w3id.org/csto-kg/id/tokayev" for node in as_jsonld)


def test_sparql_reads_a_file_and_standard_input(cli, tmp_path):
    query = tmp_path / "members.rq"
    query.write_text("SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m kgo:memberOf kg:csto }\n")
    assert cli("sparql", str(query), "-f", "csv").stdout == "n\n6\n"
    result = CliRunner().invoke(
        main, ["--build-dir", cli.build_dir, "sparql", "-", "-f", "csv"], input=query.read_text()
    )
    assert result.stdout == "n\n6\n"


@pytest.mark.parametrize(
    "args, message",
    [
        (["sparql", "SELECT ?s WHERE {\n  ?s ?p \n}"], "SPARQL syntax error in the query at line 3, column "),
        (["sparql", "INSERT DATA { kg:a kg:b kg:c }"], "INSERT is an update; only queries run here"),
        (["sparql", "DROP ALL"], "DROP is an update"),
        (["sparql", "ASK {}", "-f", "turtle"], "the query returns a boolean: use -f table"),
        (["sparql", "DESCRIBE kg:tokayev", "-f", "csv"], "the query returns a graph: use -f turtle"),
        (["sparql", "missing-file.rq"], "cannot read missing-file.rq"),
        (["query", "csto-member"], "did you mean csto-members"),
        (["query", "evidence"], "needs parameter 'about'"),
        (["query", "events-at", "-p", "place", "kg:almaty> } ; DROP ALL ; {"], "parameter 'place'"),
    ],
)
def test_sparql_and_query_errors_exit_2_with_the_place(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.output


def test_the_store_option_reads_any_store_folder(built, tmp_path):
    store = str(built.path / "current" / "store")
    result = CliRunner().invoke(
        main, ["--build-dir", str(tmp_path), "--store", store, "query", "csto-members", "-f", "csv"]
    )
    assert result.exit_code == 0 and "kg:kyrgyzstan" in result.stdout
    result = CliRunner().invoke(main, ["--store", str(tmp_path), "stats"])
    assert result.exit_code == 2 and "cannot open the store" in result.stderr and "Traceback" not in result.output


def test_the_query_path_leaves_the_heavy_libraries_unimported(cli):
    """`csto-kg query` must start fast: the reasoner, the SHACL engines, rdflib and pyld are for other commands.
    (`--format`, not `-f`: click tries every short option as a long one first and imports difflib for the miss.)"""
    import subprocess
    import sys

    probe = (
        "import sys\nfrom csto_kg.cli import main\n"
        f"try:\n    main(['--build-dir', {cli.build_dir!r}, 'query', 'timeline', '--format', 'csv'])\n"
        "except SystemExit as exit:\n    assert not exit.code, exit.code\n"
        "heavy = ('owlready2', 'pyshacl', 'rdflib', 'pyld', 'difflib', 'xml.sax', 'pyrudof', 'cairosvg')\n"
        "print('LOADED', sorted(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "LOADED []"
    assert "Kyrgyz" in result.stdout  # the query did run


WIDE_COMMANDS = [
    ("query", "timeline"),
    ("query", "conflicts"),
    ("query", "sources"),
    ("why", "tokayev"),
    ("validate",),
    ("stats",),
]


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("command", WIDE_COMMANDS, ids=" ".join)
def test_output_for_people_fits_the_terminal(cli, command, lang):
    """Tables, `why` and `validate` fold to $COLUMNS (a table too wide even at its narrowest becomes a block a row),
    with every word still there."""
    wide = CliRunner().invoke(main, ["--build-dir", cli.build_dir, *command, "--lang", lang], env={"COLUMNS": "1000"})
    narrow = CliRunner().invoke(main, ["--build-dir", cli.build_dir, *command, "--lang", lang], env={"COLUMNS": "80"})
    assert wide.exit_code == narrow.exit_code and narrow.exit_code in (0, 1), narrow.output
    assert max(map(len, narrow.stdout.splitlines())) <= 80
    assert max(map(len, wide.stdout.splitlines())) > 80 or command == ("stats",)
    if command[0] == "query":  # every cell is still there (its start at least: a table's cells wrap)
        from csto_kg.namespaces import curie

        as_json = ["--build-dir", cli.build_dir, *command, "-f", "json", "--lang", lang]
        bindings = json.loads(CliRunner().invoke(main, as_json).stdout)["results"]["bindings"]
        for term in (term for binding in bindings for term in binding.values() if term["value"].split()):
            shown = curie(term["value"]) if term["type"] == "uri" else term["value"]
            assert "".join(shown.split())[:8] in "".join(narrow.stdout.split())  # a column is 8 wide or more
    else:  # folding only adds line breaks and indents
        assert "".join(narrow.stdout.split()) == "".join(wide.stdout.split())


def test_piped_output_is_folded_to_80_columns(cli):
    import subprocess
    import sys

    env = {"PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", "from csto_kg.cli import main; main()", "--build-dir", cli.build_dir, "why", "tokayev"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert max(map(len, result.stdout.splitlines())) <= 80


def test_why_a_plan_is_followed_by_what_carried_it_out(cli, ask):
    """The register says the announced withdrawal was realised by the withdrawal as it happened: `why` of the plan
    shows every outlet that reported either, each under its own heading."""
    import pyoxigraph as ox

    ((realised,),) = ask("SELECT ?e WHERE { kg:csto-withdrawal kgo:realisedBy ?e }")
    reporters = ask(
        "SELECT DISTINCT ?s ?e WHERE { ?c prov:wasDerivedFrom ?s . GRAPH ?c { ?e ?p ?o } }",
        e=ox.NamedNode(ns.expand(realised)),
    )
    result = cli("why", "kg:csto-withdrawal")
    assert result.exit_code == 0, result.output
    plan, _, done = result.stdout.partition(f"=== kg:csto-withdrawal was realised by {realised}")
    assert plan and done and reporters
    assert all(source in done for source, _ in reporters)
