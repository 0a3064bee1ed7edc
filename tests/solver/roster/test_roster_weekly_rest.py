"""Weekly rest: 36 h uninterrupted rest (24 h + 11 h, rounded up) in every 7 local days."""

from datetime import date, timedelta

import pytest
from roster_helpers import check, missing, on, rules_of, scenario, solve

D0 = date(2026, 1, 5)


@pytest.mark.parametrize(("m_start", "lacking"), [("03:00", 0), ("02:00", 1)])
def test_weekly_rest_36h(m_start, lacking):
    """E Mon-Thu, M on Saturday, E on Sunday: the only long rest is Thu 15:00 to Sat M start,
    36 h when M starts 03:00 (feasible) and 35 h at 02:00 (one shift uncovered)."""
    h = int(m_start[:2])
    shifts = [
        {"id": "E", "start": "07:00", "end": "15:00"},
        {"id": "M", "start": m_start, "end": f"{h + 8:02d}:00"},
    ]
    dem = [on(D0, k, "E") for k in (0, 1, 2, 3, 6)] + [on(D0, 5, "M")]
    sc = scenario(shifts=shifts, demands=dem, rules={"weekly_rest_hours": {"value": 36}})
    _, r = solve(sc)
    assert missing(r) == lacking
    roster = [("A", D0 + timedelta(days=k), "E") for k in (0, 1, 2, 3, 6)] + [
        ("A", D0 + timedelta(days=5), "M")
    ]
    assert ("weekly_rest_hours" in rules_of(check(sc, roster))) == bool(lacking)
