"""Running CP-SAT for the suite search: parameters, a stop/stall watcher, hints, reading a plan.

ortools is imported inside the functions that need it.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..problem import Placement
from ..stop import Stop
from ..stop import stopped as _stopped

if TYPE_CHECKING:
    from ortools.sat.python.cp_model import CpModel, CpSolver

    from .model import Built

#: progress(objective, bound, elapsed_s) on each improving plan
Progress = Callable[[float, float, float], None]


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


def set_params(solver: CpSolver, time_limit_s: float, workers: int, seed: int, deterministic: bool,
               symmetry: bool = True) -> None:
    prm = solver.parameters
    if not symmetry:
        # the load models of solver.suites.lns hit a CP-SAT 9.15 stall with symmetry detection on
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


def run_cpsat(model: CpModel, *, time_limit_s: float, workers: int, seed: int, deterministic: bool,
              progress: Progress | None, stop: Stop, t_start: float, symmetry: bool = True,
              stall_s: float | None = None) -> tuple[CpSolver, Any]:
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


def hint_placement(b: Built, placement: Placement) -> None:
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
    for (cid, s), (co, ext_end) in b.co_out.items():
        pl = placement.get(cid)
        co_val = 0
        if pl is not None and pl[0] == s and cid in seq_next:
            co_val = b.setup[s].get((cid, seq_next[cid]), 0)
        m.add_hint(co, co_val)
        st = pl[1] if pl is not None else b.window[cid][0]
        m.add_hint(ext_end, st + b.dur[cid, s] + co_val)
    if b.makespan is not None:
        ends = [st + b.dur[cid, s] for cid, (s, st) in placement.items() if (cid, s) in b.dur]
        m.add_hint(b.makespan, max(ends, default=0))


def complete_hint(b: Built) -> None:
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


def read_placement(b: Built, solver: CpSolver) -> Placement:
    out: Placement = {}
    for (cid, s), x in b.present.items():
        if solver.boolean_value(x):
            out[cid] = (s, int(solver.value(b.start[cid])))
    return out
