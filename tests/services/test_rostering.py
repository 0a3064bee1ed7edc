"""Rostering the facility's people onto the current plan (issue 4, app side)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from necst_desktop.domain.model import QualificationKind
from necst_desktop.persistence.db import Database
from necst_desktop.services.editing import EditingService
from necst_desktop.services.planning.roster import plan_roster
from necst_desktop.services.queries import load_snapshot
from tests.conftest import DEMO_START


def test_demo_roster_is_lawful_and_qualified(demo_db: Database) -> None:
    """The demo's first two weeks are rostered: no leave, valid qualifications, rest respected."""
    snap = load_snapshot(demo_db)
    assert snap.assignments, "the demo comes with a roster for its first weeks"
    ops = {o.id: o for o in snap.operators}
    on_leave = {(lv.operator_id, lv.start + timedelta(days=k))
                for lv in snap.leave for k in range((lv.end - lv.start).days + 1)}
    by_op: dict[int, list] = {}
    for a in snap.assignments:
        assert (a.operator_id, a.day) not in on_leave
        if a.qualification is not None:
            assert ops[a.operator_id].qualified(a.qualification, a.day), (ops[a.operator_id].code, a)
        assert a.hours <= 12
        by_op.setdefault(a.operator_id, []).append(a)
    for shifts in by_op.values():
        shifts.sort(key=lambda a: a.start)
        rests = [(b.start - a.end).total_seconds() / 3600 for a, b in itertools.pairwise(shifts)]
        assert all(r >= 8 for r in rests)
        assert sum(1 for r in rests if r < 11) <= max(1, len(shifts) // 7 + 1)


@pytest.mark.slow
def test_roster_is_checked_and_applied_as_one_undoable_step(demo_db: Database) -> None:
    """Week 3 rostered by the solver passes its independent checker; apply and undo are one step."""
    snap = load_snapshot(demo_db)
    week3 = DEMO_START + timedelta(weeks=2)
    plan = plan_roster(snap, week3, week3 + timedelta(weeks=1), time_limit_s=4, workers=2, seed=1)
    assert plan.status in ("optimal", "feasible")
    assert plan.violations == []
    ed = EditingService(demo_db)
    before = len(snap.assignments)
    applied = ed.apply(plan.command)
    after = load_snapshot(demo_db)
    assert len(after.assignments) == before + len(plan.assignments)
    # a gowning qualification that expires in week 3 is respected
    expiring = [o for o in after.operators for q in o.qualifications
                if q.kind == QualificationKind.GOWNING_B and week3 <= q.expires < week3 + timedelta(days=7)]
    for op in expiring:
        gown = next(q for q in op.qualifications if q.kind == QualificationKind.GOWNING_B)
        late = [a for a in after.assignments if a.operator_id == op.id and a.day > gown.expires
                and a.qualification is not None]
        assert not late, f"{op.code} works after their gowning expired on {gown.expires}"
    ed.apply(applied.inverse)
    assert len(load_snapshot(demo_db).assignments) == before


def test_roster_period_must_make_sense(demo_db: Database) -> None:
    """An empty period is refused by the command line with one clear line."""
    from necst_desktop.cli import main

    url = demo_db.url.render_as_string(hide_password=False)
    assert main(["roster", "--db", url, "--from", "2026-12-07", "--to", "2026-12-07"]) == 2
    assert date(2026, 12, 7)
