"""Large-neighbourhood search over operators: re-plan a few people, keep everybody else.

Every working-time rule binds one operator; people interact only through cover, which is soft
(under- and over-cover penalties). So the LNS never clones the whole model: each step builds a
small model of the freed operators only (:class:`RosterModel` with ``ops``), in which the cover
the others already give is a constant, solves it with one worker, and takes the new schedules of
the freed people when the total gets better. Any combination of per-person schedules keeps every
hard rule, so a step can never break the roster.

Neighbourhoods (chosen at random, sizes adapting to how fast steps solve):
- ``short``: a day and shift with cover missing (or over) and people who could work it;
- ``ops``: random operators over the whole horizon;
- ``window``: more operators over a window of days, the rest of their schedule fixed.
"""

from __future__ import annotations

import random
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from solver.roster.model import CoverGroup, RosterModel, cover_penalty, may_work, wsum
from solver.roster.problem import Demand, RosterProblem
from solver.roster.timegrid import ShiftGrid

SUB_LIMIT = 0.5  # seconds for one step
DAYS_MAX_X = 4000  # (operator, day, shift) triples up to which "days" steps (everybody) are made
KIND_RATE = 0.2  # how fast a neighbourhood's success score follows its recent steps
KIND_FLOOR = 0.1  # the least weight a neighbourhood keeps


@dataclass
class Incumbent:
    """A roster as per-operator schedules, with its cover counts and penalties."""

    sched: dict[int, dict[int, str]]  # operator -> day -> shift
    ycov: dict[int, dict[tuple[int, str], int]]  # operator -> (day, shift) -> cover group
    own: dict[int, float]  # operator -> own penalty (requests, rules, fairness, changes)
    count: list[int]  # people covering each cover group
    groups: list[CoverGroup]
    cover_pen: int = 0
    per_group: list[int] = field(default_factory=list)
    named: dict[int, dict[str, int]] = field(default_factory=dict)  # operator -> penalty -> value

    def __post_init__(self) -> None:
        self.per_group = [cover_penalty(g, c) for g, c in zip(self.groups, self.count, strict=True)]
        self.cover_pen = sum(self.per_group)

    @property
    def total(self) -> float:
        return sum(self.own.values()) + self.cover_pen


class Able:
    """Who may work each day and shift, worked out when first asked (rosters with no whole
    model to read it from)."""

    def __init__(self, p: RosterProblem, grid: ShiftGrid) -> None:
        self.p, self.grid = p, grid
        self._cache: dict[tuple[int, str], list[int]] = {}

    def get(self, key: tuple[int, str], default: Any = None) -> list[int]:
        got = self._cache.get(key)
        if got is None:
            got = [
                oi for oi in range(len(self.p.operators)) if may_work(self.p, self.grid, oi, *key)
            ]
            self._cache[key] = got
        return got


def group_index(groups: list[CoverGroup]) -> dict[tuple[int, str], list[int]]:
    """(day, shift) -> the cover groups without a qualification."""
    out: dict[tuple[int, str], list[int]] = defaultdict(list)
    for gi, g in enumerate(groups):
        if g.key[2] is None:
            out[(g.key[0], g.key[1])].append(gi)
    return out


def counts_of(
    sched: dict[int, dict[int, str]],
    ycov: dict[int, dict[tuple[int, str], int]],
    groups: list[CoverGroup],
    plain: dict[tuple[int, str], list[int]],
    skip: set[int] | frozenset[int] = frozenset(),
) -> list[int]:
    cnt = [0] * len(groups)
    for oi, days in sched.items():
        if oi in skip:
            continue
        for k, s in days.items():
            for gi in plain.get((k, s), ()):
                cnt[gi] += 1
    for oi, ys in ycov.items():
        if oi in skip:
            continue
        for gi in ys.values():
            cnt[gi] += 1
    return cnt


