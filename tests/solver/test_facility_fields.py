"""What real facilities need, in format, solver and checker: a latest start (fresh apheresis
material), a maximum lag (vector shelf life), a window that counts as the changeover, cleaning
rules limited to weekdays, a required room grade; and the checker's changeover-start rule."""

from __future__ import annotations

from solver import check
from solver.result import Slot
from solver.scenario import parse, to_dict

from .helpers import D, H, at, campaign, run, scenario, start_of


def test_latest_start_is_kept_and_checked() -> None:
    """Two campaigns want the only suite at once; the one whose material must start within 2 h
    goes first although the other is due sooner, and a plan starting it later is flagged."""
    cs = [campaign("A", D, due=at(D + 60), weight=5),
          campaign("F", D, latest_start=at(2 * H), client="other")]
    p, r = run(scenario(cs))
    assert start_of(r, "F")[1] <= 2 * H and not r.unplanned
    late = [Slot("campaign", "S1", 0, D, campaign="A"), Slot("campaign", "S1", 2 * D, 3 * D, campaign="F"),
            Slot("changeover", "S1", D, 2 * D, from_campaign="A", to_campaign="F")]
    assert [v.rule for v in check(p, late)] == ["latest-start"]
    assert parse(to_dict(p)).campaign_by_id["F"].latest_start_min == 2 * H


def test_latest_start_that_cannot_be_met_leaves_it_unplanned_with_the_reason() -> None:
    """Material that must start before the suite is free again is refused with words."""
    cs = [campaign("P", 3 * D, pinned=True, pinned_suite="S1", pinned_start=at(0)),
          campaign("F", D, latest_start=at(D))]
    _, r = run(scenario(cs))
    assert [u.campaign for u in r.unplanned] == ["F"] and "starting between" in r.unplanned[0].reason


def test_max_lag_pulls_the_vector_towards_its_cell_campaign() -> None:
    """A vector lot must be used within 2 days of its QC release (1 day after it ends); the cell
    campaign cannot start before day 10, so the vector runs late enough; starting it on day 0 is
    flagged by the checker."""
    cs = [campaign("V", D, modality="lentiviral-vector"), campaign("C", D, earliest_start=at(10 * D))]
    deps = [{"before": "V", "after": "C", "min_lag_min": D, "max_lag_min": 2 * D}]
    suites = [{"id": "S1", "capabilities": []}, {"id": "S2", "capabilities": []}]
    p, r = run(scenario(cs, suites, dependencies=deps))
    v_end = r.campaign_slots()["V"].end_min
    c_start = r.campaign_slots()["C"].start_min
    assert D <= c_start - v_end <= 2 * D
    bad = [Slot("campaign", "S1", 0, D, campaign="V"), Slot("campaign", "S2", 10 * D, 11 * D, campaign="C")]
    assert [v.rule for v in check(p, bad)] == ["dependency-max-lag"]


def _bridge(counts: bool) -> dict:
    """A viral campaign ending when a 3-day requalification starts, a cell campaign that must
    start when it ends (the viral -> cell changeover is 72 h)."""
    w = {"suite": "S1", "start": at(3 * D), "end": at(6 * D), "kind": "requalification"}
    if counts:
        w["counts_as_changeover"] = True
    cs = [campaign("V", 3 * D, modality="lentiviral-vector", pinned=True, pinned_suite="S1", pinned_start=at(0)),
          campaign("C", 2 * D, earliest_start=at(6 * D), latest_start=at(6 * D))]
    return scenario(cs, unavailable=[w], clean_hold_min=48 * H,
                    cleaning_rules=[{"id": "clean-hold", "kind": "clean-hold", "duration_min": 120}])


def test_window_that_counts_as_the_changeover_replaces_it() -> None:
    """With counts_as_changeover the cell campaign starts at the window's end with no changeover
    slot and no re-clean (the suite is released clean); without it, it cannot be planned."""
    _, r = run(_bridge(True))
    assert start_of(r, "C") == ("S1", 6 * D)
    assert not [s for s in r.slots if s.kind in ("changeover", "cleaning")]
    assert r.penalties["changeover_min"] == 0
    _, r2 = run(_bridge(False))
    assert [u.campaign for u in r2.unplanned] == ["C"]
    # the checker: without the flag the same plan lacks its changeover
    p2 = parse(_bridge(False))
    assert {v.rule for v in check(p2, r.slots)} == {"changeover-slot"}


def test_cleaning_rule_limited_to_weekdays() -> None:
    """A daily clean limited to Monday-Friday: a campaign over a weekend gets cleans on the
    weekdays only, and a clean of that rule on a Saturday is flagged."""
    rules = [{"id": "daily", "kind": "daily", "duration_min": 60, "weekdays": ["mon", "tue", "wed", "thu", "fri"]}]
    cs = [campaign("A", 6 * D, earliest_start=at(3 * D + 7 * H))]  # Thu 5 Mar 07:00 .. Wed 11 Mar
    p, r = run(scenario(cs, cleaning_rules=rules))
    days = sorted({r.to_dict()["slots"][k]["start"][:10] for k, s in enumerate(r.slots) if s.kind == "cleaning"})
    assert days == ["2026-03-05", "2026-03-06", "2026-03-09", "2026-03-10", "2026-03-11"]
    sat = Slot("cleaning", "S1", 5 * D + 14 * H, 5 * D + 15 * H, rule="daily")
    assert [v.rule for v in check(p, [*r.slots, sat])] == ["cleaning-weekday"]


def test_required_room_grade() -> None:
    """A campaign that needs grade B runs in the grade B suite, not the grade C one, and the
    checker names the grade when a plan puts it in C."""
    suites = [{"id": "C1", "grade": "C", "capabilities": []}, {"id": "B1", "grade": "B", "capabilities": []}]
    cs = [campaign("K", D, required_grade="B")]
    p, r = run(scenario(cs, suites))
    assert start_of(r, "K")[0] == "B1"
    v = check(p, [Slot("campaign", "C1", 0, D, campaign="K")])
    assert [x.rule for x in v] == ["ineligible-suite"] and "grade C" in v[0].message


def test_checker_changeover_starts_when_its_predecessor_ends() -> None:
    """A changeover slot that starts an hour after its predecessor ends is flagged, even though
    it is long enough and lies between the two campaigns."""
    cs = [campaign("A", D), campaign("B", D, client="other")]
    p = parse(scenario(cs))
    plan = [Slot("campaign", "S1", 0, D, campaign="A"),
            Slot("changeover", "S1", D + H, 2 * D + H, from_campaign="A", to_campaign="B"),
            Slot("campaign", "S1", 2 * D + H, 3 * D + H, campaign="B")]
    assert [v.rule for v in check(p, plan)] == ["changeover-start"]
    plan[1] = Slot("changeover", "S1", D, 2 * D, from_campaign="A", to_campaign="B")
    assert check(p, plan) == []
