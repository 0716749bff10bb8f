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

import bisect
import re
from dataclasses import dataclass

from ..dates import clause_tense
from .mentions import forms, tokens

NUMBER_WORDS = {
    **dict.fromkeys(["один", "одна", "one"], 1),
    **dict.fromkeys(["два", "две", "двое", "two"], 2),
    **dict.fromkeys(["три", "трое", "three"], 3),
    **dict.fromkeys(["четыре", "четверо", "four"], 4),
    **dict.fromkeys(["пять", "пятеро", "five"], 5),
    **dict.fromkeys(["шесть", "шестеро", "six"], 6),
    **dict.fromkeys(["семь", "семеро", "seven"], 7),
    **dict.fromkeys(["восемь", "eight"], 8),
    **dict.fromkeys(["девять", "nine"], 9),
    **dict.fromkeys(["десять", "ten"], 10),
    **dict.fromkeys(["одиннадцать", "eleven"], 11),
    **dict.fromkeys(["двенадцать", "twelve", "dozen"], 12),
    **dict.fromkeys(["тринадцать", "thirteen"], 13),
    **dict.fromkeys(["четырнадцать", "fourteen"], 14),
    **dict.fromkeys(["пятнадцать", "fifteen"], 15),
    **dict.fromkeys(["шестнадцать", "sixteen"], 16),
    **dict.fromkeys(["семнадцать", "seventeen"], 17),
    **dict.fromkeys(["восемнадцать", "eighteen"], 18),
    **dict.fromkeys(["девятнадцать", "nineteen"], 19),
    **dict.fromkeys(["двадцать", "twenty"], 20),
    **dict.fromkeys(["тридцать", "thirty"], 30),
    **dict.fromkeys(["сорок", "forty"], 40),
    **dict.fromkeys(["пятьдесят", "fifty"], 50),
    **dict.fromkeys(["шестьдесят", "sixty"], 60),
    **dict.fromkeys(["семьдесят", "seventy"], 70),
    **dict.fromkeys(["восемьдесят", "eighty"], 80),
    **dict.fromkeys(["девяносто", "ninety"], 90),
    **dict.fromkeys(["сто", "hundred"], 100),
    **dict.fromkeys(["двести"], 200),
    **dict.fromkeys(["триста"], 300),
    **dict.fromkeys(["четыреста"], 400),
    **dict.fromkeys(["пятьсот"], 500),
    **dict.fromkeys(["шестьсот"], 600),
    **dict.fromkeys(["семьсот"], 700),
    **dict.fromkeys(["восемьсот"], 800),
    **dict.fromkeys(["девятьсот"], 900),
    **dict.fromkeys(["тысяча", "тыс", "thousand"], 1000),
}
MULTIPLIERS = {"тысяча": 1000, "тыс": 1000, "thousand": 1000, "миллион": 1_000_000, "million": 1_000_000,
               "hundred": 100, "сотня": 100, "десяток": 10, "dozen": 12}  # fmt: skip
# one and a half: a count only with a multiplier after it («полторы сотни», «более полутора тысяч»)
HALF_MORE = {"полтора": 1.5, "полторы": 1.5}
# How many times something grew: "a two-fold increase", «двукратный рост», "doubled".
GROWTH = {"вырасти", "выросли", "увеличить", "увеличиться", "подорожать", "рост", "повысить", "повыситься", "подняться",
          "возрасти", "цена"}  # fmt: skip
PRICES = {"price", "prices", "cost", "costs", "tariff", "tariffs", "цена", "тариф", "стоимость"}
FACTORS = {"двукратный": 2, "трёхкратный": 3, "трехкратный": 3, "two-fold": 2, "twofold": 2, "three-fold": 3,
           "threefold": 3, "doubled": 2, "tripled": 3, "doubling": 2, "tripling": 3, "вдвое": 2, "втрое": 3,
           "удвоение": 2}  # fmt: skip
