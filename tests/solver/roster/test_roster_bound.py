"""Every solve gives a lower bound, and an uncovered need says whether it is proven: nobody else
may work that shift (leave, the qualification missing), not the search giving up."""

from __future__ import annotations

from datetime import date, timedelta

from roster_helpers import every_day, missing, scenario, solve

D0 = date(2026, 1, 5)


def test_people_on_leave_are_a_proven_shortfall_and_the_bound_says_so():
    """Two qualified people for a need of two every day; B is on leave for three days and C
    lacks the qualification: exactly those three person-shifts stay uncovered, each marked
    proven, and the bound equals the objective (the roster is optimal, by the bound)."""
    ops = [
        {"id": "A", "qualifications": [{"kind": "op"}]},
        {
            "id": "B",
            "qualifications": [{"kind": "op"}],
            "leave": [{"start": str(D0 + timedelta(days=2)), "end": str(D0 + timedelta(days=4))}],
        },
        {"id": "C", "qualifications": [{"kind": "other"}]},
    ]
    sc = scenario(start=D0, days=7, operators=ops, demands=[every_day("E", 2)])
    _, r = solve(sc, time_limit=5)
    assert missing(r) == 3
    assert all(u["proven"] for u in r.uncovered)
    assert sorted(u["date"] for u in r.uncovered) == [
        str(D0 + timedelta(days=k)) for k in (2, 3, 4)
    ]
    assert r.bound == r.objective and r.status == "optimal"
    assert r.stats["availability_bound"] == r.objective


def test_a_shortfall_the_search_could_still_close_is_not_marked_proven():
    """Three people may work, but a rule (at most 2 days in a row) keeps each of them off some
    days: what stays uncovered is not marked proven, since people were available that day."""
    ops = [{"id": n, "qualifications": [{"kind": "op"}]} for n in "ABC"]
    sc = scenario(
        start=D0,
        days=7,
        operators=ops,
        demands=[every_day("E", 3)],
        rules={"max_consecutive_days": {"value": 2}},
    )
    _, r = solve(sc, time_limit=5)
    assert missing(r) > 0
    assert not any(u["proven"] for u in r.uncovered)
    assert r.stats["availability_bound"] == 0
    assert r.bound is not None and r.bound <= r.objective
