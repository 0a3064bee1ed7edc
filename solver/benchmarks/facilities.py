"""Realistic facilities for the facility benchmark (bench/bench_facility.py), deterministic per seed.

Shaped on purpose unlike the demo generator (`solver.generate`): suites of grade A, B and C
with random capability sets, campaigns in hours (not whole days) starting on shift boundaries,
fresh-apheresis autologous campaigns with a latest start 24-48 h after collection, open
processing at set-up and harvest, lentiviral vector -> CAR-T dependencies with a QC-release lag
and a shelf-life maximum lag, iPSC campaigns that need a grade A suite, maintenance and
requalification windows (some longer than the clean hold, some counting as the changeover), a
few pinned campaigns, a stale current plan with a frozen first days, the default cleaning rules
plus a 72 h clean hold, and the autumn DST change (25 Oct 2026) inside every horizon.

    SIZES = {"small": (7, 30, 8), "medium": (12, 100, 13), "large": (24, 400, 26)}
    scenario("medium", seed=3) -> a scenario dict (solver.scenario.parse reads it)
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Europe/Amsterdam")
H = 60
DAY = 24 * H
#: name -> (suites, campaigns, weeks)
SIZES: dict[str, tuple[int, int, int]] = {"small": (7, 30, 8), "medium": (12, 100, 13), "large": (24, 400, 26)}
#: Mondays: every horizon holds the autumn DST change of Sunday 25 Oct 2026
STARTS = {"small": datetime(2026, 9, 28, tzinfo=TZ), "medium": datetime(2026, 9, 14, tzinfo=TZ),
          "large": datetime(2026, 8, 3, tzinfo=TZ)}
#: share of suite time the campaigns' processing takes (before changeovers)
LOAD = 0.45

# modality: (weight, duration range in hours, requires, required grade, open start h, open end h)
KINDS: dict[str, tuple[float, tuple[int, int], list[str], str | None, tuple[int, int], tuple[int, int]]] = {
    "car-t": (0.30, (160, 290), ["closed-system"], None, (3, 6), (4, 8)),
    "allogeneic-cell-therapy": (0.14, (230, 480), [], "B", (2, 4), (4, 8)),
    "ipsc-derived": (0.06, (330, 620), ["isolator"], "A", (0, 2), (2, 4)),
    "msc-therapy": (0.10, (160, 330), [], "C", (0, 3), (2, 5)),
    "lentiviral-vector": (0.22, (110, 220), ["viral-vector"], "B", (2, 4), (5, 10)),
    "aav-vector": (0.14, (140, 290), ["viral-vector"], "B", (2, 4), (4, 8)),
}


def _iso(t0: datetime, minutes: int) -> str:
    """Local ISO time `minutes` real minutes after t0 (a DST day has 23 or 25 hours)."""
    return (t0.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(TZ).isoformat()


def _min(t0: datetime, when: datetime) -> int:
    """Real minutes from t0 to when."""
    return round((when.astimezone(UTC) - t0.astimezone(UTC)).total_seconds() / 60)


def _shift_start(t0: datetime, minutes: int, rng: random.Random) -> int:
    """The 07:00, 15:00 or 23:00 local start on the local day of `minutes`."""
    local = (t0.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(TZ)
    hh = rng.choice((7, 7, 15, 23))
    return _min(t0, datetime(local.year, local.month, local.day, hh, tzinfo=TZ))


def scenario(size: str, seed: int) -> dict[str, Any]:
    """A scenario dict of the given size ('small', 'medium', 'large') and seed."""
    n_suites, n_camps, weeks = SIZES[size]
    t0 = STARTS[size]
    rng = random.Random(f"facility-{size}-{seed}")
    end_dt = t0 + timedelta(weeks=weeks)  # wall clock: a Monday at midnight
    horizon = _min(t0, end_dt)

    # suites: at least two of each kind the campaigns need
    suites: list[dict[str, Any]] = []
    kinds = [("B", ["viral-vector", "closed-system"]), ("A", ["isolator", "closed-system"]),
             ("B", ["viral-vector", "closed-system", "large-scale-bioreactor"]), ("B", ["closed-system"]),
             ("B", ["viral-vector", "closed-system"]), ("C", ["closed-system"]), ("B", ["closed-system"])]
    # a facility is built for its work: about as many vector suites (BSL-2) as vector campaigns
    # need (36 % of the campaigns), the rest random
    n_viral = max(3, round(0.36 * n_suites))
    for k in range(n_suites):
        if k < len(kinds):
            grade, caps = kinds[k]
        else:
            viral = sum("viral-vector" in x["capabilities"] for x in suites) < n_viral
            grade = "B" if viral else rng.choices("ABC", (0.3, 0.45, 0.25))[0]
            caps = []
            if grade == "A" or rng.random() < 0.15:
                caps.append("isolator")
            if viral:
                caps.append("viral-vector")
            if rng.random() < 0.85:
                caps.append("closed-system")
            if "viral-vector" in caps and rng.random() < 0.4:
                caps.append("large-scale-bioreactor")
        suites.append({"id": f"R{k + 1:02d}", "name": f"Room {k + 1}", "grade": grade,
                       "capabilities": sorted(set(caps)), "max_occupancy": rng.choice((3, 4, 4, 5))})
    rng.shuffle(suites)

    # campaigns, then scaled to the load
    names = list(KINDS)
    weights = [KINDS[m][0] for m in names]
    clients = [f"client-{k + 1:02d}" for k in range(max(4, n_camps // 8))]
    raw = []
    for _ in range(n_camps):
        mod = rng.choices(names, weights)[0]
        _w, (h0, h1), req, need_grade, (os0, os1), (oe0, oe1) = KINDS[mod]
        raw.append((mod, rng.uniform(h0, h1), list(req), need_grade, rng.randint(os0, os1), rng.randint(oe0, oe1)))
    mean_h = sum(r[1] for r in raw) / len(raw)
    scale = LOAD * n_suites * horizon / H / n_camps / mean_h
    campaigns: list[dict[str, Any]] = []
    products: dict[str, list[str]] = {}
    for k, (mod, hours, req, need_grade, os_h, oe_h) in enumerate(raw):
        dur = max(24, round(hours * scale)) * H
        client = rng.choice(clients)
        plist = products.setdefault(client, [])
        if plist and rng.random() < 0.45:
            product = rng.choice(plist)
        else:
            product = f"{client}-{mod[:4]}-{len(plist) + 1}"
            plist.append(product)
        est = _shift_start(t0, rng.randint(0, max(1, int(horizon * 0.7) - dur)), rng)
        est = max(0, est)
        if est + dur > horizon:
            est = max(0, horizon - dur - 3 * DAY)
        slack = rng.randint(2, 16) * DAY
        due = min(horizon, est + dur + slack)
        if "large-scale-bioreactor" not in req and mod == "aav-vector" and rng.random() < 0.3:
            req = [*req, "large-scale-bioreactor"]
        c: dict[str, Any] = {
            "id": f"C{k + 1:03d}", "client": client, "product": product, "modality": mod,
            "duration_min": dur, "earliest_start": _iso(t0, est), "due": _iso(t0, due),
            "due_hard": rng.random() < 0.08, "weight": rng.choice((1, 1, 1, 2, 3, 5)),
        }
        if req:
            c["requires"] = sorted(set(req))
        if need_grade is not None:
            c["required_grade"] = need_grade
        if os_h:
            c["open_start_min"] = os_h * H
        if oe_h:
            c["open_end_min"] = oe_h * H
        if mod == "car-t" and rng.random() < 0.6:  # fresh apheresis: start within 24-48 h
            c["latest_start"] = _iso(t0, est + rng.choice((24, 36, 48)) * H)
        if rng.random() < 0.15:  # slower in some rooms
            slow = [s["id"] for s in suites if rng.random() < 0.25]
            if slow:
                c["duration_by_suite_min"] = {s: dur + rng.choice((8, 12, 24)) * H for s in slow}
        campaigns.append(c)
    by_id = {c["id"]: c for c in campaigns}

    # vector -> CAR-T dependencies: QC release lag, shelf-life maximum lag
    deps = []
    vectors = [c for c in campaigns if c["modality"] == "lentiviral-vector"]
    carts = [c for c in campaigns if c["modality"] == "car-t" and "latest_start" not in c]
    rng.shuffle(vectors)
    for v, ct in zip(vectors[: max(2, n_camps // 12)], carts, strict=False):
        lag = rng.choice((3, 4, 5, 7)) * DAY
        v_est = _min(t0, datetime.fromisoformat(v["earliest_start"]))
        ready = v_est + v["duration_min"] + lag + rng.randint(1, 10) * DAY
        if ready + ct["duration_min"] > horizon - DAY:
            continue
        ct["earliest_start"] = _iso(t0, _shift_start(t0, ready, rng))
        ct["due"] = _iso(t0, min(horizon, max(ready + ct["duration_min"] + rng.randint(3, 14) * DAY,
                                             ready + ct["duration_min"] + DAY)))
        ct["due_hard"] = False
        deps.append({"before": v["id"], "after": ct["id"], "min_lag_min": lag,
                     "max_lag_min": lag + rng.choice((21, 30, 45, 60)) * DAY})

    # maintenance and requalification windows
    unavailable = []
    for s in suites:
        t = rng.randint(3, 20) * DAY
        while t < horizon - 3 * DAY:
            requal = rng.random() < 0.35
            start = _shift_start(t0, t, rng)
            length = rng.choice((48, 72, 80, 96)) * H if requal else rng.choice((8, 12, 16, 24)) * H
            if start + length < horizon:
                w: dict[str, Any] = {"suite": s["id"], "start": _iso(t0, start), "end": _iso(t0, start + length),
                                     "kind": "requalification" if requal else "maintenance",
                                     "reason": "grade requalification" if requal else "planned maintenance"}
                if requal and rng.random() < 0.5:
                    w["counts_as_changeover"] = True
                unavailable.append(w)
            t = start + length + rng.randint(25, 45) * DAY

    def window_hits(sid: str, a: int, e: int) -> bool:
        for u in unavailable:
            if u["suite"] != sid:
                continue
            u0 = _min(t0, datetime.fromisoformat(u["start"]))
            u1 = _min(t0, datetime.fromisoformat(u["end"]))
            if u0 < e and a < u1:
                return True
        return False

    def eligible(c: dict[str, Any]) -> list[dict[str, Any]]:
        order = "ABCD"
        out = []
        for s in suites:
            if not set(c.get("requires", [])) <= set(s["capabilities"]):
                continue
            g = c.get("required_grade")
            if g is not None and order.index(s["grade"]) > order.index(g):
                continue
            out.append(s)
        return out

    in_deps = {d["before"] for d in deps} | {d["after"] for d in deps}
    used: dict[str, list[tuple[int, int]]] = {}

    def settle(c: dict[str, Any]) -> int:
        """A fixed campaign starts at 07:00 and ends late enough in its last day to leave an
        hour of closed processing for the daily clean (the planner would have fixed it so)."""
        st = _min(t0, datetime.fromisoformat(c["earliest_start"]))
        local = (t0.astimezone(UTC) + timedelta(minutes=st)).astimezone(TZ)
        st = _min(t0, datetime(local.year, local.month, local.day, 7, tzinfo=TZ))
        st = max(0, st)
        need = c.get("open_end_min", 0) + 2 * H
        for key in ("duration_min",):
            end = (t0.astimezone(UTC) + timedelta(minutes=st + c[key])).astimezone(TZ)
            tod = end.hour * 60 + end.minute
            if tod < need:
                c[key] += need - tod + H
        if "duration_by_suite_min" in c:
            c["duration_by_suite_min"] = {k: max(v, c["duration_min"]) for k, v in c["duration_by_suite_min"].items()}
            for k, v in list(c["duration_by_suite_min"].items()):
                end = (t0.astimezone(UTC) + timedelta(minutes=st + v)).astimezone(TZ)
                tod = end.hour * 60 + end.minute
                if tod < need:
                    c["duration_by_suite_min"][k] = v + need - tod + H
        c["earliest_start"] = _iso(t0, min(st, _min(t0, datetime.fromisoformat(c["earliest_start"]))))
        if "latest_start" in c:
            c["latest_start"] = _iso(t0, max(st, _min(t0, datetime.fromisoformat(c["latest_start"]))))
        return st

    def free_for(sid: str, a: int, e: int) -> bool:
        return not window_hits(sid, a - 4 * DAY, e + 4 * DAY) and all(
            e + 6 * DAY <= x or y + 6 * DAY <= a for x, y in used.get(sid, []))

    # the frozen first days: campaigns of the current plan that start before frozen_until
    frozen_until = 4 * DAY
    current = []
    early = [c for c in campaigns if c["id"] not in in_deps and "latest_start" not in c
             and _min(t0, datetime.fromisoformat(c["earliest_start"])) < 3 * DAY]
    for c in early[: max(1, n_suites // 4)]:
        st = settle(c)
        for s in eligible(c):
            d = c.get("duration_by_suite_min", {}).get(s["id"], c["duration_min"])
            if free_for(s["id"], st, st + d):
                used.setdefault(s["id"], []).append((st, st + d))
                current.append({"kind": "campaign", "campaign": c["id"], "suite": s["id"], "start": _iso(t0, st)})
                c["due_hard"] = False
                break
    # a few pinned campaigns
    n_pins = max(1, n_camps // 25)
    cands = [c for c in campaigns if c["id"] not in in_deps and not any(x["campaign"] == c["id"] for x in current)]
    rng.shuffle(cands)
    for c in cands:
        if n_pins == 0:
            break
        if _min(t0, datetime.fromisoformat(c["earliest_start"])) < frozen_until + DAY:
            continue
        st = settle(c)
        for s in eligible(c):
            d = c.get("duration_by_suite_min", {}).get(s["id"], c["duration_min"])
            if st + d <= horizon and free_for(s["id"], st, st + d):
                used.setdefault(s["id"], []).append((st, st + d))
                c.update(pinned=True, pinned_suite=s["id"], pinned_start=_iso(t0, st), due_hard=False)
                n_pins -= 1
                break
    # a stale current plan for a third of the rest (after the frozen days): moving costs
    for c in campaigns:
        if c.get("pinned") or any(x["campaign"] == c["id"] for x in current) or rng.random() > 0.33:
            continue
        el = eligible(c)
        if not el:
            continue
        st = _min(t0, datetime.fromisoformat(c["earliest_start"]))
        st = max(st, frozen_until) + rng.choice((0, 0, DAY, 2 * DAY))
        current.append({"kind": "campaign", "campaign": c["id"], "suite": rng.choice(el)["id"],
                        "start": _iso(t0, st)})
    del by_id
    return {
        "format": "necst-scenario", "version": 1, "name": f"facility {size} seed {seed}",
        "description": f"{n_suites} suites, {n_camps} campaigns, {weeks} weeks (solver.benchmarks.facilities)",
        "timezone": "Europe/Amsterdam", "horizon_start": t0.isoformat(), "horizon_end": _iso(t0, horizon),
        "frozen_until": _iso(t0, frozen_until),
        "objective": {"kind": "weighted"},
        "clean_hold_min": 72 * H,
        "suites": suites, "campaigns": campaigns, "dependencies": deps,
        "unavailable": unavailable, "current_plan": current,
    }
