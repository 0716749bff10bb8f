"""Scoring `extract` against the gold annotations of the 44 articles it was not written for (bench/gold/) and of the
160 articles outsiders wrote for blind trials 35-50 (bench/outsiders/).

The split is declared in bench/gold/articles.json and here: odd file numbers are TUNE (rules were tuned on them
and on the six curated sources), even numbers are TEST (measured only). The outsiders' articles are a side of their
own: each trial's report mended extract's rules, so they are not unseen (but the latest trials', held out); with
TUNE they are what the confidence table is learnt from, extracted against the graph now (the 44 against the graph
when extract was tuned).
`bench/ingest_bench.py` prints every side.

How each figure is counted (every gold span is a verbatim substring of the article; "overlaps" means a found span
shares a character with some occurrence of the gold words):
- register entities linked: the gold entities some mention links to, over the gold entities.
- new names proposed: the gold new names some mention overlaps (proposed as new, or linked to a register entry
  added since the gold was written), over the gold new names; precision: new-name proposals overlapping a gold
  new name or register-entity words, over all new-name proposals.
- dates: gold dates some found date overlapping the words names exactly (first and last day); "dates wrong": found
  dates naming another day than the gold words they overlap, or overlapping no gold date at all.
- quantities: gold quantities some found quantity overlapping the words matches in number, counted kind and bound
  (or a kind that is a part of the gold's, kgo:partOfKind: the gold predates the security forces killed, and gives
  them as people killed); precision: found quantities matching some gold quantity, over found quantities.
- events (by type and date): a gold event is found by a candidate of its type (or one of `also`; a StateOfEmergency
  for a Curfew whose words name one, as the gold predates that class) whose quote
  overlaps the gold words and whose date is the gold date (a gold `null`: no date, or the `may` date a reader
  infers; `or_dates`: other datings the gold accepts) and, where the gold names participants (`who`, the
  outsiders' gold), whose role fillers are all among them. Recall over the events not marked optional;
  precision: candidates finding any gold event (optional ones included), over all event candidates.
- figures alone in a sentence given to the graph's event (the toll's, the alliance force's deployment): right when
  every figure is a gold quantity (they report no event to find).
- facts (located in, holds office, member of) and source errors: a fact candidate with the same property, an
  overlapping quote and the same subject and object (`~Name` in the gold: the candidate's new entity overlapping
  that name); errors also as events.
- origins: the gold origins among the origins extract proposes (by register entity name or words).
- confidence: every candidate (event or fact) in buckets of confidence, right when it finds a gold event, fact or
  error; the threshold is the lowest confidence at which the candidates of TUNE and the outsiders' articles at or
  above it are right 9 in 10, each with the confidence a table learnt from the other such articles gives it (out
  of fold).
"""

from __future__ import annotations

import datetime
import functools
import json
import re
from collections import defaultdict
from pathlib import Path

from csto_kg import namespaces as ns
from csto_kg.ingest.mentions import forms, tokens
from csto_kg.ingest.quantities import BOUNDS

GOLD = Path(__file__).resolve().parent / "gold"
OUTSIDERS = Path(__file__).resolve().parent / "outsiders"
# the sides the confidence table is learnt from; TEST and the latest blind trials' articles only measure it
CALIBRATED_ON = ("tune", "outsiders")
# trials 49 (run on 9bf94d7) and 50 (on 21d5bed): their reports were read, and no rule has been mended after them
HELD_OUT = ("t49_", "t50_")
ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology" / "csto-kg.ttl"
MEASURES = ("entities", "new_names", "new_name_precision", "dates", "quantities", "quantity_precision", "events",
            "event_precision", "facts", "fact_precision", "errors", "origins")  # fmt: skip
BUCKETS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)


