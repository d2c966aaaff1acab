"""Site, shared: the page frame every page uses (templates/base.html): its title, links,
navigation and embedded JSON-LD, and the call that renders a page kind inside it.

Pages link to each other with relative URLs, so the site works from any host, any base
path and from the file system; nothing is fetched from another site.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from svg_rdf.site.markup import render

HTML = "text/html; charset=utf-8"
SITE = "site"


@dataclass(frozen=True)
class Alternate:
    """A machine-readable document beside the page (`<link rel="alternate">`)."""

    href: str
    media_type: str
    label: str


@dataclass(frozen=True)
class Frame:
    """What the page frame needs besides the body: where the page sits, and its links."""

    title: str
    root: str  # relative path from the page to the site root: "" or "../"
    canonical: str
    alternates: Sequence[Alternate] = ()
    structured: Any = None  # schema.org JSON-LD, embedded for search engines
    scripts: Sequence[str] = ()
    current: str = ""  # which navigation entry this page is


NAVIGATION = (
    ("index.html", "Home", "home"),
    ("entities.html", "Entities", "entities"),
    ("sources.html", "Sources", "sources"),
    ("conflicts.html", "Conflicts", "conflicts"),
    ("timeline.html", "Timeline", "timeline"),
    ("dataset.html", "Dataset", "dataset"),
    ("query.html", "Query", "query"),
)


def page(template: str, frame: Frame, *, site_title: str, **context: Any) -> bytes:
    """A whole HTML document: `template` (a page kind, extending base.html) rendered with
    the frame and the page's view model (`page=...`)."""
    text = render(template, frame=frame, site_title=site_title, navigation=NAVIGATION, **context)
    return text.encode("utf-8")
