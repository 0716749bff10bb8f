"""Claims and their evidence: each claim's quotes resolved to character offsets in its source.

A claim file `graph/claims/<source-id>.trig` (or any .trig under `graph/claims/<source-id>/`) holds one named graph
per claim, IRI `claim:<source-id>/<name>`; beside it, in the default graph, `kgo:quote` (one or more) and optionally
`kgo:inferredBecause`, `kgo:dateWords`, `kgo:dateAnchor`, `kgo:errorReason` (a reviewer's word that the claim states
the source's error) and who accepted it when (`prov:wasAttributedTo`, `prov:generatedAtTime`). The build turns each
quote into a W3C Web Annotation whose target carries a TextQuoteSelector and a TextPositionSelector, and links it to
the sentences it lies in.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import dates
from . import namespaces as ns
from .dates import MONTHS
from .errors import KgError
from .loader import RdfFile
from .sources import Source, position_selector_quads

QUOTE = ns.KGO + "quote"
INFERRED_BECAUSE = ns.KGO + "inferredBecause"
DATE_WORDS = ns.KGO + "dateWords"
DATE_ANCHOR = ns.KGO + "dateAnchor"
ATTRIBUTED_TO = ns.PROV + "wasAttributedTo"  # who accepted a reviewed claim (csto-kg review)
GENERATED_AT = ns.PROV + "generatedAtTime"  # and when
ERROR_REASON = ns.KGO + "errorReason"  # a reviewer marked the claim as the source's error, and why
CLAIM_METADATA = {QUOTE, INFERRED_BECAUSE, DATE_WORDS, DATE_ANCHOR, ATTRIBUTED_TO, GENERATED_AT, ERROR_REASON}
# who made a claim a claim: a curator by hand, a person in review, or software without a person (--accept-above)
CURATED, REVIEWED, UNCHECKED = (ns.KGO + k for k in ("CuratedClaim", "ReviewedClaim", "UncheckedClaim"))
CONTEXT_CHARS = 32


@dataclass
class Claim:
    iri: str
    file: RdfFile
    source: Source
    quotes: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    quads: list[ox.Quad] = field(default_factory=list)
    date_words: list[str] = field(default_factory=list)
    date_anchor: ox.Literal | None = None
    marked_errors: list[str] = field(default_factory=list)  # kgo:errorReason given beside the claim
    provenance: list[tuple[str, ox.NamedNode | ox.Literal]] = field(default_factory=list)  # review's PROV-O
    order: tuple = ()  # where the build meets it: (its file's path parts, its turn in the file)

    def dated(self) -> list[tuple[str, bool]]:
        """Each date the claim gives (an xsd:date value), with whether what it dates is planned in this claim:
        relative words then count ahead of their anchor ("в четверг" of a meeting to come)."""
        planned = {
            q.subject
            for q in self.quads
            if q.predicate.value == ns.KGO + "modality" and q.object.value == ns.KGO + "Planned"
        }
        return [
            (q.object.value, q.subject in planned)
            for q in self.quads
            if isinstance(q.object, ox.Literal) and q.object.datatype.value == ns.XSD + "date"
        ]

    def error(self, message: str, literal: str | None = None) -> KgError:
        """An error at the claim's line in its file, or at the literal's, searched from the claim on."""
        message = f"claim {ns.curie(self.iri)}: {message}"
        if literal is None:
            return self.file.error(message, iri=self.iri)
        return KgError(
            message, self.file.shown_as, self.file.line_of_literal(literal, after=self.file.line_of(self.iri))
        )


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
                raise file.error(
                    f"claim graph {ns.curie(iri)} must be named under {namespace} (the claims of source {source.id})",
                    iri=iri,
                )
            claims.setdefault(iri, Claim(iri, file, source)).quads.append(q)
    for q in file.quads:
        if isinstance(q.graph_name, ox.NamedNode):
            continue
        subject, predicate = q.subject.value, q.predicate.value
        if predicate not in CLAIM_METADATA:
            raise file.error(
                f"outside a claim graph only {', '.join(map(ns.curie, sorted(CLAIM_METADATA)))} may be stated, "
                f"not {ns.curie(predicate)}",
                iri=predicate,
            )
        if subject not in claims:
            raise file.error(
                f"{ns.curie(predicate)} is given for {ns.curie(subject)}, which is not a claim graph in this file",
                iri=subject,
            )
        claim = claims[subject]
        if predicate == ATTRIBUTED_TO:
            if not isinstance(q.object, ox.NamedNode):
                raise file.error(f"{ns.curie(predicate)} of {ns.curie(subject)} must be an IRI (an agent)", iri=subject)
            claim.provenance.append((predicate, q.object))
            continue
        if not isinstance(q.object, ox.Literal):
            raise file.error(f"{ns.curie(predicate)} of {ns.curie(subject)} must be a literal", iri=subject)
        if predicate == GENERATED_AT:
            if q.object.datatype.value != ns.XSD + "dateTime":
                raise file.error(f"{ns.curie(predicate)} of {ns.curie(subject)} must be an xsd:dateTime", iri=subject)
            claim.provenance.append((predicate, q.object))
        elif predicate == QUOTE:
            claim.quotes.append(q.object.value)
        elif predicate == INFERRED_BECAUSE:
            claim.reasons.append(q.object.value)
        elif predicate == DATE_WORDS:
            claim.date_words.append(q.object.value)
        elif predicate == ERROR_REASON:
            claim.marked_errors.append(q.object.value)
        elif claim.date_anchor is not None:
            raise claim.error("has two kgo:dateAnchor: give one day its relative words count from")
        else:
            claim.date_anchor = q.object
    for turn, claim in enumerate(claims.values()):
        if not claim.quotes:
            raise claim.error("has no kgo:quote: every claim needs the source's words that state it")
        claim.order = (tuple(Path(file.shown_as).parts), turn)
    return list(claims.values())


def nearest_sentence(quote: str, sentences: list[str]) -> str | None:
    """The sentence that covers most of the quote's characters (in order), if it covers at least half."""

    def coverage(sentence: str) -> float:
        blocks = difflib.SequenceMatcher(None, quote, sentence, autojunk=False).get_matching_blocks()
        return sum(b.size for b in blocks) / max(len(quote), 1)

    best = max(sentences, key=coverage, default=None)
    return best if best is not None and coverage(best) >= 0.5 else None


