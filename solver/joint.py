"""Joint suite plan and roster: when people are short, campaigns move, within the time limit.

A decomposition (measured against suites-only and suites-first in bench/RESULTS-joint.md):

1. **Capacity** (`solver.staffcap`): per qualification and local day, how many person-shifts the
   qualified, present operators can realistically give (contract hours, consecutive days, leave,
   part time, expiry), minus facility demands. A campaign no window can staff is unplanned with
   the reason in words.
2. **Round 0 is the suites-only search** (no staff model, the same call with the same limit T,
   so the same search: its phases are shares of the limit), stopped at (1 - ROSTER_SHARE) T so
   that its roster (`solver.roster.solve_roster`, public signature only) keeps the rest. A
   shorter limit would not only cut the search: it changes it (the full model's stall rule is
   a share of the limit; measured: 6x16x4 seed 1 stayed at the constructive plan with 7 s).
3. **Staff-aware rounds** only when round 0 proved its plan optimal early enough, and only where
   its quick roster lacks campaign staff: the cuts of the shortfall (qualification q, day k: the
   7-day budget windows around k, else the day's capacity below what the plan put on it) and
   the staff-capacity family (`solver.model.staffing`: one cumulative per qualification, soft)
   re-plan from the previous plan; each judged by a quick roster. At most `ROUNDS` rounds.
4. The best round by (unplanned campaigns, roster found, uncovered person-shifts, suite
   objective), round 0 on a tie, gets the final roster with the time left; a roster search that
   found no roster leaves the greedy roster it started from (`stats.roster.roster_fallback`).

So the suite plan is round 0's (suites-only's, cut at (1 - ROSTER_SHARE) T) unless a staff-aware
round covers more people; then `stats.joint.staff_forced` compares the two and names the
qualifications that were short (and who holds them). The whole solve takes the time limit T.
Deterministic in `deterministic=True` mode: round 0 is then the very suites-only call (no
clock to stop on; the same plan as suites-only when no campaign is unstaffable, as far as the
suite search itself is reproducible), the roster's work units come on top, and the loop
decides only on results and shares of T. `progress` keeps reporting the best suite objective
during the roster phases.
"""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import date
from typing import Any

from .problem import Problem
from .result import Result
from .staffcap import StaffCapacity

#: suite + roster rounds at most (round 0 and up to two staff-aware re-plans)
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


#: shares of the time limit T (the whole solve takes T). Round 0 (the suites-only search, with
#: the limit T) is stopped when all but ROSTER_SHARE is gone, which its roster keeps (a roster
#: builds its model inside its limit: 1-2 s on 8 suites x 22 operators on the shared machine).
#: When round 0 proves its plan optimal early, the time it leaves goes to the staff rounds: a
#: quick roster judges each round (QUICK_SHARE, the same for every round, so that their
#: shortfalls compare), each staff-aware re-plan gets REPLAN_SHARE, the best plan's roster the rest
ROSTER_SHARE = 0.2
QUICK_SHARE = 0.15
REPLAN_SHARE = 0.12
#: deterministic mode (no clock): what an optimal round 0 counts as spent
OPTIMAL_SHARE = 0.3
#: seconds kept at the end for the result's bookkeeping
END_RESERVE_S = 0.3


