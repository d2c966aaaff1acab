"""Pieces: N-Triples bytes cut at line ends into pieces of at most a number of triples.

A line ends at LF, CR or CRLF (N-Triples' EOL is `[#xD#xA]+`): a file with CR-only line
ends is cut as any other. The file is read in blocks of READ bytes, so a CRLF may be split
between two blocks; the CR then ends a line and the LF is an empty line, which travels
with the next piece as blank lines do.

A big graph is sent as pieces, each one Graph Store Protocol POST (svg_rdf.endpoint.load),
because one huge transaction is the wrong shape for the stores we measured (Virtuoso
dropped triples of a 10M PUT; Oxigraph's memory grew with it). N-Triples has at most one
triple a line, so a piece cut after a line end holds whole triples. Only graphs without
blank nodes are cut (expected.py refuses them before anything is sent): a blank node label
is scoped to one document, so `_:b1` in two POSTs would be two nodes in the store.

A piece is read from the file as it is needed, so sending holds one piece (about 7 MB at
50,000 triples), whatever the file's size.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from svg_rdf.endpoint.transport import unreadable


@dataclass(frozen=True)
class Piece:
    """`data`, whole lines of N-Triples holding `triples` triples, starting at byte `start`
    of the file and at triple `first` (0-based)."""

    data: bytes
    start: int
    first: int
    triples: int


def _is_triple(line: bytes) -> bool:
    """Whether an N-Triples line holds a triple (not blank, not only a comment)."""
    stripped = line.lstrip(b" \t")
    return bool(stripped) and stripped[:1] not in (b"#", b"\n", b"\r")


READ = 1 << 20
"""Bytes read from the file at a time."""


def _lines(stream: io.BufferedIOBase | io.BytesIO) -> Iterator[bytes]:
    """The lines of `stream`, each with its line end (LF, CR or CRLF; the last may have
    none), read READ bytes at a time."""
    rest = b""
    while block := stream.read(READ):
        lines = (rest + block).splitlines(keepends=True)  # bytes: at LF, CR and CRLF only
        rest = b"" if lines[-1].endswith((b"\n", b"\r")) else lines.pop()
        yield from lines
    if rest:
        yield rest


def _cut(stream: io.BufferedIOBase | io.BytesIO, triples: int) -> Iterator[Piece]:
    lines: list[bytes] = []
    count = start = size = first = 0
    for line in _lines(stream):
        lines.append(line)
        size += len(line)
        if _is_triple(line):
            count += 1
            if count == triples:
                yield Piece(b"".join(lines), start, first, count)
                first += count
                start += size
                lines, count, size = [], 0, 0
    if count:
        yield Piece(b"".join(lines), start, first, count)


def pieces(body: bytes | Path, triples: int) -> Iterator[Piece]:
    """`body` (bytes or a file) as pieces of at most `triples` triples each, cut after a
    line end; blank and comment lines travel with the triples after them (a trailing
    comment is not sent). Raises SvgRdfError when the file cannot be read."""
    if triples < 1:
        raise ValueError("a piece holds at least one triple")
    if not isinstance(body, Path):
        yield from _cut(io.BytesIO(body), triples)
        return
    try:
        with body.open("rb") as stream:
            yield from _cut(stream, triples)
    except OSError as exc:
        raise unreadable(body, exc) from None
