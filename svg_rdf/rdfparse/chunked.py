"""Parsing gate, steps 1 and 2 on a file read in parts: for inputs too large to hold.

`gate_file` runs the checks `parse_bytes` runs on a whole document's bytes (UTF-8, the
pre-scans of scan.py) on an N-Triples, N-Quads, Turtle or TriG file read in parts that end
at a line end (LF), and notes what the loader must know of the bytes (a blank-node label,
a possible bidi control, a derived XSD datatype's name, a line of MAX_TOKEN bytes or more).
Every check looks only inside one line except two, which carry over: the nesting depth
(carried from part to part) and a long string or IRI that goes on past a line end (the
part is scanned again with the next one appended, so at most one such token is held).
Memory is bounded by PART plus the longest line (a file with no LF, old Mac line ends or
a single-line Turtle document, is held whole: then there is only one line). JSON-LD is
not read here: its checks (remote contexts, dropped IRIs) read the whole document.

Errors are the gate's (ParseError, path:line:col), positions counted over the whole file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from svg_rdf.errors import ParseError
from svg_rdf.rdfparse.encoding import UTF8_BOM, _check_utf8, check_encoding, position
from svg_rdf.rdfparse.gate import MAX_TOKEN, cannot_read
from svg_rdf.rdfparse.iris import may_hold_bidi
from svg_rdf.rdfparse.scan import Unfinished, holds, scan_part

PART = 8 * 1024 * 1024
"""Bytes read at a time."""


@dataclass
class Gated:
    """What the loader needs to know of a file the gate accepted."""

    bom: int = 0  # bytes of a UTF-8 byte-order mark at the start, which the parser skips
    labels: bool = False  # may hold a blank-node label ("_:")
    bidi: bool = False  # may hold a bidi control (iris.may_hold_bidi)
    lost: bool = False  # may name a datatype the store would not keep
    long_line: bool = False  # may have a line of MAX_TOKEN bytes or more


def _lines(data: bytes) -> int:
    """Line breaks in `data`, counted as encoding.position counts them (LF, CRLF, CR)."""
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


def gate_file(
    handle: BinaryIO,
    fmt: str,
    name: str,
    *,
    lost: Callable[[bytes], bool],
    long_line: Callable[[bytes], bool],
    read: Callable[[int], None] | None = None,
) -> Gated:
    """Check the file open as `handle` (from its start) in gate format `fmt`; `lost(part)`
    says whether a part may name a derived datatype, `long_line(part)` whether it may hold
    a line too long for the parser; `read(n)` is told each n bytes read. Raises ParseError
    for the first problem, at its line and column in the file."""
    found = Gated()
    lines = 0  # line breaks before the part
    depth = 0
    pending = b""  # read, not yet scanned: from a line start on
    first = True
    at_end = False
    while not at_end:
        data = handle.read(PART)
        at_end = not data
        if read is not None and data:
            read(len(data))
        if first:
            first = False
            if data.startswith(UTF8_BOM):
                found.bom = len(UTF8_BOM)
                data = data[found.bom :]
            _marks(data[:4], name)
        pending += data
        cut = len(pending) if at_end else pending.rfind(b"\n") + 1
        if cut == 0:
            continue  # no line end yet: the line goes on
        part = pending[:cut]
        try:
            if not part.isascii():
                _check_utf8(part, name)
            depth = scan_part(part, fmt, name, depth=depth, last=at_end)
        except Unfinished as unfinished:
            if len(pending) - unfinished.offset <= MAX_TOKEN + PART:
                continue  # a long string or an IRI goes on: scan it again with more
            line, column = position(pending, unfinished.offset)
            raise ParseError(
                f"error: a string or IRI runs on for more than {MAX_TOKEN // 2**20} MiB: "
                "it is not closed, or it is longer than the parser (pyoxigraph) holds",
                path=name,
                line=lines + line,
                column=column,
                fix="close it, or split or shorten the value",
            ) from None
        except ParseError as exc:
            if exc.line is not None:
                exc.line += lines
            raise
        found.labels = found.labels or holds(part, b"_:")
        found.bidi = found.bidi or may_hold_bidi(part)
        found.lost = found.lost or lost(part)
        found.long_line = found.long_line or long_line(part)
        lines += _lines(part)
        pending = pending[cut:]
    return found


def _marks(head: bytes, name: str) -> None:
    """check_encoding's checks of a file's first bytes: a UTF-16 or UTF-32 mark, a NUL;
    not UTF-8, since `head` may end inside a character (the parts are checked for that)."""
    try:
        check_encoding(head, name)
    except ParseError as exc:
        if "invalid UTF-8" not in exc.message:
            raise


def open_input(path: Path) -> BinaryIO:
    """`path` open for reading; ParseError (one line) when it cannot be."""
    try:
        return path.open("rb")
    except OSError as exc:
        raise cannot_read(path, exc) from exc
