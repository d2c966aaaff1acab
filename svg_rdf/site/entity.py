"""Site: one page per entity — statements by property, qualifiers, rank, every reference.

Each reference shows its quote and links to the exact place in the source page; where
the sources disagree about a property, their statements stand side by side with the
rule that explains (or fails to explain) the difference.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from svg_rdf.model import Claim, Entity, Evidence, Qualifier
from svg_rdf.reports.conflicts import BETWEEN, RESOLVED, RULES, SCOPE_QUALIFIERS, Conflict
from svg_rdf.site.data import SiteData, pid_order, reference_id, statement_id
from svg_rdf.site.html import attrs, esc, join
from svg_rdf.site.picture import picture_html

RANK_WORDS = {
    "preferred": "preferred rank",
    "normal": "normal rank",
    "deprecated": "deprecated rank",
}


def entity_body(data: SiteData, entity: Entity, *, iri: str, root: str) -> str:
    """The `<main>` content of an entity's page."""
    parts = [f"<h1>{esc(entity.label)}</h1>"]
    description = dict(entity.descriptions).get("en")
    if description:
        parts.append(f'<p class="description">{esc(description)}</p>')
    parts.append(_facts_box(data, entity, iri=iri, root=root))
    parts.append(picture_html(data, entity, root=root))
    claims = data.outgoing.get(entity.slug, [])
    if claims:
        parts.append('<h2 id="statements">Statements</h2>')
        for pid, group in groupby(claims, key=lambda c: c.pid):
            parts.append(_property_section(data, entity, pid, list(group), root=root))
    else:
        parts.append("<p>The sources make no statement about this entity itself.</p>")
    incoming = data.incoming.get(entity.slug, [])
    if incoming:
        parts.append('<h2 id="mentioned">Statements that point here</h2>')
        parts.append('<ul class="incoming">')
        for claim in incoming:
            href = f"{root}entity/{claim.subject}.html#s-{statement_id(claim)}"
            parts.append(f"<li><a{attrs(href=href)}>{esc(data.summary(claim))}</a></li>")
        parts.append("</ul>")
    return join(parts)


def _facts_box(data: SiteData, entity: Entity, *, iri: str, root: str) -> str:
    rows = [("IRI", f"<code>{esc(iri)}</code>"), ("Kind", esc(entity.kind))]
    if entity.qid:
        wikidata = f"https://www.wikidata.org/wiki/{entity.qid}"
        rows.append(("Wikidata", f"<a{attrs(href=wikidata, rel='external')}>{esc(entity.qid)}</a>"))
    else:
        rows.append(("Wikidata", "no item found yet"))
    others = [text for language, text in entity.labels if language != "en"]
    aliases = [text for _, text in entity.aliases]
    if others or aliases:
        rows.append(("Also known as", esc("; ".join([*others, *aliases]))))
    count = len(data.outgoing.get(entity.slug, []))
    rows.append(("Statements", str(count)))
    cells = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows)
    return f'<dl class="facts">{cells}</dl>'


def _property_section(
    data: SiteData, entity: Entity, pid: str, claims: Sequence[Claim], *, root: str
) -> str:
    label = data.property_label(pid)
    heading_id = f"p-{pid}"
    parts = [
        f'<section class="property"{attrs(aria_labelledby=heading_id)}>',
        f'<h3{attrs(id=heading_id)}>{esc(label)} <span class="pid">({esc(pid)})</span></h3>',
    ]
    for number in data.conflict_of.get((entity.slug, pid), []):
        parts.append(
            conflict_html(data, data.conflicts[number - 1], number, root=root, heading=False)
        )
    parts.append('<ol class="statements">')
    parts.extend(statement_html(data, claim, root=root) for claim in claims)
    parts.append("</ol>")
    parts.append("</section>")
    return join(parts)


def statement_html(data: SiteData, claim: Claim, *, root: str) -> str:
    """One statement: value, rank, qualifiers and references (an `<li>`)."""
    anchor = f"s-{statement_id(claim)}"
    parts = [
        f'<li class="statement rank-{esc(claim.rank)}"{attrs(id=anchor)}>',
        f'<p class="value">{data.value_html(claim.value, root)} '
        f'<span class="rank">{RANK_WORDS[claim.rank]}</span> '
        f'<a class="permalink"{attrs(href="#" + anchor)} '
        f'aria-label="Link to this statement">#</a></p>',
    ]
    if claim.qualifiers:
        parts.append(qualifiers_html(data, claim.qualifiers, root=root))
    count = len(claim.evidence)
    noun = "reference" if count == 1 else "references"
    parts.append(f'<p class="refcount">{count} {noun}</p>')
    parts.append('<ul class="references">')
    parts.extend(
        reference_html(data, evidence, root=root)
        for evidence in sorted(claim.evidence, key=Evidence.key)
    )
    parts.append("</ul>")
    parts.append("</li>")
    return join(parts)


