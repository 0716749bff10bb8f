"""Mentions: the spans of an article that name a person, organisation, place, office or facility, each linked to
the register (its labels, aliases and surnames, in any inflection), else to the Wikidata snapshot, else proposed
as new with a type guessed from the words.

The register is the gazetteer: a name matches when every word of it agrees with a word of the text in some
dictionary form (pymorphy3 for Russian), so Токаева, Жапаровым and Белоруссии find their entities; the longest
match wins. English has no morphology here beyond a possessive 's and a plural s, which news names rarely need.

>>> [w for _, _, w in tokens("Kazakh Pres. Tokayev's «мир»")]
['Kazakh', 'Pres', "Tokayev's", 'мир']
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path

import pyoxigraph as ox

from .. import namespaces as ns
from ..dates import MONTHS, WEEKDAYS
from ..errors import KgError
from ..files import write_atomically
from ..formats import rdf_syntax
from ..names import grammemes, in_genitive, known, name_similarity, nominative, phrase_in_genitive, readings, word_forms
from ..querying import solutions
from .language import installed_version

# After a title, words for the state in context: the title is still said alone
OF_THE_STATE = re.compile(r"\s+(?:of the (?:country|republic)\b(?!['’])|(?:республики|страны)(?!\w))", re.I)
TITLE = "title:"  # what a title said alone points to in the index, until its context names the office
# A kind per register type, most specific first: a State is also a Country; it is named as a place.
KINDS = (
    ("person", ns.KGO + "Person"),
    ("office", ns.KGO + "Office"),
    ("facility", ns.KGO + "Facility"),
    ("place", ns.KGO + "Place"),
    ("organisation", ns.KGO + "Organisation"),
    ("event", ns.KGO + "Mission"),  # the one kind of event with a name ("миротворческая миссия ОДКБ")
    ("group", ns.KGO + "GroupOfPeople"),  # "the protesters", «жители Жанаозена»
    ("commodity", ns.KGO + "Commodity"),  # "liquefied petroleum gas"
)
KIND_ORDER = [kind for kind, _ in KINDS]
KIND_OF_CLASS = dict((cls, kind) for kind, cls in KINDS)
CLASS_OF_KIND = {kind: cls for kind, cls in KINDS}

NAMES = """SELECT DISTINCT ?entity ?name ?kind ?alias WHERE {
  ?entity rdfs:label|skos:altLabel ?name ; a ?type .
  ?type rdfs:subClassOf* ?kind .
  VALUES ?kind { kgo:Person kgo:Office kgo:Facility kgo:Place kgo:Organisation kgo:Mission kgo:GroupOfPeople
                 kgo:Commodity }
  BIND(EXISTS { ?entity skos:altLabel ?name } AS ?alias)
  FILTER(STRSTARTS(STR(?entity), STR(kg:)))
} ORDER BY ?entity ?name ?kind"""  # sorted here and below: a name two entities share is theirs in the one order
# The news outlets: a body that published its own release is the publisher of a source (kgo:publisher's range makes
# it a kgo:NewsOutlet too), yet no outlet: «по данным Минобороны России» is the ministry's word, not a wire's copy
OUTLETS = """SELECT ?e WHERE { ?e a kgo:NewsOutlet .
  FILTER NOT EXISTS { ?e a ?other . ?other rdfs:subClassOf* kgo:Organisation .
                      FILTER(?other NOT IN (kgo:Organisation, kgo:NewsOutlet, kgo:NewsAgency)) } }"""
LABELS = """SELECT ?entity ?label WHERE { ?entity rdfs:label ?label . FILTER(STRSTARTS(STR(?entity), STR(kg:))) }
ORDER BY ?entity ?label"""
SNAPSHOT_NAMES = """SELECT DISTINCT ?item ?name ?human WHERE {
  ?item rdfs:label|skos:altLabel ?name .
  FILTER NOT EXISTS { ?instance wdt:P31 ?item }  # a class (city, country) is a common noun, not a name
  BIND(EXISTS { ?item wdt:P31 wd:Q5 } AS ?human)
} ORDER BY ?item ?name"""
LINKS = """SELECT ?entity ?item WHERE { ?entity owl:sameAs ?item . FILTER(STRSTARTS(STR(?item), STR(wd:))) }"""

# Adjectives of a country name the country (the Kyrgyz contingent, кыргызские военнослужащие): dictionary forms.
DEMONYMS = {
    "kazakh": "kazakhstan",
    "kazakhstani": "kazakhstan",
    "kyrgyz": "kyrgyzstan",
    "russian": "russia",
    "armenian": "armenia",
    "belarusian": "belarus",
    "tajik": "tajikistan",
    "казахстанский": "kazakhstan",
    "казахский": "kazakhstan",
    "кыргызский": "kyrgyzstan",
    "киргизский": "kyrgyzstan",
    "кыргызстанский": "kyrgyzstan",
    "российский": "russia",
    "русский": "russia",
    "армянский": "armenia",
    "белорусский": "belarus",
    "таджикский": "tajikistan",
}
# Capitalised words that start no name: months, weekdays, titles and the words that open sentences.
NOT_NAMES = {
    *"january february march april may june july august september october november december".split(),
    *"jan feb mar apr jun jul aug sep sept oct nov dec".split(),
    *"monday tuesday wednesday thursday friday saturday sunday".split(),
    *"the a an in on at of and but as it he she they his her their this that these those there".split(),
    *"according after before during when while since some many most all also however".split(),
    *"why what who whom whose how where which".split(),  # an interview's questions ("Q: Why did Tokayev ask …")
    *"neither nor no none nobody".split(),  # "Neither Moscow nor Nur-Sultan has said": a negation, no name
    *"pres president prime minister deputy mayor general major secretary chair head spokesman".split(),
    *"colonel lieutenant captain sergeant commander chairman mr mrs ms dr".split(),
    *"decree decrees resolution".split(),  # "by Decree of the President": an act, capitalised in official style
    # a transcript's speaker labels and a byline's word ("ANCHOR:", «ВЕДУЩИЙ:», "By Dana Abenova"); «ЧП» is a state of
    # emergency, no body
    *"anchor correspondent presenter host reporter by ведущий ведущая корреспондент расшифровка чп чс".split(),
    # a rubric before a headline ("COMMENT: The CSTO goes home"), no place or body
    *"comment commentary analysis opinion editorial update exclusive explainer interview factbox summary recap".split(),
    *"комментарий мнение анализ интервью главное итоги".split(),
    *"январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь".split(),
    *"фото по при в на с и но а же тогда там их его ее они он она это всего ранее накануне завтра".split(),
    *"через наиболее кроме после до как так также однако президент премьер министр генсек".split(),
}
AN_ADJECTIVE_OF_A_NAME = re.compile(r"-(?:based|born|backed|owned|run|made|bound)$", re.I)
# the last word of an outlet's name ("Eurasia Daily Report", "Steppe Wire"): a name ending in it names no person
OUTLET_WORDS = set("news times post press radio tv daily herald journal gazette tribune wire media report monitor "
                   "telegraph observer express review weekly".split())  # fmt: skip
ORGANISATION_WORDS = {
    *"ministry council committee service agency office government parliament forces army bank union".split(),
    *"department police guard".split(),
    *"organization organisation institute university court party assembly secretariat".split(),
    *"министерство совет комитет служба агентство правительство парламент силы армия банк союз".split(),
    *"организация институт университет суд партия собрание секретариат минобороны гвардия".split(),
}
# what an aide's office says before the office it serves ("press secretary of the President", «пресс-секретарь
# президента»): the office served is named too, and its holder after it holds it
OF_AN_OFFICE = re.compile(
    r"(?:\b(?:secretary|spokes(?:man|woman|person)|adviser|advisor|aide|assistant|administration|office|chief of staff)"
    r"\s+(?:to|of)\s+(?:the\s+)?|(?<!\w)(?:пресс-секретар[ьяю]|советник[аеу]?|помощник[аеу]?|администраци[яиюей]"
    r"|аппарат[аеу]?|канцеляри[яиюей])\s+)$",
    re.I,
)
# Capitalised English words of titles and headings, not names on their own (Supreme Commander, Heads of State).
TITLE_WORDS = {
    *"defense defence supreme commander armed forces heads state article cabinet image note very photo".split(),
    *"collective peacekeeping security treaty council decision order".split(),
    *"first acting vice deputy former".split(),  # "named First Deputy Prime Minister Alikhan Smailov": a rank
}
# A Russian «е» English spells "ye" in a person's name: at a word's start or after a vowel but «и» (Ерлан,
# Кулибаев; Ташиев is Tashiev)
YE = re.compile(r"(?:(?<![а-яё])|(?<=[аоуыэюя]))е")
# The last word of the name of a day ("New Year's Day", "Christmas Eve", "New Year"): a date, no one's name
DAY_NAME_ENDINGS = {"day", "eve", "year"}
# The last word of the name of a square or a street ("Republic Square"): a place, no person
STREET_WORDS = {"square", "street", "avenue", "prospect", "boulevard", "park", "bridge", "embankment"}
# Lower-case words inside a name: Anna van Densky, Institute of Land Forces.
NAME_PARTICLES = {"van", "von", "de", "al", "of", "bin"}
# English spellings that are one word (Defense, Defence).
SPELLINGS = {"defense": "defence", "organization": "organisation", "armored": "armoured", "chairman": "chair"}
# English adjectives of the member states, to read "Kazakh President" as the President of Kazakhstan.
EN_DEMONYMS = {"Kazakhstan": "Kazakh", "Kyrgyzstan": "Kyrgyz", "Russia": "Russian", "Armenia": "Armenian",
               "Belarus": "Belarusian", "Tajikistan": "Tajik"}  # fmt: skip
PLACE_PREPOSITIONS = {"in", "to", "from", "near", "в", "во", "из", "под"}
# Words for a military force: with a country's adjective ("Kyrgyz military", «армянские миротворцы») or "from" a
# country ("peacekeepers from Armenia", «миротворцы из Кыргызстана») they name that country's contingent.
FORCE_WORDS = {
    *"troop troops servicemen serviceman military militaries peacekeeper peacekeepers contingent paratrooper".split(),
    *"paratroopers soldier soldiers units forces force personnel servicemembers".split(),
    *"военнослужащий военный миротворец контингент десантник солдат подразделение войска силы спецназ".split(),
    *"боец-десантник миротворческий".split(),
}
# All-capital words that open a sentence or a dateline and name nothing new (a heading, an agency's tag).
CAPITAL_WORDS = {"UPDATE", "NEWS", "PHOTO", "VIDEO", "ФОТО", "ВИДЕО", "UTC", "GMT", "HQ", "TV"}
# Adjectives of peoples and regions ("Soviet republic", "Central Asian nation"): capitalised, but no name alone.
DEMONYM_ENDING = re.compile(r"(?:ian|ean|ese|ish|ani|ic)$|^Soviet$")
# Other words for an office's title (general knowledge): the head of state is the president, the head of government
# the prime minister. Said alone ("the head of state"), they name that office of the state in context. (Not
# "premier": as often an adjective, "the premier security bloc".)
TITLE_SYNONYMS = {"head of state": "president", "head of government": "prime minister",
                  "глава государства": "президент", "глава правительства": "премьер-министр",
                  "премьер": "премьер-министр", "вице-премьер": "заместитель премьер-министра"}  # fmt: skip
AIRCRAFT_TYPE = re.compile(r"(?:Il|IL|Ил|An|Ан|Tu|Ту)-\d+")
TOKEN = re.compile(r"\w+(?:[-'’]\w+)*")


def office_variants(name: str) -> list[str]:
    """Other ways English puts an office: "Kazakh President" and "Kazakhstan President" for "President of
    Kazakhstan", "CSTO Secretary General" for "Secretary General of the CSTO".

    >>> office_variants("President of Kazakhstan"), office_variants("Mayor (akim) of Almaty")
    (['Kazakhstan President', 'Kazakh President'], ['Mayor of Almaty', 'Almaty Mayor'])
    >>> office_variants("Head of the State Security Service of Kazakhstan")
    ['Head of the State Security Service']
    """
    variants = []
    plain = re.sub(r" \(\w+\)", "", name)  # "Mayor (akim) of Almaty": "Mayor of Almaty"
    if plain != name:
        variants.append(plain)
    within = re.fullmatch(r"(?P<office>.+ of (?:the )?[A-Z].*?) of (?P<country>[A-Z]\w+)", plain)
    if within and within["country"] in EN_DEMONYMS:  # "Head of the State Security Service" (of Kazakhstan)
        variants.append(within["office"])
    match = re.fullmatch(r"(?P<title>[A-Z][\w ]+?) of (?:the )?(?P<owner>[A-Z][\w ]*)", plain)
    if not match or " of " in f" {match['owner']} ":
        return variants
    variants.append(f"{match['owner']} {match['title']}")
    if match["owner"] in EN_DEMONYMS:
        variants.append(f"{EN_DEMONYMS[match['owner']]} {match['title']}")
    return variants


def name_substitutions(names, targets: set[str]) -> list[tuple[str, str]]:
    """A register name that holds a state's or an alliance's name, said with that one's other names: "Prime Minister
    of the Republic of Kazakhstan" for "Prime Minister of Kazakhstan", "heads of state of the Collective Security
    Treaty Organization" and «главы государств Организации Договора о коллективной безопасности» for the CSTO's.

    >>> names = [("pm", "Prime Minister of Kazakhstan", False), ("kz", "Kazakhstan", False),
    ...          ("kz", "Republic of Kazakhstan", True)]
    >>> name_substitutions(names, {"kz"})
    [('pm', 'Prime Minister of the Republic of Kazakhstan')]
    >>> name_substitutions([("mod", "Министерство обороны Кыргызстана", False), ("kg", "Кыргызстан", False),
    ...                     ("kg", "Киргизия", True)], {"kg"})
    [('mod', 'Министерство обороны Киргизии')]
    >>> name_substitutions([("airport", "аэропорт Алматы", False), ("almaty", "Алматы", False),
    ...                     ("almaty", "Алма-Ата", True)], {"almaty"})
    [('airport', 'аэропорт Алма-Аты')]
    >>> name_substitutions([("mod", "Министерство обороны Российской Федерации", False), ("ru", "Россия", False),
    ...                     ("ru", "Российская Федерация", True), ("ru", "РФ", True)], {"ru"})
    [('mod', 'Министерство обороны России'), ('mod', 'Министерство обороны РФ')]
    """
    own: dict[str, list[str]] = {}
    for entity, name, _ in names:
        if entity in targets:
            own.setdefault(entity, []).append(name)
    # a thousand names against every state's names: a substring test first, each pattern compiled once
    cyrillic = {part: bool(re.search("[а-яё]", part, re.I)) for said in own.values() for part in said}
    patterns = {part: re.compile(rf"(?<!\w)(?:the )?{re.escape(part)}(?!\w)") for part in cyrillic}
    # a Russian name holds a state's name in the genitive («Министерство обороны Кыргызстана»): its other names are
    # put in the genitive too (Киргизии, Российской Федерации)
    genitive = {
        part: in_genitive(part) if " " not in part else phrase_in_genitive(part) for part in cyrillic if cyrillic[part]
    }
    out = []
    for entity, name, _ in names:
        if entity in targets or len(name.split()) < 2:
            continue
        for said in own.values():
            for part in said:
                match, declined = patterns[part].search(name) if part in name else None, False
                if not match and genitive.get(part) and genitive[part] != part and genitive[part] in name:
                    match = re.search(rf"(?<!\w){re.escape(genitive[part])}(?!\w)", name)
                    declined = match is not None
                if not match:
                    continue
                for other in said:
                    if other == part or cyrillic[other] != cyrillic[part] or (declined and other not in genitive):
                        continue
                    # a name that does not decline («аэропорт Алматы») after a noun stands in the genitive
                    after_a_noun = cyrillic[part] and re.search(r"[а-яё]\s$", name[: match.start()], re.I)
                    said_as = genitive[other] if declined or (after_a_noun and other in genitive) else other
                    article = "the " if len(other.split()) > 1 and name[: match.start()].endswith("of ") else ""
                    out.append((entity, name[: match.start()] + article + said_as + name[match.end() :]))
    return out


# A CSTO member state in the genitive, as it ends the Russian name of one of its bodies
RU_STATES_GENITIVE = {"Казахстана", "Казахстан", "России", "Кыргызстана", "Киргизии", "Армении", "Беларуси",
                      "Белоруссии", "Таджикистана"}  # fmt: skip
# How Russian shortens a ministry's name («Минобороны Казахстана» for «Министерство обороны Казахстана»).
RU_MINISTRIES = {"Министерство обороны": "Минобороны", "Министерство здравоохранения": "Минздрав",
                 "Министерство внутренних дел": "МВД", "Министерство иностранных дел": "МИД",
                 "Министерство энергетики": "Минэнерго", "Министерство юстиции": "Минюст"}  # fmt: skip


def organisation_variants(name: str) -> list[str]:
    """Other ways English names a ministry or a committee: "Ministry of Health" and "Health Ministry" for "Ministry of
    Health of Kazakhstan", with the country's adjective, "Kazakh Ministry of Health", or its possessive,
    "Kazakhstan's Health Ministry"; and Russian's short names of ministries, «Минобороны Казахстана».

    >>> organisation_variants("Ministry of Health of Kazakhstan")[:4]
    ['Ministry of Health', 'Health Ministry', 'Kazakh Ministry of Health', 'Kazakh Health Ministry']
    >>> organisation_variants("Ministry of Health of Kazakhstan")[4:]
    ["Kazakhstan's Ministry of Health", "Kazakhstan's Health Ministry"]
    >>> organisation_variants("Министерство обороны Казахстана")
    ['Минобороны Казахстана', 'Министерство обороны']
    >>> organisation_variants("State Security Service of Kazakhstan")
    ['Kazakh State Security Service', "Kazakhstan's State Security Service"]

    A Russian name without its state, as English has "National Security Committee" (the caller keeps it only when
    one body of the register has it):

    >>> organisation_variants("Комитет национальной безопасности Казахстана")
    ['Комитет национальной безопасности']
    """
    for long, short in RU_MINISTRIES.items():
        if name.startswith(long + " "):
            return [short + name[len(long) :], long]
    owned_ru = re.fullmatch(r"(?P<body>[А-ЯЁ][\w -]*?) (?:Республики )?(?P<country>[А-ЯЁ]\w+)", name)
    if owned_ru and owned_ru["country"] in RU_STATES_GENITIVE and len(owned_ru["body"].split()) > 1:
        return [owned_ru["body"]]
    owned = re.fullmatch(r"(?P<body>[A-Z][\w ]*?) of (?P<country>[A-Z]\w+)", name)
    if owned and owned["country"] in EN_DEMONYMS and " of " not in f" {owned['body']} ":
        # any body of a state: "Kazakh Armed Forces", "Kazakhstan's State Security Service"
        body, country = owned["body"], owned["country"]
        return [f"{EN_DEMONYMS[country]} {body}", f"{country}'s {body}"]
    match = re.fullmatch(
        r"(?P<head>Ministry|Committee|Service|Agency|Department) of (?:the )?(?P<field>[A-Z][\w ]*?)"
        r"(?: of (?:the )?(?P<country>[A-Z][\w ]+))?",
        name,
    )
    if not match:
        return []
    head, field = match["head"], match["field"]
    variants = [f"{head} of {field}"] if match["country"] else []
    variants.append(f"{field} {head}")
    if match["country"] in EN_DEMONYMS:
        adjective = EN_DEMONYMS[match["country"]]
        variants += [f"{adjective} {head} of {field}", f"{adjective} {field} {head}"]
    if match["country"]:
        variants += [f"{match['country']}'s {head} of {field}", f"{match['country']}'s {field} {head}"]
    return variants


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence holding text[start:end] begins and ends, by its full stops, question and exclamation marks
    and lines (a quick reading for names; extract splits sentences properly)."""
    stop = re.search(r"[.!?](?:\s|$)|\n", text[end:])
    # (rfind: a long text is not searched from its start for each name)
    found = [(text.rfind(mark, 0, start), mark) for mark in (". ", "! ", "? ", "\n")]
    opened = max([at + len(mark) for at, mark in found if at >= 0] or [0])
    return opened, end + stop.start() if stop else len(text)


