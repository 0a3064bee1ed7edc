"""Dependencies with a minimum (and maximum) lag; `after` can only be planned if `before` is."""

from __future__ import annotations

from .built import Built


def add(b: Built) -> None:
    m = b.model
    for d in b.problem.dependencies:
        pa, pb = b.planned.get(d.before), b.planned.get(d.after)
        if pb is None:
            continue
        if pa is None:
            if d.after not in b.problem.campaign_by_id or d.before in b.unplannable:
                m.add(pb == 0)
            continue  # outside a sub-problem: the LNS fixes it through time windows
        m.add_implication(pb, pa)
        m.add(b.start[d.after] >= b.end[d.before] + d.min_lag_min).only_enforce_if(pb)
        if d.max_lag_min is not None:
            m.add(b.start[d.after] <= b.end[d.before] + d.max_lag_min).only_enforce_if(pb)
