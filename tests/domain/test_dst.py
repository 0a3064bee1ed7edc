"""Durations are real elapsed time: the DST days of Europe/Amsterdam have 23 and 25 hours."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from necst_desktop.domain.model import ShiftDef, Slot, SlotKind, elapsed_hours

AMS = ZoneInfo("Europe/Amsterdam")


def test_spring_forward_day_has_23_hours() -> None:
    """Midnight to midnight on 2026-03-29 is 23 real hours (wall-clock subtraction would say 24)."""
    a = datetime(2026, 3, 29, 0, 0, tzinfo=AMS)
    b = datetime(2026, 3, 30, 0, 0, tzinfo=AMS)
    assert elapsed_hours(a, b) == 23.0


def test_fall_back_day_has_25_hours() -> None:
    """Midnight to midnight on 2026-10-25 is 25 real hours."""
    a = datetime(2026, 10, 25, 0, 0, tzinfo=AMS)
    b = datetime(2026, 10, 26, 0, 0, tzinfo=AMS)
    assert elapsed_hours(a, b) == 25.0


def test_night_shift_across_dst_lasts_7_or_9_hours() -> None:
    """The 23:00-07:00 night shift is 7 h on 28/29 March 2026 and 9 h on 24/25 October 2026."""
    night = ShiftDef("night", "Night", "23:00", "07:00", night=True)
    s, e = night.bounds(date(2026, 3, 28), AMS)
    assert elapsed_hours(s, e) == 7.0
    s, e = night.bounds(date(2026, 10, 24), AMS)
    assert elapsed_hours(s, e) == 9.0
    s, e = night.bounds(date(2026, 11, 24), AMS)
    assert elapsed_hours(s, e) == 8.0


def test_slot_hours_across_dst() -> None:
    """A booking from Saturday 07:00 to Monday 07:00 across the October change is 49 hours."""
    start = datetime(2026, 10, 24, 7, tzinfo=AMS)
    slot = Slot(SlotKind.CLEANING, 1, start, datetime(2026, 10, 26, 7, tzinfo=AMS))
    assert slot.hours == 49.0
    assert slot.end - slot.start == timedelta(hours=48)  # what naive wall-clock arithmetic says
