"""solve(): the suite plan (solver.suites.search), and with a roster part its staff (solver.joint).

ortools is imported inside the functions that need it.
"""

from __future__ import annotations

import time

from .problem import Problem
from .result import Result
from .stop import Stop
from .suites.cpsat import Progress
from .suites.explaining import explain
from .suites.search import NO_BOUND_INFEASIBLE, plan_suites

__all__ = ["explain", "fixed_clean_conflicts", "solve"]


def solve(problem: Problem, *, time_limit_s: float = 10, workers: int = 8, seed: int = 0,
          deterministic: bool = False, progress: Progress | None = None, stop: Stop = None,
          objective: str | None = None, roster: bool = True, joint: bool = True) -> Result:
    """Plan the campaigns of `problem`; see the package docstring.

    With a roster part and `roster`, staff is rostered for the plan; with `joint` as well, the
    suite model keeps the campaigns' staff load under the staff capacity and re-plans where the
    roster still came up short (`solver.joint`). `joint=False` is the suites-first decomposition.
    """
    from .suites.model import static_analysis

    t_start = time.monotonic()
    p = problem
    kind = objective or p.objective.kind
    reasons, conflicts = static_analysis(p)
    if not conflicts:
        conflicts = fixed_clean_conflicts(p, reasons)
    if conflicts:
        return Result("infeasible", conflicts=conflicts, wall_s=time.monotonic() - t_start,
                      horizon_start=p.horizon_start, timezone=p.timezone,
                      stats={"bound_from": NO_BOUND_INFEASIBLE})
    staff = None
    if roster and joint and p.roster is not None:
        from .suites.staffcap import estimate

        staff = estimate(p)
    if staff is not None:
        from .joint import solve_joint

        return solve_joint(p, kind, reasons, staff, time_limit_s=time_limit_s, workers=workers,
                           seed=seed, deterministic=deterministic, progress=progress, stop=stop,
                           t_start=t_start)
    res = plan_suites(p, kind, reasons, time_limit_s=time_limit_s, workers=workers, seed=seed,
                      deterministic=deterministic, progress=progress, stop=stop, t_start=t_start)
    if res.status in ("optimal", "feasible") and roster and p.roster is not None:
        from .joint import roster_plan

        roster_plan(p, res, time_limit_s, workers, seed, deterministic, stop)
    res.wall_s = time.monotonic() - t_start
    return res


def fixed_clean_conflicts(p: Problem, skip: dict[str, str]) -> list[str]:
    """Cleans that the pinned and frozen campaigns alone leave no room for, in words."""
    from .suites.cleaning import suite_misses_at

    by_suite: dict[str, list[tuple[int, int, str]]] = {}
    for c in p.campaigns:
        fx = p.fixed(c)
        if fx is None or c.id in skip:
            continue
        d = c.duration_in(fx[0]) or 0
        by_suite.setdefault(fx[0], []).append((fx[1], fx[1] + d, c.id))
    out = []
    for s, camps in sorted(by_suite.items()):
        camps.sort()
        for msg, at in suite_misses_at(p, s, camps):
            near = [cid for a, e, cid in camps if a - 1440 <= at <= e + 1440] or [cid for _, _, cid in camps]
            what = ", ".join(p.campaign_label(x) for x in near)
            out.append(f"The fixed (pinned or frozen) campaigns {what} leave {msg}.")
    return out
