"""The timeline panel: toolbar (zoom, snap, legend), find bar and client legend, the timeline,
and the list of unplanned requests to drag onto it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QMimeData, Qt
from PySide6.QtGui import QDrag
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...services.queries import Snapshot
from .. import style
from ..field_names import value_label
from .find import ClientLegend, FindBar
from .layout import MIME_CAMPAIGN
from .timegrid import SNAP_UNITS
from .view import TimelineView

if TYPE_CHECKING:
    from ..context import AppContext


def _day(d: datetime) -> str:
    """'30 Nov' / '30 nov.' in the window's language."""
    return QLocale().toString(QDate(d.year, d.month, d.day), "dd MMM")


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
            due = self.tr(" · due {day}").format(day=_day(c.due.astimezone(tz))) if c.due else ""
            item = QListWidgetItem(self.tr("{code}\n{modality} · {days:g} d · from {day}{due}").format(
                code=c.code, modality=value_label(prod.modality.label), days=c.duration_hours / 24,
                day=_day(c.earliest_start.astimezone(tz)), due=due))
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            item.setToolTip(self.tr("{name}\nNeeds: {x}\nDrag onto a suite row to plan it.").format(
                name=snap.client(c.client_id).name, x=", ".join(c.required_capabilities) or self.tr("any suite")))
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

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.view = TimelineView(ctx)
        for text, tip, fn in (("−", self.tr("Zoom out (-)"), lambda: self.view.zoom(-1)),
                              ("+", self.tr("Zoom in (+)"), lambda: self.view.zoom(1)),
                              (self.tr("Fit"), self.tr("Show the whole plan (Ctrl+0)"), self.view.zoom_to_fit),
                              (self.tr("Today"), self.tr("Scroll to now"), self._today)):
            b = QToolButton()
            b.setText(text)
            b.setToolTip(tip)
            b.clicked.connect(fn)
            bar.addWidget(b)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("Snap to")))
        self.snap_combo = QComboBox()
        for unit in SNAP_UNITS:
            self.snap_combo.addItem(QCoreApplication.translate("TimelineView", unit), unit)
        self.snap_combo.setCurrentIndex(max(0, self.snap_combo.findData(self.view.snap_unit)))
        self.snap_combo.currentIndexChanged.connect(
            lambda _i: self._set_snap(str(self.snap_combo.currentData())))
        bar.addWidget(self.snap_combo)
        bar.addSpacing(12)
        h = style.hex_colour
        co, cl, mt = self.tr("changeover"), self.tr("cleaning"), self.tr("maintenance")
        dashed, pinned, warning = self.tr("dashed = tentative"), self.tr("pinned"), self.tr("warning")
        shaded = self.tr("shaded = weekend / night")
        self.legend = QLabel(
            f"<span style='background:{h('changeover-fill')}'>&nbsp;{co}&nbsp;</span> "
            f"<span style='background:{h('cleaning-fill')}'>&nbsp;{cl}&nbsp;</span> "
            f"<span style='background:{h('maintenance-fill')};color:{h('paper')}'>&nbsp;{mt}&nbsp;"
            f"</span> &nbsp;{dashed} · <span style='color:{h('pin-head')}'>●</span> {pinned} · "
            f"<span style='color:{h('warning-dot')}'>●</span> {warning} · {shaded}")
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
        self.unplanned_label = QLabel(self.tr("<b>Unplanned requests</b>"))
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
        self.unplanned_label.setText(self.tr("<b>Unplanned requests ({len})</b><br><small>drag one onto a suite</small>").format(len=len(snap.unplanned)))
