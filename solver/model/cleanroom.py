"""Cleans in the model: placements that can never leave room for a clean are excluded.

Only necessary conditions, so the model stays a relaxation of the real problem (its bound stays
a true bound); every plan is then tested with its cleans (`solver.cleaning`) and repaired by
the list scheduler where a clean still finds no room. Two rules, the two causes seen in real
plans:

1. **Re-clean after a long window.** When a maintenance or requalification window [u0, u1) that
   does not count as the changeover is followed by a campaign starting at t > u0 + clean hold,
   the suite was clean before u0 at the latest, so a re-clean must end within the hold before
   t: before the window is too early, so it runs after u1. Starts in [max(u1, u0 + hold + 1),
   u1 + re-clean) are excluded (in suites where no campaign is shorter than the re-clean, so
   that none can run between the window and t).
2. **Daily clean on the last day of a campaign.** A campaign longer than a day that ends e
   minutes after local midnight, followed at once by a changeover of a day or more, leaves the
   suite free that day only in its closed processing [midnight, end - open_end_min). The day
   is in use if e >= 60 min, so e in [60, open_end_min + daily clean) is excluded then (on the
   days the daily rule applies; DST days are measured in real minutes).
3. **Daily clean on the first day of a campaign** (the mirror image): a campaign longer than a
   day that starts x minutes before the next local midnight, with x in [60, open_start_min +
   daily clean), has no closed processing room that day, so an hour of idle suite must precede
   it that day: after a changeover of a day or more into it, it starts at least a daily clean
   after that changeover ends.
"""

from __future__ import annotations

import bisect
from datetime import timedelta
from typing import Any

from ortools.sat.python import cp_model

from ..problem import IN_USE_MIN
from ..timeutil import day_start_min, local_day
from .core import Built

#: a changeover at least this long covers the rest of any day in which its campaign ended
#: having processed IN_USE_MIN minutes (a day has at most 25 h)
LONG_CHANGEOVER = 25 * 60 - IN_USE_MIN


def _allowed(forbidden: list[tuple[int, int]], lo: int, hi: int) -> Any:
    """[lo, hi] without the half-open intervals `forbidden` (sorted), as a CP-SAT domain."""
    k = max(0, bisect.bisect_left(forbidden, (lo - 2 * 1440, 0)))
    iv = []
    for a, e in forbidden[k:]:
        if a > hi:
            break
        if e > a and e - 1 >= lo:
            iv.append([a, e - 1])
    if not iv:
        return None
    return cp_model.Domain.from_intervals(iv).complement().intersection_with(cp_model.Domain(lo, hi))


def _days(p: Any) -> list[tuple[Any, int]]:
    """(local date, its midnight in minutes) of every day of the horizon, cached."""
    days = p.__dict__.get("_cleanroom_days")
    if days is None:
        t0, tz = p.horizon_start, p.tz
        days = []
        d = local_day(0, t0, tz)
        while day_start_min(d, t0, tz) < p.horizon_end_min:
            days.append((d, day_start_min(d, t0, tz)))
            d += timedelta(days=1)
        p.__dict__["_cleanroom_days"] = days
    return days


def _memo(p: Any, key: tuple[Any, ...], make: Any, *args: Any) -> list[tuple[int, int]]:
    """make(*args), the forbidden intervals of `key`, once per problem (the LNS builds many models)."""
    cache = p.__dict__.setdefault("_cleanroom_forb", {})
    if key not in cache:
        cache[key] = make(*args)
    return cache[key]


def _end_forbidden(days: list[tuple[Any, int]], daily: list[Any], open_end: int) -> list[tuple[int, int]]:
    """Ends [midnight + 60, midnight + open_end + clean) of every day a daily rule applies."""
    out = [(mid + IN_USE_MIN, mid + open_end + r.duration_min) for day, mid in days for r in daily
           if r.on_weekday(day.weekday()) and open_end + r.duration_min > IN_USE_MIN]
    return sorted(out)


def _start_forbidden(p: Any, days: list[tuple[Any, int]], daily: list[Any], open_start: int,
                     need: int) -> list[tuple[int, int]]:
    """Starts (next midnight - open_start - clean, next midnight - 60] of those days."""
    out = []
    for k, (day, _mid) in enumerate(days):
        nxt = days[k + 1][1] if k + 1 < len(days) else day_start_min(day + timedelta(days=1), p.horizon_start, p.tz)
        if any(r.on_weekday(day.weekday()) for r in daily) and open_start + need > IN_USE_MIN:
            out.append((nxt - open_start - need + 1, nxt - IN_USE_MIN + 1))
    return out


