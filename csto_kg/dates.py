"""Relative dates: the day that words such as "Tuesday", "last Wednesday", "накануне" or "завтра" name, counted
from an anchor day (a source's publication date, or the day quoted words were spoken).

A bare weekday names the nearest such day on or before the anchor when the source reports what happened, and the
nearest one after it when it reports what is planned ("утвердят в четверг"); "last" and "next" name the weekday of
the week before or after the anchor's week (weeks start on Monday).

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

import datetime
import re

DAY = datetime.timedelta(days=1)

# offsets in days from the anchor
FIXED = {
    "today": 0,
    "yesterday": -1,
    "tomorrow": 1,
    "сегодня": 0,
    "вчера": -1,
    "позавчера": -2,
    "накануне": -1,
    "завтра": 1,
    "послезавтра": 2,
}

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
}
LAST = {"last", "прошлый", "прошлую", "прошлое", "прошлой"}
NEXT = {"next", "следующий", "следующую", "следующее", "следующей"}
FILLER = {"on", "в", "во", "this", "эту", "этот", "это"}

WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def resolve(words: str, anchor: datetime.date, *, ahead: bool = False) -> datetime.date | None:
    """The day `words` name counted from `anchor`; `ahead` for a planned event. None if the words are not ones
    this module knows (the caller says so by name)."""
    tokens = [t for t in re.findall(r"\w+", words.casefold()) if t not in FILLER]
    if len(tokens) == 1 and tokens[0] in FIXED:
        return anchor + FIXED[tokens[0]] * DAY
    if not tokens or tokens[-1] not in WEEKDAYS or len(tokens) > 2:
        return None
    weekday = WEEKDAYS[tokens[-1]]
    if len(tokens) == 2:
        if tokens[0] not in LAST | NEXT:
            return None
        week_start = anchor - anchor.weekday() * DAY + (7 if tokens[0] in NEXT else -7) * DAY
        return week_start + weekday * DAY
    if ahead:
        return anchor + ((weekday - anchor.weekday() - 1) % 7 + 1) * DAY
    return anchor - ((anchor.weekday() - weekday) % 7) * DAY


def how_resolved(words: str, anchor: datetime.date, anchor_name: str, day: datetime.date) -> str:
    """The sentence the build records for a resolved date (an inferred claim's reason)."""
    return (
        f"'{words}' counted from {anchor.isoformat()} ({anchor_name}, a {WEEKDAY_NAMES[anchor.weekday()]}) "
        f"is {WEEKDAY_NAMES[day.weekday()]} {day.isoformat()}."
    )
