"""Import a Curtois-Qu shift scheduling instance (schedulingbenchmarks.org) as a scenario dict.

Each staff member becomes an operator whose id is the file's staff ID; day d is the local date d
days after the scenario start (a Monday, as in the files). The file gives shift lengths only; the
importer places every shift inside its day, between 05:00 and midnight, so no shift spans the
02:00-03:00 DST hour and every shift keeps its length in real minutes. The file's hard rules
become hard per-operator rules, the law defaults are switched off (they are not part of the
benchmark), requests are soft with their weights, each cover line a demand with its under and over
weights, and the fairness and change weights are 0: the objective is the benchmark's.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from solver.roster.problem import RosterError

SECTIONS = (
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
)
START = date(2026, 1, 5)  # a Monday
TZ = "Europe/Amsterdam"


def _hhmm(minutes: int) -> str:
    minutes %= 1440
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_text(text: str) -> dict[str, Any]:
    """The sections of a Curtois file as plain lists."""
    sec = None
    out: dict[str, list[list[str]]] = {s: [] for s in SECTIONS}
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line in SECTIONS:
            sec = line
            continue
        if sec is None:
            raise RosterError(f"line {n}: data before the first section")
        out[sec].append([p.strip() for p in line.split(",")])
    if not out["SECTION_HORIZON"]:
        raise RosterError("SECTION_HORIZON: missing")
    return out


def import_text(text: str, start: date = START) -> dict[str, Any]:
    sec = parse_text(text)
    H = int(sec["SECTION_HORIZON"][0][0])
    tz = ZoneInfo(TZ)
    day = [start + timedelta(days=k) for k in range(H + 1)]

    shifts_raw = [
        (r[0], int(r[1]), [t for t in (r[2] if len(r) > 2 else "").split("|") if t])
        for r in sec["SECTION_SHIFTS"]
    ]
    maxlen = max(length for _, length, _ in shifts_raw)
    if maxlen > 19 * 60:
        raise RosterError("SECTION_SHIFTS: a shift longer than 19 h cannot be placed inside a day")
    lo, hi = 300, 1440 - maxlen  # starts between 05:00 and the latest start that ends by 24:00
    lo = min(lo, hi)
    n = len(shifts_raw)
    shifts = []
    for i, (sid, length, _) in enumerate(shifts_raw):
        st = lo + ((hi - lo) * i // max(1, n - 1) // 15) * 15 if n > 1 else lo
        shifts.append(
            {"id": sid, "start": _hhmm(st), "end": _hhmm(st + length), "length_min": length}
        )
    succ = [[a, b] for a, _, nots in shifts_raw for b in nots]

    days_off: dict[str, list[str]] = {}
    for r in sec["SECTION_DAYS_OFF"]:
        days_off.setdefault(r[0], []).extend(str(day[int(x)]) for x in r[1:] if x != "")
    reqs: dict[str, list[dict[str, Any]]] = {}
    for name, on in (("SECTION_SHIFT_ON_REQUESTS", True), ("SECTION_SHIFT_OFF_REQUESTS", False)):
        for r in sec[name]:
            reqs.setdefault(r[0], []).append(
                {"date": str(day[int(r[1])]), "shift": r[2], "on": on, "weight": int(r[3])}
            )
    operators = []
    for r in sec["SECTION_STAFF"]:
        ms = {}
        for item in r[1].split("|"):
            if item:
                k, v = item.split("=")
                ms[k.strip()] = int(v)
        operators.append(
            {
                "id": r[0],
                "name": r[0],
                "qualifications": [],
                "days_off": days_off.get(r[0], []),
                "requests": reqs.get(r[0], []),
                "rules": {
                    "max_shifts": ms,
                    "max_minutes_total": int(r[2]),
                    "min_minutes_total": int(r[3]),
                    "max_consecutive_days": int(r[4]),
                    "min_consecutive_days": int(r[5]),
                    "min_consecutive_days_off": int(r[6]),
                    "max_weekends": int(r[7]),
                },
            }
        )
    demands = [
        {
            "id": f"cover:{r[0]}:{r[1]}",
            "date": str(day[int(r[0])]),
            "shift": r[1],
            "qualification": None,
            "count": int(r[2]),
            "under_weight": int(r[3]),
            "over_weight": int(r[4]),
        }
        for r in sec["SECTION_COVER"]
    ]
    off = {"enabled": False}
    return {
        "format": "necst-scenario",
        "version": 1,
        "timezone": TZ,
        "horizon_start": datetime.combine(start, time(0), tz).isoformat(),
        "horizon_end": datetime.combine(day[H], time(0), tz).isoformat(),
        "suites": [],
        "campaigns": [],
        "shifts": shifts,
        "operators": operators,
        "demands": demands,
        "working_time": {
            "max_shift_hours": off,
            "min_rest_hours": off,
            "short_rest_hours": off,
            "max_week_hours": off,
            "avg_4w_hours": off,
            "avg_16w_hours": off,
            "weekly_rest_hours": off,
            "max_consecutive_days": {"value": None},
            "min_consecutive_days": {"value": None},
            "min_consecutive_days_off": {"value": None},
            "max_weekends": {"value": None},
            "forbidden_successions": {"value": succ},
            "max_shifts_per_kind": {"value": {}},
            "contract_hours": {"value": True},
            "objective": {"fairness_per_hour": 0, "change": 0},
        },
    }


def tile(text: str, copies: int, periods: int, shift_copies: int = 1) -> str:
    """A Curtois file's text scaled up to the sizes of the set's larger instances: every staff
    member copied `copies` times (ids suffixed 0, 1, ...), the horizon `periods` times (days off,
    requests and cover repeat; cover, total minutes, weekends and per-type maxima scale with them).

    `shift_copies` > 1: every shift type becomes that many types of the same length (the
    larger instances have up to 32); forbidden successions and per-type maxima are copied, each
    cover line's requirement is shared out over the copies, requests go to one copy."""
    sec = parse_text(text)
    H = int(sec["SECTION_HORIZON"][0][0])
    sc = max(1, shift_copies)

    def sid(s: str, j: int) -> str:
        return s if sc == 1 else f"{s}{j}"

    out = ["SECTION_HORIZON", str(H * periods), "", "SECTION_SHIFTS"]
    for r in sec["SECTION_SHIFTS"]:
        nxt = [x for x in (r[2].split("|") if len(r) > 2 else []) if x]
        for j in range(sc):
            out.append(",".join([sid(r[0], j), r[1],
                                 "|".join(sid(t, i) for t in nxt for i in range(sc))]))
    out += ["", "SECTION_STAFF"]
    for r in sec["SECTION_STAFF"]:
        ms = "|".join(
            f"{sid(k, j)}={int(v) * periods}"
            for k, v in (x.split("=") for x in r[1].split("|") if x)
            for j in range(sc)
        )
        for c in range(copies):
            out.append(",".join([f"{r[0]}{c}", ms, str(int(r[2]) * periods),
                                 str(int(r[3]) * periods), r[4], r[5], r[6],
                                 str(int(r[7]) * periods)]))
    out += ["", "SECTION_DAYS_OFF"]
    for r in sec["SECTION_DAYS_OFF"]:
        days = [int(x) for x in r[1:] if x != ""]
        for c in range(copies):
            out.append(",".join([f"{r[0]}{c}"] + [str(d + H * p) for p in range(periods)
                                                  for d in days]))
    for name in ("SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS"):
        out += ["", name]
        for r in sec[name]:
            for c in range(copies):
                for p in range(periods):
                    j = (c + p) % sc
                    out.append(",".join([f"{r[0]}{c}", str(int(r[1]) + H * p), sid(r[2], j),
                                         r[3]]))
    out += ["", "SECTION_COVER"]
    for p in range(periods):
        for r in sec["SECTION_COVER"]:
            req = int(r[2]) * copies
            for j in range(sc):
                share = req // sc + (1 if j < req % sc else 0)
                out.append(",".join([str(int(r[0]) + H * p), sid(r[1], j), str(share), r[3],
                                     r[4]]))
    return "\n".join(out) + "\n"


def import_file(path: str) -> dict[str, Any]:
    """A scenario dict for the Curtois-Qu instance at `path`."""
    with open(path, encoding="utf-8") as fh:
        return import_text(fh.read())
