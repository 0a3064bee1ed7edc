"""The one edit path: audit rows, undo, optimistic locking, invariants and permissions."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from necst_desktop.domain.commands import Batch, Create, Retire, Update, move_slot
from necst_desktop.domain.errors import ConflictError, PermissionDeniedError, ValidationError
from necst_desktop.domain.model import Role
from necst_desktop.persistence import repository as repo
from necst_desktop.persistence.audit_chain import GENESIS, row_digest
from necst_desktop.persistence.db import Database
from necst_desktop.persistence.tables import AuditRow, SuiteRow
from necst_desktop.services.editing import Actor, EditingService

T0 = datetime(2026, 12, 7, 6, tzinfo=UTC)


def audit_rows(db: Database) -> list[AuditRow]:
    with db.read() as s:
        return list(s.execute(select(AuditRow).order_by(AuditRow.id)).scalars())


def _facility(ed: EditingService) -> dict[str, int]:
    suite = ed.apply(Create(entity="suite", values={"code": "S1", "name": "Suite 1"})).created_ids[0]
    client = ed.apply(Create(entity="client", values={"code": "C1", "name": "Client 1"})).created_ids[0]
    product = ed.apply(Create(entity="product", values={"code": "P1", "name": "P", "client_id": client,
                                                        "modality": "aav-vector"})).created_ids[0]
    camp = ed.apply(Create(entity="campaign", values={
        "code": "K1", "client_id": client, "product_id": product, "duration_hours": 24.0,
        "earliest_start": T0.isoformat()})).created_ids[0]
    slot = ed.apply(Create(entity="slot", values={
        "kind": "campaign", "suite_id": suite, "campaign_id": camp, "start": T0.isoformat(),
        "end": (T0 + timedelta(hours=24)).isoformat()})).created_ids[0]
    return {"suite": suite, "client": client, "product": product, "campaign": camp, "slot": slot}


def test_one_audit_row_per_command_with_old_and_new_values(db: Database) -> None:
    """Changing a suite's name writes exactly one audit row: who, what, old, new and why."""
    ed = EditingService(db, Actor("eva", frozenset({Role.PLANNER})))
    sid = ed.apply(Create(entity="suite", values={"code": "S1", "name": "Suite 1"})).created_ids[0]
    before = len(audit_rows(db))
    ed.apply(Update(entity="suite", id=sid, changes={"name": "Isolator suite", "max_occupancy": 3},
                    expected_version=1, reason="renamed after requalification"))
    rows = audit_rows(db)
    assert len(rows) == before + 1
    row = rows[-1]
    assert (row.username, row.action, row.entity, row.entity_id) == ("eva", "update", "suite", sid)
    assert row.old_values == {"name": "Suite 1", "max_occupancy": 4}
    assert row.new_values == {"name": "Isolator suite", "max_occupancy": 3}
    assert row.reason == "renamed after requalification"
    assert abs((row.at - datetime.now(UTC)).total_seconds()) < 120


def test_undo_restores_and_redo_reapplies(db: Database) -> None:
    """The inverse command returned by apply is the undo; its inverse is the redo."""
    ed = EditingService(db)
    ids = _facility(ed)
    with db.read() as s:
        slot = repo.get(s, "slot", ids["slot"])
    moved = ed.apply(move_slot(slot, T0 + timedelta(days=2)))
    with db.read() as s:
        assert repo.get(s, "slot", ids["slot"]).start == T0 + timedelta(days=2)
    undone = ed.apply(moved.inverse)
    with db.read() as s:
        back = repo.get(s, "slot", ids["slot"])
    assert (back.start, back.end) == (slot.start, slot.end)
    assert undone.inverse.title == "Move booking"
    ed.apply(undone.inverse)
    with db.read() as s:
        assert repo.get(s, "slot", ids["slot"]).start == T0 + timedelta(days=2)


def test_undo_of_create_retires_never_deletes(db: Database) -> None:
    """Undoing a creation hides the record (retired) but keeps it and its history."""
    ed = EditingService(db)
    applied = ed.apply(Create(entity="client", values={"code": "C9", "name": "Client 9"}))
    ed.apply(applied.inverse)
    with db.read() as s:
        client = repo.get(s, "client", applied.created_ids[0])
        assert client.retired
        assert repo.list_all(s, "client") == []
    assert [r.action for r in audit_rows(db)][-2:] == ["create", "retire"]


