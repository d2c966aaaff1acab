"""Data files: strict UTF-8 text, TOML tables that remember the line they start on, CSV rows.

Curated data is TOML; `tomllib` does not report where a value sits, so each `[[name]]`
table is matched to its header line, and a key to the first line in the table that
assigns it. Error messages can then name `file:line`.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import stat
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from svg_rdf.curation.suggest import did_you_mean
from svg_rdf.errors import DataFileError, SvgRdfError
from svg_rdf.licenses import license_iri

MAX_FILE_BYTES = 16 * 1024 * 1024
"""The largest source text or data file read (16 MiB; an encyclopedia article is far less)."""

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def read_regular(
    path: Path,
    display: str,
    *,
    error: type[SvgRdfError] = DataFileError,
) -> bytes:
    """The bytes of the regular file at `path` (a symbolic link to one is followed).

    The file is opened without blocking, so a FIFO never stalls the build, and checked
    before it is read: anything but a regular file, or one over MAX_FILE_BYTES, raises
    `error` naming it, as do a missing file and a link loop.
    """
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise error("file not found", path=display, fix="create it or fix the name") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise error(
                "a symbolic link loop", path=display, fix="point the link at a text file"
            ) from None
        raise error(f"cannot read: {exc.strerror}", path=display) from None
    try:
        mode = os.fstat(handle).st_mode
        kind = next((what for test, what in _KINDS if test(mode)), None)
        if kind is not None or not stat.S_ISREG(mode):
            raise error(
                f"not a regular file ({kind or 'of another kind'})",
                path=display,
                fix="give a plain text file",
            )
        chunks = []
        size = 0
        while size <= MAX_FILE_BYTES:
            chunk = os.read(handle, min(1 << 20, MAX_FILE_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", path=display) from None
    finally:
        os.close(handle)
    if size > MAX_FILE_BYTES:
        raise error(
            f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB",
            path=display,
            fix="split the text into several sources",
        )
    return b"".join(chunks)


def read_utf8(path: Path, display: str, *, error: type[SvgRdfError] = DataFileError) -> str:
    """The file's text, decoded strictly as UTF-8 (a BOM is refused, line endings kept).

    Raises `error` with line and column for invalid bytes, and as `read_regular` does.
    """
    return decode_utf8(read_regular(path, display, error=error), display, error=error)


def decode_utf8(data: bytes, display: str, *, error: type[SvgRdfError] = DataFileError) -> str:
    """`data` decoded strictly as UTF-8; raises `error` naming line and column, or a BOM."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise error(
            f"invalid UTF-8 (byte 0x{data[exc.start]:02x})",
            path=display,
            line=line,
            column=column,
            fix="save the file as UTF-8",
        ) from None
    if text.startswith("\ufeff"):
        raise error(
            "starts with a byte order mark",
            path=display,
            line=1,
            column=1,
            fix="save the file as UTF-8 without BOM",
        )
    return text


_TOML_PLACE = re.compile(r"^(?P<what>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)$")
_TOML_PLACE_EOF = re.compile(r"^(?P<what>.*?)\s*\(at end of document\)$")


