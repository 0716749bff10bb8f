"""Benchmark: how `csto-kg review SOURCE --accept-above P` grows with the number of candidates of one source: the
time to accept a long source's candidates against a source a quarter as long, in the same run.

    python bench/accept_bench.py [--articles 40] [--lang en]

In a synthetic world (bench/corpus.py: its register and build), two sources are added: the first `articles`
articles of the language run together, and the first 4 × `articles`. Each is extracted, then its candidates are
accepted above confidence 0 in a Session of its own (a copy of the world each), the time of `accept_above` alone
(not start-up, not extract) measured, with the time per accepted claim: it stays about the same when accepting
grows in proportion to the candidates. docs/benchmarks.md keeps the figures, and those of review before it decided
in memory (the files written, and all that review knows read again, after every decision).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import corpus  # noqa: E402

from csto_kg.ingest.add import add_source  # noqa: E402
from csto_kg.ingest.extract import Extractor, write_candidates  # noqa: E402
from csto_kg.ingest.review import Session  # noqa: E402
from csto_kg.project import Project  # noqa: E402
from csto_kg.store import BuildDir  # noqa: E402


def accept_time(world: Path, text: str, lang: str, published: str, into: Path) -> tuple[float, int, int]:
    """(seconds accepting, candidates, accepted) for one source of `text` in a copy of the world."""
    shutil.copytree(world, into)
    article = into.parent / f"{into.name}.txt"
    article.write_text(text, encoding="utf-8")
    project = Project(into)
    added = add_source(project, article, publisher="Kazinform", published=published, language=lang)
    store = BuildDir(into / "build").open_store()
    extraction = Extractor(store).extract(added.id, text, lang, datetime.date.fromisoformat(published))
    write_candidates(project, extraction)
    with Session(project, added.id, "bench", store, holder="--accept-above") as session:
        begun = time.perf_counter()
        accepted = session.accept_above(0)
        seconds = time.perf_counter() - begun
    return seconds, len(extraction.claims), len(accepted)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=40, help="articles in the short source (the long: 4×)")
    parser.add_argument("--lang", choices=("en", "ru"), default="en")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="accept-bench-") as tmp:
        out = Path(tmp) / "corpus"
        corpus.generate(args.articles * 16, out, log=lambda _: None)
        corpus.build_world(out)
        with open(out / "metadata.csv", encoding="utf-8") as table:
            rows = [r for r in csv.DictReader(table) if r["lang"] == args.lang][: 4 * args.articles]
        if len(rows) < 4 * args.articles:
            raise SystemExit(f"the world has {len(rows)} articles in {args.lang}: fewer --articles")
        texts = [(out / "articles" / r["file"]).read_text(encoding="utf-8") for r in rows]
        published = max(r["published"] for r in rows)
        figures = []
        for n in (args.articles, 4 * args.articles):
            text = "\n\n".join(texts[:n])
            seconds, candidates, accepted = accept_time(
                out / "world", text, args.lang, published, Path(tmp) / f"world-{n}"
            )
            figures.append((n, len(text), candidates, accepted, seconds))
    print("| articles in the source | characters | candidates | accepted | seconds accepting | per accepted (ms) |")
    print("|---|---|---|---|---|---|")
    for n, chars, candidates, accepted, seconds in figures:
        print(
            f"| {n} | {chars:,} | {candidates} | {accepted} | {seconds:.2f} | {1000 * seconds / max(accepted, 1):.1f} |"
        )
    (_, _, _, short, short_s), (_, _, _, long, long_s) = figures
    print(f"\nlong / short: {long / max(short, 1):.1f}× the accepted claims in {long_s / short_s:.1f}× the time")


if __name__ == "__main__":
    main()
