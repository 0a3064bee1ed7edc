"""The bridge: the facility (a :class:`Snapshot`) as the solver's input, the plan as its result.

The solver never sees the database: :func:`build_scenario` writes the version-1 scenario (the same
one ``necst export scenario`` saves) from a snapshot, :func:`plan_slots` writes the plan's slots
in RESULT form, and :func:`current_plan` builds "the current plan as a solver result" once for the
checker, "Why here?" and the edit checks. Codes and local ISO times are the solver's names; what
goes back to the window uses domain ids and datetimes (see ``optimize.diff_result``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from ...domain.errors import NecstError
from ...domain.model import Campaign, CampaignStatus, CleaningKind, QualificationKind, SlotKind
from ...domain.records import encode
from ..queries import Snapshot

if TYPE_CHECKING:
    import solver

CLEANING_KIND_TO_SOLVER = {
    CleaningKind.DAILY: "daily",
    CleaningKind.WEEKLY_SPORICIDAL: "periodic",
    CleaningKind.MONTHLY_DEEP: "periodic",
    CleaningKind.RE_CLEAN: "clean-hold",
}


def _iso(dt: datetime, snap: Snapshot) -> str:
    return dt.astimezone(snap.facility.tz).isoformat()


def _minutes(hours: float) -> int:
    return max(1, round(hours * 60))


def local_midnight(day: date, snap: Snapshot) -> datetime:
    return datetime.combine(day, time(0), tzinfo=snap.facility.tz)


@dataclass
class Horizon:
    start: datetime
    end: datetime


def default_horizon(snap: Snapshot, start: date | None = None, end: date | None = None) -> Horizon:
    """The planning horizon: given dates (local midnights), else all the plan's slots and campaigns."""
    if start is not None and end is not None:
        if end <= start:
            raise NecstError(f"The end date {end} must come after the start date {start}.")
        return Horizon(local_midnight(start, snap), local_midnight(end, snap))
    times = [s.start for s in snap.slots] + [c.earliest_start for c in snap.campaigns if c.is_open]
    ends = [s.end for s in snap.slots] + [c.due for c in snap.campaigns if c.is_open and c.due]
    first = min(times) if times else datetime.now(UTC)
    last = max(ends) if ends else first + timedelta(days=56)
    first_day = first.astimezone(snap.facility.tz).date() if start is None else start
    last_day = last.astimezone(snap.facility.tz).date() + timedelta(days=1) if end is None else end
    return Horizon(local_midnight(first_day, snap), local_midnight(last_day, snap))