# Words before the number that bound it, longest first (their lower-case text, not dictionary forms). The ontology
# has no "at least": at least N is more than N - 1, as the curated claims write it.
BOUNDS = [
    ("не более", "AtMost"),
    ("не больше", "AtMost"),
    ("не дольше", "AtMost"),
    ("в течение", "AtMost"),
    ("no more than", "AtMost"),
    ("no longer than", "AtMost"),
    ("fewer than", "AtMost"),
    ("less than", "AtMost"),
    ("менее", "AtMost"),
    ("меньше", "AtMost"),
    ("not less than", "AtLeast"),
    ("no less than", "AtLeast"),
    ("no fewer than", "AtLeast"),
    ("at least", "AtLeast"),
    ("не менее", "AtLeast"),
    ("по меньшей мере", "AtLeast"),
    ("как минимум", "AtLeast"),
    ("up to", "AtMost"),
    ("до", "AtMost"),  # before a number only: «до 2,5 тысячи миротворцев» (a date is no quantity)
    ("at most", "AtMost"),
    ("within", "AtMost"),
    ("более чем", "MoreThan"),
    ("больше чем", "MoreThan"),
    ("более", "MoreThan"),
    ("больше", "MoreThan"),
    ("свыше", "MoreThan"),
    ("more than", "MoreThan"),
    ("exceeded", "MoreThan"),
    ("exceeds", "MoreThan"),
    ("exceeding", "MoreThan"),
    ("surpassed", "MoreThan"),
    ("topped", "MoreThan"),
    ("превысило", "MoreThan"),
    ("превысила", "MoreThan"),
    ("превысил", "MoreThan"),
    ("превышает", "MoreThan"),
    ("over", "MoreThan"),
    ("около", "About"),
    ("порядка", "About"),
    ("примерно", "About"),
    ("приблизительно", "About"),
    ("around", "About"),
    ("about", "About"),
    ("approximately", "About"),
    ("roughly", "About"),
    ("upwards of", "MoreThan"),
    ("close to", "Nearly"),
    ("a few", "MoreThan"),  # "a few hundred", "several thousand", «несколько сотен»: more than one hundred
    ("several", "MoreThan"),
    ("несколько", "MoreThan"),
    ("some", "About"),
    ("почти", "Nearly"),
    ("nearly", "Nearly"),
    ("almost", "Nearly"),
]
LONGEST_FIRST = sorted(BOUNDS, key=lambda bound: -len(bound[0]))  # «не менее» before «менее»
# What a noun (in a dictionary form) counts, and in what unit.
COUNTED = {
    **dict.fromkeys(
        "военнослужащий военный солдат миротворец десантник troop troops soldier soldiers serviceman servicemen "
        "personnel paratrooper paratroopers peacekeeper peacekeepers military militaries cadet cadets курсант "
        "servicemembers".split(),
        ("Personnel", "Item"),
    ),
    **dict.fromkeys(
        "бронетехника бтр бронемашина броневик бронеавтомобиль бронетранспортёр бронетранспортер armoured armored apc "
        "apcs".split(),
        ("ArmouredVehicle", "Item"),
    ),
    **dict.fromkeys(
        "автомобиль машина грузовик car cars automobile automobiles truck trucks lorry lorries".split(),
        ("Automobile", "Item"),
    ),
    **dict.fromkeys("техника vehicle vehicles equipment hardware".split(), ("Vehicle", "Item")),
    **dict.fromkeys(
        "самолёт самолет борт рейс aircraft airplane airplanes plane planes flight flights".split(),
        ("Aircraft", "Item"),
    ),
    **dict.fromkeys(
        "протестующий митингующий демонстрант протестовать митинговать protester protesters protestor protestors "
        "demonstrator demonstrators".split(),
        ("Protesters", "Item"),
    ),
    **dict.fromkeys("день сутки day days".split(), ("Duration", "Day")),
    **dict.fromkeys("неделя week weeks".split(), ("Duration", "Week")),  # counted in days: DAYS_IN
    **dict.fromkeys("fortnight fortnights".split(), ("Duration", "Fortnight")),
}
# words that part a number from a time after them ("5,800 after week of unrest", "two or three days")
# or make it a time of the calendar or a rate ("150 last week", "5,000 a week", «на этой неделе»)
NOT_BEFORE_A_TIME = {
    *"after before of or and in last this next that per a each every".split(),
    *"за после до и или прошлой этой следующей той на".split(),
}
# the words of lasting before weeks counted: the time something took or will take
LASTING_BEFORE = re.compile(
    r"(?:\b(?:for|took|take|takes|taking|lasted|lasts|lasting|(?<!the\s)last|spent|spend|spending|stay|stayed|stays|within|in|under"
    r"|than|barely|just|only|about|around|nearly|almost)|(?<!\w)(?:за|в течение|течение|на|меньше|больше|более|менее|"
    r"около|почти|всего|лишь|длил\w*|продл\w*|занял\w*|займ\w*|провел\w*|провёл\w*|пробыл\w*))\s+(?:(?:than|чем)\s+)?$",
    re.I,
)
# the days in a unit of time counted ("two weeks" is 14 days, "less than a fortnight" at most 14): durations are in days
DAYS_IN = {"Week": 7, "Fortnight": 14}
# a week or a fortnight said with no number ("spent a week", "for about a week", "less than a fortnight"), not a week
# that dates ("a week later", "a week ago") nor one of the calendar ("last week", «на этой неделе»)
# a duration said as one word before its noun ("a two-week state of emergency", "a 10-day mission")
# (of the time something of the kind lasts: "a 10-day state of emergency", not "the 44-day war")
HYPHENATED_DAYS = re.compile(
    r"\b(\d+|[a-z]+)-(day|week)\b(?!-)(?=\s+(?:[a-z]+\s+)?(?:state|mission|curfew|operation|deployment|stay|period"
    r"|mourning|withdrawal|pullout|presence|emergency|deadline|truce|visit)\b)",
    re.I,
)
# ("one week" is a number and its noun: counted as such, not twice)
ONE_WEEK = re.compile(r"\ban?\s+(week|fortnight)\b(?!\s+(?:after|later|earlier|before|ago|into|since|old)\b)", re.I)
# a week without a number in Russian, after a word of lasting («меньше недели», «около недели», «провели неделю»)
RU_WEEK = re.compile(r"(?<!\w)недел[юиь](?!\w)(?!\s+(?:назад|спустя)(?!\w))", re.I)
KILLED = {"killed", "killing", "dead", "died", "death", "deaths", "toll", "bodies", "loss", "lost", "liquidated",
          "lives", "погибнуть", "погибший", "убитый", "убить", "гибель", "тело", "жертва", "ликвидировать",
          "ликвидированный", "скончаться", "скончавшийся", "умереть", "умерший"}  # fmt: skip
ARRESTED = {"arrested", "arrests", "detained", "detaining", "detainees", "detainee", "detain", "detains", "custody",
            "задержать", "задержанный", "арестовать", "арестованный", "стража", "сизо"}  # fmt: skip
# What people counted did when they are protesters ("3,000 people rallied", «5 тысяч человек митинговали»)
PROTESTED = {"rally", "rallied", "protest", "protested", "demonstrate", "demonstrated", "march", "marched",
             "митинговать", "протестовать", "митинг"}  # fmt: skip
CROWD = {"people", "person", "persons", "человек"}  # who may be protesters (not police, not troops)
# A people's word that may describe a thing counted ("20 police stations", «3 полицейских участка»)
MODIFIERS = {"police", "полицейский"}
INJURED = {"injured", "wounded", "hurt", "treatment", "medical", "hospitalised", "hospitalized", "hospital",
           "hospitals", "больница", "медицинский", "медпомощь", "реанимация",
           "ранить", "раненый", "ранение", "пострадать", "пострадавший", "госпитализировать"}  # fmt: skip
PEOPLE = {"people", "person", "persons", "человек", "members", "officers", "officials", "children", "civilians",
          "силовик", "сотрудник", "officer", "member", "criminals", "criminal", "bandits", "terrorists", "militants",
          "attackers", "policemen", "police", "guards", "полицейский", "преступник", "боевик", "террорист", "ребёнок",
          "ребенок",
          "бандит"}  # fmt: skip
