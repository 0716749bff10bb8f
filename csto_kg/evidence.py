"""Claims and their evidence: each claim's quotes resolved to character offsets in its source.

A claim file `graph/claims/<source-id>.trig` (or any .trig under `graph/claims/<source-id>/`) holds one named
graph per claim, IRI `claim:<source-id>/<name>`; beside it, in the default graph, `kgo:quote` (one or more) and
optionally `kgo:inferredBecause`. The build turns each quote into a W3C Web Annotation whose target carries a
TextQuoteSelector and a TextPositionSelector, and links it to the sentences it lies in.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from . import namespaces as ns
from .errors import KgError
from .loader import RdfFile
from .sources import Source, position_selector_quads

QUOTE = ns.KGO + "quote"
INFERRED_BECAUSE = ns.KGO + "inferredBecause"
CLAIM_METADATA = {QUOTE, INFERRED_BECAUSE}
CONTEXT_CHARS = 32

MONTHS = {
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
}


@dataclass
class Claim:
    iri: str
    file: RdfFile
    source: Source
    quotes: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    quads: list[ox.Quad] = field(default_factory=list)

    def error(self, message: str, literal: str | None = None) -> KgError:
        return self.file.error(f"claim {ns.curie(self.iri)}: {message}", iri=None if literal else self.iri, literal=literal)


def source_id_of(file: RdfFile, claims_root) -> str:
    relative = file.path.relative_to(claims_root)
    return relative.parts[0] if len(relative.parts) > 1 else file.path.stem


def read_claims(file: RdfFile, source: Source) -> list[Claim]:
    """Group a claim file's quads into claims; reject metadata that belongs to no claim of this file."""
    namespace = f"{ns.CLAIM}{source.id}/"
    claims: dict[str, Claim] = {}
    for q in file.quads:
        if isinstance(q.graph_name, ox.NamedNode):
            iri = q.graph_name.value
            if not iri.startswith(namespace):
                raise file.error(f"claim graph {ns.curie(iri)} must be named under {namespace} (the claims of source {source.id})", iri=iri)
            claims.setdefault(iri, Claim(iri, file, source)).quads.append(q)
    for q in file.quads:
        if isinstance(q.graph_name, ox.NamedNode):
            continue
        subject, predicate = q.subject.value, q.predicate.value
        if predicate not in CLAIM_METADATA:
            raise file.error(f"outside a claim graph only kgo:quote and kgo:inferredBecause may be stated, not {ns.curie(predicate)}", iri=predicate)
        if subject not in claims:
            raise file.error(f"{ns.curie(predicate)} is given for {ns.curie(subject)}, which is not a claim graph in this file", iri=subject)
        if not isinstance(q.object, ox.Literal):
            raise file.error(f"{ns.curie(predicate)} of {ns.curie(subject)} must be a literal", iri=subject)
        (claims[subject].quotes if predicate == QUOTE else claims[subject].reasons).append(q.object.value)
    for claim in claims.values():
        if not claim.quotes:
            raise claim.error("has no kgo:quote: every claim needs the source's words that state it")
    return list(claims.values())


def nearest_sentence(quote: str, sentences: list[str]) -> str | None:
    """The sentence that covers most of the quote's characters (in order), if it covers at least half."""
    def coverage(sentence: str) -> float:
        blocks = difflib.SequenceMatcher(None, quote, sentence, autojunk=False).get_matching_blocks()
        return sum(b.size for b in blocks) / max(len(quote), 1)

    best = max(sentences, key=coverage, default=None)
    return best if best is not None and coverage(best) >= 0.5 else None


def find_quote(claim: Claim, quote: str) -> int:
    """Offset of the one occurrence of `quote` in the claim's source, or a clear error."""
    text = claim.source.text
    starts = [m.start() for m in re.finditer(f"(?={re.escape(quote)})", text)] if quote else []
    if len(starts) == 1:
        return starts[0]
    if not starts:
        near = nearest_sentence(quote, [text[a:b] for a, b in claim.source.sentences])
        hint = f"; the nearest sentence is: «{near}»" if near else ""
        raise claim.error(f"quote not found in source {claim.source.id}: «{quote}»{hint}", literal=quote)
    raise claim.error(f"quote is ambiguous: it occurs {len(starts)} times in source {claim.source.id} "
                      f"(at offsets {', '.join(map(str, starts))}); lengthen it until it occurs once: «{quote}»", literal=quote)


def _states_day(quotes: list[str], day: int, month: int, language: str) -> bool:
    month_names = MONTHS.get(language, [])
    day_pattern = re.compile(rf"(?<!\d)0?{day}(?!\d)")
    return any(day_pattern.search(q) and any(m.lower() == month_names[month - 1].lower() for m in re.findall(r"\w+", q))
               for q in quotes) if month_names else False


