"""Solve a roster: build the CP-SAT model, run it, turn the solution into assignments."""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

from solver.roster.demand import slot_demands
from solver.roster.problem import Demand, RosterProblem
from solver.roster.result import RosterResult
from solver.roster.timegrid import TimeGrid
from solver.stop import stopped as _stopped

LNS_STALL = 0.08  # LNS rounds end after this share of the time limit without a better roster
# seconds left at least for column generation to start: with less, its root LP often does not
# converge in its half of the time and the LNS alone does better (Curtois at 10 s: 7, 8, 9, 10,
# 12 at 32-167 % against 10-71 %)
CG_MIN_S = 20.0
SOFT = (0.05, 0.2, 0.03)  # phase 1 ends between these shares of the time, on a stall of the third
SOFT_CG = (0.03, 0.1, 0.02)  # the same when column generation follows
# (operator, day, shift) triples above which no whole model is built: the roster is constructed
# a few people at a time and improved by the operator LNS (solver.roster.construct). A year for
# 150 staff with 4 shift types (218k) took 8 s to build and found no roster in 120 s that way.
LARGE_X = 60_000

Progress = Callable[[float, float, float], None]  # (objective, bound, elapsed s)


def roster_hint(p: RosterProblem, assignments: list[dict[str, Any]]) -> dict[tuple[str, int], str]:
    """{(operator, day index): shift} of a roster's assignments: a hint for :func:`solve_roster`."""
    return {
        (a["operator"], (date.fromisoformat(a["date"]) - p.start_date).days): a["shift"]
        for a in assignments
    }


def _hint_solution(model: Any, sol: list[int]) -> None:
    """Make a complete solution vector the model's only hint."""
    model.clear_hints()
    model.proto.solution_hint.vars.extend(range(len(sol)))
    model.proto.solution_hint.values.extend(sol)


def all_demands(
    p: RosterProblem, grid: TimeGrid, suite_slots: list[dict[str, Any]] | None
) -> tuple[list[Demand], list[dict[str, Any]]]:
    slot_d, capped = slot_demands(p, grid, suite_slots or [])
    return list(p.demands) + slot_d, capped


