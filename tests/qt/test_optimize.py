"""Optimize, Why? and Earliest slot from the window: the solve runs in a child process whose crash
the window survives; a result is shown as a diff and applied only on Accept, as one undoable
command; explanations and earliest slots come from the services."""

from __future__ import annotations

import sys
from typing import Any

from necst_desktop.domain.model import SlotKind


def test_window_survives_a_crashing_solver(window: Any, qtbot: Any) -> None:
    """A child solver killed by SIGKILL yields a clear message; the window and the plan stay."""
    seq = window.ctx.snapshot.seq
    dialog = window.optimize()
    dialog.solver_program = sys.executable
    dialog.solver_prefix = ["-c", "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"]
    dialog.solve()
    qtbot.waitUntil(lambda: "crashed" in dialog.status.text(), timeout=20_000)
    assert "unchanged" in dialog.status.text()
    assert window.isVisible() and not dialog.accept_btn.isEnabled()
    assert window.ctx.refresh().seq == seq
    dialog.reject()


def test_cancel_kills_a_child_that_does_not_stop_and_changes_nothing(window: Any,
                                                                      qtbot: Any) -> None:
    """A child that ignores the stop request is killed after the grace period; with no plan to
    keep, the dialog says so and nothing is applied."""
    seq = window.ctx.snapshot.seq
    dialog = window.optimize()
    dialog.solver_program = sys.executable
    dialog.solver_prefix = ["-c", "import time; time.sleep(60)"]
    dialog.stop_grace_ms = 300
    dialog.solve()
    qtbot.waitUntil(lambda: dialog.proc.state() == dialog.proc.ProcessState.Running, timeout=10_000)
    dialog.cancel()
    qtbot.waitUntil(lambda: dialog.solve_btn.isEnabled(), timeout=10_000)
    assert "cancelled" in dialog.status.text()
    assert window.ctx.refresh().seq == seq
    dialog.reject()


def test_cancel_keeps_the_best_plan_found_so_far(window: Any, qtbot: Any) -> None:
    """Cancel during a real 120 s solve stops the child within seconds; it writes its best plan,
    which the dialog shows as a diff marked 'stopped early' (nothing applied until Accept)."""
    import time

    seq = window.ctx.snapshot.seq
    dialog = window.optimize()
    dialog.horizon.setCurrentIndex(2)
    dialog.time_limit.setValue(120)
    dialog.solve()
    qtbot.waitUntil(lambda: len(dialog.plot.points) >= 1, timeout=60_000)
    t0 = time.monotonic()
    dialog.cancel()
    qtbot.waitUntil(lambda: dialog.solve_btn.isEnabled(), timeout=30_000)
    assert time.monotonic() - t0 < 20
    assert dialog.diff is not None, dialog.status.text()
    assert "Stopped early" in dialog.status.text()
    assert dialog.diff_list.count() > 0
    assert window.ctx.refresh().seq == seq
    dialog.reject()


def test_optimize_shows_a_diff_and_accept_is_one_undoable_step(window: Any, qtbot: Any, dialogs: Any,
                                                               fresh: Any) -> None:
    """A real child solve (2 s) plans open requests; the diff is listed before anything changes;
    Accept applies it as one undo step and undo restores the plan."""
    before = {s.id for s in window.ctx.snapshot.slots}
    unplanned_before = len(window.ctx.snapshot.unplanned)
    dialog = window.optimize()
    dialog.horizon.setCurrentIndex(2)  # the next 4 weeks
    dialog.time_limit.setValue(2)
    dialog.solve()
    qtbot.waitUntil(lambda: dialog.solve_btn.isEnabled(), timeout=90_000)
    assert dialog.diff is not None, dialog.status.text()
    assert window.ctx.refresh().seq == window.ctx.snapshot.seq  # nothing applied yet
    assert {s.id for s in window.ctx.snapshot.slots} == before
    assert dialog.diff_list.count() > 0
    if dialog.diff.empty:
        return  # the demo plan was already optimal for this horizon: nothing to accept
    dialog.accept_btn.click()
    assert window.ctx.undo_stack.count() == 1, (dialogs.shown, dialog.diff.lines)
    assert window.ctx.undo_stack.text(0).startswith("Apply optimized plan")
    after = window.ctx.snapshot
    assert len(after.unplanned) <= unplanned_before
    window.ctx.undo_stack.undo()
    assert {s.id for s in window.ctx.refresh().slots} == before


def test_why_explains_a_planned_campaign(window: Any, dialogs: Any) -> None:
    """Why? names where the campaign runs, in words from the solver's explainer."""
    slot = next(s for s in window.ctx.snapshot.slots if s.kind == SlotKind.CAMPAIGN)
    lines = window.why(slot.campaign_id)
    code = window.ctx.snapshot.campaign(slot.campaign_id).code
    assert lines and any(code in line for line in lines)
    assert dialogs.texts("information")


def test_earliest_slot_lists_suites_and_plans_the_request(window: Any, fresh: Any) -> None:
    """Earliest slot lists eligible suites in order of start; 'Plan it there' books the first one
    through the command path."""
    camp = window.ctx.snapshot.unplanned[0]
    dialog = window.earliest(camp.id)
    starts = [e.start for e in dialog.slots if e.start is not None]
    assert starts and starts == sorted(starts)
    dialog.plan()
    slot = window.ctx.snapshot.slot_of(camp.id)
    assert slot is not None and slot.start == starts[0]
    assert fresh("slot", slot.id).campaign_id == camp.id


def test_optimize_around_staff_reports_the_roster_in_words(window: Any, qtbot: Any) -> None:
    """With the demo's operators, planning around the staff is on by default; the solve rosters
    them too and the result says in words whether every staffing need is covered, and that the
    roster is a proposal that is not saved with the plan."""
    dialog = window.optimize()
    assert dialog.staff.isEnabled() and dialog.staff.isChecked()
    dialog.horizon.setCurrentIndex(1)  # next week
    dialog.time_limit.setValue(3)
    dialog.solve()
    assert "suites and staff together" in dialog.status.text()
    qtbot.waitUntil(lambda: dialog.solve_btn.isEnabled(), timeout=120_000)
    assert dialog.diff is not None, dialog.status.text()
    lines = [dialog.diff_list.item(i).text() for i in range(dialog.diff_list.count())]
    staff = [t for t in lines if t.startswith("staff")]
    assert staff, lines
    assert any("proposal" in t for t in lines)
    # the scenario handed to the solver carried the people and their rules
    assert dialog.scenario is not None and dialog.scenario.get("operators")


def test_staff_lines_name_the_person_when_no_lawful_roster_exists() -> None:
    """When one person's own rules admit no schedule, planning around the staff says who, instead
    of blaming the time given; without a reason it says the time ran out."""
    from necst_desktop.services.planning.optimize import staff_lines

    def result(stats: dict[str, Any]) -> dict[str, Any]:
        roster = {"roster_status": "infeasible", "roster_stats": stats}
        return {"stats": {"joint": {"rounds": [], "best_round": 0}, "roster": roster},
                "uncovered": []}

    why = "no lawful schedule exists for OP-7: their contract hours ... cannot all be kept"
    lines = staff_lines(result({"reason": why}))
    assert any("OP-7" in ln and "no lawful roster exists" in ln for ln in lines)
    lines = staff_lines(result({}))
    assert any("in the time given" in ln for ln in lines)