def _plural(word: str) -> bool:
    """Whether a noun is plural: by its likeliest reading in Russian, by its s in English ("forces", not "press" or
    "minister's")."""
    if re.search("[а-яё]", word, re.I):
        return "plur" in grammemes(word)
    folded = word.casefold().replace("’", "'")
    return folded.endswith("s") and not folded.endswith(("ss", "'s"))  # "minister's" is one minister


def tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) for every word: letters, digits and inner hyphens or apostrophes."""
    return [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]


_FORMS: dict[str, frozenset[str]] = {}


def forms(word: str) -> frozenset[str]:
    """The dictionary forms a word of the text may stand for, to meet a word of a name."""
    found = _FORMS.get(word)
    if found is None:
        found = _FORMS[word] = _forms(word)
    return found


@functools.lru_cache(maxsize=1)
def code_key() -> str:
    """What the caches of word forms, gazetteers and views of the graph are computed by: pymorphy3, its Russian
    dictionary and pyoxigraph (their versions) and the package's code (the bytes of every module: 1 MB, 3 ms; a
    list of the modules each cache reads would go stale the day one of them starts reading another)."""
    versions = (installed_version(d) for d in ("pymorphy3", "pymorphy3-dicts-ru", "pyoxigraph"))
    digest = hashlib.sha256("\0".join(versions).encode())
    package = Path(__file__).resolve().parent.parent
    for module in sorted(package.rglob("*.py")):
        digest.update(f"\0{module.relative_to(package)}\0".encode() + module.read_bytes())
    return digest.hexdigest()[:16]


@contextlib.contextmanager
def forms_kept_in(cache_dir: Path | None):
    """Inside: forms() answers from the word forms an earlier command kept under cache_dir, and those it computes
    are kept for the next (the register's thousand names cost pymorphy3 0.2 s a command, the file 10 ms). The
    file is named by pymorphy3's version and the code that computes forms, so neither can change under it."""
    if cache_dir is None:
        yield
        return
    path = cache_dir / f"word-forms-{installed_version('pymorphy3')}-{code_key()}.tsv"
    try:
        for line in path.read_text(encoding="utf-8").splitlines():
            word, _, found = line.partition("\t")
            _FORMS.setdefault(word, frozenset(found.split("|")))
    except (OSError, UnicodeDecodeError):
        pass  # none kept yet, or unreadable: computed again
    known = len(_FORMS)
    yield
    if len(_FORMS) > known:
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            text = "".join(f"{word}\t{'|'.join(sorted(found))}\n" for word, found in sorted(_FORMS.items()))
            write_atomically(text.encode("utf-8"), path)
            _drop_others(path, "word-forms-*.tsv")  # kept by other code or another pymorphy3
        except (OSError, KgError):
            pass  # a cache that cannot be written costs the next command 0.2 s, nothing else


def _plain(value):
    """What the gazetteer holds as JSON: sets, tuples, its names and dicts keyed by tuples are tagged ("$set", …)
    so that `_decoded` gives each back as it was (a tuple compared with a list is never equal)."""
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in value):
            return {k: _plain(v) for k, v in value.items()}
        return {"$pairs": [[_plain(k), _plain(v)] for k, v in value.items()]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, tuple):
        return {"$tuple": [_plain(v) for v in value]}
    if isinstance(value, (set, frozenset)):
        tag = "$frozenset" if isinstance(value, frozenset) else "$set"
        return {tag: sorted((_plain(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))}
    if isinstance(value, _Name):
        return {"$name": [_plain(getattr(value, f.name)) for f in fields(_Name)]}  # `_decoded` reads them in order
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"the gazetteer holds a {type(value).__name__}, which its cache cannot keep")


