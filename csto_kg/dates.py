"""Relative dates: the day that words such as "Tuesday", "last Wednesday", "накануне" or "завтра" name, counted
from an anchor day (a source's publication date, or the day quoted words were spoken).

A bare weekday names the nearest such day on or before the anchor when the source reports what happened, and the
nearest one after it when it reports what is planned ("утвердят в четверг"); "last" and "next" name the weekday of
the week before or after the anchor's week (weeks start on Monday). Which of the two is decided per clause, by the
clause's own verb (`clause_tense`): "said on Tuesday that the withdrawal would begin" is a past Tuesday. `extract`
and the build read weekday words with the same function, `day_named_at`, so that what extract proposes the build
accepts.

>>> import datetime
>>> tuesday = datetime.date(2022, 1, 11)
>>> resolve("Tuesday", tuesday), resolve("last Wednesday", tuesday), resolve("Saturday", tuesday)
(datetime.date(2022, 1, 11), datetime.date(2022, 1, 5), datetime.date(2022, 1, 8))
>>> resolve("в четверг", datetime.date(2022, 1, 12), ahead=True), resolve("Накануне", datetime.date(2022, 1, 13))
(datetime.date(2022, 1, 13), datetime.date(2022, 1, 12))
>>> resolve("the other day", tuesday) is None
True
"""

from __future__ import annotations

import bisect
import datetime
import functools
import re
from dataclasses import dataclass

from .names import grammemes, readings
from .sources import ABBREVIATIONS

DAY = datetime.timedelta(days=1)

# offsets in days from the anchor
FIXED = {
    "today": 0,
    "yesterday": -1,
    "tomorrow": 1,
    "сегодня": 0,
    "сегодняшний": 0,
    "вчера": -1,
    "позавчера": -2,
    "накануне": -1,
    "завтра": 1,
    "послезавтра": 2,
    "tonight": 0,
    "morning": 0,  # "this morning" («этим утром»): the day of the article
    "afternoon": 0,
    "evening": 0,
}
# the night that ended on the day of the article ("last night", "overnight", «этой ночью»): both days
NIGHT_BEFORE_THE_ANCHOR = re.compile(r"last night|overnight|(?:этой|прошлой|минувшей) ночью", re.I)

# weekday number (Monday 0) for every spelling: English names, Russian names in the cases a date takes
WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    "понедельник": 0,
    "вторник": 1,
    "среда": 2,
    "среду": 2,
    "четверг": 3,
    "пятница": 4,
    "пятницу": 4,
    "суббота": 5,
    "субботу": 5,
    "воскресенье": 6,
    # the genitive, after «с», «утром», «вечером» («с воскресенья»; «до среды» and «на утро среды» are left
    # unread: an end or an appointment a past participle's tense cannot date, «продлён до среды»)
    "понедельника": 0,
    "вторника": 1,
    "среды": 2,
    "четверга": 3,
    "пятницы": 4,
    "субботы": 5,
    "воскресенья": 6,
}
_RU_WEEKDAY_GENITIVE = "(?:понедельника|вторника|среды|четверга|пятницы|субботы|воскресенья)"
_RU_WEEKDAY_ACCUSATIVE = "(?:понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)"
LAST = {"last", "прошлый", "прошлую", "прошлое", "прошлой", "прошлого"}  # the week before's
# «в минувшую среду»: the latest one gone by, as a weekday alone in the past is (of a Thursday, the day before)
LATEST = {"минувший", "минувшую", "минувшее", "минувшей", "минувшего"}
NEXT = {"next", "следующий", "следующую", "следующее", "следующей", "следующего"}
FILLER = {"on", "в", "во", "this", "эту", "этот", "это", "на", "день", "late", "early", "of", "to", "с", "со", "утром",
          "вечером", "since", "earlier", "later"}  # fmt: skip

MONTHS = {
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split(),
    "en": "January February March April May June July August September October November December".split(),
}
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def resolve(words: str, anchor: datetime.date, *, ahead: bool = False) -> datetime.date | None:
    """The day `words` name counted from `anchor`; `ahead` for a planned event. None if the words are not ones
    this module knows (the caller says so by name)."""
    tokens = [t for t in re.findall(r"\w+", words.casefold()) if t not in FILLER]
    if tokens[:1] == ["ночь"]:  # «в ночь на среду»: the night that ends on that day (find_dates gives both days)
        tokens = tokens[1:]
    if len(tokens) == 1 and tokens[0] in FIXED:
        return anchor + FIXED[tokens[0]] * DAY
    if not tokens or tokens[-1] not in WEEKDAYS or len(tokens) > 2:
        return None
    weekday = WEEKDAYS[tokens[-1]]
    if len(tokens) == 2 and tokens[0] in LATEST:
        return anchor - ((anchor.weekday() - weekday - 1) % 7 + 1) * DAY
    if len(tokens) == 2:
        if tokens[0] not in LAST | NEXT:
            return None
        week_start = anchor - anchor.weekday() * DAY + (7 if tokens[0] in NEXT else -7) * DAY
        return week_start + weekday * DAY
    if ahead:  # (the anchor's own weekday is that day: "will be flown home on Wednesday", written on a Wednesday)
        return anchor + ((weekday - anchor.weekday()) % 7) * DAY
    return anchor - ((anchor.weekday() - weekday) % 7) * DAY


def night_before(words: str) -> re.Match | None:
    """«в ночь на среду»: the words name the night that ends on the day they count (the match is the night's part).

    >>> nights = ("в ночь на среду", "в ночь со вторника на среду", "overnight into Friday", "в среду")
    >>> [bool(night_before(words)) for words in nights]
    [True, True, True, False]
    """
    return re.match(
        rf"(?:в ночь (?:со?\s+{_RU_WEEKDAY_GENITIVE}\s+)?на|"
        r"overnight (?:into|to)|(?:on |during )?the night (?:into|to))\s+",
        words,
        re.I,
    )


