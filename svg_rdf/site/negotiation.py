"""Content negotiation for the IRIs `svg-rdf serve` answers: the Accept header -> the
document suffix (RFC 9110 section 12.5.1: q values, the most specific range wins)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# media type -> document suffix, in the server's order of preference for ties
OFFERS = (
    ("text/html", "html"),
    ("text/turtle", "ttl"),
    ("application/ld+json", "jsonld"),
    ("application/n-triples", "nt"),
)


@dataclass(frozen=True)
class Accepted:
    media_type: str
    quality: float
    order: int


def parse_accept(header: str | None) -> list[Accepted]:
    """The media ranges of an Accept header with their q values (malformed ones skipped)."""
    if header is None or not header.strip():
        return [Accepted("*/*", 1.0, 0)]
    ranges = []
    for order, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not re.match(r"^[a-z0-9!#$&^_.+*-]+/[a-z0-9!#$&^_.+*-]+$", media):
            continue
        quality = 1.0
        for field in fields[1:]:
            name, _, value = field.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        ranges.append(Accepted(media, quality, order))
    return ranges


def negotiate(header: str | None) -> str | None:
    """The document suffix the Accept header prefers, or None when nothing offered fits.

    Each offer gets the q of the most specific range matching it (type/subtype over
    type/* over */*); the highest q wins, ties go to the server's order (HTML first).
    """
    ranges = parse_accept(header)
    best: tuple[float, int] | None = None
    chosen = None
    for position, (media, suffix) in enumerate(OFFERS):
        kind = media.split("/")[0]
        match: tuple[int, float] | None = None
        for accepted in ranges:
            if accepted.media_type == media:
                specificity = 3
            elif accepted.media_type == f"{kind}/*":
                specificity = 2
            elif accepted.media_type == "*/*":
                specificity = 1
            else:
                continue
            if match is None or specificity > match[0]:
                match = (specificity, accepted.quality)
        if match is None or match[1] <= 0:
            continue
        score = (match[1], -position)
        if best is None or score > best:
            best, chosen = score, suffix
    return chosen