def _decoded(value: dict):
    if len(value) == 1:
        ((tag, item),) = value.items()
        if tag == "$tuple":
            return tuple(item)
        if tag == "$set":
            return set(item)
        if tag == "$frozenset":
            return frozenset(item)
        if tag == "$pairs":
            return dict((k, v) for k, v in item)
        if tag == "$name":
            return _Name(*item)
    return value


def keep_json(data: dict, path: Path) -> None:
    """Keep `data` (as `_plain` writes it) in the cache file `path` for the next command, after a line with the
    SHA-256 of the rest (a file changed by anything else is computed again, never read: a field of the wrong type
    would fail every command that reads it), and drop the older files of its kind beside it (named as `path` up to
    its last "-"). A cache that cannot be written costs the next command the time to compute it again."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps(_plain(data), ensure_ascii=False).encode("utf-8")
        write_atomically(hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload, path)
        _drop_others(path, f"{path.name.rpartition('-')[0]}-*{path.suffix}")
    except (OSError, KgError):
        pass


def _drop_others(path: Path, pattern: str) -> None:
    """Remove the files beside `path` that match `pattern`, `path` itself kept: a cache keeps its newest file only."""
    for other in path.parent.glob(pattern):
        if other != path:
            other.unlink(missing_ok=True)


def kept_json(path: Path) -> dict:
    """What `keep_json` kept in `path`; raises OSError or ValueError where there is none, it cannot be read, or it
    is not what keep_json wrote."""
    digest, _, payload = path.read_bytes().partition(b"\n")
    if hashlib.sha256(payload).hexdigest().encode() != digest:
        raise ValueError(f"{path}: not what keep_json wrote")
    data = json.loads(payload.decode("utf-8"), object_hook=_decoded)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not what keep_json wrote")
    return data


def _forms(word: str) -> frozenset[str]:
    folded = word.casefold().replace("’", "'")
    found = set(word_forms(folded))
    if not re.search("[а-яё]", folded):
        found |= {folded.removesuffix("'s"), folded.removesuffix("s")} - {""}
        found |= {SPELLINGS[f] for f in found if f in SPELLINGS}
    return frozenset(found)


@functools.lru_cache(maxsize=20000)
def _key_of(name: str, kind: str) -> str:
    """The local name a new entity is proposed under: a Russian name in the nominative, spelt in Latin letters; a
    person's «е» as "ye" where English spells it so (word-initial or after a vowel), so that one person said in
    both languages gets one key.

    >>> _key_of("Тимура Кулибаева", "person"), _key_of("Timur Kulibayev", "person"), _key_of("Ерлан Карин", "person")
    ('timur-kulibayev', 'timur-kulibayev', 'yerlan-karin')
    """
    from ..namespaces import kebab

    if not re.search("[а-яё]", name, re.I):
        return kebab(name)
    name = nominative(name, kind)
    if kind == "person":
        name = YE.sub("ye", name.casefold())
    return kebab(name)


@dataclass
class Mention:
    start: int
    end: int
    text: str
    kind: str  # person, organisation, place, office, facility
    entity: str | None = None  # kg: IRI when the register knows it
    item: str | None = None  # wd: IRI from the snapshot when the register does not
    how: str = ""  # register, surname, demonym, snapshot, new
    candidates: list[str] = field(default_factory=list)  # Wikidata items the linker proposes for a new name
    name: str = ""  # a new name's fuller form elsewhere in the article (Бекболотова: Бактыбек Бекболотов)

    @property
    def key(self) -> str:
        """The local name a new entity is proposed under (kg:KEY): its fuller name's, when the article gives one, in
        the nominative («из Иванове»: kg:ivanovo)."""
        return _key_of(self.name or self.text, self.kind)

    @property
    def linked(self) -> str | None:
        return self.entity or self.item


@dataclass
class _Name:
    target: str
    kind: str
    words: tuple[frozenset[str], ...]
    how: str
    cased: bool  # the name has a capital: a match must have one too (the register's "армия" is not "Армия")


# What a gazetteer holds (tests/test_ingest.py checks the list against a built one), and what is not kept with it
GAZETTEER_FIELDS = ("_elsewhere", "alliances", "bare_titles", "cities", "containers", "contingent_of", "contingents",
                    "force_of", "holdings", "index", "is_word", "kinds", "labels", "linked_items", "offices_of",
                    "outlets", "person_keys", "person_words", "snapshot_names", "state_of_place", "states",
                    "titles_of")  # fmt: skip
UNKEPT = {"is_word", "_elsewhere"}  # the caller's dictionary, and what one text's search remembers


class Gazetteer:
    """Every name the register and the snapshot know, indexed by the dictionary forms of their first word."""

    def __init__(self, store: ox.Store, snapshot: ox.Store | None = None):
        self.index: dict[str, list[_Name]] = {}
        self.is_word: Callable[[str], bool] | None = None  # an English dictionary's, when the caller has one
        self._elsewhere: dict[tuple[str, str], bool] = {}
        self.labels: dict[str, dict[str, str]] = {}
        for row in solutions(store, LABELS):
            label = row["label"]
            self.labels.setdefault(row["entity"].value, {})[label.language or ""] = label.value
        kinds: dict[str, str] = {}
        names: list[tuple[str, str, bool]] = []
        for row in solutions(store, NAMES):
            entity, kind = row["entity"].value, KIND_OF_CLASS[row["kind"].value]
            current = kinds.get(entity)
            if current is None or KIND_ORDER.index(kind) < KIND_ORDER.index(current):
                kinds[entity] = kind
            names.append((entity, row["name"].value, row["alias"].value == "true"))
        self.kinds = kinds
        for entity, name, alias in names:
            self._add(entity, kinds[entity], name, "register")
            if kinds[entity] == "person" and not alias:
                surname = name.split()[-1]
                if len(name.split()) > 1 and len(surname) > 3 and surname[0].isupper():
                    self._add(entity, "person", surname, "surname")
        titles: dict[str, set[str]] = {}
        for entity, name, _ in names:
            if kinds[entity] == "office":
                for variant in office_variants(name):
                    self._add(entity, "office", variant, "register")
                title = re.match(r"(.+?) (?:\(\w+\) )?of ", name)
                if title and re.search("[A-Za-z]", name):
                    titles.setdefault(title.group(1).casefold(), set()).add(entity)
        said = {name.casefold() for _, name, _ in names}
        self.states = {row["e"].value for row in solutions(store, "SELECT ?e WHERE { ?e a kgo:State }")}
        self.cities = {row["e"].value for row in solutions(store, "SELECT ?e WHERE { ?e a kgo:City }")}
        self.alliances = {
            row["e"].value
            for row in solutions(
                store, "SELECT ?e WHERE { ?e a ?t . ?t rdfs:subClassOf* kgo:InternationalOrganisation }"
            )
        }
        # an office's label with its state said otherwise ("of the Russian Federation": "of Russia");
        # labels only: an alias («глава Казахстана») is no title
        labelled = [(e, n, a) for e, n, a in names if (e in self.states) or (not a and n in self.labels[e].values())]
        self.bare_titles = self._titles_of_states(
            [(e, n) for e, n, _ in labelled if e not in self.states] + name_substitutions(labelled, self.states), kinds
        )
        for title, offices in titles.items():
            # "secretary general": one office has that title; a state's title is named by its context instead
            if len(offices) == 1 and len(title.split()) > 1 and title not in self.bare_titles:
                self._add(next(iter(offices)), "office", title, "register", cased=False)
        for title in self.bare_titles:
            self._add(TITLE + title, "office", title, "title", cased=False)
        substituted = name_substitutions(names, self.states | self.alliances)
        variants: dict[str, set[str]] = {}
        for entity, name in [(entity, name) for entity, name, _ in names] + substituted:
            if kinds[entity] == "organisation":
                for variant in organisation_variants(name):
                    variants.setdefault(variant, set()).add(entity)
        for variant, owners in variants.items():
            if len(owners) == 1 and variant.casefold() not in said:  # "Ministry of Defence" names three: none
                self._add(next(iter(owners)), "organisation", variant, "register")
        # a facility named by its place, with the place's other names ("аэропорт Алма-Аты", "Alma-Ata airport")
        places = {entity for entity, kind in kinds.items() if kind == "place"}
        named_by_places = [n for n in names if kinds[n[0]] == "facility" or n[0] in places]
        for entity, name in name_substitutions(named_by_places, places):
            if kinds[entity] == "facility" and name.casefold() not in said:
                self._add(entity, "facility", name, "register")
        for adjective, country in DEMONYMS.items():
            self._add(ns.KG + country, "place", adjective, "demonym", cased=False)
        self.linked_items = {row["item"].value for row in solutions(store, LINKS)}
        self.contingents = {
            row["e"].value for row in solutions(store, "SELECT ?e WHERE { ?e a kgo:MilitaryContingent }")
        }
        # places that contain others: regions, countries and the parts of a country the register names
        self.containers = {
            row["e"].value
            for row in solutions(store, "SELECT ?e WHERE { { ?e a kgo:Region } UNION { ?e a kgo:Country } UNION "
                                        "{ ?e a kgo:Place . FILTER NOT EXISTS { ?e a kgo:City } } }")
        }  # fmt: skip
        self.state_of_place = {
            row["p"].value: row["s"].value
            for row in solutions(store, "SELECT ?p ?s WHERE { ?p kgo:locatedIn+ ?s . ?s a kgo:State }")
        }
        self.holdings: dict[tuple[str, str], str] = {}
        self.offices_of: dict[str, list[tuple[str, str, str]]] = {}
        holdings = "SELECT * WHERE { ?p kgo:holds ?h . ?h kgo:office ?o . ?o rdfs:label ?l } ORDER BY ?p ?h ?o ?l"
        # the register's holdings (who held an office one person holds) are background: a title names their office,
        # but a claim states a holding of its own, not the register's node with the register's dates
        background = f"SELECT ?h WHERE {{ GRAPH <{ns.ENTITIES_GRAPH}> {{ ?p kgo:holds ?h }} }}"
        known = {row["h"].value for row in solutions(store, background)}
        titled: dict[str, list[tuple[str, str]]] = {}
        for row in solutions(store, holdings):
            person, holding, office = row["p"].value, row["h"].value, row["o"].value
            if holding not in known:
                self.holdings[(person, office)] = holding
            if (office, row["l"].value) not in titled.setdefault(person, []):  # the union repeats it per claim
                titled[person].append((office, row["l"].value))
        for person, offices in titled.items():
            self.offices_of[person] = [(o, self.holdings.get((person, o)), label) for o, label in offices]
        # the title each office puts before its holder's name, as word forms ("President", «Премьер-министр»); each
        # once (the store's union graph repeats a holding for every claim that states it)
        self.titles_of: dict[str, list[tuple[str, tuple[frozenset[str], ...]]]] = {
            person: sorted({(office, tuple(forms(w) for _, _, w in tokens(re.split(r" of |\s(?=\S+$)", label)[0])))
                            for office, _, label in held}, key=lambda t: t[0])
            for person, held in self.offices_of.items()
        }  # fmt: skip
        self.contingent_of = {
            row["s"].value: row["c"].value
            for row in solutions(store, "SELECT ?c ?s WHERE { ?c a kgo:MilitaryContingent ; kgo:country ?s }")
        }
        # the force an alliance sent, as the graph's claims say (the CSTO's peacekeeping force): what "troops" are in a
        # sentence that names the alliance
        self.force_of: dict[str, str] = {}
        for row in sorted(solutions(store, ALLIANCE_FORCES), key=lambda r: -int(r["n"].value)):
            self.force_of.setdefault(row["a"].value, row["force"].value)
        # people's surnames (a name's last word), for spellings the register does not hold (Smaiylov, Zaynetdinov,
        # Massimov); a given name is no one's alone (Sergei: Shoigu and Lavrov, whom the register may not know yet), and
        # a surname of two people names neither
        owners: dict[str, set[str]] = {}
        for entity, name, _ in names:
            if kinds[entity] == "person":
                word = name.split()[-1]
                if len(word) >= 5 and word[0].isupper():
                    owners.setdefault(word.casefold(), set()).add(entity)
        self.person_words = {(word, next(iter(who))) for word, who in owners.items() if len(who) == 1}
        self.person_keys: dict[str, set[str]] = {}  # the same surnames without their romanisation's marks
        for word, who in self.person_words:
            self.person_keys.setdefault(latin_key(word), set()).add(who)
        self.outlets = {row["e"].value for row in solutions(store, OUTLETS)}
        for entity, variant in substituted:
            self._add(entity, kinds[entity], variant, "register")
        self.snapshot_names: list[tuple[str, str]] = []
        for row in solutions(snapshot, SNAPSHOT_NAMES) if snapshot is not None else ():
            item = row["item"].value
            self.snapshot_names.append((item, row["name"].value))
            if item not in self.linked_items:  # else the register's entity is the one to name
                self._add(item, "person" if row["human"].value == "true" else "place", row["name"].value, "snapshot")

    @classmethod
    def kept_in(
        cls, cache_dir: Path, build: str, store: ox.Store | Callable[[], ox.Store], snapshot_file: Path | None
    ) -> Gazetteer:
        """The gazetteer of a build, kept under cache_dir for the next command (building it reads the register
        and costs a command 0.13 s; the file, 10 ms). The file is named by the build (a release folder is never
        written again), the snapshot's bytes and the code and dictionaries that build it (`code_key`), so none can
        change under it; one that cannot be read, or holds other fields, is built again; only the newest is kept."""
        snapshot_bytes = snapshot_file.read_bytes() if snapshot_file is not None and snapshot_file.exists() else b""
        digest = hashlib.sha256(f"{build}\0{code_key()}\0".encode() + snapshot_bytes)
        path = cache_dir / f"gazetteer-{digest.hexdigest()[:16]}.json"
        try:
            return cls._read(path)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            pass  # none kept yet, or unreadable: built again
        snapshot = None
        if snapshot_bytes:
            snapshot = ox.Store()
            snapshot.load(snapshot_bytes, format=rdf_syntax("turtle"))
        gazetteer = cls(store() if callable(store) else store, snapshot)
        kept = {k: v for k, v in gazetteer.__dict__.items() if k not in UNKEPT}
        # a name filed under several forms is one object: `find` tells names apart by identity
        names_once = list({id(n): n for entries in gazetteer.index.values() for n in entries}.values())
        number = {id(n): i for i, n in enumerate(names_once)}
        kept["index"] = {
            "names": names_once,
            "forms": {f: [number[id(n)] for n in e] for f, e in gazetteer.index.items()},
        }
        keep_json(kept, path)
        return gazetteer

    @classmethod
    def _read(cls, path: Path) -> Gazetteer:
        data = kept_json(path)
        if set(data) != set(GAZETTEER_FIELDS) - UNKEPT:
            raise KeyError("the file holds other fields than a gazetteer")
        names_once = data["index"]["names"]
        data["index"] = {form: [names_once[i] for i in numbers] for form, numbers in data["index"]["forms"].items()}
        gazetteer = cls.__new__(cls)
        gazetteer.__dict__.update(data)
        gazetteer.is_word, gazetteer._elsewhere = None, {}
        return gazetteer

    def _titles_of_states(self, labels, kinds) -> dict[str, dict[str, str]]:
        """What an office of a state is called without the state (President, Prime Minister, «Премьер-министр»;
        its synonyms too), with the office it names in each state: {title: {state: office}}. `labels` are (entity,
        label) pairs."""
        state_of_word: dict[str, str] = {}
        for state in self.states:
            for name in self.labels.get(state, {}).values():
                if " " not in name:
                    for form in forms(name):
                        state_of_word[form] = state
        titles: dict[str, dict[str, str]] = {}
        for entity, label in labels:
            if kinds.get(entity) != "office":
                continue  # a body said alone ("the Defence Ministry", «Минобороны») is as often another state's
            words = label.split()
            states = {state_of_word[f] for f in forms(words[-1]) if f in state_of_word}
            if len(words) < 2 or len(states) != 1 or words[-2].casefold() in ("in", "в", "во"):
                continue  # "Commander of the force in Kazakhstan" is no title of Kazakhstan's
            title = re.sub(r"(?: of(?: the)?)$", "", " ".join(words[:-1]))
            if re.search(r"republic|республик|федерац", title, re.I):
                continue  # "Prime Minister of the Republic of Kazakhstan" is said without its state's longer name
            titles.setdefault(title.casefold(), {})[next(iter(states))] = entity
        for synonym, title in TITLE_SYNONYMS.items():
            if title in titles:
                titles[synonym] = titles[title]
        return titles

    def _add(self, target: str, kind: str, name: str, how: str, cased: bool | None = None) -> None:
        words = [w for _, _, w in tokens(name)]
        if not words:
            return
        key = tuple(forms(w) for w in words)
        entry = _Name(target, kind, key, how, any(c.isupper() for c in name) if cased is None else cased)
        for form in key[0]:
            self.index.setdefault(form, []).append(entry)

    def what(self, mention: Mention) -> str:
        """The mention's kind, or more precisely a contingent or a state (which fill their own roles)."""
        if mention.entity in self.contingents:
            return "contingent"
        if mention.entity in self.states:
            return "state"
        return mention.kind

    def items_named(self, name: str, at_least: float = 0.6) -> list[str]:
        """QIDs of snapshot items with a name like this one (the linker's candidates for a new entity)."""
        scored = {}
        for item, other in self.snapshot_names:
            score = name_similarity(name, other)
            if score >= at_least:
                scored[item] = max(score, scored.get(item, 0))
        return [item.removeprefix(ns.WD) for item, _ in sorted(scored.items(), key=lambda kv: -kv[1])[:5]]

    def find(self, text: str) -> list[Mention]:
        """Every name of the register or snapshot in `text`, longest first, not overlapping."""
        self._elsewhere: dict[tuple[str, str], bool] = {}
        words = tokens(text)
        found: list[tuple[int, int, _Name]] = []
        titled: list[tuple[int, int, _Name]] = []  # titles said alone, named by their context (`_titles_alone`)
        for i, (_, _, word) in enumerate(words):
            seen = set()
            if _only_a_verb(word):
                continue  # «протестовали» is no name, though «протестующие» (protesters) shares its lemma
            for form in forms(word):
                for name in self.index.get(form, ()):
                    if id(name) in seen:
                        continue
                    seen.add(id(name))
                    n = len(name.words)
                    if i + n > len(words) or not all(name.words[k] & forms(words[i + k][2]) for k in range(1, n)):
                        if self._with_one_more_word(text, words, i, name):
                            found.append((i, i + n + 1, name))  # "strategically important government facilities"
                        continue
                    span = words[i : i + n]
                    if name.cased and not any(w[0].isupper() for _, _, w in span):
                        continue
                    (titled if name.how == "title" else found).append((i, i + n, name))
        rank = {"register": 0, "surname": 1, "demonym": 2, "snapshot": 3}
        found.sort(key=lambda f: (-(f[1] - f[0]), rank[f[2].how], f[0]))
        taken: set[int] = set()
        offices: list[tuple[int, int]] = []
        mentions = []
        for first, last, name in found:
            if name.how == "surname" and self._someone_else(text, words[first][0], name.target):
                continue  # "Sadyr Zhaparov" is not the register's Akylbek Zhaparov
            inside_office = any(a <= first and last <= b for a, b in offices) and (
                name.kind in ("place", "organisation")
                # an office's holder whose aide the outer office is ("press secretary of the President of Kazakhstan")
                or (name.kind == "office" and bool(OF_AN_OFFICE.search(text, 0, words[first][0])))
            )
            if taken & set(range(first, last)) and not inside_office:
                continue  # what an office's or a group's name names (Kazakh President, жители Жанаозена) is one too
            taken |= set(range(first, last))
            if name.kind in ("office", "group"):
                offices.append((first, last))
            start, end = words[first][0], words[last - 1][1]
            if re.search(r"['’]s$", text[start:end]):
                end -= 2  # "Alikhan Smailov's pledge": the name without its possessive
            on_register = name.target.startswith(ns.KG)
            if name.kind == "person" and len(name.words) == 1:
                start = self._given_names_before(text, start, name.target)
            mentions.append(
                Mention(
                    start,
                    end,
                    text[start:end],
                    name.kind,
                    entity=name.target if on_register else None,
                    item=None if on_register else name.target,
                    how=name.how,
                )
            )
        mentions += self._contingents(text, words, mentions) + self._variants(text, words, mentions)
        mentions += self._alliance_forces(text, words, mentions)
        mentions += self._titles(text, words, mentions)
        mentions += self._titles_alone(text, words, mentions, titled)
        return sorted(mentions, key=lambda m: m.start)

    def _titles_alone(self, text: str, words, mentions: list[Mention], titled) -> list[Mention]:
        """A title said alone ("the prime minister", «глава государства», "the new Prime Minister") names that
        office of the state it is said of: the state named just before it ("Kyrgyz president"), else the one the
        sentence names nearest before it, else the one the article names most (of as many, the first named), else
        one its sentence names after it; nothing when the register has no such office of that state. Not a title
        before a name ("President Japarov") or of something else ("president of the club", «президент компании»),
        nor a plural ("presidents", «главы государств»)."""
        states = [m for m in mentions if m.entity in self.states]
        counts: dict[str, int] = {}
        for m in sorted(mentions, key=lambda m: m.start):  # a place counts for its state («в Мангистауской области»)
            state = m.entity if m.entity in self.states else self.state_of_place.get(m.entity or "")
            if state is not None:
                counts[state] = counts.get(state, 0) + 1
        if not titled:
            return []
        most = max(counts, key=lambda state: counts[state], default=None)  # (a dict keeps the order first named)
        spans = [(m.start, m.end, m.kind) for m in mentions]
        read: list[tuple[int, int]] = []  # titles read already, linked or not: "deputy prime minister" holds no other
        found = []
        for first, last, name in sorted(titled, key=lambda f: (-(f[1] - f[0]), f[0])):
            start, end = words[first][0], words[last - 1][1]
            if any(a < end and start < b and (a < start or end < b or kind in ("office", "person"))
                   for a, b, kind in spans) or any(a <= start and end <= b for a, b in read):  # fmt: skip
                continue  # part of a longer name or title, or a name of its own
            read.append((start, end))
            title = name.target.removeprefix(TITLE)
            if _plural(words[last - 1][2]) and not _plural(title.split()[-1]):
                continue  # "presidents", «президенты», "the presidents of three states"
            in_state = self.bare_titles[title]
            beside = [m for m in mentions if m.kind == "person" and m.entity and (
                (m.end <= start and re.fullmatch(r"\s*,\s*(?:the\s+|a\s+)?|\s+", text[m.end : start]))
                or (end <= m.start and re.fullmatch(r"[\s,]*", text[end : m.start])))]  # fmt: skip
            if beside:
                # "Tashiev, Deputy Prime Minister", «главе государства Касым-Жомарту Токаеву»: the office of that title
                # its holder holds, else the one of the state whose offices the holder holds; none if the graph
                # knows no office of theirs
                held = [o for o, _, _ in self.offices_of.get(beside[0].entity, ())]
                office = next((o for o in in_state.values() if o in held), None)
                their_states = {s for t in self.bare_titles.values() for s, o in t.items() if o in held}
                if office is None and len(their_states) == 1:
                    office = in_state.get(next(iter(their_states)))
                if office is not None:
                    found.append(Mention(start, end, text[start:end], "office", office, how="title"))
                    spans.append((start, end, "office"))
                continue
            if not self._said_alone(text, words, first, last):
                continue
            sentence = _sentence_around(text, start, end)
            just_before = [m for m in states if m.end <= start and re.fullmatch(r"\s*", text[m.end : start])]
            near = [m for m in states if sentence[0] <= m.start < sentence[1]]
            # a state named before the title in its sentence, else the article's, else one named after it ("The
            # president said Russia would send troops" is the article's president, not Russia's)
            near = [m for m in near if m.end <= start] or ([] if most else near)
            if just_before:
                state = just_before[0].entity
            elif first and not self._opens(text, words, first):
                continue  # "Uzbek President", «узбекский президент», "Russia's president": another's
            elif near:
                state = min(near, key=lambda m: abs(start - m.end)).entity
            elif len(theirs := self._states_of_people_in(mentions, sentence)) == 1:
                state = next(iter(theirs))  # «Токаев освободил Бектанова от должности министра обороны»: his state's
            else:
                state = most
            office = in_state.get(state)
            if office is None:
                continue
            found.append(Mention(start, end, text[start:end], "office", office, how="title"))
            spans.append((start, end, "office"))
        return found

    def _states_of_people_in(self, mentions: list[Mention], span: tuple[int, int]) -> set[str]:
        """The states whose offices the people a sentence names hold in the graph."""
        held = {o for m in mentions if m.kind == "person" and m.entity and span[0] <= m.start < span[1]
                for o, _, _ in self.offices_of.get(m.entity, ())}  # fmt: skip
        return {state for in_state in self.bare_titles.values() for state, office in in_state.items() if office in held}

    @staticmethod
    def _said_alone(text: str, words, first: int, last: int) -> bool:
        """Whether a title (in its own number: the caller checks) is said on its own: no name or owner after it."""
        head = words[last - 1][2]
        if last - first > 1 and re.search("[а-яё]", head, re.I) is None and words[first][2].casefold().endswith("s"):
            return False  # "heads of state"
        after = text[words[last - 1][1] : words[last - 1][1] + 40]
        if OF_THE_STATE.match(after):
            return True  # "the prime minister of the country", «председатель Совета безопасности республики»
        opener = last < len(words) and words[last][2].casefold() in NOT_NAMES  # "… Prime Minister At the same time"
        if re.match(r"\s+of\b", after) or (re.match(r"\s+[A-ZА-ЯЁ«\"]", after) and not opener):
            return False  # "President Japarov", "president of the club", «премьер-министр Армении»
        if last < len(words) and re.match(r"\s+\w", after):
            following = words[last][2]
            if re.search("[а-яё]", following, re.I) and {"NOUN", "gent"} <= grammemes(following):
                return False  # «президент компании»
        return True

    @staticmethod
    def _opens(text: str, words, first: int) -> bool:
        """Whether the word before a title is one a title may follow: none (the sentence or the dateline's text
        starts), or a word that is no place's adjective or possessive, no name and no "vice" ("the", "new",
        «новый»; "The" and «Новый» opening a sentence too; not "U.S.", "Uzbek", "Russia's", "vice")."""
        before = words[first - 1][2]
        upto = text[: words[first][0]]
        if re.search(r"\b[A-Z]\.\s*$", upto) or before.casefold() in ("vice", "вице"):
            return False  # "the U.S. president", "vice president"
        if re.search(r"[.!?\n:–—]\s*$", upto):
            return True
        opening = re.search(r"(?:^|[.!?\n:–—])\s*$", text[: words[first - 1][0]]) is not None
        common = before.casefold() in NOT_NAMES or re.search("[а-яё]", before, re.I)  # "The", «Новый»
        if (before[0].isupper() and not (opening and common)) or before.casefold().endswith(("'s", "’s")):
            return False
        return not re.search("(?:ск|цк)(?:ий|ая|ое|ие|ого|ой|ому|им|ом|их|ую)$", before.casefold())

    def _titles(self, text: str, words, mentions: list[Mention]) -> list[Mention]:
        """A title just before a person who holds that office names the office too: "President Tokayev", "Prime
        Minister Nikol Pashinyan", «с президентом Владимиром Путиным»."""
        holders = [m for m in mentions if m.kind == "person" and m.entity in self.titles_of]
        if not holders:
            return []
        starts = [w[0] for w in words]
        offices = [(m.start, m.end) for m in mentions if m.kind == "office"]
        found = []
        for m in holders:
            i = bisect.bisect_left(starts, m.start)
            if i == len(starts) or starts[i] != m.start:
                continue
            for office, title in self.titles_of[m.entity]:
                before = words[max(0, i - len(title)) : i]
                if len(before) != len(title) or not all(forms(w) & t for (_, _, w), t in zip(before, title)):
                    continue
                start = before[0][0]
                if not before[0][2][0].isupper() and not re.search("[а-я]", before[0][2]):
                    continue  # an English title is capitalised ("the president of the club" is no title)
                covered = any(a <= start < b for a, b in offices)
                if covered or re.search(r"\S", text[before[-1][1] : m.start].strip()):
                    continue
                found.append(Mention(start, before[-1][1], text[start : before[-1][1]], "office", office, how="title"))
                break
        return found

    def _contingents(self, text: str, words, mentions: list[Mention]) -> list[Mention]:
        """A country's adjective or name beside a word for a force names its contingent: "Kyrgyz military",
        "Armenian servicemen", "peacekeepers from Armenia", «миротворцы из Кыргызстана», «военнослужащие ВС РК»."""
        by_start = {m.start: m for m in mentions}
        index = {w[0]: i for i, w in enumerate(words)}
        found = []
        for m in mentions:
            contingent = self.contingent_of.get(m.entity or "")
            if contingent is None or m.start not in index:
                continue
            i = index[m.start]
            span = None
            following = words[i + 1 : i + 3]
            if following and forms(following[0][2]) & FORCE_WORDS and m.how == "demonym":
                span = (m.start, following[0][1])
            elif following and forms(following[-1][2]) & FORCE_WORDS and len(following) == 2 and m.how == "demonym":
                if following[0][2].casefold() in ("peacekeeping", "armed", "миротворческий", "миротворческие"):
                    span = (m.start, following[-1][1])
            joined = words[i + 1 : i + 4]  # «Таджикские и армянские миротворцы», "Tajik and Armenian peacekeepers"
            if span is None and m.how == "demonym" and len(joined) == 3 and joined[0][2].casefold() in ("and", "и"):
                other = by_start.get(joined[1][0])
                if other is not None and other.how == "demonym" and forms(joined[2][2]) & FORCE_WORDS:
                    span = (m.start, m.end)
            before = words[max(0, i - 2) : i]
            if span is None and before and forms(before[-1][2]) & {"from", "из", "от"} and len(before) == 2:
                if forms(before[0][2]) & FORCE_WORDS:
                    span = (before[0][0], m.end)
            if span is None and before and forms(before[-1][2]) & FORCE_WORDS and m.how == "register":
                if re.search("[а-яё]", before[-1][2], re.I):  # «миротворцы Армении»: a force of a country's
                    span = (before[-1][0], m.end)
            if span is None or (span[0] in by_start and by_start[span[0]].entity == contingent):
                continue
            if re.search(r"[.,;:!?\n()—–]", text[span[0] : span[1]]):
                continue  # «… десантников. Армения направила …»: two sentences, no force of Armenia's
            found.append(
                Mention(span[0], span[1], text[span[0] : span[1]], "organisation", contingent, how="contingent")
            )
            found += self._listed_with(text, m, mentions)
        return found

    def _given_names_before(self, text: str, start: int, person: str) -> int:
        """Where a surname's person begins: the given name before it, spelt as the register's or nearly ("Kassim-Jomart
        Tokayev"), with an initial or a patronymic between ("Vladimir V. Putin", "Alikhan Askhanovich Smailov",
        «Касым-Жомарт Кемелевич Токаев»)."""
        from rapidfuzz.fuzz import ratio

        before = re.search(
            r"([A-ZА-ЯЁ][\w-]+)\s+(?:[A-ZА-ЯЁ]\.\s*|[A-ZА-ЯЁ]\w+(?:ovich|evich|ovna|evna|ович|евич|овна|евна|ич)\s+)?$",
            text[max(0, start - 60) : start],
        )
        if before is None:
            return start
        given = before.group(1).casefold()
        names = [n.split()[0].casefold() for n in self.labels.get(person, {}).values() if " " in n]
        if any(given == n or ratio(given, n) >= 85 or latin_key(given) == latin_key(n) for n in names):  # Andrei
            return start - len(text[max(0, start - 60) : start]) + before.start()
        return start

    @staticmethod
    def _with_one_more_word(text: str, words, i: int, name: _Name) -> bool:
        """Whether a description of three words or more (no capital: no proper name) is said with one more lower-case
        word before its noun ("strategically important government facilities" for "strategically important
        facilities"), nothing but spaces between."""
        n = len(name.words)
        if n < 3 or name.cased or name.how != "register" or i + n >= len(words):
            return False
        inserted = words[i + n - 1][2]
        return (
            all(name.words[k] & forms(words[i + k][2]) for k in range(1, n - 1))
            and bool(name.words[n - 1] & forms(words[i + n][2]))
            and inserted.islower()
            and not re.search(r"[^\w\s-]", text[words[i][0] : words[i + n][1]])
        )

    def _alliance_forces(self, text: str, words, mentions: list[Mention]) -> list[Mention]:
        """Troops in a sentence that names an alliance are the force it sent, when nothing makes them another's:
        "the CSTO having sent 2,030 troops", "a joint force from a Russian-led military alliance" (not "Kazakh
        troops", "security forces")."""
        alliances = [m for m in mentions if m.entity in self.force_of]
        if not alliances:
            return []
        covered = {i for m in mentions for i in range(m.start, m.end)}
        found = []
        for i, (start, end, word) in enumerate(words):
            if word.casefold() not in ALLIANCE_FORCE_WORDS or start in covered:
                continue
            sentence = _sentence_around(text, start, end)
            by_number = i and re.fullmatch(r"[\d,.]+", words[i - 1][2])
            # troops counted may answer the alliance the sentence before named ("… asked the CSTO to intervene.
            # Russia, along with other members, sent up to 2,500 troops")
            since = max(text.rfind(". ", 0, max(0, sentence[0] - 2)) + 1, 0) if by_number else sentence[0]
            named = [m for m in alliances if since <= m.start < sentence[1]]
            previous = next((w for _, _, w in reversed(words[:i]) if w.casefold() not in FORCE_COUNT_WORDS), "")
            if named and (by_number or previous.casefold() in FORCE_OPENERS) and not text[start:end].istitle():
                force = self.force_of[named[0].entity]
                found.append(Mention(start, end, word, "organisation", force, how="contingent"))
        return found

    def _listed_with(self, text: str, country: Mention, mentions: list[Mention]) -> list[Mention]:
        """The countries listed after one whose force is named: "servicemen from Kyrgyzstan and Tajikistan",
        «миротворцы Армении, Таджикистана, Белоруссии»: each one's contingent."""
        found = []
        following = sorted((m for m in mentions if m.start >= country.end), key=lambda m: m.start)  # reading order
        previous = country
        for m in following:
            contingent = self.contingent_of.get(m.entity or "")
            if contingent is None or not re.fullmatch(r"\s*(?:,|and|и|,\s*and)\s*", text[previous.end : m.start]):
                break
            found.append(Mention(m.start, m.end, m.text, "organisation", contingent, how="contingent"))
            previous = m
        return found

    def _variants(self, text: str, words, mentions: list[Mention]) -> list[Mention]:
        """A capitalised word the register does not hold, spelt almost as a register person's name is (Smaiylov
        and Smailov, Zaynetdinov and Zainetdinov, Massimov and Masimov): that person, said so (how="variant")."""
        from rapidfuzz.fuzz import ratio

        covered = {i for m in mentions for i in range(m.start, m.end)}
        found = []
        for start, end, word in words:
            word = re.sub(r"['’]s$", "", word)  # "Massimov's lawyer": the name without its possessive
            end = start + len(word)
            if start in covered or len(word) < 6 or not word[0].isupper() or word.isupper():
                continue
            folded = word.casefold()
            # "National Guard" is no misspelt "Nation" («Leader of the Nation»): a word, not a name. A Russian word
            # is in no English dictionary (and a Russian text need not load one)
            if self.is_word is not None and not re.search("[а-яё]", folded) and self.is_word(folded):
                continue
            scored = [(ratio(folded, w), e) for w, e in self.person_words]
            key = latin_key(folded)  # another romanisation (Zhaparov for Japarov) is the same spelling
            scored += [(100, e) for e in sorted(self.person_keys.get(key, ())) if key.isascii()]
            close = sorted((score, e) for score, e in scored if score >= 85 and not self._someone_else(text, start, e))
            if close:
                found.append(Mention(start, end, word, "person", close[-1][1], how="variant"))
        return found

    def _someone_else(self, text: str, start: int, person: str) -> bool:
        """Whether the surname at `start` is another person's: a given name before it that is not the person's
        ("Akylbek Zhaparov" for the register's Sadyr Japarov), there or anywhere else the text says it. Decided once
        a text for each surname and person (`find` empties the answers kept)."""
        word = re.match(r"[\w-]+", text[start:])
        if word is None:
            return False
        key = (word.group(), person)
        if key not in self._elsewhere:
            self._elsewhere[key] = any(
                self._given_names_before(text, at, person) == at and self._given_name_before(text, at)
                for at in (m.start() for m in re.finditer(rf"(?<!\w){re.escape(word.group())}(?!\w)", text))
            )
        return self._elsewhere[key]

    def _given_name_before(self, text: str, start: int) -> bool:
        """Whether a given name stands right before `start`: a capitalised word that is no title, weekday, month,
        register name ("In Almaty Smaiylov") or, in English, dictionary word ("Meanwhile Tokayev"); in Russian one
        the dictionary knows as a given name («Акылбек», «Садыр»)."""
        before = re.search(
            r"(?:^|(?<=[\s(«\"“]))([A-ZА-ЯЁ][a-zа-яё]+(?:-[A-ZА-ЯЁ][a-zа-яё]+)?) +$", text[max(0, start - 40) : start]
        )
        if before is None:
            return False
        word = before.group(1)
        folded = word.casefold()
        if any(part in TITLES_EN for part in folded.split("-")) or folded in CALENDAR_WORDS:
            return False
        if any(len(n.words) == 1 and n.kind != "person" for f in forms(word) for n in self.index.get(f, ())):
            return False  # a place's or a body's name
        if re.search("[а-яё]", word, re.I):
            return "Name" in grammemes(word)
        if self.is_word is not None:
            return not self.is_word(folded)
        opening = re.search(
            r"(?:^|[.!?\n])\s*$", text[max(0, start - len(before.group(0)) - 3) : start - len(before.group(0))]
        )
        return not opening


