"""Reconciliation that cannot go wrong quietly (issue 19, item 4): the service's manifest
is honoured (batchSize, versions, identifierSpace/schemaSpace), types and features are
read in every form the spec allows, a real User-Agent is sent, the query's properties are
the ones that identify, `accept` refuses weak candidates unless forced with a reason, and
the build refuses two entities with one Q-id.

Every server here is tests/recon_server.py on 127.0.0.1; its Q-ids stand for nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from svg_rdf.errors import DataFileError
from svg_rdf.model import Candidate, Place, Reconciliation
from svg_rdf.pipeline import curate
from svg_rdf.project import Project
from svg_rdf.version import __version__
from svg_rdf.wikidata import candidates
from svg_rdf.wikidata.identifying import IDENTIFYING
from svg_rdf.wikidata.reconcile import queries
from tests.conftest import REPO, make_project
from tests.test_reconcile import CONTACT, invoke, project, running_service

QUERY = ("reconcile", "query", "--date", "2026-11-30")


def with_aliases(root: Path, *aliases: str) -> None:
    things = root / "seeds" / "entities" / "things.toml"
    things.write_text(
        things.read_text(encoding="utf-8").replace(
            'label = "Test Squadron"', f'label = "Test Squadron"\naliases = {json.dumps(aliases)}'
        ),
        encoding="utf-8",
    )


# --- the manifest ------------------------------------------------------------------------


def test_the_manifest_batch_size_is_honoured(tmp_path: Path) -> None:
    """Before: ten queries went in one request, the server's 413 ended the run (exit 3)."""
    root = project(tmp_path)
    with_aliases(root, "The Test Squadron", "Squadron T", "T Squadron", "Test Sqn")
    options = {"manifest": {"batchSize": 2}}
    with running_service(tmp_path, options) as server:
        code, _, err = invoke(*QUERY, "--project", str(root), "--service", server.url)
        assert code == 0, err
        sizes = [len(r["payload"]) for r in server.received()]
    # 5 names of the squadron, Alpha Town, killed in action: 7 queries, at most 2 a request
    assert sizes == [2, 2, 2, 1]
    assert "7 queries in 4 requests of at most 2 (the service's batchSize)" in err


def test_our_batch_size_stays_when_it_is_the_smaller(tmp_path: Path) -> None:
    root = project(tmp_path)
    with running_service(tmp_path, {"manifest": {"batchSize": 50}}) as server:
        code, _, err = invoke(
            *QUERY, "--project", str(root), "--service", server.url, "--batch-size", "1"
        )
        assert code == 0, err
        assert [len(r["payload"]) for r in server.received()] == [1, 1, 1]  # 3 entities


def test_a_413_without_batch_size_halves_the_batch_with_a_warning(tmp_path: Path) -> None:
    root = project(tmp_path)
    with running_service(tmp_path, {"hidden_batch_size": 2}) as server:
        code, _, err = invoke(*QUERY, "--project", str(root), "--service", server.url)
        assert code == 0, err
        assert [len(r["payload"]) for r in server.received()] == [3, 2, 1]
    assert "refused 3 queries in one request (HTTP 413); sent them 2 at a time" in err
    assert "3 queries in 3 requests of at most 2" in err
    assert len(candidates.load(Project.at(root))) == 3


def test_a_413_to_one_query_is_one_line_exit_3(tmp_path: Path) -> None:
    root = project(tmp_path)
    with running_service(tmp_path, {"hidden_batch_size": 0}) as server:
        code, out, err = invoke(*QUERY, "--project", str(root), "--service", server.url)
    assert (code, out) == (3, "") and err.count("\n") == 1
    assert "answered HTTP 413" in err
    assert not (root / "seeds" / "reconciliation.toml").exists()


