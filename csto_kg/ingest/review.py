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
from ..evidence import date_reasons, occurrences, read_claims
from ..files import turtle, write_atomically
from ..formats import rdf_syntax
from ..loader import RdfFile, Vocabulary
from ..namespaces import kebab
from ..project import Project
from ..querying import Names, solutions
from ..sources import Source
from .edits import (
    DROP_EDIT,
    FIELDS,
    LABEL_OF,
    NO_VALUE,
    NOTES,
    Draft,
    Editor,
    Terms,
    figures_of,
    iri_of,
    listing_key,
    split,
    term_iri,
    unescaped,
)
from .extract import KGC, candidates_path, distinct_keys
from .knowledge import Knowledge, Schema
from .requirements import Requirements

REVIEWER = ns.BASE + "reviewer/"
EXTRACTOR = f"{ns.BASE}agent/csto-kg-extract-{__version__}"  # who accepts with --accept-above
OWNED_MARK = "written by `csto-kg review`"
QUOTE = ns.KGO + "quote"
BOOLEAN = ox.NamedNode(ns.XSD + "boolean")
# what a claim file says beside a claim's graph, copied from the candidate as extract wrote it
CLAIM_WORDS = set(NOTES.values())
KEYS = "  [a]ccept  [e]dit  [r]eject  [s]kip  [u]ndo  [n]ew claim from the text  [q]uit"

# classes whose instances belong in the register (graph/register/SOURCE.ttl), not in a claim, when a claim mints one
REGISTER_KINDS = {ns.KGO + c for c in ("Person", "Organisation", "Place", "Office", "GroupOfPeople", "Commodity",
                                       "MeansOfTransport")}  # fmt: skip
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
            quads += [ox.Quad(node, ox.NamedNode(KGC + "edit"), _numbered(i, f, v)) for i, (f, v) in enumerate(d.edits)]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        header = f"Review decisions on the candidates of source {self.source}, in order, {OWNED_MARK}."
        write_atomically(turtle(quads, header, "trig", more_prefixes={"kgc": KGC}), self.path)


def _numbered(i: int, field_name: str, value: str) -> ox.Literal:
    """An edit as the decisions and the pending edits keep it: numbered (RDF keeps no order), its field, its value."""
    return ox.Literal(f"{i}\t{field_name}\t{value}")


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
        order = {}  # each candidate claim's place in the file
        for q in ox.parse(path=str(path), format=rdf_syntax("trig")):
            if q.predicate.value == ns.RDF_TYPE and q.object.value == KGC + "CandidateClaim":
                order.setdefault(q.subject.value, len(order))
    except SyntaxError as exc:
        raise KgError(f"cannot read the candidates: {exc}", project.relative(path)) from None
    return candidates_in(store, order)


def accepted_candidates(project: Project, source: str) -> tuple[set[str], list[ox.Quad]]:
    """The candidates a recorded decision accepted, as the candidates file holds them (their claim graphs, what is
    said of each, their new entities): the keys, and the quads. A new `extract` writes them again as they were, so
    that the claims file review wrote from them stays what review writes, whatever the graph now holds (their own
    events among it)."""
    path = candidates_path(project, source)
    decisions = Decisions.load(project, source).items
    accepted = {d.key for d in decisions if d.verdict == "accepted" and d.added is None}
    if not accepted or not path.exists():
        return set(), []
    store = ox.Store()
    try:
        store.load(path=str(path), format=rdf_syntax("trig"))
    except SyntaxError as exc:
        raise KgError(f"cannot read the candidates: {exc}", project.relative(path)) from None
    keys, quads = set(), []
    for candidate in candidates_in(store):
        if candidate.key not in accepted:
            continue
        node = ox.NamedNode(candidate.iri)
        keys.add(candidate.key)
        quads += store.quads_for_pattern(None, None, None, node)
        quads += store.quads_for_pattern(node, None, None, ox.DefaultGraph())
        for entity in candidate.new_entities:
            quads += store.quads_for_pattern(ox.NamedNode(entity), None, None, ox.DefaultGraph())
    return keys, list(dict.fromkeys(quads))


def candidates_in(store: ox.Store, order: dict[str, int] | None = None) -> list[Candidate]:
    """The candidate claims a store of extract's output holds (what write_candidates writes), in one stable order:
    by where their quote starts, then in the order of the file (`order`, each claim's place in it), else by the
    trigger word. Two candidates with one key (a file of an older extract) are told apart: the last keeps the key,
    as the claim a recorded decision on that key was written from."""

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
    candidates.sort(key=lambda c: (c.start, c.trigger, c.iri))  # the order keys were told apart in, always
    for candidate, key in zip(candidates, distinct_keys([c.key for c in candidates])):
        candidate.key = key
    if order is not None:
        candidates.sort(key=lambda c: (c.start, order.get(c.iri, len(order)), c.iri))
    return candidates


def review_terms(
    project: Project, schema: ox.Store, graph: ox.Store | None, knowledge: Knowledge | None = None
) -> Terms:
    """What edits may name: the ontology's terms (from the schema Requirements read) and every entity the project
    types now (`knowledge`: by default the build, the register files and the claim files, which may be newer than
    the build), with their classes and names, and what the ontology entails of a node's classes."""
    knowledge = knowledge or Knowledge(project, graph)
    vocabulary = Vocabulary.from_quads(schema.quads_for_pattern(None, None, None, None))
    individuals: dict[str, set[str]] = {}
    for row in solutions(schema, INDIVIDUALS):
        individuals.setdefault(row["class"].value, set()).add(row["i"].value)
    every_individual = set().union(*individuals.values()) if individuals else set()
    properties = vocabulary.declared - vocabulary.classes - every_individual
    types = knowledge.types()
    return Terms(
        vocabulary.classes, properties, individuals, set(types), types, knowledge.names(), None, Schema.of(schema),
        knowledge.values,
    )  # fmt: skip


def label_edits(edits) -> dict[tuple[str, str], str]:
    """(entity IRI, language) -> the label the edits give a new entity (`IRI label@en`, the CURIE read too)."""
    found = {}
    for field_name, value in edits:
        label = LABEL_OF.fullmatch(field_name)
        if label:
            iri = term_iri(label["iri"])
            if iri is not None:
                found[(iri, label["lang"])] = value
    return found


def named_in(d: Draft) -> list[str]:
    """The kg: nodes a claim names, in the order it names them."""
    found = {
        t.value: None
        for q in d.quads
        if q.graph_name == d.graph
        for t in (q.subject, q.object)
        if isinstance(t, ox.NamedNode) and t.value.startswith(ns.KG)
    }
    return list(found)


