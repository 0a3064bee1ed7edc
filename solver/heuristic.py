"""Constructive start: greedy best insertion that respects every hard rule.

Used as the CP-SAT hint, as the LNS start, and as the plan of last resort when CP-SAT finds
nothing in time. Pure Python, no ortools.
"""

from __future__ import annotations

from .problem import Campaign, Problem
from .timeutil import fmt_duration, fmt_local

Placement = dict[str, tuple[str, int]]


class Timelines:
    """Per suite, campaigns sorted by start: lists of (start, end, campaign id)."""

    def __init__(self, problem: Problem) -> None:
        self.p = problem
        self.tl: dict[str, list[tuple[int, int, str]]] = {s.id: [] for s in problem.suites}
        self.unav: dict[str, list[tuple[int, int]]] = {}
        for u in problem.unavailable:
            self.unav.setdefault(u.suite, []).append((u.start_min, u.end_min))
        for v in self.unav.values():
            v.sort()

    def setup(self, s: str, a: str, b: str) -> int:
        cb = self.p.campaign_by_id
        return self.p.changeover(s, cb[a], cb[b]).duration_min

    def _blocked(self, s: str, a: int, e: int) -> int | None:
        """End of the first unavailability overlapping [a, e), else None."""
        for u0, u1 in self.unav.get(s, ()):
            if u0 < e and a < u1:
                return u1
            if u0 >= e:
                break
        return None

    def best_slot(self, c: Campaign, s: str, lb: int, deadline: int) -> list[tuple[int, int, int]]:
        """Feasible (position, start, added changeover) options in suite s, earliest per gap."""
        d = c.duration_in(s)
        if d is None:
            return []
        tl = self.tl[s]
        out = []
        for k in range(len(tl) + 1):
            prev = tl[k - 1] if k > 0 else None
            nxt = tl[k] if k < len(tl) else None
            s_in = self.setup(s, prev[2], c.id) if prev else 0
            s_out = self.setup(s, c.id, nxt[2]) if nxt else 0
            old = self.setup(s, prev[2], nxt[2]) if prev and nxt else 0
            if prev and self._blocked(s, prev[1], prev[1] + s_in) is not None:
                continue
            t = max(lb, prev[1] + s_in if prev else 0)
            while True:
                if t + d > deadline:
                    t = -1
                    break
                if nxt and t + d + s_out > nxt[0]:
                    t = -1
                    break
                blk = self._blocked(s, t, t + d + s_out)
                if blk is None:
                    break
                t = blk
            if t >= 0:
                out.append((k, t, s_in + s_out - old))
        return out

    def insert(self, s: str, k: int, start: int, cid: str) -> None:
        d = self.p.campaign_by_id[cid].duration_in(s) or 0
        self.tl[s].insert(k, (start, start + d, cid))

    def place_fixed(self, s: str, start: int, cid: str) -> None:
        d = self.p.campaign_by_id[cid].duration_in(s) or 0
        self.tl[s].append((start, start + d, cid))
        self.tl[s].sort()

    def placement(self) -> Placement:
        return {cid: (s, a) for s, lst in self.tl.items() for a, _, cid in lst}


def _order(problem: Problem, ids: list[str]) -> list[str]:
    """Topological order by dependencies, ties by hard due, due, earliest start."""
    H = problem.horizon_end_min
    cb = problem.campaign_by_id

    def key(cid: str) -> tuple[int, int, int, int]:
        c = cb[cid]
        if problem.objective.kind == "makespan":
            longest = max((c.duration_in(s.id) or 0) for s in problem.suites)
            return (0, 0, -longest, 0)
        return (0 if c.due_hard else 1, c.due_min if c.due_min is not None else H, c.earliest_start_min, -c.weight)

    preds: dict[str, set[str]] = {cid: set() for cid in ids}
    for d in problem.dependencies:
        if d.after in preds and d.before in preds:
            preds[d.after].add(d.before)
    out: list[str] = []
    done: set[str] = set()
    remaining = sorted(ids, key=key)
    while remaining:
        for cid in remaining:
            if preds[cid] <= done:
                out.append(cid)
                done.add(cid)
                remaining.remove(cid)
                break
        else:  # a cycle: no plan can hold all of them; keep going in key order
            out.extend(remaining)
            break
    return out


