"""Many sources, one graph (issue 10): six articles with their metadata, every fact with all its sources, where
they agree and where they disagree, sources' errors kept and set aside, answers as of a day, relative dates checked.

No test names a source by its id: sources are found by what the graph says of them (URL, publisher, date).
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from csto_kg import dates
from csto_kg.catalogue import load_catalogue
from csto_kg.cli import main
from csto_kg.output import render
from csto_kg.project import Project
from csto_kg.querying import run_select

from .conftest import ROOT, SOURCE_COUNT, SOURCE_ID

FIXTURES = Path(__file__).parent / "fixtures"
SHARED_ARTICLES = ROOT.parent / "shared" / "articles"
CATALOGUE = load_catalogue(ROOT / "queries")

CLAIM = r"<https://w3id\.org/csto-kg/claim/\S+/"  # a claim as the tools print it, up to its name


def rows_of(store, name: str, **params) -> list[dict]:
    query = CATALOGUE[name]
    variables, rows = run_select(store, query.text, query.bindings(params), where=name)
    return json.loads(render(variables, rows, "json"))["results"]["bindings"]


def value(row: dict, column: str):
    cell = row.get(column)
    return cell["value"] if cell else None


def source_ids(ask) -> dict[str, str]:
    """Each source's publisher label (or its id, for a source without one) -> its id."""
    found = ask("""SELECT ?source ?name WHERE { ?source a kgo:SourceArticle .
        OPTIONAL { ?source kgo:publisher/rdfs:label ?name . FILTER(LANG(?name) = "en") } }""")
    return {name or source.removeprefix("src:"): source.removeprefix("src:") for source, name in found}


# --- the sources ----------------------------------------------------------------------------------------------


def test_every_source_with_language_date_certainty_and_checksum(ask):
    rows = ask("""SELECT ?source ?language ?published ?certainty ?sha WHERE { ?source a kgo:SourceArticle ;
        schema:inLanguage ?language ; schema:datePublished ?published ; kgo:dateCertainty ?certainty ; kgo:sha256 ?sha
        }""")
    assert len(rows) == SOURCE_COUNT
    assert {r[1] for r in rows} == {"en", "ru"}
    assert all(re.fullmatch(r"[0-9a-f]{64}", r[4]) for r in rows)
    assert {r[3] for r in rows} == {"kgo:StatedOnPage", "kgo:FromDateline", "kgo:InferredFromText"}
    # a date the page does not state says where it comes from
    unexplained = ask("""SELECT ?source WHERE { ?source kgo:dateCertainty ?c . FILTER(?c != kgo:StatedOnPage)
        FILTER NOT EXISTS { ?source kgo:dateNote ?why } }""")
    assert unexplained == []


def test_source_ids_follow_the_documented_scheme(ask):
    """<published>_<publisher>_<first 8 hex of the text's SHA-256>, or the seed's older form, kept."""
    rows = ask(
        "SELECT ?source ?published ?sha WHERE { ?source a kgo:SourceArticle ; schema:datePublished ?published ; "
        "kgo:sha256 ?sha }"
    )
    for source, published, sha in rows:
        local = source.removeprefix("src:")
        scheme = re.fullmatch(r"(\d{4}-\d{2}-\d{2})_([a-z0-9-]+)_([0-9a-f]{8})", local)
        if scheme:
            assert scheme[1] == published and sha.startswith(scheme[3]), local
        else:
            assert re.fullmatch(r"\d{3}_[0-9a-f]{16}", local), local


def _shared_table() -> list[dict]:
    """The articles ../shared/articles/README.md lists, from each of its tables, keyed by the table's own headings
    (file, lang, publisher, url, published, complete; the tables differ in their other columns)."""
    readme = SHARED_ARTICLES / "README.md"
    if not readme.exists():
        pytest.skip(f"{readme} is not beside the checkout")
    rows, heading = [], None
    for line in readme.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            heading = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if heading is None:
            heading = [c.split(" (")[0].lower() for c in cells]
        elif ".txt" in line:
            rows.append(dict(zip(heading, cells)))
    return rows


