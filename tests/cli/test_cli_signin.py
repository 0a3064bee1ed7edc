"""``necst`` knows who runs it: --user, a ``necst login`` session, or the local user where the
SQLite workstation allows it (never for user administration or signing)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend

from necst_desktop.cli import main
from necst_desktop.domain.commands import Update
from necst_desktop.persistence.db import Database
from necst_desktop.services import auth
from necst_desktop.services.audit import entries
from necst_desktop.services.demo import DEMO_PASSWORD
from necst_desktop.services.editing import SYSTEM, EditingService
from necst_desktop.services.queries import load_snapshot


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture
def ring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(previous)


def run(capsys: Any, monkeypatch: pytest.MonkeyPatch, stdin: str, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def sign_in_required(db: Database) -> None:
    facility = load_snapshot(db).facility
    EditingService(db, SYSTEM).apply(Update(entity="facility", id=facility.id or 0,
                                            expected_version=facility.version,
                                            changes={"local_sign_in_optional": False}))


def own_password(db: Database, name: str, new: str) -> None:
    first = auth.sign_in(db, name, DEMO_PASSWORD)
    auth.set_password(db, first.actor, name, new, current_password=DEMO_PASSWORD)


def test_local_user_where_the_facility_allows_it(demo_db: Database, capsys: Any,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """With sign-in optional the local user reads and exports as the window's local user does;
    user administration still needs a signed-in administrator."""
    url = demo_db.url.render_as_string(hide_password=False)
    code, out, _ = run(capsys, monkeypatch, "", "info", "--db", url)
    assert code == 0 and "Facility" in out
    code, _, err = run(capsys, monkeypatch, "a password 123\n", "user", "add", "mallory", "--name",
                       "Mallory", "--role", "admin", "--password-stdin", "--db", url)
    assert code == 2 and "may not skip sign-in" in err
    code, _, err = run(capsys, monkeypatch, "", "sign", "publish", "--week", "2026-W49", "--db", url)
    assert code == 2 and "Name the signer" in err


def test_sign_in_required_gates_every_command_by_role(demo_db: Database, capsys: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """When the facility asks everyone to sign in, commands without a user are refused; an
    operator's audit list and optimize --apply are refused by role, audited under their name;
    the planner's work."""
    sign_in_required(demo_db)
    url = demo_db.url.render_as_string(hide_password=False)
    code, _, err = run(capsys, monkeypatch, "", "check", "--db", url)
    assert code == 2 and "Sign in first" in err
    own_password(demo_db, "operator", "operator pw 123")
    own_password(demo_db, "planner", "planner pw 123")
    for args in (["audit", "list"], ["optimize", "--from", "2026-11-30", "--to", "2026-12-07",
                                     "--apply", "--time-limit", "1"]):
        code, _, err = run(capsys, monkeypatch, "operator pw 123\n", *args, "--user", "operator",
                           "--password-stdin", "--db", url)
        assert code == 2 and "Your role (operator) may not" in err, err
    denied = [e for e in entries(demo_db, actor=SYSTEM, username="operator") if e.action == "denied"]
    assert len(denied) == 2
    code, out, err = run(capsys, monkeypatch, "planner pw 123\n", "audit", "verify", "--user",
                         "planner", "--password-stdin", "--db", url)
    assert code == 0 and "intact" in out, err
    code, _, err = run(capsys, monkeypatch, "wrong password!\n", "check", "--user", "planner",
                       "--password-stdin", "--db", url)
    assert code == 2 and "Wrong user name or password" in err


def test_demo_password_must_be_changed_before_any_command(demo_db: Database, capsys: Any,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A password an administrator set (the demo's) works only to choose a new one."""
    sign_in_required(demo_db)
    url = demo_db.url.render_as_string(hide_password=False)
    code, _, err = run(capsys, monkeypatch, f"{DEMO_PASSWORD}\n", "info", "--user", "manager",
                       "--password-stdin", "--db", url)
    assert code == 2 and "necst user passwd --user manager" in err
    code, _, err = run(capsys, monkeypatch, f"{DEMO_PASSWORD}\nmanager pw 123\n", "user",
                       "passwd", "--user", "manager", "--password-stdin", "--db", url)
    assert code == 0, err
    code, out, _ = run(capsys, monkeypatch, "manager pw 123\n", "info", "--user", "manager",
                       "--password-stdin", "--db", url)
    assert code == 0 and "Facility" in out


def test_login_session_in_the_keyring(demo_db: Database, capsys: Any, ring: MemoryKeyring,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """necst login keeps a session token (never the password) in the keyring; later commands
    run as that user without a password; logout ends it on the database too."""
    sign_in_required(demo_db)
    own_password(demo_db, "admin", "admin pw 12345")
    url = demo_db.url.render_as_string(hide_password=False)
    code, out, err = run(capsys, monkeypatch, "admin pw 12345\n", "login", "--user", "admin",
                         "--password-stdin", "--minutes", "5", "--db", url)
    assert code == 0 and "Signed in as admin for 5 minutes" in out, err
    assert list(ring.store.values()) and "admin pw 12345" not in ring.store.values()
    token = next(iter(ring.store.values()))
    code, out, err = run(capsys, monkeypatch, "qa first pw 1\n", "user", "reset-password", "qa",
                         "--password-stdin", "--db", url)
    assert code == 0 and "Password of qa reset" in out, err
    resets = [e for e in entries(demo_db, actor=SYSTEM, entity="user")
              if e.command.startswith("Reset password")]
    assert resets and resets[-1].username == "admin"
    code, out, _ = run(capsys, monkeypatch, "", "logout", "--db", url)
    assert code == 0 and "Signed out" in out and not ring.store
    assert auth.resume(demo_db, token) is None
    code, _, err = run(capsys, monkeypatch, "", "info", "--db", url)
    assert code == 2 and "Sign in first" in err


def test_reset_keeps_a_lock_and_unlock_needs_a_reason(demo_db: Database, capsys: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """reset-password leaves a locked account locked and says how to unlock it; unlock takes a
    reason, kept in the audit trail."""
    own_password(demo_db, "admin", "admin pw 12345")
    for _ in range(auth.MAX_FAILED):
        with pytest.raises(auth.AuthError):
            auth.sign_in(demo_db, "qa", "a wrong guess!")
    url = demo_db.url.render_as_string(hide_password=False)
    code, out, err = run(capsys, monkeypatch, "admin pw 12345\nqa reset pw 1\n", "user",
                         "reset-password", "qa", "--user", "admin", "--password-stdin", "--db", url)
    assert code == 0 and "stays locked" in out, err
    assert auth.is_locked(demo_db, "qa")
    code, out, err = run(capsys, monkeypatch, "admin pw 12345\n", "user", "unlock", "qa",
                         "--reason", "QA lead confirmed by phone", "--user", "admin",
                         "--password-stdin", "--db", url)
    assert code == 0 and not auth.is_locked(demo_db, "qa"), err
    unlock = [e for e in entries(demo_db, actor=SYSTEM, entity="user")
              if e.command.startswith("Unlock account")]
    assert unlock[-1].reason == "QA lead confirmed by phone" and unlock[-1].username == "admin"
