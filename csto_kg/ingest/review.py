"""`csto-kg review SOURCE`: a person decides on each candidate claim; what they accept becomes the source's claims.

The decisions are the record (graph/candidates/SOURCE.decisions.trig, in order, each with who and when); the claim
file graph/claims/SOURCE.trig and the register additions graph/register/SOURCE.ttl are written from the decisions
and the candidates. A decision is recorded only once the files it makes are written, each atomically: on a full
disk neither happens and the reviewer is told, a crash loses nothing accepted, and a second session resumes at the
first undecided candidate. A rejection keeps its reason and its candidate's key (type and quote), so a later
`extract` does not propose it again. One session at a time holds a source (a lock beside its decisions); review
writes only files it owns: a hand-written claim file of the source is never overwritten.

Review is generic over a claim's triples: a candidate is a named graph in the form of graph/claims/ with a subject
(the node it is about: kgc:subject, else the graph's typed root), and the edits (csto_kg.ingest.edits) act on that
subject or on any statement, so facts that are not events and figures are reviewed as events are. A reviewer may
also add a claim from words of the text extract missed, and mark a claim as the source's error.
`--accept-above P` accepts what extract is confident of without a person, attributed to extract as a
prov:SoftwareAgent; the build tells those claims apart (kgo:UncheckedClaim).
"""

from __future__ import annotations

import datetime
import fcntl
import getpass
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .. import __version__
from .. import namespaces as ns
from ..errors import KgError
from ..files import turtle, write_atomically
from ..formats import rdf_syntax
from ..loader import Vocabulary
from ..namespaces import kebab
from ..project import Project
from ..querying import solutions
from .edits import FIELDS, LABEL_OF, NO_VALUE, NOTES, Draft, Editor, Terms
from .extract import KGC, candidates_path
from .requirements import Requirements

REVIEWER = ns.BASE + "reviewer/"
EXTRACTOR = f"{ns.BASE}agent/csto-kg-extract-{__version__}"  # who accepts with --accept-above
OWNED_MARK = "written by `csto-kg review`"
QUOTE = ns.KGO + "quote"
# what a claim file says beside a claim's graph, copied from the candidate as extract wrote it
CLAIM_WORDS = set(NOTES.values())
KEYS = "  [a]ccept  [e]dit  [r]eject  [s]kip  [u]ndo  [n]ew claim from the text  [q]uit"

TYPED = "SELECT DISTINCT ?s WHERE { ?s a ?type }"
INDIVIDUALS = "SELECT ?i ?class WHERE { ?i a owl:NamedIndividual , ?class . FILTER(?class != owl:NamedIndividual) }"


@dataclass
class Decision:
    key: str  # the candidate's key
    claim: str  # the candidate claim's IRI
    verdict: str  # accepted, rejected
    reviewer: str
    at: str  # xsd:dateTime
    reason: str = ""
    edits: list[tuple[str, str]] = field(default_factory=list)
    added: tuple[int, str, str] | None = None  # a claim the reviewer added: (offset, the words, its subject)


@dataclass
class Candidate:
    iri: str
    key: str
    event_type: str  # what extract proposed it as (kgo: local name), "" for a fact that is not an event
    start: int
    end: int
    confidence: float
    reason: str
    matches: str | None
    quads: list[ox.Quad]  # the claim graph and its words beside it (quote, notes), as extract wrote them
    new_entities: dict[str, dict]  # IRI -> kind, type, label, words
    trigger: int = 0
    subject: str | None = None  # the node the claim is about
    added: bool = False  # by the reviewer, from words of the text


def subject_of(quads: list[ox.Quad], graph: ox.NamedNode, stated: str | None = None) -> str | None:
    """The node a claim is about: the one the candidate names (kgc:subject), else the root of its graph (a subject
    no other statement of the graph points to: the event, not its figures), a typed one first."""
    if stated:
        return stated
    inside = [q for q in quads if q.graph_name == graph]
    pointed = {q.object for q in inside if isinstance(q.object, ox.NamedNode)}
    roots = [q.subject for q in inside if q.subject not in pointed]
    typed = [s for s in roots if any(q.subject == s and q.predicate.value == ns.RDF_TYPE for q in inside)]
    found = typed or roots or [q.subject for q in inside]
    return min(found, key=lambda s: s.value).value if found else None


