"""Benchmark: the effort of `csto-kg review` on the six curated sources, by a reviewer who knows the curated claims.

    python bench/review_bench.py [--json FILE] [--verbose]

Needs a build (`csto-kg build`). For each source, in a copy of the project without its curated claim file, extract
proposes candidates (as `bench/ingest_bench.py` runs it: not matched to the source's own curated events) and a
simulated reviewer decides each one through the real review Session, typing what a person would:

- a candidate that reports a curated event (its quote overlaps the event's quote, and it has the event's type or
  one of its participants) is edited until its subject says what the curated claim says of the event, then
  accepted: `type` when the type differs, `subject` when the curated event is one other sources report too (the
  candidate missed the graph's event), `date`/`start`/`end` when the curated claim gives other days (a date it
  does not give is left as proposed), `role` and `-role` for each link to an entity missing or extra (agent,
  theme, about, subEventOf, ...), the labels of new entities it names; each edit costs `e`, the field, Enter,
  the value, Enter; accepting costs `a`;
- any other candidate is rejected: `r`, a reason of 12 characters, Enter;
- a curated event no candidate reports is counted as missed (a person adds it with `n`).

Reported per language and in all: candidates, accepted, rejected, refused (the Session would not accept the
edited claim, with why), keys per accepted claim (mean and median), the share accepted with one key (no edit),
keys per rejected candidate and the curated events missed. docs/benchmarks.md keeps the figures.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pyoxigraph as ox  # noqa: E402
from ingest_bench import Gold, build_and_snapshot  # noqa: E402

from csto_kg import namespaces as ns  # noqa: E402
from csto_kg.errors import KgError  # noqa: E402
from csto_kg.ingest.extract import Extractor, write_candidates  # noqa: E402
from csto_kg.ingest.requirements import Requirements  # noqa: E402
from csto_kg.ingest.review import Session  # noqa: E402
from csto_kg.project import Project, find_project  # noqa: E402
from csto_kg.querying import solutions  # noqa: E402
from csto_kg.sources import load_source_text  # noqa: E402

GOLD_ROLES = """SELECT ?g ?event ?role ?filler WHERE {
  GRAPH ?g { ?event ?role ?filler } ?g a kgo:CuratedClaim .
  FILTER(STRSTARTS(STR(?filler), STR(kg:)))
}"""
REASON = "not curated."


def edit_keys(field: str, value: str) -> int:
    return 1 + len(field) + 1 + len(value) + 1


def reviewed_edits(session: Session, candidate, event: dict, roles: set[tuple[str, str]], attested) -> list:
    """The edits that make the candidate's subject say what the curated claim says of the event."""
    edits = []
    draft = session.draft(candidate, [])
    subject = draft.subject

    def of(predicate: str) -> set[str]:
        return {q.object.value for q in draft.quads if q.subject == subject and q.predicate.value == predicate}

    if of(ns.RDF_TYPE) != {ns.KGO + event["type"]}:
        edits.append(("type", f"kgo:{event['type']}"))
    if subject.value != event["event"] and len(attested.get(event["event"], ())) > 1:
        edits.append(("subject", ns.curie(event["event"])))
    days = (of(ns.KGO + "date"), of(ns.KGO + "startDate"), of(ns.KGO + "endDate"))
    if event["date"]:
        if days != ({event["date"]}, set(), set()):
            edits.append(("date", event["date"]))
    elif event["interval"]:
        start, end = event["interval"]
        if days[1] != {start} or days[0]:
            edits.append(("start", start))
        if days[2] != {end}:
            edits.append(("end", end))
    stated = {
        (q.predicate.value.removeprefix(ns.KGO), q.object.value)
        for q in draft.quads
        if q.subject == subject and q.predicate.value.startswith(ns.KGO) and isinstance(q.object, ox.NamedNode)
        and q.object.value.startswith(ns.KG)
    }  # fmt: skip
    for role, filler in sorted(roles - stated):
        edits.append(("role", f"{role} {ns.curie(filler)}"))
    for role, filler in sorted(stated - roles):
        edits.append(("-role", f"{role} {ns.curie(filler)}"))
    for iri, lang in session.missing_labels(candidate, edits):
        edits.append((f"{iri} label@{lang}", candidate.new_entities[iri]["words"]))
    return edits