def latin_key(word: str) -> str:
    """A Latin spelling with the differences of romanisations taken out (zh/j, kh/h, y/i, doubled letters).

    >>> latin_key("zhaparov") == latin_key("japarov"), latin_key("smaiylov") == latin_key("smailov")
    (True, True)
    """
    key = word.casefold()
    for said, as_key in (("dzh", "j"), ("zh", "j"), ("kh", "h"), ("y", "i")):
        key = key.replace(said, as_key)
    return re.sub(r"(\w)\1+", r"\1", key)


TITLES_EN = {"president", "prime", "minister", "premier", "mr", "mrs", "ms", "dr", "general", "gen", "chairman",
             "speaker", "secretary", "deputy", "head", "chief", "former", "acting", "leader", "colonel", "lieutenant",
             "major", "spokesman", "spokeswoman", "spokesperson", "ambassador", "governor", "mayor", "akim",
             "commander", "marshal", "senator", "foreign", "defence", "defense", "interior", "first"}  # fmt: skip


CALENDAR_WORDS = {word for word in WEEKDAYS if word.isascii()} | {month.casefold() for month in MONTHS["en"]}


ALLIANCE_FORCES = """SELECT ?a ?force (COUNT(DISTINCT ?event) AS ?n) WHERE {
  ?event a kgo:Deployment ; kgo:agent|kgo:sender ?a ; kgo:theme ?force .
  ?a a kgo:MilitaryAlliance . ?force a kgo:MilitaryContingent .
} GROUP BY ?a ?force ORDER BY ?a ?force"""
ALLIANCE_FORCE_WORDS = {"troops", "forces", "force", "войска", "войск", "войсках"}
# what may stand before them: a number (and its bound), an article, "joint", a verb of sending; not a country's
# adjective or "security", "armed", "special" (another's forces)
FORCE_COUNT_WORDS = {"up", "to", "some", "about", "around", "nearly", "almost", "over", "more", "than", "до", "около",
                     "более", "свыше", "порядка"}  # fmt: skip
