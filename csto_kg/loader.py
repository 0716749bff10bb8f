"""Reading the hand-edited RDF files: parse errors, unknown terms and untyped entities, each with file and line.

>>> from csto_kg.loader import line_of
>>> line_of('@prefix kg: <https://w3id.org/csto-kg/id/> .\\nkg:a kg:b kg:c .\\n', 'https://w3id.org/csto-kg/id/c')
2
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from itertools import accumulate, repeat
from operator import itemgetter
from pathlib import Path

import pyoxigraph as ox

from . import namespaces as ns
from . import written
from .errors import KgError
from .formats import RDF_DATA, by_suffix

_PREFIX_DECL = re.compile(r"(?<![\w@])@?prefix\s+([\w-]*):\s*<([^>]*)>", re.IGNORECASE)

DECLARATION_TYPES = {
    ns.OWL + t for t in ("Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty", "NamedIndividual")
}


def line_of(text: str, iri: str) -> int | None:
    """Line (1-based) where `text` first spells `iri`, as <iri> or as a prefixed name; None if it does not."""
    return first_lines(text).get(iri)


_TERM = re.compile(r"<([^<>\s]*)>|(?<![\w:.<>-])([A-Za-z][\w-]*|):([\w.-]*[\w-]|)(?![\w:-])")


def first_lines(text: str, prefixed_names: bool = True) -> dict[str, int]:
    """The line where each IRI is first spelled, as <iri> or as a prefixed name: one pass over the text, so that
    locating many nodes in a large file stays linear. N-Triples and N-Quads have no prefixed names: for them pass
    prefixed_names=False, which skips the search for declarations (seconds of regex on a 10^6-line file)."""
    prefixes = dict(_PREFIX_DECL.findall(text)) if prefixed_names else {}
    if not prefixes:
        return _first_lines_of_iris(text)
    found: dict[str, int] = {}
    line, position = 1, 0
    for match in _TERM.finditer(text):
        iri = (
            match.group(1)
            if match.group(1) is not None
            else (prefixes[match.group(2)] + match.group(3) if match.group(2) in prefixes else None)
        )
        if iri and iri not in found:
            line += text.count("\n", position, match.start())
            position = match.start()
            found[iri] = line
    return found


def _first_lines_of_iris(text: str) -> dict[str, int]:
    """Without prefixes every IRI is written <iri>. Data files (N-Triples, N-Quads) can have millions of lines,
    so the work is done by C-level maps: split at "<", count newlines, keep each IRI's first line."""
    pieces = text.split("<")
    lines = list(accumulate(map(str.count, pieces, repeat("\n")), initial=1))  # piece i starts on lines[i]
    iris = map(itemgetter(0), map(str.partition, pieces, repeat(">")))
    found = dict(zip(reversed(list(iris)[1:]), reversed(lines[1 : len(pieces)])))  # reversed: the first spelling wins
    found.pop("", None)
    return found


def line_of_literal(text: str, value: str, after: int | None = None) -> int | None:
    """Line (1-based) where the literal "value" is first written, from line `after` on if given (else anywhere)."""
    start = 0
    if after:
        for _ in range(after - 1):
            start = text.find("\n", start) + 1
            if start == 0:
                return None
    index = text.find(f'"{value}"', start)
    if index < 0:  # a number or boolean written bare (Turtle's 0.90, true)
        bare = re.compile(rf"(?<![\w.\"]){re.escape(value)}(?![\w.\"])").search(text, start)
        index = bare.start() if bare else -1
    return text.count("\n", 0, index) + 1 if index >= 0 else None


@dataclass
class RdfFile:
    """One parsed file, kept with its text so that any term or literal can be traced back to a line."""

    path: Path
    shown_as: str
    text: str
    quads: list[ox.Quad] = field(default_factory=list)
    _first_lines: dict | None = field(default=None, repr=False)

    def line_of(self, iri: str) -> int | None:
        if self._first_lines is None:
            self._first_lines = first_lines(self.text)
        return self._first_lines.get(iri)

    def line_of_literal(self, value: str, after: int | None = None) -> int | None:
        return line_of_literal(self.text, value, after)

    def error(self, message: str, iri: str | None = None, literal: str | None = None) -> KgError:
        line = self.line_of(iri) if iri else line_of_literal(self.text, literal) if literal else None
        return KgError(message, self.shown_as, line)


BOM = "\ufeff"