def graph_when_tuned(project, articles: Path):
    """The graph extract was tuned and is measured against, whatever the project holds now: the sources it held
    before the second batch (none of the 44 articles, whose reviewed claims would hand extract the answers), and
    the register as it was when extract was tuned (register-when-tuned.json: entries added since, for the review of
    the 44, would link names the measure counts as new). Built in a temporary copy, without the reasoner."""
    import shutil
    import tempfile

    import pyoxigraph as ox

    from csto_kg.build import build
    from csto_kg.project import Project
    from csto_kg.store import BuildDir

    second_batch = {p.read_bytes() for p in articles.glob("[1-9][0-9]_*.txt")}
    kept = {ns.KG + name for name in json.loads((GOLD.parent / "register-when-tuned.json").read_text())}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name in ("ontology", "queries", "shapes", "graph"):
            shutil.copytree(project.root / name, root / name)
        copy = Project(root)
        for text in copy.sources_dir.glob("*.txt"):
            if text.read_bytes() in second_batch:
                folders = (copy.sources_dir, copy.claims_dir, copy.register_dir, copy.candidates_dir)
                for stale in [path for folder in folders for path in folder.glob(f"{text.stem}.*")]:
                    stale.unlink()
        register = copy.graph_dir / "entities.ttl"
        quads = [
            q
            for q in ox.parse(path=str(register), format=ox.RdfFormat.TURTLE)
            if all(not n.value.startswith(ns.KG) or n.value in kept for n in (q.subject, q.object))
        ]  # and what points to an entry left out (a holding the register added since)
        register.write_bytes(ox.serialize(quads, format=ox.RdfFormat.TURTLE, prefixes=ns.PREFIXES))
        links = copy.links_file  # a link to an entity left out goes with it
        quads = list(ox.parse(path=str(links), format=ox.RdfFormat.TRIG))
        dropped = {q.graph_name for q in quads if q.subject.value.startswith(ns.KG) and q.subject.value not in kept}
        quads = [q for q in quads if q.graph_name not in dropped and q.subject not in dropped]
        links.write_bytes(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=ns.PREFIXES))
        built = BuildDir(root / "build")
        build(copy, built, run_hermit=False)
        store = ox.Store()
        store.extend(built.open_store())
        return store


def manifest(articles: Path) -> dict[str, dict]:
    """The gold articles, each with its text, metadata and annotations: the 44 of ../shared/articles (bench/gold/)
    and the outsiders' 90 (bench/outsiders/, their texts beside their gold)."""
    out = {}
    for gold, texts in ((GOLD, articles), (OUTSIDERS, OUTSIDERS)):
        listing = json.loads((gold / "articles.json").read_text(encoding="utf-8"))
        for stem, meta in listing.items():
            out[stem] = {
                **meta,
                "names": gold == GOLD,  # the outsiders' gold lists no entities or new names: those are not scored
                "text": (texts / f"{stem}.txt").read_text(encoding="utf-8"),
                "gold": json.loads((gold / f"{stem}.json").read_text(encoding="utf-8")),
            }
    return out


def split_of(stem: str) -> str:
    """TUNE for odd file numbers, TEST for even ones (the declared split); the outsiders' articles (t35_01_en, …)
    are their own side: extract's rules were mended after each trial, so they are not unseen; the latest trials'
    (HELD_OUT) are held out, neither tuned nor calibrated on, until rules are mended after them.

    >>> [split_of(s) for s in ("11_en_protests", "12_ru_kloop", "t42_01_en", "t49_01_en")]
    ['tune', 'test', 'outsiders', 'held out']
    """
    if stem.startswith(HELD_OUT):
        return "held out"
    if stem.startswith("t"):
        return "outsiders"
    return "tune" if int(stem[:2]) % 2 else "test"


def spans(text: str, words: str) -> list[tuple[int, int]]:
    return [(m.start(), m.start() + len(words)) for m in re.finditer(re.escape(words), text)]


def overlaps(a: int, b: int, places: list[tuple[int, int]]) -> bool:
    return any(a < end and start < b for start, end in places)


def _same_name(words: str, other: str) -> bool:
    a = [forms(w) for _, _, w in tokens(words)]
    b = [forms(w) for _, _, w in tokens(other)]
    return bool(a) and len(a) == len(b) and all(x & y for x, y in zip(a, b))


