"""Generated facilities where staff is tight, for bench_joint.py.

Built on `solver.roster.generate.facility` (called with parameters only; that module is owned by
the roster work): its suite plan becomes the current plan of a suite scenario. Each campaign
gets its slot's length as duration, the slot start as earliest start and the slot end as a soft
due date, so the current plan is on time; the horizon gets `extra_weeks` more so a campaign can
move later. Few operators for the suites make staff the bottleneck.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from solver.roster.generate import facility


def tight_facility(n_suites: int, n_operators: int, weeks: int, seed: int = 0,
                   extra_weeks: int = 2) -> dict[str, Any]:
    """A necst-scenario dict with suites, campaigns, a current plan and the staff part."""
    sc, slots = facility(n_suites, n_operators, weeks, seed=seed)
    t0 = datetime.fromisoformat(sc["horizon_start"])
    end = datetime.fromisoformat(sc["horizon_end"]) + timedelta(weeks=extra_weeks)
    sc["horizon_end"] = end.isoformat()
    by_id = {c["id"]: c for c in sc["campaigns"]}
    current = []
    for s in slots:
        if s["kind"] != "campaign":
            continue
        c = by_id[s["campaign"]]
        a, b = datetime.fromisoformat(s["start"]), datetime.fromisoformat(s["end"])
        c.update(product=f"P-{c['client']}", modality="autologous-cell-therapy",
                 duration_min=round((b - a).total_seconds() / 60), earliest_start=s["start"],
                 due=s["end"], weight=1)
        current.append({"kind": "campaign", "campaign": c["id"], "suite": s["suite"],
                        "start": s["start"], "end": s["end"]})
    sc["current_plan"] = current
    sc["cleaning_rules"] = []
    sc["name"] += " (tight staff)"
    assert t0 < end
    return sc
