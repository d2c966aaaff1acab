"""Package defaults: the contract shapes, the property table and the example queries ship in
svg_rdf/defaults/; a project's own files add to them or replace one by name.

This repository's top-level shapes/, ontology/ and queries/ are copies of the package's
defaults (the package copy is canonical); a test keeps the two identical. They can be
identical because the defaults name nothing of this dataset: an example about one subject
shows every subject as it is (on any endpoint) and `svg-rdf query` binds the project's
subject, `[queries] label` in seeds/dataset.toml; a test checks that no label of this
dataset appears in them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from svg_rdf import project as project_module
from svg_rdf.cli import cli
from svg_rdf.curation.ontology import load_properties
from svg_rdf.endpoint.query import examples
from svg_rdf.errors import DataFileError
from svg_rdf.project import Project, defaults_folder
from tests.conftest import REPO, make_project
from tests.endpoint_data import ntriples

FOLDERS = {"shapes": "*.ttl", "ontology": "*.csv", "queries": "*.rq"}


# This repository's own files beside the copies: what only its dataset needs (the example
# about its unit's members), which the package must not ship to every project.
OWN = {"queries/members.rq"}


@pytest.mark.parametrize(("folder", "pattern"), sorted(FOLDERS.items()))
def test_the_repository_copies_equal_the_package_defaults(folder: str, pattern: str) -> None:
    package = {p.name: p.read_bytes() for p in defaults_folder(folder).glob(pattern)}
    top = {
        p.name: p.read_bytes()
        for p in (REPO / folder).glob(pattern)
        if f"{folder}/{p.name}" not in OWN
    }
    assert package, f"the package ships no {folder}/{pattern}"
    assert all((REPO / own).is_file() for own in OWN)
    for name in sorted(set(package) | set(top)):
        assert top.get(name) == package.get(name), (
            f"{folder}/{name} differs from svg_rdf/defaults/{folder}/{name}: the package copy "
            f"is canonical; edit it and copy it: cp svg_rdf/defaults/{folder}/{name} {folder}/"
        )


def test_the_package_queries_name_no_subject_of_this_dataset() -> None:
    """Another project runs them as they are: a name of ours there would be its default."""
    store = ox.Store()
    store.load(ntriples().data, format=ox.RdfFormat.N_TRIPLES)
    labels = {
        str(solution["label"].value)
        for solution in store.query(
            "SELECT ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
        )
    }
    assert "Soviet Volunteer Group" in labels and len(labels) > 100
    for path in sorted(defaults_folder("queries").glob("*.rq")):
        text = path.read_text("utf-8")
        named = sorted(label for label in labels if f'"{label}"' in text)
        assert not named, f"svg_rdf/defaults/queries/{path.name} names {named}"


def bare_project(tmp_path: Path) -> Path:
    """The base fixture without shapes/, ontology/ or queries/: the package's defaults apply."""
    root = make_project(tmp_path / "p")
    for folder in FOLDERS:
        shutil.rmtree(root / folder, ignore_errors=True)
    return root


def test_a_project_without_its_own_files_uses_the_defaults(tmp_path: Path) -> None:
    root = bare_project(tmp_path)
    project = Project.at(root)
    assert [p.name for p in project.shape_files] == ["contract.ttl", "crossnode.ttl"]
    assert {p.name for p in project.query_files} >= {"facts.rq", "sources.rq"}
    assert load_properties(project)
    result = CliRunner().invoke(cli, ["build", "--project", str(root)])
    assert result.exit_code == 0, result.stderr
    check = CliRunner().invoke(cli, ["check", "--project", str(root)])
    assert check.exit_code == 0, check.stdout + check.stderr


