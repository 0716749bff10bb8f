"""`csto-kg link`: each person, organisation, place, office and event of the graph matched to its Wikidata item,
or plainly not, with the reasons for every decision.

The same SPARQL goes to the shipped snapshot (graph/wikidata/snapshot.ttl, in-process, the default) or to a
SPARQL endpoint. Candidates are the items whose label or alias contains one of the entity's name words (Russian
words reduced to their dictionary form first: Токаевым → токаев). Each candidate is scored on
- name: the best match between any of our names and any of its labels and aliases, in either language, as the
  share of words that agree (dictionary forms, or near-identical spellings),
- type: its P31 against the Wikidata classes our ontology maps our classes to (materialised as wdt:P31 in the
  build); a known, different type rules the candidate out,
- context: its country (P17) or offices held (P39) against ours, once those are linked.
A match needs a score of at least THRESHOLD and a lead of MARGIN over the runner-up; otherwise the entity is
reported ambiguous, or without a candidate. Nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from . import namespaces as ns
from .names import name_similarity, search_keys
from .querying import solutions
from .wikidata import WikidataSource

THRESHOLD, MARGIN = 0.8, 0.1
WEIGHTS = {"name": 0.6, "type": 0.2, "context": 0.2}
KINDS = ("Person", "Organisation", "Place", "Office", "Event")

KIND_NAMES = " ".join(f'"{k}"' for k in KINDS)
ENTITIES = f"""
SELECT ?entity (GROUP_CONCAT(?kindName; separator=", ") AS ?kind) WHERE {{
  VALUES ?kindName {{ {KIND_NAMES} }}
  BIND(IRI(CONCAT(STR(kgo:), ?kindName)) AS ?class)
  ?entity a ?class . FILTER(STRSTARTS(STR(?entity), STR(kg:)))
}} GROUP BY ?entity ORDER BY ?entity"""

# about one entity, bound to ?entity
NAMES = """SELECT ?name ?entity WHERE { ?entity rdfs:label|skos:altLabel ?name }"""
LABELS = """SELECT ?name ?entity WHERE { ?entity rdfs:label ?name }"""
TYPES = """SELECT ?type ?entity WHERE { ?entity wdt:P31 ?type }"""
COUNTRIES = """SELECT DISTINCT ?country ?entity WHERE {
  { ?entity kgo:country|kgo:locatedIn+ ?country } UNION { ?entity kgo:officeIn ?country }
  UNION { ?entity kgo:officeIn/kgo:country ?country } ?country a kgo:State }"""
OFFICES = """SELECT DISTINCT ?office ?entity WHERE { ?entity kgo:positionHeld ?office }"""

# The one query sent to the snapshot or the endpoint: items whose label or alias contains a key (the keys as a
# VALUES block, the language bound, both written in by sparql_text). The keys of every entity go in a few batches
# of KEYS_A_QUERY, not a query an entity: a query's fixed cost, not the data, was most of the time.
KEYS_A_QUERY = 200
WIKIDATA_CANDIDATES = (
    f"PREFIX rdfs: <{ns.RDFS}>\nPREFIX skos: <{ns.SKOS}>\nPREFIX wdt: <{ns.WDT}>\n"
    + """
SELECT ?key ?item ?name ?label ?type ?country ?office WHERE {
  ?item rdfs:label|skos:altLabel ?match .
  FILTER(CONTAINS(LCASE(STR(?match)), ?key))
  ?item rdfs:label|skos:altLabel ?name .
  OPTIONAL { ?item rdfs:label ?label . FILTER(LANG(?label) = ?lang) }
  OPTIONAL { ?item wdt:P31 ?type }
  OPTIONAL { ?item wdt:P17 ?country }
  OPTIONAL { ?item wdt:P39 ?office }
}"""
)


# --- candidates and decisions -----------------------------------------------------------------------------


@dataclass
class Candidate:
    item: str  # QID
    names: set[str] = field(default_factory=set)
    label: str = ""
    types: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    offices: set[str] = field(default_factory=set)
    features: dict[str, float] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0
    ruled_out: bool = False

    def as_reconciliation(self, matched: bool) -> dict:
        """The W3C Reconciliation API's candidate shape (score on 0–100)."""
        return {
            "id": self.item,
            "name": self.label,
            "score": round(100 * self.score, 1),
            "match": matched,
            "type": [{"id": t} for t in sorted(self.types)],
            "features": [{"id": k, "value": round(v, 3)} for k, v in self.features.items()],
        }


