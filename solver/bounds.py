"""A lower bound on the objective that a planner can read: what no plan can avoid.

Weighted objective, per term (each a true lower bound, so their sum is one):
- **unplanned**: campaigns that fit in no eligible suite inside their time window (static);
- **lateness**: each campaign's lateness if it started as early as its window, the dependency
  chain before it and the maintenance windows of its best suite allow (or its unplanned cost
  if that is lower);
- **changeover**: every planned campaign but one per suite needs a changeover into it: the
  least one it can have, without the suites' largest such values (0 where a window counts as
  the changeover);
- **moves**: campaigns whose current place is no longer allowed (suite, time window).
Makespan: the latest earliest end of any campaign that can be planned.
"""

from __future__ import annotations

from typing import Any

from .problem import Campaign, Problem


def earliest_starts(p: Problem, skip: set[str]) -> dict[str, dict[str, int]]:
    """campaign -> suite -> earliest start allowing for frozen window, dependency chains and
    the suite's unavailability (without other campaigns)."""
    cb = p.campaign_by_id
    unav: dict[str, list[tuple[int, int]]] = {}
    for u in p.unavailable:
        unav.setdefault(u.suite, []).append((u.start_min, u.end_min))
    for v in unav.values():
        v.sort()
    preds: dict[str, list[tuple[str, int]]] = {}
    for d in p.dependencies:
        preds.setdefault(d.after, []).append((d.before, d.min_lag_min))
    out: dict[str, dict[str, int]] = {}
    end_min: dict[str, int] = {}
    visiting: set[str] = set()

    def first_fit(s: str, t: int, d: int) -> int:
        for a, e in unav.get(s, ()):
            if a < t + d and t < e:
                t = e
        return t

    def visit(cid: str) -> int | None:
        if cid in end_min:
            return end_min[cid]
        if cid in visiting or cid in skip:
            return None
        visiting.add(cid)
        c = cb[cid]
        fx = p.fixed(c)
        res: dict[str, int] = {}
        if fx is not None:
            res[fx[0]] = fx[1]
        else:
            lb = max(c.earliest_start_min, p.frozen_until_min or 0)
            ok = True
            for b, lag in preds.get(cid, []):
                e = visit(b)
                if e is None:
                    ok = False
                    break
                lb = max(lb, e + lag)
            if ok:
                for s in p.eligible(c):
                    d = c.duration_in(s) or 0
                    res[s] = first_fit(s, lb, d)
        visiting.discard(cid)
        out[cid] = res
        if not res:
            return None
        end_min[cid] = min(t + (c.duration_in(s) or 0) for s, t in res.items())
        return end_min[cid]

    for c in p.campaigns:
        visit(c.id)
    return out


def floor(p: Problem, kind: str, unplannable: dict[str, str]) -> tuple[int, dict[str, int]]:
    """(lower bound, its named parts) of the objective."""
    w = p.objective.weight
    skip = set(unplannable)
    est = earliest_starts(p, skip)
    parts: dict[str, int] = {}
    unpl_cost = {c.id: w("unplanned") * (1 + c.weight) for c in p.campaigns}
    parts["unplanned"] = sum(unpl_cost[cid] for cid in skip if cid in unpl_cost)
    if kind == "makespan":
        ends = []
        for c in p.campaigns:
            starts = est.get(c.id) or {}
            if c.id in skip or not starts:
                continue
            e = min(t + (c.duration_in(s) or 0) for s, t in starts.items())
            ends.append(min(e, unpl_cost[c.id]))
        parts["makespan"] = max(ends, default=0)
        return sum(parts.values()), parts
    late = 0
    co_in: list[int] = []
    for c in p.campaigns:
        if c.id in skip:
            continue
        starts = est.get(c.id) or {}
        if not starts:
            continue
        lt = 0
        if c.due_min is not None and not c.due_hard:
            lt = min(max(0, t + (c.duration_in(s) or 0) - c.due_min) for s, t in starts.items())
        cost = w("lateness") * c.weight * lt
        if cost >= unpl_cost[c.id]:
            late += unpl_cost[c.id]
            continue
        late += cost
        co_in.append(_least_changeover_in(p, c, list(starts)))
    parts["lateness"] = late
    co_in.sort(reverse=True)
    parts["changeover"] = w("changeover") * sum(co_in[len(p.suites):])
    moves = 0
    for c in p.campaigns:
        cur = p.current_by_campaign.get(c.id)
        if cur is None or p.fixed(c) is not None or c.id in skip:
            continue
        lb = max(c.earliest_start_min, p.frozen_until_min or 0)
        latest = c.latest_start_min if c.latest_start_min is not None else p.horizon_end_min
        if cur.suite not in p.eligible(c) or not lb <= cur.start_min <= latest:
            moves += 1
    parts["moves"] = w("moves") * moves
    return sum(parts.values()), parts


def _types(p: Problem) -> dict[str, dict[tuple[str, str, str], tuple[Campaign, int]]]:
    """suite -> (client, product, modality) -> (a campaign of that kind, how many) eligible."""
    cache = p.__dict__.setdefault("_bound_types", {})
    if not cache:
        for o in p.campaigns:
            for s in p.eligible(o):
                k = (o.client, o.product, o.modality)
                rep, n = cache.setdefault(s, {}).get(k, (o, 0))
                cache[s][k] = (rep, n + 1)
    return cache  # type: ignore[no-any-return]


def _least_changeover_in(p: Problem, c: Campaign, suites: list[str]) -> int:
    best: int | None = None
    types = _types(p)
    own = (c.client, c.product, c.modality)
    for s in suites:
        if p.bridges.get(s) or p.changeover_matrix.get(s) is not None:
            return 0
        for k, (rep, n) in types.get(s, {}).items():
            if k == own and n < 2:
                continue
            v = p.changeover(s, rep, c).duration_min
            if best is None or v < best:
                best = v
                if best == 0:
                    return 0
    return best or 0


def describe(parts: dict[str, Any]) -> str:
    """The bound's parts in words, for stats."""
    return ", ".join(f"{k} {v}" for k, v in parts.items() if v)