def build_scenario(snap: Snapshot, horizon: Horizon | None = None, *,
                   frozen_until: datetime | None = None, include_roster: bool = False,
                   extra_horizon_days: int = 28,
                   only: Callable[[Campaign], bool] | None = None) -> dict[str, Any]:
    """A version-1 solver scenario of the open campaigns that touch ``horizon``.

    Campaigns already running at the horizon start are fixed where they are; the horizon end is
    stretched by ``extra_horizon_days`` so that a late campaign is planned late rather than dropped.
    ``include_roster`` adds the staff part (operators, shifts, demands, working time) when the
    facility has operators.
    """
    horizon = horizon or default_horizon(snap)
    suite_code = {s.id: s.code for s in snap.suites}
    slot_of = {s.campaign_id: s for s in snap.slots if s.kind == SlotKind.CAMPAIGN}
    end = horizon.end + timedelta(days=extra_horizon_days)
    candidates = [c for c in snap.campaigns if c.is_open and (only is None or only(c))]
    chosen: list[Campaign] = []
    # Booked campaigns that start before the scenario ends are part of it (fixed where they are
    # when they start after the horizon), so that nothing is planned over them and their
    # changeovers are known; the scenario end grows to cover them, until it holds still.
    while True:
        chosen = []
        for c in candidates:
            slot = slot_of.get(c.id)
            if slot is not None:
                if slot.end <= horizon.start or slot.start >= end:
                    continue
            elif c.earliest_start >= horizon.end:
                continue
            chosen.append(c)
        new_end = max([end] + [slot_of[c.id].end for c in chosen if c.id in slot_of])
        if new_end == end:
            break
        end = new_end
    start = min([horizon.start] + [slot_of[c.id].start for c in chosen if c.id in slot_of])
    chosen_ids = {c.id for c in chosen}
    campaigns = []
    current_plan = []
    for c in chosen:
        product = snap.product(c.product_id)
        client = snap.client(c.client_id)
        slot = slot_of.get(c.id)
        running = slot is not None and (slot.start < horizon.start or slot.start >= horizon.end
                                        or c.status == CampaignStatus.IN_PROGRESS)
        rec: dict[str, Any] = {
            "id": c.code, "client": client.code, "product": product.code,
            "modality": product.modality.value, "duration_min": _minutes(c.duration_hours),
            "earliest_start": _iso(max(c.earliest_start, start), snap),
            "weight": 6 - c.priority, "requires": list(c.required_capabilities),
            "staffing": [encode(n) for n in c.staffing],
        }
        if c.suite_durations:
            rec["duration_by_suite_min"] = {k: _minutes(v) for k, v in c.suite_durations.items()}
        if c.due is not None:
            rec["due"] = _iso(c.due, snap)
            rec["due_hard"] = c.due_is_hard
        if slot is not None:
            current_plan.append({"kind": "campaign", "campaign": c.code,
                                 "suite": suite_code[slot.suite_id], "start": _iso(slot.start, snap),
                                 "end": _iso(slot.end, snap)})
            if c.pinned or slot.pinned or running:
                rec["pinned"] = True
                rec["pinned_suite"] = suite_code[slot.suite_id]
                rec["pinned_start"] = _iso(slot.start, snap)
                # A fixed campaign keeps its booked length even if the estimate changed since.
                rec["duration_by_suite_min"] = {suite_code[slot.suite_id]:
                                                round((slot.end - slot.start).total_seconds() / 60)}
                rec["earliest_start"] = _iso(min(slot.start, max(c.earliest_start, start)), snap)
                if c.due is not None and c.due <= slot.start:
                    rec.pop("due")
                    rec.pop("due_hard", None)
        if rec.get("due") is not None and datetime.fromisoformat(rec["due"]) <= \
                datetime.fromisoformat(rec["earliest_start"]):
            rec.pop("due")
            rec.pop("due_hard", None)
        campaigns.append(rec)
    codes = {c.id: c.code for c in snap.campaigns}
    dependencies = [{"before": codes[d.predecessor_id], "after": codes[d.successor_id],
                     "min_lag_min": round(d.min_lag_hours * 60)}
                    for d in snap.dependencies
                    if d.predecessor_id in chosen_ids and d.successor_id in chosen_ids]
    rules = []
    for r in snap.changeover_rules:
        rule: dict[str, Any] = {"id": f"rule-{r.id}", "from": r.from_key, "to": r.to_key,
                                "duration_min": round(r.duration_hours * 60),
                                "steps": list(r.steps), "staff": [encode(n) for n in r.staff]}
        if r.same_product is not None:
            rule["same_product"] = r.same_product
        if r.suite_id is not None:
            rule["suite"] = suite_code[r.suite_id]
        rules.append(rule)
    cleaning = [{"id": r.kind.value, "kind": CLEANING_KIND_TO_SOLVER[r.kind],
                 "duration_min": _minutes(r.duration_hours), "at": r.window_start,
                 "every_days": r.every_days, "tolerance_days": r.tolerance_days}
                for r in snap.cleaning_rules]
    if not any(r["kind"] == "clean-hold" for r in cleaning):
        cleaning.append({"id": "re-clean", "kind": "clean-hold", "duration_min": 120})
    unavailable = [{"suite": suite_code[s.suite_id], "start": _iso(s.start, snap),
                    "end": _iso(s.end, snap), "kind": "maintenance", "reason": s.label}
                   for s in snap.slots if s.kind == SlotKind.MAINTENANCE
                   and s.end > start and s.start < end]
    scenario: dict[str, Any] = {
        "format": "necst-scenario", "version": 1, "name": snap.facility.name,
        "timezone": snap.facility.timezone, "horizon_start": _iso(start, snap),
        "horizon_end": _iso(end, snap),
        "clean_hold_min": round(snap.facility.clean_hold_hours * 60),
        "suites": [{"id": s.code, "name": s.name, "grade": s.grade.value,
                    "capabilities": list(s.capabilities), "max_occupancy": s.max_occupancy}
                   for s in snap.suites],
        "campaigns": campaigns, "dependencies": dependencies, "changeover_rules": rules,
        "cleaning_rules": cleaning, "unavailable": unavailable, "current_plan": current_plan,
    }
    if frozen_until is not None:
        scenario["frozen_until"] = _iso(max(frozen_until, start), snap)
    if include_roster and snap.operators:
        scenario.update(roster_part(snap, Horizon(start, end)))
    return scenario


