"""What `svg-rdf check` says about inputs that are not regular RDF files (issue 15, 11).

A folder or an unreadable file is one line naming it (click printed a 3-line usage
error); standard input (`-`), a named pipe and process substitution are read (they were
"file not found"), and say --input-format when their syntax cannot be told; an unknown
extension says --input-format (it said --format, which is the report's option).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from svg_rdf.cli import cli
from tests.conftest import make_project

TRIPLE = "<https://example.org/a> <https://example.org/p> <https://example.org/b> .\n"
SVG_RDF = [sys.executable, "-m", "svg_rdf"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p")


def check(project: Path, *args: str, stdin: str = "") -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["check", "--project", str(project), *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_a_folder_is_one_line(project: Path, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    code, out, err = check(project, str(folder))
    assert (code, out) == (2, "")
    assert err == f"{folder}: is a folder, not an RDF file; name the files in it, " + (
        f"for example {folder / '*.ttl'}\n"
    )


def test_an_unreadable_file_is_one_line(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "secret.nt"
    path.write_text(TRIPLE)
    path.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make opening this one file fail
        real_open = Path.open

        def refuse(self: Path, *args: object, **kwargs: object) -> object:
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Path, "open", refuse)
    code, out, err = check(project, str(path))
    assert (code, out) == (2, "")
    assert err == f"{path}: cannot read: Permission denied; check the file's permissions\n"


def test_a_missing_file_is_one_line(project: Path, tmp_path: Path) -> None:
    code, _, err = check(project, str(tmp_path / "nope.ttl"))
    assert code == 2
    assert err == f"{tmp_path / 'nope.ttl'}: file not found; check the name\n"


def test_standard_input_is_read(project: Path) -> None:
    code, out, err = check(project, "--input-format", "ntriples", "-", stdin=TRIPLE)
    assert code == 0, err
    assert "in 1 file (1 triples): passes" in out


def test_standard_input_without_a_format_says_which_option(project: Path) -> None:
    code, out, err = check(project, "-", stdin=TRIPLE)
    assert (code, out) == (2, "")
    assert err == (
        "-: is standard input, whose RDF syntax cannot be told from a file extension; "
        "pass --input-format (turtle, ntriples, nquads, trig or jsonld)\n"
    )


def test_errors_in_standard_input_name_it(project: Path) -> None:
    code, _, err = check(project, "--input-format", "ntriples", "-", stdin="<https://e/a> .\n")
    assert code == 2
    assert err.startswith("-:1:") and err.count("\n") == 1 and "svg-rdf-input" not in err


def test_an_unknown_extension_names_the_input_format_option(project: Path, tmp_path: Path) -> None:
    path = tmp_path / "data.foo"
    path.write_text(TRIPLE)
    code, _, err = check(project, str(path))
    assert code == 2
    assert "pass --input-format with one of: jsonld, nquads, ntriples, trig, turtle" in err
    assert "pass --format" not in err


def test_a_named_pipe_is_read(project: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "graph.nt"
    os.mkfifo(fifo)

    def feed() -> None:
        with fifo.open("w") as stream:
            stream.write(TRIPLE)

    writer = threading.Thread(target=feed)
    writer.start()
    result = subprocess.run(
        [*SVG_RDF, "check", "--project", str(project), str(fifo)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    writer.join()
    assert result.returncode == 0, result.stderr
    assert "in 1 file (1 triples): passes" in result.stdout


def test_process_substitution_is_read(project: Path) -> None:
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    command = " ".join([*SVG_RDF, "check", "--project", str(project)])
    script = f"{command} --input-format ntriples <(printf '%s' '{TRIPLE.strip()}')"
    result = subprocess.run([bash, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "in 1 file (1 triples): passes" in result.stdout
    without = subprocess.run(
        [bash, "-c", script.replace("--input-format ntriples ", "")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert without.returncode == 2
    assert without.stderr.startswith("/dev/fd/") and "pass --input-format" in without.stderr
