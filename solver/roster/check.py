"""Independent roster checker: problem, suite plan and assignments in, every broken rule out.

Written from the rules, not from the model: it works on the assignments' real start and end
instants (parsed from ISO 8601), local dates in the facility's zone, and plain loops. It shares
only the problem dataclasses and the slot-to-demand expansion (the meaning of the input) with the
solver. Soft rules are reported too, with hard=False.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from solver.roster.problem import Operator, RosterProblem
from solver.violation import Violation


def _violation(rule: str, message: str, operator: str | None = None, date: str | None = None,
               shift: str | None = None, demand: str | None = None, hard: bool = True) -> Violation:
    """A roster rule broken (the shared `solver.violation.Violation`)."""
    return Violation(rule, message, operator=operator, date=date, shift=shift, demand=demand,
                     hard=hard)


@dataclass
class _A:
    op: str
    shift: str
    start: datetime
    end: datetime
    day: date  # local start date
    covers: str | None
    qual: str | None
    suite: str | None

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600


def _on(p: RosterProblem, name: str, override: Any = None) -> tuple[Any, bool] | None:
    s = p.setting(name, override)
    if s is None:
        return None
    r, v = s
    return v, r.hard


def check_roster(
    p: RosterProblem,
    suite_slots: list[dict[str, Any]] | None,
    assignments: list[dict[str, Any]],
    uncovered: list[dict[str, Any]] | None = None,
) -> list[Violation]:
    """Every violated rule. With `uncovered`, also that the reported shortfall is the real one."""
    tz = ZoneInfo(p.timezone)
    out: list[Violation] = []
    ops = {o.id: o for o in p.operators}
    shifts = p.shift_by_id
    last_day = p.start_date + timedelta(days=p.n_days - 1)
    rows: list[_A] = []
    for i, a in enumerate(assignments):
        op, sid = str(a.get("operator")), str(a.get("shift"))
        try:
            st = datetime.fromisoformat(a["start"])
            en = datetime.fromisoformat(a["end"])
        except (KeyError, ValueError, TypeError):
            out.append(_violation("format", f"assignment {i}: start/end not ISO 8601", op))
            continue
        if op not in ops:
            out.append(_violation("unknown_operator", f"assignment {i}: no operator {op!r}", op))
            continue
        if sid not in shifts:
            out.append(_violation("unknown_shift", f"assignment {i}: no shift {sid!r}", op))
            continue
        ls, le = st.astimezone(tz), en.astimezone(tz)
        sh = shifts[sid]
        if (
            (ls.hour, ls.minute) != (sh.start.hour, sh.start.minute)
            or (le.hour, le.minute)
            != (
                sh.end.hour,
                sh.end.minute,
            )
            or not timedelta(0) < en - st <= timedelta(hours=25)
        ):
            out.append(
                _violation(
                    "shift_times",
                    f"{op} {sid} {a['start']}..{a['end']} is not the shift's local times",
                    op,
                    str(ls.date()),
                    sid,
                )
            )
        if not p.start_date <= ls.date() <= last_day:
            out.append(
                _violation(
                    "horizon",
                    f"{op} works {ls.date()} outside the horizon",
                    op,
                    str(ls.date()),
                    sid,
                )
            )
        rows.append(
            _A(op, sid, st, en, ls.date(), a.get("covers"), a.get("qualification"), a.get("suite"))
        )

    by_op: dict[str, list[_A]] = defaultdict(list)
    for r in rows:
        by_op[r.op].append(r)
    for oid, xs in by_op.items():
        xs.sort(key=lambda r: r.start)
        out.extend(_check_operator(p, tz, ops[oid], xs))
    out.extend(_check_cover(p, tz, suite_slots or [], rows, uncovered))
    return out


def _check_operator(p: RosterProblem, tz: ZoneInfo, o: Operator, xs: list[_A]) -> list[Violation]:
    v: list[Violation] = []
    oid = o.id
    n = p.n_days
    days = [p.start_date + timedelta(days=k) for k in range(n)]
    worked: dict[date, list[_A]] = defaultdict(list)
    for r in xs:
        worked[r.day].append(r)
    for d, rs in worked.items():
        if len(rs) > 1:
            v.append(
                _violation("one_shift_per_day", f"{oid} has {len(rs)} shifts on {d}", oid, str(d))
            )
    # availability
    for r in xs:
        if r.day in o.days_off:
            v.append(
                _violation(
                    "days_off",
                    f"{oid} works {r.shift} on day off {r.day}",
                    oid,
                    str(r.day),
                    r.shift,
                )
            )
        if o.weekdays is not None and r.day.isoweekday() not in o.weekdays:
            v.append(
                _violation(
                    "part_time",
                    f"{oid} works on {r.day:%A}, not a contract day",
                    oid,
                    str(r.day),
                    r.shift,
                )
            )
        for a, b in o.leave:
            if r.start < b and r.end > a:
                v.append(
                    _violation(
                        "leave",
                        f"{oid} works {r.shift} {r.day} during leave from {a:%Y-%m-%d}",
                        oid,
                        str(r.day),
                        r.shift,
                    )
                )
        if r.qual is not None and not any(
            q.kind == r.qual
            and (q.expires is None or r.day <= q.expires)
            and (q.valid_from is None or r.day >= q.valid_from)
            for q in o.qualifications
        ):
            v.append(
                _violation(
                    "qualification",
                    f"{oid} has no valid {r.qual} on {r.day}",
                    oid,
                    str(r.day),
                    r.shift,
                )
            )
    # overlap, shift length, rest
    ms = _on(p, "max_shift_hours")
    rr = _on(p, "min_rest_hours")
    sr = _on(p, "short_rest_hours") if rr else None
    per = _on(p, "short_rest_per_days")
    short_at: list[datetime] = []
    for r in xs:
        if ms and r.hours > ms[0]:
            v.append(
                _violation(
                    "max_shift_hours",
                    f"{oid} {r.shift} on {r.day} lasts {r.hours:g} h > {ms[0]} h",
                    oid,
                    str(r.day),
                    r.shift,
                    hard=ms[1],
                )
            )
    for r1, r2 in itertools.pairwise(xs):
        gap = (r2.start - r1.end).total_seconds() / 3600
        if gap < 0:
            v.append(
                _violation(
                    "overlap",
                    f"{oid}: {r1.shift} {r1.day} overlaps {r2.shift} {r2.day}",
                    oid,
                    str(r2.day),
                )
            )
        elif rr and gap < rr[0]:
            if sr and gap >= sr[0]:
                short_at.append(r2.start)
            else:
                v.append(
                    _violation(
                        "min_rest_hours",
                        f"{oid} rests {gap:g} h before {r2.shift} on {r2.day} (< {rr[0]} h)",
                        oid,
                        str(r2.day),
                        r2.shift,
                        hard=rr[1],
                    )
                )
    if short_at and sr:
        window = timedelta(days=(per[0] if per else 7))
        for i, t in enumerate(short_at):
            if any(u - t < window for u in short_at[i + 1 :]):
                v.append(
                    _violation(
                        "short_rest_hours",
                        f"{oid} has rest under {rr[0] if rr else 11} h twice within {window.days} days from {t:%Y-%m-%d %H:%M}",
                        oid,
                        str(t.astimezone(tz).date()),
                        hard=sr[1],
                    )
                )
    # forbidden successions on consecutive days
    fs = _on(p, "forbidden_successions")
    if fs:
        bad = {(a, b) for a, b in fs[0]}
        for r in xs:
            for q in worked.get(r.day + timedelta(days=1), []):
                if (r.shift, q.shift) in bad:
                    v.append(
                        _violation(
                            "forbidden_successions",
                            f"{oid}: {q.shift} on {q.day} follows {r.shift}",
                            oid,
                            str(q.day),
                            q.shift,
                            hard=fs[1],
                        )
                    )
    # hours per ISO week and averages
    week_h: dict[tuple[int, int], float] = defaultdict(float)
    for r in xs:
        y, w, _ = r.day.isocalendar()
        week_h[(y, w)] += r.hours
    mw = _on(p, "max_week_hours")
    if mw:
        for wk, h in week_h.items():
            if h > mw[0] + 1e-9:
                v.append(
                    _violation(
                        "max_week_hours",
                        f"{oid} works {h:g} h in week {wk[1]} of {wk[0]} (> {mw[0]})",
                        oid,
                        hard=mw[1],
                    )
                )
    weeks: list[tuple[int, int]] = []
    for d in days:
        y, w, _ = d.isocalendar()
        if (y, w) not in weeks:
            weeks.append((y, w))
    for name, span in (("avg_4w_hours", 4), ("avg_16w_hours", 16)):
        ra = _on(p, name)
        if not ra:
            continue
        hist = list(o.hours_worked_before)
        for j in range(len(weeks)):
            inside = weeks[max(0, j - span + 1) : j + 1]
            before_n = span - len(inside)
            total = sum(week_h.get(wk, 0.0) for wk in inside)
            if before_n > 0 and hist:
                total += sum(hist[-before_n:])
            if total > ra[0] * span + 1e-6:
                v.append(
                    _violation(
                        name,
                        f"{oid} averages {total / span:.2f} h/week over {span} weeks to week {weeks[j][1]} (> {ra[0]})",
                        oid,
                        hard=ra[1],
                    )
                )
    # weekly rest: every 7 local days hold a free stretch of the required length
    rw = _on(p, "weekly_rest_hours")
    if rw and n >= 7:
        need = timedelta(hours=rw[0])
        for k in range(n - 6):
            w0 = datetime.combine(days[k], datetime.min.time(), tz)
            w1 = datetime.combine(days[k] + timedelta(days=7), datetime.min.time(), tz)
            t, best = w0, timedelta(0)
            for r in xs:
                if r.end <= w0 or r.start >= w1:
                    continue
                best = max(best, r.start - t)
                t = max(t, r.end)
            best = max(best, w1 - t)
            if best < need:
                v.append(
                    _violation(
                        "weekly_rest_hours",
                        f"{oid} has no {rw[0]} h rest in the 7 days from {days[k]}",
                        oid,
                        str(days[k]),
                        hard=rw[1],
                    )
                )
    # runs of days (outside the horizon counts as free; minima skip runs touching either end)
    flags = [d in worked for d in days]
    runs: list[tuple[bool, int, int]] = []
    k = 0
    while k < n:
        j = k
        while j < n and flags[j] == flags[k]:
            j += 1
        runs.append((flags[k], k, j - k))
        k = j
    mx = _on(p, "max_consecutive_days", o.max_consecutive_days)
    mn = _on(p, "min_consecutive_days", o.min_consecutive_days)
    mo = _on(p, "min_consecutive_days_off", o.min_consecutive_days_off)
    for on, s, ln in runs:
        inner = s > 0 and s + ln < n
        if on and mx and ln > mx[0]:
            v.append(
                _violation(
                    "max_consecutive_days",
                    f"{oid} works {ln} days in a row from {days[s]} (> {mx[0]})",
                    oid,
                    str(days[s]),
                    hard=mx[1],
                )
            )
        if on and mn and inner and ln < mn[0]:
            v.append(
                _violation(
                    "min_consecutive_days",
                    f"{oid} works only {ln} days in a row from {days[s]} (< {mn[0]})",
                    oid,
                    str(days[s]),
                    hard=mn[1],
                )
            )
        if not on and mo and inner and ln < mo[0]:
            v.append(
                _violation(
                    "min_consecutive_days_off",
                    f"{oid} is off only {ln} days from {days[s]} (< {mo[0]})",
                    oid,
                    str(days[s]),
                    hard=mo[1],
                )
            )
    mwk = _on(p, "max_weekends", o.max_weekends)
    if mwk:
        wkends = {d.isocalendar()[:2] for d in worked if d.isoweekday() in p.weekend_days}
        if len(wkends) > mwk[0]:
            v.append(
                _violation(
                    "max_weekends",
                    f"{oid} works {len(wkends)} weekends (> {mwk[0]})",
                    oid,
                    hard=mwk[1],
                )
            )
    # shifts per kind
    mk = p.rules.get("max_shifts_per_kind")
    if mk is not None and mk.enabled:
        limits = dict(mk.value or {})
        limits.update(o.max_shifts)
        cnt: dict[str, int] = defaultdict(int)
        for r in xs:
            cnt[r.shift] += 1
        for s, lim in limits.items():
            if cnt[s] > lim:
                v.append(
                    _violation(
                        "max_shifts_per_kind",
                        f"{oid} works {cnt[s]} {s} shifts (> {lim})",
                        oid,
                        shift=s,
                        hard=mk.hard,
                    )
                )
    # contract hours over the horizon
    ch = _on(p, "contract_hours")
    if ch:
        total_min = sum((r.end - r.start).total_seconds() / 60 for r in xs)
        leave_days = sum(
            1
            for d in days
            if any(
                a < datetime.combine(d + timedelta(days=1), datetime.min.time(), tz)
                and b > datetime.combine(d, datetime.min.time(), tz)
                for a, b in o.leave
            )
        )
        hi = o.max_minutes_total
        if hi is None and o.max_hours_week is not None:
            hi = int(o.max_hours_week * 60 * n / 7.0)
        lo = o.min_minutes_total
        if lo is None and o.min_hours_week is not None:
            lo = int(o.min_hours_week * 60 * (n - leave_days) / 7.0)
        if hi is not None and total_min > hi + 1e-6:
            v.append(
                _violation(
                    "contract_hours",
                    f"{oid} works {total_min / 60:g} h > contract maximum {hi / 60:g} h",
                    oid,
                    hard=ch[1],
                )
            )
        if lo is not None and total_min < lo - 1e-6:
            v.append(
                _violation(
                    "contract_hours",
                    f"{oid} works {total_min / 60:g} h < contract minimum {lo / 60:g} h",
                    oid,
                    hard=ch[1],
                )
            )
    return v


def _check_cover(
    p: RosterProblem,
    tz: ZoneInfo,
    slots: list[dict[str, Any]],
    rows: list[_A],
    uncovered: list[dict[str, Any]] | None,
) -> list[Violation]:
    from solver.roster.demand import slot_demands
    from solver.roster.timegrid import ShiftGrid

    v: list[Violation] = []
    demands, capped = slot_demands(p, ShiftGrid(p), slots)
    demands = list(p.demands) + demands
    by_id = {d.id: d for d in demands}
    covered: dict[str, int] = defaultdict(int)
    for r in rows:
        if r.covers is None:
            continue
        d = by_id.get(r.covers)
        if d is None:
            v.append(
                _violation(
                    "covers",
                    f"{r.op} covers unknown demand {r.covers!r}",
                    r.op,
                    str(r.day),
                    r.shift,
                )
            )
            continue
        if (r.day - p.start_date).days != d.day or r.shift != d.shift:
            v.append(
                _violation(
                    "covers",
                    f"{r.op} on {r.shift} {r.day} cannot cover {d.id}",
                    r.op,
                    str(r.day),
                    r.shift,
                    d.id,
                )
            )
        if d.qualification is not None and r.qual != d.qualification:
            v.append(
                _violation(
                    "covers",
                    f"{r.op} covers {d.id} without naming qualification {d.qualification}",
                    r.op,
                    str(r.day),
                    r.shift,
                    d.id,
                )
            )
        covered[d.id] += 1
    # occupancy: gowned people per suite at any instant
    occ_rows: dict[str, list[_A]] = defaultdict(list)
    for r in rows:
        if r.suite is not None:
            occ_rows[r.suite].append(r)
    for suite, rs in occ_rows.items():
        cap = p.suite_max_occupancy.get(suite)
        if cap is None:
            continue
        events = sorted([(r.start, 1) for r in rs] + [(r.end, -1) for r in rs])
        cur = 0
        for t, dlt in events:
            cur += dlt
            if cur > cap:
                v.append(
                    _violation(
                        "max_occupancy",
                        f"suite {suite} holds {cur} people at {t.astimezone(tz):%Y-%m-%d %H:%M} (> {cap})",
                        demand=suite,
                    )
                )
                break
    for d in demands:
        if covered[d.id] > d.count and not d.allow_over:
            v.append(
                _violation(
                    "over_cover",
                    f"{d.id} is covered {covered[d.id]} times for {d.count}",
                    demand=d.id,
                )
            )
    if uncovered is not None:
        # each anonymous (qualification None) demand is covered by everyone on its shift
        on_shift: dict[tuple[date, str], int] = defaultdict(int)
        for r in rows:
            on_shift[(r.day, r.shift)] += 1
        reported: dict[str, int] = defaultdict(int)
        for u in uncovered:
            reported[str(u.get("demand"))] += int(u.get("missing", 0))
        extra: dict[str, int] = defaultdict(int)
        for c in capped:
            extra[str(c["demand"])] += int(c["missing"])
        for d in demands:
            if d.qualification is None:
                have = on_shift[(p.start_date + timedelta(days=d.day), d.shift)]
            else:
                have = covered[d.id]
            real = max(0, d.count - have) + extra[d.id]
            if reported[d.id] < real:
                v.append(
                    _violation(
                        "uncovered_hidden",
                        f"{d.id} lacks {real} but {reported[d.id]} are reported",
                        demand=d.id,
                    )
                )
    return v
