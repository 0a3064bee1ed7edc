"""What the exports show, computed once from a snapshot: the roster grid and the suite schedule.

Pure functions over domain objects (no file formats here), shared by the Excel, iCal and PDF
writers and tested on their own. Days are facility-local calendar days; hours are real elapsed
hours, so a night shift across the change to or from summer time counts 7 or 9 hours.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ...domain.errors import NecstError
from ...domain.model import (
    Operator,
    QualificationKind,
    RosterAssignment,
    ShiftDef,
    Slot,
    SlotKind,
)
from ..queries import Snapshot

WEEK_RE = re.compile(r"^(\d{4})-?W(\d{2})$", re.IGNORECASE)
NOTE_EXPIRY_DAYS = 30
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


# --- periods ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Facility-local days ``first`` .. ``end`` (exclusive)."""

    first: date
    end: date

    def __post_init__(self) -> None:
        if self.end <= self.first:
            raise NecstError(f"The period must end after it starts ({self.first} .. {self.end}).")
        if (self.end - self.first).days > 366 * 2:
            raise NecstError("An export may cover at most two years.")

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range((self.end - self.first).days)]

    @property
    def last(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def label(self) -> str:
        if self.first.weekday() == 0 and (self.end - self.first).days == 7:
            y, w, _ = self.first.isocalendar()
            return f"{y}-W{w:02d} ({self.first:%d %b} - {self.last:%d %b %Y})"
        return f"{self.first:%d %b %Y} - {self.last:%d %b %Y}"

    def weeks(self) -> list[Period]:
        """The period cut at ISO week boundaries (Monday to Sunday)."""
        out = []
        day = self.first
        while day < self.end:
            nxt = min(day + timedelta(days=7 - day.weekday()), self.end)
            out.append(Period(day, nxt))
            day = nxt
        return out

    def bounds(self, tz: ZoneInfo) -> tuple[datetime, datetime]:
        return (datetime.combine(self.first, time(0), tzinfo=tz),
                datetime.combine(self.end, time(0), tzinfo=tz))


def parse_week(text: str) -> Period:
    """'2026-W49' -> Monday 30 Nov 2026 .. Monday 7 Dec 2026."""
    m = WEEK_RE.match(text.strip())
    if not m:
        raise NecstError(f"'{text}' is not an ISO week; write it as 2026-W49.")
    year, week = int(m.group(1)), int(m.group(2))
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        raise NecstError(f"{year} has no week {week}.") from None
    return Period(monday, monday + timedelta(days=7))


def week_code(day: date) -> str:
    y, w, _ = day.isocalendar()
    return f"{y}-W{w:02d}"


def nominal_hours(shift: ShiftDef) -> float:
    """Length of a shift on an ordinary day (no clock change)."""
    sh, sm = map(int, shift.start.split(":"))
    eh, em = map(int, shift.end.split(":"))
    minutes = (eh * 60 + em) - (sh * 60 + sm)
    if minutes <= 0:
        minutes += 24 * 60
    return minutes / 60.0


def fmt_hours(hours: float) -> str:
    return f"{hours:g}" if abs(hours - round(hours)) < 1e-9 else f"{hours:.2f}".rstrip("0")


# --- roster -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RosterCell:
    shift_code: str
    hours: float
    nominal: float
    colour: str
    text: str
    problem: str = ""  # e.g. "not qualified", "on leave"

    @property
    def dst(self) -> bool:
        return abs(self.hours - self.nominal) > 1e-6


@dataclass
class RosterRow:
    operator: Operator
    cells: list[list[RosterCell]]  # per day: the shifts worked (usually 0 or 1)
    absence: list[str]  # per day: "leave", "off" or ""
    hours: float
    contract: float  # contract hours pro rata for the days shown
    notes: list[str]


@dataclass
class RosterWeek:
    period: Period
    rows: list[RosterRow]
    shifts: list[ShiftDef]
    per_shift_day: dict[str, list[int]]
    hours_per_day: list[float]

    @property
    def code(self) -> str:
        return week_code(self.period.first)


def _leave_days(snap: Snapshot) -> dict[int, set[date]]:
    out: dict[int, set[date]] = defaultdict(set)
    for lv in snap.leave:
        if lv.retired:
            continue
        day = lv.start
        while day <= lv.end:
            out[lv.operator_id].add(day)
            day += timedelta(days=1)
    return out


def roster_weeks(snap: Snapshot, period: Period, *,
                 operators: list[Operator] | None = None) -> list[RosterWeek]:
    """The roster of ``period`` cut into ISO weeks: operators x days with hours and notes."""
    ops = operators if operators is not None else sorted(
        (o for o in snap.operators if not o.retired), key=lambda o: o.code)
    shifts = [s for s in snap.shifts if not s.retired]
    shift_by_code = {s.code: s for s in snap.shifts}
    nominal_of = {s.code: nominal_hours(s) for s in snap.shifts}
    leave = _leave_days(snap)
    no_leave: set[date] = set()
    by_op_day: dict[tuple[int, date], list[RosterAssignment]] = defaultdict(list)
    for a in snap.assignments:
        if not a.retired and period.first <= a.day < period.end:
            by_op_day[(a.operator_id, a.day)].append(a)
    weeks = []
    for wk in period.weeks():
        days = wk.days
        per_shift = {s.code: [0] * len(days) for s in shifts}
        hours_day = [0.0] * len(days)
        rows = []
        for op in ops:
            cells: list[list[RosterCell]] = []
            absence: list[str] = []
            notes: list[str] = []
            total = 0.0
            for i, day in enumerate(days):
                assigned = sorted(by_op_day.get((op.id or 0, day), []), key=lambda a: a.start)
                on_leave = day in leave.get(op.id or 0, no_leave)
                absence.append("leave" if on_leave else ("off" if day.weekday() in op.days_off
                                                         else ""))
                day_cells = []
                for a in assigned:
                    sdef = shift_by_code.get(a.shift_code)
                    nominal = nominal_of[a.shift_code] if sdef else a.hours
                    hours = a.hours
                    text = a.shift_code
                    if abs(hours - nominal) > 1e-6:
                        text += f" ({fmt_hours(hours)} h, clock change)"
                        notes.append(f"{WEEKDAYS[day.weekday()]} {day:%d-%m}: {a.shift_code} is "
                                     f"{fmt_hours(hours)} h, not {fmt_hours(nominal)} h "
                                     "(clock change)")
                    problem = _problem(op, a, day, on_leave)
                    if problem:
                        notes.append(f"{WEEKDAYS[day.weekday()]} {day:%d-%m}: {problem}")
                    day_cells.append(RosterCell(a.shift_code, hours, nominal,
                                                sdef.colour if sdef else "#888888", text, problem))
                    total += hours
                    hours_day[i] += hours
                    if a.shift_code in per_shift:
                        per_shift[a.shift_code][i] += 1
                cells.append(day_cells)
            notes.extend(_expiry_notes(op, wk))
            contract = op.contract_hours_week * len(days) / 7.0
            rows.append(RosterRow(op, cells, absence, total, contract, notes))
        weeks.append(RosterWeek(wk, rows, shifts, per_shift, hours_day))
    return weeks


def _problem(op: Operator, a: RosterAssignment, day: date, on_leave: bool) -> str:
    if on_leave:
        return f"{a.shift_code} while on leave"
    if not op.qualified(QualificationKind.GOWNING_B, day):
        return f"{a.shift_code} without valid {QualificationKind.GOWNING_B.value}"
    if a.qualification is not None and not op.qualified(a.qualification, day):
        return f"{a.shift_code} without valid {a.qualification.value}"
    return ""


def _expiry_notes(op: Operator, wk: Period) -> list[str]:
    notes = []
    horizon = wk.last + timedelta(days=NOTE_EXPIRY_DAYS)
    for q in sorted(op.qualifications, key=lambda q: q.expires):
        what = q.kind.value + (f" ({q.detail})" if q.detail else "")
        if q.expires < wk.first:
            notes.append(f"{what} expired {q.expires:%Y-%m-%d}")
        elif q.expires <= horizon:
            notes.append(f"{what} expires {q.expires:%Y-%m-%d}")
    return notes


# --- suite schedule ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleEntry:
    slot: Slot
    kind: SlotKind
    text: str


@dataclass
class ScheduleGrid:
    period: Period
    suites: list[tuple[str, str, int]]  # code, name, id
    cells: dict[tuple[int, date], list[ScheduleEntry]] = field(default_factory=dict)


def slot_text(snap: Snapshot, slot: Slot, *, client_view: bool = False) -> str:
    """How a booking reads in a schedule. ``client_view`` names only the campaign and product."""
    if slot.kind == SlotKind.CAMPAIGN and slot.campaign_id is not None:
        camp = snap.campaign(slot.campaign_id)
        if client_view:
            prod = snap.product(camp.product_id)
            return f"{camp.code} ({prod.name})"
        client = snap.client(camp.client_id)
        return f"{camp.code} ({client.code})"
    hours = fmt_hours(round(slot.hours, 2))
    if slot.kind == SlotKind.CHANGEOVER:
        return f"Changeover {hours} h" + ("" if slot.released else " (QA release pending)")
    if slot.kind == SlotKind.CLEANING:
        return f"Cleaning {hours} h" + (f": {slot.label}" if slot.label else "")
    return f"Maintenance {hours} h" + (f": {slot.label}" if slot.label else "")


def schedule_grid(snap: Snapshot, period: Period, *, client_id: int | None = None) -> ScheduleGrid:
    """Suites x days with the bookings touching each day; for a client only its own campaigns."""
    tz = snap.facility.tz
    start, end = period.bounds(tz)
    slots = [s for s in snap.slots if not s.retired and s.start < end and s.end > start]
    if client_id is not None:
        slots = [s for s in slots if s.kind == SlotKind.CAMPAIGN and s.campaign_id is not None
                 and snap.campaign(s.campaign_id).client_id == client_id]
    used = {s.suite_id for s in slots}
    suites = [(s.code, s.name, s.id or 0) for s in sorted(snap.suites, key=lambda s: s.code)
              if (not s.retired or s.id in used) and (client_id is None or s.id in used)]
    grid = ScheduleGrid(period, suites)
    for s in sorted(slots, key=lambda s: s.start):
        text = slot_text(snap, s, client_view=client_id is not None)
        first = max(s.start.astimezone(tz).date(), period.first)
        last = min((s.end.astimezone(tz) - timedelta(microseconds=1)).date(), period.last)
        day = first
        while day <= last:
            grid.cells.setdefault((s.suite_id, day), []).append(ScheduleEntry(s, s.kind, text))
            day += timedelta(days=1)
    return grid


def local(dt: datetime, tz: ZoneInfo) -> str:
    return dt.astimezone(tz).strftime("%Y-%m-%d %H:%M")