def test_each_shared_article_is_a_source_verbatim_with_the_metadata_its_readme_gives(ask):
    by_url = {
        url: (source, lang, published, publisher, complete)
        for source, url, lang, published, publisher, complete in ask(
            """SELECT ?source ?url ?lang ?published ?publisher ?complete WHERE {
             ?source kgo:url ?url ; schema:inLanguage ?lang ;
             schema:datePublished ?published ; kgo:complete ?complete ; kgo:publisher ?publisher }"""
        )
    }
    names_of: dict[str, set[str]] = {}
    for publisher, name in ask("SELECT ?p ?name WHERE { ?s kgo:publisher ?p . ?p rdfs:label|skos:altLabel ?name }"):
        names_of.setdefault(publisher, set()).add(name)
    table = _shared_table()
    # add stores an IRI as the URI it maps to (RFC 3987: non-ASCII characters percent-encoded)
    by_url = {unquote(url): row for url, row in by_url.items()}
    assert len(table) == 49 and all(unquote(row["url"]) in by_url for row in table), [
        row["file"] for row in table if unquote(row["url"]) not in by_url
    ]
    for row in table:
        source, lang, published, publisher, complete = by_url[unquote(row["url"])]
        local = source.removeprefix("src:")
        assert (ROOT / "graph" / "sources" / f"{local}.txt").read_bytes() == (
            SHARED_ARTICLES / row["file"]
        ).read_bytes()
        # the README gives a day, or two when the page does not say ("~2022-01-09/10, inferred (…)")
        month, first, second = re.search(r"(\d{4}-\d{2}-)(\d{2})(?:/(\d{2}))?", row["published"]).groups()
        days = {month + first} | ({month + second} if second else set())
        names = names_of[publisher]
        assert lang == row["lang"] and published in days, row["file"]
        assert any(name.split()[0] in row["publisher"] for name in names), (row["file"], names)  # in en or ru
        assert complete == ("false" if "truncated" in row["complete"] else "true")


# --- nothing lost -------------------------------------------------------------------------------------------------


def test_every_claim_the_graph_held_before_is_still_there_with_its_evidence(store, ask):
    """The seed's 28 claims as the build gave them before the other sources came (a snapshot): every statement in its
    claim's graph, every quote at its offsets."""
    before = list(ox.parse(path=str(FIXTURES / "claims-before-many-sources.nq"), format=ox.RdfFormat.N_QUADS))
    assert len(before) > 250
    missing = [q for q in before if q not in store]
    assert missing == []
    evidence = {
        tuple(r) for r in json.loads((FIXTURES / "evidence-before-many-sources.json").read_text(encoding="utf-8"))
    }
    now = {
        (claim, exact, start, end)
        for claim, exact, start, end in ask(
            """SELECT ?claim ?exact ?start ?end WHERE { ?claim a kgo:Claim . ?a oa:hasBody ?claim ; oa:hasTarget ?t .
             ?t oa:hasSelector ?q , ?p . ?q oa:exact ?exact . ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end
             ?end }"""
        )
    }
    now = {(c.strip("<>"), e, s, n) for c, e, s, n in now}
    assert len(evidence) == 29 and evidence <= now


def test_claims_per_source(ask):
    counts = dict(
        ask(
            "SELECT ?source (COUNT(?claim) AS ?n) WHERE { ?claim a kgo:Claim ; prov:wasDerivedFrom ?source } GROUP BY "
            "?source"
        )
    )
    files = {p.stem: rdflib.Dataset().parse(p, format="trig") for p in (ROOT / "graph" / "claims").glob("*.trig")}
    written = {
        f"src:{source}": sum(1 for g in dataset.graphs() if "/claim/" in str(g.identifier))
        for source, dataset in files.items()
    }
    assert {str(s): n for s, n in counts.items()} == written and len(counts) == SOURCE_COUNT


# --- agreement and disagreement --------------------------------------------------------------------------------------


def test_the_disagreement_found_while_curating_the_six_is_found_by_the_build(store):
    """The build finds it itself. Curating the six first articles turned up one value that cannot hold beside another:
    Kazinform's exactly 2,030 troops against the seed's more than 3,000, both kept with their quotes (the fifty
    sources add more values of the same total, and other disagreements)."""
    rows = [
        r
        for r in rows_of(store, "conflicts")
        if (value(r, "value1"), value(r, "value2")) == ("2030 personnel", "more than 3000 personnel")
        and value(r, "reported1") == "2022-01-13"
    ]
    assert [(value(r, "entity"), value(r, "aspect"), value(r, "resolution")) for r in rows] == [
        ("https://w3id.org/csto-kg/id/csto-deployment", "count", "both stand")
    ]
    row = rows[0]
    assert (value(row, "value1"), value(row, "reported1")) == ("2030 personnel", "2022-01-13")
    assert (value(row, "value2"), value(row, "reported2")) == ("more than 3000 personnel", "2022-01-14")
    assert "A total of 2,030 soldiers" in value(row, "quote1") and "более трёх тысяч военнослужащих" in value(
        row, "quote2"
    )


