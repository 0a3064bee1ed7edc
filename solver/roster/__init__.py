"""Staff rostering: qualified operators on lawful shifts, covering the suite plan's needs.

Public API (imports are cheap; OR-Tools is imported only when solving):
- :func:`parse_roster` scenario dict -> :class:`RosterProblem` or None
- :func:`solve_roster` problem + suite slots -> :class:`RosterResult`
- :func:`check_roster` independent checker -> list of :class:`Violation`
- :func:`solver.roster.curtois.import_file` Curtois-Qu instance -> scenario dict
"""

from __future__ import annotations

from solver.roster.check import check_roster
from solver.roster.problem import RosterError, RosterProblem
from solver.roster.result import RosterResult
from solver.roster.scenario import parse_roster
from solver.roster.solve import solve_roster

__all__ = [
    "RosterError",
    "RosterProblem",
    "RosterResult",
    "check_roster",
    "parse_roster",
    "solve_roster",
]
