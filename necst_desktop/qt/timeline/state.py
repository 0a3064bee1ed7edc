"""What the painter and the drag state machine see of the timeline: the drag in progress
(:class:`Drag`) and the view's state and coordinates (:class:`TimelineState`, which
:class:`~.view.TimelineView` is). They depend on this, not on the widget, so no import runs back
from them to the view."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from PySide6.QtCore import QPoint, QPointF, QRectF
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QScrollBar, QWidget

from ...domain.commands import Command
from ...domain.model import Slot
from ...services.planning.edit_check import EditPlanner, Evaluation, Placement
from ...services.queries import Snapshot
from .layout import Row
from .timegrid import TimeGrid


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


class TimelineState(Protocol):
    """The timeline view as its painter and its interaction use it."""

    snap: Snapshot | None
    planner: EditPlanner | None
    grid: TimeGrid | None
    rows: list[Row]
    _row_tops: list[int]
    selected: set[int]
    badges: dict[int, list[str]]
    drag: Drag | None
    drop_preview: tuple[Placement, Evaluation] | None
    snap_unit: str
    now_override: datetime | None
    px_per_hour: float
    header_texts: list[tuple[str, str, float]]
    _font: QFont
    _bold: QFont
    _small: QFont

    @property
    def selection_changed(self) -> Any: ...  # the view's Signal()

    def viewport(self) -> QWidget: ...
    def verticalScrollBar(self) -> QScrollBar: ...
    def horizontalScrollBar(self) -> QScrollBar: ...
    def setFocus(self) -> None: ...
    def vx(self, dt: datetime) -> float: ...
    def time_at_vx(self, x: float) -> datetime: ...
    def row_at(self, y: float) -> Row | None: ...
    def row_rect(self, row: Row) -> QRectF: ...
    def slot_rect(self, slot: Slot | Placement, suite_id: int | None = None) -> QRectF: ...
    def slots_in(self, suite_id: int, t0: datetime, t1: datetime) -> list[Slot]: ...
    def hit(self, pos: QPointF) -> tuple[Slot | None, str]: ...
    def shown(self, s: Slot) -> str: ...
    def show_tip(self, global_pos: QPoint | None, text: str) -> None: ...
    def commit(self, placements: list[Placement], *, label: str, reason: str = "",
               global_pos: QPoint | None = None, removed: tuple[int, ...] = (),
               extra: tuple[Command, ...] = ()) -> bool: ...
    def selected_slots(self) -> list[Slot]: ...
    def cancel_selected(self) -> None: ...
    def zoom(self, direction: int, anchor_vx: float | None = None) -> None: ...
    def zoom_to_fit(self) -> None: ...
    def zoom_words(self) -> str: ...