def occurrences(text: str, quote: str) -> list[int]:
    """Where `quote` occurs in `text`, overlapping occurrences too (a quote must occur once to be found).

    >>> occurrences("ОДКБ, ОДКБ", "ОДКБ"), occurrences("aaa", "aa"), occurrences("abc", "")
    ([0, 6], [0, 1], [])
    """
    # str.find, not a pattern compiled per quote: a build has a thousand quotes, more than re keeps compiled
    found, at = [], text.find(quote) if quote else -1
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def find_quote(claim: Claim, quote: str) -> int:
    """Offset of the one occurrence of `quote` in the claim's source, or a clear error."""
    text = claim.source.text
    starts = occurrences(text, quote)
    if len(starts) == 1:
        return starts[0]
    if not starts:
        near = nearest_sentence(quote, [text[a:b] for a, b in claim.source.sentences])
        hint = f"; the nearest sentence is: «{near}»" if near else ""
        raise claim.error(f"quote not found in source {claim.source.id}: «{quote}»{hint}", literal=quote)
    raise claim.error(
        f"quote is ambiguous: it occurs {len(starts)} times in source {claim.source.id} "
        f"(at offsets {', '.join(map(str, starts))}); lengthen it until it occurs once: «{quote}»",
        literal=quote,
    )


