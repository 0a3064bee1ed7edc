"""The window's connection to the services: the database, the undo stack and the change signal.

Every edit the window makes goes through :meth:`AppContext.apply`, which applies the command
through the editing service (audit, conflict check, permissions) and pushes a thin
:class:`QUndoCommand` whose undo applies the inverse command through the same path.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..domain.commands import Batch, Command, Restore, Retire, Update
from ..domain.errors import ConflictError, DatabaseError, NecstError
from ..persistence.db import Database
from ..services import messages, permissions
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
    #: emitted with (connected, text) when the connection to the database drops or comes back
    connection = Signal(bool, str)
    #: emitted with the new Actor after sign-in as another user
    actor_changed = Signal(object)
    #: emitted when an unsaved (failed) edit is kept or dropped
    unsaved_changed = Signal()
    # from the watcher's thread; queued to this object's (the GUI) thread
    _remote_change = Signal(int)
    _watch_status = Signal(bool, str)

    def __init__(self, db: Database, actor: Actor, parent: QObject | None = None, *,
                 signed_in: bool | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        #: False when the local user skipped sign-in (SQLite, sign-in optional)
        self.signed_in = (not actor.username.startswith("local:")) if signed_in is None else signed_in
        self.db.session_token = actor.token  # who the server sees acting (PostgreSQL)
        self.service = EditingService(db, actor)
        self.undo_stack = QUndoStack(self)
        self.snapshot: Snapshot | None = None
        #: shows a ConflictError to the user (the window installs its dialog); None: a message
        self.conflict_handler: Callable[[ConflictError, Command], None] | None = None
        #: the last edit that failed because the database could not be reached (kept to retry)
        self.unsaved: Command | None = None
        self.connected = True
        self.watcher: Any = None
        #: seconds from a remote change's notification to the refreshed snapshot (last one)
        self.last_remote_latency: float | None = None
        self._remote_at: float | None = None
        self._refresh_soon = QTimer(self)
        self._refresh_soon.setSingleShot(True)
        self._refresh_soon.setInterval(30)  # coalesce a burst of remote changes
        self._refresh_soon.timeout.connect(self._remote_refresh)
        self._remote_change.connect(self._on_remote_change)
        self._watch_status.connect(self._on_watch_status)
        messages.add_sink(self._sink)

    def close(self) -> None:
        self.stop_watching()
        messages.remove_sink(self._sink)
        self.db.dispose()

    # --- who is signed in --------------------------------------------------------------------

    def set_actor(self, actor: Actor, *, signed_in: bool = True) -> None:
        """Another user signed in: their roles from now on; the previous user's undo is dropped
        (undoing someone else's edit under a new name would misattribute it)."""
        self.actor = actor
        self.signed_in = signed_in
        self.db.session_token = actor.token
        self.service = EditingService(self.db, actor)
        self.undo_stack.clear()
        self.unsaved = None
        self.actor_changed.emit(actor)
        self.unsaved_changed.emit()

    def may(self, what: str) -> bool:
        """May the signed-in user do ``what`` (an operation of the one role table,
        :data:`services.permissions.OPERATION_ROLES`)? For menus only: the services check."""
        return permissions.allowed(self.actor.roles, what.replace("_", "-"))

    # --- live updates ------------------------------------------------------------------------

    def start_watching(self, poll_s: float = 0.5, reconnect_s: float = 2.0) -> None:
        """Follow changes made by other workstations (LISTEN/NOTIFY, or polling on SQLite)."""
        from ..services.live import ChangeWatcher
        from ..services.queries import change_seq

        if self.watcher is not None:
            return
        seq = self.snapshot.seq if self.snapshot is not None else change_seq(self.db)
        self.watcher = ChangeWatcher(self.db, self._remote_change.emit,
                                     on_status=self._watch_status.emit, poll_s=poll_s,
                                     reconnect_s=reconnect_s)
        self.watcher.start(seq)

    def stop_watching(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None

    def _on_remote_change(self, seq: int) -> None:
        if self.snapshot is not None and seq <= self.snapshot.seq:
            return  # our own edit, already shown
        if self._remote_at is None:
            self._remote_at = time.perf_counter()
        self._refresh_soon.start()

    def _remote_refresh(self) -> None:
        try:
            self.refresh()
        except NecstError as exc:
            self.message.emit("status", f"Could not re-read the plan: {exc}")
            return
        if self._remote_at is not None:
            self.last_remote_latency = time.perf_counter() - self._remote_at
            self._remote_at = None

    def _on_watch_status(self, ok: bool, text: str) -> None:
        self.set_connected(ok, text)

    def set_connected(self, ok: bool, text: str = "") -> None:
        if ok == self.connected:
            return
        self.connected = ok
        self.connection.emit(ok, text)
        if ok:
            self._remote_refresh()

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
        """Apply a command and make it undoable; on refusal show why and change nothing.

        A conflict (someone saved the record since) goes to :attr:`conflict_handler`, which
        shows both versions; an unreachable database keeps the command in :attr:`unsaved`.
        """
        try:
            applied = self.service.apply(command)
        except ConflictError as exc:
            if self.conflict_handler is not None:
                self.conflict_handler(exc, command)
            else:
                self.report_error(exc)
            return None
        except DatabaseError as exc:
            self.unsaved = command
            self.unsaved_changed.emit()
            self.report_error(exc)
            return None
        except NecstError as exc:
            self.report_error(exc)
            return None
        if self.unsaved is command:
            self.unsaved = None
            self.unsaved_changed.emit()
        self.undo_stack.push(ServiceUndoCommand(self, applied))
        self.publish(applied.changes)
        return applied

    def retry_unsaved(self) -> Applied | None:
        """Apply the kept edit again (after the connection came back); versions still checked."""
        command = self.unsaved
        if command is None:
            return None
        return self.apply(command)

    def discard_unsaved(self) -> None:
        self.unsaved = None
        self.unsaved_changed.emit()

    def rebase(self, command: Command) -> Command:
        """The same intended changes, on top of the versions saved now (for 'Re-apply mine')."""
        if isinstance(command, Batch):
            return dataclasses.replace(command, commands=tuple(self.rebase(c) for c in command.commands))
        if isinstance(command, (Update, Retire, Restore)):
            current = self.entity(command.entity, command.id)
            return dataclasses.replace(command, expected_version=current.version)
        return command

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
