"""Infobox: the `- Key: Value` block at the top of a source -> Claims, by a declarative table.

Each seeds/infobox/<source>.toml names the source, the subject and one [[row]] per key:
how to read the value (`date-range`, `items`, `quantity`, `ignore`) and which property it
states. Each value's evidence is its own infobox line. An infobox key without a row is an
error, so a new key in the source is never dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from svg_rdf.curation.collect import Errors, Failed, FollowsError, collecting, follows
from svg_rdf.curation.datafile import Table, array_tables, check_top_level, load_toml
from svg_rdf.curation.evidence import span
from svg_rdf.curation.facts import Context
from svg_rdf.curation.numbers import unsupported, value_numbers
from svg_rdf.curation.suggest import did_you_mean
from svg_rdf.curation.values import BadValue, parse_value
from svg_rdf.errors import DataFileError, EvidenceError
from svg_rdf.model import Claim, Entity, Evidence, Place, Qualifier, StringValue
from svg_rdf.project import Project

PARSERS = ("date-range", "items", "quantity", "ignore")
ROW_KEYS = (
    "property", "properties", "separator", "strip", "qualifiers", "stated_as", "reason", "derived",
)  # fmt: skip
_NUMBER_AT_START = re.compile(r"^(?P<amount>\d[\d,]*(?:\.\d+)?)(?=\s|$)")
_RANGE = re.compile(r"^(?P<start>\d{4})\s*[\u2013-]\s*(?P<end>\d{4})$")


@dataclass(frozen=True)
class InfoboxLine:
    key: str
    value: str
    start: int  # code point offset of the quoted text (the line without its prefix)
    end: int
    line: int


def infobox_lines(text: str, prefix: str) -> list[InfoboxLine]:
    """The first run of `prefix Key: Value` lines in `text`, with their offsets."""
    rows: list[InfoboxLine] = []
    offset = 0
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        body = line.rstrip("\r\n")
        match = re.match(rf"^{re.escape(prefix)}(?P<key>[^:\n]+):\s(?P<value>.+)$", body)
        if match:
            start = offset + len(prefix)
            rows.append(
                InfoboxLine(
                    match["key"].strip(), match["value"].strip(), start, offset + len(body), number
                )
            )
        elif rows:
            break
        offset += len(line)
    return rows


def extract_infoboxes(project: Project, context: Context) -> list[Claim]:
    """The claims of every infobox table; raises DataFileError or EvidenceError
    (CurationErrors for several), or records them in `context.errors` and returns the
    claims that loaded."""
    claims: list[Claim] = []
    with collecting(context.errors) as found:
        for path in project.infobox_files:
            with found.each():
                claims.extend(_infobox(project, path, context, found))
    return claims


def _infobox(project: Project, path: Path, context: Context, found: Errors) -> list[Claim]:
    """The claims of one infobox table; its rows' errors go to `found`, the table's own
    (unreadable, unknown source or subject) are raised."""
    display = project.relative(path)
    document, lines = load_toml(path, display)
    check_top_level(document, display, ["source", "subject", "row_prefix", "row"])
    header = Table(document, display, 1, 1, lines)
    source_stem = header.text("source")
    source = context.sources.get(source_stem)
    if source is None:
        follows("unknown source", failed=context.failed.sources, name=source_stem)
        raise header.error(
            f"unknown source {source_stem!r}",
            key="source",
            fix=f"use one of: {', '.join(sorted(context.sources))}",
        )
    subject = header.text("subject")
    if subject not in context.entities:
        follows("unknown entity", failed=context.failed.entities, name=subject)
        hint = did_you_mean(subject, context.entities)
        raise header.error(
            f"unknown entity {subject!r}" + (f" ({hint})" if hint else ""),
            key="subject",
            fix="add it to a file in seeds/entities/",
        )
    rows: dict[str, Table] = {}
    for table in array_tables(document, "row", lines, display):
        with found.each():
            table.check_keys(required=["key", "parse"], optional=ROW_KEYS)
            rows[table.text("key")] = table
    found_lines = infobox_lines(source.text, header.text("row_prefix", default="- "))
    if not found_lines:
        raise header.error(
            f"no infobox lines found in {source.filename}",
            key="row_prefix",
            fix='check row_prefix (default "- ")',
        )
    claims: list[Claim] = []
    for row in found_lines:
        with found.each():
            table_of_row = rows.pop(row.key, None)
            if table_of_row is None:
                raise DataFileError(
                    f"infobox key {row.key!r} (line {row.line} of {source.filename}) has no row",
                    path=display,
                    line=len(lines) or 1,
                    fix=f'add [[row]] key = "{row.key}" with a parse, or parse = "ignore"',
                )
            evidence = span(source, row.start, row.end, Place(display, table_of_row.line))
            claims.extend(_row_claims(table_of_row, row, subject, evidence, context))
    for key, table in rows.items():
        with found.each():
            raise table.error(
                f"row {key!r} matches no infobox line in {source.filename}",
                key="key",
                fix="fix the key or remove the row",
            )
    return claims


def _row_claims(
    table: Table, row: InfoboxLine, subject: str, evidence: Evidence, context: Context
) -> list[Claim]:
    parse = table.text("parse")
    if parse not in PARSERS:
        raise table.error(
            f"unknown parse {parse!r}", key="parse", fix=f"use one of: {', '.join(PARSERS)}"
        )
    if parse == "ignore":
        table.text("reason")
        return []
    qualifiers = _fixed_qualifiers(table, context)
    derived = table.optional_text("derived")
    _check_numbers(table, qualifiers, row, derived)
    place = Place(table.path, table.line)

    def claim(pid: str, spec: object, extra: tuple[Qualifier, ...] = ()) -> Claim:
        prop = context.property(table, pid, "property")
        try:
            value = parse_value(spec, prop.datatype, entities=context.entities)
        except BadValue as exc:
            raise EvidenceError(
                f"infobox value {row.value!r} gives {prop.pid} ({prop.label}): {exc.message}",
                path=table.path,
                line=table.line,
                fix=exc.fix,
            ) from None
        quals = tuple(sorted({*qualifiers, *extra}, key=Qualifier.key))
        reasons = () if derived is None else (derived,)
        return Claim(subject, prop.pid, value, quals, "normal", (evidence,), (place,), reasons)

    value = row.value
    strip = table.data.get("strip")
    if isinstance(strip, str) and value.startswith(strip):
        value = value[len(strip) :]
    if parse == "date-range":
        pids = table.data.get("properties")
        match = _RANGE.match(value)
        if not (isinstance(pids, list) and len(pids) == 2):
            raise table.error("date-range needs properties = [start, end]", key="properties")
        if match is None:
            raise EvidenceError(
                f"infobox value {row.value!r} is not a range YYYY-YYYY",
                path=table.path,
                line=table.line,
                fix='use parse = "ignore" or fix the row',
            )
        return [claim(pids[0], match["start"]), claim(pids[1], match["end"])]
    pid = table.text("property")
    if parse == "items":
        separator = table.text("separator", default=", ")
        return [
            claim(pid, _resolve(table, name.strip(), context.entities, context.failed.entities))
            for name in value.split(separator)
        ]
    match = _NUMBER_AT_START.match(value)
    if match is None:
        raise EvidenceError(
            f"infobox value {row.value!r} does not start with a number",
            path=table.path,
            line=table.line,
            fix="fix the row's parse",
        )
    extra: tuple[Qualifier, ...] = ()
    stated_as = table.optional_text("stated_as")
    if stated_as is not None:
        extra = (
            Qualifier(context.property(table, stated_as, "stated_as").pid, StringValue(row.value)),
        )
    return [claim(pid, match["amount"], extra)]


def _check_numbers(
    table: Table, qualifiers: tuple[Qualifier, ...], row: InfoboxLine, derived: str | None
) -> None:
    """A row's fixed qualifiers may state no number its infobox line does not give."""
    passage = f"{row.key}: {row.value}"
    missing = [
        (q.pid, s) for q in qualifiers for s in unsupported(value_numbers(q.value), [passage])
    ]
    if derived is not None and not missing:
        raise table.error(
            "derived is given, but the infobox line gives every number of the row",
            key="derived",
            fix="remove derived",
        )
    if missing and derived is None:
        pid, stated = missing[0]
        raise table.error(
            f"{stated.shown()} ({pid}) is not in the infobox line {passage!r}",
            key="qualifiers",
            fix='fix the qualifier, or add derived = "how it was obtained"',
        )


