"""csto-kg pipeline on a local Spark (local[2], one context for the module): over the project's own sources it gives
the build's dataset and validate's findings whatever the input's partitions and order, finds a disagreement whose
sides lie in different partitions, writes the same bytes each time, and refuses a malformed article by name,
writing nothing."""

from __future__ import annotations

import csv
import glob
import json
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from csto_kg import namespaces as ns
from csto_kg.choices import ACCEPT_ABOVE
from csto_kg.cli import main
from csto_kg.errors import KgError
from csto_kg.formats import rdf_syntax
from csto_kg.pipeline.findings import finding_row
from csto_kg.pipeline.run import run_pipeline, spark_context
from csto_kg.project import Project
from csto_kg.remote import Endpoint, EndpointStore
from csto_kg.shacl.validation import NODE_LOCAL, validate_store

from .conftest import ROOT
from .servers import oxigraph_server

SHARDS = 4
STABLE = ("background.nq", "part-", "inferred-", "claims.csv", "refusals.csv", "findings.json")


@pytest.fixture(scope="module")
def spark():
    context = spark_context("local[2]")
    yield context
    context.stop()


@pytest.fixture(scope="module")
def runs(spark, tmp_path_factory):
    """The pipeline over the project's sources in one input partition, and in 7 with the input reversed (more
    partitions than cores, each source in another place)."""
    out = {}
    for partitions, reverse in ((1, False), (7, True)):
        folder = tmp_path_factory.mktemp("pipeline") / f"out-{partitions}"
        report = run_pipeline(
            Project(ROOT), folder, partitions=partitions, shards=SHARDS, context=spark, reverse_input=reverse
        )
        out[partitions] = (folder, report)
    return out


def _dataset(folder: Path) -> ox.Store:
    store = ox.Store()
    for path in sorted(glob.glob(str(folder / "*.nq"))):
        store.load(path=path, format=rdf_syntax("nquads"))
    return store


def _without_blank_nodes(store) -> set[str]:
    return {str(q) for q in store if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)}


def _claim_graphs(store) -> dict[str, list[str]]:
    graphs: dict[str, list[str]] = {}
    for q in store:
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(ns.CLAIM):
            graphs.setdefault(q.graph_name.value, []).append(str(q.triple))
    return {g: sorted(t) for g, t in graphs.items()}


@pytest.mark.parametrize("partitions", [1, 7])
def test_the_pipeline_gives_the_builds_dataset_whatever_the_partitions(runs, built, partitions):
    folder, report = runs[partitions]
    built_store = built.open_store()
    got = _dataset(folder)
    assert len(got) == len(built_store)
    assert _without_blank_nodes(got) == _without_blank_nodes(built_store)
    assert _claim_graphs(got) == _claim_graphs(built_store)
    inferred = ox.NamedNode(ns.INFERRED_GRAPH)
    assert len(list(got.quads_for_pattern(None, None, None, inferred))) == len(
        list(built_store.quads_for_pattern(None, None, None, inferred))
    )
    blank = lambda s: sum(1 for q in s if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode))  # noqa: E731
    assert blank(got) == blank(built_store)
    assert report.counts["claims"] == len(_claim_graphs(built_store)) and not report.refusals


def _rows(findings: list) -> Counter:
    """Findings as what they say, blank nodes as such (their labels are the parser's, anew in each run)."""
    blank = lambda text: re.sub(r"^_:\S+$", "_:", text)  # noqa: E731
    return Counter(tuple(blank(v) if isinstance(v, str) else v for v in row) for row in findings)