class Decisions:
    """The ordered decisions on one source's candidates."""

    def __init__(self, project: Project, source: str, decisions: list[Decision]):
        self.project, self.source, self.items = project, source, decisions

    @property
    def path(self) -> Path:
        return self.project.candidates_dir / f"{self.source}.decisions.trig"

    @classmethod
    def load(cls, project: Project, source: str) -> Decisions:
        found = cls(project, source, [])
        if not found.path.exists():
            return found
        store = ox.Store()
        try:
            store.load(path=str(found.path), format=rdf_syntax("trig"))
        except SyntaxError as exc:
            raise KgError(f"cannot read the decisions: {exc}", project.relative(found.path)) from None
        rows: dict[str, dict] = {}
        for q in store.quads_for_pattern(None, None, None, None):
            rows.setdefault(q.subject.value, {}).setdefault(q.predicate.value, []).append(q.object)
        ordered = sorted(rows.items(), key=lambda kv: int(kv[1][KGC + "order"][0].value))
        for _, row in ordered:
            one = {p.removeprefix(KGC): v[0] for p, v in row.items()}
            numbered = sorted(e.value.split("\t", 2) for e in row.get(KGC + "edit", []))
            edits = [(f, v) for _, f, v in sorted(numbered, key=lambda e: int(e[0]))]
            added = None
            if "words" in one:
                subject = one["subject"].value if "subject" in one else ""
                added = (int(one["start"].value), one["words"].value, subject)
            found.items.append(
                Decision(
                    one["key"].value, one["claim"].value, one["verdict"].value,
                    row[ns.PROV + "wasAttributedTo"][0].value, row[ns.PROV + "generatedAtTime"][0].value,
                    one["reason"].value if "reason" in one else "", edits, added,
                )
            )  # fmt: skip
        return found

    def rejected_keys(self) -> set[str]:
        return {d.key for d in self.items if d.verdict == "rejected"}

    def decided(self) -> dict[str, Decision]:
        return {d.key: d for d in self.items}

    def save(self, items: list[Decision]) -> None:
        quads = []
        base = f"{ns.BASE}candidate/{self.source}/decision/"
        for n, d in enumerate(items, start=1):
            node = ox.NamedNode(f"{base}{n}")
            quads += [
                ox.Quad(node, ox.NamedNode(ns.RDF_TYPE), ox.NamedNode(KGC + "Decision")),
                ox.Quad(node, ox.NamedNode(KGC + "order"), _integer(n)),
                ox.Quad(node, ox.NamedNode(KGC + "key"), ox.Literal(d.key)),
                ox.Quad(node, ox.NamedNode(KGC + "claim"), ox.NamedNode(d.claim)),
                ox.Quad(node, ox.NamedNode(KGC + "verdict"), ox.Literal(d.verdict)),
                ox.Quad(node, ox.NamedNode(ns.PROV + "wasAttributedTo"), ox.NamedNode(d.reviewer)),
                ox.Quad(node, ox.NamedNode(ns.PROV + "generatedAtTime"), _datetime(d.at)),
            ]
            if d.reason:
                quads.append(ox.Quad(node, ox.NamedNode(KGC + "reason"), ox.Literal(d.reason)))
            if d.added:
                start, words, subject = d.added
                quads += [
                    ox.Quad(node, ox.NamedNode(KGC + "start"), _integer(start)),
                    ox.Quad(node, ox.NamedNode(KGC + "words"), ox.Literal(words)),
                ]
                if subject:
                    quads.append(ox.Quad(node, ox.NamedNode(KGC + "subject"), ox.NamedNode(subject)))
            quads += [
                ox.Quad(node, ox.NamedNode(KGC + "edit"), ox.Literal(f"{i}\t{f}\t{v}"))
                for i, (f, v) in enumerate(d.edits)
            ]  # numbered: RDF keeps no order, and edits apply in turn
        self.path.parent.mkdir(parents=True, exist_ok=True)
        header = f"Review decisions on the candidates of source {self.source}, in order, {OWNED_MARK}."
        write_atomically(turtle(quads, header, "trig", more_prefixes={"kgc": KGC}), self.path)


def _integer(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=ox.NamedNode(ns.XSD + "integer"))


def _datetime(value: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(ns.XSD + "dateTime"))


def load_candidates(project: Project, source: str) -> list[Candidate]:
    path = candidates_path(project, source)
    if not path.exists():
        raise KgError(f"no candidates for source {source}: run `csto-kg extract {source}` first")
    store = ox.Store()
    try:
        store.load(path=str(path), format=rdf_syntax("trig"))
    except SyntaxError as exc:
        raise KgError(f"cannot read the candidates: {exc}", project.relative(path)) from None
    return candidates_in(store)


