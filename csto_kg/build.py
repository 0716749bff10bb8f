"""`csto-kg build`: ontology + sources + entities + claims -> evidence -> disagreements -> reasoning -> checks
-> build/.

Named graphs of the output dataset:
  <graph/ontology>  the ontology          <graph/sources>        source texts and their sentences
  <graph/entities>  curated entities      <graph/evidence>
  claims' provenance, Web Annotations, set-aside statements
  <claim/...>       one per claim          <graph/disagreements>  what the sources disagree about
  <graph/inferred>  what the ontology entails
"""

from __future__ import annotations

import gc
import json
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import __version__, disagreements
from . import namespaces as ns
from .errors import CheckFailed, KgError
from .evidence import UNCHECKED, Claim, evidence_quads, kind_of, read_claims, source_id_of
from .formats import rdf_syntax
from .loader import RdfFile, Vocabulary, check_terms, read_rdf
from .project import Project
from .reasoning import explain_inconsistency, materialise, prove_consistent
from .sources import Source, load_source, source_quads, take_claimed_origins
from .store import BuildDir
from .wikidata import read_enrichment, read_links

CHECKED = "checked"  # the release's store of the claims a person checked (csto-kg --checked-only)


@dataclass
class BuildReport:
    release: Path | None = None
    counts: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)
    hermit: str = "not run"
    findings: list = field(default_factory=list)
    disagreements: list = field(default_factory=list)
    set_aside: list = field(default_factory=list)
    checked: ox.Store | None = None  # the dataset without the claims no person checked, when there are any


def _no_log(message: str) -> None:
    pass


@contextmanager
def _step(report: BuildReport, name: str, message: str = "", log=_no_log):
    """Log what the build is doing and record how long it took."""
    if message:
        log(message)
    start = time.perf_counter()
    yield
    report.seconds[name] = round(time.perf_counter() - start, 3)


@dataclass
class Inputs:
    """The project's data files, parsed, by role."""

    ontology: list[RdfFile]
    sources_meta: list[RdfFile]
    register: list[RdfFile]
    claim_files: list[RdfFile]
    wikidata: list[RdfFile]
    sources: dict[str, Source]
    claims: list[Claim]

    @property
    def data(self) -> list[RdfFile]:
        return self.sources_meta + self.register + self.claim_files + self.wikidata


@dataclass
class BackgroundFiles:
    """What the project holds apart from its sources and claims: the ontology, the register, the Wikidata files."""

    ontology: list[RdfFile]
    register: list[RdfFile]
    wikidata: list[RdfFile]

    @property
    def ontology_quads(self) -> list[ox.Quad]:
        return [q for f in self.ontology for q in f.quads]

    @property
    def rules(self) -> disagreements.Background:
        """The background the disagreement rules read."""
        if not hasattr(self, "_rules"):
            self._rules = disagreements.Background(self.ontology_quads, self.register, self.wikidata)
        return self._rules

    @property
    def software(self) -> set[str]:
        """The agents the register types prov:SoftwareAgent: who accepts a claim without a person."""
        return software_agents(self.register)

    @property
    def outlet_names(self) -> dict[str, str]:
        """Each news outlet's and agency's label and alias (case-folded) -> its IRI, as `add` finds a publisher."""
        outlets = {
            q.subject.value
            for f in self.register
            for q in f.quads
            if q.predicate.value == ns.RDF_TYPE and q.object.value in (ns.KGO + "NewsOutlet", ns.KGO + "NewsAgency")
        }
        return {
            q.object.value.casefold().strip(): q.subject.value
            for f in self.register
            for q in f.quads
            if q.subject.value in outlets and q.predicate.value in (ns.RDFS_LABEL, ns.SKOS + "altLabel")
        }


def software_agents(register: list[RdfFile]) -> set[str]:
    return {
        q.subject.value
        for f in register
        for q in f.quads
        if q.predicate.value == ns.RDF_TYPE and q.object.value == ns.PROV + "SoftwareAgent"
    }


def read_background(project: Project) -> BackgroundFiles:
    """Parse the ontology, the register and the Wikidata files. Fails on the first bad file."""
    shown = project.relative
    ontology_files = [read_rdf(p, shown(p), ns.ONTOLOGY_GRAPH) for p in sorted(project.ontology_dir.glob("*.ttl"))]
    if not ontology_files:
        raise KgError("no ontology: ontology/ has no .ttl file", shown(project.ontology_dir))
    entity_files = [read_rdf(p, shown(p), ns.ENTITIES_GRAPH) for p in project.register_files()]
    wikidata_dir = project.wikidata_dir
    link_files = [read_links(p, shown(p)) for p in sorted(wikidata_dir.glob("links*.trig"))]
    link_files += [read_enrichment(p, shown(p)) for p in sorted(wikidata_dir.glob("enrichment*.trig"))]
    return BackgroundFiles(ontology_files, entity_files, link_files)


