"""Names compared across languages and inflections: Токаевым and Токаев are one name, Zhanaozen and Janaozen
near enough, ministry and minister not. Read by the linker and by label parameters (`-p by Токаева`).

pymorphy3 loads on the first Russian word, not on import.
"""

from __future__ import annotations

import functools
import re

STOP_WORDS = {"of", "the", "and", "in", "a", "an", "no", "в", "и", "на", "по", "с", "из", "о"}


@functools.lru_cache(maxsize=1)
def _morphology():
    import pymorphy3
    import pymorphy3_dicts_ru

    # the dictionary named, not looked for among every installed package's entry points (20 ms a command); it is
    # the one whose version names the caches of forms (ingest.mentions.code_key)
    return pymorphy3.MorphAnalyzer(path=pymorphy3_dicts_ru.get_path(), lang="ru")


@functools.lru_cache(maxsize=20000)
def word_forms(word: str) -> frozenset[str]:
    """A word's dictionary forms: every reading pymorphy3 allows for a Russian word (Токаева may be the
    genitive of Токаев or the feminine Токаева), the word itself otherwise.

    >>> "токаев" in word_forms("токаевым"), "токаев" in word_forms("токаева"), "казахстан" in word_forms("казахстана")
    (True, True, True)
    """
    if re.search("[а-яё]", word):
        return frozenset(
            {p.normal_form.replace("ё", "е") for p in _morphology().parse(word)} | {word.replace("ё", "е")}
        )
    return frozenset({word.removesuffix("'s")})


@functools.lru_cache(maxsize=20000)
def grammemes(word: str) -> frozenset[str]:
    """The grammemes of a Russian word's likeliest reading (Surn, Name, Geox, futr, ...); none for other words."""
    if not re.search("[а-яё]", word.casefold()):
        return frozenset()
    return frozenset(_morphology().parse(word)[0].tag.grammemes)