def candidates_in(store: ox.Store) -> list[Candidate]:
    """The candidate claims a store of extract's output holds (what write_candidates writes), in reading order."""

    def value(subject, predicate):
        found = list(store.quads_for_pattern(subject, ox.NamedNode(KGC + predicate), None, ox.DefaultGraph()))
        return found[0].object if found else None

    candidates = []
    kinds = ox.NamedNode(KGC + "CandidateClaim")
    for q in store.quads_for_pattern(None, ox.NamedNode(ns.RDF_TYPE), kinds, ox.DefaultGraph()):
        node = q.subject
        quads = list(store.quads_for_pattern(None, None, None, node))
        quads += [
            x for x in store.quads_for_pattern(node, None, None, ox.DefaultGraph()) if x.predicate.value in CLAIM_WORDS
        ]
        new = {}
        for x in store.quads_for_pattern(node, ox.NamedNode(KGC + "newEntity"), None, ox.DefaultGraph()):
            entity = x.object
            new[entity.value] = {
                "kind": value(entity, "kind").value,
                "type": value(entity, "typeProposed").value,
                "label": value(entity, "labelProposed"),
                "words": value(entity, "words").value,
            }
        matches, stated = value(node, "matches"), value(node, "subject")
        subject = subject_of(quads, node, stated.value if stated else None)
        kind = value(node, "eventType")
        confidence, reason, trigger = value(node, "confidence"), value(node, "reason"), value(node, "trigger")
        candidates.append(
            Candidate(
                node.value, value(node, "key").value, kind.value.removeprefix(ns.KGO) if kind else "",
                int(value(node, "start").value), int(value(node, "end").value),
                float(confidence.value) if confidence else 0.0, reason.value if reason else "",
                matches.value if matches else None, quads, new, int(trigger.value) if trigger else 0, subject,
            )
        )  # fmt: skip
    return sorted(candidates, key=lambda c: (c.start, c.trigger, c.iri))


def review_terms(project: Project, schema: ox.Store, graph: ox.Store | None) -> Terms:
    """What edits may name: the ontology's terms (from the schema Requirements read) and every entity typed in
    the build, the register files and the claim files (which may be newer than the build)."""
    vocabulary = Vocabulary.from_quads(schema.quads_for_pattern(None, None, None, None))
    individuals: dict[str, set[str]] = {}
    for row in solutions(schema, INDIVIDUALS):
        individuals.setdefault(row["class"].value, set()).add(row["i"].value)
    every_individual = set().union(*individuals.values()) if individuals else set()
    entities: set[str] = set()
    if graph is not None:
        entities |= {row["s"].value for row in solutions(graph, TYPED) if isinstance(row["s"], ox.NamedNode)}
    files = project.register_files() + sorted(project.claims_dir.rglob("*.trig"))
    for path in files:
        syntax = "trig" if path.suffix == ".trig" else "turtle"
        try:
            quads = ox.parse(path=str(path), format=rdf_syntax(syntax))
            entities |= {q.subject.value for q in quads if q.predicate.value == ns.RDF_TYPE}
        except (SyntaxError, OSError) as exc:
            raise KgError(f"cannot read: {exc}", project.relative(path)) from None
    properties = vocabulary.declared - vocabulary.classes - every_individual
    return Terms(vocabulary.classes, properties, individuals, entities)


