"""PDF of the suite timeline and of the roster, drawn with Qt's PDF writer (A4/A3 landscape).

The only Qt module of the export feature. It takes the same snapshot views as the Excel writers
(:mod:`necst_desktop.services.files.views`), so the printout and the workbook agree. It works
without a window: the command line calls :func:`write_pdf` and a ``QApplication`` is started
on Qt's offscreen platform when none is running. The file is written atomically.
"""

from __future__ import annotations

import atexit
import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtWidgets import QApplication

from .domain.errors import NecstError
from .services.editing import Actor
from .services.files.atomic import atomic_write
from .services.files.excel import ABSENCE_COLOUR, KIND_COLOUR, text_colour
from .services.files.views import (
    WEEKDAYS,
    Period,
    fmt_hours,
    roster_weeks,
    schedule_grid,
    slot_text,
)
from .services.queries import Snapshot

PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "A3": QPageSize.PageSizeId.A3}
DAYS_PER_PAGE = {"A4": 14, "A3": 28}
DPI = 150
_app: Any = None


def ensure_app() -> None:
    global _app
    if QApplication.instance() is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        # a QApplication (not a QGuiApplication): windows may be opened later in this process
        _app = QApplication([])
        atexit.register(_drop_app)


def _drop_app() -> None:
    """Destroy the application we started before Python finalises (avoids a crash at exit)."""
    global _app
    if _app is not None:
        import shiboken6

        shiboken6.delete(_app)
        _app = None


class _Pages:
    """A PDF writer with the shared page furniture: title line and footer on every page."""

    def __init__(self, path: Path, snap: Snapshot, title: str, period: Period, paper: str) -> None:
        self.snap = snap
        self.title = title
        self.period = period
        self.printed = datetime.now(snap.facility.tz)
        self.writer = QPdfWriter(str(path))
        self.writer.setResolution(DPI)
        self.writer.setTitle(f"{title} {period.label}")
        self.writer.setCreator("NECST Suite Planner")
        self.writer.setPageLayout(QPageLayout(QPageSize(PAGE_SIZES[paper]),
                                              QPageLayout.Orientation.Landscape,
                                              QMarginsF(10, 10, 10, 10),
                                              QPageLayout.Unit.Millimeter))
        self.painter = QPainter(self.writer)
        self.page = 0
        rect = self.writer.pageLayout().paintRectPixels(DPI)
        self.w, self.h = float(rect.width()), float(rect.height())
        self.top = self.mm(12)
        self.bottom = self.h - self.mm(8)

    def mm(self, value: float) -> float:
        return value * DPI / 25.4

    def font(self, size: float, bold: bool = False) -> None:
        f = QFont("Sans Serif")
        f.setPointSizeF(size)
        f.setBold(bold)
        self.painter.setFont(f)

    def new_page(self, subtitle: str) -> None:
        if self.page:
            self.writer.newPage()
        self.page += 1
        p = self.painter
        p.setPen(QPen(QColor("#000000")))
        self.font(11, True)
        p.drawText(QRectF(0, 0, self.w, self.mm(6)), Qt.AlignmentFlag.AlignLeft,
                   f"{self.title} - {subtitle}")
        self.font(8)
        p.drawText(QRectF(0, 0, self.w, self.mm(6)), Qt.AlignmentFlag.AlignRight,
                   self.snap.facility.name)
        p.drawText(QRectF(0, self.mm(5.5), self.w, self.mm(5)), Qt.AlignmentFlag.AlignLeft,
                   f"{self.period.label} · plan version {self.snap.seq}")
        p.drawText(QRectF(0, self.h - self.mm(5), self.w, self.mm(5)),
                   Qt.AlignmentFlag.AlignLeft,
                   f"Printed {self.printed:%Y-%m-%d %H:%M} ({self.snap.facility.timezone})")
        p.drawText(QRectF(0, self.h - self.mm(5), self.w, self.mm(5)),
                   Qt.AlignmentFlag.AlignRight, f"Page {self.page}")
        p.drawText(QRectF(0, self.h - self.mm(5), self.w, self.mm(5)),
                   Qt.AlignmentFlag.AlignHCenter,
                   "Prepared by: ____________   Approved by: ____________")

    def cell(self, rect: QRectF, text: str, fill: str | None = None, *, bold: bool = False,
             align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter, size: float = 7) -> None:
        p = self.painter
        p.setPen(QPen(QColor("#BFBFBF")))
        p.setBrush(QBrush(QColor(fill)) if fill else Qt.BrushStyle.NoBrush)
        p.drawRect(rect)
        p.setPen(QPen(QColor(text_colour(fill) if fill else "#000000")))
        self.font(size, bold)
        inner = rect.adjusted(self.mm(0.8), 0, -self.mm(0.8), 0)
        elided = p.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, int(inner.width()))
        p.drawText(inner, align | Qt.AlignmentFlag.AlignVCenter, elided)

    def finish(self) -> None:
        # End and drop the painter before the writer, so Qt flushes and closes the file now
        # (not during interpreter shutdown, where PySide6 may tear them down in any order).
        self.painter.end()
        del self.painter
        del self.writer


