"""Badges on the timeline: what is wrong with a booking that the hard rules allow (late, staff
short in the roster or in qualified people, qualifications expiring during the campaign)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ...domain.model import CampaignStatus, Slot, SlotKind
from ..queries import Snapshot


def _when(dt: datetime, tz: ZoneInfo) -> str:
    return dt.astimezone(tz).strftime("%a %d %b %H:%M")


def _roster_short(snap: Snapshot, tz: ZoneInfo, s: Slot, need: Any, first: date, last: date,
                  rostered_days: set[date], staffed: Counter[Any]) -> list[str]:
    """Shifts of this booking, on days that have a roster, with fewer people assigned to it
    than its staffing profile needs."""
    out = []
    shifts = {sh.code: sh for sh in snap.shifts}
    for k in range((last - first).days + 1):
        day = first + timedelta(days=k)
        if day not in rostered_days or k < need.from_day or (
                need.to_day is not None and k > need.to_day):
            continue
        count = need.count
        if day.weekday() >= 5 and need.weekend_count is not None:
            count = need.weekend_count
        for shift in need.shifts:
            sdef = shifts.get(shift)
            if sdef is None:
                continue
            a, b = sdef.bounds(day, tz)
            if not (a < s.end and s.start < b):
                continue  # that shift does not overlap the booking
            have = staffed[(s.id, day, shift, need.qualification.value)]
            if have < count:
                out.append(f"{day:%a %d %b} {shift} has {have} of {count} "
                           f"{need.qualification.value}")
    return out


def badges(snap: Snapshot, slots: Iterable[Slot] | None = None) -> dict[int, list[str]]:
    """Badges per campaign slot: late, staff short, qualification expiring."""
    out: dict[int, list[str]] = {}
    tz = snap.facility.tz
    ops = [o for o in snap.operators if not o.retired]
    rostered_days = {a.day for a in snap.assignments}
    staffed = Counter((a.slot_id, a.day, a.shift_code,
                       a.qualification.value if a.qualification else "")
                      for a in snap.assignments if a.slot_id is not None)
    for s in (slots if slots is not None else snap.slots):
        if s.kind != SlotKind.CAMPAIGN or s.campaign_id is None or s.id is None:
            continue
        camp = snap.campaign(s.campaign_id)
        if camp.status == CampaignStatus.CANCELLED:
            continue
        notes: list[str] = []
        if camp.due is not None and s.end > camp.due:
            late = (s.end - camp.due).total_seconds() / 3600
            notes.append(f"late: ends {late / 24:.1f} days after its due date "
                         f"{_when(camp.due, tz)}" if late >= 24 else
                         f"late: ends {late:g} h after its due date {_when(camp.due, tz)}")
        first, last = s.start.astimezone(tz).date(), s.end.astimezone(tz).date()
        for need in camp.staffing:
            valid_all = [o for o in ops if o.qualified(need.qualification, last)]
            valid_start = [o for o in ops if o.qualified(need.qualification, first)]
            needed = need.count * len(need.shifts)
            if len(valid_all) < needed:
                notes.append(f"staff short: {need.count} {need.qualification.value} per shift on "
                             f"{len(need.shifts)} shift(s), only {len(valid_all)} qualified "
                             "until the end")
            short = _roster_short(snap, tz, s, need, first, last, rostered_days, staffed)
            if short:
                notes.append(f"staff short in the roster: {short[0]}"
                             + (f" (and {len(short) - 1} more shifts)" if len(short) > 1 else ""))
            expiring = len(valid_start) - len(valid_all)
            if expiring > 0:
                notes.append(f"qualification expiring: {expiring} operator(s)' "
                             f"{need.qualification.value} expire during this campaign")
        if notes:
            out[s.id] = notes
    return out