def how_resolved(words: str, anchor: datetime.date, anchor_name: str, day: datetime.date) -> str:
    """The sentence the build records for a resolved date (an inferred claim's reason)."""
    return (
        f"'{words}' counted from {anchor.isoformat()} ({anchor_name}, a {WEEKDAY_NAMES[anchor.weekday()]}) "
        f"is {WEEKDAY_NAMES[day.weekday()]} {day.isoformat()}."
    )


# --- dates in running text -----------------------------------------------------------------------------------------


# what makes a day the end of what it dates, or a deadline: «продлится до 19 января», "completed by January 23"
UNTIL_BEFORE = re.compile(r"(?<!\w)(?:до|until|till|by|through)\s+$", re.I)


@dataclass
class DateMention:
    """Words of an article that name a day or an interval, with the day(s) they name and how they were read."""

    start: int
    end: int
    words: str
    first: datetime.date
    last: datetime.date  # the same day unless the words name an interval (a night, a range)
    how: str
    relative: bool = False  # counted from the anchor (kgo:dateWords)
    anchor: datetime.date | None = None  # counted from another day than the anchor (kgo:dateAnchor)
    derived: bool = False  # counted from another date of the text ("two days later"): a claim must say so
    since: bool = False  # the first day of what goes on («с 2 января», "since January 2"): a start, not the day
    until: bool = False  # the last day of what goes on, or a deadline («до 19 января», "by January 23"): an end
    month_inferred: bool = False  # a day of the month alone ("on the 6th"): the month is not in the words

    @property
    def is_day(self) -> bool:
        return self.first == self.last


_RU_MONTH = "(?P<month>" + "|".join(MONTHS["ru"]) + r"|янв|фев|мар|апр|июн|июл|авг|сен|окт|ноя|дек)\b\.?"
_EN_MONTH = "(?P<month>" + "|".join(MONTHS["en"]) + r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?"
# a year: 1900–2099, or any four digits a word for a year follows («31 декабря 9999 года»); other four digits right
# after a date with no word after them make it no date at all (find_dates: "31 December 9999." is no day of 2021,
# «10 января 7939.» may count the detained); a word after them says what they count («6 января 1500 человек»)
_YEAR = r"(?:,?\s(?P<year>(?:19|20)\d\d|[1-9]\d{3}(?=\s*(?:г\b|г\.|года\b|год\b)))(?!\d)(?:\sг(?:ода|\.)?)?)?"
# four digits right after a date that gave no year, and no word after them (that word would say what they count)
_FAR_YEAR_AFTER = re.compile(r"\s[1-9]\d{3}(?![\d.,]\d)(?!\s*[^\W\d_])")
_D = r"(?P<day>[12]?\d|3[01])"


# what English news counts after a date whose four digits would be a year to come ("January 13 2030 troops")
_EN_COUNTED = frozenset(
    "troops soldiers servicemen servicemembers paratroopers peacekeepers personnel military people police officers "
    "protesters protestors demonstrators civilians vehicles trucks aircraft planes".split()
)


def _counted_after(text: str, m: re.Match, anchor: datetime.date, language: str) -> bool:
    """Four digits after a date with no word for a year, no nearer than two years to the anchor's, and a plural noun
    after them: what they count («13 января 2030 военнослужащих»; in English a year to come with no comma before it
    and what news counts after it: "January 13 2030 troops"), as after any other number; no year."""
    if m.end() != m.end("year") or not text[m.start("year") - 1].isspace():
        return False  # «года», «г.»: a year; «10.01.2022» written out in figures
    if abs(int(m["year"]) - anchor.year) <= 1:
        return False  # «13 января 2022 силовиков наградили»: the year it is (the noun may be an object)
    if language == "en":  # a year past is history ("On 16 December 2011 workers were shot"); one to come, a count
        if text[m.start("year") - 2] == "," or int(m["year"]) < anchor.year:
            return False  # "January 13, 2030": the comma English writes before a year
        after = re.match(r"\s+([a-z]+)\b", text[m.end() :])
        return after is not None and after[1] in _EN_COUNTED
    after = re.match(r"\s+([а-яё]+)\b", text[m.end() :])
    if after is None or grammemes(after[1]) & {"PREP", "CONJ", "PRCL", "NPRO"}:
        return False  # «13 января 2022 в Алматы»
    return any(
        {"gent", "plur"} <= tags and tags & {"NOUN", "ADJF", "PRTF"} and not tags & {"Abbr", "Apro"}
        for _, tags in readings(after[1])
    )  # «человек» is read first as one man