def staff_short_words(p: Problem, uncovered: list[dict[str, Any]]) -> list[str]:
    """The qualifications (and who holds them) that were short, per qualification, in words."""
    per: dict[str, dict[str, Any]] = {}
    for u in uncovered:
        if not u.get("campaign") or "reason" in u or not u.get("qualification"):
            continue
        q = str(u["qualification"])
        e = per.setdefault(q, {"n": 0, "days": set(), "campaigns": set()})
        e["n"] += int(u.get("missing", 0))
        e["days"].add(str(u.get("date")))
        e["campaigns"].add(str(u["campaign"]))
    holders: dict[str, list[str]] = {}
    ops = getattr(p.roster, "operators", None) or []
    for o in ops:
        for q in getattr(o, "qualifications", ()) or ():
            kind = getattr(q, "kind", None) or (q.get("kind") if isinstance(q, dict) else None)
            if kind:
                holders.setdefault(str(kind), []).append(str(getattr(o, "id", "?")))
    out = []
    for q, e in sorted(per.items(), key=lambda kv: -kv[1]["n"]):
        days = sorted(e["days"])
        span = days[0] if len(days) == 1 else f"{days[0]} .. {days[-1]} ({len(days)} days)"
        who = holders.get(q, [])
        names = (", ".join(who[:6]) + (f" and {len(who) - 6} more" if len(who) > 6 else "")) if who else "nobody"
        out.append(f"{q}: {e['n']} person-shifts short on {span} for {', '.join(sorted(e['campaigns']))} "
                   f"(qualified: {names})")
    return out


def _round_info(p: Problem, kind: str, r: int | str, res: Result,
                prev: dict[str, tuple[str, int]] | None, t_r: float
                ) -> tuple[dict[str, Any], tuple[int, int, int, int]]:
    """What a round planned and what its roster lacked; its key (lower is better): unplanned,
    roster not found, uncovered person-shifts, suite objective."""
    from .solving import evaluate

    placement = _placement(res)
    obj, terms = evaluate(p, placement, kind)
    short = campaign_short(res.uncovered)
    info: dict[str, Any] = {
        "round": r,
        "staff_aware": r not in (0, "probe"),
        "suite_status": res.status,
        "suite_objective": obj,
        "unplanned": [u.campaign for u in res.unplanned],
        "uncovered_person_shifts": sum(int(u.get("missing", 0)) for u in res.uncovered),
        "campaign_person_shifts_short": sum(short.values()),
        "campaigns_short": sorted({c for c, _, _ in short}),
        "moved": sorted(c for c, pl in placement.items() if prev is not None and prev.get(c) != pl),
        "estimate_short": res.stats.get("staff_estimate_short", []),
        "wall_s": round(time.monotonic() - t_r, 3),
    }
    if short:
        info["short_words"] = staff_short_words(p, res.uncovered)
    if "staff_capacity" in res.stats:
        info["staff_capacity"] = res.stats["staff_capacity"]
    rs = res.stats.get("roster")
    info["roster_status"] = rs.get("roster_status") if isinstance(rs, dict) else None
    # a round whose roster was not found (time) reports no shortfall: never the best
    no_roster = 0 if info["roster_status"] in ("optimal", "feasible") else 1
    return info, (int(terms.get("unplanned", 0)), no_roster, info["uncovered_person_shifts"], obj)


def _roster_more(p: Problem, res: Result, time_limit_s: float, workers: int, seed: int,
                 deterministic: bool, stop: Any, progress: Any) -> None:
    """Go on rostering `res` from its roster for `time_limit_s`; keep the better of the two."""
    from .roster.solve import roster_hint
    from .solving import _roster

    assert p.roster is not None
    hint = roster_hint(p.roster, res.assignments) or None
    rs0 = res.stats.get("roster")
    before = rs0.get("roster_objective") if isinstance(rs0, dict) else None
    saved = (res.assignments, res.uncovered, rs0)
    _roster(p, res, time_limit_s, workers, seed, deterministic, stop, hint=hint, progress=progress)
    rs = res.stats.get("roster")
    found = isinstance(rs, dict) and rs.get("roster_status") in ("optimal", "feasible")
    new_obj = rs.get("roster_objective") if isinstance(rs, dict) else None
    if not found or (before is not None and new_obj is not None and new_obj > before):
        res.assignments, res.uncovered, res.stats["roster"] = saved  # keep the better


