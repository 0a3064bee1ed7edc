"""NECST Suite Planner optimizer: campaigns into suites, headless (stdlib + ortools only).

Public API (stable names the desktop app calls):

- ``solver.scenario.parse(data: dict) -> Problem``, ``solver.scenario.load(path) -> Problem``,
  ``solver.scenario.to_dict(problem) -> dict``: the versioned JSON scenario format
  (docs/scenario-format.md, solver/schema/scenario.schema.json); errors are
  ``solver.errors.ScenarioError`` naming the field path.
- ``solver.solve(problem, *, time_limit_s=10, workers=8, seed=0, deterministic=False,
  progress=None, stop=None, objective=None) -> Result``: progress(objective, bound, elapsed_s) on
  each improving plan; ``stop`` (threading.Event or callable) cancels and keeps the best plan;
  ``deterministic=True`` uses a deterministic time limit so scenario + seed + workers give the
  same plan; ``objective`` overrides the scenario objective ('weighted' or 'makespan').
- ``solver.check(problem, plan) -> list[Violation]``: the independent checker; ``plan`` is a
  Result or a list of Slot (or RESULT.json slot dicts). Violation has ``rule``, ``message``,
  ``campaigns``, ``suites``.
- ``solver.result.Result`` (``to_dict()`` = RESULT.json, ``Result.from_dict``), ``Slot``,
  ``Unplanned``.
- ``solver.explain(problem, result, campaign_id) -> list[str]``: why a campaign sits where it does.
- Also used by the app: ``solver.suites.cleaning.place_cleaning(problem, slots) -> (cleaning
  slots, misses)``; ``solver.generate.facility(scale, seed)`` (demo/benchmark facilities);
  ``solver.benchmarks.vr`` (Vallada-Ruiz import and generator).

Layout: the core (``problem``, ``result``, ``scenario``, ``check``, ``violation``, ``stop``,
``timeutil``, ``errors``); two packages on it, ``solver.suites`` (campaigns into suites) and
``solver.roster`` (staff on shifts); ``solving`` (``solve``) and ``joint`` put them together.

How solve() works: the list scheduler (solver.suites.heuristic: a greedy that keeps every hard
rule, cleans included) gives the first plan; then CP-SAT on the whole model (solver.suites.model,
one module per rule family; solver.suites.model.cleanroom excludes placements that can never
leave room for a clean) with that plan as a complete hint until it stalls, or, for models too
big for the time, large-neighbourhood search: for makespan problems without time windows an
iterated greedy with CP-SAT sub-models (solver.suites.lns), for weighted problems CP-SAT
sub-models over a time window in a few suites (solver.suites.lns_window). The search is
solver.suites.search (CP-SAT runs: solver.suites.cpsat). Every result is checked by solver.check
before it is returned and repaired by the list scheduler where it breaks a rule
(solver.suites.search.finalize); the bound is never below the floor of solver.suites.bounds.
With a roster part, solver.joint plans suites and staff in the limit.

Importing this package does not import ortools; only solving does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .check import Violation, check
from .errors import ScenarioError, SolverError
from .problem import Problem
from .result import Result, Slot, Unplanned

if TYPE_CHECKING:
    from .solving import explain, solve

__all__ = ["Problem", "Result", "ScenarioError", "Slot", "SolverError", "Unplanned", "Violation",
           "check", "explain", "solve"]


def __getattr__(name: str) -> Any:
    if name in ("solve", "explain"):
        from . import solving as _solve_mod

        return getattr(_solve_mod, name)
    raise AttributeError(name)
