"""Files -> one pyoxigraph store, through the strict parsing gate, the data held once.

The `sparql` engine needs only the store: each file's bytes pass the gate's checks (UTF-8,
the pre-scans of svg_rdf/rdfparse/scan.py, IRIs with bidi controls) and are parsed straight
into the store (`bulk_load` for one Turtle or N-Triples file, a stream of triples otherwise);
no N-Triples copy and no decoded copy are made, and a file's bytes are dropped once it is in
the store. Graph names are dropped (the check validates the union) and blank nodes of
different files stay different, as in svg_rdf/rdfparse/load.py.

Past DISK_THRESHOLD bytes of input the store is an on-disk one in a private temporary
folder (under TMPDIR; never in the user's project), and each file other than JSON-LD is
never held: the gate reads it in parts (svg_rdf/rdfparse/chunked.py) and the store reads
it again from the file. `Scratch` owns that folder: it is removed once the check's result
is released, at exit, and at once when the check fails or is interrupted; a store that
cannot be written there (a full disk) is one line naming the folder (`unwritable`).
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import shutil
import tempfile
import traceback
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, cast

import pyoxigraph as ox

from svg_rdf.errors import SvgRdfError
from svg_rdf.rdfparse.chunked import Gated, gate_file, open_input
from svg_rdf.rdfparse.encoding import check_encoding
from svg_rdf.rdfparse.formats import detect_format
from svg_rdf.rdfparse.gate import _RDF_FORMATS, MAX_TOKEN, _translate, parse_bytes, read_input
from svg_rdf.rdfparse.gate import too_big as _too_big
from svg_rdf.rdfparse.iris import may_hold_bidi, refuse_bidi_iris
from svg_rdf.rdfparse.load import _ntriples, _triples
from svg_rdf.rdfparse.scan import holds, may_refuse_valid, scan
from svg_rdf.validation.lost_datatypes import DatatypeLost, may_name_lost, refuse_lost
from svg_rdf.validation.view import StoreView

DISK_THRESHOLD = 256 * 1024 * 1024
"""Total input bytes past which the store is on disk (about 1.9M triples of N-Triples,
which Oxigraph's in-memory store holds in about 1.1 GB)."""
Read = Callable[[int, int], None]
"""Told the bytes read so far and the bytes to read in all (each file is read twice: by
the gate and by the store)."""


def long_line(body: bytes, limit: int = MAX_TOKEN) -> bool:
    """Whether `body` may have a line of `limit` bytes or more: such a line holds a whole
    aligned block of `limit // 2` bytes without a line break (a few C-speed searches)."""
    block = limit // 2
    return any(
        body.find(b"\n", start, start + block) == -1
        for start in range(0, len(body) - block + 1, block)
    )


def _prefix(paths: Sequence[Path], index: int) -> str | None:
    return f"f{index}x" if len(paths) > 1 else None


def _quads(triples: Iterable[ox.Triple]) -> Iterator[ox.Quad]:
    for triple in triples:
        yield ox.Quad(triple.subject, triple.predicate, triple.object)


def _load_one(store: ox.Store, path: Path, fmt: str | None, prefix: str | None) -> None:
    name = str(path)
    gate_format = detect_format(path, fmt)
    data = read_input(path)
    if gate_format == "jsonld":  # small documents; @direction needs the gate's quads
        parsed = parse_bytes(data, fmt=gate_format, name=name).quads
        del data
        store.extend(refuse_lost(_quads(_triples(parsed, prefix)), name))
        return
    body = check_encoding(data, name)
    del data
    first = may_refuse_valid(body, gate_format)
    if first:
        scan(body, gate_format, name)
    try:
        _load_body(store, body, path, gate_format, fmt, prefix)
    except Exception:
        if not first:  # the scan's error comes first, as when it runs first
            scan(body, gate_format, name)
        raise


def _load_body(
    store: ox.Store, body: bytes, path: Path, gate_format: str, fmt: str | None, prefix: str | None
) -> None:
    """The checked bytes of `path` (not JSON-LD) into `store`."""
    name = str(path)
    if may_name_lost(body, fmt=gate_format):
        raise DatatypeLost(name)
    if long_line(body):
        # the gate's parser refuses a literal or IRI over MAX_TOKEN, bulk_load would not:
        # the same refusal as every engine, from the gate's own path
        _ntriples(path, fmt, prefix)
    rdf_format = _RDF_FORMATS[gate_format]
    bidi = may_hold_bidi(body)
    try:
        # bulk_load renames every blank node; a file that labels its own keeps them
        simple = prefix is None and gate_format in ("turtle", "ntriples")
        if simple and not bidi and not holds(body, b"_:"):
            store.bulk_load(body, format=rdf_format)
            return
        quads: Iterable[ox.Quad] = ox.parse(body, format=rdf_format)
        if bidi:
            quads = refuse_bidi_iris(quads, name)
        store.bulk_extend(_quads(_triples(quads, prefix)))
    except SyntaxError as exc:
        raise _translate(exc, gate_format, name) from None
    except MemoryError as exc:
        raise _too_big(name, exc, gate_format) from None


class Scratch:
    """A temporary folder holding an on-disk store: `store` until `close()`, which drops
    it (Oxigraph writes into its folder until the store is dropped) and removes the
    folder; closing twice does nothing. Raises SvgRdfError (`unwritable`) when the folder
    or the store cannot be made."""

    def __init__(self) -> None:
        root = Path(tempfile.gettempdir())
        try:
            self.folder = Path(tempfile.mkdtemp(prefix="svg-rdf-check-", dir=root))
        except OSError as exc:
            raise unwritable(root, exc) from None
        self.store: ox.Store | None = None
        try:
            self.store = ox.Store(str(self.folder))
        except BaseException as exc:
            shutil.rmtree(self.folder, ignore_errors=True)
            if isinstance(exc, OSError):
                raise unwritable(root, exc) from None
            raise

    def unwritable(self, failure: OSError) -> SvgRdfError:
        """The one-line error for `failure` (the store's, while it was written or read),
        naming the folder the store was made in; call after `close()`."""
        return unwritable(self.folder.parent, failure)

    def close(self, failure: BaseException | None = None) -> None:
        """Drop the store and remove the folder; `failure`, the exception that ends the
        check, has its frames' variables cleared first (they hold the store)."""
        if failure is not None:
            traceback.clear_frames(failure.__traceback__)
        self.store = None
        gc.collect()
        shutil.rmtree(self.folder, ignore_errors=True)


def unwritable(root: Path, failure: OSError) -> SvgRdfError:
    """A store that could not be written in `root` (a full disk, a quota, no permission)
    as one line naming `root` and the fix. pyoxigraph's OSError has no errno: its reason
    is read from its text ("IO error: No space left on device: While appending to ...")."""
    reason = os.strerror(failure.errno) if failure.errno else str(failure)
    match = re.match(r"IO error: ([^:]+)", reason)
    return SvgRdfError(
        "error: the check's temporary store could not be written there: "
        + (match.group(1) if match else reason),
        path=root,
        fix="free space there (the store takes about as much as the input files), or point "
        "TMPDIR to a folder with more room",
    )


class ScratchView(StoreView):
    """The checked data in a Scratch's store; the folder is removed once the view is
    released, or at exit."""

    def __init__(self, scratch: Scratch, *, size: int | None = None) -> None:
        # not StoreView's: the store is scratch's
        self.scratch = scratch
        self.size = size
        weakref.finalize(self, scratch.close)

    @property
    def store(self) -> ox.Store:
        if self.scratch.store is None:
            raise RuntimeError("the check's temporary store was removed at exit")
        return self.scratch.store

    @store.setter
    def store(self, store: ox.Store) -> None:
        raise AttributeError("the store of a ScratchView is its Scratch's")


def input_bytes(paths: Sequence[Path]) -> int:
    """The size of the input files together, in bytes (a file that cannot be read counts
    0: the gate names it)."""
    total = 0
    for path in paths:
        with contextlib.suppress(OSError):
            total += os.stat(path).st_size
    return total


def _load_streamed(
    store: ox.Store, path: Path, fmt: str | None, prefix: str | None, read: Callable[[int], None]
) -> None:
    """`_load_one` for a file that is never held: the gate reads it in parts, the store
    reads it again from the file."""
    name = str(path)
    gate_format = detect_format(path, fmt)
    if gate_format == "jsonld":  # its checks need the whole document
        _fits(path)
        _load_one(store, path, fmt, prefix)
        read(2 * os.stat(path).st_size)
        return
    rdf_format = _RDF_FORMATS[gate_format]
    with open_input(path) as handle:
        found = gate_file(
            handle,
            gate_format,
            name,
            lost=lambda part: may_name_lost(part, fmt=gate_format, whole=False),
            long_line=long_line,
            read=read,
        )
    if found.lost:
        raise DatatypeLost(name)
    try:
        if found.long_line:  # the parser's token limit, which bulk_load does not apply
            with open_input(path) as handle:
                handle.seek(found.bom)
                for _ in ox.parse(handle, format=rdf_format):
                    pass
        with open_input(path) as handle:
            handle.seek(found.bom)
            counted = _Counted(handle, read)
            try:
                _fill(store, cast(BinaryIO, counted), found, rdf_format, prefix, name)
            except OSError:
                if counted.failure is not None:  # Ctrl-C while the store was reading
                    raise counted.failure from None
                raise
    except SyntaxError as exc:
        raise _translate(exc, gate_format, name) from None
    except MemoryError as exc:
        raise _too_big(name, exc, gate_format) from None


def _fill(
    store: ox.Store,
    handle: BinaryIO,
    found: Gated,
    rdf_format: ox.RdfFormat,
    prefix: str | None,
    name: str,
) -> None:
    """The store reads the open file (`bulk_load` when blank nodes may keep the store's
    names and no IRI needs a look)."""
    if prefix is None and rdf_format in _SIMPLE and not found.labels and not found.bidi:
        store.bulk_load(handle, format=rdf_format)
        return
    quads: Iterable[ox.Quad] = ox.parse(handle, format=rdf_format)
    if found.bidi:
        quads = refuse_bidi_iris(quads, name)
    store.bulk_extend(_quads(_triples(quads, prefix)))


_SIMPLE = (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES)


class _Counted:
    """A binary file whose reads are told to `read` (the store reads through it)."""

    def __init__(self, handle: BinaryIO, read: Callable[[int], None]) -> None:
        self.handle = handle
        self.read_bytes = read
        self.failure: BaseException | None = None

    def read(self, size: int = -1) -> bytes:
        try:
            data = self.handle.read(size)
            self.read_bytes(len(data))
        except BaseException as exc:  # the store turns it into an OSError: kept to raise
            self.failure = exc
            raise
        return data


def _fits(path: Path) -> None:
    """Raise SvgRdfError when `path`, which must be read whole, is larger than the memory
    available now."""
    try:
        size = os.stat(path).st_size
        pages = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return
    if size > pages:
        raise SvgRdfError(
            f"error: the file ({size / 2**30:.1f} GiB) is larger than the memory available "
            f"({pages / 2**30:.1f} GiB), and JSON-LD is read whole",
            path=path,
            fix="convert it to N-Triples or Turtle, which are read in parts",
        )


def load_store(
    paths: Sequence[Path],
    *,
    fmt: str | None = None,
    store: ox.Store | None = None,
    read: Read | None = None,
) -> ox.Store:
    """Every file through the gate into `store` (default: a new in-memory store); raises
    ParseError for the first file that is not valid (one line: path:line:col: error:
    what; fix), and DatatypeLost when a file may hold a datatype the store would change (a
    text search: a prefixed name such as ex:int is enough). Given an on-disk `store`,
    files other than JSON-LD are read in parts, never whole; `read(done, total)` is told
    the bytes read."""
    total = 2 * input_bytes(paths)
    done = [0]

    def count(size: int) -> None:
        done[0] += size
        if read is not None:
            read(min(done[0], total), total)

    streamed = store is not None
    store = ox.Store() if store is None else store
    for index, path in enumerate(paths):
        if streamed:
            _load_streamed(store, path, fmt, _prefix(paths, index), count)
        else:
            _load_one(store, path, fmt, _prefix(paths, index))
            count(2 * input_bytes([path]))
    return store


def stream_quads(paths: Sequence[Path], *, fmt: str | None = None) -> Iterator[ox.Quad]:
    """The default-graph quads of files `load_store` accepted, parsed again one at a time
    (literals as the files spell them), blank nodes named as in the store."""
    for index, path in enumerate(paths):
        gate_format = detect_format(path, fmt)
        prefix = _prefix(paths, index)
        if gate_format == "jsonld":
            parsed: Iterable[ox.Quad] = parse_bytes(
                read_input(path), fmt=gate_format, name=str(path)
            ).quads
        else:
            parsed = ox.parse(path=str(path), format=_RDF_FORMATS[gate_format])
        yield from _quads(_triples(parsed, prefix))
