"""Blockers: every entity a statement needs a Q-id for and lacks, each named once.

A statement goes out only when its subject (unless the file creates it: `wikidata = "new"`),
its value, each item-valued qualifier and each unit (of the value or of a qualifier) has a
Q-id. `refusals` lists every one that lacks it, in that order, with where the statement uses
it, so a waiting statement shows all it waits for rather than the first found:
- `no-qid` for an entity that needs reconciling (or creating);
- `local` for one declared `wikidata = "local"`: it will never be a Wikidata item, so the
  statement stays in our graph only ("modelled locally"), whatever else is recorded.
"""

from __future__ import annotations

from collections.abc import Mapping

from svg_rdf.model import Claim, Entity, ItemValue, QuantityValue, Value
from svg_rdf.wikidata.syntax import Refusal

LOCAL = "local"


def needed(claim: Claim, entities: Mapping[str, Entity]) -> dict[str, list[str]]:
    """The entities the statement is written with, each with where it is used, in order."""
    uses: dict[str, list[str]] = {}
    if entities[claim.subject].wikidata != "new":  # a created item needs no Q-id as subject
        uses.setdefault(claim.subject, []).append("subject")
    _value_uses(claim.value, "value", uses)
    for qualifier in claim.qualifiers:
        _value_uses(qualifier.value, f"qualifier {qualifier.pid}", uses)
    return uses


def _value_uses(value: Value, where: str, uses: dict[str, list[str]]) -> None:
    if isinstance(value, ItemValue):
        uses.setdefault(value.slug, []).append(where)
    elif isinstance(value, QuantityValue) and value.unit is not None:
        uses.setdefault(value.unit, []).append(f"unit of the {where}")


def refusals(claim: Claim, entities: Mapping[str, Entity]) -> list[Refusal]:
    """One reason per entity the statement needs that has no Q-id (see the module)."""
    out: list[Refusal] = []
    for slug, places in needed(claim, entities).items():
        entity = entities[slug]
        if entity.qid is not None:
            continue
        where = " and ".join(places)
        if entity.wikidata == LOCAL:
            out.append(
                Refusal(
                    LOCAL,
                    f"{where} {slug} ({entity.label}) is modelled locally, never a Wikidata "
                    f"item ({entity.wikidata_reason}); the statement stays in our graph only",
                    (slug,),
                )
            )
            continue
        fix = "reconcile it (svg-rdf reconcile) and record its Q-id"
        if entity.wikidata == "new":
            fix = "the batch creates it; record its Q-id once it has run"
        elif places == ["subject"]:
            fix += ', or record a search that found no item (wikidata = "new")'
        out.append(
            Refusal("no-qid", f"{where} {slug} ({entity.label}) has no Q-id; {fix}", (slug,))
        )
    return out
