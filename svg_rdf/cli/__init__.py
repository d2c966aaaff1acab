"""CLI: the click commands; the only package that imports click.

Each command parses its options, makes one library call, prints, and picks the exit
code: 0 success, 1 the data violates the shapes, 2 the command could not run (bad input,
missing file, usage), 3 an endpoint failed, 130 interrupted (Ctrl-C). Library modules
are imported inside the commands so `svg-rdf --help` stays fast.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

import click

from svg_rdf.version import __version__

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR, EXIT_ENDPOINT, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def fail(message: str, code: int = EXIT_ERROR) -> None:
    """Print one line on stderr and exit with `code`."""
    click.echo(" ".join(message.split("\n")), err=True)
    sys.exit(code)


class _Guard:
    """How many command bodies are running: only inside one does Ctrl-C raise
    KeyboardInterrupt (for the command's clean-up); anywhere else the process leaves
    at once with one line (see `run`)."""

    depth = 0

    def __enter__(self) -> None:
        _Guard.depth += 1

    def __exit__(self, *_: object) -> None:
        _Guard.depth -= 1


def interrupted_message(exc: BaseException) -> str:
    """What an interrupt left behind, as far as the command knows."""
    published = getattr(exc, "published", None)
    if published is True:
        return "interrupted after output/ was replaced; it holds the new build"
    if published is False:
        return "interrupted; output/ was left as it was"
    return "interrupted"


def handle_errors(command: F) -> F:
    """Turn every expected SvgRdfError into one line on stderr and its exit code, and
    Ctrl-C into one line and exit code 130."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from svg_rdf.errors import EndpointError, SvgRdfError

        try:
            with _Guard():
                return command(*args, **kwargs)
        except EndpointError as exc:
            fail(str(exc), EXIT_ENDPOINT)
        except SvgRdfError as exc:
            fail(str(exc), EXIT_ERROR)
        except KeyboardInterrupt as exc:
            fail(interrupted_message(exc), EXIT_INTERRUPTED)

    return wrapper  # type: ignore[return-value]


def _on_interrupt(_signal: int, _frame: FrameType | None) -> None:
    if _Guard.depth:
        raise KeyboardInterrupt
    os.write(2, b"interrupted\n")  # outside a command nothing needs cleaning up
    os._exit(EXIT_INTERRUPTED)


def run() -> int:
    """The `svg-rdf` program: click's main, with Ctrl-C one line and exit 130 anywhere.

    Click would turn a KeyboardInterrupt outside a command into "Aborted!" and exit 1;
    SIGINT is therefore handled here (unless it is ignored, as for a shell's background
    job). Returns the exit code.
    """
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, _on_interrupt)
    try:
        cli.main(prog_name="svg-rdf")
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else EXIT_ERROR)
    return EXIT_OK


project_option = click.option(
    "--project",
    "project_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The project folder (it holds seeds/, ontology/, shapes/ and output/).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="svg-rdf")
def cli() -> None:
    """Turn encyclopedia texts into a Wikibase-model knowledge graph with verified quotes."""


from svg_rdf.cli import build as _build  # noqa: E402  (registers the commands)
from svg_rdf.cli import check as _check  # noqa: E402
from svg_rdf.cli import export as _export  # noqa: E402
from svg_rdf.cli import load as _load  # noqa: E402
from svg_rdf.cli import query as _query  # noqa: E402
from svg_rdf.cli import reconcile as _reconcile  # noqa: E402
from svg_rdf.cli import reports as _reports  # noqa: E402
from svg_rdf.cli import serve as _serve  # noqa: E402
from svg_rdf.cli import start as _start  # noqa: E402
from svg_rdf.cli import wikidata_diff as _wikidata_diff  # noqa: E402

__all__ = [
    "_build",
    "_check",
    "_export",
    "_load",
    "_query",
    "_reconcile",
    "_reports",
    "_serve",
    "_start",
    "_wikidata_diff",
    "cli",
    "main",
    "run",
]


def main() -> None:
    """The entry point for a program that has loaded this package already."""
    sys.exit(run())
