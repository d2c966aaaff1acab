"""Entities: seeds/entities/*.toml -> Entity records (labels, aliases, descriptions, Q-ids).

A Q-id is accepted only together with `qid_evidence` saying where it was verified. Without
one, `wikidata = "new"` (with `wikidata_checked` and `wikidata_note`) records a search that
found no item, and `wikidata = "local"` (with `wikidata_reason`) an entity that will never be
a Wikidata item: a concept of our own model, never reconciled and never created.
The package ships a few entities every project has (svg_rdf/defaults/entities.toml: the
values of P1480 sourcing circumstances, such as circa); a project's own entity with the
same slug or label replaces one, and `used_entities` leaves out the ones no claim uses.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence

from svg_rdf.curation.collect import Errors, collecting
from svg_rdf.curation.datafile import Table, load_tables
from svg_rdf.model import QID, Claim, Entity, ItemValue, Place, QuantityValue, Value
from svg_rdf.project import Project, defaults_folder

# Where a built-in entity says it is defined (its Place), in messages and pages.
BUILTIN = "svg_rdf/defaults/entities.toml"

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SLUGS = re.compile(r'(?m)^\s*slug\s*=\s*"([^"]+)"')
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$")


def is_slug(text: str) -> bool:
    """Slugs are lowercase ASCII words joined by `-`."""
    return bool(SLUG.match(text))


def load_entities(
    project: Project, kinds: Sequence[str], *, errors: Errors | None = None
) -> tuple[Entity, ...]:
    """Every entity of every entity file, sorted by slug; raises DataFileError
    (CurationErrors for several); with `errors`, records them there instead and returns
    the entities that loaded.

    A Q-id is one entity's only: two entities with one Q-id would be one Wikidata item, and
    the QuickStatements batch would write one's statements onto the other's item.

    `kinds` are the project's entity kinds (seeds/dataset.toml [kinds]); any other is refused.
    """
    entities: dict[str, Entity] = {}
    named: dict[tuple[str, str, str], Entity] = {}
    qids: dict[str, tuple[str, str]] = {}  # Q-id -> (slug, "path:line" of its qid)
    with collecting(errors) as found:
        for path in project.entity_files:
            display = project.relative(path)
            tables: list[Table] = []
            with found.each(failed=found.entities, file=path, names=_SLUGS):
                tables = load_tables(path, display, "entity")
            for table in tables:
                with found.each(failed=found.entities, name=table.data.get("slug")):
                    entity = _entity(table, kinds)
                    _check_unique(table, entity, entities, named, qids)
                    entities[entity.slug] = entity
    labels = {label for language, label, _ in named}
    for entity in builtin_entities():
        # the project's own entity of that slug, label or Q-id (the same item) replaces it
        if entity.slug not in entities and entity.label not in labels and entity.qid not in qids:
            entities[entity.slug] = entity
    return tuple(entities[slug] for slug in sorted(entities))


def _check_unique(
    table: Table,
    entity: Entity,
    entities: dict[str, Entity],
    named: dict[tuple[str, str, str], Entity],
    qids: dict[str, tuple[str, str]],
) -> None:
    """Refuse a second definition of a slug, a label and description another uses, or a
    Q-id another entity has (`qids`: Q-id -> slug and "path:line" of its qid)."""
    if entity.slug in entities:
        raise table.error(
            f"entity {entity.slug!r} is already defined at {entities[entity.slug].place}",
            key="slug",
            fix="keep one definition per slug",
        )
    descriptions = dict(entity.descriptions)
    for language, label in entity.labels:
        pair = (language, label, descriptions.get(language, ""))
        if pair in named:
            raise table.error(
                f"label {label!r}@{language} with the same description is already "
                f"used by {named[pair].slug!r} ({named[pair].place})",
                key="label",
                fix="labels with equal descriptions must differ",
            )
    if entity.qid is not None:
        if entity.qid in qids:
            slug, there = qids[entity.qid]
            raise table.error(
                f"{entity.qid} is also the Q-id of {slug} ({there}): two entities "
                "cannot be one Wikidata item",
                key="qid",
                fix=f"keep qid and qid_evidence on the entity that item is, remove "
                f"them from the other, or merge {slug} and {entity.slug}",
            )
        qids[entity.qid] = (entity.slug, f"{table.path}:{table.line_of('qid')}")
    for language, label in entity.labels:
        named[(language, label, descriptions.get(language, ""))] = entity


def builtin_entities() -> tuple[Entity, ...]:
    """The entities the package gives every project (svg_rdf/defaults/entities.toml)."""
    path = defaults_folder(".") / "entities.toml"
    if not path.is_file():
        return ()
    return tuple(
        _entity(table, None) for table in load_tables(path, BUILTIN, "entity", required=False)
    )


def is_builtin(entity: Entity) -> bool:
    return entity.place.path == BUILTIN


def used_entities(entities: Iterable[Entity], claims: Iterable[Claim]) -> tuple[Entity, ...]:
    """`entities` without the built-in ones that no claim names (as subject, value,
    qualifier or unit): a project's graph holds only the defaults it uses."""
    used: set[str] = set()
    for claim in claims:
        used.add(claim.subject)
        for value in (claim.value, *(q.value for q in claim.qualifiers)):
            used.update(_slugs(value))
    return tuple(e for e in entities if not is_builtin(e) or e.slug in used)


def _slugs(value: Value) -> Iterable[str]:
    if isinstance(value, ItemValue):
        yield value.slug
    elif isinstance(value, QuantityValue) and value.unit is not None:
        yield value.unit


