"""Joint suite plan and roster: when people are short, campaigns move, within the time limit.

A decomposition (measured against suites-only and suites-first in bench/RESULTS-joint.md):

1. **Capacity** (`solver.staffcap`): per qualification and local day, how many person-shifts the
   qualified, present operators can realistically give (contract hours, consecutive days, leave,
   part time, expiry), minus facility demands. A campaign no window can staff is unplanned with
   the reason in words.
2. **Round 0: the suite plan as suites-only makes it** (no staff model), judged by a quick
   roster (`solver.roster.solve_roster`, public signature only).
3. **Staff-aware rounds** only where that roster lacks campaign staff: the cuts of the shortfall
   (qualification q, day k: the 7-day budget windows around k, else the day's capacity below
   what the plan put on it) and the staff-capacity family (`solver.model.staffing`: one
   cumulative per qualification, soft) re-plan from the previous plan; each judged by a quick
   roster. At most `ROUNDS` rounds.
4. The best round by (unplanned campaigns, roster found, uncovered person-shifts, suite
   objective) gets the final roster with the time left.

So the suite plan is round 0's (suites-only) unless a staff-aware round covers more people; then
`stats.joint.staff_forced` compares the two and names the qualifications that were short (and
who holds them). The whole solve takes the time limit T: round 0 0.45T, each quick roster
0.1T (the same for every round, so that their shortfalls compare), each re-plan 0.12T, the
final roster the rest (END_RESERVE_S kept for the bookkeeping). Deterministic in `deterministic=True` mode: the loop decides only on results and
shares of T, never on the clock. `progress` keeps reporting the best suite objective during the
roster phases.
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


#: shares of the time limit T (the whole solve takes T): the suites-only plan, the quick roster
#: that judges a round, a staff-aware re-plan; the best plan's final roster gets the rest
SUITES_SHARE = 0.45
QUICK_SHARE = 0.1
REPLAN_SHARE = 0.12
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


def solve_joint(p: Problem, kind: str, reasons: dict[str, str], staff: StaffCapacity, *,
                time_limit_s: float, workers: int, seed: int, deterministic: bool,
                progress: Any, stop: Any, t_start: float) -> Result:
    """Suites first, then staff, all within `time_limit_s`:

    1. round 0 plans the suites as suites-only would (SUITES_SHARE of T), campaigns that nobody
       can staff left out with the reason; a quick roster judges it (QUICK_SHARE);
    2. if the roster lacks campaign staff, the cuts of that shortfall and the staff-capacity
       family re-plan from that plan (REPLAN_SHARE, at most ROUNDS - 1 times), each judged by a
       quick roster;
    3. the best round by (unplanned, roster found, uncovered person-shifts, suite objective)
       gets the final roster with the time left. A later round is only kept when it covers
       more: the suite plan is never worse than round 0's unless the staff forces it, and then
       `stats.joint.staff_forced` names the qualifications that were short (and who holds them).

    `progress` keeps coming through the staff phases (the best suite objective so far)."""
    from .solving import _roster, evaluate, plan_suites
    from .stop import stopped as _stopped

    reasons = dict(reasons)
    for cid, why in staff.unstaffable.items():
        reasons.setdefault(cid, why)
    T = time_limit_s
    deadline = t_start + T
    rounds: list[dict[str, Any]] = []
    best: Result | None = None
    best_key: tuple[int, int, int, int] | None = None
    best_round = 0
    first: dict[str, tuple[str, int]] = {}
    prev: dict[str, tuple[str, int]] | None = None
    state: dict[str, float | None] = {"obj": None, "bound": 0.0}

    def report() -> None:
        obj = state["obj"]
        if progress is not None and obj is not None:
            progress(float(obj), float(state["bound"] or 0.0), time.monotonic() - t_start)

    def roster_progress(*_a: Any) -> None:
        report()

    def left() -> float:
        return deadline - time.monotonic()

    spent = 0.0  # deterministic mode: shares spent, never the clock
    for r in range(ROUNDS):
        if r > 0 and _stopped(stop):
            break
        share = SUITES_SHARE * T if r == 0 else REPLAN_SHARE * T
        quick = QUICK_SHARE * T  # the same for every round: their rosters are compared
        if r > 0 and (spent + share + quick > (1 - QUICK_SHARE) * T if deterministic
                      else left() < share + quick + QUICK_SHARE * T):
            break
        t_r = time.monotonic()

        def suite_progress(obj: float, bound: float, t: float, _r: int = r) -> None:
            if _r == 0 and (state["obj"] is None or obj < state["obj"]):
                state["obj"], state["bound"] = obj, bound
                report()

        res = plan_suites(p, kind, reasons, time_limit_s=share, workers=workers, seed=seed,
                          deterministic=deterministic, progress=suite_progress, stop=stop,
                          t_start=t_r, staff=staff if r > 0 else None, hint=prev)
        spent += share
        if res.status not in ("optimal", "feasible"):
            if best is None:  # pins that clash: the same answer as without staff
                res.wall_s = time.monotonic() - t_start
                return res
            break
        if r == 0:
            state["obj"], state["bound"] = res.objective, res.bound or 0
            report()
        q_t = quick if deterministic else max(0.1, min(quick, left() - END_RESERVE_S))
        _roster(p, res, q_t, workers, seed, deterministic, stop, progress=roster_progress)
        spent += quick
        placement = _placement(res)
        if r == 0:
            first = placement
        obj, terms = evaluate(p, placement, kind)
        short = campaign_short(res.uncovered)
        info: dict[str, Any] = {
            "round": r,
            "staff_aware": r > 0,
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
        if short:
            info["short_words"] = staff_short_words(p, res.uncovered)
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
        prev = placement
    assert best is not None
    # the best plan's final roster: the time left, started from its quick roster
    final_t = (T - spent) if deterministic else left() - END_RESERVE_S
    if final_t > 0.05 * T and not _stopped(stop):
        assert p.roster is not None
        from .roster.solve import roster_hint

        hint = roster_hint(p.roster, best.assignments) or None
        before = best.stats.get("roster", {}).get("roster_objective")
        saved = (best.assignments, best.uncovered, best.stats.get("roster"))
        _roster(p, best, final_t, workers, seed, deterministic, stop, hint=hint, progress=roster_progress)
        rs = best.stats.get("roster")
        new_obj = rs.get("roster_objective") if isinstance(rs, dict) else None
        if new_obj is None or (before is not None and new_obj > before):
            best.assignments, best.uncovered, best.stats["roster"] = saved  # keep the better
        rounds[best_round]["final_roster_uncovered_person_shifts"] = sum(
            int(u.get("missing", 0)) for u in best.uncovered)
    final = _placement(best)
    joint: dict[str, Any] = {
        "rounds": rounds,
        "best_round": best_round,
        "cuts": sum(int(x.get("cuts", 0)) for x in rounds),
        "moved_after_round_0": sorted(c for c, pl in final.items() if first.get(c) != pl),
        "unstaffable": dict(staff.unstaffable),
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