_NO_DIGIT_BEFORE = r"(?:(?<!\d)|(?<=\d:\d\d))"  # a day's number, or one run into a time before it («21:406-го»)
_NUMERIC = re.compile(
    r"(?<![\d.])(?P<day>0?[1-9]|[12]\d|3[01])\.(?P<month>0?[1-9]|1[0-2])\.(?P<year>20\d\d)(?!\d|\.\d)"
)
_ISO = re.compile(
    r"(?<![\w./-])(?P<year>[12]\d{3})-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])(?:(?![\w/-])|(?=T\d\d:))"
)
PATTERNS = {
    "ru": [
        ("night", re.compile(rf"в ночь с (?P<day0>\d{{1,2}}) на {_D} {_RU_MONTH}{_YEAR}", re.I)),
        ("night-before", re.compile(rf"в ночь на {_D} {_RU_MONTH}{_YEAR}", re.I)),
        ("range", re.compile(rf"с (?P<day0>\d{{1,2}}) (?:по|до) {_D} {_RU_MONTH}{_YEAR}", re.I)),
        ("range", re.compile(rf"(?<![\d.])(?P<day0>\d{{1,2}})\s?[-–]\s?{_D} {_RU_MONTH}{_YEAR}", re.I)),
        ("since", re.compile(rf"(?<!\w)(?:с|со|начиная с) {_D}(?:-го)? {_RU_MONTH}{_YEAR}", re.I)),
        ("day", re.compile(rf"{_NO_DIGIT_BEFORE}{_D}(?:-го)? {_RU_MONTH}{_YEAR}", re.I)),
        ("day", _NUMERIC),
        ("day", _ISO),
    ],
    "en": [
        ("night", re.compile(rf"night of {_EN_MONTH} (?P<day0>\d{{1,2}})(?:\s?(?:to|-|–)\s?){_D}{_YEAR}", re.I)),
        (
            "night",
            re.compile(
                rf"night of (?P<day0>\d{{1,2}})(?:st|nd|rd|th)?\s?(?:to|-|–|and)\s?{_D}(?:st|nd|rd|th)? "
                rf"(?:of )?{_EN_MONTH}{_YEAR}",
                re.I,
            ),
        ),
        ("range", re.compile(rf"{_EN_MONTH} (?P<day0>\d{{1,2}})\s?(?:-|–|to)\s?{_D}{_YEAR}")),
        (
            "range",
            re.compile(
                rf"\b(?:from|between) {_EN_MONTH} (?P<day0>\d{{1,2}})(?:st|nd|rd|th)? (?:to|until|till|"
                rf"through|and) (?:(?P=month) )?{_D}(?:st|nd|rd|th)?\b{_YEAR}"
            ),
        ),
        ("since", re.compile(rf"\bsince {_EN_MONTH} {_D}(?:st|nd|rd|th)?\b{_YEAR}", re.I)),
        ("since", re.compile(rf"\bsince {_D}(?:st|nd|rd|th)? (?:of )?{_EN_MONTH}{_YEAR}", re.I)),
        ("day", re.compile(rf"{_EN_MONTH} {_D}(?:st|nd|rd|th)?\b{_YEAR}")),
        ("day", re.compile(rf"{_NO_DIGIT_BEFORE}{_D}(?:st|nd|rd|th)? (?:of )?{_EN_MONTH}{_YEAR}")),
        ("day", _NUMERIC),
        ("day", _ISO),
    ],
}
# a day named by its feast ("on New Year's Day"): (month, day), in the year nearest the anchor
NAMED_DAYS = {"en": [(re.compile(r"\bNew Year['’]s Day\b"), (1, 1))]}
# the year's first day said as its start ("at the start of the year", «с начала года», «с Нового года»): read only in
# January's articles ("at the start of the year" in March is early in the year, no day of it)
YEAR_STARTS = {
    "en": [re.compile(r"\b(?:the\s+)?(?:start|beginning|turn)\s+of\s+(?:the|this)\s+year\b", re.I)],
    "ru": [
        re.compile(r"(?<!\w)(?:с|в)\s+начал[ае]\s+(?:этого\s+|текущего\s+|нового\s+)?года(?!\w)", re.I),
        re.compile(r"(?<!\w)с\s+(?:первого\s+дня\s+нового\s+года|Нового\s+года)(?!\w)", re.I),
    ],
}
# a day of the month with no month ("on the 13th", «19-го числа»): the month nearest the anchor; not "the 13th century"
_DAY_OF_MONTH = {
    "en": re.compile(
        r"\b(?:on|by|until|till|from|since|before|after|through|to) "
        r"(?P<words>the (?P<day>[12]?\d|3[01])(?:st|nd|rd|th))\b"
        # a day, not a rank ("the 31st Guards Brigade", "the 2nd place", "the 19th summit"): what follows is no noun
        r"(?=\s*(?:$|[,.;:!?)—–]|\s-\s|(?:and|or|at|in|when|as|after|before|but|while|with|to)\b))",
        re.I,
    ),
    "ru": re.compile(r"(?<![\w.])(?P<words>(?P<day>[12]?\d|3[01])-?го числа)(?!\w)(?!\s+(?:каждого|следующего))", re.I),
}
# a year written in figures anywhere in words ("In 2010", "until 1997"): what the words say of another time
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# «6-го» alone, after a date with its month in the same sentence: a day of that month
_DAY_AFTER_A_DATE = re.compile(r"(?<![\w.])(?P<words>(?P<day>[12]?\d|3[01])-го)(?!\w)(?!\s+числа)")
_RELATIVE = {
    "ru": re.compile(
        rf"(?<!\w)(?:(?:в|во|в ночь на|в ночь со? {_RU_WEEKDAY_GENITIVE} на)"
        r"\s+(?:(?:прошл|следующ|минувш)\w+\s+)?"
        rf"{_RU_WEEKDAY_ACCUSATIVE}"
        # «с воскресенья», «вечером пятницы»: the genitive after the words that take it; not «с пятницы на
        # субботу» (a night, or a day moved to another: which, the words do not say)
        r"|(?:с|со|утром|вечером)\s+(?:(?:прошл|следующ|минувш)\w+\s+)?"
        rf"{_RU_WEEKDAY_GENITIVE}(?!\s+на\s+{_RU_WEEKDAY_ACCUSATIVE})"
        r"|на сегодняшний день|позавчера|послезавтра|вчера|сегодня|накануне|завтра"
        r"|(?:этой|прошлой|минувшей) ночью)(?!\w)",
        re.I,
    ),
    "en": re.compile(
        r"\b(?:(?:last|next|on|this|late|early|to|of|since|overnight (?:in)?to|"
        r"(?:on |during )?the night (?:in)?to)\s+)?"
        rf"(?:{'|'.join(WEEKDAY_NAMES)})\b"
        r"|\b(?:today|yesterday|tomorrow|tonight|this (?:morning|afternoon|evening)|(?:earlier|later) today)\b"
        r"|\b(?:last night|(?<!an )(?<!the )overnight)\b(?!\s+(?:in)?to\b)",  # not "an overnight flight"
        re.I,
    ),
}


