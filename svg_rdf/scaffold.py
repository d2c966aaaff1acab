"""Scaffold: a new project folder that builds and checks at once, with a short guide in it.

The new project holds its settings and empty data files; the contract shapes, the property
table and the example queries come from the package's defaults, so nothing needs copying
from elsewhere. Its shapes/, ontology/ and queries/ start empty, for the project's own files.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from svg_rdf.curation import schemas
from svg_rdf.curation.datafile import toml_string
from svg_rdf.project import Project
from svg_rdf.settings import DATA_FORMAT

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


def write_project(
    root: Path, *, title: str, name: str, prefix: str, base_iri: str, license: str
) -> Project:
    """Write a new project's files into `root` (options checked by svg_rdf.init_project):
    its settings, empty data files, the schemas and the guide. Returns the project."""
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
