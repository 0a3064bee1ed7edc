"""JSON scenario (format 'necst-scenario', version 1) <-> Problem.

`parse(data)` checks every field and raises ScenarioError naming the field path, e.g.
`campaigns[3].duration_min: must be > 0`. The roster keys (shifts, operators, demands,
working_time) are handed untouched to `solver.roster.scenario.parse_roster` when that module
exists. The format is documented in docs/scenario-format.md and solver/schema/scenario.schema.json.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .errors import ScenarioError
from .problem import (
    DEFAULT_CLEANING_RULES,
    DEFAULT_WEIGHTS,
    GRADES,
    WEEKDAYS,
    Campaign,
    ChangeoverRule,
    CleaningRule,
    Dependency,
    Objective,
    PlannedCampaign,
    Problem,
    Suite,
    Unavailability,
)
from .timeutil import iso, parse_iso, to_minutes

FORMAT = "necst-scenario"
VERSION = 1
ROSTER_KEYS = ("shifts", "operators", "demands", "working_time")
TOP_KEYS = {
    "format", "version", "name", "timezone", "horizon_start", "horizon_end", "frozen_until",
    "objective", "clean_hold_min", "suites", "campaigns", "dependencies", "changeover_rules",
    "changeover_matrix", "cleaning_rules", "unavailable", "current_plan", "description",
    *ROSTER_KEYS,
}
#: the keys each object of the format allows (docs/scenario-format.md); any other is refused
KEYS: dict[str, frozenset[str]] = {
    "suite": frozenset({"id", "name", "grade", "capabilities", "max_occupancy"}),
    "campaign": frozenset({
        "id", "client", "product", "modality", "duration_min", "duration_by_suite_min",
        "earliest_start", "latest_start", "due", "due_hard", "weight", "priority", "requires",
        "eligible_suites", "required_grade", "pinned", "pinned_suite", "pinned_start",
        "open_start_min", "open_end_min", "staffing"}),
    "dependency": frozenset({"before", "after", "min_lag_min", "max_lag_min"}),
    "changeover_rule": frozenset({"id", "from", "to", "same_product", "suite", "duration_min",
                                  "steps", "staff"}),
    "cleaning_rule": frozenset({"id", "kind", "duration_min", "at", "every_days", "tolerance_days",
                                "suites", "weekdays"}),
    "unavailable": frozenset({"suite", "start", "end", "kind", "reason", "counts_as_changeover"}),
    "objective": frozenset({"kind", "weights"}),
    "weights": frozenset({*DEFAULT_WEIGHTS, "understaffed"}),
    "current_plan": frozenset({"kind", "campaign", "suite", "start", "end", "from_campaign",
                               "to_campaign", "steps", "rule"}),
}


def did_you_mean(word: str, choices: Any) -> str:
    """' (did you mean x?)' for the closest allowed word, or ''."""
    near = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean {near[0]}?)" if near else ""


def _strict(d: dict[str, Any], allowed: Any, path: str) -> None:
    """Refuse the first unknown key of an object, naming its path and the nearest allowed key."""
    for k in d:
        if k not in allowed:
            where = f"{path}.{k}" if path else str(k)
            raise ScenarioError(where, f"unknown key{did_you_mean(str(k), allowed)}")


class _Ctx:
    def __init__(self, start: datetime) -> None:
        self.start = start


def _get(d: dict[str, Any], key: str, path: str, kind: type | tuple[type, ...], required: bool = False,
         default: Any = None) -> Any:
    if key not in d or d[key] is None:
        if required:
            raise ScenarioError(f"{path}.{key}" if path else key, "is required")
        return default
    v = d[key]
    p = f"{path}.{key}" if path else key
    if kind is int and (isinstance(v, bool) or not isinstance(v, int)):
        if isinstance(v, float) and v.is_integer():
            return int(v)
        raise ScenarioError(p, f"must be an integer, got {v!r}")
    if kind is bool and not isinstance(v, bool):
        raise ScenarioError(p, f"must be true or false, got {v!r}")
    if kind is str and not isinstance(v, str):
        raise ScenarioError(p, f"must be a string, got {v!r}")
    if kind is list and not isinstance(v, list):
        raise ScenarioError(p, "must be a list")
    if kind is dict and not isinstance(v, dict):
        raise ScenarioError(p, "must be an object")
    return v


def _time(d: dict[str, Any], key: str, path: str, ctx: _Ctx, required: bool = False) -> int | None:
    v = _get(d, key, path, str, required)
    if v is None:
        return None
    try:
        return to_minutes(parse_iso(v), ctx.start)
    except ValueError as e:
        raise ScenarioError(f"{path}.{key}" if path else key, str(e)) from None


def _pos(v: int | None, path: str, zero_ok: bool = False) -> int | None:
    if v is not None and (v < 0 or (v == 0 and not zero_ok)):
        raise ScenarioError(path, "must be >= 0" if zero_ok else "must be > 0")
    return v


def _strs(d: dict[str, Any], key: str, path: str) -> list[str] | None:
    v = _get(d, key, path, list)
    if v is None:
        return None
    for i, x in enumerate(v):
        if not isinstance(x, str):
            raise ScenarioError(f"{path}.{key}[{i}]", "must be a string")
    return list(v)


def _wrap(path: str, fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except ScenarioError:
        raise
    except ValueError as e:
        raise ScenarioError(path, str(e)) from None


def _suite(d: Any, path: str) -> Suite:
    if not isinstance(d, dict):
        raise ScenarioError(path, "must be an object")
    _strict(d, KEYS["suite"], path)
    sid = _get(d, "id", path, str, True)
    caps = _strs(d, "capabilities", path) or []
    grade = _get(d, "grade", path, str, default="B")
    if grade not in GRADES:
        raise ScenarioError(f"{path}.grade", f"must be one of {', '.join(GRADES)}, got {grade!r}")
    occ = _pos(_get(d, "max_occupancy", path, int, default=4), f"{path}.max_occupancy")
    return _wrap(path, lambda: Suite(sid, _get(d, "name", path, str, default=""), grade,
                                     frozenset(caps), occ or 4))


def _campaign(d: Any, path: str, ctx: _Ctx) -> Campaign:
    if not isinstance(d, dict):
        raise ScenarioError(path, "must be an object")
    _strict(d, KEYS["campaign"], path)
    cid = _get(d, "id", path, str, True)
    dur = _pos(_get(d, "duration_min", path, int), f"{path}.duration_min")
    dbs_raw = _get(d, "duration_by_suite_min", path, dict, default={})
    dbs: dict[str, int] = {}
    for k, v in dbs_raw.items():
        p = f"{path}.duration_by_suite_min.{k}"
        if isinstance(v, bool) or not isinstance(v, int):
            raise ScenarioError(p, "must be an integer")
        dbs[k] = _pos(v, p) or 0
    if dur is None and not dbs:
        raise ScenarioError(f"{path}.duration_min", "is required (or give duration_by_suite_min)")
    est = _time(d, "earliest_start", path, ctx)
    if est is not None and est < 0:
        est = 0  # earlier than the horizon: the horizon start is the binding limit
    latest = _time(d, "latest_start", path, ctx)
    if latest is not None and latest < (est or 0):
        raise ScenarioError(f"{path}.latest_start", "must not be before earliest_start and the horizon start")
    grade = _get(d, "required_grade", path, str)
    if grade is not None and grade not in GRADES:
        raise ScenarioError(f"{path}.required_grade", f"must be one of {', '.join(GRADES)}, got {grade!r}")
    due = _time(d, "due", path, ctx)
    weight = _get(d, "weight", path, int, default=None)
    if weight is None:
        weight = _get(d, "priority", path, int, default=1)
        wpath = f"{path}.priority"
    else:
        wpath = f"{path}.weight"
    _pos(weight, wpath, zero_ok=True)
    pinned = _get(d, "pinned", path, bool, default=False)
    psuite = _get(d, "pinned_suite", path, str)
    pstart = _time(d, "pinned_start", path, ctx)
    if pinned and psuite is None:
        raise ScenarioError(f"{path}.pinned_suite", "is required when pinned is true")
    if pinned and pstart is None:
        raise ScenarioError(f"{path}.pinned_start", "is required when pinned is true")
    staffing = _get(d, "staffing", path, list, default=[])
    elig = _strs(d, "eligible_suites", path)
    return _wrap(path, lambda: Campaign(
        id=cid,
        client=_get(d, "client", path, str, default=""),
        product=_get(d, "product", path, str, default=""),
        modality=_get(d, "modality", path, str, default="cell-therapy"),
        duration_min=dur,
        duration_by_suite_min=dbs,
        earliest_start_min=est or 0,
        latest_start_min=latest,
        due_min=due,
        due_hard=_get(d, "due_hard", path, bool, default=False),
        weight=weight,
        requires=frozenset(_strs(d, "requires", path) or []),
        eligible_suites=tuple(elig) if elig is not None else None,
        pinned=pinned,
        pinned_suite=psuite if pinned else None,
        pinned_start_min=pstart if pinned else None,
        open_start_min=_pos(_get(d, "open_start_min", path, int, default=0), f"{path}.open_start_min", True) or 0,
        open_end_min=_pos(_get(d, "open_end_min", path, int, default=0), f"{path}.open_end_min", True) or 0,
        staffing=tuple(staffing),
        required_grade=grade,
    ))


def _changeover_rule(d: Any, path: str) -> ChangeoverRule:
    if not isinstance(d, dict):
        raise ScenarioError(path, "must be an object")
    _strict(d, KEYS["changeover_rule"], path)
    dur = _pos(_get(d, "duration_min", path, int, True), f"{path}.duration_min", True)
    return _wrap(path, lambda: ChangeoverRule(
        from_=_get(d, "from", path, str, default="*"), to=_get(d, "to", path, str, default="*"),
        duration_min=dur or 0, same_product=_get(d, "same_product", path, bool),
        suite=_get(d, "suite", path, str), steps=tuple(_strs(d, "steps", path) or []),
        staff=tuple(_get(d, "staff", path, list, default=[])), id=_get(d, "id", path, str, default="")))


def _cleaning_rule(d: Any, path: str) -> CleaningRule:
    if not isinstance(d, dict):
        raise ScenarioError(path, "must be an object")
    _strict(d, KEYS["cleaning_rule"], path)
    kind = _get(d, "kind", path, str, True)
    dur = _pos(_get(d, "duration_min", path, int, True), f"{path}.duration_min")
    suites = _strs(d, "suites", path)
    days = _strs(d, "weekdays", path)
    weekdays = None
    if days is not None:
        if not days:
            raise ScenarioError(f"{path}.weekdays", "must name at least one day (mon ... sun)")
        for i, x in enumerate(days):
            if x.lower() not in WEEKDAYS:
                raise ScenarioError(f"{path}.weekdays[{i}]", f"must be one of {', '.join(WEEKDAYS)}, got {x!r}"
                                    f"{did_you_mean(x.lower(), WEEKDAYS)}")
        weekdays = tuple(sorted({WEEKDAYS.index(x.lower()) for x in days}))
    return _wrap(path, lambda: CleaningRule(
        id=_get(d, "id", path, str, default=kind), kind=kind, duration_min=dur or 0,
        at=_get(d, "at", path, str, default="14:00"),
        every_days=_get(d, "every_days", path, int, default=7),
        tolerance_days=_get(d, "tolerance_days", path, int, default=1),
        suites=tuple(suites) if suites is not None else None, weekdays=weekdays))


def parse(data: dict[str, Any]) -> Problem:
    """Build a Problem from a scenario dict; raises ScenarioError naming the bad field."""
    if not isinstance(data, dict):
        raise ScenarioError("", "a scenario must be a JSON object")
    fmt = data.get("format", FORMAT)
    if fmt != FORMAT:
        raise ScenarioError("format", f"must be {FORMAT!r}, got {fmt!r}")
    ver = _get(data, "version", "", int, True)
    if ver != VERSION:
        raise ScenarioError("version", f"this solver reads version {VERSION}, got {ver}")
    _strict(data, TOP_KEYS, "")
    tzname = _get(data, "timezone", "", str, default="Europe/Amsterdam")
    try:
        ZoneInfo(tzname)
    except Exception:
        raise ScenarioError("timezone", f"unknown time zone {tzname!r}") from None
    try:
        start = parse_iso(_get(data, "horizon_start", "", str, True))
    except ValueError as e:
        raise ScenarioError("horizon_start", str(e)) from None
    ctx = _Ctx(start)
    end = _time(data, "horizon_end", "", ctx, True)
    assert end is not None
    if end <= 0:
        raise ScenarioError("horizon_end", "must be after horizon_start")

    suites_raw = _get(data, "suites", "", list, True)
    if not suites_raw and data.get("campaigns"):
        raise ScenarioError("suites", "needs at least one suite when there are campaigns")
    suites = [_suite(s, f"suites[{i}]") for i, s in enumerate(suites_raw)]
    seen: set[str] = set()
    for i, s in enumerate(suites):
        if s.id in seen:
            raise ScenarioError(f"suites[{i}].id", f"duplicate suite id {s.id!r}")
        seen.add(s.id)
    camps_raw = _get(data, "campaigns", "", list, default=[])
    camps = [_campaign(c, f"campaigns[{i}]", ctx) for i, c in enumerate(camps_raw)]
    cseen: set[str] = set()
    for i, c in enumerate(camps):
        p = f"campaigns[{i}]"
        if c.id in cseen:
            raise ScenarioError(f"{p}.id", f"duplicate campaign id {c.id!r}")
        cseen.add(c.id)
        for sname in c.duration_by_suite_min:
            if sname not in seen:
                raise ScenarioError(f"{p}.duration_by_suite_min.{sname}", f"unknown suite{did_you_mean(sname, seen)}")
        for j, sname in enumerate(c.eligible_suites or ()):
            if sname not in seen:
                raise ScenarioError(f"{p}.eligible_suites[{j}]", f"unknown suite {sname!r}")
        if c.pinned and c.pinned_suite not in seen:
            raise ScenarioError(f"{p}.pinned_suite", f"unknown suite {c.pinned_suite!r}")
        if c.due_hard and c.due_min is None:
            raise ScenarioError(f"{p}.due", "is required when due_hard is true")
        if c.due_min is not None and c.due_min <= c.earliest_start_min:
            raise ScenarioError(f"{p}.due", "must be after earliest_start and the horizon start")

    deps = []
    for i, d in enumerate(_get(data, "dependencies", "", list, default=[])):
        p = f"dependencies[{i}]"
        if not isinstance(d, dict):
            raise ScenarioError(p, "must be an object")
        _strict(d, KEYS["dependency"], p)
        b = _get(d, "before", p, str, True)
        a = _get(d, "after", p, str, True)
        for key, x in (("before", b), ("after", a)):
            if x not in cseen:
                raise ScenarioError(f"{p}.{key}", f"unknown campaign {x!r}")
        lag = _pos(_get(d, "min_lag_min", p, int, default=0), f"{p}.min_lag_min", True) or 0
        max_lag = _pos(_get(d, "max_lag_min", p, int), f"{p}.max_lag_min", True)
        if max_lag is not None and max_lag < lag:
            raise ScenarioError(f"{p}.max_lag_min", "must be >= min_lag_min")
        try:
            deps.append(Dependency(b, a, lag, max_lag))
        except ValueError as e:
            raise ScenarioError(p, str(e)) from None

    rules = [_changeover_rule(r, f"changeover_rules[{i}]")
             for i, r in enumerate(_get(data, "changeover_rules", "", list, default=[]))]
    for i, r in enumerate(rules):
        if r.suite is not None and r.suite not in seen:
            raise ScenarioError(f"changeover_rules[{i}].suite", f"unknown suite {r.suite!r}")

    matrix: dict[str, dict[str, dict[str, int]]] = {}
    for sid, rows in (_get(data, "changeover_matrix", "", dict, default={})).items():
        p = f"changeover_matrix.{sid}"
        if sid not in seen:
            raise ScenarioError(p, "unknown suite")
        if not isinstance(rows, dict):
            raise ScenarioError(p, "must be an object {from campaign: {to campaign: minutes}}")
        mrow: dict[str, dict[str, int]] = {}
        for a, row in rows.items():
            if a not in cseen:
                raise ScenarioError(f"{p}.{a}", "unknown campaign")
            if not isinstance(row, dict):
                raise ScenarioError(f"{p}.{a}", "must be an object {to campaign: minutes}")
            for b, v in row.items():
                if b not in cseen:
                    raise ScenarioError(f"{p}.{a}.{b}", "unknown campaign")
                if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                    raise ScenarioError(f"{p}.{a}.{b}", "must be an integer >= 0")
            mrow[a] = dict(row)
        matrix[sid] = mrow

    if "cleaning_rules" in data:
        cleaning = tuple(_cleaning_rule(r, f"cleaning_rules[{i}]")
                         for i, r in enumerate(_get(data, "cleaning_rules", "", list, default=[])))
    else:
        cleaning = DEFAULT_CLEANING_RULES
    for i, cr in enumerate(cleaning):
        for sname in cr.suites or ():
            if sname not in seen:
                raise ScenarioError(f"cleaning_rules[{i}].suites", f"unknown suite {sname!r}")
    hold = _pos(_get(data, "clean_hold_min", "", int), "clean_hold_min")

    unav = []
    for i, u in enumerate(_get(data, "unavailable", "", list, default=[])):
        p = f"unavailable[{i}]"
        if not isinstance(u, dict):
            raise ScenarioError(p, "must be an object")
        _strict(u, KEYS["unavailable"], p)
        sid = _get(u, "suite", p, str, True)
        if sid not in seen:
            raise ScenarioError(f"{p}.suite", f"unknown suite {sid!r}")
        a = _time(u, "start", p, ctx, True)
        b = _time(u, "end", p, ctx, True)
        assert a is not None and b is not None
        if b <= a:
            raise ScenarioError(f"{p}.end", "must be after start")
        unav.append(Unavailability(sid, a, b, _get(u, "kind", p, str, default="maintenance"),
                                   _get(u, "reason", p, str, default=""),
                                   _get(u, "counts_as_changeover", p, bool, default=False)))

    obj_raw = _get(data, "objective", "", dict, default={})
    _strict(obj_raw, KEYS["objective"], "objective")
    kind = _get(obj_raw, "kind", "objective", str, default="weighted")
    weights = dict(DEFAULT_WEIGHTS)
    w_raw = _get(obj_raw, "weights", "objective", dict, default={})
    _strict(w_raw, KEYS["weights"], "objective.weights")
    for k, v in w_raw.items():
        if isinstance(v, bool) or not isinstance(v, int) or v < 0:
            raise ScenarioError(f"objective.weights.{k}", "must be an integer >= 0")
        weights[k] = v
    objective = _wrap("objective.kind", lambda: Objective(kind, weights))

    plan = []
    for i, s in enumerate(_get(data, "current_plan", "", list, default=[])):
        p = f"current_plan[{i}]"
        if not isinstance(s, dict):
            raise ScenarioError(p, "must be an object")
        _strict(s, KEYS["current_plan"], p)
        if s.get("kind", "campaign") != "campaign":
            continue
        cid = _get(s, "campaign", p, str, True)
        sid = _get(s, "suite", p, str, True)
        if cid not in cseen:
            raise ScenarioError(f"{p}.campaign", f"unknown campaign {cid!r}")
        if sid not in seen:
            raise ScenarioError(f"{p}.suite", f"unknown suite {sid!r}")
        st = _time(s, "start", p, ctx, True)
        assert st is not None
        plan.append(PlannedCampaign(cid, sid, st))

    roster_data = {k: data[k] for k in ROSTER_KEYS if k in data}
    frozen = _time(data, "frozen_until", "", ctx)
    problem = _wrap("", lambda: Problem(
        name=_get(data, "name", "", str, default="scenario"), horizon_start=start,
        horizon_end_min=end, suites=tuple(suites), campaigns=tuple(camps), timezone=tzname,
        frozen_until_min=frozen, objective=objective, dependencies=tuple(deps),
        changeover_rules=tuple(rules), changeover_matrix=matrix, cleaning_rules=cleaning,
        clean_hold_min=hold, unavailable=tuple(unav), current_plan=tuple(plan),
        roster_data=roster_data))
    if roster_data:
        from solver.roster.scenario import parse_roster

        try:
            roster = parse_roster(data, problem)
        except ValueError as e:  # RosterError: the message names the roster field
            raise ScenarioError("", str(e)) from None
        object.__setattr__(problem, "roster", roster)
    return problem


def load(path: str | Path) -> Problem:
    """Read and parse a scenario JSON file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise ScenarioError("", f"cannot read scenario {path}: {e.strerror}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise ScenarioError("", f"{path} is not valid JSON (line {e.lineno}: {e.msg})") from None
    return parse(data)


def to_dict(problem: Problem) -> dict[str, Any]:
    """The scenario dict of a Problem (parse(to_dict(p)) gives an equal problem)."""
    tz, t0 = problem.tz, problem.horizon_start

    def t(m: int) -> str:
        return iso(m, t0, tz)

    def camp(c: Campaign) -> dict[str, Any]:
        d: dict[str, Any] = {"id": c.id, "client": c.client, "product": c.product,
                             "modality": c.modality}
        if c.duration_min is not None:
            d["duration_min"] = c.duration_min
        if c.duration_by_suite_min:
            d["duration_by_suite_min"] = dict(c.duration_by_suite_min)
        if c.earliest_start_min:
            d["earliest_start"] = t(c.earliest_start_min)
        if c.latest_start_min is not None:
            d["latest_start"] = t(c.latest_start_min)
        if c.due_min is not None:
            d["due"] = t(c.due_min)
            d["due_hard"] = c.due_hard
        d["weight"] = c.weight
        if c.requires:
            d["requires"] = sorted(c.requires)
        if c.required_grade is not None:
            d["required_grade"] = c.required_grade
        if c.eligible_suites is not None:
            d["eligible_suites"] = list(c.eligible_suites)
        if c.pinned:
            d.update(pinned=True, pinned_suite=c.pinned_suite, pinned_start=t(c.pinned_start_min or 0))
        if c.open_start_min:
            d["open_start_min"] = c.open_start_min
        if c.open_end_min:
            d["open_end_min"] = c.open_end_min
        if c.staffing:
            d["staffing"] = list(c.staffing)
        return d

    out: dict[str, Any] = {
        "format": FORMAT, "version": VERSION, "name": problem.name, "timezone": problem.timezone,
        "horizon_start": t0.isoformat(), "horizon_end": t(problem.horizon_end_min),
    }
    if problem.frozen_until_min is not None:
        out["frozen_until"] = t(problem.frozen_until_min)
    out["objective"] = {"kind": problem.objective.kind, "weights": dict(problem.objective.weights)}
    if problem.clean_hold_min is not None:
        out["clean_hold_min"] = problem.clean_hold_min
    out["suites"] = [{"id": s.id, "name": s.name, "grade": s.grade,
                      "capabilities": sorted(s.capabilities), "max_occupancy": s.max_occupancy}
                     for s in problem.suites]
    out["campaigns"] = [camp(c) for c in problem.campaigns]
    out["dependencies"] = [{"before": d.before, "after": d.after, "min_lag_min": d.min_lag_min}
                           | ({"max_lag_min": d.max_lag_min} if d.max_lag_min is not None else {})
                           for d in problem.dependencies]
    rules = []
    for r in problem.changeover_rules:
        rd: dict[str, Any] = {"from": r.from_, "to": r.to, "duration_min": r.duration_min}
        if r.id:
            rd["id"] = r.id
        if r.same_product is not None:
            rd["same_product"] = r.same_product
        if r.suite is not None:
            rd["suite"] = r.suite
        rd["steps"] = list(r.steps)
        rd["staff"] = list(r.staff)
        rules.append(rd)
    out["changeover_rules"] = rules
    if problem.changeover_matrix:
        out["changeover_matrix"] = {s: {a: dict(row) for a, row in m.items()}
                                    for s, m in problem.changeover_matrix.items()}
    cl = []
    for c in problem.cleaning_rules:
        cd: dict[str, Any] = {"id": c.id, "kind": c.kind, "duration_min": c.duration_min, "at": c.at}
        if c.kind == "periodic":
            cd.update(every_days=c.every_days, tolerance_days=c.tolerance_days)
        if c.suites is not None:
            cd["suites"] = list(c.suites)
        if c.weekdays is not None:
            cd["weekdays"] = [WEEKDAYS[k] for k in c.weekdays]
        cl.append(cd)
    out["cleaning_rules"] = cl
    out["unavailable"] = [{"suite": u.suite, "start": t(u.start_min), "end": t(u.end_min),
                           "kind": u.kind, "reason": u.reason}
                          | ({"counts_as_changeover": True} if u.counts_as_changeover else {})
                          for u in problem.unavailable]
    if problem.current_plan:
        out["current_plan"] = [{"kind": "campaign", "campaign": p.campaign, "suite": p.suite,
                                "start": t(p.start_min)} for p in problem.current_plan]
    out.update({k: v for k, v in problem.roster_data.items()})
    return out
