"""`csto-kg export`: the build in any RDF syntax, as a whole (profile full) or as schema.org or Wikidata see it.

Profiles are CONSTRUCT queries kept as data (queries/profiles/<profile>.rq); the full profile is the dataset
itself. Quad syntaxes (TriG, N-Quads) keep the named graphs: each claim, the evidence, the inferences. Triple
syntaxes (Turtle, N-Triples, RDF/XML, and JSON-LD, which could hold named graphs but is written for readers of
one graph), and every profile but full, carry the merge of all graphs in the default graph. JSON-LD is
compacted with the context shipped in ontology/csto-kg.context.jsonld (short keys, labels as language maps);
`framed` nests each event's participants and places inside it.
"""

from __future__ import annotations

import functools
import json
import re

import pyoxigraph as ox

from . import namespaces as ns
from .errors import KgError
from .formats import RDF_DATA, by_name, names, names_of, rdf_syntax

SYNTAXES = names_of(RDF_DATA)
QUAD_SYNTAXES = tuple(n for n in names("dataset") if "graph" not in by_name(n).holds)  # keep the named graphs
PROFILES = ("full", "schema", "wikidata")
SCHEMA_CONTEXT = {
    "@vocab": "http://schema.org/",
    "kg": ns.KG,
    "src": ns.SRC,
    "name": {"@id": "http://schema.org/name", "@container": "@language"},
}


def context_document(project) -> dict:
    path = project.ontology_dir / "csto-kg.context.jsonld"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise KgError(f"cannot read the JSON-LD context: {exc}", project.relative(path)) from None


def profile_quads(store: ox.Store, project, profile: str) -> list[ox.Quad]:
    """The profile's statements: the dataset's quads (full) or the triples of its CONSTRUCT, in the default graph."""
    if profile == "full":
        return list(store)
    from .catalogue import parse_query_file
    from .querying import solutions

    path = project.queries_dir / "profiles" / f"{profile}.rq"
    if not path.is_file():
        raise KgError(f"no profile {profile!r}: expected {project.relative(path)}")
    triples = solutions(store, parse_query_file(path).text, where=project.relative(path))
    return [ox.Quad(t.subject, t.predicate, t.object) for t in triples]


def serialize(quads: list[ox.Quad], syntax: str, *, context: dict | None = None, frame: dict | None = None) -> bytes:
    if syntax not in SYNTAXES:
        raise KgError(f"unknown format {syntax!r}: use one of {', '.join(SYNTAXES)}")
    if syntax not in QUAD_SYNTAXES:  # a triple syntax, JSON-LD included: merge the graphs (in the store's order)
        quads = [ox.Quad(*triple) for triple in dict.fromkeys(q.triple for q in quads)]
    if syntax == "jsonld":
        return _jsonld(quads, context or {}, frame)
    if syntax == "rdfxml":
        _check_xml_characters(quads)
    prefixes = {} if syntax in ("nquads", "ntriples") else ns.PREFIXES
    return (
        ox.serialize(quads, format=rdf_syntax(syntax), prefixes=prefixes)
        if prefixes
        else ox.serialize(quads, format=rdf_syntax(syntax))
    )


# what XML 1.0 cannot hold, escaped or not (a literal written with "\\u0007" in Turtle holds it)
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _check_xml_characters(quads: list[ox.Quad]) -> None:
    """Refuse to write RDF/XML that no XML parser would read: a literal holding a control character (pyoxigraph
    writes it as it is)."""
    for quad in quads:
        if isinstance(quad.object, ox.Literal) and (bad := XML_INVALID.search(quad.object.value)):
            raise KgError(
                f"RDF/XML cannot hold the control character U+{ord(bad.group()):04X} in the literal of "
                f"{ns.curie(quad.subject.value)} {ns.curie(quad.predicate.value)}: choose turtle, ntriples or jsonld"
            )


