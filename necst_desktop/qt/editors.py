"""Master data editors: suites, clients, products, changeover rules (and their matrix), cleaning
rules, shifts, operators, working-time rules.

One generic form per record built from the domain dataclass; Save validates by building the
domain object (its ``ValidationError.field`` puts the message next to that field) and applies an
``Update`` or ``Create`` through the command path (audit, undo, optimistic lock).

Nested fields are edited in place: a list of dataclasses (an operator's qualifications with kind,
expiry and detail; a campaign's staffing profile or a changeover's staff with qualification,
count, shifts, from/to day) as an editable sub-table (:class:`NestedTable`), whose rows are each
validated by the domain with the row number in the message; changeover steps as an ordered list
(:class:`StepList`); part-time days off as weekday check boxes.
"""

from __future__ import annotations

import dataclasses
import enum
import typing
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.commands import Create, Update
from ..domain.errors import NecstError, ValidationError
from ..domain.model import ENTITIES, Qualification, StaffNeed
from ..domain.records import day_of, encode, from_record, to_record
from .field_names import field_label
from .i18n import QT_TRANSLATE_NOOP
from .models import Column, ObjectRole, RecordTableModel
from .style import set_tone

if TYPE_CHECKING:
    from .context import AppContext

#: entity kind -> (title, snapshot attribute)
KINDS: dict[str, tuple[str, str]] = {
    "suite": (QT_TRANSLATE_NOOP("editors", "Suites"), "suites"),
    "campaign": (QT_TRANSLATE_NOOP("editors", "Campaigns"), "campaigns"),
    "client": (QT_TRANSLATE_NOOP("editors", "Clients"), "clients"),
    "product": (QT_TRANSLATE_NOOP("editors", "Products"), "products"),
    "changeover_rule": (QT_TRANSLATE_NOOP("editors", "Changeover rules"), "changeover_rules"),
    "cleaning_rule": (QT_TRANSLATE_NOOP("editors", "Cleaning rules"), "cleaning_rules"),
    "shift": (QT_TRANSLATE_NOOP("editors", "Shifts"), "shifts"),
    "operator": (QT_TRANSLATE_NOOP("editors", "Operators & qualifications"), "operators"),
    "working_time_rules": (QT_TRANSLATE_NOOP("editors", "Working-time rules"), "working_time"),
}
SKIP = {"id", "version", "retired"}
#: fields edited as a sub-table of these dataclasses
NESTED: dict[str, type] = {"qualifications": Qualification, "staffing": StaffNeed,
                           "staff": StaffNeed}
NONE_INT = -1_000_001
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)


