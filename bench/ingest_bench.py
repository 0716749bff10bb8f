"""Benchmark: `csto-kg extract` against the hand-curated claims of the six sources (the gold), per language, and
against the gold annotations of the 44 articles of the second batch it was not written for (bench/unseen.py: the
split is by file number, odd TUNE, even TEST; rules were tuned on TUNE and the six sources only) and of the 90
articles outsiders wrote for blind trials (bench/outsiders/: trials 35-41's, with TUNE, are what the confidence
table is learnt from; trials 42's and 43's are held out).

    python bench/ingest_bench.py [--articles 1000] [--json FILE]

Needs a build (`csto-kg build`). What is measured, per language (en: Europe Diplomatic, Axios, Kazinform; ru: the
seed, Interfax, AKIpress):

- mentions: the register entities (people, organisations, places, offices, facilities) a source's curated claims
  name are its gold entities. Recall: the share of them some mention links to. Precision: the share of the distinct
  things extract names (register entities, snapshot items, proposed new entities) that are gold entities. Entities
  an article names that no claim needed count against precision, so it is a lower bound.
- linking: of the mentions linked to the register whose words are a gold entity's name, the share linked to that
  entity (a mention's words are a gold entity's name when they match one of its names, in any inflection).
- dates: each event date of a curated claim stated in its quote (not inferred); correct when a date extract found
  inside that quote names the same day (or the same interval).
- quantities: each kgo:Quantity of a curated claim; correct when a quantity inside its quote has the same number,
  kind and bound.
- claims: each event of a curated claim (its type, roles, date) is found when a candidate claim quoting the same
  sentence has its event type, the gold date (when the gold has one) and at least one of its role fillers (when it
  has any). Precision: the share of candidate claims that find some gold event.
- speed: seconds per article once the gazetteer is loaded (median of the six), and the time for N articles (the six
  texts in turn), in this process.

Prints a Markdown table; docs/benchmarks.md keeps the figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pyoxigraph as ox  # noqa: E402

from csto_kg import namespaces as ns  # noqa: E402
from csto_kg.choices import ACCEPT_ABOVE  # noqa: E402
from csto_kg.ingest.extract import Extractor  # noqa: E402
from csto_kg.ingest.mentions import KIND_OF_CLASS, KIND_ORDER  # noqa: E402
from csto_kg.ingest.requirements import Requirements  # noqa: E402
from csto_kg.project import find_project  # noqa: E402
from csto_kg.querying import solutions  # noqa: E402
from csto_kg.sources import load_source_text  # noqa: E402
from csto_kg.store import BuildDir  # noqa: E402

ROLE_PROPERTIES = "agent theme destination origin location participant requester addressee approver".split()

GOLD_ENTITIES = """SELECT DISTINCT ?g ?entity ?kind WHERE {
  GRAPH ?g { { ?entity ?p ?o } UNION { ?s ?p ?entity } }
  ?g a kgo:Claim ; prov:wasDerivedFrom ?source .
  ?entity a ?type . ?type rdfs:subClassOf* ?kind .
  VALUES ?kind { kgo:Person kgo:Office kgo:Facility kgo:Place kgo:Organisation kgo:Mission }
  FILTER(STRSTARTS(STR(?entity), STR(kg:)))
}"""
GOLD_EVENTS = """SELECT ?g ?event ?type ?date ?start ?end ?inferred WHERE {
  GRAPH ?g { ?event a ?type . OPTIONAL { ?event kgo:date ?date } OPTIONAL { ?event kgo:startDate ?start }
             OPTIONAL { ?event kgo:endDate ?end } }
  ?type rdfs:subClassOf* kgo:Event . FILTER(?type != kgo:Event)
  ?g a kgo:Claim .
  BIND(EXISTS { ?g kgo:inferredBecause ?why } && NOT EXISTS { ?g kgo:dateWords ?words } AS ?inferred)
}"""
GOLD_FILLERS = """SELECT ?g ?event ?filler WHERE {
  GRAPH ?g { ?event ?role ?filler }
  VALUES ?role { kgo:agent kgo:theme kgo:destination kgo:origin kgo:location kgo:participant kgo:requester
                 kgo:addressee kgo:approver }
  FILTER(STRSTARTS(STR(?filler), STR(kg:)))
}"""
GOLD_QUANTITIES = """SELECT ?g ?q ?value ?kind ?bound WHERE {
  GRAPH ?g { ?q a kgo:Quantity ; kgo:numericValue ?value ; kgo:countOf ?kind ; kgo:bound ?bound }
}"""
QUOTES = """SELECT ?g ?start ?end WHERE {
  ?annotation oa:hasBody ?g ; oa:hasTarget/oa:hasSelector ?selector .
  ?selector a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
}"""
SOURCES = """SELECT ?g ?source WHERE { ?g a kgo:Claim ; prov:wasDerivedFrom ?source }"""


def source_of_claim(claim: str) -> str:
    return claim.removeprefix(ns.CLAIM).split("/")[0]


class Gold:
    """What the curated claims say, per source."""

    def __init__(self, store: ox.Store):
        self.entities: dict[str, dict[str, str]] = defaultdict(dict)  # source -> entity -> kind
        for row in solutions(store, GOLD_ENTITIES):
            kind = KIND_OF_CLASS[row["kind"].value]
            known = self.entities[source_of_claim(row["g"].value)]
            entity = row["entity"].value
            if entity not in known or KIND_ORDER.index(kind) < KIND_ORDER.index(known[entity]):
                known[entity] = kind
        self.quotes: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for row in solutions(store, QUOTES):
            self.quotes[row["g"].value].append((int(row["start"].value), int(row["end"].value)))
        fillers = defaultdict(set)
        for row in solutions(store, GOLD_FILLERS):
            fillers[(row["g"].value, row["event"].value)].add(row["filler"].value)
        self.events: dict[str, list[dict]] = defaultdict(list)
        for row in solutions(store, GOLD_EVENTS):
            g, event = row["g"].value, row["event"].value
            day = row["date"].value if row["date"] else None
            interval = (row["start"].value, row["end"].value) if row["start"] and row["end"] else None
            self.events[source_of_claim(g)].append(
                {
                    "claim": g,
                    "event": event,
                    "type": row["type"].value.removeprefix(ns.KGO),
                    "date": day,
                    "interval": interval,
                    "start": row["start"].value if row["start"] else None,  # also alone: "began on Thursday"
                    "end": row["end"].value if row["end"] else None,
                    "stated": row["inferred"].value == "false",
                    "fillers": fillers[(g, event)],
                    "quotes": self.quotes[g],
                }
            )
        self.quantities: dict[str, list[dict]] = defaultdict(list)
        for row in solutions(store, GOLD_QUANTITIES):
            g = row["g"].value
            self.quantities[source_of_claim(g)].append(
                {
                    "claim": g,
                    "value": int(float(row["value"].value)),
                    "kind": row["kind"].value.removeprefix(ns.KGO),
                    "bound": row["bound"].value.removeprefix(ns.KGO),
                    "quotes": self.quotes[g],
                }
            )


def _inside(start: int, spans) -> bool:
    return any(a <= start < b for a, b in spans)


def score(extraction, gold: Gold, source: str, names_of) -> dict:
    """Counts (hits, totals) for one source; `names_of(entity)` gives an entity's names (for linking)."""
    gold_entities = gold.entities.get(source, {})
    named = set()
    named_kind: dict[str, str] = {}
    for m in extraction.mentions:
        thing = m.entity or m.item or ("new:" + m.text)
        named.add(thing)
        named_kind.setdefault(thing, m.kind)
    precision_per_kind = defaultdict(lambda: [0, 0])
    for thing, kind in named_kind.items():
        precision_per_kind[kind][1] += 1
        precision_per_kind[kind][0] += thing in gold_entities
    found = {e for e in gold_entities if e in named}
    per_kind = defaultdict(lambda: [0, 0])
    for entity, kind in gold_entities.items():
        per_kind[kind][1] += 1
        per_kind[kind][0] += entity in found
    links_right = links_total = 0
    for m in extraction.mentions:
        if not m.entity:
            continue
        owners = [e for e in gold_entities if names_of(e, m.text)]
        if owners:
            links_total += 1
            links_right += m.entity in owners
    date_hits = date_total = 0
    for event in gold.events.get(source, []):
        if not event["stated"] or not (event["date"] or event["interval"]):
            continue
        date_total += 1
        want = (event["date"], event["date"]) if event["date"] else event["interval"]
        date_hits += any(
            (d.first.isoformat(), d.last.isoformat()) == want
            for d in extraction.dates
            if _inside(d.start, event["quotes"])
        )
    quantity_hits = 0
    quantity_misses = []
    for q in gold.quantities.get(source, []):
        hit = any(
            (p.value, p.counted, p.bound) == (q["value"], q["kind"], q["bound"])
            for p in extraction.quantities
            if _inside(p.start, q["quotes"])
        )
        quantity_hits += hit
        if not hit:
            quantity_misses.append(q)
    claim_hits, claim_misses = 0, []
    useful = set()
    for event in gold.events.get(source, []):
        hits = [c for c in extraction.claims if _finds(c, event)]
        useful |= {id(c) for c in hits}
        claim_hits += bool(hits)
        if not hits:
            claim_misses.append(event)
    return {
        "mentions": (len(found), len(gold_entities)),
        "mention_precision": (len(found), len(named)),
        "per_kind": dict(per_kind),
        "precision_per_kind": dict(precision_per_kind),
        "linking": (links_right, links_total),
        "dates": (date_hits, date_total),
        "quantities": (quantity_hits, len(gold.quantities.get(source, []))),
        "claims": (claim_hits, len(gold.events.get(source, []))),
        "claim_precision": (len(useful), len(extraction.claims)),
        "missed_entities": sorted(set(gold_entities) - found),
        "extra_names": sorted(named - set(gold_entities)),
        "missed_claims": [(e["claim"].rsplit("/", 1)[1], e["type"]) for e in claim_misses],
        "missed_quantities": [(q["value"], q["kind"], q["bound"]) for q in quantity_misses],
        "wrong_claims": [
            (c.event_type, c.date.first.isoformat() if c.date else None, c.quote[:70])
            for c in extraction.claims
            if id(c) not in useful
        ],
    }