class ReviewLock:
    """One review of a source at a time: an flock on graph/candidates/SOURCE.review.lock, released when the
    session ends or its process dies, holding a line that says who has it."""

    def __init__(self, path: Path, source: str, holder: str):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                held = os.read(fd, 2000).decode("utf-8", "replace").strip() or "another session"
                os.close(fd)
                raise KgError(
                    f"source {source} is being reviewed by {held}: one review of a source at a time (two would "
                    "overwrite each other's decisions); try again when it ends"
                ) from None
            try:
                same = os.stat(path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)  # its holder removed it as we opened it: lock the file that is there now
        self.fd: int | None = fd
        self.describe(holder)

    def describe(self, holder: str) -> None:
        since = datetime.datetime.now().astimezone().replace(microsecond=0).isoformat()
        line = f"{holder} (process {os.getpid()}, since {since})".encode()
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, line, 0)

    def release(self) -> None:
        if self.fd is not None:
            self.path.unlink(missing_ok=True)
            os.close(self.fd)
            self.fd = None


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class Judge:
    """Whether a candidate's claim, with edits, could be accepted as it stands (the build would take it): the checks
    review makes before it accepts, for a Session and for the pipeline, which accepts without a person."""

    def __init__(self, requirements: Requirements, editor: Editor, language: str, text: str):
        self.requirements, self.editor, self.language, self.text = requirements, editor, language, text
        self.pending: dict[str, list[tuple[str, str]]] = {}  # edits typed, not yet decided

    def _also(self, candidate: Candidate) -> frozenset[str]:
        """Entities an edit of this candidate may name beyond the graph: the new ones it proposes."""
        return frozenset(candidate.new_entities)

    def draft(self, candidate: Candidate, edits=None, replay: bool = False) -> Draft:
        """The candidate's claim with the edits (given, else those pending) applied; a bad edit is refused. When a
        recorded decision is replayed on candidates extracted again, taking away what is gone is no error."""
        edits = self.pending.get(candidate.key, []) if edits is None else edits
        subject = ox.NamedNode(candidate.subject) if candidate.subject else None
        d = Draft(ox.NamedNode(candidate.iri), subject, list(candidate.quads), self._also(candidate), replay)
        for field_name, value in edits:
            if (
                field_name in ("label@en", "label@ru")
                and candidate.matches
                and d.subject == ox.NamedNode(candidate.matches)
            ):
                raise KgError(
                    f"{field_name}: {ns.curie(candidate.matches)} is the graph's event; its labels are in its claims"
                )
            self.editor.apply(d, field_name, value, self.text)
        return d

    def missing_labels(self, candidate: Candidate, edits=None) -> list[tuple[str, str]]:
        """(entity IRI, language) of new entities that lack a label in en or ru: the shapes want both."""
        edits = self.pending.get(candidate.key, []) if edits is None else edits
        given = {f for f, _ in edits}
        return [
            (iri, lang)
            for iri in candidate.new_entities
            for lang in ("en", "ru")
            if lang != self.language and f"{iri} label@{lang}" not in given
        ]

    def missing(self, candidate: Candidate, edits=None) -> list[str]:
        """Properties the shapes want of the claim's subject that neither the claim (as edited) nor the graph give."""
        d = self.draft(candidate, edits)
        return self.requirements.missing(d.quads, d.subject) if d.subject is not None else []

    def unknown(self, candidate: Candidate, edits=None) -> list[str]:
        """kg: entities the claim names that nothing types: the build would refuse them."""
        d = self.draft(candidate, edits)
        typed = (
            self.editor.terms.entities | d.also | {q.subject.value for q in d.quads if q.predicate.value == ns.RDF_TYPE}
        )
        named = {t.value for q in d.quads if q.graph_name == d.graph for t in (q.subject, q.object)}
        return sorted(ns.curie(i) for i in named if i.startswith(ns.KG) and i not in typed)

    def refusal(self, candidate: Candidate, edits=None) -> str | None:
        """Why the claim cannot be accepted as it stands (the build would refuse it), or None."""
        edits = self.pending.get(candidate.key, []) if edits is None else edits
        unlabelled = self.missing_labels(candidate, edits)
        if unlabelled:
            iri, lang = unlabelled[0]
            return f"new entity {ns.curie(iri)} needs a label in {lang} (edit '{iri} label@{lang}')"
        wanted = self.missing(candidate, edits)
        if wanted:
            return f"the shapes want {', '.join(wanted)} of this claim's subject (edit: role PROPERTY ENTITY)"
        unknown = self.unknown(candidate, edits)
        if unknown:
            return f"{', '.join(unknown)}: nothing types it (fact {unknown[0]} a kgo:Class)"
        d = self.draft(candidate, edits)
        if not any(q.subject == d.graph and q.predicate.value == QUOTE for q in d.quads):
            return "the claim has no quote (edit quote)"
        if not any(q.graph_name == d.graph for q in d.quads):
            return "the claim states nothing yet"
        return None

    def accepted_quads(self, candidate: Candidate, agent: str, at: str) -> list[ox.Quad]:
        """The candidate's claim as extract proposed it, attributed to `agent` at `at` (an xsd:dateTime)."""
        return attributed(self.draft(candidate, []), agent, at)


def attributed(d: Draft, agent: str, at: str) -> list[ox.Quad]:
    """A claim's quads and who accepted it when (PROV-O, beside its graph)."""
    return d.quads + [
        ox.Quad(d.graph, ox.NamedNode(ns.PROV + "wasAttributedTo"), ox.NamedNode(agent)),
        ox.Quad(d.graph, ox.NamedNode(ns.PROV + "generatedAtTime"), _datetime(at)),
    ]


