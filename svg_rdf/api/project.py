"""`svg_rdf.open_project`, `load_settings`, `compile_project`, `validate_graph`: a project
opened, its settings read, its graph compiled and validated in memory (what every command
starts from); nothing is written.

Each call raises an SvgRdfError subclass for an expected failure and never prints or exits.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Graph

    from svg_rdf.pipeline import Compiled
    from svg_rdf.project import Project
    from svg_rdf.settings import Settings
    from svg_rdf.validation.shacl import Report

PathLike = str | os.PathLike[str]


def open_project(root: PathLike = ".") -> Project:
    """The project whose folder is `root`. Raises SvgRdfError when it has no seeds/ folder."""
    from svg_rdf.project import Project

    return Project.at(Path(root))


def load_settings(project: Project) -> Settings:
    """The project's settings; raises DataFileError naming file and line for a bad value,
    or when seeds/dataset.toml is missing."""
    from svg_rdf.settings import load_settings as read

    return read(project)


def compile_project(project: Project, *, base_iri: str | None = None) -> Compiled:
    """Curation -> graph -> validation report, in memory; no file is rendered or written.

    Raises SvgRdfError subclasses for bad data files or settings.
    """
    from svg_rdf import pipeline

    return pipeline.compile_project(project, base_iri=base_iri)


def validate_graph(graph: Graph, *, project: Project | None = None) -> Report:
    """Validate an rdflib graph against the contract shapes (and `project`'s own shapes
    and property table, when given). Returns the report; raises ConfigurationError for
    unusable shapes."""
    from svg_rdf.validation.project_shapes import project_shapes
    from svg_rdf.validation.shacl import validate

    return validate(graph, project_shapes(project_or_defaults(project)))


def project_or_defaults(project: Project | None) -> Project:
    """`project`, or a folder-less stand-in that has only the package's defaults."""
    from svg_rdf.project import Project

    return project if project is not None else Project(Path(os.devnull))
