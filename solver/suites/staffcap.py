"""Staff capacity for the suite model: how many person-shifts of each qualification a day offers.

The suite optimizer cannot roster people, but it can keep the load of its campaigns under an
estimate of what the staff can give (see `solver.joint` for the loop that refines it):

- **present**: an operator counts on a local day when some shift of that day lies outside their
  leave, the day is not a day off and (part time) is one of their weekdays;
- **qualified**: their qualification is valid on that date (expiry, valid-from);
- **a day** (`cap`): one shift per present, qualified person (a short campaign can have the
  same person every day);
- **a rolling week** (`week`, the 7 days from each day): nobody works every day they are
  present. Each person gives at most their shifts a week = contract maximum hours (or the law's
  48 h average) / the mean shift length, at most ``7 * n / (n + 1)`` with a maximum of n
  consecutive days, and never more than the days they are present and qualified in the window;
- **facility demands** (QA on call, cleaning crew, ...) come off both first, shared between the
  qualifications their people also hold in proportion to head count.

The suite model enforces the day capacity everywhere and the week budget on the windows in
`windows` (one every 7 days to start with; the joint loop adds the windows around a day the
roster came up short, and lowers a day's capacity when its windows are already there).

Units: tenths of a person-shift per day (``SCALE``), so that 2.6 people a day is 26. Campaign
staffing (`RosterProblem.campaign_staffing`) becomes phases (relative day ranges) with a load
per qualification in the same unit; weekend counts enter as the 5:2 weekly average.

A campaign that no window of the horizon can staff (nobody holds the qualification, or never
enough of them present on every day it runs) is reported in `unstaffable` with a reason in words.
Pure Python: no ortools here.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ..problem import Campaign, Problem
from ..roster.problem import RosterProblem

#: capacity and load unit: tenths of a person-shift per day
SCALE = 10
#: objective weight of a campaign planned beyond the staff estimate, times (1 + its weight);
#: between lateness (a week late costs ~20 000 per unit of weight) and unplanned (10 000 000)
UNDERSTAFFED_WEIGHT = 1_000_000
DAY = 1440


@dataclass(frozen=True)
class Phase:
    """Campaign-relative minutes [rel_start, rel_end) (None: to the end) and its daily load."""

    rel_start_min: int
    rel_end_min: int | None
    load: dict[str, int]  # qualification -> tenths of a person-shift per day
    need: dict[str, tuple[int, int]]  # qualification -> (people per shift on weekdays, weekends)


@dataclass
class StaffCapacity:
    """Per qualification and local day: the estimated capacity, the raw head count."""

    start_date: date
    n_days: int
    midnight: list[int]  # n_days + 1 minute offsets of local midnights
    weekend: list[bool]
    cap: dict[str, list[int]]  # tenths of a person-shift per day, after facility demands
    headcount: dict[str, list[int]]  # qualified and present people per day
    week: dict[str, list[int]]  # tenths of a person-shift in the 7 days from each day
    windows: set[tuple[str, int]] = field(default_factory=set)  # enforced (qualification, day)
    phases: dict[str, list[Phase]] = field(default_factory=dict)
    unstaffable: dict[str, str] = field(default_factory=dict)
    cuts: int = 0

    def day_of(self, minute: int) -> int:
        """The local day index holding `minute` (clamped to the horizon)."""
        return max(0, min(self.n_days - 1, bisect.bisect_right(self.midnight, minute) - 1))

    def phase_spans(self, cid: str, start: int, end: int) -> list[tuple[int, int, dict[str, int]]]:
        """The phases of a campaign placed at [start, end), as absolute minute spans."""
        out = []
        for ph in self.phases.get(cid, ()):
            a = start + ph.rel_start_min
            b = end if ph.rel_end_min is None else min(end, start + ph.rel_end_min)
            if b > a:
                out.append((a, b, ph.load))
        return out

    def peak(self, spans: list[tuple[int, int, dict[str, int]]]) -> dict[str, list[int]]:
        """Per qualification and day, the highest load at any instant of that day."""
        out: dict[str, list[int]] = {q: [0] * self.n_days for q in self.cap}
        for q in self.cap:
            ev: list[tuple[int, int]] = []
            for a, b, load in spans:
                v = load.get(q, 0)
                if v > 0:
                    ev.append((a, v))
                    ev.append((b, -v))
            if not ev:
                continue
            ev.sort(key=lambda e: (e[0], e[1]))  # ends before starts at the same minute
            cur = 0
            for i, (t, v) in enumerate(ev):
                cur += v
                if i + 1 < len(ev) and ev[i + 1][0] == t:
                    continue
                nxt = ev[i + 1][0] if i + 1 < len(ev) else t
                if cur <= 0 or nxt <= t:
                    continue
                for k in range(self.day_of(t), self.day_of(nxt - 1) + 1):
                    out[q][k] = max(out[q][k], cur)
        return out

    def week_load(self, spans: list[tuple[int, int, dict[str, int]]], q: str, day: int) -> int:
        """Load of q in the 7-day window from `day` (tenths of a person-shift), as the model
        counts it: load per day times the days of overlap."""
        w0, w1 = self.midnight[day], self.midnight[min(self.n_days, day + 7)]
        return sum(load.get(q, 0) * max(0, min(b, w1) - max(a, w0))
                   for a, b, load in spans) // DAY

    def add_windows(self, q: str, day: int) -> bool:
        """Enforce every 7-day budget window of q that holds `day`; True if one was new."""
        new = {(q, j) for j in range(max(0, day - 6), min(day, self.n_days - 1) + 1)} - self.windows
        self.windows |= new
        return bool(new)

    def cut(self, q: str, day: int, peak: int, missing_person_shifts: int) -> bool:
        """The roster found `missing` person-shifts of q short on `day` while the plan loaded
        it to `peak`: from now on that day holds less than the plan put on it. True if tighter."""
        if q not in self.cap or not 0 <= day < self.n_days:
            return False
        new = max(0, min(self.cap[q][day], peak - SCALE * missing_person_shifts))
        if new >= self.cap[q][day]:
            return False
        self.cap[q][day] = new
        self.cuts += 1
        return True


def _shift_span(d: date, start: time, end: time, tz: ZoneInfo) -> tuple[datetime, datetime]:
    a = datetime.combine(d, start, tz).astimezone(ZoneInfo("UTC"))
    e_date = d + timedelta(days=1) if end <= start else d
    b = datetime.combine(e_date, end, tz).astimezone(ZoneInfo("UTC"))
    return a, b


def _rule_value(rp: RosterProblem, name: str) -> Any:
    s = rp.setting(name)
    return None if s is None else s[1]


def estimate(problem: Problem) -> StaffCapacity | None:
    """The staff capacity of `problem.roster` for its campaigns; None when nothing to model."""
    rp = problem.roster
    if rp is None or not rp.operators:
        return None
    staffing = {c.id: rp.campaign_staffing.get(c.id, ()) for c in problem.campaigns}
    quals = sorted({st.qualification for sts in staffing.values() for st in sts if st.count > 0
                    or (st.weekend_count or 0) > 0})
    if not quals:
        return None
    tz = ZoneInfo(rp.timezone)
    n = rp.n_days
    dates = [rp.start_date + timedelta(days=k) for k in range(n + 1)]
    hs = rp.horizon_start

    def minutes(t: datetime) -> int:
        return int((t - hs).total_seconds() // 60)

    midnight = [minutes(datetime.combine(d, time(0), tz)) for d in dates]
    weekend_days = set(rp.weekend_days)
    weekend = [dates[k].isoweekday() in weekend_days for k in range(n)]
    spans = {(k, s.id): _shift_span(dates[k], s.start, s.end, tz) for k in range(n) for s in rp.shifts}
    shift_h = sum((b - a).total_seconds() / 3600 for (k, _), (a, b) in spans.items() if k == 0)
    shift_h = shift_h / max(1, len(rp.shifts)) or 8.0

    law_week = min(x for x in (_rule_value(rp, "avg_16w_hours"), _rule_value(rp, "max_week_hours"),
                               60) if isinstance(x, int | float))
    mcd_rule = _rule_value(rp, "max_consecutive_days")
    contract = rp.rule("contract_hours") is not None

    present: dict[str, list[bool]] = {}
    per_week: dict[str, float] = {}
    for o in rp.operators:
        pr = []
        for k in range(n):
            d = dates[k]
            if d in o.days_off or (o.weekdays is not None and d.isoweekday() not in o.weekdays):
                pr.append(False)
                continue
            free = any(not any(a < le and la < b for la, le in o.leave)
                       for (kk, _), (a, b) in spans.items() if kk == k) if o.leave else True
            pr.append(free)
        present[o.id] = pr
        week_h = law_week
        if contract and o.max_hours_week is not None:
            week_h = min(week_h, o.max_hours_week)
        pw = min(7.0, week_h / shift_h)
        mcd = o.max_consecutive_days or mcd_rule
        if isinstance(mcd, int) and mcd > 0:
            pw = min(pw, 7 * mcd / (mcd + 1))
        per_week[o.id] = pw

    held: dict[tuple[str | None, int], list[str]] = {}

    def holders(q: str | None, k: int) -> list[str]:
        if (q, k) not in held:
            d = dates[k]
            held[q, k] = [o.id for o in rp.operators
                          if present[o.id][k] and (q is None or o.qualified(q, d))]
        return held[q, k]

    head: dict[str, list[int]] = {q: [len(holders(q, k)) for k in range(n)] for q in quals}
    # facility demands come off first, shared by the qualifications their people also hold
    fac: dict[str, list[float]] = {q: [0.0] * n for q in quals}
    for dm in rp.demands:
        k = dm.day
        if not 0 <= k < n or dm.count <= 0:
            continue
        pool = holders(dm.qualification, k)
        if not pool:
            continue
        for q in quals:
            mine = set(holders(q, k))
            fac[q][k] += dm.count * sum(1 for o in pool if o in mine) / len(pool)
    cap = {q: [max(0, math.floor(SCALE * (head[q][k] - fac[q][k]) + 1e-9)) for k in range(n)]
           for q in quals}
    # rolling 7-day budgets: each person gives at most their shifts a week, and no more than
    # the days they are present and qualified in the window
    week: dict[str, list[int]] = {q: [0] * n for q in quals}
    for q in quals:
        sets = [set(holders(q, j)) for j in range(n)]
        pre = {o.id: [0] * (n + 1) for o in rp.operators}
        for o in rp.operators:
            acc = pre[o.id]
            for j in range(n):
                acc[j + 1] = acc[j] + (o.id in sets[j])
        for k in range(n):
            e = min(n, k + 7)
            tot = 0.0
            for o in rp.operators:
                here = pre[o.id][e] - pre[o.id][k]
                if here:
                    tot += min(per_week[o.id] * (e - k) / 7, here)
            tot -= sum(fac[q][k:e])
            week[q][k] = max(0, math.floor(SCALE * tot + 1e-9))
    sc = StaffCapacity(rp.start_date, n, midnight, weekend, cap, head, week,
                       windows={(q, k) for q in quals for k in range(0, n, 7)})
    n_shifts = len(rp.shifts)
    for c in problem.campaigns:
        sts = staffing.get(c.id) or ()
        if sts:
            sc.phases[c.id] = _phases(sts, n_shifts)
    for c in problem.campaigns:
        if c.id in sc.phases and problem.fixed(c) is None:
            why = _unstaffable(problem, c, sc, rp)
            if why:
                sc.unstaffable[c.id] = why
    return sc


def _phases(sts: tuple[Any, ...], n_shifts: int) -> list[Phase]:
    cuts = {0}
    for st in sts:
        if st.from_day is not None:
            cuts.add(max(0, st.from_day))
        if st.to_day is not None:
            cuts.add(max(0, st.to_day + 1))
    bounds = sorted(cuts)
    out = []
    for i, a in enumerate(bounds):
        b = bounds[i + 1] if i + 1 < len(bounds) else None
        load: dict[str, int] = defaultdict(int)
        need: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for st in sts:
            if (st.from_day is not None and a < st.from_day) or (st.to_day is not None and a > st.to_day):
                continue
            k = len(st.shifts) if st.shifts is not None else n_shifts
            wk = st.count
            we = st.count if st.weekend_count is None else st.weekend_count
            load[st.qualification] += round(SCALE * k * (5 * wk + 2 * we) / 7)
            need[st.qualification][0] += wk
            need[st.qualification][1] += we
        if any(v > 0 for v in load.values()):
            out.append(Phase(a * DAY, None if b is None else b * DAY, dict(load),
                             {q: (v[0], v[1]) for q, v in need.items()}))
    return out


def _unstaffable(problem: Problem, c: Campaign, sc: StaffCapacity, rp: Any) -> str | None:
    """A reason when no start day of the campaign's window has enough qualified people present."""
    n = sc.n_days
    d0, dn = sc.start_date, sc.start_date + timedelta(days=n - 1)
    phases = sc.phases[c.id]
    for q in sorted({q for ph in phases for q in ph.load}):
        if not any(o.qualified(q, d0 + timedelta(days=k)) for o in rp.operators for k in range(n)):
            return (f"no operator holds a valid {q} qualification between {_d(d0)} and {_d(dn)}, "
                    f"and its staffing needs {q} operators on every shift it runs")
    elig = problem.eligible(c)
    if not elig:
        return None
    dur = min(c.duration_in(s) or 0 for s in elig)
    lb = max(c.earliest_start_min, problem.frozen_until_min or 0)
    end = problem.horizon_end_min
    if c.due_hard and c.due_min is not None:
        end = min(end, c.due_min)
    first, last = sc.day_of(lb), sc.day_of(max(lb, end - dur))
    n_days = max(1, math.ceil(dur / DAY))
    if last < first:
        return None
    worst: tuple[int, str, int, int, int] | None = None  # (-failing day, qual, need, have, day)
    for s in range(first, last + 1):
        bad = None
        for r in range(n_days):
            k = s + r
            if k >= n:
                break
            ph = next((p for p in reversed(phases) if p.rel_start_min <= r * DAY), None)
            if ph is None or (ph.rel_end_min is not None and r * DAY >= ph.rel_end_min):
                continue
            for q, (wk, we) in sorted(ph.need.items()):
                need = we if sc.weekend[k] else wk
                if sc.headcount[q][k] < need:
                    bad = (q, need, sc.headcount[q][k], k)
                    break
            if bad:
                break
        if bad is None:
            return None
        if worst is None:
            worst = (0, *bad)
    assert worst is not None
    _, q, need, have, k = worst
    return (f"it needs {need} {q}-qualified operators per shift on every day it runs, and no start "
            f"between {_d(d0 + timedelta(days=first))} and {_d(d0 + timedelta(days=last))} finds that "
            f"many qualified and present (e.g. only {have} on {_d(d0 + timedelta(days=k))}: "
            "leave, part time or expired qualifications)")


def _d(d: date) -> str:
    return f"{d.day} {d.strftime('%b %Y')}"
