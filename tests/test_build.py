"""`csto-kg build` through the CLI: bad input fails with file and line and exit 2, and never harms the
previous build; a good build replaces it atomically."""

import hashlib
import json
import re

import pytest
from click.testing import CliRunner

from csto_kg import build as build_module
from csto_kg import namespaces as ns
from csto_kg.cli import main
from csto_kg.errors import KgError
from csto_kg.store import BuildDir

from .conftest import CLAIMS_FILE, SOURCE_ID

CLAIMS = f"graph/claims/{CLAIMS_FILE.name}"


def run(project, build_dir, *args):
    return CliRunner().invoke(main, ["--root", str(project.root), "--build-dir", str(build_dir), *args])


def snapshot(build_dir: BuildDir):
    current = build_dir.current.resolve()
    digest = hashlib.sha256((current / "dataset.nq").read_bytes()).hexdigest()
    store = build_dir.open_store()
    size = len(store)
    del store
    return current, digest, size


@pytest.fixture
def previous(project_copy, tmp_path):
    build_dir = BuildDir(tmp_path / "out")
    result = run(project_copy, build_dir.path, "build", "--no-hermit")
    assert result.exit_code == 0, result.output
    return build_dir, snapshot(build_dir)


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text[: text.index(new)].count("\n") + 1 if new else None


CORRUPTIONS = {
    "malformed Turtle": (
        "graph/entities.ttl",
        "kg:tajikistan a kgo:State",
        "kg:tajikistan a kgo:State kgo:Country",
        r"syntax error",
    ),
    "unknown class": (
        CLAIMS,
        "kg:kyrgyz-return a kgo:Return",
        "kg:kyrgyz-return a kgo:Retrun",
        r"unknown class kgo:Retrun: the ontology does not declare it \(did you mean kgo:Return\?\)",
    ),
    "unknown property": (
        CLAIMS,
        "kgo:approver kg:jogorku-kenesh",
        "kgo:aprover kg:jogorku-kenesh",
        r"unknown property kgo:aprover: the ontology does not declare it \(did you mean kgo:approver\?\)",
    ),
    "unknown entity": (
        CLAIMS,
        "kgo:agent kg:tokayev ;\n        kgo:date",
        "kgo:agent kg:tokaev ;\n        kgo:date",
        r"unknown entity kg:tokaev: no file gives it an rdf:type .*\(did you mean kg:tokayev\?\)",
    ),
    "missing quote": (
        CLAIMS,
        '"Там жители возмутились',
        '"Там люди возмутились',
        rf"quote not found in source {SOURCE_ID}",
    ),
    "a link graph with another fact": (
        "graph/wikidata/links.trig",
        "link:tokayev {\n\tkg:tokayev owl:sameAs wd:Q200881 .\n}",
        "link:tokayev {\n\tkg:tokayev owl:sameAs wd:Q200881 . kg:tokayev kgo:memberOf kg:csto .\n}",
        r"a link graph may hold only owl:sameAs from a kg: entity to a Wikidata item",
    ),
    "an article fact in the enrichment graph": (
        "graph/wikidata/enrichment.trig",
        "<https://w3id.org/csto-kg/graph/wikidata-enrichment> {",
        "<https://w3id.org/csto-kg/graph/wikidata-enrichment> { <https://w3id.org/csto-kg/id/tokayev> "
        "<http://www.wikidata.org/prop/direct/P39> <http://www.wikidata.org/entity/Q1> .",
        r"the enrichment graph holds Wikidata's statements only",
    ),
    "a number not written as the store keeps it": (
        CLAIMS,
        "kgo:numericValue 150 ;",
        'kgo:numericValue "0150"^^xsd:integer ;',
        r'"0150".* is kept by the store as "150".*write \'150\'',
    ),
    "a link to a property": (
        "graph/wikidata/links.trig",
        "link:tokayev {\n\tkg:tokayev owl:sameAs wd:Q200881 .\n}",
        "link:tokayev {\n\tkg:tokayev owl:sameAs <http://www.wikidata.org/prop/direct/P39> .\n}",
        r"a link graph may hold only owl:sameAs",
    ),
}


@pytest.mark.parametrize("name", list(CORRUPTIONS))
def test_bad_input_fails_with_file_and_line_and_keeps_the_previous_build(project_copy, previous, name):
    build_dir, before = previous
    relative, old, new, message = CORRUPTIONS[name]
    line = edit(project_copy.root / relative, old, new)
    result = run(project_copy, build_dir.path, "build", "--no-hermit")
    assert result.exit_code == 2, result.output
    assert re.search(rf"Error: {re.escape(relative)}:{line}: .*{message}", result.stderr), result.stderr
    assert "Traceback" not in result.output
    assert snapshot(build_dir) == before
    assert not list(build_dir.releases.glob("*.partial"))


