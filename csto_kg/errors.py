"""Errors a user can act on: each names the file and line, the parameter or the term at fault."""


class KgError(Exception):
    """An error in the user's input or data. exit_code: 2 bad input (the pySHACL convention), 1 a failed check."""

    exit_code = 2

    def __init__(self, message: str, path=None, line: int | None = None):
        self.message = message
        self.path = path
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return where + self.message


class CheckFailed(KgError):
    """The data was read but fails a check (inconsistent with the ontology, say)."""

    exit_code = 1


class NoBuild(KgError):
    def __init__(self, build_dir):
        super().__init__(f"no build found in {build_dir}: run `csto-kg build` first")


class ServiceError(KgError):
    """A remote service (a SPARQL endpoint) failed: unreachable, too slow, refusing, or answering nonsense.
    Exit 3, so that scripts can tell a service's failure from bad input."""

    exit_code = 3
