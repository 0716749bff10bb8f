"""`csto-kg review SOURCE`: a person decides on each candidate claim; what they accept becomes the source's claims.

The decisions are the record (graph/candidates/SOURCE.decisions.trig, in order, each with who and when); the claim
file graph/claims/SOURCE.trig and the register additions graph/register/SOURCE.ttl are written from the decisions
and the candidates after every decision, each atomically, so a crash loses nothing accepted and a second session
resumes at the first undecided candidate. A rejection keeps its reason and its candidate's key (type and quote), so
a later `extract` does not propose it again. review writes only files it owns: a hand-written claim file of the
source is never overwritten.
"""

from __future__ import annotations

import datetime
import getpass
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import namespaces as ns
from .errors import KgError
from .export import write_atomically
from .extract import KGC, candidates_path
from .formats import rdf_syntax
from .ingest import kebab, turtle
from .project import Project
from .requirements import Requirements

REVIEWER = ns.BASE + "reviewer/"
OWNED_MARK = "written by `csto-kg review`"
# what a claim file says beside a claim's graph, copied from the candidate as extract wrote it
CLAIM_WORDS = {ns.KGO + "quote", ns.KGO + "dateWords", ns.KGO + "dateAnchor", ns.KGO + "inferredBecause"}
EDITABLE = ("type", "event", "date", "start", "end", "label@en", "label@ru", "role", "-role", "quote", "because")


@dataclass
class Decision:
    key: str  # the candidate's key
    claim: str  # the candidate claim's IRI
    verdict: str  # accepted, rejected
    reviewer: str
    at: str  # xsd:dateTime
    reason: str = ""
    edits: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Candidate:
    iri: str
    key: str
    event_type: str
    start: int
    end: int
    confidence: float
    reason: str
    matches: str | None
    quads: list[ox.Quad]  # the claim graph and its quote, as extract wrote them
    new_entities: dict[str, dict]  # IRI -> kind, type, label, words
    trigger: int = 0


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
            found.items.append(
                Decision(
                    one["key"].value, one["claim"].value, one["verdict"].value,
                    row[ns.PROV + "wasAttributedTo"][0].value, row[ns.PROV + "generatedAtTime"][0].value,
                    one["reason"].value if "reason" in one else "", edits,
                )
            )  # fmt: skip
        return found

    def rejected_keys(self) -> set[str]:
        return {d.key for d in self.items if d.verdict == "rejected"}

    def decided(self) -> dict[str, Decision]:
        return {d.key: d for d in self.items}

    def save(self) -> None:
        quads = []
        base = f"{ns.BASE}candidate/{self.source}/decision/"
        for n, d in enumerate(self.items, start=1):
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
    store.load(path=str(path), format=rdf_syntax("trig"))

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
        matches = value(node, "matches")
        candidates.append(
            Candidate(
                node.value, value(node, "key").value, value(node, "eventType").value.removeprefix(ns.KGO),
                int(value(node, "start").value), int(value(node, "end").value), float(value(node, "confidence").value),
                value(node, "reason").value, matches.value if matches else None, quads, new,
                int(value(node, "trigger").value) if value(node, "trigger") else 0,
            )
        )  # fmt: skip
    return sorted(candidates, key=lambda c: (c.start, c.trigger, c.iri))


# --- applying edits ----------------------------------------------------------------------------------------------


def _term(text: str) -> ox.NamedNode:
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return ox.NamedNode(text[1:-1])
    prefix, sep, local = text.partition(":")
    if sep and prefix in ns.PREFIXES and re.fullmatch(r"[\w.-]+", local):
        return ox.NamedNode(ns.PREFIXES[prefix] + local)
    raise KgError(f"'{text}' is not a term: write kg:name, kgo:Name or <IRI>")


def _date(text: str) -> ox.Literal:
    try:
        return ox.Literal(datetime.date.fromisoformat(text.strip()).isoformat(), datatype=ox.NamedNode(ns.XSD + "date"))
    except ValueError:
        raise KgError(f"'{text}' is not a date: write YYYY-MM-DD") from None


