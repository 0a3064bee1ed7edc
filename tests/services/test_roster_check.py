"""RosterChecker (the roster view's drop check and command builder) without Qt: each working-time
rule a hand-made reassignment can break is refused in words, an allowed move is one Update the
editing service applies and undoes, and the roster's flags come from the solver's checker."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

import pytest

from necst_desktop.domain.commands import Update
from necst_desktop.domain.model import RosterAssignment, ShiftDef
from necst_desktop.persistence.db import Database
from necst_desktop.services.editing import EditingService
from necst_desktop.services.planning.roster import RosterChecker, fill_roster
from necst_desktop.services.queries import Snapshot, load_snapshot
from tests.conftest import DEMO_START

MON = DEMO_START  # Monday 2026-11-30


@pytest.fixture
def base(demo_db: Database) -> Snapshot:
    """The demo facility with an empty roster (assignments are added per test, not saved)."""
    return dataclasses.replace(load_snapshot(demo_db), assignments=[])


def free_operator(snap: Snapshot, *, skip: tuple[int, ...] = ()) -> Any:
    """A full-timer without leave or expiring qualifications in the first five weeks."""
    on_leave = {lv.operator_id for lv in snap.leave}
    for op in snap.operators:
        if op.id in skip or op.days_off or op.id in on_leave:
            continue
        if all(q.expires > MON + timedelta(days=40) for q in op.qualifications):
            return op
    raise AssertionError("the demo has no such operator")


class Roster:
    """Builds assignments for a snapshot: ``add(op, 'early', day)``."""

    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap
        self.items: list[RosterAssignment] = []
        self.shifts = {s.code: s for s in snap.shifts}

    def add(self, op: Any, code: str, day: date) -> RosterAssignment:
        start, end = self.shifts[code].bounds(day, self.snap.facility.tz)
        a = RosterAssignment(operator_id=op.id, day=day, shift_code=code, start=start, end=end,
                             id=1000 + len(self.items), version=1)
        self.items.append(a)
        return a

    def checker(self, **extra: Any) -> RosterChecker:
        return RosterChecker(dataclasses.replace(self.snap, assignments=self.items, **extra))


def test_qualification_expired_on_the_day_is_refused_with_the_date(base: Snapshot) -> None:
    """OP06's gowning expires in week 3: a shift moved to OP06 after that day is refused naming
    the expiry date; the same shift before the expiry is allowed."""
    op6 = next(o for o in base.operators if o.code == "OP06")
    expiry = next(q.expires for q in op6.qualifications if q.kind.value == "gowning-grade-b")
    giver = free_operator(base, skip=(op6.id,))
    r = Roster(base)
    late = r.add(giver, "early", expiry + timedelta(days=1))
    ok = r.add(giver, "early", expiry - timedelta(days=1))
    chk = r.checker()
    refused = chk.evaluate(late.id, op6.id, late.day)
    assert not refused.ok and refused.command is None
    assert f"expired on {expiry:%d %b %Y}" in (refused.reason or "")
    assert chk.evaluate(ok.id, op6.id, ok.day).ok


def test_leave_and_part_time_days_are_refused(base: Snapshot) -> None:
    """A shift moved onto a day of the receiver's leave, or onto a part-timer's day off, is
    refused by the solver checker's leave / part-time rules."""
    lv = base.leave[0]
    on_leave = next(o for o in base.operators if o.id == lv.operator_id)
    part_timer = next(o for o in base.operators if o.days_off)
    day_off = MON + timedelta(days=part_timer.days_off[0])
    giver = free_operator(base, skip=(on_leave.id, part_timer.id))
    r = Roster(base)
    a = r.add(giver, "early", lv.start)
    b = r.add(giver, "early", day_off)
    chk = r.checker()
    assert "leave" in (chk.evaluate(a.id, on_leave.id, lv.start).reason or "")
    assert "not a contract day" in (chk.evaluate(b.id, part_timer.id, day_off).reason or "")


def test_rest_short_once_in_seven_days_then_refused(base: Snapshot) -> None:
    """Late then early the next day leaves 8 h rest: allowed once in 7 days (Arbeidstijdenwet),
    refused the second time; a night followed by an early shift (0 h rest) is always refused."""
    op = free_operator(base)
    giver = free_operator(base, skip=(op.id,))
    r = Roster(base)
    r.add(op, "late", MON)
    r.add(op, "late", MON + timedelta(days=2))
    first = r.add(giver, "early", MON + timedelta(days=1))
    second = r.add(giver, "early", MON + timedelta(days=3))
    assert r.checker().evaluate(first.id, op.id, first.day).ok
    r.add(op, "early", MON + timedelta(days=1))  # the first short rest is now on the roster
    verdict = r.checker().evaluate(second.id, op.id, second.day)
    assert not verdict.ok and "twice within 7 days" in (verdict.reason or "")
    r2 = Roster(base)
    r2.add(op, "night", MON)
    early = r2.add(giver, "early", MON + timedelta(days=1))
    verdict = r2.checker().evaluate(early.id, op.id, early.day)
    assert not verdict.ok and "rests 0 h" in (verdict.reason or "")