def _roster_from_greedy(p: Problem, res: Result, time_limit_s: float, workers: int, seed: int,
                        deterministic: bool, stop: Any, progress: Any) -> None:
    """Roster `res` within `time_limit_s`: the greedy roster first (`solver.roster.greedy`, what a
    planner does by hand, about 0.5 s on 8 suites x 22 operators), the roster search from it (as
    its hint, unless a published roster is the hint); when the search finds no roster in its
    time (status unknown), the greedy roster stays, said so in `stats.roster.roster_fallback`.
    An infeasible roster (no lawful roster exists) is kept as the search reported it."""
    from .roster.greedy import greedy_roster
    from .roster.solve import roster_hint
    from .solving import _roster

    assert p.roster is not None
    t0 = time.monotonic()
    rr = greedy_roster(p.roster, res.to_dict()["slots"])
    hint = None if p.roster.current_roster else (roster_hint(p.roster, rr.assignments) or None)
    limit = time_limit_s if deterministic else max(0.1, time_limit_s - (time.monotonic() - t0))
    _roster(p, res, limit, workers, seed, deterministic, stop, hint=hint, progress=progress)
    rs = res.stats.get("roster")
    if not isinstance(rs, dict) or rs.get("roster_status") in ("optimal", "feasible", "infeasible"):
        return
    res.assignments = list(rr.assignments)
    res.uncovered = list(rr.uncovered)
    d = rr.to_dict()
    d.pop("assignments", None)
    d.pop("uncovered", None)
    d["roster_fallback"] = (f"greedy roster: the roster search found none in its "
                            f"{rs.get('roster_wall_s')} s")
    res.stats["roster"] = d