FORCE_OPENERS = {"the", "its", "their", "joint", "collective", "allied", "send", "sent", "sending", "deploy",
                 "deployed", "deploying", "dispatch", "dispatched", "ввести", "ввела", "ввели", "направила",
                 "направили", "свои"}  # fmt: skip


def new_names(
    text: str, known: list[Mention], sentences: list[tuple[int, int]], language: str, english=None, names_found=None
) -> list[Mention]:
    """Runs of capitalised words the gazetteer does not know, proposed as new entities with a guessed kind; in
    Russian also the people, places and organisations natasha's NER finds (`names_found(text)`). A lone
    capitalised word opening a sentence is left out (it is usually just the sentence's first word), and so is a
    word the English dictionary knows (`english.known`) alone at a line's start or in a headline ("Protests Erupt
    in Kazakhstan"); acronyms (ANI, TASS, ВДВ) and datelines in capitals (BISHKEK) are names, aircraft types
    (Il-76, Ан-124) are not."""
    covered = set()
    for m in known:
        if m.how == "demonym" and m.text[:1].isupper() and re.match(r"\s+[A-ZА-Я]", text[m.end : m.end + 2]):
            continue  # "Russian Aerospace Forces": the adjective is part of the new name
        covered |= set(range(m.start, m.end))
    # where a sentence's first word may stand: after a quote, a dash, a line break, a list's bullet ("• Protests")
    opening = r"(?:\n\s*(?:[•·▪●◦‣⁃*–—-]|\d{1,2}[.)]|\d{1,2}:\d{2}\s*[—–-])?|[“\"«(]|\s[–—-])\s*"
    starts = {a for a, _ in sentences} | {m.end() for m in re.finditer(opening, text)} | {0}
    headlines = _headlines(text)
    words = tokens(text)
    proposals, run = [], []

    def flush():
        while run and run[-1][2] in NAME_PARTICLES:
            run.pop()
        if run and _name_like(run, starts, language) and not _ordinary(run, starts, headlines, english):
            proposals.append(_proposal(text, run, words, language))
        run.clear()

    for start, end, word in words:
        capital = word[0].isupper() and not word.isdigit() and word.casefold() not in NOT_NAMES
        if (
            capital
            and start not in covered
            and len(word) > 1
            and word not in CAPITAL_WORDS
            and not AIRCRAFT_TYPE.fullmatch(word)
            and not word.endswith("-led")
            and "__" not in word
            and text[start - 1 : start] != "@"
        ):
            gap = text[run[-1][1] : start] if run else ""
            if run and (gap.strip() not in ("", "-") or "\n" in gap or run[-1][2].isupper() != word.isupper()):
                flush()
            run.append((start, end, word))
        elif run and word in NAME_PARTICLES and text[run[-1][1] : start] == " ":
            run.append((start, end, word))
        else:
            flush()
    flush()
    found = [p for p in proposals if p is not None and not _cut_off(p, text)]
    # "Vladimir V. Putin": a given name and an initial before a known person's surname are that person's name
    people = {m.start for m in known if m.kind == "person" and m.entity}
    found = [
        m for m in found
        if not (gap := re.match(r"\s+(?:[A-ZА-ЯЁ]\.\s*)?", text[m.end : m.end + 8])) or m.end + gap.end() not in people
    ]  # fmt: skip
    found = [
        m for m in found if not _adjective(m, text) and not all(forms(w) & DEMONYMS.keys() for w in m.text.split())
    ]
    if names_found is not None:
        # in Russian the NER decides single words; the rules keep acronyms and runs of several words
        found = [m for m in found if " " in m.text or m.text.isupper()]
        taken = {i for m in found for i in range(m.start, m.end)}
        for start, end, kind in names_found(text):
            inside = set(range(start, end))
            words_in = text[start:end].split()
            if inside & covered or AIRCRAFT_TYPE.fullmatch(text[start:end]):
                continue
            if len(words_in) == 1 and forms(words_in[0]) & (ORGANISATION_WORDS | NOT_NAMES):
                continue  # «Минобороны» alone: a ministry the context names, not a new name
            if len(words_in) == 1 and re.search(r"(?<!\w)(?:площад|улиц|проспект|бульвар|переулк|переул)\w*\s+$",
                                                text[max(0, start - 12) : start], re.I):  # fmt: skip
                continue  # «на площади Республики»: a word of a square's or a street's name, not a place of its own
            if inside & taken:  # the NER's span and kind replace the rules' guess over the same words
                found = [m for m in found if not set(range(m.start, m.end)) & inside]
            found.append(Mention(start, end, text[start:end], kind, how="new"))
            taken |= inside
    return sorted(found, key=lambda m: m.start)


