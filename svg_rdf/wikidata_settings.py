"""Wikidata settings: seeds/wikidata.toml -> QsSettings (read once, passed down).

Every property id listed must be in the property table (ontology/properties.csv), where
each id has its evidence; the defaults below are all there. Read by svg_rdf.settings, on
its floor: it imports nothing above the data files' reader (curation/datafile.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from svg_rdf.curation.datafile import Table, check_top_level, load_toml
from svg_rdf.errors import DataFileError
from svg_rdf.model import Property
from svg_rdf.project import Project

_PID_LISTS = ("time_scoped", "needs_unit", "single_valued", "scope_qualifiers")
_SITE = re.compile(r"^https?://[^\s/?#]+(?::\d+)?(?:/[^\s?#]*)?$")
# an email address, a web address, or a wiki user page (User:Name, or with a wiki prefix)
_REACHABLE = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+|https?://\S+|(?:^|[\s;:])User:\S+")


def contact_problem(contact: str) -> str | None:
    """Why `contact` cannot stand in a User-Agent (svg_rdf.wikidata.useragent), or None
    when it can."""
    if not contact.strip() or any(c in contact for c in "\r\n\t()"):
        return "must be one line without parentheses"
    if not _REACHABLE.search(contact):
        return "names no email address, web address or wiki user page"
    return None


@dataclass(frozen=True)
class QsSettings:
    """How the QuickStatements file is planned; see seeds/wikidata.toml for each key."""

    quote_limit: int = 160
    # head of government, position held, headquarters, chairperson, director / manager,
    # population, capital of, member count, commanded by: true only for a time
    time_scoped: tuple[str, ...] = (
        "P6", "P39", "P159", "P488", "P1037", "P1082", "P1376", "P2124", "P4791",
    )  # fmt: skip
    time_qualifiers: tuple[str, ...] = ("P580", "P582", "P585", "P1264")
    needs_unit: tuple[str, ...] = ("P2130",)  # cost: an amount of some currency
    # one true value per scope besides every time and quantity property: location of
    # formation, cause of death, manner of death
    single_valued: tuple[str, ...] = ("P509", "P740", "P1196")
    # what a value is about: location, determination method, applies to part, start and
    # end time, point in time, criterion used, quantity, valid in period, casualty
    # classification, object has role
    scope_qualifiers: tuple[str, ...] = (
        "P276", "P459", "P518", "P580", "P582", "P585", "P1013", "P1114", "P1264", "P1347",
        "P3831",
    )  # fmt: skip
    # where `svg-rdf wikidata-fetch` reads the items (Special:EntityData), and who runs
    # svg-rdf here: the User-Agent of every request to a service carries the contact, as
    # Wikimedia's User-Agent policy asks
    site: str = "https://www.wikidata.org"
    contact: str | None = None
    place: str = "seeds/wikidata.toml"
    lines: tuple[tuple[str, int], ...] = ()  # the keys the file sets, with their lines

    def check_properties(self, properties: tuple[Property, ...]) -> None:
        """Raises DataFileError when the file lists a property the table lacks (the
        defaults are all in the project's table; a fixture's smaller table may lack some)."""
        known = {p.pid for p in properties}
        for key, line in self.lines:
            for pid in getattr(self, key):
                if pid not in known:
                    raise DataFileError(
                        f"{key} lists {pid}, which ontology/properties.csv does not have",
                        path=self.place,
                        line=line,
                        fix=f"add {pid} to the property table with its evidence, or remove it",
                    )


def load_settings(project: Project) -> QsSettings:
    """The settings, defaults when the file is absent; raises DataFileError when malformed."""
    path = project.seeds / "wikidata.toml"
    if not path.exists():
        return QsSettings()
    display = project.relative(path)
    document, lines = load_toml(path, display)
    check_top_level(document, display, ["quote_limit", "contact", "site", *_PID_LISTS])
    table = Table(document, display, 1, len(lines) + 1, lines)
    limit = document.get("quote_limit", QsSettings.quote_limit)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 20 <= limit <= 400:
        raise table.error(
            f"quote_limit {limit!r} must be a whole number of characters from 20 to 400",
            key="quote_limit",
            fix="e.g. quote_limit = 160",
        )
    contact = document.get("contact")
    if contact is not None:
        problem = "must be a string" if not isinstance(contact, str) else contact_problem(contact)
        if problem is not None:
            raise table.error(
                f"contact {contact!r} {problem}",
                key="contact",
                fix='e.g. contact = "https://example.org/you; you@example.org"',
            )
    lists: dict[str, tuple[str, ...]] = {}
    for key in _PID_LISTS:
        if key not in document:
            lists[key] = getattr(QsSettings(), key)
            continue
        value = document[key]
        if not isinstance(value, list) or not all(
            isinstance(p, str) and p[:1] == "P" and p[1:].isdigit() for p in value
        ):
            raise table.error(
                f"{key} must be a list of property ids", key=key, fix='e.g. ["P2124"]'
            )
        lists[key] = tuple(sorted(set(value), key=lambda p: int(p[1:])))
    site = table.optional_text("site") or QsSettings.site
    if not _SITE.match(site):
        raise table.error(
            f"site {site!r} is not an http(s) address",
            key="site",
            fix='e.g. site = "https://www.wikidata.org"',
        )
    return QsSettings(
        site=site.rstrip("/"),
        quote_limit=limit,
        contact=contact,
        time_scoped=lists["time_scoped"],
        needs_unit=lists["needs_unit"],
        single_valued=lists["single_valued"],
        scope_qualifiers=lists["scope_qualifiers"],
        place=display,
        lines=tuple((key, table.line_of(key)) for key in _PID_LISTS if key in document),
    )
