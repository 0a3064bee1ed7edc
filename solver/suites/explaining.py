"""Why a campaign sits where it does, or why it is unplanned, in the planner's words."""

from __future__ import annotations

from ..problem import Placement, Problem
from ..result import Result, Slot
from ..timeutil import fmt_duration, fmt_local


def dynamic_reason(p: Problem, cid: str, placement: Placement) -> str:
    c = p.campaign_by_id[cid]
    for d in p.dependencies:
        if d.after == cid and d.before not in placement:
            return f"it needs {d.before} first, which is not planned"
    elig = p.suite_list(p.eligible(c))
    t = p.horizon_start
    end = c.due_min if c.due_hard and c.due_min is not None else p.horizon_end_min
    return (f"its eligible suites ({elig}) have no free {fmt_duration(min(c.duration_in(s) or 0 for s in p.eligible(c)))}"
            f" between {fmt_local(max(c.earliest_start_min, p.frozen_until_min or 0), t, p.tz)} and "
            f"{fmt_local(end, t, p.tz)} once the other campaigns and their changeovers are placed")


def explain(problem: Problem, result: Result, campaign_id: str,
            slots_by_campaign: dict[str, Slot] | None = None) -> list[str]:
    """Why a campaign sits where it does (or why it is unplanned), in planner's words."""
    p = problem
    c = p.campaign_by_id.get(campaign_id)
    if c is None:
        return [f"{campaign_id} is not a campaign of this scenario."]
    t0, tz = p.horizon_start, p.tz

    def t(m: int) -> str:
        return fmt_local(m, t0, tz)

    for u in result.unplanned:
        if u.campaign == campaign_id:
            return [f"{p.campaign_label(c.id)} is not planned: {u.reason}."]
    cs = slots_by_campaign if slots_by_campaign is not None else result.campaign_slots()
    sl = cs.get(campaign_id)
    if sl is None:
        return [f"{p.campaign_label(c.id)} is not in this plan."]
    out = [f"{p.campaign_label(c.id)} runs in {p.suite_label(sl.suite)} from {t(sl.start_min)} to {t(sl.end_min)}."]
    if c.pinned:
        out.append("It is pinned there by the planner.")
        return out
    fr = p.frozen(c)
    if fr is not None:
        out.append(f"It starts before the frozen-until time {t(p.frozen_until_min or 0)} and keeps its place.")
        return out
    elig = p.eligible(c)
    if len(elig) == 1:
        out.append(f"It is the only suite that offers {', '.join(sorted(c.requires)) or 'what it needs'}.")
    lb = max(c.earliest_start_min, p.frozen_until_min or 0)
    if sl.start_min > lb:
        causes = []
        same = sorted((x for x in result.slots if x.suite == sl.suite and x.kind == "campaign"
                       and x.end_min <= sl.start_min), key=lambda x: x.end_min)
        if same:
            prev = same[-1]
            co = p.changeover(sl.suite, p.campaign_by_id[prev.campaign or ""], c)
            if prev.end_min + co.duration_min == sl.start_min:
                causes.append(f"{prev.campaign} occupies {p.suite_label(sl.suite)} until {t(prev.end_min)} "
                              f"and the changeover {prev.campaign} → {c.id} takes {fmt_duration(co.duration_min)}")
        for d in p.dependencies:
            if d.after == c.id:
                before = cs.get(d.before)
                if before and before.end_min + d.min_lag_min == sl.start_min:
                    causes.append(f"it waits for {d.before} (ends {t(before.end_min)}) plus "
                                  f"{fmt_duration(d.min_lag_min)}")
        for w in p.unavailable:
            if w.suite == sl.suite and w.end_min == sl.start_min:
                causes.append(f"{p.suite_label(sl.suite)} has {w.kind} until {t(w.end_min)}")
        others = [s for s in elig if s != sl.suite]
        if others and causes:
            causes.append(f"the other capable suites ({', '.join(p.suite_label(s) for s in others)}) "
                          "are no better")
        if causes:
            out.append(f"It starts {fmt_duration(sl.start_min - lb)} after its earliest start because "
                       + "; ".join(causes) + ".")
    if c.due_min is not None and sl.end_min > c.due_min:
        out.append(f"It ends {fmt_duration(sl.end_min - c.due_min)} after its due date {t(c.due_min)}.")
    cur = p.current_by_campaign.get(c.id)
    if cur is not None and (cur.suite, cur.start_min) != (sl.suite, sl.start_min):
        out.append(f"It moved from {p.suite_label(cur.suite)} at {t(cur.start_min)}.")
    return out
