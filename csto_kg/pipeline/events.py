"""The pipeline's work per event and per shard, after the one shuffle.

Every claim travels to each entity it speaks of that other claims may disagree about (disagreements.topics: what it
dates, counts, marks planned, places in a country) and to its home (the event or entity it is about, where it is
written); a source travels to its own key. A key's shard is a hash of the key, so which shard a claim lands in
never depends on how the input was split. Per key: the disagreement rules for that entity alone, by the build's
own code (disagreements.find with topic=). Per shard: its claims with their evidence and the statements set
aside, and what the ontology entails from them beside the context every shard shares; each shard is written as
sorted N-Quads, so the same input gives the same bytes. (The shapes run after, by node: pipeline.findings.)
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from .. import disagreements
from .. import namespaces as ns
from ..formats import rdf_syntax
from ..reasoning import materialise
from .articles import ClaimRecord

SOURCE, CLAIM, HOME, OUTLET = "source", "claim", "home", "outlet"


def shard_of(key: str, shards: int) -> int:
    """The shard a key lands in: the same for the same key, whatever the number of input partitions."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") % shards


def keyed(result):
    """One article's result as (key, (kind, order, value)) pairs for the shuffle."""
    if result.source:
        yield result.source_iri, (SOURCE, (), result.source)
    for quad in result.outlets:
        yield quad.subject.value, (OUTLET, (), [quad])
    for record in result.claims:
        removed = {s.quad for s in record.own}
        for topic in sorted(disagreements.topics(record.claim, removed) - {record.home}):
            yield topic, (CLAIM, record.claim.order, record)
        yield record.home, (HOME, record.claim.order, record)


def grouped(items) -> dict[str, list]:
    """The partition's records by key, keys in order and each key's records in the build's order of claims:
    nothing depends on the order the shuffle delivered them in."""
    groups: dict[str, list] = defaultdict(list)
    for key, value in items:
        groups[key].append(value)
    return {
        k: sorted(groups[k], key=lambda v: (v[0], v[1], v[2].claim.iri if isinstance(v[2], ClaimRecord) else ""))
        for k in sorted(groups)
    }


def find(items, background, geography):
    """Spark's mapPartitions function of the first pass: the disagreements and set-aside statements per key."""
    for key, values in grouped(items).items():
        claims = [v[2].claim for v in values if v[0] in (CLAIM, HOME)]
        if len(claims) < 2 and not any(s for s in _located(claims, key)):
            continue  # one claim alone disagrees with nobody; its place may still contradict the background
        found = disagreements.find(claims, background, topic=key, geography=geography)
        for d in found.disagreements:
            yield "disagreement", (key, d)
        for s in found.set_aside:
            yield "set-aside", s


def _located(claims, key):
    return [
        q
        for c in claims
        for q in c.quads
        if q.subject.value == key and q.predicate.value in (disagreements.LOCATED_IN, disagreements.COUNTRY)
    ]


@dataclass
class Found:
    """What the per-event pass found, merged on the driver: set-aside statements numbered per claim as the build
    numbers them, and the quads each claim and each key gets."""

    disagreements: list = field(default_factory=list)  # (key, Disagreement)
    set_aside: dict[str, list] = field(default_factory=dict)  # claim IRI -> its SetAsides, in the build's order

    def removed(self, claim: str) -> set[ox.Quad]:
        return {s.quad for s in self.set_aside.get(claim, [])}

    def findings(self) -> disagreements.Findings:
        found = disagreements.Findings([d for _, d in self.disagreements])
        found.set_aside = [s for c in sorted(self.set_aside) for s in self.set_aside[c]]
        return found

    def claim_quads(self, claim: str) -> list[ox.Quad]:
        """The claim's set-aside statements and its source error, in the evidence graph."""
        return disagreements.quads(disagreements.Findings([], self.set_aside.get(claim, [])))

    def key_quads(self, key: str) -> list[ox.Quad]:
        return disagreements.quads(disagreements.Findings([d for k, d in self.disagreements if k == key]))