@pytest.mark.parametrize("partitions", [1, 7])
def test_the_pipeline_finds_what_validate_finds_whatever_the_partitions(runs, store, partitions):
    """The shapes per node on Spark and the rest on the whole output: validate's findings on the build, one for one
    (findings.json holds them; the node-local part alone is most of them, and not all)."""
    folder, report = runs[partitions]
    expected = _rows(finding_row(f) for f in validate_store(store, Project(ROOT)))
    written = json.loads((folder / "findings.json").read_text(encoding="utf-8"))
    got = _rows(
        (
            r["severity"],
            r["shape"],
            r["component"],
            r["focus"],
            r["path"],
            r["value"],
            tuple(sorted(r["messages"].items())),
        )
        for r in written
    )
    assert sum(expected.values()) > 10 and got == expected
    assert _rows(report.findings) == expected
    local = _rows(finding_row(f) for f in validate_store(store, Project(ROOT), part=NODE_LOCAL))
    assert 0 < sum(local.values()) and local <= expected


def test_a_disagreement_whose_sides_lie_in_different_partitions_is_found_as_the_build_finds_it(spark, runs, built):
    """Kloop's "more than 3,000" troops against the 2,030 of Kazinform and others: in the run with 7 partitions (the
    input reversed) the two sides of each such disagreement lie in different partitions (as Spark slices that input),
    and it is found all the same, resolved as the build resolves it (both kept: a count is never set aside), and
    nothing is set aside that the build keeps."""
    folder, report = runs[7]
    query = """SELECT ?first ?second ?resolution WHERE { GRAPH <%s> {
      ?d a kgo:Disagreement ; kgo:firstValue ?first ; kgo:secondValue ?second ; kgo:resolution ?resolution } }"""
    query = query % ns.DISAGREEMENTS_GRAPH
    rows = lambda store: sorted(  # noqa: E731
        tuple(r[v].value for v in ("first", "second", "resolution")) for r in store.query(ns.sparql_prologue() + query)
    )
    got, expected = rows(_dataset(folder)), rows(built.open_store())
    assert got == expected and any("2030" in r[0] and "3000" in r[1] for r in got)
    sides = """SELECT ?a ?b WHERE {
      ?d a kgo:Disagreement ; kgo:firstValue ?first ; kgo:secondValue ?second ; kgo:firstClaim ?c1 ; kgo:secondClaim ?c2
      FILTER(CONTAINS(STR(?first), "2030") && CONTAINS(STR(?second), "3000"))
      ?c1 prov:wasDerivedFrom ?a . ?c2 prov:wasDerivedFrom ?b }"""
    pairs = [
        (r["a"].value.removeprefix(ns.SRC), r["b"].value.removeprefix(ns.SRC))
        for r in _dataset(folder).query(ns.sparql_prologue() + sides, use_default_graph_as_union=True)
    ]
    order = [p.stem for p in sorted(Project(ROOT).sources_dir.glob("*.ttl"))][::-1]
    partition_of = {name: i for i, part in enumerate(spark.parallelize(order, 7).glom().collect()) for name in part}
    assert pairs and all(partition_of[a] != partition_of[b] for a, b in pairs), pairs
    set_aside = "SELECT ?s WHERE { ?c kgo:setAside ?s }"
    assert len(list(_dataset(folder).query(ns.sparql_prologue() + set_aside, use_default_graph_as_union=True))) == len(
        list(built.open_store().query(ns.sparql_prologue() + set_aside, use_default_graph_as_union=True))
    )


def test_the_output_is_the_same_bytes_whatever_the_partitions_and_the_input_order(runs):
    first = runs[1][0]
    names = sorted(p.name for p in first.iterdir() if p.name.startswith(STABLE))
    assert any(n.startswith("part-") for n in names) and any(n.startswith("inferred-") for n in names)
    other = runs[7][0]
    assert sorted(p.name for p in other.iterdir() if p.name.startswith(STABLE)) == names
    for name in names:
        assert (other / name).read_bytes() == (first / name).read_bytes(), name


