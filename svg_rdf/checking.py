"""Checking: what `svg-rdf check` does, behind svg_rdf.api.check and check_files.

Any RDF files, or a project's output/ (verified against its void.ttl first), are parsed
strictly and validated with the shapes a build uses; with a folder of sources, checksums
and quote spans are re-verified. Findings are returned with what a report needs to name
properties and shorten IRIs; `render` turns them into the text, JSON or Turtle report.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from svg_rdf.curation.ontology import load_properties
from svg_rdf.errors import OutputMismatchError, SvgRdfError
from svg_rdf.export.manifest import verify_folder
from svg_rdf.graph.vocab import CONTRACT_PREFIXES, OurNamespaces, all_prefixes
from svg_rdf.pipeline import project_shapes
from svg_rdf.project import Project
from svg_rdf.rdfparse.inputs import readable
from svg_rdf.settings import Settings, load_settings
from svg_rdf.validation.check import FAILING, CheckResult, check_files
from svg_rdf.validation.render import render_json, render_text, render_turtle

REPORT_FORMATS = ("text", "json", "turtle")


def output_files(project: Project, settings: Settings | None) -> list[Path]:
    """The graph files of `project`'s output/, once it is shown to be the set one build
    wrote. Raises SvgRdfError when there is no project or a file is missing, and
    OutputMismatchError when output/ differs from its void.ttl."""
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


def check(
    paths: Sequence[Path],
    project: Project,
    *,
    input_format: str | None = None,
    sources: Path | None = None,
    engine: str | None = None,
    progress: Callable[[str], None] | None = None,
    stdin: BinaryIO | None = None,
    endpoint: str | None = None,
    graph: str | None = None,
) -> CheckResult:
    """Check `paths` (none: `project`'s output/) against `project`'s shapes; see
    svg_rdf.api.check for what it guarantees and raises."""
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

        no_files(paths, endpoint)
        assert endpoint is not None
        found = check_endpoint(endpoint, shapes, graph=graph, sources=sources, progress=progress)
        return replace(found, labels=labels, prefixes=prefixes)
    source = sys.stdin.buffer if stdin is None else stdin
    with readable(paths, input_format=input_format, stdin=source) as (inputs, shown):
        try:
            result = check_files(
                inputs,
                shapes,
                input_format=input_format,
                sources=sources,
                engine=engine,
                progress=progress,
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


def render(result: CheckResult, fmt: str = "text", *, severity: str = "violation") -> str:
    """`result` as the text report for people, JSON, or a Turtle sh:ValidationReport;
    `severity` is the lowest that fails. Raises ValueError for another format or severity."""
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
