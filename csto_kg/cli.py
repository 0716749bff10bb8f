"""The `csto-kg` command line: one click group, a command per task.

Heavy modules (rdflib, owlready2, pyshacl, the build) are imported inside the commands that need them, so
that read-only commands such as `csto-kg query` start fast.
"""

from __future__ import annotations

import datetime
import errno
import os
import sys
from pathlib import Path

import click

from . import __version__
from .choices import ACCEPT_ABOVE, ENGINES, EXPORT_FORMATS, FORMATS, GRAPH_FORMATS, LANGUAGES, REPORT_FORMATS
from .errors import KgError


class KgGroup(click.Group):
    """Turns our errors into click errors: a message on stderr and the error's exit code, never a traceback. An
    error of the system (a full disk, standard output closed or full) is one line too."""

    def main(self, args=None, *rest, **options):
        arguments = sys.argv[1:] if args is None else list(args)
        for position, argument in enumerate(arguments, start=1):
            if isinstance(argument, str) and any("\udc80" <= c <= "\udcff" for c in argument):
                shown = argument.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                click.echo(f"Error: argument {position} ({shown!r}) is not valid UTF-8: give text in UTF-8", err=True)
                sys.exit(2)
        return super().main(args, *rest, **options)

    def invoke(self, ctx):
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # here, not at exit: a full or closed output is then an error we report
            return result
        except KgError as exc:
            error = click.ClickException(str(exc))
            error.exit_code = exc.exit_code
            raise error from None
        except KeyboardInterrupt:  # Ctrl-C before or after a query's own handling (limits.within): the same answer
            click.echo("\nInterrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:  # the reader went away (| head): nothing more to say, and nothing to say it to
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        except OSError as exc:
            where = f": {exc.filename}" if exc.filename else ""
            if exc.errno in (errno.ENOSPC, errno.EIO, errno.EDQUOT) and not exc.filename:
                where = " (standard output)"
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            error = click.ClickException(f"{exc.strerror or exc}{where}")
            error.exit_code = 2
            raise error from None


class Workspace:
    """What a command works on: the project, the build folder, the store it reads, and a remote endpoint."""

    endpoint = None  # a remote.Endpoint when --endpoint (or --update-endpoint, --graph-store) is given

    def __init__(
        self, root: str | None, build_dir: str | None, store_path: str | None = None, checked_only: bool = False
    ):
        self._root, self._build_dir, self._store_path = root, build_dir, store_path
        self.checked_only = checked_only

    @property
    def project(self):
        from .project import find_project

        return find_project(self._root)

    @property
    def build_dir(self):
        from .store import BuildDir

        return BuildDir(Path(self._build_dir) if self._build_dir else self.project.root / "build")

    @property
    def store_path(self) -> Path:
        """The store folder commands read: --store, else the current build's (with --checked-only, its store of
        the claims a person checked)."""
        if self._store_path:
            return Path(self._store_path)
        if self.checked_only:
            from .build import CHECKED
            from .errors import NoBuild

            build_dir = self.build_dir
            if not build_dir.exists():
                raise NoBuild(build_dir.path)
            if not (build_dir.current / CHECKED).is_dir():
                raise KgError("--checked-only: this build has no store of the checked claims: run `csto-kg build`")
            return build_dir.current / CHECKED
        return self.build_dir.current / "store"

    def names(self):
        """The graph's names (querying.Names), from the endpoint when one is given, else from the store."""
        from .querying import Names

        if self.endpoint and self.endpoint.query_url:
            return Names.of_endpoint(self.endpoint)
        return Names.of_store(self.store())

    def store(self):
        if self._store_path or self.checked_only:
            from .store import open_store

            return open_store(self.store_path)
        return self.build_dir.open_store()


pass_workspace = click.make_pass_decorator(Workspace)


def defaulted(*names: str, default, **options):
    """An option whose default is shown in --help (every option that has one)."""
    return click.option(*names, default=default, show_default=True, **options)


class FiniteRange(click.FloatRange):
    """A number within bounds, never NaN (which every comparison, so every range check, lets through)."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if number != number:
            self.fail(f"{value!r} is not a number", param, ctx)
        return number


def ranged(name: str, default, low=None, high=None, *, help: str):
    """An option taking a number within bounds, its default shown: every limit, timeout and count of the CLI."""
    kind = FiniteRange if isinstance(default, float) else click.IntRange
    return defaulted(name, type=kind(low, high), default=default, help=help)


def lang_option(command):
    """--lang, the same everywhere."""
    return defaulted(
        "--lang",
        type=click.Choice(LANGUAGES),
        default="en",
        help="Language of labels and messages: en or ru.",
    )(command)


def output_options(command):
    """The options every command that prints rows shares."""
    command = defaulted(
        "-f",
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        help="Output format: table for people, csv/tsv/markdown for documents, json = SPARQL 1.1 Results JSON.",
    )(command)
    return lang_option(command)


def wikidata_options(command):
    """Where `link` and `enrich` get Wikidata's data from."""
    for option in reversed(
        (
            click.option(
                "--endpoint",
                metavar="URL",
                help="Ask this SPARQL endpoint (e.g. https://query.wikidata.org/sparql) instead of the shipped "
                "snapshot.",
            ),
            click.option(
                "--snapshot",
                type=click.Path(exists=True, dir_okay=False, path_type=Path),
                help="The Wikidata snapshot to use. Default: graph/wikidata/snapshot.ttl.",
            ),
            ranged("--timeout", 30.0, 0.1, help="Seconds the endpoint may take for a whole answer."),
            ranged("--retries", 3, 0, 10, help="Retries on HTTP 429 and 5xx (with back-off, honouring Retry-After)."),
        )
    ):
        command = option(command)
    return command


def wikidata_source(workspace: "Workspace", endpoint, snapshot, timeout, retries):
    """(the source, what the data is based on, its date) for the wikidata_options given."""
    import datetime

    from .wikidata import SNAPSHOT, EndpointSource, SnapshotSource

    if endpoint:
        return EndpointSource(endpoint, timeout=timeout, retries=retries), endpoint, datetime.date.today().isoformat()
    source = SnapshotSource(snapshot or workspace.project.snapshot_file)
    return source, SNAPSHOT, source.snapshot_date() or datetime.date.today().isoformat()


def endpoint_options(command):
    """A SPARQL server's URLs and credentials: given before the command (for every command that reads the graph
    there) or after `push`."""
    for option in reversed(
        (
            click.option(
                "--endpoint",
                "endpoint_url",
                metavar="URL",
                envvar="CSTO_KG_ENDPOINT",
                help="A SPARQL 1.1 query endpoint holding the graph: `query` and `sparql` run there (after `push`).",
            ),
            click.option(
                "--update-endpoint",
                metavar="URL",
                envvar="CSTO_KG_UPDATE_ENDPOINT",
                help="Its SPARQL Update endpoint (for `push`).",
            ),
            click.option(
                "--graph-store",
                metavar="URL",
                envvar="CSTO_KG_GRAPH_STORE",
                help="Its Graph Store Protocol endpoint (for `push`; preferred).",
            ),
            click.option("--user", envvar="CSTO_KG_USER", help="User for HTTP basic authentication with the endpoint."),
            click.option(
                "--password",
                envvar="CSTO_KG_PASSWORD",
                help="Password (better: the CSTO_KG_PASSWORD environment variable).",
            ),
        )
    ):
        command = option(command)
    return command


def emit(variables, rows, fmt: str) -> None:
    """Rows printed as they come (a table once they are all in; an XML document once it is whole, in memory or in
    a temporary file, as a value it cannot hold stops it: never half a document)."""
    from .output import write_rows

    if fmt != "xml":
        write_rows(variables, rows, fmt, lambda text: click.echo(text, nl=False), terminal_width())
        return
    import shutil
    import tempfile

    with tempfile.SpooledTemporaryFile(8 << 20, mode="w+", encoding="utf-8") as held:
        write_rows(variables, rows, fmt, held.write)
        held.seek(0)
        sys.stdout.flush()
        shutil.copyfileobj(held, sys.stdout)


def terminal_width() -> int:
    """The width text for people is folded to: $COLUMNS, else the terminal's, else 80 (a file or a pipe)."""
    import shutil

    return shutil.get_terminal_size((80, 24)).columns


def timeout_option(command):
    """--timeout and --max-memory-mb: what a command's query may take."""
    command = ranged(
        "--max-memory-mb",
        1024,
        0,
        help="Megabytes of memory the query may take; past them it is stopped (exit 4). 0: no bound.",
    )(command)
    return ranged(
        "--timeout",
        60.0,
        0,
        help="Seconds the query may run; then it is stopped (exit 3). 0: no limit. Ctrl-C stops it too.",
    )(command)


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="csto-kg")
@click.option(
    "--root",
    type=click.Path(file_okay=False),
    envvar="CSTO_KG_ROOT",
    help="Project folder (with ontology/ and graph/). Default: the working directory, or the nearest folder "
    "above it that is a project.",
)
@click.option(
    "--build-dir",
    type=click.Path(file_okay=False),
    envvar="CSTO_KG_BUILD",
    help="Where builds go and are read from. Default: ROOT/build.",
)
@click.option(
    "--store",
    "store_path",
    type=click.Path(file_okay=False),
    envvar="CSTO_KG_STORE",
    help="Read this Oxigraph store folder instead of the current build's (BUILD_DIR/current/store).",
)
@click.option(
    "--checked-only",
    is_flag=True,
    envvar="CSTO_KG_CHECKED_ONLY",
    help="Keep to the claims a person checked: leave out those accepted without one (review --accept-above), with "
    "what the build found from them. For every command that reads the build: query, sparql, why, stats, export, "
    "timeline, diagram, serve.",
)
@endpoint_options
@click.pass_context
def main(ctx, root, build_dir, store_path, checked_only, endpoint_url, update_endpoint, graph_store, user, password):
    """A knowledge graph of the January 2022 unrest in Kazakhstan and the CSTO peacekeeping mission.

    Every fact carries its evidence: the source article, the quote, and its character offsets.

    \b
    Start with:
      csto-kg build                 # check the data and write build/
      csto-kg query timeline        # the chronology of January 2022
      csto-kg why tokayev           # the sentences behind every fact about an entity
    """
    ctx.obj = Workspace(root, build_dir, store_path, checked_only)
    explicit = click.core.ParameterSource.COMMANDLINE
    if checked_only:
        readers = ("query", "sparql", "why", "stats", "export", "timeline", "diagram", "serve")
        if ctx.invoked_subcommand not in readers:
            raise click.UsageError(f"--checked-only applies to {', '.join(readers)}, not {ctx.invoked_subcommand}")
        if store_path or endpoint_url:
            raise click.UsageError("--checked-only reads the build's own store: not with --store or --endpoint")
    if ctx.invoked_subcommand not in (None, "query", "sparql", "push", "validate") and explicit in (
        ctx.get_parameter_source("endpoint_url"),
        ctx.get_parameter_source("update_endpoint"),
        ctx.get_parameter_source("graph_store"),
    ):
        raise click.UsageError(
            f"--endpoint, --update-endpoint and --graph-store apply to query, sparql, validate and push; "
            f"{ctx.invoked_subcommand} reads the embedded store (see --store)"
        )
    if endpoint_url or update_endpoint or graph_store:
        from .remote import Endpoint

        ctx.obj.endpoint = Endpoint(endpoint_url or "", update_endpoint, graph_store, user, password)


