"""A project on a topic of its own, made as a new user would: nothing it publishes names our data.

tests/data/new-topic/ holds a source text and its seeds (a lighthouse, a harbour guard and
its commander). The project is made with `svg-rdf init` and `add-source`, builds with the
package's defaults only (no shapes/, ontology/ or queries/ of its own), and then no message,
report, page, query or shape it gets names an entity slug or label of this repository's
seeds/entities/ (the Soviet Volunteer Group's).
"""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from svg_rdf import api
from svg_rdf.cli import cli
from svg_rdf.curation.entities import builtin_entities, load_entities
from svg_rdf.markdown import plural
from svg_rdf.settings import load_settings
from tests.conftest import REPO, make_project

DATA = Path(__file__).parent / "data" / "new-topic"
WD = "http://www.wikidata.org/entity/"
# the package's files a project gets as they are (not its Python modules)
SHIPPED = {".toml", ".csv", ".json", ".rq", ".ttl", ".html", ".js", ".css", ".j2"}


def our_names() -> dict[str, str]:
    """Each slug and English label of this repository's entities -> the slug it names.

    The built-in entities (circa, ...) are every project's, so they are not ours; neither
    are labels of one short word that any text may use (China, human, ...)."""
    shipped = {entity.slug for entity in builtin_entities()}
    names: dict[str, str] = {}
    for path in sorted((REPO / "seeds" / "entities").glob("*.toml")):
        for entity in tomllib.loads(path.read_text("utf-8"))["entity"]:
            if entity["slug"] in shipped or entity["kind"] in ("class", "concept"):
                continue
            for name in (entity["slug"], entity["label"]):
                if "-" in name or " " in name or len(name) > 8:
                    names[name] = entity["slug"]
    return names


@pytest.fixture(scope="module")
def new_topic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("new") / "lighthouse"
    runner = CliRunner()
    made = runner.invoke(cli, ["init", str(root), "--title", "Kestrel Point", "--prefix", "kp"])
    assert made.exit_code == 0, made.stderr
    added = runner.invoke(
        cli,
        [
            "add-source", str(DATA / "lighthouse.txt"), "--project", str(root),
            "--title", "Kestrel Point Lighthouse", "--license", "CC0-1.0",
        ],
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    shutil.copytree(DATA / "seeds", root / "seeds", dirs_exist_ok=True)
    built = runner.invoke(cli, ["build", "--project", str(root)])
    assert built.exit_code == 0, built.stdout + built.stderr
    return root


def test_the_new_topic_builds_with_no_warning(new_topic: Path) -> None:
    """A person needs no P31 claim for "commanded by": its kind lists Q5."""
    built = api.build(api.open_project(new_topic))
    assert [finding.message for finding in built.report.findings] == []


def test_circa_is_built_in(new_topic: Path) -> None:
    graph = Graph().parse(new_topic / "output" / "lighthouse.ttl")
    circa = [s for s in graph.subjects(OWL.sameAs, URIRef(WD + "Q5727902"))]
    assert [str(s).rsplit("/", 1)[-1] for s in circa] == ["circa"]
    # the built-ins no statement uses stay out of the graph
    assert not list(graph.subjects(OWL.sameAs, URIRef(WD + "Q18122778")))


def test_nothing_published_names_our_data(new_topic: Path) -> None:
    names = our_names()
    assert "soviet-volunteer-group" in names and "Soviet Volunteer Group" in names
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(names, key=len)[::-1])) + r")\b")
    texts = {
        path.relative_to(new_topic).as_posix(): path.read_text("utf-8")
        for path in sorted(new_topic.rglob("*"))
        if path.is_file()
        and path.suffix
        in {".md", ".json", ".ttl", ".nt", ".jsonld", ".html", ".qs", ".toml", ".txt"}
    }
    assert any(name.startswith("output/site/") for name in texts), "no site was built"
    project = api.open_project(new_topic)
    for example in api.example_queries(project):
        texts[f"query {example.name}"] = example.path.read_text("utf-8")
    for report in ("conflicts", "coverage", "reconciliation"):
        texts[f"svg-rdf {report}"] = api.curator_report(project, report)
    found = {
        where: sorted({match.group(0) for match in pattern.finditer(text)})
        for where, text in texts.items()
        if pattern.search(text)
    }
    assert found == {}


def test_the_package_names_none_of_our_entities() -> None:
    """What ships to every project (the defaults, the site's templates, init's files) names
    none of ours. (Docstrings may: they explain the code with the data it was written on.)"""
    shipped = {entity.slug for entity in builtin_entities()}
    names: set[str] = set()
    for path in sorted((REPO / "seeds" / "entities").glob("*.toml")):
        for entity in tomllib.loads(path.read_text("utf-8"))["entity"]:
            if entity["slug"] not in shipped and entity["kind"] not in ("class", "concept"):
                names.update((entity["slug"], entity["label"]))
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(names, key=len)[::-1])) + r")\b")
    package = REPO / "svg_rdf"
    found = {
        path.relative_to(package).as_posix(): sorted(set(pattern.findall(text)))
        for path in sorted(package.rglob("*"))
        if path.is_file() and (path.suffix in SHIPPED or path.name == "scaffold.py")
        if pattern.search(text := path.read_text("utf-8"))
    }
    assert found == {}


def test_the_example_queries_fit_the_new_topic(new_topic: Path) -> None:
    """init's project gets the examples that fit any topic, and each answers on it."""
    project = api.open_project(new_topic)
    names = [example.name for example in api.example_queries(project)]
    assert names == ["disagreements", "facts", "sources", "timeline", "unreconciled"]
    rows = {name: api.query(project, example=name).result.records() for name in names}
    assert {row["name"] for row in rows["unreconciled"]} == {
        "Kestrel Point Lighthouse",
        "harbour guard of Kestrel Point",
        "Mara Lind",
    }
    assert {row["value"] for row in rows["facts"]} >= {"Mara Lind", "40"}
    assert [row["date"][:4] for row in rows["timeline"]] == ["1871", "1880"]
    assert rows["disagreements"] == []  # one source: nothing to disagree with


def test_a_project_entity_with_a_built_in_q_id_replaces_the_built_in(tmp_path: Path) -> None:
    """Two entities with one Q-id would be one item: the project's own is kept."""
    project = make_project(tmp_path / "p")
    (project / "seeds" / "entities" / "circumstances.toml").write_text(
        "[[entity]]\n"
        'slug = "approximately"\n'
        'label = "approximately"\n'
        'kind = "concept"\n'
        'qid = "Q5727902"\n'
        'qid_evidence = "wikidata-ids.md §2 (the description of P1480 names circa Q5727902)"\n',
        encoding="utf-8",
    )
    opened = api.open_project(project)
    settings = load_settings(opened)
    entities = load_entities(opened, settings.kind_names)
    holders = [entity.slug for entity in entities if entity.qid == "Q5727902"]
    assert holders == ["approximately"]
    assert {"near", "presumably", "possibly"} <= {entity.slug for entity in entities}


def test_the_new_topic_has_no_conflict_and_counts_in_words(new_topic: Path) -> None:
    """The conflict rules on a project not ours: nothing fires, and the counts read right."""
    report = (new_topic / "output" / "conflicts.md").read_text(encoding="utf-8")
    assert "- Conflicts: 0 (0 between sources, 0 within a source;" in report
    assert "- Differences that are not conflicts: 0 pairs of statements, in 0 " in report
    assert plural(1, "pair") == "1 pair" and plural(2, "pair") == "2 pairs"
    assert plural(1, "subject-property group") == "1 subject-property group"
