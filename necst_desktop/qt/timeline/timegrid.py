"""Time <-> x for the timeline, in real elapsed time, with the facility's local calendar.

Qt-free on purpose: the mapping is tested without a scene or a widget. x grows linearly with real
(UTC) elapsed time, so a DST day is 23 or 25 hours wide and a night shift across the change is
drawn 7 or 9 hours long; day lines, weekends, nights, labels and snapping use local wall time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication

HOUR = timedelta(hours=1)

#: zoom steps in pixels per hour: from hours (60 px/h) to months (0.25 px/h)
ZOOM_STEPS: tuple[float, ...] = (0.25, 0.5, 1.0, 2.0, 3.0, 4.5, 6.0, 9.0, 12.0, 18.0, 24.0,
                                 36.0, 60.0)

SNAP_UNITS = ("none", "hour", "shift", "day")


def _hhmm(text: str) -> time:
    h, m = text.split(":")
    return time(int(h), int(m))


@dataclass
class TimeGrid:
    """Maps aware datetimes to x pixels (``origin`` at x=0) and back."""

    origin: datetime
    tz: ZoneInfo
    px_per_hour: float = 6.0
    shift_starts: Sequence[str] = ("07:00", "15:00", "23:00")
    night: tuple[str, str] = ("23:00", "07:00")

    def __post_init__(self) -> None:
        if self.origin.tzinfo is None:
            raise ValueError("origin must be timezone-aware")
        self._origin_ts = self.origin.timestamp()

    # --- mapping ---------------------------------------------------------------------------

    def x_of(self, dt: datetime) -> float:
        return (dt.timestamp() - self._origin_ts) / 3600.0 * self.px_per_hour

    def time_at(self, x: float) -> datetime:
        return datetime.fromtimestamp(self._origin_ts + x / self.px_per_hour * 3600.0, UTC)

    def width_of(self, start: datetime, end: datetime) -> float:
        return self.x_of(end) - self.x_of(start)

    def hours_at(self, dx: float) -> float:
        return dx / self.px_per_hour

    # --- the local calendar ----------------------------------------------------------------

    def local(self, dt: datetime) -> datetime:
        return dt.astimezone(self.tz)

    def midnight(self, day: date) -> datetime:
        return datetime.combine(day, time(0), tzinfo=self.tz)

    def days(self, t0: datetime, t1: datetime) -> Iterator[tuple[date, datetime, datetime]]:
        """Local days touching [t0, t1): (day, its local midnight, the next local midnight)."""
        day = self.local(t0).date()
        last = self.local(t1).date()
        while day <= last:
            nxt = day + timedelta(days=1)
            yield day, self.midnight(day), self.midnight(nxt)
            day = nxt

    def day_hours(self, day: date) -> float:
        """Real length of a local day in hours (23 or 25 on a DST change)."""
        a, b = self.midnight(day), self.midnight(day + timedelta(days=1))
        return (b.timestamp() - a.timestamp()) / 3600.0

    def weekends(self, t0: datetime, t1: datetime) -> list[tuple[datetime, datetime]]:
        out: list[tuple[datetime, datetime]] = []
        for day, start, end in self.days(t0 - timedelta(days=1), t1):
            if day.weekday() >= 5:
                if out and out[-1][1] == start:
                    out[-1] = (out[-1][0], end)
                else:
                    out.append((start, end))
        return out

    def nights(self, t0: datetime, t1: datetime) -> list[tuple[datetime, datetime]]:
        """Night-shift spans (local ``night`` times; 7 or 9 real hours across a DST change)."""
        s, e = _hhmm(self.night[0]), _hhmm(self.night[1])
        out: list[tuple[datetime, datetime]] = []
        for day, _a, _b in self.days(t0 - timedelta(days=1), t1):
            start = datetime.combine(day, s, tzinfo=self.tz)
            end_day = day + timedelta(days=1) if e <= s else day
            end = datetime.combine(end_day, e, tzinfo=self.tz)
            if end.astimezone(UTC) > t0 and start.astimezone(UTC) < t1:
                out.append((start, end))
        return out

    def hour_ticks(self, t0: datetime, t1: datetime, step: int = 1) -> list[datetime]:
        """Every real hour in [t0, t1] whose local hour is a multiple of ``step`` (UTC instants,
        so the repeated 02:00 of the autumn change appears twice and the lost one not at all)."""
        t = t0.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        out = []
        while t <= t1:
            if self.local(t).hour % step == 0:
                out.append(t)
            t += HOUR
        return out

    # --- snapping --------------------------------------------------------------------------

    def _candidates(self, dt: datetime, unit: str) -> list[datetime]:
        local_day = self.local(dt).date()
        days = [local_day + timedelta(days=d) for d in (-1, 0, 1)]
        if unit == "day":
            return [self.midnight(d) for d in days]
        if unit == "shift":
            return [datetime.combine(d, _hhmm(s), tzinfo=self.tz) for d in days
                    for s in self.shift_starts]
        raise ValueError(f"unknown snap unit {unit!r}")

    def snap(self, dt: datetime, unit: str) -> datetime:
        """The nearest hour / shift start / local midnight to ``dt`` (UTC); 'none' keeps minutes
        rounded to 5."""
        u = dt.astimezone(UTC)
        if unit == "none":
            return datetime.fromtimestamp(round(u.timestamp() / 300) * 300, UTC)
        if unit == "hour":
            return datetime.fromtimestamp(round(u.timestamp() / 3600) * 3600, UTC)
        return min(self._candidates(u, unit),
                   key=lambda c: abs(c.timestamp() - u.timestamp())).astimezone(UTC)

    def step(self, dt: datetime, unit: str, direction: int) -> datetime:
        """The next (direction=1) or previous (-1) snap point strictly after/before ``dt``."""
        u = dt.astimezone(UTC)
        if unit in ("none", "hour"):
            return u + direction * HOUR
        if unit == "day":
            local = self.local(u)
            day = local.date() + timedelta(days=direction)
            if direction < 0 and local.time() != time(0):
                day = local.date()
            return self.midnight(day).astimezone(UTC)
        cands = sorted(c.astimezone(UTC) for c in self._candidates(u, unit)
                       + self._candidates(u + direction * timedelta(days=1), unit))
        if direction > 0:
            return next(c for c in cands if c > u)
        return next(c for c in reversed(cands) if c < u)

    # --- zoom --------------------------------------------------------------------------------

    def zoomed(self, direction: int) -> float:
        """The next zoom step in ``direction`` (+1 closer, -1 further) from the current scale."""
        steps = ZOOM_STEPS
        if direction > 0:
            return next((s for s in steps if s > self.px_per_hour * 1.01), steps[-1])
        return next((s for s in reversed(steps) if s < self.px_per_hour / 1.01), steps[0])


def format_span(start: datetime, end: datetime, tz: ZoneInfo) -> str:
    a, b = start.astimezone(tz), end.astimezone(tz)
    hours = (end.timestamp() - start.timestamp()) / 3600
    from .. import i18n  # the window's language and date format (the grid itself needs no Qt)

    length = (QCoreApplication.translate("timegrid", "{days:.1f} days").format(days=hours / 24)
              if hours >= 48 else QCoreApplication.translate("timegrid", "{hours:g} h").format(hours=hours))
    return f"{i18n.day_time(a)} – {i18n.day_time(b)} ({length})"


def fit_words(width: Callable[[str], float], text: str, avail: float) -> str:
    """The longest run of ``text``'s leading words whose ``width`` fits in ``avail`` ("" if not
    even the first does): a header is never cut in the middle of a word."""
    words = text.split()
    while words:
        candidate = " ".join(words).rstrip(" ·-,")
        if candidate and width(candidate) <= avail:
            return candidate
        words.pop()
    return ""
