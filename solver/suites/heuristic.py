"""The list scheduler: a deterministic greedy that keeps every hard rule, cleans included.

Campaigns go in one by one (dependencies first, then hard due, due, earliest start) at the
insertion with the least added lateness and changeover; each chosen insertion is tested with
its suite's cleans (`solver.suites.cleaning.suite_cleans` on the days it touches) and moved later
until they fit, so the plan it returns passes the checker. Used as the first plan, the CP-SAT
hint, the LNS start, the benchmark floor, and (`repair`) to make any placement valid again.
Pure Python, no ortools.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterable
from datetime import timedelta

from ..problem import IN_USE_MIN, Campaign, Placement, Problem
from ..timeutil import day_start_min, fmt_duration, fmt_local, local_day
from .cleaning import _suite_cleans

#: how far (minutes) an insertion is moved later, at most, to make room for its cleans
SHIFTS = (15, 30, 60, 120, 180, 240, 360, 480, 720, 1080, 1440, 2160, 2880)


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
        self.cleans = bool(problem.cleaning_rules)
        #: the longest daily clean (minutes), 0 without a daily rule
        self.daily = max((r.duration_min for r in problem.cleaning_rules if r.kind == "daily"), default=0)

    def co(self, s: str, a: str, end_a: int, b: str, start_b: int) -> int:
        cb = self.p.campaign_by_id
        return self.p.changeover_between(s, cb[a], end_a, cb[b], start_b)

    def _blocked(self, s: str, a: int, e: int) -> int | None:
        """End of the first unavailability overlapping [a, e), else None."""
        for u0, u1 in self.unav.get(s, ()):
            if u0 < e and a < u1:
                return u1
            if u0 >= e:
                break
        return None

    def _first_bridge_end(self, s: str, after: int) -> int | None:
        for a, e in self.p.bridges.get(s, ()):
            if a >= after:
                return e
        return None

    def fit(self, c: Campaign, s: str, k: int, t: int, latest: int, deadline: int) -> int | None:
        """The earliest start >= t at position k of suite s that keeps the changeovers, windows
        and time limits (cleans not tested), or None."""
        d = c.duration_in(s)
        if d is None:
            return None
        tl = self.tl[s]
        prev = tl[k - 1] if k > 0 else None
        nxt = tl[k] if k < len(tl) else None
        if prev is not None:
            s_in = self.p.changeover(s, self.p.campaign_by_id[prev[2]], c).duration_min
            normal = prev[1] + s_in
            ok_normal = s_in == 0 or self._blocked(s, prev[1], normal) is None
            bridge = self._first_bridge_end(s, prev[1])
            lo = min(x for x in (normal if ok_normal else None, bridge) if x is not None) \
                if (ok_normal or bridge is not None) else None
            if lo is None:
                return None
            if t < lo:
                t = lo
            if not ok_normal and bridge is not None and t < bridge:
                t = bridge
        while True:
            if t > latest or t + d > deadline:
                return None
            if nxt is not None:
                if t + d > nxt[0]:
                    return None
                s_out = self.co(s, c.id, t + d, nxt[2], nxt[0])
                if t + d + s_out > nxt[0]:
                    return None
            else:
                s_out = 0
            blk = self._blocked(s, t, t + d)
            if blk is not None:
                t = blk
                continue
            if s_out:
                blk = self._blocked(s, t + d, t + d + s_out)
                if blk is not None:
                    t = blk
                    continue
            return t

    def added_changeover(self, s: str, k: int, t: int, c: Campaign) -> int:
        tl = self.tl[s]
        d = c.duration_in(s) or 0
        prev = tl[k - 1] if k > 0 else None
        nxt = tl[k] if k < len(tl) else None
        s_in = self.co(s, prev[2], prev[1], c.id, t) if prev else 0
        s_out = self.co(s, c.id, t + d, nxt[2], nxt[0]) if nxt else 0
        old = self.co(s, prev[2], prev[1], nxt[2], nxt[0]) if prev and nxt else 0
        return s_in + s_out - old

    def reserves_room(self, c: Campaign, s: str, t: int) -> bool:
        """Does a campaign at t leave its first and last local day an hour of closed processing
        for the daily clean, whatever changeover comes before or after it? (Room reserved by
        construction: a later neighbour's long changeover then never takes that day's clean.)"""
        d = c.duration_in(s) or 0
        if not self.daily or d < 25 * 60 or not (c.open_start_min or c.open_end_min):
            return True
        p = self.p
        need = self.daily
        if c.open_end_min:
            e = t + d
            mid = day_start_min(local_day(e, p.horizon_start, p.tz), p.horizon_start, p.tz)
            if IN_USE_MIN <= e - mid < c.open_end_min + need:
                return False
        if c.open_start_min:
            day = local_day(t, p.horizon_start, p.tz)
            nxt = day_start_min(day + timedelta(days=1), p.horizon_start, p.tz)
            if IN_USE_MIN <= nxt - t < c.open_start_min + need:
                return False
        return True

    def clean_misses(self, c: Campaign, s: str, k: int, t: int) -> list[tuple[str, int]]:
        """The suite's cleans that no longer fit around the days this insertion touches."""
        if not self.cleans:
            return []
        d = c.duration_in(s) or 0
        tl = self.tl[s]
        prev = tl[k - 1] if k > 0 else None
        nxt = tl[k] if k < len(tl) else None
        # the neighbours are enough: only the days from prev's end to nxt's start change
        camps = [*tl[max(0, k - 3):k], (t, t + d, c.id), *tl[k:k + 3]]
        lo = prev[1] - 1 if prev else t - 1
        hi = nxt[0] + 1 if nxt else t + d + 1
        return _suite_cleans(self.p, s, camps, None, (lo, hi))[1]

    def insert(self, s: str, k: int, start: int, cid: str) -> None:
        d = self.p.campaign_by_id[cid].duration_in(s) or 0
        self.tl[s].insert(k, (start, start + d, cid))

    def remove(self, cid: str) -> None:
        for lst in self.tl.values():
            for i, x in enumerate(lst):
                if x[2] == cid:
                    del lst[i]
                    return

    def place_fixed(self, s: str, start: int, cid: str) -> None:
        d = self.p.campaign_by_id[cid].duration_in(s) or 0
        bisect.insort(self.tl[s], (start, start + d, cid))

    def placement(self) -> Placement:
        return {cid: (s, a) for s, lst in self.tl.items() for a, _, cid in lst}