def add(b: Built) -> None:
    p, m = b.problem, b.model
    rules = p.cleaning_rules
    if not rules:
        return
    hold = p.clean_hold_min
    days = _days(p)
    for s, ids in b.candidates.items():
        mine = [r for r in rules if r.applies_to(s)]
        # 1. re-clean after a long window
        forb: list[tuple[int, int]] = []
        reclean = max((r.duration_min for r in mine if r.kind == "clean-hold"), default=0)
        if hold is not None:
            for r in mine:
                if r.kind != "clean-hold":
                    continue
                for u in p.unavailable:
                    if u.suite != s or u.counts_as_changeover:
                        continue
                    a = max(u.end_min, u.start_min + hold + 1)
                    if a < u.end_min + r.duration_min:
                        forb.append((a, u.end_min + r.duration_min))
        # (exact only if no campaign fits between the window and t: none shorter than the re-clean)
        if forb and min(b.dur[i, s] for i in ids) >= reclean:
            for i in ids:
                if p.fixed(p.campaign_by_id[i]) is not None:
                    continue
                lo, hi = b.window[i]
                dom = _allowed(forb, lo, hi)
                if dom is not None:
                    m.add_linear_expression_in_domain(b.start[i], dom).only_enforce_if(b.present[i, s])
        # 2. the daily clean on the last day of a campaign followed by a long changeover
        daily = [r for r in mine if r.kind == "daily"]
        if not daily:
            continue
        long_out: dict[str, list[Any]] = {}
        long_in: dict[str, list[tuple[str, Any]]] = {}
        for fr, to, lit, setup in b.arcs.get(s, []):
            if fr is not None and to is not None and setup >= LONG_CHANGEOVER:
                long_out.setdefault(fr, []).append(lit)
                long_in.setdefault(to, []).append((fr, lit))
        for i, lits in long_out.items():
            c = p.campaign_by_id[i]
            dur = b.dur[i, s]
            if not c.open_end_min or dur < 25 * 60:
                continue
            forb = _memo(p, ("end", tuple(r.id for r in daily), c.open_end_min),
                         _end_forbidden, days, daily, c.open_end_min)
            lo, hi = b.window[i]
            dom = _allowed(forb, lo + dur, hi + dur)
            if dom is None:
                continue
            flag = m.new_bool_var(f"long_out[{s},{i}]")
            for lit in lits:
                m.add_implication(lit, flag)
            cond = [flag]
            br = b.bridge.get((i, s))
            if br is not None:
                cond.append(~br[0])
            m.add_linear_expression_in_domain(b.start[i] + dur, dom).only_enforce_if(cond)
        # 3. the daily clean on the first day of a campaign preceded by a long changeover
        need = max(r.duration_min for r in daily)
        for j, arcs in long_in.items():
            c = p.campaign_by_id[j]
            dur = b.dur[j, s]
            if not c.open_start_min or dur < 25 * 60:
                continue
            bad = _memo(p, ("start", tuple(r.id for r in daily), c.open_start_min),
                        _start_forbidden, p, days, daily, c.open_start_min, need)
            lo, hi = b.window[j]
            k0 = max(0, bisect.bisect_left(bad, (lo - 2 * 1440, 0)))
            inside = []
            for a, e in bad[k0:]:
                if a > hi:
                    break
                if e > lo:
                    inside.append((max(a, lo), min(e, hi + 1)))
            if not inside:
                continue
            late = m.new_bool_var(f"late_start[{s},{j}]")
            dom_bad = cp_model.Domain.from_intervals([[a, e - 1] for a, e in inside])
            m.add_linear_expression_in_domain(b.start[j], dom_bad).only_enforce_if(late)
            m.add_linear_expression_in_domain(
                b.start[j], dom_bad.complement().intersection_with(cp_model.Domain(lo, hi))
            ).only_enforce_if(~late)
            for i, lit in arcs:
                co = [lit, late]
                br = b.bridge.get((i, s))
                if br is not None:
                    co.append(~br[0])
                m.add(b.start[j] >= b.start[i] + b.dur[i, s] + b.setup[s][i, j] + need).only_enforce_if(co)
