"""The public API: cheap import, progress callback, cancel, determinism, explain, Result JSON."""

from __future__ import annotations

import subprocess
import sys
import threading

from solver import explain, solve
from solver.benchmarks.vr import generate_text, parse_text, to_scenario
from solver.generate import facility
from solver.result import Result
from solver.scenario import parse

from .helpers import D, assert_valid, at, campaign, run, scenario


def test_import_does_not_load_ortools() -> None:
    """`import solver` and the scenario parser do not import ortools (app start-up stays fast)."""
    code = ("import sys, solver, solver.scenario, solver.check, solver.result; "
            "print(any(m.startswith('ortools') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_progress_is_called_with_objective_bound_elapsed() -> None:
    """progress(objective, bound, elapsed) is called on improving plans, bound <= objective."""
    calls: list[tuple[float, float, float]] = []
    p = parse(facility(1))
    r = solve(p, time_limit_s=3, workers=2, progress=lambda o, b, t: calls.append((o, b, t)))
    assert calls and all(b <= o + 1e-6 and t >= 0 for o, b, t in calls)
    assert_valid(p, r)


def test_stop_event_cancels_and_keeps_best() -> None:
    """Setting the stop event ends a long solve early with the best plan found so far."""
    n, m, pt, st = parse_text(generate_text(80, 12, 99, seed=5))
    p = parse(to_scenario(n, m, pt, st, "gen"))
    stop = threading.Event()
    threading.Timer(0.8, stop.set).start()
    r = solve(p, time_limit_s=60, workers=2, stop=stop)
    assert r.wall_s < 5 and r.status == "feasible"
    assert_valid(p, r)


def test_deterministic_mode_gives_the_same_plan() -> None:
    """Same scenario, seed and workers with deterministic=True: identical slots, twice."""
    p = parse(facility(1, seed=2))
    a = solve(p, time_limit_s=1, workers=2, seed=7, deterministic=True)
    b = solve(p, time_limit_s=1, workers=2, seed=7, deterministic=True)
    assert a.slots == b.slots and a.objective == b.objective
    n, m, pt, st = parse_text(generate_text(50, 10, 49, seed=9))
    q = parse(to_scenario(n, m, pt, st, "gen"))
    x = solve(q, time_limit_s=0.5, workers=2, seed=3, deterministic=True)
    y = solve(q, time_limit_s=0.5, workers=2, seed=3, deterministic=True)
    assert x.slots == y.slots


def test_result_json_round_trip_and_fields() -> None:
    """Result.to_dict has the RESULT.json keys; from_dict gives the same slots back."""
    _p, r = run(scenario([campaign("A", D), campaign("B", D, earliest_start=at(D))]))
    d = r.to_dict()
    for key in ("status", "objective", "bound", "wall_s", "horizon_start", "slots", "unplanned",
                "penalties", "assignments"):
        assert key in d
    assert d["horizon_start"] == "2026-03-02T00:00:00+01:00"
    back = Result.from_dict(d)
    assert back.slots == r.slots and back.status == r.status


def test_explain_names_the_reason_for_waiting() -> None:
    """explain() says a campaign waits for its predecessor and the changeover in its suite."""
    cs = [campaign("A", 2 * D, pinned=True, pinned_suite="S1", pinned_start=at(0)), campaign("B", D)]
    p, r = run(scenario(cs))
    lines = explain(p, r, "B")
    assert any("A occupies" in x and "changeover A → B" in x for x in lines)
    assert "pinned" in " ".join(explain(p, r, "A"))


def test_big_facility_uses_lns_and_stays_valid() -> None:
    """A facility too big for one model (x3) is improved by the weighted LNS from the greedy
    plan: never worse than the constructive plan, every campaign accounted for, checker-clean."""
    from solver.suites.heuristic import greedy
    from solver.suites.plans import evaluate

    p = parse(facility(3))
    start = evaluate(p, greedy(p)[0])[0]
    r = solve(p, time_limit_s=3, workers=2)
    assert r.stats.get("engine") == "lns-weighted"
    assert r.objective is not None and r.objective <= start
    assert_valid(p, r)
