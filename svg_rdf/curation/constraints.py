"""Constraints: ontology/constraints.csv -> the property constraints the project relies on.

One row per constraint, beside the property table:

    property,constraint,parameters,basis,evidence
    P570,single-value,,wikidata,"Property talk:P570: 'Single value: ...'"
    P1376,required-qualifier,P580 P582 P585,project,"..."
    P5899,allowed-units,Q11229,project,"..."
    P4791,value-type,Q5,project,"..."

- constraint: one of CONSTRAINT_KINDS (single-value, single-best-value, required-qualifier,
  allowed-units, value-type).
- parameters (space-separated): for the single-value kinds, separators (Wikidata's
  separator, P4155: statements that differ in one of these qualifiers may coexist);
  required-qualifier names qualifier properties of which a statement needs at least
  one; allowed-units names units by Wikidata Q-id (or `none` for a plain count); value-type
  names the one class a value must be an instance of (through subclass of), by Q-id or by a
  kind of seeds/dataset.toml [kinds]. Never by an entity slug: a table (above all the
  package's) names nothing of one project's data. An entity whose kind lists the class
  counts as its instance (a `person`, kind classes ["Q5"], satisfies value-type Q5).
- basis: `wikidata` when the constraint was found on the property's Wikidata page (the
  evidence says where), `project` when the project applies it without having found a
  Wikidata constraint (the evidence says why).

The package ships a default table (svg_rdf/defaults/ontology/constraints.csv); a project's
own ontology/constraints.csv replaces it. The conflicts report uses the single-value kinds
and the generated constraint shapes check the graph against all of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from svg_rdf.curation.datafile import csv_rows, read_utf8
from svg_rdf.curation.ontology import ADD_PROPERTY
from svg_rdf.errors import DataFileError
from svg_rdf.model import CONSTRAINT_KINDS, PID, QID, Constraint, Place, Property
from svg_rdf.project import Project

COLUMNS = ["property", "constraint", "parameters", "basis", "evidence"]
BASES = ("wikidata", "project")
SINGLE_VALUE_KINDS = ("single-value", "single-best-value")
NO_UNIT = "none"
_KIND = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


def load_constraints(
    project: Project, properties: Iterable[Property], kinds: Sequence[str] | None = None
) -> tuple[Constraint, ...]:
    """The constraint table (none when absent), checked against the property table and,
    when given, the project's entity `kinds`.

    Raises DataFileError naming the line of a malformed row.
    """
    path = project.constraint_table
    if path is None:
        return ()
    display = project.relative(path)
    shipped = not path.resolve().is_relative_to(project.root)
    return parse_constraints(
        read_utf8(path, display), display, properties, shipped=shipped, kinds=kinds
    )


def parse_constraints(
    text: str,
    display: str,
    properties: Iterable[Property],
    *,
    shipped: bool = False,
    kinds: Sequence[str] | None = None,
) -> tuple[Constraint, ...]:
    """The rows of a constraint table's `text`; raises DataFileError at the bad line.

    A `shipped` table (the package's default) skips the rows about properties the project's
    tables do not list: they cannot apply. A project's own table names only its properties.
    A value-type class that is no Q-id must be one of `kinds` (any kind name when None).
    """
    known = {prop.pid: prop for prop in properties}
    found: list[Constraint] = []
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    for line, row in csv_rows(text, display, COLUMNS, width_fix="quote values with commas"):

        def error(message: str, fix: str) -> DataFileError:
            return DataFileError(message, path=display, line=line, fix=fix)  # noqa: B023

        pid, kind, raw, basis, evidence = row
        parameters = tuple(raw.split())
        unlisted = [q for q in (pid, *raw.split()) if PID.match(q) and q not in known]
        if shipped and unlisted:
            continue
        if pid not in known:
            raise error(f"unknown property {pid!r}", f"first {ADD_PROPERTY}")
        if kind not in CONSTRAINT_KINDS:
            raise error(
                f"unknown constraint {kind!r}", f"use one of: {', '.join(CONSTRAINT_KINDS)}"
            )
        if basis not in BASES:
            raise error(f"unknown basis {basis!r}", f"use one of: {', '.join(BASES)}")
        if not evidence:
            raise error(
                f"{pid} {kind} has no evidence",
                "say where the constraint was found (wikidata) or why it is applied (project)",
            )
        _check_parameters(kind, parameters, known, kinds, error)
        key = (pid, kind, parameters)
        if key in seen:
            raise error(f"{pid} {kind} is listed twice", "keep one row per constraint")
        seen.add(key)
        found.append(Constraint(pid, kind, parameters, basis, evidence, Place(display, line)))
    return tuple(sorted(found, key=lambda c: (int(c.pid[1:]), c.kind, c.parameters)))


def _check_parameters(
    kind: str,
    parameters: tuple[str, ...],
    properties: dict[str, Property],
    kinds: Sequence[str] | None,
    error: Callable[[str, str], DataFileError],
) -> None:
    if kind in SINGLE_VALUE_KINDS:
        for parameter in parameters:  # separators (Wikidata's P4155)
            if parameter not in properties:
                raise error(
                    f"unknown separator property {parameter!r}",
                    "name qualifier properties listed in ontology/properties.csv",
                )
        return
    if not parameters:
        raise error(f"{kind} needs parameters", "name the qualifiers, units or classes it allows")
    if kind == "value-type" and len(parameters) != 1:
        raise error("value-type takes one class", "write one row per class")
    for parameter in parameters:
        if kind == "required-qualifier":
            if parameter not in properties:
                raise error(
                    f"unknown qualifier property {parameter!r}",
                    "name properties listed in ontology/properties.csv",
                )
        elif kind == "allowed-units":
            if parameter != NO_UNIT and not QID.match(parameter):
                raise error(
                    f"unit {parameter!r} is not a Wikidata Q-id",
                    "name each unit by its Q-id (e.g. Q11229 for percent), or none for a count",
                )
        elif not QID.match(parameter) and not (
            _KIND.match(parameter) and (kinds is None or parameter in kinds)
        ):
            known = f": {', '.join(kinds)}" if kinds else ""
            raise error(
                f"class {parameter!r} is neither a Wikidata Q-id nor a kind of the project",
                f"name the class by its Q-id (e.g. Q5 for human) or by a kind of "
                f"seeds/dataset.toml [kinds]{known}",
            )


# Datatypes whose values are one date or one count of one event per scope, so that two
# of them at the same scope conflict even with no constraint row.
ONE_PER_SCOPE_DATATYPES = ("quantity", "time")


def single_value_rule(
    pid: str, single: Mapping[str, Constraint], datatype: str | None
) -> str | None:
    """Why two truthy values of `pid` at the same scope conflict, by the name of the
    conflicts report's rule, or None when the property holds several values.

    `single` is `single_valued(...)` of every constraint row known (the project's table
    today; Wikidata's own constraints can be added to the rows). `single-value`: the
    property has a single-value or single-best-value row; `one-value-per-scope`: it has
    none, but its values are dates or counts (one per scope).
    """
    if pid in single:
        return "single-value"
    if datatype in ONE_PER_SCOPE_DATATYPES:
        return "one-value-per-scope"
    return None


def single_valued(constraints: Iterable[Constraint]) -> dict[str, Constraint]:
    """The single-value or single-best-value constraint of each property that has one."""
    found: dict[str, Constraint] = {}
    for constraint in constraints:
        if constraint.kind in SINGLE_VALUE_KINDS:
            found.setdefault(constraint.pid, constraint)
    return found
