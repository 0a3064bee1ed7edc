"""Planning: the facility (domain) <-> the solver's scenario format, the checker, the optimizer.

The solver never sees the database: this module writes a version-1 scenario dict (the same one
``necst export scenario`` saves) from a snapshot, and turns a solver result back into commands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from ..domain.commands import Batch, Command, Create, Retire, Update
from ..domain.errors import NecstError
from ..domain.model import Campaign, CampaignStatus, CleaningKind, SlotKind
from ..domain.records import encode
from ..persistence.db import Database
from .queries import Snapshot, load_snapshot

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
        from .rostering import roster_part

        scenario.update(roster_part(snap, Horizon(start, end)))
    return scenario


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
class PlanCheck:
    violations: list[Any]
    scenario: dict[str, Any]
    unplanned: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations


def check_plan(db: Database | None = None, *, snap: Snapshot | None = None,
               horizon: Horizon | None = None) -> PlanCheck:
    """Every rule the current plan breaks, from the solver's independent checker."""
    import solver
    from solver.scenario import parse

    if snap is None:
        assert db is not None
        snap = load_snapshot(db)
    if horizon is not None:  # nothing is known before the plan begins: a window that starts
        full = default_horizon(snap)  # earlier is judged from the plan's beginning (as in full)
        if horizon.start < full.start < horizon.end:
            horizon = Horizon(full.start, horizon.end)
    only = None
    if horizon is not None:  # a window judges the campaigns that lie in it, not those after it
        window = horizon
        booked = {s.campaign_id: s for s in snap.slots if s.kind == SlotKind.CAMPAIGN}

        def only(c: Campaign) -> bool:
            slot = booked.get(c.id)
            if slot is not None:
                return slot.start < window.end and slot.end > window.start
            return c.earliest_start < window.end and (c.due is None or c.due > window.start)

    scenario = build_scenario(snap, horizon, only=only)
    problem = parse(scenario)
    in_scenario = {c["id"] for c in scenario["campaigns"]}
    planned_codes = {c["campaign"] for c in scenario["current_plan"]}
    slots = [s for s in plan_slots(snap) if s["kind"] != "maintenance"
             and (s.get("campaign") is None or s["campaign"] in in_scenario)]
    unplanned = sorted(in_scenario - planned_codes)
    result = solver.Result(status="feasible", horizon_start=problem.horizon_start,
                           timezone=problem.timezone,
                           slots=[solver.Slot.from_dict(s, problem.horizon_start) for s in slots],
                           unplanned=[solver.Unplanned(c, "not planned yet") for c in unplanned])
    # Every changeover and clean is given to the checker, since the rules look back (the last
    # deep clean, the clean hold), but one that lies outside a window asked for (--from/--to) is
    # that other window's business, not a broken rule of this one.
    violations = [v for v in solver.check(problem, result)
                  if not (horizon is not None and v.rule == "horizon" and not v.campaigns)]
    return PlanCheck(violations, scenario, unplanned)


# --- results back into commands --------------------------------------------------------------


@dataclass
class PlanDiff:
    """What applying a solver result would change, in words and as one command."""

    moved: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unplanned: list[str] = field(default_factory=list)
    command: Command = field(default_factory=Batch)

    @property
    def lines(self) -> list[str]:
        return [*self.moved, *self.added, *self.removed, *self.unplanned]

    @property
    def empty(self) -> bool:
        return not (self.moved or self.added or self.removed)


