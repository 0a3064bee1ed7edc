"""Weighted problems too big for one model: CP-SAT sub-models over a time window in a few suites
(large-neighbourhood search from a valid plan). ortools is imported inside the functions.
"""

from __future__ import annotations

import random
import time
from typing import TYPE_CHECKING, Any

from ..problem import Placement, Problem
from ..stop import Stop

if TYPE_CHECKING:
    from ortools.sat.python.cp_model import CpModel

    from .cpsat import Progress

#: the weighted LNS: days of the first time window, and its bounds
LNS_WINDOW_DAYS = 14
LNS_WINDOW_RANGE = (5, 70)
#: CP-SAT workers per sub-model (small models: more workers mostly wait for the cores)
LNS_SUB_WORKERS = 2
#: seconds per sub-model
LNS_SUB_LIMIT = 0.4
#: CP-SAT probing level in sub-models
LNS_PROBING = 0


#: the variables of a placement hint that complete_hint keeps (by name, solver.suites.model)
PRIMARY = ("x[", "start[", "planned[", "arc[", "first[", "last[", "empty[")


def complete_hint(model: CpModel, limit_s: float = 0.5, deterministic: bool = False) -> bool:
    """Replace a placement hint by a complete one: fix every hinted variable, let one worker fill
    in the rest, hint that solution. False (hint left as it was) if that fails."""
    from ortools.sat.python import cp_model

    fx = model.clone()
    hint = fx.proto.solution_hint
    pairs = list(zip(hint.vars, hint.values, strict=True))
    fx.clear_hints()
    for i, v in pairs:
        # only the decisions (suite, start, order); what follows from them (changeover lengths,
        # lateness, windows that count as the changeover) is left to the solver
        if fx.proto.variables[i].name.startswith(PRIMARY):
            fx.add(fx.get_int_var_from_proto_index(i) == v)
    fx.clear_objective()
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    if deterministic:  # the same hint whatever the machine's load
        solver.parameters.max_deterministic_time = limit_s
        solver.parameters.max_time_in_seconds = max(30.0, 20 * limit_s)
    else:
        solver.parameters.max_time_in_seconds = limit_s
    code = solver.solve(fx)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False
    sol = list(solver.response_proto.solution)
    model.clear_hints()
    model.proto.solution_hint.vars.extend(range(len(sol)))
    model.proto.solution_hint.values.extend(sol)
    return True


