"""What a reviewer may change in a claim, as one line each (`role agent kg:tokayev`, `quantity 19 Vehicle`), checked
against the ontology and the graph the moment it is typed, and applied to the claim's triples.

An edit is generic over the claim: the claim has a *subject* (the node it is about: its event, or the entity of a
fact that is not an event), and `type`, `subject`, `date`, `label@..`, `role` act on it; `fact` adds or removes any
statement and `quantity` any figure, so a claim of any shape can be corrected. A term must be one the ontology
declares (classes, properties, controlled values) and an entity one the project or the claim itself types, named by
its CURIE, its IRI or a name it has (Токаев, "Kazakh President"): a typo is refused with the nearest names, before
it is recorded, never by the next build. So is an edit that would make the graph contradict itself: a node of two
disjoint classes (a person made an event by `subject`, a force made a deployment by a property's domain), two
values of a functional property, or a node related to itself by an irreflexive property (an event its own
sub-event). An edit is recorded with its entities as CURIEs, so that it means the same later.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox

from .. import namespaces as ns
from ..errors import KgError
from ..namespaces import kebab
from ..querying import Names
from .knowledge import Schema

# field -> what its value is; the order is the order of the help. ENTITY: kg:name, an <IRI>, or a name the graph
# has, in any language, case and inflection (Токаев, Tokayev's, CSTO), read as `why` and query parameters read it.
FIELDS = {
    "type": "CLASS (kgo:Arrival): what the claim's subject is",
    "subject": "ENTITY: the claim is about this entity of the graph (an event it reports again)",
    "name": "NAME: the claim's own name (claim:SOURCE/NAME: lower case, digits, hyphens)",
    "date": "YYYY-MM-DD: the one day (replaces start and end)",
    "start": "YYYY-MM-DD: the first day",
    "end": "YYYY-MM-DD: the last day",
    "-date": "(nothing): the claim gives no date",
    "label@en": "TEXT: the subject's English label",
    "label@ru": "TEXT: the subject's Russian label",
    "role": "PROPERTY ENTITY (agent kg:tokayev, agent Токаев): the subject's role filled",
    "-role": "PROPERTY ENTITY: a role taken away",
    "fact": "SUBJECT PROPERTY VALUE (kg:almaty locatedIn Kazakhstan; kg:new-thing a kgo:Office): any statement added",
    "-fact": "SUBJECT PROPERTY [VALUE]: a statement taken away (without VALUE: every value of the property)",
    "quantity": "[NODE|ENTITY] NUMBER KIND [BOUND] [UNIT] (19 Vehicle; #1 25 Vehicle MoreThan; "
    "kg:kyrgyz-deployment 150 Personnel): a figure of the subject or of ENTITY added, or NODE (#N: the claim's "
    "figure N as listed) corrected",
    "-quantity": "NODE: a figure taken away (#N: the claim's figure N as listed)",
    "quote": "WORDS: the source's words, occurring once (replaces the quotes; \\n is a line break)",
    "+quote": "WORDS: one more quote of the claim (the source's words, occurring once)",
    "-quote": "WORDS: one of the claim's quotes taken away",
    "because": "TEXT: the note why the claim goes beyond the words (kgo:inferredBecause; replaces its notes)",
    "+because": "TEXT: one more note (each inference its own)",
    "-because": "(nothing): every note taken away",
    "words": "WORDS: relative date words of the quote (kgo:dateWords: 'Tuesday', «накануне»)",
    "-words": "(nothing): no relative date words",
    "anchor": "YYYY-MM-DD: the day the date words were said (kgo:dateAnchor)",
    "-anchor": "(nothing): the words count from the publication date",
    "error": "REASON: the claim states the source's error (the build keeps it, marked, and believes it not)",
    "-error": "(nothing): not an error after all",
    "-edit": "N: the claim's pending edit N taken away (they are listed numbered under the claim)",
}
DROP_EDIT = "-edit"  # acts on the edits typed, not on the claim: review's session applies it
NO_VALUE = {f for f, what in FIELDS.items() if what.startswith("(nothing)")}
ON_SUBJECT = {"type", "subject", "date", "start", "end", "-date", "label@en", "label@ru", "role", "-role", "quantity",
              "-quantity"}  # fmt: skip
LABEL_OF = re.compile(r"(?P<iri>\S.*?) label@(?P<lang>en|ru)")  # a label of a new entity the claim names
TOKEN = re.compile(r'<[^>\s]*>|"(?:[^"\\]|\\.)*"(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^\S+)?|\S+')
NUMBER = re.compile(r"\d[\d,]*")
FIGURE_NUMBER = re.compile(r"#\d+")  # a claim's figure by its place in the list review shows
CLAIM_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
DATE_PROPERTIES = (ns.KGO + "date", ns.KGO + "startDate", ns.KGO + "endDate")
QUANTITY_PROPERTIES = ("countOf", "numericValue", "unit", "bound")
NOTES = {
    "quote": ns.KGO + "quote",
    "because": ns.KGO + "inferredBecause",
    "words": ns.KGO + "dateWords",
    "anchor": ns.KGO + "dateAnchor",
    "error": ns.KGO + "errorReason",
}
ESCAPES = {"n": "\n", "t": "\t"}


@dataclass
class Terms:
    """What an edit may name: the ontology's classes, properties and controlled values, and the entities typed in
    the graph, the register and the claim files (the claim being edited adds its own); with what they are
    (`types`, what the ontology entails of them in `schema`) and the names they go by (`names`; `proposed`: the
    new entities extract proposes, by their proposed labels and words)."""

    classes: set[str]
    properties: set[str]
    individuals: dict[str, set[str]]  # class IRI -> its named individuals (kgo:CountedKind -> kgo:Vehicle, ...)
    entities: set[str]
    types: dict[str, set[str]] = field(default_factory=dict)  # entity -> its classes
    names: Names | None = None
    proposed: Names | None = None
    schema: Schema | None = None
    values: Callable[[str, str], set] | None = None  # (node, property) -> what the project states

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
    taken: frozenset[str] = frozenset()  # the other claims of the source (IRIs): a claim is renamed to none of them

    def copy(self) -> Draft:
        return Draft(self.graph, self.subject, list(self.quads), self.also, self.replay, self.taken)

    def minted(self) -> set[str]:
        """kg: nodes this claim types: its own event, and the entities and figures it states."""
        return {
            q.subject.value
            for q in self.quads
            if q.graph_name == self.graph and q.predicate.value == ns.RDF_TYPE and q.subject.value.startswith(ns.KG)
        }


def listing_key(iri: str) -> tuple:
    """The order review lists a claim's nodes in: by IRI, numbers by their value (…-quantity-2 before …-10).

    >>> sorted(["x-10", "x-2", "x-1-vehicle"], key=listing_key)
    ['x-1-vehicle', 'x-2', 'x-10']
    """
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", iri))


def figures_of(draft) -> list[ox.NamedNode]:
    """The claim's figures: the nodes its kgo:quantity statements name (of its subject, or of another event), in the
    order review lists the claim's statements (`listing_key`), which is what `#N` counts in."""
    return sorted(
        {q.object for q in draft.quads if q.graph_name == draft.graph and q.predicate.value == ns.KGO + "quantity"},
        key=lambda node: listing_key(node.value),
    )


