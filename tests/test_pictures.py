"""Pictures, drawn for real: the timeline (our SVG, PNG through Cairo) and the entity graph (Graphviz)."""

from __future__ import annotations

import datetime
import struct
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from csto_kg import namespaces as ns
from csto_kg.cli import main
from csto_kg.pictures import Mark, diagram_dot, render_dot, timeline_svg

SVG = "{http://www.w3.org/2000/svg}"


def svg_texts(data: bytes) -> list[str]:
    root = ET.fromstring(data)
    assert root.tag == f"{SVG}svg"
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def cli(built):
    return lambda *args: CliRunner().invoke(main, ["--build-dir", str(built.path), *args])


@pytest.fixture(scope="module")
def timeline_rows(ask):
    return ask("""SELECT ?what ?lang WHERE {
                  ?e a kgo:Event ; rdfs:label ?what . FILTER EXISTS { ?e kgo:date|kgo:startDate ?d }
                  BIND(LANG(?what) AS ?lang) }""")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_timeline_svg_shows_every_dated_event_in_the_chosen_language(cli, tmp_path, timeline_rows, lang):
    target = tmp_path / "timeline.svg"
    result = cli("timeline", "-o", str(target), "--lang", lang)
    assert result.exit_code == 0, result.output
    texts = svg_texts(target.read_bytes())
    expected = {what for what, language in timeline_rows if language == lang}
    assert expected and expected <= set(texts)
    assert ("Хроника января 2022 года" if lang == "ru" else "Timeline of January 2022") in texts
    assert ("4 янв" if lang == "ru" else "4 Jan") in texts


def test_the_timeline_draws_days_intervals_and_open_starts_coloured_by_type(cli, tmp_path):
    target = tmp_path / "t.svg"
    assert cli("timeline", "-o", str(target)).exit_code == 0
    root = ET.fromstring(target.read_bytes())
    events = {g.find(f"{SVG}title").text.split(" — ")[0]: g for g in root.iter(f"{SVG}g")}
    night = events["Resignation of the Government of Kazakhstan"]  # the night of 4 to 5 January: a bar over two days
    day_ticks = sorted({float(line.get("x1")) for line in root.iter(f"{SVG}line")})
    day_width = day_ticks[1] - day_ticks[0]
    assert float(night.find(f"{SVG}rect").get("width")) == pytest.approx(2 * day_width)
    assert events["Arrival of the Kyrgyz contingent in Kazakhstan"].find(f"{SVG}circle") is not None
    unrest = events["Protests in Kazakhstan (January 2022)"]  # a start only: an open bar ending in an arrow
    assert unrest.find(f"{SVG}rect").get("stroke-dasharray") and unrest.find(f"{SVG}path") is not None
    fill = lambda g: (g.find(f"{SVG}circle") if g.find(f"{SVG}circle") is not None else g.find(f"{SVG}rect")).get(
        "fill"
    )  # noqa: E731
    assert fill(events["Return of the Kyrgyz contingent from Kazakhstan"]) != fill(
        events["Arrival of the Kyrgyz contingent in Kazakhstan"]
    )


def test_the_timeline_png_is_a_real_png(cli, tmp_path):
    target = tmp_path / "хроника.png"
    result = cli("timeline", "-o", str(target), "--lang", "ru", "--from", "2022-01-05", "--to", "2022-01-14")
    assert result.exit_code == 0, result.output
    width, height = png_size(target.read_bytes())
    assert width > 600 and height > 200


def test_labels_from_data_are_text_in_the_svg_never_markup():
    hostile = '<script>alert("x")</script> & «кавычки»'
    svg = timeline_svg([Mark(datetime.date(2022, 1, 5), datetime.date(2022, 1, 5), hostile, "type </text>")], "en")
    root = ET.fromstring(svg)
    assert not list(root.iter(f"{SVG}script")) and hostile in svg_texts(svg.encode())


def test_the_diagram_of_the_whole_graph_and_of_one_neighbourhood(cli, tmp_path):
    whole, near = tmp_path / "graph.svg", tmp_path / "kyrgyz.svg"
    assert cli("diagram", "-o", str(whole)).exit_code == 0
    result = cli("diagram", "Kyrgyz contingent of the CSTO force", "-o", str(near))
    assert result.exit_code == 0, result.output
    all_texts, near_texts = set(svg_texts(whole.read_bytes())), set(svg_texts(near.read_bytes()))
    assert {"Kassym-Jomart Tokayev", "Almaty", "Collective Security Treaty Organization"} <= all_texts
    assert {
        "Kyrgyz contingent of the CSTO force",
        "Arrival of the Kyrgyz contingent in Kazakhstan",
        "agent",
    } <= near_texts
    assert "Kassym-Jomart Tokayev" not in near_texts and len(near_texts) < len(all_texts)


def test_the_diagram_as_png_and_as_dot(cli, tmp_path):
    png, dot = tmp_path / "g.png", tmp_path / "g.dot"
    assert cli("diagram", "tokayev", "--lang", "ru", "-o", str(png)).exit_code == 0
    assert png_size(png.read_bytes())[0] > 100
    assert cli("diagram", "tokayev", "--depth", "2", "-o", str(dot)).exit_code == 0
    assert (
        dot.read_text().startswith("digraph csto_kg {") and '"https://w3id.org/csto-kg/id/tokayev"' in dot.read_text()
    )


def test_hostile_labels_are_escaped_for_graphviz():
    store = ox.Store()
    hostile = 'a" ] ; x [label="pwned"] ; "<script>alert(1)</script>'
    store.add(
        ox.Quad(
            ox.NamedNode(ns.KG + "a"),
            ox.NamedNode(ns.KGO + "partOf"),
            ox.NamedNode(ns.KG + "b"),
            ox.NamedNode(ns.ENTITIES_GRAPH),
        )
    )
    store.add(
        ox.Quad(
            ox.NamedNode(ns.KG + "a"),
            ox.NamedNode(ns.RDFS_LABEL),
            ox.Literal(hostile, language="en"),
            ox.NamedNode(ns.ENTITIES_GRAPH),
        )
    )
    svg = render_dot(diagram_dot(store, "en"), "svg")
    texts = svg_texts(svg)
    assert hostile in texts and "pwned" not in [t for t in texts if t != hostile]
    assert not list(ET.fromstring(svg).iter(f"{SVG}script"))


@pytest.mark.parametrize(
    "args, message",
    [
        (["timeline", "-o", "t.gif"], "name the file .svg or .png"),
        (["timeline", "-o", "t.svg", "--from", "2030-01-01"], "nothing to draw"),
        (["timeline", "-o", "t.svg", "--to", "январь"], "is not a day"),
        (["diagram", "nobody-at-all", "-o", "d.svg"], "no entity 'nobody-at-all'"),
    ],
)
def test_bad_picture_requests_exit_2(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.output
