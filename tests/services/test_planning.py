"""The facility <-> solver translation: scenarios, the checker on manual edits, applying a plan."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from sqlalchemy import func, select

import solver
from necst_desktop.domain.commands import move_slot
from necst_desktop.domain.model import SlotKind
from necst_desktop.persistence.db import Database
from necst_desktop.persistence.tables import AuditRow
from necst_desktop.services.editing import EditingService
from necst_desktop.services.planning import (
    build_scenario,
    check_plan,
    default_horizon,
    diff_result,
    run_optimizer,
)
from necst_desktop.services.queries import load_snapshot
from solver.scenario import parse


def test_scenario_of_the_demo_is_valid_and_complete(demo_db: Database) -> None:
    """The exported scenario parses in the solver and holds every open campaign and suite."""
    snap = load_snapshot(demo_db)
    scenario = build_scenario(snap)
    problem = parse(scenario)
    assert {s.id for s in problem.suites} == {s.code for s in snap.suites}
    assert {c.id for c in problem.campaigns} == {c.code for c in snap.campaigns if c.is_open}
    pinned = {c.code for c in snap.campaigns if c.pinned and snap.slot_of(c.id or 0)}
    assert pinned <= {c.id for c in problem.campaigns if c.pinned}
    assert len(problem.dependencies) == len(snap.dependencies)
    assert problem.unavailable, "the requalification window reaches the solver"


def test_checker_flags_a_manual_move_that_breaks_a_changeover(demo_db: Database) -> None:
    """Moving a campaign against its predecessor (no time for the changeover) is reported in words."""
    snap = load_snapshot(demo_db)
    ed = EditingService(demo_db)
    camps = sorted((s for s in snap.slots if s.kind == SlotKind.CAMPAIGN), key=lambda s: (s.suite_id, s.start))
    pair = next((a, b) for a, b in itertools.pairwise(camps)
                if a.suite_id == b.suite_id and not b.pinned)
    first, second = pair
    # drop everything between the two (changeover, cleans) so that the move itself is accepted
    from necst_desktop.domain.commands import Batch, Retire

    between = [s for s in snap.slots if s.suite_id == first.suite_id and s.kind != SlotKind.CAMPAIGN
               and s.start >= first.end and s.end <= second.end]
    ed.apply(Batch(commands=tuple(Retire(entity="slot", id=s.id or 0, expected_version=s.version)
                                  for s in between)))
    ed.apply(move_slot(second, first.end + timedelta(hours=1)))
    result = check_plan(demo_db)
    rules = {v.rule for v in result.violations}
    assert "changeover-gap" in rules or "changeover-slot" in rules
    code = snap.campaign(second.campaign_id or 0).code
    assert any(code in v.message for v in result.violations)


@pytest.mark.slow
def test_optimizer_result_is_applied_as_one_undoable_step(demo_db: Database) -> None:
    """Optimize, apply as one audited batch, check it breaks no rule, then undo restores the plan."""
    snap = load_snapshot(demo_db)
    before = sorted((s.campaign_id, s.suite_id, s.start) for s in snap.slots if s.kind == SlotKind.CAMPAIGN)
    horizon = default_horizon(snap)
    result = run_optimizer(snap, horizon, time_limit_s=4, workers=2, seed=1)
    assert result["status"] in ("optimal", "feasible")
    problem = parse(build_scenario(snap, horizon))
    assert solver.check(problem, solver.Result.from_dict(result)) == []
    diff = diff_result(snap, result)
    assert diff.added, "the tentative requests get planned"
    ed = EditingService(demo_db)
    with demo_db.read() as s:
        seq_before = s.execute(select(func.max(AuditRow.change_seq))).scalar()
    applied = ed.apply(diff.command)
    with demo_db.read() as s:
        seqs = set(s.execute(select(AuditRow.change_seq).where(AuditRow.change_seq > seq_before)).scalars())
    assert len(seqs) == 1, "one command, one change"
    assert check_plan(demo_db).violations == []
    after = load_snapshot(demo_db)
    assert len(after.unplanned) < len(snap.unplanned)
    ed.apply(applied.inverse)
    restored = load_snapshot(demo_db)
    assert sorted((s.campaign_id, s.suite_id, s.start) for s in restored.slots
                  if s.kind == SlotKind.CAMPAIGN) == before


@pytest.mark.slow
def test_optimizing_one_week_keeps_later_bookings_intact(demo_db: Database) -> None:
    """Optimizing only the first week plans around what is booked after it; the result applies."""
    from datetime import date

    from necst_desktop.services.planning import Horizon, local_midnight

    snap = load_snapshot(demo_db)
    horizon = Horizon(local_midnight(date(2026, 11, 30), snap), local_midnight(date(2026, 12, 7), snap))
    later = {(s.id, s.start) for s in snap.slots
             if s.kind == SlotKind.CAMPAIGN and s.start >= horizon.end + timedelta(days=1)}
    result = run_optimizer(snap, horizon, time_limit_s=3, workers=2, seed=2)
    assert result["status"] in ("optimal", "feasible")
    diff = diff_result(snap, result, scenario=result["scenario"])
    EditingService(demo_db).apply(diff.command)  # no overlap with bookings after the week
    after = load_snapshot(demo_db)
    assert later <= {(s.id, s.start) for s in after.slots if s.kind == SlotKind.CAMPAIGN}
    assert check_plan(demo_db).violations == []
