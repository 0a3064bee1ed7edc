"""Reading and verifying the audit trail (read-only: the app offers no way to change it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from ..persistence.audit_chain import GENESIS, row_digest
from ..persistence.db import Database
from ..persistence.tables import AuditRow, ChangeCounterRow
from .editing import AUDIT_FIELDS


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

    def __str__(self) -> str:
        if self.ok:
            return f"The audit trail is intact: {self.rows} rows, hash chain verified."
        return "The audit trail has been tampered with:\n" + "\n".join(f"- {p}" for p in self.problems)


def verify_chain(db: Database, *, batch: int = 5000) -> ChainReport:
    """Recompute every row's hash and the links between rows; report each break in words."""
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
    return ChainReport(not problems, count, problems)


def entries(db: Database, *, entity: str | None = None, entity_id: int | None = None,
            username: str | None = None, since: datetime | None = None,
            until: datetime | None = None, limit: int = 10_000,
            newest_first: bool = False) -> list[AuditEntry]:
    """Audit rows filtered by record, user and time, oldest first (or the newest ``limit``
    rows, newest first)."""
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
