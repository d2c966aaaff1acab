"""What keeps `svg-rdf --help` near the cost of `import click`: click's path type and help
formatter, less the modules they import that the help does not need.

Building the group and printing its help import only click and svg_rdf.cli; everything
else (pathlib, shutil, the API, rdflib, pyshacl, pyoxigraph) loads when a command runs.
tests/test_cli_startup.py holds this, and benchmarks/cli_startup_benchmark.py measures it.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from pathlib import Path

FALLBACK_COLUMNS = 80  # shutil.get_terminal_size's default


class PathType(click.Path):
    """click.Path(path_type=pathlib.Path): the same checks and help, with pathlib (~3 ms)
    imported when a value is converted, not while the help is built."""

    def coerce_path_result(self, value: str | os.PathLike[str]) -> Path:
        from pathlib import Path

        return Path(value)


def terminal_columns() -> int:
    """shutil.get_terminal_size().columns without importing shutil (which imports bz2,
    lzma, zlib and fnmatch: ~3 ms): $COLUMNS, else standard output's terminal, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or FALLBACK_COLUMNS


class HelpFormatter(click.HelpFormatter):
    """click's help formatter, as wide as click makes it (the terminal's width, at most
    80, less 2, at least 50), measured by terminal_columns()."""

    def __init__(
        self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None
    ) -> None:
        if width is None and click.formatting.FORCED_WIDTH is None:
            width = max(min(terminal_columns(), max_width or 80) - 2, 50)
        super().__init__(indent_increment, width, max_width)


class Context(click.Context):
    """The context of every svg-rdf command: click's, with HelpFormatter."""

    formatter_class = HelpFormatter
