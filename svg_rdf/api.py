"""The public API: what the `svg-rdf` commands do, as Python calls (re-exported by `svg_rdf`).

Every function raises an `SvgRdfError` subclass for an expected failure (bad input, a
missing file, unusable settings or shapes, a failing endpoint) and never prints or exits.
Validation findings are returned, never raised: a graph that violates the shapes comes
back with a `Report` whose `passes` is False (no violation; `conforms` is SHACL's: no
result at all, warnings included), and nothing is written. Only the calls that publish a
graph (`svg_rdf.load` and `svg_rdf.serve`, in svg_rdf.stores) refuse one that violates
the shapes, with ViolationError, which carries the report: nothing is sent or served.

    import svg_rdf
    project = svg_rdf.open_project("my-project")
    built = svg_rdf.build(project)
    if not built.report.passes: ...
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from svg_rdf.errors import SvgRdfError

# The project and the settings (with the model) load when a call runs, so the CLI can
# read EXPORT_FORMATS while it builds `svg-rdf --help` without them.
if TYPE_CHECKING:
    from rdflib import Graph

    from svg_rdf.endpoint.query import Example
    from svg_rdf.migration import Migration
    from svg_rdf.pipeline import Answer, Built, Compiled
    from svg_rdf.project import Project
    from svg_rdf.settings import Settings
    from svg_rdf.validation.check import CheckResult
    from svg_rdf.validation.shacl import Report
    from svg_rdf.wikidata.candidates import Accepted, Queried
    from svg_rdf.wikidata.diff import Diff
    from svg_rdf.wikidata.fetch import Fetched
    from svg_rdf.wikidata.plan import Plan

PathLike = str | os.PathLike[str]
# The formats `export_format` writes, each a file of output/ ({name}: `name` in seeds/dataset.toml).
EXPORT_FORMATS = ("turtle", "ntriples", "jsonld", "quickstatements")
REPORTS = ("conflicts", "coverage", "reconciliation")

# The one list of this module's public names; `svg_rdf` re-exports them, with the errors,
# Project, Settings, init_project (svg_rdf.scaffold), add_source (curation.register),
# load and serve (svg_rdf.stores).
__all__ = [
    "EXPORT_FORMATS",
    "REPORTS",
    "accept_candidate",
    "build",
    "check",
    "check_files",
    "compile_project",
    "curator_report",
    "example_queries",
    "export_format",
    "load_settings",
    "migrate",
    "open_project",
    "plan_quickstatements",
    "query",
    "reconcile",
    "render_check",
    "validate_graph",
    "wikidata_diff",
    "wikidata_fetch",
]


def open_project(root: PathLike = ".") -> Project:
    """The project whose folder is `root`. Raises SvgRdfError when it has no seeds/ folder."""
    from svg_rdf.project import Project

    return Project.at(Path(root))


def load_settings(project: Project) -> Settings:
    """The project's settings; raises DataFileError naming file and line for a bad value,
    or when seeds/dataset.toml is missing."""
    from svg_rdf.settings import load_settings as load

    return load(project)


def compile_project(project: Project, *, base_iri: str | None = None) -> Compiled:
    """Curation -> graph -> validation report, in memory; no file is rendered or written.

    Raises SvgRdfError subclasses for bad data files or settings.
    """
    from svg_rdf.pipeline import compile_project as run

    return run(project, base_iri=base_iri)


def build(
    project: Project,
    *,
    base_iri: str | None = None,
    write: bool = True,
    on_wait: Callable[[str], None] | None = None,
) -> Built:
    """The whole build: compile, then render every file of output/.

    Every RDF file is re-parsed by a strict parser and must give back the built graph.
    With `write`, output/ is replaced as one set (a reader sees the old files or the new
    ones, never a mix), and only when the graph conforms; when another build is writing
    it, `on_wait` is told and this one waits its turn. A non-conforming graph is returned
    with its report and no files. Raises SvgRdfError subclasses for bad input or a
    failed export, PublishInterrupted (a KeyboardInterrupt) on Ctrl-C while writing.
    """
    from svg_rdf.pipeline import build as run

    return run(project, base_iri=base_iri, write=write, on_wait=on_wait)


def export_format(
    project: Project,
    fmt: str,
    *,
    base_iri: str | None = None,
    target: PathLike | None = None,
    write: bool = False,
) -> Built:
    """Compile, then render one format (see EXPORT_FORMATS); every RDF file is verified
    by re-parsing it.

    `Built.files` holds that format's files (the QuickStatements file with its pending
    lists), named after `target` when given; it is empty when the graph does not conform.
    With `write` (and a conforming graph) they are written atomically into `target`'s
    folder, by default output/.
    Raises ValueError for an unknown format and SvgRdfError for bad input or a failed write.
    """
    from svg_rdf.pipeline import export as run

    path = None if target is None else Path(target)
    return run(project, fmt, base_iri=base_iri, target=path, write=write)


def check(
    files: Sequence[PathLike] = (),
    *,
    project: Project | None = None,
    input_format: str | None = None,
    sources: PathLike | None = None,
    engine: str | None = None,
    progress: Callable[[str], None] | None = None,
    stdin: BinaryIO | None = None,
    endpoint: str | None = None,
    graph: str | None = None,
) -> CheckResult:
    """What `svg-rdf check` does: parse RDF files strictly and validate their union with
    the shapes a build uses (the contract's; with `project`, also its own shapes, its
    property table's value shapes and its constraint table's warnings).

    Without `files`, the graph files of `project`'s output/ are checked, once output/ is
    shown to be the set one build wrote (every size and SHA-256 in its void.ttl). `sources`
    (default: `project`'s seeds/ when it has one) re-verifies source checksums and quote
    spans. `engine` is "sparql" (the default), "pyshacl-turbo" or "pyshacl"; `progress`
    is told each stage as it starts. A file named "-" is read from `stdin` (default:
    standard input); a stream or pipe needs `input_format` (turtle, ntriples, nquads,
    trig, jsonld) unless its name has an RDF extension.

    Returns the findings (never raises them) with the property labels and prefixes a
    report needs: `render_check(result)` is the report `svg-rdf check` prints, and
    `result.fails(severity)` its exit code. Raises ParseError (path:line:col) for a file
    that is not valid RDF; OutputMismatchError when output/ is not one build's set;
    ConfigurationError for unusable shapes or an unknown engine; SvgRdfError for a missing
    file, a folder, a stream of unknown syntax, no file and no project, or too little
    memory. With `endpoint` (and `graph`) the graph in that SPARQL store is checked instead
    (svg_rdf.endpoint.check_remote), EndpointError when the store fails.
    """
    from svg_rdf.checking import check as run

    if not files and project is None and endpoint is None:
        raise SvgRdfError("no files to check", fix="name them, or give the project to check")
    chosen = _project_or_defaults(project)
    if sources is None and project is not None and chosen.seeds.is_dir():
        sources = chosen.seeds
    return run(
        [Path(p) for p in files],
        chosen,
        input_format=input_format,
        sources=None if sources is None else Path(sources),
        engine=engine,
        progress=progress,
        stdin=stdin,
        endpoint=endpoint,
        graph=graph,
    )


def check_files(
    paths: Sequence[PathLike],
    *,
    project: Project | None = None,
    input_format: str | None = None,
    sources: PathLike | None = None,
) -> CheckResult:
    """`check(paths, ...)` with nothing taken from the project but its shapes: sources are
    re-verified only when `sources` is given, and `paths` must name at least one file.

    Returns the findings (never raises them). Raises ValueError for no path, ParseError
    for an invalid file, ConfigurationError for unusable shapes, SvgRdfError for a missing
    file.
    """
    from svg_rdf.checking import check as run

    if not paths:
        raise ValueError("check_files needs at least one path; check() checks output/")
    return run(
        [Path(p) for p in paths],
        _project_or_defaults(project),
        input_format=input_format,
        sources=None if sources is None else Path(sources),
    )


def render_check(result: CheckResult, fmt: str = "text", *, severity: str = "violation") -> str:
    """The report `svg-rdf check --format FMT --severity SEVERITY` prints for `result`:
    "text" for people (findings under their subject and statement, IRIs shortened, a
    summary line), "json", or "turtle" (a standard sh:ValidationReport). `severity` is the
    lowest that fails (violation, warning or info). Raises ValueError for another format or
    severity."""
    from svg_rdf.checking import render

    return render(result, fmt, severity=severity)


def validate_graph(graph: Graph, *, project: Project | None = None) -> Report:
    """Validate an rdflib graph against the contract shapes (and `project`'s own shapes
    and property table, when given). Returns the report; raises ConfigurationError for
    unusable shapes."""
    from svg_rdf.pipeline import validate_graph as run

    return run(graph, _project_or_defaults(project))


def plan_quickstatements(project: Project) -> Plan:
    """Which statements go to Wikidata as QuickStatements, how each line reads, and what
    waits with its reasons. Raises SvgRdfError subclasses for bad data files."""
    from svg_rdf.pipeline import plan_quickstatements as run

    return run(project)


def wikidata_diff(project: Project, entity_documents: Sequence[PathLike]) -> Diff:
    """Our statements compared with saved Wikidata entity JSON documents.

    Raises DataFileError for bad curation or a malformed entity document.
    """
    from svg_rdf.pipeline import wikidata_diff as run

    return run(project, [Path(p) for p in entity_documents])


def wikidata_fetch(
    project: Project,
    qids: Sequence[str] = (),
    *,
    site: str | None = None,
    timeout: float = 30.0,
    pause: float = 1.0,
) -> tuple[Path, list[Fetched]]:
    """Save the Wikidata items the batch adds to (or `qids`) as Special:EntityData JSON in
    wikidata/items/, with an index of revisions and fetch times; the next build compares
    the batch with them. Contacts only `site` (default: site in seeds/wikidata.toml, else
    https://www.wikidata.org). Returns the index's path and what each Q-id gave.

    Raises EndpointError when the site fails (nothing is written), DataFileError when no
    contact is set (Wikimedia's User-Agent policy) or for bad data files.
    """
    from svg_rdf.pipeline import wikidata_fetch as run

    return run(project, qids, site=site, timeout=timeout, pause=pause)


def curator_report(project: Project, name: str, fmt: str = "markdown") -> str:
    """One curator's report (see REPORTS) as Markdown or JSON text.

    Raises ValueError for an unknown name or format, SvgRdfError for bad data files.
    """
    from svg_rdf.pipeline import curator_report as run

    return run(project, name, fmt)


def example_queries(project: Project) -> list[Example]:
    """The example queries, the package's and the project's own (queries/*.rq; one with a
    default's name replaces it), sorted by name. Raises SvgRdfError when there are none."""
    from svg_rdf.pipeline import example_queries as run

    return run(project)


def query(
    project: Project,
    *,
    sparql: str | None = None,
    file: PathLike | None = None,
    example: str | None = None,
    label: str | None = None,
    data: PathLike | None = None,
    base_iri: str | None = None,
    fmt: str = "table",
) -> Answer:
    """Run one SPARQL query (exactly one of `sparql`, `file`, `example`) over the compiled
    graph in an embedded store, or over the RDF file `data`.

    `label` binds ?label as a value (never as query text); an example about one subject
    without it gets the settings' `[queries] label`. `fmt` "table" answers rows
    (`Answer.result`), "csv", "tsv" or "json" the standard results bytes (`Answer.data`).
    When the compiled graph violates the shapes nothing is run (`Answer.conforms` is
    False). Raises ValueError unless exactly one query is given, ParseError for a syntax
    error, SvgRdfError when the query cannot be read or run.
    """
    from svg_rdf.pipeline import query as run

    return run(
        project,
        sparql=sparql,
        file=None if file is None else Path(file),
        example=example,
        label=label,
        data=None if data is None else Path(data),
        base_iri=base_iri,
        fmt=fmt,
    )


def reconcile(
    project: Project,
    *,
    service: str | None = None,
    entity_json: Sequence[PathLike] = (),
    slugs: Sequence[str] = (),
    limit: int = 5,
    batch_size: int = 10,
    date: str | None = None,
) -> Queried:
    """What `svg-rdf reconcile query` does: ask a W3C Reconciliation Service API `service`
    (only that URL is contacted), or saved Wikidata entity JSON documents (`entity_json`,
    offline), for candidates for the entities named by `slugs` (default: every entity
    without a Q-id and not marked new), and record them in seeds/reconciliation.toml.

    Each entity's label and aliases are sent with the class of its P31 as the type and up
    to three of its statements that identify it best as properties; `limit` candidates are
    kept per entity, at most `batch_size` queries go in one request (fewer when the
    service's manifest says batchSize), `date` (YYYY-MM-DD, default today in UTC) is
    recorded with them. Every request carries a User-Agent naming svg-rdf, its version
    and the project's `contact` (seeds/wikidata.toml). Nothing is accepted (see
    `accept_candidate`). Returns the new records (iterable, best candidate first), with
    the queries and requests sent and the warnings about the service. Raises ValueError
    unless exactly one of `service` and `entity_json` is given or for a limit or batch
    size below 1; DataFileError, before anything is contacted, when the project has no
    contact, for an unknown slug, a bad date or a malformed entity document;
    EndpointError when the service fails, answers out of the protocol or is not a
    Wikidata service.
    """
    from svg_rdf.errors import DataFileError
    from svg_rdf.pipeline import curate
    from svg_rdf.wikidata.candidates import query_and_record
    from svg_rdf.wikidata.recon_services import HttpService, OfflineService
    from svg_rdf.wikidata.useragent import user_agent

    if (service is None) == (not entity_json):
        raise ValueError("give either service or entity_json")
    if limit < 1 or batch_size < 1:
        raise ValueError("limit and batch_size must be at least 1")
    settings = load_settings(project)
    chosen: HttpService | OfflineService
    if service is not None:
        contact = settings.wikidata.contact
        if contact is None:
            raise DataFileError(
                "no contact for the User-Agent Wikimedia's policy asks of every script; "
                "nothing was contacted",
                path="seeds/wikidata.toml",
                fix='add contact = "https://your.page; you@example.org" (a web page, an '
                "email or User:Name on Wikidata)",
            )
        chosen = HttpService(service, agent=user_agent(contact))
    else:
        chosen = OfflineService([Path(p) for p in entity_json], [str(p) for p in entity_json])
    return query_and_record(
        project,
        curate(project, settings),
        chosen,
        slugs=slugs,
        limit=limit,
        batch_size=batch_size,
        date=date or datetime.datetime.now(datetime.UTC).date().isoformat(),
    )


def accept_candidate(
    project: Project,
    slug: str,
    qid: str,
    *,
    min_score: float | None = None,
    reason: str | None = None,
) -> Accepted:
    """What `svg-rdf reconcile accept` does: write `qid` and its evidence (service,
    candidate, name, score, date) into the table of entity `slug` in seeds/entities/,
    keeping the rest of the file as it was.

    A candidate scored below `min_score` (default 80), or whose name is none of the
    entity's label and aliases (case, accents and punctuation ignored), is accepted only
    with a `reason` (`--force --reason`), which the evidence keeps with what was
    overridden. Returns the file written and the evidence. Raises DataFileError, with
    nothing written, when the entity is unknown, already has a Q-id, is marked new, `qid`
    is not among its recorded candidates or is another entity's, or the candidate is in
    doubt and no reason is given.
    """
    from svg_rdf.pipeline import curate
    from svg_rdf.wikidata.candidates import MIN_SCORE, accept

    floor = MIN_SCORE if min_score is None else min_score
    return accept(project, curate(project), slug, qid, min_score=floor, reason=reason)


def migrate(project: Project, *, dry_run: bool = False) -> Migration:
    """What `svg-rdf migrate` does: bring the project's files to the current data format
    (`format = N` in seeds/dataset.toml), keeping the files as they were in
    `Migration.backup`; with `dry_run` nothing is written. The returned migration lists
    every change (`Migration.diff()` shows them) and what only the curator can do.

    Raises DataFileError for a missing or malformed seeds/dataset.toml, SvgRdfError (with
    nothing written) for a newer format or when an earlier backup is in the way.
    """
    from svg_rdf.migration import apply_migration, plan_migration

    migration = plan_migration(project)
    if not dry_run:
        apply_migration(migration)
    return migration


def _project_or_defaults(project: Project | None) -> Project:
    """`project`, or a folder-less stand-in that has only the package's defaults."""
    from svg_rdf.project import Project

    return project if project is not None else Project(Path(os.devnull))
