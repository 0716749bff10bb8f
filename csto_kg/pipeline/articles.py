"""The pipeline's work on one article, run in Spark's mapPartitions: the checks `add` makes, then the claims.

Over the project's own sources an article's claims are its claim files, read as the build reads them; over a folder
of new articles they are what `extract` proposes and `review --accept-above P` would accept without a person,
attributed to extract (a prov:SoftwareAgent). Either way each claim leaves with its evidence (quotes resolved to
offsets, dates checked) and what its own rules set aside, so that the per-event stage needs no text. A refused
article (or claim) becomes a Refusal with its reason, never dropped in silence.

This module is the one place the pipeline imports the ingest modules (add, extract, review), so that their move
into a wing of their own changes these imports only. What a worker loads once (the ontology, the register, the
snapshot, the extractor) is kept per worker process in WORKER, keyed by the run.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox

from .. import disagreements
from .. import namespaces as ns
from ..errors import KgError
from ..evidence import Claim, evidence_quads, read_claims, source_id_of
from ..formats import rdf_syntax
from ..ingest.add import (
    CERTAINTIES,
    check_alphabet,
    check_metadata,
    lines_as_unix,
    source_facts,
    source_id,
    text_of,
)
from ..ingest.extract import Extractor, extraction_quads
from ..ingest.requirements import Requirements
from ..ingest.review import EXTRACTOR, Judge, candidates_in, review_terms
from ..loader import RdfFile, Vocabulary, check_terms, read_rdf
from ..namespaces import kebab
from ..project import Project
from ..sources import Source, load_source, sentence_spans, source_quads, take_claimed_origins

WORKER: dict = {}  # what a worker process has loaded, by run: loaded once, used for every article


@dataclass
class Article:
    """One input row: a stored source of the project (`stored`), or a new article with its metadata."""

    name: str  # the file name as given (or the stored source's id)
    turn: int  # its row in the input: refusals are reported in this order
    stored: bool = False
    data: bytes = b""
    publisher: str = ""
    published: str = ""
    lang: str = ""
    url: str | None = None
    path: str = ""  # where a worker reads a new article's bytes


@dataclass
class Refusal:
    file: str
    turn: int
    reason: str


@dataclass
class ClaimRecord:
    """A claim as the per-event stage needs it: the claim (text left behind), its evidence, what its own rules set
    aside, where it is written (`home`: the event or entity it is about), and who made it a claim."""

    claim: Claim
    evidence: list[ox.Quad]
    own: list[disagreements.SetAside]
    home: str
    kind: str
    confidence: float | None = None
    # the disagreements its own rules find with the background (a kind, a holder, a member, a capital), each written
    # with the claim's home
    own_disagreements: list[tuple[str, disagreements.Disagreement]] = field(default_factory=list)


@dataclass
class ArticleResult:
    source_iri: str = ""
    source: list[ox.Quad] = field(default_factory=list)  # graph/sources: metadata, text, sentences
    outlets: list[ox.Quad] = field(default_factory=list)  # register entries for a publisher the register lacks
    claims: list[ClaimRecord] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
    typed: set[str] = field(default_factory=set)  # the entities its files type
    untyped: dict[str, Refusal] = field(default_factory=dict)  # named and typed nowhere in it: typed elsewhere?


@dataclass
class Settings:
    """What every worker needs to know of the run (small: it travels with the tasks)."""

    run: str  # a token naming the run: a worker's loaded state is reused only within it
    root: str
    store: str | None  # the current build's store, which extract reads (new articles only)
    accept_above: float
    accepted_at: str
    stored_digests: frozenset = frozenset()
    # of each stored text with Unix line endings: a copy saved on another system has other bytes, the same text
    stored_text_digests: frozenset = frozenset()


def _typed_in(graph: ox.Store, iri: str) -> bool:
    return next(iter(graph.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(ns.RDF_TYPE), None)), None) is not None


def text_digest(data: bytes) -> str:
    """The SHA-256 of a text with Unix line endings: one for every copy of it, whatever system saved it."""
    return hashlib.sha256(lines_as_unix(data)).hexdigest()


class Loaded:
    """What a worker loads once per run: the ontology, the register and Wikidata files, the background the rules
    read; for new articles also the extractor (register, snapshot, the build's events) and review's checks."""

    def __init__(self, settings: Settings):
        from ..build import read_background

        self.project = Project(Path(settings.root))
        self.background = read_background(self.project)
        self.vocabulary = Vocabulary.from_quads(self.background.ontology_quads)
        self.software = self.background.software | {EXTRACTOR}
        self.outlets = self.background.outlet_names
        self.typed = {  # what the register and the Wikidata files type: an article's claims may name it
            q.subject.value
            for f in self.background.register + self.background.wikidata
            for q in f.quads
            if q.predicate.value == ns.RDF_TYPE
        }
        self.extractor = self.requirements = self.terms = self.graph = None
        if settings.store is not None:
            graph = self.graph = ox.Store.read_only(settings.store)
            snapshot = None
            if self.project.snapshot_file.exists():
                snapshot = ox.Store()
                snapshot.load(path=str(self.project.snapshot_file), format=rdf_syntax("turtle"))
            self.requirements = Requirements(self.project, graph)
            self.terms = review_terms(self.project, self.requirements.schema, graph)
            self.extractor = Extractor(graph, snapshot, self.requirements, None)

    @property
    def shapes(self):
        """The project's shapes, read once per worker (for the per-shard validation)."""
        if not hasattr(self, "_shapes"):
            from ..shacl.validation import load_shapes

            self._shapes = load_shapes(sorted(self.project.shapes_dir.glob("*.ttl")), self.project.relative)
        return self._shapes


def loaded(settings: Settings) -> Loaded:
    if settings.run not in WORKER:
        WORKER.clear()
        WORKER[settings.run] = Loaded(settings)
    return WORKER[settings.run]


def process(articles, settings: Settings):
    """Spark's mapPartitions function: each article of the partition, done."""
    here = loaded(settings)
    for article in articles:
        try:
            yield stored_article(here, article) if article.stored else new_article(here, article, settings)
        except KgError as exc:
            yield ArticleResult(refusals=[Refusal(article.name, article.turn, str(exc))])


# --- the project's own sources and claims ---------------------------------------------------------------------


def stored_article(here: Loaded, article: Article) -> ArticleResult:
    project = here.project
    meta_path = project.sources_dir / f"{article.name}.ttl"
    meta = read_rdf(meta_path, project.relative(meta_path), ns.SOURCES_GRAPH)
    source = load_source(meta, project.sources_dir)
    files = sorted(project.claims_dir.glob(f"{article.name}.trig")) + sorted(
        project.claims_dir.glob(f"{article.name}/**/*.trig")
    )
    claim_files = [read_rdf(p, project.relative(p)) for p in files]
    files = [meta, *claim_files]
    typed = {q.subject.value for f in files for q in f.quads if q.predicate.value == ns.RDF_TYPE}
    named = {
        t.value for f in files for q in f.quads for t in (q.subject, q.object)
        if isinstance(t, ox.NamedNode) and t.value.startswith(ns.KG)
    }  # fmt: skip
    untyped = named - typed - here.typed  # another article's claims may type them: the driver decides
    errors = check_terms(files, here.vocabulary, here.typed | untyped)
    if errors:
        raise errors[0]
    deferred = {iri: str(check_terms(files, here.vocabulary, here.typed | (untyped - {iri}))[0]) for iri in untyped}
    claims: list[Claim] = []
    seen: dict[str, str] = {}
    for f in claim_files:
        assert source_id_of(f, project.claims_dir) == source.id
        for claim in read_claims(f, source):
            if claim.iri in seen:
                raise claim.error(f"claim graph already defined in {seen[claim.iri]}")
            seen[claim.iri] = f.shown_as
            claims.append(claim)
            take_claimed_origins(source, claim.quads)
    result = ArticleResult(source.iri, [q for q in meta.quads if isinstance(q.graph_name, ox.NamedNode)])
    result.source += source_quads(source)
    result.claims = records(here, claims)
    result.typed, result.untyped = typed, {iri: Refusal(article.name, article.turn, e) for iri, e in deferred.items()}
    return result


# --- a new article: add's checks, extract, and what --accept-above accepts ------------------------------------


def new_article(here: Loaded, article: Article, settings: Settings) -> ArticleResult:
    try:
        data = Path(article.path).read_bytes()
    except OSError as exc:
        raise KgError(f"cannot read: {exc.strerror}", article.name) from None
    article = replace(article, data=data)
    text = text_of(article.data, article.name)
    published = check_metadata(article.publisher, article.published, article.lang, article.url or None)
    check_alphabet(text, article.lang, article.name)
    digest = hashlib.sha256(article.data).hexdigest()
    if digest in settings.stored_digests:
        raise KgError(f"already stored as a source of the project (same SHA-256 {digest[:16]}…)", article.name)
    if text_digest(article.data) in settings.stored_text_digests:
        raise KgError("already stored as a source of the project, the same text with other line endings", article.name)
    new_id = source_id(published, article.publisher, digest)
    outlet = here.outlets.get(article.publisher.casefold().strip())
    named = ns.KG + kebab(article.publisher)
    if outlet is None and (named in here.typed or (here.graph is not None and _typed_in(here.graph, named))):
        outlet = named  # an entity the register or a claim has (a ministry's own release): never a new outlet
    result = ArticleResult()
    if outlet is None:
        outlet = ns.KG + kebab(article.publisher)
        g, node = ox.NamedNode(ns.ENTITIES_GRAPH), ox.NamedNode(outlet)
        result.outlets = [ox.Quad(node, ox.NamedNode(ns.RDF_TYPE), ox.NamedNode(ns.KGO + "NewsOutlet"), g)] + [
            ox.Quad(node, ox.NamedNode(ns.RDFS_LABEL), ox.Literal(article.publisher, language=lang), g)
            for lang in ("en", "ru")
        ]
    source = Source(ns.SRC + new_id, new_id, text, article.lang, published, sentence_spans(text), outlet)
    facts = source_facts(
        article.lang, published, next(iter(CERTAINTIES)), outlet, True, f"{new_id}.txt", digest, url=article.url
    )
    g = ox.NamedNode(ns.SOURCES_GRAPH)
    result.source_iri = source.iri
    result.source = [ox.Quad(ox.NamedNode(source.iri), ox.NamedNode(p), o, g) for p, o in facts]
    extraction = here.extractor.extract(
        new_id, text, article.lang, datetime.date.fromisoformat(published), publisher=outlet
    )
    store = ox.Store()
    store.extend(extraction_quads(extraction))
    judge = Judge(
        here.requirements, _editor(here), article.lang, text, source.iri, datetime.date.fromisoformat(published)
    )
    file = RdfFile(Path(f"graph/claims/{new_id}.trig"), f"graph/claims/{new_id}.trig", "")
    confidence: dict[str, float] = {}
    quads: list[ox.Quad] = []
    for candidate in candidates_in(store):
        if candidate.confidence < settings.accept_above or judge.refusal(candidate, []):
            continue
        accepted = judge.accepted_quads(candidate, EXTRACTOR, settings.accepted_at)
        judge.earlier += accepted  # known to the next candidate's checks, as review's --accept-above knows it
        quads += accepted
        confidence[candidate.iri] = candidate.confidence
    file.quads = quads
    claims = read_claims(file, source) if quads else []
    kept = []
    for claim in claims:
        try:
            evidence_quads(claim, here.software)  # what the build would refuse is refused here, by name
            kept.append(claim)
        except KgError as exc:
            result.refusals.append(Refusal(article.name, article.turn, f"claim {ns.curie(claim.iri)}: {exc}"))
    for claim in kept:
        take_claimed_origins(source, claim.quads)
    result.source += source_quads(source)  # its origin is known once the claims citing a wire story are
    result.claims = records(here, kept, confidence)
    return result


def _editor(here: Loaded):
    from ..ingest.edits import Editor

    return Editor(here.terms)


# --- what leaves the article ----------------------------------------------------------------------------------


def records(here: Loaded, claims: list[Claim], confidence: dict[str, float] | None = None) -> list[ClaimRecord]:
    """Each claim with its evidence and own findings, its text left behind (the later stages need none)."""
    from ..evidence import kind_of
    from ..ingest.review import subject_of

    own = disagreements.own_findings(claims, here.background.rules)
    by_claim: dict[str, list] = {}
    for s in own.set_aside:
        by_claim.setdefault(s.claim.iri, []).append(s)
    against: dict[str, list] = {}
    for d in own.disagreements:
        against.setdefault(d.first.graph, []).append(d)
    out = []
    for claim in claims:
        evidence = evidence_quads(claim, here.software)
        light = travelling(claim)
        for s in by_claim.get(claim.iri, []):
            s.claim = light
        home = subject_of(claim.quads, ox.NamedNode(claim.iri)) or claim.iri
        kind = kind_of(claim, here.software)
        found = [(home, replace(d, first=replace(d.first, claim=light))) for d in against.get(claim.iri, [])]
        out.append(
            ClaimRecord(
                light, evidence, by_claim.get(claim.iri, []), home, kind, (confidence or {}).get(claim.iri), found
            )
        )
    return out


def travelling(claim: Claim) -> Claim:
    """The claim without its source's text and its file's text: what the rules read (the source's id, outlet and
    date, the claim's quads, its file and line for messages) and nothing more."""
    line = claim.file.line_of(claim.iri)
    file = RdfFile(claim.file.path, claim.file.shown_as, "", [], _first_lines={claim.iri: line} if line else {})
    source = replace(claim.source, text="", sentences=[])
    return replace(claim, file=file, source=source)
