"""Wikidata's property constraints: ontology/wikidata-constraints.csv -> WikidataConstraint.

What Wikidata itself states about a property (single value, required qualifier, ...), read
from its pages with the place each row was read. It is kept apart from the project's own
rules (ontology/constraints.csv, curation/constraints.py): the two authorities differ.

    property,constraint,constraint_qid,parameters,status,exceptions,evidence
    P1082,required-qualifier,Q21510856,P585,unrecorded,,"<URL>: '<quote>'"
    P17,unknown,,,unrecorded,,"searched: <what was searched, where>"

Parameters (space-separated) by constraint:
- single-value, single-best-value: separator properties (Wikidata's P4155), maybe none;
- required-qualifier: the qualifier properties, each one required;
- allowed-qualifiers: the qualifier properties allowed, or `none` (no qualifier at all);
- value-type, subject-type: a relation (instance, subclass or instance-or-subclass), then
  the class Q-ids;
- allowed-units: unit Q-ids, or `none` (no unit);
- range: minimum and maximum (numbers; `-` for an open end);
- format: one regular expression (the whole cell, not split);
- conflicts-with, item-requires-statement: a property, then the Q-ids of its values that
  count (none: any value);
- contemporary, unknown: no parameters.
status is Wikidata's constraint status: `mandatory` or `suggestion` where the source marks
it, `normal` where the source shows the whole constraint and no status (Wikidata's JSON of
the property with no P2316 qualifier), `unrecorded` where the source records no status
at all (a digest, a help page): such a row is listed, never held. exceptions are Q-ids of
items exempt from the constraint.

The package ships a default table (svg_rdf/defaults/ontology/wikidata-constraints.csv);
a project's own ontology/wikidata-constraints.csv replaces it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from svg_rdf.curation.datafile import csv_rows, read_utf8
from svg_rdf.errors import DataFileError
from svg_rdf.model import PID, Place, WikidataConstraint
from svg_rdf.project import Project, defaults_folder

COLUMNS = [
    "property",
    "constraint",
    "constraint_qid",
    "parameters",
    "status",
    "exceptions",
    "evidence",
]
# The item of each constraint type, as Wikidata's Property talk:P2302 lists them
# ("Allowed values ... single-value constraint (Q19474404), ..."); see the table's .md.
KINDS: dict[str, str | None] = {
    "single-value": "Q19474404",
    "single-best-value": "Q52060874",
    "required-qualifier": "Q21510856",
    "allowed-qualifiers": "Q21510851",
    "value-type": "Q21510865",
    "subject-type": "Q21503250",
    "allowed-units": "Q21514353",
    "range": "Q21510860",
    "format": "Q21502404",
    "conflicts-with": "Q21502838",
    "item-requires-statement": "Q21503247",
    "contemporary": "Q25796498",
    "unknown": None,
}
UNRECORDED = "unrecorded"  # the source read records no status: listed, never held
STATUSES = ("mandatory", "suggestion", "normal", UNRECORDED)
# How the package's own table is named in places (outputs cite them): its path in the source tree.
PACKAGED = "svg_rdf/defaults/ontology/wikidata-constraints.csv"
RELATIONS = ("instance", "subclass", "instance-or-subclass")
SINGLE_VALUE_KINDS = ("single-value", "single-best-value")
NONE = "none"
QID = re.compile(r"^Q[1-9][0-9]*$")
_NUMBER = re.compile(r"^-?[0-9]+(?:\.[0-9]+)?$")

Error = Callable[[str, str], DataFileError]


def load_wikidata_constraints(project: Project) -> tuple[WikidataConstraint, ...]:
    """The project's table, else the package's; none when neither exists.

    Raises DataFileError naming the line of a malformed row.
    """
    path = project.wikidata_constraint_table
    if path is None:
        return ()
    display = project.relative(path)
    if path.parent == defaults_folder("ontology"):  # the same name on every machine
        display = PACKAGED
    return parse_wikidata_constraints(read_utf8(path, display), display)


def parse_wikidata_constraints(text: str, display: str) -> tuple[WikidataConstraint, ...]:
    """The rows of a table's `text`, sorted by property; DataFileError at a bad line."""
    found: list[WikidataConstraint] = []
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    for line, row in csv_rows(text, display, COLUMNS, width_fix="quote values with commas"):

        def error(message: str, fix: str) -> DataFileError:
            return DataFileError(message, path=display, line=line, fix=fix)  # noqa: B023

        pid, kind, qid, raw, status, exceptions, evidence = row
        if not PID.match(pid):
            raise error(f"{pid!r} is not a property id", "write P followed by digits")
        if kind not in KINDS:
            raise error(f"unknown constraint {kind!r}", f"use one of: {', '.join(KINDS)}")
        if (qid or None) != KINDS[kind]:
            want = KINDS[kind] or "nothing"
            raise error(
                f"{kind} is Wikidata's {want}, not {qid or 'nothing'}",
                f"write {want} in constraint_qid" if KINDS[kind] else "leave it empty",
            )
        if status not in STATUSES:
            raise error(f"unknown status {status!r}", f"use one of: {', '.join(STATUSES)}")
        if not evidence:
            raise error(
                f"{pid} {kind} has no evidence",
                "give the page read (URL) and a short quote, or what was searched",
            )
        parameters = (raw,) if kind == "format" else tuple(raw.split())
        _check_parameters(kind, parameters, error)
        for exception in exceptions.split():
            if not QID.match(exception):
                raise error(f"exception {exception!r} is not a Q-id", "name exempt items by Q-id")
        key = (pid, kind, parameters)
        if key in seen:
            raise error(f"{pid} {kind} is listed twice", "keep one row per constraint")
        seen.add(key)
        found.append(
            WikidataConstraint(
                pid,
                kind,
                qid or None,
                parameters,
                status,
                tuple(exceptions.split()),
                evidence,
                Place(display, line),
            )
        )
    return tuple(sorted(found, key=lambda c: (int(c.pid[1:]), c.kind, c.parameters)))