def solve_roster(
    p: RosterProblem,
    suite_slots: list[dict[str, Any]] | None = None,
    *,
    time_limit_s: float = 10.0,
    workers: int = 8,
    seed: int = 0,
    deterministic: bool = False,
    progress: Progress | None = None,
    stop: Any = None,
    hint: dict[tuple[str, int], str] | None = None,
    log: bool = False,
    use_greedy_hint: bool = True,
    lns_share: float = 0.6,
    by_operators: bool | None = None,
) -> RosterResult:
    """Roster `p` for the given suite plan. `stop`: a threading.Event or a callable returning True.

    deterministic: the time limit is a deterministic time (same scenario, seed and workers give
    the same roster). hint: {(operator, day): shift} solution hint; default: the published roster.
    """
    from ortools.sat.python import cp_model

    from solver.roster import colgen
    from solver.roster.model import RosterModel

    t_start = time.monotonic()
    grid = TimeGrid(p)
    demands, capped = all_demands(p, grid, suite_slots)
    if by_operators is None:
        by_operators = len(p.operators) * p.n_days * len(p.shifts) > LARGE_X
    if by_operators:
        return _solve_by_operators(
            p, grid, demands, capped, t_start=t_start, time_limit_s=time_limit_s, seed=seed,
            deterministic=deterministic, progress=progress, stop=stop,
            hint=hint if hint is not None else dict(p.current_roster),
        )
    rm = RosterModel(p, grid, demands)
    build_s = time.monotonic() - t_start

    h = hint if hint is not None else dict(p.current_roster)
    # first rosters to complete (phase 0): the hint or published roster, and the greedy roster
    # (what a planner does by hand) when there are qualified needs; the one that covers the
    # whole horizon first, since completing a partial one is a search of its own
    starts: list[dict[tuple[str, int], str]] = [h] if h else []
    if use_greedy_hint and (suite_slots or any(d.qualification for d in p.demands)):
        partial = bool(h) and (max(k for _, k in h) - min(k for _, k in h) + 1) < p.n_days
        if not h or partial:
            from solver.roster.greedy import greedy_roster

            starts.insert(0, roster_hint(p, greedy_roster(p, suite_slots).assignments))
            if not h:
                h = starts[0]
    if h:
        for (oi, k, s), v in rm.x.items():
            rm.m.add_hint(v, 1 if h.get((p.operators[oi].id, k)) == s else 0)

    trace: list[tuple[float, float, float]] = []
    remaining = max(0.1, time_limit_s - build_s)
    deadline = t_start + build_s + remaining
    det_used = [0.0]  # deterministic time spent (the clock of the reproducible mode)

    def run(
        model: Any,
        limit: float,
        nw: int,
        sd: int,
        cb: bool,
        soft_stop: tuple[float, float, float] | None = None,
    ) -> tuple[Any, float, float, list[int]]:
        """soft_stop (earliest, latest, stall): once a roster exists, stop between earliest and
        latest as soon as no better one came for `stall` seconds (then LNS takes over)."""
        solver = cp_model.CpSolver()
        prm = solver.parameters
        prm.num_workers = max(1, nw)
        prm.random_seed = sd
        if deterministic:
            prm.max_deterministic_time = limit
            prm.interleave_search = True  # parallel workers in a deterministic interleaving
        else:
            prm.max_time_in_seconds = limit
        prm.log_search_progress = log

        class CB(cp_model.CpSolverSolutionCallback):
            def on_solution_callback(self) -> None:
                el = time.monotonic() - t_start
                obj, bd = self.objective_value, self.best_objective_bound
                trace.append((round(el, 3), obj, bd))
                if progress is not None:
                    progress(obj, bd, el)
                last[0] = time.monotonic()
                if _stopped(stop):
                    self.stop_search()

        done = threading.Event()
        last = [math.inf]  # when the last improving roster came
        if stop is not None or soft_stop is not None:

            def watch() -> None:
                while not done.wait(0.1):
                    now = time.monotonic()
                    late = (
                        soft_stop is not None
                        and last[0] < math.inf
                        and (
                            now >= soft_stop[1]
                            or (now >= soft_stop[0] and now - last[0] >= soft_stop[2])
                        )
                    )
                    if _stopped(stop) or late:
                        solver.stop_search()
                        return

            threading.Thread(target=watch, daemon=True).start()
        st = solver.solve(model, CB() if cb else None)
        done.set()
        det_used[0] += solver.response_proto.deterministic_time
        if st in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return (
                st,
                solver.objective_value,
                solver.best_objective_bound,
                list(solver.response_proto.solution),
            )
        return st, math.inf, -math.inf, []

    # phase 0: any roster that keeps every hard rule (no objective), as a hint for phase 1;
    # CP-SAT finds these in about a second where the optimising portfolio may need ten
    f_st: Any = cp_model.UNKNOWN
    f_sol: list[int] = []
    phase = "none"  # which phase produced the roster kept (stats["phase"])
    inc_obj: float = math.inf
    inc_sol: list[int] = []
    for start in starts:
        # complete a first roster (who covers what, slacks) with every shift fixed; if it keeps
        # the hard rules it is the first incumbent and a complete hint for phase 1
        fx = rm.m.clone()
        k_lo, k_hi = min((k for _, k in start), default=0), max((k for _, k in start), default=-1)
        for (oi, k, s_), v in rm.x.items():
            if not k_lo <= k <= k_hi:
                continue  # days the roster (e.g. a published one) does not cover stay free
            val = 1 if start.get((p.operators[oi].id, k)) == s_ else 0
            dom = fx.proto.variables[v.index].domain
            dom[0] = val
            dom[1] = val
        _, _, _, c_sol = run(fx, min(remaining * 0.3 / len(starts), 10.0), workers, seed, False)
        if c_sol:
            inc_sol, inc_obj = rm.tighten(c_sol)
            f_sol = inc_sol
            el = time.monotonic() - t_start
            trace.append((round(el, 3), inc_obj, -math.inf))
            if progress is not None:
                progress(inc_obj, -math.inf, el)
            break
    if not f_sol:
        feas = rm.m.clone()
        feas.clear_objective()
        f_st, _, _, f_sol = run(feas, remaining * 0.5, workers, seed, False)
    sol: list[int]
    if f_st == cp_model.INFEASIBLE:
        st, obj, bound, sol = f_st, math.inf, -math.inf, []
    if f_sol:
        _hint_solution(rm.m, f_sol)
    # what is left of the time limit (phase 0 may have used half of it without a roster)
    if deterministic:
        remaining = max(0.1, remaining - det_used[0])
    else:
        remaining = max(0.1, deadline - time.monotonic())
    # column generation after phase 1 (solver.roster.colgen), when it is expected to help
    use_cg = not deterministic and colgen.applies(p, rm.groups) and remaining > CG_MIN_S
    cg_skip = (
        "deterministic" if deterministic
        else colgen.why_not(p, rm.groups) or (None if remaining > CG_MIN_S else "time")
    )
    # phase 1: the whole model, for part of the time (all of it until a first roster exists)
    share = remaining * (1 - lns_share) if lns_share > 0 else remaining
    if f_st == cp_model.INFEASIBLE:
        pass
    elif deterministic:
        st, obj, bound, sol = run(rm.m, share, workers, seed, True)
        if (
            not sol
            and st not in (cp_model.INFEASIBLE, cp_model.MODEL_INVALID)
            and share < remaining
        ):
            st, obj, bound, sol = run(rm.m, remaining - share, workers, seed, True)
    else:
        now = time.monotonic()
        # column generation gives the better rosters and the bound: over to it sooner
        sh = SOFT_CG if use_cg else SOFT
        soft = (
            (now + sh[0] * remaining, now + sh[1] * remaining, sh[2] * remaining)
            if lns_share > 0
            else None
        )
        st, obj, bound, sol = run(rm.m, remaining, workers, seed, True, soft)
    if sol:
        sol, obj = rm.tighten(sol)
        phase = "whole model"
    if inc_sol and (not sol or inc_obj < obj):
        sol, obj = inc_sol, inc_obj
        phase = "first roster"

        if st not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            st = cp_model.FEASIBLE
    lns_stats: dict[str, Any] = {"iterations": 0, "improvements": 0, "rounds": 0}
    if sol and st == cp_model.FEASIBLE and obj > bound:
        # phase 2: operator LNS (solver.roster.lns); on a stall, the whole model again from the
        # LNS roster (it may prove it optimal or escape the neighbourhoods), then LNS again
        from solver.roster.lns import operator_lns

        if deterministic:
            det_end = det_used[0] + remaining * lns_share

            def left() -> float:
                return det_end - det_used[0]
        else:

            def left() -> float:
                return deadline - time.monotonic()

        bnd = [bound]

        def improved(value: float) -> None:
            el = time.monotonic() - t_start
            trace.append((round(el, 3), value, bnd[0]))
            if progress is not None:
                progress(value, bnd[0], el)

        stall = None if deterministic else max(2.0, LNS_STALL * time_limit_s)
        if use_cg and left() > CG_MIN_S:
            # column generation (rosters up to colgen.MAX_X triples): a lower bound from its LP
            # and a roster from its dive; the LNS polishes the better roster
            cg_stats: dict[str, Any] = {}
            cg_bound, cg_sol = colgen.improve(
                rm, p, grid, sol, left=lambda: -1.0 if _stopped(stop) else left(), seed=seed,
                stats=cg_stats,
            )
            lns_stats["colgen"] = cg_stats
            bnd[0] = max(bnd[0], cg_bound)
            if cg_sol:
                cg_sol, cg_obj = rm.tighten(cg_sol)
                cg_stats["dive_obj"] = cg_obj
                if cg_obj < obj - 1e-9:
                    sol, obj = cg_sol, cg_obj
                    phase = "column generation"
            improved(obj)
        while obj > bnd[0]:
            lns_stats["rounds"] += 1
            l_obj, l_sol = operator_lns(
                rm, p, grid, demands, sol, bnd[0], left=left,
                seed=seed + 1000 * lns_stats["rounds"], stop=lambda: _stopped(stop),
                on_improve=improved, stats=lns_stats, deterministic=deterministic,
                det_used=det_used, stall_s=stall,
            )
            if l_obj < obj - 1e-9:
                sol, obj = rm.tighten(l_sol)
                phase = "LNS"
            if deterministic or left() < 1.0 or _stopped(stop) or obj <= bnd[0]:
                break
            _hint_solution(rm.m, sol)
            now = time.monotonic()
            rest = left()
            f_st2, f_obj, f_bd, f_sol2 = run(
                rm.m, rest, workers, seed + lns_stats["rounds"], True,
                (now + 0.1 * rest, now + 0.6 * rest, SOFT[2] * remaining),
            )
            bnd[0] = max(bnd[0], f_bd)
            if f_sol2:
                f_sol2, f_obj = rm.tighten(f_sol2)
                if f_obj < obj - 1e-9:
                    sol, obj = f_sol2, f_obj
                    phase = "whole model after LNS"
            if f_st2 == cp_model.OPTIMAL or obj <= bnd[0] or left() < 1.0:
                break
        bound = bnd[0]
        if obj <= bound:
            st = cp_model.OPTIMAL
    status = {
        cp_model.OPTIMAL: "optimal",
        cp_model.FEASIBLE: "feasible",
        cp_model.INFEASIBLE: "infeasible",
    }.get(st, "unknown")
    if sol and obj <= bound:
        status = "optimal"
    reason = None
    if status == "infeasible":
        # say why when it is one person's own rules (the usual cause), in words
        from solver.roster.construct import who_cannot

        reason = who_cannot(p, grid)
    wall = time.monotonic() - t_start
    res = RosterResult(
        status=status,
        objective=None,
        bound=None,
        wall_s=wall,
        horizon_start=p.horizon_start.isoformat(),
        progress=trace,
        stats={
            "build_s": round(build_s, 3),
            "variables": len(rm.m.proto.variables),
            "constraints": len(rm.m.proto.constraints),
            "demands": len(demands),
            "workers": workers,
            "seed": seed,
            "lns": lns_stats,
            "phase": phase,
            # why column generation did not run (None: it ran)
            "colgen_skipped": None if "colgen" in lns_stats else (
                cg_skip or ("solved before" if status == "optimal" else "time")
            ),
        },
    )
    if reason:
        res.stats["reason"] = reason
    avail, short = availability_bound(p, grid, rm.groups)
    res.stats["availability_bound"] = avail
    if status in ("optimal", "feasible"):
        res.objective = obj
        # every penalty is >= 0 once offsets are added: 0 is always a valid bound
        res.bound = max(0.0, min(max(bound, avail), obj))
        if obj <= avail:
            res.status = "optimal"
        pen: dict[str, int] = defaultdict(int)
        for name, c, v in rm.terms:
            pen[name] += c * sol[v.index]
        for name, off in rm.offsets.items():
            pen[name] += off
        res.penalties = dict(pen)
        res.assignments, res.uncovered = model_assignments(p, grid, rm, sol)
        mark_proven(res.uncovered, grid, short)
        res.uncovered.extend(capped)
    else:
        res.uncovered = capped
    res.stats["campaign_shortfalls"] = shortfalls(res.uncovered)
    return res


