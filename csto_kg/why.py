"""`csto-kg why ENTITY`: every fact about an entity with the quote and sentence that state it."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

import pyoxigraph as ox

from . import namespaces as ns
from .output import fact_text
from .querying import solutions

FACTS = """
SELECT DISTINCT ?claim ?s ?p ?o ?exact ?start ?end ?sentence ?sentenceText ?sentenceStart ?sentenceEnd ?entity WHERE {
  ?claim a kgo:Claim .
  GRAPH ?claim { ?s ?p ?o } FILTER(?s = ?entity || ?o = ?entity || ?claim = ?entity)
  ?annotation oa:hasBody ?claim ; oa:hasTarget ?target .
  ?target oa:hasSelector ?quoteSelector , ?positionSelector .
  ?quoteSelector a oa:TextQuoteSelector ; oa:exact ?exact .
  ?positionSelector a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  OPTIONAL { ?target kgo:inSentence ?sentence . ?sentence schema:text ?sentenceText ; oa:hasSelector ?ss .
             ?ss oa:start ?sentenceStart ; oa:end ?sentenceEnd . }
} ORDER BY ?start ?claim ?s ?p ?o ?sentenceStart"""

REASONS = """SELECT DISTINCT ?claim ?reason ?source ?entity WHERE {
  ?claim a kgo:Claim ; prov:wasDerivedFrom ?source . GRAPH ?claim { ?s ?p ?o } FILTER(?s = ?entity || ?o = ?entity ||
  ?claim = ?entity)
  OPTIONAL { ?claim kgo:inferredBecause ?reason } }"""

SOURCES = """SELECT DISTINCT ?source ?published ?publisher ?entity WHERE {
  ?claim prov:wasDerivedFrom ?source . { GRAPH ?claim { ?entity ?p ?o } } UNION { GRAPH ?claim { ?s ?p ?entity } }
  UNION { FILTER(?claim = ?entity) }
  UNION { ?claim kgo:setAside [ rdf:subject|rdf:object ?entity ] }
  ?source schema:datePublished ?published .
  OPTIONAL { ?source kgo:publisher/rdfs:label ?publisher . FILTER(LANG(?publisher) = "en") } }"""

SET_ASIDE = """SELECT DISTINCT ?claim ?source ?s ?p ?o ?why ?exact ?start ?end ?entity WHERE {
  ?claim kgo:setAside ?statement ; prov:wasDerivedFrom ?source .
  ?statement rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kgo:setAsideBecause ?why .
  FILTER(?s = ?entity || ?o = ?entity)
  ?annotation oa:hasBody ?claim ; oa:hasTarget ?target . ?target oa:hasSelector ?q , ?position .
  ?q oa:exact ?exact . ?position a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end }"""

DISAGREEMENTS = """SELECT DISTINCT ?aspect ?value1 ?claim1 ?value2 ?claim2 ?resolution ?entity WHERE {
  ?d a kgo:Disagreement ; kgo:concerns ?entity ; kgo:aspect/rdfs:label ?aspect ; kgo:resolution/rdfs:label ?resolution ;
     kgo:firstValue ?value1 ; kgo:firstClaim ?claim1 ; kgo:secondValue ?value2 ; kgo:secondClaim ?claim2 .
  FILTER(LANG(?aspect) = "en" && LANG(?resolution) = "en") } ORDER BY ?aspect ?claim1 ?claim2"""

BACKGROUND = f"""SELECT DISTINCT ?s ?p ?o ?entity WHERE {{
  GRAPH <{ns.ENTITIES_GRAPH}> {{ ?s ?p ?o }} FILTER(?s = ?entity || ?o = ?entity) }} ORDER BY ?s ?p ?o"""

COLUMNS = [
    "claim",
    "subject",
    "predicate",
    "object",
    "quote",
    "start",
    "end",
    "sentence",
    "sentence_start",
    "sentence_end",
]


def resolve_entity(store: ox.Store, name: str, names) -> ox.NamedNode:
    """A claim, by its IRI (as the tools print it), else an entity as every name is read (querying.Names: a CURIE,
    an IRI, a bare local name, or a label or alias in any language, case and inflection)."""
    iri = ns.expand(name)
    if iri and solutions(store, "SELECT ?claim WHERE { ?claim a kgo:Claim }", {"claim": ox.NamedNode(iri)}):
        return ox.NamedNode(iri)
    return names.entity(name, "")


@dataclass
class Explanation:
    entity: ox.NamedNode
    label: str
    rows: list[list] = field(default_factory=list)
    reasons: dict = field(default_factory=dict)
    sources: dict = field(default_factory=dict)
    background: list[list] = field(default_factory=list)
    variables: list[str] = field(default_factory=lambda: list(COLUMNS))
    about_sources: dict = field(default_factory=dict)  # source IRI -> (published, publisher)
    set_aside: list[list] = field(default_factory=list)  # claim, source, s, p, o, why, exact, start, end
    disagreements: list[list] = field(default_factory=list)

    def as_text(self) -> str:
        """Grouped by source (in order of publication), then sentence: each sentence is printed once, followed by
        the claims whose quotes lie in it, their facts, quotes and why they are inferred."""
        out = [f"{ns.curie(self.entity.value)} — {self.label}"]
        claims: OrderedDict[str, dict] = OrderedDict()
        for row in self.rows:
            entry = claims.setdefault(row[0].value, {"facts": [], "quotes": OrderedDict(), "set_aside": []})
            fact = " ".join(fact_text(t) for t in row[1:4])
            if fact not in entry["facts"]:
                entry["facts"].append(fact)
            quote = entry["quotes"].setdefault(
                (int(row[5].value), int(row[6].value)), {"exact": row[4].value, "sentences": []}
            )
            if row[7] is not None and (row[7].value, int(row[8].value), int(row[9].value)) not in quote["sentences"]:
                quote["sentences"].append((row[7].value, int(row[8].value), int(row[9].value)))
        for claim, source, *fact, why, exact, start, end in self.set_aside:
            self.sources.setdefault(claim.value, source.value)
            entry = claims.setdefault(claim.value, {"facts": [], "quotes": OrderedDict(), "set_aside": []})
            line = f"{' '.join(fact_text(t) for t in fact)}  ({why.value})"
            if line not in entry["set_aside"]:
                entry["set_aside"].append(line)
            entry["quotes"].setdefault((int(start.value), int(end.value)), {"exact": exact.value, "sentences": []})
        by_source: dict[str, list[str]] = {}
        for claim in claims:
            by_source.setdefault(self.sources[claim], []).append(claim)
        for source in sorted(by_source, key=lambda s: (self.about_sources.get(s, ("", ""))[0], s)):
            published, publisher = self.about_sources.get(source, ("", ""))
            out += [
                "",
                f"{ns.curie(source)}"
                + (f"   ({', '.join(x for x in (publisher, published) if x)})" if published else ""),
            ]
            printed: set[tuple[int, int]] = set()
            for claim in sorted(by_source[source], key=lambda c: min(claims[c]["quotes"], default=(0, 0))):
                entry = claims[claim]
                for quote in entry["quotes"].values():
                    for text, a, b in sorted(quote["sentences"], key=lambda s: s[1]):
                        if (a, b) not in printed:
                            printed.add((a, b))
                            out.append(f"  sentence  [{a}:{b}] {text}")
                out.append(f"    {ns.curie(claim)}")
                out += [f"      fact      {fact}" for fact in entry["facts"]]
                out += [f"      set aside {line}" for line in entry["set_aside"]]
                out += [f"      quote     [{a}:{b}] «{q['exact']}»" for (a, b), q in entry["quotes"].items()]
                out += [f"      inferred  {reason}" for reason in self.reasons.get(claim, [])]
        if self.disagreements:
            out += ["", "disagreements (csto-kg query conflicts):"]
            out += [
                f"  {aspect.value}: {v1.value} ({ns.curie(c1.value)}) vs {v2.value} ({ns.curie(c2.value)}): "
                f"{resolution.value}"
                for aspect, v1, c1, v2, c2, resolution in self.disagreements
            ]
        if self.background:
            out.append("")
            out.append("background (curated in graph/entities.ttl; not from a source):")
            out += [f"  fact      {' '.join(fact_text(t) for t in row)}" for row in self.background]
        if not claims and not self.background:
            out.append("no facts about this entity")
        return "\n".join(out) + "\n"


REALISED_BY = """SELECT DISTINCT ?event ?entity WHERE { ?entity kgo:realisedBy ?event } ORDER BY ?event"""


def realisations(store: ox.Store, entity: ox.NamedNode) -> list[ox.NamedNode]:
    """What carried out a plan (kgo:realisedBy): a report of the withdrawal as it happened is a report of the
    withdrawal that was announced, and `why` shows both."""
    return [s["event"] for s in solutions(store, REALISED_BY, {"entity": entity})]


def explain(store: ox.Store, entity: ox.NamedNode, lang: str = "en") -> Explanation:
    labels = [s["l"] for s in solutions(store, "SELECT ?l ?entity WHERE { ?entity rdfs:label ?l }", {"entity": entity})]
    label = next(
        (name.value for name in labels if name.language == lang),
        labels[0].value if labels else ns.curie(entity.value),
    )
    explanation = Explanation(entity, label)
    for s in solutions(store, FACTS, {"entity": entity}):
        explanation.rows.append(
            [
                s[v]
                for v in (
                    "claim",
                    "s",
                    "p",
                    "o",
                    "exact",
                    "start",
                    "end",
                    "sentenceText",
                    "sentenceStart",
                    "sentenceEnd",
                )
            ]
        )
    for s in solutions(store, REASONS, {"entity": entity}):
        explanation.sources[s["claim"].value] = s["source"].value
        if s["reason"] is not None and s["reason"].value not in explanation.reasons.setdefault(s["claim"].value, []):
            explanation.reasons[s["claim"].value].append(s["reason"].value)
    explanation.background = [[s["s"], s["p"], s["o"]] for s in solutions(store, BACKGROUND, {"entity": entity})]
    explanation.about_sources = {
        s["source"].value: (s["published"].value, s["publisher"].value if s["publisher"] else "")
        for s in solutions(store, SOURCES, {"entity": entity})
    }
    explanation.set_aside = [
        [s[v] for v in ("claim", "source", "s", "p", "o", "why", "exact", "start", "end")]
        for s in solutions(store, SET_ASIDE, {"entity": entity})
    ]
    explanation.disagreements = [
        [s[v] for v in ("aspect", "value1", "claim1", "value2", "claim2", "resolution")]
        for s in solutions(store, DISAGREEMENTS, {"entity": entity})
    ]
    return explanation
