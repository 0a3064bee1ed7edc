"""Sign-in, roles, audit trail tamper evidence, signatures, backups and live updates (issue 7)."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from necst_desktop.domain.commands import Create, Update
from necst_desktop.domain.errors import DatabaseError, NecstError, PermissionDeniedError
from necst_desktop.domain.model import ENTITIES, Role, SlotKind
from necst_desktop.persistence import repository as repo
from necst_desktop.persistence.db import Database
from necst_desktop.services import auth
from necst_desktop.services.audit import entries, verify_chain
from necst_desktop.services.editing import SYSTEM, Actor, EditingService
from necst_desktop.services.permissions import EDIT_ROLES
from necst_desktop.services.queries import load_snapshot

PASSWORD = "correct horse battery"


def _user(db: Database, username: str, roles: list[str], password: str = PASSWORD) -> int:
    return EditingService(db, SYSTEM).apply(Create(entity="user", values={
        "username": username, "full_name": username.title() + " Tester", "roles": roles,
        "password_hash": auth.hash_password(password)})).created_ids[0]


def test_sign_in_and_lock_out_after_repeated_failures(db: Database) -> None:
    """Five wrong passwords lock the account and alert the admins; a reset unlocks it."""
    _user(db, "eva", ["planner"])
    assert auth.sign_in(db, "eva", PASSWORD).actor.roles == frozenset({Role.PLANNER})
    for _ in range(auth.MAX_FAILED - 1):
        with pytest.raises(auth.AuthError, match="Wrong user name or password"):
            auth.sign_in(db, "eva", "wrong password!")
    with pytest.raises(auth.AuthError, match="now locked"):
        auth.sign_in(db, "eva", "wrong password!")
    with pytest.raises(auth.AuthError, match="locked"):
        auth.sign_in(db, "eva", PASSWORD)  # even the right password
    alerts = [e for e in entries(db, actor=SYSTEM) if e.action == "alert"]
    assert alerts and "locked" in str(alerts[-1].new_values)
    admin = Actor("root", frozenset({Role.ADMIN}))
    auth.set_password(db, admin, "eva", "a new password 2")
    with pytest.raises(auth.AuthError, match="locked"):  # a reset alone never unlocks
        auth.sign_in(db, "eva", "a new password 2")
    with pytest.raises(NecstError, match="why"):
        auth.unlock(db, admin, "eva", "  ")
    auth.unlock(db, admin, "eva", "eva called the help desk; identity checked")
    unlocks = [e for e in entries(db, actor=SYSTEM) if e.command.startswith("Unlock account")]
    assert unlocks and unlocks[-1].reason == "eva called the help desk; identity checked"
    result = auth.sign_in(db, "eva", "a new password 2")
    assert result.must_change_password
    with pytest.raises(PermissionDeniedError):
        auth.set_password(db, Actor("eva", frozenset({Role.PLANNER})), "other", "x" * 12)


def test_unknown_user_gets_the_same_answer(db: Database) -> None:
    """A wrong user name and a wrong password get the same message (no user enumeration)."""
    _user(db, "eva", ["planner"])
    messages = []
    for name, pw in (("nobody", PASSWORD), ("eva", "not the password")):
        with pytest.raises(auth.AuthError) as info:
            auth.sign_in(db, name, pw)
        messages.append(str(info.value))
    assert messages[0] == messages[1]


def test_passwords_never_reach_the_audit_trail(db: Database) -> None:
    """Neither the password nor its hash is written into any audit row."""
    uid = _user(db, "eva", ["planner"])
    auth.set_password(db, Actor("eva", frozenset({Role.PLANNER})), "eva", "second password!",
                      current_password=PASSWORD)
    with db.read() as s:
        stored = repo.get(s, "user", uid).password_hash
    with db.engine.connect() as conn:
        dump = " ".join(str(r) for r in conn.execute(text("SELECT * FROM audit_log")).all())
    assert PASSWORD not in dump and "second password!" not in dump and stored not in dump
    assert "<changed>" in dump


def test_password_rules() -> None:
    """Short passwords are refused with the rule in words."""
    with pytest.raises(NecstError, match="at least"):
        auth.hash_password("short")


@pytest.mark.parametrize("role", list(Role))
def test_every_role_against_every_entity(sqlite_db: Database, role: Role) -> None:
    """Each role may change exactly the entity kinds its permission row names; denials are audited."""
    ed = EditingService(sqlite_db, Actor(f"as-{role.value}", frozenset({role})))
    for kind in ENTITIES:
        allowed = role in EDIT_ROLES.get(kind, {Role.ADMIN})
        cmd = Update(entity=kind, id=999999, changes={}, expected_version=1)
        if allowed:
            with pytest.raises(NecstError, match="no"):  # allowed: fails only on the missing record
                ed.apply(cmd)
        else:
            with pytest.raises(PermissionDeniedError):
                ed.apply(cmd)
    denied = [e for e in entries(sqlite_db, actor=SYSTEM) if e.action == "denied"]
    expected = sum(1 for kind in ENTITIES if role not in EDIT_ROLES.get(kind, {Role.ADMIN}))
    assert len(denied) == expected
    assert all(e.username == f"as-{role.value}" for e in denied)


def test_tampering_with_the_audit_trail_is_detected(demo_db: Database) -> None:
    """Editing or deleting an audit row behind the app's back breaks the hash chain."""
    assert verify_chain(demo_db, actor=SYSTEM).ok
    with demo_db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET reason = 'nothing to see' WHERE id = 5"))
    report = verify_chain(demo_db, actor=SYSTEM)
    assert not report.ok and "row 5" in str(report) and "changed" in str(report)
    with demo_db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE id = 9"))
    assert "removed" in str(verify_chain(demo_db, actor=SYSTEM))


