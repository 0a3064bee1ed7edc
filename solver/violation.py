"""One broken rule, as both independent checkers report it (suites: solver.check; staff:
solver.roster.check)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Violation:
    """One broken rule: stable `rule` code, `message` in plain words, what it concerns.

    The suite checker names `campaigns` and `suites`; the roster checker names the `operator`,
    local `date` (ISO), `shift` and `demand`, and says whether the rule is `hard` (a soft rule
    is reported too, with hard=False). A suite rule is always hard."""

    rule: str
    message: str
    campaigns: tuple[str, ...] = ()
    suites: tuple[str, ...] = ()
    operator: str | None = None
    date: str | None = None
    shift: str | None = None
    demand: str | None = None
    hard: bool = True

    def __str__(self) -> str:
        return self.message