def compact_jsonld(quads: list[ox.Quad], context: dict) -> dict:
    """Compact JSON-LD written directly for a context of prefixes and simple term definitions (an `@id`, an
    optional `@type` coercion, an optional `@language` container), as ours is: the same document pyld's
    compaction gives, at the speed of a loop (pyld needs minutes at 10^5 statements). The round-trip tests
    expand it with pyld and compare with the dataset."""
    ctx = context["@context"]
    prefixes = sorted(
        ((v, k) for k, v in ctx.items() if isinstance(v, str) and not k.startswith("@") and not v.startswith("@")),
        key=lambda item: -len(item[0]),
    )
    id_key, type_key = _alias(ctx, "@id"), _alias(ctx, "@type")
    expand = functools.partial(_expand_term, ctx)

    by_namespace = dict(prefixes)
    # Namespaces ending in "/" or "#" are found by a lookup at each such character (longest first); any other
    # shape of namespace falls back to testing each prefix.
    cut_at_separators = all(namespace.endswith(("/", "#")) for namespace in by_namespace)

    @functools.lru_cache(maxsize=None)
    def compact(iri: str) -> str:
        if cut_at_separators:
            end = len(iri)
            while (end := max(iri.rfind("/", 0, end), iri.rfind("#", 0, end))) >= 0:
                prefix = by_namespace.get(iri[: end + 1])
                local = iri[end + 1 :]
                if prefix is not None and local and not local.startswith("//"):  # "p://…" would read as an IRI
                    return f"{prefix}:{local}"
            return iri
        for namespace, prefix in prefixes:
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and local and not local.startswith("//"):
                return f"{prefix}:{local}"
        return iri

    vocab = ctx.get("@vocab")
    defined = {k for k in ctx if not k.startswith("@")}

    @functools.lru_cache(maxsize=None)
    def compact_vocab(iri: str) -> str:
        """Keys and types: relative to @vocab where that is unambiguous, else as any IRI."""
        if vocab and iri.startswith(vocab):
            local = iri[len(vocab) :]
            if local and ":" not in local and local not in defined:
                return local
        return compact(iri)

    terms = {}  # property IRI -> (key, coercion, container, the coerced datatype's IRI)
    for key, definition in ctx.items():
        if isinstance(definition, dict) and "@id" in definition:
            coerced = definition.get("@type")
            terms[expand(definition["@id"])] = (
                key,
                coerced,
                definition.get("@container"),
                expand(coerced) if coerced and coerced != "@id" else None,
            )

    ids: dict = {}

    def node_id(term) -> str:
        name = ids.get(term)
        if name is None:
            name = ids[term] = f"_:{term.value}" if isinstance(term, ox.BlankNode) else compact(term.value)
        return name

    def value_object(term):
        if isinstance(term, (ox.NamedNode, ox.BlankNode)):
            return {id_key: node_id(term)}
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value == ns.XSD + "string":
            return term.value
        return {"@value": term.value, "@type": compact(term.datatype.value)}

    graphs: dict = {}
    for q in quads:
        nodes = graphs.setdefault(None if isinstance(q.graph_name, ox.DefaultGraph) else node_id(q.graph_name), {})
        node = nodes.setdefault(node_id(q.subject), {id_key: node_id(q.subject)})
        predicate, obj = q.predicate.value, q.object
        if predicate == ns.RDF_TYPE and isinstance(obj, ox.NamedNode):
            node.setdefault(type_key, []).append(compact_vocab(obj.value))
            continue
        key, coerced, container, datatype = terms.get(predicate, (None, None, None, None))
        if key and container == "@language" and isinstance(obj, ox.Literal) and obj.language:
            node.setdefault(key, {}).setdefault(obj.language, []).append(obj.value)
            continue
        if key and container is None and coerced == "@id" and isinstance(obj, (ox.NamedNode, ox.BlankNode)):
            value = node_id(obj)
        elif (
            key
            and container is None
            and coerced
            and coerced != "@id"
            and isinstance(obj, ox.Literal)
            and not obj.language
            and obj.datatype.value == datatype
        ):
            value = obj.value
        elif key and container is None and coerced is None and not isinstance(obj, (ox.NamedNode, ox.BlankNode)):
            value = value_object(obj)
        else:
            key, value = compact_vocab(predicate), value_object(obj)
        node.setdefault(key, []).append(value)

    def tidy(node: dict) -> dict:  # one value: no array; language maps likewise per language
        out = {}
        for key, values in node.items():
            if isinstance(values, dict):
                out[key] = {lang: v[0] if len(v) == 1 else v for lang, v in values.items()}
            elif isinstance(values, list):
                out[key] = values[0] if len(values) == 1 else values
            else:
                out[key] = values
        return out

    top = [tidy(n) for n in graphs.pop(None, {}).values()]
    for name, nodes in graphs.items():
        top.append({id_key: name, "@graph": [tidy(n) for n in nodes.values()]})
    return {"@context": ctx, "@graph": top}


