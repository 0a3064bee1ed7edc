"""Maintenance and requalification windows: no campaign and no changeover inside them."""

from __future__ import annotations

from .helpers import D, H, at, campaign, run, scenario, start_of

WINDOW = {"suite": "S1", "start": at(2 * D), "end": at(5 * D), "kind": "requalification"}


def test_pinned_campaign_overlapping_by_one_minute_is_infeasible() -> None:
    """A campaign pinned to end one minute into a requalification window is a conflict in words."""
    c = campaign("K", D, pinned=True, pinned_suite="S1", pinned_start=at(D + 1))
    _, r = run(scenario([c], unavailable=[WINDOW]))
    assert r.status == "infeasible"
    assert "K" in r.conflicts[0] and "requalification" in r.conflicts[0]


def test_pinned_campaign_ending_at_window_start_is_feasible() -> None:
    """Ending exactly when the window starts is allowed, and the window shows as a slot."""
    c = campaign("K", D, pinned=True, pinned_suite="S1", pinned_start=at(D))
    _, r = run(scenario([c], unavailable=[WINDOW]))
    assert r.status in ("optimal", "feasible")
    assert any(s.kind == "maintenance" and s.rule == "requalification" for s in r.slots)


def test_free_campaign_skips_the_window() -> None:
    """A campaign too long for the gap before the window starts right after it."""
    _, r = run(scenario([campaign("K", 3 * D)], unavailable=[WINDOW]))
    assert start_of(r, "K")[1] == 5 * D


def test_changeover_cannot_run_during_maintenance() -> None:
    """A changeover may not sit inside maintenance: B can start only when A + 24 h changeover
    clears the window, so it cannot squeeze in directly after the window."""
    a = campaign("A", D, pinned=True, pinned_suite="S1", pinned_start=at(D - 12 * H))
    b = campaign("B", D)
    _, r = run(scenario([a, b], unavailable=[WINDOW], objective={"kind": "makespan"}))
    co = [s for s in r.slots if s.kind == "changeover"]
    if co:  # B after A: the 24 h changeover must not overlap the window
        assert co[0].end_min <= 2 * D or co[0].start_min >= 5 * D
