"""File -> Export / Import in the window: same services as the command line, preview first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog

from necst_desktop.persistence.db import Database
from necst_desktop.services.editing import SYSTEM
from necst_desktop.services.files import imports
from necst_desktop.services.queries import load_snapshot


def test_import_preview_then_one_undoable_step(window: Any, demo_db: Database, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """An operators file with one new person: the preview lists it, Import saves it, undo retires it."""
    from necst_desktop.qt import transfer

    path = imports.write_template(SYSTEM, load_snapshot(demo_db), "operators", tmp_path / "o.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Operators"]
    header = [c.value for c in ws[1]]
    new = {"code": "OP99", "name": "Nieuwe Collega", "contract_hours_week": 32,
           "gowning-grade-b": "31-12-2027"}
    ws.append([new.get(k) for k in header])
    wb.save(path)
    seen: dict[str, Any] = {}

    def accept(dialog: transfer.ImportPreviewDialog) -> int:
        seen["rows"] = dialog.table.rowCount()
        seen["enabled"] = dialog.import_button.isEnabled()
        seen["summary"] = dialog.summary.text()
        return 1

    monkeypatch.setattr(transfer.ImportPreviewDialog, "exec", accept)
    window.transfer.run_import("operators", path)
    assert seen["enabled"] and seen["rows"] == 31 and "no errors" in seen["summary"]
    assert "OP99" in {o.code for o in load_snapshot(demo_db).operators}
    window.ctx.undo_stack.undo()
    assert "OP99" not in {o.code for o in load_snapshot(demo_db).operators}


def test_bad_import_file_changes_nothing(window: Any, demo_db: Database, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A row with a bad cell shows the reason and the Import button stays off; nothing is saved."""
    from necst_desktop.qt import transfer

    path = imports.write_template(SYSTEM, load_snapshot(demo_db), "operators", tmp_path / "o.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Operators"]
    header = [c.value for c in ws[1]]
    ws.append([{"code": "OP98", "name": "X", "contract_hours_week": 90}.get(k) for k in header])
    wb.save(path)
    seen: dict[str, Any] = {}

    def look(dialog: transfer.ImportPreviewDialog) -> int:
        seen["enabled"] = dialog.import_button.isEnabled()
        seen["errors"] = [dialog.errors.item(i).text() for i in range(dialog.errors.count())]
        return 1

    monkeypatch.setattr(transfer.ImportPreviewDialog, "exec", look)
    before = load_snapshot(demo_db).seq
    window.transfer.run_import("operators", path)
    assert not seen["enabled"]
    assert any("contract" in e.lower() for e in seen["errors"]), seen["errors"]
    assert load_snapshot(demo_db).seq == before


def test_roster_export_from_the_menu_prints_the_approval(window: Any, demo_db: Database,
                                                         tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Export roster writes the workbook; a week published with an e-signature shows its approver."""
    from datetime import date

    from necst_desktop.domain.commands import Create
    from necst_desktop.qt import transfer
    from necst_desktop.services import auth
    from necst_desktop.services.editing import SYSTEM, EditingService

    EditingService(demo_db, SYSTEM).apply(Create(entity="user", values={
        "username": "pia", "full_name": "Pia Planner", "roles": ["planner"],
        "password_hash": auth.hash_password("a long password")}))
    monday = date(2026, 11, 30)
    auth.publish_week(demo_db, "pia", "a long password", monday)
    out = tmp_path / "roster.xlsx"

    def choose(dialog: transfer.ExportDialog) -> int:
        dialog.first.setDate(transfer._qdate(monday))
        dialog.end.setDate(transfer._qdate(date(2026, 12, 7)))
        return 1

    monkeypatch.setattr(transfer.ExportDialog, "exec", choose)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    window.transfer.export_roster()
    assert out.exists()
    text = " ".join(str(c.value) for ws in openpyxl.load_workbook(out).worksheets
                    for row in ws.iter_rows() for c in row if c.value is not None)
    assert "Pia Planner" in text


def test_an_operator_cannot_export_even_past_the_menu(window: Any, demo_db: Database,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """An operator calling the export directly is refused by the service, with an audit row."""
    from PySide6.QtWidgets import QMessageBox

    from necst_desktop.domain.model import Role
    from necst_desktop.services.audit import entries
    from necst_desktop.services.editing import Actor

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(str(a[2])))
    window.ctx.actor = Actor("olaf", frozenset({Role.OPERATOR}))
    window.transfer.export_roster()
    assert shown and "may not export" in shown[0]
    assert any(e.action == "denied" and e.username == "olaf" for e in entries(demo_db, actor=SYSTEM))