@main.command("build")
@click.option("--no-hermit", is_flag=True, help="Skip the HermiT consistency proof (for machines without Java).")
@click.option(
    "--allow-invalid",
    is_flag=True,
    help="Publish the build even if it violates the shapes (the violations are printed).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@pass_workspace
def build_command(workspace, no_hermit, allow_invalid, quiet):
    """Check the data and write the dataset, the graph and the store to the build folder.

    Reads ontology/, graph/sources/, graph/*.ttl and graph/claims/; resolves every quote to offsets in its
    source; materialises what the ontology entails; proves the whole consistent with HermiT; then writes
    build/current/ (dataset.trig, dataset.nq, graph.ttl, ontology.ttl, build-info.json, store/).
    Atomic: if anything fails, the previous build stays in place. Exit 0 built, 1 a check failed, 2 bad input.
    """
    from .build import build as run_build

    log = (lambda m: None) if quiet else (lambda m: click.echo(f"· {m}", err=True))
    report = run_build(
        workspace.project, workspace.build_dir, run_hermit=not no_hermit, allow_invalid=allow_invalid, log=log
    )
    from .namespaces import curie

    if report.findings and (not quiet or allow_invalid):
        from collections import Counter

        from .shacl.report import summary

        click.echo(f"validation: {summary(report.findings, 'en')}", err=True)
        for (severity, shape), n in sorted(Counter((f.severity, f.shape) for f in report.findings).items()):
            click.echo(f"  {severity:9} {n:4} × {curie(shape)}", err=True)
        click.echo("  (details: csto-kg validate)", err=True)
    if report.disagreements and not quiet:
        click.echo(
            f"warning: the sources disagree in {len(report.disagreements)} place(s) (details: csto-kg query conflicts)",
            err=True,
        )
        for line in report.disagreements:
            click.echo(f"  {line}", err=True)
    if report.set_aside and not quiet:
        click.echo(
            f"warning: {len(report.set_aside)} statement(s) set aside, kept but out of the default answers:", err=True
        )
        told = set()  # one line a claim and reason: a holding set aside whole is three statements for one reason
        for s in report.set_aside:
            if (s.claim.iri, s.reason) in told:
                continue
            told.add((s.claim.iri, s.reason))
            where = f"{s.claim.file.shown_as}:{s.claim.file.line_of(s.claim.iri)}"
            click.echo(
                f"  {'source error' if s.standing == 'Contradicted' else 'outvoted'}: {curie(s.claim.iri)} ({where}): "
                f"{s.reason}",
                err=True,
            )
    if not quiet:
        c = report.counts
        click.echo(
            f"built {workspace.build_dir.current}: {c['quads']} quads ({c['asserted']} asserted, {c['inferred']} "
            f"inferred), "
            f"{c['claims']} claims ({c['inferred_claims']} inferred), {c['quotes']} quotes, {c['sources']} source(s), "
            f"{c['disagreements']} disagreement(s); "
            f"HermiT: {report.hermit}; {report.seconds['total']:.2f} s",
            err=True,
        )


@main.command("pipeline")
@click.option(
    "--input", "input_dir", type=click.Path(file_okay=False, path_type=Path), help="A folder of new articles."
)
@click.option(
    "--metadata",
    type=click.Path(dir_okay=False, path_type=Path),
    help="With --input: the articles' table, CSV or Parquet: file, publisher, published, lang, url.",
)
@defaulted("--master", default="local[2]", help="Spark's master: local[N] on this machine, or a cluster's URL.")
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path), required=True, help="Output folder.")
@ranged("--partitions", 0, 0, help="Input partitions (0: Spark's default parallelism).")
@ranged("--shards", 16, 1, 100000, help="Output shards (N-Quads files), by a hash of the event: fixed by this alone.")
@ranged(
    "--accept-above",
    ACCEPT_ABOVE,
    0,
    1,
    help="With --input: accept extract's candidates of this confidence or more (the default: the measured bar).",
)
@click.option("--accepted-at", metavar="DATETIME", help="The xsd:dateTime recorded with each accepted claim (now).")
@ranged("--max-refusals", 0, 0, help="Commit the output when at most this many articles or claims are refused.")
@click.option(
    "--no-whole-graph",
    is_flag=True,
    help="Leave the constraints and checks no node's neighbourhood decides to `validate --endpoint` after `push` "
    "(for an output no disk of the driver holds); findings.json then has the rest.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@pass_workspace
def pipeline_command(
    workspace, input_dir, metadata, master, output, partitions, shards, accept_above, accepted_at, max_refusals,
    no_whole_graph, quiet,
):  # fmt: skip
    """Run the build's work on Apache Spark, from a handful of articles to millions.

    Without --input: the project's own sources and claims, giving the dataset `build` gives (its quads, every
    named graph). With --input DIR --metadata FILE: each article gets add's checks, then extract, and the
    candidates of confidence --accept-above or more that the build would take are accepted without a person
    (attributed to extract, kgo:UncheckedClaim; claims.csv says which claims a person checked). A refused article
    or claim is a row of refusals.csv with its reason; more than --max-refusals of them and nothing is written
    (exit 2). findings.json holds what `csto-kg validate` finds in the same dataset: the constraints each node's
    neighbourhood decides, run per node on Spark, and the rest on the whole output on this machine (or, with
    --no-whole-graph, on a server after `push`: `csto-kg validate --endpoint URL`). DIR is written beside and
    renamed into place at the end: a failed run leaves no partial output.

    \b
    Examples:
      csto-kg pipeline --output build/pipeline
      csto-kg pipeline --input articles/ --metadata articles.csv --master 'local[4]' --output out/
      csto-kg --graph-store http://127.0.0.1:7878/store push out/
    """
    from .pipeline.run import run_pipeline

    log = (lambda m: None) if quiet else (lambda m: click.echo(f"· {m}", err=True))
    if metadata is not None and input_dir is None:
        raise click.UsageError("--metadata goes with --input")
    build_store = workspace.build_dir.current / "store" if input_dir is not None else None
    report = run_pipeline(
        workspace.project, output, master=master, input_dir=input_dir, metadata=metadata,
        partitions=partitions or None, shards=shards, accept_above=accept_above, accepted_at=accepted_at,
        max_refusals=max_refusals, build_store=build_store, whole_graph=not no_whole_graph, log=log,
    )  # fmt: skip
    for r in report.refusals:
        click.echo(f"refused: {r.file}: {r.reason}", err=True)
    if not quiet:
        for line in report.disagreements:
            click.echo(f"  disagreement: {line}", err=True)
        c = report.counts
        click.echo(
            f"wrote {report.output}: {c['quads']} quads in {c['shards']} shards ({c['inferred']} inferred), "
            f"{c['claims']} claims ({c['unchecked_claims']} accepted by extract, no person), "
            f"{c['disagreements']} disagreement(s), {c['refused']} refused; {report.seconds['total']:.1f} s",
            err=True,
        )
        from collections import Counter

        shown = Counter(row[0] for row in report.findings)
        click.echo(
            "findings: "
            + (", ".join(f"{n} {severity.lower()}(s)" for severity, n in sorted(shown.items())) or "none")
            + ("" if report.findings_scope == "complete" else f" ({report.findings_scope})"),
            err=True,
        )


@main.command()
@output_options
@click.option("--all", "everything", is_flag=True, help="Count terms of every vocabulary, not only kgo:.")
@click.option("--asserted", is_flag=True, help="Leave out what reasoning inferred.")
@pass_workspace
def stats(workspace, fmt, lang, everything, asserted):
    """Count the graph: totals, instances per class, uses of each property."""
    from .stats import stats_rows

    variables, rows = stats_rows(workspace.store(), lang=lang, everything=everything, asserted=asserted)
    emit(variables, rows, fmt)


@main.command()
@click.argument("entity")
@defaulted(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(("text",) + FORMATS),
    default="text",
    help="text groups facts by claim; the others print one row per fact and quote.",
)
@lang_option
@pass_workspace
def why(workspace, entity, fmt, lang):
    """Print the source sentences behind every fact about ENTITY, with character offsets.

    ENTITY is a name (tokayev), a CURIE (kg:tokayev), an IRI, or a label or alias in any language
    (Токаев, CSTO). A plan (kgo:realisedBy) is followed by what carried it out, with its own sources.
    """
    from .namespaces import curie
    from .why import explain, realisations

    store = workspace.store()
    iri = _entity(store, entity, workspace.names())
    explanations = [explain(store, iri, lang)]
    explanations += [explain(store, event, lang) for event in realisations(store, iri)]  # a plan: what carried it out
    if fmt == "text":
        from .output import wrap_text

        text = explanations[0].as_text()
        for done in explanations[1:]:
            text += f"\n=== {curie(iri.value)} was realised by {curie(done.entity.value)}, reported as it happened:\n\n"
            text += done.as_text()
        click.echo(wrap_text(text, terminal_width()), nl=False)
    else:
        emit(explanations[0].variables, [row for e in explanations for row in e.rows], fmt)


def _entity(store, name: str, names):
    """The entity a command is given (see why.resolve_entity); text that is no IRI nor any name is an error."""
    from .why import resolve_entity

    try:
        return resolve_entity(store, name, names)
    except ValueError as exc:  # it read as an IRI, and is not one
        raise KgError(f"no entity {name!r} in the graph: not a name, and not an IRI ({exc})") from None


@main.command("validate")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--shapes",
    "shape_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Shapes file(s) to use instead of shapes/*.ttl. Repeat for several.",
)
@click.option(
    "--base",
    metavar="IRI",
    help="Base IRI for relative IRIs in FILES and --shapes (default: each file's own file: URL).",
)
@click.option(
    "--check-shapes",
    is_flag=True,
    help="First check the shapes against SHACL-for-SHACL (pySHACL's copy), and stop if they do not conform.",
)
@defaulted(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(REPORT_FORMATS),
    default="human",
    help="human: grouped by shape; table: one row per result; json; turtle: a SHACL validation report.",
)
@lang_option
@defaulted(
    "--engine",
    type=click.Choice(ENGINES),
    default="fast",
    help="fast: the shapes run as SPARQL on the store; pyshacl: the reference engine (slow on large graphs).",
)
@click.option(
    "--endpoint",
    "endpoint_url",
    metavar="URL",
    help="Check the graph a SPARQL server holds (after `push`): the shapes' compiled queries and the checks run "
    "there, with the findings the same data gives here. Its default graph must be the union of its graphs.",
)
@click.pass_context
def validate_command(ctx, files, shape_files, base, check_shapes, fmt, lang, engine, endpoint_url):
    """Check the graph, or RDF FILES, against the SHACL shapes and the whole-graph checks.

    With no FILES it checks the current build; with --endpoint URL (or the global --endpoint) the graph on that
    SPARQL server, as `push` loaded it (labels in the report come from there too). FILES are checked with the
    project's ontology beside them (SHACL finds instances of subclasses through rdfs:subClassOf in the data) and
    its checks; with --shapes they are checked as they are, against those shapes only. Literals are judged as
    written.

    Exit 0 conforms (warnings and infos allowed), 1 does not conform (a violation), 2 error: unreadable input,
    broken shapes, or something SHACL leaves undefined or forbids (recursive shapes, MINUS in a SPARQL constraint),
    which is refused by name, never skipped. The turtle report is SHACL's: its sh:conforms is false for any result.

    \b
    Examples:
      csto-kg validate
      csto-kg validate my-claims.ttl --lang ru
      csto-kg validate -f turtle > report.ttl
      csto-kg validate data.ttl --shapes my-shapes.ttl --base http://example.org/
      csto-kg validate --endpoint http://127.0.0.1:7878/query
    """
    import pyoxigraph as ox

    from .formats import rdf_syntax
    from .namespaces import ONTOLOGY_GRAPH
    from .shacl.findings import conforms
    from .shacl.report import Context, render_report
    from .shacl.validation import load_data_files, load_shapes, project_files
    from .shacl.validation import validate as run

    workspace = ctx.find_object(Workspace)
    project = workspace.project
    shapes = load_shapes(list(shape_files) or sorted(project.shapes_dir.glob("*.ttl")), project.relative, base)
    written = False
    remote = _remote_store(workspace, endpoint_url)
    if remote is not None and (files or engine != "fast"):
        raise click.UsageError("--endpoint checks the server's graph with the fast engine: not with FILES or --engine")
    if remote is not None:
        located, store = project_files(project), remote
    elif files:
        store = ox.Store()
        located, written = load_data_files(list(files), store, base)
        if not shape_files:
            for path in sorted(project.ontology_dir.glob("*.ttl")):
                store.load(path=str(path), format=rdf_syntax("turtle"), to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
    else:
        located = project_files(project)
        store = workspace.store()
    checks = None if files and shape_files else project.queries_dir / "checks"
    findings = run(store, shapes, checks, engine=engine, meta_shacl=check_shapes, written=written)
    click.echo(render_report(findings, fmt, Context(store, located, lang), terminal_width()), nl=False)
    ctx.exit(0 if conforms(findings) else 1)


def _remote_store(workspace: Workspace, endpoint_url: str | None):
    """The server `validate` reads (--endpoint after the command, else before it), as a store; None for none."""
    from .remote import Endpoint, EndpointStore

    given = workspace.endpoint
    if endpoint_url:
        given = Endpoint(endpoint_url, user=given and given.user, password=given and given.password)
    return EndpointStore(given) if given is not None and given.query_url else None


@main.command("queries")
@output_options
@pass_workspace
def list_queries(workspace, fmt, lang):
    """List the canned queries: name, title and parameters."""
    import pyoxigraph as ox

    from .catalogue import load_catalogue

    rows = [
        [
            ox.Literal(q.name),
            ox.Literal(q.title),
            ox.Literal(
                ", ".join(f"{p.name} ({p.type}{', default ' + p.default if p.default else ''})" for p in q.params)
            ),
        ]
        for q in load_catalogue(workspace.project.queries_dir).values()
    ]
    emit(["name", "title", "parameters"], rows, fmt)


class QueryCommand(click.Command):
    """`query --help` ends with the catalogue: what can be asked, and with which parameters."""

    def format_epilog(self, ctx, formatter):
        from .catalogue import load_catalogue

        workspace = ctx.find_object(Workspace)
        try:
            catalogue = load_catalogue(workspace.project.queries_dir) if workspace else {}
        except KgError:
            return
        with formatter.section("Canned queries"):
            formatter.write_dl(
                [
                    (q.name, q.title + "".join(f"; -p {p.name} {p.example}" for p in q.params if p.name != "lang"))
                    for q in catalogue.values()
                ]
            )


@main.command(cls=QueryCommand)
@click.argument("name")
@click.option(
    "-p",
    "--param",
    "params",
    type=(str, str),
    multiple=True,
    metavar="NAME VALUE",
    help="A parameter of the query; repeat for several. See `csto-kg queries`.",
)
@output_options
@timeout_option
@pass_workspace
def query(workspace, name, params, fmt, lang, timeout, max_memory_mb):
    """Run the canned query NAME with its parameters.

    \b
    Examples:
      csto-kg query timeline
      csto-kg query timeline -p from 2022-01-05 -p to 2022-01-11 --lang ru
    """
    from .catalogue import load_query
    from .limits import within
    from .querying import run_query

    canned = load_query(workspace.project.queries_dir, name)
    given = dict(params)
    if any(p.name == "lang" for p in canned.params):
        given.setdefault("lang", lang)
    remote = bool(workspace.endpoint and workspace.endpoint.query_url)
    canned.check(given)  # a wrong parameter is said before anything runs

    def work():  # the store is opened here, in the process whose memory is bounded
        from .querying import Names

        store = None if remote else workspace.store()
        names = None
        if canned.reads_names():  # labels and entities read against the graph's names, here or on the server
            names = Names.of_endpoint(workspace.endpoint) if remote else Names.of_store(store)
        read_as: list[str] = []
        bindings = canned.bindings(given, names=names, read_as=read_as)
        for note in read_as:
            click.echo(note, err=True)
        if remote:
            emit(*workspace.endpoint.select(canned.text, bindings), fmt)
        else:
            answer = run_query(store, canned.text, bindings, where=f"queries/{name}.rq", stream=True)
            emit(answer.variables, answer.rows, fmt)

    within(timeout, work, f"query {name}", max_memory_mb)


@main.command()
@click.argument("shards", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@endpoint_options
@pass_workspace
def push(workspace, shards, endpoint_url, update_endpoint, graph_store, user, password):
    """Load the current build (or SHARDS, a folder of .nq shards `csto-kg pipeline` wrote) into a SPARQL 1.1
    server, replacing each of its named graphs.

    Give the server's Graph Store Protocol URL (--graph-store, preferred) or its SPARQL Update URL
    (--update-endpoint), before the command name or after it.

    The server should treat its default graph as the union of all graphs (Oxigraph: --union-default-graph;
    Virtuoso does by default), so that the canned queries find the facts in the claims' graphs.

    \b
    Examples:
      csto-kg --graph-store http://127.0.0.1:7878/store --endpoint http://127.0.0.1:7878/query push
      csto-kg --endpoint http://127.0.0.1:7878/query query timeline
    """
    if endpoint_url or update_endpoint or graph_store:  # given after `push`: they win over those before it
        from .remote import Endpoint

        before = workspace.endpoint
        workspace.endpoint = Endpoint(
            endpoint_url or (before.query_url if before else ""),
            update_endpoint or (before and before.update_url),
            graph_store or (before and before.graph_store_url),
            user or (before and before.user),
            password or (before and before.password),
        )
    if workspace.endpoint is None or not (workspace.endpoint.graph_store_url or workspace.endpoint.update_url):
        raise KgError("push needs --graph-store URL (Graph Store Protocol) or --update-endpoint URL (SPARQL Update)")
    if shards is not None:
        import pyoxigraph as ox

        from .formats import rdf_syntax

        files = sorted(shards.glob("*.nq"))
        if not files:
            raise KgError("no .nq shard in this folder (csto-kg pipeline --output writes them)", shards)
        quads = []
        for path in files:  # a graph's quads may lie in several shards: gathered, then each graph replaced once
            try:
                quads += ox.parse(path=str(path), format=rdf_syntax("nquads"))
            except SyntaxError as exc:
                raise KgError(f"syntax error: {exc.msg}", path, exc.lineno) from None
    else:
        quads = list(workspace.store())
    graphs = len({q.graph_name for q in quads})
    with click.progressbar(length=graphs, label="loading graphs", file=sys.stderr) as bar:
        loaded = workspace.endpoint.load(quads, progress=bar.update)
    click.echo(f"loaded {len(quads)} quads in {loaded} graphs", err=True)


@main.command("export")
@click.option(
    "-f",
    "--format",
    "syntax",
    type=click.Choice(EXPORT_FORMATS),
    default=None,
    help="RDF syntax. Default: from the -o file's extension, else turtle.",
)
@defaulted(
    "--profile",
    type=click.Choice(("full", "schema", "wikidata")),
    default="full",
    help="full: every graph (claims, evidence, inferences, ontology); schema: schema.org terms only, as a search "
    "engine reads them; wikidata: Wikidata's terms, with linked entities as wd: items.",
)
@click.option(
    "--framed", is_flag=True, help="JSON-LD only: one object per event with its participants and places nested."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="File to write (atomically; a device or FIFO in place; - is standard output). Default: standard output.",
)
@pass_workspace
def export_command(workspace, syntax, profile, framed, output):
    """Export the build as Turtle, TriG, N-Quads, N-Triples, JSON-LD or RDF/XML.

    TriG and N-Quads keep the named graphs (one per claim, the evidence, the inferences); Turtle, N-Triples,
    RDF/XML and JSON-LD, and the schema and wikidata profiles, merge them into the default graph. JSON-LD is
    compacted with the shipped context (ontology/csto-kg.context.jsonld: short keys, labels as language maps).

    \b
    Examples:
      csto-kg export -o build/csto-kg.trig
      csto-kg export -f jsonld --framed -o events.jsonld
      csto-kg export --profile schema -f jsonld -o schema.jsonld
      csto-kg export --profile wikidata -f ntriples | head
    """
    from .export import export as run_export
    from .files import write_atomically
    from .formats import RDF_DATA, by_suffix

    if syntax is None and output and str(output) != "-":
        known = by_suffix(output.suffix, RDF_DATA)
        if known is None:
            raise click.BadParameter(
                f"{output}: cannot tell an RDF syntax from {output.suffix or 'a name without a suffix'!r}; give "
                f"-f {'|'.join(EXPORT_FORMATS)} or a suffix such as .ttl, .trig, .nq, .nt, .jsonld, .rdf",
                param_hint="'-o'",
            )
        syntax = known.name
    syntax = syntax or "turtle"
    data = run_export(workspace.store(), workspace.project, syntax, profile, framed=framed)
    if output and str(output) != "-":
        write_atomically(data, output)
        click.echo(f"wrote {output} ({len(data):,} bytes, {syntax}, profile {profile})", err=True)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)


@main.command("timeline")
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="FILE.svg or FILE.png"
)
@defaulted("--from", "first", default="2022-01-01", help="First day shown (YYYY-MM-DD).")
@defaulted("--to", "last", default="2022-01-31", help="Last day shown (YYYY-MM-DD).")
@lang_option
@pass_workspace
def timeline_picture(workspace, output, first, last, lang):
    """Draw the events on a time axis: a dot for a day, a bar for an interval, colour by event type.

    \b
    Examples:
      csto-kg timeline -o timeline.svg
      csto-kg timeline -o хроника.png --lang ru --from 2022-01-05 --to 2022-01-14
    """
    from .catalogue import find_query, load_catalogue
    from .files import write_atomically
    from .pictures import picture_format, svg_to_png, timeline_marks, timeline_svg
    from .querying import run_select

    fmt = picture_format(output)
    canned = find_query(load_catalogue(workspace.project.queries_dir), "timeline")
    variables, rows = run_select(
        workspace.store(),
        canned.text,
        canned.bindings({"from": first, "to": last, "lang": lang}),
        where="queries/timeline.rq",
    )
    svg = timeline_svg(timeline_marks(variables, rows), lang)
    write_atomically(svg.encode("utf-8") if fmt == "svg" else svg_to_png(svg), output)
    click.echo(f"wrote {output}: {len(rows)} events", err=True)


