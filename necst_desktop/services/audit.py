"""Reading and verifying the audit trail (read-only: the app offers no way to change it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ..domain.model import Role
from ..persistence.audit_chain import GENESIS, row_digest
from ..persistence.db import Database
from ..persistence.tables import ROWS, AuditRow, ChangeCounterRow
from .editing import AUDIT_FIELDS, Actor, EditingService
from .permissions import EDIT_ROLES, may_change

#: audit rows that are written while nobody is signed in (a refused or locked-out sign-in)
UNSIGNED_ACTIONS = frozenset({"sign-in-refused", "alert"})
#: server table -> entity kind
_KIND = {cls.__tablename__: kind for kind, cls in ROWS.items()}


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    username: str
    action: str
    command: str
    entity: str
    entity_id: int
    old_values: dict[str, Any] | None
    new_values: dict[str, Any] | None
    reason: str
    change_seq: int


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    rows: int
    problems: list[str]
    #: entries of the PostgreSQL server's own change log cross-checked (None: no such log)
    server_rows: int | None = None

    def __str__(self) -> str:
        if self.ok:
            server = ("" if self.server_rows is None else
                      f"; every change in the server's own log ({self.server_rows} entries) is "
                      "accounted for")
            return f"The audit trail is intact: {self.rows} rows, hash chain verified{server}."
        return "The audit trail has been tampered with:\n" + "\n".join(f"- {p}" for p in self.problems)


def verify_chain(db: Database, *, actor: Actor, batch: int = 5000) -> ChainReport:
    """Recompute every row's hash and the links between rows; on PostgreSQL also cross-check the
    server's own change log (see :mod:`persistence.pg_guards`). Report each problem in words."""
    from .auth import server_guarded

    EditingService(db, actor).authorize("audit-read")
    problems: list[str] = []
    prev = GENESIS
    count = 0
    last_id = 0
    with db.read() as s:
        final = s.execute(select(ChangeCounterRow.last_hash).where(ChangeCounterRow.id == 1)).scalar()
        while True:
            rows = list(s.execute(select(AuditRow).where(AuditRow.id > last_id)
                                  .order_by(AuditRow.id).limit(batch)).scalars())
            if not rows:
                break
            for row in rows:
                count += 1
                data = {c: getattr(row, c) for c in AUDIT_FIELDS}
                if row.prev_hash != prev:
                    problems.append(f"row {row.id} ({row.at:%Y-%m-%d %H:%M} {row.username}, "
                                    f"{row.command}) does not follow the row before it: a row was "
                                    "removed or inserted")
                if row_digest(row.prev_hash, data) != row.row_hash:
                    problems.append(f"row {row.id} ({row.at:%Y-%m-%d %H:%M} {row.username}, "
                                    f"{row.command}) was changed after it was written")
                prev = row.row_hash
                last_id = row.id
    if count and final is not None and final != prev:
        problems.append("the newest audit rows are missing (the chain ends before the last recorded change)")
    server_rows = None
    if server_guarded(db):
        from sqlalchemy.exc import ProgrammingError

        from ..domain.errors import NecstError
        from .auth import NOT_GRANTED

        try:
            with db.read() as s:
                server_rows = _cross_check(s, problems)
        except ProgrammingError as exc:
            if "permission denied" in str(exc).lower():
                raise NecstError(NOT_GRANTED.replace("sign-in functions", "change log")) from None
            raise
    return ChainReport(not problems, count, problems, server_rows)


def _changed(old: dict[str, Any] | None, new: dict[str, Any] | None) -> str:
    if old is None or new is None:
        return "created" if old is None else "deleted"
    keys = [k for k in new if k != "version" and old.get(k) != new.get(k)]
    shown = ", ".join(f"{k} {old.get(k)} -> {new.get(k)}" for k in keys[:3])
    return shown + (f" and {len(keys) - 3} more" if len(keys) > 3 else "")


