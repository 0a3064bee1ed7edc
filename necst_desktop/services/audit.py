"""Reading and verifying the audit trail (read-only: the app offers no way to change it).

:func:`entries` gives the stored rows; :func:`actions` gives what a QA reviewer reads: one entry
per user action (one change number) saying who, when, what and why, with the changeovers and
cleans it recomputed folded under it, in the words of :mod:`services.audit_words` (campaign codes
and suite names, never bare ids). The viewer, the exports and ``necst audit list`` all use it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ..domain.model import Role
from ..persistence.audit_chain import GENESIS, row_digest
from ..persistence.db import Database
from ..persistence.tables import ROWS, AuditRow, ChangeCounterRow
from .audit_words import Names, change_words, record_words, value_words
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
    record: str = ""
    derived: bool = False


@dataclass(frozen=True)
class ChangeLine:
    """One record changed by an action, in words."""

    action: str
    entity: str
    entity_id: int
    record: str
    words: str
    derived: bool = False

    @property
    def text(self) -> str:
        return f"{self.record}: {self.words}" if self.words else self.record


@dataclass(frozen=True)
class AuditAction:
    """One user action (one change number): who, when, what and why."""

    change_seq: int
    at: datetime
    username: str
    who: str
    title: str
    reason: str
    action: str
    changes: list[ChangeLine] = field(default_factory=list)
    derived: list[ChangeLine] = field(default_factory=list)

    @property
    def is_undo(self) -> bool:
        return self.title.startswith("Undo: ")

    @property
    def is_redo(self) -> bool:
        return self.title.startswith("Redo: ")

    @property
    def what(self) -> str:
        """The records the user changed, in words (derived slots left out: see ``recomputed``)."""
        return "\n".join(c.text for c in self.changes)

    @property
    def recomputed(self) -> str:
        """'2 changeovers, 5 cleans recomputed (3 added, 4 taken off)' or ''."""
        if not self.derived:
            return ""
        kinds = Counter("changeover" if c.record.startswith("changeover") else "clean"
                        for c in self.derived)
        acts = Counter(c.action for c in self.derived)
        what = ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in sorted(kinds.items()))
        how = [f"{acts[a]} {w}" for a, w in (("create", "added"), ("restore", "put back"),
                                             ("retire", "taken off"), ("update", "changed"))
               if acts[a]]
        return f"{what} recomputed ({', '.join(how)})"


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


EVENT_WORDS = {"denied": "Refused", "sign": "Signed", "export": "Exported", "alert": "Alert"}


def _line(names: Names, r: Any) -> ChangeLine:
    record = r.record or (record_words(names, r.entity, _current(names, r.entity, r.entity_id))
                          if r.entity_id and names.row(r.entity, r.entity_id) is not None
                          else (r.entity.replace("_", " ") if r.entity else ""))
    if r.action == "update":
        words = change_words(names, r.old_values, r.new_values)
    elif r.action == "create":
        new = r.new_values or {}
        if r.entity == "slot" and new.get("start"):
            words = f"added, {names.when(new['start'])} to {names.when(new.get('end'))}"
        else:
            words = "created"
    elif r.action == "retire":
        words = "taken off the plan" if r.entity == "slot" else "retired"
    elif r.action == "restore":
        words = "put back on the plan" if r.entity == "slot" else "restored"
    else:  # events: a refusal, a signature, an export, a sign-in...
        words = "; ".join(f"{k.replace('_', ' ')}: {value_words(names, k, v)}"
                          for k, v in (r.new_values or {}).items())
    return ChangeLine(r.action, r.entity, r.entity_id, record, words, bool(r.derived))


def _current(names: Names, kind: str, id_: int) -> dict[str, Any]:
    row = names.row(kind, id_)
    return {c.key: getattr(row, c.key) for c in row.__table__.columns}


def group_actions(session: Session, rows: list[Any]) -> list[AuditAction]:
    """Audit rows (in id order) grouped into actions by change number, in words."""
    names = Names(session)
    out: list[AuditAction] = []
    by_seq: dict[int, list[Any]] = {}
    for r in rows:
        by_seq.setdefault(r.change_seq, []).append(r)
    for seq, group in by_seq.items():
        first = group[0]
        lines = [_line(names, r) for r in group]
        who = names.full_name(first.username)
        out.append(AuditAction(
            change_seq=seq, at=first.at, username=first.username,
            who=who if who == first.username else f"{who} ({first.username})",
            title=first.command, reason=first.reason, action=first.action,
            changes=[c for c in lines if not c.derived],
            derived=[c for c in lines if c.derived]))
    return out


def actions(db: Database, *, actor: Actor, entity: str | None = None,
            entity_id: int | None = None, username: str | None = None,
            since: datetime | None = None, until: datetime | None = None, limit: int = 2_000,
            newest_first: bool = False) -> list[AuditAction]:
    """One entry per user action, filtered by record, user and time: the newest ``limit``
    actions, oldest first (or newest first). An action touching the filtered record is shown
    whole, with every record it changed. Reading the trail needs the 'audit-read' role; one
    record's own history (``entity`` and ``entity_id``) any signed-in user may read."""
    one_record = bool(entity) and entity_id is not None
    EditingService(db, actor).authorize("record-history" if one_record else "audit-read")
    stmt = select(AuditRow.change_seq).distinct()
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
        seqs = list(s.execute(stmt.order_by(AuditRow.change_seq.desc()).limit(limit)).scalars())
        rows: list[Any] = []
        for i in range(0, len(seqs), 500):
            rows += s.execute(select(AuditRow).where(AuditRow.change_seq.in_(seqs[i:i + 500]))
                              ).scalars()
        rows.sort(key=lambda r: r.id)
        out = group_actions(s, rows)
    return list(reversed(out)) if newest_first else out
