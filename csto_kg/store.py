"""The build directory and the embedded store in it.

Layout: `build/releases/<stamp>/` holds one complete build (dataset.trig, dataset.nq, graph.ttl, ontology.ttl,
build-info.json, store/); `build/current` is a symlink to the last good one. A build writes a new release
and only then swaps the symlink (an atomic rename), so a failed or killed build leaves the previous one
usable. The release before the current one is kept; older ones and leftovers of killed builds are removed.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from .errors import KgError, NoBuild

PARTIAL = ".partial"


class BuildDir:
    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.current = self.path / "current"
        self.releases = self.path / "releases"

    def file(self, name: str) -> Path:
        return self.current / name

    def exists(self) -> bool:
        return (self.current / "store").is_dir()

    def open_store(self) -> ox.Store:
        """The current store, read-only: any number of readers may open it while a build writes the next one."""
        if not self.exists():
            raise NoBuild(self.path)
        return open_store(self.current / "store")

    def check_writable(self) -> None:
        """Fail at once, before the work of a build, if its folder cannot take one."""
        try:
            self.releases.mkdir(parents=True, exist_ok=True)
            probe = Path(tempfile.mkstemp(prefix=".probe-", dir=self.releases)[1])
            probe.unlink()
        except OSError as exc:
            raise KgError(f"cannot write builds here: {exc.strerror}", self.path) from None

    @contextmanager
    def new_release(self):
        """Yields an empty folder for the next build; publishes it only if the block completes. A failure to
        write (a full disk) is an error naming the folder; the previous build stays current."""
        self.check_writable()
        try:
            with self._new_release() as work:
                yield work
        except OSError as exc:
            raise KgError(
                f"cannot write the build: {exc.strerror or exc}" + (f" ({exc.filename})" if exc.filename else ""),
                self.path,
            ) from None

    @contextmanager
    def _new_release(self):
        with open(self.path / ".lock", "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise KgError("another build is running in this build directory", self.path) from None
            for stale in self.releases.glob("*" + PARTIAL):  # left by a build that was killed: we hold the lock
                shutil.rmtree(stale, ignore_errors=True)
            work = Path(tempfile.mkdtemp(prefix=time.strftime("%Y%m%dT%H%M%S-"), suffix=PARTIAL, dir=self.releases))
            work.chmod(0o755)
            try:
                yield work
            except BaseException:
                shutil.rmtree(work, ignore_errors=True)
                raise
            final = work.with_name(work.name.removesuffix(PARTIAL))
            os.rename(work, final)
            previous = self.current.resolve() if self.current.is_symlink() else None
            link = self.path / ".current.new"
            if link.is_symlink() or link.exists():
                link.unlink()
            os.symlink(os.path.relpath(final, self.path), link)
            _fsync_dir(self.releases)
            os.replace(link, self.current)
            _fsync_dir(self.path)
            self._prune(keep={final.resolve(), previous})

    def _prune(self, keep: set) -> None:
        for entry in self.releases.iterdir():
            if entry.resolve() not in keep:
                shutil.rmtree(entry, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class StoreMissing(KgError):
    """No store folder where one was named (or where a build was, until newer builds replaced it)."""


def require_store(path: Path) -> None:
    """Fail, naming the path, where no store folder is."""
    if not path.is_dir():
        raise StoreMissing("no Oxigraph store here (a store is a folder, such as build/current/store)", path)


def open_store(path: Path) -> ox.Store:
    """An Oxigraph store folder, read-only."""
    require_store(path)
    try:
        return ox.Store.read_only(str(path))
    except (OSError, RuntimeError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise KgError(
            f"cannot open the store (is it damaged? `csto-kg build` makes a new one): {first}", path
        ) from None
