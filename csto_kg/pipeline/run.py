"""`csto-kg pipeline`: the driver. It lists the articles, starts (or is handed) a Spark context bound to 127.0.0.1
with no UI, runs the stages of csto_kg.pipeline.articles and csto_kg.pipeline.events, and commits the output
folder atomically: everything is written to a folder beside DIR and renamed into place at the end, so a failed run
leaves no partial output and the previous output stays whole.

Output (DIR): `background.nq` (ontology, register, Wikidata links), `part-NNNNN.nq` (one per shard: sources, claims in
their named graphs, evidence, set-aside statements, disagreements), `inferred-NNNNN.nq` (what the ontology entails,
found per shard with what of the shared context touches it (events.SharedContext), deduplicated and without what is
stated anywhere: what the build's graph/inferred holds), `findings.json` (what `csto-kg validate` finds in the same
dataset: the constraints each node's neighbourhood decides, run per node on Spark, and the rest on the whole output;
see pipeline.findings), `claims.csv` (each claim, its source, who made it a claim: curated, reviewed by a person, or
unchecked, accepted by extract with its confidence), `refusals.csv`, `pipeline-info.json`, `timings.json`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .. import __version__, disagreements
from .. import namespaces as ns
from ..choices import ACCEPT_ABOVE
from ..errors import KgError
from ..formats import rdf_syntax
from ..project import Project
from ..reasoning import materialise
from . import articles as stage
from . import events, findings

METADATA_COLUMNS = ("file", "publisher", "published", "lang", "url")
MISSING_SPARK = (
    "csto-kg pipeline runs on Apache Spark, which is not installed: pip install 'csto-kg[spark]' "
    "(or .venv/bin/pip install 'pyspark>=3.5'; `make test` installs it); it needs Java 17"
)


@dataclass
class PipelineReport:
    output: Path | None = None
    counts: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)
    refusals: list = field(default_factory=list)
    disagreements: list = field(default_factory=list)
    findings: list = field(default_factory=list)
    findings_scope: str = ""


def spark_context(master: str, parallelism: int | None = None):
    """A Spark context on `master`, bound to 127.0.0.1, no UI, nothing downloaded; the one this process has if
    there is one already."""
    try:
        from pyspark import SparkConf, SparkContext
    except ImportError:
        raise KgError(MISSING_SPARK) from None
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    conf = (
        SparkConf()
        .setMaster(master)
        .setAppName("csto-kg pipeline")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.ui.enabled", "false")
        .set("spark.ui.showConsoleProgress", "false")
        .set("spark.python.worker.reuse", "true")
    )
    if parallelism:
        conf = conf.set("spark.default.parallelism", str(parallelism))
    context = SparkContext.getOrCreate(conf)
    context.setLogLevel("ERROR")
    return context


def read_metadata(path: Path, input_dir: Path) -> list[stage.Article]:
    """The metadata table (CSV, or Parquet read through Spark) as articles; a missing column names the file."""
    if path.suffix.lower() == ".parquet":
        from pyspark.sql import SparkSession

        if not path.exists():
            raise KgError("no such metadata table", path)
        literal = re.sub(r"([\\{}\[\]*?])", r"\\\1", str(path))  # Hadoop reads [ ] { } * ? as a pattern
        rows = [r.asDict() for r in SparkSession.builder.getOrCreate().read.parquet(literal).collect()]
        columns = set(rows[0]) if rows else set(METADATA_COLUMNS)
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise KgError(f"cannot read the metadata table: {exc}", path) from None
        reader = csv.DictReader(io.StringIO(text))
        columns = set(reader.fieldnames or ())
        rows = list(reader)
    missing = [c for c in METADATA_COLUMNS if c not in columns]
    if missing:
        raise KgError(
            f"the metadata table lacks the column(s) {', '.join(missing)} (it needs {', '.join(METADATA_COLUMNS)})",
            path,
        )
    found = []
    for turn, row in enumerate(rows, start=1):
        name = str(row["file"] or "")
        found.append(
            stage.Article(
                name, turn, publisher=str(row["publisher"] or ""), published=str(row["published"] or ""),
                lang=str(row["lang"] or ""), url=str(row["url"] or "") or None, path=str(input_dir / name),
            )
        )  # fmt: skip
    return found


def properties_to_join(ontology: list[ox.Quad]) -> set[str]:
    """The properties two-premise rules join on (transitive ones, property chains' links) and every property that
    entails one of them (sub-properties, inverses): their statements are the skeleton every shard shares."""
    sub, inverse, wanted = {}, {}, set()
    lists = {}
    for q in ontology:
        p, o = q.predicate.value, q.object
        if p == ns.RDF_TYPE and o.value == ns.OWL + "TransitiveProperty":
            wanted.add(q.subject.value)
        elif p == ns.RDFS + "subPropertyOf":
            sub.setdefault(o.value, set()).add(q.subject.value)
        elif p == ns.OWL + "inverseOf":
            inverse.setdefault(o.value, set()).add(q.subject.value)
            inverse.setdefault(q.subject.value, set()).add(o.value)
        elif p in (ns.RDF + "first", ns.RDF + "rest"):
            lists.setdefault(q.subject, {})[p] = o
    for q in ontology:
        if q.predicate.value == ns.OWL + "propertyChainAxiom":
            node = q.object
            while node in lists:
                wanted.add(lists[node][ns.RDF + "first"].value)
                node = lists[node][ns.RDF + "rest"]
    todo = list(wanted)
    while todo:
        p = todo.pop()
        for q in sub.get(p, set()) | inverse.get(p, set()):
            if q not in wanted:
                wanted.add(q)
                todo.append(q)
    return wanted


def stable_blank_nodes(quads: list[ox.Quad]) -> list[ox.Quad]:
    """Blank nodes renamed in the order they are first met (the parser names them anew each run): the same files
    give the same bytes."""
    names: dict = {}

    def stable(term):
        if isinstance(term, ox.BlankNode):
            return names.setdefault(term, ox.BlankNode(f"b{len(names)}"))
        return term

    return [ox.Quad(stable(q.subject), q.predicate, stable(q.object), q.graph_name) for q in quads]


def nquads(quads) -> bytes:
    return ox.serialize(sorted(set(quads), key=str), format=rdf_syntax("nquads"))


def run_pipeline(
    project: Project,
    output: Path,
    *,
    master: str = "local[2]",
    input_dir: Path | None = None,
    metadata: Path | None = None,
    partitions: int | None = None,
    shards: int = 16,
    accept_above: float = ACCEPT_ABOVE,
    accepted_at: str | None = None,
    max_refusals: int = 0,
    build_store: Path | None = None,
    context=None,
    reverse_input: bool = False,
    whole_graph: bool = True,
    log=lambda message: None,
) -> PipelineReport:
    """The pipeline, committed to `output` atomically. `context`: a Spark context to use (and leave running);
    `reverse_input` hands Spark the articles in reverse order (the output must not change); `whole_graph`: find
    what no node's neighbourhood decides too, on the driver (else leave it to `validate --endpoint` after push)."""
    report = PipelineReport()
    start = time.perf_counter()
    output = output.resolve()
    if output.exists() and not output.is_dir():
        raise KgError("the output must be a folder", output)
    output.parent.mkdir(parents=True, exist_ok=True)
    if input_dir is not None:
        if metadata is None:
            raise KgError("--input needs --metadata FILE (CSV or Parquet: file, publisher, published, lang, url)")
        if not input_dir.is_dir():
            raise KgError("--input: not a folder", input_dir)
        if build_store is None or not build_store.is_dir():
            raise KgError("extract reads the current build (the register and its events): run `csto-kg build` first")
    sc = context or spark_context(master, partitions)
    report.seconds["start-up"] = round(time.perf_counter() - start, 3)
    from ..build import read_background

    background = read_background(project)
    refusals: list[stage.Refusal] = []
    if input_dir is None:
        items = [
            stage.Article(p.stem, turn, stored=True)
            for turn, p in enumerate(sorted(project.sources_dir.glob("*.ttl")), 1)
        ]
    else:
        items = read_metadata(metadata, input_dir)
        listed = {a.name for a in items}
        for path in sorted(input_dir.iterdir()):
            if path.is_file() and path.name not in listed and path.resolve() != metadata.resolve():
                refusals.append(stage.Refusal(path.name, 0, "no row of the metadata table names it"))
    if reverse_input:
        items = items[::-1]
    digests = frozenset(
        q.object.value
        for p in sorted(project.sources_dir.glob("*.ttl"))
        for q in ox.parse(path=str(p), format=rdf_syntax("turtle"))
        if q.predicate.value == ns.KGO + "sha256"
    )
    texts = frozenset(stage.text_digest(p.read_bytes()) for p in sorted(project.sources_dir.glob("*.txt")))
    settings = stage.Settings(
        run=f"{os.getpid()}-{time.time_ns()}",
        root=str(project.root),
        store=str(build_store) if input_dir is not None else None,
        accept_above=accept_above,
        accepted_at=accepted_at or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        stored_digests=digests,
        stored_text_digests=texts,
    )
    work = Path(tempfile.mkdtemp(prefix=f".{output.name}.", suffix=".partial", dir=output.parent))
    try:
        _run(sc, project, background, items, refusals, settings, work, partitions, shards, whole_graph, report, log)
        if len(refusals) > max_refusals:
            shown = "\n".join(f"  {r.file}: {r.reason}" for r in refusals[:20])
            more = f"\n  … and {len(refusals) - 20} more" if len(refusals) > 20 else ""
            raise KgError(
                f"{len(refusals)} article(s) or claim(s) refused (at most {max_refusals} allowed, --max-refusals); "
                f"nothing written:\n{shown}{more}"
            )
        report.seconds["total"] = round(time.perf_counter() - start, 3)
        _info(work, report, master, sc, partitions, shards, settings)
        _commit(work, output)
        report.output = output
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if context is None:
            sc.stop()
    return report


def _run(sc, project, background, items, refusals, settings, work, partitions, shards, whole_graph, report, log):
    seconds = report.seconds
    t = time.perf_counter()
    log(f"{len(items)} article(s): add's checks and the claims, per article")
    articles = sc.parallelize(items, partitions or sc.defaultParallelism)
    results = articles.mapPartitions(lambda it: stage.process(it, settings)).persist()
    refusals += results.flatMap(lambda r: r.refusals).collect()
    typed = set(results.flatMap(lambda r: r.typed).collect())
    refusals += [r for iri, r in results.flatMap(lambda r: r.untyped.items()).collect() if iri not in typed]
    refusals.sort(key=lambda r: (r.turn, r.file, r.reason))
    report.refusals = refusals
    own = results.flatMap(lambda r: [s for c in r.claims for s in c.own]).collect()
    own_disagreements = results.flatMap(lambda r: [kd for c in r.claims for kd in c.own_disagreements]).collect()
    geography = results.flatMap(
        lambda r: [disagreements.Geography.of([c.claim], {s.quad for s in c.own}) for c in r.claims]
    ).fold(disagreements.Geography(), lambda a, b: a.merge(b))
    seconds["articles"] = round(time.perf_counter() - t, 3)

    t = time.perf_counter()
    log(f"the shuffle by event, into {shards} shards; the disagreement rules per event")
    rules = background.rules
    pairs = results.flatMap(events.keyed).partitionBy(shards, lambda key: events.shard_of(key, shards)).persist()
    per_event = pairs.mapPartitions(lambda it: events.find(it, rules, geography)).collect()
    found = events.merge(per_event + [("disagreement", kd) for kd in own_disagreements], own)
    found_shared = sc.broadcast(found)  # once per worker, not once per task
    report.disagreements = [d.describe(rules.labels) for _, d in found.disagreements]
    seconds["events"] = round(time.perf_counter() - t, 3)

    t = time.perf_counter()
    log("what the ontology entails: the skeleton every shard shares")
    ontology = background.ontology_quads
    joined = properties_to_join(ontology)
    skeleton = results.flatMap(lambda r: events.skeleton(r.claims, found, joined)).collect()
    shared = [
        q for f in background.register + background.wikidata for q in f.quads if isinstance(q.graph_name, ox.NamedNode)
    ]
    if settings.store is not None:  # who accepted the claims without a person, as review writes it
        from ..ingest.review import extractor_description

        g = ox.NamedNode(ns.ENTITIES_GRAPH)
        shared += [ox.Quad(t_.subject, t_.predicate, t_.object, g) for t_ in extractor_description()]
    base = stable_blank_nodes(ontology + shared)
    (work / "background.nq").write_bytes(nquads(base))
    inferred_graph = ox.NamedNode(ns.INFERRED_GRAPH)
    context = ox.Store()
    context.extend(base)
    materialise(context)
    base_inferred = set(context.quads_for_pattern(None, None, None, inferred_graph))
    context.extend(skeleton)
    materialise(context)
    context_inferred = list(context.quads_for_pattern(None, None, None, inferred_graph))
    linked = skeleton + [q for q in context_inferred if q not in base_inferred]
    shared_context = sc.broadcast(events.SharedContext(nquads(base + sorted(base_inferred, key=str)), nquads(linked)))
    seconds["context"] = round(time.perf_counter() - t, 3)

    t = time.perf_counter()
    log("per shard: claims, evidence, what is set aside, what the ontology entails, SHACL")
    out = pairs.mapPartitions(
        lambda it: events.write_shards(it, found_shared.value, shared_context.value, work, shards)
    ).persist()
    asserted = out.filter(lambda r: r[0] == "asserted").map(lambda r: r[1])
    asserted = asserted.union(sc.parallelize([str(q.triple) for q in base], 1))
    candidates = out.filter(lambda r: r[0] == "inferred").map(lambda r: r[1])
    candidates = candidates.union(sc.parallelize([str(q.triple) for q in context_inferred], 1))
    inferred = candidates.distinct(shards).subtract(asserted, shards)
    counts = (
        inferred.map(lambda triple: (triple, None))
        .partitionBy(shards, lambda triple: events.shard_of(triple, shards))
        .mapPartitionsWithIndex(lambda i, it: [_write_inferred(i, [k for k, _ in it], work)])
        .collect()
    )
    claims = sorted(out.filter(lambda r: r[0] == "claim").map(lambda r: r[1]).collect())
    seconds["shards"] = round(time.perf_counter() - t, 3)
    _findings(sc, project, settings, work, shards, whole_graph, report, log)
    _tables(work, report, claims)
    written = sum(1 for _ in work.glob("part-*.nq"))
    quads = sum(p.read_bytes().count(b"\n") for p in work.glob("*.nq"))
    report.counts = {
        "articles": len(items),
        "refused": len(refusals),
        "claims": len(claims),
        "unchecked_claims": sum(1 for c in claims if c[2] == ns.KGO + "UncheckedClaim"),
        "disagreements": len(found.disagreements),
        "set_aside": sum(len(v) for v in found.set_aside.values()),
        "inferred": sum(counts),
        "quads": quads,
        "shards": written,
        "findings": len(report.findings),
    }
    results.unpersist()
    pairs.unpersist()
    out.unpersist()
    found_shared.destroy()
    shared_context.destroy()


def _findings(sc, project, settings, work, shards, whole_graph, report, log) -> None:
    """What validate finds in the output: per node on Spark, then the rest on the driver (see pipeline.findings)."""
    from ..shacl.validation import load_shapes

    t = time.perf_counter()
    log("the shapes, per node: what each node's neighbourhood decides")
    by_node = lambda key: events.shard_of(key, shards)  # noqa: E731
    # the files by name, each read by a worker: Hadoop's textFile would take [ ] { } * ? in DIR as a pattern
    files = sorted(str(path) for path in work.glob("*.nq"))
    lines = sc.parallelize(files, max(1, min(shards, len(files)))).flatMap(_lines_of)
    hierarchy = sc.broadcast(lines.filter(findings.hierarchy).collect())
    found = (
        lines.mapPartitions(findings.keyed)
        .partitionBy(shards, by_node)
        .mapPartitions(findings.with_neighbours_types)
        .partitionBy(shards, by_node)
        .mapPartitions(lambda it: findings.validate_partition(it, stage.loaded(settings).shapes, hierarchy.value))
        .collect()
    )
    report.seconds["findings-by-node"] = round(time.perf_counter() - t, 3)
    report.findings_scope = "node-local constraints only: the rest on the server (validate --endpoint)"
    if whole_graph:
        t = time.perf_counter()
        log("the shapes and checks no node's neighbourhood decides, on the whole output")
        shapes = load_shapes(sorted(project.shapes_dir.glob("*.ttl")), project.relative)
        found += findings.whole_graph(work, shapes, project.queries_dir / "checks")
        report.seconds["findings-whole-graph"] = round(time.perf_counter() - t, 3)
        report.findings_scope = "complete"
    report.findings = findings.ordered(found)


def _lines_of(path: str):
    with open(path, encoding="utf-8") as f:
        for line in f:
            yield line.rstrip("\n")


def _write_inferred(index: int, triples: list[str], folder: Path) -> int:
    if not triples:
        return 0
    parsed = ox.parse(("\n".join(f"{t} ." for t in triples) + "\n").encode(), format=rdf_syntax("ntriples"))
    graph = ox.NamedNode(ns.INFERRED_GRAPH)
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in parsed]
    (folder / f"inferred-{index:05d}.nq").write_bytes(nquads(quads))
    return len(quads)


