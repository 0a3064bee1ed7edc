"""Sign-in, passwords (argon2), lock-out, and electronic signatures.

Passwords are hashed with argon2id (argon2-cffi) and never logged, stored in clear or written to
the audit trail. After ``MAX_FAILED`` wrong passwords in a row an account is locked and an alert
row goes into the audit trail for the admins; only an admin's reset unlocks it (and forces a new
password at the next sign-in).

An electronic signature (21 CFR Part 11 §11.50, §11.200) asks for the password again at the
moment of signing and records the signer's printed name, the database time, the meaning, and a
hash of exactly the content signed; any later change to that content shows the signature as
superseded.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..domain.commands import Update
from ..domain.errors import NecstError, PermissionDeniedError
from ..domain.model import Role, SlotKind, User
from ..domain.records import to_record
from ..persistence import repository as repo
from ..persistence.db import Database
from ..persistence.tables import AuthSessionRow, SignatureRow, SlotRow, UserRow
from . import permissions
from .editing import SYSTEM, Actor, EditingService, notify_change, take_counter, write_audit

MAX_FAILED = 5
MIN_PASSWORD = 10
#: how long a window's sign-in lasts on the server (minutes); the idle lock asks again sooner
SESSION_MINUTES = 720
#: a sign-in made for one act (a signature, a password change, one command): minutes
FRESH_MINUTES = 5


class AuthError(NecstError):
    """Sign-in refused. The message never says whether the user name or the password was wrong."""


def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    check_password_rules(password)
    return str(_hasher().hash(password))


def check_password_rules(password: str) -> None:
    from ..domain.errors import ValidationError

    if len(password) < MIN_PASSWORD:
        raise ValidationError("password", f"must be at least {MIN_PASSWORD} characters long")
    if password.strip() != password:
        raise ValidationError("password", "must not start or end with a space")


def _verify(stored: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    if not stored:
        return False
    try:
        return bool(_hasher().verify(stored, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _actor(user: User, token: str = "") -> Actor:
    return Actor(user.username, frozenset(user.roles), user.full_name, token)


@dataclass(frozen=True)
class SignIn:
    actor: Actor
    must_change_password: bool

    @property
    def token(self) -> str:
        """The session token (kept by the window or, for ``necst login``, in the keyring)."""
        return self.actor.token


def _load_user(session: Session, username: str) -> UserRow | None:
    return session.execute(select(UserRow).where(UserRow.username == username.strip().lower(),
                                                 UserRow.retired.is_(False))).scalar_one_or_none()


def server_guarded(db: Database) -> bool:
    """Does this PostgreSQL database check passwords itself (migration 0004_security)?"""
    if db.is_sqlite:
        return False
    cached = getattr(db, "_necst_guarded", None)
    if cached is None:
        from ..persistence import pg_guards

        with db.engine.connect() as conn:
            cached = pg_guards.installed(conn)
        db._necst_guarded = cached  # type: ignore[attr-defined]
    return bool(cached)


def _new_token() -> tuple[str, str]:
    token = secrets.token_hex(32)
    return token, hashlib.sha256(token.encode()).hexdigest()


def _proof(params: str, password: str) -> str:
    """The argon2id hash of ``password`` with the salt and cost the server handed out (PHC
    prefix ``$argon2id$v=19$m=..,t=..,p=..$SALT``), base64 as in the PHC string."""
    import base64

    from argon2.low_level import Type, hash_secret_raw

    try:
        _, variant, version, costs, salt = params.split("$")
        cost = dict(part.split("=") for part in costs.split(","))
        raw = hash_secret_raw(password.encode(), base64.b64decode(salt + "=" * (-len(salt) % 4)),
                              time_cost=int(cost["t"]), memory_cost=int(cost["m"]),
                              parallelism=int(cost["p"]), hash_len=32,
                              type=Type.ID if variant == "argon2id" else Type.I,
                              version=int(version.split("=")[1]))
    except (ValueError, KeyError) as exc:
        raise AuthError(f"The server sent sign-in parameters this version cannot use ({exc}).") from None
    return base64.b64encode(raw).decode().rstrip("=")


NOT_GRANTED = ("This database role may not use the database's sign-in functions yet: the owner "
               "runs 'necst db grant-app-role ROLE' (again after an upgrade).")


def _server_sign_in(db: Database, username: str, password: str,
                    minutes: int) -> tuple[str, User | None, str]:
    from sqlalchemy.exc import ProgrammingError

    try:
        with db.engine.connect() as conn:
            params = conn.execute(text("SELECT necst_guard.auth_params(:u)"),
                                  {"u": username}).scalar()
        proof = _proof(str(params), password)
        with db.engine.begin() as conn:
            row = conn.execute(text("SELECT * FROM necst_guard.sign_in(:u, :p, :m)"),
                               {"u": username, "p": proof, "m": minutes}).mappings().one()
    except ProgrammingError as exc:
        if "permission denied" in str(exc).lower():
            raise NecstError(NOT_GRANTED) from None
        raise
    if row["outcome"] == "unknown":
        return "unknown", None, ""
    with db.read() as s:
        user = repo.to_entity("user", repo.get_row(s, "user", int(row["user_id"])))
    return str(row["outcome"]), user, str(row["token"] or "")


def _local_sign_in(db: Database, username: str, password: str,
                   minutes: int) -> tuple[str, User | None, str]:
    token, token_hash = _new_token()

    def work(session: Session) -> tuple[str, User | None, str]:
        # the row lock (and SQLite's write lock, taken at BEGIN) serialises concurrent tries,
        # and the counter is stepped by one UPDATE: every failure counts
        row = session.execute(select(UserRow).where(
            UserRow.username == username.strip().lower(), UserRow.retired.is_(False))
            .with_for_update()).scalar_one_or_none()
        if row is None:
            return "unknown", None, ""
        user = repo.to_entity("user", row)
        if row.locked:
            return "locked", user, ""
        table: Any = UserRow.__table__
        if _verify(row.password_hash, password):
            if row.failed_logins:
                session.execute(update(table).where(table.c.id == row.id).values(failed_logins=0))
            now = db.db_now(session)
            session.execute(delete(AuthSessionRow).where(AuthSessionRow.expires_at < now))
            session.add(AuthSessionRow(token_hash=token_hash, user_id=row.id,
                                       username=row.username, created_at=now,
                                       expires_at=now + timedelta(minutes=minutes)))
            return "ok", user, token
        failed = session.execute(
            update(table).where(table.c.id == row.id)
            .values(failed_logins=table.c.failed_logins + 1,
                    locked=table.c.failed_logins + 1 >= MAX_FAILED)
            .returning(table.c.locked)).scalar_one()
        return ("now-locked" if failed else "wrong"), user, ""

    result: tuple[str, User | None, str] = db.run_write(work)
    return result


def sign_in(db: Database, username: str, password: str, *,
            minutes: int = SESSION_MINUTES) -> SignIn:
    """Check a user name and password; count every failure (also under concurrent tries) and
    lock the account after MAX_FAILED. On success the session lasts ``minutes``."""
    editing = EditingService(db, SYSTEM)
    refused = AuthError("Wrong user name or password.")
    do = _server_sign_in if server_guarded(db) else _local_sign_in
    try:
        outcome, user, token = do(db, username, password, minutes)
    except StaleDataError:  # cannot happen with the locked UPDATE; never an internal error
        outcome, user, token = "wrong", None, ""
    who = username.strip().lower()[:32] or "?"
    if outcome == "ok":
        assert user is not None
        with db.acting_as(token):
            editing.record_event("sign-in", "user", user.id or 0, {"result": "signed in"},
                                 username=who)
        return SignIn(_actor(user, token), user.must_change_password)
    if outcome == "locked":
        editing.record_event("sign-in-refused", "user", (user.id or 0) if user else 0,
                             {"result": "account locked"}, username=who)
        raise AuthError("This account is locked after repeated wrong passwords. "
                        "Ask an administrator to unlock it.")
    if outcome == "now-locked":
        assert user is not None
        editing.record_event("alert", "user", user.id or 0,
                             {"alert": f"account '{who}' locked after {MAX_FAILED} wrong passwords",
                              "for": "admin"}, username=who)
        raise AuthError(f"Wrong password {MAX_FAILED} times: this account is now locked and the "
                        "administrators have been alerted.")
    editing.record_event("sign-in-refused", "user", (user.id or 0) if user else 0,
                         {"result": "wrong user name or password"}, username=who)
    raise refused


def resume(db: Database, token: str) -> SignIn | None:
    """The signed-in user of a session token, or None when it expired, was signed out, or the
    account was locked or retired since (``necst login`` keeps the token in the keyring)."""
    if not token:
        return None
    if server_guarded(db):
        with db.acting_as(token), db.read() as s:
            row = s.execute(text("SELECT * FROM necst_guard.whoami()")).mappings().first()
        if row is None or row["user_id"] is None:
            return None
        user_id = int(row["user_id"])
    else:
        token_hash = hashlib.sha256(token.encode()).hexdigest()
        with db.read() as s:
            found = s.execute(select(AuthSessionRow).where(
                AuthSessionRow.token_hash == token_hash,
                AuthSessionRow.expires_at > db.db_now(s))).scalar_one_or_none()
        if found is None:
            return None
        user_id = found.user_id
    with db.read() as s:
        row_ = s.get(UserRow, user_id)
        if row_ is None or row_.locked or row_.retired:
            return None
        user = repo.to_entity("user", row_)
    return SignIn(_actor(user, token), user.must_change_password)


def sign_out(db: Database, token: str) -> None:
    """End a session: its token no longer signs anyone in."""
    if not token:
        return
    if server_guarded(db):
        with db.acting_as(token), db.engine.begin() as conn:
            conn.execute(text("SELECT necst_guard.sign_out()"))
        return
    token_hash = hashlib.sha256(token.encode()).hexdigest()
    db.run_write(lambda s: s.execute(delete(AuthSessionRow)
                                     .where(AuthSessionRow.token_hash == token_hash)))


def local_actor() -> Actor:
    """The workstation's own login, for a session without sign-in (every role: one person)."""
    import getpass

    try:
        user = getpass.getuser()
    except Exception:
        user = "local"
    return Actor(f"local:{user}"[:32])