def _solve_by_operators(
    p: RosterProblem,
    grid: TimeGrid,
    demands: list[Demand],
    capped: list[dict[str, Any]],
    *,
    t_start: float,
    time_limit_s: float,
    seed: int,
    deterministic: bool,
    progress: Progress | None,
    stop: Any,
    hint: dict[tuple[str, int], str],
) -> RosterResult:
    """A roster too large for one model: constructed a few people at a time
    (:mod:`solver.roster.construct`), then improved by the operator LNS until the time is up."""
    from solver.roster.construct import Infeasible, construct
    from solver.roster.lns import Able, improve
    from solver.roster.model import cover_groups, cover_parts

    groups = cover_groups(demands)
    det_used = [0.0]
    if deterministic:

        def left() -> float:
            return time_limit_s - det_used[0]
    else:
        deadline = t_start + time_limit_s

        def left() -> float:
            return deadline - time.monotonic()

    trace: list[tuple[float, float, float]] = []

    def improved(value: float) -> None:
        el = time.monotonic() - t_start
        trace.append((round(el, 3), value, 0.0))
        if progress is not None:
            progress(value, 0.0, el)

    stats: dict[str, Any] = {
        "mode": "by operators",
        "demands": len(demands),
        "seed": seed,
        "construct": {},
        "lns": {"iterations": 0, "improvements": 0, "rounds": 1},
    }
    status, reason = "unknown", None
    inc = None
    try:
        inc = construct(
            p, grid, demands, groups, left=left, seed=seed, stop=lambda: _stopped(stop),
            stats=stats["construct"], hint=hint or None, deterministic=deterministic,
            det_used=det_used,
        )
    except Infeasible as e:
        status, reason = "infeasible", str(e)
    stats["phase"] = "none"
    stats["colgen_skipped"] = f"size > {LARGE_X} triples (built by operators)"
    if inc is not None:
        status = "feasible"
        improved(inc.total)
        stats["phase"] = "construction"
        if inc.total > 0 and left() > 0.05 and not _stopped(stop):
            first_total = inc.total
            inc = improve(
                inc, p, grid, demands, Able(p, grid), 0.0, left=left, seed=seed + 1000,
                stop=lambda: _stopped(stop), on_improve=improved, stats=stats["lns"],
                deterministic=deterministic, det_used=det_used,
            )
            if inc.total < first_total:
                stats["phase"] = "LNS"
        if inc.total <= 0:
            status = "optimal"
    res = RosterResult(
        status=status,
        objective=None,
        bound=None,
        wall_s=time.monotonic() - t_start,
        horizon_start=p.horizon_start.isoformat(),
        progress=trace,
        stats=stats,
    )
    if reason:
        res.stats["reason"] = reason
    res.uncovered = list(capped)
    avail, short = availability_bound(p, grid, groups)
    stats["availability_bound"] = avail
    if inc is not None:
        res.objective, res.bound = inc.total, min(avail, inc.total)
        if inc.total <= avail:
            res.status = "optimal"
        pen: dict[str, int] = defaultdict(int)
        for named in inc.named.values():
            for name, v in named.items():
                pen[name] += v
        for g, c in zip(groups, inc.count, strict=True):
            under, over = cover_parts(g, c)
            pen["cover_under"] += under
            pen["cover_over"] += over
        res.penalties = {k: v for k, v in pen.items() if v or k.startswith("cover")}
        chosen = {(oi, k, s) for oi, days in inc.sched.items() for k, s in days.items()}
        cover_of = {(oi, k, s): gi for oi, ys in inc.ycov.items() for (k, s), gi in ys.items()}
        res.assignments, unc = build_assignments(p, grid, groups, chosen, cover_of)
        mark_proven(unc, grid, short)
        res.uncovered = unc + res.uncovered
    res.stats["campaign_shortfalls"] = shortfalls(res.uncovered)
    return res


