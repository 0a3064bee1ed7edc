"""Curtois-Qu instances: import, solve to the best known value, verify with the shared checker."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from solver.roster import check_roster, parse_roster, solve_roster
from solver.roster.curtois import import_file

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared" / "benchmarks"
CURTOIS = SHARED / "curtois"
VERIFY = SHARED / "check" / "curtois_verify.py"
needs_shared = pytest.mark.skipif(not VERIFY.exists(), reason="../shared/benchmarks not present")


def test_import_keeps_ids_and_rules():
    """Staff IDs become operator ids, shift IDs stay, cover lines become demands with weights,
    shifts lie inside their day and keep their length."""
    text = "SECTION_HORIZON\n7\nSECTION_SHIFTS\nE,480,\nN,600,E\nSECTION_STAFF\nX,E=7|N=2,2400,960,5,2,2,1\nSECTION_DAYS_OFF\nX,3\nSECTION_SHIFT_ON_REQUESTS\nX,0,E,2\nSECTION_SHIFT_OFF_REQUESTS\nSECTION_COVER\n0,E,1,100,1\n"
    from solver.roster.curtois import import_text

    sc = import_text(text)
    assert [o["id"] for o in sc["operators"]] == ["X"]
    assert sc["operators"][0]["rules"]["max_shifts"] == {"E": 7, "N": 2}
    assert sc["demands"][0]["under_weight"] == 100 and sc["demands"][0]["over_weight"] == 1
    assert sc["working_time"]["forbidden_successions"]["value"] == [["N", "E"]]
    p = parse_roster(sc)
    assert p is not None
    from solver.roster.timegrid import ShiftGrid

    g = ShiftGrid(p)
    assert g.inst[(0, "N")].minutes == 600 and g.inst[(0, "N")].t1 <= g.midnight[1]


@needs_shared
def test_instance1_solved_to_best_known_and_verified(tmp_path):
    """Instance 1 reaches its best known objective 607; the shared checker finds no hard
    violation and the same objective, and our checker agrees."""
    sc = import_file(str(CURTOIS / "Instance1.txt"))
    p = parse_roster(sc)
    assert p is not None
    r = solve_roster(p, [], time_limit_s=30, workers=8, seed=0)
    assert r.objective == 607
    assert [v for v in check_roster(p, [], r.assignments, r.uncovered) if v.hard] == []
    out = tmp_path / "r.json"
    out.write_text(json.dumps(r.to_dict()))
    res = subprocess.run(
        [sys.executable, str(VERIFY), str(CURTOIS / "Instance1.txt"), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    ev = json.loads(res.stdout)
    assert ev["feasible"] and ev["objective"] == 607


@needs_shared
def test_checker_catches_a_broken_curtois_roster():
    """Our checker flags what the benchmark forbids: a shift on a fixed day off."""
    sc = import_file(str(CURTOIS / "Instance1.txt"))
    p = parse_roster(sc)
    assert p is not None
    r = solve_roster(p, [], time_limit_s=10, workers=8)
    a_off = sorted(p.operators[0].days_off)[0]
    fake = dict(
        r.assignments[0],
        operator=p.operators[0].id,
        start=f"{a_off}T{r.assignments[0]['start'][11:]}",
        end=f"{a_off}T{r.assignments[0]['end'][11:]}",
    )
    rules = {v.rule for v in check_roster(p, [], [*r.assignments, fake])}
    assert "days_off" in rules


@needs_shared
def test_cli_import_solve_check_round_trip(tmp_path, capsys):
    """python -m solver.roster import-curtois, solve and check work end to end on Instance 1 and
    the written RESULT.json passes the shared checker."""
    from solver.roster.__main__ import main

    sc, res = tmp_path / "s.json", tmp_path / "r.json"
    assert main(["import-curtois", str(CURTOIS / "Instance1.txt"), "-o", str(sc)]) == 0
    assert main(["solve", str(sc), "--time-limit", "10", "--workers", "8", "-o", str(res)]) == 0
    assert main(["check", str(sc), str(res)]) == 0
    out = subprocess.run(
        [sys.executable, str(VERIFY), str(CURTOIS / "Instance1.txt"), str(res)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert json.loads(out.stdout)["feasible"]


def test_bad_fields_are_named():
    """Broken roster fields raise RosterError naming the field."""
    from roster_helpers import scenario

    from solver.roster import RosterError

    bad = scenario()
    bad["operators"][0]["leave"] = [{"start": "2026-01-07", "end": "not a date"}]
    with pytest.raises(RosterError, match=r"operators\[0\]\.leave\[0\]\.end"):
        parse_roster(bad)
    bad = scenario()
    bad["working_time"]["max_week_hour"] = 50
    with pytest.raises(RosterError, match=r"working_time\.max_week_hour"):
        parse_roster(bad)
    bad = scenario(demands=[{"shift": "X", "count": 1}])
    with pytest.raises(RosterError, match="unknown shift"):
        parse_roster(bad)
