"""QuickStatements export: golden files, a read-back with an independent v1 parser, the rules."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from svg_rdf.api import build
from svg_rdf.errors import DataFileError
from svg_rdf.model import (
    Curation,
    Entity,
    Evidence,
    ItemValue,
    MonolingualValue,
    Place,
    QuantityValue,
    StringValue,
    TimeValue,
    UrlValue,
    Value,
)
from svg_rdf.pipeline import curate
from svg_rdf.project import Project
from svg_rdf.wikidata import plan as qs
from svg_rdf.wikidata.live import comparer
from svg_rdf.wikidata.references import debris, line_starts
from svg_rdf.wikidata.snapshot import load_snapshot
from svg_rdf.wikidata.syntax import (
    ELLIPSIS,
    Refusal,
    fit_quote,
    monolingual_token,
    quantity_token,
    string_token,
    time_token,
    value_token,
)
from tests import qs_oracle
from tests.quickstatements_v1 import (
    GREGORIAN,
    Item,
    Monolingual,
    QsSyntaxError,
    QsValue,
    Quantity,
    Statement,
    String,
    Time,
    parse,
    parse_line,
    parse_value,
    resolve,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
FIXTURES = sorted(path.name for path in DATA.glob("qs-*"))
UPDATE = os.environ.get("SVG_RDF_UPDATE_GOLDEN") == "1"


def exported(root: Path) -> tuple[Curation, qs.QsSettings, dict[str, bytes]]:
    project = Project.at(root)
    curation = curate(project)
    settings = qs.load_settings(project)
    snapshot = load_snapshot(project, site=settings.site)
    files = qs.output_files(curation, settings, compare=comparer(snapshot, curation))
    return curation, settings, {f.name: f.data for f in files}


# -- golden files ------------------------------------------------------------------------


def test_fixtures_are_there() -> None:
    assert FIXTURES == ["qs-quotes", "qs-sources", "qs-values"]


@pytest.mark.parametrize("case", FIXTURES)
def test_golden_files(case: str) -> None:
    _, _, files = exported(DATA / case)
    assert sorted(files) == ["wikidata-pending.json", "wikidata-pending.md", "wikidata.qs"]
    for name, data in files.items():
        golden = DATA / case / "expected" / name
        if UPDATE:
            golden.parent.mkdir(exist_ok=True)
            golden.write_bytes(data)
        assert golden.exists(), f"{golden} is missing; create it with pytest --update-golden"
        assert data == golden.read_bytes(), (
            f"{case}/{name} changed; review the diff, then pytest --update-golden"
        )


# -- read back: by meaning, with our reader and with the real QuickStatements parser -----


def normalise(text: str) -> str:
    return " ".join(text.split())


def datavalue(value: Value, entities: dict[str, Entity]) -> tuple[object, ...]:
    """How the tool must read one of our values (the oracle's `value_of` form)."""
    if isinstance(value, ItemValue):
        qid = entities[value.slug].qid
        assert qid is not None, f"{value.slug} has no Q-id but was written"
        return ("item", qid)
    if isinstance(value, TimeValue):
        month = value.month if value.precision >= 10 else 0
        day = value.day if value.precision >= 11 else 0
        time = f"+{value.year:04d}-{month:02d}-{day:02d}T00:00:00Z"
        return ("time", time, value.precision, GREGORIAN)
    if isinstance(value, QuantityValue):
        bounds = [None if b is None else Decimal(b) for b in (value.lower, value.upper)]
        unit = "1"
        if value.unit is not None:
            unit_qid = entities[value.unit].qid
            assert unit_qid is not None, f"unit {value.unit} has no Q-id but was written"
            unit = f"http://www.wikidata.org/entity/{unit_qid}"
        return ("quantity", Decimal(value.amount), bounds[0], bounds[1], unit)
    if isinstance(value, MonolingualValue):
        return ("monolingual", value.language, normalise(value.text))
    if isinstance(value, StringValue):
        return ("string", normalise(value.text))
    assert isinstance(value, UrlValue)
    return ("string", value.url)


def reference_value(pid: str, plain: str, language: str) -> tuple[object, ...]:
    if pid in ("P143", "P248"):
        return ("item", plain)
    if pid == "P813":
        return ("time", f"+{plain}T00:00:00Z", 11, GREGORIAN)
    if pid == "P1683":
        return ("monolingual", language, plain)
    return ("string", plain)


Expected = dict[tuple[str, str, tuple[object, ...]], tuple[set[object], list[object]]]


def planned_meaning(curation: Curation, result: qs.Plan) -> Expected:
    """Our plan by meaning: per statement its qualifiers and each reference as a block."""
    entities = {e.slug: e for e in curation.entities}
    languages = {s.stem: s.language for s in curation.sources}
    out: Expected = {}
    for statement in result.statements:
        claim = statement.claim
        subject = entities[claim.subject]
        key = (
            subject.qid or f"new:{subject.label}",
            claim.pid,
            datavalue(claim.value, entities),
        )
        assert key not in out, f"two statements of the plan would merge: {key}"
        qualifiers = {(q.pid, datavalue(q.value, entities)) for q in claim.qualifiers}
        references = sorted(
            (
                tuple(
                    sorted(
                        (
                            (s.pid, reference_value(s.pid, s.plain, languages[g.source]))
                            for s in g.snaks
                        ),
                        key=repr,
                    )
                )
                for g in statement.references
            ),
            key=repr,
        )
        out[key] = (qualifiers, references)
    return out


def oracle_meaning(meaning: qs_oracle.Meaning) -> Expected:
    return {
        key: (statement.qualifiers, list(statement.references))
        for key, statement in meaning.statements.items()
    }


def our_reader_meaning(text: str) -> Expected:
    """What our own reader makes of the file, merged by item, property and value."""
    statements, _ = resolve(parse(text))
    out: Expected = {}
    for statement in statements:
        value = statement.value
        if isinstance(value, Item):
            key_value: tuple[object, ...] = ("item", value.qid)
        elif isinstance(value, Time):
            key_value = ("time", value.time, value.precision, value.calendar)
        elif isinstance(value, Quantity):
            key_value = ("quantity", value.amount, value.lower, value.upper, value.unit)
        elif isinstance(value, Monolingual):
            key_value = ("monolingual", value.language, value.text)
        else:
            key_value = ("string", value.text)
        qualifiers, references = out.setdefault(
            (statement.item, statement.property, key_value), (set(), [])
        )
        qualifiers |= {(pid, _reader_value(v)) for pid, v in statement.qualifiers}
        if statement.item.startswith("new:"):
            references += [
                tuple(sorted(((p, _reader_value(v)) for p, v in g), key=repr))
                for g in statement.references
            ]
        else:  # on an existing item the tool sends all snaks of a line as one reference
            snaks = [(p, _reader_value(v)) for g in statement.references for p, v in g]
            if snaks:
                references.append(tuple(sorted(snaks, key=repr)))
        references.sort(key=repr)
    return out


def _reader_value(value: QsValue) -> tuple[object, ...]:
    if isinstance(value, Item):
        return ("item", value.qid)
    if isinstance(value, Time):
        return ("time", value.time, value.precision, value.calendar)
    if isinstance(value, Quantity):
        return ("quantity", value.amount, value.lower, value.upper, value.unit)
    if isinstance(value, Monolingual):
        return ("monolingual", value.language, value.text)
    assert isinstance(value, String)
    return ("string", value.text)


CASES = [*FIXTURES, "the project's own seeds"]


def case_root(case: str) -> Path:
    return ROOT if case.startswith("the project") else DATA / case


@pytest.mark.parametrize("case", CASES)
def test_the_real_quickstatements_parser_reads_our_plan(case: str) -> None:
    """0 errors, and per statement the same value, qualifiers and reference blocks."""
    curation, settings, files = exported(case_root(case))
    result = qs.plan(curation, settings)
    meaning = qs_oracle.read(files["wikidata.qs"].decode("utf-8"))
    assert oracle_meaning(meaning) == planned_meaning(curation, result)
    created = {f"new:{b.entity.label}": b.entity for b in result.blocks if b.created}
    assert sorted(meaning.created) == sorted(created)
    for name, new in meaning.created.items():
        entity = created[name]
        assert new.labels == dict(entity.labels)
        assert new.descriptions == dict(entity.descriptions)
        assert new.aliases == set(entity.aliases)
        assert any(k[0] == name and k[1] == "P31" for k in meaning.statements)


def test_the_committed_batch_is_read_by_the_real_parser() -> None:
    """output/wikidata.qs as committed (a test elsewhere keeps it equal to a rebuild)."""
    curation, settings, _ = exported(ROOT)
    text = (ROOT / "output" / "wikidata.qs").read_text(encoding="utf-8")
    meaning = qs_oracle.read(text)
    assert oracle_meaning(meaning) == planned_meaning(curation, qs.plan(curation, settings))


@pytest.mark.parametrize("case", CASES)
def test_our_reader_agrees_with_the_plan(case: str) -> None:
    curation, settings, files = exported(case_root(case))
    result = qs.plan(curation, settings)
    text = files["wikidata.qs"].decode("utf-8")
    assert our_reader_meaning(text) == planned_meaning(curation, result)
    pending = json.loads(files["wikidata-pending.json"])["pending"]
    assert len(result.statements) + len(pending) == len(curation.claims)


def test_the_oracle_comparison_can_fail() -> None:
    """A second reference squeezed onto an existing item's line is caught (the tool would
    send both sources as one reference)."""
    curation, settings, files = exported(DATA / "qs-sources")
    lines = files["wikidata.qs"].decode("utf-8").splitlines()
    almaty = [line for line in lines if line.startswith("Q35493\tP17\t")]
    assert len(almaty) == 2
    merged = (
        almaty[0].split(" /* ")[0]
        + "\t!"
        + "\t".join(almaty[1].split(" /* ")[0].split("\t")[3:]).lstrip("!")
    )
    text = "\n".join([line for line in lines if line not in almaty] + [merged]) + "\n"
    meaning = qs_oracle.read(text)
    assert oracle_meaning(meaning) != planned_meaning(curation, qs.plan(curation, settings))


def test_the_oracle_reports_what_the_tool_cannot_read() -> None:
    result = qs_oracle.run("Q1\tP571\t1937-1941\nQ1\tP31\tQ5\tS143\tnonsense\n")
    problems = qs_oracle.errors(result)
    assert "Unknown V1 value format" in problems[0]
    assert any("unreadable value 'nonsense'" in p for p in problems)


def test_a_rank_token_would_lose_qualifiers_and_references() -> None:
    """Why ranks are never written: the tool reads the rank token as a qualifier key."""
    result = qs_oracle.run(
        "Q1\tP1120\t12\tRpreferred\tP585\t+1937-00-00T00:00:00Z/9\n",
    )
    assert qs_oracle.errors(result)


@pytest.mark.parametrize("case", CASES)
def test_no_rank_tokens(case: str) -> None:
    text = exported(case_root(case))[2]["wikidata.qs"].decode("utf-8")
    assert not re.search(r"\tR(preferred|deprecated|normal|[-+0])\t", text)


# -- what the fixtures show ------------------------------------------------------------


def lines_of(case: str) -> list[str]:
    return exported(DATA / case)[2]["wikidata.qs"].decode("utf-8").splitlines()


def test_references_on_a_created_item_are_apart_on_one_line() -> None:
    (line,) = [line for line in lines_of("qs-sources") if line.startswith("LAST\tP31\t")]
    statement = parse_line(1, line)
    assert isinstance(statement, Statement)
    assert [[pid for pid, _ in group] for group in statement.references] == [
        ["P143", "P4656", "P813", "P1683", "P1683"],
        ["P248", "P854", "P1683"],
    ]
    assert line.count("!S") == 1
    assert Monolingual("en", 'an air unit known as "the Falcons"') in [
        v for _, v in statement.references[0]
    ]


def test_references_on_an_existing_item_go_one_line_each() -> None:
    lines = [line for line in lines_of("qs-sources") if line.startswith("Q35493\tP17\tQ15180")]
    assert len(lines) == 2 and not any("!S" in line for line in lines)
    assert "\tS143\tQ328\tS4656\t" in lines[0] and "\tS248\tQ13550863\t" in lines[1]


def test_references_name_the_revision_and_the_retrieval_date() -> None:
    line = next(line for line in lines_of("qs-values") if line.startswith("LAST\tP31\tQ176799"))
    assert "\tS143\tQ328\tS4656\t" in line and "\tS813\t+2026-11-30T00:00:00Z/11\t" in line
    assert '"https://en.wikipedia.org/w/index.php?title=Test_Squadron&oldid=1"' in line


def test_weak_references_are_named_with_what_to_add() -> None:
    document = json.loads(exported(DATA / "qs-quotes")[2]["wikidata-pending.json"])
    (weak,) = document["weak_references"]
    assert weak["source"] == "alpha.txt"
    assert any("permalink" in lack for lack in weak["lacks"])
    assert any("retrieved" in lack for lack in weak["lacks"])
    assert (
        json.loads(exported(DATA / "qs-values")[2]["wikidata-pending.json"])["weak_references"]
        == []
    )


def test_times_keep_their_precision() -> None:
    text = "\n".join(lines_of("qs-values"))
    for token in (
        "+1937-00-00T00:00:00Z/9",
        "+1941-06-00T00:00:00Z/10",
        "+1937-12-13T00:00:00Z/11",
        "+1360-00-00T00:00:00Z/8",
    ):
        assert token in text


def test_created_item_comes_first_with_its_terms_and_p31() -> None:
    lines = lines_of("qs-values")
    start = lines.index("CREATE")
    assert lines[start + 1] == (
        'LAST\tLen\t"Test Squadron" /* svg-rdf: new item; Wikidata was searched on 2026-11-30 '
        "and had none */"
    )
    assert lines[start + 2].startswith('LAST\tLru\t"Испытательная эскадрилья"')
    assert lines[start + 3].startswith('LAST\tDen\t"invented air unit')
    assert lines[start + 4].startswith('LAST\tAen\t"TS"')
    assert lines[start + 5].startswith("LAST\tP31\tQ176799\t")


def pending_codes(case: str) -> dict[str, list[str]]:
    document = json.loads(exported(DATA / case)[2]["wikidata-pending.json"])
    return {
        f"{p['subject']} {p['property']} {p['value']}": [r["code"] for r in p["reasons"]]
        for p in document["pending"]
    }


def test_what_waits_and_why() -> None:
    assert pending_codes("qs-values") == {
        "test-squadron P1120 10": ["no-qid", "rank", "conflict"],
        "test-squadron P1120 12": ["rank", "conflict"],
        "test-squadron P121 example-fighter": ["no-qid"],
        "test-squadron P1590 450 [400, 520]": ["quantity-bounds"],
    }
    assert pending_codes("qs-sources") == {
        "test-squadron P159 hankou": ["time-scope", "unwritable-string"],
        "test-squadron P159 nanjing": ["time-scope", "source-unnamed"],
        "test-squadron P4791 general-test": ["no-qid", "time-scope"],
        "test-squadron P571 1937": ["conflict"],
        "test-squadron P571 1938": ["conflict"],
        "test-squadron P576 1941": ["same-value"],
    }
    assert pending_codes("qs-quotes") == {
        "hankou P31 city": ["not-article"],
        "test-squadron P1120 12": ["rank"],
        "test-squadron P159 hankou": ["weak-quote"],
    }


def test_a_conflict_lists_every_value_with_its_sources() -> None:
    document = json.loads(exported(DATA / "qs-sources")[2]["wikidata-pending.json"])
    (entry,) = [p for p in document["pending"] if p["value"] == "1937"]
    detail = entry["reasons"][0]["detail"]
    assert "1937 (alpha.txt;" in detail and "1938 (beta.txt;" in detail


def test_summary_opens_the_pending_list() -> None:
    text = exported(DATA / "qs-values")[2]["wikidata-pending.md"].decode("utf-8")
    head = text.split("\n## ", 2)[1]
    assert head.startswith("Summary for editors")
    assert "creates 1 item, adds 5 statements to existing items and 8 statements to the new" in head
    assert "with 13 references" in head
    assert "**What waits:** 4 statements of 17" in head
    lines = head.split("\n")
    assert lines[2].startswith("- **Not compared with Wikidata:** 5 lines of wikidata.qs")
    assert lines[3].startswith(
        "- **Do first:** record the Q-id of example-fighter (Example Fighter) "
    )
    assert "Then the file sends 1 statement more" in head


def test_entities_that_most_need_a_qid_say_what_they_block() -> None:
    document = json.loads(exported(DATA / "qs-values")[2]["wikidata-pending.json"])
    assert [
        (n["entity"], n["statements_waiting"], n["statements_released"])
        for n in document["needs_qid"]
    ] == [("example-fighter", 1, 1), ("superseded-value", 1, 0)]
    assert document["counts"] == {
        "created_items": 1,
        "exported": 13,
        "exported_on_created_items": 8,
        "exported_on_existing_items": 5,
        "modelled_locally": 0,
        "pending": 4,
        "references": 13,
        "statements": 17,
    }


def test_quotes_are_clean_short_fragments() -> None:
    text = "\n".join(lines_of("qs-quotes"))
    assert 'en:"It was formed in 1937 at a field near the river."' in text
    assert f'en:"{ELLIPSIS}finally numbered some 1,450 airmen and technicians of{ELLIPSIS}"' in text
    # ", Hankou" is debris, and only the value's name: the statement waits (weak-quote;
    # tests/test_qs_lines.py sends a debris quote's reference without its quotation)
    assert not [line for line in lines_of("qs-quotes") if "\tP159\t" in line]
    assert pending_codes("qs-quotes")["test-squadron P159 hankou"] == ["weak-quote"]
    (country,) = [line for line in lines_of("qs-quotes") if "\tP17\t" in line]
    assert "S1683" not in country  # over the limit without the value: no quotation


@pytest.mark.parametrize(
    ("quote", "why"),
    [
        (", Hankou", "begins with ','"),
        ("Hankou Hankou was a city", "repeats 'Hankou'"),
        ("the United States Army , Navy", "space before punctuation"),
        ("Alma Ata\nin the USSR", "line break"),
    ],
)
def test_debris_is_recognised(quote: str, why: str) -> None:
    text = "x " + quote + " y"
    evidence = Evidence("s", quote, 2, 2 + len(quote), "", "", Place("f", 1))
    found = debris(evidence, line_starts(text))
    assert found is not None and why in found
    clean = Evidence("s", "Hankou was a city", 0, 17, "", "", Place("f", 1))
    assert debris(clean, line_starts("Hankou was a city")) is None


def test_an_entity_without_exportable_statements_is_not_created() -> None:
    curation, settings, _ = exported(DATA / "qs-sources")
    only_waiting = [c for c in curation.claims if c.pid in ("P4791", "P159", "P31")]
    entities = tuple(
        replace(e, wikidata=None, wikidata_checked=None, wikidata_note=None)
        for e in curation.entities
    )
    result = qs.plan(replace(curation, claims=tuple(only_waiting), entities=entities), settings)
    assert result.blocks == ()
    assert qs.serialize(result) == b""
    (p31,) = [p for p in result.pending if p.claim.pid == "P31"]
    assert [r.code for r in p31.reasons] == ["no-qid"]
    assert p31.reasons[0].entities == ("test-squadron",)


def test_an_item_marked_new_without_p31_is_refused() -> None:
    curation, settings, _ = exported(DATA / "qs-sources")
    claims = tuple(c for c in curation.claims if c.pid != "P31")
    with pytest.raises(DataFileError) as caught:
        qs.plan(replace(curation, claims=claims), settings)
    message = str(caught.value)
    assert message.startswith("seeds/entities/all.toml:1: test-squadron is marked")
    assert "no P31" in message and "\n" not in message


def test_an_item_marked_new_without_english_description_is_refused() -> None:
    curation, settings, _ = exported(DATA / "qs-sources")
    entities = tuple(
        replace(e, descriptions=()) if e.slug == "test-squadron" else e for e in curation.entities
    )
    with pytest.raises(DataFileError, match="no English description"):
        qs.plan(replace(curation, entities=entities), settings)


def test_a_reference_property_missing_from_the_table_is_an_error() -> None:
    curation, settings, _ = exported(DATA / "qs-values")
    table = tuple(p for p in curation.properties if p.pid != "P4656")
    with pytest.raises(DataFileError, match="P4656") as caught:
        qs.plan(replace(curation, properties=table), settings)
    assert str(caught.value).startswith("ontology/properties.csv: ")


def test_edit_summary_names_the_sources_and_cannot_break_the_line() -> None:
    curation, _, _ = exported(DATA / "qs-values")
    claim = curation.claims[0]
    sources = {s.stem: replace(s, title="Alpha | a*/b\tc") for s in curation.sources}
    text = qs.summary(claim, sources)
    assert text == "svg-rdf: quote verified in Alpha / a* /b c"
    assert "|" not in text and "*/" not in text


def test_every_line_is_a_command() -> None:
    """No comment lines: QuickStatements 3 fails on a line that holds only a comment."""
    for case in FIXTURES:
        for line in lines_of(case):
            assert line == "CREATE" or re.match(r"^(LAST|Q[0-9]+)\t", line)


# -- settings ---------------------------------------------------------------------------


def project_with(tmp_path: Path, settings: str | None) -> Project:
    (tmp_path / "seeds").mkdir()
    if settings is not None:
        (tmp_path / "seeds" / "wikidata.toml").write_text(settings, encoding="utf-8")
    return Project.at(tmp_path)


def test_settings_default_when_the_file_is_absent(tmp_path: Path) -> None:
    assert qs.load_settings(project_with(tmp_path, None)) == qs.QsSettings()
    assert qs.QsSettings().quote_limit == 160


def test_the_project_settings_name_only_known_properties() -> None:
    curation, settings, _ = exported(ROOT)
    settings.check_properties(curation.properties)
    assert "P2124" in settings.time_scoped and "P2130" in settings.needs_unit


def test_a_listed_property_missing_from_the_table_is_refused(tmp_path: Path) -> None:
    settings = qs.load_settings(project_with(tmp_path, '# scope\ntime_scoped = ["P99999"]\n'))
    curation, _, _ = exported(DATA / "qs-values")
    with pytest.raises(DataFileError) as caught:
        qs.plan(curation, settings)
    assert str(caught.value).startswith("seeds/wikidata.toml:2: time_scoped lists P99999")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# limit\nquote_limit = 5\n", "seeds/wikidata.toml:2: quote_limit 5 must be"),
        ('quote_limit = "400"\n', "seeds/wikidata.toml:1: quote_limit '400' must be"),
        ('ranks = "classic"\n', "seeds/wikidata.toml:1: unknown top-level key 'ranks'"),
        ('time_scoped = "P2124"\n', "seeds/wikidata.toml:1: time_scoped must be a list"),
        ('needs_unit = ["cost"]\n', "seeds/wikidata.toml:1: needs_unit must be a list"),
    ],
)
def test_bad_settings_name_their_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(DataFileError) as caught:
        qs.load_settings(project_with(tmp_path, text))
    assert str(caught.value).startswith(message)


