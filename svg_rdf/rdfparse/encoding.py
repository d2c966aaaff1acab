"""Parsing gate, step 1: the bytes must be UTF-8 (a UTF-8 BOM is dropped); positions in them.

See the package docstring for the policy. Validation decodes in 1 MiB slices of a memoryview,
so checking a large file never holds a second full-size copy of it.
"""

from __future__ import annotations

import codecs

from svg_rdf.errors import ParseError

UTF8_BOM = b"\xef\xbb\xbf"

# Longest first: the UTF-32LE mark starts with the UTF-16LE one.
_WIDE_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"),
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
    (b"\xff\xfe", "UTF-16 (little-endian)"),
    (b"\xfe\xff", "UTF-16 (big-endian)"),
)
_REENCODE = "re-encode it as UTF-8 (for example `iconv -f UTF-16 -t UTF-8 IN > OUT`)"
_CHUNK = 1 << 20


def position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based (line, column) of byte `offset` in `data`.

    Lines end at LF, CRLF or a lone CR and columns count characters, as pyoxigraph counts them,
    so positions from the pre-scans and from pyoxigraph agree. Only called on the error path.
    """
    line = (
        1
        + data.count(b"\n", 0, offset)
        + data.count(b"\r", 0, offset)
        - data.count(b"\r\n", 0, offset)
    )
    start = max(data.rfind(b"\n", 0, offset), data.rfind(b"\r", 0, offset)) + 1
    column = 1 + len(data[start:offset].decode("utf-8", "replace"))
    return line, column


def check_encoding(data: bytes, name: str) -> bytes:
    """Return `data` without its UTF-8 byte-order mark, if any.

    Raises ParseError at 1:1 for UTF-16/UTF-32 (a byte-order mark, or a NUL among the first
    two bytes) and at the first bad byte's line and column for invalid UTF-8.
    """
    for bom, label in _WIDE_BOMS:
        if data.startswith(bom):
            raise ParseError(
                f"error: the file is {label} (byte-order mark {bom.hex(' ').upper()}), not UTF-8",
                path=name,
                line=1,
                column=1,
                fix=_REENCODE,
            )
    if 0 in data[:2]:
        raise ParseError(
            "error: the file looks like UTF-16 or UTF-32 (NUL bytes at its start), not UTF-8",
            path=name,
            line=1,
            column=1,
            fix=_REENCODE,
        )
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    if not data.isascii():
        _check_utf8(data, name)
    return data


def _check_utf8(data: bytes, name: str) -> None:
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    view = memoryview(data)
    size = len(data)
    for start in range(0, size, _CHUNK):
        pending = len(decoder.getstate()[0])
        try:
            decoder.decode(view[start : start + _CHUNK], final=start + _CHUNK >= size)
        except UnicodeDecodeError as exc:
            offset = start - pending + exc.start
            line, column = position(data, offset)
            raise ParseError(
                f"error: invalid UTF-8 (byte 0x{data[offset]:02X})",
                path=name,
                line=line,
                column=column,
                fix="the input must be UTF-8; re-save or re-encode the file as UTF-8",
            ) from None