class ReviewLock:
    """One review of a source at a time: an flock on graph/candidates/SOURCE.review.lock, released when the
    session ends or its process dies, holding a line that says who has it."""

    def __init__(self, path: Path, source: str, holder: str):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        # the file outlives only a session that was stopped (a live one holds the flock: we would not get it)
        self.left_by_a_stopped_session = path.exists()
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


def _same_statements(one: bytes | None, other: bytes | None, path: Path) -> bool:
    """Whether two versions of a file say the same (the same quads, blank nodes by their place, not their label):
    candidates extracted again may write the same claims in other words of Turtle."""
    if one is None or other is None:
        return one is other

    def statements(data: bytes) -> list[str]:
        syntax = rdf_syntax("trig" if path.suffix == ".trig" else "turtle")
        try:
            quads = ox.parse(data, format=syntax)
            return sorted(
                " ".join("_:" if isinstance(t, ox.BlankNode) else str(t) for t in (q.subject, q.predicate, q.object))
                + f" {q.graph_name}"
                for q in quads
            )
        except SyntaxError:
            return [data.decode("utf-8", "replace")]

    return statements(one) == statements(other)


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class Judge:
    """Whether a candidate's claim, with edits, could be accepted as it stands (the build would take it): the checks
    review makes before it accepts, for a Session and for the pipeline, which accepts without a person."""

    def __init__(
        self,
        requirements: Requirements,
        editor: Editor,
        language: str,
        text: str,
        source: str | None = None,
        published: datetime.date | None = None,
    ):
        """`source` (its IRI) and `published`: what the one-claim checks of queries/checks/ read beside a claim."""
        self.requirements, self.editor, self.language, self.text = requirements, editor, language, text
        self.source_iri, self.published_on = source, published
        self.pending: dict[str, list[tuple[str, str]]] = {}  # edits typed, not yet decided
        # claims accepted in this run that what the checks read does not hold yet (the pipeline: its graph is the
        # build's, the same for every article; a Session adds each to its store instead)
        self.earlier: list[ox.Quad] = []

    def proposals(self, candidate: Candidate) -> dict[str, dict]:
        """New entities extract proposes that the candidate may name (IRI -> kind, type, label, words)."""
        return candidate.new_entities

    def _also(self, candidate: Candidate) -> frozenset[str]:
        """Entities an edit of this candidate may name beyond the graph: the new ones extract proposes."""
        return frozenset(self.proposals(candidate))

    def _taken(self, candidate: Candidate) -> frozenset[str]:
        """The claims of the source the candidate may not be renamed to."""
        return frozenset()

    def drafted(self, candidate: Candidate, edits=None, replay: bool = False) -> tuple[Draft, list[tuple[str, str]]]:
        """The candidate's claim with the edits (given, else those pending) applied, and the edits as recorded (their
        entities as CURIEs); a bad edit is refused. When a recorded decision is replayed on candidates extracted
        again, taking away what is gone is no error."""
        edits = self.pending.get(candidate.key, []) if edits is None else edits
        subject = ox.NamedNode(candidate.subject) if candidate.subject else None
        d = Draft(
            ox.NamedNode(candidate.iri), subject, list(candidate.quads), self._also(candidate), replay,
            frozenset() if replay else self._taken(candidate),
        )  # fmt: skip
        recorded, passed = [], set()
        for n, (field_name, value) in enumerate(edits):
            try:
                recorded.append(self._apply(candidate, d, field_name, value))
            except KgError:
                # on replay, an edit the decision took back later, and its taking back, are passed over when a term
                # of theirs has left the graph since (an event merged into another): together they changed nothing
                if replay and (f"-{field_name}", value) in edits[n + 1 :]:
                    passed.add((field_name, value))
                    continue
                if replay and (field_name.removeprefix("-"), value) in passed:
                    continue
                raise
        return d, recorded

    def _apply(self, candidate: Candidate, d: Draft, field_name: str, value: str) -> tuple[str, str]:
        if field_name in ("label@en", "label@ru") and not d.replay and d.subject is not None:
            lang = field_name[-2:]
            known = self.editor.terms.values(d.subject.value, ns.RDFS_LABEL) if self.editor.terms.values else set()
            said = [x.value for x in known if isinstance(x, ox.Literal) and x.language == lang]
            if said:  # a second label would break the shapes: the entity has one already, in its claims or register
                raise KgError(f"{field_name}: {ns.curie(d.subject.value)} is labelled «{said[0]}» in the graph already")
        return self.editor.apply(d, field_name, value, self.text)

    def draft(self, candidate: Candidate, edits=None, replay: bool = False) -> Draft:
        return self.drafted(candidate, edits, replay)[0]

    def typed_elsewhere(self) -> set[str]:
        """What the project types apart from the claims being judged: an entity of these is no claim's to mint."""
        return self.editor.terms.entities

    def register_kinds(self, d: Draft) -> dict[str, set[str]]:
        """Entities the claim mints (types, and nothing in the project types apart from this review) whose class
        belongs in the register (a person, an organisation, a place, an office, ...), with the classes the claim
        gives them."""
        schema = self.editor.terms.schema
        found: dict[str, set[str]] = {}
        for iri in d.minted() - self.typed_elsewhere():
            classes = {
                q.object.value
                for q in d.quads
                if q.graph_name == d.graph and q.subject.value == iri and q.predicate.value == ns.RDF_TYPE
            }
            if schema is not None and schema.closure(classes) & REGISTER_KINDS:
                found[iri] = classes
        return found

    def missing_labels(self, candidate: Candidate, edits=None) -> list[tuple[str, str]]:
        """(entity IRI, language) of the new entities the claim as edited names (proposed by extract, or minted by
        the claim) that nothing labels in that language yet: the shapes want en and ru."""
        edits = self.pending.get(candidate.key, []) if edits is None else edits
        d = self.draft(candidate, edits)
        given = set(label_edits(edits))
        given |= {
            (q.subject.value, q.object.language)
            for q in d.quads
            if q.graph_name == d.graph and q.predicate.value == ns.RDFS_LABEL and isinstance(q.object, ox.Literal)
        }
        minted, proposed = self.register_kinds(d), self.proposals(candidate)
        missing = []
        for iri in named_in(d):
            if iri in self.editor.terms.entities or not (iri in minted or iri in proposed):
                continue
            has = {self.language} if iri in proposed else set()  # extract proposes a label in the text's language
            missing += [(iri, lang) for lang in ("en", "ru") if lang not in has and (iri, lang) not in given]
        return missing

    def missing(self, candidate: Candidate, edits=None) -> list[str]:
        """Properties the shapes want of the claim's subject, and ("PROPERTY of ENTITY") of each new entity the claim
        mints, that neither the claim (as edited), the register entries it makes (the labels of a new entity) nor the
        graph give: plain counts and values of a class (a place's country)."""
        edits = self.pending.get(candidate.key, []) if edits is None else edits
        d = self.draft(candidate, edits)
        if d.subject is None:
            return []
        registered = [
            ox.Quad(ox.NamedNode(iri), ox.NamedNode(ns.RDFS_LABEL), ox.Literal(label, language=lang), d.graph)
            for (iri, lang), label in label_edits(edits).items()
        ]
        quads = d.quads + registered
        wanted = self.requirements.missing(quads, d.subject) + self.requirements.unqualified(quads, d.subject)
        # a new place the claim mints (kg:osh a kgo:City) must say its country, or the next build fails (trial 44)
        for iri in sorted(self.register_kinds(d)):
            if iri != d.subject.value:
                node = ox.NamedNode(iri)
                lacking = self.requirements.missing(quads, node) + self.requirements.unqualified(quads, node)
                wanted += [f"{p} of {ns.curie(iri)}" for p in lacking]
        return wanted

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
            entity = next((w for w in wanted if " of " in w), None)
            if entity is not None:  # a new entity's: a fact of it (kg:osh locatedIn Kyrgyzstan)
                prop, _, iri = entity.partition(" of ")
                return f"the shapes want {entity} (edit: fact {iri} {prop.split()[0]} ENTITY)"
            return f"the shapes want {', '.join(wanted)} of this claim's subject (edit: role PROPERTY ENTITY)"
        d = self.draft(candidate, edits)
        crowded = self.requirements.too_many(d.quads + self.earlier, d.subject) if d.subject is not None else []
        if crowded:
            return f"the shapes allow one {', '.join(crowded)} of this claim's subject: it would have two (edit -role)"
        unknown = self.unknown(candidate, edits)
        if unknown:
            return f"{', '.join(unknown)}: nothing types it (fact {unknown[0]} a kgo:Class)"
        d = self.draft(candidate, edits)
        clashes = self.editor.clashes(d, self.earlier)
        if clashes:
            return clashes[0]
        quotes = [q.object.value for q in d.quads if q.subject == d.graph and q.predicate.value == QUOTE]
        if not quotes:
            return "the claim has no quote (edit quote)"
        for quote in quotes:  # the build finds each quote once in the text (a sentence the article says twice: no)
            times = len(occurrences(self.text, quote))
            if times > 1:
                return f"its quote occurs {times} times in the text: lengthen it until it occurs once (edit quote)"
        if not any(q.graph_name == d.graph for q in d.quads):
            return "the claim states nothing yet"
        if self.source_iri is not None and self.published_on is not None:
            broken = self.requirements.broken_checks(d.quads, d.graph, self.source_iri, self.published_on)
            if broken:
                return broken[0]
            return self._undated_by_its_words(d)
        return None

    def _undated_by_its_words(self, d: Draft) -> str | None:
        """What the build's check of a claim's dates against its quotes says of this one (evidence.date_reasons),
        or None: a date its quote does not state is refused here as the build would refuse it."""
        source_id = d.graph.value.removeprefix(ns.CLAIM).split("/")[0]
        source = Source(self.source_iri, source_id, self.text, self.language, self.published_on.isoformat(), [])
        try:
            for claim in read_claims(RdfFile(Path("candidate"), "candidate", "", list(d.quads)), source):
                date_reasons(claim)
        except KgError as refused:
            return refused.message
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
        replace_edited: bool = False,
    ):
        from ..sources import load_source_text

        self.project, self.source = project, source
        self.text, self.language, self.published = load_source_text(project, source)
        self.candidates = load_candidates(project, source)
        self.decisions = Decisions.load(project, source)
        name = reviewer or getpass.getuser() or "reviewer"
        self.reviewer = REVIEWER + (kebab(name) or "reviewer")
        # what the project says now: the build, the files written since, and (as it decides) this review
        self.knowledge = Knowledge(project, graph, source)
        requirements = Requirements(project, self.knowledge.store)
        terms = review_terms(project, requirements.schema, graph, self.knowledge)
        Judge.__init__(self, requirements, Editor(terms), self.language, self.text, ns.SRC + source, self.published)
        self.new_entities: dict[str, dict] = {}  # every new entity extract proposes for the source
        for candidate in self.candidates:
            for iri, entity in candidate.new_entities.items():
                self.new_entities.setdefault(iri, entity)
        terms.proposed = Names(
            (iri, name)
            for iri, entity in self.new_entities.items()
            for name in (entity["label"].value, entity["words"])
        )
        self.skipped: set[str] = set()
        # decisions taken back by --reopen: they stay on record, and their claims in the files, until decided anew
        self.reopened: dict[str, Decision] = {}
        self.dormant: dict[str, list[tuple[str, str]]] = {}  # edits typed on a reopened claim, for its next --reopen
        self.drafts: list[Candidate] = []  # claims the reviewer is adding, not yet accepted
        self.focus: str | None = None  # the key of what was last acted on: shown next while it is undecided
        self.written: dict[str, str] = {}  # key of an accepted claim -> the claim's IRI as written
        self.version = 0  # changes with every action: a form of an older page is refused, never applied twice
        self._check_owned()
        self.lock = ReviewLock(
            project.candidates_dir / f"{source}.review.lock",
            source,
            f"reviewer {self.reviewer.removeprefix(REVIEWER)} in {holder}",
        )
        try:
            made = self._made(self.decisions.items)  # replayed once: checked, then written
            if not (self.lock.left_by_a_stopped_session or replace_edited):
                self._check_files_are_the_records(made[0])
            self._put(self.decisions.items, made)  # a session killed between a claim file and its record is made whole
            self._resume()
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> Session:
        return self

    def typed_elsewhere(self) -> set[str]:
        """Not the build's types of the entries this source's own register file holds: the review writes that file
        from its decisions, so an office it minted stays minted once the build has it (read from the build, it was
        minted one time and not the next, and each opening wrote the other version of the file)."""
        return self.knowledge.elsewhere

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

    @property
    def pending_path(self) -> Path:
        return self.project.candidates_dir / f"{self.source}.pending.trig"

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
        return added_claim(decision.claim, decision.key, start, words, subject)

    def items(self) -> list[Candidate]:
        """Everything reviewed or to review, in reading order (candidates on one sentence in the file's order): the
        candidates, the claims added (and being added)."""
        added = [self._added(d) for d in self.decisions.items if d.added]
        return sorted(self.candidates + added + self.drafts, key=lambda c: c.start)

    def settled(self) -> dict[str, Decision]:
        """The decisions that stand: those on record but the ones reopened in this session."""
        return {key: d for key, d in self.decisions.decided().items() if key not in self.reopened}

    def undecided(self) -> list[Candidate]:
        decided = self.settled()
        return [c for c in self.items() if c.key not in decided]

    def current(self) -> Candidate | None:
        """What to show: what was last acted on (edited, added, undone) while it is undecided, else the first
        undecided candidate not skipped, in reading order."""
        undecided = self.undecided()
        focused = next((c for c in undecided if c.key == self.focus), None)
        return focused or next((c for c in undecided if c.key not in self.skipped), None)

    def progress(self) -> tuple[int, int]:
        """(decided, in all), over what there is now: decisions on candidates a later extract dropped are not
        counted, nor are they counted twice."""
        decided = self.settled()
        items = self.items()
        return sum(1 for c in items if c.key in decided), len(items)

    def position(self, candidate: Candidate) -> int:
        return next(i for i, c in enumerate(self.items(), start=1) if c.key == candidate.key)

    def by_key(self, key: str) -> Candidate:
        for c in self.items():
            if c.key == key:
                return c
        raise KgError(f"no candidate {key} for source {self.source}")

    def pending_count(self) -> tuple[int, int]:
        """(edits, candidates) typed and not yet decided, on extract's candidates (not on claims being added, nor on
        reopened claims)."""
        aside = {c.key for c in self.drafts} | set(self.reopened)
        edited = [edits for key, edits in self.pending.items() if edits and key not in aside]
        return sum(map(len, edited)), len(edited)

    # --- the claim as it will be written ----------------------------------------------------------------------

    def proposals(self, candidate: Candidate) -> dict[str, dict]:
        """Every new entity extract proposes for the source: a claim may name one another candidate proposed."""
        return self.new_entities

    def _taken(self, candidate: Candidate) -> frozenset[str]:
        others = {c.iri for c in self.items() if c.key != candidate.key}
        return frozenset(others | {iri for key, iri in self.written.items() if key != candidate.key})

    def claim_quads(self, candidate: Candidate, decision: Decision) -> list[ox.Quad]:
        """The candidate's claim with the decision's edits, and who accepted it when."""
        return attributed(self._replayed(candidate, decision), decision.reviewer, decision.at)

    def _replayed(self, candidate: Candidate, decision: Decision) -> Draft:
        try:
            return self.draft(candidate, decision.edits, replay=True)
        except KgError as exc:
            raise KgError(
                f"the decision on {ns.curie(candidate.iri)} no longer applies to its candidate ({exc}): "
                f"extract proposed it otherwise; edit {self.project.relative(self.decisions.path)} or extract again"
            ) from None

    def claim_lines(self, candidate: Candidate, edits=None) -> list[str]:
        """The claim as it will be written, for people: its triples (the subject's first, its type first), then
        what is said beside it: the quote, the date words and their anchor, every note, the source's error."""
        d = self.draft(candidate, edits)
        order = {ns.RDF_TYPE: 0, ns.RDFS_LABEL: 1}
        inside = [q for q in d.quads if q.graph_name == d.graph]
        inside.sort(
            key=lambda q: (
                q.subject != d.subject,
                listing_key(q.subject.value),
                order.get(q.predicate.value, 2),
                q.predicate.value,
            )
        )
        lines = [f"{ns.curie(q.subject.value)} {_shown(q.predicate)} {_shown(q.object)}" for q in inside]
        if not inside:
            lines.append("(no statement yet: edit type, role, fact or quantity)")
        for n, figure in enumerate(figures_of(d), start=1):  # what `quantity #N` and `-quantity #N` name
            lines.append(f"figure #{n}: {ns.curie(figure.value)}")
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

    def new_entity_lines(self, candidate: Candidate) -> list[str]:
        """The new entities the claim as edited names, as the register will have them."""
        d = self.draft(candidate)
        lines = []
        minted = self.register_kinds(d)
        for iri in named_in(d):
            if iri in self.editor.terms.entities:
                continue
            if iri in minted:
                lines.append(f"new entity {ns.curie(iri)}: {', '.join(sorted(map(ns.curie, minted[iri])))}")
            elif iri in self.new_entities:
                entity = self.new_entities[iri]
                lines.append(f"new entity {ns.curie(iri)}: {ns.curie(entity['type'])} «{entity['label'].value}»")
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

    def name(self, candidate: Candidate) -> str:
        """The claim's name as it will be written (claim:SOURCE/NAME), for saying what a key acted on."""
        try:
            graph = self.draft(candidate).graph.value
        except KgError:
            graph = candidate.iri
        return graph.rsplit("/", 1)[-1]

    # --- actions ------------------------------------------------------------------------------------------------

    def edit(self, candidate: Candidate, field_name: str, value: str) -> tuple[str, str]:
        """Add an edit to the candidate's pending ones, checked against the claim as edited so far; returns it as
        recorded (its entities as CURIEs). `-edit N` takes pending edit N away instead."""
        if field_name == DROP_EDIT:
            return self.drop_edit(candidate, value)
        edits = self.pending.get(candidate.key, [])
        recorded = self._apply(candidate, self.draft(candidate, edits), field_name, value)
        self.pending[candidate.key] = [*edits, recorded]
        self.focus = candidate.key
        self.version += 1
        self._keep()
        return recorded

    def drop_edit(self, candidate: Candidate, number: str) -> tuple[str, str]:
        """Take pending edit `number` (1 first, as the claim lists them) away; the others are applied again in order,
        and if one of them needs it, nothing is taken away and the reviewer is told which."""
        edits = self.pending.get(candidate.key, [])
        if not edits:
            raise KgError(f"{DROP_EDIT}: {self.name(candidate)} has no pending edits")
        n = int(number) if number.strip().isdigit() else 0
        if not 1 <= n <= len(edits):
            raise KgError(f"{DROP_EDIT}: give the number of a pending edit, 1 to {len(edits)} (as listed)")
        kept = edits[: n - 1] + edits[n:]
        try:
            _, recorded = self.drafted(candidate, kept)
        except KgError as exc:
            raise KgError(f"{DROP_EDIT} {n}: an edit after it needs it ({exc}); take that one away first") from None
        self.pending[candidate.key] = recorded
        self.focus = candidate.key
        self.version += 1
        self._keep()
        field_name, value = edits[n - 1]
        return DROP_EDIT, f"{n} ({field_name} = {value})"

    def skip(self, candidate: Candidate) -> None:
        self.skipped.add(candidate.key)
        if self.focus == candidate.key:
            self.focus = None
        self.version += 1

    def add(self, words: str, what: str) -> Candidate:
        """A claim the extractor missed, from `words` of the text (occurring once; \\n a line break), stating
        `what`: a class (its subject is then a new event or entity of that class), and/or statements separated by
        ';' (SUBJECT PROPERTY VALUE, or PROPERTY ENTITY of the claim's subject). A statement may name an entity the
        claim mints (`kg:mamin a kgo:Person ; kg:mamin holds kg:mamin-holding ; …`): a person, an organisation, a
        place or an office minted so goes to the register with its labels."""
        words = unescaped(words.strip())
        found = self.text.count(words) if words else 0
        if found != 1:
            raise KgError(
                "the words must occur exactly once in the source text"
                + (f" (they occur {found} times: lengthen them)" if found else " (they do not: copy them)")
            )
        parts = statements(what)
        if not parts:
            raise KgError("say what the words state: a class (kgo:Arrival) or a statement (kg:x locatedIn kg:y)")
        start = self.text.index(words)
        taken = {c.iri for c in self.items()} | set(self.written.values())
        stem = kebab(" ".join(words.split()[:6]))[:60].strip("-") or "claim"
        name, n = stem, 2
        while f"{ns.CLAIM}{self.source}/{name}" in taken:
            name, n = f"{stem}-{n}", n + 1
        iri = f"{ns.CLAIM}{self.source}/{name}"
        key = "added-" + hashlib.sha256(f"{iri}\0{words}".encode()).hexdigest()[:16]
        subject, edits = None, []
        if len(split(parts[0])) == 1:  # a class: a new entity of it, named by its type and the source
            cls = self.editor.cls(parts[0])
            local = f"{kebab(ns.curie(cls.value).split(':')[-1])}-{self.source.partition('_')[2].replace('_', '-')}"
            subject, n = local, 2
            while self.editor.known(ns.KG + subject):
                subject, n = f"{local}-{n}", n + 1
            subject, edits, parts = ns.KG + subject, [("type", parts[0])], parts[1:]
        typing = [p for p in parts if self._types_an_entity(p)]  # first, so that the others may name what it mints
        for part in typing + [p for p in parts if p not in typing]:
            tokens = split(part)
            role = len(tokens) >= 2 and self.editor.is_property(tokens[0]) and subject is not None
            edits.append(("role", part) if role else ("fact", part))
        candidate = added_claim(iri, key, start, words, subject)
        _, recorded = self.drafted(candidate, edits)
        if subject is None:  # the claim is about the subject of its first statement, as the reviewer wrote them
            first = [f for f, _ in edits].index("fact") + [v for _, v in edits].index(parts[0])
            candidate.subject = iri_of(recorded[first][1].split()[0])
            self.draft(candidate, recorded)
        self.drafts.append(candidate)
        self.pending[key] = recorded
        self.focus = key
        self.version += 1
        self._keep()
        return candidate

    def _types_an_entity(self, statement: str) -> bool:
        tokens = split(statement)
        return len(tokens) == 3 and _is_type(tokens[1])

    def decide(self, candidate: Candidate, verdict: str, reason: str = "", edits=None, by: str | None = None):
        """Accept or reject the candidate (with its pending edits unless `edits` are given). The claim and register
        files are written first, then the decision is recorded: if either write fails, nothing is decided."""
        edits = list(self.pending.get(candidate.key, []) if edits is None else edits)
        if candidate.key in self.settled():
            raise KgError("already decided (the page was out of date)")
        # every edit still applies; each kept as recorded (entities as CURIEs, a figure #N by its IRI)
        edits = self.drafted(candidate, edits)[1]
        previous = self.reopened.get(candidate.key)  # replaced by this decision, in one write
        standing = [d for d in self.decisions.items if d is not previous]
        if verdict == "rejected":
            if not reason.strip():
                raise KgError("a rejection needs its reason")
            if candidate.added:  # a claim being added is dropped, not recorded
                if previous is not None:
                    self._replace([previous], standing)
                self.drafts = [c for c in self.drafts if c.key != candidate.key]
                self.pending.pop(candidate.key, None)
                self.focus = None
                self.version += 1
                self._keep()
                return None
        else:
            why = self.refusal(candidate, edits)
            if why:
                raise KgError(f"cannot accept {self.name(candidate)}: {why}")
        added = None
        if candidate.added:
            added = (candidate.start, self.text[candidate.start : candidate.end], candidate.subject or "")
        decision = Decision(candidate.key, candidate.iri, verdict, by or self.reviewer, now(), reason, edits, added)
        if previous is not None:
            self._replace([previous], [*standing, decision])
        else:
            self._record([*standing, decision])
        self._moved_on([candidate.key])
        return decision

    def _moved_on(self, keys: list[str]) -> None:
        """After decisions on `keys`: none of them pending, drafted or skipped any more, the next one shown, kept."""
        for key in keys:
            self.pending.pop(key, None)
            self.skipped.discard(key)
        self.drafts = [c for c in self.drafts if c.key not in keys]
        self.focus = None
        self.version += 1
        self._keep()

    def reopen(self, claim: str) -> tuple[Decision, bool]:
        """Decide one claim anew, wherever its decision stands in the record (`csto-kg review SOURCE --reopen
        CLAIM`): its edits become pending again (or those typed on it when it was last reopened: then True). The
        decision stays on record, and the claim in the files, until a new one replaces it: quitting, Ctrl-C or a
        crash before that leaves both as they were. What the edits are checked against no longer holds the claim
        (as if undone), so that its own statements are not taken for the graph's."""
        wanted = ns.expand(claim) or f"{ns.CLAIM}{self.source}/{claim}"
        decision = next((d for d in self.decisions.items if d.claim == wanted), None)
        if decision is None:
            known = [d.claim.rsplit("/", 1)[-1] for d in self.decisions.items]
            said = (
                f"decided: {', '.join(known[:8])}{', …' if len(known) > 8 else ''}"
                if known
                else "nothing is decided on it yet"
            )
            raise KgError(f"--reopen: {self.source} has no decision on {claim} ({said})")
        candidate = self._candidate_of(decision)
        if candidate is None:
            raise KgError(f"--reopen: extract no longer proposes {claim}: extract again, or undo its decision")
        self.reopened[decision.key] = decision
        self._know(self.decisions.items)
        resumed = self.dormant.pop(decision.key, None)
        self.pending[decision.key] = resumed if resumed is not None else self._still_applying(candidate, decision)
        self.skipped.discard(decision.key)
        self.focus = decision.key
        self.version += 1
        self._keep()
        return decision, resumed is not None

    def _candidate_of(self, decision: Decision) -> Candidate | None:
        if decision.added:
            return self._added(decision)
        return next((c for c in self.candidates if c.key == decision.key), None)

    def _still_applying(self, candidate: Candidate, decision: Decision) -> list[tuple[str, str]]:
        """The decision's edits that still apply to the candidate as extracted now."""
        kept: list[tuple[str, str]] = []
        for edit in decision.edits:
            try:
                self.draft(candidate, [*kept, edit])
                kept.append(edit)
            except KgError:
                pass
        return kept

    def undo(self, decision: Decision | None = None) -> Decision | None:
        """Take back the last decision that stands, at any point (the last of all included), or the one given; its
        edits become pending again (those typed on it when it was last reopened, if any), and what it decided is
        shown next."""
        standing = [d for d in self.decisions.items if d.key not in self.reopened]
        if not standing:
            return None
        last = decision or standing[-1]
        self._record([d for d in self.decisions.items if d is not last])
        candidate = self._candidate_of(last)
        if last.added:
            self.drafts.append(candidate)
        resumed = self.dormant.pop(last.key, None)
        if resumed is not None:
            self.pending[last.key] = resumed
        elif candidate is not None and last.edits:
            self.pending[last.key] = self._still_applying(candidate, last)
        self.skipped.discard(last.key)
        self.focus = last.key
        self.version += 1
        self._keep()
        return last

    def _replace(self, previous: list[Decision], items: list[Decision]) -> None:
        """Record `items`, where the reopened claims' decisions `previous` are replaced (or dropped): if the write
        fails, the claims stay reopened, their decisions on record, and review knows what the record says."""
        for decision in previous:
            del self.reopened[decision.key]
        try:
            self._record(items)
        except KgError:
            self.reopened.update((decision.key, decision) for decision in previous)
            self._know(self.decisions.items)
            raise

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
        accepted, items = [], list(self.decisions.items)
        replaced: dict[str, Decision] = {}  # reopened claims (`--reopen`): their decision on record gives way
        self.refused_above = []  # (candidate, why): at or above the bar, but not what the build takes as it stands
        for candidate in self.undecided():
            if candidate.added or candidate.confidence < threshold:
                continue
            refused = self.refusal(candidate, [])
            if refused:
                self.refused_above.append((candidate, refused))
                continue
            decision = Decision(candidate.key, candidate.iri, "accepted", EXTRACTOR, now(), "", [], None)
            previous = self.reopened.get(candidate.key)
            if previous is not None:
                replaced[candidate.key] = previous
                items = [d for d in items if d is not previous]
            draft = self._replayed(candidate, decision)
            # known to the checks of the next candidate at once (a second agent of one resignation is refused);
            # the files are written once, at the end, as deciding one candidate after another would write them
            register = self.register_entries([(decision, draft)])
            self.knowledge.also_accepted(attributed(draft, EXTRACTOR, decision.at), register)
            self._learn()
            items.append(decision)
            accepted.append(candidate)
        if not accepted:
            return accepted
        self._replace(list(replaced.values()), items)  # if it fails, review knows what the record says again
        self._moved_on([c.key for c in accepted])
        return accepted

    def write(self, items: list[Decision]) -> None:
        """The claim file and the register additions made by `items` (nothing when nothing is accepted); what
        review knows is then what they say."""
        self._put(items, self._made(items))

    def _put(self, items: list[Decision], made) -> None:
        files, claims, register, accepted = made
        for path, data in files:
            if data is None:
                try:
                    path.unlink(missing_ok=True)
                except OSError as exc:
                    raise KgError(f"cannot remove: {exc.strerror}", self.project.relative(path)) from None
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(data, path)
        self.written = {d.key: draft.graph.value for d, draft in accepted}
        if any(d.key in self.reopened for d in items):
            self._know(items)
        else:
            self.knowledge.accepted(claims, register)
            self._learn()

    def _check_files_are_the_records(self, files) -> None:
        """The claim and register files must be what the decisions on record write (`files`, as _made gives them): a
        file edited by hand, or made from candidates extracted again since, would be replaced without a word."""
        for path, data in files:
            on_disk = path.read_bytes() if path.exists() else None
            if on_disk != data and not _same_statements(on_disk, data, path):
                what = "is missing" if on_disk is None else "is not what the review's decisions write"
                raise KgError(
                    f"{what} (edited by hand, or the candidates were extracted again since): a review of "
                    f"{self.source} would replace it and lose the difference. Restore the file as review wrote "
                    "it, or open with --replace-edited (git diff then shows what was lost) and make the change "
                    "again through review, so that its record holds it",
                    self.project.relative(path),
                )

    def _made(self, items: list[Decision]):
        """What `items` make: each file's bytes (None: no file), the claims' and register's quads, what was
        accepted (decision, claim)."""
        claims, accepted = [], []
        by_key = {c.key: c for c in self.candidates}
        machine = False
        for d in items:
            if d.verdict != "accepted":
                continue
            candidate = self._added(d) if d.added else by_key.get(d.key)
            if candidate is None:
                continue  # extracted again since, and not proposed any more: the decision stays on record
            draft = self._replayed(candidate, d)
            claims += attributed(draft, d.reviewer, d.at)
            accepted.append((d, draft))
            machine |= d.reviewer == EXTRACTOR
        register = self.register_entries(accepted)
        if machine:
            register += extractor_description()
        files = []
        for path, quads, syntax, what in (
            (self.claims_path, claims, "trig", "Claims"),
            (self.register_path, register, "turtle", "Register entries"),
        ):
            header = (
                f"{what} of source {self.source}, {OWNED_MARK} from graph/candidates/{self.source}.trig "
                "and the decisions beside it.\nEdit the decisions (or review again), not this file."
            )
            prefixes = {"claim": f"{ns.CLAIM}{self.source}/", "reviewer": REVIEWER}
            files.append((path, turtle(quads, header, syntax, more_prefixes=prefixes) if quads else None))
        return files, claims, register, accepted

    def _know(self, items: list[Decision]) -> None:
        """What the edits are checked against: the claims and register entries of `items` but the reopened ones."""
        claims, accepted = [], []
        for d in items:
            candidate = self._candidate_of(d) if d.verdict == "accepted" and d.key not in self.reopened else None
            if candidate is not None:
                draft = self._replayed(candidate, d)
                claims += attributed(draft, d.reviewer, d.at)
                accepted.append((d, draft))
        self.knowledge.accepted(claims, self.register_entries(accepted))
        self._learn()

    def _learn(self) -> None:
        """What the edits may name, and what their checks read, after the review's claims changed."""
        types = self.knowledge.types()
        terms = self.editor.terms
        terms.types, terms.entities, terms.names = types, set(types), self.knowledge.names()

    def register_entries(self, accepted: list[tuple[Decision, Draft]]) -> list[ox.Triple]:
        """The register entries the accepted claims make: each new entity they name that nothing else in the
        project types, whichever candidate proposed it (extract's proposals: their type, the label proposed and
        the words of the text; entities a claim mints: the classes it gives them), once, with the labels the
        decisions give it (a later decision's over an earlier one's)."""
        labels: dict[tuple[str, str], str] = {}
        named: dict[str, None] = {}
        minted: dict[str, set[str]] = {}
        for decision, d in accepted:
            labels.update(label_edits(decision.edits))
            labels.update(
                {
                    (q.subject.value, q.object.language): q.object.value
                    for q in d.quads
                    if q.graph_name == d.graph and q.predicate.value == ns.RDFS_LABEL and q.object.language
                }
            )
            named.update(dict.fromkeys(named_in(d)))
            for iri, classes in self.register_kinds(d).items():
                minted.setdefault(iri, set()).update(classes)
        triples = []
        for iri in named:
            if iri in self.knowledge.elsewhere:
                continue
            node = ox.NamedNode(iri)
            entity = self.new_entities.get(iri)
            if iri in minted:
                classes, names = sorted(minted[iri]), {}
            elif entity is not None:
                classes, names = [entity["type"]], {self.language: entity["label"].value}
            else:
                continue
            names |= {lang: labels[(iri, lang)] for lang in ("en", "ru") if (iri, lang) in labels}
            triples += [ox.Triple(node, ox.NamedNode(ns.RDF_TYPE), ox.NamedNode(c)) for c in classes]
            triples += [
                ox.Triple(node, ox.NamedNode(ns.RDFS_LABEL), ox.Literal(label, language=lang))
                for lang, label in names.items()
            ]
            if entity is not None and iri not in minted and entity["words"] != names.get(self.language):
                triples.append(
                    ox.Triple(
                        node, ox.NamedNode(ns.SKOS + "altLabel"), ox.Literal(entity["words"], language=self.language)
                    )
                )
        return triples

    # --- what is not decided yet, kept ---------------------------------------------------------------------------

    def _keep(self) -> None:
        """The pending edits and the claims being added, written beside the decisions (atomically): quitting, or a
        crash, loses none of them; the next session takes them up."""
        quads = []
        base = f"{ns.BASE}candidate/{self.source}/pending/"
        drafts = {c.key: c for c in self.drafts}
        kept = {**self.dormant, **self.pending}
        for n, key in enumerate(sorted(set(kept) | set(drafts)), start=1):
            edits = kept.get(key, [])
            if not edits and key not in drafts:
                continue
            node = ox.NamedNode(f"{base}{n}")
            quads.append(ox.Quad(node, ox.NamedNode(KGC + "key"), ox.Literal(key)))
            if key in self.reopened or key in self.dormant:  # its decision stands: `--reopen` takes them up
                quads.append(ox.Quad(node, ox.NamedNode(KGC + "reopened"), ox.Literal("true", datatype=BOOLEAN)))
            quads += [
                ox.Quad(node, ox.NamedNode(KGC + "edit"), ox.Literal(f"{i}\t{f}\t{v}"))
                for i, (f, v) in enumerate(edits)
            ]
            if key in drafts:
                c = drafts[key]
                quads += [
                    ox.Quad(node, ox.NamedNode(KGC + "claim"), ox.NamedNode(c.iri)),
                    ox.Quad(node, ox.NamedNode(KGC + "start"), _integer(c.start)),
                    ox.Quad(node, ox.NamedNode(KGC + "words"), ox.Literal(self.text[c.start : c.end])),
                ]
                if c.subject:
                    quads.append(ox.Quad(node, ox.NamedNode(KGC + "subject"), ox.NamedNode(c.subject)))
        if not quads:
            self.pending_path.unlink(missing_ok=True)
            return
        header = f"Edits typed in the review of source {self.source} and not decided yet, {OWNED_MARK}."
        write_atomically(turtle(quads, header, "trig", more_prefixes={"kgc": KGC}), self.pending_path)

    def _resume(self) -> None:
        """Take up what an earlier session kept: its pending edits (those that still apply), claims being added, and
        the edits typed on a reopened claim whose decision still stands (for its next `--reopen`)."""
        if not self.pending_path.exists():
            return
        store = ox.Store()
        try:
            store.load(path=str(self.pending_path), format=rdf_syntax("trig"))
        except SyntaxError as exc:
            raise KgError(f"cannot read the pending edits: {exc}", self.project.relative(self.pending_path)) from None
        rows: dict[str, dict] = {}
        for q in store.quads_for_pattern(None, None, None, None):
            rows.setdefault(q.subject.value, {}).setdefault(q.predicate.value.removeprefix(KGC), []).append(q.object)
        decided = self.decisions.decided()
        for row in rows.values():
            key = row["key"][0].value
            numbered = sorted(e.value.split("\t", 2) for e in row.get("edit", []))
            edits = [(f, v) for _, f, v in sorted(numbered, key=lambda e: int(e[0]))]
            if key in decided:
                if "reopened" in row:
                    self.dormant[key] = edits
                continue
            if "words" in row:
                subject = row["subject"][0].value if "subject" in row else None
                start = int(row["start"][0].value)
                self.drafts.append(added_claim(row["claim"][0].value, key, start, row["words"][0].value, subject))
            if edits and any(c.key == key for c in self.items()):
                self.pending[key] = edits