# -- value syntax -----------------------------------------------------------------------


def test_time_tokens_zero_what_the_precision_does_not_cover() -> None:
    assert time_token(TimeValue(1937, 10, 5, 9)) == "+1937-00-00T00:00:00Z/9"
    assert time_token(TimeValue(1937, 10, 5, 10)) == "+1937-10-00T00:00:00Z/10"
    assert time_token(TimeValue(1937, 10, 5, 11)) == "+1937-10-05T00:00:00Z/11"
    assert time_token(TimeValue(1930, 0, 0, 8)) == "+1930-00-00T00:00:00Z/8"


def test_quantity_bounds() -> None:
    assert quantity_token(QuantityValue("450")) == "450"
    assert quantity_token(QuantityValue("450", "450", "450")) == "450~0"
    assert quantity_token(QuantityValue("2.5", "2.25", "2.75")) == "2.5~0.25"
    for value in (QuantityValue("450", "400", "520"), QuantityValue("450", "400", None)):
        refused = quantity_token(value)
        assert isinstance(refused, Refusal) and refused.code == "quantity-bounds"


def test_a_unit_is_written_by_its_q_id_or_the_statement_is_refused() -> None:
    dollar = Entity("dollar", (("en", "US dollar"),), (), (), "concept", Place("e", 1), "Q4917")
    percent = Entity("percent", (("en", "percent"),), (), (), "concept", Place("e", 1))
    entities = {"dollar": dollar, "percent": percent}
    assert value_token(QuantityValue("50000000", unit="dollar"), entities) == "50000000U4917"
    assert value_token(QuantityValue("3", "2", "4", unit="dollar"), entities) == "3~1U4917"
    refused = value_token(QuantityValue("3", unit="percent"), entities)
    assert isinstance(refused, Refusal) and refused.code == "no-qid"
    assert refused.entities == ("percent",)
    # and the reference parser reads the unit back
    assert parse_value("50000000U4917") == Quantity(
        Decimal(50000000), None, None, "http://www.wikidata.org/entity/Q4917"
    )


