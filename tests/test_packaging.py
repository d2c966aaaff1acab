"""The package as another project installs it (issue 23): a wheel built from a clone, and
one built from the sdist, hold each default as a regular file with the bytes of the
top-level file its link in svg_rdf/defaults/ points to, and nothing of this dataset's own;
installed into a fresh environment, `svg-rdf init` and `svg-rdf build` work on a new
project and `svg-rdf query --list` offers the packaged examples.

The builds run pip as tests/test_typing.py does (build isolation, setuptools from the
configured index); the clone is the tracked files of this checkout, links kept as links.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.needs import missing
from tests.test_defaults import FOLDERS, OWN, shipped

# What svg_rdf/defaults/shapes, ontology and queries must hold in a built package: the
# top-level files but this dataset's own, as files, with the top-level bytes.
EXPECTED = {
    f"{folder}/{name}": (REPO / folder / name).read_bytes()
    for folder, pattern in FOLDERS.items()
    for name in shipped(folder, pattern)
}


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


def clone(target: Path) -> Path:
    """The tracked files of this checkout in `target`, symbolic links kept as links: what
    `git clone` of this commit gives (with the working tree's edits)."""
    listed = run("git", "ls-files", "-z", cwd=REPO)
    if listed.returncode != 0:
        missing("a git checkout of the repository", f"git ls-files: {listed.stderr.strip()}")
    for name in listed.stdout.split("\0"):
        source = REPO / name
        if not name or not os.path.lexists(source):
            continue  # deleted in the working tree
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            path.symlink_to(os.readlink(source))
        else:
            path.write_bytes(source.read_bytes())
    return target


def wheel(source: Path, folder: Path) -> Path:
    """The wheel pip builds from `source` (a project folder or an sdist) into `folder`."""
    built = run(
        sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", folder, source,
        cwd=folder.parent,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    (found,) = folder.glob("svg_rdf-*.whl")
    return found


def defaults_in_wheel(path: Path) -> dict[str, bytes]:
    """shapes/, ontology/ and queries/ under svg_rdf/defaults/ in the wheel; each must be a
    regular file, never a link."""
    found = {}
    with zipfile.ZipFile(path) as archive:
        for entry in archive.infolist():
            folder, _, name = entry.filename.removeprefix("svg_rdf/defaults/").partition("/")
            if not entry.filename.startswith("svg_rdf/defaults/") or folder not in FOLDERS:
                continue
            assert not stat.S_ISLNK(entry.external_attr >> 16), entry.filename
            found[f"{folder}/{name}"] = archive.read(entry)
    return found


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A wheel from the clone, the sdist, and a wheel from the sdist."""
    folder = tmp_path_factory.mktemp("packaging")
    source = clone(folder / "clone")
    sdist_folder = folder / "sdist"
    made = run(
        sys.executable, "-c",
        f"from setuptools import build_meta; print(build_meta.build_sdist({str(sdist_folder)!r}))",
        cwd=source,
    )  # fmt: skip
    assert made.returncode == 0, made.stdout + made.stderr
    sdist = sdist_folder / made.stdout.split()[-1]
    return {
        "wheel": wheel(source, folder / "wheel"),
        "sdist": sdist,
        "wheel from sdist": wheel(sdist, folder / "wheel-from-sdist"),
    }


@pytest.mark.parametrize("kind", ["wheel", "wheel from sdist"])
def test_the_wheel_holds_exactly_the_defaults_as_files(
    packages: dict[str, Path], kind: str
) -> None:
    found = defaults_in_wheel(packages[kind])
    assert sorted(found) == sorted(EXPECTED)
    assert "queries/members.rq" in OWN and "queries/members.rq" not in found
    for name, data in sorted(found.items()):
        assert data == EXPECTED[name], f"{name} in the {kind} is not the top-level file"


def test_the_sdist_holds_the_defaults_as_files(packages: dict[str, Path]) -> None:
    found = {}
    with tarfile.open(packages["sdist"]) as archive:
        for member in archive.getmembers():
            _, _, inside = member.name.partition("/")
            folder, _, name = inside.removeprefix("svg_rdf/defaults/").partition("/")
            if inside.startswith("svg_rdf/defaults/") and folder in FOLDERS and name:
                assert member.isfile(), f"{member.name} is not a regular file"
                extracted = archive.extractfile(member)
                assert extracted is not None
                found[f"{folder}/{name}"] = extracted.read()
    assert found == EXPECTED


def test_a_new_project_builds_with_the_installed_wheel(
    packages: dict[str, Path], tmp_path: Path
) -> None:
    """A fresh environment holding only the wheel (its dependencies come from this one's
    site-packages through a .pth file, so nothing is downloaded)."""
    environment = tmp_path / "env"
    made = run(sys.executable, "-m", "venv", "--without-pip", environment, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    python = environment / "bin" / "python"
    installed = run(
        sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps",
        packages["wheel"], cwd=tmp_path,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stdout + installed.stderr
    site = Path(
        run(
            python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path
        ).stdout.strip()
    )
    ours = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
    (site / "zz_dependencies.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    where = run(python, "-c", "import svg_rdf; print(svg_rdf.__file__)", cwd=tmp_path)
    assert where.stdout.startswith(str(site)), where.stdout + where.stderr

    command = environment / "bin" / "svg-rdf"
    project = tmp_path / "new-project"
    for args in (["init", project], ["build", "--project", project]):
        result = run(command, *args, cwd=tmp_path)
        assert result.returncode == 0, f"svg-rdf {args[0]}: {result.stdout}{result.stderr}"
    assert any((project / "output").iterdir())
    listed = run(command, "query", "--project", project, "--list", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    names = {line.split(":")[0] for line in listed.stdout.splitlines() if line.strip()}
    assert {"facts", "sources"} <= names and "members" not in names
