"""Rest between shifts: 11 h, shortenable to 8 h once in 7 days (ATW)."""

from datetime import date, timedelta

from roster_helpers import check, missing, on, rules_of, scenario, solve

D0 = date(2026, 1, 5)
REST = {"min_rest_hours": {"value": 11}}


def _sc(second_start: str, rules: dict) -> dict:
    h = int(second_start[:2])
    shifts = [
        {"id": "E", "start": "07:00", "end": "15:00"},
        {"id": "X", "start": second_start, "end": f"{h + 4:02d}:00"},
    ]
    return scenario(shifts=shifts, demands=[on(D0, 0, "E"), on(D0, 1, "X")], rules=rules)


def test_rest_11h_at_limit_is_feasible():
    """E ends 15:00, X starts 02:00 the next day: exactly 11 h rest, both shifts covered."""
    _, r = solve(_sc("02:00", REST))
    assert missing(r) == 0


def test_rest_one_hour_short_is_infeasible():
    """X at 01:00 leaves 10 h rest: with no short rest allowed one shift stays uncovered."""
    _, r = solve(_sc("01:00", REST))
    assert missing(r) == 1


def test_checker_flags_10h_rest_and_accepts_11h():
    """The independent checker flags a 10 h rest and accepts 11 h."""
    bad = check(_sc("01:00", REST), [("A", D0, "E"), ("A", D0 + timedelta(days=1), "X")])
    ok = check(_sc("02:00", REST), [("A", D0, "E"), ("A", D0 + timedelta(days=1), "X")])
    assert "min_rest_hours" in rules_of(bad)
    assert rules_of(ok) == set()


SHORT = {
    "min_rest_hours": {"value": 11},
    "short_rest_hours": {"value": 8},
    "short_rest_per_days": {"value": 7},
}
LE = [{"id": "L", "start": "15:00", "end": "23:00"}, {"id": "E", "start": "07:00", "end": "15:00"}]


def test_short_rest_8h_once_in_7_days():
    """L then E the next day (8 h rest) is allowed once in 7 days; a second time within 7 days is not."""
    once = scenario(shifts=LE, demands=[on(D0, 0, "L"), on(D0, 1, "E")], rules=SHORT)
    _, r = solve(once)
    assert missing(r) == 0
    twice = scenario(
        shifts=LE,
        demands=[on(D0, 0, "L"), on(D0, 1, "E"), on(D0, 3, "L"), on(D0, 4, "E")],
        rules=SHORT,
    )
    _, r = solve(twice)
    assert missing(r) == 1
    vs = check(
        twice,
        [
            ("A", D0, "L"),
            ("A", D0 + timedelta(days=1), "E"),
            ("A", D0 + timedelta(days=3), "L"),
            ("A", D0 + timedelta(days=4), "E"),
        ],
    )
    assert "short_rest_hours" in rules_of(vs)


def test_short_rest_never_below_8h():
    """A 7 h rest (L 15-23, then 06:00) is never allowed, even as the one short rest."""
    shifts = [
        {"id": "L", "start": "15:00", "end": "23:00"},
        {"id": "E", "start": "06:00", "end": "14:00"},
    ]
    _, r = solve(scenario(shifts=shifts, demands=[on(D0, 0, "L"), on(D0, 1, "E")], rules=SHORT))
    assert missing(r) == 1


def test_soft_rest_is_broken_with_a_named_penalty():
    """A soft rest rule may be broken when demand outweighs it; the checker reports it as soft."""
    sc = _sc("01:00", {"min_rest_hours": {"value": 11, "hard": False, "weight": 10}})
    _, r = solve(sc)
    assert missing(r) == 0
    assert r.penalties.get("min_rest_hours") == 10
