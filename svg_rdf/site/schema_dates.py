"""Site: an entity's dates in its schema.org JSON-LD (birthDate, foundingDate, startDate...).

A date goes in as ISO 8601 cut to its precision ("1937-10", "1938"); a date coarser than
a year has no such form and stays out. Only the statements of the best rank present
count (deprecated ones never); where they disagree, every value is listed, sorted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from svg_rdf.model import Claim, TimeValue
from svg_rdf.site.numbers import iso_date

# schema.org property by schema.org type and Wikidata property. P569, P570, P571, P576,
# P580, P582, P585: ontology/properties.csv. P577 (publication date): biolink's model,
# https://biolink.github.io/biolink-model/creation_date/ "aliases: publication date ...
# exact_mappings: ... WIKIDATA_PROPERTY:P577".
SCHEMA_DATES: dict[str, tuple[tuple[str, str], ...]] = {
    "Person": (("P569", "birthDate"), ("P570", "deathDate")),
    "Organization": (("P571", "foundingDate"), ("P576", "dissolutionDate")),
    "Event": (("P580", "startDate"), ("P585", "startDate"), ("P582", "endDate")),
    "CreativeWork": (("P571", "dateCreated"), ("P577", "datePublished")),
    "Legislation": (("P571", "dateCreated"), ("P577", "datePublished")),
}
_RANKS = ("preferred", "normal")


def schema_dates(schema_type: str, claims: Sequence[Claim]) -> dict[str, Any]:
    """`{"birthDate": "1906-03", ...}` for an entity of `schema_type` with `claims`."""
    out: dict[str, Any] = {}
    for pid, name in SCHEMA_DATES.get(schema_type, ()):
        if name in out:  # P585 only stands in for a missing start time
            continue
        dated = [c for c in claims if c.pid == pid and isinstance(c.value, TimeValue)]
        best = next((rank for rank in _RANKS if any(c.rank == rank for c in dated)), None)
        values = sorted(
            {
                iso
                for claim in dated
                if claim.rank == best and isinstance(claim.value, TimeValue)
                for iso in [iso_date(claim.value)]
                if iso is not None
            }
        )
        if values:
            out[name] = values[0] if len(values) == 1 else values
    return out
