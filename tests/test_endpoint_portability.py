"""Every example query gives the same answers on every store users have.

Four engines run each query in queries/ over the built graph: the embedded pyoxigraph
store (`svg-rdf query`), the Oxigraph server, a real Virtuoso 7 and rdflib's SPARQL engine.
Their answers must be equal as multisets of rows; a `GROUP_CONCAT` cell is compared as
the set of its parts (its order is not defined). The servers hold the graph in a named
graph and are asked with `default-graph-uri`, as a user of a shared server would.
"""

from __future__ import annotations

import collections
import json
import re
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping

import pyoxigraph as ox
import pytest
import rdflib
import rdflib.term

from svg_rdf.endpoint import gsp
from svg_rdf.endpoint.credentials import Credentials
from svg_rdf.endpoint.oxigraph import OxigraphServer
from svg_rdf.endpoint.query import Example, examples, open_store, run_query
from svg_rdf.endpoint.servers import endpoint_for
from svg_rdf.endpoint.transport import Timeouts
from svg_rdf.endpoint.virtuoso import DBA, VirtuosoServer
from svg_rdf.settings import load_settings
from tests.endpoint_data import ntriples, project
from tests.stores import oxigraph_server, virtuoso

__all__ = ["oxigraph_server", "virtuoso"]  # the fixtures, imported for pytest

GRAPH = "urn:svg-rdf:test:portability"
POLICY = gsp.Policy(Timeouts(connect=5.0, request=120.0), retries=0)
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

Cell = tuple[str, ...]
Row = tuple[tuple[str, Cell], ...]
Answer = collections.Counter[Row]

EXAMPLES = examples(project())


def concatenated(text: str) -> dict[str, str]:
    """The variables a query fills with GROUP_CONCAT, and each one's separator."""
    found = {}
    for match in re.finditer(
        r"GROUP_CONCAT\s*\((?:[^()]|\([^()]*\))*?separator\s*=\s*\"((?:[^\"\\]|\\.)*)\"\s*\)"
        r"\s+AS\s+\?(\w+)",
        text,
        re.IGNORECASE | re.DOTALL,
    ):
        found[match.group(2)] = json.loads(f'"{match.group(1)}"')
    return found


def cell(kind: str, value: str, language: str, datatype: str) -> Cell:
    """A term compared by kind, lexical form, language and datatype (xsd:string = plain;
    a language-tagged literal's datatype is rdf:langString in SPARQL 1.1, absent in 1.0)."""
    plain = datatype == XSD_STRING or bool(language)
    return (kind, value, language.lower(), "" if plain else datatype)


def answer(rows: Iterator[Mapping[str, Cell]], separators: Mapping[str, str]) -> Answer:
    counted: Answer = collections.Counter()
    for row in rows:
        items = []
        for name, value in row.items():
            if name in separators and value[0] == "literal":
                parts = value[1].split(separators[name]) if value[1] else []
                value = ("concat", *sorted(set(parts)))
            items.append((name, value))
        counted[tuple(sorted(items))] += 1
    return counted


def from_ox(term: object) -> Cell:
    if isinstance(term, ox.NamedNode):
        return cell("uri", term.value, "", "")
    if isinstance(term, ox.Literal):
        return cell("literal", term.value, term.language or "", term.datatype.value)
    return cell("bnode", str(term), "", "")


def from_json(binding: Mapping[str, str]) -> Cell:
    kind = {"typed-literal": "literal"}.get(binding["type"], binding["type"])
    datatype = binding.get("datatype", "")
    language = binding.get("xml:lang", "")
    if kind == "literal" and not datatype and not language:
        datatype = XSD_STRING
    return cell(kind, binding["value"], language, datatype)


def from_rdflib(term: object) -> Cell:
    if isinstance(term, rdflib.URIRef):
        return cell("uri", str(term), "", "")
    if isinstance(term, rdflib.Literal):
        datatype = str(term.datatype) if term.datatype else ("" if term.language else XSD_STRING)
        return cell("literal", str(term), term.language or "", datatype)
    return cell("bnode", str(term), "", "")


@pytest.fixture(scope="module")
def data() -> bytes:
    return ntriples().data


def embedded(text: str, data: bytes, label: str | None = None) -> Answer:
    """The answer of `svg-rdf query`'s store; `label` pre-binds ?label as the CLI does."""
    result = run_query(open_store(data), text, source="example", label=label)
    return answer(
        (
            {name: from_ox(term) for name, term in zip(result.variables, row, strict=True) if term}
            for row in result.rows
        ),
        concatenated(text),
    )


def with_rdflib(text: str, data: bytes) -> Answer:
    graph = rdflib.Graph()
    graph.parse(data=data, format="nt")
    result = graph.query(text)
    variables = [str(variable) for variable in result.vars or []]
    return answer(
        (
            {
                name: from_rdflib(term)
                for name, term in zip(variables, row, strict=True)  # type: ignore[arg-type]
                if term is not None
            }
            for row in result
        ),
        concatenated(text),
    )


