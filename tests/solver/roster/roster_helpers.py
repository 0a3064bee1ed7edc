"""Small scenario builders for the roster tests."""

from __future__ import annotations

import copy
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from solver.roster import RosterResult, check_roster, parse_roster, solve_roster
from solver.roster.problem import RosterProblem
from solver.violation import Violation

AMS = ZoneInfo("Europe/Amsterdam")
LAW_OFF = {
    "max_shift_hours": {"enabled": False},
    "min_rest_hours": {"enabled": False},
    "short_rest_hours": {"enabled": False},
    "max_week_hours": {"enabled": False},
    "avg_4w_hours": {"enabled": False},
    "avg_16w_hours": {"enabled": False},
    "weekly_rest_hours": {"enabled": False},
    "max_consecutive_days": {"enabled": False},
    "min_consecutive_days": {"enabled": False},
    "min_consecutive_days_off": {"enabled": False},
    "contract_hours": {"enabled": False},
}


def scenario(
    start: date = date(2026, 1, 5),
    days: int = 7,
    shifts: list[dict[str, Any]] | None = None,
    operators: list[dict[str, Any]] | None = None,
    demands: list[dict[str, Any]] | None = None,
    rules: dict[str, Any] | None = None,
    only: bool = True,
) -> dict[str, Any]:
    """A scenario; with only=True every law rule is off except those given in `rules`."""
    wt = copy.deepcopy(LAW_OFF) if only else {}
    wt.update(rules or {})
    wt["objective"] = {"fairness_per_hour": 0, "change": 0}
    return {
        "format": "necst-scenario",
        "version": 1,
        "timezone": "Europe/Amsterdam",
        "horizon_start": datetime.combine(start, time(0), AMS).isoformat(),
        "horizon_end": datetime.combine(start + timedelta(days=days), time(0), AMS).isoformat(),
        "suites": [],
        "campaigns": [],
        "shifts": shifts or [{"id": "E", "start": "07:00", "end": "15:00"}],
        "operators": operators or [{"id": "A", "qualifications": [{"kind": "op"}]}],
        "demands": demands or [],
        "working_time": wt,
    }


def every_day(
    shift: str = "E", count: int = 1, qualification: str | None = "op", **kw: Any
) -> dict[str, Any]:
    return {"shift": shift, "count": count, "qualification": qualification, **kw}


def on(
    day0: date, k: int, shift: str, count: int = 1, qualification: str | None = "op"
) -> dict[str, Any]:
    return {
        "date": str(day0 + timedelta(days=k)),
        "shift": shift,
        "count": count,
        "qualification": qualification,
    }


def solve(
    sc: dict[str, Any], slots: list[dict[str, Any]] | None = None, time_limit: float = 10.0
) -> tuple[RosterProblem, RosterResult]:
    """Solve and assert the independent checker finds no hard violation in the result."""
    p = parse_roster(sc)
    assert p is not None
    r = solve_roster(p, slots or [], time_limit_s=time_limit, workers=2, seed=1)
    assert r.status in ("optimal", "feasible"), r.status
    vs = [v for v in check_roster(p, slots or [], r.assignments, r.uncovered) if v.hard]
    assert vs == [], vs
    return p, r


def missing(r: RosterResult) -> int:
    return sum(u["missing"] for u in r.uncovered)


def check(sc: dict[str, Any], roster: list[tuple[str, date, str]]) -> list[Violation]:
    """Run the checker on a hand-made roster [(operator, local date, shift id)]."""
    p = parse_roster(sc)
    assert p is not None
    tz = AMS
    sh = {s["id"]: s for s in sc["shifts"]}
    out = []
    for op, d, s in roster:
        h, m = map(int, sh[s]["start"].split(":"))
        h2, m2 = map(int, sh[s]["end"].split(":"))
        a = datetime.combine(d, time(h, m), tz)
        e_day = d + timedelta(days=1) if (h2, m2) <= (h, m) else d
        b = datetime.combine(e_day, time(h2, m2), tz)
        out.append({"operator": op, "start": a.isoformat(), "end": b.isoformat(), "shift": s})
    return check_roster(p, [], out)


def rules_of(vs: list[Violation]) -> set[str]:
    return {v.rule for v in vs}


def first_roster(rm: Any, seconds: float, seed: int) -> list[int]:
    """Any solution of a whole RosterModel `rm` CP-SAT finds in `seconds` of deterministic
    time (two workers): a loaded machine takes longer for it, not finds none (wall time, at
    load 28, left 5 tests without a first roster)."""
    from ortools.sat.python import cp_model

    s = cp_model.CpSolver()
    s.parameters.num_workers = 2
    s.parameters.random_seed = seed
    s.parameters.max_deterministic_time = seconds
    s.parameters.max_time_in_seconds = 120 + 20 * seconds  # a ceiling only
    st = s.solve(rm.m)
    assert st in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return list(s.response_proto.solution)
