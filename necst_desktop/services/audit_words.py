"""The audit trail in words: records, values and changes named as people name them.

One place turns an audit row's entity, ids and values into words ("booking K05-TIL-MEL in Suite 3",
"start Tue 01 Dec 07:00 → Wed 02 Dec 07:00"), so that the editing service (which stores the
record's words with each row and words its conflict messages), the audit viewer, the exports and
the command line all say the same thing. Ids are never shown bare: a suite is its name, a
campaign its code, an operator their name.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..persistence.repository import KIND_LABEL
from ..persistence.tables import ROWS, FacilityRow, UserRow

#: fields holding an id -> the entity kind they name
ID_FIELDS = {
    "suite_id": "suite", "campaign_id": "campaign", "client_id": "client",
    "product_id": "product", "operator_id": "operator", "predecessor_id": "campaign",
    "successor_id": "campaign", "slot_id": "slot",
}
#: fields whose values are instants (shown in the facility's time zone)
TIME_FIELDS = {"start", "end", "earliest_start", "due"}


class Names:
    """Looks up names by id within one session (cached). Records are never deleted, so an id in
    an old audit row always resolves, retired or not."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._cache: dict[tuple[str, int], Any] = {}
        self._users: dict[str, str] | None = None
        facility = session.execute(select(FacilityRow).order_by(FacilityRow.id).limit(1)).scalar()
        try:
            self.tz: tzinfo = ZoneInfo(facility.timezone) if facility is not None else UTC
        except Exception:  # a broken zone name must not hide the audit trail
            self.tz = UTC

    def row(self, kind: str, id_: int | None) -> Any:
        if id_ is None or kind not in ROWS:
            return None
        key = (kind, int(id_))
        if key not in self._cache:
            self._cache[key] = self.session.get(ROWS[kind], int(id_))
        return self._cache[key]

    def name(self, kind: str, id_: int | None) -> str:
        """A short name: a suite's name, a campaign's code, an operator's name."""
        row = self.row(kind, id_)
        if row is None:
            return f"{KIND_LABEL.get(kind, kind)} #{id_}" if id_ is not None else "—"
        return short_name(self, kind, _record_of(row))

    def full_name(self, username: str) -> str:
        if self._users is None:
            self._users = dict(self.session.execute(select(UserRow.username, UserRow.full_name)).all())
        return self._users.get(username) or username

    def when(self, value: Any, *, year: bool = False) -> str:
        dt = as_datetime(value)
        if dt is None:
            return str(value)
        return dt.astimezone(self.tz).strftime("%a %d %b %Y %H:%M" if year else "%a %d %b %H:%M")


def _record_of(row: Any) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in row.__table__.columns}


def as_datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str):
        try:
            dt = datetime.fromisoformat(value)
        except ValueError:
            return None
        return dt if dt.tzinfo else dt.replace(tzinfo=UTC)
    return None


def _day(value: Any) -> str:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value.strftime("%a %d %b") if isinstance(value, date) else str(value)


def short_name(names: Names, kind: str, rec: dict[str, Any]) -> str:
    """What people call a record in a title: 'K05-TIL-MEL', 'Suite 3', 'Tue 01 Dec early'."""
    if kind == "slot":
        if rec.get("campaign_id") is not None:
            return names.name("campaign", rec["campaign_id"])
        return str(rec.get("label") or rec.get("kind") or "slot")
    if kind == "roster_assignment":  # the operator may be what changed: not in the name
        return f"{_day(rec.get('day'))} {rec.get('shift_code', '')}".strip()
    if kind == "user":
        return str(rec.get("username") or "")
    if kind in ("suite", "operator", "facility"):
        return str(rec.get("name") or rec.get("code") or "")
    if kind == "cleaning_rule":
        return f"{rec.get('kind', '')} clean"
    if kind == "changeover_rule":
        return f"{rec.get('from_key', '')} → {rec.get('to_key', '')}"
    if kind == "leave":
        return (f"{names.name('operator', rec.get('operator_id'))} {_day(rec.get('start'))} – "
                f"{_day(rec.get('end'))}")
    if kind == "working_time_rules":
        return "working-time rules"
    for key in ("code", "name", "username"):
        if rec.get(key):
            return str(rec[key])
    if kind == "dependency":
        return (f"{names.name('campaign', rec.get('predecessor_id'))} → "
                f"{names.name('campaign', rec.get('successor_id'))}")
    return f"{KIND_LABEL.get(kind, kind)} #{rec.get('id')}"


