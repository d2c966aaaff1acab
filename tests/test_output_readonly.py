"""A project or an output/ that cannot be written (issue 24 item 9).

A project bind-mounted read-only made the build print a traceback (the cleanup in
`finally` failed too and hid the real error); an output/ made read-only (chmod 555) was
replaced without a word, and the old set, which could not be removed, stayed beside it
for good. Now each is one line saying what happened and what to do, exit 2, and output/
is left as it was.

Tests run as root, whom chmod does not stop, so the read-only file system is real: a
read-only bind mount in a private mount namespace (`unshare --mount`), skipped where
namespaces are unavailable and failed under CI=true when the tool is missing. The same
faults are also injected in process: every file-system call the writer makes, from the
k-th on, fails with EROFS (or EACCES), for every k.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from svg_rdf.cli import cli
from svg_rdf.errors import ExportError
from svg_rdf.export import switch
from svg_rdf.export.writer import publish, publish_set
from tests.conftest import make_project
from tests.needs import missing
from tests.test_output_set import as_dict, files_of, generation, in_child, leftovers

TIMEOUT = 120
MUTATING = ["mkdir", "rename", "replace", "link", "unlink", "rmdir", "symlink", "write"]


def _namespaces() -> None:
    """Skip (fail under CI=true) unless a private mount namespace can be made here."""
    tool = shutil.which("unshare")
    if tool is None:
        missing("unshare", "apt-get install util-linux")
    probe = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "true"],
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    if probe.returncode != 0:
        pytest.skip(f"no private mount namespace here: {probe.stderr.decode().strip()}")


def _build_read_only(project: Path) -> subprocess.CompletedProcess[str]:
    """`svg-rdf build` with the project folder bind-mounted read-only over itself."""
    script = (
        'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && '
        'exec "$2" -m svg_rdf build --project "$1"'
    )
    return subprocess.run(
        [
            "unshare",
            "--mount",
            "--propagation",
            "private",
            "sh",
            "-c",
            script,
            "sh",
            str(project),
            sys.executable,
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


@pytest.mark.parametrize("built_before", [True, False])
def test_a_read_only_project_is_one_line(built_before: bool, tmp_path: Path) -> None:
    _namespaces()
    project = make_project(tmp_path / "p")
    if built_before:
        assert CliRunner().invoke(cli, ["build", "--project", str(project)]).exit_code == 0
    before = files_of(project / "output") if built_before else None
    result = _build_read_only(project)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "read-only file system" in result.stderr, result.stderr
    assert "writable copy" in result.stderr, result.stderr
    if built_before:
        assert files_of(project / "output") == before
    else:
        assert not (project / "output").exists()
    assert leftovers(project) == []


def read_only_from(at: int, code: int) -> None:
    """From the `at`-th file-system call on (in this process), every call that would
    change the file system fails with `code`, as on a read-only mount."""
    count = [0]

    def wrap(function: Callable[..., Any], mutating: bool) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            count[0] += 1
            flags = args[1] if function is real_open and len(args) > 1 else os.O_RDONLY
            writes = mutating or bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
            if count[0] >= at and writes:
                raise OSError(code, os.strerror(code))
            return function(*args, **kwargs)

        return counted

    real_open = os.open
    os.open = wrap(os.open, False)  # type: ignore[assignment]
    for name in [*MUTATING, "fsync", "close", "scandir", "listdir"]:
        setattr(os, name, wrap(getattr(os, name), name in MUTATING))
    switch.exchange = wrap(switch.exchange, True)  # type: ignore[method-assign]


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_a_file_system_turning_read_only_at_any_call_is_an_export_error(
    code: int, tmp_path: Path
) -> None:
    old, new = generation("old"), generation("new")
    outcomes = set()
    for at in range(1, 200):
        project = tmp_path / f"{code}-{at}"
        publish_set(project / "output", old)

        def body(project: Path = project, at: int = at) -> None:
            read_only_from(at, code)
            publish_set(project / "output", new)

        result = in_child(body)
        outcomes.add(result)
        # 0: finished before the fault; 5: ExportError; 4 would be another exception
        assert result in (0, 5), (at, result)
        assert files_of(project / "output") in (as_dict(old), as_dict(new)), at
        if result == 0:
            break
    assert outcomes == {0, 5}


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_a_read_only_folder_for_export_is_an_export_error(code: int, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()

    def body() -> None:
        read_only_from(1, code)
        publish(folder, generation("x"))

    assert in_child(body) == 5


@pytest.mark.parametrize("inside", ["", "site"])
def test_a_read_only_output_folder_is_left_as_it_is_and_named(inside: str, tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    runner = CliRunner()
    assert runner.invoke(cli, ["build", "--project", str(project)]).exit_code == 0
    folder = project / "output" / inside
    before = files_of(project / "output")
    folder.chmod(0o555)
    try:
        result = runner.invoke(cli, ["build", "--project", str(project)])
        assert result.exit_code == 2, result.output
        assert result.stderr.count("\n") == 1, result.stderr
        assert "read-only (mode 0555)" in result.stderr, result.stderr
        assert str(folder) in result.stderr and "chmod -R u+w" in result.stderr
        assert files_of(project / "output") == before
        assert leftovers(project) == []
        assert stat.S_IMODE(folder.stat().st_mode) == 0o555
    finally:
        folder.chmod(0o755)
    assert runner.invoke(cli, ["build", "--project", str(project)]).exit_code == 0


def test_a_leftover_that_cannot_be_removed_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "p"
    publish_set(project / "output", generation("old"))
    stuck = project / ".output.svg-rdf-new-0123456789ab"
    (stuck / "site").mkdir(parents=True)
    (stuck / "site" / "page.html").write_text("old page\n", encoding="utf-8")
    real = shutil.rmtree

    def refusing(path: Any, *args: Any, **kwargs: Any) -> None:
        if Path(path) == stuck:
            return  # as rmtree(ignore_errors=True) does when it may not delete
        real(path, *args, **kwargs)

    monkeypatch.setattr(shutil, "rmtree", refusing)
    with pytest.raises(ExportError) as info:
        publish_set(project / "output", generation("new"))
    message = str(info.value)
    assert str(stuck) in message and "could not be removed" in message, message
    assert "chmod -R u+w" in message and "rm -rf" in message, message
    assert files_of(project / "output") == as_dict(generation("old"))


def test_add_source_into_a_read_only_project_is_one_line(tmp_path: Path) -> None:
    _namespaces()
    project = make_project(tmp_path / "p")
    text = tmp_path / "hello.txt"
    text.write_text("Hello text.\n", encoding="utf-8")
    registry = (project / "seeds" / "sources.toml").read_bytes()
    script = (
        'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && exec "$2" -m svg_rdf '
        'add-source "$3" --project "$1" --title T --license CC0-1.0'
    )
    result = subprocess.run(
        [
            "unshare",
            "--mount",
            "--propagation",
            "private",
            "sh",
            "-c",
            script,
            "sh",
            str(project),
            sys.executable,
            str(text),
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "read-only file system" in result.stderr and "nothing was registered" in result.stderr
    assert (project / "seeds" / "sources.toml").read_bytes() == registry
    assert not (project / "seeds" / "hello.txt").exists()