class Session(Judge):
    """One source's review: candidates, decisions, the edits not yet decided, and the files they make. The terminal
    and the page are views of it: what is current, how far along, and every action."""

    def __init__(
        self,
        project: Project,
        source: str,
        reviewer: str | None = None,
        graph: ox.Store | None = None,
        holder: str = "the terminal",
    ):
        from ..sources import load_source_text

        self.project, self.source = project, source
        self.text, self.language, self.published = load_source_text(project, source)
        self.candidates = load_candidates(project, source)
        self.decisions = Decisions.load(project, source)
        name = reviewer or getpass.getuser() or "reviewer"
        self.reviewer = REVIEWER + (kebab(name) or "reviewer")
        requirements = Requirements(project, graph)
        Judge.__init__(
            self, requirements, Editor(review_terms(project, requirements.schema, graph)), self.language, self.text
        )
        self.skipped: set[str] = set()
        self.drafts: list[Candidate] = []  # claims the reviewer is adding, not yet accepted
        self.version = 0  # changes with every action: a form of an older page is refused, never applied twice
        self._check_owned()
        self.lock = ReviewLock(
            project.candidates_dir / f"{source}.review.lock",
            source,
            f"reviewer {self.reviewer.removeprefix(REVIEWER)} in {holder}",
        )
        try:
            self.write(self.decisions.items)  # a session killed between a claim file and its record is made whole
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.lock.release()

    @property
    def claims_path(self) -> Path:
        return self.project.claims_dir / f"{self.source}.trig"

    @property
    def register_path(self) -> Path:
        return self.project.register_dir / f"{self.source}.ttl"

    def _check_owned(self) -> None:
        for path in (self.claims_path, self.register_path):
            if path.exists() and OWNED_MARK not in path.read_text(encoding="utf-8").split("\n", 3)[0]:
                raise KgError(
                    "is not written by review (it is curated by hand): review would replace it; move the "
                    "hand-written claims first",
                    self.project.relative(path),
                )

    # --- what there is to decide -----------------------------------------------------------------------------

    def _added(self, decision: Decision) -> Candidate:
        start, words, subject = decision.added
        quote = ox.Quad(ox.NamedNode(decision.claim), ox.NamedNode(QUOTE), ox.Literal(words))
        return Candidate(
            decision.claim, decision.key, "", start, start + len(words), 1.0, "added by the reviewer", None,
            [quote], {}, 0, subject or None, True,
        )  # fmt: skip

    def items(self) -> list[Candidate]:
        """Everything reviewed or to review, in reading order: the candidates, the claims added (and being added)."""
        added = [self._added(d) for d in self.decisions.items if d.added]
        return sorted(self.candidates + added + self.drafts, key=lambda c: (c.start, c.trigger, c.iri))

    def undecided(self) -> list[Candidate]:
        decided = self.decisions.decided()
        return [c for c in self.items() if c.key not in decided]

    def current(self) -> Candidate | None:
        """What to show: a claim being added first, else the first undecided candidate not skipped."""
        if self.drafts:
            return self.drafts[-1]
        return next((c for c in self.undecided() if c.key not in self.skipped), None)

    def progress(self) -> tuple[int, int]:
        """(decided, in all), over what there is now: decisions on candidates a later extract dropped are not
        counted, nor are they counted twice."""
        decided = self.decisions.decided()
        items = self.items()
        return sum(1 for c in items if c.key in decided), len(items)

    def position(self, candidate: Candidate) -> int:
        return next(i for i, c in enumerate(self.items(), start=1) if c.key == candidate.key)

    def by_key(self, key: str) -> Candidate:
        for c in self.items():
            if c.key == key:
                return c
        raise KgError(f"no candidate {key} for source {self.source}")

    # --- the claim as it will be written ----------------------------------------------------------------------

    def _also(self, candidate: Candidate) -> frozenset[str]:
        """Entities an edit of this candidate may name beyond the graph: the new ones it, or an accepted
        candidate, proposes."""
        accepted = {d.key for d in self.decisions.items if d.verdict == "accepted"}
        names = set(candidate.new_entities)
        for c in self.candidates:
            if c.key in accepted:
                names |= set(c.new_entities)
        return frozenset(names)

    def claim_quads(self, candidate: Candidate, decision: Decision) -> list[ox.Quad]:
        """The candidate's claim with the decision's edits, and who accepted it when."""
        try:
            d = self.draft(candidate, decision.edits, replay=True)
        except KgError as exc:
            raise KgError(
                f"the decision on {ns.curie(candidate.iri)} no longer applies to its candidate ({exc}): "
                f"extract proposed it otherwise; edit {self.project.relative(self.decisions.path)} or extract again"
            ) from None
        return attributed(d, decision.reviewer, decision.at)

    def claim_lines(self, candidate: Candidate, edits=None) -> list[str]:
        """The claim as it will be written, for people: its triples (the subject's first, its type first), then
        what is said beside it: the quote, the date words and their anchor, every note, the source's error."""
        d = self.draft(candidate, edits)
        order = {ns.RDF_TYPE: 0, ns.RDFS_LABEL: 1}
        inside = [q for q in d.quads if q.graph_name == d.graph]
        inside.sort(
            key=lambda q: (q.subject != d.subject, q.subject.value, order.get(q.predicate.value, 2), q.predicate.value)
        )
        lines = [f"{ns.curie(q.subject.value)} {_shown(q.predicate)} {_shown(q.object)}" for q in inside]
        if not inside:
            lines.append("(no statement yet: edit type, role, fact or quantity)")
        names = {
            QUOTE: "quote",
            NOTES["words"]: "date words",
            NOTES["anchor"]: "counted from",
            NOTES["because"]: "because",
            NOTES["error"]: "source's error",
        }
        beside = [q for q in d.quads if q.subject == d.graph and q.predicate.value in names]
        for predicate, shown in names.items():
            for q in beside:
                if q.predicate.value == predicate:
                    words = q.object.value
                    lines.append(f"{shown}: «{words}»" if predicate in (QUOTE, NOTES["words"]) else f"{shown}: {words}")
        return lines

    def kind(self, candidate: Candidate) -> str:
        """What the claim states, as a heading: its subject's type as edited, else what extract proposed."""
        try:
            d = self.draft(candidate)
        except KgError:
            return candidate.event_type or "claim"
        types = [q.object.value for q in d.quads if q.subject == d.subject and q.predicate.value == ns.RDF_TYPE]
        if types:
            return ns.curie(types[0]).removeprefix("kgo:")
        return candidate.event_type or "fact"

    # --- actions ------------------------------------------------------------------------------------------------

    def edit(self, candidate: Candidate, field_name: str, value: str) -> None:
        """Add an edit to the candidate's pending ones, checked against the claim as edited so far."""
        edits = [*self.pending.get(candidate.key, []), (field_name, value)]
        self.draft(candidate, edits)
        self.pending[candidate.key] = edits
        self.version += 1

    def skip(self, candidate: Candidate) -> None:
        self.skipped.add(candidate.key)
        self.version += 1

    def add(self, words: str, what: str) -> Candidate:
        """A claim the extractor missed, from `words` of the text (occurring once), stating `what`: a class (its
        subject is then a new entity of that class) or a statement (SUBJECT PROPERTY VALUE)."""
        words = words.strip()
        found = self.text.count(words) if words else 0
        if found != 1:
            raise KgError(
                "the words must occur exactly once in the source text"
                + (f" (they occur {found} times: lengthen them)" if found else " (they do not: copy them)")
            )
        start = self.text.index(words)
        taken = {c.iri for c in self.items()}
        stem = kebab(" ".join(words.split()[:6]))[:60].strip("-") or "claim"
        name, n = stem, 2
        while f"{ns.CLAIM}{self.source}/{name}" in taken:
            name, n = f"{stem}-{n}", n + 1
        iri = f"{ns.CLAIM}{self.source}/{name}"
        key = "added-" + hashlib.sha256(f"{iri}\0{words}".encode()).hexdigest()[:16]
        quote = ox.Quad(ox.NamedNode(iri), ox.NamedNode(QUOTE), ox.Literal(words))
        if len(what.split()) == 1:  # a class: a new entity of it, named by its type and the source
            cls = self.editor.cls(what)
            local = f"{kebab(ns.curie(cls.value).split(':')[-1])}-{self.source.partition('_')[2].replace('_', '-')}"
            subject, n = local, 2
            while self.editor.known(ns.KG + subject):
                subject, n = f"{local}-{n}", n + 1
            subject, edits = ns.KG + subject, [("type", what.strip())]
        else:  # a statement: its subject is the claim's
            subject, edits = None, [("fact", what.strip())]
        candidate = Candidate(
            iri, key, "", start, start + len(words), 1.0, "added by the reviewer", None, [quote], {}, 0, subject, True
        )
        self.draft(candidate, edits)
        self.drafts.append(candidate)
        self.pending[key] = edits
        self.version += 1
        return candidate

    def decide(self, candidate: Candidate, verdict: str, reason: str = "", edits=None, by: str | None = None):
        """Accept or reject the candidate (with its pending edits unless `edits` are given). The claim and register
        files are written first, then the decision is recorded: if either write fails, nothing is decided."""
        edits = list(self.pending.get(candidate.key, []) if edits is None else edits)
        if candidate.key in self.decisions.decided():
            raise KgError("already decided (the page was out of date)")
        self.draft(candidate, edits)  # every edit still applies
        if verdict == "rejected":
            if not reason.strip():
                raise KgError("a rejection needs its reason")
            if candidate.added:  # a claim being added is dropped, not recorded
                self.drafts = [c for c in self.drafts if c.key != candidate.key]
                self.pending.pop(candidate.key, None)
                self.version += 1
                return None
        else:
            why = self.refusal(candidate, edits)
            if why:
                raise KgError(f"cannot accept: {why}")
        added = None
        if candidate.added:
            added = (candidate.start, self.text[candidate.start : candidate.end], candidate.subject or "")
        decision = Decision(candidate.key, candidate.iri, verdict, by or self.reviewer, now(), reason, edits, added)
        self._record([*self.decisions.items, decision])
        self.pending.pop(candidate.key, None)
        self.drafts = [c for c in self.drafts if c.key != candidate.key]
        self.skipped.discard(candidate.key)
        self.version += 1
        return decision

    def reopen(self, claim: str) -> Decision:
        """Take back the decision on one claim, wherever it stands in the record (the later decisions stay): its
        edits become pending again and it is decided anew (`csto-kg review SOURCE --reopen CLAIM`)."""
        wanted = ns.expand(claim) or f"{ns.CLAIM}{self.source}/{claim}"
        decision = next((d for d in self.decisions.items if d.claim == wanted), None)
        if decision is None:
            known = ", ".join(ns.curie(d.claim).rsplit("/", 1)[-1] for d in self.decisions.items[:8])
            raise KgError(f"--reopen: {self.source} has no decision on {claim} (decided: {known}, …)")
        return self.undo(decision)

    def undo(self, decision: Decision | None = None) -> Decision | None:
        """Take back the last decision, at any point (the last of all included), or the one given; its edits become
        pending again."""
        if not self.decisions.items:
            return None
        last = decision or self.decisions.items[-1]
        self._record([d for d in self.decisions.items if d is not last])
        candidate = self._added(last) if last.added else next((c for c in self.candidates if c.key == last.key), None)
        if last.added:
            self.drafts.append(candidate)
        if candidate is not None and last.edits:
            kept = []
            for edit in last.edits:  # those that still apply to the candidate as extracted now
                try:
                    self.draft(candidate, [*kept, edit])
                    kept.append(edit)
                except KgError:
                    pass
            self.pending[last.key] = kept
        self.skipped.discard(last.key)
        self.version += 1
        return last

    def _record(self, items: list[Decision]) -> None:
        try:
            self.write(items)
        except KgError as exc:
            self.write_quietly(self.decisions.items)
            raise KgError(f"{exc}: nothing was decided") from None
        try:
            self.decisions.save(items)
        except KgError as exc:
            self.write_quietly(self.decisions.items)  # the claim file back to what the record says
            raise KgError(f"{exc}: nothing was decided") from None
        self.decisions.items = items

    def write_quietly(self, items: list[Decision]) -> None:
        try:
            self.write(items)
        except KgError:
            pass  # the next session rewrites the files from the record

    def accept_above(self, threshold: float) -> list[Candidate]:
        """Accept, without a person, every undecided candidate of confidence `threshold` or more that the build
        would take as it stands; attributed to extract (a prov:SoftwareAgent), never to a reviewer."""
        accepted = []
        for candidate in self.undecided():
            if candidate.added or candidate.confidence < threshold or self.refusal(candidate, []):
                continue
            self.decide(candidate, "accepted", edits=[], by=EXTRACTOR)
            accepted.append(candidate)
        return accepted

    def write(self, items: list[Decision]) -> None:
        """The claim file and the register additions made by `items` (nothing when nothing is accepted)."""
        claims, register = [], []
        by_key = {c.key: c for c in self.candidates}
        machine = False
        for d in items:
            if d.verdict != "accepted":
                continue
            candidate = self._added(d) if d.added else by_key.get(d.key)
            if candidate is None:
                continue  # extracted again since, and not proposed any more: the decision stays on record
            claims += self.claim_quads(candidate, d)
            register += self.register_triples(candidate, d, claims)
            machine |= d.reviewer == EXTRACTOR
        if machine:
            register += extractor_description()
        for path, quads, syntax, what in (
            (self.claims_path, claims, "trig", "Claims"),
            (self.register_path, register, "turtle", "Register entries"),
        ):
            if not quads:
                try:
                    path.unlink(missing_ok=True)
                except OSError as exc:
                    raise KgError(f"cannot remove: {exc.strerror}", self.project.relative(path)) from None
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            header = (
                f"{what} of source {self.source}, {OWNED_MARK} from graph/candidates/{self.source}.trig "
                "and the decisions beside it.\nEdit the decisions (or review again), not this file."
            )
            prefixes = {"claim": f"{ns.CLAIM}{self.source}/", "reviewer": REVIEWER}
            write_atomically(turtle(quads, header, syntax, more_prefixes=prefixes), path)

    def register_triples(self, candidate: Candidate, decision: Decision, claims: list[ox.Quad]) -> list[ox.Triple]:
        """New entities the accepted claim names: type, both labels (the reviewer gives the missing one), and the
        inflected form the article used when it is not the label."""
        triples = []
        given = {f: v for f, v in decision.edits}
        used = {q.object.value for q in claims if isinstance(q.object, ox.NamedNode)}
        used |= {q.subject.value for q in claims}
        for iri, entity in candidate.new_entities.items():
            if iri not in used:
                continue
            node = ox.NamedNode(iri)
            triples.append(ox.Triple(node, ox.NamedNode(ns.RDF_TYPE), ox.NamedNode(entity["type"])))
            labels = {self.language: entity["label"].value}
            for lang in ("en", "ru"):
                if f"{iri} label@{lang}" in given:
                    labels[lang] = given[f"{iri} label@{lang}"]
            for lang, label in labels.items():
                triples.append(ox.Triple(node, ox.NamedNode(ns.RDFS_LABEL), ox.Literal(label, language=lang)))
            if entity["words"] != labels[self.language]:
                triples.append(
                    ox.Triple(
                        node, ox.NamedNode(ns.SKOS + "altLabel"), ox.Literal(entity["words"], language=self.language)
                    )
                )
        return triples


