"""Project: where the seeds, ontology, shapes and output of one project live."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from svg_rdf.errors import SvgRdfError


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
    def property_table(self) -> Path:
        return self.ontology / "properties.csv"

    @property
    def shapes(self) -> Path:
        return self.root / "shapes"

    @property
    def shape_files(self) -> list[Path]:
        return sorted(self.shapes.glob("*.ttl"))

    @property
    def queries(self) -> Path:
        return self.root / "queries"

    @property
    def output(self) -> Path:
        return self.root / "output"

    def relative(self, path: Path) -> str:
        """`path` as the user sees it: relative to the project root when inside it."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)
