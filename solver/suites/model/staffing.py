"""Staff capacity: per qualification, the campaigns' staff load stays under the day's estimate.

One cumulative per qualification (`solver.suites.staffcap` gives the capacity per local day and each
campaign's load per phase, in tenths of a person-shift per day). A free campaign contributes one
optional interval per phase, present when `staffed[c]`; each local day holds a fixed reserve
interval of (highest capacity - that day's capacity), so the capacity follows leave, expiry and
part time day by day. On each enforced 7-day window, the staffed load times its overlap with
the window stays within the window's person-shift budget (contract hours, consecutive days). Pinned and frozen campaigns never move: their load comes off the capacity
first and they are not in the cumulative, so no pin can clash with it.

Soft: a campaign may be planned without being `staffed` (beyond the estimate) at a cost
`weights.understaffed * (1 + weight)`, far above lateness and below leaving it unplanned, so
this family never turns a feasible plan into an infeasible one.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..staffcap import DAY, UNDERSTAFFED_WEIGHT, StaffCapacity
from .built import Built


def add(b: Built, sc: StaffCapacity) -> None:
    p, m = b.problem, b.model
    fixed_spans = []
    for c in p.campaigns:
        fx = p.fixed(c)
        if fx is None or c.id in b.unplannable:
            continue
        d = c.duration_in(fx[0]) or 0
        fixed_spans.extend(sc.phase_spans(c.id, fx[1], fx[1] + d))
    fixed_peak = sc.peak(fixed_spans)
    remaining = {q: [max(0, v - fixed_peak[q][k]) for k, v in enumerate(caps)]
                 for q, caps in sc.cap.items()}
    free = [c for c in b.campaigns
            if c.id in b.start and p.fixed(c) is None and c.id in sc.phases]
    if not free:
        return
    items: dict[str, list[tuple[Any, int]]] = defaultdict(list)
    # (loads, start expr, end expr, earliest start, latest end, staffed) of every phase interval
    pieces: list[tuple[dict[str, int], Any, Any, int, int, Any]] = []
    for c in free:
        y = m.new_bool_var(f"staffed[{c.id}]")
        m.add_implication(y, b.planned[c.id])
        b.staffed[c.id] = y
        durs = [d for (cid, _s), d in b.dur.items() if cid == c.id]
        dmin, dmax = min(durs), max(durs)
        st = b.start[c.id]
        for i, ph in enumerate(sc.phases[c.id]):
            a = ph.rel_start_min
            if a >= dmax:
                continue
            if any(v > max(remaining[q], default=0) for q, v in ph.load.items()):
                m.add(y == 0)  # more than the best day can ever give: never counts as staffed
                break
            name = f"staff[{c.id},{i}]"
            lo, hi = b.window[c.id][0] + a, b.window[c.id][1] + dmax
            if dmin == dmax:
                e = dmax if ph.rel_end_min is None else min(ph.rel_end_min, dmax)
                iv = m.new_optional_fixed_size_interval_var(st + a, e - a, y, name)
                pieces.append((ph.load, st + a, st + e, lo, hi, y))
            else:
                end = b.end[c.id]
                if ph.rel_end_min is not None:
                    e_var = m.new_int_var(0, b.horizon + ph.rel_end_min, f"{name}.end")
                    m.add_min_equality(e_var, [st + ph.rel_end_min, end])
                    end = e_var
                size = m.new_int_var(0, dmax, f"{name}.size")
                m.add_max_equality(size, [0, end - st - a])
                e2 = m.new_int_var(0, b.horizon + dmax, f"{name}.e")
                m.add(e2 == st + a + size)
                iv = m.new_optional_interval_var(st + a, size, e2, y, name)
                pieces.append((ph.load, st + a, e2, lo, hi, y))
            for q, v in ph.load.items():
                if v > 0:
                    items[q].append((iv, v))
    H = b.horizon
    for q, its in sorted(items.items()):
        rem = remaining[q]
        capmax = max(rem)
        ivs = [iv for iv, _ in its]
        dem = [v for _, v in its]
        k = 0
        while k < sc.n_days:  # one reserve interval per run of days with the same capacity
            k2 = k
            while k2 + 1 < sc.n_days and rem[k2 + 1] == rem[k]:
                k2 += 1
            a, e = max(0, sc.midnight[k]), min(H, sc.midnight[k2 + 1])
            if capmax - rem[k] > 0 and e > a:
                ivs.append(m.new_fixed_size_interval_var(a, e - a, f"reserve[{q},{k}]"))
                dem.append(capmax - rem[k])
            k = k2 + 1
        m.add_cumulative(ivs, dem, capmax)
    # rolling-week budgets on the enforced windows: load x overlap <= budget (tenths x minutes)
    for q, k in sorted(sc.windows):
        w0, w1 = max(0, sc.midnight[k]), min(H, sc.midnight[min(sc.n_days, k + 7)])
        if w1 <= w0:
            continue
        used = 0
        for a0, a1, load in fixed_spans:
            used += load.get(q, 0) * max(0, min(a1, w1) - max(a0, w0))
        budget = sc.week[q][k] * DAY - used
        terms = []
        for n_, (load, s_e, e_e, lo, hi, y) in enumerate(pieces):
            v = load.get(q, 0)
            if v <= 0 or hi <= w0 or lo >= w1:
                continue
            t = m.new_int_var(-2 * b.horizon - 2 * DAY, w1 - w0, f"ov_t[{q},{k},{n_}]")
            m.add_min_equality(t, [e_e - s_e, e_e - w0, w1 - s_e, w1 - w0])
            ov = m.new_int_var(0, w1 - w0, f"ov[{q},{k},{n_}]")
            m.add(ov >= t).only_enforce_if(y)
            terms.append(v * ov)
        if terms:
            m.add(sum(terms) <= max(0, budget))
    w = int(p.objective.weights.get("understaffed", UNDERSTAFFED_WEIGHT))
    b.terms["understaffed"] = sum((1 + c.weight) * (b.planned[c.id] - b.staffed[c.id])
                                  for c in free)
    b.weights["understaffed"] = w