def check_edit(field_name: str, value: str, candidate: Candidate | None = None, text: str | None = None) -> None:
    """Refuse an edit that could not be applied, before it is recorded."""
    if " label@" in field_name:  # "IRI label@ru": a label of a new entity the claim names
        if not value.strip():
            raise KgError(f"{field_name}: give a value")
        return
    if field_name not in EDITABLE:
        raise KgError(f"'{field_name}' cannot be edited; fields: {', '.join(EDITABLE)}")
    if field_name.startswith("label@") and candidate is not None and candidate.matches:
        raise KgError(f"{field_name}: {ns.curie(candidate.matches)} is the graph's event; its labels are in its claims")
    if field_name in ("type", "event"):
        _term(value)
    elif field_name in ("date", "start", "end"):
        _date(value)
    elif field_name in ("role", "-role"):
        parts = value.split()
        if len(parts) != 2:
            raise KgError(f"{field_name}: write the property and the entity, e.g. 'agent kg:tokayev'")
        _term(parts[1])
    elif field_name == "quote" and text is not None and text.count(value) != 1:
        raise KgError("quote: the words must occur exactly once in the source text")
    elif not value.strip():
        raise KgError(f"{field_name}: give a value")


def accepted_quads(candidate: Candidate, decision: Decision) -> list[ox.Quad]:
    """The candidate's claim with the reviewer's edits, and who accepted it when."""
    quads = list(candidate.quads)
    g = ox.NamedNode(candidate.iri)
    event = next(q.subject for q in quads if q.predicate.value == ns.RDF_TYPE and q.graph_name == g)

    def replace(predicate: str, obj) -> None:
        nonlocal quads
        quads = [q for q in quads if not (q.subject == event and q.predicate.value == predicate)]
        if obj is not None:
            quads.append(ox.Quad(event, ox.NamedNode(predicate), obj, g))

    for field_name, value in decision.edits:
        if field_name == "type":
            quads = [q for q in quads if not (q.subject == event and q.predicate.value == ns.RDF_TYPE)]
            quads.append(ox.Quad(event, ox.NamedNode(ns.RDF_TYPE), _term(value), g))
        elif field_name == "event":
            new = _term(value)
            quads = [
                ox.Quad(new if q.subject == event else q.subject, q.predicate, q.object, q.graph_name) for q in quads
            ]
            quads = [q for q in quads if not (q.subject == new and q.predicate.value == ns.RDFS_LABEL)]
            event = new
        elif field_name == "date":
            for p in ("startDate", "endDate"):
                replace(ns.KGO + p, None)
            replace(ns.KGO + "date", _date(value))
        elif field_name in ("start", "end"):
            replace(ns.KGO + "date", None)
            replace(ns.KGO + ("startDate" if field_name == "start" else "endDate"), _date(value))
        elif field_name.startswith("label@"):
            lang = field_name.split("@")[1]
            quads = [
                q
                for q in quads
                if not (q.subject == event and q.predicate.value == ns.RDFS_LABEL and q.object.language == lang)
            ]
            quads.append(ox.Quad(event, ox.NamedNode(ns.RDFS_LABEL), ox.Literal(value, language=lang), g))
        elif field_name in ("role", "-role"):
            prop, target = value.split()
            quad = ox.Quad(event, ox.NamedNode(ns.KGO + prop.removeprefix("kgo:")), _term(target), g)
            quads = [q for q in quads if q != quad] + ([quad] if field_name == "role" else [])
        elif field_name == "quote":
            quads = [q for q in quads if q.predicate.value != ns.KGO + "quote"]
            quads.append(ox.Quad(g, ox.NamedNode(ns.KGO + "quote"), ox.Literal(value)))
        elif field_name == "because":
            quads.append(ox.Quad(g, ox.NamedNode(ns.KGO + "inferredBecause"), ox.Literal(value, language="en")))
    quads.append(ox.Quad(g, ox.NamedNode(ns.PROV + "wasAttributedTo"), ox.NamedNode(decision.reviewer)))
    quads.append(ox.Quad(g, ox.NamedNode(ns.PROV + "generatedAtTime"), _datetime(decision.at)))
    return quads


def register_quads(candidate: Candidate, decision: Decision, language: str) -> list[ox.Triple]:
    """New entities the accepted claim names: type, both labels (the reviewer gives the missing one), and the
    inflected form the article used when it is not the label."""
    triples = []
    given = {f: v for f, v in decision.edits}
    used = {q.object.value for q in accepted_quads(candidate, decision) if isinstance(q.object, ox.NamedNode)}
    for iri, entity in candidate.new_entities.items():
        if iri not in used:
            continue
        node = ox.NamedNode(iri)
        triples.append(ox.Triple(node, ox.NamedNode(ns.RDF_TYPE), ox.NamedNode(entity["type"])))
        labels = {language: entity["label"].value}
        for lang in ("en", "ru"):
            if f"{iri} label@{lang}" in given:
                labels[lang] = given[f"{iri} label@{lang}"]
        for lang, label in labels.items():
            triples.append(ox.Triple(node, ox.NamedNode(ns.RDFS_LABEL), ox.Literal(label, language=lang)))
        if entity["words"] != labels[language]:
            triples.append(
                ox.Triple(node, ox.NamedNode(ns.SKOS + "altLabel"), ox.Literal(entity["words"], language=language))
            )
    return triples


