"""Wikidata diff: our exportable statements + saved Special:EntityData documents -> what to emit.

Each statement about a reconciled subject whose entity document was given is one of:
- new: Wikidata has no statement with this value; the full line is emitted.
- missing-reference: Wikidata has it (same value, qualifiers not contradicting ours);
  a line with only our missing reference groups is emitted (no qualifiers, no rank), which
  QuickStatements adds to that statement.
- referenced: Wikidata has it with every source we cite; nothing is emitted.
- review: listed for a person, never emitted: Wikidata has a different value (time,
  quantity, string, monolingual text or URL, with qualifiers not telling them apart), has
  our value with other qualifiers or deprecated, has it twice, or writes a time so that
  QuickStatements would not recognise ours as the same.
Items compare by Q-id; times by value to their precision, precision and calendar;
quantities by amount, bounds and unit; strings and monolingual texts exactly. A
reference is already there when one of Wikidata's references carries every snak that
names our source (P143, P4656, P854); the quotation is not compared.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from svg_rdf.markdown import escape
from svg_rdf.model import (
    QID,
    Claim,
    Curation,
    Entity,
    ItemValue,
    MonolingualValue,
    QuantityValue,
    StringValue,
    TimeValue,
    UrlValue,
    Value,
)
from svg_rdf.wikidata.entitydata import not_entity_data, read_entities
from svg_rdf.wikidata.plan import (
    IDENTIFYING,
    Plan,
    QsStatement,
    ReferenceGroup,
    describe,
    match_token,
    plan,
)
from svg_rdf.wikidata_settings import QsSettings

Key = tuple[str, ...]
GREGORIAN = "http://www.wikidata.org/entity/Q1985727"
ENTITY = "http://www.wikidata.org/entity/"
_TIME = re.compile(r"^(?P<sign>[+-])(?P<year>\d+)-(?P<month>\d\d)-(?P<day>\d\d)T")
STATUSES = ("new", "missing-reference", "referenced", "review")


@dataclass(frozen=True)
class WikidataStatement:
    """One statement of a saved entity document, reduced to comparable keys."""

    value: Key
    match: str  # what QuickStatements compares: the value as a v1 token, a quantity's amount
    qualifiers: Mapping[str, frozenset[Key]]
    references: tuple[frozenset[tuple[str, str]], ...]
    rank: str
    display: str


@dataclass(frozen=True)
class EntityDocument:
    qid: str
    path: str
    claims: Mapping[str, tuple[WikidataStatement, ...]]


@dataclass(frozen=True)
class Finding:
    statement: QsStatement
    status: str
    detail: str
    emit: str | None


@dataclass(frozen=True)
class Diff:
    findings: tuple[Finding, ...]
    unchecked: tuple[tuple[Claim, str], ...]
    pending: int


def load_documents(paths: Sequence[Path], display: Sequence[str]) -> dict[str, EntityDocument]:
    """Every entity of the given Special:EntityData JSON files, by Q-id (redirects too).

    Raises DataFileError at path:line:col for malformed JSON, at the path for a document
    that is not in the Special:EntityData format.
    """
    documents: dict[str, EntityDocument] = {}
    for path, shown in zip(paths, display, strict=True):
        for key, entity in sorted(read_entities(path, shown).items()):
            document = parse_entity(entity, shown)
            for qid in {key, document.qid}:
                documents[qid] = document
    return documents


def parse_entity(entity: Any, path: str) -> EntityDocument:
    """One entity of a Special:EntityData `entities` object; raises DataFileError at `path`
    when it is not in that format."""
    if not isinstance(entity, dict) or not QID.match(str(entity.get("id", ""))):
        raise not_entity_data(path, "an entity without an item id")
    claims = entity.get("claims", {})
    if claims == []:  # PHP writes an empty object as []
        claims = {}
    if not isinstance(claims, dict):
        raise not_entity_data(path, f'"claims" of {entity["id"]} is not an object')
    parsed: dict[str, tuple[WikidataStatement, ...]] = {}
    for pid, statements in sorted(claims.items()):
        if not isinstance(statements, list):
            raise not_entity_data(path, f"{entity['id']} {pid} is not a list of statements")
        parsed[pid] = tuple(_statement(s, path, f"{entity['id']} {pid}") for s in statements)
    return EntityDocument(entity["id"], path, parsed)


def _statement(data: Any, path: str, where: str) -> WikidataStatement:
    if not isinstance(data, dict) or not isinstance(data.get("mainsnak"), dict):
        raise not_entity_data(path, f"a statement of {where} has no mainsnak")
    value, match = _snak(data["mainsnak"], path, where)
    qualifiers: dict[str, set[Key]] = {}
    for pid, snaks in _snak_map(data.get("qualifiers", {}), path, where).items():
        qualifiers[pid] = {_snak(s, path, where)[0] for s in snaks}
    references: list[frozenset[tuple[str, str]]] = []
    for reference in data.get("references", []) or []:
        if not isinstance(reference, dict):
            raise not_entity_data(path, f"a reference of {where} is not an object")
        by_property = _snak_map(reference.get("snaks", {}), path, where)
        references.append(
            frozenset(
                (pid, _plain(_snak(s, path, where)[0]))
                for pid, group in by_property.items()
                if pid in IDENTIFYING
                for s in group
            )
        )
    rank = data.get("rank", "normal")
    return WikidataStatement(
        value=value,
        match=match,
        qualifiers={pid: frozenset(keys) for pid, keys in qualifiers.items()},
        references=tuple(references),
        rank=rank if isinstance(rank, str) else "normal",
        display=match if value[0] == "time" else _display(value),
    )


def _snak_map(data: Any, path: str, where: str) -> dict[str, list[Any]]:
    if data in ([], None):
        return {}
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        raise not_entity_data(
            path, f"qualifiers or reference snaks of {where} are not lists by property"
        )
    return data


def _snak(snak: Any, path: str, where: str) -> tuple[Key, str]:
    """The comparison key of a snak's value, and the v1 token QuickStatements would match."""
    if not isinstance(snak, dict):
        raise not_entity_data(path, f"a snak of {where} is not an object")
    kind = snak.get("snaktype", "value")
    if kind != "value":
        return (str(kind),), str(kind)
    datavalue = snak.get("datavalue")
    if not isinstance(datavalue, dict) or "value" not in datavalue:
        raise not_entity_data(path, f"a value snak of {where} has no datavalue")
    raw, kind = datavalue["value"], datavalue.get("type")
    try:
        if kind == "wikibase-entityid":
            qid = str(raw.get("id") or f"Q{raw['numeric-id']}")
            return ("item", qid), qid
        if kind == "string":
            return ("string", str(raw)), f'"{raw}"'
        if kind == "monolingualtext":
            text, language = str(raw["text"]), str(raw["language"])
            return ("monolingualtext", text, language), f'{language}:"{text}"'
        if kind == "time":
            precision, calendar = int(raw["precision"]), str(raw["calendarmodel"])
            token = f"{raw['time']}/{precision}" + ("" if calendar == GREGORIAN else "/J")
            return _time_key(str(raw["time"]), precision, calendar), token
        if kind == "quantity":
            amount = _quantity_key(
                raw["amount"], raw.get("lowerBound"), raw.get("upperBound"), raw.get("unit", "1")
            )
            return amount, f"quantity:{amount[1]}"
    except (KeyError, TypeError, ValueError, AttributeError, InvalidOperation):
        raise not_entity_data(path, f"a {kind} value of {where} is incomplete") from None
    text = json.dumps(raw, sort_keys=True)
    return ("other", text), text