def test_sources_lists_every_source_with_its_agreements_and_disagreements(store):
    listed = rows_of(store, "sources")
    rows = {value(r, "publisherName"): r for r in listed}
    assert len(listed) == SOURCE_COUNT
    assert {"Kloop", "Europe Diplomatic", "Axios", "Kazinform", "Interfax", "AKIpress"} <= set(rows)
    assert int(value(rows["Kazinform"], "disagreements")) >= 1  # its 2,030 troops
    assert all(int(value(r, "sharedFacts")) > 0 for r in rows.values())  # each agrees with another somewhere
    assert (
        value(rows["Interfax"], "complete") == "stops mid-sentence" and value(rows["Axios"], "complete") == "complete"
    )


def test_troop_contributions_shows_both_totals_and_a_row_for_every_state(store):
    rows = rows_of(store, "troop-contributions")
    totals = {(value(r, "personnel"), value(r, "reported")) for r in rows if value(r, "sender").endswith("/csto")}
    assert {("2030", "2022-01-13"), ("more than 3000", "2022-01-14")} <= totals
    senders = {value(r, "sender").rsplit("/", 1)[1] for r in rows}
    assert senders == {"csto", "armenia", "belarus", "kyrgyzstan", "russia", "tajikistan"}
    # how they travelled: the Kyrgyz flown in, and going home over land (as planned); the others flown out
    kyrgyz = [r for r in rows if value(r, "sender").endswith("kyrgyzstan") and value(r, "travelledIn")]
    assert value(kyrgyz[0], "travelledIn") == "by air, 2 aircraft" and "planned" in value(kyrgyz[0], "travelledOut")
    assert {value(r, "travelledOut") for r in rows if value(r, "sender").endswith("armenia")} >= {
        "by air, 14 aircraft (planned)"
    }


def test_a_fact_three_outlets_state_outranks_one_only_one_states(store):
    rows = rows_of(store, "corroboration", min="1")
    by_fact = {
        (value(r, "subject"), value(r, "predicate"), value(r, "object")): int(value(r, "outletCount")) for r in rows
    }
    kg, kgo = "https://w3id.org/csto-kg/id/", "https://w3id.org/csto-kg/ontology#"
    assert by_fact[(kg + "tokayev", kgo + "holds", kg + "tokayev-president-of-kazakhstan")] >= 5
    assert by_fact[(kg + "kyrgyz-arrival", kgo + "date", "2022-01-07")] >= 2
    assert by_fact[(kg + "aktau-protest", kgo + "date", "2022-01-02")] >= 1
    default = rows_of(store, "corroboration")  # at least two outlets
    assert default and all(int(value(r, "outletCount")) >= 2 for r in default)
    counts = [int(value(r, "outletCount")) for r in default]
    assert counts == sorted(counts, reverse=True)


def test_a_plan_a_source_reported_stays_apart_from_what_happened(ask):
    assert set(ask("SELECT ?m WHERE { kg:kyrgyz-return-plan kgo:modality ?m }")) == {("kgo:Planned",)}
    assert ask("SELECT ?m WHERE { kg:kyrgyz-return kgo:modality ?m }") == []
    assert ask("ASK { kg:kyrgyz-return-plan kgo:realisedBy kg:kyrgyz-return }") is True


def test_as_of_a_day_answers_from_the_sources_published_by_then(store, ask):
    first_days = rows_of(store, "as-of", date="2022-01-05")
    assert first_days and {value(r, "firstReported") for r in first_days} <= {"2022-01-04", "2022-01-05"}
    holds = [
        r
        for r in rows_of(store, "as-of", date="2022-01-11")
        if value(r, "subject").endswith("/tokayev") and value(r, "object").endswith("tokayev-president-of-kazakhstan")
    ]
    stating = ask("""SELECT (COUNT(DISTINCT ?source) AS ?n) WHERE {
        GRAPH ?claim { kg:tokayev kgo:holds kg:tokayev-president-of-kazakhstan }
        ?claim prov:wasDerivedFrom ?source . ?source schema:datePublished ?published .
        FILTER(?published <= "2022-01-11"^^xsd:date) }""")[0][0]
    assert [int(value(r, "sourceCount")) for r in holds] == [int(stating)] and int(stating) < len(
        ask("SELECT DISTINCT ?c WHERE { GRAPH ?c { kg:tokayev kgo:holds kg:tokayev-president-of-kazakhstan } }")
    )  # the sources published by then, not yet the later ones
    assert rows_of(store, "as-of", date="2022-01-03") == []  # the first sources are of 4 January


def test_each_sentence_of_why_is_printed_once(built):
    out = CliRunner().invoke(main, ["--build-dir", str(built.path), "why", "kg:tokayev-withdrawal-statement"]).output
    sentences = [line for line in out.splitlines() if line.strip().startswith("sentence")]
    assert len(sentences) == len(set(sentences)) >= 3  # three sources report the statement


# --- a seventh source that disagrees and errs -----------------------------------------------------------------------

SEVENTH = FIXTURES / "seventh-source"