def availability_bound(
    p: RosterProblem, grid: TimeGrid, groups: list[Any]
) -> tuple[float, dict[tuple[int, str, str | None], int]]:
    """A lower bound any roster meets, from who may work at all: a cover group cannot get more
    people than those who may work its day and shift (not on leave or a day off, allowed the
    shift type, holding its qualification on that day), so its under-cover penalty is at least
    its weight times the need above that. Also returns the need each (day, shift,
    qualification) provably lacks. Cheap: counting stops at the group's need."""
    from solver.roster.model import may_work

    bound = 0.0
    short: dict[tuple[int, str, str | None], int] = {}
    able: dict[tuple[int, str, str | None], int] = {}
    for g in groups:
        k, s, q, wu, _, _ = g.key
        key = (k, s, q)
        n = able.get(key)
        if n is None or n < g.required:
            n = 0
            for oi, o in enumerate(p.operators):
                if may_work(p, grid, oi, k, s) and (q is None or o.qualified(q, grid.dates[k])):
                    n += 1
                    if n >= g.required:
                        break
            able[key] = max(n, able.get(key, 0))
        miss = max(0, g.required - n)
        if miss:
            bound += wu * miss
            short[key] = max(short.get(key, 0), miss)
    return bound, short


def mark_proven(uncovered: list[dict[str, Any]], grid: TimeGrid,
                short: dict[tuple[int, str, str | None], int]) -> None:
    """Say on each uncovered need whether the availability bound proves it: `proven` True when
    nobody else may work it (people on leave, not allowed the shift, or lacking the
    qualification), False when a better roster might still cover it."""
    day = {str(d): k for k, d in enumerate(grid.dates)}
    for u in uncovered:
        if "proven" in u or u.get("date") not in day:
            continue
        u["proven"] = short.get((day[u["date"]], u["shift"], u.get("qualification")), 0) > 0


