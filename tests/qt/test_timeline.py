"""The timeline driven as a person would: real mouse presses, moves and releases on the viewport,
keys, drops. Each edit must reach the database (read back through a fresh session) and undo must
restore it; a refused drop must change nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from necst_desktop.domain.model import SlotKind
from necst_desktop.qt.timeline import MIME_CAMPAIGN
from necst_desktop.services.planning.edit_check import Placement


@pytest.fixture
def view(window: Any) -> Any:
    window.tabs.setCurrentWidget(window.timeline)
    v = window.timeline.view
    v.snap_unit = "hour"
    v.set_zoom(2.0)
    QApplication.processEvents()
    return v


def drag(view: Any, a: QPoint, b: QPoint, steps: int = 6,
         modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    vp = view.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, modifier, a)
    for i in range(1, steps + 1):
        QTest.mouseMove(vp, QPoint(a.x() + (b.x() - a.x()) * i // steps,
                                   a.y() + (b.y() - a.y()) * i // steps))
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, modifier, b)


def movable(view: Any, hours: float = 0, *, end_hours: float = 0, skip: tuple[int, ...] = (),
            reason: str = "", need_next: bool = False) -> Any:
    """The first campaign booking (by start) that may move by ``hours`` / stretch its end by
    ``end_hours`` (or, with ``reason``, whose move is refused for that reason)."""
    planner = view.planner
    for s in sorted(view.snap.slots, key=lambda s: s.start):
        if s.kind != SlotKind.CAMPAIGN or s.id in skip or view._is_pinned(s):
            continue
        if need_next and not any(o.kind == SlotKind.CHANGEOVER and o.suite_id == s.suite_id
                                 and o.start >= s.end for o in view.snap.slots):
            continue
        d = timedelta(hours=hours)
        ev = planner.evaluate([Placement(s.suite_id, s.start + d,
                                         s.end + d + timedelta(hours=end_hours), s.id, s.campaign_id)])
        if (reason and ev.reason and reason in ev.reason) or (not reason and ev.ok):
            return s
    raise AssertionError("the demo has no such booking")


def show(view: Any, slot: Any) -> None:
    view.scroll_to(slot.start - timedelta(hours=24))
    row = view.row_of_suite[slot.suite_id]
    view.verticalScrollBar().setValue(max(0, row.top - 40))


def test_drag_moves_a_booking_later_and_undo_restores(view: Any, window: Any, fresh: Any) -> None:
    """A mouse drag 24 h to the right moves a booking in the database (fresh read), recomputes the
    changeover after it, and Ctrl+Z puts both back."""
    slot = movable(view, 24, need_next=True)
    show(view, slot)
    a = view.slot_center(slot.id)
    drag(view, a, a + QPoint(48, 0))  # 2 px per hour
    moved = fresh("slot", slot.id)
    assert moved.start == slot.start + timedelta(hours=24), view.last_refusal
    co = [s for s in view.snap.slots if s.suite_id == slot.suite_id and s.kind == SlotKind.CHANGEOVER
          and s.start == moved.end]
    assert co, "the changeover after the moved campaign starts where it now ends"
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert fresh("slot", slot.id).start == slot.start
    assert not fresh("slot", co[0].id) or fresh("slot", co[0].id).retired


def test_drag_to_another_suite_lights_eligible_rows(view: Any, fresh: Any) -> None:
    """Dragging a campaign lights exactly the suites that have its capabilities; dropping it on
    another free eligible suite moves it there; undo moves it back."""
    planner = view.planner
    found = None
    for s in view.snap.slots:
        if s.kind != SlotKind.CAMPAIGN or view._is_pinned(s):
            continue
        for other in planner.eligible_suites(s.campaign_id) - {s.suite_id}:
            if planner.evaluate([Placement(other, s.start, s.end, s.id, s.campaign_id)]).ok:
                found = (s, other)
                break
        if found:
            break
    assert found, "the demo has a campaign that may move to another suite"
    slot, target = found
    show(view, slot)
    a = view.slot_center(slot.id)
    b = QPoint(a.x(), view.point_at(target, slot.start).y())
    vp = view.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    QTest.mouseMove(vp, a + QPoint(0, 10))
    QTest.mouseMove(vp, b)
    assert view.drag.eligible == planner.eligible_suites(slot.campaign_id)
    assert view.drag.evaluation.ok
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)
    assert fresh("slot", slot.id).suite_id == target, view.last_refusal
    view.ctx.undo_stack.undo()
    assert fresh("slot", slot.id).suite_id == slot.suite_id


def test_refused_drop_changes_nothing(view: Any, fresh: Any) -> None:
    """Dropping a campaign before its earliest start is refused with the reason; the database and
    the undo stack are unchanged."""
    slot = movable(view, -48, reason="earliest start")
    show(view, slot)
    before = fresh("slot", slot.id)
    a = view.slot_center(slot.id)
    drag(view, a, a - QPoint(96, 0))
    assert "earliest start" in view.last_refusal
    after = fresh("slot", slot.id)
    assert (after.start, after.end, after.version) == (before.start, before.end, before.version)
    assert view.ctx.undo_stack.count() == 0


def test_drop_onto_an_ineligible_suite_is_refused(view: Any, fresh: Any) -> None:
    """A cell-therapy campaign dragged onto a viral-vector-only suite says which capability is
    missing and stays where it was."""
    slot = next(s for s in view.snap.slots if s.kind == SlotKind.CAMPAIGN
                and not view._is_pinned(s)
                and len(view.planner.eligible_suites(s.campaign_id)) < len(view.snap.suites))
    show(view, slot)
    bad = next(s.id for s in view.snap.suites if s.id not in view.planner.eligible_suites(slot.campaign_id))
    view.verticalScrollBar().setValue(0)
    a = view.slot_center(slot.id)
    b = QPoint(a.x(), view.point_at(bad, slot.start).y())
    drag(view, a, b)
    assert "lacks" in view.last_refusal
    assert fresh("slot", slot.id).suite_id == slot.suite_id


def test_resize_the_end_with_the_mouse(view: Any, fresh: Any) -> None:
    """Dragging a booking's right edge makes it longer by the dragged hours (snapped)."""
    slot = movable(view, end_hours=12)
    view.set_zoom(6.0)
    show(view, slot)
    view.scroll_to(slot.end - timedelta(hours=48))
    y = view.slot_center(slot.id).y()
    a = QPoint(round(view.vx(slot.end)) - 1, y)
    drag(view, a, a + QPoint(6 * 12, 0))
    assert fresh("slot", slot.id).end == slot.end + timedelta(hours=12), view.last_refusal


