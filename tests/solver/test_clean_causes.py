"""The two ways plans broke cleaning rules at facility scale, as tiny scenarios: each is
feasible exactly at the limit and refused one minute past it, by the solver and the checker
alike (cleans are part of the plan, not painted on afterwards)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from solver import check, solve
from solver.result import Slot
from solver.scenario import parse

from .helpers import T0, TZ, D, H, assert_valid, at, campaign, scenario

HOLD = 72 * H
RECLEAN = 120
WIN0, WIN1 = 2 * D + 7 * H, 6 * D + 7 * H  # a 96 h requalification, longer than the hold


def _requal(start: int, pinned: bool) -> dict[str, Any]:
    kw: dict[str, Any] = ({"pinned": True, "pinned_suite": "S1", "pinned_start": at(start)} if pinned
                          else {"earliest_start": at(WIN1), "latest_start": at(start)})
    return scenario([campaign("K1", 2 * D, **kw)], clean_hold_min=HOLD,
                    cleaning_rules=[{"id": "clean-hold", "kind": "clean-hold", "duration_min": RECLEAN}],
                    unavailable=[{"suite": "S1", "start": at(WIN0), "end": at(WIN1), "kind": "requalification"}])


@pytest.mark.parametrize("pinned", [True, False])
def test_reclean_after_long_requalification_at_the_limit(pinned: bool) -> None:
    """A campaign right after a requalification longer than the clean hold needs the re-clean
    after the window: starting a re-clean's length after it is feasible (pinned there, or free
    with that as its latest start), and the plan keeps the re-clean in that gap."""
    p = parse(_requal(WIN1 + RECLEAN, pinned))
    r = solve(p, time_limit_s=5, workers=2)
    assert r.status in ("optimal", "feasible") and not r.unplanned
    assert_valid(p, r)
    assert r.campaign_slots()["K1"].start_min == WIN1 + RECLEAN
    assert [(s.start_min, s.end_min) for s in r.slots if s.kind == "cleaning"] == [(WIN1, WIN1 + RECLEAN)]


def test_reclean_one_minute_short_is_refused_by_solver_and_checker() -> None:
    """One minute less: the pinned campaign is infeasible (the conflict names the re-clean), the
    free one stays unplanned with the reason, and the checker flags the plan with it there."""
    p = parse(_requal(WIN1 + RECLEAN - 1, True))
    r = solve(p, time_limit_s=5, workers=2)
    assert r.status == "infeasible" and r.bound is None and "no plan" in r.stats["bound_from"]
    assert any("re-clean" in c and "K1" in c for c in r.conflicts), r.conflicts
    free = parse(_requal(WIN1 + RECLEAN - 1, False))
    r2 = solve(free, time_limit_s=5, workers=2)
    assert r2.status in ("optimal", "feasible") and [u.campaign for u in r2.unplanned] == ["K1"]
    assert_valid(free, r2)
    # the plan a planner might draw: the campaign there and the re-clean as late as it can go
    plan = [Slot("campaign", "S1", WIN1 + RECLEAN - 1, WIN1 + RECLEAN - 1 + 2 * D, campaign="K1"),
            Slot("maintenance", "S1", WIN0, WIN1, rule="requalification"),
            Slot("cleaning", "S1", WIN1 - 1, WIN1 + RECLEAN - 1, rule="clean-hold")]
    rules = {v.rule for v in check(p, plan)}
    assert "cleaning-overlap" in rules
    rules2 = {v.rule for v in check(p, [s for s in plan if s.kind != "cleaning"])}
    assert rules2 == {"clean-hold"}


def _minutes(local: datetime) -> int:
    """Real minutes from the horizon start (aware datetimes in one zone subtract wall clock)."""
    return round((local.astimezone(UTC) - T0.astimezone(UTC)).total_seconds() / 60)


#: vector campaign end: 07:00 local on an ordinary Wednesday and on the 25-hour DST Sunday
ENDS = {"ordinary day": (datetime(2026, 10, 21, 7, 0, tzinfo=TZ), 360),
        "DST day": (datetime(2026, 10, 25, 7, 0, tzinfo=TZ), 420)}


def _vector_then_cell(end: int, open_end: int, cell_pinned: bool) -> dict[str, Any]:
    """A lentiviral campaign ending at `end` (its last `open_end` minutes open processing),
    then a CAR-T campaign 72 h later (the viral -> cell changeover) in the only suite."""
    vec = campaign("V1", 4 * D, modality="lentiviral-vector", open_end_min=open_end,
                   pinned=True, pinned_suite="S1", pinned_start=at(end - 4 * D))
    cell_at = end + 72 * H
    kw: dict[str, Any] = ({"pinned": True, "pinned_suite": "S1", "pinned_start": at(cell_at)} if cell_pinned
                          else {"earliest_start": at(cell_at), "latest_start": at(cell_at)})
    cell = campaign("C1", 3 * D, modality="car-t", **kw)
    data = scenario([vec, cell], days=250)
    data.pop("cleaning_rules")  # the default rules: daily, weekly sporicidal, monthly deep
    return data


@pytest.mark.parametrize("day", list(ENDS))
@pytest.mark.parametrize("cell_pinned", [True, False])
def test_daily_clean_before_a_long_changeover_at_the_limit(day: str, cell_pinned: bool) -> None:
    """The vector campaign ends at 07:00 with open processing leaving exactly the first hour of
    the day closed (6 h open on an ordinary day, 7 h on the 25-hour DST day): the 72 h changeover
    follows at once and that hour holds the daily clean."""
    local_end, open_end = ENDS[day]
    end = _minutes(local_end)
    p = parse(_vector_then_cell(end, open_end, cell_pinned))
    r = solve(p, time_limit_s=5, workers=2)
    assert r.status in ("optimal", "feasible") and not r.unplanned, (r.status, r.conflicts, r.unplanned)
    assert_valid(p, r)
    midnight = _minutes(local_end.replace(hour=0))
    assert any(s.kind == "cleaning" and s.rule == "daily" and s.start_min == midnight for s in r.slots)


@pytest.mark.parametrize("day", list(ENDS))
def test_daily_clean_one_minute_short_is_refused(day: str) -> None:
    """One more minute of open processing: no hour is left that day. A pinned CAR-T is infeasible
    (the conflict names the daily clean and the day), a free one is left unplanned, and the
    checker flags the day when the plan has both."""
    local_end, open_end = ENDS[day]
    end = _minutes(local_end)
    p = parse(_vector_then_cell(end, open_end + 1, True))
    r = solve(p, time_limit_s=5, workers=2)
    assert r.status == "infeasible"
    assert any("daily clean" in c and f"{local_end:%d %b %Y}" in c for c in r.conflicts), r.conflicts
    free = parse(_vector_then_cell(end, open_end + 1, False))
    r2 = solve(free, time_limit_s=5, workers=2)
    assert r2.status in ("optimal", "feasible") and [u.campaign for u in r2.unplanned] == ["C1"]
    assert_valid(free, r2)
    plan = [Slot("campaign", "S1", end - 4 * D, end, campaign="V1"),
            Slot("changeover", "S1", end, end + 72 * H, from_campaign="V1", to_campaign="C1"),
            Slot("campaign", "S1", end + 72 * H, end + 72 * H + 3 * D, campaign="C1")]
    from solver.suites.cleaning import place_cleaning

    cleans, misses = place_cleaning(p, plan)
    assert misses and f"{local_end:%d %b %Y}" in misses[0]
    day_rules = [v for v in check(p, plan + cleans) if v.rule == "cleaning-daily"]
    assert len(day_rules) == 1 and f"{local_end:%d %b %Y}" in day_rules[0].message
