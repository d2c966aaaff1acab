"""Statement, reference and value IRIs have a place: `site/nodes.tsv` names, for every one
the graph mints, the entity whose documents describe it and the statement anchor a browser
lands on; the rule files carry every row."""

from __future__ import annotations

import re

from rdflib import Graph, URIRef

from svg_rdf.site.nodes import read_table
from tests.deref_support import INNER, OURS, describes, graph, lands_on_the_node, path_of
from tests.site_support import site_files


def test_every_minted_node_has_a_row() -> None:
    minted = {
        path_of(term)
        for triple in graph()
        for term in (triple[0], triple[2])
        if isinstance(term, URIRef) and str(term).startswith(INNER)
    }
    rows = read_table(site_files()["site/nodes.tsv"].data)
    assert len(minted) > 1000
    assert set(rows) == minted


def test_each_row_is_right_by_the_graph() -> None:
    """Each node is described by its entity's Turtle and shown at its statement's anchor."""
    files = site_files()
    documents: dict[str, Graph] = {}
    for path, row in read_table(files["site/nodes.tsv"].data).items():
        if row.slug not in documents:
            data = files[f"site/entity/{row.slug}.ttl"].data
            documents[row.slug] = Graph().parse(data=data, format="turtle")
        assert describes(documents[row.slug], path), path
        assert lands_on_the_node(f"site/entity/{row.slug}.html#{row.fragment}", path), path


def test_the_rule_files_name_every_node() -> None:
    """nginx's map has each row; in the .htaccess each node path matches exactly one of
    the rules that name an entity and anchor, and it is the row's (read as regexes)."""
    files = site_files()
    rows = read_table(files["site/nodes.tsv"].data)
    nginx = files["site/nginx.conf"].data.decode()
    htaccess = files["site/w3id.htaccess"].data.decode()
    rules = [
        (re.compile(m[1]), m[2])
        for m in re.finditer(r"^RewriteRule (\S+) - \[E=SVG_RDF_NODE:(\S+)\]$", htaccess, re.M)
    ]
    assert rules
    for path, row in rows.items():
        assert f"    {path} {row.slug}/{row.fragment};\n" in nginx
        assert [to for rule, to in rules if rule.match(path)] == [f"{row.slug}/{row.fragment}"]
    for near in ("statement/" + "0" * 40, next(iter(rows)) + "x", next(iter(rows)) + "-quotes"):
        assert not any(rule.match(near) for rule, _ in rules), near
    assert str(OURS.base) not in nginx.split("map $svg_rdf_node_path")[1].split("}")[0]
