"""Export: the whole graph's Turtle and JSON-LD written subject by subject through a memo.

Both files are their subjects' parts in a fixed order (turtle.subject_parts in the order
of the subjects' IRIs, jsonld.node_lines in the order of their compact identifiers), and a
part depends only on its subject's triples and the prefixes. So a part whose subject has
the same triples (its sorted N-Triples lines) under the same prefixes as in the memo
(cache.Memo: the project's previous build) takes the stored text; one edit writes the few
subjects it touched. The bytes are those of turtle.serialize and jsonld.serialize_triples.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from svg_rdf.cache import Memo, remember, triple_lines
from svg_rdf.export import jsonld, turtle

# the formats written by part
FORMATS = ("turtle", "jsonld")


def serialize(
    triples: frozenset[ox.Triple], fmt: str, prefixes: dict[str, str], memo: Memo
) -> bytes:
    """`triples` in `fmt` (turtle or jsonld), each subject's part taken from `memo` when its
    inputs are there. Raises ValueError for another format."""
    if fmt not in FORMATS:
        raise ValueError(f"{fmt} is not written by part; use one of {', '.join(FORMATS)}")
    groups, texts = remember("subjects", triples, lambda: _subjects(triples))
    subjects = sorted(groups)
    # a part's inputs: the format, the prefixes and its subject's triples, all as text
    head = "\n".join([fmt, *(f"{k} {v}" for k, v in sorted(prefixes.items())), ""]).encode()
    inputs = [head + texts[subject] for subject in subjects]

    def parts(missing: list[int]) -> list[str]:
        chosen = [groups[subjects[number]] for number in missing]
        if fmt == "turtle":
            return turtle.subject_parts(chosen, prefixes)
        # identifier and line as one text: neither holds a line break
        return [f"{name}\n{line}" for name, line in jsonld.node_lines(chosen, prefixes)]

    found = memo.recall_all(inputs, str, parts)
    if fmt == "turtle":
        return turtle.assemble(found, prefixes)
    nodes = [tuple(text.split("\n", 1)) for text in found]
    if len({node[0] for node in nodes}) < len(nodes) or any(len(node) != 2 for node in nodes):
        # two subjects compact to one identifier: the document merges their nodes
        return jsonld.serialize_triples(triples, prefixes)
    return jsonld.assemble((node[1] for node in sorted(nodes)), prefixes)


def _subjects(
    triples: frozenset[ox.Triple],
) -> tuple[dict[str, list[ox.Triple]], dict[str, bytes]]:
    """The triples by subject (its N-Triples form), and each subject's sorted N-Triples."""
    groups: dict[str, list[ox.Triple]] = defaultdict(list)
    lines: dict[str, list[str]] = defaultdict(list)
    for triple, line in zip(triples, triple_lines(triples), strict=True):
        subject = str(triple.subject)
        groups[subject].append(triple)
        lines[subject].append(line)
    return groups, {subject: "\n".join(sorted(text)).encode() for subject, text in lines.items()}
