"""Coverage declarations: seeds/coverage.toml -> the sentences curators declare fact-free.

Each `[[no_fact]]` table names a source, a sentence (its exact text or a prefix of it) and
the reason; reports/coverage.py matches them against the sources' sentences. With `fact`
(a number or name as the sentence writes it) the entry declares that one fact of a cited
sentence needs no statement (reports/facts.py).
"""

from __future__ import annotations

from svg_rdf.curation.collect import Errors, collecting
from svg_rdf.curation.datafile import Table, load_tables
from svg_rdf.model import NoFact, Place
from svg_rdf.project import Project


def load_declarations(project: Project, *, errors: Errors | None = None) -> tuple[NoFact, ...]:
    """The [[no_fact]] entries of seeds/coverage.toml (none when it is absent).

    Raises DataFileError for a malformed file (CurationErrors for several bad entries), or
    records them in `errors`; entries are checked against the sources by `report`.
    """
    path = project.coverage_file
    if not path.exists():
        return ()
    display = project.relative(path)
    declarations = []
    with collecting(errors) as found:
        entries: list[Table] = []
        with found.each():
            entries = load_tables(path, display, "no_fact", required=False)
        for entry in entries:
            with found.each():
                declarations.append(_declaration(entry, display))
    return tuple(declarations)


def _declaration(entry: Table, display: str) -> NoFact:
    entry.check_keys(required=["source", "sentence", "reason"], optional=["fact"])
    return NoFact(
        source=entry.text("source"),
        sentence=" ".join(entry.text("sentence").split()),
        reason=entry.text("reason"),
        place=Place(display, entry.line_of("sentence")),
        source_line=entry.line_of("source"),
        fact=entry.text("fact") if "fact" in entry.data else None,
    )
