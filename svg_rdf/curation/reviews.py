"""Reviewed conflicts: seeds/conflicts.toml -> the differences curators decided are none.

Each `[[reviewed]]` table names a conflict as the conflicts report shows it (subject slug,
property id, the values of its statements) and the reason it is no conflict:

    [[reviewed]]
    subject = "battle-of-wuhan"
    property = "P1120"
    values = ["84875", "254628"]
    reason = "the larger figure counts the wounded too (line 12); two scopes, not two answers"

The values are written as the report's tables show them (an item's label, a date, an
amount), or an item by its slug. reports/conflicts.py matches each entry against the
conflicts it finds; an entry that matches none is an error at its line.
"""

from __future__ import annotations

from svg_rdf.curation.datafile import load_tables
from svg_rdf.model import PID, Place, ReviewedConflict
from svg_rdf.project import Project

FILE = "conflicts.toml"
TABLE = "reviewed"


def load_reviews(project: Project) -> tuple[ReviewedConflict, ...]:
    """The [[reviewed]] entries of seeds/conflicts.toml (none when it is absent).

    Raises DataFileError for a malformed file, naming the line and the fix.
    """
    path = project.seeds / FILE
    if not path.exists():
        return ()
    display = project.relative(path)
    reviews = []
    seen: dict[tuple[str, str, frozenset[str]], int] = {}
    for entry in load_tables(path, display, TABLE, required=False):
        entry.check_keys(required=["subject", "property", "values", "reason"])
        pid = entry.text("property")
        if not PID.match(pid):
            raise entry.error(
                f"property {pid!r} is not a property id",
                key="property",
                fix="write the id as the report shows it, e.g. P1120",
            )
        values = entry.data["values"]
        if (
            not isinstance(values, list)
            or not values
            or not all(isinstance(v, str) and v.strip() for v in values)
        ):
            raise entry.error(
                "'values' must be a list of non-empty strings",
                key="values",
                fix='write the values as the report shows them, e.g. values = ["1953", "1954"]',
            )
        subject = entry.text("subject")
        key = (subject, pid, frozenset(values))
        if key in seen:
            raise entry.error(
                f"the conflict {subject} {pid} is reviewed twice (first at line {seen[key]})",
                fix="keep one entry per conflict",
            )
        seen[key] = entry.line
        reviews.append(
            ReviewedConflict(
                subject=subject,
                pid=pid,
                values=tuple(values),
                reason=" ".join(entry.text("reason").split()),
                place=Place(display, entry.line),
            )
        )
    return tuple(reviews)
