"""`svg-rdf check`: validate output/ or any RDF files, strictly, and report what to fix."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from typing import TextIO

import click

from svg_rdf.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_VIOLATIONS,
    fail,
    handle_errors,
    project_option,
)

INPUT_FORMATS = ["turtle", "ntriples", "nquads", "trig", "jsonld"]
FAILING = {
    "violation": {"violation"},
    "warning": {"violation", "warning"},
    "info": {"violation", "warning", "info"},
}


class Progress:
    """One line on stderr saying which stage a long check is in: only when stderr is a
    terminal, and only once the check has run for `delay` seconds (short checks stay quiet)."""

    def __init__(self, stream: TextIO, *, delay: float = 2.0) -> None:
        self.stream = stream
        self.delay = delay
        self.start = time.monotonic()
        self.shown = False
        self.active = stream.isatty()
        self.stage = ""
        self.timer: threading.Timer | None = None

    def __call__(self, stage: str) -> None:
        self.stage = stage
        if not self.active:
            return
        if self.timer is not None:
            self.timer.cancel()
        wait = self.delay - (time.monotonic() - self.start)
        if wait <= 0:
            self.show()
        else:
            self.timer = threading.Timer(wait, self.show)
            self.timer.daemon = True
            self.timer.start()

    def show(self) -> None:
        elapsed = time.monotonic() - self.start
        self.stream.write(f"\r\033[Ksvg-rdf check: {self.stage} ({elapsed:.0f} s)")
        self.stream.flush()
        self.shown = True

    def done(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()


@click.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@project_option
@click.option(
    "--input-format",
    type=click.Choice(INPUT_FORMATS),
    default=None,
    help="Syntax of the inputs (default: from each file's extension).",
)
@click.option(
    "--format",
    "report_format",
    type=click.Choice(["text", "json", "turtle"]),
    default="text",
    show_default=True,
    help="Report as text for people, JSON, or a Turtle sh:ValidationReport.",
)
@click.option(
    "--sources",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of source texts to re-verify checksums and quote spans against "
    "(default: the project's seeds/ when there is one).",
)
@click.option(
    "--severity",
    type=click.Choice(list(FAILING)),
    default="violation",
    show_default=True,
    help="The lowest severity that makes the check fail (exit 1).",
)
@click.option(
    "--engine",
    type=click.Choice(["pyshacl-turbo", "pyshacl"]),
    default="pyshacl-turbo",
    show_default=True,
    help="SHACL engine for the core shapes: pyshacl-turbo (fast, Rust) or pyshacl, the "
    "reference. Both give the same findings on these shapes (docs/validation.md).",
)
@handle_errors
def check(
    files: tuple[Path, ...],
    project_dir: Path,
    input_format: str | None,
    report_format: str,
    sources: Path | None,
    severity: str,
    engine: str,
) -> None:
    """Validate RDF files (default: the data files in output/) against the project's shapes.

    Every file is parsed strictly (pyoxigraph); nothing is fetched. The report's
    sh:conforms is SHACL's (false when there is any result, a warning too); the exit code is
    svg-rdf's policy: 0 when no finding reaches --severity, 1 when one does, 2 when the
    check could not run (bad input, unusable shapes, a missing engine, too little memory).
    """
    import dataclasses

    from svg_rdf.cli.inputs import readable
    from svg_rdf.curation.ontology import load_properties
    from svg_rdf.errors import SvgRdfError
    from svg_rdf.graph.vocab import CONTRACT_PREFIXES, OurNamespaces, all_prefixes
    from svg_rdf.pipeline import project_shapes
    from svg_rdf.project import Project
    from svg_rdf.settings import load_settings
    from svg_rdf.validation.check import check_files
    from svg_rdf.validation.render import render_json, render_text, render_turtle

    project = Project(project_dir.resolve())
    # In a project its prefixes shorten IRIs; elsewhere only the contract's do.
    settings = load_settings(project) if (project.seeds / "dataset.toml").is_file() else None
    prefixes = CONTRACT_PREFIXES if settings is None else all_prefixes(OurNamespaces.of(settings))
    paths = list(files)
    if not paths:
        if settings is None:
            fail(f"{project.seeds / 'dataset.toml'}: not found; name the files to check")
            return
        paths = [project.output / f"{settings.name}.{ext}" for ext in ("ttl", "nt", "jsonld")]
        missing = [p for p in paths if not p.is_file()]
        if missing:
            fail(f"{missing[0]}: not found; run `svg-rdf build` first or name files to check")
        _verify_output_set(project.output)
    if sources is None and project.seeds.is_dir():
        sources = project.seeds
    properties = load_properties(project)
    # the shapes build validates with, the same as output/shapes.ttl (refuses without the
    # contract)
    shapes = project_shapes(project)
    progress = Progress(sys.stderr)
    with readable(paths, input_format=input_format, stdin=sys.stdin.buffer) as (inputs, shown):
        try:
            result = check_files(
                inputs,
                shapes,
                input_format=input_format,
                sources=sources,
                engine=engine,
                progress=progress,
            )
        except SvgRdfError as exc:  # name a spooled stream as the user did
            exc.path = shown.get(exc.path or "", exc.path)
            raise
        except MemoryError:
            fail(
                f"{paths[0]}: error: the check ran out of memory; check fewer or smaller "
                "files, or raise the process's memory limit (ulimit -v)",
                EXIT_ERROR,
            )
            return
        finally:
            progress.done()
        files_shown = tuple(shown.get(name, name) for name in result.files)
        result = dataclasses.replace(result, files=files_shown)
    labels = {p.pid: p.label for p in properties}
    failing = FAILING[severity]
    if report_format == "json":
        click.echo(render_json(result, labels, failing), nl=False)
    elif report_format == "turtle":
        click.echo(render_turtle(result), nl=False)
    else:
        click.echo(render_text(result, labels, failing, prefixes), nl=False)
    failed = result.report.failed(failing)
    raise SystemExit(EXIT_VIOLATIONS if failed else EXIT_OK)


def _verify_output_set(output: Path) -> None:
    """Exit 1 unless output/ holds exactly the files its void.ttl describes (sizes and
    SHA-256): a set mixed from two builds, or a file changed by hand, fails the check."""
    from svg_rdf.export.manifest import verify_folder

    problems = verify_folder(output)
    if problems:
        for problem in problems:
            click.echo(problem, err=True)
        fail(
            f"{output}: not the set one build wrote ({len(problems)} "
            f"{'file differs' if len(problems) == 1 else 'files differ'} from void.ttl); "
            "run `svg-rdf build` again",
            EXIT_VIOLATIONS,
        )