def read_project(project: Project) -> Inputs:
    """Parse every data file. Fails on the first bad file."""
    shown = project.relative
    background = read_background(project)
    ontology_files, entity_files, link_files = background.ontology, background.register, background.wikidata
    source_files = [read_rdf(p, shown(p), ns.SOURCES_GRAPH) for p in sorted(project.sources_dir.glob("*.ttl"))]
    claim_files = [read_rdf(p, shown(p)) for p in sorted(project.claims_dir.rglob("*.trig"))]
    sources: dict[str, Source] = {}
    for f in source_files:
        source = load_source(f, project.sources_dir)
        sources[source.id] = source
    claims: list[Claim] = []
    seen: dict[str, str] = {}
    for f in claim_files:
        source_id = source_id_of(f, project.claims_dir)
        if source_id not in sources:
            raise KgError(
                f"claims of source {source_id!r}, but graph/sources/{source_id}.ttl does not exist", f.shown_as
            )
        for claim in read_claims(f, sources[source_id]):
            if claim.iri in seen:
                raise claim.error(f"claim graph already defined in {seen[claim.iri]}")
            seen[claim.iri] = f.shown_as
            claims.append(claim)
            take_claimed_origins(sources[source_id], claim.quads)
    return Inputs(ontology_files, source_files, entity_files, claim_files, link_files, sources, claims)


def assemble(
    project: Project,
    *,
    run_hermit: bool = True,
    allow_invalid: bool = False,
    log=_no_log,
    report: BuildReport | None = None,
    cache: Path | None = None,
) -> tuple[ox.Store, BuildReport]:
    """Everything `build` does short of writing: returns the in-memory store of the whole dataset. `cache` is a
    folder for HermiT's verdicts, keyed by the hash of what it reads."""
    report = report or BuildReport()
    with _step(report, "read", log=log, message="reading ontology, sources, entities and claims"):
        inputs = read_project(project)
        ontology_quads = [q for f in inputs.ontology for q in f.quads]
        vocabulary = Vocabulary.from_quads(ontology_quads)
    claims = inputs.claims
    with _step(report, "terms", log=log, message="checking every term against the ontology"):
        errors = check_terms(inputs.data, vocabulary)
        if errors:
            raise KgError("\n".join(str(e) for e in errors)) if len(errors) > 1 else errors[0]
    with _step(
        report,
        "evidence",
        log=log,
        message=f"resolving {sum(len(c.quotes) for c in claims)} quotes of {len(claims)} claims "
        f"from {len(inputs.sources)} sources",
    ):
        software = software_agents(inputs.register)
        evidence_of = {claim.iri: evidence_quads(claim, software) for claim in claims}
        evidence = [q for quads in evidence_of.values() for q in quads]
        texts = [q for source in inputs.sources.values() for q in source_quads(source)]
    with _step(report, "disagreements", log=log, message="finding where the sources disagree"):
        background = disagreements.Background(ontology_quads, inputs.register, inputs.wikidata)
        found = disagreements.find(claims, background)
        set_aside = found.removed()
        report.disagreements = [d.describe(background.labels) for d in found.disagreements]
        report.set_aside = found.set_aside
    store = ox.Store()
    # A claim file's default graph holds authoring metadata (kgo:quote, kgo:inferredBecause): the evidence graph
    # restates it as Web Annotations, so only named-graph quads are data. Set-aside statements leave their claim's
    # graph: the evidence graph keeps them, as rdf:Statements with the reason.
    named = [q for f in inputs.data for q in f.quads if isinstance(q.graph_name, ox.NamedNode)]
    authored = [q for q in named if q not in set_aside]
    asserted = ontology_quads + authored + texts + evidence
    store.extend(asserted)
    with _step(report, "materialise", log=log, message="materialising what the ontology entails"):
        inferred = materialise(store)
    store.extend(disagreements.quads(found))  # after the reasoning: findings about claims, not facts to reason with
    unchecked = {c.iri for c in claims if kind_of(c, software) == UNCHECKED}
    if unchecked:
        with _step(report, "checked", log=log, message=f"the graph without the {len(unchecked)} claims no one checked"):
            report.checked = _without(unchecked, ontology_quads + texts, named, evidence_of, claims, background)
    if run_hermit:
        with _step(report, "hermit", log=log, message="proving ontology + data consistent with HermiT"):
            try:
                report.hermit = prove_consistent(asserted, cache)
            except CheckFailed as exc:
                causes = explain_inconsistency(store)
                located = [_locate_cause(subject, text, inputs.data) for subject, text in causes]
                raise CheckFailed(
                    str(exc) + ("; likely causes:\n  " + "\n  ".join(located) if located else "")
                ) from None
    else:
        report.hermit = "skipped (--no-hermit)"
    with _step(report, "validate", log=log, message="validating against shapes/ and queries/checks/"):
        from .shacl.findings import conforms
        from .shacl.report import Context, render_report
        from .shacl.validation import validate_store

        findings = validate_store(store, project)
    report.findings = findings
    if not conforms(findings) and not allow_invalid:
        details = render_report(
            [f for f in findings if f.severity == "Violation"],
            "human",
            Context(store, inputs.ontology + inputs.data, "en"),
        )
        raise CheckFailed(
            "the graph violates its shapes (build --allow-invalid publishes it anyway):\n" + details.rstrip()
        )
    report.counts = {
        "quads": len(store),
        "asserted": len(asserted),
        "inferred": inferred,
        "claims": len(claims),
        "inferred_claims": sum(
            1 for q in evidence if q.predicate.value == ns.RDF_TYPE and q.object.value == ns.KGO + "InferredClaim"
        ),
        "quotes": sum(len(c.quotes) for c in claims),
        "sources": len(inputs.sources),
        "disagreements": len(found.disagreements),
        "set_aside": len(found.set_aside),
        "source_errors": len(found.errors()),
    }
    return store, report


