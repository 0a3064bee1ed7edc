"""A lower bound on the objective that a planner can read: what no plan can avoid.

Weighted objective, per term (each a true lower bound, so their sum is one):
- **unplanned**: campaigns that fit in no eligible suite inside their time window (static);
- **lateness**: each campaign's lateness if it started as early as its window, the dependency
  chain before it and the maintenance windows of its best suite allow (or its unplanned cost
  if that is lower);
- **changeover**: every planned campaign but one per suite needs a changeover into it: the
  least one it can have, without the largest such values (one per suite and one per window
  that counts as the changeover);
- **moves**: campaigns whose current place is no longer allowed (suite, time window).
Makespan: the latest earliest end of any campaign that can be planned.
"""

from __future__ import annotations

from typing import Any

from .problem import DEFAULT_CHANGEOVER_RULES, Campaign, Problem


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
                latest = c.latest_start_min if c.latest_start_min is not None else p.horizon_end_min
                end = min(p.horizon_end_min, c.due_min) if c.due_hard and c.due_min is not None else p.horizon_end_min
                for s in p.eligible(c):
                    d = c.duration_in(s) or 0
                    t = first_fit(s, lb, d)
                    if t <= latest and t + d <= end:
                        res[s] = t
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
    # no start in any eligible suite keeps its window, the suite's maintenance and its
    # predecessors' earliest ends: unplanned in every plan
    skip |= {c.id for c in p.campaigns if not est.get(c.id) and p.fixed(c) is None}
    parts["unplanned"] = sum(unpl_cost[cid] for cid in skip if cid in unpl_cost)
    cap_cost, cap_ids = capacity_unplanned(p, skip, est, unpl_cost)
    parts["unplanned"] += cap_cost
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
        if c.id in skip or c.id in cap_ids:
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
    # the first campaign of each suite, and one after each window that counts as a changeover,
    # need none
    free_firsts = len(p.suites) + sum(len(v) for v in p.bridges.values())
    parts["changeover"] = w("changeover") * sum(co_in[free_firsts:])
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


def capacity_unplanned(p: Problem, skip: set[str], est: dict[str, dict[str, int]],
                       unpl_cost: dict[str, int]) -> tuple[int, set[str]]:
    """Campaigns that cannot all fit by capacity: for each set E of suites, the campaigns that
    can only run in E need at least their shortest durations (and, all but one per suite, their
    least changeover in); if E's free time between their earliest start and latest end holds
    only k of them, at least n - k stay unplanned, at least the n - k cheapest. Disjoint suite
    sets add up. Returns (least cost, the campaigns charged: the cheapest of each set)."""
    groups: dict[frozenset[str], list[Campaign]] = {}
    for c in p.campaigns:
        if c.id in skip or not est.get(c.id) or p.fixed(c) is not None:
            continue
        groups.setdefault(frozenset(est[c.id]), []).append(c)
    sets = list(groups)
    taken_by: dict[str, list[tuple[int, int]]] = {}  # windows and fixed campaigns
    for u in p.unavailable:
        taken_by.setdefault(u.suite, []).append((u.start_min, u.end_min))
    for c in p.campaigns:
        fx = p.fixed(c)
        if fx is not None:
            taken_by.setdefault(fx[0], []).append((fx[1], fx[1] + (c.duration_in(fx[0]) or 0)))
    found: list[tuple[int, frozenset[str], list[str]]] = []
    for E in sets:
        members = [c for F, cs in groups.items() if F <= E for c in cs]
        if len(members) < 2:
            continue
        lo = min(min(est[c.id][s] for s in est[c.id]) for c in members)
        hi = max((min(p.horizon_end_min, c.due_min) if c.due_hard and c.due_min is not None
                  else p.horizon_end_min) for c in members)
        avail = 0
        for s in E:
            free = hi - lo
            for a, e in taken_by.get(s, []):
                free -= max(0, min(hi, e) - max(lo, a))
            avail += max(0, free)
        durs = sorted(min(c.duration_in(s) or 0 for s in est[c.id]) for c in members)
        cos = sorted(_least_changeover_in(p, c, list(est[c.id])) for c in members)
        # a product's campaigns can follow each other, but one of them follows another product
        # (or opens a suite): at least that extra for every product among the planned ones
        by_prod: dict[tuple[str, str], list[Campaign]] = {}
        for c in members:
            by_prod.setdefault((c.client, c.product), []).append(c)
        extra = min((min(_least_in(p, c, list(est[c.id]))[0] - _least_changeover_in(p, c, list(est[c.id]))
                         for c in g) for g in by_prod.values()), default=0)
        sizes = sorted((len(g) for g in by_prod.values()), reverse=True)
        k, d_sum, c_sum, n_prod, covered = 0, 0, 0, 0, 0
        while k < len(durs):
            d_sum += durs[k]
            if k + 1 > len(E):
                c_sum += cos[k - len(E)]
            while covered < k + 1:  # the fewest products that hold k + 1 campaigns
                covered += sizes[n_prod]
                n_prod += 1
            if d_sum + c_sum + extra * max(0, n_prod - len(E)) > avail:
                break
            k += 1
        if k < len(members):
            left_out = sorted(members, key=lambda c: unpl_cost[c.id])[: len(members) - k]
            found.append((sum(unpl_cost[c.id] for c in left_out), E, [c.id for c in left_out]))
    found.sort(key=lambda x: -x[0])
    total = 0
    taken: set[str] = set()
    ids: set[str] = set()
    for cost, E, out_ids in found:
        if E & taken:
            continue
        taken |= E
        total += cost
        ids.update(out_ids)
    return total, ids


