"""The window's connection to the services: the database, the undo stack and the change signal.

Every edit the window makes goes through :meth:`AppContext.apply`, which applies the command
through the editing service (audit, conflict check, permissions) and pushes a thin
:class:`QUndoCommand` whose undo applies the inverse command through the same path.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..domain.commands import Command
from ..domain.errors import ConflictError, NecstError
from ..persistence.db import Database
from ..services import messages
from ..services.editing import Actor, Applied, Changes, EditingService
from ..services.queries import Snapshot, load_snapshot


class ServiceUndoCommand(QUndoCommand):
    """Wraps an already applied command; undo and redo apply the inverse through the service."""

    def __init__(self, ctx: AppContext, applied: Applied) -> None:
        super().__init__(applied.command.title)
        self._ctx = ctx
        self._next = applied.inverse
        self._first = True

    def _flip(self) -> None:
        try:
            applied = self._ctx.service.apply(self._next)
        except NecstError as exc:
            # Someone changed the record since: drop this step instead of overwriting theirs.
            self.setObsolete(True)
            self._ctx.report_error(exc)
            self._ctx.refresh()
            return
        self._next = applied.inverse
        self._ctx.publish(applied.changes)

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._flip()

    def undo(self) -> None:
        self._flip()


class AppContext(QObject):
    """One open database and what the window knows about it."""

    #: emitted with a :class:`Changes` after every applied command or reload
    changed = Signal(object)
    #: emitted with (level, text) for the status bar / dialogs
    message = Signal(str, str)

    def __init__(self, db: Database, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.service = EditingService(db, actor)
        self.undo_stack = QUndoStack(self)
        self.snapshot: Snapshot | None = None
        messages.add_sink(self._sink)

    def close(self) -> None:
        messages.remove_sink(self._sink)
        self.db.dispose()

    def _sink(self, level: str, text: str) -> None:
        self.message.emit(level, text)

    def report_error(self, exc: BaseException) -> None:
        title = "Changed by someone else" if isinstance(exc, ConflictError) else "Not saved"
        self.message.emit("error", f"{title}: {exc}")

    def refresh(self) -> Snapshot:
        """Re-read the facility (one read session) and tell every view."""
        self.snapshot = load_snapshot(self.db)
        changes = Changes(seq=self.snapshot.seq)
        changes.entities["*"] = set()
        self.changed.emit(changes)
        return self.snapshot

    def publish(self, changes: Changes) -> None:
        self.snapshot = load_snapshot(self.db)
        self.changed.emit(changes)

    def apply(self, command: Command) -> Applied | None:
        """Apply a command and make it undoable; on refusal show why and change nothing."""
        try:
            applied = self.service.apply(command)
        except NecstError as exc:
            self.report_error(exc)
            return None
        self.undo_stack.push(ServiceUndoCommand(self, applied))
        self.publish(applied.changes)
        return applied

    def apply_or_raise(self, command: Command) -> Applied:
        """Like :meth:`apply`, but a refusal raises (editors put the message next to the field)."""
        applied = self.service.apply(command)
        self.undo_stack.push(ServiceUndoCommand(self, applied))
        self.publish(applied.changes)
        return applied

    def entity(self, kind: str, id_: int) -> Any:
        from ..persistence import repository as repo

        with self.db.read() as s:
            return repo.get(s, kind, id_)
