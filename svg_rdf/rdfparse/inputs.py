"""Inputs: the files named to `check`, as regular files the strict parser can read.

Standard input (`-`), named pipes and process substitution (`<(...)`, seen as
/dev/fd/N) are read once, whole, into a private temporary folder; the parser cannot tell
their syntax from an extension, so they need --input-format unless the pipe's own name
has one. A folder or an unreadable file is one line naming it and the fix, not a usage
error.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from svg_rdf.errors import SvgRdfError
from svg_rdf.rdfparse import FORMATS

STDIN = "-"


@contextmanager
def readable(
    paths: Sequence[Path], *, input_format: str | None, stdin: BinaryIO
) -> Iterator[tuple[list[Path], dict[str, str]]]:
    """Regular files for `paths`, and the name to show for each temporary one.

    Raises SvgRdfError (one line, with the fix) for a missing file, a folder, an
    unreadable file, and a stream whose syntax is not given.
    """
    folder: Path | None = None
    resolved: list[Path] = []
    shown: dict[str, str] = {}
    try:
        for number, path in enumerate(paths):
            if not _stream(path):
                resolved.append(path)
                continue
            if folder is None:
                folder = Path(tempfile.mkdtemp(prefix="svg-rdf-input-"))
            name = "stdin" if str(path) == STDIN else path.name
            if input_format is None and Path(name).suffix.lower() not in FORMATS:
                what = "standard input" if str(path) == STDIN else "a pipe"
                raise SvgRdfError(
                    f"is {what}, whose RDF syntax cannot be told from a file extension",
                    path=path,
                    fix="pass --input-format (turtle, ntriples, nquads, trig or jsonld)",
                )
            spooled = folder / f"{number}-{name}"
            with spooled.open("wb") as target:
                if str(path) == STDIN:
                    shutil.copyfileobj(stdin, target)
                else:
                    with path.open("rb") as source:
                        shutil.copyfileobj(source, target)
            resolved.append(spooled)
            shown[str(spooled)] = str(path)
        yield resolved, shown
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def _stream(path: Path) -> bool:
    """True for standard input or a pipe, False for a readable regular file; raises else."""
    if str(path) == STDIN:
        return True
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise SvgRdfError("file not found", path=path, fix="check the name") from None
    except OSError as exc:
        raise SvgRdfError(
            f"cannot read: {exc.strerror}", path=path, fix="check the path and its permissions"
        ) from None
    if stat.S_ISDIR(mode):
        raise SvgRdfError(
            "is a folder, not an RDF file",
            path=path,
            fix=f"name the files in it, for example {path / '*.ttl'}",
        )
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISSOCK(mode):
        return True
    try:
        with path.open("rb") as handle:
            handle.read(1)
    except OSError as exc:
        raise SvgRdfError(
            f"cannot read: {exc.strerror}", path=path, fix="check the file's permissions"
        ) from None
    return False
