"""The site with a memo (svg_rdf.cache.Memo, render_site(memo=...)): the same bytes as
without one, empty or filled, and a stored value of another shape is computed again."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from svg_rdf.cache import Memo
from svg_rdf.outputs import site_settings
from svg_rdf.pipeline import compile_project
from svg_rdf.project import Project
from svg_rdf.site import render_site
from svg_rdf.site.rdf import Documents
from tests.endpoint_data import ROOT

T = TypeVar("T")


def test_pages_from_a_memo_are_the_pages_rendered_without_one() -> None:
    compiled = compile_project(Project.at(ROOT))
    settings = site_settings(compiled.settings, compiled.ours)

    def site(memo: Memo | None) -> dict[str, bytes]:
        files = render_site(
            compiled.curation, compiled.graph, compiled.ours, settings, (), memo=memo
        )
        return {f.name: f.data for f in files}

    plain = site(None)
    memo = Memo()
    assert site(memo) == plain  # filling it
    filled = Memo(memo.used)
    assert site(filled) == plain  # taking from it
    assert filled.hits > 500 and filled.hits == len(memo.used)


class Foreign(Memo):
    """A memo whose every entry is a value this code never stores."""

    def recall(self, inputs: bytes | None, kind: type[T], compute: Callable[[], T]) -> T:
        return (b"not three documents",)  # type: ignore[return-value]


def test_a_stored_document_of_another_shape_is_computed() -> None:
    compiled = compile_project(Project.at(ROOT))
    slug = compiled.curation.entities[0].slug
    plain = Documents(compiled.graph, compiled.ours)
    foreign = Documents(compiled.graph, compiled.ours, Foreign())
    triples = plain.closure([compiled.ours.entity[slug]])
    expected = [(f.name, f.data) for f in plain.files(slug, triples)]
    assert [(f.name, f.data) for f in foreign.files(slug, triples)] == expected
