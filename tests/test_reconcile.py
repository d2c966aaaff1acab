"""Reconciliation: a real W3C Reconciliation API server on 127.0.0.1, the whole path
unreconciled -> candidates -> accepted -> statement exportable, and offline matching.

The server (tests/recon_server.py) and its entities (tests/data/reconcile/entities.json)
are invented for these tests: their Q-ids stand for nothing outside them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from svg_rdf.api import build
from svg_rdf.cli import cli
from svg_rdf.errors import DataFileError, EndpointError
from svg_rdf.pipeline import curate
from svg_rdf.project import Project
from svg_rdf.reports import reconciliation
from svg_rdf.wikidata import candidates, plan
from svg_rdf.wikidata.recon_services import HttpService, OfflineService
from svg_rdf.wikidata.reconcile import queries, reconcile
from tests.conftest import make_project

HERE = Path(__file__).resolve().parent
ENTITIES = HERE / "data" / "reconcile" / "entities.json"
CONTACT = "https://example.org/svg-rdf-tests; tests@example.org"


class Server:
    def __init__(self, url: str, log: Path) -> None:
        self.url = url
        self.log = log

    def received(self, *, manifest: bool = False) -> list[dict[str, Any]]:
        """What the server received, in order; the manifest requests only if `manifest`."""
        if not self.log.exists():
            return []
        lines = [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines()]
        return [line for line in lines if manifest or line["kind"] != "manifest"]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    with running_service(tmp_path) as service:
        yield service


@contextmanager
def running_service(tmp_path: Path, options: dict[str, Any] | None = None) -> Iterator[Server]:
    """tests/recon_server.py in a subprocess on a free 127.0.0.1 port, logging what it
    receives into `tmp_path`; `options` change its manifest and answers (see the server)."""
    log = tmp_path / "received.jsonl"
    extra = [json.dumps(options)] if options is not None else []
    process = subprocess.Popen(
        [sys.executable, str(HERE / "recon_server.py"), str(ENTITIES), str(log), *extra],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline())
        yield Server(f"http://127.0.0.1:{port}/api", log)
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def project(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "project")
    facts = root / "seeds" / "facts" / "squadron.toml"
    # a P31 with a Q-id, so the query carries a type
    (root / "seeds" / "entities" / "class.toml").write_text(
        '[[entity]]\nslug = "military-unit"\nlabel = "military unit"\nkind = "class"\n'
        'qid = "Q176799"\nqid_evidence = "wikidata-ids.md §2"\n',
        encoding="utf-8",
    )
    text = facts.read_text(encoding="utf-8")
    assert "formed in Alpha Town in March 1938" in text
    # the contact the User-Agent carries (Wikimedia's User-Agent policy asks for one)
    (root / "seeds" / "wikidata.toml").write_text(f"contact = {json.dumps(CONTACT)}\n")
    return root


def test_the_manifest_single_and_batch_queries(server: Server) -> None:
    service = HttpService(server.url, agent="svg-rdf-tests/0 (tests@example.org)")
    assert service.manifest()["identifierSpace"] == "http://www.wikidata.org/entity/"
    single = service.single({"query": "Test Squadron", "limit": 3})
    assert [r["id"] for r in single] == ["Q90000001", "Q90000002"]
    batch = service.batch({"a": {"query": "Alpha Town"}, "b": {"query": "Nowhere"}})
    assert [r["id"] for r in batch["a"]] == ["Q90000003"] and batch["b"] == []
    assert [r["kind"] for r in server.received()] == ["single", "batch"]


def test_unreconciled_to_candidates_to_accepted_to_exportable(
    server: Server, tmp_path: Path
) -> None:
    root = project(tmp_path)
    before = plan.plan(curate(Project.at(root)), plan.QsSettings())
    assert not [s for s in before.statements if s.claim.subject == "test-squadron"]
    assert any(p.claim.subject == "test-squadron" for p in before.pending)

    code, out, err = invoke(
        "reconcile", "query", "--project", str(root), "--service", server.url,
        "--entity", "test-squadron", "--date", "2026-11-30",
    )  # fmt: skip
    assert code == 0, err
    assert out == (
        "test-squadron: 2 candidates, best Q90000001 'Test Squadron' score 100 (match)\n"
    )
    (sent,) = server.received()
    queries_sent = sorted(sent["payload"].values(), key=lambda q: q["query"])  # type: ignore[union-attr]
    assert [q["query"] for q in queries_sent] == ["Test Squadron"]
    properties = queries_sent[0]["properties"]
    # the dates identify best; the headquarters (not in the identifying table) comes last
    assert properties == [
        {"pid": "P571", "v": "1938"},
        {"pid": "P576", "v": "1940"},
        {"pid": "P159", "v": {"id": "Q16666"}},
    ]

    recorded = candidates.load(Project.at(root))["test-squadron"]
    assert recorded.service == server.url and recorded.date == "2026-11-30"
    assert [(c.qid, c.score, c.match) for c in recorded.candidates] == [
        ("Q90000001", 100.0, True),
        ("Q90000002", 80.0, False),
    ]
    assert recorded.candidates[0].matched == ("P571", "all_labels")

    built = build(Project.at(root))
    report = (root / "output" / "reconciliation.md").read_text(encoding="utf-8")
    assert "## Candidates to review (1 entities)" in report
    assert "[Q90000001](https://www.wikidata.org/wiki/Q90000001) | Test Squadron" in report
    assert built.report.passes

    code, out, err = invoke(
        "reconcile", "accept", "--project", str(root), "test-squadron", "Q90000001"
    )
    assert code == 0, err
    entity_file = (root / "seeds" / "entities" / "things.toml").read_text(encoding="utf-8")
    assert 'qid = "Q90000001"' in entity_file
    assert f"reconciled with {server.url} on 2026-11-30: candidate Q90000001" in entity_file
    assert "score 100, match" in entity_file

    curation = curate(Project.at(root))
    after = plan.plan(curation, plan.QsSettings())
    exported = [s for s in after.statements if s.claim.subject == "test-squadron"]
    assert exported and all(s.subject == "Q90000001" for s in exported)
    text = plan.serialize(after).decode("utf-8")
    assert "Q90000001\tP576\t+1940-00-00T00:00:00Z/9\t" in text
    data = reconciliation.report(curation, plan.QsSettings())
    (entry,) = [e for e in data["reconciled"] if e["slug"] == "test-squadron"]
    assert entry["qid"] == "Q90000001"


def test_the_query_sends_label_aliases_type_and_properties(tmp_path: Path) -> None:
    root = project(tmp_path)
    things = root / "seeds" / "entities" / "things.toml"
    things.write_text(
        things.read_text(encoding="utf-8").replace(
            'label = "Test Squadron"', 'label = "Test Squadron"\naliases = ["The Test Squadron"]'
        ),
        encoding="utf-8",
    )
    facts = root / "seeds" / "facts" / "squadron.toml"
    facts.write_text(
        facts.read_text(encoding="utf-8")
        + '\n[[claim]]\nproperty = "P31"\nvalue = "military-unit"\n'
        'evidence = [{ source = "alpha", quote = "formed in Alpha Town in March 1938" }]\n',
        encoding="utf-8",
    )
    (query,) = queries(curate(Project.at(root)), ["test-squadron"])
    assert query.names == ("Test Squadron", "The Test Squadron")
    assert query.type == "Q176799"
    payloads = query.payloads(3)
    assert [p["query"] for p in payloads] == ["Test Squadron", "The Test Squadron"]
    assert payloads[0]["type"] == "Q176799" and payloads[0]["type_strict"] == "should"
    assert payloads[0]["limit"] == 3


def test_offline_against_saved_entity_json(tmp_path: Path) -> None:
    root = project(tmp_path)
    code, out, err = invoke(
        "reconcile", "query", "--project", str(root), "--entity-json", str(ENTITIES),
        "--date", "2026-11-30",
    )  # fmt: skip
    assert code == 0, err
    lines = dict(line.split(": ", 1) for line in out.splitlines())
    # name 100, properties P159 (absent there) 0, P571 1938 100, P576 1940 (absent) 0
    assert lines["test-squadron"] == "2 candidates, best Q90000001 'Test Squadron' score 73.33"
    assert lines["alpha-town"].startswith("1 candidates, best Q90000003 'Alpha Town' score 100")
    recorded = candidates.load(Project.at(root))
    assert recorded["test-squadron"].service == f"offline:{ENTITIES}"
    best = recorded["test-squadron"].candidates[0]
    assert not best.match and best.matched == ("P571", "name")


def test_offline_scores_follow_the_documented_rule() -> None:
    service = OfflineService([ENTITIES], ["entities.json"])
    (exact,) = [
        c for c in service.batch({"q": {"query": "test  squadron"}})["q"] if c["id"] == "Q90000001"
    ]
    assert exact["score"] == 100 and exact["match"]
    typed = service.batch({"q": {"query": "Test Squadron", "type": "Q5"}})["q"][0]
    assert typed["score"] == 60 and not typed["match"]  # 0.6 x 100 + 0.4 x 0


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (
            '{"entities": {\n  "Q1": ,\n}}',
            "saved.json:2:9: malformed JSON: Expecting value; "
            "save Special:EntityData/Qnnn.json again, unchanged",
        ),
        (
            '{"entities": {}}',
            'saved.json: not a Special:EntityData document: no "entities" '
            "object; save https://www.wikidata.org/wiki/Special:EntityData/Qnnn.json",
        ),
    ],
)
def test_saved_entity_json_is_read_as_the_diff_reads_it(
    tmp_path: Path, text: str, says: str
) -> None:
    saved = tmp_path / "saved.json"
    saved.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        OfflineService([saved], ["saved.json"])
    assert str(caught.value) == says


def test_accepting_refuses_what_was_not_a_candidate(server: Server, tmp_path: Path) -> None:
    root = project(tmp_path)
    code, _, err = invoke("reconcile", "accept", "--project", str(root), "test-squadron", "Q1")
    assert code == 2 and err.startswith("seeds/reconciliation.toml: no candidates are recorded")
    assert err.count("\n") == 1
    invoke(
        "reconcile", "query", "--project", str(root), "--service", server.url,
        "--entity", "test-squadron", "--date", "2026-11-30",
    )  # fmt: skip
    before = (root / "seeds" / "entities" / "things.toml").read_bytes()
    code, _, err = invoke("reconcile", "accept", "--project", str(root), "test-squadron", "Q5")
    assert code == 2 and "Q5 is not a recorded candidate for test-squadron" in err
    assert err.startswith("seeds/reconciliation.toml:")
    assert (root / "seeds" / "entities" / "things.toml").read_bytes() == before
    code, _, err = invoke("reconcile", "accept", "--project", str(root), "beta-town", "Q1")
    assert code == 2 and "beta-town already has Q16666" in err


def test_nothing_is_contacted_without_a_service(tmp_path: Path) -> None:
    root = project(tmp_path)
    code, out, err = invoke("reconcile", "query", "--project", str(root))
    assert (code, out) == (2, "") and "--service" in err and "nothing was contacted" in err
    assert not (root / "seeds" / "reconciliation.toml").exists()


def test_an_unreachable_or_foreign_service_is_one_line_exit_3(tmp_path: Path) -> None:
    root = project(tmp_path)
    code, _, err = invoke(
        "reconcile", "query", "--project", str(root), "--service", "http://127.0.0.1:9/api"
    )
    assert code == 3 and "could not be reached" in err and err.count("\n") == 1

    class Foreign:
        url = "http://127.0.0.1:1/other"

        def manifest(self) -> dict[str, object]:
            return {"name": "x", "identifierSpace": "http://example.org/ids/"}

        def batch(self, queries: object) -> dict[str, list[dict[str, object]]]:
            raise AssertionError("no query may be sent to a foreign service")

    with pytest.raises(EndpointError, match="not Wikidata"):
        reconcile(queries(curate(Project.at(root))), Foreign())


def test_the_candidates_file_round_trips(server: Server, tmp_path: Path) -> None:
    root = project(tmp_path)
    code, _, err = invoke(
        "reconcile", "query", "--project", str(root), "--service", server.url,
        "--date", "2026-11-30", "--batch-size", "2",
    )  # fmt: skip
    assert code == 0, err
    sizes = [len(r["payload"]) for r in server.received()]  # type: ignore[arg-type]
    assert sizes and max(sizes) <= 2 and sum(sizes) == 3  # three entities, one name each
    path = root / "seeds" / "reconciliation.toml"
    text = path.read_text(encoding="utf-8")
    assert candidates.render(candidates.load(Project.at(root))) == text
    path.write_text(text.replace('date = "2026-11-30"', 'date = "30/11/2026"', 1), encoding="utf-8")
    code, _, err = invoke("reconciliation", "--project", str(root))
    assert code == 2 and err.startswith("seeds/reconciliation.toml:") and "YYYY-MM-DD" in err
