"""Site: the picture on an entity's page — an inline SVG of its neighbourhood, drawn at
build time, and for an entity with dated statements a timeline strip (strip.py).

The entity stands in the middle: above it what links to it, below it what it links to,
each grouped by the property that links them (its label from the property table; links
made by qualifiers come last, under their own caption), each neighbour a link to its page.
Groups run in property order (P31 first, then by number), neighbours by label; a property
with more than PER_PROPERTY neighbours draws the first ones and "K more", a link to the
full list on the page, and a direction with more than MAX_GROUPS properties does the
same. The picture is 400 user units wide and scales with the page (viewBox): its text
stays readable on a phone, and at 1280 px it is drawn at most 30rem wide. It is a
`role="group"` named by its `<title>` and described by its `<desc>`; its links are real
links, reached by keyboard. The geometry is computed here; the markup is
templates/picture.html, neighbourhood.svg and shapes.svg.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import ClassVar

from svg_rdf.model import Claim, Entity, ItemValue
from svg_rdf.site.data import SiteData, pid_order
from svg_rdf.site.drawing import Box, Line, More, Text, num, shorten, text_width, wrap
from svg_rdf.site.markup import render
from svg_rdf.site.strip import StripSvg, strip_view

WIDTH = 400
PER_PROPERTY = 6  # neighbours drawn per property
MAX_GROUPS = 16  # properties drawn per direction (links by qualifiers last)
NODE_SIZE = 13  # font sizes, user units
PROPERTY_SIZE = 12
ENTITY_SIZE = 16
NODE_HEIGHT = 22
ROW = NODE_HEIGHT + 6
INDENT = 24  # where a group's property label starts; the spine runs at x=SPINE
NODES_X = 150  # where its neighbours start
SPINE = 10


@dataclass(frozen=True)
class Group:
    """Neighbours linked by one property in one direction."""

    pid: str
    qualifier: bool  # linked by a qualifier of a statement, not by its value
    neighbours: tuple[str, ...]  # slugs, by label
    more: str  # the page's fragment that lists them all


@dataclass(frozen=True)
class Neighbourhood:
    incoming: tuple[Group, ...]  # what links to the entity
    outgoing: tuple[Group, ...]  # what the entity links to


def neighbourhood(data: SiteData, slug: str) -> Neighbourhood:
    """The entity's neighbours by direction and property, in a stable order."""
    out: dict[tuple[str, bool], set[str]] = defaultdict(set)
    for claim in data.outgoing.get(slug, []):
        for pid, qualifier, target in _links(claim):
            if target != slug:
                out[(pid, qualifier)].add(target)
    into: dict[tuple[str, bool], set[str]] = defaultdict(set)
    for claim in data.incoming.get(slug, []):
        for pid, qualifier, target in _links(claim):
            if target == slug and claim.subject != slug:
                into[(pid, qualifier)].add(claim.subject)

    def groups(found: dict[tuple[str, bool], set[str]], incoming: bool) -> tuple[Group, ...]:
        return tuple(
            Group(
                pid,
                qualifier,
                tuple(sorted(found[(pid, qualifier)], key=lambda s: (data.label(s).casefold(), s))),
                "#mentioned" if incoming else ("#statements" if qualifier else f"#p-{pid}"),
            )
            for pid, qualifier in sorted(found, key=lambda k: (k[1], pid_order(k[0])))
        )

    return Neighbourhood(groups(into, True), groups(out, False))


def _links(claim: Claim) -> list[tuple[str, bool, str]]:
    """(property, by a qualifier, target) for each item a statement links to."""
    found = []
    if isinstance(claim.value, ItemValue):
        found.append((claim.pid, False, claim.value.slug))
    found.extend(
        (q.pid, True, q.value.slug) for q in claim.qualifiers if isinstance(q.value, ItemValue)
    )
    return found


@dataclass(frozen=True)
class PropertyName:
    """A group's property label at the left, wrapped on up to two lines, titled."""

    kind: ClassVar[str] = "property"
    x: str
    y: str
    title: str
    lines: tuple[str, ...]


Shape = Line | Text | Box | More | PropertyName


@dataclass(frozen=True)
class NeighbourhoodSvg:
    """The neighbourhood's drawing (templates/neighbourhood.svg)."""

    width: str
    height: str
    title: str
    description: str
    shapes: tuple[Shape, ...]  # in the order drawn


@dataclass(frozen=True)
class PictureView:
    neighbourhood: NeighbourhoodSvg
    strip: StripSvg | None  # None when the entity has no dated statement


def picture_view(data: SiteData, entity: Entity, *, root: str) -> PictureView:
    """The picture of the entity's page: the neighbourhood, and the timeline strip when
    the entity has dated statements (templates/picture.html frames them)."""
    near = neighbourhood(data, entity.slug)
    return PictureView(neighbourhood_view(data, entity, near, root=root), strip_view(data, entity))


def picture_html(data: SiteData, entity: Entity, *, root: str) -> str:
    """The picture's section on the entity's page (templates/picture.html)."""
    view = picture_view(data, entity, root=root)
    return render("picture.html", picture=view).removesuffix("\n")


def neighbourhood_svg(data: SiteData, entity: Entity, near: Neighbourhood, *, root: str) -> str:
    """The neighbourhood as an inline `<svg>` (templates/neighbourhood.svg)."""
    view = neighbourhood_view(data, entity, near, root=root)
    return render("neighbourhood.svg", svg=view).removesuffix("\n")