# A verb of change before «до» makes the number what a count reached, not a bound («возросло до 225»)
CHANGED_TO = {"возрасти", "вырасти", "увеличиться", "снизиться", "сократиться", "уменьшиться", "дойти"}
# a count named before its number: "the number of those detained rose to", «число погибших возросло до»
COUNT_NAMED = re.compile(r"(?:number of(?: those| people)?|число|количество)\s+(\w+)(?P<rest>[^\d,;]{0,60})$")
# Words before people counted that make them a force ("численность контингента - 2,5 тыс. человек")
FORCE_BEFORE = {"контингент", "contingent", "численность", "strength"}
# verbs of sending a force: the people they send are its personnel («Киргизия отправила 150 человек»)
SENT = {"отправить", "направить", "перебросить", "выделить", "send", "sent", "deploy", "deployed", "dispatch",
        "dispatched"}  # fmt: skip
# Verbs saying how many a force or a count comes to, the number after them with no noun ("the force now numbers
# 2,030", «численность сил составила 2030»): what the words before them name is counted
AMOUNTS_TO = re.compile(
    r"(?:numbering|totall?ing|numbers|numbered|totals|totall?ed|stands at|stood at|численностью|в количестве|"
    r"составила|составляет|составил|составило|составят|составит|достигла|достигает)\s*$",
    re.I,
)
# a force named before a verb that counts ("the force now numbers 2,030"): its people are counted
FORCE_WORDS = {"force", "forces", "contingent", "contingents", "unit", "units", "сила", "контингент",
               "подразделение", "группировка"}  # fmt: skip
# what may follow a bare count: nothing more (the sentence goes on), a word for people, or the unit of things
# counted (not "92 billion tenge", «25 лет», "40%")
BARE_COUNT_END = re.compile(r"\s*(?:$|[,.;:!?)—–]|\s-\s|(?:and|with|or|и|а|в|по|at|in)\b)", re.I)
THINGS = {"единица", "unit", "units", "piece", "pieces"}
# What happened to people, once said, holds for the numbers listed after it ("50 people were killed, 26 armed
# criminals and 18 security officials"): the kinds a list passes on.
OUTCOMES = ("PeopleKilled", "PeopleArrested", "PeopleInjured")
OUTCOME_WORDS = ((KILLED, "PeopleKilled"), (ARRESTED, "PeopleArrested"), (INJURED, "PeopleInjured"))
# The people of the police, the army, the guard and the security services: those killed are a part of the toll
SECURITY_FORCES = {"police", "policeman", "policemen", "officer", "officers", "law-enforcement", "enforcement",
                   "security", "serviceman", "servicemen", "soldier", "soldiers", "military", "guardsman", "guardsmen",
                   "troops", "силовик", "полицейский", "полиция", "военнослужащий", "военный", "правоохранительный",
                   "силовой", "нацгвардеец", "нацгвардия", "росгвардия", "кнб"}  # fmt: skip
DEAD_PART = re.compile(
    r"\s+(?:of\s+(?:the|those)\s+(?:dead|killed)|из\s+(?:них|погибших|убитых))\s+(?:were|are|был[аи]?|являлись)\s+",
    re.I,
)
# prepositions that end the words for who was counted ("in clashes with the police", «в столкновениях с полицией»)
PLACE_OR_MEANS = {"in", "with", "during", "after", "near", "at", "by", "from", "against", "в", "во", "с", "со", "на",
                  "при", "после", "против", "от"}  # fmt: skip
# words that make the number after them a part of a count just given ("225 killed, including 19 officers")
INCLUDED = re.compile(r"(?<!\w)(?:including|among them|among whom|of whom|в том числе|из них|среди них|в т\. ч\.)"
                      r"\s*(?:(?:about|some|over|more than|около|более|свыше)\s+)?$", re.I)  # fmt: skip
OUT_OF = re.compile(r"(?<!\w)(?:из|of the)\s+$", re.I)
# A word of negation just before "more than" makes it a bound from above ("will not take more than 10 days").
NEGATED = re.compile(r"(?<!\w)(?:not|never|cannot|won't|n't|не)(?:\s+\w+){0,2}\s*$", re.I)
# aircraft named by their type: Il-76, Ил-76, An-124
AIRCRAFT_TYPE = re.compile(r"(?:Il|IL|Ил|An|Ан|Tu|Ту)-\d+")
SKIP_BETWEEN = {"единица", "unit", "units", "of", "военно-транспортный", "military", "transport", "more", "его",
                "pieces", "piece", "the"}  # fmt: skip
