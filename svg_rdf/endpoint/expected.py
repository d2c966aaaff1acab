"""Expected triples of a load: what the store must hold afterwards, held once, by subject.

A graph handed over in memory (the project's own graph, built in memory anyway) is kept as
it is. An N-Triples file is parsed strictly as it streams, `CHUNK_TRIPLES` triples at a
time: up to `IN_MEMORY_BYTES` into a set, past that into a pyoxigraph store on disk in a
temporary folder (removed afterwards), so the memory a load needs stops growing with the
file: a 10M-triple file is held on disk, never as Python objects. Either way the triples
come back grouped by subject (the disk store's subject-first index gives them in that
order), for the lookups of verify.py. A triple with a blank node is refused before
anything is sent: a store renames blank nodes, so the load could not be verified.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import re
from collections import defaultdict
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, BinaryIO, Protocol, cast, runtime_checkable

import pyoxigraph as ox

from svg_rdf.endpoint.lifecycle import temporary_folder
from svg_rdf.endpoint.transport import Progress
from svg_rdf.errors import ParseError, SvgRdfError

IN_MEMORY_BYTES = 16 * 1024 * 1024
"""N-Triples files up to this size are held in memory (about 130,000 triples, some 100 MB
as Python objects); larger ones in a store on disk, whose memory does not grow with them."""
CHUNK_TRIPLES = 100_000
"""Triples parsed and stored at a time: what a disk store's load holds in memory at once."""
PROGRESS_BYTES = 1024 * 1024
"""Bytes read between two reports of the reading progress."""
NTRIPLES_SPEC = "N-Triples (https://www.w3.org/TR/n-triples/)"

Subject = ox.NamedNode | ox.BlankNode | ox.Triple
Group = tuple[Subject, list[ox.Triple]]
_PLACE = re.compile(r"^Parser error at line \d+ between columns \d+ and \d+: ")


@runtime_checkable
class Expected(Protocol):
    """The distinct triples a load sent, countable and readable grouped by subject."""

    def __len__(self) -> int: ...

    def groups(self) -> Iterator[Group]:
        """Each subject once, with all its triples (in a deterministic order)."""
        ...


def unverifiable(triples: Collection[ox.Triple]) -> ox.Triple | None:
    """A triple with a blank node, if any: a store renames blank nodes, so such a triple
    cannot be looked up (the RDF contract has none)."""
    return next((triple for triple in triples if _blank(triple)), None)


def _blank(triple: ox.Triple) -> bool:
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


class InMemory:
    """Triples held as Python objects; their groups in the order of the subjects' text."""

    def __init__(self, triples: Collection[ox.Triple]) -> None:
        self._triples = triples

    def __len__(self) -> int:
        return len(self._triples)

    def groups(self) -> Iterator[Group]:
        by_subject: dict[Subject, list[ox.Triple]] = defaultdict(list)
        for triple in self._triples:
            by_subject[triple.subject].append(triple)
        for subject in sorted(by_subject, key=str):
            yield subject, by_subject[subject]


def as_expected(triples: Expected | Collection[ox.Triple]) -> Expected:
    """`triples` as Expected: held in memory when given as a collection."""
    if isinstance(triples, Expected):
        return triples
    return InMemory(triples)


class OnDisk:
    """Triples in a pyoxigraph store on disk (its default graph); their groups in the
    order of its subject-first index, read a triple at a time."""

    def __init__(self, store: ox.Store) -> None:
        self._store = store
        self._count = len(store)

    def __len__(self) -> int:
        return self._count

    def groups(self) -> Iterator[Group]:
        quads = self._store.quads_for_pattern(None, None, None, ox.DefaultGraph())
        for subject, group in itertools.groupby(quads, key=lambda quad: quad.subject):
            yield subject, [quad.triple for quad in group]


class _Counted(io.RawIOBase):
    """A file read through, telling `progress(bytes read, size)` every PROGRESS_BYTES."""

    def __init__(self, stream: BinaryIO, size: int, progress: Progress) -> None:
        super().__init__()
        self._stream, self._size, self._progress = stream, size, progress
        self._read = self._told = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self._read += len(data)
        if self._read - self._told >= PROGRESS_BYTES or not data:
            self._told = self._read
            self._progress(self._read, self._size)
        return data