def name_people_by_their_full_names(mentions: list[Mention]) -> None:
    """A new person named by a surname alone is the new person the article names in full with that surname, in
    any case («По словам Бекболотова» after «Бактыбек Бекболотов», "Serdyukov" after "Andrei Serdyukov"): the
    mention is proposed under the full name (`Mention.name`)."""
    full = [m for m in mentions if m.how == "new" and m.kind == "person" and len(m.text.split()) > 1]
    for m in mentions:
        if m.how != "new" or m.kind not in ("person", "organisation") or " " in m.text or m.text.isupper():
            continue  # (a lone capitalised word is guessed an organisation: "Usenov said")
        same = {f.text for f in full if _same_surname(f.text.split()[-1], m.text)}
        if len(same) == 1:  # two people of that surname: neither
            m.name, m.kind = same.pop(), "person"


def _same_surname(said: str, other: str) -> bool:
    """Two spellings of one surname in two cases: one is the other with at most two letters of an ending
    (Бекболотов, Бекболотова, Бекболотову; Serdyukov)."""
    short, long = sorted((said.casefold(), other.casefold()), key=len)
    return len(short) >= 4 and long.startswith(short[:-1]) and len(long) - len(short) <= 2


def _cut_off(mention: Mention, text: str) -> bool:
    """The last word of a text that stops mid-sentence ("…and Aktau in the Mangi"): a word cut off, not a name
    (a byline's name ends a text too, on a short line of its own)."""
    last_line = text.rstrip().rsplit("\n", 1)[-1]
    return (
        mention.end == len(text.rstrip())
        and " " not in mention.text
        and len(last_line.split()) > 6
        and not re.search(r"[.!?»\"”)]\s*$", text)
    )


