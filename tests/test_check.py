"""`svg-rdf check`: strict parsing, SHACL findings, source re-verification, reports, exits."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result

from svg_rdf.cli import cli
from tests.conftest import make_project


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def built(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "p")
    assert run("build", "--project", str(project)).exit_code == 0
    return project


@pytest.fixture
def disagreeing(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "d", "two-sources")
    result = run("build", "--project", str(project))
    assert result.exit_code == 0, result.stderr
    return project


def test_check_of_output_passes(built: Path) -> None:
    result = run("check", "--project", str(built))
    assert result.exit_code == 0, result.stdout
    assert result.stderr == ""
    # the fixture's constraint table wants a qualifier on member count: a warning, as in build
    assert "warning: a P2124 (member count) statement needs a qualifier" in result.stdout
    assert result.stdout.endswith(
        "0 violations, 1 warning, 0 info in 3 files (256 triples, 1 source verified): passes\n"
    )


def test_every_output_syntax_is_checked(built: Path, tmp_path: Path) -> None:
    triples = (built / "output" / "svg-rdf.nt").read_bytes()
    quads = ox.parse(triples, format=ox.RdfFormat.N_TRIPLES)
    graph = ox.NamedNode("https://example.org/g")
    named = [ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads]
    (tmp_path / "x.nq").write_bytes(ox.serialize(named, format=ox.RdfFormat.N_QUADS) or b"")
    (tmp_path / "x.trig").write_bytes(ox.serialize(named, format=ox.RdfFormat.TRIG) or b"")
    for path in [*(built / "output").glob("svg-rdf.*"), tmp_path / "x.nq", tmp_path / "x.trig"]:
        result = run("check", "--project", str(built), str(path))
        assert result.exit_code == 0, (path, result.stdout)
        assert "(256 triples, 1 source verified): passes" in result.stdout


def test_a_changed_quote_is_a_violation_naming_statement_source_and_offsets(built: Path) -> None:
    ttl = built / "output" / "svg-rdf.ttl"
    text = ttl.read_text(encoding="utf-8")
    assert 'oa:exact "formed in Alpha Town in March 1938"' in text
    ttl.write_text(
        text.replace(
            'oa:exact "formed in Alpha Town in March 1938"',
            'oa:exact "formed in Alpha Town in April 1938"',
        )
    )
    result = run("check", "--project", str(built), str(ttl))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    # IRIs under the project's base (https://example.org/test/) shortened with its prefix
    assert lines[0] == "Test Squadron (svge:test-squadron)"
    assert any(
        "differs from oa:exact at code point 24 (U+004D 'M' in the source, U+0041 'A' in oa:exact)"
        in line
        and "alpha.txt" in line
        for line in lines
    )
    # the span, for P740 and P571 (they cite the same span), and pr:P1683 against oa:exact
    assert lines[-1].startswith("3 violations,")
    assert lines[-1].endswith(": fails")


def test_a_quote_changed_only_in_p1683_is_a_violation(built: Path) -> None:
    ttl = built / "output" / "svg-rdf.ttl"
    text = ttl.read_text(encoding="utf-8")
    old = 'pr:P1683 "formed in Alpha Town in March 1938"@en'
    assert old in text
    ttl.write_text(text.replace(old, 'pr:P1683 "formed in Alpha Town in Merch 1938"@en'))
    result = run("check", "--project", str(built), "--format", "json", str(ttl))
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    messages = sorted(f["message"] for f in findings)
    # against oa:exact (a SHACL-SPARQL constraint any engine repeats) ...
    assert any(
        'the quote (pr:P1683) "formed in Alpha Town in Merch 1938" differs from the '
        'selector\'s oa:exact "formed in Alpha Town in March 1938"' in m
        for m in messages
    ), messages
    # ... and against the source text, with the first differing character
    source = [
        f
        for f in findings
        if f["path"].endswith("/prop/reference/P1683") and "alpha.txt" in f["message"]
    ]
    assert source, messages
    assert all(
        "differs from the quote pr:P1683 at code point 25 (U+0061 'a' in the source, "
        "U+0065 'e' in the quote pr:P1683)" in f["message"]
        for f in source
    )
    quoted = {f["statement"] for f in findings if f["statement"] and f["severity"] == "violation"}
    assert {f["statement"] for f in source} == quoted


def test_a_span_is_verified_for_a_reference_without_a_quote(built: Path) -> None:
    """A reference with no pr:P1683 (the quotes are an OPTIONAL group of the span query)
    still has its span read against oa:exact."""
    ttl = built / "output" / "svg-rdf.ttl"
    store = ox.Store()
    store.load(path=str(ttl), format=ox.RdfFormat.TURTLE)
    oa, quote = "http://www.w3.org/ns/oa#", "http://www.wikidata.org/prop/reference/P1683"
    old = ox.Literal("formed in Alpha Town in March 1938")
    exacts = list(store.quads_for_pattern(None, ox.NamedNode(oa + "exact"), old))
    assert exacts
    for quad in exacts:
        store.remove(quad)
        store.add(
            ox.Quad(quad.subject, quad.predicate, ox.Literal("formed in Alpha Town in April 1938"))
        )
        for reference in store.quads_for_pattern(
            None, ox.NamedNode(oa + "hasSelector"), quad.subject
        ):
            for quoted in list(
                store.quads_for_pattern(reference.subject, ox.NamedNode(quote), None)
            ):
                store.remove(quoted)
    edited = built / "edited.nt"
    edited.write_bytes(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()))
    result = run("check", "--project", str(built), "--format", "json", str(edited))
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    spans = [f for f in findings if "alpha.txt" in f["message"]]
    assert spans and all(f["path"] == oa + "exact" for f in spans), findings
    assert all("differs from oa:exact at code point 24" in f["message"] for f in spans)


def test_a_changed_source_is_a_violation(built: Path) -> None:
    source = built / "seeds" / "alpha.txt"
    source.write_text(source.read_text(encoding="utf-8") + "More.\n", encoding="utf-8")
    result = run("check", "--project", str(built))
    assert result.exit_code == 1
    assert "source alpha.txt changed: sha256 is" in result.stdout


def test_sources_folder_can_be_given(built: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("check", "--project", str(built), "--sources", str(empty))
    assert result.exit_code == 1
    assert f"source file alpha.txt is not in {empty}" in result.stdout


def test_invalid_file_is_one_line_exit_2(built: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix x: <http://x/> .\nx:a x:b "open .\n', encoding="utf-8")
    result = run("check", "--project", str(built), str(bad))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"{bad}:2:")
    assert result.stderr.count("\n") == 1


def test_rdf_xml_is_refused(built: Path, tmp_path: Path) -> None:
    xml = tmp_path / "data.rdf"
    xml.write_text('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>')
    result = run("check", "--project", str(built), str(xml))
    assert result.exit_code == 2
    assert "RDF/XML" in result.stderr


def test_remote_jsonld_context_is_refused_with_its_url(built: Path, tmp_path: Path) -> None:
    doc = tmp_path / "remote.jsonld"
    doc.write_text('{"@context": "http://127.0.0.1:9/ctx.jsonld", "@id": "http://x/a"}')
    result = run("check", "--project", str(built), str(doc))
    assert result.exit_code == 2
    assert "http://127.0.0.1:9/ctx.jsonld" in result.stderr


def test_wikidata_style_data_from_elsewhere_gets_actionable_findings(
    built: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.ttl"
    other.write_text(
        "@prefix wd: <http://www.wikidata.org/entity/> .\n"
        "@prefix p: <http://www.wikidata.org/prop/> .\n"
        "@prefix ps: <http://www.wikidata.org/prop/statement/> .\n"
        "@prefix wikibase: <http://wikiba.se/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'wd:Q1 a wikibase:Item ; rdfs:label "One"@en ; p:P17 wd:s1 .\n'
        'wd:s1 a wikibase:Statement ; wikibase:rank wikibase:NormalRank ; ps:P17 "not an item" .\n'
    )
    result = run("check", "--project", str(built), str(other))
    assert result.exit_code == 1
    out = result.stdout
    assert "One (wd:Q1)" in out
    assert "country (P17) = not an item" in out
    assert "at least one reference" in out
    assert "P17 (country) takes an item" in out
    assert "needs its wdt: triple" not in out  # not best rank: no truthy triple expected


def test_json_and_turtle_reports(disagreeing: Path) -> None:
    result = run("check", "--project", str(disagreeing), "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    # two disagreements, and the constraint table's qualifier warning on member count
    assert document["counts"] == {"violation": 0, "warning": 3, "info": 0}
    assert document["conforms"] is False  # SHACL: warnings are results too
    finding = next(f for f in document["findings"] if "sources disagree" in f["message"])
    assert finding["subject_label"] == "Test Squadron"
    assert finding["property_label"] == ""  # the focus is the item, not a statement
    assert finding["severity"] == "warning"
    assert "sources disagree" in finding["message"]
    turtle = run("check", "--project", str(disagreeing), "--format", "turtle")
    parsed = list(ox.parse(turtle.stdout.encode(), format=ox.RdfFormat.TURTLE))
    predicates = {q.predicate.value for q in parsed}
    assert "http://www.w3.org/ns/shacl#conforms" in predicates
    assert "http://www.w3.org/ns/shacl#resultSeverity" in predicates


def test_severity_chooses_what_fails(disagreeing: Path) -> None:
    assert run("check", "--project", str(disagreeing)).exit_code == 0
    strict = run("check", "--project", str(disagreeing), "--severity", "warning")
    assert strict.exit_code == 1
    assert "sources disagree on p:P571" in strict.stdout
    assert strict.stdout.splitlines()[-1].endswith(": fails")


def test_report_order_is_stable(disagreeing: Path) -> None:
    outputs = {
        run("check", "--project", str(disagreeing), "--format", "json").stdout for _ in range(2)
    }
    assert len(outputs) == 1


def test_shapes_using_service_are_a_configuration_error(built: Path) -> None:
    (built / "shapes" / "service.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:s> a sh:NodeShape ; sh:targetNode <urn:x> ; sh:sparql [ sh:select "
        '"SELECT $this WHERE { SERVICE <http://127.0.0.1:9/sparql> { $this ?p ?o } }" ] .\n'
    )
    result = run("check", "--project", str(built))
    assert result.exit_code == 2
    assert "SERVICE" in result.stderr


def test_missing_output_says_to_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    result = run("check", "--project", str(project))
    assert result.exit_code == 2
    assert "run `svg-rdf build` first" in result.stderr


@pytest.mark.parametrize("kind", ["literal", "iri"])
def test_a_token_over_16_mib_is_one_line_exit_2_naming_the_limit(
    built: Path, tmp_path: Path, kind: str
) -> None:
    big = "x" * (17 * 1024 * 1024)
    data = tmp_path / "big.nt"
    if kind == "literal":
        data.write_text(f'<https://e.org/a> <https://e.org/p> "{big}" .\n', encoding="utf-8")
    else:
        data.write_text(f"<https://e.org/a> <https://e.org/p> <https://e.org/{big}> .\n")
    result = run("check", "--project", str(built), str(data))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr[:300]
    expected = "a literal or IRI is too long: the parser (pyoxigraph) holds less than 16 MiB"
    assert result.stderr.startswith(f"{data}: error: {expected} in one; ")
    assert "Traceback" not in result.stderr


def test_a_json_ld_string_of_8_mib_names_the_json_ld_limit(built: Path, tmp_path: Path) -> None:
    """Issue 24, item 11: it got "ran out of memory; raise ulimit -v" at 84 MB of memory."""
    data = tmp_path / "big.jsonld"
    value = "x" * (8 * 1024 * 1024)
    data.write_text(json.dumps({"@id": "https://e.org/a", "https://e.org/p": value}))
    result = run("check", "--project", str(built), str(data))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"{data}: error: a literal or IRI is too long: the parser (pyoxigraph) holds less than "
        "8 MiB in one in JSON-LD; split or shorten the value, or keep large texts in files the "
        "data points to\n"
    )


def test_running_out_of_memory_is_one_line_exit_2(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from svg_rdf.validation import check as check_module

    def exhausted(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(check_module, "validate_store", exhausted)
    result = run("check", "--project", str(built))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "ran out of memory" in result.stderr and "ulimit" in result.stderr


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_only_on_a_terminal_and_only_for_long_runs() -> None:
    from svg_rdf.cli.check import Progress

    terminal = _Terminal()
    slow = Progress(terminal, delay=0.0)
    slow("reading 1 file")
    slow("validating 1,000,000 triples (pyshacl-turbo)")
    slow.done()
    text = terminal.getvalue()
    assert "svg-rdf check: reading 1 file" in text
    assert "svg-rdf check: validating 1,000,000 triples" in text
    assert text.endswith("\r\033[K")  # the line is cleared before the report
    assert "\n" not in text

    quick = _Terminal()
    fast = Progress(quick, delay=60.0)
    fast("reading 1 file")
    fast.done()
    assert quick.getvalue() == ""

    pipe = io.StringIO()  # not a terminal: never a progress line
    piped = Progress(pipe, delay=0.0)
    piped("reading 1 file")
    piped.done()
    assert pipe.getvalue() == ""