def _order(problem: Problem, ids: list[str]) -> list[str]:
    """Topological order by dependencies, ties by hard due, latest start, due, earliest start."""
    H = problem.horizon_end_min
    cb = problem.campaign_by_id

    def key(cid: str) -> tuple[int, int, int, int, int]:
        c = cb[cid]
        if problem.objective.kind == "makespan":
            longest = max((c.duration_in(s.id) or 0) for s in problem.suites)
            return (0, 0, -longest, 0, 0)
        ls = c.latest_start_min if c.latest_start_min is not None else H
        due = c.due_min if c.due_min is not None else H
        return (0 if c.due_hard else 1, min(ls, due), due, c.earliest_start_min, -c.weight)

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


class ListScheduler:
    """Inserts campaigns one at a time into a set of timelines, cleans included."""

    def __init__(self, problem: Problem) -> None:
        self.p = problem
        self.tls = Timelines(problem)
        self.placed_end: dict[str, int] = {}
        self.placed_start: dict[str, int] = {}
        self.deps_after: dict[str, list[tuple[str, int, int | None]]] = {}
        self.deps_before: dict[str, list[tuple[str, int, int | None]]] = {}
        for dep in problem.dependencies:
            self.deps_after.setdefault(dep.after, []).append((dep.before, dep.min_lag_min, dep.max_lag_min))
            self.deps_before.setdefault(dep.before, []).append((dep.after, dep.min_lag_min, dep.max_lag_min))
        self.reasons: dict[str, str] = {}

    def add_fixed(self, cid: str, s: str, st: int) -> None:
        self.tls.place_fixed(s, st, cid)
        self.placed_start[cid] = st
        self.placed_end[cid] = st + (self.p.campaign_by_id[cid].duration_in(s) or 0)

    def window(self, c: Campaign) -> tuple[int, int, int, list[str], list[str]]:
        """(earliest start, latest start, latest end, missing predecessors, binding waits)."""
        p = self.p
        lb = max(c.earliest_start_min, p.frozen_until_min or 0)
        latest = c.latest_start_min if c.latest_start_min is not None else p.horizon_end_min
        deadline = min(p.horizon_end_min, c.due_min) if c.due_hard and c.due_min is not None else p.horizon_end_min
        missing = []
        for b, lag, mx in self.deps_after.get(c.id, []):
            if b not in self.placed_end:
                missing.append(b)
                continue
            lb = max(lb, self.placed_end[b] + lag)
            if mx is not None:
                latest = min(latest, self.placed_end[b] + mx)
        waits = [f"{b} (ends {fmt_local(self.placed_end[b], p.horizon_start, p.tz)}) plus {fmt_duration(lag)}"
                 for b, lag, _ in self.deps_after.get(c.id, []) if b in self.placed_end
                 and self.placed_end[b] + lag == lb]
        for a, lag, _mx in self.deps_before.get(c.id, []):  # a placed successor bounds the end
            if a in self.placed_start:
                deadline = min(deadline, self.placed_start[a] - lag)
        return lb, latest, deadline, missing, waits

    def insert(self, cid: str, prefer: tuple[str, int] | None = None,
               suites: Iterable[str] | None = None) -> bool:
        """Place cid at its best valid insertion (True), or record why it cannot go (False).
        `prefer`: a (suite, start) to keep if still valid (the current plan)."""
        p = self.p
        c = p.campaign_by_id[cid]
        tls = self.tls
        lb, latest, deadline, missing, waits = self.window(c)
        if missing:
            self.reasons[cid] = f"it needs {', '.join(missing)} first, which is not planned"
            return False
        min_end = 0
        for a, _lag, mx in self.deps_before.get(cid, []):  # a placed successor with a max lag
            if mx is not None and a in self.placed_start:
                min_end = max(min_end, self.placed_start[a] - mx)
        w_late = p.objective.weight("lateness")
        w_co = p.objective.weight("changeover")
        w_mv = p.objective.weight("moves")
        makespan = p.objective.kind == "makespan"
        elig = p.eligible(c)
        if suites is not None:
            allowed = set(suites)
            elig = [s for s in elig if s in allowed]

        def score(s: str, k: int, t: int) -> float:
            d = c.duration_in(s) or 0
            dco = tls.added_changeover(s, k, t, c)
            if makespan:
                return float(t + d) * 1000 + dco
            late = max(0, t + d - c.due_min) if c.due_min is not None else 0
            mv = 0 if prefer is None or prefer == (s, t) else w_mv
            return w_late * c.weight * late + w_co * dco + mv + 1e-6 * t

        heap: list[tuple[float, int, str, int, bool]] = []
        for s in elig:
            d = c.duration_in(s) or 0
            t_lo = max(lb, min_end - d)
            tl = tls.tl[s]
            # only the gaps whose next campaign starts after the earliest end and whose previous
            # one ends by the latest start (a suite's campaigns do not overlap: ends are sorted)
            k_lo = bisect.bisect_left([x[0] for x in tl], t_lo + d)
            k_hi = bisect.bisect_right([x[1] for x in tl], min(latest, deadline - d))
            for k in range(k_lo, min(k_hi, len(tl)) + 1):
                t = tls.fit(c, s, k, t_lo, latest, deadline)
                if t is None:
                    continue
                heap.append((score(s, k, t), t, s, k, False))
                if prefer is not None and prefer[0] == s and prefer[1] > t:
                    t2 = tls.fit(c, s, k, prefer[1], latest, deadline)
                    if t2 == prefer[1]:
                        heap.append((score(s, k, t2), t2, s, k, False))
        for reserve in (True, False):  # room reserved for the daily cleans if possible
            todo = list(heap)
            heapq.heapify(todo)
            while todo:
                _sc, t, s, k, verified = heapq.heappop(todo)
                if verified:
                    tls.insert(s, k, t, cid)
                    self.placed_start[cid] = t
                    self.placed_end[cid] = t + (c.duration_in(s) or 0)
                    return True
                got = self._clean_fit(c, s, k, t, latest, deadline, reserve)
                if got is not None:
                    heapq.heappush(todo, (score(s, k, got), got, s, k, True))
        elig_all = p.eligible(c)
        dmin = min((c.duration_in(s) or 0) for s in elig_all) if elig_all else 0
        t0 = p.horizon_start
        if lb + dmin > deadline and waits:
            self.reasons[cid] = (f"it must wait for {waits[0]}, which leaves less than its "
                                 f"{fmt_duration(dmin)} before {fmt_local(deadline, t0, p.tz)}")
        else:
            by = min(deadline - dmin, latest)
            self.reasons[cid] = (f"its eligible suites ({p.suite_list(elig_all)}) have no free "
                                 f"{fmt_duration(dmin)} (with its changeovers and cleans) starting between "
                                 f"{fmt_local(lb, t0, p.tz)} and {fmt_local(max(lb, by), t0, p.tz)} once "
                                 "the other campaigns are placed")
        return False

    def _clean_fit(self, c: Campaign, s: str, k: int, t: int, latest: int, deadline: int,
                   reserve: bool) -> int | None:
        """t, or the least shift of it (SHIFTS) at which the suite's cleans fit (and, with
        `reserve`, the campaign leaves room for its first and last days' daily cleans)."""
        tls = self.tls
        p = self.p
        for sh in (0, *SHIFTS):
            t2 = tls.fit(c, s, k, t + sh, latest, deadline) if sh else t
            if t2 is None:
                return None
            if reserve and not tls.reserves_room(c, s, t2):
                continue
            miss = tls.clean_misses(c, s, k, t2)
            if not miss:
                return t2
            # a miss on a day before this campaign's first day: starting later cannot help
            first = day_start_min(local_day(t2, p.horizon_start, p.tz), p.horizon_start, p.tz)
            if all(at < first for _, at in miss):
                return None
        return None

    def suite_misses(self, s: str) -> list[tuple[str, int]]:
        """Every clean of suite s that finds no room (full test, periodic cleans included)."""
        if not self.tls.cleans:
            return []
        return _structured(self.p, s, self.tls.tl[s])

    def remove(self, cid: str) -> None:
        self.tls.remove(cid)
        self.placed_start.pop(cid, None)
        self.placed_end.pop(cid, None)


