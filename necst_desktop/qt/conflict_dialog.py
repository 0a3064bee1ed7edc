"""Two people changed the same record: show both versions side by side and let the user choose.

Nothing is ever overwritten silently. "Reload theirs" drops the user's change and shows the saved
record; "Re-apply mine on top" applies the same intended changes as a new, audited change on top
of the version saved now (it is checked again, so a third save in between is caught as well).
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.commands import Batch, Command, Create, Restore, Retire, Update
from ..domain.errors import ConflictError
from ..domain.model import ENTITIES
from ..domain.records import to_record
from ..persistence.repository import KIND_LABEL
from .context import AppContext

HIDDEN = {"version", "password_hash"}


def _part(command: Command, entity: str, id_: int | None) -> Command | None:
    """The part of ``command`` that touches the conflicting record."""
    if isinstance(command, Batch):
        for sub in command.commands:
            found = _part(sub, entity, id_)
            if found is not None:
                return found
        return None
    if getattr(command, "entity", None) == entity and getattr(command, "id", None) == id_:
        return command
    return None


def _in_snapshot(ctx: AppContext, entity: str, id_: int | None) -> dict[str, Any] | None:
    """The record as the user last saw it (the window's snapshot before reloading)."""
    snap = ctx.snapshot
    cls = ENTITIES.get(entity)
    if snap is None or cls is None or id_ is None:
        return None
    for f in dataclasses.fields(snap):
        items = getattr(snap, f.name)
        if isinstance(items, list):
            for obj in items:
                if isinstance(obj, cls) and getattr(obj, "id", None) == id_:
                    return to_record(obj)
        elif isinstance(items, cls) and getattr(items, "id", None) == id_:
            return to_record(items)
    return None


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    return json.dumps(value, default=str, ensure_ascii=False)


def _mine(part: Command | None) -> dict[str, Any]:
    if isinstance(part, Update):
        return dict(part.changes)
    if isinstance(part, Retire):
        return {"retired": True}
    if isinstance(part, Restore):
        return {"retired": False}
    if isinstance(part, Create):
        return dict(part.values)
    return {}


class ConflictDialog(QDialog):
    RELOAD = 1
    REAPPLY = 2

    def __init__(self, ctx: AppContext, error: ConflictError, command: Command,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.error = error
        self.command = command
        self.choice = 0
        self.setObjectName("conflictDialog")
        kind = KIND_LABEL.get(error.entity, error.entity)
        self.setWindowTitle(f"Changed by someone else — {kind} {error.entity_id}")
        self.resize(820, 460)
        layout = QVBoxLayout(self)
        who = self._who_saved()
        intro = QLabel(
            f"<b>Your change “{command.title}” was not saved.</b> Someone else saved this "
            f"{kind} since you opened it{who} (you had version {error.expected_version}, "
            f"saved is version {error.actual_version}). Nothing was overwritten.<br>"
            "Compare both versions and choose:")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        base = _in_snapshot(ctx, error.entity, error.entity_id) or {}
        theirs = dict(error.theirs)
        mine = _mine(_part(command, error.entity, error.entity_id))
        fields = [k for k in theirs if k not in HIDDEN] or sorted(mine)
        self.rows: list[tuple[str, str, str, str]] = []
        for name in fields:
            was = base.get(name)
            now = theirs.get(name)
            want = mine.get(name, now)
            self.rows.append((name, _show(was) if base else "", _show(now), _show(want)))
        table = QTableWidget(len(self.rows), 4)
        table.setObjectName("versions")
        table.setHorizontalHeaderLabels(["Field", "When you opened it", "Saved by them (now)",
                                         "Yours (not saved)"])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        bold = QFont()
        bold.setBold(True)
        for r, (name, was, now, want) in enumerate(self.rows):
            items = [QTableWidgetItem(x) for x in (name.replace("_", " "), was, now, want)]
            they_changed = bool(base) and was != now
            i_change = name in mine and want != was
            if they_changed:
                items[2].setBackground(QBrush(QColor("#fde2c8")))
                items[2].setFont(bold)
            if i_change:
                items[3].setBackground(QBrush(QColor("#d7ecff")))
                items[3].setFont(bold)
            if they_changed and i_change and now != want:
                items[0].setText(f"⚠ {items[0].text()}")
                items[0].setToolTip("Both of you changed this field.")
            for c, item in enumerate(items):
                table.setItem(r, c, item)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        self.table = table
        layout.addWidget(table, 1)
        legend = QLabel("<span style='background:#fde2c8'>&nbsp;changed by them&nbsp;</span> "
                        "<span style='background:#d7ecff'>&nbsp;your change&nbsp;</span> "
                        "⚠ both changed it")
        layout.addWidget(legend)
        buttons = QDialogButtonBox()
        self.reload_button = buttons.addButton("Reload theirs", QDialogButtonBox.ButtonRole.RejectRole)
        self.reload_button.setObjectName("reloadTheirs")
        self.reload_button.setToolTip("Drop your change and show the saved version.")
        self.reapply_button = buttons.addButton("Re-apply mine on top",
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.reapply_button.setObjectName("reapplyMine")
        self.reapply_button.setToolTip("Save your change as a new change on top of theirs "
                                       "(recorded in the audit trail).")
        self.reload_button.clicked.connect(self.reload_theirs)
        self.reapply_button.clicked.connect(self.reapply_mine)
        self.reload_button.setDefault(True)
        layout.addWidget(buttons)

    def _who_saved(self) -> str:
        from ..services.audit import entries

        if not self.error.entity or self.error.entity_id is None:
            return ""
        try:
            rows = entries(self.ctx.db, actor=self.ctx.actor, entity=self.error.entity,
                           entity_id=self.error.entity_id)
        except Exception:
            return ""
        if not rows:
            return ""
        last = rows[-1]
        tz = self.ctx.snapshot.facility.tz if self.ctx.snapshot else None
        at = last.at.astimezone(tz) if tz else last.at
        return f" ({last.username}, {at:%d %b %H:%M})"

    def reload_theirs(self) -> None:
        self.choice = self.RELOAD
        self.done(QDialog.DialogCode.Rejected)
        self.ctx.refresh()

    def reapply_mine(self) -> None:
        self.choice = self.REAPPLY
        self.done(QDialog.DialogCode.Accepted)
        try:
            rebased = self.ctx.rebase(self.command)
        except Exception as exc:  # the record was deleted meanwhile, for instance
            self.ctx.report_error(exc)
            self.ctx.refresh()
            return
        if self.ctx.apply(rebased) is None:
            self.ctx.refresh()
