"""Two builds in one process give the same bytes (pyshacl must not change rdflib's settings)."""

from __future__ import annotations

from svg_rdf.api import build
from tests.endpoint_data import project


def test_a_second_build_in_the_same_process_is_identical() -> None:
    first = build(project(), write=False)
    second = build(project(), write=False)
    assert [(f.name, f.data) for f in first.files] == [(f.name, f.data) for f in second.files]
    nt = next(f.data for f in second.files if f.name == "svg-rdf.nt")
    assert b'"1937-01-01T00:00:00Z"^^' in nt and b"+00:00" not in nt
