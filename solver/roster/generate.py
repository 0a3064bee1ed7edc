"""A generator of realistic facilities for the roster benchmarks: suites, campaigns with
staffing profiles, a suite plan (campaign and changeover slots), operators with qualifications,
contracts, leave, requests and hours worked before the horizon.

Deterministic for a seed. Shifts early 07-15, late 15-23, night 23-07 (Europe/Amsterdam).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Europe/Amsterdam")
SHIFTS = [
    {"id": "E", "start": "07:00", "end": "15:00", "code": "E"},
    {"id": "L", "start": "15:00", "end": "23:00", "code": "L"},
    {"id": "N", "start": "23:00", "end": "07:00", "night": True, "code": "N"},
]


def _iso(d: date, h: int = 0) -> str:
    return datetime.combine(d, time(h), TZ).isoformat()


def facility(
    n_suites: int, n_operators: int, weeks: int, seed: int = 0, start: date = date(2026, 3, 2)
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(scenario dict, suite slots). The default start puts the spring DST change inside."""
    rng = random.Random(seed)
    n_days = 7 * weeks
    end = start + timedelta(days=n_days)
    suites = [
        {"id": f"S{i + 1}", "name": f"Suite {i + 1}", "max_occupancy": 4} for i in range(n_suites)
    ]
    campaigns: list[dict[str, Any]] = []
    slots: list[dict[str, Any]] = []
    for s in suites:
        k = rng.randrange(0, 4)
        while k < n_days:
            length = rng.randint(5, 12)
            cid = f"K{len(campaigns) + 1}"
            nights = rng.random() < 0.15
            staffing = [
                {
                    "qualification": "aseptic",
                    "count": 2,
                    "shifts": ["E"],
                    "from_day": 0,
                    "to_day": 0,
                },
                {
                    "qualification": "aseptic",
                    "count": 1,
                    "shifts": ["E", "L"],
                    "from_day": 1,
                    "weekend_count": 1,
                },
            ]
            if nights:
                staffing.append(
                    {"qualification": "aseptic", "count": 1, "shifts": ["N"], "from_day": 1}
                )
            campaigns.append({"id": cid, "client": f"C{rng.randint(1, 6)}", "staffing": staffing})
            a = start + timedelta(days=k)
            b = a + timedelta(days=min(length, n_days - k))
            slots.append(
                {
                    "kind": "campaign",
                    "suite": s["id"],
                    "campaign": cid,
                    "start": _iso(a, 7),
                    "end": _iso(b, 7),
                }
            )
            k += length
            co = rng.randint(1, 2)
            if k < n_days:
                c0 = start + timedelta(days=k)
                c1 = c0 + timedelta(days=co)
                slots.append(
                    {
                        "kind": "changeover",
                        "suite": s["id"],
                        "start": _iso(c0, 7),
                        "end": _iso(c1, 7),
                    }
                )
            k += co + rng.randrange(0, 3)

    operators = []
    for i in range(n_operators):
        quals: list[dict[str, Any]] = [
            {"kind": "gowning-B", "expires": str(end + timedelta(days=200))}
        ]
        r = rng.random()
        if r < 0.75:
            exp = end + timedelta(days=100)
            if rng.random() < 0.08:  # requalification due inside the horizon
                exp = start + timedelta(days=rng.randrange(7, n_days))
            quals.append({"kind": "aseptic", "expires": str(exp)})
        if r > 0.45 or i % 5 == 0:
            quals.append({"kind": "cleaning"})
        if i % 8 == 0:
            quals.append({"kind": "qa-release"})
        kind = rng.random()
        if kind < 0.65:
            contract = {"min_hours_week": 32, "max_hours_week": 40, "target_hours_week": 36}
            part_time = None
        elif kind < 0.9:
            contract = {"min_hours_week": 20, "max_hours_week": 32, "target_hours_week": 24}
            part_time = {
                "weekdays": rng.sample(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], 5)
            }
        else:
            contract = {"min_hours_week": 24, "max_hours_week": 36, "target_hours_week": 32}
            part_time = None
        leave = []
        if rng.random() < 0.2:
            a = start + timedelta(days=rng.randrange(0, n_days - 5))
            leave.append({"start": str(a), "end": str(a + timedelta(days=rng.randint(2, 7)))})
        requests = []
        for _ in range(rng.randint(0, weeks)):
            d = start + timedelta(days=rng.randrange(n_days))
            if rng.random() < 0.7:
                requests.append(
                    {"date": str(d), "shift": None, "on": False, "weight": rng.randint(1, 5)}
                )
            else:
                requests.append(
                    {
                        "date": str(d),
                        "shift": rng.choice(["E", "L"]),
                        "on": True,
                        "weight": rng.randint(1, 3),
                    }
                )
        t = contract["target_hours_week"]
        op: dict[str, Any] = {
            "id": f"OP{i + 1:03d}",
            "name": f"Operator {i + 1}",
            "qualifications": quals,
            "contract": contract,
            "leave": leave,
            "requests": requests,
            "hours_worked_before": [round(max(0, rng.gauss(t, 4)), 1) for _ in range(15)],
        }
        if part_time:
            op["part_time"] = part_time
        operators.append(op)
    demands = [
        {
            "id": "qa-on-call",
            "shift": "E",
            "qualification": "qa-release",
            "count": 1,
            "under_weight": 500,
        },
        {
            "id": "cleaning-crew",
            "shift": "L",
            "qualification": "cleaning",
            "count": 1,
            "under_weight": 500,
        },
        {"slot_kind": "changeover", "qualification": "cleaning", "count": 1, "shifts": ["E", "L"]},
    ]
    scenario = {
        "format": "necst-scenario",
        "version": 1,
        "name": f"generated {n_suites} suites x {n_operators} operators x {weeks} weeks (seed {seed})",
        "timezone": "Europe/Amsterdam",
        "horizon_start": _iso(start),
        "horizon_end": _iso(end),
        "suites": suites,
        "campaigns": campaigns,
        "shifts": SHIFTS,
        "operators": operators,
        "demands": demands,
        "working_time": {
            "max_consecutive_days": {"value": 6},
            "min_consecutive_days_off": {"value": 2, "hard": False, "weight": 20},
            "max_weekends": {"value": max(1, (weeks * 2 + 2) // 3)},
            "forbidden_successions": {"value": [["N", "E"], ["N", "L"]]},
            "max_shifts_per_kind": {"value": {"N": 2 * weeks}},
            "objective": {"fairness_per_hour": 1, "change": 2},
        },
    }
    return scenario, slots
