"""Each campaign once, in one suite with every capability it needs; duration per suite."""

from __future__ import annotations

from .helpers import D, at, campaign, run, scenario, start_of

SUITES = [{"id": "S1", "name": "Suite 1", "capabilities": ["isolator"]},
          {"id": "S2", "name": "Suite 2", "capabilities": ["viral-vector", "closed-system"]}]


def test_capability_decides_the_suite() -> None:
    """A vector campaign needing viral-vector containment can only go to Suite 2."""
    _, r = run(scenario([campaign("V", D, modality="aav-vector", requires=["viral-vector"])], suites=SUITES))
    assert start_of(r, "V")[0] == "S2"


def test_no_capable_suite_is_unplanned_with_reason() -> None:
    """A campaign needing a capability no suite has is reported unplanned with the reason."""
    _p, r = run(scenario([campaign("K", D, requires=["large-scale-bioreactor"]), campaign("L", D)],
                        suites=SUITES))
    assert [u.campaign for u in r.unplanned] == ["K"]
    assert "large-scale-bioreactor" in r.unplanned[0].reason
    assert "L" in r.campaign_slots()


def test_duration_by_suite_is_used() -> None:
    """A suite-specific duration is the slot length there; the faster suite wins on makespan."""
    c = campaign("K", 3 * D, duration_by_suite_min={"S1": 2 * D})
    _, r = run(scenario([c], suites=SUITES, objective={"kind": "makespan"}))
    sl = r.campaign_slots()["K"]
    assert (sl.suite, sl.end_min - sl.start_min) == ("S1", 2 * D)


def test_eligible_suites_override_capabilities() -> None:
    """An explicit eligible_suites list is obeyed even when another suite has the capabilities."""
    _, r = run(scenario([campaign("K", D, eligible_suites=["S2"])], suites=SUITES))
    assert start_of(r, "K")[0] == "S2"


def test_every_campaign_planned_or_reported() -> None:
    """With more work than room, every campaign is either planned or unplanned with a reason."""
    cs = [campaign(f"K{i}", 4 * D, earliest_start=at(0)) for i in range(5)]
    p, r = run(scenario(cs, days=10))
    planned = set(r.campaign_slots())
    unplanned = {u.campaign for u in r.unplanned}
    assert planned | unplanned == {c.id for c in p.campaigns} and not planned & unplanned
    assert unplanned and all(u.reason for u in r.unplanned)