def _states_day(quotes: list[str], day: int, month: int, language: str, value: str = "", published: str = "") -> bool:
    """Whether a quote states the day: its number beside its month's name, or words extract reads as that day
    ("Jan. 2", «2 янв.», "02.01.2022"; never relative words, which need kgo:dateWords)."""
    if value and published:
        anchor = datetime.date.fromisoformat(published)
        wanted = datetime.date.fromisoformat(value)
        for quote in quotes:
            if any(  # the day named (an interval's first or last), its month in the words too ("6-го числа": no)
                not found.relative and wanted in (found.first, found.last) and not found.month_inferred
                for found in dates.find_dates(quote, anchor, language)
            ):
                return True
    month_names = MONTHS.get(language, [])
    day_pattern = re.compile(rf"(?<!\d)0?{day}(?!\d)")
    return (
        any(
            day_pattern.search(q) and any(m.lower() == month_names[month - 1].lower() for m in re.findall(r"\w+", q))
            for q in quotes
        )
        if month_names
        else False
    )


def relative_date_reasons(claim: Claim) -> tuple[list[str], set[str]]:
    """Check each kgo:dateWords of a claim: the words are in a quote, this module knows them, and a date of the claim
    is the day they name counted from the anchor (kgo:dateAnchor, else the publication date). Returns the reasons to
    record and the dates so explained; a wrong day fails with the claim's file and line."""
    if claim.date_anchor is not None:
        if claim.date_anchor.datatype.value != ns.XSD + "date" or not re.fullmatch(
            r"\d{4}-\d{2}-\d{2}", claim.date_anchor.value
        ):
            raise claim.error(
                f"kgo:dateAnchor {claim.date_anchor.value!r} is not an xsd:date (YYYY-MM-DD)",
                literal=claim.date_anchor.value,
            )
        anchor, anchor_name = datetime.date.fromisoformat(claim.date_anchor.value), "the day the words were said"
    else:
        anchor, anchor_name = datetime.date.fromisoformat(claim.source.published), "the publication date"
    dated = claim.dated()
    reasons, explained = [], set()
    for words in claim.date_words:
        place = next(
            ((quote, quote.casefold().index(words.casefold())) for quote in claim.quotes
             if words.casefold() in quote.casefold()),
            None,
        )  # fmt: skip
        if place is None:
            raise claim.error(f"kgo:dateWords «{words}» are not in any of its quotes", literal=words)
        if dates.resolve(words, anchor) is None:
            raise claim.error(
                f"kgo:dateWords «{words}»: not relative words this build can count (a weekday, 'last'/'next' "
                "and a weekday, today, yesterday, tomorrow, сегодня, вчера, накануне, завтра, …); "
                "explain the date with kgo:inferredBecause instead",
                literal=words,
            )
        quote, at = place
        # the same reading as extract's: forward or back by the tense of the words' own clause in the quote
        day = dates.day_named_at(quote, at, at + len(words), anchor, claim.source.language)
        named = {day.isoformat()} | ({(day - dates.DAY).isoformat()} if dates.night_before(words) else set())
        days = {value for value, _ in dated if value in named}
        if not days:
            shown = ", ".join(sorted({value for value, _ in dated})) or "none"
            raise claim.error(
                f"«{words}» counted from {anchor.isoformat()} ({anchor_name}) is "
                f"{dates.WEEKDAY_NAMES[day.weekday()]} {day.isoformat()}, but the claim's dates are {shown} "
                "(back or forward by the tense of the words' own clause)",
                literal=words,
            )
        explained |= days
        reasons.append(dates.how_resolved(words, anchor, anchor_name, day))
    return reasons, explained


