"""The static site (output/site/): links, anchors, quotes in place, machine documents.

Read from the outside: pages are parsed with the standard library's HTML parser, the
machine documents with rdflib (a reader other than the pyoxigraph check the writer runs),
and every relative link and fragment is followed to a file and an id that exist.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from svg_rdf.export.writer import OutputFile, publish_set
from svg_rdf.graph.vocab import OurNamespaces, P
from svg_rdf.model import Claim
from svg_rdf.reports.conflicts import find_conflicts
from svg_rdf.site.data import reference_id, statement_id
from svg_rdf.site.redirects import htaccess, nginx
from tests.site_support import Page, SourceText, built, site_files

OURS = OurNamespaces("https://w3id.org/svg-rdf/", "svg")


def page(name: str) -> Page:
    return Page(site_files()[name].data.decode("utf-8"))


def html_names() -> list[str]:
    return sorted(n for n in site_files() if n.startswith("site/") and n.endswith(".html"))


def test_every_relative_link_and_fragment_resolves() -> None:
    files = site_files()
    pages = {name: page(name) for name in html_names()}
    ids = {name: parsed.ids for name, parsed in pages.items()}
    checked = 0
    for name, parsed in pages.items():
        for tag, url, values in parsed.links:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                loads = tag != "a" and not (tag == "link" and values.get("rel") == "canonical")
                assert not loads, f"{name}: <{tag}> loads {url} from another site"
                continue
            target, fragment = urldefrag(url)
            path = (
                posixpath.normpath(posixpath.join(posixpath.dirname(name), target))
                if target
                else name
            )
            path = urlsplit(path).path
            assert path in files, f"{name}: link to missing {url}"
            if fragment:
                assert fragment in ids.get(path, set()), f"{name}: no #{fragment} in {path}"
            checked += 1
    assert checked > 5000


def test_every_entity_and_source_has_a_page_and_three_machine_documents() -> None:
    files = site_files()
    curation = built().curation
    for stem in [f"entity/{e.slug}" for e in curation.entities] + [
        f"source/{s.stem}" for s in curation.sources
    ]:
        html = page(f"site/{stem}.html")
        alternates = {
            (v.get("type"), v.get("href"))
            for t, v in html.starts
            if t == "link" and v.get("rel") == "alternate"
        }
        base = stem.rsplit("/", 1)[1]
        assert alternates == {
            ("text/turtle", f"{base}.ttl"),
            ("application/n-triples", f"{base}.nt"),
            ("application/ld+json", f"{base}.jsonld"),
        }
        for suffix in ("ttl", "nt", "jsonld"):
            assert f"site/{stem}.{suffix}" in files


def test_every_statement_is_on_its_subjects_page_with_rank_qualifiers_and_references() -> None:
    curation = built().curation
    labels = {p.pid: p.label for p in curation.properties}
    by_subject: dict[str, list[Claim]] = {}
    for claim in curation.claims:
        by_subject.setdefault(claim.subject, []).append(claim)
    for subject, claims in by_subject.items():
        text = site_files()[f"site/entity/{subject}.html"].data.decode("utf-8")
        for claim in claims:
            opening = f'<li class="statement rank-{claim.rank}" id="s-{statement_id(claim)}">'
            start = text.index(opening)
            ends = [
                i
                for i in (text.find('<li class="statement', start + 1), text.find("</ol>", start))
                if i > 0
            ]
            block = text[start : min(ends)]
            for evidence in claim.evidence:
                link = f"../source/{evidence.source}.html#r-{reference_id(evidence)}"
                assert link in block, f"{subject}: reference {link} missing"
            for qualifier in claim.qualifiers:
                assert f"({qualifier.pid})" in block
        section_heads = re.findall(r'<h3 id="p-(P\d+)">', text)
        assert section_heads == sorted(set(section_heads), key=lambda p: int(p[1:]))
        for pid in section_heads:
            assert f">{labels[pid]} <" in text or labels[pid] in text


def test_each_source_page_is_the_source_verbatim_with_every_quote_at_its_place() -> None:
    curation = built().curation
    for source in curation.sources:
        text = site_files()[f"site/source/{source.stem}.html"].data.decode("utf-8")
        reader = SourceText(text)
        assert "".join(reader.text) == source.text
        quoted = {
            reference_id(e): e
            for c in curation.claims
            for e in c.evidence
            if e.source == source.stem
        }
        assert {f"r-{ref}" for ref in quoted} == set(reader.anchors)
        for ref, evidence in quoted.items():
            offset = reader.anchors[f"r-{ref}"]
            assert offset == evidence.start
            assert source.text[offset : offset + len(evidence.quote)] == evidence.quote


def test_citations_lead_back_to_every_statement_quoting_the_passage() -> None:
    curation = built().curation
    for source in curation.sources:
        html = site_files()[f"site/source/{source.stem}.html"].data.decode("utf-8")
        for claim in curation.claims:
            if any(e.source == source.stem for e in claim.evidence):
                assert f'../entity/{claim.subject}.html#s-{statement_id(claim)}"' in html


def test_disagreeing_values_stand_side_by_side_with_their_sources() -> None:
    curation = built().curation
    conflicts = find_conflicts(curation)
    assert conflicts
    for number, conflict in enumerate(conflicts, 1):
        group = conflict.group
        html = site_files()[f"site/entity/{group.subject}.html"].data.decode("utf-8")
        start = html.index(f'href="../conflicts.html#conflict-{number}"')
        table = html[start : html.index("</table>", start)]
        involved = {i for pair in conflict.pairs for i in (pair.first, pair.second)}
        for index in involved:
            assert f"#s-{statement_id(group.claims[index])}" in table
        stating = {stem for i in involved for stem in group.sources(i)}
        assert table.count('<th scope="col">') == 1 + len(stating)
        assert "says so" in table and f"by the rule {conflict.rule}:" in table
        assert f'id="conflict-{number}"' in site_files()["site/conflicts.html"].data.decode()


# rdflib's own JSON-LD parser warns about its internal use of ConjunctiveGraph
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_machine_documents_agree_and_hold_the_entitys_statements() -> None:
    curation = built().curation
    files = site_files()
    # rdflib's JSON-LD reader is slow: every tenth entity and the largest (the writer has
    # already checked every document with pyoxigraph)
    # the whole graph read by the same reader, so literals are normalised alike
    whole = next(f for name, f in files.items() if name.endswith(".nt") and "/" not in name)
    everything = set(Graph().parse(data=whole.data, format="nt"))
    slugs = sorted(e.slug for e in curation.entities)
    largest = max(slugs, key=lambda s: len(files[f"site/entity/{s}.ttl"].data))
    for entity in curation.entities:
        stem = f"site/entity/{entity.slug}"
        turtle = Graph().parse(data=files[f"{stem}.ttl"].data, format="turtle")
        triples = Graph().parse(data=files[f"{stem}.nt"].data, format="nt")
        assert set(turtle) == set(triples), entity.slug  # no blank nodes: plain equality
        if slugs.index(entity.slug) % 10 == 0 or entity.slug == largest:
            jsonld = Graph().parse(data=files[f"{stem}.jsonld"].data, format="json-ld")
            assert isomorphic(turtle, jsonld), entity.slug
        node = OURS.entity[entity.slug]
        for claim in (c for c in curation.claims if c.subject == entity.slug):
            statement = OURS.statement[statement_id(claim)]
            assert (node, P[claim.pid], statement) in turtle
            for evidence in claim.evidence:
                assert (None, None, OURS.reference[reference_id(evidence)]) in turtle
        assert set(turtle) <= everything


def test_pages_embed_schema_org_json_ld() -> None:
    curation = built().curation
    for entity in curation.entities:
        text = site_files()[f"site/entity/{entity.slug}.html"].data.decode("utf-8")
        found = re.search(r'<script type="application/ld\+json">\n(.*?)\n</script>', text, re.S)
        assert found, entity.slug
        document = json.loads(found.group(1))
        assert document["@context"] == "https://schema.org"
        assert document["@id"] == str(OURS.entity[entity.slug])
        assert document["name"] == entity.label
        assert "</" not in found.group(1)


def test_search_index_lists_every_entity_once_with_a_page() -> None:
    records = json.loads(site_files()["site/search.json"].data)
    curation = built().curation
    assert sorted(r["u"] for r in records) == sorted(
        f"entity/{e.slug}.html" for e in curation.entities
    )
    assert all(f"site/{r['u']}" in site_files() for r in records)


def test_dataset_page_lists_each_download_with_its_checksum() -> None:
    import hashlib

    text = site_files()["site/dataset.html"].data.decode("utf-8")
    for name in ("svg-rdf.ttl", "svg-rdf.nt", "svg-rdf.jsonld", "void.ttl"):
        data = site_files()[name].data
        assert f'href="../{name}"' in text
        assert hashlib.sha256(data).hexdigest() in text
    described = Graph().parse(data=site_files()["site/dataset.ttl"].data, format="turtle")
    assert (OURS.dataset, None, None) in described
    assert (
        len(set(described.objects(OURS.dataset, URIRef("http://www.w3.org/ns/dcat#distribution"))))
        >= 4
    )


def test_no_page_loads_anything_from_another_site() -> None:
    for name in html_names():
        for tag, url, values in page(name).links:
            if tag in ("script", "img", "iframe", "source") or (
                tag == "link" and values.get("rel") == "stylesheet"
            ):
                assert not urlsplit(url).scheme and not url.startswith("//"), (name, url)


def test_redirect_rules_for_w3id_and_nginx() -> None:
    rules = htaccess(
        base_iri="https://w3id.org/svg-rdf/", site_url="https://example.org/data/"
    ).decode()
    assert "RewriteCond %{HTTP_ACCEPT} text/turtle" in rules
    assert (
        "RewriteRule ^(entity|source)/([a-z0-9][a-z0-9_-]*)$ "
        "https://example.org/data/site/$1/$2.ttl [R=303,L]"
    ) in rules
    assert rules.index("text/turtle") < rules.index("$2.html [R=303,L]")
    snippet = nginx(site_url="https://example.org/data/").decode()
    assert "return 303 /data/site/$svg_rdf_kind/$svg_rdf_id.$svg_rdf_suffix;" in snippet
    assert '"~*text/turtle" ttl;' in snippet
    assert site_files()["site/w3id.htaccess"].data.startswith(b"# Generated by `svg-rdf build`")


def test_the_writer_prunes_pages_of_removed_entities(tmp_path: Path) -> None:
    first = [
        OutputFile("a.txt", b"a", "text/plain"),
        OutputFile("site/x/old.html", b"o", "text/html"),
    ]
    publish_set(tmp_path / "out", first)
    out = tmp_path / "out"
    assert (out / "site/x/old.html").read_bytes() == b"o"
    publish_set(out, [OutputFile("site/new.html", b"n", "text/html")])
    assert not (out / "site/x").exists()
    assert (out / "site/new.html").read_bytes() == b"n"
    assert (out / "a.txt").exists()  # a file the build does not write: carried


@pytest.mark.parametrize(
    "name", ["site/entity/lev-shuster.html", "site/conflicts.html", "site/timeline.html"]
)
def test_pages_are_small(name: str) -> None:
    assert len(site_files()[name].data) < 400_000
