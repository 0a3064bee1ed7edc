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
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.commands import Update
from ..domain.errors import NecstError, PermissionDeniedError
from ..domain.model import Role, SlotKind, User
from ..domain.records import to_record
from ..persistence import repository as repo
from ..persistence.db import Database
from ..persistence.tables import SignatureRow, SlotRow, UserRow
from .editing import SYSTEM, Actor, EditingService, notify_change, take_counter, write_audit

MAX_FAILED = 5
MIN_PASSWORD = 10


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


def _actor(user: User) -> Actor:
    return Actor(user.username, frozenset(user.roles), user.full_name)


@dataclass(frozen=True)
class SignIn:
    actor: Actor
    must_change_password: bool


def _load_user(session: Session, username: str) -> UserRow | None:
    return session.execute(select(UserRow).where(UserRow.username == username.strip().lower(),
                                                 UserRow.retired.is_(False))).scalar_one_or_none()


def sign_in(db: Database, username: str, password: str) -> SignIn:
    """Check a user name and password; count failures and lock the account after MAX_FAILED."""
    editing = EditingService(db, SYSTEM)
    refused = AuthError("Wrong user name or password.")

    def work(session: Session) -> tuple[str, User | None]:
        row = _load_user(session, username)
        if row is None:
            return "unknown", None
        user = repo.to_entity("user", row)
        if row.locked:
            return "locked", user
        if _verify(row.password_hash, password):
            if row.failed_logins:
                row.failed_logins = 0
            return "ok", user
        row.failed_logins += 1
        if row.failed_logins >= MAX_FAILED:
            row.locked = True
            return "now-locked", user
        return "wrong", user

    outcome, user = db.run_write(work)
    who = username.strip().lower()[:32] or "?"
    if outcome == "ok":
        assert user is not None
        editing.record_event("sign-in", "user", user.id or 0, {"result": "signed in"}, username=who)
        return SignIn(_actor(user), user.must_change_password)
    if outcome == "locked":
        editing.record_event("sign-in-refused", "user", user.id if user else 0,
                             {"result": "account locked"}, username=who)
        raise AuthError("This account is locked after repeated wrong passwords. "
                        "Ask an administrator to reset the password.")
    if outcome == "now-locked":
        assert user is not None
        editing.record_event("alert", "user", user.id or 0,
                             {"alert": f"account '{who}' locked after {MAX_FAILED} wrong passwords",
                              "for": "admin"}, username=who)
        raise AuthError(f"Wrong password {MAX_FAILED} times: this account is now locked and the "
                        "administrators have been alerted.")
    editing.record_event("sign-in-refused", "user", user.id if user else 0,
                         {"result": "wrong user name or password"}, username=who)
    raise refused


def set_password(db: Database, actor: Actor, username: str, new_password: str, *,
                 current_password: str | None = None) -> None:
    """A user changes their own password (current one required), or an admin resets one.

    An admin reset unlocks the account and forces a change at the next sign-in.
    """
    own = actor.username == username
    if not own and Role.ADMIN not in actor.roles:
        raise PermissionDeniedError("Only an administrator may reset another user's password.")
    new_hash = hash_password(new_password)
    with db.read() as s:
        row = _load_user(s, username)
        if row is None:
            raise NecstError(f"There is no user '{username}'.")
        user = repo.to_entity("user", row)
    if own and not _verify(user.password_hash, current_password or ""):
        raise AuthError("The current password is wrong.")
    changes: dict[str, Any] = {"password_hash": new_hash, "must_change_password": not own,
                               "failed_logins": 0, "locked": False}
    admin_actor = actor if not own else Actor(actor.username, actor.roles | {Role.ADMIN},
                                              actor.full_name)
    EditingService(db, admin_actor).apply(Update(
        label="Change password" if own else "Reset password",
        reason="password changed by its user" if own else f"password reset by {actor.username}",
        entity="user", id=user.id or 0, changes=changes, expected_version=user.version))


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


def sign(db: Database, username: str, password: str, meaning: str, entity: str, key: str) -> Signature:
    """Sign one record (``entity``, id as ``key``) or a week's plan (``plan_week``, Monday date)."""
    who = sign_in(db, username, password).actor  # the two components, at the moment of signing
    facility_tz = _facility_tz(db)

    def work(session: Session) -> Signature:
        counter = take_counter(session)
        now = db.db_now(session)
        digest = _current_hash(session, entity, key, facility_tz)
        row = SignatureRow(at=now, username=who.username, printed_name=who.full_name or who.username,
                           meaning=meaning, entity=entity, entity_key=key, content_hash=digest,
                           change_seq=counter.value)
        session.add(row)
        session.flush()
        write_audit(session, counter, now, who.username, f"Sign: {meaning}", "",
                    [{"action": "sign", "entity": entity, "entity_id": int(key) if key.isdigit() else 0,
                      "old_values": None, "new_values": {"meaning": meaning, "key": key,
                                                         "content_hash": digest,
                                                         "signature_id": row.id}}])
        notify_change(session, counter.value)
        return Signature(row.id, now, row.username, row.printed_name, meaning, entity, key, digest,
                         "valid")

    result: Signature = db.run_write(work)
    return result


def publish_week(db: Database, username: str, password: str, monday: date) -> Signature:
    """Publish (approve) a week's plan: planners and managers only, with a signature."""
    actor = sign_in(db, username, password).actor
    if not actor.roles & {Role.PLANNER, Role.MANAGER}:
        EditingService(db, actor).record_event("denied", "plan_week", 0,
                                               {"command": "publish week", "week": week_key(monday)})
        raise PermissionDeniedError("Publishing a plan needs the planner or manager role.")
    return sign(db, username, password, f"plan approved for {week_key(monday)}", "plan_week",
                monday.isoformat())


def release_changeover(db: Database, username: str, password: str, slot_id: int) -> Signature:
    """QA release of a changeover: the signature and the 'released' flag, QA role only."""
    actor = sign_in(db, username, password).actor
    with db.read() as s:
        slot = repo.get(s, "slot", slot_id)
    if slot.kind != SlotKind.CHANGEOVER:
        raise NecstError("Only a changeover can be released by QA.")
    EditingService(db, actor).apply(Update(label="QA release of changeover", entity="slot",
                                           id=slot_id, changes={"released": True},
                                           expected_version=slot.version,
                                           reason="changeover released"))
    return sign(db, username, password, "changeover released", "slot", str(slot_id))


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