def _language_map(table: Table, key: str, default: str | None) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    if default is not None:
        pairs.append(("en", default))
    extra = table.data.get(key, {})
    if not isinstance(extra, dict):
        raise table.error(f'{key!r} must be a table such as {{ ru = "..." }}', key=key)
    for language, text in sorted(extra.items()):
        if not _LANGUAGE.match(language) or not isinstance(text, str) or not text:
            raise table.error(
                f"bad entry {language!r} in {key!r}",
                key=key,
                fix="use language codes and non-empty strings",
            )
        if language == "en" and default is not None:
            raise table.error(f"English is given twice in {key!r}", key=key)
        pairs.append((language, text))
    return sorted(pairs)


def _entity(table: Table, kinds: Sequence[str] | None) -> Entity:
    """One entity; `kinds` None (a built-in entity) accepts its kind as it is."""
    table.check_keys(
        required=["slug", "label", "kind"],
        optional=[
            "aliases", "description", "labels", "descriptions", "qid", "qid_evidence",
            "wikidata", "wikidata_checked", "wikidata_note", "wikidata_reason",
        ],
    )  # fmt: skip
    slug = table.text("slug")
    if not is_slug(slug):
        raise table.error(
            f"slug {slug!r} is not lowercase ASCII words joined by '-'",
            key="slug",
            fix="e.g. harbour-guard",
        )
    kind = table.text("kind")
    if kinds is not None and kind not in kinds:
        raise table.error(
            f"unknown kind {kind!r}",
            key="kind",
            fix=f"use one of: {', '.join(kinds)}, or add it to [kinds] in seeds/dataset.toml",
        )
    aliases = table.data.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
        raise table.error("aliases must be a list of strings", key="aliases")
    if len(set(aliases)) != len(aliases):
        raise table.error("an alias is listed twice", key="aliases")
    qid = table.optional_text("qid")
    evidence = table.optional_text("qid_evidence")
    if qid is not None and not QID.match(qid):
        raise table.error(f"{qid!r} is not a Q-id", key="qid", fix="write Q followed by digits")
    if qid is not None and evidence is None:
        raise table.error(
            f"Q-id {qid} has no evidence",
            key="qid",
            fix="add qid_evidence naming where the id was verified, or remove the qid",
        )
    if evidence is not None and qid is None:
        raise table.error("qid_evidence without qid", key="qid_evidence")
    wikidata, checked, note = _wikidata_search(table, qid)
    reason = _local_reason(table, wikidata)
    return Entity(
        slug=slug,
        labels=tuple(_language_map(table, "labels", table.text("label"))),
        aliases=tuple(sorted(("en", alias) for alias in aliases)),
        descriptions=tuple(
            _language_map(table, "descriptions", table.optional_text("description"))
        ),
        kind=kind,
        place=Place(table.path, table.line),
        qid=qid,
        qid_evidence=evidence,
        wikidata=wikidata,
        wikidata_checked=checked,
        wikidata_note=note,
        wikidata_reason=reason,
    )


def _local_reason(table: Table, status: str | None) -> str | None:
    """`wikidata = "local"` needs `wikidata_reason`: why it will never be a Wikidata item."""
    reason = table.optional_text("wikidata_reason")
    if status == "local" and reason is None:
        raise table.error(
            'wikidata = "local" needs wikidata_reason saying why it will never be a Wikidata item',
            key="wikidata",
            fix='add e.g. wikidata_reason = "a role in our own model of events"',
        )
    if status != "local" and reason is not None:
        raise table.error(
            'wikidata_reason goes with wikidata = "local"',
            key="wikidata_reason",
            fix='add wikidata = "local", or remove wikidata_reason',
        )
    return reason


def _wikidata_search(table: Table, qid: str | None) -> tuple[str | None, str | None, str | None]:
    """`wikidata = "new"` with `wikidata_checked` (a date) and `wikidata_note`: it was searched
    for on Wikidata and not found, so the QuickStatements file may create it."""
    status = table.optional_text("wikidata")
    checked = table.data.get("wikidata_checked")
    note = table.optional_text("wikidata_note")
    if status is None:
        if checked is not None or note is not None:
            raise table.error(
                'wikidata_checked and wikidata_note go with wikidata = "new"',
                key="wikidata_checked" if checked is not None else "wikidata_note",
            )
        return None, None, None
    if status not in ("new", "local"):
        raise table.error(
            f"unknown wikidata {status!r}",
            key="wikidata",
            fix='write wikidata = "new" only after searching Wikidata and finding no item, '
            'or wikidata = "local" with wikidata_reason for what will never be an item',
        )
    if qid is not None:
        raise table.error(
            f'{qid} is recorded, so it is not "{status}"', key="wikidata", fix="remove one of them"
        )
    if status == "local":
        if checked is not None or note is not None:
            raise table.error(
                'wikidata_checked and wikidata_note go with wikidata = "new", not "local"',
                key="wikidata_checked" if checked is not None else "wikidata_note",
                fix="remove them, or say why it is local in wikidata_reason",
            )
        return status, None, None
    if type(checked) is not datetime.date:
        raise table.error(
            'wikidata = "new" needs wikidata_checked, the date Wikidata was searched',
            key="wikidata",
            fix="add e.g. wikidata_checked = 2026-11-30",
        )
    if note is None:
        raise table.error(
            'wikidata = "new" needs wikidata_note saying how Wikidata was searched',
            key="wikidata",
            fix='add e.g. wikidata_note = "searched the label and aliases; no item"',
        )
    return status, checked.isoformat(), note