def unescaped(text: str) -> str:
    """Typed words with their escapes read: \\n a line break, \\t a tab, \\" a quote, \\\\ a backslash (one line
    of a prompt can then hold a heading and the sentence after it)."""
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), text, flags=re.S)


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
    """A statement's object: a term, a "text"@lang (\\n a line break), a number or a day."""
    if text.startswith('"'):
        match = re.fullmatch(r'"((?:[^"\\]|\\.)*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(\S+))?', text, re.S)
        if not match:
            raise KgError(f"{text}: write text in double quotes, with @en or @ru")
        body = unescaped(match.group(1))
        if match.group(2):
            return ox.Literal(body, language=match.group(2).lower())
        if match.group(3):
            return ox.Literal(body, datatype=ox.NamedNode(iri_of(match.group(3))))
        return ox.Literal(body)
    if NUMBER.fullmatch(text):
        return integer(text)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return day(text)
    return ox.NamedNode(iri_of(text))


def split(value: str) -> list[str]:
    return TOKEN.findall(value)


def term_iri(text: str) -> str | None:
    """The IRI a term names (kg:x, kgo:X, <IRI>, a bare local name, a whole http(s) IRI as label edits are
    recorded), or None when it is not written as one."""
    if re.match(r"https?://\S+$", text):
        text = f"<{text}>"
    try:
        return iri_of(text)
    except KgError:
        return None


