"""The facility's entities as frozen dataclasses that validate themselves.

Pure Python: no Qt, no SQLAlchemy. Each entity carries ``id`` (None until saved), ``version``
(optimistic locking) and ``retired`` (nothing GMP-relevant is hard-deleted). References to other
entities are by id. Datetimes are timezone-aware; the database keeps them in UTC and the app shows
them in the facility's time zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import ValidationError

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,31}$")
HHMM_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class Role(StrEnum):
    OPERATOR = "operator"
    PLANNER = "planner"
    MANAGER = "manager"
    QA = "qa"
    ADMIN = "admin"


class Grade(StrEnum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"


class Modality(StrEnum):
    AUTOLOGOUS = "autologous-cell-therapy"
    ALLOGENEIC = "allogeneic-cell-therapy"
    IPSC = "ipsc-derived"
    TISSUE = "tissue-engineered"
    LENTIVIRAL = "lentiviral-vector"
    AAV = "aav-vector"
    RETROVIRAL = "retroviral-vector"

    @property
    def family(self) -> str:
        """'cell-therapy' or 'viral-vector': what the changeover matrix is keyed on."""
        return "viral-vector" if self.value.endswith("-vector") else "cell-therapy"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ")


class CampaignStatus(StrEnum):
    TENTATIVE = "tentative"
    CONFIRMED = "confirmed"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    CANCELLED = "cancelled"


class SlotKind(StrEnum):
    CAMPAIGN = "campaign"
    CHANGEOVER = "changeover"
    CLEANING = "cleaning"
    MAINTENANCE = "maintenance"


class CleaningKind(StrEnum):
    DAILY = "daily"
    WEEKLY_SPORICIDAL = "weekly-sporicidal"
    MONTHLY_DEEP = "monthly-deep"
    RE_CLEAN = "re-clean"


class QualificationKind(StrEnum):
    GOWNING_B = "gowning-grade-b"
    MEDIA_FILL = "media-fill"
    ASEPTIC_PROCESSING = "aseptic-processing"
    VIRAL_VECTOR = "viral-vector-processing"
    CLEANING = "cleaning"
    QA_RELEASE = "qa-release"
    PROCESS = "process-training"


def _require(cond: bool, field_name: str, message: str) -> None:
    if not cond:
        raise ValidationError(field_name, message)


def _code(value: str, field_name: str = "code") -> None:
    _require(bool(CODE_RE.match(value or "")), field_name,
             f"'{value}' must be 1-32 letters, digits, '-', '_' or '.', starting with a letter or digit")


def _name(value: str, field_name: str = "name") -> None:
    _require(bool(value and value.strip()), field_name, "must not be empty")
    _require(len(value) <= 200, field_name, "must be at most 200 characters")


def _aware(value: datetime | None, field_name: str) -> None:
    if value is not None:
        _require(value.tzinfo is not None and value.utcoffset() is not None, field_name,
                 "must include a time zone")


def _hhmm(value: str, field_name: str) -> time:
    _require(bool(HHMM_RE.match(value or "")), field_name, f"'{value}' must be a time as HH:MM")
    h, m = value.split(":")
    return time(int(h), int(m))


@dataclass(frozen=True)
class Facility:
    name: str
    timezone: str = "Europe/Amsterdam"
    clean_hold_hours: float = 72.0
    planning_buffer_hours: float = 0.0
    #: on a single-workstation SQLite setup, the local user may work without signing in
    local_sign_in_optional: bool = True
    idle_lock_minutes: int = 15
    id: int | None = None
    version: int = 0
    retired: bool = False

    def __post_init__(self) -> None:
        _name(self.name)
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationError("timezone", f"'{self.timezone}' is not a known time zone") from None
        _require(0 < self.clean_hold_hours <= 24 * 60, "clean_hold_hours",
                 "clean hold time must be between 0 and 1440 hours")
        _require(0 <= self.planning_buffer_hours <= 72, "planning_buffer_hours",
                 "buffer between bookings must be between 0 and 72 hours")
        _require(1 <= self.idle_lock_minutes <= 240, "idle_lock_minutes",
                 "the idle lock must be between 1 and 240 minutes")

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class Suite:
    code: str
    name: str
    grade: Grade = Grade.B
    capabilities: tuple[str, ...] = ()
    max_occupancy: int = 4
    area_m2: float = 30.0
    notes: str = ""
    id: int | None = None
    version: int = 0
    retired: bool = False

    def __post_init__(self) -> None:
        _code(self.code)
        _name(self.name)
        _require(1 <= self.max_occupancy <= 50, "max_occupancy",
                 "the number of gowned people allowed at once must be between 1 and 50")
        _require(0 < self.area_m2 <= 10_000, "area_m2", "area must be positive")
        for cap in self.capabilities:
            _code(cap, "capabilities")
        _require(len(set(self.capabilities)) == len(self.capabilities), "capabilities",
                 "a capability is listed twice")


@dataclass(frozen=True)
class Client:
    code: str
    name: str
    contact_email: str = ""
    id: int | None = None
    version: int = 0
    retired: bool = False

    def __post_init__(self) -> None:
        _code(self.code)
        _name(self.name)
        if self.contact_email:
            _require("@" in self.contact_email and " " not in self.contact_email,
                     "contact_email", f"'{self.contact_email}' is not an e-mail address")


@dataclass(frozen=True)
class Product:
    code: str
    name: str
    client_id: int
    modality: Modality
    id: int | None = None
    version: int = 0
    retired: bool = False

    def __post_init__(self) -> None:
        _code(self.code)
        _name(self.name)


@dataclass(frozen=True)
class StaffNeed:
    """How many people holding ``qualification`` a slot needs on each listed shift.

    ``from_day``/``to_day`` (0-based days from the slot start, inclusive) give a staffing profile:
    set-up days, processing days and harvest can need different crews.
    """

    qualification: QualificationKind
    count: int
    shifts: tuple[str, ...] = ("early",)
    from_day: int = 0
    to_day: int | None = None
    weekend_count: int | None = None

    def __post_init__(self) -> None:
        _require(1 <= self.count <= 50, "staffing.count", "must be between 1 and 50 people")
        _require(self.from_day >= 0, "staffing.from_day", "must not be negative")
        if self.to_day is not None:
            _require(self.to_day >= self.from_day, "staffing.to_day",
                     "the last day must not come before the first")
        if self.weekend_count is not None:
            _require(0 <= self.weekend_count <= self.count, "staffing.weekend_count",
                     "weekend crew must be between 0 and the weekday crew")
        _require(len(self.shifts) > 0, "staffing.shifts", "name at least one shift")


@dataclass(frozen=True)
class Campaign:
    code: str
    client_id: int
    product_id: int
    duration_hours: float
    earliest_start: datetime
    due: datetime | None = None
    due_is_hard: bool = False
    priority: int = 3
    required_capabilities: tuple[str, ...] = ()
    staffing: tuple[StaffNeed, ...] = ()
    status: CampaignStatus = CampaignStatus.TENTATIVE
    pinned: bool = False
    suite_durations: dict[str, float] = field(default_factory=dict)
    notes: str = ""
    id: int | None = None
    version: int = 0
    retired: bool = False

    def __post_init__(self) -> None:
        _code(self.code)
        _require(self.duration_hours > 0, "duration_hours", "a campaign must last longer than 0 hours")
        _require(self.duration_hours <= 24 * 120, "duration_hours",
                 "a campaign may hold a suite for at most 120 days")
        _aware(self.earliest_start, "earliest_start")
        _aware(self.due, "due")
        if self.due is not None:
            _require(self.due > self.earliest_start, "due", "the due date must come after the earliest start")
            _require(elapsed_hours(self.earliest_start, self.due) >= min(self.duration_hours_all),
                     "due", "the campaign cannot finish by its due date even if it starts at once")
        _require(1 <= self.priority <= 5, "priority", "priority must be 1 (highest) to 5 (lowest)")
        for cap in self.required_capabilities:
            _code(cap, "required_capabilities")
        for suite, hours in self.suite_durations.items():
            _require(hours > 0, "suite_durations", f"duration in {suite} must be longer than 0 hours")

    @property
    def duration_hours_all(self) -> list[float]:
        return [self.duration_hours, *self.suite_durations.values()]

    def duration_in(self, suite_code: str) -> float:
        return self.suite_durations.get(suite_code, self.duration_hours)

    @property
    def is_open(self) -> bool:
        return self.status not in (CampaignStatus.CANCELLED, CampaignStatus.DONE)


@dataclass(frozen=True)
class Dependency:
    """``successor`` may start only ``min_lag_hours`` after ``predecessor`` ends (e.g. vector QC)."""

    predecessor_id: int
    successor_id: int
    min_lag_hours: float = 0.0
    id: int | None = None
    version: int = 0
    retired: bool = False

    def __post_init__(self) -> None:
        _require(self.predecessor_id != self.successor_id, "successor_id",
                 "a campaign cannot depend on itself")
        _require(0 <= self.min_lag_hours <= 24 * 365, "min_lag_hours", "lag must be 0 to 8760 hours")


@dataclass(frozen=True)
class ChangeoverRule:
    """Changeover between two campaigns in a suite.

    ``from_key``/``to_key`` name a product code, a modality, a modality family
    ('cell-therapy', 'viral-vector') or '*'. ``same_product`` restricts the rule to successors of
    the same (True) or another (False) product. The most specific rule wins.
    """

    from_key: str
    to_key: str
    duration_hours: float
    steps: tuple[str, ...] = ()
    same_product: bool | None = None
    suite_id: int | None = None
    staff: tuple[StaffNeed, ...] = ()
    id: int | None = None
    version: int = 0
    retired: bool = False

    def __post_init__(self) -> None:
        _require(bool(self.from_key.strip()), "from_key", "name what ran before (or '*')")
        _require(bool(self.to_key.strip()), "to_key", "name what runs next (or '*')")
        _require(0 <= self.duration_hours <= 24 * 14, "duration_hours",
                 "a changeover must take 0 to 336 hours")


@dataclass(frozen=True)
class CleaningRule:
    kind: CleaningKind
    duration_hours: float
    every_days: int
    tolerance_days: int = 0
    window_start: str = "15:00"
    window_end: str = "23:00"
    qualification: QualificationKind = QualificationKind.CLEANING
    staff_count: int = 1
    id: int | None = None
    version: int = 0
    retired: bool = False

    def __post_init__(self) -> None:
        _require(0 < self.duration_hours <= 72, "duration_hours", "a clean must take 0 to 72 hours")
        _require(1 <= self.every_days <= 366, "every_days", "must be between 1 and 366 days")
        _require(0 <= self.tolerance_days < self.every_days or self.every_days == 1,
                 "tolerance_days", "tolerance must be shorter than the period")
        _hhmm(self.window_start, "window_start")
        _hhmm(self.window_end, "window_end")
        _require(1 <= self.staff_count <= 10, "staff_count", "must be 1 to 10 people")


@dataclass(frozen=True)
class ShiftDef:
    code: str
    name: str
    start: str
    end: str
    night: bool = False
    colour: str = "#888888"
    id: int | None = None
    version: int = 0
    retired: bool = False

    def __post_init__(self) -> None:
        _code(self.code)
        _name(self.name)
        s = _hhmm(self.start, "start")
        e = _hhmm(self.end, "end")
        _require(s != e, "end", "a shift must not start and end at the same time")
        _require(bool(re.match(r"^#[0-9A-Fa-f]{6}$", self.colour)), "colour", "must be #RRGGBB")

    def bounds(self, day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """Real start and end of this shift on ``day`` (a night shift ends the next day)."""
        s, e = _hhmm(self.start, "start"), _hhmm(self.end, "end")
        start = datetime.combine(day, s, tzinfo=tz)
        end_day = day + timedelta(days=1) if e <= s else day
        return start, datetime.combine(end_day, e, tzinfo=tz)


@dataclass(frozen=True)
class Qualification:
    kind: QualificationKind
    expires: date
    detail: str = ""

    def valid_on(self, day: date) -> bool:
        return day <= self.expires


@dataclass(frozen=True)
class Operator:
    code: str
    name: str
    contract_hours_week: float = 40.0
    min_hours_week: float = 0.0
    qualifications: tuple[Qualification, ...] = ()
    days_off: tuple[int, ...] = ()  # weekday numbers (0 = Monday) a part-timer does not work
    id: int | None = None
    version: int = 0
    retired: bool = False

    def __post_init__(self) -> None:
        _code(self.code)
        _name(self.name)
        _require(0 < self.contract_hours_week <= 60, "contract_hours_week",
                 "contract hours must be between 0 and 60 a week (Arbeidstijdenwet)")
        _require(0 <= self.min_hours_week <= self.contract_hours_week, "min_hours_week",
                 "minimum hours must be between 0 and the contract hours")
        for d in self.days_off:
            _require(0 <= d <= 6, "days_off", "weekdays are numbered 0 (Monday) to 6 (Sunday)")

    def qualified(self, kind: QualificationKind, day: date, detail: str = "") -> bool:
        return any(q.kind == kind and q.valid_on(day) and (not detail or q.detail in ("", detail))
                   for q in self.qualifications)


@dataclass(frozen=True)
class Leave:
    operator_id: int
    start: date
    end: date
    kind: str = "leave"
    id: int | None = None
    version: int = 0
    retired: bool = False

    def __post_init__(self) -> None:
        _require(self.end >= self.start, "end", "leave must end on or after its first day")


@dataclass(frozen=True)
class Slot:
    """A planned block of a suite's time."""

    kind: SlotKind
    suite_id: int
    start: datetime
    end: datetime
    campaign_id: int | None = None
    pinned: bool = False
    label: str = ""
    steps: tuple[str, ...] = ()
    released: bool = False
    source: str = "manual"
    id: int | None = None
    version: int = 0
    retired: bool = False

    def __post_init__(self) -> None:
        _aware(self.start, "start")
        _aware(self.end, "end")
        _require(self.end > self.start, "end", "a slot must end after it starts")
        if self.kind == SlotKind.CAMPAIGN:
            _require(self.campaign_id is not None, "campaign_id", "a campaign slot must name its campaign")

    @property
    def hours(self) -> float:
        """Real elapsed hours (a DST night is 7 or 9 hours long)."""
        return elapsed_hours(self.start, self.end)

    def overlaps(self, other: Slot) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class RosterAssignment:
    operator_id: int
    day: date
    shift_code: str
    start: datetime
    end: datetime
    slot_id: int | None = None
    qualification: QualificationKind | None = None
    id: int | None = None
    version: int = 0
    retired: bool = False

    def __post_init__(self) -> None:
        _aware(self.start, "start")
        _aware(self.end, "end")
        _require(self.end > self.start, "end", "a shift must end after it starts")

    @property
    def hours(self) -> float:
        return elapsed_hours(self.start, self.end)


