"""`svg_rdf.check`, `check_files` and `render_check`: what `svg-rdf check` does.

Any RDF files, or a project's output/ (verified against its void.ttl first), are parsed
strictly and validated with the shapes a build uses; with a folder of sources, checksums
and quote spans are re-verified. Findings are returned (never raised) with what a report
needs to name properties and shorten IRIs; `render_check` turns them into the text, JSON
or Turtle report. The checking itself is svg_rdf.validation.check's.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from svg_rdf.api.project import PathLike, project_or_defaults
from svg_rdf.errors import OutputMismatchError, SvgRdfError

if TYPE_CHECKING:
    from svg_rdf.project import Project
    from svg_rdf.settings import Settings
    from svg_rdf.validation.check import CheckResult

REPORT_FORMATS = ("text", "json", "turtle")


def check(
    files: Sequence[PathLike] = (),
    *,
    project: Project | None = None,
    input_format: str | None = None,
    sources: PathLike | None = None,
    engine: str | None = None,
    progress: Callable[[str], None] | None = None,
    steps: Callable[[str, int, int], None] | None = None,
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
    is told each stage as it starts, `steps(what, done, total)` how far "loading" (bytes)
    and "checking" (shapes) are. A file named "-" is read from `stdin` (default:
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
    if not files and project is None and endpoint is None:
        raise SvgRdfError("no files to check", fix="name them, or give the project to check")
    chosen = project_or_defaults(project)
    if sources is None and project is not None and chosen.seeds.is_dir():
        sources = chosen.seeds
    return _check(
        [Path(p) for p in files],
        chosen,
        input_format=input_format,
        sources=None if sources is None else Path(sources),
        engine=engine,
        progress=progress,
        steps=steps,
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
    if not paths:
        raise ValueError("check_files needs at least one path; check() checks output/")
    return _check(
        [Path(p) for p in paths],
        project_or_defaults(project),
        input_format=input_format,
        sources=None if sources is None else Path(sources),
    )


def render_check(result: CheckResult, fmt: str = "text", *, severity: str = "violation") -> str:
    """The report `svg-rdf check --format FMT --severity SEVERITY` prints for `result`:
    "text" for people (findings under their subject and statement, IRIs shortened, a
    summary line), "json", or "turtle" (a standard sh:ValidationReport). `severity` is the
    lowest that fails (violation, warning or info). Raises ValueError for another format or
    severity."""
    from svg_rdf.validation.check import FAILING
    from svg_rdf.validation.render import render_json, render_text, render_turtle

    if severity not in FAILING:
        raise ValueError(f"unknown severity {severity!r}; use one of {', '.join(FAILING)}")
    failing = set(FAILING[severity])
    if fmt == "json":
        return render_json(result, result.labels, failing)
    if fmt == "turtle":
        return render_turtle(result)
    if fmt == "text":
        return render_text(result, result.labels, failing, result.prefixes)
    raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(REPORT_FORMATS)}")


def output_files(project: Project, settings: Settings | None) -> list[Path]:
    """The graph files of `project`'s output/, once it is shown to be the set one build
    wrote. Raises SvgRdfError when there is no project or a file is missing, and
    OutputMismatchError when output/ differs from its void.ttl."""
    from svg_rdf.export.manifest import verify_folder

    if settings is None:
        raise SvgRdfError(
            "not found", path=project.seeds / "dataset.toml", fix="name the files to check"
        )
    paths = [project.output / f"{settings.name}.{ext}" for ext in ("ttl", "nt", "jsonld")]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        raise SvgRdfError(
            "not found", path=missing[0], fix="run `svg-rdf build` first or name files to check"
        )
    problems = verify_folder(project.output)
    if problems:
        count = f"{len(problems)} {'file differs' if len(problems) == 1 else 'files differ'}"
        raise OutputMismatchError(
            f"not the set one build wrote ({count} from void.ttl)",
            problems,
            path=project.output,
            fix="run `svg-rdf build` again",
        )
    return paths


def _check(
    paths: Sequence[Path],
    project: Project,
    *,
    input_format: str | None = None,
    sources: Path | None = None,
    engine: str | None = None,
    progress: Callable[[str], None] | None = None,
    steps: Callable[[str, int, int], None] | None = None,
    stdin: BinaryIO | None = None,
    endpoint: str | None = None,
    graph: str | None = None,
) -> CheckResult:
    """Check `paths` (none: `project`'s output/) against `project`'s shapes; see `check`
    for what it guarantees and raises."""
    from dataclasses import replace

    from svg_rdf.curation.ontology import load_properties
    from svg_rdf.graph.vocab import CONTRACT_PREFIXES, OurNamespaces, all_prefixes
    from svg_rdf.rdfparse.inputs import readable
    from svg_rdf.settings import load_settings
    from svg_rdf.validation.check import check_files as check_inputs
    from svg_rdf.validation.project_shapes import project_shapes

    # In a project its prefixes shorten IRIs; elsewhere only the contract's do.
    settings = load_settings(project) if (project.seeds / "dataset.toml").is_file() else None
    prefixes = CONTRACT_PREFIXES if settings is None else all_prefixes(OurNamespaces.of(settings))
    paths = list(paths) or ([] if endpoint or graph else output_files(project, settings))
    properties = load_properties(project)
    labels = {p.pid: p.label for p in properties}
    # the shapes build validates with, the same as output/shapes.ttl (refuses without the
    # contract); the settings and the property table as read here, once
    shapes = project_shapes(project, settings=settings, properties=properties)
    if endpoint is not None or graph is not None:
        from svg_rdf.endpoint.check_remote import check_endpoint, no_files

        found = check_endpoint(
            no_files(paths, endpoint), shapes, graph=graph, sources=sources, progress=progress
        )
        return replace(found, labels=labels, prefixes=prefixes)
    source = sys.stdin.buffer if stdin is None else stdin
    with readable(paths, input_format=input_format, stdin=source) as (inputs, shown):
        try:
            result = check_inputs(
                inputs,
                shapes,
                input_format=input_format,
                sources=sources,
                engine=engine,
                progress=progress,
                steps=steps,
            )
        except SvgRdfError as exc:  # name a spooled stream as the caller did
            exc.path = shown.get(exc.path or "", exc.path)
            raise
        except MemoryError:
            raise SvgRdfError(
                "error: the check ran out of memory",
                path=paths[0],
                fix="check fewer or smaller files, or raise the process's memory limit (ulimit -v)",
            ) from None
        files = tuple(shown.get(name, name) for name in result.files)
    return replace(result, files=files, labels=labels, prefixes=prefixes)
