"""The model under construction: the CpModel and the variables that the constraint families
(one module each), the solution reader and the hints share."""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model
from ortools.sat.python.cp_model import IntervalVar, IntVar, LinearExprT

from ...problem import Campaign, Placement, Problem

__all__ = ["Built", "Placement"]


@dataclass
class Built:
    """The model and the variables other modules and the solution reader need."""

    problem: Problem
    model: cp_model.CpModel
    objective_kind: str
    horizon: int
    campaigns: list[Campaign] = field(default_factory=list)
    start: dict[str, IntVar] = field(default_factory=dict)
    end: dict[str, IntVar] = field(default_factory=dict)
    dur: dict[tuple[str, str], int] = field(default_factory=dict)
    present: dict[tuple[str, str], IntVar] = field(default_factory=dict)  # (campaign, suite)
    interval: dict[tuple[str, str], IntervalVar] = field(default_factory=dict)
    planned: dict[str, IntVar] = field(default_factory=dict)
    candidates: dict[str, list[str]] = field(default_factory=dict)  # suite -> campaign ids
    #: suite -> (from campaign or None = first, to campaign or None = last, arc literal, changeover)
    arcs: dict[str, list[tuple[str | None, str | None, IntVar, int]]] = field(default_factory=dict)
    late: dict[str, IntVar] = field(default_factory=dict)
    same: dict[str, IntVar] = field(default_factory=dict)
    makespan: IntVar | None = None
    terms: dict[str, LinearExprT] = field(default_factory=dict)  # name -> unweighted linear expr
    weights: dict[str, int] = field(default_factory=dict)
    assumptions: dict[int, str] = field(default_factory=dict)  # literal index -> campaign id
    unplannable: dict[str, str] = field(default_factory=dict)  # campaign -> reason
    setup: dict[str, dict[tuple[str, str], int]] = field(default_factory=dict)
    co_out: dict[tuple[str, str], tuple[IntVar, IntVar]] = field(default_factory=dict)  # (co, ext end)
    window: dict[str, tuple[int, int]] = field(default_factory=dict)  # start lb, start ub
    staffed: dict[str, IntVar] = field(default_factory=dict)  # campaign -> within the staff estimate
    #: (campaign, suite) -> (bridged, [(window literal, window start, window end)])
    bridge: dict[tuple[str, str], tuple[IntVar, list[tuple[IntVar, int, int]]]] = field(default_factory=dict)