# digits with thousands separators, or plain; never the tail of a word (ТЭЦ-2), a part of 06.01.2022 or of a time
# (16:05); not after a hyphen ("Il-76", «ТЭЦ-2»), unless a number stands before it ("10-15 people": a range)
_DIGITS = re.compile(r"(?:(?<=\d-)|(?<![\w.,:-]))(?:\d{1,3}(?:[,\u00a0 ]\d{3})+|\d+)(?!\d)(?![.,:]\d)(?!-?[^\W\d])")
# a model number's second part ("Ан-124-100", "Су-25-3", "A320-200"): a word of letters and a number, and a hyphen
# before it
_MODEL_BEFORE = re.compile(r"(?:[^\W\d]\w*-\d+-|[^\W\d]\w*\d-)$")
# an aircraft maker's name before a model of three digits or its second part ("Boeing 737", «Боинга 737-800»)
_MAKER_BEFORE = re.compile(
    r"(?<!\w)(?i:boeing|airbus|embraer|bombardier|superjet|боинг|аэробус|суперджет)\w*\s(\d+-)?$"
)
# a decimal before a multiplier ("2.3 thousand", «2,5 тыс.», «1,3 тысячи») or a K ("2K")
_SCALED = re.compile(
    r"(?:(?<=\d-)|(?<![\w.,-]))(?P<whole>\d+)(?:[.,](?P<part>\d))?(?:\s?(?P<word>thousand|тыс\w*)\.?|(?P<k>K)\b)"
)
_STRONG = re.compile(r"(?<![\w.,-])(?P<n>\d{1,3}(?:,\d{3})*)-strong\b")


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
    scaled = set()
    for m in _SCALED.finditer(text):
        value = int(m["whole"]) * 1000 + (int(m["part"]) * 100 if m["part"] else 0)
        found.append((m.start(), m.end(), value))
        scaled.add(m.start())
    for m in _STRONG.finditer(text):
        found.append((m.start(), m.end() - len("-strong"), int(m["n"].replace(",", ""))))
    covered = {i for m in _SCALED.finditer(text) for i in range(m.start(), m.end())}
    for m in _DIGITS.finditer(text):
        if m.start() in scaled or _MODEL_BEFORE.search(text, max(0, m.start() - 20), m.start()):
            continue
        maker = _MAKER_BEFORE.search(text, max(0, m.start() - 30), m.start())
        if maker and (maker[1] or len(m.group()) == 3):
            continue  # "Boeing 737-800": a model; "Boeing 3 planes" a count
        value = int(re.sub(r"\D", "", m.group()))
        found.append((m.start(), m.end(), value))
    words = tokens(text)
    i = 0
    while i < len(words):
        start, _, word = words[i]
        # "thousands", "hundreds", «тысячи людей», «сотни»: no figure (unless a number says how many: «2 тысячи»)
        vague = re.fullmatch(r"[a-z]+s|тысячи|сотни|десятки|тысяч|сотен|десятков", word.casefold()) is not None
        # but after a bound a Russian one counts: «около тысячи» (one thousand, in the genitive), «несколько сотен»
        russian = bool(re.search("[а-я]", word.casefold()))
        vague = vague and not (
            i and (_word_value(words[i - 1][2]) or (russian and _bound_before(text, start)[0] != "Exactly"))
        )
        read = None if word.isdigit() or start in covered or vague else _number_in_words(words, i)
        if read is None:
            i += 1
            continue
        value, j = read
        found.append((start, words[j - 1][1], value))
        i = j
    return sorted(found)


def _word_value(word: str) -> tuple[str, int] | None:
    """("times", N) for a word that multiplies what comes before it (thousand, тысяча, dozen), ("plus", N) for one
    that adds (twenty, пять, сто), None for any other word."""
    found = forms(word)
    multiplier = next((MULTIPLIERS[f] for f in found if f in MULTIPLIERS), None)
    if multiplier is not None:
        return "times", multiplier
    value = next((NUMBER_WORDS.get(f) or HALF_MORE.get(f) for f in found if f in NUMBER_WORDS or f in HALF_MORE), None)
    return None if value is None else ("plus", value)


def _number_in_words(words: list[tuple[int, int, str]], i: int) -> tuple[int, int] | None:
    """The number the words from `i` on say, and the index after its last word: the words of one number read
    together ("twenty-five", «двадцать пять», «две тысячи триста», "a hundred and fifty", "two dozen")."""
    total, current, j, last = 0, 0, i, None
    while j < len(words):
        word = words[j][2]
        if word.casefold() == "and" and last == "times" and j + 1 < len(words) and _word_value(words[j + 1][2]):
            j += 1  # "a hundred and fifty"
            continue
        parts = [_word_value(part) for part in word.split("-")] if "-" in word else [_word_value(word)]
        if not parts or any(part is None for part in parts):
            break
        for how, value in parts:
            if how == "times":
                current = (current or 1) * value
                if value >= 1000:
                    total, current = total + current, 0
            else:
                current += value
            last = how
        j += 1
    value = total + current
    return None if j == i or value != int(value) else (int(value), j)  # «полтора часа» counts nothing whole


