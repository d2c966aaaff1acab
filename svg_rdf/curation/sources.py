"""Sources: the registry in seeds/sources.toml -> verified SourceDocuments.

Every source is read strictly as UTF-8 and must match the SHA-256 its registry entry
records, so the build never runs on different text than the curator quoted.
"""

from __future__ import annotations

import hashlib
import re

from svg_rdf.curation.datafile import array_tables, check_top_level, load_toml, read_utf8
from svg_rdf.errors import SourceError
from svg_rdf.model import SourceDocument
from svg_rdf.project import Project

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_QID = re.compile(r"^Q[1-9][0-9]*$")


def load_sources(project: Project) -> tuple[SourceDocument, ...]:
    """The registered sources, sorted by file name, each verified against its checksum.

    Raises DataFileError for a malformed registry and SourceError for a missing, changed
    or undecodable source.
    """
    display = project.relative(project.source_registry)
    document, lines = load_toml(project.source_registry, display)
    check_top_level(document, display, ["source"])
    sources: dict[str, SourceDocument] = {}
    for table in array_tables(document, "source", lines, display):
        table.check_keys(
            required=["file", "title", "kind", "language", "license", "sha256"],
            optional=["imported_from", "url"],
        )
        filename = table.text("file")
        if "/" in filename or "\\" in filename or not filename.endswith(".txt"):
            raise table.error(
                f"source file {filename!r} must be a .txt file name inside seeds/", key="file"
            )
        stem = filename.removesuffix(".txt")
        if stem in sources:
            raise table.error(
                f"source {filename!r} is registered twice",
                key="file",
                fix="keep one entry per file",
            )
        expected = table.text("sha256")
        if not _SHA256.match(expected):
            raise table.error(
                "sha256 must be 64 lowercase hex digits",
                key="sha256",
                fix="write the output of `sha256sum` for the file",
            )
        imported_from = table.optional_text("imported_from")
        if imported_from is not None and not _QID.match(imported_from):
            raise table.error("imported_from must be a Q-id such as Q328", key="imported_from")
        path = project.seeds / filename
        source_display = project.relative(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise SourceError(
                "source file not found",
                path=source_display,
                fix=f"copy it into seeds/ or remove its entry from {display}:{table.line}",
            ) from None
        actual = hashlib.sha256(data).hexdigest()
        if actual != expected:
            raise SourceError(
                f"source changed: sha256 is {actual}, the registry records {expected}",
                path=source_display,
                fix=f"restore the original text, or re-curate its quotes and update "
                f"{display}:{table.line_of('sha256')}",
            )
        text = read_utf8(path, source_display, error=SourceError)
        sources[stem] = SourceDocument(
            stem=stem,
            filename=filename,
            title=table.text("title"),
            kind=table.text("kind"),
            language=table.text("language"),
            license=table.text("license"),
            sha256=actual,
            text=text,
            path=path,
            imported_from=imported_from,
            url=table.optional_text("url"),
        )
    if not sources:
        raise SourceError("no sources registered", path=display, fix="add a [[source]] table")
    return tuple(sources[stem] for stem in sorted(sources))
