"""Site: the query page (site/query.html) — SPARQL in a textarea, or one of the example
queries, run against the `/query` endpoint of `svg-rdf serve`, the answer as a table.

The page is static and deterministic: the examples (name, title, description, text) are
written into a `<select>` and a JSON data block (`<script type="application/json">`, never
executed, so the site's CSP `default-src 'self'` holds; script_json makes it unable to
close its tag); query.js does the rest with textContent only. The markup is
templates/query.html. The form also works without JavaScript: it posts the query to
`../query`, and the endpoint answers in its own format. Opened as files or from a static
host there is no endpoint, and the page says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from svg_rdf.site.markup import render_block

SCRIPT = "query.js"
ENDPOINT = "../query"  # from site/query.html: the front's /query


class QueryExample(Protocol):
    """What the page needs of an example query (svg_rdf.endpoint.query.Example has it)."""

    @property
    def name(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def description(self) -> str: ...

    @property
    def text(self) -> str: ...


@dataclass(frozen=True)
class ExampleView:
    name: str
    title: str
    description: str
    text: str


@dataclass(frozen=True)
class QueryPage:
    endpoint: str
    base_iri: str
    examples: tuple[ExampleView, ...]  # by name; the first is shown
    data: dict[str, dict[str, str]]  # the examples by name, for query.js


def query_page(examples: Iterable[QueryExample], *, base_iri: str) -> QueryPage:
    """The page's view model. `base_iri` lets the script link our IRIs in answers to
    the front's addresses for them (`../entity/SLUG`, which answer 303 to the page)."""
    chosen = tuple(
        ExampleView(e.name, e.title, e.description, e.text)
        for e in sorted(examples, key=lambda example: example.name)
    )
    data = {
        e.name: {"title": e.title, "description": e.description, "text": e.text} for e in chosen
    }
    return QueryPage(ENDPOINT, base_iri, chosen, data)


def query_body(examples: Iterable[QueryExample], *, base_iri: str) -> str:
    """The page's main content (templates/query.html)."""
    page = query_page(examples, base_iri=base_iri)
    return render_block("query.html", "main", page=page).removesuffix("\n")