def _fixed_qualifiers(table: Table, context: Context) -> tuple[Qualifier, ...]:
    raw = table.data.get("qualifiers", {})
    if not isinstance(raw, dict):
        raise table.error("qualifiers must be a table", key="qualifiers")
    result = []
    for pid, spec in sorted(raw.items()):
        prop = context.property(table, pid, pid)
        result.append(Qualifier(prop.pid, context.value(table, spec, prop, pid)))
    return tuple(result)


def _resolve(table: Table, name: str, entities: Mapping[str, Entity], failed: Failed) -> str:
    """The slug of the one entity whose English label or alias is `name`."""
    matches = sorted(
        entity.slug
        for entity in entities.values()
        if name == entity.label or ("en", name) in entity.aliases
    )
    if not matches and (failed.unknown or failed.names):
        # the name may be the label of an entity whose table was refused
        raise FollowsError(f"no entity with the label {name!r}")
    if len(matches) != 1:
        what = "no entity" if not matches else f"{len(matches)} entities ({', '.join(matches)})"
        names = {
            label
            for entity in entities.values()
            for label in (entity.label, *(alias for _, alias in entity.aliases))
        }
        hint = "" if matches else did_you_mean(name, names)
        raise table.error(
            f"{what} with the label or alias {name!r}" + (f" ({hint})" if hint else ""),
            key="key",
            fix="add the name as a label or alias of exactly one entity",
        )
    return matches[0]