def test_a_failure_while_writing_keeps_the_previous_build(project_copy, previous, monkeypatch):
    build_dir, before = previous

    def half_written(store, project, folder, report, log):
        (folder / "dataset.trig").write_text("partial")
        raise OSError("disk full")

    monkeypatch.setattr(build_module, "write_release", half_written)
    with pytest.raises(KgError, match="cannot write the build: disk full"):
        build_module.build(project_copy, build_dir, run_hermit=False)
    assert snapshot(build_dir) == before
    assert not list(build_dir.releases.glob("*.partial"))


def test_a_good_build_replaces_the_current_one_and_keeps_one_previous(project_copy, previous):
    build_dir, (first, _, _) = previous
    for _ in range(2):
        assert run(project_copy, build_dir.path, "build", "--no-hermit", "-q").exit_code == 0
    current = build_dir.current.resolve()
    assert current != first and not first.exists()
    assert len(list(build_dir.releases.iterdir())) == 2
    info = json.loads((current / "build-info.json").read_text())
    assert info["counts"]["claims"] > 20 and info["hermit"].startswith("skipped")
    for name in ("dataset.trig", "dataset.nq", "graph.ttl", "ontology.ttl"):
        assert (current / name).stat().st_size > 0


def test_outputs_are_the_dataset_the_default_graph_and_the_ontology(built):
    import pyoxigraph as ox

    from csto_kg import namespaces as ns

    store = built.open_store()
    nquads = list(ox.parse(path=str(built.file("dataset.nq"))))
    trig = list(ox.parse(path=str(built.file("dataset.trig"))))
    assert set(nquads) == set(trig) == set(store)
    graph = {q.triple for q in ox.parse(path=str(built.file("graph.ttl")))}
    ontology = ox.NamedNode(ns.ONTOLOGY_GRAPH)
    assert graph == {q.triple for q in store if q.graph_name != ontology}
    assert {q.triple for q in ox.parse(path=str(built.file("ontology.ttl")))} == {
        q.triple for q in store if q.graph_name == ontology
    }
    claim_graphs = {
        q.graph_name.value
        for q in store
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(ns.CLAIM)
    }
    assert len(claim_graphs) == json.loads(built.file("build-info.json").read_text())["counts"]["claims"]


def test_a_build_killed_part_way_leaves_the_previous_store_complete(project_copy, previous):
    """SIGKILL while the new release is being written (the moment its .partial folder exists): the current
    build must still open, with every quad, and the next build clears the debris."""
    import os
    import signal
    import subprocess
    import sys
    import time

    build_dir, before = previous
    edit(project_copy.root / "graph" / "entities.ttl", '"Almaty"@en', '"Almaty (city)"@en')  # so the next build differs
    command = [
        sys.executable,
        "-m",
        "csto_kg.cli",
        "--root",
        str(project_copy.root),
        "--build-dir",
        str(build_dir.path),
        "build",
        "--no-hermit",
        "-q",
    ]
    for _attempt in range(5):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        killed = False
        while process.poll() is None:
            if build_dir.releases.exists() and any(p.name.endswith(".partial") for p in build_dir.releases.iterdir()):
                os.kill(process.pid, signal.SIGKILL)
                killed = True
                break
            time.sleep(0.002)
        process.wait()
        if killed:
            break
        before = snapshot(build_dir)  # it finished first: the new build is the previous one now; try again
    assert killed, "could not catch the build while it was writing"
    assert process.returncode == -signal.SIGKILL
    assert snapshot(build_dir) == before  # same release, same dataset bytes, same number of quads in the store
    store = build_dir.open_store()
    assert store.query("ASK { ?s ?p ?o }", use_default_graph_as_union=True) and len(store) == before[2]
    del store
    assert any(p.name.endswith(".partial") for p in build_dir.releases.iterdir())  # the debris of the killed build
    result = run(project_copy, build_dir.path, "build", "--no-hermit")
    assert result.exit_code == 0 and not any(p.name.endswith(".partial") for p in build_dir.releases.iterdir())


LATE_RETURN = """
claim:late-return {
    kg:kyrgyz-return kgo:date "2022-01-19"^^xsd:date .
}
claim:late-return kgo:quote "вернулись военнослужащие, которых отправили в Казахстан" ;
    kgo:inferredBecause "A test: a day after the article's publication."@en .
"""


