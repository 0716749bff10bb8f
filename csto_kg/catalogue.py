"""The canned query catalogue: `queries/<name>.rq`, each with a comment header naming its parameters.

Header lines (before the first non-comment line):
    # title: Timeline of events
    # description: Dated events between two days, in order.
    # param: from date default=2022-01-01 example=2022-01-05 -- first day shown

Parameters are typed, converted to RDF terms, and bound by the engine (pyoxigraph `substitutions`), never
written into the query text. The engine requires a substituted variable to be projected, so each query
SELECTs its parameters; the runner leaves those constant columns out of what it prints.

>>> p = Param("from", "date", None, None, "")
>>> p.convert("2022-01-05")
<Literal value=2022-01-05 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#date>>
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import namespaces as ns
from .choices import LANGUAGES
from .errors import KgError

PARAM_TYPES = {
    "date": "a day, YYYY-MM-DD",
    "integer": "a whole number",
    "iri": "an IRI or a CURIE such as kg:tokayev, or the name of an entity",
    "curie": "a prefixed name with a known prefix, such as kgo:Deployment",
    "entity": "an entity of the graph: its name or alias in en or ru (any case and inflection), kg:name, its bare "
    "name, or an IRI",
    "qid": "a Wikidata item ID such as Q232",
    "string": "any text, matched literally",
    "label": "a name or alias in Russian or English, any case and inflection (or * for any)",
    "lang": "a label language: en or ru",
}
MAX_IRI_LENGTH = 2048  # no entity of ours comes near it; longer input is a mistake or an attack
_HEADER = re.compile(r"#\s*([a-z][\w-]*):\s*(.*)")
_PARAM = re.compile(r"(?P<name>[A-Za-z_]\w*)\s+(?P<type>\w+)(?P<rest>.*)")


@dataclass
class Param:
    name: str
    type: str
    default: str | None
    example: str | None
    description: str

    def convert(self, value: str) -> ox.NamedNode | ox.Literal:
        """The RDF term for a user's value, or an error naming the parameter and what it expects."""

        def bad(why: str = "") -> KgError:
            shown = repr(value) if len(value) <= 60 else repr(value[:60]) + f"… ({len(value)} characters)"
            return KgError(f"parameter {self.name!r}: {shown} is not {PARAM_TYPES[self.type]}{why}")

        if self.type == "date":
            try:
                return ox.Literal(
                    datetime.date.fromisoformat(value).isoformat(), datatype=ox.NamedNode(ns.XSD + "date")
                )
            except ValueError:
                raise bad() from None
        if self.type == "integer":
            if not re.fullmatch(r"[+-]?\d{1,18}", value.strip()):
                raise bad()
            return ox.Literal(str(int(value)), datatype=ox.NamedNode(ns.XSD + "integer"))
        if self.type in ("iri", "entity", "curie", "qid") and len(value) > MAX_IRI_LENGTH:
            raise bad(f" (longer than {MAX_IRI_LENGTH} characters)")
        if self.type in ("iri", "entity"):
            iri = ns.expand(value) or (
                ns.KG + value if self.type == "entity" and re.fullmatch(r"[\w.-]+", value) else None
            )
            if iri is None or re.search(r'[\s<>"{}|\\^`]', iri):
                raise bad()
            return ox.NamedNode(iri)
        if self.type == "curie":
            prefix, colon, local = value.partition(":")
            if not colon or prefix not in ns.PREFIXES or not re.fullmatch(r"[\w.-]*", local):
                raise bad(f"; known prefixes: {', '.join(ns.PREFIXES)}" if colon and prefix not in ns.PREFIXES else "")
            return ox.NamedNode(ns.PREFIXES[prefix] + local)
        if self.type == "qid":
            if not re.fullmatch(r"Q[1-9]\d*", value):
                raise bad()
            return ox.NamedNode(ns.PREFIXES["wd"] + value)
        if self.type == "lang":
            if value not in LANGUAGES:
                raise bad()
            return ox.Literal(value)
        return ox.Literal(value)


