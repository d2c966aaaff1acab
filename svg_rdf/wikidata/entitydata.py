"""Special:EntityData: read the `entities` object of a saved Wikidata entity JSON file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from svg_rdf.curation.datafile import read_utf8
from svg_rdf.errors import DataFileError

SAVE_AGAIN = "save https://www.wikidata.org/wiki/Special:EntityData/Qnnn.json"


def read_entities(path: Path, shown: str) -> dict[str, Any]:
    """The non-empty `entities` object of the Special:EntityData JSON file at `path`.

    Raises DataFileError at `shown`:line:col for malformed JSON, and at `shown` for a
    document that is not in the Special:EntityData format.
    """
    text = read_utf8(path, shown)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataFileError(
            f"malformed JSON: {exc.msg}",
            path=shown,
            line=exc.lineno,
            column=exc.colno,
            fix="save Special:EntityData/Qnnn.json again, unchanged",
        ) from None
    entities = data.get("entities") if isinstance(data, dict) else None
    if not isinstance(entities, dict) or not entities:
        raise not_entity_data(shown, 'no "entities" object')
    return entities


def not_entity_data(path: str, what: str) -> DataFileError:
    """The error for a document that is not in the Special:EntityData format."""
    return DataFileError(f"not a Special:EntityData document: {what}", path=path, fix=SAVE_AGAIN)
