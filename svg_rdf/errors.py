"""Errors: the expected failures of svg-rdf, each able to say where and how to fix it.

The library raises them and never prints or exits; the CLI's one exit path
(svg_rdf.cli.common.leave) turns each into stderr lines and an exit code: 1 for a graph at
fault (ViolationError, OutputMismatchError), 3 for a store or server that failed
(EndpointError), 2 for every other error. Each line is `path:line[:col]: what is wrong;
how to fix it`; CurationErrors carries every independent curation error of one build, one
line each.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol


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

    @property
    def errors(self) -> tuple[SvgRdfError, ...]:
        """Each error this one reports: itself (`CurationErrors` carries several)."""
        return (self,)

    def lines(self) -> list[str]:
        """What the CLI prints, one line each: this error's str."""
        return [str(self)]


class SourceError(SvgRdfError):
    """A source document is missing, changed (checksum) or not valid UTF-8."""


class DataFileError(SvgRdfError):
    """A curated data file (facts, entities, registry, property table) is malformed."""


class CurationErrors(DataFileError):
    """Several independent errors of one project's data files, found in one pass.

    `errors` holds each, in the order they were found; the exception's own place and
    message are the first one's. Its str is one line per error, up to `limit`, then a
    line saying how many more there are.
    """

    LIMIT = 50

    def __init__(self, errors: Sequence[SvgRdfError], *, limit: int = LIMIT) -> None:
        first = errors[0]
        super().__init__(
            first.message, path=first.path, line=first.line, column=first.column, fix=first.fix
        )
        self._errors = tuple(errors)
        self.limit = limit

    @property
    def errors(self) -> tuple[SvgRdfError, ...]:
        return self._errors

    def lines(self) -> list[str]:
        """One line per error, at most `limit`, then "… and N more errors; ..." if any."""
        shown = [str(error) for error in self._errors[: self.limit]]
        hidden = len(self._errors) - self.limit
        if hidden > 0:
            shown.append(f"… and {hidden} more errors; fix these and build again")
        return shown

    def __str__(self) -> str:
        return "\n".join(self.lines())


class EvidenceError(DataFileError):
    """A quote is absent from its source or ambiguous there."""


class ParseError(SvgRdfError):
    """An RDF document is not valid in its syntax, or tries to reach outside its inputs."""


class ConfigurationError(SvgRdfError):
    """Shapes or settings cannot be used (for example a shapes graph using SERVICE)."""


class ExportError(SvgRdfError):
    """An output file could not be written or did not re-parse to the built graph."""


class ArgumentError(SvgRdfError, ValueError):
    """A call's arguments that do not go together (a ValueError, as the calls document).
    `options` says the same in the command's words (its options): the line the CLI prints,
    so the command line repeats no check the call makes."""

    def __init__(self, message: str, *, options: str) -> None:
        super().__init__(message)
        self.options = options

    def lines(self) -> list[str]:
        """What the CLI prints: the message in the command's options."""
        return [self.options]


class EndpointError(SvgRdfError):
    """A SPARQL endpoint could not be reached or refused the operation (exit code 3)."""


class Findings(Protocol):
    """What an error needs of a validation report (svg_rdf.validation.shacl.Report), named
    here so the ground floor imports no stage."""

    def count(self, severity: str) -> int: ...


class ViolationError(SvgRdfError):
    """The graph violates the shapes, so a call that publishes it (load, serve) refused;
    `report` holds the findings (the CLI's exit code 1, not 2: the data is at fault)."""

    def __init__(
        self, report: Findings, refusal: str, fix: str = "run svg-rdf build to see them"
    ) -> None:
        super().__init__(
            f"the graph violates the shapes ({report.count('violation')} violations); {refusal}",
            fix=fix,
        )
        self.report = report


class OutputMismatchError(SvgRdfError):
    """output/ is not the set one build wrote: `problems` names each file that differs from
    void.ttl (the CLI's exit code 1: the data is at fault, not the command)."""

    def __init__(
        self, message: str, problems: list[str], *, path: Path | str | None, fix: str
    ) -> None:
        super().__init__(message, path=path, fix=fix)
        self.problems = problems
