"""`csto-kg add`: a new article enters `graph/sources/` verbatim, with its checksum, id and metadata.

Nothing is normalised: the bytes stored are the bytes given, so every offset a later claim cites counts code points
of exactly what the publisher printed. Every refusal happens before the first byte is written.

>>> source_id("2022-01-13", "Kazinform", "0e58062452f77b9eb3551b7fd1169fc3882a4a1b332c61107439dd6ff586b398")
'2022-01-13_kazinform_0e580624'
>>> kebab("АКИpress (ISAP)"), kebab("The Wall Street Journal")
('akipress-isap', 'the-wall-street-journal')
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox

from .. import namespaces as ns
from ..errors import KgError
from ..files import turtle, write_atomically
from ..loader import read_rdf
from ..namespaces import kebab
from ..project import Project
from ..querying import Names, solutions
from .knowledge import Schema

# The languages extract can read (its date and number grammars, its trigger words); a source in another language
# could be stored, but nothing could be proposed from it, so add refuses it by name.
LANGUAGES = {"en": "English", "ru": "Russian"}
# the register as written (no inference): an agency is an outlet too
OUTLET_NAMES = """SELECT ?outlet ?name WHERE {
  VALUES ?type { kgo:NewsOutlet kgo:NewsAgency } ?outlet a ?type ; rdfs:label|skos:altLabel ?name }"""
TYPED = "SELECT DISTINCT ?s WHERE { ?s a ?type FILTER(isIRI(?s)) }"
NUL = b"\0"
# Characters no text of an article holds, and XML 1.0 (the reasoner's input) refuses: C0 controls but tab and line
# ends, and the two non-characters U+FFFE, U+FFFF
CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
MAX_PUBLISHER = 200  # characters of an outlet's name (a source's id and file name are made of it)
MAX_ARTICLE_BYTES = 1_000_000  # a long news article is 50 kB; a whole book, 1 MB
ADDED_ID = re.compile(r"\d{4}-\d{2}-\d{2}_[a-z0-9-]+_([0-9a-f]{8})")  # what add names a source
XSD_DATE = ox.NamedNode(ns.XSD + "date")
RDF_TYPE = ox.NamedNode(ns.RDF + "type")
CERTAINTIES = {"stated": "StatedOnPage", "dateline": "FromDateline", "inferred": "InferredFromText"}


def source_id(published: str, publisher: str, sha256: str) -> str:
    """<published>_<publisher>_<first 8 hex digits of the SHA-256>: sorted ids are in order of publication."""
    return f"{published}_{kebab(publisher)}_{sha256[:8]}"


@dataclass
class Added:
    id: str
    text_path: Path
    meta_path: Path
    publisher: str
    new_outlet: Path | None
    based_on: list[str]
    republished_by: list[str] = field(default_factory=list)
    cleaned: list[Path] = field(default_factory=list)  # what killed runs of add had left, removed


def _read_article(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_ARTICLE_BYTES. Opened without waiting (a FIFO with no writer),
    checked on the open file (a name swapped in between changes nothing), read no further than the limit (a
    device such as /dev/zero is refused before a byte is read)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise KgError(f"cannot read: {exc.strerror}", path) from None
    try:
        mode, size = os.fstat(fd).st_mode, os.fstat(fd).st_size
        if not stat.S_ISREG(mode):
            kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"))
            kind = next((name for test, name in kinds if test(mode)), "a device")
            raise KgError(f"{kind}, not a regular file: add takes the article's text as a file", path)
        if size > MAX_ARTICLE_BYTES:
            raise KgError(
                f"{size:,} bytes: an article is at most {MAX_ARTICLE_BYTES:,} bytes (split a longer text)", path
            )
        with os.fdopen(fd, "rb") as stream:
            fd = -1  # the stream closes it
            data = stream.read(MAX_ARTICLE_BYTES + 1)
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > MAX_ARTICLE_BYTES:  # it grew while being read
        raise KgError(f"over {MAX_ARTICLE_BYTES:,} bytes: an article is at most that", path)
    return data


def _text(path: Path) -> tuple[bytes, str]:
    data = _read_article(path)
    return data, text_of(data, path)


def text_of(data: bytes, path) -> str:
    """The article's bytes as text, or why they cannot be an article (`path` names it in the error)."""
    if not data.strip():
        raise KgError("the file is empty: there is no article to add", path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise KgError("UTF-16 text: convert it to UTF-8 first, e.g. iconv -f utf-16 -t utf-8", path)
    if data.startswith(b"\xef\xbb\xbf"):  # else U+FEFF would open the first sentence's quote and content
        raise KgError(
            "the text starts with a byte-order mark (U+FEFF): save it as UTF-8 without one, e.g. "
            "sed -i '1s/^\\xEF\\xBB\\xBF//' FILE",
            path,
        )
    if b"\0" in data:
        raise KgError(f"a binary file (a NUL byte at offset {data.index(NUL)}): add takes the article's text", path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise KgError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}): convert it to UTF-8 first, "
            "e.g. iconv -f cp1251 -t utf-8",
            path,
            line,
        ) from None
    control = CONTROL.search(text)
    if control:  # the build's RDF and its reasoner take no such character (XML 1.0)
        line = text.count("\n", 0, control.start()) + 1
        raise KgError(
            f"a control character (U+{ord(control.group()):04X} at character {control.start()}): add takes plain "
            "text, remove it first",
            path,
            line,
        )
    return text


