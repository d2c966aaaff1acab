"""The public API: what the `svg-rdf` commands do, as Python calls (re-exported by `svg_rdf`).

One module per command owns its call and what the call returns: `build` (Built), `check`
(check, check_files, render_check), `export` (export_format), `query` (query,
example_queries, Answer), `serve` (serve, Serving), `load` (load), `reconcile` (reconcile,
accept_candidate), `wikidata_diff`, `wikidata_fetch`, `plan_quickstatements`, `report`
(curator_report), `migrate`, `init` (init_project), `add_source`, and `project`
(open_project, load_settings, compile_project, validate_graph). The stages they call stay
in their packages (svg_rdf.pipeline knows the stage order).

Every function raises an `SvgRdfError` subclass for an expected failure (bad input, a
missing file, unusable settings or shapes, a failing endpoint) and never prints or exits.
Validation findings are returned, never raised: a graph that violates the shapes comes
back with a `Report` whose `passes` is False (no violation; `conforms` is SHACL's: no
result at all, warnings included), and nothing is written. Only the calls that publish a
graph (`svg_rdf.load` and `svg_rdf.serve`) refuse one that violates the shapes, with
ViolationError, which carries the report: nothing is sent or served.

Importing this package costs almost nothing (each call imports the stages it runs when it
runs), so the CLI can read EXPORT_FORMATS while it builds `svg-rdf export --help`.

    import svg_rdf
    project = svg_rdf.open_project("my-project")
    built = svg_rdf.build(project)
    if not built.report.passes: ...
"""

from __future__ import annotations

from svg_rdf.api.add_source import add_source
from svg_rdf.api.build import Built, build
from svg_rdf.api.check import check, check_files, render_check
from svg_rdf.api.export import EXPORT_FORMATS, export_format
from svg_rdf.api.init import init_project
from svg_rdf.api.load import load
from svg_rdf.api.migrate import migrate
from svg_rdf.api.plan_quickstatements import plan_quickstatements
from svg_rdf.api.project import compile_project, load_settings, open_project, validate_graph
from svg_rdf.api.query import Answer, example_queries, query
from svg_rdf.api.reconcile import accept_candidate, reconcile
from svg_rdf.api.report import REPORTS, curator_report
from svg_rdf.api.serve import Serving, serve
from svg_rdf.api.wikidata_diff import wikidata_diff
from svg_rdf.api.wikidata_fetch import wikidata_fetch

# The one list of this package's public names; `svg_rdf` re-exports them, with the errors,
# Project, Settings and the other types the calls return.
__all__ = [
    "EXPORT_FORMATS",
    "REPORTS",
    "Answer",
    "Built",
    "Serving",
    "accept_candidate",
    "add_source",
    "build",
    "check",
    "check_files",
    "compile_project",
    "curator_report",
    "example_queries",
    "export_format",
    "init_project",
    "load",
    "load_settings",
    "migrate",
    "open_project",
    "plan_quickstatements",
    "query",
    "reconcile",
    "render_check",
    "serve",
    "validate_graph",
    "wikidata_diff",
    "wikidata_fetch",
]
