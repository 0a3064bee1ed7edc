"""The orchestration of the constraint families (`build`) and the static analysis before it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from ...problem import Problem
from ...timeutil import fmt_duration, fmt_local
from .built import Built

if TYPE_CHECKING:
    from ..staffcap import StaffCapacity


def static_analysis(problem: Problem) -> tuple[dict[str, str], list[str]]:
    """Campaigns that cannot be planned whatever the others do (with reasons), and pins that
    break a rule on their own (conflicts in words)."""
    t0, tz = problem.horizon_start, problem.tz

    def t(m: int) -> str:
        return fmt_local(m, t0, tz)

    reasons: dict[str, str] = {}
    conflicts: list[str] = []
    H = problem.horizon_end_min
    fz = problem.frozen_until_min
    for c in problem.campaigns:
        fixed = problem.fixed(c)
        elig = problem.eligible(c)
        if fixed is not None:
            s, st = fixed
            what = "pinned" if c.pinned else "frozen"
            d = c.duration_in(s)
            if s not in elig:
                conflicts.append(f"Campaign {problem.campaign_label(c.id)} is {what} in "
                                 f"{problem.suite_label(s)}, which it cannot use (capabilities).")
                continue
            assert d is not None
            if st < 0 or st + d > H:
                conflicts.append(f"Campaign {problem.campaign_label(c.id)} is {what} at {t(st)}, outside the "
                                 "planning horizon.")
            if st < c.earliest_start_min and c.pinned:
                conflicts.append(f"Campaign {problem.campaign_label(c.id)} is pinned at {t(st)}, before its "
                                 f"earliest start {t(c.earliest_start_min)}.")
            if c.latest_start_min is not None and st > c.latest_start_min and c.pinned:
                conflicts.append(f"Campaign {problem.campaign_label(c.id)} is pinned at {t(st)}, after its "
                                 f"latest start {t(c.latest_start_min)}.")
            if c.due_hard and c.due_min is not None and st + d > c.due_min:
                conflicts.append(f"Campaign {problem.campaign_label(c.id)} is {what} to end {t(st + d)}, after "
                                 f"its hard due date {t(c.due_min)}.")
            for u in problem.unavailable:
                if u.suite == s and st < u.end_min and u.start_min < st + d:
                    conflicts.append(f"Campaign {problem.campaign_label(c.id)} is {what} in "
                                     f"{problem.suite_label(s)} {t(st)} - {t(st + d)}, during its {u.kind} "
                                     f"{t(u.start_min)} - {t(u.end_min)}.")
            continue
        if not elig:
            need = ", ".join(sorted(c.requires)) or "its eligible suites"
            reasons[c.id] = f"no suite offers {need}"
            continue
        lb = c.earliest_start_min
        if fz is not None:
            lb = max(lb, fz)
        deadline = H
        if c.due_hard and c.due_min is not None:
            deadline = min(H, c.due_min)
        if c.latest_start_min is not None and c.latest_start_min < lb:
            why = ("the frozen-until time " + t(fz)) if fz is not None and fz > c.earliest_start_min else "its earliest start"
            reasons[c.id] = f"its latest start {t(c.latest_start_min)} is before {why}"
            continue
        fits = [s for s in elig if lb + (c.duration_in(s) or 0) <= deadline]
        if not fits:
            dmin = min(c.duration_in(s) or 0 for s in elig)
            limit = "its hard due date" if deadline < H else "the horizon end"
            reasons[c.id] = (f"it takes at least {fmt_duration(dmin)} and cannot fit between {t(lb)} and "
                             f"{limit} {t(deadline)}")
    return reasons, conflicts


def build(problem: Problem, *, objective_kind: str | None = None, upper_bound: int | None = None,
          with_assumptions: bool = False, campaign_ids: set[str] | None = None,
          suite_ids: set[str] | None = None, allowed: dict[str, set[str]] | None = None,
          bounds: dict[str, tuple[int, ...]] | None = None, must_plan: set[str] | None = None,
          staff: StaffCapacity | None = None, skip: dict[str, str] | None = None) -> Built:
    """Build the CP-SAT model. `campaign_ids`/`suite_ids` restrict it to a sub-problem (LNS);
    `bounds` (campaign -> earliest start, latest end) and `must_plan` carry what the fixed rest
    of the plan implies through dependencies. `staff` (a `solver.suites.staffcap.StaffCapacity`) adds
    the staff-capacity family (whole problems only); `skip` (campaign -> reason) leaves more
    campaigns out."""
    from . import (
        assignment,
        availability,
        changeover,
        cleanroom,
        dependencies,
        fixing,
        objective,
        staffing,
    )

    kind = objective_kind or problem.objective.kind
    H = problem.horizon_end_min
    if upper_bound is not None and kind == "makespan":
        H = min(H, upper_bound)
    b = Built(problem, cp_model.CpModel(), kind, H)
    cached = problem.__dict__.get("_static_analysis")  # the LNS builds hundreds of sub-models
    if cached is None:
        cached = static_analysis(problem)
        problem.__dict__["_static_analysis"] = cached
    unplannable = dict(cached[0])
    if staff is not None:
        for cid, why in staff.unstaffable.items():
            unplannable.setdefault(cid, why)
    for cid, why in (skip or {}).items():  # e.g. campaigns nobody is qualified to staff
        unplannable.setdefault(cid, why)
    b.unplannable = unplannable
    b.campaigns = [c for c in problem.campaigns
                   if (campaign_ids is None or c.id in campaign_ids) and c.id not in unplannable]
    assignment.add(b, suite_ids, allowed, bounds)
    for cid in must_plan or ():
        if cid in b.planned:
            b.model.add(b.planned[cid] == 1)
    changeover.add(b)
    availability.add(b)
    cleanroom.add(b)
    dependencies.add(b)
    fixing.add(b, with_assumptions)
    if staff is not None and campaign_ids is None and suite_ids is None:
        staffing.add(b, staff)
    objective.add(b)
    return b