class Bindings(dict):
    """A canned query's parameters as engine bindings (variable -> term), and the names of those given as `*`, any
    value, which stay unbound: like the bound ones, their columns are constant and left out of what is printed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.left_open: set[str] = set()


@dataclass
class CannedQuery:
    name: str
    path: Path
    text: str
    title: str = ""
    description: str = ""
    params: list[Param] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)  # other header keys, e.g. a check's severity and messages

    def reads_names(self) -> bool:
        """Whether a parameter of this query is read against the graph's names (a label or an entity)."""
        return any(p.type in ("label", "entity", "iri") for p in self.params)

    def check(self, given: dict[str, str], *, spelled: str = "-p {name} {value}") -> None:
        """What can be refused before the graph's names are at hand: an unknown, missing or ill-typed parameter.
        A name given for an entity (not an IRI or CURIE) is left to `bindings`, which reads it with the names."""
        names_later = {
            p.name: "kg:_"
            for p in self.params
            if p.type in ("entity", "iri") and p.name in given and ns.expand(given[p.name]) is None
        }
        self.bindings({**given, **names_later}, spelled=spelled)

    def bindings(
        self, given: dict[str, str], *, spelled: str = "-p {name} {value}", names=None, read_as: list | None = None
    ) -> dict[ox.Variable, ox.NamedNode | ox.Literal]:
        """The parameters typed and checked, as engine bindings. `spelled` shows how the caller gives a parameter
        (the command line's -p NAME VALUE, a URL's NAME=VALUE), for the example in an error message. `names`
        (querying.Names, the graph's names) reads label and entity parameters as the graph spells them, in any
        inflection, and refuses a name it does not know; what was read otherwise than typed goes to `read_as`."""
        known = {p.name: p for p in self.params}
        unknown = [name for name in given if name not in known]
        if unknown:
            import difflib  # only for the error message

            close = difflib.get_close_matches(unknown[0], list(known), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (it takes: {', '.join(known) or 'no parameters'})"
            raise KgError(f"query {self.name!r} has no parameter {unknown[0]!r}{hint}")
        bound = Bindings()
        for p in self.params:
            value = given.get(p.name, p.default)
            if value == "*" and p.type != "label":  # any value: the variable is left unbound (a label query tests "*")
                bound.left_open.add(p.name)
                continue
            if value is None:
                raise KgError(
                    f"query {self.name!r} needs parameter {p.name!r} ({p.type}: {PARAM_TYPES[p.type]}), e.g. "
                    f"{spelled.format(name=p.name, value=p.example or '…')}"
                )
            if names is not None and p.type == "label":
                name, entities = names.label(value, f"parameter {p.name!r}")
                if name != value and read_as is not None:
                    read_as.append(f"{p.name} {value!r}: read as {name!r} ({', '.join(map(ns.curie, entities))})")
                value = name
            elif (
                names is not None
                and (p.type == "entity" or (p.type == "iri" and ns.expand(value) is None))
                and len(value) <= MAX_IRI_LENGTH
            ):
                entity = names.entity(value, f"parameter {p.name!r}")
                if read_as is not None and value not in (ns.curie(entity.value), entity.value):
                    read_as.append(f"{p.name} {value!r}: read as {ns.curie(entity.value)}")
                value = entity.value
            bound[ox.Variable(p.name)] = p.convert(value)
        return bound


@dataclass(frozen=True)
class Given:
    """A canned query's parameters as a user typed them, to be bound where the graph's names are at hand (in the
    server, the worker that holds the store): querying.Names read the labels and entities."""

    query: CannedQuery
    values: tuple[tuple[str, str], ...]
    spelled: str = "?{name}={value}"

    def bind(self, names) -> dict[ox.Variable, ox.NamedNode | ox.Literal]:
        return self.query.bindings(dict(self.values), spelled=self.spelled, names=names)


def parse_query_file(path: Path) -> CannedQuery:
    text = path.read_text(encoding="utf-8")
    query = CannedQuery(path.stem, path, text)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match.groups()
        if key == "param":
            query.params.append(_parse_param(value, path, number))
        elif key in ("title", "description"):
            setattr(query, key, value.strip())
        else:
            query.meta[key] = value.strip()
    return query


def _parse_param(spec: str, path: Path, line: int) -> Param:
    body, _, description = spec.partition("--")
    match = _PARAM.fullmatch(body.strip())
    if not match or match["type"] not in PARAM_TYPES:
        raise KgError(
            f"bad parameter declaration {spec.strip()!r}: expected 'NAME TYPE [default=V] [example=V] -- text', "
            f"TYPE one of {', '.join(PARAM_TYPES)}",
            path,
            line,
        )
    options = dict(re.findall(r"(default|example)=(\S+)", match["rest"]))
    return Param(match["name"], match["type"], options.get("default"), options.get("example"), description.strip())


def load_catalogue(queries_dir: Path) -> dict[str, CannedQuery]:
    return {q.name: q for q in map(parse_query_file, sorted(queries_dir.glob("*.rq")))}


def find_query(catalogue: dict[str, CannedQuery], name: str) -> CannedQuery:
    if name in catalogue:
        return catalogue[name]
    import difflib  # only for the error message

    close = difflib.get_close_matches(name, list(catalogue), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else f"; known queries: {', '.join(catalogue)}"
    raise KgError(f"no canned query named {name!r}{hint}")


def load_query(queries_dir: Path, name: str) -> CannedQuery:
    """One canned query by name, reading only its file (the command line's fast path); a wrong name is
    answered from the whole catalogue, with the nearest names."""
    path = queries_dir / f"{name}.rq"
    if re.fullmatch(r"[\w-]+", name) and path.is_file():
        return parse_query_file(path)
    return find_query(load_catalogue(queries_dir), name)