def extractor_description() -> list[ox.Triple]:
    """Who accepts with --accept-above: extract, a prov:SoftwareAgent, with its version."""
    agent = ox.NamedNode(EXTRACTOR)
    name = f"csto-kg extract {__version__}"
    return [
        ox.Triple(agent, ox.NamedNode(ns.RDF_TYPE), ox.NamedNode(ns.PROV + "SoftwareAgent")),
        ox.Triple(agent, ox.NamedNode(ns.RDFS_LABEL), ox.Literal(name, language="en")),
        ox.Triple(agent, ox.NamedNode(ns.RDFS_LABEL), ox.Literal(name, language="ru")),
        ox.Triple(agent, ox.NamedNode(ns.SCHEMA + "softwareVersion"), ox.Literal(__version__)),
    ]


def _shown(term) -> str:
    if isinstance(term, ox.NamedNode):
        return "a" if term.value == ns.RDF_TYPE else ns.curie(term.value)
    if isinstance(term, ox.Literal) and term.datatype.value in (ns.XSD + "date", ns.XSD + "integer"):
        return term.value
    return str(term)


# --- the terminal ------------------------------------------------------------------------------------------------


def show(session: Session, candidate: Candidate, echo, style) -> None:
    """The candidate as the claim it will write: the sentence with the quote marked, the triples and notes as
    edited, the edits, and what the shapes still want."""
    text = session.text
    sentence_start = text.rfind("\n", 0, candidate.start) + 1
    sentence_end = text.find("\n", candidate.end)
    sentence_end = len(text) if sentence_end < 0 else sentence_end
    before, quote, after = (
        text[max(sentence_start, candidate.start - 200) : candidate.start],
        text[candidate.start : candidate.end],
        text[candidate.end : min(sentence_end, candidate.end + 200)],
    )
    done, total = session.progress()
    echo("")
    heading = f"[{session.position(candidate)}/{total}] {session.kind(candidate)}"
    echo(style(heading, bold=True) + f"  confidence {candidate.confidence:.2f}  ({done} decided)")
    echo(f"  why: {candidate.reason}")
    echo("  " + before + style("[" + quote + "]", underline=True, bold=True) + after)
    echo(f"  {ns.curie(candidate.iri)}, as it will be written:")
    for line in session.claim_lines(candidate):
        echo(f"    {line}")
    for iri, entity in candidate.new_entities.items():
        echo(f"    new entity {ns.curie(iri)}: {ns.curie(entity['type'])} «{entity['label'].value}»")
    for field_name, value in session.pending.get(candidate.key, []):
        echo(f"    edited: {field_name} = {value}")
    missing = session.missing(candidate)
    if missing:
        echo(style(f"  the shapes also want: {', '.join(missing)} (edit: role PROPERTY ENTITY)", fg="yellow"))
    echo(KEYS)


