"""`svg-rdf migrate`: a project in the first release's layout (data format 1) migrates with
one command, shows what it changes first, keeps a backup, and then builds.

tests/data/format-1/ is that project: its seeds/dataset.toml has no `format`, `name`,
`prefix` nor `[kinds]`, its ontology/properties.csv is the first release's whole table
plus a row of its own, and its shapes/ holds the first release's contract shapes.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from svg_rdf.cli import cli
from svg_rdf.migration import plan_migration
from svg_rdf.project import Project
from svg_rdf.settings import DATA_FORMAT
from tests.conftest import make_project

DATA = Path(__file__).parent / "data" / "format-1"
# What every command prints for it, the one line naming `svg-rdf migrate`.
MIGRATE_LINE = (DATA / "expected-stderr.txt").read_text(encoding="utf-8")


def run(*arguments: str) -> Result:
    return CliRunner().invoke(cli, list(arguments))


def files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def old(tmp_path: Path) -> Path:
    root = tmp_path / "survey"
    shutil.copytree(DATA, root, ignore=shutil.ignore_patterns("README.md", "expected-*"))
    return root


def test_an_old_project_gets_one_line_naming_migrate(old: Path) -> None:
    assert MIGRATE_LINE.startswith("seeds/dataset.toml:1: no format key: this project is in")
    assert MIGRATE_LINE.endswith(
        "; run `svg-rdf migrate` (add --dry-run to see what it changes; it keeps a backup)\n"
    )
    for command in ("build", "check", "conflicts"):
        result = run(command, "--project", str(old))
        assert result.exit_code == 2, (command, result.stdout)
        assert result.stderr == MIGRATE_LINE, command


def test_dry_run_shows_the_changes_and_writes_nothing(old: Path) -> None:
    before = files(old)
    result = run("migrate", "--project", str(old), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert files(old) == before
    out = result.stdout
    assert "--- a/seeds/dataset.toml\n+++ b/seeds/dataset.toml\n" in out
    for added in ('+name = "svg-rdf"\n', '+prefix = "svg"\n', "+format = 2\n", "+[kinds]\n"):
        assert added in out
    assert '+person = ["Q5"]\n' in out and "+unit = []\n" in out
    assert "--- a/ontology/properties.csv\n+++ /dev/null\n" in out
    assert "--- /dev/null\n+++ b/ontology/own-properties.csv\n" in out
    assert "--- a/shapes/contract.ttl\n+++ /dev/null\n" in out
    assert out.endswith(
        "--dry-run: nothing written; svg-rdf migrate would keep the files as they were in "
        "migrate-backup-format-1/\n"
    )


def test_migrate_keeps_a_backup_and_the_project_then_builds(old: Path) -> None:
    before = files(old)
    result = run("migrate", "--project", str(old))
    assert result.exit_code == 0, result.stderr
    assert "data format 1 -> 2:\n" in result.stdout
    assert "  ontology/properties.csv: removed: 107 of its 108 rows are in the table" in (
        result.stdout
    )
    assert result.stdout.endswith("the files as they were are in migrate-backup-format-1/\n")
    after = files(old)
    # every file changed or removed is in the backup as it was; nothing else changed
    backup = "migrate-backup-format-1/"
    for name, data in before.items():
        if after.get(name) != data:
            assert after[backup + name] == data, name
    assert sorted(n for n in after if n.startswith(backup)) == [
        backup + "ontology/properties.csv",
        backup + "seeds/dataset.toml",
        backup + "shapes/contract.ttl",
        backup + "shapes/crossnode.ttl",
    ]
    assert after["ontology/own-properties.csv"] == (
        b"id,label,datatype,evidence\nP8030,size designation,wikibase-item,"
        b"wikidata-ids.md \xc2\xa71 (WV)\n"
    )
    dataset = after["seeds/dataset.toml"].decode()
    assert dataset.startswith(before["seeds/dataset.toml"].decode())  # the user's lines kept
    built = run("build", "--project", str(old))
    assert built.exit_code == 0, built.stdout + built.stderr
    assert "output/svg-rdf.ttl" in built.stdout  # the first release's output names
    assert "svge:survey-flight" in (old / "output" / "svg-rdf.ttl").read_text("utf-8")
    again = run("migrate", "--project", str(old))
    assert (again.exit_code, again.stdout) == (0, "already data format 2: nothing to do\n")


def test_an_earlier_backup_in_the_way_stops_migrate_before_it_writes(old: Path) -> None:
    (old / "migrate-backup-format-1").mkdir()
    before = files(old)
    result = run("migrate", "--project", str(old))
    assert result.exit_code == 2
    assert result.stderr == (
        "migrate-backup-format-1: a backup of an earlier migration is in the way; check it, "
        "move it elsewhere, then run svg-rdf migrate again\n"
    )
    assert files(old) == before


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("format = 1\n", "seeds/dataset.toml:7: data format 1 is older than this svg-rdf's"),
        (
            f"format = {DATA_FORMAT + 1}\n",
            f"seeds/dataset.toml:7: data format {DATA_FORMAT + 1} is newer than this "
            f"svg-rdf's ({DATA_FORMAT}); upgrade svg-rdf",
        ),
        ('format = "2"\n', "seeds/dataset.toml:7: format '2' is not a data format number"),
    ],
)
def test_a_format_other_than_this_one_is_one_line(tmp_path: Path, line: str, message: str) -> None:
    root = make_project(tmp_path / "p")
    dataset = root / "seeds" / "dataset.toml"
    text = dataset.read_text("utf-8")
    assert "format = 2\n" in text.splitlines(keepends=True)[6]
    dataset.write_text(text.replace("format = 2\n", line), encoding="utf-8")
    result = run("build", "--project", str(root))
    assert result.exit_code == 2
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1


def test_a_row_that_differs_from_the_shipped_table_is_named(old: Path) -> None:
    table = old / "ontology" / "properties.csv"
    table.write_text(
        table.read_text("utf-8").replace("\nP31,instance of,", "\nP31,is a,"), encoding="utf-8"
    )
    result = run("migrate", "--project", str(old), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "; P31 differ from svg-rdf's rows in label or datatype, and svg-rdf's now apply\n" in (
        result.stdout
    )


def test_a_format_1_written_out_becomes_format_2_once(old: Path) -> None:
    dataset = old / "seeds" / "dataset.toml"
    text = dataset.read_text(encoding="utf-8")
    dataset.write_text("format = 1  # the first release's\n" + text, encoding="utf-8")
    result = run("migrate", "--project", str(old))
    assert result.exit_code == 0, result.stderr
    migrated = (old / "seeds" / "dataset.toml").read_text(encoding="utf-8")
    assert tomllib.loads(migrated)["format"] == DATA_FORMAT
    assert migrated.count("format = ") == 1
    assert run("build", "--project", str(old)).exit_code == 0


@pytest.mark.parametrize(
    "head",
    ["", "format = 1\n", '"format" = 1\n', "# a comment\nformat=1\n\n"],
    ids=["none", "plain", "quoted key", "no spaces"],
)
def test_every_toml_file_a_migration_writes_parses(old: Path, head: str) -> None:
    dataset = old / "seeds" / "dataset.toml"
    dataset.write_text(head + dataset.read_text(encoding="utf-8"), encoding="utf-8")
    migration = plan_migration(Project.at(old))
    written = [c for c in migration.changes if c.after is not None and c.path.endswith(".toml")]
    assert written
    for change in written:
        assert tomllib.loads(change.after or "")["format"] == DATA_FORMAT, change.path


def test_an_edited_copy_of_the_old_shapes_stays_with_a_note(old: Path) -> None:
    shipped = (old / "shapes" / "crossnode.ttl").read_bytes()
    edited = (old / "shapes" / "contract.ttl").read_text(encoding="utf-8")
    edited += "\n# our own tightening of the contract\n"
    (old / "shapes" / "contract.ttl").write_text(edited, encoding="utf-8")
    result = run("migrate", "--project", str(old))
    assert result.exit_code == 0, result.stderr
    assert (old / "shapes" / "contract.ttl").read_text(encoding="utf-8") == edited
    assert not (old / "shapes" / "crossnode.ttl").exists()  # svg-rdf's own copy
    assert (old / "migrate-backup-format-1" / "shapes" / "crossnode.ttl").read_bytes() == shipped
    assert "  then: shapes/contract.ttl is not a copy svg-rdf shipped (you edited it)" in (
        result.stdout
    )
    assert "shapes/crossnode.ttl: removed:" in result.stdout
    assert "shapes/contract.ttl: removed" not in result.stdout


def test_a_copy_with_windows_line_ends_is_still_svg_rdf_s(old: Path) -> None:
    path = old / "shapes" / "contract.ttl"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    removed = [c.path for c in plan_migration(Project.at(old)).changes if c.after is None]
    assert "shapes/contract.ttl" in removed
