"""What a reviewer may change in a claim, as one line each (`role agent kg:tokayev`, `quantity 19 Vehicle`), checked
against the ontology and the graph the moment it is typed, and applied to the claim's triples.

An edit is generic over the claim: the claim has a *subject* (the node it is about: its event, or the entity of a
fact that is not an event), and `type`, `subject`, `date`, `label@..`, `role` act on it; `fact` adds or removes any
statement and `quantity` any figure, so a claim of any shape can be corrected. A term must be one the ontology
declares (classes, properties, controlled values) and an entity one the graph, the register or the claim itself
types: a typo is refused with the nearest names, before it is recorded, never by the next build.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass

import pyoxigraph as ox

from .. import namespaces as ns
from ..errors import KgError

# field -> what its value is; the order is the order of the help
FIELDS = {
    "type": "CLASS (kgo:Arrival): what the claim's subject is",
    "subject": "ENTITY: the claim is about this entity of the graph (an event it reports again)",
    "date": "YYYY-MM-DD: the one day (replaces start and end)",
    "start": "YYYY-MM-DD: the first day",
    "end": "YYYY-MM-DD: the last day",
    "-date": "(nothing): the claim gives no date",
    "label@en": "TEXT: the subject's English label",
    "label@ru": "TEXT: the subject's Russian label",
    "role": "PROPERTY ENTITY (agent kg:tokayev): the subject's role filled",
    "-role": "PROPERTY ENTITY: a role taken away",
    "fact": "SUBJECT PROPERTY VALUE (kg:almaty kgo:locatedIn kg:kyrgyzstan): any statement added",
    "-fact": "SUBJECT PROPERTY VALUE: a statement taken away",
    "quantity": "[NODE] NUMBER KIND [BOUND] [UNIT] (19 Vehicle; kg:x-quantity-1 25 Vehicle MoreThan): a figure",
    "-quantity": "NODE: a figure taken away",
    "quote": "WORDS: the source's words, occurring once (replaces the quotes)",
    "because": "TEXT: a note why the claim goes beyond the words (kgo:inferredBecause)",
    "-because": "(nothing): every note taken away",
    "words": "WORDS: relative date words of the quote (kgo:dateWords: 'Tuesday', «накануне»)",
    "-words": "(nothing): no relative date words",
    "anchor": "YYYY-MM-DD: the day the date words were said (kgo:dateAnchor)",
    "-anchor": "(nothing): the words count from the publication date",
    "error": "REASON: the claim states the source's error (the build keeps it, marked, and believes it not)",
    "-error": "(nothing): not an error after all",
}
NO_VALUE = {f for f, what in FIELDS.items() if what.startswith("(nothing)")}
ON_SUBJECT = {"type", "subject", "date", "start", "end", "-date", "label@en", "label@ru", "role", "-role", "quantity",
              "-quantity"}  # fmt: skip
LABEL_OF = re.compile(r"(?P<iri>\S+) label@(?P<lang>en|ru)")  # a label of a new entity the claim names
TOKEN = re.compile(r'<[^>\s]*>|"(?:[^"\\]|\\.)*"(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^\S+)?|\S+')
DATE_PROPERTIES = (ns.KGO + "date", ns.KGO + "startDate", ns.KGO + "endDate")
QUANTITY_PROPERTIES = ("countOf", "numericValue", "unit", "bound")
NOTES = {
    "quote": ns.KGO + "quote",
    "because": ns.KGO + "inferredBecause",
    "words": ns.KGO + "dateWords",
    "anchor": ns.KGO + "dateAnchor",
    "error": ns.KGO + "errorReason",
}


@dataclass
class Terms:
    """What an edit may name: the ontology's classes, properties and controlled values, and the entities typed in
    the graph, the register and the claim files (the claim being edited adds its own)."""

    classes: set[str]
    properties: set[str]
    individuals: dict[str, set[str]]  # class IRI -> its named individuals (kgo:CountedKind -> kgo:Vehicle, ...)
    entities: set[str]

    def suggest(self, iri: str, among) -> str:
        names = {ns.curie(t): t for t in among}
        close = difflib.get_close_matches(ns.curie(iri), list(names), n=3, cutoff=0.6)
        return f" (did you mean {', '.join(close)}?)" if close else ""


@dataclass
class Draft:
    """A claim being edited: its graph, its notes beside it (quote, date words, anchor, notes, error), and its
    subject."""

    graph: ox.NamedNode
    subject: ox.NamedNode | None
    quads: list[ox.Quad]
    also: frozenset[str] = frozenset()  # entities it may name that nothing types yet (new ones extract proposes)
    replay: bool = False  # recorded edits applied again: taking away what is no longer there is no error


def iri_of(text: str) -> str:
    """kg:name, kgo:Name, a bare kgo: local name or <IRI> as an IRI, or a one-line error."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        iri = text[1:-1]
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise KgError(f"'{text}' is not an IRI") from None
        if not re.match(r"[a-z][a-z0-9+.-]*:", iri):
            raise KgError(f"'{text}' is not an absolute IRI")
        return iri
    if text == "a":
        return ns.RDF_TYPE
    prefix, sep, local = text.partition(":")
    if not sep:
        prefix, local = "kgo", text
    if prefix in ns.PREFIXES and re.fullmatch(r"[A-Za-z0-9_][\w.-]*", local) and not local.endswith("."):
        return ns.PREFIXES[prefix] + local
    raise KgError(f"'{text}' is not a term: write kg:name, kgo:Name or <IRI>")