def test_keyboard_nudge_pin_and_zoom(view: Any, window: Any, fresh: Any) -> None:
    """Arrow keys move the selection by the snap unit; pinned bookings refuse to move; +/- zoom."""
    slot = movable(view, 1)
    show(view, slot)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     view.slot_center(slot.id))
    assert view.selected == {slot.id}
    QTest.keyClick(view, Qt.Key.Key_Right)
    assert fresh("slot", slot.id).start == slot.start + timedelta(hours=1)
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert fresh("slot", slot.id).start == slot.start
    view.toggle_pin()
    assert fresh("campaign", slot.campaign_id).pinned
    QTest.keyClick(view, Qt.Key.Key_Right)
    assert "pinned" in view.last_refusal
    assert fresh("slot", slot.id).start == slot.start
    zoom = view.px_per_hour
    QTest.keyClick(view, Qt.Key.Key_Plus)
    assert view.px_per_hour > zoom
    QTest.keyClick(view, Qt.Key.Key_Minus)
    QTest.keyClick(view, Qt.Key.Key_Minus)
    assert view.px_per_hour < zoom


def test_delete_cancels_with_a_reason_and_frees_the_suite(view: Any, fresh: Any,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Delete asks why, cancels the campaign, takes its booking off the plan (retired, not
    deleted) with its changeovers, and undo brings everything back."""
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("client withdrew", True)))
    slot = movable(view, 0)
    show(view, slot)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     view.slot_center(slot.id))
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert fresh("campaign", slot.campaign_id).status.value == "cancelled"
    assert fresh("slot", slot.id).retired
    view.ctx.undo_stack.undo()
    assert fresh("campaign", slot.campaign_id).status.value != "cancelled"
    assert not fresh("slot", slot.id).retired


def test_ctrl_click_multi_select_moves_together(view: Any, fresh: Any) -> None:
    """Ctrl+click selects two bookings; one arrow key moves both in one undoable step."""
    a = movable(view, 1)
    b = movable(view, 1, skip=tuple(s.id for s in view.snap.slots if s.suite_id == a.suite_id))
    show(view, a)
    vp = view.viewport()
    QTest.mouseClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, view.slot_center(a.id))
    show(view, b)
    QTest.mouseClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                     view.slot_center(b.id))
    assert view.selected == {a.id, b.id}
    QTest.keyClick(view, Qt.Key.Key_Right)
    assert fresh("slot", a.id).start == a.start + timedelta(hours=1), view.last_refusal
    assert fresh("slot", b.id).start == b.start + timedelta(hours=1)
    assert view.ctx.undo_stack.count() == 1


@pytest.mark.filterwarnings("ignore:Function.*QDrag(Enter|Move)Event:DeprecationWarning")
def test_unplanned_campaign_dropped_onto_a_suite(view: Any, window: Any, fresh: Any) -> None:
    """A request from the unplanned list dropped on an eligible free suite row is planned there
    (one Create through the command path); undo takes it off again."""
    planner = view.planner
    choice = None
    for camp in view.snap.unplanned:
        for suite_id in sorted(planner.eligible_suites(camp.id)):
            start = camp.earliest_start + timedelta(days=2)
            pl = view.placement_for(camp.id, suite_id, start)
            if planner.evaluate([pl]).ok:
                choice = (camp, suite_id, start)
                break
        if choice:
            break
    assert choice
    camp, suite_id, start = choice
    view.scroll_to(start - timedelta(hours=24))
    view.verticalScrollBar().setValue(0)
    pos = QPointF(view.point_at(suite_id, start))
    mime = QMimeData()
    mime.setData(MIME_CAMPAIGN, str(camp.id).encode())
    enter = QDragEnterEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), enter)
    move = QDragMoveEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), move)
    assert move.isAccepted(), view.drop_preview
    drop = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), drop)
    planned = window.ctx.snapshot.slot_of(camp.id)
    assert planned is not None and planned.suite_id == suite_id, view.last_refusal
    assert fresh("slot", planned.id).campaign_id == camp.id
    view.ctx.undo_stack.undo()
    assert fresh("slot", planned.id).retired


def test_hover_tooltip_describes_the_booking(view: Any) -> None:
    """The hover text names the campaign, client, status and the real length in local time."""
    slot = movable(view, 0)
    text = view.describe(slot)
    assert view.snap.campaign(slot.campaign_id).code in text and "Status" in text and "days" in text
