"""Roster: operators x days with shift codes and colours, hours against contract, flags.

A thin item model over the snapshot's roster assignments. Flags: less than the minimum rest
between two shifts, a week above the working-time limit, more hours than the contract, and
qualifications that expire inside the shown period.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

Index = QModelIndex | QPersistentModelIndex


class RosterModel(QAbstractTableModel):
    FIXED = ("Operator", "Hours / contract", "Flags")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.operators: list[Any] = []
        self.days: list[date] = []
        self.cells: dict[tuple[int, date], list[Any]] = {}
        self.colours: dict[str, str] = {}
        self.hours: dict[int, float] = {}
        self.flag_text: dict[int, list[str]] = {}
        self.weeks = 1.0

    def set_snapshot(self, snap: Any, first: date | None = None, days: int = 28) -> None:
        self.beginResetModel()
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
        self.flag_text = {}
        rules = snap.working_time
        per_op: dict[int, list[Any]] = {}
        for a in snap.assignments:
            if a.retired or not (first <= a.day <= last):
                continue
            self.cells.setdefault((a.operator_id, a.day), []).append(a)
            per_op.setdefault(a.operator_id, []).append(a)
            self.hours[a.operator_id] = self.hours.get(a.operator_id, 0.0) + a.hours
        for op in self.operators:
            flags: list[str] = []
            shifts = sorted(per_op.get(op.id, []), key=lambda a: a.start)
            for x, y in itertools.pairwise(shifts):
                rest = (y.start - x.end).total_seconds() / 3600
                if rest < rules.min_rest_hours:
                    flags.append(f"rest {rest:g} h before {y.day:%d %b} (< {rules.min_rest_hours:g} h)")
            week: dict[tuple[int, int], float] = {}
            for a in shifts:
                iso = a.day.isocalendar()
                week[(iso[0], iso[1])] = week.get((iso[0], iso[1]), 0.0) + a.hours
            for (_y, wk), h in week.items():
                if h > rules.max_week_hours:
                    flags.append(f"week {wk}: {h:g} h (> {rules.max_week_hours:g} h)")
            if self.hours.get(op.id or 0, 0.0) > op.contract_hours_week * self.weeks + 1e-6:
                flags.append("above contract")
            for q in op.qualifications:
                if first <= q.expires <= last:
                    flags.append(f"{q.kind.value} expires {q.expires:%d %b}")
            self.flag_text[op.id or 0] = flags
        self.endResetModel()

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
            return self.FIXED[section]
        i = section - len(self.FIXED)
        return self.days[i].strftime("%a\n%d %b") if 0 <= i < len(self.days) else None

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
            return None
        if col == 1:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{self.hours.get(op.id or 0, 0.0):g} / {op.contract_hours_week * self.weeks:g}"
            return None
        if col == 2:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"⚠ {len(flags)}" if flags else ""
            if role == Qt.ItemDataRole.ToolTipRole and flags:
                return "\n".join(flags)
            if role == Qt.ItemDataRole.ForegroundRole and flags:
                return QBrush(QColor("#e65100"))
            return None
        day = self.days[col - len(self.FIXED)]
        cell = self.cells.get((op.id or 0, day), [])
        if role == Qt.ItemDataRole.DisplayRole:
            if cell:
                return "/".join(a.shift_code[0].upper() for a in cell)
            return "·" if day.weekday() in op.days_off else ""
        if role == Qt.ItemDataRole.BackgroundRole and cell:
            return QBrush(QColor(self.colours.get(cell[0].shift_code, "#888888")).lighter(160))
        if role == Qt.ItemDataRole.ToolTipRole and cell:
            return "\n".join(f"{a.shift_code} {a.hours:g} h" for a in cell)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