def _date_ok(candidate_date, gold: dict) -> bool:
    """The candidate's date is the gold's, or one of the other datings the gold accepts (`or_dates`: [first, last]
    pairs, null for "no date"). A candidate's end («действует до 19 января») is right when it is the gold's end."""
    if candidate_date is not None and candidate_date.until:
        return gold.get("end") == candidate_date.last.isoformat()
    got = (candidate_date.first.isoformat(), candidate_date.last.isoformat()) if candidate_date else None
    if any((got is None) if other is None else got == tuple(other) for other in gold.get("or_dates", [])):
        return True
    if gold.get("start"):  # (a start alone: the day it began)
        return got == (gold["start"], gold.get("end") or gold["start"])
    if gold.get("date"):
        return got == (gold["date"], gold["date"])
    return got is None or (gold.get("may") is not None and got == (gold["may"], gold["may"]))


# The gold was written before the ontology had kgo:StateOfEmergency (issue 20 added it): it types a declared state of
# emergency as a Curfew. A Curfew whose words name a state of emergency is found by either type.
NAMES_A_STATE_OF_EMERGENCY = re.compile(r"state of emergency|emergency rule|чрезвычайн\w* положени|режим\w* ЧП", re.I)


# A meeting by telephone is a kgo:PhoneCall (a kind of kgo:Meeting, the graph's type for its calls); the gold, written
# when extract read every call as a meeting, says Meeting. A Meeting whose words name a call is found by either type.
NAMES_A_CALL = re.compile(r"phone|telephone|телефон", re.I)


def gold_types(gold: dict) -> list[str]:
    """The types a candidate may have to find a gold event: its type, `also`, and what the gold could not yet say.

    >>> gold_types({"type": "Curfew", "at": "A state of emergency has been declared"})
    ['Curfew', 'StateOfEmergency']
    >>> gold_types({"type": "Meeting", "at": "In a phone call with President Vladimir V. Putin"})
    ['Meeting', 'PhoneCall']
    """
    types = [gold["type"], *gold.get("also", [])]
    if gold["type"] == "Curfew" and NAMES_A_STATE_OF_EMERGENCY.search(gold["at"]):
        types.append("StateOfEmergency")
    if gold["type"] == "Meeting" and NAMES_A_CALL.search(gold["at"]):
        types.append("PhoneCall")
    return types


def _event_found(candidate, gold: dict, text: str, names_of=None) -> bool:
    if getattr(candidate, "fact", None):
        return False
    if candidate.event_type not in gold_types(gold):
        return False
    return (
        overlaps(candidate.start, candidate.end, spans(text, gold["at"]))
        and _date_ok(candidate.date, gold)
        and _participants_named(candidate, gold.get("who", []), names_of)
    )


def _participants_named(candidate, who: list[str], names_of=None) -> bool:
    """Whether the candidate's role fillers are the gold's participants (`who`): at least one, and none the gold
    does not name (a wrong role filler makes a wrong claim). A gold naming none asks nothing."""
    if not who:
        return True
    fillers = {iri for _, iri in candidate.roles}
    return bool(fillers) and all(any(_is_gold(candidate, iri, want, names_of) for want in who) for iri in fillers)


def _is_gold(candidate, iri: str, want: str, names_of=None) -> bool:
    """Whether a candidate's IRI is the gold's entity: a register id, or `~Name` for one its writer did not find in
    the register, found by the words of the candidate's new entity under that IRI, or by a register entity's name
    (`names_of`: the register had him, «Andrei Serdyukov», under another id than the writer looked for)."""
    if not want.startswith("~"):
        return iri == ns.KG + want
    if names_of is not None and names_of(iri, want[1:]):
        return True
    proposed = {m.text for m in candidate.new_entities if ns.KG + m.key == iri}
    return any(_same_name(p, want[1:]) or p in want[1:] or want[1:] in p for p in proposed)