@main.command()
@click.argument("entity", required=False)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="FILE.svg, FILE.png or FILE.dot",
)
@ranged("--depth", 1, 1, 5, help="With ENTITY: how many relations away to draw.")
@lang_option
@pass_workspace
def diagram(workspace, entity, output, depth, lang):
    """Draw the entity graph with Graphviz, or only ENTITY's neighbourhood.

    Nodes are people, organisations, places, offices and events, shaped by kind; edges are the relations the
    claims and the entity register assert. ENTITY: a name, CURIE, IRI, label or alias, as for `csto-kg why`.

    \b
    Examples:
      csto-kg diagram -o graph.svg
      csto-kg diagram kyrgyz-contingent --depth 2 -o kyrgyz.png --lang ru
    """
    from .files import write_atomically
    from .pictures import diagram_dot, picture_format, render_dot

    store = workspace.store()
    centre = _entity(store, entity, workspace.names()) if entity else None
    dot = diagram_dot(store, lang, centre, depth)
    fmt = picture_format(output, also=("dot",))
    data = dot.encode("utf-8") if fmt == "dot" else render_dot(dot, fmt)
    write_atomically(data, output)
    click.echo(f"wrote {output}: {dot.count(' -> ')} relations", err=True)


@main.command()
@output_options
@wikidata_options
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(("linked", "ambiguous", "below-threshold", "no-candidate")),
    help="Show only these decisions. Repeat for several.",
)
@click.option(
    "--reconciliation", is_flag=True, help="Print every candidate with its features as W3C Reconciliation API JSON."
)
@click.option(
    "--review", is_flag=True, help="Ask, link by link, which proposals to accept; then write the accepted ones."
)
@click.option(
    "--write",
    is_flag=True,
    help="Write the links into graph/wikidata/links.trig (atomically); `csto-kg build` then publishes them.",
)
@pass_workspace
def link(workspace, fmt, lang, endpoint, snapshot, timeout, retries, statuses, reconciliation, review, write):
    """Match every person, organisation, place, office and event to its Wikidata item, and say why.

    Offline by default: candidates come from the shipped snapshot (graph/wikidata/snapshot.ttl); --endpoint
    sends the same SPARQL to a live service. Each entity is linked (score at least 0.8 and 0.1 ahead of the
    next), ambiguous, below the threshold, or without a candidate; the reason column says which name, type
    and context evidence decided. Exit 0; 2 bad input; 3 the endpoint failed (unreachable, timeout, HTTP error,
    not SPARQL JSON).

    \b
    Examples:
      csto-kg link
      csto-kg link --status linked -f csv
      csto-kg link --reconciliation > candidates.json
      csto-kg link --endpoint http://127.0.0.1:7878/query
      csto-kg link --review            # accept or reject each proposal, then write graph/wikidata/links.trig
      csto-kg link --write && csto-kg build
    """
    import json

    import pyoxigraph as ox

    from .linking import Linker
    from .linking import reconciliation as as_reconciliation
    from .namespaces import WD
    from .namespaces import curie as ns_curie

    store = workspace.store()
    source, _, date = wikidata_source(workspace, endpoint, snapshot, timeout, retries)
    linker = Linker(store, source, lang)
    total = len(linker.entities())
    with click.progressbar(length=total * 3, label="linking", file=sys.stderr) as bar:
        decisions = linker.link_all(progress=bar.update)
    if statuses:
        decisions = [d for d in decisions if d.status in statuses]
    if reconciliation:
        click.echo(json.dumps(as_reconciliation(decisions), ensure_ascii=False, indent=1))
        return
    rows = [
        [
            ox.NamedNode(d.entity),
            ox.Literal(d.label),
            ox.Literal(d.kind),
            ox.Literal(d.status),
            ox.NamedNode(WD + d.qid) if d.qid else None,
            ox.Literal(f"{d.best.score:.2f}") if d.best else None,
            ox.Literal(d.reason),
        ]
        for d in decisions
    ]
    emit(["entity", "label", "kind", "status", "wikidata", "score", "reason"], rows, fmt)
    counts = {
        s: sum(d.status == s for d in decisions) for s in ("linked", "ambiguous", "below-threshold", "no-candidate")
    }
    click.echo(", ".join(f"{n} {s}" for s, n in counts.items()), err=True)
    if review or write:
        from .files import write_atomically
        from .wikidata import links_trig

        accepted = [d for d in decisions if d.qid]
        if review:
            accepted = [
                d
                for d in accepted
                if click.confirm(
                    f"link {ns_curie(d.entity)} «{d.label}» to wd:{d.qid} «{d.best.label}» ({d.best.score:.2f})?",
                    default=True,
                    err=True,
                )
            ]
        target = workspace.project.links_file
        from . import __version__

        method = f"csto-kg {__version__} linker on " + (
            f"the endpoint {endpoint}"
            if endpoint
            else f"the snapshot {snapshot.name if snapshot else 'graph/wikidata/snapshot.ttl'}"
        )
        method += ", reviewed" if review else ""
        links = [(d.entity, d.qid, d.best.score, d.reason) for d in accepted]
        write_atomically(links_trig(links, date, method).encode("utf-8"), target)
        click.echo(
            f"wrote {workspace.project.relative(target)}: {len(accepted)} links; run `csto-kg build` to publish them",
            err=True,
        )


