"""Two people changed the same record: say who did what and when, show both versions side by
side and let the user choose.

Nothing is ever overwritten silently. The first line is a sentence from the audit trail
("Marieke Planner moved K05-TIL-MEL to Suite 3 at 14:12; your change was not saved"). "Reload
theirs" drops the user's change and shows the saved record; "Re-apply mine on top" applies the
same intended changes as a new, audited change on top of the version saved now (checked again,
so a third save in between is caught as well), with the changeovers and cleans around a moved
booking recomputed on the plan as it is now. An undo or redo refused this way offers the same
two choices ("Undo anyway on top of theirs").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtGui import QBrush, QFont
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
from ..services.audit_words import Names, field_words, value_words
from . import style
from .context import AppContext

HIDDEN = {"id", "version", "password_hash"}


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

    def __init__(self, ctx: AppContext, error: ConflictError, command: Command | None,
                 parent: QWidget | None = None, *, mine: dict[str, Any] | None = None,
                 reapply: Callable[[], Any] | None = None, reapply_text: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.error = error
        self.command = command
        self._reapply = reapply
        self.choice = 0
        self.setObjectName("conflictDialog")
        self.setWindowTitle(self.tr("Changed by {who}").format(who=error.by or self.tr("someone else")))
        self.resize(820, 460)
        layout = QVBoxLayout(self)
        sentence, _, rest = str(error).partition(". ")
        intro = QLabel(self.tr("<b>{sentence}.</b> {rest}<br>Compare both versions and choose:").format(sentence=escape(sentence), rest=escape(rest)))
        intro.setObjectName("conflictSentence")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        base = _in_snapshot(ctx, error.entity, error.entity_id) or {}
        theirs = dict(error.theirs)
        if mine is None:
            mine = _mine(_part(command, error.entity, error.entity_id) if command else None)
        fields = [k for k in theirs if k not in HIDDEN] or sorted(mine)
        self.rows: list[tuple[str, str, str, str]] = []
        raw: list[str] = []
        with ctx.db.read() as session:  # ids shown as names ("Suite 3", "K05-TIL-MEL")
            names = Names(session)

            def show(name: str, value: Any) -> str:
                return value_words(names, name, value) if value is not None else "—"

            for name in fields:
                was = base.get(name)
                now = theirs.get(name)
                want = mine.get(name, now)
                raw.append(name)
                self.rows.append((field_words(name), show(name, was) if base else "",
                                  show(name, now), show(name, want)))
        table = QTableWidget(len(self.rows), 4)
        table.setObjectName("versions")
        table.setHorizontalHeaderLabels([self.tr("Field"), self.tr("When you opened it"), self.tr("Saved by them (now)"),
                                         self.tr("Yours (not saved)")])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        bold = QFont()
        bold.setBold(True)
        for r, (name, was, now, want) in enumerate(self.rows):
            items = [QTableWidgetItem(x) for x in (name, was, now, want)]
            they_changed = bool(base) and was != now
            i_change = raw[r] in mine and want != was
            if they_changed:
                items[2].setBackground(QBrush(style.colour("theirs")))
                items[2].setFont(bold)
            if i_change:
                items[3].setBackground(QBrush(style.colour("yours")))
                items[3].setFont(bold)
            if they_changed and i_change and now != want:
                items[0].setText(f"⚠ {items[0].text()}")
                items[0].setToolTip(self.tr("Both of you changed this field."))
            for c, item in enumerate(items):
                table.setItem(r, c, item)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        self.table = table
        layout.addWidget(table, 1)
        legend = QLabel(f"<span style='background:{style.hex_colour('theirs')}'>&nbsp;"
                        f"{self.tr('changed by them')}&nbsp;</span> "
                        f"<span style='background:{style.hex_colour('yours')}'>&nbsp;"
                        f"{self.tr('your change')}&nbsp;</span> " + self.tr("⚠ both changed it"))
        layout.addWidget(legend)
        buttons = QDialogButtonBox()
        self.reload_button = buttons.addButton(self.tr("Reload theirs"), QDialogButtonBox.ButtonRole.RejectRole)
        self.reload_button.setObjectName("reloadTheirs")
        self.reload_button.setToolTip(self.tr("Drop your change and show the saved version."))
        self.reapply_button = buttons.addButton(reapply_text or self.tr("Re-apply mine on top"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.reapply_button.setObjectName("reapplyMine")
        self.reapply_button.setToolTip(self.tr("Save your change as a new change on top of theirs "
                                       "(recorded in the audit trail)."))
        self.reload_button.clicked.connect(self.reload_theirs)
        self.reapply_button.clicked.connect(self.reapply_mine)
        self.reload_button.setDefault(True)
        layout.addWidget(buttons)

    def reload_theirs(self) -> None:
        self.choice = self.RELOAD
        self.done(QDialog.DialogCode.Rejected)
        self.ctx.refresh()

    def reapply_mine(self) -> None:
        self.choice = self.REAPPLY
        self.done(QDialog.DialogCode.Accepted)
        if self._reapply is not None:
            self._reapply()
            return
        assert self.command is not None
        try:
            rebased = self.ctx.rebase(self.command)
        except Exception as exc:  # the record was deleted meanwhile, for instance
            self.ctx.report_error(exc)
            self.ctx.refresh()
            return
        if self.ctx.reapply(rebased) is None:
            self.ctx.refresh()