#: the solver's weekday names (part-time work days)
SOLVER_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: qualifications used inside the grade B suites (these also need valid gowning)
SUITE_WORK = {QualificationKind.ASEPTIC_PROCESSING, QualificationKind.VIRAL_VECTOR,
              QualificationKind.CLEANING, QualificationKind.MEDIA_FILL, QualificationKind.PROCESS}


def roster_part(snap: Snapshot, horizon: Horizon) -> dict[str, Any]:
    """The staff keys of a scenario (shifts, operators, demands, working_time) for a period."""
    wt = snap.working_time
    first_day = horizon.start.astimezone(snap.facility.tz).date()
    last_day = (horizon.end.astimezone(snap.facility.tz) - timedelta(seconds=1)).date()
    leave_by_op: dict[int, list[dict[str, str]]] = {}
    for lv in snap.leave:
        if lv.end >= first_day and lv.start <= last_day:
            leave_by_op.setdefault(lv.operator_id, []).append(
                {"start": lv.start.isoformat(), "end": lv.end.isoformat()})
    current: dict[int, list[dict[str, str]]] = {}
    worked_before: dict[int, dict[int, float]] = {}
    for a in snap.assignments:
        if first_day <= a.day <= last_day:
            current.setdefault(a.operator_id, []).append({"date": a.day.isoformat(),
                                                          "shift": a.shift_code})
        elif a.day < first_day and (first_day - a.day).days <= 16 * 7:
            weeks_back = (first_day - a.day).days // 7
            worked_before.setdefault(a.operator_id, {}).setdefault(weeks_back, 0.0)
            worked_before[a.operator_id][weeks_back] += a.hours
    operators = []
    for op in snap.operators:
        # Work in a grade B suite also needs a valid grade B gowning qualification: a suite
        # qualification counts only while the operator's gowning is valid too.
        gowning = max((q.expires for q in op.qualifications
                       if q.kind == QualificationKind.GOWNING_B), default=None)
        quals = []
        for q in op.qualifications:
            expires = q.expires
            if q.kind in SUITE_WORK:
                if gowning is None:
                    continue
                expires = min(expires, gowning)
            quals.append({"kind": q.kind.value, "expires": expires.isoformat()})
        rec: dict[str, Any] = {
            "id": op.code, "name": op.name,
            "qualifications": quals,
            "contract": {"min_hours_week": op.min_hours_week,
                         "max_hours_week": op.contract_hours_week},
            "leave": leave_by_op.get(op.id or 0, []),
        }
        if op.days_off:
            rec["part_time"] = {"weekdays": [d for i, d in enumerate(SOLVER_WEEKDAYS) if i not in op.days_off]}
        if op.id in worked_before:
            hist = worked_before[op.id]
            rec["hours_worked_before"] = [round(hist.get(k, 0.0), 2) for k in range(16, 0, -1)]
        if op.id in current:
            rec["current_roster"] = current[op.id]
        operators.append(rec)
    qa = QualificationKind.QA_RELEASE.value
    cleaning = QualificationKind.CLEANING.value
    demands: list[dict[str, Any]] = [
        # QA on call on every early shift, a cleaning crew every late shift
        {"id": "qa-on-call", "shift": "early", "qualification": qa, "count": 1},
        {"id": "cleaning-crew", "shift": "late", "qualification": cleaning, "count": 1},
        {"id": "changeover-staff", "slot_kind": "changeover", "qualification": cleaning,
         "count": 1, "shifts": ["early", "late"]},
    ]
    return {
        "shifts": [{"id": s.code, "start": s.start, "end": s.end, "night": s.night,
                    "colour": s.colour} for s in snap.shifts],
        "operators": operators,
        "demands": demands,
        "working_time": {
            "max_shift_hours": wt.max_shift_hours, "min_rest_hours": wt.min_rest_hours,
            "short_rest_hours": wt.short_rest_hours, "max_week_hours": wt.max_week_hours,
            "avg_4w_hours": wt.max_avg_4_weeks, "avg_16w_hours": wt.max_avg_16_weeks,
            "weekly_rest_hours": wt.weekly_rest_hours,
            "max_consecutive_days": wt.max_consecutive_days,
            "min_consecutive_days_off": wt.min_consecutive_days_off,
        },
    }


