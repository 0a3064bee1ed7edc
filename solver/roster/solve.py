"""Solve a roster: build the CP-SAT model, run it, turn the solution into assignments."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from solver.roster.demand import slot_demands
from solver.roster.problem import Demand, RosterProblem
from solver.roster.result import RosterResult
from solver.roster.timegrid import TimeGrid

Progress = Callable[[float, float, float], None]  # (objective, bound, elapsed s)


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
) -> RosterResult:
    """Roster `p` for the given suite plan. `stop` is anything with is_set() (threading.Event).

    deterministic: the time limit is a deterministic time (same scenario, seed and workers give
    the same roster). hint: {(operator, day): shift} solution hint; default: the published roster.
    """
    from ortools.sat.python import cp_model

    from solver.roster.model import RosterModel

    t_start = time.monotonic()
    grid = TimeGrid(p)
    demands, capped = all_demands(p, grid, suite_slots)
    rm = RosterModel(p, grid, demands)
    build_s = time.monotonic() - t_start

    h = hint if hint is not None else dict(p.current_roster)
    if h:
        for (oi, k, s), v in rm.x.items():
            rm.m.add_hint(v, 1 if h.get((p.operators[oi].id, k)) == s else 0)

    solver = cp_model.CpSolver()
    prm = solver.parameters
    prm.num_workers = max(1, workers)
    prm.random_seed = seed
    remaining = max(0.1, time_limit_s - build_s)
    if deterministic:
        prm.max_deterministic_time = remaining
        prm.interleave_search = False
    else:
        prm.max_time_in_seconds = remaining
    prm.log_search_progress = log

    trace: list[tuple[float, float, float]] = []

    class CB(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:
            el = time.monotonic() - t_start
            obj, bd = self.objective_value, self.best_objective_bound
            trace.append((round(el, 3), obj, bd))
            if progress is not None:
                progress(obj, bd, el)
            if stop is not None and stop.is_set():
                self.stop_search()

    done = threading.Event()
    if stop is not None:

        def watch() -> None:
            while not done.wait(0.1):
                if stop.is_set():
                    solver.stop_search()
                    return

        threading.Thread(target=watch, daemon=True).start()
    st = solver.solve(rm.m, CB())
    done.set()
    wall = time.monotonic() - t_start
    status = {
        cp_model.OPTIMAL: "optimal",
        cp_model.FEASIBLE: "feasible",
        cp_model.INFEASIBLE: "infeasible",
    }.get(st, "unknown")
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
        },
    )
    if status in ("optimal", "feasible"):
        res.objective = solver.objective_value
        res.bound = solver.best_objective_bound
        pen: dict[str, int] = defaultdict(int)
        for name, c, v in rm.terms:
            pen[name] += c * solver.value(v)
        for name, off in rm.offsets.items():
            pen[name] += off
        res.penalties = dict(pen)
        chosen = {key for key, v in rm.x.items() if solver.value(v)}
        cover_of: dict[tuple[int, int, str], int] = {}
        for (oi, gi), yv in rm.y.items():
            if solver.value(yv):
                g = rm.groups[gi]
                cover_of[(oi, g.key[0], g.key[1])] = gi
        res.assignments, res.uncovered = build_assignments(p, grid, rm.groups, chosen, cover_of)
        res.uncovered.extend(capped)
    else:
        res.uncovered = capped
    return res


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
