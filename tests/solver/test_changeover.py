"""Sequence-dependent changeovers: length by rule, slot in the plan, infeasible by one minute."""

from __future__ import annotations

import pytest

from solver.problem import Campaign
from solver.scenario import parse

from .helpers import D, H, at, campaign, run, scenario, start_of


def _pinned_pair(gap: int, **second: object) -> dict:
    a = campaign("K1", 2 * D, product="car-x", pinned=True, pinned_suite="S1", pinned_start=at(0))
    b = campaign("K2", 2 * D, pinned=True, pinned_suite="S1", pinned_start=at(2 * D + gap), **second)
    return scenario([a, b])


def test_same_product_changeover_4h_short_by_one_minute_is_infeasible() -> None:
    """Same product and client (cell therapy): 4 h line clearance; 3 h 59 min between pinned
    campaigns is infeasible and the conflict names both campaigns and the suite."""
    _, r = run(_pinned_pair(4 * H - 1, product="car-x"))
    assert r.status == "infeasible"
    text = " ".join(r.conflicts)
    assert "K1" in text and "K2" in text and "Suite 1" in text and "4 h" in text


def test_same_product_changeover_4h_at_the_limit_is_feasible() -> None:
    """Exactly 4 h between the pinned campaigns is feasible and a 4 h changeover slot is planned."""
    _, r = run(_pinned_pair(4 * H, product="car-x"))
    assert r.status in ("optimal", "feasible")
    co = [s for s in r.slots if s.kind == "changeover"]
    assert len(co) == 1 and co[0].end_min - co[0].start_min == 4 * H
    assert (co[0].from_campaign, co[0].to_campaign) == ("K1", "K2")
    assert "line clearance" in co[0].steps


def test_other_cell_product_needs_24h() -> None:
    """Cell therapy to another cell product: 24 h; 23 h 59 infeasible, 24 h feasible."""
    _, r = run(_pinned_pair(24 * H - 1))
    assert r.status == "infeasible"
    _, r = run(_pinned_pair(24 * H))
    assert r.status in ("optimal", "feasible")


def test_viral_to_cell_needs_72h_and_free_campaigns_pack_exactly() -> None:
    """Viral vector (pinned first) then cell therapy in one suite: the optimizer (makespan)
    leaves exactly the 72 h VHP decontamination changeover between them."""
    suites = [{"id": "S1", "name": "Suite 1", "capabilities": ["viral-vector"]}]
    data = scenario([campaign("V1", D, modality="lentiviral-vector", requires=["viral-vector"],
                              pinned=True, pinned_suite="S1", pinned_start=at(0)),
                     campaign("C1", D)], suites=suites, objective={"kind": "makespan"})
    _, r = run(data)
    assert r.status == "optimal"
    assert start_of(r, "C1")[1] - (start_of(r, "V1")[1] + D) == 72 * H


def test_most_specific_rule_wins() -> None:
    """A product rule beats a family rule, a suite rule beats both; defaults fill the rest."""
    data = scenario([campaign("A", D, product="p1"), campaign("B", D, product="p2")],
                    suites=[{"id": "S1"}, {"id": "S2"}],
                    changeover_rules=[
                        {"from": "cell-therapy", "to": "cell-therapy", "duration_min": 600},
                        {"from": "p1", "to": "cell-therapy", "duration_min": 300},
                        {"from": "p1", "to": "p2", "suite": "S2", "duration_min": 100}])
    p = parse(data)
    a, b = p.campaign_by_id["A"], p.campaign_by_id["B"]
    assert p.changeover("S1", a, b).duration_min == 300
    assert p.changeover("S2", a, b).duration_min == 100
    assert p.changeover("S1", b, a).duration_min == 600
    same = Campaign("C", client=a.client, product="p1", modality="ipsc-derived", duration_min=5)
    assert p.changeover("S1", a, same).duration_min == 300  # p1 -> cell family rule


@pytest.mark.parametrize(("m1", "m2", "same", "minutes"), [
    ("autologous-cell-therapy", "autologous-cell-therapy", True, 4 * H),
    ("autologous-cell-therapy", "ipsc-derived", False, 24 * H),
    ("allogeneic-cell-therapy", "aav-vector", False, 24 * H),
    ("lentiviral-vector", "lentiviral-vector", True, 8 * H),
    ("lentiviral-vector", "autologous-cell-therapy", False, 72 * H),
    ("aav-vector", "lentiviral-vector", False, 48 * H),
])
def test_domain_default_table(m1: str, m2: str, same: bool, minutes: int) -> None:
    """The default changeover table of domain.md, by modality family and same product."""
    p = parse(scenario([campaign("A", D, modality=m1, product="x"),
                        campaign("B", D, modality=m2, product="x" if same else "y")]))
    assert p.changeover("S1", p.campaign_by_id["A"], p.campaign_by_id["B"]).duration_min == minutes
