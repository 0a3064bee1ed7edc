"""Issue 21, failures 1-5: an attacker at a workstation, holding the application's database role,
tries what the security review tried. Each test repeats the attacker's steps; on PostgreSQL where
the failure was on PostgreSQL."""

from __future__ import annotations

import io
import json
import threading
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import text

from necst_desktop.cli import main
from necst_desktop.domain.commands import Create
from necst_desktop.domain.errors import NecstError, PermissionDeniedError
from necst_desktop.domain.model import SlotKind
from necst_desktop.persistence.audit_chain import row_digest
from necst_desktop.persistence.db import Database
from necst_desktop.services import auth
from necst_desktop.services.audit import verify_chain
from necst_desktop.services.demo import DEMO_PASSWORD
from necst_desktop.services.editing import SYSTEM, EditingService
from necst_desktop.services.queries import load_snapshot
from tests.services.conftest import Attack

NEW = {"admin": "admin's own pw 1", "qa": "qa's own password", "manager": "manager pw 12345",
       "operator": "operator pw 12345", "planner": "planner pw 12345"}


def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, stdin: str,
        *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def own_password(db: Database, name: str) -> str:
    """The demo user replaces the first password (as the window asks at the first sign-in)."""
    first = auth.sign_in(db, name, DEMO_PASSWORD)
    auth.set_password(db, first.actor, name, NEW[name], current_password=DEMO_PASSWORD)
    return NEW[name]


def signed_in(db: Database, name: str) -> auth.SignIn:
    result = auth.sign_in(db, name, NEW[name])
    db.session_token = result.token
    return result


def a_changeover(db: Database) -> int:
    snap = load_snapshot(db)
    return next(s.id for s in snap.slots if s.kind == SlotKind.CHANGEOVER and s.id)


# --- 1. the command line asks who you are ---------------------------------------------------