def test_without_shapes_folder_the_contract_still_catches_a_violation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The unsafe green build of old: a project without shapes/ skipped the contract shapes.

    The dataset node loses its licence, which only the contract's DatasetShape checks.
    """
    from rdflib.namespace import DCTERMS

    from svg_rdf import pipeline

    real = pipeline.describe

    def without_licence(graph, *args, **kwargs):  # type: ignore[no-untyped-def]
        real(graph, *args, **kwargs)
        graph.remove((None, DCTERMS.license, None))

    monkeypatch.setattr(pipeline, "describe", without_licence)
    root = bare_project(tmp_path)
    result = CliRunner().invoke(cli, ["build", "--project", str(root)])
    assert result.exit_code == 1, result.stdout
    assert "the dataset has exactly one licence IRI (dcterms:license)" in result.stderr
    assert not (root / "output").exists()


def test_a_project_file_replaces_the_default_of_that_name(tmp_path: Path) -> None:
    root = bare_project(tmp_path)
    (root / "queries").mkdir()
    (root / "queries" / "sources.rq").write_text(
        "# Our own sources query\n# Counts the statements.\n"
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n",
        encoding="utf-8",
    )
    (root / "queries" / "towns.rq").write_text(
        "# Towns\n# Every place with its label, for the towns of the fixture.\n"
        "SELECT ?s WHERE { ?s a ?o }\n",
        encoding="utf-8",
    )
    found = {e.name: e for e in examples(Project.at(root))}
    assert found["sources"].title == "Our own sources query"
    assert found["towns"].path == root / "queries" / "towns.rq"
    assert found["facts"].path.parent == defaults_folder("queries")


def test_a_project_property_table_adds_rows_and_a_repeated_id_is_refused(tmp_path: Path) -> None:
    root = bare_project(tmp_path)
    (root / "ontology").mkdir()
    extra = root / "ontology" / "extra.csv"
    extra.write_text(
        "id,label,datatype,evidence\nP9999999,test property,string,made up for a test\n",
        encoding="utf-8",
    )
    assert "P9999999" in {p.pid for p in load_properties(Project.at(root))}
    extra.write_text(
        "id,label,datatype,evidence\nP31,instance of,wikibase-item,again\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["build", "--project", str(root)])
    assert result.exit_code == 2
    assert result.stderr.startswith("ontology/extra.csv:2: P31 is listed twice (also at ")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "id,label\nP9999999,x\n",
            "ontology/extra.csv:1: header is ['id', 'label']; "
            "the first line must be id,label,datatype,evidence",
        ),
        (
            "id,label,datatype,evidence\n\nP9999999,a, b,string,x\n",
            "ontology/extra.csv:3: expected 4 columns, found 5; quote values that contain commas",
        ),
    ],
)
def test_a_property_table_with_a_bad_header_or_row_width_is_refused_at_its_line(
    tmp_path: Path, text: str, message: str
) -> None:
    root = bare_project(tmp_path)
    (root / "ontology").mkdir()
    (root / "ontology" / "extra.csv").write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_properties(Project.at(root))
    assert str(caught.value) == message


@pytest.mark.parametrize("command", ["build", "check"])
def test_without_the_contract_shapes_build_and_check_refuse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    root = make_project(tmp_path / "p")
    CliRunner().invoke(cli, ["build", "--project", str(root)])
    (root / "shapes" / "contract.ttl").unlink()
    broken = tmp_path / "package"
    for folder in FOLDERS:
        shutil.copytree(defaults_folder(folder), broken / folder)
    (broken / "shapes" / "contract.ttl").unlink()
    monkeypatch.setattr(project_module, "defaults_folder", lambda name: broken / name)
    result = CliRunner().invoke(cli, [command, "--project", str(root)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "the contract shapes (contract.ttl) cannot be found" in result.stderr


def test_missing_package_defaults_are_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path / "p")
    monkeypatch.setattr(
        project_module.resources, "files", lambda _name: tmp_path / "no-such-package"
    )
    result = CliRunner().invoke(cli, ["build", "--project", str(root)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "the package's default" in result.stderr and "reinstall svg-rdf" in result.stderr


# -- the example queries' subject --------------------------------------------------------


def test_an_example_about_one_subject_shows_every_subject_until_one_is_named(
    tmp_path: Path,
) -> None:
    """As the query file does on any endpoint: without a label, every subject, each row
    with its own label; `[queries] label` (or --label) narrows it to that one.
    (tests/test_endpoint_portability.py shows several subjects on the real graph.)"""
    root = make_project(tmp_path / "p")  # its dataset.toml names no [queries] label

    def labels() -> list[str]:
        result = CliRunner().invoke(
            cli, ["query", "--project", str(root), "--example", "facts", "--format", "csv"]
        )
        assert (result.exit_code, result.stderr) == (0, "")
        return [row.split(",")[0] for row in result.stdout.splitlines()[1:]]

    every = labels()  # the fixture's statements are all about its one unit
    assert every and set(every) == {"Test Squadron"}
    dataset = root / "seeds" / "dataset.toml"
    dataset.write_text(
        dataset.read_text(encoding="utf-8") + '\n[queries]\nlabel = "Test Squadron"\n',
        encoding="utf-8",
    )
    assert labels() == every
    dataset.write_text(
        dataset.read_text(encoding="utf-8").replace("Test Squadron", "No Such Unit"),
        encoding="utf-8",
    )
    assert labels() == []


def test_query_list_without_any_query_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never an empty listing with exit 0: without queries, one line and exit 2."""
    root = bare_project(tmp_path)
    empty = tmp_path / "package"
    for folder in FOLDERS:
        shutil.copytree(defaults_folder(folder), empty / folder)
    shutil.rmtree(empty / "queries")
    (empty / "queries").mkdir()
    monkeypatch.setattr(project_module, "defaults_folder", lambda name: empty / name)
    result = CliRunner().invoke(cli, ["query", "--project", str(root), "--list"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "queries: no example queries; add NAME.rq files there, or reinstall svg-rdf for its "
        "defaults\n"
    )