def diff_result(snap: Snapshot, result: dict[str, Any], *, reason: str = "",
                scenario: dict[str, Any] | None = None) -> PlanDiff:
    """Compare a RESULT.json dict with the current plan; build the 'Apply optimized plan' batch.

    Campaign slots are moved in place (their history stays with them); changeover and cleaning
    slots that the optimizer recomputed replace the old ones (retired, never deleted).
    """
    tz = snap.facility.tz
    suite_by_code = {s.code: s for s in snap.suites}
    camp_by_code = {c.code: c for c in snap.campaigns}
    diff = PlanDiff()
    commands: list[Command] = []
    new_slots = result.get("slots", [])
    new_campaign_slots = {s["campaign"]: s for s in new_slots if s["kind"] == "campaign"}
    planned_ids = {camp_by_code[c].id for c in new_campaign_slots if c in camp_by_code}
    old_by_campaign = {s.campaign_id: s for s in snap.slots if s.kind == SlotKind.CAMPAIGN}
    # The optimizer re-planned [window_start, window_end): its changeovers and cleans replace the
    # old ones there; outside that window nothing is touched.
    if scenario is not None:
        window_start: datetime | None = datetime.fromisoformat(scenario["horizon_start"])
        window_end: datetime | None = datetime.fromisoformat(scenario["horizon_end"])
    else:
        window_start = min((datetime.fromisoformat(s["start"]) for s in new_slots), default=None)
        window_end = max((datetime.fromisoformat(s["end"]) for s in new_slots), default=window_start)

    def when(dt: datetime) -> str:
        return dt.astimezone(tz).strftime("%a %d %b %H:%M")

    retire_ids: list[int] = []
    for code, s in new_campaign_slots.items():
        camp = camp_by_code.get(code)
        if camp is None or camp.id is None:
            raise NecstError(f"The optimizer planned campaign {code}, which the database does not hold.")
        suite = suite_by_code[s["suite"]]
        start, end = datetime.fromisoformat(s["start"]), datetime.fromisoformat(s["end"])
        old = old_by_campaign.get(camp.id)
        if old is None:
            commands.append(Create(entity="slot", values={
                "kind": "campaign", "suite_id": suite.id, "campaign_id": camp.id,
                "start": encode(start), "end": encode(end), "label": camp.code,
                "source": "optimizer"}))
            diff.added.append(f"{code}: planned in {suite.name} from {when(start)} to {when(end)}")
        elif old.suite_id != suite.id or old.start != start or old.end != end:
            assert old.id is not None
            commands.append(Update(entity="slot", id=old.id, expected_version=old.version,
                                   changes={"suite_id": suite.id, "start": encode(start),
                                            "end": encode(end), "source": "optimizer"}))
            where = "" if old.suite_id == suite.id else f" from {snap.suite(old.suite_id).name}"
            diff.moved.append(f"{code}: moved{where} to {suite.name}, {when(old.start)} -> {when(start)}")
    unplanned_ids = {camp_by_code[u["campaign"]].id for u in result.get("unplanned", [])
                     if u["campaign"] in camp_by_code}
    for camp_id, old in old_by_campaign.items():
        if camp_id is not None and camp_id not in planned_ids and camp_id in unplanned_ids:
            retire_ids.append(old.id or 0)
            diff.removed.append(f"{snap.campaign(camp_id).code}: taken off the plan")
    for u in result.get("unplanned", []):
        diff.unplanned.append(f"{u['campaign']}: not planned - {u.get('reason', '')}")
    # Changeovers and cleans in the re-planned window are replaced by the optimizer's.
    # Changeovers and cleans wholly inside the window are replaced; one that straddles its edge
    # links to something outside the window, which the optimizer did not see: it stays, and a new
    # slot that would overlap it is not created.
    aux = [s for s in snap.slots if s.kind in (SlotKind.CHANGEOVER, SlotKind.CLEANING)
           and window_start is not None and window_end is not None
           and s.end > window_start and s.start < window_end]
    inside = [s for s in aux if not s.pinned and s.start >= window_start and s.end <= window_end]  # type: ignore[operator]
    kept = [s for s in aux if s not in inside]
    retire_ids += [s.id for s in inside if s.id is not None]
    for s in new_slots:
        if s["kind"] in ("changeover", "cleaning"):
            s_start, s_end = datetime.fromisoformat(s["start"]), datetime.fromisoformat(s["end"])
            suite_id = suite_by_code[s["suite"]].id
            if any(k.suite_id == suite_id and k.start < s_end and s_start < k.end for k in kept):
                continue
            values: dict[str, Any] = {
                "kind": s["kind"], "suite_id": suite_by_code[s["suite"]].id,
                "start": s["start"], "end": s["end"], "steps": list(s.get("steps") or []),
                "label": (f"Changeover {s.get('from_campaign')} -> {s.get('to_campaign')}"
                          if s["kind"] == "changeover" else str(s.get("rule") or "cleaning")),
                "source": "optimizer"}
            # derived: the audit trail folds them under the action; undo recomputes them
            commands.append(Create(entity="slot", values=values, derived=True))
    versions = {s.id: s.version for s in snap.slots}
    aux_ids = {s.id for s in inside}
    retires: list[Command] = [Retire(entity="slot", id=i, expected_version=versions[i],
                                     derived=i in aux_ids) for i in retire_ids]
    # Invariants (no overlapping bookings) are checked after the whole batch.
    diff.command = Batch(label="Apply optimized plan", reason=reason or "optimizer result accepted",
                         commands=tuple(retires + commands))
    return diff


def run_optimizer(snap: Snapshot, horizon: Horizon, *, time_limit_s: float = 10.0,
                  workers: int = 8, seed: int = 0, frozen_until: datetime | None = None,
                  progress: Callable[[float, float, float], None] | None = None,
                  stop: Any = None, include_staff: bool = False) -> dict[str, Any]:
    """Solve the horizon and return RESULT.json as a dict (ortools is imported only here).

    With `include_staff` and operators in the facility, the scenario carries the staff part and
    the solver plans suites and roster jointly (campaigns move where people are short; see
    docs/scenario-format.md, *Joint planning*) within the same time limit (suites and roster
    rounds). Off by default: on the demo, the roster over the optimizer's horizon (plus
    its 28 spare days) is not found within a few seconds. `assignments` are a proposal only."""
    import solver
    from solver.scenario import parse

    scenario = build_scenario(snap, horizon, frozen_until=frozen_until,
                              include_roster=include_staff)
    problem = parse(scenario)
    result = solver.solve(problem, time_limit_s=time_limit_s, workers=workers, seed=seed, progress=progress, stop=stop)
    out: dict[str, Any] = result.to_dict()
    out["scenario"] = scenario
    return out