# --- the tense of a clause -----------------------------------------------------------------------------------------

# Where a clause ends: a sentence's end, a semicolon, a quotation mark or dash, and the words that open a clause of
# their own ("said Tuesday that troops would begin": "that" starts the clause of "would begin").
# a comma or full stop inside a number ("2,030", "2.5") ends nothing; "and" before a number or a determiner joins
# two things one verb governs ("the withdrawal of 2,030 soldiers and 250 vehicles … on January 13"), not two clauses
# a full stop after an initial or a title ends no clause, as it ends no sentence ("President Vladimir V. Putin on
# Saturday", "Mr. Tokayev")
_SHORTENED = "".join(rf"(?<!\b{word})" for word in sorted(ABBREVIATIONS)) + r"(?<!\b[A-ZА-ЯЁ])"
_PUNCTUATION = r"(?<!\d),|,(?!\d)|" + _SHORTENED + r"(?:(?<!\d)\.|\.(?!\d))|[!?;:«»“”\"\n]|\s[–—-]\s"
_NOT_A_CLAUSE_EN = r"(?!\s+(?:\d|the\b|a\b|an\b|its\b|their\b|his\b|her\b))"
_NOT_A_CLAUSE_RU = r"(?!\s+\d)"
# "until Saturday": a preposition before a day, which opens no clause of its own (the day is read by the tense of
# the verb before it: "will stay until Saturday" is the next Saturday). Not "after" or "before": "said after
# Thursday the contingent would start loading" fronts the day of the clause after it
_A_DAY_AFTER_EN = (
    rf"(?!\s+(?:\d|today\b|tomorrow\b|yesterday\b|next\b|last\b|(?:{'|'.join(WEEKDAY_NAMES + MONTHS['en'])})\b))"
)
# "as" after a verb that takes a role, before the role, is a preposition and ends no clause ("stepped down as
# chairman", "took over as head of", "removed Nazarbayev as chairman": the one named between, up to three
# capitalised words); any other "as" may open one ("deployed as the president had requested")
_TAKES_A_ROLE = re.compile(
    r"\b(?:down|over|serv\w*|appointed|named|elected|confirmed|nominated|remain\w*|reappointed|installed|sworn in|"
    r"sacked|dismissed|replaced|removed|fired|ousted)\s+(?:(?:him|her|(?-i:[A-ZА-ЯЁ])[\w'-]*)\s+){0,3}$",
    re.I,
)
_ROLE_AFTER_AS = re.compile(
    r"\s+(?:(?:an?|the|its|their|his|her|interim|acting|new|first)\s+)?(?:[A-Za-z][\w-]*\s+){0,2}?"
    r"(?:head|chief|chair\w*|president|premier|prime|minister|deputy|secretary|leader|commander|speaker)\b",
    re.I,
)
_CLAUSE_END = {
    "en": re.compile(
        _PUNCTUATION
        + r"|\b(?:that|which|who|but|while|when|as|after|before)\b|\buntil\b"
        + _A_DAY_AFTER_EN
        + r"|\band\b"
        + _NOT_A_CLAUSE_EN,
        re.I,
    ),
    "ru": re.compile(
        _PUNCTUATION
        + r"|(?<!\w)(?:что|который|которая|которое|которые|а|но|когда|после|пока|где)(?!\w)|(?<!\w)и(?!\w)"
        + _NOT_A_CLAUSE_RU,
        re.I,
    ),
}
_FUTURE_EN = {"will", "would", "shall", "'ll", "scheduled", "expected", "plans", "due", "intends", "going"}
PAST_EN = set(
    "said told was were had did met began left sent took gave held made came went flew brought found saw spoke broke "
    "drove got stood ran paid led kept became wrote thought knew fell rose won lost put cut stated declared shot "
    "fought struck fled caught threw hit burnt".split()
)
_FUTURE_RU = {"будет", "будут", "будем", "намерен", "намерены", "планирует", "планируют", "планируется", "предстоит",
              "должен", "должна", "должно", "должны", "собирается", "собираются", "ожидается"}  # fmt: skip


def clause_of(text: str, offset: int, language: str) -> tuple[int, int]:
    """The span of the clause around `offset`: from the last clause boundary before it to the next one after it."""
    starts, ends = _clause_boundaries(text, language)
    before = bisect.bisect_right(ends, offset) - 1
    after = bisect.bisect_right(starts, offset)
    return ends[before] if before >= 0 else 0, starts[after] if after < len(starts) else len(text)


@functools.lru_cache(maxsize=4)  # the article being read (fewer than the six texts ingest_bench cycles through)
def _clause_boundaries(text: str, language: str) -> tuple[list[int], list[int]]:
    """Where each clause boundary of a text starts and ends, found once a text (extract asks for hundreds of
    clauses of one article)."""
    found = [
        m
        for m in _CLAUSE_END.get(language, _CLAUSE_END["en"]).finditer(text)
        if not (
            m.group().casefold() == "as"
            and _TAKES_A_ROLE.search(text, max(0, m.start() - 30), m.start())
            and _ROLE_AFTER_AS.match(text, m.end())
        )
    ]
    return [m.start() for m in found], [m.end() for m in found]


