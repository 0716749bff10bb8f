"""Source articles: their verbatim text, its checksum, and its sentences.

Offsets everywhere are Python string indices, i.e. Unicode code points, as the Web Annotation model's
TextPositionSelector counts them.

>>> from csto_kg.sources import sentence_spans
>>> text = "Их встречали. 11 января он объявил «мир». Фото: X\\n\\nВсего три."
>>> [text[a:b] for a, b in sentence_spans(text)]
['Их встречали.', '11 января он объявил «мир».', 'Фото: X', 'Всего три.']
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import namespaces as ns
from .errors import KgError
from .loader import RdfFile, read_rdf

_SOURCE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_TERMINAL = ".!?…"
_CLOSING = '»"”)'
_LIST_ENTRY = re.compile(r"[•·▪●◦‣⁃]|[*–—-]\s|\d{1,2}[.)]\s")


def valid_source_id(text: str) -> str:
    """A source id as a command is given it: a name (letters, digits, '-', '_', '.', as `add` makes them), never a
    path; the one check every command that takes a source id makes before it reads or writes a file named after it.

    >>> valid_source_id("2022-01-14_24-kg_f2323880")
    '2022-01-14_24-kg_f2323880'
    >>> valid_source_id("../sources/x")
    Traceback (most recent call last):
    csto_kg.errors.KgError: source '../sources/x': a source id is a name (letters, digits, '-', '_', '.'), not a path
    """
    if not text:
        raise KgError("the source id is empty: give the name of one of graph/sources/*.ttl, without .ttl")
    if _SOURCE_ID.fullmatch(text) is None:
        raise KgError(f"source {text!r}: a source id is a name (letters, digits, '-', '_', '.'), not a path")
    return text


# Words a full stop shortens inside a sentence: titles before a name, months before a day (Mr. Putin, Jan. 7)
ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep", "prof", "jan",
                 "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "vs"}  # fmt: skip


def _shortened(text: str, start: int, stop: int) -> bool:
    """Whether the full stop before `stop` ends an abbreviation or an initial ("Vladimir V. Putin", «В. Путин»),
    not a sentence."""
    word = re.search(r"(?<![\w.])(\w+)\.$", text[max(start, stop - 12) : stop])
    if word is None:
        return False
    letters = word.group(1)
    return letters.casefold() in ABBREVIATIONS or (len(letters) == 1 and letters.isupper())


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries: terminal punctuation (and closing quotes) followed by white space and a capital,
    a digit or an opening quote; or a blank line. Good enough for news prose; headings run into the next sentence,
    and a title, a month or an initial shortened by a full stop ends none.

    >>> text = "Mr. Putin spoke to Vladimir V. Putin on Jan. 7. В. Путин ответил."
    >>> [text[a:b] for a, b in sentence_spans(text)]
    ['Mr. Putin spoke to Vladimir V. Putin on Jan. 7.', 'В. Путин ответил.']
    >>> [len(sentence_spans(t)) for t in ("What we know:\\n• Protests began\\n• 225 were killed", "A - b\\n- c")]
    [3, 2]
    """
    spans, start, i, n = [], 0, 0, len(text)
    while i < n:
        if text[i].isspace():
            j = i
            while j < n and text[j].isspace():
                j += 1
            k = i
            while k > start and text[k - 1] in _CLOSING:
                k -= 1
            ends_sentence = (
                k > start
                and text[k - 1] in _TERMINAL
                and j < n
                and (text[j].isupper() or text[j].isdigit() or text[j] in '«"(')
                and not (text[k - 1] == "." and _shortened(text, start, k))
            )
            # a new line opening a list's entry ("• …", "- …", "2) …") begins a sentence, whatever ended the last
            entry = "\n" in text[i:j] and _LIST_ENTRY.match(text, j) is not None
            if ends_sentence or entry or "\n\n" in text[i:j].replace("\r", "") or j == n:
                if i > start:
                    spans.append((start, i))
                start = j
            i = j
        else:
            i += 1
    if start < n:
        spans.append((start, n))
    return spans


@dataclass
class Source:
    iri: str
    id: str
    text: str
    language: str
    published: str
    sentences: list[tuple[int, int]]
    publisher: str | None = None  # IRI of the news outlet; sources with the same publisher are not independent
    based_on: set[str] = field(default_factory=set)  # wire agencies or pages it copies (kgo:basedOn)

    @property
    def outlet(self) -> str:
        """What makes two sources independent, their origin: the wire story a copy is based on (the first of its
        agencies, so that a copy counts once), else the publisher, else the source itself. A reprint of a Reuters
        story and Reuters' own page are one witness."""
        return min(self.based_on) if self.based_on else self.publisher or self.iri

    def sentence_iri(self, index: int) -> str:
        return f"{self.iri}/sentence/{index + 1}"

    def sentences_overlapping(self, start: int, end: int) -> list[int]:
        return [i for i, (a, b) in enumerate(self.sentences) if a < end and start < b]


