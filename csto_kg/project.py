"""Where a checkout keeps its data folders, and where a build goes."""

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def graph_dir(self) -> Path:
        return self.root / "graph"

    @property
    def sources_dir(self) -> Path:
        return self.graph_dir / "sources"

    @property
    def claims_dir(self) -> Path:
        return self.graph_dir / "claims"

    @property
    def register_dir(self) -> Path:
        """Register entries written by `add` and `review`, one file per source (graph/entities.ttl is by hand)."""
        return self.graph_dir / "register"

    @property
    def candidates_dir(self) -> Path:
        """What `extract` proposes and `review` decided; the build never reads it."""
        return self.graph_dir / "candidates"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def shapes_dir(self) -> Path:
        return self.root / "shapes"

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