def clause_tense(text: str, offset: int, language: str) -> str | None:
    """ "past", "future" or None: the tense of the verb nearest `offset` in its own clause that shows one (English:
    will, would, shall, scheduled, expected, a past form; Russian: pymorphy3's past and future, будет, намерен).

    >>> clause_tense("Tokayev said Tuesday that troops would begin a withdrawal", 14, "en")
    'past'
    >>> clause_tense("Tokayev said that the withdrawal would begin on Thursday", 50, "en")
    'future'
    >>> clause_tense("Совет министров обороны ОДКБ в четверг утвердит порядок", 29, "ru")
    'future'
    >>> clause_tense("Он добавил, что завтра миротворцы будут вывезены из Казахстана", 49, "ru")
    'future'
    >>> clause_tense("Миротворцы будут полностью выведены из Казахстана", 30, "ru")
    'future'
    """
    start, end = clause_of(text, offset, language)
    best: tuple[int, str] | None = None
    previous = ""
    auxiliary = ""  # «будут» before the words that follow it, an adverb between («будут полностью выведены»)
    # a hyphenated word is one word («Алма-Атинскую»: its «Атинскую» alone reads as a verb to come)
    for m in re.finditer(r"\w+(?:-\w+)*(?:'\w+)?", text[start:end]):
        word, prior = m.group().casefold(), previous
        previous = word
        if language == "ru" and prior in ("будет", "будут"):
            auxiliary = prior
        elif language == "ru" and "ADVB" not in grammemes(prior or "нет"):
            auxiliary = ""
        if language != "ru" and prior in ("be", "been", "being", "to", "a", "an", "the", "its", "their", "his"):
            continue  # "to be discussed", "an organized withdrawal": no tense of its own
        if language == "ru":
            tags = grammemes(word)
            if "PRTS" in tags and auxiliary:
                tense = "future"  # «будут вывезены»: a passive to come, though its participle is a past one
            else:
                tense = "past" if "past" in tags else "future" if "futr" in tags or word in _FUTURE_RU else None
        else:
            after = text[start + m.end() : start + m.end() + 4]
            future = (word in _FUTURE_EN or (word in ("is", "are") and after == " to ")) and not (
                word == "due" and re.match(r" to (?:the|a|an|its|his|her|their|this|that|these|those)\b",
                                           text[start + m.end() : start + m.end() + 12])
            )  # (not "due to the increase": because of it)  # fmt: skip
            tense = "future" if future else "past" if word in PAST_EN or _past(word, language) else None
        if tense is None:
            continue
        distance = abs(start + m.start() - offset)
        if best is None or distance < best[0]:
            best = (distance, tense)
    return best[1] if best else None


def day_named_at(text: str, start: int, end: int, anchor: datetime.date, language: str) -> datetime.date | None:
    """The day that the relative words at text[start:end] name, counted from `anchor`: forward when their own clause
    (or, when it has no verb, the clause after its comma) is in the future tense, back otherwise. `extract` and the
    build both read weekday words with this function.

    >>> friday = datetime.date(2022, 1, 14)
    >>> text = "Shoigu said on Tuesday that the withdrawal would be over"
    >>> at = text.index("on Tuesday")
    >>> day_named_at(text, at, at + 10, friday, "en")
    datetime.date(2022, 1, 11)
    >>> text = "The withdrawal of troops will begin on Thursday"
    >>> at = text.index("on Thursday")
    >>> day_named_at(text, at, at + 11, datetime.date(2022, 1, 12), "en")
    datetime.date(2022, 1, 13)
    >>> text = "В четверг, когда состоится заседание, обсудят вывод"
    >>> day_named_at(text, 0, 9, datetime.date(2022, 1, 12), "ru")
    datetime.date(2022, 1, 13)
    """
    tense = clause_tense(text, start, language)
    clause_start, clause_end = clause_of(text, start, language)
    alone = not re.search(r"\w", re.sub(r"(?i)\b(?:on|в|во)\b", "", text[clause_start:start] + text[end:clause_end]))
    if tense is None and alone and re.match(r"\s*,", text[clause_end:]):
        # a date fronted alone, no verb of its own ("В четверг, когда состоится заседание"; not "After Thursday's
        # ceremony, the troops will return"): the next clause's tense (up to the sentence's end)
        for _ in range(3):
            if re.match(r"\s*[.!?\n]", text[clause_end:]) or clause_end >= len(text):
                break
            tense = clause_tense(text, clause_end + 1, language)
            if tense is not None:
                break
            clause_end = clause_of(text, clause_end + 1, language)[1]
    return resolve(text[start:end], anchor, ahead=tense == "future")