def _structured(p: Problem, s: str, camps: list[tuple[int, int, str]]) -> list[tuple[str, int]]:
    from .cleaning import suite_misses_at

    return suite_misses_at(p, s, camps)


def greedy(problem: Problem, skip: set[str] | frozenset[str] = frozenset(),
           prefer: Placement | None = None) -> tuple[Placement, dict[str, str]]:
    """A plan keeping every hard rule (cleans included), and the campaigns it could not place
    with reasons. `prefer` (e.g. the current plan) is kept where it is still valid."""
    p = problem
    ls = ListScheduler(p)
    free: list[str] = []
    for c in p.campaigns:
        if c.id in skip:
            continue
        fixed = p.fixed(c)
        if fixed is not None:
            ls.add_fixed(c.id, fixed[0], fixed[1])
        else:
            free.append(c.id)
    cur = prefer if prefer is not None else {x.campaign: (x.suite, x.start_min) for x in p.current_plan}
    for cid in _order(p, free):
        ls.insert(cid, prefer=cur.get(cid))
    finish(ls, fixed_ids={c.id for c in p.campaigns if p.fixed(c) is not None})
    return ls.tls.placement(), ls.reasons


#: rounds of take-out-and-reinsert per suite before the campaigns next to a miss stay out
FINISH_ROUNDS = 4


