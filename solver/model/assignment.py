"""Each campaign at most once, in one eligible suite, uninterrupted, inside its time window."""

from __future__ import annotations

from typing import Any

from .core import Built


def add(b: Built, suite_ids: set[str] | None, allowed: dict[str, set[str]] | None = None,
        bounds: dict[str, tuple[int, ...]] | None = None) -> None:
    """`allowed` (campaign -> suites) narrows the candidate suites of big models; `bounds`
    (campaign -> earliest start, latest end[, latest start]) narrows time windows."""
    p, m, H = b.problem, b.model, b.horizon
    fz = p.frozen_until_min
    for c in b.campaigns:
        fixed = p.fixed(c)
        if fixed is not None:
            suites = [fixed[0]]
        else:
            suites = [s for s in p.eligible(c) if (suite_ids is None or s in suite_ids)
                      and (allowed is None or c.id not in allowed or s in allowed[c.id])]
        durs = {s: c.duration_in(s) or 0 for s in suites}
        lb = c.earliest_start_min if fixed is None else 0
        if fixed is None and fz is not None:
            lb = max(lb, fz)
        deadline = H
        latest = H
        if c.due_hard and c.due_min is not None and fixed is None:
            deadline = min(deadline, c.due_min)
        if c.latest_start_min is not None and fixed is None:
            latest = min(latest, c.latest_start_min)
        if bounds is not None and c.id in bounds and fixed is None:
            lb = max(lb, bounds[c.id][0])
            deadline = min(deadline, bounds[c.id][1])
            if len(bounds[c.id]) > 2:
                latest = min(latest, bounds[c.id][2])
        suites = [s for s in suites if (lb + durs[s] <= deadline and lb <= latest) or fixed is not None]
        if fixed is not None:
            lb, deadline = 0, max(H, fixed[1] + durs[fixed[0]])
        if not suites:
            b.unplannable.setdefault(c.id, "no eligible suite has room for it inside its time window")
            continue
        dmin, dmax = min(durs[s] for s in suites), max(durs[s] for s in suites)
        ub = max(lb, min(deadline - dmin, latest)) if fixed is None else max(lb, deadline - dmin)
        st = m.new_int_var(lb, ub, f"start[{c.id}]")
        en = m.new_int_var(lb + dmin, max(lb + dmin, deadline), f"end[{c.id}]")
        b.start[c.id], b.end[c.id] = st, en
        b.window[c.id] = (lb, ub)
        planned = m.new_bool_var(f"planned[{c.id}]")
        b.planned[c.id] = planned
        lits: list[Any] = []
        for s in suites:
            x = m.new_bool_var(f"x[{c.id},{s}]")
            lits.append(x)
            b.present[c.id, s] = x
            b.dur[c.id, s] = durs[s]
            b.interval[c.id, s] = m.new_optional_fixed_size_interval_var(st, durs[s], x, f"iv[{c.id},{s}]")
            b.candidates.setdefault(s, []).append(c.id)
            if dmin != dmax:
                m.add(en == st + durs[s]).only_enforce_if(x)
            if durs[s] + lb > deadline:
                m.add(x == 0)
        if dmin == dmax:
            m.add(en == st + dmin)
        m.add(sum(lits) == planned)
