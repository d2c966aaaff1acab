"""The whole graph's Turtle and JSON-LD written by subject through a memo
(svg_rdf/export/subjects.py): the bytes of turtle.serialize and jsonld.serialize_triples,
empty or filled, and a part is taken only for the same subject triples and prefixes."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from svg_rdf.cache import Memo
from svg_rdf.export import jsonld, subjects, turtle
from svg_rdf.graph.vocab import all_prefixes
from svg_rdf.pipeline import compile_project
from svg_rdf.project import Project
from tests.endpoint_data import ROOT

EX = "http://example.org/"
PREFIXES = {"ex": EX, "xsd": "http://www.w3.org/2001/XMLSchema#"}


def plain(triples: frozenset[ox.Triple], fmt: str, prefixes: dict[str, str]) -> bytes:
    """The file written whole, as before."""
    if fmt == "turtle":
        return turtle.serialize(triples, prefixes)
    return jsonld.serialize_triples(triples, prefixes)


def node(name: str) -> ox.NamedNode:
    return ox.NamedNode(EX + name)


def small() -> set[ox.Triple]:
    """Three subjects, with a type, a literal of a datatype and a link each."""
    kind = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    triples = set()
    for name in ("a", "b", "c"):
        triples.add(ox.Triple(node(name), kind, node("Thing")))
        triples.add(
            ox.Triple(
                node(name),
                node("p"),
                ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
            )
        )
        triples.add(ox.Triple(node(name), node("q"), node("a")))
    return triples


@pytest.mark.parametrize("fmt", subjects.FORMATS)
def test_the_project_graph_by_subject_is_the_whole_file(fmt: str) -> None:
    compiled = compile_project(Project.at(ROOT))
    prefixes = all_prefixes(compiled.ours)
    expected = plain(compiled.triples, fmt, prefixes)
    memo = Memo()
    assert subjects.serialize(compiled.triples, fmt, prefixes, memo) == expected  # filling
    assert memo.hits == 0
    filled = Memo(memo.used)
    assert subjects.serialize(compiled.triples, fmt, prefixes, filled) == expected
    assert filled.hits == len(memo.used) > 1000  # every subject's part taken


@pytest.mark.parametrize("fmt", subjects.FORMATS)
def test_a_subject_whose_triples_changed_is_written_again(fmt: str) -> None:
    before = small()
    memo = Memo()
    subjects.serialize(frozenset(before), fmt, PREFIXES, memo)
    after = {t for t in before if not (t.subject == node("b") and t.predicate == node("p"))}
    after.add(ox.Triple(node("b"), node("p"), ox.Literal("two")))
    filled = Memo(memo.used)
    data = subjects.serialize(frozenset(after), fmt, PREFIXES, filled)
    assert data == plain(frozenset(after), fmt, PREFIXES)
    assert b"two" in data
    assert filled.hits == 2  # a and c; b is written again


@pytest.mark.parametrize("fmt", subjects.FORMATS)
def test_other_prefixes_write_every_part_again(fmt: str) -> None:
    triples = frozenset(small())
    memo = Memo()
    subjects.serialize(triples, fmt, PREFIXES, memo)
    other = {"e": EX, "xsd": PREFIXES["xsd"]}  # the same namespace, another prefix
    filled = Memo(memo.used)
    data = subjects.serialize(triples, fmt, other, filled)
    assert data == plain(triples, fmt, other)
    assert filled.hits == 0


def test_subjects_of_one_compact_identifier_are_one_node() -> None:
    # <http://example.org/a> compacts to ex:a, and the IRI <ex:a> is written as it is
    triples = frozenset(
        {
            ox.Triple(node("a"), node("p"), ox.Literal("x")),
            ox.Triple(ox.NamedNode("ex:a"), node("p"), ox.Literal("y")),
        }
    )
    data = subjects.serialize(triples, "jsonld", PREFIXES, Memo())
    assert data == jsonld.serialize_triples(triples, PREFIXES)
    assert data.count(b'"@id": "ex:a"') == 1


def test_another_format_is_refused() -> None:
    with pytest.raises(ValueError, match="ntriples"):
        subjects.serialize(frozenset(small()), "ntriples", PREFIXES, Memo())


def test_parts_that_are_not_one_per_subject_are_written_one_by_one() -> None:
    # two groups of one subject: one part in a single pass, so each is written alone
    one, two = sorted((t for t in small() if t.subject == node("a")), key=str)[:2]
    parts = turtle.subject_parts([[one], [two]], PREFIXES)
    assert parts == [
        turtle.subject_parts([[one]], PREFIXES)[0],
        turtle.subject_parts([[two]], PREFIXES)[0],
    ]


def test_a_memo_value_of_another_shape_is_written_again() -> None:
    triples = frozenset(small())
    memo = Memo()
    subjects.serialize(triples, "jsonld", PREFIXES, memo)
    foreign = Memo(dict.fromkeys(memo.used, "no line break"))
    assert subjects.serialize(triples, "jsonld", PREFIXES, foreign) == plain(
        triples, "jsonld", PREFIXES
    )
