"""Validation: a project's shapes, as build validates with them and output/shapes.ttl shows.

Kept out of svg_rdf.pipeline so that `check`, which needs the shapes but none of the build's
stages, does not import them (0.07 s of CPU).
"""

from __future__ import annotations

from svg_rdf.curation.constraints import load_constraints
from svg_rdf.curation.entities import is_builtin, load_entities
from svg_rdf.curation.ontology import load_properties
from svg_rdf.model import Curation, Property
from svg_rdf.project import Project
from svg_rdf.settings import Settings, load_settings
from svg_rdf.validation.constraintshapes import Typing, constraint_shapes
from svg_rdf.validation.shacl import Shapes, load_shapes

__all__ = ["project_shapes"]


def project_shapes(
    project: Project,
    curation: Curation | None = None,
    *,
    settings: Settings | None = None,
    properties: tuple[Property, ...] | None = None,
) -> Shapes:
    """The contract shapes, the project's own, the value shapes of its property table and
    the shapes of its constraint table (as warnings).

    `settings` are the ones the graph was compiled with (a `--base-iri` included) and
    `properties` the property table, when the caller has read them (`curation` brings its
    own); each is read from the project when not given. Raises ConfigurationError when the
    contract shapes cannot be found or are unusable, and DataFileError for a malformed
    constraint table.
    """
    if curation is None and not (project.seeds / "dataset.toml").is_file():
        # no project (the package's defaults only): the contract and value shapes
        properties = load_properties(project) if properties is None else properties
        return load_shapes(project.shape_files, properties)
    settings = settings or load_settings(project)
    if curation is not None:
        properties, constraints = curation.properties, curation.constraints
        entities = curation.entities
    else:
        properties = load_properties(project) if properties is None else properties
        constraints = load_constraints(project, properties, settings.kind_names)
        entities = load_entities(project, settings.kind_names)
    # the built-in entities (circa, ...) are values of qualifiers, no instance of a class;
    # left out, the shapes are the same whether or not a claim uses one
    typed = Typing.of(
        ((kind.name, kind.classes) for kind in settings.kinds),
        [entity for entity in entities if not is_builtin(entity)],
    )
    return load_shapes(
        project.shape_files,
        properties,
        generated=constraint_shapes(constraints, properties, typed),
    )