def qualifiers_html(data: SiteData, qualifiers: Sequence[Qualifier], *, root: str) -> str:
    rows = []
    for qualifier in sorted(qualifiers, key=lambda q: (pid_order(q.pid), q.key())):
        scope = ' class="scope"' if qualifier.pid in SCOPE_QUALIFIERS else ""
        rows.append(
            f"<dt{scope}>{esc(data.property_label(qualifier.pid))} "
            f'<span class="pid">({esc(qualifier.pid)})</span></dt>'
            f"<dd>{data.value_html(qualifier.value, root)}</dd>"
        )
    return f'<dl class="qualifiers">{"".join(rows)}</dl>'


def reference_html(data: SiteData, evidence: Evidence, *, root: str) -> str:
    source = data.sources.get(evidence.source)
    language = source.language if source else None
    href = f"{root}source/{evidence.source}.html#r-{reference_id(evidence)}"
    where = f"{data.source_title(evidence.source)}, line {data.line(evidence)}"
    return (
        '<li class="reference">'
        f"<blockquote{attrs(lang=language)}><p>{esc(evidence.quote)}</p></blockquote>"
        f'<p class="cite"><a class="quote-link"{attrs(href=href)}>'
        f'<span class="visually-hidden">Read this quote in context: </span>{esc(where)}</a>'
        "</p></li>"
    )


def conflict_html(
    data: SiteData, conflict: Conflict, number: int, *, root: str, heading: bool
) -> str:
    """The statements of a conflict side by side (a table: statements by stating sources),
    with the rule that decided it."""
    group = conflict.group
    title_id = f"conflict-{number}"
    rule = RULES[conflict.rule]
    involved = sorted({i for pair in conflict.pairs for i in (pair.first, pair.second)})
    partners: dict[int, set[int]] = {i: set() for i in involved}
    for pair in conflict.pairs:
        partners[pair.first].add(pair.second)
        partners[pair.second].add(pair.first)
    resolved = rule.verdict == RESOLVED
    verdict = (
        f"{'Resolved' if resolved else 'Conflict'} by the rule {conflict.rule}: {rule.meaning}."
    )
    review = conflict.review
    if review is not None:
        verdict = (
            f"Reviewed: not a conflict. {review.reason} "
            f"(recorded in {review.place.path}, line {review.place.line}; the rule "
            f"{conflict.rule} would report it: {rule.meaning}.)"
        )
    where = "; ".join(
        w if w == BETWEEN else f"within {data.source_title(w.removeprefix('within '))}"
        for w in conflict.where
    )
    subject_href = f"{root}entity/{group.subject}.html"
    subject = f"<a{attrs(href=subject_href)}>{esc(data.label(group.subject))}</a>"
    if heading:
        title = (
            f"<h2{attrs(id=title_id)}>{subject} — {esc(data.property_label(group.pid))} "
            f'<span class="pid">({esc(group.pid)})</span></h2>'
        )
    else:
        link = f"{root}conflicts.html#conflict-{number}"
        said = "differ (reviewed: not a conflict)" if review is not None else "disagree"
        title = (
            f'<p class="conflict-title"><strong>The statements {said}</strong> '
            f"(<a{attrs(href=link)}>conflict {number}</a>, {esc(where)}).</p>"
        )
    stating = sorted({stem for i in involved for stem in group.sources(i)})
    head = "".join(f'<th scope="col">{esc(data.source_title(stem))}</th>' for stem in stating)
    rows = []
    for index in involved:
        claim = group.claims[index]
        href = f"{root}entity/{claim.subject}.html#s-{statement_id(claim)}"
        qualifiers = qualifiers_html(data, claim.qualifiers, root=root) if claim.qualifiers else ""
        others = ", ".join(str(i + 1) for i in sorted(partners[index]))
        clashes = f'<p class="clash">{"Differs from" if review else "Disagrees with"} {others}.</p>'
        cells = []
        for stem in stating:
            quotes = [e for e in claim.evidence if e.source == stem]
            if quotes:
                links = " ".join(
                    f"<a{attrs(href=f'{root}source/{stem}.html#r-{reference_id(e)}')}>"
                    f"“{esc(_short(e.quote))}”</a>"
                    for e in sorted(quotes, key=Evidence.key)
                )
                cells.append(f'<td class="says">says so: {links}</td>')
            else:
                cells.append('<td class="silent">does not say this</td>')
        rows.append(
            f'<tr><th scope="row"><span class="number">{index + 1}.</span> '
            f"<a{attrs(href=href)}>{esc(data.value_text(claim.value))}</a>"
            f' <span class="rank">{RANK_WORDS[claim.rank]}</span>{qualifiers}{clashes}</th>'
            f"{''.join(cells)}</tr>"
        )
    table = (
        '<div class="table-scroll" tabindex="0" role="region" aria-label="Statements side '
        'by side">'
        '<table class="side-by-side">'
        f"<caption>Statements (rows) and what each source says (columns)</caption>"
        f'<thead><tr><th scope="col">Statement</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )
    cls = "conflict explained" if resolved or review is not None else "conflict unexplained"
    return join(
        [
            f"<section{attrs(class_=cls, aria_labelledby=title_id if heading else None)}>",
            title,
            f'<p class="verdict">{esc(verdict)} ({esc(where)})</p>',
            table,
            "</section>",
        ]
    )


def _short(quote: str, limit: int = 80) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= limit else quote[: limit - 1].rstrip() + "…"
