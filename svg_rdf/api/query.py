"""`svg_rdf.query` and `example_queries`: what `svg-rdf query` does, one SPARQL query over
the compiled graph in an embedded store (or over an RDF file), and `Answer`, what it
returns. The store and the query runner are svg_rdf.endpoint.query's."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from svg_rdf.api.project import PathLike
from svg_rdf.errors import ArgumentError, SvgRdfError

if TYPE_CHECKING:
    from svg_rdf.endpoint.query import Example, Result
    from svg_rdf.project import Project
    from svg_rdf.validation.shacl import Report


@dataclass(frozen=True)
class Answer:
    """A query's answer: rows (`result`) or SPARQL results bytes (`data`, for csv, tsv or
    json), with the prefixes that shorten IRIs; `report` is the compiled graph's
    validation (None when a data file was queried). Nothing is answered when the compiled
    graph does not conform."""

    report: Report | None
    prefixes: dict[str, str]
    result: Result | None = None
    data: bytes | None = None

    @property
    def conforms(self) -> bool:
        return self.report is None or self.report.passes


def example_queries(project: Project) -> list[Example]:
    """The example queries, the package's and the project's own (queries/*.rq; one with a
    default's name replaces it), sorted by name. Raises SvgRdfError when there are none."""
    from svg_rdf.endpoint import query as queries

    found = queries.examples(project)
    if not found:
        raise SvgRdfError(
            "no example queries",
            path=project.relative(project.queries),
            fix="add NAME.rq files there, or reinstall svg-rdf for its defaults",
        )
    return found


def query(
    project: Project,
    *,
    sparql: str | None = None,
    file: PathLike | None = None,
    example: str | None = None,
    label: str | None = None,
    data: PathLike | None = None,
    base_iri: str | None = None,
    fmt: str = "table",
) -> Answer:
    """Run one SPARQL query (exactly one of `sparql`, `file`, `example`) over the compiled
    graph in an embedded store, or over the RDF file `data`.

    `label` binds ?label as a value (never as query text); an example about one subject
    without it gets the settings' `[queries] label`, else shows every subject. `fmt`
    "table" answers rows (`Answer.result`), "csv", "tsv" or "json" the standard results
    bytes (`Answer.data`). When the compiled graph violates the shapes nothing is run
    (`Answer.conforms` is False). Raises ArgumentError (a ValueError) unless exactly one
    query is given, ParseError for a syntax error, SvgRdfError when the query cannot be
    read or run.
    """
    from svg_rdf import outputs, pipeline
    from svg_rdf.endpoint import query as queries
    from svg_rdf.graph.vocab import OurNamespaces, all_prefixes
    from svg_rdf.settings import load_settings

    if (sparql is not None) + (file is not None) + (example is not None) != 1:
        raise ArgumentError(
            "give exactly one of sparql, file, example",
            options="give exactly one of: a SPARQL argument, --file, --example",
        )
    file = None if file is None else Path(file)
    data = None if data is None else Path(data)
    settings = load_settings(project).with_base(base_iri)
    if file is not None:
        source = str(file)
        try:
            text = file.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SvgRdfError(f"cannot read the query: {exc}", path=file) from None
    elif example is not None:
        chosen = queries.find_example(project, example)
        source, text = project.relative(chosen.path), chosen.text
        if chosen.takes_label and label is None:
            label = settings.query_label  # none named: every subject, as on any endpoint
    else:
        source, text = "query", sparql or ""
    prefixes = all_prefixes(OurNamespaces.of(settings))
    report: Report | None = None
    if data is not None:
        store = queries.store_from_file(data, str(data))
    else:
        compiled = pipeline.compile_project(project, settings)
        report = compiled.report
        if not report.passes:
            return Answer(report, prefixes)
        store = queries.open_store(outputs.graph_file(compiled, "ntriples").data)
    if fmt == "table":
        result = queries.run_query(store, text, source=source, prefixes=prefixes, label=label)
        return Answer(report, prefixes, result=result)
    answer = queries.results_bytes(store, text, fmt, source=source, prefixes=prefixes, label=label)
    return Answer(report, prefixes, data=answer)
