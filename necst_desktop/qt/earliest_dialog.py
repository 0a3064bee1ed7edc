"""Earliest slot: for a campaign request, the earliest feasible start in each eligible suite."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..services.planning.edit_check import Placement
from ..services.planning.explain import EarliestSlot, earliest_slots
from . import i18n

if TYPE_CHECKING:
    from .context import AppContext


class EarliestDialog(QDialog):
    def __init__(self, ctx: AppContext, timeline: Any, campaign_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.timeline = timeline
        snap = ctx.snap
        camp = snap.campaign(campaign_id)
        self.campaign_id = campaign_id
        self.setWindowTitle(self.tr("Earliest slot for {code}").format(code=camp.code))
        self.resize(560, 360)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            self.tr("<b>{code}</b> · {days:g} days · needs {needs}<br><small>Earliest start in each eligible suite that keeps every hard rule, with the changeovers before and after it.</small>").format(code=camp.code, days=camp.duration_hours / 24, needs=', '.join(camp.required_capabilities) or self.tr('any suite'))))
        self.list = QListWidget()
        layout.addWidget(self.list, 1)
        tz = snap.facility.tz
        self.slots: list[EarliestSlot] = earliest_slots(snap, campaign_id,
                                                        planner=timeline.planner)
        for e in self.slots:
            if e.start is not None and e.end is not None:
                text = (f"{e.suite}: {i18n.date_time(e.start.astimezone(tz))} – "
                        f"{i18n.day_time(e.end.astimezone(tz))}")
            else:
                text = f"{e.suite}: {e.note}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, e)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        planned = snap.slot_of(campaign_id) is not None
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.plan_btn = buttons.addButton(self.tr("Move it there") if planned else self.tr("Plan it there"),
                                          QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.plan)
        buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _i: self.plan())
        layout.addWidget(buttons)

    def plan(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        e: EarliestSlot = item.data(Qt.ItemDataRole.UserRole)
        if e.start is None or e.end is None:
            return
        existing = self.ctx.snap.slot_of(self.campaign_id)
        pl = Placement(e.suite_id, e.start, e.end, existing.id if existing else None,
                       self.campaign_id)
        if self.timeline.commit([pl], label="Move booking" if existing else "Plan campaign"):
            self.accept()
