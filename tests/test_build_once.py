"""Computed once: what one build needs twice (the QuickStatements plan and its blocker
simulation, for the pending lists and the reconciliation report) is computed once and
shared, and both files still say the same."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from svg_rdf import outputs, pipeline
from svg_rdf.model import Curation
from svg_rdf.project import Project
from svg_rdf.wikidata import plan as qs
from svg_rdf.wikidata import release
from svg_rdf.wikidata.statements import Plan
from tests.endpoint_data import ROOT


def test_a_build_simulates_the_blockers_once(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled = pipeline.compile_project(Project.at(ROOT))
    calls: list[int] = []
    real = release.blocking

    def counted(
        curation: Curation, result: Plan, replan: Callable[[Curation], Plan]
    ) -> tuple[release.Blocking, ...]:
        calls.append(1)
        return real(curation, result, replan)

    monkeypatch.setattr(release, "blocking", counted)
    files = {f.name: f.data for f in outputs.documents(compiled)}
    assert len(calls) == 1
    pending = json.loads(files["wikidata-pending.json"])
    report = json.loads(files["reconciliation.json"])
    released = {
        row["slug"]: row["wikidata"]["statements_released"] for row in report["unreconciled"]
    }
    assert any(released.values())  # the simulation found something to release
    listed = {row["entity"]: row["statements_released"] for row in pending["needs_qid"]}
    assert listed == {slug: n for slug, n in released.items() if slug in listed}
    assert listed.keys() <= released.keys()


def test_the_simulations_share_the_statements_they_did_not_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    compiled = pipeline.compile_project(Project.at(ROOT))
    curation, settings = compiled.curation, compiled.settings.wikidata
    decided: list[int] = []
    real = qs._statement

    def counted(*args: Any) -> Any:
        decided.append(1)
        return real(*args)

    monkeypatch.setattr(qs, "_statement", counted)
    result = qs.plan(curation, settings)
    # every simulation planned on its own, nothing shared
    alone = release.blocking(curation, result, lambda changed: qs.plan(changed, settings))
    unshared = len(decided)
    decided.clear()
    shared = qs.batch(curation, settings)
    assert shared.held == alone
    assert shared.plan == result
    assert any(b.releases for b in alone)
    # the main plan decides each claim once; a simulation only those it changes
    assert len(decided) < unshared / 2, (len(decided), unshared)