@main.command()
@click.option(
    "-P",
    "--property",
    "properties",
    multiple=True,
    type=click.Choice(("P625", "P39", "P463", "P17", "P131")),
    help="Wikidata properties to copy (repeat). Default: all five: coordinates (P625), positions held with their "
    "start and end (P39), memberships (P463), country (P17), located in (P131).",
)
@wikidata_options
@pass_workspace
def enrich(workspace, properties, endpoint, snapshot, timeout, retries):
    """Copy chosen Wikidata statements about the linked items beside the article's facts, never mixed with them.

    Writes graph/wikidata/enrichment.trig: Wikidata's statements, in Wikidata's terms and on Wikidata's items,
    in the named graph <https://w3id.org/csto-kg/graph/wikidata-enrichment>, with what they are based on and
    when. `csto-kg build` publishes it; `csto-kg query wikidata-disagreements` shows where Wikidata and the
    article differ. Needs links: run `csto-kg link --write` and `csto-kg build` first.

    \b
    Examples:
      csto-kg enrich && csto-kg build && csto-kg query wikidata-disagreements
      csto-kg enrich -P P39 -P P463
    """
    from .enrichment import linked_items, statements
    from .files import write_atomically
    from .wikidata import enrichment_trig

    items = linked_items(workspace.store())
    if not items:
        raise KgError("the build has no Wikidata links: run `csto-kg link --write`, then `csto-kg build`")
    source, based_on, date = wikidata_source(workspace, endpoint, snapshot, timeout, retries)
    triples = statements(source, items, tuple(properties) or ("P625", "P39", "P463", "P17", "P131"))
    target = workspace.project.enrichment_file
    write_atomically(enrichment_trig(triples, based_on, date).encode("utf-8"), target)
    click.echo(
        f"wrote {workspace.project.relative(target)}: {len(triples)} statements about {len(items)} linked items; "
        "run `csto-kg build` to publish them",
        err=True,
    )


