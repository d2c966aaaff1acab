"""Register: the steps of svg_rdf.add_source (svg_rdf/api/add_source.py), a text file ->
a copy in seeds/ and its [[source]] entry, checksum recorded.

The copy and the registry are written only when everything is valid: the text is strict
UTF-8, its licence an IRI or an SPDX id, its name and contents new to the registry.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
from pathlib import Path

from svg_rdf.curation.sources import load_sources, suggest_stem
from svg_rdf.errors import SourceError, SvgRdfError
from svg_rdf.licenses import license_iri
from svg_rdf.model import MAX_SOURCE_STEM, SOURCE_STEM, SourceDocument
from svg_rdf.project import Project

_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$")


def source_stem(path: Path) -> str:
    """The name a text at `path` is registered under: its file's stem when that is a valid
    source name (lowercase letters, digits, '_', '-'), else the stem lowercased with each
    run of other characters turned into '_' ("Alpha Town (history)" -> alpha_town_history)."""
    return suggest_stem(path.stem)


def check_options(stem: str, *, title: str, license: str, language: str, url: str | None) -> None:
    """Refuse a bad name, title, licence, language or URL (SvgRdfError naming the option)."""
    if not SOURCE_STEM.match(stem) or len(stem) > MAX_SOURCE_STEM:
        raise SvgRdfError(
            f"--name {stem!r} must be at most {MAX_SOURCE_STEM} lowercase letters, digits, "
            "'_' or '-'",
            fix=f"e.g. --name {suggest_stem(stem)}",
        )
    if not title.strip():
        raise SvgRdfError("--title is empty", fix="give the source's title")
    if license_iri(license) is None:
        raise SvgRdfError(
            f"--license {license!r} is neither an IRI nor an SPDX licence id",
            fix="e.g. --license CC-BY-SA-4.0 or --license https://example.org/licence",
        )
    if not _LANGUAGE.match(language):
        raise SvgRdfError(f"--language {language!r} is not a language code", fix="e.g. en")
    if url is not None and not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", url):
        raise SvgRdfError(f"--url {url!r} is not an http(s) URL", fix="give the page's URL")


def check_new(project: Project, stem: str, sha256: str, display: str) -> None:
    """Refuse a name or a text the registry holds already."""
    registered = load_sources(project) if _has_sources(project) else ()
    for source in registered:
        if source.stem == stem:
            raise SvgRdfError(
                f"a source named {source.filename} is registered already",
                path=project.relative(project.source_registry),
                fix="pass --name with another name",
            )
        if source.sha256 == sha256:
            raise SvgRdfError(
                f"this text is registered already as {source.filename}",
                path=display,
                fix="a source is registered once",
            )


def write_source(
    project: Project, target: Path, data: bytes | None, entry: str, stem: str
) -> SourceDocument:
    """Write the copy (`data`; None when the file is in seeds/ already), append `entry` to
    the registry and read the source back as the build will; on any failure put both back
    as they were and raise (an OSError as one SourceError saying what to do)."""
    registry = project.source_registry
    before = registry.read_text(encoding="utf-8") if registry.exists() else ""
    separator = "" if not before or before.endswith("\n") else "\n"
    written = False
    try:
        if data is not None:
            _write_atomically(target, data)
        written = True
        _write_atomically(registry, (before + separator + entry).encode("utf-8"))
        return next(s for s in load_sources(project) if s.stem == stem)
    except BaseException as exc:
        with contextlib.suppress(OSError):  # never hide the error that brought us here
            if written and data is not None:
                target.unlink(missing_ok=True)
            if written and (before or registry.exists()):
                _write_atomically(registry, before.encode("utf-8"))
        if isinstance(exc, OSError):
            read_only = exc.errno == errno.EROFS
            raise SourceError(
                "cannot write into seeds/ ("
                + ("a read-only file system" if read_only else exc.strerror or str(exc))
                + "); nothing was registered",
                path=project.relative(project.seeds),
                fix="add the source in a writable copy of the project"
                if read_only
                else "check the permissions of seeds/ and the free space",
            ) from None
        raise


def _has_sources(project: Project) -> bool:
    """True when the registry exists and registers at least one source."""
    registry = project.source_registry
    return registry.exists() and "[[source]]" in registry.read_text(encoding="utf-8")


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(name, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
