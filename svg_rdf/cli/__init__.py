"""CLI: the click commands; the only package that imports click.

Each command parses its options, makes one library call (svg_rdf.api) and prints; it
raises what goes wrong and never exits itself. One exit path (svg_rdf.cli.common.Command
and `leave`) prints each error as one line and picks the exit code: 0 success, 1 the data
violates the shapes, 2 the command could not run (bad input, missing file, usage), 3 an
endpoint failed, 130 interrupted (Ctrl-C). Library modules are imported inside the
commands so `svg-rdf --help` stays fast. The commands import their helpers from
svg_rdf.cli.common and are added to the group here, so no module imports this package back.
"""

from __future__ import annotations

import _signal  # type: ignore[import-not-found]  # as svg_rdf/__init__.py: `signal` costs ~2 ms
import sys

import click

from svg_rdf.cli.build import build
from svg_rdf.cli.check import check
from svg_rdf.cli.common import EXIT_ERROR, EXIT_OK, Group, on_interrupt, on_unraisable
from svg_rdf.cli.export import export
from svg_rdf.cli.load import load
from svg_rdf.cli.migrate import migrate
from svg_rdf.cli.query import query
from svg_rdf.cli.reconcile import reconcile
from svg_rdf.cli.reports import conflicts, coverage, reconciliation
from svg_rdf.cli.serve import serve
from svg_rdf.cli.start import add_source, init
from svg_rdf.cli.wikidata_diff import wikidata_diff
from svg_rdf.cli.wikidata_fetch import wikidata_fetch
from svg_rdf.version import __version__

__all__ = ["cli", "main", "run"]


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="svg-rdf")
def cli() -> None:
    """Turn encyclopedia texts into a Wikibase-model knowledge graph with verified quotes."""


for _command in (
    init,
    add_source,
    migrate,
    build,
    check,
    export,
    query,
    serve,
    load,
    conflicts,
    coverage,
    reconciliation,
    reconcile,
    wikidata_diff,
    wikidata_fetch,
):
    cli.add_command(_command)


def run() -> int:
    """The `svg-rdf` program: click's main, with Ctrl-C one line and exit 130 anywhere.

    Click would turn a KeyboardInterrupt outside a command into "Aborted!" and exit 1;
    SIGINT is therefore handled here (unless it is ignored, as for a shell's background
    job). Returns the exit code.
    """
    if _signal.getsignal(_signal.SIGINT) is not _signal.SIG_IGN:
        _signal.signal(_signal.SIGINT, on_interrupt)
        sys.unraisablehook = on_unraisable
    try:
        cli.main(prog_name="svg-rdf")
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else EXIT_ERROR)
    return EXIT_OK


def main() -> None:
    """The entry point for a program that has loaded this package already."""
    sys.exit(run())