class NestedTable(QWidget):
    """Rows of one small dataclass (e.g. qualifications) as an editable table with Add / Remove.

    Enum columns are drop-downs; the others are text, parsed by the column's type on
    :meth:`records` (dates as YYYY-MM-DD, lists comma-separated, an empty optional cell is None).
    """

    def __init__(self, item_cls: type, records: list[dict[str, Any]], parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.item_cls = item_cls
        self.hints = typing.get_type_hints(item_cls)
        self.fields = [f for f in dataclasses.fields(item_cls)]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(self.fields))
        self.table.setHorizontalHeaderLabels([field_label(f.name) for f in self.fields])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.verticalHeader().setVisible(True)
        self.table.setMinimumHeight(120)
        layout.addWidget(self.table)
        bar = QHBoxLayout()
        self.add_btn = QPushButton(self.tr("Add row"))
        self.add_btn.clicked.connect(lambda: self.add_row())
        self.remove_btn = QPushButton(self.tr("Remove row"))
        self.remove_btn.clicked.connect(self.remove_row)
        bar.addWidget(self.add_btn)
        bar.addWidget(self.remove_btn)
        bar.addStretch(1)
        layout.addLayout(bar)
        for rec in records:
            self.add_row(rec)

    def _kind(self, name: str) -> str:
        tp = self.hints[name]
        if tp is dataclasses.MISSING:
            return "str"
        import datetime as _dt

        if tp is _dt.date or (typing.get_args(tp) and _dt.date in typing.get_args(tp)):
            return "date"
        return _simple(tp)

    def add_row(self, rec: dict[str, Any] | None = None) -> int:
        rec = rec or {}
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col, f in enumerate(self.fields):
            value = rec.get(f.name, encode(_default(f)))
            if self._kind(f.name).removeprefix("opt-") == "enum":
                tp = self.hints[f.name]
                enum_cls: Any = next(a for a in (typing.get_args(tp) or (tp,)) if isinstance(a, type))
                combo = QComboBox()
                combo.addItems([e.value for e in enum_cls])
                if value is not None:
                    combo.setCurrentText(str(value))
                self.table.setCellWidget(row, col, combo)
            else:
                self.table.setItem(row, col, QTableWidgetItem(_cell_text(value)))
        return row

    def remove_row(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()} or
                      ({self.table.currentRow()} if self.table.currentRow() >= 0 else set()),
                      reverse=True)
        for r in rows:
            self.table.removeRow(r)

    def set_cell(self, row: int, name: str, text: str) -> None:
        col = [f.name for f in self.fields].index(name)
        w = self.table.cellWidget(row, col)
        if isinstance(w, QComboBox):
            w.setCurrentText(text)
        else:
            self.table.setItem(row, col, QTableWidgetItem(text))

    def records(self, field_name: str) -> list[dict[str, Any]]:
        """The rows as records, each validated by the domain; errors name the row."""
        out = []
        for row in range(self.table.rowCount()):
            rec: dict[str, Any] = {}
            for col, f in enumerate(self.fields):
                kind = self._kind(f.name)
                w = self.table.cellWidget(row, col)
                item = self.table.item(row, col)
                text = w.currentText() if isinstance(w, QComboBox) else (item.text().strip()
                                                                         if item else "")
                base = kind.removeprefix("opt-")
                where = self.tr("row {n}, {field}").format(n=row + 1, field=field_label(f.name))
                if not text and (kind.startswith("opt-") or base == "str"):
                    rec[f.name] = None if kind.startswith("opt-") else ""
                elif base == "int":
                    try:
                        rec[f.name] = int(text)
                    except ValueError:
                        self.table.setCurrentCell(row, col)
                        raise ValidationError(field_name, self.tr("{where}: '{text}' is not a whole "
                                                                  "number").format(where=where, text=text)) from None
                elif base == "list":
                    rec[f.name] = [x.strip() for x in text.split(",") if x.strip()]
                elif base == "date":
                    try:
                        rec[f.name] = day_of(text).isoformat()
                    except ValueError:
                        self.table.setCurrentCell(row, col)
                        raise ValidationError(field_name, self.tr("{where}: '{text}' is not a date "
                                                                  "(YYYY-MM-DD)").format(where=where, text=text)) from None
                else:
                    rec[f.name] = text
            try:
                from_record(self.item_cls, rec)
            except ValidationError as exc:
                self.table.selectRow(row)
                raise ValidationError(field_name, self.tr("row {n}: {message}").format(
                    n=row + 1, message=exc.message)) from None
            out.append(rec)
        return out


