"""output/ as one set (issue 15, defects 1, 5 and 9): old or new, never a mix.

Faults are injected through a hook inside the writer's process: a forked child counts
every file-system call the writer makes and dies (`os._exit`, as SIGKILL would leave
it), raises KeyboardInterrupt or fails with ENOSPC at the k-th one, for every k; the
parent then reads output/. tests/test_output_strace.py does the same to a real process
with strace.
"""

from __future__ import annotations

import ctypes
import errno
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from svg_rdf.cli import cli
from svg_rdf.errors import ExportError
from svg_rdf.export import manifest, switch
from svg_rdf.export.writer import OutputFile, PublishInterrupted, publish, publish_set
from tests.conftest import make_project

NAMES = ["a.ttl", "b.nt", "c.jsonld", "void.ttl"]
HOOKED = ["open", "write", "fsync", "close", "rename", "replace", "mkdir", "link", "unlink"]
HOOKED += ["rmdir", "scandir", "listdir", "symlink"]


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def generation(label: str) -> list[OutputFile]:
    return [OutputFile(name, f"{name} of {label}\n".encode() * 50, "text/plain") for name in NAMES]


def as_dict(files: list[OutputFile]) -> dict[str, bytes]:
    return {f.name: f.data for f in files}


def leftovers(project: Path) -> list[str]:
    hidden = [p.name for p in project.iterdir() if p.name.startswith(".")]
    output = project / "output"
    if output.is_dir():
        hidden += [f"output/{p.name}" for p in output.iterdir() if p.name.startswith(".")]
    return hidden