def local_sign_in_optional(db: Database) -> bool:
    """May the local user skip sign-in? Only on SQLite, and only when the facility allows it."""
    if not db.is_sqlite:
        return False
    with db.read() as s:
        facilities = repo.list_all(s, "facility", order_by="id")
    return bool(facilities and facilities[0].local_sign_in_optional)


def users_with_password(db: Database) -> int:
    with db.read() as s:
        return sum(1 for u in repo.list_all(s, "user") if u.password_hash and not u.retired)


def owner_connection(db: Database) -> str | None:
    """On PostgreSQL, the role name when connected as the tables' owner (or a superuser), who
    can switch every guard off and so is trusted by them; None otherwise."""
    if db.is_sqlite:
        return None
    with db.engine.connect() as conn:
        row = conn.execute(text(
            "SELECT session_user, pg_has_role(session_user, c.relowner, 'MEMBER') FROM pg_class c "
            "WHERE c.oid = to_regclass('public.audit_log')")).first()
    return str(row[0]) if row is not None and row[1] else None


def set_password(db: Database, actor: Actor, username: str, new_password: str, *,
                 current_password: str | None = None) -> None:
    """A user changes their own password (the current one is checked like a sign-in), or an
    administrator resets one, which forces a change at the next sign-in.

    A reset never unlocks a locked account: that is :func:`unlock`, with its own reason.
    """
    own = actor.username == username
    if not own:
        EditingService(db, actor).authorize("user-admin")
    new_hash = hash_password(new_password)
    with db.read() as s:
        row = _load_user(s, username)
        if row is None:
            raise NecstError(f"There is no user '{username}'.")
        user = repo.to_entity("user", row)
    if own:
        try:
            fresh = sign_in(db, username, current_password or "", minutes=FRESH_MINUTES)
        except AuthError as exc:
            if "locked" in str(exc):
                raise
            raise AuthError("The current password is wrong.") from None
        editor = Actor(actor.username, actor.roles | {Role.ADMIN}, actor.full_name, fresh.token)
        changes: dict[str, Any] = {"password_hash": new_hash, "must_change_password": False}
    else:
        editor = actor
        changes = {"password_hash": new_hash, "must_change_password": True}
    with db.acting_as(editor.token or db.session_token):
        EditingService(db, editor).apply(Update(
            label="Change password" if own else "Reset password",
            reason="password changed by its user" if own else f"password reset by {actor.username}",
            entity="user", id=user.id or 0, changes=changes, expected_version=user.version))