@pytest.mark.parametrize(
    ("manifest", "says"),
    [
        (
            {"schemaSpace": "http://example.org/schema/"},
            "uses the schema space 'http://example.org/schema/', not Wikidata's "
            "(http://www.wikidata.org/prop/direct/)",
        ),
        (
            {"identifierSpace": "http://example.org/ids/"},
            "reconciles against 'http://example.org/ids/', not Wikidata",
        ),
        (
            {"versions": ["1.0-draft"]},
            "speaks Reconciliation API versions 1.0-draft, not 0.1 or 0.2",
        ),
        ({"batchSize": 0}, "declares batchSize 0"),
    ],
)
def test_a_manifest_that_is_not_wikidata_s_is_refused_before_any_query(
    tmp_path: Path, manifest: dict[str, object], says: str
) -> None:
    root = project(tmp_path)
    with running_service(tmp_path, {"manifest": manifest}) as server:
        code, out, err = invoke(*QUERY, "--project", str(root), "--service", server.url)
        assert server.received() == []  # no query sent
    assert (code, out) == (3, "") and err.count("\n") == 1
    assert says in err
    assert not (root / "seeds" / "reconciliation.toml").exists()


def test_a_manifest_without_versions_or_schema_space_is_a_warning(tmp_path: Path) -> None:
    root = project(tmp_path)
    options = {"manifest": {"versions": None, "schemaSpace": None}}
    with running_service(tmp_path, options) as server:
        code, _, err = invoke(*QUERY, "--project", str(root), "--service", server.url)
    assert code == 0, err
    assert "warning: " in err and "declares no versions: read as 0.1" in err
    assert "declares no schemaSpace" in err


# --- types and features in every form the spec allows --------------------------------------


def test_string_types_and_boolean_features_are_kept(tmp_path: Path) -> None:
    """Before: types given as strings and features valued true were dropped."""
    root = project(tmp_path)
    options = {"string_types": True, "boolean_features": True}
    with running_service(tmp_path, options) as server:
        code, _, err = invoke(
            *QUERY, "--project", str(root), "--service", server.url, "--entity", "test-squadron"
        )
    assert code == 0, err
    best = candidates.load(Project.at(root))["test-squadron"].candidates[0]
    assert best.qid == "Q90000001"
    assert best.matched == ("P571", "all_labels")  # true features; the false P159 is not


def test_numeric_and_object_forms_still_work(tmp_path: Path) -> None:
    root = project(tmp_path)
    with running_service(tmp_path) as server:
        code, _, err = invoke(
            *QUERY, "--project", str(root), "--service", server.url, "--entity", "test-squadron"
        )
    assert code == 0, err
    best = candidates.load(Project.at(root))["test-squadron"].candidates[0]
    assert best.matched == ("P571", "all_labels")


# --- User-Agent -------------------------------------------------------------------------


def test_every_request_names_svg_rdf_its_version_and_the_contact(tmp_path: Path) -> None:
    root = project(tmp_path)
    with running_service(tmp_path) as server:
        code, _, err = invoke(*QUERY, "--project", str(root), "--service", server.url)
        agents = {r["agent"] for r in server.received(manifest=True)}
    assert code == 0, err
    (agent,) = agents
    # Wikimedia's format: <client name>/<version> (<contact information>) <library>/<version>
    assert agent.startswith(f"svg-rdf/{__version__} ({CONTACT}) Python-urllib/")


def test_without_a_contact_nothing_is_contacted(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "seeds" / "wikidata.toml").unlink()
    with running_service(tmp_path) as server:
        code, out, err = invoke(*QUERY, "--project", str(root), "--service", server.url)
        assert server.received(manifest=True) == []
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert err.startswith("seeds/wikidata.toml: no contact for the User-Agent")
    assert 'contact = "' in err


@pytest.mark.parametrize("contact", ["", "x\ny", "no way to reach", "a (b) c@d.org"])
def test_a_contact_that_reaches_nobody_is_refused(tmp_path: Path, contact: str) -> None:
    root = project(tmp_path)
    (root / "seeds" / "wikidata.toml").write_text(f"contact = {json.dumps(contact)}\n")
    code, _, err = invoke("build", "--project", str(root))
    assert code == 2 and err.startswith("seeds/wikidata.toml:1: contact ")


# --- the query's properties -------------------------------------------------------------