def test_strings_quotes_stay_inside_and_unwritable_ones_are_refused() -> None:
    assert string_token('say "hi"\nnow') == '"say "hi" now"'
    assert parse_value('"say "hi" now"') == String('say "hi" now')
    for text in ("a | b", "a\\b", "a /* b", '""quoted""', "   "):
        refused = string_token(text)
        assert isinstance(refused, Refusal) and refused.code == "unwritable-string"
    assert isinstance(monolingual_token("text", "zh-Hant"), Refusal)
    assert monolingual_token("南京市", "zh") == 'zh:"南京市"'


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40))
def test_every_written_string_reads_back_the_same(text: str) -> None:
    token = string_token(text)
    if isinstance(token, Refusal):
        return
    assert parse_value(token) == String(normalise(text))
    line = f"Q1\tP1932\t{token}\tS1683\ten:{token} /* seeds/facts/x.toml:1 */"
    statement = parse_line(1, line)
    assert isinstance(statement, Statement)
    assert statement.value == String(normalise(text))
    assert statement.references == ((("P1683", Monolingual("en", normalise(text))),),)
    assert statement.summary == "seeds/facts/x.toml:1"


@given(
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
    st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False),
)
def test_symmetric_quantities_read_back(amount: Decimal, error: Decimal) -> None:
    text = str(amount)
    value = QuantityValue(text, str(amount - error), str(amount + error))
    token = quantity_token(value)
    assert isinstance(token, str)
    assert parse_value(token) == Quantity(amount, amount - error, amount + error, "1")


