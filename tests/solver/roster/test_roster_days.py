"""Rules on days: consecutive working days, days off, weekends, shifts per kind, successions."""

from datetime import date, timedelta

import pytest
from roster_helpers import check, missing, on, rules_of, scenario, solve

D0 = date(2026, 1, 5)  # a Monday


def _ops(**kw):
    return [{"id": "A", "qualifications": [{"kind": "op"}], **kw}]


@pytest.mark.parametrize(("days", "lacking"), [(5, 0), (6, 1)])
def test_max_consecutive_days(days, lacking):
    """With at most 5 days in a row, 5 demanded days are covered and 6 leave one uncovered."""
    sc = scenario(
        demands=[on(D0, k, "E") for k in range(days)], rules={"max_consecutive_days": {"value": 5}}
    )
    _, r = solve(sc)
    assert missing(r) == lacking
    assert (
        "max_consecutive_days"
        in rules_of(check(sc, [("A", D0 + timedelta(days=k), "E") for k in range(days)]))
    ) == bool(lacking)


@pytest.mark.parametrize(("off", "demand", "lacking"), [([1, 4], [2, 3], 0), ([1, 3], [2], 1)])
def test_min_consecutive_days(off, demand, lacking):
    """With at least 2 days in a row, a lone day between two fixed days off cannot be worked."""
    sc = scenario(
        operators=_ops(days_off=[str(D0 + timedelta(days=k)) for k in off]),
        demands=[on(D0, k, "E") for k in demand],
        rules={"min_consecutive_days": {"value": 2}},
    )
    _, r = solve(sc)
    assert missing(r) == lacking


@pytest.mark.parametrize(
    ("off", "demand", "lacking"), [([3, 4], [1, 2, 5, 6], 0), ([3], [1, 2, 4, 5], 1)]
)
def test_min_consecutive_days_off(off, demand, lacking):
    """With at least 2 days off in a row, a single day off between worked days is not allowed."""
    sc = scenario(
        operators=_ops(days_off=[str(D0 + timedelta(days=k)) for k in off]),
        demands=[on(D0, k, "E") for k in demand],
        rules={"min_consecutive_days_off": {"value": 2}},
    )
    _, r = solve(sc)
    assert missing(r) == lacking
    roster = [("A", D0 + timedelta(days=k), "E") for k in demand]
    assert ("min_consecutive_days_off" in rules_of(check(sc, roster))) == bool(lacking)


@pytest.mark.parametrize(("limit", "lacking"), [(2, 0), (1, 1)])
def test_max_weekends(limit, lacking):
    """Two Saturdays in two weeks need max_weekends 2; with 1, one stays uncovered."""
    sc = scenario(
        days=14, demands=[on(D0, 5, "E"), on(D0, 12, "E")], rules={"max_weekends": {"value": limit}}
    )
    _, r = solve(sc)
    assert missing(r) == lacking


@pytest.mark.parametrize(("limit", "lacking"), [(3, 0), (2, 1)])
def test_max_shifts_per_kind(limit, lacking):
    """Three demanded nights need a night maximum of 3."""
    shifts = [{"id": "N", "start": "23:00", "end": "07:00", "night": True}]
    sc = scenario(
        shifts=shifts,
        demands=[on(D0, k, "N") for k in (0, 2, 4)],
        rules={"max_shifts_per_kind": {"value": {"N": limit}}},
    )
    _, r = solve(sc)
    assert missing(r) == lacking


def test_forbidden_succession():
    """L may not be followed by E the next day; E followed by L is fine."""
    shifts = [
        {"id": "E", "start": "07:00", "end": "15:00"},
        {"id": "L", "start": "15:00", "end": "23:00"},
    ]
    rules = {"forbidden_successions": {"value": [["L", "E"]]}}
    _, r = solve(scenario(shifts=shifts, demands=[on(D0, 0, "L"), on(D0, 1, "E")], rules=rules))
    assert missing(r) == 1
    _, r = solve(scenario(shifts=shifts, demands=[on(D0, 0, "E"), on(D0, 1, "L")], rules=rules))
    assert missing(r) == 0
    vs = check(
        scenario(shifts=shifts, rules=rules), [("A", D0, "L"), ("A", D0 + timedelta(days=1), "E")]
    )
    assert "forbidden_successions" in rules_of(vs)


@pytest.mark.parametrize(
    ("first", "second", "lacking"),
    [("N", "E", 1), ("N", "D", 1), ("M", "E", 1), ("M", "D", 1), ("L", "E", 1), ("L", "D", 0),
     ("E", "D", 0), ("D", "E", 0), ("N", "N", 0)],
)
def test_forbidden_successions_in_families(first, second, lacking):
    """Shifts with the same forbidden followers (N and M: not E or D; L: not E) share one row a
    day in the model: every forbidden pair of each family stays forbidden, and nothing else."""
    shifts = [
        {"id": "E", "start": "06:00", "end": "10:00"},
        {"id": "D", "start": "10:00", "end": "14:00"},
        {"id": "L", "start": "14:00", "end": "18:00"},
        {"id": "M", "start": "18:00", "end": "21:00"},
        {"id": "N", "start": "21:00", "end": "23:59"},
    ]
    rules = {"forbidden_successions": {"value": [["N", "E"], ["N", "D"], ["M", "E"], ["M", "D"],
                                                 ["L", "E"]]}}
    sc = scenario(shifts=shifts, demands=[on(D0, 0, first), on(D0, 1, second)], rules=rules)
    _, r = solve(sc)
    assert missing(r) == lacking
    vs = check(scenario(shifts=shifts, rules=rules),
               [("A", D0, first), ("A", D0 + timedelta(days=1), second)])
    assert ("forbidden_successions" in rules_of(vs)) == bool(lacking)