def test_stale_version_is_a_conflict_not_an_overwrite(db: Database) -> None:
    """Two workstations read version 1; the second save is refused and the first one kept."""
    ed = EditingService(db)
    sid = ed.apply(Create(entity="suite", values={"code": "S1", "name": "Suite 1"})).created_ids[0]
    ed.apply(Update(entity="suite", id=sid, changes={"name": "Mine"}, expected_version=1))
    with pytest.raises(ConflictError) as info:
        ed.apply(Update(entity="suite", id=sid, changes={"name": "Theirs"}, expected_version=1))
    assert info.value.theirs["name"] == "Mine"
    # in words: who changed what, and that nothing of this change was saved
    assert "system changed the name of suite Mine" in str(info.value)
    assert "your change was not saved" in str(info.value)
    with db.read() as s:
        assert repo.get(s, "suite", sid).name == "Mine"


def test_orm_update_is_compare_and_set(db: Database) -> None:
    """Even a writer that skipped the version check cannot overwrite: the UPDATE checks the version."""
    from sqlalchemy.orm.exc import StaleDataError

    ed = EditingService(db)
    sid = ed.apply(Create(entity="suite", values={"code": "S1", "name": "Suite 1"})).created_ids[0]
    from sqlalchemy.orm import Session

    session = Session(db.engine, expire_on_commit=False)  # a plain session: it only takes the write lock when it flushes
    row = session.get(SuiteRow, sid)
    session.commit()  # end the read transaction; the loaded row keeps version 1 in memory
    assert row is not None
    ed.apply(Update(entity="suite", id=sid, changes={"name": "Meanwhile"}, expected_version=1))
    row.name = "Late writer"
    with pytest.raises(StaleDataError):
        session.commit()
    session.close()


def test_overlapping_bookings_are_refused(db: Database) -> None:
    """A second booking overlapping the first in the same suite is refused, naming the clash."""
    ed = EditingService(db)
    ids = _facility(ed)
    n_audit = len(audit_rows(db))

    def slot(kind: str, start_h: float, end_h: float) -> Create:
        return Create(entity="slot", values={
            "kind": kind, "suite_id": ids["suite"], "label": kind,
            "start": (T0 + timedelta(hours=start_h)).isoformat(),
            "end": (T0 + timedelta(hours=end_h)).isoformat()})

    with pytest.raises(ValidationError, match=r"already booked .* campaign K1"):
        ed.apply(slot("maintenance", 23, 25))
    assert len(audit_rows(db)) == n_audit
    ed.apply(slot("changeover", 24, 28))  # touching end-to-start is fine
    with pytest.raises(ValidationError, match="changeover"):
        ed.apply(slot("cleaning", 27, 29))  # a clean never overlaps a changeover
    # a routine clean inside a (closed-processing) campaign booking is allowed
    ed.apply(slot("cleaning", 10, 11))


def test_batch_is_all_or_nothing(db: Database) -> None:
    """When one command of a batch fails, nothing of the batch is saved and no audit row written."""
    ed = EditingService(db)
    n = len(audit_rows(db))
    with pytest.raises(ValidationError):
        ed.apply(Batch(label="Import", commands=(
            Create(entity="client", values={"code": "A1", "name": "A"}),
            Create(entity="client", values={"code": "A1", "name": "duplicate code"}),
        )))
    with db.read() as s:
        assert s.execute(select(func.count()).select_from(AuditRow)).scalar_one() == n
        assert repo.list_all(s, "client") == []


def test_swap_in_one_batch_is_allowed(db: Database) -> None:
    """Invariants are checked after the whole batch, so two bookings can swap places in one step."""
    ed = EditingService(db)
    ids = _facility(ed)
    with db.read() as s:
        a = repo.get(s, "slot", ids["slot"])
    b_id = ed.apply(Create(entity="slot", values={
        "kind": "maintenance", "suite_id": ids["suite"], "start": (T0 + timedelta(hours=24)).isoformat(),
        "end": (T0 + timedelta(hours=48)).isoformat(), "label": "service"})).created_ids[0]
    with db.read() as s:
        b = repo.get(s, "slot", b_id)
    ed.apply(Batch(label="Swap", commands=(move_slot(a, T0 + timedelta(hours=24)),
                                           move_slot(b, T0))))
    with db.read() as s:
        assert repo.get(s, "slot", ids["slot"]).start == T0 + timedelta(hours=24)


def test_validation_happens_in_the_service(db: Database) -> None:
    """A bad value sent straight to the service is refused with the field named; nothing is saved."""
    ed = EditingService(db)
    with pytest.raises(ValidationError) as info:
        ed.apply(Create(entity="suite", values={"code": "S1", "name": "Suite 1", "max_occupancy": 0}))
    assert info.value.field == "max_occupancy"
    with pytest.raises(ValidationError) as info:
        ed.apply(Create(entity="product", values={"code": "P1", "name": "P", "client_id": 999,
                                                  "modality": "aav-vector"}))
    assert info.value.field == "client_id"