def _checked(path: Path, quads: Iterator[ox.Quad]) -> Iterator[list[ox.Quad]]:
    """`quads` a chunk at a time; raises ParseError at the first blank node."""
    while chunk := list(itertools.islice(quads, CHUNK_TRIPLES)):
        blank = next((quad.triple for quad in chunk if _blank(quad.triple)), None)
        if blank is not None:
            raise ParseError(
                f"error: {blank} has a blank node; a store renames blank nodes, so the "
                "load could not be verified; nothing was sent",
                path=path,
                fix="give every node an IRI",
            )
        yield chunk


def _chunks(path: Path, progress: Progress | None = None) -> Iterator[list[ox.Quad]]:
    """The file's quads (all in the default graph), a chunk at a time, parsed strictly;
    `progress(bytes read, size)` is told as the file is read.
    Raises ParseError (path:line:col) for invalid N-Triples or a blank node."""
    try:
        with contextlib.ExitStack() as stack:
            if progress is None:
                quads = ox.parse(path=path, format=ox.RdfFormat.N_TRIPLES)
            else:
                stream = stack.enter_context(path.open("rb"))
                counted = _Counted(stream, os.fstat(stream.fileno()).st_size, progress)
                # pyoxigraph reads any object with read(); its stub names IO[bytes]
                quads = ox.parse(cast("IO[bytes]", counted), format=ox.RdfFormat.N_TRIPLES)
            yield from _checked(path, quads)
    except SyntaxError as exc:
        what = _PLACE.sub("", str(exc.msg or exc))
        shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in what)
        raise ParseError(
            f"error: {shown}; nothing was sent",
            path=path,
            line=exc.lineno,
            column=exc.offset if exc.lineno is not None else None,
            fix=f"correct the file at this place; it must be {NTRIPLES_SPEC}",
        ) from None
    except OSError as exc:
        raise SvgRdfError(
            f"cannot read the file ({exc.strerror or type(exc).__name__})",
            path=path,
            fix="name a readable N-Triples file",
        ) from None


@contextmanager
def expected_file(
    path: Path, *, in_memory_bytes: int | None = None, progress: Progress | None = None
) -> Iterator[Expected]:
    """The distinct triples of the N-Triples file `path`, parsed strictly: in memory up to
    `in_memory_bytes` (default IN_MEMORY_BYTES), else in a store on disk for the length of
    the block; `progress(bytes read, size)` is told as the file is read.

    Raises ParseError (path:line:col) for invalid N-Triples or a blank node; SvgRdfError
    for a file that cannot be read, or too little memory or disk space.
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SvgRdfError(
            f"cannot read the file ({exc.strerror or type(exc).__name__})",
            path=path,
            fix="name an N-Triples file",
        ) from None
    if not path.is_file():
        raise SvgRdfError("not a file", path=path, fix="name an N-Triples file")
    try:
        if size <= (IN_MEMORY_BYTES if in_memory_bytes is None else in_memory_bytes):
            triples: set[ox.Triple] = set()
            for chunk in _chunks(path, progress):
                triples.update(quad.triple for quad in chunk)
            yield InMemory(triples)
            return
        with temporary_folder() as folder:
            yield OnDisk(_disk_store(path, folder / "expected", progress))
    except MemoryError:
        raise SvgRdfError(
            "error: too little memory to read the file",
            path=path,
            fix="raise the process's memory limit (ulimit -v)",
        ) from None


def _disk_store(path: Path, location: Path, progress: Progress | None) -> ox.Store:
    store = ox.Store(str(location))
    try:
        for chunk in _chunks(path, progress):
            store.bulk_extend(chunk)
        store.flush()
    except OSError as exc:  # pyoxigraph's storage errors: a full disk, above all
        raise SvgRdfError(
            f"cannot hold the file's triples on disk in {location.parent} ({exc})",
            path=path,
            fix="free disk space there, or set TMPDIR to a folder with room for about "
            "the file's size",
        ) from None
    return store
