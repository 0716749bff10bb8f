"""Files as the project writes them: atomically (beside the target, then renamed), and RDF in the project's own
layout (a comment saying what the file is, the prefixes it uses, pyoxigraph's serializer)."""

from __future__ import annotations

import os
import stat
import sys
import uuid
from pathlib import Path

import pyoxigraph as ox

from . import namespaces as ns
from .errors import KgError
from .formats import rdf_syntax


def write_atomically(data: bytes, target: Path) -> None:
    """Write beside the target, then rename: a failed export never leaves half a file where the old one was.
    `-` is standard output. A device, a FIFO, or a link to one (/dev/stdout) is written in place, never replaced
    by a file; a link to a file keeps being the link: the file it points to is what is replaced."""
    if str(target) == "-":
        out = sys.stdout.buffer
        out.write(data)
        out.flush()
        return
    try:
        status = os.stat(target)  # follows links
    except FileNotFoundError:
        status = None
    except OSError as exc:
        raise KgError(f"cannot write: {exc.strerror}", target) from None
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise KgError("cannot write: it is a folder", target)
    real = os.path.realpath(target)
    if status is not None and (not stat.S_ISREG(status.st_mode) or real.startswith(("/proc/", "/dev/"))):
        try:
            with open(target, "wb") as stream:
                stream.write(data)
        except OSError as exc:
            raise KgError(f"cannot write: {exc.strerror}", target) from None
        return
    target = Path(real) if os.path.islink(target) else target
    # a name of its own: two commands writing one file at once each rename a whole file of theirs over it
    temporary = target.with_name(f".{uuid.uuid4().hex[:12]}.{target.name}.partial")
    try:
        temporary.write_bytes(data)
        temporary.replace(target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise KgError(f"cannot write: {exc.strerror}", target) from None


def turtle(triples, header: str, syntax: str = "turtle", more_prefixes: dict | None = None) -> bytes:
    """Triples (or quads, for TriG) as the project's files look: a comment saying what they are, then the
    prefixes, written by pyoxigraph's serializer (never by string formatting)."""
    triples = list(triples)
    comment = "".join(f"# {line}\n" for line in header.splitlines())
    iris = {t.value for triple in triples for t in triple if isinstance(t, ox.NamedNode)}
    iris |= {t.datatype.value for triple in triples for t in triple if isinstance(t, ox.Literal)}
    known = {**ns.PREFIXES, **(more_prefixes or {})}
    used = {p: n for p, n in known.items() if any(iri.startswith(n) for iri in iris)}
    return comment.encode() + ox.serialize(triples, format=rdf_syntax(syntax), prefixes=used)