class Session:
    """One source's review: candidates, decisions, and the files they make. The terminal and the page drive it."""

    def __init__(self, project: Project, source: str, reviewer: str | None = None, graph: ox.Store | None = None):
        from .extract import load_source_text

        self.project, self.source = project, source
        self.text, self.language, _ = load_source_text(project, source)
        self.candidates = load_candidates(project, source)
        self.decisions = Decisions.load(project, source)
        name = reviewer or getpass.getuser() or "reviewer"
        self.reviewer = REVIEWER + (kebab(name) or "reviewer")
        self.requirements = Requirements(project, graph)
        self._check_owned()
        self.write()  # a session killed after its last decision was recorded still gets its claims written

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

    def undecided(self) -> list[Candidate]:
        decided = self.decisions.decided()
        return [c for c in self.candidates if c.key not in decided]

    def by_key(self, key: str) -> Candidate:
        for c in self.candidates:
            if c.key == key:
                return c
        raise KgError(f"no candidate {key} for source {self.source}")

    def missing_labels(self, candidate: Candidate, edits: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """(entity IRI, language) of new entities that lack a label in en or ru: the shapes want both."""
        given = {f for f, _ in edits}
        return [
            (iri, lang)
            for iri in candidate.new_entities
            for lang in ("en", "ru")
            if lang != self.language and f"{iri} label@{lang}" not in given
        ]

    def missing(self, candidate: Candidate, edits=()) -> list[str]:
        """Properties the shapes want of the claim's event that neither the claim (as edited) nor the graph give."""
        draft = Decision(
            candidate.key, candidate.iri, "accepted", self.reviewer, "1970-01-01T00:00:00Z", edits=list(edits)
        )
        quads = accepted_quads(candidate, draft)
        g = ox.NamedNode(candidate.iri)
        event = next(q.subject for q in quads if q.predicate.value == ns.RDF_TYPE and q.graph_name == g)
        return self.requirements.missing(quads, event)

    def decide(self, candidate: Candidate, verdict: str, reason: str = "", edits=()) -> Decision:
        edits = list(edits)
        for f, v in edits:
            check_edit(f, v, candidate, self.text)
        if verdict == "rejected" and not reason.strip():
            raise KgError("a rejection needs its reason")
        if verdict == "accepted":
            unlabelled = self.missing_labels(candidate, edits)
            if unlabelled:
                iri, lang = unlabelled[0]
                raise KgError(f"new entity {ns.curie(iri)} needs a label in {lang} (edit '{iri} label@{lang}')")
            wanted = self.missing(candidate, edits)
            if wanted:
                raise KgError(
                    f"cannot accept: the shapes want {', '.join(wanted)} of this event (edit: role PROPERTY ENTITY)"
                )
        at = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        decision = Decision(candidate.key, candidate.iri, verdict, self.reviewer, at, reason, edits)
        self.decisions.items.append(decision)
        self.decisions.save()  # the record first: the claim file is rebuilt from it
        self.write()
        return decision

    def undo(self) -> Decision | None:
        if not self.decisions.items:
            return None
        last = self.decisions.items.pop()
        self.decisions.save()
        self.write()
        return last

    def write(self) -> None:
        """The claim file and the register additions, from the decisions (nothing when nothing is accepted)."""
        claims, register = [], []
        for d in self.decisions.items:
            if d.verdict != "accepted":
                continue
            candidate = next((c for c in self.candidates if c.key == d.key), None)
            if candidate is None:
                continue  # extracted again since, and not proposed any more: the decision stays on record
            claims += accepted_quads(candidate, d)
            register += register_quads(candidate, d, self.language)
        for path, quads, syntax, what in (
            (self.claims_path, claims, "trig", "Claims"),
            (self.register_path, register, "turtle", "Register entries"),
        ):
            if not quads:
                path.unlink(missing_ok=True)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            header = (
                f"{what} of source {self.source}, {OWNED_MARK} from graph/candidates/{self.source}.trig "
                "and the decisions beside it.\nEdit the decisions (or review again), not this file."
            )
            prefixes = {"claim": f"{ns.CLAIM}{self.source}/", "reviewer": REVIEWER}
            write_atomically(turtle(quads, header, syntax, more_prefixes=prefixes), path)

    def progress(self) -> tuple[int, int]:
        return len(self.decisions.items), len(self.candidates)


# --- the terminal ------------------------------------------------------------------------------------------------


def show(session: Session, candidate: Candidate, position: int, total: int, echo, style, edits=()) -> None:
    text = session.text
    sentence_start = text.rfind("\n", 0, candidate.start) + 1
    sentence_end = text.find("\n", candidate.end)
    sentence_end = len(text) if sentence_end < 0 else sentence_end
    before, quote, after = (
        text[max(sentence_start, candidate.start - 200) : candidate.start],
        text[candidate.start : candidate.end],
        text[candidate.end : min(sentence_end, candidate.end + 200)],
    )
    echo("")
    echo(style(f"[{position}/{total}] {candidate.event_type}", bold=True) + f"  confidence {candidate.confidence:.2f}")
    echo(f"  why: {candidate.reason}")
    echo("  " + before + style("[" + quote + "]", underline=True, bold=True) + after)
    for line in triple_lines(candidate):
        echo(f"    {line}")
    for iri, entity in candidate.new_entities.items():
        echo(f"    new entity {ns.curie(iri)}: {ns.curie(entity['type'])} «{entity['label'].value}»")
    for field_name, value in edits:
        echo(f"    edited: {field_name} = {value}")
    missing = session.missing(candidate, edits)
    if missing:
        echo(style(f"  the shapes also want: {', '.join(missing)} (edit: role PROPERTY ENTITY)", fg="yellow"))
    echo("  [a]ccept  [e]dit  [r]eject  [s]kip  [u]ndo  [q]uit")


def triple_lines(candidate: Candidate) -> list[str]:
    """The candidate claim's triples, type and labels first, as the terminal and the page show them."""
    graph = ox.NamedNode(candidate.iri)
    order = {ns.RDF_TYPE: 0, ns.RDFS_LABEL: 1}
    quads = sorted(candidate.quads, key=lambda q: (order.get(q.predicate.value, 2), q.predicate.value))
    return [
        f"{ns.curie(q.subject.value)} {ns.curie(q.predicate.value)} {_shown(q.object)}"
        for q in quads
        if q.graph_name == graph
    ]


def _shown(term) -> str:
    if isinstance(term, ox.NamedNode):
        return ns.curie(term.value)
    if isinstance(term, ox.Literal) and term.datatype.value == ns.XSD + "date":
        return term.value
    return str(term)


def run_terminal(session: Session, getchar, prompt, echo, style) -> str:
    """The review loop: one candidate at a time. Returns why it stopped (done, quit)."""
    skipped: set[str] = set()
    edits: dict[str, list[tuple[str, str]]] = {}
    while True:
        queue = [c for c in session.undecided() if c.key not in skipped]
        if not queue:
            done, total = session.progress()
            echo(f"\nreviewed {done} of {total} candidates; claims in {session.project.relative(session.claims_path)}")
            return "done"
        candidate = queue[0]
        done, total = session.progress()
        show(session, candidate, done + len(skipped) + 1, total, echo, style, edits.get(candidate.key, []))
        key = getchar().lower()
        try:
            if key == "a":
                pending = edits.get(candidate.key, [])
                for iri, lang in session.missing_labels(candidate, pending):
                    pending.append((f"{iri} label@{lang}", prompt(f"  label in {lang} for {ns.curie(iri)}")))
                session.decide(candidate, "accepted", edits=pending)
                echo("  accepted")
            elif key == "r":
                reason = prompt("  reason")
                session.decide(candidate, "rejected", reason=reason)
                echo("  rejected")
            elif key == "e":
                field_name = prompt(f"  field ({', '.join(EDITABLE)})")
                value = prompt(f"  {field_name}")
                check_edit(field_name, value, candidate, session.text)
                edits.setdefault(candidate.key, []).append((field_name, value))
            elif key == "s":
                skipped.add(candidate.key)
                echo("  skipped (it stays undecided)")
            elif key == "u":
                last = session.undo()
                echo(f"  undone: {last.verdict} {ns.curie(last.claim)}" if last else "  nothing to undo")
                if last:
                    skipped.discard(last.key)
            elif key == "q":
                done, total = session.progress()
                echo(f"\nstopped: {done} of {total} decided; `csto-kg review {session.source}` resumes")
                return "quit"
            else:
                echo("  keys: a accept, e edit, r reject, s skip, u undo, q quit")
        except KgError as exc:
            echo(f"  {exc}")