def finish(ls: ListScheduler, fixed_ids: set[str], suites: Iterable[str] | None = None) -> None:
    """Full clean test of every suite (periodic cleans included); where a clean finds no room,
    take out the free campaigns next to it (and what depends on them) and put them back; after
    FINISH_ROUNDS tries they stay out, with the reason."""
    p = ls.p
    todo = list(suites) if suites is not None else [x.id for x in p.suites]
    rounds: dict[str, int] = {}
    while todo:
        s = todo.pop(0)
        misses = ls.suite_misses(s)
        if not misses:
            continue
        out = _near(ls.tls.tl[s], [m for _, m in misses], fixed_ids)
        if not out:
            continue  # only fixed campaigns there: the pins themselves leave no room
        out = _with_dependents(p, out, ls.placed_start)
        for cid in out:
            ls.remove(cid)
        rounds[s] = rounds.get(s, 0) + 1
        if rounds[s] > FINISH_ROUNDS:
            for cid in out:
                ls.reasons[cid] = (f"no place found where its suite's cleans fit around it ("
                                   f"{misses[0][0]})")
            todo.append(s)
            continue
        for cid in _order(p, sorted(out)):
            if ls.insert(cid):
                sx = next(x for x, lst in ls.tls.tl.items() if any(y[2] == cid for y in lst))
                if sx not in todo:
                    todo.append(sx)
        if s not in todo:
            todo.append(s)