def read_solution(rm: RosterModel, sol: list[int]) -> tuple[
    dict[int, dict[int, str]], dict[int, dict[tuple[int, str], int]], dict[int, float]
]:
    """Schedules, qualified cover and own penalties of the operators of model `rm`."""
    sched, ycov, own, _ = read_named(rm, sol)
    return sched, ycov, own


def read_named(rm: RosterModel, sol: list[int]) -> tuple[
    dict[int, dict[int, str]],
    dict[int, dict[tuple[int, str], int]],
    dict[int, float],
    dict[int, dict[str, int]],
]:
    """:func:`read_solution` and each operator's penalties by name."""
    sched: dict[int, dict[int, str]] = {oi: {} for oi in rm.ops}
    for (oi, k, s), v in rm.x.items():
        if sol[v.index]:
            sched[oi][k] = s
    ycov: dict[int, dict[tuple[int, str], int]] = {oi: {} for oi in rm.ops}
    for (oi, gi), v in rm.y.items():
        if sol[v.index]:
            g = rm.groups[gi]
            ycov[oi][(g.key[0], g.key[1])] = gi
    own: dict[int, float] = {oi: float(rm.op_offset.get(oi, 0)) for oi in rm.ops}
    named: dict[int, dict[str, int]] = {oi: defaultdict(int) for oi in rm.ops}
    for (name, c, v), top in zip(rm.terms, rm.term_op, strict=True):
        if top is not None:
            own[top] += c * sol[v.index]
            named[top][name] += c * sol[v.index]
    for name, off in rm.op_name_offset.items():
        for oi, val in off.items():
            named[oi][name] += val
    return sched, ycov, own, named


def operator_lns(
    rm: RosterModel,
    p: RosterProblem,
    grid: ShiftGrid,
    demands: list[Demand],
    sol: list[int],
    bound: float,
    **kw: Any,
) -> tuple[float, list[int]]:
    """Improve the full-model solution `sol` (see :func:`improve`); return (objective, sol)."""
    plain = group_index(rm.groups)
    sched, ycov, own = read_solution(rm, sol)
    inc = Incumbent(sched, ycov, own, counts_of(sched, ycov, rm.groups, plain), rm.groups)
    able: dict[tuple[int, str], list[int]] = defaultdict(list)  # who may work a day and shift
    for oi, k, s in rm.x:
        able[(k, s)].append(oi)
    inc = improve(inc, p, grid, demands, able, bound, **kw)
    return inc.total, to_full(rm, inc)


