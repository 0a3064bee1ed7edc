"""Tiny hand-made scenarios and the check-every-result helper for the solver tests."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from solver import check, solve
from solver.problem import Problem
from solver.result import Result
from solver.scenario import parse

TZ = ZoneInfo("Europe/Amsterdam")
T0 = datetime(2026, 3, 2, 0, 0, tzinfo=TZ)  # a Monday
H = 60
D = 24 * H
SHARED = Path(__file__).resolve().parents[3] / "shared" / "benchmarks"


def at(minutes: int) -> str:
    """ISO time `minutes` real minutes after T0 (in UTC: aware arithmetic in one zone is wall clock)."""
    return (T0.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(TZ).isoformat()


def campaign(cid: str, dur: int, **kw: Any) -> dict[str, Any]:
    c: dict[str, Any] = {"id": cid, "client": kw.pop("client", "acme"), "product": kw.pop("product", f"prod-{cid}"),
                         "modality": kw.pop("modality", "autologous-cell-therapy"), "duration_min": dur}
    c.update(kw)
    return c


def scenario(campaigns: list[dict[str, Any]], suites: list[dict[str, Any]] | None = None,
             days: int = 14, **kw: Any) -> dict[str, Any]:
    """A scenario dict with no cleaning rules unless given."""
    d: dict[str, Any] = {
        "format": "necst-scenario", "version": 1, "name": "test", "timezone": "Europe/Amsterdam",
        "horizon_start": at(0), "horizon_end": at(days * D),
        "suites": suites if suites is not None else [
            {"id": "S1", "name": "Suite 1", "capabilities": ["isolator", "closed-system"]}],
        "campaigns": campaigns, "cleaning_rules": [],
    }
    d.update(copy.deepcopy(kw))
    return d


def assert_valid(problem: Problem, result: Result) -> None:
    """Every solver result in the tests goes through the independent checker."""
    violations = check(problem, result)
    assert not violations, "\n".join(f"[{v.rule}] {v.message}" for v in violations)


def run(data: dict[str, Any], time_limit_s: float = 5, **kw: Any) -> tuple[Problem, Result]:
    """Parse, solve with 2 workers, and check (unless infeasible)."""
    p = parse(data)
    r = solve(p, time_limit_s=time_limit_s, workers=2, **kw)
    if r.status in ("optimal", "feasible"):
        assert_valid(p, r)
    return p, r


def start_of(result: Result, cid: str) -> tuple[str, int]:
    sl = result.campaign_slots()[cid]
    return sl.suite, sl.start_min