def run_terminal(session: Session, getchar, prompt, echo, style) -> str:
    """The review loop: one candidate at a time; when none is left, undo and adding a claim still work. Returns
    why it stopped (done, quit)."""
    while True:
        candidate = session.current()
        if candidate is None:
            done, total = session.progress()
            echo(f"\nnothing left to decide ({done} of {total} decided, {len(session.skipped)} skipped)")
            echo("  [u]ndo  [n]ew claim from the text  [q]uit")
        else:
            show(session, candidate, echo, style)
        key = getchar().lower()
        try:
            if key == "q" or (candidate is None and key in ("", "\x04", "\r", "\n")):
                done, total = session.progress()
                if candidate is None:
                    where = session.project.relative(session.claims_path)
                    echo(f"\nreviewed {done} of {total} candidates; claims in {where}")
                    return "done"
                echo(f"\nstopped: {done} of {total} decided; `csto-kg review {session.source}` resumes")
                return "quit"
            if key == "u":
                last = session.undo()
                echo(f"  undone: {last.verdict} {ns.curie(last.claim)}" if last else "  nothing to undo")
            elif key == "n":
                words = prompt("  words of the text that state it (copied exactly)")
                what = prompt(
                    "  what they state: a class (kgo:Arrival) or a statement (kg:almaty locatedIn kg:kyrgyzstan)"
                )
                session.add(words, what)
            elif candidate is None:
                echo("  keys: u undo, n new claim, q quit")
            elif key == "a":
                for iri, lang in session.missing_labels(candidate):
                    session.edit(candidate, f"{iri} label@{lang}", prompt(f"  label in {lang} for {ns.curie(iri)}"))
                session.decide(candidate, "accepted")
                echo("  accepted")
            elif key == "r":
                reason = prompt("  reason" if not candidate.added else "  reason (the claim being added is dropped)")
                session.decide(candidate, "rejected", reason=reason)
                echo("  rejected" if not candidate.added else "  dropped")
            elif key == "e":
                field_name = prompt("  field (? lists them)").strip()
                if field_name in ("?", ""):
                    echo("  fields:\n" + "\n".join(f"    {f:<10} {what}" for f, what in FIELDS.items()))
                    echo("    IRI label@en / IRI label@ru: a label of a new entity")
                    continue
                if field_name not in FIELDS and not LABEL_OF.fullmatch(field_name):
                    raise KgError(f"'{field_name}' cannot be edited; fields: {', '.join(FIELDS)}")
                value = "" if field_name in NO_VALUE else prompt(f"  {field_name}: {FIELDS.get(field_name, 'TEXT')}")
                session.edit(candidate, field_name, value)
            elif key == "s":
                session.skip(candidate)
                echo("  skipped (it stays undecided)")
            else:
                echo("  keys: a accept, e edit, r reject, s skip, u undo, n new claim, q quit")
        except KgError as exc:
            echo(f"  {exc}")
