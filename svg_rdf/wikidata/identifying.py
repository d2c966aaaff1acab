"""Reconciliation: which of an entity's statements identify it, ranked (a table, not a rule
about our dataset).

A reconciliation query carries a few property values besides the name, and a service
scores candidates by how many of them the item has. Values that few other items share
identify best: a date (of birth, founding, an event), the country, the war or whole it is
part of. Values many items share, or that change over time (a headquarters, a location),
identify worst. `P31` (instance of) is not here: it goes as the query's type.

The properties are taken in rounds over the groups in GROUPS order, the best-ranked
property of each group first, so that three properties sent are a date, a country and a
conflict rather than three dates; one value per property. Properties the table does not
list come after every listed one, by property number (a stable order, not a judgement).
Every id here is in the packaged property table (svg_rdf/defaults/ontology/properties.csv)
with its evidence; a test checks that.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

GROUPS = ("date", "country", "conflict", "place")

# (property, group, why it identifies), best first within a group
IDENTIFYING: tuple[tuple[str, str, str], ...] = (
    ("P569", "date", "date of birth: few people share a name and a birth date"),
    ("P570", "date", "date of death"),
    ("P571", "date", "inception: when an organisation, unit or work began"),
    ("P585", "date", "point in time: when an event happened"),
    ("P580", "date", "start time of an event or period"),
    ("P576", "date", "dissolved, abolished or demolished date"),
    ("P582", "date", "end time of an event or period"),
    ("P17", "country", "country: separates namesakes in different countries"),
    ("P27", "country", "country of citizenship of a person"),
    ("P607", "conflict", "conflict a unit or person took part in"),
    ("P361", "conflict", "part of: the whole an event or body belongs to"),
    ("P1344", "conflict", "participant in: the event a person or body took part in"),
    ("P131", "place", "located in the administrative territorial entity"),
    ("P740", "place", "location of formation"),
    ("P276", "place", "location (many items share one)"),
)

V = TypeVar("V")


def choose(statements: Sequence[tuple[str, V]], limit: int) -> list[tuple[str, V]]:
    """Up to `limit` of `statements` (property, value), one value per property, in the
    order described above; `statements` keep their own order within a property."""
    first: dict[str, V] = {}
    for pid, value in statements:
        first.setdefault(pid, value)
    rank = {pid: n for n, (pid, _, _) in enumerate(IDENTIFYING)}
    by_group: dict[str, list[str]] = {group: [] for group in GROUPS}
    for pid, group, _ in IDENTIFYING:
        if pid in first:
            by_group[group].append(pid)
    ordered: list[str] = []
    while any(by_group.values()):
        for group in GROUPS:
            if by_group[group]:
                ordered.append(by_group[group].pop(0))
    ordered += sorted((p for p in first if p not in rank), key=lambda p: int(p[1:]))
    return [(pid, first[pid]) for pid in ordered[:limit]]