def _with_seventh_source(root: Path) -> Path:
    for folder in ("ontology", "graph", "queries", "shapes"):
        shutil.copytree(ROOT / folder, root / folder)
    for path in SEVENTH.iterdir():
        shutil.copy(path, root / "graph" / ("claims" if path.suffix == ".trig" else "sources") / path.name)
    return root


def _answers(store) -> dict:
    out = {}
    for name, query in CATALOGUE.items():
        for params in ({}, {p.name: p.example for p in query.params}):
            if all(p.name in params or p.default is not None for p in query.params):
                variables, rows = run_select(store, query.text, query.bindings(params), where=name)
                out[(name, tuple(sorted(params.items())))] = sorted(render(variables, rows, "csv").splitlines())
    return out


def test_a_seventh_source_that_redates_an_event_and_misplaces_a_city(tmp_path, store):
    root = _with_seventh_source(tmp_path / "project")
    result = CliRunner().invoke(main, ["--root", str(root), "--build-dir", str(tmp_path / "build"), "build"])
    assert result.exit_code == 0, result.stderr
    claims_file = next(p.name for p in SEVENTH.iterdir() if p.suffix == ".trig")
    # both warned about, with the claim's file and line
    assert re.search(
        rf"kg:kyrgyz-arrival \(date\): 2022-01-07 .* vs 2022-01-09 \[{CLAIM}arrival-on-9-january>, "
        rf"graph/claims/{claims_file}:\d+\]",
        result.stderr,
    )
    assert re.search(
        rf"kg:almaty \(country\): in Kyrgyzstan \[{CLAIM}almaty-in-kyrgyzstan>, graph/claims/{claims_file}:\d+\] "
        r"vs in Kazakhstan \[.*graph/entities.ttl:\d+",
        result.stderr,
    )
    seventh = ox.Store.read_only(str(tmp_path / "build" / "current" / "store"))
    # the default answers of every canned query are unchanged, but the two about sources and their disagreements
    before, after = _answers(store), _answers(seventh)
    changed = {key[0] for key in before if before[key] != after[key]}
    assert changed == {"sources", "conflicts"}
    conflicts = rows_of(seventh, "conflicts")
    assert {(value(r, "entity").rsplit("/", 1)[1], value(r, "value2"), value(r, "resolution")) for r in conflicts} >= {
        ("kyrgyz-arrival", "2022-01-09", "the value more outlets state is kept"),
        ("csto-deployment", "more than 3000 personnel", "both stand"),
    }
    assert ("almaty", "in Kyrgyzstan", "in Kazakhstan", "the source's error is set aside") in {
        (value(r, "entity").rsplit("/", 1)[1], value(r, "value1"), value(r, "value2"), value(r, "resolution"))
        for r in conflicts
    }
    # the error is the source's: marked, with its reason; what it said is kept beside the claim, out of the answers
    marked = list(
        seventh.query(
            """PREFIX kgo: <https://w3id.org/csto-kg/ontology#> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?claim ?why ?s ?o ?standing WHERE { ?claim a kgo:SourceError ; kgo:errorReason ?why ;
          kgo:setAside [ rdf:subject ?s ; rdf:predicate kgo:locatedIn ; rdf:object ?o ; kgo:standing ?standing ] }""",
            use_default_graph_as_union=True,
        )
    )
    assert len(marked) == 1 and marked[0]["claim"].value.endswith("/almaty-in-kyrgyzstan")
    assert "Kazakhstan" in marked[0]["why"].value and marked[0]["standing"].value.endswith("#Contradicted")
    assert not seventh.query(
        "ASK { <https://w3id.org/csto-kg/id/almaty> <https://w3id.org/csto-kg/ontology#locatedIn>+ "
        "<https://w3id.org/csto-kg/id/kyrgyzstan> }",
        use_default_graph_as_union=True,
    )
    # what was said is part of what was known on that day, with its standing
    said = [r for r in rows_of(seventh, "as-of", date="2022-01-15") if value(r, "standing")]
    assert {(value(r, "subject").rsplit("/", 1)[1], value(r, "standing")) for r in said} >= {
        ("almaty", "contradicts the background knowledge"),
        ("kyrgyz-arrival", "more outlets state otherwise"),
    }


def _project_with(tmp_path: Path, claims: str) -> Path:
    """The project with one more claims file for an existing source: the seed's."""
    root = tmp_path / "project"
    for folder in ("ontology", "graph", "queries", "shapes"):
        shutil.copytree(ROOT / folder, root / folder)
    seed = SOURCE_ID
    folder = root / "graph" / "claims" / seed
    folder.mkdir()
    (folder / "extra.trig").write_text(
        f"""@prefix kg: <https://w3id.org/csto-kg/id/> . @prefix kgo: <https://w3id.org/csto-kg/ontology#> .
@prefix claim: <https://w3id.org/csto-kg/claim/{seed}/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
{claims}""",
        encoding="utf-8",
    )
    shutil.move(str(root / "graph" / "claims" / f"{seed}.trig"), folder / "main.trig")
    return root


