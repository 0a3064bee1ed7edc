"""The one edit path: apply a command in one transaction, audit it, return its inverse.

Every change to GMP data (from the window, the command line, the optimizer or an import) comes
through :meth:`EditingService.apply`. In one write transaction it

1. takes the change counter row (which serialises writers: two workstations can never both save
   overlapping bookings),
2. checks the version the user saw against the stored one (optimistic locking: a stale save is a
   :class:`ConflictError`, never a silent overwrite),
3. validates the new values by building the domain entity,
4. writes the row through the ORM (whose version counter makes the UPDATE a compare-and-set),
5. writes one audit row per changed record with old and new values, the reason, the user and the
   database clock, chained by hash,

and returns an :class:`Applied` with the inverse command, the records it touched (what undo and
redo work from, see :mod:`services.undo`) and the change set that views use to refresh.

A user action is one transaction and one change number: its audit rows share that number and the
action's title in words ("Move booking K05-TIL-MEL"); the rows of changeovers and cleans
recomputed by it are marked derived, so that readers fold them under the action.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..domain.commands import Batch, Command, Create, Restore, Retire, Update
from ..domain.errors import ConflictError, NecstError, PermissionDeniedError, ValidationError
from ..domain.model import ENTITIES, Role, SlotKind
from ..domain.records import from_record, to_record
from ..persistence import repository as repo
from ..persistence.audit_chain import GENESIS, row_digest
from ..persistence.db import Database
from ..persistence.tables import ROWS, AuditRow, ChangeCounterRow, SlotRow
from . import permissions
from .audit_words import Names, as_datetime, at_words, past_tense, record_words, short_name


@dataclass(frozen=True)
class Actor:
    """Who is acting: the user name written into the audit trail and the roles checked."""

    username: str
    roles: frozenset[Role] = frozenset(Role)
    full_name: str = ""
    #: the signed-in session (services.auth); on PostgreSQL the server knows the user from it
    token: str = field(default="", repr=False, compare=False)


SYSTEM = Actor("system", frozenset(Role), "NECST system")


@dataclass
class Changes:
    """What a command changed: entity kind -> ids. Views refresh only what they show."""

    seq: int = 0
    entities: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))

    def touches(self, *kinds: str) -> bool:
        return any(self.entities.get(k) for k in kinds)

    def merge(self, other: Changes) -> None:
        self.seq = max(self.seq, other.seq)
        for kind, ids in other.entities.items():
            self.entities[kind] |= ids


@dataclass(frozen=True)
class Touch:
    """One record a command changed: what undo and redo work from (no versions: they are read
    again when the step is undone)."""

    entity: str
    id: int
    action: str  # create | update | retire | restore
    derived: bool
    #: the changed fields before and after (update); None for the other actions
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    #: for slots: the suites and instants before and after (where derived slots are recomputed)
    suites: tuple[int, ...] = ()
    times: tuple[datetime, ...] = ()
    #: the record in a title ("K05-TIL-MEL")
    short: str = ""


@dataclass
class Applied:
    command: Command
    inverse: Command
    changes: Changes
    created_ids: list[int] = field(default_factory=list)
    touches: list[Touch] = field(default_factory=list)
    #: the action in words, as the audit trail and the undo menu show it
    title: str = ""


#: applies a command inside the running transaction and returns its inverse
Do = Callable[[Command], Command]


@dataclass
class _Txn:
    session: Session
    actor: Actor
    command: Command
    now: datetime
    seq: int
    audit: list[dict[str, Any]] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)
    created: list[int] = field(default_factory=list)
    to_check: list[tuple[str, int]] = field(default_factory=list)
    touches: list[Touch] = field(default_factory=list)
    _names: Names | None = None

    @property
    def names(self) -> Names:
        if self._names is None:
            self._names = Names(self.session)
        return self._names


class EditingService:
    def __init__(self, db: Database, actor: Actor = SYSTEM) -> None:
        self.db = db
        self.actor = actor

    # --- public --------------------------------------------------------------------------

    def apply(self, command: Command, *, title: str = "",
              build: Callable[[Session, Do], None] | None = None) -> Applied:
        """Apply ``command`` atomically; raise a NecstError subclass (nothing saved) on refusal.

        With ``build``, the command's parts are decided inside the transaction (after the change
        counter is locked): ``build(session, do)`` reads what it needs and applies each part with
        ``do`` (undo and redo work so, see :mod:`services.undo`); ``command`` then only names the
        action. ``title`` overrides the action's title in words.
        """
        try:
            permissions.authorize(self.actor.roles, command)
        except PermissionDeniedError as exc:
            self.record_event("denied", "command", 0, {"command": command.title, "why": str(exc)},
                              reason=command.reason)
            raise
        denied: list[PermissionDeniedError] = []

        def work(session: Session) -> Applied:
            counter = take_counter(session)
            txn = _Txn(session, self.actor, command, self.db.db_now(session), counter.value)
            if build is None:
                inverse = self._apply(txn, command)
                applied_command = command
            else:
                parts: list[Command] = []
                inverses: list[Command] = []

                def do(part: Command) -> Command:
                    try:
                        permissions.authorize(self.actor.roles, part)
                    except PermissionDeniedError as exc:
                        denied.append(exc)
                        raise
                    inv = self._apply(txn, part)
                    parts.append(part)
                    inverses.append(inv)
                    return inv

                build(session, do)
                applied_command = Batch(label=command.label, reason=command.reason,
                                        commands=tuple(parts))
                inverse = Batch(label=_inverse_label(command), reason=command.reason,
                                commands=tuple(reversed(inverses)))
            # Invariants are checked once the whole command is applied, so that a batch may
            # swap two bookings without tripping over its own intermediate state.
            for kind, id_ in dict.fromkeys(txn.to_check):
                self._check_invariants(session, kind, repo.get(session, kind, id_))
            words = title or action_title(command.title, txn.touches)
            write_audit(session, counter, txn.now, self.actor.username, words,
                        command.reason, txn.audit)
            try:
                session.flush()
            except IntegrityError as exc:
                raise ValidationError("record", _integrity_message(exc)) from None
            txn.changes.seq = txn.seq
            notify_change(session, txn.seq)
            return Applied(applied_command, inverse, txn.changes, txn.created, txn.touches, words)

        try:
            result: Applied = self.db.run_write(work)
        except ConflictError:
            # Name the user's own record when it is one of the stale ones, rather than a
            # changeover recomputed around it (read afresh: the failed transaction is gone).
            with self.db.read() as session:
                primary = self._stale_primary(session, Names(session), command)
            if primary is not None:
                raise primary from None
            raise
        except StaleDataError:
            raise ConflictError("Someone else saved this record at the same moment; "
                                "nothing was overwritten. Reload and try again.") from None
        except PermissionDeniedError as exc:
            if denied:
                self.record_event("denied", "command", 0, {"command": command.title,
                                                           "why": str(exc)}, reason=command.reason)
            raise
        return result

    def authorize(self, operation: str) -> None:
        """Check a non-editing operation (export, import, optimize...) for this actor; a refusal
        is written to the audit trail like a refused command."""
        try:
            permissions.require(self.actor.roles, operation)
        except PermissionDeniedError as exc:
            self.record_event("denied", operation, 0, {"operation": operation, "why": str(exc)})
            raise

    def record_event(self, action: str, entity: str, entity_id: int, details: dict[str, Any],
                     *, reason: str = "", username: str | None = None) -> int:
        """Write an audit row for something that is not a data change (a refused command, a
        failed sign-in, a lock-out) into the same hash chain. Returns its change number."""

        def work(session: Session) -> int:
            counter = take_counter(session)
            write_audit(session, counter, self.db.db_now(session), username or self.actor.username,
                        action, reason, [{"action": action, "entity": entity, "entity_id": entity_id,
                                          "old_values": None, "new_values": details}])
            return counter.value

        seq: int = self.db.run_write(work)
        return seq

    # --- internals -----------------------------------------------------------------------

    def _stale_primary(self, session: Session, names: Names, cmd: Command) -> ConflictError | None:
        if isinstance(cmd, Batch):
            for sub in cmd.commands:
                found = self._stale_primary(session, names, sub)
                if found is not None:
                    return found
            return None
        if isinstance(cmd, (Update, Retire, Restore)) and not cmd.derived:
            row = session.get(ROWS[cmd.entity], cmd.id)
            if row is not None and row.version != cmd.expected_version:
                return stale_conflict(session, cmd.entity, repo.to_entity(cmd.entity, row),
                                      cmd.expected_version, names)
        return None

    def _apply(self, txn: _Txn, cmd: Command) -> Command:
        if isinstance(cmd, Batch):
            inverses = [self._apply(txn, c) for c in cmd.commands]
            return Batch(label=cmd.label, reason=cmd.reason, commands=tuple(reversed(inverses)))
        if isinstance(cmd, Create):
            return self._create(txn, cmd)
        if isinstance(cmd, Update):
            return self._update(txn, cmd)
        if isinstance(cmd, (Retire, Restore)):
            return self._set_retired(txn, cmd)
        raise TypeError(f"unknown command {type(cmd).__name__}")

    def _touch(self, txn: _Txn, cmd: Command, entity: str, id_: int, action: str,
               before: dict[str, Any] | None, after: dict[str, Any],
               old: dict[str, Any] | None, new: dict[str, Any] | None) -> None:
        """Remember the record for undo and write its audit entry (with the record in words)."""
        suites: tuple[int, ...] = ()
        times: tuple[datetime, ...] = ()
        if entity == "slot":
            states = [r for r in (before, after) if r]
            suites = tuple(dict.fromkeys(int(r["suite_id"]) for r in states))
            times = tuple(t for r in states for t in (as_datetime(r["start"]), as_datetime(r["end"]))
                          if t is not None)
        short = short_name(txn.names, entity, after)
        txn.touches.append(Touch(entity, id_, action, cmd.derived, old, new, suites, times, short))
        txn.audit.append({"action": action, "entity": entity, "entity_id": id_,
                          "old_values": old, "new_values": new, "derived": cmd.derived,
                          "record": record_words(txn.names, entity, after)[:300]})
        txn.changes.entities[entity].add(id_)

    def _create(self, txn: _Txn, cmd: Create) -> Command:
        cls = ENTITIES[cmd.entity]
        entity: Any = from_record(cls, dict(cmd.values))
        self._check_refs_and_unique(txn.session, cmd.entity, entity, None)
        row = ROWS[cmd.entity](**repo.to_columns(entity))
        txn.session.add(row)
        txn.session.flush()
        saved = repo.to_entity(cmd.entity, row)
        txn.to_check.append((cmd.entity, row.id))
        rec = to_record(saved)
        self._touch(txn, cmd, cmd.entity, row.id, "create", None, rec, None, _public(rec))
        txn.created.append(row.id)
        return Retire(label=_inverse_label(cmd), reason=cmd.reason, entity=cmd.entity, id=row.id,
                      expected_version=row.version, derived=cmd.derived)

    def _load_checked(self, txn: _Txn, entity: str, id_: int, expected: int) -> Any:
        row = repo.get_row(txn.session, entity, id_, for_update=True)
        if row.version != expected:
            current = repo.to_entity(entity, row)
            raise stale_conflict(txn.session, entity, current, expected, txn.names)
        return row

    def _update(self, txn: _Txn, cmd: Update) -> Command:
        row = self._load_checked(txn, cmd.entity, cmd.id, cmd.expected_version)
        cls = ENTITIES[cmd.entity]
        old = repo.to_entity(cmd.entity, row)
        old_rec = to_record(old)
        unknown = set(cmd.changes) - set(old_rec)
        if unknown:
            raise ValidationError(sorted(unknown)[0], f"is not a field of {cls.__name__}")
        merged = {**old_rec, **cmd.changes}
        new: Any = from_record(cls, merged)
        new_rec = to_record(new)
        changed = [k for k in cmd.changes if new_rec[k] != old_rec[k]]
        if not changed:
            return Batch(label=cmd.label)
        self._check_refs_and_unique(txn.session, cmd.entity, new, cmd.id)
        for name, value in repo.to_columns(new).items():
            if name in changed:
                setattr(row, name, value)
        txn.session.flush()
        txn.to_check.append((cmd.entity, cmd.id))
        self._touch(txn, cmd, cmd.entity, cmd.id, "update", old_rec, new_rec,
                    _public({k: old_rec[k] for k in changed}),
                    _public({k: new_rec[k] for k in changed}))
        return Update(label=_inverse_label(cmd), reason=cmd.reason, entity=cmd.entity,
                      id=cmd.id, changes={k: old_rec[k] for k in changed},
                      expected_version=row.version, derived=cmd.derived)

    def _set_retired(self, txn: _Txn, cmd: Retire | Restore) -> Command:
        row = self._load_checked(txn, cmd.entity, cmd.id, cmd.expected_version)
        target = isinstance(cmd, Retire)
        if row.retired == target:
            return Batch(label=cmd.label)
        row.retired = target
        txn.session.flush()
        if not target:
            txn.to_check.append((cmd.entity, cmd.id))
        rec = to_record(repo.to_entity(cmd.entity, row))
        self._touch(txn, cmd, cmd.entity, cmd.id, "retire" if target else "restore", rec, rec,
                    {"retired": not target}, {"retired": target})
        inverse_cls = Restore if target else Retire
        return inverse_cls(label=_inverse_label(cmd), reason=cmd.reason, entity=cmd.entity,
                           id=cmd.id, expected_version=row.version, derived=cmd.derived)

    def _check_refs_and_unique(self, session: Session, kind: str, entity: Any,
                               own_id: int | None) -> None:
        for f in dataclasses.fields(entity):
            target = repo.REFERENCES.get(f.name)
            value = getattr(entity, f.name)
            if target and value is not None:
                row_cls = ROWS[target]
                if session.get(row_cls, value) is None:
                    raise ValidationError(f.name, f"there is no {repo.KIND_LABEL[target]} with id {value}")
        row_cls = ROWS[kind]
        for unique_field in ("code", "username"):
            if hasattr(entity, unique_field):
                col = getattr(row_cls, unique_field)
                stmt = select(row_cls.id).where(col == getattr(entity, unique_field))
                if own_id is not None:
                    stmt = stmt.where(row_cls.id != own_id)
                if session.execute(stmt).first() is not None:
                    raise ValidationError(unique_field, f"'{getattr(entity, unique_field)}' is "
                                          f"already used by another {repo.KIND_LABEL[kind]}")

    def _check_invariants(self, session: Session, kind: str, entity: Any) -> None:
        """Rules the database itself must never hold broken, whatever the client does."""
        if kind == "slot" and not entity.retired:
            # A routine clean may run inside a campaign booking (closed processing; the planning
            # checker keeps it out of open processing); every other pair of bookings excludes.
            stmt = select(SlotRow).where(SlotRow.suite_id == entity.suite_id,
                                         SlotRow.retired.is_(False), SlotRow.id != entity.id,
                                         SlotRow.start < entity.end, SlotRow.end > entity.start)
            if entity.kind == SlotKind.CLEANING:
                stmt = stmt.where(SlotRow.kind != SlotKind.CAMPAIGN.value)
            elif entity.kind == SlotKind.CAMPAIGN:
                stmt = stmt.where(SlotRow.kind != SlotKind.CLEANING.value)
            clash = session.execute(stmt.limit(1)).scalar_one_or_none()
            if clash is not None:
                other = repo.to_entity("slot", clash)
                what = _slot_words(session, other)
                raise ValidationError(
                    "start", f"the suite is already booked from {other.start:%Y-%m-%d %H:%M} to "
                    f"{other.end:%Y-%m-%d %H:%M} UTC by {what}; two bookings cannot overlap")


def take_counter(session: Session) -> ChangeCounterRow:
    """Lock the change counter row for this transaction and step it (serialises all writers)."""
    counter = session.execute(
        select(ChangeCounterRow).where(ChangeCounterRow.id == 1).with_for_update()
    ).scalar_one_or_none()
    if counter is None:
        counter = ChangeCounterRow(id=1, value=0, last_hash="")
        session.add(counter)
        session.flush()
    counter.value += 1
    return counter


AUDIT_FIELDS = ("id", "at", "username", "action", "command", "entity", "entity_id", "old_values",
                "new_values", "reason", "change_seq", "record", "derived")


def write_audit(session: Session, counter: ChangeCounterRow, now: datetime, username: str,
                command: str, reason: str, entries: list[dict[str, Any]]) -> None:
    """Append audit rows, each hash-chained to the one before. The only place audit rows are
    written. An entry may carry ``record`` (the record in words) and ``derived`` (a recomputed
    changeover or clean, folded under the action when shown)."""
    prev = counter.last_hash or GENESIS
    # Rows are written once and never updated (the application role may not UPDATE them on
    # PostgreSQL), so the id that the hash covers is taken before the INSERT; writers are
    # serialised by the counter row lock, so max(id) + 1 is safe.
    next_id = int(session.execute(select(func.max(AuditRow.id))).scalar() or 0) + 1
    for entry in entries:
        entry = {"record": "", "derived": False, **entry}
        row = AuditRow(id=next_id, at=now, username=username, change_seq=counter.value,
                       command=command[:200], reason=reason, prev_hash=prev, **entry)
        row.row_hash = row_digest(prev, {c: getattr(row, c) for c in AUDIT_FIELDS})
        session.add(row)
        prev = row.row_hash
        next_id += 1
    session.flush()
    if entries:
        counter.last_hash = prev


def notify_change(session: Session, seq: int) -> None:
    """Wake other workstations (PostgreSQL LISTEN/NOTIFY; delivered only if the commit succeeds)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_notify('necst_changes', :seq)"), {"seq": str(seq)})


