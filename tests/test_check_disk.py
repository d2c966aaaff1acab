"""`check` past the disk threshold: the on-disk store, the gate reading files in parts,
the progress bars, and the temporary folder removed after a result, an error and Ctrl-C.

The threshold (svg_rdf.validation.stream_load.DISK_THRESHOLD) is patched to 0 so that small
graphs take the path a 10M-triple graph takes; the folder is looked for under a private
TMPDIR, where it must appear while the result lives and be gone afterwards.
"""

from __future__ import annotations

import gc
import json
import os
import pty
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from svg_rdf import api
from svg_rdf.cli import cli
from svg_rdf.errors import ParseError, SvgRdfError
from svg_rdf.project import Project
from svg_rdf.rdfparse import chunked
from svg_rdf.validation import check as validation_check
from svg_rdf.validation import stream_load
from tests.broken_corpus import CORPUS
from tests.conftest import REPO, make_project

SAMPLE = [
    "combined-statements",
    "combined-references",
    "combined-values",
    "best-rank-on-a-deprecated-statement",
    "quote-with-a-no-break-space",
    "qualifier-on-the-item",
]
# Runs `svg-rdf check` with the disk threshold and the progress delay given first.
WRAPPER = (
    "import importlib, sys\n"
    "from svg_rdf.validation import stream_load\n"
    "stream_load.DISK_THRESHOLD = int(sys.argv.pop(1))\n"
    "cli_check = importlib.import_module('svg_rdf.cli.check')\n"
    "cli_check.Progress.__init__.__kwdefaults__ = {'delay': float(sys.argv.pop(1))}\n"
    "from svg_rdf.__main__ import main\n"
    "sys.argv[0] = 'svg-rdf'\n"
    "main()\n"
)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return Project(make_project(tmp_path_factory.mktemp("disk") / "p"))


@pytest.fixture
def scratch_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The TMPDIR of the check: where its store's folder must be made."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def essentials(result: validation_check.CheckResult) -> list[tuple[object, ...]]:
    findings = json.loads(api.render_check(result, "json"))["findings"]
    keys = ("focus", "path", "value", "component", "severity", "message")
    return sorted(tuple(f[k] for k in keys) for f in findings)


