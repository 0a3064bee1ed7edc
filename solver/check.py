"""An independent checker: scenario and plan in, every violated rule out, in words.

Written from the rules in docs/scenario-format.md, not from the model code, so that a plan is
never judged by the code that made it. The app runs it after every manual edit.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from .problem import IN_USE_MIN, Campaign, Problem
from .result import Result, Slot
from .timeutil import day_start_min, fmt_duration, fmt_local, local_day
from .violation import Violation

__all__ = ["RULES", "Violation", "check", "in_use_days"]

RULES = {
    "unknown-campaign": "slot names a campaign that is not in the scenario",
    "unknown-suite": "slot names a suite that is not in the scenario",
    "campaign-twice": "a campaign is planned more than once",
    "campaign-missing": "a campaign is neither planned nor reported as unplanned",
    "planned-and-unplanned": "a campaign is planned and also reported unplanned",
    "ineligible-suite": "a campaign sits in a suite that lacks a required capability",
    "duration": "a campaign slot is not as long as the campaign takes in that suite",
    "horizon": "a slot lies outside the planning horizon",
    "earliest-start": "a campaign starts before its earliest start",
    "latest-start": "a campaign starts after its latest start (fresh starting material)",
    "due-hard": "a campaign with a hard due date ends after it",
    "dependency": "a campaign starts before its predecessor ended plus the minimum lag",
    "dependency-max-lag": "a campaign starts later after its predecessor than the maximum lag allows",
    "overlap": "two slots that exclude each other overlap in one suite",
    "changeover-gap": "the gap between two campaigns is shorter than the changeover",
    "changeover-slot": "no changeover slot of the required length between two campaigns",
    "changeover-start": "a changeover does not start when its predecessor campaign ends",
    "unavailable": "something is planned while the suite is unavailable",
    "pinned-moved": "a pinned campaign is not where it was pinned",
    "frozen-window": "the plan changes something before the frozen-until time",
    "cleaning-overlap": "a clean overlaps a changeover, maintenance, another clean or open processing",
    "cleaning-daily": "a suite in use on a day has no daily clean that day",
    "cleaning-periodic": "a suite in use has no periodic clean within its window",
    "clean-hold": "a suite stood idle past the clean hold time without a re-clean",
    "cleaning-weekday": "a clean runs on a weekday its rule does not allow",
}


def in_use_days(p: Problem, camps: list[Slot]) -> set[date]:
    """Local days with at least IN_USE_MIN minutes of campaign processing in the suite."""
    minutes: dict[date, float] = {}
    t0 = p.horizon_start
    for x in camps:
        a = t0 + timedelta(minutes=x.start_min)
        e = t0 + timedelta(minutes=x.end_min)
        d = a.astimezone(p.tz).date()
        while True:
            lo = datetime.combine(d, time(0), p.tz)
            hi = datetime.combine(d + timedelta(days=1), time(0), p.tz)
            if lo >= e:
                break
            minutes[d] = minutes.get(d, 0) + max(0.0, (min(hi, e) - max(lo, a)).total_seconds() / 60)
            d += timedelta(days=1)
    return {d for d, n in minutes.items() if n >= IN_USE_MIN}


def _slots(problem: Problem, plan: Any) -> tuple[list[Slot], Result | None]:
    if isinstance(plan, Result):
        if plan.horizon_start != problem.horizon_start:
            shift = round((plan.horizon_start - problem.horizon_start).total_seconds() / 60)
            return ([Slot(s.kind, s.suite, s.start_min + shift, s.end_min + shift, s.campaign,
                          s.from_campaign, s.to_campaign, s.steps, s.rule) for s in plan.slots], plan)
        return list(plan.slots), plan
    out = []
    for s in plan:
        out.append(s if isinstance(s, Slot) else Slot.from_dict(s, problem.horizon_start))
    return out, None


def check(problem: Problem, plan: Result | Sequence[Slot] | Sequence[dict[str, Any]]) -> list[Violation]:
    """Every rule the plan breaks (empty list: the plan is valid)."""
    slots, result = _slots(problem, plan)
    return _Checker(problem, slots, result).run()


class _Checker:
    def __init__(self, p: Problem, slots: list[Slot], result: Result | None) -> None:
        self.p = p
        self.slots = slots
        self.result = result
        self.v: list[Violation] = []
        self.bridges: list[tuple[int, int]] = []

    def t(self, m: int) -> str:
        return fmt_local(m, self.p.horizon_start, self.p.tz)

    def c(self, cid: str | None) -> str:
        return self.p.campaign_label(cid or "?")

    def s(self, sid: str) -> str:
        return self.p.suite_label(sid)

    def add(self, rule: str, msg: str, campaigns: Iterable[str | None] = (), suites: Iterable[str] = ()) -> None:
        self.v.append(Violation(rule, msg, tuple(c for c in campaigns if c), tuple(suites)))

    def run(self) -> list[Violation]:
        p = self.p
        camp_slots: dict[str, Slot] = {}
        by_suite: dict[str, list[Slot]] = {}
        for sl in self.slots:
            if sl.suite not in p.suite_by_id:
                self.add("unknown-suite", f"A {sl.kind} slot names unknown suite {sl.suite}.", [sl.campaign])
                continue
            by_suite.setdefault(sl.suite, []).append(sl)
            if sl.start_min < 0 or sl.end_min > p.horizon_end_min:
                self.add("horizon", f"A {sl.kind} slot in {self.s(sl.suite)} "
                         f"({self.t(sl.start_min)} - {self.t(sl.end_min)}) lies outside the horizon.",
                         [sl.campaign], [sl.suite])
            if sl.kind != "campaign":
                continue
            cid = sl.campaign or ""
            if cid not in p.campaign_by_id:
                self.add("unknown-campaign", f"Slot in {self.s(sl.suite)} names unknown campaign {cid}.",
                         [cid], [sl.suite])
                continue
            if cid in camp_slots:
                self.add("campaign-twice", f"Campaign {self.c(cid)} is planned more than once.", [cid])
            camp_slots[cid] = sl
        self.camp_slots = camp_slots
        for sl in camp_slots.values():
            self.campaign_rules(p.campaign_by_id[sl.campaign or ""], sl)
        self.completeness()
        self.dependencies()
        for sid, lst in by_suite.items():
            self.suite_rules(sid, lst)
        return self.v

    # ---- per campaign -------------------------------------------------------------------
    def campaign_rules(self, c: Campaign, sl: Slot) -> None:
        p = self.p
        if sl.suite not in p.eligible(c):
            suite = p.suite_by_id[sl.suite]
            missing = sorted(c.requires - suite.capabilities)
            why = (f"lacks {', '.join(missing)}" if missing and c.eligible_suites is None
                   else f"is grade {suite.grade}, below the grade {c.required_grade} it requires"
                   if not c.grade_ok(suite) else "is not among its eligible suites")
            self.add("ineligible-suite", f"Campaign {self.c(c.id)} cannot run in {self.s(sl.suite)}: "
                     f"the suite {why}.", [c.id], [sl.suite])
        else:
            need = c.duration_in(sl.suite) or 0
            if sl.end_min - sl.start_min != need:
                self.add("duration", f"Campaign {self.c(c.id)} takes {fmt_duration(need)} in "
                         f"{self.s(sl.suite)} but its slot is {fmt_duration(sl.end_min - sl.start_min)}.",
                         [c.id], [sl.suite])
        if sl.start_min < c.earliest_start_min:
            self.add("earliest-start", f"Campaign {self.c(c.id)} starts {self.t(sl.start_min)}, before its "
                     f"earliest start {self.t(c.earliest_start_min)}.", [c.id], [sl.suite])
        if c.latest_start_min is not None and sl.start_min > c.latest_start_min:
            self.add("latest-start", f"Campaign {self.c(c.id)} starts {self.t(sl.start_min)}, after its latest "
                     f"start {self.t(c.latest_start_min)}.", [c.id], [sl.suite])
        if c.due_hard and c.due_min is not None and sl.end_min > c.due_min:
            self.add("due-hard", f"Campaign {self.c(c.id)} ends {self.t(sl.end_min)}, after its hard due "
                     f"date {self.t(c.due_min)}.", [c.id], [sl.suite])
        if c.pinned and (sl.suite != c.pinned_suite or sl.start_min != c.pinned_start_min):
            self.add("pinned-moved", f"Pinned campaign {self.c(c.id)} must start {self.t(c.pinned_start_min or 0)} "
                     f"in {self.s(c.pinned_suite or '')}, but the plan has {self.t(sl.start_min)} in "
                     f"{self.s(sl.suite)}.", [c.id], [sl.suite])
        fz = p.frozen_until_min
        if fz is not None and not c.pinned:
            cur = p.current_by_campaign.get(c.id)
            if cur is not None and cur.start_min < fz:
                if cur.suite != sl.suite or cur.start_min != sl.start_min:
                    self.add("frozen-window", f"Campaign {self.c(c.id)} starts before the frozen-until time "
                             f"{self.t(fz)} in the current plan ({self.t(cur.start_min)}, {self.s(cur.suite)}) "
                             f"and may not move.", [c.id], [sl.suite])
            elif sl.start_min < fz:
                self.add("frozen-window", f"Campaign {self.c(c.id)} is placed at {self.t(sl.start_min)}, "
                         f"inside the frozen window (until {self.t(fz)}).", [c.id], [sl.suite])

    def completeness(self) -> None:
        if self.result is None:
            return
        unplanned = {u.campaign for u in self.result.unplanned}
        p = self.p
        for c in p.campaigns:
            if c.id in self.camp_slots and c.id in unplanned:
                self.add("planned-and-unplanned", f"Campaign {self.c(c.id)} is planned and also reported "
                         "unplanned.", [c.id])
            elif c.id not in self.camp_slots and c.id not in unplanned:
                self.add("campaign-missing", f"Campaign {self.c(c.id)} is missing from the plan and not "
                         "reported as unplanned.", [c.id])
            elif c.id not in self.camp_slots:
                if c.pinned:
                    self.add("pinned-moved", f"Pinned campaign {self.c(c.id)} is not planned.", [c.id])
                cur = p.current_by_campaign.get(c.id)
                if (p.frozen_until_min is not None and cur is not None
                        and cur.start_min < p.frozen_until_min):
                    self.add("frozen-window", f"Campaign {self.c(c.id)} is in the frozen window of the "
                             "current plan but was dropped.", [c.id])

    def dependencies(self) -> None:
        for d in self.p.dependencies:
            a, b = self.camp_slots.get(d.before), self.camp_slots.get(d.after)
            if b is None:
                continue
            if a is None:
                self.add("dependency", f"Campaign {self.c(d.after)} needs {self.c(d.before)} first, "
                         "which is not planned.", [d.before, d.after])
            elif b.start_min < a.end_min + d.min_lag_min:
                self.add("dependency", f"Campaign {self.c(d.after)} starts {self.t(b.start_min)} but needs "
                         f"{self.c(d.before)} (ends {self.t(a.end_min)}) plus {fmt_duration(d.min_lag_min)} "
                         f"first.", [d.before, d.after])
            elif d.max_lag_min is not None and b.start_min > a.end_min + d.max_lag_min:
                self.add("dependency-max-lag", f"Campaign {self.c(d.after)} starts {self.t(b.start_min)}, more "
                         f"than {fmt_duration(d.max_lag_min)} after {self.c(d.before)} ends "
                         f"({self.t(a.end_min)}).", [d.before, d.after])

    # ---- per suite ----------------------------------------------------------------------
    def suite_rules(self, sid: str, lst: list[Slot]) -> None:
        p = self.p
        camps = sorted((x for x in lst if x.kind == "campaign" and x.campaign in p.campaign_by_id),
                       key=lambda x: (x.start_min, x.end_min))
        chg = [x for x in lst if x.kind == "changeover"]
        cleans = [x for x in lst if x.kind == "cleaning"]
        unav = [(u.start_min, u.end_min, u.kind) for u in p.unavailable if u.suite == sid]
        unav += [(x.start_min, x.end_min, "maintenance") for x in lst if x.kind == "maintenance"]

        def ov(a0: int, a1: int, b0: int, b1: int) -> bool:
            return a0 < b1 and b0 < a1

        # campaigns and changeovers exclude each other and maintenance
        hard = camps + chg
        for i, x in enumerate(hard):
            for y in hard[i + 1:]:
                if ov(x.start_min, x.end_min, y.start_min, y.end_min):
                    self.add("overlap", f"In {self.s(sid)} the {x.kind} {self._what(x)} and the {y.kind} "
                             f"{self._what(y)} overlap ({self.t(max(x.start_min, y.start_min))}).",
                             [x.campaign or x.to_campaign, y.campaign or y.to_campaign], [sid])
            for u0, u1, kind in unav:
                if ov(x.start_min, x.end_min, u0, u1):
                    self.add("unavailable", f"The {x.kind} {self._what(x)} in {self.s(sid)} overlaps its "
                             f"{kind} {self.t(u0)} - {self.t(u1)}.", [x.campaign or x.to_campaign], [sid])
        # changeovers between consecutive campaigns; a window that counts as the changeover
        # (lies wholly between them) replaces it
        bridges = [(u.start_min, u.end_min) for u in p.unavailable if u.suite == sid and u.counts_as_changeover]
        self.bridges = bridges
        for a, b in itertools.pairwise(camps):
            ca, cb = p.campaign_by_id[a.campaign or ""], p.campaign_by_id[b.campaign or ""]
            need = p.changeover(sid, ca, cb).duration_min
            gap = b.start_min - a.end_min
            if any(a.end_min <= u0 and u1 <= b.start_min for u0, u1 in bridges):
                continue
            mine = [x for x in chg if x.from_campaign == ca.id and x.to_campaign == cb.id]
            for x in mine:
                if x.start_min != a.end_min:
                    self.add("changeover-start", f"In {self.s(sid)} the changeover {ca.id} → {cb.id} starts "
                             f"{self.t(x.start_min)}, but {ca.id} ends {self.t(a.end_min)}: a changeover "
                             "starts when its predecessor ends.", [ca.id, cb.id], [sid])
            if gap < need:
                if gap >= 0:
                    self.add("changeover-gap", f"In {self.s(sid)} the changeover {ca.id} → {cb.id} needs "
                             f"{fmt_duration(need)}, but {ca.id} ends {self.t(a.end_min)} and {cb.id} starts "
                             f"{self.t(b.start_min)} ({fmt_duration(gap)} later).", [ca.id, cb.id], [sid])
            elif need > 0 and not any(x.start_min >= a.end_min and x.end_min <= b.start_min
                                      and x.end_min - x.start_min >= need for x in chg):
                self.add("changeover-slot", f"In {self.s(sid)} there is no changeover slot of "
                         f"{fmt_duration(need)} between {ca.id} and {cb.id}.", [ca.id, cb.id], [sid])
        self.cleaning(sid, camps, chg, cleans, unav)

    def _what(self, x: Slot) -> str:
        if x.kind == "campaign":
            return f"{x.campaign} ({self.t(x.start_min)} - {self.t(x.end_min)})"
        if x.kind == "changeover":
            return f"{x.from_campaign} → {x.to_campaign}"
        return f"{x.rule or x.kind} ({self.t(x.start_min)})"

    def cleaning(self, sid: str, camps: list[Slot], chg: list[Slot], cleans: list[Slot],
                 unav: list[tuple[int, int, str]]) -> None:
        p = self.p
        t0, tz = p.horizon_start, p.tz
        blocked: list[tuple[int, int, str]] = [(x.start_min, x.end_min, "changeover") for x in chg]
        blocked += [(a, b, k) for a, b, k in unav]
        for x in camps:
            c = p.campaign_by_id[x.campaign or ""]
            if c.open_start_min:
                blocked.append((x.start_min, x.start_min + c.open_start_min, f"open processing of {c.id}"))
            if c.open_end_min:
                blocked.append((x.end_min - c.open_end_min, x.end_min, f"open processing of {c.id}"))
        cl = sorted(cleans, key=lambda x: x.start_min)
        for i, x in enumerate(cl):
            for a, b, what in blocked:
                if x.start_min < b and a < x.end_min:
                    self.add("cleaning-overlap", f"The {x.rule or 'cleaning'} clean of {self.s(sid)} at "
                             f"{self.t(x.start_min)} overlaps {what} ({self.t(a)} - {self.t(b)}).", [], [sid])
            for y in cl[i + 1:]:
                if y.start_min < x.end_min:
                    self.add("cleaning-overlap", f"Two cleans of {self.s(sid)} overlap at {self.t(y.start_min)}.",
                             [], [sid])
        # local days in use: a campaign occupies the suite at some time in that day
        days = in_use_days(p, camps)
        for r in p.cleaning_rules:
            if not r.applies_to(sid):
                continue
            mine = [x for x in cl if x.rule == r.id and x.end_min - x.start_min >= r.duration_min]
            if r.weekdays is not None:
                for x in mine:
                    d = local_day(x.start_min, t0, tz)
                    if not r.on_weekday(d.weekday()):
                        self.add("cleaning-weekday", f"The {r.id} clean of {self.s(sid)} on {d:%a %d %b %Y} runs "
                                 "on a day its rule does not allow.", [], [sid])
                mine = [x for x in mine if r.on_weekday(local_day(x.start_min, t0, tz).weekday())]
            if r.kind == "daily":
                have = {local_day(x.start_min, t0, tz) for x in mine}
                for d in sorted(x for x in days - have if r.on_weekday(x.weekday())):
                    self.add("cleaning-daily", f"{self.s(sid)} is in use on {d:%a %d %b %Y} but has no "
                             f"{r.id} clean ({fmt_duration(r.duration_min)}) that day.", [], [sid])
            elif r.kind == "periodic":
                starts = sorted(x.start_min for x in mine)
                for d in sorted(days):
                    lo = day_start_min(d - timedelta(days=r.every_days + r.tolerance_days), t0, tz)
                    hi = day_start_min(d + timedelta(days=1), t0, tz)
                    if not any(lo <= s < hi for s in starts):
                        self.add("cleaning-periodic", f"{self.s(sid)} is in use on {d:%a %d %b %Y} but had no "
                                 f"{r.id} clean in the {r.every_days} (+{r.tolerance_days}) days before.",
                                 [], [sid])
        hold = p.clean_hold_min
        if hold is None or not any(r.kind == "clean-hold" and r.applies_to(sid) for r in p.cleaning_rules):
            return
        prev: Slot | None = None
        for x in camps:
            c = p.campaign_by_id[x.campaign or ""]
            ready = 0
            if prev is not None:
                ready = prev.end_min
                if not any(prev.end_min <= u0 and u1 <= x.start_min for u0, u1 in self.bridges):
                    ready += p.changeover(sid, p.campaign_by_id[prev.campaign or ""], c).duration_min
            # a window that counts as a changeover ends with the suite clean and released
            ready = max([ready] + [u1 for u0, u1 in self.bridges
                                   if u1 <= x.start_min and (prev is None or u0 >= prev.end_min)])
            if x.start_min - ready > hold and not any(
                    y.start_min >= ready and y.end_min <= x.start_min and x.start_min - y.end_min <= hold
                    for y in cl):
                self.add("clean-hold", f"{self.s(sid)} is clean from {self.t(ready)} but {self.c(c.id)} starts "
                         f"{self.t(x.start_min)}, more than the clean hold of {fmt_duration(hold)} later, "
                         "without a re-clean.", [c.id], [sid])
            prev = x