@dataclass(frozen=True)
class WorkingTimeRules:
    """Working-time limits (EU 2003/88/EC and the Dutch Arbeidstijdenwet); a manager may edit them."""

    min_rest_hours: float = 11.0
    short_rest_hours: float = 8.0
    short_rests_per_7_days: int = 1
    max_shift_hours: float = 12.0
    max_week_hours: float = 60.0
    max_avg_4_weeks: float = 55.0
    max_avg_16_weeks: float = 48.0
    weekly_rest_hours: float = 36.0
    max_consecutive_days: int = 6
    min_consecutive_days_off: int = 1
    max_weekends_per_4_weeks: int = 2
    max_night_shifts_per_week: int = 5
    id: int | None = None
    version: int = 0
    retired: bool = False

    def __post_init__(self) -> None:
        _require(8 <= self.min_rest_hours <= 24, "min_rest_hours", "must be 8 to 24 hours")
        _require(self.short_rest_hours <= self.min_rest_hours, "short_rest_hours",
                 "the shortened rest cannot exceed the normal rest")
        _require(0 < self.max_shift_hours <= 12, "max_shift_hours",
                 "the Arbeidstijdenwet allows at most 12 hours a shift")
        _require(0 < self.max_week_hours <= 60, "max_week_hours",
                 "the Arbeidstijdenwet allows at most 60 hours a week")
        _require(0 < self.max_avg_4_weeks <= 55, "max_avg_4_weeks", "at most 55 h a week over 4 weeks")
        _require(0 < self.max_avg_16_weeks <= 48, "max_avg_16_weeks", "at most 48 h a week over 16 weeks")
        _require(24 <= self.weekly_rest_hours <= 72, "weekly_rest_hours", "must be 24 to 72 hours")
        _require(1 <= self.max_consecutive_days <= 12, "max_consecutive_days", "must be 1 to 12 days")