def test_planned_and_happened_on_one_event_is_a_disagreement_not_a_failure(tmp_path):
    root = _project_with(
        tmp_path,
        """claim:return-was-planned { kg:kyrgyz-return kgo:modality kgo:Planned . }
claim:return-was-planned kgo:quote "В Кыргызстан сегодня 14 января вернулись военнослужащие" .""",
    )
    result = CliRunner().invoke(main, ["--root", str(root), "--build-dir", str(tmp_path / "b"), "build"])
    assert result.exit_code == 0, result.stderr
    line = next(line for line in result.stderr.splitlines() if "kg:kyrgyz-return (planned or happened)" in line)
    assert re.search(rf"planned \[{CLAIM}return-was-planned>, graph/claims/\S+/extra.trig:\d+\]", line), line
    assert (
        re.search(rf"happened \[{CLAIM}kyrgyz-return>, graph/claims/\S+/main.trig:\d+\]", line) and "both kept" in line
    ), line


def test_a_kind_the_register_excludes_is_the_sources_error_and_the_reasoner_stays_consistent(tmp_path):
    root = _project_with(
        tmp_path,
        """claim:almaty-a-person { kg:almaty a kgo:Person . }
claim:almaty-a-person kgo:quote "Наиболее тяжелая ситуация сложилась в Алматы" .""",
    )
    result = CliRunner().invoke(main, ["--root", str(root), "--build-dir", str(tmp_path / "b"), "build"])
    assert result.exit_code == 0, result.stderr
    assert "HermiT: consistent" in result.stderr
    assert re.search(
        rf"source error: {CLAIM}almaty-a-person> \(graph/claims/\S+/extra.trig:\d+\): kg:almaty is typed kgo:Person",
        result.stderr,
    )


def test_two_dates_from_two_sources_with_as_many_outlets_behind_each_both_stand_and_the_timeline_shows_the_spread(
    tmp_path,
):
    root = _project_with(tmp_path, "")
    # the AKIpress article dates the Kyrgyz flight 7 January, like the seed; make it say 8 January: one outlet each
    akipress = next((root / "graph" / "claims").glob("*akipress*.trig"))
    akipress.write_text(
        akipress.read_text(encoding="utf-8").replace(
            'kgo:destination kg:almaty ;\n        kgo:date "2022-01-07"^^xsd:date',
            'kgo:destination kg:almaty ;\n        kgo:date "2022-01-08"^^xsd:date',
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["--root", str(root), "--build-dir", str(tmp_path / "b"), "build"])
    assert result.exit_code == 0, result.stderr
    assert "kg:kyrgyz-arrival (date): 2022-01-08" in result.stderr and "both kept" in result.stderr
    store = ox.Store.read_only(str(tmp_path / "b" / "current" / "store"))
    row = next(r for r in rows_of(store, "timeline") if value(r, "event").endswith("/kyrgyz-arrival"))
    assert (value(row, "date"), value(row, "precision"), value(row, "sourceCount")) == (
        "2022-01-07/2022-01-08",
        "disputed",
        "2",
    )


# --- relative dates ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "words, anchor, ahead, day",
    [
        ("Tuesday", "2022-01-11", False, "2022-01-11"),  # Axios, published on a Tuesday: the day itself
        ("last Wednesday", "2022-01-11", False, "2022-01-05"),  # the Wednesday of the week before
        ("Saturday", "2022-01-11", False, "2022-01-08"),
        ("On Wednesday", "2022-01-06", False, "2022-01-05"),
        ("today", "2022-01-13", False, "2022-01-13"),
        ("в четверг", "2022-01-12", True, "2022-01-13"),  # Interfax: the ministers will approve on Thursday
        ("Накануне", "2022-01-13", False, "2022-01-12"),
        ("Завтра", "2022-01-12", False, "2022-01-13"),
        ("next Monday", "2022-01-12", False, "2022-01-17"),
        ("в прошлую среду", "2022-01-12", False, "2022-01-05"),
    ],
)
def test_relative_words_name_the_day_counted_from_their_anchor(words, anchor, ahead, day):
    assert dates.resolve(words, datetime.date.fromisoformat(anchor), ahead=ahead).isoformat() == day