def plan_slots(snap: Snapshot, horizon: Horizon | None = None) -> list[dict[str, Any]]:
    """The current plan's slots in RESULT.json form (suite codes, ISO times)."""
    suite_code = {s.id: s.code for s in snap.suites}
    codes = {c.id: c.code for c in snap.campaigns}
    out = []
    for s in snap.slots:
        if horizon is not None and (s.end <= horizon.start or s.start >= horizon.end):
            continue
        d: dict[str, Any] = {"kind": s.kind.value, "suite": suite_code[s.suite_id],
                             "start": _iso(s.start, snap), "end": _iso(s.end, snap)}
        if s.campaign_id is not None:
            d["campaign"] = codes[s.campaign_id]
        if s.kind == SlotKind.CHANGEOVER:
            d["steps"] = list(s.steps)
        if s.kind == SlotKind.CLEANING and s.label:
            d["rule"] = s.label
        out.append(d)
    return out


@dataclass
class CurrentPlan:
    """The current plan as the solver sees it: the scenario, the parsed problem, and the plan's
    slots (RESULT form) of the campaigns in the scenario, maintenance left out (it is in the
    scenario as unavailable time). Built once per use by :func:`current_plan`."""

    scenario: dict[str, Any]
    problem: solver.Problem
    #: campaign codes in the scenario
    in_scenario: set[str]
    #: the plan's slots in RESULT.json form (suite codes, local ISO times)
    slots: list[dict[str, Any]]

    @property
    def unplanned(self) -> list[str]:
        """Codes of the scenario's campaigns with no slot on the plan."""
        return sorted(self.in_scenario - {s["campaign"] for s in self.slots
                                          if s["kind"] == "campaign"})

    def result(self) -> solver.Result:
        """The plan as a solver result (the campaigns without a slot: "not planned yet")."""
        import solver

        h0 = self.problem.horizon_start
        return solver.Result(status="feasible", horizon_start=h0,
                             timezone=self.problem.timezone,
                             slots=[solver.Slot.from_dict(s, h0) for s in self.slots],
                             unplanned=[solver.Unplanned(c, "not planned yet")
                                        for c in self.unplanned])


def current_plan(snap: Snapshot, horizon: Horizon | None = None, *,
                 extra_horizon_days: int = 28,
                 only: Callable[[Campaign], bool] | None = None) -> CurrentPlan:
    """The scenario of ``horizon`` and the plan's slots in it, for the checker and "Why here?"."""
    from solver.scenario import parse

    scenario = build_scenario(snap, horizon, extra_horizon_days=extra_horizon_days, only=only)
    in_scenario = {c["id"] for c in scenario["campaigns"]}
    slots = [s for s in plan_slots(snap) if s["kind"] != "maintenance"
             and (s.get("campaign") is None or s["campaign"] in in_scenario)]
    return CurrentPlan(scenario, parse(scenario), in_scenario, slots)
