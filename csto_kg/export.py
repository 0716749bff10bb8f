"""`csto-kg export`: the build in any RDF syntax, as a whole (profile full) or as schema.org or Wikidata see it.

Profiles are CONSTRUCT queries kept as data (queries/profiles/<profile>.rq); the full profile is the dataset
itself. Quad syntaxes (TriG, N-Quads) keep the named graphs: each claim, the evidence, the inferences. Triple
syntaxes, and every profile but full, carry the merge of all graphs. JSON-LD is compacted with the context
shipped in ontology/csto-kg.context.jsonld (short keys, labels as language maps); `framed` nests each event's
participants and places inside it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from . import namespaces as ns
from .errors import KgError

SYNTAXES = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
            "ntriples": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": None}
QUAD_SYNTAXES = ("trig", "nquads")
PROFILES = ("full", "schema", "wikidata")
SCHEMA_CONTEXT = {"@vocab": "http://schema.org/", "kg": ns.KG, "src": ns.SRC,
                  "name": {"@id": "http://schema.org/name", "@container": "@language"}}


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

    path = project.queries_dir / "profiles" / f"{profile}.rq"
    if not path.is_file():
        raise KgError(f"no profile {profile!r}: expected {project.relative(path)}")
    triples = store.query(parse_query_file(path).text, use_default_graph_as_union=True)
    return [ox.Quad(t.subject, t.predicate, t.object) for t in triples]


def serialize(quads: list[ox.Quad], syntax: str, *, context: dict | None = None, frame: dict | None = None) -> bytes:
    if syntax not in SYNTAXES:
        raise KgError(f"unknown format {syntax!r}: use one of {', '.join(SYNTAXES)}")
    if syntax == "jsonld":
        return _jsonld(quads, context or {}, frame)
    if syntax not in QUAD_SYNTAXES:  # a triple syntax: merge the graphs
        quads = list(dict.fromkeys(ox.Quad(q.subject, q.predicate, q.object) for q in quads))
    prefixes = {} if syntax in ("nquads", "ntriples") else ns.PREFIXES
    return ox.serialize(quads, format=SYNTAXES[syntax], prefixes=prefixes) if prefixes else ox.serialize(quads, format=SYNTAXES[syntax])


def _jsonld(quads: list[ox.Quad], context: dict, frame: dict | None) -> bytes:
    """Compact (or framed) JSON-LD through pyld, from the N-Quads of the statements."""
    from pyld import jsonld

    nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8")
    expanded = jsonld.from_rdf(nquads, {"format": "application/n-quads"})
    # framing embeds only what the frame asks for (an event's participants and places), referring to the rest
    options = {"documentLoader": _no_network, "embed": "@never", "omitDefault": True}
    if frame is not None:
        document = jsonld.frame(expanded, {"@context": context["@context"], **frame}, options)
    else:
        document = jsonld.compact(expanded, context["@context"], options)
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _no_network(url, options=None):
    raise KgError(f"the JSON-LD processor asked for {url}: exports never fetch documents from the network")


def export(store: ox.Store, project, syntax: str, profile: str = "full", *, framed: bool = False) -> bytes:
    if profile not in PROFILES:
        raise KgError(f"unknown profile {profile!r}: use one of {', '.join(PROFILES)}")
    if framed and syntax != "jsonld":
        raise KgError("--framed applies to --format jsonld only")
    quads = profile_quads(store, project, profile)
    if framed and profile == "full":
        quads = _story(quads)
    context = None
    if syntax == "jsonld":
        context = {"@context": SCHEMA_CONTEXT} if profile == "schema" else context_document(project)
    frame = None
    if framed:
        frame = _frame(project) if profile != "schema" else {"@type": "Event"}
    return serialize(quads, syntax, context=context, frame=frame)


def _story(quads: list[ox.Quad]) -> list[ox.Quad]:
    """What the framed form nests: facts about our entities in our own vocabulary (asserted and inferred),
    without the ontology, the evidence annotations and the schema.org and Wikidata restatements."""
    keep = (ns.KGO, ns.RDFS_LABEL, ns.SKOS + "altLabel")
    return [q for q in quads if q.subject.value.startswith(ns.KG) and q.predicate.value.startswith(keep)
            and not (q.predicate.value == ns.RDF_TYPE and not q.object.value.startswith(ns.KGO))
            or (q.predicate.value == ns.RDF_TYPE and q.object.value.startswith(ns.KGO) and q.subject.value.startswith(ns.KG))]


def _frame(project) -> dict:
    path = project.ontology_dir / "events.frame.jsonld"
    try:
        frame = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise KgError(f"cannot read the JSON-LD frame: {exc}", project.relative(path)) from None
    frame.pop("@context", None)  # the frame is written against the shipped context
    return frame


def write_atomically(data: bytes, target: Path) -> None:
    """Write beside the target, then rename: a failed export never leaves half a file where the old one was."""
    temporary = target.with_name(f".{target.name}.partial")
    try:
        temporary.write_bytes(data)
        temporary.replace(target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise KgError(f"cannot write: {exc.strerror}", target) from None
