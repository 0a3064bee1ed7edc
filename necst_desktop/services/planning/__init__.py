"""Where the facility meets the solver (the app imports ``solver`` only here and in the demo).

- ``bridge``: a snapshot as the solver's scenario, the current plan as a solver result
- ``optimize``: check the whole plan, solve (in-process or as a child), a result -> one command
- ``edit_check``: fast rules for a drag, the edit as one command, the solver's checker on drop
- ``explain``: "why here?" and the earliest places a campaign fits
- ``badges``: what is wrong with a booking the hard rules allow (late, staff short, expiring)
- ``roster``: the roster solve, checks of hand edits in the roster view, a simple lawful fill
"""

from .bridge import (
    CLEANING_KIND_TO_SOLVER,
    CurrentPlan,
    Horizon,
    build_scenario,
    current_plan,
    default_horizon,
    local_midnight,
    plan_slots,
)
from .optimize import PlanCheck, PlanDiff, check_plan, diff_result, run_optimizer

__all__ = [
    "CLEANING_KIND_TO_SOLVER",
    "CurrentPlan",
    "Horizon",
    "PlanCheck",
    "PlanDiff",
    "build_scenario",
    "check_plan",
    "current_plan",
    "default_horizon",
    "diff_result",
    "local_midnight",
    "plan_slots",
    "run_optimizer",
]
