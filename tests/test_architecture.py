"""The package's rules of construction, read from its source (AST), so that a change that breaks one fails here
with the file and line, not later as a bug:

- no module imports another that imports it back, counting imports inside functions;
- the wings (subpackages: shacl, ingest, serve, pipeline) keep to their rules: what each may import, and who may
  import it (WINGS below); relative imports are resolved, `..` included, so a subpackage cannot hide an edge;
- SPARQL is never assembled from values: outside the few modules that compile queries from terms (each named
  below with the reason), text that builds a query may take in only constants, and values reach a query as
  bindings (querying.solutions, the engine's substitutions);
- pyoxigraph's format members are named only in formats.py, and Wikidata's IRIs only in namespaces.py;
- every module says what it is for; a wing's __init__ holds nothing else (the command starts as fast as before).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "csto_kg"


def _dotted(path: Path) -> str:
    """A module's name below csto_kg: `build`, `shacl.engine`; a subpackage's __init__ is the subpackage."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts) or "__init__"


MODULES = sorted(PACKAGE.rglob("*.py"))
PATHS = {_dotted(path): path for path in MODULES}
TREES = {name: ast.parse(path.read_text(encoding="utf-8"), filename=str(path)) for name, path in PATHS.items()}
PACKAGES = {name for name, path in PATHS.items() if path.name == "__init__.py"}

# modules that write SPARQL from terms, and why that is safe there
QUERY_COMPILERS = {
    "shacl.engine": "compiles shapes into queries: terms come from the parsed shapes graph (an IRI there cannot hold"
    " the characters that end an <IRI>), focus nodes go in as substitutions",
    "shacl.components": "each constraint component's part of those queries, from the same parsed shapes graph",
    "reasoning": "turns the ontology's rule patterns (module constants) into SPARQL Update at import time",
    "remote": "sends data as INSERT DATA with N-Triples written by pyoxigraph's serializer",
    "sparql_text": "the one place a value is written into a query as a term, for servers that cannot bind",
}
SPARQL = re.compile(
    r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|WHERE|FILTER|VALUES|BIND|OPTIONAL|UNION)\b.*([?$]\w|\{)",
    re.S,
)

# The wings: (flat modules a wing may import, besides its own; wings it may import; who may import it). The flat
# modules are the shared core; a wing never reaches into another wing unless named here, and the core never
# reaches into a wing except through the commands that run it (cli, build: the build validates).
CORE = {name for name in PATHS if "." not in name and name not in PACKAGES | {"__init__", "cli"}}
WINGS = {
    "shacl": {"imports": CORE - {"build"}, "wings": set(), "importers": {"build", "cli", "pipeline"}},
    "ingest": {"imports": CORE, "wings": set(), "importers": {"cli", "pipeline"}},
    "serve": {"imports": CORE - {"build"}, "wings": set(), "importers": {"cli"}},
    "pipeline": {"imports": CORE, "wings": {"shacl", "ingest"}, "importers": {"cli"}},
}


def _wing(module: str) -> str | None:
    head = module.split(".")[0]
    return head if head in WINGS and head in PACKAGES else None


def _resolve(module: str, node: ast.ImportFrom) -> list[str]:
    """The package's modules a `from … import …` in `module` names, its relative levels resolved."""
    if node.level == 0:
        if not (node.module or "").startswith("csto_kg"):
            return []
        base = node.module.split(".")[1:]
    else:
        here = module.split(".") if module in PACKAGES else module.split(".")[:-1]
        if module == "__init__":
            here = []
        here = here[: len(here) - (node.level - 1)] if node.level > 1 else here
        base = here + (node.module.split(".") if node.module else [])
    found = []
    for alias in node.names:
        candidate = ".".join([*base, alias.name])
        target = candidate if candidate in PATHS else ".".join(base)
        if target in PATHS and target != "__init__":
            found.append(target)
    return found


