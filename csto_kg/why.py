"""`csto-kg why ENTITY`: every fact about an entity with the quote and sentence that state it."""

from __future__ import annotations

import difflib
from collections import OrderedDict
from dataclasses import dataclass, field

import pyoxigraph as ox

from . import namespaces as ns
from .errors import KgError
from .output import fact_text

FACTS = """
SELECT ?claim ?s ?p ?o ?exact ?start ?end ?sentence ?sentenceText ?sentenceStart ?sentenceEnd ?entity WHERE {
  ?claim a kgo:Claim .
  GRAPH ?claim { ?s ?p ?o } FILTER(?s = ?entity || ?o = ?entity)
  ?annotation oa:hasBody ?claim ; oa:hasTarget ?target .
  ?target oa:hasSelector ?quoteSelector , ?positionSelector .
  ?quoteSelector a oa:TextQuoteSelector ; oa:exact ?exact .
  ?positionSelector a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  OPTIONAL { ?target kgo:inSentence ?sentence . ?sentence schema:text ?sentenceText ; oa:hasSelector ?ss .
             ?ss oa:start ?sentenceStart ; oa:end ?sentenceEnd . }
} ORDER BY ?start ?claim ?s ?p ?o ?sentenceStart"""

REASONS = """SELECT ?claim ?reason ?source ?entity WHERE {
  ?claim a kgo:Claim ; prov:wasDerivedFrom ?source . GRAPH ?claim { ?s ?p ?o } FILTER(?s = ?entity || ?o = ?entity)
  OPTIONAL { ?claim kgo:inferredBecause ?reason } }"""

BACKGROUND = f"""SELECT ?s ?p ?o ?entity WHERE {{
  GRAPH <{ns.ENTITIES_GRAPH}> {{ ?s ?p ?o }} FILTER(?s = ?entity || ?o = ?entity) }} ORDER BY ?s ?p ?o"""

CANDIDATES = """SELECT DISTINCT ?x ?name WHERE {
  GRAPH ?g { ?x rdfs:label|skos:altLabel ?name } FILTER(STRSTARTS(STR(?x), STR(kg:))) }"""

COLUMNS = ["claim", "subject", "predicate", "object", "quote", "start", "end", "sentence", "sentence_start", "sentence_end"]


def _select(store: ox.Store, query: str, **bindings):
    return store.query(ns.sparql_prologue() + query, use_default_graph_as_union=True,
                       substitutions={ox.Variable(k): v for k, v in bindings.items()} or None)


def resolve_entity(store: ox.Store, name: str) -> ox.NamedNode:
    """An entity from a CURIE, an IRI, a bare local name, or an exact label or alias (any language, any case)."""
    candidates = [(s["x"].value, s["name"].value) for s in _select(store, CANDIDATES)]
    iris = {iri for iri, _ in candidates}
    iri = ns.expand(name)
    if iri in iris:
        return ox.NamedNode(iri)
    if ns.KG + name in iris:
        return ox.NamedNode(ns.KG + name)
    by_label = sorted({i for i, label in candidates if label.casefold() == name.casefold()})
    if len(by_label) == 1:
        return ox.NamedNode(by_label[0])
    if by_label:
        raise KgError(f"{name!r} names {len(by_label)} entities: {', '.join(ns.curie(i) for i in by_label)}; give one of these")
    names = {label: i for i, label in candidates} | {ns.curie(i): i for i in iris}
    suggestions = {}
    for match in difflib.get_close_matches(name, list(names), n=6, cutoff=0.6):
        suggestions.setdefault(names[match], match)
    hint = "; did you mean " + ", ".join(f"{ns.curie(i)} ({m})" if m != ns.curie(i) else m
                                          for i, m in list(suggestions.items())[:3]) + "?" if suggestions else ""
    raise KgError(f"no entity {name!r} in the graph{hint}")


@dataclass
class Explanation:
    entity: ox.NamedNode
    label: str
    rows: list[list] = field(default_factory=list)
    reasons: dict = field(default_factory=dict)
    sources: dict = field(default_factory=dict)
    background: list[list] = field(default_factory=list)
    variables: list[str] = field(default_factory=lambda: list(COLUMNS))

    def as_text(self) -> str:
        out = [f"{ns.curie(self.entity.value)} — {self.label}"]
        claims: OrderedDict[str, dict] = OrderedDict()
        for row in self.rows:
            entry = claims.setdefault(row[0].value, {"facts": [], "quotes": OrderedDict()})
            fact = " ".join(fact_text(t) for t in row[1:4])
            if fact not in entry["facts"]:
                entry["facts"].append(fact)
            quote_key = (int(row[5].value), int(row[6].value))
            sentences = entry["quotes"].setdefault(quote_key, {"exact": row[4].value, "sentences": []})
            if row[7] is not None and (row[8], row[9]) not in [(s[1], s[2]) for s in sentences["sentences"]]:
                sentences["sentences"].append((row[7].value, int(row[8].value), int(row[9].value)))
        for claim, entry in claims.items():
            out.append("")
            out.append(f"{ns.curie(claim)}   [source {ns.curie(self.sources[claim])}]")
            out += [f"  fact      {fact}" for fact in entry["facts"]]
            for (start, end), quote in entry["quotes"].items():
                out.append(f"  quote     [{start}:{end}] «{quote['exact']}»")
                out += [f"  sentence  [{a}:{b}] {text}" for text, a, b in quote["sentences"]]
            out += [f"  inferred  {reason}" for reason in self.reasons.get(claim, [])]
        if self.background:
            out.append("")
            out.append("background (curated in graph/entities.ttl; not from a source):")
            out += [f"  fact      {' '.join(fact_text(t) for t in row)}" for row in self.background]
        if not claims and not self.background:
            out.append("no facts about this entity")
        return "\n".join(out) + "\n"


def explain(store: ox.Store, entity: ox.NamedNode, lang: str = "en") -> Explanation:
    labels = [s["l"] for s in _select(store, "SELECT ?l ?entity WHERE { ?entity rdfs:label ?l }", entity=entity)]
    label = next((l.value for l in labels if l.language == lang), labels[0].value if labels else ns.curie(entity.value))
    explanation = Explanation(entity, label)
    for s in _select(store, FACTS, entity=entity):
        explanation.rows.append([s[v] for v in ("claim", "s", "p", "o", "exact", "start", "end", "sentenceText", "sentenceStart", "sentenceEnd")])
    for s in _select(store, REASONS, entity=entity):
        explanation.sources[s["claim"].value] = s["source"].value
        if s["reason"] is not None and s["reason"].value not in explanation.reasons.setdefault(s["claim"].value, []):
            explanation.reasons[s["claim"].value].append(s["reason"].value)
    explanation.background = [[s["s"], s["p"], s["o"]] for s in _select(store, BACKGROUND, entity=entity)]
    return explanation
