"""Writer: verify every output file with a strict second parser, then replace atomically.

All files are first written to temporary files in the output folder; only when every
one re-parses (pyoxigraph) to exactly the built graph are they renamed into place. A
failure or Ctrl-C before that leaves the previous output untouched.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from svg_rdf.errors import ExportError


@dataclass(frozen=True)
class OutputFile:
    """Bytes to publish as `name`; `expected` is the graph an RDF file must parse back to."""

    name: str
    data: bytes = field(repr=False)
    media_type: str
    rdf_format: ox.RdfFormat | None = None
    expected: frozenset[ox.Triple] | None = field(default=None, repr=False)


def verify(file: OutputFile) -> None:
    """Raise ExportError unless `file` parses strictly to exactly its expected triples."""
    if file.rdf_format is None or file.expected is None:
        return
    try:
        parsed = {
            quad.triple for quad in ox.parse(file.data, format=file.rdf_format, base_iri=None)
        }
    except SyntaxError as exc:
        raise ExportError(
            f"the strict parser rejects the written {file.name}: {exc}",
            path=file.name,
            fix="this is a bug in svg-rdf; please report it",
        ) from None
    if parsed != file.expected:
        missing = sorted(str(t) for t in file.expected - parsed)[:1]
        extra = sorted(str(t) for t in parsed - file.expected)[:1]
        raise ExportError(
            f"{file.name} does not re-parse to the built graph "
            f"({len(file.expected - parsed)} triples lost, {len(parsed - file.expected)} "
            f"added; e.g. lost {missing}, added {extra})",
            path=file.name,
            fix="this is a bug in svg-rdf; please report it",
        )


def publish(directory: Path, files: Sequence[OutputFile], *, prune: Sequence[str] = ()) -> None:
    """Verify every file, then write them all into `directory` atomically.

    A name may hold `/` (a file in a subfolder). Files under the `prune` subfolders that
    are not among `files` are removed once the new files are in place, so a folder the
    build owns (the site) never keeps a page of a removed entity.

    Raises ExportError (nothing replaced) when a file fails verification or cannot be
    written.
    """
    for file in files:
        verify(file)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for folder in sorted({(directory / file.name).parent for file in files}):
            folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(
            f"cannot create the output folder: {exc.strerror}", path=directory
        ) from None
    temporary: list[tuple[Path, Path]] = []
    try:
        for file in files:
            target = directory / file.name
            handle, name = tempfile.mkstemp(
                prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
            )
            temporary.append((Path(name), target))
            with os.fdopen(handle, "wb") as stream:
                stream.write(file.data)
                stream.flush()
                os.fsync(stream.fileno())
        for source, target in temporary:
            os.replace(source, target)
        _prune(directory, prune, {file.name for file in files})
    except OSError as exc:
        raise ExportError(
            f"cannot write the output: {exc.strerror}",
            path=directory,
            fix="check the folder's permissions and free space",
        ) from None
    finally:
        for source, _ in temporary:
            with contextlib.suppress(FileNotFoundError):
                source.unlink()


def _prune(directory: Path, folders: Sequence[str], keep: set[str]) -> None:
    """Remove files (and then empty folders) under `folders` whose names are not kept."""
    for folder in folders:
        root = directory / folder
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*"), reverse=True):
            name = path.relative_to(directory).as_posix()
            if path.is_dir():
                if not any(path.iterdir()):
                    path.rmdir()
            elif name not in keep:
                path.unlink()