def test_a_weekday_the_date_does_not_fall_on_fails_the_build_with_file_and_line(tmp_path):
    root = _project_with(tmp_path, "")
    axios = next((root / "graph" / "claims").glob("*axios*.trig"))
    text = axios.read_text(encoding="utf-8")
    axios.write_text(
        text.replace('kgo:date "2022-01-08"^^xsd:date', 'kgo:date "2022-01-09"^^xsd:date'), encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["--root", str(root), "--build-dir", str(tmp_path / "b"), "build", "--no-hermit"])
    assert result.exit_code == 2
    line = next(
        i
        for i, text in enumerate(axios.read_text(encoding="utf-8").splitlines(), 1)
        if 'kgo:dateWords "Saturday"' in text
    )
    assert f"{axios.relative_to(root)}:{line}: claim <https://w3id.org/csto-kg/claim/" in result.stderr
    assert (
        "«Saturday» counted from 2022-01-11 (the publication date) is Saturday 2022-01-08, but the claim's dates are "
        "2022-01-09" in result.stderr
    )


def test_relative_words_must_be_in_a_quote(tmp_path):
    root = _project_with(
        tmp_path,
        """claim:stray-words { kg:kyrgyz-return kgo:date "2022-01-14"^^xsd:date . }
claim:stray-words kgo:quote "В Кыргызстан сегодня 14 января вернулись военнослужащие" ; kgo:dateWords "вчера" .""",
    )
    result = CliRunner().invoke(main, ["--root", str(root), "--build-dir", str(tmp_path / "b"), "build", "--no-hermit"])
    assert result.exit_code == 2 and "kgo:dateWords «вчера» are not in any of its quotes" in result.stderr


# --- build time: HermiT's verdict is remembered ---------------------------------------------------------------------


def test_hermit_runs_only_when_what_it_reads_changed(tmp_path):
    from csto_kg.build import build
    from csto_kg.store import BuildDir

    root = _project_with(tmp_path, "")
    build_dir = BuildDir(tmp_path / "b")
    assert build(Project(root), build_dir).hermit == "consistent"
    assert build(Project(root), build_dir).hermit.startswith("consistent (remembered")
    entities = root / "graph" / "entities.ttl"
    entities.write_text(entities.read_text(encoding="utf-8").replace('"Aktau"@en', '"Aktau city"@en'), encoding="utf-8")
    assert build(Project(root), build_dir).hermit == "consistent"


def test_someone_else_in_an_office_one_person_holds_is_the_sources_error_but_a_stale_title_is_not(tmp_path):
    said = "В минобороны России 13 января сообщили"
    root = _project_with(
        tmp_path,
        f"""claim:lavrov-defence-minister {{ kg:lavrov kgo:holds kg:lavrov-minister-of-defence-of-russia .
    kg:lavrov-minister-of-defence-of-russia a kgo:OfficeHolding ; kgo:office kg:minister-of-defence-of-russia . }}
claim:lavrov-defence-minister kgo:quote "{said}" .
claim:smailov-president {{ kg:smailov kgo:holds kg:smailov-president-of-kazakhstan .
    kg:smailov-president-of-kazakhstan a kgo:OfficeHolding ; kgo:office kg:president-of-kazakhstan . }}
claim:smailov-president kgo:quote "{said}" .
claim:nazarbayev-president {{ kg:nazarbayev kgo:holds kg:nazarbayev-president-of-kazakhstan .
    kg:nazarbayev-president-of-kazakhstan a kgo:OfficeHolding ; kgo:office kg:president-of-kazakhstan . }}
claim:nazarbayev-president kgo:quote "{said}" .
claim:shoigu-until-2012 {{ kg:putin kgo:holds kg:putin-minister-of-defence-of-russia .
    kg:putin-minister-of-defence-of-russia a kgo:OfficeHolding ; kgo:office kg:minister-of-defence-of-russia ;
        kgo:endDate "2012-11-06"^^xsd:date . }}
claim:shoigu-until-2012 kgo:quote "{said}" ; kgo:inferredBecause "a test's made-up end"@en .
claim:a-second-deputy {{ kg:lavrov kgo:holds kg:lavrov-deputy-prime-minister-of-kazakhstan .
    kg:lavrov-deputy-prime-minister-of-kazakhstan a kgo:OfficeHolding ;
        kgo:office kg:deputy-prime-minister-of-kazakhstan . }}
claim:a-second-deputy kgo:quote "{said}" .""",
    )
    result = CliRunner().invoke(main, ["--root", str(root), "--build-dir", str(tmp_path / "b"), "build"])
    assert result.exit_code == 0, result.stderr
    assert "HermiT: consistent" in result.stderr
    # the register knows Shoigu held it that day; Wikidata (the enrichment) knows Tokayev did
    assert re.search(
        rf"source error: {CLAIM}lavrov-defence-minister> \(graph/claims/\S+/extra.trig:\d+\): kg:lavrov holds "
        r"kg:minister-of-defence-of-russia on 2022-01-14, but the background knowledge says kg:shoigu "
        r"\(graph/entities.ttl:\d+\) held it",
        result.stderr,
    )
    assert re.search(
        rf"source error: {CLAIM}smailov-president> .*"
        r"kg:tokayev \(graph/wikidata/enrichment.trig:\d+ \(Wikidata P39\)\)",
        result.stderr,
    )
    assert re.search(
        r"kg:minister-of-defence-of-russia \(who holds the office\): Sergei Lavrov .* vs Sergei Shoigu", result.stderr
    )
    # one line a claim and reason, though the holding's three statements are set aside (blind trial 39)
    assert result.stderr.count("source error: <https://w3id.org/csto-kg/claim/000_9509c5daf987dd37/lavrov-defence") == 1
    # Nazarbayev once held it (a stale title); a holding the claim dates is its events' to judge; deputies are many
    for claim in ("nazarbayev-president", "shoigu-until-2012", "a-second-deputy"):
        assert f"{claim}>" not in result.stderr
    store = ox.Store.read_only(str(tmp_path / "b" / "current" / "store"))
    held = {(value(r, "name"), value(r, "officeName")) for r in rows_of(store, "people-and-offices", date="2022-01-14")}
    assert ("Sergei Shoigu", "Minister of Defence of Russia") in held  # the seed's claims say so
    assert ("Sergei Lavrov", "Minister of Defence of Russia") not in held
    assert ("Alikhan Smailov", "President of Kazakhstan") not in held
    assert ("Nursultan Nazarbayev", "President of Kazakhstan") in held


