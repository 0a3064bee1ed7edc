"""The timeline: suites as rows, time across, bookings dragged, resized and dropped.

A custom-painted :class:`QAbstractScrollArea` rather than a QGraphicsScene: the timeline holds
thousands of bookings but shows a few hundred, and one paint pass that culls by row and by time
(bisect on each suite's sorted slots) costs nothing to "open" (no item objects to build for 5,000
slots), zooms by changing one number (no item geometry to relayout), and keeps painting, hit
testing and snapping on the same :class:`TimeGrid`, which maps real elapsed time to x and is
tested without a widget. Every edit is a command through ``AppContext.apply`` (undo, audit);
:class:`EditPlanner` checks a drag on every mouse move and the solver's checker runs on drop.
"""

from __future__ import annotations

import bisect
import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QContextMenuEvent,
    QDrag,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QSplitter,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ...domain.commands import Batch, Command, cancel_campaign, set_pinned
from ...domain.model import Campaign, CampaignStatus, Slot, SlotKind
from ...services.gui_edits import EditPlanner, Evaluation, Placement
from ...services.queries import Snapshot
from ..fit import ask_reason
from ..icons import paint_pin
from .find import ClientLegend, FindBar, Finding, client_colours
from .timegrid import SNAP_UNITS, TimeGrid, fit_words, format_span


def guarded(handler: Callable[..., Any]) -> Callable[..., Any]:
    """An exception escaping a Qt event handler can abort PySide6; report it instead."""

    @functools.wraps(handler)
    def wrapper(self: Any, *args: Any) -> Any:
        try:
            return handler(self, *args)
        except Exception as exc:
            self.drag = None
            logging.getLogger("necst").exception("timeline handler failed")
            self.message.emit(f"Something went wrong ({type(exc).__name__}: {exc}); nothing was "
                              "changed.")
            return None

    return wrapper


HEADER_H = 46
LEFT_W = 200
ROW_H = 40
GROUP_H = 22
EDGE_PX = 5
#: sideways pixels a mostly vertical drag may wobble without changing the start time
WOBBLE_PX = 6
MIME_CAMPAIGN = "application/x-necst-campaign"

KIND_STYLE = {
    SlotKind.CHANGEOVER: ("#d9d9d9", "#8c8c8c", Qt.BrushStyle.BDiagPattern, "#6e6e6e"),
    SlotKind.CLEANING: ("#d7f0fa", "#3a8fb7", Qt.BrushStyle.Dense6Pattern, "#2a6f8f"),
    SlotKind.MAINTENANCE: ("#5f6b73", "#3b444b", Qt.BrushStyle.DiagCrossPattern, "#9aa7b0"),
}


def suite_group(suite: Any) -> str:
    """The row group of a suite: its grade and main containment/capability."""
    caps = set(suite.capabilities)
    if "viral-vector" in caps or "bsl2" in caps:
        kind = "Viral vector (BSL-2)"
    elif "ipsc" in caps:
        kind = "iPSC"
    elif "isolator" in caps:
        kind = "Isolator"
    else:
        kind = "Open processing (BSC)"
    return f"Grade {suite.grade.value} · {kind}"


@dataclass
class Row:
    top: int
    height: int
    suite_id: int | None
    label: str


@dataclass
class Drag:
    mode: str  # 'move' | 'start' | 'end' | 'band'
    press: QPointF
    press_time: datetime
    slots: list[Slot]
    anchor: Slot | None
    started: bool = False
    placements: list[Placement] = field(default_factory=list)
    evaluation: Evaluation | None = None
    eligible: set[int] = field(default_factory=set)
    band: QRectF | None = None


