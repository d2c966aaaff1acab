"""Query: SPARQL over the built graph in an embedded pyoxigraph store, and the example queries.

Example queries are the `*.rq` files shipped in the package (svg_rdf/defaults/queries) and
those of the project's queries/ folder (one with a default's name replaces it); each starts
with a comment header (first line: its title). Values from user text reach a query only as
SPARQL substitutions (pre-bound variables), never as query text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from svg_rdf.errors import ParseError, SvgRdfError
from svg_rdf.project import Project

RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
}
_SYNTAX_PLACE = re.compile(r"^error at (\d+):(\d+): ")
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass(frozen=True)
class Example:
    """One example query (shipped, or the project's own in queries/): name, file, title,
    description and SPARQL text."""

    name: str
    path: Path
    title: str
    description: str
    text: str = field(repr=False)

    @property
    def takes_label(self) -> bool:
        """True when it selects ?label, so `--label` can bind it."""
        return re.search(r"\bSELECT\b[^{]*?[?$]label\b", self.text, re.IGNORECASE) is not None


def _read_example(path: Path, project: Project) -> Example:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SvgRdfError(
            f"cannot read this example query: {exc}", path=project.relative(path)
        ) from None
    header: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line.lstrip("#").strip())
    if not header or not header[0]:
        raise SvgRdfError(
            "an example query must start with a comment line giving its title",
            path=project.relative(path),
            line=1,
            fix="begin the file with '# <what the query shows>'",
        )
    description = " ".join(" ".join(header[1:]).split())
    return Example(path.stem, path, header[0], description, text)


def examples(project: Project) -> list[Example]:
    """The example queries, the package's and the project's, sorted by name."""
    return [_read_example(path, project) for path in project.query_files]


def find_example(project: Project, name: str) -> Example:
    """The example called `name`; raises SvgRdfError listing the names there are."""
    for example in examples(project):
        if example.name == name:
            return example
    names = ", ".join(example.name for example in examples(project)) or "none"
    raise SvgRdfError(
        f"there is no example query called {name!r}",
        path=project.relative(project.queries),
        fix=f"choose one of: {names} (svg-rdf query --list)",
    )


def open_store(data: bytes, rdf_format: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> ox.Store:
    """An in-memory store holding `data` in its default graph."""
    store = ox.Store()
    store.load(data, format=rdf_format)
    return store


def store_from_file(path: Path, display: str) -> ox.Store:
    """An in-memory store holding the RDF file `path` (format from its extension).

    Raises ParseError with the line and column of a syntax error.
    """
    rdf_format = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
    if rdf_format is None:
        raise SvgRdfError(
            f"cannot tell the RDF format of {path.name!r} from its extension",
            path=display,
            fix="use .nt, .ttl, .nq, .trig, .jsonld or .rdf",
        )
    store = ox.Store()
    try:
        store.load(path=str(path), format=rdf_format)
    except SyntaxError as exc:
        message = str(exc.msg) if exc.msg else str(exc)
        message = re.sub(r"^Parser error at line \d+ column \d+: ", "", message)
        raise ParseError(
            f"not valid {rdf_format}: {message}",
            path=display,
            line=exc.lineno,
            column=exc.offset,
        ) from None
    except OSError as exc:
        raise SvgRdfError(f"cannot read this file: {exc.strerror}", path=display) from None
    return store


@dataclass(frozen=True)
class Result:
    """A query's answer: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT/DESCRIBE)."""

    kind: str  # "solutions", "boolean" or "graph"
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()

    def column(self, name: str) -> list[str]:
        """The plain text of one column (lexical forms, IRIs in full; '' when unbound)."""
        index = self.variables.index(name)
        return [plain(row[index]) for row in self.rows]

    def records(self) -> list[dict[str, str]]:
        """Every row as {variable: plain text}, unbound variables left out."""
        return [
            {
                name: plain(term)
                for name, term in zip(self.variables, row, strict=True)
                if term is not None
            }
            for row in self.rows
        ]


def plain(term: Term | None) -> str:
    """A term as plain text: an IRI, a literal's lexical form, `_:id`, or '' when unbound."""
    if term is None:
        return ""
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return str(term.value)
    return str(term)


def _execute(
    store: ox.Store,
    sparql: str,
    source: str,
    prefixes: Mapping[str, str] | None,
    label: str | None,
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    substitutions: dict[ox.Variable, Term] | None = None
    if label is not None:
        substitutions = {ox.Variable("label"): ox.Literal(label)}
    try:
        return store.query(sparql, prefixes=dict(prefixes or {}), substitutions=substitutions)
    except SyntaxError as exc:
        message = str(exc)
        place = _SYNTAX_PLACE.match(message)
        raise ParseError(
            f"SPARQL syntax error: {message[place.end() :] if place else message}",
            path=source,
            line=int(place.group(1)) if place else None,
            column=int(place.group(2)) if place else None,
            fix="fix the query (a SPARQL 1.1 SELECT, ASK, CONSTRUCT or DESCRIBE)",
        ) from None
    except RuntimeError as exc:
        if label is not None and "projection" in str(exc):
            raise SvgRdfError(
                "--label needs a query that selects ?label",
                path=source,
                fix="add ?label to the SELECT clause, or leave out --label",
            ) from None
        raise SvgRdfError(f"the query failed: {exc}", path=source) from None


def run_query(
    store: ox.Store,
    sparql: str,
    *,
    source: str,
    prefixes: Mapping[str, str] | None = None,
    label: str | None = None,
) -> Result:
    """Run `sparql` on `store`. `label` pre-binds ?label to that string (a substitution).

    `prefixes` may be used in the query without PREFIX lines; `source` names where the
    query came from in messages. Raises ParseError for a syntax error and SvgRdfError when
    the query cannot run (e.g. `label` given to a query that does not select ?label).
    """
    answer = _execute(store, sparql, source, prefixes, label)
    if isinstance(answer, ox.QueryBoolean):
        return Result("boolean", boolean=bool(answer))
    if isinstance(answer, ox.QueryTriples):
        return Result("graph", triples=tuple(answer))
    variables = tuple(variable.value for variable in answer.variables)
    rows = tuple(tuple(solution[name] for name in variables) for solution in answer)
    return Result("solutions", variables=variables, rows=rows)


def results_bytes(
    store: ox.Store,
    sparql: str,
    result_format: str,
    *,
    source: str,
    prefixes: Mapping[str, str] | None = None,
    label: str | None = None,
) -> bytes:
    """The answer in a standard SPARQL results format: "csv", "tsv" or "json".

    Raises what `run_query` raises, and SvgRdfError for a CONSTRUCT or DESCRIBE query
    (its answer is a graph).
    """
    answer = _execute(store, sparql, source, prefixes, label)
    if isinstance(answer, ox.QueryTriples):
        raise SvgRdfError(
            f"a CONSTRUCT or DESCRIBE query answers with triples, not {result_format}",
            path=source,
            fix="leave out --format to get N-Triples",
        )
    data = answer.serialize(format=RESULT_FORMATS[result_format])
    if data is None:  # only when given an output file, which we never do
        raise AssertionError("pyoxigraph returned no bytes")
    return bytes(data)


def _compact(term: Term | None, prefixes: Mapping[str, str]) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        iri = str(term.value)
        best: tuple[str, str] | None = None
        for prefix, namespace in prefixes.items():
            local = iri[len(namespace) :]
            if (
                iri.startswith(namespace)
                and (best is None or len(namespace) > len(prefixes[best[0]]))
                and re.fullmatch(r"[\w.-]*", local)
            ):
                best = (prefix, local)
        return f"{best[0]}:{best[1]}" if best else f"<{iri}>"
    if isinstance(term, ox.Literal):
        return str(term.value)
    return str(term)


def _cell(text: str) -> str:
    """One line per row: control characters shown as escapes."""
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def table(result: Result, prefixes: Mapping[str, str]) -> str:
    """An aligned text table (IRIs shortened by `prefixes`), `true`/`false`, or N-Triples."""
    if result.kind == "boolean":
        return "true\n" if result.boolean else "false\n"
    if result.kind == "graph":
        return "".join(f"{triple} .\n" for triple in result.triples)
    header = [f"?{name}" for name in result.variables]
    body = [[_cell(_compact(term, prefixes)) for term in row] for row in result.rows]
    widths = [max(len(cell) for cell in column) for column in zip(header, *body, strict=True)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, ["-" * width for width in widths], *body]
    ]
    return "\n".join(lines) + "\n"
