"""Validation: the SHACL engines that run the core shapes, behind one call.

`sparql` is the default: the core shapes compiled to SPARQL queries
(svg_rdf/validation/compile_sparql.py) and run in the pyoxigraph store the data was loaded
into, so the data is held once. It gives the same findings as pyshacl-turbo on this
project's graph, every graph of tests/data/broken/ and the W3C core tests it can compile
(docs/validation.md); when the shapes use what it cannot compile (sh:closed, ...) or the
data a datatype its store would not keep (xsd:int, ...), the default gives way to
pyshacl-turbo, and `--engine sparql` refuses with one line instead. `pyshacl-turbo` (a Rust
engine with pySHACL's `validate()` API) reads the exact N-Triples of the data; `pyshacl` is
the reference engine (`--engine pyshacl`), run on an rdflib graph. SPARQL constraints go
through none of them: they run once each over the whole store
(svg_rdf/validation/sparql.py), which is what pre-binding `$this` means for them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import rdflib
from rdflib import Graph

from svg_rdf.errors import ConfigurationError

ENGINES: dict[str, tuple[str, str]] = {
    "pyshacl-turbo": ("pyshacl_turbo", "pip install pyshacl-turbo"),
    "pyshacl": ("pyshacl", "pip install pyshacl"),
    "sparql": ("pyoxigraph", "pip install pyoxigraph"),
}
"""Engine name -> (module, install command)."""
DEFAULT_ENGINE = "sparql"


def validator(engine: str) -> Callable[..., Any]:
    """The `validate` function of `engine`; ConfigurationError when it is not installed."""
    if engine not in ENGINES:
        raise ConfigurationError(
            f"unknown SHACL engine {engine!r}", fix=f"use one of: {', '.join(ENGINES)}"
        )
    module_name, install = ENGINES[engine]
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        raise ConfigurationError(
            f"the SHACL engine {engine} is not installed",
            fix=f"install it with `{install}`, or choose another with --engine",
        ) from None
    return module.validate  # type: ignore[no-any-return]


def _turbo_input(ntriples: bytes) -> Any:
    """N-Triples bytes as pyshacl-turbo's native input (parsed in Rust, lexical forms and
    blank node labels kept).

    pyshacl-turbo's public inputs are slower or lossy here: bytes go through rdflib's
    N-Triples parser (96 s of a 100k-triple check), and a pyoxigraph Store hands over its
    canonical forms ("01"^^xsd:integer as "1"). So this uses the snapshot type the Store path
    builds internally (`pyshacl_turbo.rdf.Input`); pyproject pins pyshacl-turbo below 0.7,
    and tests/test_engines.py fails if the internal type changes or lexical forms are lost.
    """
    from pyshacl_turbo.rdf import Input

    return Input(ntriples.decode("utf-8"), "oxigraph-nquads", None, {}, preserve_ids=True)


def run_engine(engine: str, data: Graph | bytes, shapes: Graph) -> Graph:
    """The sh:ValidationReport graph of `engine` on `data` (an rdflib graph, or N-Triples
    bytes).

    Raises ConfigurationError when the engine is missing or refuses the shapes.
    """
    validate = validator(engine)
    if engine == "pyshacl" and isinstance(data, bytes):
        from svg_rdf.rdfparse import parse_bytes

        data = parse_bytes(data, fmt="ntriples", name="data").to_rdflib().default_graph
    source: Any = data
    if isinstance(data, bytes):
        source = _turbo_input(data)
    # Report literals keep the data's lexical form only with rdflib's normalisation off;
    # pyshacl also switches it on when it finishes. The caller's setting is given back.
    normalize = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        _, results, _ = validate(
            source,
            shacl_graph=shapes,
            inference="none",
            advanced=True,
            meta_shacl=False,
            allow_warnings=True,
        )
    except (ValueError, RuntimeError, NotImplementedError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ConfigurationError(
            f"the SHACL engine {engine} cannot run these shapes: {first}",
            fix="fix the shapes, or try the reference engine with --engine pyshacl",
        ) from None
    finally:
        rdflib.NORMALIZE_LITERALS = normalize
    return results  # type: ignore[no-any-return]
