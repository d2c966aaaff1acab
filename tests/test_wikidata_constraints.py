"""Wikidata's property constraints: the table is read strictly, covers every packaged
property (rows read, or an explicit "unknown" with what was searched), each constraint
type is checked like OpenRefine's issues panel, and the plan holds a statement that
breaks a mandatory one while it lists the others."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from svg_rdf.curation.wikidata_constraints import (
    KINDS,
    load_wikidata_constraints,
    parse_wikidata_constraints,
    single_valued,
    unknown,
)
from svg_rdf.errors import DataFileError
from svg_rdf.model import (
    Claim,
    Curation,
    Entity,
    ItemValue,
    MonolingualValue,
    Place,
    TimeValue,
    Value,
    WikidataConstraint,
)
from svg_rdf.pipeline import curate
from svg_rdf.project import Project, defaults_folder
from svg_rdf.wikidata import plan as qs
from svg_rdf.wikidata.constraints import (
    Known,
    Planned,
    check,
    not_checked,
    planned,
)
from svg_rdf.wikidata.statements import Violation
from tests.conftest import REPO

HEADER = "property,constraint,constraint_qid,parameters,status,exceptions,evidence\n"
TABLE = "ontology/wikidata-constraints.csv"
DATA = REPO / "tests" / "data"


def parse(rows: str) -> tuple[WikidataConstraint, ...]:
    return parse_wikidata_constraints(HEADER + rows, TABLE)


# -- the loader ------------------------------------------------------------------------


def test_rows_are_read_with_their_place_and_sorted_by_property() -> None:
    found = parse(
        'P1082,required-qualifier,Q21510856,P585,mandatory,,"https://x.example/P1082: q"\n'
        "P17,allowed-qualifiers,Q21510851,P580 P582,normal,Q1 Q2,seen\n"
        "P570,single-value,Q19474404,,suggestion,,seen\n"
        "P6,unknown,,,normal,,searched everywhere\n"
    )
    assert [(c.pid, c.kind, c.qid, c.parameters, c.status) for c in found] == [
        ("P6", "unknown", None, (), "normal"),
        ("P17", "allowed-qualifiers", "Q21510851", ("P580", "P582"), "normal"),
        ("P570", "single-value", "Q19474404", (), "suggestion"),
        ("P1082", "required-qualifier", "Q21510856", ("P585",), "mandatory"),
    ]
    assert found[1].exceptions == ("Q1", "Q2")
    assert found[3].place == Place(TABLE, 2) and found[3].mandatory
    assert single_valued(found) == {"P570": found[2]}
    assert unknown(found) == ("P6",)


def test_a_format_keeps_its_whole_pattern() -> None:
    (found,) = parse('P1,format,Q21502404,"[0-9]+ [a-z]+",normal,,seen\n')
    assert found.parameters == ("[0-9]+ [a-z]+",)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("X17,single-value,Q19474404,,normal,,e", "'X17' is not a property id"),
        ("P17,only-one,Q19474404,,normal,,e", "unknown constraint 'only-one'"),
        ("P17,single-value,Q21510851,,normal,,e", "single-value is Wikidata's Q19474404"),
        ("P17,unknown,Q19474404,,normal,,e", "unknown is Wikidata's nothing, not Q19474404"),
        ("P17,single-value,Q19474404,,must,,e", "unknown status 'must'"),
        ("P17,single-value,Q19474404,,normal,,", "P17 single-value has no evidence"),
        ("P17,single-value,Q19474404,Q5,normal,,e", "'Q5' is not a separator property"),
        ("P17,required-qualifier,Q21510856,,normal,,e", "required-qualifier needs parameters"),
        ("P17,required-qualifier,Q21510856,none,normal,,e", "'none' is not a property"),
        ("P17,allowed-units,Q21514353,metre,normal,,e", "'metre' is not a unit Q-id"),
        ("P17,value-type,Q21510865,Q5,normal,,e", "value-type starts with its relation"),
        ("P17,subject-type,Q21503250,instance,normal,,e", "subject-type needs parameters"),
        ("P17,range,Q21510860,0,normal,,e", "range takes a minimum and a maximum"),
        ("P17,range,Q21510860,0 many,normal,,e", "range takes a minimum and a maximum"),
        ("P17,format,Q21502404,[0-9,normal,,e", "the format is not a regular expression"),
        ("P17,conflicts-with,Q21502838,Q5,normal,,e", "'Q5' is not a property"),
        ("P17,item-requires-statement,Q21503247,P31 P279,normal,,e", "'P279' is not a value"),
        ("P17,contemporary,Q25796498,P580,normal,,e", "contemporary takes no parameters"),
        ("P17,single-value,Q19474404,,normal,human,e", "exception 'human' is not a Q-id"),
        ("P17,single-value,Q19474404", "expected 7 columns, found 3"),
    ],
)
def test_a_malformed_row_is_one_line_naming_its_place(row: str, message: str) -> None:
    with pytest.raises(DataFileError) as caught:
        parse("P570,single-value,Q19474404,,normal,,seen\n" + row + "\n")
    text = str(caught.value)
    assert text.startswith(f"{TABLE}:3: ") and "\n" not in text
    assert message in text


def test_a_row_listed_twice_is_refused() -> None:
    with pytest.raises(DataFileError, match=r":3: P570 single-value is listed twice"):
        parse("P570,single-value,Q19474404,,normal,,a\nP570,single-value,Q19474404,,normal,,b\n")


def test_a_bad_header_is_refused_at_line_one() -> None:
    with pytest.raises(DataFileError, match=r"^ontology/wikidata-constraints.csv:1: header"):
        parse_wikidata_constraints("property,constraint\n", TABLE)


def test_a_project_table_replaces_the_package_table(tmp_path: Path) -> None:
    root = tmp_path / "p"
    (root / "seeds").mkdir(parents=True)
    project = Project.at(root)
    shipped = load_wikidata_constraints(project)
    # the package's table is named the same wherever the package is installed, so a
    # constraint's place in wikidata-pending.* is the same on every machine
    assert shipped and {c.place.path for c in shipped} == {
        "svg_rdf/defaults/ontology/wikidata-constraints.csv"
    }
    (root / "ontology").mkdir()
    (root / TABLE).write_text(HEADER + "P17,single-value,Q19474404,,normal,,mine\n", "utf-8")
    own = load_wikidata_constraints(project)
    assert [(c.pid, c.evidence, c.place) for c in own] == [("P17", "mine", Place(TABLE, 2))]
    assert all(path.name != "wikidata-constraints.csv" for path in project.property_tables)


# -- the packaged table: coverage and evidence ------------------------------------------


def packaged() -> tuple[WikidataConstraint, ...]:
    path = defaults_folder("ontology") / "wikidata-constraints.csv"
    return parse_wikidata_constraints(path.read_text("utf-8"), str(path))


def test_every_packaged_property_has_constraints_read_or_an_unknown_row() -> None:
    table = packaged()
    path = defaults_folder("ontology") / "properties.csv"
    properties = [row["id"] for row in csv.DictReader(io.StringIO(path.read_text("utf-8")))]
    covered = {c.pid for c in table}
    missing = [pid for pid in properties if pid not in covered]
    assert not missing, f"no row (constraint read, or unknown with what was searched): {missing}"
    for constraint in table:
        if constraint.kind == "unknown":
            assert "searched" in constraint.evidence or "not found" in constraint.evidence
        else:  # where it was read, and a quote of it
            assert re.search(r"https?://\S+", constraint.evidence), constraint
            assert "'" in constraint.evidence, constraint


def test_every_constraint_type_names_its_item() -> None:
    assert {kind for kind, qid in KINDS.items() if qid is None} == {"unknown"}
    assert len(set(KINDS.values())) == len(KINDS)


# -- each constraint type ---------------------------------------------------------------

READ = Place(TABLE, 2)


def rule(
    kind: str, *parameters: str, status: str = "mandatory", pid: str = "P17"
) -> WikidataConstraint:
    return WikidataConstraint(
        pid, kind, KINDS[kind], parameters, status, (), "https://x.example/talk: 'q'", READ
    )


def statement(
    pid: str = "P17",
    *,
    subject: str = "almaty",
    value: str | None = "Q15180",
    text: str | None = None,
    amount: str | None = None,
    unit: str | None = None,
    qualifiers: tuple[tuple[str, str], ...] = (),
) -> Planned:
    return Planned(
        subject,
        pid,
        value,
        text,
        None if amount is None else Decimal(amount),
        unit,
        True,
        qualifiers,
        ("test", str(value), str(text), str(amount), str(unit)),
    )


# Q-ids from this repository's batch (Almaty Q35493, Soviet Union Q15180, Republic of China
# Q13426199, city Q515) and from pages read for the table (sovereign state Q3624078, human Q5);
# Q9000001-Q9000003 stand for classes and units in general and are no real items.
KNOWN = Known(
    qids={"almaty": "Q35493", "ussr": "Q15180", "new-unit": None, "city-class": "Q515"},
    instance_of={"almaty": frozenset({"Q515"}), "ussr": frozenset({"Q3624078"})},
    subclass_of={},
    parents={"Q515": frozenset({"Q9000003"})},
    statements={"almaty": frozenset({("P31", "Q515"), ("P17", "Q15180")})},
)


def messages(found: list[Violation]) -> list[tuple[str, bool]]:
    return [(v.message, v.checked) for v in found]


def test_allowed_qualifiers_catch_the_dated_country_of_almaty() -> None:
    allowed = rule("allowed-qualifiers", "P580", "P582")
    dated = statement(qualifiers=(("P585", "time|+1937-10-00T00:00:00Z|10"),))
    (found,) = check(dated, [allowed], KNOWN)
    assert found.message == "qualifier P585 is not allowed" and found.checked
    assert "allowed-qualifiers constraint (Q21510851) of P17" in found.text()
    assert "https://x.example/talk" in found.text() and TABLE in found.text()
    assert check(statement(qualifiers=(("P580", "t"),)), [allowed], KNOWN) == []
    no_qualifier = rule("allowed-qualifiers", "none")
    assert messages(check(statement(qualifiers=(("P580", "t"),)), [no_qualifier], KNOWN)) == [
        ("qualifier P580 is not allowed", True)
    ]


def test_required_qualifier() -> None:
    required = rule("required-qualifier", "P585", pid="P1082")
    bare = statement("P1082", value=None, amount="5")
    assert messages(check(bare, [required], KNOWN)) == [("needs the qualifier P585", True)]
    dated = statement("P1082", value=None, amount="5", qualifiers=(("P585", "t"),))
    assert check(dated, [required], KNOWN) == []


@pytest.mark.parametrize("kind", ["single-value", "single-best-value"])
def test_single_value_with_separators(kind: str) -> None:
    plain = rule(kind)
    soviet, china = statement(), statement(value="Q13426199")
    assert messages(check(soviet, [plain], KNOWN, [soviet, china])) == [
        ("2 values for one item", True)
    ]
    assert check(soviet, [plain], KNOWN, [soviet, statement()]) == []  # the same value
    separated = rule(kind, "P580")
    early = statement(qualifiers=(("P580", "1937"),))
    late = statement(value="Q13426199", qualifiers=(("P580", "1940"),))
    assert check(early, [separated], KNOWN, [early, late]) == []
    same = statement(value="Q13426199", qualifiers=(("P580", "1937"),))
    assert messages(check(early, [separated], KNOWN, [early, same])) == [
        ("2 values for one item and no separator (P580) tells them apart", True)
    ]


def test_value_type_uses_known_classes_and_says_when_it_cannot_check() -> None:
    state = rule("value-type", "instance", "Q3624078")
    assert check(statement(), [state], KNOWN) == []  # the USSR is a sovereign state
    city = rule("value-type", "instance", "Q9000003")  # above Q515 through our P279
    (found,) = check(statement(value="Q35493"), [rule("value-type", "instance", "Q5")], KNOWN)
    assert not found.checked and "not known to be instance of Q5" in found.message
    assert check(statement(value="Q35493"), [city], KNOWN) == []
    (nameless,) = check(statement(value=None), [state], KNOWN)
    assert (nameless.message, nameless.checked) == (
        "the value has no Q-id, so its classes are unknown",
        False,
    )
    assert found.text().startswith("could not check: value-type constraint (Q21510865)")


def test_subject_type() -> None:
    places = rule("subject-type", "instance-or-subclass", "Q9000003")
    assert check(statement(), [places], KNOWN) == []
    (found,) = check(statement(subject="new-unit"), [places], KNOWN)
    assert not found.checked and "the subject (no class with a Q-id)" in found.message


def test_allowed_units() -> None:
    count = rule("allowed-units", "none", pid="P1082")
    money = rule("allowed-units", "Q9000001", pid="P2133")
    assert check(statement("P1082", value=None, amount="3"), [count], KNOWN) == []
    percent = statement("P1082", value=None, amount="3", unit="Q9000002")
    assert messages(check(percent, [count], KNOWN)) == [("takes no unit, not Q9000002", True)]
    assert messages(check(statement("P2133", value=None, amount="3"), [money], KNOWN)) == [
        ("unit none is not one of Q9000001", True)
    ]
    assert check(statement("P2133", value=None, amount="3", unit="Q9000001"), [money], KNOWN) == []
    unnamed = Planned("almaty", "P2133", None, None, Decimal(3), None, False, (), ("3",))
    assert messages(check(unnamed, [money], KNOWN)) == [("the unit has no Q-id", False)]


def test_range() -> None:
    people = rule("range", "0", "-", pid="P1082")
    assert check(statement("P1082", value=None, amount="0"), [people], KNOWN) == []
    assert messages(check(statement("P1082", value=None, amount="-1"), [people], KNOWN)) == [
        ("-1 lies outside 0..-", True)
    ]


def test_format() -> None:
    digits = rule("format", "[0-9]+", pid="P1")
    assert check(statement("P1", value=None, text="123"), [digits], KNOWN) == []
    assert messages(check(statement("P1", value=None, text="12a"), [digits], KNOWN)) == [
        ("'12a' does not match [0-9]+", True)
    ]


def test_conflicts_with_looks_at_our_statements() -> None:
    conflict = rule("conflicts-with", "P31", "Q515", pid="P1082")
    assert messages(check(statement("P1082", value=None, amount="1"), [conflict], KNOWN)) == [
        ("the item also has P31 = Q515", True)
    ]
    other = rule("conflicts-with", "P279", pid="P1082")
    assert check(statement("P1082", value=None, amount="1"), [other], KNOWN) == []


def test_item_requires_statement() -> None:
    needs = rule("item-requires-statement", "P31")
    assert check(statement(), [needs], KNOWN) == []
    needs_state = rule("item-requires-statement", "P31", "Q3624078")
    (existing,) = check(statement(), [needs_state], KNOWN)  # Wikidata's item may have it
    assert not existing.checked
    (created,) = check(statement(subject="new-unit"), [needs_state], KNOWN)
    assert created.checked and created.message.endswith("the item is created without it")


def test_the_packaged_p17_constraints_list_the_dated_country_of_almaty() -> None:
    """P17's constraints as read (Wikidata's JSON of Property:P17): P585 is an allowed
    qualifier, so the Almaty line is not held; its value type is listed when the value's
    classes are unknown, and passes when they are known."""
    p17 = [c for c in packaged() if c.pid == "P17"]
    assert {c.kind for c in p17} >= {"allowed-qualifiers", "value-type", "conflicts-with"}
    assert not any(c.kind == "unknown" for c in p17)
    assert not any(c.mandatory for c in p17)  # nothing of P17's can hold a line
    (allowed,) = [c for c in p17 if c.kind == "allowed-qualifiers"]
    assert {"P580", "P582", "P585"} <= set(allowed.parameters)
    dated = statement(qualifiers=(("P585", "time|+1937-10-00T00:00:00Z|10"),))
    assert check(dated, p17, KNOWN) == []  # the Soviet Union is known as a sovereign state
    unknown_classes = Known(KNOWN.qids, {"almaty": frozenset({"Q515"})}, {}, {}, {})
    (listed,) = check(dated, p17, unknown_classes)
    assert (listed.constraint.kind, listed.checked) == ("value-type", False)
    assert "could not check: value-type constraint (Q21510865) of P17" in listed.text()
    assert "svg_rdf/defaults/ontology/wikidata-constraints.csv" in listed.text()
    human = Known(
        KNOWN.qids, {"almaty": frozenset({"Q5"})}, {}, {}, {"almaty": frozenset({("P31", "Q5")})}
    )
    assert [v.constraint.kind for v in check(dated, p17, human) if v.checked] == ["conflicts-with"]


def test_exceptions_and_other_properties_are_skipped() -> None:
    exempt = WikidataConstraint(
        "P17", "allowed-qualifiers", "Q21510851", ("P580",), "mandatory", ("Q35493",), "e", READ
    )
    dated = statement(qualifiers=(("P585", "t"),))
    assert check(dated, [exempt], KNOWN) == []
    assert check(dated, [rule("allowed-qualifiers", "P580", pid="P31")], KNOWN) == []
    assert check(dated, [rule("contemporary"), rule("unknown")], KNOWN) == []


# -- in the plan -------------------------------------------------------------------------


def planned_files(root: Path) -> dict[str, bytes]:
    project = Project.at(root)
    curation = curate(project)
    settings = qs.load_settings(project)
    return {f.name: f.data for f in qs.output_files(curation, settings)}


def test_a_mandatory_violation_holds_the_line_and_a_suggestion_is_listed(tmp_path: Path) -> None:
    root = tmp_path / "qs-values"
    shutil.copytree(DATA / "qs-values", root, ignore=shutil.ignore_patterns("expected"))
    before = planned_files(root)
    unread = json.loads(before["wikidata-pending.json"])["constraints_unknown_for"]
    # P17: its whole list was read (Wikidata's JSON of the property); P2124: only in part
    assert "P2124" in unread and "P17" not in unread
    assert "Not checked: Wikidata's constraints of " in before["wikidata-pending.md"].decode()
    assert (
        "\tP2124\t" in before["wikidata.qs"].decode()
        and "\tP159\t" in before["wikidata.qs"].decode()
    )
    (root / TABLE).write_text(
        HEADER
        + 'P2124,allowed-qualifiers,Q21510851,P585 P580 P582,mandatory,,"https://x.example/P2124: '
        "'Allowed qualifiers'\"\n"
        + 'P159,required-qualifier,Q21510856,P582,normal,,"https://x.example/P159: '
        "'Required qualifier'\"\n",
        "utf-8",
    )
    after = planned_files(root)
    lines = after["wikidata.qs"].decode()
    assert "\tP2124\t" not in lines  # held: its P1932 qualifier is not allowed
    assert "\tP159\t" in lines  # a suggestion: the line still goes out
    document = json.loads(after["wikidata-pending.json"])
    held = [p for p in document["pending"] if p["property"] == "P2124"]
    (reason,) = [r for r in held[0]["reasons"] if r["code"] == "constraint"]
    assert reason["detail"].startswith(
        "mandatory constraint: allowed-qualifiers constraint (Q21510851) of P2124: "
        "qualifier P1932 is not allowed"
    )
    assert "https://x.example/P2124" in reason["detail"]
    assert document["waiting_by_reason"]["constraint"] == 1
    assert document["constraints_unknown_for"] == []  # the project's table has no unknown row
    (suggestion,) = document["constraint_suggestions"]
    assert (suggestion["property"], suggestion["constraint_qid"], suggestion["checked"]) == (
        "P159",
        "Q21510856",
        True,
    )
    assert "needs the qualifier P582" in suggestion["detail"]
    markdown = after["wikidata-pending.md"].decode()
    assert "## Wikidata constraints to look at" in markdown
    assert "needs the qualifier P582" in markdown


def test_a_malformed_project_table_stops_the_build_with_one_line(tmp_path: Path) -> None:
    root = tmp_path / "qs-values"
    shutil.copytree(DATA / "qs-values", root, ignore=shutil.ignore_patterns("expected"))
    (root / TABLE).write_text(HEADER + "P17,single-value,Q5,,normal,,e\n", "utf-8")
    with pytest.raises(DataFileError) as caught:
        curate(Project.at(root))
    assert str(caught.value).startswith(f"{TABLE}:2: single-value is Wikidata's Q19474404")


# -- single value compares the values themselves (review finding 7) -----------------------


def claim_of(value: Value, subject: str = "pact", pid: str = "P585") -> Claim:
    return Claim(subject, pid, value, (), "normal", (), (READ,))


@pytest.mark.parametrize("kind", ["single-value", "single-best-value"])
def test_single_value_tells_two_dates_apart(kind: str) -> None:
    """Two different P585 dates of one item: the Planned of each carries its date, so
    single value fires (it never did: a date's key was (None, None, None, None))."""
    known = Known({"pact": "Q9000004"}, {}, {}, {}, {})
    day = planned(claim_of(TimeValue(1939, 8, 23, 11)), known)
    year = planned(claim_of(TimeValue(1939, 0, 0, 9)), known)
    once = rule(kind, pid="P585")
    assert messages(check(day, [once], known, [day, year])) == [("2 values for one item", True)]
    again = planned(claim_of(TimeValue(1939, 8, 23, 11)), known)
    assert check(day, [once], known, [day, again]) == []  # the same date is one value


def test_single_value_tells_two_items_without_q_ids_apart() -> None:
    """Two item values with no Q-id (two slugs) and two monolingual texts are two values."""
    known = Known({"unit": "Q9000004", "hankou": None, "nanjing": None}, {}, {}, {}, {})
    hankou = planned(claim_of(ItemValue("hankou"), "unit", "P159"), known)
    nanjing = planned(claim_of(ItemValue("nanjing"), "unit", "P159"), known)
    once = rule("single-value", pid="P159")
    assert messages(check(hankou, [once], known, [hankou, nanjing])) == [
        ("2 values for one item", True)
    ]
    russian = planned(claim_of(MonolingualValue("Москва", "ru"), "unit", "P1448"), known)
    english = planned(claim_of(MonolingualValue("Moscow", "en"), "unit", "P1448"), known)
    named = rule("single-value", pid="P1448")
    assert messages(check(russian, [named], known, [russian, english])) == [
        ("2 values for one item", True)
    ]


# -- an entity's kind counts as its P31 (review finding 8) --------------------------------


def test_a_kind_counts_as_the_entitys_p31_in_value_type() -> None:
    """The value's entity has no P31 claim, but its kind lists the wanted class: the
    value-type check passes instead of "could not check" (issue 20 item 2)."""
    entity = Entity("ussr", (("en", "Soviet Union"),), (), (), "country", READ, qid="Q15180")
    place = Entity("almaty", (("en", "Almaty"),), (), (), "place", READ, qid="Q35493")
    claim = claim_of(ItemValue("ussr"), "almaty", "P17")
    curation = Curation((), (), (entity, place), (claim,), kinds=(("country", ("Q6256",)),))
    known = Known.of(curation)
    assert known.instance_of["ussr"] == frozenset({"Q6256"})
    state = rule("value-type", "instance", "Q3624078", "Q6256")
    assert check(planned(claim, known), [state], known) == []
    bare = Known.of(replace(curation, kinds=()))  # without the kinds: the classes are unknown
    (unsure,) = check(planned(claim, bare), [state], bare)
    assert not unsure.checked


# -- statuses: "unrecorded" is not "normal"; unchecked kinds are said (review finding 10) --


def test_unrecorded_is_a_status_of_its_own_and_never_holds() -> None:
    (found,) = parse("P585,single-value,Q19474404,,unrecorded,,seen\n")
    assert found.status == "unrecorded" and not found.mandatory
    day = statement("P585", value=None, text="1939-08-23")
    year = statement("P585", value=None, text="1939")
    (listed,) = check(day, [found], KNOWN, [day, year])
    assert listed.checked
    assert listed.text().startswith(
        "status not recorded (listed, never held): single-value constraint (Q19474404) of P585"
    )
    with pytest.raises(
        DataFileError, match="use one of: mandatory, suggestion, normal, unrecorded"
    ):
        parse("P585,single-value,Q19474404,,recorded,,seen\n")


def test_the_packaged_statuses_follow_their_evidence() -> None:
    """`normal` only where the source shows every qualifier of the constraint (Wikidata's
    JSON of the property, no P2316 on it); `mandatory` only with the talk page's or the
    JSON's mark; every other row is `unrecorded`."""
    table = packaged()
    for c in table:
        if c.status == "normal":
            assert "no P2316" in c.evidence, c
        elif c.status == "mandatory":
            assert "mandatory constraint" in c.evidence or "Q21502408" in c.evidence, c
        else:
            assert c.status == "unrecorded", c
    assert "normal" not in {c.status for c in table if "usc-isi-i2" in c.evidence[:60]}


def test_kinds_the_checker_does_not_implement_are_named() -> None:
    contemporary = rule("contemporary", pid="P17")
    assert not_checked([contemporary, rule("single-value"), rule("unknown")], {"P17"}) == [
        contemporary
    ]
    assert not_checked([contemporary], {"P31"}) == []


def test_the_pending_report_names_unrecorded_statuses_and_unchecked_kinds(tmp_path: Path) -> None:
    root = tmp_path / "qs-values"
    shutil.copytree(DATA / "qs-values", root, ignore=shutil.ignore_patterns("expected"))
    (root / TABLE).write_text(
        HEADER + 'P2124,allowed-qualifiers,Q21510851,P585,unrecorded,,"https://x.example/P2124: '
        "'Allowed qualifiers'\"\n"
        + "P159,contemporary,Q25796498,,unrecorded,,\"https://x.example/P159: 'Contemporary'\"\n",
        "utf-8",
    )
    files = planned_files(root)
    assert "\tP2124\t" in files["wikidata.qs"].decode()  # unrecorded: listed, never held
    document = json.loads(files["wikidata-pending.json"])
    (suggestion,) = document["constraint_suggestions"]
    assert suggestion["detail"].startswith("status not recorded (listed, never held): ")
    assert document["constraints_status_unrecorded_for"] == ["P2124"]
    assert document["constraints_not_checked"] == [
        {"property": "P159", "constraint": "contemporary", "constraint_qid": "Q25796498"}
    ]
    markdown = files["wikidata-pending.md"].decode()
    assert "Status not recorded: listed, never held." in markdown
    assert "Not checked: the contemporary constraint (Q25796498) of P159" in markdown
