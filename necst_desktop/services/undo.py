"""Undo and redo of user actions to any depth, in an audited database that others edit too.

An undo is a new, audited change by the same user ("Undo: Move booking K05-TIL-MEL"), built at
the moment it is asked for, in one transaction:

- The records the action changed itself (the booking it moved, the campaign it cancelled, the
  shift it reassigned) are set back field by field, on the versions saved now. Only a record
  that *someone else* changed since (another user, or the same user in another window) blocks
  the undo: a :class:`ConflictError` that says who did what and when. A :class:`History` knows
  its own change numbers, so the versions left by its own later steps and undos never count
  against it (they did, and a second undo of the same booking failed against the user
  themselves).
- Derived records (changeovers and cleans) are never restored from old versions. In a suite that
  nobody else changed since, the bookings are back to exactly what they were, and so are their
  derived slots: the ones the action created are taken off and the ones it took off are put back
  (the same records, so roster assignments still point at them). In a suite someone else
  changed, the changeovers and cleans around the action are recomputed from the bookings as
  they are (:meth:`EditPlanner.rederive`).

Redo works the same way in the other direction ("Redo: Move booking K05-TIL-MEL").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.commands import Batch, Command, Create, Restore, Retire, Update
from ..domain.errors import NecstError, ValidationError
from ..persistence import repository as repo
from ..persistence.tables import AuditRow, SlotRow
from .audit_words import Names, as_datetime
from .editing import Applied, Do, EditingService, Touch, conflict_from_row

RECORD_ACTIONS = ("create", "update", "retire", "restore")


@dataclass
class Step:
    """One user action as undo and redo need it: what it touched, and when it was last applied."""

    title: str
    reason: str
    touches: tuple[Touch, ...]
    #: the change number of its last application (the action itself, its undo or its redo)
    seq: int
    undone: bool = False

    @property
    def primary(self) -> list[Touch]:
        return [t for t in self.touches if not t.derived]

    @property
    def derived(self) -> list[Touch]:
        return [t for t in self.touches if t.derived]

    @property
    def suites(self) -> set[int]:
        return {s for t in self.touches for s in t.suites}

    def window(self) -> tuple[datetime, datetime] | None:
        times = [x for t in self.touches for x in t.times]
        return (min(times), max(times)) if times else None


@dataclass
class History:
    """The edits of one window (or one command-line session): it tells its own changes from
    everybody else's, and undoes and redoes its steps."""

    service: EditingService
    #: change numbers written by this history (actions, undos, redos)
    mine: set[int] = field(default_factory=set)
    #: suites whose derived slots are always recomputed (a step there was dropped unfinished)
    tainted: set[int] = field(default_factory=set)

    def record(self, applied: Applied) -> Step:
        self.mine.add(applied.changes.seq)
        return Step(applied.title or applied.command.title, applied.command.reason,
                    tuple(applied.touches), applied.changes.seq)

    def apply(self, command: Command) -> tuple[Applied, Step]:
        applied = self.service.apply(command)
        return applied, self.record(applied)

    def undo_step(self, step: Step, *, force: bool = False) -> Applied:
        return self._flip(step, backward=True, force=force)

    def redo_step(self, step: Step, *, force: bool = False) -> Applied:
        return self._flip(step, backward=False, force=force)

    def drop(self, step: Step) -> None:
        """The step leaves the history unfinished: its suites' derived slots are recomputed from
        now on rather than put back."""
        self.tainted |= step.suites

    def reapply(self, command: Command) -> Applied:
        """'Re-apply mine on top' after a conflict: the user's own changes of ``command`` (whose
        versions the caller has brought up to date, so a save in between is still caught), with
        the changeovers and cleans around them recomputed from the bookings as they are (the
        ones in ``command`` were worked out on the old picture)."""
        own = [c for c in _flatten(command) if not c.derived]

        def build(session: Session, do: Do) -> None:
            suites: set[int] = set()
            times: list[datetime] = []
            for c in own:
                if isinstance(c, (Update, Retire, Restore)) and c.entity == "slot":
                    row = session.get(SlotRow, c.id)
                    if row is not None:
                        suites.add(row.suite_id)
                        times += [row.start, row.end]
                if isinstance(c, (Update, Create)) and c.entity == "slot":
                    values = c.changes if isinstance(c, Update) else c.values
                    if values.get("suite_id") is not None:
                        suites.add(int(values["suite_id"]))
                    times += [t for t in (as_datetime(values.get("start")),
                                          as_datetime(values.get("end"))) if t is not None]
                do(c)
            if suites and times:
                from .planning.edit_check import EditPlanner
                from .queries import snapshot_in

                session.flush()
                commands = EditPlanner(snapshot_in(session)).rederive(
                    suites, min(times), max(times), reason=command.reason)
                if isinstance(commands, str):
                    raise ValidationError("start", commands)
                for c in commands:
                    do(c)

        applied = self.service.apply(Batch(label=command.label, reason=command.reason),
                                     build=build)
        self.mine.add(applied.changes.seq)
        return applied

    # --- internals -----------------------------------------------------------------------

    def _flip(self, step: Step, *, backward: bool, force: bool) -> Applied:
        verb = "Undo" if backward else "Redo"
        title = f"{verb}: {step.title}"
        reason = step.reason

        def build(session: Session, do: Do) -> None:
            names = Names(session)
            primary = list(reversed(step.primary)) if backward else step.primary
            for t in primary:
                row = repo.get_row(session, t.entity, t.id, for_update=True)
                if not force:
                    theirs = self._foreign(session, t.entity, t.id, step.seq)
                    if theirs is not None:
                        raise conflict_from_row(
                            names, theirs, t.entity, repo.to_entity(t.entity, row), None,
                            ending=f"your {verb.lower()} of “{step.title}” was not saved")
                do(_command(t, backward, row.version, title, reason))
            dirty = (self._dirty_suites(session, step) | self.tainted) & step.suites
            derived = list(reversed(step.derived)) if backward else step.derived
            for t in derived:
                if set(t.suites) & dirty:
                    continue
                row = repo.get_row(session, t.entity, t.id, for_update=True)
                if _already(t, backward, bool(row.retired)):
                    continue
                do(_command(t, backward, row.version, title, reason))
            window = step.window()
            if dirty and window is not None:
                from .planning.edit_check import EditPlanner
                from .queries import snapshot_in

                session.flush()
                planner = EditPlanner(snapshot_in(session))
                commands = planner.rederive(dirty, window[0], window[1], reason=reason)
                if isinstance(commands, str):
                    raise ValidationError("start", commands)
                for c in commands:
                    do(c)

        applied = self.service.apply(Batch(label=title, reason=reason), title=title, build=build)
        self.mine.add(applied.changes.seq)
        step.seq = applied.changes.seq
        step.undone = backward
        return applied

    def _foreign(self, session: Session, entity: str, id_: int, since: int) -> AuditRow | None:
        """The newest change to a record since ``since`` that this history did not make."""
        rows = session.execute(
            select(AuditRow).where(AuditRow.entity == entity, AuditRow.entity_id == id_,
                                   AuditRow.change_seq > since,
                                   AuditRow.action.in_(RECORD_ACTIONS))
            .order_by(AuditRow.id.desc())).scalars()
        return next((r for r in rows if r.change_seq not in self.mine), None)

    def _dirty_suites(self, session: Session, step: Step) -> set[int]:
        """Suites in which someone else changed a booking, changeover or clean since the step."""
        rows = session.execute(
            select(AuditRow.change_seq, AuditRow.entity_id, AuditRow.old_values,
                   AuditRow.new_values)
            .where(AuditRow.entity == "slot", AuditRow.change_seq > step.seq,
                   AuditRow.action.in_(RECORD_ACTIONS))).all()
        out: set[int] = set()
        for seq, id_, old, new in rows:
            if seq in self.mine:
                continue
            slot = session.get(SlotRow, id_)
            if slot is not None:
                out.add(slot.suite_id)
            for values in (old, new):
                if values and values.get("suite_id") is not None:
                    out.add(int(values["suite_id"]))
        return out