def action_title(title: str, touches: list[Touch]) -> str:
    """The action's title in words: the command's label with the records it is about
    ("Move booking" -> "Move booking K05-TIL-MEL"); derived records are left out."""
    if title.startswith(("Undo: ", "Redo: ")):
        return title
    names = list(dict.fromkeys(t.short for t in touches if not t.derived and t.short))
    if not names or any(n in title for n in names):
        return title
    if len(names) <= 3:
        return f"{title} {', '.join(names)}"
    return f"{title} ({', '.join(names[:2])} and {len(names) - 2} more)"


def stale_conflict(session: Session, entity: str, current: Any, expected: int,
                   names: Names | None = None) -> ConflictError:
    """A version conflict in words: who changed the record, what they did and when, from the
    newest audit row about it ("Marieke Planner moved K05-TIL-MEL to Suite 3 at 14:12")."""
    names = names or Names(session)
    last = session.execute(
        select(AuditRow).where(AuditRow.entity == entity, AuditRow.entity_id == current.id,
                               AuditRow.action.in_(("create", "update", "retire", "restore")))
        .order_by(AuditRow.id.desc()).limit(1)).scalar_one_or_none()
    return conflict_from_row(names, last, entity, current, expected)


def conflict_from_row(names: Names, row: AuditRow | None, entity: str, current: Any,
                      expected: int | None, *, ending: str = "your change was not saved") -> ConflictError:
    rec = to_record(current)
    what = record_words(names, entity, rec)
    if row is None:
        sentence = f"Someone else changed {what} since you opened it"
        who = ""
    else:
        who = names.full_name(row.username)
        clause = past_tense(names, row.action, entity, row.record or what,
                            short_name(names, entity, rec), row.old_values, row.new_values)
        via = f" ({row.command})" if row.command.startswith(("Undo: ", "Redo: ")) else ""
        sentence = f"{who} {clause}{via} {at_words(names, row.at)}"
    return ConflictError(f"{sentence}; {ending}. Nothing was overwritten.", entity=entity,
                         entity_id=current.id, expected_version=expected,
                         actual_version=current.version, theirs=rec, by=who,
                         by_username=row.username if row is not None else "",
                         at=row.at if row is not None else None, what=sentence)


def _inverse_label(cmd: Command) -> str:
    title = cmd.title
    return title[len("Undo: "):] if title.startswith("Undo: ") else f"Undo: {title}"


def _slot_words(session: Session, slot: Any) -> str:
    if slot.kind == SlotKind.CAMPAIGN and slot.campaign_id is not None:
        camp = repo.get(session, "campaign", slot.campaign_id)
        return f"campaign {camp.code}"
    return f"a {slot.kind.value} slot" + (f" ({slot.label})" if slot.label else "")


def _public(record: dict[str, Any]) -> dict[str, Any]:
    """Never write secrets into the audit trail."""
    return {k: ("<changed>" if k == "password_hash" else v) for k, v in record.items()}


def _integrity_message(exc: IntegrityError) -> str:
    text = str(exc.orig).lower()
    if "unique" in text or "duplicate" in text:
        return "a record with the same code already exists"
    if "foreign key" in text:
        return "it refers to a record that does not exist"
    return "the database refused the change"


__all__ = ["SYSTEM", "Actor", "Applied", "Changes", "EditingService", "NecstError"]
