"""Utilisation: per suite and week, booked / changeover / cleaning / idle hours as a picture.

Hours are real elapsed hours inside each local week (Monday 00:00 to Monday 00:00 in the facility's
time zone, so a DST week has 167 or 169 hours). Cleans that run inside a campaign count as
cleaning, not twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QDate, QLocale, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from ..domain.model import SlotKind
from . import i18n, style
from .i18n import QT_TRANSLATE_NOOP

#: (slot kind, legend label, palette colour)
KINDS = (("campaign", QT_TRANSLATE_NOOP("UtilisationChart", "booked"), "kind-campaign"),
         ("changeover", QT_TRANSLATE_NOOP("UtilisationChart", "changeover"), "kind-changeover"),
         ("cleaning", QT_TRANSLATE_NOOP("UtilisationChart", "cleaning"), "kind-cleaning"),
         ("maintenance", QT_TRANSLATE_NOOP("UtilisationChart", "maintenance"), "kind-maintenance"))


@dataclass
class Week:
    start: date
    hours: float
    by_kind: dict[str, float]

    @property
    def idle(self) -> float:
        return max(0.0, self.hours - sum(self.by_kind.values()))


def utilisation(snap: Any, weeks: int | None = None) -> tuple[list[Any], list[date], dict[tuple[int, date], Week]]:
    """(suites, week starts, (suite id, week) -> Week) for the plan's span."""
    tz = snap.facility.tz
    if not snap.slots:
        return snap.suites, [], {}
    lo = min(s.start for s in snap.slots).astimezone(tz).date()
    hi = max(s.end for s in snap.slots).astimezone(tz).date()
    first = lo - timedelta(days=lo.weekday())
    starts: list[date] = []
    d = first
    while d <= hi and (weeks is None or len(starts) < weeks):
        starts.append(d)
        d += timedelta(days=7)

    def midnight(day: date) -> datetime:
        return datetime.combine(day, datetime.min.time(), tzinfo=tz)

    out: dict[tuple[int, date], Week] = {}
    for suite in snap.suites:
        for w in starts:
            a, b = midnight(w), midnight(w + timedelta(days=7))
            out[(suite.id, w)] = Week(w, (b.timestamp() - a.timestamp()) / 3600, {})
    for s in snap.slots:
        d = s.start.astimezone(tz).date()
        w = d - timedelta(days=d.weekday())
        while True:
            a, b = midnight(w), midnight(w + timedelta(days=7))
            lo_t, hi_t = max(a, s.start), min(b, s.end)
            if hi_t > lo_t and (s.suite_id, w) in out:
                hours = (hi_t.timestamp() - lo_t.timestamp()) / 3600
                wk = out[(s.suite_id, w)]
                wk.by_kind[s.kind.value] = wk.by_kind.get(s.kind.value, 0.0) + hours
                if s.kind == SlotKind.CLEANING:
                    # a clean inside a campaign is not extra suite time: take it off "booked"
                    wk.by_kind["campaign"] = wk.by_kind.get("campaign", 0.0) - hours
            if b >= s.end:
                break
            w += timedelta(days=7)
    for wk in out.values():
        if wk.by_kind.get("campaign", 0.0) < 0:
            wk.by_kind["campaign"] = 0.0
    return snap.suites, starts, out


