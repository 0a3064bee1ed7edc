"""The timeline widget: suites as rows, time across, bookings dragged, resized and dropped.

A custom-painted :class:`QAbstractScrollArea` rather than a QGraphicsScene: the timeline holds
thousands of bookings but shows a few hundred, and one paint pass that culls by row and by time
(bisect on each suite's sorted slots) costs nothing to "open" (no item objects to build for 5,000
slots), zooms by changing one number (no item geometry to relayout), and keeps painting, hit
testing and snapping on the same :class:`TimeGrid`, which maps real elapsed time to x and is
tested without a widget. The view keeps the state (snapshot, rows, selection, the drag) and the
coordinates; :mod:`.painter` draws it and :mod:`.interaction` is the drag state machine. Every
edit is a command through ``AppContext.apply`` (undo, audit): :class:`EditPlanner` checks a drag
on every mouse move and the solver's checker runs on drop.
"""

from __future__ import annotations

import bisect
import time
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QEvent,
    QPoint,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QMenu, QToolTip, QWidget

from ...domain.commands import Batch, Command, cancel_campaign, set_pinned
from ...domain.model import Campaign, Slot, SlotKind
from ...services.planning.edit_check import EditPlanner, Evaluation, Placement
from ...services.queries import Snapshot
from ..field_names import command_label
from ..fit import ask_reason
from ..i18n import QT_TRANSLATE_NOOP
from .find import Finding
from .interaction import Interaction
from .layout import (
    EDGE_PX,
    GROUP_H,
    HEADER_H,
    LEFT_W,
    MIME_CAMPAIGN,
    ROW_H,
    Row,
    guarded,
    suite_group,
)
from .painter import TimelinePainter
from .state import Drag
from .timegrid import TimeGrid

#: the snap units as the toolbar and the corner name them
SNAP_NAMES = (QT_TRANSLATE_NOOP("TimelineView", "none"), QT_TRANSLATE_NOOP("TimelineView", "hour"),
              QT_TRANSLATE_NOOP("TimelineView", "shift"), QT_TRANSLATE_NOOP("TimelineView", "day"))

if TYPE_CHECKING:
    from ..context import AppContext


