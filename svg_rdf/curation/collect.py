"""Collecting: every independent error of one curation, reported together like a compiler.

Loading goes on past a bad data file, a bad table or a bad claim, so one build names
every mistake (`Errors.each` marks those boundaries). What failed to load is remembered
by name (a source, a property, an entity), so an error that only follows from it (a
claim naming an entity whose table was refused) is not reported again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from svg_rdf.curation.datafile import read_regular
from svg_rdf.errors import CurationErrors, DataFileError, SourceError, SvgRdfError


class FollowsError(DataFileError):
    """An error that only follows from one already reported (an entity, a property or a
    source that failed to load); `Errors.each` drops it."""


@dataclass
class Failed:
    """The names of one kind of thing (entities, properties, sources) that failed to load.

    `unknown` is set when a file failed before any of its names could be read: then
    every name of that kind not loaded counts as failed.
    """

    names: set[str] = field(default_factory=set)
    unknown: bool = False

    def covers(self, name: object) -> bool:
        """True when an error about `name` would only repeat an earlier one."""
        return self.unknown or (isinstance(name, str) and name in self.names)

    def add_from(self, path: Path, pattern: re.Pattern[str]) -> None:
        """The names `pattern` (one group) finds in the file at `path`, read as loosely as
        possible (it failed to load strictly); all names when it cannot be read at all."""
        try:  # a regular file only, so a FIFO does not stall the build here either
            text = read_regular(path, str(path)).decode("utf-8", errors="replace")
        except SvgRdfError:
            self.unknown = True
            return
        self.names.update(pattern.findall(text))


class Errors:
    """The errors found so far and the names that failed; `raise_all` ends the pass."""

    def __init__(self) -> None:
        self.found: list[SvgRdfError] = []
        self._seen: set[str] = set()
        self.entities = Failed()
        self.properties = Failed()
        self.sources = Failed()

    @contextmanager
    def each(
        self,
        *,
        failed: Failed | None = None,
        name: object = None,
        file: Path | None = None,
        names: re.Pattern[str] | None = None,
    ) -> Iterator[None]:
        """A boundary: an error inside is recorded and loading goes on after the block.

        When the block fails, `failed` records `name` (if a string), or the names that the
        pattern `names` finds in `file` (a whole data file that failed).
        """
        try:
            yield
        except FollowsError:
            pass
        except (DataFileError, SourceError) as exc:
            for error in exc.errors:
                if str(error) not in self._seen:
                    self._seen.add(str(error))
                    self.found.append(error)
            if failed is not None and isinstance(name, str):
                failed.names.add(name)
            if failed is not None and file is not None and names is not None:
                failed.add_from(file, names)

    def raise_all(self) -> None:
        """Raise the one error found as itself, several as one CurationErrors; else return.

        The same mistake at several lines of one file (an unknown kind used by three
        entities) is one error at its first line that names the others.
        """
        found = _same_mistake_once(self.found)
        if len(found) == 1:
            raise found[0]
        if found:
            raise CurationErrors(found)


def _same_mistake_once(errors: list[SvgRdfError]) -> list[SvgRdfError]:
    """`errors` with each repeat of an error (the same message and fix in the same file)
    folded into its first, whose fix then names the other lines."""
    groups: dict[tuple[object, ...], list[SvgRdfError]] = {}
    for error in errors:
        key = (type(error), error.path, error.message, error.fix)
        groups.setdefault(key, []).append(error)
    folded: list[SvgRdfError] = []
    for group in groups.values():
        first = group[0]
        others = sorted({e.line for e in group[1:] if e.line is not None} - {first.line})
        if not others:
            folded.append(first)
            continue
        lines = ", ".join(str(line) for line in others)
        also = f"(the same at line{'s' if len(others) > 1 else ''} {lines})"
        folded.append(
            type(first)(
                first.message,
                path=first.path,
                line=first.line,
                column=first.column,
                fix=f"{first.fix} {also}" if first.fix else also,
            )
        )
    return folded


@contextmanager
def collecting(errors: Errors | None) -> Iterator[Errors]:
    """`errors` when given (the caller raises them), else a collector of one's own whose
    errors are raised when the block ends."""
    if errors is not None:
        yield errors
        return
    own = Errors()
    yield own
    own.raise_all()


def follows(message: str, *, failed: Failed, name: object) -> None:
    """Raise FollowsError when an error about `name` would repeat one about `failed`."""
    if failed.covers(name):
        raise FollowsError(message)
