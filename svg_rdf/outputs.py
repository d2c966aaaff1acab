"""The render stage: a compiled project -> output/ files.

The graph in each format (each re-parsed by a strict parser as it is rendered), the
QuickStatements plan and the curators' reports, void.ttl describing them, and the
Linked Data site. With a stage cache, a file whose inputs are those of an earlier build is
taken from it (svg_rdf/cache.py); the bytes are the same either way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pyoxigraph as ox
from rdflib import Graph

from svg_rdf import cache as stage_cache
from svg_rdf.cache import StageCache
from svg_rdf.endpoint import query as queries
from svg_rdf.export import jsonld, ntriples, subjects, turtle
from svg_rdf.export.verified import verified
from svg_rdf.export.void import distribution_graph
from svg_rdf.export.writer import OutputFile, verify
from svg_rdf.graph.oxbridge import to_ox_triples
from svg_rdf.graph.vocab import OurNamespaces, all_prefixes
from svg_rdf.pipeline import Compiled, shapes_file
from svg_rdf.reports import render_reports
from svg_rdf.settings import Settings
from svg_rdf.site import SiteSettings, render_site
from svg_rdf.wikidata import plan as quickstatements
from svg_rdf.wikidata.live import comparer
from svg_rdf.wikidata.snapshot import load_snapshot

# The graph formats: file extension and serialiser for each.
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld")
_EXTENSIONS = {"turtle": "ttl", "ntriples": "nt", "jsonld": "jsonld"}
_TYPES = {
    "turtle": (turtle.MEDIA_TYPE, ox.RdfFormat.TURTLE),
    "ntriples": (ntriples.MEDIA_TYPE, ox.RdfFormat.N_TRIPLES),
    "jsonld": (jsonld.MEDIA_TYPE, ox.RdfFormat.JSON_LD),
}


def _graph_file(
    triples: frozenset[ox.Triple], prefixes: dict[str, str], fmt: str, name: str
) -> OutputFile:
    filename = f"{name}.{_EXTENSIONS[fmt]}"
    if fmt == "turtle":
        data = turtle.serialize(triples, prefixes)
        return OutputFile(filename, data, turtle.MEDIA_TYPE, ox.RdfFormat.TURTLE, triples)
    if fmt == "ntriples":
        data = ntriples.serialize(triples)
        return OutputFile(filename, data, ntriples.MEDIA_TYPE, ox.RdfFormat.N_TRIPLES, triples)
    if fmt == "jsonld":
        data = jsonld.serialize_triples(triples, prefixes)
        return OutputFile(filename, data, jsonld.MEDIA_TYPE, ox.RdfFormat.JSON_LD, triples)
    raise ValueError(f"unknown graph format {fmt!r}; use one of {', '.join(GRAPH_FORMATS)}")


def _cached_graph_file(
    triples: frozenset[ox.Triple],
    prefixes: dict[str, str],
    fmt: str,
    name: str,
    cache: StageCache,
    parts: Callable[[], stage_cache.Memo],
) -> OutputFile:
    if not cache.enabled:
        return _graph_file(triples, prefixes, fmt, name)
    entry = stage_cache.key(
        "graph-file", fmt, name, repr(sorted(prefixes.items())), stage_cache.triples_digest(triples)
    )
    data = cache.get(entry)
    media_type, rdf_format = _TYPES[fmt]
    filename = f"{name}.{_EXTENSIONS[fmt]}"
    if isinstance(data, bytes):
        return OutputFile(filename, data, media_type, rdf_format, triples)
    if fmt in subjects.FORMATS:  # the subjects an edit did not touch are taken from `parts`
        file = OutputFile(
            filename,
            subjects.serialize(triples, fmt, prefixes, parts()),
            media_type,
            rdf_format,
            triples,
        )
    else:
        file = _graph_file(triples, prefixes, fmt, name)
    cache.put(entry, file.data)
    return file


def graph_file(compiled: Compiled, fmt: str) -> OutputFile:
    """The compiled graph in one format (turtle, ntriples, jsonld), verified: it re-parses
    strictly to exactly the graph. Raises ExportError when it does not (a bug), ValueError
    for an unknown format."""
    prefixes = all_prefixes(compiled.ours)
    file = _graph_file(compiled.triples, prefixes, fmt, compiled.settings.name)
    verify(file)
    return file


def render(
    graph: Graph | frozenset[ox.Triple],
    ours: OurNamespaces,
    documents: Sequence[OutputFile] = (),
    *,
    name: str,
    cache: StageCache | None = None,
    scope: str = "",
) -> tuple[OutputFile, ...]:
    """The graph files (of an rdflib graph, or of its pyoxigraph triples when the caller
    has converted it already), the given documents, and void.ttl describing all of them.

    RDF files carry the triples they must parse back to; `publish` or `verify` checks
    them. With `cache`, a graph file's bytes are taken from it when the same triples were
    serialised with the same prefixes and name before; else its Turtle and JSON-LD are
    written by subject, each subject's part taken from the previous build of `scope` (a
    project) when its triples are the same (svg_rdf/export/subjects.py).
    """
    expected = frozenset(to_ox_triples(graph)) if isinstance(graph, Graph) else graph
    prefixes = all_prefixes(ours)
    cache = cache or StageCache(None)
    memo_entry = stage_cache.key("graph-parts", name, scope)
    loaded: list[stage_cache.Memo] = []  # read when a file is written, not on a hit

    def parts() -> stage_cache.Memo:
        if not loaded:
            loaded.append(stage_cache.Memo.load(cache, memo_entry))
        return loaded[0]

    data = [
        *(_cached_graph_file(expected, prefixes, fmt, name, cache, parts) for fmt in GRAPH_FORMATS),
        OutputFile(jsonld.CONTEXT_FILE, jsonld.serialize_context(prefixes), jsonld.MEDIA_TYPE),
        *documents,
    ]
    for memo in loaded:
        memo.save(cache, memo_entry)
    void = distribution_graph(data, ours)
    data.append(
        OutputFile(
            "void.ttl",
            turtle.serialize(void, prefixes),
            turtle.MEDIA_TYPE,
            ox.RdfFormat.TURTLE,
            frozenset(to_ox_triples(void)),
        )
    )
    return tuple(data)


def documents(compiled: Compiled, cache: StageCache | None = None) -> tuple[OutputFile, ...]:
    """The QuickStatements file with its pending lists, the curators' reports, and the
    complete shapes graph.

    With `cache`, the QuickStatements files and the reports are taken from it when the
    curation, the Wikidata settings and the Wikidata snapshot are the same as before (they
    are computed from these alone); the snapshot is read every time. Else each statement's
    decision is taken from the project's last build when the claim, the settings, the
    sources and the entities it is written with are the same (wikidata/decisions.py)."""
    cache = cache or StageCache(None)
    snapshot = load_snapshot(compiled.project, site=compiled.settings.wikidata.site)
    entry: str | None = None
    if cache.enabled:
        parts = (
            stage_cache.remembered_fingerprint(compiled.curation),
            stage_cache.fingerprint(compiled.settings.wikidata),
            stage_cache.fingerprint(snapshot),
        )
        if all(part is not None for part in parts):
            entry = stage_cache.key("documents", *(part for part in parts if part is not None))
    found = cache.get(entry) if entry is not None else None
    if isinstance(found, tuple) and all(isinstance(file, OutputFile) for file in found):
        return (*found, shapes_file(compiled.shapes))
    compare = comparer(snapshot, compiled.curation)  # the batch and the reports count with it
    wikidata = compiled.settings.wikidata
    # each statement's decision taken from the project's last build when its inputs are
    # the same (one edit changes a few of ~860, the blocker simulations' included)
    memo_entry = stage_cache.key("qs-decisions", str(compiled.project.root))
    memo = stage_cache.Memo.load(cache, memo_entry) if cache.enabled else None
    # planned and simulated once: the pending lists and the reconciliation report agree
    planned = quickstatements.batch(
        compiled.curation,
        wikidata,
        compare=compare,
        memo=memo,
        compare_reads=(snapshot, *compiled.curation.entities),  # what `comparer` reads
    )
    made = (
        *quickstatements.output_files(
            compiled.curation, wikidata, compare=compare, planned=planned
        ),
        *render_reports(
            compiled.project, compiled.curation, wikidata, compare=compare, held=planned.held
        ),
    )
    if entry is not None:
        cache.put(entry, made)
    if memo is not None:
        memo.save(cache, memo_entry)
    return (*made, shapes_file(compiled.shapes))


def live_comparison(compiled: Compiled) -> quickstatements.Compare:
    """The batch compared with the project's Wikidata snapshot (wikidata/items/), offline;
    raises DataFileError for a malformed snapshot."""
    snapshot = load_snapshot(compiled.project, site=compiled.settings.wikidata.site)
    return comparer(snapshot, compiled.curation)


def site_settings(settings: Settings, ours: OurNamespaces) -> SiteSettings:
    """The site's settings: the dataset's words, and output/ published at site_url (by
    default at the base IRI itself)."""
    return SiteSettings(
        settings.name,
        settings.title,
        settings.description,
        settings.license,
        ours.base,
        settings.site_url or ours.base,
    )


def site_files(
    compiled: Compiled, downloads: Sequence[OutputFile], cache: StageCache | None = None
) -> tuple[OutputFile, ...]:
    """The Linked Data site (output/site/), listing `downloads` on its dataset page.

    With `cache`, the whole site is taken from it when the curation, the graph's triples,
    the settings, the downloads (bytes and triples) and the example queries are the same
    as before: the site is computed from these alone. Its files are then verified already
    (they carry no expected triples). Else each page and machine document whose inputs
    are those of the project's previous build is taken from a memo (render_site)."""
    cache = cache or StageCache(None)
    ours = compiled.ours
    settings = site_settings(compiled.settings, ours)
    examples = queries.examples(compiled.project)  # offered on the query page
    entry: str | None = None
    if cache.enabled:
        parts = (
            stage_cache.remembered_fingerprint(compiled.curation),
            stage_cache.fingerprint((settings, ours)),
            stage_cache.fingerprint(examples),
        )
        if all(part is not None for part in parts):
            entry = stage_cache.key(
                "site",
                stage_cache.triples_digest(compiled.triples),
                *(part for part in parts if part is not None),
                *(_download_digest(file) for file in downloads),
            )
    found = cache.get(entry) if entry is not None else None
    if isinstance(found, tuple):
        return tuple(
            OutputFile(name, data, media_type, _rdf_format(rdf_type))
            for name, data, media_type, rdf_type in found
        )
    if not cache.enabled:
        return render_site(compiled.curation, compiled.triples, ours, settings, downloads, examples)
    # else page by page: a page or document rendered from the same inputs in this project's
    # last build is taken from the memo (an edit changes a few of ~1,000 files)
    memo_entry = stage_cache.key("site-pages", str(compiled.project.root))
    memo = stage_cache.Memo.load(cache, memo_entry)
    files = render_site(
        compiled.curation, compiled.triples, ours, settings, downloads, examples, memo=memo
    )
    files = verified(files, cache, scope=f"site {compiled.project.root}")
    memo.save(cache, memo_entry)  # what this build rendered is verified: kept for the next
    if entry is not None:
        stored = [
            (f.name, f.data, f.media_type, f.rdf_format and f.rdf_format.media_type) for f in files
        ]
        cache.put(entry, tuple(stored))
    return files


def _rdf_format(media_type: str | None) -> ox.RdfFormat | None:
    """A stored file's syntax, by its media type (pyoxigraph's formats do not pickle)."""
    return None if media_type is None else ox.RdfFormat.from_media_type(media_type)


def _download_digest(file: OutputFile) -> bytes:
    expected = b"" if file.expected is None else stage_cache.triples_digest(file.expected)
    return stage_cache.key(
        "download", file.name, file.media_type, str(file.rdf_format), file.data, expected
    ).encode()
