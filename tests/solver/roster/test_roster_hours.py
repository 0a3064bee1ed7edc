"""Hour limits: 12 h a shift, 60 h a week, 55 h/4 weeks and 48 h/16 weeks averages, contract hours."""

from datetime import date, timedelta

import pytest
from roster_helpers import check, missing, on, rules_of, scenario, solve

from solver.roster import parse_roster, solve_roster

D0 = date(2026, 1, 5)


@pytest.mark.parametrize(("end", "lacking"), [("19:00", 0), ("20:00", 1)])
def test_max_shift_12h(end, lacking):
    """A 12 h shift may be worked; a 13 h shift may not (the checker agrees)."""
    sc = scenario(
        shifts=[{"id": "D", "start": "07:00", "end": end}],
        demands=[on(D0, 0, "D")],
        rules={"max_shift_hours": {"value": 12}},
    )
    _, r = solve(sc)
    assert missing(r) == lacking
    assert ("max_shift_hours" in rules_of(check(sc, [("A", D0, "D")]))) == bool(lacking)


@pytest.mark.parametrize(("limit", "lacking"), [(60, 0), (59, 1)])
def test_max_week_hours(limit, lacking):
    """Five 12 h shifts (60 h) in one ISO week fit under 60 h and not under 59 h."""
    sc = scenario(
        shifts=[{"id": "D", "start": "07:00", "end": "19:00"}],
        demands=[on(D0, k, "D") for k in range(5)],
        rules={"max_week_hours": {"value": limit}},
    )
    _, r = solve(sc)
    assert missing(r) == lacking
    vs = check(sc, [("A", D0 + timedelta(days=k), "D") for k in range(5)])
    assert ("max_week_hours" in rules_of(vs)) == bool(lacking)


@pytest.mark.parametrize(("before", "lacking"), [([55, 55, 55], 0), ([55, 55, 56], 1)])
def test_avg_4_weeks_counts_hours_before_the_horizon(before, lacking):
    """55 h this week after 165 h in the 3 weeks before is 55 h/week on average; 1 h more is not."""
    ops = [{"id": "A", "qualifications": [{"kind": "op"}], "hours_worked_before": before}]
    sc = scenario(
        shifts=[{"id": "D", "start": "07:00", "end": "18:00"}],
        operators=ops,
        demands=[on(D0, k, "D") for k in range(5)],
        rules={"avg_4w_hours": {"value": 55}},
    )
    _, r = solve(sc)
    assert missing(r) == lacking
    vs = check(sc, [("A", D0 + timedelta(days=k), "D") for k in range(5)])
    assert ("avg_4w_hours" in rules_of(vs)) == bool(lacking)


@pytest.mark.parametrize(("extra", "lacking"), [(0, 0), (1, 1)])
def test_avg_16_weeks(extra, lacking):
    """48 h this week after 15 weeks of 48 h is exactly 48 h/week over 16 weeks; 1 h more earlier is not."""
    before = [48.0] * 14 + [48.0 + extra]
    ops = [{"id": "A", "qualifications": [{"kind": "op"}], "hours_worked_before": before}]
    sc = scenario(
        shifts=[{"id": "D", "start": "07:00", "end": "19:00"}],
        operators=ops,
        demands=[on(D0, k, "D") for k in range(4)],
        rules={"avg_16w_hours": {"value": 48}},
    )
    _, r = solve(sc)
    assert missing(r) == lacking


@pytest.mark.parametrize(("max_h", "lacking"), [(40, 0), (39, 1)])
def test_contract_max_hours(max_h, lacking):
    """Five 8 h shifts fit a 40 h/week contract and not a 39 h one."""
    ops = [{"id": "A", "qualifications": [{"kind": "op"}], "contract": {"max_hours_week": max_h}}]
    sc = scenario(
        operators=ops,
        demands=[on(D0, k, "E") for k in range(5)],
        rules={"contract_hours": {"value": True}},
    )
    _, r = solve(sc)
    assert missing(r) == lacking


def test_contract_min_hours_forces_work_and_days_off_can_make_it_infeasible():
    """A 40 h minimum makes the solver roster five 8 h shifts without demand; with only four
    workable days (three fixed days off) the minimum cannot be met and the result is infeasible."""
    ops = [{"id": "A", "qualifications": [{"kind": "op"}], "contract": {"min_hours_week": 40}}]
    _, r = solve(scenario(operators=ops, rules={"contract_hours": {"value": True}}))
    assert len(r.assignments) == 5
    ops[0]["days_off"] = [str(D0 + timedelta(days=k)) for k in range(3)]
    p = parse_roster(scenario(operators=ops, rules={"contract_hours": {"value": True}}))
    assert p is not None
    assert solve_roster(p, [], time_limit_s=5, workers=2).status == "infeasible"