def date_reasons(claim: Claim) -> list[str]:
    """Check every date of a claim against its quotes. Returns the reason to add for an implicit year;
    fails for a day or month (or a year other than the publication year) that nothing explains."""
    added = []
    published_year = claim.source.published[:4]
    for q in claim.quads:
        obj = q.object
        if not (isinstance(obj, ox.Literal) and obj.datatype.value == ns.XSD + "date"):
            continue
        match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", obj.value)
        if not match:
            raise claim.error(f"{obj.value!r} is not an xsd:date (YYYY-MM-DD)", literal=obj.value)
        year, month, day = match.group(1), int(match.group(2)), int(match.group(3))
        if not claim.reasons and not _states_day(claim.quotes, day, month, claim.source.language):
            raise claim.error(f"date {obj.value} is not stated in its quote: fix the date, or say where it comes from with kgo:inferredBecause",
                              literal=obj.value)
        if not any(year in quote for quote in claim.quotes):
            if year != published_year and not claim.reasons:
                raise claim.error(f"the year of {obj.value} is neither in the quote nor the year of publication ({claim.source.published}): "
                                  "say where it comes from with kgo:inferredBecause", literal=obj.value)
            if year == published_year:
                note = f"The year {year} is not in the quote; it is the year the article was published ({claim.source.published})."
                if note not in added:
                    added.append(note)
    return added


def evidence_quads(claim: Claim) -> list[ox.Quad]:
    """The claim's provenance and one Web Annotation per quote, in the evidence graph."""
    g = ox.NamedNode(ns.EVIDENCE_GRAPH)
    a = ox.NamedNode(ns.RDF_TYPE)
    c = ox.NamedNode(claim.iri)
    src = ox.NamedNode(claim.source.iri)
    reasons = claim.reasons + date_reasons(claim)
    quads = [ox.Quad(c, a, ox.NamedNode(ns.KGO + "Claim"), g),
             ox.Quad(c, ox.NamedNode(ns.PROV + "wasDerivedFrom"), src, g)]
    if reasons:
        quads.append(ox.Quad(c, a, ox.NamedNode(ns.KGO + "InferredClaim"), g))
        quads += [ox.Quad(c, ox.NamedNode(INFERRED_BECAUSE), ox.Literal(r, language="en"), g) for r in reasons]
    text = claim.source.text
    for i, quote in enumerate(claim.quotes, start=1):
        start = find_quote(claim, quote)
        end = start + len(quote)
        base = f"{claim.iri}/evidence/{i}"
        annotation, target = ox.NamedNode(base), ox.NamedNode(base + "/target")
        quote_selector, position_selector = ox.NamedNode(base + "/quote"), ox.NamedNode(base + "/position")
        quads += [
            ox.Quad(annotation, a, ox.NamedNode(ns.OA + "Annotation"), g),
            ox.Quad(annotation, ox.NamedNode(ns.OA + "motivatedBy"), ox.NamedNode(ns.OA + "describing"), g),
            ox.Quad(annotation, ox.NamedNode(ns.OA + "hasBody"), c, g),
            ox.Quad(annotation, ox.NamedNode(ns.OA + "hasTarget"), target, g),
            ox.Quad(target, a, ox.NamedNode(ns.OA + "SpecificResource"), g),
            ox.Quad(target, ox.NamedNode(ns.OA + "hasSource"), src, g),
            ox.Quad(target, ox.NamedNode(ns.OA + "hasSelector"), quote_selector, g),
            ox.Quad(target, ox.NamedNode(ns.OA + "hasSelector"), position_selector, g),
            ox.Quad(quote_selector, a, ox.NamedNode(ns.OA + "TextQuoteSelector"), g),
            ox.Quad(quote_selector, ox.NamedNode(ns.OA + "exact"), ox.Literal(quote), g),
            ox.Quad(quote_selector, ox.NamedNode(ns.OA + "prefix"), ox.Literal(text[max(0, start - CONTEXT_CHARS):start]), g),
            ox.Quad(quote_selector, ox.NamedNode(ns.OA + "suffix"), ox.Literal(text[end:end + CONTEXT_CHARS]), g),
            *position_selector_quads(position_selector, start, end, g),
        ]
        for s in claim.source.sentences_overlapping(start, end):
            quads.append(ox.Quad(target, ox.NamedNode(ns.KGO + "inSentence"), ox.NamedNode(claim.source.sentence_iri(s)), g))
    return quads

