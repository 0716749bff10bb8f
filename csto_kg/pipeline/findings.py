"""The pipeline's findings, the ones `csto-kg validate` gives on the same dataset, found in two parts.

Node by node, on Spark: the constraints a focus node's star decides (shacl.locality: its quads, its neighbours'
types, the class hierarchy) are run per partition of nodes. Every quad of the output travels to its subject's key
and to its object's (a node, not a literal; not the class of an rdf:type statement, whose star would hold every
instance of the class: the locality module counts nothing that needs it); grouped by node, each node's rdf:type
statements go on to the nodes at the other end of its quads (a second shuffle), and the rdfs:subClassOf statements
to every partition. A partition validates what it holds and keeps the findings on the nodes whose key is its own:
their star is whole there.

The rest (SPARQL-based constraints, which may join anything, and the whole-graph checks of queries/checks) read
the whole dataset: on the driver, in a store on disk beside the output, or, at a scale no one machine holds, on the
server `push` loads (`csto-kg validate --endpoint URL` runs the same queries there).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox

from .. import namespaces as ns
from ..formats import rdf_syntax

RDF_TYPE, SUBCLASS = ns.RDF_TYPE, ns.RDFS + "subClassOf"


def key_of(term) -> str:
    return str(term)


def keyed(lines):
    """Spark's mapPartitions function over the output's N-Quads lines: (node key, (line, the key of the node at
    the other end or None, whether the line is the node's rdf:type statement)), for its subject and its object (a
    node; not the class of an rdf:type statement)."""
    text = "\n".join(line for line in lines if line.strip())
    if not text:
        return
    for quad, line in zip(ox.parse(text.encode(), format=rdf_syntax("nquads")), text.split("\n")):
        subject, obj = key_of(quad.subject), quad.object
        if quad.predicate.value == RDF_TYPE:
            yield subject, (line, None, True)
        elif isinstance(obj, (ox.NamedNode, ox.BlankNode)) and key_of(obj) != subject:
            yield subject, (line, key_of(obj), False)
            yield key_of(obj), (line, subject, False)
        else:
            yield subject, (line, None, False)


def with_neighbours_types(pairs):
    """Spark's mapPartitions function over the keyed lines partitioned by node: each node's star as (key, line),
    and its rdf:type lines as (neighbour's key, line) for each node at the other end of its quads."""
    by_node: dict[str, list] = {}
    for key, value in pairs:
        by_node.setdefault(key, []).append(value)
    for key, values in by_node.items():
        types = [line for line, _, is_type in values if is_type]
        for line, _, _ in values:
            yield key, line
        for neighbour in {other for _, other, _ in values if other is not None}:
            for line in types:
                yield neighbour, line


def hierarchy(line: str) -> bool:
    """Whether a line may state rdfs:subClassOf: every partition gets those, to find a class's subclasses' instances."""
    return f"<{SUBCLASS}>" in line


def validate_partition(items, shapes, hierarchy_lines: list[str]):
    """Spark's mapPartitions function: the node-local constraints on the nodes this partition holds whole; yields
    each finding as plain values (finding_row)."""
    from ..shacl.validation import NODE_LOCAL, validate

    owned: set[str] = set()
    lines: set[str] = set(hierarchy_lines)
    for key, line in items:
        owned.add(key)
        lines.add(line)
    if not owned:
        return
    store = ox.Store()
    store.bulk_extend(ox.parse("\n".join(sorted(lines)).encode(), format=rdf_syntax("nquads")))
    for finding in validate(store, shapes, None, part=NODE_LOCAL, threads=1):
        if key_of(_term(finding.focus)) in owned:
            yield finding_row(finding)


def _term(node):
    from ..shacl.findings import to_oxigraph_term

    return to_oxigraph_term(node)


def whole_graph(folder: Path, shapes, checks_dir: Path) -> list[tuple]:
    """The constraints no node's star decides and the checks, on every quad of the output, in a store on disk
    beside it (removed after)."""
    from ..shacl.validation import WHOLE_GRAPH, validate

    place = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".store", dir=folder.parent))
    try:
        store = ox.Store(str(place))
        for path in sorted(folder.glob("*.nq")):  # blank-node labels kept: the findings name them alike each run
            store.bulk_extend(ox.parse(path=str(path), format=rdf_syntax("nquads")))
        rows = [finding_row(f) for f in validate(store, shapes, checks_dir, part=WHOLE_GRAPH)]
        del store
        return rows
    finally:
        shutil.rmtree(place, ignore_errors=True)


def finding_row(f) -> tuple:
    """A finding as plain values: what two runs are compared on, and what findings.json holds."""
    return (
        f.severity,
        f.shape,
        f.component,
        str(f.focus),
        f.path or "",
        "" if f.value is None else str(f.value),
        tuple(sorted(f.messages)),
    )


def ordered(rows) -> list[tuple]:
    """The findings in validate's order (severity, shape, focus, path, value). A finding may come twice, as from
    validate: once for each node shape whose targets hold its focus node."""
    from ..shacl.findings import SEVERITIES

    rank = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(rows, key=lambda r: (rank.get(r[0], len(rank)), r[1], r[3], r[4], r[5], r))