class TimelineView(QAbstractScrollArea, Finding):
    """Suites x time. Signals ``message`` (status text) and ``selection_changed``."""

    message = Signal(str)
    selection_changed = Signal()
    #: a campaign id the user asked "Why here?" about
    why_requested = Signal(int)

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
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
        self._colours: dict[int, QColor] | None = None
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

    # --- data ------------------------------------------------------------------------------

    def set_snapshot(self, snap: Snapshot) -> None:
        first = self.snap is None
        self.snap = snap
        self.planner = EditPlanner(snap)
        self._colours = None
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
                self.message.emit(f"The plan checker is not available: {exc}")

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
        self.message.emit(f"Zoom: {self.zoom_words()}")

    def zoom_words(self) -> str:
        p = self.px_per_hour
        return ("hours" if p >= 24 else "shifts" if p >= 6 else "days" if p >= 2 else
                "weeks" if p >= 0.5 else "months")

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

    # --- painting ----------------------------------------------------------------------------

    @guarded
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self.viewport())
        try:
            self._paint(p)
        finally:
            p.end()

    def _paint(self, p: QPainter) -> None:
        w, h = self.viewport().width(), self.viewport().height()
        p.fillRect(0, 0, w, h, QColor("#ffffff"))
        if self.grid is None or self.snap is None:
            return
        grid = self.grid
        t0, t1 = self.time_at_vx(LEFT_W), self.time_at_vx(w)
        body = QRectF(LEFT_W, HEADER_H, w - LEFT_W, h - HEADER_H)
        p.setClipRect(body)
        # calendar: weekends, nights, day lines
        for a, b in grid.weekends(t0, t1):
            p.fillRect(QRectF(self.vx(a), HEADER_H, self.vx(b) - self.vx(a), h), QColor("#f4f1ea"))
        if self.px_per_hour >= 2:
            for a, b in grid.nights(t0, t1):
                p.fillRect(QRectF(self.vx(a), HEADER_H, self.vx(b) - self.vx(a), h),
                           QColor(60, 80, 140, 16))
        day_pen = QPen(QColor("#d0d0d0"))
        week_pen = QPen(QColor("#a8a8a8"))
        for day, start, _end in grid.days(t0, t1):
            if self.px_per_hour < 1 and day.weekday() != 0:
                continue
            x = self.vx(start)
            p.setPen(week_pen if day.weekday() == 0 else day_pen)
            p.drawLine(QPointF(x, HEADER_H), QPointF(x, h))
        if self.px_per_hour >= 12:
            p.setPen(QPen(QColor("#eeeeee")))
            for t in grid.hour_ticks(t0, t1, 1 if self.px_per_hour >= 30 else 3):
                if grid.local(t).hour:
                    x = self.vx(t)
                    p.drawLine(QPointF(x, HEADER_H), QPointF(x, h))
        # rows
        eligible = self.drag.eligible if self.drag and self.drag.started else None
        if self.drop_preview is not None and self.drop_preview[0].campaign_id is not None:
            assert self.planner is not None
            eligible = self.planner.eligible_suites(self.drop_preview[0].campaign_id)
        vscroll = self.verticalScrollBar().value()
        first = max(0, bisect.bisect_right(self._row_tops, vscroll) - 1)
        for row in self.rows[first:]:
            top = row.top + HEADER_H - vscroll
            if top > h:
                break
            if row.suite_id is None:
                p.fillRect(QRectF(LEFT_W, top, w, row.height), QColor(235, 238, 243, 200))
                continue
            if eligible is not None:
                colour = QColor(76, 175, 80, 40) if row.suite_id in eligible else QColor(0, 0, 0, 28)
                p.fillRect(QRectF(LEFT_W, top, w, row.height), colour)
            p.setPen(QPen(QColor("#e6e6e6")))
            p.drawLine(QPointF(LEFT_W, top + row.height - 0.5), QPointF(w, top + row.height - 0.5))
            dragging = {s.id for s in self.drag.slots} if self.drag and self.drag.started and \
                self.drag.mode != "band" else set()
            visible = self.slots_in(row.suite_id, t0, t1)
            visible.sort(key=lambda s: s.kind == SlotKind.CLEANING)
            for s in visible:
                how = self.shown(s)
                if how == "hidden":
                    continue
                p.setOpacity(0.22 if how == "dim" else 1.0)
                self._paint_slot(p, s, ghosted=s.id in dragging)
            p.setOpacity(1.0)
        # now
        now = self.now_override or datetime.now(UTC)
        if t0 <= now <= t1:
            x = self.vx(now)
            p.setPen(QPen(QColor("#e53935"), 2))
            p.drawLine(QPointF(x, HEADER_H), QPointF(x, h))
        # drag ghosts
        if self.drag and self.drag.started:
            if self.drag.mode == "band" and self.drag.band is not None:
                p.setPen(QPen(QColor("#1e88e5"), 1, Qt.PenStyle.DashLine))
                p.setBrush(QColor(30, 136, 229, 30))
                p.drawRect(self.drag.band)
            else:
                ok = self.drag.evaluation is None or self.drag.evaluation.ok
                for pl in self.drag.placements:
                    self._paint_ghost(p, pl, ok)
        if self.drop_preview is not None:
            self._paint_ghost(p, self.drop_preview[0], self.drop_preview[1].ok)
        p.setClipping(False)
        self._paint_headers(p, t0, t1, w, h)

    def _client_colour(self, client_id: int) -> QColor:
        assert self.snap is not None
        if self._colours is None:
            self._colours = client_colours(self.snap)
        return QColor(self._colours.get(client_id, QColor("#4f81bd")))

    def _paint_slot(self, p: QPainter, s: Slot, *, ghosted: bool = False) -> None:
        assert self.snap is not None
        r = self.slot_rect(s)
        if r.right() < LEFT_W or r.isEmpty():
            return
        selected = s.id in self.selected
        if s.kind == SlotKind.CAMPAIGN and s.campaign_id is not None:
            camp = self.snap.campaign(s.campaign_id)
            base = self._client_colour(camp.client_id)
            fill = QColor(base)
            pen = QPen(base.darker(140), 1.2)
            if camp.status == CampaignStatus.TENTATIVE:
                fill = fill.lighter(150)
                pen.setStyle(Qt.PenStyle.DashLine)
            elif camp.status in (CampaignStatus.DONE, CampaignStatus.CANCELLED):
                fill = QColor("#bdbdbd")
            elif camp.status == CampaignStatus.IN_PROGRESS:
                pen.setWidthF(2.4)
            if ghosted:
                fill.setAlpha(70)
            p.setPen(pen)
            p.setBrush(fill)
            p.drawRoundedRect(r, 3, 3)
            text_colour = QColor("#ffffff") if camp.status != CampaignStatus.TENTATIVE else \
                base.darker(200)
            label = camp.code
            pinned = camp.pinned or s.pinned
        else:
            bg, edge, pattern, fg = KIND_STYLE.get(s.kind, KIND_STYLE[SlotKind.CHANGEOVER])
            p.setPen(QPen(QColor(edge), 1))
            p.setBrush(QColor(bg))
            rr = r.adjusted(0, 3, 0, -3) if s.kind == SlotKind.CHANGEOVER else r
            p.drawRect(rr)
            p.setBrush(QBrush(QColor(edge), pattern))
            p.drawRect(rr)
            text_colour = QColor(fg) if s.kind != SlotKind.MAINTENANCE else QColor("#ffffff")
            label = {SlotKind.CHANGEOVER: "CO", SlotKind.CLEANING: "clean",
                     SlotKind.MAINTENANCE: "maintenance"}.get(s.kind, "") if r.width() < 160 else \
                (s.label or s.kind.value)
            pinned = s.pinned
        if selected:
            p.setPen(QPen(QColor("#0d47a1"), 2.5))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(r.adjusted(-1.5, -1.5, 1.5, 1.5), 4, 4)
        # The label (and pin) stay at the left edge of what is visible of the bar, so a bar
        # whose start is scrolled off still says what it is.
        left = max(r.left(), float(LEFT_W))
        x_text = left + 4
        if pinned:
            self._paint_pin(p, QPointF(left + 7, r.top() + 7))
            x_text += 11
        if s.kind == SlotKind.CLEANING:
            pass
        elif (r.width() > 28 and s.kind != SlotKind.CHANGEOVER) or r.width() > 40:
            p.setPen(text_colour)
            p.setFont(self._bold if s.kind == SlotKind.CAMPAIGN else self._small)
            fm = QFontMetrics(p.font())
            avail = int(r.right() - x_text - 4)
            text = fm.elidedText(label, Qt.TextElideMode.ElideRight, avail) if avail > 10 else ""
            if text and text != "…":
                p.drawText(QRectF(x_text, r.top(), avail, r.height()),
                           Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
        if s.id in self.badges:
            c = QPointF(r.right() - 2, r.top() + 1)
            p.setPen(QPen(QColor("#ffffff"), 1.2))
            p.setBrush(QColor("#f57c00"))
            p.drawEllipse(c, 7, 7)
            p.setFont(self._bold)
            p.drawText(QRectF(c.x() - 7, c.y() - 7, 14, 14), Qt.AlignmentFlag.AlignCenter, "!")

    def _paint_pin(self, p: QPainter, at: QPointF) -> None:
        paint_pin(p, at)

    def _paint_ghost(self, p: QPainter, pl: Placement, ok: bool) -> None:
        r = self.slot_rect(pl)
        if r.isEmpty():
            return
        colour = QColor("#2e7d32") if ok else QColor("#c62828")
        fill = QColor(colour)
        fill.setAlpha(60)
        p.setPen(QPen(colour, 2, Qt.PenStyle.SolidLine if ok else Qt.PenStyle.DashLine))
        p.setBrush(fill)
        p.drawRoundedRect(r, 3, 3)
        assert self.grid is not None
        p.setFont(self._small)
        p.setPen(colour.darker(130))
        text = self.grid.local(pl.start).strftime("%a %d %b %H:%M")
        p.drawText(QRectF(r.left(), r.bottom() + 1, 200, 12), Qt.AlignmentFlag.AlignLeft, text)

    def _paint_headers(self, p: QPainter, t0: datetime, t1: datetime, w: int, h: int) -> None:
        assert self.grid is not None and self.snap is not None
        grid = self.grid
        p.fillRect(QRectF(0, 0, w, HEADER_H), QColor("#f7f7f9"))
        p.setPen(QPen(QColor("#c8c8c8")))
        p.drawLine(QPointF(0, HEADER_H - 0.5), QPointF(w, HEADER_H - 0.5))
        p.drawLine(QPointF(0, 22.5), QPointF(w, 22.5))
        p.setClipRect(QRectF(LEFT_W, 0, w - LEFT_W, HEADER_H))
        day_px = 24 * self.px_per_hour
        # top band: months or weeks; bottom band: days or hours
        top_spans: list[tuple[datetime, datetime, str]] = []
        bottom: list[tuple[datetime, datetime, str]] = []
        days = list(grid.days(t0, t1))
        if day_px >= 70:
            for day, a, b in days:
                top_spans.append((a, b, day.strftime("%a %d %b %Y" if day_px > 160 else "%a %d %b")))
            step = next((s for s in (1, 2, 3, 6, 12) if s * self.px_per_hour >= 34), 24)
            ticks = grid.hour_ticks(t0 - timedelta(hours=step), t1, step)
            for t in ticks:
                bottom.append((t, t + timedelta(hours=step), grid.local(t).strftime("%H:%M")))
        else:
            weeks: dict[tuple[int, int], list[datetime]] = {}
            for day, a, b in days:
                iso = day.isocalendar()
                weeks.setdefault((iso[0], iso[1]), [a, b])[1] = b
            months: dict[tuple[int, int], list[datetime]] = {}
            for day, a, b in days:
                months.setdefault((day.year, day.month), [a, b])[1] = b
            if day_px >= 12:
                for (_y, wk), (a, b) in weeks.items():
                    top_spans.append((a, b, f"week {wk} · {grid.local(a):%d %b %Y}"))
                for day, a, b in days:
                    label = (day.strftime("%a %d") if day_px >= 58 else
                             day.strftime("%a")[:2] + day.strftime(" %d") if day_px >= 40 else
                             day.strftime("%d"))
                    bottom.append((a, b, label))
            else:
                for (y, m), (a, b) in months.items():
                    top_spans.append((a, b, datetime(y, m, 1).strftime("%B %Y")))
                for (_y, wk), (a, b) in weeks.items():
                    bottom.append((a, b, f"w{wk}" if 7 * day_px < 60 else f"w{wk} {grid.local(a):%d %b}"))
        self.header_texts = []
        for (a, b, text), y0, y1 in [(s, 0, 22) for s in top_spans] + [(s, 23, HEADER_H) for s in bottom]:
            xa, xb = self.vx(a), self.vx(b)
            p.setPen(QPen(QColor("#c8c8c8")))
            p.drawLine(QPointF(xa, y0 + 3), QPointF(xa, y1 - 1))
            weekend = y0 > 0 and day_px >= 12 and grid.local(a).weekday() >= 5 and (b - a) <= timedelta(hours=25)
            p.setPen(QColor("#9e3d22") if weekend else QColor("#333333"))
            font = self._bold if y0 == 0 else self._font
            p.setFont(font)
            left = max(xa, LEFT_W) + 4
            avail = min(xb, w) - left - 2  # the visible part: never cut by the window's edge
            shown = fit_words(QFontMetrics(font).horizontalAdvance, text, avail)
            if shown:
                # whole words only: "Mon 30 Nov 2026" -> "Mon 30 Nov" -> "Mon 30", never "Mon 3…"
                p.drawText(QRectF(left, y0, avail + 2, y1 - y0), Qt.AlignmentFlag.AlignVCenter,
                           shown)
                self.header_texts.append((text, shown, avail))
        now = self.now_override or datetime.now(UTC)
        if t0 <= now <= t1:
            x = self.vx(now)
            p.setBrush(QColor("#e53935"))
            p.setPen(Qt.PenStyle.NoPen)
            path = QPainterPath()
            path.moveTo(x - 5, HEADER_H - 8)
            path.lineTo(x + 5, HEADER_H - 8)
            path.lineTo(x, HEADER_H)
            path.closeSubpath()
            p.drawPath(path)
        p.setClipping(False)
        # left column
        p.fillRect(QRectF(0, HEADER_H, LEFT_W, h - HEADER_H), QColor("#fafafa"))
        p.setClipRect(QRectF(0, HEADER_H, LEFT_W, h - HEADER_H))
        vscroll = self.verticalScrollBar().value()
        eligible = self.drag.eligible if self.drag and self.drag.started else set()
        for row in self.rows:
            top = row.top + HEADER_H - vscroll
            if top + row.height < HEADER_H or top > h:
                continue
            rect = QRectF(8, top, LEFT_W - 12, row.height)
            if row.suite_id is None:
                p.fillRect(QRectF(0, top, LEFT_W, row.height), QColor("#e9edf3"))
                p.setPen(QColor("#37474f"))
                p.setFont(self._small)
                p.drawText(rect, Qt.AlignmentFlag.AlignVCenter, row.label.upper())
            else:
                if row.suite_id in eligible:
                    p.fillRect(QRectF(0, top, 5, row.height), QColor("#43a047"))
                suite = self.snap.suite(row.suite_id)
                p.setPen(QColor("#212121"))
                p.setFont(self._bold)
                p.drawText(rect.adjusted(0, 3, 0, -row.height / 2), Qt.AlignmentFlag.AlignVCenter,
                           row.label)
                p.setPen(QColor("#757575"))
                p.setFont(self._small)
                p.drawText(rect.adjusted(0, row.height / 2 - 2, 0, -2), Qt.AlignmentFlag.AlignVCenter,
                           QFontMetrics(self._small).elidedText(", ".join(suite.capabilities),
                                                                Qt.TextElideMode.ElideRight,
                                                                LEFT_W - 16))
                p.setPen(QPen(QColor("#e6e6e6")))
                p.drawLine(QPointF(0, top + row.height - 0.5), QPointF(LEFT_W, top + row.height - 0.5))
        p.setClipping(False)
        p.setPen(QPen(QColor("#c8c8c8")))
        p.drawLine(QPointF(LEFT_W - 0.5, 0), QPointF(LEFT_W - 0.5, h))
        p.fillRect(QRectF(0, 0, LEFT_W - 1, HEADER_H - 1), QColor("#f7f7f9"))
        p.setPen(QColor("#555555"))
        p.setFont(self._small)
        p.drawText(QRectF(8, 0, LEFT_W - 12, HEADER_H), Qt.AlignmentFlag.AlignVCenter,
                   f"{self.snap.facility.timezone}\nsnap: {self.snap_unit} · {self.zoom_words()}")

    # --- hover -------------------------------------------------------------------------------

    def describe(self, s: Slot) -> str:
        assert self.snap is not None and self.grid is not None
        tz = self.snap.facility.tz
        lines = []
        if s.kind == SlotKind.CAMPAIGN and s.campaign_id is not None:
            c = self.snap.campaign(s.campaign_id)
            prod = self.snap.product(c.product_id)
            lines += [f"<b>{c.code}</b> · {self.snap.client(c.client_id).name}",
                      f"{prod.name} ({prod.modality.label})",
                      f"Status: {c.status.value}{' · pinned' if c.pinned or s.pinned else ''}"
                      f" · priority {c.priority}"]
            if c.due:
                lines.append(f"Due: {c.due.astimezone(tz):%a %d %b %H:%M}{' (hard)' if c.due_is_hard else ''}")
            if c.required_capabilities:
                lines.append(f"Needs: {', '.join(c.required_capabilities)}")
        else:
            lines.append(f"<b>{s.kind.value.capitalize()}</b> {s.label}")
            if s.steps:
                lines.append("Steps: " + " → ".join(s.steps))
        lines.append(format_span(s.start, s.end, tz))
        lines.append(f"Suite: {self.snap.suite(s.suite_id).name}")
        for note in self.badges.get(s.id or -1, []):
            lines.append(f"<span style='color:#e65100'>⚠ {note}</span>")
        return "<br>".join(lines)

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

    # --- mouse -------------------------------------------------------------------------------

    @guarded
    def mousePressEvent(self, ev: QMouseEvent) -> None:
        self.setFocus()
        if ev.button() != Qt.MouseButton.LeftButton or self.planner is None:
            return super().mousePressEvent(ev)
        pos = ev.position()
        slot, part = self.hit(pos)
        ctrl = bool(ev.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier))
        if slot is None:
            if not ctrl and self.selected:
                self.selected.clear()
                self.selection_changed.emit()
            self.drag = Drag("band", pos, self.time_at_vx(pos.x()), [], None)
            self.viewport().update()
            return
        assert slot.id is not None
        if ctrl:
            self.selected ^= {slot.id}
            self.selection_changed.emit()
            self.viewport().update()
            return
        if slot.id not in self.selected:
            self.selected = {slot.id}
            self.selection_changed.emit()
        moving = [self.planner.slots_by_id[i] for i in sorted(self.selected)
                  if i in self.planner.slots_by_id] if part == "body" else [slot]
        moving = [s for s in moving if s.kind != SlotKind.CHANGEOVER] or [slot]
        self.drag = Drag("move" if part == "body" else part, pos, self.time_at_vx(pos.x()),
                         moving, slot)
        self.viewport().update()

    @guarded
    def mouseMoveEvent(self, ev: QMouseEvent) -> None:
        pos = ev.position()
        if self.drag is None:
            _slot, part = self.hit(pos)
            shape = Qt.CursorShape.SizeHorCursor if part in ("start", "end") else \
                Qt.CursorShape.OpenHandCursor if part == "body" else Qt.CursorShape.ArrowCursor
            self.viewport().setCursor(shape)
            return
        self.drag_to(pos, ev.globalPosition().toPoint())

    def drag_to(self, pos: QPointF, global_pos: QPoint | None = None) -> None:
        """Follow the mouse during a drag: new placements, the fast rule check, the ghost."""
        d = self.drag
        if d is None or self.planner is None or self.grid is None:
            return
        if not d.started:
            if (pos - d.press).manhattanLength() < QApplication.startDragDistance():
                return
            d.started = True
            if d.anchor is not None and d.anchor.campaign_id is not None and d.mode == "move":
                d.eligible = self.planner.eligible_suites(d.anchor.campaign_id)
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor if d.mode == "move"
                                      else Qt.CursorShape.SizeHorCursor if d.mode != "band"
                                      else Qt.CursorShape.CrossCursor)
        if d.mode == "band":
            d.band = QRectF(d.press, pos).normalized()
            self.viewport().update()
            return
        delta = self.time_at_vx(pos.x()) - d.press_time
        assert d.anchor is not None
        placements = []
        if d.mode == "move":
            new_anchor = self.grid.snap(d.anchor.start + delta, self.snap_unit)
            shift = new_anchor - d.anchor.start
            if self._keeps_start(pos, delta):
                shift = timedelta(0)
            target_row = self.row_at(pos.y())
            suite_change = None
            if len(d.slots) == 1 and target_row is not None and target_row.suite_id is not None:
                suite_change = target_row.suite_id
            for s in d.slots:
                suite = suite_change if suite_change is not None else s.suite_id
                pl = Placement(suite, s.start + shift, s.end + shift, s.id, s.campaign_id)
                placements.append(self.planner.fit(pl) if suite != s.suite_id else pl)
        elif d.mode == "end":
            s = d.anchor
            end = self.grid.snap(s.end + delta, self.snap_unit)
            end = max(end, s.start + timedelta(hours=1))
            placements.append(Placement(s.suite_id, s.start, end, s.id, s.campaign_id))
        else:
            s = d.anchor
            start = self.grid.snap(s.start + delta, self.snap_unit)
            start = min(start, s.end - timedelta(hours=1))
            placements.append(Placement(s.suite_id, start, s.end, s.id, s.campaign_id))
        if placements != d.placements:
            d.placements = placements
            d.evaluation = self.planner.evaluate(placements, build=False)
            if global_pos is not None:
                self.show_tip(global_pos, self.verdict_tip(placements, d.evaluation))
            self.viewport().update()

    def verdict_tip(self, placements: list[Placement], evaluation: Evaluation) -> str:
        """The tooltip for a ghost: the same verdict as its colour (green: where and when it
        would go; red: why not)."""
        assert self.grid is not None
        if not evaluation.ok:
            return f"<b>Cannot drop here:</b> {evaluation.reason}"
        pl = placements[0]
        where = self.snap.suite(pl.suite_id).name if self.snap is not None else ""
        return f"<b>Drop here:</b> {where}<br>{format_span(pl.start, pl.end, self.grid.tz)}"

    def show_tip(self, global_pos: QPoint | None, text: str) -> None:
        """Show (or hide, with no text) the drag tooltip; :attr:`tip` keeps what it says."""
        self.tip = text
        if global_pos is None or not text:
            QToolTip.hideText()
        else:
            QToolTip.showText(global_pos, text, self.viewport())

    def _keeps_start(self, pos: QPointF, delta: timedelta) -> bool:
        """A drag that has not gone past one snap step sideways keeps the start time, and so
        does a wobble of a few pixels during a mostly vertical drag (to another suite): at the
        default zoom two pixels are an hour."""
        d = self.drag
        assert d is not None and d.anchor is not None and self.grid is not None
        unit = self.snap_unit if self.snap_unit != "none" else "hour"
        step = self.grid.step(d.anchor.start, unit, 1 if delta >= timedelta(0) else -1) - d.anchor.start
        if abs(delta) <= abs(step):
            return True
        dx, dy = abs(pos.x() - d.press.x()), abs(pos.y() - d.press.y())
        return dy > dx and dx <= WOBBLE_PX

    @guarded
    def mouseReleaseEvent(self, ev: QMouseEvent) -> None:
        d = self.drag
        self.drag = None
        self.viewport().setCursor(Qt.CursorShape.ArrowCursor)
        if d is None or ev.button() != Qt.MouseButton.LeftButton:
            return super().mouseReleaseEvent(ev)
        if d.mode == "band":
            if d.started and d.band is not None:
                self._select_band(d.band, bool(ev.modifiers() & Qt.KeyboardModifier.ControlModifier))
            self.viewport().update()
            return
        if not d.started or not d.placements:
            self.viewport().update()
            return
        changed = any(pl.start != s.start or pl.end != s.end or pl.suite_id != s.suite_id
                      for pl, s in zip(d.placements, d.slots, strict=False))
        if changed:
            label = {"move": "Move booking", "end": "Change booking end",
                     "start": "Change booking start"}[d.mode]
            self.commit(d.placements, label=label, global_pos=ev.globalPosition().toPoint())
        self.viewport().update()

    def _select_band(self, band: QRectF, add: bool) -> None:
        assert self.planner is not None
        if not add:
            self.selected.clear()
        t0, t1 = self.time_at_vx(band.left()), self.time_at_vx(band.right())
        for row in self.rows:
            if row.suite_id is None or not self.row_rect(row).intersects(band):
                continue
            for s in self.slots_in(row.suite_id, t0, t1):
                if s.id is not None and s.kind != SlotKind.CHANGEOVER:
                    self.selected.add(s.id)
        self.selection_changed.emit()

    # --- the one way edits leave the timeline ------------------------------------------------

    def refuse(self, reason: str, global_pos: QPoint | None = None) -> None:
        self.last_refusal = reason
        self.show_tip(global_pos, f"<b>Not changed:</b> {reason}")
        self.message.emit(f"Not changed: {reason}")

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
            self.message.emit(f"The plan checker failed ({exc}); the fast checks passed.")
        self.last_feedback_ms = (time.perf_counter() - t0) * 1000
        if hard:
            self.refuse(hard[0].message, global_pos)
            return False
        assert ev.command is not None
        if not ev.command.commands:
            return False
        moved_codes = {planner.snap.campaign(p.campaign_id).code
                       for p in placements if p.campaign_id is not None}
        camp_by_code = {c.code: c.id for c in planner.snap.campaigns}
        new_soft: dict[int, list[str]] = {}
        for v in soft:
            for code in v.campaigns:
                if code in moved_codes and code in camp_by_code:
                    new_soft.setdefault(camp_by_code[code] or 0, []).append(v.message)
        for cid in {p.campaign_id for p in placements if p.campaign_id is not None}:
            self.soft.pop(cid, None)
        for cid, notes in new_soft.items():
            self.soft[cid] = notes[:3] + ([f"… and {len(notes) - 3} more"] if len(notes) > 3 else [])
        applied = self.ctx.apply(ev.command)
        if applied is None:
            self.last_refusal = "refused by the database"
            return False
        n_co = sum(1 for c in ev.command.commands if getattr(c, "entity", "") == "slot"
                   and c.label in ("Changeover", "Retire changeover"))
        extra_words = f" · {n_co} changeover change(s)" if n_co else ""
        warn = f" · {len(soft)} warning(s) to re-plan (cleaning)" if soft else ""
        self.message.emit(f"{label}: done{extra_words}{warn}. Ctrl+Z undoes it.")
        return True

    # --- keyboard ----------------------------------------------------------------------------

    def selected_slots(self) -> list[Slot]:
        if self.planner is None:
            return []
        return [self.planner.slots_by_id[i] for i in sorted(self.selected)
                if i in self.planner.slots_by_id]

    def nudge(self, direction: int) -> None:
        """Move the selection one snap step earlier (-1) or later (+1)."""
        slots = [s for s in self.selected_slots() if s.kind != SlotKind.CHANGEOVER]
        if not slots or self.grid is None:
            return
        anchor = slots[0]
        unit = self.snap_unit if self.snap_unit != "none" else "hour"
        shift = self.grid.step(anchor.start, unit, direction) - anchor.start
        self.commit([Placement(s.suite_id, s.start + shift, s.end + shift, s.id, s.campaign_id)
                     for s in slots], label="Move booking")

    def move_row(self, direction: int) -> None:
        """Move the one selected booking to the suite row above (-1) or below (+1)."""
        slots = self.selected_slots()
        if len(slots) != 1:
            return
        s = slots[0]
        suite_rows = [r for r in self.rows if r.suite_id is not None]
        idx = next(i for i, r in enumerate(suite_rows) if r.suite_id == s.suite_id)
        j = idx + direction
        if 0 <= j < len(suite_rows):
            target = suite_rows[j].suite_id
            assert target is not None
            assert self.planner is not None
            self.commit([self.planner.fit(Placement(target, s.start, s.end, s.id, s.campaign_id))],
                        label="Move booking")

    @guarded
    def keyPressEvent(self, ev: QKeyEvent) -> None:
        key = ev.key()
        mods = ev.modifiers()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and self.selected:
            self.nudge(-1 if key == Qt.Key.Key_Left else 1)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.selected:
            self.move_row(-1 if key == Qt.Key.Key_Up else 1)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.selected:
            self.cancel_selected()
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(1)
        elif key == Qt.Key.Key_Minus:
            self.zoom(-1)
        elif key == Qt.Key.Key_0 and mods & Qt.KeyboardModifier.ControlModifier:
            self.zoom_to_fit()
        elif key == Qt.Key.Key_Escape:
            if self.drag is not None:
                self.drag = None
                QToolTip.hideText()
            else:
                self.selected.clear()
                self.selection_changed.emit()
            self.viewport().update()
        elif key == Qt.Key.Key_A and mods & Qt.KeyboardModifier.ControlModifier and self.planner:
            self.selected = {s.id for s in self.planner.snap.slots
                             if s.id is not None and s.kind == SlotKind.CAMPAIGN}
            self.selection_changed.emit()
            self.viewport().update()
        else:
            super().keyPressEvent(ev)

    @guarded
    def wheelEvent(self, ev: QWheelEvent) -> None:
        if ev.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(1 if ev.angleDelta().y() > 0 else -1, ev.position().x())
            ev.accept()
            return
        if ev.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - ev.angleDelta().y())
            ev.accept()
            return
        super().wheelEvent(ev)

    # --- actions on the selection ------------------------------------------------------------

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
        reason, ok = ask_reason(self, "Cancel campaign", [c.code for c in camps])
        if not ok:
            return
        if not reason.strip():
            self.refuse("a reason is required to cancel a campaign")
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
            self.message.emit(f"Cancelled {codes}; their suite time is free. Ctrl+Z undoes it.")

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
            pin = menu.addAction("Unpin" if self._is_pinned(slot) else "Pin")
            pin.triggered.connect(self.toggle_pin)
            if slot.campaign_id is not None:
                cancel = menu.addAction("Cancel campaign…")
                cancel.triggered.connect(self.cancel_selected)
                why = menu.addAction("Why here?")
                why.triggered.connect(lambda: self.why_requested.emit(slot.campaign_id))
            menu.addSeparator()
        for text, fn in (("Zoom in", lambda: self.zoom(1)), ("Zoom out", lambda: self.zoom(-1)),
                         ("Fit the plan", self.zoom_to_fit)):
            act = QAction(text, menu)
            act.triggered.connect(fn)
            menu.addAction(act)
        menu.exec(ev.globalPos())

    # --- drops from the unplanned list -------------------------------------------------------

    def _drop_placement(self, mime: QMimeData, pos: QPointF) -> Placement | None:
        if not mime.hasFormat(MIME_CAMPAIGN) or self.snap is None or self.grid is None:
            return None
        cid = int(bytes(mime.data(MIME_CAMPAIGN).data()).decode())
        row = self.row_at(pos.y())
        if row is None or row.suite_id is None:
            return None
        return self.placement_for(cid, row.suite_id, self.time_at_vx(pos.x()))

    def placement_for(self, campaign_id: int, suite_id: int, at: datetime) -> Placement:
        assert self.snap is not None and self.grid is not None
        camp = self.snap.campaign(campaign_id)
        start = self.grid.snap(at, self.snap_unit)
        hours = camp.duration_in(self.snap.suite(suite_id).code)
        return Placement(suite_id, start, start + timedelta(hours=hours), None, campaign_id)

    def dragEnterEvent(self, ev: QDragEnterEvent) -> None:
        if ev.mimeData().hasFormat(MIME_CAMPAIGN):
            ev.acceptProposedAction()
        else:
            ev.ignore()

    @guarded
    def dragMoveEvent(self, ev: QDragMoveEvent) -> None:
        pl = self._drop_placement(ev.mimeData(), ev.position())
        if pl is None or self.planner is None:
            self.drop_preview = None
            self.show_tip(None, "")
            ev.ignore()
            self.viewport().update()
            return
        evaluation = self.planner.evaluate([pl], build=False)
        self.drop_preview = (pl, evaluation)
        # The drop is accepted over any suite row: a refused one then says why in the status
        # bar, like a refused drag on the timeline. The tooltip always tells the ghost's verdict.
        ev.acceptProposedAction()
        self.show_tip(self.viewport().mapToGlobal(ev.position().toPoint()),
                      self.verdict_tip([pl], evaluation))
        self.viewport().update()

    def dragLeaveEvent(self, ev: QDragLeaveEvent) -> None:
        self.drop_preview = None
        self.show_tip(None, "")
        self.viewport().update()

    @guarded
    def dropEvent(self, ev: QDropEvent) -> None:
        pl = self._drop_placement(ev.mimeData(), ev.position())
        self.drop_preview = None
        self.show_tip(None, "")
        if pl is not None and self.commit([pl], label="Plan campaign"):
            ev.acceptProposedAction()
        else:
            ev.ignore()
        self.viewport().update()