def merge(found, own_set_aside) -> Found:
    out = Found()
    by_claim: dict[str, list] = defaultdict(list)
    for s in own_set_aside:
        by_claim[s.claim.iri].append(s)
    seen_disagreements = set()
    for kind, value in found:
        if kind == "disagreement":
            key, d = value
            if (key, d.iri) not in seen_disagreements:
                seen_disagreements.add((key, d.iri))
                out.disagreements.append(value)
        else:
            by_claim[value.claim.iri].append(value)
    out.set_aside = {c: sorted(v, key=lambda s: s.rank) for c, v in by_claim.items()}
    out.disagreements.sort(key=lambda kd: (kd[0], kd[1].iri))
    return out


def write_shards(items, found: Found, shared, folder, shards):
    """Spark's mapPartitions function of the second pass: each shard's quads written as sorted N-Quads; yields
    the shard's inferred triples (candidates: the driver's dedup decides), its asserted triples and its claims.
    `shared`: the broadcast SharedContext."""
    groups = grouped(items)
    if not groups:
        return
    shard = shard_of(next(iter(groups)), shards)
    asserted: set[ox.Quad] = set()
    findings_quads: set[ox.Quad] = set()
    claims: list[tuple[str, str, str, float | None]] = []
    for key, values in groups.items():
        findings_quads.update(found.key_quads(key))
        for kind, _, value in values:
            if kind in (SOURCE, OUTLET):
                asserted.update(value)
            elif kind == HOME:
                removed = found.removed(value.claim.iri)
                asserted.update(q for q in value.claim.quads if q not in removed)
                asserted.update(value.evidence)
                findings_quads.update(found.claim_quads(value.claim.iri))
                claims.append((value.claim.iri, value.claim.source.id, value.kind, value.confidence))
    store = ox.Store()
    store.extend(shared.around(asserted))
    before = {q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(ns.INFERRED_GRAPH))}
    store.extend(asserted)
    materialise(store)
    inferred = [
        q.triple
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(ns.INFERRED_GRAPH))
        if q.triple not in before
    ]
    written = sorted(asserted | findings_quads, key=str)
    if written:
        path = folder / f"part-{shard:05d}.nq"
        path.write_bytes(ox.serialize(written, format=rdf_syntax("nquads")))
    for triple in inferred:
        yield "inferred", str(triple)
    for quad in asserted:
        yield "asserted", str(quad.triple)
    for claim in claims:
        yield "claim", claim


class SharedContext:
    """What a shard's inference needs of the others: the background (ontology, register, Wikidata links) with what
    it entails, whole, and of the skeleton (the claims' statements two-premise rules join on) and what it entails
    with the background, only the statements that touch a node of the shard. The driver closed the skeleton
    under the rules, so one step from the shard's nodes reaches every statement a rule can join with theirs (the
    rules joining two data statements are transitivity and chains of two links): a shard reads what it touches,
    not the whole run's skeleton, and its work stays the same however many articles the run has. Read once per
    worker (a broadcast), indexed by node on first use."""

    def __init__(self, background: bytes, linked: bytes):
        self.background, self.linked = background, linked
        self._index: dict | None = None

    def __getstate__(self):
        return {"background": self.background, "linked": self.linked}

    def __setstate__(self, state):
        self.__init__(state["background"], state["linked"])

    def around(self, quads) -> list[ox.Quad]:
        if self._index is None:
            self._base = list(ox.parse(self.background, format=rdf_syntax("nquads")))
            self._index = defaultdict(list)
            for q in ox.parse(self.linked, format=rdf_syntax("nquads")):
                self._index[q.subject].append(q)
                if not isinstance(q.object, ox.Literal) and q.object != q.subject:
                    self._index[q.object].append(q)
        nodes = {t for q in quads for t in (q.subject, q.object) if not isinstance(t, ox.Literal)}
        return self._base + [q for node in nodes for q in self._index.get(node, ())]


def skeleton(records, found: Found, properties: set[str]):
    """What two-premise rules (transitive properties, property chains) may join across shards: the claims'
    statements of those properties (and of what entails them), set-aside ones left out."""
    for record in records:
        removed = found.removed(record.claim.iri)
        for q in record.claim.quads:
            if q.predicate.value in properties and q not in removed:
                yield q
