"""QuickStatements plan: Curation -> the QuickStatements V1 commands for Wikidata, and what waits.

Rules (docs/wikidata.md explains them to editors):
- A statement goes out complete (value, every qualifier, a reference from each source)
  or not at all; a statement held back waits in the pending files with every reason.
- Values and item qualifiers are written by Q-id; one without a Q-id holds the statement.
  A waiting statement lists every entity it lacks a Q-id for (svg_rdf.wikidata.blockers):
  subject, value, qualifiers and units; one declared local waits as modelled locally.
- An item is created only when its entity records that Wikidata was searched and had no
  such item (`wikidata = "new"`, `wikidata_checked`, `wikidata_note`). It is created
  with its English label, description and aliases and with its `P31`; an entity marked
  new without a P31 that can go out, or without an English description, is refused
  (DataFileError at its definition). Every other entity without a Q-id waits, listed
  with the statements it blocks.
- Not sent, but listed: a statement with a rank other than normal (QuickStatements V1
  cannot set ranks; a rank token makes it drop the line's qualifiers and references);
  a statement on a property that is true only for a time (`time_scoped`) without a time
  qualifier; a quantity on a property that needs a unit (`needs_unit`), since our
  quantities have none; conflicting values of one single-valued property of one item at
  one scope (every one waits, with its sources); a second statement that
  QuickStatements would merge into the first (it finds statements by property and value).
- References follow svg_rdf.wikidata.references. On an existing item each reference
  goes on its own line (the tool sends all reference snaks of a line as ONE reference);
  on a created item `!S` separates them on one line (the tool keeps them apart there).
- A statement whose every quote is only its value's name waits (`weak-quote`); references
  that name their source alike are merged, so no line of the file repeats another.
- Each line's edit summary `/* ... */` says what it means on Wikidata: that svg-rdf
  verified the quote in the source, by the source's title (seeds/sources.toml), within
  SUMMARY_LIMIT characters; a created item's terms say the search found no item. No
  local paths: the data files and lines are in the pending list and the diff.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from svg_rdf.cache import Memo
from svg_rdf.errors import DataFileError
from svg_rdf.export.writer import OutputFile
from svg_rdf.model import Claim, Curation, Entity, Evidence, QuantityValue, SourceDocument
from svg_rdf.wikidata import blockers, release
from svg_rdf.wikidata import pending as qs_pending
from svg_rdf.wikidata.constraints import hold_violations
from svg_rdf.wikidata.decisions import Decisions, Known, recalled
from svg_rdf.wikidata.references import (
    IDENTIFYING,
    REFERENCE_PROPERTIES,
    ReferenceGroup,
    Snak,
    merge_alike,
    names_only,
    reference,
    unreferenced,
    value_names,
    weak_quote,
    weaknesses,
)
from svg_rdf.wikidata.release import Blocking
from svg_rdf.wikidata.rules import describe, hold_conflicts, hold_merged, match_token
from svg_rdf.wikidata.statements import Block, Pending, Plan, QsStatement
from svg_rdf.wikidata.summaries import SUMMARY_LIMIT, new_item_summary, summary, verified_summary
from svg_rdf.wikidata.syntax import Refusal, monolingual_token, value_token
from svg_rdf.wikidata_settings import QsSettings, load_settings

__all__ = [
    "IDENTIFYING",
    "SUMMARY_LIMIT",
    "Batch",
    "Block",
    "Blocking",
    "Pending",
    "Plan",
    "QsSettings",
    "QsStatement",
    "ReferenceGroup",
    "Snak",
    "batch",
    "blocking",
    "describe",
    "load_settings",
    "match_token",
    "output_files",
    "plan",
    "serialize",
    "summary",
    "verified_summary",
]

MEDIA_TYPE = "text/plain; charset=utf-8"
FILE_NAME = "wikidata.qs"
INSTANCE_OF = "P31"


def plan(
    curation: Curation,
    settings: QsSettings,
    *,
    known: Known | None = None,
    decided: Decisions | None = None,
) -> Plan:
    """Decide, deterministically, which claims go out and how each line reads.

    `known` is a table shared by the plans of one batch (the blocker simulations plan
    copies of the curation that share most claims and entities): a statement decided
    before from the same objects is taken from it, else from `decided` (the last build's
    decisions) when decided before from objects of the same content.

    Raises DataFileError when a property the export needs is missing from
    ontology/properties.csv, and at an entity's definition when it is marked
    `wikidata = "new"` but cannot be created properly (no P31 that can go out, no
    English description, a label QuickStatements cannot write).
    """
    settings.check_properties(curation.properties)
    entities = {e.slug: e for e in curation.entities}
    sources = {s.stem: s for s in curation.sources}
    datatypes = {p.pid: p.datatype for p in curation.properties}
    candidates: dict[int, QsStatement] = {}
    reasons: dict[int, list[Refusal]] = defaultdict(list)
    for index, claim in enumerate(curation.claims):
        statement = recalled(
            claim, entities, sources, settings, reasons[index], known, decided, _statement
        )
        if statement is not None:
            candidates[index] = statement
    _check_properties(REFERENCE_PROPERTIES, curation)
    hold_conflicts(curation.claims, datatypes, settings, candidates, reasons, sources)
    hold_merged(candidates, reasons)
    suggestions = hold_violations(curation, candidates, reasons)
    by_subject: dict[str, list[QsStatement]] = defaultdict(list)  # each in curation order
    for _, statement in sorted(candidates.items()):
        by_subject[statement.claim.subject].append(statement)
    blocks = [
        _block(entity, by_subject.get(entity.slug, []))
        for entity in sorted(entities.values(), key=_order)
    ]
    pending = tuple(
        Pending(claim, tuple(reasons[index]))
        for index, claim in enumerate(curation.claims)
        if index not in candidates
    )
    used = sorted({stem for s in candidates.values() for g in s.references for stem in g.sources})
    weak = tuple(
        (sources[stem], tuple(found)) for stem in used if (found := weaknesses(sources[stem]))
    )
    blocks_out = tuple(b for b in blocks if b is not None)
    return Plan(blocks_out, pending, len(curation.claims), weak, suggestions)


def _order(entity: Entity) -> tuple[int, str]:
    return (0 if entity.qid is None else 1, entity.slug)


def _block(entity: Entity, statements: list[QsStatement]) -> Block | None:
    """The entity's block of the file; `statements` are its candidates, in curation order."""
    mine = list(statements)
    if entity.qid is not None:
        return Block(entity, (), tuple(mine)) if mine else None
    if entity.wikidata != "new":
        return None
    if not any(s.claim.pid == INSTANCE_OF for s in mine):
        raise DataFileError(
            f'{entity.slug} is marked wikidata = "new" but has no P31 (instance of) '
            "statement that can go out, and an item is never created without one",
            path=entity.place.path,
            line=entity.place.line,
            fix="curate its P31 with a class that has a Q-id (see wikidata-pending.md), "
            'or remove wikidata = "new"',
        )
    if "en" not in dict(entity.descriptions):
        raise DataFileError(
            f'{entity.slug} is marked wikidata = "new" but has no English description',
            path=entity.place.path,
            line=entity.place.line,
            fix='add description = "..." telling it apart from items of the same label',
        )
    mine.sort(key=lambda s: s.claim.pid != INSTANCE_OF)  # P31 first, then curation order
    return Block(entity, _terms(entity), tuple(mine))


