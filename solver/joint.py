"""Joint suite plan and roster: when people are short, campaigns move.

A decomposition (measured against suites-first in bench/RESULTS-joint.md):

1. **Capacity** (`solver.staffcap`): per qualification and local day, how many person-shifts the
   qualified, present operators can realistically give (contract hours, consecutive days, leave,
   part time, expiry), minus facility demands.
2. **Suite model with staff capacity** (`solver.model.staffing`): one cumulative per
   qualification keeps the campaigns' staff load under that capacity; soft (a campaign beyond it
   costs `understaffed`, below `unplanned`), pins and frozen campaigns keep their place and their
   load comes off first. A campaign no window can staff is unplanned with a reason in words.
3. **Roster** (`solver.roster.solve_roster`, public signature only) for the plan.
4. **Cuts**: where the roster still lacks campaign staff (qualification q, day k, m person-shifts),
   the 7-day budget windows of q around day k are enforced; if none of them rules out the plan,
   the capacity of (q, k) also drops below what the plan put on it (peak load - m): every cut
   cuts off the plan that was short. Re-plan from the previous plan
   as hint. At most `ROUNDS` rounds, stopping early when no campaign is short or
   no cut tightens anything.

The result is the best round by (unplanned campaigns, roster found, uncovered person-shifts,
suite objective):
staff shortfalls never buy an unplanned campaign. `res.stats["joint"]` records every round.
Time: the suites-first path spends `time_limit_s` (T) on the suites and as much on the roster;
the loop spends the same 2T in all: round 0 plans the suites in 0.4T, every round judges its plan
with a quick roster (0.2T), later rounds re-plan in 0.1T, and the best plan then gets a final
roster with the time left (at least 0.8T), started from its quick roster. Deterministic in
`deterministic=True` mode: the loop decides only on results, never on the clock.
"""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import date
from typing import Any

from .problem import Problem
from .result import Result
from .staffcap import StaffCapacity

#: suite + roster rounds at most (round 0 and up to two re-plans)
ROUNDS = 3


def _placement(res: Result) -> dict[str, tuple[str, int]]:
    return {cid: (sl.suite, sl.start_min) for cid, sl in res.campaign_slots().items()}


def campaign_short(uncovered: list[dict[str, Any]]) -> dict[tuple[str, str, str], int]:
    """(campaign, qualification, date) -> missing person-shifts that moving could fix (occupancy
    caps, which no move fixes, are left out)."""
    out: dict[tuple[str, str, str], int] = defaultdict(int)
    for u in uncovered:
        if u.get("campaign") and u.get("qualification") and "reason" not in u:
            out[(str(u["campaign"]), str(u["qualification"]), str(u["date"]))] += int(u["missing"])
    return dict(out)


def apply_cuts(p: Problem, staff: StaffCapacity, res: Result) -> int:
    """Tighten the capacity where the roster of `res` lacked campaign staff; number of cuts."""
    spans = []
    for cid, sl in res.campaign_slots().items():
        spans.extend(staff.phase_spans(cid, sl.start_min, sl.end_min))
    peak = staff.peak(spans)
    per: dict[tuple[str, int], int] = defaultdict(int)
    for (_cid, q, d), n in campaign_short(res.uncovered).items():
        per[(q, (date.fromisoformat(d) - staff.start_date).days)] += n
    n_cuts = 0
    for (q, k), n in sorted(per.items()):
        if q not in peak or not 0 <= k < staff.n_days:
            continue
        # first the week budgets around that day; if none of them rules out this plan, the day
        staff.add_windows(q, k)
        over = any(staff.week_load(spans, q, j) > staff.week[q][j]
                   for j in range(max(0, k - 6), k + 1))
        if over or staff.cut(q, k, peak[q][k], n):
            n_cuts += 1
    return n_cuts