def find_quantities(text: str, language: str, *, dates: list | None = None) -> list[QuantityMention]:
    """Numbers that count something: each with what it counts (None when no noun of the lexicon follows), its unit
    and bound. Numbers inside `dates` (day numbers, years) and times of day are not quantities.

    >>> [(q.value, q.counted) for q in find_quantities("150 military and 19 pieces of equipment", "en")]
    [(150, 'Personnel'), (19, 'Vehicle')]
    >>> [(q.value, q.counted, q.bound) for q in find_quantities("killed 225 people, more than 2,600 injured", "en")]
    [(225, 'PeopleKilled', 'Exactly'), (2600, 'PeopleInjured', 'MoreThan')]
    >>> [(q.value, q.counted, q.bound) for q in find_quantities("более сотни военных, 2,5 тыс. человек погибли", "ru")]
    [(100, 'Personnel', 'MoreThan'), (2500, 'PeopleKilled', 'Exactly')]
    >>> [(q.value, q.counted) for q in find_quantities("one Il-76 and a two-fold increase", "en")]
    [(1, 'Aircraft'), (2, 'PriceFactor')]
    """
    inside_dates = {i for d in dates or () if not d.derived for i in range(d.start, d.end)}
    words = tokens(text)
    found = []
    listed: QuantityMention | None = None  # the last count of people with an outcome, for a list after it
    aside: QuantityMention | None = None  # the last count that was a part of one before it, for a list after it
    numbers = _numbers(text, language)
    # for each number, the range it ends ("between 2,000 and 2,500") and whether the one before it is what a count
    # changed from ("rose from 164 to 225"): read once for the pair, used by both numbers of it
    ranges = [None] + [_range_low(text, low, high) for low, high in zip(numbers, numbers[1:])]
    changes = [False] + [_changed_from(text, low, high[0]) for low, high in zip(numbers, numbers[1:])]
    for index, (start, end, value) in enumerate(numbers):
        if start in inside_dates or re.match(r"\s?(?:am|pm)\b|:\d", text[end : end + 3], re.I):
            continue
        if text[start:end].casefold() == "one" and re.search(r"\bno[\s-]$", text[max(0, start - 4) : start], re.I):
            continue  # "No one was detained": nobody, no count
        first_after = bisect.bisect_left(words, end, key=lambda w: w[0])
        after = words[first_after : first_after + 10]
        in_year = re.search(r"(?<!\w)(?:in|since|by|until|of|в|с|до|к)\s*$", text[max(0, start - 8) : start], re.I)
        counts = _counts_people_or_things(text, end, after) and not in_year
        if 1900 <= value <= 2100 and text[start:end].isdigit() and not counts:
            continue  # a year («2030 военнослужащих» is a count: the word after it says what it counts)
        part_of = len(after) > 1 and after[1][2].casefold() in ("them", "whom", "those", "них", "которых")
        if after and after[0][2].casefold() in ("из", "of") and (value == 1 or part_of):
            continue  # "one of the servicemen", "two of them died": part of a count given before, not one
        counted, unit, last = _counted(text, end, after)
        if unit in DAYS_IN:  # "two weeks", «двух недель»: the days they are
            if _weeks_as_a_name(text, start, last):
                continue
            value, unit = value * DAYS_IN[unit], "Day"
        if counted is None and found and _elided(text[found[-1].end : start]):
            counted, unit = found[-1].counted, found[-1].unit  # "Belarus sent 500 soldiers, Armenia 100"
        said_before = text[max(0, start - 30) : start]
        # a bare count after a verb of amount, or one of people: not money, an age or a share ("cost 92 billion")
        bare = BARE_COUNT_END.match(text, end) or bool(after and forms(after[0][2]) & (PEOPLE | CROWD | THINGS))
        amounts_to = AMOUNTS_TO.search(said_before) if bare else None
        # a force's head count: a force named in the clause before a verb of amount ("the force now numbers
        # 2,030", «численность сил ОДКБ … составила 2030 человек»; not "the contingent's budget", «бандитских групп»)
        of_a_force = amounts_to and any(
            forms(w) & FORCE_WORDS and not _possessive(text, e, w)
            for _, e, w in _clause_words_before(text, words, start, 10)
        )
        if counted is None and amounts_to:
            kinds = [COUNTED[f] for _, _, w in _words_before(words, start, 6) for f in forms(w) if f in COUNTED]
            if kinds:  # "the peacekeepers, numbering 2,030": what the words before it name
                counted, unit = kinds[-1]
            elif of_a_force:
                counted, unit = "Personnel", "Item"
        if counted is None and bare:  # «техники — 250 единиц»: what is counted, then a dash
            noun = re.search(r"(\w+)\s*(?:[—–]|\s-)\s*$", said_before)
            kinds = [COUNTED[f] for f in forms(noun.group(1)) if f in COUNTED] if noun else []
            if kinds:
                counted, unit = kinds[0]
        bound, first = _bound_before(text, start)
        if index + 1 < len(numbers) and (ranges[index + 1] is not None or changes[index + 1]):
            continue  # the low end of a range, counted with its high end (below); what a count was before it changed
        low, changed = ranges[index], changes[index]
        if low is not None:  # "between 2,000 and 2,500 troops", «от 100 до 200 человек», "10-15 people"
            bound, first = "AtMost", low[0]
        if changed and bound == "AtMost":  # "rose from 164 to 225", «возросло с 164 до 225»: what it reached
            bound, first = "Exactly", start
        if (
            bound == "AtMost"
            and text[first:start].strip() == "до"
            and any(forms(w) & CHANGED_TO for _, _, w in _words_before(words, first, 1))
        ):
            bound, first = "Exactly", start
        if bound == "AtLeast":
            bound, value = "MoreThan", value - 1
        elif bound == "MoreThan" and NEGATED.search(text[max(0, first - 30) : first]):
            bound = "AtMost"  # "will not take more than 10 days", «не займёт больше 10 дней»
        # what befell them, said before the count (before what it was, when it changed: «погибших возросло с 164 до»)
        outcome = _outcome_before(text, words, numbers[index - 1][0] if changed else first)
        if outcome and (counted is None or counted in ("Personnel", "Protesters", "People")):
            counted = outcome  # "killed 225 people", «погибли 17 силовиков», "the death of three soldiers"
        # a part of a count given before it in the sentence ("225 killed, including 19 officers"; not the first count,
        # "casualties, including 225 dead"), or the next in a list of such parts ("including 19 police officers and
        # 3 children")
        whole_before = listed is not None and not re.search(r"[.;!?]", text[listed.end : first])
        after_aside = text[aside.end : first] if aside is not None else None
        # («из 225 погибших 175 скончались в больницах»: a part of the whole the words before it name)
        out_of = whole_before and bool(OUT_OF.search(text, max(0, listed.start - 8), listed.start))
        out_of = out_of and not text[listed.end : first].strip()
        part = (
            out_of
            or (whole_before and bool(INCLUDED.search(text[max(0, first - 20) : first])))
            or (after_aside is not None and _listed_after(after_aside) and not re.search(r"[,;]", after_aside))
        )
        if counted == "People" and listed is not None and _listed_after(text[listed.end : first]):
            counted = listed.counted  # "…were killed, 26 armed criminals and 18 security officials"
        if counted == "People" and (
            of_a_force or any(forms(w) & (FORCE_BEFORE | SENT) for _, _, w in _words_before(words, first, 4))
        ):
            counted = "Personnel"  # «численность контингента - 2,5 тыс. человек», «отправила 150 человек»
        if counted == "People":
            counted = None  # people, counted for nothing the lexicon knows
        if counted == "Duration" and DAYS_APART.match(text, last):
            continue  # "Two days after the update", «два дня спустя»: how far apart two days are, no figure
        after_so_many = IN_SO_MANY.search(text, max(0, first - 8), first)
        if counted == "Duration" and after_so_many:
            # «через два дня»: how long until it starts when still to come; opening a past clause ("Уже через два
            # дня протесты охватили Актау") only "two days later"
            if clause_tense(text, first, language) == "future":
                counted = "TimeUntilStart"
            elif OPENS_A_CLAUSE.search(text, max(0, after_so_many.start() - 20), after_so_many.start()):
                continue
        if counted == "Duration" and _until_start(text[max(0, first - 60) : first]):
            counted = "TimeUntilStart"  # "would begin a withdrawal within two days": how long until it starts
        if counted == "PeopleKilled" and (
            _security_forces(text, end, after) or _security_forces_named(text, first) or _dead_of_the_forces(text, end)
        ):
            counted = "SecurityForcesKilled"  # "16 law enforcement officers were killed": a part of the toll
        elif counted in OUTCOMES and part:
            aside = QuantityMention(first, last, text[first:last], value, counted, unit, bound)
            continue  # "225 killed, including three children": a part no kind names, not the whole toll
        if counted is not None and low is not None:  # its low end: at least that many, over the same words
            found.append(QuantityMention(first, last, text[first:last], low[1] - 1, counted, unit, "MoreThan"))
        if counted is not None:  # a number that counts nothing the lexicon knows is an identifier or an aside
            found.append(QuantityMention(first, last, text[first:last], value, counted, unit, bound))
            if counted != "SecurityForcesKilled":  # after a part, the list goes on from its whole
                listed = found[-1] if counted in OUTCOMES else None
            aside = found[-1] if part else None
    for index, (start, end, word) in enumerate(words):
        factor = next((FACTORS[f] for f in forms(word) if f in FACTORS), None)
        near = {f for _, _, w in words[max(0, index - 3) : index + 5] for f in forms(w)}
        if factor and word.casefold() in ("вдвое", "втрое") and not near & GROWTH:
            continue  # «сократили вдвое»: a halving, no price factor
        if factor and word.casefold() in ("doubling", "tripling", "удвоение") and not near & PRICES:
            continue  # "considered doubling its contingent": no price grew
        if factor:
            bound, first = _bound_before(text, start)  # "nearly doubled", «почти вдвое»
            if bound == "MoreThan" and re.match(r"over\s+an?\s", text[first:start], re.I):
                bound, first = "Exactly", start  # "protests over a doubling of prices": what about, no bound
            found.append(QuantityMention(first, end, text[first:end], factor, "PriceFactor", "Item", bound))
    for joined in HYPHENATED_DAYS.finditer(text) if language == "en" else ():
        number = joined.group(1).casefold()
        value = int(number) if number.isdigit() else NUMBER_WORDS.get(number)
        if joined.group(2)[0].isupper():
            continue  # "the 44-Day war": a name, not how long anything took
        if value is not None:
            value *= DAYS_IN.get(COUNTED[joined.group(2).casefold()][1], 1)
            found.append(
                QuantityMention(joined.start(), joined.end(), joined.group(), value, "Duration", "Day", "Exactly")
            )
    weeks = ONE_WEEK.finditer(text) if language == "en" else RU_WEEK.finditer(text) if language == "ru" else ()
    for one in weeks:
        if language == "ru" and (
            re.search(r"(?:\d|\b\w+(?:ух|ех|ти|и|е|а|у))\s+$", text[max(0, one.start() - 12) : one.start()])
            and _numbers(text[max(0, one.start() - 15) : one.start()], language)
        ):
            continue  # «двух недель»: a number and its noun, counted above
        if re.search(r"\b(?:once|twice|per|every)\s*$", text[max(0, one.start() - 10) : one.start()], re.I):
            continue  # "twice a week": how often, no duration
        if _weeks_as_a_name(text, one.start(), one.end()):
            continue  # «на этой неделе», «итоги недели», "Three weeks that shook …": no word of lasting, a name
        bound, first = _bound_before(text, one.start())  # "less than a fortnight", "about a week"
        if bound == "MoreThan" and NEGATED.search(text[max(0, first - 30) : first]):
            bound = "AtMost"
        days = DAYS_IN[COUNTED[one.group(1).casefold()][1]] if language == "en" else DAYS_IN["Week"]
        found.append(QuantityMention(first, one.end(), text[first : one.end()], days, "Duration", "Day", bound))
    return sorted(found, key=lambda q: q.start)