def _statement(
    claim: Claim,
    entities: Mapping[str, Entity],
    sources: Mapping[str, SourceDocument],
    settings: QsSettings,
    reasons: list[Refusal],
) -> QsStatement | None:
    reasons.extend(blockers.refusals(claim, entities))  # every missing Q-id, subject first
    value = value_token(claim.value, entities)
    if isinstance(value, Refusal) and value.code != "no-qid":
        reasons.append(value)
    qualifiers: list[tuple[str, str]] = []
    for qualifier in claim.qualifiers:
        token = value_token(qualifier.value, entities)
        if isinstance(token, Refusal):
            if token.code != "no-qid" and token not in reasons:
                reasons.append(token)
        else:
            qualifiers.append((qualifier.pid, token))
    if claim.rank != "normal":
        reasons.append(
            Refusal(
                "rank",
                f"{claim.rank} rank: QuickStatements V1 cannot set ranks (a rank token makes "
                "it drop the line's qualifiers and references); add it by hand and set the rank",
            )
        )
    if claim.pid in settings.time_scoped and not any(
        q.pid in settings.time_qualifiers for q in claim.qualifiers
    ):
        reasons.append(
            Refusal(
                "time-scope",
                f"{claim.pid} holds only for a time, and this statement has no "
                f"{'/'.join(settings.time_qualifiers)} qualifier; curate when it held",
            )
        )
    if claim.pid in settings.needs_unit and isinstance(claim.value, QuantityValue):
        reasons.append(
            Refusal(
                "unit",
                f"{claim.pid} needs a unit (an amount of what?) and our quantities carry none; "
                "add it by hand with the unit the source names",
            )
        )
    by_source: dict[str, list[Evidence]] = defaultdict(list)
    for evidence in claim.evidence:
        by_source[evidence.source].append(evidence)
    names = value_names(claim, entities)
    if names and all(names_only(e.quote, names) for e in claim.evidence):
        reasons.append(weak_quote(claim, entities, [e.quote for e in claim.evidence]))
    groups: list[ReferenceGroup] = []
    refused = False
    for stem in sorted(by_source):
        group = reference(sources[stem], by_source[stem], claim, entities, settings.quote_limit)
        if isinstance(group, Refusal):
            reasons.append(group)
            refused = True
        elif group is not None:
            groups.append(group)
    if not groups and not refused and not any(r.code == "weak-quote" for r in reasons):
        reasons.append(unreferenced(claim, by_source, sources, entities))
    if reasons or isinstance(value, Refusal):
        return None
    subject = entities[claim.subject]
    groups = merge_alike(groups)
    stems = sorted({stem for group in groups for stem in group.sources})
    named = [sources[stem].title for stem in stems]
    return QsStatement(
        claim=claim,
        subject=subject.qid or "LAST",
        value=value,
        qualifiers=tuple(qualifiers),
        references=tuple(groups),
        summary=verified_summary(named),
        titles=tuple((stem, sources[stem].title) for stem in stems),
    )


