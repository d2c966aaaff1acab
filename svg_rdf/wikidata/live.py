"""Live comparison: the QuickStatements plan + the Wikidata snapshot -> only what the items lack.

Offline: the snapshot (svg_rdf.wikidata.snapshot) is what `svg-rdf wikidata-fetch`
saved. Each planned statement about an existing item is compared with that item's
statements (svg_rdf.wikidata.diff classifies it) and then:
- new (Wikidata has no statement with this value): its lines stay as planned;
- the same value is there: only what it lacks goes out, our missing references and the
  qualifiers it lacks, as one line per reference on the value (QuickStatements adds to
  the statement it finds by property and value); nothing when it lacks nothing. A point
  in time (P585) is not added to a statement that has a period (P580/P582) holding it;
  one outside that period waits;
- a less precise time that agrees with a more precise one there (our P585 1939,
  Wikidata's 23 August 1939) is never written: our references go on Wikidata's
  statement, written with Wikidata's value;
- any other difference (another value, our value with other qualifiers, deprecated, twice)
  waits (`wikidata-differs`), Wikidata's value shown beside ours;
- an item merged into another is followed: the lines go to the item it redirects to, and
  the summary says which Q-id to record; a deleted or missing item holds its statements
  (`wikidata-missing`).
Without a snapshot (or with one fetched from another site than the settings name, which
is set aside: `set_aside` says why), or for an item the snapshot lacks, the lines stay as
planned and "not compared with Wikidata" leads the pending list's summary. It is not
written into wikidata.qs: the QuickStatements 3 V1 parser fails on a line that is only a
comment (`parse_command` takes the first column of an empty line).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from svg_rdf.model import Claim, Curation, Entity, TimeValue
from svg_rdf.wikidata.diff import EntityDocument, WikidataStatement, classify, our_key
from svg_rdf.wikidata.plan import Compare, Pending, Plan, QsStatement, describe
from svg_rdf.wikidata.snapshot import Snapshot
from svg_rdf.wikidata.syntax import Refusal

Key = tuple[str, ...]
PERIOD = ("P580", "P582")
POINT = "P585"


@dataclass
class _Tally:
    compared: dict[str, ItemNote] = field(default_factory=dict)
    not_compared: set[str] = field(default_factory=set)
    outcomes: dict[str, int] = field(default_factory=dict)
    already: list[dict[str, Any]] = field(default_factory=list)
    moved: list[dict[str, Any]] = field(default_factory=list)

    def count(self, outcome: str) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1


@dataclass(frozen=True)
class ItemNote:
    qid: str
    status: str
    revision: int | None
    fetched: str
    target: str | None
    entity: str


def comparer(snapshot: Snapshot | None, curation: Curation) -> Compare:
    """The comparison plan.output_files applies: (the plan of what the items lack, what
    was compared, for the pending list)."""
    entities = {e.slug: e for e in curation.entities}
    order = {id(claim): index for index, claim in enumerate(curation.claims)}

    def compare(result: Plan) -> tuple[Plan, dict[str, Any]]:
        tally = _Tally()
        held: list[Pending] = []
        blocks = []
        for block in result.blocks:
            kept: list[QsStatement] = []
            for statement in block.statements:
                outcome = _compare(statement, snapshot, entities, tally)
                if isinstance(outcome, Refusal):
                    held.append(Pending(statement.claim, (outcome,)))
                elif outcome is not None:
                    kept.append(outcome)
            blocks.append(replace(block, statements=tuple(kept)))
        pending = sorted((*result.pending, *held), key=lambda p: order.get(id(p.claim), 0))
        compared = replace(
            result,
            blocks=tuple(b for b in blocks if b.statements or b.created),
            pending=tuple(pending),
        )
        return compared, _summary(snapshot, tally, len(held))

    return compare


def _compare(
    statement: QsStatement,
    snapshot: Snapshot | None,
    entities: Mapping[str, Entity],
    tally: _Tally,
) -> QsStatement | Refusal | None:
    qid = statement.subject
    state = None if snapshot is None or qid == "LAST" else snapshot.items.get(qid)
    if state is None:
        if qid != "LAST":
            tally.not_compared.add(qid)
        tally.count("not-compared" if qid != "LAST" else "created-item")
        return statement
    entity = entities[statement.claim.subject]
    tally.compared[qid] = ItemNote(
        qid, state.status, state.revision, state.fetched, state.target, entity.slug
    )
    if state.status == "missing" or state.document is None:
        tally.count("held")
        return Refusal(
            "wikidata-missing",
            f"{qid} does not exist on Wikidata (deleted, or never created; fetched "
            f"{state.fetched}); check the Q-id of {entity.slug} at {entity.place} and "
            "reconcile it again",
            (entity.slug,),
        )
    if state.target is not None:
        statement = replace(statement, subject=state.target)
    outcome = _against(statement, state.document, entities, tally)
    if isinstance(outcome, Refusal):
        tally.count("held")
    return outcome


def _against(
    statement: QsStatement,
    document: EntityDocument,
    entities: Mapping[str, Entity],
    tally: _Tally,
) -> QsStatement | Refusal | None:
    claim = statement.claim
    finding = classify(statement, document, entities)
    theirs = document.claims.get(claim.pid, ())
    ours = _qualifiers(claim, entities)
    if finding.status == "new":
        tally.count("new")
        return statement
    if finding.status == "review":
        coarser = _agreeing_finer(claim, theirs, ours, entities)
        if coarser is None:
            return _differs(statement, document, finding.detail)
        missing = [g for g in statement.references if not _has(g.identity(), coarser)]
        if not missing:
            _already(statement, tally, f"Wikidata has the finer {coarser.display}")
            return None
        tally.count("reference-on-finer-value")
        tally.moved.append(
            {
                "statement": f"{statement.subject} {describe(claim)}",
                "places": [str(p) for p in claim.places],
                "written_as": coarser.match,
            }
        )
        return replace(statement, value=coarser.match, qualifiers=(), references=tuple(missing))
    existing = next(w for w in theirs if w.value == our_key(claim.value, entities))
    lacking = [pid for pid in ours if pid not in existing.qualifiers]
    if POINT in lacking and any(p in existing.qualifiers for p in PERIOD):
        if not _within_period(ours[POINT], existing):
            return _differs(
                statement,
                document,
                f"Wikidata has {claim.pid} = {existing.display} for a period that does not "
                f"hold our point in time",
            )
        lacking.remove(POINT)  # the period says it already
    missing = [g for g in statement.references if not _has(g.identity(), existing)]
    if not missing and not lacking:
        _already(statement, tally, "Wikidata has it with our references")
        return None
    tally.count("adds-reference" if missing else "adds-qualifier")
    return replace(
        statement,
        qualifiers=tuple(q for q in statement.qualifiers if q[0] in lacking),
        references=tuple(missing),
    )


def _qualifiers(claim: Claim, entities: Mapping[str, Entity]) -> dict[str, frozenset[Key]]:
    found: dict[str, set[Key]] = {}
    for qualifier in claim.qualifiers:
        found.setdefault(qualifier.pid, set()).add(our_key(qualifier.value, entities))
    return {pid: frozenset(keys) for pid, keys in found.items()}


def _has(identity: frozenset[tuple[str, str]], existing: WikidataStatement) -> bool:
    return any(identity <= reference for reference in existing.references)


def _differs(statement: QsStatement, document: EntityDocument, detail: str) -> Refusal:
    claim = statement.claim
    return Refusal(
        "wikidata-differs",
        f"{document.qid}: {detail or 'Wikidata has a different statement'}; ours is "
        f"{claim.pid} {claim.value.display()}, quoted from "
        f"{', '.join(sorted({e.source for e in claim.evidence}))}; compare the sources, then "
        "edit by hand",
    )


def _already(statement: QsStatement, tally: _Tally, why: str) -> None:
    tally.count("already-on-wikidata")
    claim = statement.claim
    tally.already.append(
        {
            "statement": f"{statement.subject} {describe(claim)}",
            "places": [str(p) for p in claim.places],
            "why": why,
        }
    )


def _point(key: Key) -> tuple[int, ...]:
    return tuple(int(part) for part in key[1].split("-") if part)


def _agreeing_finer(
    claim: Claim,
    theirs: tuple[WikidataStatement, ...],
    ours: Mapping[str, frozenset[Key]],
    entities: Mapping[str, Entity],
) -> WikidataStatement | None:
    """Wikidata's one more precise time that our time contains, when every statement
    there that could compete with ours is that one."""
    if not isinstance(claim.value, TimeValue):
        return None
    mine = our_key(claim.value, entities)
    rivals = [
        w
        for w in theirs
        if w.rank != "deprecated"
        and all(ours[p] == w.qualifiers[p] for p in ours if p in w.qualifiers)
    ]
    if len(rivals) != 1:
        return None
    (rival,) = rivals
    value = rival.value
    if value[0] != "time" or value[3] != mine[3] or int(value[2]) <= int(mine[2]):
        return None
    return rival if _coarsened(_point(value), claim.value.precision) == _point(mine) else None


def _coarsened(point: tuple[int, ...], precision: int) -> tuple[int, ...]:
    """A finer time's point at a coarser precision (the parts diff's time key keeps)."""
    if precision >= 9:
        return point[: precision - 8]
    if precision == 7:
        return ((point[0] - 1) // 100,)
    return (point[0] // 10 ** (9 - precision),)


def _within_period(points: frozenset[Key], existing: WikidataStatement) -> bool:
    """Each of our points in time lies in the statement's P580..P582 (at the coarser
    precision of the two)."""
    for point in points:
        if point[0] != "time":
            return False
        mine = _point(point)
        for pid, later in (("P580", True), ("P582", False)):
            for bound in existing.qualifiers.get(pid, frozenset()):
                if bound[0] != "time":
                    continue
                theirs = _point(bound)
                size = min(len(mine), len(theirs))
                if (mine[:size] < theirs[:size]) if later else (mine[:size] > theirs[:size]):
                    return False
    return True


def _summary(snapshot: Snapshot | None, tally: _Tally, held: int) -> dict[str, Any]:
    usable = snapshot is not None and snapshot.set_aside is None
    aside = {} if snapshot is None or usable else {"set_aside": snapshot.set_aside}
    return {
        **aside,
        "compared": usable and not tally.not_compared,
        "snapshot": None if snapshot is None else snapshot.place,
        "site": None if snapshot is None else snapshot.site,
        "items": [
            {
                "qid": n.qid,
                "entity": n.entity,
                "status": n.status,
                "revision": n.revision,
                "fetched": n.fetched,
                "merged_into": n.target,
            }
            for n in sorted(tally.compared.values(), key=lambda n: int(n.qid[1:]))
        ],
        "not_compared": sorted(tally.not_compared, key=lambda q: int(q[1:])),
        "outcomes": dict(sorted(tally.outcomes.items())),
        "held": held,
        "already_on_wikidata": tally.already,
        "references_on_finer_values": tally.moved,
    }
