"""IRIs: content hashes for statements, references and value nodes.

The same content always gives the same IRI, whatever the order of the input files, the
hash seed or the checkout path. Hashes are 40 hex digits, as Wikibase's are.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable


def content_hash(parts: Iterable[object]) -> str:
    """A stable hash of a sequence of JSON-serialisable parts."""
    blob = json.dumps(list(parts), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:40]