def _local_imports(module: str) -> dict[str, int]:
    """Modules of the package that `module` imports, anywhere in it, with the line of the first such import."""
    found: dict[str, int] = {}
    for node in ast.walk(TREES[module]):
        targets: list[str] = []
        if isinstance(node, ast.ImportFrom):
            targets = _resolve(module, node)
        elif isinstance(node, ast.Import):
            targets = [a.name.removeprefix("csto_kg.") for a in node.names if a.name.startswith("csto_kg.")]
            targets = [t for t in targets if t in PATHS]
        for target in targets:
            if target != module:
                found.setdefault(target, node.lineno)
    return found


def _cycles(graph: dict[str, dict[str, int]]) -> list[str]:
    """Every way back to a module through the import graph, with the line of each import on the way."""
    cycles = []
    for start in graph:
        stack = [(start, [start])]
        seen = set()
        while stack:
            module, path = stack.pop()
            for target in graph[module]:
                if target == start:
                    cycles.append(" -> ".join(f"{m} (line {graph[m][n]})" for m, n in zip(path, path[1:] + [start])))
                elif target not in seen:
                    seen.add(target)
                    stack.append((target, path + [target]))
    return sorted(cycles)


def test_no_module_imports_one_that_imports_it_back():
    cycles = _cycles({module: _local_imports(module) for module in TREES})
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def _wing_breaches() -> list[str]:
    breaches = []
    for module in TREES:
        here = _wing(module)
        for target, line in _local_imports(module).items():
            there = _wing(target)
            if here == there:
                continue
            where = f"csto_kg/{module.replace('.', '/')}.py:{line}: {module} imports {target}"
            if here is not None:
                rule = WINGS[here]
                allowed = (there is None and target in rule["imports"]) or (there in rule["wings"])
                if not allowed:
                    breaches.append(f"{where}, which the {here} wing may not import")
            if there is not None and module.split(".")[0] not in WINGS[there]["importers"]:
                breaches.append(f"{where}: only {', '.join(sorted(WINGS[there]['importers']))} may import {there}")
    return breaches


def test_each_wing_keeps_to_its_import_rules():
    assert not _wing_breaches(), "\n".join(_wing_breaches())


def test_the_wings_are_there_and_their_init_files_are_empty():
    assert {w for w in WINGS if w in PACKAGES} == set(WINGS)  # shacl, ingest, serve, pipeline
    for wing in PACKAGES - {"__init__"}:
        body = TREES[wing].body
        assert len(body) == 1 and isinstance(body[0], ast.Expr), f"csto_kg/{wing}/__init__.py holds more than its doc"


def test_the_rules_see_an_edge_hidden_behind_dots():
    """`from ..serve import server` in the shacl wing, and `from .. import build` there, are caught."""
    TREES["shacl._probe"] = ast.parse("from ..serve import server\nfrom .. import build\n")
    PATHS["shacl._probe"] = PACKAGE / "shacl" / "_probe.py"
    try:
        imports = _local_imports("shacl._probe")
        assert "build" in imports and ("serve.server" in imports or "serve" not in PACKAGES)
        assert any("shacl._probe imports build" in b for b in _wing_breaches())
    finally:
        del TREES["shacl._probe"], PATHS["shacl._probe"]


def test_the_check_sees_a_cycle_through_an_import_inside_a_function():
    TREES["_probe"] = ast.parse("def late():\n    from .catalogue import solutions\n")
    try:
        graph = {module: _local_imports(module) for module in TREES if module != "_probe"}
        graph["_probe"] = {"catalogue": 2}
        graph["namespaces"] = {**graph["namespaces"], "_probe": 1}
        assert any("_probe (line 2)" in cycle for cycle in _cycles(graph))
        assert "catalogue" in _local_imports("_probe")
    finally:
        del TREES["_probe"]


