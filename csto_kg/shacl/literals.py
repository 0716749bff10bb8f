"""Whether a literal's lexical form is in its datatype's lexical space (XML Schema 1.1 Part 2, the built-in types
RDF 1.1 recognises), for sh:datatype: "300"^^xsd:byte, "2022-02-30"^^xsd:date and "abc"^^xsd:integer are
ill-formed. A datatype this module does not know is taken as well-formed (RDF leaves unknown datatypes alone).

>>> well_formed("12", XSD + "byte"), well_formed("300", XSD + "byte"), well_formed(" 12 ", XSD + "integer")
(True, False, False)
>>> well_formed("2022-02-28", XSD + "date"), well_formed("2022-02-30", XSD + "date")
(True, False)
>>> well_formed("2024-02-29Z", XSD + "date"), well_formed("2023-02-29", XSD + "date")
(True, False)
>>> well_formed("P1Y2M", XSD + "duration"), well_formed("P", XSD + "duration"), well_formed("en-GB", XSD + "language")
(True, False, True)
"""

from __future__ import annotations

import base64
import binascii
import calendar
import re

from ..namespaces import RDF, XSD

_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_FLOAT = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?INF|NaN")
_TZ = r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_YEAR = r"-?([1-9][0-9]{3,}|0[0-9]{3})"
_DATE = re.compile(rf"(?P<y>{_YEAR})-(?P<m>[0-9]{{2}})-(?P<d>[0-9]{{2}}){_TZ}")
_TIME = r"(?P<h>[0-9]{2}):(?P<mi>[0-5][0-9]):(?P<s>[0-5][0-9](\.[0-9]+)?)"
_DATETIME = re.compile(rf"(?P<y>{_YEAR})-(?P<m>[0-9]{{2}})-(?P<d>[0-9]{{2}})T{_TIME}{_TZ}")
_DATETIME_STAMP = re.compile(
    rf"(?P<y>{_YEAR})-(?P<m>[0-9]{{2}})-(?P<d>[0-9]{{2}})T{_TIME}(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))"
)
_TIME_ONLY = re.compile(rf"{_TIME}{_TZ}")
_G = {
    "gYear": re.compile(rf"{_YEAR}{_TZ}"),
    "gYearMonth": re.compile(rf"{_YEAR}-(0[1-9]|1[0-2]){_TZ}"),
    "gMonth": re.compile(rf"--(0[1-9]|1[0-2]){_TZ}"),
    "gDay": re.compile(rf"---(0[1-9]|[12][0-9]|3[01]){_TZ}"),
    "gMonthDay": re.compile(rf"--(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12][0-9]|3[01]){_TZ}"),
}
_DURATION = re.compile(
    r"-?P(?=[0-9T])([0-9]+Y)?([0-9]+M)?([0-9]+D)?(T(?=[0-9])([0-9]+H)?([0-9]+M)?([0-9]+(\.[0-9]+)?S)?)?"
)
_YEAR_MONTH_DURATION = re.compile(r"-?P(?=[0-9])([0-9]+Y)?([0-9]+M)?")
_DAY_TIME_DURATION = re.compile(r"-?P(?=[0-9T])([0-9]+D)?(T(?=[0-9])([0-9]+H)?([0-9]+M)?([0-9]+(\.[0-9]+)?S)?)?")
_LANGUAGE = re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*")
_NAME_START = (
    "A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
)
_NAME_CHAR = _NAME_START + r"\-.0-9\u00B7\u0300-\u036F\u203F-\u2040"
_NCNAME = re.compile(f"[{_NAME_START}][{_NAME_CHAR}]*")
_NAME = re.compile(f"[{_NAME_START}:][{_NAME_CHAR}:]*")
_NMTOKEN = re.compile(f"[{_NAME_CHAR}:]+")
_HEX = re.compile(r"([0-9a-fA-F]{2})*")
_BASE64 = re.compile(
    r"(([A-Za-z0-9+/] ?){4})*(([A-Za-z0-9+/] ?){3}[A-Za-z0-9+/]|([A-Za-z0-9+/] ?){2}[AEIMQUYcgkosw048] "
    r"?=|[A-Za-z0-9+/] ?[AQgw] ?= ?=)?"
)

