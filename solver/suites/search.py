"""The suite plan (no roster): constructive start, CP-SAT or LNS, a checked and repaired result.

`plan_suites` is the search that `solver.solve` runs (alone, or as round 0 and the re-plans of
`solver.joint`). ortools is imported inside the functions that need it.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from ..problem import Placement, Problem
from ..result import Result, Unplanned
from ..stop import Stop
from ..stop import stopped as _stopped
from ..timeutil import fmt_duration, fmt_local
from .cleaning import place_cleaning
from .cpsat import Progress, complete_hint, hint_placement, read_placement, run_cpsat
from .explaining import dynamic_reason, explain
from .heuristic import greedy
from .plans import evaluate, plan_slots

if TYPE_CHECKING:
    from .staffcap import StaffCapacity

#: why an infeasible result has no bound (stats.bound_from)
NO_BOUND_INFEASIBLE = "none: no plan keeps the hard rules (see conflicts)"


def _pure_makespan(p: Problem, kind: str) -> bool:
    """A problem the LNS handles: makespan, all campaigns free from time windows and pins."""
    if kind != "makespan" or p.dependencies or p.unavailable or p.frozen_until_min is not None:
        return False
    return all(not c.pinned and c.earliest_start_min == 0 and not c.due_hard for c in p.campaigns)


def plan_suites(p: Problem, kind: str, reasons: dict[str, str], *, time_limit_s: float,
                workers: int, seed: int, deterministic: bool, progress: Progress | None,
                stop: Stop, t_start: float, staff: StaffCapacity | None = None,
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
    unplanned = [Unplanned(c.id, why.get(c.id) or dynamic_reason(p, c.id, placement))
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
    from ..check import check
    from .bounds import describe, floor
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


def _solve_cpsat(p: Problem, kind: str, start_plan: Placement, *, time_limit_s: float, workers: int,
                 seed: int, deterministic: bool, progress: Progress | None, stop: Stop,
                 t_start: float, staff: StaffCapacity | None = None, skip: dict[str, str] | None = None
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
        from .lns_window import lns_weighted

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
        from .lns_window import complete_hint as complete_plain

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
        from .lns_window import lns_weighted

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

    from ..check import check
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