def _constant(node: ast.expr) -> bool:
    """A piece of query text known when the module is written: a literal, a module constant (UPPER_CASE, here or
    in namespaces), or a call of namespaces' helpers on such pieces."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Name):
        return node.id.isupper() or node.id.lstrip("_").isupper()
    if isinstance(node, ast.Attribute):
        return isinstance(node.value, ast.Name) and node.value.id == "ns" and node.attr.isupper()
    if isinstance(node, ast.Call):
        func = node.func
        return (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "ns"
            and all(_constant(a) for a in node.args)
        )
    if isinstance(node, ast.JoinedStr):
        return all(_constant(v.value) for v in node.values if isinstance(v, ast.FormattedValue))
    if isinstance(node, ast.BinOp):
        return _constant(node.left) and _constant(node.right)
    return False


def _sparql_text(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(SPARQL.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return bool(SPARQL.search("".join(v.value for v in node.values if isinstance(v, ast.Constant))))
    return False


def _assembled_from_values(tree: ast.Module) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and _sparql_text(node):
            found += [
                (node.lineno, ast.unparse(v.value))
                for v in node.values
                if isinstance(v, ast.FormattedValue) and not _constant(v.value)
            ]
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
            if (_sparql_text(node.left) or _sparql_text(node.right)) and not (
                _constant(node.left) and _constant(node.right)
            ):
                found.append((node.lineno, ast.unparse(node)))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("format", "replace")
            and _sparql_text(node.func.value)
            and not all(_constant(a) for a in [*node.args, *(k.value for k in node.keywords)])
        ):
            found.append((node.lineno, ast.unparse(node)))
    return found


@pytest.mark.parametrize("module", sorted(set(TREES) - set(QUERY_COMPILERS)))
def test_no_query_is_assembled_from_values(module):
    found = _assembled_from_values(TREES[module])
    assert not found, "\n".join(f"{_file(module)}:{line}: SPARQL built from {what}" for line, what in found)


def test_the_check_sees_a_query_assembled_from_a_value():
    # the rule above must be able to fail: the ways a value slips into a query are all caught
    caught = _assembled_from_values(
        ast.parse(
            'q = f"SELECT ?x WHERE {{ ?x rdfs:label \\"{name}\\" }}"\n'
            'q = "SELECT ?x WHERE { ?x ?p " + value + " }"\n'
            'q = "SELECT ?x WHERE { ?x ?p %s }" % value\n'
            'q = "SELECT ?x WHERE { ?x ?p NAME }".replace("NAME", name)\n'
            'q = "SELECT ?x WHERE {{ ?x ?p {} }}".format(value)\n'
            'q = f"SELECT ?x WHERE {{ GRAPH <{ns.ENTITIES_GRAPH}> {{ ?x ?p {CONSTANT} }} }}"\n'
        )
    )
    assert sorted(line for line, _ in caught) == [1, 2, 3, 4, 5]


def test_query_compilers_are_still_modules_of_the_package():
    assert set(QUERY_COMPILERS) <= set(TREES)


def _spelled(module: str, pattern: re.Pattern) -> list[int]:
    return [
        node.lineno
        for node in ast.walk(TREES[module])
        if (isinstance(node, ast.Constant) and isinstance(node.value, str) and pattern.search(node.value))
        or (isinstance(node, ast.Attribute) and pattern.fullmatch(node.attr))
    ]


@pytest.mark.parametrize("module", sorted(set(TREES) - {"formats"}))
def test_output_formats_are_named_only_in_the_format_registry(module):
    members = [
        node.lineno
        for node in ast.walk(TREES[module])
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr in ("RdfFormat", "QueryResultsFormat")
    ]
    assert not members, f"{_file(module)} lines {members}: use csto_kg.formats"


@pytest.mark.parametrize("module", sorted(set(TREES) - {"namespaces"}))
def test_wikidata_iris_are_spelled_only_in_namespaces(module):
    iris = re.compile(r"https?://www\.wikidata\.org/(entity|prop|wiki/Special)")
    assert not _spelled(module, iris), f"{_file(module)}: use ns.WD, ns.WDT, ns.P, ns.PS, ns.PQ"


@pytest.mark.parametrize("module", sorted(TREES))
def test_every_module_says_what_it_is_for(module):
    doc = ast.get_docstring(TREES[module])
    assert doc and len(doc.split()) >= 5, f"{_file(module)} has no docstring saying what it is for"


def _file(module: str) -> str:
    return str(PATHS[module].relative_to(PACKAGE.parent))
