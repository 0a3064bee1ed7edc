"""Routine cleaning slots of a plan, and whether a suite's campaigns leave room for them.

Modelling choice (documented in docs/scenario-format.md): campaigns are closed-system
processing; routine daily and periodic cleans of the suite are done between processing steps and
may lie inside a campaign slot, except in its open-processing edges (`open_start_min`,
`open_end_min`: set-up and harvest). Cleans never overlap changeovers (the suite is being
decontaminated and released), maintenance/requalification, or each other. A clean-hold re-clean
sits in the idle gap before a campaign.

Cleans are part of the plan: the optimizer keeps campaigns where their cleans fit (the CP-SAT
model excludes the placements that can never leave room, `solver.suites.model.cleanroom`; the list
scheduler and the LNS test each suite with `suite_cleans`; every result is checked before it
is returned). The placement here is exact in time (it searches free gaps, not a grid), so a
suite with exactly one free hour on an in-use day gets its daily clean there.
"""

from __future__ import annotations

import bisect
import itertools
from datetime import date, timedelta

from ..problem import IN_USE_MIN, CleaningRule, Problem
from ..result import Slot
from ..timeutil import day_start_min, local_day, local_time_min

#: a campaign in a suite: (start, end, campaign id)
Camp = tuple[int, int, str]


