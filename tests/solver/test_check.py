"""The independent checker catches each rule on hand-made plans (no solver involved)."""

from __future__ import annotations

from solver import check
from solver.result import Result, Slot, Unplanned
from solver.scenario import parse

from .helpers import T0, D, H, at, campaign, scenario

SUITES = [{"id": "S1", "name": "Suite 1", "capabilities": ["isolator"]},
          {"id": "S2", "name": "Suite 2", "capabilities": ["viral-vector"]}]


def _p(**kw: object):
    cs = [campaign("A", D), campaign("B", D, earliest_start=at(2 * D), due=at(4 * D), due_hard=True),
          campaign("V", D, modality="aav-vector", requires=["viral-vector"])]
    return parse(scenario(cs, suites=SUITES, **kw))


def _rules(p, slots, unplanned=None) -> list[str]:
    if unplanned is None:
        return sorted({v.rule for v in check(p, slots)})
    r = Result("feasible", T0, slots=slots, unplanned=unplanned)
    return sorted({v.rule for v in check(p, r)})


def test_valid_plan_has_no_violation() -> None:
    """A hand-made valid plan (with its changeover slot) passes."""
    p = _p()
    slots = [Slot("campaign", "S1", 0, D, "A"), Slot("changeover", "S1", D, 2 * D, None, "A", "B"),
             Slot("campaign", "S1", 2 * D, 3 * D, "B"), Slot("campaign", "S2", 0, D, "V")]
    assert _rules(p, slots, []) == []


def test_each_rule_is_caught() -> None:
    """Ineligible suite, wrong duration, early start, hard due, short gap, missing changeover slot,
    missing campaign: each yields its rule code."""
    p = _p()
    assert _rules(p, [Slot("campaign", "S1", 0, D, "V")]) == ["ineligible-suite"]
    assert _rules(p, [Slot("campaign", "S1", 0, D - 1, "A")]) == ["duration"]
    assert _rules(p, [Slot("campaign", "S1", 2 * D - 1, 3 * D - 1, "B")]) == ["earliest-start"]
    assert _rules(p, [Slot("campaign", "S1", 3 * D + 1, 4 * D + 1, "B")]) == ["due-hard"]
    gap = [Slot("campaign", "S1", 0, D, "A"), Slot("campaign", "S1", 2 * D - 1, 3 * D - 1, "B")]
    assert "changeover-gap" in _rules(p, gap)
    noslot = [Slot("campaign", "S1", 0, D, "A"), Slot("campaign", "S1", 2 * D, 3 * D, "B")]
    assert _rules(p, noslot) == ["changeover-slot"]
    assert _rules(p, [Slot("campaign", "S1", 0, D, "A")], []) == ["campaign-missing"]
    assert _rules(p, [Slot("campaign", "S1", 0, D, "A"), Slot("campaign", "S2", 0, D, "V")],
                  [Unplanned("B", "x")]) == []


def test_pinned_frozen_and_maintenance() -> None:
    """A moved pin, a change inside the frozen window and work during maintenance are caught."""
    cs = [campaign("A", D, pinned=True, pinned_suite="S1", pinned_start=at(D)), campaign("B", D)]
    p = parse(scenario(cs, frozen_until=at(D), current_plan=[{"campaign": "B", "suite": "S1", "start": at(0)}],
                       unavailable=[{"suite": "S1", "start": at(5 * D), "end": at(6 * D)}]))
    assert "pinned-moved" in _rules(p, [Slot("campaign", "S1", 0, D, "B"),
                                        Slot("campaign", "S1", 2 * D + H, 3 * D + H, "A")])
    assert "frozen-window" in _rules(p, [Slot("campaign", "S1", 3 * D, 4 * D, "B")])
    assert "unavailable" in _rules(p, [Slot("campaign", "S1", 5 * D - 1, 6 * D - 1, "B")])