def _without(
    unchecked: set[str], base: list[ox.Quad], named: list[ox.Quad], evidence_of: dict, claims: list[Claim], background
) -> ox.Store:
    """The dataset as if the claims in `unchecked` were not there: what a person checked, for --checked-only. Its
    disagreements, set-aside statements and inferences are found again from the claims that remain."""
    kept = [c for c in claims if c.iri not in unchecked]
    found = disagreements.find(kept, background)
    removed = found.removed()
    store = ox.Store()
    store.extend(base)
    store.extend(q for q in named if q.graph_name.value not in unchecked and q not in removed)
    store.extend(q for c in kept for q in evidence_of[c.iri])
    materialise(store)
    store.extend(disagreements.quads(found))
    return store


def _locate_cause(subject: str, description: str, files: list[RdfFile]) -> str:
    places = [f"{f.shown_as}:{line}" for f in files if (line := f.line_of(subject))]
    return description + (f" (stated at {', '.join(places)})" if places else "")


def write_release(store: ox.Store, project: Project, folder: Path, report: BuildReport, log=_no_log) -> None:
    prefixes = dict(ns.PREFIXES)
    ontology = ox.NamedNode(ns.ONTOLOGY_GRAPH)
    log("writing dataset.trig, dataset.nq, graph.ttl, ontology.ttl and the store")
    store.dump(str(folder / "dataset.trig"), format=rdf_syntax("trig"), prefixes=prefixes)
    store.dump(str(folder / "dataset.nq"), format=rdf_syntax("nquads"))
    data_triples = {q.triple for q in store if q.graph_name != ontology}
    ox.serialize(
        sorted(data_triples, key=str), output=str(folder / "graph.ttl"), format=rdf_syntax("turtle"), prefixes=prefixes
    )
    store.dump(str(folder / "ontology.ttl"), format=rdf_syntax("turtle"), from_graph=ontology, prefixes=prefixes)
    persistent = ox.Store(str(folder / "store"))
    persistent.bulk_extend(store)
    persistent.flush()
    del persistent
    if report.checked is None:  # every claim was checked by a person: the same store
        (folder / CHECKED).symlink_to("store", target_is_directory=True)
    else:
        checked = ox.Store(str(folder / CHECKED))
        checked.bulk_extend(report.checked)
        checked.flush()
        del checked
    gc.collect()
    counts = Counter()
    for q in store:
        g = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
        counts["claim graphs" if g.startswith(ns.CLAIM) else g.removeprefix(ns.GRAPH) or "default"] += 1
    info = {
        "csto_kg_version": __version__,
        "built": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "counts": report.counts,
        "quads_by_graph": dict(sorted(counts.items())),
        "hermit": report.hermit,
        "seconds": report.seconds,
    }
    (folder / "build-info.json").write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def build(
    project: Project, build_dir: BuildDir, *, run_hermit: bool = True, allow_invalid: bool = False, log=_no_log
) -> BuildReport:
    """The whole build, published atomically: on any error the previous build stays current."""
    report = BuildReport()
    start = time.perf_counter()
    build_dir.check_writable()  # before the work, not after it
    store, report = assemble(
        project,
        run_hermit=run_hermit,
        allow_invalid=allow_invalid,
        log=log,
        report=report,
        cache=build_dir.path / "cache",
    )
    with build_dir.new_release() as folder:
        with _step(report, "write"):
            write_release(store, project, folder, report, log)
    report.release = build_dir.current.resolve()
    report.seconds["total"] = round(time.perf_counter() - start, 3)
    return report
