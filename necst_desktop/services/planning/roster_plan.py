"""Staff rostering: the facility's people and rules -> the solver's roster part -> assignments.

The suite plan is taken as it stands (decomposition: suites first, then people); what cannot be
covered is reported per day, shift and qualification, never hidden. Applying a roster is one
audited, undoable command ("Apply roster") that retires the old assignments of the period.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ...domain.commands import Batch, Command, Create, Retire
from ...domain.model import QualificationKind, SlotKind
from ..queries import Snapshot
from .bridge import Horizon, build_scenario, local_midnight, plan_slots

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
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
            rec["part_time"] = {"weekdays": [d for i, d in enumerate(WEEKDAYS) if i not in op.days_off]}
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


@dataclass
class RosterPlan:
    status: str
    assignments: list[dict[str, Any]]
    uncovered: list[dict[str, Any]]
    violations: list[Any]
    command: Command = field(default_factory=Batch)
    wall_s: float = 0.0
    reason: str = ""  # why there is no roster, in words (an operator whose rules cannot be kept)

    @property
    def coverage_lines(self) -> list[str]:
        return [f"{u.get('date')} {u.get('shift')}: {u.get('missing', 1)} x "
                f"{u.get('qualification') or 'anyone'} missing"
                + (f" ({u['reason']})" if u.get("reason") else "")
                + (f" for {u['slot']}" if u.get("slot") else "")
                for u in self.uncovered]


def plan_roster(snap: Snapshot, start: date, end: date, *, time_limit_s: float = 10.0,
                workers: int = 8, seed: int = 0, deterministic: bool = False,
                reason: str = "") -> RosterPlan:
    """Roster [start, end) for the current suite plan; the command replaces that period's roster."""
    from solver.roster import check_roster, parse_roster, solve_roster
    from solver.scenario import parse

    horizon = Horizon(local_midnight(start, snap), local_midnight(end, snap))
    full = build_scenario(snap, horizon, extra_horizon_days=0)
    slots = [s for s in plan_slots(snap, horizon) if s["kind"] != "maintenance"]
    booked = {s.get("campaign") for s in slots}
    # The suite plan is fixed here: campaigns only carry their staffing needs; the bookings
    # (with their real times, also those that began before the period) come as suite slots.
    campaigns = [{k: v for k, v in c.items() if k in ("id", "client", "product", "modality",
                                                         "duration_min", "duration_by_suite_min",
                                                         "requires", "staffing")}
                 for c in full["campaigns"] if c["id"] in booked]
    scenario = {"format": "necst-scenario", "version": 1, "name": full["name"],
                "timezone": full["timezone"], "horizon_start": horizon.start.isoformat(),
                "horizon_end": horizon.end.isoformat(), "suites": full["suites"],
                "campaigns": campaigns, "changeover_rules": full["changeover_rules"],
                "cleaning_rules": full["cleaning_rules"], **roster_part(snap, horizon)}
    problem = parse(scenario)
    roster_problem = problem.roster or parse_roster(scenario, problem)
    result = solve_roster(roster_problem, slots, time_limit_s=time_limit_s, workers=workers,
                          seed=seed, deterministic=deterministic)
    violations = check_roster(roster_problem, slots, result.assignments) if result.assignments else []
    plan = RosterPlan(result.status, result.assignments, result.uncovered, violations,
                      wall_s=result.wall_s, reason=str(result.stats.get("reason") or ""))
    plan.command = _roster_command(snap, start, end, result.assignments, reason)
    return plan


def _roster_command(snap: Snapshot, start: date, end: date, assignments: list[dict[str, Any]],
                    reason: str) -> Command:
    op_by_code = {o.code: o for o in snap.operators}
    suite_by_code = {s.code: s for s in snap.suites}
    slot_at: dict[tuple[str, int | None], int | None] = {}
    for s in snap.slots:
        if s.kind == SlotKind.CAMPAIGN and s.campaign_id is not None:
            slot_at[(snap.campaign(s.campaign_id).code, s.suite_id)] = s.id
    retire: list[Command] = [Retire(entity="roster_assignment", id=a.id or 0,
                                    expected_version=a.version)
                             for a in snap.assignments if start <= a.day < end]
    creates: list[Command] = []
    quals = {q.value for q in QualificationKind}
    for a in assignments:
        op = op_by_code.get(a["operator"])
        if op is None:
            continue
        slot_id = None
        if (a.get("slot") or "").startswith("campaign:") and a.get("suite") in suite_by_code:
            slot_id = slot_at.get((a["slot"].split(":", 1)[1], suite_by_code[a["suite"]].id))
        creates.append(Create(entity="roster_assignment", values={
            "operator_id": op.id, "day": a.get("date") or a["start"][:10],
            "shift_code": a["shift"], "start": a["start"], "end": a["end"], "slot_id": slot_id,
            "qualification": a.get("qualification") if a.get("qualification") in quals else None}))
    return Batch(label="Apply roster", reason=reason or f"roster {start} to {end}",
                 commands=tuple(retire + creates))
