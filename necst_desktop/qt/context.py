"""The window's connection to the services: the database, the undo stack and the change signal.

Every edit the window makes goes through :meth:`AppContext.apply`, which applies the command
through the editing service (audit, conflict check, permissions) and pushes a thin
:class:`QUndoCommand` whose undo and redo are built by :class:`services.undo.History` through the
same path (new audited changes, "Undo: Move booking K05-TIL-MEL").
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..domain.commands import Batch, Command, Restore, Retire, Update
from ..domain.errors import ConflictError, DatabaseError, NecstError
from ..services import messages, permissions
from ..services.database import Database
from ..services.editing import Actor, Applied, Changes, EditingService
from ..services.queries import Snapshot, load_snapshot
from ..services.undo import History, Step


class ServiceUndoCommand(QUndoCommand):
    """One user action on Qt's undo stack. Undo and redo are new, audited changes built by
    :class:`services.undo.History` on the versions saved now (derived slots recomputed, never
    restored from stale versions). A refusal (someone else changed the same record since) is
    shown in words with the choice to reload (the step is dropped) or to undo anyway."""

    def __init__(self, ctx: AppContext, applied: Applied) -> None:
        self._ctx = ctx
        self.step = ctx.history.record(applied)
        super().__init__(self.step.title)
        self._first = True

    def _flip(self, backward: bool) -> None:
        history = self._ctx.history
        try:
            applied = (history.undo_step if backward else history.redo_step)(self.step)
        except ConflictError as exc:
            self._refused(exc, backward)
            return
        except NecstError as exc:
            self._drop()
            self._ctx.report_error(exc)
            self._ctx.refresh()
            return
        self._ctx.publish(applied.changes)
        self._ctx.message.emit("status", (QCoreApplication.translate("ServiceUndoCommand", "Undone: {title}. Ctrl+Y redoes it.") if backward
                                         else QCoreApplication.translate("ServiceUndoCommand", "Redone: {title}. Ctrl+Z undoes it."))
                               .format(title=self.step.title))

    def _refused(self, exc: ConflictError, backward: bool) -> None:
        """Someone else changed a record of this step since: the step leaves the stack (nothing
        was saved) and the window offers to reload or to apply it anyway on top of theirs."""
        self._drop()
        self._ctx.refresh()
        handler = self._ctx.undo_conflict_handler
        if handler is not None:
            handler(exc, self.step, backward)
        else:
            self._ctx.report_error(exc)

    def _drop(self) -> None:
        # Qt removes an obsolete command from the stack once its undo()/redo() returns.
        self.setObsolete(True)
        self._ctx.history.drop(self.step)

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._flip(backward=False)

    def undo(self) -> None:
        self._flip(backward=True)


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
        #: this window's edits: tells its own changes from other users' and windows'
        self.history = History(self.service)
        self.undo_stack = QUndoStack(self)
        self.snapshot: Snapshot | None = None
        #: shows a ConflictError to the user (the window installs its dialog); None: a message
        self.conflict_handler: Callable[[ConflictError, Command], None] | None = None
        #: shows an undo/redo refused by someone else's change: (error, step, undo?); the
        #: window offers :meth:`force_step`. None: a message only
        self.undo_conflict_handler: Callable[[ConflictError, Step, bool], None] | None = None
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
        self.history = History(self.service)
        self.undo_stack.clear()
        self.unsaved = None
        self.actor_changed.emit(actor)
        self.unsaved_changed.emit()

    @property
    def snap(self) -> Snapshot:
        """The plan the window shows (read before any widget is shown, so never missing there)."""
        assert self.snapshot is not None, "the plan is read before the window shows it"
        return self.snapshot

    def may(self, what: str) -> bool:
        """May the signed-in user do ``what`` (an operation of the one role table,
        :data:`services.permissions.OPERATION_ROLES`)? For menus only: the services check."""
        return permissions.allowed(self.actor.roles, what)

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
            self.message.emit("status", self.tr("Could not re-read the plan: {exc}").format(exc=exc))
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
        if isinstance(exc, ConflictError):
            self.message.emit("error", str(exc))  # a sentence naming who changed what, and when
            return
        self.message.emit("error", self.tr("Not saved: {exc}").format(exc=exc))

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

    def reapply(self, command: Command) -> Applied | None:
        """'Re-apply mine on top' of someone else's change: the user's own changes on the
        versions saved now, changeovers and cleans recomputed; undoable and audited."""
        try:
            applied = self.history.reapply(command)
        except ConflictError as exc:  # a third save in between: say so again
            if self.conflict_handler is not None:
                self.conflict_handler(exc, command)
            else:
                self.report_error(exc)
            return None
        except NecstError as exc:
            self.report_error(exc)
            self.refresh()
            return None
        self.undo_stack.push(ServiceUndoCommand(self, applied))
        self.publish(applied.changes)
        return applied

    def force_step(self, step: Step, backward: bool) -> Applied | None:
        """Undo (or redo) a refused step anyway, on top of the other user's change: a new,
        audited and undoable change ("Undo: Move booking K05-TIL-MEL")."""
        try:
            applied = (self.history.undo_step if backward else self.history.redo_step)(
                step, force=True)
        except NecstError as exc:
            self.report_error(exc)
            self.refresh()
            return None
        self.undo_stack.push(ServiceUndoCommand(self, applied))
        self.publish(applied.changes)
        return applied

    def entity(self, kind: str, id_: int) -> Any:
        from ..services.queries import entity

        return entity(self.db, kind, id_)