_RANGE_JOIN = re.compile(r"\s*(?:and|to|до|[-–—])\s*", re.I)
_RANGE_OPEN = re.compile(r"(?<!\w)(?:between|from|от)\s+$", re.I)
_CHANGE_BEFORE = re.compile(
    r"(?<!\w)(?:rose|risen|rises|rising|grew|grown|increased|climbed|jumped|fell|fallen|dropped|declined|revised|"
    r"raised|lowered|cut|reduced|went|gone|changed|up|down|возросл\w*|вырос\w*|увеличил\w*|снизил\w*|сократил\w*|"
    r"уменьшил\w*|изменил\w*|пересмотр\w*)\s+(?:[\w'’]+\s+){0,5}$",
    re.I,
)


def _changed_from(text: str, previous: tuple[int, int, int], start: int) -> bool:
    """Whether the number before `start` is what a count was before it changed to this one ("rose from 164 to",
    «возросло с 164 до»)."""
    low_start, low_end, _ = previous
    opening = re.search(r"(?<!\w)(?:from|с|со)\s+$", text[max(0, low_start - 6) : low_start], re.I)
    return (
        opening is not None
        and re.fullmatch(r"\s*(?:to|до)\s*", text[low_end:start], re.I) is not None
        and _CHANGE_BEFORE.search(text, max(0, low_start - 40), low_start - len(opening.group())) is not None
    )