def test_permissions_are_checked_where_data_changes(db: Database) -> None:
    """An operator cannot change users or suites; only QA may release a changeover."""
    admin = EditingService(db)
    ids = _facility(admin)
    operator = EditingService(db, Actor("olaf", frozenset({Role.OPERATOR})))
    with pytest.raises(PermissionDeniedError, match="admin"):
        operator.apply(Create(entity="user", values={"username": "x1", "full_name": "X"}))
    with pytest.raises(PermissionDeniedError):
        operator.apply(Update(entity="suite", id=ids["suite"], changes={"name": "n"}, expected_version=1))
    with pytest.raises(PermissionDeniedError, match="qa"):
        EditingService(db, Actor("pia", frozenset({Role.PLANNER}))).apply(
            Update(entity="slot", id=ids["slot"], changes={"released": True}, expected_version=1))
    EditingService(db, Actor("quirine", frozenset({Role.QA}))).apply(
        Update(entity="slot", id=ids["slot"], changes={"released": True}, expected_version=1))


def test_audit_rows_are_hash_chained(db: Database) -> None:
    """Each audit row's hash covers its content and the previous hash (tamper evidence)."""
    ed = EditingService(db)
    _facility(ed)
    prev = GENESIS
    for row in audit_rows(db):
        data = {c: getattr(row, c) for c in ("id", "at", "username", "action", "command", "entity",
                                             "entity_id", "old_values", "new_values", "reason",
                                             "change_seq", "record", "derived")}
        assert row.prev_hash == prev
        assert row.row_hash == row_digest(prev, data)
        # the record's words and the derived mark are covered: changing either breaks the hash
        assert row_digest(prev, {**data, "record": data["record"] + "x"}) != row.row_hash
        assert row_digest(prev, {**data, "derived": not data["derived"]}) != row.row_hash
        prev = row.row_hash


def test_no_command_can_touch_the_audit_trail() -> None:
    """The audit trail is not an entity: no command can create, change or retire its rows."""
    for cmd in (lambda: Update(entity="audit_log", id=1), lambda: Retire(entity="audit", id=1)):
        with pytest.raises(ValueError, match="unknown entity"):
            cmd()


def test_concurrent_writers_never_double_book(db: Database) -> None:
    """Two writers booking overlapping slots at the same moment: exactly one is saved."""
    ed = EditingService(db)
    ids = _facility(ed)
    start = T0 + timedelta(days=3)
    results: list[str] = []
    barrier = threading.Barrier(2)

    def book(label: str) -> None:
        other = EditingService(db)
        barrier.wait()
        try:
            other.apply(Create(entity="slot", values={
                "kind": "maintenance", "suite_id": ids["suite"], "start": start.isoformat(),
                "end": (start + timedelta(hours=5)).isoformat(), "label": label}))
            results.append("saved")
        except ValidationError:
            results.append("refused")

    threads = [threading.Thread(target=book, args=(f"w{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["refused", "saved"]


def test_undo_to_any_depth_and_a_refusal_in_words_on_both_databases(db: Database) -> None:
    """Three moves of one booking undone newest first and redone (the same user never meets a
    'someone else' conflict against themselves); then another user's move of that booking
    blocks the undo, named with their full name and what they did."""
    from necst_desktop.services.undo import UndoStack

    ids = _facility(EditingService(db))
    EditingService(db).apply(Create(entity="user", values={
        "username": "marieke", "full_name": "Marieke Planner", "roles": ["planner"]}))
    mine = UndoStack(EditingService(db, Actor("olaf", frozenset({Role.PLANNER}))))

    def slot() -> Any:
        with db.read() as s:
            return repo.get(s, "slot", ids["slot"])

    for hours in (24, 48, 72):
        mine.apply(move_slot(slot(), T0 + timedelta(hours=hours)))
    for hours in (48, 24, 0):
        assert mine.undo().title == "Undo: Move booking K1"
        assert slot().start == T0 + timedelta(hours=hours)
    for _ in range(3):
        mine.redo()
    assert slot().start == T0 + timedelta(hours=72)
    EditingService(db, Actor("marieke", frozenset({Role.PLANNER}))).apply(
        move_slot(slot(), T0 + timedelta(hours=96)))
    with pytest.raises(ConflictError) as info:
        mine.undo()
    assert str(info.value).startswith("Marieke Planner moved K1 to ")
    assert "your undo of “Move booking K1” was not saved" in str(info.value)
    assert slot().start == T0 + timedelta(hours=96)
    titles = [r.command for r in audit_rows(db)][-8:]
    assert titles.count("Undo: Move booking K1") == 3 and titles.count("Redo: Move booking K1") == 3