class UtilisationChart(QWidget):
    """Small-multiple stacked bars: one row per suite, one bar per week."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.suites: list[Any] = []
        self.weeks: list[date] = []
        self.data: dict[tuple[int, date], Week] = {}
        self.setMouseTracking(True)
        self.setMinimumHeight(300)

    def set_snapshot(self, snap: Any) -> None:
        self.suites, self.weeks, self.data = utilisation(snap)
        self.suites = [s for s in self.suites if not s.retired]
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(900, 60 + 56 * max(1, len(self.suites)))

    def _geometry(self) -> tuple[QRectF, float, float]:
        plot = QRectF(self.rect()).adjusted(150, 34, -16, -28)
        row_h = plot.height() / max(1, len(self.suites))
        bar_w = plot.width() / max(1, len(self.weeks))
        return plot, row_h, bar_w

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), style.colour("paper"))
        plot, row_h, bar_w = self._geometry()
        fm = QFontMetrics(self.font())
        x = 150.0
        for _kind, name, colour in (*KINDS, ("idle", QT_TRANSLATE_NOOP("UtilisationChart", "idle"), "empty")):
            label = self.tr(name)
            p.fillRect(QRectF(x, 10, 12, 12), style.colour(colour))
            p.setPen(style.colour("text-soft"))
            p.drawText(QPointF(x + 16, 21), label)
            x += 30 + fm.horizontalAdvance(label)
        p.drawText(QPointF(x + 10, 21), self.tr("hours per suite and week (real elapsed hours; DST "
                                                 "weeks have 167 or 169)"))
        for i, suite in enumerate(self.suites):
            top = plot.top() + i * row_h
            p.setPen(style.colour("text"))
            p.drawText(QRectF(8, top, 138, row_h), Qt.AlignmentFlag.AlignVCenter,
                       f"{suite.code}  {suite.name.split(' - ')[-1]}")
            for j, w in enumerate(self.weeks):
                wk = self.data.get((suite.id, w))
                if wk is None:
                    continue
                bx = plot.left() + j * bar_w + 2
                bw = max(2.0, bar_w - 4)
                bottom = top + row_h - 6
                scale = (row_h - 12) / wk.hours
                p.fillRect(QRectF(bx, top + 6, bw, row_h - 12), style.colour("empty"))
                y = bottom
                for kind, _label, colour in KINDS:
                    h = wk.by_kind.get(kind, 0.0) * scale
                    if h > 0:
                        p.fillRect(QRectF(bx, y - h, bw, h), style.colour(colour))
                        y -= h
                used = 1 - wk.idle / wk.hours
                if bw > 26:
                    p.setPen(style.colour("paper" if used > 0.55 else "text-soft"))
                    p.drawText(QRectF(bx, top + 6, bw, row_h - 12),
                               Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                               f"{used:.0%}")
            p.setPen(QPen(style.colour("grid")))
            p.drawLine(QPointF(plot.left(), top + row_h), QPointF(plot.right(), top + row_h))
        p.setPen(style.colour("note"))
        for j, w in enumerate(self.weeks):
            if bar_w >= 40 or j % max(1, int(40 // max(bar_w, 1))) == 0:
                p.drawText(QRectF(plot.left() + j * bar_w, plot.bottom() + 4, max(bar_w, 40), 18),
                           Qt.AlignmentFlag.AlignLeft, self.tr("w{week} {day}").format(week=w.isocalendar()[1], day=QLocale().toString(
                               QDate(w.year, w.month, w.day), "d MMM")))
        p.end()

    def event(self, ev: Any) -> bool:
        if isinstance(ev, QHelpEvent):
            plot, row_h, bar_w = self._geometry()
            i = int((ev.pos().y() - plot.top()) // row_h) if row_h else -1
            j = int((ev.pos().x() - plot.left()) // bar_w) if bar_w else -1
            if 0 <= i < len(self.suites) and 0 <= j < len(self.weeks):
                wk = self.data.get((self.suites[i].id, self.weeks[j]))
                if wk is not None:
                    parts = [f"{self.tr(label)}: {wk.by_kind.get(k, 0.0):.0f} h" for k, label, _c in KINDS]
                    QToolTip.showText(ev.globalPos(), self.tr("{suite}, week of {day} ({hours:g} h)").format(
                        suite=self.suites[i].name, day=i18n.short_date(wk.start), hours=wk.hours)
                        + "\n" + "\n".join(parts) + "\n" + self.tr("idle: {hours:.0f} h").format(hours=wk.idle))
                    return True
            QToolTip.hideText()
            return True
        return super().event(ev)
