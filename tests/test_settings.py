"""Settings: seeds/dataset.toml and seeds/wikidata.toml, read once into one frozen object."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner

from svg_rdf.cli import cli
from svg_rdf.errors import ConfigurationError, DataFileError
from svg_rdf.graph.vocab import OurNamespaces, all_prefixes
from svg_rdf.licenses import license_iri
from svg_rdf.project import Project
from svg_rdf.settings import Kind, Settings, default_kinds, load_settings
from tests.conftest import REPO, make_project


def with_dataset(tmp_path: Path, edit: str, replace: str = "", *, at_end: bool = False) -> Project:
    """The base fixture with `replace` taken out of seeds/dataset.toml and `edit` put first
    (or last, inside its [kinds] table)."""
    root = make_project(tmp_path / "p")
    path = root / "seeds" / "dataset.toml"
    text = path.read_text(encoding="utf-8")
    if replace:
        assert replace in text
        text = text.replace(replace, "")
    path.write_text(text + edit if at_end else edit + text, encoding="utf-8")
    return Project.at(root)


def test_this_repository_s_settings() -> None:
    settings = load_settings(Project.at(REPO))
    assert (settings.name, settings.prefix, settings.base_iri) == (
        "svg-rdf",
        "svg",
        "https://w3id.org/svg-rdf/",
    )
    assert settings.query_label == "Soviet Volunteer Group"
    assert settings.kind("person") == Kind("person", ("Q5",))
    assert settings.wikidata.quote_limit == 160  # seeds/wikidata.toml
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.name = "x"  # type: ignore[misc]


def test_prefixes_come_from_the_settings() -> None:
    ours = OurNamespaces("https://example.org/d/", "ex")
    assert {k: v for k, v in all_prefixes(ours).items() if k.startswith("ex")} == {
        "ex": "https://example.org/d/",
        "exe": "https://example.org/d/entity/",
        "exs": "https://example.org/d/statement/",
        "exr": "https://example.org/d/reference/",
        "exv": "https://example.org/d/value/",
        "exsrc": "https://example.org/d/source/",
    }


def test_a_prefix_that_would_shadow_the_contract_is_refused() -> None:
    with pytest.raises(ConfigurationError, match=r"'p' would make 'p'"):
        OurNamespaces("https://example.org/d/", "p")


def test_the_output_stem_and_prefix_reach_the_files(tmp_path: Path) -> None:
    project = with_dataset(
        tmp_path, 'name = "town-data"\nprefix = "town"\n', 'name = "svg-rdf"\nprefix = "svg"\n'
    )
    result = CliRunner().invoke(cli, ["build", "--project", str(project.root)])
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in project.output.iterdir())
    assert {"town-data.ttl", "town-data.nt", "town-data.jsonld"} <= set(names)
    assert not any(name.startswith("svg-rdf") for name in names)
    turtle = (project.output / "town-data.ttl").read_text(encoding="utf-8")
    assert "@prefix towne: <https://example.org/test/entity/> ." in turtle
    assert "svge:" not in turtle
    check = CliRunner().invoke(cli, ["check", "--project", str(project.root)])
    assert check.exit_code == 0, check.stdout + check.stderr


@pytest.mark.parametrize(
    ("edit", "remove", "message"),  # `edit` goes first, or last when it starts a table
    [
        ("", 'name = "svg-rdf"\n', "seeds/dataset.toml:1: missing key 'name'; add name = ..."),
        ("", 'prefix = "svg"\n', "seeds/dataset.toml:1: missing key 'prefix'"),
        ('name = "Big Data"\n', 'name = "svg-rdf"\n', "seeds/dataset.toml:1: name 'Big Data'"),
        ('name = "void"\n', 'name = "svg-rdf"\n', "seeds/dataset.toml:1: name 'void'"),
        ('prefix = "1a"\n', 'prefix = "svg"\n', "seeds/dataset.toml:1: prefix '1a' must be"),
        ("colour = 1\n", "", "seeds/dataset.toml:1: unknown top-level key 'colour'"),
        ('[queries]\nsubject = "x"\n', "", "[queries] takes one key, label"),
        ("", "place = []\n", "things.toml:10: unknown kind 'place'; use one of: aircraft, class,"),
    ],
)
def test_bad_settings_name_file_and_line(
    tmp_path: Path, edit: str, remove: str, message: str
) -> None:
    project = with_dataset(tmp_path, edit, remove, at_end=edit.startswith("["))
    result = CliRunner().invoke(cli, ["build", "--project", str(project.root)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert message in result.stderr


def test_kinds_must_list_q_ids(tmp_path: Path) -> None:
    project = with_dataset(tmp_path, 'person = ["human"]\n', "person = []\n", at_end=True)
    with pytest.raises(DataFileError, match=r"dataset.toml:\d+: the classes of kind 'person'"):
        load_settings(project)


def test_without_kinds_the_package_defaults_apply(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    path = root / "seeds" / "dataset.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("[kinds]")], encoding="utf-8")
    settings = load_settings(Project.at(root))
    assert settings.kinds == default_kinds()
    assert "person" in settings.kind_names and "unit" not in settings.kind_names


def test_base_iri_override_is_checked() -> None:
    settings = load_settings(Project.at(REPO))
    assert settings.with_base(None) is settings
    assert settings.with_base("https://example.org/x/").base_iri == "https://example.org/x/"
    with pytest.raises(ConfigurationError, match="--base-iri 'ftp://x/'"):
        settings.with_base("ftp://x/")
    assert isinstance(settings, Settings)


# -- licences ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "iri"),
    [
        ("CC-BY-SA-3.0", "https://creativecommons.org/licenses/by-sa/3.0/"),
        ("cc-by-sa-4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
        ("CC-BY-3.0-DE", "https://creativecommons.org/licenses/by/3.0/de/"),
        ("CC0-1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
        ("MIT", "http://spdx.org/licenses/MIT"),
        ("https://example.org/licence", "https://example.org/licence"),
        ("CC BY-SA 4.0", None),
        ("GPL-2.0", None),  # a deprecated SPDX id
        ("public domain", None),
        ("http://exa mple.org/", None),
    ],
)
def test_a_licence_is_an_iri_or_an_spdx_id(given: str, iri: str | None) -> None:
    assert license_iri(given) == iri


def test_a_licence_in_words_is_one_line_exit_2(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    registry = root / "seeds" / "sources.toml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(
        text.replace(
            'license = "https://creativecommons.org/licenses/by-sa/3.0/"',
            'license = "CC BY-SA 4.0"',
            1,
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["build", "--project", str(root)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("seeds/sources.toml:")
    assert "license 'CC BY-SA 4.0' is neither an IRI nor an SPDX licence id; write e.g." in (
        result.stderr
    )


def test_an_spdx_licence_is_stated_as_its_iri(tmp_path: Path) -> None:
    project = with_dataset(
        tmp_path,
        'license = "CC-BY-SA-4.0"\n',
        'license = "https://creativecommons.org/licenses/by-sa/3.0/"\n',
    )
    assert load_settings(project).license == "https://creativecommons.org/licenses/by-sa/4.0/"
