"""What validation finds: one Finding per SHACL result or check row, its RDF terms, and SHACL property paths.

Both engines (ours and pySHACL) and the whole-graph checks make Findings; the report module renders them. A path is
kept as a structure, so that the report can write it back as a SHACL path node, and shown as a SPARQL path.

>>> import rdflib
>>> g = rdflib.Graph().parse(data='@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> . '
...     'ex:s sh:path ( ex:p [ sh:inversePath ex:q ] [ sh:zeroOrMorePath ex:r ] ) .', format="turtle")
>>> path = parse_path(g, g.value(rdflib.URIRef("http://example.org/s"), SH.path))
>>> path.sparql()
'(<http://example.org/p>/^<http://example.org/q>/(<http://example.org/r>)*)'
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from .. import namespaces as ns
from .. import written
from ..errors import KgError


@dataclass(frozen=True)
class Path:
    """A SHACL property path: a predicate, or a sequence, alternative, inverse, zero-or-more, one-or-more or
    zero-or-one path of paths."""

    kind: str  # predicate, sequence, alternative, inverse, zeroOrMore, oneOrMore, zeroOrOne
    iri: str | None = None  # for a predicate
    parts: tuple = ()  # the sub-paths

    def sparql(self) -> str:
        if self.kind == "predicate":
            return f"<{self.iri}>"
        if self.kind == "sequence":
            return "(" + "/".join(p.sparql() for p in self.parts) + ")"
        if self.kind == "alternative":
            return "(" + "|".join(p.sparql() for p in self.parts) + ")"
        inner = self.parts[0].sparql()
        return {
            "inverse": f"^{inner}",
            "zeroOrMore": f"({inner})*",
            "oneOrMore": f"({inner})+",
            "zeroOrOne": f"({inner})?",
        }[self.kind]

    def text(self) -> str:
        """The path as people read it: CURIEs, ^ for inverse, / for sequence, | for alternatives."""
        if self.kind == "predicate":
            return ns.curie(self.iri)
        if self.kind in ("sequence", "alternative"):
            return "(" + ("/" if self.kind == "sequence" else "|").join(p.text() for p in self.parts) + ")"
        inner = self.parts[0].text()
        return {"inverse": f"^{inner}", "zeroOrMore": f"{inner}*", "oneOrMore": f"{inner}+", "zeroOrOne": f"{inner}?"}[
            self.kind
        ]

    def write(self, graph: rdflib.Graph) -> rdflib.term.Node:
        """The path as a SHACL path node in `graph` (a report's sh:resultPath)."""
        if self.kind == "predicate":
            return rdflib.URIRef(self.iri)
        if self.kind == "sequence":
            head = rdflib.BNode()
            Collection(graph, head, [p.write(graph) for p in self.parts])
            return head
        node = rdflib.BNode()
        if self.kind == "alternative":
            members = rdflib.BNode()
            Collection(graph, members, [p.write(graph) for p in self.parts])
            graph.add((node, SH.alternativePath, members))
        else:
            graph.add((node, SH[f"{self.kind}Path"], self.parts[0].write(graph)))
        return node


_UNARY = {
    SH.inversePath: "inverse",
    SH.zeroOrMorePath: "zeroOrMore",
    SH.oneOrMorePath: "oneOrMore",
    SH.zeroOrOnePath: "zeroOrOne",
}


def parse_path(graph: rdflib.Graph, node, _seen: frozenset = frozenset()) -> Path:
    """The path a shapes graph gives at `node`. A list is a sequence (even if the node says more: SHACL reads the
    list); anything that is no well-formed path is refused by name, never read as something else."""
    if isinstance(node, rdflib.URIRef):
        return Path("predicate", str(node))
    if not isinstance(node, rdflib.BNode) or node in _seen:
        raise KgError(
            f"malformed SHACL path {shown(node)}: a path is an IRI or a blank node (a list, or one of "
            "sh:inversePath, sh:alternativePath, sh:zeroOrMorePath, sh:oneOrMorePath, sh:zeroOrOnePath)"
        )
    seen = _seen | {node}
    if (node, RDF.first, None) in graph:
        members = list(Collection(graph, node))
        if len(members) < 2:
            raise KgError(f"malformed SHACL path {shown(node)}: a sequence path lists at least two paths")
        return Path("sequence", parts=tuple(parse_path(graph, m, seen) for m in members))
    alternative = graph.value(node, SH.alternativePath)
    found = [(p, graph.value(node, p)) for p in _UNARY if graph.value(node, p) is not None]
    if alternative is not None and not found:
        members = list(Collection(graph, alternative)) if (alternative, RDF.first, None) in graph else []
        if len(members) < 2:
            raise KgError(f"malformed SHACL path {shown(node)}: sh:alternativePath takes a list of at least two paths")
        return Path("alternative", parts=tuple(parse_path(graph, m, seen) for m in members))
    if len(found) == 1 and alternative is None:
        predicate, inner = found[0]
        if predicate == SH.inversePath and (inner, RDF.first, None) in graph:
            raise KgError(f"malformed SHACL path {shown(node)}: sh:inversePath takes a path, not a list")
        return Path(_UNARY[predicate], parts=(parse_path(graph, inner, seen),))
    raise KgError(
        f"malformed SHACL path {shown(node)}: it is neither a list nor exactly one of sh:inversePath, "
        "sh:alternativePath, sh:zeroOrMorePath, sh:oneOrMorePath, sh:zeroOrOnePath"
    )


def shown(node) -> str:
    return (
        ns.curie(str(node))
        if isinstance(node, rdflib.URIRef)
        else f"_:{node}"
        if isinstance(node, rdflib.BNode)
        else repr(str(node))
    )


SEVERITIES = ("Violation", "Warning", "Info")


@dataclass(frozen=True)
class Finding:
    """One validation result. The first seven fields say what it is (and are what two engines are compared on);
    the rest are what a SHACL report needs besides."""

    severity: str  # Violation, Warning or Info (SHACL's), or another severity's IRI
    shape: str  # the shape (a SPARQL constraint's own node), or check:<name>
    component: str  # e.g. MinCountConstraintComponent (sh:), a component's IRI, or SPARQLCheck
    focus: rdflib.term.Node
    path: str | None  # as shown: a CURIE, ^CURIE, a SPARQL path
    value: rdflib.term.Node | None
    messages: tuple[tuple[str, str], ...]  # (language, text)
    shape_node: rdflib.term.Node | None = field(default=None, compare=False)  # sh:sourceShape
    path_structure: Path | None = field(default=None, compare=False)  # sh:resultPath
    constraint: rdflib.term.Node | None = field(default=None, compare=False)  # sh:sourceConstraint
    # what tells apart two results that SHACL reports alike: the constraint's parameter (sh:class ex:A or ex:B),
    # the repeated language of sh:uniqueLang
    detail: object = field(default=None, compare=False)

    def message(self, lang: str) -> str:
        by_lang = dict(self.messages)
        return by_lang.get(lang) or by_lang.get("en") or next(iter(by_lang.values()), "")


def conforms(findings) -> bool:
    """What `validate` exits on: no violation (warnings, infos and other severities are reported, not failed on).
    A SHACL report's sh:conforms is stricter: no result at all (see the report module)."""
    return not any(f.severity == "Violation" for f in findings)


def to_rdflib_term(term):
    """A pyoxigraph term as rdflib's, a literal as it was written (see the `written` module)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    term = written.decode(term)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == ns.XSD + "string":
        return rdflib.Literal(term.value)  # rdflib keeps simple literals untyped; so must we, to compare equal
    if term.datatype.value == ns.XSD + "boolean" and term.value not in ("true", "false", "1", "0"):
        with warnings.catch_warnings():  # rdflib warns of an ill-formed boolean; SHACL reports it, as it should
            warnings.simplefilter("ignore", UserWarning)
            return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value), normalize=False)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value), normalize=False)


def to_oxigraph_term(term):
    """An rdflib term (from a shapes graph) as pyoxigraph's, a literal as a store of written forms keeps it (see
    the `written` module)."""
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    datatype = str(term.datatype) if term.datatype is not None else ns.XSD + "string"
    return written.keep(ox.Literal(str(term), datatype=ox.NamedNode(datatype)))


def to_rdflib_graph(quads) -> rdflib.Graph:
    """pyoxigraph triples as an rdflib graph, literals as written (rdflib's own parsers would rewrite
    "1"^^xsd:boolean as "true", and SHACL tells them apart)."""
    # rdflib logs a traceback for each literal it cannot convert to a Python value ("aldi"^^xsd:integer): SHACL
    # reports them, as it should; the log would only bury the report
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    graph = rdflib.Graph()
    for q in quads:
        graph.add((to_rdflib_term(q.subject), to_rdflib_term(q.predicate), to_rdflib_term(q.object)))
    return graph
