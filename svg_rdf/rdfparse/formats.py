"""Parsing gate, step 0: which RDF syntax a file is in, from its extension or an explicit name."""

from __future__ import annotations

from pathlib import Path

from svg_rdf.errors import ParseError

FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "ntriples",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "jsonld",
    ".json": "jsonld",
}
"""File extension (lower case, with the dot) -> format name understood by the gate."""

FORMAT_NAMES: tuple[str, ...] = tuple(sorted(set(FORMATS.values())))

# Syntaxes people commonly hand us that the gate deliberately does not read. RDF/XML is
# refused because its parsers resolve external entities and its error positions are poor;
# N3 is a superset of Turtle with rules and formulae that rdflib and SHACL do not mean.
_REFUSED: dict[str, str] = {
    ".rdf": "RDF/XML",
    ".owl": "RDF/XML (OWL)",
    ".xml": "RDF/XML",
    ".n3": "N3",
}
_REFUSED_NAMES: dict[str, str] = {
    "rdfxml": "RDF/XML",
    "rdf/xml": "RDF/XML",
    "xml": "RDF/XML",
    "n3": "N3",
}


def check_format_name(fmt: str, name: str) -> str:
    """Return `fmt` if it is one of `FORMAT_NAMES`; raise ParseError naming the choices if not."""
    if fmt in FORMAT_NAMES:
        return fmt
    refused = _REFUSED_NAMES.get(fmt.lower())
    if refused is not None:
        raise _refusal(refused, name)
    raise ParseError(
        f"error: unknown RDF format {fmt!r}",
        path=name,
        fix=f"use one of: {', '.join(FORMAT_NAMES)}",
    )


def detect_format(path: Path, fmt: str | None = None) -> str:
    """Return the gate's format name for `path`: `fmt` when given, else from the extension.

    Raises ParseError for an unknown `fmt`, for RDF/XML and N3 (refused with a conversion
    hint) and for an extension the gate does not know (telling to pass --input-format).
    """
    if fmt is not None:
        return check_format_name(fmt, str(path))
    suffix = path.suffix.lower()
    if suffix in FORMATS:
        return FORMATS[suffix]
    refused = _REFUSED.get(suffix)
    if refused is not None:
        raise _refusal(refused, str(path))
    shown = repr(suffix) if suffix else "(none)"
    raise ParseError(
        f"error: cannot tell the RDF format from the file extension {shown}",
        path=path,
        fix=f"pass --input-format with one of: {', '.join(FORMAT_NAMES)}",
    )


def _refusal(syntax: str, name: str) -> ParseError:
    return ParseError(
        f"error: {syntax} is not accepted by svg-rdf",
        path=name,
        fix="convert it to Turtle, N-Triples, N-Quads, TriG or JSON-LD "
        "(for example `riot --output=turtle FILE`)",
    )