def test_the_query_sends_the_properties_that_identify(tmp_path: Path) -> None:
    """Before: the lowest P-numbers went first (P17, P159, P607): a headquarters, not
    the founding date."""
    root = project(tmp_path)
    (root / "seeds" / "entities" / "more.toml").write_text(
        '[[entity]]\nslug = "test-war"\nlabel = "Test War"\nkind = "war"\n'
        'qid = "Q90000010"\nqid_evidence = "invented for the tests"\n\n'
        '[[entity]]\nslug = "test-land"\nlabel = "Test Land"\nkind = "country"\n'
        'qid = "Q90000011"\nqid_evidence = "invented for the tests"\n',
        encoding="utf-8",
    )
    facts = root / "seeds" / "facts" / "squadron.toml"
    quote = '[{ source = "alpha", quote = "formed in Alpha Town in March 1938" }]'
    facts.write_text(
        facts.read_text(encoding="utf-8")
        + f'\n[[claim]]\nproperty = "P607"\nvalue = "test-war"\nevidence = {quote}\n'
        + f'\n[[claim]]\nproperty = "P17"\nvalue = "test-land"\nevidence = {quote}\n',
        encoding="utf-8",
    )
    (query,) = queries(curate(Project.at(root)), ["test-squadron"])
    assert query.properties == (
        ("P571", "1938"),  # a date first
        ("P17", {"id": "Q90000011"}),  # then the country
        ("P607", {"id": "Q90000010"}),  # then the conflict
    )


def test_without_identifying_properties_the_others_follow_the_table(tmp_path: Path) -> None:
    root = project(tmp_path)
    (query,) = queries(curate(Project.at(root)), ["test-squadron"])
    # inception, dissolved, then the headquarters (not in the table, so last)
    assert query.properties == (("P571", "1938"), ("P576", "1940"), ("P159", {"id": "Q16666"}))


def test_the_identifying_table_names_only_properties_with_evidence() -> None:
    known = {
        line.split(",", 1)[0]
        for line in (REPO / "svg_rdf/defaults/ontology/properties.csv").read_text().splitlines()
    }
    pids = [pid for pid, _, _ in IDENTIFYING]
    assert len(set(pids)) == len(pids) and set(pids) <= known
    assert all(why for _, _, why in IDENTIFYING)


# --- accept -----------------------------------------------------------------------------


def recorded(root: Path, *offered: Candidate) -> None:
    """A candidates file as `reconcile query` would write it."""
    record = Reconciliation(
        slug="test-squadron",
        service="http://127.0.0.1:1/api",
        date="2026-11-30",
        names=("Test Squadron", "TS"),
        type=None,
        properties=(),
        candidates=offered,
        place=Place("seeds/reconciliation.toml", 0),
    )
    path = root / "seeds" / "reconciliation.toml"
    path.write_text(candidates.render({"test-squadron": record}), encoding="utf-8")


def candidate(qid: str, name: str, score: float) -> Candidate:
    return Candidate(qid, name, score, False, "", (), (), "Test Squadron")


def things(root: Path) -> bytes:
    return (root / "seeds" / "entities" / "things.toml").read_bytes()


def test_accept_refuses_a_low_score_and_a_different_name(tmp_path: Path) -> None:
    """Before: a 45.9-score candidate with another name was accepted silently."""
    root = project(tmp_path)
    recorded(
        root,
        candidate("Q90000001", "test  SQUADRON", 92.0),
        candidate("Q90000002", "Test Squadron (band)", 95.0),
        candidate("Q90000003", "Test Squadron", 45.9),
        candidate("Q90000004", "Other Wing", 45.9),
    )
    before = things(root)
    accept = ("reconcile", "accept", "--project", str(root), "test-squadron")
    code, _, err = invoke(*accept, "Q90000002")
    assert code == 2 and err.count("\n") == 1 and things(root) == before
    assert "Q90000002's name 'Test Squadron (band)' is not a label or alias of test-squadron" in err
    assert "--force --reason" in err and "add it as an alias" in err
    code, _, err = invoke(*accept, "Q90000003")
    assert code == 2 and "score 45.9 is below 80" in err and things(root) == before
    code, _, err = invoke(*accept, "Q90000004")
    assert code == 2 and "score 45.9 is below 80" in err and "'Other Wing' is not" in err
    code, _, err = invoke(*accept, "Q90000003", "--min-score", "40")
    assert code == 0, err  # the threshold is the user's to set
    assert 'qid = "Q90000003"' in things(root).decode()


