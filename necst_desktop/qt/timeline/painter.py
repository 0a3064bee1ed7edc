"""How the timeline looks: calendar, rows, bookings, ghosts, headers, the label column, and the
words of a booking's tooltip. Reads the view's state, changes nothing but ``header_texts``."""

from __future__ import annotations

import bisect
from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPainterPath, QPen

from ...domain.model import CampaignStatus, Slot, SlotKind
from ...services.planning.edit_check import Placement
from .. import i18n, style
from ..field_names import value_label
from ..icons import paint_pin
from .find import client_colours
from .layout import HEADER_H, KIND_STYLE, LEFT_W
from .state import TimelineState
from .timegrid import fit_words, format_span


def _qdate_text(d: date | datetime, pattern: str) -> str:
    """A date in the locale's language (day and month names) by a QLocale pattern."""
    return QLocale().toString(QDate(d.year, d.month, d.day), pattern)


class TimelinePainter:
    """Paints one :class:`TimelineView`; keeps the client colours of the snapshot it shows."""

    def __init__(self, view: TimelineState) -> None:
        self.view = view
        self._colours: dict[int, QColor] | None = None

    def forget_colours(self) -> None:
        """A new snapshot: the client colours are worked out again when next painted."""
        self._colours = None

    def paint(self, p: QPainter) -> None:
        v = self.view
        w, h = v.viewport().width(), v.viewport().height()
        p.fillRect(0, 0, w, h, style.colour("paper"))
        if v.grid is None or v.snap is None:
            return
        grid = v.grid
        t0, t1 = v.time_at_vx(LEFT_W), v.time_at_vx(w)
        body = QRectF(LEFT_W, HEADER_H, w - LEFT_W, h - HEADER_H)
        p.setClipRect(body)
        # calendar: weekends, nights, day lines
        for a, b in grid.weekends(t0, t1):
            p.fillRect(QRectF(v.vx(a), HEADER_H, v.vx(b) - v.vx(a), h), style.colour("weekend"))
        if v.px_per_hour >= 2:
            for a, b in grid.nights(t0, t1):
                p.fillRect(QRectF(v.vx(a), HEADER_H, v.vx(b) - v.vx(a), h),
                           style.colour("night"))
        day_pen = QPen(style.colour("day-line"))
        week_pen = QPen(style.colour("week-line"))
        for day, start, _end in grid.days(t0, t1):
            if v.px_per_hour < 1 and day.weekday() != 0:
                continue
            x = v.vx(start)
            p.setPen(week_pen if day.weekday() == 0 else day_pen)
            p.drawLine(QPointF(x, HEADER_H), QPointF(x, h))
        if v.px_per_hour >= 12:
            p.setPen(QPen(style.colour("empty")))
            for t in grid.hour_ticks(t0, t1, 1 if v.px_per_hour >= 30 else 3):
                if grid.local(t).hour:
                    x = v.vx(t)
                    p.drawLine(QPointF(x, HEADER_H), QPointF(x, h))
        # rows
        eligible = v.drag.eligible if v.drag and v.drag.started else None
        if v.drop_preview is not None and v.drop_preview[0].campaign_id is not None:
            assert v.planner is not None
            eligible = v.planner.eligible_suites(v.drop_preview[0].campaign_id)
        vscroll = v.verticalScrollBar().value()
        first = max(0, bisect.bisect_right(v._row_tops, vscroll) - 1)
        for row in v.rows[first:]:
            top = row.top + HEADER_H - vscroll
            if top > h:
                break
            if row.suite_id is None:
                p.fillRect(QRectF(LEFT_W, top, w, row.height), style.colour("group-band"))
                continue
            if eligible is not None:
                colour = style.colour("eligible" if row.suite_id in eligible else "ineligible")
                p.fillRect(QRectF(LEFT_W, top, w, row.height), colour)
            p.setPen(QPen(style.colour("row-line")))
            p.drawLine(QPointF(LEFT_W, top + row.height - 0.5), QPointF(w, top + row.height - 0.5))
            dragging = {s.id for s in v.drag.slots} if v.drag and v.drag.started and \
                v.drag.mode != "band" else set()
            visible = v.slots_in(row.suite_id, t0, t1)
            visible.sort(key=lambda s: s.kind == SlotKind.CLEANING)
            for s in visible:
                how = v.shown(s)
                if how == "hidden":
                    continue
                p.setOpacity(0.22 if how == "dim" else 1.0)
                self.slot(p, s, ghosted=s.id in dragging)
            p.setOpacity(1.0)
        # now
        now = v.now_override or datetime.now(UTC)
        if t0 <= now <= t1:
            x = v.vx(now)
            p.setPen(QPen(style.colour("now"), 2))
            p.drawLine(QPointF(x, HEADER_H), QPointF(x, h))
        # drag ghosts
        if v.drag and v.drag.started:
            if v.drag.mode == "band" and v.drag.band is not None:
                p.setPen(QPen(style.colour("drop-frame"), 1, Qt.PenStyle.DashLine))
                p.setBrush(style.colour("drop-fill"))
                p.drawRect(v.drag.band)
            else:
                ok = v.drag.evaluation is None or v.drag.evaluation.ok
                for pl in v.drag.placements:
                    self.ghost(p, pl, ok)
        if v.drop_preview is not None:
            self.ghost(p, v.drop_preview[0], v.drop_preview[1].ok)
        p.setClipping(False)
        self.headers(p, t0, t1, w, h)

    def client_colour(self, client_id: int) -> QColor:
        v = self.view
        assert v.snap is not None
        if self._colours is None:
            self._colours = client_colours(v.snap)
        return QColor(self._colours.get(client_id, style.colour("client-1")))

    def slot(self, p: QPainter, s: Slot, *, ghosted: bool = False) -> None:
        v = self.view
        assert v.snap is not None
        r = v.slot_rect(s)
        if r.right() < LEFT_W or r.isEmpty():
            return
        selected = s.id in v.selected
        if s.kind == SlotKind.CAMPAIGN and s.campaign_id is not None:
            camp = v.snap.campaign(s.campaign_id)
            base = self.client_colour(camp.client_id)
            fill = QColor(base)
            pen = QPen(base.darker(140), 1.2)
            if camp.status == CampaignStatus.TENTATIVE:
                fill = fill.lighter(150)
                pen.setStyle(Qt.PenStyle.DashLine)
            elif camp.status in (CampaignStatus.DONE, CampaignStatus.CANCELLED):
                fill = style.colour("tentative")
            elif camp.status == CampaignStatus.IN_PROGRESS:
                pen.setWidthF(2.4)
            if ghosted:
                fill.setAlpha(70)
            p.setPen(pen)
            p.setBrush(fill)
            p.drawRoundedRect(r, 3, 3)
            text_colour = style.colour("paper") if camp.status != CampaignStatus.TENTATIVE else \
                base.darker(200)
            label = camp.code
            pinned = camp.pinned or s.pinned
        else:
            bg, edge, pattern, fg = KIND_STYLE.get(s.kind, KIND_STYLE[SlotKind.CHANGEOVER])
            p.setPen(QPen(style.colour(edge), 1))
            p.setBrush(style.colour(bg))
            rr = r.adjusted(0, 3, 0, -3) if s.kind == SlotKind.CHANGEOVER else r
            p.drawRect(rr)
            p.setBrush(QBrush(style.colour(edge), pattern))
            p.drawRect(rr)
            text_colour = style.colour(fg if s.kind != SlotKind.MAINTENANCE else "paper")
            label = {SlotKind.CHANGEOVER: QCoreApplication.translate("TimelinePainter", "CO"), SlotKind.CLEANING: QCoreApplication.translate("TimelinePainter", "clean"),
                     SlotKind.MAINTENANCE: QCoreApplication.translate("TimelinePainter", "maintenance")}.get(s.kind, "") if r.width() < 160 else \
                (s.label or s.kind.value)
            pinned = s.pinned
        if selected:
            p.setPen(QPen(style.colour("selected"), 2.5))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(r.adjusted(-1.5, -1.5, 1.5, 1.5), 4, 4)
        # The label (and pin) stay at the left edge of what is visible of the bar, so a bar
        # whose start is scrolled off still says what it is.
        left = max(r.left(), float(LEFT_W))
        x_text = left + 4
        if pinned:
            self.pin(p, QPointF(left + 7, r.top() + 7))
            x_text += 11
        if s.kind == SlotKind.CLEANING:
            pass
        elif (r.width() > 28 and s.kind != SlotKind.CHANGEOVER) or r.width() > 40:
            p.setPen(text_colour)
            p.setFont(v._bold if s.kind == SlotKind.CAMPAIGN else v._small)
            fm = QFontMetrics(p.font())
            avail = int(r.right() - x_text - 4)
            text = fm.elidedText(label, Qt.TextElideMode.ElideRight, avail) if avail > 10 else ""
            if text and text != "…":
                p.drawText(QRectF(x_text, r.top(), avail, r.height()),
                           Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
        if s.id in v.badges:
            c = QPointF(r.right() - 2, r.top() + 1)
            p.setPen(QPen(style.colour("paper"), 1.2))
            p.setBrush(style.colour("warning-dot"))
            p.drawEllipse(c, 7, 7)
            p.setFont(v._bold)
            p.drawText(QRectF(c.x() - 7, c.y() - 7, 14, 14), Qt.AlignmentFlag.AlignCenter, "!")

    def pin(self, p: QPainter, at: QPointF) -> None:
        paint_pin(p, at)

    def ghost(self, p: QPainter, pl: Placement, ok: bool) -> None:
        v = self.view
        r = v.slot_rect(pl)
        if r.isEmpty():
            return
        colour = style.colour("ok" if ok else "error")
        fill = QColor(colour)
        fill.setAlpha(60)
        p.setPen(QPen(colour, 2, Qt.PenStyle.SolidLine if ok else Qt.PenStyle.DashLine))
        p.setBrush(fill)
        p.drawRoundedRect(r, 3, 3)
        assert v.grid is not None
        p.setFont(v._small)
        p.setPen(colour.darker(130))
        text = v.grid.local(pl.start).strftime("%a %d %b %H:%M")
        p.drawText(QRectF(r.left(), r.bottom() + 1, 200, 12), Qt.AlignmentFlag.AlignLeft, text)

    def headers(self, p: QPainter, t0: datetime, t1: datetime, w: int, h: int) -> None:
        v = self.view
        assert v.grid is not None and v.snap is not None
        grid = v.grid
        p.fillRect(QRectF(0, 0, w, HEADER_H), style.colour("header-bg"))
        p.setPen(QPen(style.colour("header-line")))
        p.drawLine(QPointF(0, HEADER_H - 0.5), QPointF(w, HEADER_H - 0.5))
        p.drawLine(QPointF(0, 22.5), QPointF(w, 22.5))
        p.setClipRect(QRectF(LEFT_W, 0, w - LEFT_W, HEADER_H))
        day_px = 24 * v.px_per_hour
        # top band: months or weeks; bottom band: days or hours
        top_spans: list[tuple[datetime, datetime, str]] = []
        bottom: list[tuple[datetime, datetime, str]] = []
        days = list(grid.days(t0, t1))
        if day_px >= 70:
            for day, a, b in days:
                top_spans.append((a, b, day.strftime("%a %d %b %Y" if day_px > 160 else "%a %d %b")))
            step = next((s for s in (1, 2, 3, 6, 12) if s * v.px_per_hour >= 34), 24)
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
                    top_spans.append((a, b, QCoreApplication.translate("TimelinePainter", "week {wk} · {day}").format(
                        wk=wk, day=_qdate_text(grid.local(a), "dd MMM yyyy"))))
                for day, a, b in days:
                    label = (_qdate_text(day, "ddd dd") if day_px >= 58 else
                             _qdate_text(day, "ddd")[:2] + _qdate_text(day, " dd") if day_px >= 40
                             else _qdate_text(day, "dd"))
                    bottom.append((a, b, label))
            else:
                for (y, m), (a, b) in months.items():
                    top_spans.append((a, b, _qdate_text(datetime(y, m, 1), "MMMM yyyy")))
                for (_y, wk), (a, b) in weeks.items():
                    bottom.append((a, b, f"w{wk}" if 7 * day_px < 60 else QCoreApplication.translate("TimelinePainter", "w{wk} {day}").format(
                        wk=wk, day=_qdate_text(grid.local(a), "dd MMM"))))
        v.header_texts = []
        for (a, b, text), y0, y1 in [(s, 0, 22) for s in top_spans] + [(s, 23, HEADER_H) for s in bottom]:
            xa, xb = v.vx(a), v.vx(b)
            p.setPen(QPen(style.colour("header-line")))
            p.drawLine(QPointF(xa, y0 + 3), QPointF(xa, y1 - 1))
            weekend = y0 > 0 and day_px >= 12 and grid.local(a).weekday() >= 5 and (b - a) <= timedelta(hours=25)
            p.setPen(style.colour("weekend-text" if weekend else "text-soft"))
            font = v._bold if y0 == 0 else v._font
            p.setFont(font)
            left = max(xa, LEFT_W) + 4
            avail = min(xb, w) - left - 2  # the visible part: never cut by the window's edge
            shown = fit_words(QFontMetrics(font).horizontalAdvance, text, avail)
            if shown:
                # whole words only: "Mon 30 Nov 2026" -> "Mon 30 Nov" -> "Mon 30", never "Mon 3…"
                p.drawText(QRectF(left, y0, avail + 2, y1 - y0), Qt.AlignmentFlag.AlignVCenter,
                           shown)
                v.header_texts.append((text, shown, avail))
        now = v.now_override or datetime.now(UTC)
        if t0 <= now <= t1:
            x = v.vx(now)
            p.setBrush(style.colour("now"))
            p.setPen(Qt.PenStyle.NoPen)
            path = QPainterPath()
            path.moveTo(x - 5, HEADER_H - 8)
            path.lineTo(x + 5, HEADER_H - 8)
            path.lineTo(x, HEADER_H)
            path.closeSubpath()
            p.drawPath(path)
        p.setClipping(False)
        # left column
        p.fillRect(QRectF(0, HEADER_H, LEFT_W, h - HEADER_H), style.colour("left-bg"))
        p.setClipRect(QRectF(0, HEADER_H, LEFT_W, h - HEADER_H))
        vscroll = v.verticalScrollBar().value()
        eligible = v.drag.eligible if v.drag and v.drag.started else set()
        for row in v.rows:
            top = row.top + HEADER_H - vscroll
            if top + row.height < HEADER_H or top > h:
                continue
            rect = QRectF(8, top, LEFT_W - 12, row.height)
            if row.suite_id is None:
                p.fillRect(QRectF(0, top, LEFT_W, row.height), style.colour("group-head"))
                p.setPen(style.colour("group-text"))
                p.setFont(v._small)
                p.drawText(rect, Qt.AlignmentFlag.AlignVCenter, row.label.upper())
            else:
                if row.suite_id in eligible:
                    p.fillRect(QRectF(0, top, 5, row.height), style.colour("eligible-mark"))
                suite = v.snap.suite(row.suite_id)
                p.setPen(style.colour("text"))
                p.setFont(v._bold)
                p.drawText(rect.adjusted(0, 3, 0, -row.height / 2), Qt.AlignmentFlag.AlignVCenter,
                           row.label)
                p.setPen(style.colour("axis"))
                p.setFont(v._small)
                p.drawText(rect.adjusted(0, row.height / 2 - 2, 0, -2), Qt.AlignmentFlag.AlignVCenter,
                           QFontMetrics(v._small).elidedText(", ".join(suite.capabilities),
                                                                Qt.TextElideMode.ElideRight,
                                                                LEFT_W - 16))
                p.setPen(QPen(style.colour("row-line")))
                p.drawLine(QPointF(0, top + row.height - 0.5), QPointF(LEFT_W, top + row.height - 0.5))
        p.setClipping(False)
        p.setPen(QPen(style.colour("header-line")))
        p.drawLine(QPointF(LEFT_W - 0.5, 0), QPointF(LEFT_W - 0.5, h))
        p.fillRect(QRectF(0, 0, LEFT_W - 1, HEADER_H - 1), style.colour("header-bg"))
        p.setPen(style.colour("note"))
        p.setFont(v._small)
        p.drawText(QRectF(8, 0, LEFT_W - 12, HEADER_H), Qt.AlignmentFlag.AlignVCenter,
                   f"{v.snap.facility.timezone}\n" + QCoreApplication.translate("TimelinePainter", "snap: {unit} · {zoom}").format(
                       unit=QCoreApplication.translate("TimelineView", v.snap_unit), zoom=v.zoom_words()))

    def describe(self, s: Slot) -> str:
        v = self.view
        assert v.snap is not None and v.grid is not None
        tz = v.snap.facility.tz
        lines = []
        if s.kind == SlotKind.CAMPAIGN and s.campaign_id is not None:
            c = v.snap.campaign(s.campaign_id)
            prod = v.snap.product(c.product_id)
            lines += [f"<b>{c.code}</b> · {v.snap.client(c.client_id).name}",
                      f"{prod.name} ({value_label(prod.modality.label)})",
                      QCoreApplication.translate("TimelinePainter", "Status: {status}{pinned} · priority {priority}").format(
                          status=value_label(c.status.value), priority=c.priority,
                          pinned=QCoreApplication.translate("TimelinePainter", " · pinned") if c.pinned or s.pinned else "")]
            if c.due:
                lines.append(QCoreApplication.translate("TimelinePainter", "Due: {when}{hard}").format(
                    when=i18n.day_time(c.due.astimezone(tz)),
                    hard=QCoreApplication.translate("TimelinePainter", " (hard)") if c.due_is_hard else ""))
            if c.required_capabilities:
                lines.append(QCoreApplication.translate("TimelinePainter", "Needs: {join}").format(join=', '.join(c.required_capabilities)))
        else:
            lines.append(QCoreApplication.translate("TimelinePainter", "<b>{kind}</b> {label}").format(kind=value_label(s.kind.value).capitalize(), label=s.label))
            if s.steps:
                lines.append(QCoreApplication.translate("TimelinePainter", "Steps: ") + " → ".join(s.steps))
        lines.append(format_span(s.start, s.end, tz))
        lines.append(QCoreApplication.translate("TimelinePainter", "Suite: {name}").format(name=v.snap.suite(s.suite_id).name))
        for note in v.badges.get(s.id or -1, []):
            lines.append(f"<span style='color:{style.hex_colour('flag')}'>⚠ {note}</span>")
        return "<br>".join(lines)