def shortfalls(uncovered: list[dict[str, Any]]) -> list[str]:
    """Which campaign (or slot) lacks whom, in words, for the planner and the suite optimizer."""
    per: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for u in uncovered:
        who = u.get("campaign") or u.get("slot")
        if not who:
            continue
        per[str(who)][str(u.get("qualification"))].append(
            f"{u['date']} {u['shift']} x{u['missing']}"
        )
    out = []
    for who, quals in sorted(per.items()):
        parts = [
            f"{sum(int(x.rsplit('x', 1)[1]) for x in xs)} {q} shifts ({', '.join(xs[:3])}{', ...' if len(xs) > 3 else ''})"
            for q, xs in sorted(quals.items())
        ]
        out.append(f"{who} lacks " + "; ".join(parts))
    return out


def model_assignments(
    p: RosterProblem, grid: TimeGrid, rm: Any, sol: list[int]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """:func:`build_assignments` of a solution of the whole model `rm` (a RosterModel)."""
    chosen = {key for key, v in rm.x.items() if sol[v.index]}
    cover_of: dict[tuple[int, int, str], int] = {}
    for (oi, gi), yv in rm.y.items():
        if sol[yv.index]:
            g = rm.groups[gi]
            cover_of[(oi, g.key[0], g.key[1])] = gi
    return build_assignments(p, grid, rm.groups, chosen, cover_of)


def build_assignments(
    p: RosterProblem,
    grid: TimeGrid,
    groups: list[Any],
    chosen: set[tuple[int, int, str]],
    cover_of: dict[tuple[int, int, str], int],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Assignments with the demand each one covers; the demand left over is uncovered."""
    # who covers each group: explicit y for qualified groups, everybody on the shift otherwise
    members: dict[int, list[int]] = defaultdict(list)
    for key, gi in cover_of.items():
        members[gi].append(key[0])
    on_shift: dict[tuple[int, str], list[int]] = defaultdict(list)
    for oi, k, s in sorted(chosen):
        on_shift[(k, s)].append(oi)
    covers: dict[tuple[int, int, str], Demand] = {}
    uncovered: list[dict[str, Any]] = []
    for gi, g in enumerate(groups):
        k, s, q = g.key[0], g.key[1], g.key[2]
        people = sorted(members[gi]) if q is not None else list(on_shift[(k, s)])
        people = [oi for oi in people if (oi, k, s) not in covers or q is not None]
        for d in g.demands:
            take, people = people[: d.count], people[d.count :]
            for oi in take:
                covers.setdefault((oi, k, s), d)
            if len(take) < d.count:
                uncovered.append(
                    {
                        "date": str(grid.dates[k]),
                        "shift": s,
                        "qualification": q,
                        "missing": d.count - len(take),
                        "demand": d.id,
                        "slot": d.slot,
                        "campaign": d.campaign,
                        "suite": d.suite,
                    }
                )
    out = []
    for oi, k, s in sorted(chosen, key=lambda t: (t[1], p.operators[t[0]].id, t[2])):
        inst = grid.inst[(k, s)]
        d = covers.get((oi, k, s))
        out.append(
            {
                "operator": p.operators[oi].id,
                "start": inst.start.isoformat(),
                "end": inst.end.isoformat(),
                "shift": s,
                "date": str(grid.dates[k]),
                "covers": d.id if d else None,
                "slot": d.slot if d else None,
                "suite": d.suite if d else None,
                "qualification": d.qualification if d else None,
            }
        )
    return out, uncovered
