"""Joint suite plan and roster: the staff-capacity family, the cut loop and their guarantees.

Every solver result goes through both independent checkers (suite rules and roster rules).
"""

from __future__ import annotations

from typing import Any

from solver import solve
from solver.problem import Problem
from solver.result import Result
from solver.roster import check_roster
from solver.scenario import parse
from solver.staffcap import SCALE, estimate

from .helpers import D, H, assert_valid, at, campaign, scenario

SHIFTS = [{"id": "E", "start": "07:00", "end": "15:00"},
          {"id": "L", "start": "15:00", "end": "23:00"}]


def staffed(cid: str, dur: int, need: int = 1, qual: str = "aseptic", **kw: Any) -> dict[str, Any]:
    return campaign(cid, dur, staffing=[{"qualification": qual, "count": need, "shifts": ["E"]}],
                    **kw)


def operator(oid: str, *quals: str, **kw: Any) -> dict[str, Any]:
    return {"id": oid, "qualifications": [{"kind": q} for q in quals], **kw}


def with_staff(campaigns: list[dict[str, Any]], operators: list[dict[str, Any]],
               days: int = 21, **kw: Any) -> dict[str, Any]:
    return scenario(campaigns, days=days, shifts=SHIFTS, operators=operators, **kw)


def run_both(data: dict[str, Any], **kw: Any) -> tuple[Problem, Result]:
    """Parse, solve (2 workers, deterministic), check suites and roster."""
    p = parse(data)
    r = solve(p, time_limit_s=kw.pop("time_limit_s", 2), workers=2, deterministic=True, **kw)
    assert r.status in ("optimal", "feasible"), r.conflicts
    assert_valid(p, r)
    if p.roster is not None and r.stats.get("roster"):
        slots = r.to_dict()["slots"]
        v = check_roster(p.roster, slots, r.assignments, r.uncovered)
        assert not v, "\n".join(f"[{x.rule}] {x.message}" for x in v)
    return p, r


def short(r: Result) -> int:
    return sum(int(u["missing"]) for u in r.uncovered)


LEAVE = [{"start": "2026-03-02", "end": "2026-03-08"}]  # the whole first week (Mon-Sun)


def test_capacity_follows_leave_and_expiry():
    """The estimate is 0 aseptic person-shifts while the only operator is on leave or after the
    qualification expired, one person (10 tenths) on the days between."""
    ops = [{"id": "A", "leave": LEAVE,
            "qualifications": [{"kind": "aseptic", "expires": "2026-03-15"}]}]
    p = parse(with_staff([staffed("K1", 3 * D)], ops))
    sc = estimate(p)
    assert sc is not None
    cap = sc.cap["aseptic"]
    assert cap[:7] == [0] * 7 and cap[7:14] == [SCALE] * 7 and cap[14:] == [0] * 7


def test_campaign_moves_after_the_leave_of_its_only_operator():
    """Suites-first puts K1 at once, in the week its only aseptic operator is on leave: 3 early
    shifts uncovered. The joint solve plans it after the leave: nothing uncovered."""
    data = with_staff([staffed("K1", 3 * D, due=at(3 * D))], [operator("A", "aseptic", leave=LEAVE)])
    _, first = run_both(data, joint=False)
    assert first.campaign_slots()["K1"].start_min == 0
    assert short(first) == 3
    _, r = run_both(data)
    assert r.campaign_slots()["K1"].start_min >= 7 * D
    assert short(r) == 0
    assert r.stats["joint"]["rounds"][r.stats["joint"]["best_round"]]["uncovered_person_shifts"] == 0


def test_week_budget_keeps_one_operator_from_eight_days_in_a_row():
    """One operator (at most 6 days in a row by law), two 4-day campaigns from day 0 in two
    suites: suites-first runs them side by side (4 shifts short). The joint plan puts them one
    after the other with a day of rest between (the 7-day budget): nothing short."""
    data = with_staff([staffed("K1", 4 * D, due=at(4 * D)), staffed("K2", 4 * D, due=at(4 * D))],
                      [operator("A", "aseptic")], suites=[{"id": "S1"}, {"id": "S2"}])
    _, first = run_both(data, joint=False)
    assert short(first) == 4
    _, r = run_both(data)
    assert short(r) == 0
    a, b = sorted((s.start_min, s.end_min) for s in r.campaign_slots().values())
    assert b[0] >= a[1] + D


def test_roster_shortfall_becomes_a_cut_and_the_next_round_moves():
    """Both campaigns may start on day 3: the first weekly window (days 0-6) and the second
    (7-13) each see only 4 shifts, so round 0 runs them back to back (8 days in a row, short).
    The cut enforces the windows around the short day; round 1 leaves a rest day and is kept."""
    cs = [staffed(f"K{i}", 4 * D, due=at(7 * D), earliest_start=at(3 * D)) for i in (1, 2)]
    data = with_staff(cs, [operator("A", "aseptic")], suites=[{"id": "S1"}, {"id": "S2"}])
    _, r = run_both(data)
    rounds = r.stats["joint"]["rounds"]
    assert rounds[0]["campaign_person_shifts_short"] > 0 and rounds[0]["cuts"] > 0
    assert r.stats["joint"]["best_round"] == len(rounds) - 1
    assert short(r) == 0


