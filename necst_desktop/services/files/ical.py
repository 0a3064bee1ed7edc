"""iCalendar out (RFC 5545, with the icalendar library): an operator's shifts, a client's campaigns.

Times are written in the facility's zone (``TZID=Europe/Amsterdam``) with its VTIMEZONE, so a
calendar shows a night shift across the clock change as 23:00-07:00 lasting 7 or 9 hours. UIDs
are derived from what the event *is* (operator, day and shift number; campaign code), not from
database ids, so importing a newer export updates the events instead of duplicating them;
SEQUENCE is the plan version, which only grows.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from ...domain.errors import NecstError
from ...domain.model import Operator, SlotKind
from ..editing import Actor
from ..queries import Snapshot
from .atomic import write_bytes_atomic
from .excel import find_client
from .safety import clean_text, has_control
from .views import Period, fmt_hours, nominal_hours

PRODID = "-//NECST//Suite Planner//EN"


def _domain(snap: Snapshot) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", snap.facility.name.lower()).strip("-") or "facility"
    return f"{slug}.necst-planner"


def _line(value: object) -> str:
    """One line of text for a calendar property: a line break in a stored name (written before
    names were checked) can never start a property of its own (an injected ATTENDEE:)."""
    text = clean_text(value)
    return "".join(" " if has_control(ch) else ch for ch in text).strip()


def _calendar(snap: Snapshot, name: str) -> object:
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _line(name))
    cal.add("x-wr-timezone", snap.facility.timezone)
    return cal


def _finish(cal: object) -> bytes:
    cal.add_missing_timezones()  # type: ignore[attr-defined]
    return cal.to_ical()  # type: ignore[attr-defined]


def _event(uid: str, summary: str, start: datetime, end: datetime, snap: Snapshot,
           stamp: datetime, description: str = "", location: str = "") -> object:
    from icalendar import Event

    tz = snap.facility.tz
    ev = Event()
    ev.add("uid", uid)
    ev.add("dtstamp", stamp)
    ev.add("sequence", snap.seq)
    ev.add("summary", _line(summary))
    ev.add("dtstart", start.astimezone(tz))
    ev.add("dtend", end.astimezone(tz))
    if description:
        ev.add("description", "\n".join(_line(part) for part in
                                          clean_text(description).splitlines()))
    if location:
        ev.add("location", _line(location))
    ev.add("transp", "OPAQUE")
    return ev


def find_operator(snap: Snapshot, code: str) -> Operator:
    for op in snap.operators:
        if op.code.lower() == code.lower():
            return op
    raise NecstError(f"There is no operator '{code}'.")


def operator_calendar(snap: Snapshot, operator_code: str, period: Period | None = None,
                      *, now: datetime | None = None) -> bytes:
    """The operator's shifts (all of them, or those in ``period``) as an .ics document."""
    op = find_operator(snap, operator_code)
    stamp = now or datetime.now(snap.facility.tz)
    shift_by_code = {s.code: s for s in snap.shifts}
    cal = _calendar(snap, f"{op.name} - shifts ({snap.facility.name})")
    mine = sorted((a for a in snap.assignments if a.operator_id == op.id and not a.retired
                   and (period is None or period.first <= a.day < period.end)),
                  key=lambda a: a.start)
    per_day: dict[str, int] = {}
    for a in mine:
        key = f"{a.day:%Y%m%d}"
        per_day[key] = per_day.get(key, 0) + 1
        n = per_day[key]
        sdef = shift_by_code.get(a.shift_code)
        name = sdef.name if sdef else a.shift_code
        summary = f"{name} shift ({a.shift_code})"
        desc = f"{fmt_hours(round(a.hours, 2))} h"
        if sdef and abs(a.hours - nominal_hours(sdef)) > 1e-6:
            summary += f" - {fmt_hours(a.hours)} h, clock change"
            desc += f" (clock change; normally {fmt_hours(nominal_hours(sdef))} h)"
        if a.qualification is not None:
            desc += f"; as {a.qualification.value}"
        uid = f"shift-{op.code}-{key}" + (f"-{n}" if n > 1 else "") + f"@{_domain(snap)}"
        cal.add_component(_event(uid, summary, a.start, a.end, snap, stamp, desc,  # type: ignore[attr-defined]
                                 snap.facility.name))
    return _finish(cal)


def client_calendar(snap: Snapshot, client_code: str, *, now: datetime | None = None) -> bytes:
    """The client's planned campaigns (its own only) as an .ics document."""
    client = find_client(snap, client_code)
    stamp = now or datetime.now(snap.facility.tz)
    cal = _calendar(snap, f"{client.name} - campaigns at {snap.facility.name}")
    for s in sorted(snap.slots, key=lambda s: s.start):
        if s.kind != SlotKind.CAMPAIGN or s.campaign_id is None or s.retired:
            continue
        camp = snap.campaign(s.campaign_id)
        if camp.client_id != client.id:
            continue
        prod = snap.product(camp.product_id)
        suite = snap.suite(s.suite_id)
        uid = f"campaign-{camp.code}@{_domain(snap)}"
        desc = (f"{prod.name} ({prod.modality.label}); status {camp.status.value}; "
                f"{fmt_hours(round(s.hours, 2))} h in {suite.name}")
        cal.add_component(_event(uid, f"{camp.code} - {prod.name}", s.start, s.end, snap,  # type: ignore[attr-defined]
                                 stamp, desc, f"{suite.name}, {snap.facility.name}"))
    return _finish(cal)


def write_ics(actor: Actor, path: Path | str, data: bytes) -> Path:
    """Write a calendar (an export: the roles of 'export' only)."""
    from ..permissions import require

    require(actor.roles, "export")
    return write_bytes_atomic(path, data)
