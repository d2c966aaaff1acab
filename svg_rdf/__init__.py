"""svg-rdf: encyclopedia texts -> Wikibase-model RDF with verified provenance.

The public API (everything in `__all__`; each call's docstring says what it guarantees
and raises):

    import svg_rdf
    project = svg_rdf.open_project("my-project")       # or svg_rdf.init_project("new")
    built = svg_rdf.build(project)                      # writes output/ when it conforms
    result = svg_rdf.check(project=project)             # output/, as `svg-rdf check`
    files = svg_rdf.export_format(project, "turtle").files
    plan = svg_rdf.plan_quickstatements(project)
    with svg_rdf.serve(project) as serving: ...         # a read-only SPARQL server
    svg_rdf.load(project, server="oxigraph", url="http://127.0.0.1:7878")

Each call lives in its own module of svg_rdf.api (`svg_rdf.build` is
svg_rdf.api.build's), with what it returns: Built, Answer, Serving there; the other result
types (CheckResult, Report, Plan, Diff, LoadResult, ...) are exported here too, so typed
code can name them. Expected failures raise `SvgRdfError` subclasses (arguments that do not
go together: ArgumentError, a ValueError); validation findings are returned (only `load`
and `serve` refuse a graph that violates the shapes, with ViolationError).

The names are loaded on first use (PEP 562), so importing the package costs nothing
(and `svg-rdf --help` stays fast).

Every `svg-rdf` command and `python -m svg_rdf` import this package before the entry
module, so when this process is that program, the package's first statements make Ctrl-C
one line and exit 130: before them only the interpreter's start-up and the import system
run. Imported by anyone else's program, the package changes no process state.
"""

import _signal  # type: ignore[import-not-found]  # the C module, loaded at start-up
import os as _os
import sys as _sys

_EXIT_INTERRUPTED = 130  # as svg_rdf.cli.common.EXIT_INTERRUPTED


def _leave_on_interrupt(_number: int, _frame: object) -> None:
    """Ctrl-C before a command runs: one line, exit 130 (nothing is written yet)."""
    _os.write(2, b"interrupted\n")
    _os._exit(_EXIT_INTERRUPTED)


def _quiet_interrupts() -> None:
    """Ctrl-C leaves at once with one line, unless SIGINT is ignored (a background job)."""
    if _signal.getsignal(_signal.SIGINT) is not _signal.SIG_IGN:
        _signal.signal(_signal.SIGINT, _leave_on_interrupt)


def _running_as_the_program() -> bool:
    """True while this package is imported by the `svg-rdf` script or `python -m svg_rdf`
    (CPython sets argv[0] to "-m" while it locates the module; the module is then named
    in the original command line, checked so that `python -m another` whose package
    imports svg_rdf keeps its own Ctrl-C)."""
    first = str((getattr(_sys, "argv", None) or [""])[0])
    if first == "-m":
        return _module_run() in ("svg_rdf", "svg_rdf.__main__")
    return first.replace("\\", "/").rpartition("/")[2] == "svg-rdf"


def _module_run() -> str:
    """The module named after -m in the interpreter's command line ("" if none)."""
    arguments = [str(a) for a in getattr(_sys, "orig_argv", [])[1:]]
    index = 0
    while index < len(arguments):
        argument = arguments[index]
        index += 1
        if argument in ("-", "--") or not argument.startswith("-"):
            return ""  # stdin or a script runs, not a module
        if argument.startswith("--"):
            if argument == "--check-hash-based-pycs":
                index += 1  # the one long option that takes a value
            continue
        for position, flag in enumerate(argument[1:], start=2):
            if flag in "cmWX":  # the option's value: the rest, or the next argument
                value = argument[position:]
                if not value:
                    value = arguments[index] if index < len(arguments) else ""
                    index += 1
                if flag == "m":
                    return value
                if flag == "c":
                    return ""
                break
    return ""


if _running_as_the_program():
    _quiet_interrupts()

from importlib import import_module  # noqa: E402 (after the handler, on purpose)

from svg_rdf.version import __version__ as __version__  # noqa: E402

TYPE_CHECKING = False  # what typing.TYPE_CHECKING is, without importing typing (~9 ms)

