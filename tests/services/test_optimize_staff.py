"""Optimize with staff (option): the facility's operators go into the solve."""

from __future__ import annotations

import pytest

import solver
from necst_desktop.persistence.db import Database
from necst_desktop.services.planning import build_scenario, default_horizon, run_optimizer
from necst_desktop.services.queries import load_snapshot
from solver.roster import check_roster
from solver.scenario import parse


@pytest.mark.slow
def test_optimize_includes_staff_and_passes_both_checkers(demo_db: Database) -> None:
    """With operators in the facility, "optimize" carries the staff part: the result has a
    roster and the joint rounds, and passes the suite checker (and the roster checker when a
    roster was found in the short limit); by default it is the suites-only result."""
    snap = load_snapshot(demo_db)
    assert snap.operators
    horizon = default_horizon(snap)
    scenario = build_scenario(snap, horizon, include_roster=True)
    assert scenario["operators"] and scenario["shifts"]
    result = run_optimizer(snap, horizon, time_limit_s=2, workers=2, seed=1, include_staff=True)
    assert result["status"] in ("optimal", "feasible")
    assert "joint" in result["stats"]
    problem = parse(result["scenario"])
    assert solver.check(problem, solver.Result.from_dict(result)) == []
    if result["stats"]["roster"]["roster_status"] in ("optimal", "feasible"):
        hard = [v for v in check_roster(problem.roster, result["slots"], result["assignments"],
                                        result["uncovered"]) if v.hard]
        assert hard == []
    plain = run_optimizer(snap, horizon, time_limit_s=2, workers=2, seed=1)
    assert plain["assignments"] == [] and "operators" not in plain["scenario"]