def find_dates(text: str, anchor: datetime.date, language: str) -> list[DateMention]:
    """Every date the grammar knows in `text`: days and intervals with or without a year (the anchor's year then,
    said in `how`), and relative words counted from the anchor, forward or back by the tense of their own clause
    (`day_named_at`). The longest reading of overlapping words wins.

    >>> anchor = datetime.date(2022, 1, 14)
    >>> night = "В ночь с 4 на 5 января, а 7 января — нет"
    >>> [(d.words, str(d.first), str(d.last)) for d in find_dates(night, anchor, "ru")]
    [('В ночь с 4 на 5 января', '2022-01-04', '2022-01-05'), ('7 января', '2022-01-07', '2022-01-07')]
    >>> [(d.words, str(d.first)) for d in find_dates("said on Thursday, January 6, and last Wednesday", anchor, "en")]
    [('January 6', '2022-01-06'), ('last Wednesday', '2022-01-05')]
    """
    found: list[DateMention] = []
    taken: set[int] = set()

    def keep(mention: DateMention) -> None:
        span = set(range(mention.start, mention.end))
        mention.until = UNTIL_BEFORE.search(text, max(0, mention.start - 8), mention.start) is not None
        if not span & taken:
            taken.update(span)
            found.append(mention)

    for kind, pattern in PATTERNS.get(language, []):
        for m in pattern.finditer(text):
            given, end = m["year"], m.end()
            if given and _counted_after(text, m, anchor, language):
                given, end = None, len(text[: m.start("year")].rstrip(" ,"))  # the digits are a count, not a year
            if not given and _FAR_YEAR_AFTER.match(text, end):
                continue  # "31 December 9999.": a year no reading takes, or a count; either way no day we can give
            month = _month_number(m["month"], language)
            year = int(given) if given else _nearest_year(month, int(m["day"]), anchor)
            how = (
                "" if given else f"the year is the one nearest the anchor ({anchor.isoformat()}): the words give none. "
            )
            try:
                last = datetime.date(year, month, int(m["day"]))
                if kind == "night-before":
                    first = last - DAY
                elif kind in ("night", "range"):
                    first = datetime.date(year, month, int(m["day0"]))
                else:
                    first = last
            except ValueError:
                continue  # 31 February: not a date, so not read as one
            if first > last:
                continue
            reading = {"night": "the night from the first day to the second", "night-before": "the night before",
                       "since": "the day it began: a start"}  # fmt: skip
            how += reading.get(kind, kind)
            mention = DateMention(m.start(), end, text[m.start() : end], first, last, how, False)
            mention.since = kind == "since"
            keep(mention)
    year_starts = [(pattern, (1, 1)) for pattern in YEAR_STARTS.get(language, [])] if anchor.month == 1 else []
    for pattern, (month, day_number) in NAMED_DAYS.get(language, []) + year_starts:
        for m in pattern.finditer(text):
            day = datetime.date(_nearest_year(month, day_number, anchor), month, day_number)
            how = f"the day the words name, in the year nearest the anchor ({anchor.isoformat()}). day"
            keep(DateMention(m.start(), m.end(), m.group(), day, day, how, False))
    for m in _DAY_AFTER_A_DATE.finditer(text) if language == "ru" else ():
        # «ещё 5 января он обратился в ОДКБ, а уже 6-го военные приземлились»: the month of the date just told
        told = [
            d for d in found
            if d.end <= m.start() and m.start() - d.end <= 100 and d.is_day and not d.month_inferred
            and not re.search(r"[.!?\n]", text[d.end : m.start()])
        ]  # fmt: skip
        following = re.match(r"\s+([а-яё]+)", text[m.end() :], re.I)
        ranked = following and any({"NOUN", "gent", "sing"} <= tags for _, tags in readings(following.group(1)))
        if told and not ranked:  # «1-го батальона», «3-го полка»: an ordinal of what follows, no day
            month = told[-1].last.replace(day=1)
            if int(m["day"]) < told[-1].last.day:  # «31 января уехал, а 2-го вернулся»: the next month's
                month = (month + 32 * DAY).replace(day=1)
            try:
                day = month.replace(day=int(m["day"]))
            except ValueError:
                continue
            how = f"the month and year are those of «{told[-1].words}» told just before: the words give none. day"
            keep(DateMention(m.start("words"), m.end("words"), m["words"], day, day, how, False, month_inferred=True))
    day_of_month = _DAY_OF_MONTH.get(language)
    for m in day_of_month.finditer(text) if day_of_month else ():
        day = _nearest_day_of_month(int(m["day"]), anchor, clause_tense(text, m.start("words"), language))
        if day is not None:
            how = f"the month is the one nearest the anchor ({anchor.isoformat()}): the words give none. day"
            keep(DateMention(m.start("words"), m.end("words"), m["words"], day, day, how, False, month_inferred=True))
    relative = _RELATIVE.get(language)
    absolute_starts = {d.start for d in found}
    spoken: tuple[int, datetime.date] | None = None  # the last day words were reported said, outside quotes
    for m in relative.finditer(text) if relative else ():
        gap = len(text[m.end() :]) - len(text[m.end() :].lstrip(" ,"))
        if m.end() + gap in absolute_starts:
            continue  # "Thursday, January 6": the day is the one the date names
        if eve_of_something(text, m):
            continue  # «накануне саммита»: a time before what it names, no day of its own
        quoted = inside_quotes(text, m.start())
        # words quoted count from the day they were spoken: «Завтра …» said «накануне» is the day after that
        counted_from = spoken[1] if quoted and spoken and m.start() - spoken[0] < 400 else anchor
        eve_of = None if quoted else _day_told_before(text, m, found, anchor)
        if eve_of is not None:  # «В субботу задержали … Накануне …»: the eve of the day just told, not of the anchor
            day = eve_of.first - DAY
            how = f"the day before {eve_of.first.isoformat()}, the date «{eve_of.words}» before it gives"
            keep(DateMention(m.start(), m.end(), m.group(), day, day, how, derived=True))
            continue
        night = night_before(m.group())
        since = re.match(r"(?:с|со|since)\s", m.group(), re.I)
        if NIGHT_BEFORE_THE_ANCHOR.fullmatch(m.group()):
            day = counted_from  # "overnight": the night that ended on the day (both days, below)
            night = m
        elif since and clause_tense(text, m.start(), language) != "future":
            # «с субботы охраняют»: what goes on since a day began on it, in the present too (never counted
            # forward unless the verb is a future one: «с понедельника начнётся вывод»)
            day = resolve(m.group(), counted_from)
        else:
            day = day_named_at(text, m.start() + (night.end() if night else 0), m.end(), counted_from, language)
        if day is not None:
            name = "the anchor" if counted_from == anchor else "the day the quoted words were spoken"
            how = how_resolved(m.group(), counted_from, name, day) + (" The night before it." if night else "")
            mention = DateMention(m.start(), m.end(), m.group(), day - DAY if night else day, day, how, True)
            mention.anchor = None if counted_from == anchor else counted_from
            mention.since = bool(since)
            keep(mention)
            if not quoted:
                spoken = (m.start(), day)
    found.sort(key=lambda d: d.start)
    for mention in _later(text, language, found, anchor):
        keep(mention)
    return sorted(found, key=lambda d: d.start)


