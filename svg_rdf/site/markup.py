"""Site, shared: the Jinja2 environment the pages are rendered with, loaded once a process.

Every page's markup is a template under `svg_rdf/site/templates/` (one per page kind, each
extending `base.html`; the statement, reference, value and conflict parts are macros in
`macros.html`; the pictures in `neighbourhood.svg` and `strip.svg`). Python computes the
view model (frozen dataclasses of strings and numbers, views.py and the page modules) and
the templates turn it into markup, so the markup changes without reading Python.

Autoescaping is on for every template and undefined names are errors. Values are escaped
as the site always escaped them (`html.escape`, quotes included: `&quot;`, `&#x27;`), so
the bytes stay those of the committed output; the one block written unescaped is JSON in a
`<script>`, after `script_json` made it unable to close its tag.
"""

from __future__ import annotations

import functools
import html
import json
from typing import Any

import jinja2
from markupsafe import Markup

PACKAGE = "svg_rdf.site"
FOLDER = "templates"


def script_json(document: Any) -> Markup:
    """JSON for a `<script type="application/ld+json">` or `application/json` block: stable,
    and unable to close the tag (`<`, `>`, `&` written as `\\u003c`...)."""
    text = json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def _escaped(value: Any) -> Any:
    """Every `{{ value }}` that is a plain string, escaped the way the site escapes
    (`html.escape(quote=True)`); markup made by templates (macros) passes as it is."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return Markup(html.escape(value, quote=True))
    return value


@functools.cache
def environment() -> jinja2.Environment:
    """The site's Jinja2 environment: templates from the package, compiled once per process
    (no bytecode cache on disk)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader(PACKAGE, FOLDER),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "svg"), default_for_string=True, default=True
        ),
        undefined=jinja2.StrictUndefined,
        finalize=_escaped,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["script_json"] = script_json
    return env


def render(template: str, **context: Any) -> str:
    """The whole template rendered with `context`."""
    return environment().get_template(template).render(**context)


def render_block(template: str, block: str, **context: Any) -> str:
    """One block of a template (a page's `main` without the frame), for tests and parts."""
    found = environment().get_template(template)
    return "".join(found.blocks[block](found.new_context(context)))


def macro(name: str, *args: Any) -> str:
    """A macro of `macros.html` called with `args` (a value, a date...), as a string."""
    return str(getattr(environment().get_template("macros.html").module, name)(*args))
