"""Status and bound are honest: every result is checked before it is returned, a plan that
breaks a rule is repaired or never called optimal or feasible, and the bound is never below
what no plan can avoid."""

from __future__ import annotations

import time

import pytest

from solver import check, solve
from solver.benchmarks.facilities import scenario as facility
from solver.scenario import parse
from solver.suites.search import finalize

from .helpers import D, H, at, campaign, scenario


def _short_vector_case() -> dict:
    """A 20 h vector campaign whose last 5 h 30 min are open processing, ending 06:00, then a cell
    campaign 72 h later: too short for the model's daily-clean rule, so only the check before
    returning sees that the day of 06:00 has no free hour."""
    cs = [campaign("V", 20 * H, modality="lentiviral-vector", open_end_min=5 * H + 30,
                   earliest_start=at(D + 10 * H)),
          campaign("C", D, earliest_start=at(2 * D + 6 * H + 72 * H))]
    return scenario(cs, cleaning_rules=[{"id": "daily", "kind": "daily", "duration_min": 60}], days=10)


def test_a_plan_that_breaks_a_clean_is_repaired_before_it_is_returned() -> None:
    """Handing finalize a placement whose cleans cannot fit: what comes back passes the checker
    and says it was repaired; its status is feasible at best."""
    p = parse(_short_vector_case())
    bad = {"V": ("S1", D + 10 * H), "C": ("S1", 2 * D + 6 * H + 72 * H)}
    res = finalize(p, "weighted", bad, "optimal", None, {}, {}, {}, time.monotonic())
    assert check(p, res) == []
    assert res.stats["repaired"] == ["cleaning-daily"]
    assert res.status in ("optimal", "feasible") and res.objective is not None and res.bound is not None
    assert res.objective >= res.bound


def test_fixed_campaigns_that_break_a_clean_are_never_feasible() -> None:
    """When the fixed campaigns themselves leave no room for a clean, solve() says infeasible
    with the clean in words, and finalize would never call such a plan feasible."""
    data = _short_vector_case()
    for c, st in (("V", D + 10 * H), ("C", 2 * D + 6 * H + 72 * H)):
        c_ = next(x for x in data["campaigns"] if x["id"] == c)
        c_.update(pinned=True, pinned_suite="S1", pinned_start=at(st))
    p = parse(data)
    r = solve(p, time_limit_s=2, workers=2)
    assert r.status == "infeasible" and "daily clean" in r.conflicts[0]
    res = finalize(p, "weighted", {"V": ("S1", D + 10 * H), "C": ("S1", 2 * D + 6 * H + 72 * H)},
                   "optimal", None, {}, {}, {}, time.monotonic())
    assert res.status not in ("optimal", "feasible") and res.conflicts


@pytest.mark.parametrize("seed", [7, 8])
def test_generated_facility_results_pass_the_checker_and_the_bound_floor(seed: int) -> None:
    """A generated 7-suite facility (maintenance, requalification, DST, fresh material, shelf
    life, pins, frozen days, default cleans and clean hold): the plan passes the checker, the
    bound is at least the readable floor and never above the objective."""
    p = parse(facility("small", seed))
    r = solve(p, time_limit_s=3, workers=2)
    assert r.status in ("optimal", "feasible")
    assert check(p, r) == []
    assert r.bound is not None and r.objective is not None
    assert r.stats["bound_floor"] <= r.bound <= r.objective
    assert r.status != "optimal" or r.objective == r.bound


def test_large_neighbourhood_search_is_deterministic() -> None:
    """A 100-campaign facility (too big for one model: the time-window LNS) solved twice with
    deterministic=True gives the same plan, and it passes the checker."""
    p = parse(facility("medium", 5))
    a = solve(p, time_limit_s=1, workers=2, seed=3, deterministic=True)
    b = solve(p, time_limit_s=1, workers=2, seed=3, deterministic=True)
    assert a.stats["engine"] == "lns-weighted" and a.stats["iterations"] > 0
    assert a.slots == b.slots and a.objective == b.objective
    assert check(p, a) == []