def _flatten(command: Command) -> list[Command]:
    if isinstance(command, Batch):
        return [c for sub in command.commands for c in _flatten(sub)]
    return [command]


def _already(t: Touch, backward: bool, retired: bool) -> bool:
    """Is a derived record already as the undo (redo) would leave it?"""
    if t.action == "update":
        return False
    ends_retired = (t.action == "create") if backward else (t.action == "retire")
    if t.action == "restore":
        ends_retired = backward
    return retired == ends_retired


def _command(t: Touch, backward: bool, version: int, title: str, reason: str) -> Command:
    """The command that takes one touched record back (or forward again) from ``version``."""
    if t.action == "update":
        changes = dict((t.old if backward else t.new) or {})
        if "password_hash" in changes:
            raise NecstError("A password change cannot be undone; set a new password instead.")
        return Update(label=title, reason=reason, entity=t.entity, id=t.id, changes=changes,
                      expected_version=version, derived=t.derived)
    retire = {("create", True): True, ("create", False): False, ("retire", True): False,
              ("retire", False): True, ("restore", True): True, ("restore", False): False}
    cls = Retire if retire[(t.action, backward)] else Restore
    return cls(label=title, reason=reason, entity=t.entity, id=t.id, expected_version=version,
               derived=t.derived)


class UndoStack(History):
    """A plain undo stack over a :class:`History` (the command line and tests; the window uses
    Qt's QUndoStack over the same steps). A refused undo or redo leaves the stack as it was."""

    def __init__(self, service: EditingService) -> None:
        super().__init__(service)
        self.done: list[Step] = []
        self.undone: list[Step] = []

    def apply(self, command: Command) -> tuple[Applied, Step]:
        applied, step = super().apply(command)
        self.done.append(step)
        self.undone.clear()
        return applied, step

    def undo(self, *, force: bool = False) -> Applied:
        if not self.done:
            raise NecstError("There is nothing to undo.")
        applied = self.undo_step(self.done[-1], force=force)
        self.undone.append(self.done.pop())
        return applied

    def redo(self, *, force: bool = False) -> Applied:
        if not self.undone:
            raise NecstError("There is nothing to redo.")
        applied = self.redo_step(self.undone[-1], force=force)
        self.done.append(self.undone.pop())
        return applied

    def drop(self, step: Step) -> None:
        super().drop(step)
        for stack in (self.done, self.undone):
            if step in stack:
                stack.remove(step)

    def titles(self) -> Iterable[str]:
        return [s.title for s in self.done]