def compare_paths(
    project: Project, files: list[Path], root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    memory = api.check(files, project=project)
    assert type(memory.graph).__name__ == "StoreView"
    assert not list(root.iterdir())
    monkeypatch.setattr(stream_load, "DISK_THRESHOLD", 0)
    disk = api.check(files, project=project)
    folders = list(root.iterdir())
    assert type(disk.graph).__name__ == "ScratchView"
    assert [f.name[: len("svg-rdf-check-")] for f in folders] == ["svg-rdf-check-"]
    assert any(folders[0].iterdir())  # the store's files
    assert essentials(disk) == essentials(memory)
    assert api.render_check(disk) == api.render_check(memory)
    assert len(disk.graph) == len(memory.graph)
    del disk
    gc.collect()
    assert not list(root.iterdir())


@pytest.mark.parametrize("name", SAMPLE)
def test_the_disk_store_gives_the_in_memory_findings_on_broken_graphs(
    name: str, project: Project, scratch_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compare_paths(project, [CORPUS / f"{name}.ttl"], scratch_root, monkeypatch)


def test_the_disk_store_gives_the_in_memory_findings_on_output(
    scratch_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # output/'s Turtle, N-Triples and JSON-LD: three files (blank-node prefixes), one read whole
    compare_paths(Project(REPO), [], scratch_root, monkeypatch)


# -- the gate in parts ----------------------------------------------------------------------

GOOD = {
    "nested.ttl": (
        "@prefix ex: <http://example.org/> .\n"
        '# a comment with [ brackets ( and a quote " in it\n'
        "ex:a ex:p [ ex:q ( 1 2\n 3 ) ; ex:r [ ex:s 'x' ] ] .\n"
        'ex:a ex:text """a long string\nover [ three\nlines "quoted" """ .\n'
        "ex:a ex:iri <http://example.org/x#y> ; ex:lang 'chat'@fr .\n"
    )
    * 40,
    "euro.ttl": "# € at the start: its bytes run past the first four\n"
    "@prefix ex: <http://example.org/> .\nex:a ex:p 'x' .\n",
    "plain.nt": "".join(
        f'<http://example.org/s{i}> <http://example.org/p> "value {i} \\"q\\"" .\n'
        for i in range(300)
    ),
}
BAD = {
    "unclosed-iri.nt": GOOD["plain.nt"] + "<http://example.org/s> <http://example.org/p> <x .\n",
    "unclosed-long.ttl": GOOD["nested.ttl"] + 'ex:a ex:p """never closed\n.\n',
    "rdf12.ttl": GOOD["nested.ttl"] + "ex:a ex:p << ex:b ex:c ex:d >> .\n",
    "deep.ttl": GOOD["nested.ttl"] + "ex:a ex:p " + "[ ex:p\n" * 130 + "]" * 130 + " .\n",
    "missing-dot.ttl": GOOD["nested.ttl"] + "ex:a ex:p ex:b\nex:c ex:d ex:e .\n",
    "bad-utf8.nt": GOOD["plain.nt"] + '<http://example.org/s> <http://example.org/p> "\xff" .\n',
    "no-dot.nt": GOOD["plain.nt"] + "<http://example.org/s> <http://example.org/p> <o>\n",
}


def write(folder: Path, name: str, text: str, *, bom: bool = False) -> Path:
    path = folder / name
    data = text.encode("utf-8")
    if name.startswith("bad-utf8"):
        data = data.replace("\xff".encode(), b"\xff")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def triples(store: ox.Store) -> list[str]:
    """The quads, blank nodes unnamed (the store names them)."""
    return sorted(re.sub(r"_:\w+", "_:", str(quad)) for quad in store)


@pytest.mark.parametrize("part", [7, 64, 4096])
@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("name", sorted(GOOD))
def test_a_file_read_in_parts_loads_as_it_does_whole(
    name: str, part: int, bom: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, name, GOOD[name], bom=bom)
    whole = stream_load.load_store([path])
    monkeypatch.setattr(chunked, "PART", part)
    parts = stream_load.load_store([path], store=ox.Store())
    assert len(parts) == len(whole) > 0
    assert triples(parts) == triples(whole)


@pytest.mark.parametrize("part", [7, 64, 4096])
@pytest.mark.parametrize("name", sorted(BAD))
def test_a_file_read_in_parts_is_refused_as_it_is_whole(
    name: str, part: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, name, BAD[name])
    with pytest.raises(ParseError) as whole:
        stream_load.load_store([path])
    monkeypatch.setattr(chunked, "PART", part)
    with pytest.raises(ParseError) as parts:
        stream_load.load_store([path], store=ox.Store())
    assert str(parts.value) == str(whole.value)
    assert whole.value.line is not None and whole.value.line > 40  # past the first part


def test_a_string_open_past_the_token_limit_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chunked, "MAX_TOKEN", 100)
    monkeypatch.setattr(chunked, "PART", 16)
    text = "@prefix ex: <http://example.org/> .\nex:a ex:p '''" + "words\n" * 100 + "''' .\n"
    with pytest.raises(ParseError) as refused:
        stream_load.load_store([write(tmp_path, "long.ttl", text)], store=ox.Store())
    assert str(refused.value).startswith(f"{tmp_path / 'long.ttl'}:2:11: error: a string or IRI")


def test_a_json_ld_file_larger_than_memory_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "g.jsonld"
    path.write_text('{"@id": "http://example.org/a", "http://example.org/p": "x"}')
    monkeypatch.setattr(stream_load.os, "sysconf", lambda name: 4)  # 16 bytes available
    with pytest.raises(SvgRdfError) as refused:
        stream_load.load_store([path], store=ox.Store())
    assert "larger than the memory available" in str(refused.value)
    assert "convert it to N-Triples" in str(refused.value)
    monkeypatch.setattr(stream_load, "DISK_THRESHOLD", 0)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    result = CliRunner().invoke(cli, ["check", "--project", str(REPO), str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"{refused.value}\n"
    assert [p.name for p in tmp_path.iterdir()] == ["g.jsonld"]


# -- the temporary folder after an error and Ctrl-C -----------------------------------------


def test_the_folder_is_removed_after_a_parse_error(
    project: Project, scratch_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream_load, "DISK_THRESHOLD", 0)
    good = write(tmp_path, "good.nt", GOOD["plain.nt"])
    bad = write(tmp_path, "bad.nt", BAD["no-dot.nt"])
    with pytest.raises(ParseError):
        api.check([good, bad], project=project)
    assert not list(scratch_root.iterdir())


@pytest.mark.parametrize("failure", [RuntimeError("a defect"), KeyboardInterrupt()])
def test_the_folder_is_removed_when_the_check_stops_after_loading(
    failure: BaseException,
    project: Project,
    scratch_root: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(stream_load, "DISK_THRESHOLD", 0)
    made: list[Path] = []

    def stop(store: ox.Store, *args: object, **kwargs: object) -> None:
        made.extend(scratch_root.iterdir())
        assert len(store) > 0
        raise failure

    monkeypatch.setattr(validation_check, "validate_store", stop)
    with pytest.raises(type(failure)):
        api.check([CORPUS / "combined-values.ttl"], project=project)
    assert [f.name[:14] for f in made] == ["svg-rdf-check-"]
    assert not list(scratch_root.iterdir())


def start(args: list[str], tmp: Path, **streams: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "TMPDIR": str(tmp)}
    command = [sys.executable, "-c", WRAPPER, *args]
    return subprocess.Popen(command, env=env, cwd=REPO, stdout=subprocess.PIPE, **streams)  # type: ignore[call-overload, no-any-return]


@pytest.mark.slow
def test_the_folder_is_removed_after_ctrl_c(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from check_benchmark import generate
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    graph = generate(400_000, tmp_path)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    process = start(["0", "2", "check", str(graph)], tmp, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not list(tmp.iterdir()) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None, "the check ended before its store's folder was seen"
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130
    assert stderr.decode().strip() == "interrupted"
    assert not list(tmp.iterdir())


# -- progress -------------------------------------------------------------------------------


def test_progress_bars_show_on_a_terminal_and_not_otherwise(tmp_path: Path) -> None:
    args = ["0", "0", "check", "--project", str(REPO), str(CORPUS / "combined-values.ttl")]
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    main, terminal = pty.openpty()
    process = start(args, tmp, stderr=terminal)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    process.communicate(timeout=120)
    assert process.returncode == 1
    text = shown.decode("utf-8", "replace")
    assert "loading" in text and "100%" in text
    assert "checking" in text
    quiet = start(args, tmp, stderr=subprocess.PIPE)
    out, err = quiet.communicate(timeout=120)
    assert quiet.returncode == 1
    assert err == b""
    assert b"warning" in out or b"violation" in out
    assert not list(tmp.iterdir())
