"""export/reuse.py: a rebuild links the previous output's unchanged files instead of writing
them again, and never a file whose bytes, links, owner, mode or path say it is not ours."""

from __future__ import annotations

import os
from pathlib import Path

from svg_rdf.export.reuse import Reuser, current_umask
from svg_rdf.export.writer import OutputFile, publish_set


def files(**contents: bytes) -> list[OutputFile]:
    return [
        OutputFile(name.replace("__", "/"), data, "text/plain") for name, data in contents.items()
    ]


def inode(path: Path) -> int:
    return os.lstat(path).st_ino


def test_an_unchanged_file_is_linked_and_a_changed_one_written(tmp_path: Path) -> None:
    out = tmp_path / "output"
    publish_set(out, files(a=b"same", b=b"old!", site__c=b"page"))
    before = {name: inode(out / name) for name in ("a", "b", "site/c")}
    publish_set(out, files(a=b"same", b=b"new!", site__c=b"page"))  # b: same size, new bytes
    assert (out / "a").read_bytes() == b"same" and inode(out / "a") == before["a"]
    assert (out / "site/c").read_bytes() == b"page" and inode(out / "site/c") == before["site/c"]
    assert (out / "b").read_bytes() == b"new!" and inode(out / "b") != before["b"]
    assert os.lstat(out / "a").st_nlink == 1  # the old set is gone


def test_a_file_linked_elsewhere_is_written_afresh(tmp_path: Path) -> None:
    out = tmp_path / "output"
    publish_set(out, files(a=b"same"))
    os.link(out / "a", tmp_path / "mine")  # someone keeps the old file under another name
    publish_set(out, files(a=b"same"))
    assert inode(out / "a") != inode(tmp_path / "mine")  # a later change there is not ours


def test_a_file_of_another_mode_is_written_with_the_umask_mode(tmp_path: Path) -> None:
    out = tmp_path / "output"
    publish_set(out, files(a=b"same"))
    os.chmod(out / "a", 0o600)
    publish_set(out, files(a=b"same"))
    umask = current_umask()
    assert umask is not None
    assert os.lstat(out / "a").st_mode & 0o777 == 0o666 & ~umask


def test_a_file_behind_a_link_inside_output_is_never_linked(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "c").write_bytes(b"page")
    os.chmod(outside / "c", 0o666 & ~(current_umask() or 0))
    old = tmp_path / "old"
    (old / "site").mkdir(parents=True)
    (old / "site" / "deep").symlink_to(outside)
    new = tmp_path / "new"
    (new / "site" / "deep").mkdir(parents=True)
    reuser = Reuser(old, new)
    assert not reuser.link("site/deep/c", b"page")
    assert not (new / "site" / "deep" / "c").exists()


def test_a_file_changed_under_the_same_size_is_not_linked(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    (old / "a").write_bytes(b"abcd")
    os.chmod(old / "a", 0o666 & ~(current_umask() or 0))
    reuser = Reuser(old, new)
    assert not reuser.link("a", b"abce")
    assert not (new / "a").exists()  # nothing left: the caller writes it
    assert reuser.link("a", b"abcd")
    assert inode(new / "a") == inode(old / "a")
    assert not reuser.link("missing", b"x")
