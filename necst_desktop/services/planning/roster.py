"""The roster services: the roster solve, checks of hand edits, and a simple lawful fill.

**The roster solve** (:func:`plan_roster`): the facility's people and rules -> the solver's roster
part -> assignments. The suite plan is taken as it stands (decomposition: suites first, then people); what cannot be
covered is reported per day, shift and qualification, never hidden. Applying a roster is one
audited, undoable command ("Apply roster") that retires the old assignments of the period.

**Hand edits** (:class:`RosterChecker`): is a shift allowed where it was dropped, and the one
command if so. :class:`RosterChecker` is built once per snapshot. :meth:`RosterChecker.evaluate` answers
for "move assignment A to operator O on day D" with the first hard rule the move breaks, in words
(None if none), and the single :class:`Update` that applies it. The working-time rules are judged
by the roster solver's independent checker (:func:`solver.roster.check_roster`) on the operators
the move touches, in a window of whole ISO weeks around the days involved; a move is refused only
for a hard violation it *adds* (a roster that already broke a rule elsewhere does not block every
other edit). Qualifications are checked first, in words that name the expiry date.

:meth:`RosterChecker.flags` gives the rules the current roster breaks, per operator and per cell,
for the roster view's badges.

**A simple, lawful fill** (:func:`fill_roster`) for demos, tests and benchmarks (not the
optimizer): each operator keeps one shift (early, late or night by turn of their code) and works five days in
seven on a rotating pattern, fewer for part-timers, never on leave, a day off or without a valid
grade B gowning qualification. Same shift every worked day means at least 16 h rest between
shifts, two consecutive days off in every seven and at most five nights a week.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from ...domain.commands import Batch, Command, Create, Retire, Update
from ...domain.errors import NecstError
from ...domain.model import Operator, QualificationKind, RosterAssignment, ShiftDef, SlotKind
from ...domain.records import encode
from ...persistence.db import Database
from ..editing import SYSTEM, Actor, Applied, EditingService
from ..queries import Snapshot, load_snapshot
from .bridge import Horizon, build_scenario, local_midnight, plan_slots, roster_part


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
    if roster_problem is None:
        raise NecstError("There is no staff to roster: the facility has no shifts or operators.")
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


# --- hand edits in the roster view ----------------------------------------------------------


#: every shift in a cleanroom suite needs a valid grade B gowning qualification on its day
ALWAYS_REQUIRED = QualificationKind.GOWNING_B
#: whole weeks on either side of the days a move touches that the checker looks at
MARGIN_WEEKS = 3
#: checker rules that never refuse a hand edit here: contract hours and the minimum run lengths
#: are shown as flags (a planner fills those in later), weekends per horizon depend on the window
NOT_REFUSING = frozenset({"contract_hours", "min_consecutive_days", "min_consecutive_days_off",
                          "max_weekends", "horizon"})


@dataclass
class MoveCheck:
    """The verdict on one proposed move: ``reason`` None means allowed."""

    reason: str | None
    command: Update | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.reason is None


@dataclass
class RosterFlags:
    """What the roster breaks: words per operator, and the cells (operator id, day) concerned."""

    by_operator: dict[int, list[str]] = field(default_factory=dict)
    cells: dict[tuple[int, date], list[str]] = field(default_factory=dict)


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def fmt_day(d: date) -> str:
    return d.strftime("%a %d %b")


class RosterChecker:
    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap
        self.tz = snap.facility.tz
        self.operators: dict[int, Operator] = {o.id: o for o in snap.operators
                                               if o.id is not None and not o.retired}
        self.shifts: dict[str, ShiftDef] = {s.code: s for s in snap.shifts if not s.retired}
        self.assignments: dict[int, RosterAssignment] = {
            a.id: a for a in snap.assignments if a.id is not None and not a.retired}
        self.by_operator: dict[int, list[RosterAssignment]] = defaultdict(list)
        for a in self.assignments.values():
            self.by_operator[a.operator_id].append(a)
        self.leave: dict[int, list[tuple[date, date]]] = defaultdict(list)
        for lv in snap.leave:
            if not lv.retired:
                self.leave[lv.operator_id].append((lv.start, lv.end))
        self.slots = {s.id: s for s in snap.slots if s.id is not None}
        self._cache: dict[tuple[int, int, date], MoveCheck] = {}

    # --- the solver's roster problem for a window ---------------------------------------------

    def _problem(self, ops: Iterable[Operator], first: date, last: date) -> Any:
        from solver.roster.problem import DEFAULT_RULES, RosterProblem, Rule, Shift
        from solver.roster.problem import Operator as SOperator
        from solver.roster.problem import Qualification as SQual

        w = self.snap.working_time
        values: dict[str, Any] = dict(DEFAULT_RULES)
        values.update({
            "max_shift_hours": w.max_shift_hours, "min_rest_hours": w.min_rest_hours,
            "short_rest_hours": w.short_rest_hours, "short_rest_per_days": 7,
            "max_week_hours": w.max_week_hours, "avg_4w_hours": w.max_avg_4_weeks,
            "avg_16w_hours": w.max_avg_16_weeks, "weekly_rest_hours": w.weekly_rest_hours,
            "max_consecutive_days": w.max_consecutive_days,
        })
        rules = {name: Rule(name, value, enabled=name not in NOT_REFUSING
                            and not (name == "short_rest_hours" and w.short_rests_per_7_days < 1))
                 for name, value in values.items()}
        s_ops = []
        for o in ops:
            leave = tuple((datetime.combine(a, time(0), self.tz),
                           datetime.combine(b + timedelta(days=1), time(0), self.tz))
                          for a, b in self.leave.get(o.id or 0, []))
            weekdays = (frozenset(d + 1 for d in range(7) if d not in o.days_off)
                        if o.days_off else None)
            s_ops.append(SOperator(
                id=o.code, name=o.name,
                qualifications=tuple(SQual(q.kind.value, q.expires) for q in o.qualifications),
                max_hours_week=o.contract_hours_week, leave=leave, weekdays=weekdays))
        shifts = tuple(Shift(s.code, time.fromisoformat(s.start), time.fromisoformat(s.end),
                             s.night) for s in self.shifts.values())
        start = datetime.combine(first, time(0), self.tz)
        return RosterProblem(timezone=self.snap.facility.timezone, horizon_start=start,
                             start_date=first, n_days=(last - first).days + 1, shifts=shifts,
                             operators=tuple(s_ops), demands=(), rules=rules)

    def _row(self, op: Operator, a: RosterAssignment, day: date | None = None) -> dict[str, Any]:
        start, end = a.start, a.end
        if day is not None and day != a.day:
            start, end = self.shifts[a.shift_code].bounds(day, self.tz)
        qual = a.qualification.value if a.qualification is not None else None
        return {"operator": op.code, "shift": a.shift_code, "start": start.isoformat(),
                "end": end.isoformat(), "qualification": qual}

    def _violations(self, ops: list[Operator], rows: list[dict[str, Any]], first: date,
                    last: date) -> list[Any]:
        from solver.roster import check_roster

        return [v for v in check_roster(self._problem(ops, first, last), [], rows)
                if v.hard and v.rule not in NOT_REFUSING]

    # --- one move --------------------------------------------------------------------------

    def qualification_problem(self, op: Operator, a: RosterAssignment, day: date) -> str | None:
        """Words for a qualification ``op`` lacks on ``day`` for this shift, or None."""
        needed = [ALWAYS_REQUIRED]
        if a.qualification is not None and a.qualification != ALWAYS_REQUIRED:
            needed.append(a.qualification)
        for kind in needed:
            if op.qualified(kind, day):
                continue
            held = [q for q in op.qualifications if q.kind == kind]
            if held:
                last = max(q.expires for q in held)
                return (f"{op.code} {op.name}: {kind.value} expired on {last:%d %b %Y}, so not "
                        f"qualified on {fmt_day(day)}")
            return f"{op.code} {op.name} does not hold {kind.value}"
        return None

    def evaluate(self, assignment_id: int, operator_id: int, day: date) -> MoveCheck:
        key = (assignment_id, operator_id, day)
        if key not in self._cache:
            self._cache[key] = self._evaluate(assignment_id, operator_id, day)
        return self._cache[key]

    def _evaluate(self, assignment_id: int, operator_id: int, day: date) -> MoveCheck:
        a = self.assignments.get(assignment_id)
        if a is None:
            return MoveCheck("that shift is no longer on the roster")
        op = self.operators.get(operator_id)
        if op is None:
            return MoveCheck("no such operator")
        if a.operator_id == operator_id and a.day == day:
            return MoveCheck("the shift is already there")
        shift = self.shifts.get(a.shift_code)
        if shift is None:
            return MoveCheck(f"shift '{a.shift_code}' is no longer defined")
        why = self.qualification_problem(op, a, day)
        if why:
            return MoveCheck(why, problems=[why])
        lo = _monday(min(a.day, day)) - timedelta(weeks=MARGIN_WEEKS)
        hi = _monday(max(a.day, day)) + timedelta(weeks=MARGIN_WEEKS, days=6)

        busy = [x for x in self.by_operator.get(operator_id, []) if x.day == day and x.id != a.id]
        if busy:
            return MoveCheck(f"{op.code} already works {busy[0].shift_code} on {fmt_day(day)} "
                             "(one shift a day)")

        def rows(moved: bool) -> list[dict[str, Any]]:
            out = [self._row(op, x) for x in self.by_operator.get(operator_id, [])
                   if lo <= x.day <= hi and not (moved and x.id == a.id)]
            if moved:
                out.append(self._row(op, a, day))
            return out

        # Only the receiving operator can break a rule: the giver works less (the minimum-run
        # and contract-minimum rules that less work could break do not refuse hand edits).
        before = {(v.rule, v.message) for v in self._violations([op], rows(False), lo, hi)}
        after = [v for v in self._violations([op], rows(True), lo, hi)
                 if (v.rule, v.message) not in before]
        problems = [v.message for v in after]
        if problems:
            return MoveCheck(problems[0], problems=problems)
        start, end = shift.bounds(day, self.tz)
        changes: dict[str, Any] = {}
        if operator_id != a.operator_id:
            changes["operator_id"] = operator_id
        if day != a.day:
            changes.update({"day": encode(day), "start": encode(start), "end": encode(end)})
            slot = self.slots.get(a.slot_id) if a.slot_id is not None else None
            if a.slot_id is not None and (slot is None or not (slot.start < end and start < slot.end)):
                changes["slot_id"] = None  # no longer on that booking's days
        who = self.operators.get(a.operator_id)
        what = (f"{a.shift_code} shift {who.code if who else '?'} {fmt_day(a.day)} -> "
                f"{op.code} {fmt_day(day)}")
        assert a.id is not None
        cmd = Update(label="Reassign shift", reason=f"roster edit: {what}",
                     entity="roster_assignment", id=a.id, changes=changes,
                     expected_version=a.version)
        return MoveCheck(None, cmd)

    # --- flags for the view ----------------------------------------------------------------

    def flags(self, first: date, last: date) -> RosterFlags:
        """Hard working-time violations and qualification gaps of the roster in [first, last]."""
        out = RosterFlags()
        lo, hi = _monday(first), _monday(last) + timedelta(days=6)
        for oid, op in self.operators.items():
            xs = [x for x in self.by_operator.get(oid, []) if lo <= x.day <= hi]
            if not xs:
                continue
            words: list[str] = []
            for x in xs:
                why = self.qualification_problem(op, x, x.day)
                if why and first <= x.day <= last:
                    words.append(why)
                    out.cells.setdefault((oid, x.day), []).append(why)
            for v in self._violations([op], [self._row(op, x) for x in xs], lo, hi):
                if v.rule == "qualification":
                    continue  # said above, with the expiry date
                words.append(v.message)
                if v.date:
                    d = date.fromisoformat(v.date)
                    if first <= d <= last:
                        out.cells.setdefault((oid, d), []).append(v.message)
            if words:
                out.by_operator[oid] = words
        return out


# --- a simple lawful roster (demos, tests, benchmarks) ------------------------------------------


def plan_assignments(operators: list[Operator], shifts: list[ShiftDef], first: date, days: int,
                     tz: Any, leave: dict[int, set[date]] | None = None) -> list[RosterAssignment]:
    """Assignments for ``days`` days from ``first`` (pure: nothing is saved)."""
    leave = leave or {}
    usable = [s for s in shifts if not s.retired]
    if not usable:
        return []
    out: list[RosterAssignment] = []
    for i, op in enumerate(sorted(operators, key=lambda o: o.code)):
        if op.retired:
            continue
        shift = usable[i % len(usable)]
        per_week = max(1, min(5, int(op.contract_hours_week // 8)))
        for d in range(days):
            day = first + timedelta(days=d)
            if (day.toordinal() + i) % 7 >= per_week:
                continue
            if day.weekday() in op.days_off or day in leave.get(op.id or 0, set()):
                continue
            if not op.qualified(QualificationKind.GOWNING_B, day):
                continue
            start, end = shift.bounds(day, tz)
            out.append(RosterAssignment(operator_id=op.id or 0, day=day, shift_code=shift.code,
                                        start=start, end=end))
    return out


def leave_days(snap: Snapshot) -> dict[int, set[date]]:
    out: dict[int, set[date]] = {}
    for lv in snap.leave:
        if lv.retired:
            continue
        d = lv.start
        while d <= lv.end:
            out.setdefault(lv.operator_id, set()).add(d)
            d += timedelta(days=1)
    return out


def fill_roster(db: Database, first: date, days: int = 7, actor: Actor = SYSTEM) -> Applied:
    """Save a simple lawful roster for ``days`` days from ``first`` as one audited batch."""
    snap = load_snapshot(db)
    planned = plan_assignments(snap.operators, snap.shifts, first, days, snap.facility.tz,
                               leave_days(snap))
    # the period's roster is replaced, not added to (one shift a day)
    last = first + timedelta(days=days)
    retire = tuple(Retire(entity="roster_assignment", id=a.id or 0, expected_version=a.version)
                   for a in snap.assignments if first <= a.day < last)
    cmds = tuple(Create(entity="roster_assignment", values={
        "operator_id": a.operator_id, "day": encode(a.day), "shift_code": a.shift_code,
        "start": encode(a.start), "end": encode(a.end)}) for a in planned)
    return EditingService(db, actor).apply(Batch(label="Fill roster", reason="simple roster",
                                                 commands=retire + cmds))