def read_text(path: Path, shown_as: str) -> str:
    """A text file in UTF-8, a byte-order mark dropped; bytes that are not UTF-8 are an error naming the line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KgError(f"cannot read: {exc.strerror}", shown_as) from None
    try:
        return data.decode("utf-8").removeprefix(BOM)
    except UnicodeDecodeError as exc:
        raise not_utf8(data, exc, shown_as) from None


def not_utf8(data: bytes, exc: UnicodeDecodeError, shown_as: str) -> KgError:
    line = data.count(b"\n", 0, exc.start) + 1
    column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
    return KgError(
        f"not UTF-8 at column {column} (byte 0x{data[exc.start]:02x}): save the file as UTF-8", shown_as, line
    )


def read_rdf(path: Path, shown_as: str, into_graph: str | None = None) -> RdfFile:
    """Parse a Turtle or TriG file. Triples of a Turtle file go into `into_graph` when given."""
    known = by_suffix(path.suffix, RDF_DATA)
    if known is None:
        raise KgError(f"unsupported RDF file extension {path.suffix!r} (use .ttl or .trig)", shown_as)
    fmt = known.pyoxigraph()
    text = read_text(path, shown_as)
    try:
        quads = list(ox.parse(text, format=fmt))
    except SyntaxError as exc:
        raise KgError(f"syntax error: {exc.msg}", shown_as, exc.lineno) from None
    if into_graph is not None:
        graph = ox.NamedNode(into_graph)
        quads = [ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads]
    return RdfFile(path, shown_as, text, quads)


@dataclass
class Vocabulary:
    """What the ontology declares: the terms data may use."""

    declared: set[str]
    classes: set[str]

    @classmethod
    def from_quads(cls, quads) -> "Vocabulary":
        declared, classes = {ns.RDF_TYPE, ns.OWL_SAME_AS}, set()  # built-ins the data may use undeclared
        for q in quads:
            if (
                q.predicate.value == ns.RDF_TYPE
                and isinstance(q.subject, ox.NamedNode)
                and q.object.value in DECLARATION_TYPES
            ):
                declared.add(q.subject.value)
                if q.object.value == ns.OWL + "Class":
                    classes.add(q.subject.value)
        return cls(declared, classes)

    def suggest(self, iri: str, among: set[str] | None = None) -> str:
        names = {ns.curie(t): t for t in (among if among is not None else self.declared)}
        close = difflib.get_close_matches(ns.curie(iri), list(names), n=1, cutoff=0.75)
        return f" (did you mean {close[0]}?)" if close else ""


def check_terms(files: list[RdfFile], vocabulary: Vocabulary, typed_elsewhere: set[str] = frozenset()) -> list[KgError]:
    """Every predicate, class and kgo: term must be declared by the ontology; every kg: entity must be typed (in
    `files`, or in `typed_elsewhere`); a typed literal must be written as the store keeps it (its canonical form:
    "1" for "01"^^xsd:integer)."""
    errors: list[KgError] = []
    typed = {q.subject.value for f in files for q in f.quads if q.predicate.value == ns.RDF_TYPE} | typed_elsewhere
    reported: set[str] = set()

    def report(f: RdfFile, iri: str, message: str) -> None:
        if iri not in reported:
            reported.add(iri)
            errors.append(f.error(message, iri=iri))

    for f in files:
        for q in f.quads:
            predicate = q.predicate.value
            if predicate not in vocabulary.declared:
                report(
                    f,
                    predicate,
                    f"unknown property {ns.curie(predicate)}: the ontology does not declare "
                    f"it{vocabulary.suggest(predicate)}",
                )
            if (
                predicate == ns.RDF_TYPE
                and isinstance(q.object, ox.NamedNode)
                and q.object.value not in vocabulary.classes
            ):
                report(
                    f,
                    q.object.value,
                    f"unknown class {ns.curie(q.object.value)}: the ontology does not declare "
                    f"it{vocabulary.suggest(q.object.value, vocabulary.classes)}",
                )
            if (
                isinstance(q.object, ox.Literal)
                and not q.object.language
                and written.changes_in_store(q.object.value, q.object.datatype.value)
            ):
                kept = written.stored(q.object)
                errors.append(
                    f.error(
                        f"{q.object} is kept by the store as {kept} (its canonical form), and queries and "
                        f"validation would see that: write {kept.value!r}",
                        literal=q.object.value,
                    )
                )
            for term in (q.subject, q.object):
                if not isinstance(term, ox.NamedNode):
                    continue
                iri = term.value
                if iri.startswith(ns.KGO) and iri not in vocabulary.declared:
                    report(
                        f,
                        iri,
                        f"unknown term {ns.curie(iri)}: the ontology does not declare it{vocabulary.suggest(iri)}",
                    )
                elif iri.startswith(ns.KG) and iri not in typed:
                    report(
                        f,
                        iri,
                        f"unknown entity {ns.curie(iri)}: no file gives it an rdf:type (add it to graph/entities.ttl "
                        f"or type it in a claim){vocabulary.suggest(iri, typed)}",
                    )
    return errors