def take_claimed_origins(source: Source, quads) -> None:
    """A wire origin a claim of the source states ("citing TASS", accepted in review) counts as the add command's
    --based-on does: the source's origin is then that wire story."""
    source.based_on |= {
        q.object.value for q in quads if q.predicate.value == ns.KGO + "basedOn" and q.subject.value == source.iri
    }


def _value(quads, subject: str, predicate: str) -> ox.Literal | None:
    for q in quads:
        if q.subject.value == subject and q.predicate.value == predicate:
            return q.object
    return None


def load_source(meta: RdfFile, sources_dir: Path) -> Source:
    """The source described by a metadata file `graph/sources/<id>.ttl`, with its text checked against its digest."""
    source_id = meta.path.stem
    iri = ns.SRC + source_id
    if not any(q.subject.value == iri for q in meta.quads):
        raise meta.error(f"describes no {ns.curie(iri)}: a metadata file must describe the source named after it")
    fields = {}
    for name, predicate in (
        ("file", ns.KGO + "textFile"),
        ("sha256", ns.KGO + "sha256"),
        ("language", ns.SCHEMA + "inLanguage"),
        ("published", ns.SCHEMA + "datePublished"),
    ):
        value = _value(meta.quads, iri, predicate)
        if value is None:
            raise meta.error(f"{ns.curie(iri)} lacks {ns.curie(predicate)}", iri=iri)
        fields[name] = value.value
    text_path = sources_dir / fields["file"]
    try:
        data = text_path.read_bytes()
    except OSError as exc:
        raise meta.error(f"text file {fields['file']} cannot be read: {exc.strerror}", literal=fields["file"]) from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != fields["sha256"]:
        raise meta.error(
            f"text file {fields['file']} has SHA-256 {digest}, not the recorded one: the verbatim source was changed",
            literal=fields["sha256"],
        )
    text = data.decode("utf-8")
    publisher = _value(meta.quads, iri, ns.KGO + "publisher")
    based_on = {
        q.object.value for q in meta.quads if q.subject.value == iri and q.predicate.value == ns.KGO + "basedOn"
    }
    return Source(
        iri,
        source_id,
        text,
        fields["language"],
        fields["published"],
        sentence_spans(text),
        publisher.value if publisher is not None else None,
        based_on,
    )


def source_quads(source: Source) -> list[ox.Quad]:
    """The source's text, what it counts as among independent witnesses, and its sentences, each located by a
    TextPositionSelector."""
    g = ox.NamedNode(ns.SOURCES_GRAPH)
    src = ox.NamedNode(source.iri)
    a = ox.NamedNode(ns.RDF_TYPE)
    text = ox.NamedNode(ns.SCHEMA + "text")
    quads = [
        ox.Quad(src, text, ox.Literal(source.text, language=source.language), g),
        ox.Quad(src, ox.NamedNode(ns.KGO + "independentOrigin"), ox.NamedNode(source.outlet), g),
    ]
    for i, (start, end) in enumerate(source.sentences):
        sentence = ox.NamedNode(source.sentence_iri(i))
        selector = ox.NamedNode(source.sentence_iri(i) + "/position")
        quads += [
            ox.Quad(sentence, a, ox.NamedNode(ns.KGO + "Sentence"), g),
            ox.Quad(sentence, ox.NamedNode(ns.OA + "hasSource"), src, g),
            ox.Quad(sentence, ox.NamedNode(ns.OA + "hasSelector"), selector, g),
            ox.Quad(sentence, text, ox.Literal(source.text[start:end], language=source.language), g),
            *position_selector_quads(selector, start, end, g),
        ]
    return quads


def position_selector_quads(selector: ox.NamedNode, start: int, end: int, graph: ox.NamedNode) -> list[ox.Quad]:
    count = ox.NamedNode(ns.XSD + "nonNegativeInteger")
    return [
        ox.Quad(selector, ox.NamedNode(ns.RDF_TYPE), ox.NamedNode(ns.OA + "TextPositionSelector"), graph),
        ox.Quad(selector, ox.NamedNode(ns.OA + "start"), ox.Literal(str(start), datatype=count), graph),
        ox.Quad(selector, ox.NamedNode(ns.OA + "end"), ox.Literal(str(end), datatype=count), graph),
    ]


def load_source_text(project, source: str) -> tuple[str, str, datetime.date]:
    """The verbatim text, language and publication date of a stored source, read and checked (its checksum) as the
    build reads it, or a clear error."""
    stored = load_stored_source(project, source)
    return stored.text, stored.language, datetime.date.fromisoformat(stored.published)


def load_stored_source(project, source: str) -> Source:
    """A stored source (text, language, date, publisher, origins), read and checked as the build reads it, or a
    clear error."""
    meta = project.sources_dir / f"{source}.ttl"
    if not meta.exists():
        known = sorted(p.stem for p in project.sources_dir.glob("*.ttl"))
        near = [k for k in known if source in k]
        hint = f"; did you mean {', '.join(near[:3])}?" if near else " (csto-kg add stores a new one)"
        raise KgError(f"no source {source} in {project.relative(project.sources_dir)}{hint}")
    return load_source(read_rdf(meta, project.relative(meta), ns.SOURCES_GRAPH), project.sources_dir)