@dataclass
class Decision:
    entity: str
    label: str
    kind: str
    status: str  # linked, ambiguous, no-candidate, below-threshold
    best: Candidate | None
    candidates: list[Candidate]
    reason: str

    @property
    def qid(self) -> str | None:
        return self.best.item if self.status == "linked" and self.best else None


@dataclass
class Facts:
    """What the graph says of one entity that linking reads: read once, whatever the number of rounds."""

    names: list[str]
    label: str
    expected: set[str]  # the Wikidata classes of its kinds
    countries: list[str]
    offices: list[str]


class Linker:
    def __init__(self, graph: ox.Store, source: WikidataSource, lang: str = "en"):
        self.graph, self.source, self.lang = graph, source, lang
        self._rows_by_key: dict[str, list[dict]] = {}
        self._facts: dict[str, Facts] = {}

    def _values(self, query: str, entity: str, column: str) -> list:
        return [s[column] for s in solutions(self.graph, query, {"entity": ox.NamedNode(entity)})]

    def entities(self) -> list[tuple[str, str]]:
        return [(s["entity"].value, s["kind"].value) for s in solutions(self.graph, ENTITIES)]

    def label(self, entity: str) -> str:
        names = {t.language: t.value for t in self._values(LABELS, entity, "name")}
        return names.get(self.lang) or next(iter(names.values()), ns.curie(entity))

    def facts(self, entity: str) -> Facts:
        if entity not in self._facts:
            self._facts[entity] = Facts(
                [t.value for t in self._values(NAMES, entity, "name")],
                self.label(entity),
                {t.value.removeprefix(ns.WD) for t in self._values(TYPES, entity, "type")},
                [c.value for c in self._values(COUNTRIES, entity, "country")],
                [o.value for o in self._values(OFFICES, entity, "office")],
            )
        return self._facts[entity]

    def fetch(self, keys) -> None:
        """Ask the source, in batches, for the candidates of the keys not asked for yet."""
        wanted = sorted(set(keys) - self._rows_by_key.keys())
        for start in range(0, len(wanted), KEYS_A_QUERY):
            batch = wanted[start : start + KEYS_A_QUERY]
            for key in batch:
                self._rows_by_key[key] = []
            rows = self.source.select(
                WIKIDATA_CANDIDATES,
                bindings={"lang": ox.Literal(self.lang)},
                values={"key": [ox.Literal(k) for k in batch]},
            )
            for row in rows:
                self._rows_by_key[row["key"]].append(row)

    def candidates(self, names: list[str]) -> dict[str, Candidate]:
        keys = search_keys(names)
        self.fetch(keys)
        found: dict[str, Candidate] = {}
        for row in (row for key in keys for row in self._rows_by_key[key]):
            item = row["item"].removeprefix(ns.WD)
            if not re.fullmatch(r"Q\d+", item):
                continue
            c = found.setdefault(item, Candidate(item))
            c.names.add(row["name"])
            c.label = row.get("label", c.label)
            for column, target in (("type", c.types), ("country", c.countries), ("office", c.offices)):
                if column in row:
                    target.add(row[column].removeprefix(ns.WD))
        return found

    def decide(self, entity: str, kind: str, links: dict[str, str]) -> Decision:
        facts = self.facts(entity)
        names, expected, label = facts.names, facts.expected, facts.label
        countries = {links[c] for c in facts.countries if c in links}
        offices = {links[o] for o in facts.offices if o in links}
        candidates = list(self.candidates(names).values())
        for c in candidates:
            best_pair = max(((name_similarity(a, b), a, b) for a in names for b in c.names), default=(0.0, "", ""))
            c.label = c.label or min(c.names, key=len)
            c.features["name"] = best_pair[0]
            c.reasons.append(f"name {best_pair[0]:.2f} ({best_pair[1]!r} ~ {best_pair[2]!r})")
            if expected and c.types:
                c.features["type"] = 1.0 if expected & c.types else 0.0
                c.ruled_out = not expected & c.types
                c.reasons.append(
                    f"type {'/'.join(sorted(c.types))} {'matches' if not c.ruled_out else 'is not'} "
                    f"{'/'.join(sorted(expected))}"
                )
            else:
                c.features["type"] = 0.5
                c.reasons.append(
                    "type not comparable"
                    + (" (no P31 in Wikidata's data here)" if not c.types else f" (no Wikidata class for our {kind})")
                )
            known = [(countries, c.countries, "country"), (offices, c.offices, "office")]
            comparable = [(ours, theirs, what) for ours, theirs, what in known if ours and theirs]
            if comparable:
                agree = [what for ours, theirs, what in comparable if ours & theirs]
                c.features["context"] = 1.0 if agree else 0.0
                c.reasons.append(
                    f"context: {', '.join(agree)} agree"
                    if agree
                    else "context: "
                    + ", ".join(
                        f"{what} {'/'.join(sorted(theirs))}, ours {'/'.join(sorted(ours))}"
                        for ours, theirs, what in comparable
                    )
                )
            else:
                c.features["context"] = 0.5
                c.reasons.append("context not comparable")
            c.score = 0.0 if c.ruled_out else sum(WEIGHTS[k] * v for k, v in c.features.items())
        candidates.sort(key=lambda c: (-c.score, c.item))
        if not candidates:
            return Decision(
                entity,
                label,
                kind,
                "no-candidate",
                None,
                [],
                "no Wikidata item has a label or alias with any of its name words",
            )
        best = candidates[0]
        runner_up = candidates[1].score if len(candidates) > 1 else 0.0
        if best.score < THRESHOLD:
            return Decision(
                entity,
                label,
                kind,
                "below-threshold",
                best,
                candidates,
                f"best candidate {best.item} ({best.label}) scores {best.score:.2f} < {THRESHOLD}: "
                + "; ".join(best.reasons),
            )
        if best.score - runner_up < MARGIN:
            return Decision(
                entity,
                label,
                kind,
                "ambiguous",
                best,
                candidates,
                f"{best.item} ({best.score:.2f}) and {candidates[1].item} ({runner_up:.2f}) are too close to choose",
            )
        return Decision(
            entity,
            label,
            kind,
            "linked",
            best,
            candidates,
            f"{best.item} ({best.label}) scores {best.score:.2f}: " + "; ".join(best.reasons),
        )

    def link_all(self, rounds: int = 3, progress=None) -> list[Decision]:
        """Decide every entity; repeat while links found in one round change another's context."""
        entities = self.entities()
        self.fetch(search_keys([name for entity, _ in entities for name in self.facts(entity).names]))
        links: dict[str, str] = {}
        decisions: list[Decision] = []
        for _ in range(rounds):
            decisions = []
            for entity, kind in entities:
                decisions.append(self.decide(entity, kind, links))
                if progress:
                    progress(1)
            decisions = one_item_one_entity(decisions)
            found = {d.entity: d.qid for d in decisions if d.qid}
            if found == links:
                break
            links = found
        return decisions


