"""Roster: operators x days with shift codes and colours, hours against contract, flags; reassign
a shift by dragging it to another operator or another day.

:class:`RosterModel` is a thin item model over the snapshot's roster assignments. Flags come from
:class:`~necst_desktop.services.planning.roster.RosterChecker` (the roster solver's independent checker:
rest, shortened rest, shift length, week hours, averages, weekly rest, consecutive days, leave,
part-time days, qualifications on the day), plus hours above contract and qualifications that
expire inside the shown period. Cells where a rule is broken are marked.

:class:`RosterView` adds the drag: press on a shift, move to another cell (the target is lit green
or red, the reason for a refusal shows in a tooltip and the status line), release to apply the
move as one ``Update`` through ``ctx.apply`` (audited, undoable). A refused drop changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QMouseEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QTableView, QToolTip

from ..services.planning.roster import MoveCheck, RosterChecker, fmt_day
from . import i18n, style
from .field_names import value_label
from .i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from .context import AppContext

Index = QModelIndex | QPersistentModelIndex



class RosterModel(QAbstractTableModel):
    FIXED = (QT_TRANSLATE_NOOP("RosterModel", "Operator"),
             QT_TRANSLATE_NOOP("RosterModel", "Hours / contract"),
             QT_TRANSLATE_NOOP("RosterModel", "Flags"))

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.snap: Any = None
        self.checker: RosterChecker | None = None
        self.operators: list[Any] = []
        self.days: list[date] = []
        self.cells: dict[tuple[int, date], list[Any]] = {}
        self.colours: dict[str, str] = {}
        self.hours: dict[int, float] = {}
        self.flag_text: dict[int, list[str]] = {}
        self.cell_flags: dict[tuple[int, date], list[str]] = {}
        self.leave_days: set[tuple[int, date]] = set()
        self.weeks = 1.0
        #: drag feedback: the cell being dragged, the cell under the mouse and its verdict
        self.drag_source: tuple[int, int] | None = None
        self.drag_target: tuple[int, int] | None = None
        self.drag_ok = False

    def set_snapshot(self, snap: Any, first: date | None = None, days: int = 28) -> None:
        self.beginResetModel()
        self.snap = snap
        self.checker = RosterChecker(snap)
        tz = snap.facility.tz
        if first is None:
            starts = [a.day for a in snap.assignments] or [s.start.astimezone(tz).date()
                                                            for s in snap.slots]
            first = min(starts) if starts else date.today()
            first -= timedelta(days=first.weekday())
        self.days = [first + timedelta(days=i) for i in range(days)]
        self.weeks = days / 7
        last = self.days[-1]
        self.operators = [o for o in snap.operators if not o.retired]
        self.colours = {s.code: s.colour for s in snap.shifts}
        self.cells = {}
        self.hours = {}
        self.drag_source = self.drag_target = None
        for a in snap.assignments:
            if a.retired or not (first <= a.day <= last):
                continue
            self.cells.setdefault((a.operator_id, a.day), []).append(a)
            self.hours[a.operator_id] = self.hours.get(a.operator_id, 0.0) + a.hours
        self.leave_days = set()
        for lv in snap.leave:
            d = max(lv.start, first)
            while not lv.retired and d <= min(lv.end, last):
                self.leave_days.add((lv.operator_id, d))
                d += timedelta(days=1)
        found = self.checker.flags(first, last)
        self.cell_flags = found.cells
        self.flag_text = {}
        for op in self.operators:
            flags = list(found.by_operator.get(op.id or 0, []))
            if self.hours.get(op.id or 0, 0.0) > op.contract_hours_week * self.weeks + 1e-6:
                flags.append(self.tr("above contract"))
            for q in op.qualifications:
                if first <= q.expires <= last:
                    flags.append(self.tr("{value} expires {date}").format(
                        value=value_label(q.kind.value), date=i18n.day(q.expires)))
            self.flag_text[op.id or 0] = flags
        self.endResetModel()

    # --- geometry helpers for the view -------------------------------------------------------

    def operator_at(self, row: int) -> Any | None:
        return self.operators[row] if 0 <= row < len(self.operators) else None

    def day_at(self, column: int) -> date | None:
        i = column - len(self.FIXED)
        return self.days[i] if 0 <= i < len(self.days) else None

    def assignments_at(self, row: int, column: int) -> list[Any]:
        op, day = self.operator_at(row), self.day_at(column)
        if op is None or day is None:
            return []
        return self.cells.get((op.id or 0, day), [])

    def cell_of(self, operator_id: int, day: date) -> tuple[int, int] | None:
        rows = [i for i, o in enumerate(self.operators) if o.id == operator_id]
        if not rows or day not in self.days:
            return None
        return rows[0], len(self.FIXED) + self.days.index(day)

    def set_drag(self, source: tuple[int, int] | None, target: tuple[int, int] | None,
                 ok: bool) -> None:
        changed = {c for c in (self.drag_source, self.drag_target, source, target) if c}
        self.drag_source, self.drag_target, self.drag_ok = source, target, ok
        for r, c in changed:
            ix = self.index(r, c)
            self.dataChanged.emit(ix, ix, [Qt.ItemDataRole.BackgroundRole])

    # --- the model ---------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.operators)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.FIXED) + len(self.days)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        if section < len(self.FIXED):
            return self.tr(self.FIXED[section])
        i = section - len(self.FIXED)
        return (i18n.day(self.days[i]).replace(" ", "\n", 1) if 0 <= i < len(self.days)
                else None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.operators)) or \
                not (0 <= index.column() < self.columnCount()):
            return None
        op = self.operators[index.row()]
        col = index.column()
        flags = self.flag_text.get(op.id or 0, [])
        if col == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{op.code}  {op.name}"
            if role == Qt.ItemDataRole.ToolTipRole:
                quals = "\n".join(self.tr("{kind} until {date}").format(kind=value_label(q.kind.value), date=i18n.short_date(q.expires))
                                  for q in op.qualifications)
                off = ", ".join(i18n.weekday(date(2024, 1, 1) + timedelta(days=d)) for d in op.days_off)
                return f"{op.name}\n{quals}" + ("\n" + self.tr("Days off: {days}").format(days=off) if off else "")
            return None
        if col == 1:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{self.hours.get(op.id or 0, 0.0):g} / {op.contract_hours_week * self.weeks:g}"
            return None
        if col == 2:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"⚠ {len(flags)}" if flags else ""
            if role == Qt.ItemDataRole.ToolTipRole and flags:
                return "\n".join(flags[:25]) + ("\n" + self.tr("… and {n} more").format(n=len(flags) - 25)
                                                if len(flags) > 25 else "")
            if role == Qt.ItemDataRole.ForegroundRole and flags:
                return QBrush(style.colour("flag"))
            return None
        day = self.days[col - len(self.FIXED)]
        key = (op.id or 0, day)
        cell = self.cells.get(key, [])
        broken = self.cell_flags.get(key, [])
        if role == Qt.ItemDataRole.DisplayRole:
            if cell:
                text = "/".join(a.shift_code[0].upper() for a in cell)
                return text + " ⚠" if broken else text
            if key in self.leave_days:
                return self.tr("leave")
            return "·" if day.weekday() in op.days_off else ""
        if role == Qt.ItemDataRole.BackgroundRole:
            here = (index.row(), col)
            if here == self.drag_target:
                return QBrush(style.colour("drop-ok" if self.drag_ok else "drop-refused"))
            if here == self.drag_source:
                return QBrush(style.colour("drop-source"))
            if cell:
                return QBrush(QColor(self.colours.get(cell[0].shift_code, style.hex_colour("unknown-shift"))).lighter(160))
            if key in self.leave_days:
                return QBrush(style.colour("empty"))
            return None
        if role == Qt.ItemDataRole.ForegroundRole and broken:
            return QBrush(style.colour("problem"))
        if role == Qt.ItemDataRole.ToolTipRole and (cell or broken):
            lines = [f"{a.shift_code} {a.hours:g} h"
                     + (f" ({a.qualification.value})" if a.qualification else "") for a in cell]
            lines += [f"⚠ {b}" for b in broken]
            if cell:
                lines.append(self.tr("Drag to another operator or day to reassign."))
            return "\n".join(lines)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class RosterView(QTableView):
    """The roster table with drag-to-reassign. ``message`` carries status-line text.

    With ``model`` None the view makes its own model and follows ``ctx.changed``; given a model
    (the main window's, which it refreshes itself) the view only drives the drag.
    """

    message = Signal(str)

    def __init__(self, ctx: AppContext, model: RosterModel | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.roster = model if model is not None else RosterModel(self)
        self.setModel(self.roster)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setResizeContentsPrecision(40)
        self.verticalHeader().setVisible(False)
        self.setMouseTracking(True)
        self._press: tuple[QPoint, int, int, Any] | None = None
        self._dragging = False
        self.check: MoveCheck | None = None
        self.last_refusal: str | None = None
        self.first: date | None = None
        if model is None:
            ctx.changed.connect(lambda _c: self.reload())
            if ctx.snapshot is not None:
                self.reload()

    def reload(self) -> None:
        snap = self.ctx.snapshot
        if snap is None:
            return
        self.roster.set_snapshot(snap, self.first)
        if self.roster.days:
            self.first = self.roster.days[0]

    def _status(self, text: str) -> None:
        self.message.emit(text)
        if self.ctx is not None:
            self.ctx.message.emit("info", text)

    # --- mouse -------------------------------------------------------------------------------

    def mousePressEvent(self, ev: QMouseEvent) -> None:
        self._press = None
        self._dragging = False
        if ev.button() == Qt.MouseButton.LeftButton:
            ix = self.indexAt(ev.position().toPoint())
            cell = self.roster.assignments_at(ix.row(), ix.column()) if ix.isValid() else []
            if cell:
                self._press = (ev.position().toPoint(), ix.row(), ix.column(), cell[0])
        super().mousePressEvent(ev)

    def mouseMoveEvent(self, ev: QMouseEvent) -> None:
        if self._press is None:
            return super().mouseMoveEvent(ev)
        pos = ev.position().toPoint()
        start = self._press[0]
        if not self._dragging:
            if (pos - start).manhattanLength() < QApplication.startDragDistance():
                return None
            self._dragging = True
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
        self.drag_over(pos, ev.globalPosition().toPoint())
        return None

    def drag_over(self, pos: QPoint, global_pos: QPoint | None = None) -> MoveCheck | None:
        """Judge a drop at ``pos`` (viewport coordinates), light the cell, say why if refused."""
        assert self._press is not None
        _start, row, col, a = self._press
        ix = self.indexAt(pos)
        op = self.roster.operator_at(ix.row()) if ix.isValid() else None
        day = self.roster.day_at(ix.column()) if ix.isValid() else None
        if op is None or day is None or self.roster.checker is None:
            self.check = None
            self.roster.set_drag((row, col), None, False)
            QToolTip.hideText()
            return None
        check = self.roster.checker.evaluate(a.id, op.id, day)
        self.check = check
        self.roster.set_drag((row, col), (ix.row(), ix.column()), check.ok)
        if global_pos is not None:
            text = (self.tr("<b>Cannot drop here:</b> {reason}").format(reason=check.reason) if not check.ok else
                    f"{a.shift_code} → {op.code} {op.name}, {fmt_day(day)}")
            QToolTip.showText(global_pos, text, self.viewport())
        return check

    def mouseReleaseEvent(self, ev: QMouseEvent) -> None:
        press, dragging = self._press, self._dragging
        self._press = None
        self._dragging = False
        self.viewport().unsetCursor()
        if press is None or not dragging or ev.button() != Qt.MouseButton.LeftButton:
            self.roster.set_drag(None, None, False)
            return super().mouseReleaseEvent(ev)
        self._press = press
        check = self.drag_over(ev.position().toPoint())
        self._press = None
        self.roster.set_drag(None, None, False)
        QToolTip.hideText()
        if check is None:
            self.last_refusal = "dropped outside the roster days"
            self._status(self.tr("Not changed: drop a shift on an operator's day."))
            return None
        if not check.ok or check.command is None:
            self.last_refusal = check.reason
            QToolTip.showText(self.viewport().mapToGlobal(ev.position().toPoint()),
                              self.tr("<b>Not changed:</b> {reason}").format(reason=check.reason), self.viewport())
            self._status(self.tr("Not changed: {reason}").format(reason=check.reason))
            return None
        self.last_refusal = None
        if self.ctx.apply(check.command) is not None:
            self._status(self.tr("Reassigned {what}. Ctrl+Z undoes it.").format(what=check.command.reason.removeprefix('roster edit: ')))
        return None