def _finds(candidate, event: dict) -> bool:
    if candidate.event_type != event["type"]:
        return False
    if not any(a < candidate.end and candidate.start < b for a, b in event["quotes"]):
        return False
    if event["date"] or event["interval"]:
        want = (event["date"], event["date"]) if event["date"] else event["interval"]
        if candidate.date is None or (candidate.date.first.isoformat(), candidate.date.last.isoformat()) != want:
            return False
    if event["fillers"] and not event["fillers"] & {target for _, target in candidate.roles}:
        return False
    return True


def curated_by_hand(project) -> list[str]:
    """The six sources curated by hand, before extract existed. The others' claims went through the review of
    extract's own proposals (their decisions files say so): measured against them, extract would meet itself."""
    return sorted(
        p.stem
        for p in project.sources_dir.glob("*.ttl")
        if not (project.candidates_dir / f"{p.stem}.decisions.trig").exists()
    )


def evaluate(store: ox.Store, project, snapshot: ox.Store | None = None, repeat: int = 0) -> dict:
    """Run extract on every source and score it against the curated claims. Returns totals per language."""
    from csto_kg.ingest.mentions import forms, tokens

    extractor = Extractor(store, snapshot, Requirements(project))
    gold = Gold(store)
    names = defaultdict(list)
    for row in solutions(store, "SELECT ?e ?n WHERE { ?e rdfs:label|skos:altLabel ?n }"):
        names[row["e"].value].append(tuple(forms(w) for _, _, w in tokens(row["n"].value)))

    def names_of(entity: str, words: str) -> bool:
        text = [forms(w) for _, _, w in tokens(words)]
        return any(len(n) == len(text) and all(a & b for a, b in zip(n, text)) for n in names[entity])

    sources = curated_by_hand(project)
    per_language: dict[str, dict] = {}
    per_source = {}
    timings = []
    texts = []
    for source in sources:
        text, language, published = load_source_text(project, source)
        texts.append((source, text, language, published))
        started = time.perf_counter()
        extraction = extractor.extract(source, text, language, published, match_own=False)
        timings.append((time.perf_counter() - started, len(text)))
        result = score(extraction, gold, source, names_of)
        per_source[source] = result
        totals = per_language.setdefault(language, defaultdict(lambda: [0, 0]))
        for key in ("mentions", "mention_precision", "linking", "dates", "quantities", "claims", "claim_precision"):
            totals[key][0] += result[key][0]
            totals[key][1] += result[key][1]
        for kind, (hit, total) in result["per_kind"].items():
            totals["mentions:" + kind][0] += hit
            totals["mentions:" + kind][1] += total
        for kind, (hit, total) in result["precision_per_kind"].items():
            totals["precision:" + kind][0] += hit
            totals["precision:" + kind][1] += total
    speed = {
        "per_article_s": statistics.median(t for t, _ in timings),
        "chars": statistics.median(n for _, n in timings),
    }
    if repeat:
        started = time.perf_counter()
        for i in range(repeat):
            source, text, language, published = texts[i % len(texts)]
            extractor.extract(source, text, language, published)
        speed["articles"] = repeat
        speed["total_s"] = time.perf_counter() - started
    return {"languages": {k: dict(v) for k, v in per_language.items()}, "sources": per_source, "speed": speed}