# the integer types: (minimum, maximum), None for unbounded
_RANGES = {
    "integer": (None, None),
    "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-128, 127),
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 255),
}


def _valid_day(year: str, month: str, day: str) -> bool:
    m, d = int(month), int(day)
    if not 1 <= m <= 12 or d < 1:
        return False
    y = int(year)
    leap_year = y if y > 0 else y + 1  # XSD 1.1: year 0 is 1 BCE, a leap year
    return d <= (29 if m == 2 and calendar.isleap(leap_year) else calendar.monthrange(2001, m)[1])


def _valid_time(match: re.Match) -> bool:
    hours = int(match.group("h"))
    return hours < 24 or (hours == 24 and match.group("mi") == "00" and float(match.group("s")) == 0)


def well_formed(lexical: str, datatype: str) -> bool:
    """Whether `lexical` is in the lexical space of `datatype` (an IRI)."""
    if not datatype.startswith(XSD):
        return True if datatype != RDF + "langString" else False  # a langString has a language tag, not a datatype here
    local = datatype[len(XSD) :]
    if local in _RANGES:
        if not _INTEGER.fullmatch(lexical):
            return False
        low, high = _RANGES[local]
        value = int(lexical)
        return (low is None or value >= low) and (high is None or value <= high)
    if local == "decimal":
        return bool(_DECIMAL.fullmatch(lexical))
    if local in ("float", "double"):
        return bool(_FLOAT.fullmatch(lexical))
    if local == "boolean":
        return lexical in ("true", "false", "1", "0")
    if local == "date":
        m = _DATE.fullmatch(lexical)
        return bool(m) and _valid_day(m.group("y"), m.group("m"), m.group("d"))
    if local in ("dateTime", "dateTimeStamp"):
        m = (_DATETIME_STAMP if local == "dateTimeStamp" else _DATETIME).fullmatch(lexical)
        return bool(m) and _valid_day(m.group("y"), m.group("m"), m.group("d")) and _valid_time(m)
    if local == "time":
        m = _TIME_ONLY.fullmatch(lexical)
        return bool(m) and _valid_time(m)
    if local in _G:
        m = _G[local].fullmatch(lexical)
        return bool(m) and (local != "gMonthDay" or _valid_day("2000", m.group("m"), m.group("d")))
    if local == "duration":
        return bool(_DURATION.fullmatch(lexical)) and not lexical.endswith("T")
    if local == "yearMonthDuration":
        return bool(_YEAR_MONTH_DURATION.fullmatch(lexical))
    if local == "dayTimeDuration":
        return bool(_DAY_TIME_DURATION.fullmatch(lexical)) and not lexical.endswith("T")
    if local == "hexBinary":
        return bool(_HEX.fullmatch(lexical))
    if local == "base64Binary":
        if not _BASE64.fullmatch(lexical):
            return False
        try:
            base64.b64decode(lexical.replace(" ", ""), validate=True)
        except (binascii.Error, ValueError):
            return False
        return True
    if local == "language":
        return bool(_LANGUAGE.fullmatch(lexical))
    if local == "normalizedString":
        return not re.search(r"[\t\n\r]", lexical)
    if local == "token":
        return not re.search(r"[\t\n\r]|  |^ | $", lexical)
    if local == "NMTOKEN":
        return bool(_NMTOKEN.fullmatch(lexical))
    if local == "Name":
        return bool(_NAME.fullmatch(lexical))
    if local in ("NCName", "ID", "IDREF", "ENTITY"):
        return bool(_NCNAME.fullmatch(lexical))
    if local == "anyURI":
        return not re.search(r"[\x00-\x1f<>\"{}|\\^`]| ", lexical)
    return True  # xsd:string and the types RDF leaves to applications