def test_accept_matches_names_normalised(tmp_path: Path) -> None:
    root = project(tmp_path)
    recorded(root, candidate("Q90000001", "test  SQUADRON", 92.0))
    code, out, err = invoke(
        "reconcile", "accept", "--project", str(root), "test-squadron", "Q90000001"
    )
    assert code == 0, err
    assert out.startswith("test-squadron = Q90000001 in seeds/entities/things.toml: ")


def test_force_needs_a_reason_and_the_reason_is_the_evidence(tmp_path: Path) -> None:
    root = project(tmp_path)
    recorded(root, candidate("Q90000004", "Other Wing", 45.9))
    accept = ("reconcile", "accept", "--project", str(root), "test-squadron", "Q90000004")
    before = things(root)
    code, _, err = invoke(*accept, "--force")
    assert code == 2 and "--force needs --reason" in err and things(root) == before
    code, _, err = invoke(*accept, "--reason", "renamed in 1939")
    assert code == 2 and "--reason is only for --force" in err and things(root) == before
    code, _, err = invoke(*accept, "--force", "--reason", 'renamed "Other Wing" in 1939')
    assert code == 0, err
    text = things(root).decode()
    assert 'qid = "Q90000004"' in text
    (evidence,) = [line for line in text.splitlines() if "Q90000004" in line and "--" in line]
    assert "accepted with --force although score 45.9 is below 80 and the name" in evidence
    assert 'because: renamed \\"Other Wing\\" in 1939' in evidence
    curation = curate(Project.at(root))  # the file still reads
    (entity,) = [e for e in curation.entities if e.slug == "test-squadron"]
    assert entity.qid == "Q90000004" and entity.qid_evidence is not None
    assert entity.qid_evidence.endswith('because: renamed "Other Wing" in 1939')


def test_force_is_not_needed_for_a_candidate_that_passes(tmp_path: Path) -> None:
    root = project(tmp_path)
    recorded(root, candidate("Q90000001", "Test Squadron", 100.0))
    code, _, err = invoke(
        "reconcile", "accept", "--project", str(root), "test-squadron", "Q90000001",
        "--force", "--reason", "sure",
    )  # fmt: skip
    assert code == 0, err
    assert "--force" not in things(root).decode()


# --- one Q-id, one entity ---------------------------------------------------------------


def test_accept_refuses_a_qid_another_entity_has(tmp_path: Path) -> None:
    root = project(tmp_path)
    recorded(root, candidate("Q16666", "Test Squadron", 100.0))
    before = things(root)
    code, _, err = invoke(
        "reconcile", "accept", "--project", str(root), "test-squadron", "Q16666",
        "--force", "--reason", "even forced",
    )  # fmt: skip
    assert code == 2 and err.count("\n") == 1 and things(root) == before
    assert "Q16666 is already the Q-id of beta-town (seeds/entities/things.toml:12)" in err


def test_two_entities_with_one_qid_are_refused_naming_both(tmp_path: Path) -> None:
    """Before: build and check passed, and the batch wrote one unit's facts onto the
    other's item."""
    root = make_project(tmp_path / "p", "bad-duplicate-qid")
    with pytest.raises(DataFileError) as caught:
        curate(Project.at(root))
    message = str(caught.value)
    assert message.startswith("seeds/entities/twin.toml:5: Q16666 is also the Q-id of")
    assert "beta-town (seeds/entities/things.toml:16)" in message
    code, out, err = invoke("build", "--project", str(root))
    assert (code, out, err) == (2, "", message + "\n")
    assert not (root / "output").exists()
