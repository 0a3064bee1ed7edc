"""What a roster solve returns: status, objective, assignments, uncovered demand, penalties."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class RosterResult:
    status: str  # optimal / feasible / infeasible / unknown
    objective: float | None
    bound: float | None
    wall_s: float
    horizon_start: str
    assignments: list[dict[str, Any]] = field(default_factory=list)
    uncovered: list[dict[str, Any]] = field(default_factory=list)
    penalties: dict[str, int] = field(default_factory=dict)
    progress: list[tuple[float, float, float]] = field(default_factory=list)  # (t, obj, bound)
    stats: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The roster part of RESULT.json."""
        return {
            "roster_status": self.status,
            "roster_objective": self.objective,
            "roster_bound": self.bound,
            "roster_wall_s": round(self.wall_s, 3),
            "horizon_start": self.horizon_start,
            "assignments": self.assignments,
            "uncovered": self.uncovered,
            "roster_penalties": self.penalties,
            "roster_progress": [list(p) for p in self.progress],
            "roster_stats": self.stats,
        }
