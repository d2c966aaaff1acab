"""The batch compared with the live items: `svg-rdf wikidata-fetch` against a real HTTP
server on 127.0.0.1 (tests/entitydata_server.py, serving the Wikibase-format items of
tests/data/wikidata-live/items/), then the offline comparison in the build.
Nothing here contacts the real site."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from svg_rdf.cli import cli
from svg_rdf.errors import DataFileError
from svg_rdf.pipeline import curate
from svg_rdf.project import Project
from svg_rdf.version import __version__
from svg_rdf.wikidata import plan as qs
from svg_rdf.wikidata.fetch import retry_after
from svg_rdf.wikidata.live import comparer
from svg_rdf.wikidata.snapshot import load_snapshot
from tests import qs_oracle

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ITEMS = HERE / "data" / "wikidata-live" / "items"
CONTACT = "https://example.org/svg-rdf-tests/contact"
PACT_LINE_BEFORE = "Q130796\tP585\t+1939-00-00T00:00:00Z/9\t"


@dataclass
class Server:
    url: str
    log: Path

    def requests(self) -> list[dict[str, Any]]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines()]


@contextmanager
def serving(tmp_path: Path, items: Path = ITEMS, **script: Any) -> Iterator[Server]:
    """tests/entitydata_server.py in a subprocess on a free port; stopped by its pid."""
    folder = tmp_path / "server"
    folder.mkdir(exist_ok=True)
    (folder / "script.json").write_text(json.dumps(script), encoding="utf-8")
    log = folder / "requests.jsonl"
    program = [sys.executable, str(HERE / "entitydata_server.py"), str(items)]
    process = subprocess.Popen(
        [*program, str(folder / "script.json"), str(log)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline())
        yield Server(f"http://127.0.0.1:{port}", log)
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


def project_copy(tmp_path: Path, *, contact: bool = True) -> Path:
    """The project's own seeds, ontology and shapes, with a contact for the User-Agent."""
    root = tmp_path / "project"
    for name in ("seeds", "ontology", "shapes"):
        shutil.copytree(ROOT / name, root / name)
    if contact:
        with (root / "seeds" / "wikidata.toml").open("a", encoding="utf-8") as stream:
            stream.write(f'\ncontact = "{CONTACT}"\n')
    return root


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def fetch(root: Path, server: Server, *extra: str) -> tuple[int, str, str]:
    """wikidata-fetch from `server`, the site the project's settings name (the build
    compares only with a snapshot of that site)."""
    settings = root / "seeds" / "wikidata.toml"
    kept = [
        line
        for line in settings.read_text(encoding="utf-8").splitlines()
        if not line.startswith("site =")
    ]
    settings.write_text("\n".join([*kept, f'site = "{server.url}"']) + "\n", encoding="utf-8")
    return invoke(
        "wikidata-fetch", "--project", str(root), "--site", server.url, "--pause", "0", *extra
    )


def batch(root: Path) -> tuple[list[str], dict[str, Any], str]:
    """wikidata.qs lines, wikidata-pending.json and .md as the build writes them."""
    project = Project.at(root)
    curation = curate(project)
    settings = qs.load_settings(project)
    compare = comparer(load_snapshot(project, site=settings.site), curation)
    files = {f.name: f.data for f in qs.output_files(curation, settings, compare=compare)}
    return (
        files["wikidata.qs"].decode("utf-8").splitlines(),
        json.loads(files["wikidata-pending.json"]),
        files["wikidata-pending.md"].decode("utf-8"),
    )


def snapshot_files(root: Path) -> list[str]:
    folder = root / "wikidata" / "items"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# -- the acceptance case: the project's own batch against realistic items ---------------