def is_locked(db: Database, username: str) -> bool:
    with db.read() as s:
        row = _load_user(s, username)
        return bool(row is not None and row.locked)


def unlock(db: Database, actor: Actor, username: str, reason: str) -> None:
    """An administrator unlocks an account locked by wrong passwords, saying why (audited)."""
    from ..domain.errors import ValidationError

    EditingService(db, actor).authorize("user-admin")
    if not reason.strip():
        raise ValidationError("reason", "say why the account may be unlocked (kept in the audit "
                              "trail)")
    with db.read() as s:
        row = _load_user(s, username)
        if row is None:
            raise NecstError(f"There is no user '{username}'.")
        user = repo.to_entity("user", row)
    if not user.locked and not user.failed_logins:
        raise NecstError(f"The account '{user.username}' is not locked.")
    EditingService(db, actor).apply(Update(
        label="Unlock account", reason=reason.strip(), entity="user", id=user.id or 0,
        changes={"locked": False, "failed_logins": 0}, expected_version=user.version))


# --- electronic signatures ------------------------------------------------------------------


def content_hash(content: Any) -> str:
    blob = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def week_key(monday: date) -> str:
    iso = monday.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def _week_content(session: Session, monday: date, tz: Any) -> list[dict[str, Any]]:
    start = datetime.combine(monday, datetime.min.time(), tzinfo=tz)
    end = datetime.combine(monday + timedelta(days=7), datetime.min.time(), tzinfo=tz)
    rows = session.execute(select(SlotRow).where(SlotRow.retired.is_(False), SlotRow.start < end,
                                                 SlotRow.end > start)
                           .order_by(SlotRow.id)).scalars()
    return [{k: v for k, v in to_record(repo.to_entity("slot", r)).items() if k != "version"}
            for r in rows]


