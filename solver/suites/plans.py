"""A placement's objective and its slots, computed without the model (no ortools)."""

from __future__ import annotations

import itertools

from ..problem import Placement, Problem
from ..result import Slot


def evaluate(problem: Problem, placement: Placement, kind: str | None = None) -> tuple[int, dict[str, int]]:
    """Objective value and raw named terms of a placement, computed without the model."""
    p = problem
    kind = kind or p.objective.kind
    cb = p.campaign_by_id
    terms: dict[str, int] = {}
    terms["unplanned"] = sum(1 + c.weight for c in p.campaigns if c.id not in placement)
    ends = {cid: st + (cb[cid].duration_in(s) or 0) for cid, (s, st) in placement.items()}
    if kind == "makespan":
        terms["makespan"] = max(ends.values(), default=0)
        obj = p.objective.weight("unplanned") * terms["unplanned"] + terms["makespan"]
        return obj, terms
    terms["lateness"] = sum(c.weight * max(0, ends[c.id] - c.due_min) for c in p.campaigns
                            if c.id in ends and c.due_min is not None and not c.due_hard)
    co = 0
    by_suite: dict[str, list[tuple[int, str]]] = {}
    for cid, (s, st) in placement.items():
        by_suite.setdefault(s, []).append((st, cid))
    for s, lst in by_suite.items():
        lst.sort()
        for (sa, a), (sb, b) in itertools.pairwise(lst):
            co += p.changeover_between(s, cb[a], sa + (cb[a].duration_in(s) or 0), cb[b], sb)
    terms["changeover"] = co
    moves = 0
    for c in p.campaigns:
        cur = p.current_by_campaign.get(c.id)
        if cur is None or p.fixed(c) is not None:
            continue
        if placement.get(c.id) != (cur.suite, cur.start_min):
            moves += 1
    terms["moves"] = moves
    obj = sum(p.objective.weight(k) * v for k, v in terms.items())
    return obj, terms


def plan_slots(problem: Problem, placement: Placement) -> list[Slot]:
    """Campaign, changeover and maintenance slots of a placement (cleaning added separately)."""
    p = problem
    cb = p.campaign_by_id
    slots: list[Slot] = []
    by_suite: dict[str, list[tuple[int, str]]] = {}
    for cid, (s, st) in placement.items():
        by_suite.setdefault(s, []).append((st, cid))
    for s, lst in sorted(by_suite.items()):
        lst.sort()
        for st, cid in lst:
            slots.append(Slot("campaign", s, st, st + (cb[cid].duration_in(s) or 0), campaign=cid))
        for (sa, a), (sb, b) in itertools.pairwise(lst):
            co = p.changeover(s, cb[a], cb[b])
            end_a = sa + (cb[a].duration_in(s) or 0)
            if co.duration_min > 0 and p.bridged(s, end_a, sb) is None:
                slots.append(Slot("changeover", s, end_a, end_a + co.duration_min, from_campaign=a,
                                  to_campaign=b, steps=co.steps, rule=co.rule))
    for u in p.unavailable:
        slots.append(Slot("maintenance", u.suite, u.start_min, u.end_min, rule=u.kind))
    slots.sort(key=lambda x: (x.suite, x.start_min, x.kind))
    return slots