def solve_joint(p: Problem, kind: str, reasons: dict[str, str], staff: StaffCapacity, *,
                time_limit_s: float, workers: int, seed: int, deterministic: bool,
                progress: Any, stop: Any, t_start: float) -> Result:
    from .solving import _roster, _stopped, evaluate, plan_suites

    reasons = dict(reasons)
    for cid, why in staff.unstaffable.items():
        reasons.setdefault(cid, why)
    T = time_limit_s
    quick = 0.2 * T  # the roster that judges a round's plan
    rounds: list[dict[str, Any]] = []
    best: Result | None = None
    best_key: tuple[int, int, int, int] | None = None
    best_round = 0
    first: dict[str, tuple[str, int]] = {}
    prev: dict[str, tuple[str, int]] | None = None
    for r in range(ROUNDS):
        if r > 0 and (_stopped(stop) or (not deterministic and time.monotonic() - t_start > 1.6 * T)):
            break
        t_r = time.monotonic()
        share = 0.4 * T if r == 0 else 0.1 * T
        res = plan_suites(p, kind, reasons, time_limit_s=share, workers=workers, seed=seed,
                          deterministic=deterministic, progress=progress if r == 0 else None,
                          stop=stop, t_start=t_r, staff=staff, hint=prev)
        if res.status not in ("optimal", "feasible"):
            if best is None:  # pins that clash: the same answer as without staff
                res.wall_s = time.monotonic() - t_start
                return res
            break
        _roster(p, res, quick, workers, seed, deterministic, stop)
        placement = _placement(res)
        if r == 0:
            first = placement
        obj, terms = evaluate(p, placement, kind)
        short = campaign_short(res.uncovered)
        info: dict[str, Any] = {
            "round": r,
            "suite_status": res.status,
            "suite_objective": obj,
            "unplanned": [u.campaign for u in res.unplanned],
            "uncovered_person_shifts": sum(int(u.get("missing", 0)) for u in res.uncovered),
            "campaign_person_shifts_short": sum(short.values()),
            "campaigns_short": sorted({c for c, _, _ in short}),
            "moved": sorted(c for c, pl in placement.items()
                            if prev is not None and prev.get(c) != pl),
            "estimate_short": res.stats.get("staff_estimate_short", []),
            "wall_s": round(time.monotonic() - t_r, 3),
        }
        if "staff_capacity" in res.stats:
            info["staff_capacity"] = res.stats["staff_capacity"]
        rounds.append(info)
        rs = res.stats.get("roster")
        info["roster_status"] = rs.get("roster_status") if isinstance(rs, dict) else None
        # a round whose roster was not found (time) reports no shortfall: never the best
        no_roster = 0 if info["roster_status"] in ("optimal", "feasible") else 1
        key = (int(terms.get("unplanned", 0)), no_roster, info["uncovered_person_shifts"], obj)
        if best_key is None or key < best_key:
            best, best_key, best_round = res, key, r
        if (not short and not no_roster) or r + 1 >= ROUNDS:
            break
        info["cuts"] = apply_cuts(p, staff, res)
        if info["cuts"] == 0:
            break
        prev = placement
    assert best is not None
    # the best plan's final roster: the time left, started from its quick roster
    spent = sum(0.4 * T if x["round"] == 0 else 0.1 * T for x in rounds) + quick * len(rounds)
    final_t = 2 * T - spent if deterministic else 2 * T - (time.monotonic() - t_start)
    if final_t > 0.1 * T and not _stopped(stop):
        assert p.roster is not None
        from .roster.solve import roster_hint

        hint = roster_hint(p.roster, best.assignments) or None
        before = (sum(int(u.get("missing", 0)) for u in best.uncovered),
                  best.stats.get("roster", {}).get("roster_objective"))
        saved = (best.assignments, best.uncovered, best.stats.get("roster"))
        _roster(p, best, final_t, workers, seed, deterministic, stop, hint=hint)
        rs = best.stats.get("roster")
        new_obj = rs.get("roster_objective") if isinstance(rs, dict) else None
        if new_obj is None or (before[1] is not None and new_obj > before[1]):
            best.assignments, best.uncovered, best.stats["roster"] = saved  # keep the better
        rounds[best_round]["final_roster_uncovered_person_shifts"] = sum(
            int(u.get("missing", 0)) for u in best.uncovered)
    final = _placement(best)
    best.stats["joint"] = {
        "rounds": rounds,
        "best_round": best_round,
        "cuts": sum(int(x.get("cuts", 0)) for x in rounds),
        "moved_after_round_0": sorted(c for c, pl in final.items() if first.get(c) != pl),
        "unstaffable": dict(staff.unstaffable),
    }
    best.wall_s = time.monotonic() - t_start
    return best
