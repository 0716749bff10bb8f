"""Literals as written. Oxigraph stores typed literals in a normal form of its own ("12"^^xsd:byte becomes
"12"^^xsd:integer, "01.50"^^xsd:decimal becomes "1.5", "1"^^xsd:boolean becomes "true"; oxigraph/oxigraph#526,
with no option to keep them), so a validator reading the store would judge a literal nobody wrote. Here such a
literal goes into the store as a stand-in, its lexical form with the datatype `urn:csto-kg:written:` + datatype,
which the store keeps, and the engine decodes it: the datatype and the form are what the file says.

>>> import pyoxigraph as ox
>>> byte = ox.Literal("12", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#byte"))
>>> stored = keep(byte); stored.datatype.value
'urn:csto-kg:written:http://www.w3.org/2001/XMLSchema#byte'
>>> decode(stored) == byte, keep(ox.Literal("12", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))).datatype.value
(True, 'http://www.w3.org/2001/XMLSchema#integer')
"""

from __future__ import annotations

import functools
import re
import threading

import pyoxigraph as ox

from .namespaces import XSD

PREFIX = "urn:csto-kg:written:"
# The types whose lexical forms pass through the store unchanged: nothing to keep for them
_KEPT_BY_THE_STORE = {
    XSD + t
    for t in (
        "string",
        "normalizedString",
        "token",
        "language",
        "Name",
        "NCName",
        "NMTOKEN",
        "anyURI",
        "hexBinary",
        "base64Binary",
        "gYear",
        "gYearMonth",
        "gMonth",
        "gDay",
        "gMonthDay",
        "ID",
        "IDREF",
        "ENTITY",
    )
}
# Forms the store is known to keep as they are, tried before asking the store (most data is written this way)
_AS_STORED = {
    XSD + "integer": re.compile(r"-?(0|[1-9][0-9]*)"),
    XSD + "date": re.compile(r"-?[0-9]{4,}-[0-9]{2}-[0-9]{2}(Z|[+-](0[0-9]|1[0-4]):[0-5][0-9])?"),
    XSD + "boolean": re.compile(r"true|false"),
}
_probe = ox.Store()
_lock = threading.Lock()
_S, _P = ox.NamedNode("urn:csto-kg:probe:s"), ox.NamedNode("urn:csto-kg:probe:p")


@functools.lru_cache(maxsize=100_000)
def changes_in_store(lexical: str, datatype: str) -> bool:
    """Whether the store would keep this literal in another form (asked of a store, once per literal)."""
    if not datatype.startswith(XSD) or datatype in _KEPT_BY_THE_STORE:
        return False
    known = _AS_STORED.get(datatype)
    if known is not None and known.fullmatch(lexical) and not lexical.endswith("+00:00"):
        return False
    literal = ox.Literal(lexical, datatype=ox.NamedNode(datatype))
    return stored(literal) != literal


def stored(literal):
    """The literal as the store keeps it."""
    with _lock:
        _probe.add(ox.Quad(_S, _P, literal))
        kept = next(iter(_probe)).object
        _probe.clear()
    return kept


def keep(term):
    """The term to store so that the form is kept: the stand-in for a literal the store would change."""
    if isinstance(term, ox.Literal) and not term.language and changes_in_store(term.value, term.datatype.value):
        return ox.Literal(term.value, datatype=ox.NamedNode(PREFIX + term.datatype.value))
    return term


def decode(term):
    """The literal as written, for a stand-in read back from the store; any other term unchanged."""
    if isinstance(term, ox.Literal) and term.datatype.value.startswith(PREFIX):
        return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype.value[len(PREFIX) :]))
    return term


def keep_quad(quad: ox.Quad) -> ox.Quad:
    kept = keep(quad.object)
    return quad if kept is quad.object else ox.Quad(quad.subject, quad.predicate, kept, quad.graph_name)


_TYPED = re.compile(r'"((?:[^"\\\n]|\\.)*)"\^\^<(' + re.escape(XSD) + r"[A-Za-z]+)>")


def line_format_needs_keeping(text: str) -> bool:
    """For N-Triples and N-Quads, which write every datatype in full: whether any literal of the text would be
    changed by the store. A C-speed scan, then the store asked once per distinct literal."""
    return any(changes_in_store(lexical, datatype) for lexical, datatype in set(_TYPED.findall(text)))


# SPARQL expressions that see a stored value as written: the datatype, and a value to compare (the stand-in's
# lexical form typed with its datatype, which the query engine compares by value)
def datatype_expression(var: str) -> str:
    return (
        f'IF(isLiteral({var}) && STRSTARTS(STR(DATATYPE({var})), "{PREFIX}"), '
        f'IRI(STRAFTER(STR(DATATYPE({var})), "{PREFIX}")), DATATYPE({var}))'
    )


def value_expression(var: str) -> str:
    return (
        f'IF(isLiteral({var}) && STRSTARTS(STR(DATATYPE({var})), "{PREFIX}"), '
        f'STRDT(STR({var}), IRI(STRAFTER(STR(DATATYPE({var})), "{PREFIX}"))), {var})'
    )