class StepList(QWidget):
    """An ordered list of short texts (changeover steps): edit in place, add, remove, move."""

    def __init__(self, steps: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setMinimumHeight(110)
        for step in steps:
            self.add(step)
        layout.addWidget(self.list, 1)
        col = QVBoxLayout()
        for text, slot in ((self.tr("Add"), lambda: self.add(self.tr("new step"), edit=True)),
                           (self.tr("Remove"), self.remove), (self.tr("Up"), lambda: self.shift_step(-1)),
                           (self.tr("Down"), lambda: self.shift_step(1))):
            b = QPushButton(text)
            b.clicked.connect(slot)
            col.addWidget(b)
        col.addStretch(1)
        layout.addLayout(col)

    def add(self, text: str, edit: bool = False) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.list.addItem(item)
        if edit:
            self.list.setCurrentItem(item)
            self.list.editItem(item)
        return item

    def remove(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)

    def shift_step(self, delta: int) -> None:
        row = self.list.currentRow()
        to = row + delta
        if row < 0 or not 0 <= to < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(to, item)
        self.list.setCurrentRow(to)

    def steps(self) -> list[str]:
        return [t for t in (self.list.item(i).text().strip() for i in range(self.list.count())) if t]


class WeekdayBoxes(QWidget):
    """Part-time days off as seven check boxes (0 = Monday)."""

    def __init__(self, days: list[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes = []
        for i, _name in enumerate(WEEKDAYS):
            b = QCheckBox(QLocale().dayName(i + 1, QLocale.FormatType.ShortFormat))
            b.setChecked(i in days)
            self.boxes.append(b)
            layout.addWidget(b)
        layout.addStretch(1)

    def days(self) -> list[int]:
        return [i for i, b in enumerate(self.boxes) if b.isChecked()]


def _simple(tp: Any) -> str:
    """The editor kind for a field type: str, int, float, bool, enum, list, optional-*, complex."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Union or (origin is not None and type(None) in args):
        inner = [a for a in args if a is not type(None)]
        return "opt-" + _simple(inner[0]) if len(inner) == 1 else "complex"
    if tp in (str, int, float, bool):
        return tp.__name__
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return "enum"
    if origin is tuple and args and args[0] is str:
        return "list"
    return "complex"


class RecordEditor(QDialog):
    """Edit (or create, with ``obj`` None) one record; errors appear next to their field."""

    def __init__(self, ctx: AppContext, kind: str, obj: Any | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.obj = obj
        self.cls = ENTITIES[kind]
        self.setWindowTitle((self.tr("Edit {kind}") if obj else self.tr("New {kind}"))
                            .format(kind=field_label(kind)))
        self.setMinimumWidth(700 if kind in ("operator", "campaign", "changeover_rule") else 520)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.widgets: dict[str, Any] = {}
        self.errors: dict[str, QLabel] = {}
        hints = typing.get_type_hints(self.cls)
        record = to_record(obj) if obj is not None else {}
        self.complex: dict[str, Any] = {}
        for f in dataclasses.fields(self.cls):
            if f.name in SKIP:
                continue
            kind_of = _simple(hints[f.name])
            value = record.get(f.name, None)
            if f.name in NESTED or f.name == "steps" or (f.name == "days_off" and kind == "operator"):
                kind_of = "nested" if f.name in NESTED else f.name
                current = record.get(f.name, encode(_default(f))) or []
                w: Any = (NestedTable(NESTED[f.name], list(current)) if kind_of == "nested"
                          else StepList(list(current)) if kind_of == "steps"
                          else WeekdayBoxes(list(current)))
                self._add_field(form, f.name, w, kind_of)
                continue
            if kind_of == "complex":
                if obj is not None:
                    self.complex[f.name] = record[f.name]
                    v = record[f.name]
                    shown = (self.tr("{n} item(s)").format(n=len(v)) if isinstance(v, (list, dict))
                             else _text(getattr(obj, f.name)))
                    form.addRow(field_label(f.name), QLabel(
                        self.tr("<small>{shown}; edited elsewhere</small>").format(shown=shown)))
                continue
            self._add_field(form, f.name, self._widget(kind_of, hints[f.name], value, f), kind_of)
        layout.addLayout(form)
        self.general = QLabel("")
        set_tone(self.general, "error")
        self.general.setWordWrap(True)
        layout.addWidget(self.general)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _add_field(self, form: QFormLayout, name: str, w: QWidget, kind_of: str) -> None:
        w.setObjectName(name)
        self.widgets[name] = (w, kind_of)
        err = QLabel("")
        err.setObjectName(f"error_{name}")
        err.setProperty("role", "error")
        set_tone(err, "error")
        err.setWordWrap(True)
        err.hide()
        self.errors[name] = err
        box = QVBoxLayout()
        box.setSpacing(1)
        box.addWidget(w)
        box.addWidget(err)
        form.addRow(field_label(name), box)

    def _widget(self, kind_of: str, tp: Any, value: Any, f: Any) -> QWidget:
        base = kind_of.removeprefix("opt-")
        if base == "bool":
            w: Any = QCheckBox()
            w.setChecked(bool(value if value is not None else _default(f) or False))
        elif base == "int":
            w = QSpinBox()
            w.setRange(-1_000_000, 1_000_000)
            if kind_of.startswith("opt-"):
                # the lowest value stands for "none" (e.g. a changeover rule for every suite)
                w.setMinimum(NONE_INT)
                w.setSpecialValueText(self.tr("(none)"))
                w.setValue(NONE_INT if value is None else int(value))
            else:
                w.setValue(int(value if value is not None else _default(f) or 0))
        elif base == "float":
            w = QDoubleSpinBox()
            w.setRange(-1e9, 1e9)
            w.setDecimals(2)
            w.setValue(float(value if value is not None else _default(f) or 0.0))
        elif base == "enum":
            enum_cls: Any = next(a for a in (typing.get_args(tp) or (tp,)) if isinstance(a, type))
            w = QComboBox()
            w.addItems([e.value for e in enum_cls])
            if value is not None:
                w.setCurrentText(str(value))
            elif _default(f) is not None:
                w.setCurrentText(str(encode(_default(f))))
        else:
            w = QLineEdit()
            if base == "list":
                w.setText(", ".join(value or _default(f) or ()))
                w.setPlaceholderText(self.tr("comma-separated"))
            else:
                w.setText("" if value is None else str(value))
        return w

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.complex)
        for name, (w, kind_of) in self.widgets.items():
            base = kind_of.removeprefix("opt-")
            if kind_of == "nested":
                out[name] = w.records(name)
            elif kind_of == "steps":
                out[name] = w.steps()
            elif kind_of == "days_off":
                out[name] = w.days()
            elif base == "bool":
                out[name] = w.isChecked()
            elif base in ("int", "float"):
                out[name] = None if kind_of == "opt-int" and w.value() == NONE_INT else w.value()
            elif base == "enum":
                out[name] = w.currentText()
            elif base == "list":
                out[name] = [x.strip() for x in w.text().split(",") if x.strip()]
            else:
                text = w.text().strip()
                out[name] = None if (kind_of.startswith("opt-") and not text) else text
        return out

    def show_error(self, field: str, message: str) -> None:
        for label in self.errors.values():
            label.hide()
        self.general.setText("")
        key = field.split(".")[0].split("[")[0]
        if key == "staffing" and key not in self.errors and "staff" in self.errors:
            key = "staff"
        if key in self.errors:
            self.errors[key].setText(message)
            self.errors[key].show()
            self.widgets[key][0].setFocus()
        else:
            self.general.setText(f"{field}: {message}")

    def save(self) -> bool:
        try:
            values = self.values()
        except ValidationError as exc:
            self.show_error(exc.field, exc.message)
            return False
        base = to_record(self.obj) if self.obj is not None else {}
        try:
            from_record(self.cls, {**base, **values})  # the domain object validates itself
        except ValidationError as exc:
            self.show_error(exc.field, exc.message)
            return False
        except (TypeError, ValueError) as exc:
            self.show_error("record", str(exc))
            return False
        if self.obj is None:
            command: Any = Create(label=f"New {self.kind.replace('_', ' ')}", entity=self.kind,
                                  values=values)
        else:
            changes = {k: v for k, v in values.items() if base.get(k) != v}
            if not changes:
                self.accept()
                return True
            command = Update(label=f"Edit {self.kind.replace('_', ' ')}", entity=self.kind,
                             id=self.obj.id, changes=changes, expected_version=self.obj.version)
        try:
            self.ctx.apply_or_raise(command)
        except ValidationError as exc:
            self.show_error(exc.field, exc.message)
            return False
        except NecstError as exc:
            self.show_error("record", str(exc))
            return False
        self.accept()
        return True


def _default(f: Any) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return None


def _columns(kind: str) -> list[Column]:
    cls = ENTITIES[kind]
    hints = typing.get_type_hints(cls)
    cols = []
    for f in dataclasses.fields(cls):
        if f.name in SKIP or _simple(hints[f.name]) == "complex":
            continue
        cols.append(Column(field_label(f.name),
                           (lambda name: lambda o: _text(getattr(o, name)))(f.name)))
        if len(cols) >= 8:
            break
    if kind == "operator":
        cols.append(Column("qualifications", lambda o: ", ".join(
            f"{q.kind.value} → {q.expires:%d %b %Y}" for q in o.qualifications)))
    return cols


def _text(v: Any) -> str:
    if isinstance(v, enum.Enum):
        return str(v.value)
    if isinstance(v, (tuple, list)):
        return ", ".join(map(str, v))
    return "" if v is None else str(v)


class MasterDataPanel(QWidget):
    """A list of record kinds, a table of records, New / Edit; the changeover matrix as a grid."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        split = QSplitter()
        self.kinds = QListWidget()
        for kind, (title, _attr) in KINDS.items():
            self.kinds.addItem(QCoreApplication.translate("editors", title))
            self.kinds.item(self.kinds.count() - 1).setData(Qt.ItemDataRole.UserRole, kind)
        self.kinds.setMaximumWidth(230)
        split.addWidget(self.kinds)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(4, 0, 0, 0)
        bar = QHBoxLayout()
        self.title = QLabel()
        bar.addWidget(self.title, 1)
        self.new_btn = QPushButton(self.tr("New…"))
        self.new_btn.clicked.connect(lambda: self.edit(None))
        self.edit_btn = QPushButton(self.tr("Edit…"))
        self.edit_btn.clicked.connect(self.edit_selected)
        bar.addWidget(self.new_btn)
        bar.addWidget(self.edit_btn)
        rl.addLayout(bar)
        self.table = QTableView()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        rl.addWidget(self.table, 2)
        self.matrix_label = QLabel(self.tr("<b>Changeover matrix</b> (hours; rows: what ran before, "
                                   "columns: what runs next; = same product)"))
        self.matrix = QTableWidget()
        self.matrix.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.matrix.cellDoubleClicked.connect(self._matrix_edit)
        rl.addWidget(self.matrix_label)
        rl.addWidget(self.matrix, 1)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        layout.addWidget(split)
        self.models: dict[str, RecordTableModel] = {k: RecordTableModel(_columns(k), self)
                                                    for k in KINDS}
        self.kind = "suite"
        self.kinds.currentRowChanged.connect(self._kind_changed)
        self.kinds.setCurrentRow(0)

    def _kind_changed(self, row: int) -> None:
        self.kind = self.kinds.item(row).data(Qt.ItemDataRole.UserRole)
        self.title.setText(f"<b>{QCoreApplication.translate('editors', KINDS[self.kind][0])}</b>")
        self.table.setModel(self.models[self.kind])
        is_co = self.kind == "changeover_rule"
        self.matrix.setVisible(is_co)
        self.matrix_label.setVisible(is_co)
        self.new_btn.setEnabled(self.kind not in ("working_time_rules", "campaign"))

    def set_snapshot(self, snap: Any) -> None:
        for kind, (_title, attr) in KINDS.items():
            rows = getattr(snap, attr)
            self.models[kind].set_rows(rows if isinstance(rows, list) else [rows])
        self._fill_matrix(snap)

    def _fill_matrix(self, snap: Any) -> None:
        rules = [r for r in snap.changeover_rules if not r.retired and r.suite_id is None]
        froms = sorted({r.from_key for r in rules})
        tos = sorted({r.to_key for r in rules})
        self.matrix.clear()
        self.matrix.setRowCount(len(froms))
        self.matrix.setColumnCount(len(tos))
        self.matrix.setVerticalHeaderLabels(froms)
        self.matrix.setHorizontalHeaderLabels(tos)
        for r in rules:
            i, j = froms.index(r.from_key), tos.index(r.to_key)
            prev = self.matrix.item(i, j)
            mark = "=" if r.same_product else ""
            text = self.tr("{mark}{duration_hours:g} h").format(mark=mark, duration_hours=r.duration_hours)
            item = QTableWidgetItem((prev.text() + "  " if prev else "") + text)
            item.setToolTip("\n".join(filter(None, [(prev.toolTip() if prev else ""),
                                                    f"{text}: " + " → ".join(r.steps)])))
            item.setData(Qt.ItemDataRole.UserRole, r)
            self.matrix.setItem(i, j, item)
        self.matrix.resizeColumnsToContents()

    def _matrix_edit(self, row: int, col: int) -> None:
        item = self.matrix.item(row, col)
        if item is not None:
            self.edit(item.data(Qt.ItemDataRole.UserRole))

    def edit_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if rows:
            self.edit(self.models[self.kind].data(rows[0], ObjectRole))

    def edit(self, obj: Any | None) -> RecordEditor:
        dialog = RecordEditor(self.ctx, self.kind, obj, self)
        dialog.open()
        return dialog
