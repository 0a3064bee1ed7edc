"""The roster solver's own input: frozen dataclasses that validate themselves.

Times: shifts are defined by local clock times in the facility's time zone. A shift instance is
(day index, shift id); its real start and end come from :mod:`solver.roster.timegrid`, so a night
across a DST change lasts 7 or 9 real hours.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any


class RosterError(ValueError):
    """Bad roster data; the message names the field."""


@dataclass(frozen=True)
class Shift:
    id: str
    start: time  # local clock time
    end: time  # local clock time; end <= start means the next day
    night: bool = False
    code: str | None = None
    colour: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            raise RosterError("shifts[].id: must not be empty")
        if self.start == self.end:
            raise RosterError(f"shifts[{self.id}]: start and end are equal")


@dataclass(frozen=True)
class Qualification:
    kind: str
    expires: date | None = None  # valid up to and including this date
    valid_from: date | None = None

    def valid_on(self, d: date) -> bool:
        if self.valid_from is not None and d < self.valid_from:
            return False
        return self.expires is None or d <= self.expires


@dataclass(frozen=True)
class Request:
    date: date
    shift: str | None  # None: the whole day (on = work any shift, off = no shift)
    on: bool
    weight: int

    def __post_init__(self) -> None:
        if self.weight < 0:
            raise RosterError("requests[].weight: must be >= 0")


@dataclass(frozen=True)
class Operator:
    id: str
    name: str = ""
    qualifications: tuple[Qualification, ...] = ()
    min_hours_week: float | None = None
    max_hours_week: float | None = None
    target_hours_week: float | None = None
    leave: tuple[tuple[datetime, datetime], ...] = ()  # aware intervals [start, end)
    days_off: frozenset[date] = frozenset()
    weekdays: frozenset[int] | None = None  # part time: ISO weekdays (1=Mon) the person works
    requests: tuple[Request, ...] = ()
    hours_worked_before: tuple[float, ...] = ()  # per ISO week before the horizon, oldest first
    # per-operator rule overrides (Curtois rules and contracts)
    max_shifts: dict[str, int] = field(default_factory=dict)
    min_minutes_total: int | None = None
    max_minutes_total: int | None = None
    max_consecutive_days: int | None = None
    min_consecutive_days: int | None = None
    min_consecutive_days_off: int | None = None
    max_weekends: int | None = None

    def __post_init__(self) -> None:
        if not self.id:
            raise RosterError("operators[].id: must not be empty")
        if (
            self.min_hours_week is not None
            and self.max_hours_week is not None
            and self.min_hours_week > self.max_hours_week
        ):
            raise RosterError(f"operators[{self.id}].contract: min_hours_week > max_hours_week")
        for a, b in self.leave:
            if b <= a:
                raise RosterError(f"operators[{self.id}].leave: end before start")

    def qualified(self, kind: str, d: date) -> bool:
        return any(q.kind == kind and q.valid_on(d) for q in self.qualifications)


@dataclass(frozen=True)
class Demand:
    """A need for `count` people on one shift of one day; qualification None = anyone."""

    id: str
    day: int
    shift: str
    qualification: str | None
    count: int
    under_weight: int = 1000
    over_weight: int = 0
    allow_over: bool = True
    suite: str | None = None
    slot: str | None = None  # slot reference ("campaign:K1", "changeover:S1:3", ...)
    campaign: str | None = None

    def __post_init__(self) -> None:
        if self.count < 0:
            raise RosterError(f"demands[{self.id}].count: must be >= 0")
        if self.under_weight < 0 or self.over_weight < 0:
            raise RosterError(f"demands[{self.id}]: weights must be >= 0")


@dataclass(frozen=True)
class Rule:
    """One working-time rule: enabled, hard (else soft with `weight` per unit), value."""

    name: str
    value: Any
    enabled: bool = True
    hard: bool = True
    weight: int = 100


DEFAULT_RULES: dict[str, Any] = {
    "max_shift_hours": 12,
    "min_rest_hours": 11,
    "short_rest_hours": 8,  # ATW: 11 h may be shortened to 8 h ...
    "short_rest_per_days": 7,  # ... once in 7 days
    "max_week_hours": 60,
    "avg_4w_hours": 55,
    "avg_16w_hours": 48,
    "weekly_rest_hours": 36,  # 24 h + 11 h, rounded up as the ATW does
    "max_consecutive_days": 6,
    "min_consecutive_days": 1,
    "min_consecutive_days_off": 1,
    "max_weekends": None,
    "forbidden_successions": [],
    "max_shifts_per_kind": {},
    "contract_hours": True,
}


@dataclass(frozen=True)
class Weights:
    fairness_per_hour: int = 1
    change: int = 2


@dataclass(frozen=True)
class SlotStaffing:
    qualification: str
    count: int
    shifts: tuple[str, ...] | None = None
    from_day: int | None = None
    to_day: int | None = None
    weekend_count: int | None = None


@dataclass(frozen=True)
class RosterProblem:
    timezone: str
    horizon_start: datetime  # aware
    start_date: date  # local date of day 0
    n_days: int
    shifts: tuple[Shift, ...]
    operators: tuple[Operator, ...]
    demands: tuple[Demand, ...]  # facility-level demands (slot demands come with suite_slots)
    rules: dict[str, Rule]
    weights: Weights = Weights()
    campaign_staffing: dict[str, tuple[SlotStaffing, ...]] = field(default_factory=dict)
    slot_staffing: dict[str, tuple[SlotStaffing, ...]] = field(default_factory=dict)
    suite_max_occupancy: dict[str, int] = field(default_factory=dict)
    current_roster: dict[tuple[str, int], str] = field(default_factory=dict)
    weekend_days: tuple[int, ...] = (6, 7)  # ISO weekdays

    def __post_init__(self) -> None:
        if self.n_days <= 0:
            raise RosterError("horizon_end: must be after horizon_start")
        ids = [s.id for s in self.shifts]
        if len(set(ids)) != len(ids):
            raise RosterError("shifts: duplicate id")
        oids = [o.id for o in self.operators]
        if len(set(oids)) != len(oids):
            raise RosterError("operators: duplicate id")
        sids = set(ids)
        for d in self.demands:
            if d.shift not in sids:
                raise RosterError(f"demands[{d.id}].shift: unknown shift {d.shift!r}")
            if not 0 <= d.day < self.n_days:
                raise RosterError(f"demands[{d.id}]: date outside the horizon")
        for o in self.operators:
            for r in o.requests:
                if r.shift is not None and r.shift not in sids:
                    raise RosterError(f"operators[{o.id}].requests: unknown shift {r.shift!r}")
            for s in o.max_shifts:
                if s not in sids:
                    raise RosterError(f"operators[{o.id}].max_shifts: unknown shift {s!r}")

    def setting(self, name: str, override: Any = None) -> tuple[Rule, Any] | None:
        """The one rule lookup: (rule, value in force) when the rule is enabled and its value
        (`override` if given, e.g. an operator's own limit) is set, else None."""
        r = self.rules.get(name)
        if r is None or not r.enabled:
            return None
        v = override if override is not None else r.value
        if v is None or v is False:
            return None
        return r, v

    def rule(self, name: str) -> Rule | None:
        """The rule if enabled, else None."""
        s = self.setting(name)
        return None if s is None else s[0]

    @property
    def shift_by_id(self) -> dict[str, Shift]:
        return {s.id: s for s in self.shifts}
