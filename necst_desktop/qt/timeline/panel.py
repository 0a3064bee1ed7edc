"""The timeline panel: toolbar (zoom, snap, legend), find bar and client legend, the timeline,
and the list of unplanned requests to drag onto it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMimeData, Qt
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
from .find import ClientLegend, FindBar
from .layout import MIME_CAMPAIGN
from .timegrid import SNAP_UNITS
from .view import TimelineView

if TYPE_CHECKING:
    from ..context import AppContext


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

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
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
