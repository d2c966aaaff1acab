"""Package defaults: the contract shapes, the property table and the example queries ship in
svg_rdf/defaults/; a project's own files add to them or replace one by name.

There is one copy of each: svg_rdf/defaults/shapes, ontology and queries hold symbolic links
to this repository's top-level shapes/, ontology/ and queries/, the files a newcomer opens
first; a wheel or sdist holds the files themselves (tests/test_packaging.py builds both).
What only this dataset needs (queries/members.rq, about its unit's members) and the
ontology/*.md evidence notes have no link, so no other project gets them. The defaults can
be this repository's own files because they name nothing of this dataset: an example about
one subject shows every subject as it is (on any endpoint) and `svg-rdf query` binds the
project's subject, `[queries] label` in seeds/dataset.toml; a test checks that no label of
this dataset appears in them.
"""

from __future__ import annotations

import os
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


# This repository's own files among the top-level ones: what only its dataset needs (the
# example about its unit's members), which the package must not ship to every project.
OWN = {"queries/members.rq"}


def shipped(folder: str, pattern: str) -> set[str]:
    """The names of the top-level folder's files the package ships: all but OWN."""
    return {
        path.name for path in (REPO / folder).glob(pattern) if f"{folder}/{path.name}" not in OWN
    }


@pytest.mark.parametrize(("folder", "pattern"), sorted(FOLDERS.items()))
def test_the_package_defaults_are_the_top_level_files(folder: str, pattern: str) -> None:
    """Each default is a relative link to the top-level file (so it holds in any clone);
    every top-level file but this dataset's own has one, and no other file is there."""
    package = defaults_folder(folder)
    assert package == REPO / "svg_rdf" / "defaults" / folder  # this checkout's package
    assert all((REPO / own).is_file() for own in OWN)
    names = {path.name for path in package.iterdir()}
    assert names == shipped(folder, pattern), (
        f"svg_rdf/defaults/{folder}/ should link exactly the top-level {folder}/{pattern} "
        f"but {sorted(OWN)}: link a new default with "
        f"ln -s ../../../{folder}/NAME svg_rdf/defaults/{folder}/NAME"
    )
    for name in sorted(names):
        link = package / name
        assert link.is_symlink(), f"svg_rdf/defaults/{folder}/{name} is a copy, not a link"
        assert os.readlink(link) == f"../../../{folder}/{name}"
        assert link.resolve() == (REPO / folder / name).resolve()


def test_this_datasets_own_query_is_no_default(tmp_path: Path) -> None:
    assert (REPO / "queries" / "members.rq").is_file()
    assert "members.rq" not in {path.name for path in defaults_folder("queries").iterdir()}
    root = bare_project(tmp_path)
    assert "members" not in {example.name for example in examples(Project.at(root))}


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
        assert not named, f"queries/{path.name} (a default) names {named}"


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
        for triple in [t for t in graph if t[1] == DCTERMS.license]:
            del graph[triple]  # the graph's triples, an insertion-ordered set

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


def test_a_clone_without_symbolic_links_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git with core.symlinks=false (Windows without Developer Mode) writes each link's
    target as the file's text: read as Turtle or CSV it would fail far from the cause."""
    root = make_project(tmp_path / "p")
    package = tmp_path / "package"
    for folder in FOLDERS:
        shutil.copytree(defaults_folder(folder), package / "defaults" / folder)
    (package / "defaults" / "ontology" / "properties.csv").write_bytes(
        b"../../../ontology/properties.csv"
    )
    monkeypatch.setattr(project_module.resources, "files", lambda _name: package)
    result = CliRunner().invoke(cli, ["build", "--project", str(root)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.count("\n") == 1
    assert (
        "the package's default ontology/properties.csv holds the text of a symbolic link, "
        "not the file" in result.stderr
    )
    assert "git clone -c core.symlinks=true" in result.stderr
    assert not (root / "output").exists()


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