def _fact_found(candidate, gold: dict, text: str, names_of) -> bool:
    fact = getattr(candidate, "fact", None)
    if not fact or fact[1] != gold["p"]:
        return False
    if not overlaps(candidate.start, candidate.end, spans(text, gold["at"])):
        return False
    return _is_gold(candidate, fact[0], gold["s"], names_of) and _is_gold(candidate, fact[2], gold["o"], names_of)


@functools.lru_cache(maxsize=1)
def whole_of_kinds() -> dict[str, str]:
    """A part of the people killed -> the people killed, as the ontology says (kgo:partOfKind): the kinds the gold
    predates (not vehicles: a gold's vehicles are not matched by one kind of them)."""
    import pyoxigraph as ox

    part_of = ox.NamedNode(ns.KGO + "partOfKind")
    return {
        t.subject.value.removeprefix(ns.KGO): t.object.value.removeprefix(ns.KGO)
        for t in ox.parse(path=str(ONTOLOGY))
        if t.predicate == part_of and t.object.value == ns.KGO + "PeopleKilled"
    }


# the words `extract` reads as "at least" (csto_kg.ingest.quantities.BOUNDS)
AT_LEAST = re.compile("(?:" + "|".join(re.escape(w) for w, bound in BOUNDS if bound == "AtLeast") + r")\b", re.I)


def _quantities_matching(quantities, text: str, words: str, value, counted: str, bound: str) -> list:
    """The quantities found over the gold words with its number, bound and counted kind (or a part of that kind).
    Some golds write "at least 26" as more than 26: read as more than 25, the ontology's way, that `extract` keeps."""
    places = spans(text, words)
    whole_of = whole_of_kinds()
    values = {(value, bound)} | ({(value - 1, bound)} if bound == "MoreThan" and AT_LEAST.search(words) else set())
    return [
        q for q in quantities
        if overlaps(q.start, q.end, places) and (q.value, q.bound) in values
        and (q.counted == counted or (q.counted in whole_of and whole_of[q.counted] == counted))
    ]  # fmt: skip