def hook(fault: Callable[[], None], at: int) -> None:
    """From now on (in this process), the `at`-th file-system call runs `fault` first."""
    count = [0]

    def wrap(function: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            count[0] += 1
            if count[0] == at:
                fault()
            return function(*args, **kwargs)

        return counted

    for name in HOOKED:
        setattr(os, name, wrap(getattr(os, name)))
    switch.exchange = wrap(switch.exchange)  # type: ignore[method-assign]


def in_child(body: Callable[[], None]) -> int:
    """Run `body` in a forked child; its exit status (0 when it returned)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 0
        try:
            body()
        except BaseException as exc:
            code = 3 if isinstance(exc, PublishInterrupted) and exc.published else 4
            code = 5 if isinstance(exc, ExportError) else code
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def killed(code: int = 137) -> Callable[[], None]:
    return lambda: os._exit(code)


def interrupted() -> None:
    raise KeyboardInterrupt


def no_space() -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture(params=["exchange", "two renames"])
def switching(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways of switching: renameat2's exchange, and the fallback of two renames."""
    if request.param == "two renames":
        monkeypatch.setattr(switch, "_renameat2", lambda: None)
    return str(request.param)


def every_fault(
    tmp_path: Path, fault: Callable[[], None], switching: str
) -> Iterator[tuple[int, int, Path]]:
    """For k = 1, 2, ...: publish a new set over an old one with a fault at call k.

    Yields (k, the child's exit code, the project folder) until a run has no k-th call.
    """
    old, new = generation("old"), generation("new")
    for at in range(1, 200):
        project = tmp_path / f"{switching}-{at}"
        publish_set(project / "output", old)

        def body(project: Path = project, at: int = at) -> None:
            hook(fault, at)
            publish_set(project / "output", new)

        code = in_child(body)
        yield at, code, project
        if code == 0:
            return
    raise AssertionError("the writer never finished")


def test_a_kill_at_any_call_leaves_the_old_set_or_the_new(tmp_path: Path, switching: str) -> None:
    old, new, third = as_dict(generation("old")), as_dict(generation("new")), generation("3")
    seen = {"old": 0, "new": 0, "absent": 0}
    for at, code, project in every_fault(tmp_path, killed(), switching):
        output = project / "output"
        if not output.exists():
            assert switching == "two renames", f"output/ missing after a kill at call {at}"
            seen["absent"] += 1
        else:
            state = files_of(output)
            assert state in (old, new), f"a mix after a kill at call {at}"
            seen["old" if state == old else "new"] += 1
        assert code in (0, 137)
        # the next build cleans up whatever the killed one left, then publishes
        publish_set(output, third)
        assert files_of(output) == as_dict(third)
        assert leftovers(project) == []
    assert seen["old"] > 5 and seen["new"] >= 1, seen


def test_ctrl_c_at_any_call_leaves_a_whole_set_and_says_which(
    tmp_path: Path, switching: str
) -> None:
    old, new = as_dict(generation("old")), as_dict(generation("new"))
    for at, code, project in every_fault(tmp_path, interrupted, switching):
        state = files_of(project / "output")
        if code == 0:
            assert state == new
        else:
            # 3: PublishInterrupted(published=True); 4: published=False
            assert state == (new if code == 3 else old), f"call {at}: code {code}"
            assert leftovers(project) == [] or code == 3  # old set removal may be cut short


def test_a_failed_write_at_any_call_leaves_the_old_set(tmp_path: Path, switching: str) -> None:
    old, new = as_dict(generation("old")), as_dict(generation("new"))
    for at, code, project in every_fault(tmp_path, no_space, switching):
        state = files_of(project / "output")
        assert code in (0, 5), f"call {at}: exit {code}"
        assert state in (old, new), f"call {at}"
        if code == 5 and state == old:
            assert leftovers(project) == [], f"call {at}"


def test_a_kill_between_two_renames_is_repaired_by_the_next_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "p" / "output"
    publish_set(output, generation("old"))
    old = files_of(output)
    aside = switch.generation_name(output, "old")
    os.rename(output, aside)  # what a kill between the fallback's two renames leaves
    switch.recover(output)
    assert files_of(output) == old
    assert leftovers(output.parent) == []


def test_a_folder_where_a_file_goes_changes_nothing(tmp_path: Path) -> None:
    """The issue's reproduction: output/svg-rdf.jsonld a folder, one label changed."""
    project = make_project(tmp_path / "p")
    runner = CliRunner()
    assert runner.invoke(cli, ["build", "--project", str(project)]).exit_code == 0
    (project / "output" / "svg-rdf.jsonld").unlink()
    (project / "output" / "svg-rdf.jsonld").mkdir()
    before = {p.name: p.read_bytes() for p in (project / "output").iterdir() if p.is_file()}
    entities = next((project / "seeds" / "entities").glob("*.toml"))
    text = entities.read_text(encoding="utf-8")
    label = text.index('label = "') + len('label = "')
    entities.write_text(text[:label] + "Renamed " + text[label:], encoding="utf-8")

    result = runner.invoke(cli, ["build", "--project", str(project)])

    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert "svg-rdf.jsonld: is not a plain file" in result.stderr
    after = {p.name: p.read_bytes() for p in (project / "output").iterdir() if p.is_file()}
    assert after == before
    assert leftovers(project) == []


def test_files_carried_over_and_what_is_refused(tmp_path: Path) -> None:
    output = tmp_path / "p" / "output"
    publish_set(output, generation("old"))
    (output / "notes.txt").write_text("mine")
    (output / ".a.ttl.abcd1234.tmp").write_text("left by the old writer")
    publish_set(output, generation("new"))
    assert (output / "notes.txt").read_text() == "mine"
    assert not (output / ".a.ttl.abcd1234.tmp").exists()
    (output / "sub").mkdir()
    with pytest.raises(ExportError, match="is a folder inside the output folder"):
        publish_set(output, generation("third"))
    assert files_of(output / "sub") == {}


def test_a_symlinked_output_folder_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    """Issue 24, item 3: a cloned project's output/ linked elsewhere made the build fill
    (and chmod) that folder."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (elsewhere / "mine.txt").write_text("not the build's")
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "output").symlink_to(elsewhere)
    with pytest.raises(ExportError, match=r"output: is a symbolic link.*remove the link"):
        publish_set(tmp_path / "p" / "output", generation("new"))
    assert files_of(elsewhere) == {"mine.txt": b"not the build's"}
    assert elsewhere.stat().st_mode & 0o777 == 0o700
    assert leftovers(tmp_path / "p") == []


def test_a_planted_leftover_link_is_never_recovered(tmp_path: Path) -> None:
    """Issue 24, item 3: a `.output.svg-rdf-old-*` link was renamed to output/ by
    recovery and the other folder's files carried into the new set."""
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "id_rsa").write_text("secret")
    project = tmp_path / "p"
    project.mkdir()
    planted = project / f".output.{switch.TAG}-old-0123456789abcdef"
    planted.symlink_to(secret)
    with pytest.raises(ExportError, match="is a symbolic link where svg-rdf keeps"):
        publish_set(project / "output", generation("new"))
    assert not (project / "output").exists()
    assert files_of(secret) == {"id_rsa": b"secret"}


