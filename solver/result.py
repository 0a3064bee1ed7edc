"""The solver's answer: status, slots, unplanned campaigns with reasons, named penalties.

Infeasible is a result, not an exception. `Result.to_dict()` gives RESULT.json; times there are
ISO 8601 with offset in the scenario's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from .timeutil import iso, parse_iso, to_minutes

STATUSES = ("optimal", "feasible", "infeasible", "unknown")
SLOT_KINDS = ("campaign", "changeover", "cleaning", "maintenance")


@dataclass(frozen=True)
class Slot:
    """Something occupying a suite in [start_min, end_min)."""

    kind: str
    suite: str
    start_min: int
    end_min: int
    campaign: str | None = None
    from_campaign: str | None = None
    to_campaign: str | None = None
    steps: tuple[str, ...] = ()
    rule: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in SLOT_KINDS:
            raise ValueError(f"slot kind must be one of {', '.join(SLOT_KINDS)}")
        if self.end_min < self.start_min:
            raise ValueError(f"slot in suite {self.suite} ends before it starts")
        if self.kind == "campaign" and not self.campaign:
            raise ValueError("a campaign slot needs a campaign")

    def to_dict(self, start: datetime, tz: ZoneInfo) -> dict[str, Any]:
        d: dict[str, Any] = {"kind": self.kind, "suite": self.suite}
        if self.campaign is not None:
            d["campaign"] = self.campaign
        d["start"] = iso(self.start_min, start, tz)
        d["end"] = iso(self.end_min, start, tz)
        if self.kind == "changeover":
            d.update(from_campaign=self.from_campaign, to_campaign=self.to_campaign,
                     steps=list(self.steps))
        if self.rule is not None:
            d["rule"] = self.rule
        return d

    @staticmethod
    def from_dict(d: dict[str, Any], start: datetime) -> Slot:
        return Slot(kind=d.get("kind", "campaign"), suite=d["suite"],
                    start_min=to_minutes(parse_iso(d["start"]), start),
                    end_min=to_minutes(parse_iso(d["end"]), start), campaign=d.get("campaign"),
                    from_campaign=d.get("from_campaign"), to_campaign=d.get("to_campaign"),
                    steps=tuple(d.get("steps") or ()), rule=d.get("rule"))


@dataclass(frozen=True)
class Unplanned:
    """A campaign that could not be planned, and why (in words)."""

    campaign: str
    reason: str


@dataclass
class Result:
    """What solve() returns. `objective`/`bound` are None when no plan was found."""

    status: str
    horizon_start: datetime
    timezone: str = "Europe/Amsterdam"
    objective: int | None = None
    bound: int | None = None
    wall_s: float = 0.0
    slots: list[Slot] = field(default_factory=list)
    unplanned: list[Unplanned] = field(default_factory=list)
    penalties: dict[str, int] = field(default_factory=dict)
    explanations: dict[str, list[str]] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    assignments: list[Any] = field(default_factory=list)
    #: staffing needs the roster could not cover (per day, shift and qualification)
    uncovered: list[Any] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}")

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def campaign_slots(self) -> dict[str, Slot]:
        return {s.campaign: s for s in self.slots if s.kind == "campaign" and s.campaign}

    def to_dict(self) -> dict[str, Any]:
        tz = self.tz
        return {
            "status": self.status,
            "objective": self.objective,
            "bound": self.bound,
            "wall_s": round(self.wall_s, 3),
            "horizon_start": self.horizon_start.isoformat(),
            "timezone": self.timezone,
            "slots": [s.to_dict(self.horizon_start, tz) for s in self.slots],
            "unplanned": [{"campaign": u.campaign, "reason": u.reason} for u in self.unplanned],
            "penalties": dict(self.penalties),
            "explanations": {k: list(v) for k, v in self.explanations.items()},
            "conflicts": list(self.conflicts),
            "assignments": list(self.assignments),
            "uncovered": list(self.uncovered),
            "stats": dict(self.stats),
        }

    @staticmethod
    def from_dict(d: dict[str, Any]) -> Result:
        start = parse_iso(d["horizon_start"])
        return Result(
            status=d.get("status", "unknown"), horizon_start=start,
            timezone=d.get("timezone", "Europe/Amsterdam"), objective=d.get("objective"),
            bound=d.get("bound"), wall_s=float(d.get("wall_s") or 0.0),
            slots=[Slot.from_dict(s, start) for s in d.get("slots", [])],
            unplanned=[Unplanned(u["campaign"], u.get("reason", "")) for u in d.get("unplanned", [])],
            penalties=dict(d.get("penalties") or {}),
            explanations={k: list(v) for k, v in (d.get("explanations") or {}).items()},
            conflicts=list(d.get("conflicts") or []), assignments=list(d.get("assignments") or []),
            uncovered=list(d.get("uncovered") or []), stats=dict(d.get("stats") or {}))