def score_article(extraction, article: dict, names_of, register: set[str]) -> dict:
    """Counts (hits, totals) and what was missed, for one article."""
    text, gold = article["text"], article["gold"]
    out: dict = {}
    linked = {m.entity.removeprefix(ns.KG) for m in extraction.mentions if m.entity}
    out["entities"] = (len(set(gold["entities"]) & linked), len(gold["entities"]))
    out["missed_entities"] = sorted(set(gold["entities"]) - linked)
    gold_entity_iris = {ns.KG + e for e in gold["entities"]}
    hits, missed = 0, []
    for words, _kind in gold["new_names"]:
        places = spans(text, words)
        found = any(
            overlaps(m.start, m.end, places)
            and (m.how == "new" or m.item or (m.entity and m.entity.removeprefix(ns.KG) not in register))
            and m.entity not in gold_entity_iris
            for m in extraction.mentions
        )
        hits += found
        if not found:
            missed.append(words)
    out["new_names"] = (hits, len(gold["new_names"]))
    out["missed_names"] = missed
    named = [p for words, _ in gold["new_names"] for p in spans(text, words)]
    new = [m for m in extraction.mentions if m.how == "new"]
    gold_words = [words.casefold() for words, _ in gold["new_names"]]

    def right(m) -> bool:  # over a gold name, or a part of one said again ("Укибай" after «Айдос Укибай»)
        return overlaps(m.start, m.end, named) or any(m.text.casefold() in w for w in gold_words)

    out["new_name_precision"] = (sum(right(m) for m in new), len(new)) if article.get("names", True) else (0, 0)
    out["wrong_names"] = [m.text for m in new if not right(m)]
    hits, missed, wrong = 0, [], []
    gold_dates = [(spans(text, row[0]), row[1], row[-1] if len(row) == 3 else row[1], row[0]) for row in gold["dates"]]
    for places, first, last, words in gold_dates:
        ok = any(
            overlaps(d.start, d.end, places) and (d.first.isoformat(), d.last.isoformat()) == (first, last)
            for d in extraction.dates
        )
        hits += ok
        if not ok:
            missed.append(words)
    for d in extraction.dates:
        values = [(f, la) for places, f, la, _ in gold_dates if overlaps(d.start, d.end, places)]
        if (d.first.isoformat(), d.last.isoformat()) not in values:
            wrong.append(f"{d.words}={d.first.isoformat()}")
    out["dates"] = (hits, len(gold["dates"]))
    out["dates_wrong"] = (len(wrong), len(extraction.dates))
    out["missed_dates"], out["wrong_dates"] = missed, wrong
    hits, missed, matched = 0, [], set()
    for words, value, counted, bound in gold["quantities"]:
        ok = _quantities_matching(extraction.quantities, text, words, value, counted, bound)
        hits += bool(ok)
        matched |= {id(q) for q in ok}
        if not ok:
            missed.append(f"{words}={value} {counted} {bound}")
    out["quantities"] = (hits, len(gold["quantities"]))
    out["quantity_precision"] = (len(matched), len(extraction.quantities))
    out["missed_quantities"] = missed
    out["wrong_quantities"] = [f"{q.words}={q.value} {q.counted} {q.bound}" for q in extraction.quantities
                               if id(q) not in matched]  # fmt: skip
    events = [c for c in extraction.claims if not getattr(c, "fact", None)]
    facts = [c for c in extraction.claims if getattr(c, "fact", None)]
    right: set[int] = set()
    hits = total = 0
    missed = []
    for g in gold["events"]:
        found = [c for c in events if _event_found(c, g, text, names_of)]
        right |= {id(c) for c in found}
        if g.get("optional"):
            continue
        total += 1
        hits += bool(found)
        if not found:
            missed.append(f"{g['type']} {g.get('date') or g.get('start') or ''} «{g['at'][:50]}»")
    out["events"] = (hits, total)
    out["missed_events"] = missed
    hits = total = 0
    missed = []
    for g in gold["facts"]:
        found = [c for c in facts if _fact_found(c, g, text, names_of)]
        right |= {id(c) for c in found}
        if g.get("optional"):
            continue
        total += 1
        hits += bool(found)
        if not found:
            missed.append(f"{g['s']} {g['p']} {g['o']}")
    out["facts"] = (hits, total)
    out["missed_facts"] = missed
    hits = 0
    for g in gold["errors"]:
        if "q" in g:  # a wrong figure, stated as the source gives it: read when a quantity found matches it
            hits += bool(_quantities_matching(extraction.quantities, text, *g["q"]))
            continue
        found = [
            c for c in extraction.claims
            if (_fact_found(c, g, text, names_of) if "p" in g else _event_found(c, g, text, names_of))
        ]  # fmt: skip
        right |= {id(c) for c in found}
        hits += bool(found)
    out["errors"] = (hits, len(gold["errors"]))
    for c in facts:  # an origin proposed is right when the gold names it (one new to the register: by its words)
        if c.fact[1] == "basedOn" and any(
            names_of(c.fact[2], origin)
            or any(_same_name(m.text, origin) or m.text.casefold() == origin.casefold() for m in c.new_entities)
            for origin in gold["origins"]
        ):
            right.add(id(c))
    for c in events:  # figures given to an event the graph has, no event reported: right when the figures are
        if c.evidence.startswith("figure:") and c.quantities and all(id(q) in matched for q in c.quantities):
            right.add(id(c))
    out["event_precision"] = (sum(id(c) in right for c in events), len(events))
    out["fact_precision"] = (sum(id(c) in right for c in facts), len(facts))
    out["wrong_claims"] = [
        f"{c.event_type} {c.date.first.isoformat() if c.date else '-'} {c.confidence} «{c.quote[:60]}»"
        for c in events if id(c) not in right
    ] + [f"{c.fact} «{c.quote[:60]}»" for c in facts if id(c) not in right]  # fmt: skip
    out["confidences"] = [(c.confidence, id(c) in right) for c in extraction.claims]
    out["kinds"] = ["facts" if getattr(c, "fact", None) else "events" for c in extraction.claims]
    out["evidence"] = [(c.evidence, id(c) in right) for c in extraction.claims]
    proposed = getattr(extraction, "origins", [])
    hits, missed = 0, []
    for origin in gold["origins"]:
        ok = any(
            (o.entity and names_of(o.entity, origin))
            or _same_name(o.text, origin)
            or o.text.casefold() == origin.casefold()
            for o in proposed
        )
        hits += ok
        if not ok:
            missed.append(origin)
    out["origins"] = (hits, len(gold["origins"]))
    out["missed_origins"] = missed
    return out


