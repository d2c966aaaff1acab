"""Export: void.ttl as the manifest of output/ (each file's size and SHA-256).

`verify_folder` checks that the files in a folder are the set its void.ttl describes;
`refuse_changing_a_member` keeps a single-file writer from breaking such a set.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from svg_rdf.errors import ExportError

MANIFEST = "void.ttl"
_IDENTIFIER = ox.NamedNode("http://purl.org/dc/terms/identifier")
_BYTE_SIZE = ox.NamedNode("http://www.w3.org/ns/dcat#byteSize")
_CHECKSUM = ox.NamedNode("http://spdx.org/rdf/terms#checksum")
_CHECKSUM_VALUE = ox.NamedNode("http://spdx.org/rdf/terms#checksumValue")
_ATTEMPTS = 3


@dataclass(frozen=True)
class Entry:
    """One file as void.ttl records it."""

    name: str
    size: int
    sha256: str


def parse(data: bytes) -> dict[str, Entry]:
    """The files a void.ttl describes, by name; raises SyntaxError or ValueError."""
    triples = [quad.triple for quad in ox.parse(data, format=ox.RdfFormat.TURTLE)]
    value: dict[tuple[object, ox.NamedNode], str] = {
        (t.subject, t.predicate): str(getattr(t.object, "value", t.object)) for t in triples
    }
    checksum = {t.subject: t.object for t in triples if t.predicate == _CHECKSUM}
    entries = {}
    for triple in triples:
        if triple.predicate != _IDENTIFIER:
            continue
        node = triple.subject
        size = value.get((node, _BYTE_SIZE))
        digest = value.get((checksum.get(node), _CHECKSUM_VALUE))
        if size is None or digest is None:
            continue
        name = str(getattr(triple.object, "value", triple.object))
        entries[name] = Entry(name, int(size), digest)
    return entries


def verify_folder(directory: Path) -> list[str]:
    """What is wrong with `directory` as the set its void.ttl describes (empty: nothing).

    The folder is opened once and every file read through that handle, so a build
    switching output/ meanwhile cannot make a mix look whole; if the folder is switched
    while it is read, it is read again.
    """
    for _ in range(_ATTEMPTS):
        handle = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            try:
                return _verify(handle, directory)
            except FileNotFoundError:
                if os.stat(directory).st_ino == os.fstat(handle).st_ino:
                    return [f"{directory}: a file vanished while it was read; check it again"]
        finally:
            os.close(handle)
    return [f"{directory}: changed {_ATTEMPTS} times while it was read; check it again"]


def _read(handle: int, name: str) -> bytes:
    descriptor = os.open(name, os.O_RDONLY | os.O_CLOEXEC, dir_fd=handle)
    with os.fdopen(descriptor, "rb") as stream:
        return stream.read()


def _verify(handle: int, directory: Path) -> list[str]:
    try:
        data = _read(handle, MANIFEST)
    except FileNotFoundError:
        if os.stat(directory).st_ino != os.fstat(handle).st_ino:
            raise
        return [f"{directory / MANIFEST}: missing, so the set cannot be verified"]
    try:
        entries = parse(data)
    except (SyntaxError, ValueError) as exc:
        return [f"{directory / MANIFEST}: not a valid manifest: {exc}"]
    if not entries:
        return [f"{directory / MANIFEST}: lists no files"]
    names = set(os.listdir(handle))
    problems = []
    for entry in sorted(entries.values(), key=lambda e: e.name):
        path = directory / entry.name
        if entry.name not in names:
            problems.append(f"{path}: listed in {MANIFEST} but missing")
            continue
        content = _read(handle, entry.name)
        if len(content) != entry.size:
            problems.append(f"{path}: {len(content)} bytes, {MANIFEST} records {entry.size}")
            continue
        digest = hashlib.sha256(content).hexdigest()
        if digest != entry.sha256:
            problems.append(
                f"{path}: SHA-256 {digest[:12]}..., {MANIFEST} records {entry.sha256[:12]}..."
            )
    return problems


def refuse_changing_a_member(directory: Path, name: str, data: bytes) -> None:
    """Raise ExportError if `name` belongs to the set `directory`/void.ttl describes and
    `data` differs from what it records (writing identical bytes is allowed)."""
    try:
        entries = parse((directory / MANIFEST).read_bytes())
    except (OSError, SyntaxError, ValueError):
        return  # no readable manifest: no set to keep whole
    entry = entries.get(name)
    if entry is None or name == MANIFEST:
        if name == MANIFEST and entries:
            raise ExportError(
                "is the manifest of the files beside it",
                path=directory / name,
                fix="write it elsewhere (--output), or run `svg-rdf build`",
            )
        return
    if len(data) == entry.size and hashlib.sha256(data).hexdigest() == entry.sha256:
        return
    raise ExportError(
        f"belongs to the set {MANIFEST} describes, and these bytes differ from it",
        path=directory / name,
        fix="run `svg-rdf build` to update the whole set, or write elsewhere with --output",
    )