@dataclass(frozen=True)
class Signature:
    id: int
    at: datetime
    username: str
    printed_name: str
    meaning: str
    entity: str
    entity_key: str
    content_hash: str
    status: str  # "valid" or "superseded"

    def __str__(self) -> str:
        return (f"{self.meaning} — signed by {self.printed_name} ({self.username}) on "
                f"{self.at:%Y-%m-%d %H:%M:%S} UTC — {self.status}")


def _current_hash(session: Session, entity: str, key: str, tz: Any) -> str:
    if entity == "plan_week":
        return content_hash(_week_content(session, date.fromisoformat(key), tz))
    obj = repo.get(session, entity, int(key))
    return content_hash(to_record(obj))


def _signer(db: Database, username: str, password: str, operation: str, what: str) -> SignIn:
    """The two components at the moment of signing, a password the signer set themselves, and
    the role the signature's meaning needs; a refusal is written to the audit trail."""
    who = sign_in(db, username, password, minutes=FRESH_MINUTES)
    editing = EditingService(db, who.actor)
    with db.acting_as(who.token):
        if who.must_change_password:
            editing.record_event("denied", "signature", 0,
                                 {"operation": what, "why": "password set by an administrator"})
            raise AuthError(f"{who.actor.username} must first replace the password an "
                            "administrator set (sign in and choose a new one) before signing: "
                            "a signature is made with a password only its signer knows.")
        try:
            editing.authorize(operation)
        except PermissionDeniedError:
            raise PermissionDeniedError(
                f"{who.actor.username} may not sign '{what}': this needs the "
                f"{' or '.join(sorted(r.value for r in permissions.OPERATION_ROLES[operation]))} "
                "role.") from None
    return who


