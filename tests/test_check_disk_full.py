"""`check` past the disk threshold on a full disk: one line naming the temporary folder and
the fix, exit 2, nothing on stdout, and no temporary folder left behind.

The threshold (svg_rdf.validation.stream_load.DISK_THRESHOLD) is patched to 0. A full disk is
simulated where the store writes (pyoxigraph raises an OSError without an errno, whose text
names the reason), and met for real on a 1 MiB tmpfs when this process may mount one (root
with CAP_SYS_ADMIN; elsewhere, CI included, that test skips and says why).
"""

from __future__ import annotations

import errno
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from svg_rdf.cli import cli
from svg_rdf.validation import stream_load
from tests.broken_corpus import CORPUS
from tests.conftest import REPO

FULL = "IO error: No space left on device: While appending to file: {}/000008.log: No space"
FIX = "free space there (the store takes about as much as the input files), or point TMPDIR"


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The TMPDIR of the check, with the store on disk past a threshold of 0 bytes."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setattr(stream_load, "DISK_THRESHOLD", 0)
    return folder


def refused(root: Path, *files: Path) -> str:
    result = CliRunner().invoke(cli, ["check", "--project", str(REPO), *map(str, files)])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"{root}: error: the check's temporary store could not be")
    assert FIX in result.stderr
    assert not list(root.iterdir())  # no temporary folder left
    return result.stderr


def test_a_full_disk_while_the_store_is_filled(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(store: ox.Store, *args: object) -> None:
        raise OSError(FULL.format(next(root.iterdir())))

    monkeypatch.setattr(stream_load, "_fill", full)
    err = refused(root, CORPUS / "combined-values.ttl")
    assert "written there: No space left on device;" in err
    assert "000008.log" not in err  # the reason, not the store's file, which is gone


def test_a_full_disk_while_a_json_ld_file_is_read_whole(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "g.jsonld"
    path.write_text('{"@id": "http://example.org/a", "http://example.org/p": "x"}')

    def full(store: ox.Store, *args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(stream_load, "_load_one", full)
    assert "written there: No space left on device;" in refused(root, path)


@pytest.mark.parametrize("where", ["Store", "mkdtemp"])
def test_a_full_disk_before_the_store_is_made(
    where: str, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    target = stream_load.ox if where == "Store" else stream_load.tempfile
    monkeypatch.setattr(target, where, full)
    assert "written there: No space left on device;" in refused(
        root, CORPUS / "combined-values.ttl"
    )


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A mounted 1 MiB tmpfs; skips (CI included) where this process may not mount one."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip() or 'not permitted'}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_real_full_disk(tiny_disk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "graph.nt"  # about 3 MB, whose store does not fit in 1 MiB
    path.write_text(
        "".join(
            f'<http://example.org/s{n}> <http://example.org/p> "value {n} of the big graph" .\n'
            for n in range(40_000)
        )
    )
    monkeypatch.setattr(tempfile, "tempdir", str(tiny_disk))
    monkeypatch.setattr(stream_load, "DISK_THRESHOLD", 0)
    assert "written there: No space left on device;" in refused(tiny_disk, path)
