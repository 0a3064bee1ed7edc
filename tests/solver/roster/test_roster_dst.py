"""Shifts across the DST changes of 2026-2028 last 7 or 9 real hours and count so."""

from datetime import date, datetime, timedelta

import pytest
from roster_helpers import AMS, check, missing, on, rules_of, scenario, solve

from solver.roster import parse_roster
from solver.roster.timegrid import ShiftGrid

NIGHT = [{"id": "N", "start": "23:00", "end": "07:00", "night": True}]
# (Saturday before the change, real hours of the night starting that Saturday)
CHANGES = [
    (date(2026, 3, 28), 7),
    (date(2026, 10, 24), 9),
    (date(2027, 3, 27), 7),
    (date(2027, 10, 30), 9),
    (date(2028, 3, 25), 7),
    (date(2028, 10, 28), 9),
]


@pytest.mark.parametrize(("saturday", "hours"), CHANGES)
def test_night_across_dst_lasts_7_or_9_hours(saturday, hours):
    """The time grid gives the night that starts on the Saturday before a change its real length,
    and every other night of that week 8 h."""
    monday = saturday - timedelta(days=5)
    p = parse_roster(scenario(start=monday, shifts=NIGHT))
    assert p is not None
    g = ShiftGrid(p)
    lengths = [g.inst[(k, "N")].minutes / 60 for k in range(7)]
    assert lengths[5] == hours
    assert [h for k, h in enumerate(lengths) if k != 5] == [8.0] * 6


@pytest.mark.parametrize(("saturday", "hours"), CHANGES)
def test_week_hours_count_real_dst_hours(saturday, hours):
    """Six nights Mon-Sat in the DST week total 40 + real hours; a week limit at that total is
    feasible and one hour below leaves a night uncovered. Assignments carry the real offsets."""
    monday = saturday - timedelta(days=5)
    total = 40 + hours
    for limit, lacking in ((total, 0), (total - 1, 1)):
        sc = scenario(
            start=monday,
            shifts=NIGHT,
            demands=[on(monday, k, "N") for k in range(6)],
            rules={"max_week_hours": {"value": limit}},
        )
        _, r = solve(sc)
        assert missing(r) == lacking
    sc = scenario(
        start=monday,
        shifts=NIGHT,
        demands=[on(monday, k, "N") for k in range(6)],
        rules={"max_week_hours": {"value": total}},
    )
    _, r = solve(sc)
    a = next(a for a in r.assignments if a["date"] == str(saturday))
    span = datetime.fromisoformat(a["end"]) - datetime.fromisoformat(a["start"])
    assert span == timedelta(hours=hours)
    assert datetime.fromisoformat(a["end"]).astimezone(AMS).hour == 7
    vs = check(
        scenario(start=monday, shifts=NIGHT, rules={"max_week_hours": {"value": total - 1}}),
        [("A", monday + timedelta(days=k), "N") for k in range(6)],
    )
    assert "max_week_hours" in rules_of(vs)
