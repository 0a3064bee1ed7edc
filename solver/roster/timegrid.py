"""Real times of shift instances: local clock times in a zone, DST-aware.

A shift on local date D starts at D + start (local) and ends at D + end (local), on the next date
when end <= start. Durations are real (UTC) differences, so a 23:00-07:00 night across the spring
change lasts 7 hours and across the autumn change 9 hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from solver.roster.problem import RosterProblem, Shift


def local_dt(d: date, t: time, tz: ZoneInfo) -> datetime:
    """Aware datetime of local clock time t on date d (a non-existent time moves forward)."""
    naive = datetime.combine(d, t)
    aware = naive.replace(tzinfo=tz)
    # round-trip through UTC: a time in the spring gap normalises to the real instant after it
    return aware.astimezone(ZoneInfo("UTC")).astimezone(tz)


def shift_interval(d: date, shift: Shift, tz: ZoneInfo) -> tuple[datetime, datetime]:
    start = local_dt(d, shift.start, tz)
    end_date = d + timedelta(days=1) if shift.end <= shift.start else d
    end = local_dt(end_date, shift.end, tz)
    return start, end


@dataclass(frozen=True)
class Instance:
    day: int
    shift: str
    start: datetime
    end: datetime
    t0: int  # minutes from horizon_start
    t1: int

    @property
    def minutes(self) -> int:
        return self.t1 - self.t0


class ShiftGrid:
    """All shift instances of a roster horizon (day index, shift) with minute offsets from
    horizon_start. Not the window's pixel grid (`necst_desktop.qt.timeline.TimeGrid`)."""

    def __init__(self, p: RosterProblem) -> None:
        self.p = p
        self.tz = ZoneInfo(p.timezone)
        self.dates = [p.start_date + timedelta(days=k) for k in range(p.n_days + 1)]
        self.inst: dict[tuple[int, str], Instance] = {}
        for k in range(p.n_days):
            for s in p.shifts:
                a, b = shift_interval(self.dates[k], s, self.tz)
                self.inst[(k, s.id)] = Instance(k, s.id, a, b, self.minutes(a), self.minutes(b))
        # local midnights (day boundaries) as minute offsets
        self.midnight = [self.minutes(local_dt(d, time(0), self.tz)) for d in self.dates]
        self._weeks = [self.dates[k].isocalendar()[:2] for k in range(p.n_days)]
        # who may work which instance: solver.roster.model.may_work fills it as asked
        self.allowed_cache: dict[tuple[int, int, str], bool] = {}

    def minutes(self, t: datetime) -> int:
        return int((t - self.p.horizon_start).total_seconds() // 60)

    def iso_week(self, day: int) -> tuple[int, int]:
        if 0 <= day < len(self._weeks):
            return self._weeks[day]
        y, w, _ = self.dates[day].isocalendar()
        return (y, w)

    def weekday(self, day: int) -> int:
        return self.dates[day].isoweekday()
