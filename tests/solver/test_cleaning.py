"""Routine cleaning (daily, periodic sporicidal) and the clean-hold re-clean."""

from __future__ import annotations

from solver import check
from solver.result import Slot

from .helpers import D, H, at, campaign, run, scenario

RULES = [{"id": "daily", "kind": "daily", "duration_min": 60, "at": "14:00"},
         {"id": "weekly-sporicidal", "kind": "periodic", "duration_min": 180, "at": "12:00",
          "every_days": 7, "tolerance_days": 1},
         {"id": "clean-hold", "kind": "clean-hold", "duration_min": 120}]


def test_daily_and_weekly_cleans_are_planned_and_checked() -> None:
    """A 10-day campaign gets a daily clean on each day in use and a sporicidal clean each week;
    the checker accepts it (run() checks) and none overlaps the changeover."""
    cs = [campaign("A", 10 * D, earliest_start=at(7 * H)), campaign("B", D)]
    _, r = run(scenario(cs, cleaning_rules=RULES, days=20))
    cleans = [s for s in r.slots if s.kind == "cleaning"]
    daily = [s for s in cleans if s.rule == "daily"]
    assert len(daily) >= 11
    assert sum(1 for s in cleans if s.rule == "weekly-sporicidal") >= 2


def test_checker_flags_a_missing_daily_clean() -> None:
    """Removing one daily clean from a valid plan is reported, naming the suite and the day."""
    cs = [campaign("A", 3 * D, earliest_start=at(7 * H))]
    p, r = run(scenario(cs, cleaning_rules=RULES))
    daily = [s for s in r.slots if s.rule == "daily"]
    r.slots.remove(daily[1])
    v = check(p, r)
    assert [x.rule for x in v] == ["cleaning-daily"] and "Suite" in v[0].message


def test_clean_overlapping_a_changeover_is_flagged() -> None:
    """A clean placed inside a changeover is a violation (the suite is being decontaminated)."""
    cs = [campaign("A", D, pinned=True, pinned_suite="S1", pinned_start=at(0)),
          campaign("B", D, pinned=True, pinned_suite="S1", pinned_start=at(2 * D))]
    p, r = run(scenario(cs, cleaning_rules=RULES[:1]))
    r.slots.append(Slot("cleaning", "S1", D + 60, D + 120, rule="extra"))
    assert any(v.rule == "cleaning-overlap" for v in check(p, r))


def test_clean_hold_re_clean_before_late_campaign() -> None:
    """A suite idle longer than the clean hold (72 h) gets a re-clean ending at most 72 h before
    the next campaign; one minute within the hold needs none."""
    rules = RULES[2:]
    far = campaign("B", D, pinned=True, pinned_suite="S1", pinned_start=at(D + 24 * H + 72 * H + 1))
    a = campaign("A", D, pinned=True, pinned_suite="S1", pinned_start=at(0))
    p, r = run(scenario([a, far], cleaning_rules=rules, clean_hold_min=72 * H))
    assert [s.rule for s in r.slots if s.kind == "cleaning"] == ["clean-hold"]
    near = campaign("B", D, pinned=True, pinned_suite="S1", pinned_start=at(D + 24 * H + 72 * H))
    _, r2 = run(scenario([a, near], cleaning_rules=rules, clean_hold_min=72 * H))
    assert not [s for s in r2.slots if s.kind == "cleaning"]
    # and the checker catches a missing re-clean
    r.slots = [s for s in r.slots if s.kind != "cleaning"]
    assert [v.rule for v in check(p, r)] == ["clean-hold"]


def test_dst_day_has_23_hours() -> None:
    """Across the spring DST switch (29 Mar 2026) minutes are real elapsed time: a 48 h campaign
    from 28 Mar 12:00 local ends 30 Mar 13:00 local, and cleans stay on their local days."""
    start = 26 * D + 12 * H  # Sat 28 Mar 12:00 CET
    _, r = run(scenario([campaign("A", 48 * H, earliest_start=at(start))], cleaning_rules=RULES[:1], days=35))
    d = r.to_dict()
    slot = next(s for s in d["slots"] if s["kind"] == "campaign")
    assert slot["start"] == "2026-03-28T12:00:00+01:00" and slot["end"] == "2026-03-30T13:00:00+02:00"
    days = sorted(s["start"][:10] for s in d["slots"] if s["kind"] == "cleaning")
    assert days == ["2026-03-28", "2026-03-29", "2026-03-30"]