def _scored(stem: str, article: dict, when_tuned, now, register: set[str]) -> dict:
    """One article extracted and scored. The 44 against the graph as it was when extract was tuned (`when_tuned`:
    an extractor and its names_of); the outsiders' articles, which no graph ever held and whose gold names today's
    register (Lavrov, the Mazhilis), against the graph now (`now`; the same as when tuned if not given)."""
    extractor, names_of = (now or when_tuned) if split_of(stem) in ("outsiders", "held out") else when_tuned
    published = datetime.date.fromisoformat(article["published"])
    extraction = extractor.extract(
        f"unseen_{stem}", article["text"], article["language"], published, publisher=article["publisher"]
    )
    return score_article(extraction, article, names_of, register)


def evaluate(extractor, articles: Path, names_of, register: set[str], now=None) -> dict:
    """Every gold article extracted and scored; totals per split (and per split and language). `now`: the
    extractor over the graph now and its names_of, for the outsiders' articles."""
    per_article, totals = {}, defaultdict(lambda: defaultdict(lambda: [0, 0]))
    confidences = defaultdict(list)
    for stem, article in manifest(articles).items():
        result = _scored(stem, article, (extractor, names_of), now, register)
        per_article[stem] = result
        split = split_of(stem)
        confidences[split] += result["confidences"]
        for kind, value in zip(result["kinds"], result["confidences"]):
            confidences[f"{split}:{kind}"].append(value)
        for group in (split, f"{split}:{article['language']}"):
            for key in (*MEASURES, "dates_wrong"):
                totals[group][key][0] += result[key][0]
                totals[group][key][1] += result[key][1]
    calibrated_on = {
        stem: result["evidence"] for stem, result in per_article.items() if split_of(stem) in CALIBRATED_ON
    }
    confidences["calibrated on, out of fold"] = out_of_fold(calibrated_on)
    for kind, is_kind in (("facts", _is_fact), ("events", lambda key: not _is_fact(key))):
        # (a kind of evidence is of facts or of events alone, so each kind's table values are the whole table's)
        confidences[f"calibrated on, out of fold:{kind}"] = out_of_fold(
            {stem: [row for row in rows if is_kind(row[0])] for stem, rows in calibrated_on.items()}
        )
    confidences["calibrated on"] = [value for split in CALIBRATED_ON for value in confidences[split]]
    calibration = {split: buckets(values) for split, values in confidences.items()}
    # chosen on confidences each article got from a table learnt without it: the table's own articles make it look
    # surer than it is on articles it has not seen (in sample, a lower threshold passes 9 in 10)
    # and for events and facts apart: a bar both meet, so that facts, nearly always right, do not carry events that are
    # right three times in four past it (at 0.75, out of fold: facts 0.95, events 0.78)
    threshold = bar_for_each_kind([confidences[f"calibrated on, out of fold:{kind}"] for kind in ("facts", "events")])
    at_threshold = {
        split: _at_or_above(values, threshold) if threshold is not None else (0, 0)
        for split, values in confidences.items()
    }
    from csto_kg.choices import ACCEPT_ABOVE

    at_the_bar = {split: _at_or_above(values, ACCEPT_ABOVE) for split, values in confidences.items()}
    from csto_kg.ingest.extract import CALIBRATION

    learnt = confidence_table(
        [row for stem, r in per_article.items() if split_of(stem) in CALIBRATED_ON for row in r["evidence"]]
    )
    return {
        "totals": {k: dict(v) for k, v in totals.items()},
        "articles": per_article,
        "calibration": calibration,
        "threshold": threshold,
        "threshold_in_sample": lowest_threshold(confidences["calibrated on"]),
        "at_threshold": at_threshold,
        "at_the_bar": at_the_bar,  # at the bar `--accept-above` is advised (csto_kg.choices.ACCEPT_ABOVE)
        # how far the table extract reads is from the one TUNE gives today (rules changed since it was written)
        "stale_keys": sorted(
            key for key in learnt.keys() | CALIBRATION.keys() if learnt.get(key) != CALIBRATION.get(key)
        ),
    }


