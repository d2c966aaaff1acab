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

from svg_rdf.errors import DataFileError
from svg_rdf.model import (
    Claim,
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
from svg_rdf.pipeline import build, curate
from svg_rdf.project import Project
from svg_rdf.wikidata import plan as qs
from svg_rdf.wikidata.syntax import (
    ELLIPSIS,
    Refusal,
    fit_quote,
    monolingual_token,
    quantity_token,
    string_token,
    time_token,
)
from tests.quickstatements_v1 import (
    GREGORIAN,
    Item,
    Monolingual,
    NewItem,
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
    return curation, settings, {f.name: f.data for f in qs.output_files(curation, settings)}


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
        assert golden.exists(), f"{golden} is missing; create it with SVG_RDF_UPDATE_GOLDEN=1"
        assert data == golden.read_bytes(), (
            f"{case}/{name} changed; review the diff, then SVG_RDF_UPDATE_GOLDEN=1 pytest"
        )


# -- read back: the file carries exactly the curation -------------------------------------


def normalise(text: str) -> str:
    return " ".join(text.split())


def expected_value(value: Value, entities: dict[str, Entity]) -> QsValue | None:
    """How the file must write `value`; None for an item without a Q-id (never written)."""
    if isinstance(value, ItemValue):
        qid = entities[value.slug].qid
        return None if qid is None else Item(qid)
    if isinstance(value, TimeValue):
        month = value.month if value.precision >= 10 else 0
        day = value.day if value.precision >= 11 else 0
        time = f"+{value.year:04d}-{month:02d}-{day:02d}T00:00:00Z"
        return Time(time, value.precision, GREGORIAN)
    if isinstance(value, QuantityValue):
        bounds = [None if b is None else Decimal(b) for b in (value.lower, value.upper)]
        return Quantity(Decimal(value.amount), bounds[0], bounds[1], "1")
    if isinstance(value, MonolingualValue):
        return Monolingual(value.language, normalise(value.text))
    if isinstance(value, StringValue):
        return String(normalise(value.text))
    assert isinstance(value, UrlValue)
    return String(value.url)


def derived(quote: str, evidence: Evidence, limit: int) -> bool:
    """The quotation is the evidence (whitespace collapsed) or a fragment of it in the limit."""
    whole = normalise(evidence.quote)
    if len(whole) <= limit:
        return quote == whole
    body = quote.removeprefix(ELLIPSIS).removesuffix(ELLIPSIS)
    return len(quote) <= limit and ELLIPSIS not in body and body in whole


def carries_references(statement: Statement, claim: Claim, curation: Curation, limit: int) -> bool:
    sources = {s.stem: s for s in curation.sources}
    groups = [dict(identity=[], quotes=[]) for _ in statement.references]
    for group, parsed in zip(groups, statement.references, strict=True):
        for pid, value in parsed:
            if pid == "P1683":
                group["quotes"].append(value)
            else:
                group["identity"].append((pid, value))
    stems = sorted({e.source for e in claim.evidence})
    if len(stems) != len(groups):
        return False
    for stem, group in zip(stems, groups, strict=True):
        source = sources[stem]
        identity = []
        if source.imported_from:
            identity.append(("P143", Item(source.imported_from)))
        if source.url:
            identity.append(("P4656" if source.imported_from else "P854", String(source.url)))
        if group["identity"] != identity:
            return False
        evidence = [e for e in claim.evidence if e.source == stem]
        quotes = group["quotes"]
        if any(not isinstance(q, Monolingual) or q.language != source.language for q in quotes):
            return False
        texts = [q.text for q in quotes]  # type: ignore[union-attr]
        if len(set(texts)) != len(texts):
            return False
        if not all(any(derived(t, e, limit) for t in texts) for e in evidence):
            return False
        if not all(any(derived(t, e, limit) for e in evidence) for t in texts):
            return False
    return True


def carries(
    statement: Statement, claim: Claim, curation: Curation, settings: qs.QsSettings
) -> bool:
    entities = {e.slug: e for e in curation.entities}
    subject = entities[claim.subject]
    qualifiers = sorted(
        ((q.pid, expected_value(q.value, entities)) for q in claim.qualifiers), key=repr
    )
    return (
        statement.item == (subject.qid or f"new:{subject.label}")
        and statement.property == claim.pid
        and statement.value == expected_value(claim.value, entities)
        and statement.rank == claim.rank
        and sorted(statement.qualifiers, key=repr) == qualifiers
        and statement.summary == "; ".join(str(p) for p in claim.places)
        and carries_references(statement, claim, curation, settings.quote_limit)
    )


def pending_key(claim: Claim) -> tuple[object, ...]:
    return (
        claim.subject,
        claim.pid,
        claim.value.display(),
        [[q.pid, q.value.display()] for q in claim.qualifiers],
        [str(p) for p in claim.places],
    )


def check_carries_exactly(
    curation: Curation,
    settings: qs.QsSettings,
    statements: list[Statement],
    created: dict[str, NewItem],
    pending: list[dict[str, object]],
) -> None:
    held = [
        (p["subject"], p["property"], p["value"], p["qualifiers"], p["places"]) for p in pending
    ]
    remaining = list(statements)
    entities = {e.slug: e for e in curation.entities}
    for claim in curation.claims:
        matches = [s for s in remaining if carries(s, claim, curation, settings)]
        if pending_key(claim) in held:
            subject = entities[claim.subject]
            value = expected_value(claim.value, entities)
            assert not [
                s
                for s in statements
                if s.item == (subject.qid or f"new:{subject.label}")
                and s.property == claim.pid
                and s.summary == "; ".join(str(p) for p in claim.places)
                and value in (None, s.value)
            ], f"{claim} is both written and pending"
            held.remove(pending_key(claim))
            continue
        assert len(matches) == 1, f"{qs.describe(claim)} is written {len(matches)} times"
        remaining.remove(matches[0])
    assert not remaining, f"statements nobody curated: {remaining}"
    assert not held, f"pending entries that match no claim: {held}"
    for claim in curation.claims:  # a pending claim may leave its subject uncreated
        subject = next(e for e in curation.entities if e.slug == claim.subject)
        if subject.qid is None and f"new:{subject.label}" in created:
            new = created[f"new:{subject.label}"]
            assert new.labels == dict(subject.labels)
            assert new.descriptions == dict(subject.descriptions)
            assert new.aliases == list(subject.aliases)
    for name in created:
        assert any(name == f"new:{e.label}" and e.qid is None for e in curation.entities)


@pytest.mark.parametrize("case", [*FIXTURES, "the project's own seeds"])
def test_read_back_carries_exactly_the_curation(case: str) -> None:
    root = ROOT if case.startswith("the project") else DATA / case
    curation, settings, files = exported(root)
    statements, created = resolve(parse(files["wikidata.qs"].decode("utf-8")))
    pending = json.loads(files["wikidata-pending.json"])["pending"]
    check_carries_exactly(curation, settings, statements, created, pending)
    assert len(statements) + len(pending) == len(curation.claims)


def test_read_back_catches_a_lost_reference() -> None:
    """The check above can fail: drop the second reference group of a line."""
    curation, settings, files = exported(DATA / "qs-sources")
    text = files["wikidata.qs"].decode("utf-8")
    broken = re.sub(r"\t!S854\t[^\t]*\tS1683\ten:\"The Test Squadron, a military unit\"", "", text)
    assert broken != text
    statements, created = resolve(parse(broken))
    pending = json.loads(files["wikidata-pending.json"])["pending"]
    with pytest.raises(AssertionError):
        check_carries_exactly(curation, settings, statements, created, pending)


# -- what the fixtures show ------------------------------------------------------------


def lines_of(case: str) -> list[str]:
    return exported(DATA / case)[2]["wikidata.qs"].decode("utf-8").splitlines()


def test_two_sources_are_two_reference_groups_and_one_source_is_one() -> None:
    (line,) = [line for line in lines_of("qs-sources") if "\tP31\t" in line]
    statement = parse_line(1, line)
    assert isinstance(statement, Statement)
    assert [[pid for pid, _ in group] for group in statement.references] == [
        ["P143", "P1683", "P1683"],
        ["P854", "P1683"],
    ]
    assert "\t!S854\t" in line and line.count("!S") == 1
    assert String("https://example.org/beta") in [v for _, v in statement.references[1]]
    assert Monolingual("en", 'an air unit known as "the Falcons"') in [
        v for _, v in statement.references[0]
    ]


def test_wikimedia_sources_cite_project_and_revision() -> None:
    line = next(line for line in lines_of("qs-values") if "\tP31\tQ176799\t" in line)
    assert "\tS143\tQ328\tS4656\t" in line
    assert '"https://en.wikipedia.org/w/index.php?title=Test_Squadron&oldid=1"' in line


def test_times_keep_their_precision() -> None:
    text = "\n".join(lines_of("qs-values"))
    for token in (
        "+1937-00-00T00:00:00Z/9",
        "+1941-06-00T00:00:00Z/10",
        "+1937-12-13T00:00:00Z/11",
        "+1360-00-00T00:00:00Z/8",
    ):
        assert token in text


def test_ranks_in_quickstatements3_syntax() -> None:
    (line,) = [line for line in lines_of("qs-values") if "\tP1120\t" in line]
    assert line.startswith("LAST\tP1120\t12\tRpreferred\tP7452\tQ71536040\t")


def test_conflicting_sources_give_two_statements() -> None:
    lines = lines_of("qs-sources")
    assert sum("\tP571\t" in line for line in lines) == 2
    assert sum("\tP740\t" in line for line in lines) == 2


def test_created_item_comes_first_with_its_terms() -> None:
    lines = lines_of("qs-values")
    start = lines.index("CREATE")
    assert lines[start + 1] == 'LAST\tLen\t"Test Squadron" /* seeds/entities/all.toml:1 */'
    assert lines[start + 2].startswith('LAST\tLru\t"Испытательная эскадрилья"')
    assert lines[start + 3].startswith('LAST\tDen\t"invented air unit')
    assert lines[start + 4].startswith('LAST\tAen\t"TS"')
    assert all(line.startswith("LAST\tP") for line in lines[start + 5 :])


def pending_codes(case: str) -> dict[str, list[str]]:
    document = json.loads(exported(DATA / case)[2]["wikidata-pending.json"])
    return {
        f"{p['subject']} {p['property']} {p['value']}": [r["code"] for r in p["reasons"]]
        for p in document["pending"]
    }


def test_what_waits_and_why() -> None:
    assert pending_codes("qs-values") == {
        "test-squadron P1120 10": ["no-qid"],
        "test-squadron P121 example-fighter": ["no-qid"],
        "test-squadron P1590 450 [400, 520]": ["quantity-bounds"],
    }
    assert pending_codes("qs-sources") == {
        "test-squadron P159 hankou": ["unwritable-string"],
        "test-squadron P159 nanjing": ["source-unnamed"],
        "test-squadron P4791 general-test": ["no-qid"],
        "test-squadron P576 1941": ["same-value"],
    }
    assert pending_codes("qs-quotes") == {
        "test-squadron P1120 12": ["rank"],
        "test-squadron P17 republic-of-china": ["quote-too-long"],
    }


def test_entities_that_most_need_a_qid() -> None:
    document = json.loads(exported(DATA / "qs-values")[2]["wikidata-pending.json"])
    assert [(n["entity"], n["statements_waiting"]) for n in document["needs_qid"]] == [
        ("example-fighter", 1),
        ("superseded-value", 1),
    ]
    assert document["counts"] == {
        "created_items": 1,
        "exported": 14,
        "exported_on_created_items": 9,
        "exported_on_existing_items": 5,
        "pending": 3,
        "statements": 17,
    }


def test_long_quotes_are_cut_to_the_sentence_or_the_words_carrying_the_value() -> None:
    text = "\n".join(lines_of("qs-quotes"))
    assert 'en:"It was formed in 1937 at a field near the river."' in text
    assert f'en:"{ELLIPSIS}finally numbered some 1,450 airmen and technicians of{ELLIPSIS}"' in text


def test_an_entity_without_exportable_statements_is_not_created(tmp_path: Path) -> None:
    curation, settings, _ = exported(DATA / "qs-sources")
    only_waiting = [c for c in curation.claims if c.pid in ("P4791", "P159")]
    result = qs.plan(replace(curation, claims=tuple(only_waiting)), settings)
    assert result.blocks == ()
    assert qs.serialize(result) == b""
    for item in result.pending:
        assert item.reasons[0].code == "no-qid"
        assert item.reasons[0].entities == ("test-squadron",)


def test_a_reference_property_missing_from_the_table_is_an_error() -> None:
    curation, settings, _ = exported(DATA / "qs-values")
    table = tuple(p for p in curation.properties if p.pid != "P4656")
    with pytest.raises(DataFileError, match="P4656") as caught:
        qs.plan(replace(curation, properties=table), settings)
    assert str(caught.value).startswith("ontology/properties.csv: ")


def test_edit_summary_names_at_most_five_places_and_cannot_break_the_line() -> None:
    curation, _, _ = exported(DATA / "qs-values")
    claim = curation.claims[0]
    places = tuple(Place(f"seeds/facts/a|b*/{n}.toml", n) for n in range(7))
    text = qs.summary(replace(claim, places=places))
    assert text.endswith("; +2 more") and text.count(";") == 5
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
    assert qs.load_settings(project_with(tmp_path, None)) == qs.QsSettings(400, "quickstatements3")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# limit\nquote_limit = 5\n", "seeds/wikidata.toml:2: quote_limit 5 must be"),
        ('quote_limit = "400"\n', "seeds/wikidata.toml:1: quote_limit '400' must be"),
        ('ranks = "classic"\n', "seeds/wikidata.toml:1: unknown ranks 'classic'"),
        ("limit = 4\n", "seeds/wikidata.toml:1: unknown top-level key 'limit'"),
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


def test_quantities_collide_by_amount_as_quickstatements_compares_them() -> None:
    curation, settings, _ = exported(DATA / "qs-values")
    counted = next(c for c in curation.claims if c.pid == "P2124")
    plain = replace(counted, value=QuantityValue("450.0"), qualifiers=(), places=(Place("x", 1),))
    result = qs.plan(replace(curation, claims=(*curation.claims, plain)), settings)
    held = [p for p in result.pending if p.claim == plain]
    assert [r.code for r in held[0].reasons] == ["same-value"]
    assert sum(s.claim.pid == "P2124" for s in result.statements) == 1


def test_an_item_whose_label_cannot_be_written_is_not_created() -> None:
    curation, settings, _ = exported(DATA / "qs-sources")
    entities = tuple(
        replace(e, labels=(("en", "Test | Squadron"),)) if e.slug == "test-squadron" else e
        for e in curation.entities
    )
    result = qs.plan(replace(curation, entities=entities), settings)
    assert result.blocks == ()
    codes = {tuple(r.code for r in p.reasons) for p in result.pending}
    assert ("no-qid", "unwritable-term") in codes
    assert all(p.reasons[0].code == "no-qid" for p in result.pending)


def test_only_entities_of_the_create_kinds_are_created(tmp_path: Path) -> None:
    from svg_rdf.pipeline import curate
    from svg_rdf.project import Project
    from tests.conftest import make_project

    project = make_project(tmp_path / "p")
    facts = project / "seeds" / "facts" / "squadron.toml"
    facts.write_text(
        facts.read_text(encoding="utf-8")
        + '\n[[claim]]\nsubject = "alpha-town"\nproperty = "P17"\nvalue = "beta-town"\n'
        'evidence = [{ source = "alpha", quote = "formed in Alpha Town in March 1938" }]\n',
        encoding="utf-8",
    )
    curation = curate(Project.at(project))
    default = qs.plan(curation, qs.QsSettings())
    assert "alpha-town" not in {block.entity.slug for block in default.blocks}
    (waiting,) = [p for p in default.pending if p.claim.subject == "alpha-town"]
    assert {r.code for r in waiting.reasons} == {"no-qid"}
    assert any("items of kind 'place' are not created" in r.detail for r in waiting.reasons)
    wider = qs.plan(curation, qs.QsSettings(create_kinds=("place", "unit")))
    assert "alpha-town" in {block.entity.slug for block in wider.blocks if block.created}


def test_create_kinds_must_be_known_kinds(tmp_path: Path) -> None:
    from svg_rdf.errors import DataFileError
    from svg_rdf.project import Project
    from tests.conftest import make_project

    project = make_project(tmp_path / "p")
    (project / "seeds" / "wikidata.toml").write_text('create_kinds = ["people"]\n')
    with pytest.raises(DataFileError, match="create_kinds"):
        qs.load_settings(Project.at(project))