# --- the same lexical spaces as regular expressions a SPARQL server evaluates (XPath's, SPARQL's REGEX) ----------

_X_TZ = "(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_X_YEAR = "-?([1-9][0-9]{3,}|0[0-9]{3})"
_X_MONTH_DAY = "((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|[12][0-9]))"
_X_NAME_START = _NAME_START.replace("\u200c-\u200d", "\u200c\u200d")
_X_NAME_CHAR = _X_NAME_START + "\\-.0-9\u00b7\u0300-\u036f\u203f-\u2040"
_X_BASE64_TAIL = (
    "(([A-Za-z0-9+/] ?){3}[A-Za-z0-9+/]|([A-Za-z0-9+/] ?){2}[AEIMQUYcgkosw048] ?=|[A-Za-z0-9+/] ?[AQgw] ?= ?=)"
)
_XPATH = {
    "decimal": r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)",
    "float": r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?INF|NaN",
    "double": r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?INF|NaN",
    "boolean": "true|false|1|0",
    "time": rf"(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|24:00:00(\.0+)?){_X_TZ}",
    "gYear": f"{_X_YEAR}{_X_TZ}",
    "gYearMonth": f"{_X_YEAR}-(0[1-9]|1[0-2]){_X_TZ}",
    "gMonth": f"--(0[1-9]|1[0-2]){_X_TZ}",
    "gDay": f"---(0[1-9]|[12][0-9]|3[01]){_X_TZ}",
    "gMonthDay": f"--{_X_MONTH_DAY}{_X_TZ}",
    "duration": r"-?P([0-9]+Y)?([0-9]+M)?([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+(\.[0-9]+)?S)?)?",
    "yearMonthDuration": "-?P([0-9]+Y)?([0-9]+M)?",
    "dayTimeDuration": r"-?P([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+(\.[0-9]+)?S)?)?",
    "hexBinary": "([0-9a-fA-F]{2})*",
    "base64Binary": f"(([A-Za-z0-9+/] ?){{4}})*{_X_BASE64_TAIL}?",
    "language": "[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*",
    "normalizedString": "[^\t\n\r]*",
    "token": "([^\t\n\r ]+( [^\t\n\r ]+)*)?",
    "NMTOKEN": f"[{_X_NAME_CHAR}:]+",
    "Name": f"[{_X_NAME_START}:][{_X_NAME_CHAR}:]*",
    "NCName": f"[{_X_NAME_START}][{_X_NAME_CHAR}]*",
    "anyURI": '[^\\x00-\\x20<>"{}|\\\\^`]*',
}
for _alias in ("ID", "IDREF", "ENTITY"):
    _XPATH[_alias] = _XPATH["NCName"]
# a duration has a number, and one after its T: what look-ahead says above, more patterns say here
_XPATH_ALSO = {
    "duration": ["[0-9]", "^[^T]*$|T[0-9]"],
    "yearMonthDuration": ["[0-9]"],
    "dayTimeDuration": ["[0-9]", "^[^T]*$|T[0-9]"],
}


def portable_lexical_space(datatype: str) -> tuple[list[str], tuple | None] | None:
    """The lexical space of an XML Schema datatype as what a SPARQL server can test: regular expressions the whole
    lexical form must match (REGEX with ^…$), and for the integer types the (minimum, maximum) of the value; None
    for a datatype this module cannot put so (the date and time types with a calendar: a cast tests those).

    >>> import re
    >>> patterns, _ = portable_lexical_space(XSD + "gMonthDay")
    >>> [bool(re.search(patterns[0], s)) for s in ("--02-29", "--02-30", "--04-31", "--12-31Z")]
    [True, False, False, True]
    """
    local = datatype.removeprefix(XSD)
    if local in _RANGES:
        return [f"^{_INTEGER.pattern}$"], _RANGES[local]
    if local not in _XPATH:
        return None
    return [f"^({_XPATH[local]})$", *_XPATH_ALSO.get(local, [])], None
