"""The public API: what the `svg-rdf` commands do, as Python calls (re-exported by `svg_rdf`).

Every function raises an `SvgRdfError` subclass for an expected failure (bad input, a
missing file, unusable settings or shapes) and never prints or exits. Validation findings
are returned, never raised: a graph that violates the shapes comes back with a `Report`
whose `passes` is False (no violation; `conforms` is SHACL's: no result at all, warnings
included), and nothing is written.

    import svg_rdf
    project = svg_rdf.open_project("my-project")
    built = svg_rdf.build(project)
    if not built.report.passes: ...
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from svg_rdf.project import Project
from svg_rdf.settings import load_settings

if TYPE_CHECKING:
    from rdflib import Graph

    from svg_rdf.endpoint.query import Example
    from svg_rdf.model import SourceDocument
    from svg_rdf.pipeline import Answer, Built, Compiled
    from svg_rdf.validation.check import CheckResult
    from svg_rdf.validation.shacl import Report
    from svg_rdf.wikidata.diff import Diff
    from svg_rdf.wikidata.plan import Plan

PathLike = str | os.PathLike[str]
# The formats `export_format` writes, each a file of output/ ({name}: `name` in seeds/dataset.toml).
EXPORT_FORMATS = ("turtle", "ntriples", "jsonld", "quickstatements")
REPORTS = ("conflicts", "coverage", "reconciliation")

__all__ = [
    "EXPORT_FORMATS",
    "REPORTS",
    "add_source",
    "build",
    "check_files",
    "compile_project",
    "curator_report",
    "example_queries",
    "export_format",
    "init_project",
    "load_settings",
    "open_project",
    "plan_quickstatements",
    "query",
    "validate_graph",
    "wikidata_diff",
]


def open_project(root: PathLike = ".") -> Project:
    """The project whose folder is `root`. Raises SvgRdfError when it has no seeds/ folder."""
    return Project.at(Path(root))


def init_project(
    root: PathLike,
    *,
    title: str | None = None,
    name: str | None = None,
    prefix: str = "ex",
    base_iri: str | None = None,
    license: str = "CC-BY-SA-4.0",
) -> Project:
    """Create a project in `root` (new or empty) that builds and checks as it is.

    Raises SvgRdfError, with nothing written, when `root` holds files or an option is bad.
    """
    from svg_rdf.scaffold import init_project as scaffold

    return scaffold(
        Path(root), title=title, name=name, prefix=prefix, base_iri=base_iri, license=license
    )


def add_source(
    project: Project,
    file: PathLike,
    *,
    title: str,
    license: str,
    language: str = "en",
    kind: str = "text",
    url: str | None = None,
    name: str | None = None,
) -> SourceDocument:
    """Copy the UTF-8 text `file` into seeds/ and register it with its SHA-256.

    `license` is an SPDX id or an IRI. Returns the source as the build reads it. Raises
    SvgRdfError, with nothing written, for a refused file, licence or option.
    """
    from svg_rdf.curation.register import add_source as register

    return register(
        project,
        Path(file),
        title=title,
        license=license,
        language=language,
        kind=kind,
        url=url,
        name=name,
    )


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


def check_files(
    paths: Sequence[PathLike],
    *,
    project: Project | None = None,
    input_format: str | None = None,
    sources: PathLike | None = None,
) -> CheckResult:
    """Parse RDF files strictly and validate their union against the contract shapes (and
    `project`'s own shapes and property table, when given); with `sources`, re-verify
    source checksums and quote spans against the texts in that folder.

    Returns the findings (never raises them). Raises ParseError for an invalid file,
    ConfigurationError for unusable shapes, SvgRdfError for a missing file.
    """
    from svg_rdf.pipeline import check_files as run

    return run(
        [Path(p) for p in paths],
        _project_or_defaults(project),
        input_format=input_format,
        sources=None if sources is None else Path(sources),
    )


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


def _project_or_defaults(project: Project | None) -> Project:
    """`project`, or a folder-less stand-in that has only the package's defaults."""
    return project if project is not None else Project(Path(os.devnull))
