"""Reasoning: what the ontology entails is materialised; HermiT proves ontology + data consistent.

Materialisation applies the OWL 2 RL rules for exactly the constructs the ontology uses (subclass, subproperty,
domain, range, inverse, transitive, two-step property chains, hasValue restrictions) as SPARQL updates on the
store, until nothing new follows. The rules read the schema from the ontology graph only and write into the
inferred graph, never repeating a triple already stated. HermiT (through owlready2, Java) is the complete OWL 2
DL check; tests verify that every class membership it infers is materialised too.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import pyoxigraph as ox

from . import namespaces as ns
from .errors import CheckFailed, KgError
from .formats import rdf_syntax
from .limits import die_with_parent
from .querying import solutions

# Each rule: (name, schema pattern read from the ontology graph, data pattern(s), conclusion).
RULES = {
    "cax-sco": ("?c rdfs:subClassOf+ ?d . FILTER(isIRI(?d))", ["?x a ?c"], "?x a ?d"),
    "cls-hv1": ("?c rdfs:subClassOf ?r . ?r owl:hasValue ?v ; owl:onProperty ?p", ["?x a ?c"], "?x ?p ?v"),
    "prp-spo1": ("?p rdfs:subPropertyOf+ ?q . FILTER(isIRI(?q))", ["?x ?p ?y"], "?x ?q ?y"),
    "prp-dom": ("?p rdfs:domain ?c . FILTER(isIRI(?c))", ["?x ?p ?y"], "?x a ?c"),
    "prp-rng": ("?p rdfs:range ?c . FILTER(isIRI(?c))", ["?x ?p ?y . FILTER(!isLiteral(?y))"], "?y a ?c"),
    "prp-inv1": ("?p owl:inverseOf ?q", ["?x ?p ?y"], "?y ?q ?x"),
    "prp-inv2": ("?q owl:inverseOf ?p", ["?x ?p ?y"], "?y ?q ?x"),
    "prp-trp": ("?p a owl:TransitiveProperty", ["?x ?p ?y", "?y ?p ?z"], "?x ?p ?z"),
    "prp-spo2": (
        "?p owl:propertyChainAxiom ?l . ?l rdf:first ?p1 ; rdf:rest ?r . ?r rdf:first ?p2 ; rdf:rest rdf:nil",
        ["?x ?p1 ?y", "?y ?p2 ?z"],
        "?x ?p ?z",
    ),
}


def _rule_update(schema: str, data: list[str], conclusion: str) -> str:
    subject = conclusion.split(" ", 1)[0]
    data_patterns = "\n".join(
        f"GRAPH ?g{i} {{ {p} }} FILTER(?g{i} != <{ns.ONTOLOGY_GRAPH}>)" for i, p in enumerate(data)
    )
    return (
        ns.sparql_prologue() + f"INSERT {{ GRAPH <{ns.INFERRED_GRAPH}> {{ {conclusion} }} }}\n"
        f"WHERE {{ GRAPH <{ns.ONTOLOGY_GRAPH}> {{ {schema} }}\n{data_patterns}\n"
        f"FILTER(isIRI({subject}) || isBlank({subject}))\n"
        f"FILTER NOT EXISTS {{ GRAPH ?any {{ {conclusion} }} }} }}"
    )


RULE_UPDATES = {name: _rule_update(*rule) for name, rule in RULES.items()}


def materialise(store: ox.Store, max_rounds: int = 50) -> int:
    """Apply the rules until a fixpoint; returns the number of inferred triples."""
    inferred = ox.NamedNode(ns.INFERRED_GRAPH)

    def count() -> int:
        return sum(1 for _ in store.quads_for_pattern(None, None, None, inferred))

    before = count()
    for _ in range(max_rounds):
        for update in RULE_UPDATES.values():
            store.update(update)
        after = count()
        if after == before:
            return after
        before = after
    raise KgError(f"materialisation did not reach a fixpoint in {max_rounds} rounds")


# --- HermiT -------------------------------------------------------------------------------------------

_XSD_DATE = ns.XSD + "date"
_XSD_DATETIME = ns.XSD + "dateTime"


# datatypes outside OWL 2's datatype map, which HermiT rejects: GeoSPARQL's coordinates, XML Schema's years
_NOT_IN_OWL = {"http://www.opengis.net/ont/geosparql#wktLiteral", ns.XSD + "gYear"}


def _for_hermit(quads) -> list[ox.Triple]:
    """OWL 2 has no xsd:date; map dates to midnight xsd:dateTime values. The map is injective and keeps order,
    so a clash (two dates for a functional property, a date where a date is not allowed) stays a clash."""
    out = []
    for q in quads:
        obj = q.object
        if isinstance(obj, ox.Literal) and obj.datatype.value == _XSD_DATE:
            obj = ox.Literal(obj.value + "T00:00:00", datatype=ox.NamedNode(_XSD_DATETIME))
        elif isinstance(obj, ox.NamedNode) and obj.value == _XSD_DATE:
            obj = ox.NamedNode(_XSD_DATETIME)
        elif isinstance(obj, ox.NamedNode) and obj.value in _NOT_IN_OWL:  # as a range: the values become text
            obj = ox.NamedNode(ns.XSD + "string")
        elif isinstance(obj, ox.Literal) and obj.datatype.value in _NOT_IN_OWL:  # coordinates, years: as text
            obj = ox.Literal(obj.value)
        out.append(ox.Triple(q.subject, q.predicate, obj))
    return out


def java_available() -> bool:
    return shutil.which("java") is not None


LONG_LITERAL = 256  # characters; a longer string stands in as its digest for HermiT
_TEXT_TYPES = {ns.XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}


def _without_uncited_sentences(quads) -> list:
    """What HermiT needs of the sources' sentences, so that its work grows with the claims, not with the texts.
    Every sentence has the one shape the build generates (a kgo:Sentence with oa:hasSource, oa:hasSelector and
    schema:text; its selector with oa:start and oa:end), and no axiom of the ontology counts sentences or
    selectors: a sentence no triple points to is consistent with the rest exactly when another of the same shape
    is. So HermiT reads the sentences something points to (kgo:inSentence), and the first of each source."""
    quads = list(quads)
    rdf_type, sentence_class = ns.RDF_TYPE, ns.KGO + "Sentence"
    sentences = {q.subject for q in quads if q.predicate.value == rdf_type and q.object.value == sentence_class}
    kept, sources = set(), set()
    for q in quads:
        if q.object in sentences and q.subject not in sentences:
            kept.add(q.object)
        elif q.subject in sentences and q.predicate.value == ns.OA + "hasSource" and q.object not in sources:
            sources.add(q.object)
            kept.add(q.subject)
    dropped = sentences - kept
    dropped |= {q.object for q in quads if q.subject in dropped and q.predicate.value == ns.OA + "hasSelector"}
    return [q for q in quads if q.subject not in dropped]


def _short(term):
    """A long string as its SHA-256 (same language): distinct texts stay distinct, equal ones equal, and no axiom
    of the ontology reads their characters."""
    if isinstance(term, ox.Literal) and len(term.value) > LONG_LITERAL and term.datatype.value in _TEXT_TYPES:
        digest = "sha256:" + hashlib.sha256(term.value.encode("utf-8")).hexdigest()
        return ox.Literal(digest, language=term.language) if term.language else ox.Literal(digest)
    return term


def hermit_input(quads) -> bytes:
    """Exactly what HermiT reads: ontology + data as N-Triples, in a stable order, the sentences no claim cites
    but one a source left out and long texts by their digests (see _without_uncited_sentences and _short). Blank
    nodes are renamed in the order they first appear (the parser names them anew on every run), so the same files
    give the same bytes."""
    names: dict[ox.BlankNode, ox.BlankNode] = {}

    def stable(term):
        if isinstance(term, ox.BlankNode):
            return names.setdefault(term, ox.BlankNode(f"b{len(names)}"))
        return term

    triples = [
        ox.Triple(stable(t.subject), t.predicate, _short(stable(t.object)))
        for t in _for_hermit(_without_uncited_sentences(quads))
    ]
    lines = ox.serialize(triples, format=rdf_syntax("ntriples")).splitlines(keepends=True)
    return b"".join(sorted(set(lines)))


def hermit(quads, data: bytes | None = None) -> set[tuple[str, str]]:
    """Run HermiT on ontology + data (or on `data`, their N-Triples, when already made). Returns the (individual,
    class) memberships it infers; raises CheckFailed if the whole is inconsistent."""
    if not java_available():
        raise KgError(
            "HermiT needs Java and `java` is not on PATH: run `make setup` (it installs default-jre-headless), "
            "or build with --no-hermit to skip the consistency proof"
        )
    import owlready2  # heavy: imported only when reasoning

    with tempfile.TemporaryDirectory(prefix="csto-kg-hermit-") as tmp:
        path = Path(tmp) / "input.nt"
        path.write_bytes(data if data is not None else hermit_input(quads))
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load()
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            raise CheckFailed("HermiT: ontology + data are inconsistent") from None
        except owlready2.OwlReadyJavaError as exc:
            raise KgError(f"HermiT failed: {str(exc).strip().splitlines()[-1]}") from None
        memberships = set()
        typed = {
            q.subject.value
            for q in quads
            if q.predicate.value == ns.RDF_TYPE
            and isinstance(q.subject, ox.NamedNode)
            and not q.object.value.startswith(ns.OWL)
        }
        for iri in sorted(typed):
            individual = world[iri]
            for cls in getattr(individual, "INDIRECT_is_a", ()):
                iri = getattr(cls, "iri", None)
                if iri and iri != ns.OWL + "Thing":
                    memberships.add((individual.iri, iri))
        world.close()
    return memberships


def _remove_orphans(folder: Path) -> None:
    """HermiT inputs left by processes that no longer run."""
    for orphan in folder.glob("csto-kg-hermit-*.nt"):
        pid = orphan.stem.rsplit("-", 1)[-1]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            orphan.unlink(missing_ok=True)


def hermit_consistency(data: bytes, workdir: Path | None = None) -> None:
    """Ask HermiT (the jar owlready2 bundles) only whether ontology + data are consistent: whether owl:Thing is
    satisfiable. The build needs no more, and this takes a second where owlready2's run (which also classifies every
    class and property and realises every individual) took fifteen on the six sources. Raises CheckFailed when
    inconsistent. The Java process never outlives the call, nor the build's process (see die_with_parent). Its
    input goes to a file in `workdir` (HermiT's parsers each read it anew, so a pipe will not do) named after our
    process; files of processes that are gone (a killed build) are removed the next time."""
    if not java_available():
        raise KgError(
            "HermiT needs Java and `java` is not on PATH: run `make setup` (it installs default-jre-headless), "
            "or build with --no-hermit to skip the consistency proof"
        )
    import owlready2  # only for where its HermiT jar lies

    jars = Path(owlready2.__file__).parent / "hermit"
    folder = Path(workdir or tempfile.gettempdir())
    folder.mkdir(parents=True, exist_ok=True)
    _remove_orphans(folder)
    path = folder / f"csto-kg-hermit-{os.getpid()}.nt"
    try:
        path.write_bytes(data)
        command = [
            getattr(owlready2, "JAVA_EXE", "java"),
            "-Xmx2000M",
            "-cp",
            f"{jars}{os.pathsep}{jars / 'HermiT.jar'}",
            "org.semanticweb.HermiT.cli.CommandLine",
            "-k",
            path.as_uri(),
        ]
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
            preexec_fn=die_with_parent,
        )
        try:
            out, err = process.communicate()
        finally:
            if process.poll() is None:  # interrupted: end Java with us
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    finally:
        path.unlink(missing_ok=True)
    if "InconsistentOntologyException" in err:
        raise CheckFailed("HermiT: ontology + data are inconsistent")
    if process.returncode != 0 or "is satisfiable" not in out:
        last = (err.strip() or out.strip() or f"exit {process.returncode}").splitlines()[-1]
        raise KgError(f"HermiT failed: {last}")


def prove_consistent(quads, cache: Path | None = None) -> str:
    """HermiT's verdict on ontology + data, remembered in `cache` by the SHA-256 of exactly what it reads (and the
    reasoner's version): a build whose input to HermiT did not change skips it. Only a proof of consistency is
    remembered; an inconsistent whole is reasoned about every time (and fails the build)."""
    import importlib.metadata

    data = hermit_input(quads)
    version = importlib.metadata.version("owlready2")
    key = hashlib.sha256(data + f"\nowlready2 {version}".encode()).hexdigest()
    verdict = cache / "hermit" / key if cache is not None else None
    if verdict is not None and verdict.is_file():
        return f"consistent (remembered: its input {key[:12]} is unchanged)"
    hermit_consistency(data, cache / "hermit" if cache is not None else None)
    if verdict is not None:
        try:
            verdict.parent.mkdir(parents=True, exist_ok=True)
            partial = verdict.with_suffix(".partial")
            partial.write_text(f"consistent\nowlready2 {version}\n", encoding="utf-8")
            os.replace(partial, verdict)
        except OSError:
            pass  # a cache that cannot be written costs the next build time, nothing else
    return "consistent"


# --- Explaining an inconsistency --------------------------------------------------------------------

EXPLAIN_QUERIES = {
    "disjoint classes": f"""
        SELECT DISTINCT ?x ?c1 ?c2 WHERE {{
          GRAPH <{ns.ONTOLOGY_GRAPH}> {{ ?d a owl:AllDisjointClasses ; owl:members ?list .
            ?list rdf:rest*/rdf:first ?c1 . ?list rdf:rest*/rdf:first ?c2 . FILTER(STR(?c1) < STR(?c2)) }}
          ?x a ?c1 , ?c2 .
        }}""",
    "two values for a functional property": f"""
        SELECT DISTINCT ?x ?p ?v1 ?v2 WHERE {{
          GRAPH <{ns.ONTOLOGY_GRAPH}> {{ ?p a owl:FunctionalProperty }}
          GRAPH ?g1 {{ ?x ?p ?v1 }} GRAPH ?g2 {{ ?x ?p ?v2 }}
          FILTER(?g1 != <{ns.ONTOLOGY_GRAPH}> && ?g2 != <{ns.ONTOLOGY_GRAPH}> && STR(?v1) < STR(?v2))
        }}""",
}


def explain_inconsistency(store: ox.Store) -> list[tuple[str, str]]:
    """Likely causes of an inconsistency, found by SPARQL over the materialised store: (subject IRI, description)."""
    found = []
    for kind, query in EXPLAIN_QUERIES.items():
        for row in solutions(store, query):
            terms = [ns.curie(t.value) if isinstance(t, ox.NamedNode) else str(t) for t in row]
            found.append((row[0].value, f"{kind}: {terms[0]} — {', '.join(terms[1:])}"))
    return found
