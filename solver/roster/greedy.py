"""Greedy baseline: what a planner does by hand.

Day by day, shift by shift in clock order, each need is filled with the available, qualified
operator who has worked the fewest hours against their contract, skipping anyone for whom the
shift would break a rule looking back (rest, week hours, consecutive days, weekly rest, nights,
weekends, successions, averages, contract maximum). It never looks ahead, so rules that need
foresight (minimum hours, minimum runs) may end up broken: the checker reports what it breaks.
"""

from __future__ import annotations

import bisect
import itertools
import time
from collections import defaultdict
from typing import Any

from solver.roster.assignments import build_assignments
from solver.roster.demand import all_demands
from solver.roster.model import allowed, contract_minutes, rule_value
from solver.roster.problem import RosterProblem
from solver.roster.result import RosterResult
from solver.roster.timegrid import Instance, ShiftGrid


def greedy_roster(
    p: RosterProblem, suite_slots: list[dict[str, Any]] | None = None
) -> RosterResult:
    t0 = time.monotonic()
    g = ShiftGrid(p)
    demands, capped = all_demands(p, g, suite_slots)
    n = p.n_days
    ops = p.operators
    hist: dict[int, list[Instance]] = defaultdict(list)
    worked_day: dict[tuple[int, int], str] = {}
    minutes: dict[int, int] = defaultdict(int)
    week_min: dict[tuple[int, tuple[int, int]], int] = defaultdict(int)
    kind_cnt: dict[tuple[int, str], int] = defaultdict(int)
    weekends: dict[int, set[tuple[int, int]]] = defaultdict(set)
    limits = [contract_minutes(p, g, o) for o in ops]
    rr = rule_value(p, "min_rest_hours")
    sr = rule_value(p, "short_rest_hours")
    mw = rule_value(p, "max_week_hours")
    rw = rule_value(p, "weekly_rest_hours")
    fs = rule_value(p, "forbidden_successions")
    bad_succ = {(a, b) for a, b in fs[1]} if fs else set()
    mk = rule_value(p, "max_shifts_per_kind")
    wk_keys = sorted({g.iso_week(k) for k in range(n)})
    avg = [(rule_value(p, "avg_4w_hours"), 4), (rule_value(p, "avg_16w_hours"), 16)]

    filling = False
    allow = {
        (oi, inst.day, inst.shift)
        for oi, o in enumerate(ops)
        for inst in g.inst.values()
        if allowed(p, g, o, inst)
    }

    def ok(oi: int, inst: Instance) -> bool:
        o = ops[oi]
        k = inst.day
        if (oi, k) in worked_day or (oi, k, inst.shift) not in allow:
            return False
        hs_all = hist[oi]
        pos = bisect.bisect_left([h.t0 for h in hs_all], inst.t0)
        hs = hs_all[max(0, pos - 8) : pos + 8]  # nothing further away matters to any rule below
        prev = hs_all[:pos]
        nxt = hs_all[pos:]
        pairs = ([(prev[-1], inst)] if prev else []) + ([(inst, nxt[0])] if nxt else [])
        for a_, b_ in pairs:
            gap = b_.t0 - a_.t1
            if gap < 0:
                return False
            if rr and gap < rr[1] * 60:
                if not (sr and gap >= sr[1] * 60):
                    return False
                seq = sorted([*hs, inst], key=lambda i: i.t0)
                shorts = [y.t0 for x, y in itertools.pairwise(seq) if y.t0 - x.t1 < rr[1] * 60]
                if any(0 < v - u < 7 * 1440 for u in shorts for v in shorts):
                    return False
            if a_.day + 1 == b_.day and (a_.shift, b_.shift) in bad_succ:
                return False
        lim = limits[oi][1]
        if rule_value(p, "contract_hours") and lim is not None and minutes[oi] + inst.minutes > lim:
            return False
        wk = g.iso_week(k)
        if mw and week_min[(oi, wk)] + inst.minutes > mw[1] * 60:
            return False
        if any(ra for ra, _ in avg):
            j0 = wk_keys.index(wk)
            hb = [60 * h for h in o.hours_worked_before]
            ext = hb + [
                week_min[(oi, w)] + (inst.minutes if i == j0 else 0) for i, w in enumerate(wk_keys)
            ]
            pre: list[float] = [0]
            for v in ext:
                pre.append(pre[-1] + v)
            for ra, span in avg:
                if not ra:
                    continue
                for j in range(j0, min(len(wk_keys), j0 + span)):
                    e = len(hb) + j + 1
                    if pre[e] - pre[max(0, e - span)] > ra[1] * span * 60:
                        return False
        mx = rule_value(p, "max_consecutive_days", o.max_consecutive_days)
        if mx:
            run = 0
            while (oi, k - run - 1) in worked_day:
                run += 1
            fwd = 0
            while (oi, k + fwd + 1) in worked_day:
                fwd += 1
            if run + fwd + 1 > mx[1]:
                return False
        mo = rule_value(p, "min_consecutive_days_off", o.min_consecutive_days_off)
        if mo and not filling and k >= 2 and (oi, k - 1) not in worked_day:
            off = 0
            while k - off - 1 >= 0 and (oi, k - off - 1) not in worked_day:
                off += 1
            if k - off - 1 >= 0 and off < mo[1]:
                return False
        lim_k = o.max_shifts.get(inst.shift, (mk[1] if mk else {}).get(inst.shift))
        if lim_k is not None and kind_cnt[(oi, inst.shift)] >= lim_k:
            return False
        mwk = rule_value(p, "max_weekends", o.max_weekends)
        if mwk and g.weekday(k) in p.weekend_days:
            w = weekends[oi] | {g.iso_week(k)}
            if len(w) > mwk[1]:
                return False
        if rw and n >= 7:
            busy = sorted(
                [(h.t0, h.t1) for h in hs if h.t1 > g.midnight[max(0, k - 7)]]
                + [(inst.t0, inst.t1)]
            )
            for j in range(max(0, k - 6), min(k, n - 7) + 1):
                a, b = g.midnight[j], g.midnight[j + 7]
                t, best = a, 0
                for s0, s1 in busy:
                    if s1 <= a or s0 >= b:
                        continue
                    best = max(best, s0 - t)
                    t = max(t, s1)
                best = max(best, b - t)
                if best < rw[1] * 60:
                    return False
        return True

    # needs per (day, shift): qualified first (scarcer), anonymous last
    by_ks: dict[tuple[int, str], list[Any]] = defaultdict(list)
    for d in demands:
        by_ks[(d.day, d.shift)].append(d)
    chosen: set[tuple[int, int, str]] = set()
    cover_of: dict[tuple[int, int, str], int] = {}
    groups: list[Any] = []
    from solver.roster.model import CoverGroup

    night_ids = {s.id for s in p.shifts if s.night}

    def take(oi: int, inst: Instance) -> None:
        key = (oi, inst.day, inst.shift)
        chosen.add(key)
        worked_day[(oi, inst.day)] = inst.shift
        hist[oi].append(inst)
        hist[oi].sort(key=lambda i: i.t0)
        minutes[oi] += inst.minutes
        week_min[(oi, g.iso_week(inst.day))] += inst.minutes
        kind_cnt[(oi, inst.shift)] += 1
        if g.weekday(inst.day) in p.weekend_days:
            weekends[oi].add(g.iso_week(inst.day))

    order = sorted(g.inst.values(), key=lambda i: i.t0)
    for inst in order:
        ds = by_ks.get((inst.day, inst.shift), [])
        ds = sorted(ds, key=lambda d: (d.qualification is None, -d.under_weight))
        for d in ds:
            gi = len(groups)
            groups.append(
                CoverGroup(
                    (d.day, d.shift, d.qualification, d.under_weight, 0, False), [d], d.count
                )
            )
            date = g.dates[inst.day]
            cands = [
                oi
                for oi, o in enumerate(ops)
                if (d.qualification is None or o.qualified(d.qualification, date)) and ok(oi, inst)
            ]
            tgt = [(limits[oi][2] or limits[oi][1] or 1) for oi in range(len(ops))]
            cands.sort(key=lambda oi: (minutes[oi] / max(1, tgt[oi]), ops[oi].id))
            for oi in cands[: d.count]:
                take(oi, inst)
                cover_of[(oi, inst.day, inst.shift)] = gi
    # fill-up: operators below their contract minimum get standby shifts where the rules allow
    filling = True
    day_shifts = sorted(g.inst.values(), key=lambda i: i.t0)
    for oi in range(len(ops)):
        lo = limits[oi][0]
        if lo is None or not rule_value(p, "contract_hours"):
            continue
        load: dict[int, int] = defaultdict(int)
        for key in chosen:
            load[key[1]] += 1
        for inst in sorted(day_shifts, key=lambda i: (load[i.day], i.t0)):
            if minutes[oi] >= lo:
                break
            if inst.shift in night_ids:
                continue
            if ok(oi, inst):
                take(oi, inst)
    assignments, uncovered = build_assignments(p, g, groups, chosen, cover_of)
    return RosterResult(
        status="feasible",
        objective=None,
        bound=None,
        wall_s=time.monotonic() - t0,
        horizon_start=p.horizon_start.isoformat(),
        assignments=assignments,
        uncovered=uncovered + capped,
        stats={"method": "greedy"},
    )