def eve_of_something(text: str, m: re.Match) -> bool:
    """«накануне саммита», «накануне выборов»: a preposition before a noun in the genitive, not the word for the day
    before («Накануне глава государства заявил», «накануне вечером»).

    >>> text = "Накануне саммита Пашинян провёл переговоры, а накануне глава МИД заявил"
    >>> [eve_of_something(text, m) for m in re.finditer("(?i)накануне", text)]
    [True, False]
    """
    if m.group().casefold() != "накануне":
        return False
    after = re.match(r"\s+([а-яё]+)", text[m.end() :], re.I)
    found = readings(after.group(1)) if after else ()
    if after and after.group(1)[0].isupper():  # a name after it is its subject («Накануне Токаев»), unless a
        found = tuple(r for r in found if "ADJF" in r[1])  # genitive adjective starts one («накануне Нового года»)
    other_readings = any({"nomn", "VERB", "ADVB"} & g for _, g in found)
    return bool(found) and any("gent" in g for _, g in found) and not other_readings


def _day_told_before(text: str, m: re.Match, found: list[DateMention], anchor: datetime.date) -> DateMention | None:
    """For «накануне» with no noun after it: the day a date just before it in its paragraph names (in the sentence
    before or its own), when that day is not the anchor's. Of a text published on Monday, «В субботу КНБ задержал
    Масимова. Накануне …» is Friday."""
    if m.group().casefold() != "накануне":
        return None
    paragraph = text.rfind("\n", 0, m.start()) + 1
    sentences = [s for s in re.finditer(r"[.!?](?=\s)", text[paragraph : m.start()])]
    since = paragraph + (sentences[-2].end() if len(sentences) > 1 else 0)
    told = [d for d in found if since <= d.start and d.end <= m.start() and not inside_quotes(text, d.start)]
    base = max(told, key=lambda d: d.end, default=None)
    if base is None or not base.is_day or base.first == anchor or base.until or base.since:
        return None
    return base


_COUNT = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "один": 1, "два": 2, "две": 2, "три": 3,
          "четыре": 4, "пять": 5, "сутки": 1}  # fmt: skip
_LATER = {
    "en": re.compile(r"\b(?P<n>a|one|two|three|four|five|\d) days? (?P<dir>later|after)\b"
                     r"|\bthe (?:next|following) day\b"
                     r"|\b(?:in|after) (?P<ahead>a|one|two|three|four|five|\d) days?\b"
                     r"|\b(?P<ago>a|one|two|three|four|five|\d) days? ago\b"
                     # counted back from the date before, or that very day, or a week on or back
                     r"|\b(?P<back>a|one|two|three|four|five|\d) days? earlier\b(?!\s+than)"
                     r"|\bthe (?P<previous>previous|preceding) day\b"
                     r"|\b(?P<same>(?:that|the) same (?:day|evening|night|morning|afternoon)"
                     r"|(?:later|earlier|late|early)(?: on)? that (?:day|evening|night|morning|afternoon)"
                     r"|(?:(?<=[.!?] )|(?<=\n))That (?:evening|night|morning|afternoon))\b(?!\s+as\b)"
                     r"|\ba (?P<week>week) (?P<wdir>later|earlier)\b", re.I),
    "ru": re.compile(r"(?<!\w)через (?P<n>один|два|две|три|четыре|пять|\d) (?:день|дня|дней)(?!\w)"
                     r"|(?<!\w)через сутки(?!\w)|(?<!\w)на следующий день(?!\w)|(?<!\w)на следующие сутки(?!\w)"
                     r"|(?<!\w)(?P<ago>один|два|две|три|четыре|пять|\d) (?:день|дня|дней) назад(?!\w)"
                     r"|(?<!\w)спустя (?P<after>один|два|две|три|четыре|пять|\d) (?:день|дня|дней)(?!\w)"
                     r"|(?<!\w)(?P<after2>один|два|две|три|четыре|пять|\d) (?:день|дня|дней) спустя(?!\w)"
                     r"|(?<!\w)спустя сутки(?!\w)"
                     # not ahead of a plan («на два дня раньше срока», «раньше, чем»)
                     r"|(?<!на )(?<!\w)(?P<back>два|две|три|четыре|пять|\d) (?:дня|дней) (?:ранее|раньше)(?!\w)"
                     r"(?!,? чем| срока| намеченного| запланированного| графика)"
                     r"|(?<!\w)(?P<previous>дн[её]м|сутками) (?:ранее|раньше)(?!\w)(?!,? чем| срока)"
                     r"|(?<!\w)(?P<same>в тот же (?:день|вечер)|в то же утро|тем же (?:вечером|днём|днем|утром)"
                     r"|в ту же ночь|той же ночью|(?:вечером|утром|днём|днем|ночью|в течение) того же дня)(?!\w)",
                     re.I),
}  # fmt: skip


_ENTRY_TIME = re.compile(r"\s*\d{1,2}[:.]\d{2}\b")  # a live blog's entry opens on its time ("11:10.")


