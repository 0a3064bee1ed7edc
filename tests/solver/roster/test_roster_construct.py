"""Rosters too large for one model: built a few people at a time, then improved by the operator LNS
(solve_roster(by_operators=True), the default above LARGE_X). Every result goes through the
independent checkers."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from roster_helpers import scenario

from solver.roster import check_roster, parse_roster, solve_roster
from solver.roster.curtois import import_file
from solver.roster.generate import facility

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared" / "benchmarks"
VERIFY = SHARED / "check" / "curtois_verify.py"


def test_by_operators_keeps_every_rule_and_charges_what_it_reports():
    """A facility roster built without the whole model: no hard rule broken (independent
    checker), every qualified assignment held by a qualified person, the named penalties add up
    to the objective, and what is reported uncovered is what the assignments leave uncovered."""
    sc, slots = facility(3, 12, 2, seed=5)
    p = parse_roster(sc)
    assert p is not None
    r = solve_roster(p, slots, time_limit_s=6, seed=1, by_operators=True)
    assert r.status in ("feasible", "optimal"), r.stats.get("reason")
    assert r.stats["mode"] == "by operators"
    assert r.assignments
    hard = [v for v in check_roster(p, slots, r.assignments, r.uncovered) if v.hard]
    assert hard == []
    assert sum(r.penalties.values()) == r.objective
    # the whole model, every shift fixed to this roster, cannot charge more (it may only find a
    # better split of who covers which qualified need)
    from ortools.sat.python import cp_model

    from solver.roster.model import RosterModel
    from solver.roster.solve import all_demands
    from solver.roster.timegrid import ShiftGrid

    grid = ShiftGrid(p)
    demands, _ = all_demands(p, grid, slots)
    rm = RosterModel(p, grid, demands)
    idx = {o.id: i for i, o in enumerate(p.operators)}
    worked = {
        (idx[a["operator"]], (date.fromisoformat(a["date"]) - p.start_date).days, a["shift"])
        for a in r.assignments
    }
    for key, v in rm.x.items():
        rm.m.add(v == (1 if key in worked else 0))
    s = cp_model.CpSolver()
    s.parameters.num_workers = 2
    s.parameters.max_time_in_seconds = 20
    assert s.solve(rm.m) == cp_model.OPTIMAL
    assert round(s.objective_value) <= r.objective
    # the construction alone is a lawful roster too: it is the first point of the progress
    assert r.progress and r.progress[0][1] >= r.objective


@pytest.mark.parametrize("by_operators", [True, False])
def test_the_person_whose_rules_cannot_be_kept_is_named(by_operators):
    """Someone whose contract minimum cannot be reached (41 h in a week of one 8 h shift a day
    with at most 2 days in a row: 5 days, 40 h, at most) makes the roster infeasible, and the
    result says who; at 40 h it is lawful. Built person by person or as one model alike."""
    sc = scenario(
        days=7,
        shifts=[{"id": "D", "start": "07:00", "end": "15:00"}],
        operators=[
            {"id": "Ann", "qualifications": [{"kind": "op"}]},
            {"id": "Bob", "qualifications": [{"kind": "op"}],
             "rules": {"min_minutes_total": 41 * 60, "max_consecutive_days": 2}},
        ],
        rules={"contract_hours": {"enabled": True, "value": True},
               "max_consecutive_days": {"enabled": True, "value": 7}},
    )
    p = parse_roster(sc)
    assert p is not None
    r = solve_roster(p, [], time_limit_s=5, seed=0, by_operators=by_operators)
    assert r.status == "infeasible"
    assert "Bob" in r.stats["reason"] and "Ann" not in r.stats["reason"]
    assert r.assignments == []
    sc["operators"][1]["rules"]["min_minutes_total"] = 40 * 60
    p = parse_roster(sc)
    assert p is not None
    r = solve_roster(p, [], time_limit_s=5, seed=0, by_operators=by_operators)
    assert r.status in ("feasible", "optimal")
    assert "reason" not in r.stats
    assert sum(a["operator"] == "Bob" for a in r.assignments) == 5
    assert [v for v in check_roster(p, [], r.assignments, r.uncovered) if v.hard] == []


@pytest.mark.skipif(not VERIFY.exists(), reason="../shared/benchmarks not present")
def test_curtois_instance_by_operators_verified(tmp_path):
    """Instance 3 built person by person: the shared Curtois checker finds it feasible and
    scores it at the objective the solver reports."""
    inst = SHARED / "curtois" / "Instance3.txt"
    p = parse_roster(import_file(str(inst)))
    assert p is not None
    r = solve_roster(p, [], time_limit_s=8, seed=0, by_operators=True)
    assert r.status in ("feasible", "optimal")
    out = tmp_path / "r.json"
    out.write_text(json.dumps(r.to_dict()))
    res = subprocess.run([sys.executable, str(VERIFY), str(inst), str(out)],
                         capture_output=True, text=True, check=False)
    ev = json.loads(res.stdout)
    assert ev["feasible"], ev
    assert ev["objective"] == r.objective


def _tiled_instance1(tmp_path: Path, periods: int) -> tuple[Path, object]:
    from solver.roster.curtois import import_text, tile

    text = tile((SHARED / "curtois" / "Instance1.txt").read_text(encoding="utf-8"), 1, periods)
    inst = tmp_path / "tiled.txt"
    inst.write_text(text)
    return inst, parse_roster(import_text(text))


def _verified(inst: Path, r: object, tmp_path: Path) -> dict:
    out = tmp_path / "r.json"
    out.write_text(json.dumps(r.to_dict()))  # type: ignore[attr-defined]
    res = subprocess.run([sys.executable, str(VERIFY), str(inst), str(out)],
                         capture_output=True, text=True, check=False)
    return json.loads(res.stdout)


@pytest.mark.skipif(not VERIFY.exists(), reason="../shared/benchmarks not present")
def test_long_horizon_lawful_schedules_are_paced_and_verified(tmp_path):
    """Over 12 weeks each person's first lawful schedule comes from the paced model (contract
    hours spread over the horizon); the roster keeps every rule of the shared checker, which
    scores it at the objective reported."""
    inst, p = _tiled_instance1(tmp_path, 6)
    r = solve_roster(p, [], time_limit_s=8, seed=0, by_operators=True)
    assert r.status in ("feasible", "optimal")
    assert r.stats["construct"]["paced"] == len(p.operators)
    ev = _verified(inst, r, tmp_path)
    assert ev["feasible"], ev
    assert ev["objective"] == r.objective


@pytest.mark.skipif(not VERIFY.exists(), reason="../shared/benchmarks not present")
def test_a_pace_that_cannot_be_kept_falls_back_to_the_rules(tmp_path, monkeypatch):
    """Pacing is a guide, not a rule: when the paced model has no solution, the person's own
    rules still give a lawful schedule and the roster is found and verified."""
    import solver.roster.construct as construct

    real = construct._paced

    def impossible(*a, **kw):
        m = real(*a, **kw)
        if m is not None:
            m.add_bool_or([])  # no solution
        return m

    monkeypatch.setattr(construct, "_paced", impossible)
    inst, p = _tiled_instance1(tmp_path, 6)
    r = solve_roster(p, [], time_limit_s=8, seed=0, by_operators=True)
    assert r.status in ("feasible", "optimal")
    assert r.stats["construct"].get("paced", 0) == 0
    assert r.stats["construct"]["batches"] == len(p.operators)
    ev = _verified(inst, r, tmp_path)
    assert ev["feasible"], ev
    assert ev["objective"] == r.objective
