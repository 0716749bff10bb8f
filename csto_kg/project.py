"""Where a checkout keeps its data folders, and where a build goes."""

import os
from dataclasses import dataclass
from pathlib import Path


def _folder(*parts: str, doc: str) -> property:
    return property(lambda self: self.root.joinpath(*parts), doc=doc)


@dataclass(frozen=True)
class Project:
    root: Path

    ontology_dir = _folder("ontology", doc="The ontology (Turtle), data only.")
    graph_dir = _folder("graph", doc="Sources, the register, claims, Wikidata files.")
    sources_dir = _folder("graph", "sources", doc="Verbatim source texts and their metadata.")
    claims_dir = _folder("graph", "claims", doc="The claims of each source, by hand or written by review.")
    register_dir = _folder(
        "graph", "register", doc="Register entries written by `add` and `review`, one file per source."
    )
    candidates_dir = _folder("graph", "candidates", doc="What `extract` proposes and `review` decided; never built.")
    queries_dir = _folder("queries", doc="Canned SPARQL queries and the checks.")
    shapes_dir = _folder("shapes", doc="SHACL shapes.")

    def register_files(self) -> list[Path]:
        """The entity register: graph/entities.ttl (by hand) and graph/register/*.ttl (by add and review)."""
        return sorted(self.graph_dir.glob("*.ttl")) + sorted(self.register_dir.glob("*.ttl"))

    def relative(self, path: Path) -> str:
        """A path as the user should see it in messages: relative to the project root."""
        try:
            return str(Path(path).resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)


def find_project(root: str | os.PathLike | None = None) -> Project:
    """The project at `root`, else $CSTO_KG_ROOT, else the checkout this package was installed from, else cwd."""
    candidates = [root, os.environ.get("CSTO_KG_ROOT"), Path(__file__).resolve().parent.parent, Path.cwd()]
    for candidate in candidates:
        if candidate and (Path(candidate) / "ontology").is_dir():
            return Project(Path(candidate).resolve())
    from .errors import KgError

    raise KgError(
        "no csto-kg project found: run inside a checkout or pass --root DIR (a folder with ontology/ and graph/)"
    )
