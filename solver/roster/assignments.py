"""Assignments of a chosen roster with the demand each one covers; the demand left over is
uncovered (the RESULT.json shape)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from solver.roster.problem import Demand, RosterProblem
from solver.roster.timegrid import ShiftGrid


def build_assignments(
    p: RosterProblem,
    grid: ShiftGrid,
    groups: list[Any],
    chosen: set[tuple[int, int, str]],
    cover_of: dict[tuple[int, int, str], int],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Assignments with the demand each one covers; the demand left over is uncovered."""
    # who covers each group: explicit y for qualified groups, everybody on the shift otherwise
    members: dict[int, list[int]] = defaultdict(list)
    for key, gi in cover_of.items():
        members[gi].append(key[0])
    on_shift: dict[tuple[int, str], list[int]] = defaultdict(list)
    for oi, k, s in sorted(chosen):
        on_shift[(k, s)].append(oi)
    covers: dict[tuple[int, int, str], Demand] = {}
    uncovered: list[dict[str, Any]] = []
    for gi, g in enumerate(groups):
        k, s, q = g.key[0], g.key[1], g.key[2]
        people = sorted(members[gi]) if q is not None else list(on_shift[(k, s)])
        people = [oi for oi in people if (oi, k, s) not in covers or q is not None]
        for d in g.demands:
            take, people = people[: d.count], people[d.count :]
            for oi in take:
                covers.setdefault((oi, k, s), d)
            if len(take) < d.count:
                uncovered.append(
                    {
                        "date": str(grid.dates[k]),
                        "shift": s,
                        "qualification": q,
                        "missing": d.count - len(take),
                        "demand": d.id,
                        "slot": d.slot,
                        "campaign": d.campaign,
                        "suite": d.suite,
                    }
                )
    out = []
    for oi, k, s in sorted(chosen, key=lambda t: (t[1], p.operators[t[0]].id, t[2])):
        inst = grid.inst[(k, s)]
        d = covers.get((oi, k, s))
        out.append(
            {
                "operator": p.operators[oi].id,
                "start": inst.start.isoformat(),
                "end": inst.end.isoformat(),
                "shift": s,
                "date": str(grid.dates[k]),
                "covers": d.id if d else None,
                "slot": d.slot if d else None,
                "suite": d.suite if d else None,
                "qualification": d.qualification if d else None,
            }
        )
    return out, uncovered
