"""Staffing demands generated from a suite plan (campaign, changeover and cleaning slots).

Each slot needs, for every shift instance it overlaps, the people its staffing entries name:
campaign slots use the campaign's `staffing` (day numbers count local dates from the slot's
start date, `weekend_count` replaces `count` on Saturdays and Sundays); other slots use
`slot_staffing[kind]`. Per suite and shift instance the total is capped at the suite's
`max_occupancy`; what the cap removes is reported as uncovered, never hidden.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from solver.roster.problem import Demand, RosterProblem
from solver.roster.timegrid import ShiftGrid


def slot_ref(slot: dict[str, Any]) -> str:
    if slot.get("id"):
        return str(slot["id"])
    if slot.get("kind") == "campaign" and slot.get("campaign"):
        return f"campaign:{slot['campaign']}"
    return f"{slot.get('kind')}:{slot.get('suite')}:{slot.get('start')}"


def slot_demands(
    p: RosterProblem, grid: ShiftGrid, suite_slots: list[dict[str, Any]]
) -> tuple[list[Demand], list[dict[str, Any]]]:
    """Demands of the suite plan, and the occupancy shortfalls (uncovered by construction)."""
    raw: list[Demand] = []
    weekend = set(p.weekend_days)
    for slot in suite_slots:
        kind = slot.get("kind")
        if kind == "campaign":
            staffing = p.campaign_staffing.get(str(slot.get("campaign")), ())
        else:
            staffing = p.slot_staffing.get(str(kind), ())
        if not staffing:
            continue
        a = datetime.fromisoformat(slot["start"])
        b = datetime.fromisoformat(slot["end"])
        ta, tb = grid.minutes(a), grid.minutes(b)
        first = a.astimezone(grid.tz).date()
        ref = slot_ref(slot)
        k0 = max(0, (first - p.start_date).days - 1)
        k1 = min(p.n_days - 1, (b.astimezone(grid.tz).date() - p.start_date).days)
        for k in range(k0, k1 + 1):
            rel = (grid.dates[k] - first).days
            for st in staffing:
                if st.from_day is not None and rel < st.from_day:
                    continue
                if st.to_day is not None and rel > st.to_day:
                    continue
                count = st.count
                if st.weekend_count is not None and grid.weekday(k) in weekend:
                    count = st.weekend_count
                if count <= 0:
                    continue
                for sh in p.shifts:
                    if st.shifts is not None and sh.id not in st.shifts:
                        continue
                    inst = grid.inst[(k, sh.id)]
                    if inst.t0 < tb and inst.t1 > ta:
                        raw.append(
                            Demand(
                                id=f"{ref}/{st.qualification}/{grid.dates[k]}/{sh.id}",
                                day=k,
                                shift=sh.id,
                                qualification=st.qualification,
                                count=count,
                                allow_over=False,
                                suite=slot.get("suite"),
                                slot=ref,
                                campaign=slot.get("campaign"),
                            )
                        )
    # occupancy cap per suite and shift instance
    groups: dict[tuple[str, int, str], list[Demand]] = defaultdict(list)
    out: list[Demand] = []
    for d in raw:
        if d.suite is not None and d.suite in p.suite_max_occupancy:
            groups[(d.suite, d.day, d.shift)].append(d)
        else:
            out.append(d)
    capped: list[dict[str, Any]] = []
    for (suite, k, s), ds in groups.items():
        room = p.suite_max_occupancy[suite]
        for d in ds:
            c = min(d.count, room)
            room -= c
            if c < d.count:
                capped.append(
                    {
                        "date": str(grid.dates[k]),
                        "shift": s,
                        "qualification": d.qualification,
                        "missing": d.count - c,
                        "slot": d.slot,
                        "campaign": d.campaign,
                        "demand": d.id,
                        "reason": f"suite {suite} holds at most {p.suite_max_occupancy[suite]} gowned people",
                    }
                )
            if c > 0:
                out.append(
                    Demand(
                        id=d.id,
                        day=d.day,
                        shift=d.shift,
                        qualification=d.qualification,
                        count=c,
                        under_weight=d.under_weight,
                        over_weight=d.over_weight,
                        allow_over=False,
                        suite=d.suite,
                        slot=d.slot,
                        campaign=d.campaign,
                    )
                )
    return out, capped


def all_demands(
    p: RosterProblem, grid: ShiftGrid, suite_slots: list[dict[str, Any]] | None
) -> tuple[list[Demand], list[dict[str, Any]]]:
    slot_d, capped = slot_demands(p, grid, suite_slots or [])
    return list(p.demands) + slot_d, capped