def _cross_check(s: Session, problems: list[str]) -> int:
    """Every change the server logged, made by a connection it does not trust (the application
    role), must be the change an audit row of the same transaction records, made by the user
    who was signed in, with a role that may make it; and every audit row must be written by the
    user it names. Returns the number of entries in the server's log."""
    chain = s.execute(text("SELECT * FROM necst_guard.verify_log()")).mappings().one()
    if chain["first_bad"] is not None:
        problems.append(f"the server's change log was altered from entry {chain['first_bad']} on "
                        "(its keyed chain does not verify)")
    if not chain["complete"]:
        problems.append("entries of the server's change log are missing")
    groups: dict[int, list[Any]] = {}
    for r in s.execute(text(
            "SELECT id, txid, at, db_role, app_user, app_roles, tbl, row_id, op, old, new "
            "FROM necst_guard.log WHERE NOT trusted ORDER BY id")).mappings():
        groups.setdefault(int(r["txid"]), []).append(r)
    for group in groups.values():
        audits = [r for r in group if r["tbl"] == "audit_log"]
        covered: dict[tuple[str, int], str] = {}
        signatures: dict[int, str] = {}
        for a in audits:
            row = a["new"]
            claimed = row["username"]
            covered[(row["entity"], int(row["entity_id"]))] = claimed
            if row["action"] == "sign":
                signatures[int((row.get("new_values") or {}).get("signature_id") or 0)] = claimed
            if row["action"] in UNSIGNED_ACTIONS or a["app_user"] == claimed:
                continue
            who = (f"while {a['app_user']} was signed in" if a["app_user"] else
                   "while nobody was signed in")
            problems.append(f"audit row {row['id']} ('{row['command']}' by {claimed}) was written "
                            f"by database role {a['db_role']} {who}: it is forged")
        for d in group:
            if d["tbl"] == "audit_log":
                continue
            kind = "signature" if d["tbl"] == "signature" else _KIND.get(d["tbl"], d["tbl"])
            where = (f"{kind.replace('_', ' ')} {d['row_id']} ({d['op'].lower()} on "
                     f"{d['at']:%Y-%m-%d %H:%M:%S} UTC by database role {d['db_role']}, "
                     + (f"signed in as {d['app_user']}" if d["app_user"] else "nobody signed in")
                     + f"; {_changed(d['old'], d['new'])})")
            claimed_by = (signatures.get(int(d["row_id"])) if kind == "signature"
                          else covered.get((kind, int(d["row_id"]))))
            if claimed_by is None:
                problems.append(f"{where} was changed outside the app: no audit row records it")
            elif d["app_user"] != claimed_by:
                problems.append(f"{where}: the audit row names {claimed_by}, who was not the "
                                "signed-in user")
            elif kind in EDIT_ROLES and not _may(kind, d):
                problems.append(f"{where}: {d['app_user']}'s role may not change {kind} records")
    return int(chain["rows"])


def _may(kind: str, d: Any) -> bool:
    roles = {Role(r) for r in d["app_roles"] or [] if r in {x.value for x in Role}}
    changed = (None if d["old"] is None or d["new"] is None else
               {k for k in d["new"] if k != "version" and d["old"].get(k) != d["new"][k]})
    if may_change(roles, kind, changed):
        return True
    # one's own password: the server's guard checked the fresh sign-in
    return (kind == "user" and changed is not None and d["new"]["username"] == d["app_user"]
            and changed <= {"password_hash", "must_change_password"})


def entries(db: Database, *, actor: Actor, entity: str | None = None,
            entity_id: int | None = None, username: str | None = None,
            since: datetime | None = None, until: datetime | None = None, limit: int = 10_000,
            newest_first: bool = False) -> list[AuditEntry]:
    """Audit rows filtered by record, user and time, oldest first (or the newest ``limit``
    rows, newest first). Reading the trail needs the 'audit-read' role; one record's own
    history (``entity`` and ``entity_id``) any signed-in user may read."""
    one_record = bool(entity) and entity_id is not None
    EditingService(db, actor).authorize("record-history" if one_record else "audit-read")
    stmt = select(AuditRow).order_by(AuditRow.id.desc() if newest_first else AuditRow.id)
    if entity:
        stmt = stmt.where(AuditRow.entity == entity)
    if entity_id is not None:
        stmt = stmt.where(AuditRow.entity_id == entity_id)
    if username:
        stmt = stmt.where(AuditRow.username == username)
    if since is not None:
        stmt = stmt.where(AuditRow.at >= since)
    if until is not None:
        stmt = stmt.where(AuditRow.at < until)
    with db.read() as s:
        return [AuditEntry(**{c: getattr(r, c) for c in AUDIT_FIELDS})
                for r in s.execute(stmt.limit(limit)).scalars()]
