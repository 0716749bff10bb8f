"""Pictures: the timeline on a time axis (SVG written here, PNG through cairosvg) and the entity graph (Graphviz).

The timeline draws what the `timeline` canned query returns: a dot for an event on a day, a bar for an interval
("the night of 4 to 5 January" covers both days), an open bar with an arrow for an event with a start only;
one colour per event type, a legend, labels in Russian or English. Labels come from data, so every text is
escaped for XML (SVG) or DOT.
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import pyoxigraph as ox

from . import namespaces as ns
from .errors import KgError
from .formats import by_suffix
from .querying import solutions

# colour-blind-safe palette (Okabe–Ito, then Tol's muted): one colour per event type, in the order types first occur
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#D55E00",
    "#56B4E9",
    "#332288",
    "#882255",
    "#44AA99",
    "#999933",
    "#AA4499",
    "#117733",
    "#661100",
    "#6699CC",
    "#888888",
)
CAPTIONS = {
    "en": {"title": "Timeline of January 2022", "from": "from", "open": "start only: end not stated"},
    "ru": {"title": "Хроника января 2022 года", "from": "с", "open": "известно только начало"},
}
MONTH_ABBREVIATIONS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "ru": ("янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"),
}


@dataclass
class Mark:
    start: datetime.date
    end: datetime.date | None  # None: an open interval (start only)
    what: str
    type: str


def timeline_marks(variables: list[str], rows: list[list]) -> list[Mark]:
    """Marks from the rows of the `timeline` canned query (columns date, precision, what, type)."""
    column = {name: i for i, name in enumerate(variables)}
    marks = []
    for row in rows:
        date, what, kind = (
            row[column[c]].value if row[column[c]] is not None else "" for c in ("date", "what", "type")
        )
        first, _, last = date.partition("/")
        start = datetime.date.fromisoformat(first)
        end = start if not last else None if last == ".." else datetime.date.fromisoformat(last)
        marks.append(Mark(start, end, what, kind.split(", ")[0]))
    return marks


def timeline_svg(marks: list[Mark], lang: str) -> str:
    if not marks:
        raise KgError("no dated events between those days: nothing to draw")
    words, months = CAPTIONS[lang], MONTH_ABBREVIATIONS[lang]
    first = min(m.start for m in marks)
    last = max([m.end or m.start for m in marks] + [m.start for m in marks]) + datetime.timedelta(days=1)
    days = (last - first).days + 1
    left, day_width, lane, top = 40, max(40, 720 // days), 26, 70
    axis_end = left + days * day_width
    width = axis_end + 40 + max(420, max(8 * len(m.what) for m in marks))  # 13 px DejaVu Sans: under 8 px a character
    types = list(dict.fromkeys(m.type for m in marks))
    colour = {t: PALETTE[i % len(PALETTE)] for i, t in enumerate(types)}
    height = top + lane * len(marks) + 50 + 20 * len(types)
    x = lambda day: left + (day - first).days * day_width  # noqa: E731

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="DejaVu Sans, Arial, sans-serif" font-size="13">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{left}" y="28" font-size="18" font-weight="bold">{escape(words["title"])}</text>',
    ]
    for i in range(days):  # the axis: a tick and a label per day
        day = first + datetime.timedelta(days=i)
        out.append(
            f'<line x1="{x(day)}" y1="{top - 22}" x2="{x(day)}" y2="{top + lane * len(marks)}" stroke="#e5e5e5"/>'
        )
        out.append(
            f'<text x="{x(day) + day_width / 2}" y="{top - 28}" text-anchor="middle" font-size="11">'
            f"{day.day} {escape(months[day.month - 1])}</text>"
        )
    for i, mark in enumerate(marks):
        y = top + lane * i + lane / 2
        fill = colour[mark.type]
        out.append(f'<g class="event"><title>{escape(mark.what)} — {escape(mark.type)}</title>')
        if mark.end is None:
            out.append(
                f'<rect x="{x(mark.start)}" y="{y - 6}" width="{axis_end - x(mark.start)}" height="12" rx="3" '
                f'fill="{fill}" fill-opacity="0.35" stroke="{fill}" stroke-dasharray="4 3"/>'
            )
            out.append(f'<path d="M{axis_end} {y - 9} L{axis_end + 10} {y} L{axis_end} {y + 9} Z" fill="{fill}"/>')
            label_x = axis_end + 16
        elif mark.end > mark.start:
            out.append(
                f'<rect x="{x(mark.start)}" y="{y - 6}" width="{x(mark.end) + day_width - x(mark.start)}" height="12" '
                f'rx="3" fill="{fill}"/>'
            )
            label_x = x(mark.end) + day_width + 6
        else:
            out.append(f'<circle cx="{x(mark.start) + day_width / 2}" cy="{y}" r="6" fill="{fill}"/>')
            label_x = x(mark.start) + day_width / 2 + 10
        out.append(f'<text x="{max(label_x, axis_end + 16)}" y="{y + 4}">{escape(mark.what)}</text></g>')
    legend_y = top + lane * len(marks) + 30
    for i, kind in enumerate(types):
        y = legend_y + 20 * i
        out.append(f'<rect x="{left}" y="{y - 10}" width="12" height="12" fill="{colour[kind]}"/>')
        out.append(f'<text x="{left + 18}" y="{y}">{escape(kind)}</text>')
    out.append(f'<text x="{left + 260}" y="{legend_y}" fill="#555">▭ ▸ {escape(words["open"])}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


# --- the entity graph ------------------------------------------------------------------------------------

NODE_SHAPES = (
    ("Event", "ellipse", "#dbe9f6"),
    ("Person", "box", "#fde2c4"),
    ("Office", "note", "#f0f0f0"),
    ("Place", "house", "#d9f0d3"),
    ("Organisation", "box3d", "#e8dff0"),
    ("Quantity", "plaintext", "white"),
    ("GroupOfPeople", "box", "#fff5cc"),
)

EDGES = f"""
SELECT DISTINCT ?s ?p ?o ?pLabel ?lang WHERE {{
  {{ ?claim a kgo:Claim . GRAPH ?claim {{ ?s ?p ?o }} }} UNION {{ GRAPH <{ns.ENTITIES_GRAPH}> {{ ?s ?p ?o }} }}
  FILTER(isIRI(?o) && STRSTARTS(STR(?s), STR(kg:)) && STRSTARTS(STR(?o), STR(kg:)) && STRSTARTS(STR(?p), STR(kgo:)))
  OPTIONAL {{ ?p rdfs:label ?pLabel . FILTER(LANG(?pLabel) = ?lang) }}
}}"""

NODES = """
SELECT ?x ?label ?class ?lang WHERE {
  { SELECT DISTINCT ?x WHERE { { ?x ?p ?o } UNION { ?s ?p ?x } FILTER(isIRI(?x) && STRSTARTS(STR(?x), STR(kg:))) } }
  OPTIONAL { ?x rdfs:label ?label . FILTER(LANG(?label) = ?lang) }
  OPTIONAL { ?x a ?class . FILTER(STRSTARTS(STR(?class), STR(kgo:))) }
}"""


def _dot_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def diagram_dot(store: ox.Store, lang: str, centre: ox.NamedNode | None = None, depth: int = 1) -> str:
    """DOT for the entity graph: entities as nodes shaped by kind, asserted relations as labelled edges; with
    a centre, only what lies within `depth` relations of it."""
    language = {"lang": ox.Literal(lang)}
    edges = [
        (r["s"].value, r["p"].value, r["o"].value, r["pLabel"].value if r["pLabel"] else ns.curie(r["p"].value))
        for r in solutions(store, EDGES, language)
    ]
    if centre is not None:
        keep = {centre.value}
        for _ in range(depth):
            keep |= {o for s, _, o, _ in edges if s in keep} | {s for s, _, o, _ in edges if o in keep}
        edges = [e for e in edges if e[0] in keep and e[2] in keep]
        nodes = sorted(keep)
    else:
        nodes = sorted({e[0] for e in edges} | {e[2] for e in edges})
    labels, classes = {}, {}
    if nodes:
        wanted = set(nodes)
        for r in solutions(store, NODES, language):  # every entity's label and classes; the drawn ones kept
            if r["x"].value not in wanted:
                continue
            if r["label"] is not None:
                labels[r["x"].value] = r["label"].value
            if r["class"] is not None:
                classes.setdefault(r["x"].value, set()).add(r["class"].value.removeprefix(ns.KGO))
    lines = [
        "digraph csto_kg {",
        '  graph [rankdir=LR, fontname="DejaVu Sans", bgcolor=white];',
        '  node [fontname="DejaVu Sans", fontsize=10, style=filled];',
        '  edge [fontname="DejaVu Sans", fontsize=8, color="#777777"];',
    ]
    for node in nodes:
        shape, fill = next(((s, f) for kind, s, f in NODE_SHAPES if kind in classes.get(node, ())), ("box", "white"))
        width = " penwidth=3" if centre is not None and node == centre.value else ""
        lines.append(
            f"  {_dot_string(node)} [label={_dot_string(labels.get(node, ns.curie(node)))} shape={shape} "
            f'fillcolor="{fill}" tooltip={_dot_string(ns.curie(node))}{width}];'
        )
    for s, _, o, label in sorted(edges):
        lines.append(f"  {_dot_string(s)} -> {_dot_string(o)} [label={_dot_string(label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_dot(dot: str, fmt: str) -> bytes:
    executable = shutil.which("dot")
    if executable is None:
        raise KgError("Graphviz's dot is not installed: `make setup` installs it (Debian: apt-get install graphviz)")
    try:
        result = subprocess.run([executable, f"-T{fmt}"], input=dot.encode("utf-8"), capture_output=True, timeout=120)
    except subprocess.TimeoutExpired:
        raise KgError(
            "Graphviz took over 2 minutes: draw one entity's neighbourhood instead (csto-kg diagram ENTITY)"
        ) from None
    if result.returncode != 0:
        raise KgError(f"Graphviz failed: {result.stderr.decode('utf-8', 'replace').strip()}")
    return result.stdout


def svg_to_png(svg: str) -> bytes:
    try:
        import cairosvg
    except OSError as exc:  # cairosvg is installed but the Cairo library is not
        raise KgError(
            f"PNG needs the Cairo library ({exc}): `make setup` installs it (Debian: apt-get install libcairo2)"
        ) from None
    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), output_width=None)


def picture_format(output: Path, also: tuple[str, ...] = ()) -> str:
    """svg or png (or one of `also`, such as dot), from the file's suffix."""
    known = by_suffix(output.suffix, ("picture",))
    if known is None or known.name not in ("svg", "png") + also:
        suffixes = ["." + n for n in ("svg", "png") + also]
        raise KgError(f"cannot draw {output.name}: name the file {', '.join(suffixes[:-1])} or {suffixes[-1]}")
    return known.name
