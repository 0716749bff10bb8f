"""The W3C SHACL test suite run with our fast engine, written as an EARL report (docs/shacl-earl.ttl) like the
ones other engines publish, with a table of outcomes per folder (printed; docs/benchmarks.md keeps it).

    python bench/shacl_earl.py [--out docs/shacl-earl.ttl]

Test IRIs follow the published reports: urn:x-shacl-test:/core/node/class-001.
"""

import argparse
import datetime
import sys
import time
from collections import Counter
from pathlib import Path

import rdflib
from rdflib.namespace import RDF, XSD

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import shacl_suite  # noqa: E402  (after the path is set)

from csto_kg import __version__  # noqa: E402

EARL = rdflib.Namespace("http://www.w3.org/ns/earl#")
DOAP = rdflib.Namespace("http://usefulinc.com/ns/doap#")
SUBJECT = rdflib.URIRef("https://w3id.org/csto-kg/software/fastshacl")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "shacl-earl.ttl")
    args = parser.parse_args()
    graph = rdflib.Graph()
    graph.bind("earl", EARL)
    graph.bind("doap", DOAP)
    graph.add((SUBJECT, RDF.type, EARL.TestSubject))
    graph.add((SUBJECT, RDF.type, DOAP.Project))
    graph.add((SUBJECT, DOAP.name, rdflib.Literal("csto-kg fast SHACL engine")))
    release = rdflib.BNode()
    graph.add((SUBJECT, DOAP.release, release))
    graph.add((release, DOAP.revision, rdflib.Literal(__version__)))
    graph.add((release, DOAP.created, rdflib.Literal(datetime.date.today().isoformat(), datatype=XSD.date)))
    table: Counter = Counter()
    start = time.perf_counter()
    for entry in shacl_suite.entries():
        passed, why, _ = shacl_suite.run(entry)
        assertion, result = rdflib.BNode(), rdflib.BNode()
        graph.add((assertion, RDF.type, EARL.Assertion))
        graph.add((assertion, EARL.subject, SUBJECT))
        graph.add((assertion, EARL.test, rdflib.URIRef(f"urn:x-shacl-test:/{entry.name}")))
        graph.add((assertion, EARL.result, result))
        graph.add((result, RDF.type, EARL.TestResult))
        graph.add((result, EARL.mode, EARL.automatic))
        graph.add((result, EARL.outcome, EARL.passed if passed else EARL.failed))
        if not passed:
            graph.add((result, EARL.info, rdflib.Literal(why.splitlines()[0], lang="en")))
        folder = entry.name.rsplit("/", 1)[0]
        table[(folder, passed)] += 1
    seconds = time.perf_counter() - start
    args.out.write_text(graph.serialize(format="turtle"), encoding="utf-8")
    print("| folder | tests | passed | failed |\n|---|---:|---:|---:|")
    for folder in sorted({f for f, _ in table}):
        passed, failed = table[(folder, True)], table[(folder, False)]
        print(f"| {folder} | {passed + failed} | {passed} | {failed} |")
    total_passed = sum(n for (_, ok), n in table.items() if ok)
    print(f"| **all** | {sum(table.values())} | {total_passed} | {sum(table.values()) - total_passed} |")
    print(f"\n{seconds:.1f} s for the whole suite; EARL report written to {args.out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