def _range_low(text: str, previous: tuple[int, int, int], high: tuple[int, int, int]) -> tuple[int, int] | None:
    """Where a range ends at the number `high`, (where its words begin, its low end): "between 2,000 and", "from 100
    to", «от 100 до», "10-" or "10 –" right before it (a dash needs no word before the low end); a low end below the
    high one only ("5,800 - 2,000 of them" is no range); a multiplier after the high end counts for the low one
    («7-8 тысяч»)."""
    low_start, low_end, low = previous
    start, end, value = high
    join = _RANGE_JOIN.fullmatch(text, low_end, start)
    if join is None or low <= 0:
        return None
    if _SCALED.fullmatch(text, start, end) and text[low_start:low_end].isdigit() and low * 1000 < value:
        low *= 1000  # «7-8 тысяч человек», "5-6 thousand troops"
    if low >= value:
        return None
    opening = _RANGE_OPEN.search(text, max(0, low_start - 10), low_start)
    if opening is None and not re.fullmatch(r"\s*[-–—]\s*", join.group()):
        return None  # "2,000 and 2,500": two figures, not a range
    if opening is not None and _CHANGE_BEFORE.search(text, max(0, opening.start() - 30), opening.start()):
        return None  # "the toll rose from 164 to 225": what it was and what it is, not a range
    return (opening.start() if opening else low_start), low


# the bound words in one pattern, the longest first where two end alike ("не менее" before "менее")
_BOUND_BEFORE = re.compile(r"(?<!\w)(" + "|".join(re.escape(words) for words, _ in LONGEST_FIRST) + r")\s*(?:an?\s+)?$")
_BOUND_NAMES = dict(BOUNDS)


def _bound_before(text: str, start: int) -> tuple[str, int]:
    """The bound said just before a number, and where its words begin ("more than a hundred": MoreThan)."""
    before = text[max(0, start - 20) : start].casefold()
    match = _BOUND_BEFORE.search(before)
    if match is None:
        return "Exactly", start
    return _BOUND_NAMES[match.group(1)], start - len(before) + match.start()


def _counted(text: str, end: int, after: list) -> tuple[str | None, str, int]:
    """What the number ending at `end` counts, from the words after it: (kind, unit, end of the words)."""
    if text[end : end + 7] == "-strong":
        return "Personnel", "Item", end + 7
    for k, (_, w_end, word) in enumerate(after[:6]):
        if AIRCRAFT_TYPE.fullmatch(word):
            return "Aircraft", "Item", w_end
        word_forms = forms(word)
        hit = next((COUNTED[f] for f in word_forms if f in COUNTED), None)
        if hit and hit[0] == "Duration" and (k > 1 or (k == 1 and after[0][2].casefold() in NOT_BEFORE_A_TIME)):
            break  # "5,800 after week of unrest": a time named after other words is not what the number counts
        if hit and word_forms & {"military", "военный"}:  # "military transport planes": an adjective here
            later = [next((COUNTED[f] for f in forms(w) if f in COUNTED), None) for _, _, w in after[k + 1 : k + 3]]
            if any(h and h != hit for h in later):
                continue
        if hit:
            rest = [forms(w) for _, _, w in after[k + 1 : k + 4]]
            if hit[0] in ("Automobile", "ArmouredVehicle") and rest and rest[0] & {"and", "и"}:
                # "automobile and armoured vehicles": the whole is vehicles
                vehicles = next(
                    (i for i, f in enumerate(rest) if any(COUNTED.get(x, ("",))[0] == "Vehicle" for x in f)), None
                )
                if vehicles is not None:
                    return "Vehicle", "Item", after[k + 1 + vehicles][1]
            if hit[0] in ("Personnel", "Protesters"):  # "two dozen soldiers were wounded": what befell them
                outcome = _outcome_after(text, w_end, after[k + 1 : k + 5])
                if outcome:
                    return outcome, "Item", w_end
            return hit[0], hit[1], w_end
        if word_forms & PEOPLE:
            following = after[k + 1][2] if k + 1 < len(after) else ""
            if word_forms & MODIFIERS and following.isalpha() and following.casefold() not in ("and", "и", "or", "или"):
                continue  # "20 police stations", «100 полицейских машин»: the word describes what is counted
            outcome = _outcome_after(text, w_end, after[k + 1 : k + 9])
            if outcome is None and word_forms & CROWD and any(forms(w) & PROTESTED for _, _, w in after[k + 1 : k + 4]):
                outcome = "Protesters"  # "3,000 people rallied" (not "police officers gathered")
            return outcome or "People", "Item", w_end
        for lexicon, kind in OUTCOME_WORDS:
            if word_forms & lexicon:
                return kind, "Item", w_end
        # two words may describe what is counted before the noun ("16 law enforcement officers"), no comma between
        if (not (word_forms & SKIP_BETWEEN) and k >= 2) or re.search(r"[,;.:!?()]", text[end:w_end]):
            break
    return None, "Item", end


def _security_forces(text: str, end: int, after: list) -> bool:
    """Whether the people a number counts are of the security forces: a word for them among the words after it, up
    to what befell them or the clause's end ("19 members of the security forces", «17 сотрудников полиции»)."""
    for w_start, _, word in after[:6]:
        word_forms = forms(word)
        if re.search(r"[,;.:!?()]|\d", text[end:w_start]) or any(word_forms & lexicon for lexicon, _ in OUTCOME_WORDS):
            return False
        if word.casefold() in PLACE_OR_MEANS:
            return False  # "225 people in clashes with the police": who they fought, not who they were
        if word_forms & SECURITY_FORCES:
            return True
    return False


def _counts_people_or_things(text: str, end: int, after: list) -> bool:
    """Whether the word right after a number is a noun the lexicon counts (forces, vehicles, aircraft, people)."""
    if not after or re.search(r"\S", text[end : after[0][0]]):
        return False
    word_forms = forms(after[0][2])
    return any(f in COUNTED for f in word_forms) or bool(word_forms & PEOPLE)


def _words_before(words: list, offset: int, n: int) -> list:
    """The last `n` words (start, end, word) that end at or before `offset` (`words` in reading order)."""
    last = bisect.bisect_right(words, offset, key=lambda w: w[1])
    return words[max(0, last - n) : last]


def _possessive(text: str, end: int, word: str) -> bool:
    """Whether a word is a possessive ("the contingent's budget": what is counted is the budget)."""
    return word.endswith(("'s", "’s")) or text[end : end + 2] in ("'s", "’s")


