"""TimeGrid: time <-> x in real elapsed time with the local calendar, tested without a scene."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from necst_desktop.qt.timeline.timegrid import TimeGrid

AMS = ZoneInfo("Europe/Amsterdam")


def grid(px: float = 10.0) -> TimeGrid:
    return TimeGrid(datetime(2026, 3, 23, tzinfo=AMS), AMS, px)


def test_x_and_time_round_trip() -> None:
    """time_at(x_of(t)) gives t back (to the second) and x grows by px_per_hour per real hour."""
    g = grid()
    t = datetime(2026, 3, 29, 5, 30, tzinfo=UTC)
    assert abs((g.time_at(g.x_of(t)) - t).total_seconds()) < 1
    assert g.x_of(t + timedelta(hours=3)) - g.x_of(t) == pytest.approx(30)


@pytest.mark.parametrize(("day", "hours"), [(date(2026, 3, 29), 23), (date(2026, 10, 25), 25),
                                            (date(2026, 6, 1), 24)])
def test_dst_days_are_23_and_25_hours_wide(day: date, hours: int) -> None:
    """A local day across a DST change is drawn 23 or 25 hours wide, between local midnights."""
    g = TimeGrid(datetime(2026, 1, 1, tzinfo=AMS), AMS, 10.0)
    assert g.day_hours(day) == hours
    a, b = g.midnight(day), g.midnight(day + timedelta(days=1))
    assert g.x_of(b) - g.x_of(a) == pytest.approx(hours * 10)


def test_night_shift_across_dst_is_7_or_9_hours() -> None:
    """The 23:00-07:00 night across the spring change lasts 7 real hours, across autumn 9."""
    g = TimeGrid(datetime(2026, 1, 1, tzinfo=AMS), AMS, 10.0)
    spring = [b - a for a, b in g.nights(datetime(2026, 3, 28, 12, tzinfo=UTC),
                                          datetime(2026, 3, 29, 3, tzinfo=UTC))]
    lengths = [(b.astimezone(UTC) - a.astimezone(UTC)).total_seconds() / 3600
               for a, b in g.nights(datetime(2026, 3, 28, 12, tzinfo=UTC),
                                    datetime(2026, 3, 29, 3, tzinfo=UTC))]
    assert 7.0 in lengths and spring
    autumn = [(b.astimezone(UTC) - a.astimezone(UTC)).total_seconds() / 3600
              for a, b in g.nights(datetime(2026, 10, 24, 12, tzinfo=UTC),
                                   datetime(2026, 10, 25, 3, tzinfo=UTC))]
    assert 9.0 in autumn


def test_hour_ticks_repeat_and_skip_at_dst() -> None:
    """The autumn day has 25 hour ticks (02:00 twice); the spring day 23 (no 02:00)."""
    g = TimeGrid(datetime(2026, 1, 1, tzinfo=AMS), AMS, 10.0)
    autumn = g.hour_ticks(g.midnight(date(2026, 10, 25)),
                          g.midnight(date(2026, 10, 26)) - timedelta(minutes=1))
    assert len(autumn) == 25
    assert [g.local(t).hour for t in autumn].count(2) == 2
    spring = g.hour_ticks(g.midnight(date(2026, 3, 29)),
                          g.midnight(date(2026, 3, 30)) - timedelta(minutes=1))
    assert len(spring) == 23 and 2 not in [g.local(t).hour for t in spring]


def test_snap_to_hour_shift_and_day_in_local_time() -> None:
    """Snapping goes to the nearest hour, local shift start (07/15/23) or local midnight, also on
    the DST day."""
    g = grid()
    t = datetime(2026, 3, 29, 5, 40, tzinfo=UTC)  # 07:40 CEST (after the change)
    assert g.snap(t, "hour") == datetime(2026, 3, 29, 6, tzinfo=UTC)
    assert g.local(g.snap(t, "shift")).hour == 7
    day = g.snap(datetime(2026, 3, 29, 10, tzinfo=UTC), "day")
    assert g.local(day).hour == 0 and g.local(day).date() in (date(2026, 3, 29), date(2026, 3, 30))
    assert g.snap(datetime(2026, 3, 28, 22, 50, tzinfo=UTC), "day") == g.midnight(
        date(2026, 3, 29)).astimezone(UTC)


def test_step_moves_to_the_next_snap_point() -> None:
    """Keyboard steps go to the next shift start / local midnight, across the DST change."""
    g = grid()
    t = g.midnight(date(2026, 3, 29)).astimezone(UTC)
    nxt = g.step(t, "day", 1)
    assert (nxt - t) == timedelta(hours=23)
    assert g.step(nxt, "day", -1) == t
    s = g.step(t, "shift", 1)
    assert g.local(s).hour == 7


def test_zoom_steps_span_hours_to_months() -> None:
    """Zooming walks from months (0.25 px/h) to hours (60 px/h) and stops at both ends."""
    g = grid(0.25)
    assert g.zoomed(-1) == 0.25
    seen = set()
    while g.px_per_hour < 60:
        g.px_per_hour = g.zoomed(1)
        seen.add(g.px_per_hour)
    assert g.zoomed(1) == 60 and len(seen) > 8