def test_a_link_inside_output_is_not_carried(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    output = tmp_path / "p" / "output"
    publish_set(output, generation("old"))
    (output / "notes.txt").symlink_to(secret)
    with pytest.raises(ExportError, match=r"notes\.txt: is a symbolic link inside the output"):
        publish_set(output, generation("new"))
    assert files_of(output) == {**as_dict(generation("old")), "notes.txt": b"secret"}


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_files_get_the_umask_mode(tmp_path: Path, umask: int, mode: int) -> None:
    """Defect 9: mkstemp made every output file 0600 whatever the umask."""

    def body() -> None:
        os.umask(umask)
        publish_set(tmp_path / "set" / "output", generation("old"))
        publish_set(tmp_path / "set" / "output", generation("new"))
        publish(tmp_path / "single", generation("one")[:1])

    assert in_child(body) == 0
    for path in [*(tmp_path / "set" / "output").iterdir(), *(tmp_path / "single").iterdir()]:
        assert path.stat().st_mode & 0o777 == mode, path
    folder_mode = (tmp_path / "set" / "output").stat().st_mode & 0o777
    assert folder_mode == 0o777 & ~umask


def test_stale_leftovers_are_removed_but_not_those_of_a_running_build(tmp_path: Path) -> None:
    """Defect 5: temp files of killed builds survived every later build."""
    project = make_project(tmp_path / "p")
    runner = CliRunner()
    assert runner.invoke(cli, ["build", "--project", str(project)]).exit_code == 0
    stale = project / ".output.svg-rdf-new-0123456789ab"
    stale.mkdir()
    (stale / "svg-rdf.ttl").write_bytes(b"x" * 1000)
    legacy = project / "output" / ".svg-rdf.nt.k2j4h5g6.tmp"
    legacy.write_bytes(b"half")

    # a build holds the lock (it is running): its generation folder is not touched
    with switch.locked(project.resolve()):
        process = subprocess.Popen(
            [sys.executable, "-m", "svg_rdf", "build", "--project", str(project)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert process.stderr is not None
        line = process.stderr.readline()
        assert "another svg-rdf build is writing here; waiting for it to finish" in line
        time.sleep(0.3)
        assert stale.exists() and legacy.exists()
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert leftovers(project) == []
    assert manifest.verify_folder(project / "output") == []


def test_two_builds_at_once_publish_one_whole_set_each(tmp_path: Path) -> None:
    """Two builds with different --base-iri: one after the other, never a mix."""
    project = make_project(tmp_path / "p")
    command = [sys.executable, "-m", "svg_rdf", "build", "--project", str(project)]
    processes = [
        subprocess.Popen([*command, "--base-iri", iri], stdout=subprocess.PIPE, text=True)
        for iri in ("https://one.example/", "https://two.example/")
    ]
    for process in processes:
        process.communicate(timeout=300)
        assert process.returncode == 0
    assert manifest.verify_folder(project / "output") == []
    turtle = (project / "output" / "svg-rdf.ttl").read_text(encoding="utf-8")
    nt = (project / "output" / "svg-rdf.nt").read_text(encoding="utf-8")
    base = "https://one.example/" if "https://one.example/" in turtle else "https://two.example/"
    assert base in nt and base in (project / "output" / "void.ttl").read_text()


def test_renameat2_exchange_is_used_where_the_system_has_it(tmp_path: Path) -> None:
    try:
        ctypes.CDLL(None).renameat2  # noqa: B018
    except AttributeError:
        pytest.skip("this C library has no renameat2 (glibc < 2.28)")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x").touch()
    assert switch.exchange(tmp_path / "a", tmp_path / "b")
    assert (tmp_path / "b" / "x").exists()


def test_check_verifies_the_set_against_void(tmp_path: Path) -> None:
    """A mix of two builds' files (each valid RDF) fails `check` of output/."""
    project = make_project(tmp_path / "p")
    other = make_project(tmp_path / "q")
    runner = CliRunner()
    assert runner.invoke(cli, ["build", "--project", str(project)]).exit_code == 0
    built = ["build", "--project", str(other), "--base-iri", "https://other.example/"]
    assert runner.invoke(cli, built).exit_code == 0
    assert runner.invoke(cli, ["check", "--project", str(project)]).exit_code == 0
    ttl = project / "output" / "svg-rdf.ttl"
    ttl.write_bytes((other / "output" / "svg-rdf.ttl").read_bytes())

    result = runner.invoke(cli, ["check", "--project", str(project)])

    assert result.exit_code == 1
    assert f"{ttl}: " in result.stderr and "void.ttl records" in result.stderr
    assert "run `svg-rdf build`" in result.stderr


def test_export_into_output_keeps_the_set_whole(tmp_path: Path) -> None:
    """`export` writes one file; into output/ it may not make that file disagree with
    void.ttl (the same bytes are fine, and any other folder is)."""
    project = make_project(tmp_path / "p")
    runner = CliRunner()
    assert runner.invoke(cli, ["build", "--project", str(project)]).exit_code == 0
    export = ["export", "--project", str(project), "--format", "turtle"]
    assert runner.invoke(cli, export).exit_code == 0
    before = files_of(project / "output")
    dataset = project / "seeds" / "dataset.toml"
    dataset.write_text(dataset.read_text().replace('title = "', 'title = "Renamed '))

    refused = runner.invoke(cli, export)

    assert refused.exit_code == 2
    assert "svg-rdf.ttl: belongs to the set void.ttl describes" in refused.stderr
    assert files_of(project / "output") == before
    elsewhere = runner.invoke(cli, [*export, "--output", str(tmp_path / "x.ttl")])
    assert elsewhere.exit_code == 0 and b"Renamed" in (tmp_path / "x.ttl").read_bytes()