def ratio(pair) -> str:
    hit, total = pair
    return f"{hit / total:.2f} ({hit}/{total})" if total else "n/a"


def build_and_snapshot(project) -> tuple[ox.Store, ox.Store]:
    """The current build's store and the Wikidata snapshot: what extract reads."""
    store = BuildDir(project.root / "build").open_store()
    snapshot = ox.Store()
    snapshot.load(path=str(project.snapshot_file), format=ox.RdfFormat.TURTLE)
    return store, snapshot


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="articles for the throughput figure")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--verbose", action="store_true", help="list what each source misses")
    parser.add_argument("--articles-dir", type=Path, default=ROOT.parent / "shared" / "articles",
                        help="the 49 articles (../shared/articles)")  # fmt: skip
    parser.add_argument("--calibrate", action="store_true",
                        help="print the confidence table measured on TUNE and the outsiders' articles")  # fmt: skip
    args = parser.parse_args()
    project = find_project()
    store, snapshot = build_and_snapshot(project)
    started = time.perf_counter()
    Extractor(store, snapshot, Requirements(project))
    load_seconds = time.perf_counter() - started
    figures = evaluate(store, project, snapshot, repeat=args.articles)
    figures["speed"]["load_s"] = load_seconds
    rows = [
        ("mention recall", "mentions"),
        ("mention precision (lower bound)", "mention_precision"),
        *[(f"  recall: {kind}", "mentions:" + kind) for kind in KIND_ORDER],
        *[(f"  precision: {kind}", "precision:" + kind) for kind in KIND_ORDER],
        ("linking accuracy", "linking"),
        ("date accuracy", "dates"),
        ("quantity accuracy", "quantities"),
        ("claim recall", "claims"),
        ("claim precision", "claim_precision"),
    ]
    languages = sorted(figures["languages"])
    print("| measure | " + " | ".join(languages) + " |")
    print("|---|" + "---|" * len(languages))
    for title, key in rows:
        cells = [ratio(figures["languages"][lang].get(key, (0, 0))) for lang in languages]
        print(f"| {title} | " + " | ".join(cells) + " |")
    speed = figures["speed"]
    print(
        f"\nloading the gazetteer and the graph's events: {speed['load_s']:.2f} s; one article "
        f"(median {speed['chars']:.0f} characters): {speed['per_article_s'] * 1000:.1f} ms; "
        f"{speed.get('articles', 0)} articles: {speed.get('total_s', 0):.1f} s"
    )
    if args.verbose:
        for source, result in figures["sources"].items():
            print(f"\n## {source}")
            for key in ("missed_entities", "extra_names", "missed_claims", "missed_quantities", "wrong_claims"):
                print(f"  {key}: {result[key]}")
    unseen_figures = print_unseen(store, project, snapshot, args.articles_dir, args.calibrate)
    figures["unseen"] = {k: v for k, v in unseen_figures.items() if k != "articles"}
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, default=str), encoding="utf-8")


