"""Printing rows: one renderer per format, shared by every command that prints rows.

Rows are lists of RDF terms (pyoxigraph NamedNode / Literal / BlankNode, or None when unbound).

>>> import pyoxigraph as ox
>>> rows = [[ox.Literal("150"), ox.NamedNode("https://w3id.org/csto-kg/id/tokayev")]]
>>> print(render(["n", "who"], rows, "csv"), end="")
n,who
150,kg:tokayev
"""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap

import pyoxigraph as ox

from .formats import rdf_syntax
from .namespaces import curie

MIN_COLUMN = 8  # a table squeezed to the terminal wraps no column narrower than this (or its heading)


def text_of(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return curie(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def fact_text(term) -> str:
    """A term as a fact shows it: a CURIE, a blank node, or a literal in quotes with its language."""
    if isinstance(term, ox.Literal):
        return f'"{term.value}"' + (f"@{term.language}" if term.language else "")
    return text_of(term)


def json_term(term) -> dict:
    """A term in the SPARQL 1.1 Query Results JSON format."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


MAX_TABLE_ROWS = 100_000  # a table is laid out from all its rows, held in memory; the other formats stream


def render(variables: list[str], rows, fmt: str, width: int | None = None) -> str:
    parts: list[str] = []
    write_rows(variables, rows, fmt, parts.append, width)
    return "".join(parts)


def write_rows(variables: list[str], rows, fmt: str, write, width: int | None = None) -> None:
    """Rows in `fmt`, each written as soon as it comes (csv, tsv, json, xml); a table or markdown needs them all
    first, and stops with an error past MAX_TABLE_ROWS rather than fill the memory. A table fits `width`
    columns (a terminal's), its long cells wrapped, never cut; with no width, every cell is on one line."""
    if fmt == "xml":
        _xml(variables, rows, write)
    elif fmt == "json":
        _json(variables, rows, write)
    elif fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")

        def flush():
            write(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()

        writer.writerow(variables)
        for row in rows:
            cells = [text_of(t) for t in row]
            writer.writerow(cells if fmt == "csv" else [c.replace("\t", " ").replace("\n", " ") for c in cells])
            if buffer.tell() > 1 << 16:
                flush()
        flush()
    elif fmt in ("markdown", "table"):
        cells = []
        for row in rows:
            cells.append([text_of(t) for t in row])
            if len(cells) > MAX_TABLE_ROWS:
                from .errors import KgError

                raise KgError(
                    f"more than {MAX_TABLE_ROWS:,} rows: a table needs them all in memory; use -f csv, tsv or json, "
                    "which print rows as they come, or add LIMIT"
                )
        write(_markdown(variables, cells) if fmt == "markdown" else _table(variables, cells, width))
    else:
        raise ValueError(f"unknown format {fmt!r}")


def _markdown(variables: list[str], cells: list[list[str]]) -> str:
    escape = lambda s: " ".join(s.split()).replace("|", "\\|")  # noqa: E731
    lines = ["| " + " | ".join(variables) + " |", "|" + "---|" * len(variables)]
    lines += ["| " + " | ".join(escape(c) for c in row) + " |" for row in cells]
    return "\n".join(lines) + "\n"


def _table(variables: list[str], cells: list[list[str]], width: int | None = None) -> str:
    cells = [[" ".join(c.split()) for c in row] for row in cells]
    widths = [max([len(v)] + [len(row[i]) for row in cells]) for i, v in enumerate(variables)]
    if width:
        room = width - 2 * (len(widths) - 1)
        if sum(max(MIN_COLUMN, len(v)) for v in variables) > room:  # too many columns side by side: one row a block
            return _records(variables, cells, width)
        widths = _fit(widths, [len(v) for v in variables], room)
    line = lambda values: "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip()  # noqa: E731
    out = [line(variables), line(["-" * w for w in widths])]
    for row in cells:
        wrapped = [textwrap.wrap(c, w, break_on_hyphens=False) or [""] for c, w in zip(row, widths)]
        out += [line([part[k] if k < len(part) else "" for part in wrapped]) for k in range(max(map(len, wrapped)))]
    return "\n".join(out) + "\n"


def _records(variables: list[str], cells: list[list[str]], width: int) -> str:
    """Rows too wide for the terminal, one block each: a line per column that has a value, names aligned,
    values wrapped within `width` (as psql's expanded display).

    >>> print(_records(["day", "event"], [["2022-01-06", "CSTO troops arrive in Almaty"]], 24), end="")
    -[ 1 ]------------------
    day    2022-01-06
    event  CSTO troops
           arrive in Almaty
    """
    name_width = max(map(len, variables))
    out = []
    for number, row in enumerate(cells, start=1):
        out.append(f"-[ {number} ]".ljust(width, "-"))
        for name, value in zip(variables, row):
            if value:
                out.append(wrap_line(f"{name.ljust(name_width)}  {value}", width, name_width + 2))
    return "\n".join(out) + "\n"


def wrap_line(line: str, width: int | None, hang: int | None = None) -> str:
    """A line folded to `width` columns, continuation lines indented by `hang` (default: to where the line's text
    starts after its indent and a label set off by two spaces, such as "  quote     «…»"); a word longer than
    the room (an IRI) is broken. No width: the line as it is.

    >>> print(wrap_line("  quote     [4:20] «the CSTO troops arrive»", 30))
      quote     [4:20] «the CSTO
                troops arrive»
    """
    if not width or len(line) <= width:
        return line
    if hang is None:
        label = re.match(r"\s*(?:\S+(?: \S+)? {2,})?", line)
        hang = label.end() if label.end() < width // 2 else len(line) - len(line.lstrip()) + 2
    hang = min(hang, width // 2)
    lead = len(line) - len(line.lstrip())
    return textwrap.fill(
        line.strip(),
        width,
        initial_indent=" " * lead,
        subsequent_indent=" " * hang,
        break_on_hyphens=False,
        break_long_words=True,
    )


def wrap_text(text: str, width: int | None) -> str:
    """Every line of `text` folded to `width` (see wrap_line)."""
    if not width:
        return text
    return "".join(wrap_line(line, width) + "\n" for line in text.splitlines())


def _fit(widths: list[int], headings: list[int], room: int) -> list[int]:
    """Column widths that fit `room` characters: the widest column narrowed first, none below MIN_COLUMN or its
    heading (so a very narrow terminal still gets a table wider than itself, rather than one letter a line).

    >>> _fit([40, 10, 60], [5, 5, 5], 60)
    [25, 10, 25]
    """
    widths = list(widths)
    floor = [max(MIN_COLUMN, h) for h in headings]
    while sum(widths) > room:
        widest = max(range(len(widths)), key=lambda i: (widths[i] - floor[i] > 0, widths[i]))
        if widths[widest] <= floor[widest]:
            break
        widths[widest] -= 1
    return widths


def _json(variables: list[str], rows, write) -> None:
    """SPARQL 1.1 Results JSON, laid out as json.dumps(indent=2) lays it out, a binding at a time."""
    head = json.dumps({"head": {"vars": variables}}, ensure_ascii=False, indent=2)[:-2]  # without the closing brace
    write(head + ',\n  "results": {\n    "bindings": [')
    first = True
    for row in rows:
        binding = {v: json_term(t) for v, t in zip(variables, row) if t is not None}
        text = json.dumps(binding, ensure_ascii=False, indent=2).replace("\n", "\n      ")
        write(("\n      " if first else ",\n      ") + text)
        first = False
    write("]\n  }\n}\n" if first else "\n    ]\n  }\n}\n")


SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


def escape(text: str) -> str:
    """XML character data. (xml.sax.saxutils would import urllib and http: 40 ms on every start.)"""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    return (
        '"'
        + escape(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;").replace("\r", "&#13;")
        + '"'
    )


NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_text(text: str, variable: str) -> str:
    """Character data for XML 1.0, or an error naming the character it cannot hold (never ill-formed XML)."""
    bad = NOT_IN_XML.search(text)
    if bad is not None:
        from .errors import KgError

        raise KgError(f"?{variable} holds U+{ord(bad.group()):04X}, which XML 1.0 cannot hold: use -f json, csv or tsv")
    return escape(text)


def _xml_term(term, variable: str = "") -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    value = _xml_text(term.value, variable)
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{value}</literal>"
    if term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        return f"<literal datatype={quoteattr(term.datatype.value)}>{value}</literal>"
    return f"<literal>{value}</literal>"


def _xml(variables: list[str], rows, write) -> None:
    """The SPARQL Query Results XML Format, a result at a time (a value XML cannot hold is an error: the command
    line holds the document back until it is whole, see cli.emit)."""
    out = ['<?xml version="1.0" encoding="utf-8"?>', f'<sparql xmlns="{SPARQL_RESULTS_NS}">', "  <head>"]
    out += [f"    <variable name={quoteattr(v)}/>" for v in variables]
    out += ["  </head>", "  <results>"]
    write("\n".join(out) + "\n")
    for row in rows:
        lines = ["    <result>"]
        lines += [
            f"      <binding name={quoteattr(v)}>{_xml_term(t, v)}</binding>"
            for v, t in zip(variables, row)
            if t is not None
        ]
        lines.append("    </result>")
        write("\n".join(lines) + "\n")
    write("  </results>\n</sparql>\n")


def render_boolean(value: bool, fmt: str) -> str:
    """An ASK query's answer."""
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}) + "\n"
    if fmt == "xml":
        return (
            f'<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="{SPARQL_RESULTS_NS}">\n  <head/>\n'
            f"  <boolean>{'true' if value else 'false'}</boolean>\n</sparql>\n"
        )
    return ("true" if value else "false") + "\n"


def render_graph(triples, fmt: str) -> str:
    """Triples from CONSTRUCT or DESCRIBE, in a graph syntax (Turtle with the project's prefixes)."""
    out = io.BytesIO()
    write_graph(triples, fmt, out)
    return out.getvalue().decode("utf-8")


def write_graph(triples, fmt: str, output) -> None:
    """Triples written to a binary stream as they come."""
    from .namespaces import PREFIXES

    options = {"prefixes": PREFIXES} if fmt == "turtle" else {}
    ox.serialize(triples, output, format=rdf_syntax(fmt), **options)
