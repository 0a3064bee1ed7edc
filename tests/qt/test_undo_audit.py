"""Undo, redo, the audit trail and conflicts as the window shows them: real drags, the real
shortcuts, the audit viewer, and a second workstation saving first."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from necst_desktop.domain.model import Role, SlotKind
from necst_desktop.domain.records import to_record
from necst_desktop.persistence import repository as repo
from necst_desktop.persistence.db import Database
from necst_desktop.persistence.tables import ROWS
from necst_desktop.services.editing import Actor, EditingService
from necst_desktop.services.planning.edit_check import EditPlanner, Placement
from necst_desktop.services.queries import load_snapshot
from tests.qt.test_timeline import drag, movable, show


@pytest.fixture
def view(window: Any) -> Any:
    window.tabs.setCurrentWidget(window.timeline)
    v = window.timeline.view
    v.snap_unit = "hour"
    v.set_zoom(2.0)
    QApplication.processEvents()
    return v


def plan_state(db: Database) -> dict[str, list[dict[str, Any]]]:
    """Every live record, all fields but the version counter (read afresh)."""
    other = Database(db.url.render_as_string(hide_password=False))
    try:
        with other.read() as s:
            return {kind: [{k: v for k, v in to_record(r).items() if k != "version"}
                           for r in repo.list_all(s, kind, order_by="id")] for kind in ROWS}
    finally:
        other.dispose()


def marieke_moves(db: Database, slot_id: int, hours: float) -> None:
    """Marieke Planner moves a booking from her own workstation (as her timeline would)."""
    planner = EditPlanner(load_snapshot(db))
    s = planner.slots_by_id[slot_id]
    d = timedelta(hours=hours)
    ev = planner.evaluate([Placement(s.suite_id, s.start + d, s.end + d, s.id, s.campaign_id)])
    assert ev.ok and ev.command is not None, ev.reason
    EditingService(db, Actor("planner", frozenset({Role.PLANNER}))).apply(ev.command)


def two_step_booking(view: Any) -> Any:
    """A booking that may move 24 h later twice in a row (with a changeover after it)."""
    for s in sorted(view.snap.slots, key=lambda s: s.start):
        if s.kind != SlotKind.CAMPAIGN or view._is_pinned(s):
            continue
        ok = all(view.planner.evaluate([Placement(s.suite_id, s.start + timedelta(hours=h),
                                                  s.end + timedelta(hours=h), s.id,
                                                  s.campaign_id)]).ok for h in (24, 48))
        if ok and any(o.kind == SlotKind.CHANGEOVER and o.suite_id == s.suite_id
                      and o.start >= s.end for o in view.snap.slots):
            return s
    raise AssertionError("the demo has no booking that may move 48 h later")


def test_two_drags_and_two_undos_return_the_bar_and_the_database(
        view: Any, window: Any, demo_db: Database, fresh: Any, qtlog: Any) -> None:
    """Drag a booking, drag it again, Ctrl+Z twice: the booking is back where it was on screen
    and in the database, with every changeover and clean as before (no 'someone else' conflict
    against oneself); Ctrl+Y and Ctrl+Shift+Z each redo one step."""
    start = plan_state(demo_db)
    slot = two_step_booking(view)
    code = view.snap.campaign(slot.campaign_id).code
    for k in (1, 2):
        show(view, view.planner.slots_by_id[slot.id])
        a = view.slot_center(slot.id)
        drag(view, a, a + QPoint(48, 0))  # 24 h at 2 px per hour
        assert fresh("slot", slot.id).start == slot.start + timedelta(hours=24 * k), view.last_refusal
    after_two = plan_state(demo_db)
    assert window.ctx.undo_stack.text(1) == f"Move booking {code}"
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert plan_state(demo_db) == start
    assert view.planner.slots_by_id[slot.id].start == slot.start  # the bar, as drawn
    assert view.slot_rect(view.planner.slots_by_id[slot.id]).left() == view.slot_rect(slot).left()
    QTest.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert fresh("slot", slot.id).start == slot.start + timedelta(hours=24)
    QTest.keyClick(window, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert plan_state(demo_db) == after_two
    assert window.ctx.undo_stack.index() == 2
    assert not [r for r in qtlog.records if "mbiguous" in r.message]


def test_no_shortcut_is_bound_twice(window: Any) -> None:
    """Every key sequence in the window belongs to one action only (Qt ignores a key bound twice,
    'Ambiguous shortcut overload', which is how keyboard redo stopped working on Linux), and
    undo/redo have Ctrl+Z, Ctrl+Y and Ctrl+Shift+Z."""
    owners: dict[str, list[str]] = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            text = key.toString(QKeySequence.SequenceFormat.PortableText)
            owners.setdefault(text, []).append(action.text())
    twice = {k: v for k, v in owners.items() if len(v) > 1}
    assert not twice, twice
    assert "Ctrl+Z" in [k.toString() for k in window.act_undo.shortcuts()]
    assert {"Ctrl+Y", "Ctrl+Shift+Z"} <= {k.toString() for k in window.act_redo.shortcuts()}


@pytest.mark.qt_log_level_fail("CRITICAL")
def test_qt_reports_an_ambiguous_shortcut(window: Any, qtlog: Any) -> None:
    """The check above is the one that matters: with Ctrl+Y bound to a second action Qt reports
    'Ambiguous shortcut overload' on the key press (a warning, which fails any other test, see
    qt_log_level_fail) and the redo does not happen."""
    window.ctx.undo_stack.push(QUndoCommand("step"))
    window.ctx.undo_stack.undo()
    extra = QAction("Duplicate", window)
    extra.setShortcut(QKeySequence("Ctrl+Y"))
    window.addAction(extra)
    QTest.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert any("Ambiguous shortcut overload" in r.message for r in qtlog.records)
    assert window.ctx.undo_stack.index() == 0
    window.removeAction(extra)
    QTest.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.ctx.undo_stack.index() == 1


def test_audit_viewer_shows_one_entry_per_action_with_the_campaign_code(
        view: Any, window: Any, qtbot: Any, qtmodeltester: Any) -> None:
    """One drag is one entry in the audit viewer, titled with the campaign code, with the
    booking and its recomputed changeovers and cleans folded under it; the undo is an entry of
    its own ('Undo: Move booking K..'), and no row shows a bare id."""
    slot = movable(view, 24, need_next=True)
    code = view.snap.campaign(slot.campaign_id).code
    suite = view.snap.suite(slot.suite_id).name
    show(view, slot)
    a = view.slot_center(slot.id)
    drag(view, a, a + QPoint(48, 0))
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    viewer = window.open_audit_trail()
    qtbot.addWidget(viewer)
    qtmodeltester.check(viewer.model)
    *_, move, undo = viewer.model.rows
    assert move.title == f"Move booking {code}"
    assert undo.title == f"Undo: Move booking {code}"
    assert [c.record for c in move.changes] == [f"booking {code} in {suite}"]
    assert "start" in move.changes[0].words and "→" in move.changes[0].words
    assert move.derived and "recomputed" in move.recomputed
    model = viewer.model
    top = model.rowCount() - 2
    assert model.index(top, 3).data() == f"Move booking {code}"
    first = model.index(top, 0)
    assert model.rowCount(first) == 2  # the booking, then the folded recomputed slots
    assert model.index(0, 3, first).data() == f"booking {code} in {suite}"
    folded = model.index(1, 0, first)
    assert model.index(1, 3, first).data() == "Recomputed"
    assert model.rowCount(folded) == len(move.derived)
    texts = [model.index(r, 3, folded).data() for r in range(model.rowCount(folded))]
    assert all(t.startswith(("changeover", "daily", "weekly", "monthly", "re-clean")) for t in texts)
    assert not any("slot " in t for t in texts)


def test_a_second_workstation_saving_first_is_named(view: Any, window: Any, demo_db: Database,
                                                    fresh: Any, qtbot: Any) -> None:
    """Marieke Planner moves a booking from another workstation; this window (which has not
    reloaded yet) then drags the same booking: nothing is overwritten, and the conflict says who
    moved what and that the change was not saved, with Reload and Re-apply."""
    slot = two_step_booking(view)
    code = view.snap.campaign(slot.campaign_id).code
    marieke_moves(demo_db, slot.id, 48)
    show(view, slot)
    a = view.slot_center(slot.id)
    drag(view, a, a + QPoint(48, 0))
    qtbot.waitUntil(lambda: window.conflict_dialog is not None and window.conflict_dialog.isVisible())
    dialog = window.conflict_dialog
    text = dialog.findChild(QLabel, "conflictSentence").text()
    assert f"Marieke Planner moved {code}" in text, text
    assert "your change was not saved" in text
    assert dialog.windowTitle() == "Changed by Marieke Planner"
    assert fresh("slot", slot.id).start == slot.start + timedelta(hours=48)
    assert dialog.reapply_button.isEnabled() and dialog.reload_button.isEnabled()
    dialog.reload_theirs()
    assert view.planner.slots_by_id[slot.id].start == slot.start + timedelta(hours=48)


def test_undo_after_another_user_moved_the_same_booking_names_them(
        view: Any, window: Any, demo_db: Database, fresh: Any, qtbot: Any) -> None:
    """This window moves a booking, Marieke moves it again from her workstation; Ctrl+Z does not
    overwrite her move: it says what she did, drops the step, and offers to undo anyway."""
    slot = two_step_booking(view)
    code = view.snap.campaign(slot.campaign_id).code
    show(view, slot)
    a = view.slot_center(slot.id)
    drag(view, a, a + QPoint(48, 0))
    marieke_moves(demo_db, slot.id, 24)
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.conflict_dialog is not None and window.conflict_dialog.isVisible())
    dialog = window.conflict_dialog
    intro = dialog.findChild(QLabel, "conflictSentence")
    assert f"Marieke Planner moved {code}" in intro.text()
    assert "your undo of “Move booking" in intro.text()
    assert fresh("slot", slot.id).start == slot.start + timedelta(hours=48)
    assert window.ctx.undo_stack.count() == 0  # the refused step is gone
    dialog.reapply_mine()  # "Undo anyway on top of theirs"
    assert fresh("slot", slot.id).start == slot.start
    assert window.ctx.undo_stack.text(0) == f"Undo: Move booking {code}"


def test_a_save_next_door_does_not_block_a_drag(view: Any, window: Any, demo_db: Database,
                                                fresh: Any) -> None:
    """Marieke moves K19 in Suite 3 from her workstation, which recomputes the changeover and
    the cleans after K11; this window, not reloaded yet, then drags K11: only a record someone
    else changed may block an edit, so the drag is saved, with the changeovers and cleans
    recomputed on top of her move (which stays)."""
    snap = view.snap
    k11 = snap.slot_of(next(c.id for c in snap.campaigns if c.code == "K11-CART19"))
    k19 = snap.slot_of(next(c.id for c in snap.campaigns if c.code == "K19-CART19"))
    marieke_moves(demo_db, k19.id, 24)
    show(view, k11)
    a = view.slot_center(k11.id)
    drag(view, a, a + QPoint(48, 0))
    assert window.conflict_dialog is None, view.last_refusal
    assert fresh("slot", k11.id).start == k11.start + timedelta(hours=24)
    assert fresh("slot", k19.id).start == k19.start + timedelta(hours=24)


def test_reapply_mine_moves_the_booking_on_top_with_derived_slots_recomputed(
        view: Any, window: Any, demo_db: Database, fresh: Any, qtbot: Any) -> None:
    """After Marieke's move of the same booking, 'Re-apply mine on top' saves this window's move
    as a new change on top of hers, with the changeovers and cleans around it recomputed on the
    plan as it is now (no overlap, no rule broken that the plan did not break before); one undo
    takes it back to her version."""
    from necst_desktop.services.planning import check_plan

    before = {(v.rule, v.message) for v in check_plan(demo_db).violations}
    slot = two_step_booking(view)
    code = view.snap.campaign(slot.campaign_id).code
    marieke_moves(demo_db, slot.id, 48)
    show(view, slot)
    a = view.slot_center(slot.id)
    drag(view, a, a + QPoint(48, 0))
    qtbot.waitUntil(lambda: window.conflict_dialog is not None and window.conflict_dialog.isVisible())
    window.conflict_dialog.reapply_mine()
    assert fresh("slot", slot.id).start == slot.start + timedelta(hours=24)
    assert window.ctx.undo_stack.text(window.ctx.undo_stack.count() - 1) == f"Move booking {code}"
    assert {(v.rule, v.message) for v in check_plan(demo_db).violations} <= before
    window.ctx.undo_stack.undo()
    assert fresh("slot", slot.id).start == slot.start + timedelta(hours=48)
