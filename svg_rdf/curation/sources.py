"""Sources: the registry in seeds/sources.toml -> verified SourceDocuments.

Every source is read strictly as UTF-8 and must match the SHA-256 its registry entry
records, so the build never runs on different text than the curator quoted.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re

from svg_rdf.curation.collect import Errors, collecting
from svg_rdf.curation.datafile import Table, decode_utf8, load_tables, read_regular
from svg_rdf.errors import SourceError
from svg_rdf.model import MAX_SOURCE_STEM, QID, SOURCE_STEM, SourceDocument
from svg_rdf.project import Project

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_URL = re.compile(r"^https?://[^\s|\\]+$")
_FILES = re.compile(r'(?m)^\s*file\s*=\s*"([^"/\\]+)\.txt"')
_RANGE = re.compile(r"^([1-9][0-9]*)(?:-([1-9][0-9]*))?$")


def load_sources(project: Project, *, errors: Errors | None = None) -> tuple[SourceDocument, ...]:
    """The registered sources, sorted by file name, each verified against its checksum
    (none in a new project).

    Raises DataFileError for a malformed registry and SourceError for a missing, changed
    or undecodable source (CurationErrors for several); with `errors`, records them there
    instead and returns the sources that loaded.
    """
    display = project.relative(project.source_registry)
    sources: dict[str, SourceDocument] = {}
    with collecting(errors) as found:
        tables: list[Table] = []
        with found.each(failed=found.sources, file=project.source_registry, names=_FILES):
            tables = load_tables(project.source_registry, display, "source", required=False)
        for table in tables:
            name = table.data.get("file")
            stem = name.removesuffix(".txt") if isinstance(name, str) else None
            with found.each(failed=found.sources, name=stem):
                source = _source(project, table, display, sources)
                sources[source.stem] = source
    return tuple(sources[stem] for stem in sorted(sources))


def _source(
    project: Project, table: Table, display: str, sources: dict[str, SourceDocument]
) -> SourceDocument:
    """One registry entry's source, verified; raises DataFileError or SourceError."""
    table.check_keys(
        required=["file", "title", "kind", "language", "license", "sha256"],
        optional=["imported_from", "url", "permalink", "retrieved", "qid", "not_article"],
    )
    filename = table.text("file")
    stem = filename.removesuffix(".txt")
    if not filename.endswith(".txt") or not SOURCE_STEM.match(stem) or len(stem) > MAX_SOURCE_STEM:
        raise table.error(
            f"{filename!r} is not a valid source file name: the name before .txt is its IRI "
            f"(source/<name>), at most {MAX_SOURCE_STEM} lowercase letters, digits, '_' or '-'",
            key="file",
            fix=f"rename the file in seeds/ and here, e.g. to {suggest_stem(stem)}.txt",
        )
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
    licence = table.license("license")
    imported_from = table.optional_text("imported_from")
    if imported_from is not None and not QID.match(imported_from):
        raise table.error("imported_from must be a Q-id such as Q328", key="imported_from")
    links = {key: table.optional_text(key) for key in ("url", "permalink")}
    for key, link in links.items():
        if link is not None and _URL.match(link):
            table.iri(key, example="https://en.wikipedia.org/wiki/Some_Page")
        elif link is not None:
            raise table.error(
                f"{key} {link!r} is not an http(s) URL",
                key=key,
                fix="write the whole address, https:// included",
            )
    qid = table.optional_text("qid")
    if qid is not None and not QID.match(qid):
        raise table.error(
            "qid must be the source work's Q-id such as Q123", key="qid", fix="or remove it"
        )
    retrieved = table.data.get("retrieved")
    if retrieved is not None and type(retrieved) is not datetime.date:
        raise table.error(
            f"retrieved {retrieved!r} is not a date",
            key="retrieved",
            fix="write a TOML date such as retrieved = 2026-11-30",
        )
    not_article = _line_ranges(table)
    path = project.seeds / filename
    source_display = project.relative(path)
    if not os.path.lexists(path):
        raise SourceError(
            "source file not found",
            path=source_display,
            fix=f"copy it into seeds/ or remove its entry from {display}:{table.line}",
        )
    data = read_regular(path, source_display, error=SourceError)
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise SourceError(
            f"source changed: sha256 is {actual}, the registry records {expected}",
            path=source_display,
            fix=f"restore the original text, or re-curate its quotes and update "
            f"{display}:{table.line_of('sha256')}",
        )
    text = decode_utf8(data, source_display, error=SourceError)
    source = SourceDocument(
        stem=stem,
        filename=filename,
        title=table.text("title"),
        kind=table.text("kind"),
        language=table.text("language"),
        license=licence,
        sha256=actual,
        text=text,
        path=path,
        imported_from=imported_from,
        url=links["url"],
        permalink=links["permalink"],
        retrieved=None if retrieved is None else retrieved.isoformat(),
        qid=qid,
        not_article=not_article,
    )
    count = text.count("\n") + (0 if text.endswith("\n") else 1)
    if not_article and not_article[-1][1] > count:
        raise table.error(
            f"not_article names line {not_article[-1][1]}, but the file has {count} lines",
            key="not_article",
        )
    return source


def suggest_stem(name: str) -> str:
    """A valid source name close to `name`: lowercased, each run of other characters turned
    into '_', cut to MAX_SOURCE_STEM ("Alpha Town (history)" -> alpha_town_history)."""
    if SOURCE_STEM.match(name) and len(name) <= MAX_SOURCE_STEM:
        return name
    cleaned = re.sub(r"[^a-z0-9_-]+", "_", name.lower()).strip("_-")[:MAX_SOURCE_STEM]
    cleaned = cleaned.strip("_-")
    return cleaned if SOURCE_STEM.match(cleaned) else "source"


def _line_ranges(table: Table) -> tuple[tuple[int, int], ...]:
    """`not_article = ["1-2", "16"]`: sorted, non-overlapping line ranges (1-based, inclusive)."""
    entries = table.data.get("not_article", [])
    if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
        raise table.error(
            "not_article must be a list of line ranges", key="not_article", fix='e.g. ["1-2", "16"]'
        )
    ranges: list[tuple[int, int]] = []
    for entry in entries:
        match = _RANGE.match(entry)
        first = int(match[1]) if match else 0
        last = int(match[2] or match[1]) if match else 0
        if match is None or last < first or (ranges and first <= ranges[-1][1]):
            raise table.error(
                f"bad line range {entry!r} in not_article",
                key="not_article",
                fix='write ascending, non-overlapping ranges such as "16-17"',
            )
        ranges.append((first, last))
    return tuple(ranges)
