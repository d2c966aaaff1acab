"""Errors: the expected failures of svg-rdf, each able to say where and how to fix it.

The CLI turns every `SvgRdfError` into one line on stderr and exit code 2. The message
format is `path:line[:col]: what is wrong; how to fix it`.
"""

from __future__ import annotations

from pathlib import Path


class SvgRdfError(Exception):
    """An expected failure: bad input, a missing file, a refused operation."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
        fix: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = None if path is None else str(path)
        self.line = line
        self.column = column
        self.fix = fix

    def __str__(self) -> str:
        place = ""
        if self.path is not None:
            place = self.path
            if self.line is not None:
                place += f":{self.line}"
                if self.column is not None:
                    place += f":{self.column}"
            place += ": "
        text = place + self.message
        if self.fix:
            text += f"; {self.fix}"
        return " ".join(text.split("\n"))


class SourceError(SvgRdfError):
    """A source document is missing, changed (checksum) or not valid UTF-8."""


class DataFileError(SvgRdfError):
    """A curated data file (facts, entities, registry, property table) is malformed."""


class EvidenceError(DataFileError):
    """A quote is absent from its source or ambiguous there."""


class ParseError(SvgRdfError):
    """An RDF document is not valid in its syntax, or tries to reach outside its inputs."""


class ConfigurationError(SvgRdfError):
    """Shapes or settings cannot be used (for example a shapes graph using SERVICE)."""


class ExportError(SvgRdfError):
    """An output file could not be written or did not re-parse to the built graph."""


class EndpointError(SvgRdfError):
    """A SPARQL endpoint could not be reached or refused the operation (exit code 3)."""