@pytest.mark.postgres
def test_cli_as_the_app_role_needs_a_signed_in_user(attack: Attack, capsys: Any,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """As the application role: user add, reset-password, optimize --apply, export client and
    audit list without signing in are all refused; a QA signature with a password the admin
    just set is refused; the same commands signed in with the right role work."""
    url = attack.app_url
    for stdin, args in [
        ("pw-of-mallory-1\n", ["user", "add", "mallory", "--role", "admin", "--name", "Mallory",
                               "--password-stdin"]),
        ("a new qa password\n", ["user", "reset-password", "qa", "--password-stdin"]),
        ("", ["optimize", "--from", "2026-11-30", "--to", "2026-12-07", "--time-limit", "1",
              "--apply"]),
        ("", ["export", "client", "LUMC-HEM", "-o", "/tmp/never-written.xlsx"]),
        ("", ["audit", "list"]),
    ]:
        code, _, err = cli(capsys, monkeypatch, stdin, *args, "--db", url)
        assert code == 2 and "Sign in first" in err, (args, err)
    with attack.owner.read() as s:
        assert s.execute(text("SELECT count(*) FROM app_user WHERE username = 'mallory'")).scalar() == 0
    app = attack.app()
    # the admin signs in (first replacing the demo password) and resets QA's password ...
    code, _, err = cli(capsys, monkeypatch, f"{DEMO_PASSWORD}\n{NEW['admin']}\n", "user", "passwd",
                       "--user", "admin", "--password-stdin", "--db", url)
    assert code == 0, err
    code, out, err = cli(capsys, monkeypatch, f"{NEW['admin']}\nset by the admin 1\n", "user",
                         "reset-password", "qa", "--user", "admin", "--password-stdin", "--db", url)
    assert code == 0, err
    # ... and tries to sign as QA with the password just set
    slot = a_changeover(app)
    code, _, err = cli(capsys, monkeypatch, "set by the admin 1\n", "sign", "release", str(slot),
                       "--user", "qa", "--password-stdin", "--db", url)
    assert code == 2 and "must first replace the password" in err
    assert auth.signatures(app) == []
    # an operator signed in may not read the audit trail nor export a client workbook
    own_password(app, "operator")
    for args in (["audit", "list"], ["export", "client", "LUMC-HEM", "-o", "/tmp/x.xlsx"]):
        code, _, err = cli(capsys, monkeypatch, f"{NEW['operator']}\n", *args, "--user",
                           "operator", "--password-stdin", "--db", url)
        assert code == 2 and "may not" in err, err
    # the manager may read it, and the trail verifies: nothing above was done behind its back
    own_password(app, "manager")
    code, out, err = cli(capsys, monkeypatch, f"{NEW['manager']}\n", "audit", "verify", "--user",
                         "manager", "--password-stdin", "--db", url)
    assert code == 0 and "intact" in out, out + err
    app.dispose()


# --- 2. signing needs a password the signer set ----------------------------------------------


def test_signing_is_refused_while_the_password_is_one_an_admin_set(demo_db: Database) -> None:
    """An administrator resets QA's password and cannot use it to sign as QA; once QA chose
    their own, QA signs. An operator's "plan approved" is refused, never printed as approval."""
    admin = auth.sign_in(demo_db, "admin", DEMO_PASSWORD).actor
    auth.set_password(demo_db, admin, "qa", "chosen by admin 1")
    slot = a_changeover(demo_db)
    with pytest.raises(auth.AuthError, match="must first replace the password"):
        auth.release_changeover(demo_db, "qa", "chosen by admin 1", slot)
    assert auth.signatures(demo_db) == []
    first = auth.sign_in(demo_db, "qa", "chosen by admin 1")
    auth.set_password(demo_db, first.actor, "qa", NEW["qa"], current_password="chosen by admin 1")
    assert auth.release_changeover(demo_db, "qa", NEW["qa"], slot).username == "qa"
    own_password(demo_db, "operator")
    from datetime import date

    with pytest.raises(PermissionDeniedError, match="may not sign"):
        auth.sign(demo_db, "operator", NEW["operator"], "plan approved for 2026-W49", "plan_week",
                  date(2026, 11, 30).isoformat())
    with pytest.raises(PermissionDeniedError, match="not a signature meaning"):
        auth.sign(demo_db, "qa", NEW["qa"], "approved by the board", "slot", str(slot))
    assert [s.meaning for s in auth.signatures(demo_db)] == ["changeover released"]


# --- 3. the database guards itself ----------------------------------------------------------


@pytest.mark.postgres
def test_app_role_sql_is_refused_or_reported_by_audit_verify(attack: Attack) -> None:
    """The attacker's own SQL as the application role: the slot move is reported by audit
    verify, the role and lock-out changes are refused by the server, and no password hash can
    be read. Triggers cannot be switched off by this role."""
    app = attack.app()
    own_password(app, "manager")
    manager = signed_in(app, "manager").actor
    assert verify_chain(app, actor=manager).ok
    for _ in range(auth.MAX_FAILED):  # the attacker guessed QA's password and locked it
        with pytest.raises(auth.AuthError):
            auth.sign_in(app, "qa", "a wrong guess")
    refused = []
    for stmt in ("UPDATE app_user SET roles='[\"admin\"]'",
                 "UPDATE app_user SET locked=false, failed_logins=0",
                 "SELECT * FROM necst_guard.user_secret",
                 "SELECT token_hash FROM auth_session",
                 "DELETE FROM slot",
                 "ALTER TABLE slot DISABLE TRIGGER ALL",
                 "SET session_replication_role = replica",
                 "CREATE FUNCTION public.sha256(bytea) RETURNS bytea LANGUAGE sql AS 'SELECT $1'",
                 "UPDATE necst_guard.log SET new = NULL",
                 "INSERT INTO signature (at, username, printed_name, meaning, entity, entity_key, "
                 "content_hash, change_seq) VALUES (now(), 'qa', 'QA', 'changeover released', "
                 "'slot', '31', 'x', 1)"):
        try:
            with Database(attack.app_url).engine.begin() as conn:
                conn.execute(text(stmt))
        except Exception as exc:
            refused.append(str(exc).lower())
        else:
            refused.append(f"done: {stmt}")
    odd = [r for r in refused if not ("permission denied" in r or "must be owner" in r
                                       or "necst refused" in r)]
    assert not odd, odd
    with app.engine.connect() as conn:
        hashes = {r[0] for r in conn.execute(text("SELECT password_hash FROM app_user"))}
        qa = conn.execute(text("SELECT locked, failed_logins, roles FROM app_user "
                               "WHERE username = 'qa'")).one()
    assert hashes <= {"", "server"}
    assert qa.locked and qa.failed_logins == auth.MAX_FAILED and qa.roles == ["qa"]
    # a change the server allows is reported by audit verify, with who and what
    with Database(attack.app_url).engine.begin() as conn:
        conn.execute(text("UPDATE slot SET start = start - interval '30 days'"))
    report = verify_chain(app, actor=manager)
    assert not report.ok
    assert any("was changed outside the app" in p and p.startswith("slot ")
               and "nobody signed in" in p and f"database role {attack.role}" in p
               for p in report.problems), report.problems[:3]
    app.dispose()


@pytest.mark.postgres
def test_a_forged_audit_row_is_detected(attack: Attack) -> None:
    """The attacker writes an audit row that claims a QA release, recomputes its hash with the
    public row_digest and moves change_counter.last_hash on: the hash chain alone would verify,
    but audit verify reports the row as forged (nobody was signed in as QA). Signed in as an
    operator, a forged QA row is reported too."""
    app = attack.app()
    slot = a_changeover(app)
    own_password(app, "operator")

    def forge(token: str = "") -> None:
        with Database(attack.app_url).engine.begin() as conn:
            if token:
                conn.execute(text("SELECT set_config('necst.session', :t, true)"), {"t": token})
            last = conn.execute(text("SELECT id, row_hash FROM audit_log ORDER BY id DESC LIMIT 1")).one()
            seq = conn.execute(text("SELECT value FROM change_counter")).scalar_one() + 1
            at = conn.execute(text("SELECT clock_timestamp()")).scalar_one()
            row = {"id": last.id + 1, "at": at, "username": "qa", "action": "sign",
                   "command": "Sign: changeover released", "entity": "slot", "entity_id": slot,
                   "old_values": None, "new_values": {"meaning": "changeover released",
                                                      "key": str(slot)},
                   "reason": "", "change_seq": seq}
            digest = row_digest(last.row_hash, row)
            conn.execute(text(
                "INSERT INTO audit_log (id, at, username, action, command, entity, entity_id, "
                "old_values, new_values, reason, change_seq, prev_hash, row_hash) VALUES (:id, :at, "
                ":username, :action, :command, :entity, :entity_id, NULL, :nv, '', :change_seq, "
                ":prev, :h)"), {**row, "nv": json.dumps(row["new_values"]), "prev": last.row_hash,
                                "h": digest})
            conn.execute(text("UPDATE change_counter SET value = :s, last_hash = :h"),
                         {"s": seq, "h": digest})

    forge()
    own_password(app, "manager")
    manager = signed_in(app, "manager").actor
    report = verify_chain(app, actor=manager)
    assert not report.ok and not any("changed after it was written" in p for p in report.problems)
    assert any("'Sign: changeover released' by qa" in p and "nobody was signed in" in p
               and "forged" in p for p in report.problems), report.problems
    forge(signed_in(app, "operator").token)
    problems = verify_chain(app, actor=manager).problems
    assert any("while operator was signed in: it is forged" in p for p in problems), problems
    app.dispose()


@pytest.mark.postgres
def test_an_operator_session_cannot_act_beyond_its_role_in_sql(attack: Attack) -> None:
    """Signed in as an operator, the attacker releases a changeover in SQL (refused by the
    server) and renames a suite with a matching audit row in their own name (reported by audit
    verify: an operator may not change suites)."""
    app = attack.app()
    own_password(app, "operator")
    op = signed_in(app, "operator")
    with pytest.raises(Exception, match="QA user may release"), \
            Database(attack.app_url).engine.begin() as conn:
        conn.execute(text("SELECT set_config('necst.session', :t, true)"), {"t": op.token})
        conn.execute(text("UPDATE slot SET released = true WHERE kind = 'changeover'"))
    with Database(attack.app_url).engine.begin() as conn:
        conn.execute(text("SELECT set_config('necst.session', :t, true)"), {"t": op.token})
        suite = conn.execute(text("SELECT id, name FROM suite ORDER BY id LIMIT 1")).one()
        conn.execute(text("UPDATE suite SET name = 'Rogue', version = version + 1 WHERE id = :i"),
                     {"i": suite.id})
        last = conn.execute(text("SELECT id, row_hash FROM audit_log ORDER BY id DESC LIMIT 1")).one()
        seq = conn.execute(text("SELECT value FROM change_counter")).scalar_one() + 1
        at = conn.execute(text("SELECT clock_timestamp()")).scalar_one()
        row = {"id": last.id + 1, "at": at, "username": "operator", "action": "update",
               "command": "Edit suite", "entity": "suite", "entity_id": suite.id,
               "old_values": {"name": suite.name}, "new_values": {"name": "Rogue"}, "reason": "",
               "change_seq": seq}
        digest = row_digest(last.row_hash, row)
        conn.execute(text(
            "INSERT INTO audit_log (id, at, username, action, command, entity, entity_id, "
            "old_values, new_values, reason, change_seq, prev_hash, row_hash) VALUES (:id, :at, "
            ":username, :action, :command, :entity, :entity_id, :ov, :nv, '', :change_seq, :prev, "
            ":h)"), {**row, "ov": json.dumps(row["old_values"]), "nv": json.dumps(row["new_values"]),
                     "prev": last.row_hash, "h": digest})
        conn.execute(text("UPDATE change_counter SET value = :s, last_hash = :h"),
                     {"s": seq, "h": digest})
    own_password(app, "manager")
    problems = verify_chain(app, actor=signed_in(app, "manager").actor).problems
    assert len(problems) == 1 and "operator's role may not change suite records" in problems[0]
    app.dispose()


# --- 4. every failed sign-in counts, in parallel too ------------------------------------------


def test_36_parallel_wrong_passwords_lock_the_account_at_the_threshold(db: Database) -> None:
    """36 wrong passwords at once: exactly MAX_FAILED are counted as wrong before the lock, the
    account is locked, every try gets one of the three clear messages, none an internal error."""
    EditingService(db, SYSTEM).apply(Create(entity="user", values={
        "username": "eva", "full_name": "Eva Tester", "roles": ["planner"],
        "password_hash": auth.hash_password("the right password")}))
    url = db.url.render_as_string(hide_password=False)
    answers: list[str] = []
    barrier = threading.Barrier(36)

    def guess(i: int) -> None:
        mine = Database(url)
        barrier.wait()
        try:
            auth.sign_in(mine, "eva", f"wrong guess {i:03d}")
            answers.append("signed in")
        except auth.AuthError as exc:
            answers.append(str(exc).split(":")[0].split(".")[0])
        except Exception as exc:  # an internal error: the test shows which
            answers.append(f"{type(exc).__name__}: {exc}")
        finally:
            mine.dispose()

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(36)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    counts = Counter(answers)
    assert counts == {"Wrong user name or password": auth.MAX_FAILED - 1,
                      f"Wrong password {auth.MAX_FAILED} times": 1,
                      "This account is locked after repeated wrong passwords": 36 - auth.MAX_FAILED}, counts
    with db.read() as s:
        row = s.execute(text("SELECT failed_logins, locked FROM app_user WHERE username='eva'")).one()
    assert tuple(row) == (auth.MAX_FAILED, True)
    with pytest.raises(auth.AuthError, match="locked"):
        auth.sign_in(db, "eva", "the right password")


def test_guard_constants_match_the_service() -> None:
    """The server's lock-out threshold and fresh-sign-in window are the app's."""
    from necst_desktop.persistence import pg_guards
    from necst_desktop.persistence.tables import ROWS

    assert pg_guards.MAX_FAILED == auth.MAX_FAILED and pg_guards.FRESH_MINUTES == auth.FRESH_MINUTES
    tables = {cls.__tablename__ for cls in ROWS.values()} | {"signature", "audit_log"}
    assert set(pg_guards.LOGGED_TABLES) == tables


@pytest.mark.postgres
def test_a_role_not_granted_the_guards_gets_a_clear_message(attack: Attack) -> None:
    """A role that was granted before the upgrade (no use of the guard schema yet) is told to
    ask the owner for 'necst db grant-app-role', not shown a database error."""
    with attack.owner.engine.begin() as conn:
        conn.execute(text(f'REVOKE USAGE ON SCHEMA necst_guard FROM "{attack.role}"'))
    app = attack.app()
    with pytest.raises(NecstError, match="grant-app-role"):
        auth.sign_in(app, "manager", DEMO_PASSWORD)
    app.dispose()
