"""Export: every RDF output file verified once per content, with the stage cache.

Verifying a file (writer.verify: a strict parse must give back exactly its expected
triples) is a pure function of its bytes, its syntax, the expected triples and the parser's
version; the cache key holds all four (the parser's version through cache.code_version), so
a file verified before with the same key has the same result, and is not parsed again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace

from svg_rdf.cache import StageCache, key, triples_digest
from svg_rdf.export.writer import OutputFile, verify


def file_key(file: OutputFile) -> str | None:
    """The verification key of an RDF file, or None for a file with nothing to verify."""
    if file.rdf_format is None or file.expected is None:
        return None
    return key(
        "verified",
        file.rdf_format.media_type,
        hashlib.sha256(file.data).digest(),
        triples_digest(file.expected),  # hashed once for the files (and stages) sharing it
    )


def verified(
    files: Sequence[OutputFile], cache: StageCache, *, scope: str
) -> tuple[OutputFile, ...]:
    """`files` with every RDF file verified (raises ExportError as writer.verify does), each
    returned without its expected triples so that publishing does not parse it again.

    The keys of the verified files are kept in one entry per `scope` (a caller and its
    project: the entry holds the keys of that caller's last call only, so it stays the
    size of one build), and a rebuild parses only the files whose bytes or triples
    changed; two builds writing it at once only lose keys, which makes the next build
    verify those files again.
    """
    entry = key("verified-set", scope)
    known = cache.get(entry) if cache.enabled else None
    seen: frozenset[str] = known if isinstance(known, frozenset) else frozenset()
    done: set[str] = set()
    result = []
    for file in files:
        name = file_key(file) if cache.enabled else None
        if name is None or name not in seen:
            verify(file)
        if name is not None:
            done.add(name)
        result.append(replace(file, expected=None) if file.expected is not None else file)
    if cache.enabled and done != seen:
        cache.put(entry, frozenset(done))
    return tuple(result)
