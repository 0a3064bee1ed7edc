"""The timeline's drag state machine: press, move, release; keys and the wheel; drops from the
unplanned list.

A drag is a :class:`Drag` on ``TimelineView.drag``: it starts on a press (``move`` a body,
``start``/``end`` resize an edge, ``band`` select), becomes ``started`` past the platform's drag
distance, and on every move computes the placements and asks the service's fast rules for a
verdict (the ghost's colour and tooltip). A release commits through ``TimelineView.commit``, the
one way edits leave the timeline.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication, QMimeData, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QDragMoveEvent, QDropEvent, QKeyEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QToolTip

from ...domain.model import SlotKind
from ...services.planning.edit_check import Evaluation, Placement
from .layout import MIME_CAMPAIGN, WOBBLE_PX
from .state import Drag, TimelineState
from .timegrid import format_span


class Interaction:
    """What the mouse and keyboard do to a :class:`TimelineView` (which keeps the state)."""

    def __init__(self, view: TimelineState) -> None:
        self.view = view

    def press(self, ev: QMouseEvent) -> bool:
        """A button press: select, start a move/resize, or start a selection band. False when
        the press is not the timeline's (the widget then handles it)."""
        v = self.view
        v.setFocus()
        if ev.button() != Qt.MouseButton.LeftButton or v.planner is None:
            return False
        pos = ev.position()
        slot, part = v.hit(pos)
        ctrl = bool(ev.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier))
        if slot is None:
            if not ctrl and v.selected:
                v.selected.clear()
                v.selection_changed.emit()
            v.drag = Drag("band", pos, v.time_at_vx(pos.x()), [], None)
            v.viewport().update()
            return True
        assert slot.id is not None
        if ctrl:
            v.selected ^= {slot.id}
            v.selection_changed.emit()
            v.viewport().update()
            return True
        if slot.id not in v.selected:
            v.selected = {slot.id}
            v.selection_changed.emit()
        moving = [v.planner.slots_by_id[i] for i in sorted(v.selected)
                  if i in v.planner.slots_by_id] if part == "body" else [slot]
        moving = [s for s in moving if s.kind != SlotKind.CHANGEOVER] or [slot]
        v.drag = Drag("move" if part == "body" else part, pos, v.time_at_vx(pos.x()),
                      moving, slot)
        v.viewport().update()
        return True

    def move(self, ev: QMouseEvent) -> None:
        """Hover sets the cursor (resize at an edge, hand over a body); a drag follows."""
        v = self.view
        pos = ev.position()
        if v.drag is None:
            _slot, part = v.hit(pos)
            shape = Qt.CursorShape.SizeHorCursor if part in ("start", "end") else \
                Qt.CursorShape.OpenHandCursor if part == "body" else Qt.CursorShape.ArrowCursor
            v.viewport().setCursor(shape)
            return
        self.drag_to(pos, ev.globalPosition().toPoint())

    def drag_to(self, pos: QPointF, global_pos: QPoint | None = None) -> None:
        """Follow the mouse during a drag: new placements, the fast rule check, the ghost."""
        v = self.view
        d = v.drag
        if d is None or v.planner is None or v.grid is None:
            return
        if not d.started:
            if (pos - d.press).manhattanLength() < QApplication.startDragDistance():
                return
            d.started = True
            if d.anchor is not None and d.anchor.campaign_id is not None and d.mode == "move":
                d.eligible = v.planner.eligible_suites(d.anchor.campaign_id)
            v.viewport().setCursor(Qt.CursorShape.ClosedHandCursor if d.mode == "move"
                                   else Qt.CursorShape.SizeHorCursor if d.mode != "band"
                                   else Qt.CursorShape.CrossCursor)
        if d.mode == "band":
            d.band = QRectF(d.press, pos).normalized()
            v.viewport().update()
            return
        delta = v.time_at_vx(pos.x()) - d.press_time
        assert d.anchor is not None
        placements = []
        if d.mode == "move":
            new_anchor = v.grid.snap(d.anchor.start + delta, v.snap_unit)
            shift = new_anchor - d.anchor.start
            if self.keeps_start(pos, delta):
                shift = timedelta(0)
            target_row = v.row_at(pos.y())
            suite_change = None
            if len(d.slots) == 1 and target_row is not None and target_row.suite_id is not None:
                suite_change = target_row.suite_id
            for s in d.slots:
                suite = suite_change if suite_change is not None else s.suite_id
                pl = Placement(suite, s.start + shift, s.end + shift, s.id, s.campaign_id)
                placements.append(v.planner.fit(pl) if suite != s.suite_id else pl)
        elif d.mode == "end":
            s = d.anchor
            end = v.grid.snap(s.end + delta, v.snap_unit)
            end = max(end, s.start + timedelta(hours=1))
            placements.append(Placement(s.suite_id, s.start, end, s.id, s.campaign_id))
        else:
            s = d.anchor
            start = v.grid.snap(s.start + delta, v.snap_unit)
            start = min(start, s.end - timedelta(hours=1))
            placements.append(Placement(s.suite_id, start, s.end, s.id, s.campaign_id))
        if placements != d.placements:
            d.placements = placements
            d.evaluation = v.planner.evaluate(placements, build=False)
            if global_pos is not None:
                v.show_tip(global_pos, self.verdict_tip(placements, d.evaluation))
            v.viewport().update()

    def verdict_tip(self, placements: list[Placement], evaluation: Evaluation) -> str:
        """The tooltip for a ghost: the same verdict as its colour (green: where and when it
        would go; red: why not)."""
        v = self.view
        assert v.grid is not None
        if not evaluation.ok:
            return QCoreApplication.translate("Interaction", "<b>Cannot drop here:</b> {reason}").format(reason=evaluation.reason)
        pl = placements[0]
        where = v.snap.suite(pl.suite_id).name if v.snap is not None else ""
        return QCoreApplication.translate("Interaction", "<b>Drop here:</b> {where}<br>{span}").format(
            where=where, span=format_span(pl.start, pl.end, v.grid.tz))

    def keeps_start(self, pos: QPointF, delta: timedelta) -> bool:
        """A drag that has not gone past one snap step sideways keeps the start time, and so
        does a wobble of a few pixels during a mostly vertical drag (to another suite): at the
        default zoom two pixels are an hour."""
        v = self.view
        d = v.drag
        assert d is not None and d.anchor is not None and v.grid is not None
        unit = v.snap_unit if v.snap_unit != "none" else "hour"
        step = v.grid.step(d.anchor.start, unit, 1 if delta >= timedelta(0) else -1) - d.anchor.start
        if abs(delta) <= abs(step):
            return True
        dx, dy = abs(pos.x() - d.press.x()), abs(pos.y() - d.press.y())
        return dy > dx and dx <= WOBBLE_PX

    def release(self, ev: QMouseEvent) -> bool:
        """The end of a drag: select the band, or commit the moved bookings. False when there
        was no drag of the left button (the widget then handles the release)."""
        v = self.view
        d = v.drag
        v.drag = None
        v.viewport().setCursor(Qt.CursorShape.ArrowCursor)
        if d is None or ev.button() != Qt.MouseButton.LeftButton:
            return False
        if d.mode == "band":
            if d.started and d.band is not None:
                self.select_band(d.band, bool(ev.modifiers() & Qt.KeyboardModifier.ControlModifier))
            v.viewport().update()
            return True
        if not d.started or not d.placements:
            v.viewport().update()
            return True
        changed = any(pl.start != s.start or pl.end != s.end or pl.suite_id != s.suite_id
                      for pl, s in zip(d.placements, d.slots, strict=False))
        if changed:
            label = {"move": "Move booking", "end": "Change booking end",
                     "start": "Change booking start"}[d.mode]
            v.commit(d.placements, label=label, global_pos=ev.globalPosition().toPoint())
        v.viewport().update()
        return True

    def select_band(self, band: QRectF, add: bool) -> None:
        v = self.view
        assert v.planner is not None
        if not add:
            v.selected.clear()
        t0, t1 = v.time_at_vx(band.left()), v.time_at_vx(band.right())
        for row in v.rows:
            if row.suite_id is None or not v.row_rect(row).intersects(band):
                continue
            for s in v.slots_in(row.suite_id, t0, t1):
                if s.id is not None and s.kind != SlotKind.CHANGEOVER:
                    v.selected.add(s.id)
        v.selection_changed.emit()

    def nudge(self, direction: int) -> None:
        """Move the selection one snap step earlier (-1) or later (+1)."""
        v = self.view
        slots = [s for s in v.selected_slots() if s.kind != SlotKind.CHANGEOVER]
        if not slots or v.grid is None:
            return
        anchor = slots[0]
        unit = v.snap_unit if v.snap_unit != "none" else "hour"
        shift = v.grid.step(anchor.start, unit, direction) - anchor.start
        v.commit([Placement(s.suite_id, s.start + shift, s.end + shift, s.id, s.campaign_id)
                  for s in slots], label="Move booking")

    def move_row(self, direction: int) -> None:
        """Move the one selected booking to the suite row above (-1) or below (+1)."""
        v = self.view
        slots = v.selected_slots()
        if len(slots) != 1:
            return
        s = slots[0]
        suite_rows = [r for r in v.rows if r.suite_id is not None]
        idx = next(i for i, r in enumerate(suite_rows) if r.suite_id == s.suite_id)
        j = idx + direction
        if 0 <= j < len(suite_rows):
            target = suite_rows[j].suite_id
            assert target is not None
            assert v.planner is not None
            v.commit([v.planner.fit(Placement(target, s.start, s.end, s.id, s.campaign_id))],
                     label="Move booking")

    def key(self, ev: QKeyEvent) -> bool:
        """Arrows move the selection, Delete cancels it, +/- zoom, Esc drops the drag or the
        selection, Ctrl+A selects every campaign. False for any other key."""
        v = self.view
        key = ev.key()
        mods = ev.modifiers()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and v.selected:
            self.nudge(-1 if key == Qt.Key.Key_Left else 1)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and v.selected:
            self.move_row(-1 if key == Qt.Key.Key_Up else 1)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and v.selected:
            v.cancel_selected()
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            v.zoom(1)
        elif key == Qt.Key.Key_Minus:
            v.zoom(-1)
        elif key == Qt.Key.Key_0 and mods & Qt.KeyboardModifier.ControlModifier:
            v.zoom_to_fit()
        elif key == Qt.Key.Key_Escape:
            if v.drag is not None:
                v.drag = None
                QToolTip.hideText()
            else:
                v.selected.clear()
                v.selection_changed.emit()
            v.viewport().update()
        elif key == Qt.Key.Key_A and mods & Qt.KeyboardModifier.ControlModifier and v.planner:
            v.selected = {s.id for s in v.planner.snap.slots
                          if s.id is not None and s.kind == SlotKind.CAMPAIGN}
            v.selection_changed.emit()
            v.viewport().update()
        else:
            return False
        return True

    def wheel(self, ev: QWheelEvent) -> bool:
        """Ctrl+wheel zooms about the mouse, Shift+wheel scrolls sideways; False otherwise."""
        v = self.view
        if ev.modifiers() & Qt.KeyboardModifier.ControlModifier:
            v.zoom(1 if ev.angleDelta().y() > 0 else -1, ev.position().x())
            ev.accept()
            return True
        if ev.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            bar = v.horizontalScrollBar()
            bar.setValue(bar.value() - ev.angleDelta().y())
            ev.accept()
            return True
        return False

    def drop_placement(self, mime: QMimeData, pos: QPointF) -> Placement | None:
        v = self.view
        if not mime.hasFormat(MIME_CAMPAIGN) or v.snap is None or v.grid is None:
            return None
        cid = int(bytes(mime.data(MIME_CAMPAIGN).data()).decode())
        row = v.row_at(pos.y())
        if row is None or row.suite_id is None:
            return None
        return self.placement_for(cid, row.suite_id, v.time_at_vx(pos.x()))

    def placement_for(self, campaign_id: int, suite_id: int, at: datetime) -> Placement:
        v = self.view
        assert v.snap is not None and v.grid is not None
        camp = v.snap.campaign(campaign_id)
        start = v.grid.snap(at, v.snap_unit)
        hours = camp.duration_in(v.snap.suite(suite_id).code)
        return Placement(suite_id, start, start + timedelta(hours=hours), None, campaign_id)

    def list_drag_move(self, ev: QDragMoveEvent) -> None:
        v = self.view
        pl = self.drop_placement(ev.mimeData(), ev.position())
        if pl is None or v.planner is None:
            v.drop_preview = None
            v.show_tip(None, "")
            ev.ignore()
            v.viewport().update()
            return
        evaluation = v.planner.evaluate([pl], build=False)
        v.drop_preview = (pl, evaluation)
        # The drop is accepted over any suite row: a refused one then says why in the status
        # bar, like a refused drag on the timeline. The tooltip always tells the ghost's verdict.
        ev.acceptProposedAction()
        v.show_tip(v.viewport().mapToGlobal(ev.position().toPoint()),
                   self.verdict_tip([pl], evaluation))
        v.viewport().update()

    def list_drag_leave(self) -> None:
        v = self.view
        v.drop_preview = None
        v.show_tip(None, "")
        v.viewport().update()

    def list_drop(self, ev: QDropEvent) -> None:
        v = self.view
        pl = self.drop_placement(ev.mimeData(), ev.position())
        v.drop_preview = None
        v.show_tip(None, "")
        if pl is not None and v.commit([pl], label="Plan campaign"):
            ev.acceptProposedAction()
        else:
            ev.ignore()
        v.viewport().update()

