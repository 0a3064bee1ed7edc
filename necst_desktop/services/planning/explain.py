"""'Why?' and 'Earliest slot' for the window (Qt-free).

- :func:`why`: why a campaign sits where it does on the current plan (or why it is unplanned), in
  words from the solver's named rules (``solver.explain`` on the current plan as a result).
- :func:`earliest_slots`: for a campaign request, the earliest start in each eligible suite that
  breaks no hard rule, including the changeovers before and after it (the same fast rules the
  timeline uses while dragging).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ...domain.model import SlotKind
from ..queries import Snapshot
from .edit_check import EditPlanner, Placement


def why(snap: Snapshot, campaign_id: int) -> list[str]:
    import solver

    from .bridge import current_plan

    camp = snap.campaign(campaign_id)
    plan = current_plan(snap)
    if camp.code not in plan.in_scenario:
        return [f"{camp.code} is {camp.status.value} and outside the plan being explained."]
    lines = list(solver.explain(plan.problem, plan.result(), camp.code))
    return lines or [f"No rule holds {camp.code} where it is; it may move."]


@dataclass(frozen=True)
class EarliestSlot:
    suite_id: int
    suite: str
    start: datetime | None
    end: datetime | None
    note: str = ""


def earliest_slots(snap: Snapshot, campaign_id: int, *, not_before: datetime | None = None,
                   step_hours: float = 1.0, search_days: int = 180,
                   planner: EditPlanner | None = None) -> list[EarliestSlot]:
    """The earliest feasible start per eligible suite (None where nothing fits in the window)."""
    planner = planner or EditPlanner(snap)
    camp = snap.campaign(campaign_id)
    start0 = max(camp.earliest_start, not_before or camp.earliest_start).astimezone(UTC)
    start0 = start0.replace(minute=0, second=0, microsecond=0)
    existing = planner.campaign_slot.get(campaign_id)
    out = []
    for suite_id in sorted(planner.eligible_suites(campaign_id)):
        suite = snap.suite(suite_id)
        hours = camp.duration_in(suite.code)
        t = start0
        limit = start0 + timedelta(days=search_days)
        found = None
        last_reason = ""
        while t < limit:
            pl = Placement(suite_id, t, t + timedelta(hours=hours),
                           existing.id if existing else None, campaign_id)
            ev = planner.evaluate([pl], build=False)
            if ev.ok:
                found = pl
                break
            last_reason = ev.reason or ""
            # jump over a booking in the way instead of creeping an hour at a time
            jump = timedelta(hours=step_hours)
            for other in planner.by_suite.get(suite_id, []):
                if other.kind in (SlotKind.CAMPAIGN, SlotKind.MAINTENANCE) and \
                        other.start < pl.end and pl.start < other.end and other.end > t:
                    jump = max(jump, other.end - t)
            t += jump
        if found is not None:
            out.append(EarliestSlot(suite_id, suite.name, found.start, found.end))
        else:
            out.append(EarliestSlot(suite_id, suite.name, None, None,
                                    f"nothing within {search_days} days ({last_reason})"))
    out.sort(key=lambda e: (e.start is None, e.start or datetime.max.replace(tzinfo=UTC)))
    return out
