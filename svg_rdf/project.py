"""Project: where the seeds, ontology, shapes, queries and output of one project live.

The contract shapes, the property table and the example queries ship inside the package
(svg_rdf/defaults/, read through importlib.resources); a project's own shapes/*.ttl,
ontology/*.csv and queries/*.rq add to them, and a file with the same name as a default
replaces that default.

In the repository each of those defaults is a symbolic link to the file of the same name in
the top-level shapes/, ontology/ or queries/ (one copy: edit that one); a wheel or sdist holds
the file itself. A clone made without symbolic links (git's core.symlinks=false) holds the
link's target as text instead: defaults_folder refuses such a folder in one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from svg_rdf.errors import ConfigurationError, SvgRdfError

# The shapes file that holds the RDF contract: without it no build or check may pass.
CONTRACT_SHAPES = "contract.ttl"


def defaults_folder(name: str) -> Path:
    """The folder `name` (shapes, ontology, queries) of the defaults shipped in the package.

    Raises ConfigurationError when the package's defaults are not on the file system, or
    when one of them is a symbolic link git wrote out as text.
    """
    root = resources.files("svg_rdf").joinpath("defaults", name)
    if not isinstance(root, Path) or not root.is_dir():
        raise ConfigurationError(
            f"the package's default {name}/ is missing ({root})",
            fix="reinstall svg-rdf: pip install --force-reinstall svg-rdf",
        )
    unlinked = _unlinked(root)
    if unlinked is not None:
        raise ConfigurationError(
            f"the package's default {name}/{unlinked.name} holds the text of a symbolic "
            f"link, not the file ({unlinked})",
            fix="clone the repository again with symbolic links (git clone -c "
            "core.symlinks=true; on Windows turn on Developer Mode first)",
        )
    return root


# What git writes in place of a link to a top-level default when it cannot make links:
# one line, the relative path up to the repository root and down again.
_LINK_TEXT = re.compile(rb"(\.\./)+[\w./-]+")


def _unlinked(folder: Path) -> Path | None:
    """The first file of `folder` that is a symbolic link written out as text, or None."""
    for path in sorted(folder.iterdir()):
        if path.is_symlink() or not path.is_file() or path.stat().st_size > 200:
            continue
        if _LINK_TEXT.fullmatch(path.read_bytes()):
            return path
    return None


def _merged(defaults: Path, own: Path, pattern: str) -> list[Path]:
    """The default files sorted by name, each replaced by the project's file of the same
    name, then the project's other files sorted by name."""
    files = {path.name: path for path in sorted(defaults.glob(pattern))}
    extra = []
    for path in sorted(own.glob(pattern)):
        if path.is_file():
            if path.name in files:
                files[path.name] = path
            else:
                extra.append(path)
    return [*files.values(), *extra]


CONSTRAINT_TABLE = "constraints.csv"
WIKIDATA_CONSTRAINT_TABLE = "wikidata-constraints.csv"


@dataclass(frozen=True)
class Project:
    """The folders of a project rooted at `root`; every path the toolkit reads comes from here."""

    root: Path

    @classmethod
    def at(cls, root: Path) -> Project:
        """The project at `root`; raises SvgRdfError when it has no seeds/ folder."""
        root = root.resolve()
        if not (root / "seeds").is_dir():
            raise SvgRdfError(
                "no seeds/ folder here",
                path=root,
                fix="run from a project folder or pass --project DIR",
            )
        return cls(root)

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def source_registry(self) -> Path:
        return self.seeds / "sources.toml"

    @property
    def infobox_files(self) -> list[Path]:
        return sorted((self.seeds / "infobox").glob("*.toml"))

    @property
    def entity_files(self) -> list[Path]:
        return sorted((self.seeds / "entities").glob("*.toml"))

    @property
    def fact_files(self) -> list[Path]:
        return sorted((self.seeds / "facts").glob("*.toml"))

    @property
    def coverage_file(self) -> Path:
        """Optional: the sentences curators declare fact-free (see reports/coverage.py)."""
        return self.seeds / "coverage.toml"

    @property
    def ontology(self) -> Path:
        return self.root / "ontology"

    @property
    def property_tables(self) -> list[Path]:
        """The property tables: the package's ontology/*.csv and the project's own (but
        not the constraint table)."""
        tables = _merged(defaults_folder("ontology"), self.ontology, "*.csv")
        skip = (CONSTRAINT_TABLE, WIKIDATA_CONSTRAINT_TABLE)
        return [path for path in tables if path.name not in skip]

    @property
    def constraint_table(self) -> Path | None:
        """The property constraints (curation/constraints.py): the project's
        ontology/constraints.csv, else the package's; None when neither exists."""
        tables = _merged(defaults_folder("ontology"), self.ontology, "*.csv")
        found = [path for path in tables if path.name == CONSTRAINT_TABLE]
        return found[-1] if found else None

    @property
    def wikidata_constraint_table(self) -> Path | None:
        """Wikidata's own property constraints (curation/wikidata_constraints.py): the
        project's ontology/wikidata-constraints.csv, else the package's."""
        tables = _merged(defaults_folder("ontology"), self.ontology, "*.csv")
        found = [path for path in tables if path.name == WIKIDATA_CONSTRAINT_TABLE]
        return found[-1] if found else None

    @property
    def shapes(self) -> Path:
        return self.root / "shapes"

    @property
    def shape_files(self) -> list[Path]:
        """The shapes: the package's contract shapes and the project's own shapes/*.ttl.

        Raises ConfigurationError when the contract shapes cannot be found, so that no
        build or check passes without them.
        """
        files = _merged(defaults_folder("shapes"), self.shapes, "*.ttl")
        if CONTRACT_SHAPES not in {path.name for path in files}:
            raise ConfigurationError(
                f"the contract shapes ({CONTRACT_SHAPES}) cannot be found in the package's "
                f"defaults or in {self.relative(self.shapes)}/",
                fix="reinstall svg-rdf: pip install --force-reinstall svg-rdf",
            )
        return files

    @property
    def queries(self) -> Path:
        return self.root / "queries"

    @property
    def query_files(self) -> list[Path]:
        """The example queries: the package's queries/*.rq and the project's own."""
        return _merged(defaults_folder("queries"), self.queries, "*.rq")

    @property
    def output(self) -> Path:
        return self.root / "output"

    @property
    def wikidata_items(self) -> Path:
        """The Wikidata snapshot: svg-rdf wikidata-fetch writes it, the build reads it."""
        return self.root / "wikidata" / "items"

    def relative(self, path: Path) -> str:
        """`path` as the user sees it: relative to the project root when inside it.

        A symbolic link is named as itself, not by what it points to (which may be a loop)."""
        try:
            if path.name in ("", ".", ".."):
                return path.resolve().relative_to(self.root).as_posix()
            return (path.parent.resolve() / path.name).relative_to(self.root).as_posix()
        except (ValueError, OSError, RuntimeError):
            return str(path)
