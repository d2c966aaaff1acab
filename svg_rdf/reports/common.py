"""Reports, shared: readable labels for ids, stable JSON bytes (escaping: svg_rdf.markdown)."""

from __future__ import annotations

import json
from typing import Any

from svg_rdf.model import Curation, Evidence, ItemValue, Qualifier, Value

MARKDOWN = "text/markdown; charset=utf-8"
JSON = "application/json"


class Labels:
    """English labels of the entities and properties of one curation."""

    def __init__(self, curation: Curation) -> None:
        self._entities = {entity.slug: entity.label for entity in curation.entities}
        self._properties = {prop.pid: prop.label for prop in curation.properties}
        self._sources = {source.stem: source.filename for source in curation.sources}
        self._texts = {source.stem: source.text for source in curation.sources}

    def entity(self, slug: str) -> str:
        return self._entities.get(slug, slug)

    def property(self, pid: str) -> str:
        """`P1120 (number of deaths)`."""
        label = self._properties.get(pid)
        return pid if label is None else f"{pid} ({label})"

    def property_label(self, pid: str) -> str:
        return self._properties.get(pid, pid)

    def value(self, value: Value) -> str:
        """An item by its label, any other value in its display form."""
        if isinstance(value, ItemValue):
            return self.entity(value.slug)
        return value.display()

    def qualifier(self, qualifier: Qualifier) -> str:
        return f"{self.property(qualifier.pid)}: {self.value(qualifier.value)}"

    def filename(self, stem: str) -> str:
        return self._sources.get(stem, stem)

    def line(self, evidence: Evidence) -> int:
        """The 1-based line of the source on which the evidence starts."""
        return line_at(self._texts.get(evidence.source, ""), evidence.start)


def line_at(text: str, offset: int) -> int:
    """The 1-based line number of code point `offset` in `text`."""
    return text.count("\n", 0, offset) + 1


def value_json(value: Value, labels: Labels) -> dict[str, Any]:
    """A value as data: its kind, its key fields and its readable form."""
    kind, *fields = value.key()
    return {"type": kind, "key": fields, "label": labels.value(value)}


def qualifier_json(qualifier: Qualifier, labels: Labels) -> dict[str, Any]:
    return {
        "property": qualifier.pid,
        "property_label": labels.property_label(qualifier.pid),
        "value": value_json(qualifier.value, labels),
    }


def evidence_json(evidence: Evidence, labels: Labels) -> dict[str, Any]:
    return {
        "source": evidence.source,
        "quote": evidence.quote,
        "start": evidence.start,
        "end": evidence.end,
        "line": labels.line(evidence),
        "curated_at": str(evidence.place),
    }


def dumps(document: Any) -> bytes:
    """Stable JSON bytes: sorted keys, two-space indent, UTF-8, final newline."""
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)
    return (text + "\n").encode("utf-8")
