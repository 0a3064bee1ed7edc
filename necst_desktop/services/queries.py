"""Read-side services: what the window, the command line and the exports show.

Each function opens one read session (one user action) and returns plain domain objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.model import (
    Campaign,
    ChangeoverRule,
    CleaningRule,
    Client,
    Dependency,
    Facility,
    Leave,
    Operator,
    Product,
    RosterAssignment,
    ShiftDef,
    Slot,
    Suite,
    User,
    WorkingTimeRules,
)
from ..persistence import repository as repo
from ..persistence.db import Database
from ..persistence.tables import ROWS, AuditRow, ChangeCounterRow, FacilityRow, SlotRow


def is_empty(db: Database) -> bool:
    with db.read() as s:
        return s.execute(select(func.count()).select_from(FacilityRow)).scalar_one() == 0


def change_seq(db: Database) -> int:
    with db.read() as s:
        value = s.execute(select(ChangeCounterRow.value).where(ChangeCounterRow.id == 1)).scalar()
        return int(value or 0)


def slot_versions(db: Database, ids: set[int]) -> dict[int, int]:
    """The saved version of each of these bookings (has someone changed them since?)."""
    if not ids:
        return {}
    with db.read() as s:
        return {int(i): int(v) for i, v in s.execute(
            select(SlotRow.id, SlotRow.version).where(SlotRow.id.in_(sorted(ids)))).all()}


def entity(db: Database, kind: str, id_: int) -> Any:
    """One saved record (domain object) of ``kind`` by id, as it is now."""
    with db.read() as s:
        return repo.get(s, kind, id_)


def audit_usernames(db: Database) -> list[str]:
    """Everyone who has an entry in the audit trail, sorted (for the audit viewer's filter)."""
    with db.read() as s:
        return sorted(s.execute(select(AuditRow.username).distinct()).scalars())


@dataclass
class Snapshot:
    """Everything the planner works with, read in one transaction (a consistent picture)."""

    facility: Facility
    suites: list[Suite]
    clients: list[Client]
    products: list[Product]
    campaigns: list[Campaign]
    dependencies: list[Dependency]
    changeover_rules: list[ChangeoverRule]
    cleaning_rules: list[CleaningRule]
    shifts: list[ShiftDef]
    operators: list[Operator]
    leave: list[Leave]
    slots: list[Slot]
    assignments: list[RosterAssignment]
    working_time: WorkingTimeRules
    users: list[User]
    seq: int = 0
    index: dict[str, dict[int, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for kind in ("suites", "clients", "products", "campaigns", "operators", "slots"):
            self.index[kind] = repo.by_id(getattr(self, kind))

    def suite(self, id_: int) -> Suite:
        return self.index["suites"][id_]

    def campaign(self, id_: int) -> Campaign:
        return self.index["campaigns"][id_]

    def product(self, id_: int) -> Product:
        return self.index["products"][id_]

    def client(self, id_: int) -> Client:
        return self.index["clients"][id_]

    def slot_of(self, campaign_id: int) -> Slot | None:
        return next((s for s in self.slots if s.campaign_id == campaign_id), None)

    @property
    def unplanned(self) -> list[Campaign]:
        planned = {s.campaign_id for s in self.slots if s.campaign_id is not None}
        return [c for c in self.campaigns if c.is_open and c.id not in planned]


def load_snapshot(db: Database, *, start: datetime | None = None,
                  end: datetime | None = None) -> Snapshot:
    """A consistent picture of the facility; slots limited to [start, end) when given."""
    with db.read() as s:
        return snapshot_in(s, start=start, end=end)


def snapshot_in(s: Session, *, start: datetime | None = None,
                end: datetime | None = None) -> Snapshot:
    """The facility as ``s`` sees it (inside a write transaction: with its changes so far)."""
    from ..domain.errors import NecstError

    facilities = repo.list_all(s, "facility", order_by="id")
    if not facilities:
        raise NecstError("The database holds no facility yet. Create the demo facility with "
                         "'necst demo' or set one up in the window.")
    wt = repo.list_all(s, "working_time_rules", order_by="id")
    slot_stmt = select(SlotRow).where(SlotRow.retired.is_(False))
    if start is not None:
        slot_stmt = slot_stmt.where(SlotRow.end > start)
    if end is not None:
        slot_stmt = slot_stmt.where(SlotRow.start < end)
    slots = [repo.to_entity("slot", r)
             for r in s.execute(slot_stmt.order_by(SlotRow.suite_id, SlotRow.start)).scalars()]
    seq = s.execute(select(ChangeCounterRow.value).where(ChangeCounterRow.id == 1)).scalar()
    return Snapshot(
        facility=facilities[0],
        suites=repo.list_all(s, "suite"),
        clients=repo.list_all(s, "client"),
        products=repo.list_all(s, "product"),
        campaigns=repo.list_all(s, "campaign"),
        dependencies=repo.list_all(s, "dependency"),
        changeover_rules=repo.list_all(s, "changeover_rule"),
        cleaning_rules=repo.list_all(s, "cleaning_rule"),
        shifts=repo.list_all(s, "shift"),
        operators=repo.list_all(s, "operator"),
        leave=repo.list_all(s, "leave"),
        slots=slots,
        assignments=repo.list_all(s, "roster_assignment", order_by="day"),
        working_time=wt[0] if wt else WorkingTimeRules(),
        users=repo.list_all(s, "user", order_by="username"),
        seq=int(seq or 0),
    )


def counts(db: Database) -> dict[str, int]:
    """How many live records of each kind the database holds (for ``necst info``)."""
    out: dict[str, int] = {}
    with db.read() as s:
        for kind, row_cls in ROWS.items():
            out[kind] = s.execute(select(func.count()).select_from(row_cls)
                                  .where(row_cls.retired.is_(False))).scalar_one()
        out["audit_rows"] = s.execute(select(func.count()).select_from(AuditRow)).scalar_one()
    return out
