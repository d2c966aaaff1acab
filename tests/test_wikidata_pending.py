"""Pending lists are honest: every blocker listed, "releases N" simulated, one count per entity,
local entities kept out of reconciliation (issue 19, item 3)."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from svg_rdf import reports  # noqa: F401
from svg_rdf.errors import DataFileError
from svg_rdf.model import Curation, ItemValue, QuantityValue
from svg_rdf.pipeline import curate
from svg_rdf.project import Project
from svg_rdf.wikidata import plan as qs
from svg_rdf.wikidata import reconcile

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
CASE = DATA / "pending-blockers"
PLACEHOLDER = "Q999999999"  # a test's stand-in for a Q-id someone records; not a real item


def planned(root: Path) -> tuple[Curation, qs.QsSettings, qs.Plan]:
    project = Project.at(root)
    curation = curate(project)
    settings = qs.load_settings(project)
    return curation, settings, qs.plan(curation, settings)


def documents(root: Path) -> tuple[dict[str, object], str, dict[str, object]]:
    project = Project.at(root)
    curation = curate(project)
    settings = qs.load_settings(project)
    files = {f.name: f.data for f in qs.output_files(curation, settings)}
    recon = reports.document("reconciliation", project, curation, settings)
    return (
        json.loads(files["wikidata-pending.json"]),
        files["wikidata-pending.md"].decode("utf-8"),
        recon,
    )


def blockers(root: Path) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    _, _, result = planned(root)
    return {
        f"{p.claim.subject} {p.claim.pid} "
        f"{'UNIT' if isinstance(p.claim.value, QuantityValue) else p.claim.value.display()}"
        f"{'' if not p.claim.qualifiers else ' ' + p.claim.qualifiers[0].pid}": [
            (r.code, r.entities) for r in p.reasons if r.code in ("no-qid", "local")
        ]
        for p in result.pending
    }


def needed_without_qid(curation: Curation) -> dict[int, set[str]]:
    """Independently of the planner: every entity each claim needs that has no Q-id
    (its subject unless the file creates it, its value, qualifiers and units)."""
    entities = {e.slug: e for e in curation.entities}
    out: dict[int, set[str]] = {}
    for index, claim in enumerate(curation.claims):
        slugs = set() if entities[claim.subject].wikidata == "new" else {claim.subject}
        for value in (claim.value, *(q.value for q in claim.qualifiers)):
            if isinstance(value, ItemValue):
                slugs.add(value.slug)
            if isinstance(value, QuantityValue) and value.unit is not None:
                slugs.add(value.unit)
        out[index] = {s for s in slugs if entities[s].qid is None}
    return out


# -- every blocker is listed -------------------------------------------------------------


def test_every_blocker_of_a_waiting_statement_is_listed() -> None:
    assert blockers(CASE) == {
        "first-wing P31 military-unit": [("no-qid", ("first-wing",))],
        "first-wing P17 republic-of-china P580": [("no-qid", ("first-wing",))],
        "first-wing P17 republic-of-china P582": [("no-qid", ("first-wing",))],
        "first-wing P159 test-field P580": [
            ("no-qid", ("first-wing",)),
            ("no-qid", ("test-field",)),
        ],
        "first-wing P121 test-fighter P1114": [
            ("no-qid", ("first-wing",)),
            ("no-qid", ("test-fighter",)),
        ],
        "nanjing P17 republic-of-china P518": [("no-qid", ("test-field",))],
        "nanjing P361 invented-raid P3831": [
            ("no-qid", ("invented-raid",)),
            ("local", ("attacker",)),
        ],
        "test-field P2130 UNIT": [("no-qid", ("test-field",)), ("no-qid", ("test-crown",))],
    }


@pytest.mark.parametrize("root", [CASE, ROOT], ids=["fixture", "our-seeds"])
def test_no_waiting_statement_misses_a_blocker(root: Path) -> None:
    curation, _, result = planned(root)
    needed = needed_without_qid(curation)
    index = {id(claim): n for n, claim in enumerate(curation.claims)}
    incomplete = [
        p.claim.places[0]
        for p in result.pending
        if {s for r in p.reasons if r.code in ("no-qid", "local") for s in r.entities}
        != needed[index[id(p.claim)]]
    ]
    assert incomplete == []
    exported = {index[id(s.claim)] for s in result.statements}
    assert all(not needed[n] for n in exported)