@functools.lru_cache(maxsize=20000)
def readings(word: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """Every reading of a Russian word: (dictionary form, grammemes); none for other words."""
    if not re.search("[а-яё]", word.casefold()):
        return ()
    return tuple((p.normal_form.replace("ё", "е"), frozenset(p.tag.grammemes)) for p in _morphology().parse(word))


@functools.lru_cache(maxsize=2000)
def in_genitive(word: str) -> str:
    """A one-word Russian name in the genitive, cased as given (Киргизия → Киргизии, Казахстан → Казахстана; an
    abbreviation as it is: РФ); the word itself when the dictionary cannot decline it.

    >>> in_genitive("Киргизия"), in_genitive("Казахстан"), in_genitive("РФ"), in_genitive("Алма-Ата")
    ('Киргизии', 'Казахстана', 'РФ', 'Алма-Аты')
    """
    parse = _morphology().parse(word)[0]
    if "Fixd" in parse.tag or "nomn" not in parse.tag:
        return word
    declined = parse.inflect({"gent"})
    if declined is None:
        return word
    if word.islower():
        return declined.word
    # each part of a hyphenated name keeps its capital (Алма-Ата → Алма-Аты)
    said = word.split("-")
    parts = declined.word.split("-")
    return "-".join(
        p[:1].upper() + p[1:] if i < len(said) and said[i][:1].isupper() else p for i, p in enumerate(parts)
    )


def phrase_in_genitive(phrase: str) -> str:
    """A Russian name of several words in the genitive: its words up to its first noun declined, those after it
    (a name in apposition) kept (Российская Федерация → Российской Федерации, Республика Казахстан → Республики
    Казахстан).

    >>> phrase_in_genitive("Российская Федерация"), phrase_in_genitive("Республика Казахстан")
    ('Российской Федерации', 'Республики Казахстан')
    """
    words, noun_seen = [], False
    for word in phrase.split():
        parse = _morphology().parse(word)[0]
        if noun_seen or "nomn" not in parse.tag or "Fixd" in parse.tag:
            words.append(word)
            continue
        declined = parse.inflect({"gent"})
        said = word if declined is None else declined.word
        words.append(said if word.islower() else said[:1].upper() + said[1:])
        noun_seen = "NOUN" in parse.tag
    return " ".join(words)


@functools.lru_cache(maxsize=20000)
def known(word: str) -> bool:
    """Whether the Russian dictionary knows the word (a surname it has never seen is not known)."""
    return not re.search("[а-яё]", word.casefold()) or _morphology().word_is_known(word.casefold())


def nominative(name: str, kind: str | None = None) -> str:
    """A Russian name put in the nominative word by word where the dictionary can (Садыра Жапарова → Садыр
    Жапаров), its capitals kept, an abbreviation as it is (ТЭЦ-2). `kind` ("person", "place") says which reading of
    a word to prefer: a place's (Иванове → Иваново, not the surname Иванов), or for a person's surname the case and
    gender of the given name before it (Алихана Смаилова → Алихан Смаилов, where the dictionary has no Смаилов).

    The words after the first common noun depend on it and keep their case (Министерством обороны России →
    Министерство обороны России, not «Министерство оборона Россия»).

    >>> nominative("Садыра Жапарова"), nominative("Жогорку Кенеша")
    ('Садыр Жапаров', 'Жогорку Кенеш')
    >>> nominative("Министерством обороны России"), nominative("Генеральной прокуратуры")
    ('Министерство обороны России', 'Генеральная прокуратура')
    >>> nominative("Иванове", "place"), nominative("Алихана Смаилова", "person"), nominative("ТЭЦ-2")
    ('Иваново', 'Алихан Смаилов', 'ТЭЦ-2')
    >>> nominative("Атырауской области", "place"), nominative("Жамбылской области")
    ('Атырауская область', 'Жамбылская область')
    >>> nominative("Ералы Тугжановым", "person"), nominative("Карим Масимов", "person")
    ('Ералы Тугжанов', 'Карим Масимов')
    """
    out = []
    headed = False  # the first common noun is in the nominative: what follows it is its complement
    given = None  # the given name's reading, for the surname after it
    parts = re.split(r"(\W+)", name)
    for i, word in enumerate(parts):
        if not re.search("[а-яё]", word.casefold()) or headed or (word.isupper() and len(word) > 1):
            out.append(word)
            continue
        parses = _morphology().parse(word)
        parse = parses[0]
        if kind == "place":
            parse = next((p for p in parses if "Geox" in p.tag), parse)
        agreeing = _agreeing_adjective(word, parses, parts[i + 2] if i + 2 < len(parts) and parts[i + 1] == " " else "")
        if agreeing is not None:
            parse = agreeing  # «Атырауской области»: the guess that agrees with the noun is sure
        elif kind == "person" and given is not None and "Fixd" in given.tag:
            new = _surname_in_the_nominative(word.casefold(), given.tag.gender)  # «Ералы Тугжановым»: a given name
            out.append(new[:1].upper() + new[1:])  # that does not decline leaves the case to the surname's ending
            continue
        elif (
            kind == "person" and given is not None and given.tag.case == "nomn"
            and _surname_in_the_nominative(word.casefold(), given.tag.gender) == word.casefold()
        ):  # fmt: skip
            out.append(word)  # «Карим Масимов»: a surname with no case ending after a given name in the nominative
            continue  # is in it too (not the plural of «Масимы» the dictionary guesses)
        elif kind == "person" and given is not None:
            case, gender = given.tag.case, given.tag.gender
            parse = next((p for p in parses if p.tag.case == case and p.tag.gender == gender and "nomn" != case
                          and {"Surn", "NOUN"} & set(p.tag.grammemes)), parse)  # fmt: skip
        if kind == "person" and given is None and "Name" in parse.tag:
            given = parse
        known = _morphology().word_is_known(word.casefold())
        sure = known or {"Name", "Surn", "Patr"} & set(parse.tag.grammemes) or parse is not parses[0] or agreeing
        # (a word the dictionary only guesses, «Жогорку», is no head: «Жогорку Кенеша» is Жогорку Кенеш)
        headed = known and "NOUN" in parse.tag and not {"Name", "Surn", "Patr", "Geox"} & set(parse.tag.grammemes)
        form = parse.inflect({"nomn"}) if sure and "nomn" not in parse.tag else None
        new = form.word if form else word.casefold()
        out.append(new[:1].upper() + new[1:] if word[:1].isupper() else new)
    return "".join(out)


# a Russian surname's case endings the dictionary does not know it by (Тугжановым, Тугжанова → Тугжанов)
MASCULINE_SURNAME = re.compile(r"(.+(?:ов|ев|ёв|ин|ын))(?:а|у|ым|е|ом)")
FEMININE_SURNAME = re.compile(r"(.+(?:ов|ев|ёв|ин|ын))(?:ой|у)")


def _surname_in_the_nominative(word: str, gender: str | None) -> str:
    """A surname the dictionary does not know, put in the nominative by its ending, for the given name's gender.

    >>> _surname_in_the_nominative("тугжановым", "masc"), _surname_in_the_nominative("тугжановой", "femn")
    ('тугжанов', 'тугжанова')
    >>> _surname_in_the_nominative("тугжанов", "masc")
    'тугжанов'
    """
    masculine = MASCULINE_SURNAME.fullmatch(word)
    if gender == "masc" and masculine:
        return masculine[1]
    feminine = FEMININE_SURNAME.fullmatch(word)
    if gender == "femn" and feminine:
        return feminine[1] + "а"
    return word


def _agreeing_adjective(word: str, parses, following: str):
    """A word the dictionary does not know read as an adjective agreeing in case, gender and number with the known
    noun after it (Атырауской области: feminine genitive), or None."""
    if not following or _morphology().word_is_known(word.casefold()):
        return None
    nouns = [p for p in _morphology().parse(following) if "NOUN" in p.tag]
    if not nouns or not _morphology().word_is_known(following.casefold()):
        return None
    return next(
        (a for n in nouns for a in parses if "ADJF" in a.tag and a.tag.case == n.tag.case and a.tag.number ==
         n.tag.number and (a.tag.gender == n.tag.gender or n.tag.number == "plur")),
        None,
    )  # fmt: skip


@functools.lru_cache(maxsize=20000)
def words(name: str) -> tuple[frozenset[str], ...]:
    tokens = [t for t in re.split(r"[^\w]+", name.casefold()) if t and t not in STOP_WORDS]
    return tuple(word_forms(t) for t in tokens)


def _same_word(a: frozenset[str], b: frozenset[str]) -> bool:
    if a & b:
        return True
    from rapidfuzz.fuzz import ratio

    # Zhanaozen ~ Janaozen, not ministry ~ minister; words whose lengths differ too much for 90 are not compared
    # (a ratio is 2 * matches / both lengths: 11 * shorter < 9 * longer stays under 90, and a long one costs)
    return any(
        min(len(x), len(y)) >= 6 and 11 * min(len(x), len(y)) >= 9 * max(len(x), len(y)) and ratio(x, y) >= 90
        for x in a
        for y in b
    )


@functools.lru_cache(maxsize=100000)  # the linker compares the same names in each of its rounds
def name_similarity(ours: str, theirs: str) -> float:
    """Share of words that agree (Dice over words): 1.0 for the same name in any inflection.

    >>> name_similarity("Токаевым", "Токаев"), name_similarity("Almaty", "Almaty Region")
    (1.0, 0.6666666666666666)
    """
    a, b = words(ours), words(theirs)
    if not a or not b:
        return 0.0
    unused = list(b)
    matched = 0
    for word in a:
        hit = next((w for w in unused if _same_word(word, w)), None)
        if hit is not None:
            unused.remove(hit)
            matched += 1
    return 2 * matched / (len(a) + len(b))


def search_keys(names: list[str]) -> list[str]:
    """Lower-case words to look for in labels: each word's dictionary forms (and the word), 3 letters or more."""
    keys = set()
    for name in names:
        for forms in words(name):
            keys |= {f for f in forms if len(f) >= 3}
    return sorted(keys)