def record_words(names: Names, kind: str, rec: dict[str, Any]) -> str:
    """The record in words for the audit trail: 'booking K05-TIL-MEL in Suite 3 - Cell Therapy
    BSC', 'daily clean in Suite 1 - Isolator A, Tue 01 Dec 17:00', 'campaign K05-TIL-MEL'."""
    if kind == "slot":
        suite = names.name("suite", rec.get("suite_id"))
        slot_kind = str(getattr(rec.get("kind"), "value", rec.get("kind")) or "")
        if slot_kind == "campaign":
            return f"booking {short_name(names, kind, rec)} in {suite}"
        if slot_kind == "changeover":
            label = str(rec.get("label") or "")
            pair = label.removeprefix("Changeover ").replace(" -> ", " → ")
            return f"changeover {pair} in {suite}".replace("changeover  in", "changeover in")
        if slot_kind == "cleaning":
            return f"{rec.get('label') or 'routine'} clean in {suite}, {names.when(rec.get('start'))}"
        return f"{slot_kind} {rec.get('label') or ''} in {suite}, {names.when(rec.get('start'))}" \
            .replace("  ", " ")
    label = KIND_LABEL.get(kind, kind)
    if kind == "working_time_rules":
        return "the working-time rules"
    if kind == "roster_assignment":
        return f"shift {rec.get('shift_code', '')} of {names.name('operator', rec.get('operator_id'))} " \
               f"on {_day(rec.get('day'))}"
    return f"{label} {short_name(names, kind, rec)}"


def value_words(names: Names, field: str, value: Any) -> str:
    """One stored value in words (ids as names, instants in facility time)."""
    if value is None or value == "":
        return "—"
    if field in ID_FIELDS:
        kind = ID_FIELDS[field]
        if kind == "slot":
            row = names.row("slot", value)
            return record_words(names, "slot", _record_of(row)) if row is not None else f"#{value}"
        return names.name(kind, value)
    if field in TIME_FIELDS and as_datetime(value) is not None:
        return names.when(value, year=True)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(value_words(names, "", v) for v in value) or "none"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    if field == "password_hash":
        return "(changed)"
    return str(value)


def field_words(field: str) -> str:
    return field.removesuffix("_id").replace("_", " ") if field in ID_FIELDS else field.replace("_", " ")


def change_words(names: Names, old: dict[str, Any] | None, new: dict[str, Any] | None) -> str:
    """'start Tue 01 Dec 2026 07:00 → Wed 02 Dec 2026 07:00; suite Suite 1 → Suite 3'."""
    old, new = old or {}, new or {}
    parts = []
    for key in list(dict.fromkeys([*old, *new])):
        if key in ("id", "version"):
            continue
        if key in old and key in new:
            parts.append(f"{field_words(key)} {value_words(names, key, old[key])} → "
                         f"{value_words(names, key, new[key])}")
        elif key in new:
            parts.append(f"{field_words(key)} {value_words(names, key, new[key])}")
        else:
            parts.append(f"{field_words(key)} was {value_words(names, key, old[key])}")
    return "; ".join(parts)


def past_tense(names: Names, action: str, entity: str, record: str, short: str,
               old: dict[str, Any] | None, new: dict[str, Any] | None) -> str:
    """What someone did to a record, as a clause: 'moved K05-TIL-MEL to Suite 3, Tue 01 Dec
    07:00', 'took booking K05-TIL-MEL off the plan', 'changed the priority of campaign K05'."""
    new = new or {}
    if action == "create":
        return f"created {record}"
    if action == "retire":
        return f"took {record} off the plan" if entity == "slot" else f"retired {record}"
    if action == "restore":
        return f"put {record} back" if entity == "slot" else f"restored {record}"
    keys = set(new) - {"source"}
    if entity == "slot" and keys and keys <= {"start", "end", "suite_id"}:
        where = []
        if "suite_id" in new:
            where.append(names.name("suite", new["suite_id"]))
        if "start" in new:
            where.append(names.when(new["start"]))
        if where:
            return f"moved {short} to {', '.join(where)}"
        return f"changed the end of {short} to {names.when(new['end'])}"
    if keys == {"status"} and new.get("status") == "cancelled":
        return f"cancelled {record}"
    if keys == {"pinned"}:
        return f"{'pinned' if new['pinned'] else 'unpinned'} {record}"
    if keys == {"released"} and new.get("released"):
        return f"released {record}"
    if entity == "roster_assignment" and keys == {"operator_id"}:
        return f"gave {record} to {names.name('operator', new['operator_id'])}"
    fields = ", ".join(field_words(k) for k in sorted(keys)) or "fields"
    return f"changed the {fields} of {record}"


def at_words(names: Names, at: datetime, now: datetime | None = None) -> str:
    """'at 14:12' today (facility time), else 'on Tue 01 Dec at 14:12'."""
    local = at.astimezone(names.tz)
    today = (now or datetime.now(UTC)).astimezone(names.tz).date()
    return f"at {local:%H:%M}" if local.date() == today else f"on {local:%a %d %b} at {local:%H:%M}"
