"""Translate between row classes and domain entities, and load them.

Rows and entities share field names, so one generic mapping serves every entity kind.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import NecstError, NotFoundError, ValidationError
from ..domain.model import ENTITIES
from ..domain.records import encode, from_record
from .tables import ROWS, Entity

T = TypeVar("T")

#: foreign-key fields -> the entity kind they point at
REFERENCES = {
    "client_id": "client",
    "product_id": "product",
    "suite_id": "suite",
    "campaign_id": "campaign",
    "operator_id": "operator",
    "predecessor_id": "campaign",
    "successor_id": "campaign",
    "slot_id": "slot",
}

KIND_LABEL = {
    "facility": "facility", "suite": "suite", "client": "client", "product": "product",
    "campaign": "campaign", "dependency": "dependency", "changeover_rule": "changeover rule",
    "cleaning_rule": "cleaning rule", "shift": "shift", "operator": "operator", "leave": "leave",
    "slot": "booking", "roster_assignment": "roster assignment",
    "working_time_rules": "working-time rules", "user": "user",
}


class UnreadableRecord(NecstError):
    """A stored row breaks the facility's rules (written around the app, or by an older version)."""


def to_entity(kind: str, row: Entity) -> Any:
    cls = ENTITIES[kind]
    record = {f.name: getattr(row, f.name) for f in dataclasses.fields(cls)}
    try:
        return from_record(cls, record)
    except ValidationError as e:
        name = record.get("code") or record.get("name") or f"#{record.get('id')}"
        raise UnreadableRecord(
            f"The database holds {KIND_LABEL.get(kind, kind)} {name} with a value the planner "
            f"does not accept ({e.field}: {e.message}). Nothing was changed; correct it in the "
            "database or restore a backup."
        ) from e


def to_columns(entity: Any) -> dict[str, Any]:
    """Column values for an entity (ids and versions excluded: the database owns them)."""
    values: dict[str, Any] = {}
    for f in dataclasses.fields(entity):
        if f.name in ("id", "version"):
            continue
        value = getattr(entity, f.name)
        if isinstance(value, enum.Enum):
            value = value.value
        elif isinstance(value, (datetime, date, str, int, float, bool)) or value is None:
            pass
        else:
            value = encode(value)
        values[f.name] = value
    return values


def get_row(session: Session, kind: str, id_: int, *, for_update: bool = False) -> Entity:
    row_cls = ROWS[kind]
    stmt = select(row_cls).where(row_cls.id == id_)
    if for_update:
        stmt = stmt.with_for_update()
    row = session.execute(stmt).scalar_one_or_none()
    if row is None:
        raise NotFoundError(f"There is no {KIND_LABEL.get(kind, kind)} with id {id_}.")
    return row


def get(session: Session, kind: str, id_: int) -> Any:
    return to_entity(kind, get_row(session, kind, id_))


def list_all(session: Session, kind: str, *, include_retired: bool = False,
             order_by: str | None = None) -> list[Any]:
    row_cls = ROWS[kind]
    stmt = select(row_cls)
    if not include_retired:
        stmt = stmt.where(row_cls.retired.is_(False))
    col = getattr(row_cls, order_by or ("code" if hasattr(row_cls, "code") else "id"))
    stmt = stmt.order_by(col, row_cls.id)
    return [to_entity(kind, r) for r in session.execute(stmt).scalars()]


def by_id(items: Sequence[T]) -> dict[int, T]:
    return {item.id: item for item in items}  # type: ignore[attr-defined]
