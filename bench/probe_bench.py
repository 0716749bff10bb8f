"""Benchmark: `extract` on the sentences written for the purpose (bench/probes/, the helpers' own annotations).

    python bench/probe_bench.py [--verbose]

Needs a build (`csto-kg build`): the register and the graph's events are the build's. Prints, for the events and
figures set, events found by type and date and candidates that find none; figures found with their value, kind and
bound; for the entities and dates set, register entities linked, entities linked that the annotation says are not
there, dates found with their first and last day and dates found that no annotation names; for the third and
fourth sets (figures, dates and events; parts A and C1 read while writing rules, parts B and C2 never listed: held
out) the same measures. `--verbose` lists what each sentence misses (of those sets, the parts read only).
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ingest_bench import build_and_snapshot, ratio  # noqa: E402
from unseen import overlaps, whole_of_kinds  # noqa: E402

from csto_kg import namespaces as ns  # noqa: E402
from csto_kg.ingest.extract import Extractor  # noqa: E402
from csto_kg.ingest.requirements import Requirements  # noqa: E402
from csto_kg.project import find_project  # noqa: E402

PROBES = Path(__file__).resolve().parent / "probes"
READ, HELD_OUT = ("a", "c1"), ("b", "c2")  # the parts of figures-dates-events-*.json


def _events(found, probe, counts) -> list:
    """Events found by type and date, and candidates that find none; the events missed."""
    got = [(c.event_type, c.date.first.isoformat() if c.date else None) for c in found.claims if not c.fact]
    wanted = [(e["type"], e["date"]) for e in probe["events"]]
    missed = [w for w in wanted if w not in got]
    counts["events"][0] += len(wanted) - len(missed)
    counts["events"][1] += len(wanted)
    counts["candidates finding none"][0] += sum(g not in wanted for g in got)
    counts["candidates finding none"][1] += len(got)
    return missed


def _figures(found, probe, counts) -> list[str]:
    """Figures found over the annotated words with their value, kind (or a part of it, as the ingest bench counts
    it) and bound; the words of those missed."""
    text, missed, whole_of = probe["text"], [], whole_of_kinds()
    for q in probe["quantities"]:
        at = text.find(q["words"])
        ok = any(
            overlaps(f.start, f.end, [(at, at + len(q["words"]))])
            and (f.value, f.bound) == (q["value"], q["bound"])
            and (f.counted == q["counted"] or (f.counted in whole_of and whole_of[f.counted] == q["counted"]))
            for f in found.quantities
        )
        counts["figures"][0] += ok
        counts["figures"][1] += 1
        if not ok:
            missed.append(q["words"])
    return missed


def _dates(found, probe, counts) -> list[str]:
    """Dates found over the annotated words with their first and last day, and dates found that none names; the
    words of those missed."""
    text = probe["text"]
    places = [(text.find(d["words"]), text.find(d["words"]) + len(d["words"]), d) for d in probe["dates"]]
    read = [(d.start, d.end, d.first.isoformat(), d.last.isoformat()) for d in found.dates]
    missed = [
        d["words"] for a, b, d in places
        if not any(overlaps(s, e, [(a, b)]) and (f, la) == (d["first"], d["last"]) for s, e, f, la in read)
    ]  # fmt: skip
    counts["dates"][0] += len(places) - len(missed)
    counts["dates"][1] += len(places)
    counts["dates no one names"][0] += sum(
        not any(overlaps(s, e, [(a, b)]) and (f, la) == (d["first"], d["last"]) for a, b, d in places)
        for s, e, f, la in read
    )
    counts["dates no one names"][1] += len(read)
    return missed


def _extracted(extractor: Extractor, probe: dict):
    return extractor.extract("probe", probe["text"], probe["lang"], datetime.date.fromisoformat(probe["published"]))


def events_and_figures(extractor: Extractor, verbose: bool) -> dict[str, tuple[int, int]]:
    counts = {"events": [0, 0], "candidates finding none": [0, 0], "figures": [0, 0]}
    for probe in json.loads((PROBES / "events-and-figures.json").read_text(encoding="utf-8")):
        found = _extracted(extractor, probe)
        missed, figures_missed = _events(found, probe, counts), _figures(found, probe, counts)
        if verbose and (missed or figures_missed):
            got = [(c.event_type, c.date.first.isoformat() if c.date else None) for c in found.claims if not c.fact]
            print(f"{probe['text']}\n  missed {missed} {figures_missed}; found {got}")
    return {key: tuple(value) for key, value in counts.items()}


def entities_and_dates(extractor: Extractor, verbose: bool) -> dict[str, tuple[int, int]]:
    counts = {"entities": [0, 0], "entities it should not link": [0, 0], "dates": [0, 0], "dates no one names": [0, 0]}
    for probe in json.loads((PROBES / "entities-and-dates.json").read_text(encoding="utf-8")):
        found = _extracted(extractor, probe)
        linked = {m.entity.removeprefix(ns.KG) for m in found.mentions if m.entity}
        missed = [e for e in probe["entities"] if e not in linked]
        counts["entities"][0] += len(probe["entities"]) - len(missed)
        counts["entities"][1] += len(probe["entities"])
        counts["entities it should not link"][0] += sum(e in linked for e in probe.get("not_entities", []))
        counts["entities it should not link"][1] += len(probe.get("not_entities", []))
        dates_missed = _dates(found, probe, counts)
        if verbose and (missed or dates_missed):
            print(f"{probe['text']}\n  missed {missed} {dates_missed}")
    return {key: tuple(value) for key, value in counts.items()}


def figures_dates_events(extractor: Extractor, part: str, verbose: bool) -> dict[str, tuple[int, int]]:
    """The third and fourth sets, in two parts each: A and C1 may be read to find rules, B and C2 are measured only
    (never listed)."""
    counts = {"figures": [0, 0], "dates": [0, 0], "dates no one names": [0, 0], "events": [0, 0],
              "candidates finding none": [0, 0]}  # fmt: skip
    for probe in json.loads((PROBES / f"figures-dates-events-{part}.json").read_text(encoding="utf-8")):
        found = _extracted(extractor, probe)
        figures, dates, events = (
            _figures(found, probe, counts),
            _dates(found, probe, counts),
            _events(found, probe, counts),
        )
        if verbose and part in READ and (figures or dates or events):
            got = [(c.event_type, c.date.first.isoformat() if c.date else None) for c in found.claims if not c.fact]
            shown = [(q.words if hasattr(q, "words") else probe["text"][q.start : q.end], q.value, q.counted, q.bound)
                     for q in found.quantities]  # fmt: skip
            print(f"{probe['published']} {probe['text']}\n  missed figures {figures} dates {dates} events {events}"
                  f"\n  found {got} {shown}")  # fmt: skip
    return {f"{name} ({part.upper()})": tuple(value) for name, value in counts.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="list what each sentence misses")
    args = parser.parse_args()
    project = find_project()
    store, snapshot = build_and_snapshot(project)
    extractor = Extractor(store, snapshot, Requirements(project), project.root / "build" / "cache" / "language")
    print("| sentences written for the purpose | found |\n|---|---|")
    for measures in (
        events_and_figures(extractor, args.verbose),
        entities_and_dates(extractor, args.verbose),
        *(figures_dates_events(extractor, part, args.verbose) for part in READ),
        *(figures_dates_events(extractor, part, False) for part in HELD_OUT),
    ):
        for name, counts in measures.items():
            print(f"| {name} | {ratio(counts)} |")


if __name__ == "__main__":
    main()
