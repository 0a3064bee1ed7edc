"""A simple, lawful roster for demos, tests and benchmarks (not the optimizer).

Each operator keeps one shift (early, late or night by turn of their code) and works five days in
seven on a rotating pattern, fewer for part-timers, never on leave, a day off or without a valid
grade B gowning qualification. Same shift every worked day means at least 16 h rest between
shifts, two consecutive days off in every seven and at most five nights a week.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ...domain.commands import Batch, Create, Retire
from ...domain.model import Operator, QualificationKind, RosterAssignment, ShiftDef
from ...domain.records import encode
from ...persistence.db import Database
from ..editing import SYSTEM, Actor, Applied, EditingService
from ..queries import Snapshot, load_snapshot


def plan_assignments(operators: list[Operator], shifts: list[ShiftDef], first: date, days: int,
                     tz: Any, leave: dict[int, set[date]] | None = None) -> list[RosterAssignment]:
    """Assignments for ``days`` days from ``first`` (pure: nothing is saved)."""
    leave = leave or {}
    usable = [s for s in shifts if not s.retired]
    if not usable:
        return []
    out: list[RosterAssignment] = []
    for i, op in enumerate(sorted(operators, key=lambda o: o.code)):
        if op.retired:
            continue
        shift = usable[i % len(usable)]
        per_week = max(1, min(5, int(op.contract_hours_week // 8)))
        for d in range(days):
            day = first + timedelta(days=d)
            if (day.toordinal() + i) % 7 >= per_week:
                continue
            if day.weekday() in op.days_off or day in leave.get(op.id or 0, set()):
                continue
            if not op.qualified(QualificationKind.GOWNING_B, day):
                continue
            start, end = shift.bounds(day, tz)
            out.append(RosterAssignment(operator_id=op.id or 0, day=day, shift_code=shift.code,
                                        start=start, end=end))
    return out


def leave_days(snap: Snapshot) -> dict[int, set[date]]:
    out: dict[int, set[date]] = {}
    for lv in snap.leave:
        if lv.retired:
            continue
        d = lv.start
        while d <= lv.end:
            out.setdefault(lv.operator_id, set()).add(d)
            d += timedelta(days=1)
    return out


def fill_roster(db: Database, first: date, days: int = 7, actor: Actor = SYSTEM) -> Applied:
    """Save a simple lawful roster for ``days`` days from ``first`` as one audited batch."""
    snap = load_snapshot(db)
    planned = plan_assignments(snap.operators, snap.shifts, first, days, snap.facility.tz,
                               leave_days(snap))
    # the period's roster is replaced, not added to (one shift a day)
    last = first + timedelta(days=days)
    retire = tuple(Retire(entity="roster_assignment", id=a.id or 0, expected_version=a.version)
                   for a in snap.assignments if first <= a.day < last)
    cmds = tuple(Create(entity="roster_assignment", values={
        "operator_id": a.operator_id, "day": encode(a.day), "shift_code": a.shift_code,
        "start": encode(a.start), "end": encode(a.end)}) for a in planned)
    return EditingService(db, actor).apply(Batch(label="Fill roster", reason="simple roster",
                                                 commands=retire + cmds))
