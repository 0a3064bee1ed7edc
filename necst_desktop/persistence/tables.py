"""SQLAlchemy 2 typed mappings: one row class per domain entity, same field names.

Datetimes are stored in UTC (``UTCDateTime``); lists and nested value objects in JSON columns.
``version`` is SQLAlchemy's version counter, so every ORM update is a compare-and-set. Audit rows
are append-only: the app never updates or deletes them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    false,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on every backend."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: store aware datetimes only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), date: Date(), dict[str, Any]: JSON(),
                           list[Any]: JSON()}


class Entity(Base):
    """Columns every entity row has."""

    __abstract__ = True
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    retired: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}


class FacilityRow(Entity):
    __tablename__ = "facility"
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64))
    clean_hold_hours: Mapped[float] = mapped_column(Float)
    planning_buffer_hours: Mapped[float] = mapped_column(Float, default=0.0)
    local_sign_in_optional: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    idle_lock_minutes: Mapped[int] = mapped_column(Integer, default=15, server_default="15")


class SuiteRow(Entity):
    __tablename__ = "suite"
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    grade: Mapped[str] = mapped_column(String(1))
    capabilities: Mapped[list[Any]] = mapped_column(JSON)
    max_occupancy: Mapped[int] = mapped_column(Integer)
    area_m2: Mapped[float] = mapped_column(Float)
    notes: Mapped[str] = mapped_column(Text, default="")


class ClientRow(Entity):
    __tablename__ = "client"
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    contact_email: Mapped[str] = mapped_column(String(200), default="")


class ProductRow(Entity):
    __tablename__ = "product"
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"))
    modality: Mapped[str] = mapped_column(String(40))


class CampaignRow(Entity):
    __tablename__ = "campaign"
    code: Mapped[str] = mapped_column(String(32), unique=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"))
    duration_hours: Mapped[float] = mapped_column(Float)
    earliest_start: Mapped[datetime] = mapped_column(UTCDateTime())
    due: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    due_is_hard: Mapped[bool] = mapped_column(Boolean, default=False)
    priority: Mapped[int] = mapped_column(Integer, default=3)
    required_capabilities: Mapped[list[Any]] = mapped_column(JSON)
    staffing: Mapped[list[Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), index=True)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    suite_durations: Mapped[dict[str, Any]] = mapped_column(JSON)
    notes: Mapped[str] = mapped_column(Text, default="")


class DependencyRow(Entity):
    __tablename__ = "dependency"
    predecessor_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"))
    successor_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"))
    min_lag_hours: Mapped[float] = mapped_column(Float, default=0.0)


class ChangeoverRuleRow(Entity):
    __tablename__ = "changeover_rule"
    from_key: Mapped[str] = mapped_column(String(40))
    to_key: Mapped[str] = mapped_column(String(40))
    duration_hours: Mapped[float] = mapped_column(Float)
    steps: Mapped[list[Any]] = mapped_column(JSON)
    same_product: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    suite_id: Mapped[int | None] = mapped_column(ForeignKey("suite.id"), nullable=True)
    staff: Mapped[list[Any]] = mapped_column(JSON)


class CleaningRuleRow(Entity):
    __tablename__ = "cleaning_rule"
    kind: Mapped[str] = mapped_column(String(30))
    duration_hours: Mapped[float] = mapped_column(Float)
    every_days: Mapped[int] = mapped_column(Integer)
    tolerance_days: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[str] = mapped_column(String(5))
    window_end: Mapped[str] = mapped_column(String(5))
    qualification: Mapped[str] = mapped_column(String(40))
    staff_count: Mapped[int] = mapped_column(Integer, default=1)


class ShiftRow(Entity):
    __tablename__ = "shift"
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    start: Mapped[str] = mapped_column(String(5))
    end: Mapped[str] = mapped_column(String(5))
    night: Mapped[bool] = mapped_column(Boolean, default=False)
    colour: Mapped[str] = mapped_column(String(7), default="#888888")


class OperatorRow(Entity):
    __tablename__ = "operator"
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    contract_hours_week: Mapped[float] = mapped_column(Float)
    min_hours_week: Mapped[float] = mapped_column(Float, default=0.0)
    qualifications: Mapped[list[Any]] = mapped_column(JSON)
    days_off: Mapped[list[Any]] = mapped_column(JSON)


class LeaveRow(Entity):
    __tablename__ = "leave"
    operator_id: Mapped[int] = mapped_column(ForeignKey("operator.id"), index=True)
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(40), default="leave")


class SlotRow(Entity):
    __tablename__ = "slot"
    kind: Mapped[str] = mapped_column(String(20))
    suite_id: Mapped[int] = mapped_column(ForeignKey("suite.id"), index=True)
    start: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    end: Mapped[datetime] = mapped_column(UTCDateTime())
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id"), nullable=True, index=True)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    label: Mapped[str] = mapped_column(String(200), default="")
    steps: Mapped[list[Any]] = mapped_column(JSON)
    released: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(20), default="manual")


class RosterAssignmentRow(Entity):
    __tablename__ = "roster_assignment"
    operator_id: Mapped[int] = mapped_column(ForeignKey("operator.id"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    shift_code: Mapped[str] = mapped_column(String(32))
    start: Mapped[datetime] = mapped_column(UTCDateTime())
    end: Mapped[datetime] = mapped_column(UTCDateTime())
    slot_id: Mapped[int | None] = mapped_column(ForeignKey("slot.id"), nullable=True)
    qualification: Mapped[str | None] = mapped_column(String(40), nullable=True)


class WorkingTimeRulesRow(Entity):
    __tablename__ = "working_time_rules"
    min_rest_hours: Mapped[float] = mapped_column(Float)
    short_rest_hours: Mapped[float] = mapped_column(Float)
    short_rests_per_7_days: Mapped[int] = mapped_column(Integer)
    max_shift_hours: Mapped[float] = mapped_column(Float)
    max_week_hours: Mapped[float] = mapped_column(Float)
    max_avg_4_weeks: Mapped[float] = mapped_column(Float)
    max_avg_16_weeks: Mapped[float] = mapped_column(Float)
    weekly_rest_hours: Mapped[float] = mapped_column(Float)
    max_consecutive_days: Mapped[int] = mapped_column(Integer)
    min_consecutive_days_off: Mapped[int] = mapped_column(Integer)
    max_weekends_per_4_weeks: Mapped[int] = mapped_column(Integer)
    max_night_shifts_per_week: Mapped[int] = mapped_column(Integer)


class UserRow(Entity):
    __tablename__ = "app_user"
    username: Mapped[str] = mapped_column(String(32), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    roles: Mapped[list[Any]] = mapped_column(JSON)
    password_hash: Mapped[str] = mapped_column(String(200), default="")
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class AuditRow(Base):
    """One row per applied command: who, when (database clock), what, old, new, why.

    ``prev_hash``/``row_hash`` chain the rows so that any later edit outside the app shows.
    """

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    username: Mapped[str] = mapped_column(String(32), index=True)
    action: Mapped[str] = mapped_column(String(20))
    command: Mapped[str] = mapped_column(String(200))
    entity: Mapped[str] = mapped_column(String(40), index=True)
    entity_id: Mapped[int] = mapped_column(Integer, index=True)
    old_values: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True), nullable=True)
    new_values: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True), nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    change_seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), index=True)
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    row_hash: Mapped[str] = mapped_column(String(64), default="")
    #: the record in words when written ("booking K05-TIL-MEL in Suite 3"), never a bare id
    record: Mapped[str] = mapped_column(String(300), default="", server_default="")
    #: a changeover or clean recomputed as part of the action (folded under it when shown)
    derived: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class SignatureRow(Base):
    """An electronic signature: who (printed name), when (database clock), what it means, and
    exactly which version of which record it was made on. Append-only like the audit trail."""

    __tablename__ = "signature"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    username: Mapped[str] = mapped_column(String(32))
    printed_name: Mapped[str] = mapped_column(String(200))
    meaning: Mapped[str] = mapped_column(String(200))
    entity: Mapped[str] = mapped_column(String(40))
    entity_key: Mapped[str] = mapped_column(String(64), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    change_seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))


class AuthSessionRow(Base):
    """A signed-in session (the window's, or a short-lived ``necst login`` token): only the
    SHA-256 of the token is stored. On PostgreSQL only the server's sign-in function writes it."""

    __tablename__ = "auth_session"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(Integer, index=True)
    username: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ChangeCounterRow(Base):
    """A single row whose value grows with every committed command.

    Writers update it first in their transaction, which serialises writers (the lock that keeps
    overlapping bookings and the audit hash chain consistent) and lets other workstations see
    that something changed after a reconnect.
    """

    __tablename__ = "change_counter"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default="")


#: entity kind -> row class
ROWS: dict[str, type[Entity]] = {
    "facility": FacilityRow,
    "suite": SuiteRow,
    "client": ClientRow,
    "product": ProductRow,
    "campaign": CampaignRow,
    "dependency": DependencyRow,
    "changeover_rule": ChangeoverRuleRow,
    "cleaning_rule": CleaningRuleRow,
    "shift": ShiftRow,
    "operator": OperatorRow,
    "leave": LeaveRow,
    "slot": SlotRow,
    "roster_assignment": RosterAssignmentRow,
    "working_time_rules": WorkingTimeRulesRow,
    "user": UserRow,
}
