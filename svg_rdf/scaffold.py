"""Scaffold: a new project folder that builds and checks at once, with a short guide in it.

The new project holds its settings and empty data files; the contract shapes, the property
table and the example queries come from the package's defaults, so nothing needs copying
from elsewhere. Its shapes/, ontology/ and queries/ start empty, for the project's own files.
"""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path

from svg_rdf.curation import schemas
from svg_rdf.curation.datafile import toml_string
from svg_rdf.errors import SvgRdfError
from svg_rdf.licenses import license_iri
from svg_rdf.project import Project
from svg_rdf.settings import DATA_FORMAT

_PREFIX = re.compile(r"^[a-z][a-z0-9]{0,15}$")
_BASE = re.compile(r"^https?://[^\s<>\"{}|\\^`]+/$")

GUIDE = """\
# {title}

A knowledge graph made with svg-rdf: every statement is quoted verbatim from a source text.

## Build and check

    svg-rdf build        # seeds/ -> output/{name}.ttl, .nt, .jsonld and reports (all or nothing)
    svg-rdf check        # validate output/ again, re-reading the quotes from the sources
    svg-rdf query --list # the example queries; svg-rdf query --example NAME runs one

## Add what you know

1. A source text: `svg-rdf add-source article.txt --title "..." --license CC-BY-SA-4.0`
   copies it into seeds/ and records its checksum in seeds/sources.toml (a licence is an
   SPDX id or an IRI).
2. The things it talks about: `seeds/entities/*.toml`, one `[[entity]]` table each, with a
   `slug`, an English `label` and a `kind` (the kinds are listed in seeds/dataset.toml).
3. What it says about them: `seeds/facts/*.toml`, one `[[claim]]` table each: `subject`,
   `property` (a Wikidata property id from the property table), `value`, and `evidence`
   quoting the source word for word.

## Your settings

- `seeds/dataset.toml`: the title, description and licence of the dataset, its base IRI
  (change `{base_iri}` to where it will be published), the output name `{name}` and the
  prefix `{prefix}` of its IRIs, the kinds of entity with their Wikidata classes, and the
  subject the example queries show (`[queries] label`).
- `seeds/wikidata.toml`: how the QuickStatements file for Wikidata is written; which kinds
  of entity may be created there (none until you say so).

## Your editor

`schemas/` holds the JSON Schema of each kind of data file. Start every data file with the
line that names its schema, as the files in seeds/ do, and editors that read it (taplo, the
Even Better TOML extension) complete and check the keys as you type:

    #:schema ../../schemas/facts.schema.json       (seeds/facts/*.toml)
    #:schema ../../schemas/entities.schema.json    (seeds/entities/*.toml)
    #:schema ../../schemas/infobox.schema.json     (seeds/infobox/*.toml)

## What comes with svg-rdf

The contract shapes, the property table, its constraints (classes named by Wikidata Q-id:
an entity counts as an instance of the classes its kind lists in [kinds]), the values of
P1480 sourcing circumstances (`circa`, `near`, `presumably`, `possibly`: no need to define
them) and the example queries ship with svg-rdf. Files
you put in `shapes/` (*.ttl), `ontology/` (*.csv, columns id,label,datatype,evidence) and
`queries/` (*.rq) add to them; a file with the same name as one of svg-rdf's replaces it.
"""

FOLDER_NOTES = {
    "shapes": "Your own SHACL shapes (*.ttl) add to the contract shapes that ship with svg-rdf.\n"
    "A file named like one of svg-rdf's (contract.ttl, crossnode.ttl) replaces it.\n",
    "ontology": "Your own property tables (*.csv: id,label,datatype,evidence) add rows to the\n"
    "table that ships with svg-rdf; one named properties.csv replaces it.\n",
    "queries": "Your own example queries (*.rq, starting with a '# Title' comment line) add to\n"
    "the ones that ship with svg-rdf; one with the same name replaces it.\n",
}

SOURCES = """\
# The source texts of this project: add one with `svg-rdf add-source FILE --title ...
# --license ...`. The build refuses a text whose SHA-256 differs from the one recorded here.
"""

WIKIDATA = """\
# How `svg-rdf build` writes output/wikidata.qs, the QuickStatements file for Wikidata.
# An item is created there only for an entity that says it was searched for on Wikidata
# and not found; every other entity without a Q-id waits, listed in wikidata-pending.md.

# The longest quotation (P1683) a reference carries, in characters (20 to 400).
quote_limit = 160
"""