def added_claim(iri: str, key: str, start: int, words: str, subject: str | None) -> Candidate:
    """A claim the reviewer adds from words of the text: its quote, and the subject it is about (if it has one)."""
    quote = ox.Quad(ox.NamedNode(iri), ox.NamedNode(QUOTE), ox.Literal(words))
    return Candidate(
        iri, key, "", start, start + len(words), 1.0, "added by the reviewer", None, [quote], {}, 0, subject or None,
        True,
    )  # fmt: skip


def statements(what: str) -> list[str]:
    """What a claim being added states, split at ';' (never inside quoted text)."""
    parts, current = [], []
    for token in split(what):
        if token == ";":
            parts.append(" ".join(current))
            current = []
        elif token.endswith(";") and not token.startswith('"'):
            current.append(token[:-1])
            parts.append(" ".join(current))
            current = []
        else:
            current.append(token)
    parts.append(" ".join(current))
    return [p.strip() for p in parts if p.strip()]


def _is_type(token: str) -> bool:
    try:
        return iri_of(token) == ns.RDF_TYPE
    except KgError:
        return False


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
    edited, the new entities it names, the edits, and what the shapes still want. The heading names the claim: a
    reviewer (or a script) sees which one the next key acts on."""
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
    heading = f"[{session.position(candidate)}/{total}] {session.kind(candidate)} {session.name(candidate)}"
    echo(style(heading, bold=True) + f"  confidence {candidate.confidence:.2f}  ({done} decided)")
    echo(f"  why: {candidate.reason}")
    echo("  " + before + style("[" + quote + "]", underline=True, bold=True) + after)
    echo(f"  {ns.curie(session.draft(candidate).graph.value)}, as it will be written:")
    for line in session.claim_lines(candidate):
        echo(f"    {line}")
    for line in session.new_entity_lines(candidate):
        echo(f"    {line}")
    for n, (field_name, value) in enumerate(session.pending.get(candidate.key, []), start=1):
        echo(f"    edit {n}: {field_name} = {value}  (-edit {n} takes it away)")
    missing = session.missing(candidate)
    if missing:
        how = "fact ENTITY PROPERTY VALUE" if any(" of " in m for m in missing) else "role PROPERTY ENTITY"
        echo(style(f"  the shapes also want: {', '.join(missing)} (edit: {how})", fg="yellow"))
    echo(KEYS)


def kept(session: Session) -> str:
    """What quitting leaves undecided but kept: the edits typed and the claims being added."""
    edits, candidates = session.pending_count()
    adding = len(session.drafts)
    if not edits and not adding and not session.reopened:
        return ""
    parts = [f"{edits} edit(s) on {candidates} candidate(s)"] if edits else []
    parts += [f"{adding} claim(s) being added"] if adding else []
    said = f"; kept: {' and '.join(parts)} ({session.project.relative(session.pending_path)}), resumed next time"
    return (said if parts else "") + reopened_kept(session)


def reopened_kept(session: Session) -> str:
    """What quitting leaves of the reopened claims: their decisions, as they were, and the edits typed on them."""
    said = ""
    for key, decision in session.reopened.items():
        name = decision.claim.rsplit("/", 1)[-1]
        edits = len(session.pending.get(key, []))
        said += f"; {name} stays {decision.verdict} as before (its {edits} edit(s) kept for `--reopen {name}`)"
    return said


def run_terminal(session: Session, getchar, prompt, echo, style) -> str:
    """The review loop: one candidate at a time; when none is left, undo and adding a claim still work. Every
    key says which claim it acted on. Returns why it stopped (done, quit)."""
    if session.pending or session.drafts:
        edits, candidates = session.pending_count()
        echo(f"resuming with {edits} edit(s) on {candidates} candidate(s) and {len(session.drafts)} claim(s) being "
             "added, kept from the last session")  # fmt: skip
        if session.drafts:  # the claim being added first: the keys typed next are for it (trial 45's `a` was not)
            session.focus = session.drafts[0].key
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
                    echo(f"\nreviewed {done} of {total} candidates; claims in {where}{kept(session)}")
                    return "done"
                echo(f"\nstopped: {done} of {total} decided{kept(session)}; `csto-kg review {session.source}` resumes")
                return "quit"
            if key == "u":
                last = session.undo()
                echo(f"  undone: {last.verdict} {ns.curie(last.claim)}" if last else "  nothing to undo")
            elif key == "n":
                words = prompt("  words of the text that state it (copied exactly; \\n for a line break)")
                what = prompt(
                    "  what they state: a class (kgo:Arrival), statements separated by ';' (kg:almaty locatedIn "
                    "kg:kyrgyzstan), or both"
                )
                added = session.add(words, what)
                echo(f"  adding {session.name(added)}")
            elif candidate is None:
                echo("  keys: u undo, n new claim, q quit")
            elif key == "a":
                labels = {
                    (iri, lang): prompt(f"  label in {lang} for {ns.curie(iri)}").strip()
                    for iri, lang in session.missing_labels(candidate)
                }
                for (iri, lang), label in labels.items():
                    if len(label) < 2:  # (trial 39: a "q" piped to quit became «q»@ru)
                        raise KgError(f"«{label}» is no label for {ns.curie(iri)} in {lang}: a name of two characters "
                                      "or more is wanted; the candidate stays undecided")  # fmt: skip
                for (iri, lang), label in labels.items():
                    session.edit(candidate, f"{iri} label@{lang}", label)
                name = session.name(candidate)
                session.decide(candidate, "accepted")
                echo(f"  accepted {name}")
            elif key == "r":
                reason = prompt("  reason" if not candidate.added else "  reason (the claim being added is dropped)")
                name = session.name(candidate)
                session.decide(candidate, "rejected", reason=reason)
                echo(f"  rejected {name}" if not candidate.added else f"  dropped {name}")
            elif key == "e":
                field_name = prompt("  field (? lists them)").strip()
                if field_name in ("?", ""):
                    echo("  fields:\n" + "\n".join(f"    {f:<10} {what}" for f, what in FIELDS.items()))
                    echo("    ENTITY label@en / ENTITY label@ru: a label of a new entity")
                    echo("    ENTITY: kg:name, <IRI>, or a name the graph has (Токаев, CSTO)")
                    continue
                given = None  # a field and its value on one line ("role agent kg:tokayev"), as the README shows
                if field_name not in FIELDS and not LABEL_OF.fullmatch(field_name):
                    head, _, rest = field_name.partition(" ")
                    label = LABEL_OF.fullmatch(" ".join(field_name.split(" ")[:2]))
                    if head in FIELDS and rest.strip():
                        field_name, given = head, rest.strip()
                    elif label and len(field_name.split(" ", 2)) == 3:
                        field_name, given = label.group(0), field_name.split(" ", 2)[2].strip()
                    else:
                        raise KgError(f"'{field_name}' cannot be edited; fields: {', '.join(FIELDS)}")
                if given is not None:
                    value = given
                else:
                    value = (
                        "" if field_name in NO_VALUE else prompt(f"  {field_name}: {FIELDS.get(field_name, 'TEXT')}")
                    )
                field_name, value = session.edit(candidate, field_name, value)
                echo(f"  {session.name(candidate)}: {field_name} = {value}")
            elif key == "s":
                session.skip(candidate)
                echo(f"  skipped {session.name(candidate)} (it stays undecided)")
            else:
                echo("  keys: a accept, e edit, r reject, s skip, u undo, n new claim, q quit")
        except KgError as exc:
            echo(f"  {exc}")