def neighbourhood_view(
    data: SiteData, entity: Entity, near: Neighbourhood, *, root: str
) -> NeighbourhoodSvg:
    """The neighbourhood's geometry (deterministic: no randomness, sorted)."""
    body: list[Shape] = []
    y = 0.0
    spine_top = spine_bottom = None
    if near.incoming:
        body.append(_caption("Links here", y + 14))
        y += 22
        y, first, _ = _groups(data, near.incoming, y, body, root=root, incoming=True)
        spine_top = first
    box_top = y + (4 if near.incoming else 0)
    label = shorten(entity.label, WIDTH - 24, ENTITY_SIZE * 1.1)  # bold
    body.append(
        Box(
            "self",
            None,
            entity.label,
            "0",
            num(box_top),
            str(WIDTH),
            "36",
            "6",
            "12",
            num(box_top + 24),
            label,
        )
    )
    y = box_top + 36
    if near.outgoing:
        y += 6
        body.append(_caption("Links to", y + 14))
        y += 22
        y, _, last = _groups(data, near.outgoing, y, body, root=root, incoming=False)
        spine_bottom = last
    if not near.incoming and not near.outgoing:
        y += 20
        body.append(
            Text(
                "none",
                "12",
                num(y),
                "No statement links it to another entity, and none links here.",
            )
        )
        y += 6
    if spine_top is not None:
        body.insert(0, _line(SPINE, spine_top, SPINE, box_top, arrow=True))
    if spine_bottom is not None:
        body.insert(0, _line(SPINE, box_top + 36, SPINE, spine_bottom))
    return NeighbourhoodSvg(
        str(WIDTH),
        num(y + 4),
        f"Connections of {entity.label}",
        _description(entity, near),
        tuple(body),
    )


def _description(entity: Entity, near: Neighbourhood) -> str:
    def count(groups: tuple[Group, ...]) -> tuple[int, int]:
        return len({s for g in groups for s in g.neighbours}), len({g.pid for g in groups})

    links_to, by_out = count(near.outgoing)
    linked_from, by_in = count(near.incoming)
    out = (
        f"{entity.label} links to {_many(links_to, 'entity', 'entities')} by "
        f"{_many(by_out, 'property', 'properties')}"
        if links_to
        else f"{entity.label} links to no other entity"
    )
    into = (
        f"{_many(linked_from, 'entity', 'entities')} "
        f"{'links' if linked_from == 1 else 'link'} to it by "
        f"{_many(by_in, 'property', 'properties')}"
        if linked_from
        else "no entity links to it"
    )
    return (
        f"{out}; {into}. Each group is named by its property; each neighbour is a link to its page."
    )


def _many(count: int, one: str, more: str) -> str:
    return f"{count} {one if count == 1 else more}"


def _caption(text: str, y: float, cls: str = "direction") -> Text:
    return Text(cls, str(INDENT), num(y), text)


def _line(x1: float, y1: float, x2: float, y2: float, *, arrow: bool = False) -> Line:
    return Line("spine", num(x1), num(y1), num(x2), num(y2), arrow)


def _groups(
    data: SiteData,
    groups: tuple[Group, ...],
    y: float,
    body: list[Shape],
    *,
    root: str,
    incoming: bool,
) -> tuple[float, float, float]:
    """Draws the groups from `y` down into `body`, each a row: the property's label at the
    left, its neighbours to the right (wrapping); returns the new y and the first and last
    group's connector heights (where the spine starts and ends)."""
    first = last = y
    shown = groups[:MAX_GROUPS]
    for index, group in enumerate(shown):
        if group.qualifier and (index == 0 or not shown[index - 1].qualifier):
            body.append(_caption("By qualifiers of statements", y + 12, "sub"))
            y += 18
        mid = y + NODE_HEIGHT / 2
        if index == 0:
            first = mid
        last = mid
        body.append(_line(SPINE, mid, INDENT - 4, mid, arrow=not incoming))
        name = data.property_label(group.pid)
        what = name if name == group.pid else f"{name} ({group.pid})"
        what += ", a qualifier" if group.qualifier else ""
        lines = wrap(name, NODES_X - INDENT - 6, PROPERTY_SIZE)
        body.append(PropertyName(str(INDENT), num(mid + 4), what, tuple(lines)))
        top = y
        x = float(NODES_X)
        nodes = group.neighbours[:PER_PROPERTY]
        hidden = len(group.neighbours) - len(nodes)
        for slug in nodes:
            label = shorten(data.label(slug), WIDTH - NODES_X - 16, NODE_SIZE)
            width = text_width(label, NODE_SIZE) + 16
            if x > NODES_X and x + width > WIDTH:
                x, y = float(NODES_X), y + ROW
            body.append(_node(data, slug, label, x, y, width, root=root))
            x += width + 6
        if hidden:
            more = f"{hidden} more"
            width = text_width(more, NODE_SIZE) + 8
            if x > NODES_X and x + width > WIDTH:
                x, y = float(NODES_X), y + ROW
            title = f"{hidden} more by {what}: the full list on this page"
            body.append(More(group.more, title, num(x + 4), num(y + 15), more))
        y = max(y + ROW, top + 14 * len(lines) + 8) + 2
    if len(groups) > len(shown):
        rest = len(groups) - len(shown)
        target = "#mentioned" if incoming else "#statements"
        title = f"{rest} more properties: the full list on this page"
        text = _many(rest, "more property", "more properties")
        body.append(More(target, title, str(INDENT), num(y + 12), text))
        y += ROW
    return y, first, last


def _node(
    data: SiteData, slug: str, label: str, x: float, y: float, width: float, *, root: str
) -> Box:
    href = f"{root}entity/{slug}.html" if slug in data.entities else None
    return Box(
        "node",
        href,
        data.label(slug),
        num(x),
        num(y),
        num(width),
        str(NODE_HEIGHT),
        "4",
        num(x + 8),
        num(y + 15),
        label,
    )
