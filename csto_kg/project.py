"""Where a checkout keeps its data folders, and where a build goes."""

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import KgError


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
    wikidata_dir = _folder("graph", "wikidata", doc="Wikidata's side: the snapshot, the links, the enrichment.")
    snapshot_file = _folder("graph", "wikidata", "snapshot.ttl", doc="Verified Wikidata items, in Wikidata's RDF.")
    links_file = _folder("graph", "wikidata", "links.trig", doc="owl:sameAs links to Wikidata, one graph each.")
    enrichment_file = _folder("graph", "wikidata", "enrichment.trig", doc="Statements copied from Wikidata.")
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


def is_project(folder: Path) -> bool:
    """A csto-kg project is a folder holding ontology/ and graph/."""
    return (folder / "ontology").is_dir() and (folder / "graph").is_dir()


def find_project(root: str | os.PathLike | None = None) -> Project:
    """The project the user names (`root`: --root, else $CSTO_KG_ROOT), which must be one; else the nearest
    folder from the working directory upward that is one, as git finds its repository. Never the checkout the
    package was installed from: a command reads and writes only the project the user is in or points at."""
    named = root or os.environ.get("CSTO_KG_ROOT")
    if named:
        folder = Path(named)
        if not folder.is_dir():
            raise KgError(f"{named}: no such folder (given as the project, with --root or $CSTO_KG_ROOT)")
        if not is_project(folder):
            raise KgError(
                f"{named}: not a csto-kg project (no ontology/ and graph/ in it; given with --root or $CSTO_KG_ROOT)"
            )
        return Project(folder.resolve())
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if is_project(folder):
            return Project(folder)
    raise KgError(
        f"no csto-kg project in {here} or any folder above it: run inside a checkout or pass --root DIR "
        "(a folder with ontology/ and graph/)"
    )