def _near(tl: list[tuple[int, int, str]], at: list[int], fixed: set[str]) -> set[str]:
    """Free campaigns within a day of any of the times `at` (the nearest one if none is)."""
    out: set[str] = set()
    for m in at:
        hit = [x[2] for x in tl if x[0] - 1440 <= m <= x[1] + 1440 and x[2] not in fixed]
        if not hit:
            free = [x for x in tl if x[2] not in fixed]
            if free:
                hit = [min(free, key=lambda x: min(abs(x[0] - m), abs(x[1] - m)))[2]]
        out.update(hit)
    return out


def _with_dependents(p: Problem, ids: set[str], placed: dict[str, int]) -> set[str]:
    out = set(ids)
    changed = True
    while changed:
        changed = False
        for d in p.dependencies:
            if d.before in out and d.after not in out and d.after in placed and p.fixed(p.campaign_by_id[d.after]) is None:
                out.add(d.after)
                changed = True
    return out


def repair(problem: Problem, placement: Placement) -> tuple[Placement, dict[str, str]]:
    """A valid plan as close to `placement` as the list scheduler finds: every campaign is put
    back in start order at its place if that still keeps every rule (cleans included), else at
    its best valid insertion; what fits nowhere is left unplanned (with the reason)."""
    p = problem
    ls = ListScheduler(p)
    fixed_ids = set()
    for c in p.campaigns:
        fx = p.fixed(c)
        if fx is not None and c.id in placement:
            ls.add_fixed(c.id, fx[0], fx[1])
            fixed_ids.add(c.id)
    free = [cid for cid in placement if cid not in fixed_ids]
    # predecessors first, otherwise in the order of the plan
    rank = {cid: k for k, cid in enumerate(sorted(free, key=lambda x: placement[x][1]))}
    order = sorted(free, key=lambda x: rank[x])
    topo = _order(p, free)
    pos = {cid: k for k, cid in enumerate(topo)}
    order = _stable_topo(p, order, pos)
    for cid in order:
        ls.insert(cid, prefer=placement[cid])
    finish(ls, fixed_ids)
    return ls.tls.placement(), ls.reasons


def _stable_topo(p: Problem, order: list[str], pos: dict[str, int]) -> list[str]:
    """`order` with every dependency's predecessor moved before its successor."""
    preds: dict[str, set[str]] = {}
    ids = set(order)
    for d in p.dependencies:
        if d.before in ids and d.after in ids:
            preds.setdefault(d.after, set()).add(d.before)
    out: list[str] = []
    done: set[str] = set()

    def visit(cid: str, stack: set[str]) -> None:
        if cid in done or cid in stack:
            return
        stack.add(cid)
        for b in sorted(preds.get(cid, ()), key=lambda x: pos.get(x, 0)):
            visit(b, stack)
        stack.discard(cid)
        done.add(cid)
        out.append(cid)

    for cid in order:
        visit(cid, set())
    return out