def _written_asterm_iri(text: str) -> bool:
    """Whether the text is meant as a term (kg:x, <IRI>), not as a name (Токаев, Kyrgyz contingent)."""
    return text.startswith("<") or bool(re.fullmatch(r"[A-Za-z][\w.+-]*:\S*", text))


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
        """An entity from a CURIE, an IRI or a name: one the graph, the register, the claim files or this claim
        types, a new one extract proposes, else a one-line error with the nearest names."""
        text = text.strip()
        iri = term_iri(text)
        if iri is not None and self.known(iri, draft):
            return ox.NamedNode(iri)
        if _written_asterm_iri(text):
            if iri is None:
                iri_of(text)  # says why it is no term
            raise KgError(
                f"{ns.curie(iri)}: no such {what} in the graph, the register or this claim"
                + self.terms.suggest(iri, self.terms.entities)
            )
        if not text:
            raise KgError(f"give an {what}: kg:name or a name the graph has")
        if draft is not None and ns.KG + text in draft.also | draft.minted():
            return ox.NamedNode(ns.KG + text)
        for names in (self.terms.names, self.terms.proposed):
            if names is None:
                continue
            try:
                found = names.entity(text, "")
            except KgError as exc:
                if " names " in str(exc):  # several entities go by that name: say which
                    raise KgError(f"{what}: {exc}") from None
                continue
            if self.known(found.value, draft) or names is self.terms.proposed:
                return found
        nearest = self.terms.names._nearest(text) if self.terms.names is not None else ""
        raise KgError(
            f"{text!r}: no such {what} in the graph, the register or this claim, by name or kg: name" + nearest
        )

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

    def is_property(self, text: str) -> bool:
        return term_iri(text) in self.terms.properties

    def controlled(self, text: str, kind: str) -> ox.NamedNode:
        iri = iri_of(text)
        allowed = self.terms.individuals.get(ns.KGO + kind, set())
        if iri not in allowed:
            shown = ", ".join(sorted(ns.curie(i).removeprefix("kgo:") for i in allowed))
            raise KgError(f"{text}: not a {ns.curie(ns.KGO + kind)} ({shown})")
        return ox.NamedNode(iri)

    def clashes(self, draft: Draft, earlier: list[ox.Quad] = ()) -> list[str]:
        """What the claim would make the graph contradict, each in a line: a node that would be an instance of two
        disjoint classes (by the types the project gives it, those the claim states, and the domains and ranges of
        the properties it is used with), a datatype property the ontology makes functional given two values, or a
        node related to itself by a property the ontology makes irreflexive. `earlier`: claims accepted beside what
        the project holds (their classes and values count as the graph's)."""
        schema = self.terms.schema
        if schema is None:
            return []
        earlier_types: dict[str, set[str]] = {}
        for q in earlier:
            if q.predicate.value == ns.RDF_TYPE and isinstance(q.object, ox.NamedNode):
                earlier_types.setdefault(q.subject.value, set()).add(q.object.value)
        inside = [q for q in draft.quads if q.graph_name == draft.graph]
        why: dict[str, dict[str, str]] = {}  # node -> class -> why it has it

        def has(node, classes, reason):
            if isinstance(node, ox.NamedNode) and node.value.startswith(ns.KG):
                for c in schema.closure(classes):
                    why.setdefault(node.value, {}).setdefault(c, reason)

        for q in inside:
            p = q.predicate.value
            if p == ns.RDF_TYPE:
                has(q.subject, [q.object.value], f"this claim types it {ns.curie(q.object.value)}")
            else:
                has(q.subject, schema.domains.get(p, ()), f"the subject of {ns.curie(p)}")
                if isinstance(q.object, ox.NamedNode):
                    has(q.object, schema.ranges.get(p, ()), f"the value of {ns.curie(p)}")
        found = []
        for node in list(why):
            has(ox.NamedNode(node), self.terms.types.get(node, set()) | earlier_types.get(node, set()), "the graph's")
            clash = schema.clash(why[node])
            if clash:
                a, b = clash
                found.append(
                    f"{ns.curie(node)} would be a {ns.curie(a)} ({why[node][a]}) and a {ns.curie(b)} "
                    f"({why[node][b]}): the ontology makes them disjoint"
                )
        for q in inside:
            if q.predicate.value not in schema.functional or not isinstance(q.subject, ox.NamedNode):
                continue
            stated = {x.object for x in inside if x.subject == q.subject and x.predicate == q.predicate}
            known = self.terms.values(q.subject.value, q.predicate.value) if self.terms.values else set()
            known |= {x.object for x in earlier if x.subject == q.subject and x.predicate == q.predicate}
            if len(stated | known) > 1:
                shown = ", ".join(sorted(_shown_value(v) for v in stated | known))
                line = f"{ns.curie(q.subject.value)} would have two {ns.curie(q.predicate.value)} ({shown}): one only"
                if line not in found:
                    found.append(line)
        for q in inside:
            if q.predicate.value in schema.irreflexive and q.subject == q.object:
                p = ns.curie(q.predicate.value)
                found.append(
                    f"{ns.curie(q.subject.value)} {p} {ns.curie(q.object.value)}: nothing is related to itself by {p} "
                    "(the ontology makes it irreflexive)"
                )
        return found

    # --- applying ----------------------------------------------------------------------------------------------

    def apply(self, draft: Draft, field: str, value: str, text: str | None = None) -> tuple[str, str]:
        """Apply one edit to the draft; a refusal (one line, KgError) leaves the draft as it was. Returns the edit
        as it is recorded: every entity named by its CURIE (a name the graph has now may name two things later)."""
        label = LABEL_OF.fullmatch(field)
        if label:  # the label of a new entity: written to the register, not the claim
            if not value.strip():
                raise KgError(f"{field}: give a value")
            return f"{self.new_entity(label['iri'], draft).value} label@{label['lang']}", value.strip()
        if field not in FIELDS:
            raise KgError(f"'{field}' cannot be edited; fields: {', '.join(FIELDS)}")
        if field == DROP_EDIT:
            raise KgError(f"{field}: only a review takes an edit away (it keeps the edits typed)")
        if field in NO_VALUE:
            if value.strip():
                raise KgError(f"{field} takes no value")
        elif not value.strip():
            raise KgError(f"{field}: give a value ({FIELDS[field]})")
        if draft.subject is None and field in ON_SUBJECT:
            raise KgError(f"{field}: the claim has no subject yet: state a fact first (fact kg:x a kgo:Class)")
        work = draft.copy()
        method = "_" + field.replace("+", "also_").replace("-", "no_").replace("@", "_")
        recorded = getattr(self, method)(work, value.strip(), text)
        if not draft.replay:
            before = set(self.clashes(draft))
            new = [c for c in self.clashes(work) if c not in before]
            if new:
                raise KgError(f"{field}: {new[0]}")
        draft.graph, draft.subject, draft.quads = work.graph, work.subject, work.quads
        return field, value.strip() if recorded is None else recorded

    def new_entity(self, text: str, draft: Draft) -> ox.NamedNode:
        """The new entity a label edit names: one extract proposes or this claim mints, not one the project has."""
        iri = term_iri(text.strip())
        if draft.replay and iri is not None:
            return ox.NamedNode(iri)
        entity = self.entity(text, draft)
        if entity.value in self.terms.entities and not draft.replay:
            raise KgError(
                f"{ns.curie(entity.value)} has its labels in the graph already: a label edit names a new entity "
                "(one extract proposes or the claim mints)"
            )
        return entity

    def _on_subject(self, draft: Draft, predicate: str, obj=None) -> None:
        """Replace the subject's values of `predicate` by `obj` (or none)."""
        s = draft.subject
        draft.quads = [q for q in draft.quads if not (q.subject == s and q.predicate.value == predicate)]
        if obj is not None:
            draft.quads.append(ox.Quad(s, ox.NamedNode(predicate), obj, draft.graph))

    def _type(self, draft: Draft, value: str, _text) -> None:
        cls = self.cls(value)
        self._on_subject(draft, ns.RDF_TYPE, cls)

    def _subject(self, draft: Draft, value: str, _text) -> str:
        """The claim reports the graph's entity `value`: its own node (one it types: the event it reports, or a
        thing it states) becomes that entity everywhere in it; a node it only says something of (the person of a
        fact) stays as it is, and the edits after this one act on the new subject."""
        new = self.entity(value, draft)
        old = draft.subject
        if old.value in draft.minted():
            draft.quads = [
                ox.Quad(new if q.subject == old else q.subject, q.predicate, new if q.object == old else q.object,
                        q.graph_name)
                for q in draft.quads
            ]  # fmt: skip
            # the graph's entity has its labels already (in its own claims or the register)
            draft.quads = [q for q in draft.quads if not (q.subject == new and q.predicate.value == ns.RDFS_LABEL)]
        draft.subject = new
        return ns.curie(new.value)

    def _name(self, draft: Draft, value: str, _text) -> str:
        if not CLAIM_NAME.fullmatch(value):
            raise KgError(f"name: '{value}' is no claim name: lower-case letters, digits and hyphens (handover-order)")
        new = ox.NamedNode(draft.graph.value.rsplit("/", 1)[0] + "/" + value)
        if new.value in draft.taken:
            raise KgError(f"name: {value} names another claim of this source")
        old = draft.graph
        draft.quads = [
            ox.Quad(new if q.subject == old else q.subject, q.predicate, q.object,
                    new if q.graph_name == old else q.graph_name)
            for q in draft.quads
        ]  # fmt: skip
        draft.graph = new
        return value

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

    def _role_parts(self, field: str, value: str, draft: Draft) -> tuple[ox.Quad, str]:
        parts = value.split(None, 1)
        if len(parts) != 2:
            raise KgError(f"{field}: write the property and the entity, e.g. 'agent kg:tokayev' or 'agent Токаев'")
        prop = self.prop(parts[0])
        if prop.value in (ns.RDF_TYPE, ns.RDFS_LABEL) or prop.value in DATE_PROPERTIES:
            raise KgError(f"{field}: {ns.curie(prop.value)} is not a role (edit type, date or the label)")
        entity = self.entity(parts[1], draft)
        return ox.Quad(draft.subject, prop, entity, draft.graph), f"{parts[0]} {ns.curie(entity.value)}"

    def _role(self, draft: Draft, value: str, _text) -> str:
        quad, recorded = self._role_parts("role", value, draft)
        draft.quads = [q for q in draft.quads if q != quad] + [quad]
        return recorded

    def _no_role(self, draft: Draft, value: str, _text) -> str:
        quad, recorded = self._role_parts("-role", value, draft)
        if quad not in draft.quads and not draft.replay:
            raise KgError(f"-role: the claim does not state {ns.curie(quad.predicate.value)} {recorded.split()[-1]}")
        draft.quads = [q for q in draft.quads if q != quad]
        return recorded

    def _fact_parts(self, field: str, value: str, draft: Draft, partial: bool = False):
        """(subject, property, value or None, the edit as recorded) of SUBJECT PROPERTY VALUE, each part a term or
        a name of several words: the property is the first word after the first that the ontology declares."""
        spans = list(TOKEN.finditer(value))
        at = next((i for i in range(1, len(spans)) if self.is_property(spans[i].group())), None)
        if at is None and len(spans) == 3:
            self.prop(spans[1].group())  # says what is wrong with it
        if at is None or (at == len(spans) - 1 and not partial):
            raise KgError(
                f"{field}: write the subject, the property and the value, e.g. 'kg:almaty locatedIn kg:kazakhstan'"
            )
        subject_text, written = value[: spans[at].start()].strip(), spans[at].group()
        object_text = value[spans[at].end() :].strip()
        predicate = self.prop(written)
        if predicate.value == ns.RDF_TYPE and (term_iri(subject_text) or "").startswith(ns.KG):
            subject = ox.NamedNode(iri_of(subject_text))  # a new entity enters the claim by its type
        else:
            subject = self.entity(subject_text, draft)
        recorded = f"{ns.curie(subject.value)} {written}"
        if not object_text:
            return subject, predicate, None, recorded
        if predicate.value == ns.RDF_TYPE:
            obj = self.cls(object_text)
        elif object_text.startswith('"') or re.fullmatch(r"\d[\d,]*|\d{4}-\d{2}-\d{2}", object_text):
            obj = value_of(object_text)
        else:
            obj = self.entity(object_text, draft, "entity or term")
            object_text = ns.curie(obj.value)
        return subject, predicate, obj, f"{recorded} {object_text}"

    def _fact(self, draft: Draft, value: str, _text) -> str:
        subject, predicate, obj, recorded = self._fact_parts("fact", value, draft)
        quad = ox.Quad(subject, predicate, obj, draft.graph)
        draft.quads = [q for q in draft.quads if q != quad] + [quad]
        if draft.subject is None:
            draft.subject = quad.subject
        return recorded

    def _no_fact(self, draft: Draft, value: str, _text) -> str:
        subject, predicate, obj, recorded = self._fact_parts("-fact", value, draft, partial=True)
        gone = [
            q for q in draft.quads
            if q.graph_name == draft.graph and q.subject == subject and q.predicate == predicate
            and (obj is None or q.object == obj)
        ]  # fmt: skip
        if not gone and not draft.replay:
            raise KgError(f"-fact: the claim does not state {value}")
        draft.quads = [q for q in draft.quads if q not in gone]
        return recorded

    def figure(self, draft: Draft, written: str, field: str) -> str | None:
        """`#N`, the claim's figure N as the claim lists them (from 1), as its IRI; None for anything else."""
        if not FIGURE_NUMBER.fullmatch(written):
            return None
        figures = figures_of(draft)
        n = int(written[1:])
        if not 1 <= n <= len(figures):
            raise KgError(f"{field}: {written} is not a figure of this claim ({self._shown_figures(draft)})")
        return figures[n - 1].value

    def _quantity(self, draft: Draft, value: str, _text) -> str | None:
        spans = list(TOKEN.finditer(value))
        first = next((i for i, m in enumerate(spans) if NUMBER.fullmatch(m.group())), len(spans))
        head = value[: spans[first].start()].strip() if first < len(spans) else value.strip()
        parts = [m.group() for m in spans[first:]]
        node, owner, recorded = None, draft.subject, None
        numbered = self.figure(draft, head, "quantity")
        if numbered is not None:  # recorded by its IRI: a number names another figure once one is taken away
            head = ns.curie(numbered)
            value = f"{head} {value[spans[first].start() :].strip()}" if parts else head
            recorded = value
        if head:
            iri = term_iri(head)
            if iri is not None and ox.NamedNode(iri) in figures_of(draft):
                node = ox.NamedNode(iri)
            else:
                try:
                    owner = self.entity(head, draft) if parts else None
                except KgError:
                    owner = None
                if owner is None:
                    raise KgError(
                        f"quantity: {head} is not a figure of this claim ({self._shown_figures(draft)}) nor an "
                        "entity it could give a figure of"
                    ) from None
                recorded = f"{ns.curie(owner.value)} {value[spans[first].start() :].strip()}"
        if not 2 <= len(parts) <= 4:
            raise KgError(
                "quantity: write [NODE|ENTITY] NUMBER KIND [BOUND] [UNIT], e.g. '19 Vehicle' or "
                "'3000 Personnel MoreThan'"
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
            # named by what it says, not by the first free number: a number taken away and given again would make
            # a recorded correction name another figure once an earlier edit is taken back
            base = f"{owner.value}-quantity-{claim}-{number.value}-{kebab(kind.value.removeprefix(ns.KGO))}"
            iri, n = base, 1
            while iri in taken:
                n += 1
                iri = f"{base}-{n}"
            node = ox.NamedNode(iri)
            draft.quads += [
                ox.Quad(owner, ox.NamedNode(ns.KGO + "quantity"), node, g),
                ox.Quad(node, ox.NamedNode(ns.RDF_TYPE), ox.NamedNode(ns.KGO + "Quantity"), g),
            ]
        values = {"countOf": kind, "numericValue": number, "unit": unit, "bound": bound}
        draft.quads = [
            q for q in draft.quads if not (q.subject == node and q.predicate.value.removeprefix(ns.KGO) in values)
        ]
        # a label of the old figure would now say another number
        draft.quads = [q for q in draft.quads if not (q.subject == node and q.predicate.value == ns.RDFS_LABEL)]
        draft.quads += [ox.Quad(node, ox.NamedNode(ns.KGO + p), v, g) for p, v in values.items()]
        return recorded

    def _shown_figures(self, draft: Draft) -> str:
        figures = figures_of(draft)
        shown = (f"#{n} {ns.curie(f.value)}" for n, f in enumerate(figures, start=1))
        return "its figures: " + ", ".join(shown) if figures else "it has none"

    def _no_quantity(self, draft: Draft, value: str, _text) -> str | None:
        numbered = self.figure(draft, value, "-quantity")
        node = ox.NamedNode(numbered or iri_of(value))
        if node not in figures_of(draft) and not draft.replay:
            raise KgError(f"-quantity: {value} is not a figure of this claim ({self._shown_figures(draft)})")
        draft.quads = [q for q in draft.quads if q.subject != node and q.object != node]
        return ns.curie(numbered) if numbered else None

    def _note(self, draft: Draft, field: str, obj, replace: bool = True) -> None:
        predicate = NOTES[field]
        if replace:
            draft.quads = [q for q in draft.quads if not (q.subject == draft.graph and q.predicate.value == predicate)]
        if obj is not None:
            quad = ox.Quad(draft.graph, ox.NamedNode(predicate), obj)
            draft.quads = [q for q in draft.quads if q != quad] + [quad]

    def _no_note(self, draft: Draft, field: str) -> None:
        predicate = NOTES[field]
        draft.quads = [q for q in draft.quads if not (q.subject == draft.graph and q.predicate.value == predicate)]

    def _quotes(self, draft: Draft) -> list[str]:
        return [q.object.value for q in draft.quads if q.subject == draft.graph and q.predicate.value == NOTES["quote"]]

    def _once(self, field: str, words: str, text) -> str:
        """The source's words (escapes read), refused unless they occur exactly once in the text."""
        words = unescaped(words)
        if text is not None and text.count(words) != 1:
            found = text.count(words)
            raise KgError(
                f"{field}: the words must occur exactly once in the source text"
                + (f" (they occur {found} times: lengthen them)" if found else " (they do not occur: copy them)")
            )
        return words

    def _quote(self, draft: Draft, value: str, text) -> None:
        words = self._once("quote", value, text)
        self._no_note(draft, "quote")
        draft.quads.append(ox.Quad(draft.graph, ox.NamedNode(NOTES["quote"]), ox.Literal(words)))

    def _also_quote(self, draft: Draft, value: str, text) -> None:
        words = self._once("+quote", value, text)
        if any(words in quote for quote in self._quotes(draft)):
            raise KgError("+quote: a quote of the claim holds those words already")
        draft.quads.append(ox.Quad(draft.graph, ox.NamedNode(NOTES["quote"]), ox.Literal(words)))

    def _no_quote(self, draft: Draft, value: str, _text) -> None:
        words = unescaped(value)
        if words not in self._quotes(draft) and not draft.replay:
            raise KgError("-quote: the claim has no such quote (give its words exactly)")
        draft.quads = [
            q for q in draft.quads
            if not (q.subject == draft.graph and q.predicate.value == NOTES["quote"] and q.object.value == words)
        ]  # fmt: skip

    def _because(self, draft: Draft, value: str, _text) -> None:
        self._note(draft, "because", ox.Literal(unescaped(value), language="en"))

    def _also_because(self, draft: Draft, value: str, _text) -> None:
        self._note(draft, "because", ox.Literal(unescaped(value), language="en"), replace=False)

    def _no_because(self, draft: Draft, _value: str, _text) -> None:
        self._no_note(draft, "because")

    def _words(self, draft: Draft, value: str, _text) -> None:
        words = unescaped(value)
        if not any(words.casefold() in quote.casefold() for quote in self._quotes(draft)):
            raise KgError(f"words: «{words}» are not in the claim's quote")
        self._note(draft, "words", ox.Literal(words))

    def _no_words(self, draft: Draft, _value: str, _text) -> None:
        self._no_note(draft, "words")

    def _anchor(self, draft: Draft, value: str, _text) -> None:
        self._note(draft, "anchor", day(value))

    def _no_anchor(self, draft: Draft, _value: str, _text) -> None:
        self._no_note(draft, "anchor")

    def _error(self, draft: Draft, value: str, _text) -> None:
        self._note(draft, "error", ox.Literal(unescaped(value), language="en"))

    def _no_error(self, draft: Draft, _value: str, _text) -> None:
        self._no_note(draft, "error")


def _shown_value(term) -> str:
    return term.value if isinstance(term, ox.Literal) else ns.curie(term.value)