def _kinds_table() -> str:
    """The [kinds] table of a new project: the package's default kinds, to edit."""
    text = resources.files("svg_rdf").joinpath("defaults", "kinds.toml").read_text("utf-8")
    body = [line for line in text.splitlines() if line and not line.startswith("#")]
    return "\n".join(body) + "\n"


def slug(text: str) -> str:
    """Lowercase ASCII letters and digits joined by '-': a name for files and IRIs."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def init_project(
    root: str | os.PathLike[str],
    *,
    title: str | None = None,
    name: str | None = None,
    prefix: str = "ex",
    base_iri: str | None = None,
    license: str = "CC-BY-SA-4.0",
) -> Project:
    """Create a new project in `root` (absent or empty) and return it, as `svg-rdf init`
    does: settings, empty data files and a short guide; the contract shapes, property table
    and example queries come from the package.

    The project builds and checks as it is (an empty graph describing the dataset). Raises
    SvgRdfError, before writing anything, when `root` holds files or an option is invalid.
    """
    root = Path(root)
    name = name or slug(root.resolve().name) or "data"
    title = title or root.resolve().name or name
    base_iri = base_iri or f"https://example.org/{name}/"
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise SvgRdfError("this folder is not empty", path=root, fix="choose a new or empty folder")
    if slug(name) != name:
        raise SvgRdfError(
            f"--name {name!r} must be lowercase letters and digits joined by '-'",
            fix="e.g. --name my-data",
        )
    if not _PREFIX.match(prefix):
        raise SvgRdfError(
            f"--prefix {prefix!r} must be a lowercase letter then up to 15 letters or digits",
            fix="e.g. --prefix my",
        )
    if not _BASE.match(base_iri):
        raise SvgRdfError(
            f"--base-iri {base_iri!r} is not an http(s) IRI ending in '/'",
            fix="e.g. --base-iri https://example.org/my-data/",
        )
    if license_iri(license) is None:
        raise SvgRdfError(
            f"--license {license!r} is neither an IRI nor an SPDX licence id",
            fix="e.g. --license CC-BY-SA-4.0",
        )
    dataset = "\n".join(
        [
            "# How the published dataset describes itself, and what makes this project its own.",
            f"title = {toml_string(title)}",
            f"description = {toml_string('Statements quoted from ' + title + '.')}",
            "# An SPDX licence id or a licence IRI (quotes keep their sources' licence terms).",
            f"license = {toml_string(license)}",
            "# Where the dataset's resources live: change it before you publish.",
            f"base_iri = {toml_string(base_iri)}",
            f"# The output files are output/{name}.ttl, .nt and .jsonld.",
            f"name = {toml_string(name)}",
            f"# Our IRIs in Turtle and SPARQL: {prefix}e:an-entity, {prefix}s:..., {prefix}src:...",
            f"prefix = {toml_string(prefix)}",
            "# The data format of these files (`svg-rdf migrate` rewrites an older project).",
            f"format = {DATA_FORMAT}",
            "",
            "# The kinds of entity, each with the Q-ids of the Wikidata classes its items are",
            "# instances of (P31), or [] when none is known. Add and remove kinds as you need.",
            "[kinds]",
            _kinds_table().rstrip("\n"),
            "",
            "# The subject the example queries show when `svg-rdf query` gets no --label:",
            "# [queries]",
            '# label = "the English label of your main subject"',
            "",
        ]
    )
    files = {
        "GUIDE.md": GUIDE.format(title=title, name=name, prefix=prefix, base_iri=base_iri),
        "seeds/dataset.toml": dataset,
        "seeds/wikidata.toml": WIKIDATA,
        "seeds/sources.toml": SOURCES,
        **{f"{folder}/README.md": note for folder, note in FOLDER_NOTES.items()},
    }
    for folder in ("seeds/entities", "seeds/facts", "seeds/infobox"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    schemas.install(root / "schemas")
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        kind = _DATA_FILES.get(relative)
        if kind is not None:  # editors complete and check keys by this first line
            text = schemas.directive(path, root / "schemas", kind) + "\n" + text
        path.write_text(text, encoding="utf-8")
    return Project.at(root)


_DATA_FILES = {
    "seeds/dataset.toml": "dataset",
    "seeds/wikidata.toml": "wikidata",
    "seeds/sources.toml": "sources",
}