def over_http(query_url: str, text: str) -> Answer:
    body = urllib.parse.urlencode({"query": text, "default-graph-uri": GRAPH}).encode()
    request = urllib.request.Request(
        query_url,
        data=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
        },
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        bindings = json.load(response)["results"]["bindings"]
    return answer(
        ({name: from_json(value) for name, value in row.items()} for row in bindings),
        concatenated(text),
    )


@pytest.fixture(scope="module")
def oxigraph_url(oxigraph_server: OxigraphServer, data: bytes) -> str:
    gsp.put_graph(
        gsp.Client(endpoint_for("oxigraph", oxigraph_server.url), policy=POLICY), GRAPH, data
    )
    return f"{oxigraph_server.url}/query"


@pytest.fixture(scope="module")
def virtuoso_url(virtuoso: VirtuosoServer, data: bytes) -> str:
    client = gsp.Client(
        endpoint_for("virtuoso", virtuoso.url),
        credentials=Credentials(*DBA, "test"),
        policy=POLICY,
    )
    gsp.put_graph(client, GRAPH, data)
    return f"{virtuoso.url}/sparql"


def describe(left: Answer, right: Answer) -> str:
    only_left, only_right = left - right, right - left
    return (
        f"{sum(only_left.values())} rows only in the first, {sum(only_right.values())} only "
        f"in the second; e.g. {sorted(only_left)[:1]} against {sorted(only_right)[:1]}"
    )


def test_the_concatenated_columns_are_found() -> None:
    assert concatenated('(GROUP_CONCAT(DISTINCT ?source; separator=", ") AS ?sources)') == {
        "sources": ", "
    }


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.name for example in EXAMPLES])
def test_same_answers_on_every_store(
    example: Example, data: bytes, oxigraph_url: str, virtuoso_url: str
) -> None:
    reference = embedded(example.text, data)
    assert sum(reference.values()) > 0, "an example that answers nothing proves nothing"
    for store, found in (
        ("rdflib", with_rdflib(example.text, data)),
        ("Oxigraph server", over_http(oxigraph_url, example.text)),
        ("Virtuoso", over_http(virtuoso_url, example.text)),
    ):
        assert found == reference, f"{store} differs from the embedded store: " + describe(
            found, reference
        )


# -- examples about one subject: ?label unbound shows every subject, bound shows one -------

ABOUT_ONE = [example for example in EXAMPLES if example.takes_label]
# The settings' subject (what `svg-rdf query` shows) and another one, a unit too.
LABELS = [load_settings(project()).query_label or "", "American Volunteer Group"]


def by_label(found: Answer) -> dict[str, Answer]:
    """The rows of each ?label (a row without one is kept under "")."""
    parts: dict[str, Answer] = collections.defaultdict(collections.Counter)
    for row, count in found.items():
        parts[dict(row).get("label", ("", ""))[1]][row] += count
    return dict(parts)


UNBOUND = re.compile(r"^(\s*)VALUES \?label \{ UNDEF \}$", re.MULTILINE)


def with_values(text: str, label: str) -> str:
    """The query with `label` written for UNDEF, as a user of a plain endpoint does."""
    value = str(ox.Literal(label))  # quoted and escaped: a label is never query syntax
    edited, count = UNBOUND.subn(lambda found: f"{found[1]}VALUES ?label {{ {value} }}", text)
    assert count == 1, "an example about one subject has one line `VALUES ?label { UNDEF }`"
    return edited


def test_two_examples_are_about_one_subject() -> None:
    assert {example.name for example in ABOUT_ONE} == {"members", "facts"}
    assert LABELS[0] == "Soviet Volunteer Group"


@pytest.mark.parametrize("example", ABOUT_ONE, ids=[example.name for example in ABOUT_ONE])
def test_unbound_the_example_shows_every_subject(example: Example, data: bytes) -> None:
    """As it is (what every store answers above), the example shows every subject, each
    row labelled with its own: the answer for one label is exactly that label's rows."""
    parts = by_label(embedded(example.text, data))
    assert "" not in parts, "a row without its subject's label"
    assert len(parts) >= 3 and set(LABELS) <= set(parts)
    for label in LABELS:
        assert parts[label] == embedded(example.text, data, label=label)


@pytest.mark.parametrize(
    ("example", "label"),
    [(example, label) for example in ABOUT_ONE for label in LABELS],
    ids=[f"{example.name}-{label}" for example in ABOUT_ONE for label in LABELS],
)
def test_a_bound_label_gives_the_same_answers_on_every_store(
    example: Example, label: str, data: bytes, oxigraph_url: str, virtuoso_url: str
) -> None:
    """`svg-rdf query` binds ?label by a substitution; on a plain endpoint a user writes
    the label for UNDEF in `VALUES ?label { UNDEF }`. Both keep the one subject's rows."""
    reference = embedded(example.text, data, label=label)
    assert set(by_label(reference)) == {label}, "rows of another subject, or none"
    text = with_values(example.text, label)
    for store, found in (
        ("the embedded store with VALUES", embedded(text, data)),
        ("rdflib", with_rdflib(text, data)),
        ("Oxigraph server", over_http(oxigraph_url, text)),
        ("Virtuoso", over_http(virtuoso_url, text)),
    ):
        assert found == reference, f"{store} differs from `svg-rdf query --label`: " + describe(
            found, reference
        )