def _adjective(mention: Mention, text: str) -> bool:
    """An adjective of a people or region before a lower-case word: "former Soviet republic", "Central Asian
    nation", "Azerbaijani forces"."""
    following = re.match(r"\s+(\w+)", text[mention.end :])
    last = mention.text.split()[-1]
    return bool(DEMONYM_ENDING.search(last)) and bool(following) and following.group(1)[0].islower()


def _headlines(text: str) -> list[tuple[int, int]]:
    """Lines in title case without a full stop (three words or more, most of them capitalised): headings."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group().strip()
        words = re.findall(r"[^\W\d]\w*", line)
        if len(words) >= 3 and not line.endswith(".") and sum(w[0].isupper() for w in words) >= 0.6 * len(words):
            out.append((m.start(), m.end()))
    return out


def _ordinary(run, starts: set[int], headlines: list[tuple[int, int]], english) -> bool:
    """English words the dictionary knows (each part of a hyphenated one), capitalised only by their place or by
    custom: alone at a sentence's or line's start, every word of a run in a heading ("Arrests Ex-Intelligence
    Chief"), or alone anywhere when no noun ("Meanwhile") or a word for any organisation ("Department")."""
    if english is None or any(w.isupper() for _, _, w in run):
        return False
    known = all(all(english.known(part) for part in re.split(r"[-'’]", w) if part) for _, _, w in run)
    in_headline = any(a <= run[0][0] < b for a, b in headlines)
    alone = len(run) == 1 and (
        run[0][0] in starts or not english.is_noun(run[0][2]) or forms(run[0][2]) & ORGANISATION_WORDS
    )
    return known and (in_headline or alone)


def _name_like(run, sentence_starts: set[int], language: str) -> bool:
    """Not the capitalised first word of a sentence, nor a title word alone; in Russian, a word the dictionary
    reads as a name, a surname, a place or an organisation, or does not know at all."""
    words = [w for _, _, w in run]
    if any(AN_ADJECTIVE_OF_A_NAME.search(w) for w in words):
        return False  # "an Almaty-based analyst": a word made from a name, no name itself
    if (
        len(run) == 1
        and not words[0].isupper()
        and (run[0][0] in sentence_starts or words[0].casefold() in TITLE_WORDS)
    ):
        return False
    if all(w.casefold() in TITLE_WORDS | NAME_PARTICLES for w in words):
        return False
    if language == "en" and len(words) > 1 and words[-1].casefold() in DAY_NAME_ENDINGS:
        return False
    if language == "ru":
        return any(
            grammemes(w) & {"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr", "UNKN"} or not known(w) for w in words
        )
    return True


def _proposal(text, run, words, language) -> Mention | None:
    start, end = run[0][0], run[-1][1]
    if text[end - 2 : end] in ("'s", "’s"):
        end -= 2  # "President Sooronbay Jeenbekov's office": the name, not its possessive (trial 42)
    lower = [w.casefold() for _, _, w in run]
    first = bisect.bisect_left(words, start, key=lambda w: w[0])  # the word before the run (words in reading order)
    before = [words[first - 1][2].casefold()] if first else []
    kind = "organisation"
    if all(w.isupper() for _, _, w in run) and len(run) == 1 and len(run[0][2]) > 5:
        kind = "place"  # a dateline in capitals: BISHKEK, YEREVAN
    elif all(w.isupper() for _, _, w in run):
        kind = "organisation"  # an acronym: ANI, TASS, ВДВ
    elif any(forms(w) & ORGANISATION_WORDS for w in lower) or lower[-1] in OUTLET_WORDS:
        kind = "organisation"  # "Eurasia Daily Report", "Steppe Times": an outlet, no person
    elif language == "ru" and _tagged(run, {"Name", "Surn", "Patr"}):
        kind = "person"
    elif 2 <= len(run) <= 3 and lower[-1] not in STREET_WORDS and re.match(r",\s*\d{1,3}\s*,", text[end : end + 8]):
        kind = "person"  # "We spoke to Yerlan Dosmukhamedov, 52, an engineer": an age after a name
    elif language == "ru" and _tagged(run, {"Geox"}) or set(before) & PLACE_PREPOSITIONS:
        kind = "place"
    elif language == "en" and lower[-1] in STREET_WORDS:
        kind = "place"
    elif language == "en" and 2 <= len(run) <= 3:
        kind = "person"
    return Mention(start, end, text[start:end], kind, how="new")


def _tagged(run, wanted: set[str]) -> bool:
    return any(wanted & grammemes(w) for _, _, w in run)


def _only_a_verb(word: str) -> bool:
    """Whether every reading of a Russian word is a finite verb, an infinitive or a gerund (no name is one).

    >>> _only_a_verb("протестовали"), _only_a_verb("протестующие"), _only_a_verb("Токаев"), _only_a_verb("Almaty")
    (True, False, False, False)
    """
    found = readings(word)
    return bool(found) and all(tags & {"VERB", "INFN", "GRND"} for _, tags in found)