WORDS = st.lists(st.sampled_from(["alpha", "beta.", "450", "gamma", "delta!", "x"]), max_size=60)


@given(WORDS, st.integers(min_value=20, max_value=120))
def test_fitted_quotes_are_fragments_within_the_limit(words: list[str], limit: int) -> None:
    quote = " ".join(words)
    fitted = fit_quote(quote, ["450"], limit)
    if len(quote) <= limit:
        assert fitted == quote
    elif fitted is not None:
        body = fitted.removeprefix(ELLIPSIS).removesuffix(ELLIPSIS)
        assert len(fitted) <= limit and body in quote and "450" in body
    else:  # every word is short, so only a missing value can refuse
        assert "450" not in quote


def test_fit_quote_refuses_when_the_value_is_absent() -> None:
    assert fit_quote("word " * 30, ["1937"], 40) is None
    assert fit_quote("short", ["1937"], 40) == "short"


def test_the_reader_rejects_what_the_tools_would_misread() -> None:
    for line in (
        "Q1\tP571\t+1937-00-00T00:00:00Z",  # no precision: the tools read year precision
        "Q1\tP571\t+1937-00-00/9",
        "Q1\tP31",
        "Q1\tP31\tQ5\tS143",
        "# a comment",
    ):
        with pytest.raises(QsSyntaxError):
            parse_line(1, line)
    with pytest.raises(QsSyntaxError):
        parse("Q1\tP31\tQ5")  # no final newline


