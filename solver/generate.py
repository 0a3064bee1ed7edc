"""A realistic facility generator for benchmarks and demos (deterministic per seed).

`facility(scale=1)` is the demo size: 25 campaigns, 7 suites, 8 weeks starting Monday
2 March 2026 (so the horizon crosses the switch to summer time), cell and viral-vector
campaigns with capabilities, vector -> CAR-T dependencies with a QC-release lag, due dates,
requalification windows, a pinned campaign, clean hold and the default cleaning rules.
`scale` multiplies suites and campaigns (the horizon stays 8 weeks).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Europe/Amsterdam")
START = datetime(2026, 3, 2, 0, 0, tzinfo=TZ)
DAY = 1440

MODALITIES = [("autologous-cell-therapy", 0.3), ("allogeneic-cell-therapy", 0.15), ("ipsc-derived", 0.15),
              ("lentiviral-vector", 0.25), ("aav-vector", 0.15)]


def _iso(minutes: int) -> str:
    return (START + timedelta(minutes=minutes)).astimezone(TZ).isoformat()


def facility(scale: int = 1, seed: int = 0, weeks: int = 8) -> dict[str, Any]:
    """A scenario dict of a cell and gene therapy facility of `scale` times the demo size."""
    rng = random.Random(seed * 1000 + scale)
    suites = []
    kinds = [("isolator",), ("isolator", "closed-system"), ("closed-system",), ("closed-system",),
             ("viral-vector", "closed-system"), ("viral-vector", "large-scale-bioreactor"), ("isolator",)]
    for k in range(7 * scale):
        caps = kinds[k % 7]
        suites.append({"id": f"S{k + 1}", "name": f"Suite {k + 1}", "grade": "B",
                       "capabilities": list(caps), "max_occupancy": 4})
    n = 25 * scale
    horizon = weeks * 7 * DAY
    campaigns = []
    clients = [f"client-{chr(65 + i % 26)}{i // 26 or ''}" for i in range(max(3, 6 * scale))]
    products: dict[str, list[str]] = {}
    est_of: dict[str, int] = {}
    for k in range(n):
        r, acc = rng.random(), 0.0
        mod = MODALITIES[-1][0]
        for m, w in MODALITIES:
            acc += w
            if r < acc:
                mod = m
                break
        client = rng.choice(clients)
        plist = products.setdefault(client, [])
        if plist and rng.random() < 0.5:
            product = rng.choice(plist)
        else:
            product = f"{client}-P{len(plist) + 1}"
            plist.append(product)
        viral = mod.endswith("vector")
        days = rng.randint(4, 9) if viral else rng.randint(2, 12)
        dur = days * DAY + rng.choice((0, 240, 480))
        req = ["viral-vector"] if viral else (["isolator"] if mod == "ipsc-derived" else [])
        if mod == "aav-vector" and rng.random() < 0.5:
            req = ["viral-vector", "large-scale-bioreactor"]
        est = rng.randint(0, int(horizon * 0.6) // DAY) * DAY + 7 * 60
        due = est + dur + rng.randint(3, 14) * DAY
        c: dict[str, Any] = {
            "id": f"K{k + 1}", "client": client, "product": product, "modality": mod,
            "duration_min": dur, "earliest_start": _iso(est), "due": _iso(min(due, horizon)),
            "due_hard": False, "weight": rng.choice((1, 1, 2, 3)), "requires": req,
            "staffing": [{"qualification": "gowning-B", "count": 2, "shifts": ["early"],
                          "from_day": 0, "to_day": days}],
        }
        if rng.random() < 0.3:  # some suites are slower for this process
            c["duration_by_suite_min"] = {s["id"]: dur + rng.choice((0, DAY // 2, DAY))
                                          for s in suites if rng.random() < 0.3}
            if not c["duration_by_suite_min"]:
                del c["duration_by_suite_min"]
        campaigns.append(c)
        est_of[c["id"]] = est
    deps = []
    vectors = [c for c in campaigns if c["modality"] == "lentiviral-vector"]
    cart = [c for c in campaigns if c["modality"] == "autologous-cell-therapy"]
    for v, c in zip(vectors[: 3 * scale], cart[: 3 * scale], strict=False):
        deps.append({"before": v["id"], "after": c["id"], "min_lag_min": 3 * DAY})
        # the vector is ordered in time for the CAR-T run: move it (and its due date) earlier
        est_c = est_of[c["id"]]
        est_v = max(7 * 60, min(est_of[v["id"]], est_c - v["duration_min"] - 3 * DAY - 7 * DAY))
        v["earliest_start"] = _iso(est_v)
        v["due"] = _iso(min(horizon, max(est_v + v["duration_min"] + 3 * DAY, est_c - 3 * DAY)))
    unavailable = []
    for k, s in enumerate(suites):
        if k % 2 == 0:
            a = rng.randint(7, weeks * 7 - 10) * DAY + 7 * 60
            unavailable.append({"suite": s["id"], "start": _iso(a), "end": _iso(a + 3 * DAY),
                                "kind": "requalification", "reason": "grade B requalification"})
    # pin the first campaign that needs no special capability in a suite free of windows
    in_deps = {d["before"] for d in deps} | {d["after"] for d in deps}
    for c in campaigns:
        if not c["requires"] and "duration_by_suite_min" not in c and c["id"] not in in_deps:
            free = [s for s in suites if not any(u["suite"] == s["id"] for u in unavailable)]
            if free:
                c.update(pinned=True, pinned_suite=free[0]["id"], pinned_start=c["earliest_start"])
            break
    return {
        "format": "necst-scenario", "version": 1, "name": f"facility x{scale} (seed {seed})",
        "timezone": "Europe/Amsterdam", "horizon_start": _iso(0), "horizon_end": _iso(horizon),
        "objective": {"kind": "weighted", "weights": {"unplanned": 10_000_000, "lateness": 2,
                                                      "changeover": 1, "moves": 600}},
        "clean_hold_min": 4320,
        "suites": suites, "campaigns": campaigns, "dependencies": deps,
        "changeover_rules": [
            {"id": "viral-decon", "from": "viral-vector", "to": "cell-therapy", "duration_min": 4320,
             "steps": ["line clearance", "clean and disinfect", "VHP conditioning", "VHP gassing",
                       "VHP dwell", "VHP aeration", "environmental monitoring", "QA release"],
             "staff": [{"qualification": "cleaning", "count": 2}, {"qualification": "qa-release", "count": 1}]},
        ],
        "cleaning_rules": [
            {"id": "daily", "kind": "daily", "duration_min": 60, "at": "14:00"},
            {"id": "weekly-sporicidal", "kind": "periodic", "duration_min": 180, "at": "12:00",
             "every_days": 7, "tolerance_days": 1},
            {"id": "monthly-deep", "kind": "periodic", "duration_min": 480, "at": "07:00",
             "every_days": 30, "tolerance_days": 2},
            {"id": "clean-hold", "kind": "clean-hold", "duration_min": 120},
        ],
        "unavailable": unavailable,
    }