def _clause_words_before(text: str, words: list, offset: int, n: int) -> list:
    """The last `n` words before `offset` that are in its clause (no comma, semicolon or sentence end between)."""
    before = _words_before(words, offset, n)
    for k in range(len(before) - 1, -1, -1):
        if re.search(r"[,;.:!?()]", text[before[k][1] : before[k + 1][0] if k + 1 < len(before) else offset]):
            return before[k + 1 :]
    return before


def _elided(gap: str) -> bool:
    """Whether a bare number follows another count in a list, after the name of what it is for: "500 soldiers,
    Armenia 100 and Tajikistan 200", «500 военных, Армения - 100»."""
    return len(gap) < 40 and bool(
        re.fullmatch(
            r"(?:\s*[,;]\s*(?:and\s+|и\s+)?|\s+(?:and|и)\s+)[A-ZА-ЯЁ][\w-]+\s*[-–—:]?\s*"
            r"(?:(?:около|более|свыше|почти|до|about|some|around|over|up to|nearly|almost)\s+)?",
            gap,
        )
    )


def _listed_after(gap: str) -> bool:
    """Whether a number follows the last one in a list: a comma or an 'and' between, in the same sentence."""
    return len(gap) < 60 and not re.search(r"[.;!?]", gap) and bool(re.search(r",|\band\b|(?<!\w)и(?!\w)", gap))


def _outcome_after(text: str, end: int, after: list) -> str | None:
    """What happened to the people counted, said in the words after them up to the clause's end ("were killed")."""
    aside = re.match(r",\s*(?:including|among them|в том числе|среди них)\b[^,;.!?]*,(?!\s*(?:and|и)\b)", text[end:])
    skip = aside.end() if aside else 0  # "164 people, including three children, have been killed"
    stop = re.search(r"[,;.!?]", text[end + skip :])
    clause_end = end + skip + stop.start() if stop else len(text)
    if aside:  # the words after the aside, as many as were asked for
        after = [(end + skip + s, end + skip + e, w) for s, e, w in tokens(text[end + skip : clause_end])][: len(after)]
    for s, _, w in after:  # the first outcome said, before another number begins its own count
        if s >= clause_end or re.fullmatch(r"[\d,.]+", w):
            break
        for lexicon, kind in OUTCOME_WORDS:
            if forms(w) & lexicon:
                return kind
    return None


def sentence_start(text: str, at: int) -> int:
    """Where the sentence holding `at` opens: right after the last full stop, mark or line break before it.

    >>> text = "Ten were hurt. 1,500 troops arrived."
    >>> text[sentence_start(text, 20) :]
    ' 1,500 troops arrived.'
    """
    return max(text.rfind(end, 0, at) for end in ".!?\n") + 1


def _dead_of_the_forces(text: str, end: int) -> bool:
    """Whether the dead a number counts are of the security forces, said after them ("19 of the dead were members
    of law-enforcement agencies", «19 из погибших были сотрудниками силовых структур»; trial 43)."""
    part = DEAD_PART.match(text, end)
    return bool(part) and any(forms(w) & SECURITY_FORCES for _, _, w in tokens(text[part.end() : part.end() + 60])[:6])


def _security_forces_named(text: str, start: int) -> bool:
    """Whether the count named before the number is of the security forces' dead («число погибших силовиков
    достигло 16», "the number of police officers killed rose to 19")."""
    opens = sentence_start(text, start)
    named = COUNT_NAMED.search(text[opens:start].casefold())
    return bool(named) and any(forms(w) & SECURITY_FORCES for _, _, w in tokens(named.group()))


def _outcome_before(text: str, words: list, start: int) -> str | None:
    """What happened to the people counted, said just before the number: "killed 225", «погибли 17», «получили
    ранения около тысячи», "the death toll ... stands at 225" (a toll anywhere before it in the sentence)."""
    opens = sentence_start(text, start)
    before = [w for w in _words_before(words, start, 4) if w[0] >= opens]  # not "were injured. 1,500 troops"
    for lexicon, kind in OUTCOME_WORDS:
        if any(forms(w) & lexicon for _, _, w in before):
            return kind
    sentence = text[opens:start].casefold()
    if "death toll" in sentence:
        return "PeopleKilled"
    # "the number of those detained rose to", «число погибших возросло до»: the count named before the number
    named = COUNT_NAMED.search(sentence)
    if named:
        for lexicon, kind in OUTCOME_WORDS:
            if forms(named.group(1)) & lexicon:
                return kind
    return None


# days counted between two days, not a figure of anything ("two days after", "three days later", «два дня спустя»)
DAYS_APART = re.compile(r"\s+(?:after|later|earlier|before|ago|спустя|назад|ранее|раньше)\b", re.I)
IN_SO_MANY = re.compile(r"(?:\bin|(?<!\w)через)\s+$", re.I)
OPENS_A_CLAUSE = re.compile(r"(?:^|[.;:!?\n,—–]\s*|\b(?:and|и|а)\s+)(?:(?:уже|лишь|всего|just|only|barely)\s+)?$", re.I)


def _weeks_as_a_name(text: str, start: int, end: int) -> bool:
    """Weeks that name a time rather than measure how long something took: a headline's "Three weeks that shook
    Kazakhstan", «Две недели, которые изменили Казахстан», «итоги двух недель»; weeks are a duration only after a
    word of lasting ("took two weeks", "spent a week", "for about a week", "less than a fortnight", «меньше двух
    недель», «за две недели»)."""
    return bool(
        re.match(r"\s*,?\s*(?:that|which|которые|которая)\b", text[end:], re.I)
        or not LASTING_BEFORE.search(text, max(0, start - 30), start)
    )


def _until_start(before: str) -> bool:
    """A verb of beginning governs the duration: in the same clause, nothing joining another verb in between."""
    matches = list(re.finditer(r"(?<!\w)(?:begin|start|начн|начать|начин)\w*", before, re.I))
    return bool(matches) and not re.search(r",| and | и |take|заним|займ", before[matches[-1].end() :], re.I)
