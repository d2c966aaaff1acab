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
"""

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
from svg_rdf.version import __version__

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
