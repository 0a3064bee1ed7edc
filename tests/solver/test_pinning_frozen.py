"""Pinned campaigns never move; nothing before frozen-until moves; moves are counted."""

from __future__ import annotations

from .helpers import D, at, campaign, run, scenario, start_of


def test_pinned_never_moves_even_when_costly() -> None:
    """A pinned campaign stays put although moving it would remove lateness of another."""
    cs = [campaign("P", 3 * D, pinned=True, pinned_suite="S1", pinned_start=at(D)),
          campaign("K", 2 * D, due=at(2 * D), weight=5)]
    _, r = run(scenario(cs))
    assert start_of(r, "P") == ("S1", D)


def test_frozen_window_keeps_current_plan_and_blocks_new_starts() -> None:
    """Campaigns of the current plan starting before frozen-until keep suite and start; no other
    campaign starts inside the frozen window."""
    suites = [{"id": "S1"}, {"id": "S2"}]
    cs = [campaign("A", 2 * D), campaign("B", 2 * D), campaign("C", D)]
    plan = [{"campaign": "A", "suite": "S2", "start": at(D)},
            {"campaign": "B", "suite": "S1", "start": at(6 * D)}]
    _p, r = run(scenario(cs, suites=suites, frozen_until=at(3 * D), current_plan=plan))
    assert start_of(r, "A") == ("S2", D)
    assert start_of(r, "C")[1] >= 3 * D
    assert start_of(r, "B")[1] >= 3 * D


def test_moves_against_current_plan_are_minimised() -> None:
    """With a valid current plan and a high move weight, the optimizer keeps it and reports 0 moves."""
    suites = [{"id": "S1"}, {"id": "S2"}]
    cs = [campaign("A", 2 * D), campaign("B", 2 * D)]
    plan = [{"campaign": "A", "suite": "S2", "start": at(4 * D)},
            {"campaign": "B", "suite": "S1", "start": at(5 * D)}]
    _, r = run(scenario(cs, suites=suites, current_plan=plan,
                        objective={"kind": "weighted", "weights": {"moves": 10_000, "changeover": 1}}))
    assert start_of(r, "A") == ("S2", 4 * D) and start_of(r, "B") == ("S1", 5 * D)
    assert r.penalties["moves"] == 0


def test_two_pins_overlapping_is_infeasible_with_words() -> None:
    """Two campaigns pinned over each other in one suite: infeasible, the conflict names both
    campaigns, the suite and a local date."""
    cs = [campaign("A", 2 * D, pinned=True, pinned_suite="S1", pinned_start=at(0)),
          campaign("B", 2 * D, pinned=True, pinned_suite="S1", pinned_start=at(D))]
    _, r = run(scenario(cs))
    assert r.status == "infeasible"
    text = " ".join(r.conflicts)
    assert "A" in text and "B" in text and "Suite" in text and "Mar 2026" in text
