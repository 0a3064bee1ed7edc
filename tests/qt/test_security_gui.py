"""The window's side of issue 7: sign-in, roles in menus, idle lock, live updates, conflicts,
the audit trail viewer, electronic signatures and the database password in the keyring."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout

from necst_desktop.domain.commands import Create, Update, set_pinned
from necst_desktop.domain.errors import DatabaseError
from necst_desktop.domain.model import Role, SlotKind
from necst_desktop.persistence.db import Database, upgrade
from necst_desktop.services import auth
from necst_desktop.services.editing import SYSTEM, Actor, EditingService

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 with test-sized cost (the hash carries its parameters, so verifying is cheap too):
    the production cost is for attackers, not for a test suite that signs in fifty times."""
    from argon2 import PasswordHasher

    monkeypatch.setattr(auth, "_hasher", lambda: PasswordHasher(time_cost=1, memory_cost=1024,
                                                                 parallelism=1))


def make_user(db: Database, username: str, roles: list[str], *, must_change: bool = False) -> Actor:
    EditingService(db, SYSTEM).apply(Create(entity="user", values={
        "username": username, "full_name": username.title() + " Tester", "roles": roles,
        "password_hash": auth.hash_password(PASSWORD), "must_change_password": must_change}))
    return auth.sign_in(db, username, PASSWORD).actor


def other_db(db: Database) -> Database:
    """A second workstation: another Database object on the same file or server database."""
    return Database(db.url.render_as_string(hide_password=False))


# --- sign-in ---------------------------------------------------------------------------------


def test_sign_in_dialog_shows_refusals_and_signs_in(demo_db: Database, qtbot: Any) -> None:
    """A wrong password is refused in the dialog (same words as an unknown user); the right one
    gives the user's Actor; after five failures the dialog says the account is locked."""
    from necst_desktop.qt.signin_dialog import SignInDialog

    make_user(demo_db, "eva", ["planner"])
    dialog = SignInDialog(demo_db, allow_local=False)
    qtbot.addWidget(dialog)
    assert dialog.local_button is None  # not offered unless the workstation allows it
    dialog.username.setText("eva")
    dialog.password.setText("not the password")
    assert not dialog.try_sign_in()
    assert dialog.error.text() == "Wrong user name or password."
    assert dialog.password.text() == ""  # a refused password is not kept on screen
    dialog.password.setText(PASSWORD)
    assert dialog.try_sign_in()
    assert dialog.result_sign_in is not None
    assert dialog.result_sign_in.actor.roles == frozenset({Role.PLANNER})

    locked = SignInDialog(demo_db)
    qtbot.addWidget(locked)
    locked.username.setText("eva")
    for _ in range(auth.MAX_FAILED):
        locked.password.setText("wrong wrong wrong")
        locked.try_sign_in()
    assert "now locked" in locked.error.text()
    locked.password.setText(PASSWORD)
    assert not locked.try_sign_in()
    assert "locked" in locked.error.text() and "administrator" in locked.error.text()