@main.command("serve")
@defaulted("--host", default="127.0.0.1", help="Address to listen on (loopback by default).")
@ranged("--port", 8000, 0, 65535, help="Port (0: any free port).")
@ranged(
    "--timeout",
    10.0,
    0.1,
    help="Seconds from a request's arrival to its answer, waiting for a worker included; a query still running then "
    "is stopped (504).",
)
@ranged("--max-result-bytes", 20_000_000, 1000, help="Larger results are refused (413).")
@ranged("--workers", 2, 1, 64, help="Query worker processes kept ready.")
@ranged(
    "--max-workers",
    64,
    1,
    256,
    help="Worker processes at most: more are started while requests wait behind slow queries.",
)
@ranged(
    "--queue",
    256,
    1,
    100_000,
    help="Requests that may wait for a worker; beyond that the answer is 503 with Retry-After.",
)
@click.option(
    "--cors", metavar="ORIGIN", help="Allow browsers on ORIGIN (or * for any) to query from their pages (CORS)."
)
@ranged(
    "--cache-mb",
    64,
    0,
    100_000,
    help="Megabytes of answers kept for the build served (a build never changes; 0: none).",
)
@ranged(
    "--max-memory-mb",
    512,
    0,
    help="Megabytes of memory one query may take in its worker; past them it is stopped (507). 0: no bound. At "
    "worst the workers take --max-workers times this.",
)
@ranged(
    "--client-timeout",
    10.0,
    0.1,
    help="Seconds a client may take to send a request's line and headers (then 408), or stall reading an answer.",
)
@ranged(
    "--max-connections",
    2048,
    16,
    1_000_000,
    help="Connections at once; a new one beyond makes room by closing the one that has waited longest for a request.",
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Allow SERVICE (federated queries to other endpoints): the workers then share this machine's network. "
    "Off by default.",
)
@click.option(
    "--no-network-wall",
    is_flag=True,
    help="Run the workers without a network namespace of their own, where this machine cannot make one (serve "
    "refuses to start otherwise, saying why): the SERVICE screen is then the only guard.",
)
@click.option("--review", "moved_review", hidden=True, help="Moved: csto-kg review SOURCE --page.")
@pass_workspace
def serve_command(
    workspace,
    host,
    port,
    timeout,
    max_result_bytes,
    workers,
    max_workers,
    queue,
    cors,
    cache_mb,
    max_memory_mb,
    client_timeout,
    max_connections,
    allow_service,
    moved_review,
    no_network_wall,
):
    """Serve the graph over HTTP: a SPARQL 1.1 endpoint, the canned queries, Linked Data and a web page.

    \b
    /                 the web page: canned queries with parameter forms, search, the timeline  (?lang=ru: in Russian)
    /sparql           SPARQL 1.1 Protocol (GET, POST); results as JSON, XML, CSV, TSV; graphs as Turtle, JSON-LD,
                      N-Triples, RDF/XML; in a browser, the query editor
    /queries/NAME     a canned query, parameters in the URL (?from=2022-01-05&lang=ru); /queries lists them
    /openapi.json     an OpenAPI description of the above
    /id/NAME          an entity (https://w3id.org/csto-kg/id/NAME): its page for a browser, RDF for an RDF client
    /search?q=TEXT    entities whose label contains TEXT (en and ru)
    Read-only; each request has one deadline, from arrival to answer; results have a size limit; each query has
    a memory bound; SERVICE is off unless --allow-service, and the query workers have no network at all (serve
    refuses to start where that cannot be arranged, unless --no-network-wall); slow or stalled clients are timed
    out. A new build in the build folder is served at once, by every worker.

    \b
    Examples:
      csto-kg serve
      csto-kg serve --port 8080 --timeout 30 --cors '*'
    The review of a new source's candidates is a page of its own: csto-kg review SOURCE --page.
    """
    import ipaddress

    if moved_review is not None:
        from .sources import valid_source_id

        raise KgError(f"--review: the review page is `csto-kg review {valid_source_id(moved_review)} --page` now")

    from .serve.server import App, ServerSettings
    from .serve.server import serve as run

    workspace.store()  # fails clearly if there is no build
    if not (allow_service or no_network_wall):
        from .limits import network_wall_problem

        problem = network_wall_problem()
        if problem is not None:
            raise KgError(f"{problem}: serve refuses to run without it; --no-network-wall runs it anyway, knowingly")
    project = workspace.project
    watched = None if workspace._store_path else workspace.build_dir.path
    app = App(
        ServerSettings(
            str(workspace.store_path.resolve()),
            project.queries_dir,
            project.sources_dir,
            watched,
            timeout,
            max_result_bytes,
            store_name=workspace.store_path.name,
            workers=workers,
            max_workers=max_workers,
            queue=queue,
            cors=cors,
            allow_service=allow_service,
            network_wall=not no_network_wall,
            max_memory_mb=max_memory_mb,
            cache_bytes=cache_mb * 1_000_000,
            client_timeout=client_timeout,
            max_connections=max_connections,
        )
    )

    def listening(url: str) -> None:
        click.echo(f"csto-kg serving on {url} (Ctrl-C stops)", err=True)
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if not loopback:
            click.echo(
                f"note: {host} is not a loopback address: anyone who can reach this machine can query the graph",
                err=True,
            )

    try:
        run(app, host, port, listening)
    except OSError as exc:
        raise KgError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def _key_press() -> str:
    """One key, without Enter. Unlike click.getchar, keys typed before the question are kept, not flushed; Ctrl-C
    still interrupts (every decision is saved already)."""
    import termios
    import tty

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd, termios.TCSANOW)
        return os.read(fd, 8).decode("utf-8", "replace")[:1]
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