def _jsonld(quads: list[ox.Quad], context: dict, frame: dict | None) -> bytes:
    """Compact JSON-LD, or framed JSON-LD: both our own writers for the shapes of context and frame we ship;
    pyld frames anything else (it needs minutes at 10^5 statements)."""
    if frame is None:
        return _one_node_a_line(compact_jsonld(quads, context)).encode("utf-8")
    if _simple_frame(frame):
        return _one_node_a_line(frame_jsonld(quads, context, frame)).encode("utf-8")
    return (json.dumps(_pyld_frame(quads, context, frame), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _pyld_frame(quads: list[ox.Quad], context: dict, frame: dict) -> dict:
    from pyld import jsonld

    nquads = ox.serialize(quads, format=rdf_syntax("nquads")).decode("utf-8")
    expanded = jsonld.from_rdf(nquads, {"format": "application/n-quads"})
    return jsonld.frame(expanded, {"@context": context["@context"], **frame}, FRAME_OPTIONS)


def _simple_frame(frame: dict) -> bool:
    """A frame of the shape we ship: one @type to match, and properties whose objects are embedded always with
    only the listed properties (each with an empty frame)."""

    def embedding(value) -> bool:
        return (
            isinstance(value, dict)
            and value.get("@embed") == "@always"
            and value.get("@explicit") is True
            and all(not k.startswith("@") and v == {} for k, v in value.items() if k not in ("@embed", "@explicit"))
        )

    return isinstance(frame.get("@type"), str) and all(
        key == "@type" or (not key.startswith("@") and embedding(value)) for key, value in frame.items()
    )


def frame_jsonld(quads: list[ox.Quad], context: dict, frame: dict) -> dict:
    """JSON-LD framing (embed @never, omitDefault) for a _simple_frame, written directly: every node of the
    frame's type, from the merged graph, in order of @id, with the objects of the frame's properties embedded
    as their @id, @type and the properties the frame lists. The tests hold it to pyld's framing. Two deliberate
    differences: the matches are always under @graph (pyld drops it for one match or none), and an object with no
    statements of its own is embedded as its @id (pyld drops the reference, and with it a fact)."""
    ctx = context["@context"]
    merged = list(dict.fromkeys(ox.Quad(q.subject, q.predicate, q.object) for q in quads))  # in the default graph
    id_key, type_key = _alias(ctx, "@id"), _alias(ctx, "@type")
    nodes = {node[id_key]: node for node in compact_jsonld(merged, context)["@graph"]}
    expand = functools.partial(_expand_term, ctx)
    wanted = expand(frame["@type"], vocab=True)
    keys_of = {expand(key, vocab=True): key for key in ctx if not key.startswith("@")}  # a property's compact key
    key_of = lambda name: keys_of.get(expand(name, vocab=True), name)  # noqa: E731 - "kgo:participant" -> "participant"
    embeds = {
        key_of(key): {key_of(p) for p in sub if not p.startswith("@")} for key, sub in frame.items() if key != "@type"
    }

    def types(node) -> list:
        value = node.get(type_key, [])
        return value if isinstance(value, list) else [value]

    def embedded(reference, listed: set[str]) -> dict:
        name = reference[id_key] if isinstance(reference, dict) else reference
        target = nodes.get(name, {id_key: name})
        out = {id_key: name}
        if type_key in target:
            out[type_key] = target[type_key]
        for key in listed:
            if key in target:
                out[key] = target[key]
        return out

    matched = []
    for name in sorted(nodes, key=expand):  # pyld orders the matches by their full @id
        node = nodes[name]
        if not any(expand(t, vocab=True) == wanted for t in types(node)):
            continue
        node = dict(node)
        for key, listed in embeds.items():
            if key in node:
                values = node[key]
                node[key] = (
                    [embedded(v, listed) for v in values] if isinstance(values, list) else embedded(values, listed)
                )
        matched.append(node)
    return {"@context": ctx, "@graph": matched}


def _alias(ctx: dict, keyword: str) -> str:
    return next((k for k, v in ctx.items() if v == keyword), keyword)


def _expand_term(ctx: dict, term: str, vocab: bool = False) -> str:
    """A compact IRI, a term of the context, or (for types and keys) a @vocab-relative name, as an IRI."""
    definition = ctx.get(term)
    if isinstance(definition, dict) and "@id" in definition:
        return _expand_term(ctx, definition["@id"])
    if isinstance(definition, str) and not definition.startswith("@"):
        return _expand_term(ctx, definition)
    prefix, colon, local = term.partition(":")
    if colon and isinstance(ctx.get(prefix), str) and not local.startswith("//"):
        return ctx[prefix] + local
    if vocab and not colon and isinstance(ctx.get("@vocab"), str):
        return ctx["@vocab"] + term
    return term


def _one_node_a_line(document: dict) -> str:
    """The compact document with one node object a line: readable and diffable, and written by json's C encoder
    (any `indent` switches to the pure-Python one, four times slower)."""
    dump = functools.partial(json.dumps, ensure_ascii=False)
    parts = ['{"@context": ', json.dumps(document["@context"], ensure_ascii=False, indent=1), ',\n"@graph": [']
    separator = "\n"
    for node in document["@graph"]:
        parts.append(separator)
        separator = ",\n"
        if "@graph" in node and len(node) == 2:  # a named graph: its name on one line, then its nodes
            ((key, name),) = ((k, v) for k, v in node.items() if k != "@graph")
            parts += [
                "{",
                dump(key),
                ": ",
                dump(name),
                ', "@graph": [\n ',
                ",\n ".join(map(dump, node["@graph"])),
                "\n]}",
            ]
        else:
            parts.append(dump(node))
    parts.append("\n]}\n")
    return "".join(parts)


def _no_network(url, options=None):
    raise KgError(f"the JSON-LD processor asked for {url}: exports never fetch documents from the network")


# framing embeds only what the frame asks for (an event's participants and places), referring to the rest
FRAME_OPTIONS = {"documentLoader": _no_network, "embed": "@never", "omitDefault": True}


def export(store: ox.Store, project, syntax: str, profile: str = "full", *, framed: bool = False) -> bytes:
    if profile not in PROFILES:
        raise KgError(f"unknown profile {profile!r}: use one of {', '.join(PROFILES)}")
    if framed and syntax != "jsonld":
        raise KgError("--framed applies to --format jsonld only")
    if profile == "full" and syntax in QUAD_SYNTAXES and not framed:  # the dataset as it is: let the store write it
        return store.dump(format=rdf_syntax(syntax), **({"prefixes": ns.PREFIXES} if syntax == "trig" else {}))
    quads = profile_quads(store, project, profile)
    if framed and profile == "full":
        quads = _story(quads)
    context = None
    if syntax == "jsonld":
        context = {"@context": SCHEMA_CONTEXT} if profile == "schema" else context_document(project)
    if framed and profile == "wikidata":  # the frame nests our events, which this profile restates as Wikidata items
        raise KgError(
            "--framed nests the events of the full or schema profile; the wikidata profile has no events to nest "
            "(use --profile wikidata -f jsonld without --framed)"
        )
    frame = None
    if framed:
        frame = _frame(project) if profile != "schema" else {"@type": "Event"}
    return serialize(quads, syntax, context=context, frame=frame)


def _story(quads: list[ox.Quad]) -> list[ox.Quad]:
    """What the framed form nests: facts about our entities in our own vocabulary (asserted and inferred),
    without the ontology, the evidence annotations and the schema.org and Wikidata restatements."""
    keep = (ns.KGO, ns.RDFS_LABEL, ns.SKOS + "altLabel")
    return [
        q
        for q in quads
        if q.subject.value.startswith(ns.KG)
        and q.predicate.value.startswith(keep)
        and not (q.predicate.value == ns.RDF_TYPE and not q.object.value.startswith(ns.KGO))
        or (
            q.predicate.value == ns.RDF_TYPE and q.object.value.startswith(ns.KGO) and q.subject.value.startswith(ns.KG)
        )
    ]


def _frame(project) -> dict:
    path = project.ontology_dir / "events.frame.jsonld"
    try:
        frame = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise KgError(f"cannot read the JSON-LD frame: {exc}", project.relative(path)) from None
    frame.pop("@context", None)  # the frame is written against the shipped context
    return frame
