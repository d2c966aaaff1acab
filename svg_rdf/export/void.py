"""VoID export: the distributions of the dataset (file, media type, size, SHA-256).

A file cannot contain its own checksum, so the distributions are described in their own
file, void.ttl, about the same dataset node.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from rdflib import Graph, Literal

from svg_rdf.export.writer import OutputFile
from svg_rdf.graph.vocab import DCAT, DCTERMS, RDF, SPDX, XSD, OurNamespaces, new_graph


def distribution_graph(files: Iterable[OutputFile], ours: OurNamespaces) -> Graph:
    """A graph giving the dataset one dcat:Distribution per file."""
    graph = new_graph(ours)
    for file in files:
        node = ours.dataset + f"/distribution/{file.name}"
        checksum = node + "-sha256"
        graph.add((ours.dataset, DCAT.distribution, node))
        graph.add((node, RDF.type, DCAT.Distribution))
        graph.add((node, DCTERMS.identifier, Literal(file.name)))
        graph.add((node, DCAT.mediaType, Literal(file.media_type)))
        graph.add(
            (
                node,
                DCAT.byteSize,
                Literal(str(len(file.data)), datatype=XSD.integer, normalize=False),
            )
        )
        graph.add((node, SPDX.checksum, checksum))
        graph.add((checksum, RDF.type, SPDX.Checksum))
        graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        graph.add((checksum, SPDX.checksumValue, Literal(hashlib.sha256(file.data).hexdigest())))
    return graph