def test_fetch_then_compare_keeps_only_what_the_items_lack(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    before, document, markdown = batch(root)
    assert len(before) == 6 and any(line.startswith(PACT_LINE_BEFORE) for line in before)
    summary = markdown.split("## Summary for editors\n\n", 1)[1]
    assert summary.startswith("- **Not compared with Wikidata:** 6 lines of wikidata.qs")
    assert document["wikidata_comparison"]["not_compared"] == [
        "Q35493",
        "Q130796",
        "Q170314",
        "Q1208250",
    ]

    with serving(tmp_path) as server:
        code, out, err = fetch(root, server)
        requests = server.requests()
    assert code == 0, err
    assert out.splitlines() == [
        "Q35493: revision 2002",
        "Q130796: revision 2001",
        "Q170314: revision 2003",
        "Q1208250: revision 2004",
    ]
    assert [r["path"] for r in requests] == [
        "/wiki/Special:EntityData/Q35493.json",
        "/wiki/Special:EntityData/Q130796.json",
        "/wiki/Special:EntityData/Q170314.json",
        "/wiki/Special:EntityData/Q1208250.json",
    ]
    for request in requests:
        assert request["query"] == {"maxlag": ["5"]}
        assert request["user_agent"].startswith(f"svg-rdf/{__version__} ({CONTACT}) ")
    index = json.loads((root / "wikidata" / "items" / "index.json").read_text(encoding="utf-8"))
    assert index["site"] == server.url
    assert index["items"]["Q130796"]["revision"] == 2001
    assert datetime.strptime(index["items"]["Q130796"]["fetched"], "%Y-%m-%dT%H:%M:%SZ")

    after, document, markdown = batch(root)
    quote = (
        'S143\tQ328\tS1683\ten:"the non-aggression pact between the Soviet Union and Germany '
        'in 1939"'
    )
    assert [line.split(" /* ")[0] for line in after] == [
        # Almaty: the Soviet Union statement is there, dated 1922-1991: only our reference
        'Q35493\tP17\tQ15180\tS143\tQ328\tS1683\ten:"assembled at Alma Ata in the USSR"',
        # new: the item has no P1376 statement at all
        "Q1208250\tP1376\tQ13426199\tP585\t+1937-12-13T00:00:00Z/11\tS143\tQ328\tS1683\t"
        'en:"On 13 December 1937, the former temporary capital of Nanjing fell to the Japanese"'
        '\tS1683\ten:"the new capital, Hankou"',
        f"Q130796\tP1891\tQ15180\t{quote}",  # new: the item has no signatory
        # our 1939 agrees with Wikidata's 23 August 1939: our reference goes on theirs
        f"Q130796\tP585\t+1939-08-23T00:00:00Z/11\t{quote}",
        # the war's start is there with another source: ours is added to it
        "Q170314\tP580\t+1937-07-07T00:00:00Z/11\tS143\tQ328\tS1683\ten:"
        '"On 7 July 1937, the Marco Polo Bridge Incident marked the beginning of the '
        'Second Sino-Japanese War."',
    ]  # and P31 non-aggression pact is there with our reference: left out
    compared = document["wikidata_comparison"]
    assert compared["compared"] is True and compared["not_compared"] == []
    assert compared["outcomes"] == {
        "adds-reference": 2,
        "already-on-wikidata": 1,
        "new": 2,
        "reference-on-finer-value": 1,
    }
    summary = markdown.split("## Summary for editors\n\n", 1)[1]
    assert summary.startswith(f"- **Compared with Wikidata** ({server.url}): 2 new statements")
    assert "  - Q130796 (molotov-ribbentrop-pact): revision 2001, fetched " in summary
    # the real QuickStatements parser reads the compared batch with 0 errors
    assert qs_oracle.errors(qs_oracle.run("\n".join(after) + "\n")) == []


def test_a_contradicting_value_waits_with_both_shown(tmp_path: Path) -> None:
    items = tmp_path / "items"
    shutil.copytree(ITEMS, items)
    pact = items / "Q130796.json"
    pact.write_text(pact.read_text("utf-8").replace("+1939-08-23", "+1940-08-23"), "utf-8")
    root = project_copy(tmp_path)
    with serving(tmp_path, items) as server:
        assert fetch(root, server)[0] == 0
    lines, document, _ = batch(root)
    assert not [line for line in lines if "\tP585\t" in line and line.startswith("Q130796")]
    (held,) = [
        p for p in document["pending"] if p["subject"] == "molotov-ribbentrop-pact"
        and p["property"] == "P585" and p["reasons"][0]["code"] == "wikidata-differs"
    ]  # fmt: skip
    detail = held["reasons"][0]["detail"]
    assert detail.startswith("Q130796: Wikidata has P585 = +1940-08-23T00:00:00Z/11 instead")
    assert "ours is P585 1939, quoted from 001_fac9f245705e1fde;" in detail
    assert document["wikidata_comparison"]["outcomes"]["held"] == 1


def test_a_point_in_time_outside_the_period_there_waits(tmp_path: Path) -> None:
    items = tmp_path / "items"
    shutil.copytree(ITEMS, items)
    almaty = items / "Q35493.json"
    almaty.write_text(almaty.read_text("utf-8").replace("+1922-12-30", "+1940-01-01"), "utf-8")
    root = project_copy(tmp_path)
    with serving(tmp_path, items) as server:
        assert fetch(root, server)[0] == 0
    lines, document, _ = batch(root)
    assert not [line for line in lines if line.startswith("Q35493\t")]
    pending = [p for p in document["pending"] if p["subject"] == "almaty"]
    reasons = [r["code"] for p in pending for r in p["reasons"]]
    assert "wikidata-differs" in reasons


def test_a_merged_item_is_followed_and_a_deleted_one_holds_its_statements(
    tmp_path: Path,
) -> None:
    items = tmp_path / "items"
    shutil.copytree(ITEMS, items)
    # Q999999999 is an invented id: the item Almaty was "merged into" in this test
    text = (ITEMS / "Q35493.json").read_text("utf-8").replace('"Q35493"', '"Q999999999"')
    (items / "Q999999999.json").write_text(text, "utf-8")
    (items / "Q35493.json").unlink()
    (items / "Q170314.json").unlink()  # deleted
    root = project_copy(tmp_path)
    with serving(tmp_path, items, redirects={"Q35493": "Q999999999"}) as server:
        code, out, err = fetch(root, server)
    assert code == 0, err
    assert "Q35493: merged into Q999999999 (revision 2002)" in out
    assert "Q170314: not on Wikidata (deleted, or never created)" in out
    lines, document, markdown = batch(root)
    assert [line.split("\t")[0] for line in lines if "\tP17\t" in line] == ["Q999999999"]
    assert not [line for line in lines if line.startswith("Q170314")]
    (war,) = [p for p in document["pending"] if p["reasons"][0]["code"] == "wikidata-missing"]
    assert war["subject"] == "second-sino-japanese-war"
    assert 'record qid = "Q999999999" for almaty' in markdown
    assert "Q170314 (second-sino-japanese-war): not found on Wikidata" in markdown


@pytest.mark.parametrize(
    "busy",
    [
        {"status": 429, "headers": {"Retry-After": "1"}},
        # MediaWiki's answer to maxlag=5 when the replicas lag more
        {"status": 503, "headers": {"Retry-After": "1", "X-Database-Lag": "7"}},
    ],
    ids=["429", "503 maxlag"],
)
def test_retry_after_is_honoured_then_the_fetch_succeeds(
    tmp_path: Path, busy: dict[str, Any]
) -> None:
    root = project_copy(tmp_path)
    script = {"Q130796": [busy]}
    with serving(tmp_path, script=script) as server:
        code, _, err = fetch(root, server)
        requests = server.requests()
    assert code == 0, err
    asked = [r for r in requests if r["path"].endswith("/Q130796.json")]
    assert len(asked) == 2
    assert asked[1]["time"] - asked[0]["time"] >= 0.95
    assert snapshot_files(root) == [
        "Q1208250.json",
        "Q130796.json",
        "Q170314.json",
        "Q35493.json",
        "index.json",
    ]


# -- failures: one line, exit 3, nothing written ----------------------------------------


FAILURES = {
    "malformed JSON": ({"body": '{"entities": {'}, "answered malformed JSON at line 1"),
    "HTTP 500": ({"status": 500}, "answered HTTP 500; try again later"),
    "a 429 that keeps coming": (
        {"status": 429, "headers": {"Retry-After": "100000"}},
        "answered HTTP 429 (attempt 1 of 4), asking to wait 100000 s",
    ),
    "timeout": ({"sleep": 3}, "could not be reached: timed out"),
    "lag that lasts": (
        {"status": 503, "headers": {"Retry-After": "100000", "X-Database-Lag": "900"}},
        "answered HTTP 503 (replication lag 900 s) (attempt 1 of 4)",
    ),
}


@pytest.mark.parametrize("case", sorted(FAILURES))
def test_a_failing_site_is_one_line_exit_3_and_nothing_is_written(
    tmp_path: Path, case: str
) -> None:
    step, message = FAILURES[case]
    root = project_copy(tmp_path)
    # the last item fails, after two good answers: the snapshot must not hold those
    with serving(tmp_path, script={"Q170314": [step]}) as server:
        code, out, err = fetch(root, server, "--timeout", "1")
    assert code == 3
    assert out == ""
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert err.startswith(f"{server.url}/wiki/Special:EntityData/Q170314.json?maxlag=5")
    assert message in err
    assert snapshot_files(root) == []


def test_a_failed_fetch_leaves_the_previous_snapshot_as_it_was(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    with serving(tmp_path) as server:
        assert fetch(root, server)[0] == 0
    folder = root / "wikidata" / "items"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    with serving(tmp_path, script={"Q170314": [{"status": 500}]}) as server:
        assert fetch(root, server)[0] == 3
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_no_contact_is_refused_before_anything_is_sent(tmp_path: Path) -> None:
    root = project_copy(tmp_path, contact=False)
    with serving(tmp_path) as server:
        code, _, err = fetch(root, server)
        assert server.requests() == []
    assert code == 2
    assert err.startswith("seeds/wikidata.toml: no contact for the User-Agent")
    assert err.rstrip().endswith("(docs/wikidata.md)")


def test_a_malformed_index_names_its_place(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    index = root / "wikidata" / "items" / "index.json"
    index.parent.mkdir(parents=True)
    index.write_text('{"site": "x", "items": {', encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_snapshot(Project.at(root), site="x")
    assert str(caught.value).startswith("wikidata/items/index.json:1:")
    assert str(caught.value).endswith(
        "run svg-rdf wikidata-fetch again (it rewrites wikidata/items/)"
    )


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2026, 12, 7, 6, 0, 0, tzinfo=UTC)
    assert retry_after("7", now) == 7.0
    assert retry_after("Mon, 07 Dec 2026 06:00:30 GMT", now) == 30.0
    assert retry_after("Mon, 07 Dec 2026 05:00:00 GMT", now) == 0.0
    assert retry_after(None, now) == retry_after("soon", now) == 5.0


# -- the comparison offline, on a second project (the qs-values fixture) ----------------


def snapshot_of(root: Path, documents: dict[str, Any], site: str | None = None) -> None:
    """A snapshot as wikidata-fetch writes it, from documents given here, fetched from
    `site` (by default the site the project's settings name)."""
    folder = root / "wikidata" / "items"
    folder.mkdir(parents=True)
    items = {}
    for qid, document in documents.items():
        (folder / f"{qid}.json").write_text(json.dumps({"entities": {qid: document}}), "utf-8")
        items[qid] = {"status": "found", "file": f"{qid}.json", "revision": 7, "fetched": "x"}
    site = qs.load_settings(Project.at(root)).site if site is None else site
    index = {"site": site, "items": items}
    (folder / "index.json").write_text(json.dumps(index), encoding="utf-8")


def test_a_missing_qualifier_and_a_finer_decade_on_a_second_project(tmp_path: Path) -> None:
    root = tmp_path / "qs-values"
    shutil.copytree(HERE / "data" / "qs-values", root, ignore=shutil.ignore_patterns("expected"))
    nanjing = json.loads((HERE / "data" / "wikidata-diff" / "Q16666.json").read_text("utf-8"))
    entity = nanjing["entities"]["Q16666"]
    ours = entity["claims"]["P31"][0]  # Q515 with our reference
    capital = json.loads(json.dumps(ours).replace('"P31"', '"P1376"'))
    capital["mainsnak"]["datavalue"]["value"] = {"entity-type": "item", "id": "Q13426199"}
    entity["claims"]["P1376"] = [capital]  # there with our reference, without P580
    snapshot_of(root, {"Q16666": entity})
    lines, document, _ = batch(root)
    nanjing_lines = [line.split(" /* ")[0] for line in lines if line.startswith("Q16666")]
    assert "Q16666\tP1376\tQ13426199\tP580\t+1927-00-00T00:00:00Z/9" in nanjing_lines
    # our 1360s (decade) agree with Wikidata's 1368: our reference goes on 1368
    (founded,) = [line for line in nanjing_lines if "\tP571\t" in line]
    assert founded.startswith("Q16666\tP571\t+1368-00-00T00:00:00Z/9\tS143\tQ328\t")
    outcomes = document["wikidata_comparison"]["outcomes"]
    assert outcomes["adds-qualifier"] == 1 and outcomes["reference-on-finer-value"] == 1
    held = [p for p in document["pending"] if p["reasons"][0]["code"] == "wikidata-differs"]
    assert [(p["property"], p["value"]) for p in held] == [("P1448", "南京市@zh")]
    assert qs_oracle.errors(qs_oracle.run("\n".join(lines) + "\n")) == []


def test_build_says_when_the_batch_was_not_compared(tmp_path: Path) -> None:
    root = tmp_path / "qs-values"
    shutil.copytree(HERE / "data" / "qs-values", root, ignore=shutil.ignore_patterns("expected"))
    code, out, err = invoke("build", "--project", str(root))
    assert (code, err) == (0, "")
    notice = (
        "wikidata.qs: 5 lines not compared with Wikidata; run svg-rdf wikidata-fetch, then "
        "build again (docs/wikidata.md)"
    )
    assert out.splitlines()[-1] == notice
    nanjing = json.loads((HERE / "data" / "wikidata-diff" / "Q16666.json").read_text("utf-8"))
    snapshot_of(root, {"Q16666": nanjing["entities"]["Q16666"]})
    code, out, err = invoke("build", "--project", str(root))
    assert (code, err) == (0, "")
    assert "not compared" not in out


def qs_values(tmp_path: Path) -> Path:
    root = tmp_path / "qs-values"
    shutil.copytree(HERE / "data" / "qs-values", root, ignore=shutil.ignore_patterns("expected"))
    return root


def nanjing_entity() -> Any:
    nanjing = json.loads((HERE / "data" / "wikidata-diff" / "Q16666.json").read_text("utf-8"))
    return nanjing["entities"]["Q16666"]


def test_a_snapshot_from_another_site_is_not_compared_and_says_why(tmp_path: Path) -> None:
    root = qs_values(tmp_path)
    project = Project.at(root)
    planned = qs.serialize(qs.plan(curate(project), qs.load_settings(project)))
    # fetched from a test wiki (say with --site), while the project names www.wikidata.org
    snapshot_of(root, {"Q16666": nanjing_entity()}, site="http://127.0.0.1:9/*w*")
    lines, document, markdown = batch(root)
    assert "\n".join(lines) + "\n" == planned.decode("utf-8")  # the lines as planned
    compared = document["wikidata_comparison"]
    assert compared["compared"] is False
    assert compared["items"] == [] and compared["not_compared"] == ["Q16666"]
    assert compared["set_aside"] == (
        "wikidata/items/index.json was fetched from http://127.0.0.1:9/*w*, not from "
        "https://www.wikidata.org (site in seeds/wikidata.toml); run svg-rdf wikidata-fetch "
        "again"
    )
    summary = markdown.split("## Summary for editors\n\n", 1)[1]
    first = summary.splitlines()[0]
    assert first.startswith("- **Not compared with Wikidata:** 5 lines of wikidata.qs")
    assert first.endswith(
        " The snapshot was set aside: wikidata/items/index.json was fetched from "
        "http://127.0.0.1:9/\\*w\\*, not from https://www.wikidata.org (site in "
        "seeds/wikidata.toml); run svg-rdf wikidata-fetch again."
    )
    code, out, err = invoke("build", "--project", str(root))
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == (
        "wikidata.qs: 5 lines not compared with Wikidata; wikidata/items/index.json was "
        "fetched from http://127.0.0.1:9/*w*, not from https://www.wikidata.org (site in "
        "seeds/wikidata.toml); run svg-rdf wikidata-fetch again"
    )


def test_a_snapshot_from_the_named_site_is_compared_and_its_site_escaped(
    tmp_path: Path,
) -> None:
    root = qs_values(tmp_path)
    site = "http://127.0.0.1:9/*w*_[x](y)"
    (root / "seeds" / "wikidata.toml").write_text(f'site = "{site}/"\n', encoding="utf-8")
    snapshot_of(root, {"Q16666": nanjing_entity()}, site=site)
    _, document, markdown = batch(root)
    compared = document["wikidata_comparison"]
    assert compared["compared"] is True and "set_aside" not in compared
    assert compared["site"] == site
    summary = markdown.split("## Summary for editors\n\n", 1)[1]
    assert summary.startswith(
        "- **Compared with Wikidata** (http://127.0.0.1:9/\\*w\\*\\_\\[x\\](y)): "
    )


def test_fetching_from_another_site_than_the_settings_says_the_build_sets_it_aside(
    tmp_path: Path,
) -> None:
    root = project_copy(tmp_path)
    with serving(tmp_path) as server:
        code, _, err = invoke(
            "wikidata-fetch", "--project", str(root), "--site", server.url, "--pause", "0"
        )
        assert code == 0, err
        assert err.splitlines()[-1] == (
            "note: the build compares with https://www.wikidata.org (site in "
            f"seeds/wikidata.toml), so it sets this snapshot of {server.url} aside; write "
            f'site = "{server.url}" there to compare with it'
        )
        code, _, err = fetch(root, server)  # the settings name the server now
    assert code == 0 and "note:" not in err