def _timeline(pages: _Pages, period: Period, paper: str) -> None:
    snap = pages.snap
    tz = snap.facility.tz
    per_page = DAYS_PER_PAGE[paper]
    grid_all = schedule_grid(snap, period)
    suites = grid_all.suites
    label_w = pages.mm(38)
    first = period.first
    while first < period.end:
        last = min(first + timedelta(days=per_page), period.end)
        chunk = Period(first, last)
        pages.new_page(f"{chunk.first:%d %b} - {chunk.last:%d %b %Y}")
        days = chunk.days
        x0, y0 = label_w, pages.top + pages.mm(8)
        day_w = (pages.w - label_w) / len(days)
        row_h = min(pages.mm(18), (pages.bottom - y0 - pages.mm(14)) / max(1, len(suites)))
        for i, d in enumerate(days):
            pages.cell(QRectF(x0 + i * day_w, pages.top + pages.mm(2), day_w, pages.mm(6)),
                       f"{WEEKDAYS[d.weekday()]} {d:%d-%m}", "#D9E1F2", bold=True)
        start, end = chunk.bounds(tz)
        span = (end - start).total_seconds()
        for r, (code, name, sid) in enumerate(suites):
            y = y0 + r * row_h
            pages.cell(QRectF(0, y, label_w, row_h), f"{code}  {name}",
                       align=Qt.AlignmentFlag.AlignLeft)
            pages.cell(QRectF(x0, y, pages.w - label_w, row_h), "")
            for s in snap.slots:
                if s.suite_id != sid or s.retired or s.end <= start or s.start >= end:
                    continue
                a = max((s.start - start).total_seconds(), 0) / span
                b = min((s.end - start).total_seconds(), span) / span
                rect = QRectF(x0 + a * (pages.w - label_w), y + row_h * 0.15,
                              max((b - a) * (pages.w - label_w), 1.0), row_h * 0.7)
                pages.cell(rect, slot_text(snap, s), KIND_COLOUR[s.kind], size=6)
        y = y0 + len(suites) * row_h + pages.mm(4)
        x = 0.0
        for kind, colour in KIND_COLOUR.items():
            pages.cell(QRectF(x, y, pages.mm(30), pages.mm(5)), kind.value, colour)
            x += pages.mm(32)
        first = last


def _roster(pages: _Pages, period: Period) -> None:
    snap = pages.snap
    for wk in roster_weeks(snap, period):
        days = wk.period.days
        code_w, name_w, num_w = pages.mm(14), pages.mm(40), pages.mm(14)
        day_w = (pages.w - code_w - name_w - 2 * num_w) / max(1, len(days))
        row_h = pages.mm(5)
        rows = wk.rows
        per_page = max(1, int((pages.bottom - pages.top - pages.mm(20)) / row_h) - len(wk.shifts))
        for start in range(0, max(1, len(rows)), per_page):
            part = rows[start:start + per_page]
            pages.new_page(f"week {wk.code}" + (f" ({start // per_page + 1})" if len(rows) >
                                                per_page else ""))
            y = pages.top + pages.mm(2)
            heads = ["Code", "Name", *[f"{WEEKDAYS[d.weekday()]} {d:%d-%m}" for d in days],
                     "Hours", "Contract"]
            widths = [code_w, name_w, *[day_w] * len(days), num_w, num_w]
            x = 0.0
            for h, w in zip(heads, widths, strict=True):
                pages.cell(QRectF(x, y, w, row_h), h, "#D9E1F2", bold=True)
                x += w
            y += row_h
            shift_colour = {s.code: s.colour for s in wk.shifts}
            for row in part:
                x = 0.0
                pages.cell(QRectF(x, y, code_w, row_h), row.operator.code)
                x += code_w
                pages.cell(QRectF(x, y, name_w, row_h), row.operator.name,
                           align=Qt.AlignmentFlag.AlignLeft)
                x += name_w
                for i in range(len(days)):
                    cells = row.cells[i]
                    if cells:
                        text = " / ".join(c.text for c in cells)
                        fill = shift_colour.get(cells[0].shift_code, "#888888")
                        if any(c.problem for c in cells):
                            text = "! " + text
                    elif row.absence[i]:
                        text, fill = row.absence[i], ABSENCE_COLOUR[row.absence[i]]
                    else:
                        text, fill = "", "#FFFFFF"
                    pages.cell(QRectF(x, y, day_w, row_h), text, fill)
                    x += day_w
                pages.cell(QRectF(x, y, num_w, row_h), fmt_hours(round(row.hours, 2)))
                pages.cell(QRectF(x + num_w, y, num_w, row_h), fmt_hours(round(row.contract, 2)))
                y += row_h
            if start + per_page >= len(rows):
                y += row_h / 2
                for s in wk.shifts:
                    x = 0.0
                    pages.cell(QRectF(x, y, code_w + name_w, row_h),
                               f"{s.name} ({s.code}) {s.start}-{s.end}", s.colour, bold=True)
                    x += code_w + name_w
                    for n in wk.per_shift_day[s.code]:
                        pages.cell(QRectF(x, y, day_w, row_h), str(n))
                        x += day_w
                    y += row_h


def render_pdf(snap: Snapshot, what: str, period: Period, path: Path, *, paper: str = "A4") -> int:
    """Draw ``what`` ('timeline' or 'roster') into the PDF at ``path``; return the page count."""
    if what not in ("timeline", "roster"):
        raise NecstError(f"Unknown PDF '{what}'; use timeline or roster.")
    if paper not in PAGE_SIZES:
        raise NecstError(f"Paper must be A4 or A3, not '{paper}'.")
    ensure_app()
    title = "Suite timeline" if what == "timeline" else "Roster"
    pages = _Pages(path, snap, title, period, paper)
    try:
        if what == "timeline":
            _timeline(pages, period, paper)
        else:
            _roster(pages, period)
        if pages.page == 0:
            pages.new_page("nothing to print")
    finally:
        pages.finish()
    return pages.page


def write_pdf(actor: Actor, snap: Snapshot, what: str, period: Period, path: Path | str, *,
              paper: str = "A4") -> Path:
    """Write the PDF atomically (a temporary file renamed into place); an export, so the roles
    of 'export' only."""
    from .services.permissions import require

    require(actor.roles, "export")
    def build(tmp: Path) -> None:
        render_pdf(snap, what, period, tmp, paper=paper)

    return atomic_write(path, build)