def test_claims_csv_says_who_made_each_claim_as_the_build_types_it(runs, store):
    """Curated by hand or accepted by a person in review: made_by is the build's kgo:CuratedClaim or
    kgo:ReviewedClaim of that claim, and a person checked each (the project has no claim accepted by software)."""
    with open(runs[7][0] / "claims.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == runs[7][1].counts["claims"]
    kinds = {"curated": ns.KGO + "CuratedClaim", "reviewed": ns.KGO + "ReviewedClaim"}
    typed = {
        (q.subject.value, q.object.value)
        for kind in kinds.values()
        for q in store.quads_for_pattern(None, ox.NamedNode(ns.RDF_TYPE), ox.NamedNode(kind), None)
    }
    assert {(r["claim"], kinds[r["made_by"]]) for r in rows} == typed
    assert {r["made_by"] for r in rows} == set(kinds) and {r["checked_by_a_person"] for r in rows} == {"yes"}


def _articles(folder: Path, malformed: bool) -> Path:
    folder.mkdir()
    (folder / "good.txt").write_text(
        "Kyrgyz President Sadyr Japarov said on Tuesday that the Kyrgyz contingent returned home from Kazakhstan "
        "on 13 January 2022. Kazakh President Kassym-Jomart Tokayev thanked the CSTO.\n",
        encoding="utf-8",
    )
    if malformed:
        (folder / "bad.txt").write_bytes("Кыргызский контингент вернулся".encode("cp1251"))
    table = folder.parent / f"{folder.name}.csv"
    lines = ["file,publisher,published,lang,url", "good.txt,Example Wire,2022-01-14,en,https://example.org/a"]
    if malformed:
        lines.append("bad.txt,Example Wire,2022-01-14,ru,https://example.org/b")
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return table


def test_a_malformed_article_is_one_refusal_exit_2_and_no_output(spark, built, tmp_path):
    articles = tmp_path / "articles"
    table = _articles(articles, malformed=True)
    output = tmp_path / "out"
    with pytest.raises(KgError) as refused:
        run_pipeline(
            Project(ROOT), output, input_dir=articles, metadata=table, partitions=2, shards=SHARDS, context=spark,
            build_store=built.current / "store", accepted_at="2026-12-04T00:00:00Z",
        )  # fmt: skip
    assert refused.value.exit_code == 2
    message = str(refused.value)
    assert "1 article(s) or claim(s) refused" in message and "bad.txt" in message and "not UTF-8" in message
    assert not output.exists() and list(tmp_path.glob(".out*")) == []
    # allowed one refusal, the run commits: the refusal is a row, the good article's claims are extract's
    report = run_pipeline(
        Project(ROOT), output, input_dir=articles, metadata=table, partitions=2, shards=SHARDS, context=spark,
        build_store=built.current / "store", accepted_at="2026-12-04T00:00:00Z", max_refusals=1,
    )  # fmt: skip
    with open(output / "refusals.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["file"] for r in rows] == ["bad.txt"] and "not UTF-8" in rows[0]["reason"]
    with open(output / "claims.csv", encoding="utf-8") as f:
        claims = list(csv.DictReader(f))
    assert claims and {c["made_by"] for c in claims} == {"unchecked"}
    assert all(float(c["confidence"]) >= ACCEPT_ABOVE for c in claims)
    assert report.counts["unchecked_claims"] == len(claims)
    store = _dataset(output)
    software = "ASK { ?c prov:wasAttributedTo ?agent . ?agent a prov:SoftwareAgent . ?c a kgo:UncheckedClaim }"
    assert store.query(ns.sparql_prologue() + software, use_default_graph_as_union=True)


def test_an_article_in_the_other_language_s_alphabet_is_refused_as_add_refuses_it(spark, built, tmp_path):
    """`add` refuses a text written mostly in the other language's alphabet; the pipeline, which runs add's checks,
    refuses it too (it had been left out of them)."""
    articles = tmp_path / "articles"
    table = _articles(articles, malformed=False)
    (articles / "russian.txt").write_text("Киргизский контингент вернулся домой из Казахстана.\n", encoding="utf-8")
    with open(table, "a", encoding="utf-8") as f:
        f.write("russian.txt,Example Wire,2022-01-14,en,https://example.org/c\n")
    with pytest.raises(KgError) as refused:
        run_pipeline(
            Project(ROOT), tmp_path / "out", input_dir=articles, metadata=table, partitions=2, shards=SHARDS,
            context=spark, build_store=built.current / "store", accepted_at="2026-12-04T00:00:00Z",
        )  # fmt: skip
    message = str(refused.value)
    assert "1 article(s) or claim(s) refused" in message and "russian.txt" in message
    assert "mostly in Cyrillic letters: is it --lang ru?" in message


def test_a_copy_of_a_stored_source_with_other_line_endings_is_refused_as_add_refuses_it(spark, built, tmp_path):
    """The SHA-256 of the bytes missed a stored article saved again with Windows line endings; add refuses it, and
    the pipeline does now too (by the digest of each stored text with Unix line endings)."""
    articles = tmp_path / "articles"
    table = _articles(articles, malformed=False)
    stored = sorted((ROOT / "graph" / "sources").glob("*.txt"))[0].read_bytes()
    assert b"\r" not in stored
    (articles / "windows.txt").write_bytes(stored.replace(b"\n", b"\r\n"))
    with open(table, "a", encoding="utf-8") as f:
        f.write("windows.txt,Example Wire,2022-01-14,ru,https://example.org/w\n")
    with pytest.raises(KgError) as refused:
        run_pipeline(
            Project(ROOT), tmp_path / "out", input_dir=articles, metadata=table, partitions=2, shards=SHARDS,
            context=spark, build_store=built.current / "store", accepted_at="2026-12-04T00:00:00Z",
        )  # fmt: skip
    message = str(refused.value)
    assert "1 article(s) or claim(s) refused" in message and "windows.txt" in message
    assert "the same text with other line endings" in message


def test_a_publisher_the_graph_knows_is_that_entity_not_a_new_outlet(spark, built, tmp_path):
    """As `add` (the third outsider's trial): an article published by "Ministry of Defence of Belarus", an entity a
    reviewed claim added, was given a new outlet of that IRI: a second type and labels for the ministry."""
    articles = tmp_path / "articles"
    table = _articles(articles, malformed=False)
    table.write_text(table.read_text(encoding="utf-8").replace("Example Wire", "Ministry of Defence of Belarus"))
    output = tmp_path / "out"
    run_pipeline(
        Project(ROOT), output, input_dir=articles, metadata=table, partitions=2, shards=SHARDS, context=spark,
        build_store=built.current / "store", accepted_at="2026-12-04T00:00:00Z",
    )  # fmt: skip
    ministry = ox.NamedNode(ns.KG + "ministry-of-defence-of-belarus")
    labels = {(q.object.value, q.object.language) for q in _dataset(output).quads_for_pattern(ministry, None, None)
              if q.predicate.value == ns.RDFS_LABEL}  # fmt: skip
    assert ("Ministry of Defence of Belarus", "ru") not in labels  # a new outlet's label in both languages
    published = "ASK { ?source schema:publisher kg:ministry-of-defence-of-belarus }"
    assert _dataset(output).query(ns.sparql_prologue() + published, use_default_graph_as_union=True)


def test_a_parquet_metadata_table_gives_the_articles_its_csv_gives_wherever_it_lies(spark, tmp_path):
    from pyspark.sql import SparkSession

    from csto_kg.pipeline.run import read_metadata

    articles = tmp_path / "articles"
    table = _articles(articles, malformed=True)
    with open(table, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    parquet = tmp_path / "meta [2022]{a,b}*?.parquet"  # Hadoop would read the name as a pattern
    spark_session = SparkSession.builder.getOrCreate()
    spark_session.createDataFrame(rows).coalesce(1).write.parquet(str(parquet))
    assert parquet.is_dir()
    assert read_metadata(parquet, articles) == read_metadata(table, articles) and len(rows) == 2
    with pytest.raises(KgError, match="no such metadata table"):
        read_metadata(tmp_path / "absent.parquet", articles)
    spark_session.createDataFrame([{"file": "a.txt"}]).write.parquet(str(tmp_path / "t.parquet"))
    with pytest.raises(KgError, match="lacks the column"):
        read_metadata(tmp_path / "t.parquet", articles)


def test_the_command_says_what_to_install_without_pyspark(monkeypatch):
    import builtins

    real = builtins.__import__

    def without_pyspark(name, *args, **kwargs):
        if name == "pyspark" or name.startswith("pyspark."):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_pyspark)
    with pytest.raises(KgError, match=r"pip install 'csto-kg\[spark\]'"):
        spark_context("local[1]")


# A generated corpus (bench/corpus.py) of this many articles: 10^4 take about 7 minutes here, more than the suite
# can spend (docs/benchmarks.md); bench/pipeline_bench.py runs that size, and `make pipeline-truth` in CI. 600 plant
# 127 disagreements, 23 outvoted dates, 12 errors and 6 violations (the generator is seeded): enough of each kind.
CORPUS_ARTICLES = 600


@pytest.fixture(scope="module")
def corpus(spark, tmp_path_factory):
    """A synthetic corpus with its planted truth, through the pipeline (--input, --metadata) on its world's build."""
    sys.path.insert(0, str(ROOT / "bench"))
    import corpus as generator

    out = tmp_path_factory.mktemp("corpus") / "c"
    generator.generate(CORPUS_ARTICLES, out, log=lambda message: None)
    generator.build_world(out)
    report = run_pipeline(
        Project(out / "world"), out / "out", input_dir=out / "articles", metadata=out / "metadata.csv",
        partitions=2, shards=SHARDS, context=spark, build_store=out / "world" / "build" / "current" / "store",
        accepted_at="2026-12-04T00:00:00Z", accept_above=generator.ACCEPT_ABOVE,
    )  # fmt: skip
    return generator, out, report


def test_the_planted_facts_disagreements_errors_and_violations_of_a_generated_corpus_are_found(corpus):
    """Each article's dates, head counts, places and offices are stated by a claim of its source, no event is dated
    or counted otherwise than its article says; the date and count disagreements, the outvoted dates, the places
    set aside as the source's error and the events no article reports are exactly the planted ones."""
    generator, out, report = corpus
    assert report.counts["articles"] == CORPUS_ARTICLES and not report.refusals
    result = generator.compare(out / "truth.jsonl", out / "out")
    for kind, found in result.items():
        assert found["missed_count"] == 0 and found["wrong_count"] == 0, (kind, found["missed"], found["wrong"])
    planted = {kind: found["planted"] for kind, found in result.items()}
    assert planted["facts"] > 2 * CORPUS_ARTICLES and planted["disagreements"] > 100  # real work, not a few cases
    assert min(planted["outvoted"], planted["errors"], planted["violations"]) >= 5


def test_on_the_corpus_the_pipeline_finds_what_validate_finds(corpus):
    """validate on every quad of the output, one for one; the node-local part and the whole-graph part both count."""
    _, out, report = corpus
    store = ox.Store()
    for path in sorted((out / "out").glob("*.nq")):
        store.bulk_extend(ox.parse(path=str(path), format=rdf_syntax("nquads")))
    project = Project(out / "world")
    expected = _rows(finding_row(f) for f in validate_store(store, project))
    assert _rows(report.findings) == expected
    local = _rows(finding_row(f) for f in validate_store(store, project, part=NODE_LOCAL))
    assert 0 < sum(local.values()) < sum(expected.values())


def test_without_the_whole_graph_the_findings_are_those_each_nodes_neighbourhood_decides(spark, store, tmp_path):
    """--no-whole-graph: findings.json holds validate's node-local findings, one for one, and says that is all."""
    folder = tmp_path / "out [1]{a,b}*?"  # Hadoop reads these as a pattern: the pipeline must not hand it DIR
    report = run_pipeline(Project(ROOT), folder, partitions=2, shards=SHARDS, context=spark, whole_graph=False)
    info = json.loads((folder / "pipeline-info.json").read_text(encoding="utf-8"))
    assert info["findings"].startswith("node-local constraints only")
    local = _rows(finding_row(f) for f in validate_store(store, Project(ROOT), part=NODE_LOCAL))
    assert sum(local.values()) > 10 and _rows(report.findings) == local


def test_at_scale_the_rest_of_the_findings_come_from_the_server_after_push(corpus):
    """The corpus's shards pushed to the Oxigraph server: `validate --endpoint` there gives validate's findings, the
    ones no node's neighbourhood decides (events no article reports) among them."""
    _, out, report = corpus
    project = Project(out / "world")
    local = _rows(finding_row(f) for f in validate_store(_dataset(out / "out"), project, part=NODE_LOCAL))
    with oxigraph_server([], union_default_graph=True) as base:
        pushed = CliRunner().invoke(main, ["--graph-store", base + "/store", "push", str(out / "out")])
        assert pushed.exit_code == 0, pushed.output
        there = _rows(finding_row(f) for f in validate_store(EndpointStore(Endpoint(base + "/query")), project))
    assert there == _rows(report.findings) and local < there


def test_what_a_claims_own_rules_find_against_the_background_is_written_as_the_build_writes_it(spark, tmp_path):
    """A second reading's: the pipeline kept the statements a claim's own rules set aside but not the disagreements
    they record (a kind, a holder, a member, a capital), and numbered two rules' set-aside statements of one claim in
    another order than the build."""
    root = tmp_path / "project"
    for folder in ("ontology", "graph", "queries", "shapes"):
        shutil.copytree(ROOT / folder, root / folder)
    seed = next(p.stem for p in (root / "graph" / "sources").glob("000_*.ttl"))
    folder = root / "graph" / "claims" / seed
    folder.mkdir()
    shutil.move(str(root / "graph" / "claims" / f"{seed}.trig"), folder / "main.trig")
    said = "В минобороны России 13 января сообщили"
    (folder / "extra.trig").write_text(
        f"""@prefix kg: <https://w3id.org/csto-kg/id/> . @prefix kgo: <https://w3id.org/csto-kg/ontology#> .
@prefix claim: <https://w3id.org/csto-kg/claim/{seed}/> .
claim:two-errors {{ kg:kazakhstan kgo:capital kg:almaty . kg:uzbekistan kgo:memberOf kg:csto . }}
claim:two-errors kgo:quote "{said}" .
claim:lavrov-defence-minister {{ kg:lavrov kgo:holds kg:lavrov-minister-of-defence-of-russia .
    kg:lavrov-minister-of-defence-of-russia a kgo:OfficeHolding ; kgo:office kg:minister-of-defence-of-russia . }}
claim:lavrov-defence-minister kgo:quote "{said}" .
""",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["--root", str(root), "--build-dir", str(tmp_path / "b"), "build", "--no-hermit"])
    assert result.exit_code == 0, result.stderr
    built = ox.Store.read_only(str(tmp_path / "b" / "current" / "store"))
    run_pipeline(Project(root), tmp_path / "out", partitions=2, shards=SHARDS, context=spark)
    got = _dataset(tmp_path / "out")
    aspects = """SELECT ?aspect WHERE { GRAPH <%s> { ?d a kgo:Disagreement ; kgo:aspect ?aspect } }""" % (
        ns.DISAGREEMENTS_GRAPH
    )
    found = lambda store: sorted(
        r["aspect"].value.removeprefix(ns.KGO) for r in store.query(ns.sparql_prologue() + aspects)
    )  # noqa: E731
    assert {"CapitalAspect", "MembershipAspect", "HolderAspect"} <= set(found(built))
    assert found(got) == found(built)
    assert _without_blank_nodes(got) == _without_blank_nodes(built)