# -- build and determinism --------------------------------------------------------------


def test_build_publishes_the_quickstatements_files() -> None:
    built = build(Project.at(DATA / "qs-values"), write=False)
    names = [f.name for f in built.files]
    for name in ("wikidata.qs", "wikidata-pending.json", "wikidata-pending.md"):
        assert name in names
    void = next(f for f in built.files if f.name == "void.ttl").data.decode("utf-8")
    assert "wikidata.qs" in void and "wikidata-pending.json" in void


def test_bytes_do_not_depend_on_the_hash_seed() -> None:
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        run = subprocess.run(
            [sys.executable, "-c", DUMP, str(DATA / "qs-sources")],
            capture_output=True,
            env=env,
            check=True,
        )
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1] and outputs[0]


DUMP = """
import sys
from pathlib import Path
from svg_rdf.wikidata import plan as qs
from svg_rdf.pipeline import curate
from svg_rdf.project import Project
project = Project.at(Path(sys.argv[1]))
for file in qs.output_files(curate(project), qs.load_settings(project)):
    sys.stdout.buffer.write(file.name.encode() + b"\\n" + file.data)
"""


def test_a_second_value_at_one_scope_is_a_conflict_even_by_amount() -> None:
    curation, settings, _ = exported(DATA / "qs-values")
    counted = next(c for c in curation.claims if c.pid == "P2124")
    plain = replace(counted, value=QuantityValue("450.0"), places=(Place("x", 1),))
    result = qs.plan(replace(curation, claims=(*curation.claims, plain)), settings)
    held = [p for p in result.pending if p.claim.pid == "P2124"]
    assert [[r.code for r in p.reasons] for p in held] == [["conflict"], ["conflict"]]