def _check_properties(used: Iterable[str], curation: Curation) -> None:
    known = {p.pid for p in curation.properties}
    for pid in sorted(set(used) - known, key=lambda p: int(p[1:])):
        raise DataFileError(
            f"the QuickStatements export needs {pid} for references, but the property table "
            "does not list it",
            path="ontology/properties.csv",
            fix=f"add {pid} with evidence of its id and datatype (wikidata-ids.md §1)",
        )


def _terms(entity: Entity) -> tuple[str, ...]:
    """The LAST lines giving a new item its labels, descriptions and aliases."""
    lines: list[str] = []
    note = new_item_summary(entity)
    for code, pairs in (("L", entity.labels), ("D", entity.descriptions), ("A", entity.aliases)):
        for language, text in pairs:
            token = monolingual_token(text, language)
            if isinstance(token, Refusal):
                raise DataFileError(
                    f'{entity.slug} is marked wikidata = "new" but cannot be created: '
                    f"{token.detail}",
                    path=entity.place.path,
                    line=entity.place.line,
                    fix="reword the label, description or alias",
                )
            lines.append(f"LAST\t{code}{language}\t{token.split(':', 1)[1]} /* {note} */")
    return tuple(lines)


def serialize(result: Plan) -> bytes:
    """The QuickStatements file: commands only, one per line, TAB-separated, UTF-8."""
    lines: list[str] = []
    for block in result.blocks:
        if block.created:
            lines.append("CREATE")
            lines.extend(block.terms)
        for statement in block.statements:
            lines.extend(statement.lines())
    return "".join(line + "\n" for line in lines).encode("utf-8")