def day(text: str) -> ox.Literal:
    try:
        value = datetime.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise KgError(f"'{text}' is not a date: write YYYY-MM-DD") from None
    return ox.Literal(value, datatype=ox.NamedNode(ns.XSD + "date"))


def integer(text: str) -> ox.Literal:
    digits = text.replace(",", "").replace("\u00a0", "")
    if not re.fullmatch(r"\d{1,15}", digits):
        raise KgError(f"'{text}' is not a whole number")
    return ox.Literal(str(int(digits)), datatype=ox.NamedNode(ns.XSD + "integer"))


def value_of(text: str) -> ox.NamedNode | ox.Literal:
    """A statement's object: a term, a "text"@lang, a number or a day."""
    if text.startswith('"'):
        match = re.fullmatch(r'"((?:[^"\\]|\\.)*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(\S+))?', text)
        if not match:
            raise KgError(f"{text}: write text in double quotes, with @en or @ru")
        body = re.sub(r"\\(.)", r"\1", match.group(1))
        if match.group(2):
            return ox.Literal(body, language=match.group(2).lower())
        if match.group(3):
            return ox.Literal(body, datatype=ox.NamedNode(iri_of(match.group(3))))
        return ox.Literal(body)
    if re.fullmatch(r"\d[\d,]*", text):
        return integer(text)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return day(text)
    return ox.NamedNode(iri_of(text))


def split(value: str) -> list[str]:
    return TOKEN.findall(value)