def confidence_table(evidence: list[tuple[str, bool]]) -> dict[str, float]:
    """(right + 1) / (all + 2) of the candidates per kind of evidence: the table extract reads its confidence from."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for key, right in evidence:
        counts[key][0] += right
        counts[key][1] += 1
    return {key: round((right + 1) / (total + 2), 2) for key, (right, total) in sorted(counts.items())}


def out_of_fold(evidence_by_article: dict[str, list[tuple[str, bool]]]) -> list[tuple[float, bool]]:
    """Each article's candidates with the confidence a table learnt from the other articles gives them (what
    extract gives evidence no table holds where none does): how sure the table is on an article it did not see.

    >>> out_of_fold({"a": [("verb", True)], "b": [("verb", False)], "c": [("noun", True)]})
    [(0.33, True), (0.67, False), (0.5, True)]
    """
    from csto_kg.ingest.extract import DEFAULT_CONFIDENCE

    out = []
    for stem, evidence in evidence_by_article.items():
        table = confidence_table([row for other, rows in evidence_by_article.items() if other != stem for row in rows])
        out += [(table.get(key, DEFAULT_CONFIDENCE), right) for key, right in evidence]
    return out


def buckets(values: list[tuple[float, bool]]) -> list[tuple[str, int, int]]:
    """(bucket, right, total) per confidence bucket."""
    out = []
    edges = (*BUCKETS, 1.01)
    for low, high in zip(edges, edges[1:]):
        inside = [right for confidence, right in values if low <= confidence < high]
        out.append((f"{low:.1f}–{min(high, 1.0):.1f}", sum(inside), len(inside)))
    return out


def _at_or_above(values, threshold: float) -> tuple[int, int]:
    kept = [right for confidence, right in values if confidence >= threshold]
    return sum(kept), len(kept)


def _is_fact(evidence_key: str) -> bool:
    return evidence_key.startswith("fact:")


def bar_for_each_kind(values_per_kind: list[list[tuple[float, bool]]], wanted: float = 0.9) -> float | None:
    """The lowest confidence at or above which the candidates of each kind are right `wanted` of the time: the
    highest of the kinds' lowest thresholds (a kind that never gets there is not accepted at all: past its surest).

    >>> bar_for_each_kind([[(0.7, True), (0.95, True)], [(0.8, False), (0.88, True), (0.9, True)]])
    0.88
    >>> bar_for_each_kind([[(0.7, True)], [(0.8, False)]])
    0.81
    """
    bars = []
    for values in values_per_kind:
        lowest = lowest_threshold(values, wanted)
        if lowest is None and values:
            lowest = round(max(confidence for confidence, _ in values) + 0.01, 2)
        if lowest is not None:
            bars.append(lowest)
    return max(bars, default=None)


def lowest_threshold(values: list[tuple[float, bool]], wanted: float = 0.9) -> float | None:
    """The lowest confidence at which the candidates at or above it are right at least `wanted` of the time."""
    for threshold in sorted({confidence for confidence, _ in values}):
        right, total = _at_or_above(values, threshold)
        if total and right / total >= wanted:
            return threshold
    return None


def calibrate(extractor, articles: Path, names_of, register: set[str], now=None) -> dict[str, float]:
    """The confidence table extract uses, learnt from the candidates of TUNE and the outsiders' articles (never
    TEST's)."""
    evidence = []
    for stem, article in manifest(articles).items():
        if split_of(stem) in CALIBRATED_ON:
            evidence += _scored(stem, article, (extractor, names_of), now, register)["evidence"]
    return confidence_table(evidence)
