"""Shared fixtures: one real build of the checkout (HermiT included) for the whole session, and helpers
to ask it SPARQL and to make disposable copies of the project for tests that break things."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from csto_kg import namespaces as ns
from csto_kg.build import build
from csto_kg.project import Project
from csto_kg.store import BuildDir

ROOT = Path(__file__).resolve().parent.parent


def _seed_id() -> str:
    """The seed article, the one the project began with, found by what its metadata says (published by Kloop), not by
    its id: tests that edit a source's claims edit the seed's."""
    for path in sorted((ROOT / "graph" / "sources").glob("*.ttl")):
        if "kgo:publisher kg:kloop" in path.read_text(encoding="utf-8"):
            return path.stem
    raise LookupError("no source in graph/sources is published by kg:kloop")


SOURCE_ID = _seed_id()
CLAIMS_FILE = ROOT / "graph" / "claims" / f"{SOURCE_ID}.trig"
SOURCE_TEXT = (ROOT / "graph" / "sources" / f"{SOURCE_ID}.txt").read_text(encoding="utf-8")
SOURCE_COUNT = len(list((ROOT / "graph" / "sources").glob("*.ttl")))  # the sources the project holds


def py(term):
    """A result term as a plain value: CURIE for an IRI, int for an integer, str for other literals."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ns.curie(term.value)
    if isinstance(term, ox.Literal) and term.datatype.value in (ns.XSD + "integer", ns.XSD + "nonNegativeInteger"):
        return int(term.value)
    return term.value


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> BuildDir:
    build_dir = BuildDir(tmp_path_factory.mktemp("build"))
    build(Project(ROOT), build_dir)
    return build_dir


@pytest.fixture(scope="session")
def store(built) -> ox.Store:
    return built.open_store()


@pytest.fixture(scope="session")
def merged(store) -> ox.Store:
    """The build with its default graph the RDF merge of all its graphs: each triple once, however many claims state
    it. (Oxigraph's union default graph is a multiset: a fact of 16 claims matches 16 times, and a join of five such
    patterns runs for minutes at fifty sources.) Named graphs are kept for GRAPH patterns."""
    copy = ox.Store()
    copy.extend(store)
    copy.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in store)
    return copy


@pytest.fixture(scope="session")
def ask(merged):
    """ask(query, **bindings) -> list of rows (tuples of plain values), over the merge of all graphs."""

    def run(query: str, **bindings) -> list[tuple]:
        result = merged.query(
            ns.sparql_prologue() + query,
            substitutions={ox.Variable(k): v for k, v in bindings.items()} or None,
        )
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        return [tuple(py(s[v]) for v in result.variables) for s in result]

    return run


@pytest.fixture
def project_copy(tmp_path) -> Project:
    """A disposable copy of the project's data folders, to corrupt."""
    for folder in ("ontology", "graph", "queries", "shapes"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return Project(tmp_path)


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium, driven by Playwright (the page tests of serve and of review)."""
    from playwright.sync_api import expect, sync_playwright

    # expect() waits for what the page will show; its 5 s default failed on a machine busy with other work. Order,
    # not time, is what the page tests assert: a generous wait only bounds a hang.
    expect.set_options(timeout=60_000)
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("Debian's chromium is not installed: run make setup")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=["--no-sandbox"])
        yield browser
        browser.close()


def pytest_addoption(parser):
    parser.addoption(
        "--refresh-golden",
        action="store_true",
        help="rewrite tests/golden/*.json from the current build (review with git diff)",
    )


# --- markers: what a test needs beyond Python, so that `pytest -m "not browser"` (etc.) runs the rest ----------


def _needs(item) -> set[str]:
    import inspect

    function = getattr(item, "function", None)
    if function is None:  # a doctest of the package needs nothing
        return set()
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        source = ""
    params = getattr(getattr(item, "callspec", None), "params", {})
    needs = set()
    if {"browser", "hostile"} & set(item.fixturenames):
        needs.add("browser")
    if "oxigraph_server(" in source or params.get("server") == "oxigraph":
        needs.add("oxigraph_server")
    if "virtuoso_server(" in source or params.get("server") == "virtuoso":
        needs.add("virtuoso")
    if "spark" in item.fixturenames or item.module.__name__.endswith("test_pipeline"):
        needs.add("spark")
    if item.module.__name__.endswith("test_reasoning") or "hermit" in source.lower() or '"build", "-q"]' in source:
        needs.add("java")
    return needs


def pytest_collection_modifyitems(config, items):
    for item in items:
        for marker in _needs(item):
            item.add_marker(getattr(pytest.mark, marker))