def _check_url(url: str) -> None:
    """An http(s) URL with a host, that is also an IRI (it is stored as one, and the build and the reasoner read it).

    >>> _check_url('https://example.com/a"b')
    Traceback (most recent call last):
    csto_kg.errors.KgError: --url: 'https://example.com/a"b' is not a URL: Invalid IRI code point '"'
    """
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - reading it checks it
    except ValueError as exc:
        raise KgError(f"--url: {url!r} is not a URL: {exc}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise KgError(f"--url: {url!r} is not an http(s) URL with a host")
    try:
        ox.NamedNode(url)
    except ValueError as exc:
        raise KgError(f"--url: {url!r} is not a URL: {exc}") from None


def _date(value: str) -> str:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value or ""):
        raise KgError(f"--published: '{value}' is not a date; give it as YYYY-MM-DD")
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise KgError(f"--published: '{value}' is not a date ({exc})") from None
    # today somewhere on Earth (UTC+14 is the first to reach a day): every date extract reads would be counted from a
    # day still to come
    latest = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=14)).date()
    if day > latest:
        raise KgError(f"--published: {value} is after today ({latest.isoformat()} where the day is furthest on): "
                      "nothing is published in the future")  # fmt: skip
    return day.isoformat()


def check_metadata(
    publisher: str,
    published: str,
    language: str,
    url: str | None,
    date_known: str = "stated",
    date_note=None,
    title: str | None = None,
) -> str:
    """Refuse metadata that could not describe a source (naming the option at fault); the date as YYYY-MM-DD."""
    published = _date(published)
    if language not in LANGUAGES:
        known = ", ".join(f"{code} ({name})" for code, name in LANGUAGES.items())
        raise KgError(f"--lang: '{language}' is not a language extract can read; known: {known}")
    if not publisher or not kebab(publisher):
        raise KgError("--publisher: give the outlet's name (letters or digits)")
    if len(publisher) > MAX_PUBLISHER or "\n" in publisher:
        raise KgError(f"--publisher: an outlet's name is one line of at most {MAX_PUBLISHER} characters")
    for option, value, lines in (("--publisher", publisher, 1), ("--title", title, 1), ("--date-note", date_note, 0)):
        _check_plain(option, value, one_line=bool(lines))
    if url is not None:
        _check_url(url)
    if date_known not in CERTAINTIES:
        raise KgError(f"--date-known: '{date_known}' is not one of {', '.join(CERTAINTIES)}")
    if date_known != "stated" and not date_note:
        raise KgError(f"--date-known {date_known}: say how the date is known with --date-note")
    return published


def _check_plain(option: str, value: str | None, one_line: bool = True) -> None:
    """Refuse a control character in a value the source's metadata keeps as a literal (XML 1.0, and so RDF/XML,
    cannot write one) and, for a name or a title, a line break.

    >>> _check_plain("--title", "Line one\\nLine two")
    Traceback (most recent call last):
    csto_kg.errors.KgError: --title: one line of plain text, without a line break
    """
    if not value:
        return
    control = CONTROL.search(value)
    if control:
        raise KgError(f"{option}: a control character (U+{ord(control.group()):04X}): give plain text")
    if one_line and re.search(r"[\r\n\u2028\u2029]", value):
        raise KgError(f"{option}: one line of plain text, without a line break")