def _names_of(store):
    """names_of(entity, words): whether the words are one of the entity's names, in any inflection."""
    from csto_kg.ingest.mentions import forms, tokens

    names = defaultdict(list)
    for row in solutions(store, "SELECT ?e ?n WHERE { ?e rdfs:label|skos:altLabel ?n }"):
        names[row["e"].value].append(tuple(forms(w) for _, _, w in tokens(row["n"].value)))

    def names_of(entity: str, words: str) -> bool:
        text = [forms(w) for _, _, w in tokens(words)]
        return any(len(n) == len(text) and all(a & b for a, b in zip(n, text)) for n in names[entity])

    return names_of


def print_unseen(store, project, snapshot, articles: Path, calibrate: bool) -> dict:
    """The unseen articles, TUNE and TEST side by side, with the confidence buckets and the threshold."""
    import unseen

    cache = project.root / "build" / "cache" / "language"
    now = (Extractor(store, snapshot, Requirements(project), cache), _names_of(store))  # for the outsiders'
    store = unseen.graph_when_tuned(project, articles)  # not the graph now: it may hold these articles' claims
    extractor = Extractor(store, snapshot, Requirements(project), cache)
    names_of = _names_of(store)
    register = set(json.loads((ROOT / "bench" / "register-at-gold.json").read_text(encoding="utf-8")))
    if calibrate:
        for key, value in unseen.calibrate(extractor, articles, names_of, register, now).items():
            print(f'    "{key}": {value},')
    result = unseen.evaluate(extractor, articles, names_of, register, now)
    groups = ["tune", "test", "tune:en", "tune:ru", "test:en", "test:ru", "outsiders", "held out"]
    rows = [
        ("register entities linked", "entities"), ("new names proposed", "new_names"),
        ("new names: precision", "new_name_precision"), ("dates", "dates"), ("dates wrong (of found)", "dates_wrong"),
        ("quantities", "quantities"), ("quantities: precision", "quantity_precision"),
        ("events by type and date: recall", "events"), ("events: precision", "event_precision"),
        ("facts (located in, holds, member of): recall", "facts"), ("facts: precision", "fact_precision"),
        ("source errors proposed", "errors"), ("wire origins proposed", "origins"),
    ]  # fmt: skip
    print("\n| unseen articles | " + " | ".join(groups) + " |")
    print("|---|" + "---|" * len(groups))
    for title, key in rows:
        print(f"| {title} | " + " | ".join(ratio(result["totals"].get(g, {}).get(key, (0, 0))) for g in groups) + " |")
    print(f"\nconfidence threshold (lowest at which the candidates of TUNE and the outsiders' articles are right 9 in "
          f"10, out of fold, events and facts each): {result['threshold']} (all candidates together, in sample: "
          f"{result['threshold_in_sample']})")  # fmt: skip
    print(f"  extract.CALIBRATION: {len(result['stale_keys'])} of its kinds of evidence differ from what those "
          "articles give today (`--calibrate` prints that table)")  # fmt: skip
    for split in ("tune", "outsiders", "calibrated on, out of fold", "test", "held out"):
        print(f"  {split} at or above it: {ratio(result['at_threshold'].get(split, (0, 0)))}; at the advised bar "
              f"{ACCEPT_ABOVE}: {ratio(result['at_the_bar'].get(split, (0, 0)))}; by bucket: "
              + ", ".join(f"{b} {ratio((r, t))}" for b, r, t in result["calibration"].get(split, [])))  # fmt: skip
    for split in ("tune", "outsiders", "calibrated on, out of fold", "test", "held out"):
        events, facts = (result["at_the_bar"].get(f"{split}:{kind}", (0, 0)) for kind in ("events", "facts"))
        print(f"  {split} at the advised bar, events: {ratio(events)}, facts: {ratio(facts)}")
    return result


if __name__ == "__main__":
    main()