def _tables(work: Path, report: PipelineReport, claims: list) -> None:
    kinds = {
        ns.KGO + "CuratedClaim": "curated",
        ns.KGO + "ReviewedClaim": "reviewed",
        ns.KGO + "UncheckedClaim": "unchecked",
    }
    with open(work / "claims.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["claim", "source", "made_by", "checked_by_a_person", "confidence"])
        for iri, source, kind, confidence in claims:
            writer.writerow(
                [iri, source, kinds.get(kind, kind), "no" if kind == ns.KGO + "UncheckedClaim" else "yes",
                 "" if confidence is None else f"{confidence:.2f}"]
            )  # fmt: skip
    with open(work / "refusals.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["file", "row", "reason"])
        for r in report.refusals:
            writer.writerow([r.file, r.turn or "", r.reason])
    rows = [
        {"severity": s, "shape": shape, "component": c, "focus": focus, "path": path, "value": value,
         "messages": dict(messages)}
        for s, shape, c, focus, path, value, messages in report.findings
    ]  # fmt: skip
    (work / "findings.json").write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _info(work, report, master, sc, partitions, shards, settings) -> None:
    info = {
        "csto_kg_version": __version__,
        "master": master,
        "input_partitions": partitions or sc.defaultParallelism,
        "shards": shards,
        "accept_above": settings.accept_above if settings.store else None,
        "counts": report.counts,
        "findings": report.findings_scope,
        "disagreements": report.disagreements,
    }
    (work / "pipeline-info.json").write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    # the timings apart: they change from run to run, the rest does not
    (work / "timings.json").write_text(json.dumps(report.seconds, indent=2) + "\n", encoding="utf-8")


def _commit(work: Path, output: Path) -> None:
    """The finished folder renamed into place; a previous output is moved aside first and removed after."""
    old = None
    if output.exists():
        old = output.parent / f".{output.name}.{time.time_ns()}.old"
        output.rename(old)
    try:
        work.rename(output)
    except OSError:
        if old is not None:
            old.rename(output)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