def check_alphabet(text: str, language: str, path) -> None:
    """Refuse a text written mostly in the other language's alphabet: extract would read Russian as English (`add`
    and the pipeline both check it, after `check_metadata`).

    >>> check_alphabet("Токаев заявил, что миссия ОДКБ завершена (CSTO).", "ru", "a.txt")
    >>> check_alphabet("Токаев заявил, что миссия ОДКБ завершена.", "en", "a.txt")
    Traceback (most recent call last):
    csto_kg.errors.KgError: a.txt: --lang en, but the text is written mostly in Cyrillic letters: is it --lang ru?
    """
    cyrillic = len(re.findall(r"[а-яё]", text, re.I))
    latin = len(re.findall(r"[a-z]", text, re.I))
    wanted, other, alphabet = (latin, cyrillic, "Cyrillic") if language == "en" else (cyrillic, latin, "Latin")
    if other > 2 * wanted:
        guess = "ru" if language == "en" else "en"
        raise KgError(
            f"--lang {language}, but the text is written mostly in {alphabet} letters: is it --lang {guess}?", path
        )


def _sources(project: Project) -> dict[str, str]:
    """sha256 -> id of every stored source."""
    found = {}
    for meta in sorted(project.sources_dir.glob("*.ttl")):
        for quad in read_rdf(meta, project.relative(meta)).quads:
            if quad.predicate.value == ns.KGO + "sha256":
                found[quad.object.value] = meta.stem
    return found


def lines_as_unix(data: bytes) -> bytes:
    """The text with Windows' and old Macs' line endings as Unix ones.

    >>> lines_as_unix(b"one\\r\\ntwo\\rthree\\n")
    b'one\\ntwo\\nthree\\n'
    """
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def _same_text_stored(project: Project, data: bytes) -> str | None:
    """The stored source whose text is this one but for its line endings (a copy saved on another system), if any:
    the bytes are stored as given, so the checksum alone does not see it."""
    wanted = lines_as_unix(data)
    for text in sorted(project.sources_dir.glob("*.txt")):
        stored = text.read_bytes()
        if len(stored) >= len(wanted) and (b"\r" in stored or b"\r" in data) and lines_as_unix(stored) == wanted:
            return text.stem
    return None


class Register:
    """The entity register as written (graph/entities.ttl, graph/register/*.ttl): who a publisher or an origin is."""

    def __init__(self, project: Project, graph: ox.Store | None = None):
        """`graph`: the current build's store, whose claims may have typed an entity the register lacks (an
        organisation a reviewer added): such an IRI is that entity, never a new outlet's."""
        self.store = ox.Store()
        for path in project.register_files():
            self.store.extend(read_rdf(path, project.relative(path)).quads)
        self.graph = graph
        self.outlets: dict[str, str] = {}  # a news outlet's name or alias, in any case -> the outlet
        for row in solutions(self.store, OUTLET_NAMES):
            self.outlets.setdefault(row["name"].value.casefold().strip(), row["outlet"].value)
        self.typed = {row["s"].value for row in solutions(self.store, TYPED)}
        self.names = Names.of_store(self.store)

    def types_of(self, entity: str) -> set[str]:
        """The types the register gives an entity (as written: no reasoning), else those the graph's claims give."""
        node = ox.NamedNode(entity)
        written = {q.object.value for q in self.store.quads_for_pattern(node, RDF_TYPE, None)}
        if written or self.graph is None:
            return written
        return {
            q.object.value
            for q in self.graph.quads_for_pattern(node, RDF_TYPE, None)
            if q.object.value.startswith(ns.KGO)
        }

    def origin(self, name: str, option: str) -> str | None:
        """The register's entity a publisher or an origin names: a CURIE or an IRI of the register, a news outlet of
        that name, else any entity of that name (an organisation's own release is an origin too), in any case and
        inflection; None when the register knows none (a new outlet, then)."""
        written = name.strip()
        iri = ns.expand(written)
        if iri is not None:
            if iri not in self.typed:
                raise KgError(
                    f"{option} {written}: the register has no such entity; give the outlet's name to add a new one"
                )
            return iri
        if written.casefold() in self.outlets:
            return self.outlets[written.casefold()]
        try:
            return self.names.entity(written, "").value
        except KgError as exc:
            if " names " in str(exc):  # several entities go by that name: say which
                raise KgError(f"{option} {written}: {exc}") from None
        local = ns.KG + kebab(written)
        # an IRI the register or a claim of the graph has is used as it is, never retyped as a new outlet
        return local if local in self.typed or self.types_of(local) else None