def csv_rows(
    text: str, display: str, columns: Sequence[str], *, width_fix: str
) -> Iterator[tuple[int, list[str]]]:
    """The rows of CSV `text` after its header, each with its line number and its cells
    stripped; blank lines are skipped. Raises DataFileError when the header is not
    `columns` (at line 1) or a row has another number of cells (at its line, with
    `width_fix` as the fix)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header != list(columns):
        raise DataFileError(
            f"header is {header!r}",
            path=display,
            line=1,
            fix=f"the first line must be {','.join(columns)}",
        )
    for row in reader:
        line = reader.line_num
        if not row:
            continue
        if len(row) != len(columns):
            raise DataFileError(
                f"expected {len(columns)} columns, found {len(row)}",
                path=display,
                line=line,
                fix=width_fix,
            )
        yield line, [cell.strip() for cell in row]


def load_toml(path: Path, display: str) -> tuple[dict[str, Any], list[str]]:
    """The parsed document and its lines; malformed TOML is a DataFileError at its line."""
    text = read_utf8(path, display)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line = column = None
        if match := _TOML_PLACE.match(message):
            message, line, column = match["what"], int(match["line"]), int(match["col"])
        elif match := _TOML_PLACE_EOF.match(message):
            message, line = match["what"], text.count("\n") + 1
        if message.startswith("Cannot overwrite a value") or message.startswith("Cannot declare"):
            message = "duplicate key or table"
            fix = "each key may be given once per table; remove or rename the repeated one"
        else:
            message = f"malformed TOML: {message[:1].lower()}{message[1:]}"
            fix = "fix the syntax (strings in double quotes, one key = value per line)"
        raise DataFileError(message, path=display, line=line, column=column, fix=fix) from None
    return document, text.splitlines()


@dataclass(frozen=True)
class Table:
    """One `[[name]]` table of a TOML file, with the lines it spans."""

    data: dict[str, Any]
    path: str
    line: int
    end_line: int
    lines: Sequence[str]

    def line_of(self, key: str, nth: int = 0) -> int:
        """The line of the `nth` assignment of `key` inside this table, else the header line."""
        pattern = re.compile(rf"(^|[{{,\s]){re.escape(key)}\s*=")
        seen = 0
        for number in range(self.line, min(self.end_line, len(self.lines) + 1)):
            if pattern.search(self.lines[number - 1]):
                if seen == nth:
                    return number
                seen += 1
        return self.line

    def error(
        self,
        message: str,
        *,
        key: str | None = None,
        nth: int = 0,
        fix: str | None = None,
        cls: type[DataFileError] = DataFileError,
    ) -> DataFileError:
        line = self.line if key is None else self.line_of(key, nth)
        return cls(message, path=self.path, line=line, fix=fix)

    def check_keys(self, *, required: Iterable[str], optional: Iterable[str] = ()) -> None:
        """Raise on a missing required key or on a key this table does not know."""
        required = tuple(required)
        known = set(required) | set(optional)
        for key in self.data:
            if key not in known:
                hint = did_you_mean(key, known)
                raise self.error(
                    f"unknown key {key!r}" + (f" ({hint})" if hint else ""),
                    key=key,
                    fix=f"use one of: {', '.join(sorted(known))}",
                )
        for key in required:
            if key not in self.data:
                raise self.error(f"missing key {key!r}", fix=f"add {key} = ...")

    def text(self, key: str, *, default: str | None = None) -> str:
        """A string value; raises when it is missing or not a string."""
        value = self.data.get(key, default)
        if not isinstance(value, str) or not value:
            raise self.error(f"{key!r} must be a non-empty string", key=key)
        return value

    def optional_text(self, key: str) -> str | None:
        if key not in self.data:
            return None
        return self.text(key)

    def iri(self, key: str, *, example: str) -> str:
        """A string value that is an absolute IRI (what RDF and the strict parser accept).

        Raises with the parser's reason, e.g. a licence name instead of its address.
        """
        value = self.text(key)
        problem = iri_problem(value)
        if problem is not None:
            raise self.error(
                f"{key} {value!r} is not an IRI ({problem})",
                key=key,
                fix=f"write the full address, such as {example}",
            )
        return value

    def optional_iri(self, key: str, *, example: str) -> str | None:
        if key not in self.data:
            return None
        return self.iri(key, example=example)

    def license(self, key: str) -> str:
        """The IRI of the licence a string value names (an IRI or an SPDX id, see
        `svg_rdf.licenses.license_iri`); raises when it is neither."""
        value = self.text(key)
        licence = license_iri(value)
        if licence is None:
            raise self.error(
                f"{key} {value!r} is neither an IRI nor an SPDX licence id",
                key=key,
                fix='write e.g. "CC-BY-SA-4.0" or "https://creativecommons.org/licenses/by-sa/4.0/"',
            )
        return licence


def iri_problem(value: str) -> str | None:
    """Why `value` is not an absolute IRI (RFC 3987, as pyoxigraph checks it), or None."""
    try:
        ox.NamedNode(value)
    except ValueError as exc:
        reason = str(exc)
        return reason[:1].lower() + reason[1:]
    return None


def array_tables(
    document: dict[str, Any],
    name: str,
    lines: Sequence[str],
    display: str,
    *,
    required: bool = True,
) -> list[Table]:
    """The `[[name]]` tables of a document, each located at its header line.

    Raises DataFileError when there is none, unless not `required`.
    """
    items = document.get(name, [])
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise DataFileError(
            f"{name!r} must be written as [[{name}]] tables",
            path=display,
            line=1,
            fix=f"start each entry with a line [[{name}]]",
        )
    header = re.compile(rf"^\s*\[\[\s*{re.escape(name)}\s*\]\]\s*(#.*)?$")
    starts = [number for number, line in enumerate(lines, 1) if header.match(line)]
    if not items and not starts:
        if not required:
            return []
        raise DataFileError(
            f"no [[{name}]] tables (the file is empty, or holds only comments and top-level keys)",
            path=display,
            line=1,
            fix=f"add a [[{name}]] table, or delete the file",
        )
    if len(starts) != len(items):
        raise DataFileError(
            f"found {len(items)} {name} entries but {len(starts)} [[{name}]] header lines",
            path=display,
            line=1,
            fix=f"write each entry as its own [[{name}]] table, not as an inline array",
        )
    if not starts:
        return []
    ends = [*starts[1:], len(lines) + 1]
    return [
        Table(item, display, start, end, lines)
        for item, start, end in zip(items, starts, ends, strict=True)
    ]


def load_tables(path: Path, display: str, name: str, *, required: bool = True) -> list[Table]:
    """The `[[name]]` tables of a TOML file that holds nothing else (see `array_tables`);
    raises DataFileError for malformed TOML, another top-level key or a misplaced table."""
    document, lines = load_toml(path, display)
    check_top_level(document, display, [name])
    return array_tables(document, name, lines, display, required=required)


def check_top_level(document: dict[str, Any], display: str, allowed: Iterable[str]) -> None:
    """Refuse top-level keys a data file does not know (usually a typo)."""
    allowed = set(allowed)
    for key in document:
        if key not in allowed:
            hint = did_you_mean(key, allowed)
            raise DataFileError(
                f"unknown top-level key {key!r}" + (f" ({hint})" if hint else ""),
                path=display,
                line=1,
                fix=f"use one of: {', '.join(sorted(allowed))}",
            )


def toml_string(text: str) -> str:
    """`text` as a TOML basic string (JSON's escapes are TOML's; DEL must be escaped too)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")
