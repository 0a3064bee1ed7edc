"""The operator LNS: its small models charge what the full model charges, and what it returns keeps
every rule (checked by the independent checker) and is never worse than where it started."""

from __future__ import annotations

import random

import pytest
from roster_helpers import first_roster

from solver.roster import check_roster, parse_roster
from solver.roster.generate import facility
from solver.roster.lns import Incumbent, counts_of, group_index, operator_lns, read_solution
from solver.roster.model import RosterModel
from solver.roster.solve import all_demands
from solver.roster.timegrid import ShiftGrid


def _problem(seed: int = 3):
    sc, slots = facility(2, 10, 2, seed=seed)
    p = parse_roster(sc)
    assert p is not None
    grid = ShiftGrid(p)
    demands, _ = all_demands(p, grid, slots)
    return p, slots, grid, demands


def test_small_model_charges_what_the_full_model_charges():
    """Re-plan two operators with everybody else fixed: the small model's objective plus the
    others' own penalties equals the full model's objective for the same roster."""
    from ortools.sat.python import cp_model

    p, _slots, grid, demands = _problem()
    rm = RosterModel(p, grid, demands)
    first = first_roster(rm, 3.0, seed=1)
    # the exact charges of that roster: every shift and cover fixed, the slacks solved
    exact = rm.m.clone()
    for v in [*rm.x.values(), *rm.y.values()]:
        exact.add(v == first[v.index])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(exact) == cp_model.OPTIMAL
    sol, full_obj = rm.tighten(list(solver.response_proto.solution))
    assert full_obj == solver.objective_value
    plain = group_index(rm.groups)
    sched, ycov, own = read_solution(rm, sol)
    inc = Incumbent(sched, ycov, own, counts_of(sched, ycov, rm.groups, plain), rm.groups)
    assert inc.total == full_obj
    freed = sorted(random.Random(5).sample(range(len(p.operators)), 2))
    fixed = counts_of(sched, ycov, rm.groups, plain, skip=set(freed))
    sub = RosterModel(p, grid, demands, ops=freed, fixed_cover=fixed, groups=rm.groups)
    # pin the freed operators to the same roster: the small model must charge the same total
    for (oi, k, s), v in sub.x.items():
        sub.m.add(v == (1 if sched[oi].get(k) == s else 0))
    for (oi, gi), v in sub.y.items():
        g = rm.groups[gi]
        sub.m.add(v == (1 if ycov[oi].get((g.key[0], g.key[1])) == gi else 0))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(sub.m) == cp_model.OPTIMAL
    others = sum(v for oi, v in own.items() if oi not in freed)
    assert solver.objective_value + others == full_obj


@pytest.mark.parametrize("threads", [1, 2])
def test_lns_improves_and_keeps_every_rule(threads):
    """From a poor first roster, the LNS returns a roster at least as good, with no hard rule
    broken according to the independent checker; with two threads merging their people into
    one roster as well (two threads may both give one qualified need a person)."""
    import time

    p, slots, grid, demands = _problem(seed=4)
    rm = RosterModel(p, grid, demands)
    sol, start_obj = rm.tighten(first_roster(rm, 0.5, seed=1))
    stats: dict = {}
    budget = [0.0]
    t_end = time.monotonic() + 3.0

    def left() -> float:  # one thread: a deterministic budget, independent of machine speed
        return 4.0 - budget[0] if threads == 1 else t_end - time.monotonic()

    obj, out = operator_lns(
        rm, p, grid, demands, sol, 0.0, left=left, seed=2, stop=lambda: False,
        on_improve=lambda v: None, stats=stats, deterministic=threads == 1, det_used=budget,
        threads=threads,
    )
    out, exact = rm.tighten(out)
    assert exact <= obj <= start_obj
    assert stats["iterations"] > 0
    from solver.roster.solve import model_assignments

    assignments, uncovered = model_assignments(p, grid, rm, out)
    hard = [v for v in check_roster(p, slots, assignments, uncovered) if v.hard]
    assert hard == []