def improve(
    inc: Incumbent,
    p: RosterProblem,
    grid: ShiftGrid,
    demands: list[Demand],
    able: Any,
    bound: float,
    *,
    left: Callable[[], float],
    seed: int,
    stop: Callable[[], bool],
    on_improve: Callable[[float], None],
    stats: dict[str, Any],
    deterministic: bool = False,
    det_used: list[float] | None = None,
    threads: int = 2,
    stall_s: float | None = None,
) -> Incumbent:
    """Improve roster `inc` until `left()` runs out (or nothing better came for `stall_s`).

    `able[(day, shift)]`: who may work it. `threads` searches run side by side (CP-SAT releases
    the GIL while it solves); each merges its freed people into the roster as it is then.
    Reproducible runs use one thread.
    """
    groups = inc.groups
    plain = group_index(groups)
    state = {"inc": inc}
    last = [time.monotonic()]  # when the roster last got better
    if stall_s is not None:
        outer_left = left

        def left() -> float:
            if time.monotonic() - last[0] > stall_s:
                return 0.0
            return outer_left()

    def improved(value: float) -> None:
        last[0] = time.monotonic()
        on_improve(value)

    lock = threading.Lock()
    t0 = time.monotonic()
    n_threads = 1 if deterministic else max(1, threads)

    def worker(ti: int) -> None:
        _search(p, grid, demands, groups, plain, able, state, lock, bound, left=left,
                seed=seed * 7919 + ti, stop=stop, on_improve=improved, stats=stats,
                deterministic=deterministic, det_used=det_used)

    if n_threads == 1:
        worker(0)
    else:
        ts = [threading.Thread(target=worker, args=(ti,), daemon=True) for ti in range(n_threads)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
    stats["lns_s"] = round(stats.get("lns_s", 0.0) + time.monotonic() - t0, 2)
    stats["threads"] = n_threads
    return state["inc"]


def _search(
    p: RosterProblem,
    grid: ShiftGrid,
    demands: list[Demand],
    groups: list[CoverGroup],
    plain: dict[tuple[int, str], list[int]],
    able: dict[tuple[int, str], list[int]],
    state: dict[str, Incumbent],
    lock: threading.Lock,
    bound: float,
    *,
    left: Callable[[], float],
    seed: int,
    stop: Callable[[], bool],
    on_improve: Callable[[float], None],
    stats: dict[str, Any],
    deterministic: bool,
    det_used: list[float] | None,
) -> None:
    from ortools.sat.python import cp_model

    rng = random.Random(seed)
    n_ops, n_days = len(p.operators), p.n_days
    size = {"short": 3, "ops": 3, "window": 6, "days": 4, "around": 6}
    sub_limit = SUB_LIMIT
    kinds = ["short", "ops", "window"] if n_days > 14 else ["short", "ops"]
    if n_days > 14:
        kinds.append("around")
    if n_days * len(p.shifts) * n_ops <= DAYS_MAX_X:  # everybody over a few days too
        kinds.append("days")
    # kinds are drawn by their recent success (an exponential average of "this step improved"),
    # with a floor so that none is forgotten
    score = dict.fromkeys(kinds, 0.5)
    while left() > 0.05 and not stop() and state["inc"].total > bound + 1e-9:
        inc = state["inc"]  # replaced, never changed in place: a consistent snapshot
        kind = rng.choices(kinds, weights=[score[k] + KIND_FLOOR for k in kinds])[0]
        better = False
        k_ops = max(1, min(n_ops, size[kind])) if kind != "days" else n_ops
        window: tuple[int, int] | None = None
        freed: set[int] = set()
        if kind in ("short", "around"):
            # people who could take a shift with cover short or over; "around": more of them,
            # over a fortnight around that day
            bad = [gi for gi, pen in enumerate(inc.per_group) if pen > 0]
            if bad:
                g = groups[rng.choice(bad)]
                k0 = g.key[0]
                if kind == "around":
                    window = (max(0, k0 - 7), min(n_days, k0 + 8))
                cand = able.get((k0, g.key[1]), [])
                n_cand = k_ops // 2 + (1 if kind == "short" else 0)
                freed = set(rng.sample(cand, min(len(cand), max(1, n_cand))))
                while len(freed) < k_ops:
                    freed.add(rng.randrange(n_ops))
            else:
                kind = "ops"
        if kind == "ops":
            freed = set(rng.sample(range(n_ops), k_ops))
        elif kind == "window":
            span = min(n_days, 14)
            d0 = rng.randrange(0, n_days - span + 1)
            window = (d0, d0 + span)
            freed = set(rng.sample(range(n_ops), k_ops))
        elif kind == "days":  # everybody, a few days
            span = max(2, min(n_days, size["days"]))
            d0 = rng.randrange(0, n_days - span + 1)
            window = (d0, d0 + span)
            freed = set(range(n_ops))
        tb = time.monotonic()
        fixed = counts_of(inc.sched, inc.ycov, groups, plain, skip=freed)
        sub = RosterModel(p, grid, demands, ops=sorted(freed), fixed_cover=fixed, groups=groups)
        m = sub.m
        hv, hval = [], []
        for (oi, k, s), v in sub.x.items():
            val = 1 if inc.sched[oi].get(k) == s else 0
            if window is not None and not window[0] <= k < window[1]:
                dom = m.proto.variables[v.index].domain  # fixed (cheaper than a constraint)
                dom[0] = dom[1] = val
            else:
                hv.append(v.index)
                hval.append(val)
        m.proto.solution_hint.vars.extend(hv)
        m.proto.solution_hint.values.extend(hval)
        for (oi, gi), v in sub.y.items():
            g = groups[gi]
            m.add_hint(v, 1 if inc.ycov[oi].get((g.key[0], g.key[1])) == gi else 0)
        cur_sub = sum(inc.own[oi] for oi in freed) + inc.cover_pen
        # only strictly better rosters are of interest: let CP-SAT prune with that
        if sub.terms:
            m.add(
                wsum([(c, v) for _, c, v in sub.terms]) + sum(sub.offsets.values())
                <= int(cur_sub) - 1
            )
        solver = cp_model.CpSolver()
        prm = solver.parameters
        prm.num_workers = 1
        prm.linearization_level = 2  # the cover LP is tight: measured 1.5x faster steps
        prm.random_seed = rng.randrange(1 << 30)
        lim = min(sub_limit, left())
        if lim <= 0.02:
            break
        if deterministic:
            prm.max_deterministic_time = lim
        else:
            prm.max_time_in_seconds = lim
        tb = time.monotonic() - tb
        st = solver.solve(m)
        with lock:
            stats["build_s"] = stats.get("build_s", 0.0) + tb
            stats["solve_s"] = stats.get("solve_s", 0.0) + solver.wall_time
            stats["iterations"] = stats.get("iterations", 0) + 1
            sk = stats.setdefault("steps", {})
            sk[solver.status_name(st)] = sk.get(solver.status_name(st), 0) + 1
            if det_used is not None:
                det_used[0] += solver.response_proto.deterministic_time
            if st in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                s_sched, s_ycov, s_own, s_named = read_named(
                    sub, list(solver.response_proto.solution)
                )
                cur = state["inc"]  # another thread may have improved it meanwhile
                sched2 = {**cur.sched, **s_sched}
                ycov2 = {**cur.ycov, **s_ycov}
                own2 = {**cur.own, **s_own}
                new = Incumbent(sched2, ycov2, own2, counts_of(sched2, ycov2, groups, plain),
                                groups, named={**cur.named, **s_named})
                if new.total < cur.total - 1e-9:
                    better = True
                    state["inc"] = new
                    stats["improvements"] = stats.get("improvements", 0) + 1
                    bk = stats.setdefault("by_kind", {})
                    bk[kind] = bk.get(kind, 0) + 1
                    on_improve(new.total)
        if kind in score:
            score[kind] = (1 - KIND_RATE) * score[kind] + KIND_RATE * better
        # sizes adapt: grow while steps are proven (optimal or no better roster), else shrink
        if st in (cp_model.OPTIMAL, cp_model.INFEASIBLE) and solver.wall_time < 0.5 * lim:
            size[kind] = min(n_ops if kind != "days" else n_days, size[kind] + 1)
        elif st in (cp_model.FEASIBLE, cp_model.UNKNOWN):
            size[kind] = max(2, size[kind] - 1)


def to_full(rm: RosterModel, inc: Incumbent) -> list[int]:
    """The incumbent as a solution vector of the full model: every shift fixed, the rest (who
    covers which qualified need, slacks, under and over) solved. Two threads may each have given
    the same qualified need a person; solving the cover again resolves that, never for worse."""
    from ortools.sat.python import cp_model

    m = rm.m.clone()
    m.clear_hints()
    proto = m.proto
    for (oi, k, s), v in rm.x.items():
        val = 1 if inc.sched[oi].get(k) == s else 0
        dom = proto.variables[v.index].domain
        dom[0], dom[1] = val, val
    for (oi, gi), v in rm.y.items():
        g = rm.groups[gi]
        m.add_hint(v, 1 if inc.ycov[oi].get((g.key[0], g.key[1])) == gi else 0)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 30.0
    st = solver.solve(m)
    if st not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError(f"operator LNS: the improved roster does not complete ({solver.status_name(st)})")
    return list(solver.response_proto.solution)