def test_an_event_reported_as_past_but_dated_after_publication_is_a_violation_at_the_claims_line(
    project_copy, tmp_path
):
    claims = project_copy.root / CLAIMS
    claims.write_text(claims.read_text(encoding="utf-8") + LATE_RETURN, encoding="utf-8")
    line = claims.read_text(encoding="utf-8").splitlines().index("claim:late-return {") + 1
    result = run(project_copy, tmp_path / "out", "build", "--no-hermit")
    assert result.exit_code == 1
    assert "check:past-after-publication-violation" in result.output
    assert "kg:kyrgyz-return on 2022-01-19, published 2022-01-14" in result.output
    assert f"{CLAIMS}:{line}" in result.output  # the claim's file and line
    edit(claims, 'kgo:date "2022-01-19"^^xsd:date .', 'kgo:date "2022-01-19"^^xsd:date ; kgo:modality kgo:Planned .')
    planned = run(project_copy, tmp_path / "out", "build", "--no-hermit")
    assert planned.exit_code == 0, planned.output  # what a source expects may lie after it


LATE_APPROVAL = """
claim:late-approval {
    kg:smailov-candidacy-approval kgo:date "2022-01-12"^^xsd:date .
}
claim:earlier-appointment {
    kg:smailov-appointment kgo:date "2022-01-10"^^xsd:date .
}
claim:earlier-appointment kgo:quote "вернулись военнослужащие, которых отправили в Казахстан" ;
    kgo:inferredBecause "A test: a second day for the appointment, before the first."@en .
claim:late-approval kgo:quote "вернулись военнослужащие, которых отправили в Казахстан" ;
    kgo:inferredBecause "A test: the Mazhilis's consent dated a day after the appointment it consents to."@en .
"""


def test_an_approval_dated_after_the_appointment_it_approves_is_a_warning_at_the_claims_line(project_copy, tmp_path):
    """Blind trial 41: an approval dated 12 January, after the appointment of 11 January it approved, raised
    nothing."""
    claims = project_copy.root / CLAIMS
    claims.write_text(claims.read_text(encoding="utf-8") + LATE_APPROVAL, encoding="utf-8")
    line = claims.read_text(encoding="utf-8").splitlines().index("claim:late-approval {") + 1
    built = run(project_copy, tmp_path / "out", "build", "--no-hermit")
    assert built.exit_code == 0, built.output  # a warning: the build goes on
    result = run(project_copy, tmp_path / "out", "validate", "-f", "json")
    assert result.exit_code == 0, result.output
    (found,) = [
        r for r in json.loads(result.output)["results"] if r["shape"].endswith("approval-after-appointment-violation")
    ]
    assert found["severity"] == "Warning"
    assert "kg:smailov-candidacy-approval on 2022-01-12, kg:smailov-appointment on 2022-01-11" in found["message"]
    assert (found["file"], found["line"]) == (CLAIMS, line)
    edit(claims, 'kgo:date "2022-01-12"^^xsd:date', 'kgo:date "2022-01-11"^^xsd:date')
    assert run(project_copy, tmp_path / "out", "build", "--no-hermit").exit_code == 0
    same_day = run(project_copy, tmp_path / "out", "validate", "-f", "json")
    assert "approval-after-appointment" not in same_day.output  # consent on the day of the appointment is fine


def vehicles(count: int) -> str:
    return f"""
claim:kyrgyz-vehicles {{
    kg:kyrgyz-deployment kgo:quantity kg:test-vehicle-count .
    kg:test-vehicle-count a kgo:Quantity ;
        rdfs:label "{count} vehicles"@en , "{count} единиц техники"@ru ;
        kgo:countOf kgo:Vehicle ; kgo:numericValue {count} ; kgo:unit kgo:Item ; kgo:bound kgo:Exactly .
}}
claim:kyrgyz-vehicles kgo:quote "в соседнюю страну отправили 150 военных" .
"""


@pytest.mark.parametrize("count, disagrees", [(19, False), (25, True), (18, True)])
def test_a_total_is_compared_with_the_sum_of_its_parts(project_copy, tmp_path, count, disagrees):
    """The seed counts 8 armoured vehicles and 11 automobiles of the Kyrgyz deployment: 19 vehicles hold."""
    claims = project_copy.root / CLAIMS
    claims.write_text(claims.read_text(encoding="utf-8") + vehicles(count), encoding="utf-8")
    result = run(project_copy, tmp_path / "out", "build", "--no-hermit")
    assert result.exit_code == 0, result.output
    said = f"{count} vehicles (all kinds) [<{ns.CLAIM}{SOURCE_ID}/kyrgyz-vehicles>"
    assert (said in result.output) == disagrees, result.output
    if disagrees:
        assert "vs 8 armoured vehicles + 11 automobiles = 19" in result.output