def test_return_key_makes_exactly_one_attempt(demo_db: Database, qtbot: Any) -> None:
    """Return in the password field submits once (a double submit would count two failures
    towards the lock-out); Return in the user name field does not submit an empty password...
    it presses the default button too, which is refused once."""
    from necst_desktop.qt.signin_dialog import SignInDialog
    from necst_desktop.services.audit import entries

    make_user(demo_db, "eva", ["planner"])
    dialog = SignInDialog(demo_db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.username.setText("eva")
    before = len(entries(demo_db, actor=SYSTEM, username="eva"))
    QTest.keyClicks(dialog.password, "wrong password!")
    QTest.keyClick(dialog.password, Qt.Key.Key_Return)
    refused = [e for e in entries(demo_db, actor=SYSTEM, username="eva")[before:] if e.action == "sign-in-refused"]
    assert len(refused) == 1
    QTest.keyClicks(dialog.password, PASSWORD)
    QTest.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.result_sign_in is not None
    with demo_db.read() as s:
        from necst_desktop.persistence import repository as repo

        eva = next(u for u in repo.list_all(s, "user") if u.username == "eva")
    assert eva.failed_logins == 0


def test_forced_password_change_after_admin_reset(demo_db: Database, qtbot: Any) -> None:
    """After an admin reset, the change-password dialog insists on two equal new passwords of
    the required length, then the new password works and no change is asked any more."""
    from necst_desktop.qt.signin_dialog import ChangePasswordDialog

    make_user(demo_db, "eva", ["planner"])
    auth.set_password(demo_db, Actor("boss", frozenset({Role.ADMIN})), "eva", "temporary pass 1")
    first = auth.sign_in(demo_db, "eva", "temporary pass 1")
    assert first.must_change_password
    dialog = ChangePasswordDialog(demo_db, first.actor, current="temporary pass 1", forced=True)
    qtbot.addWidget(dialog)
    dialog.new.setText("my own secret 42")
    dialog.repeat.setText("my own secret 43")
    assert not dialog.save() and "differ" in dialog.error.text()
    dialog.new.setText("short")
    dialog.repeat.setText("short")
    assert not dialog.save() and "at least" in dialog.error.text()
    dialog.new.setText("my own secret 42")
    dialog.repeat.setText("my own secret 42")
    assert dialog.save()
    again = auth.sign_in(demo_db, "eva", "my own secret 42")
    assert not again.must_change_password


def test_local_user_may_skip_sign_in_only_on_sqlite_and_it_shows(window: Any, demo_db: Database,
                                                                 qtbot: Any) -> None:
    """On SQLite with the facility's setting on, 'Continue as local:…' is offered and the status
    bar says sign-in is optional; with the setting off (or on PostgreSQL) it is not offered."""
    from necst_desktop.qt.signin_dialog import SignInDialog, sign_in_optional

    assert "Signed in as local:test (sign-in optional on this workstation)" in \
        window.user_label.text()
    assert sign_in_optional(demo_db)
    dialog = SignInDialog(demo_db, allow_local=True)
    qtbot.addWidget(dialog)
    assert dialog.local_button is not None and "local:" in dialog.local_button.text()
    dialog.local_button.click()
    assert dialog.local and dialog.result() == QDialog.DialogCode.Accepted
    facility = window.ctx.snapshot.facility
    window.ctx.apply(Update(entity="facility", id=facility.id, changes={
        "local_sign_in_optional": False}, expected_version=facility.version))
    assert not sign_in_optional(demo_db)
    pg = Database("postgresql://nobody@127.0.0.1:1/none")  # never connected: the URL decides
    assert not sign_in_optional(pg)
    pg.dispose()


def test_menus_follow_the_role_and_the_service_still_refuses(window: Any, demo_db: Database,
                                                              dialogs: Any) -> None:
    """An operator's menus have Optimize, Publish and QA release disabled, a QA user's have QA
    release enabled; whatever the menus show, the service refuses what the role may not do."""
    ctx = window.ctx
    operator = make_user(demo_db, "olga", ["operator"])
    window.sign_in_runner = lambda *_a, **_k: (operator, True)
    assert window.switch_user()
    assert "olga" in window.user_label.text() and "operator" in window.user_label.text()
    assert not window.act_optimize.isEnabled()
    assert not window.act_publish.isEnabled()
    assert not window.act_release.isEnabled()
    assert not window.act_settings.isEnabled()
    facility = ctx.snapshot.facility
    assert ctx.apply(Update(entity="facility", id=facility.id, changes={"idle_lock_minutes": 5},
                            expected_version=facility.version)) is None
    assert any("may not change facility" in t for t in dialogs.texts("warning"))
    qa = make_user(demo_db, "quinn", ["qa"])
    window.sign_in_runner = lambda *_a, **_k: (qa, True)
    window.switch_user()
    assert window.act_release.isEnabled() and not window.act_publish.isEnabled()
    window.sign_in_runner = lambda *_a, **_k: None  # cancelled: the session stays as it was
    assert not window.switch_user()
    assert ctx.actor.username == "quinn"


def test_switching_user_drops_the_previous_users_undo(window: Any, demo_db: Database) -> None:
    """After another user signs in, the previous user's edits cannot be undone in their name."""
    ctx = window.ctx
    camp = ctx.snapshot.campaigns[0]
    assert ctx.apply(set_pinned("campaign", camp.id, camp.version, not camp.pinned))
    assert ctx.undo_stack.canUndo()
    planner = make_user(demo_db, "piet", ["planner"])
    window.sign_in_runner = lambda *_a, **_k: (planner, True)
    window.switch_user()
    assert not ctx.undo_stack.canUndo()
    assert ctx.service.actor.username == "piet"


# --- idle lock -------------------------------------------------------------------------------


class HalfFilled(QDialog):
    def __init__(self, parent: Any) -> None:
        super().__init__(parent)
        self.edit = QLineEdit("half typed")
        QVBoxLayout(self).addWidget(self.edit)


@pytest.mark.parametrize("modal", [False, True])
def test_idle_lock_covers_everything_keeps_unsaved_input_and_asks_the_password(
        window: Any, demo_db: Database, qtbot: Any, modal: bool) -> None:
    """With no input for the idle time, every window is covered and input is swallowed; a half
    filled dialog (modal or not) is kept as it is; a wrong password keeps it locked, the right
    one unlocks and the dialog is usable again."""
    ctx = window.ctx
    ctx.set_actor(make_user(demo_db, "eva", ["planner"]))
    editor = HalfFilled(window)
    qtbot.addWidget(editor)
    editor.open() if modal else editor.show()
    qtbot.waitExposed(editor)
    lock = window.idle_lock
    lock.set_timeout_ms(150)
    qtbot.waitUntil(lambda: lock.locked, timeout=3000)
    assert len(lock.covers) >= 2
    assert all(c.isVisible() for c in lock.covers)
    hosts = {c.parentWidget() for c in lock.covers}
    assert window in hosts and editor in hosts
    assert editor.isVisible()
    QTest.keyClicks(editor.edit, " more")  # swallowed while locked
    assert editor.edit.text() == "half typed"
    undo_before = ctx.undo_stack.count()
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ctx.undo_stack.count() == undo_before
    unlock = lock.dialog
    assert unlock is not None and unlock.isVisible()
    unlock.reject()  # Escape / close does not unlock
    assert lock.locked and unlock.isVisible()
    QTest.keyClicks(unlock.password, "wrong password!")
    unlock.try_unlock()
    assert lock.locked and "Wrong" in unlock.error.text()
    QTest.keyClicks(unlock.password, PASSWORD)
    QTest.keyClick(unlock.password, Qt.Key.Key_Return)
    assert not lock.locked
    qtbot.waitUntil(lambda: not lock.covers and not unlock.isVisible(), timeout=2000)
    assert editor.isVisible() and editor.edit.text() == "half typed"
    lock.set_timeout_ms(60_000)
    editor.activateWindow()
    editor.edit.setFocus()
    QTest.keyClicks(editor.edit, " more")
    assert editor.edit.text() == "half typed more"
    from necst_desktop.services.audit import entries

    assert [e.action for e in entries(demo_db, actor=SYSTEM, username="eva")][-2:] == \
        ["sign-in-refused", "sign-in"]


def test_input_keeps_the_session_unlocked(window: Any, qtbot: Any) -> None:
    """Keyboard and mouse input restart the idle timer; the local session unlocks without a
    password (sign-in is optional there) but is still covered while idle."""
    lock = window.idle_lock
    # input every 100 ms for 2.5 s against a 1.5 s timeout: without the restarts it would lock
    # (the margin keeps a busy CI machine's event-loop hiccups from locking it)
    lock.set_timeout_ms(1500)
    for _ in range(25):
        qtbot.wait(100)
        QTest.mouseMove(window.tabs, window.tabs.rect().center())
        QTest.keyClick(window.tabs, Qt.Key.Key_Shift)
    assert not lock.locked
    qtbot.waitUntil(lambda: lock.locked, timeout=6000)
    assert lock.dialog is not None and not lock.dialog.password.isVisible()
    lock.dialog.unlock_button.click()
    assert not lock.locked


# --- live updates ----------------------------------------------------------------------------


def _pinned_in_model(window: Any, code: str) -> bool:
    model = window.campaign_model
    from PySide6.QtCore import Qt

    return any(model.data(model.index(r, 0)) == code
               and model.data(model.index(r, 0), Qt.ItemDataRole.DecorationRole) is not None
               for r in range(model.rowCount()))


def _live_edit_reaches_window(window: Any, db: Database, qtbot: Any) -> float:
    ctx = window.ctx
    ctx.start_watching(poll_s=0.2)
    camp = next(c for c in ctx.snapshot.campaigns if not c.pinned)
    second = other_db(db)
    try:
        qtbot.wait(300)  # the watcher is listening
        t0 = time.perf_counter()
        EditingService(second, Actor("bob", frozenset({Role.PLANNER}))).apply(
            set_pinned("campaign", camp.id, camp.version, True))
        qtbot.waitUntil(lambda: _pinned_in_model(window, camp.code), timeout=2000)
        return time.perf_counter() - t0
    finally:
        second.dispose()


def test_edit_on_another_workstation_appears_within_two_seconds(window: Any, demo_db: Database,
                                                                 qtbot: Any) -> None:
    """SQLite: an edit saved through a second Database object shows in this window's models
    within 2 s (counter polled), without a reload."""
    latency = _live_edit_reaches_window(window, demo_db, qtbot)
    assert latency < 2.0
    assert window.ctx.last_remote_latency is not None


def small_facility(db: Database) -> None:
    ed = EditingService(db, SYSTEM)
    t0 = datetime(2026, 12, 7, 6, tzinfo=UTC)
    ed.apply(Create(entity="facility", values={"name": "PG test facility"}))
    suite = ed.apply(Create(entity="suite", values={"code": "S1", "name": "Suite 1"})).created_ids[0]
    client = ed.apply(Create(entity="client", values={"code": "C1", "name": "Client"})).created_ids[0]
    product = ed.apply(Create(entity="product", values={
        "code": "P1", "name": "P", "client_id": client, "modality": "aav-vector"})).created_ids[0]
    for k in range(2):
        camp = ed.apply(Create(entity="campaign", values={
            "code": f"K{k + 1}", "client_id": client, "product_id": product,
            "duration_hours": 24.0, "earliest_start": t0.isoformat()})).created_ids[0]
        start = t0 + timedelta(days=2 * k)
        ed.apply(Create(entity="slot", values={
            "kind": "campaign", "suite_id": suite, "campaign_id": camp, "start": start.isoformat(),
            "end": (start + timedelta(hours=24)).isoformat()}))


@pytest.fixture
def pg_window(pg_url: str, qtbot: Any) -> Iterator[Any]:
    from necst_desktop.qt.context import AppContext
    from necst_desktop.qt.main_window import MainWindow

    db = Database(pg_url)
    upgrade(db)
    small_facility(db)
    actor = make_user(db, "eva", ["planner"])
    ctx = AppContext(db, actor, signed_in=True)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    ctx.close()


@pytest.mark.postgres
def test_postgres_edit_on_another_workstation_appears_within_two_seconds(
        pg_window: Any, qtbot: Any) -> None:
    """PostgreSQL: LISTEN/NOTIFY wakes the window, which shows the other workstation's edit
    within 2 s."""
    latency = _live_edit_reaches_window(pg_window, pg_window.ctx.db, qtbot)
    assert latency < 2.0


@pytest.mark.postgres
def test_postgres_connection_drop_is_shown_edit_kept_and_recovered(
        pg_window: Any, pg_server: str, qtbot: Any, dialogs: Any) -> None:
    """The server refuses connections: the window says so, a failed edit changes nothing and is
    kept; when the server is back the window reconnects by itself and the kept edit saves."""
    import psycopg

    ctx = pg_window.ctx
    ctx.start_watching(poll_s=0.2, reconnect_s=0.3)
    name = ctx.db.url.database
    camp = ctx.snapshot.campaigns[0]
    admin = psycopg.connect(pg_server.replace("+psycopg", ""), autocommit=True)
    try:
        qtbot.wait(300)
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
        qtbot.waitUntil(lambda: not ctx.connected, timeout=5000)
        assert pg_window.conn_banner.isVisible()
        assert "Connection to the database lost — reconnecting…" in pg_window.conn_label.text()
        assert "reconnecting" in pg_window.conn_status.text()
        assert ctx.apply(set_pinned("campaign", camp.id, camp.version, True)) is None
        assert ctx.unsaved is not None
        assert any("Not saved" in t for t in dialogs.texts("warning"))
        assert pg_window.retry_button.isVisible() and not pg_window.retry_button.isEnabled()
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        qtbot.waitUntil(lambda: ctx.connected, timeout=5000)
        assert pg_window.retry_button.isEnabled()
        pg_window.retry_button.click()
        assert ctx.unsaved is None and not pg_window.conn_banner.isVisible()
        assert ctx.entity("campaign", camp.id).pinned
    finally:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        admin.close()


def test_connection_loss_banner_and_kept_edit_on_sqlite(window: Any, qtbot: Any, dialogs: Any,
                                                        monkeypatch: Any) -> None:
    """The watcher reporting a lost connection shows the banner; an edit refused by the
    unreachable database changes nothing and is kept; back online it can be saved or dropped."""
    from necst_desktop.services import live

    ctx = window.ctx
    calls = {"fail": True}
    real = live.change_seq

    def flaky(db: Database) -> int:
        if calls["fail"]:
            raise DatabaseError("Cannot reach the database: disk unplugged")
        return real(db)

    monkeypatch.setattr(live, "change_seq", flaky)
    ctx.start_watching(poll_s=0.1)
    qtbot.waitUntil(lambda: not ctx.connected, timeout=2000)
    assert window.conn_banner.isVisible()
    assert "Connection to the database lost — reconnecting…" in window.conn_label.text()
    camp = ctx.snapshot.campaigns[0]
    real_apply = ctx.service.apply

    def down(_cmd: Any) -> Any:
        raise DatabaseError("Cannot reach the database: disk unplugged")

    monkeypatch.setattr(ctx.service, "apply", down)
    command = set_pinned("campaign", camp.id, camp.version, not camp.pinned)
    assert ctx.apply(command) is None
    assert ctx.unsaved is command and ctx.entity("campaign", camp.id).pinned == camp.pinned
    monkeypatch.setattr(ctx.service, "apply", real_apply)
    calls["fail"] = False
    qtbot.waitUntil(lambda: ctx.connected, timeout=2000)
    assert window.conn_banner.isVisible() and window.retry_button.isEnabled()
    window.retry_button.click()
    assert ctx.entity("campaign", camp.id).pinned != camp.pinned
    assert not window.conn_banner.isVisible()


# --- conflicts -------------------------------------------------------------------------------


def test_conflict_dialog_shows_both_versions_and_reapplies_mine_on_top(
        window: Any, demo_db: Database, qtbot: Any) -> None:
    """A stale save opens the conflict dialog with the saved (theirs) and the intended (mine)
    values side by side; 'Re-apply mine on top' saves mine as a new change, keeping theirs."""
    ctx = window.ctx
    camp = ctx.snapshot.campaigns[0]
    second = other_db(demo_db)
    EditingService(second, Actor("bob", frozenset({Role.PLANNER}))).apply(Update(
        entity="campaign", id=camp.id, changes={"priority": camp.priority + 3},
        expected_version=camp.version))
    second.dispose()
    assert ctx.apply(set_pinned("campaign", camp.id, camp.version, not camp.pinned)) is None
    qtbot.waitUntil(lambda: window.conflict_dialog is not None, timeout=2000)
    dialog = window.conflict_dialog
    rows = {r[0]: r[1:] for r in dialog.rows}
    assert rows["priority"] == (str(camp.priority), str(camp.priority + 3), str(camp.priority + 3))
    _was, theirs, mine = rows["pinned"]
    assert theirs == ("yes" if camp.pinned else "no") and mine == ("no" if camp.pinned else "yes")
    assert "bob" in dialog.findChildren(type(window.user_label))[0].text()  # who saved theirs
    assert ctx.entity("campaign", camp.id).pinned == camp.pinned  # nothing overwritten yet
    dialog.reapply_button.click()
    saved = ctx.entity("campaign", camp.id)
    assert saved.pinned != camp.pinned and saved.priority == camp.priority + 3
    assert ctx.undo_stack.canUndo()


def test_conflict_reload_theirs_drops_mine(window: Any, demo_db: Database, qtbot: Any) -> None:
    """'Reload theirs' saves nothing of mine and shows the saved record."""
    ctx = window.ctx
    camp = ctx.snapshot.campaigns[1]
    second = other_db(demo_db)
    EditingService(second, SYSTEM).apply(set_pinned("campaign", camp.id, camp.version,
                                                    not camp.pinned))
    second.dispose()
    assert ctx.apply(Update(entity="campaign", id=camp.id, changes={"priority": 9},
                            expected_version=camp.version)) is None
    qtbot.waitUntil(lambda: window.conflict_dialog is not None, timeout=2000)
    window.conflict_dialog.reload_button.click()
    saved = ctx.entity("campaign", camp.id)
    assert saved.priority == camp.priority and saved.pinned != camp.pinned
    assert next(c for c in ctx.snapshot.campaigns if c.id == camp.id).pinned == saved.pinned


# --- audit trail viewer and signatures ----------------------------------------------------------


def test_audit_viewer_filters_verifies_and_exports(window: Any, demo_db: Database, qtbot: Any,
                                                   qtmodeltester: Any, tmp_path: Path) -> None:
    """The viewer lists audit rows filtered by record, user and date; its models pass the
    model tester; Verify chain reports an intact chain, then the tampering; the Excel and PDF
    exports hold the filter, the rows and the chain result."""
    ctx = window.ctx
    camp = ctx.snapshot.campaigns[0]
    ctx.apply(set_pinned("campaign", camp.id, camp.version, not camp.pinned, reason="hold"))
    ctx.set_actor(make_user(demo_db, "maria", ["manager"]))
    viewer = window.open_audit_trail()
    qtbot.addWidget(viewer)
    qtmodeltester.check(viewer.model)
    qtmodeltester.check(viewer.sig_model)
    assert viewer.model.rowCount() > 10
    viewer.set_filter(kind="campaign", record_id=camp.id)
    assert viewer.model.rowCount() >= 2
    assert all(any(c.entity == "campaign" and c.entity_id == camp.id for c in e.changes)
               for e in viewer.model.rows)
    last = viewer.model.rows[-1]
    assert (last.username, last.reason) == ("local:test", "hold")
    viewer.set_filter(user="local:test")
    assert viewer.model.rows and {e.username for e in viewer.model.rows} == {"local:test"}
    today = datetime.now(UTC).date()
    viewer.set_filter(since=today + timedelta(days=2))
    assert viewer.model.rowCount() == 0
    viewer.set_filter(since=today - timedelta(days=1), until=today + timedelta(days=1))
    assert viewer.model.rowCount() > 0
    viewer.set_filter(kind="campaign", record_id=camp.id)
    assert viewer.verify().ok and "intact" in viewer.chain_label.text()

    xlsx = viewer.export("xlsx", tmp_path / "audit.xlsx")
    pdf = viewer.export("pdf", tmp_path / "audit.pdf")
    assert xlsx is not None and pdf is not None
    assert pdf.read_bytes()[:4] == b"%PDF" and pdf.stat().st_size > 2000
    import openpyxl

    ws = openpyxl.load_workbook(xlsx)["Audit trail"]
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    flat = " ".join(str(v) for row in cells for v in row if v)
    assert f"record kind campaign, id {camp.id}" in flat and "intact" in flat
    assert "maria" in flat and "hold" in flat
    assert not list(tmp_path.glob("*.part"))

    with demo_db.engine.begin() as conn:
        from sqlalchemy import text

        conn.execute(text("UPDATE audit_log SET reason = 'nothing to see' WHERE id = 3"))
    assert not viewer.verify().ok
    assert "tampered" in viewer.chain_label.text()


def test_audit_export_needs_the_role(window: Any, demo_db: Database, dialogs: Any,
                                     tmp_path: Path, qtbot: Any) -> None:
    """A planner may read the audit trail but the export buttons are off and export refuses; an
    operator may not read it at all (the menu is off, and the service refuses)."""
    window.ctx.set_actor(make_user(demo_db, "piet", ["planner"]))
    viewer = window.open_audit_trail()
    qtbot.addWidget(viewer)
    assert viewer.model.rowCount() > 0
    assert not viewer.excel_button.isEnabled()
    assert viewer.export("xlsx", tmp_path / "a.xlsx") is None
    assert not (tmp_path / "a.xlsx").exists()
    viewer.close()
    window.ctx.set_actor(make_user(demo_db, "olga", ["operator"]))
    window._update_actions()
    assert not window.act_audit.isEnabled()
    viewer = window.open_audit_trail()
    assert viewer.model.rowCount() == 0 and "may not audit read" in viewer.summary.text()


def test_publish_week_and_qa_release_signatures(window: Any, demo_db: Database, qtbot: Any) -> None:
    """Publishing a week and releasing a changeover ask for user id and password at that moment,
    show the meaning, and the signatures appear in the viewer as valid; a later change to the
    released changeover shows its signature as superseded."""
    from necst_desktop.qt.signature_dialog import PublishWeekDialog, ReleaseChangeoverDialog

    ctx = window.ctx
    ctx.set_actor(make_user(demo_db, "piet", ["planner"]))
    make_user(demo_db, "quinn", ["qa"])
    dialog = window.publish_week()
    assert isinstance(dialog, PublishWeekDialog)
    qtbot.addWidget(dialog)
    assert dialog.username.text() == "piet" and dialog.what.count() >= 4
    assert "plan approved for" in dialog.meaning.text()
    dialog.password.setText("not it")
    assert not dialog.sign() and "Wrong" in dialog.error.text()
    dialog.password.setText(PASSWORD)
    assert dialog.sign()
    assert dialog.signature is not None and dialog.signature.printed_name == "Piet Tester"

    changeover = next(s for s in ctx.snapshot.slots if s.kind == SlotKind.CHANGEOVER
                      and not s.released)
    release = window.release_changeover(changeover.id)
    assert isinstance(release, ReleaseChangeoverDialog)
    qtbot.addWidget(release)
    assert release.what.currentData() == changeover.id
    release.password.setText(PASSWORD)
    assert not release.sign()  # piet is no QA
    release.username.setText("quinn")
    release.password.setText(PASSWORD)
    assert release.sign(), release.error.text()
    assert ctx.entity("slot", changeover.id).released

    viewer = window.open_audit_trail()
    qtbot.addWidget(viewer)
    viewer.tabs.setCurrentIndex(1)
    statuses = {(s.meaning, s.status) for s in viewer.sig_model.rows}
    assert ("changeover released", "valid") in statuses
    assert any(m.startswith("plan approved") and st == "valid" for m, st in statuses)
    slot = ctx.entity("slot", changeover.id)
    EditingService(demo_db, SYSTEM).apply(Update(entity="slot", id=slot.id,
                                                 changes={"label": "moved by planner"},
                                                 expected_version=slot.version))
    viewer.reload()
    assert ("changeover released", "superseded") in {(s.meaning, s.status)
                                                     for s in viewer.sig_model.rows}


# --- settings and the database password ----------------------------------------------------------


@pytest.fixture
def memory_keyring() -> Iterator[Any]:
    import keyring

    from tests.services.test_credentials import MemoryKeyring

    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


def test_settings_save_the_password_in_the_keyring_never_in_qsettings(
        qtbot: Any, memory_keyring: Any, monkeypatch: Any) -> None:
    """A PostgreSQL URL is saved without its password; the password goes to the keyring."""
    from PySide6.QtCore import QSettings

    from necst_desktop.qt import settings_dialog
    from necst_desktop.services import credentials

    connected: list[str] = []

    class FakeDb:
        def __init__(self, url: str) -> None:
            connected.append(url)

        def ping(self) -> None:
            pass

        def dispose(self) -> None:
            pass

    monkeypatch.setattr(settings_dialog, "Database", FakeDb)
    dialog = settings_dialog.SettingsDialog("sqlite:///x")
    qtbot.addWidget(dialog)
    dialog.url_edit.setText("postgresql://necst_app@db01:5432/necst")
    assert dialog.password_edit.isEnabled()
    dialog.password_edit.setText("pa55word-xyz")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert credentials.password_in(connected[-1]) == "pa55word-xyz"
    assert QSettings().value(settings_dialog.SETTINGS_KEY) == "postgresql://necst_app@db01:5432/necst"
    assert memory_keyring.store[(credentials.SERVICE, "necst_app@db01:5432/necst")] == "pa55word-xyz"
    ini = "".join(p.read_text() for p in Path(QSettings().fileName()).parent.rglob("*.ini"))
    assert "pa55word" not in ini
    # an old setting that still holds a password is cleaned up when read
    QSettings().setValue(settings_dialog.SETTINGS_KEY, "postgresql://u:old-secret@h:5432/d")
    assert settings_dialog.saved_url() == "postgresql://u@h:5432/d"
    assert memory_keyring.store[(credentials.SERVICE, "u@h:5432/d")] == "old-secret"


def test_session_settings_are_an_audited_edit(window: Any, demo_db: Database, qtbot: Any) -> None:
    """The idle-lock minutes and the local sign-in setting are saved as an audited facility
    change and the idle lock follows the new time."""
    from necst_desktop.qt.settings_dialog import SettingsDialog
    from necst_desktop.services.audit import entries

    dialog = SettingsDialog("", window, ctx=window.ctx)
    qtbot.addWidget(dialog)
    assert dialog.idle_minutes is not None and dialog.local_optional is not None
    dialog.idle_minutes.setValue(7)
    dialog.local_optional.setChecked(False)
    dialog.save()
    facility = window.ctx.entity("facility", window.ctx.snapshot.facility.id)
    assert facility.idle_lock_minutes == 7 and not facility.local_sign_in_optional
    assert window.idle_lock.timer.interval() == 7 * 60_000
    row = entries(demo_db, actor=SYSTEM, entity="facility")[-1]
    assert row.new_values == {"idle_lock_minutes": 7, "local_sign_in_optional": False}


@pytest.mark.postgres
def test_password_for_a_server_url_comes_from_the_keyring(pg_url: str, memory_keyring: Any) -> None:
    """Connecting with a URL without password uses the keyring's (and asks only when the
    server refuses it)."""
    from necst_desktop.qt.app import connect
    from necst_desktop.services import credentials

    credentials.save_password(pg_url, "from-the-keyring")
    asked: list[str] = []
    db = connect(pg_url, lambda url, why: asked.append(url) or ("x", False))
    assert isinstance(db, Database)
    assert db.url.password == "from-the-keyring" and not asked  # trust auth: accepted as is
    db.dispose()


def test_sign_out_covers_the_plan_and_cancel_quits(window: Any, demo_db: Database) -> None:
    """Sign out hides the plan while nobody is signed in; signing in as someone else continues,
    cancelling closes the window."""
    ctx = window.ctx
    ctx.set_actor(make_user(demo_db, "eva", ["planner"]))
    seen: list[bool] = []

    def runner(*_a: Any, **_k: Any) -> Any:
        seen.append(window.centralWidget().isVisible())
        return (auth.sign_in(demo_db, "eva", PASSWORD).actor, True)

    window.sign_in_runner = runner
    assert window.sign_out()
    assert seen == [False] and window.centralWidget().isVisible()
    from necst_desktop.services.audit import entries

    assert "sign-out" in [e.action for e in entries(demo_db, actor=SYSTEM, username="eva")]
    window.sign_in_runner = lambda *_a, **_k: None
    assert not window.sign_out()
    assert not window.isVisible()
