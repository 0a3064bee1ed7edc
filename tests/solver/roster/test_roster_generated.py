"""Generated Curtois-format instances (solver.roster.generate.curtois_text) over the facility's
range: each size class solves to a roster both checkers accept, and no bound the solver reports
is above a proven optimum."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import time
from pathlib import Path

import pytest

from solver.roster import check_roster, parse_roster, solve_roster
from solver.roster.colgen import ColumnGeneration
from solver.roster.curtois import import_text
from solver.roster.generate import (
    CLASSES,
    HELD_OUT_SEEDS,
    TUNE_SEEDS,
    curtois_instance,
    curtois_spec,
    curtois_text,
)
from solver.roster.lns import read_solution
from solver.roster.model import RosterModel
from solver.roster.solve import all_demands
from solver.roster.timegrid import TimeGrid

VERIFY = (
    Path(__file__).resolve().parents[3]
    / ".."
    / "shared"
    / "benchmarks"
    / "check"
    / ("curtois_verify.py")
)
needs_shared = pytest.mark.skipif(not VERIFY.exists(), reason="../shared/benchmarks not present")


def _verify(text: str, result: dict, tmp_path: Path) -> dict:
    inst, out = tmp_path / "i.txt", tmp_path / "r.json"
    inst.write_text(text)
    out.write_text(json.dumps(result))
    res = subprocess.run(
        [sys.executable, str(VERIFY), str(inst), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(res.stdout)


def test_the_split_and_the_classes_cover_the_facility_range():
    """Tune and held-out seeds never overlap; over each set every class occurs, the staff from
    20 to 150, 3 to 32 shift types, 4 weeks to a year, some with a qualification."""
    assert not set(TUNE_SEEDS) & set(HELD_OUT_SEEDS)
    for seeds in (TUNE_SEEDS, HELD_OUT_SEEDS):
        specs = [curtois_spec(s) for s in seeds]
        assert {s["class"] for s in specs} == {c[0] for c in CLASSES}
        assert any(s["qualified"] for s in specs)
        for s in specs:
            assert 20 <= s["staff"] <= 150 and 3 <= s["types"] <= 32 and 4 <= s["weeks"] <= 52
    assert curtois_instance(HELD_OUT_SEEDS[0])[2] == curtois_instance(HELD_OUT_SEEDS[0])[2]


@needs_shared
@pytest.mark.parametrize(
    ("staff", "types", "weeks", "seed"), [(24, 3, 4, 1), (45, 8, 2, 2), (90, 20, 1, 3)]
)
def test_each_size_class_solves_to_a_roster_both_checkers_accept(
    tmp_path, staff, types, weeks, seed
):
    """A small, a medium and a large instance (short horizons, as the test suite's time
    allows): a roster keeping every hard rule by our checker and by the shared Curtois checker,
    which scores it as the solver does; the bound is not above it."""
    text = curtois_text(staff, types, weeks, seed)
    p = parse_roster(import_text(text))
    assert p is not None
    r = solve_roster(p, [], time_limit_s=8, workers=8, seed=0)
    assert r.status in ("feasible", "optimal"), r.stats.get("reason")
    assert [v for v in check_roster(p, [], r.assignments, r.uncovered) if v.hard] == []
    ev = _verify(text, r.to_dict(), tmp_path)
    assert ev["feasible"], ev.get("hard_violations")
    assert ev["objective"] == r.objective
    assert r.bound is not None and r.bound <= r.objective


@pytest.mark.parametrize("seed", [5, 6])
def test_bound_never_above_a_proven_optimum(seed):
    """A small generated instance (8 staff, 3 types, 2 weeks) CP-SAT solves to a proven
    optimum: the column-generation bound, and the bound the solve reports, are not above it."""
    from ortools.sat.python import cp_model

    p = parse_roster(import_text(curtois_text(8, 3, 2, seed)))
    assert p is not None
    grid = TimeGrid(p)
    demands, _ = all_demands(p, grid, [])
    rm = RosterModel(p, grid, demands)
    s = cp_model.CpSolver()
    s.parameters.num_workers = 8
    s.parameters.max_time_in_seconds = 60
    assert s.solve(rm.m) == cp_model.OPTIMAL
    optimum = s.objective_value
    sol, _ = rm.tighten(list(s.response_proto.solution))
    sched, _, _ = read_solution(rm, sol)
    cg = ColumnGeneration(p, grid, rm.groups, sched, seed=1, stats={})
    end = time.monotonic() + 60
    bound = cg.root(lambda: end - time.monotonic())
    assert -math.inf < bound <= optimum
    r = solve_roster(p, [], time_limit_s=5, workers=8, seed=0)
    assert r.bound is not None and r.objective is not None
    assert r.bound <= optimum <= r.objective
