"""Pending lists are honest: every blocker listed, "releases N" simulated, one count per entity,
local entities kept out of reconciliation (issue 19, item 3)."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from svg_rdf import reports
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


# -- "releases N" is what planning again gives ---------------------------------------------


def replan_with_qid(curation: Curation, settings: qs.QsSettings, slug: str) -> qs.Plan:
    entities = tuple(
        replace(e, qid=PLACEHOLDER, wikidata=None) if e.slug == slug else e
        for e in curation.entities
    )
    return qs.plan(replace(curation, entities=entities), settings)


@pytest.mark.parametrize("root", [CASE, ROOT], ids=["fixture", "our-seeds"])
def test_every_release_count_is_what_planning_again_gives(root: Path) -> None:
    curation, settings, result = planned(root)
    rows = qs.blocking(curation, settings, result)
    assert rows
    for row in rows:
        after = replan_with_qid(curation, settings, row.slug)
        assert row.releases == len(result.pending) - len(after.pending), row.slug
        assert row.releases == len(after.statements) - len(result.statements), row.slug


def test_merged_statements_are_released_once() -> None:
    curation, settings, result = planned(CASE)
    alone = [
        p
        for p in result.pending
        if [(r.code, r.entities) for r in p.reasons] == [("no-qid", ("first-wing",))]
    ]
    assert len(alone) == 3  # counting would promise 3: P31 and two P17 with one value
    rows = {b.slug: (b.waiting, b.releases) for b in qs.blocking(curation, settings, result)}
    assert rows == {
        "first-wing": (5, 2),
        "test-field": (3, 1),
        "test-fighter": (1, 0),
        "invented-raid": (1, 0),
        "test-crown": (1, 0),
    }


def copy_project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for folder in ("seeds", "ontology"):
        shutil.copytree(ROOT / folder, root / folder)
    return root


def record_qid(root: Path, slug: str) -> None:
    """Write a Q-id into the entity's table, as `svg-rdf reconcile accept` would."""
    for path in sorted((root / "seeds" / "entities").glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        line = f'slug = "{slug}"\n'
        if line in text:
            recorded = f'qid = "{PLACEHOLDER}"\nqid_evidence = "a test records it"\n'
            path.write_text(text.replace(line, line + recorded), encoding="utf-8")
            return
    raise AssertionError(f"no entity {slug}")


def test_recording_the_top_entity_releases_exactly_what_the_report_promised(
    tmp_path: Path,
) -> None:
    root = copy_project(tmp_path)
    pending, markdown, _ = documents(root)
    first = pending["do_first"]
    assert isinstance(first, dict) and first["statements_released"] > 0
    before = pending["counts"]
    assert isinstance(before, dict)
    record_qid(root, first["entity"])
    after, _, _ = documents(root)
    counts = after["counts"]
    assert isinstance(counts, dict)
    assert before["pending"] - counts["pending"] == first["statements_released"]
    assert counts["exported"] - before["exported"] == first["statements_released"]
    promise = f"Then the file sends {first['statements_released']} statements more"
    assert promise in markdown.split("\n## ", 2)[1]


# -- one count per entity, every blocker listed --------------------------------------------


@pytest.mark.parametrize("root", [CASE, DATA / "qs-values", ROOT], ids=["fixture", "qs", "seeds"])
def test_the_pending_list_and_the_reconciliation_report_give_one_count(root: Path) -> None:
    pending, _, recon = documents(root)
    _, _, result = planned(root)
    blocking = {
        s for p in result.pending for r in p.reasons if r.code == "no-qid" for s in r.entities
    }
    needs = pending["needs_qid"]
    assert isinstance(needs, list)
    listed = {n["entity"]: (n["statements_waiting"], n["statements_released"]) for n in needs}
    assert set(listed) == blocking
    unreconciled = recon["unreconciled"]
    assert isinstance(unreconciled, list)
    reported = {
        e["slug"]: (e["wikidata"]["statements_waiting"], e["wikidata"]["statements_released"])
        for e in unreconciled
    }
    assert {slug: reported[slug] for slug in listed} == listed
    assert all(counts == (0, 0) for slug, counts in reported.items() if slug not in listed)


# -- entities modelled locally --------------------------------------------------------------


def test_a_local_entity_is_never_offered_for_reconciliation_or_a_q_id() -> None:
    pending, markdown, recon = documents(CASE)
    curation, _, _ = planned(CASE)
    needs = pending["needs_qid"]
    assert isinstance(needs, list)
    assert "attacker" not in {n["entity"] for n in needs}
    assert pending["local"] == [
        {
            "entity": "attacker",
            "label": "attacker",
            "kind": "concept",
            "place": "seeds/entities/all.toml:32",
            "reason": "a role in our own model of events, not an item Wikidata would hold",
            "statements_waiting": 1,
        }
    ]
    counts = pending["counts"]
    assert isinstance(counts, dict) and counts["modelled_locally"] == 1
    assert "**Modelled locally**, so they stay in our graph only: 1 statement" in markdown
    assert "## Entities modelled locally" in markdown
    unreconciled = recon["unreconciled"]
    local = recon["local"]
    assert isinstance(unreconciled, list) and isinstance(local, list)
    assert "attacker" not in {e["slug"] for e in unreconciled}
    assert [e["slug"] for e in local] == ["attacker"]
    assert "attacker" not in {q.slug for q in reconcile.queries(curation)}
    with pytest.raises(DataFileError, match="modelled locally"):
        reconcile.queries(curation, ["attacker"])


def test_without_local_entities_nothing_is_said_about_them() -> None:
    pending, markdown, recon = documents(DATA / "qs-values")
    assert pending["local"] == [] and recon["local"] == []
    assert "odelled locally" not in markdown


ENTITY = """[[entity]]
slug = "alpha-town"
label = "Alpha Town"
kind = "place"
description = "invented town"
"""


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('wikidata = "local"\n', 'wikidata = "local" needs wikidata_reason'),
        ('wikidata_reason = "ours"\n', 'wikidata_reason goes with wikidata = "local"'),
        (
            'wikidata = "local"\nwikidata_reason = "ours"\nwikidata_note = "n"\n',
            'go with wikidata = "new", not "local"',
        ),
        (
            'qid = "Q1"\nqid_evidence = "x"\nwikidata = "local"\nwikidata_reason = "ours"\n',
            'is recorded, so it is not "local"',
        ),
    ],
)
def test_a_local_declaration_is_checked(tmp_path: Path, extra: str, message: str) -> None:
    from tests.conftest import make_project

    project = make_project(tmp_path / "p")
    (project / "seeds" / "entities" / "town.toml").write_text(ENTITY + extra, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        curate(Project.at(project))
    assert re.match(r"seeds/entities/town\.toml:\d+: ", str(caught.value))
    assert message in str(caught.value)
