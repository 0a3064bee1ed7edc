"""Tools → Audit trail: read, filter, verify and export the audit trail and the signatures.

One user action is one entry (who, when, what, why), with the records it changed under it and
the changeovers and cleans it recomputed folded below those, all in words (campaign codes and
suite names, never bare ids; :func:`services.audit.actions`). Undo and redo are entries of their
own ("Undo: Move booking K05-TIL-MEL"). The exports use the same wording.

Read-only by construction: the viewer offers no way to change or delete an audit row (nor does
the application anywhere). Filters: record kind and id, user, date range (facility time). The
"Verify chain" button recomputes the hash chain (:func:`services.audit.verify_chain`). Exports for
an inspection: an Excel workbook (XlsxWriter) and a PDF (QPdfWriter), both written atomically,
each stating the filter, who exported it and when, and the chain verification result.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QMarginsF,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import NecstError
from ..domain.model import ENTITIES
from ..services.audit import AuditAction, ChainReport, actions, verify_chain
from ..services.auth import Signature, signatures
from ..services.files.atomic import atomic_write
from . import style
from .context import AppContext
from .field_names import field_label
from .i18n import QT_TRANSLATE_NOOP
from .style import set_tone

_Index = QModelIndex | QPersistentModelIndex
EXTRA_KINDS = ["command", "plan_week"]  # audit rows that are not about one entity


def _local(at: datetime, tz: tzinfo) -> str:
    return at.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S %Z")


def _summary(a: AuditAction) -> str:
    """The action's changes on one line: the first record changed, how many more, what was
    recomputed."""
    parts = []
    if a.changes:
        parts.append(a.changes[0].text + (QCoreApplication.translate("audit_viewer", " (and {x} more)").format(x=len(a.changes) - 1)
                                          if len(a.changes) > 1 else ""))
    if a.derived:
        parts.append(a.recomputed)
    return " · ".join(parts)


#: one line per action, in the viewer (top level) and in the exports
ACTION_COLUMNS: list[tuple[str, Callable[[AuditAction, tzinfo], str]]] = [
    (QT_TRANSLATE_NOOP("audit_viewer", "Time"), lambda a, tz: _local(a.at, tz)),
    (QT_TRANSLATE_NOOP("audit_viewer", "Change #"), lambda a, _tz: str(a.change_seq)),
    (QT_TRANSLATE_NOOP("audit_viewer", "User"), lambda a, _tz: a.who),
    (QT_TRANSLATE_NOOP("audit_viewer", "Action"), lambda a, _tz: a.title),
    (QT_TRANSLATE_NOOP("audit_viewer", "What changed"), lambda a, _tz: a.what),
    (QT_TRANSLATE_NOOP("audit_viewer", "Recomputed"), lambda a, _tz: a.recomputed),
    (QT_TRANSLATE_NOOP("audit_viewer", "Why"), lambda a, _tz: a.reason),
]
#: the viewer's columns: the changes summed up on the action's line, in full below it
VIEW_COLUMNS = ["Time", "Change #", "User", "Action", "What changed", "Why"]  # translated as above


def action_colour(a: AuditAction) -> QColor | None:
    if a.action in ("alert", "denied", "sign-in-refused"):
        return style.colour("error")
    if a.action == "sign":
        return style.colour("created")
    if a.is_undo or a.is_redo:
        return style.colour("signed")
    return None


SIGNATURE_COLUMNS: list[tuple[str, Callable[[Signature, tzinfo], str]]] = [
    (QT_TRANSLATE_NOOP("audit_viewer", "Signed"), lambda s, tz: s.at.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S %Z")),
    (QT_TRANSLATE_NOOP("audit_viewer", "Printed name"), lambda s, _tz: s.printed_name),
    (QT_TRANSLATE_NOOP("audit_viewer", "User id"), lambda s, _tz: s.username),
    (QT_TRANSLATE_NOOP("audit_viewer", "Meaning"), lambda s, _tz: s.meaning),
    (QT_TRANSLATE_NOOP("audit_viewer", "Record"), lambda s, _tz: f"{s.entity} {s.entity_key}"),
    (QT_TRANSLATE_NOOP("audit_viewer", "Status"), lambda s, _tz: s.status),
    (QT_TRANSLATE_NOOP("audit_viewer", "Content hash"), lambda s, _tz: s.content_hash[:16] + "…"),
]


class _RowsModel(QAbstractTableModel):
    """Read-only rows of dataclasses, one column per (title, text function)."""

    def __init__(self, columns: Sequence[tuple[str, Callable[[Any, tzinfo], str]]],
                 tz: tzinfo, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.tz = tz
        self.rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def text(self, row: int, column: int) -> str:
        return self.columns[column][1](self.rows[row], self.tz)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(self.rows[index.row()])
        return None

    def foreground(self, _row: Any) -> Any:
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.columns):
            return QCoreApplication.translate("audit_viewer", self.columns[section][0])
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class ActionTreeModel(QStandardItemModel):
    """One top-level row per user action; under it each record it changed, then a
    'Recomputed' row folding the changeovers and cleans it recomputed. Read-only."""

    def __init__(self, tz: tzinfo, parent: Any = None) -> None:
        super().__init__(parent)
        self.tz = tz
        self.rows: list[AuditAction] = []
        self.setHorizontalHeaderLabels([QCoreApplication.translate("audit_viewer", c)
                                        for c in VIEW_COLUMNS])

    @staticmethod
    def _items(texts: list[str], colour: QColor | None = None, *,
               italic: bool = False) -> list[QStandardItem]:
        out = []
        for text in texts:
            item = QStandardItem(text)
            item.setEditable(False)
            item.setToolTip(text)
            if colour is not None:
                item.setForeground(colour)
            if italic:
                font = item.font()
                font.setItalic(True)
                item.setFont(font)
            out.append(item)
        return out

    def set_rows(self, rows: list[AuditAction]) -> None:
        self.rows = list(rows)
        self.removeRows(0, self.rowCount())
        root = self.invisibleRootItem()
        for a in self.rows:
            colour = action_colour(a)
            top = self._items([_local(a.at, self.tz), str(a.change_seq), a.who, a.title,
                               _summary(a), a.reason], colour)
            for line in a.changes:
                top[0].appendRow(self._items(["", "", "", line.record, line.words, ""]))
            if a.derived:
                folded = self._items(["", "", "", self.tr("Recomputed"), a.recomputed, ""], italic=True,
                                     colour=style.colour("system"))
                for line in a.derived:
                    folded[0].appendRow(self._items(["", "", "", line.record, line.words, ""],
                                                    style.colour("system")))
                top[0].appendRow(folded)
            root.appendRow(top)


class SignatureTableModel(_RowsModel):
    def __init__(self, tz: tzinfo, parent: Any = None) -> None:
        super().__init__(SIGNATURE_COLUMNS, tz, parent)

    def foreground(self, row: Signature) -> Any:
        return style.colour("created" if row.status == "valid" else "disabled")


# --- exports (for an inspection) ---------------------------------------------------------------


def write_audit_xlsx(path: Path | str, rows: list[AuditAction], sigs: list[Signature], tz: tzinfo,
                     header: list[tuple[str, str]]) -> Path:
    """The filtered audit trail and the signatures as an Excel workbook (written atomically)."""
    import xlsxwriter

    def write(tmp: Path) -> None:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False})
        bold = wb.add_format({"bold": True})
        head = wb.add_format({"bold": True, "bg_color": style.hex_colour("header"), "border": 1, "text_wrap": True})
        wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        top = wb.add_format({"valign": "top"})
        for title, items, columns in (("Audit trail", rows, ACTION_COLUMNS),
                                      ("Signatures", sigs, SIGNATURE_COLUMNS)):
            ws = wb.add_worksheet(title)
            ws.write(0, 0, f"NECST Suite Planner — {title.lower()}", bold)
            for i, (k, v) in enumerate(header, start=1):
                ws.write(i, 0, k, bold)
                ws.write(i, 1, v)
            first = len(header) + 2
            for c, (name, _f) in enumerate(columns):
                ws.write(first, c, name, head)
            model = _RowsModel(columns, tz)
            model.rows = list(items)
            for r in range(len(items)):
                for c in range(len(columns)):
                    value = model.text(r, c)
                    ws.write_string(first + 1 + r, c, value, wrap if c >= 3 else top)
            widths = [22, 9, 24, 36, 70, 36, 30] if title == "Audit trail" else \
                [22, 26, 14, 40, 22, 12, 20]
            for c, w in enumerate(widths[:len(columns)]):
                ws.set_column(c, c, w)
            ws.freeze_panes(first + 1, 0)
            if items:
                ws.autofilter(first, 0, first + len(items), len(columns) - 1)
        wb.close()

    return atomic_write(path, write)


def write_audit_pdf(path: Path | str, rows: list[AuditAction], sigs: list[Signature], tz: tzinfo,
                    header: list[tuple[str, str]], facility: str) -> Path:
    """The filtered audit trail and the signatures as an A4 landscape PDF (written atomically)."""
    from ..printing import ensure_app

    ensure_app()
    dpi = 150

    def mm(v: float) -> float:
        return v * dpi / 25.4

    def write(tmp: Path) -> None:
        writer = QPdfWriter(str(tmp))
        writer.setResolution(dpi)
        writer.setTitle("Audit trail")
        writer.setCreator("NECST Suite Planner")
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                         QPageLayout.Orientation.Landscape,
                                         QMarginsF(10, 10, 10, 10), QPageLayout.Unit.Millimeter))
        p = QPainter(writer)
        rect = writer.pageLayout().paintRectPixels(dpi)
        w, h = float(rect.width()), float(rect.height())
        page = 0
        printed = datetime.now(tz).strftime("%Y-%m-%d %H:%M %Z")

        def font(size: float, bold: bool = False) -> None:
            f = QFont("Sans Serif")
            f.setPointSizeF(size)
            f.setBold(bold)
            p.setFont(f)

        def new_page(title: str) -> float:
            nonlocal page
            if page:
                writer.newPage()
            page += 1
            p.setPen(QPen(style.colour("ink")))
            font(11, True)
            p.drawText(QRectF(0, 0, w, mm(6)), Qt.AlignmentFlag.AlignLeft, title)
            font(8)
            p.drawText(QRectF(0, 0, w, mm(6)), Qt.AlignmentFlag.AlignRight, facility)
            p.drawText(QRectF(0, h - mm(5), w, mm(5)), Qt.AlignmentFlag.AlignLeft,
                       f"Printed {printed} · NECST Suite Planner · read-only copy of the audit trail")
            p.drawText(QRectF(0, h - mm(5), w, mm(5)), Qt.AlignmentFlag.AlignRight, f"Page {page}")
            return mm(9)

        def table(title: str, columns: Sequence[tuple[str, Callable[[Any, tzinfo], str]]],
                  items: list[Any], widths: list[float], y: float) -> float:
            model = _RowsModel(columns, tz)
            model.rows = list(items)
            total = sum(widths)
            xs = [0.0]
            for cw in widths:
                xs.append(xs[-1] + cw / total * w)

            def head(y: float) -> float:
                font(7.5, True)
                p.fillRect(QRectF(0, y, w, mm(5)), style.colour("header"))
                for c, (name, _f) in enumerate(columns):
                    p.drawText(QRectF(xs[c] + mm(0.8), y, xs[c + 1] - xs[c] - mm(1.6), mm(5)),
                               Qt.AlignmentFlag.AlignVCenter, name)
                return y + mm(5)

            font(10, True)
            p.drawText(QRectF(0, y, w, mm(6)), Qt.AlignmentFlag.AlignLeft, title)
            y = head(y + mm(6))
            flags = int(Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWrapAnywhere)
            for r in range(len(items)):
                font(7)
                texts = [model.text(r, c) for c in range(len(columns))]
                height = max(p.boundingRect(QRectF(0, 0, xs[c + 1] - xs[c] - mm(1.6), mm(200)),
                                            flags, t).height() for c, t in enumerate(texts))
                height = max(height, mm(3.5)) + mm(1.2)
                if y + height > h - mm(7):
                    y = head(new_page(f"{title} (continued)"))
                    font(7)
                if r % 2:
                    p.fillRect(QRectF(0, y, w, height), style.colour("stripe"))
                colour = action_colour(items[r]) if isinstance(items[r], AuditAction) else \
                    model.foreground(items[r])
                p.setPen(QPen(colour if colour is not None else style.colour("ink")))
                for c, t in enumerate(texts):
                    p.drawText(QRectF(xs[c] + mm(0.8), y + mm(0.6), xs[c + 1] - xs[c] - mm(1.6),
                                      height), flags, t)
                p.setPen(QPen(style.colour("ink")))
                y += height
            if not items:
                font(8)
                p.drawText(QRectF(0, y + mm(1), w, mm(5)), Qt.AlignmentFlag.AlignLeft,
                           "(none for this filter)")
                y += mm(6)
            return y + mm(4)

        y = new_page("Audit trail")
        font(8)
        for k, v in header:
            p.drawText(QRectF(0, y, mm(45), mm(4.5)), Qt.AlignmentFlag.AlignLeft, k)
            p.drawText(QRectF(mm(45), y, w - mm(45), mm(4.5)), Qt.AlignmentFlag.AlignLeft, v)
            y += mm(4.5)
        y = table("Audit trail", ACTION_COLUMNS, rows, [15, 6, 14, 22, 46, 22, 17], y + mm(3))
        if y > h - mm(30):
            y = new_page("Signatures")
        table("Signatures", SIGNATURE_COLUMNS, sigs, [18, 20, 12, 34, 16, 10, 16], y)
        p.end()

    return atomic_write(path, write)


# --- the window --------------------------------------------------------------------------------


class AuditViewer(QDialog):
    """Tools → Audit trail (not modal: it can stay open beside the plan)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("auditViewer")
        self.setWindowTitle(self.tr("Audit trail — NECST Suite Planner"))
        self.resize(1200, 700)
        snap = ctx.snapshot
        self.tz: tzinfo = snap.facility.tz if snap is not None else ZoneInfo("UTC")
        self.chain: ChainReport | None = None
        layout = QVBoxLayout(self)

        filters = QHBoxLayout()
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        self.kind.addItem(self.tr("any record"), None)
        for kind in sorted([*ENTITIES, *EXTRA_KINDS]):
            self.kind.addItem(field_label(kind), kind)
        self.record_id = QLineEdit()
        self.record_id.setObjectName("recordId")
        self.record_id.setPlaceholderText("id")
        self.record_id.setMaximumWidth(80)
        self.user = QComboBox()
        self.user.setObjectName("user")
        self.user.setEditable(True)
        self.user.setMinimumWidth(140)
        self.use_from = QCheckBox(self.tr("from"))
        self.date_from = QDateEdit()
        self.date_from.setCalendarPopup(True)
        self.date_from.setDisplayFormat("yyyy-MM-dd")
        self.use_to = QCheckBox(self.tr("to"))
        self.date_to = QDateEdit()
        self.date_to.setCalendarPopup(True)
        self.date_to.setDisplayFormat("yyyy-MM-dd")
        today = QDate.currentDate()
        self.date_from.setDate(today.addDays(-30))
        self.date_to.setDate(today)
        self.apply_button = QPushButton(self.tr("Show"))
        self.apply_button.setObjectName("show")
        self.apply_button.setDefault(True)
        self.apply_button.clicked.connect(self.reload)
        for label, widget in ((self.tr("Record"), self.kind), ("", self.record_id), (self.tr("User"), self.user),
                              ("", self.use_from), ("", self.date_from), ("", self.use_to),
                              ("", self.date_to)):
            if label:
                filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.apply_button)
        filters.addStretch(1)
        layout.addLayout(filters)

        self.tabs = QTabWidget()
        self.model = ActionTreeModel(self.tz, self)
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setObjectName("auditTable")
        self.view.setAlternatingRowColors(True)
        self.view.setUniformRowHeights(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.header().setStretchLastSection(True)
        self.sig_model = SignatureTableModel(self.tz, self)
        self.sig_view = self._table(self.sig_model)
        self.sig_view.setObjectName("signatureTable")
        self.tabs.addTab(self.view, self.tr("Audit trail"))
        self.tabs.addTab(self.sig_view, self.tr("Signatures"))
        layout.addWidget(self.tabs, 1)

        bottom = QHBoxLayout()
        self.summary = QLabel("")
        self.summary.setObjectName("summary")
        self.chain_label = QLabel(self.tr("Hash chain not verified yet."))
        self.chain_label.setObjectName("chain")
        self.chain_label.setWordWrap(True)
        self.verify_button = QPushButton(self.tr("Verify chain"))
        self.verify_button.setObjectName("verify")
        self.verify_button.clicked.connect(self.verify)
        self.excel_button = QPushButton(self.tr("Export Excel…"))
        self.excel_button.clicked.connect(lambda: self.export("xlsx"))
        self.pdf_button = QPushButton(self.tr("Export PDF…"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        may_export = ctx.may("audit-export")
        for b in (self.excel_button, self.pdf_button):
            b.setEnabled(may_export)
            if not may_export:
                b.setToolTip(self.tr("Exporting the audit trail needs the manager, QA or admin role."))
        bottom.addWidget(self.summary)
        bottom.addWidget(self.chain_label, 1)
        bottom.addWidget(self.verify_button)
        bottom.addWidget(self.excel_button)
        bottom.addWidget(self.pdf_button)
        layout.addLayout(bottom)
        self._fill_users()
        self.reload()

    def _table(self, model: QAbstractTableModel) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.horizontalHeader().setStretchLastSection(True)
        return view

    def _fill_users(self) -> None:
        from ..services.queries import audit_usernames

        try:
            names = audit_usernames(self.ctx.db)
        except NecstError:
            names = []
        self.user.addItem("")
        self.user.addItems(names)

    # --- filters -------------------------------------------------------------------------

    def set_filter(self, *, kind: str | None = None, record_id: int | None = None,
                   user: str | None = None, since: date | None = None,
                   until: date | None = None) -> None:
        """Set the filter widgets (tests, and 'show the history of this record' elsewhere)."""
        index = self.kind.findData(kind)
        self.kind.setCurrentIndex(max(index, 0))
        self.record_id.setText("" if record_id is None else str(record_id))
        self.user.setCurrentText(user or "")
        self.use_from.setChecked(since is not None)
        if since is not None:
            self.date_from.setDate(QDate(since.year, since.month, since.day))
        self.use_to.setChecked(until is not None)
        if until is not None:
            self.date_to.setDate(QDate(until.year, until.month, until.day))
        self.reload()

    def filter_args(self) -> dict[str, Any]:
        args: dict[str, Any] = {"entity": self.kind.currentData()}
        text = self.record_id.text().strip()
        args["entity_id"] = int(text) if text.isdigit() else None
        args["username"] = self.user.currentText().strip() or None
        if self.use_from.isChecked():
            d: date = self.date_from.date().toPython()  # type: ignore[assignment]
            args["since"] = datetime.combine(d, time.min, tzinfo=self.tz)
        if self.use_to.isChecked():
            d = self.date_to.date().toPython()  # type: ignore[assignment]
            args["until"] = datetime.combine(d + timedelta(days=1), time.min, tzinfo=self.tz)
        return args

    def describe_filter(self) -> str:
        args = self.filter_args()
        parts = []
        if args["entity"]:
            parts.append(f"record kind {args['entity']}")
        if args["entity_id"] is not None:
            parts.append(f"id {args['entity_id']}")
        if args["username"]:
            parts.append(f"user {args['username']}")
        if args.get("since"):
            parts.append(f"from {args['since']:%Y-%m-%d}")
        if args.get("until"):
            parts.append(f"until {args['until'] - timedelta(days=1):%Y-%m-%d} (inclusive)")
        return ", ".join(parts) or "everything"

    def reload(self) -> None:
        args = self.filter_args()
        try:
            # the newest rows (a long trail shows its recent part), in time order
            rows = list(reversed(actions(self.ctx.db, actor=self.ctx.actor, newest_first=True,
                                         **args)))
            sigs = signatures(self.ctx.db, entity=args["entity"],
                              key=None if args["entity_id"] is None else str(args["entity_id"]))
        except NecstError as exc:
            self.summary.setText(self.tr("Cannot read the audit trail: {exc}").format(exc=exc))
            return
        if args["username"]:
            sigs = [s for s in sigs if s.username == args["username"]]
        if args.get("since"):
            sigs = [s for s in sigs if s.at >= args["since"]]
        if args.get("until"):
            sigs = [s for s in sigs if s.at < args["until"]]
        self.model.set_rows(rows)
        self.sig_model.set_rows(sigs)
        if rows:
            for c in range(len(VIEW_COLUMNS)):
                self.view.resizeColumnToContents(c)
            self.view.setColumnWidth(3, min(self.view.columnWidth(3), 340))
            self.view.setColumnWidth(4, min(self.view.columnWidth(4), 520))
        self.sig_view.resizeColumnsToContents()
        self.view.scrollToBottom()
        self.summary.setText(self.tr("{len} actions · {len2} signatures ({sum} valid)").format(len=len(rows), len2=len(sigs), sum=sum(1 for s in sigs if s.status == 'valid')))

    # --- verify and export -------------------------------------------------------------------

    def verify(self) -> ChainReport:
        self.chain = verify_chain(self.ctx.db, actor=self.ctx.actor)
        ok = self.chain.ok
        set_tone(self.chain_label, "ok" if ok else "alert")
        self.chain_label.setText(("✔ " if ok else "✖ ") + str(self.chain))
        return self.chain

    def export_header(self) -> list[tuple[str, str]]:
        chain = self.chain or verify_chain(self.ctx.db, actor=self.ctx.actor)
        snap = self.ctx.snapshot
        return [
            ("Facility", snap.facility.name if snap else ""),
            ("Database", self.ctx.db.display_url),
            ("Filter", self.describe_filter()),
            ("Exported by", f"{self.ctx.actor.full_name or self.ctx.actor.username} "
                            f"({self.ctx.actor.username})"),
            ("Exported at", datetime.now(self.tz).strftime("%Y-%m-%d %H:%M:%S %Z")),
            ("Hash chain", str(chain).replace("\n", " ")),
            ("Rows", f"{len(self.model.rows)} actions, {len(self.sig_model.rows)} signatures"),
        ]

    def export(self, fmt: str, path: str | Path | None = None) -> Path | None:
        """Write the rows shown (with the filter and the chain result) to Excel or PDF."""
        if not self.ctx.may("audit-export"):
            self.ctx.message.emit("error", self.tr("Exporting the audit trail needs the manager, QA or "
                                  "admin role."))
            return None
        if path is None:
            stamp = datetime.now(self.tz).strftime("%Y%m%d-%H%M")
            suggested = str(Path.home() / f"audit-trail-{stamp}.{fmt}")
            pattern = "Excel workbook (*.xlsx)" if fmt == "xlsx" else "PDF (*.pdf)"
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Export audit trail"), suggested, pattern)
            if not chosen:
                return None
            path = chosen
        snap = self.ctx.snapshot
        try:
            header = self.export_header()
            if fmt == "xlsx":
                out = write_audit_xlsx(path, self.model.rows, self.sig_model.rows, self.tz, header)
            else:
                out = write_audit_pdf(path, self.model.rows, self.sig_model.rows, self.tz, header,
                                      snap.facility.name if snap else "")
        except NecstError as exc:
            self.ctx.message.emit("error", str(exc))
            return None
        self.ctx.service.record_event("export", "audit_log", 0,
                                      {"format": fmt, "filter": self.describe_filter(),
                                       "rows": len(self.model.rows)})
        self.ctx.message.emit("status", self.tr("Audit trail exported to {out}").format(out=out))
        return out