class UnplannedList(QListWidget):
    """Open campaign requests not on the plan yet; drag one onto a suite row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragEnabled(True)
        self.setSelectionMode(QListWidget.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setSpacing(2)

    def set_campaigns(self, snap: Snapshot) -> None:
        self.clear()
        tz = snap.facility.tz
        for c in sorted(snap.unplanned, key=lambda c: (c.earliest_start, c.priority)):
            prod = snap.product(c.product_id)
            due = f" · due {c.due.astimezone(tz):%d %b}" if c.due else ""
            item = QListWidgetItem(f"{c.code}\n{prod.modality.label} · {c.duration_hours / 24:g} d"
                                   f" · from {c.earliest_start.astimezone(tz):%d %b}{due}")
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            item.setToolTip(f"{snap.client(c.client_id).name}\nNeeds: "
                            f"{', '.join(c.required_capabilities) or 'any suite'}\n"
                            "Drag onto a suite row to plan it.")
            self.addItem(item)

    def mimeData(self, items: Any) -> QMimeData:
        mime = QMimeData()
        if items:
            mime.setData(MIME_CAMPAIGN, str(items[0].data(Qt.ItemDataRole.UserRole)).encode())
            mime.setText(items[0].text().splitlines()[0])
        return mime

    def mimeTypes(self) -> list[str]:
        return [MIME_CAMPAIGN]

    def startDrag(self, actions: Qt.DropAction) -> None:
        item = self.currentItem()
        if item is None:
            return
        drag = QDrag(self)
        drag.setMimeData(self.mimeData([item]))
        drag.exec(Qt.DropAction.CopyAction)


class TimelinePanel(QWidget):
    """The timeline with its toolbar (zoom, snap, legend) and the unplanned list beside it."""

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.view = TimelineView(ctx)
        for text, tip, fn in (("−", "Zoom out (-)", lambda: self.view.zoom(-1)),
                              ("+", "Zoom in (+)", lambda: self.view.zoom(1)),
                              ("Fit", "Show the whole plan (Ctrl+0)", self.view.zoom_to_fit),
                              ("Today", "Scroll to now", self._today)):
            b = QToolButton()
            b.setText(text)
            b.setToolTip(tip)
            b.clicked.connect(fn)
            bar.addWidget(b)
        bar.addSpacing(12)
        bar.addWidget(QLabel("Snap to"))
        self.snap_combo = QComboBox()
        self.snap_combo.addItems([u for u in SNAP_UNITS])
        self.snap_combo.setCurrentText(self.view.snap_unit)
        self.snap_combo.currentTextChanged.connect(self._set_snap)
        bar.addWidget(self.snap_combo)
        bar.addSpacing(12)
        self.legend = QLabel(
            "<span style='background:#d9d9d9'>&nbsp;changeover&nbsp;</span> "
            "<span style='background:#d7f0fa'>&nbsp;cleaning&nbsp;</span> "
            "<span style='background:#5f6b73;color:white'>&nbsp;maintenance&nbsp;</span> "
            "&nbsp;dashed = tentative · <span style='color:#e53935'>●</span> pinned · "
            "<span style='color:#f57c00'>●</span> warning · shaded = weekend / night")
        bar.addWidget(self.legend)
        bar.addStretch(1)
        layout.addLayout(bar)
        find_row = QHBoxLayout()
        self.find_bar = FindBar()
        self.clients = ClientLegend()
        find_row.addWidget(self.find_bar)
        find_row.addSpacing(16)
        find_row.addWidget(self.clients, 1)
        layout.addLayout(find_row)
        self.find_bar.changed.connect(self.view.set_filter)
        self.find_bar.next_match.connect(self.view.show_next_match)
        self.clients.picked.connect(self.find_bar.edit.setText)
        split = QSplitter()
        split.addWidget(self.view)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(4, 0, 0, 0)
        self.unplanned_label = QLabel("<b>Unplanned requests</b>")
        side_layout.addWidget(self.unplanned_label)
        self.unplanned = UnplannedList()
        side_layout.addWidget(self.unplanned, 1)
        split.addWidget(side)
        split.setStretchFactor(0, 1)
        split.setSizes([1000, 230])
        layout.addWidget(split, 1)

    def _today(self) -> None:
        self.view.scroll_to(datetime.now(UTC) - timedelta(hours=12))

    def _set_snap(self, unit: str) -> None:
        self.view.snap_unit = unit
        self.view.viewport().update()

    def set_snapshot(self, snap: Snapshot) -> None:
        self.view.set_snapshot(snap)
        self.find_bar.set_snapshot(snap)
        self.clients.set_snapshot(snap)
        self.unplanned.set_campaigns(snap)
        self.unplanned_label.setText(f"<b>Unplanned requests ({len(snap.unplanned)})</b><br>"
                                     "<small>drag one onto a suite</small>")