def _write_signature(db: Database, who: SignIn, meaning: str, entity: str, key: str) -> Signature:
    facility_tz = _facility_tz(db)
    actor = who.actor

    def work(session: Session) -> Signature:
        counter = take_counter(session)
        now = db.db_now(session)
        digest = _current_hash(session, entity, key, facility_tz)
        row = SignatureRow(at=now, username=actor.username,
                           printed_name=actor.full_name or actor.username,
                           meaning=meaning, entity=entity, entity_key=key, content_hash=digest,
                           change_seq=counter.value)
        session.add(row)
        session.flush()
        write_audit(session, counter, now, actor.username, f"Sign: {meaning}", "",
                    [{"action": "sign", "entity": entity, "entity_id": int(key) if key.isdigit() else 0,
                      "old_values": None, "new_values": {"meaning": meaning, "key": key,
                                                         "content_hash": digest,
                                                         "signature_id": row.id}}])
        notify_change(session, counter.value)
        return Signature(row.id, now, row.username, row.printed_name, meaning, entity, key, digest,
                         "valid")

    with db.acting_as(who.token):
        result: Signature = db.run_write(work)
    return result


def sign(db: Database, username: str, password: str, meaning: str, entity: str, key: str) -> Signature:
    """Sign one record (``entity``, id as ``key``) or a week's plan (``plan_week``, Monday date).

    The meaning decides the role the signer needs (``permissions.SIGNING_OPERATIONS``): an
    operator's "plan approved" is refused, not printed as an approval."""
    operation = permissions.signing_operation(meaning)
    who = _signer(db, username, password, operation, meaning)
    return _write_signature(db, who, meaning, entity, key)


def publish_week(db: Database, username: str, password: str, monday: date) -> Signature:
    """Publish (approve) a week's plan: planners and managers only, with a signature."""
    return sign(db, username, password, f"plan approved for {week_key(monday)}", "plan_week",
                monday.isoformat())


def release_changeover(db: Database, username: str, password: str, slot_id: int) -> Signature:
    """QA release of a changeover: the signature and the 'released' flag, QA role only."""
    with db.read() as s:
        slot = repo.get(s, "slot", slot_id)
    if slot.kind != SlotKind.CHANGEOVER:
        raise NecstError("Only a changeover can be released by QA.")
    who = _signer(db, username, password, "release", "changeover released")
    with db.acting_as(who.token):
        EditingService(db, who.actor).apply(Update(label="QA release of changeover", entity="slot",
                                                   id=slot_id, changes={"released": True},
                                                   expected_version=slot.version,
                                                   reason="changeover released"))
    return _write_signature(db, who, "changeover released", "slot", str(slot_id))


def signatures(db: Database, entity: str | None = None, key: str | None = None) -> list[Signature]:
    """Signatures with their status: 'superseded' once the signed content changed."""
    tz = _facility_tz(db)
    out = []
    with db.read() as s:
        stmt = select(SignatureRow).order_by(SignatureRow.id)
        if entity is not None:
            stmt = stmt.where(SignatureRow.entity == entity)
        if key is not None:
            stmt = stmt.where(SignatureRow.entity_key == key)
        for r in s.execute(stmt).scalars():
            try:
                current = _current_hash(s, r.entity, r.entity_key, tz)
            except NecstError:
                current = ""
            status = "valid" if current == r.content_hash else "superseded"
            out.append(Signature(r.id, r.at, r.username, r.printed_name, r.meaning, r.entity,
                                 r.entity_key, r.content_hash, status))
    return out


def _facility_tz(db: Database) -> Any:
    from zoneinfo import ZoneInfo

    with db.read() as s:
        facilities = repo.list_all(s, "facility", order_by="id")
    return facilities[0].tz if facilities else ZoneInfo("Europe/Amsterdam")
