"""Migration: a project in an older data format -> the current one (`svg-rdf migrate`).

The data format is `format = N` in seeds/dataset.toml (svg_rdf.settings.DATA_FORMAT).
Format 1, the first release's layout, differs from format 2 in four places, each rewritten
here (see `git log` of seeds/dataset.toml, svg_rdf/settings.py and svg_rdf/project.py):

- seeds/dataset.toml had no `name` and `prefix`: the output files were always
  output/svg-rdf.* and the IRIs' prefixes svg, svge, ...: migrate writes those, so the
  outputs keep their names;
- it had no `[kinds]`: the kinds were fixed in the code (aircraft, class, concept, country,
  event, monument, organisation, person, place, treaty, unit, war, work): migrate writes
  them, with the classes the package's default kinds give those it has;
- ontology/properties.csv was the whole property table, a copy of the toolkit's; now the
  package ships the table and a project's properties.csv replaces it: migrate keeps the
  project's own rows (ids the package does not list) in ontology/own-properties.csv;
- shapes/ held copies of the contract shapes; now they ship with the package and a file
  of the same name replaces the package's: migrate removes the old copies, those equal to a
  version svg-rdf shipped; a copy the curator edited stays, with a note saying so.

One change is the curator's to make: a claim whose numbers are not written in its quotes
now needs `derived = "..."` saying how they follow from it; the build names each one.

A migration is planned first (every file written or removed, its text before and after),
which `--dry-run` shows as a unified diff. Applying it copies every file it changes to
migrate-backup-format-<N>/ first, then replaces each file whole (written beside it, then
renamed), so the user's data is never lost and every change is shown.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import os
import re
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path

from svg_rdf.curation.datafile import toml_string
from svg_rdf.errors import DataFileError, SvgRdfError
from svg_rdf.project import Project, defaults_folder
from svg_rdf.settings import DATA_FORMAT, data_format, default_kinds

# What the first release fixed in its code (svg_rdf/entities.py KINDS, pipeline.py
# DATA_NAME, vocab.py's prefixes) and format 2 reads from seeds/dataset.toml.
FIRST_RELEASE_KINDS = (
    "aircraft", "class", "concept", "country", "event", "monument", "organisation",
    "person", "place", "treaty", "unit", "war", "work",
)  # fmt: skip
FIRST_RELEASE_NAME = "svg-rdf"
FIRST_RELEASE_PREFIX = "svg"
FIRST_RELEASE_SHAPES = ("contract.ttl", "crossnode.ttl")
# SHA-256 (of the text with LF line ends) of every version of those files svg-rdf shipped
# while the data format was 1 (`git log 61966af^ -- shapes/ svg_rdf/defaults/shapes/`):
# a project's copy equal to one of them is svg-rdf's and is removed; any other is the
# curator's own edit and stays.
SHIPPED_SHAPE_DIGESTS = {
    "contract.ttl": frozenset({
        "7eb1ab1e95aa12f0b60f9251cc77d2e5cbeaa8cc4694197f83a5ada2f87e9d81",
        "94a5b487c8b6e51ed52f36fe5656cb612072c30a6c939351708dd5f8a7443226",
        "afece39667840f85a5ddf21eea7c69621ceafe2343a77002bb39286263c4efa0",
    }),
    "crossnode.ttl": frozenset({
        "1163ac681b21f3a6e90e3de646b344d384bcde3739b0654924d90b15dc78cbc5",
        "3484f34ebfd5ae8abfd255e68fd6b63f02f64c4e98fe131d49a38a3e49efee1f",
        "5de7f7d19aff4b7f5662b1dacd8644afec496699727e8448abab10379db3ef1d",
        "c36541ca1a965214226cb2893111f5f2431742a76984f798e62564a71bdfb69c",
        "c89bd859eab3729969e046535cbb5b356bda5c6ae9edd14650f728f4a47d8ff1",
        "ec9a7bad982012d2e1c18cf01010bbe14745a45220d1ec77ec908153dc1ae1a4",
    }),
}  # fmt: skip
OWN_PROPERTIES = "own-properties.csv"
_FORMAT_KEY = re.compile(r"\s*(format|\"format\"|'format')\s*=")
FORMAT_COMMENT = "# The data format of these files (`svg-rdf migrate` rewrites an older project)."


@dataclass(frozen=True)
class Change:
    """One file the migration writes (`after`) or removes (`after` None); `before` None
    for a new file. `path` is relative to the project root, with '/'."""

    path: str
    before: str | None
    after: str | None
    why: str

    @property
    def action(self) -> str:
        if self.after is None:
            return "removed"
        return "new" if self.before is None else "rewritten"

    def diff(self) -> str:
        """The change as a unified diff (a removed file as every line removed)."""
        before = (self.before or "").splitlines(keepends=True)
        after = (self.after or "").splitlines(keepends=True)
        old = "/dev/null" if self.before is None else f"a/{self.path}"
        new = "/dev/null" if self.after is None else f"b/{self.path}"
        lines = difflib.unified_diff(before, after, old, new)
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


@dataclass(frozen=True)
class Migration:
    """What `svg-rdf migrate` does to one project: from data format `found` to `target`."""

    project: Project
    found: int
    target: int
    changes: tuple[Change, ...]
    notes: tuple[str, ...]  # what only the curator can do

    @property
    def needed(self) -> bool:
        return self.found < self.target

    @property
    def backup(self) -> Path:
        """Where the files as they were are kept."""
        return self.project.root / f"migrate-backup-format-{self.found}"

    def diff(self) -> str:
        return "".join(change.diff() for change in self.changes)


def plan_migration(project: Project) -> Migration:
    """The changes that bring `project` to the current data format; nothing is written.

    Raises DataFileError for a missing or malformed seeds/dataset.toml, and SvgRdfError
    for a format this svg-rdf does not know.
    """
    path = project.seeds / "dataset.toml"
    display = project.relative(path)
    if not path.is_file():
        raise DataFileError(
            "missing", path=display, fix="run svg-rdf migrate in a project folder (--project)"
        )
    text = path.read_text(encoding="utf-8")
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"not valid TOML: {exc}", path=display, fix="fix the TOML") from None
    found = data_format(document)
    if found is None:
        raise DataFileError(
            f"format {document.get('format')!r} is not a data format number",
            path=display,
            fix=f"write format = {DATA_FORMAT}",
        )
    if found > DATA_FORMAT:
        raise SvgRdfError(
            f"data format {found} is newer than this svg-rdf's ({DATA_FORMAT})",
            path=display,
            fix="upgrade svg-rdf: pip install --upgrade svg-rdf",
        )
    if found == DATA_FORMAT:
        return Migration(project, found, DATA_FORMAT, (), ())
    why = "data format 1 -> 2: " + _what(document)
    shipped, edited = _shape_copies(project)
    changes = [
        Change(display, text, _dataset_v2(text, document), why),
        *_property_tables(project),
        *shipped,
    ]
    notes = (
        'a claim whose numbers are not written in its quotes now needs derived = "..." '
        "saying, in your words, how they follow from the quote; `svg-rdf build` names each "
        "one with its file and line",
        *(
            f"shapes/{name} is not a copy svg-rdf shipped (you edited it): it is left as it "
            f"is, and it replaces svg-rdf's {name}; compare it with "
            f"{defaults_folder('shapes') / name} and remove it to use svg-rdf's"
            for name in edited
        ),
    )
    return Migration(project, found, DATA_FORMAT, tuple(changes), notes)


def apply_migration(migration: Migration) -> None:
    """Copy every file `migration` changes to its backup folder, then write the changes.

    Raises SvgRdfError, before writing anything, when the backup folder exists already.
    """
    if not migration.needed:
        return
    root = migration.project.root
    backup = migration.backup
    if backup.exists():
        raise SvgRdfError(
            "a backup of an earlier migration is in the way",
            path=migration.project.relative(backup),
            fix="check it, move it elsewhere, then run svg-rdf migrate again",
        )
    for change in migration.changes:
        if change.before is not None:
            target = backup / change.path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / change.path, target)
    for change in migration.changes:
        path = root / change.path
        if change.after is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.migrating")
        partial.write_text(change.after, encoding="utf-8")
        os.replace(partial, path)


def _what(document: dict[str, object]) -> str:
    added = ["format = 2"]
    if "name" not in document:
        added.append(f'name = "{FIRST_RELEASE_NAME}" (the output files keep their names)')
    if "prefix" not in document:
        added.append(f'prefix = "{FIRST_RELEASE_PREFIX}" (the IRIs keep their prefixes)')
    if "kinds" not in document:
        added.append("[kinds] with the first release's kinds")
    return "adds " + "; ".join(added)


def _dataset_v2(text: str, document: dict[str, object]) -> str:
    """seeds/dataset.toml with what format 2 needs, its own lines and comments kept."""
    top: list[str] = []
    if "name" not in document:
        top += [
            "# The stem of the output files (output/NAME.ttl, .nt, .jsonld); the first release",
            "# always wrote svg-rdf. Rename it freely (links to the old files then break).",
            f'name = "{FIRST_RELEASE_NAME}"',
        ]
    if "prefix" not in document:
        top += [
            "# The prefix of the project's IRIs in Turtle and SPARQL (svg, svge, svgs, ...):",
            "# the first release's.",
            f'prefix = "{FIRST_RELEASE_PREFIX}"',
        ]
    lines = text.splitlines()
    at = next((i for i, line in enumerate(lines) if line.lstrip().startswith("[")), len(lines))
    written = [i for i, line in enumerate(lines[:at]) if _FORMAT_KEY.match(line)]
    if written:  # `format = 1` written out: that line says 2 now
        lines[written[0]] = f"format = {DATA_FORMAT}"
    else:
        top += [FORMAT_COMMENT, f"format = {DATA_FORMAT}"]
    while at > 0 and (lines[at - 1].startswith("#") or not lines[at - 1].strip()):
        at -= 1  # before the comments and blank lines that introduce a table
    result = [*lines[:at], *top, *lines[at:]]
    if "kinds" not in document:
        classes = {kind.name: kind.classes for kind in default_kinds()}
        result += [
            "",
            "# The kinds of entity the first release knew, each with the Q-ids of the",
            "# Wikidata classes its items are instances of (P31), or [] when none is known.",
            "[kinds]",
            *(
                f"{name} = [{', '.join(toml_string(q) for q in classes.get(name, ()))}]"
                for name in FIRST_RELEASE_KINDS
            ),
        ]
    return "\n".join(result) + "\n"


def _property_tables(project: Project) -> list[Change]:
    """ontology/properties.csv of format 1 (the whole table) -> the project's own rows."""
    path = project.ontology / "properties.csv"
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    shipped = _rows(defaults_folder("ontology") / "properties.csv")
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0] if rows else [], [row for row in rows[1:] if row]
    own = [row for row in body if row[0] not in shipped]
    # a row svg-rdf also ships, with another label or datatype: svg-rdf's now applies
    differ = sorted(
        row[0] for row in body if row[0] in shipped and row[1:3] != shipped[row[0]][1:3]
    )
    changes = [
        Change(
            "ontology/properties.csv",
            text,
            None,
            f"{len(body) - len(own)} of its {len(body)} rows are in the table svg-rdf ships, "
            "which a project's properties.csv would now replace"
            + (f"; its own {len(own)} move to ontology/{OWN_PROPERTIES}" if own else "")
            + (
                f"; {', '.join(differ)} differ from svg-rdf's rows in label or datatype, "
                "and svg-rdf's now apply"
                if differ
                else ""
            ),
        )
    ]
    if own:
        target = project.ontology / OWN_PROPERTIES
        if target.exists():
            raise SvgRdfError(
                f"ontology/{OWN_PROPERTIES} exists already",
                path="ontology/properties.csv",
                fix=f"move ontology/{OWN_PROPERTIES} elsewhere, then run svg-rdf migrate again",
            )
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(own)
        changes.append(
            Change(
                f"ontology/{OWN_PROPERTIES}",
                None,
                out.getvalue(),
                "the project's own properties, added to the table svg-rdf ships",
            )
        )
    return changes


def _rows(path: Path) -> dict[str, list[str]]:
    """The rows of a property table by id (the header too, under "id")."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {row[0]: row for row in csv.reader(handle) if row}


def _shape_copies(project: Project) -> tuple[list[Change], list[str]]:
    """The removal of each shapes/ file that is a copy svg-rdf shipped, and the names of
    those the curator edited (kept)."""
    removed: list[Change] = []
    edited: list[str] = []
    for name in FIRST_RELEASE_SHAPES:
        path = project.shapes / name
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        digest = hashlib.sha256(text.replace("\r\n", "\n").encode("utf-8")).hexdigest()
        if digest not in SHIPPED_SHAPE_DIGESTS[name]:
            edited.append(name)
            continue
        removed.append(
            Change(
                f"shapes/{name}",
                text,
                None,
                "a copy of the first release's shapes: svg-rdf ships the current ones, which "
                "a file of the same name would replace",
            )
        )
    return removed, edited