def tolls(first: str | None, second: str | None, retract: bool) -> str:
    """Two death tolls of the unrest in the seed's claims, each of its own day when given, the first retracted."""
    day = lambda d: f' ; kgo:asOf "{d}"^^xsd:date' if d else ""  # noqa: E731
    retraction = """
claim:toll-retracted {
    kg:toll-retraction a kgo:Retraction ; rdfs:label "x"@en , "х"@ru ; kgo:agent kg:government-of-kazakhstan ;
        kgo:content "опровергли"@ru ; kgo:retracts kg:toll-164 .
}
claim:toll-retracted kgo:quote "в соседнюю страну отправили 150 военных" .
"""
    return f"""
claim:toll-first {{
    kg:kazakh-unrest kgo:quantity kg:toll-164 .
    kg:toll-164 a kgo:Quantity ; kgo:countOf kgo:PeopleKilled ; kgo:numericValue 164 ; kgo:unit kgo:Item ;
        kgo:bound kgo:Exactly{day(first)} .
}}
claim:toll-first kgo:quote "в соседнюю страну отправили 150 военных" ;
    kgo:inferredBecause "A test: the day the figure describes."@en .
claim:toll-second {{
    kg:kazakh-unrest kgo:quantity kg:toll-225 .
    kg:toll-225 a kgo:Quantity ; kgo:countOf kgo:PeopleKilled ; kgo:numericValue 225 ; kgo:unit kgo:Item ;
        kgo:bound kgo:Exactly{day(second)} .
}}
claim:toll-second kgo:quote "в соседнюю страну отправили 150 военных" ;
    kgo:inferredBecause "A test: the day the figure describes."@en .
""" + (retraction if retract else "")


@pytest.mark.parametrize(
    "first, second, retract, disagrees",
    [
        ("2022-01-09", "2022-01-15", False, False),  # a series: the toll of each day
        (None, None, False, True),  # two figures of nobody knows which day: they disagree
        ("2022-01-09", "2022-01-09", False, True),  # the same day, two figures
        (None, None, True, False),  # the one retracted is no side
    ],
)
def test_figures_of_different_days_are_a_series_and_a_retracted_one_no_side(
    project_copy, tmp_path, first, second, retract, disagrees
):
    claims = project_copy.root / CLAIMS
    claims.write_text(claims.read_text(encoding="utf-8") + tolls(first, second, retract), encoding="utf-8")
    result = run(project_copy, tmp_path / "out", "build", "--no-hermit")
    assert result.exit_code == 0, result.output
    # the other sources' tolls disagree among themselves: only a line naming both test claims is theirs
    between = [line for line in result.output.splitlines() if "/toll-first>" in line and "/toll-second>" in line]
    assert bool(between) == disagrees, result.output
    if retract:
        assert not any("/toll-first>" in line and ": both kept" in line for line in result.output.splitlines())


def toll_and_part(security: int, part_day: str) -> str:
    """A toll of 30 dead on 9 January, and the security forces among the dead on `part_day`."""
    return f"""
claim:toll-whole {{
    kg:kazakh-unrest kgo:quantity kg:test-toll-30 .
    kg:test-toll-30 a kgo:Quantity ; kgo:countOf kgo:PeopleKilled ; kgo:numericValue 30 ; kgo:unit kgo:Item ;
        kgo:bound kgo:Exactly ; kgo:asOf "2022-01-09"^^xsd:date .
}}
claim:toll-whole kgo:quote "в соседнюю страну отправили 150 военных" ;
    kgo:inferredBecause "A test: the whole toll."@en .
claim:toll-part {{
    kg:kazakh-unrest kgo:quantity kg:test-security-killed .
    kg:test-security-killed a kgo:Quantity ; kgo:countOf kgo:SecurityForcesKilled ; kgo:numericValue {security} ;
        kgo:unit kgo:Item ; kgo:bound kgo:Exactly ; kgo:asOf "{part_day}"^^xsd:date .
}}
claim:toll-part kgo:quote "в соседнюю страну отправили 150 военных" ;
    kgo:inferredBecause "A test: the security forces among the dead."@en .
"""


@pytest.mark.parametrize(
    "security, part_day, disagrees",
    [
        (19, "2022-01-09", False),  # 19 of the 30 dead were security forces
        (40, "2022-01-09", True),  # more security forces dead than dead
        (40, "2022-01-15", False),  # a later day's part: the toll grew, a series
    ],
)
def test_the_security_forces_killed_are_a_part_of_the_toll(project_copy, tmp_path, security, part_day, disagrees):
    claims = project_copy.root / CLAIMS
    claims.write_text(claims.read_text(encoding="utf-8") + toll_and_part(security, part_day), encoding="utf-8")
    result = run(project_copy, tmp_path / "out", "build", "--no-hermit")
    assert result.exit_code == 0, result.output
    between = [line for line in result.output.splitlines() if "/toll-whole>" in line and "/toll-part>" in line]
    assert bool(between) == disagrees, result.output
    if disagrees:
        assert f"{security} security forces killed" in between[0]