@pytest.mark.postgres
def test_app_role_cannot_rewrite_the_audit_trail(pg_url: str) -> None:
    """On PostgreSQL the application role appends and reads audit rows but cannot change them."""
    from necst_desktop.persistence.db import upgrade
    from necst_desktop.services.pg_roles import grant_app_role

    admin = Database(pg_url)
    upgrade(admin)
    EditingService(admin).apply(Create(entity="client", values={"code": "C1", "name": "Client"}))
    _user(admin, "pia", ["planner"])
    role = f"necst_app_{uuid.uuid4().hex[:8]}"
    grant_app_role(admin, role)
    app_url = admin.url.set(username=role).render_as_string(hide_password=False)
    app = Database(app_url)
    pia = auth.sign_in(app, "pia", PASSWORD)
    app.session_token = pia.token
    EditingService(app, pia.actor).apply(Create(entity="client", values={"code": "C2",
                                                                       "name": "Client 2"}))
    for stmt in ("UPDATE audit_log SET reason = 'x'", "DELETE FROM audit_log",
                 "TRUNCATE audit_log"):
        with pytest.raises(Exception, match="permission denied"), app.engine.begin() as conn:
            conn.execute(text(stmt))
    with app.engine.connect() as conn:
        owner = conn.execute(text("SELECT tableowner FROM pg_tables WHERE tablename='audit_log'")).scalar()
    assert owner != role
    assert verify_chain(app, actor=SYSTEM).ok
    app.dispose()
    with admin.engine.begin() as conn:  # roles are cluster-wide: leave none behind
        conn.execute(text(f'DROP OWNED BY "{role}"'))
        conn.execute(text(f'DROP ROLE "{role}"'))
    admin.dispose()


def test_signatures_bind_to_the_version_signed(demo_db: Database) -> None:
    """Publishing a week needs the password again; a later change marks the signature superseded."""
    _user(demo_db, "pia", ["planner"])
    _user(demo_db, "quirine", ["qa"])
    monday = date(2026, 11, 30)
    with pytest.raises(auth.AuthError):
        auth.publish_week(demo_db, "pia", "wrong password!", monday)
    with pytest.raises(PermissionDeniedError):
        auth.publish_week(demo_db, "quirine", PASSWORD, monday)
    sig = auth.publish_week(demo_db, "pia", PASSWORD, monday)
    assert sig.printed_name == "Pia Tester" and sig.meaning == "plan approved for 2026-W49"
    assert [s.status for s in auth.signatures(demo_db, "plan_week")] == ["valid"]
    snap = load_snapshot(demo_db)
    slot = next(s for s in snap.slots if s.kind == SlotKind.CLEANING
                and s.start.date() < monday + timedelta(days=6) and s.start.date() >= monday)
    EditingService(demo_db).apply(Update(entity="slot", id=slot.id or 0, expected_version=slot.version,
                                         changes={"label": "moved by hand"}))
    assert [s.status for s in auth.signatures(demo_db, "plan_week")] == ["superseded"]
    changeover = next(s for s in snap.slots if s.kind == SlotKind.CHANGEOVER)
    with pytest.raises(PermissionDeniedError):
        auth.release_changeover(demo_db, "pia", PASSWORD, changeover.id or 0)
    release = auth.release_changeover(demo_db, "quirine", PASSWORD, changeover.id or 0)
    assert release.meaning == "changeover released"
    with demo_db.read() as s:
        assert repo.get(s, "slot", changeover.id or 0).released


