"""Read the staff part of a necst-scenario dict into a :class:`RosterProblem`.

See docs/roster-format.md. Every error names the field that is wrong.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from solver.roster.problem import (
    DEFAULT_RULES,
    Demand,
    Operator,
    Qualification,
    Request,
    RosterError,
    RosterProblem,
    Rule,
    Shift,
    SlotStaffing,
    Weights,
)

if TYPE_CHECKING:
    from solver.problem import Problem

WEEKDAYS = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}


def _dt(v: Any, where: str) -> datetime:
    try:
        t = datetime.fromisoformat(str(v))
    except ValueError as e:
        raise RosterError(f"{where}: not an ISO 8601 date-time: {v!r}") from e
    if t.tzinfo is None:
        raise RosterError(f"{where}: needs a UTC offset: {v!r}")
    return t


def _date(v: Any, where: str) -> date:
    try:
        return date.fromisoformat(str(v)[:10])
    except ValueError as e:
        raise RosterError(f"{where}: not an ISO 8601 date: {v!r}") from e


def _time(v: Any, where: str) -> time:
    try:
        h, m = str(v).split(":")[:2]
        if h == "24" and m == "00":
            return time(0)
        return time(int(h), int(m))
    except (ValueError, TypeError) as e:
        raise RosterError(f"{where}: not a clock time HH:MM: {v!r}") from e


def _weekday(v: Any, where: str) -> int:
    if isinstance(v, int) and 1 <= v <= 7:
        return v
    k = str(v).lower()[:3]
    if k not in WEEKDAYS:
        raise RosterError(f"{where}: not a weekday: {v!r}")
    return WEEKDAYS[k]


def _int(v: Any, where: str) -> int:
    if isinstance(v, bool) or not isinstance(v, int | float) or int(v) != v:
        raise RosterError(f"{where}: not an integer: {v!r}")
    return int(v)


def _leave(v: dict, where: str, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """Leave from dates (inclusive, whole local days) or date-times (half-open)."""
    if "start" not in v or "end" not in v:
        raise RosterError(f"{where}: needs start and end")
    s, e = str(v["start"]), str(v["end"])
    if len(s) <= 10:
        a = datetime.combine(_date(s, where + ".start"), time(0), tz)
    else:
        a = _dt(s, where + ".start")
    if len(e) <= 10:
        b = datetime.combine(_date(e, where + ".end") + timedelta(days=1), time(0), tz)
    else:
        b = _dt(e, where + ".end")
    if b <= a:
        raise RosterError(f"{where}: end before start")
    return a, b


def horizon(data: dict) -> tuple[str, datetime, date, int]:
    tzname = data.get("timezone", "Europe/Amsterdam")
    try:
        tz = ZoneInfo(tzname)
    except Exception as e:
        raise RosterError(f"timezone: unknown zone {tzname!r}") from e
    if "horizon_start" not in data or "horizon_end" not in data:
        raise RosterError("horizon_start/horizon_end: required")
    hs = _dt(data["horizon_start"], "horizon_start")
    he = _dt(data["horizon_end"], "horizon_end")
    start_date = hs.astimezone(tz).date()
    hel = he.astimezone(tz)
    n_days = (hel.date() - start_date).days + (1 if hel.time() != time(0) else 0)
    if n_days <= 0:
        raise RosterError("horizon_end: must be after horizon_start")
    return tzname, hs, start_date, n_days


def parse_rules(wt: dict | None) -> dict[str, Rule]:
    wt = {k: v for k, v in (wt or {}).items() if k != "objective"}
    unknown = set(wt) - set(DEFAULT_RULES)
    if unknown:
        raise RosterError(f"working_time.{sorted(unknown)[0]}: unknown rule")
    rules: dict[str, Rule] = {}
    for name, default in DEFAULT_RULES.items():
        v = wt.get(name, default)
        if (isinstance(v, dict) and "value" in v) or (isinstance(v, dict) and "enabled" in v):
            val = v.get("value", default)
            rules[name] = Rule(
                name,
                val,
                enabled=bool(v.get("enabled", True)),
                hard=bool(v.get("hard", True)),
                weight=_int(v.get("weight", 100), f"working_time.{name}.weight"),
            )
        else:
            rules[name] = Rule(name, v)
    return rules


def _staffing(items: Any, where: str) -> tuple[SlotStaffing, ...]:
    out = []
    for i, s in enumerate(items or []):
        w = f"{where}[{i}]"
        if "qualification" not in s or "count" not in s:
            raise RosterError(f"{w}: needs qualification and count")
        out.append(
            SlotStaffing(
                qualification=str(s["qualification"]),
                count=_int(s["count"], w + ".count"),
                shifts=tuple(s["shifts"]) if s.get("shifts") else None,
                from_day=s.get("from_day"),
                to_day=s.get("to_day"),
                weekend_count=s.get("weekend_count"),
            )
        )
    return tuple(out)


def parse_roster(data: dict, problem: Problem | None = None) -> RosterProblem | None:
    """The staff part of a scenario dict, or None when it has no operators.

    `problem` (the suite optimizer's Problem) is accepted for the interface but not needed:
    everything is read from `data` so the two parsers cannot disagree silently.
    """
    ops_raw = data.get("operators") or []
    if not ops_raw:
        return None
    tzname, hs, start_date, n_days = horizon(data)
    tz = ZoneInfo(tzname)

    def day_of(d: date) -> int:
        return (d - start_date).days

    shifts = []
    for i, s in enumerate(data.get("shifts") or []):
        w = f"shifts[{i}]"
        if "id" not in s:
            raise RosterError(f"{w}.id: required")
        shifts.append(
            Shift(
                id=str(s["id"]),
                start=_time(s.get("start"), w + ".start"),
                end=_time(s.get("end"), w + ".end"),
                night=bool(s.get("night", False)),
                code=s.get("code"),
                colour=s.get("colour"),
            )
        )
    if not shifts:
        raise RosterError("shifts: at least one shift is needed when operators are given")

    operators = []
    for i, o in enumerate(ops_raw):
        w = f"operators[{i}]"
        if "id" not in o:
            raise RosterError(f"{w}.id: required")
        quals = tuple(
            Qualification(
                kind=str(q["kind"]),
                expires=_date(q["expires"], f"{w}.qualifications[{j}].expires")
                if q.get("expires")
                else None,
                valid_from=_date(q["valid_from"], f"{w}.qualifications[{j}].valid_from")
                if q.get("valid_from")
                else None,
            )
            for j, q in enumerate(o.get("qualifications") or [])
        )
        c = o.get("contract") or {}
        pt = o.get("part_time") or {}
        weekdays = (
            frozenset(_weekday(x, f"{w}.part_time.weekdays") for x in pt["weekdays"])
            if pt.get("weekdays")
            else None
        )
        reqs = tuple(
            Request(
                date=_date(r.get("date"), f"{w}.requests[{j}].date"),
                shift=r.get("shift"),
                on=bool(r.get("on", True)),
                weight=_int(r.get("weight", 1), f"{w}.requests[{j}].weight"),
            )
            for j, r in enumerate(o.get("requests") or [])
        )
        ru = o.get("rules") or {}
        operators.append(
            Operator(
                id=str(o["id"]),
                name=str(o.get("name", "")),
                qualifications=quals,
                min_hours_week=c.get("min_hours_week"),
                max_hours_week=c.get("max_hours_week"),
                target_hours_week=c.get("target_hours_week"),
                leave=tuple(
                    _leave(lv, f"{w}.leave[{j}]", tz) for j, lv in enumerate(o.get("leave") or [])
                ),
                days_off=frozenset(
                    _date(x, f"{w}.days_off[{j}]") for j, x in enumerate(o.get("days_off") or [])
                ),
                weekdays=weekdays,
                requests=reqs,
                hours_worked_before=tuple(float(h) for h in o.get("hours_worked_before") or []),
                max_shifts={str(k): int(v) for k, v in (ru.get("max_shifts") or {}).items()},
                min_minutes_total=ru.get("min_minutes_total"),
                max_minutes_total=ru.get("max_minutes_total"),
                max_consecutive_days=ru.get("max_consecutive_days"),
                min_consecutive_days=ru.get("min_consecutive_days"),
                min_consecutive_days_off=ru.get("min_consecutive_days_off"),
                max_weekends=ru.get("max_weekends"),
            )
        )

    demands = []
    slot_staffing: dict[str, list[dict[str, Any]]] = {}
    for k_, v_ in (data.get("slot_staffing") or {}).items():
        slot_staffing.setdefault(str(k_), []).extend(v_)
    for i, d in enumerate(data.get("demands") or []):
        w = f"demands[{i}]"
        if "slot_kind" in d:  # staffing of every changeover / cleaning / maintenance slot
            slot_staffing.setdefault(str(d["slot_kind"]), []).append(d)
            continue
        if "shift" not in d or "count" not in d:
            raise RosterError(f"{w}: needs shift and count")
        if "date" in d:
            days = [day_of(_date(d["date"], w + ".date"))]
        elif "weekday" in d:
            wd = _weekday(d["weekday"], w + ".weekday")
            days = [k for k in range(n_days) if (start_date + timedelta(days=k)).isoweekday() == wd]
        else:
            days = list(range(n_days))
        for k in days:
            if not 0 <= k < n_days:
                raise RosterError(f"{w}.date: outside the horizon")
            demands.append(
                Demand(
                    id=str(d.get("id", f"D{i}")) + (f"@{k}" if len(days) > 1 else ""),
                    day=k,
                    shift=str(d["shift"]),
                    qualification=d.get("qualification"),
                    count=_int(d["count"], w + ".count"),
                    under_weight=_int(d.get("under_weight", 1000), w + ".under_weight"),
                    over_weight=_int(d.get("over_weight", 0), w + ".over_weight"),
                )
            )

    current: dict[tuple[str, int], str] = {}
    for i, a in enumerate(data.get("current_roster") or []):
        k = day_of(_date(a.get("date"), f"current_roster[{i}].date"))
        if 0 <= k < n_days:
            current[(str(a["operator"]), k)] = str(a["shift"])
    for i, o in enumerate(ops_raw):
        for j, a in enumerate(o.get("current_roster") or []):
            k = day_of(_date(a.get("date"), f"operators[{i}].current_roster[{j}].date"))
            if 0 <= k < n_days:
                current[(str(o["id"]), k)] = str(a["shift"])

    campaign_staffing = {
        str(c["id"]): _staffing(c.get("staffing"), f"campaigns[{i}].staffing")
        for i, c in enumerate(data.get("campaigns") or [])
        if c.get("staffing")
    }
    slot_st = {k: _staffing(v, f"demands[slot_kind={k}]") for k, v in slot_staffing.items()}
    occ = {
        str(s["id"]): int(s["max_occupancy"])
        for s in data.get("suites") or []
        if s.get("max_occupancy") is not None
    }
    wts = dict(data.get("roster_weights") or {})
    wts.update((data.get("working_time") or {}).get("objective") or {})
    return RosterProblem(
        timezone=tzname,
        horizon_start=hs,
        start_date=start_date,
        n_days=n_days,
        shifts=tuple(shifts),
        operators=tuple(operators),
        demands=tuple(demands),
        rules=parse_rules(data.get("working_time")),
        weights=Weights(
            fairness_per_hour=_int(
                wts.get("fairness_per_hour", 1), "roster_weights.fairness_per_hour"
            ),
            change=_int(wts.get("change", 2), "roster_weights.change"),
        ),
        campaign_staffing=campaign_staffing,
        slot_staffing=slot_st,
        suite_max_occupancy=occ,
        current_roster=current,
    )
