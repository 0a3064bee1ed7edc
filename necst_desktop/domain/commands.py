"""Edit intents: every change to GMP data is one of these plain command objects.

A service applies a command in one transaction that also writes the audit rows, and returns the
records it changed, from which undo and redo are built when asked for (``services.undo``: on the
versions saved then, derived slots recomputed). Four primitive commands cover every entity;
intent helpers below give them user-facing labels ("Move booking", "Pin campaign") for the undo
stack and the audit trail. Nothing is hard-deleted: ``Retire`` hides a record and ``Restore`` brings it back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .model import ENTITIES, CampaignStatus, Slot
from .records import encode


@dataclass(frozen=True)
class Command:
    """Base of all commands. ``reason`` is the 'why' the audit trail keeps.

    ``derived`` marks a change that follows from other changes in the same command (a changeover
    or clean recomputed around a moved booking): the audit trail folds it under the user's action,
    and undo recomputes such records from the bookings instead of restoring old versions.
    """

    label: str = ""
    reason: str = ""
    derived: bool = False

    @property
    def title(self) -> str:
        return self.label or type(self).__name__


def _check_entity(entity: str) -> None:
    if entity not in ENTITIES:
        raise ValueError(f"unknown entity kind '{entity}'")


@dataclass(frozen=True)
class Create(Command):
    entity: str = ""
    values: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_entity(self.entity)


@dataclass(frozen=True)
class Update(Command):
    """Set fields of one record, provided nobody changed it since ``expected_version``."""

    entity: str = ""
    id: int = 0
    changes: dict[str, Any] = field(default_factory=dict)
    expected_version: int = 0

    def __post_init__(self) -> None:
        _check_entity(self.entity)
        forbidden = {"id", "version", "retired"} & set(self.changes)
        if forbidden:
            raise ValueError(f"field(s) {sorted(forbidden)} cannot be set by an update")


@dataclass(frozen=True)
class _RecordState(Command):
    entity: str = ""
    id: int = 0
    expected_version: int = 0

    def __post_init__(self) -> None:
        _check_entity(self.entity)


@dataclass(frozen=True)
class Retire(_RecordState):
    """Hide a record (nothing GMP-relevant is deleted); its inverse is Restore."""


@dataclass(frozen=True)
class Restore(_RecordState):
    """Bring a retired record back; its inverse is Retire."""


@dataclass(frozen=True)
class Batch(Command):
    """Several commands applied atomically as one undoable step (e.g. 'Apply optimized plan')."""

    commands: tuple[Command, ...] = ()


# --- intent helpers -------------------------------------------------------------------------


def move_slot(slot: Slot, start: datetime, end: datetime | None = None, suite_id: int | None = None,
              reason: str = "") -> Update:
    """Move (and optionally resize or re-suite) a booking."""
    if end is None:
        end = start.astimezone(UTC) + (slot.end.astimezone(UTC) - slot.start.astimezone(UTC))
    changes: dict[str, Any] = {"start": encode(start), "end": encode(end)}
    if suite_id is not None and suite_id != slot.suite_id:
        changes["suite_id"] = suite_id
    assert slot.id is not None
    return Update(label="Move booking", reason=reason, entity="slot", id=slot.id, changes=changes,
                  expected_version=slot.version)


def set_pinned(entity: str, id_: int, version: int, pinned: bool, reason: str = "") -> Update:
    return Update(label="Pin" if pinned else "Unpin", reason=reason, entity=entity, id=id_,
                  changes={"pinned": pinned}, expected_version=version)


def cancel_campaign(id_: int, version: int, reason: str) -> Update:
    return Update(label="Cancel campaign", reason=reason, entity="campaign", id=id_,
                  changes={"status": CampaignStatus.CANCELLED.value}, expected_version=version)