def _later(text: str, language: str, found: list[DateMention], anchor: datetime.date) -> list[DateMention]:
    """ "Two days later", «через два дня», "the next day": counted from the date the text gave just before; "in two
    days" and «через два дня» with no date before them, from the anchor. "A day after" (what follows it) is the day
    before the date given just before ("arrested on Thursday, a day after he was dismissed")."""
    pattern = _LATER.get(language)
    later = []
    for m in pattern.finditer(text) if pattern else ():
        words = m.group().casefold()
        if m["ago"]:  # "two days ago", «два дня назад»: counted back from the anchor
            days = int(m["ago"]) if m["ago"].isdigit() else _COUNT[m["ago"].casefold()]
            day = anchor - days * DAY
            how = f"{days} day(s) before {anchor.isoformat()}, the anchor"
            later.append(DateMention(m.start(), m.end(), m.group(), day, day, how, relative=True))
            continue
        groups = {k: v for k, v in m.groupdict().items() if v}
        count = next((groups[k] for k in ("ahead", "n", "after", "after2", "back") if k in groups), None)
        n = count.casefold() if count else "сутки" if "сутки" in words else "one"
        days = 0 if "same" in groups else 7 if "week" in groups else int(n) if n.isdigit() else _COUNT[n]
        backwards = "back" in groups or "previous" in groups or groups.get("wdir", "").casefold() == "earlier"
        before = [
            d
            for d in found
            if d.end <= m.start()
            and m.start() - d.end < 600
            and not re.search(r"\(@\w+\)\s*$", text[max(0, d.start - 40) : d.start])  # an embedded post's date
        ]
        ahead = bool(m.groupdict().get("ahead")) or words.startswith("через")
        if (
            before and ahead and clause_tense(text, m.start(), language) == "future"
            and "\n" in text[before[-1].end : m.start()]
            and _ENTRY_TIME.match(text, text.rfind("\n", 0, m.start()) + 1)
        ):  # fmt: skip
            before = []  # «11:10. … Через два дня начнётся вывод», a live blog's entry after the one saying «С 5
            # января …»: from the day it is said, not that date (in news, a paragraph goes on from the one before)
        if not before:
            if ahead:
                day = anchor + days * DAY
                how = f"{days} day(s) after {anchor.isoformat()}, the anchor"
                later.append(DateMention(m.start(), m.end(), m.group(), day, day, how, derived=True))
            continue
        base = before[-1]
        if "same" in groups and re.match(r",?\s*(?:когда|when)\b", text[m.end() :], re.I):
            continue  # «В тот же день, когда улетели последние миротворцы»: the day of what the clause tells
        opens = text.rfind("\n", 0, m.start()) + 1
        if "same" in groups and base.end <= opens:
            # a paragraph that opens on "the same day" goes on from the day the paragraph before is about, the one it
            # names first: not a day its last lines look back to (trial 42: «В среду, 19 января, … Отвод сил начался
            # 13 января …» then «Отставка министра. В тот же день …» is 19 January)
            told = text.rfind("\n", 0, base.start) + 1
            first = next(d for d in before if d.start >= told)
            if base.first < first.first:  # (when its last lines look back; when they go on, the last day told)
                base = first
        if "same" in groups:  # "the same day", «в тот же день»
            day = base.last
            how = f"the day the date «{base.words}» before it gives, {base.last.isoformat()}"
        elif backwards or groups.get("dir") == "after":  # "two days earlier", «днём ранее»; "a day after" (above)
            day = base.first - days * DAY
            how = f"{days} day(s) before {base.first.isoformat()}, the date «{base.words}» before it gives"
        else:
            day = base.last + days * DAY
            how = f"{days} day(s) after {base.last.isoformat()}, the date «{base.words}» before it gives"
        later.append(DateMention(m.start(), m.end(), m.group(), day, day, how, derived=True))
    return later


QUOTE_REACH = 3000


def inside_quotes(text: str, offset: int) -> bool:
    """Whether an opening « (or “, or a straight ") before `offset`, in its paragraph, is not closed yet."""
    # (at most QUOTE_REACH characters back: a quote that long is not one, and a long text is not searched again)
    paragraph = text[max(text.rfind("\n", 0, offset) + 1, offset - QUOTE_REACH) : offset]
    return (
        paragraph.count("«") > paragraph.count("»")
        or paragraph.count("“") > paragraph.count("”")
        or paragraph.count('"') % 2 == 1
    )


def _past(word: str, language: str) -> bool:
    if language == "ru":
        return "past" in grammemes(word)
    folded = word.casefold()
    return folded in PAST_EN or (folded.endswith("ed") and len(folded) > 4)


def _nearest_year(month: int, day: int, anchor: datetime.date) -> int:
    """The year that puts a day named without one nearest the anchor: "December 31" in an article of 13 January 2022
    is 2021-12-31, not a day eleven months after it was published."""

    def distance(year: int) -> int:
        try:
            return abs((datetime.date(year, month, day) - anchor).days)
        except ValueError:  # 29 February of a common year
            return 10**6

    return min((anchor.year - 1, anchor.year, anchor.year + 1), key=lambda year: (distance(year), year != anchor.year))


def _nearest_day_of_month(day: int, anchor: datetime.date, tense: str | None = None) -> datetime.date | None:
    """The day of that number nearest the anchor, in its month, the one before or the one after (the 30th in
    February is in January or March); with the tense of its clause, the nearest on or before the anchor (past) or
    after it (future): "was detained on the 30th", said on 16 January, is 30 December."""
    first = anchor.replace(day=1)
    months = [(first - DAY).replace(day=1), first, (first + 32 * DAY).replace(day=1)]
    days = []
    for month in months:
        try:
            days.append(month.replace(day=day))
        except ValueError:
            continue
    if tense == "past":
        days = [d for d in days if d <= anchor]
    elif tense == "future":
        days = [d for d in days if d >= anchor]
    return min(days, key=lambda d: abs((d - anchor).days)) if days else None


def _month_number(name: str, language: str) -> int:
    """1–12 for a month's name, its abbreviation ("Jan.", «янв») or its number."""
    if name.isdigit():
        return int(name)
    folded = name.casefold().rstrip(".")
    return next(i for i, month in enumerate(MONTHS[language], start=1) if month.casefold().startswith(folded[:3]))