def add_source(
    project: Project,
    path: Path,
    *,
    publisher: str,
    published: str,
    language: str,
    url: str | None = None,
    title: str | None = None,
    date_known: str = "stated",
    date_note: str | None = None,
    complete: bool = True,
    based_on: tuple[str, ...] = (),
    republished_by: tuple[str, ...] = (),
    graph: ox.Store | None = None,
) -> Added:
    """Store `path` as a new source; refuse, writing nothing, anything that could not be one. `graph`: the current
    build's store, if any (see Register)."""
    data, text = _text(path)
    published = check_metadata(publisher, published, language, url, date_known, date_note, title)
    for option, names in (("--based-on", based_on), ("--republished-by", republished_by)):
        for name in names:
            _check_plain(option, name)
    check_alphabet(text, language, path)
    digest = hashlib.sha256(data).hexdigest()
    with _one_add_at_a_time(project) as cleaned:
        added = _store(
            project,
            path,
            data,
            digest,
            publisher,
            published,
            language,
            url,
            title,
            date_known,
            date_note,
            complete,
            based_on,
            republished_by,
            graph,
        )
        added.cleaned = cleaned
        return added


@contextlib.contextmanager
def _one_add_at_a_time(project: Project):
    """An exclusive lock on graph/sources/ (released by the system if the process is killed), under which what
    a killed add left is removed first: `.partial` files, a text without its metadata (add writes the metadata
    last: it is what makes a source), a new outlet's file without its source. Yields the paths removed."""
    project.sources_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(project.sources_dir, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        leftovers = list(project.sources_dir.glob(".*.partial"))
        leftovers += project.register_dir.glob(".*.outlet.ttl.partial")
        for text in project.sources_dir.glob("*.txt"):
            named = ADDED_ID.fullmatch(text.stem)
            if named and not text.with_suffix(".ttl").exists():
                with contextlib.suppress(OSError):
                    if hashlib.sha256(text.read_bytes()).hexdigest()[:8] == named.group(1):
                        leftovers.append(text)
        for outlet in project.register_dir.glob("*.outlet.ttl"):
            source = outlet.name.removesuffix(".outlet.ttl")
            if ADDED_ID.fullmatch(source) and not (project.sources_dir / f"{source}.ttl").exists():
                leftovers.append(outlet)
        for leftover in leftovers:
            leftover.unlink(missing_ok=True)
        yield leftovers
    finally:
        os.close(fd)


def _store(
    project, path, data, digest, publisher, published, language, url, title, date_known, date_note, complete, based_on,
    republished_by, graph=None,
):  # fmt: skip
    """The checks that need the stored sources, then the writes: the text, a new outlet, the metadata last."""
    stored = _sources(project)
    if digest in stored:
        raise KgError(f"already stored as source {stored[digest]} (same SHA-256 {digest[:16]}…): nothing added", path)
    same = _same_text_stored(project, data)
    if same is not None:
        raise KgError(f"already stored as source {same}, the same text with other line endings: nothing added", path)
    new_id = source_id(published, publisher, digest)
    text_path = project.sources_dir / f"{new_id}.txt"
    meta_path = project.sources_dir / f"{new_id}.ttl"
    if meta_path.exists() or text_path.exists():
        raise KgError(f"source {new_id} exists already: nothing added", meta_path)

    for option, names in (("--based-on", based_on), ("--republished-by", republished_by)):
        for origin in names:
            if not origin or not kebab(origin):
                raise KgError(f"{option}: give the agency's or outlet's name (letters or digits), or its kg: name")
    register = Register(project, graph)
    new_outlets: dict[str, str] = {}  # IRI -> name, for outlets the register does not know

    def outlet_of(name: str, option: str) -> str:
        known = register.origin(name, option)
        if known is None:
            known = ns.KG + kebab(name)
            new_outlets.setdefault(known, name)
        return known

    outlet = outlet_of(publisher, "--publisher")
    # what publishes is an organisation of some kind (an outlet, a ministry's own release), never a person or a place:
    # the reasoner finds an entity both a person and an organisation inconsistent
    kinds = register.types_of(outlet)
    ontology = ox.Store()
    ontology.extend(read_rdf(project.ontology_dir / "csto-kg.ttl", "ontology/csto-kg.ttl").quads)
    schema = Schema.of(ontology)
    if kinds and not any(ns.KGO + "Organisation" in schema.superclasses.get(k, {k}) for k in kinds):
        kind = ns.curie(min(kinds))
        raise KgError(f"--publisher {publisher}: {ns.curie(outlet)} is a {kind} in the register, not an organisation")
    origins, mirrors = [], []
    for option, names, into in (("--based-on", based_on, origins), ("--republished-by", republished_by, mirrors)):
        for origin in names:
            known = outlet_of(origin, option)
            if known == outlet:
                raise KgError(f"{option} {origin}: that is the publisher itself")
            into.append(known)
    outlet_path = project.register_dir / f"{new_id}.outlet.ttl" if new_outlets else None
    iri = ox.NamedNode(ns.SRC + new_id)
    facts = source_facts(
        language, published, date_known, outlet, complete, text_path.name, digest, title, date_note, url, origins,
        mirrors,
    )  # fmt: skip
    metadata = turtle(
        [ox.Triple(iri, ox.NamedNode(p), o) for p, o in facts],
        f"Metadata of source {new_id}, written by `csto-kg add` from {path.name}; the text beside it is verbatim.\n"
        "Id: <published>_<publisher>_<first 8 hex digits of the text's SHA-256> (graph/README.md).",
    )
    # the text first, the metadata last: a metadata file never points at a text that is not there, and what a
    # killed run leaves before the metadata is removed by the next (see _one_add_at_a_time)
    write_atomically(data, text_path)
    try:
        if outlet_path is not None:
            outlet_path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(_outlet_turtle(new_outlets, new_id), outlet_path)
        write_atomically(metadata, meta_path)
    except BaseException:
        text_path.unlink(missing_ok=True)
        if outlet_path is not None:
            outlet_path.unlink(missing_ok=True)
        raise
    return Added(new_id, text_path, meta_path, outlet, outlet_path, origins, mirrors)


def source_facts(
    language: str,
    published: str,
    date_known: str,
    outlet: str,
    complete: bool,
    text_name: str,
    digest: str,
    title: str | None = None,
    date_note: str | None = None,
    url: str | None = None,
    origins: list[str] = (),
    mirrors: list[str] = (),
) -> list[tuple[str, ox.NamedNode | ox.Literal]]:
    """What a source's metadata file says of it: (predicate, object) pairs."""
    facts = [
        (ns.RDF_TYPE, ox.NamedNode(ns.KGO + "SourceArticle")),
        (ns.SCHEMA + "inLanguage", ox.Literal(language)),
        (ns.SCHEMA + "datePublished", ox.Literal(published, datatype=XSD_DATE)),
        (ns.KGO + "dateCertainty", ox.NamedNode(ns.KGO + CERTAINTIES[date_known])),
        (ns.KGO + "publisher", ox.NamedNode(outlet)),
        (ns.KGO + "complete", ox.Literal("true" if complete else "false", datatype=ox.NamedNode(ns.XSD + "boolean"))),
        (ns.KGO + "textFile", ox.Literal(text_name)),
        (ns.KGO + "sha256", ox.Literal(digest)),
    ]
    if title:
        facts.append((ns.RDFS_LABEL, ox.Literal(title, language=language)))
    if date_note:
        facts.append((ns.KGO + "dateNote", ox.Literal(date_note, language="en")))
    if url:
        facts.append((ns.KGO + "url", ox.Literal(url, datatype=ox.NamedNode(ns.XSD + "anyURI"))))
    facts += [(ns.KGO + "basedOn", ox.NamedNode(origin)) for origin in dict.fromkeys(origins)]
    facts += [(ns.KGO + "republishedBy", ox.NamedNode(mirror)) for mirror in dict.fromkeys(mirrors)]
    return facts


def _outlet_turtle(outlets: dict[str, str], new_id: str) -> bytes:
    triples = []
    for outlet, name in outlets.items():
        node = ox.NamedNode(outlet)
        triples += [
            ox.Triple(node, ox.NamedNode(ns.RDF_TYPE), ox.NamedNode(ns.KGO + "NewsOutlet")),
            ox.Triple(node, ox.NamedNode(ns.RDFS_LABEL), ox.Literal(name, language="en")),
            ox.Triple(node, ox.NamedNode(ns.RDFS_LABEL), ox.Literal(name, language="ru")),
        ]
    return turtle(
        triples,
        f"Register entries first met in source {new_id}, written by `csto-kg add` and `csto-kg review`.",
    )
