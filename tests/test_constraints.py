"""Constraints: ontology/constraints.csv is read strictly, and its shapes catch violations.

The generated shapes are checked by pyshacl's own validate() on small Wikibase-model
graphs: every kind has a conforming and a violating example.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from svg_rdf.curation.constraints import (
    load_constraints,
    parse_constraints,
    single_value_rule,
    single_valued,
)
from svg_rdf.curation.ontology import load_properties
from svg_rdf.errors import DataFileError
from svg_rdf.graph.vocab import OWL, PQ, PS, PSV, UNIT_ONE, WD, WDT, WIKIBASE, OurNamespaces, P
from svg_rdf.model import Constraint, Entity, Place, Property
from svg_rdf.project import Project
from svg_rdf.validation.constraintshapes import Typing, constraint_shapes, entity_pattern

PROPERTIES = (
    Property("P31", "instance of", "wikibase-item", "test"),
    Property("P279", "subclass of", "wikibase-item", "test"),
    Property("P585", "point in time", "time", "test"),
    Property("P1376", "capital of", "wikibase-item", "test"),
    Property("P1427", "start point", "wikibase-item", "test"),
    Property("P2133", "total debt", "quantity", "test"),
    Property("P4791", "commanded by", "wikibase-item", "test"),
)
HEADER = "property,constraint,parameters,basis,evidence\n"
OURS = OurNamespaces("https://example.org/t/", "svg")
REPO = Path(__file__).resolve().parent.parent


def parse(rows: str) -> tuple[Constraint, ...]:
    return parse_constraints(HEADER + rows, "ontology/constraints.csv", PROPERTIES)


def test_rows_are_read_with_their_place() -> None:
    found = parse(
        'P1427,single-value,P585,project,"one start"\n'
        "P1376,required-qualifier,P585,wikidata,seen on the property page\n"
    )
    assert [(c.pid, c.kind, c.parameters, c.basis) for c in found] == [
        ("P1376", "required-qualifier", ("P585",), "wikidata"),
        ("P1427", "single-value", ("P585",), "project"),
    ]
    assert found[1].place == Place("ontology/constraints.csv", 2)
    assert single_valued(found) == {"P1427": found[1]}


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("P9999,single-value,,project,x\n", "2: unknown property 'P9999'"),
        ("P1427,only-one,,project,x\n", "2: unknown constraint 'only-one'"),
        ("P1427,single-value,,guess,x\n", "2: unknown basis 'guess'"),
        ("P1427,single-value,,project,\n", "2: P1427 single-value has no evidence"),
        ("P1427,single-value,P9999,project,x\n", "unknown separator property 'P9999'"),
        ("P1376,required-qualifier,,project,x\n", "required-qualifier needs parameters"),
        ("P1376,required-qualifier,P9,project,x\n", "unknown qualifier property 'P9'"),
        ("P2133,allowed-units,US Dollar,project,x\n", "unit 'US' is not a Wikidata Q-id"),
        ("P2133,allowed-units,united-states-dollar,project,x\n", "(e.g. Q11229 for percent)"),
        ("P4791,value-type,Human,project,x\n", "class 'Human' is neither a Wikidata Q-id"),
        ("P4791,value-type,human person,project,x\n", "value-type takes one class"),
        ("P1427,single-value,,project,x\nP1427,single-value,,project,y\n", "3: P1427"),
        ("P1427,single-value,,project\n", "expected 5 columns, found 4"),
    ],
)
def test_bad_rows_are_errors_at_their_line(rows: str, message: str) -> None:
    with pytest.raises(DataFileError) as caught:
        parse(rows)
    assert message in str(caught.value)
    assert str(caught.value).startswith("ontology/constraints.csv:")


def test_a_class_named_by_kind_must_be_a_kind_of_the_project() -> None:
    rows = HEADER + "P4791,value-type,person,project,x\n"
    [found] = parse_constraints(rows, "c.csv", PROPERTIES, kinds=["person", "place"])
    assert found.parameters == ("person",)
    with pytest.raises(DataFileError) as caught:
        parse_constraints(rows, "c.csv", PROPERTIES, kinds=["human-being", "place"])
    assert str(caught.value) == (
        "c.csv:2: class 'person' is neither a Wikidata Q-id nor a kind of the project; name "
        "the class by its Q-id (e.g. Q5 for human) or by a kind of seeds/dataset.toml "
        "[kinds]: human-being, place"
    )


def test_a_bad_header_is_an_error() -> None:
    with pytest.raises(DataFileError, match=r"constraints\.csv:1: header is"):
        parse_constraints("id,kind\n", "ontology/constraints.csv", PROPERTIES)


def test_the_projects_table_loads_and_every_row_has_evidence() -> None:
    project = Project.at(REPO)
    found = load_constraints(project, load_properties(project))
    assert len(found) >= 10
    assert {c.basis for c in found} == {"wikidata", "project"}
    assert all(c.evidence for c in found)


def test_a_projects_own_table_replaces_the_packages(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    project = Project.at(tmp_path)
    shipped = load_constraints(project, load_properties(project))
    assert shipped[0].place.path.endswith("svg_rdf/defaults/ontology/constraints.csv")
    mine = load_constraints(Project.at(REPO), load_properties(project))
    assert [(c.pid, c.kind) for c in shipped] == [(c.pid, c.kind) for c in mine]
    (tmp_path / "ontology").mkdir()
    (tmp_path / "ontology" / "constraints.csv").write_text(
        HEADER + "P1427,single-value,,project,x\n"
    )
    [own] = load_constraints(project, PROPERTIES)
    assert (own.pid, own.place) == ("P1427", Place("ontology/constraints.csv", 2))
    # the constraint table is no property table
    assert all(path.name != "constraints.csv" for path in project.property_tables)


# --- shapes, checked by pyshacl ------------------------------------------------------------


def conforms(data: Graph, *constraints: Constraint, typed: Typing | None = None) -> bool:
    shapes = constraint_shapes(constraints, PROPERTIES, typed)
    ok, results, _ = validate(data, shacl_graph=shapes, advanced=False)
    # every finding is a warning: Wikidata reports constraint violations, it does not refuse
    assert set(results.objects(None, SH.resultSeverity)) <= {SH.Warning}
    return bool(ok) or not any(results.objects(None, SH.resultSeverity))


def constraint(pid: str, kind: str, *parameters: str) -> Constraint:
    return Constraint(pid, kind, parameters, "project", "test", Place("c.csv", 2))


def statement(data: Graph, pid: str, name: str, value: object) -> object:
    node = OURS.statement[name]
    data.add((OURS.entity.unit, P[pid], node))
    data.add((node, PS[pid], value))  # type: ignore[arg-type]
    return node


def test_single_value_shape() -> None:
    one = constraint("P1427", "single-value")
    data = Graph()
    data.add((OURS.entity.unit, WDT.P1427, OURS.entity.almaty))
    assert conforms(data, one)
    data.add((OURS.entity.unit, WDT.P1427, OURS.entity.moscow))
    assert not conforms(data, one)
    # with separators the shape is left to the conflicts report
    assert conforms(data, constraint("P1427", "single-value", "P585"))


def test_required_qualifier_shape() -> None:
    needs_time = constraint("P1376", "required-qualifier", "P580", "P585")
    data = Graph()
    node = statement(data, "P1376", "a", OURS.entity.china)
    assert not conforms(data, needs_time)
    data.add((node, PQ.P585, Literal("1937-01-01T00:00:00Z", datatype=XSD.dateTime)))  # type: ignore[arg-type]
    assert conforms(data, needs_time)


def test_allowed_units_shape() -> None:
    dollars = constraint("P2133", "allowed-units", "Q4917")
    data = Graph()
    node = statement(data, "P2133", "a", Literal("50000000", datatype=XSD.decimal))
    value = OURS.value.a
    data.add((node, PSV.P2133, value))  # type: ignore[arg-type]
    data.add((value, RDF.type, WIKIBASE.QuantityValue))
    data.add((value, WIKIBASE.quantityUnit, UNIT_ONE))
    assert not conforms(data, dollars)
    assert conforms(data, constraint("P2133", "allowed-units", "none", "Q4917"))
    data.remove((value, WIKIBASE.quantityUnit, UNIT_ONE))
    data.add((value, WIKIBASE.quantityUnit, OURS.entity["my-dollar"]))
    assert not conforms(data, dollars)  # a unit entity without the Q-id is not the unit
    data.add((OURS.entity["my-dollar"], OWL.sameAs, WD.Q9999))
    assert not conforms(data, dollars)
    data.remove((OURS.entity["my-dollar"], OWL.sameAs, WD.Q9999))
    data.add((OURS.entity["my-dollar"], OWL.sameAs, WD.Q4917))
    assert conforms(data, dollars)


def test_value_type_shape_follows_subclasses_to_the_class_qid() -> None:
    human = constraint("P4791", "value-type", "Q5")
    data = Graph()
    statement(data, "P4791", "a", OURS.entity.asanov)
    assert not conforms(data, human)
    data.add((OURS.entity.asanov, WDT.P31, OURS.entity.general))
    assert not conforms(data, human)
    data.add((OURS.entity.general, WDT.P279, OURS.entity.person))
    assert not conforms(data, human)  # an entity named like the class is not the class
    data.add((OURS.entity.person, OWL.sameAs, WD.Q5))
    assert conforms(data, human)


def entity(slug: str, kind: str) -> Entity:
    return Entity(slug, (("en", slug),), (), (), kind, Place("e.toml", 1))


TYPED = Typing.of(
    [("person", ["Q5"]), ("unit", []), ("place", [])],
    [entity("asanov", "person"), entity("nanjing", "place"), entity("squadron", "unit")],
)


@pytest.mark.parametrize(
    ("target", "value", "fits"),
    [
        ("Q5", "asanov", True),  # the kind person lists Q5: a person needs no P31 claim
        ("Q5", "nanjing", False),
        ("unit", "squadron", True),  # a class named by kind
        ("unit", "asanov", False),
    ],
)
def test_an_entitys_kind_counts_as_its_class(target: str, value: str, fits: bool) -> None:
    data = Graph()
    statement(data, "P4791", "a", OURS.entity[value])
    assert conforms(data, constraint("P4791", "value-type", target), typed=TYPED) is fits


@pytest.mark.parametrize(
    ("value", "fits"),
    [
        ("https://another.example/kg/entity/asanov", True),  # any base: the shapes travel
        ("https://example.org/t/entity/asanov-2", False),  # the slug whole, not its start
        ("https://example.org/t/entity/x-asanov", False),
        ("https://example.org/t/statement/asanov", False),
    ],
)
def test_a_kinds_entities_are_named_under_any_base(value: str, fits: bool) -> None:
    data = Graph()
    statement(data, "P4791", "a", URIRef(value))
    assert conforms(data, constraint("P4791", "value-type", "Q5"), typed=TYPED) is fits


def test_value_type_shapes_name_no_base_iri() -> None:
    shapes = constraint_shapes([constraint("P4791", "value-type", "Q5")], PROPERTIES, TYPED)
    text = shapes.serialize(format="nt")
    assert str(OURS.base) not in text
    assert entity_pattern(["a.b", "c-d"]) == "/entity/(a\\.b|c-d)$"


def test_a_value_type_message_names_the_fix() -> None:
    shapes = constraint_shapes([constraint("P4791", "value-type", "Q5")], PROPERTIES, TYPED)
    [message] = [str(m) for m in shapes.objects(None, SH.message)]
    assert message == (
        "a P4791 (commanded by) value must be an instance of Q5 (project constraint); "
        'give the value\'s entity kind = "person", or give it a claim P31 naming an entity '
        "whose qid is Q5 (or a subclass of it)"
    )


def test_the_shipped_constraints_name_classes_and_units_by_qid() -> None:
    """A default names nothing of one project's data: no entity slug as class or unit."""
    path = REPO / "svg_rdf" / "defaults" / "ontology" / "constraints.csv"
    rows = [line.split(",") for line in path.read_text("utf-8").splitlines()[1:]]
    named = [(r[0], r[2]) for r in rows if r[1] in ("value-type", "allowed-units")]
    assert named, "the shipped table has no class or unit constraint"
    for pid, parameters in named:
        for parameter in parameters.split():
            assert parameter == "none" or (parameter[0] == "Q" and parameter[1:].isdigit()), (
                pid,
                parameter,
            )


def test_the_shipped_table_skips_properties_the_project_does_not_list() -> None:
    rows = HEADER + "P9999,single-value,,project,x\nP1376,required-qualifier,P9,project,x\n"
    assert parse_constraints(rows, "shipped.csv", PROPERTIES, shipped=True) == ()
    with pytest.raises(DataFileError, match="unknown property 'P9999'"):
        parse_constraints(rows, "own.csv", PROPERTIES)


def test_the_single_value_decision_names_its_rule_or_none_for_several_values() -> None:
    row = Constraint("P740", "single-value", (), "project", "test", Place("c.csv", 2))
    single = single_valued([row])
    assert single_value_rule("P740", single, "wikibase-item") == "single-value"
    assert single_value_rule("P1120", single, "quantity") == "one-value-per-scope"
    assert single_value_rule("P585", single, "time") == "one-value-per-scope"
    # location, participant, commanded by: no row, items: several values
    for pid in ("P276", "P710", "P4791"):
        assert single_value_rule(pid, single, "wikibase-item") is None
