"""Writer: verify every output file with a strict second parser, then publish it atomically.

`publish_set` writes the build's output/ as one set: a reader sees the old set or the new
one, never a mix, whatever stops the build (design: export/switch.py). `publish` writes
single files into any folder (`export --output`, `wikidata-diff`), each replaced
atomically, and refuses to change one member of a set described by a void.ttl there.
Both take a lock on the folder they write into, remove the temporary files and folders
that killed writers left, and create files with the umask's mode (0666 less the umask).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from svg_rdf.errors import ExportError
from svg_rdf.export import manifest
from svg_rdf.export.reuse import Reuser
from svg_rdf.export.switch import (
    Switched,
    fsync_folder,
    generation_name,
    is_temporary,
    locked,
    recover,
    remove_or_say,
    remove_tree,
    switch,
    temporary_name,
    write_file,
)


@dataclass(frozen=True)
class OutputFile:
    """Bytes to publish as `name`; `expected` is the graph an RDF file must parse back to."""

    name: str
    data: bytes = field(repr=False)
    media_type: str
    rdf_format: ox.RdfFormat | None = None
    expected: frozenset[ox.Triple] | None = field(default=None, repr=False)


def verify(file: OutputFile) -> None:
    """Raise ExportError unless `file` parses strictly to exactly its expected triples."""
    if file.rdf_format is None or file.expected is None:
        return
    try:
        parsed = {
            quad.triple for quad in ox.parse(file.data, format=file.rdf_format, base_iri=None)
        }
    except SyntaxError as exc:
        raise ExportError(
            f"the strict parser rejects the written {file.name}: {exc}",
            path=file.name,
            fix="this is a bug in svg-rdf; please report it",
        ) from None
    if parsed != file.expected:
        missing = sorted(str(t) for t in file.expected - parsed)[:1]
        extra = sorted(str(t) for t in parsed - file.expected)[:1]
        raise ExportError(
            f"{file.name} does not re-parse to the built graph "
            f"({len(file.expected - parsed)} triples lost, {len(parsed - file.expected)} "
            f"added; e.g. lost {missing}, added {extra})",
            path=file.name,
            fix="this is a bug in svg-rdf; please report it",
        )


class PublishInterrupted(KeyboardInterrupt):
    """Ctrl-C while publishing; `published` says whether the folder already holds the
    new set."""

    def __init__(self, published: bool) -> None:
        super().__init__()
        self.published = published


Waiting = Callable[[str], None]


def publish_set(
    directory: Path, files: Sequence[OutputFile], *, on_wait: Waiting | None = None
) -> None:
    """Verify every file, then make `directory` hold exactly these files, as one switch.

    Files already in `directory` that are not in `files` are kept (carried into the new
    set); leftovers of killed writers are removed. Raises ExportError (the folder left
    as it was) when a file fails verification or cannot be written, or when a name to
    write is taken by a folder; raises PublishInterrupted on Ctrl-C.
    """
    for file in files:
        verify(file)
    if directory.is_symlink():
        # a cloned project must not make a build write elsewhere (issue 24, item 3)
        raise ExportError(
            "is a symbolic link, and svg-rdf never writes through a link",
            path=directory,
            fix="remove the link (not what it points to) and build again",
        )
    target = directory.parent.resolve() / directory.name
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(
            f"cannot create the folder: {exc.strerror}", path=target.parent, fix=_fix(exc)
        ) from None
    _refuse_read_only(target)
    names = {file.name for file in files}
    record = Switched()
    new: Path | None = None
    try:
        with locked(target.parent, on_wait):
            recover(target)
            carried = _carried(target, names)
            new = generation_name(target, "new")
            os.mkdir(new, 0o777)
            unchanged = Reuser(target, new)
            made = {new}
            for file in files:
                folder = (new / file.name).parent
                if folder not in made:  # site/...: made once, not once a file
                    folder.mkdir(parents=True, exist_ok=True)
                    made.add(folder)
                if not unchanged.link(file.name, file.data):
                    write_file(new / file.name, file.data)
            for name in carried:
                _carry(target / name, new / name)
            fsync_folder(new)
            switch(new, target, record)
            fsync_folder(target.parent)
            if record.previous is not None:
                remove_or_say(record.previous, "the new output is in place, but the previous one")
    except KeyboardInterrupt:
        raise PublishInterrupted(record.done) from None
    except OSError as exc:
        state = "it holds the new files" if record.done else "it was left as it was"
        raise ExportError(
            f"cannot write the output ({_what(exc)}); {state}", path=directory, fix=_fix(exc)
        ) from None
    finally:
        if new is not None and not record.done:
            with contextlib.suppress(OSError):  # never hide the error that brought us here
                remove_tree(new)


def _what(exc: OSError) -> str:
    if exc.errno == errno.EROFS:
        return "the folder is on a read-only file system"
    return exc.strerror or str(exc)


def _fix(exc: OSError) -> str:
    """What to do about a failed write, by its cause."""
    if exc.errno == errno.EROFS:
        return "build in a writable copy of the project (cp -r), or remount it read-write"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "you may not write there: check the permissions of the folder and its parent"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "free some disk space and build again"
    return "check the folder's permissions and free space"


def _refuse_read_only(target: Path) -> None:
    """Raise ExportError when `target` or a folder in it has no write permission for its
    owner: someone made it read-only, and replacing it would leave the old set behind
    (it cannot be removed without write permission)."""
    if not target.is_dir() or target.is_symlink():
        return
    for folder, subfolders, _ in os.walk(target):
        subfolders.sort()
        mode = os.lstat(folder).st_mode
        if stat.S_ISDIR(mode) and not mode & stat.S_IWUSR:
            raise ExportError(
                f"is read-only (mode {stat.S_IMODE(mode):04o}), so svg-rdf leaves the output "
                "as it is",
                path=folder,
                fix=f"make it writable (chmod -R u+w '{target}') and build again",
            )


def _carried(target: Path, names: set[str]) -> list[str]:
    """The entries of `target` to carry into the new set: files svg-rdf does not write.

    Raises ExportError for a name to write that is not a plain file, and for a folder:
    the set is replaced as a whole, and a folder cannot be carried in one step.
    """
    if not target.exists():
        return []
    if not target.is_dir():
        raise ExportError(
            "is not a folder", path=target, fix="remove or rename it; svg-rdf writes a folder here"
        )
    carried = []
    # folders the build writes whole (the site): the new set brings them, so the old
    # copy, with pages of entities since removed, goes with the old set
    owned = {name.split("/", 1)[0] for name in names if "/" in name}
    for entry in sorted(os.scandir(target), key=lambda e: e.name):
        path = target / entry.name
        if entry.is_symlink():
            # carried, a link would publish what it points to (a file outside the project)
            raise ExportError(
                "is a symbolic link inside the output folder, which svg-rdf never carries "
                "into a new build",
                path=path,
                fix="remove the link, or put the file itself there",
            )
        if entry.name in names:
            if not entry.is_file():
                raise ExportError(
                    "is not a plain file, and svg-rdf writes a file of that name",
                    path=path,
                    fix="remove or rename it, then build again",
                )
        elif entry.name in owned and entry.is_dir(follow_symlinks=False):
            continue
        elif any(is_temporary(entry.name, name) for name in names):
            continue  # left by a killed writer of an older svg-rdf: dropped
        elif entry.is_dir(follow_symlinks=False):
            raise ExportError(
                "is a folder inside the output folder, which svg-rdf replaces as a whole",
                path=path,
                fix="move it out of the output folder",
            )
        else:
            carried.append(entry.name)
    return carried


def _carry(source: Path, target: Path) -> None:
    """Put a file the build does not write into the new set: a link to the same file
    (`_carried` refused symbolic links)."""
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links
        shutil.copy2(source, target)


def publish(
    directory: Path, files: Sequence[OutputFile], *, on_wait: Waiting | None = None
) -> None:
    """Verify every file, then replace each in `directory` atomically (one by one).

    Raises ExportError (that file left as it was) when a file fails verification or
    cannot be written, and when it would change one file of a set that a void.ttl in
    `directory` describes (use `publish_set` for that).
    """
    for file in files:
        verify(file)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(
            f"cannot create the output folder: {_what(exc)}", path=directory, fix=_fix(exc)
        ) from None
    for file in files:
        target = directory / file.name
        if target.is_dir():
            raise ExportError(
                "is a folder", path=target, fix="remove or rename it, or write elsewhere"
            )
        manifest.refuse_changing_a_member(directory, file.name, file.data)
    temporary: list[tuple[Path, Path]] = []
    try:
        with locked(directory, on_wait):
            for entry in os.listdir(directory):
                if any(is_temporary(entry, file.name) for file in files):
                    remove_tree(directory / entry)  # a killed writer's: none runs now
            for file in files:
                name = temporary_name(directory / file.name)
                temporary.append((name, directory / file.name))
                write_file(name, file.data)
            for source, target in temporary:
                os.replace(source, target)
            fsync_folder(directory)
    except OSError as exc:
        raise ExportError(
            f"cannot write the output: {_what(exc)}", path=directory, fix=_fix(exc)
        ) from None
    finally:
        for source, _ in temporary:
            with contextlib.suppress(OSError):  # never hide the error that brought us here
                source.unlink()
