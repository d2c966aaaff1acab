"""svg-rdf: encyclopedia texts -> Wikibase-model RDF with verified provenance.

The public API (everything in `__all__`; see svg_rdf.api for what each call guarantees
and raises):

    import svg_rdf
    project = svg_rdf.open_project("my-project")       # or svg_rdf.init_project("new")
    built = svg_rdf.build(project)                      # writes output/ when it conforms
    result = svg_rdf.check_files(["data.ttl"], project=project)
    files = svg_rdf.export_format(project, "turtle").files
    plan = svg_rdf.plan_quickstatements(project)

Expected failures raise `SvgRdfError` subclasses; validation findings are returned.

The names are loaded on first use (PEP 562), so importing the package, which every
`svg-rdf` command and `python -m svg_rdf` does before their first statement, costs
nothing: the entry module can install its Ctrl-C handler before rdflib, pyshacl and
pyoxigraph load (and `svg-rdf --help` stays fast).
"""

from importlib import import_module

from svg_rdf.version import __version__

TYPE_CHECKING = False  # what typing.TYPE_CHECKING is, without importing typing (~9 ms)

if TYPE_CHECKING:
    from svg_rdf.api import (
        EXPORT_FORMATS,
        REPORTS,
        add_source,
        build,
        check_files,
        compile_project,
        curator_report,
        example_queries,
        export_format,
        init_project,
        load_settings,
        open_project,
        plan_quickstatements,
        query,
        validate_graph,
        wikidata_diff,
    )
    from svg_rdf.errors import (
        ConfigurationError,
        DataFileError,
        EndpointError,
        EvidenceError,
        ExportError,
        ParseError,
        SourceError,
        SvgRdfError,
    )
    from svg_rdf.project import Project
    from svg_rdf.settings import Kind, Settings

__all__ = [
    "EXPORT_FORMATS",
    "REPORTS",
    "ConfigurationError",
    "DataFileError",
    "EndpointError",
    "EvidenceError",
    "ExportError",
    "Kind",
    "ParseError",
    "Project",
    "Settings",
    "SourceError",
    "SvgRdfError",
    "__version__",
    "add_source",
    "build",
    "check_files",
    "compile_project",
    "curator_report",
    "example_queries",
    "export_format",
    "init_project",
    "load_settings",
    "open_project",
    "plan_quickstatements",
    "query",
    "validate_graph",
    "wikidata_diff",
]

_HOMES = {
    "EXPORT_FORMATS": "svg_rdf.api",
    "REPORTS": "svg_rdf.api",
    "add_source": "svg_rdf.api",
    "build": "svg_rdf.api",
    "check_files": "svg_rdf.api",
    "compile_project": "svg_rdf.api",
    "curator_report": "svg_rdf.api",
    "example_queries": "svg_rdf.api",
    "export_format": "svg_rdf.api",
    "init_project": "svg_rdf.api",
    "load_settings": "svg_rdf.api",
    "open_project": "svg_rdf.api",
    "plan_quickstatements": "svg_rdf.api",
    "query": "svg_rdf.api",
    "validate_graph": "svg_rdf.api",
    "wikidata_diff": "svg_rdf.api",
    "ConfigurationError": "svg_rdf.errors",
    "DataFileError": "svg_rdf.errors",
    "EndpointError": "svg_rdf.errors",
    "EvidenceError": "svg_rdf.errors",
    "ExportError": "svg_rdf.errors",
    "ParseError": "svg_rdf.errors",
    "SourceError": "svg_rdf.errors",
    "SvgRdfError": "svg_rdf.errors",
    "Project": "svg_rdf.project",
    "Kind": "svg_rdf.settings",
    "Settings": "svg_rdf.settings",
}


def __getattr__(name: str) -> object:
    """Load a public name from its module on first use."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'svg_rdf' has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