def test_backup_and_restore_drill(demo_db: Database, tmp_path: Path) -> None:
    """A verified backup, then changes, then a restore: the database is exactly the backup again."""
    from necst_desktop.services.backup import backup, restore, verify_file

    target = tmp_path / "backup.sqlite"
    info = backup(demo_db, target, actor=SYSTEM)
    assert verify_file(target) == info
    before = load_snapshot(demo_db)
    EditingService(demo_db).apply(Create(entity="client", values={"code": "LATE", "name": "Late"}))
    kept = restore(demo_db, target, actor=SYSTEM)
    assert kept.exists()
    restored = Database(demo_db.url.render_as_string(hide_password=False))
    after = load_snapshot(restored)
    assert [c.code for c in after.clients] == [c.code for c in before.clients]
    assert after.seq == before.seq and verify_chain(restored, actor=SYSTEM).ok
    bogus = tmp_path / "not-a-db.sqlite"
    bogus.write_text("hello")
    with pytest.raises(NecstError, match="not a NECST database"):
        restore(restored, bogus, actor=SYSTEM)
    restored.dispose()


def test_sqlite_on_a_network_share_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An SQLite file on NFS/SMB is refused with the reason (WAL needs one machine)."""
    from necst_desktop.persistence import db as dbmod

    monkeypatch.setattr(dbmod, "filesystem_type", lambda _p: "nfs4")
    with pytest.raises(DatabaseError, match="network share"):
        Database(f"sqlite:///{tmp_path / 'x.sqlite'}")


def test_change_watcher_sees_another_workstation(db: Database) -> None:
    """A change saved by another workstation reaches a watcher within 2 seconds."""
    from necst_desktop.services.live import ChangeWatcher
    from necst_desktop.services.queries import change_seq

    seen: list[int] = []
    got = threading.Event()

    def on_change(seq: int) -> None:
        seen.append(seq)
        got.set()

    watcher = ChangeWatcher(Database(db.url.render_as_string(hide_password=False)), on_change,
                            poll_s=0.2)
    watcher.start(change_seq(db))
    try:
        time.sleep(0.5)
        other = EditingService(Database(db.url.render_as_string(hide_password=False)))
        t0 = time.monotonic()
        other.apply(Create(entity="client", values={"code": "NEW", "name": "New client"}))
        assert got.wait(2.0), "no change seen within 2 s"
        assert time.monotonic() - t0 < 2.0
        assert seen[-1] == change_seq(db)
    finally:
        watcher.stop()


@pytest.mark.parametrize("role", list(Role))
def test_bulk_operations_are_checked_for_every_role(sqlite_db: Database, role: Role) -> None:
    """Export, import, optimize and publish are allowed or refused per role in the service, and
    every refusal is written to the audit trail."""
    from necst_desktop.services.permissions import OPERATION_ROLES

    ed = EditingService(sqlite_db, Actor(f"as-{role.value}", frozenset({role})))
    refused = 0
    for operation, allowed in OPERATION_ROLES.items():
        if role in allowed:
            ed.authorize(operation)
        else:
            with pytest.raises(PermissionDeniedError, match=operation.replace("-", " ")):
                ed.authorize(operation)
            refused += 1
    denied = [e for e in entries(sqlite_db, actor=SYSTEM) if e.action == "denied"]
    assert len(denied) == refused