MAX_NESTING = 100  # levels of ( { [ a query may nest (see sparql_text.refusal)
MAX_ELEMENTS = 2000  # operators, patterns and clauses a query may chain


def _names_a_file(text: str) -> bool:
    """A query's text has braces or spans lines; a file name has neither (and may not exist: say so)."""
    if "{" in text or "\n" in text or len(text) > 1024:
        return False
    try:
        return text.endswith(".rq") or Path(text).is_file()
    except OSError:
        return False


@main.command()
@click.argument("query_text", metavar="QUERY|FILE|-")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS + GRAPH_FORMATS),
    default=None,
    help="Rows: table (default), csv, tsv, json, xml, markdown. Graphs (CONSTRUCT, DESCRIBE): turtle (default), "
    "jsonld, ntriples.",
)
@timeout_option
@pass_workspace
def sparql(workspace, query_text, fmt, timeout, max_memory_mb):
    """Run any SPARQL query: SELECT, ASK, CONSTRUCT or DESCRIBE, over all the graphs of the build.

    QUERY is the query text, a .rq file, or - to read standard input. The prefixes kg:, kgo:, rdfs:, schema:,
    wd:, … are predeclared. Updates are refused: the build is read-only. With the global --endpoint URL the
    query runs on that SPARQL 1.1 server instead.

    \b
    Examples:
      csto-kg sparql 'SELECT ?member WHERE { ?member kgo:memberOf kg:csto }'
      csto-kg sparql 'ASK { kg:kyrgyzstan kgo:memberOf kg:csto }'
      csto-kg sparql 'DESCRIBE kg:tokayev' -f jsonld
      csto-kg sparql my-query.rq -f csv
      csto-kg --endpoint http://127.0.0.1:7878/query sparql 'SELECT * WHERE { ?s ?p ?o } LIMIT 5'
    """
    from .limits import within
    from .namespaces import sparql_prologue
    from .output import render_boolean, write_graph
    from .querying import run_query
    from .sparql_text import refusal

    if query_text == "-":
        text, where = sys.stdin.read(), "standard input"
    elif _names_a_file(query_text):
        try:
            text, where = Path(query_text).read_text(encoding="utf-8"), query_text
        except OSError as exc:
            raise click.BadParameter(f"cannot read {query_text}: {exc.strerror}", param_hint="QUERY|FILE|-") from None
    else:
        text, where = query_text, "the query"
    # the engine's parser and evaluator recurse once per level and per element: 6,000 levels of [ ] crash it
    _, refused = refusal(text, allow_service=True, max_depth=MAX_NESTING, max_elements=MAX_ELEMENTS)
    if refused is not None and refused.kind != "update":  # the engine's own message for an update is better
        raise KgError(refused.message if where == "the query" else f"{where}: {refused.message}")

    def work():
        if workspace.endpoint and workspace.endpoint.query_url:
            answer = _remote_query(workspace.endpoint, text, where, sparql_prologue())
        else:
            answer = run_query(workspace.store(), text, where=where, prologue=sparql_prologue(), stream=True)
        if answer.triples is not None:
            if fmt not in (None,) + GRAPH_FORMATS:
                raise KgError(f"the query returns a graph: use -f {', '.join(GRAPH_FORMATS)}, not {fmt}")
            sys.stdout.flush()
            write_graph(answer.triples, fmt or "turtle", sys.stdout.buffer)
        elif fmt in GRAPH_FORMATS:
            raise KgError(
                f"the query returns {'a boolean' if answer.boolean is not None else 'rows'}: use -f "
                f"{', '.join(FORMATS)}, not {fmt}"
            )
        elif answer.boolean is not None:
            click.echo(render_boolean(answer.boolean, fmt or "table"), nl=False)
        else:
            emit(answer.variables, answer.rows, fmt or "table")

    within(timeout, work, memory_mb=max_memory_mb)