def greedy(problem: Problem, skip: set[str] | frozenset[str] = frozenset()) -> tuple[Placement, dict[str, str]]:
    """A plan respecting all hard rules, and the campaigns it could not place with reasons."""
    p = problem
    tls = Timelines(p)
    H = p.horizon_end_min
    fz = p.frozen_until_min
    reasons: dict[str, str] = {}
    placed_end: dict[str, int] = {}
    free: list[str] = []
    for c in p.campaigns:
        if c.id in skip:
            continue
        fixed = p.fixed(c)
        if fixed is not None:
            tls.place_fixed(fixed[0], fixed[1], c.id)
            placed_end[c.id] = fixed[1] + (c.duration_in(fixed[0]) or 0)
        else:
            free.append(c.id)
    deps: dict[str, list[tuple[str, int]]] = {}
    for dep in p.dependencies:
        deps.setdefault(dep.after, []).append((dep.before, dep.min_lag_min))
    w_late = p.objective.weight("lateness")
    w_co = p.objective.weight("changeover")
    makespan = p.objective.kind == "makespan"
    for cid in _order(p, free):
        c = p.campaign_by_id[cid]
        lb = max(c.earliest_start_min, fz or 0)
        missing = [b for b, _ in deps.get(cid, []) if b not in placed_end]
        if missing:
            reasons[cid] = f"it needs {', '.join(missing)} first, which is not planned"
            continue
        for bid, lag in deps.get(cid, []):
            lb = max(lb, placed_end[bid] + lag)
        deadline = min(H, c.due_min) if c.due_hard and c.due_min is not None else H
        for dep in p.dependencies:  # a fixed successor bounds this campaign's end
            if dep.before == cid:
                fx = p.fixed(p.campaign_by_id[dep.after])
                if fx is not None:
                    deadline = min(deadline, fx[1] - dep.min_lag_min)
        best: tuple[float, int, str, int] | None = None
        for s in p.eligible(c):
            d = c.duration_in(s) or 0
            for k, t, dco in tls.best_slot(c, s, lb, deadline):
                if makespan:
                    score = float(t + d) * 1000 + dco
                else:
                    late = max(0, t + d - c.due_min) if c.due_min is not None else 0
                    score = w_late * c.weight * late + w_co * dco + 1e-6 * t
                if best is None or (score, t) < (best[0], best[1]):
                    best = (score, t, s, k)
        if best is None:
            elig = p.suite_list(p.eligible(c))
            dmin = min((c.duration_in(s) or 0) for s in p.eligible(c))
            t0 = p.horizon_start
            wait = [f"{b} (ends {fmt_local(placed_end[b], t0, p.tz)}) plus {fmt_duration(lag)}"
                    for b, lag in deps.get(cid, []) if placed_end[b] + lag == lb]
            if lb + dmin > deadline and wait:
                reasons[cid] = (f"it must wait for {wait[0]}, which leaves less than its "
                                f"{fmt_duration(dmin)} before {fmt_local(deadline, t0, p.tz)}")
            else:
                reasons[cid] = (f"its eligible suites ({elig}) have no free {fmt_duration(dmin)} between "
                                f"{fmt_local(lb, t0, p.tz)} and {fmt_local(deadline, t0, p.tz)} once "
                                "the other campaigns and their changeovers are placed")
            continue
        _, t, s, k = best
        tls.insert(s, k, t, cid)
        placed_end[cid] = t + (c.duration_in(s) or 0)
    return tls.placement(), reasons