def test_a_city_put_in_another_region_of_its_country_is_the_sources_error(tmp_path):
    said = "В минобороны России 13 января сообщили"
    root = _project_with(
        tmp_path,
        f"""claim:zhanaozen-in-atyrau-region {{ kg:zhanaozen kgo:locatedIn kg:atyrau-region . }}
claim:zhanaozen-in-atyrau-region kgo:quote "{said}" .
claim:aktau-in-the-west {{ kg:aktau kgo:locatedIn kg:western-kazakhstan . }}
claim:aktau-in-the-west kgo:quote "{said}" .
claim:atyrau-in-its-region {{ kg:atyrau kgo:locatedIn kg:atyrau-region . }}
claim:atyrau-in-its-region kgo:quote "{said}" .""",
    )
    result = CliRunner().invoke(main, ["--root", str(root), "--build-dir", str(tmp_path / "b"), "build"])
    assert result.exit_code == 0, result.stderr
    assert re.search(
        rf"source error: {CLAIM}zhanaozen-in-atyrau-region> \(graph/claims/\S+/extra.trig:\d+\): kg:zhanaozen "
        r"kgo:locatedIn kg:atyrau-region puts it in Atyrau Region, but the background knowledge puts it in "
        r"Mangystau Region \(graph/entities.ttl:\d+",
        result.stderr,
    )
    assert re.search(r"kg:zhanaozen \(region\): in Atyrau Region .* vs in Mangystau Region", result.stderr)
    # a part of the country that is no region, and the region the register gives, are no error
    assert "aktau-in-the-west>" not in result.stderr and "atyrau-in-its-region>" not in result.stderr
    store = ox.Store.read_only(str(tmp_path / "b" / "current" / "store"))
    assert not store.query(
        "ASK { <https://w3id.org/csto-kg/id/zhanaozen> <https://w3id.org/csto-kg/ontology#locatedIn> "
        "<https://w3id.org/csto-kg/id/atyrau-region> }",
        use_default_graph_as_union=True,
    )


def test_a_member_the_background_does_not_know_of_an_organisation_whose_members_it_all_knows_is_the_sources_error(
    tmp_path,
):
    said = "В минобороны России 13 января сообщили"
    root = _project_with(
        tmp_path,
        f"""claim:uzbekistan-in-the-csto {{ kg:uzbekistan kgo:memberOf kg:csto . }}
claim:uzbekistan-in-the-csto kgo:quote "{said}" .
claim:tajikistan-in-the-csto {{ kg:tajikistan kgo:memberOf kg:csto . }}
claim:tajikistan-in-the-csto kgo:quote "{said}" .""",
    )
    result = CliRunner().invoke(main, ["--root", str(root), "--build-dir", str(tmp_path / "b"), "build"])
    assert result.exit_code == 0, result.stderr
    assert re.search(
        rf"source error: {CLAIM}uzbekistan-in-the-csto> \(graph/claims/\S+/extra.trig:\d+\): kg:uzbekistan is made a "
        r"member of kg:csto, but the background knowledge names all its members, and not it: Armenia, Belarus, "
        r"Kazakhstan, Kyrgyzstan, Russia, Tajikistan \(graph/wikidata/enrichment.trig:\d+ \(Wikidata P463\)",
        result.stderr,
    )
    assert "kg:uzbekistan (membership): a member of" in result.stderr
    assert "tajikistan-in-the-csto>" not in result.stderr
    # without the register's word that the list is complete, a member more is no error
    register = root / "graph" / "entities.ttl"
    register.write_text(register.read_text(encoding="utf-8").replace("kg:csto kgo:allMembersKnown true .", ""))
    result = CliRunner().invoke(main, ["--root", str(root), "--build-dir", str(tmp_path / "b"), "build"])
    assert result.exit_code == 0, result.stderr
    assert "uzbekistan-in-the-csto>" not in result.stderr


