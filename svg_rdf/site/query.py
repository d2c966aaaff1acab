"""Site: the query page (site/query.html) — SPARQL in a textarea, or one of the example
queries, run against the `/query` endpoint of `svg-rdf serve`, the answer as a table.

The page is static and deterministic: the examples (name, title, description, text) are
written into a `<select>` and a JSON data block (`<script type="application/json">`, never
executed, so the site's CSP `default-src 'self'` holds; script_json makes it unable to
close its tag); query.js does the rest with textContent only. The form also works without
JavaScript: it posts the query to `../query`, and the endpoint answers in its own format.
Opened as files or from a static host there is no endpoint, and the page says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from svg_rdf.site.html import attrs, esc, join, script_json

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


def query_body(examples: Iterable[QueryExample], *, base_iri: str) -> str:
    """The page's main content. `base_iri` lets the script link our IRIs in answers to
    the front's addresses for them (`../entity/SLUG`, which answer 303 to the page)."""
    chosen = sorted(examples, key=lambda example: example.name)
    first = chosen[0] if chosen else None
    options = "".join(
        f"<option{attrs(value=example.name)}>{esc(example.title)}</option>" for example in chosen
    )
    picker = (
        [
            '<p><label for="query-example">Example query</label>',
            f'<select id="query-example">{options}</select></p>',
            f'<p id="query-about" class="note">{esc(first.description)}</p>'
            if first is not None
            else "",
        ]
        if chosen
        else ['<p class="note">This project has no example queries (queries/*.rq).</p>']
    )
    data = {
        example.name: {
            "title": example.title,
            "description": example.description,
            "text": example.text,
        }
        for example in chosen
    }
    return join(
        [
            "<h1>Query</h1>",
            '<p id="query-needs-serve">Queries run on the SPARQL endpoint of '
            "<code>svg-rdf serve</code> (<code>/query</code>), read-only: opened as files "
            "or from a static host, this page cannot run them. The whole graph is also a "
            'download on the <a href="dataset.html">dataset page</a>.</p>',
            f'<form id="query-form" class="query"{attrs(action=ENDPOINT, data_base=base_iri)}'
            ' method="post">',
            *picker,
            '<p><label for="query-text">SPARQL query</label>',
            '<textarea id="query-text" name="query" rows="16" spellcheck="false"'
            ' autocapitalize="off" required>'
            # a newline right after <textarea> is dropped by parsers: keep the text's own
            f"\n{esc(first.text) if first is not None else ''}</textarea></p>",
            '<p><button id="query-run" type="submit">Run query</button></p>',
            "</form>",
            '<p id="query-status" role="status" aria-live="polite"></p>',
            '<div id="query-error" role="alert" aria-live="assertive"></div>',
            '<div id="query-results"></div>',
            '<script type="application/json" id="query-examples">',
            script_json(data),
            "</script>",
        ]
    )
