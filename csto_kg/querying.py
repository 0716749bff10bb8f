"""The one way the package asks SPARQL: `solutions` and `run_query` (values bound by the engine, never written into
the text; syntax errors with line and column), and names read as the graph's entities the same way wherever they
come in: a label or entity parameter on the command line, in a URL of `csto-kg serve` or against `--endpoint`, and
`why NAME`. The graph's names (labels and aliases of kg: entities) are read once from whatever answers SPARQL, the
embedded store or a server, and a name is matched as written (any case), else in any inflection (Токаева is
Токаев), else refused with the nearest names.

>>> names = Names([("https://w3id.org/csto-kg/id/almaty", "Almaty"), ("https://w3id.org/csto-kg/id/almaty", "Алматы")])
>>> names.entity("Алматы", "parameter 'place'").value
'https://w3id.org/csto-kg/id/almaty'
>>> names.entity("Atlantis", "parameter 'place'")
Traceback (most recent call last):
...
csto_kg.errors.KgError: parameter 'place': no entity 'Atlantis' in the graph; did you mean kg:almaty (Almaty)?
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
        from .querying import solutions

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
        has it is kept; an entity's CURIE or IRI gives one of its names; an inflected one (Токаева, Kazakhstan's) is
        read as the name of the one entity whose name has the same words in their dictionary forms; several such
        entities, or none, are an error naming them."""
        exact = sorted({iri for iri, name in self.rows if name.casefold() == value.casefold()})
        if exact or value == "*":
            return value, exact
        given = ns.expand(value)
        if given in self.iris:  # kg:tokayev: one of its names, one no other entity has where it can
            names = sorted({name for iri, name in self.rows if iri == given}, key=lambda n: (len(n), n))
            own = [n for n in names if not any(i != given and m.casefold() == n.casefold() for i, m in self.rows)]
            if own or names:
                return (own or names)[0], [given]
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
        if not value.strip():
            raise KgError(f"{_said(what)}give an entity's name, label or kg: name (it is empty)")
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


@dataclass
class Answer:
    """What a query gave: rows (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE)."""

    variables: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    boolean: bool | None = None
    triples: list | None = None


_ENGINE_ERROR = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)


def syntax_error(exc: SyntaxError, where: str, text: str = "", prologue_lines: int = 0) -> KgError:
    """The engine's message with line and column spelled out (its own form is "error at 3:2: …"), counted in
    the user's text (a prologue we put in front is not theirs); an update gets told it is not a query."""
    match = _ENGINE_ERROR.match(exc.msg)
    if (
        match and "Prefix not found" in match[3]
    ):  # the engine's message lists the characters of a name; ours names the prefix
        line, column = int(match[1]) - prologue_lines, int(match[2])
        lines = text.splitlines()
        before = lines[line - 1][: column - 1] if 0 < line <= len(lines) else ""
        prefix = re.search(r"([A-Za-z][\w.-]*)?:[\w.-]*$", before)
        name = (prefix[1] or "") if prefix else "?"
        message = (
            f"SPARQL syntax error in {where} at line {line}, column {column}: unknown prefix {name}: (declare it with "
            f"PREFIX {name}: <…>; these are declared already: {', '.join(p + ':' for p in ns.PREFIXES)})"
        )
    elif match:
        message = (
            f"SPARQL syntax error in {where} at line {int(match[1]) - prologue_lines}, column {match[2]}: {match[3]}"
        )
    else:
        message = f"SPARQL syntax error in {where}: {exc.msg}"
    update = _UPDATE.search(text)
    if update:
        message += f" ({update[1].upper()} is an update; only queries run here: the build is read-only)"
    return KgError(message)


_UPDATE = re.compile(r"^\s*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE | re.MULTILINE)


def solutions(store: ox.Store, text: str, bindings: dict | None = None, *, where: str = "query"):
    """The one way the package asks the store: over the union of all graphs, the project's prefixes declared,
    values bound by the engine (pyoxigraph substitutions: `bindings` maps a variable's name to a term, and the
    query must project it), never written into the text. A list of solutions, of triples, or a boolean.

    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode(ns.KG + "csto"), ox.NamedNode(ns.RDFS_LABEL), ox.Literal("CSTO", language="en")))
    >>> query = "SELECT ?label ?x WHERE { ?x rdfs:label ?label }"
    >>> [s["label"].value for s in solutions(store, query, {"x": ox.NamedNode(ns.KG + "csto")})]
    ['CSTO']
    """
    result = execute(store, text, {ox.Variable(k): v for k, v in (bindings or {}).items()}, where, ns.sparql_prologue())
    return bool(result) if isinstance(result, ox.QueryBoolean) else list(result)


def execute(store: ox.Store, text: str, bindings: dict | None, where: str, prologue: str = ""):
    """The query's raw answer (solutions with their variables, triples or a boolean), values bound by the engine.
    The default graph is the union of all graphs, unless the query names its own dataset (FROM, FROM NAMED)."""
    # a dataset clause needs the keyword FROM: a query without those four letters is not read (the reader's
    # grammar costs a command 70 ms to compile, and most of the package's own queries never need it)
    if "from" in text.lower():
        from .sparql_text import read_query

        union = not read_query(text).dataset
    else:
        union = True
    try:
        return store.query(prologue + text, use_default_graph_as_union=union, substitutions=bindings or None)
    except SyntaxError as exc:
        raise syntax_error(exc, where, text, prologue.count("\n")) from None


def run_query(
    store: ox.Store,
    text: str,
    bindings: dict | None = None,
    *,
    where: str = "query",
    prologue: str = "",
    stream: bool = False,
) -> Answer:
    """Run any query over the union of all graphs. Bound parameters' columns are left out of the rows.
    Updates are not queries: the engine's query parser refuses them. `stream`: rows and triples are iterators,
    evaluated as they are read (a large answer is never held whole)."""
    result = execute(store, text, bindings, where, prologue)
    if isinstance(result, ox.QueryBoolean):
        return Answer(boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        return Answer(triples=result if stream else list(result))
    names = [v.value for v in result.variables]
    kept = shown_columns(names, bindings)
    variables = [names[i] for i in kept]
    # a solution iterates its values in the order of result.variables: positions, not names, are cheap to read
    rows = ([values[i] for i in kept] for values in map(tuple, result))
    return Answer(variables, rows if stream else list(rows))


def shown_columns(variables: list[str], bindings: dict | None) -> list[int]:
    """Positions of the columns a query's rows show: its bound parameters are constant columns, left out."""
    hidden = {v.value for v in (bindings or {})} | getattr(bindings, "left_open", set())
    return [i for i, name in enumerate(variables) if name not in hidden]


def run_select(
    store: ox.Store, text: str, bindings: dict | None = None, *, where: str = "query"
) -> tuple[list[str], list[list]]:
    """Run a SELECT over the union of all graphs; returns (variables, rows) without the bound parameters' columns."""
    answer = run_query(store, text, bindings, where=where)
    if answer.boolean is not None or answer.triples is not None:
        raise KgError(f"{where} is not a SELECT query")
    return answer.variables, answer.rows
