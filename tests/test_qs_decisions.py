"""The QuickStatements batch with the last build's decisions (svg_rdf/wikidata/decisions.py):
the same plan, pending lists and blocker numbers as without them, and a decision is taken
only when its claim, settings, sources and entities are the same."""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import pytest

from svg_rdf import outputs
from svg_rdf.cache import Memo, StageCache
from svg_rdf.model import Curation
from svg_rdf.pipeline import compile_project
from svg_rdf.project import Project
from svg_rdf.wikidata import plan as qs
from svg_rdf.wikidata.decisions import Decisions
from svg_rdf.wikidata.live import comparer
from svg_rdf.wikidata.plan import QsSettings
from svg_rdf.wikidata.snapshot import Snapshot
from tests.endpoint_data import ROOT


@pytest.fixture(scope="module")
def project() -> tuple[Curation, QsSettings]:
    compiled = compile_project(Project.at(ROOT))
    return compiled.curation, compiled.settings.wikidata


def calls_of(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    """The calls of the planner's function `name` from now on, one entry each."""
    calls: list[int] = []
    real = getattr(qs, name)

    def counted(*args: Any, **options: Any) -> Any:
        calls.append(1)
        return real(*args, **options)

    monkeypatch.setattr(qs, name, counted)
    return calls


class Counting:
    """A computation that returns how many times it ran."""

    def __init__(self) -> None:
        self.runs = 0

    def __call__(self) -> int:
        self.runs += 1
        return self.runs


def test_decisions_from_a_memo_are_the_decisions_made_without_one(
    project: tuple[Curation, QsSettings], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    curation, settings = project
    plain = qs.batch(curation, settings)
    memo = Memo()
    assert qs.batch(curation, settings, memo=memo) == plain  # filling it
    stages = StageCache(tmp_path / "cache")
    memo.save(stages, "decisions")  # stored and read back as a later build does
    decided = calls_of(monkeypatch, "_statement")
    filled = Memo.load(stages, "decisions")
    taken = qs.batch(curation, settings, memo=filled)
    assert taken == plain
    # every decision and simulation count taken (a simulation taken needs no decision)
    assert not decided and filled.hits == len(filled.used) > 400
    claims = {id(claim) for claim in curation.claims}
    statements = [s for block in taken.plan.blocks for s in block.statements]
    assert statements and all(id(s.claim) in claims for s in statements)  # this build's


def _going_out(curation: Curation) -> Any:
    """A statement that goes out on an existing item, with a value that is an item."""
    plan = qs.plan(curation, QsSettings())
    return next(
        s
        for block in plan.blocks
        for s in block.statements
        if s.subject.startswith("Q") and s.value.startswith("Q")
    )


def _changed(curation: Curation, settings: QsSettings, what: str) -> tuple[Curation, QsSettings]:
    statement = _going_out(curation)
    claim = statement.claim
    if what == "claim":
        claims = tuple(replace(c, rank="preferred") if c is claim else c for c in curation.claims)
        return replace(curation, claims=claims), settings
    if what == "settings":
        return curation, replace(settings, quote_limit=12)
    if what == "source":
        stem = statement.titles[0][0]
        sources = tuple(
            replace(s, title=s.title + " (2nd ed.)") if s.stem == stem else s
            for s in curation.sources
        )
        return replace(curation, sources=sources), settings
    value = statement.value  # the Q-id of the value's entity
    entities = tuple(replace(e, qid="Q4115189") if e.qid == value else e for e in curation.entities)
    return replace(curation, entities=entities), settings


@pytest.mark.parametrize("what", ["claim", "settings", "source", "entity"])
def test_a_decision_whose_inputs_changed_is_made_again(
    project: tuple[Curation, QsSettings], what: str
) -> None:
    curation, settings = project
    memo = Memo()
    before = qs.batch(curation, settings, memo=memo)
    changed, other = _changed(curation, settings, what)
    fresh = qs.batch(changed, other)
    assert fresh != before  # the change reaches the plan
    assert qs.batch(changed, other, memo=Memo(memo.used)) == fresh


def test_simulations_from_a_memo_count_what_planning_again_counts(
    project: tuple[Curation, QsSettings], monkeypatch: pytest.MonkeyPatch
) -> None:
    curation, settings = project
    compare = comparer(None, curation)
    reads = (None, *curation.entities)
    plain = qs.batch(curation, settings, compare=compare)
    assert any(row.releases for row in plain.held)  # simulations that count something
    memo = Memo()
    assert qs.batch(curation, settings, compare=compare, memo=memo, compare_reads=reads) == plain
    plans = calls_of(monkeypatch, "plan")
    filled = Memo(memo.used)
    again = qs.batch(curation, settings, compare=compare, memo=filled, compare_reads=reads)
    assert again == plain
    assert len(plans) == 1  # the batch's own plan; no simulation planned again
    plans.clear()
    # what the comparison reads unknown: every simulation plans again
    assert qs.batch(curation, settings, compare=compare, memo=Memo(memo.used)) == plain
    assert len(plans) > 10


def _one_changed(curation: Curation, name: str) -> Curation:
    """`curation` with its field `name` one element shorter (or longer, when empty)."""
    items = getattr(curation, name)
    return replace(curation, **{name: items[:-1] if items else (("x", ()),)})


@pytest.mark.parametrize("name", [f.name for f in fields(Curation)])
def test_a_simulation_is_counted_again_when_any_field_of_its_curation_changed(
    project: tuple[Curation, QsSettings], name: str
) -> None:
    curation, settings = project
    count = Counting()
    memo = Memo()
    Decisions(memo, ()).waits(curation, settings, count)
    filled = Decisions(Memo(memo.used), ())
    assert filled.waits(curation, settings, count) == 1  # the same: taken
    assert filled.waits(_one_changed(curation, name), settings, count) == 2  # computed


def test_a_simulation_is_counted_again_for_other_settings_or_comparison(
    project: tuple[Curation, QsSettings],
) -> None:
    curation, settings = project
    count = Counting()
    memo = Memo()
    Decisions(memo, ("snapshot",)).waits(curation, settings, count)
    assert Decisions(Memo(memo.used), ("snapshot",)).waits(curation, settings, count) == 1
    other = replace(settings, quote_limit=12)
    assert Decisions(Memo(memo.used), ("snapshot",)).waits(curation, other, count) == 2
    assert Decisions(Memo(memo.used), ("another",)).waits(curation, settings, count) == 3


def test_a_build_plans_the_simulations_again_for_another_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = compile_project(Project.at(ROOT))
    stages = StageCache(tmp_path / "cache")
    monkeypatch.setattr(outputs, "load_snapshot", lambda *args, **options: None)
    first = outputs.documents(compiled, stages)
    plans = calls_of(monkeypatch, "plan")
    # items fetched from another site: none is compared, yet it is what `compare` reads
    other = Snapshot(compiled.settings.wikidata.site, {}, "wikidata/items", "another site")
    monkeypatch.setattr(outputs, "load_snapshot", lambda *args, **options: other)
    again = outputs.documents(compiled, stages)
    assert len(plans) > 10  # the simulations planned again, not taken for another snapshot
    assert [f.name for f in again] == [f.name for f in first]