class TimelineView(QAbstractScrollArea, Finding):
    """Suites x time. Signals ``message`` (status text) and ``selection_changed``."""

    message = Signal(str)
    selection_changed = Signal()
    #: a campaign id the user asked "Why here?" about
    why_requested = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.snap: Snapshot | None = None
        self.planner: EditPlanner | None = None
        self.grid: TimeGrid | None = None
        self.rows: list[Row] = []
        self._row_tops: list[int] = []
        self.row_of_suite: dict[int, Row] = {}
        self.selected: set[int] = set()
        self.badges: dict[int, list[str]] = {}
        self.soft: dict[int, list[str]] = {}  # campaign id -> checker warnings from the last drop
        self.drag: Drag | None = None
        self.drop_preview: tuple[Placement, Evaluation] | None = None
        self.snap_unit = "hour"
        self.last_refusal = ""
        #: the drag tooltip's text as last shown ("" when hidden)
        self.tip = ""
        self.last_feedback_ms = 0.0
        self.now_override: datetime | None = None
        self.px_per_hour = 2.0
        self._end = datetime.now(UTC)
        #: (full text, text drawn, room in px) of the headers painted last
        self.header_texts: list[tuple[str, str, float]] = []
        self.match_suites = set()  # see Finding
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.horizontalScrollBar().valueChanged.connect(lambda _v: self.viewport().update())
        self.verticalScrollBar().valueChanged.connect(lambda _v: self.viewport().update())
        self._font = QFont(self.font())
        self._bold = QFont(self.font())
        self._bold.setBold(True)
        self._small = QFont(self.font())
        self._small.setPointSizeF(max(6.5, self.font().pointSizeF() * 0.85))
        self._warm = QTimer(self, singleShot=True, interval=250)
        self._warm.timeout.connect(self._warm_up)
        self.painter = TimelinePainter(self)
        self.interaction = Interaction(self)

    # --- data ------------------------------------------------------------------------------

    def set_snapshot(self, snap: Snapshot) -> None:
        first = self.snap is None
        self.snap = snap
        self.planner = EditPlanner(snap)
        self.painter.forget_colours()
        tz = snap.facility.tz
        starts = [s.start for s in snap.slots] + [c.earliest_start for c in snap.campaigns if c.is_open]
        ends = [s.end for s in snap.slots] + [c.due for c in snap.campaigns if c.is_open and c.due]
        lo = min(starts) if starts else datetime.now(UTC)
        hi = max(ends) if ends else lo + timedelta(days=56)
        lo_day = lo.astimezone(tz).date() - timedelta(days=7)
        lo_day -= timedelta(days=lo_day.weekday())
        origin = TimeGrid(lo, tz).midnight(lo_day)
        if self.grid is None or self.grid.origin != origin or self.grid.tz != tz:
            shift_starts = [s.start for s in snap.shifts if not s.retired] or ["07:00", "15:00", "23:00"]
            night = next(((s.start, s.end) for s in snap.shifts if s.night and not s.retired),
                         ("23:00", "07:00"))
            old_left = self.grid.time_at(self.horizontalScrollBar().value()) if self.grid else None
            self.grid = TimeGrid(origin, tz, self.px_per_hour, shift_starts, night)
            if old_left is not None:
                self.horizontalScrollBar().setValue(int(self.grid.x_of(old_left)))
        self._end = hi + timedelta(days=28)
        self._max_end: dict[int, list[datetime]] = {}
        for sid, slots in self.planner.by_suite.items():
            run: list[datetime] = []
            for sl in slots:
                run.append(max(run[-1], sl.end) if run else sl.end)
            self._max_end[sid] = run
        self.selected &= set(self.planner.slots_by_id)
        self._build_rows()
        self.badges = self.planner.warnings()
        for s in snap.slots:
            extra = self.soft.get(s.campaign_id or -1)
            if extra and s.id is not None:
                self.badges.setdefault(s.id, []).extend(extra)
        self._update_scrollbars()
        if first:
            self.scroll_to(lo)
        self.viewport().update()
        self._warm.start()

    def _warm_up(self) -> None:
        if self.planner is not None:
            try:
                self.planner.warm_up()
            except Exception as exc:  # the checker must never take the window down
                self.message.emit(self.tr("The plan checker is not available: {exc}").format(exc=exc))

    def _build_rows(self) -> None:
        assert self.snap is not None
        groups: dict[str, list[Any]] = {}
        keep: set[int] | None = None
        if self.hide_rest and self.match is not None:  # only suites with something found
            keep = {sl.suite_id for sl in self.snap.slots if sl.id in self.match}
            keep |= self.match_suites
        for s in sorted(self.snap.suites, key=lambda s: s.code):
            if not s.retired and (keep is None or s.id in keep):
                groups.setdefault(suite_group(s), []).append(s)
        rows, y = [], 0
        for name in sorted(groups):
            rows.append(Row(y, GROUP_H, None, name))
            y += GROUP_H
            for s in groups[name]:
                rows.append(Row(y, ROW_H, s.id, f"{s.code}  {s.name.split(' - ')[-1]}"))
                y += ROW_H
        self.rows = rows
        self._row_tops = [r.top for r in rows]
        self.row_of_suite = {r.suite_id: r for r in rows if r.suite_id is not None}

    @property
    def content_height(self) -> int:
        return self.rows[-1].top + self.rows[-1].height if self.rows else 0

    def _update_scrollbars(self) -> None:
        if self.grid is None:
            return
        width = int(self.grid.x_of(self._end))
        vw = max(1, self.viewport().width() - LEFT_W)
        self.horizontalScrollBar().setRange(0, max(0, width - vw))
        self.horizontalScrollBar().setPageStep(vw)
        self.horizontalScrollBar().setSingleStep(max(10, int(self.px_per_hour * 6)))
        vh = max(1, self.viewport().height() - HEADER_H)
        self.verticalScrollBar().setRange(0, max(0, self.content_height - vh))
        self.verticalScrollBar().setPageStep(vh)
        self.verticalScrollBar().setSingleStep(ROW_H // 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_scrollbars()

    def sizeHint(self) -> QSize:
        return QSize(900, HEADER_H + self.content_height + 20)

    # --- coordinates -------------------------------------------------------------------------

    def vx(self, dt: datetime) -> float:
        """Viewport x of a time."""
        assert self.grid is not None
        return self.grid.x_of(dt) - self.horizontalScrollBar().value() + LEFT_W

    def time_at_vx(self, x: float) -> datetime:
        assert self.grid is not None
        return self.grid.time_at(x - LEFT_W + self.horizontalScrollBar().value())

    def row_at(self, y: float) -> Row | None:
        cy = y - HEADER_H + self.verticalScrollBar().value()
        if y < HEADER_H or cy < 0:
            return None
        i = bisect.bisect_right(self._row_tops, cy) - 1
        if 0 <= i < len(self.rows) and cy < self.rows[i].top + self.rows[i].height:
            return self.rows[i]
        return None

    def row_rect(self, row: Row) -> QRectF:
        top = row.top + HEADER_H - self.verticalScrollBar().value()
        return QRectF(LEFT_W, top, self.viewport().width() - LEFT_W, row.height)

    def slot_rect(self, slot: Slot | Placement, suite_id: int | None = None) -> QRectF:
        row = self.row_of_suite.get(suite_id if suite_id is not None else slot.suite_id)
        if row is None:
            return QRectF()
        top = row.top + HEADER_H - self.verticalScrollBar().value()
        x0, x1 = self.vx(slot.start), self.vx(slot.end)
        if getattr(slot, "kind", None) == SlotKind.CLEANING:
            # routine cleans run inside closed processing: a strip along the row's foot
            return QRectF(x0, top + row.height - 10, max(3.0, x1 - x0), 8)
        return QRectF(x0, top + 4, max(2.0, x1 - x0), row.height - 16)

    def slot_center(self, slot_id: int) -> QPoint:
        """Viewport point in the middle of a slot's visible part (for tests and keyboard)."""
        assert self.planner is not None
        r = self.slot_rect(self.planner.slots_by_id[slot_id])
        vis = r.intersected(QRectF(LEFT_W, HEADER_H, self.viewport().width() - LEFT_W,
                                   self.viewport().height() - HEADER_H))
        return vis.center().toPoint()

    def point_at(self, suite_id: int, dt: datetime) -> QPoint:
        r = self.row_of_suite[suite_id]
        return QPoint(round(self.vx(dt)), r.top + HEADER_H - self.verticalScrollBar().value()
                      + r.height // 2)

    def slots_in(self, suite_id: int, t0: datetime, t1: datetime) -> list[Slot]:
        assert self.planner is not None
        slots = self.planner.by_suite.get(suite_id, [])
        # cleans may sit inside a campaign, so bisect on the running maximum of the ends
        lo = bisect.bisect_right(self._max_end.get(suite_id, []), t0)
        out = []
        for s in slots[lo:]:
            if s.start >= t1:
                break
            out.append(s)
        return out

    def hit(self, pos: QPointF) -> tuple[Slot | None, str]:
        """The slot under a viewport point and which part: 'body', 'start' or 'end'."""
        if self.planner is None or pos.x() < LEFT_W:
            return None, ""
        row = self.row_at(pos.y())
        if row is None or row.suite_id is None:
            return None, ""
        t = self.time_at_vx(pos.x())
        slop = timedelta(hours=EDGE_PX / self.px_per_hour)
        found = self.slots_in(row.suite_id, t - slop, t + slop)
        found.sort(key=lambda s: s.kind != SlotKind.CLEANING)
        for s in found:
            r = self.slot_rect(s)
            if not r.adjusted(-EDGE_PX, 0, EDGE_PX, 0).contains(pos):
                continue
            if r.width() >= 3 * EDGE_PX and s.kind not in (SlotKind.CHANGEOVER, SlotKind.CLEANING):
                if abs(pos.x() - r.left()) <= EDGE_PX:
                    return s, "start"
                if abs(pos.x() - r.right()) <= EDGE_PX:
                    return s, "end"
            if r.contains(pos):
                return s, "body"
        return None, ""

    def scroll_to(self, dt: datetime) -> None:
        assert self.grid is not None
        self.horizontalScrollBar().setValue(int(self.grid.x_of(dt)))

    # --- zoom --------------------------------------------------------------------------------

    def set_zoom(self, px_per_hour: float, anchor_vx: float | None = None) -> None:
        if self.grid is None:
            self.px_per_hour = px_per_hour
            return
        if anchor_vx is None:
            anchor_vx = LEFT_W + (self.viewport().width() - LEFT_W) / 2
        anchor_t = self.time_at_vx(anchor_vx)
        self.px_per_hour = px_per_hour
        self.grid.px_per_hour = px_per_hour
        self._update_scrollbars()
        self.horizontalScrollBar().setValue(int(self.grid.x_of(anchor_t) - (anchor_vx - LEFT_W)))
        self.viewport().update()
        self.message.emit(self.tr("Zoom: {zoom}").format(zoom=self.zoom_words()))

    def zoom_words(self) -> str:
        p = self.px_per_hour
        return (self.tr("hours") if p >= 24 else self.tr("shifts") if p >= 6 else self.tr("days")
                if p >= 2 else self.tr("weeks") if p >= 0.5 else self.tr("months"))

    def zoom(self, direction: int, anchor_vx: float | None = None) -> None:
        if self.grid is not None:
            self.set_zoom(self.grid.zoomed(direction), anchor_vx)

    def zoom_to_fit(self) -> None:
        if self.snap is None or self.grid is None or not self.snap.slots:
            return
        lo = min(s.start for s in self.snap.slots)
        hi = max(s.end for s in self.snap.slots)
        hours = (hi - lo).total_seconds() / 3600
        self.set_zoom(max(0.25, (self.viewport().width() - LEFT_W - 20) / max(hours, 1)))
        self.scroll_to(lo - timedelta(hours=4 / self.px_per_hour * 3))

    # --- painting and hover (painter.py) -----------------------------------------------------

    @guarded
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self.viewport())
        try:
            self.painter.paint(p)
        finally:
            p.end()

    def _client_colour(self, client_id: int) -> QColor:
        return self.painter.client_colour(client_id)

    def describe(self, s: Slot) -> str:
        """A booking's tooltip (HTML)."""
        return self.painter.describe(s)

    def viewportEvent(self, ev: QEvent) -> bool:
        if ev.type() == QEvent.Type.ToolTip and isinstance(ev, QHelpEvent):
            if self.drag is not None and self.drag.started:
                return True
            slot, _part = self.hit(QPointF(ev.pos()))
            if slot is not None:
                QToolTip.showText(ev.globalPos(), self.describe(slot), self.viewport())
            else:
                QToolTip.hideText()
                ev.ignore()
            return True
        return super().viewportEvent(ev)

    # --- mouse, keys, wheel and drops (interaction.py) ----------------------------------------

    @guarded
    def mousePressEvent(self, ev: QMouseEvent) -> None:
        if not self.interaction.press(ev):
            super().mousePressEvent(ev)

    @guarded
    def mouseMoveEvent(self, ev: QMouseEvent) -> None:
        self.interaction.move(ev)

    @guarded
    def mouseReleaseEvent(self, ev: QMouseEvent) -> None:
        if not self.interaction.release(ev):
            super().mouseReleaseEvent(ev)

    @guarded
    def keyPressEvent(self, ev: QKeyEvent) -> None:
        if not self.interaction.key(ev):
            super().keyPressEvent(ev)

    @guarded
    def wheelEvent(self, ev: QWheelEvent) -> None:
        if not self.interaction.wheel(ev):
            super().wheelEvent(ev)

    def dragEnterEvent(self, ev: QDragEnterEvent) -> None:
        if ev.mimeData().hasFormat(MIME_CAMPAIGN):
            ev.acceptProposedAction()
        else:
            ev.ignore()

    @guarded
    def dragMoveEvent(self, ev: QDragMoveEvent) -> None:
        self.interaction.list_drag_move(ev)

    def dragLeaveEvent(self, ev: QDragLeaveEvent) -> None:
        self.interaction.list_drag_leave()

    @guarded
    def dropEvent(self, ev: QDropEvent) -> None:
        self.interaction.list_drop(ev)

    def drag_to(self, pos: QPointF, global_pos: QPoint | None = None) -> None:
        """Follow the mouse during a drag (see :meth:`Interaction.drag_to`)."""
        self.interaction.drag_to(pos, global_pos)

    def verdict_tip(self, placements: list[Placement], evaluation: Evaluation) -> str:
        return self.interaction.verdict_tip(placements, evaluation)

    def nudge(self, direction: int) -> None:
        self.interaction.nudge(direction)

    def move_row(self, direction: int) -> None:
        self.interaction.move_row(direction)

    def placement_for(self, campaign_id: int, suite_id: int, at: datetime) -> Placement:
        return self.interaction.placement_for(campaign_id, suite_id, at)

    def show_tip(self, global_pos: QPoint | None, text: str) -> None:
        """Show (or hide, with no text) the drag tooltip; :attr:`tip` keeps what it says."""
        self.tip = text
        if global_pos is None or not text:
            QToolTip.hideText()
        else:
            QToolTip.showText(global_pos, text, self.viewport())

    # --- the one way edits leave the timeline ------------------------------------------------

    def refuse(self, reason: str, global_pos: QPoint | None = None) -> None:
        self.last_refusal = reason
        self.show_tip(global_pos, self.tr("<b>Not changed:</b> {reason}").format(reason=reason))
        self.message.emit(self.tr("Not changed: {reason}").format(reason=reason))

    def _catch_up(self, placements: list[Placement], removed: tuple[int, ...]) -> EditPlanner:
        """Another workstation saved since this picture was read (the live update may be a
        moment away): re-read the plan. If that left the bookings being edited alone, the edit
        is built on what is saved now (changeovers and cleans recomputed around theirs); if it
        changed one of them, on the old picture, so that the save is refused with who changed
        what, instead of overwriting it."""
        from ...services.queries import change_seq, slot_versions

        old = self.planner
        assert old is not None
        try:
            if self.snap is None or change_seq(self.ctx.db) <= self.snap.seq:
                return old
            mine = {p.slot_id for p in placements if p.slot_id is not None} | set(removed)
            seen = {i: old.slots_by_id[i].version for i in mine if i in old.slots_by_id}
            if slot_versions(self.ctx.db, set(seen)) != seen:
                return old  # the conflict dialog then compares with the picture the user saw
            self.ctx.refresh()
        except Exception:  # unreachable database: the save below says so
            return old
        return self.planner if self.planner is not None else old

    def commit(self, placements: list[Placement], *, label: str, reason: str = "",
               global_pos: QPoint | None = None, removed: tuple[int, ...] = (),
               extra: tuple[Command, ...] = ()) -> bool:
        """Check the placements (fast rules, then the solver's checker) and apply them as one
        command with the changeovers around them recomputed. Returns whether it was applied."""
        assert self.planner is not None
        t0 = time.perf_counter()
        planner = self._catch_up(placements, removed)
        ev = planner.evaluate(placements, label=label, reason=reason, removed=removed,
                              extra=extra)
        if not ev.ok:
            self.last_feedback_ms = (time.perf_counter() - t0) * 1000
            self.refuse(ev.reason or "", global_pos)
            return False
        try:
            hard, soft = planner.full_check(placements, ev)
        except Exception as exc:  # the checker must never take the window down
            hard, soft = [], []
            self.message.emit(self.tr("The plan checker failed ({exc}); the fast checks passed.").format(exc=exc))
        self.last_feedback_ms = (time.perf_counter() - t0) * 1000
        if hard:
            self.refuse(hard[0].message, global_pos)
            return False
        assert ev.command is not None
        if not ev.command.commands:
            return False
        for cid, notes in planner.soft_notes(placements, soft).items():
            if notes:
                self.soft[cid] = notes
            else:
                self.soft.pop(cid, None)
        applied = self.ctx.apply(ev.command)
        if applied is None:
            self.last_refusal = "refused by the database"
            return False
        extra_words = (self.tr(" · {n} changeover change(s)").format(n=ev.changeovers)
                       if ev.changeovers else "")
        warn = self.tr(" · {n} warning(s) to re-plan (cleaning)").format(n=len(soft)) if soft else ""
        self.message.emit(self.tr("{label}: done{changeovers}{warnings}. Ctrl+Z undoes it.").format(
            label=command_label(label), changeovers=extra_words, warnings=warn))
        return True

    # --- actions on the selection ------------------------------------------------------------

    def selected_slots(self) -> list[Slot]:
        if self.planner is None:
            return []
        return [self.planner.slots_by_id[i] for i in sorted(self.selected)
                if i in self.planner.slots_by_id]

    def selected_campaigns(self) -> list[Campaign]:
        assert self.snap is not None
        return [self.snap.campaign(s.campaign_id) for s in self.selected_slots()
                if s.campaign_id is not None]

    def toggle_pin(self) -> None:
        """Pin the selected campaigns (unpin if they all are); other slots pin themselves."""
        slots = self.selected_slots()
        if not slots or self.snap is None:
            return
        pinned_now = [self._is_pinned(s) for s in slots]
        target = not all(pinned_now)
        commands: list[Command] = []
        for s in slots:
            if s.campaign_id is not None:
                c = self.snap.campaign(s.campaign_id)
                if c.pinned != target:
                    commands.append(set_pinned("campaign", c.id or 0, c.version, target))
                if not target and s.pinned:
                    commands.append(set_pinned("slot", s.id or 0, s.version, False))
            elif s.pinned != target:
                commands.append(set_pinned("slot", s.id or 0, s.version, target))
        if commands:
            self.ctx.apply(commands[0] if len(commands) == 1 else
                           Batch(label="Pin" if target else "Unpin", commands=tuple(commands)))

    def _is_pinned(self, s: Slot) -> bool:
        assert self.snap is not None
        if s.campaign_id is not None:
            return self.snap.campaign(s.campaign_id).pinned or s.pinned
        return s.pinned

    def cancel_selected(self) -> None:
        """Cancel the selected campaigns (a reason is required) and free their suite time."""
        camps = [c for c in self.selected_campaigns() if c.is_open]
        if not camps or self.planner is None:
            return
        codes = ", ".join(c.code for c in camps)
        reason, ok = ask_reason(self, self.tr("Cancel campaign"), [c.code for c in camps])
        if not ok:
            return
        if not reason.strip():
            self.refuse(self.tr("a reason is required to cancel a campaign"))
            return
        slots = [s.id for s in self.selected_slots() if s.campaign_id in {c.id for c in camps}]
        extra = tuple(cancel_campaign(c.id or 0, c.version, reason.strip()) for c in camps)
        ev = self.planner.evaluate([], label="Cancel campaign", reason=reason.strip(),
                                   removed=[i for i in slots if i is not None], extra=extra)
        if not ev.ok or ev.command is None:
            self.refuse(ev.reason or "")
            return
        if self.ctx.apply(ev.command) is not None:
            self.selected.clear()
            self.message.emit(self.tr("Cancelled {codes}; their suite time is free. Ctrl+Z undoes it.")
                              .format(codes=codes))

    @guarded
    def contextMenuEvent(self, ev: QContextMenuEvent) -> None:
        pos = QPointF(self.viewport().mapFrom(self, ev.pos()))
        slot, _part = self.hit(pos)
        menu = QMenu(self)
        if slot is not None and slot.id is not None:
            if slot.id not in self.selected:
                self.selected = {slot.id}
                self.selection_changed.emit()
                self.viewport().update()
            pin = menu.addAction(self.tr("Unpin") if self._is_pinned(slot) else self.tr("Pin"))
            pin.triggered.connect(self.toggle_pin)
            if slot.campaign_id is not None:
                cancel = menu.addAction(self.tr("Cancel campaign…"))
                cancel.triggered.connect(self.cancel_selected)
                why = menu.addAction(self.tr("Why here?"))
                why.triggered.connect(lambda: self.why_requested.emit(slot.campaign_id))
            menu.addSeparator()
        for text, fn in ((self.tr("Zoom in"), lambda: self.zoom(1)),
                         (self.tr("Zoom out"), lambda: self.zoom(-1)),
                         (self.tr("Fit the plan"), self.zoom_to_fit)):
            act = QAction(text, menu)
            act.triggered.connect(fn)
            menu.addAction(act)
        menu.exec(ev.globalPos())
