"""Schemas: the JSON Schema of each kind of data file, shipped in svg_rdf/defaults/schemas/.

Every data file starts with a `#:schema PATH` line (PATH relative to the file), the
directive taplo and the Even Better TOML editor extension read to complete and check keys
as the curator types. The schemas describe the keys and their shapes; what a schema
cannot say (a quote found in its source, a slug defined elsewhere, a number read in the
quote) the build checks, naming file and line.
"""

from __future__ import annotations

import json
import os
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

# Each kind of data file and where it lives in a project (globs relative to the root).
KINDS: dict[str, tuple[str, ...]] = {
    "sources": ("seeds/sources.toml",),
    "entities": ("seeds/entities/*.toml",),
    "facts": ("seeds/facts/*.toml",),
    "infobox": ("seeds/infobox/*.toml",),
    "coverage": ("seeds/coverage.toml",),
    "conflicts": ("seeds/conflicts.toml",),
    "dataset": ("seeds/dataset.toml",),
    "wikidata": ("seeds/wikidata.toml",),
    "reconciliation": ("seeds/reconciliation.toml",),
}
DIRECTIVE = "#:schema "


def schema_name(kind: str) -> str:
    """`facts.schema.json`: the file name of a kind's schema."""
    if kind not in KINDS:
        raise KeyError(kind)
    return f"{kind}.schema.json"


def schema_text(kind: str) -> str:
    """The JSON text of the schema of `kind` (one of KINDS), as shipped."""
    folder = resources.files("svg_rdf").joinpath("defaults", "schemas")
    return folder.joinpath(schema_name(kind)).read_text("utf-8")


def schema(kind: str) -> dict[str, Any]:
    """The schema of `kind` as a JSON object."""
    loaded: dict[str, Any] = json.loads(schema_text(kind))
    return loaded


def data_files(root: Path) -> list[tuple[Path, str]]:
    """Every data file of the project at `root` with its kind, sorted by path."""
    found = [
        (path, kind)
        for kind, patterns in KINDS.items()
        for pattern in patterns
        for path in root.glob(pattern)
        if path.is_file()
    ]
    return sorted(found)


def directive(path: Path, schemas: Path, kind: str) -> str:
    """The `#:schema` line for the data file `path`, pointing into the folder `schemas`."""
    target = os.path.relpath(schemas / schema_name(kind), path.parent)
    return DIRECTIVE + Path(target).as_posix()


def install(folder: Path) -> list[Path]:
    """Write every schema into `folder` (created if needed); returns the files written.

    A project outside this repository keeps its own copy, so the `#:schema` lines of its
    data files can point to it with a relative path.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        target = folder / schema_name(kind)
        with resources.as_file(
            resources.files("svg_rdf").joinpath("defaults", "schemas", schema_name(kind))
        ) as source:
            shutil.copyfile(source, target)
        written.append(target)
    return written
