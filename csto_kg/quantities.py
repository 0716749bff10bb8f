"""Quantities in running text: a number (digits or words, in any case: «трёх тысяч»), what it counts, its unit and
its bound ("more than", «не более», "around"), in the ontology's terms (kgo:Personnel, kgo:Day, kgo:MoreThan).

>>> [(q.words, q.value, q.counted, q.unit, q.bound) for q in find_quantities("более трёх тысяч военнослужащих", "ru")]
[('более трёх тысяч военнослужащих', 3000, 'Personnel', 'Item', 'MoreThan')]
>>> [(q.value, q.counted, q.bound) for q in find_quantities("A total of 2,030 soldiers and 250 vehicles", "en")]
[(2030, 'Personnel', 'Exactly'), (250, 'Vehicle', 'Exactly')]
>>> [(q.value, q.counted, q.unit, q.bound) for q in find_quantities("no longer than 10 days", "en")]
[(10, 'Duration', 'Day', 'AtMost')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .mentions import forms, tokens

NUMBER_WORDS = {
    **dict.fromkeys(["один", "одна", "one"], 1),
    **dict.fromkeys(["два", "две", "two"], 2),
    **dict.fromkeys(["три", "three"], 3),
    **dict.fromkeys(["четыре", "four"], 4),
    **dict.fromkeys(["пять", "five"], 5),
    **dict.fromkeys(["шесть", "six"], 6),
    **dict.fromkeys(["семь", "seven"], 7),
    **dict.fromkeys(["восемь", "eight"], 8),
    **dict.fromkeys(["девять", "nine"], 9),
    **dict.fromkeys(["десять", "ten"], 10),
    **dict.fromkeys(["двадцать", "twenty"], 20),
    **dict.fromkeys(["тридцать", "thirty"], 30),
    **dict.fromkeys(["пятьдесят", "fifty"], 50),
    **dict.fromkeys(["сто", "hundred"], 100),
}
MULTIPLIERS = {"тысяча": 1000, "thousand": 1000, "миллион": 1_000_000, "million": 1_000_000, "hundred": 100}
# Words before the number that bound it, longest first (their lower-case text, not dictionary forms).
BOUNDS = [
    ("не более", "AtMost"),
    ("не больше", "AtMost"),
    ("не дольше", "AtMost"),
    ("в течение", "AtMost"),
    ("no more than", "AtMost"),
    ("no longer than", "AtMost"),
    ("up to", "AtMost"),
    ("at most", "AtMost"),
    ("within", "AtMost"),
    ("более", "MoreThan"),
    ("больше", "MoreThan"),
    ("свыше", "MoreThan"),
    ("more than", "MoreThan"),
    ("over", "MoreThan"),
    ("около", "About"),
    ("порядка", "About"),
    ("примерно", "About"),
    ("приблизительно", "About"),
    ("around", "About"),
    ("about", "About"),
    ("approximately", "About"),
    ("some", "About"),
    ("почти", "Nearly"),
    ("nearly", "Nearly"),
    ("almost", "Nearly"),
]
# What a noun (in a dictionary form) counts, and in what unit.
COUNTED = {
    **dict.fromkeys(
        "военнослужащий военный солдат миротворец десантник troop troops soldier soldiers serviceman servicemen "
        "personnel paratrooper paratroopers peacekeeper peacekeepers".split(),
        ("Personnel", "Item"),
    ),
    **dict.fromkeys("бронетехника бтр armoured armored".split(), ("ArmouredVehicle", "Item")),
    **dict.fromkeys("автомобиль машина car cars".split(), ("Automobile", "Item")),
    **dict.fromkeys("техника vehicle vehicles".split(), ("Vehicle", "Item")),
    **dict.fromkeys("самолёт самолет борт aircraft plane planes flight flights".split(), ("Aircraft", "Item")),
    **dict.fromkeys("день сутки day days".split(), ("Duration", "Day")),
}
KILLED = {"killed", "dead", "died", "погибнуть", "погибший", "убитый", "убить"}
ARRESTED = {"arrested", "detained", "задержать", "задержанный", "арестовать", "арестованный"}
PEOPLE = {"people", "person", "persons", "человек"}
SKIP_BETWEEN = {"единица", "unit", "units", "of", "военно-транспортный", "military", "transport", "more", "его"}
# digits with thousands separators, or plain; never the tail of a word (ТЭЦ-2) or a part of 06.01.2022
_DIGITS = re.compile(r"(?<![\w.,-])(?:\d{1,3}(?:[,\u00a0 ]\d{3})+|\d+)(?!\d)(?![.,]\d)(?!-?[^\W\d])")


@dataclass
class QuantityMention:
    start: int
    end: int
    words: str
    value: int
    counted: str | None  # a kgo:CountedKind's local name
    unit: str  # kgo:Item or kgo:Day
    bound: str  # kgo:Exactly, kgo:MoreThan, kgo:AtMost, kgo:About, kgo:Nearly


def _numbers(text: str, language: str) -> list[tuple[int, int, int]]:
    """(start, end, value) of each number: digits with thousands separators, or number words."""
    found = []
    for m in _DIGITS.finditer(text):
        value = int(re.sub(r"\D", "", m.group()))
        found.append((m.start(), m.end(), value))
    words = tokens(text)
    i = 0
    while i < len(words):
        start, end, word = words[i]
        value = next((NUMBER_WORDS[f] for f in forms(word) if f in NUMBER_WORDS), None)
        if value is None or word.isdigit():
            i += 1
            continue
        j = i + 1
        while j < len(words):
            multiplier = next((MULTIPLIERS[f] for f in forms(words[j][2]) if f in MULTIPLIERS), None)
            if multiplier is None:
                break
            value *= multiplier
            end = words[j][1]
            j += 1
        found.append((start, end, value))
        i = j
    return sorted(found)


def find_quantities(text: str, language: str, *, dates: list | None = None) -> list[QuantityMention]:
    """Numbers that count something: each with what it counts (None when no noun of the lexicon follows), its unit
    and bound. Numbers inside `dates` (day numbers, years) and times of day are not quantities."""
    inside_dates = {i for d in dates or () if not d.derived for i in range(d.start, d.end)}
    words = tokens(text)
    found = []
    for start, end, value in _numbers(text, language):
        if start in inside_dates or re.match(r"\s?(?:am|pm)\b|:\d", text[end : end + 3], re.I):
            continue
        if 1900 <= value <= 2100 and not re.search(r"[,\u00a0 ]", text[start:end]):
            continue  # a year
        after = [w for w in words if w[0] >= end][:6]
        counted, unit, last = None, "Item", end
        for k, (_, w_end, word) in enumerate(after):
            word_forms = forms(word)
            hit = next((COUNTED[f] for f in word_forms if f in COUNTED), None)
            if hit:
                counted, unit, last = hit[0], hit[1], w_end
                break
            if word_forms & PEOPLE:
                outcome = [forms(w) for _, _, w in after[k + 1 : k + 4]]
                if any(f & KILLED for f in outcome):
                    counted = "PeopleKilled"
                elif any(f & ARRESTED for f in outcome):
                    counted = "PeopleArrested"
                last = w_end
                break
            if word_forms & KILLED:
                counted, last = "PeopleKilled", w_end
                break
            if word_forms & ARRESTED:
                counted, last = "PeopleArrested", w_end
                break
            if not (word_forms & SKIP_BETWEEN) and k >= 1:
                break
        before = text[max(0, start - 20) : start].casefold()
        bound, first = "Exactly", start
        for words_before, name in BOUNDS:
            match = re.search(rf"(?<!\w){re.escape(words_before)}\s*$", before)
            if match:
                bound, first = name, start - len(before) + match.start()
                break
        if counted == "Duration" and _until_start(text[max(0, first - 60) : first]):
            counted = "TimeUntilStart"  # "would begin a withdrawal within two days": how long until it starts
        if counted is not None:  # a number that counts nothing the lexicon knows is an identifier or an aside
            found.append(QuantityMention(first, last, text[first:last], value, counted, unit, bound))
    return found


def _until_start(before: str) -> bool:
    """A verb of beginning governs the duration: in the same clause, nothing joining another verb in between."""
    matches = list(re.finditer(r"(?<!\w)(?:begin|start|начн|начать|начин)\w*", before, re.I))
    return bool(matches) and not re.search(r",| and | и |take|заним|займ", before[matches[-1].end() :], re.I)