def _remote_query(endpoint, text: str, where: str, prologue: str):
    """The query checked here first (syntax errors with line and column, updates refused, the form known) by
    running it on an empty store, then sent to the endpoint. A federated query is not run here (its SERVICE
    would be called twice): the endpoint judges it, and its form is read from its keywords."""
    import pyoxigraph as ox

    from .querying import Answer, run_query
    from .sparql_text import read_query

    reading = read_query(text)
    if reading.service:
        kind = reading.form
    else:
        checked = run_query(ox.Store(), text, where=where, prologue=prologue)
        kind = "ASK" if checked.boolean is not None else "CONSTRUCT" if checked.triples is not None else "SELECT"
    if kind in ("CONSTRUCT", "DESCRIBE"):
        return Answer(triples=endpoint.graph(prologue + text))
    if kind == "ASK":
        return Answer(boolean=endpoint.ask(prologue + text))
    return Answer(*endpoint.select(prologue + text))


# --- a new article: add, extract, review -------------------------------------------------------------------


@main.command("add")
@click.argument("article", type=click.Path(path_type=Path))
@click.option(
    "--publisher", required=True, help="The outlet's name; an outlet of the register (label or alias) is reused."
)
@click.option("--published", required=True, metavar="YYYY-MM-DD", help="The publication date.")
@click.option("--lang", "language", required=True, metavar="CODE", help="The article's language: en or ru.")
@click.option("--url", help="Where the article was published (http or https).")
@click.option("--title", help="Its headline, as a label of the source.")
@defaulted(
    "--date-known",
    type=click.Choice(["stated", "dateline", "inferred"]),
    default="stated",
    help="How the date is known: stated on the page, from the dateline, or inferred (then --date-note says how).",
)
@click.option("--date-note", help="Why the date is what it is, when the page does not state it.")
@click.option("--incomplete", is_flag=True, help="The stored text stops before the article does.")
@click.option(
    "--based-on",
    "based_on",
    multiple=True,
    metavar="ORIGIN",
    help="A news agency or outlet whose report the article copies (a wire story: TASS, Reuters), by its name or "
    "kg: name; repeatable. Recorded as kgo:basedOn, so a copy is not counted as one more independent outlet. An "
    "origin the register knows (an organisation's own release too) is used as it is; an unknown name is a new outlet.",
)
@click.option(
    "--republished-by",
    "republished_by",
    multiple=True,
    metavar="OUTLET",
    help="An outlet whose page this copy was taken from, republishing the publisher's article (a mirror), by its "
    "name or kg: name; repeatable. Recorded as kgo:republishedBy.",
)
@pass_workspace
def add_command(
    workspace, article, publisher, published, language, url, title, date_known, date_note, incomplete, based_on,
    republished_by,
):  # fmt: skip
    """Store ARTICLE (a UTF-8 text file) verbatim in graph/sources/, with its SHA-256, a new source id and its
    metadata. Refuses, writing nothing, what is not a regular file (a FIFO, a device), a file over 1,000,000 bytes,
    an empty or binary file, text that is not UTF-8, an article stored already (same checksum), a language extract
    cannot read, a date that is not a date and a URL that is not one. Text and metadata appear together or not at
    all: what a stopped add left is removed by the next.

    \b
    Examples:
      csto-kg add article.txt --publisher Kazinform --published 2022-01-13 --lang en --url https://...
      csto-kg add page.txt --publisher AKIpress --published 2022-01-13 --lang ru \\
          --date-known inferred --date-note "«Накануне … Шойгу»: Shoigu spoke on 12 January"
    Then: csto-kg extract SOURCE, csto-kg review SOURCE, csto-kg build.
    """
    from . import namespaces as ns
    from .errors import NoBuild
    from .ingest.add import add_source

    project = workspace.project
    try:
        graph = workspace.store()  # an entity a claim typed (a ministry a reviewer added) is no new outlet
    except NoBuild:
        graph = None
    added = add_source(
        project,
        article,
        graph=graph,
        publisher=publisher,
        published=published,
        language=language,
        url=url,
        title=title,
        date_known=date_known,
        date_note=date_note,
        complete=not incomplete,
        based_on=based_on,
        republished_by=republished_by,
    )
    for leftover in added.cleaned:
        click.echo(f"removed {project.relative(leftover)}, left by an add that was stopped", err=True)
    click.echo(f"added source {added.id}: {project.relative(added.text_path)}, {project.relative(added.meta_path)}")
    for origin in added.based_on:
        click.echo(f"based on {ns.curie(origin)}")
    for mirror in added.republished_by:
        click.echo(f"republished by {ns.curie(mirror)}")
    if added.new_outlet is not None:
        click.echo(f"new news outlet {ns.curie(added.publisher)} in {project.relative(added.new_outlet)}")
    click.echo(f"next: csto-kg extract {added.id}")


@main.command("extract")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@pass_workspace
def extract_command(workspace, sources, quiet):
    """Propose what SOURCE says: mentions linked to the register or the Wikidata snapshot (else proposed as new),
    dates resolved against the publication date, quantities with what they count and their bound, and candidate
    claims with their quotes, matched to the graph's events before anything new is minted. Writes
    graph/candidates/SOURCE.trig (the build never reads it); rejections made in review are not proposed again.
    Reads the current build: run `csto-kg build` first.

    \b
    Examples:
      csto-kg extract 2022-01-13_kazinform_0e580624
      csto-kg extract $(ls graph/sources/*.ttl | xargs -n1 basename | sed 's/.ttl$//')
    """
    from .ingest.extract import extractor_for, keep_apart, write_candidates
    from .ingest.review import Decisions, accepted_candidates
    from .sources import load_stored_source, valid_source_id

    sources = [valid_source_id(source) for source in sources]
    project = workspace.project
    stored = [(source, load_stored_source(project, source)) for source in sources]  # every name checked first
    extractor = extractor_for(workspace)
    with click.progressbar(stored, label="extracting", file=sys.stderr, hidden=quiet or len(stored) < 3) as bar:
        for source, kept in bar:
            published = datetime.date.fromisoformat(kept.published)
            extraction = extractor.extract(source, kept.text, kept.language, published, publisher=kept.publisher)
            rejected = Decisions.load(project, source).rejected_keys()
            # what was accepted stays as it was accepted: the claims file review wrote from it is still its own
            accepted, kept = accepted_candidates(project, source)
            extraction.claims = [c for c in extraction.claims if c.key not in rejected | accepted]
            keep_apart(extraction.claims, kept)
            path = write_candidates(project, extraction, kept)
            if not quiet:
                new = sum(1 for m in extraction.mentions if m.how == "new")
                matched = sum(c.matched for c in extraction.claims)
                click.echo(
                    f"{source}: {len(extraction.mentions)} mentions ({new} new), {len(extraction.dates)} dates, "
                    f"{len(extraction.quantities)} quantities, {len(extraction.claims) + len(accepted)} candidate "
                    "claims "
                    f"({matched} for events the graph has); {len(rejected)} rejected before"
                    + (f", {len(accepted)} accepted before kept as accepted" if accepted else "")
                    + f" -> {project.relative(path)}"
                )