def test_plentiful_staff_keeps_the_suites_only_objective():
    """Six aseptic operators for at most two campaigns a day: staff never binds. Five campaigns in
    two suites whose constructive plan is not the best (21 600 against 15 840 found by the
    search): the joint solve returns the same suite objective as suites-only, both proved
    optimal, keeps round 0, reports nothing forced and covers every staffing need."""
    spec = [("K1", 2, 5, "acme", 2), ("K2", 3, 6, "beta", 2), ("K3", 2, 4, "gamma", 1),
            ("K4", 3, 4, "beta", 1), ("K5", 1, 5, "beta", 4)]
    cs = [staffed(cid, d * D, due=at(due * D), client=client, weight=w)
          for cid, d, due, client, w in spec]
    data = with_staff(cs, [operator(f"O{i}", "aseptic") for i in range(6)],
                      suites=[{"id": "S1"}, {"id": "S2"}])
    p = parse(data)
    only = solve(p, time_limit_s=2, workers=2, deterministic=True, roster=False)
    assert_valid(p, only)
    assert only.status == "optimal"
    _, r = run_both(data)
    assert r.status == "optimal"
    assert r.objective == only.objective
    assert r.stats["greedy_objective"] > r.objective  # the search, not the start, made the plan
    joint = r.stats["joint"]
    assert joint["best_round"] == 0 and "staff_forced" not in joint
    assert short(r) == 0


def test_nobody_qualified_leaves_the_campaign_unplanned_with_a_reason():
    """Nobody holds the viral-vector qualification: K2 is unplanned and says so in words; K1,
    which A can staff, is planned."""
    data = with_staff([staffed("K1", 2 * D), staffed("K2", 2 * D, qual="viral-vector")],
                      [operator("A", "aseptic")])
    _, r = run_both(data)
    why = {u.campaign: u.reason for u in r.unplanned}
    assert set(why) == {"K2"}
    assert "no operator holds a valid viral-vector qualification" in why["K2"]
    assert "K1" in r.campaign_slots()


def test_never_enough_people_present_is_explained():
    """K1 needs 2 aseptic operators per early shift; the second one is on leave for the whole
    horizon: unplanned, and the reason names the head count."""
    ops = [operator("A", "aseptic"),
           operator("B", "aseptic", leave=[{"start": "2026-03-01", "end": "2026-03-30"}])]
    _, r = run_both(with_staff([staffed("K1", 2 * D, need=2)], ops))
    (u,) = r.unplanned
    assert "needs 2 aseptic-qualified operators" in u.reason and "only 1" in u.reason


def test_pinned_campaign_never_moves_and_is_reported_short():
    """A pinned campaign in the leave week stays pinned (reported short by the roster); the free
    one moves after the leave."""
    c1 = staffed("K1", 3 * D, pinned=True, pinned_suite="S1", pinned_start=at(0))
    c2 = staffed("K2", 3 * D, due=at(5 * D))
    data = with_staff([c1, c2], [operator("A", "aseptic", leave=LEAVE)],
                      suites=[{"id": "S1"}, {"id": "S2"}])
    _, r = run_both(data)
    assert r.campaign_slots()["K1"].start_min == 0
    assert r.campaign_slots()["K2"].start_min >= 7 * D
    assert {u["campaign"] for u in r.uncovered} == {"K1"}


def test_no_roster_part_is_unchanged():
    """Without operators the joint switch changes nothing: same slots, objective and stats."""
    data = scenario([campaign("K1", 30 * H, due=at(D)), campaign("K2", 20 * H)])
    p = parse(data)
    a = solve(p, time_limit_s=1, workers=2, deterministic=True)
    b = solve(p, time_limit_s=1, workers=2, deterministic=True, joint=False)
    assert_valid(p, a)
    assert a.slots == b.slots and a.objective == b.objective
    assert "joint" not in a.stats


def test_joint_is_deterministic():
    """Two deterministic joint solves give the same plan, roster and round record."""
    data = with_staff([staffed("K1", 3 * D, due=at(3 * D)), staffed("K2", 2 * D)],
                      [operator("A", "aseptic", leave=LEAVE), operator("B", "aseptic")],
                      suites=[{"id": "S1"}, {"id": "S2"}])
    _, r1 = run_both(data)
    _, r2 = run_both(data)
    assert r1.slots == r2.slots and r1.assignments == r2.assignments
    strip = [{k: v for k, v in x.items() if k != "wall_s"} for x in r1.stats["joint"]["rounds"]]
    assert strip == [{k: v for k, v in x.items() if k != "wall_s"}
                     for x in r2.stats["joint"]["rounds"]]
