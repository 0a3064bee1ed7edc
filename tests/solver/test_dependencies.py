"""Dependencies with a minimum lag (vector QC release before the CAR-T campaign)."""

from __future__ import annotations

from .helpers import D, at, campaign, run, scenario, start_of

SUITES = [{"id": "S1", "name": "Suite 1", "capabilities": ["viral-vector"]},
          {"id": "S2", "name": "Suite 2", "capabilities": ["isolator"]}]
LAG = 3 * D


def _data(after_start: int | None) -> dict:
    v = campaign("LV", 2 * D, modality="lentiviral-vector", requires=["viral-vector"],
                 pinned=True, pinned_suite="S1", pinned_start=at(0))
    kw = {} if after_start is None else {"pinned": True, "pinned_suite": "S2", "pinned_start": at(after_start)}
    c = campaign("CART", 2 * D, requires=["isolator"], **kw)
    return scenario([v, c], suites=SUITES, dependencies=[{"before": "LV", "after": "CART", "min_lag_min": LAG}])


def test_lag_short_by_one_minute_is_infeasible() -> None:
    """CAR-T pinned one minute before vector end + QC lag: infeasible, both campaigns named."""
    _, r = run(_data(2 * D + LAG - 1))
    assert r.status == "infeasible"
    text = " ".join(r.conflicts)
    assert "LV" in text and "CART" in text


def test_lag_at_the_limit_is_feasible() -> None:
    """CAR-T pinned exactly at vector end + lag is feasible."""
    _, r = run(_data(2 * D + LAG))
    assert r.status in ("optimal", "feasible")


def test_free_successor_waits_exactly_the_lag() -> None:
    """A free CAR-T campaign starts as early as the dependency allows, and explain() says why."""
    from solver import explain

    p, r = run(_data(None))
    assert start_of(r, "CART")[1] == 2 * D + LAG
    assert any("waits for LV" in line for line in explain(p, r, "CART"))


def test_successor_of_unplannable_campaign_is_unplanned() -> None:
    """If the predecessor cannot be planned, its successor is unplanned too, with that reason."""
    v = campaign("LV", 2 * D, modality="lentiviral-vector", requires=["bsl-3"])
    c = campaign("CART", D, requires=["isolator"])
    _, r = run(scenario([v, c], suites=SUITES, dependencies=[{"before": "LV", "after": "CART"}]))
    reasons = {u.campaign: u.reason for u in r.unplanned}
    assert set(reasons) == {"LV", "CART"}
    assert "LV" in reasons["CART"]