@main.command("review")
@click.argument("source")
@click.option("--reviewer", help="Who decides (recorded with each decision, PROV-O); default: the login name.")
@click.option("--page", is_flag=True, help="Review in a browser instead: a page on 127.0.0.1 (loopback only).")
@click.option("--host", help="With --page: the loopback address to listen on.  [default: 127.0.0.1]")
@click.option("--port", type=click.IntRange(0, 65535), help="With --page: the port (0: any free one).  [default: 8001]")
@click.option(
    "--accept-above",
    type=FiniteRange(0, 1),
    metavar="P",
    help="Accept, without a person, the candidates of confidence P or more the build would take as they stand, "
    "attributed to extract (a prov:SoftwareAgent with its version), then stop; the graph is then assembled with "
    "them, and one that breaks a shape there is left to a person, by name. `--checked-only` leaves them out. "
    f"{ACCEPT_ABOVE} is the measured bar: events and facts at or above it were each right 9 in 10 "
    "(docs/benchmarks.md).",
)
@click.option(
    "--reopen",
    metavar="CLAIM",
    help="Decide CLAIM (its name, or its IRI) anew, whatever came after it: its decision stands until a new one "
    "replaces it (quitting changes nothing; the edits typed on it are kept for the next --reopen).",
)
@click.option(
    "--replace-edited",
    is_flag=True,
    help="Open even when the claim or register file is not what the decisions write (edited by hand, or made from "
    "candidates extracted since), and write what the decisions say over it: see the difference with git diff, "
    "then make it again through review (--reopen) so that the record holds it.",
)
@pass_workspace
def review_command(workspace, source, reviewer, page, host, port, accept_above, reopen, replace_edited):
    """Decide on SOURCE's candidate claims one at a time: the sentence is shown with the quote marked, then the
    claim as it will be written (its triples, date words, notes). Keys: a accept, e edit a field (? lists them:
    type, subject, date, start, end, label@en, label@ru, role, fact, quantity, quote, because, words, anchor,
    error, and their removals; -edit N takes pending edit N away), r reject with a reason, s skip, u undo the last
    decision (at any point), n add a claim from words of the text that extract missed, q quit. A decision is saved
    at once (the claim file first);
    running review again resumes at the first undecided candidate. Accepted claims are written to
    graph/claims/SOURCE.trig (with who accepted them and when), new entities to graph/register/SOURCE.ttl. One
    review of a source at a time: a second is told who holds it.

    \b
    Examples:
      csto-kg review 2022-01-14_24-kg_f2323880
      csto-kg review 2022-01-14_24-kg_f2323880 --reviewer "A. Analyst"
      csto-kg review 2022-01-14_24-kg_f2323880 --page --port 8001
      csto-kg review 2022-01-14_24-kg_f2323880 --accept-above 0.88
      csto-kg review 2022-01-14_24-kg_f2323880 --reopen statement-undated-2 --replace-edited
    """
    from .errors import NoBuild
    from .ingest.review import EXTRACTOR, Session, run_terminal
    from .sources import valid_source_id

    source = valid_source_id(source)

    if not page:
        for given, name in ((host, "--host"), (port, "--port")):
            if given is not None:
                raise KgError(f"{name}: only with --page (the terminal review listens on nothing)")
    if accept_above is not None and page:
        raise KgError("--accept-above accepts without a person and stops: run it alone, then review the rest")
    if accept_above is not None and reviewer:
        raise KgError("--reviewer: --accept-above attributes what it accepts to extract, never to a reviewer")
    try:
        graph = workspace.store()  # what the graph already says of a matched event counts for the shapes
    except NoBuild:
        graph = None
    holder = "--accept-above" if accept_above is not None else ("the page" if page else "the terminal")
    with Session(workspace.project, source, reviewer, graph, holder=holder, replace_edited=replace_edited) as session:
        if reopen is not None:
            from .namespaces import curie

            taken, resumed = session.reopen(reopen)
            edits = "the edits typed on it last time are" if resumed else "its edits are"
            click.echo(
                f"reopened {curie(taken.claim)}: {edits} pending again; it stays {taken.verdict} as before until "
                "you decide it again (quitting changes nothing)"
            )
        if accept_above is not None:
            from . import namespaces as ns

            accepted = session.accept_above(accept_above)
            taken_back = _take_back_what_the_graph_refuses(workspace.project, session, accepted)
            done, total = session.progress()
            click.echo(
                f"accepted {len(accepted) - len(taken_back)} candidates of confidence {accept_above:g} or more, "
                f"attributed to {ns.curie(EXTRACTOR)}; {done} of {total} decided"
                + (f"; the rest: csto-kg review {source}" if done < total else "")
            )
            for candidate, why in taken_back:
                click.echo(
                    f"  left to a person: {candidate.iri.rsplit('/', 1)[-1]}: the graph's shapes refuse it ({why})"
                )
            for candidate, why in session.refused_above:
                why = " ".join(str(why).split())
                click.echo(
                    f"  left to a person: {candidate.iri.rsplit('/', 1)[-1]} ({candidate.confidence:g}): not what "
                    f"the build takes as it stands ({why[:300]})"
                )
            return
        if page:
            from .ingest.review_page import serve_review

            def listening(url: str) -> None:
                click.echo(
                    f"csto-kg reviewing {source} on {url} (Ctrl-C stops; every decision is saved at once)", err=True
                )

            return serve_review(session, host or "127.0.0.1", 8001 if port is None else port, listening)
        run_terminal(session, *_review_keys(), click.echo, click.style)


def _take_back_what_the_graph_refuses(project, session, accepted, rounds: int = 3) -> list[tuple[object, str]]:
    """The one-claim checks `accept_above` makes cannot see the whole graph (a sender a matched event's parent
    deployment does not have as a member): the graph is assembled with what was accepted, as `build` would, and
    every accepted claim that shares a node with a violation is taken back, left undecided for a person. Returns
    those taken back, each with the violation's message."""
    from .build import assemble
    from .shacl.findings import conforms

    taken_back: list[tuple[object, str]] = []
    standing = list(accepted)
    for _ in range(rounds):
        if not standing:
            break
        decisions = {d.key: d for d in session.decisions.items}
        try:
            _, report = assemble(project, run_hermit=False, allow_invalid=True)
        except KgError as refused:  # a check before the shapes (terms, quotes, dates): who broke it is not known
            for candidate in standing:
                if candidate.key in decisions:
                    session.undo(decisions[candidate.key])
                    taken_back.append((candidate, refused.message))
            break
        violations = [f for f in report.findings if f.severity == "Violation"]
        if conforms(report.findings):
            break
        nodes_of = {
            c.key: {t.value for q in session.claim_quads(c, decisions[c.key]) for t in (q.subject, q.object)}
            for c in standing
            if c.key in decisions
        }
        guilty = []
        for candidate in standing:
            hit = next(
                (v for v in violations if {str(v.focus), str(v.value)} & nodes_of.get(candidate.key, set())), None
            )
            if hit is not None:
                guilty.append((candidate, hit.message("en")))
        if not guilty:
            break  # what the graph refuses shares no node with what was accepted: `build` names it
        for candidate, why in guilty:
            session.undo(decisions[candidate.key])
            taken_back.append((candidate, why))
        out = {id(g) for g, _ in guilty}
        standing = [c for c in standing if id(c) not in out]
    return taken_back


def _review_keys():
    """(a key press, a prompt): on a terminal, keys without Enter; from a pipe, the first character of the next
    line with one (q at the end), and prompts read as lines."""
    interactive = sys.stdin.isatty()

    def key() -> str:
        if interactive:
            return _key_press()
        for line in iter(sys.stdin.readline, ""):
            if line.strip():
                return line.strip()[0]
        return "q"

    def prompt(text):
        if interactive:
            return click.prompt(text, default="", show_default=False)
        click.echo(f"{text}: ", nl=False)
        return sys.stdin.readline().strip()

    return key, prompt


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
