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

and returns an :class:`Applied` with the inverse command (the undo) and the change set that views
use to refresh.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
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


@dataclass
class Applied:
    command: Command
    inverse: Command
    changes: Changes
    created_ids: list[int] = field(default_factory=list)


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


class EditingService:
    def __init__(self, db: Database, actor: Actor = SYSTEM) -> None:
        self.db = db
        self.actor = actor

    # --- public --------------------------------------------------------------------------

    def apply(self, command: Command) -> Applied:
        """Apply ``command`` atomically; raise a NecstError subclass (nothing saved) on refusal."""
        try:
            permissions.authorize(self.actor.roles, command)
        except PermissionDeniedError as exc:
            self.record_event("denied", "command", 0, {"command": command.title, "why": str(exc)},
                              reason=command.reason)
            raise

        def work(session: Session) -> Applied:
            counter = take_counter(session)
            txn = _Txn(session, self.actor, command, self.db.db_now(session), counter.value)
            inverse = self._apply(txn, command)
            # Invariants are checked once the whole command is applied, so that a batch may
            # swap two bookings without tripping over its own intermediate state.
            for kind, id_ in dict.fromkeys(txn.to_check):
                self._check_invariants(session, kind, repo.get(session, kind, id_))
            write_audit(session, counter, txn.now, self.actor.username, command.title,
                        command.reason, txn.audit)
            try:
                session.flush()
            except IntegrityError as exc:
                raise ValidationError("record", _integrity_message(exc)) from None
            txn.changes.seq = txn.seq
            notify_change(session, txn.seq)
            return Applied(command, inverse, txn.changes, txn.created)

        try:
            result: Applied = self.db.run_write(work)
        except StaleDataError:
            raise ConflictError("Someone else saved this record at the same moment; "
                                "nothing was overwritten. Reload and try again.") from None
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

    def _create(self, txn: _Txn, cmd: Create) -> Command:
        cls = ENTITIES[cmd.entity]
        entity: Any = from_record(cls, dict(cmd.values))
        self._check_refs_and_unique(txn.session, cmd.entity, entity, None)
        row = ROWS[cmd.entity](**repo.to_columns(entity))
        txn.session.add(row)
        txn.session.flush()
        saved = repo.to_entity(cmd.entity, row)
        txn.to_check.append((cmd.entity, row.id))
        txn.audit.append({"action": "create", "entity": cmd.entity, "entity_id": row.id,
                          "old_values": None, "new_values": _public(to_record(saved))})
        txn.changes.entities[cmd.entity].add(row.id)
        txn.created.append(row.id)
        return Retire(label=_inverse_label(cmd), reason=cmd.reason, entity=cmd.entity, id=row.id,
                      expected_version=row.version)

    def _load_checked(self, txn: _Txn, entity: str, id_: int, expected: int) -> Any:
        row = repo.get_row(txn.session, entity, id_, for_update=True)
        if row.version != expected:
            current = repo.to_entity(entity, row)
            raise ConflictError(
                f"This {repo.KIND_LABEL[entity]} was changed by someone else since you opened it "
                f"(your version {expected}, saved version {row.version}); nothing was overwritten.",
                entity=entity, entity_id=id_, expected_version=expected,
                actual_version=row.version, theirs=to_record(current))
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
        txn.audit.append({"action": "update", "entity": cmd.entity, "entity_id": cmd.id,
                          "old_values": _public({k: old_rec[k] for k in changed}),
                          "new_values": _public({k: new_rec[k] for k in changed})})
        txn.changes.entities[cmd.entity].add(cmd.id)
        return Update(label=_inverse_label(cmd), reason=cmd.reason, entity=cmd.entity,
                      id=cmd.id, changes={k: old_rec[k] for k in changed},
                      expected_version=row.version)

    def _set_retired(self, txn: _Txn, cmd: Retire | Restore) -> Command:
        row = self._load_checked(txn, cmd.entity, cmd.id, cmd.expected_version)
        target = isinstance(cmd, Retire)
        if row.retired == target:
            return Batch(label=cmd.label)
        row.retired = target
        txn.session.flush()
        if not target:
            txn.to_check.append((cmd.entity, cmd.id))
        txn.audit.append({"action": "retire" if target else "restore", "entity": cmd.entity,
                          "entity_id": cmd.id, "old_values": {"retired": not target},
                          "new_values": {"retired": target}})
        txn.changes.entities[cmd.entity].add(cmd.id)
        inverse_cls = Restore if target else Retire
        return inverse_cls(label=_inverse_label(cmd), reason=cmd.reason, entity=cmd.entity,
                           id=cmd.id, expected_version=row.version)

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
                "new_values", "reason", "change_seq")


def write_audit(session: Session, counter: ChangeCounterRow, now: datetime, username: str,
                command: str, reason: str, entries: list[dict[str, Any]]) -> None:
    """Append audit rows, each hash-chained to the one before."""
    prev = counter.last_hash or GENESIS
    # Rows are written once and never updated (the application role may not UPDATE them on
    # PostgreSQL), so the id that the hash covers is taken before the INSERT; writers are
    # serialised by the counter row lock, so max(id) + 1 is safe.
    next_id = int(session.execute(select(func.max(AuditRow.id))).scalar() or 0) + 1
    for entry in entries:
        row = AuditRow(id=next_id, at=now, username=username, change_seq=counter.value,
                       command=command, reason=reason, prev_hash=prev, **entry)
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