def _signatures(p: Problem) -> dict[str, dict[tuple[str | None, str], dict[tuple[str, str], int]]]:
    """suite -> (product if a rule names it, modality) -> (client, product) -> how many eligible."""
    cache = p.__dict__.get("_bound_sigs")
    if cache is None:
        pats = {x for r in (*p.changeover_rules, *DEFAULT_CHANGEOVER_RULES) for x in (r.from_, r.to)}
        cache = {}
        for o in p.campaigns:
            sig = (o.product if o.product in pats else None, o.modality)
            for s in p.eligible(o):
                row = cache.setdefault(s, {}).setdefault(sig, {})
                row[(o.client, o.product)] = row.get((o.client, o.product), 0) + 1
        p.__dict__["_bound_sigs"] = cache
    return cache


def _least_in(p: Problem, c: Campaign, suites: list[str]) -> tuple[int, int | None]:
    """(least changeover into c from another product, least from its own product or None if it
    has no other campaign) over the suites (windows that count as a changeover left aside: they
    are counted once each)."""
    cache = p.__dict__.setdefault("_bound_least_in", {})
    key = (c.id, tuple(sorted(suites)))
    if key in cache:
        return cache[key]
    other: int | None = None
    same: int | None = None
    sigs = _signatures(p)
    own = (c.client, c.product)
    for s in suites:
        if p.changeover_matrix.get(s) is not None:
            other = same = 0
            break
        for (prod, mod), pairs in sigs.get(s, {}).items():
            if any(pair != own for pair in pairs):  # another product of that kind
                rep = Campaign("~rep", client="~other", product=prod or "~other", modality=mod, duration_min=1)
                v = p.changeover(s, rep, c).duration_min
                other = v if other is None else min(other, v)
            if pairs.get(own, 0) >= (2 if (prod, mod) == ((c.product if prod else None), c.modality) else 1):
                v = p.changeover(s, c, c).duration_min  # the same product again
                same = v if same is None else min(same, v)
    out = (other if other is not None else (same or 0), same)
    cache[key] = out
    return out


def _least_changeover_in(p: Problem, c: Campaign, suites: list[str]) -> int:
    """The least changeover into c from any other campaign that may share one of the suites."""
    other, same = _least_in(p, c, suites)
    return other if same is None else min(other, same)


def describe(parts: dict[str, Any]) -> str:
    """The bound's parts in words, for stats."""
    return ", ".join(f"{k} {v}" for k, v in parts.items() if v)
