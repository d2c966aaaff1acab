"""Export: the file-system steps behind the writer (lock, generation folders, the switch).

Design (issue 15): output/ stays a plain folder of plain files, so git, editors and every
reader find `output/svg-rdf.ttl` where it always was. A build never writes into it:

1. It takes an exclusive `flock` on output/'s parent folder (the project folder), so two
   builds publish one after the other; the second waits, and says so.
2. Under the lock, anything named `.<output>.svg-rdf-*` beside output/ is the leftover of
   a build that was killed (no running build can own it: it would hold the lock), and
   is removed.
3. It writes the new set into a sibling generation folder `.<output>.svg-rdf-new-<token>`
   (files created with mode 0666 and folders with 0777, both less the umask), fsyncs
   every file and the folder.
4. One `renameat2(RENAME_EXCHANGE)` swaps the generation folder and output/: a single
   system call, so output/ is the old set before it and the new set after it, whatever
   stops the process. The old set, now at the generation name, is then removed.

A reader that opens output/ once (a folder handle, `cd output`) sees one set. A reader
that opens the files one by one through the path output/... can straddle a switch
like any reader of a changing folder; `svg-rdf check` verifies the set against
void.ttl's sizes and SHA-256 sums and says so when it meets a mix.

Where the file system cannot exchange two names (not Linux, or a file system without
RENAME_EXCHANGE), the switch is two renames: output/ -> old name, new -> output/.
Between them output/ is absent, never mixed; a build killed exactly there leaves the
old set at `.<output>.svg-rdf-old-<token>`, and the next build moves it back before
anything else.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import secrets
import shutil
import signal
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from svg_rdf.errors import ExportError

TAG = "svg-rdf"
_RENAME_EXCHANGE = 2  # <linux/fs.h>
_AT_FDCWD = -100
_BLOCKED = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


def generation_name(target: Path, kind: str) -> Path:
    """A fresh sibling of `target` for a generation: `.<name>.svg-rdf-<kind>-<token>`."""
    return target.parent / f".{target.name}.{TAG}-{kind}-{secrets.token_hex(6)}"


def is_generation(target: Path, name: str) -> bool:
    """Whether `name` (an entry beside `target`) is one of its generation folders."""
    return name.startswith(f".{target.name}.{TAG}-")


def temporary_name(target: Path) -> Path:
    """A fresh temporary name for a single file beside `target`."""
    return target.parent / f".{target.name}.{TAG}-tmp-{secrets.token_hex(6)}"


def is_temporary(name: str, target_name: str) -> bool:
    """Whether `name` is a temporary file made for `target_name`, by this writer or the
    one before it (`tempfile.mkstemp`: `.<name>.<8 characters>.tmp`)."""
    if name.startswith(f".{target_name}.{TAG}-tmp-"):
        return True
    prefix = f".{target_name}."
    middle = name[len(prefix) : -len(".tmp")]
    return name.startswith(prefix) and name.endswith(".tmp") and len(middle) == 8


@contextlib.contextmanager
def locked(folder: Path, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold an exclusive flock on `folder` (a directory) for the duration.

    Every svg-rdf writer into `folder` takes it, so writers run one at a time; when it
    is taken, `on_wait` is told once, then the call blocks until it is free.
    """
    try:
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as exc:
        raise ExportError(
            f"cannot open the folder to lock it: {exc.strerror}",
            path=folder,
            fix="check that it exists and that you may read it",
        ) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait(
                    f"{folder}: another svg-rdf build is writing here; waiting for it to finish"
                )
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing the last descriptor releases the lock


def write_file(path: Path, data: bytes) -> None:
    """Create `path` (it must not exist) with `data`, mode 0666 less the umask, fsynced."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
        os.fsync(handle)
    finally:
        os.close(handle)


def fsync_folder(folder: Path) -> None:
    """Make the folder's entries durable (renames and new names in it)."""
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def remove_tree(path: Path) -> None:
    """Remove a generation folder or file, whatever it holds; missing is fine."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def remove_or_say(path: Path, what: str) -> None:
    """Remove a generation folder as `remove_tree` does; raise ExportError naming it, with
    the commands to remove it, when it is still there (a read-only folder inside it)."""
    remove_tree(path)
    if os.path.lexists(path):
        raise ExportError(
            f"{what} could not be removed (something in it is read-only)",
            path=path,
            fix=f"make it writable and remove it: chmod -R u+w '{path}' && rm -rf '{path}'",
        )


def recover(target: Path) -> None:
    """Put back an old set left aside by a two-rename switch that was killed half-way,
    then remove every other generation folder of `target`. Call it under the lock."""
    parent = target.parent
    leftovers = sorted(entry for entry in os.listdir(parent) if is_generation(target, entry))
    for name in leftovers:
        if (parent / name).is_symlink():  # svg-rdf makes folders here, never links
            raise ExportError(
                "is a symbolic link where svg-rdf keeps its own unfinished builds",
                path=parent / name,
                fix="remove the link (not what it points to) and build again",
            )
    if not target.exists():
        old = [name for name in leftovers if name.startswith(f".{target.name}.{TAG}-old-")]
        if old:
            os.rename(parent / old[0], target)
            leftovers.remove(old[0])
    for name in leftovers:
        remove_or_say(parent / name, "a leftover of an earlier svg-rdf build")


def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        function: Callable[..., int] = libc.renameat2
    except (OSError, AttributeError):  # a C library older than glibc 2.28
        return None
    return function


def exchange(new: Path, target: Path) -> bool:
    """Swap the names `new` and `target` in one system call; False when not supported."""
    function = _renameat2()
    if function is None:
        return False
    result = function(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(target), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(target))


@dataclass
class Switched:
    """What `switch` did: `done` once `target` is the new set; `previous` is where the old
    set now is (to be removed), None when there was none."""

    done: bool = False
    previous: Path | None = None


def switch(new: Path, target: Path, record: Switched) -> None:
    """Make the complete folder `new` become `target`, atomically where the system can.

    SIGINT, SIGTERM and SIGHUP are held back from before the switch until `record` says
    what happened, so an interrupted caller always knows which set output/ holds.
    """
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _BLOCKED)
    try:
        if not target.exists():
            os.rename(new, target)  # atomic; fails if target appeared meanwhile
            record.done = True
        elif exchange(new, target):
            record.previous, record.done = new, True  # the old set now has the new name
        else:
            old = generation_name(target, "old")
            os.rename(target, old)
            try:
                os.rename(new, target)
            except BaseException:
                os.rename(old, target)  # put the old set back
                raise
            record.previous, record.done = old, True
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