def test_another_city_called_a_states_capital_is_the_sources_error(tmp_path):
    said = "В минобороны России 13 января сообщили"
    root = _project_with(
        tmp_path,
        f"""claim:almaty-the-capital {{ kg:kazakhstan kgo:capital kg:almaty . }}
claim:almaty-the-capital kgo:quote "{said}" .
claim:bishkek-the-capital {{ kg:kyrgyzstan kgo:capital kg:bishkek . }}
claim:bishkek-the-capital kgo:quote "{said}" .""",
    )
    result = CliRunner().invoke(main, ["--root", str(root), "--build-dir", str(tmp_path / "b"), "build"])
    assert result.exit_code == 0, result.stderr
    assert re.search(
        rf"source error: {CLAIM}almaty-the-capital> \(graph/claims/\S+/extra.trig:\d+\): kg:almaty is called the "
        r"capital of kg:kazakhstan, but the register gives kg:astana \(graph/entities.ttl:\d+\)",
        result.stderr,
    )
    assert re.search(r"kg:kazakhstan \(capital\): Almaty .* vs Astana", result.stderr)
    assert "bishkek-the-capital>" not in result.stderr


def test_a_person_new_to_the_register_in_an_office_another_held_that_day_is_the_sources_error(tmp_path):
    said = "В минобороны России 13 января сообщили"
    root = _project_with(
        tmp_path,
        f"""claim:jeenbekov-president {{
    kg:sooronbay-jeenbekov a kgo:Person ; rdfs:label "Sooronbay Jeenbekov"@en , "Сооронбай Жээнбеков"@ru ;
        kgo:holds kg:sooronbay-jeenbekov-president-of-kyrgyzstan .
    kg:sooronbay-jeenbekov-president-of-kyrgyzstan a kgo:OfficeHolding ; kgo:office kg:president-of-kyrgyzstan . }}
claim:jeenbekov-president kgo:quote "{said}" .""",
    )
    (root / "graph" / "claims" / SOURCE_ID / "extra.trig").write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        + (root / "graph" / "claims" / SOURCE_ID / "extra.trig").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["--root", str(root), "--build-dir", str(tmp_path / "b"), "build"])
    assert result.exit_code == 0, result.stderr
    assert re.search(
        rf"source error: {CLAIM}jeenbekov-president> .*kg:sooronbay-jeenbekov holds kg:president-of-kyrgyzstan on "
        r"2022-01-14, but the background knowledge says kg:japarov \(graph/wikidata/enrichment.trig:\d+",
        result.stderr,
    )


def test_a_holding_whose_words_name_another_year_is_left_to_its_events():
    """A second reading's: "In 2010, then President Otunbayeva" written as an undated holding is not judged as of
    the publication day (Japarov's, then): the holder rule leaves a claim whose quote names another year."""
    from csto_kg import namespaces as ns
    from csto_kg.build import read_background
    from csto_kg.disagreements import own_findings
    from csto_kg.evidence import Claim
    from csto_kg.sources import Source

    files = read_background(Project(ROOT))
    background = files.rules
    claim_iri = ns.CLAIM + "s/otunbayeva"
    g = ox.NamedNode(claim_iri)
    person, holding = ox.NamedNode(ns.KG + "roza-otunbayeva"), ox.NamedNode(ns.KG + "roza-otunbayeva-president")
    quads = [
        ox.Quad(person, ox.NamedNode(ns.KGO + "holds"), holding, g),
        ox.Quad(holding, ox.NamedNode(ns.KGO + "office"), ox.NamedNode(ns.KG + "president-of-kyrgyzstan"), g),
    ]
    source = Source(ns.SRC + "s", "s", "", "en", "2022-01-14", [])
    for quote, flagged in (
        ("In 2010, then Kyrgyz President Roza Otunbayeva", False),
        ("President Roza Otunbayeva", True),
    ):
        claim = Claim(claim_iri, files.register[0], source, [quote], quads=quads)
        assert bool(own_findings([claim], background).set_aside) == flagged, quote
