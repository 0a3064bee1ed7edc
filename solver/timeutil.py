"""Time conversion: ISO 8601 with offset <-> integer minutes from the horizon start.

Minutes are real elapsed minutes (a DST day has 23 or 25 hours); local dates use zoneinfo.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo


def parse_iso(text: str) -> datetime:
    """Parse an ISO 8601 datetime that must carry an offset; raises ValueError otherwise."""
    if not isinstance(text, str):
        raise ValueError("must be an ISO 8601 date-time string with offset")
    t = text.strip()
    if t.endswith("Z"):
        t = t[:-1] + "+00:00"
    try:
        dt = datetime.fromisoformat(t)
    except ValueError:
        raise ValueError(f"not an ISO 8601 date-time: {text!r}") from None
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"needs a UTC offset, e.g. 2026-03-02T07:00:00+01:00: {text!r}")
    return dt


def to_minutes(dt: datetime, start: datetime) -> int:
    """Whole minutes from start to dt (real elapsed time), rounded."""
    return round((dt - start).total_seconds() / 60)


def from_minutes(minutes: int, start: datetime, tz: ZoneInfo) -> datetime:
    """The local datetime `minutes` real minutes after start."""
    return (start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(tz)


def iso(minutes: int, start: datetime, tz: ZoneInfo) -> str:
    """ISO 8601 with offset of a minute offset."""
    return from_minutes(minutes, start, tz).isoformat()


def local_day(minutes: int, start: datetime, tz: ZoneInfo) -> date:
    """The local calendar date on which minute `minutes` falls."""
    return from_minutes(minutes, start, tz).date()


@lru_cache(maxsize=65536)
def day_start_min(d: date, start: datetime, tz: ZoneInfo) -> int:
    """Minute offset of local midnight starting date d."""
    return to_minutes(datetime(d.year, d.month, d.day, tzinfo=tz), start)


@lru_cache(maxsize=65536)
def local_time_min(d: date, hh: int, mm: int, start: datetime, tz: ZoneInfo) -> int:
    """Minute offset of local wall-clock time hh:mm on date d."""
    return to_minutes(datetime(d.year, d.month, d.day, hh, mm, tzinfo=tz), start)


def fmt_local(minutes: int, start: datetime, tz: ZoneInfo) -> str:
    """Planner-friendly local time, e.g. 'Mon 2 Mar 2026 14:00'."""
    dt = from_minutes(minutes, start, tz)
    return f"{dt:%a} {dt.day} {dt:%b %Y %H:%M}"


def fmt_duration(minutes: int) -> str:
    """'4 h', '3 h 59 min', '2 d 4 h'."""
    neg = minutes < 0
    m = abs(minutes)
    d, rest = divmod(m, 1440)
    h, mi = divmod(rest, 60)
    parts = []
    if d:
        parts.append(f"{d} d")
    if h:
        parts.append(f"{h} h")
    if mi or not parts:
        parts.append(f"{mi} min")
    return ("-" if neg else "") + " ".join(parts)