class Editor:
    """Checks and applies edits over one set of Terms."""

    def __init__(self, terms: Terms):
        self.terms = terms

    # --- checking ----------------------------------------------------------------------------------------------

    def known(self, iri: str, draft: Draft | None = None) -> bool:
        if iri in self.terms.entities or iri in self.terms.classes or iri in self.terms.properties:
            return True
        if any(iri in kinds for kinds in self.terms.individuals.values()):
            return True
        return draft is not None and (
            iri in draft.also or any(q.subject.value == iri and q.predicate.value == ns.RDF_TYPE for q in draft.quads)
        )

    def entity(self, text: str, draft: Draft | None, what: str = "entity") -> ox.NamedNode:
        iri = iri_of(text)
        if not self.known(iri, draft):
            raise KgError(
                f"{ns.curie(iri)}: no such {what} in the graph, the register or this claim"
                + self.terms.suggest(iri, self.terms.entities)
            )
        return ox.NamedNode(iri)

    def cls(self, text: str) -> ox.NamedNode:
        iri = iri_of(text)
        if iri not in self.terms.classes:
            raise KgError(f"{text}: not a class of the ontology" + self.terms.suggest(iri, self.terms.classes))
        return ox.NamedNode(iri)

    def prop(self, text: str) -> ox.NamedNode:
        iri = iri_of(text)
        if iri not in self.terms.properties:
            raise KgError(f"{text}: not a property of the ontology" + self.terms.suggest(iri, self.terms.properties))
        return ox.NamedNode(iri)

    def controlled(self, text: str, kind: str) -> ox.NamedNode:
        iri = iri_of(text)
        allowed = self.terms.individuals.get(ns.KGO + kind, set())
        if iri not in allowed:
            shown = ", ".join(sorted(ns.curie(i).removeprefix("kgo:") for i in allowed))
            raise KgError(f"{text}: not a {ns.curie(ns.KGO + kind)} ({shown})")
        return ox.NamedNode(iri)

    # --- applying ----------------------------------------------------------------------------------------------

    def apply(self, draft: Draft, field: str, value: str, text: str | None = None) -> None:
        """Apply one edit to the draft; a refusal (one line, KgError) leaves the draft as it was."""
        if LABEL_OF.fullmatch(field):  # the label of a new entity: written to the register, not the claim
            if not value.strip():
                raise KgError(f"{field}: give a value")
            return
        if field not in FIELDS:
            raise KgError(f"'{field}' cannot be edited; fields: {', '.join(FIELDS)}")
        if field in NO_VALUE:
            if value.strip():
                raise KgError(f"{field} takes no value")
        elif not value.strip():
            raise KgError(f"{field}: give a value ({FIELDS[field]})")
        if draft.subject is None and field in ON_SUBJECT:
            raise KgError(f"{field}: the claim has no subject yet: state a fact first (fact kg:x a kgo:Class)")
        work = Draft(draft.graph, draft.subject, list(draft.quads), draft.also, draft.replay)
        getattr(self, "_" + field.replace("-", "no_").replace("@", "_"))(work, value.strip(), text)
        draft.subject, draft.quads = work.subject, work.quads

    def _on_subject(self, draft: Draft, predicate: str, obj=None) -> None:
        """Replace the subject's values of `predicate` by `obj` (or none)."""
        s = draft.subject
        draft.quads = [q for q in draft.quads if not (q.subject == s and q.predicate.value == predicate)]
        if obj is not None:
            draft.quads.append(ox.Quad(s, ox.NamedNode(predicate), obj, draft.graph))

    def _type(self, draft: Draft, value: str, _text) -> None:
        cls = self.cls(value)
        self._on_subject(draft, ns.RDF_TYPE, cls)

    def _subject(self, draft: Draft, value: str, _text) -> None:
        new = self.entity(value, draft)
        old = draft.subject
        draft.quads = [
            ox.Quad(new if q.subject == old else q.subject, q.predicate, new if q.object == old else q.object,
                    q.graph_name)
            for q in draft.quads
        ]  # fmt: skip
        # the graph's entity has its labels already (in its own claims or the register)
        draft.quads = [q for q in draft.quads if not (q.subject == new and q.predicate.value == ns.RDFS_LABEL)]
        draft.subject = new

    def _date(self, draft: Draft, value: str, _text) -> None:
        for p in DATE_PROPERTIES[1:]:
            self._on_subject(draft, p)
        self._on_subject(draft, DATE_PROPERTIES[0], day(value))

    def _start(self, draft: Draft, value: str, _text) -> None:
        self._on_subject(draft, DATE_PROPERTIES[0])
        self._on_subject(draft, DATE_PROPERTIES[1], day(value))

    def _end(self, draft: Draft, value: str, _text) -> None:
        self._on_subject(draft, DATE_PROPERTIES[0])
        self._on_subject(draft, DATE_PROPERTIES[2], day(value))

    def _no_date(self, draft: Draft, _value: str, _text) -> None:
        for p in DATE_PROPERTIES:
            self._on_subject(draft, p)

    def _label(self, draft: Draft, value: str, lang: str) -> None:
        s = draft.subject
        draft.quads = [
            q
            for q in draft.quads
            if not (q.subject == s and q.predicate.value == ns.RDFS_LABEL and q.object.language == lang)
        ]
        draft.quads.append(ox.Quad(s, ox.NamedNode(ns.RDFS_LABEL), ox.Literal(value, language=lang), draft.graph))

    def _label_en(self, draft: Draft, value: str, _text) -> None:
        self._label(draft, value, "en")

    def _label_ru(self, draft: Draft, value: str, _text) -> None:
        self._label(draft, value, "ru")

    def _role_parts(self, field: str, value: str, draft: Draft) -> ox.Quad:
        parts = split(value)
        if len(parts) != 2:
            raise KgError(f"{field}: write the property and the entity, e.g. 'agent kg:tokayev'")
        prop = self.prop(parts[0])
        if prop.value in (ns.RDF_TYPE, ns.RDFS_LABEL) or prop.value in DATE_PROPERTIES:
            raise KgError(f"{field}: {ns.curie(prop.value)} is not a role (edit type, date or the label)")
        return ox.Quad(draft.subject, prop, self.entity(parts[1], draft), draft.graph)

    def _role(self, draft: Draft, value: str, _text) -> None:
        quad = self._role_parts("role", value, draft)
        draft.quads = [q for q in draft.quads if q != quad] + [quad]

    def _no_role(self, draft: Draft, value: str, _text) -> None:
        quad = self._role_parts("-role", value, draft)
        if quad not in draft.quads and not draft.replay:
            raise KgError(f"-role: the claim does not state {ns.curie(quad.predicate.value)} {value.split()[-1]}")
        draft.quads = [q for q in draft.quads if q != quad]

    def _fact_parts(self, field: str, value: str, draft: Draft) -> ox.Quad:
        parts = split(value)
        if len(parts) != 3:
            raise KgError(
                f"{field}: write the subject, the property and the value, e.g. 'kg:almaty locatedIn kg:kazakhstan'"
            )
        predicate = self.prop(parts[1])
        obj = self.cls(parts[2]) if predicate.value == ns.RDF_TYPE else value_of(parts[2])
        if predicate.value == ns.RDF_TYPE and iri_of(parts[0]).startswith(ns.KG):
            subject = ox.NamedNode(iri_of(parts[0]))  # a new entity enters the claim by its type
        else:
            subject = self.entity(parts[0], draft)
        if isinstance(obj, ox.NamedNode) and predicate.value != ns.RDF_TYPE:
            self.entity(parts[2], draft, "entity or term")
        return ox.Quad(subject, predicate, obj, draft.graph)

    def _fact(self, draft: Draft, value: str, _text) -> None:
        quad = self._fact_parts("fact", value, draft)
        draft.quads = [q for q in draft.quads if q != quad] + [quad]
        if draft.subject is None:
            draft.subject = quad.subject

    def _no_fact(self, draft: Draft, value: str, _text) -> None:
        quad = self._fact_parts("-fact", value, draft)
        if quad not in draft.quads and not draft.replay:
            raise KgError(f"-fact: the claim does not state {value}")
        draft.quads = [q for q in draft.quads if q != quad]

    def quantities(self, draft: Draft) -> list[ox.NamedNode]:
        """The claim's figures: the nodes its subject's kgo:quantity names."""
        return [
            q.object for q in draft.quads if q.subject == draft.subject and q.predicate.value == ns.KGO + "quantity"
        ]

    def _quantity(self, draft: Draft, value: str, _text) -> None:
        parts = split(value)
        node = None
        if parts and not re.fullmatch(r"\d[\d,]*", parts[0]):
            node = ox.NamedNode(iri_of(parts[0]))
            if node not in self.quantities(draft):
                raise KgError(f"quantity: {parts[0]} is not a figure of this claim ({self._shown_figures(draft)})")
            parts = parts[1:]
        if not 2 <= len(parts) <= 4:
            raise KgError(
                "quantity: write [NODE] NUMBER KIND [BOUND] [UNIT], e.g. '19 Vehicle' or '3000 Personnel MoreThan'"
            )
        number, kind = integer(parts[0]), self.controlled(parts[1], "CountedKind")
        bound, unit = ox.NamedNode(ns.KGO + "Exactly"), ox.NamedNode(ns.KGO + "Item")
        for extra in parts[2:]:
            iri = iri_of(extra)
            if iri in self.terms.individuals.get(ns.KGO + "Bound", set()):
                bound = ox.NamedNode(iri)
            elif iri in self.terms.individuals.get(ns.KGO + "Unit", set()):
                unit = ox.NamedNode(iri)
            else:
                raise KgError(f"quantity: {extra} is neither a kgo:Bound nor a kgo:Unit")
        g = draft.graph
        if node is None:
            taken = {q.subject.value for q in draft.quads}
            claim = draft.graph.value.removeprefix(ns.CLAIM).replace("/", "-")  # the source's, as extract names one
            n = 1
            while (iri := f"{draft.subject.value}-quantity-{claim}-{n}") in taken:
                n += 1
            node = ox.NamedNode(iri)
            draft.quads += [
                ox.Quad(draft.subject, ox.NamedNode(ns.KGO + "quantity"), node, g),
                ox.Quad(node, ox.NamedNode(ns.RDF_TYPE), ox.NamedNode(ns.KGO + "Quantity"), g),
            ]
        values = {"countOf": kind, "numericValue": number, "unit": unit, "bound": bound}
        draft.quads = [
            q for q in draft.quads if not (q.subject == node and q.predicate.value.removeprefix(ns.KGO) in values)
        ]
        # a label of the old figure would now say another number
        draft.quads = [q for q in draft.quads if not (q.subject == node and q.predicate.value == ns.RDFS_LABEL)]
        draft.quads += [ox.Quad(node, ox.NamedNode(ns.KGO + p), v, g) for p, v in values.items()]

    def _shown_figures(self, draft: Draft) -> str:
        figures = self.quantities(draft)
        return "its figures: " + ", ".join(ns.curie(f.value) for f in figures) if figures else "it has none"

    def _no_quantity(self, draft: Draft, value: str, _text) -> None:
        node = ox.NamedNode(iri_of(value))
        if node not in self.quantities(draft) and not draft.replay:
            raise KgError(f"-quantity: {value} is not a figure of this claim ({self._shown_figures(draft)})")
        draft.quads = [q for q in draft.quads if q.subject != node and q.object != node]

    def _note(self, draft: Draft, field: str, obj) -> None:
        predicate = NOTES[field]
        if field != "because":  # one of each, but notes add up
            draft.quads = [q for q in draft.quads if not (q.subject == draft.graph and q.predicate.value == predicate)]
        if obj is not None:
            draft.quads.append(ox.Quad(draft.graph, ox.NamedNode(predicate), obj))

    def _no_note(self, draft: Draft, field: str) -> None:
        predicate = NOTES[field]
        draft.quads = [q for q in draft.quads if not (q.subject == draft.graph and q.predicate.value == predicate)]

    def _quote(self, draft: Draft, value: str, text) -> None:
        if text is not None and text.count(value) != 1:
            found = text.count(value)
            raise KgError(
                "quote: the words must occur exactly once in the source text"
                + (f" (they occur {found} times: lengthen them)" if found else " (they do not occur: copy them)")
            )
        draft.quads = [
            q for q in draft.quads if not (q.subject == draft.graph and q.predicate.value == ns.KGO + "quote")
        ]
        draft.quads.append(ox.Quad(draft.graph, ox.NamedNode(ns.KGO + "quote"), ox.Literal(value)))

    def _because(self, draft: Draft, value: str, _text) -> None:
        self._note(draft, "because", ox.Literal(value, language="en"))

    def _no_because(self, draft: Draft, _value: str, _text) -> None:
        self._no_note(draft, "because")

    def _words(self, draft: Draft, value: str, _text) -> None:
        quotes = [
            q.object.value for q in draft.quads if q.subject == draft.graph and q.predicate.value == ns.KGO + "quote"
        ]
        if not any(value.casefold() in quote.casefold() for quote in quotes):
            raise KgError(f"words: «{value}» are not in the claim's quote")
        self._note(draft, "words", ox.Literal(value))

    def _no_words(self, draft: Draft, _value: str, _text) -> None:
        self._no_note(draft, "words")

    def _anchor(self, draft: Draft, value: str, _text) -> None:
        self._note(draft, "anchor", day(value))

    def _no_anchor(self, draft: Draft, _value: str, _text) -> None:
        self._no_note(draft, "anchor")

    def _error(self, draft: Draft, value: str, _text) -> None:
        self._note(draft, "error", ox.Literal(value, language="en"))

    def _no_error(self, draft: Draft, _value: str, _text) -> None:
        self._no_note(draft, "error")
