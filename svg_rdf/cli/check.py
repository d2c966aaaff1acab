"""`svg-rdf check`: validate output/ or any RDF files, strictly, and report what to fix."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from typing import TYPE_CHECKING, TextIO

import click

from svg_rdf.cli.common import EXIT_OK, EXIT_VIOLATIONS, Command, progress_bar, project_option
from svg_rdf.cli.startup import PathType

if TYPE_CHECKING:
    from pathlib import Path

INPUT_FORMATS = ["turtle", "ntriples", "nquads", "trig", "jsonld"]
SEVERITIES = ["violation", "warning", "info"]  # svg_rdf.validation.check.FAILING's keys


class Progress:
    """What a long check is doing, on stderr: only when stderr is a terminal, and only once
    the check has run for `delay` seconds (short checks stay quiet). A stage is one line
    (`__call__`); loading and checking are progress bars (`step`: bytes read with the ETA,
    shapes checked of all), one at a time."""

    def __init__(self, stream: TextIO, *, delay: float = 2.0) -> None:
        self.stream = stream
        self.delay = delay
        self.start = time.monotonic()
        self.shown = False
        self.active = stream.isatty()
        self.stage = ""
        self.timer: threading.Timer | None = None
        self.bars = ExitStack()
        self.bar: tuple[str, Callable[[int, int], None] | None] | None = None

    def __call__(self, stage: str) -> None:
        self.stage = stage
        if not self.active:
            return
        self.bars.close()  # a bar before ends: its line stays
        self.bar = None
        if self.timer is not None:
            self.timer.cancel()
        wait = self.delay - (time.monotonic() - self.start)
        if wait <= 0:
            self.show()
        else:
            self.timer = threading.Timer(wait, self.show)
            self.timer.daemon = True
            self.timer.start()

    def step(self, what: str, done: int, total: int) -> None:
        if not self.active or time.monotonic() - self.start < self.delay:
            return
        if self.bar is None or self.bar[0] != what:
            if self.timer is not None:
                self.timer.cancel()
            self.clear()
            self.bars.close()
            self.bar = (what, self.bars.enter_context(progress_bar(total, what, self.stream)))
        update = self.bar[1]
        if update is not None:
            update(done, total)

    def show(self) -> None:
        if self.bar is not None:
            return
        elapsed = time.monotonic() - self.start
        self.stream.write(f"\r\033[Ksvg-rdf check: {self.stage} ({elapsed:.0f} s)")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.shown = False

    def done(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
        self.bars.close()
        self.clear()


@click.command(cls=Command)
@click.argument("files", nargs=-1, type=PathType(allow_dash=True))
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
    type=PathType(file_okay=False),
    default=None,
    help="Folder of source texts to re-verify checksums and quote spans against "
    "(default: the project's seeds/ when there is one).",
)
@click.option(
    "--severity",
    type=click.Choice(SEVERITIES),
    default="violation",
    show_default=True,
    help="The lowest severity that makes the check fail (exit 1).",
)
@click.option(
    "--engine",
    type=click.Choice(["pyshacl-turbo", "pyshacl", "sparql"]),
    default=None,
    help="SHACL engine for the core shapes: sparql (the shapes compiled to queries in the "
    "store; the default), pyshacl-turbo (Rust) or pyshacl, the reference. All give the same "
    "findings on these shapes (docs/validation.md).",
)
@click.option(
    "--endpoint",
    metavar="URL",
    default=None,
    help="Check the graph in this SPARQL 1.1 query service instead of files: the shapes run "
    "there as queries, the graph is never downloaded (exit 3 when the store fails).",
)
@click.option(
    "--graph", metavar="IRI", default=None, help="With --endpoint: the named graph to check."
)
def check(
    files: tuple[Path, ...],
    project_dir: Path,
    input_format: str | None,
    report_format: str,
    sources: Path | None,
    severity: str,
    engine: str | None,
    endpoint: str | None,
    graph: str | None,
) -> int:
    """Validate RDF files (default: the data files in output/) against the project's shapes.

    Every file is parsed strictly (pyoxigraph); nothing is fetched. The report's
    sh:conforms is SHACL's (false when there is any result, a warning too); the exit code is
    svg-rdf's policy: 0 when no finding reaches --severity, 1 when one does, 2 when the
    check could not run (bad input, unusable shapes, a missing engine, too little memory).
    """
    from svg_rdf import api
    from svg_rdf.project import Project

    progress = Progress(sys.stderr)
    try:
        result = api.check(
            files,
            project=Project(project_dir.resolve()),
            input_format=input_format,
            sources=sources,
            engine=engine,
            progress=progress,
            steps=progress.step,
            stdin=sys.stdin.buffer,
            endpoint=endpoint,
            graph=graph,
        )
    finally:
        progress.done()
    click.echo(api.render_check(result, report_format, severity=severity), nl=False)
    return EXIT_VIOLATIONS if result.fails(severity) else EXIT_OK
