"""IRIs and prefixes used across the package: the one place they are spelled out."""

import re
import unicodedata

BASE = "https://w3id.org/csto-kg/"
KGO = BASE + "ontology#"
KG = BASE + "id/"
CLAIM = BASE + "claim/"
SRC = BASE + "source/"
GRAPH = BASE + "graph/"
SHAPES = BASE + "shapes#"

ONTOLOGY_GRAPH = GRAPH + "ontology"
ENTITIES_GRAPH = GRAPH + "entities"
SOURCES_GRAPH = GRAPH + "sources"
EVIDENCE_GRAPH = GRAPH + "evidence"
INFERRED_GRAPH = GRAPH + "inferred"
DISAGREEMENTS_GRAPH = GRAPH + "disagreements"
DISAGREEMENT = BASE + "disagreement/"
CURATORS = KG + "curators"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SCHEMA = "http://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"

WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"
P = "http://www.wikidata.org/prop/"
PS = "http://www.wikidata.org/prop/statement/"
PQ = "http://www.wikidata.org/prop/qualifier/"
WIKIDATA_NAMESPACES = (WD, P)  # items, and every kind of property (direct, statement, qualifier)

RDF_TYPE = RDF + "type"
RDFS_LABEL = RDFS + "label"
OWL_SAME_AS = OWL + "sameAs"
LINK = BASE + "link/"
LINKS_GRAPH = GRAPH + "links"

PREFIXES = {
    "kgo": KGO,
    "kg": KG,
    "claim": CLAIM,
    "link": LINK,
    "disagreement": DISAGREEMENT,
    "src": SRC,
    "kgs": SHAPES,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "schema": SCHEMA,
    "prov": PROV,
    "oa": OA,
    "dcterms": "http://purl.org/dc/terms/",
    "time": "http://www.w3.org/2006/time#",
    "wd": WD,
    "wdt": WDT,
    "p": P,
    "ps": PS,
}


def sparql_prologue() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


# Prefixes for showing terms only (reports, errors), not declared in the data or the queries
SHOWN_PREFIXES = {**PREFIXES, "sh": "http://www.w3.org/ns/shacl#"}
_PREFIX_OF = {namespace: prefix for prefix, namespace in SHOWN_PREFIXES.items()}  # every namespace ends in / or #


def curie(iri: str) -> str:
    """Shortest prefixed name for an IRI, or the IRI in angle brackets: what is printed can be pasted into a
    query or a command, so a name whose local part SPARQL would not read (a claim's source/name) is an <IRI>.

    >>> curie("https://w3id.org/csto-kg/id/tokayev"), curie("urn:x")
    ('kg:tokayev', '<urn:x>')
    >>> curie("https://w3id.org/csto-kg/claim/2022-01-13_example_0123abcd/c01")
    '<https://w3id.org/csto-kg/claim/2022-01-13_example_0123abcd/c01>'
    """
    end = len(iri)
    while (end := max(iri.rfind("/", 0, end), iri.rfind("#", 0, end))) >= 0:  # longest namespace first
        if (prefix := _PREFIX_OF.get(iri[: end + 1])) is not None:
            local = iri[end + 1 :]
            return f"{prefix}:{local}" if _LOCAL.fullmatch(local) else f"<{iri}>"
    return f"<{iri}>"


_LOCAL = re.compile(r"([\w-][\w.-]*[\w-]|[\w-]?)")  # a local name SPARQL and Turtle read as it is


def expand(term: str) -> str | None:
    """IRI for a CURIE, a full IRI or an <IRI>; None if it is neither."""
    if term.startswith("<") and term.endswith(">"):
        return term[1:-1]
    if term.startswith(("http://", "https://", "urn:")):
        return term
    prefix, sep, local = term.partition(":")
    if sep and prefix in SHOWN_PREFIXES:
        return SHOWN_PREFIXES[prefix] + local
    return None


_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya".split(),
    )
)


def kebab(name: str) -> str:
    """Lower-case ASCII words joined by hyphens; Cyrillic transliterated (a publisher named in Russian)."""
    letters = "".join(_TRANSLIT.get(c, c) for c in name.casefold()).replace("-", " ")
    ascii_only = unicodedata.normalize("NFKD", letters).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_only))
