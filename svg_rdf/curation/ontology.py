"""Ontology: the property tables (ontology/*.csv) -> Property records.

The tables say which Wikidata properties the project may use and what datatype each one's
values have; the mapping checks every value against them. The package ships a default
table (svg_rdf/defaults/ontology/properties.csv); a project's ontology/*.csv add rows, and
a project table named properties.csv replaces the default.
"""

from __future__ import annotations

import re

from svg_rdf.curation.collect import Errors, collecting
from svg_rdf.curation.datafile import csv_rows, read_utf8
from svg_rdf.errors import DataFileError
from svg_rdf.model import PID, Property
from svg_rdf.project import Project

DATATYPES = ("wikibase-item", "time", "quantity", "string", "monolingualtext", "url")
COLUMNS = ["id", "label", "datatype", "evidence"]
WIDTH = "quote values that contain commas"
# How a project adds a property (Project.property_tables: a project's ontology/*.csv add
# rows to the packaged table, except one named properties.csv, which replaces it).
ADD_PROPERTY = (
    "add a row id,label,datatype,evidence (where its id and datatype were verified) to a "
    ".csv file in ontology/ other than properties.csv, e.g. ontology/more-properties.csv "
    "(a project's properties.csv replaces the packaged table instead of adding to it)"
)
_IDS = re.compile(r'(?m)^\s*"?(P\d+)')
# P598 is "commander of (DEPRECATED)" on Wikidata: never to be used (contract table).
FORBIDDEN = {"P598": "it is deprecated on Wikidata; use P4791 (commanded by) on the unit"}


def load_properties(project: Project, *, errors: Errors | None = None) -> tuple[Property, ...]:
    """Every property of every table, sorted by number; raises DataFileError naming the bad
    line, also for a property listed in two tables (CurationErrors for several); with
    `errors`, records them there instead and returns the properties that loaded."""
    properties: dict[str, Property] = {}
    places: dict[str, str] = {}
    with collecting(errors) as found:
        for path in project.property_tables:
            display = project.relative(path)
            rows: list[tuple[int, list[str]]] = []
            with found.each(failed=found.properties, file=path, names=_IDS):
                rows = list(csv_rows(read_utf8(path, display), display, COLUMNS, width_fix=WIDTH))
            for line, row in rows:
                with found.each(failed=found.properties, name=row[0]):
                    prop = _property(row, display, line)
                    if prop.pid in properties:
                        raise DataFileError(
                            f"{prop.pid} is listed twice (also at {places[prop.pid]})",
                            path=display,
                            line=line,
                            fix="keep one row per property",
                        )
                    properties[prop.pid] = prop
                    places[prop.pid] = f"{display}:{line}"
    return tuple(sorted(properties.values(), key=lambda p: int(p.pid[1:])))


def _property(row: list[str], display: str, line: int) -> Property:
    """One row of a property table; raises DataFileError at its line."""
    pid, label, datatype, evidence = row
    if not PID.match(pid):
        raise DataFileError(
            f"{pid!r} is not a property id",
            path=display,
            line=line,
            fix="write ids as P followed by digits",
        )
    if pid in FORBIDDEN:
        raise DataFileError(f"{pid} must not be used: {FORBIDDEN[pid]}", path=display, line=line)
    if datatype not in DATATYPES:
        raise DataFileError(
            f"unknown datatype {datatype!r}",
            path=display,
            line=line,
            fix=f"use one of: {', '.join(DATATYPES)}",
        )
    if not label or not evidence:
        raise DataFileError(
            f"{pid} needs a label and evidence",
            path=display,
            line=line,
            fix="say where the id and datatype were verified",
        )
    return Property(pid, label, datatype, evidence)
