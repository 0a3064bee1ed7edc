"""Earliest start, due dates (soft lateness, hard deadline) and the horizon."""

from __future__ import annotations

from .helpers import D, H, at, campaign, run, scenario, start_of


def test_earliest_start_is_respected() -> None:
    """A campaign never starts before its earliest start, and starts right then when free."""
    _, r = run(scenario([campaign("K", D, earliest_start=at(3 * D + 7 * H))]))
    assert start_of(r, "K")[1] == 3 * D + 7 * H


def test_hard_due_one_minute_too_short_is_unplanned() -> None:
    """A hard due date one minute before the earliest possible end: unplanned, reason given."""
    _, r = run(scenario([campaign("K", D, earliest_start=at(D), due=at(2 * D - 1), due_hard=True)]))
    assert [u.campaign for u in r.unplanned] == ["K"]
    assert "hard due" in r.unplanned[0].reason


def test_hard_due_at_the_limit_is_planned() -> None:
    """A hard due date exactly at the earliest possible end is met."""
    _, r = run(scenario([campaign("K", D, earliest_start=at(D), due=at(2 * D), due_hard=True)]))
    assert r.campaign_slots()["K"].end_min == 2 * D


def test_hard_due_pushes_the_order() -> None:
    """Two campaigns in one suite: the one with the hard due date goes first to meet it."""
    cs = [campaign("A", 2 * D), campaign("B", 2 * D, due=at(2 * D), due_hard=True)]
    _, r = run(scenario(cs))
    assert start_of(r, "B")[1] == 0 and r.campaign_slots()["B"].end_min <= 2 * D


def test_lateness_is_a_named_penalty() -> None:
    """When a soft due date cannot be met the plan still exists and lateness is reported."""
    cs = [campaign("A", 3 * D, due=at(3 * D), weight=3), campaign("B", 3 * D, due=at(3 * D))]
    _, r = run(scenario(cs))
    assert r.status == "optimal"
    # the heavier campaign goes first; B waits A + 24 h changeover
    assert start_of(r, "A")[1] == 0
    assert r.penalties["lateness_min"] == 3 * D + 24 * H


def test_campaign_longer_than_horizon_is_unplanned() -> None:
    """A campaign that cannot fit in the horizon is unplanned with a reason naming the horizon."""
    _, r = run(scenario([campaign("K", 20 * D)], days=14))
    assert r.unplanned and "horizon" in r.unplanned[0].reason
