"""File → Export and File → Import in the window: the same services as ``necst export/import``.

Exports ask for a period and a file name and write atomically; imports are checked completely
and shown as a preview (every row, every bad cell with its reason) before anything is saved, and
then saved as one undoable, audited step.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QListWidget,
    QMenu,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.commands import Batch
from ..domain.errors import NecstError
from ..domain.model import Role
from ..services import permissions
from .i18n import QT_TRANSLATE_NOOP
from .style import set_tone


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


#: the import kinds as the window names them
KIND_NAMES = {"campaigns": QT_TRANSLATE_NOOP("TransferActions", "campaign requests"),
              "operators": QT_TRANSLATE_NOOP("TransferActions", "operators and qualifications")}


class ExportDialog(QDialog):
    """Period (and, per export, client / operator / paper) for one export."""

    def __init__(self, title: str, *, choices: list[tuple[str, str]] | None = None,
                 choice_label: str = "", paper: bool = False, period: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        today = date.today()
        monday = today - timedelta(days=today.weekday())
        self.first = QDateEdit(_qdate(monday))
        self.first.setCalendarPopup(True)
        self.end = QDateEdit(_qdate(monday + timedelta(days=7)))
        self.end.setCalendarPopup(True)
        if period:
            form.addRow(self.tr("First day"), self.first)
            form.addRow(self.tr("Day after the last"), self.end)
        self.choice = QComboBox()
        for text, key in choices or []:
            self.choice.addItem(text, key)
        if choices:
            form.addRow(choice_label, self.choice)
        self.paper = QComboBox()
        self.paper.addItems(["A4", "A3"])
        if paper:
            form.addRow(self.tr("Paper (landscape)"), self.paper)
        self.error = QLabel("")
        set_tone(self.error, "error")
        self.error.setWordWrap(True)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def period(self) -> Any:
        from ..services.files.views import Period

        return Period(_pydate(self.first.date()), _pydate(self.end.date()))

    def _check(self) -> None:
        try:
            self.period()
        except NecstError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


class ImportPreviewDialog(QDialog):
    """What an import would do, row by row, and every bad cell; Import only when all is valid."""

    def __init__(self, preview: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(self.tr("Import {kind} from {name}").format(
            kind=QCoreApplication.translate("TransferActions", KIND_NAMES.get(preview.kind, preview.kind)),
            name=preview.path.name))
        self.resize(900, 560)
        layout = QVBoxLayout(self)
        changes = sum(1 for r in preview.rows if r.action != "unchanged")
        if preview.ok:
            summary = (self.tr("{len} rows checked, no errors: {changes} to create or update. Nothing is saved until you press Import.").format(len=len(preview.rows), changes=changes))
        else:
            summary = (self.tr("{len} problem(s) found: nothing can be imported until the file is corrected.").format(len=len(preview.errors)))
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(len(preview.rows), 2 + len(preview.columns))
        self.table.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Action"), *preview.columns])
        for i, row in enumerate(preview.rows):
            cells = [str(row.row), row.action, *(row.values.get(c, "") for c in preview.columns)]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(i, j, item)
        layout.addWidget(self.table, 3)
        self.errors = QListWidget()
        for err in preview.errors:
            self.errors.addItem(str(err))
        if preview.errors:
            layout.addWidget(QLabel(self.tr("Problems (sheet, cell, value, reason):")))
            layout.addWidget(self.errors, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton(self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(preview.ok and bool(preview.commands))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class TransferActions:
    """Adds the Export and Import sub-menus to a menu and runs them for the main window."""

    def __init__(self, window: Any, menu: QMenu) -> None:
        self.window = window
        self.ctx = window.ctx
        self.export_menu = menu.addMenu(QCoreApplication.translate("TransferActions", "E&xport"))
        self.import_menu = menu.addMenu(QCoreApplication.translate("TransferActions", "&Import"))
        add = self.export_menu.addAction
        add(QCoreApplication.translate("TransferActions", "Roster (Excel)…"), self.export_roster)
        add(QCoreApplication.translate("TransferActions", "Suite schedule (Excel)…"), self.export_schedule)
        add(QCoreApplication.translate("TransferActions", "Client workbook (Excel)…"), self.export_client)
        add(QCoreApplication.translate("TransferActions", "Calendar of an operator or client (iCal)…"), self.export_ical)
        add(QCoreApplication.translate("TransferActions", "Timeline or roster (PDF)…"), self.export_pdf)
        self.export_menu.addSeparator()
        add(QCoreApplication.translate("TransferActions", "Import template (Excel)…"), self.export_template)
        self.import_menu.addAction(QCoreApplication.translate("TransferActions", "Campaign requests (Excel)…"), lambda: self.run_import("campaigns"))
        self.import_menu.addAction(QCoreApplication.translate("TransferActions", "Operators and qualifications (Excel)…"),
                                   lambda: self.run_import("operators"))

    def update_roles(self, roles: frozenset[Role]) -> None:
        self.export_menu.setEnabled(permissions.allowed(roles, "export"))
        self.import_menu.setEnabled(permissions.allowed(roles, "import"))

    # --- helpers ---------------------------------------------------------------------------

    def _allowed(self, operation: str) -> bool:
        """The service's permission check (audited when refused), not only the menu state."""
        from ..domain.errors import PermissionDeniedError
        from ..services.editing import EditingService

        try:
            EditingService(self.ctx.db, self.ctx.actor).authorize(operation)
        except PermissionDeniedError as exc:
            QMessageBox.warning(self.window, QCoreApplication.translate("TransferActions", "Not allowed"), str(exc))
            return False
        return True

    def _save_path(self, caption: str, suggested: str, pattern: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self.window, caption, suggested, pattern)
        return Path(path) if path else None

    def _done(self, path: Path) -> None:
        self.window.statusBar().showMessage(QCoreApplication.translate("TransferActions", "Wrote {path}").format(path=path), 10_000)

    def _fail(self, exc: Exception) -> None:
        QMessageBox.warning(self.window, QCoreApplication.translate("TransferActions", "Export"), str(exc))

    def _options(self, period: Any, paper: str = "A4") -> Any:
        from ..services.files.excel import ExportOptions
        from ..services.files.signing import signature_block

        return ExportOptions(paper=paper, signatures=signature_block(
            self.ctx.db, period, prepared_by=self.ctx.actor.full_name or self.ctx.actor.username))

    # --- exports ---------------------------------------------------------------------------

    def export_roster(self) -> None:
        from ..services.files.excel import write_roster

        if not self._allowed("export"):
            return
        dialog = ExportDialog(QCoreApplication.translate("TransferActions", "Export roster"), parent=self.window)
        if not dialog.exec():
            return
        period = dialog.period()
        path = self._save_path(QCoreApplication.translate("TransferActions", "Save roster"), f"roster-{period.first}.xlsx", QCoreApplication.translate("TransferActions", "Excel (*.xlsx)"))
        if path is None:
            return
        try:
            self._done(write_roster(self.ctx.actor, self.ctx.snapshot, period, path, self._options(period)))
        except NecstError as exc:
            self._fail(exc)

    def export_schedule(self) -> None:
        from ..services.files.excel import write_schedule

        if not self._allowed("export"):
            return
        dialog = ExportDialog(QCoreApplication.translate("TransferActions", "Export suite schedule"), parent=self.window)
        if not dialog.exec():
            return
        period = dialog.period()
        path = self._save_path(QCoreApplication.translate("TransferActions", "Save schedule"), f"schedule-{period.first}.xlsx", QCoreApplication.translate("TransferActions", "Excel (*.xlsx)"))
        if path is None:
            return
        try:
            self._done(write_schedule(self.ctx.actor, self.ctx.snapshot, period, path, self._options(period)))
        except NecstError as exc:
            self._fail(exc)

    def export_client(self) -> None:
        from ..services.files.excel import write_client_workbook

        if not self._allowed("export"):
            return
        snap = self.ctx.snapshot
        dialog = ExportDialog(QCoreApplication.translate("TransferActions", "Export a client's workbook"), period=False, choice_label=QCoreApplication.translate("TransferActions", "Client"),
                              choices=[(c.name, c.code) for c in snap.clients],
                              parent=self.window)
        if not dialog.exec():
            return
        code = dialog.choice.currentData()
        path = self._save_path(QCoreApplication.translate("TransferActions", "Save client workbook"), f"{code}.xlsx", QCoreApplication.translate("TransferActions", "Excel (*.xlsx)"))
        if path is None:
            return
        try:
            self._done(write_client_workbook(self.ctx.actor, snap, code, path))
        except NecstError as exc:
            self._fail(exc)

    def export_ical(self) -> None:
        from ..services.files.ical import client_calendar, operator_calendar, write_ics

        if not self._allowed("export"):
            return
        snap = self.ctx.snapshot
        choices = [(QCoreApplication.translate("TransferActions", "Operator {code} - {name}").format(code=o.code, name=o.name), f"op:{o.code}")
                   for o in snap.operators]
        choices += [(QCoreApplication.translate("TransferActions", "Client {code} - {name}").format(code=c.code, name=c.name), f"cl:{c.code}")
                    for c in snap.clients]
        dialog = ExportDialog(QCoreApplication.translate("TransferActions", "Export a calendar"), choices=choices, choice_label=QCoreApplication.translate("TransferActions", "Calendar of"),
                              parent=self.window)
        if not dialog.exec():
            return
        key = str(dialog.choice.currentData())
        path = self._save_path(QCoreApplication.translate("TransferActions", "Save calendar"), f"{key[3:]}.ics", QCoreApplication.translate("TransferActions", "iCalendar (*.ics)"))
        if path is None:
            return
        try:
            data = (operator_calendar(snap, key[3:], dialog.period()) if key.startswith("op:")
                    else client_calendar(snap, key[3:]))
            self._done(write_ics(self.ctx.actor, path, data))
        except NecstError as exc:
            self._fail(exc)

    def export_pdf(self) -> None:
        from ..printing import write_pdf

        if not self._allowed("export"):
            return
        dialog = ExportDialog(QCoreApplication.translate("TransferActions", "Print to PDF"), choices=[(QCoreApplication.translate("TransferActions", "Timeline"), "timeline"),
                                                       (QCoreApplication.translate("TransferActions", "Roster"), "roster")],
                              choice_label=QCoreApplication.translate("TransferActions", "What"), paper=True, parent=self.window)
        if not dialog.exec():
            return
        what = str(dialog.choice.currentData())
        period = dialog.period()
        path = self._save_path(QCoreApplication.translate("TransferActions", "Save PDF"), f"{what}-{period.first}.pdf", QCoreApplication.translate("TransferActions", "PDF (*.pdf)"))
        if path is None:
            return
        try:
            self._done(write_pdf(self.ctx.actor, self.ctx.snapshot, what, period, path,
                                 paper=dialog.paper.currentText()))
        except NecstError as exc:
            self._fail(exc)

    def export_template(self) -> None:
        from ..services.files.imports import write_template

        if not self._allowed("export"):
            return
        dialog = ExportDialog(QCoreApplication.translate("TransferActions", "Import template"), period=False, choice_label=QCoreApplication.translate("TransferActions", "For"),
                              choices=[(QCoreApplication.translate("TransferActions", "Campaign requests"), "campaigns"),
                                       (QCoreApplication.translate("TransferActions", "Operators and qualifications"), "operators")],
                              parent=self.window)
        if not dialog.exec():
            return
        kind = str(dialog.choice.currentData())
        path = self._save_path(QCoreApplication.translate("TransferActions", "Save template"), f"necst-{kind}-template.xlsx", QCoreApplication.translate("TransferActions", "Excel (*.xlsx)"))
        if path is None:
            return
        try:
            self._done(write_template(self.ctx.actor, self.ctx.snapshot, kind, path))
        except NecstError as exc:
            self._fail(exc)

    # --- import ----------------------------------------------------------------------------

    def run_import(self, kind: str, path: Path | None = None) -> ImportPreviewDialog | None:
        from ..services.files.imports import preview_import

        if not self._allowed("import"):
            return None
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self.window, QCoreApplication.translate("TransferActions", "Import {kind}").format(kind=QCoreApplication.translate("TransferActions", KIND_NAMES[kind])), "",
                                                    QCoreApplication.translate("TransferActions", "Excel workbook (*.xlsx)"))
            if not chosen:
                return None
            path = Path(chosen)
        try:
            preview = preview_import(self.ctx.db, path, kind)
        except NecstError as exc:
            QMessageBox.warning(self.window, QCoreApplication.translate("TransferActions", "Import"), QCoreApplication.translate("TransferActions", "{name} cannot be imported: {exc}\n\nNothing was changed.").format(name=path.name, exc=exc))
            return None
        dialog = ImportPreviewDialog(preview, self.window)
        if dialog.exec() and preview.ok and preview.commands:
            self.ctx.apply(Batch(label=f"Import {kind} from {path.name}"[:200],
                                 reason=f"imported from {path.name}",
                                 commands=tuple(preview.commands)))
        return dialog
