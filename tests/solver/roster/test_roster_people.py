"""Qualifications with expiry, leave, part-time days, requests, published roster."""

from datetime import date, datetime, time, timedelta

from roster_helpers import AMS, missing, on, rules_of, scenario, solve

from solver.roster import check_roster, parse_roster

D0 = date(2026, 1, 5)


def test_qualification_expiring_mid_horizon():
    """An operator whose qualification expires on day 2 covers the demand on days 0-2 only; the
    rest is reported uncovered, dated after the expiry."""
    ops = [{"id": "A", "qualifications": [{"kind": "op", "expires": str(D0 + timedelta(days=2))}]}]
    _, r = solve(
        scenario(operators=ops, demands=[{"shift": "E", "count": 1, "qualification": "op"}])
    )
    covered = sorted(a["date"] for a in r.assignments if a["qualification"] == "op")
    assert covered == [str(D0 + timedelta(days=k)) for k in range(3)]
    assert missing(r) == 4
    assert all(u["date"] > str(D0 + timedelta(days=2)) for u in r.uncovered)


def test_checker_rejects_expired_qualification():
    """The checker flags an assignment that claims a qualification the day after it expired."""
    ops = [{"id": "A", "qualifications": [{"kind": "op", "expires": str(D0)}]}]
    p = parse_roster(scenario(operators=ops))
    assert p is not None
    d1 = D0 + timedelta(days=1)
    a = {
        "operator": "A",
        "shift": "E",
        "qualification": "op",
        "start": datetime.combine(d1, time(7), AMS).isoformat(),
        "end": datetime.combine(d1, time(15), AMS).isoformat(),
    }
    assert "qualification" in rules_of(check_roster(p, [], [a]))
    a0 = dict(
        a,
        start=datetime.combine(D0, time(7), AMS).isoformat(),
        end=datetime.combine(D0, time(15), AMS).isoformat(),
    )
    assert rules_of(check_roster(p, [], [a0])) == set()


def test_leave_days_stay_free_and_shortfall_is_reported():
    """Leave on days 2-3 (inclusive dates): the only operator is not rostered then and those two
    days are reported as uncovered."""
    ops = [
        {
            "id": "A",
            "qualifications": [{"kind": "op"}],
            "leave": [{"start": str(D0 + timedelta(days=2)), "end": str(D0 + timedelta(days=3))}],
        }
    ]
    _, r = solve(
        scenario(operators=ops, demands=[{"shift": "E", "count": 1, "qualification": "op"}])
    )
    assert sorted(u["date"] for u in r.uncovered) == [
        str(D0 + timedelta(days=2)),
        str(D0 + timedelta(days=3)),
    ]
    assert len(r.assignments) == 5


def test_leave_by_datetime_blocks_overlapping_shift():
    """Leave given as date-times blocks only the shifts it overlaps (a night ending in it)."""
    night = [{"id": "N", "start": "23:00", "end": "07:00"}]
    lv = {
        "start": datetime.combine(D0 + timedelta(days=1), time(6), AMS).isoformat(),
        "end": datetime.combine(D0 + timedelta(days=1), time(12), AMS).isoformat(),
    }
    ops = [{"id": "A", "qualifications": [{"kind": "op"}], "leave": [lv]}]
    _, r = solve(scenario(shifts=night, operators=ops, demands=[on(D0, 0, "N"), on(D0, 1, "N")]))
    assert [u["date"] for u in r.uncovered] == [str(D0)]


def test_part_time_weekdays():
    """A Mon-Wed part-timer is never rostered Thursday to Sunday."""
    ops = [
        {
            "id": "A",
            "qualifications": [{"kind": "op"}],
            "part_time": {"weekdays": ["mon", "tue", "wed"]},
        }
    ]
    _, r = solve(
        scenario(operators=ops, demands=[{"shift": "E", "count": 1, "qualification": "op"}])
    )
    assert {date.fromisoformat(a["date"]).isoweekday() for a in r.assignments} == {1, 2, 3}
    assert missing(r) == 4


def test_requests_and_fewest_changes():
    """With two interchangeable operators, an off request decides who works; without requests the
    published roster is kept (no changes)."""
    ops = [
        {"id": "A", "qualifications": [{"kind": "op"}]},
        {"id": "B", "qualifications": [{"kind": "op"}]},
    ]
    ops[0]["requests"] = [{"date": str(D0), "shift": "E", "on": False, "weight": 5}]
    _, r = solve(scenario(operators=ops, demands=[on(D0, 0, "E")]))
    assert [a["operator"] for a in r.assignments] == ["B"]
    ops[0]["requests"] = []
    sc = scenario(operators=ops, demands=[on(D0, k, "E") for k in range(3)])
    sc["operators"][0]["current_roster"] = [
        {"date": str(D0 + timedelta(days=k)), "shift": "E"} for k in range(3)
    ]
    sc["working_time"]["objective"] = {"fairness_per_hour": 0, "change": 3}
    _, r = solve(sc)
    assert {a["operator"] for a in r.assignments} == {"A"}
    assert r.objective == 0