def test_shift_length_week_hours_weekly_rest_and_run_of_days(base: Snapshot) -> None:
    """A 13 h shift exceeds the 12 h maximum; a sixth 12 h day makes 72 h in a week (> 60) and
    leaves no 36 h weekly rest; a seventh 8 h day in a row exceeds 6 consecutive days."""
    long = ShiftDef(code="long", name="Long day", start="07:00", end="20:00", id=99, version=1)
    twelve = ShiftDef(code="twelve", name="12 h day", start="07:00", end="19:00", id=98, version=1)
    snap = dataclasses.replace(base, shifts=[*base.shifts, long, twelve])
    op = free_operator(snap)
    giver = free_operator(snap, skip=(op.id,))
    r = Roster(snap)
    thirteen = r.add(giver, "long", MON)
    for d in range(5):
        r.add(op, "twelve", MON + timedelta(days=7 + d))
    sixth = r.add(giver, "twelve", MON + timedelta(days=12))
    chk = r.checker()
    assert "lasts 13 h > 12" in (chk.evaluate(thirteen.id, op.id, MON).reason or "")
    verdict = chk.evaluate(sixth.id, op.id, sixth.day)
    rules = " | ".join(verdict.problems)
    assert not verdict.ok and "72 h in week" in rules and "no 36.0 h rest" in rules

    r = Roster(snap)
    for d in range(6):
        r.add(op, "early", MON + timedelta(days=14 + d))
    seventh = r.add(giver, "early", MON + timedelta(days=20))
    verdict = r.checker().evaluate(seventh.id, op.id, seventh.day)
    assert any("7 days in a row" in p for p in verdict.problems), verdict.problems


def test_an_old_violation_elsewhere_does_not_block_a_lawful_move(base: Snapshot) -> None:
    """The receiver already breaks the rest rule in week 1; a lawful shift in week 3 is still
    accepted (only violations the move adds refuse it)."""
    op = free_operator(base)
    giver = free_operator(base, skip=(op.id,))
    r = Roster(base)
    r.add(op, "night", MON)
    r.add(op, "early", MON + timedelta(days=1))
    a = r.add(giver, "late", MON + timedelta(days=16))
    chk = r.checker()
    assert chk.flags(MON, MON + timedelta(days=27)).by_operator.get(op.id)
    assert chk.evaluate(a.id, op.id, a.day).ok


def test_night_moved_onto_the_autumn_change_is_nine_hours(base: Snapshot) -> None:
    """Moving a night shift to Saturday 24 Oct 2026 (it ends on Sunday morning, after the clocks
    went back) gives a 9 h shift in the command: start and end come from ShiftDef.bounds, not
    start + 8 h."""
    op = free_operator(base)
    r = Roster(base)
    a = r.add(op, "night", date(2026, 10, 22))
    verdict = r.checker().evaluate(a.id, op.id, date(2026, 10, 24))
    assert verdict.ok and verdict.command is not None
    ch = verdict.command.changes
    from datetime import datetime

    hours = (datetime.fromisoformat(ch["end"]) - datetime.fromisoformat(ch["start"])).total_seconds()
    assert hours == 9 * 3600
    assert r.add(op, "night", date(2026, 10, 22)).hours == 8


def test_allowed_move_is_one_update_the_service_applies_and_undoes(demo_db: Database) -> None:
    """On a filled roster, the first lawful reassignment to another operator is one Update with
    the operator (and, for another day, the day and real times); the service applies it and its
    inverse puts the assignment back."""
    if not load_snapshot(demo_db).assignments:  # older demos came without a roster
        fill_roster(demo_db, MON, 14)
    snap = load_snapshot(demo_db)
    chk = RosterChecker(snap)
    a = snap.assignments[0]
    target = next(o for o in snap.operators if o.id != a.operator_id
                  and chk.evaluate(a.id, o.id, a.day).ok)
    cmd = chk.evaluate(a.id, target.id, a.day).command
    assert isinstance(cmd, Update) and cmd.changes == {"operator_id": target.id}
    applied = EditingService(demo_db).apply(cmd)
    moved = next(x for x in load_snapshot(demo_db).assignments if x.id == a.id)
    assert moved.operator_id == target.id and moved.day == a.day
    EditingService(demo_db).apply(applied.inverse)
    back = next(x for x in load_snapshot(demo_db).assignments if x.id == a.id)
    assert back.operator_id == a.operator_id


def test_one_shift_a_day(base: Snapshot) -> None:
    """Dropping onto a day the receiver already works is refused in words."""
    op = free_operator(base)
    giver = free_operator(base, skip=(op.id,))
    r = Roster(base)
    r.add(op, "early", MON)
    a = r.add(giver, "late", MON)
    assert "already works early" in (r.checker().evaluate(a.id, op.id, MON).reason or "")