def evaluate(store: ox.Store, project: Project, snapshot: ox.Store | None, verbose: bool = False) -> dict:
    extractor = Extractor(store, snapshot, Requirements(project))
    gold = Gold(store)
    roles: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for row in solutions(store, GOLD_ROLES):
        if row["role"].value.startswith(ns.KGO):
            roles[(row["g"].value, row["event"].value)].add(
                (row["role"].value.removeprefix(ns.KGO), row["filler"].value)
            )
    sources = sorted(gold.events)  # the sources curated by hand (the others went through review already)
    figures: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="review-bench-") as folder:
        copy = Project(Path(folder))
        for name in ("ontology", "graph", "queries", "shapes"):
            shutil.copytree(project.root / name, copy.root / name)
        for source in sources:
            text, language, published = load_source_text(copy, source)
            extraction = extractor.extract(source, text, language, published, match_own=False)
            write_candidates(copy, extraction)
            (copy.claims_dir / f"{source}.trig").unlink(missing_ok=True)
            totals = figures.setdefault(
                language,
                {"candidates": 0, "accepted": [], "rejected": [], "refused": [], "missed": 0, "events": 0},
            )
            events = gold.events[source]
            totals["events"] += len(events)
            used: set[int] = set()
            with Session(copy, source, "bench", store, holder="the benchmark") as session:
                for candidate in session.candidates:
                    totals["candidates"] += 1
                    found = None
                    for i, event in enumerate(events):
                        overlaps = any(a < candidate.end and candidate.start < b for a, b in event["quotes"])
                        fillers = {f for _, f in roles[(event["claim"], event["event"])]}
                        named = {q.object.value for q in candidate.quads if isinstance(q.object, ox.NamedNode)}
                        if i not in used and overlaps and (candidate.event_type == event["type"] or fillers & named):
                            found = i
                            break
                    if found is None:
                        session.decide(candidate, "rejected", reason=REASON)
                        totals["rejected"].append(1 + len(REASON) + 1)
                        continue
                    event = events[found]
                    edits = reviewed_edits(session, candidate, event, roles[(event["claim"], event["event"])],
                                           extractor.attested)  # fmt: skip
                    try:
                        session.decide(candidate, "accepted", edits=edits)
                    except KgError as exc:
                        totals["refused"].append(str(exc))
                        if verbose:
                            print(f"{source}: {ns.curie(candidate.iri)} refused: {exc}", file=sys.stderr)
                        continue
                    used.add(found)
                    totals["accepted"].append(1 + sum(edit_keys(f, v) for f, v in edits))
                    if verbose and edits:
                        print(f"{source}: {ns.curie(candidate.iri)} {edits}", file=sys.stderr)
            totals["missed"] += len(events) - len(used)
    everything = {
        "candidates": sum(t["candidates"] for t in figures.values()),
        "accepted": [k for t in figures.values() for k in t["accepted"]],
        "rejected": [k for t in figures.values() for k in t["rejected"]],
        "refused": [r for t in figures.values() for r in t["refused"]],
        "missed": sum(t["missed"] for t in figures.values()),
        "events": sum(t["events"] for t in figures.values()),
    }
    return {**figures, "all": everything}


def summary(t: dict) -> dict:
    accepted = t["accepted"]
    return {
        "candidates": t["candidates"],
        "accepted": len(accepted),
        "rejected": len(t["rejected"]),
        "refused": len(t["refused"]),
        "keys_per_accepted_mean": round(statistics.mean(accepted), 1) if accepted else None,
        "keys_per_accepted_median": statistics.median(accepted) if accepted else None,
        "accepted_with_one_key": round(sum(1 for k in accepted if k == 1) / len(accepted), 2) if accepted else None,
        "keys_per_rejected": round(statistics.mean(t["rejected"]), 1) if t["rejected"] else None,
        "curated_events": t["events"],
        "missed": t["missed"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--verbose", action="store_true", help="list each accepted candidate's edits, each refusal")
    args = parser.parse_args()
    project = find_project()
    store, snapshot = build_and_snapshot(project)
    figures = evaluate(store, project, snapshot, args.verbose)
    rows = {name: summary(t) for name, t in figures.items()}
    columns = list(next(iter(rows.values())))
    print("| | " + " | ".join(c.replace("_", " ") for c in columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for name, row in rows.items():
        print(f"| {name} | " + " | ".join("" if row[c] is None else str(row[c]) for c in columns) + " |")
    refusals = defaultdict(int)
    for reason in figures["all"]["refused"]:
        refusals[reason.split(":")[0] + ": " + reason.split(":")[1][:60]] += 1
    for reason, n in sorted(refusals.items(), key=lambda kv: -kv[1]):
        print(f"refused {n}× {reason}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