def lns_weighted(problem: Problem, start: Placement, *, time_limit_s: float, workers: int, seed: int,
                 deterministic: bool, progress: Progress | None, stop: Stop, t_start: float,
                 skip: dict[str, str] | None = None
                 ) -> tuple[Placement, str, int | None, int | None, dict[str, Any]]:
    """Large-neighbourhood search for weighted problems too big for one CP-SAT model.

    A neighbourhood is a time window [A, B) in 2-4 suites that share campaigns: the campaigns
    wholly inside it move (and unplanned campaigns that could go there come in), the campaigns
    at its edges stay fixed in the sub-model (so the changeovers into and out of the window
    hold), everything else stays as it is. Half the neighbourhoods are centred on an unplanned
    campaign. The sub-model (CP-SAT, cleans' necessary conditions included) starts from a
    complete hint of the current plan; a better plan is kept when every clean of the changed
    suites still fits. The window grows while sub-models solve to optimality quickly and
    shrinks when they do not.

    Why the former suite-by-suite LNS stalled (measured on bench_facility's 100 and 400
    campaign facilities): whole suites over 13-26 weeks made sub-models of 20-35 campaigns
    with time windows that CP-SAT could not even re-find the hinted plan of in 0.5 s (the hint
    was partial: UNKNOWN on 3 of 6 sub-models within 2 s), so 8-14 steps in 10 s improved
    nothing."""
    from ortools.sat.python import cp_model

    from ..stop import stopped as _stopped
    from .cleaning import suite_misses_at
    from .cpsat import hint_placement, read_placement, set_params
    from .model import build
    from .plans import evaluate

    p = problem
    rng = random.Random(seed)
    cur = dict(start)
    cur_obj = evaluate(p, cur)[0]
    end_time = t_start + time_limit_s
    H = p.horizon_end_min
    cb = p.campaign_by_id
    elig = {c.id: p.eligible(c) for c in p.campaigns}
    fixed_ids = {c.id for c in p.campaigns if p.fixed(c) is not None}
    unplannable = {c.id for c in p.campaigns if not elig[c.id]} | set(skip or ())
    stats: dict[str, Any] = {"engine": "lns-weighted", "iterations": 0, "improved": 0, "failed": 0,
                             "rejected_cleans": 0, "sub_build_s": 0.0, "sub_solve_s": 0.0}
    window = float(LNS_WINDOW_DAYS * 1440)
    budget = max(1, int(10 * time_limit_s)) if deterministic else None
    deps_in: dict[str, list[Any]] = {}
    deps_out: dict[str, list[Any]] = {}
    for d in p.dependencies:
        deps_in.setdefault(d.after, []).append(d)
        deps_out.setdefault(d.before, []).append(d)

    def dur(cid: str, s: str) -> int:
        return cb[cid].duration_in(s) or 0

    while True:
        now = time.monotonic()
        # a step takes a build, a hint and a sub-solve: none starts in the last 0.2 s
        if (not deterministic and now >= end_time - 0.2) or _stopped(stop):
            break
        if budget is not None and stats["iterations"] >= budget:
            break
        stats["iterations"] += 1
        unpl = [c.id for c in p.campaigns if c.id not in cur and c.id not in unplannable]
        W = int(window)
        if unpl and rng.random() < 0.5:
            u = rng.choices(unpl, [1 + cb[x].weight for x in unpl])[0]
            centre_s = rng.choice(elig[u])
            lb = max(cb[u].earliest_start_min, p.frozen_until_min or 0)
            a = lb - rng.randrange(0, W // 2 + 1)
        else:
            movable = [cid for cid in cur if cid not in fixed_ids]
            if not movable:
                break
            u = rng.choice(movable)
            centre_s = cur[u][0]
            a = cur[u][1] - rng.randrange(0, W // 2 + 1)
        a = max(0, min(a, H - W))
        bnd = a + W
        others = sorted({s for cid in (u,) for s in elig[cid]} - {centre_s})
        k = rng.choice((1, 2, 2, 3))
        relax = {centre_s, *rng.sample(others, min(k, len(others)))}
        ids: set[str] = set()
        edge: dict[str, tuple[str, int]] = {}  # campaigns fixed in the sub-model
        for s in relax:
            tl = sorted((st, cid) for cid, (ss, st) in cur.items() if ss == s)
            before = None
            after = None
            for st, cid in tl:
                en = st + dur(cid, s)
                if st >= a and en <= bnd and cid not in fixed_ids:
                    ids.add(cid)
                elif en <= a:
                    before = (st, cid)
                elif st >= bnd:
                    if after is None:
                        after = (st, cid)
                else:  # straddles an edge (or is fixed): stays
                    edge[cid] = (s, st)
            for x in (before, after):
                if x is not None:
                    edge[x[1]] = (s, x[0])
        for c in p.campaigns:  # unplanned ones that could go into the window
            if c.id in cur or c.id in unplannable or not set(elig[c.id]) & relax:
                continue
            lb = max(c.earliest_start_min, p.frozen_until_min or 0)
            dmin = min(dur(c.id, s) for s in elig[c.id])
            if lb + dmin <= bnd and (c.latest_start_min is None or c.latest_start_min >= a):
                ids.add(c.id)
        if not ids:
            continue
        bounds: dict[str, tuple[int, ...]] = {}
        allowed: dict[str, set[str]] = {}
        must: set[str] = set()
        for cid in ids:
            bounds[cid] = (a, bnd, H)
        for cid, (s, st) in edge.items():
            bounds[cid] = (st, st + dur(cid, s), st)
            allowed[cid] = {s}
            must.add(cid)
        sub_ids = ids | set(edge)
        ok = True
        for cid in list(ids):
            lo, hi, ls = bounds[cid]
            for d in deps_in.get(cid, []):
                if d.before in sub_ids:
                    continue
                if d.before not in cur:
                    lo = H + 1  # its predecessor is not planned: it cannot be
                    break
                s, st = cur[d.before]
                e = st + dur(d.before, s)
                lo = max(lo, e + d.min_lag_min)
                if d.max_lag_min is not None:
                    ls = min(ls, e + d.max_lag_min)
            for d in deps_out.get(cid, []):
                if d.after in sub_ids or d.after not in cur:
                    continue
                if d.max_lag_min is not None:  # a lower bound on its end: keep it in place
                    ok = cid in cur
                    if not ok:
                        break
                    s, st = cur[cid]
                    edge[cid] = (s, st)
                    lo, hi, ls = st, st + dur(cid, s), st
                    allowed[cid] = {s}
                    must.add(cid)
                    break
                hi = min(hi, cur[d.after][1] - d.min_lag_min)
                must.add(cid)
            if not ok:
                break
            bounds[cid] = (lo, hi, ls)
        if not ok:
            continue
        for cid in sub_ids:  # a fixed edge campaign with a predecessor in the window
            for d in deps_in.get(cid, []):
                if cid in edge and d.before in ids:
                    s, st = edge[cid]
                    lo, hi, ls = bounds[d.before]
                    bounds[d.before] = (lo, min(hi, st - d.min_lag_min), ls)
                    must.add(d.before)
        t_b = time.monotonic()
        b = build(p, campaign_ids=sub_ids, suite_ids=relax, bounds=bounds, must_plan=must,
                  allowed=allowed, skip=skip)
        sub_plan = {cid: v for cid, v in cur.items() if cid in sub_ids}
        hint_placement(b, sub_plan)
        hint_s = 0.5 if deterministic else max(0.05, min(0.5, 0.3 * (end_time - time.monotonic())))
        if not complete_hint(b.model, limit_s=hint_s, deterministic=deterministic):
            stats["hint_incomplete"] = stats.get("hint_incomplete", 0) + 1
        stats["sub_build_s"] += time.monotonic() - t_b
        solver = cp_model.CpSolver()
        lim = min(LNS_SUB_LIMIT, max(0.05, end_time - time.monotonic() - 0.05)) if not deterministic else LNS_SUB_LIMIT
        set_params(solver, lim, min(workers, LNS_SUB_WORKERS), rng.randrange(1 << 30), deterministic)
        # probing took 0.5 of 0.6 s of presolve on these sub-models (measured): skip it
        solver.parameters.cp_model_probing_level = LNS_PROBING
        t_s = time.monotonic()
        code = solver.solve(b.model)
        took = time.monotonic() - t_s
        stats["sub_solve_s"] += took
        if code == cp_model.OPTIMAL and took < 0.5 * lim:
            window = min(LNS_WINDOW_RANGE[1] * 1440, window * 1.15)
        elif code != cp_model.OPTIMAL:
            window = max(LNS_WINDOW_RANGE[0] * 1440, window * 0.85)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            stats["failed"] += 1
            stats.setdefault("failed_codes", []).append(solver.status_name(code))
            import os as _os
            if _os.environ.get("LNS_DUMP") and not _os.path.exists("/tmp/sub.done"):
                open("/tmp/sub.done", "w").close()
                s2 = cp_model.CpSolver()
                set_params(s2, 3.0, min(workers, LNS_SUB_WORKERS), 1, False)
                s2.parameters.log_search_progress = True
                s2.solve(b.model)
            continue
        got = read_placement(b, solver)
        trial = {cid: v for cid, v in cur.items() if cid not in sub_ids}
        trial.update(got)
        obj = evaluate(p, trial)[0]
        if obj >= cur_obj:
            continue
        bad = False
        for s in relax:
            camps = sorted((st, st + dur(cid, s), cid) for cid, (ss, st) in trial.items() if ss == s)
            if suite_misses_at(p, s, camps):
                bad = True
                break
        if bad:
            stats["rejected_cleans"] += 1
            continue
        cur, cur_obj = trial, obj
        stats["improved"] += 1
        stats["last_improvement_s"] = round(time.monotonic() - t_start, 3)
        if progress is not None:
            progress(float(cur_obj), 0.0, time.monotonic() - t_start)
    stats["window_days"] = round(window / 1440, 1)
    stats["sub_build_s"] = round(stats["sub_build_s"], 2)
    stats["sub_solve_s"] = round(stats["sub_solve_s"], 2)
    return cur, "feasible", cur_obj, None, stats
