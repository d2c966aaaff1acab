"""Source file names and kinds that used to crash or hang the build (issue 24 item 8).

A name with a NUL, a newline or a space, one longer than a file name may be, `.txt` and
`..txt` (the IRIs `…/source/` and `…/source/.`), a Cyrillic name (an IRI the serve and
nginx patterns do not match), a folder, a symbolic-link loop, a FIFO (the build waited
forever) and a file over the size limit: each is refused with one line naming the file and
the fix, exit 2, within seconds. The build runs in a child process with a timeout, so a
hang fails the test instead of stopping the suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from svg_rdf.curation.datafile import MAX_FILE_BYTES
from svg_rdf.model import SOURCE_STEM
from svg_rdf.site.redirects import RESOURCES
from tests.conftest import make_project

TIMEOUT = 60
ALPHA_SHA256 = "bc43b85b2ab1f079f085d25dde871b6c890abe4ecc90d9d92606994bf7945aa3"


def _copy(path: Path) -> None:
    path.write_bytes((path.parent / "alpha.txt").read_bytes())


def _folder(path: Path) -> None:
    path.mkdir()


def _loop(path: Path) -> None:
    path.symlink_to(path.name)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _big(path: Path) -> None:
    with path.open("wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk used


def _nothing(path: Path) -> None:
    pass


# name in seeds/sources.toml, how the file is made, what the message says
CASES: dict[str, tuple[str, Callable[[Path], None], str]] = {
    "space": ("a b.txt", _copy, "not a valid source file name"),
    "newline": ("a\nb.txt", _nothing, "not a valid source file name"),
    "nul": ("a\0b.txt", _nothing, "not a valid source file name"),
    "too-long": ("x" * 300 + ".txt", _nothing, "not a valid source file name"),
    "dot-txt": (".txt", _copy, "not a valid source file name"),
    "dot-dot-txt": ("..txt", _copy, "not a valid source file name"),
    "cyrillic": ("алфа.txt", _copy, "not a valid source file name"),
    "upper-case": ("Alpha2.txt", _copy, "not a valid source file name"),
    "folder": ("folder.txt", _folder, "not a regular file (a folder)"),
    "symlink-loop": ("loop.txt", _loop, "symbolic link loop"),
    "fifo": ("fifo.txt", _fifo, "not a regular file (a FIFO)"),
    "too-big": ("big.txt", _big, "larger than"),
}


def _register(project: Path, name: str) -> None:
    registry = project / "seeds" / "sources.toml"
    entry = (
        "\n[[source]]\n"
        f"file = {json.dumps(name)}\n"
        'title = "Hostile"\nkind = "test"\nlanguage = "en"\n'
        'license = "https://creativecommons.org/licenses/by-sa/3.0/"\n'
        f'sha256 = "{ALPHA_SHA256}"\n'
    )
    registry.write_text(registry.read_text(encoding="utf-8") + entry, encoding="utf-8")


def _build(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "svg_rdf", "build", "--project", str(project)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_source_file_is_one_line_naming_it(case: str, tmp_path: Path) -> None:
    name, make, says = CASES[case]
    project = make_project(tmp_path / "p")
    _register(project, name)
    if "\0" not in name and len(name.encode()) < 256 and "/" not in name:
        make(project / "seeds" / name)
    result = _build(project)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert says in result.stderr, result.stderr
    assert result.stderr.startswith("seeds/"), result.stderr
    shown = json.dumps(name, ensure_ascii=False)[1:-1].replace("\\u0000", "\\x00")
    assert shown[:40] in result.stderr or repr(name)[1:41] in result.stderr, result.stderr
    assert not (project / "output").exists()


def test_the_source_name_pattern_is_the_one_the_site_serves() -> None:
    assert SOURCE_STEM.pattern == "^" + RESOURCES.split("/", 1)[1].strip("()") + "$"


def test_a_good_source_file_still_builds(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    result = _build(project)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("case", ["fifo", "too-big"])  # click refuses a folder itself
def test_add_source_reads_only_a_regular_file(case: str, tmp_path: Path) -> None:
    _, make, says = CASES[case]
    project = make_project(tmp_path / "p")
    path = tmp_path / "input.txt"
    (tmp_path / "alpha.txt").write_text("Some text.\n", encoding="utf-8")
    make(path)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "svg_rdf",
            "add-source",
            str(path),
            "--project",
            str(project),
            "--title",
            "T",
            "--license",
            "CC-BY-SA-4.0",
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1 and says in result.stderr, result.stderr
    assert str(path) in result.stderr


@pytest.mark.parametrize("folder", ["facts", "entities"])
def test_a_fifo_among_the_data_files_is_refused_without_waiting(
    folder: str, tmp_path: Path
) -> None:
    project = make_project(tmp_path / "p")
    os.mkfifo(project / "seeds" / folder / "hang.toml")
    result = _build(project)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert f"seeds/{folder}/hang.toml: not a regular file (a FIFO)" in result.stderr


def test_a_fifo_among_the_shapes_never_stalls_the_build(tmp_path: Path) -> None:
    """A cloned project's shapes/ is read by every build: only its regular files are
    shapes (the listing skips anything else, and the reader refuses it if it races)."""
    project = make_project(tmp_path / "p")
    (project / "shapes").mkdir(exist_ok=True)
    os.mkfifo(project / "shapes" / "hang.ttl")
    result = _build(project)  # within TIMEOUT, or subprocess raises
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_the_shapes_reader_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    from svg_rdf.errors import ConfigurationError
    from svg_rdf.validation.shapes import read_shape_files

    fifo = tmp_path / "hang.ttl"
    os.mkfifo(fifo)
    with pytest.raises(ConfigurationError, match=r"hang\.ttl: not a regular file \(a FIFO\)"):
        read_shape_files([fifo])
