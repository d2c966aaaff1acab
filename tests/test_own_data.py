"""Our own data held to the rules it ships (issue 20, item 6).

Each test pins one defect a blind audit of the graph found, so a later edit of seeds/ cannot
bring it back: time-bound statements with no time scope, "applies to part" (P518) read as
"whose", one-sided amounts, the 1941 pact's class, the facts no statement carried, and
location of formation (P740) with both sources' values.
"""

from __future__ import annotations

from functools import cache

from svg_rdf.model import Claim, Curation, ItemValue, QuantityValue, Value
from svg_rdf.pipeline import curate
from svg_rdf.project import Project
from tests.conftest import REPO

TIME_SCOPE = {"P580", "P582", "P585"}


@cache
def _curation() -> Curation:
    return curate(Project.at(REPO))


def _claims(subject: str, pid: str) -> list[Claim]:
    return [c for c in _curation().claims if c.subject == subject and c.pid == pid]


def _item(claim: Claim) -> str:
    assert isinstance(claim.value, ItemValue)
    return claim.value.slug


def _qualifier(claim: Claim, pid: str) -> list[Value]:
    return [q.value for q in claim.qualifiers if q.pid == pid]


def _quoted(claim: Claim) -> str:
    return "\n".join(e.quote for e in claim.evidence)


def test_former_capitals_carry_the_time_their_source_gives() -> None:
    for subject in ("nanjing", "hankou"):
        (claim,) = [c for c in _claims(subject, "P1376") if _item(c) == "republic-of-china"]
        assert TIME_SCOPE & {q.pid for q in claim.qualifiers}, subject
        assert "13 December 1937" in _quoted(claim), subject


def test_commanders_with_a_time_in_their_source_are_scoped() -> None:
    (chennault,) = _claims("american-volunteer-group", "P4791")
    assert {q.pid for q in chennault.qualifiers} >= {"P580", "P582"}
    assert "1941\u20131942" in _quoted(chennault)  # en dash, as the source writes it
    (head,) = _claims("nationalist-government", "P6")
    assert "P585" in {q.pid for q in head.qualifiers}
    assert "Starting from 1933" in _quoted(head)


def test_loss_counts_do_not_use_applies_to_part_for_whose() -> None:
    losses = [c for c in _curation().claims if c.pid == "P1542" and _qualifier(c, "P1114")]
    assert len(losses) >= 4
    for claim in losses:
        assert not _qualifier(claim, "P518"), claim.places
    soviet = [c for c in losses if "Soviet losses" in _quoted(c)]
    assert [_item(c) for c in soviet] == ["losses"]  # the text does not say aircraft


def test_one_sided_amounts_keep_the_sources_words() -> None:
    for claim in _curation().claims:
        words = " ".join(str(v) for v in _qualifier(claim, "P1932")).lower()
        quoted = _quoted(claim).lower()
        for hedge in ("less than", "over 1,200", "over 99%"):
            amounts = [claim.value, *(q.value for q in claim.qualifiers)]
            if hedge in quoted and any(isinstance(v, QuantityValue) for v in amounts):
                assert hedge in words, claim.places


def test_the_1941_pact_is_not_a_non_aggression_pact() -> None:
    classes = {(_item(c), c.rank) for c in _claims("soviet-japanese-neutrality-pact", "P31")}
    assert ("non-aggression-pact", "deprecated") in classes
    assert ("neutrality-pact", "normal") in classes


def test_location_of_formation_keeps_both_sources_values() -> None:
    claims = _claims("soviet-volunteer-group", "P740")
    values = {_item(c): {e.source for e in c.evidence} for c in claims}
    assert values == {"almaty": {"000_4df81df14f38a968"}, "moscow": {"001_fac9f245705e1fde"}}


def test_facts_no_statement_carried_are_carried() -> None:
    arches = [c for c in _claims("marco-polo-bridge", "P2670") if _item(c) == "arch"]
    assert [str(v) for c in arches for v in _qualifier(c, "P1114")]
    assert [_item(c) for c in _claims("raid-on-taiwan-1938", "P1542")].count("safe-return") == 1
    assert [_item(c) for c in _claims("hankou", "P1366")] == ["wuhan"]
    (battle,) = _claims("air-battle-of-wuhan-1938-04-28", "P31")
    assert "largest" in str(_qualifier(battle, "P1932"))


def test_contradictions_inside_one_source_are_recorded() -> None:
    (nanjing,) = [c for c in _claims("raid-on-taiwan-1938", "P1427") if _item(c) == "nanjing"]
    assert nanjing.rank == "deprecated"
    assert [_item_of(v) for v in _qualifier(nanjing, "P2241")] == ["contradicted-within-its-source"]
    assert "Nanjing fell to the Japanese" in _quoted(nanjing)


def _item_of(value: Value) -> str:
    assert isinstance(value, ItemValue)
    return value.slug


def test_one_sided_amounts_are_bounded_where_a_natural_bound_exists() -> None:
    (men,) = _claims("republic-of-china-air-force", "P2124")
    assert isinstance(men.value, QuantityValue)
    assert (men.value.lower, men.value.upper) == ("0", "600")
    (aircraft,) = _claims("republic-of-china-air-force", "P121")
    (count,) = _qualifier(aircraft, "P1114")
    assert isinstance(count, QuantityValue) and (count.lower, count.upper) == ("0", "100")
    (share,) = [c for c in _claims("taiwan-state", "P527") if _qualifier(c, "P1107")]
    (proportion,) = _qualifier(share, "P1107")
    assert isinstance(proportion, QuantityValue) and proportion.upper == "1"
