"""solve(): constructive start, CP-SAT (or LNS for large makespan problems), slots, reasons.

ortools is imported inside the functions that need it.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from typing import Any

from .cleaning import place_cleaning
from .heuristic import Placement, greedy
from .problem import Problem
from .result import Result, Slot, Unplanned
from .stop import Stop
from .stop import stopped as _stopped
from .timeutil import fmt_duration, fmt_local

Progress = Callable[[float, float, float], None]
#: why an infeasible result has no bound (stats.bound_from)
NO_BOUND_INFEASIBLE = "none: no plan keeps the hard rules (see conflicts)"


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


def _pure_makespan(p: Problem, kind: str) -> bool:
    """A problem the LNS handles: makespan, all campaigns free from time windows and pins."""
    if kind != "makespan" or p.dependencies or p.unavailable or p.frozen_until_min is not None:
        return False
    return all(not c.pinned and c.earliest_start_min == 0 and not c.due_hard for c in p.campaigns)


def solve(problem: Problem, *, time_limit_s: float = 10, workers: int = 8, seed: int = 0,
          deterministic: bool = False, progress: Progress | None = None, stop: Stop = None,
          objective: str | None = None, roster: bool = True, joint: bool = True) -> Result:
    """Plan the campaigns of `problem`; see the package docstring.

    With a roster part and `roster`, staff is rostered for the plan; with `joint` as well, the
    suite model keeps the campaigns' staff load under the staff capacity and re-plans where the
    roster still came up short (`solver.joint`). `joint=False` is the suites-first decomposition.
    """
    from .model import static_analysis

    t_start = time.monotonic()
    p = problem
    kind = objective or p.objective.kind
    reasons, conflicts = static_analysis(p)
    if not conflicts:
        conflicts = fixed_clean_conflicts(p, reasons)
    if conflicts:
        return Result("infeasible", conflicts=conflicts, wall_s=time.monotonic() - t_start,
                      horizon_start=p.horizon_start, timezone=p.timezone,
                      stats={"bound_from": NO_BOUND_INFEASIBLE})
    staff = None
    if roster and joint and p.roster is not None:
        from .staffcap import estimate

        staff = estimate(p)
    if staff is not None:
        from .joint import solve_joint

        return solve_joint(p, kind, reasons, staff, time_limit_s=time_limit_s, workers=workers,
                           seed=seed, deterministic=deterministic, progress=progress, stop=stop,
                           t_start=t_start)
    res = plan_suites(p, kind, reasons, time_limit_s=time_limit_s, workers=workers, seed=seed,
                      deterministic=deterministic, progress=progress, stop=stop, t_start=t_start)
    if res.status in ("optimal", "feasible") and roster and p.roster is not None:
        _roster(p, res, time_limit_s, workers, seed, deterministic, stop)
    res.wall_s = time.monotonic() - t_start
    return res


def fixed_clean_conflicts(p: Problem, skip: dict[str, str]) -> list[str]:
    """Cleans that the pinned and frozen campaigns alone leave no room for, in words."""
    from .cleaning import suite_misses_at

    by_suite: dict[str, list[tuple[int, int, str]]] = {}
    for c in p.campaigns:
        fx = p.fixed(c)
        if fx is None or c.id in skip:
            continue
        d = c.duration_in(fx[0]) or 0
        by_suite.setdefault(fx[0], []).append((fx[1], fx[1] + d, c.id))
    out = []
    for s, camps in sorted(by_suite.items()):
        camps.sort()
        for msg, at in suite_misses_at(p, s, camps):
            near = [cid for a, e, cid in camps if a - 1440 <= at <= e + 1440] or [cid for _, _, cid in camps]
            what = ", ".join(p.campaign_label(x) for x in near)
            out.append(f"The fixed (pinned or frozen) campaigns {what} leave {msg}.")
    return out


def plan_suites(p: Problem, kind: str, reasons: dict[str, str], *, time_limit_s: float,
                workers: int, seed: int, deterministic: bool, progress: Progress | None,
                stop: Stop, t_start: float, staff: Any = None,
                hint: Placement | None = None) -> Result:
    """The suite plan (no roster): constructive start, CP-SAT or LNS, cleaning, reasons.

    `staff` adds the staff-capacity family to the CP-SAT model; `hint` (a valid placement, e.g.
    the previous round's) replaces the constructive plan as the solution hint."""
    base: dict[str, Any] = {"horizon_start": p.horizon_start, "timezone": p.timezone}
    stats: dict[str, Any] = {}
    placement: Placement | None
    bound: int | None
    greedy_reasons: dict[str, str] = {}
    greedy_plan: Placement | None = None
    if _pure_makespan(p, kind) and not reasons:
        from .lns import lns_makespan

        placement, status, _, bound, st = lns_makespan(
            p, None, time_limit_s=time_limit_s, workers=workers, seed=seed,
            deterministic=deterministic, progress=progress, stop=stop, t_start=t_start)
        stats.update(st)
        if staff is not None:
            stats["staff_capacity"] = "not modelled (makespan LNS)"
    else:
        t_g = time.monotonic()
        start_plan, greedy_reasons = greedy(p, skip=set(reasons))
        greedy_plan = start_plan
        stats["greedy_s"] = round(time.monotonic() - t_g, 3)
        stats["first_plan_s"] = round(time.monotonic() - t_start, 3)
        stats["greedy_objective"] = evaluate(p, start_plan, kind)[0]
        if hint is not None:
            start_plan = {cid: pl for cid, pl in hint.items() if cid not in reasons}
        if progress is not None:  # the constructive plan is the first plan
            progress(float(evaluate(p, start_plan, kind)[0]), 0.0, time.monotonic() - t_start)
        # keep time to check, repair and explain the plan after the search (measured: about
        # 1 s for 400 campaigns on the shared 2-core machine)
        reserve = 0.0 if deterministic else min(0.25 * time_limit_s, 0.15 + 0.0025 * len(p.campaigns))
        placement, status, _, bound, st = _solve_cpsat(
            p, kind, start_plan, time_limit_s=time_limit_s - reserve, workers=workers, seed=seed,
            deterministic=deterministic, progress=progress, stop=stop, t_start=t_start,
            staff=staff, skip=reasons)
        stats.update(st)
        if status == "infeasible":
            conflicts = explain_infeasible(p, kind)
            stats["bound_from"] = NO_BOUND_INFEASIBLE
            return Result("infeasible", conflicts=conflicts, wall_s=time.monotonic() - t_start,
                          stats=stats, **base)
        if placement is None:  # CP-SAT found nothing in time: the start plan is still valid
            placement = start_plan
            status = "feasible"
            stats["plan_from"] = "constructive" if hint is None else "previous round"
    assert placement is not None
    return finalize(p, kind, placement, status, bound, reasons, greedy_reasons, stats, t_start,
                    fallback=greedy_plan)


def build_result(p: Problem, kind: str, placement: Placement, status: str, bound: int | None,
                 why: dict[str, str], stats: dict[str, Any], t_start: float) -> Result:
    """The Result of a placement: slots with changeovers, maintenance and cleans, unplanned
    campaigns with reasons, named penalties, explanations."""
    obj, terms = evaluate(p, placement, kind)
    slots = plan_slots(p, placement)
    cleans, misses = place_cleaning(p, slots)
    slots = sorted(slots + cleans, key=lambda x: (x.suite, x.start_min, x.kind))
    unplanned = [Unplanned(c.id, why.get(c.id) or _dynamic_reason(p, c.id, placement))
                 for c in p.campaigns if c.id not in placement]
    penalties = {("lateness_min" if k == "lateness" else "changeover_min" if k == "changeover"
                  else "makespan_min" if k == "makespan" else k): v for k, v in terms.items()}
    if misses:
        stats["cleaning_misses"] = misses
    else:
        stats.pop("cleaning_misses", None)
    res = Result(status, objective=obj, bound=bound, wall_s=time.monotonic() - t_start, slots=slots,
                 unplanned=unplanned, penalties=penalties, stats=stats,
                 horizon_start=p.horizon_start, timezone=p.timezone)
    cs = res.campaign_slots()
    for c in p.campaigns:
        if c.id in placement:
            ex = explain(p, res, c.id, cs)
            if len(ex) > 1:
                res.explanations[c.id] = ex
    return res


def finalize(p: Problem, kind: str, placement: Placement, status: str, bound: int | None,
             reasons: dict[str, str], greedy_reasons: dict[str, str], stats: dict[str, Any],
             t_start: float, fallback: Placement | None = None) -> Result:
    """Check the plan with its cleans before it is returned. A plan that breaks a rule is
    repaired by the list scheduler (or replaced by the valid `fallback` if that is better);
    `optimal` only when the checked plan meets the bound; a plan that still breaks a rule is
    never returned as optimal or feasible."""
    from .bounds import describe, floor
    from .check import check
    from .heuristic import repair

    floor_v, parts = floor(p, kind, reasons)
    stats["bound_floor"] = floor_v
    stats["bound_floor_parts"] = parts
    if bound is None or bound < floor_v:
        stats["bound_from"] = f"floor: {describe(parts) or 'every term can be 0'}"
        bound = floor_v
    else:
        stats["bound_from"] = stats.get("bound_from", "cp-sat")
    why = {**greedy_reasons, **reasons}
    res = build_result(p, kind, placement, status, bound, why, stats, t_start)
    bad = check(p, res)
    if bad:
        stats["violations_before_repair"] = len(bad)
        stats["repaired"] = sorted({v.rule for v in bad})
        fixed, rwhy = repair(p, placement)
        cands = [(evaluate(p, fixed, kind)[0], 0, fixed, {**rwhy, **why})]
        if fallback is not None:
            cands.append((evaluate(p, fallback, kind)[0], 1, fallback, why))
        cands.sort(key=lambda x: (x[0], x[1]))
        for _obj, _k, pl, w in cands:
            res = build_result(p, kind, pl, "feasible", bound, w, stats, t_start)
            bad = check(p, res)
            if not bad:
                break
    if bad:  # nothing valid: the rules cannot all hold with the fixed campaigns
        stats["violations"] = [v.message for v in bad]
        res.status = "unknown"
        res.conflicts = [v.message for v in bad][:20]
        return res
    if res.status == "optimal" and (res.objective is None or res.objective > bound):
        res.status = "feasible"
    if res.objective is not None and res.objective <= bound:
        res.status = "optimal"
    return res


def _roster(p: Problem, res: Result, time_limit_s: float, workers: int, seed: int,
            deterministic: bool, stop: Stop, hint: dict[tuple[str, int], str] | None = None,
            progress: Any = None) -> None:
    from .roster import solve_roster

    assert p.roster is not None  # callers roster only a problem with a roster part
    rr = solve_roster(p.roster, res.to_dict()["slots"], time_limit_s=time_limit_s, workers=workers,
                      seed=seed, deterministic=deterministic, stop=stop, hint=hint, progress=progress)
    res.assignments = list(rr.assignments)
    res.uncovered = list(rr.uncovered)
    d = rr.to_dict()
    d.pop("assignments", None)
    d.pop("uncovered", None)
    res.stats["roster"] = d


class _Callback:
    def __init__(self, progress: Progress | None, t_start: float) -> None:
        self.progress = progress
        self.t_start = t_start

    def make(self) -> Any:
        from ortools.sat.python import cp_model

        outer = self

        class CB(cp_model.CpSolverSolutionCallback):
            def __init__(self) -> None:
                super().__init__()
                self.n = 0
                self.last_change = time.monotonic()

            def on_solution_callback(self) -> None:
                self.n += 1
                self.last_change = time.monotonic()
                if outer.progress is not None:
                    outer.progress(self.objective_value, self.best_objective_bound,
                                   time.monotonic() - outer.t_start)

        return CB()


#: deterministic work units granted per second of time limit in deterministic mode
DET_PER_SECOND = 0.1


def set_params(solver: Any, time_limit_s: float, workers: int, seed: int, deterministic: bool,
               symmetry: bool = True) -> None:
    prm = solver.parameters
    if not symmetry:
        # the load models of solver.lns hit a CP-SAT 9.15 stall with symmetry detection on
        # (e.g. vr-small I_6_4_S_1-9_1 with an incumbent bound: UNKNOWN for seconds on 6 jobs)
        prm.symmetry_level = 0
    prm.num_workers = max(1, workers)
    prm.random_seed = seed
    if deterministic:
        # CP-SAT work units run slower than seconds on these models (about 10x measured on the
        # demo facility), so a deterministic run of "time_limit_s" gets a tenth as many units.
        # The wall limit is only a safety net far above that.
        prm.max_deterministic_time = max(0.01, DET_PER_SECOND * time_limit_s)
        prm.max_time_in_seconds = max(30.0, 20 * time_limit_s)
        prm.interleave_search = workers > 1
    else:
        prm.max_time_in_seconds = max(0.01, time_limit_s)


def run_cpsat(model: Any, *, time_limit_s: float, workers: int, seed: int, deterministic: bool,
              progress: Progress | None, stop: Stop, t_start: float, symmetry: bool = True,
              stall_s: float | None = None) -> tuple[Any, Any]:
    """Solve with a watcher thread for `stop`; returns (solver, status code). With `stall_s`
    (not in deterministic mode) the search also stops when neither a better plan nor a better
    bound came for that long (`stats`: the caller reads `solver.stalled`)."""
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    set_params(solver, time_limit_s, workers, seed, deterministic, symmetry)
    cb = _Callback(progress, t_start).make()
    done = threading.Event()
    stalled = {"yes": False}
    if stall_s is not None and not deterministic:
        def on_bound(_b: float) -> None:
            cb.last_change = time.monotonic()

        solver.best_bound_callback = on_bound

    def watch() -> None:
        while not done.wait(0.05):
            if _stopped(stop):
                solver.stop_search()
                return
            if stall_s is not None and not deterministic and time.monotonic() - cb.last_change > stall_s:
                stalled["yes"] = True
                solver.stop_search()
                return

    th = None
    if stop is not None or (stall_s is not None and not deterministic):
        th = threading.Thread(target=watch, daemon=True)
        th.start()
    try:
        code = solver.solve(model, cb)
    finally:
        done.set()
        if th is not None:
            th.join()
    solver.stalled = stalled["yes"]  # type: ignore[attr-defined]
    return solver, code


def hint_placement(b: Any, placement: Placement) -> None:
    """Hint every model variable from a complete, valid placement."""
    m = b.model
    p = b.problem
    pos: dict[str, dict[str, int]] = {}
    for s in b.candidates:
        seq = sorted((st, cid) for cid, (ss, st) in placement.items() if ss == s and (cid, s) in b.present)
        pos[s] = {cid: k for k, (_, cid) in enumerate(seq)}
        order = [cid for _, cid in seq]
        for i, j, lit, _ in b.arcs.get(s, []):
            if i is None and j is None:
                val = not order
            elif i is None:
                val = bool(order) and order[0] == j
            elif j is None:
                val = bool(order) and order[-1] == i
            else:
                k = pos[s].get(i)
                val = k is not None and k + 1 < len(order) and order[k + 1] == j
            m.add_hint(lit, val)
    for c in b.campaigns:
        if c.id not in b.start:
            continue
        pl = placement.get(c.id)
        m.add_hint(b.planned[c.id], pl is not None)
        for (cid, s), x in b.present.items():
            if cid == c.id:
                m.add_hint(x, pl is not None and pl[0] == s)
        if pl is not None:
            st = pl[1]
            en = st + b.dur[c.id, pl[0]]
            m.add_hint(b.start[c.id], st)
            m.add_hint(b.end[c.id], en)
            if c.id in b.late and c.due_min is not None:
                m.add_hint(b.late[c.id], max(0, en - c.due_min))
            if c.id in b.same:
                cur = p.current_by_campaign[c.id]
                m.add_hint(b.same[c.id], pl == (cur.suite, cur.start_min))
    seq_next: dict[str, str] = {}
    for s in b.candidates:
        order2 = sorted((st2, cid2) for cid2, (ss, st2) in placement.items() if ss == s)
        for (_, a), (_, c2) in itertools.pairwise(order2):
            seq_next[a] = c2
    for (cid, s), (co, en) in b.co_out.items():
        pl = placement.get(cid)
        co_val = 0
        if pl is not None and pl[0] == s and cid in seq_next:
            co_val = b.setup[s].get((cid, seq_next[cid]), 0)
        m.add_hint(co, co_val)
        st = pl[1] if pl is not None else b.window[cid][0]
        m.add_hint(en, st + b.dur[cid, s] + co_val)
    if b.makespan is not None:
        ends = [st + b.dur[cid, s] for cid, (s, st) in placement.items() if (cid, s) in b.dur]
        m.add_hint(b.makespan, max(ends, default=0))


def complete_hint(b: Any) -> None:
    """Turn the placement hint into a complete one for the staff family: fix every hinted
    variable, let a one-worker CP-SAT fill in the staff auxiliaries (and which campaigns fit the
    estimate), and hint that whole solution. Left as it is if that fails in its short limit."""
    from ortools.sat.python import cp_model

    m = b.model
    for y in b.staffed.values():  # "beyond the estimate" is always feasible
        m.add_hint(y, False)
    fx = m.clone()
    hint = fx.proto.solution_hint
    staffed = {y.index for y in b.staffed.values()}
    for i, v in zip(hint.vars, hint.values, strict=True):
        if i in staffed:
            continue
        dom = fx.proto.variables[i].domain
        if len(dom) == 2:
            dom[0] = v
            dom[1] = v
    fx.clear_hints()
    for y in b.staffed.values():
        fx.add_hint(y, False)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 2.0
    solver.parameters.max_deterministic_time = 1.0
    code = solver.solve(fx)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return
    sol = list(solver.response_proto.solution)
    m.clear_hints()
    m.proto.solution_hint.vars.extend(range(len(sol)))
    m.proto.solution_hint.values.extend(sol)


def read_placement(b: Any, solver: Any) -> Placement:
    out: Placement = {}
    for (cid, s), x in b.present.items():
        if solver.boolean_value(x):
            out[cid] = (s, int(solver.value(b.start[cid])))
    return out


def _solve_cpsat(p: Problem, kind: str, start_plan: Placement, *, time_limit_s: float, workers: int,
                 seed: int, deterministic: bool, progress: Progress | None, stop: Stop,
                 t_start: float, staff: Any = None, skip: dict[str, str] | None = None
                 ) -> tuple[Placement | None, str, int | None, int | None, dict[str, Any]]:
    from ortools.sat.python import cp_model

    from .lns import makespan_lower_bound
    from .model import build

    ub = None
    if kind == "makespan" and len(start_plan) == len(p.campaigns):
        ub = evaluate(p, start_plan, kind)[1]["makespan"]
    allowed = restrict_candidates(p, start_plan, seed)
    if allowed is not None and kind == "weighted":
        # too big for one model in the time: improve the constructive plan suite by suite
        from .lns import lns_weighted

        out = lns_weighted(p, start_plan, time_limit_s=time_limit_s, workers=workers, seed=seed,
                           deterministic=deterministic, progress=progress, stop=stop,
                           t_start=t_start, skip=skip)
        if staff is not None:  # the LNS does not model staff; the joint loop still runs
            out[4]["staff_capacity"] = "not modelled (time-window LNS)"
        return out
    b = build(p, objective_kind=kind, upper_bound=ub, allowed=allowed, staff=staff, skip=skip)
    hint_placement(b, start_plan)
    if b.staffed:
        complete_hint(b)
    else:  # a partial hint was not even re-found in 4 s on a 30-campaign facility (measured)
        from .lns import complete_hint as complete_plain

        complete_plain(b.model, limit_s=1.0, deterministic=deterministic)
    build_s = time.monotonic() - t_start
    if kind == "makespan" and _pure_makespan(p, kind) and b.makespan is not None:
        b.model.add(b.makespan >= makespan_lower_bound(p))
    remaining = max(0.05, time_limit_s - (0 if deterministic else build_s))
    # weighted without staff: the whole model for a share of the time (its bound holds for the
    # whole problem), then, unless it proved optimality, the time-window LNS from its plan
    hybrid = kind == "weighted" and not b.staffed and remaining > 2 * FULL_MODEL_MIN_S
    # deterministic: a fixed share; otherwise the model runs until it stalls (no better plan and
    # no better bound for a while), so that a model that proves optimality keeps its time
    cp_time = max(FULL_MODEL_MIN_S, FULL_MODEL_SHARE * remaining) if hybrid and deterministic else remaining
    stall = max(FULL_MODEL_MIN_S, FULL_MODEL_STALL * remaining) if hybrid else None
    solver, code = run_cpsat(b.model, time_limit_s=cp_time, workers=workers, seed=seed,
                             deterministic=deterministic, progress=progress, stop=stop, t_start=t_start,
                             stall_s=stall)
    stats = {"build_s": round(build_s, 3), "engine": "cp-sat", "wall_cpsat_s": round(solver.wall_time, 3)}
    stats["cpsat_stalled"] = bool(getattr(solver, "stalled", False))
    if hybrid and code in (cp_model.FEASIBLE, cp_model.UNKNOWN) and not _stopped(stop):
        from .heuristic import repair
        from .lns import lns_weighted

        start = start_plan
        if code == cp_model.FEASIBLE:
            fixed, _ = repair(p, read_placement(b, solver))
            start = min((start_plan, fixed), key=lambda x: evaluate(p, x, kind)[0])
        left = time_limit_s - (time.monotonic() - t_start) if not deterministic else remaining - cp_time
        bound = round(solver.best_objective_bound) if code == cp_model.FEASIBLE else None
        if left > 0.2:
            pl, _st, obj, _b, st = lns_weighted(
                p, start, time_limit_s=left if deterministic else time_limit_s, workers=workers,
                seed=seed, deterministic=deterministic, progress=progress, stop=stop, t_start=t_start,
                skip=skip)
            st.update(stats, engine="cp-sat+lns")
            return pl, "feasible", obj, bound, st
    if code == cp_model.INFEASIBLE:
        return None, "infeasible", None, None, stats
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, "unknown", None, None, stats
    placement = read_placement(b, solver)
    if b.staffed:
        stats["staff_estimate_short"] = sorted(
            cid for cid, y in b.staffed.items()
            if solver.boolean_value(b.planned[cid]) and not solver.boolean_value(y))
    status = "optimal" if code == cp_model.OPTIMAL else "feasible"
    # with the staff family the model's objective has the understaffed term, which the plan's
    # objective does not: its bound is then no bound of the plan's objective
    bound = None if b.staffed else round(solver.best_objective_bound)
    return placement, status, round(solver.objective_value), bound, stats


#: above this many changeover arcs the model keeps only a few candidate suites per campaign
ARC_BUDGET = 20_000
#: weighted problems small enough for one model: it runs until neither its plan nor its bound
#: improved for this share of the time (deterministic mode: FULL_MODEL_SHARE of it), then
#: the LNS takes over
FULL_MODEL_STALL = 0.25
FULL_MODEL_SHARE = 0.4
FULL_MODEL_MIN_S = 1.0


def restrict_candidates(p: Problem, start_plan: Placement, seed: int) -> dict[str, set[str]] | None:
    """For big facilities: each free campaign keeps its constructive suite and a few random
    other eligible suites, so that the circuit model stays small. None when not needed."""
    import random

    elig = {c.id: p.eligible(c) for c in p.campaigns if p.fixed(c) is None}

    def arcs(k: int | None) -> tuple[int, dict[str, set[str]]]:
        rng = random.Random(seed)
        count: dict[str, int] = {}
        allowed: dict[str, set[str]] = {}
        for c in p.campaigns:
            es = elig.get(c.id)
            if es is None:
                continue
            if k is None or len(es) <= k:
                keep = set(es)
            else:
                own = start_plan.get(c.id, (None, 0))[0]
                keep = {own} if own in es else set()
                rest = [s for s in es if s not in keep]
                keep |= set(rng.sample(rest, k - len(keep)))
            allowed[c.id] = keep
            for s in keep:
                count[s] = count.get(s, 0) + 1
        return sum(v * v for v in count.values()), allowed

    total, _ = arcs(None)
    if total <= ARC_BUDGET:
        return None
    k = max((len(v) for v in elig.values()), default=1)
    allowed: dict[str, set[str]] = {}
    while k > 1:
        k -= 1
        total, allowed = arcs(k)
        if total <= ARC_BUDGET:
            break
    return allowed


def explain_infeasible(p: Problem, kind: str) -> list[str]:
    """The pins/frozen campaigns that cannot all hold, in words (CP-SAT assumptions core)."""
    from ortools.sat.python import cp_model

    from .check import check
    from .model import build

    b = build(p, objective_kind=kind, with_assumptions=True)
    b.model.clear_objective()
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10.0
    code = solver.solve(b.model)
    core: list[str] = []
    if code == cp_model.INFEASIBLE:
        core = [b.assumptions[i] for i in solver.sufficient_assumptions_for_infeasibility()
                if i in b.assumptions]
    if not core:
        return ["The hard rules contradict each other (pinned or frozen campaigns with dependencies, "
                "maintenance or changeovers); no plan keeps them all."]
    cset = set(core)
    placement = {}
    for c in p.campaigns:
        fx = p.fixed(c)
        if fx is not None:
            placement[c.id] = fx
    fixed_ids = set(placement)
    msgs = []
    for v in check(p, plan_slots(p, placement)):
        if v.rule.startswith("clean") or not v.campaigns or not set(v.campaigns) & cset:
            continue
        if set(v.campaigns) <= fixed_ids:
            msgs.append(v.message)
    tz = p.tz
    for cid in core:
        for d in p.dependencies:
            if d.after != cid or d.before in fixed_ids:
                continue
            before = p.campaign_by_id[d.before]
            es = max(before.earliest_start_min, p.frozen_until_min or 0)
            dmin = min((before.duration_in(s) or 0 for s in p.eligible(before)), default=0)
            msgs.append(f"Campaign {p.campaign_label(cid)} is fixed at {fmt_local(placement[cid][1], p.horizon_start, tz)}"
                        f" but needs {p.campaign_label(d.before)} first plus {fmt_duration(d.min_lag_min)}; "
                        f"{d.before} cannot end before {fmt_local(es + dmin, p.horizon_start, tz)}.")
    if not msgs:
        t = p.horizon_start
        names = ", ".join(f"{p.campaign_label(c)} in {p.suite_label(placement[c][0])} at "
                          f"{fmt_local(placement[c][1], t, p.tz)}" for c in core if c in placement)
        msgs.append(f"These fixed campaigns cannot all be kept together with their rules: {names}.")
    return list(dict.fromkeys(msgs))


def _dynamic_reason(p: Problem, cid: str, placement: Placement) -> str:
    c = p.campaign_by_id[cid]
    for d in p.dependencies:
        if d.after == cid and d.before not in placement:
            return f"it needs {d.before} first, which is not planned"
    elig = p.suite_list(p.eligible(c))
    t = p.horizon_start
    end = c.due_min if c.due_hard and c.due_min is not None else p.horizon_end_min
    return (f"its eligible suites ({elig}) have no free {fmt_duration(min(c.duration_in(s) or 0 for s in p.eligible(c)))}"
            f" between {fmt_local(max(c.earliest_start_min, p.frozen_until_min or 0), t, p.tz)} and "
            f"{fmt_local(end, t, p.tz)} once the other campaigns and their changeovers are placed")


def explain(problem: Problem, result: Result, campaign_id: str,
            slots_by_campaign: dict[str, Slot] | None = None) -> list[str]:
    """Why a campaign sits where it does (or why it is unplanned), in planner's words."""
    p = problem
    c = p.campaign_by_id.get(campaign_id)
    if c is None:
        return [f"{campaign_id} is not a campaign of this scenario."]
    t0, tz = p.horizon_start, p.tz

    def t(m: int) -> str:
        return fmt_local(m, t0, tz)

    for u in result.unplanned:
        if u.campaign == campaign_id:
            return [f"{p.campaign_label(c.id)} is not planned: {u.reason}."]
    cs = slots_by_campaign if slots_by_campaign is not None else result.campaign_slots()
    sl = cs.get(campaign_id)
    if sl is None:
        return [f"{p.campaign_label(c.id)} is not in this plan."]
    out = [f"{p.campaign_label(c.id)} runs in {p.suite_label(sl.suite)} from {t(sl.start_min)} to {t(sl.end_min)}."]
    if c.pinned:
        out.append("It is pinned there by the planner.")
        return out
    fr = p.frozen(c)
    if fr is not None:
        out.append(f"It starts before the frozen-until time {t(p.frozen_until_min or 0)} and keeps its place.")
        return out
    elig = p.eligible(c)
    if len(elig) == 1:
        out.append(f"It is the only suite that offers {', '.join(sorted(c.requires)) or 'what it needs'}.")
    lb = max(c.earliest_start_min, p.frozen_until_min or 0)
    if sl.start_min > lb:
        causes = []
        same = sorted((x for x in result.slots if x.suite == sl.suite and x.kind == "campaign"
                       and x.end_min <= sl.start_min), key=lambda x: x.end_min)
        if same:
            prev = same[-1]
            co = p.changeover(sl.suite, p.campaign_by_id[prev.campaign or ""], c)
            if prev.end_min + co.duration_min == sl.start_min:
                causes.append(f"{prev.campaign} occupies {p.suite_label(sl.suite)} until {t(prev.end_min)} "
                              f"and the changeover {prev.campaign} → {c.id} takes {fmt_duration(co.duration_min)}")
        for d in p.dependencies:
            if d.after == c.id:
                before = cs.get(d.before)
                if before and before.end_min + d.min_lag_min == sl.start_min:
                    causes.append(f"it waits for {d.before} (ends {t(before.end_min)}) plus "
                                  f"{fmt_duration(d.min_lag_min)}")
        for w in p.unavailable:
            if w.suite == sl.suite and w.end_min == sl.start_min:
                causes.append(f"{p.suite_label(sl.suite)} has {w.kind} until {t(w.end_min)}")
        others = [s for s in elig if s != sl.suite]
        if others and causes:
            causes.append(f"the other capable suites ({', '.join(p.suite_label(s) for s in others)}) "
                          "are no better")
        if causes:
            out.append(f"It starts {fmt_duration(sl.start_min - lb)} after its earliest start because "
                       + "; ".join(causes) + ".")
    if c.due_min is not None and sl.end_min > c.due_min:
        out.append(f"It ends {fmt_duration(sl.end_min - c.due_min)} after its due date {t(c.due_min)}.")
    cur = p.current_by_campaign.get(c.id)
    if cur is not None and (cur.suite, cur.start_min) != (sl.suite, sl.start_min):
        out.append(f"It moved from {p.suite_label(cur.suite)} at {t(cur.start_min)}.")
    return out