def one_item_one_entity(decisions: list[Decision]) -> list[Decision]:
    """A Wikidata item is one thing: where several entities would link to it, only the best match does (by score,
    then by name); the others become ambiguous, naming the entity that keeps it ("Deputy Prime Minister of
    Kazakhstan" scores 0.86 by name against the Prime Minister's item, which "Prime Minister of Kazakhstan" matches
    exactly). Equal best matches leave the item to neither."""
    claims: dict[str, list[Decision]] = {}
    for d in decisions:
        if d.qid:
            claims.setdefault(d.qid, []).append(d)
    demoted: dict[str, Decision] = {}
    for qid, rivals in claims.items():
        if len(rivals) < 2:
            continue
        rank = sorted(rivals, key=lambda d: (-d.best.score, -d.best.features.get("name", 0.0), d.entity))
        best = rank[0]
        tie = (best.best.score, best.best.features.get("name")) == (
            rank[1].best.score,
            rank[1].best.features.get("name"),
        )
        for d in rank if tie else rank[1:]:
            others = ", ".join(ns.curie(r.entity) for r in rivals if r is not d)
            why = (
                f"{qid} ({d.best.label}) matches {others} as well as this entity: equal scores, so neither is linked"
                if tie
                else f"{qid} ({d.best.label}) is the better match of {ns.curie(best.entity)} "
                f"({best.best.score:.2f} against {d.best.score:.2f}); one item cannot be two of our entities"
            )
            demoted[d.entity] = Decision(d.entity, d.label, d.kind, "ambiguous", d.best, d.candidates, why)
    return [demoted.get(d.entity, d) for d in decisions]


def reconciliation(decisions: list[Decision]) -> dict:
    """Results keyed as the W3C Reconciliation API returns them for a batch of queries."""
    return {
        ns.curie(d.entity): {
            "result": [c.as_reconciliation(d.status == "linked" and c is d.best) for c in d.candidates],
            "status": d.status,
            "reason": d.reason,
        }
        for d in decisions
    }