def solve_joint(p: Problem, kind: str, reasons: dict[str, str], staff: StaffCapacity, *,
                time_limit_s: float, workers: int, seed: int, deterministic: bool,
                progress: Any, stop: Any, t_start: float) -> Result:
    """The suite plan and its roster within `time_limit_s` (T):

    1. round 0 plans the suites as suites-only does (no staff model, the limit T), stopped after
       (1 - ROSTER_SHARE) T, campaigns that nobody can staff left out with the reason;
    2. if it used that time, its roster gets the rest and that is the answer (there is no time
       for a staff-aware round that would not shorten the suite search);
    3. if it proved optimality early, a quick roster judges it; where that roster lacks
       campaign staff, the cuts of that shortfall and the staff-capacity family re-plan from
       that plan (REPLAN_SHARE, at most ROUNDS - 1 times while there is time), each judged by a
       quick roster; the best round by (unplanned, roster found, uncovered person-shifts, suite
       objective), round 0 on a tie, gets the final roster with the time left.

    A staff-aware round is only kept when it covers more: the suite plan is never worse than
    round 0's unless the staff forces it, and then `stats.joint.staff_forced` names the
    qualifications that were short (and who holds them). `progress` keeps coming through the
    roster phases (the best suite objective so far)."""
    from .solving import plan_suites
    from .stop import stopped as _stopped

    reasons = dict(reasons)
    for cid, why in staff.unstaffable.items():
        reasons.setdefault(cid, why)
    T = time_limit_s
    deadline = t_start + T
    quick, replan = QUICK_SHARE * T, REPLAN_SHARE * T
    state: dict[str, float | None] = {"obj": None, "bound": 0.0}

    def report() -> None:
        obj = state["obj"]
        if progress is not None and obj is not None:
            progress(float(obj), float(state["bound"] or 0.0), time.monotonic() - t_start)

    def roster_progress(*_a: Any) -> None:
        report()

    def suite_progress(obj: float, bound: float, _t: float) -> None:
        if state["obj"] is None or obj < state["obj"]:
            state["obj"], state["bound"] = obj, bound
            report()

    spent = 0.0  # deterministic mode: shares spent, never the clock

    def left() -> float:
        return T - spent if deterministic else deadline - time.monotonic() - END_RESERVE_S

    # round 0 is the suites-only search itself (the same limit T, so the same search: its
    # phases are shares of the limit), stopped at the cutoff so that its roster keeps
    # ROSTER_SHARE; deterministic mode has no clock to stop on: round 0 there is the very
    # suites-only call, and the roster's work units come on top
    cutoff = t_start + (1 - ROSTER_SHARE) * T

    def stop0() -> bool:
        return _stopped(stop) or (not deterministic and time.monotonic() >= cutoff)

    res0 = plan_suites(p, kind, reasons, time_limit_s=T, workers=workers, seed=seed,
                       deterministic=deterministic, progress=suite_progress, stop=stop0,
                       t_start=t_start)
    if res0.status not in ("optimal", "feasible"):  # pins that clash: the same as without staff
        res0.wall_s = time.monotonic() - t_start
        return res0
    spent = (OPTIMAL_SHARE if res0.status == "optimal" else 1 - ROSTER_SHARE) * T
    state["obj"], state["bound"] = res0.objective, res0.bound or 0
    report()
    first = _placement(res0)
    # room for round 0's quick roster and one staff-aware round (re-plan and quick roster)?
    staff_rounds = left() >= 2 * quick + replan and not _stopped(stop)
    t_r = time.monotonic()
    _roster_from_greedy(p, res0, quick if staff_rounds else max(0.1, left()), workers, seed,
                        deterministic, stop, roster_progress)
    spent += quick
    info, key = _round_info(p, kind, 0, res0, None, t_r)
    rounds = [info]
    best, best_key, best_round = res0, key, 0
    cur, prev = res0, first
    for r in range(1, ROUNDS if staff_rounds else 1):
        if not info["campaigns_short"] and info["roster_status"] in ("optimal", "feasible"):
            break
        if _stopped(stop) or left() < replan + quick:
            break
        info["cuts"] = apply_cuts(p, staff, cur)
        t_r = time.monotonic()
        res = plan_suites(p, kind, reasons, time_limit_s=replan, workers=workers, seed=seed,
                          deterministic=deterministic, progress=None, stop=stop, t_start=t_r,
                          staff=staff, hint=prev)
        spent += replan
        if res.status not in ("optimal", "feasible"):
            break
        _roster_from_greedy(p, res, quick, workers, seed, deterministic, stop, roster_progress)
        spent += quick
        info, key = _round_info(p, kind, r, res, prev, t_r)
        rounds.append(info)
        if key < best_key:
            best, best_key, best_round = res, key, r
        cur, prev = res, _placement(res)
    if staff_rounds and left() > 0.05 * T and not _stopped(stop):
        # the best plan's final roster: the time left, started from its quick roster
        _roster_more(p, best, left(), workers, seed, deterministic, stop, roster_progress)
        rounds[best_round]["final_roster_uncovered_person_shifts"] = sum(
            int(u.get("missing", 0)) for u in best.uncovered)
    final = _placement(best)
    joint: dict[str, Any] = {
        "rounds": rounds,
        "best_round": best_round,
        "cuts": sum(int(x.get("cuts", 0)) for x in rounds),
        "moved_after_round_0": sorted(c for c, pl in final.items() if first.get(c) != pl),
        "unstaffable": dict(staff.unstaffable),
        "round_0_search": "proved optimal" if res0.status == "optimal" else "used its whole share",
    }
    if best_round > 0 and rounds[best_round]["suite_objective"] > rounds[0]["suite_objective"]:
        r0 = rounds[0]
        joint["staff_forced"] = {
            "suite_objective_round_0": r0["suite_objective"],
            "suite_objective": rounds[best_round]["suite_objective"],
            "uncovered_round_0": r0["uncovered_person_shifts"],
            "uncovered": rounds[best_round]["uncovered_person_shifts"],
            "short_in_round_0": r0.get("short_words", []),
        }
    best.stats["joint"] = joint
    best.wall_s = time.monotonic() - t_start
    return best
