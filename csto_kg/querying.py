"""Names read as the graph's entities, the same way wherever they come in: a label or entity parameter on the
command line, in a URL of `csto-kg serve` or against `--endpoint`, and `why NAME`. The graph's names (labels and
aliases of kg: entities) are read once from whatever answers SPARQL, the embedded store or a server, and a name is
matched as written (any case), else in any inflection (Токаева is Токаев), else refused with the nearest names.

>>> names = Names([("https://w3id.org/csto-kg/id/almaty", "Almaty"), ("https://w3id.org/csto-kg/id/almaty", "Алматы")])
>>> names.entity("Алматы", "parameter 'place'").value
'https://w3id.org/csto-kg/id/almaty'
>>> names.entity("Atlantis", "parameter 'place'")
Traceback (most recent call last):
...
csto_kg.errors.KgError: parameter 'place': no entity 'Atlantis' in the graph; did you mean kg:almaty (Almaty)?
"""

from __future__ import annotations

import pyoxigraph as ox

from . import namespaces as ns
from .errors import KgError
from .names import name_similarity

# every kg: entity with each of its labels and aliases (the union default graph, as every canned query reads it)
NAMES = """SELECT DISTINCT ?x ?name WHERE { ?x rdfs:label|skos:altLabel ?name FILTER(STRSTARTS(STR(?x), STR(kg:))) }"""


class Names:
    """The graph's entities and their names, read once; `label` and `entity` read what a user typed."""

    def __init__(self, rows):
        self.rows = [(iri, name) for iri, name in rows]
        self.iris = {iri for iri, _ in self.rows}

    @classmethod
    def of_store(cls, store: ox.Store) -> Names:
        from .catalogue import solutions

        return cls((s["x"].value, s["name"].value) for s in solutions(store, NAMES))

    @classmethod
    def of_endpoint(cls, endpoint) -> Names:
        """From a SPARQL server (remote.Endpoint) that treats its default graph as the union of its graphs."""
        variables, rows = endpoint.select(ns.sparql_prologue() + NAMES)
        x, name = variables.index("x"), variables.index("name")
        return cls((row[x].value, row[name].value) for row in rows)

    def _inflected(self, value: str) -> dict[str, list[str]]:
        """Entities with a name that has the same words as `value` in their dictionary forms."""
        matched: dict[str, list[str]] = {}
        for iri, name in self.rows:
            if name_similarity(value, name) == 1.0:
                matched.setdefault(iri, []).append(name)
        return matched

    def label(self, value: str, what: str) -> tuple[str, list[str]]:
        """A label as the graph spells it: (the name to bind, the entities it names). A name written as the graph
        has it is kept; an inflected one (Токаева, Kazakhstan's) is read as the name of the one entity whose name
        has the same words in their dictionary forms; several such entities, or none, are an error naming them."""
        exact = sorted({iri for iri, name in self.rows if name.casefold() == value.casefold()})
        if exact or value == "*":
            return value, exact
        matched = self._inflected(value)
        if len(matched) == 1:
            ((entity, names),) = matched.items()
            return min(names, key=len), [entity]
        if matched:
            raise KgError(
                f"{_said(what)}{value!r} may name {', '.join(ns.curie(x) for x in sorted(matched))}: "
                "give one of their names as written"
            )
        raise KgError(f"{_said(what)}no entity is named {value!r}, in any inflection{self._nearest(value)}")

    def entity(self, value: str, what: str) -> ox.NamedNode:
        """An entity from a CURIE, an IRI or a bare local name it has in the graph, or a label or alias in any
        language, case and inflection; else an error with the nearest names."""
        iri = ns.expand(value)
        if iri in self.iris:
            return ox.NamedNode(iri)
        if ns.KG + value in self.iris:
            return ox.NamedNode(ns.KG + value)
        by_label = sorted({iri for iri, name in self.rows if name.casefold() == value.casefold()})
        if not by_label:
            by_label = sorted(self._inflected(value))
        if len(by_label) == 1:
            return ox.NamedNode(by_label[0])
        if by_label:
            raise KgError(
                f"{_said(what)}{value!r} names {len(by_label)} entities: {', '.join(map(ns.curie, by_label))}; give one"
            )
        raise KgError(f"{_said(what)}no entity {value!r} in the graph{self._nearest(value)}")

    def _nearest(self, value: str) -> str:
        import difflib  # only for the error message: the query path stays light

        candidates = {name: iri for iri, name in self.rows} | {ns.curie(iri): iri for iri in self.iris}
        suggestions: dict[str, str] = {}
        for match in difflib.get_close_matches(value, list(candidates), n=6, cutoff=0.0):  # always the nearest
            suggestions.setdefault(candidates[match], match)
        if not suggestions:
            return ""
        shown = [f"{ns.curie(i)} ({m})" if m != ns.curie(i) else m for i, m in list(suggestions.items())[:3]]
        return "; did you mean " + ", ".join(shown) + "?"


def _said(what: str) -> str:
    """Where a name was given, as an error message begins with it ("parameter 'place': "), if anywhere."""
    return f"{what}: " if what else ""