def _time_key(time: str, precision: int, calendar: str) -> Key:
    match = _TIME.match(time)
    if match is None:
        raise ValueError(time)
    sign = -1 if match["sign"] == "-" else 1
    year, month, day = sign * int(match["year"]), int(match["month"]), int(match["day"])
    if precision >= 11:
        point: tuple[int, ...] = (year, month, day)
    elif precision == 10:
        point = (year, month)
    elif precision == 9:
        point = (year,)
    elif precision == 7:
        point = ((year - 1) // 100,)
    else:
        point = (year // 10 ** (9 - precision),)
    return ("time", "-".join(map(str, point)), str(precision), calendar)


def _decimal(text: Any) -> str:
    return format(Decimal(str(text)).normalize(), "f")


def _quantity_key(amount: Any, lower: Any, upper: Any, unit: Any) -> Key:
    bounds = ["" if b is None else _decimal(b) for b in (lower, upper)]
    return ("quantity", _decimal(amount), *bounds, str(unit))


def _plain(key: Key) -> str:
    """A reference snak's plain value: the Q-id or the URL / text."""
    return key[1] if len(key) > 1 else key[0]


def _display(key: Key) -> str:
    if key[0] == "quantity":
        bounds = f" [{key[2]}, {key[3]}]" if key[2] or key[3] else ""
        unit = "" if key[4] == "1" else f" {key[4].removeprefix(ENTITY)}"
        return f"{key[1]}{bounds}{unit}"
    if key[0] == "monolingualtext":
        return f"{key[1]}@{key[2]}"
    return key[1] if len(key) > 1 else key[0]


def our_key(value: Value, entities: Mapping[str, Entity]) -> Key:
    """The comparison key of one of our values (items must have a Q-id)."""
    if isinstance(value, ItemValue):
        return ("item", entities[value.slug].qid or "")
    if isinstance(value, TimeValue):
        return _time_key(value.wikidata(), value.precision, GREGORIAN)
    if isinstance(value, QuantityValue):
        unit = "1" if value.unit is None else f"{ENTITY}{entities[value.unit].qid or ''}"
        return _quantity_key(value.amount, value.lower, value.upper, unit)
    if isinstance(value, MonolingualValue):
        return ("monolingualtext", " ".join(value.text.split()), value.language)
    if isinstance(value, StringValue):
        return ("string", " ".join(value.text.split()))
    if isinstance(value, UrlValue):
        return ("string", value.url)
    raise TypeError(f"unknown value {value!r}")  # pragma: no cover


def _compatible(ours: Mapping[str, frozenset[Key]], theirs: WikidataStatement) -> bool:
    """No qualifier property that both carry has different values on the two."""
    return all(ours[pid] == theirs.qualifiers[pid] for pid in ours if pid in theirs.qualifiers)


def diff(curation: Curation, settings: QsSettings, documents: Mapping[str, EntityDocument]) -> Diff:
    """Classify every exportable statement about a subject with a document; see the module."""
    entities = {e.slug: e for e in curation.entities}
    result: Plan = plan(curation, settings)
    findings: list[Finding] = []
    unchecked: list[tuple[Claim, str]] = []
    for statement in result.statements:
        claim = statement.claim
        qid = entities[claim.subject].qid
        if qid is None:
            unchecked.append((claim, "subject has no Q-id: wikidata.qs creates it"))
        elif qid not in documents:
            unchecked.append((claim, f"no entity document was given for {qid}"))
        else:
            findings.append(classify(statement, documents[qid], entities))
    return Diff(tuple(findings), tuple(unchecked), len(result.pending))


def classify(
    statement: QsStatement, document: EntityDocument, entities: Mapping[str, Entity]
) -> Finding:
    """One statement against one item's document (see the module; the build's live
    comparison, svg_rdf.wikidata.live, starts from it too)."""
    claim = statement.claim
    mine = our_key(claim.value, entities)
    qualifiers: dict[str, set[Key]] = {}
    for qualifier in claim.qualifiers:
        qualifiers.setdefault(qualifier.pid, set()).add(our_key(qualifier.value, entities))
    ours = {pid: frozenset(keys) for pid, keys in qualifiers.items()}
    theirs = document.claims.get(claim.pid, ())
    same = [w for w in theirs if w.value == mine]
    taken = [w for w in theirs if w.match == match_token(statement)]

    def finding(status: str, detail: str, emit: str | None = None) -> Finding:
        return Finding(statement, status, detail, emit)

    if len(same) > 1 or len(taken) > 1:
        return finding(
            "review",
            f"Wikidata has {max(len(same), len(taken))} statements QuickStatements takes for "
            "this value; it would add to the first, which may not be the one meant",
        )
    if taken != same:
        return finding(
            "review",
            f"Wikidata has {claim.pid} = {taken[0].display}: QuickStatements would take it for "
            f"{statement.value} and add to it"
            if not same
            else f"Wikidata writes this value as {same[0].display}; QuickStatements would not "
            f"match {statement.value} to it and would add a second statement",
        )
    if not same:
        if not isinstance(claim.value, ItemValue):
            rivals = [w for w in theirs if _compatible(ours, w)]
            if rivals:
                values = ", ".join(sorted({w.display for w in rivals}))
                return finding("review", f"Wikidata has {claim.pid} = {values} instead")
        others = sorted({w.display for w in theirs})
        detail = f"Wikidata also has {claim.pid}: {', '.join(others)}" if others else ""
        return finding("new", detail, "\n".join(statement.lines()))
    existing = same[0]
    if not _compatible(ours, existing):
        return finding("review", "Wikidata has this value with other qualifiers")
    if existing.rank == "deprecated":
        return finding("review", "Wikidata has this value with deprecated rank")
    lacking = sorted(pid for pid in ours if pid not in existing.qualifiers)
    note = f"Wikidata lacks our qualifiers {', '.join(lacking)}" if lacking else ""
    missing = [g for g in statement.references if not _referenced(g, existing)]
    if not missing:
        return finding("referenced", note)
    lines = statement.lines(references=missing, qualifiers=False)
    return finding("missing-reference", note, "\n".join(lines))


def _referenced(group: ReferenceGroup, existing: WikidataStatement) -> bool:
    identity = group.identity()
    return any(identity <= reference for reference in existing.references)


def quickstatements(result: Diff) -> bytes:
    """Only the lines the diff emits: new statements and missing references."""
    return "".join(f.emit + "\n" for f in result.findings if f.emit).encode("utf-8")


def counts(result: Diff) -> dict[str, int]:
    found = {status: 0 for status in STATUSES}
    for item in result.findings:
        found[item.status] += 1
    return found


def report(result: Diff) -> bytes:
    """The review report: counts, then each statement by status, with why."""
    number = counts(result)
    out = [
        "# Wikidata diff",
        "",
        ", ".join(f"{number[s]} {s}" for s in STATUSES)
        + f"; {len(result.unchecked)} not compared; {result.pending} pending (not exportable).",
        "",
    ]
    titles = {
        "review": "Review by hand (nothing emitted, nothing overwritten)",
        "new": "New statements (emitted in full)",
        "missing-reference": "On Wikidata without our reference (only the reference is emitted)",
        "referenced": "On Wikidata with our reference (nothing emitted)",
    }
    for status in ("review", "new", "missing-reference", "referenced"):
        chosen = [f for f in result.findings if f.status == status]
        if not chosen:
            continue
        out += [f"## {titles[status]}", "", "| statement | curated at | note |", "|---|---|---|"]
        for item in chosen:
            claim = item.statement.claim
            out.append(
                f"| {escape(item.statement.subject + ' ' + describe(claim))} | "
                f"{escape(', '.join(map(str, claim.places)))} | {escape(item.detail)} |"
            )
        out.append("")
    if result.unchecked:
        out += ["## Not compared", "", "| statement | why |", "|---|---|"]
        out += [f"| {escape(describe(c))} | {escape(why)} |" for c, why in result.unchecked]
        out.append("")
    return "\n".join(out).encode("utf-8")