def test_an_item_whose_label_cannot_be_written_is_refused() -> None:
    curation, settings, _ = exported(DATA / "qs-sources")
    entities = tuple(
        replace(e, labels=(("en", "Test | Squadron"),)) if e.slug == "test-squadron" else e
        for e in curation.entities
    )
    with pytest.raises(DataFileError, match="cannot be created"):
        qs.plan(replace(curation, entities=entities), settings)


ENTITY = """[[entity]]
slug = "alpha-town"
label = "Alpha Town"
kind = "place"
description = "invented town"
"""


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('wikidata = "new"\n', 'wikidata = "new" needs wikidata_checked'),
        ('wikidata = "new"\nwikidata_checked = 2026-11-30\n', "needs wikidata_note"),
        ('wikidata = "maybe"\n', "unknown wikidata 'maybe'"),
        ('wikidata_note = "looked"\n', "go with wikidata"),
        (
            'qid = "Q1"\nqid_evidence = "x"\nwikidata = "new"\nwikidata_checked = 2026-11-30\n'
            'wikidata_note = "n"\n',
            "is recorded, so it is not",
        ),
        ('wikidata = "new"\nwikidata_checked = "yesterday"\nwikidata_note = "n"\n', "needs"),
    ],
)
def test_the_wikidata_search_record_is_checked(tmp_path: Path, extra: str, message: str) -> None:
    from tests.conftest import make_project

    project = make_project(tmp_path / "p")
    (project / "seeds" / "entities" / "town.toml").write_text(ENTITY + extra, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        curate(Project.at(project))
    assert str(caught.value).startswith("seeds/entities/town.toml:")
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('retrieved = "yesterday"\n', "retrieved 'yesterday' is not a date"),
        ('qid = "Wikipedia"\n', "qid must be the source work's Q-id"),
        ('not_article = ["400-500"]\n', "not_article names line 500, but the file has"),
        ("not_article = [3]\n", "not_article must be a list of line ranges"),
        ('url = "ftp://example.org/x"\n', "url 'ftp://example.org/x' is not an http(s) URL"),
    ],
)
def test_source_reference_fields_are_checked(tmp_path: Path, extra: str, message: str) -> None:
    from tests.conftest import make_project

    project = make_project(tmp_path / "p")
    registry = project / "seeds" / "sources.toml"
    registry.write_text(registry.read_text(encoding="utf-8") + extra, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        curate(Project.at(project))
    assert str(caught.value).startswith("seeds/sources.toml:") and message in str(caught.value)