def date_reasons(claim: Claim) -> list[str]:
    """Check every date of a claim against its quotes. Returns the reasons to add (relative words, an implicit
    year); fails for a day or month (or a year other than the publication year) that nothing explains."""
    added, explained = relative_date_reasons(claim)
    published_year = claim.source.published[:4]
    for q in claim.quads:
        obj = q.object
        if not (isinstance(obj, ox.Literal) and obj.datatype.value == ns.XSD + "date"):
            continue
        match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", obj.value)
        if not match:
            raise claim.error(f"{obj.value!r} is not an xsd:date (YYYY-MM-DD)", literal=obj.value)
        if obj.value in explained:
            continue
        year, month, day = match.group(1), int(match.group(2)), int(match.group(3))
        if not claim.reasons and not _states_day(
            claim.quotes, day, month, claim.source.language, obj.value, claim.source.published
        ):
            raise claim.error(
                f"date {obj.value} is not stated in its quote: fix the date, or say where it comes from with "
                "kgo:inferredBecause (or kgo:dateWords for words such as 'Tuesday')",
                literal=obj.value,
            )
        if not any(year in quote for quote in claim.quotes):
            if year != published_year and not claim.reasons:
                raise claim.error(
                    f"the year of {obj.value} is neither in the quote nor the year of publication "
                    f"({claim.source.published}): "
                    "say where it comes from with kgo:inferredBecause",
                    literal=obj.value,
                )
            if year == published_year:
                note = (
                    f"The year {year} is not in the quote; it is the year the article was published "
                    f"({claim.source.published})."
                )
                if note not in added:
                    added.append(note)
    return added


def kind_of(claim: Claim, software: set[str]) -> str:
    """kgo:CuratedClaim (by hand), kgo:ReviewedClaim (a person accepted it) or kgo:UncheckedClaim (accepted by
    software, `software` being the agents the register types prov:SoftwareAgent)."""
    agents = {o.value for p, o in claim.provenance if p == ATTRIBUTED_TO}
    if not agents:
        return CURATED
    return REVIEWED if agents - software else UNCHECKED


def evidence_quads(claim: Claim, software: set[str] = frozenset()) -> list[ox.Quad]:
    """The claim's provenance, its kind (who made it a claim) and one Web Annotation per quote, in the evidence
    graph."""
    g = ox.NamedNode(ns.EVIDENCE_GRAPH)
    a = ox.NamedNode(ns.RDF_TYPE)
    c = ox.NamedNode(claim.iri)
    src = ox.NamedNode(claim.source.iri)
    reasons = claim.reasons + date_reasons(claim)
    quads = [
        ox.Quad(c, a, ox.NamedNode(ns.KGO + "Claim"), g),
        ox.Quad(c, a, ox.NamedNode(kind_of(claim, software)), g),
        ox.Quad(c, ox.NamedNode(ns.PROV + "wasDerivedFrom"), src, g),
    ]
    if reasons:
        quads.append(ox.Quad(c, a, ox.NamedNode(ns.KGO + "InferredClaim"), g))
        quads += [ox.Quad(c, ox.NamedNode(INFERRED_BECAUSE), ox.Literal(r, language="en"), g) for r in reasons]
    quads += [ox.Quad(c, ox.NamedNode(DATE_WORDS), ox.Literal(w), g) for w in claim.date_words]
    quads += [ox.Quad(c, ox.NamedNode(p), o, g) for p, o in claim.provenance]
    if claim.date_anchor is not None:
        quads.append(ox.Quad(c, ox.NamedNode(DATE_ANCHOR), claim.date_anchor, g))
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
            ox.Quad(
                quote_selector,
                ox.NamedNode(ns.OA + "prefix"),
                ox.Literal(text[max(0, start - CONTEXT_CHARS) : start]),
                g,
            ),
            ox.Quad(quote_selector, ox.NamedNode(ns.OA + "suffix"), ox.Literal(text[end : end + CONTEXT_CHARS]), g),
            *position_selector_quads(position_selector, start, end, g),
        ]
        for s in claim.source.sentences_overlapping(start, end):
            quads.append(
                ox.Quad(target, ox.NamedNode(ns.KGO + "inSentence"), ox.NamedNode(claim.source.sentence_iri(s)), g)
            )
    return quads
