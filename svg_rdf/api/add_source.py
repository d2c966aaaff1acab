"""`svg_rdf.add_source`: what `svg-rdf add-source` does, a UTF-8 text copied into seeds/ and
registered in seeds/sources.toml with its checksum; nothing is written unless everything is
valid (the steps are svg_rdf.curation.register's)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from svg_rdf.api.project import PathLike
from svg_rdf.errors import SourceError, SvgRdfError

if TYPE_CHECKING:
    from svg_rdf.model import SourceDocument
    from svg_rdf.project import Project


def add_source(
    project: Project,
    file: PathLike,
    *,
    title: str,
    license: str,
    language: str = "en",
    kind: str = "text",
    url: str | None = None,
    name: str | None = None,
) -> SourceDocument:
    """Copy the UTF-8 text `file` into seeds/ as `<name>.txt` (a file already there stays
    where it is) and register it in seeds/sources.toml with its SHA-256, as `svg-rdf
    add-source` does. Without `name`, the file keeps its name when it is a valid source
    name ending in .txt (see `source_stem`).

    `license` is an http(s) IRI or an SPDX id (written as its canonical id). Returns the
    registered source as the build will read it. Raises SvgRdfError (nothing written) for
    an unreadable or non-UTF-8 file, a bad option, or a name or text already registered.
    """
    import hashlib

    from svg_rdf.curation.datafile import decode_utf8, read_regular, toml_string
    from svg_rdf.curation.register import check_new, check_options, source_stem, write_source
    from svg_rdf.licenses import spdx_id

    file = Path(file)
    display = str(file)
    data = read_regular(file, display, error=SourceError)
    text = decode_utf8(data, display, error=SourceError)
    stem = name or source_stem(file)
    check_options(stem, title=title, license=license, language=language, url=url)
    if not text.strip():
        raise SourceError("the file holds no text", path=display, fix="give a text file")
    sha256 = hashlib.sha256(data).hexdigest()
    check_new(project, stem, sha256, display)
    target = project.seeds / f"{stem}.txt"
    in_place = target.exists() and target.resolve() == file.resolve()
    if target.exists() and not in_place:
        raise SvgRdfError(
            "a file of this name is in seeds/ already",
            path=project.relative(target),
            fix="pass --name with another name, or remove the file",
        )
    entry = [
        "",
        "[[source]]",
        f"file = {toml_string(target.name)}",
        f"title = {toml_string(title.strip())}",
        f"kind = {toml_string(kind)}",
        f"language = {toml_string(language)}",
        f"license = {toml_string(spdx_id(license) or license.strip())}",
        f"sha256 = {toml_string(sha256)}",
        *([f"url = {toml_string(url)}"] if url else []),
        "",
    ]
    return write_source(project, target, None if in_place else data, "\n".join(entry), stem)
