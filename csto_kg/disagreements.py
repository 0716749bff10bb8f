"""Disagreements between sources, and sources' errors, found by the build from the claims themselves.

A claim is what one source states. Where two claims give values that cannot both hold, the graph keeps both and
records a kgo:Disagreement; it never fails the build and never hands the reasoner an inconsistent whole. The rules:

- **date**: two claims date the same event (a day, an interval, a start) and the spans do not overlap;
- **count**: two claims give the same event quantities of the same kind and unit whose ranges do not overlap
  ("exactly 2030" and "more than 3000"; "no more than 10" and "exactly 10" overlap); and a total is compared with
  its parts (the kinds the ontology makes kgo:partOfKind of it, which together make it up): 19 vehicles hold
  against 8 armoured vehicles and 11 automobiles, 25 do not, and no total is less than a part;
- **planned or happened**: one claim marks an event planned (or demanded) and another dates it without saying so;
- **country**: a place (or an organisation) would lie in two countries; **region**: a place in two regions;
- **kind**: a claim types an entity with a class disjoint from the one the register gives it;
- **holder**: a claim names someone in an office one person holds (kgo:SoleOffice) on a day the background knows
  another held it, and never this one ("Russian Defence Minister Sergei Lavrov");
- **membership**: a claim makes a member of an organisation whose members the background all knows
  (kgo:allMembersKnown) one that is not among them (Uzbekistan in the CSTO);
- **capital**: a claim calls another city a state's capital than the register does ("the Kazakh capital Almaty").

A claim its reviewer marked as the source's error (kgo:errorReason beside it) has its statements set aside with that
reason, names and kinds aside. What is believed, like Wikidata's ranks: a claim that contradicts the background
knowledge (the entity register, the Wikidata enrichment) is the source's error: its contradicting statement is *set
aside* (kept as an rdf:Statement beside the claim, with the reason, out of every default answer) and the claim is
marked kgo:SourceError. Between sources, a date or a country that fewer independent outlets state than a value
excluding it is set aside too (kgo:Outvoted); with a tie both stand, and answers show the spread. Counts are never
set aside: every reported figure is shown with its source.

The rules that compare claims with each other (country, date, planned or happened, count) look at one entity at a
time: `find(..., topic=E)` runs them for E alone (an event, or the place or organisation whose country is at stake),
over the claims that speak of E (`topics` says which entities a claim speaks of). The rules of one claim (marked, kind)
need no other claim. So the work can be split by entity (csto_kg.pipeline does, on Spark) and gives what `find` gives
over all claims at once; each set-aside statement carries its rank in that whole order (`SetAside.rank`), so that
the statements of a claim are numbered alike however the work was split.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

import pyoxigraph as ox

from . import namespaces as ns
from .dates import YEAR
from .evidence import Claim
from .loader import RdfFile

DATE, START, END = ns.KGO + "date", ns.KGO + "startDate", ns.KGO + "endDate"
MODALITY, QUANTITY = ns.KGO + "modality", ns.KGO + "quantity"
PART_OF_KIND = ns.KGO + "partOfKind"
NAMES_AND_KINDS = {ns.RDF_TYPE, ns.RDFS_LABEL, ns.SKOS + "altLabel"}
LOCATED_IN, COUNTRY = ns.KGO + "locatedIn", ns.KGO + "country"
HOLDS, OFFICE, SOLE_OFFICE = ns.KGO + "holds", ns.KGO + "office", ns.KGO + "SoleOffice"
MEMBER_OF, ALL_MEMBERS_KNOWN, CAPITAL = ns.KGO + "memberOf", ns.KGO + "allMembersKnown", ns.KGO + "capital"
HOLDING_DATED = {START, END, ns.KGO + "startedBy", ns.KGO + "endedBy"}
P17, P463 = ns.WDT + "P17", ns.WDT + "P463"
NEVER, FOREVER = "0000-01-01", "9999-12-31"
BOUNDS = {  # the integer range a stated number stands for
    ns.KGO + "Exactly": lambda n: (n, n),
    ns.KGO + "MoreThan": lambda n: (n + 1, float("inf")),
    ns.KGO + "AtMost": lambda n: (0, n),
    ns.KGO + "About": lambda n: (0.9 * n, 1.1 * n),
    ns.KGO + "Nearly": lambda n: (0.9 * n, n),
}


OWN_ASPECTS = (
    "TypeAspect",
    "HolderAspect",
    "MembershipAspect",
    "CapitalAspect",
)  # what the rules of one claim alone find


@dataclass(frozen=True)
class Side:
    """One side of a disagreement: a claim, or a background graph (the register, the Wikidata enrichment)."""

    graph: str  # the claim's IRI, or the background graph's
    value: str  # the value as text
    where: str  # file:line
    claim: Claim | None = field(default=None, compare=False)


@dataclass
class Disagreement:
    entity: str
    aspect: str  # Date-, Quantity-, Modality-, Country-, Region-, Type-, Holder-, Membership-, CapitalAspect
    first: Side
    second: Side
    resolution: str = "Unresolved"  # or MajorityKept, ErrorSetAside

    @property
    def iri(self) -> str:
        key = "\n".join(
            (self.entity, self.aspect, self.first.graph, self.first.value, self.second.graph, self.second.value)
        )
        return ns.DISAGREEMENT + hashlib.sha256(key.encode()).hexdigest()[:16]

    def describe(self, labels: dict[str, str]) -> str:
        what = labels.get(ns.KGO + self.aspect, self.aspect)
        verdict = {
            "Unresolved": "both kept",
            "MajorityKept": "the value fewer outlets state is set aside",
            "ErrorSetAside": "the source's error is set aside",
        }[self.resolution]
        return (
            f"{ns.curie(self.entity)} ({what}): {self.first.value} [{ns.curie(self.first.graph)}, {self.first.where}] "
            f"vs {self.second.value} [{ns.curie(self.second.graph)}, {self.second.where}]: {verdict}"
        )


def between(
    entity: str, aspect: str, first: Claim, first_value: str, second: Claim, second_value: str, resolution="Unresolved"
) -> Disagreement:
    """A disagreement between two claims, each side with its value and file:line."""
    return Disagreement(
        entity,
        aspect,
        Side(first.iri, first_value, _where(first), first),
        Side(second.iri, second_value, _where(second), second),
        resolution,
    )


@dataclass
class SetAside:
    claim: Claim
    quad: ox.Quad
    standing: str  # Contradicted or Outvoted
    reason: str
    # where find() over every claim puts it: (rule, the first place its group is met, its turn in the group); the
    # set-aside statements of a claim are numbered in this order
    rank: tuple = field(default=(), compare=False)


@dataclass
class Findings:
    disagreements: list[Disagreement] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)

    def removed(self) -> set[ox.Quad]:
        return {s.quad for s in self.set_aside}

    def errors(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for s in self.set_aside:
            if s.standing == "Contradicted" and s.reason not in out[s.claim.iri]:
                out[s.claim.iri].append(s.reason)
        return out


class Background:
    """What the project holds true apart from the sources: the register (with the ontology's class hierarchy) and
    the Wikidata statements `csto-kg enrich` copied, read through the Wikidata links."""

    def __init__(self, ontology: list[ox.Quad], register: list[RdfFile], wikidata: list[RdfFile]):
        self.labels: dict[str, str] = {}
        self.parts: dict[str, set[str]] = defaultdict(set)  # a counted kind -> the kinds that make it up
        self.superclasses: dict[str, set[str]] = defaultdict(set)
        self.disjoint: list[set[str]] = []
        lists: dict = {}
        for q in ontology:
            p = q.predicate.value
            if p == ns.RDFS_LABEL and q.object.language == "en":
                self.labels[q.subject.value] = q.object.value
            elif p == ns.RDFS + "subClassOf" and isinstance(q.object, ox.NamedNode):
                self.superclasses[q.subject.value].add(q.object.value)
            elif p in (ns.RDF + "first", ns.RDF + "rest"):
                lists.setdefault(q.subject, {})[p] = q.object
            elif p == PART_OF_KIND:
                self.parts[q.object.value].add(q.subject.value)
        for q in ontology:
            if q.predicate.value == ns.OWL + "members":
                self.disjoint.append(set(_list_items(q.object, lists)))
        self.types: dict[str, set[str]] = defaultdict(set)
        self.typed_at: dict[str, str] = {}  # entity -> file:line of its entry in the register
        self.edges: list[tuple[str, str, str]] = []  # (place or organisation, place or country, where)
        self.holdings: dict[str, list[Holding]] = defaultdict(list)  # office -> who held it when, as known
        self.members: dict[str, dict[str, str]] = defaultdict(dict)  # organisation -> member -> where it is said
        self.all_members_known: set[str] = set()
        self.capitals: dict[str, tuple[str, str]] = {}  # state -> its capital, where the register says so
        holding: dict[str, dict] = defaultdict(dict)  # a holding node -> its person, office, start, end, where
        for f in register:
            for q in f.quads:
                s, p = q.subject.value, q.predicate.value
                if p == ns.RDF_TYPE:
                    self.types[s].add(q.object.value)
                    self.typed_at.setdefault(s, f"{f.shown_as}:{f.line_of(s)}")
                elif p == ns.RDFS_LABEL and q.object.language == "en":
                    self.labels[s] = q.object.value
                elif p in (LOCATED_IN, COUNTRY):
                    self.edges.append((s, q.object.value, f"{f.shown_as}:{f.line_of(s)}"))
                elif p == HOLDS:
                    holding[q.object.value] |= {"person": s, "where": f"{f.shown_as}:{f.line_of(q.object.value)}"}
                elif p == MEMBER_OF:
                    self.members[q.object.value].setdefault(s, f"{f.shown_as}:{f.line_of(s)}")
                elif p == ALL_MEMBERS_KNOWN and q.object.value == "true":
                    self.all_members_known.add(s)
                elif p == CAPITAL:
                    self.capitals[s] = (q.object.value, f"{f.shown_as}:{f.line_of(s)}")
                elif p in (OFFICE, START, END):
                    holding[s][p] = q.object.value
        same_as = {
            q.object.value: q.subject.value for f in wikidata for q in f.quads if q.predicate.value == ns.OWL_SAME_AS
        }
        for f in wikidata:
            for q in f.quads:
                s, p = q.subject.value, q.predicate.value
                if p == P17 and s in same_as and q.object.value in same_as:
                    self.edges.append(
                        (same_as[s], same_as[q.object.value], f"{f.shown_as}:{f.line_of(s)} (Wikidata P17)")
                    )
                elif p == P463 and s in same_as and q.object.value in same_as:
                    where = f"{f.shown_as}:{f.line_of(s)} (Wikidata P463)"
                    self.members[same_as[q.object.value]].setdefault(same_as[s], where)
                elif p == ns.P + "P39" and s in same_as:  # Wikidata's position held, a statement node
                    where = f"{f.shown_as}:{f.line_of(s)} (Wikidata P39)"
                    holding[q.object.value] |= {"person": same_as[s], "where": where}
                elif p == ns.PS + "P39" and q.object.value in same_as:
                    holding[s][OFFICE] = same_as[q.object.value]
                elif p in (ns.PQ + "P580", ns.PQ + "P582"):
                    holding[s][START if p.endswith("P580") else END] = q.object.value[:10]
        for h in holding.values():
            if "person" in h and OFFICE in h:
                known = Holding(h["person"], h.get(START, NEVER), h.get(END, FOREVER), h["where"])
                self.holdings[h[OFFICE]].append(known)

    def classes_of(self, cls: str) -> set[str]:
        seen, todo = set(), [cls]
        while todo:
            c = todo.pop()
            if c not in seen:
                seen.add(c)
                todo += self.superclasses.get(c, ())
        return seen

    def clash(self, a: str, b: str) -> bool:
        """Whether the ontology makes classes a and b disjoint."""
        up_a, up_b = self.classes_of(a), self.classes_of(b)
        return any(len(group & up_a) and len(group & up_b) and not (group & up_a & up_b) for group in self.disjoint)

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or ns.curie(iri)

    def sole(self, office: str) -> bool:
        """Whether the register makes the office one person holds at a time."""
        return any(SOLE_OFFICE in self.classes_of(t) for t in self.types.get(office, ()))


@dataclass(frozen=True)
class Holding:
    """Who held an office from a day to a day (NEVER and FOREVER when the background does not say), and where it
    says so."""

    person: str
    start: str
    end: str
    where: str


def _list_items(node, lists) -> list[str]:
    out = []
    while node in lists:
        out.append(lists[node][ns.RDF + "first"].value)
        node = lists[node][ns.RDF + "rest"]
    return out


def _where(claim: Claim) -> str:
    return f"{claim.file.shown_as}:{claim.file.line_of(claim.iri)}"


def find(
    claims: list[Claim], background: Background, *, topic: str | None = None, geography: Geography | None = None
) -> Findings:
    """What the claims disagree about and what is set aside. With `topic`, only the comparisons about that entity
    (the claims' own rules, marked and kind, are then left to the caller: they need no other claim); `geography`
    (every claim's place statements, see Geography) stands in for the claims the caller does not pass."""
    findings = Findings()
    _marked(claims, findings)
    _kinds(claims, background, findings)
    _holders(claims, background, findings)
    _memberships(claims, background, findings)
    _capitals(claims, background, findings)
    own = len(findings.set_aside)
    geography = geography or Geography.of(claims, findings.removed())  # one for both levels, as the pipeline's
    _countries(claims, background, findings, topic, geography)
    _countries(claims, background, findings, topic, geography, level="Region")
    _dates(claims, findings, topic)
    _modalities(claims, findings, topic)
    _quantities(claims, background, findings, topic)
    if topic is not None:
        findings.disagreements = [d for d in findings.disagreements if d.aspect not in OWN_ASPECTS]
        findings.set_aside = findings.set_aside[own:]
    return findings


def own_findings(claims: list[Claim], background: Background) -> Findings:
    """The rules of one claim alone: a reviewer's mark of the source's error, a kind the register excludes, someone
    else in an office the background knows the holder of, a member the background does not know, another capital."""
    findings = Findings()
    _marked(claims, findings)
    _kinds(claims, background, findings)
    _holders(claims, background, findings)
    _memberships(claims, background, findings)
    _capitals(claims, background, findings)
    return findings


def topics(claim: Claim, removed: set[ox.Quad] = frozenset()) -> set[str]:
    """The entities a claim speaks of that other claims may disagree about: what it dates, marks planned or counts,
    and what it places in a country."""
    return {
        q.subject.value
        for q in claim.quads
        if q.predicate.value in (DATE, START, END, MODALITY, QUANTITY, LOCATED_IN, COUNTRY) and q not in removed
    }


@dataclass
class Geography:
    """Every claim's place statements (kgo:locatedIn, kgo:country; those set aside by a claim's own rules left out)
    and the entities claims type kgo:Country or kgo:Region: what the country and region rules read beyond the entity
    at stake."""

    edges: list[tuple[str, str]] = field(default_factory=list)
    countries: set[str] = field(default_factory=set)
    regions: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, claims: list[Claim], removed: set[ox.Quad]) -> Geography:
        found = cls()
        for claim in claims:
            for q in claim.quads:
                if q.predicate.value in (LOCATED_IN, COUNTRY) and q not in removed:
                    found.edges.append((q.subject.value, q.object.value))
                elif q.predicate.value == ns.RDF_TYPE and q.object.value == ns.KGO + "Country":
                    found.countries.add(q.subject.value)
                elif q.predicate.value == ns.RDF_TYPE and q.object.value == ns.KGO + "Region":
                    found.regions.add(q.subject.value)
        return found

    def merge(self, other: Geography) -> Geography:
        return Geography(self.edges + other.edges, self.countries | other.countries, self.regions | other.regions)

    def of_level(self, level: str) -> set[str]:
        """The entities the claims type kgo:Country or kgo:Region."""
        return self.countries if level == "Country" else self.regions


# --- marked: a reviewer says the claim states the source's error -----------------------------------------------


def _marked(claims: list[Claim], findings: Findings) -> None:
    for claim in claims:
        for r, reason in enumerate(claim.marked_errors):
            for i, q in enumerate(claim.quads):
                if q.predicate.value not in NAMES_AND_KINDS:
                    findings.set_aside.append(
                        SetAside(claim, q, "Contradicted", f"marked in review: {reason}", (0, (), (r, i)))
                    )


def _background_error(findings: Findings, claim: Claim, stated: list, reason: str, entity: str, aspect: str,
                      said: str, known: str, where: str) -> None:  # fmt: skip
    """What one claim states against the background: its statements (each with its rank) set aside as the source's
    error with the reason, and the disagreement, the background's side read from `where` (file:line; several
    joined by "; ")."""
    for q, rank in stated:
        findings.set_aside.append(SetAside(claim, q, "Contradicted", reason, rank))
    findings.disagreements.append(
        Disagreement(
            entity,
            aspect,
            Side(claim.iri, said, _where(claim), claim),
            Side(_background_graph(where), known, where),
            "ErrorSetAside",
        )
    )


# --- kind: a type disjoint with the register's ----------------------------------------------------------------


def _kinds(claims: list[Claim], bg: Background, findings: Findings) -> None:
    for claim in claims:
        for i, q in enumerate(claim.quads):
            if q.predicate.value != ns.RDF_TYPE:
                continue
            entity, cls = q.subject.value, q.object.value
            for known in sorted(bg.types.get(entity, ())):
                if bg.clash(cls, known):
                    reason = (
                        f"{ns.curie(entity)} is typed {ns.curie(cls)}, but the entity register makes it a "
                        f"{ns.curie(known)}, and nothing can be both"
                    )
                    said, where = bg.label(cls), bg.typed_at.get(entity, "")
                    stated = [(q, (1, (0,), (i,)))]
                    _background_error(
                        findings, claim, stated, reason, entity, "TypeAspect", said, bg.label(known), where
                    )
                    break


# --- holder: someone else in an office one person holds -----------------------------------------------------------


def _holders(claims: list[Claim], bg: Background, findings: Findings) -> None:
    """An undated holding is stated as of the day its source was published; a holding the claim dates or ties to
    an appointment or an ending is left alone (the claim's events say when, which this rule does not read)."""
    removed = findings.removed()  # by the rules before: each claim's statements are in its own graph
    for claim in claims:
        offices = {q.subject: q.object.value for q in claim.quads if q.predicate.value == OFFICE}
        dated = {q.subject for q in claim.quads if q.predicate.value in HOLDING_DATED}
        day = claim.source.published
        if any(year != day[:4] for quote in claim.quotes for year in YEAR.findall(quote)):
            continue  # "In 2010, then President Otunbayeva": another year's holder, whom the claim does not date
        for q in claim.quads:
            office = offices.get(q.object)
            if q.predicate.value != HOLDS or office is None or q.object in dated or q in removed:
                continue
            known = bg.holdings.get(office, ())
            if not bg.sole(office) or any(h.person == q.subject.value for h in known):
                continue  # a title kept after the office was left is stale, not wrong
            # strictly inside: on the day an office changes hands, either holder may be named
            others = [h for h in known if h.start < day < h.end]
            if not others:
                continue
            held_by = ", ".join(f"{ns.curie(h.person)} ({h.where})" for h in others)
            reason = (
                f"{ns.curie(q.subject.value)} holds {ns.curie(office)} on {day}, but the background knowledge "
                f"says {held_by} held it that day, and it is held by one person at a time"
            )
            # the holding goes with its holder: a holding of nobody is no statement (and its shape wants one)
            stated = [(s, (1, (1,), (j,))) for j, s in enumerate(claim.quads) if s == q or s.subject == q.object]
            known_as = ", ".join(bg.label(h.person) for h in others)
            where = "; ".join(h.where for h in others)
            _background_error(
                findings, claim, stated, reason, office, "HolderAspect", bg.label(q.subject.value), known_as, where
            )


# --- membership: a member of an organisation the background knows all the members of ------------------------------


def _memberships(claims: list[Claim], bg: Background, findings: Findings) -> None:
    removed = findings.removed()  # by the rules before: each claim's statements are in its own graph
    for claim in claims:
        for i, q in enumerate(claim.quads):
            member, organisation = q.subject.value, q.object.value
            known = bg.members.get(organisation, {})
            if (
                q.predicate.value != MEMBER_OF
                or q in removed
                or organisation not in bg.all_members_known
                or not known  # nothing to compare with: the list is not at hand
                or member in known
            ):
                continue
            where = sorted(set(known.values()))
            reason = (
                f"{ns.curie(member)} is made a member of {ns.curie(organisation)}, but the background knowledge "
                f"names all its members, and not it: {', '.join(bg.label(m) for m in sorted(known, key=bg.label))} "
                f"({'; '.join(where)})"
            )
            said, known_as = f"a member of {bg.label(organisation)}", f"not a member of {bg.label(organisation)}"
            stated = [(q, (1, (2,), (i,)))]
            _background_error(
                findings, claim, stated, reason, member, "MembershipAspect", said, known_as, "; ".join(where)
            )


# --- capital: another city called a state's capital than the register's ---------------------------------------------


def _capitals(claims: list[Claim], bg: Background, findings: Findings) -> None:
    removed = findings.removed()  # by the rules before: each claim's statements are in its own graph
    for claim in claims:
        for i, q in enumerate(claim.quads):
            state, city = q.subject.value, q.object.value
            if q.predicate.value != CAPITAL or q in removed or state not in bg.capitals:
                continue
            capital, where = bg.capitals[state]
            if city == capital:
                continue
            reason = (
                f"{ns.curie(city)} is called the capital of {ns.curie(state)}, but the register gives "
                f"{ns.curie(capital)} ({where})"
            )
            stated = [(q, (1, (3,), (i,)))]
            _background_error(
                findings, claim, stated, reason, state, "CapitalAspect", bg.label(city), bg.label(capital), where
            )


# --- country, region: a place or an organisation in two countries, a place in two regions of one ----------------


def _countries(
    claims: list[Claim],
    bg: Background,
    findings: Findings,
    topic: str | None = None,
    geography=None,
    level: str = "Country",
) -> None:
    """With `level` "Region", the same comparison one level down: a place in two regions (of one country, or the
    country rule has set the statement aside already): «Жанаозен Атырауской области» against the register's
    Mangystau Region."""
    removed = findings.removed()
    geography = geography or Geography.of(claims, removed)
    countries = {e for e, types in bg.types.items() if ns.KGO + level in types} | geography.of_level(level)
    # ranked in the order find() runs the rules: the country rule's, then the region rule's (after both of the former)
    contradicted, outvoted = (2, 3) if level == "Country" else (3.25, 3.5)
    # a place the country rule found in two countries is not compared again a level down
    in_two = {d.entity for d in findings.disagreements if d.aspect == "CountryAspect"} if level != "Country" else ()
    claimed = [
        (claim, i, q)
        for claim in claims
        for i, q in enumerate(claim.quads)
        if q.predicate.value in (LOCATED_IN, COUNTRY)
        and q not in removed
        and topic in (None, q.subject.value)
        and q.subject.value not in in_two
    ]
    background = defaultdict(set)
    for s, o, _ in bg.edges:
        background[s].add(o)
    every = defaultdict(set, {k: set(v) for k, v in background.items()})
    for s, o in geography.edges:
        every[s].add(o)

    def reach(node: str, edges) -> set[str]:
        seen, todo, found = set(), [node], set()
        while todo:
            n = todo.pop()
            if n in seen:
                continue
            seen.add(n)
            if n in countries and n != node:
                found.add(n)
            todo += edges.get(n, ())
        return found

    said_at: dict[str, list[str]] = defaultdict(list)  # every place the background says where an entity lies
    for s, _, w in bg.edges:  # the register's edges come first
        if w not in said_at[s]:
            said_at[s].append(w)
    where_bg = {s: "; ".join(places) for s, places in said_at.items()}
    by_entity: dict[str, list[tuple[Claim, ox.Quad, frozenset]]] = defaultdict(list)
    first_met: dict[str, tuple] = {}
    for claim, i, q in claimed:
        entity, target = q.subject.value, q.object.value
        via = frozenset({target} if target in countries else reach(target, background) or reach(target, every))
        known = reach(entity, background)
        if known and via and not via <= known:
            shown = ", ".join(bg.label(c) for c in sorted(via - known))
            reason = (
                f"{ns.curie(entity)} {ns.curie(q.predicate.value)} {ns.curie(target)} puts it in {shown}, but "
                f"the background knowledge puts it in {', '.join(bg.label(c) for c in sorted(known))} "
                f"({where_bg.get(entity, '')})"
            )
            findings.set_aside.append(SetAside(claim, q, "Contradicted", reason, (contradicted, (), (i,))))
            findings.disagreements.append(
                Disagreement(
                    entity,
                    f"{level}Aspect",
                    Side(claim.iri, f"in {shown}", _where(claim), claim),
                    Side(
                        _background_graph(where_bg.get(entity, "")),
                        f"in {', '.join(bg.label(c) for c in sorted(known))}",
                        where_bg.get(entity, ""),
                    ),
                    "ErrorSetAside",
                )
            )
        elif not known and via:
            by_entity[entity].append((claim, q, via))
            first_met.setdefault(entity, (claim.order, i))
    for entity, stated in by_entity.items():
        values = {via for _, _, via in stated}
        if len(values) < 2:
            continue
        outlets = {v: {c.source.outlet for c, _, via in stated if via == v} for v in values}
        for turn, ((c1, q1, v1), (c2, q2, v2)) in enumerate(
            combinations(sorted(stated, key=lambda s: (s[0].source.published, s[0].iri)), 2)
        ):
            if v1 == v2:
                continue
            label = lambda v: "in " + ", ".join(bg.label(c) for c in sorted(v))  # noqa: E731
            outvoted = [
                (c, q, v)
                for c, q, v in ((c1, q1, v1), (c2, q2, v2))
                if len(outlets[v]) < max(map(len, outlets.values()))
            ]
            for side, (c, q, v) in enumerate(outvoted):
                findings.set_aside.append(
                    SetAside(
                        c,
                        q,
                        "Outvoted",
                        f"{len(outlets[v])} outlet(s) put {ns.curie(entity)} {label(v)}; more put it elsewhere",
                        (outvoted, first_met[entity], (turn, side)),
                    )
                )
            findings.disagreements.append(
                between(
                    entity, f"{level}Aspect", c1, label(v1), c2, label(v2), "MajorityKept" if outvoted else "Unresolved"
                )
            )


def _background_graph(where: str) -> str:
    """The register's graph when the register says it (it is read first), else the Wikidata enrichment's."""
    return ns.GRAPH + "wikidata-enrichment" if where.startswith("graph/wikidata") else ns.ENTITIES_GRAPH


# --- date: spans that do not overlap -----------------------------------------------------------------------------


def _span(quads: list[ox.Quad]) -> tuple[str, str]:
    values = defaultdict(list)
    for q in quads:
        values[q.predicate.value].append(q.object.value)
    starts = values[DATE] + values[START]
    ends = values[DATE] + values[END]
    return (min(starts) if starts else NEVER, max(ends) if ends else FOREVER)


def _span_text(span: tuple[str, str]) -> str:
    start, end = span
    if start == end:
        return start
    if end == FOREVER:
        return f"from {start}"
    if start == NEVER:
        return f"until {end}"
    return f"{start}/{end}"


def _planned(claim: Claim, entity) -> bool:
    return any(q.subject == entity and q.predicate.value == MODALITY for q in claim.quads)


def _dates(claims: list[Claim], findings: Findings, topic: str | None = None) -> None:
    removed = findings.removed()
    dated: dict[tuple, list[tuple[Claim, list[ox.Quad]]]] = defaultdict(list)
    first_met: dict[tuple, tuple] = {}
    for claim in claims:
        per_event = defaultdict(list)
        for i, q in enumerate(claim.quads):
            if q.predicate.value in (DATE, START, END) and q not in removed and topic in (None, q.subject.value):
                per_event[q.subject].append(q)
                first_met.setdefault((q.subject.value, _planned(claim, q.subject)), (claim.order, i))
        for event, quads in per_event.items():
            dated[(event.value, _planned(claim, event))].append((claim, quads))
    for (event, planned), stated in dated.items():
        spans = [(claim, quads, _span(quads)) for claim, quads in stated]
        apart = lambda a, b: a[1] < b[0] or b[1] < a[0]  # noqa: E731
        if not any(apart(a, b) for (_, _, a), (_, _, b) in combinations(spans, 2)):
            continue
        support = {id(c): {d.source.outlet for d, _, other in spans if not apart(span, other)} for c, _, span in spans}
        outvoted = {
            id(c)
            for c, _, span in spans
            if any(apart(span, other) and len(support[id(d)]) > len(support[id(c)]) for d, _, other in spans)
        }
        for turn, (claim, quads, span) in enumerate(spans):
            if id(claim) in outvoted:
                for i, q in enumerate(quads):
                    findings.set_aside.append(
                        SetAside(
                            claim,
                            q,
                            "Outvoted",
                            (
                                f"{len(support[id(claim)])} outlet(s) date {ns.curie(event)} {_span_text(span)}; "
                                f"more give a date that excludes it"
                            ),
                            (4, first_met[(event, planned)], (turn, i)),
                        )
                    )
        ordered = sorted(spans, key=lambda s: (s[0].source.published, s[0].iri))
        for (c1, _, s1), (c2, _, s2) in combinations(ordered, 2):
            if apart(s1, s2):
                resolution = "MajorityKept" if {id(c1), id(c2)} & outvoted else "Unresolved"
                findings.disagreements.append(
                    between(event, "DateAspect", c1, _span_text(s1), c2, _span_text(s2), resolution)
                )


# --- planned or happened -----------------------------------------------------------------------------------------


def _modalities(claims: list[Claim], findings: Findings, topic: str | None = None) -> None:
    modal: dict[str, list[tuple[Claim, str]]] = defaultdict(list)
    happened: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        stated = {q.subject.value: q.object.value for q in claim.quads if q.predicate.value == MODALITY}
        for subject, modality in stated.items():
            if topic in (None, subject):
                modal[subject].append((claim, modality))
        for subject in {q.subject.value for q in claim.quads if q.predicate.value in (DATE, START, END)} - set(stated):
            if topic in (None, subject):
                happened[subject].append(claim)
    for event, stated in modal.items():
        sides = [(c, ns.curie(m).removeprefix("kgo:").lower()) for c, m in stated] + [
            (c, "happened") for c in happened.get(event, [])
        ]
        seen = set()
        for (c1, m1), (c2, m2) in combinations(sorted(sides, key=lambda s: (s[0].source.published, s[0].iri)), 2):
            if m1 != m2 and (m1, m2, c1.source.id, c2.source.id) not in seen:
                seen.add((m1, m2, c1.source.id, c2.source.id))
                findings.disagreements.append(between(event, "ModalityAspect", c1, m1, c2, m2))


# --- count: ranges that do not overlap -----------------------------------------------------------------------------


FIGURE = {ns.KGO + p for p in ("countOf", "unit", "bound", "numericValue", "asOf")}


def _quantities(claims: list[Claim], bg: Background, findings: Findings, topic: str | None = None) -> None:
    facts: dict[str, dict[str, str]] = defaultdict(dict)
    for claim in claims:
        for q in claim.quads:
            if q.predicate.value in FIGURE:
                facts[q.subject.value][q.predicate.value] = q.object.value
    # a figure a retraction withdrew is no side of a disagreement (it stays in its claim, and `figures` says so)
    retracted = {q.object.value for claim in claims for q in claim.quads if q.predicate.value == ns.KGO + "retracts"}
    stated: dict[tuple, list[tuple[Claim, str]]] = defaultdict(list)
    for claim in claims:
        for q in claim.quads:
            quantity = q.object.value
            if (
                q.predicate.value == QUANTITY
                and ns.KGO + "numericValue" in facts.get(quantity, {})
                and quantity not in retracted
                and topic in (None, q.subject.value)
            ):
                f = facts[quantity]
                stated[(q.subject.value, f.get(ns.KGO + "countOf"), f.get(ns.KGO + "unit"))].append((claim, quantity))

    def text(quantity: str) -> str:
        f = facts[quantity]
        bound = f.get(ns.KGO + "bound", ns.KGO + "Exactly")
        number = f[ns.KGO + "numericValue"]
        words = f"{bg.label(bound)} {number}" if bound != ns.KGO + "Exactly" else number
        return f"{words} {bg.label(f.get(ns.KGO + 'countOf', ''))}"

    def span(quantity: str) -> tuple[float, float]:
        f = facts[quantity]
        return BOUNDS.get(f.get(ns.KGO + "bound"), BOUNDS[ns.KGO + "Exactly"])(int(f[ns.KGO + "numericValue"]))

    def series(q1: str, q2: str) -> bool:
        """Two figures each of its own day (kgo:asOf): a toll that grew, not two sources disagreeing."""
        day1, day2 = facts[q1].get(ns.KGO + "asOf"), facts[q2].get(ns.KGO + "asOf")
        return day1 is not None and day2 is not None and day1 != day2

    for (event, _, _), sides in stated.items():
        ordered = sorted(sides, key=lambda s: (s[0].source.published, s[0].iri))
        for (c1, q1), (c2, q2) in combinations(ordered, 2):
            (a0, a1), (b0, b1) = span(q1), span(q2)
            if q1 != q2 and (a1 < b0 or b1 < a0) and not series(q1, q2):
                findings.disagreements.append(between(event, "QuantityAspect", c1, text(q1), c2, text(q2)))
    _totals(stated, bg, findings, text, span, series)


def _totals(stated: dict, bg: Background, findings: Findings, text, span, series) -> None:
    """Each total against the parts one claim gives of it: all the parts must add up to a number the total allows,
    and some of them to no more than it allows. Parts of another day than the total's are a series, as figures are."""
    for (event, kind, unit), totals in stated.items():
        parts = bg.parts.get(kind)
        if not parts:
            continue
        by_claim: dict[str, tuple[Claim, dict[str, str]]] = {}
        for part in sorted(parts):
            for claim, quantity in stated.get((event, part, unit), []):
                by_claim.setdefault(claim.iri, (claim, {}))[1].setdefault(part, quantity)
        for claim, given in by_claim.values():
            low = sum(span(q)[0] for q in given.values())
            high = sum(span(q)[1] for q in given.values()) if set(given) == parts else float("inf")
            summed = " + ".join(text(given[p]) for p in sorted(given))
            summed += f" = {low:g}" if low == high else (f" ≥ {low:g}" if high == float("inf") else "")
            for total_claim, total in sorted(totals, key=lambda s: (s[0].source.published, s[0].iri)):
                t0, t1 = span(total)
                if (t1 < low or high < t0) and not all(series(total, q) for q in given.values()):
                    findings.disagreements.append(
                        between(event, "QuantityAspect", total_claim, text(total), claim, summed)
                    )


# --- what the build writes -------------------------------------------------------------------------------------------


def quads(findings: Findings) -> list[ox.Quad]:
    """The disagreements (graph/disagreements) and, in the evidence graph, each set-aside statement beside its claim
    and each source error's reason."""
    g, ev = ox.NamedNode(ns.DISAGREEMENTS_GRAPH), ox.NamedNode(ns.EVIDENCE_GRAPH)
    a = ox.NamedNode(ns.RDF_TYPE)
    k = lambda name: ox.NamedNode(ns.KGO + name)  # noqa: E731
    out = []
    for d in findings.disagreements:
        node = ox.NamedNode(d.iri)
        out += [
            ox.Quad(node, a, k("Disagreement"), g),
            ox.Quad(node, k("concerns"), ox.NamedNode(d.entity), g),
            ox.Quad(node, k("aspect"), k(d.aspect), g),
            ox.Quad(node, k("resolution"), k(d.resolution), g),
            ox.Quad(node, k("firstClaim"), ox.NamedNode(d.first.graph), g),
            ox.Quad(node, k("firstValue"), ox.Literal(d.first.value), g),
            ox.Quad(node, k("secondClaim"), ox.NamedNode(d.second.graph), g),
            ox.Quad(node, k("secondValue"), ox.Literal(d.second.value), g),
        ]
    counters: dict[str, int] = defaultdict(int)
    for s in findings.set_aside:
        claim = ox.NamedNode(s.claim.iri)
        counters[s.claim.iri] += 1
        statement = ox.NamedNode(f"{s.claim.iri}/set-aside/{counters[s.claim.iri]}")
        out += [
            ox.Quad(claim, k("setAside"), statement, ev),
            ox.Quad(statement, a, ox.NamedNode(ns.RDF + "Statement"), ev),
            ox.Quad(statement, ox.NamedNode(ns.RDF + "subject"), s.quad.subject, ev),
            ox.Quad(statement, ox.NamedNode(ns.RDF + "predicate"), s.quad.predicate, ev),
            ox.Quad(statement, ox.NamedNode(ns.RDF + "object"), s.quad.object, ev),
            ox.Quad(statement, k("standing"), k(s.standing), ev),
            ox.Quad(statement, k("setAsideBecause"), ox.Literal(s.reason, language="en"), ev),
        ]
    for claim, reasons in findings.errors().items():
        out.append(ox.Quad(ox.NamedNode(claim), a, k("SourceError"), ev))
        out += [ox.Quad(ox.NamedNode(claim), k("errorReason"), ox.Literal(r, language="en"), ev) for r in reasons]
    return out
