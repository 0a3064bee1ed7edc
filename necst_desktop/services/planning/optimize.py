"""The optimizer and the checker on the whole plan: solve a horizon, check the current plan, and
turn a solver result into one undoable command ("Apply optimized plan")."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ...domain.commands import Batch, Command, Create, Retire, Update
from ...domain.errors import NecstError
from ...domain.model import Campaign, SlotKind
from ...domain.records import encode
from ...persistence.db import Database
from ..queries import Snapshot, load_snapshot
from .bridge import Horizon, build_scenario, current_plan, default_horizon, local_midnight


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

    plan = current_plan(snap, horizon, only=only)
    # Every changeover and clean is given to the checker, since the rules look back (the last
    # deep clean, the clean hold), but one that lies outside a window asked for (--from/--to) is
    # that other window's business, not a broken rule of this one.
    violations = [v for v in solver.check(plan.problem, plan.result())
                  if not (horizon is not None and v.rule == "horizon" and not v.campaigns)]
    return PlanCheck(violations, plan.scenario, plan.unplanned)


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


# --- the solve in a child process (the Optimize dialog) ----------------------------------------


def optimizer_scenario(snap: Snapshot, first_day: date, end_day: date, *,
                       frozen_until: datetime | None = None,
                       include_staff: bool = False) -> dict[str, Any]:
    """The scenario the Optimize dialog solves: local midnight of ``first_day`` to that of
    ``end_day``, nothing moved before ``frozen_until``, the staff part when asked."""
    horizon = Horizon(local_midnight(first_day, snap), local_midnight(end_day, snap))
    return build_scenario(snap, horizon, frozen_until=frozen_until, include_roster=include_staff)



@dataclass
class ChildSolve:
    """A solve by ``python -m solver solve`` in a child process, through files in ``folder``:
    the scenario written here, the result read back, and the stop file that ends the search early
    (the solver then writes the best plan found so far, with ``"stopped_early"``)."""

    folder: Path
    scenario: dict[str, Any]

    @property
    def scenario_path(self) -> Path:
        return self.folder / "scenario.json"

    @property
    def result_path(self) -> Path:
        return self.folder / "result.json"

    @property
    def stop_file(self) -> Path:
        return self.folder / "stop"

    def arguments(self, *, time_limit_s: int, workers: int, objective: str) -> list[str]:
        """Write the scenario, clear the last result and stop file, and return the arguments of
        ``python -m solver`` (from ``solve`` on)."""
        self.scenario_path.write_text(json.dumps(self.scenario), encoding="utf-8")
        self.result_path.unlink(missing_ok=True)
        self.stop_file.unlink(missing_ok=True)
        return ["solve", str(self.scenario_path), "--time-limit", str(time_limit_s),
                "--workers", str(workers), "--objective", objective,
                "-o", str(self.result_path), "--stop-file", str(self.stop_file)]

    def stop(self) -> None:
        """Ask the child to stop and write its best plan."""
        self.stop_file.touch()

    def has_result(self) -> bool:
        return self.result_path.exists()

    def read_result(self) -> dict[str, Any]:
        """The child's RESULT.json (OSError or ValueError when there is none to read)."""
        result: dict[str, Any] = json.loads(self.result_path.read_text(encoding="utf-8"))
        return result


def changeover_hours(result: dict[str, Any]) -> float:
    """Hours of changeover in a RESULT.json."""
    return sum((datetime.fromisoformat(s["end"]) - datetime.fromisoformat(s["start"]))
               .total_seconds() / 3600 for s in result.get("slots", [])
               if s["kind"] == "changeover")


# --- a result as the window shows it ---------------------------------------------------------


@dataclass
class OptimizerOutcome:
    """A solver result for the Optimize dialog: the diff against the plan (its command in
    domain ids), the figures of the summary and the lines in words."""

    status: str
    diff: PlanDiff
    #: hours of changeover in the result and on the plan now
    changeover_hours: float
    changeover_hours_now: float
    #: the sum of the lateness penalties (None when the result has none)
    lateness: float | None
    conflicts: list[str]
    #: what planning around the staff did (empty when the staff was not planned)
    staff: list[str]
    stopped_early: bool

    @property
    def acceptable(self) -> bool:
        """Only a checked plan that changes something may be applied ("unknown" may break a rule)."""
        return not self.diff.empty and self.status in ("optimal", "feasible")


def read_outcome(snap: Snapshot, result: dict[str, Any], *, scenario: dict[str, Any] | None,
                 reason: str) -> OptimizerOutcome:
    """What a RESULT.json would change and say (NecstError when it cannot be applied)."""
    diff = diff_result(snap, result, reason=reason, scenario=scenario)
    late = {k: v for k, v in result.get("penalties", {}).items() if "late" in k}
    return OptimizerOutcome(
        status=str(result.get("status", "?")), diff=diff,
        changeover_hours=changeover_hours(result),
        changeover_hours_now=sum(s.hours for s in snap.slots if s.kind.value == "changeover"),
        lateness=sum(float(v) for v in late.values()) if late else None,
        conflicts=list(result.get("conflicts", []) or []),
        staff=staff_lines(result), stopped_early=bool(result.get("stopped_early")))


def staff_lines(result: dict[str, Any]) -> list[str]:
    """What planning around the staff did, in words (empty when the staff was not planned)."""
    stats = result.get("stats") or {}
    joint = stats.get("joint")
    roster = stats.get("roster")
    if not isinstance(joint, dict) or not isinstance(roster, dict):
        return []
    out = []
    got = roster.get("roster_stats")
    rstats: dict[str, Any] = got if isinstance(got, dict) else {}
    if roster.get("roster_status") not in ("optimal", "feasible"):
        why = (f"no lawful roster exists: {rstats['reason']}" if rstats.get("reason")
               else "no lawful roster was found in the time given")
        out.append(f"staff: {why}; the plan respects the staff estimate only (qualified people "
                   "per day and week)")
    missing = sum(int(u.get("missing", 0)) for u in result.get("uncovered", []) or [])
    shorts = roster.get("roster_stats", {}).get("campaign_shortfalls", []) if isinstance(
        roster.get("roster_stats"), dict) else []
    if roster.get("roster_status") in ("optimal", "feasible"):
        out.append("staff: every staffing need covered by a qualified operator" if not missing
                   else f"staff: {missing} person-shifts cannot be covered by qualified operators")
    out.extend(f"staff short: {s}" for s in shorts[:10])
    rounds = joint.get("rounds") or []
    best = joint.get("best_round", 0)
    est = rounds[best].get("estimate_short", []) if best < len(rounds) else []
    if est:
        out.append("planned although the staff estimate counts too few qualified people: "
                   + ", ".join(map(str, est[:8])))
    for cid, why in sorted((joint.get("unstaffable") or {}).items()):
        out.append(f"cannot be staffed: {cid}: {why}")
    out.append("the roster is a proposal and is not saved with the plan; roster the staff from "
               "the Roster view")
    return out