@dataclass(frozen=True)
class User:
    username: str
    full_name: str
    roles: frozenset[Role] = frozenset({Role.OPERATOR})
    password_hash: str = ""
    must_change_password: bool = False
    failed_logins: int = 0
    locked: bool = False
    id: int | None = None
    version: int = 0
    retired: bool = False

    def __post_init__(self) -> None:
        _require(bool(re.match(r"^[a-z][a-z0-9_.\-]{1,31}$", self.username or "")), "username",
                 "must be 2-32 lower-case letters, digits, '.', '_' or '-', starting with a letter")
        _name(self.full_name, "full_name")
        _require(len(self.roles) > 0, "roles", "a user needs at least one role")


def add_hours(moment: datetime, hours: float) -> datetime:
    """``moment`` plus real elapsed hours, in ``moment``'s time zone.

    ``moment + timedelta(hours=h)`` on a zoneinfo datetime adds wall-clock time, which is off by
    one hour across a DST change; this adds real time.
    """
    return (moment.astimezone(UTC) + timedelta(hours=hours)).astimezone(moment.tzinfo)


def elapsed_hours(start: datetime, end: datetime) -> float:
    """Real elapsed hours between two aware datetimes (DST-correct).

    Python subtracts two datetimes that share a tzinfo object on the wall clock, which is wrong
    across a DST change; converting both to UTC first gives the real duration.
    """
    return (end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() / 3600.0


#: entity kind (as used in commands and the audit trail) -> dataclass
ENTITIES: dict[str, type] = {
    "facility": Facility,
    "suite": Suite,
    "client": Client,
    "product": Product,
    "campaign": Campaign,
    "dependency": Dependency,
    "changeover_rule": ChangeoverRule,
    "cleaning_rule": CleaningRule,
    "shift": ShiftDef,
    "operator": Operator,
    "leave": Leave,
    "slot": Slot,
    "roster_assignment": RosterAssignment,
    "working_time_rules": WorkingTimeRules,
    "user": User,
}
