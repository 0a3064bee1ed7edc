"""Routine cleaning slots placed around a finished campaign plan.

Modelling choice (documented in docs/scenario-format.md): campaigns are closed-system
processing; routine daily and periodic cleans of the suite are done between processing steps and
may lie inside a campaign slot, except in its open-processing edges (`open_start_min`,
`open_end_min`: set-up and harvest). Cleans never overlap changeovers (the suite is being
decontaminated and released), maintenance/requalification, or each other. A clean-hold re-clean
sits in the idle gap before a campaign. Cleans therefore never move campaigns; the optimizer
keeps them feasible by construction, and the checker verifies every one.
"""

from __future__ import annotations

from datetime import date, timedelta

from .problem import IN_USE_MIN, Problem
from .result import Slot
from .timeutil import day_start_min, local_day, local_time_min

STEP = 15


class _SuiteCal:
    def __init__(self, H: int) -> None:
        self.busy: list[tuple[int, int]] = []
        self.H = H

    def free(self, a: int, e: int) -> bool:
        if a < 0 or e > self.H:
            return False
        return all(not (a < y and x < e) for x, y in self.busy)

    def take(self, a: int, e: int) -> None:
        self.busy.append((a, e))


def in_use_days(p: Problem, camps: list[Slot]) -> set[date]:
    """Local days on which campaigns occupy the suite for at least IN_USE_MIN minutes."""
    t0, tz = p.horizon_start, p.tz
    busy: dict[date, int] = {}
    for x in camps:
        d = local_day(x.start_min, t0, tz)
        while True:
            a = day_start_min(d, t0, tz)
            e = day_start_min(d + timedelta(days=1), t0, tz)
            if a >= x.end_min:
                break
            busy[d] = busy.get(d, 0) + max(0, min(e, x.end_min) - max(a, x.start_min))
            d += timedelta(days=1)
    return {d for d, m in busy.items() if m >= IN_USE_MIN}


def place_cleaning(problem: Problem, slots: list[Slot]) -> tuple[list[Slot], list[str]]:
    """Cleaning slots for a plan (campaign + changeover slots), and cleans that could not fit."""
    p = problem
    t0, tz = p.horizon_start, p.tz
    out: list[Slot] = []
    misses: list[str] = []
    rules = p.cleaning_rules
    if not rules:
        return out, misses
    by_suite: dict[str, list[Slot]] = {}
    for sl in slots:
        by_suite.setdefault(sl.suite, []).append(sl)
    for s in p.suites:
        mine = by_suite.get(s.id, [])
        camps = sorted((x for x in mine if x.kind == "campaign"), key=lambda x: x.start_min)
        if not camps:
            continue
        cal = _SuiteCal(p.horizon_end_min)
        for x in mine:
            if x.kind in ("changeover", "maintenance"):
                cal.take(x.start_min, x.end_min)
        for u in p.unavailable:
            if u.suite == s.id:
                cal.take(u.start_min, u.end_min)
        for x in camps:
            c = p.campaign_by_id[x.campaign or ""]
            if c.open_start_min:
                cal.take(x.start_min, x.start_min + c.open_start_min)
            if c.open_end_min:
                cal.take(x.end_min - c.open_end_min, x.end_min)

        def add(rule: str, a: int, dur: int, cal: _SuiteCal = cal, sid: str = s.id) -> None:
            cal.take(a, a + dur)
            out.append(Slot("cleaning", sid, a, a + dur, rule=rule))

        # 1. clean-hold re-cleans in idle gaps
        hold = p.clean_hold_min
        for r in rules:
            if r.kind != "clean-hold" or hold is None or not r.applies_to(s.id):
                continue
            prev = None
            for x in camps:
                c = p.campaign_by_id[x.campaign or ""]
                ready = 0
                if prev is not None:
                    ready = prev.end_min + p.changeover(s.id, p.campaign_by_id[prev.campaign or ""], c).duration_min
                prev = x
                if x.start_min - ready <= hold:
                    continue
                t = x.start_min - r.duration_min
                lo = max(ready, x.start_min - hold - r.duration_min)
                while t >= lo and not cal.free(t, t + r.duration_min):
                    t -= STEP
                if t >= lo:
                    add(r.id, t, r.duration_min)
                else:
                    misses.append(f"no room for the {r.id} re-clean of {s.label} before {x.campaign}")
        # in-use local days
        days = in_use_days(p, camps)
        sdays = sorted(days)

        def place_on(d: date, hh: int, mm: int, dur: int) -> int | None:
            pref = local_time_min(d, hh, mm, t0, tz)
            lo, hi = day_start_min(d, t0, tz), day_start_min(d + timedelta(days=1), t0, tz)
            for k in range(0, 2 * (hi - lo) // STEP + 2):
                off = (k + 1) // 2 * STEP * (1 if k % 2 else -1)
                t = pref + off
                if lo <= t < hi and cal.free(t, t + dur):  # noqa: B023
                    return t
            return None

        # 2. daily cleans first: they are tied to their day
        for r in rules:
            if r.kind != "daily" or not r.applies_to(s.id):
                continue
            hh, mm = r.at_hm
            for d in sdays:
                got = place_on(d, hh, mm, r.duration_min)
                if got is None:
                    misses.append(f"no room for the {r.id} clean of {s.label} on {d:%d %b %Y}")
                else:
                    add(r.id, got, r.duration_min)
        # 3. periodic (sporicidal, deep): may go back up to every_days days
        for r in sorted((r for r in rules if r.kind == "periodic" and r.applies_to(s.id)),
                        key=lambda r: -r.duration_min):
            last: int | None = None
            hh, mm = r.at_hm
            for d in sdays:
                if last is not None and last >= day_start_min(d - timedelta(days=r.every_days), t0, tz):
                    continue
                got = None
                for back in range(r.every_days):
                    cand = d - timedelta(days=back)
                    got = place_on(cand, hh, mm, r.duration_min)
                    if got is not None:
                        break
                if got is None:
                    misses.append(f"no room for the {r.id} clean of {s.label} on {d:%d %b %Y}")
                    continue
                add(r.id, got, r.duration_min)
                last = got
    out.sort(key=lambda x: (x.suite, x.start_min))
    return out, misses