def _check_parameters(kind: str, parameters: tuple[str, ...], error: Error) -> None:
    if kind in ("contemporary", "unknown"):
        if parameters:
            raise error(f"{kind} takes no parameters", "leave parameters empty")
    elif kind in SINGLE_VALUE_KINDS:
        _all(parameters, PID, "a separator property", error)
    elif kind in ("required-qualifier", "allowed-qualifiers", "allowed-units"):
        pattern = QID if kind == "allowed-units" else PID
        if parameters != (NONE,) or kind == "required-qualifier":
            _need(parameters, kind, error)
            _all(parameters, pattern, "a unit Q-id" if pattern is QID else "a property", error)
    elif kind in ("value-type", "subject-type"):
        if not parameters or parameters[0] not in RELATIONS:
            raise error(f"{kind} starts with its relation", f"use one of: {', '.join(RELATIONS)}")
        _need(parameters[1:], kind, error)
        _all(parameters[1:], QID, "a class Q-id", error)
    elif kind == "range":
        if len(parameters) != 2 or not all(p == "-" or _NUMBER.match(p) for p in parameters):
            raise error("range takes a minimum and a maximum", "write two numbers; - is open")
    elif kind == "format":
        try:
            re.compile(parameters[0])
        except re.error as exc:
            raise error(
                f"the format is not a regular expression: {exc}", "fix the pattern"
            ) from None
    else:  # conflicts-with, item-requires-statement
        _need(parameters, kind, error)
        _all(parameters[:1], PID, "a property", error)
        _all(parameters[1:], QID, "a value Q-id", error)


def _need(parameters: tuple[str, ...], kind: str, error: Error) -> None:
    if not parameters:
        raise error(f"{kind} needs parameters", "see the table's .md for what it takes")


def _all(parameters: Iterable[str], pattern: re.Pattern[str], what: str, error: Error) -> None:
    for parameter in parameters:
        if not pattern.match(parameter):
            raise error(f"{parameter!r} is not {what}", "see the table's .md for what it takes")


def single_valued(constraints: Iterable[WikidataConstraint]) -> dict[str, WikidataConstraint]:
    """Wikidata's single-value (or single-best-value) constraint of each property that has
    one, for any stage that needs to know which properties take one value."""
    found: dict[str, WikidataConstraint] = {}
    for constraint in constraints:
        if constraint.kind in SINGLE_VALUE_KINDS:
            found.setdefault(constraint.pid, constraint)
    return found


def unknown(constraints: Iterable[WikidataConstraint]) -> tuple[str, ...]:
    """The properties whose constraints could not be read (an `unknown` row)."""
    return tuple(
        sorted({c.pid for c in constraints if c.kind == "unknown"}, key=lambda p: int(p[1:]))
    )