class _Cal:
    """Busy time of one suite as sorted, disjoint [start, end) intervals."""

    def __init__(self, H: int, busy: list[tuple[int, int]]) -> None:
        self.H = H
        self.a: list[int] = []
        self.e: list[int] = []
        for x, y in sorted(busy):
            if y <= x:
                continue
            if self.e and x <= self.e[-1]:
                self.e[-1] = max(self.e[-1], y)
            else:
                self.a.append(x)
                self.e.append(y)

    def free(self, a: int, e: int) -> bool:
        if a < 0 or e > self.H:
            return False
        k = bisect.bisect_right(self.a, a) - 1
        if k >= 0 and self.e[k] > a:
            return False
        return k + 1 >= len(self.a) or self.a[k + 1] >= e

    def take(self, a: int, e: int) -> None:
        k = bisect.bisect_left(self.a, a)
        self.a.insert(k, a)
        self.e.insert(k, e)
        # merge around k
        if k > 0 and self.e[k - 1] >= a:
            k -= 1
            self.e[k] = max(self.e[k], self.e[k + 1])
            del self.a[k + 1], self.e[k + 1]
        while k + 1 < len(self.a) and self.a[k + 1] <= self.e[k]:
            self.e[k] = max(self.e[k], self.e[k + 1])
            del self.a[k + 1], self.e[k + 1]

    def gaps(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """Free [a, e) pieces inside [lo, hi)."""
        lo, hi = max(0, lo), min(self.H, hi)
        out = []
        t = lo
        k = max(0, bisect.bisect_right(self.a, lo) - 1)
        while t < hi:
            while k < len(self.a) and self.e[k] <= t:
                k += 1
            if k >= len(self.a) or self.a[k] >= hi:
                out.append((t, hi))
                break
            if self.a[k] > t:
                out.append((t, self.a[k]))
            t = max(t, self.e[k])
        return out


def in_use_days(p: Problem, camps: list[Slot] | list[Camp]) -> set[date]:
    """Local days on which campaigns occupy the suite for at least IN_USE_MIN minutes."""
    return set(_use_minutes(p, [_as_camp(x) for x in camps]))


def _as_camp(x: Slot | Camp) -> Camp:
    if isinstance(x, Slot):
        return x.start_min, x.end_min, x.campaign or ""
    return x


def _use_minutes(p: Problem, camps: list[Camp], window: tuple[int, int] | None = None) -> dict[date, int]:
    t0, tz = p.horizon_start, p.tz
    busy: dict[date, int] = {}
    for a0, e0, _ in camps:
        if window is not None and (e0 <= window[0] - 1440 or a0 >= window[1] + 1440):
            continue
        d = local_day(a0, t0, tz)
        while True:
            a = day_start_min(d, t0, tz)
            if a >= e0:
                break
            e = day_start_min(d + timedelta(days=1), t0, tz)
            busy[d] = busy.get(d, 0) + max(0, min(e, e0) - max(a, a0))
            d += timedelta(days=1)
    return {d: m for d, m in busy.items() if m >= IN_USE_MIN}


def changeover_blocks(p: Problem, sid: str, camps: list[Camp]) -> list[tuple[int, int]]:
    """The changeover intervals of a suite's campaigns (sorted by start), as the plan has them."""
    cb = p.campaign_by_id
    out = []
    for (_, ea, a), (sb, _, b) in itertools.pairwise(camps):
        d = p.changeover_between(sid, cb[a], ea, cb[b], sb)
        if d > 0:
            out.append((ea, ea + d))
    return out


def ready_times(p: Problem, sid: str, camps: list[Camp]) -> list[int]:
    """When the suite is clean before each campaign: the end of the changeover into it (or of a
    window that counts as the changeover), the horizon start for the first."""
    cb = p.campaign_by_id
    bridges = p.bridges.get(sid, [])
    out = []
    prev: Camp | None = None
    for x in camps:
        ready = 0
        if prev is not None:
            ready = prev[1] + p.changeover_between(sid, cb[prev[2]], prev[1], cb[x[2]], x[0])
        lo = prev[1] if prev is not None else -1
        for u0, u1 in bridges:
            if u0 >= lo and u1 <= x[0]:
                ready = max(ready, u1)
        out.append(ready)
        prev = x
    return out


def suite_cleans(p: Problem, sid: str, camps: list[Camp], blocked: list[tuple[int, int]] | None = None,
                 window: tuple[int, int] | None = None) -> tuple[list[Slot], list[str]]:
    """Cleaning slots of one suite and the cleans that find no room (see `_suite_cleans`)."""
    out, misses = _suite_cleans(p, sid, camps, blocked, window)
    return out, [m for m, _ in misses]


def suite_misses_at(p: Problem, sid: str, camps: list[Camp]) -> list[tuple[str, int]]:
    """The cleans of one suite that find no room, each with the minute it concerns."""
    return _suite_cleans(p, sid, camps, None, None)[1]


def _suite_cleans(p: Problem, sid: str, camps: list[Camp], blocked: list[tuple[int, int]] | None,
                  window: tuple[int, int] | None) -> tuple[list[Slot], list[tuple[str, int]]]:
    """Cleaning slots of one suite and the cleans that find no room.

    `camps` sorted by start. `blocked`: changeover and maintenance intervals (default: the
    changeovers the order implies plus the suite's unavailability). With `window` (lo, hi) only
    the daily cleans of days touching it and the re-cleans before campaigns starting in it are
    placed, and periodic cleans are skipped: a quick local test for search."""
    rules = [r for r in p.cleaning_rules if r.applies_to(sid)]
    if not rules or not camps:
        return [], []
    t0, tz = p.horizon_start, p.tz
    label = p.suite_label(sid)
    if blocked is None:
        blocked = changeover_blocks(p, sid, camps)
        blocked += [(u.start_min, u.end_min) for u in p.unavailable if u.suite == sid]
    busy = list(blocked)
    cb = p.campaign_by_id
    for a, e, cid in camps:
        c = cb[cid]
        if c.open_start_min:
            busy.append((a, min(e, a + c.open_start_min)))
        if c.open_end_min:
            busy.append((max(a, e - c.open_end_min), e))
    cal = _Cal(p.horizon_end_min, busy)
    out: list[Slot] = []
    misses: list[tuple[str, int]] = []

    def add(rule: str, a: int, dur: int) -> None:
        cal.take(a, a + dur)
        out.append(Slot("cleaning", sid, a, a + dur, rule=rule))

    def day_ok(r: CleaningRule, t: int) -> bool:
        return r.weekdays is None or r.on_weekday(local_day(t, t0, tz).weekday())

    # 1. clean-hold re-cleans in idle gaps, as late as possible
    hold = p.clean_hold_min
    for r in rules:
        if r.kind != "clean-hold" or hold is None:
            continue
        for x, ready in zip(camps, ready_times(p, sid, camps), strict=True):
            if x[0] - ready <= hold:
                continue
            if window is not None and not window[0] <= x[0] < window[1]:
                continue
            got = _latest(cal, max(ready, x[0] - hold - r.duration_min), x[0], r.duration_min,
                          (lambda t, r=r: day_ok(r, t)) if r.weekdays is not None else None)
            if got is None:
                misses.append((f"no room for the {r.id} re-clean of {label} before {x[2]}", x[0]))
            else:
                add(r.id, got, r.duration_min)
    days = _use_minutes(p, camps, window)
    if window is not None:
        lo_d, hi_d = local_day(max(0, window[0]), t0, tz), local_day(max(0, window[1] - 1), t0, tz)
        days = {d: m for d, m in days.items() if lo_d <= d <= hi_d}
    sdays = sorted(days)

    def place_on(d: date, r: CleaningRule) -> int | None:
        hh, mm = r.at_hm
        pref = local_time_min(d, hh, mm, t0, tz)
        lo, hi = day_start_min(d, t0, tz), day_start_min(d + timedelta(days=1), t0, tz)
        dur = r.duration_min
        best: tuple[int, int] | None = None
        # inside the day first; a clean may run past midnight only if nothing else fits
        for spill in (0, dur):
            for g0, g1 in cal.gaps(lo, hi + spill):
                if g1 - g0 < dur or g0 >= hi:
                    continue
                t = min(max(pref, g0), min(g1 - dur, hi - 1))
                if t < g0:
                    continue
                key = abs(t - pref)
                if best is None or key < best[0]:
                    best = (key, t)
            if best is not None:
                return best[1]
        return None

    # 2. daily cleans first: they are tied to their day
    for r in rules:
        if r.kind != "daily":
            continue
        for d in sdays:
            if not r.on_weekday(d.weekday()):
                continue
            got = place_on(d, r)
            if got is None:
                misses.append((f"no room for the {r.id} clean of {label} on {d:%a %d %b %Y}",
                               day_start_min(d, t0, tz) + 720))
            else:
                add(r.id, got, r.duration_min)
    if window is not None:
        return out, misses
    # 3. periodic (sporicidal, deep): may go back up to every_days days
    for r in sorted((r for r in rules if r.kind == "periodic"), key=lambda r: -r.duration_min):
        last: int | None = None
        for d in sdays:
            if last is not None and last >= day_start_min(d - timedelta(days=r.every_days), t0, tz):
                continue
            got = None
            for back in range(r.every_days):
                cand = d - timedelta(days=back)
                if not r.on_weekday(cand.weekday()):
                    continue
                got = place_on(cand, r)
                if got is not None:
                    break
            if got is None:
                misses.append((f"no room for the {r.id} clean of {label} on {d:%a %d %b %Y}",
                               day_start_min(d, t0, tz) + 720))
                continue
            add(r.id, got, r.duration_min)
            last = got
    return out, misses


def _latest(cal: _Cal, lo: int, hi: int, dur: int, ok: object = None) -> int | None:
    """The latest start t in [lo, hi - dur] with [t, t + dur) free (and ok(t), if given)."""
    for g0, g1 in reversed(cal.gaps(lo, hi)):
        t = g1 - dur
        while t >= g0:
            if ok is None or ok(t):  # type: ignore[operator]
                return t
            t -= 15  # weekday-limited rules: step back to an allowed day
    return None


def place_cleaning(problem: Problem, slots: list[Slot]) -> tuple[list[Slot], list[str]]:
    """Cleaning slots for a plan (campaign, changeover and maintenance slots), and cleans that
    could not fit."""
    p = problem
    out: list[Slot] = []
    misses: list[str] = []
    if not p.cleaning_rules:
        return out, misses
    by_suite: dict[str, list[Slot]] = {}
    for sl in slots:
        by_suite.setdefault(sl.suite, []).append(sl)
    for s in p.suites:
        mine = by_suite.get(s.id, [])
        camps = sorted((x.start_min, x.end_min, x.campaign or "") for x in mine
                        if x.kind == "campaign" and x.campaign in p.campaign_by_id)
        if not camps:
            continue
        blocked = [(x.start_min, x.end_min) for x in mine if x.kind in ("changeover", "maintenance")]
        blocked += [(u.start_min, u.end_min) for u in p.unavailable if u.suite == s.id]
        cl, ms = suite_cleans(p, s.id, camps, blocked)
        out.extend(cl)
        misses.extend(ms)
    out.sort(key=lambda x: (x.suite, x.start_min))
    return out, misses