# The comparison with the items on Wikidata (svg_rdf.wikidata.live): the plan keeping only
# what the items lack, and what was compared for the pending list.
Compare = Callable[[Plan], tuple[Plan, dict[str, Any]]]


def blocking(
    curation: Curation,
    settings: QsSettings,
    result: Plan | None = None,
    *,
    compare: Compare | None = None,
    known: Known | None = None,
    decided: Decisions | None = None,
) -> tuple[Blocking, ...]:
    """Each entity waiting statements lack a Q-id for: how many wait for it, and how many
    go out once it is recorded (simulated by planning again, and comparing again when
    `compare` is given; svg_rdf.wikidata.release). `known`, `decided`: see `plan`."""
    known = {} if known is None else known

    def replan(changed: Curation) -> Plan:
        planned = plan(changed, settings, known=known, decided=decided)
        return planned if compare is None else compare(planned)[0]

    result = replan(curation) if result is None else result
    if decided is None or decided.compared is None:
        return release.blocking(curation, result, replan)

    def waits(changed: Curation) -> int:
        return decided.waits(changed, settings, lambda: len(replan(changed).pending))

    return release.blocking(curation, result, replan, waits=waits)


@dataclass(frozen=True)
class Batch:
    """The plan as sent (compared with Wikidata when a comparison was given), what was
    compared, and what each missing Q-id holds back: computed once, shared by the pending
    lists and the reconciliation report."""

    plan: Plan
    compared: dict[str, Any] | None
    held: tuple[Blocking, ...]


def batch(
    curation: Curation,
    settings: QsSettings,
    *,
    compare: Compare | None = None,
    memo: Memo | None = None,
    compare_reads: Sequence[object] | None = None,
) -> Batch:
    """Plan, compare when `compare` is given, and simulate each blocker once; raises what
    `plan` raises. With `memo` (the project's last build), a statement decided there from
    inputs of the same content is taken from it (svg_rdf.wikidata.decisions), and so is a
    simulation's count when `compare_reads` names what `compare` reads besides the plan
    (or there is no comparison)."""
    known: Known = {}
    context = () if compare is None else compare_reads
    decided = None if memo is None else Decisions(memo, context)
    result = plan(curation, settings, known=known, decided=decided)
    compared: dict[str, Any] | None = None
    if compare is not None:
        result, compared = compare(result)
    held = blocking(curation, settings, result, compare=compare, known=known, decided=decided)
    return Batch(result, compared, held)


def output_files(
    curation: Curation,
    settings: QsSettings,
    name: str = FILE_NAME,
    *,
    compare: Compare | None = None,
    planned: Batch | None = None,
) -> tuple[OutputFile, ...]:
    """`name` and its pending list as `<stem>-pending.json` and `<stem>-pending.md`,
    compared with Wikidata by `compare` when given; `planned` is `batch(curation,
    settings, compare=compare)` when the caller has computed it."""
    stem = name.removesuffix(".qs")
    if planned is None:
        planned = batch(curation, settings, compare=compare)
    result, compared = planned.plan, planned.compared
    document = qs_pending.document(result, curation, planned.held)
    if compared is not None:
        document["wikidata_comparison"] = compared
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return (
        OutputFile(name, serialize(result), MEDIA_TYPE),
        OutputFile(f"{stem}-pending.json", text.encode("utf-8"), "application/json"),
        OutputFile(f"{stem}-pending.md", qs_pending.markdown(document, name), "text/markdown"),
    )
