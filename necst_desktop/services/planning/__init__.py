"""Where the facility meets the solver: the only part of the app that imports ``solver``.

- ``bridge``: a snapshot as the solver's scenario, the current plan as solver slots
- ``edit_check``: fast rules for a drag, the edit as one command, the solver's checker on drop, badges
- ``explain``: "why here?" and the earliest places a campaign fits
- ``roster`` / ``roster_plan`` / ``roster_fill``: roster checks, the roster solve, filling rosters
"""

from .bridge import (
    CLEANING_KIND_TO_SOLVER,
    Horizon,
    PlanCheck,
    PlanDiff,
    build_scenario,
    check_plan,
    default_horizon,
    diff_result,
    local_midnight,
    plan_slots,
    run_optimizer,
)

__all__ = [
    "CLEANING_KIND_TO_SOLVER",
    "Horizon",
    "PlanCheck",
    "PlanDiff",
    "build_scenario",
    "check_plan",
    "default_horizon",
    "diff_result",
    "local_midnight",
    "plan_slots",
    "run_optimizer",
]