if TYPE_CHECKING:
    from svg_rdf.api import *  # noqa: F403 (the calls and their results: svg_rdf.api.__all__)
    from svg_rdf.endpoint.load import LoadResult as LoadResult
    from svg_rdf.endpoint.query import Example as Example
    from svg_rdf.errors import ArgumentError as ArgumentError
    from svg_rdf.errors import ConfigurationError as ConfigurationError
    from svg_rdf.errors import CurationErrors as CurationErrors
    from svg_rdf.errors import DataFileError as DataFileError
    from svg_rdf.errors import EndpointError as EndpointError
    from svg_rdf.errors import EvidenceError as EvidenceError
    from svg_rdf.errors import ExportError as ExportError
    from svg_rdf.errors import OutputMismatchError as OutputMismatchError
    from svg_rdf.errors import ParseError as ParseError
    from svg_rdf.errors import SourceError as SourceError
    from svg_rdf.errors import SvgRdfError as SvgRdfError
    from svg_rdf.errors import ViolationError as ViolationError
    from svg_rdf.migration import Migration as Migration
    from svg_rdf.model import Reconciliation as Reconciliation
    from svg_rdf.model import SourceDocument as SourceDocument
    from svg_rdf.pipeline import Compiled as Compiled
    from svg_rdf.project import Project as Project
    from svg_rdf.settings import Kind as Kind
    from svg_rdf.settings import Settings as Settings
    from svg_rdf.validation.check import CheckResult as CheckResult
    from svg_rdf.validation.shacl import Report as Report
    from svg_rdf.wikidata.candidates import Accepted as Accepted
    from svg_rdf.wikidata.candidates import Queried as Queried
    from svg_rdf.wikidata.diff import Diff as Diff
    from svg_rdf.wikidata.fetch import Fetched as Fetched
    from svg_rdf.wikidata.plan import Plan as Plan

API = "svg_rdf.api"  # every call, one module each: its __all__ lists them
# The other public names, by their module.
_HOMES = {
    "ArgumentError": "svg_rdf.errors",
    "ConfigurationError": "svg_rdf.errors",
    "CurationErrors": "svg_rdf.errors",
    "DataFileError": "svg_rdf.errors",
    "EndpointError": "svg_rdf.errors",
    "EvidenceError": "svg_rdf.errors",
    "ExportError": "svg_rdf.errors",
    "OutputMismatchError": "svg_rdf.errors",
    "ParseError": "svg_rdf.errors",
    "SourceError": "svg_rdf.errors",
    "SvgRdfError": "svg_rdf.errors",
    "ViolationError": "svg_rdf.errors",
    "Project": "svg_rdf.project",
    "Kind": "svg_rdf.settings",
    "Settings": "svg_rdf.settings",
    # what the calls return (beyond the API's own Built, Answer, Serving), so typed code
    # can name it
    "Accepted": "svg_rdf.wikidata.candidates",
    "Queried": "svg_rdf.wikidata.candidates",
    "Fetched": "svg_rdf.wikidata.fetch",
    "CheckResult": "svg_rdf.validation.check",
    "Compiled": "svg_rdf.pipeline",
    "Diff": "svg_rdf.wikidata.diff",
    "Example": "svg_rdf.endpoint.query",
    "LoadResult": "svg_rdf.endpoint.load",
    "Plan": "svg_rdf.wikidata.plan",
    "Migration": "svg_rdf.migration",
    "Reconciliation": "svg_rdf.model",
    "Report": "svg_rdf.validation.shacl",
    "SourceDocument": "svg_rdf.model",
}


def _public() -> list[str]:
    """Every public name (`__all__`): the API's calls and _HOMES' names."""
    calls: list[str] = import_module(API).__all__
    return sorted([*calls, *_HOMES, "__version__"])


def __getattr__(name: str) -> object:
    """Load a public name from its module on first use (and `__all__`, made then)."""
    if name == "__all__":
        value: object = _public()
    elif name in _HOMES:
        value = getattr(import_module(_HOMES[name]), name)
    elif not name.startswith("__") and name in import_module(API).__all__:
        value = getattr(import_module(API), name)
    else:
        raise AttributeError(f"module 'svg_rdf' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return _public()
